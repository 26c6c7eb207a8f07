//! Two workstations of one team office in one process: each its own data directory (its own
//! search index), one PostgreSQL database (`scripts/with-postgres`), one originals folder.

use testkit as fixtures;

use office::{Config, IngestOptions, Office, RecordId, RedactBy, RedactTarget, SearchOptions};
use std::path::Path;

mod common;
use common::PW;

async fn hits(o: &Office, actor: &office::Actor, q: &str) -> u64 {
    o.search(actor, "PRA-1", q, SearchOptions::default())
        .await
        .unwrap()
        .total
}

/// A workstation joining the team office set up in `first`'s data folder (with its key),
/// with a desk login of its own.
async fn desk(dir: &Path, url: &str, originals: &Path, first: &Path) -> Office {
    let name = dir.file_name().unwrap().to_str().unwrap();
    let login = fixtures::postgres::desk_login(url, name).await;
    office::join_team(
        &Config::new(dir),
        &login,
        Some(originals),
        Some(&first.join("office.key")),
        false,
    )
    .await
    .unwrap();
    Office::open(Config::new(dir)).await.unwrap()
}

/// A new team office set up in `dir` by the database's owner (`url`), whose workstation then
/// connects with a desk login (as `disclose init --desk-login` leaves it); its supervisor ana.
async fn team_office(dir: &Path, url: &str, shared: &Path) -> (Office, office::TeamSetup) {
    let config = Config::new(dir);
    let setup = office::prepare_team(&config, url, Some(shared))
        .await
        .unwrap();
    let login = office::add_desk_login(
        &config,
        url,
        &format!("{}_first", db_name(url)),
        &office::Secret::new(fixtures::postgres::DESK_PASSWORD),
    )
    .await
    .unwrap();
    office::use_desk_login(&config, &login).unwrap();
    let o = Office::init(config, "ana", "", PW).await.unwrap();
    (o, setup)
}

fn db_name(url: &str) -> &str {
    url.split('?').next().unwrap().rsplit('/').next().unwrap()
}

#[tokio::test]
async fn a_desk_index_follows_what_other_desks_ingest_and_decide() {
    let url = fixtures::postgres::fresh_database("follow").await;
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("share");
    // Both desks work with desk logins: everything below runs with only the desks' grants.
    let (a, _) = team_office(&tmp.path().join("a"), &url, &shared).await;
    assert!(a.is_team());
    assert!(
        a.location().database.contains("_first@"),
        "{:?}",
        a.location()
    );
    let ana = a.sign_in("ana", PW).await.unwrap();
    a.create_request(&ana, "PRA-1", "Pat", "2026-11-02", "memos")
        .await
        .unwrap();
    let b = desk(&tmp.path().join("b"), &url, &shared, &tmp.path().join("a")).await;
    let ana_at_b = b.sign_in("ana", PW).await.unwrap();
    assert_eq!(b.location().originals, a.location().originals);

    // Desk A ingests; desk B's index has none of it until it follows the change sequence.
    let root = tmp.path().join("collection");
    for i in 0..5 {
        fixtures::write(
            &root.join(format!("m{i}.txt")),
            format!("memo {i}: call Dana at 555-0142"),
        );
    }
    a.ingest(
        &ana,
        "PRA-1",
        std::slice::from_ref(&root),
        IngestOptions {
            ocr: false,
            ..Default::default()
        },
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!(b.follow_changes().await.unwrap(), 5);
    assert_eq!(hits(&b, &ana_at_b, "memo").await, 5);

    // Desk A redacts; desk B catches the one change and finds it by exemption.
    a.redact(
        &ana,
        "PRA-1",
        &RedactBy::Text {
            value: "555-0142".into(),
            ignore_case: true,
        },
        RedactTarget::Doc(RecordId(2)),
        "7927.700",
        None,
    )
    .await
    .unwrap();
    assert_eq!(b.follow_changes().await.unwrap(), 1);
    assert_eq!(b.follow_changes().await.unwrap(), 0, "nothing new");
    assert_eq!(hits(&b, &ana_at_b, "exemption:7927.700").await, 1);
    // Desk B's originals are desk A's: the shared folder.
    let text = b.record_text(&ana_at_b, RecordId(2)).await.unwrap();
    assert!(text.contains("memo"), "{text}");
    assert!(!b.original(&ana_at_b, RecordId(2)).await.unwrap().is_empty());
}

/// Finding 1 of issue 20: a desk's database login holds what the app needs and nothing that
/// rewrites history, roles or the schema.
#[tokio::test]
async fn a_desk_login_cannot_rewrite_history_roles_or_the_schema() {
    let url = fixtures::postgres::fresh_database("attack").await;
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("share");
    let (a, setup) = team_office(&tmp.path().join("a"), &url, &shared).await;
    // What the owner's setup reports: the desks' role and its grants, as the server has them.
    let roles = &setup.roles;
    assert!(roles.desk_role_exists);
    assert_eq!(roles.desk_role, format!("{}_desk", db_name(&url)));
    let grants: std::collections::HashMap<&str, &str> = roles
        .grants
        .iter()
        .map(|(t, p)| (t.as_str(), p.as_str()))
        .collect();
    assert_eq!(grants["audit_events"], "SELECT, INSERT");
    assert_eq!(
        grants["users"],
        "SELECT, INSERT (name, display_name, role, password_hash, created_at, \
         must_change_password, created_by, password_set_by, password_set_at), \
         UPDATE (password_hash, active, failed_logins, locked_until, must_change_password, \
         password_set_by, password_set_at)"
    );
    assert!(!roles.anyone_may_create, "{roles:?}");
    assert!(!roles.anyone_may_connect, "{roles:?}");

    // The office at work through its desk login: users, a request, an ingest, a redaction.
    let ana = a.sign_in("ana", PW).await.unwrap();
    a.add_user(&ana, "cleo", office::Role::Clerk, "", PW)
        .await
        .unwrap();
    a.create_request(&ana, "PRA-1", "Pat", "2026-11-02", "memos")
        .await
        .unwrap();
    let root = tmp.path().join("collection");
    fixtures::write(&root.join("m.txt"), "memo: call Dana at 555-0142");
    a.ingest(
        &ana,
        "PRA-1",
        std::slice::from_ref(&root),
        IngestOptions {
            ocr: false,
            ..Default::default()
        },
        &|_| {},
    )
    .await
    .unwrap();
    let before = a.audit_verify(&ana).await.unwrap();
    assert!(before.ok);

    // The same login, straight at the database, past the app.
    let desk = store::team::placement(&tmp.path().join("a"), &Default::default())
        .unwrap()
        .database_url
        .unwrap();
    let powers = store::roles::inspect(&desk, None, std::time::Duration::from_secs(10))
        .await
        .unwrap();
    assert!(powers.beyond_a_desk().is_empty(), "{powers:?}");
    for attack in [
        "UPDATE users SET role = 'supervisor' WHERE name = 'cleo'",
        "UPDATE users SET name = 'ana2' WHERE name = 'ana'",
        "INSERT INTO users (id, name, display_name, role, password_hash, created_at) VALUES (99, 'eve', '', 'supervisor', 'x', 'now')",
        "DELETE FROM users",
        "UPDATE audit_events SET actor = 'eve'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "ALTER TABLE audit_events DISABLE TRIGGER USER",
        "ALTER TABLE audit_events DISABLE TRIGGER audit_no_update",
        "DROP TRIGGER audit_no_update ON audit_events",
        "CREATE TRIGGER evil BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
        "SET session_replication_role = replica",
        "DROP TABLE record_changes",
        "CREATE TABLE evil (x BIGINT)",
        "ALTER TABLE users ADD COLUMN evil BIGINT",
        "DELETE FROM records",
        "UPDATE records SET path = 'elsewhere'",
        "UPDATE approvals SET release_hash = 'x'",
        "UPDATE redactions SET code = 'x'",
        "DELETE FROM _sqlx_migrations",
        "SELECT setval(pg_get_serial_sequence('users', 'id'), 1)",
    ] {
        let r = fixtures::postgres::try_sql(&desk, attack).await;
        let e = r.expect_err(&format!("a desk login may not: {attack}"));
        assert!(
            e.contains("permission denied") || e.contains("must be owner"),
            "{attack}: {e}"
        );
    }
    // What the app does, the login may.
    fixtures::postgres::try_sql(
        &desk,
        "UPDATE users SET failed_logins = 0 WHERE name = 'cleo'",
    )
    .await
    .unwrap();
    let after = a.audit_verify(&ana).await.unwrap();
    assert!(after.ok && after.events == before.events, "{after:?}");
    // The owner can still do what only the owner does (and an intruder holding its password:
    // which is why it stays off the workstations).
    fixtures::postgres::try_sql(&url, "ALTER TABLE audit_events DISABLE TRIGGER USER; ALTER TABLE audit_events ENABLE TRIGGER USER")
        .await
        .unwrap();
}

/// A workstation joins with a desk login: the owner's login (here a superuser, which owns
/// the tables too) is refused unless asked for, and nothing of the attempt stays.
#[tokio::test]
async fn joining_with_the_owner_login_is_refused_unless_allowed() {
    let url = fixtures::postgres::fresh_database("owner").await;
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("share");
    let _a = team_office(&tmp.path().join("a"), &url, &shared).await;
    let b = tmp.path().join("b");
    let key = tmp.path().join("a/office.key");
    let e = office::join_team(&Config::new(&b), &url, Some(&shared), Some(&key), false)
        .await
        .unwrap_err();
    assert_eq!(e.code, office::ErrorCode::Forbidden, "{e:?}");
    assert!(
        e.message.contains("is a superuser") && e.message.contains("owns the office's tables"),
        "{e:?}"
    );
    assert!(!b.join("team.conf").exists() && !b.join("office.key").exists());
    office::join_team(&Config::new(&b), &url, Some(&shared), Some(&key), true)
        .await
        .unwrap();
    assert!(Office::open(Config::new(&b)).await.unwrap().is_team());
}

/// Only the owner changes the schema: a desk login opening an office whose schema is older
/// than its build is told to have the owner upgrade it; the owner's upgrade re-grants.
#[tokio::test]
async fn a_desk_on_an_older_schema_is_told_to_have_the_owner_upgrade_it() {
    let url = fixtures::postgres::fresh_database("older").await;
    let desk_url = fixtures::postgres::older_schema_with_desk(&url).await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a");
    std::fs::create_dir_all(&dir).unwrap();
    store::team::write_placement(&dir, &desk_url, Some(&tmp.path().join("share"))).unwrap();
    let e = match Office::open(Config::new(&dir)).await {
        Err(e) => e,
        Ok(_) => panic!("a desk login may not migrate"),
    };
    assert_eq!(e.code, office::ErrorCode::Forbidden, "{e:?}");
    let newest = store::Store::schema_number();
    assert!(
        e.message.contains("the database's owner must upgrade it")
            && e.message.contains(&format!("needs {newest}"))
            && e.message
                .contains(&format!("{}_old may not", db_name(&url))),
        "{e:?}"
    );
    // The owner upgrades: the schema is brought up to date and the desks granted anew.
    let roles = office::upgrade_team(&Config::new(tmp.path().join("owner")), &url)
        .await
        .unwrap();
    assert!(
        roles
            .desk_logins
            .contains(&format!("{}_old", db_name(&url)))
    );
    let tables: Vec<&str> = roles.grants.iter().map(|(t, _)| t.as_str()).collect();
    for (t, _) in store::roles::DESK_GRANTS {
        assert!(tables.contains(t), "{t} granted: {roles:?}");
    }
    let a = Office::init(Config::new(&dir), "ana", "", PW)
        .await
        .unwrap();
    let ana = a.sign_in("ana", PW).await.unwrap();
    assert!(a.audit_verify(&ana).await.unwrap().ok);
}
