//! Test databases on the PostgreSQL server `scripts/with-postgres` starts (for the store,
//! office, CLI and window tests).
//!
//! The server's address comes from `DISCLOSE_TEST_DATABASE_URL`. Without it a team-mode test
//! fails with the command to run instead of passing unseen: the test command of the README
//! (`scripts/test-all`) always provides it.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// The test server's address (its empty `disclose_test` database).
pub fn server_url() -> String {
    match std::env::var("DISCLOSE_TEST_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => url,
        _ => panic!(
            "team-mode tests need a PostgreSQL server: run them as \
             `scripts/with-postgres cargo test …` (scripts/test-all does)"
        ),
    }
}

/// A new, empty database on the test server; its address.
pub async fn fresh_database(tag: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let tag: String = tag
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(30)
        .collect();
    let name = format!(
        "t_{}_{}_{tag}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let url = store::team::with_database(&server_url(), &name);
    let created = store::team::create_database(&url, None, Duration::from_secs(30))
        .await
        .expect("create a test database");
    assert!(created, "{name} existed already");
    url
}

/// The same database over TCP with TLS required (`DISCLOSE_TEST_TLS_URL`'s server).
pub fn over_tls(database_url: &str) -> String {
    let tls = std::env::var("DISCLOSE_TEST_TLS_URL")
        .expect("DISCLOSE_TEST_TLS_URL: run under scripts/with-postgres");
    let name = database_url
        .split('?')
        .next()
        .and_then(|u| u.rsplit('/').next())
        .expect("a database name");
    store::team::with_database(&tls, name)
}

/// The password of the desk logins tests make (the test server trusts its logins anyway).
pub const DESK_PASSWORD: &str = "desk password 1";

/// Sets up a test database as its owner would (schema, the desks' role and its grants) and
/// adds a desk login; the desk login's address. Logins are the server's, not a database's:
/// the name is made from the database's.
pub async fn desk_login(url: &str, tag: &str) -> String {
    let timeout = Duration::from_secs(30);
    store::roles::set_up(url, None, timeout)
        .await
        .expect("set up the test database's roles");
    let database = url
        .split('?')
        .next()
        .and_then(|u| u.rsplit('/').next())
        .expect("a database name");
    let name = format!("{database}_{tag}");
    store::roles::add_desk_login(
        url,
        None,
        timeout,
        &name,
        &store::team::Secret::new(DESK_PASSWORD),
    )
    .await
    .expect("add a desk login")
}

/// The same database as its owner (the test server's own login).
pub fn as_owner(url: &str) -> String {
    let server = server_url();
    let owner = server
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .map(|(user, _)| user.split(':').next().unwrap_or(user).to_string())
        .expect("the test server's address names its user");
    store::team::with_login(url, &owner).expect("an address")
}

/// One statement on a database as the login of `url`: its error, if it failed.
pub async fn try_sql(url: &str, statement: &str) -> Result<(), String> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut c = sqlx::AnyConnection::connect(url)
        .await
        .map_err(|e| format!("cannot connect: {e}"))?;
    let r = sqlx::raw_sql(statement)
        .execute(&mut c)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string());
    let _ = c.close().await;
    r
}

/// Brings a fresh test database to the schema one migration short of this build's, as its
/// owner (an office the previous version left), with a desks' role whose login may read the
/// schema's version (as the previous version's grants gave it); that login's address.
pub async fn older_schema_with_desk(url: &str) -> String {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/postgres");
    let all = sqlx::migrate::Migrator::new(dir).await.unwrap();
    let newest = all.iter().map(|m| m.version).max().unwrap();
    let older = sqlx::migrate::Migrator {
        migrations: std::borrow::Cow::Owned(
            all.iter().filter(|m| m.version < newest).cloned().collect(),
        ),
        ..sqlx::migrate::Migrator::DEFAULT
    };
    let mut c = sqlx::AnyConnection::connect(url).await.unwrap();
    older.run(&mut c).await.unwrap();
    let db = url
        .split('?')
        .next()
        .and_then(|u| u.rsplit('/').next())
        .expect("a database name");
    sqlx::raw_sql(&format!(
        "CREATE ROLE \"{db}_desk\" NOLOGIN; CREATE ROLE \"{db}_old\" LOGIN IN ROLE \"{db}_desk\";
         GRANT SELECT ON _sqlx_migrations TO \"{db}_desk\""
    ))
    .execute(&mut c)
    .await
    .unwrap();
    c.close().await.unwrap();
    store::team::with_login(url, &format!("{db}_old")).unwrap()
}
