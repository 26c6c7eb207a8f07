//! The office's rules, end to end on a real SQLite file.

use testkit as fixtures;

use chrono::{Duration, TimeZone, Utc};
use model::FixedClock;
use office::{Actor, Config, ErrorCode, Office, Role};
use std::sync::Arc;

struct World {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    clock: Arc<FixedClock>,
    office: Office,
    ana: Actor,
}

mod common;
use common::PW;
/// The password a supervisor gives a new user, who changes it at their first sign-in.
const FIRST_PW: &str = "from the supervisor 1";

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office");
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 11, 29, 17, 0, 0).unwrap(),
    ));
    let path = fixtures::office_dir(path).await;
    let config = Config::new(&path).with_clock(clock.clone());
    let office = Office::init(config, "ana", "Ana Ruiz", PW).await.unwrap();
    let ana = office.sign_in("ana", PW).await.unwrap();
    World {
        _dir: dir,
        path,
        clock,
        office,
        ana,
    }
}

impl World {
    /// A user ana adds, past their first sign-in (where they choose their own password, PW).
    async fn user(&self, name: &str, role: Role) -> Actor {
        self.office
            .add_user(&self.ana, name, role, "", FIRST_PW)
            .await
            .unwrap();
        let first = self.office.sign_in(name, FIRST_PW).await.unwrap();
        self.office
            .change_password(&first, FIRST_PW, PW)
            .await
            .unwrap()
    }

    async fn events(&self) -> usize {
        self.office
            .audit_log(&self.ana, None, 0, 10_000)
            .await
            .unwrap()
            .len()
    }

    /// Raw SQL on the office's database, as an intruder with access to it would.
    async fn sql(&self, statement: &str) {
        fixtures::raw_sql(&self.path, statement).await;
    }
}

/// `DROP TRIGGER` as the backend of this run spells it.
fn drop_trigger(name: &str) -> String {
    if fixtures::on_postgres() {
        format!("DROP TRIGGER {name} ON audit_events")
    } else {
        format!("DROP TRIGGER {name}")
    }
}

#[tokio::test]
async fn init_creates_a_supervisor_catalogue_and_rules_once() {
    let w = world().await;
    assert_eq!(w.ana.role(), Role::Supervisor);
    let catalogue = w.office.exemptions(&w.ana).await.unwrap();
    assert!(catalogue.iter().any(|e| e.code == "7927.700" && e.active));
    assert!(catalogue.iter().any(|e| e.code == "b6" && !e.active));
    let again = Office::init(Config::new(&w.path), "bob", "", PW).await;
    let e = again.err().expect("second init refused");
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(
        e.message.contains("already holds an office"),
        "{}",
        e.message
    );
}

#[tokio::test]
async fn clerk_cannot_create_extend_or_manage() {
    let w = world().await;
    let carl = w.user("carl", Role::Clerk).await;
    let before = w.events().await;
    let e = w
        .office
        .create_request(&carl, "PRA-1", "x", "2026-11-01", "y")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(e.message, "clerk 'carl' may not create requests");
    w.office
        .create_request(&w.ana, "PRA-1", "x", "2026-11-01", "y")
        .await
        .unwrap();
    let after_create = w.events().await;
    assert_eq!(after_create, before + 1);
    assert_eq!(
        w.office
            .extend_request(&carl, "PRA-1", 3, "busy")
            .await
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        w.office
            .add_user(&carl, "eve", Role::Supervisor, "", PW)
            .await
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        w.office
            .set_exemption_active(&carl, "foia", true)
            .await
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        w.office.audit_verify(&carl).await.unwrap_err().code,
        ErrorCode::Forbidden
    );
    // A clerk may read.
    assert_eq!(w.office.requests(&carl).await.unwrap().len(), 1);
    assert_eq!(
        w.office.request(&carl, "PRA-1").await.unwrap().requester,
        "x"
    );
    assert_eq!(w.events().await, after_create, "refusals change nothing");
}

#[tokio::test]
async fn officer_runs_requests_but_not_users_or_catalogue() {
    let w = world().await;
    let olga = w.user("olga", Role::Officer).await;
    let r = w
        .office
        .create_request(
            &olga,
            "PRA-2026-0142",
            "A. Reporter",
            "2026-11-16",
            "Permits",
        )
        .await
        .unwrap();
    assert_eq!(r.due.to_string(), "2026-11-30");
    assert_eq!(r.created_by, "olga");
    let r = w
        .office
        .extend_request(&olga, "PRA-2026-0142", 14, "voluminous")
        .await
        .unwrap();
    assert_eq!(r.due.to_string(), "2026-12-14");
    assert_eq!(r.extensions.len(), 1);
    assert_eq!(r.extensions[0].reason, "voluminous");
    assert!(
        w.office
            .audit_log(&olga, Some("PRA-2026-0142"), 0, 100)
            .await
            .unwrap()
            .len()
            == 2
    );
    assert_eq!(
        w.office
            .add_user(&olga, "x", Role::Clerk, "", PW)
            .await
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        w.office
            .delete_exemption(&olga, "7927.700")
            .await
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
}

#[tokio::test]
async fn bad_requests_change_nothing() {
    let w = world().await;
    w.office
        .create_request(&w.ana, "PRA-1", "x", "2026-11-01", "y")
        .await
        .unwrap();
    let before = w.events().await;
    let cases = [
        ("PRA-1", "2026-11-01", ErrorCode::Conflict, "already exists"),
        ("PRA-2", "2026-11-30", ErrorCode::Invalid, "in the future"),
        ("PRA-2", "11/01/2026", ErrorCode::Invalid, "is not a date"),
        (
            "bad ref",
            "2026-11-01",
            ErrorCode::Invalid,
            "may only contain",
        ),
    ];
    for (r, received, code, msg) in cases {
        let e = w
            .office
            .create_request(&w.ana, r, "x", received, "y")
            .await
            .unwrap_err();
        assert_eq!(
            (e.code, e.message.contains(msg)),
            (code, true),
            "{r} {received}: {}",
            e.message
        );
    }
    let e = w
        .office
        .extend_request(&w.ana, "PRA-1", 15, "a lot")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(
        e.message.contains("may not exceed 14 days"),
        "{}",
        e.message
    );
    w.office
        .extend_request(&w.ana, "PRA-1", 10, "a lot")
        .await
        .unwrap();
    let e = w
        .office
        .extend_request(&w.ana, "PRA-1", 5, "more")
        .await
        .unwrap_err();
    assert!(
        e.message.contains("10 already used, 4 left"),
        "{}",
        e.message
    );
    assert_eq!(
        w.office
            .extend_request(&w.ana, "PRA-1", 2, " ")
            .await
            .unwrap_err()
            .code,
        ErrorCode::Invalid
    );
    assert_eq!(
        w.office
            .extend_request(&w.ana, "PRA-9", 2, "x")
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    assert_eq!(w.events().await, before + 1);
    assert_eq!(
        w.office
            .request(&w.ana, "PRA-1")
            .await
            .unwrap()
            .extended_days,
        10
    );
}

#[tokio::test]
async fn wrong_passwords_lock_the_account_for_a_while() {
    let w = world().await;
    w.user("carl", Role::Clerk).await;
    let e = w.office.sign_in("nobody", PW).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Unauthenticated);
    let wrong = w
        .office
        .sign_in("carl", "wrong password")
        .await
        .unwrap_err();
    assert_eq!(
        e.message, wrong.message,
        "an unknown name and a wrong password look alike"
    );
    for _ in 0..4 {
        w.office
            .sign_in("carl", "wrong password")
            .await
            .unwrap_err();
    }
    let locked = w.office.sign_in("carl", PW).await.unwrap_err();
    assert_eq!(
        locked.message, e.message,
        "a locked account looks like an unknown name too"
    );
    assert!(
        w.office
            .users(&w.ana)
            .await
            .unwrap()
            .iter()
            .any(|u| u.name == "carl" && u.locked)
    );
    w.clock.advance(Duration::minutes(16));
    w.office
        .sign_in("carl", PW)
        .await
        .expect("the lock runs out");
    // A supervisor can unlock sooner.
    for _ in 0..5 {
        w.office.sign_in("carl", "nope nope").await.unwrap_err();
    }
    assert!(w.office.sign_in("carl", PW).await.is_err());
    w.office.unlock_user(&w.ana, "carl").await.unwrap();
    w.office.sign_in("carl", PW).await.unwrap();
    let log = w.office.audit_log(&w.ana, None, 0, 1000).await.unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "user.locked").count(), 2);
}

#[tokio::test]
async fn deactivation_takes_effect_at_once() {
    let w = world().await;
    let olga = w.user("olga", Role::Officer).await;
    w.office
        .set_user_active(&w.ana, "olga", false)
        .await
        .unwrap();
    assert_eq!(
        w.office.requests(&olga).await.unwrap_err().code,
        ErrorCode::Unauthenticated
    );
    assert_eq!(
        w.office.sign_in("olga", PW).await.unwrap_err().code,
        ErrorCode::Unauthenticated
    );
    let e = w
        .office
        .set_user_active(&w.ana, "ana", false)
        .await
        .unwrap_err();
    assert!(
        e.message.contains("last active supervisor"),
        "{}",
        e.message
    );
    let e = w
        .office
        .add_user(&w.ana, "olga", Role::Clerk, "", PW)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    let e = w
        .office
        .add_user(&w.ana, "short", Role::Clerk, "", "1234567")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
}

#[tokio::test]
async fn catalogue_codes_in_use_are_retired_not_deleted() {
    let w = world().await;
    let e = w
        .office
        .add_exemption(&w.ana, "CITY-1", "Mun. Code §2.40", "Local privacy", None)
        .await
        .unwrap();
    assert_eq!(e.label, "Mun. Code §2.40");
    assert_eq!(
        w.office
            .add_exemption(&w.ana, "CITY-1", "x", "y", None)
            .await
            .unwrap_err()
            .code,
        ErrorCode::Conflict
    );
    assert_eq!(
        w.office
            .add_exemption(&w.ana, "a b", "x", "y", None)
            .await
            .unwrap_err()
            .code,
        ErrorCode::Invalid
    );
    // Turning on the federal set.
    let on = w
        .office
        .set_exemption_active(&w.ana, "foia", true)
        .await
        .unwrap();
    assert_eq!(on.len(), 15);
    // A code cited by a redaction.
    w.office
        .create_request(&w.ana, "PRA-1", "x", "2026-11-01", "y")
        .await
        .unwrap();
    w.sql(
        "INSERT INTO records (id, request_id, path, kind, status, created_at) VALUES (1, 1, 'memo.txt', 'text', 'ingested', 'now');
         INSERT INTO redactions (record_id, anchor, start_char, end_char, code, origin, state, created_by, created_at)
         VALUES (1, 'text', 0, 4, '7927.700', 'manual', 'applied', 1, 'now');",
    )
    .await;
    let e = w
        .office
        .delete_exemption(&w.ana, "7927.700")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(e.message.contains("retired, not deleted"), "{}", e.message);
    let retired = w
        .office
        .set_exemption_active(&w.ana, "7927.700", false)
        .await
        .unwrap();
    assert_eq!(retired.len(), 1);
    assert!(!retired[0].active);
    w.office.delete_exemption(&w.ana, "CITY-1").await.unwrap();
    assert!(
        w.office
            .exemptions(&w.ana)
            .await
            .unwrap()
            .iter()
            .all(|e| e.code != "CITY-1")
    );
    assert_eq!(
        w.office
            .delete_exemption(&w.ana, "CITY-1")
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn the_audit_chain_verifies_and_names_a_tampered_event() {
    let w = world().await;
    w.office
        .create_request(&w.ana, "PRA-1", "A. Reporter", "2026-11-01", "y")
        .await
        .unwrap();
    w.office
        .extend_request(&w.ana, "PRA-1", 3, "busy")
        .await
        .unwrap();
    w.office
        .create_request(&w.ana, "PRA-2", "B", "2026-11-02", "z")
        .await
        .unwrap();
    let report = w.office.audit_verify(&w.ana).await.unwrap();
    assert!(report.ok);
    assert_eq!(report.events, 5);
    let log = w.office.audit_log(&w.ana, None, 0, 100).await.unwrap();
    let create = log
        .iter()
        .find(|e| e.action == "request.create" && e.subject == "request/PRA-1")
        .unwrap();
    assert_eq!(create.details["after"]["due"], "2026-11-12");
    assert_eq!(create.actor, "ana");
    assert_eq!(create.at, "2026-11-29T17:00:00.000000Z");

    // The application cannot change history...
    let refused =
        fixtures::raw_sql_error(&w.path, "UPDATE audit_events SET actor = 'x' WHERE seq = 4").await;
    assert!(refused.contains("append-only"), "{refused}");
    // ...and whoever removes the guard is found out.
    w.sql(&format!(
        "{}; UPDATE audit_events SET details = replace(details, 'busy', 'idle') WHERE seq = 4;",
        drop_trigger("audit_no_update")
    ))
    .await;
    let report = w.office.audit_verify(&w.ana).await.unwrap();
    assert!(!report.ok);
    assert_eq!(report.events, 3);
    let b = report.first_break.unwrap();
    assert_eq!(b.seq, 4);
    assert!(b.reason.contains("changed"), "{}", b.reason);
}

#[tokio::test]
async fn a_deleted_event_is_found() {
    let w = world().await;
    w.office
        .create_request(&w.ana, "PRA-1", "x", "2026-11-01", "y")
        .await
        .unwrap();
    w.office
        .create_request(&w.ana, "PRA-2", "x", "2026-11-01", "y")
        .await
        .unwrap();
    w.sql(&format!(
        "{}; DELETE FROM audit_events WHERE seq = 3;",
        drop_trigger("audit_no_delete")
    ))
    .await;
    let b = w
        .office
        .audit_verify(&w.ana)
        .await
        .unwrap()
        .first_break
        .unwrap();
    assert_eq!(b.seq, 4);
}

#[tokio::test]
async fn a_newer_schema_is_refused_and_left_alone() {
    let w = world().await;
    let checksum = if fixtures::on_postgres() {
        "'\\x00'"
    } else {
        "x'00'"
    };
    w.sql(&format!("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99991231000099, 'from the future', TRUE, {checksum}, 0);")).await;
    w.office.close().await;
    let e = Office::open(Config::new(&w.path))
        .await
        .err()
        .expect("refused");
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(
        e.message.contains(&format!(
            "newer version of Disclose (office schema 99; this build knows up to {})",
            store::Store::schema_number()
        )),
        "{}",
        e.message
    );
}

#[tokio::test]
async fn a_data_dir_that_cannot_be_written_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let e = Office::open(Config::new(file.join("office")))
        .await
        .err()
        .expect("refused");
    assert_eq!(e.code, ErrorCode::Unreadable);
    assert!(
        e.message.starts_with("cannot use the data directory"),
        "{}",
        e.message
    );
}

#[tokio::test]
async fn concurrent_writers_keep_one_chain() {
    let w = world().await;
    let office = Arc::new(w.office);
    let mut tasks = vec![];
    for i in 0..20 {
        let (office, ana) = (office.clone(), w.ana.clone());
        tasks.push(tokio::spawn(async move {
            office
                .create_request(&ana, &format!("PRA-{i}"), "x", "2026-11-01", "y")
                .await
                .unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let report = office.audit_verify(&w.ana).await.unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.events, 22);
}
