//! What a backup needs from the store: a consistent copy of the database taken while others
//! keep working, and the facts of such a copy read without opening it as an office.
//!
//! The copy is SQLite's `VACUUM INTO`: it reads the database inside one read transaction (a
//! snapshot under WAL, so writers carry on) and writes a compact, self-contained file. A team
//! office's database is the server's to back up (`pg_dump`), not a desk's.

use crate::{Backend, Error, Location, Result, Store, team};
use sqlx::Connection;
use std::path::Path;

/// What a copy of the database holds, read from the copy itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotFacts {
    /// The newest migration applied.
    pub schema_version: i64,
    /// The office key the audit chain is keyed with (its id).
    pub key_id: Option<String>,
    /// The newest audit event: (seq, hash).
    pub audit_head: Option<(i64, String)>,
    /// Every original the copy refers to: (sha256, size, where).
    pub originals: Vec<(String, u64, Location)>,
    pub requests: i64,
    pub records: i64,
}

impl Store {
    /// Writes a consistent copy of the database to `path` (which must not exist) while other
    /// connections keep reading and writing.
    pub async fn snapshot_into(&self, path: &Path) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Err(Error::DataDir {
                path: self.dir.display().to_string(),
                reason: "a team office's database is the server's to back up (pg_dump; see \
                         docs/backup.md), not a workstation's"
                    .into(),
            });
        }
        let target = path.to_str().ok_or_else(|| Error::DataDir {
            path: path.display().to_string(),
            reason: "the backup folder's path is not UTF-8".into(),
        })?;
        let mut conn = self.pool.acquire().await?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}

/// Reads the facts of a database copy (`snapshot_into`'s file), read-only.
pub async fn snapshot_facts(
    path: &Path,
    data_key: Option<&crate::vault::DataKey>,
) -> Result<SnapshotFacts> {
    sqlx::any::install_default_drivers();
    crate::sqlite_without_memory_counts();
    let url = format!("sqlite://{}?mode=ro", team::percent_encode_path(path));
    let cannot_open = |e: sqlx::Error| Error::DataDir {
        path: path.display().to_string(),
        reason: format!("cannot open the database copy ({e})"),
    };
    let mut c = sqlx::AnyConnection::connect(&url)
        .await
        .map_err(cannot_open)?;
    if let Some(key) = data_key {
        use sqlx::Executor;
        c.execute(key.sqlcipher_pragma().as_str())
            .await
            .map_err(cannot_open)?;
    }
    let (schema_version,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations")
            .fetch_one(&mut c)
            .await?;
    let key_id: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = $1")
        .bind(crate::key::KEY_ID_SETTING)
        .fetch_optional(&mut c)
        .await?;
    let audit_head: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut c)
            .await?;
    let rows: Vec<(String, i64, Option<String>, Option<i64>)> =
        sqlx::query_as("SELECT sha256, size, pack, pack_offset FROM originals ORDER BY sha256")
            .fetch_all(&mut c)
            .await?;
    let originals = rows
        .into_iter()
        .map(|(sha, size, pack, offset)| (sha, size as u64, Location::from_columns(pack, offset)))
        .collect();
    let (requests,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM requests")
        .fetch_one(&mut c)
        .await?;
    let (records,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM records")
        .fetch_one(&mut c)
        .await?;
    c.close().await?;
    Ok(SnapshotFacts {
        schema_version,
        key_id: key_id.map(|k| k.0),
        audit_head,
        originals,
        requests,
        records,
    })
}
