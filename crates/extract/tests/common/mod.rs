//! The extract suites' fixtures: the shared writers of `testkit`, and the few made here.
#![allow(dead_code, unused_imports)]

use std::path::{Path, PathBuf};

pub use testkit::{PdfPage, base64, make_pdf, need, run};

/// Writes `name` in `dir`; its path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    testkit::write(&dir.join(name), bytes)
}

/// A one-page letter PDF with lines of Helvetica text.
pub fn text_pdf(lines: &[&str]) -> Vec<u8> {
    let mut c = String::from("BT /F1 14 Tf 72 720 Td 18 TL\n");
    for l in lines {
        c.push_str(&format!(
            "({}) Tj T*\n",
            l.replace('(', "\\(").replace(')', "\\)")
        ));
    }
    c.push_str("ET");
    make_pdf(
        &[PdfPage {
            width: 612.0,
            height: 792.0,
            content: c,
            jpeg: None,
        }],
        Some("Permit Memo"),
    )
}

/// "Permit 4471 approved" as a scanned page: a 1700 × 400 PNG at 200 dpi.
pub fn scan_png(dir: &Path) -> PathBuf {
    let p = dir.join("scan.png");
    testkit::scanned_png_sized(&p, "Permit 4471 approved", (1700, 400), Some(200));
    p
}

/// A PDF whose only page is a JPEG of the scan (no text layer).
pub fn scan_pdf(dir: &Path) -> PathBuf {
    let png = scan_png(dir);
    let jpg = dir.join("scan.jpg");
    run(std::process::Command::new("convert")
        .arg(&png)
        .args(["-colorspace", "Gray", "-quality", "90"])
        .arg(&jpg));
    let bytes = std::fs::read(&jpg).unwrap();
    // 1700 x 400 px at 200 dpi = 612 x 144 pt.
    let pdf = make_pdf(
        &[PdfPage {
            width: 612.0,
            height: 144.0,
            content: "q 612 0 0 144 0 0 cm /Im0 Do Q".into(),
            jpeg: Some((1700, 400, true, bytes)),
        }],
        None,
    );
    write(dir, "scan.pdf", pdf)
}

/// A zip made from (name, bytes) pairs, deflated.
pub fn make_zip(path: &Path, entries: &[(&str, &[u8])]) {
    testkit::write(path, testkit::zip(entries));
}
