//! A whole request must release correctly: each case below once stopped a real release, lost a
//! line of a record, or had `verify` contradict the export. Problems surface at submission,
//! named by record and page (the pre-flight); what no check can vouch for goes out as page
//! images whose text layer is read by OCR; an export that stops anyway names its record and
//! is in the audit log.

use testkit as fixtures;

use std::path::{Path, PathBuf};
use std::process::Command;

use office::{
    Actor, Config, ExportOptions, IngestOptions, Office, ProblemKind, RecordId, RecordKind,
    RedactBy, RedactTarget, Remedy, Role,
};

const PW: &str = "correct horse 1";

/// Adds a user with a first password from the supervisor `by`, and signs them in once to
/// choose their own (PW), as every new user must before anything else.
async fn new_user(
    office: &office::Office,
    by: &office::Actor,
    name: &str,
    role: office::Role,
    display_name: &str,
) -> office::Actor {
    const FIRST: &str = "first password 1";
    office
        .add_user(by, name, role, display_name, FIRST)
        .await
        .unwrap();
    let first = office.sign_in(name, FIRST).await.unwrap();
    office.change_password(&first, FIRST, PW).await.unwrap()
}
const REF: &str = "PRA-2026-0142";
const PRIVACY: &str = "7927.700";

struct World {
    tmp: tempfile::TempDir,
    office: Office,
    sue: Actor,
    olga: Actor,
    sam: Actor,
}

async fn world() -> World {
    let tmp = tempfile::tempdir().unwrap();
    let office = Office::init(
        Config::new(fixtures::office_dir(tmp.path().join("office")).await),
        "sue",
        "Sue Park",
        PW,
    )
    .await
    .unwrap();
    let sue = office.sign_in("sue", PW).await.unwrap();
    new_user(&office, &sue, "olga", Role::Officer, "Olga Ortiz").await;
    new_user(&office, &sue, "sam", Role::Supervisor, "Sam Lee").await;
    let olga = office.sign_in("olga", PW).await.unwrap();
    let sam = office.sign_in("sam", PW).await.unwrap();
    office
        .create_request(&sue, REF, "A. Reporter", "2026-11-20", "Records")
        .await
        .unwrap();
    World {
        tmp,
        office,
        sue,
        olga,
        sam,
    }
}

impl World {
    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    async fn ingest(&self, files: &[(&str, Vec<u8>)]) {
        let root = self.path("collection");
        for (name, bytes) in files {
            fixtures::write(&root.join(name), bytes);
        }
        let opts = IngestOptions {
            ocr: false,
            ..Default::default()
        };
        self.office
            .ingest(&self.sue, REF, &[root], opts, &|_| {})
            .await
            .unwrap();
    }

    async fn id(&self, path_end: &str) -> RecordId {
        self.office
            .records(&self.sue, REF)
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.path.ends_with(path_end))
            .unwrap_or_else(|| panic!("no record {path_end}"))
            .id
    }

    /// Every record still without a disposition: released.
    async fn release_rest(&self) {
        self.office
            .set_undecided(&self.sue, REF, "release")
            .await
            .unwrap();
    }

    async fn approve(&self) {
        self.office.submit(&self.olga, REF).await.unwrap();
        self.office.approve(&self.sam, REF, None).await.unwrap();
    }

    async fn export(&self, name: &str) -> PathBuf {
        let out = self.path(name);
        self.office
            .export(&self.olga, REF, &ExportOptions::new(&out), |_| {})
            .await
            .unwrap();
        out
    }
}

fn pdftotext(p: &Path) -> String {
    let o = Command::new("pdftotext").arg(p).arg("-").output().unwrap();
    assert!(o.status.success(), "pdftotext {}", p.display());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The copy of record `id` in an export folder.
fn copy_of(out: &Path, id: RecordId) -> PathBuf {
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let file = m["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["doc_id"] == id.0)
        .unwrap_or_else(|| panic!("record {id} is not in the manifest"))["file"]
        .as_str()
        .unwrap()
        .to_string();
    out.join(file)
}

/// A PDF of several pages, each a list of lines of Helvetica text (72 pt in, 14 pt apart from
/// 700 pt down); `info`: the document information (e.g. `/Title (…)`).
fn pdf_of_pages(pages: &[&[&str]], info: &str) -> Vec<u8> {
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        String::new(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< {info} >>"),
    ];
    let mut kids = vec![];
    for lines in pages {
        let mut content = String::new();
        for (i, l) in lines.iter().enumerate() {
            content.push_str(&format!(
                "BT /F1 12 Tf 72 {} Td ({l}) Tj ET ",
                700 - 14 * i as i32
            ));
        }
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
        let c = objects.len();
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {c} 0 R >>"
        ));
        kids.push(objects.len());
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.iter()
            .map(|k| format!("{k} 0 R"))
            .collect::<Vec<_>>()
            .join(" "),
        kids.len()
    );
    fixtures::assemble(&objects, "/Info 4 0 R ")
}

#[tokio::test]
async fn a_memo_with_header_like_lines_is_text_and_reaches_the_release_whole() {
    let w = world().await;
    let memo = "MEMORANDUM\nDate: March 3, 2025\nTo: City Council\nFrom: Code Compliance\n\
                Subject: Parking Enforcement Division staffing\n\n\
                The division asks for two more officers.\n";
    w.ingest(&[("memo.txt", memo.as_bytes().to_vec())]).await;
    let id = w.id("memo.txt").await;
    let view = w.office.record_view(&w.sue, REF, id).await.unwrap();
    assert_eq!(view.kind, RecordKind::Text);
    assert_eq!(view.text, memo, "every line of the file, in order");
    // Its date is the memo's own: in the month facet.
    let hits = w
        .office
        .search(&w.sue, REF, "date:2025-03", Default::default())
        .await
        .unwrap();
    assert_eq!(hits.total, 1);
    // No message headers: the departments it names are not people.
    w.office
        .redact(
            &w.sue,
            REF,
            &RedactBy::Detect(vec![office::DetectorKind::Person]),
            RedactTarget::Doc(id),
            PRIVACY,
            None,
        )
        .await
        .unwrap();
    let view = w.office.record_view(&w.sue, REF, id).await.unwrap();
    assert!(
        view.redactions.is_empty(),
        "{:?}",
        view.redactions
            .iter()
            .map(|r| (&r.start_char, &r.kind))
            .collect::<Vec<_>>()
    );
    let release = w.office.release_view(&w.sue, REF, id).await.unwrap();
    assert!(release.text.starts_with("MEMORANDUM\n"));
    w.release_rest().await;
    w.approve().await;
    let out = w.export("out").await;
    let text = pdftotext(&copy_of(&out, id));
    for line in memo.lines().filter(|l| !l.is_empty()) {
        assert!(
            text.contains(line),
            "{line:?} is missing from the copy:\n{text}"
        );
    }
}

#[tokio::test]
async fn verify_agrees_with_the_export_and_the_log_replaces_whole_values_only() {
    let w = world().await;
    let page = |n: usize| -> Vec<String> {
        vec![
            format!("Agenda item {n}: a plan for a park at Page Road"),
            "Staff recommends a vote to approve.".to_string(),
        ]
    };
    let pages: Vec<Vec<String>> = (1..=4).map(page).collect();
    let refs: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| p.iter().map(String::as_str).collect())
        .collect();
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    w.ingest(&[(
        "004-pdf-ex-4-pages.pdf",
        pdf_of_pages(&slices, "/Title (004-pdf-ex-4-pages)"),
    )])
    .await;
    let id = w.id("004-pdf-ex-4-pages.pdf").await;
    // One box over the word "a" on page 2 (its own box, as a reviewer would draw it).
    let view = w.office.record_view(&w.sue, REF, id).await.unwrap();
    let p2 = view.pages.iter().find(|p| p.page == 2).unwrap();
    let a = p2.words.iter().find(|w| w.4 == "a").unwrap();
    let rect = office::PageRect {
        x0: a.0,
        y0: a.1,
        x1: a.2,
        y1: a.3,
    };
    w.office
        .redact_area(&w.sue, REF, id, 2, rect, PRIVACY, None)
        .await
        .unwrap();
    w.release_rest().await;
    w.approve().await;
    let out = w.export("out").await;
    let v = w.office.verify_export(&w.sue, &out).await.unwrap();
    assert!(v.ok, "{:?}", v.problems);
    assert_eq!(v.records_checked, 1);
    // The log: the title as it is, not "004-pdfl[Gov. Code …]ex-4-p[…]ges".
    let csv = std::fs::read_to_string(out.join("exemption-log.csv")).unwrap();
    assert!(csv.contains(",004-pdf-ex-4-pages,"), "{csv}");
    assert!(!csv.contains("pdfl["), "{csv}");
    // A copy changed behind the export's back: verify names the record.
    let copy = copy_of(&out, id);
    let mut bytes = std::fs::read(&copy).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 0x55;
    std::fs::write(&copy, bytes).unwrap();
    let v = w.office.verify_export(&w.sue, &out).await.unwrap();
    assert!(!v.ok);
    assert!(
        v.problems.iter().any(|p| p.contains("has changed")),
        "{:?}",
        v.problems
    );
}

#[tokio::test]
async fn a_box_drawn_through_a_line_burns_its_words_whole() {
    let w = world().await;
    w.ingest(&[(
        "letter.pdf",
        pdf_of_pages(
            &[&["Contact Ann Lathrop today", "Fee schedule attached"]],
            "",
        ),
    )])
    .await;
    let id = w.id("letter.pdf").await;
    let view = w.office.record_view(&w.sue, REF, id).await.unwrap();
    let words: Vec<_> = view.pages[0].words.clone();
    let ann = words.iter().find(|w| w.4 == "Ann").unwrap().clone();
    let lathrop = words.iter().find(|w| w.4 == "Lathrop").unwrap().clone();
    // The upper half of "Ann Lathrop" only.
    let mid = (ann.1 + ann.3) / 2.0;
    let drawn = office::PageRect {
        x0: ann.0,
        y0: ann.1 - 0.002,
        x1: lathrop.2,
        y1: mid,
    };
    let snapped = w.office.snap_area(&w.sue, REF, id, 1, drawn).await.unwrap();
    assert!(
        snapped.y1 >= ann.3 && snapped.y1 >= lathrop.3,
        "{snapped:?}"
    );
    assert!(snapped.x0 <= ann.0 && snapped.x1 >= lathrop.2);
    w.office
        .redact_area(&w.sue, REF, id, 1, drawn, PRIVACY, None)
        .await
        .unwrap();
    let release = w.office.release_view(&w.sue, REF, id).await.unwrap();
    assert!(!release.text.contains("Ann") && !release.text.contains("Lathrop"));
    assert!(release.text.contains("Contact") && release.text.contains("today"));
    w.release_rest().await;
    w.approve().await;
    let out = w.export("out").await;
    // Every pixel where the words were is black (the page sits 30 pt below the top band).
    let png = w.path("page");
    let ok = Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-singlefile"])
        .arg(copy_of(&out, id))
        .arg(&png)
        .status()
        .unwrap();
    assert!(ok.success());
    let img = std::fs::read(png.with_extension("pgm")).unwrap();
    // P5 width height 255\n
    let header: Vec<&[u8]> = img.splitn(5, |b| b.is_ascii_whitespace()).collect();
    let width: usize = std::str::from_utf8(header[1]).unwrap().parse().unwrap();
    let start = img.len()
        - width
            * std::str::from_utf8(header[2])
                .unwrap()
                .parse::<usize>()
                .unwrap();
    let px = |x: usize, y: usize| img[start + y * width + x];
    // At the export's 150 dpi, one pixel in from the words' edges (the box's edge pixels
    // blend with the paper).
    let k = 150.0 / 72.0;
    let (x0, x1) = (
        (ann.0 * 612.0 * k).ceil() as usize + 1,
        (lathrop.2 * 612.0 * k).floor() as usize - 1,
    );
    // The words' bottom edge (the page sits 30 pt below the top of the sheet).
    let y1 = ((30.0 + ann.3 * 792.0) * k).floor() as usize - 1;
    // The lower rows of the words, where the lower half of their letters was left before,
    // are black (the box's white label sits higher, in its middle).
    let rows: Vec<usize> = (y1 - 4..y1).collect();
    let light = rows
        .iter()
        .flat_map(|&y| (x0 + 3..x1 - 4).map(move |x| (x, y)))
        .filter(|&(x, y)| px(x, y) > 40)
        .count();
    if light > 0 {
        let _ = std::fs::copy(png.with_extension("pgm"), "/tmp/box-page.pgm");
    }
    assert_eq!(light, 0, "the lower half of the letters is still there");
    let text = pdftotext(&copy_of(&out, id));
    assert!(
        !text.contains("Lathrop") && text.contains("today"),
        "{text}"
    );
}

#[tokio::test]
async fn a_narrow_box_prints_its_whole_label_and_a_latin1_subject_reads_right() {
    let w = world().await;
    let mail = b"From: Amt <amt@city.example>\r\nTo: records@city.example\r\n\
                 Subject: Fr\xf6sche im Teich\r\nDate: Mon, 02 Nov 2026 09:30:00 -0800\r\n\
                 Message-ID: <frog@city.example>\r\n\r\nWe saw a frog near the pond.\r\n"
        .to_vec();
    w.ingest(&[("frogs.eml", mail)]).await;
    let id = w.id("frogs.eml").await;
    let view = w.office.record_view(&w.sue, REF, id).await.unwrap();
    assert_eq!(view.title.as_deref(), Some("Fr\u{f6}sche im Teich"));
    // The word "a" alone, selected and redacted.
    let chars: Vec<char> = view.text.chars().collect();
    let at = view.text.find("saw a frog").unwrap();
    let start = view.text[..at].chars().count() + 4;
    assert_eq!(chars[start], 'a');
    w.office
        .redact(
            &w.sue,
            REF,
            &RedactBy::Span {
                start,
                end: start + 1,
            },
            RedactTarget::Doc(id),
            PRIVACY,
            None,
        )
        .await
        .unwrap();
    w.release_rest().await;
    w.approve().await;
    let out = w.export("out").await;
    let text = pdftotext(&copy_of(&out, id));
    assert!(
        text.contains("Gov. Code §7927.700"),
        "the label is cut:\n{text}"
    );
    assert!(text.contains("Fr\u{f6}sche im Teich"), "{text}");
    let csv = std::fs::read_to_string(out.join("exemption-log.csv")).unwrap();
    // The subject stays whole ("a" is not replaced inside other words), the date is a day.
    assert!(csv.contains(",Fr\u{f6}sche im Teich,"), "{csv}");
    assert!(csv.contains(",2026-11-02,"), "{csv}");
    // The letter is the agency's, not an inspection copy: no watermark, no such header.
    let letter = pdftotext(&out.join("determination-letter.pdf"));
    assert!(!letter.contains("Inspection copy"), "{letter}");
}

#[tokio::test]
async fn a_letter_spaced_heading_exports_and_verifies() {
    // Enron message 3621 ("FW: ON CALL (REVISED)") stopped a whole request's export: its
    // heading, typeset letter by letter, is read back as words.
    let w = world().await;
    let body = "W E E K E N D   S Y S T E M S   A V A I L A B I L I T Y\n\n\
                F O R\n\nOn call this weekend: the systems team.\n";
    w.ingest(&[("oncall.txt", body.as_bytes().to_vec())]).await;
    w.release_rest().await;
    let check = w.office.check_release(&w.olga, REF, |_| {}).await.unwrap();
    assert!(check.problems.is_empty(), "{:?}", check.problems);
    w.approve().await;
    let out = w.export("out").await;
    let v = w.office.verify_export(&w.sue, &out).await.unwrap();
    assert!(v.ok, "{:?}", v.problems);
}

/// A page so large (14,400 pt square) that poppler cannot render it.
fn unrenderable_pdf() -> Vec<u8> {
    let content = "BT /F1 18 Tf 72 700 Td (A page too large to render) Tj ET";
    let objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
    ];
    fixtures::assemble(&objects, "")
}

#[tokio::test]
async fn what_export_could_refuse_surfaces_at_submission_named_by_record() {
    let w = world().await;
    let mail = fixtures::email(
        "Inspector <insp@city.example>",
        "Site photo",
        "Photo of the site attached.",
        Some(("photo.jpg", &fixtures::damaged_jpeg())),
    );
    w.ingest(&[
        ("site.eml", mail),
        ("plan.pdf", unrenderable_pdf()),
        ("ok.txt", b"An ordinary note.\n".to_vec()),
    ])
    .await;
    w.release_rest().await;
    let photo = w.id("photo.jpg").await;
    let plan = w.id("plan.pdf").await;
    let check = w.office.check_release(&w.olga, REF, |_| {}).await.unwrap();
    let named: Vec<(RecordId, ProblemKind, Option<u32>)> = check
        .problems
        .iter()
        .map(|p| (p.doc_id, p.kind, p.page))
        .collect();
    assert_eq!(
        named,
        vec![
            (plan, ProblemKind::Render, Some(1)),
            (photo, ProblemKind::Render, Some(1)),
        ],
        "{:?}",
        check.problems
    );
    for p in &check.problems {
        assert_eq!(p.remedies, vec![Remedy::Withhold, Remedy::NotResponsive]);
        assert!(p.describe().contains(&format!("record {}", p.doc_id)));
    }
    assert_eq!(check.problems[1].title, "photo.jpg");
    assert!(check.problems[0].reason.contains("could not be rendered"));
    assert!(!check.problems[1].reason.contains('\n'), "one line");
    // Submission is refused, naming them; nothing was submitted.
    let e = w.office.submit(&w.olga, REF).await.unwrap_err();
    assert!(
        e.message
            .contains(&format!("record {photo} (photo.jpg), page 1")),
        "{e}"
    );
    assert_eq!(e.record, Some(plan), "the first record named");
    assert!(w.office.approval(&w.olga, REF).await.unwrap().is_none());
    // The officer's answer: withhold the photo, leave the plan out. Then it goes.
    w.office
        .withhold(&w.sue, REF, photo, PRIVACY)
        .await
        .unwrap();
    w.office
        .set_disposition(&w.sue, REF, plan, "not-responsive")
        .await
        .unwrap();
    let again = w.office.check_release(&w.olga, REF, |_| {}).await.unwrap();
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    assert!(
        again.reused >= 2,
        "unchanged records are not read again: {again:?}"
    );
    w.approve().await;
    w.export("out").await;
}

#[tokio::test]
async fn an_export_that_stops_names_the_record_and_is_audited() {
    let w = world().await;
    w.ingest(&[(
        "memo.pdf",
        pdf_of_pages(&[&["Permit fee memo for Oak Street"]], ""),
    )])
    .await;
    let id = w.id("memo.pdf").await;
    w.release_rest().await;
    w.approve().await;
    // After approval, the original changes under the office (a disk fault): that could not
    // be known at submission, so the export stops — at the record, named.
    let originals = w.path("office").join("originals");
    let cache = w.path("office").join("cache");
    let _ = std::fs::remove_dir_all(&cache);
    let mut packs = vec![];
    let mut stack = vec![originals];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else if e.path().extension().is_some_and(|x| x == "pack") {
                packs.push(e.path());
            }
        }
    }
    if packs.is_empty() {
        // Team mode keeps originals elsewhere: nothing to damage here.
        return;
    }
    for p in &packs {
        let mut perm = std::fs::metadata(p).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perm.set_readonly(false);
        std::fs::set_permissions(p, perm).unwrap();
        let mut bytes = std::fs::read(p).unwrap();
        let at = bytes.len() - 40;
        bytes[at] ^= 0xFF;
        std::fs::write(p, bytes).unwrap();
    }
    let out = w.path("out");
    let e = w
        .office
        .export(&w.olga, REF, &ExportOptions::new(&out), |_| {})
        .await
        .unwrap_err();
    assert_eq!(e.record, Some(id), "{e}");
    assert!(
        e.message.contains(&format!("record {id} (memo.pdf)")),
        "{e}"
    );
    assert!(!out.exists());
    let log = w.office.audit_log(&w.sue, None, 0, 1000).await.unwrap();
    let failed = log
        .iter()
        .find(|e| e.action == "export.failed")
        .expect("export.failed in the audit log");
    assert_eq!(failed.details["record"], id.0);
    assert!(w.office.audit_verify(&w.sue).await.unwrap().ok);
}

#[tokio::test]
async fn a_record_released_as_page_images_passes_every_reader() {
    let w = world().await;
    w.ingest(&[
        (
            "notice.pdf",
            pdf_of_pages(
                &[&[
                    "Public notice of hearing",
                    "Contact Ann Lathrop at 555-0100 for the agenda",
                ]],
                "",
            ),
        ),
        (
            "memo.txt",
            b"Permit memo\nCall Ann Lathrop about the permit.\n".to_vec(),
        ),
    ])
    .await;
    for v in ["Ann Lathrop", "555-0100"] {
        w.office
            .redact(
                &w.sue,
                REF,
                &RedactBy::Text {
                    value: v.into(),
                    ignore_case: false,
                },
                RedactTarget::AllDocs,
                PRIVACY,
                None,
            )
            .await
            .unwrap();
    }
    w.release_rest().await;
    let (pdf, memo) = (w.id("notice.pdf").await, w.id("memo.txt").await);
    // A clerk may not choose how a release goes out.
    new_user(&w.office, &w.sue, "carl", Role::Clerk, "Carl Ng").await;
    let carl = w.office.sign_in("carl", PW).await.unwrap();
    let e = w
        .office
        .set_release_as_images(&carl, REF, &[pdf], true)
        .await
        .unwrap_err();
    assert_eq!(e.code, office::ErrorCode::Forbidden);
    w.office
        .set_release_as_images(&w.olga, REF, &[pdf, memo], true)
        .await
        .unwrap();
    let check = w.office.check_release(&w.olga, REF, |_| {}).await.unwrap();
    assert!(check.problems.is_empty(), "{:?}", check.problems);
    assert_eq!(check.as_images, vec![memo, pdf]);
    w.approve().await;
    let out = w.export("out").await;
    for id in [pdf, memo] {
        let copy = copy_of(&out, id);
        let text = pdftotext(&copy);
        assert!(!text.contains("Lathrop") && !text.contains("555"), "{text}");
        // The OCR text layer makes the picture searchable.
        assert!(
            text.to_lowercase().contains("permit") || text.to_lowercase().contains("hearing"),
            "{text}"
        );
        let q = Command::new("qpdf")
            .arg("--check")
            .arg(&copy)
            .output()
            .unwrap();
        assert!(q.status.success(), "{}", String::from_utf8_lossy(&q.stdout));
    }
    let xray = Command::new(env!("CARGO_MANIFEST_DIR").to_string() + "/../../scripts/xray")
        .arg(copy_of(&out, pdf))
        .arg(copy_of(&out, memo))
        .output()
        .unwrap();
    assert!(
        xray.status.success(),
        "x-ray: {}",
        String::from_utf8_lossy(&xray.stdout)
    );
    // The manifest and the log say which records went out this way.
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let flagged: Vec<i64> = m["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["as_images"] == true)
        .map(|r| r["doc_id"].as_i64().unwrap())
        .collect();
    assert_eq!(flagged, vec![memo.0, pdf.0]);
    let log = pdftotext(&out.join("exemption-log.pdf"));
    assert!(log.contains("as page images"), "{log}");
    let v = w.office.verify_export(&w.sue, &out).await.unwrap();
    assert!(v.ok, "{:?}", v.problems);
    let events = w.office.audit_log(&w.sue, None, 0, 1000).await.unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.action == "record.release-as-images")
    );
}
