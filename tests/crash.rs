//! Crash safety at every durable step (issue 22): the `disclose` binary is stopped at each
//! fault point (`store::fault`, `DISCLOSE_FAULT=NAME[@N]`: the process aborts there, as with
//! `kill -9`) and then, many times, by a real SIGKILL at a random moment. After each stop:
//! nothing acknowledged before it is lost, nothing half-written is taken for whole (the audit
//! chain verifies, an export or backup verifies or is not there), and the next run completes.
//! The migration's points need a PostgreSQL server and are in tests/team.rs.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use testkit as fixtures;

/// The points tests/team.rs stops at (a migration to a server).
const POINTS_IN_TEAM_TESTS: &[&str] = &["migrate.table-copied", "migrate.committed"];

/// Runs `args` with the fault point armed: the process must stop there (not succeed, not
/// fail on its own), so a point moved off the command's path fails the test.
fn stopped_at(o: &Office, point: &str, user: &str, args: &[&str]) {
    let out = o
        .as_user(user, args)
        .env("DISCLOSE_FAULT", point)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let name = point.split('@').next().unwrap();
    assert!(
        !out.status.success() && err.contains(&format!("fault point {name}: stopping")),
        "{args:?} did not stop at {point}: {:?} {err}",
        out.status
    );
}

fn memos(root: &Path, n: usize) {
    memos_numbered(root, 0..n);
}

fn memos_numbered(root: &Path, numbers: std::ops::Range<usize>) {
    for i in numbers {
        fixtures::write(
            &root.join(format!("memo-{i:03}.txt")),
            format!("Memo {i} about the permit fee, word zq{i}x. Call Dana Whit at 555-0142.\n"),
        );
    }
}

/// Every memo once, each found by its own word, and an audit chain that verifies.
fn whole(o: &Office, n: usize) {
    assert_eq!(o.json(&["docs", "PRA-1"]).as_array().unwrap().len(), n);
    assert_eq!(
        o.json(&["search", "PRA-1", "permit", "--limit", "1"])["total"],
        n
    );
    for i in [0, n / 2, n - 1] {
        let r = o.json(&["search", "PRA-1", &format!("zq{i}x")]);
        assert_eq!(r["total"], 1, "memo {i}: {r}");
    }
    assert_eq!(o.json(&["audit", "verify"])["ok"], true);
}

fn office_with_memos(n: usize) -> (Office, PathBuf) {
    let o = Office::new();
    o.add_user("olga", "officer");
    o.request("PRA-1");
    let root = o.dir.parent().unwrap().join("memos");
    memos(&root, n);
    (o, root)
}

#[test]
fn every_fault_point_is_stopped_at_by_a_test() {
    let tested: BTreeSet<&str> = INGEST
        .iter()
        .chain(REVIEW)
        .chain(EXPORT)
        .chain(BACKUP)
        .chain(RESTORE)
        .map(|p| p.split('@').next().unwrap())
        .chain(POINTS_IN_TEAM_TESTS.iter().copied())
        .collect();
    let all: BTreeSet<&str> = store::fault::POINTS.iter().map(|(p, _)| *p).collect();
    assert_eq!(tested, all);
}

const INGEST: &[&str] = &[
    "ingest.original-stored@17",
    "ingest.batch-committed",
    "ingest.index-committed",
];

#[test]
fn an_ingest_stopped_at_each_durable_step_completes_on_the_next_run() {
    for point in INGEST {
        let (o, root) = office_with_memos(60);
        let folder = root.to_str().unwrap();
        stopped_at(&o, point, "ana", &["ingest", "PRA-1", folder, "--no-ocr"]);
        let again = o.json(&["ingest", "PRA-1", folder, "--no-ocr"]);
        assert_eq!(again["counts"]["failed"], 0, "{point}: {again}");
        assert_eq!(again["counts"]["duplicates"], 0, "{point}: {again}");
        whole(&o, 60);
    }
}

const REVIEW: &[&str] = &[
    "redaction.committed",
    "bulk.committed",
    "approval.committed",
];

#[test]
fn a_redaction_a_bulk_decision_and_an_approval_stopped_after_their_commit_are_kept_whole() {
    let (o, root) = office_with_memos(20);
    o.ok(&["ingest", "PRA-1", root.to_str().unwrap(), "--no-ocr"]);
    let redact = [
        "redact",
        "PRA-1",
        "--text",
        "Dana Whit",
        "--all-docs",
        "--code",
        "7927.700",
    ];
    stopped_at(&o, "redaction.committed", "ana", &redact);
    // Committed before the stop: every memo has its redaction, and only one.
    let shown = o.json(&["show", "PRA-1", "--doc", "1"]);
    let count = |v: &Value| v["redactions"].as_array().unwrap().len();
    assert_eq!(count(&shown), 1, "{shown}");
    o.ok(&redact);
    assert_eq!(count(&o.json(&["show", "PRA-1", "--doc", "1"])), 1);
    assert_eq!(count(&o.json(&["show", "PRA-1", "--doc", "20"])), 1);

    // A bulk decision (a selection: one undo step).
    let decide = ["disposition", "PRA-1", "release", "--query", "permit"];
    let released = |o: &Office| {
        o.json(&["docs", "PRA-1"])
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["disposition"] == "release")
            .count()
    };
    stopped_at(&o, "bulk.committed", "ana", &decide);
    assert_eq!(released(&o), 20);
    // The stopped decision undoes as one step; then made again, it completes.
    let log = o.json(&["audit", "log"]);
    let event = log
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|e| e["action"] == "records.bulk")
        .expect("the stopped decision is in the log")["seq"]
        .to_string();
    o.ok(&["undo", "PRA-1", "--bulk", &event]);
    assert_eq!(released(&o), 0);
    o.ok(&decide);
    assert_eq!(released(&o), 20);

    stopped_at(&o, "approval.committed", "olga", &["submit", "PRA-1"]);
    assert_eq!(o.json(&["approval", "PRA-1"])["state"], "submitted");
    stopped_at(&o, "approval.committed", "ana", &["approve", "PRA-1"]);
    assert_eq!(o.json(&["approval", "PRA-1"])["state"], "approved");
    let out = o.dir.parent().unwrap().join("release");
    let r = o.json(&["export", "PRA-1", "--out", out.to_str().unwrap()]);
    assert_eq!(r["records"], 20);
    assert_eq!(
        o.json(&["verify", out.to_str().unwrap()])["ok"],
        true,
        "the export of an approval stopped after its commit verifies"
    );
    assert_eq!(o.json(&["audit", "verify"])["ok"], true);
}

/// An office with PRA-1 approved (20 memos, a redaction in each).
fn approved_office() -> Office {
    let (o, root) = office_with_memos(20);
    o.ok(&["ingest", "PRA-1", root.to_str().unwrap(), "--no-ocr"]);
    o.ok(&[
        "redact",
        "PRA-1",
        "--text",
        "Dana Whit",
        "--all-docs",
        "--code",
        "7927.700",
    ]);
    o.ok(&["disposition", "PRA-1", "--undecided", "release"]);
    let submitted = o.as_user("olga", &["submit", "PRA-1"]).output().unwrap();
    assert!(submitted.status.success(), "{submitted:?}");
    o.ok(&["approve", "PRA-1"]);
    o
}

fn exports_logged(o: &Office) -> Vec<Value> {
    o.json(&["audit", "log"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "release.export")
        .cloned()
        .collect()
}

const EXPORT: &[&str] = &[
    "export.copy-written@3",
    "export.folder-renamed",
    "export.committed",
];

#[test]
fn an_export_stopped_at_each_durable_step_completes_into_the_same_folder_and_verifies() {
    let o = approved_office();
    let mut first_files = None;
    for (i, point) in EXPORT.iter().enumerate() {
        let out = o.dir.parent().unwrap().join(format!("release-{i}"));
        let out_s = out.to_str().unwrap();
        stopped_at(&o, point, "ana", &["export", "PRA-1", "--out", out_s]);
        if point.starts_with("export.copy-written") {
            // Stopped while writing: nothing under the folder's own name.
            assert!(!out.exists(), "{point}: a half-written export in place");
        }
        let before = exports_logged(&o).len();
        let r = o.json(&["export", "PRA-1", "--out", out_s]);
        assert_eq!(r["records"], 20, "{point}: {r}");
        let v = o.json(&["verify", out_s]);
        assert_eq!(v["ok"], true, "{point}: {v}");
        // One export recorded for the folder, whichever side of the commit the stop was.
        let logged = exports_logged(&o);
        let here: Vec<&Value> = logged
            .iter()
            .filter(|e| {
                e["details"]["out_dir"]
                    .as_str()
                    .is_some_and(|d| d.ends_with(&format!("release-{i}")))
            })
            .collect();
        assert_eq!(here.len(), 1, "{point}: {logged:?}");
        if *point == "export.folder-renamed" {
            assert_eq!(here[0]["details"]["recovered"], true, "{point}");
            assert_eq!(logged.len(), before + 1);
        }
        // The same approval exports to the same copies, stopped or not (the manifests
        // differ only in the audit event each export saw last).
        let files = r["files"].clone();
        assert_eq!(first_files.get_or_insert(files.clone()), &files, "{point}");
        let left: Vec<_> = std::fs::read_dir(o.dir.parent().unwrap())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".partial-"))
            .collect();
        assert!(left.is_empty(), "{point}: left behind {left:?}");
    }
    let journals: Vec<_> = std::fs::read_dir(&o.dir)
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("export-pending-")
        })
        .collect();
    assert!(journals.is_empty(), "{journals:?}");
    assert_eq!(o.json(&["audit", "verify"])["ok"], true);
}

const BACKUP: &[&str] = &[
    "backup.database-copied",
    "originals.file-copied",
    "backup.manifest-written",
];
const RESTORE: &[&str] = &[
    "restore.database-copied",
    "originals.file-copied",
    "restore.checked",
];

#[test]
fn a_backup_and_a_restore_stopped_at_each_durable_step_complete_on_the_next_run() {
    let o = approved_office();
    let base = o.dir.parent().unwrap().to_path_buf();
    for (i, point) in BACKUP.iter().enumerate() {
        let folder = base.join(format!("backup-{i}"));
        let f = folder.to_str().unwrap();
        stopped_at(&o, point, "ana", &["backup", "--out", f]);
        if *point != "backup.manifest-written" {
            // No manifest, no backup: --verify says so rather than vouching for half of one.
            let v = o.run(&["backup", "--verify", f]);
            assert!(!v.status.success(), "{point}: a half-taken backup verified");
        }
        o.ok(&["backup", "--out", f]);
        assert_eq!(o.json(&["backup", "--verify", f])["ok"], true, "{point}");
        let partial = walk(&folder)
            .into_iter()
            .filter(|p| p.to_string_lossy().contains("partial"))
            .collect::<Vec<_>>();
        assert!(partial.is_empty(), "{point}: {partial:?}");
    }
    let backup = base.join("backup-0");
    let b = backup.to_str().unwrap();
    for (i, point) in RESTORE.iter().enumerate() {
        let to = base.join(format!("restored-{i}"));
        let t = to.to_str().unwrap();
        let out = disclose(&o.dir)
            .args(["restore", b, "--to", t])
            .env("DISCLOSE_FAULT", point)
            .output()
            .unwrap();
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("stopping as if killed"),
            "{point}: {out:?}"
        );
        // The half-restored folder is not taken for an office.
        let err = Office::at(&to).refused(disclose(&to).args(["docs", "PRA-1"]));
        assert!(
            err.contains("restore that did not finish"),
            "{point}: {err}"
        );
        let again = disclose(&o.dir)
            .args(["restore", b, "--to", t])
            .output()
            .unwrap();
        assert!(again.status.success(), "{point}: {again:?}");
        let r = Office::at(&to);
        whole(&r, 20);
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

/// How many random kills each test below makes (`DISCLOSE_CRASH_RUNS` for more).
fn runs(default: usize) -> usize {
    std::env::var("DISCLOSE_CRASH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A pseudo-random delay (no dependency): the run number and the clock mixed.
fn random_ms(run: usize, max: u64) -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    (nanos ^ (run as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) % max
}

/// Starts `args` and kills it with SIGKILL after `ms` (if it has not ended by then).
fn killed_after(o: &Office, args: &[&str], ms: u64) -> bool {
    let mut child = o
        .cmd(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(ms));
    let running = child.try_wait().unwrap().is_none();
    if running {
        child.kill().unwrap();
    }
    child.wait().unwrap();
    running
}

/// The office's records, counted in its database (not through the index, which may lag).
fn count_records(o: &Office) -> usize {
    let out = std::process::Command::new("sqlite3")
        .arg(o.dir.join("disclose.db"))
        .arg("SELECT COUNT(*) FROM records")
        .output()
        .expect("sqlite3");
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// The office's recorded exports, counted in its database.
fn count_exports(o: &Office) -> usize {
    let out = std::process::Command::new("sqlite3")
        .arg(o.dir.join("disclose.db"))
        .arg("SELECT COUNT(*) FROM exports")
        .output()
        .expect("sqlite3");
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// Whether an export's journal (written before its folder is put in place, removed once it
/// is recorded) is still in the data folder.
fn pending_export_left(o: &Office) -> bool {
    // office::export::PENDING_EXPORT
    std::fs::read_dir(&o.dir).unwrap().flatten().any(|e| {
        e.file_name()
            .to_string_lossy()
            .starts_with("export-pending-")
    })
}

/// Runs `args` to its end and says how long it took, in ms.
fn timed(o: &Office, args: &[&str]) -> u64 {
    let started = std::time::Instant::now();
    o.ok(args);
    started.elapsed().as_millis() as u64
}

#[test]
fn ingests_and_exports_killed_at_random_moments_lose_nothing_and_complete() {
    const BATCH: usize = 150;
    let (o, root) = office_with_memos(0);
    // A clean run says how long one takes; each later run is killed somewhere inside that.
    memos_numbered(&root.join("run-0"), 0..BATCH);
    let took = timed(
        &o,
        &[
            "ingest",
            "PRA-1",
            root.join("run-0").to_str().unwrap(),
            "--no-ocr",
        ],
    );
    let runs = runs(6);
    let mut kills = 0;
    // Where the kills landed: before any of the run's records was committed, part way, or
    // after the last of them.
    let mut landed = [0; 3];
    for run in 1..=runs {
        let folder = root.join(format!("run-{run}"));
        memos_numbered(&folder, run * BATCH..(run + 1) * BATCH);
        let before = count_records(&o);
        kills += killed_after(
            &o,
            &["ingest", "PRA-1", folder.to_str().unwrap(), "--no-ocr"],
            random_ms(run, took.max(1)),
        ) as usize;
        let added = count_records(&o) - before;
        landed[(added > 0) as usize + (added >= BATCH) as usize] += 1;
        assert_eq!(o.json(&["audit", "verify"])["ok"], true, "after run {run}");
    }
    let again = o.json(&["ingest", "PRA-1", root.to_str().unwrap(), "--no-ocr"]);
    assert_eq!(again["counts"]["duplicates"], 0, "{again}");
    let records = (runs + 1) * BATCH;
    whole(&o, records);
    eprintln!(
        "ingest: {kills} of {runs} runs killed (a clean run: {took} ms); {} before a batch was \
         committed, {} part way, {} after the last",
        landed[0], landed[1], landed[2]
    );

    o.ok(&["disposition", "PRA-1", "--undecided", "release"]);
    let submitted = o.as_user("olga", &["submit", "PRA-1"]).output().unwrap();
    assert!(submitted.status.success(), "{submitted:?}");
    o.ok(&["approve", "PRA-1"]);
    let out = |run: usize| o.dir.parent().unwrap().join(format!("release-{run}"));
    let took = timed(&o, &["export", "PRA-1", "--out", out(0).to_str().unwrap()]);
    let runs = self::runs(3);

    let (mut kills, mut after_the_end) = (0, 0);
    for run in 1..=runs {
        let o_s = out(run);
        let exports = count_exports(&o);
        let killed = killed_after(
            &o,
            &["export", "PRA-1", "--out", o_s.to_str().unwrap()],
            random_ms(run, took.max(1)),
        );
        // A kill can land after the export was recorded and its journal removed, while the
        // process was only exiting: that export is whole, and its folder is no longer empty
        // for another (the random moment is drawn within a clean run's time, exit included).
        let finished = killed && count_exports(&o) > exports && !pending_export_left(&o);
        after_the_end += finished as usize;
        kills += (killed && !finished) as usize;
        if killed && !finished {
            // The next run completes: into the same folder (recorded, if the kill came
            // after the folder was in place).
            let r = o.json(&["export", "PRA-1", "--out", o_s.to_str().unwrap()]);
            assert_eq!(r["records"].as_u64().unwrap() as usize, records);
        }
        let v = o.json(&["verify", o_s.to_str().unwrap()]);
        assert_eq!(v["ok"], true, "run {run}: {v}");
    }
    assert_eq!(o.json(&["audit", "verify"])["ok"], true);
    eprintln!(
        "export: {kills} of {runs} runs killed part way, {after_the_end} while exiting after \
         the export was recorded (a clean run: {took} ms)"
    );
}
