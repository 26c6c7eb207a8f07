//! Ingest, end to end: real files in, records in a real SQLite file, words in a real index.

use testkit as fixtures;

use office::{
    Actor, Config, IngestOptions, IngestReport, Office, RecordKind, RecordStatus, RecordSummary,
    Role,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod common;
use common::{PW, new_user};

struct World {
    tmp: tempfile::TempDir,
    office: Office,
    ana: Actor,
}

async fn world() -> World {
    let tmp = tempfile::tempdir().unwrap();
    let office = Office::init(
        Config::new(fixtures::office_dir(tmp.path().join("office")).await),
        "ana",
        "",
        PW,
    )
    .await
    .unwrap();
    let ana = office.sign_in("ana", PW).await.unwrap();
    office
        .create_request(&ana, "PRA-1", "A. Reporter", "2026-11-02", "Permits")
        .await
        .unwrap();
    World { tmp, office, ana }
}

fn no_ocr() -> IngestOptions {
    IngestOptions {
        ocr: false,
        custodian: Some("Ann Lee".into()),
        ..Default::default()
    }
}

impl World {
    fn dir(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    async fn ingest(&self, paths: &[PathBuf], opts: IngestOptions) -> IngestReport {
        self.office
            .ingest(&self.ana, "PRA-1", paths, opts, &|_| {})
            .await
            .unwrap()
    }

    async fn docs(&self) -> HashMap<String, RecordSummary> {
        let docs = self.office.records(&self.ana, "PRA-1").await.unwrap();
        docs.into_iter().map(|d| (d.path.clone(), d)).collect()
    }

    async fn hits(&self, q: &str) -> usize {
        self.office
            .search_ids(&self.ana, "PRA-1", q)
            .await
            .unwrap()
            .len()
    }
}

fn rel(root: &Path, p: &str) -> String {
    format!("{}/{p}", root.display())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mixed_folder_lands_with_every_file_accounted_for() {
    let w = world().await;
    let root = w.dir("collection");
    fixtures::mixed_collection(&root);
    let report = w.ingest(std::slice::from_ref(&root), no_ocr()).await;
    let docs = w.docs().await;
    let get = |p: &str| {
        docs.get(&rel(&root, p))
            .unwrap_or_else(|| panic!("no record {p}: {:#?}", docs.keys()))
    };

    // Every file and every child ends in exactly one state.
    assert_eq!(docs.len(), 15, "{:#?}", docs.keys());
    assert_eq!(
        (
            report.counts.ingested,
            report.counts.duplicates,
            report.counts.failed
        ),
        (10, 1, 4),
        "{report:#?}"
    );
    assert!(report.records.len() == 10 && report.failed.iter().all(|f| !f.reason.is_empty()));

    let memo = get("memos/memo.txt");
    assert_eq!(
        (memo.kind.as_str(), memo.status.as_str()),
        ("text", "ingested")
    );
    assert_eq!(memo.custodian.as_deref(), Some("Ann Lee"));
    let copy = get("transfer/memo-copy.txt");
    assert_eq!(
        (copy.status.as_str(), copy.duplicate_of),
        ("duplicate", Some(memo.id))
    );
    assert_eq!(copy.sha256, memo.sha256);

    let text = |p: &str| {
        let id = get(p).id;
        let office = &w.office;
        let ana = &w.ana;
        async move { office.record_text(ana, id).await.unwrap() }
    };
    assert!(
        text("memos/latin1.txt")
            .await
            .contains("Café receipts for Señor Muñoz")
    );
    assert!(text("memos/utf16.txt").await.contains("Zoë's résumé"));
    assert!(
        text("pdf/invoice.pdf")
            .await
            .contains("Invoice for Lathrop grading")
    );
    assert!(
        text("mail/permit.eml")
            .await
            .contains("Please see the attached note.")
    );
    let html = text("web/form.html").await;
    assert!(
        html.contains("Pat Q. Public") && !html.contains("jsword"),
        "{html}"
    );

    // Families: the attachment and the archive entry are children of their parents.
    let eml = get("mail/permit.eml");
    assert_eq!(eml.kind, RecordKind::Email);
    let att = get("mail/permit.eml/note.txt");
    assert_eq!(
        (att.parent, att.status.as_str()),
        (Some(eml.id), "ingested")
    );
    let zip = get("archive.zip");
    assert_eq!(zip.kind, RecordKind::Archive);
    let inner = get("archive.zip/inner/notes.txt");
    assert_eq!(inner.parent, Some(zip.id));

    // Bad files fail with a plain reason and stop nothing.
    let reason = |p: &str| get(p).failure.clone().unwrap_or_default();
    assert_eq!(get("pdf/broken.pdf").status, RecordStatus::Failed);
    assert!(
        reason("pdf/broken.pdf").to_lowercase().contains("pdf"),
        "{}",
        reason("pdf/broken.pdf")
    );
    assert!(
        reason("bin/data.bin").contains("unsupported"),
        "{}",
        reason("bin/data.bin")
    );
    assert_eq!(reason("archive.zip/../evil.txt"), "unsafe path in archive");
    assert_eq!(reason("archive.zip//abs.txt"), "unsafe path in archive");

    // Every word is findable, attachments and archive entries included.
    assert_eq!(w.hits("zanzibar").await, 1);
    assert_eq!(w.hits("quokka").await, 1);
    assert_eq!(
        w.hits("lathrop").await,
        3,
        "memo, its copy and the invoice: copies are found too (and can be folded)"
    );
    assert_eq!(w.hits("muñoz").await, 1);
    assert_eq!(w.hits("jsword").await, 0);
    assert_eq!(w.hits("203.0.113.9").await, 1);

    // The originals are kept byte for byte, the small ones packed, and read back exactly.
    for (p, d) in &docs {
        if d.status != RecordStatus::Failed && d.parent.is_none() {
            let bytes = w.office.original(&w.ana, d.id).await.unwrap();
            assert_eq!(bytes, std::fs::read(p).unwrap(), "{p}");
        }
    }
    let note = w.office.original(&w.ana, att.id).await.unwrap();
    assert_eq!(note, b"Attachment secret word: zanzibar");

    // One audit event per batch, in the request's log.
    let log = w
        .office
        .audit_log(&w.ana, Some("PRA-1"), 0, 100)
        .await
        .unwrap();
    let batches: Vec<_> = log.iter().filter(|e| e.action == "ingest.batch").collect();
    assert!(!batches.is_empty());
    let total: u64 = batches
        .iter()
        .map(|e| e.details["ingested"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 10);
}

#[tokio::test(flavor = "multi_thread")]
async fn ingest_is_idempotent() {
    let w = world().await;
    let root = w.dir("collection");
    fixtures::mixed_collection(&root);
    let first = w.ingest(std::slice::from_ref(&root), no_ocr()).await;
    let before = w.docs().await.len();
    let events = w
        .office
        .audit_log(&w.ana, None, 0, 1000)
        .await
        .unwrap()
        .len();
    let second = w.ingest(std::slice::from_ref(&root), no_ocr()).await;
    assert_eq!(
        (
            second.counts.ingested,
            second.counts.duplicates,
            second.counts.failed
        ),
        (0, 0, 0)
    );
    assert_eq!(second.counts.skipped, 11, "every top-level file is skipped");
    assert_eq!(w.docs().await.len(), before);
    assert_eq!(
        w.office
            .audit_log(&w.ana, None, 0, 1000)
            .await
            .unwrap()
            .len(),
        events
    );
    assert_eq!(w.hits("quokka").await, 1);
    assert!(first.counts.ingested > 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shared_attachment_is_stored_once_and_belongs_to_both_families() {
    let w = world().await;
    let root = w.dir("mail");
    let pdf = fixtures::pdf_with_text("Shared budget sheet");
    fixtures::write(
        &root.join("a.eml"),
        fixtures::email(
            "a@city.example",
            "First",
            "One.",
            Some(("budget.pdf", &pdf)),
        ),
    );
    fixtures::write(
        &root.join("b.eml"),
        fixtures::email(
            "b@city.example",
            "Second",
            "Two.",
            Some(("budget.pdf", &pdf)),
        ),
    );
    let r = w.ingest(std::slice::from_ref(&root), no_ocr()).await;
    assert_eq!((r.counts.ingested, r.counts.duplicates), (3, 1), "{r:#?}");
    let docs = w.docs().await;
    let first = &docs[&rel(&root, "a.eml/budget.pdf")];
    let second = &docs[&rel(&root, "b.eml/budget.pdf")];
    assert_eq!(second.duplicate_of, Some(first.id));
    // Each message's copy is found (one original, two records).
    assert_eq!(w.hits("budget").await, 2);
    // Both messages count the one stored attachment in their family.
    let b = &docs[&rel(&root, "b.eml")];
    assert_eq!(second.parent, Some(b.id));
    assert_eq!(
        fixtures::raw_count(&w.dir("office"), "SELECT COUNT(*) FROM originals").await,
        3,
        "two messages and one attachment"
    );
}

fn walkdir(p: &Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(p).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            if e.file_name() != "tmp" {
                n += walkdir(&e.path());
            }
        } else {
            n += 1;
        }
    }
    n
}

#[tokio::test(flavor = "multi_thread")]
async fn a_zip_bomb_is_refused_with_a_reason() {
    let w = world().await;
    let bomb = w.dir("bomb.zip");
    fixtures::zip_bomb(&bomb, 256);
    let r = w.ingest(std::slice::from_ref(&bomb), no_ocr()).await;
    let docs = w.docs().await;
    let entry = &docs[&format!("{}/zeros.bin", bomb.display())];
    assert_eq!(entry.status, RecordStatus::Failed);
    let reason = entry.failure.clone().unwrap();
    assert!(reason.contains("expands past"), "{reason}");
    assert_eq!(r.counts.failed, 1);
    assert_eq!(
        walkdir(&w.dir("office/originals")),
        1,
        "only the archive itself is kept"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_that_takes_too_long_is_failed_and_the_batch_goes_on() {
    let w = world().await;
    let root = w.dir("slow");
    // 150 MB takes far longer than 20 ms to hash and copy: the watchdog gives up on it.
    let big = root.join("big.txt");
    std::fs::create_dir_all(&root).unwrap();
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        let line = b"permit permit permit permit permit permit permit permit permit permit\n";
        for _ in 0..(150 << 20) / line.len() {
            f.write_all(line).unwrap();
        }
    }
    let mut opts = no_ocr();
    opts.extract.timeout = Duration::from_millis(20);
    let r = w.ingest(std::slice::from_ref(&root), opts).await;
    assert_eq!(r.counts.failed, 1, "{r:#?}");
    assert!(
        r.failed[0].reason.starts_with("took too long"),
        "{}",
        r.failed[0].reason
    );
    // And a later small file still goes through.
    fixtures::write(&root.join("small.txt"), "small note");
    let r = w.ingest(std::slice::from_ref(&root), no_ocr()).await;
    assert_eq!((r.counts.ingested, r.counts.skipped), (1, 1));
}

/// The progress shows a text file written as soon as it is, and a scan waiting for OCR as
/// soon as it waits, not only when the next family (the scan, read by OCR once the text files
/// are done) reaches the writer.
#[tokio::test(flavor = "multi_thread")]
async fn text_files_are_shown_written_before_the_scans_are_read() {
    let w = world().await;
    let root = w.dir("mixed");
    std::fs::create_dir_all(&root).unwrap();
    // Walked last (the walk goes by name): queued for OCR after the last memo is written.
    fixtures::scanned_png(&root.join("zz-letter.png"), "Permit 4471 approved");
    for i in 0..30 {
        fixtures::write(
            &root.join(format!("memo-{i:02}.txt")),
            format!("Memo {i} about the permit"),
        );
    }
    let progress = std::sync::Mutex::new(vec![]);
    let opts = IngestOptions {
        // Each family is written as soon as it comes: a batch for each memo.
        batch_records: 1,
        ..Default::default()
    };
    let r = w
        .office
        .ingest(&w.ana, "PRA-1", std::slice::from_ref(&root), opts, &|p| {
            progress.lock().unwrap().push(p.clone())
        })
        .await
        .unwrap();
    assert_eq!((r.counts.ingested, r.counts.failed), (31, 0), "{r:#?}");
    let progress = progress.lock().unwrap();
    // Every batch written is shown, however soon after the last progress it was written.
    let shown: Vec<u64> = progress.iter().map(|p| p.ingested).collect();
    for n in 1..=30 {
        let p = progress.iter().find(|p| p.ingested == n);
        let p = p.unwrap_or_else(|| panic!("no progress showed {n} written: {shown:?}"));
        assert_eq!(
            p.ocr_pages_done, 0,
            "the memos are shown before the scan is read: {p:#?}"
        );
    }
    // And the scan is shown read and waiting for OCR (every file accounted for) before OCR
    // has read it, though no family reached the writer meanwhile.
    assert!(
        progress
            .iter()
            .any(|p| p.files_done == 30 && (p.ocr_pages_queued, p.ocr_pages_done) == (1, 0)),
        "{progress:#?}"
    );
    assert!(progress.last().unwrap().finished);
}

/// Cancelling an import does not wait for its queued scans to be read: they are left
/// unrecorded, and the next run reads them.
#[tokio::test(flavor = "multi_thread")]
async fn a_cancelled_import_leaves_its_queued_scans_to_the_next_run() {
    let w = world().await;
    let root = w.dir("scans");
    std::fs::create_dir_all(&root).unwrap();
    for i in 0..4 {
        let text = format!("Permit 44{i}1 approved");
        fixtures::scanned_png(&root.join(format!("scan-{i}.png")), &text);
    }
    let opts = IngestOptions::default();
    let cancel = opts.cancel.clone();
    let r = w
        .office
        .ingest(&w.ana, "PRA-1", std::slice::from_ref(&root), opts, &|p| {
            // Every scan read and queued for OCR: the clerk cancels.
            if p.ocr_pages_queued == 4 {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        })
        .await
        .unwrap();
    assert!(r.cancelled, "{r:#?}");
    assert!(
        r.counts.ingested < 4,
        "the queued scans were all read: {r:#?}"
    );
    let left = 4 - r.counts.ingested;
    let again = w
        .ingest(std::slice::from_ref(&root), IngestOptions::default())
        .await;
    assert_eq!(
        (again.counts.ingested, again.counts.failed),
        (left, 0),
        "{again:#?}"
    );
    assert_eq!(w.hits("approved").await, 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn ocr_reads_a_scanned_page_and_a_scanned_pdf() {
    let w = world().await;
    let root = w.dir("scans");
    std::fs::create_dir_all(&root).unwrap();
    fixtures::scanned_png(&root.join("letter.png"), "Permit 4471 approved");
    fixtures::write(
        &root.join("letter-scan.pdf"),
        fixtures::scanned_pdf(&root.join("letter.png")),
    );
    // A GIF (fax servers and old scanners make them) is read like a PNG.
    fixtures::need("convert", "imagemagick");
    fixtures::run(
        std::process::Command::new("convert")
            .arg(root.join("letter.png"))
            .arg(root.join("letter-fax.gif")),
    );
    let progress = std::sync::Mutex::new(vec![]);
    let r = w
        .office
        .ingest(
            &w.ana,
            "PRA-1",
            std::slice::from_ref(&root),
            IngestOptions::default(),
            &|p| progress.lock().unwrap().push(p.clone()),
        )
        .await
        .unwrap();
    assert_eq!((r.counts.ingested, r.counts.failed), (3, 0), "{r:#?}");
    assert_eq!(w.hits("4471").await, 3);
    assert_eq!(w.hits("approved").await, 3);
    let gif = &w.docs().await[&rel(&root, "letter-fax.gif")];
    assert_eq!(gif.kind, RecordKind::Image);
    let last = progress.lock().unwrap().last().cloned().unwrap();
    assert!(last.finished);
    assert_eq!((last.files_done, last.files_total), (3, 3));
    assert_eq!((last.ocr_pages_queued, last.ocr_pages_done), (3, 3));
}

#[tokio::test(flavor = "multi_thread")]
async fn clerks_ingest_and_bad_paths_are_refused() {
    let w = world().await;
    new_user(&w.office, &w.ana, "carl", Role::Clerk, "").await;
    let carl = w.office.sign_in("carl", PW).await.unwrap();
    let root = w.dir("c");
    fixtures::write(&root.join("a.txt"), "alpha");
    let r = w
        .office
        .ingest(
            &carl,
            "PRA-1",
            std::slice::from_ref(&root),
            no_ocr(),
            &|_| {},
        )
        .await
        .unwrap();
    assert_eq!(r.counts.ingested, 1);
    let e = w
        .office
        .ingest(&carl, "PRA-1", &[w.dir("nowhere")], no_ocr(), &|_| {})
        .await
        .unwrap_err();
    assert!(e.message.contains("does not exist"), "{}", e.message);
    let e = w
        .office
        .ingest(
            &carl,
            "PRA-404",
            std::slice::from_ref(&root),
            no_ocr(),
            &|_| {},
        )
        .await
        .unwrap_err();
    assert!(e.message.contains("no request PRA-404"), "{}", e.message);
}

#[tokio::test]
async fn the_files_embedded_in_a_pdf_are_its_family_byte_for_byte() {
    let w = world().await;
    let root = w.dir("in");
    let inner = fixtures::pdf_with_text("Inspection of parcel 4471");
    let sheet = fixtures::opendocument(
        "application/vnd.oasis.opendocument.text",
        &format!(
            r#"<office:document-content {}><office:body><office:text><text:p>Odt note about parcel 4471</text:p></office:text></office:body></office:document-content>"#,
            fixtures::ODF_NAMESPACES
        ),
        "<office:document-meta/>",
    );
    fixtures::write(
        &root.join("cover.pdf"),
        fixtures::pdf_with_attachment("Cover memo", "inspection.pdf", &inner),
    );
    fixtures::write(&root.join("note.odt"), &sheet);
    let report = w.ingest(std::slice::from_ref(&root), no_ocr()).await;
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let docs = w.docs().await;
    let cover = &docs[&rel(&root, "cover.pdf")];
    let child = docs
        .values()
        .find(|d| d.parent == Some(cover.id))
        .expect("the embedded PDF is a family member of the cover");
    assert_eq!(child.kind, RecordKind::Pdf);
    assert!(child.path.ends_with("inspection.pdf"), "{}", child.path);
    assert_eq!(w.office.original(&w.ana, child.id).await.unwrap(), inner);
    assert_eq!(docs[&rel(&root, "note.odt")].kind, RecordKind::Odt);
    let hits = w
        .office
        .search(&w.ana, "PRA-1", "4471", Default::default())
        .await
        .unwrap();
    assert_eq!(
        hits.total, 2,
        "the embedded PDF and the OpenDocument text are searched"
    );
}

#[tokio::test]
async fn a_winmail_dat_is_opened_into_its_real_attachments() {
    let w = world().await;
    let root = w.dir("mail");
    let report_pdf = fixtures::pdf_with_text("Inspection of parcel 4471");
    let winmail = fixtures::tnef(
        "Inspection",
        "See the report.",
        None,
        &[("INSPEC~1.PDF", "Inspection report.pdf", &report_pdf)],
    );
    fixtures::write(
        &root.join("outlook.eml"),
        fixtures::email(
            "Ana Ruiz <ana@city.example>",
            "Inspection",
            "Sent from Outlook.",
            Some(("winmail.dat", &winmail)),
        ),
    );
    let report = w.ingest(std::slice::from_ref(&root), no_ocr()).await;
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let docs = w.docs().await;
    let mail = &docs[&rel(&root, "outlook.eml")];
    let tnef = docs
        .values()
        .find(|d| d.parent == Some(mail.id))
        .expect("winmail.dat is the message's attachment");
    assert_eq!(tnef.kind, RecordKind::Tnef);
    let pdf = docs
        .values()
        .find(|d| d.parent == Some(tnef.id))
        .expect("the PDF inside it is its family member");
    assert!(pdf.path.ends_with("Inspection report.pdf"), "{}", pdf.path);
    assert_eq!(w.office.original(&w.ana, pdf.id).await.unwrap(), report_pdf);
    assert_eq!(w.hits("parcel").await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_outlook_mailbox_becomes_a_record_per_item_with_its_folder_and_family() {
    let w = world().await;
    let root = w.dir("mail");
    std::fs::create_dir_all(&root).unwrap();
    let pst = root.join("ana.pst");
    std::fs::copy(fixtures::pst("dist-list.pst"), &pst).unwrap();
    let report = w.ingest(std::slice::from_ref(&root), no_ocr()).await;
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let docs = w.docs().await;
    let mailbox = &docs[&rel(&root, "ana.pst")];
    assert_eq!(mailbox.kind, RecordKind::Pst);
    assert_eq!(
        w.office.original(&w.ana, mailbox.id).await.unwrap(),
        std::fs::read(&pst).unwrap(),
        "the mailbox is kept byte for byte"
    );
    let mut items: Vec<&str> = docs
        .values()
        .filter(|d| d.parent == Some(mailbox.id))
        .map(|d| d.path.rsplit_once("ana.pst/").unwrap().1)
        .collect();
    items.sort();
    assert_eq!(
        items,
        [
            "Calendar/2097348.eml",
            "Contacts/2097188.eml",
            "Contacts/2097252.eml"
        ],
        "each item is a record of its own under its folder"
    );
    let meeting = &docs[&rel(&root, "ana.pst/Calendar/2097348.eml")];
    assert_eq!(meeting.kind, RecordKind::Email);
    assert_eq!(meeting.title.as_deref(), Some("Test appointment"));
    // The list says what the item is and where it was filed.
    assert_eq!(meeting.item.as_deref(), Some("meeting"));
    assert_eq!(meeting.folder.as_deref(), Some("Calendar"));
    let occurrences = docs
        .values()
        .filter(|d| d.parent == Some(meeting.id))
        .count();
    assert_eq!(
        occurrences, 2,
        "the items attached to the meeting are its family"
    );
    let view = w
        .office
        .record_view(&w.ana, "PRA-1", meeting.id)
        .await
        .unwrap();
    assert!(
        view.text.contains("Start: 2016-08-02T15:00:00"),
        "{}",
        view.text
    );
    assert!(
        view.text.contains("This is a complete test"),
        "{}",
        view.text
    );
    assert_eq!(view.folder.as_deref(), Some("Calendar"));
    assert_eq!(view.item.as_deref(), Some("meeting"));
    assert_eq!(
        w.hits("contact1@rjohnson.id.au").await,
        1,
        "a contact's email is found"
    );

    // A second run takes nothing twice.
    let again = w.ingest(std::slice::from_ref(&root), no_ocr()).await;
    assert_eq!(
        (
            again.counts.ingested,
            again.counts.duplicates,
            again.counts.failed
        ),
        (0, 0, 0)
    );
    assert_eq!(w.docs().await.len(), docs.len());

    // A run killed after the mailbox and its calendar were written, before its contacts:
    // the next run takes the contacts, once, into the same mailbox.
    let office_dir = w.tmp.path().join("office");
    fixtures::raw_sql(
        &office_dir,
        "DELETE FROM record_family WHERE child_id IN (SELECT id FROM records WHERE path LIKE '%/Contacts/%');
         DELETE FROM records WHERE path LIKE '%/Contacts/%';",
    )
    .await;
    assert_eq!(w.docs().await.len(), docs.len() - 2);
    let resumed = w.ingest(std::slice::from_ref(&root), no_ocr()).await;
    assert_eq!(
        (resumed.counts.ingested, resumed.counts.failed),
        (2, 0),
        "{resumed:?}"
    );
    let after = w.docs().await;
    assert_eq!(after.len(), docs.len());
    let contact = &after[&rel(&root, "ana.pst/Contacts/2097252.eml")];
    assert_eq!(contact.parent, Some(mailbox.id));
    assert_eq!(contact.title.as_deref(), Some("contact name 1"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cut_or_damaged_mailbox_keeps_what_can_be_read_and_says_where_it_stopped() {
    let w = world().await;
    let root = w.dir("mail");
    std::fs::create_dir_all(&root).unwrap();
    let whole = std::fs::read(fixtures::pst("dist-list.pst")).unwrap();
    // Cut where the calendar's list of items is lost but the contacts survive; cut where
    // the folders are lost; cut so early the mailbox does not open.
    fixtures::write(&root.join("cut.pst"), &whole[..whole.len() * 55 / 100]);
    fixtures::write(&root.join("headless.pst"), &whole[..whole.len() * 45 / 100]);
    fixtures::write(&root.join("stub.pst"), &whole[..4096]);
    fixtures::write(
        &root.join("passworded.pst"),
        std::fs::read(fixtures::pst("passworded.pst")).unwrap(),
    );
    let report = w.ingest(std::slice::from_ref(&root), no_ocr()).await;
    let docs = w.docs().await;
    let doc = |p: &str| &docs[&rel(&root, p)];

    let cut = doc("cut.pst");
    assert_eq!(cut.status, RecordStatus::Ingested);
    let lost = doc("cut.pst/Calendar/unreadable items");
    assert_eq!(lost.status, RecordStatus::Failed);
    assert_eq!(lost.parent, Some(cut.id));
    assert!(
        lost.failure
            .as_deref()
            .unwrap()
            .contains("1 of the folder's 1 items could not be listed"),
        "{:?}",
        lost.failure
    );
    assert_eq!(
        doc("cut.pst/Contacts/2097252.eml").status,
        RecordStatus::Ingested
    );
    assert_eq!(
        doc("cut.pst/Contacts/2097188.eml").status,
        RecordStatus::Ingested
    );

    let headless = doc("headless.pst/unreadable folder 1");
    assert_eq!(headless.status, RecordStatus::Failed);
    assert!(headless.failure.as_deref().unwrap().contains("cut short"));

    let stub = doc("stub.pst");
    assert_eq!(stub.status, RecordStatus::Failed);
    assert_eq!(
        stub.failure.as_deref(),
        Some("damaged Outlook mailbox (the file ends early: it was cut short)")
    );

    // A PST "password" is only a checksum: the mailbox is read, and the reviewer told.
    let locked = doc("passworded.pst");
    assert_eq!(locked.status, RecordStatus::Ingested);
    let contacts = docs
        .values()
        .filter(|d| d.parent == Some(locked.id))
        .count();
    assert_eq!(contacts, 2);
    assert_eq!(report.counts.failed, 3, "{:?}", report.failed);
}

/// Every file under `dir`, read whole.
fn every_file(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                out.push((p, b));
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn locked_files_open_with_the_passwords_given_and_the_passwords_are_kept_nowhere() {
    fixtures::need("qpdf", "qpdf");
    let w = world().await;
    let root = w.dir("locked");
    std::fs::create_dir_all(&root).unwrap();
    let pdf = fixtures::locked_pdf(
        &root.join("claim.pdf"),
        "Claim 88-1204 paid to Lee Wong",
        "open sesame",
    );
    let docx = root.join("settlement.docx");
    std::fs::copy(fixtures::locked("settlement.docx"), &docx).unwrap();
    let inner = fixtures::locked_pdf(
        &w.dir("inner.pdf"),
        "Invoice 5521 for Oak Street",
        "open sesame",
    );
    fixtures::write(
        &root.join("mail.eml"),
        fixtures::email(
            "ana@city.gov",
            "Invoice",
            "See the attached invoice.",
            Some(("invoice.pdf", &std::fs::read(&inner).unwrap())),
        ),
    );
    fixtures::write(&root.join("memo.txt"), "A plain memo.\n");

    // Without passwords: locked, as before.
    let first = w.ingest(std::slice::from_ref(&root), no_ocr()).await;
    let mut locked: Vec<(String, String)> = first
        .failed
        .iter()
        .map(|f| {
            (
                f.path.rsplit('/').next().unwrap().to_string(),
                f.reason.clone(),
            )
        })
        .collect();
    locked.sort();
    assert_eq!(
        locked,
        [
            ("claim.pdf".into(), "encrypted (password required)".into()),
            ("invoice.pdf".into(), "encrypted (password required)".into()),
            (
                "settlement.docx".into(),
                "encrypted (password required)".into()
            ),
        ]
    );
    let before = w.docs().await;

    // A password file with a wrong password and the PDFs' one: both PDFs open, in place
    // (the same records, the attachment still in its family); the docx stays locked.
    let secrets = ["wrong one", "open sesame", "Parcel-4471!"];
    let with = |pw: &[&str]| IngestOptions {
        extract: extract_options(pw),
        ..no_ocr()
    };
    let second = w
        .ingest(std::slice::from_ref(&root), with(&secrets[..2]))
        .await;
    assert_eq!(
        (second.counts.ingested, second.counts.failed),
        (2, 1),
        "{second:?}"
    );
    assert_eq!(
        second.failed[0].reason,
        "encrypted (password required): none of the 2 passwords given opens it"
    );
    let after = w.docs().await;
    assert_eq!(after.len(), before.len(), "no record is added");
    let claim = &after[&rel(&root, "claim.pdf")];
    assert_eq!(claim.id, before[&rel(&root, "claim.pdf")].id);
    assert_eq!(claim.status, RecordStatus::Ingested);
    assert_eq!(claim.kind, RecordKind::Pdf);
    let invoice = &after[&rel(&root, "mail.eml/invoice.pdf")];
    assert_eq!(invoice.status, RecordStatus::Ingested);
    assert_eq!(invoice.parent, Some(after[&rel(&root, "mail.eml")].id));
    assert_eq!(
        w.hits("88-1204").await,
        1,
        "the unlocked text is searchable"
    );
    assert_eq!(w.hits("Oak").await, 1);
    // The original stays as collected (locked); its pages are drawn from the readable copy.
    assert_eq!(
        w.office.original(&w.ana, claim.id).await.unwrap(),
        std::fs::read(&pdf).unwrap()
    );
    let view = w
        .office
        .record_view(&w.ana, "PRA-1", claim.id)
        .await
        .unwrap();
    assert_eq!(view.text, "Claim 88-1204 paid to Lee Wong\n");
    let page = w
        .office
        .page_image(&w.ana, "PRA-1", claim.id, 1, 50)
        .await
        .unwrap();
    assert!(page.png.starts_with(b"\x89PNG"));

    // The docx's password, given later.
    let third = w
        .ingest(std::slice::from_ref(&root), with(&secrets[2..]))
        .await;
    assert_eq!(
        (third.counts.ingested, third.counts.failed),
        (1, 0),
        "{third:?}"
    );
    let settlement = &w.docs().await[&rel(&root, "settlement.docx")];
    assert_eq!(settlement.kind, RecordKind::Docx);
    assert_eq!(w.hits("\"18,500 dollars\"").await, 1);
    assert_eq!(
        w.office.original(&w.ana, settlement.id).await.unwrap(),
        std::fs::read(&docx).unwrap()
    );

    // No password in the audit log, the database, the index or anything else kept.
    let audit = w.office.audit_log(&w.ana, None, 0, 10_000).await.unwrap();
    let audit = serde_json::to_string(&audit).unwrap();
    for (path, bytes) in every_file(&w.tmp.path().join("office")) {
        for s in secrets {
            assert!(!audit.contains(s));
            assert!(
                !bytes.windows(s.len()).any(|w| w == s.as_bytes()),
                "{s:?} found in {}",
                path.display()
            );
        }
    }
}

fn extract_options(passwords: &[&str]) -> office::ExtractOptions {
    office::ExtractOptions {
        passwords: office::Passwords::from_lines(&passwords.join("\n")),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_written_ansi_mailbox_lands_with_folders_deleted_items_attached_messages_and_threads() {
    use fixtures::pst_writer::{Attachment, Folder, Mailbox, Message};
    let w = world().await;
    let root = w.dir("pst");
    std::fs::create_dir_all(&root).unwrap();
    let index: Vec<u8> = (1..=22).collect();
    let request = Message {
        from_name: "Zoe Whitfield".into(),
        from_email: "zoe@example.org".into(),
        to: vec![("Permits Desk".into(), "permits@city.example".into())],
        conversation_index: Some(index.clone()),
        attachments: vec![Attachment::File {
            name: "site-plan.pdf".into(),
            mime: "application/pdf".into(),
            bytes: fixtures::pdf_with_text("Site plan for 12 Elm Street"),
        }],
        ..Message::note(
            "Permit 17",
            "Please find the site plan attached for 12 Elm Street.",
        )
    };
    let reply = Message {
        from_name: "Lee Ortiz".into(),
        from_email: "lee@city.example".into(),
        to: vec![("Zoe Whitfield".into(), "zoe@example.org".into())],
        conversation_index: Some([index.clone(), vec![0, 0, 16, 0, 0]].concat()),
        attachments: vec![Attachment::Message(Box::new(Message::note(
            "Inspector's note",
            "Site visit passed on March 1.",
        )))],
        ..Message::note("RE: Permit 17", "Approved, see the inspector's note.")
    };
    let mailbox = Mailbox {
        ansi: true,
        display_name: "Clerk".into(),
        folders: vec![Folder {
            name: "Inbox".into(),
            messages: vec![request],
            subfolders: vec![Folder {
                name: "Permits".into(),
                messages: vec![reply],
                subfolders: vec![],
            }],
        }],
        deleted_items: vec![Message::note("Draft: fee waiver", "Not sent.")],
    };
    let pst = root.join("clerk.pst");
    fixtures::pst_writer::write(&pst, &mailbox).unwrap();
    let report = w.ingest(std::slice::from_ref(&root), no_ocr()).await;
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let docs = w.docs().await;
    let item = |folder: &str| {
        docs.values()
            .find(|d| {
                d.folder.as_deref() == Some(folder)
                    && d.parent == Some(docs[&rel(&root, "clerk.pst")].id)
            })
            .unwrap_or_else(|| panic!("no item in {folder}: {docs:#?}"))
    };
    let (request, reply, draft) = (item("Inbox"), item("Inbox/Permits"), item("Deleted Items"));
    assert!(
        reply.path.contains("clerk.pst/Inbox/Permits/"),
        "{}",
        reply.path
    );
    let view = w
        .office
        .record_view(&w.ana, "PRA-1", draft.id)
        .await
        .unwrap();
    assert!(view.deleted, "an item of Deleted Items is marked deleted");
    // Their attachments are their family: the file byte for byte, the attached message read.
    let children = |id| {
        docs.values()
            .filter(move |d| d.parent == Some(id))
            .collect::<Vec<_>>()
    };
    let plan = children(request.id);
    assert_eq!(plan.len(), 1);
    assert_eq!(
        w.office.original(&w.ana, plan[0].id).await.unwrap(),
        fixtures::pdf_with_text("Site plan for 12 Elm Street")
    );
    let note = children(reply.id);
    assert_eq!(note.len(), 1);
    assert_eq!(note[0].title.as_deref(), Some("Inspector's note"));
    assert_eq!(w.hits("\"site visit passed\"").await, 1);
    // Outlook's conversation index joins the reply to the request.
    let grouped = w.office.group_conversations(&w.ana, "PRA-1").await.unwrap();
    assert!(grouped.conversations >= 1, "{grouped:?}");
    let docs = w.docs().await;
    let thread = |id| docs.values().find(|d| d.id == id).unwrap().thread;
    assert_eq!(thread(reply.id), Some(request.id));
    assert_eq!(thread(request.id), Some(request.id));
    // The mailbox is kept byte for byte.
    assert_eq!(
        w.office
            .original(&w.ana, docs[&rel(&root, "clerk.pst")].id)
            .await
            .unwrap(),
        std::fs::read(&pst).unwrap()
    );
}

/// Two ingests of one folder on one office (two processes on a workstation, two desks of a
/// team): one of them starts, then waits while the other records every file. It used to
/// look for the other's records in its first batch only, and failed on the second with an
/// "internal error" (a unique path); every file is now recorded once and the rest counted as
/// already there.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_ingest_overtaken_by_another_of_the_same_folder_records_each_file_once() {
    use std::sync::{Arc, Mutex, mpsc};
    let w = world().await;
    let root = w.tmp.path().join("collection");
    for i in 0..3000 {
        fixtures::write(
            &root.join(format!("memo-{i:04}.txt")),
            format!("Memo {i} about the fee schedule.\n"),
        );
    }
    let other = Arc::new(
        Office::open(Config::new(w.tmp.path().join("office")))
            .await
            .unwrap(),
    );
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let (started_tx, started_rx) = mpsc::channel::<()>();
    let gate = Mutex::new(Some((started_tx, go_rx)));
    let slow = {
        let root = root.clone();
        let office = other.clone();
        let ana = other.sign_in("ana", PW).await.unwrap();
        tokio::spawn(async move {
            office
                .ingest(&ana, "PRA-1", &[root], no_ocr(), &move |_| {
                    // The first report comes after the ingest read what the request held:
                    // wait there until the other ingest is done.
                    if let Some((started, go)) = gate.lock().unwrap().take() {
                        started.send(()).unwrap();
                        go.recv().unwrap();
                    }
                })
                .await
                .unwrap()
        })
    };
    tokio::task::spawn_blocking(move || started_rx.recv().unwrap())
        .await
        .unwrap();
    let fast = w
        .office
        .ingest(&w.ana, "PRA-1", &[root], no_ocr(), &|_| {})
        .await
        .unwrap();
    go_tx.send(()).unwrap();
    let slow = slow.await.unwrap();
    assert_eq!(fast.counts.ingested, 3000);
    assert_eq!(slow.counts.ingested, 0);
    assert_eq!(slow.counts.skipped, 3000);
    assert_eq!(w.office.records(&w.ana, "PRA-1").await.unwrap().len(), 3000);
}

/// A link that leads outside the folder given is a failed record with its reason (its
/// target is never read); a link inside is followed (here: a copy of the memo).
#[cfg(unix)]
#[tokio::test]
async fn a_link_out_of_the_folder_is_a_failed_record_not_a_silent_skip() {
    let w = world().await;
    let root = w.tmp.path().join("collection");
    fixtures::write(&root.join("memo.txt"), "The permit memo.\n");
    let secret = fixtures::write(&w.tmp.path().join("elsewhere/secret.txt"), "Zanzibar\n");
    std::os::unix::fs::symlink(&secret, root.join("out.txt")).unwrap();
    std::os::unix::fs::symlink(root.join("memo.txt"), root.join("again.txt")).unwrap();
    let r = w
        .office
        .ingest(&w.ana, "PRA-1", &[root], no_ocr(), &|_| {})
        .await
        .unwrap();
    assert_eq!(r.counts.failed, 1, "{r:?}");
    assert!(r.failed[0].path.ends_with("out.txt"));
    assert!(
        r.failed[0].reason.contains("outside the folders given"),
        "{r:?}"
    );
    assert_eq!(r.counts.ingested + r.counts.duplicates, 2, "{r:?}");
    let hits = w
        .office
        .search(&w.ana, "PRA-1", "Zanzibar", Default::default())
        .await
        .unwrap();
    assert_eq!(hits.total, 0, "the link's target was not read");
}
