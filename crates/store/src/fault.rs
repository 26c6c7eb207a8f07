//! Crash-test fault points: named places just after a durable step (a transaction committed, a
//! file renamed into place) where a test can make the process stop as if killed, to check that
//! nothing acknowledged is lost, nothing is half-written and the next run completes
//! (`tests/crash.rs`).
//!
//! `DISCLOSE_FAULT=NAME` stops the process the first time it reaches the point `NAME`;
//! `NAME@N` the N-th time. The process aborts: no destructor runs, no buffer is flushed and no
//! cleanup happens, as with `kill -9`. Only debug builds have fault points; in a release build
//! [`point`] is empty and the variable means nothing, so a shipped app cannot be stopped this
//! way.

/// Every fault point, with the step it follows. The crash tests walk this list, so a point
/// added here without a test fails them.
pub const POINTS: &[(&str, &str)] = &[
    (
        "ingest.original-stored",
        "an original copied into the originals folder",
    ),
    (
        "ingest.batch-committed",
        "a batch of records committed to the database",
    ),
    ("ingest.index-committed", "the search index committed"),
    (
        "redaction.committed",
        "redactions made, decided, drawn or removed, committed",
    ),
    (
        "bulk.committed",
        "a bulk decision, or its undoing, committed",
    ),
    (
        "approval.committed",
        "a submission, approval or rejection committed",
    ),
    (
        "export.copy-written",
        "one inspection copy written to the hidden export folder",
    ),
    (
        "export.folder-renamed",
        "the export folder renamed into place",
    ),
    ("export.committed", "the export recorded in the database"),
    (
        "migrate.table-copied",
        "one table copied to the server (not yet committed)",
    ),
    ("migrate.committed", "the copy to the server committed"),
    (
        "originals.file-copied",
        "one original copied into a backup, or out of one by a restore",
    ),
    (
        "backup.database-copied",
        "the database snapshot written into the backup",
    ),
    (
        "backup.manifest-written",
        "the backup's manifest written: the backup is whole",
    ),
    (
        "restore.database-copied",
        "the database written into the new data folder",
    ),
    (
        "restore.checked",
        "the restored office checked, before the folder is marked whole",
    ),
];

/// Stops the process here, as if killed, when `DISCLOSE_FAULT` names this point (debug builds
/// only).
#[inline]
pub fn point(name: &'static str) {
    #[cfg(debug_assertions)]
    armed::reached(name);
    #[cfg(not(debug_assertions))]
    let _ = name;
}

#[cfg(debug_assertions)]
mod armed {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU32, Ordering};

    static WANTED: OnceLock<Option<(String, u32)>> = OnceLock::new();
    static HITS: AtomicU32 = AtomicU32::new(0);

    pub fn reached(name: &'static str) {
        debug_assert!(
            super::POINTS.iter().any(|(p, _)| *p == name),
            "fault point {name} is not in POINTS"
        );
        let wanted = WANTED.get_or_init(|| {
            let v = std::env::var("DISCLOSE_FAULT").ok()?;
            let (point, nth) = match v.split_once('@') {
                Some((p, n)) => (p.to_string(), n.parse().unwrap_or(1)),
                None => (v, 1),
            };
            Some((point, nth.max(1)))
        });
        if let Some((point, nth)) = wanted
            && point == name
            && HITS.fetch_add(1, Ordering::SeqCst) + 1 == *nth
        {
            eprintln!("fault point {name}: stopping as if killed");
            std::process::abort();
        }
    }
}
