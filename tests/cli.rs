//! Black-box tests of the built `disclose` binary: each test gets a fresh data directory.

mod common;

use common::{FIRST_PW, Office, PW, disclose};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn a_new_office_logs_and_extends_a_request() {
    let o = Office::new();
    let r = o.json(&[
        "request",
        "create",
        "PRA-2026-0142",
        "--requester",
        "A. Reporter",
        "--received",
        "2026-11-16",
        "--description",
        "Building permits for 12 Main St",
    ]);
    assert_eq!(r["reference"], "PRA-2026-0142");
    assert_eq!(r["due"], "2026-11-30");
    assert_eq!(r["status"], "open");
    let r = o.json(&[
        "request",
        "extend",
        "PRA-2026-0142",
        "--days",
        "14",
        "--reason",
        "voluminous records",
    ]);
    assert_eq!(r["due"], "2026-12-14");
    assert_eq!(r["extensions"][0]["reason"], "voluminous records");
    assert_eq!(r["extensions"][0]["previous_due"], "2026-11-30");
    let list = o.json(&["request", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let human = o.ok(&["request", "show", "PRA-2026-0142"]);
    assert!(
        human.contains("2026-12-14") && human.contains("voluminous records"),
        "{human}"
    );
    let log = o.json(&["audit", "log", "PRA-2026-0142"]);
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["request.create", "request.extend"]);
    let v = o.json(&["audit", "verify"]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["events"], 4);
}

#[test]
fn a_request_moves_through_its_states_with_each_change_kept_and_audited() {
    let o = Office::new();
    o.ok(&[
        "request",
        "create",
        "PRA-7",
        "--requester",
        "A. Reporter",
        "--received",
        "2026-11-16",
        "--description",
        "permits",
    ]);
    let r = o.json(&["request", "show", "PRA-7"]);
    assert_eq!(r["state"], "open");
    assert!(r["determined_on"].is_null());
    // Asked to clarify, then clarified.
    let r = o.json(&[
        "request",
        "state",
        "PRA-7",
        "awaiting-clarification",
        "--note",
        "which parcel?",
    ]);
    assert_eq!(r["state"], "awaiting-clarification");
    o.ok(&["request", "state", "PRA-7", "open", "--note", "parcel 12"]);
    let listed = o.json(&["request", "list", "--state", "open"]);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(
        o.json(&["request", "list", "--state", "closed"]),
        serde_json::json!([])
    );
    // Its first records put it in review.
    let root = o.dir.parent().unwrap().join("in");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("memo.txt"), "The permit was issued.\n").unwrap();
    o.ok(&["ingest", "PRA-7", root.to_str().unwrap(), "--no-ocr"]);
    assert_eq!(o.json(&["request", "show", "PRA-7"])["state"], "in-review");
    // Bad changes: one line each, nothing changed.
    for (args, says) in [
        (
            vec!["closed", "--as", "fulfilled", "--note", "x"],
            "nothing was released",
        ),
        (vec!["closed", "--note", "x"], "say why it is closed"),
        (
            vec!["closed", "--as", "done", "--note", "x"],
            "not a reason to close",
        ),
        (vec!["closed", "--as", "denied"], "(a note)"),
        (vec!["partly-released"], "exported"),
        (vec!["in-review"], "already"),
        (vec!["reopen", "--note", "x"], "not closed"),
        (vec!["shelved"], "not a request state"),
    ] {
        let mut a = vec!["request", "state", "PRA-7"];
        a.extend(args);
        let err = o.refused(&mut o.cmd(&a));
        assert!(err.contains(says), "{a:?}: {err}");
    }
    assert_eq!(o.json(&["request", "show", "PRA-7"])["state"], "in-review");
    // Denied in full: the determination, today; a closed request takes no more records.
    let r = o.json(&[
        "request",
        "state",
        "PRA-7",
        "closed",
        "--as",
        "denied",
        "--note",
        "all privileged",
    ]);
    assert_eq!(r["state"], "closed");
    assert_eq!(r["closed_as"], "denied");
    assert!(r["determined_on"].is_string(), "{r}");
    let err = o.refused(&mut o.cmd(&["ingest", "PRA-7", root.to_str().unwrap()]));
    assert!(err.contains("reopen it"), "{err}");
    let err = o.refused(&mut o.cmd(&["request", "state", "PRA-7", "in-review"]));
    assert!(err.contains("reopen it first"), "{err}");
    let err = o.refused(&mut o.cmd(&["request", "state", "PRA-7", "reopen"]));
    assert!(err.contains("reopened"), "{err}");
    // Reopened, to review (it holds records, nothing released).
    let r = o.json(&[
        "request",
        "state",
        "PRA-7",
        "reopen",
        "--note",
        "new records found",
    ]);
    assert_eq!(r["state"], "in-review");
    assert!(r["closed_as"].is_null());
    let steps: Vec<(String, String)> = r["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["to"].as_str().unwrap().into(),
                c["note"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want = [
        ("awaiting-clarification", "which parcel?"),
        ("open", "parcel 12"),
        ("in-review", "records collected"),
        ("closed", "all privileged"),
        ("in-review", "new records found"),
    ];
    assert_eq!(steps, want.map(|(a, b)| (a.to_string(), b.to_string())));
    let human = o.ok(&["request", "show", "PRA-7"]);
    assert!(
        human.contains("closed (denied)") && human.contains("new records found"),
        "{human}"
    );
    // Every change is an audit event with before and after; the chain verifies.
    let log = o.json(&["audit", "log", "PRA-7"]);
    let states: Vec<&serde_json::Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "request.state")
        .collect();
    assert_eq!(states.len(), 5, "{log}");
    assert_eq!(
        states[3]["details"]["after"]["closed_as"], "denied",
        "{}",
        states[3]
    );
    assert_eq!(o.json(&["audit", "verify"])["ok"], true);
    // A clerk may not change a request's state.
    o.add_user("carl", "clerk");
    let err = o.refused(&mut o.as_user(
        "carl",
        &["request", "state", "PRA-7", "awaiting-clarification"],
    ));
    assert!(err.contains("may not"), "{err}");
}

#[test]
fn users_sign_in_with_their_own_role() {
    let o = Office::new();
    o.add_user("carl", "clerk");
    o.add_user("olga", "officer");
    let users = o.json(&["user", "list"]);
    let roles: Vec<(&str, &str)> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["name"].as_str().unwrap(), u["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        roles,
        [
            ("ana", "supervisor"),
            ("carl", "clerk"),
            ("olga", "officer")
        ]
    );
    let before = o.audit_len();
    let err = o.refused(&mut o.as_user(
        "carl",
        &[
            "request",
            "create",
            "PRA-1",
            "--requester",
            "x",
            "--received",
            "2026-11-01",
            "--description",
            "y",
        ],
    ));
    assert_eq!(err.trim(), "disclose: clerk 'carl' may not create requests");
    let err = o.refused(
        o.as_user("olga", &["user", "add", "eve", "--role", "supervisor"])
            .env("DISCLOSE_NEW_PASSWORD", PW),
    );
    assert!(err.contains("officer 'olga' may not manage users"), "{err}");
    assert_eq!(o.audit_len(), before);
    let out = o
        .as_user(
            "olga",
            &[
                "--json",
                "request",
                "create",
                "PRA-1",
                "--requester",
                "x",
                "--received",
                "2026-11-01",
                "--description",
                "y",
            ],
        )
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn bad_input_gets_one_line_and_changes_nothing() {
    let o = Office::new();
    o.request("PRA-1");
    let before = o.audit_len();
    let create = |r: &str, received: &str| {
        o.cmd(&[
            "request",
            "create",
            r,
            "--requester",
            "x",
            "--received",
            received,
            "--description",
            "y",
        ])
    };
    let cases: Vec<(Command, &str)> = vec![
        (
            create("PRA-1", "2026-11-02"),
            "request PRA-1 already exists",
        ),
        (create("PRA-2", "2999-01-01"), "is in the future"),
        (create("PRA-2", "not-a-date"), "'not-a-date' is not a date"),
        (
            o.cmd(&[
                "request", "extend", "PRA-1", "--days", "15", "--reason", "r",
            ]),
            "may not exceed 14 days",
        ),
        (
            o.cmd(&["request", "extend", "PRA-9", "--days", "1", "--reason", "r"]),
            "no request PRA-9",
        ),
        (
            o.as_user("nobody", &["request", "list"]),
            "unknown user or wrong password",
        ),
        (
            {
                let mut c = o.cmd(&["request", "list"]);
                c.env("DISCLOSE_PASSWORD", "wrong-password");
                c
            },
            "unknown user or wrong password",
        ),
        (
            {
                let mut c = o.cmd(&["request", "list"]);
                c.env_remove("DISCLOSE_USER");
                c
            },
            "who is acting?",
        ),
        (
            {
                let mut c = o.cmd(&["request", "list"]);
                c.env_remove("DISCLOSE_PASSWORD");
                c
            },
            "no password",
        ),
        (
            o.cmd(&["verify", "/nonexistent/export"]),
            "has no readable manifest.json",
        ),
    ];
    for (mut cmd, want) in cases {
        let err = o.refused(&mut cmd);
        assert!(err.contains(want), "want {want:?}, got {err:?}");
    }
    // A missing role is a usage error from the argument parser (exit 2).
    let out = o.run(&["user", "add", "eve"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--role"));
    let out = o.run(&["user", "add", "eve", "--role", "admin"]);
    assert_eq!(out.status.code(), Some(2));
    // Only the failed sign-ins were recorded.
    let log = o.json(&["audit", "log", "--after", &before.to_string()]);
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["user.sign-in-failed"]);
    assert_eq!(o.json(&["request", "show", "PRA-1"])["extended_days"], 0);
}

#[test]
fn new_and_reset_users_choose_their_own_password_first() {
    let o = Office::new();
    let out = o
        .cmd(&["user", "add", "olga", "--role", "officer"])
        .env("DISCLOSE_NEW_PASSWORD", FIRST_PW)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("they choose their own password"),
        "{out:?}"
    );
    let olga = |args: &[&str], pw: &str| {
        let mut c = o.as_user("olga", args);
        c.env("DISCLOSE_PASSWORD", pw);
        c
    };
    // Signed in with ana's password for her, olga may do nothing but change it.
    let err = o.refused(&mut olga(&["request", "list"], FIRST_PW));
    assert_eq!(
        err.trim(),
        "disclose: change your password first: 'olga' signs in with a password a supervisor set, and must choose their own before anything else: run `disclose password`"
    );
    let out = olga(&["--json", "request", "list"], FIRST_PW)
        .output()
        .unwrap();
    let e: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["error"]["code"], "PasswordChangeRequired");
    let users = o.json(&["user", "list"]);
    assert_eq!(users[1]["must_change_password"], true, "{users}");
    assert_eq!(users[1]["created_by"], "ana", "{users}");
    assert!(o.ok(&["user", "list"]).contains("temp password"));
    // The same password again is refused; a new one works, and the old one no longer does.
    let err = o.refused(olga(&["password"], FIRST_PW).env("DISCLOSE_NEW_PASSWORD", FIRST_PW));
    assert!(err.contains("must differ"), "{err}");
    let done = olga(&["password"], FIRST_PW)
        .env("DISCLOSE_NEW_PASSWORD", PW)
        .output()
        .unwrap();
    assert!(done.status.success(), "{done:?}");
    assert_eq!(
        String::from_utf8_lossy(&done.stdout).trim(),
        "changed the password of olga"
    );
    assert!(
        olga(&["request", "list"], PW)
            .output()
            .unwrap()
            .status
            .success()
    );
    o.refused(&mut olga(&["request", "list"], FIRST_PW));

    // A supervisor resets it: olga must change it again.
    let out = o
        .cmd(&["user", "reset-password", "olga"])
        .env("DISCLOSE_NEW_PASSWORD", "reset by ana 1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let err = o.refused(&mut olga(&["request", "list"], "reset by ana 1"));
    assert!(err.contains("change your password first"), "{err}");
    assert!(
        olga(&["password"], "reset by ana 1")
            .env("DISCLOSE_NEW_PASSWORD", "olga's own 123")
            .output()
            .unwrap()
            .status
            .success()
    );
    assert!(
        olga(&["request", "list"], "olga's own 123")
            .output()
            .unwrap()
            .status
            .success()
    );
    // An officer may not reset anyone's password.
    let err = o.refused(
        olga(&["user", "reset-password", "ana"], "olga's own 123")
            .env("DISCLOSE_NEW_PASSWORD", "whatever 123"),
    );
    assert!(err.contains("may not manage users"), "{err}");
    let log = o.json(&["audit", "log"]);
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .filter(|a| a.starts_with("user.password"))
        .collect();
    assert_eq!(
        actions,
        [
            "user.password-change",
            "user.password-reset",
            "user.password-change"
        ]
    );
}

#[test]
fn json_errors_carry_a_code() {
    let o = Office::new();
    let out = o.run(&["--json", "request", "show", "PRA-404"]);
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "NotFound");
    assert_eq!(err["error"]["message"], "no request PRA-404");
}

#[test]
fn five_wrong_passwords_lock_the_account() {
    let o = Office::new();
    o.add_user("carl", "clerk");
    for _ in 0..5 {
        o.refused(
            o.as_user("carl", &["request", "list"])
                .env("DISCLOSE_PASSWORD", "wrong-password"),
        );
    }
    // Locked: the right password gets the answer an unknown name gets.
    let err = o.refused(&mut o.as_user("carl", &["request", "list"]));
    let unknown = o.refused(&mut o.as_user("nobody", &["request", "list"]));
    assert_eq!(err, unknown);
    assert!(err.contains("or the account is locked"), "{err}");
    o.ok(&["user", "unlock", "carl"]);
    assert!(
        o.as_user("carl", &["request", "list"])
            .output()
            .unwrap()
            .status
            .success()
    );
}

#[test]
fn commands_need_an_office() {
    let tmp = tempfile::tempdir().unwrap();
    let mut c = disclose(&tmp.path().join("empty"));
    c.args(["request", "list"]);
    let out = c.output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("disclose init --admin NAME"));
}

#[test]
fn init_twice_is_refused() {
    let o = Office::new();
    let err = o.refused(&mut o.cmd(&["init", "--admin", "bob"]));
    assert!(err.contains("already holds an office"), "{err}");
    let err = o.refused(&mut {
        let mut c = disclose(&o.dir.join("other"));
        c.args(["init", "--admin", "Bob"]);
        c
    });
    assert!(err.contains("user name 'Bob'"), "{err}");
    let err = o.refused(&mut {
        let mut c = disclose(&o.dir.join("other2"));
        c.args(["init", "--admin", "bob"])
            .env("DISCLOSE_PASSWORD", "short");
        c
    });
    assert!(err.contains("at least 8 characters"), "{err}");
}

#[test]
fn a_data_dir_that_is_not_writable_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("plain-file");
    std::fs::write(&file, b"x").unwrap();
    let mut c = disclose(&file.join("office"));
    c.args(["init", "--admin", "ana"]);
    let out = c.output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("disclose: cannot use the data directory"),
        "{err}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

#[test]
fn a_newer_schema_is_refused() {
    let o = Office::new();
    let db = o.dir.join("disclose.db");
    let status = Command::new("sqlite3")
        .arg(&db)
        .arg("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99991231000000, 'future', 1, x'00', 0);")
        .status();
    let Ok(status) = status else {
        panic!("sqlite3 is needed for this test (apt-get install sqlite3)");
    };
    assert!(status.success());
    let err = o.refused(&mut o.cmd(&["request", "list"]));
    assert!(err.contains("newer version of Disclose"), "{err}");
}

#[test]
fn a_tampered_audit_event_is_named() {
    let o = Office::new();
    o.request("PRA-1");
    o.request("PRA-2");
    let db = o.dir.join("disclose.db");
    let status = Command::new("sqlite3")
        .arg(&db)
        .arg("DROP TRIGGER audit_no_update; UPDATE audit_events SET actor = 'mallory' WHERE seq = 3;")
        .status()
        .expect("sqlite3 is needed for this test");
    assert!(status.success());
    // The report goes to stdout, the one-line reason to stderr, and the exit is non-zero.
    let out = o.run(&["audit", "verify"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("BROKEN at event 3"));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err.trim(),
        "disclose: the audit chain is broken at event 3: its content was changed after it was written"
    );
}

#[test]
fn the_catalogue_is_seeded_and_editable() {
    let o = Office::new();
    let list = o.json(&["exemption", "list"]);
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["active"] == true)
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "7922.000", "7923.600", "7927.200", "7927.500", "7927.700", "7927.705", "7928.300"
        ]
    );
    o.ok(&[
        "exemption",
        "add",
        "CITY-1",
        "--label",
        "Mun. Code §2.40",
        "--description",
        "Local privacy rule",
    ]);
    let on = o.json(&["exemption", "activate", "foia"]);
    assert_eq!(on.as_array().unwrap().len(), 15);
    o.ok(&["exemption", "retire", "CITY-1"]);
    o.ok(&["exemption", "delete", "CITY-1"]);
    let err = o.refused(&mut o.as_user("ana", &["exemption", "delete", "CITY-1"]));
    assert!(err.contains("no exemption code 'CITY-1'"), "{err}");
}

use testkit as fixtures;

fn count_records(db: &Path) -> usize {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg("SELECT COUNT(*) FROM records")
        .output()
        .expect("sqlite3");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

#[test]
fn ingest_reports_counts_failures_and_lists_docs() {
    let o = Office::new();
    o.request("PRA-1");
    let root = o.dir.parent().unwrap().join("collection");
    fixtures::mixed_collection(&root);
    let r = o.json(&[
        "ingest",
        "PRA-1",
        root.to_str().unwrap(),
        "--custodian",
        "Ann Lee",
        "--no-ocr",
    ]);
    assert_eq!(r["counts"]["ingested"], 10);
    assert_eq!(r["counts"]["duplicates"], 1);
    assert_eq!(r["counts"]["failed"], 4);
    assert_eq!(r["records"].as_array().unwrap().len(), 10);
    let failed = r["failed"].as_array().unwrap();
    assert!(
        failed
            .iter()
            .all(|f| f["path"].is_string() && f["reason"].is_string())
    );
    assert_eq!(
        r["duplicates"][0]["path"],
        format!("{}/transfer/memo-copy.txt", root.display())
    );
    let docs = o.json(&["docs", "PRA-1"]);
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 15);
    for d in docs {
        for key in [
            "id",
            "path",
            "kind",
            "status",
            "custodian",
            "parent",
            "disposition",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
    }
    let att = docs
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("permit.eml/note.txt"))
        .unwrap();
    let eml = docs
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("permit.eml"))
        .unwrap();
    assert_eq!(att["parent"], eml["id"]);
    // The human summary names each failure with its reason.
    let again = o.ok(&["ingest", "PRA-1", root.to_str().unwrap()]);
    assert!(
        again.contains("0 ingested, 0 duplicates, 0 failed, 11 already there"),
        "{again}"
    );
    let err = o.refused(&mut o.cmd(&["ingest", "PRA-1", "/no/such/folder"]));
    assert!(err.contains("/no/such/folder does not exist"), "{err}");
}

#[test]
fn a_password_file_opens_locked_files_and_stays_out_of_every_output() {
    let o = Office::new();
    o.request("PRA-1");
    let root = o.dir.parent().unwrap().join("locked");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(
        fixtures::locked("settlement.docx"),
        root.join("settlement.docx"),
    )
    .unwrap();
    let first = o.json(&["ingest", "PRA-1", root.to_str().unwrap()]);
    assert_eq!(
        first["failed"][0]["reason"],
        "encrypted (password required)"
    );
    let pw = o.dir.parent().unwrap().join("passwords.txt");
    std::fs::write(&pw, format!("hunter2\n{}\n", fixtures::LOCKED_PASSWORD)).unwrap();
    let out = o.run(&[
        "ingest",
        "PRA-1",
        root.to_str().unwrap(),
        "--password-file",
        pw.to_str().unwrap(),
    ]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("1 ingested, 0 duplicates, 0 failed"),
        "{said}"
    );
    assert!(!said.contains(fixtures::LOCKED_PASSWORD) && !said.contains("hunter2"));
    let docs = o.json(&["docs", "PRA-1"]);
    assert_eq!(docs.as_array().unwrap().len(), 1, "read again in place");
    assert_eq!(docs[0]["status"], "ingested");
    let audit = o.ok(&["audit", "log"]);
    assert!(!audit.contains(fixtures::LOCKED_PASSWORD), "{audit}");
    // A password file that cannot be read, or holds none, is refused before anything runs.
    std::fs::write(&pw, "\n\n").unwrap();
    let err = o.refused(&mut o.cmd(&[
        "ingest",
        "PRA-1",
        root.to_str().unwrap(),
        "--password-file",
        pw.to_str().unwrap(),
    ]));
    assert!(err.contains("has no passwords in it"), "{err}");
}

#[test]
fn ingest_groups_conversations_and_threads_lists_them() {
    let o = Office::new();
    o.request("PRA-1");
    let root = o.dir.parent().unwrap().join("mail");
    std::fs::create_dir_all(&root).unwrap();
    let msg = |id: &str, reply: &str, from: &str, to: &str, subject: &str, body: &str| {
        format!(
            "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\n\
             Message-ID: <{id}@city.gov>\r\n{reply}Content-Type: text/plain\r\n\r\n{body}\r\n"
        )
    };
    std::fs::write(
        root.join("a.eml"),
        msg(
            "a",
            "",
            "ann@city.gov",
            "bob@city.gov",
            "Parks",
            "Cut the parks line?",
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("b.eml"),
        msg(
            "b",
            "In-Reply-To: <a@city.gov>\r\n",
            "bob@city.gov",
            "ann@city.gov",
            "RE: Parks",
            "No.\r\n> Cut the parks line?",
        ),
    )
    .unwrap();
    let said = o.ok(&["ingest", "PRA-1", root.to_str().unwrap()]);
    assert!(
        said.contains("Conversations: 1 of two or more messages (2 of 2 messages); 1 inclusive"),
        "{said}"
    );
    let threads = o.json(&["threads", "PRA-1"]);
    assert_eq!(threads[0]["messages"], 2);
    assert_eq!(threads[0]["inclusive"], 1);
    assert_eq!(threads[0]["subject"], "Parks");
    let docs = o.json(&["docs", "PRA-1"]);
    let a = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("a.eml"))
        .unwrap();
    let b = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("b.eml"))
        .unwrap();
    assert_eq!((&a["thread"], &b["thread"]), (&a["id"], &a["id"]));
    assert_eq!(
        (&a["inclusive"], &b["inclusive"]),
        (&serde_json::json!(false), &serde_json::json!(true))
    );
    let human = o.ok(&["threads", "PRA-1", "--regroup"]);
    assert!(
        human.contains("2 messages,   1 inclusive  Parks"),
        "{human}"
    );
}

#[test]
fn bulk_decisions_take_a_selection_say_what_they_would_do_and_undo_in_one_step() {
    let o = Office::new();
    o.request("PRA-1");
    let root = o.dir.parent().unwrap().join("news");
    std::fs::create_dir_all(&root).unwrap();
    for i in 0..3 {
        std::fs::write(
            root.join(format!("n{i}.eml")),
            format!(
                "From: newsletter@chamber.org\r\nTo: ana@city.gov\r\nSubject: News {i}\r\n\
                 Date: Mon, 02 Mar 2026 09:00:00 +0000\r\n\r\nEvents {i}.\r\n"
            ),
        )
        .unwrap();
    }
    std::fs::write(root.join("memo.txt"), "A memo.\n").unwrap();
    o.ok(&["ingest", "PRA-1", root.to_str().unwrap()]);
    let q = "from:newsletter@chamber.org";
    let dry = o.ok(&[
        "disposition",
        "PRA-1",
        "not-responsive",
        "--query",
        q,
        "--dry-run",
    ]);
    assert!(
        dry.contains("Would change 3 of the 3 records selected (0 already so, 0 left as they are). Nothing was changed."),
        "{dry}"
    );
    let done = o.json(&["disposition", "PRA-1", "not-responsive", "--query", q]);
    assert_eq!(
        (done["changed"].as_u64(), done["dry_run"].as_bool()),
        (Some(3), Some(false))
    );
    let event = done["event"].as_i64().unwrap();
    let decided = o.json(&["search", "PRA-1", "disposition:not-responsive"]);
    assert_eq!(decided["total"], 3);
    let undone = o.ok(&["undo", "PRA-1", "--bulk", &event.to_string()]);
    assert!(
        undone.contains("Undone: 3 of 3 records back as they were"),
        "{undone}"
    );
    // The request's highlight set, replaced from a file and shown.
    let terms = o.dir.parent().unwrap().join("terms.txt");
    std::fs::write(&terms, "Dana Reyes\n\n  Elm   Street \ndana reyes\n").unwrap();
    let set = o.json(&["highlights", "PRA-1", "--set-file", terms.to_str().unwrap()]);
    assert_eq!(set, serde_json::json!(["Dana Reyes", "Elm Street"]));
    assert!(o.ok(&["highlights", "PRA-1"]).contains("Elm Street"));
    assert_eq!(
        o.json(&["highlights", "PRA-1", "--clear"]),
        serde_json::json!([])
    );
    // Review batches of the undecided records, and their progress.
    let made = o.ok(&["batches", "PRA-1", "--make", "2"]);
    assert!(made.contains("Made 2 batches holding 4 records."), "{made}");
    let listed = o.json(&["batches", "PRA-1"]);
    assert_eq!(listed["batches"].as_array().unwrap().len(), 2);
    assert_eq!(listed["batches"][0]["records"], 2);
    // One selection at a time.
    let both = o.run(&["status", "PRA-1", "in-review", "--query", q, "--ids", "1,2"]);
    assert!(!both.status.success());
    let err = String::from_utf8_lossy(&both.stderr);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn near_dups_are_listed_and_compared_word_by_word() {
    let o = Office::new();
    o.request("PRA-1");
    let root = o.dir.parent().unwrap().join("memos");
    std::fs::create_dir_all(&root).unwrap();
    let memo = "The council asked staff to review the drainage easement on parcel 4471 before \
                the permit hearing in March. Public works found that the storm sewer under Elm \
                Street cannot carry the added flow from the new housing site next spring.";
    std::fs::write(root.join("a-memo.txt"), memo).unwrap();
    std::fs::write(
        root.join("b-draft.txt"),
        memo.replace("in March", "in April"),
    )
    .unwrap();
    o.ok(&["ingest", "PRA-1", root.to_str().unwrap()]);
    let groups = o.json(&["near-dups", "PRA-1"]);
    assert_eq!(groups[0]["records"], 2, "{groups}");
    let docs = o.json(&["docs", "PRA-1"]);
    let id_of = |name: &str| {
        docs.as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(name))
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let (memo_id, draft_id) = (id_of("a-memo.txt"), id_of("b-draft.txt"));
    let pivot = groups[0]["id"].as_i64().unwrap();
    let member = if pivot == memo_id { draft_id } else { memo_id };
    let shown = o.ok(&["near-dups", "PRA-1", "--compare", &member.to_string()]);
    assert!(
        shown.contains(&format!("Record {member} beside record {pivot}")),
        "{shown}"
    );
    let (on_draft, on_memo) = if member == draft_id {
        ("+", "-")
    } else {
        ("-", "+")
    };
    assert!(
        shown.contains(&format!("  {on_draft} {draft_id}: April")),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("  {on_memo} {memo_id}: March")),
        "{shown}"
    );
    let json = o.json(&[
        "near-dups",
        "PRA-1",
        "--compare",
        &pivot.to_string(),
        "--with",
        &member.to_string(),
    ]);
    assert_eq!(json["left"].as_i64(), Some(member));
    let alone = o.run(&["near-dups", "PRA-1", "--compare", &pivot.to_string()]);
    assert!(!alone.status.success());
    assert!(String::from_utf8_lossy(&alone.stderr).contains("pivot"));
}

#[test]
fn a_mailbox_killed_part_way_resumes_with_the_items_it_lacks() {
    let o = Office::new();
    o.request("PRA-1");
    let root = o.dir.parent().unwrap().join("pst");
    std::fs::create_dir_all(&root).unwrap();
    let n = 20_000;
    fixtures::pst_writer::write_many(&root.join("permits.pst"), n, false).unwrap();
    let db = o.dir.join("disclose.db");
    let mut child = o
        .cmd(&["ingest", "PRA-1", root.to_str().unwrap(), "--workers", "1"])
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    // The mailbox's record first, then its items in batches: wait for some items.
    while count_records(&db) < 2 {
        assert!(
            started.elapsed().as_secs() < 120,
            "no batch committed within 2 minutes"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest ended before it could be killed"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let after_kill = count_records(&db);
    assert!(
        after_kill > 1 && after_kill < n + 1,
        "killed mid-way: {after_kill} of {}",
        n + 1
    );
    let r = o.json(&["ingest", "PRA-1", root.to_str().unwrap()]);
    assert_eq!(
        r["counts"]["ingested"].as_u64().unwrap() as usize,
        n + 1 - after_kill,
        "{r}"
    );
    assert_eq!(r["counts"]["duplicates"], 0);
    assert_eq!(
        count_records(&db),
        n + 1,
        "the mailbox and every item, once"
    );
    let third = o.json(&["ingest", "PRA-1", root.to_str().unwrap()]);
    assert_eq!(third["counts"]["ingested"], 0);
    assert_eq!(count_records(&db), n + 1);
    assert_eq!(
        o.json(&["search", "PRA-1", "\"building permit\"", "--limit", "1"])["total"],
        n
    );
}

#[test]
fn a_killed_ingest_finishes_on_the_next_run_and_duplicates_nothing() {
    let o = Office::new();
    o.request("PRA-1");
    let root = o.dir.parent().unwrap().join("mailbox");
    let n = 6000;
    for i in 0..n {
        let body = format!("Message number {i} about permit zq{i}x.");
        fixtures::write(
            &root.join(format!("{:02}/{i:05}.eml", i % 50)),
            fixtures::email("clerk@city.example", &format!("Note {i}"), &body, None),
        );
    }
    let db = o.dir.join("disclose.db");
    let mut child = o
        .cmd(&["ingest", "PRA-1", root.to_str().unwrap(), "--workers", "1"])
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while count_records(&db) == 0 {
        assert!(
            started.elapsed().as_secs() < 120,
            "no batch committed within 2 minutes"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest ended before it could be killed"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let after_kill = count_records(&db);
    assert!(
        after_kill > 0 && after_kill < n,
        "killed mid-way: {after_kill} of {n}"
    );

    let r = o.json(&["ingest", "PRA-1", root.to_str().unwrap()]);
    assert_eq!(
        r["counts"]["skipped"].as_u64().unwrap() as usize,
        after_kill
    );
    assert_eq!(
        r["counts"]["ingested"].as_u64().unwrap() as usize,
        n - after_kill
    );
    assert_eq!(r["counts"]["duplicates"], 0);
    assert_eq!(count_records(&db), n, "every file exactly once");
    let third = o.json(&["ingest", "PRA-1", root.to_str().unwrap()]);
    assert_eq!(third["counts"]["skipped"].as_u64().unwrap() as usize, n);
    assert_eq!(third["counts"]["ingested"], 0);
    assert_eq!(count_records(&db), n);
    // Nothing is missing from search either, on either side of the kill: every message, and
    // each by its own word (records committed before the kill whose index commit was lost
    // are indexed again by the next run or search).
    let docs = o.json(&["docs", "PRA-1"]);
    assert_eq!(docs.as_array().unwrap().len(), n);
    assert_eq!(
        o.json(&["search", "PRA-1", "permit", "--limit", "1"])["total"],
        n
    );
    for i in [0, after_kill - 1, after_kill, n - 1] {
        let r = o.json(&["search", "PRA-1", &format!("zq{i}x")]);
        assert_eq!(r["total"], 1, "message {i}: {r}");
    }
    assert_eq!(o.json(&["audit", "verify"])["ok"], true);
}

#[test]
fn search_finds_words_in_every_kind_of_record_with_snippets() {
    let o = Office::new();
    o.request("PRA-1");
    let root = o.dir.parent().unwrap().join("collection");
    fixtures::mixed_collection(&root);
    o.ok(&["ingest", "PRA-1", root.to_str().unwrap(), "--no-ocr"]);
    // The memo, its copy in transfer/, and the invoice.
    let r = o.json(&["search", "PRA-1", "lathrop"]);
    assert_eq!(r["total"], 3, "{r}");
    assert!(r["took_ms"].is_u64());
    for h in r["hits"].as_array().unwrap() {
        for key in [
            "doc_id", "path", "kind", "title", "date", "score", "snippet", "copies",
        ] {
            assert!(h.get(key).is_some(), "{key} missing in {h}");
        }
        assert!(h["snippet"].as_str().unwrap().contains("«Lathrop»"), "{h}");
    }
    assert_eq!(r["facets"]["kind"][0]["value"], "text", "{r}");
    assert_eq!(r["facets"]["kind"][0]["count"], 2, "{r}");
    // Folded: the memo and its copy are one hit with two copies.
    let r = o.json(&["search", "PRA-1", "lathrop", "--fold"]);
    assert_eq!(
        (r["total"].as_u64(), r["originals"].as_u64()),
        (Some(3), Some(2))
    );
    assert!(
        r["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["copies"] == 2),
        "{r}"
    );
    let r = o.json(&["search", "PRA-1", "zanzibar"]);
    assert_eq!(r["total"], 1);
    assert!(
        r["hits"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("permit.eml/note.txt")
    );
    assert_eq!(o.json(&["search", "PRA-1", "subject:permit"])["total"], 1);
    assert_eq!(o.json(&["search", "PRA-1", "\"permit fees\""])["total"], 2);
    assert_eq!(
        o.json(&["search", "PRA-1", "lathrop AND invoice"])["total"],
        1
    );
    assert_eq!(o.json(&["search", "PRA-1", "lathrop -invoice"])["total"], 2);
    assert_eq!(
        o.json(&["search", "PRA-1", "lathorp~1 path:transfer"])["total"],
        1
    );
    // Paging: the total stays, the page moves.
    let page2 = o.json(&[
        "search", "PRA-1", "lathrop", "--limit", "1", "--offset", "1", "--sort", "newest",
    ]);
    assert_eq!(
        (
            page2["total"].as_u64(),
            page2["hits"].as_array().unwrap().len()
        ),
        (Some(3), 1)
    );
    // People read a count, the hits with their snippets, and (asked) the facets.
    let text = o.ok(&["search", "PRA-1", "lathrop", "--facets"]);
    assert!(text.starts_with("3 records match ("), "{text}");
    assert!(text.contains("«Lathrop»"), "{text}");
    assert!(text.contains("        kind: text 2 · pdf 1"), "{text}");

    // Saved searches: saved while searching, listed, re-run, deleted.
    o.ok(&["search", "PRA-1", "lathrop -invoice", "--save", "memos"]);
    let list = o.json(&["searches", "PRA-1"]);
    assert_eq!(list[0]["name"], "memos");
    assert_eq!(list[0]["query"], "lathrop -invoice");
    assert_eq!(o.json(&["search", "PRA-1", "--saved", "memos"])["total"], 2);
    let err = o.refused(&mut o.cmd(&["search", "PRA-1", "x", "--save", "memos"]));
    assert!(err.contains("already exists"), "{err}");
    o.ok(&["searches", "PRA-1", "--delete", "memos"]);
    let err = o.refused(&mut o.cmd(&["search", "PRA-1", "--saved", "memos"]));
    assert!(err.contains("no saved search named \"memos\""), "{err}");

    // Review decisions are searchable at once.
    let invoice = o.json(&["search", "PRA-1", "invoice"])["hits"][0]["doc_id"]
        .as_i64()
        .unwrap()
        .to_string();
    let d = o.json(&["withhold", "PRA-1", "--doc", &invoice, "--code", "7927.200"]);
    assert_eq!(d["disposition"], "withhold");
    assert_eq!(
        o.json(&["search", "PRA-1", "exemption:7927.200"])["total"],
        1
    );
    o.ok(&["disposition", "PRA-1", "--doc", &invoice, "release"]);
    assert_eq!(
        o.json(&["search", "PRA-1", "disposition:withhold"])["total"],
        0
    );
    assert_eq!(
        o.json(&["search", "PRA-1", "disposition:release"])["total"],
        1
    );

    // A search-term report, as CSV and as JSON.
    let terms = o.dir.parent().unwrap().join("terms.txt");
    std::fs::write(
        &terms,
        "# agreed with the requester\nlathrop\n\nzanzibar\n\"permit fees\" OR grading\n",
    )
    .unwrap();
    let csv = o.ok(&[
        "search",
        "PRA-1",
        "--terms-file",
        terms.to_str().unwrap(),
        "--csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "term,hits,with_families,unique");
    // The memos and the invoice are hit by two terms each; the attachment brings its email.
    assert_eq!(lines[1], "lathrop,3,3,0");
    assert_eq!(lines[2], "zanzibar,1,2,1");
    assert_eq!(lines[3], "\"\"\"permit fees\"\" OR grading\",3,3,0");
    assert_eq!(lines[4], "(any term),4,5,");
    let r = o.json(&["search", "PRA-1", "--terms-file", terms.to_str().unwrap()]);
    assert_eq!(r["terms"][1]["term"], "zanzibar");
    assert_eq!(r["any"]["hits"], 4);

    let err = o.refused(&mut o.cmd(&["search", "PRA-1", "(unbalanced"]));
    assert!(
        err.contains("the query does not parse at column 1: this parenthesis is not closed"),
        "{err}"
    );
    let err = o.refused(&mut o.cmd(&["search", "PRA-9", "x"]));
    assert!(err.contains("no request PRA-9"), "{err}");
}

#[test]
fn redact_show_and_undo_from_the_command_line() {
    let o = Office::new();
    o.request("PRA-1");
    let root = o.dir.parent().unwrap().join("collection");
    fixtures::mixed_collection(&root);
    o.ok(&["ingest", "PRA-1", root.to_str().unwrap(), "--no-ocr"]);
    let docs = o.json(&["docs", "PRA-1"]);
    let memo = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("memos/memo.txt"))
        .unwrap()["id"]
        .to_string();
    // Every record: the memo, its copy and the invoice PDF.
    let r = o.json(&[
        "redact",
        "PRA-1",
        "--text",
        "lathrop",
        "--ignore-case",
        "--all-docs",
        "--code",
        "7928.300",
    ]);
    assert_eq!(
        (r["redactions"].as_u64(), r["records"].as_u64()),
        (Some(3), Some(3))
    );
    let release = o.ok(&["show", "PRA-1", "--doc", &memo, "--release"]);
    assert_eq!(
        release.trim_end(),
        "Council memo about the [REDACTED — Gov. Code §7928.300] permit fees."
    );
    let view = o.json(&["show", "PRA-1", "--doc", &memo]);
    let id = view["redactions"][0]["id"].as_i64().unwrap().to_string();
    assert_eq!(view["redactions"][0]["state"], "applied");
    assert!(
        view["text"].as_str().unwrap().contains("Lathrop"),
        "the original stays"
    );
    let text = o.ok(&["show", "PRA-1", "--doc", &memo]);
    assert!(text.contains("Redaction "), "{text}");
    o.ok(&["redact", "PRA-1", "--remove", &id]);
    let release = o.ok(&["show", "PRA-1", "--doc", &memo, "--release"]);
    assert!(release.contains("Lathrop"), "{release}");
    // Refusals: one line, nothing changed; usage mistakes exit 2.
    let err = o.refused(&mut o.cmd(&[
        "redact",
        "PRA-1",
        "--pattern",
        "(x",
        "--doc",
        &memo,
        "--code",
        "7928.300",
    ]));
    assert!(err.contains("the pattern does not compile"), "{err}");
    let err = o.refused(&mut o.cmd(&["redact", "PRA-1", "--remove", &id]));
    assert!(err.contains("already removed"), "{err}");
    for args in [
        vec!["redact", "PRA-1", "--text", "x", "--doc", "1"],
        vec![
            "redact",
            "PRA-1",
            "--text",
            "x",
            "--doc",
            "1",
            "--all-docs",
            "--code",
            "7928.300",
        ],
        vec!["redact", "PRA-1", "--doc", "1", "--code", "7928.300"],
    ] {
        assert_eq!(o.run(&args).status.code(), Some(2), "{args:?}");
    }
    // An area of the scanned-looking PDF's page: its words leave the text, a box is drawn.
    let pdf = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("pdf/invoice.pdf"))
        .unwrap()["id"]
        .to_string();
    o.ok(&[
        "redact",
        "PRA-1",
        "--doc",
        &pdf,
        "--area",
        "1:0,0,1,0.5",
        "--code",
        "7928.300",
    ]);
    let r = o.json(&["show", "PRA-1", "--doc", &pdf, "--release"]);
    assert!(!r["text"].as_str().unwrap().contains("Invoice"), "{r}");
    assert!(r["boxes"].as_array().unwrap().len() >= 2, "{r}");
    let err = o.refused(&mut o.cmd(&[
        "redact",
        "PRA-1",
        "--doc",
        &pdf,
        "--area",
        "1:0.5,0.5",
        "--code",
        "7928.300",
    ]));
    assert!(err.contains("PAGE:X0,Y0,X1,Y1"), "{err}");
    // Detectors propose; the clerk accepts.
    let p = o.json(&[
        "redact",
        "PRA-1",
        "--detect",
        "ip,email",
        "--all-docs",
        "--code",
        "7928.300",
        "--propose",
    ]);
    assert_eq!(
        p["redactions"], 3,
        "the log's IP, the message's sender and recipient: {p}"
    );
    let d = o.json(&["redact", "PRA-1", "--accept-all", "--origin", "detector"]);
    assert_eq!(d["accepted"], 3);
    let err = o.refused(&mut o.cmd(&[
        "redact",
        "PRA-1",
        "--detect",
        "ssn,shoe-size",
        "--all-docs",
        "--code",
        "7928.300",
    ]));
    assert!(err.contains("there is no detector \"shoe-size\""), "{err}");
    assert_eq!(o.json(&["audit", "verify"])["ok"], true);
}

#[test]
fn the_office_chooses_detectors_and_codes_and_a_clerk_accepts_by_confidence() {
    let o = Office::new();
    o.request("PRA-1");
    let root = o.dir.parent().unwrap().join("collection");
    fixtures::mixed_collection(&root);
    o.ok(&["ingest", "PRA-1", root.to_str().unwrap(), "--no-ocr"]);
    // Every detector runs until the office says otherwise; IP addresses are not personal here
    // and email addresses cite 7927.705.
    let s = o.json(&["settings"]);
    assert!(
        s["detectors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["runs"] == true && d["code"] == ""),
        "{s}"
    );
    let s = o.json(&[
        "settings",
        "--detector",
        "ip=off",
        "--detector-code",
        "email=7927.705",
    ]);
    let choice = |s: &Value, kind: &str| {
        s["detectors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["kind"] == kind)
            .cloned()
            .unwrap()
    };
    assert_eq!(choice(&s, "ip")["runs"], false);
    assert_eq!(choice(&s, "email")["code"], "7927.705");
    let text = o.ok(&["settings"]);
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == ["ip", "off", "the", "run's", "code"]),
        "{text}"
    );
    assert!(text.contains("7927.705"), "{text}");
    // Bad choices: one line each, nothing changed.
    for (args, says) in [
        (
            vec!["settings", "--detector", "ip=maybe"],
            "DETECTOR=on or DETECTOR=off",
        ),
        (
            vec!["settings", "--detector", "shoe-size=off"],
            "there is no detector",
        ),
        (
            vec!["settings", "--detector-code", "person=1234.5"],
            "person detector",
        ),
        (vec!["settings", "--detector", "ip"], "DETECTOR=VALUE"),
    ] {
        let err = o.refused(&mut o.cmd(&args));
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(o.json(&["settings"]), s, "refusals change nothing");
    // The office's default: the email addresses with their own code, no IP address.
    let p = o.json(&[
        "redact",
        "PRA-1",
        "--detect",
        "default",
        "--all-docs",
        "--code",
        "7928.300",
        "--propose",
    ]);
    assert!(p["redactions"].as_u64().unwrap() >= 2, "{p}");
    let docs = o.json(&["docs", "PRA-1"]);
    let mut views = vec![];
    for d in docs.as_array().unwrap() {
        views.push(o.json(&["show", "PRA-1", "--doc", &d["id"].to_string()]));
    }
    let proposals: Vec<&Value> = views
        .iter()
        .flat_map(|v| v["redactions"].as_array().unwrap())
        .collect();
    assert!(proposals.iter().all(|r| r["kind"] != "ip"), "{proposals:?}");
    let emails: Vec<_> = proposals.iter().filter(|r| r["kind"] == "email").collect();
    assert_eq!(
        emails.len(),
        2,
        "the message's sender and recipient: {proposals:?}"
    );
    assert!(emails.iter().all(|r| r["code"] == "7927.705"), "{emails:?}");
    assert!(
        proposals
            .iter()
            .all(|r| r["score"].as_f64().is_some_and(|s| s > 0.0 && s <= 1.0)),
        "{proposals:?}"
    );
    // Accept those a detector was at least as sure of as the surest email.
    let err = o.refused(&mut o.cmd(&["redact", "PRA-1", "--accept-all", "--min-score", "1.5"]));
    assert!(err.contains("between 0 and 1"), "{err}");
    let bar = emails
        .iter()
        .map(|r| r["score"].as_f64().unwrap())
        .fold(f64::MIN, f64::max);
    let sure = proposals
        .iter()
        .filter(|r| r["score"].as_f64().unwrap() >= bar)
        .count();
    let d = o.json(&[
        "redact",
        "PRA-1",
        "--accept-all",
        "--min-score",
        &bar.to_string(),
    ]);
    assert_eq!(d["accepted"].as_u64(), Some(sure as u64), "{d}");
    assert_eq!(o.json(&["audit", "verify"])["ok"], true);
}

#[test]
fn backup_verify_and_restore_from_the_command_line() {
    let o = Office::new();
    o.request("PRA-1");
    let root = o.dir.parent().unwrap().join("collection");
    fixtures::mixed_collection(&root);
    o.ok(&["ingest", "PRA-1", root.to_str().unwrap(), "--no-ocr"]);
    let text = o.ok(&["settings"]);
    assert!(text.contains("never been backed up"), "{text}");
    let folder = o.dir.parent().unwrap().join("backup");
    let b = o.json(&["backup", "--out", folder.to_str().unwrap()]);
    assert_eq!(b["incremental"], false, "{b}");
    assert!(b["originals"].as_u64().unwrap() >= 5, "{b}");
    let text = o.ok(&["settings"]);
    assert!(
        text.contains("Last backup: 20") && !text.contains("never been backed up"),
        "{text}"
    );
    let again = o.json(&["backup", "--out", folder.to_str().unwrap()]);
    assert_eq!(again["incremental"], true, "{again}");
    assert_eq!(again["files_copied"], 1, "only the database: {again}");
    // Checking and restoring need no sign-in.
    let check = disclose(&o.dir)
        .env_remove("DISCLOSE_PASSWORD")
        .args(["--json", "backup", "--verify", folder.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(check.status.success(), "{check:?}");
    let to = o.dir.parent().unwrap().join("restored");
    let r = disclose(&o.dir)
        .env_remove("DISCLOSE_PASSWORD")
        .args([
            "restore",
            folder.to_str().unwrap(),
            "--to",
            to.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(r.status.success(), "{r:?}");
    let said = String::from_utf8(r.stdout).unwrap();
    assert!(said.contains("verified"), "{said}");
    let restored = disclose(&to)
        .args(["--json", "docs", "PRA-1"])
        .output()
        .unwrap();
    assert!(restored.status.success(), "{restored:?}");
    let restored: Value = serde_json::from_slice(&restored.stdout).unwrap();
    assert_eq!(restored, o.json(&["docs", "PRA-1"]));
    // A clerk may not back up; a changed backup is named and refused.
    o.add_user("cal", "clerk");
    let err = o.refused(&mut o.as_user("cal", &["backup", "--out", folder.to_str().unwrap()]));
    assert!(err.contains("back the office up"), "{err}");
    std::fs::write(folder.join("office.key"), "key = 00\n").unwrap();
    let out = disclose(&o.dir)
        .args(["backup", "--verify", folder.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.contains("NOT OK") && said.contains("the key"),
        "{said}"
    );
    let err = o.refused(disclose(&o.dir).args([
        "restore",
        folder.to_str().unwrap(),
        "--to",
        o.dir.parent().unwrap().join("again").to_str().unwrap(),
    ]));
    assert!(err.contains("does not verify"), "{err}");
}

#[test]
fn review_status_and_assignment_from_the_command_line() {
    let o = Office::new();
    o.request("PRA-1");
    let root = o.dir.parent().unwrap().join("collection");
    fixtures::mixed_collection(&root);
    o.ok(&["ingest", "PRA-1", root.to_str().unwrap(), "--no-ocr"]);
    let docs = o.json(&["docs", "PRA-1"]);
    let id = |suffix: &str| {
        docs.as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(suffix))
            .unwrap()["id"]
            .to_string()
    };
    let (eml, note) = (id("mail/permit.eml"), id("permit.eml/note.txt"));
    let d = o.json(&["status", "PRA-1", "--doc", &eml, "in-review"]);
    assert_eq!(d["review_status"], "in-review");
    o.ok(&[
        "assign",
        "PRA-1",
        "--doc",
        &format!("{eml},{note}"),
        "--to",
        "ana",
    ]);
    o.ok(&["assign", "PRA-1", "--enforce", "on"]);
    let ds = o.json(&[
        "withhold",
        "PRA-1",
        "--doc",
        &eml,
        "--code",
        "7927.500",
        "--with-attachments",
    ]);
    assert_eq!(ds.as_array().unwrap().len(), 2);
    let err = o.refused(&mut o.cmd(&["status", "PRA-1", "--doc", &note, "in-review"]));
    assert!(err.contains("cannot become in-review"), "{err}");
    assert_eq!(
        o.run(&["assign", "PRA-1", "--doc", "1"]).status.code(),
        Some(2)
    );
    assert_eq!(
        o.json(&["search", "PRA-1", "disposition:withhold"])["total"],
        2
    );
}

#[test]
fn submit_approve_export_and_verify_from_the_command_line() {
    let o = Office::new();
    o.add_user("olga", "officer");
    o.request("PRA-1");
    let root = o.dir.parent().unwrap().join("collection");
    fixtures::write(
        &root.join("memo.txt"),
        "Ana Ruiz asked about the permit fee.\nCall her at 555-0142.\n",
    );
    fixtures::write(
        &root.join("invoice.pdf"),
        fixtures::pdf_with_text("Invoice 42 for Ana Ruiz"),
    );
    fixtures::write(&root.join("broken.pdf"), b"%PDF-1.7\n1 0 obj << /Type");
    o.ok(&["ingest", "PRA-1", root.to_str().unwrap(), "--no-ocr"]);
    o.ok(&[
        "redact",
        "PRA-1",
        "--text",
        "Ana Ruiz",
        "--all-docs",
        "--code",
        "7927.700",
    ]);
    o.ok(&["disposition", "PRA-1", "--undecided", "release"]);

    // The unreadable file must be decided before submitting.
    let err = o.refused(&mut o.as_user("olga", &["submit", "PRA-1"]));
    assert!(err.contains("could not be read"), "{err}");
    let docs = o.json(&["docs", "PRA-1"]);
    let broken = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("broken.pdf"))
        .unwrap()["id"]
        .to_string();
    o.ok(&["disposition", "PRA-1", "--doc", &broken, "not-responsive"]);
    let preview = o.json(&["approval", "PRA-1"]);
    assert_eq!(preview["state"], "not submitted");
    assert_eq!(preview["summary"]["released_with_redactions"], 2);

    let s = serde_json::from_slice::<Value>(
        &o.as_user("olga", &["--json", "submit", "PRA-1"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(s["state"], "submitted");
    // An officer may not approve; the supervisor (who did not submit) may.
    let err = o.refused(&mut o.as_user("olga", &["approve", "PRA-1"]));
    assert!(err.contains("may not"), "{err}");
    let a = o.json(&["approve", "PRA-1", "--comment", "fine"]);
    assert_eq!(a["state"], "approved");
    assert_eq!(a["release_hash"], s["release_hash"]);

    // Not into the office's own folders.
    let inside = o.dir.join("index-copy");
    let err = o.refused(&mut o.cmd(&["export", "PRA-1", "--out", inside.to_str().unwrap()]));
    assert!(err.contains("inside the office's data directory"), "{err}");
    assert!(!inside.exists());
    let out = o.dir.parent().unwrap().join("release");
    let out_s = out.to_str().unwrap();
    let r = o.json(&[
        "export",
        "PRA-1",
        "--out",
        out_s,
        "--watermark",
        "INSPECTION COPY",
    ]);
    assert_eq!(r["records"], 2);
    assert_eq!(r["bates_first"], "PRA-1-000001");
    assert!(out.join("manifest.json").exists());
    // The export is the request's first determination; it is partly released until closed.
    let req = o.json(&["request", "show", "PRA-1"]);
    assert_eq!(req["state"], "partly-released", "{req}");
    assert!(req["determined_on"].is_string(), "{req}");
    let err = o.refused(&mut o.cmd(&[
        "request", "state", "PRA-1", "closed", "--as", "denied", "--note", "x",
    ]));
    assert!(err.contains("close it as fulfilled"), "{err}");
    let text = std::process::Command::new("pdftotext")
        .arg(out.join("PRA-1-release.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("asked about the permit fee") && !text.contains("Ruiz"),
        "{text}"
    );
    let v = o.json(&["verify", out_s]);
    assert_eq!(v["ok"], true, "{v}");

    // A changed byte: verify says which file and exits non-zero.
    let log = out.join("exemption-log.csv");
    let mut csv = std::fs::read(&log).unwrap();
    csv.push(b' ');
    std::fs::write(&log, csv).unwrap();
    let bad = o.run(&["verify", out_s]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stdout).contains("exemption-log.csv has changed"));

    // A change after approval: the approval is stale and export says why.
    o.ok(&[
        "redact",
        "PRA-1",
        "--text",
        "permit fee",
        "--all-docs",
        "--code",
        "7927.700",
    ]);
    let err = o.refused(&mut o.cmd(&["export", "PRA-1", "--out", "/tmp/never-made"]));
    assert!(
        err.contains("stale") && err.contains("redactions changed"),
        "{err}"
    );
    assert!(!Path::new("/tmp/never-made").exists());
}

#[test]
fn installments_and_the_office_report_from_the_command_line() {
    let o = Office::new();
    o.add_user("olga", "officer");
    o.request("PRA-7");
    let root = o.dir.parent().unwrap().join("collection");
    fixtures::write(&root.join("a.txt"), "Memo A about the lot.\n");
    fixtures::write(&root.join("b.txt"), "Memo B about the fee.\n");
    o.ok(&["ingest", "PRA-7", root.to_str().unwrap(), "--no-ocr"]);
    let docs = o.json(&["docs", "PRA-7"]);
    let id = |end: &str| {
        docs.as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(end))
            .unwrap()["id"]
            .to_string()
    };
    let (a, b) = (id("a.txt"), id("b.txt"));
    // Installment 1: what is decided (a); b waits.
    o.ok(&["disposition", "PRA-7", "--doc", &a, "release"]);
    let submitted = |args: &[&str]| {
        serde_json::from_slice::<Value>(&o.as_user("olga", args).output().unwrap().stdout).unwrap()
    };
    let s = submitted(&["--json", "submit", "PRA-7", "--installment"]);
    assert_eq!(s["installment"], 1, "{s}");
    assert_eq!(s["summary"]["records"], 1, "{s}");
    o.ok(&["approve", "PRA-7"]);
    let out1 = o.dir.parent().unwrap().join("installment-1");
    let r1 = o.json(&["export", "PRA-7", "--out", out1.to_str().unwrap()]);
    assert_eq!(r1["bates_first"], "PRA-7-000001");
    // Nothing new: refused, in one line.
    let err = o.refused(&mut o.as_user("olga", &["submit", "PRA-7", "--installment"]));
    assert!(err.contains("nothing to release in installment 2"), "{err}");
    // Installment 2, picked by id: its numbers follow on.
    o.ok(&["disposition", "PRA-7", "--doc", &b, "release"]);
    let s = submitted(&["--json", "submit", "PRA-7", "--installment", "--ids", &b]);
    assert_eq!(s["installment"], 2, "{s}");
    o.ok(&["approve", "PRA-7"]);
    let out2 = o.dir.parent().unwrap().join("installment-2");
    let r2 = o.json(&[
        "export",
        "PRA-7",
        "--out",
        out2.to_str().unwrap(),
        "--letter-lang",
        "es",
    ]);
    // Its letter is the office's Spanish installment cover letter.
    let letter = String::from_utf8(
        Command::new("pdftotext")
            .arg(out2.join("determination-letter.pdf"))
            .arg("-")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(letter.contains("Adjuntamos la entrega 2"), "{letter}");
    let next = |b: &Value| -> u64 {
        b.as_str()
            .unwrap()
            .rsplit('-')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert_eq!(next(&r2["bates_first"]), next(&r1["bates_last"]) + 1);
    assert!(out2.join("exemption-log-cumulative.csv").exists());
    let i = o.json(&["installments", "PRA-7"]);
    assert_eq!(i["installments"].as_array().unwrap().len(), 2, "{i}");
    let text = o.ok(&["installments", "PRA-7"]);
    assert!(text.contains("Installment 2 of PRA-7"), "{text}");
    // --ids needs --installment.
    let bad = o.run(&["submit", "PRA-7", "--ids", &a]);
    assert!(!bad.status.success());

    // The office's report: two installments went out, of one request received.
    let csv = o.ok(&[
        "report",
        "--from",
        "2000-01-01",
        "--to",
        "2100-12-31",
        "--csv",
    ]);
    assert!(csv.starts_with("figure,value\n"), "{csv}");
    assert!(csv.contains("\ninstallments,2\n"), "{csv}");
    assert!(csv.contains("\nreceived,1\n"), "{csv}");
    let pdf = o.dir.parent().unwrap().join("report.pdf");
    o.ok(&[
        "report",
        "--from",
        "2000-01-01",
        "--to",
        "2100-12-31",
        "--pdf",
        pdf.to_str().unwrap(),
    ]);
    let text = String::from_utf8(
        Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(text.contains("Installments released: 2"), "{text}");
    // A clerk may not read the office's figures.
    o.add_user("carl", "clerk");
    let err = o.refused(&mut o.as_user(
        "carl",
        &["report", "--from", "2026-01-01", "--to", "2026-12-31"],
    ));
    assert!(err.contains("may not"), "{err}");
}

#[test]
fn letters_are_previewed_issued_listed_and_their_templates_edited_from_the_command_line() {
    let o = Office::new();
    o.add_user("olga", "officer");
    o.request("PRA-8");
    // A preview issues nothing.
    let text = o.ok(&["letter", "PRA-8", "acknowledgment", "--preview"]);
    assert!(text.contains("We received your request"), "{text}");
    assert!(o.json(&["letters", "PRA-8"]).as_array().unwrap().is_empty());
    // Issued in Spanish by the officer; listed; its PDF read back.
    let issued = serde_json::from_slice::<Value>(
        &o.as_user(
            "olga",
            &[
                "--json",
                "letter",
                "PRA-8",
                "acknowledgment",
                "--lang",
                "es",
            ],
        )
        .output()
        .unwrap()
        .stdout,
    )
    .unwrap();
    let id = issued[0]["id"].to_string();
    let list = o.json(&["letters", "PRA-8"]);
    assert_eq!(list[0]["language"], "es", "{list}");
    let pdf = o.dir.parent().unwrap().join("letter.pdf");
    o.ok(&[
        "letters",
        "PRA-8",
        "--get",
        &id,
        "--out",
        pdf.to_str().unwrap(),
    ]);
    let text = String::from_utf8(
        Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(text.contains("Recibimos su solicitud"), "{text}");
    // What cannot be: a kind that does not exist, a notice of an extension never made, a
    // template with a field that does not exist (and the template unchanged).
    let err = o.refused(&mut o.cmd(&["letter", "PRA-8", "memo"]));
    assert!(err.contains("not a letter"), "{err}");
    let err = o.refused(&mut o.cmd(&["letter", "PRA-8", "extension"]));
    assert!(err.contains("has not been extended"), "{err}");
    let bad = o.dir.parent().unwrap().join("bad.txt");
    std::fs::write(&bad, "Dear {{requestor}}").unwrap();
    let err = o.refused(&mut o.cmd(&[
        "letter-template",
        "acknowledgment",
        "--set",
        bad.to_str().unwrap(),
    ]));
    assert!(err.contains("does not exist"), "{err}");
    let t = o.json(&["letter-template", "acknowledgment"]);
    assert_eq!(t["edited"], false, "{t}");
    let good = o.dir.parent().unwrap().join("good.txt");
    std::fs::write(&good, "Request {{reference}} received {{received}}.\n").unwrap();
    o.ok(&[
        "letter-template",
        "acknowledgment",
        "--set",
        good.to_str().unwrap(),
    ]);
    let text = o.ok(&["letter", "PRA-8", "acknowledgment", "--preview"]);
    assert!(text.starts_with("Request PRA-8 received"), "{text}");
}

#[test]
fn check_names_what_stops_a_release_and_the_fallback_is_chosen_from_the_command_line() {
    let o = Office::new();
    o.add_user("olga", "officer");
    o.request("PRA-1");
    let root = o.dir.parent().unwrap().join("collection");
    fixtures::write(&root.join("note.txt"), "A note about the permit fee.\n");
    // A JPEG whose header reads and whose pixels do not decode.
    fixtures::write(&root.join("photo.jpg"), fixtures::damaged_jpeg());
    o.ok(&["ingest", "PRA-1", root.to_str().unwrap(), "--no-ocr"]);
    o.ok(&["disposition", "PRA-1", "--undecided", "release"]);
    let docs = o.json(&["docs", "PRA-1"]);
    let id_of = |name: &str| {
        docs.as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(name))
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let (photo, note) = (id_of("photo.jpg"), id_of("note.txt"));

    // The check names the record, its page and what can be done; exit 1.
    let out = o.run(&["check", "PRA-1"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(&format!(
            "PROBLEM: record {photo} (photo.jpg), page 1: damaged image"
        )),
        "{said}"
    );
    assert!(
        said.contains("withhold it, or mark it not responsive"),
        "{said}"
    );
    let c: Value = serde_json::from_slice(&o.run(&["--json", "check", "PRA-1"]).stdout).unwrap();
    assert_eq!(c["problems"][0]["doc_id"], photo);
    assert_eq!(c["problems"][0]["kind"], "render");
    // Submitting is refused the same way; the JSON error carries the record.
    let err = o.run(&["--json", "submit", "PRA-1"]);
    assert!(!err.status.success());
    let e: Value = serde_json::from_slice(&err.stderr).unwrap();
    assert_eq!(e["error"]["record"], photo, "{e}");

    // An officer releases the note as page images; a clerk may not.
    o.add_user("carl", "clerk");
    let id = note.to_string();
    let err = o.refused(&mut o.as_user("carl", &["release-as-images", "PRA-1", "--doc", &id]));
    assert!(err.contains("may not"), "{err}");
    o.ok(&["release-as-images", "PRA-1", "--doc", &id]);
    o.ok(&[
        "disposition",
        "PRA-1",
        "--doc",
        &photo.to_string(),
        "not-responsive",
    ]);
    let said = o.ok(&["check", "PRA-1"]);
    assert!(said.contains("nothing stops its submission"), "{said}");
    assert!(
        said.contains(&format!(
            "released as page images (text read by OCR): records {note}"
        )),
        "{said}"
    );

    // The office's default, shown and changed by a supervisor.
    let s = o.json(&["settings", "--images-when-unchecked", "on"]);
    assert_eq!(s["images_when_unchecked"], true);
    assert!(o.ok(&["settings"]).contains("released as page images"));
}

/// Runs `script` (sh) in a mount namespace of its own in which `$M` is a fresh tmpfs of
/// `size` — a small disk that fills up — with `$B` the binary and the office's environment.
/// What the script writes to `$O` (a folder on the real disk, emptied first) is the test's to
/// read; `$K` is a path on the real disk that outlives the call.
fn on_a_small_disk(o: &Office, size: &str, script: &str) -> PathBuf {
    let base = o.dir.parent().unwrap();
    let (mount, out) = (base.join("small-disk"), base.join("small-disk-out"));
    std::fs::create_dir_all(&mount).unwrap();
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let run = Command::new("unshare")
        .args(["-rm", "sh", "-c"])
        .arg(format!(
            "set -u; mount -t tmpfs -o size={size} tmpfs \"$M\" || exit 90; {script}"
        ))
        .envs(o.cmd(&[]).get_envs().filter_map(|(k, v)| Some((k, v?))))
        .env("B", env!("CARGO_BIN_EXE_disclose"))
        .env("M", &mount)
        .env("O", &out)
        .env("K", base.join("kept-backup"))
        .output()
        .expect("unshare (util-linux) runs");
    assert!(
        run.status.success(),
        "the small-disk script failed ({:?}): {}; it wrote: {:?}",
        run.status.code(),
        String::from_utf8_lossy(&run.stderr),
        std::fs::read_dir(&out)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                (p.clone(), std::fs::read_to_string(&p).unwrap_or_default())
            })
            .collect::<Vec<_>>()
    );
    out
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_default()
}

/// A full disk stops ingest, export, backup and restore with one clear line; nothing is left
/// half-written, and each completes once there is space again.
#[test]
fn a_full_disk_stops_each_command_clearly_and_it_completes_when_space_is_freed() {
    let o = Office::new();
    o.add_user("olga", "officer");
    let root = o.dir.parent().unwrap().join("collection");
    for i in 0..200 {
        let words: String = (0..2_500)
            .map(|j| format!("permit{} ", (i * 7919 + j * 104_729) % 100_003))
            .collect();
        fixtures::write(
            &root.join(format!("memo-{i:03}.txt")),
            format!("Memo {i} about the permit fee. Call Ana Ruiz at 555-0142.\n{words}\n"),
        );
    }
    let root_s = root.to_str().unwrap();

    // Ingest into an office whose data folder is on a 3 MB disk (the collection is 9 MB).
    let out = on_a_small_disk(
        &o,
        "3m",
        &format!(
            "export DISCLOSE_DATA_DIR=\"$M/office\"
             \"$B\" init --admin ana >/dev/null || exit 91
             \"$B\" request create PRA-9 --requester x --received 2026-11-02 --description y >/dev/null || exit 92
             \"$B\" ingest PRA-9 {root_s} --no-ocr >/dev/null 2>\"$O/full.err\"; echo $? >\"$O/full.rc\"
             \"$B\" --json audit verify >\"$O/verify-tight.json\" 2>\"$O/verify-tight.err\"
             mount -o remount,size=64m \"$M\" || exit 94
             \"$B\" --json audit verify >\"$O/verify-full.json\" || exit 93
             \"$B\" --json ingest PRA-9 {root_s} --no-ocr >\"$O/again.json\" 2>\"$O/again.err\"; echo $? >\"$O/again.rc\"
             \"$B\" --json docs PRA-9 >\"$O/docs.json\"
             \"$B\" --json search PRA-9 permit --limit 1 >\"$O/search.json\"
             \"$B\" --json audit verify >\"$O/verify-again.json\""
        ),
    );
    assert_eq!(read(&out, "full.rc").trim(), "1");
    let err = read(&out, "full.err");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("the disk is full"), "{err}");
    // Still on the full disk, reading the office works or says the disk is full (SQLite
    // needs a few KB to open; how many the stopped ingest left depends on where it stopped).
    let tight = read(&out, "verify-tight.err");
    assert!(
        serde_json::from_str::<Value>(&read(&out, "verify-tight.json"))
            .is_ok_and(|v| v["ok"] == true)
            || tight.contains("the disk holding it is full"),
        "{tight}"
    );
    // Nothing the stopped ingest wrote is half there: the chain verifies before any other
    // write.
    let verify: Value = serde_json::from_str(&read(&out, "verify-full.json")).unwrap();
    assert_eq!(verify["ok"], true, "{verify}");
    assert_eq!(
        read(&out, "again.rc").trim(),
        "0",
        "{}",
        read(&out, "again.err")
    );
    let docs: Value = serde_json::from_str(&read(&out, "docs.json")).unwrap();
    assert_eq!(docs.as_array().unwrap().len(), 200, "every file once");
    assert!(
        docs.as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] == "ingested"),
        "{docs}"
    );
    let hits: Value = serde_json::from_str(&read(&out, "search.json")).unwrap();
    assert_eq!(hits["total"], 200, "{hits}");
    let verify: Value = serde_json::from_str(&read(&out, "verify-again.json")).unwrap();
    assert_eq!(verify["ok"], true, "{verify}");

    // An approved release of a dozen memos, then export, backup and restore each onto a
    // disk too small.
    let memos = o.dir.parent().unwrap().join("memos");
    for i in 0..12 {
        let words: String = (0..600)
            .map(|j| format!("fee{} ", (i * 31 + j) % 997))
            .collect();
        fixtures::write(
            &memos.join(format!("memo-{i:02}.txt")),
            format!("Memo {i} about the permit fee. Call Ana Ruiz at 555-0142.\n{words}\n"),
        );
    }
    o.request("PRA-1");
    o.ok(&["ingest", "PRA-1", memos.to_str().unwrap(), "--no-ocr"]);
    o.ok(&[
        "redact",
        "PRA-1",
        "--text",
        "Ana Ruiz",
        "--all-docs",
        "--code",
        "7927.700",
    ]);
    o.ok(&["disposition", "PRA-1", "--undecided", "release"]);
    let submitted = o.as_user("olga", &["submit", "PRA-1"]).output().unwrap();
    assert!(submitted.status.success(), "{submitted:?}");
    o.ok(&["approve", "PRA-1"]);
    let kept = o.dir.parent().unwrap().join("kept-backup");
    let out = on_a_small_disk(
        &o,
        "24k",
        "\"$B\" export PRA-1 --out \"$M/release\" >/dev/null 2>\"$O/export.err\"; echo $? >\"$O/export.rc\"
         ls -A \"$M\" >\"$O/export.left\"
         \"$B\" backup --out \"$M/backup\" >/dev/null 2>\"$O/backup.err\"; echo $? >\"$O/backup.rc\"
         \"$B\" backup --verify \"$M/backup\" >/dev/null 2>&1; echo $? >\"$O/backup-verify.rc\"
         mount -o remount,size=256m \"$M\" || exit 94
         rm -rf \"$M\"/* \"$M\"/.[!.]* 2>/dev/null
         \"$B\" --json export PRA-1 --out \"$M/release\" >\"$O/export-again.json\" 2>\"$O/export-again.err\"; echo $? >\"$O/export-again.rc\"
         \"$B\" --json verify \"$M/release\" >\"$O/verify-release.json\"
         \"$B\" backup --out \"$M/backup\" >/dev/null 2>\"$O/backup-again.err\"; echo $? >\"$O/backup-again.rc\"
         cp -r \"$M/backup\" \"$K\"",
    );
    for step in ["export", "backup"] {
        assert_eq!(read(&out, &format!("{step}.rc")).trim(), "1", "{step}");
        let err = read(&out, &format!("{step}.err"));
        assert_eq!(err.trim_end().lines().count(), 1, "{step}: {err}");
        assert!(err.contains("the disk is full"), "{step}: {err}");
    }
    // No half-written release is left where the export was going; a half-written backup is
    // not taken for a whole one.
    assert_eq!(read(&out, "export.left").trim(), "", "left behind");
    assert_ne!(read(&out, "backup-verify.rc").trim(), "0");
    assert_eq!(
        read(&out, "export-again.rc").trim(),
        "0",
        "{}",
        read(&out, "export-again.err")
    );
    let v: Value = serde_json::from_str(&read(&out, "verify-release.json")).unwrap();
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(
        read(&out, "backup-again.rc").trim(),
        "0",
        "{}",
        read(&out, "backup-again.err")
    );

    // Restore onto a disk too small: refused with the reason, the folder emptied; then whole.
    let backup = kept;
    let out = on_a_small_disk(
        &o,
        "64k",
        &format!(
            "\"$B\" restore {b} --to \"$M/office\" >/dev/null 2>\"$O/restore.err\"; echo $? >\"$O/restore.rc\"
             ls -A \"$M/office\" 2>/dev/null >\"$O/restore.left\"
             mount -o remount,size=256m \"$M\" || exit 94
             \"$B\" restore {b} --to \"$M/office\" >/dev/null 2>\"$O/restore-again.err\"; echo $? >\"$O/restore-again.rc\"
             DISCLOSE_DATA_DIR=\"$M/office\" \"$B\" --json search PRA-1 permit --limit 1 >\"$O/restored-search.json\"",
            b = backup.to_str().unwrap()
        ),
    );
    assert_eq!(read(&out, "restore.rc").trim(), "1");
    let err = read(&out, "restore.err");
    assert!(err.contains("the disk is full"), "{err}");
    assert_eq!(
        read(&out, "restore.left").trim(),
        "",
        "the folder is emptied"
    );
    assert_eq!(
        read(&out, "restore-again.rc").trim(),
        "0",
        "{}",
        read(&out, "restore-again.err")
    );
    let hits: Value = serde_json::from_str(&read(&out, "restored-search.json")).unwrap();
    assert_eq!(hits["total"], 12, "{hits}");
}

#[test]
fn version_names_the_build_and_the_office_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let out = disclose(tmp.path()).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!(
            "disclose {} (office schema {})",
            env!("CARGO_PKG_VERSION"),
            store::Store::schema_number()
        )
    );
}

#[test]
fn an_office_an_older_version_wrote_is_upgraded_once_and_says_where_the_old_database_is() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("office");
    let older = store::Store::schema_number() - 1;
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(store::create_sqlite_at_schema(&dir, older))
        .unwrap();
    let first = disclose(&dir).args(["request", "list"]).output().unwrap();
    let said = String::from_utf8_lossy(&first.stderr);
    let expected = format!(
        "upgraded it from schema {older} to {}; its database as it was is kept in {}",
        store::Store::schema_number(),
        dir.join(store::UPGRADE_BACKUPS).display()
    );
    assert!(said.contains(&expected), "{said}");
    let kept: Vec<_> = std::fs::read_dir(dir.join(store::UPGRADE_BACKUPS))
        .unwrap()
        .collect();
    assert_eq!(kept.len(), 1);
    // Said once: the next command finds the office up to date.
    let second = disclose(&dir).args(["request", "list"]).output().unwrap();
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(!said.contains("upgraded"), "{said}");
}
