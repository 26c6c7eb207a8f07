#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::panics_in_our_code_abort();
    let Some((&which, rest)) = data.split_first() else { return };
    let (kind, ext) = match which % 3 {
        0 => (extract::Kind::Docx, "docx"),
        1 => (extract::Kind::Odt, "odt"),
        _ => (extract::Kind::Pptx, "pptx"),
    };
    let p = common::scratch(rest, ext);
    let _ = extract::fuzzing::read_file(&p, &format!("f.{ext}"), kind);
});
