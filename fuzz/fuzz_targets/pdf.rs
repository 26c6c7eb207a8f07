#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::panics_in_our_code_abort();
    // Our side of poppler and tesseract: the text their output is parsed from.
    let text = String::from_utf8_lossy(data);
    let _ = extract::fuzzing::pdf_words(&text);
    let _ = extract::fuzzing::ocr_words(&text);
});
