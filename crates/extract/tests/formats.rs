//! In-process formats: email, mbox, msg, docx, spreadsheets, text, HTML, RTF, CSV.

mod common;

use std::io::Write;

use common::*;
use extract::{Failure, Kind, Options, extract_file, sniff, sniff_file};

fn extract(path: &std::path::Path) -> extract::Extracted {
    let name = path.file_name().unwrap().to_str().unwrap();
    let kind = sniff_file(path, name).unwrap();
    extract_file(path, name, kind, &Options::default()).unwrap_or_else(|f| panic!("{name}: {f}"))
}

fn eml_fixture() -> Vec<u8> {
    let pdf = text_pdf(&["Attached permit"]);
    let mut m = String::new();
    m.push_str("Return-Path: <clerk@city.gov>\r\n");
    m.push_str("From: =?utf-8?B?Sm9zw6kgQ2xlcms=?= <clerk@city.gov>\r\n");
    m.push_str("To: Bob Smith <bob@example.com>, carol@example.com\r\n");
    m.push_str("Cc: \"Doe, Jane\" <jane@example.com>\r\n");
    m.push_str("Subject: =?iso-8859-1?Q?Permit_f=FCr_Caf=E9?= =?utf-8?Q?_=E2=82=AC5?=\r\n");
    m.push_str("Date: Mon, 7 Aug 2023 14:03:00 -0700\r\n");
    m.push_str("Message-ID: <abc123@city.gov>\r\n");
    m.push_str("In-Reply-To: <prev@city.gov>\r\n");
    m.push_str("References: <first@city.gov> <prev@city.gov>\r\n");
    m.push_str("MIME-Version: 1.0\r\n");
    m.push_str("Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n");
    m.push_str("This is a multi-part message in MIME format.\r\n");
    m.push_str("--b1\r\nContent-Type: multipart/alternative; boundary=\"b2\"\r\n\r\n");
    m.push_str("--b2\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
    m.push_str("Please see the attached permit for the Caf=C3=A9 owners. This line is =\r\nsoft-wrapped.\r\n");
    m.push_str("--b2\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>HTML twin must not appear</p>\r\n--b2--\r\n");
    m.push_str("--b1\r\nContent-Type: application/pdf; name=\"permit.pdf\"\r\nContent-Disposition: attachment; filename=\"permit.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    m.push_str(&base64(&pdf));
    m.push_str("\r\n--b1\r\nContent-Type: text/plain; name=\"notes.txt\"\r\nContent-Disposition: attachment; filename=\"notes.txt\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    m.push_str(&base64(b"internal notes only\n"));
    m.push_str(
        "\r\n--b1\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n",
    );
    m.push_str("From: Resident <resident@example.org>\r\nTo: clerk@city.gov\r\nSubject: Original request\r\nDate: Sun, 6 Aug 2023 09:00:00 +0000\r\n\r\nI request the permit file.\r\n");
    m.push_str("--b1--\r\n");
    let _ = pdf;
    m.into_bytes()
}

#[test]
fn email_with_attachments_and_nested_message() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = eml_fixture();
    let p = write(dir.path(), "message.eml", &bytes);
    assert_eq!(sniff(&bytes, "message.eml"), Kind::Email);
    assert_eq!(sniff(&bytes, "noext"), Kind::Email);
    let e = extract(&p);
    assert_eq!(e.kind, Kind::Email);
    assert_eq!(e.title.as_deref(), Some("Permit für Café €5"));
    assert_eq!(e.fields["subject"], "Permit für Café €5");
    assert_eq!(e.fields["from"], "José Clerk <clerk@city.gov>");
    assert_eq!(
        e.fields["to"],
        "Bob Smith <bob@example.com>, carol@example.com"
    );
    assert_eq!(e.fields["cc"], "\"Doe, Jane\" <jane@example.com>");
    assert_eq!(e.fields["date"], "2023-08-07T14:03:00-07:00");
    assert_eq!(e.fields["message_id"], "<abc123@city.gov>");
    assert_eq!(e.fields["in_reply_to"], "<prev@city.gov>");
    assert_eq!(e.fields["references"], "<first@city.gov> <prev@city.gov>");
    assert!(
        e.text.starts_with(
            "From: José Clerk <clerk@city.gov>\nTo: Bob Smith <bob@example.com>, carol@example.com\n"
        ),
        "{}",
        e.text
    );
    assert!(
        e.text.contains("Subject: Permit für Café €5\n\n"),
        "{}",
        e.text
    );
    assert!(
        e.text.contains(
            "Please see the attached permit for the Café owners. This line is soft-wrapped."
        ),
        "{}",
        e.text
    );
    assert!(!e.text.contains("HTML twin"), "{}", e.text);
    assert!(!e.text.contains('\r'));
    let names: Vec<&str> = e.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["permit.pdf", "notes.txt", "forwarded.eml"]);
    assert!(e.attachments[0].bytes.starts_with(b"%PDF-1.4"));
    assert_eq!(e.attachments[0].bytes, text_pdf(&["Attached permit"]));
    assert_eq!(e.attachments[1].bytes, b"internal notes only\n");
    let fwd = &e.attachments[2].bytes;
    assert!(
        fwd.starts_with(b"From: Resident <resident@example.org>"),
        "{}",
        String::from_utf8_lossy(fwd)
    );
    assert!(
        fwd.ends_with(b"I request the permit file."),
        "{:?}",
        String::from_utf8_lossy(fwd)
    );
    // The attached message is itself an email the pipeline can recurse into.
    let p2 = write(dir.path(), "forwarded.eml", fwd);
    let inner = extract(&p2);
    assert_eq!(inner.title.as_deref(), Some("Original request"));
    assert!(inner.text.contains("I request the permit file."));
}

#[test]
fn email_html_only_and_bad_date() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "h.eml",
        b"From: a@b.c\nTo: d@e.f\nDate: sometime last week\nSubject: html\nContent-Type: text/html; charset=windows-1252\n\n<html><body><p>Visible \x93quoted\x94</p><script>var hidden=1;</script></body></html>\n",
    );
    let e = extract(&p);
    assert_eq!(e.fields["date"], "sometime last week");
    assert!(e.text.contains("Visible “quoted”"), "{}", e.text);
    assert!(!e.text.contains("hidden"), "{}", e.text);
    assert!(e.attachments.is_empty());
}

#[test]
fn mbox_messages_become_attachments() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "archive.mbox",
        "From clerk@city.gov Mon Aug  7 14:03:00 2023\nFrom: clerk@city.gov\nSubject: First\nDate: Mon, 7 Aug 2023 14:03:00 +0000\n\nBody one\n>From here on\n\nFrom bob@example.com Tue Aug  8 10:00:00 2023\nFrom: bob@example.com\nSubject: Second\n\nBody two\n",
    );
    let e = extract(&p);
    assert_eq!(e.kind, Kind::Mbox);
    assert_eq!(e.attachments.len(), 2);
    assert_eq!(e.attachments[1].name, "message-000002.eml");
    let first = String::from_utf8(e.attachments[0].bytes.clone()).unwrap();
    assert!(first.contains("\nFrom here on"), "{first}");
    assert!(!first.starts_with("From clerk"), "{first}");
    assert!(
        e.text
            .contains("message-000001.eml\t2023-08-07T14:03:00Z\tclerk@city.gov\tFirst"),
        "{}",
        e.text
    );
}

fn docx_fixture(path: &std::path::Path) {
    let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {w}><w:body>
<w:p><w:r><w:t>Staff report on permit 4471 &amp; fees.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">The applicant </w:t></w:r><w:del w:id="1" w:author="Editor"><w:r><w:delText>was denied twice</w:delText></w:r></w:del><w:ins w:id="2" w:author="Editor"><w:r><w:t>has applied</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve"> See budget.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>
<w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>Item</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Amount</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>Fee</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>$120</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:instrText>HYPERLINK "http://x"</w:instrText></w:r><w:r><w:t>Last</w:t></w:r><w:r><w:tab/><w:t>line</w:t></w:r></w:p>
<w:sectPr/></w:body></w:document>"#
    );
    let header = format!(
        r#"<?xml version="1.0"?><w:hdr {w}><w:p><w:r><w:t>CONFIDENTIAL DRAFT</w:t></w:r></w:p></w:hdr>"#
    );
    let footer = format!(
        r#"<?xml version="1.0"?><w:ftr {w}><w:p><w:r><w:t>Page footer text</w:t></w:r></w:p></w:ftr>"#
    );
    let comments = format!(
        r#"<?xml version="1.0"?><w:comments {w}><w:comment w:id="0" w:author="Pat Lee" w:date="2023-08-01T00:00:00Z"><w:p><w:r><w:t>Check this number</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let footnotes = format!(
        r#"<?xml version="1.0"?><w:footnotes {w}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Per ordinance 12.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let core = r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Staff Report</dc:title><dc:creator>Alex Kim</dc:creator><cp:lastModifiedBy>Pat Lee</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2023-07-01T09:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2023-08-02T10:30:00Z</dcterms:modified></cp:coreProperties>"#;
    let ct = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    make_zip(
        path,
        &[
            ("[Content_Types].xml", ct.as_bytes()),
            ("word/document.xml", document.as_bytes()),
            ("word/header1.xml", header.as_bytes()),
            ("word/footer1.xml", footer.as_bytes()),
            ("word/comments.xml", comments.as_bytes()),
            ("word/footnotes.xml", footnotes.as_bytes()),
            ("docProps/core.xml", core.as_bytes()),
        ],
    );
}

#[test]
fn docx_body_tables_comments_deletions_metadata() {
    let dir = tempfile::tempdir().unwrap();
    // A misleading name: the content decides.
    let p = dir.path().join("report.zip");
    docx_fixture(&p);
    assert_eq!(sniff_file(&p, "report.zip").unwrap(), Kind::Docx);
    let e = extract(&p);
    let t = &e.text;
    assert!(t.contains("Staff report on permit 4471 & fees."), "{t}");
    assert!(
        t.contains("The applicant [deleted: was denied twice]has applied. See budget. [Comment by Pat Lee: Check this number] [1]"),
        "{t}"
    );
    assert!(t.contains("Item\tAmount\nFee\t$120\n"), "{t}");
    assert!(t.contains("Last\tline"), "{t}");
    assert!(!t.contains("HYPERLINK"), "{t}");
    assert!(t.starts_with("[Header] CONFIDENTIAL DRAFT"), "{t}");
    assert!(t.contains("[Footer] Page footer text"), "{t}");
    assert!(t.contains("Footnotes:\n[1] Per ordinance 12."), "{t}");
    assert!(
        e.warnings.iter().any(|w| w == "tracked deletions present"),
        "{:?}",
        e.warnings
    );
    assert_eq!(e.fields["author"], "Alex Kim");
    assert_eq!(e.fields["last_modified_by"], "Pat Lee");
    assert_eq!(e.fields["created"], "2023-07-01T09:00:00Z");
    assert_eq!(e.fields["modified"], "2023-08-02T10:30:00Z");
    assert_eq!(e.title.as_deref(), Some("Staff Report"));
}

#[test]
fn xlsx_all_sheets_hidden_formulas_dates() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("budget.xlsx");
    let mut wb = Workbook::new();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    {
        let s = wb.add_worksheet().set_name("Budget").unwrap();
        s.write_string(0, 0, "Item").unwrap();
        s.write_string(0, 1, "Cost").unwrap();
        s.write_string(1, 0, "Paving").unwrap();
        s.write_number(1, 1, 1200.5).unwrap();
        s.write_string(2, 0, "Signs").unwrap();
        s.write_number(2, 1, 300).unwrap();
        s.write_string(3, 0, "Total").unwrap();
        s.write_formula(3, 1, Formula::new("=SUM(B2:B3)").set_result("1500.5"))
            .unwrap();
        let d = ExcelDateTime::from_ymd(2023, 8, 7).unwrap();
        s.write_datetime_with_format(4, 0, &d, &date_fmt).unwrap();
    }
    {
        let s = wb.add_worksheet().set_name("Salaries").unwrap();
        s.write_string(0, 0, "Jane Doe").unwrap();
        s.write_number(0, 1, 85000).unwrap();
        s.set_hidden(true);
    }
    wb.save(&p).unwrap();
    assert_eq!(sniff_file(&p, "budget.xlsx").unwrap(), Kind::Spreadsheet);
    let e = extract(&p);
    let t = &e.text;
    assert!(
        t.starts_with(
            "Sheet: Budget\nItem\tCost\nPaving\t1200.5\nSigns\t300\nTotal\t1500.5\n2023-08-07\n"
        ),
        "{t}"
    );
    assert!(t.contains("\nSheet: Salaries\nJane Doe\t85000\n"), "{t}");
    assert!(
        e.warnings.iter().any(|w| w == "hidden sheet 'Salaries'"),
        "{:?}",
        e.warnings
    );
}

#[test]
fn text_encodings_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "memo.txt",
        b"Caf\xe9 \x93budget\x94 \x80 5\r\nline 2\r\n",
    );
    let e = extract(&p);
    assert_eq!(e.kind, Kind::Text);
    assert_eq!(e.text, "Café “budget” € 5\nline 2\n");
    assert_eq!(e.fields["encoding"], "windows-1252");

    let mut u16 = vec![0xFF, 0xFE];
    u16.extend(
        "Résumé – ok\r\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    let p = write(dir.path(), "u16.txt", &u16);
    assert_eq!(extract(&p).text, "Résumé – ok\n");
    let mut be = vec![0xFE, 0xFF];
    be.extend("Big endian".encode_utf16().flat_map(|u| u.to_be_bytes()));
    let p = write(dir.path(), "u16be.txt", &be);
    assert_eq!(extract(&p).text, "Big endian");
    let le: Vec<u8> = "No BOM here, still UTF-16"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let p = write(dir.path(), "nobom.txt", &le);
    assert_eq!(extract(&p).text, "No BOM here, still UTF-16");

    let p = write(
        dir.path(),
        "form.csv",
        "name,email,comment\nAnn,ann@x.org,\"Fix the \"\"pothole\"\"\"\n",
    );
    let e = extract(&p);
    assert_eq!(e.kind, Kind::Csv);
    assert!(e.text.contains("Ann,ann@x.org"));

    let log =
        "10.0.0.1 - - [07/Aug/2023:14:03:00 -0700] \"GET /permits?id=4471 HTTP/1.1\" 200 512\n";
    let p = write(dir.path(), "access.log", log);
    let e = extract(&p);
    assert_eq!(e.kind, Kind::Text);
    assert_eq!(e.text, log);
}

#[test]
fn html_scripts_and_styles_never_in_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "page.html",
        "<!DOCTYPE html><html><head><title>Council &amp; Minutes</title><style>.x{color:red}</style><script>var apiKey='SECRET';</script></head><body><h1>Minutes</h1><p>Motion <b>carried</b> 5&ndash;2.</p><div style=\"display:none\">hidden note</div><script>track('SECRET2')</script><noscript>enable js</noscript></body></html>",
    );
    let e = extract(&p);
    assert_eq!(e.kind, Kind::Html);
    assert_eq!(e.title.as_deref(), Some("Council & Minutes"));
    assert!(e.text.contains("Minutes"), "{}", e.text);
    assert!(e.text.contains("Motion carried 5–2."), "{}", e.text);
    assert!(e.text.contains("hidden note"), "{}", e.text);
    assert!(
        !e.text.contains("SECRET") && !e.text.contains("color:red"),
        "{}",
        e.text
    );
}

#[test]
fn rtf_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "letter.rtf",
        r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman Times New Roman;}}{\colortbl;\red255\green0\blue0;}{\*\generator Msftedit;}{\info{\title Notice}{\author Clerk}}\pard\f0\fs24 Dear resident,\par The caf\'e9 permit \u8364?50 fee\tab is due.\par{\*\bkmkstart x}{\field{\*\fldinst HYPERLINK x}{\fldrslt link text}}\par}",
    );
    let e = extract(&p);
    assert_eq!(e.kind, Kind::Rtf);
    assert_eq!(
        e.text,
        "Dear resident,\nThe café permit €50 fee\tis due.\nlink text\n"
    );
    assert_eq!(e.title.as_deref(), Some("Notice"));
    assert_eq!(e.fields["author"], "Clerk");
}

#[test]
fn binary_and_limits() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "blob.dat",
        [0u8, 1, 2, 3, 255, 0, 7, 8, 9, 0, 0, 0],
    );
    let k = sniff_file(&p, "blob.dat").unwrap();
    assert_eq!(k, Kind::Unknown);
    assert_eq!(
        extract_file(&p, "blob.dat", k, &Options::default()).unwrap_err(),
        Failure("unsupported type (binary data)".into())
    );
    let p = write(dir.path(), "big.txt", vec![b'a'; 3 * 1024 * 1024]);
    let opts = Options {
        max_in_memory: 1024 * 1024,
        ..Options::default()
    };
    assert_eq!(
        extract_file(&p, "big.txt", Kind::Text, &opts).unwrap_err(),
        Failure("too large (3 MB; the limit is 1 MB)".into())
    );
    // A damaged container gives a Failure, not a panic.
    let p = write(dir.path(), "broken.docx", b"PK\x03\x04garbage");
    let e = extract_file(&p, "broken.docx", Kind::Docx, &Options::default()).unwrap_err();
    assert!(e.0.starts_with("damaged document"), "{e}");
    let p = write(dir.path(), "broken.xlsx", b"PK\x03\x04garbage");
    let e = extract_file(&p, "broken.xlsx", Kind::Spreadsheet, &Options::default()).unwrap_err();
    assert!(e.0.starts_with("damaged spreadsheet"), "{e}");
}

/// Writes an Outlook .msg with the cfb crate: properties, recipients, body, an attachment.
fn msg_fixture(path: &std::path::Path) {
    fn utf16(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
    }
    let f = std::fs::File::create(path).unwrap();
    let mut cf = cfb::CompoundFile::create(f).unwrap();
    let put = |cf: &mut cfb::CompoundFile<std::fs::File>, p: &str, b: &[u8]| {
        cf.create_stream(p).unwrap().write_all(b).unwrap();
    };
    // Top-level properties: 32-byte header, then PR_CLIENT_SUBMIT_TIME (0x0039, PT_SYSTIME).
    let mut props = vec![0u8; 32];
    props.extend(0x0039_0040u32.to_le_bytes());
    props.extend(6u32.to_le_bytes());
    // 2023-08-07T21:03:00Z as FILETIME.
    let ft: u64 = (1_691_442_180u64 + 11_644_473_600) * 10_000_000;
    props.extend(ft.to_le_bytes());
    put(&mut cf, "/__properties_version1.0", &props);
    put(
        &mut cf,
        "/__substg1.0_0037001F",
        &utf16("Permit 4471 follow-up"),
    );
    put(&mut cf, "/__substg1.0_0C1A001F", &utf16("José Clerk"));
    put(&mut cf, "/__substg1.0_5D01001F", &utf16("clerk@city.gov"));
    put(&mut cf, "/__substg1.0_0E04001F", &utf16("Bob Smith"));
    put(
        &mut cf,
        "/__substg1.0_1000001F",
        &utf16("Hello Bob,\r\nthe permit is attached.\r\n"),
    );
    put(&mut cf, "/__substg1.0_1035001F", &utf16("<msg1@city.gov>"));
    cf.create_storage("/__recip_version1.0_#00000000").unwrap();
    let mut rp = vec![0u8; 8];
    rp.extend(0x0C15_0003u32.to_le_bytes());
    rp.extend(6u32.to_le_bytes());
    rp.extend(1u64.to_le_bytes());
    put(
        &mut cf,
        "/__recip_version1.0_#00000000/__properties_version1.0",
        &rp,
    );
    put(
        &mut cf,
        "/__recip_version1.0_#00000000/__substg1.0_3001001F",
        &utf16("Bob Smith"),
    );
    put(
        &mut cf,
        "/__recip_version1.0_#00000000/__substg1.0_39FE001F",
        &utf16("bob@example.com"),
    );
    cf.create_storage("/__recip_version1.0_#00000001").unwrap();
    let mut rp = vec![0u8; 8];
    rp.extend(0x0C15_0003u32.to_le_bytes());
    rp.extend(6u32.to_le_bytes());
    rp.extend(2u64.to_le_bytes());
    put(
        &mut cf,
        "/__recip_version1.0_#00000001/__properties_version1.0",
        &rp,
    );
    put(
        &mut cf,
        "/__recip_version1.0_#00000001/__substg1.0_3001001F",
        &utf16("carol@example.com"),
    );
    cf.create_storage("/__attach_version1.0_#00000000").unwrap();
    put(
        &mut cf,
        "/__attach_version1.0_#00000000/__properties_version1.0",
        &[0u8; 8],
    );
    put(
        &mut cf,
        "/__attach_version1.0_#00000000/__substg1.0_3707001F",
        &utf16("permit.txt"),
    );
    put(
        &mut cf,
        "/__attach_version1.0_#00000000/__substg1.0_37010102",
        b"PERMIT 4471",
    );
    // An attached message (embedded storage).
    cf.create_storage("/__attach_version1.0_#00000001").unwrap();
    put(
        &mut cf,
        "/__attach_version1.0_#00000001/__properties_version1.0",
        &[0u8; 8],
    );
    cf.create_storage("/__attach_version1.0_#00000001/__substg1.0_3701000D")
        .unwrap();
    put(
        &mut cf,
        "/__attach_version1.0_#00000001/__substg1.0_3701000D/__properties_version1.0",
        &[0u8; 24],
    );
    put(
        &mut cf,
        "/__attach_version1.0_#00000001/__substg1.0_3701000D/__substg1.0_0037001F",
        &utf16("Inner request"),
    );
    put(
        &mut cf,
        "/__attach_version1.0_#00000001/__substg1.0_3701000D/__substg1.0_1000001F",
        &utf16("Inner body"),
    );
    cf.flush().unwrap();
}

#[test]
fn outlook_msg() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("followup.msg");
    msg_fixture(&p);
    assert_eq!(sniff_file(&p, "x.bin").unwrap(), Kind::Msg);
    let e = extract(&p);
    assert_eq!(e.kind, Kind::Msg);
    assert_eq!(e.title.as_deref(), Some("Permit 4471 follow-up"));
    assert_eq!(e.fields["from"], "José Clerk <clerk@city.gov>");
    assert_eq!(e.fields["to"], "Bob Smith <bob@example.com>");
    assert_eq!(e.fields["cc"], "carol@example.com");
    assert_eq!(e.fields["date"], "2023-08-07T21:03:00Z");
    assert_eq!(e.fields["message_id"], "<msg1@city.gov>");
    assert!(e.text.starts_with("From: José Clerk <clerk@city.gov>\nTo: Bob Smith <bob@example.com>\nCc: carol@example.com\nDate: 2023-08-07T21:03:00Z\nSubject: Permit 4471 follow-up\n\nHello Bob,\nthe permit is attached.\n"), "{}", e.text);
    assert_eq!(e.attachments.len(), 2);
    assert_eq!(e.attachments[0].name, "permit.txt");
    assert_eq!(e.attachments[0].bytes, b"PERMIT 4471");
    assert_eq!(e.attachments[1].name, "Inner request.msg");
    // The attached message is a standalone .msg the pipeline can recurse into.
    let inner = write(dir.path(), "inner.msg", &e.attachments[1].bytes);
    let ie = extract(&inner);
    assert_eq!(ie.title.as_deref(), Some("Inner request"));
    assert!(ie.text.contains("Inner body"));
}

#[test]
fn kind_strings_round_trip() {
    for &k in Kind::ALL {
        assert_eq!(Kind::parse(k.as_str()), Some(k));
        assert_eq!(
            serde_json::to_string(&k).unwrap(),
            format!("\"{}\"", k.as_str())
        );
    }
}
