#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::panics_in_our_code_abort();
    let Some((&which, rest)) = data.split_first() else { return };
    let ext = ["xlsx", "xls", "ods", "xlsb"][which as usize % 4];
    let p = common::scratch(rest, ext);
    let _ = extract::fuzzing::read_file(&p, &format!("f.{ext}"), extract::Kind::Spreadsheet);
});
