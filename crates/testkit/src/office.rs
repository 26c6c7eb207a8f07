//! Test offices on the backend of the run, and the database behind them reached past the
//! office, as an intruder with access to it would.

use crate::postgres;
use std::path::{Path, PathBuf};

/// Whether this run puts test offices on PostgreSQL (`DISCLOSE_TEST_BACKEND=postgres`, as
/// scripts/test-all's second pass over the office suite does) instead of SQLite files.
pub fn on_postgres() -> bool {
    std::env::var("DISCLOSE_TEST_BACKEND").as_deref() == Ok("postgres")
}

/// A data directory for a test office, on the backend of this run: on PostgreSQL the folder
/// gets a `team.conf` naming a fresh database set up by its owner and a desk login of it, so
/// the office (and every process opening the folder) is a team office working with only a
/// desk's grants.
pub async fn office_dir(dir: PathBuf) -> PathBuf {
    if on_postgres() {
        std::fs::create_dir_all(&dir).unwrap();
        let url = postgres::fresh_database("office").await;
        let desk = postgres::desk_login(&url, "pc").await;
        store::team::write_placement(&dir, &desk, None).unwrap();
    }
    dir
}

/// The database address of a test office's data directory.
pub fn database_url(office: &Path) -> String {
    match store::team::placement(office, &Default::default())
        .unwrap()
        .database_url
    {
        Some(url) => url,
        None => format!(
            "sqlite://{}",
            store::team::percent_encode_path(&office.join(store::DB_FILE))
        ),
    }
}

/// A connection straight to an office's database, past the office: as the database's owner
/// (on PostgreSQL), the intruder who can do most.
async fn raw_connection(office: &Path) -> sqlx::AnyConnection {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut url = database_url(office);
    if url.starts_with("postgres") {
        url = postgres::as_owner(&url);
    }
    sqlx::AnyConnection::connect(&url).await.unwrap()
}

/// Raw SQL on an office's database, as an intruder with access to it would.
pub async fn raw_sql(office: &Path, statements: &str) {
    use sqlx::Connection;
    let mut c = raw_connection(office).await;
    sqlx::raw_sql(statements).execute(&mut c).await.unwrap();
    c.close().await.unwrap();
}

/// Raw SQL that is expected to fail: its error.
pub async fn raw_sql_error(office: &Path, statement: &str) -> String {
    let mut c = raw_connection(office).await;
    let e = sqlx::raw_sql(statement).execute(&mut c).await.unwrap_err();
    e.to_string()
}

/// A count read straight from an office's database (`SELECT COUNT(*) …`).
pub async fn raw_count(office: &Path, query: &str) -> i64 {
    let mut c = raw_connection(office).await;
    let sql = format!("SELECT CAST(({query}) AS BIGINT)");
    let (n,): (i64,) = sqlx::query_as(&sql).fetch_one(&mut c).await.unwrap();
    n
}

/// The first column of the first row of a query, as text (`CAST(… AS TEXT)` it when needed),
/// read straight from an office's database.
pub async fn raw_text(office: &Path, query: &str) -> Option<String> {
    use sqlx::Connection;
    let mut c = raw_connection(office).await;
    let row: Option<(Option<String>,)> =
        sqlx::query_as(query).fetch_optional(&mut c).await.unwrap();
    c.close().await.unwrap();
    row.and_then(|r| r.0)
}

/// Lifts the audit log's append-only triggers, as an intruder who owns the database can.
pub async fn drop_audit_guards(office: &Path) {
    if database_url(office).starts_with("sqlite") {
        raw_sql(
            office,
            "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;",
        )
        .await;
    } else {
        raw_sql(office, "ALTER TABLE audit_events DISABLE TRIGGER USER").await;
    }
}
