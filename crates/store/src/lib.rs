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
mod batches;
mod bulk;
mod conversations;
mod error;
mod exemptions;
mod migrate;
mod originals;
mod records;
mod redactions;
mod requests;
mod review;
mod saved;
mod settings;
mod sql;
pub mod team;
mod users;

pub use approvals::{AppliedRedaction, ApprovalRow, ReleaseRow};
pub use batches::{BatchRow, RecordForBatching, ReviewerRow};
pub use conversations::{
    ConversationMember, ConversationRow, Conversed, MessageForThreading, NearDupGroupRow,
    NearDupPlace, TextForGrouping,
};
pub use error::{Error, Result, is_connection_lost};
pub use migrate::CopyReport;
pub use model::RecordStatus;
pub use originals::{Location, OriginalFile, Originals, PACK_MAX, Stored, TempCopy};
pub use records::{NewOriginal, NewPage, NewRecord, RecordForIndex, RecordRow};
pub use redactions::{NewRedaction, RedactionRow};
pub use requests::RequestCounts;
pub use review::ReviewState;
pub use saved::SavedSearch;
pub use users::UserRow;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");
static MIGRATOR_PG: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

/// The file name of the database inside a data directory.
pub const DB_FILE: &str = "disclose.db";

/// The key of PostgreSQL's transaction-level advisory lock every write takes: the team
/// office's equivalent of SQLite's single writer (`BEGIN IMMEDIATE`).
const WRITE_LOCK_KEY: i64 = 0x4469_7363_6c6f_7365; // "Disclose"

/// Which database holds the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `disclose.db` in the data directory: one workstation.
    Sqlite,
    /// A PostgreSQL server shared by the office's workstations (team mode).
    Postgres,
}

/// Where an office's parts live. The default is everything in the data directory; team mode
/// points the database at a PostgreSQL server and the originals at a shared folder.
#[derive(Debug, Clone)]
pub struct Placement {
    /// `postgres://…`; none for the data directory's SQLite file.
    pub database_url: Option<String>,
    /// The originals folder; none for `originals/` in the data directory.
    pub originals: Option<PathBuf>,
    /// How long to wait for the database server before giving up.
    pub connect_timeout: Duration,
}

impl Default for Placement {
    fn default() -> Self {
        Placement {
            database_url: None,
            originals: None,
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// Removes what a folder holds that was last modified more than `age` ago (what a killed
/// process left behind): its entries, or with `deep` the files at any depth below it
/// (folders stay). Failures are ignored: a sweep only tidies.
pub fn sweep_older_than(dir: &Path, age: std::time::Duration, deep: bool) {
    let old = |e: &std::fs::DirEntry| {
        e.metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|a| a > age)
    };
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let is_dir = p.is_dir();
            if deep && is_dir {
                stack.push(p);
            } else if old(&e) {
                let _ = if is_dir {
                    std::fs::remove_dir_all(&p)
                } else {
                    std::fs::remove_file(&p)
                };
            }
        }
    }
}

/// An open office: its database and its originals.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    dir: PathBuf,
    originals: Originals,
    /// The database address it was opened at (team mode), kept to say where it is.
    database_url: Option<String>,
}

impl Store {
    /// Opens the office of a data directory where its placement file says (see
    /// [`team::placement`]): by default `disclose.db` and `originals/` inside it.
    pub async fn open(dir: &Path) -> Result<Store> {
        Store::open_overridden(dir, &team::Overrides::default()).await
    }

    /// [`Store::open`], with the front end's configuration over the placement file.
    pub async fn open_overridden(dir: &Path, over: &team::Overrides) -> Result<Store> {
        let placement = team::placement(dir, over)?;
        Store::open_with(dir, &placement).await
    }

    /// Creates the data directory when missing, opens (or creates) the database where
    /// `placement` says, and brings its schema up to date.
    pub async fn open_with(dir: &Path, placement: &Placement) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let data_dir_error = |reason: String| Error::DataDir {
            path: dir.display().to_string(),
            reason,
        };
        std::fs::create_dir_all(dir).map_err(|e| data_dir_error(e.to_string()))?;
        // Probe: a read-only folder would otherwise surface later as an obscure SQLite error.
        let probe = dir.join(".disclose-write-probe");
        std::fs::write(&probe, b"").map_err(|e| data_dir_error(format!("not writable ({e})")))?;
        let _ = std::fs::remove_file(&probe);
        let dir = std::path::absolute(dir).map_err(|e| data_dir_error(e.to_string()))?;

        let (pool, backend) = match &placement.database_url {
            None => (open_sqlite(&dir).await?, Backend::Sqlite),
            Some(url) => (
                open_postgres(url, placement.connect_timeout).await?,
                Backend::Postgres,
            ),
        };
        check_schema_not_newer(&pool, backend).await?;
        match backend {
            Backend::Sqlite => MIGRATOR.run(&pool).await?,
            Backend::Postgres => MIGRATOR_PG.run(&pool).await?,
        }
        let originals_dir = placement
            .originals
            .clone()
            .unwrap_or_else(|| dir.join("originals"));
        let originals = Originals::open(originals_dir)?;
        Ok(Store {
            pool,
            backend,
            dir,
            originals,
            database_url: placement.database_url.clone(),
        })
    }

    /// The database server's address, in team mode.
    pub fn database_url(&self) -> Option<&str> {
        self.database_url.as_deref()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn originals(&self) -> &Originals {
        &self.originals
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction for reading: one consistent snapshot of the office.
    pub async fn read(&self) -> Result<Tx> {
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin().await?,
            Backend::Postgres => {
                self.pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .await?
            }
        };
        Ok(Tx(tx, self.backend))
    }

    /// A transaction for writing. It takes the office's write lock at once — SQLite's
    /// `BEGIN IMMEDIATE`, or on PostgreSQL one transaction-level advisory lock — so writers
    /// never interleave between reading the audit chain's head and appending to it, record
    /// ids and the change sequence are handed out in commit order (what lets each
    /// workstation's index follow `record_changes` without missing a number), and two
    /// approvals of one request cannot both see the request unapproved.
    pub async fn write(&self) -> Result<Tx> {
        match self.backend {
            Backend::Sqlite => Ok(Tx(
                self.pool.begin_with("BEGIN IMMEDIATE").await?,
                Backend::Sqlite,
            )),
            Backend::Postgres => {
                // READ COMMITTED: each statement sees what committed before it, so after the
                // lock is granted the writer sees the previous writer's work.
                let mut tx = self.pool.begin().await?;
                tx.execute("SET LOCAL lock_timeout = '30s'").await?;
                sqlx::query("SELECT 1 FROM pg_advisory_xact_lock($1)")
                    .bind(WRITE_LOCK_KEY)
                    .execute(&mut *tx)
                    .await?;
                Ok(Tx(tx, Backend::Postgres))
            }
        }
    }

    /// The newest schema version this build knows.
    pub fn schema_version() -> i64 {
        MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

async fn open_sqlite(dir: &Path) -> Result<AnyPool> {
    let url = format!(
        "sqlite://{}?mode=rwc",
        team::percent_encode_path(&dir.join(DB_FILE))
    );
    let opts = AnyConnectOptions::from_str(&url).map_err(Error::Db)?;
    AnyPoolOptions::new()
        .max_connections(4)
        .after_connect(|conn, _| {
            Box::pin(async move {
                // WAL, foreign keys, a wait for the write lock, and 64 MiB of page cache per
                // connection: bulk inserts into the records table and its indexes stay in
                // memory between batches.
                conn.execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;
                     PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
                )
                .await?;
                Ok(())
            })
        })
        .connect_with(opts)
        .await
        .map_err(|e| Error::DataDir {
            path: dir.display().to_string(),
            reason: format!("cannot open {DB_FILE} ({e})"),
        })
}

async fn open_postgres(url: &str, timeout: Duration) -> Result<AnyPool> {
    let unreachable = |reason: String| Error::Server {
        server: team::describe_url(url),
        reason,
    };
    if !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
        return Err(unreachable(
            "the database address must start with postgres://".into(),
        ));
    }
    let opts = AnyConnectOptions::from_str(url).map_err(|e| unreachable(e.to_string()))?;
    let connect = AnyPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(timeout)
        .connect_with(opts);
    match tokio::time::timeout(timeout, connect).await {
        Ok(Ok(pool)) => Ok(pool),
        Ok(Err(e)) => Err(unreachable(team::server_reason(&e))),
        Err(_) => Err(unreachable(format!(
            "no answer within {} s",
            timeout.as_secs()
        ))),
    }
}

async fn check_schema_not_newer(pool: &AnyPool, backend: Backend) -> Result<()> {
    let probe = match backend {
        Backend::Sqlite => {
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'"
        }
        Backend::Postgres => {
            "SELECT CAST(COUNT(*) AS BIGINT) FROM information_schema.tables
              WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'"
        }
    };
    let (has_table,): (i64,) = sqlx::query_as(probe).fetch_one(pool).await?;
    if has_table == 0 {
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
pub struct Tx(Transaction<'static, Any>, Backend);

impl Tx {
    pub async fn commit(self) -> Result<()> {
        Ok(self.0.commit().await?)
    }

    fn conn(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.0
    }

    fn backend(&self) -> Backend {
        self.1
    }
}

#[cfg(test)]
mod tests {
    /// Both backends know the same schema versions: `schema_version` means one thing, and a
    /// team office is refused by an older build exactly as a local one is.
    #[test]
    fn the_two_migration_sets_have_the_same_versions() {
        let versions =
            |m: &sqlx::migrate::Migrator| -> Vec<i64> { m.iter().map(|m| m.version).collect() };
        assert_eq!(versions(&super::MIGRATOR), versions(&super::MIGRATOR_PG));
        assert!(versions(&super::MIGRATOR).len() >= 5);
    }

    /// The SQLite connection settings arrive through `after_connect` (the `Any` driver takes
    /// no SQLite options): every statement of that batch must have run.
    #[tokio::test]
    async fn every_sqlite_connection_gets_its_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        let store = super::Store::open(&dir.path().join("a #1?")).await.unwrap();
        let mut conn = store.pool.acquire().await.unwrap();
        for (pragma, want) in [
            ("journal_mode", "wal"),
            ("synchronous", "1"),
            ("foreign_keys", "1"),
            ("busy_timeout", "10000"),
            ("cache_size", "-65536"),
            ("temp_store", "2"),
        ] {
            let row: (String,) = sqlx::query_as(&format!(
                "SELECT CAST(({}) AS TEXT)",
                format_args!("SELECT * FROM pragma_{pragma}")
            ))
            .fetch_one(&mut *conn)
            .await
            .unwrap();
            assert_eq!(row.0, want, "PRAGMA {pragma}");
        }
        assert!(dir.path().join("a #1?").join(super::DB_FILE).exists());
    }
}
