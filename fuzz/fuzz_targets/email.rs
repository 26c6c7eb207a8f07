#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::panics_in_our_code_abort();
    let _ = extract::extract_bytes(data, "f.eml", extract::Kind::Email, &Default::default());
});
