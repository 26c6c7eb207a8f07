//! A release written straight from the export crate: a typeset record and a record withheld
//! in full with one slip-sheet page per page it would have had; Bates numbers one per page and
//! consecutive, the manifest and the log agree with the files.

use export::{Body, Description, Disposition, Item, Piece, Release, SlipSheets, write_release};
use std::collections::BTreeMap;

fn release(slips: SlipSheets) -> Release {
    Release {
        agency: "City of Example".into(),
        reference: "PRA-9".into(),
        requester: "A. Reporter".into(),
        description: "Permits".into(),
        received: "2026-11-02".into(),
        bates_prefix: "CITY".into(),
        watermark: None,
        slip_sheets: slips,
        dpi: 150,
        approval_id: 1,
        release_hash: "abc".into(),
        submitted_by: "olga".into(),
        approved_by: "sam".into(),
        approved_by_name: "Sam Lee".into(),
        approved_at: "2026-11-29T10:00:00.000000Z".into(),
        audit_head: None,
        exemptions: vec![export::ExemptionInfo {
            code: "7923.600".into(),
            label: "Gov. Code §7923.600".into(),
            former: Some("§6254(f)".into()),
            description: "Law enforcement investigatory records".into(),
        }],
        bates_start: 1,
        installment: None,
        earlier: None,
        letter: None,
    }
}

fn removed(value: &str) -> export::Removed {
    export::Removed {
        value: value.into(),
        name: "redaction 1".into(),
    }
}

fn items() -> Vec<Item> {
    vec![
        Item {
            doc_id: 1,
            disposition: Disposition::Release,
            description: Description::default(),
            // A removed paragraph longer than a line: its box runs over several lines,
            // each piece labelled.
            body: Body::Text(vec![
                Piece::Text("The permit fee is due. ".into()),
                Piece::Removed {
                    width_of: "confidential ".repeat(40),
                    label: "Gov. Code §7923.600".into(),
                },
            ]),
            withheld_under: vec![],
            redactions_by_code: BTreeMap::new(),
            release_text: "The permit fee is due.  ".into(),
            removed: vec![removed(&"confidential ".repeat(40))],
            as_images: false,
            cache: None,
            corrects: None,
        },
        Item {
            doc_id: 2,
            disposition: Disposition::Withhold,
            description: Description {
                kind: "pdf".into(),
                ..Description::default()
            },
            body: Body::Withheld {
                labels: vec!["Gov. Code §7923.600".into()],
                pages: 3,
            },
            withheld_under: vec!["7923.600".into()],
            redactions_by_code: BTreeMap::new(),
            release_text: String::new(),
            removed: vec![removed("Suspect Zeke Quimby")],
            as_images: false,
            cache: None,
            corrects: None,
        },
    ]
}

#[test]
fn slip_sheets_take_the_pages_they_stand_for_and_bates_numbers_run_on() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, scratch) = (tmp.path().join("out"), tmp.path().join("scratch"));
    std::fs::create_dir_all(&scratch).unwrap();
    let o = write_release(
        &release(SlipSheets::PerPage),
        items().into_iter().map(Ok),
        &out,
        &scratch,
        |_| {},
    )
    .unwrap();
    assert_eq!(o.pages, 4);
    let files: Vec<&str> = o.records.iter().map(|r| r.file.as_str()).collect();
    assert_eq!(
        files,
        ["records/CITY-000001.pdf", "records/CITY-000002-000004.pdf"]
    );
    let text = export::check::pdf_text(&out.join("PRA-9-release.pdf"), None).unwrap();
    let pages: Vec<&str> = text
        .split('\u{0C}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), 4);
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.contains(&format!("CITY-{:06}", i + 1)),
            "page {}: {p}",
            i + 1
        );
        assert!(p.contains(&format!("Page {} of", if i == 0 { 1 } else { i })));
    }
    assert!(pages[1].contains("WITHHELD IN FULL") && pages[1].contains("3 pages"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["bates"]["last"], "CITY-000004");
    for f in manifest["files"].as_array().unwrap() {
        let got = export::release::file_out(&out, f["path"].as_str().unwrap()).unwrap();
        assert_eq!(got.sha256, f["sha256"].as_str().unwrap());
    }
    let csv = std::fs::read_to_string(out.join("exemption-log.csv")).unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("CITY-000002,CITY-000004,2,,pdf,,,withheld in full,7923.600"));
    assert!(export::check_folder(&out).unwrap().problems.is_empty());
    // The scratch folder is left empty: its spool held the withheld text.
    assert_eq!(std::fs::read_dir(&scratch).unwrap().count(), 0);

    // One slip sheet per record when the office says so.
    let out1 = tmp.path().join("out1");
    let o = write_release(
        &release(SlipSheets::One),
        items().into_iter().map(Ok),
        &out1,
        &scratch,
        |_| {},
    )
    .unwrap();
    assert_eq!(o.pages, 2);
}

#[test]
fn a_record_that_fails_stops_the_release_with_its_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let scratch = tmp.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let bad = Item {
        doc_id: 7,
        body: Body::Paged {
            source: export::Source::Pdf(tmp.path().join("missing.pdf"), Default::default()),
            pages: vec![export::PagedPage {
                number: 1,
                width_pt: 612.0,
                height_pt: 792.0,
                ocr: false,
                words: vec![],
                boxes: vec![],
            }],
        },
        ..items().remove(0)
    };
    let e = write_release(
        &release(SlipSheets::One),
        vec![Ok(bad)].into_iter(),
        &tmp.path().join("out"),
        &scratch,
        |_| {},
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("record 7: page 1: could not be rendered"),
        "{e}"
    );
}

fn text_item(doc_id: i64, text: &str) -> Item {
    Item {
        doc_id,
        disposition: Disposition::Release,
        description: Description::default(),
        body: Body::Text(vec![Piece::Text(text.into())]),
        withheld_under: vec![],
        redactions_by_code: BTreeMap::new(),
        release_text: text.into(),
        removed: vec![],
        as_images: false,
        cache: None,
        corrects: None,
    }
}

#[test]
fn awkward_records_from_the_corpus_sweep_export() {
    // Each of these once stopped an export of real files at verification.
    let tmp = tempfile::tempdir().unwrap();
    let scratch = tmp.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    // A page of 4 × 4 points (an image-only PDF): header and footer must still fit.
    let tiny = tmp.path().join("tiny.pdf");
    let mut w = export::pdf::Writer::new(std::fs::File::create(&tiny).unwrap()).unwrap();
    let mut c = export::pdf::Canvas::new(3.84, 3.84);
    c.rect(0.0, 0.0, 2.0, 2.0, 0.0);
    w.page(&c.finish()).unwrap();
    w.finish(&export::pdf::Info {
        title: "t".into(),
        subject: "s".into(),
        date: (2026, 1, 1, 0, 0, 0),
    })
    .unwrap();
    let paged = Item {
        body: Body::Paged {
            source: export::Source::Pdf(tiny, Default::default()),
            pages: vec![export::PagedPage {
                number: 1,
                width_pt: 3.84,
                height_pt: 3.84,
                ocr: false,
                words: vec![],
                boxes: vec![],
            }],
        },
        ..text_item(5, "")
    };
    let items = vec![
        // Letters the font does not have (printed as replacement marks).
        text_item(1, "Sheet: 工作表1\na\n"),
        // A line of XML longer than a line of the page, cut inside words.
        text_item(
            2,
            &format!(
                "<Properties>{}</Properties>",
                "<Application>Microsoft Excel</Application><c:idx val=\"3\"/>".repeat(6)
            ),
        ),
        // UTF-16 read as bytes: a NUL between letters.
        text_item(3, "T\0i\0t\0e\0l\0\tD\0a\0t\0u\0m\0\n"),
        // Right to left.
        text_item(4, "مرحبا حَبيبي habibi"),
        paged,
    ];
    let o = write_release(
        &release(SlipSheets::One),
        items.into_iter().map(Ok),
        &tmp.path().join("out"),
        &scratch,
        |_| {},
    )
    .unwrap();
    assert_eq!(o.records.len(), 5);
    assert!(o.missing_glyphs >= 3);
    let text = export::check::pdf_text(&tmp.path().join("out/PRA-9-release.pdf"), None).unwrap();
    assert!(
        text.contains("CITY-000005"),
        "the tiny page's footer is on the page"
    );
}
