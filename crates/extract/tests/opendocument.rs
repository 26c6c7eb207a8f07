//! OpenDocument text and presentations, written as LibreOffice writes them: what a reviewer
//! must see (tracked deletions, comments, speaker notes, footnotes) is in the text.

use extract::{Kind, Options, extract_file, sniff_file};
use testkit::{ODF_NAMESPACES, opendocument};

const META: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><meta:initial-creator>Alex Kim</meta:initial-creator><dc:creator>Pat Lee</dc:creator><meta:creation-date>2026-10-01T09:00:00</meta:creation-date><dc:date>2026-10-02T10:30:00</dc:date><dc:title>Staff Report</dc:title></office:meta></office:document-meta>"#;

fn odt() -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {ODF_NAMESPACES}><office:automatic-styles><style:style xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" style:name="P1"><style:text-properties fo:color="\#000000" xmlns:fo="x"/></style:style></office:automatic-styles><office:body><office:text><text:tracked-changes><text:changed-region text:id="ct1" xml:id="ct1"><text:deletion><office:change-info><dc:creator>Pat Lee</dc:creator><dc:date>2026-10-02T10:00:00</dc:date></office:change-info><text:p>was denied twice</text:p></text:deletion></text:changed-region><text:changed-region text:id="ct2"><text:insertion><office:change-info><dc:creator>Pat Lee</dc:creator></office:change-info></text:insertion></text:changed-region></text:tracked-changes><text:h text:outline-level="1">Staff report on permit 4471 &amp; fees</text:h><text:p>The applicant <text:change text:change-id="ct1"/>has <text:change-start text:change-id="ct2"/>now<text:change-end text:change-id="ct2"/> applied.<text:s text:c="2"/>See<text:tab/>budget.<office:annotation><dc:creator>Pat Lee</dc:creator><dc:date>2026-10-02T10:00:00</dc:date><text:p>Check this number</text:p></office:annotation><text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Per ordinance 12.</text:p></text:note-body></text:note></text:p><table:table table:name="Fees"><table:table-row><table:table-cell><text:p>Item</text:p></table:table-cell><table:table-cell><text:p>Amount</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>Fee</text:p></table:table-cell><table:table-cell><text:p>$120</text:p></table:table-cell></table:table-row></table:table><text:p>Last<text:line-break/>line</text:p></office:text></office:body></office:document-content>"#
    );
    opendocument("application/vnd.oasis.opendocument.text", &content, META)
}

fn odp() -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {ODF_NAMESPACES}><office:body><office:presentation><draw:page draw:name="Slide 1"><draw:frame><draw:text-box><text:p>Budget 2027</text:p></draw:text-box></draw:frame><presentation:notes><draw:frame><draw:text-box><text:p>Do not mention the Lathrop settlement</text:p></draw:text-box></draw:frame></presentation:notes></draw:page><draw:page draw:name="Slide 2"><draw:frame><draw:text-box><text:p>Permit fees rise 4%</text:p></draw:text-box></draw:frame></draw:page></office:presentation></office:body></office:document-content>"#
    );
    opendocument(
        "application/vnd.oasis.opendocument.presentation",
        &content,
        META,
    )
}

fn extract(path: &std::path::Path) -> extract::Extracted {
    let name = path.file_name().unwrap().to_str().unwrap();
    let kind = sniff_file(path, name).unwrap();
    extract_file(path, name, kind, &Options::default()).unwrap()
}

#[test]
fn odt_text_tables_comments_deletions_notes_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    // A misleading name: the content decides.
    let p = testkit::write(&dir.path().join("report.zip"), odt());
    assert_eq!(sniff_file(&p, "report.zip").unwrap(), Kind::Odt);
    let e = extract(&p);
    let t = &e.text;
    assert!(t.starts_with("Staff report on permit 4471 & fees\n"), "{t}");
    assert!(
        t.contains("The applicant [deleted: was denied twice]has now applied.  See\tbudget. [Comment by Pat Lee: Check this number]"),
        "{t}"
    );
    assert!(t.contains("Item\tAmount\nFee\t$120\n"), "{t}");
    assert!(t.contains("Last\nline"), "{t}");
    assert!(t.contains("Notes:\nPer ordinance 12."), "{t}");
    assert!(
        !t.contains("2026-10-02T10:00:00"),
        "change and comment dates are not text: {t}"
    );
    assert!(!t.contains("#000000"), "styles are not text: {t}");
    for w in [
        "tracked deletions present",
        "tracked insertions present",
        "1 comment(s)",
    ] {
        assert!(e.warnings.iter().any(|x| x == w), "{w}: {:?}", e.warnings);
    }
    assert_eq!(e.fields["author"], "Alex Kim");
    assert_eq!(e.fields["last_modified_by"], "Pat Lee");
    assert_eq!(e.fields["created"], "2026-10-01T09:00:00");
    assert_eq!(e.title.as_deref(), Some("Staff Report"));
}

#[test]
fn odp_slides_apart_and_speaker_notes_shown() {
    let dir = tempfile::tempdir().unwrap();
    let p = testkit::write(&dir.path().join("deck.odp"), odp());
    assert_eq!(sniff_file(&p, "deck.odp").unwrap(), Kind::Odp);
    let e = extract(&p);
    let t = &e.text;
    assert!(
        t.contains("Budget 2027\n[Speaker notes: Do not mention the Lathrop settlement]\n\nPermit fees rise 4%"),
        "{t}"
    );
    assert!(
        e.warnings
            .iter()
            .any(|w| w == "1 slide(s) with speaker notes"),
        "{:?}",
        e.warnings
    );
}

#[test]
fn a_damaged_opendocument_is_one_failure_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = odt();
    bytes.truncate(bytes.len() / 2);
    let p = testkit::write(&dir.path().join("cut.odt"), bytes);
    let kind = sniff_file(&p, "cut.odt").unwrap();
    let got = extract_file(&p, "cut.odt", kind, &Options::default());
    let reason = got.expect_err("half a zip does not read").to_string();
    assert!(reason.starts_with("damaged"), "{reason}");
}
