//! PDF and image extraction and OCR (need poppler-utils, tesseract-ocr, tesseract-ocr-eng,
//! qpdf, imagemagick, fonts-dejavu-core).

mod common;

use std::process::Command;
use std::time::Duration;

use common::*;
use extract::{Failure, Kind, Options, extract_file, ocr, sniff_file};

fn words(p: &extract::Page) -> Vec<&str> {
    p.words.iter().map(|w| w.text.as_str()).collect()
}

#[test]
fn born_digital_pdf() {
    need("pdftotext", "poppler-utils");
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "memo.pdf",
        text_pdf(&["Permit 4471 was approved on 7 August.", "Fees (paid): $120"]),
    );
    assert_eq!(sniff_file(&p, "memo").unwrap(), Kind::Pdf);
    let e = extract_file(&p, "memo.pdf", Kind::Pdf, &Options::default()).unwrap();
    assert_eq!(e.kind, Kind::Pdf);
    assert_eq!(
        e.text,
        "Permit 4471 was approved on 7 August.\nFees (paid): $120\n"
    );
    assert_eq!(e.pages.len(), 1);
    assert!(e.needs_ocr.is_empty());
    let pg = &e.pages[0];
    assert_eq!((pg.width_pt, pg.height_pt), (612.0, 792.0));
    assert!(!pg.ocr);
    let w = &pg.words[0];
    assert_eq!(w.text, "Permit");
    // 72 pt from the left, baseline 72 pt from the top: normalised, origin top-left.
    assert!((w.x0 - 72.0 / 612.0).abs() < 0.005, "{w:?}");
    assert!(w.y0 > 0.07 && w.y1 < 0.1 && w.y0 < w.y1, "{w:?}");
    assert!(w.conf.is_none());
    assert_eq!(e.fields["pages"], "1");
    assert_eq!(e.fields["author"], "City Clerk");
    assert_eq!(e.fields["producer"], "hand-written test");
    assert_eq!(e.fields["created"], "2023-08-07T14:03:00-07:00");
    assert_eq!(e.title.as_deref(), Some("Permit Memo"));
}

#[test]
fn scanned_image_needs_ocr_and_ocr_finds_words() {
    need("tesseract", "tesseract-ocr tesseract-ocr-eng");
    let dir = tempfile::tempdir().unwrap();
    let png = scan_png(dir.path());
    assert_eq!(sniff_file(&png, "scan.png").unwrap(), Kind::Image);
    let mut e = extract_file(&png, "scan.png", Kind::Image, &Options::default()).unwrap();
    assert_eq!(e.needs_ocr, [1]);
    assert_eq!(e.pages.len(), 1);
    // 1700 x 400 px at 200 dpi.
    assert!(
        (e.pages[0].width_pt - 612.0).abs() < 1.0,
        "{:?}",
        e.pages[0]
    );
    assert!((e.pages[0].height_pt - 144.0).abs() < 1.0);
    let pages = ocr(&png, Kind::Image, &[1], &Options::default()).unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].ocr);
    assert_eq!(words(&pages[0]), ["Permit", "4471", "approved"]);
    let w = &pages[0].words[1];
    assert!(w.conf.unwrap() > 0.5 && w.conf.unwrap() <= 1.0);
    assert!(
        w.x0 > 0.1 && w.x1 < 0.35 && w.y0 > 0.3 && w.y1 < 0.6,
        "{w:?}"
    );
    e.merge_ocr(pages);
    assert!(e.needs_ocr.is_empty());
    assert_eq!(e.text, "Permit 4471 approved\n");
}

#[test]
fn scanned_pdf_needs_ocr_then_ocr_finds_words() {
    need("pdftotext", "poppler-utils");
    need("pdftoppm", "poppler-utils");
    need("tesseract", "tesseract-ocr tesseract-ocr-eng");
    let dir = tempfile::tempdir().unwrap();
    let pdf = scan_pdf(dir.path());
    let mut e = extract_file(&pdf, "scan.pdf", Kind::Pdf, &Options::default()).unwrap();
    assert_eq!(e.needs_ocr, [1]);
    assert!(e.pages[0].words.is_empty());
    let pages = ocr(&pdf, Kind::Pdf, &e.needs_ocr, &Options::default()).unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].number, 1);
    assert_eq!(words(&pages[0]), ["Permit", "4471", "approved"]);
    assert!(
        (pages[0].width_pt - 612.0).abs() < 1.0,
        "{:?}",
        pages[0].width_pt
    );
    e.merge_ocr(pages);
    assert!(e.needs_ocr.is_empty());
    assert!(e.pages[0].ocr);
    assert_eq!(e.text, "Permit 4471 approved\n");

    // The page images go where `scratch` says (an encrypted office: memory), and are gone
    // after: a folder that is not there fails the OCR, one that is stays empty.
    let nowhere = Options {
        scratch: Some(dir.path().join("not-there")),
        ..Options::default()
    };
    let f = ocr(&pdf, Kind::Pdf, &[1], &nowhere).unwrap_err();
    assert!(f.0.contains("cannot make a temporary folder"), "{f}");
    let scratch = dir.path().join("scratch");
    std::fs::create_dir(&scratch).unwrap();
    let there = Options {
        scratch: Some(scratch.clone()),
        ..Options::default()
    };
    let pages = ocr(&pdf, Kind::Pdf, &[1], &there).unwrap();
    assert_eq!(words(&pages[0]), ["Permit", "4471", "approved"]);
    assert_eq!(std::fs::read_dir(&scratch).unwrap().count(), 0);
}

#[test]
fn mixed_pdf_only_the_scanned_page_needs_ocr() {
    need("pdftotext", "poppler-utils");
    let dir = tempfile::tempdir().unwrap();
    let png = scan_png(dir.path());
    let jpg = dir.path().join("s.jpg");
    run(Command::new("convert")
        .arg(&png)
        .args(["-colorspace", "Gray"])
        .arg(&jpg));
    let pdf = make_pdf(
        &[
            PdfPage {
                width: 612.0,
                height: 792.0,
                content: "BT /F1 12 Tf 72 720 Td (First page has a real text layer here) Tj ET"
                    .into(),
                jpeg: None,
            },
            PdfPage {
                width: 612.0,
                height: 144.0,
                content: "q 612 0 0 144 0 0 cm /Im0 Do Q".into(),
                jpeg: Some((1700, 400, true, std::fs::read(&jpg).unwrap())),
            },
            PdfPage {
                width: 612.0,
                height: 792.0,
                content: "BT /F1 12 Tf 72 720 Td (Third page text layer, also fine) Tj ET".into(),
                jpeg: None,
            },
        ],
        None,
    );
    let p = write(dir.path(), "mixed.pdf", pdf);
    let e = extract_file(&p, "mixed.pdf", Kind::Pdf, &Options::default()).unwrap();
    assert_eq!(e.needs_ocr, [2]);
    assert_eq!(
        e.text,
        "First page has a real text layer here\n\n\n\nThird page text layer, also fine\n"
    );
}

#[test]
fn encrypted_pdfs() {
    need("qpdf", "qpdf");
    need("pdftotext", "poppler-utils");
    let dir = tempfile::tempdir().unwrap();
    let plain = write(dir.path(), "plain.pdf", text_pdf(&["Secret budget line"]));
    let locked = dir.path().join("locked.pdf");
    run(Command::new("qpdf")
        .args(["--encrypt", "user", "owner", "256", "--"])
        .arg(&plain)
        .arg(&locked));
    assert_eq!(sniff_file(&locked, "locked.pdf").unwrap(), Kind::Pdf);
    assert_eq!(
        extract_file(&locked, "locked.pdf", Kind::Pdf, &Options::default()).unwrap_err(),
        Failure("encrypted (password required)".into())
    );
    // Owner password only (empty user password): opens.
    let owner_only = dir.path().join("owner-only.pdf");
    run(Command::new("qpdf")
        .args([
            "--encrypt",
            "",
            "owner",
            "256",
            "--print=none",
            "--extract=n",
            "--",
        ])
        .arg(&plain)
        .arg(&owner_only));
    let e = extract_file(
        &owner_only,
        "owner-only.pdf",
        Kind::Pdf,
        &Options::default(),
    )
    .unwrap();
    assert_eq!(e.text, "Secret budget line\n");
    assert_eq!(e.fields["encrypted"], "yes");
}

#[test]
fn damaged_and_truncated_pdfs() {
    need("pdftotext", "poppler-utils");
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "junk.pdf",
        b"%PDF-1.4\nthis is not a pdf at all\n",
    );
    let f = extract_file(&p, "junk.pdf", Kind::Pdf, &Options::default()).unwrap_err();
    assert!(f.0.starts_with("damaged PDF ("), "{f}");
    assert!(!f.0.contains('\n'));
    // Poppler recovers a file whose xref offsets are all wrong: take what it gives, with a
    // warning.
    let mut good = text_pdf(&["Recovered words"]);
    let at = good.windows(5).rposition(|w| w == b"\nxref").unwrap();
    let table = at + "\nxref\n0 9\n0000000000 65535 f \n".len();
    let mut i = table;
    while &good[i..i + 4] != b"trai" {
        good[i..i + 10].copy_from_slice(b"0000000007");
        i += 20;
    }
    let p = write(dir.path(), "cut.pdf", good);
    let e = extract_file(&p, "cut.pdf", Kind::Pdf, &Options::default()).unwrap();
    assert_eq!(e.text, "Recovered words\n");
    assert_eq!(e.warnings.len(), 1, "{:?}", e.warnings);
    assert!(
        e.warnings[0].starts_with("PDF has errors, text may be incomplete ("),
        "{:?}",
        e.warnings
    );
    assert!(!e.warnings[0].contains("<0a>"), "{:?}", e.warnings);
}

#[test]
fn pdf_timeout_is_a_failure() {
    need("pdftotext", "poppler-utils");
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (0..40)
        .map(|i| format!("line {i} of a long page"))
        .collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let p = write(dir.path(), "t.pdf", text_pdf(&refs));
    let opts = Options {
        timeout: Duration::from_millis(0),
        ..Options::default()
    };
    let f = extract_file(&p, "t.pdf", Kind::Pdf, &opts).unwrap_err();
    assert!(f.0.starts_with("took too long (over"), "{f}");
}

#[test]
fn multi_page_tiff_pages() {
    need("convert", "imagemagick");
    let dir = tempfile::tempdir().unwrap();
    let tif = dir.path().join("two.tif");
    run(Command::new("convert")
        .args([
            "-size",
            "850x1100",
            "xc:white",
            "-size",
            "850x1100",
            "xc:white",
            "-units",
            "PixelsPerInch",
            "-density",
            "100",
        ])
        .arg(&tif));
    let e = extract_file(&tif, "two.tif", Kind::Image, &Options::default()).unwrap();
    assert_eq!(e.needs_ocr, [1, 2]);
    assert!(
        (e.pages[1].width_pt - 612.0).abs() < 1.0,
        "{:?}",
        e.pages[1]
    );
}

#[test]
fn files_embedded_in_a_pdf_are_its_attachments() {
    let dir = tempfile::tempdir().unwrap();
    let inner = testkit::pdf_with_text("Inner permit 4471");
    let p = write(
        dir.path(),
        "outer.pdf",
        testkit::pdf_with_attachment("Outer memo", "permit.pdf", &inner),
    );
    let e = extract_file(&p, "outer.pdf", Kind::Pdf, &Options::default()).unwrap();
    assert!(e.text.contains("Outer memo"), "{}", e.text);
    assert_eq!(e.attachments.len(), 1, "{:?}", e.warnings);
    assert_eq!(e.attachments[0].name, "permit.pdf");
    assert_eq!(e.attachments[0].bytes, inner, "byte for byte");
    assert!(
        e.warnings
            .iter()
            .any(|w| w == "1 embedded file(s), collected as attachments"),
        "{:?}",
        e.warnings
    );
    // A PDF without any has none, and no warning about them.
    let plain = write(dir.path(), "plain.pdf", testkit::pdf_with_text("Plain"));
    let e = extract_file(&plain, "plain.pdf", Kind::Pdf, &Options::default()).unwrap();
    assert!(e.attachments.is_empty());
    assert!(
        !e.warnings.iter().any(|w| w.contains("embedded")),
        "{:?}",
        e.warnings
    );
}

#[test]
fn webp_pictures_lossy_lossless_and_extended_are_read_by_ocr() {
    need("convert", "imagemagick webp");
    let dir = tempfile::tempdir().unwrap();
    let png = scan_png(dir.path());
    for (name, args) in [
        ("lossy.webp", vec![]),
        ("lossless.webp", vec!["-define", "webp:lossless=true"]),
        // A transparent corner makes an extended (VP8X) file.
        (
            "extended.webp",
            vec!["-alpha", "set", "-fill", "none", "-draw", "color 0,0 point"],
        ),
    ] {
        let p = dir.path().join(name);
        run(Command::new("convert").arg(&png).args(&args).arg(&p));
        assert_eq!(sniff_file(&p, name).unwrap(), Kind::Image, "{name}");
        let e = extract_file(&p, name, Kind::Image, &Options::default()).unwrap();
        assert_eq!(e.fields["pixels"], "1700x400", "{name}");
        let pages = ocr(&p, Kind::Image, &[1], &Options::default()).unwrap();
        assert_eq!(words(&pages[0]), ["Permit", "4471", "approved"], "{name}");
    }
}
