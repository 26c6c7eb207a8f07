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
    let created = store::team::create_database(&url, Duration::from_secs(30))
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
