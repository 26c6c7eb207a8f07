#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::panics_in_our_code_abort();
    let p = common::scratch(data, "msg");
    let _ = extract::fuzzing::read_file(&p, "f.msg", extract::Kind::Msg);
});
