//! A very large page (a poster) goes out rendered at a lower resolution, its lettering in
//! the picture, or stops the record's export with a reason: never as a blank page.

use export::pdf::{Canvas, Info, Style, Writer};
use export::{Body, Description, Disposition, Item, PageWord, PagedPage, Release, SlipSheets};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn release() -> Release {
    Release {
        agency: "City of Example".into(),
        reference: "PRA-9".into(),
        requester: "A. Reporter".into(),
        description: "Posters".into(),
        received: "2026-11-02".into(),
        bates_prefix: "CITY".into(),
        watermark: None,
        slip_sheets: SlipSheets::One,
        dpi: 150,
        approval_id: 1,
        release_hash: "abc".into(),
        submitted_by: "olga".into(),
        approved_by: "sam".into(),
        approved_by_name: "Sam Lee".into(),
        approved_at: "2026-11-29T10:00:00.000000Z".into(),
        audit_head: None,
        exemptions: vec![],
        bates_start: 1,
        installment: None,
        earlier: None,
        letter: None,
    }
}

/// A one-page PDF of `size` points square with "POSTER" in 720-point letters near its top
/// left corner, and the record of it as extraction gives it (its words from the text layer).
fn poster(dir: &Path, size: f32) -> Item {
    let path: PathBuf = dir.join(format!("poster-{size}.pdf"));
    let mut c = Canvas::new(size, size);
    c.text(720.0, size - 1440.0, "POSTER", Style::new(720.0));
    let mut w = Writer::new(std::fs::File::create(&path).unwrap()).unwrap();
    w.page(&c.finish()).unwrap();
    w.finish(&Info {
        title: "t".into(),
        subject: "s".into(),
        date: (2026, 1, 1, 0, 0, 0),
    })
    .unwrap();
    let read = extract::extract_file(
        &path,
        "poster.pdf",
        extract::Kind::Pdf,
        &extract::Options::default(),
    )
    .unwrap();
    let page = &read.pages[0];
    let words: Vec<PageWord> = page
        .words
        .iter()
        .map(|w| PageWord {
            x0: w.x0,
            y0: w.y0,
            x1: w.x1,
            y1: w.y1,
            text: w.text.clone(),
        })
        .collect();
    assert_eq!(words.len(), 1, "{words:?}");
    Item {
        doc_id: 1,
        disposition: Disposition::Release,
        description: Description {
            kind: "pdf".into(),
            ..Description::default()
        },
        body: Body::Paged {
            source: export::Source::Pdf(path, Default::default()),
            pages: vec![PagedPage {
                number: 1,
                width_pt: page.width_pt,
                height_pt: page.height_pt,
                ocr: false,
                words,
                boxes: vec![],
            }],
        },
        withheld_under: vec![],
        redactions_by_code: BTreeMap::new(),
        release_text: read.text.clone(),
        removed: vec![],
        as_images: false,
        cache: None,
        corrects: None,
    }
}

#[test]
fn a_200_inch_poster_stops_the_export_with_its_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let scratch = tmp.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let out = tmp.path().join("out");
    let e = export::write_release(
        &release(),
        vec![Ok(poster(tmp.path(), 14400.0))].into_iter(),
        &out,
        &scratch,
        |_| {},
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "record 1: page 1: could not be rendered: at 200 × 200 in it is too large (over 7000 pixels a side even at 50 dpi)"
    );
    assert_eq!(
        std::fs::read_dir(out.join("records")).unwrap().count(),
        0,
        "no copy of the record was written"
    );
}

#[test]
fn a_100_inch_poster_goes_out_at_a_lower_dpi_with_its_lettering() {
    let tmp = tempfile::tempdir().unwrap();
    let scratch = tmp.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let out = tmp.path().join("out");
    let o = export::write_release(
        &release(),
        vec![Ok(poster(tmp.path(), 7200.0))].into_iter(),
        &out,
        &scratch,
        |_| {},
    )
    .unwrap();
    assert_eq!(o.pages, 1);
    // The lettering was seen in the pixels (a blank page would hide it from the text layer).
    assert!(o.hidden_text.is_empty(), "{:?}", o.hidden_text);
    let text = export::check::pdf_text(&out.join("PRA-9-release.pdf"), None).unwrap();
    assert!(text.contains("POSTER"), "{text}");
    assert!(export::check_folder(&out).unwrap().problems.is_empty());
    // The page's picture: 7,000 pixels a side (70 dpi), not 15,000 (150 dpi).
    let list = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(out.join("PRA-9-release.pdf"))
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    let sizes: Vec<(u32, u32)> = list
        .lines()
        .skip(2)
        .filter_map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            Some((c.get(3)?.parse().ok()?, c.get(4)?.parse().ok()?))
        })
        .collect();
    assert_eq!(sizes, vec![(7000, 7000)], "{list}");
}
