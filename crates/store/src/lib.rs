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
pub mod backup;
mod batches;
mod bulk;
mod conversations;
mod error;
mod exemptions;
pub mod fault;
pub mod key;
mod letters;
mod migrate;
mod originals;
mod records;
mod redactions;
mod requests;
mod review;
pub mod roles;
mod saved;
mod settings;
mod sql;
mod statistics;
pub mod team;
mod users;
pub mod vault;

pub use approvals::{AppliedRedaction, ApprovalRow, InstallmentRow, ReleaseRow};
pub use batches::{BatchRow, RecordForBatching, ReviewerRow};
pub use conversations::{
    ConversationMember, ConversationRow, Conversed, MessageForThreading, NearDupGroupRow,
    NearDupPlace, TextForGrouping,
};
pub use error::{Error, Result, is_connection_lost, is_permission_denied};
pub use letters::{LetterRow, RequestRelease};
pub use migrate::CopyReport;
pub use model::RecordStatus;
pub use originals::{
    Copied, Location, OriginalFile, Originals, PACK_MAX, Seal, Stored, TempCopy, is_memory_folder,
    memory_folder,
};
pub use records::{NewOriginal, NewPage, NewRecord, RecordForIndex, RecordRow};
pub use redactions::{NewRedaction, RedactionRow};
pub use requests::RequestCounts;
pub use review::ReviewState;
pub use saved::SavedSearch;
pub use statistics::{Closing, ReleaseOut};
pub use users::UserRow;

use model::audit::OfficeKey;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");
pub(crate) static MIGRATOR_PG: sqlx::migrate::Migrator =
    sqlx::migrate!("../../migrations/postgres");

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
    /// The database password when the address leaves it out (never written to `team.conf`;
    /// sqlx also reads `PGPASSWORD` and `~/.pgpass`).
    pub database_password: Option<team::Secret>,
    /// The originals folder; none for `originals/` in the data directory.
    pub originals: Option<PathBuf>,
    /// How long to wait for the database server before giving up.
    pub connect_timeout: Duration,
}

impl Default for Placement {
    fn default() -> Self {
        Placement {
            database_url: None,
            database_password: None,
            originals: None,
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// What an office's data directory holds is its owner's alone: the database, the key, the
/// originals, the index and scratch folders that may hold redacted values. From here on this
/// process creates files readable by their owner only (umask 077), the folder itself is
/// 0700 (no other OS user can reach anything in it, whatever its files' modes), and the
/// files at its top are 0600 — the database and its journals, the key, the placement file.
/// A shared originals folder (team mode) lives outside and keeps its own modes.
pub fn keep_private(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                if e.file_type().is_ok_and(|t| t.is_file()) {
                    let _ =
                        std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(0o600));
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Whether a process of this machine is running (scratch folders are named after theirs).
/// Where it cannot be told, it is taken as running.
pub fn process_alive(pid: u32) -> bool {
    #[cfg(target_os = "linux")]
    {
        Path::new(&format!("/proc/{pid}")).exists()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = pid;
        true
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
                    originals::remove_read_only(&p)
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
    /// The office key (from the data directory's `office.key`).
    key: Arc<OfficeKey>,
    /// The data key of an encrypted office.
    data_key: Option<Arc<vault::DataKey>>,
    /// Set when this opening brought an older office's schema up to date.
    upgraded: Option<Upgrade>,
}

/// An office an older build wrote, brought up to this build's schema when it was opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upgrade {
    /// The schema it had ([`schema_number`]).
    pub from: i64,
    /// The schema it has now.
    pub to: i64,
    /// The database as it was before the upgrade (inside the data directory's
    /// `upgrade-backups/`).
    pub backup: PathBuf,
}

/// A schema version as people are told it (`disclose --version`, the window's About, a
/// refusal): its sequence number. A migration's version is the day it was written followed by
/// a six-digit sequence number (`20261207000013` is schema 13); a test keeps the sequence
/// counting 1, 2, 3… in order.
pub fn schema_number(version: i64) -> i64 {
    version % 1_000_000
}

/// Where the databases as they were before an upgrade are kept, in the data directory.
pub const UPGRADE_BACKUPS: &str = "upgrade-backups";

/// Test support: makes a workstation office's database in `dir` as a build that knew only the
/// migrations up to schema `number` would have left it (where an upgrade starts).
#[doc(hidden)]
pub async fn create_sqlite_at_schema(dir: &Path, number: i64) -> Result<()> {
    sqlx::any::install_default_drivers();
    std::fs::create_dir_all(dir).map_err(|e| Error::DataDir {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    let pool = open_sqlite(dir, None).await?;
    let older = sqlx::migrate::Migrator {
        migrations: std::borrow::Cow::Owned(
            MIGRATOR
                .iter()
                .filter(|m| schema_number(m.version) <= number)
                .cloned()
                .collect(),
        ),
        ..sqlx::migrate::Migrator::DEFAULT
    };
    let ran = older.run(&pool).await;
    pool.close().await;
    Ok(ran?)
}

/// Copies a workstation office's database, as it is at schema `from`, into the data
/// directory's `upgrade-backups/` (SQLite's `VACUUM INTO`: a consistent, compact copy; an
/// encrypted office's copy is encrypted under the same key).
async fn keep_before_upgrade(pool: &AnyPool, dir: &Path, from: i64) -> Result<PathBuf> {
    let folder = dir.join(UPGRADE_BACKUPS);
    let cannot = |e: std::io::Error| Error::DataDir {
        path: folder.display().to_string(),
        reason: format!("cannot keep the database before upgrading it ({e})"),
    };
    std::fs::create_dir_all(&folder).map_err(cannot)?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ");
    let path = folder.join(format!("disclose-schema-{from}-{stamp}.db"));
    let target = path.to_str().ok_or_else(|| Error::DataDir {
        path: path.display().to_string(),
        reason: "the data directory's path is not UTF-8".into(),
    })?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(pool)
        .await?;
    Ok(path)
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
        Store::open_keyed(dir, &placement, over.data_key.as_ref()).await
    }

    /// Creates the data directory when missing, opens (or creates) the database where
    /// `placement` says, and brings its schema up to date.
    pub async fn open_with(dir: &Path, placement: &Placement) -> Result<Store> {
        Store::open_keyed(dir, placement, None).await
    }

    /// [`Store::open_with`] for an office that may be encrypted: `key` is its data key
    /// (refused as [`Error::Locked`] when the office has a vault and no key is given).
    pub async fn open_keyed(
        dir: &Path,
        placement: &Placement,
        key: Option<&vault::DataKey>,
    ) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let data_dir_error = |reason: String| Error::DataDir {
            path: dir.display().to_string(),
            reason,
        };
        std::fs::create_dir_all(dir).map_err(|e| data_dir_error(e.to_string()))?;
        keep_private(dir);
        // Probe: a read-only folder would otherwise surface later as an obscure SQLite error.
        let probe = dir.join(".disclose-write-probe");
        std::fs::write(&probe, b"").map_err(|e| data_dir_error(format!("not writable ({e})")))?;
        let _ = std::fs::remove_file(&probe);
        let dir = std::path::absolute(dir).map_err(|e| data_dir_error(e.to_string()))?;

        let encrypted = vault::Vault::exists(&dir);
        let key = match (encrypted, key) {
            (true, None) => return Err(Error::Locked),
            (false, Some(_)) => {
                return Err(data_dir_error(
                    "it holds an office that is not encrypted (no vault.json), and a key was given"
                        .into(),
                ));
            }
            (true, Some(_)) if placement.database_url.is_some() => {
                return Err(data_dir_error(
                    "an encrypted office keeps its database on this workstation; a team office's is the server's to encrypt".into(),
                ));
            }
            (_, key) => key.cloned(),
        };
        let (pool, backend) = match &placement.database_url {
            None => (open_sqlite(&dir, key.as_ref()).await?, Backend::Sqlite),
            Some(url) => (
                open_postgres(
                    url,
                    placement.database_password.as_ref(),
                    placement.connect_timeout,
                )
                .await?,
                Backend::Postgres,
            ),
        };
        let found = check_schema_not_newer(&pool, backend).await?;
        let mut upgraded = None;
        match backend {
            Backend::Sqlite => {
                // An office an older build wrote: its database is copied whole before the
                // first migration touches it, so an upgrade can always be undone.
                if let Some(from) = found.filter(|v| *v < Store::schema_version()) {
                    match keep_before_upgrade(&pool, &dir, schema_number(from)).await {
                        Ok(backup) => {
                            upgraded = Some(Upgrade {
                                from: schema_number(from),
                                to: Store::schema_number(),
                                backup,
                            })
                        }
                        Err(e) => {
                            pool.close().await;
                            return Err(e);
                        }
                    }
                }
                MIGRATOR.run(&pool).await?
            }
            // Only the database's owner changes the schema (and then re-grants the desks'
            // role); a desk login finds it up to date or is told to have the owner upgrade it.
            Backend::Postgres => {
                if let Err(e) = roles::bring_up_to_date(&pool).await {
                    pool.close().await;
                    return Err(e);
                }
            }
        }
        let originals_dir = placement
            .originals
            .clone()
            .unwrap_or_else(|| dir.join("originals"));
        let mut originals = Originals::open(originals_dir)?;
        if let Some(k) = &key {
            originals = originals.sealed_with(k.originals_seal());
        }
        let data_key = key;
        let key = match office_key(&pool, backend, &dir).await {
            Ok(k) => k,
            Err(e) => {
                pool.close().await;
                return Err(e);
            }
        };
        Ok(Store {
            pool,
            backend,
            dir,
            originals,
            database_url: placement.database_url.clone(),
            key: Arc::new(key),
            data_key: data_key.map(Arc::new),
            upgraded,
        })
    }

    /// What this opening upgraded, when the office was written by an older build.
    pub fn upgraded(&self) -> Option<&Upgrade> {
        self.upgraded.as_ref()
    }

    /// The data key, when the office is encrypted (to wrap it for a new password).
    pub fn data_key(&self) -> Option<&vault::DataKey> {
        self.data_key.as_deref()
    }

    /// The office key: it keys the audit chain and release hashes.
    pub fn key(&self) -> &OfficeKey {
        &self.key
    }

    fn tx(&self, tx: Transaction<'static, Any>) -> Tx {
        Tx {
            tx,
            backend: self.backend,
            key: self.key.clone(),
            dir: self.dir.clone(),
            appended: None,
        }
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
        Ok(self.tx(tx))
    }

    /// A transaction for writing. It takes the office's write lock at once — SQLite's
    /// `BEGIN IMMEDIATE`, or on PostgreSQL one transaction-level advisory lock — so writers
    /// never interleave between reading the audit chain's head and appending to it, record
    /// ids and the change sequence are handed out in commit order (what lets each
    /// workstation's index follow `record_changes` without missing a number), and two
    /// approvals of one request cannot both see the request unapproved.
    pub async fn write(&self) -> Result<Tx> {
        match self.backend {
            Backend::Sqlite => Ok(self.tx(self.pool.begin_with("BEGIN IMMEDIATE").await?)),
            Backend::Postgres => {
                // READ COMMITTED: each statement sees what committed before it, so after the
                // lock is granted the writer sees the previous writer's work.
                let mut tx = self.pool.begin().await?;
                tx.execute("SET LOCAL lock_timeout = '30s'").await?;
                sqlx::query("SELECT 1 FROM pg_advisory_xact_lock($1)")
                    .bind(WRITE_LOCK_KEY)
                    .execute(&mut *tx)
                    .await?;
                Ok(self.tx(tx))
            }
        }
    }

    /// The newest schema version this build knows (its newest migration's version).
    pub fn schema_version() -> i64 {
        MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
    }

    /// The newest schema this build knows as people are told it ([`schema_number`]).
    pub fn schema_number() -> i64 {
        schema_number(Store::schema_version())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// SQLite counts the memory it allocates, under one mutex for the whole process
/// (`SQLITE_CONFIG_MEMSTATUS`, on by default). sqlx steps a statement on a thread of its own
/// and the rows' values are freed on the caller's thread, so every row read takes that mutex on
/// both threads: listing 500,000 records spent more time waking threads waiting for it than
/// reading (`perf`, BENCHMARKS.md "The window at 500,000"). Nothing here reads those counts or
/// sets a heap limit. Turned off once, before this process's first SQLite connection.
pub(crate) fn sqlite_without_memory_counts() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: `sqlite3_config` must run before SQLite initialises, with no other thread in
        // SQLite meanwhile. Every SQLite connection of this crate is opened after this call,
        // and `Once` holds back any other caller until it returns. Once SQLite has started the
        // call only answers SQLITE_MISUSE and changes nothing.
        unsafe {
            libsqlite3_sys::sqlite3_config(
                libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS,
                0 as std::os::raw::c_int,
            );
        }
    });
}

async fn open_sqlite(dir: &Path, key: Option<&vault::DataKey>) -> Result<AnyPool> {
    sqlite_without_memory_counts();
    let url = format!(
        "sqlite://{}?mode=rwc",
        team::percent_encode_path(&dir.join(DB_FILE))
    );
    let opts = AnyConnectOptions::from_str(&url).map_err(Error::Db)?;
    // SQLCipher's key comes first, before anything reads the file (sqlx's own opening
    // pragmas do not).
    let keyed = key.map(|k| Arc::new(k.sqlcipher_pragma()));
    let pool = AnyPoolOptions::new()
        .max_connections(4)
        .after_connect(move |conn, _| {
            let keyed = keyed.clone();
            Box::pin(async move {
                if let Some(pragma) = keyed {
                    conn.execute(pragma.as_str()).await?;
                    // A wrong key shows here, as "file is not a database".
                    conn.execute("SELECT COUNT(*) FROM sqlite_schema").await?;
                }
                // WAL, foreign keys, a wait for the write lock, and 64 MiB of page cache per
                // connection: bulk inserts into the records table and its indexes stay in
                // memory between batches. The log is copied into the database once it holds
                // 10,000 pages (40 MiB) rather than SQLite's 1,000: an ingest's batch alone
                // writes more than 1,000, so each batch paid for a copy (and its syncs) of
                // its own; now a page written by several batches in a row is copied once
                // (the commits of a 500,000-message ingest: 17 → 12 s, BENCHMARKS.md).
                conn.execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;
                     PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;
                     PRAGMA wal_autocheckpoint = 10000;",
                )
                .await?;
                Ok(())
            })
        })
        .connect_with(opts)
        .await
        .map_err(|e| Error::DataDir {
            path: dir.display().to_string(),
            // SQLite needs room to open (its shared-memory and write-ahead files): on a full
            // disk the pool only says it timed out.
            reason: match free_bytes(dir) {
                Some(free) if free < 1 << 20 => format!(
                    "the disk holding it is full ({free} bytes free): free some space and run it again"
                ),
                _ if key.is_some() && e.to_string().contains("not a database") => format!(
                    "its data key does not open {DB_FILE}: the database was replaced or damaged"
                ),
                _ => format!("cannot open {DB_FILE} ({e})"),
            },
        })?;
    Ok(pool)
}

/// Bytes free to an unprivileged writer on the file system holding `dir`.
#[cfg(unix)]
fn free_bytes(dir: &Path) -> Option<u64> {
    let s = rustix::fs::statvfs(dir).ok()?;
    Some(s.f_bavail.saturating_mul(s.f_frsize))
}

/// Not asked elsewhere (the message then names no figure).
#[cfg(not(unix))]
fn free_bytes(_dir: &Path) -> Option<u64> {
    None
}

pub(crate) async fn open_postgres(
    url: &str,
    password: Option<&team::Secret>,
    timeout: Duration,
) -> Result<AnyPool> {
    let unreachable = |reason: String| Error::Server {
        server: team::describe_url(url),
        reason,
    };
    if !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
        return Err(unreachable(
            "the database address must start with postgres://".into(),
        ));
    }
    // TLS across a network, the password given apart: in the address sqlx is handed only.
    let address = team::connect_address(url, password).map_err(unreachable)?;
    let opts = AnyConnectOptions::from_str(&address).map_err(|e| unreachable(e.to_string()))?;
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

/// The office's schema version (`None` for a new, empty database), refused when it is newer
/// than this build knows.
pub(crate) async fn check_schema_not_newer(
    pool: &AnyPool,
    backend: Backend,
) -> Result<Option<i64>> {
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
        return Ok(None);
    }
    let (found,): (Option<i64>,) = sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(pool)
        .await?;
    let supported = Store::schema_version();
    match found {
        Some(found) if found > supported => Err(Error::NewerSchema { found, supported }),
        found => Ok(found),
    }
}

/// One transaction. Dropped without [`Tx::commit`], it rolls back.
pub struct Tx {
    tx: Transaction<'static, Any>,
    backend: Backend,
    key: Arc<OfficeKey>,
    /// The data directory, where the workstation's audit head is recorded.
    dir: PathBuf,
    /// The last audit event this transaction appended: recorded as the workstation's head
    /// once it commits.
    appended: Option<(i64, String)>,
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        if let Some((seq, hash)) = &self.appended {
            key::record_head(&self.dir, *seq, hash);
        }
        Ok(())
    }

    fn conn(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.tx
    }

    fn backend(&self) -> Backend {
        self.backend
    }

    /// The office key.
    pub fn key(&self) -> &OfficeKey {
        &self.key
    }

    /// Records an audit event as seen by this workstation (see [`key::HEAD_FILE`]).
    pub fn saw_event(&self, seq: i64, hash: &str) {
        key::record_head(&self.dir, seq, hash);
    }
}

/// Loads the data directory's office key, or makes one for an office that has none (a new
/// office, or one older than keyed chains: its next event is the first keyed one); refuses
/// a key of another office, and a missing key for an office keyed already (its events
/// could not be verified or continued).
async fn office_key(pool: &AnyPool, backend: Backend, dir: &Path) -> Result<OfficeKey> {
    let path = dir.join(key::KEY_FILE);
    let (named,): (Option<String>,) =
        sqlx::query_as("SELECT MAX(value) FROM settings WHERE key = $1")
            .bind(key::KEY_ID_SETTING)
            .fetch_one(pool)
            .await?;
    let refused = |reason: String| Error::DataDir {
        path: dir.display().to_string(),
        reason,
    };
    if path.exists() {
        let k = key::read_key(&path)?;
        return match named {
            Some(id) if id != k.id() => Err(refused(format!(
                "its office key ({}) is not the key of this office ({id}): restore this office's office.key",
                k.id()
            ))),
            // A database that names no key: a new team database the office just moved to
            // (its settings follow), or one whose setting was removed.
            _ => Ok(k),
        };
    }
    if let Some(id) = named {
        return Err(refused(match backend {
            Backend::Postgres => format!(
                "this workstation does not hold the office key ({id}): copy office.key from a workstation of the office (disclose join --office-key FILE)"
            ),
            Backend::Sqlite => format!(
                "office.key ({id}) is missing: restore it from the office's backup; without it the audit log cannot be verified or continued"
            ),
        }));
    }
    // The database learns the key's id with the first event keyed with it (in that event's
    // transaction): opening a database that holds no office yet changes nothing there.
    let (head,): (Option<i64>,) = sqlx::query_as("SELECT MAX(seq) FROM audit_events")
        .fetch_one(pool)
        .await?;
    key::create_key(&path, head.unwrap_or(0) + 1)
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
        // The schema people are told of is the sequence: 1, 2, 3… in the order they run.
        let numbers: Vec<i64> = versions(&super::MIGRATOR)
            .into_iter()
            .map(super::schema_number)
            .collect();
        assert_eq!(numbers, (1..=numbers.len() as i64).collect::<Vec<_>>());
        assert!(versions(&super::MIGRATOR).len() >= 5);
    }

    /// The SQLite connection settings arrive through `after_connect` (the `Any` driver takes
    /// no SQLite options): every statement of that batch must have run.
    #[tokio::test]
    async fn every_sqlite_connection_gets_its_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        // Characters a sqlite:// URL would misread (Windows allows no `?` in a name).
        let name = if cfg!(windows) { "a #1%" } else { "a #1?" };
        let store = super::Store::open(&dir.path().join(name)).await.unwrap();
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
        // Not readable as a table (`pragma_wal_autocheckpoint`): asked as a statement.
        let (pages,): (i64,) = sqlx::query_as("PRAGMA wal_autocheckpoint")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(pages, 10_000, "PRAGMA wal_autocheckpoint");
        assert!(dir.path().join(name).join(super::DB_FILE).exists());
    }

    /// SQLite keeps no process-wide count of its memory (one mutex every row took on two
    /// threads): with an office open and rows read, it reports none used. With the count on
    /// (SQLite's default), a connection alone holds hundreds of kilobytes.
    #[tokio::test]
    async fn sqlite_keeps_no_memory_count_behind_a_process_wide_lock() {
        let dir = tempfile::tempdir().unwrap();
        let store = super::Store::open(dir.path()).await.unwrap();
        let mut conn = store.pool.acquire().await.unwrap();
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sqlite_schema")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert!(n > 10);
        // SAFETY: a read of SQLite's counters, valid at any time.
        let used = unsafe { libsqlite3_sys::sqlite3_memory_used() };
        assert_eq!(
            used, 0,
            "SQLite counts its memory: SQLITE_CONFIG_MEMSTATUS is on"
        );
    }

    /// The passwords migration on an office that already has users: nobody is made to change
    /// their password, and who created each account is taken from the audit chain.
    async fn passwords_migration_fills_in_existing_users(backend: super::Backend) {
        use super::*;
        const PASSWORDS: i64 = 20261206000010;
        sqlx::any::install_default_drivers();
        let dir = tempfile::tempdir().unwrap();
        let (pool, placement, all) = match backend {
            Backend::Sqlite => (
                open_sqlite(dir.path(), None).await.unwrap(),
                Placement::default(),
                &MIGRATOR,
            ),
            Backend::Postgres => {
                let url = testkit::postgres::fresh_database("pw_migration").await;
                (
                    open_postgres(&url, None, Duration::from_secs(10))
                        .await
                        .unwrap(),
                    Placement {
                        database_url: Some(url),
                        ..Placement::default()
                    },
                    &MIGRATOR_PG,
                )
            }
        };
        let before = sqlx::migrate::Migrator {
            migrations: std::borrow::Cow::Owned(
                all.iter()
                    .filter(|m| m.version < PASSWORDS)
                    .cloned()
                    .collect(),
            ),
            ..sqlx::migrate::Migrator::DEFAULT
        };
        before.run(&pool).await.unwrap();
        // ana made the office and added sam; sam added carl.
        let at = "2026-11-29T10:00:00.000000Z";
        for (id, name) in [(1, "ana"), (2, "sam"), (3, "carl")] {
            sqlx::query(
                "INSERT INTO users (id, name, display_name, role, password_hash, created_at)
                 VALUES ($1, $2, $2, 'supervisor', 'h', $3)",
            )
            .bind(id as i64)
            .bind(name)
            .bind(at)
            .execute(&pool)
            .await
            .unwrap();
        }
        for (seq, actor, action, subject) in [
            (1, "ana", "office.init", "office"),
            (2, "ana", "user.add", "user/ana"),
            (3, "ana", "user.add", "user/sam"),
            (4, "sam", "user.add", "user/carl"),
        ] {
            sqlx::query(
                "INSERT INTO audit_events (seq, at, actor, action, subject, details, prev_hash, hash)
                 VALUES ($1, $2, $3, $4, $5, '{}', 'p', 'h')",
            )
            .bind(seq as i64)
            .bind(at)
            .bind(actor)
            .bind(action)
            .bind(subject)
            .execute(&pool)
            .await
            .unwrap();
        }
        pool.close().await;
        let store = Store::open_with(dir.path(), &placement).await.unwrap();
        let users = store.read().await.unwrap().users().await.unwrap();
        let got: Vec<_> = users
            .iter()
            .map(|u| {
                (
                    u.name.as_str(),
                    u.must_change_password,
                    u.created_by_name.as_deref(),
                    u.password_set_by_name.as_deref(),
                    u.password_set_at.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("ana", false, None, None, Some(at)),
                ("carl", false, Some("sam"), Some("sam"), Some(at)),
                ("sam", false, Some("ana"), Some("ana"), Some(at)),
            ]
        );
        store.close().await;
    }

    #[tokio::test]
    async fn passwords_migration_fills_in_existing_users_sqlite() {
        passwords_migration_fills_in_existing_users(super::Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn passwords_migration_fills_in_existing_users_postgres() {
        passwords_migration_fills_in_existing_users(super::Backend::Postgres).await;
    }
}
