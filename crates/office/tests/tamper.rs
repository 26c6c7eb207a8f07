//! An intruder who can write the office's database but does not hold the office key (a
//! database file copied out and back, a team server's login) tries to rewrite the audit log
//! and a release: every attempt below once got through, and must now be found or refused.
//! Each test runs on the backend of the run (SQLite, or PostgreSQL in test-all's second pass).

use testkit as fixtures;

use std::path::{Path, PathBuf};

use model::audit::event_hash;
use office::{Actor, Config, ExportOptions, IngestOptions, Office, RedactBy, RedactTarget, Role};

mod common;
use common::{PW, new_user};
const REF: &str = "PRA-2026-0900";
const SSN: &str = "123-45-6789";

struct World {
    tmp: tempfile::TempDir,
    dir: PathBuf,
    office: Office,
    sue: Actor,
    olga: Actor,
    sam: Actor,
}

/// A memo with an SSN, redacted; everything released; submitted by Olga (officer).
async fn submitted() -> World {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures::office_dir(tmp.path().join("office")).await;
    let office = Office::init(Config::new(&dir), "sue", "Sue Park", PW)
        .await
        .unwrap();
    let sue = office.sign_in("sue", PW).await.unwrap();
    let olga = new_user(&office, &sue, "olga", Role::Officer, "Olga Ortiz").await;
    let sam = new_user(&office, &sue, "sam", Role::Supervisor, "Sam Lee").await;
    office
        .create_request(&sue, REF, "A. Reporter", "2026-11-20", "Memos")
        .await
        .unwrap();
    let root = tmp.path().join("collection");
    fixtures::write(
        &root.join("memo.txt"),
        format!("Memo about the permit.\nThe applicant's SSN is {SSN}.\nFee paid.\n"),
    );
    let opts = IngestOptions {
        ocr: false,
        ..Default::default()
    };
    office
        .ingest(&sue, REF, &[root], opts, &|_| {})
        .await
        .unwrap();
    office
        .redact(
            &sue,
            REF,
            &RedactBy::Text {
                value: SSN.into(),
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
    World {
        tmp,
        dir,
        office,
        sue,
        olga,
        sam,
    }
}

impl World {
    async fn export(&self, name: &str) -> Result<PathBuf, office::ApiError> {
        let out = self.tmp.path().join(name);
        self.office
            .export(&self.olga, REF, &ExportOptions::new(&out), |_| {})
            .await
            .map(|_| out)
    }

    async fn last_seq(&self) -> i64 {
        fixtures::raw_count(&self.dir, "SELECT MAX(seq) FROM audit_events").await
    }
}

fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn all_text(dir: &Path) -> String {
    let mut all = String::new();
    for e in walk(dir) {
        let bytes = std::fs::read(&e).unwrap();
        all.push_str(&String::from_utf8_lossy(&bytes));
        if e.extension().is_some_and(|x| x == "pdf") {
            let o = std::process::Command::new("pdftotext")
                .arg(&e)
                .arg("-")
                .output()
                .unwrap();
            all.push_str(&String::from_utf8_lossy(&o.stdout));
        }
    }
    all
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

/// The untouched office: a keyed chain that verifies, an export whose manifest records the
/// log's head, and the key file readable by its owner only.
#[tokio::test]
async fn an_untouched_office_verifies_and_its_export_records_the_head() {
    let w = submitted().await;
    w.office.approve(&w.sam, REF, None).await.unwrap();
    let report = w.office.audit_verify(&w.sue).await.unwrap();
    assert!(report.ok, "{report:?}");
    let head = w.last_seq().await;
    let out = w.export("out").await.unwrap();
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["approval"]["audit_seq"].as_i64(), Some(head), "{m}");
    assert!(!all_text(&out).contains(SSN));
    let v = w.office.verify_export(&w.sue, &out).await.unwrap();
    assert!(v.ok, "{:?}", v.problems);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(w.dir.join("office.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

/// Editing the newest event and recomputing its hash as the chain's plain SHA-256 used to
/// pass `audit verify`; without the key the hash cannot be made again.
#[tokio::test]
async fn an_edited_and_rehashed_event_is_found() {
    let w = submitted().await;
    let seq = w.last_seq().await;
    let events = w.office.audit_log(&w.sue, None, seq - 1, 1).await.unwrap();
    let e = &events[0];
    assert_eq!(e.action, "release.submit");
    let forged = serde_json::json!({"release_hash": "0", "note": "nothing to see"});
    let hash = event_hash(
        &e.prev_hash,
        e.seq,
        &e.at,
        "sue",
        &e.action,
        &e.subject,
        &forged,
    );
    fixtures::drop_audit_guards(&w.dir).await;
    fixtures::raw_sql(
        &w.dir,
        &format!(
            "UPDATE audit_events SET actor = 'sue', details = {}, hash = {} WHERE seq = {seq}",
            sql_text(&forged.to_string()),
            sql_text(&hash)
        ),
    )
    .await;
    let report = w.office.audit_verify(&w.sue).await.unwrap();
    assert!(!report.ok);
    assert_eq!(report.first_break.unwrap().seq, seq);
}

/// Deleting the newest events leaves a chain whose every link holds: the workstation's
/// recorded head, and an export's manifest, show the cut.
#[tokio::test]
async fn the_newest_events_deleted_are_found() {
    let w = submitted().await;
    w.office.approve(&w.sam, REF, None).await.unwrap();
    let out = w.export("out").await.unwrap();
    // The approval's event is the newest the manifest recorded; the export's come after it
    // (the request's change of state, the export itself).
    let approved = fixtures::raw_count(
        &w.dir,
        "SELECT MAX(seq) FROM audit_events WHERE action = 'release.approve'",
    )
    .await;
    assert!(w.last_seq().await > approved);
    fixtures::drop_audit_guards(&w.dir).await;
    fixtures::raw_sql(
        &w.dir,
        &format!("DELETE FROM audit_events WHERE seq >= {approved}"),
    )
    .await;
    let report = w.office.audit_verify(&w.sue).await.unwrap();
    assert!(!report.ok);
    let b = report.first_break.unwrap();
    assert!(b.reason.contains("were removed"), "{b:?}");
    assert_eq!(b.seq, approved);
    let v = w.office.verify_export(&w.sue, &out).await.unwrap();
    assert!(!v.ok);
    assert!(
        v.problems
            .iter()
            .any(|p| p.contains("no longer holds event")),
        "{:?}",
        v.problems
    );
}

/// The approved set rewritten in the database (the SSN's redaction removed), keeping the
/// release hash: export refuses instead of printing from it (finding 3).
#[tokio::test]
async fn a_rewritten_frozen_set_is_not_exported() {
    let w = submitted().await;
    w.office.approve(&w.sam, REF, None).await.unwrap();
    let set = fixtures::raw_text(&w.dir, "SELECT release_set FROM approvals")
        .await
        .unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&set).unwrap();
    for r in v["records"].as_array_mut().unwrap() {
        r["redactions"] = serde_json::json!([]);
        r["disposition"] = serde_json::json!("release");
    }
    let forged = serde_json::to_string(&v).unwrap();
    fixtures::raw_sql(
        &w.dir,
        &format!("UPDATE approvals SET release_set = {}", sql_text(&forged)),
    )
    .await;
    let e = w.export("out").await.unwrap_err();
    assert!(e.message.contains("does not match its release hash"), "{e}");
    assert!(!w.tmp.path().join("out").exists());

    // And with the hash recomputed as a plain SHA-256 of the forged set, as before keys.
    let plain = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(forged.as_bytes()));
    fixtures::raw_sql(
        &w.dir,
        &format!("UPDATE approvals SET release_hash = {}", sql_text(&plain)),
    )
    .await;
    let e = w.export("out").await.unwrap_err();
    assert!(e.message.contains("does not match its release hash"), "{e}");
    assert!(!w.tmp.path().join("out").exists());
}

/// A submission marked approved in the database, by another supervisor's id: no approval
/// event under the office key, so nothing is exported (the two-person rule walked around
/// through the database).
#[tokio::test]
async fn an_approval_written_in_the_database_is_not_exported() {
    let w = submitted().await;
    let sam_id = fixtures::raw_count(&w.dir, "SELECT id FROM users WHERE name = 'sam'").await;
    fixtures::raw_sql(
        &w.dir,
        &format!(
            "UPDATE approvals SET decision = 'approved', decided_by = {sam_id},
                    decided_at = '2026-11-21T10:00:00.000000Z';
             UPDATE requests SET status = 'approved';"
        ),
    )
    .await;
    let e = w.export("out").await.unwrap_err();
    assert!(e.message.contains("not in the audit log"), "{e}");
    assert!(!w.tmp.path().join("out").exists());
    // Sam's real approval afterwards is refused as nothing waits; the real path still works
    // once the officer submits again and Sam approves.
}

/// An approval event that names another approval (an earlier one of the same request)
/// does not vouch for this one: an intruder re-pointing a row at a real event gets nowhere.
#[tokio::test]
async fn an_approval_row_moved_onto_another_event_is_not_exported() {
    let w = submitted().await;
    w.office
        .reject(&w.sam, REF, "redact the fee too")
        .await
        .unwrap();
    w.office.submit(&w.olga, REF).await.unwrap();
    // The second submission approved in the database: only the first has decision events.
    let sam_id = fixtures::raw_count(&w.dir, "SELECT id FROM users WHERE name = 'sam'").await;
    fixtures::raw_sql(
        &w.dir,
        &format!(
            "UPDATE approvals SET decision = 'approved', decided_by = {sam_id},
                    decided_at = '2026-11-21T10:00:00.000000Z'
              WHERE id = (SELECT MAX(id) FROM approvals);
             UPDATE requests SET status = 'approved';"
        ),
    )
    .await;
    let e = w.export("out").await.unwrap_err();
    assert!(e.message.contains("not in the audit log"), "{e}");
}

/// The key file is the office's: without it, or with another office's, the office does not
/// open (it could neither verify nor continue its log).
#[tokio::test]
async fn an_office_opens_only_with_its_own_key() {
    let w = submitted().await;
    let dir = w.dir.clone();
    w.office.close().await;
    let key = dir.join("office.key");
    let mine = std::fs::read(&key).unwrap();
    std::fs::remove_file(&key).unwrap();
    let e = Office::open(Config::new(&dir)).await.err().unwrap();
    assert!(
        e.message.contains("office key") || e.message.contains("office.key"),
        "{e}"
    );
    assert!(
        !key.exists(),
        "no new key is made for an office keyed already"
    );

    let other = tempfile::tempdir().unwrap();
    let other_office = Office::init(
        Config::new(fixtures::office_dir(other.path().join("o")).await),
        "ann",
        "",
        PW,
    )
    .await
    .unwrap();
    other_office.close().await;
    std::fs::copy(other.path().join("o/office.key"), &key).unwrap();
    let e = Office::open(Config::new(&dir)).await.err().unwrap();
    assert!(e.message.contains("is not the key of this office"), "{e}");

    std::fs::write(&key, mine).unwrap();
    let o = Office::open(Config::new(&dir)).await.unwrap();
    let sue = o.sign_in("sue", PW).await.unwrap();
    assert!(o.audit_verify(&sue).await.unwrap().ok);
}

/// Modes of every file and folder under `dir` that others could read: (path, mode).
#[cfg(unix)]
fn readable_by_others(dir: &Path) -> Vec<(PathBuf, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let m = e.metadata().unwrap();
            if m.is_dir() {
                stack.push(e.path());
            }
            let mode = m.permissions().mode() & 0o777;
            if !m.file_type().is_symlink() && mode & 0o077 != 0 {
                out.push((e.path(), mode));
            }
        }
    }
    out
}

/// Another OS user of the machine reads nothing of the office: the data folder is 0700 and
/// everything the office wrote in it (database, key, originals, index, cache) is its owner's
/// only, even for an office whose files were made readable before.
#[cfg(unix)]
#[tokio::test]
async fn other_os_users_read_nothing_of_the_office() {
    use std::os::unix::fs::PermissionsExt;
    let w = submitted().await;
    w.office.approve(&w.sam, REF, None).await.unwrap();
    w.export("out").await.unwrap();
    w.office
        .search(&w.sue, REF, "permit", Default::default())
        .await
        .unwrap();
    let mode = std::fs::metadata(&w.dir).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    assert_eq!(readable_by_others(&w.dir), vec![]);
    // An office made before: its folder and its top files are closed again on opening.
    let dir = w.dir.clone();
    w.office.close().await;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let db = dir.join("office.key");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = Office::open(Config::new(&dir)).await.unwrap();
    assert_eq!(
        std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    assert_eq!(
        std::fs::metadata(&db).unwrap().permissions().mode() & 0o777,
        0o600
    );
    o.close().await;
}

/// A scratch folder (it can hold redacted values) left by an export whose process died goes
/// the next time the office opens, not a day later; this process's own stay.
#[tokio::test]
async fn a_dead_exports_scratch_goes_at_the_next_opening() {
    let w = submitted().await;
    let dir = w.dir.clone();
    w.office.close().await;
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let left = dir.join(format!("tmp/scratch-{dead}-abc"));
    fixtures::write(
        &left.join("verify.jsonl"),
        format!("{{\"value\":\"{SSN}\"}}"),
    );
    let mine = dir.join(format!("tmp/scratch-{}-def", std::process::id()));
    fixtures::write(&mine.join("verify.jsonl"), "{}");
    let o = Office::open(Config::new(&dir)).await.unwrap();
    assert!(!left.exists(), "the dead export's scratch is gone");
    assert!(mine.exists(), "a running export's scratch stays");
    o.close().await;
}

/// `init --database` in a folder that holds an office used to switch the workstation to the
/// new server silently: refused before the server is even asked.
#[tokio::test]
async fn a_team_office_is_not_set_up_over_an_existing_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("office");
    let o = Office::init(Config::new(&dir), "sue", "", PW)
        .await
        .unwrap();
    o.close().await;
    let e = office::prepare_team(&Config::new(&dir), "postgres://sue@127.0.0.1:1/other", None)
        .await
        .unwrap_err();
    assert!(e.message.contains("holds an office already"), "{e}");
    assert!(!dir.join("team.conf").exists());
}

async fn zebra_hits(o: &Office, sue: &Actor) -> u64 {
    o.search(sue, REF, "zebra", Default::default())
        .await
        .unwrap()
        .total
}

/// An office set up again in a folder whose search index was another office's: the old
/// index is dropped and rebuilt, so the old office's words are not found.
#[tokio::test]
async fn a_search_index_of_another_office_is_never_searched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("office");
    let root = tmp.path().join("old");
    fixtures::write(&root.join("a.txt"), "The zebra crossing memo.\n");
    let opts = || IngestOptions {
        ocr: false,
        ..Default::default()
    };
    let o = Office::init(Config::new(&dir), "sue", "", PW)
        .await
        .unwrap();
    let sue = o.sign_in("sue", PW).await.unwrap();
    o.create_request(&sue, REF, "A. Reporter", "2026-11-20", "Memos")
        .await
        .unwrap();
    o.ingest(&sue, REF, &[root], opts(), &|_| {}).await.unwrap();
    assert_eq!(zebra_hits(&o, &sue).await, 1);
    o.close().await;
    for f in [
        "disclose.db",
        "disclose.db-wal",
        "disclose.db-shm",
        "office.key",
        "audit.head",
    ] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    assert!(
        dir.join("index").is_dir(),
        "the old office's index is still there"
    );
    let root = tmp.path().join("new");
    fixtures::write(&root.join("b.txt"), "A memo about horses.\n");
    let o = Office::init(Config::new(&dir), "sue", "", PW)
        .await
        .unwrap();
    let sue = o.sign_in("sue", PW).await.unwrap();
    o.create_request(&sue, REF, "A. Reporter", "2026-11-20", "Memos")
        .await
        .unwrap();
    o.ingest(&sue, REF, &[root], opts(), &|_| {}).await.unwrap();
    assert_eq!(zebra_hits(&o, &sue).await, 0);
    let horses = o
        .search(&sue, REF, "horses", Default::default())
        .await
        .unwrap();
    assert_eq!(horses.total, 1);
}

/// A manifest edited to name `/etc/passwd` (or the office's database) as a record's copy:
/// verify reads only the files it checked, and says so.
#[tokio::test]
async fn verify_reads_no_path_a_manifest_chooses() {
    let w = submitted().await;
    w.office.approve(&w.sam, REF, None).await.unwrap();
    let out = w.export("out").await.unwrap();
    let path = out.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    m["records"][0]["file"] = serde_json::json!("/etc/passwd");
    std::fs::write(&path, serde_json::to_vec(&m).unwrap()).unwrap();
    let v = w.office.verify_export(&w.sue, &out).await.unwrap();
    assert!(!v.ok);
    assert!(
        v.problems
            .iter()
            .any(|p| p.contains("\"/etc/passwd\" that is not one of its files")),
        "{:?}",
        v.problems
    );
    assert_eq!(v.records_checked, 0);
}

/// `--out` as a link into the data folder used to pass the inside-the-data-folder check and
/// fail only at the very end: refused before anything is written.
#[cfg(unix)]
#[tokio::test]
async fn an_export_folder_that_is_a_link_is_refused_first() {
    let w = submitted().await;
    w.office.approve(&w.sam, REF, None).await.unwrap();
    let inside = w.dir.join("exports-elsewhere");
    std::fs::create_dir_all(&inside).unwrap();
    let link = w.tmp.path().join("out-link");
    std::os::unix::fs::symlink(&inside, &link).unwrap();
    let e = w
        .office
        .export(&w.olga, REF, &ExportOptions::new(&link), |_| {})
        .await
        .unwrap_err();
    assert!(e.message.contains("is a symbolic link"), "{e}");
    let partials = std::fs::read_dir(w.tmp.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .count();
    assert_eq!(partials, 0, "nothing was written");
}
