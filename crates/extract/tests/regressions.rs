//! One small fixture per bug the robustness sweep over real files found.

mod common;

use std::io::Write;
use std::time::{Duration, Instant};

use common::*;
use extract::{Kind, Options, extract_file, sniff, sniff_file};

fn extract(path: &std::path::Path) -> extract::Extracted {
    let name = path.file_name().unwrap().to_str().unwrap();
    let kind = sniff_file(path, name).unwrap();
    extract_file(path, name, kind, &Options::default()).unwrap_or_else(|f| panic!("{name}: {f}"))
}

/// calamine's "Expecting a worksheet, got chartsheet" used to fail the whole workbook
/// (calamine tests/any_sheets.xlsx, issue438.xlsx).
#[test]
fn chart_sheet_does_not_fail_the_workbook() {
    use rust_xlsxwriter::{Chart, ChartType, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("with-chart.xlsx");
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    for (i, v) in [10, 60, 30].into_iter().enumerate() {
        s.write(i as u32, 0, v).unwrap();
    }
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("Sheet1!$A$1:$A$3");
    wb.add_chartsheet().insert_chart(0, 0, &chart).unwrap();
    wb.add_worksheet().write(0, 0, "after the chart").unwrap();
    wb.save(&p).unwrap();
    let e = extract(&p);
    assert_eq!(
        e.text,
        "Sheet: Sheet1\n10\n60\n30\n\nSheet: Sheet2\nafter the chart\n"
    );
    assert!(
        e.warnings
            .iter()
            .any(|w| w == "chart sheet 'Chart1' (no cells)"),
        "{:?}",
        e.warnings
    );
}

/// An email whose body part is raw binary (Content-Transfer-Encoding: binary with NULs) was
/// sniffed as binary data (mail-parser thirdparty/005.eml).
#[test]
fn email_with_binary_part_is_still_email() {
    let mut m = b"Content-Type: multipart/mixed; boundary=\"1\"\nMIME-Version: 1.0\n\n--1\nContent-Transfer-Encoding: binary\nContent-Type: text/plain; charset=us-ascii\n\nreadable part\n--1\nContent-Type: application/octet-stream; name=\"blob.bin\"\nContent-Transfer-Encoding: binary\n\n".to_vec();
    m.extend_from_slice(&[0, 1, 2, 3, 0, 0, 255, 254, 0, 7]);
    m.extend_from_slice(b"\n--1--\n");
    assert_eq!(sniff(&m, "005.eml"), Kind::Email);
    let dir = tempfile::tempdir().unwrap();
    let e = extract(&write(dir.path(), "005.eml", &m));
    assert!(e.text.contains("readable part"), "{}", e.text);
    assert_eq!(e.attachments.len(), 1);
    assert_eq!(e.attachments[0].bytes, [0, 1, 2, 3, 0, 0, 255, 254, 0, 7]);
}

/// A mangled first header line ("Fro :uMmlti …", mail-parser malformed/019.eml) made the file
/// plain text; and a broken boundary hid the whole body. Now: an email with its raw body.
#[test]
fn mangled_first_line_and_broken_boundary() {
    let m = "Fro :uMmlti Sender <multi@example.test>\nTo: rimap-test <rimap-test@example.test>\nSubject: Sprint 3\nDate: Tue, 7 Apr 2026 10:00:01 +0000\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"boundary42\"\n\n--Boundary42\nContent-Type: text/plain\n\nPlain text body of the fixture.\n";
    assert_eq!(sniff(m.as_bytes(), "019.eml"), Kind::Email);
    let dir = tempfile::tempdir().unwrap();
    let e = extract(&write(dir.path(), "019.eml", m));
    assert_eq!(e.kind, Kind::Email);
    assert!(
        e.text.contains("Plain text body of the fixture."),
        "{}",
        e.text
    );
    assert!(
        e.warnings.iter().any(|w| w.contains("raw body")),
        "{:?}",
        e.warnings
    );
}

/// PDF objects without a "%PDF-" header (qpdf fuzz files) were "unsupported type": poppler
/// reads many of them, so they are PDFs.
#[test]
fn headerless_pdf_is_a_pdf() {
    need("pdftotext", "poppler-utils");
    let mut pdf = text_pdf(&["No header here"]);
    pdf.drain(..9); // "%PDF-1.4\n"
    pdf.splice(0..0, b"garbage\x00\x01 ".iter().copied());
    assert_eq!(sniff(&pdf, "fuzz.pdf"), Kind::Pdf);
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "fuzz.pdf", &pdf);
    assert_eq!(sniff_file(&p, "fuzz.pdf").unwrap(), Kind::Pdf);
    // Whatever poppler makes of it, the answer is a result, not a panic.
    let _ = extract_file(&p, "fuzz.pdf", Kind::Pdf, &Options::default());
    // "%PDF-" later in the head than the first KiB.
    let mut late = vec![b' '; 5000];
    late.extend(text_pdf(&["Late header"]));
    assert_eq!(sniff(&late, "late.pdf"), Kind::Pdf);
}

/// poppler loops for ever on an exponential AcroForm field tree (qpdf
/// shared-unnamed-field.pdf): the child is killed at the time limit.
#[test]
fn poppler_hang_is_killed_at_the_time_limit() {
    need("pdftotext", "poppler-utils");
    let mut objs: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>".into(),
        "<< /Fields [5 0 R] /NeedAppearances true >>".into(),
    ];
    let levels = 60;
    for i in 0..levels {
        let id = 5 + i;
        let kid = id + 1;
        let parent = if i == 0 {
            String::new()
        } else {
            format!(" /Parent {} 0 R", id - 1)
        };
        if i + 1 < levels {
            objs.push(format!("<< /Kids [{kid} 0 R {kid} 0 R]{parent} >>"));
        } else {
            objs.push(format!("<< /FT /Tx /T (f){parent} >>"));
        }
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        write!(out, "{} 0 obj\n{o}\nendobj\n", i + 1).unwrap();
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).unwrap();
    for o in offsets {
        writeln!(out, "{o:010} 00000 n ").unwrap();
    }
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objs.len() + 1
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "fields.pdf", out);
    let opts = Options {
        timeout: Duration::from_secs(2),
        ..Options::default()
    };
    let t = Instant::now();
    let f = extract_file(&p, "fields.pdf", Kind::Pdf, &opts).unwrap_err();
    assert_eq!(f.0, "took too long (over 2 s)");
    assert!(t.elapsed() < Duration::from_secs(6), "{:?}", t.elapsed());
}

/// Password-protected .docx/.xlsx are OLE "EncryptedPackage" files (calamine
/// pass_protected.xlsx): the name says which kind, the answer is "encrypted".
#[test]
fn encrypted_ooxml() {
    let dir = tempfile::tempdir().unwrap();
    for (name, kind) in [
        ("secret.xlsx", Kind::Spreadsheet),
        ("secret.docx", Kind::Docx),
        ("secret.bin", Kind::Unknown),
    ] {
        let p = dir.path().join(name);
        {
            let mut cf = cfb::CompoundFile::create(std::fs::File::create(&p).unwrap()).unwrap();
            cf.create_stream("/EncryptionInfo")
                .unwrap()
                .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])
                .unwrap();
            cf.create_stream("/EncryptedPackage")
                .unwrap()
                .write_all(&[0u8; 4096])
                .unwrap();
            cf.flush().unwrap();
        }
        assert_eq!(sniff_file(&p, name).unwrap(), kind, "{name}");
        let f = extract_file(&p, name, kind, &Options::default()).unwrap_err();
        assert_eq!(f.0, "encrypted (password required)", "{name}");
    }
}

/// Comments without an author (python-docx comments fixtures) read "[Comment by : …]".
#[test]
fn comment_without_author() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.docx");
    let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let doc = format!(
        r#"<w:document {w}><w:body><w:p><w:r><w:t>Text</w:t></w:r><w:r><w:commentReference w:id="3"/></w:r></w:p></w:body></w:document>"#
    );
    let comments = format!(
        r#"<w:comments {w}><w:comment w:id="3" w:author="" w:initials="JS"><w:p><w:r><w:t>Why?</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    make_zip(
        &p,
        &[
            ("word/document.xml", doc.as_bytes()),
            ("word/comments.xml", comments.as_bytes()),
        ],
    );
    let e = extract(&p);
    assert_eq!(e.text, "Text [Comment by JS: Why?]\n");
}
