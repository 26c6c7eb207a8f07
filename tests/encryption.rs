//! An encrypted office (`disclose init --encrypt`), end to end through the real binary: the
//! database and its write-ahead log hold no planted value, a wrong password or none opens
//! nothing, the vault follows the users (added, password changed, deactivated), the recovery
//! key gives a supervisor back, and a backup stays encrypted, verifies and restores with a
//! password or the recovery key.

mod common;

use common::{Office, PW, disclose};
use serde_json::Value;
use std::path::Path;

/// Values planted in the office: a memo's words, a request's requester and description, a
/// PDF's words (read by poppler, a child process) and a large memo's (kept as a loose file).
const PLANTED: [&str; 5] = [
    "QUAGGA7731ZEPHYR",
    "Wilhelmina Oyelaran",
    "XYLOPHAGE0042",
    "PTERODACTYL5512",
    "OKAPI9080MANGROVE",
];

/// An encrypted office with ana as its supervisor, and its recovery key.
fn encrypted() -> (Office, String) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("office");
    let o = Office::owning(tmp, dir);
    let made = o.json(&["init", "--admin", "ana", "--encrypt"]);
    assert_eq!(made["encrypted"], true, "{made}");
    let key = made["recovery_key"].as_str().unwrap().to_string();
    (o, key)
}

fn holds(path: &Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The files of the office's database (the database, its write-ahead log and shared
/// memory), its vault and its office key.
fn database_files(dir: &Path) -> Vec<std::path::PathBuf> {
    [
        "disclose.db",
        "disclose.db-wal",
        "disclose.db-shm",
        "vault.json",
        "office.key",
    ]
    .iter()
    .map(|f| dir.join(f))
    .filter(|p| p.exists())
    .collect()
}

/// ana logs PRA-1 and ingests a memo holding the planted words.
fn planted(o: &Office) {
    o.ok(&[
        "request",
        "create",
        "PRA-1",
        "--requester",
        PLANTED[1],
        "--received",
        "2026-11-02",
        "--description",
        &format!("memos about {}", PLANTED[2]),
    ]);
    let root = o.dir.parent().unwrap().join("collection");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("memo.txt"),
        format!("The code word is {} and nothing else.\n", PLANTED[0]),
    )
    .unwrap();
    std::fs::write(
        root.join("invoice.pdf"),
        testkit::pdf::pdf_with_text(&format!("Invoice {}", PLANTED[3])),
    )
    .unwrap();
    // Over the pack limit (256 KiB): a loose original, sealed in chunks.
    let mut large = String::from("Minutes of the long meeting.\n");
    while large.len() < 400 * 1024 {
        large.push_str("The committee discussed the budget line by line again. ");
    }
    large.push_str(&format!("Closing word: {}.\n", PLANTED[4]));
    std::fs::write(root.join("minutes.txt"), large).unwrap();
    let r = o.json(&["ingest", "PRA-1", root.to_str().unwrap(), "--no-ocr"]);
    assert_eq!(r["counts"]["failed"], 0, "{r}");
}

/// Every file under `dir`.
fn office_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Every file of the office's search index tantivy wrote is sealed (a plain index does not
/// hold its words as they are either: its term dictionary is an FST).
fn index_is_sealed(dir: &Path) {
    let index = dir.join("index");
    let mut n = 0;
    for f in office_files(&index) {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if name == "disclose-index-version" || name.ends_with(".lock") {
            continue;
        }
        let head = std::fs::read(&f).unwrap();
        assert!(
            head.starts_with(b"DSCLENC1"),
            "{} is not sealed",
            f.display()
        );
        n += 1;
    }
    assert!(n >= 4, "an index of a few files: {n}");
}

/// No file of the office's folder holds a planted value (and its originals are there).
fn nothing_planted_in(dir: &Path, when: &str) {
    let files = office_files(dir);
    let originals = files
        .iter()
        .filter(|f| f.starts_with(dir.join("originals")));
    assert!(originals.count() >= 2, "a pack and a loose file: {files:?}");
    for f in &files {
        for value in PLANTED {
            assert!(
                !holds(f, value),
                "{when}: {value} is readable in {}",
                f.display()
            );
        }
    }
}

/// The names in `dir` (none when it does not exist).
fn names_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// An export stopped as if killed, after its first inspection copy, leaves its scratch
/// folder behind (what verification keeps meanwhile: a spool of the redacted values it
/// checks each copy against). In an encrypted office that folder is in memory, not in the
/// office's folder; the next command sweeps it, and the export then completes.
#[test]
fn an_export_killed_part_way_leaves_its_scratch_in_memory_and_the_next_run_sweeps_it() {
    let memory = tempfile::Builder::new()
        .prefix("disclose-test-")
        .tempdir_in("/dev/shm")
        .expect("/dev/shm, a memory file system, on a Linux machine");
    let (o, _) = encrypted();
    planted(&o);
    o.add_user("olga", "officer");
    o.ok(&[
        "redact",
        "PRA-1",
        "--text",
        PLANTED[0],
        "--all-docs",
        "--code",
        "7927.700",
    ]);
    o.ok(&["disposition", "PRA-1", "--undecided", "release"]);
    let submitted = o.as_user("olga", &["submit", "PRA-1"]).output().unwrap();
    assert!(submitted.status.success(), "{submitted:?}");
    o.ok(&["approve", "PRA-1"]);
    let release = o.dir.parent().unwrap().join("release");
    let export = || {
        let mut c = o.cmd(&["export", "PRA-1", "--out", release.to_str().unwrap()]);
        c.env("XDG_RUNTIME_DIR", memory.path());
        c
    };
    let killed = export()
        .env("DISCLOSE_FAULT", "export.copy-written")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = killed.id();
    let out = killed.wait_with_output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("stopping as if killed"),
        "{out:?}"
    );
    // Its scratch is in this user's folder in memory, none in the office's tmp/.
    let mine = memory
        .path()
        .join(names_in(memory.path()).pop().expect("a folder"));
    assert!(
        mine.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("disclose-")
    );
    let left = |pid: u32| {
        names_in(&mine)
            .into_iter()
            .filter(|n| n.starts_with(&format!("scratch-{pid}-")))
            .count()
    };
    assert_eq!(left(pid), 1, "{:?}", names_in(&mine));
    let in_tmp = names_in(&o.dir.join("tmp"));
    assert!(
        !in_tmp.iter().any(|n| n.starts_with("scratch-")),
        "{in_tmp:?}"
    );
    nothing_planted_in(&o.dir, "after a killed export");

    let out = export().output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(o.json(&["verify", release.to_str().unwrap()])["ok"], true);
    assert_eq!(left(pid), 0, "swept: {:?}", names_in(&mine));
    nothing_planted_in(&o.dir, "after the export");
}

#[test]
fn an_encrypted_office_works_and_no_file_of_its_folder_holds_a_planted_value() {
    let (o, _) = encrypted();
    planted(&o);
    for word in [PLANTED[0], PLANTED[3], PLANTED[4]] {
        let hits = o.json(&["search", "PRA-1", word]);
        assert_eq!(hits["total"], 1, "{word}: {hits}");
    }
    let request = o.ok(&["request", "show", "PRA-1"]);
    assert!(request.contains(PLANTED[1]), "{request}");
    assert_eq!(o.json(&["audit", "verify"])["ok"], true);

    let files = database_files(&o.dir);
    assert!(
        files.iter().any(|f| f.ends_with("disclose.db")),
        "{files:?}"
    );
    for f in &files {
        assert!(
            !holds(f, "SQLite format 3"),
            "{} is plain SQLite",
            f.display()
        );
    }
    index_is_sealed(&o.dir);
    let err = o.refused(
        o.cmd(&["check", "PRA-1"])
            .env("DISCLOSE_PASSWORD", "not the password"),
    );
    assert!(err.contains("sign-in refused"), "{err}");
    let scan = |when: &str| nothing_planted_in(&o.dir, when);
    scan("after ingest");

    // A release reads the originals back (poppler renders the PDF from memory): the PDF's
    // words are in the inspection copy, the redacted memo's are not.
    o.add_user("olga", "officer");
    o.ok(&[
        "redact",
        "PRA-1",
        "--text",
        PLANTED[0],
        "--all-docs",
        "--code",
        "7927.700",
    ]);
    o.ok(&["disposition", "PRA-1", "--undecided", "release"]);
    o.ok(&["check", "PRA-1"]);
    scan("after a pre-flight");
    let submitted = o.as_user("olga", &["submit", "PRA-1"]).output().unwrap();
    assert!(submitted.status.success(), "{submitted:?}");
    o.ok(&["approve", "PRA-1"]);
    let release = o.dir.parent().unwrap().join("release");
    o.ok(&["export", "PRA-1", "--out", release.to_str().unwrap()]);
    assert_eq!(o.json(&["verify", release.to_str().unwrap()])["ok"], true);
    let mut text = String::new();
    for f in office_files(&release) {
        if f.extension().is_some_and(|e| e == "pdf") {
            let out = std::process::Command::new("pdftotext")
                .arg(&f)
                .arg("-")
                .output()
                .unwrap();
            text.push_str(&String::from_utf8_lossy(&out.stdout));
        }
    }
    assert!(text.contains(PLANTED[3]), "the PDF's words: {text}");
    assert!(text.contains("Closing word"), "the large memo: {text}");
    assert!(!text.contains(PLANTED[0]), "redacted: {text}");
    scan("after the export");
    index_is_sealed(&o.dir);
    // SQLite itself (the sqlite3 shell) reads nothing from it.
    let shell = std::process::Command::new("sqlite3")
        .arg(o.dir.join("disclose.db"))
        .arg("SELECT requester FROM requests")
        .output()
        .unwrap();
    assert!(!shell.status.success(), "{shell:?}");
}

#[test]
fn an_encrypted_office_opens_only_with_a_password_of_one_of_its_users() {
    let (o, _) = encrypted();
    o.request("PRA-1");
    let err = o.refused(
        o.cmd(&["request", "list"])
            .env("DISCLOSE_PASSWORD", "not the password"),
    );
    assert!(err.contains("sign-in refused"), "{err}");
    let err = o.refused(o.cmd(&["request", "list"]).env("DISCLOSE_USER", "mallory"));
    assert!(err.contains("sign-in refused"), "{err}");
    let err = o.refused(o.cmd(&["request", "list"]).env_remove("DISCLOSE_USER"));
    assert!(err.contains("who is acting"), "{err}");
    // An office is encrypted when it is made, not after.
    let err = o.refused(&mut o.cmd(&["init", "--admin", "ana", "--encrypt"]));
    assert!(err.contains("already holds an office"), "{err}");
    // It stays on this workstation: no move to a server (refused before any server is asked).
    let err = o.refused(&mut o.cmd(&["migrate", "--to", "postgres://nobody@localhost/none"]));
    assert!(err.contains("stays on this workstation"), "{err}");
    // A folder a command opened before `init` (so it holds an empty database) can still be
    // made an encrypted office.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("office");
    let early = Office::owning(tmp, dir);
    let err = early.refused(&mut early.cmd(&["request", "list"]));
    assert!(err.contains("holds no office yet"), "{err}");
    assert!(early.dir.join("disclose.db").exists());
    early.ok(&["init", "--admin", "ana", "--encrypt"]);
    early.ok(&["request", "list"]);
    assert!(!holds(&early.dir.join("disclose.db"), "SQLite format 3"));
    let plain = Office::new();
    let err = plain.refused(&mut plain.cmd(&["recover", "ana"]));
    assert!(err.contains("not an encrypted office"), "{err}");
}

#[test]
fn the_vault_follows_the_users_and_the_recovery_key_gives_a_supervisor_back() {
    let (o, recovery) = encrypted();
    o.request("PRA-1");
    // bob's first password (ana's choice) opens the office, then his own does.
    o.add_user("bob", "clerk");
    let vault = std::fs::read_to_string(o.dir.join("vault.json")).unwrap();
    let slots: Value = serde_json::from_str(&vault).unwrap();
    let bobs = slots["slots"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["user"] == "bob")
        .count();
    assert_eq!(
        bobs, 1,
        "one slot for bob after his password change: {vault}"
    );
    let err = o.refused(
        o.as_user("bob", &["request", "list"])
            .env("DISCLOSE_PASSWORD", common::FIRST_PW),
    );
    assert!(err.contains("sign-in refused"), "{err}");
    assert!(
        o.as_user("bob", &["request", "list"])
            .output()
            .unwrap()
            .status
            .success()
    );
    // Deactivated: his password no longer opens the data, even outside the app's checks.
    o.ok(&["user", "deactivate", "bob"]);
    let err = o.refused(&mut o.as_user("bob", &["request", "list"]));
    assert!(err.contains("sign-in refused"), "{err}");

    // Every password lost: the recovery key gives ana a temporary one.
    let err = o.refused(
        o.cmd(&["recover", "ana"])
            .env(
                "DISCLOSE_RECOVERY_KEY",
                "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA",
            )
            .env("DISCLOSE_NEW_PASSWORD", "a temporary one"),
    );
    assert!(err.contains("not this office's recovery key"), "{err}");
    let out = o
        .cmd(&["recover", "ana"])
        .env("DISCLOSE_RECOVERY_KEY", recovery.to_lowercase())
        .env("DISCLOSE_NEW_PASSWORD", "a temporary one")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let err = o.refused(&mut o.cmd(&["request", "list"]));
    assert!(err.contains("sign-in refused"), "the old password: {err}");
    let err = o.refused(
        o.cmd(&["request", "list"])
            .env("DISCLOSE_PASSWORD", "a temporary one"),
    );
    assert!(
        err.contains("disclose password"),
        "must choose a new one: {err}"
    );
    let out = o
        .cmd(&["password"])
        .env("DISCLOSE_PASSWORD", "a temporary one")
        .env("DISCLOSE_NEW_PASSWORD", PW)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(o.ok(&["request", "list"]).contains("PRA-1"));
    let log = o.json(&["audit", "log"]);
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["details"]["by"] == "recovery key"),
        "{log}"
    );
    assert_eq!(o.json(&["audit", "verify"])["ok"], true);
}

#[test]
fn a_backup_of_an_encrypted_office_stays_encrypted_and_restores_with_a_password_or_the_recovery_key()
 {
    let (o, recovery) = encrypted();
    planted(&o);
    let folder = o.dir.parent().unwrap().join("backup");
    let b = o.json(&["backup", "--out", folder.to_str().unwrap()]);
    assert_eq!(b["incremental"], false, "{b}");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("backup.json")).unwrap())
            .unwrap();
    for f in office_files(&folder) {
        for value in PLANTED {
            assert!(!holds(&f, value), "{value} is readable in {}", f.display());
        }
    }
    assert!(
        folder
            .join(manifest["database"]["file"].as_str().unwrap())
            .exists()
    );
    assert!(folder.join("vault.json").exists());

    // Checking it needs what opening the office needs.
    let err = o.refused(disclose(&o.dir).env_remove("DISCLOSE_USER").args([
        "backup",
        "--verify",
        folder.to_str().unwrap(),
    ]));
    assert!(err.contains("encrypted office"), "{err}");
    let err = o.refused(
        disclose(&o.dir)
            .env("DISCLOSE_PASSWORD", "not the password")
            .args(["backup", "--verify", folder.to_str().unwrap()]),
    );
    assert!(err.contains("sign-in refused"), "{err}");
    let check = o.json(&["backup", "--verify", folder.to_str().unwrap()]);
    assert_eq!(check["ok"], true, "{check}");

    // Restored with the recovery key alone; the restored office opens with ana's password.
    let to = o.dir.parent().unwrap().join("restored");
    let r = disclose(&o.dir)
        .env_remove("DISCLOSE_USER")
        .env_remove("DISCLOSE_PASSWORD")
        .env("DISCLOSE_RECOVERY_KEY", &recovery)
        .args([
            "restore",
            folder.to_str().unwrap(),
            "--to",
            to.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(r.status.success(), "{r:?}");
    for f in office_files(&to) {
        for value in PLANTED {
            assert!(!holds(&f, value), "{value} is readable in {}", f.display());
        }
    }
    let restored = Office::at(&to);
    for word in [PLANTED[0], PLANTED[3], PLANTED[4]] {
        assert_eq!(
            restored.json(&["search", "PRA-1", word])["total"],
            1,
            "{word}"
        );
    }
    assert_eq!(restored.json(&["audit", "verify"])["ok"], true);
    let err = restored.refused(
        restored
            .cmd(&["docs", "PRA-1"])
            .env("DISCLOSE_PASSWORD", "not the password"),
    );
    assert!(err.contains("sign-in refused"), "{err}");
}
