//! Disclose's system of record: the only place with SQL.
//!
//! An office is a data directory: `disclose.db` (SQLite in WAL mode, foreign keys on, a busy
//! timeout) and `originals/`, the content-addressed copies of every collected file. Opening
//! runs the forward-only migrations of `migrations/` and refuses a database written by a
//! newer build. All access goes through a [`Tx`]: reads in a plain transaction, writes in an
//! immediate one, so that a use case and its audit event commit together or not at all and
//! the audit chain has one writer at a time.
//!
//! # Example
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let dir = tempfile::tempdir().unwrap();
//! let store = store::Store::open(dir.path()).await.unwrap();
//! let mut tx = store.write().await.unwrap();
//! tx.set_setting("agency", "City of Example").await.unwrap();
//! tx.commit().await.unwrap();
//! assert_eq!(store.read().await.unwrap().setting("agency").await.unwrap().as_deref(), Some("City of Example"));
//! # });
//! ```

mod approvals;
mod audit;
mod error;
mod exemptions;
mod originals;
mod records;
mod redactions;
mod requests;
mod review;
mod saved;
mod settings;
mod users;

pub use approvals::{AppliedRedaction, ApprovalRow, ReleaseRow};
pub use error::{Error, Result};
pub use originals::{Location, OriginalFile, Originals, PACK_MAX, Stored, TempCopy};
pub use records::{NewOriginal, NewPage, NewRecord, RecordForIndex, RecordRow, RecordStatus};
pub use redactions::{NewRedaction, RedactionRow};
pub use requests::RequestCounts;
pub use review::ReviewState;
pub use saved::SavedSearch;
pub use users::UserRow;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// The file name of the database inside a data directory.
pub const DB_FILE: &str = "disclose.db";

/// An open office: its database and its originals.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    dir: PathBuf,
    originals: Originals,
}

impl Store {
    /// Creates the data directory when missing, opens (or creates) the database, and brings
    /// its schema up to date.
    pub async fn open(dir: &Path) -> Result<Store> {
        let data_dir_error = |reason: String| Error::DataDir {
            path: dir.display().to_string(),
            reason,
        };
        std::fs::create_dir_all(dir).map_err(|e| data_dir_error(e.to_string()))?;
        // Probe: a read-only folder would otherwise surface later as an obscure SQLite error.
        let probe = dir.join(".disclose-write-probe");
        std::fs::write(&probe, b"").map_err(|e| data_dir_error(format!("not writable ({e})")))?;
        let _ = std::fs::remove_file(&probe);

        let opts = SqliteConnectOptions::from_str("sqlite://")
            .map_err(Error::Db)?
            .filename(dir.join(DB_FILE))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // 64 MiB of page cache per connection: bulk inserts into the records table and its
            // indexes stay in memory between batches.
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(opts)
            .await
            .map_err(|e| data_dir_error(format!("cannot open {DB_FILE} ({e})")))?;

        check_schema_not_newer(&pool).await?;
        MIGRATOR.run(&pool).await?;
        let originals = Originals::open(dir.join("originals"))?;
        Ok(Store {
            pool,
            dir: dir.to_path_buf(),
            originals,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn originals(&self) -> &Originals {
        &self.originals
    }

    /// A transaction for reading.
    pub async fn read(&self) -> Result<Tx> {
        Ok(Tx(self.pool.begin().await?))
    }

    /// A transaction for writing: takes the write lock at once (`BEGIN IMMEDIATE`), so two
    /// writers never interleave between reading the audit chain's head and appending to it.
    pub async fn write(&self) -> Result<Tx> {
        Ok(Tx(self.pool.begin_with("BEGIN IMMEDIATE").await?))
    }

    /// The newest schema version this build knows.
    pub fn schema_version() -> i64 {
        MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

async fn check_schema_not_newer(pool: &SqlitePool) -> Result<()> {
    let has_table: Option<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(pool)
    .await?;
    if has_table.is_none() {
        return Ok(());
    }
    let (found,): (Option<i64>,) = sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(pool)
        .await?;
    let supported = Store::schema_version();
    match found {
        Some(found) if found > supported => Err(Error::NewerSchema { found, supported }),
        _ => Ok(()),
    }
}

/// One transaction. Dropped without [`Tx::commit`], it rolls back.
pub struct Tx(Transaction<'static, Sqlite>);

impl Tx {
    pub async fn commit(self) -> Result<()> {
        Ok(self.0.commit().await?)
    }

    fn conn(&mut self) -> &mut sqlx::SqliteConnection {
        &mut self.0
    }
}
