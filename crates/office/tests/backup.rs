//! Backup and restore: a backup taken while an ingest runs, restored elsewhere, answers the
//! same searches and re-exports an approved release byte for byte; a second backup copies
//! only what is new; a tampered backup is refused and restores nothing; only a supervisor
//! backs up, and only into a folder that is empty or holds this office's backup.

use testkit as fixtures;

use office::{
    Actor, Config, ErrorCode, ExportOptions, IngestOptions, Office, RedactBy, RedactTarget, Role,
    SearchOptions,
};
use std::collections::BTreeMap;
use std::path::Path;

mod common;
use common::{PW, new_user};

const REF: &str = "PRA-2026-0007";
const LATER: &str = "PRA-2026-0008";

fn no_progress(_: office::BackupProgress) {}

/// Every file under `dir` (but the manifest, whose audit head moves on), by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out.remove("manifest.json");
    out
}

/// A query's hits with their snippets, in record order: relevance weighs a word by how rare
/// it is in the whole index, which holds other records too, so ties may rank otherwise.
async fn search(office: &Office, who: &Actor, q: &str) -> Vec<(i64, String, String)> {
    let opts = SearchOptions {
        limit: 100,
        ..Default::default()
    };
    office
        .search(who, REF, q, opts)
        .await
        .unwrap()
        .hits
        .into_iter()
        .map(|h| (h.doc_id.0, h.path, h.snippet))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

async fn ingest(office: &Office, who: &Actor, reference: &str, root: &Path) {
    let r = office
        .ingest(
            who,
            reference,
            &[root.to_path_buf()],
            IngestOptions {
                ocr: false,
                ..Default::default()
            },
            &|_| {},
        )
        .await
        .unwrap();
    assert!(r.failed.is_empty(), "{:?}", r.failed);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_taken_during_an_ingest_restores_whole_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    let office = Office::init(
        Config::new(tmp.path().join("office")),
        "sue",
        "Sue Park",
        PW,
    )
    .await
    .unwrap();
    let sue = office.sign_in("sue", PW).await.unwrap();
    let olga = new_user(&office, &sue, "olga", Role::Officer, "Olga Ortiz").await;
    let sam = new_user(&office, &sue, "sam", Role::Supervisor, "Sam Lee").await;
    let cal = new_user(&office, &sue, "cal", Role::Clerk, "Cal Diaz").await;
    for r in [REF, LATER] {
        office
            .create_request(&sue, r, "A. Reporter", "2026-11-20", "Permits")
            .await
            .unwrap();
    }

    // A request taken to an approved, exported release.
    let root = tmp.path().join("collection");
    fixtures::write(
        &root.join("memo.txt"),
        "Permit memo: call Ann Lathrop at 555-0100 about the Oak Street fees.\n",
    );
    fixtures::write(
        &root.join("invoice.pdf"),
        fixtures::pdf_with_text("Invoice for Lathrop grading"),
    );
    fixtures::write(
        &root.join("mail/permit.eml"),
        fixtures::email(
            "Ann Lee <ann.lee@city.example>",
            "Permit question",
            "Please see the attached note about the quokka.",
            Some(("note.txt", b"Attachment word: zanzibar")),
        ),
    );
    // Large enough to be kept loose, not packed.
    fixtures::write(
        &root.join("plan.txt"),
        format!("Site plan narrative {}\n", "grading slope ".repeat(30_000)),
    );
    ingest(&office, &sue, REF, &root).await;
    office
        .redact(
            &sue,
            REF,
            &RedactBy::Text {
                value: "Lathrop".into(),
                ignore_case: false,
            },
            RedactTarget::AllDocs,
            "7927.700",
            None,
        )
        .await
        .unwrap();
    office.set_undecided(&sue, REF, "release").await.unwrap();
    office.submit(&olga, REF).await.unwrap();
    office.approve(&sam, REF, None).await.unwrap();
    let first_export = tmp.path().join("export-1");
    office
        .export(&olga, REF, &ExportOptions::new(&first_export), |_| {})
        .await
        .unwrap();
    let queries = ["permit", "zanzibar", "quokka OR grading", "Lathrop"];
    let mut answers = vec![];
    for q in queries {
        answers.push(search(&office, &sue, q).await);
    }
    assert!(answers.iter().all(|a| !a.is_empty()), "{answers:?}");

    // Only a supervisor backs up; never into the data folder, a folder of other files, or
    // a folder holding another office's backup.
    let folder = tmp.path().join("backups/nightly");
    for who in [&cal, &olga] {
        let e = office.backup(who, &folder, &no_progress).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden, "{}", e.message);
    }
    let e = office
        .backup(&sue, &tmp.path().join("office/backup"), &no_progress)
        .await
        .unwrap_err();
    assert!(
        e.message.contains("outside the data folder"),
        "{}",
        e.message
    );
    let cluttered = tmp.path().join("cluttered");
    fixtures::write(&cluttered.join("photo.jpg"), b"not a backup");
    let e = office
        .backup(&sue, &cluttered, &no_progress)
        .await
        .unwrap_err();
    assert!(e.message.contains("neither empty nor"), "{}", e.message);
    assert_eq!(std::fs::read_dir(&cluttered).unwrap().count(), 1);

    // The backup, taken while 300 more records come in.
    let more = tmp.path().join("more");
    for i in 0..300 {
        fixtures::write(
            &more.join(format!("n{i:03}.txt")),
            format!("Inspection note {i} for parcel {}\n", 1000 + i),
        );
    }
    let (ingested, backup) = tokio::join!(
        ingest(&office, &sue, LATER, &more),
        office.backup(&sue, &folder, &|_| {})
    );
    let () = ingested;
    let backup = backup.unwrap();
    assert!(!backup.incremental);
    assert!(backup.damaged.is_empty());
    assert!(backup.originals >= 5, "{backup:?}");
    assert_eq!(backup.originals_checked, backup.originals);
    let s = office.settings(&sue).await.unwrap();
    assert_eq!(
        s.last_backup.as_ref().map(|b| b.at.as_str()),
        Some(backup.taken_at.as_str())
    );
    let check = office::verify_backup(&folder, None, &no_progress)
        .await
        .unwrap();
    assert!(check.ok, "{check:?}");
    assert_eq!(check.originals_checked, backup.originals);

    // A second backup copies only what is new: the database and the pack that grew.
    fixtures::write(
        &root.join("late.txt"),
        "A late memo about the zanzibar permit.\n",
    );
    let again = office.backup(&sue, &folder, &no_progress).await.unwrap();
    assert!(again.incremental);
    assert!(
        again.files_copied <= 3 && again.originals_checked < again.originals,
        "{again:?}"
    );
    assert!(
        office::verify_backup(&folder, None, &no_progress)
            .await
            .unwrap()
            .ok
    );

    // Restored elsewhere: the same searches, the release re-exported byte for byte.
    let restored_dir = tmp.path().join("restored");
    let r = office::restore(&folder, &restored_dir, None, &no_progress)
        .await
        .unwrap();
    assert_eq!(r.records, again.records);
    assert!(r.indexed > 0, "{r:?}");
    let restored = Office::open(Config::new(&restored_dir)).await.unwrap();
    let sue2 = restored.sign_in("sue", PW).await.unwrap();
    for (q, answer) in queries.iter().zip(&answers) {
        assert_eq!(&search(&restored, &sue2, q).await, answer, "{q}");
    }
    assert!(restored.audit_verify(&sue2).await.unwrap().ok);
    let olga2 = restored.sign_in("olga", PW).await.unwrap();
    let second_export = tmp.path().join("export-2");
    restored
        .export(&olga2, REF, &ExportOptions::new(&second_export), |_| {})
        .await
        .unwrap();
    let (a, b) = (files(&first_export), files(&second_export));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(b[name] == *bytes, "{name} differs after the restore");
    }
    // The restore is the restored office's newest event.
    let log = restored.audit_log(&sue2, None, 0, 100_000).await.unwrap();
    assert!(log.iter().any(|e| e.action == "office.restore"));
    // Not into a folder that holds anything.
    let e = office::restore(&folder, &restored_dir, None, &no_progress)
        .await
        .unwrap_err();
    assert!(e.message.contains("not empty"), "{}", e.message);

    // Another office cannot back up over this office's backup.
    let other = Office::init(Config::new(tmp.path().join("other")), "ann", "Ann", PW)
        .await
        .unwrap();
    let ann = other.sign_in("ann", PW).await.unwrap();
    let e = other.backup(&ann, &folder, &no_progress).await.unwrap_err();
    assert!(e.message.contains("another office"), "{}", e.message);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tampered_backup_is_refused_and_restores_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let office = Office::init(Config::new(tmp.path().join("office")), "sue", "Sue", PW)
        .await
        .unwrap();
    let sue = office.sign_in("sue", PW).await.unwrap();
    office
        .create_request(&sue, REF, "A. Reporter", "2026-11-20", "Permits")
        .await
        .unwrap();
    let root = tmp.path().join("collection");
    for i in 0..5 {
        fixtures::write(
            &root.join(format!("memo{i}.txt")),
            format!("Memo {i} about the secret quokka budget.\n"),
        );
    }
    ingest(&office, &sue, REF, &root).await;
    let folder = tmp.path().join("backup");
    office.backup(&sue, &folder, &no_progress).await.unwrap();
    assert!(
        office::verify_backup(&folder, None, &no_progress)
            .await
            .unwrap()
            .ok
    );

    // One byte of a packed original changed.
    let pack = std::fs::read_dir(folder.join("originals/packs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| std::fs::metadata(p).unwrap().len() > 0)
        .unwrap();
    let mut bytes = std::fs::read(&pack).unwrap();
    let at = bytes
        .windows(6)
        .position(|w| w == b"quokka")
        .expect("the memo's words in the pack");
    bytes[at] = b'Q';
    let mut writable = std::fs::metadata(&pack).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)] // the owner's, to damage it
    writable.set_readonly(false);
    std::fs::set_permissions(&pack, writable).unwrap();
    std::fs::write(&pack, &bytes).unwrap();
    let check = office::verify_backup(&folder, None, &no_progress)
        .await
        .unwrap();
    assert!(!check.ok);
    assert!(
        check.problems[0].contains("does not match its hash"),
        "{check:?}"
    );
    let to = tmp.path().join("restored");
    let e = office::restore(&folder, &to, None, &no_progress)
        .await
        .unwrap_err();
    assert!(e.message.contains("does not verify"), "{}", e.message);
    assert!(!to.exists(), "nothing restored");

    // The database copy edited: named, refused.
    bytes[at] = b'q';
    std::fs::write(&pack, &bytes).unwrap();
    assert!(
        office::verify_backup(&folder, None, &no_progress)
            .await
            .unwrap()
            .ok
    );
    let manifest: office::BackupManifest =
        serde_json::from_slice(&std::fs::read(folder.join(office::BACKUP_MANIFEST)).unwrap())
            .unwrap();
    let db = folder.join(&manifest.database.file);
    let mut c = std::fs::OpenOptions::new().append(true).open(&db).unwrap();
    std::io::Write::write_all(&mut c, b"\0").unwrap();
    let check = office::verify_backup(&folder, None, &no_progress)
        .await
        .unwrap();
    assert!(
        !check.ok && check.problems[0].contains("the database copy"),
        "{check:?}"
    );

    // A folder that is no backup at all.
    let e = office::verify_backup(&tmp.path().join("collection"), None, &no_progress)
        .await
        .unwrap_err();
    assert!(e.message.contains("not a Disclose backup"), "{}", e.message);
}

/// A team office's database is the server's to back up.
#[tokio::test(flavor = "multi_thread")]
async fn a_team_office_is_backed_up_by_its_server() {
    if std::env::var("DISCLOSE_TEST_BACKEND").as_deref() != Ok("postgres") {
        return; // The PostgreSQL pass of the office tests runs it (scripts/test-all).
    }
    let tmp = tempfile::tempdir().unwrap();
    let office = Office::init(
        Config::new(fixtures::office_dir(tmp.path().join("office")).await),
        "sue",
        "Sue",
        PW,
    )
    .await
    .unwrap();
    let sue = office.sign_in("sue", PW).await.unwrap();
    let e = office
        .backup(&sue, &tmp.path().join("backup"), &no_progress)
        .await
        .unwrap_err();
    assert!(e.message.contains("pg_dump"), "{}", e.message);
}
