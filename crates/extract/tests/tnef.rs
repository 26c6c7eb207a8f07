//! winmail.dat: Outlook's TNEF wrapper is opened into its real attachments and body.

use extract::{Extracted, Failure, Kind, Options, sniff};

fn read(raw: &[u8]) -> Result<Extracted, Failure> {
    extract::extract_bytes(raw, "winmail.dat", Kind::Tnef, &Options::default())
        .expect("TNEF is read from memory")
}

#[test]
fn winmail_dat_gives_its_attachments_with_long_names_and_its_body() {
    let pdf = testkit::pdf_with_text("Inspection of parcel 4471");
    let raw = testkit::tnef(
        "Inspection report",
        "Please find the report attached.\r\nAna",
        None,
        &[
            ("INSPEC~1.PDF", "Inspection report, parcel 4471.pdf", &pdf),
            ("NOTES.TXT", "", b"Gate code 4471"),
        ],
    );
    assert_eq!(sniff(&raw, "winmail.dat"), Kind::Tnef);
    let e = read(&raw).unwrap();
    assert_eq!(e.text, "Please find the report attached.\nAna");
    assert_eq!(e.title.as_deref(), Some("Inspection report"));
    let names: Vec<&str> = e.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Inspection report, parcel 4471.pdf", "NOTES.TXT"]);
    assert_eq!(e.attachments[0].bytes, pdf, "byte for byte");
    assert_eq!(e.attachments[1].bytes, b"Gate code 4471");
}

#[test]
fn an_html_only_body_is_read_as_text() {
    let raw = testkit::tnef(
        "Budget",
        "",
        Some("<html><body><p>Fees rise <b>4%</b></p><script>x()</script></body></html>"),
        &[],
    );
    let e = read(&raw).unwrap();
    assert!(e.text.contains("Fees rise 4%"), "{}", e.text);
    assert!(!e.text.contains("x()"), "{}", e.text);
}

#[test]
fn a_cut_tnef_keeps_what_came_before_and_says_where_it_stopped() {
    let raw = testkit::tnef(
        "Cut",
        "Body stands",
        None,
        &[
            ("A.TXT", "first.txt", b"first"),
            ("B.TXT", "second.txt", b"second file"),
        ],
    );
    let cut = &raw[..raw.len() - 40];
    let e = read(cut).unwrap();
    assert_eq!(e.text, "Body stands");
    assert_eq!(e.attachments[0].name, "first.txt");
    assert!(
        e.warnings
            .iter()
            .any(|w| w.starts_with("TNEF cut short at byte")),
        "{:?}",
        e.warnings
    );
    // Not TNEF at all: one failure with a reason.
    let err = read(b"not tnef").unwrap_err();
    assert_eq!(err.to_string(), "damaged TNEF (no TNEF signature)");
}
