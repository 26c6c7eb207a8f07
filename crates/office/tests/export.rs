//! Approval and export, end to end on real files: a born-digital PDF, a scanned PDF and a
//! scanned image (OCR), a PDF with a black box drawn over live text, a PDF with
//! white-on-white text, an email with an HTML part, a DOCX with author metadata and a
//! tracked deletion, a spreadsheet, and records withheld in full. The inspection copies are
//! read back by independent readers (poppler's pdftotext, qpdf, Free Law Project's x-ray)
//! and their raw, decompressed objects searched for every redacted value.

use testkit as fixtures;

use std::path::{Path, PathBuf};
use std::process::Command;

use office::{
    Actor, ApprovalState, Config, ErrorCode, ExportOptions, IngestOptions, Office, RecordId,
    RedactBy, RedactTarget, Role,
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
const HOME: &str = "7928.300";
const POLICE: &str = "7923.600";

struct World {
    tmp: tempfile::TempDir,
    office: Office,
    /// Supervisor (made the office).
    sue: Actor,
    olga: Actor,
    sam: Actor,
}

/// Values that must never be readable in any inspection copy.
const SECRETS: &[&str] = &[
    "Lathrop",    // redacted by text everywhere
    "555-0100",   // phone, by the detector
    "Quetzal",    // inside a tracked deletion, redacted
    "Pruitt",     // a word of the scan, redacted
    "Quimby",     // the withheld record's text
    "burglary",   // the withheld record's text
    "Zelda",      // under a black box the source drew
    "Quill",      // under a black box the source drew
    "Ignatius",   // white on white in the source
    "Umbridge",   // the DOCX's author (metadata)
    "Fakeauthor", // a PDF's /Author
];

/// Authors from the originals' metadata: the exemption log describes records by them.
const AUTHORS: &[&str] = &["Umbridge", "Fakeauthor"];

fn name(w: &World, file: &str) -> PathBuf {
    w.tmp.path().join(file)
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
        .create_request(
            &sue,
            REF,
            "A. Reporter",
            "2026-11-20",
            "Permit records for 12 Oak St.",
        )
        .await
        .unwrap();
    let root = tmp.path().join("collection");
    fixtures::write(
        &root.join("a-born.pdf"),
        fixtures::pdf_with_content(
            "BT /F1 14 Tf 72 700 Td (Permit fee memo for Oak Street) Tj ET \
             BT /F1 14 Tf 72 670 Td (Contact Ann Lathrop at 555-0100 today) Tj ET \
             BT /F1 14 Tf 72 640 Td (Fee schedule attached) Tj ET",
            Some("/Author (Fakeauthor Person) /Title (Oak permits)"),
        ),
    );
    fixtures::write(
        &root.join("b-boxed.pdf"),
        fixtures::pdf_with_content(
            "BT /F1 14 Tf 72 700 Td (The visible line stays) Tj ET \
             BT /F1 14 Tf 72 650 Td (Covered Zelda Quill) Tj ET \
             0 0 0 rg 66 644 200 24 re f",
            None,
        ),
    );
    fixtures::write(
        &root.join("c-white.pdf"),
        fixtures::pdf_with_content(
            "BT /F1 14 Tf 72 700 Td (Ordinary words on the page) Tj ET \
             1 1 1 rg BT /F1 14 Tf 72 600 Td (Ignatius invisible note) Tj ET",
            None,
        ),
    );
    // Large enough to be kept as a loose file, not packed.
    let padding = format!("% {}\n", "x".repeat(300 * 1024));
    fixtures::write(
        &root.join("i-plan.pdf"),
        fixtures::pdf_with_content(
            &format!("{padding}BT /F1 14 Tf 72 700 Td (Large site plan notes) Tj ET"),
            None,
        ),
    );
    let png = tmp.path().join("scan.png");
    fixtures::scanned_png(&png, "Inspector Yolanda Pruitt visited");
    fixtures::write(&root.join("d-scan.pdf"), fixtures::scanned_pdf(&png));
    fixtures::scanned_png(
        &root.join("j-photo.png"),
        "Permit clerk Orlando Vasquez signed",
    );
    fixtures::write(
        &root.join("e-mail.eml"),
        "From: \"Bob Jones\" <bob@city.example>\r\nTo: clerk@city.example\r\n\
         Subject: Permit call\r\nDate: Mon, 2 Mar 2026 10:00:00 -0800\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\n\
         Content-Type: text/plain\r\n\r\nAnn Lathrop phoned from 555-0100 about the kiosk.\r\n\
         --b\r\nContent-Type: text/html\r\n\r\n<p><b>Ann Lathrop</b> phoned from 555-0100 about the kiosk.</p>\r\n--b--\r\n",
    );
    fixtures::write(
        &root.join("f-memo.docx"),
        fixtures::docx(
            "The budget for Oak Street is final.",
            "previous figure Quetzal dollars",
            "Dolores Umbridge",
        ),
    );
    {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "Applicant").unwrap();
        sheet.write_string(0, 1, "Phone").unwrap();
        sheet.write_string(0, 2, "Permit").unwrap();
        sheet.write_string(1, 0, "Ann Lathrop").unwrap();
        sheet.write_string(1, 1, "555-0100").unwrap();
        sheet.write_string(1, 2, "Permit 42 granted").unwrap();
        book.save(root.join("g-fees.xlsx")).unwrap();
    }
    fixtures::write(
        &root.join("k-complaint.eml"),
        fixtures::email(
            "Dana Cole <dana@city.example>",
            "Complaint about Ann Lathrop",
            "A complaint about a neighbour, to be withheld.",
            None,
        ),
    );
    fixtures::write(
        &root.join("h-notes.txt"),
        "Investigation notes: burglary suspect Quimby seen on Elm.\n",
    );
    let report = office
        .ingest(
            &sue,
            REF,
            std::slice::from_ref(&root),
            IngestOptions::default(),
            &|_| {},
        )
        .await
        .unwrap();
    assert_eq!(report.counts.failed, 0, "{:?}", report.failed);
    World {
        tmp,
        office,
        sue,
        olga,
        sam,
    }
}

async fn id_of(w: &World, path_end: &str) -> RecordId {
    w.office
        .records(&w.sue, REF)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.path.ends_with(path_end))
        .unwrap_or_else(|| panic!("no record {path_end}"))
        .id
}

async fn review(w: &World) {
    let text = |v: &str| RedactBy::Text {
        value: v.into(),
        ignore_case: false,
    };
    for (by, code) in [
        (text("Ann Lathrop"), PRIVACY),
        (text("Quetzal"), PRIVACY),
        (text("Pruitt"), PRIVACY),
        (text("Vasquez"), PRIVACY),
        (RedactBy::Detect(vec![office::DetectorKind::Phone]), HOME),
    ] {
        w.office
            .redact(&w.sue, REF, &by, RedactTarget::AllDocs, code, None)
            .await
            .unwrap();
    }
    let notes = id_of(w, "h-notes.txt").await;
    w.office.withhold(&w.sue, REF, notes, POLICE).await.unwrap();
    // Withheld, with a redacted name in its subject: the log must not spell it.
    let complaint = id_of(w, "k-complaint.eml").await;
    w.office
        .withhold(&w.sue, REF, complaint, PRIVACY)
        .await
        .unwrap();
    w.office
        .set_undecided(&w.sue, REF, "release")
        .await
        .unwrap();
}

async fn approve(w: &World) {
    let submitted = w.office.submit(&w.olga, REF).await.unwrap();
    // The approvals list says who submitted, and when.
    let rows = w.office.requests_with_counts(&w.sam).await.unwrap();
    let (_, counts) = rows
        .iter()
        .find(|(r, _)| r.reference.as_str() == REF)
        .unwrap();
    assert_eq!(counts.submitted_by.as_deref(), Some(w.olga.name()));
    assert_eq!(
        counts.submitted_at.as_deref(),
        Some(submitted.submitted_at.as_str())
    );
    w.office.approve(&w.sam, REF, Some("ok")).await.unwrap();
}

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for d in [dir.to_path_buf(), dir.join("records")] {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "pdf") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn pdftotext(p: &Path, page: Option<usize>) -> String {
    let mut c = Command::new("pdftotext");
    if let Some(n) = page {
        c.args(["-f", &n.to_string(), "-l", &n.to_string()]);
    }
    let o = c.arg(p).arg("-").output().unwrap();
    assert!(o.status.success(), "pdftotext {}", p.display());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The file with every stream decompressed and no object streams (qpdf's QDF form).
fn raw(p: &Path) -> Vec<u8> {
    let out = p.with_extension("qdf");
    let o = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(p)
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "qpdf --qdf {}", p.display());
    let bytes = std::fs::read(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    bytes
}

fn page_count(p: &Path) -> usize {
    let o = Command::new("pdfinfo").arg(p).output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap()
}

fn contains(hay: &[u8], needle: &str) -> bool {
    let n = needle.to_lowercase();
    hay.to_ascii_lowercase()
        .windows(n.len())
        .any(|w| w == n.as_bytes())
}

#[tokio::test]
async fn an_approved_release_exports_with_nothing_redacted_readable() {
    let w = world().await;
    review(&w).await;

    // No approval yet: refused, nothing written.
    let out = name(&w, "out1");
    let e = w
        .office
        .export(&w.sue, REF, &ExportOptions::new(&out), |_| {})
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::StaleApproval, "{e}");
    assert!(!out.exists());

    // The two-person rule: an officer cannot approve; nobody approves what they submitted.
    let submitted = w.office.submit(&w.sue, REF).await.unwrap();
    // The submitter and the approver are told of the text the PDFs hide.
    let boxed = id_of(&w, "b-boxed.pdf").await;
    let white = id_of(&w, "c-white.pdf").await;
    let told: Vec<RecordId> = submitted.hidden_text.iter().map(|h| h.doc_id).collect();
    assert_eq!(told, vec![boxed, white], "{:?}", submitted.hidden_text);
    assert!(submitted.hidden_text[0].sample.contains("Zelda"));
    let shown = w.office.hidden_text(&w.sue, REF, white).await.unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].page, 1);
    assert!(shown[0].sample.contains("Ignatius"), "{shown:?}");
    let e = w.office.approve(&w.sue, REF, None).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden, "{e}");
    let e = w.office.approve(&w.olga, REF, None).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden, "{e}");
    w.office
        .reject(&w.sam, REF, "resubmit from the officer")
        .await
        .unwrap();
    approve(&w).await;

    let report = w
        .office
        .export(&w.olga, REF, &ExportOptions::new(&out), |_| {})
        .await
        .unwrap();
    assert_eq!(report.records, 11, "{report:?}");
    // Hidden source text was found and reported (black box; white on white).
    let hidden: Vec<i64> = report.hidden_text.iter().map(|h| h.doc_id).collect();
    assert!(
        hidden.contains(&boxed.0) && hidden.contains(&white.0),
        "{hidden:?}"
    );

    // 1. Nothing redacted, withheld or hidden is readable: not by pdftotext, not in the raw
    //    decompressed objects; no original metadata; every file passes qpdf and x-ray.
    let files = pdfs(&out);
    assert_eq!(files.len(), 11 + 3, "{files:?}");
    for f in &files {
        let text = pdftotext(f, None);
        let bytes = raw(f);
        // The exemption log describes each record, author included (as a privilege log
        // does): an original's author may appear there, and only there.
        let log = f.ends_with("exemption-log.pdf");
        for s in SECRETS.iter().filter(|s| !(log && AUTHORS.contains(s))) {
            assert!(
                !contains(text.as_bytes(), s),
                "{s} readable in {}",
                f.display()
            );
            assert!(
                !contains(&bytes, s),
                "{s} in the raw objects of {}",
                f.display()
            );
        }
        for key in [
            "/Annots",
            "/AcroForm",
            "/JavaScript",
            "/EmbeddedFile",
            "/Metadata",
            "/Author",
        ] {
            assert!(!contains(&bytes, key), "{key} in {}", f.display());
        }
        let o = Command::new("qpdf").arg("--check").arg(f).output().unwrap();
        assert!(o.status.success(), "qpdf --check {}", f.display());
    }
    let xray = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/xray");
    let o = Command::new(&xray).args(&files).output().unwrap();
    assert!(
        o.status.success(),
        "x-ray found boxes over text: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    // The log and the manifest are written by us: no redacted value in them either.
    for f in ["exemption-log.csv", "manifest.json"] {
        let bytes = std::fs::read(out.join(f)).unwrap();
        for s in SECRETS
            .iter()
            .filter(|s| !(f.ends_with(".csv") && AUTHORS.contains(s)))
        {
            assert!(!contains(&bytes, s), "{s} in {f}");
        }
    }

    // 2. Released text is present, in the copies and in the combined release.
    let combined = out.join(format!("{REF}-release.pdf"));
    let all = pdftotext(&combined, None);
    for kept in [
        "Permit fee memo for Oak Street",
        "Fee schedule attached",
        "The visible line stays",
        "Ordinary words on the page",
        "Yolanda",
        "Orlando",
        "about the kiosk",
        "budget for Oak Street is final",
        "Permit 42 granted",
        "Large site plan notes",
        "WITHHELD IN FULL",
        "§7927.700",
    ] {
        assert!(all.contains(kept), "{kept} missing from the release");
    }

    // 3. Bates numbers: one per page, consecutive, on every page of the combined PDF.
    let n = page_count(&combined);
    assert_eq!(n, report.pages);
    for p in 1..=n {
        let t = pdftotext(&combined, Some(p));
        let found: Vec<&str> = t
            .split_whitespace()
            .filter(|w| w.starts_with(&format!("{REF}-")))
            .collect();
        assert_eq!(found, vec![format!("{REF}-{p:06}")], "page {p}");
    }

    // 4. The exemption log: one row per redacted or withheld record, with citations.
    let csv = std::fs::read_to_string(out.join("exemption-log.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(
        rows.iter()
            .any(|r| r.contains("Dolores Umbridge") && r.contains("docx")),
        "{csv}"
    );
    let redacted = [
        "a-born.pdf",
        "d-scan.pdf",
        "e-mail.eml",
        "f-memo.docx",
        "g-fees.xlsx",
        "j-photo.png",
    ];
    assert_eq!(rows.len(), redacted.len() + 2, "{csv}");
    assert!(
        rows.iter()
            .any(|r| r.contains("Complaint about [Gov. Code §7927.700]")),
        "{csv}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("withheld in full") && r.contains("§6254(f)"))
    );
    assert_eq!(
        rows.iter()
            .filter(|r| r.contains("released with redactions"))
            .count(),
        redacted.len()
    );
    let letter = pdftotext(&out.join("determination-letter.pdf"), None);
    assert!(
        letter.contains("Sam Lee") && letter.contains("§7922.540"),
        "{letter}"
    );

    // 5. Reproducible: the same approval exported again gives the same bytes, even after
    //    the approver's name changed in the office (the letter names them as they were).
    fixtures::raw_sql(
        &w.tmp.path().join("office"),
        "UPDATE users SET display_name = 'Samuel Lee-Park' WHERE name = 'sam'",
    )
    .await;
    let out2 = name(&w, "out2");
    w.office
        .export(&w.olga, REF, &ExportOptions::new(&out2), |_| {})
        .await
        .unwrap();
    for f in std::fs::read_dir(&out)
        .unwrap()
        .chain(std::fs::read_dir(out.join("records")).unwrap())
    {
        let p = f.unwrap().path();
        if p.is_file() {
            let rel = p.strip_prefix(&out).unwrap();
            assert_eq!(
                std::fs::read(&p).unwrap(),
                std::fs::read(out2.join(rel)).unwrap(),
                "{} differs between two exports",
                rel.display()
            );
        }
    }

    // 6. verify: clean, then a changed byte and an added file are caught.
    let v = w.office.verify_export(&w.sue, &out).await.unwrap();
    assert!(v.ok, "{:?}", v.problems);
    assert_eq!(v.records_checked, 11);
    let victim = out.join("records").join(format!("{REF}-000001.pdf"));
    let mut bytes = std::fs::read(&victim).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x20;
    std::fs::write(&victim, bytes).unwrap();
    std::fs::write(out.join("extra.txt"), "x").unwrap();
    let v = w.office.verify_export(&w.sue, &out).await.unwrap();
    assert!(!v.ok);
    assert!(
        v.problems
            .iter()
            .any(|p| p.contains("000001.pdf has changed")),
        "{:?}",
        v.problems
    );
    assert!(
        v.problems.iter().any(|p| p.contains("extra.txt")),
        "{:?}",
        v.problems
    );
    // A manifest edited to match a changed file is caught by the office's own record of it.
    let m = out.join("manifest.json");
    let mut edited = std::fs::read(&m).unwrap();
    edited.extend_from_slice(b" ");
    std::fs::write(&m, edited).unwrap();
    let v = w.office.verify_export(&w.sue, &out).await.unwrap();
    assert!(
        v.problems
            .iter()
            .any(|p| p == "manifest.json has changed since the export"),
        "{:?}",
        v.problems
    );

    // 7. A change after approval makes it stale; export says what changed.
    let born = id_of(&w, "a-born.pdf").await;
    w.office
        .redact(
            &w.sue,
            REF,
            &RedactBy::Text {
                value: "Oak Street".into(),
                ignore_case: false,
            },
            RedactTarget::Doc(born),
            PRIVACY,
            None,
        )
        .await
        .unwrap();
    let e = w
        .office
        .export(&w.olga, REF, &ExportOptions::new(name(&w, "out3")), |_| {})
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::StaleApproval);
    assert!(
        e.message
            .contains(&format!("record {born}: redactions changed")),
        "{e}"
    );
    let a = w.office.approval(&w.sue, REF).await.unwrap().unwrap();
    assert_eq!(a.state, ApprovalState::Approved);
    assert!(!a.changed.is_empty());

    // 8. An existing, non-empty folder is refused.
    approve(&w).await;
    let e = w
        .office
        .export(&w.olga, REF, &ExportOptions::new(&out2), |_| {})
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid, "{e}");
}

#[tokio::test]
async fn a_failing_export_leaves_nothing_that_looks_finished_and_originals_untouched() {
    let w = world().await;
    review(&w).await;
    approve(&w).await;
    // Take away one original's file (as a failing disk would): the export stops with the
    // record's reason and leaves no folder behind.
    let originals = w.tmp.path().join("office/originals");
    let before = hashes(&originals);
    let plan = id_of(&w, "i-plan.pdf").await;
    let victim = find_original(&originals, &w, "i-plan.pdf");
    let saved = std::fs::read(&victim).unwrap();
    let mut perms = std::fs::metadata(&victim).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&victim, perms).unwrap();
    std::fs::remove_file(&victim).unwrap();
    let out = name(&w, "out");
    let e = w
        .office
        .export(&w.olga, REF, &ExportOptions::new(&out), |_| {})
        .await
        .unwrap_err();
    assert!(e.message.contains(&format!("record {plan}")), "{e}");
    assert!(!out.exists());
    // An original changed behind the office's back is not rendered either.
    let mut changed = saved.clone();
    changed[20] ^= 1;
    std::fs::write(&victim, &changed).unwrap();
    let e = w
        .office
        .export(&w.olga, REF, &ExportOptions::new(&out), |_| {})
        .await
        .unwrap_err();
    assert!(e.message.contains("no longer matches its SHA-256"), "{e}");
    assert!(!out.exists());
    assert!(!name(&w, &format!(".out.partial-{}", std::process::id())).exists());
    std::fs::write(&victim, saved).unwrap();
    assert_eq!(hashes(&originals), before);
    // A killed export leaves only its hidden folder; the next export removes it.
    // (A process id no process has: Linux's ids stay below 2^22.)
    let partial = name(&w, ".out.partial-4999999");
    fixtures::write(&partial.join("records/half.pdf"), b"%PDF-1.7 half");
    // With the file back, the same export succeeds.
    w.office
        .export(&w.olga, REF, &ExportOptions::new(&out), |_| {})
        .await
        .unwrap();
    assert!(!partial.exists());
    assert!(!out.join("records/half.pdf").exists());
}

/// Where an original's bytes are kept (loose, by SHA-256).
fn find_original(originals: &Path, w: &World, path_end: &str) -> PathBuf {
    let bytes = std::fs::read(w.tmp.path().join("collection").join(path_end)).unwrap();
    let sha = {
        use std::fmt::Write;
        let digest = sha256(&bytes);
        digest.iter().fold(String::new(), |mut s, b| {
            write!(s, "{b:02x}").unwrap();
            s
        })
    };
    let p = originals.join(&sha[..2]).join(&sha);
    assert!(p.exists(), "loose original {}", p.display());
    p
}

fn sha256(bytes: &[u8]) -> Vec<u8> {
    let o = Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(bytes)?;
            c.wait_with_output()
        })
        .unwrap();
    let hex = String::from_utf8_lossy(&o.stdout);
    (0..32)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

fn hashes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if !p.ends_with("tmp") {
                    stack.push(p);
                }
            } else {
                out.push((p.clone(), sha256(&std::fs::read(&p).unwrap())));
            }
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn many_small_pdfs_stored_in_packs_all_render() {
    // Small originals live in packs; rendering needs a temporary file of each, which must
    // outlast the records rendered ahead of the one being written.
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
    let olga = office.sign_in("olga", PW).await.unwrap();
    office
        .create_request(&sue, REF, "A. Reporter", "2026-11-20", "Permits")
        .await
        .unwrap();
    let root = tmp.path().join("collection");
    for i in 0..16 {
        fixtures::write(
            &root.join(format!("p{i:02}.pdf")),
            fixtures::pdf_with_text(&format!("Permit number {i} for Oak Street")),
        );
    }
    let opts = IngestOptions {
        ocr: false,
        ..Default::default()
    };
    office
        .ingest(&sue, REF, std::slice::from_ref(&root), opts, &|_| {})
        .await
        .unwrap();
    office.set_undecided(&sue, REF, "release").await.unwrap();
    office.submit(&olga, REF).await.unwrap();
    office.approve(&sue, REF, None).await.unwrap();
    let r = office
        .export(
            &olga,
            REF,
            &ExportOptions::new(tmp.path().join("out")),
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!((r.records, r.pages), (16, 16));
}
