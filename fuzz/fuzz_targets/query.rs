#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::panics_in_our_code_abort();
    if let Ok(q) = std::str::from_utf8(data) {
        let _ = index::query::parse(q);
    }
});
