//! Backup and restore of a single-workstation office: a consistent copy taken while others
//! keep working, incremental on the originals, checked against its manifest, and restored
//! into an empty folder only after the audit chain and every original's hash verify.
//!
//! A backup folder holds:
//! - `backup.json`, the manifest of the newest backup (`history/` keeps every one);
//! - `databases/<taken_at>.db`, the database as it was (SQLite's `VACUUM INTO`, a snapshot
//!   under WAL); only the manifest's is kept, an older one is removed once the new manifest
//!   is written, so a crash part way leaves the previous backup whole;
//! - `originals/`, the originals' packs and loose files: a file already there with the same
//!   size is kept (packs only grow; a sealed pack never changes), so a second backup copies
//!   only what is new, and every original in a file copied is re-hashed;
//! - `office.key`, the key of the audit chain and release hashes. With it, whoever holds the
//!   backup can verify the office's history — and could forge it: keep a backup as safe as
//!   the data folder (SECURITY.md);
//! - `vault.json`, for an encrypted office: the database copy is as encrypted as the office's
//!   own (SQLCipher's `VACUUM INTO` writes it under the same key), and verifying or restoring
//!   it needs a password of one of its users or the recovery key.
//!
//! The search index is left out: a restored office builds it again.

use crate::{Actor, ApiError, Office, Result};
use model::{Action, AuditAction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use store::{Location, Originals};

/// The file a restore writes first into the folder it restores to and removes last, once the
/// restored office has been checked: while it is there the folder is not an office
/// ([`Office::open`] refuses it) and a restore may start again into it.
pub const RESTORING: &str = "RESTORE-UNFINISHED";

/// The manifest's name in a backup folder.
pub const MANIFEST: &str = "backup.json";
const FORMAT: &str = "disclose-backup/1";
/// The setting holding when the office was last backed up, and where.
pub(crate) const LAST_BACKUP_KEY: &str = "last_backup";

/// A backup's manifest (`backup.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupManifest {
    pub format: String,
    pub taken_at: String,
    pub taken_by: String,
    pub office_key_id: String,
    pub schema_version: i64,
    /// The newest audit event in the copy: its sequence number and hash.
    pub audit_seq: i64,
    pub audit_head: String,
    pub database: FileEntry,
    pub key: FileEntry,
    /// An encrypted office's vault (`vault.json`): the database copy opens only with a
    /// password of one of its users, or its recovery key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault: Option<FileEntry>,
    /// Originals the copy refers to, and their bytes.
    pub originals: u64,
    pub original_bytes: u64,
    pub requests: i64,
    pub records: i64,
    /// Files and bytes this backup copied (a second backup to the same folder copies only
    /// what is new).
    pub files_copied: u64,
    pub bytes_copied: u64,
    /// Originals whose bytes no longer matched their hash in the office itself.
    #[serde(default)]
    pub damaged: Vec<String>,
}

/// A file of a backup, relative to its folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub file: String,
    pub size: u64,
    pub sha256: String,
}

/// What a long backup, check or restore is doing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupProgress {
    /// "database", "originals", "checking originals", "audit", "index".
    pub step: String,
    pub done: u64,
    pub total: u64,
}

/// What `backup` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupReport {
    pub folder: String,
    pub taken_at: String,
    /// A backup of this office was in the folder already: only what was new was copied.
    pub incremental: bool,
    pub requests: i64,
    pub records: i64,
    pub originals: u64,
    pub files_copied: u64,
    pub bytes_copied: u64,
    /// Originals re-hashed in the backup (those in the files copied).
    pub originals_checked: u64,
    pub audit_seq: i64,
    /// Originals whose bytes no longer match their hash in the office itself.
    pub damaged: Vec<String>,
}

/// What checking a backup found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupCheck {
    pub ok: bool,
    pub taken_at: String,
    pub originals_checked: u64,
    pub audit_events: u64,
    /// What is wrong, one line each (at most 50; `more_problems` counts the rest).
    pub problems: Vec<String>,
    pub more_problems: u64,
}

/// What `restore` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RestoreReport {
    pub data_dir: String,
    pub taken_at: String,
    pub requests: i64,
    pub records: i64,
    pub originals_checked: u64,
    pub audit_events: u64,
    /// Entries the new search index took in: records, and their review changes.
    pub indexed: u64,
}

/// When the office was last backed up, and where (`OfficeSettings::last_backup`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LastBackup {
    pub at: String,
    pub folder: String,
    pub by: String,
}

pub(crate) fn io(what: &str, path: &Path, e: impl std::fmt::Display) -> ApiError {
    let said = format!("{what} {}: {e}", path.display());
    match ApiError::internal(said.clone()) {
        full if full.code == crate::ErrorCode::DiskFull => full,
        _ => ApiError::invalid(said),
    }
}

fn sha256_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let n = std::io::copy(&mut f, &mut h)?;
    Ok((n, hex::encode(h.finalize())))
}

/// Writes `bytes` to `path` whole or not at all ([`store::key::write_atomic`]).
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    store::key::write_atomic(path, bytes).map_err(|e| io("cannot write", path, e))
}

/// Flushes a folder's entries (a rename or removal in it) to disk; best effort.
fn sync_dir(dir: &Path) {
    let _ = std::fs::File::open(dir).and_then(|f| f.sync_all());
}

fn read_manifest(dir: &Path) -> Result<BackupManifest> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        ApiError::invalid(format!(
            "{} is not a Disclose backup (no readable {MANIFEST}: {e})",
            dir.display()
        ))
    })?;
    let m: BackupManifest = serde_json::from_str(&text).map_err(|e| {
        ApiError::invalid(format!("{}: not a backup manifest ({e})", path.display()))
    })?;
    if m.format != FORMAT {
        return Err(ApiError::invalid(format!(
            "{}: a backup of format {:?}, this build reads {FORMAT:?}",
            path.display(),
            m.format
        )));
    }
    Ok(m)
}

/// The file of a backup that holds an original.
fn file_of(sha256: &str, location: &Location) -> PathBuf {
    match location {
        Location::Loose => Path::new(&sha256[..2]).join(sha256),
        Location::Packed { pack, .. } => Path::new("packs").join(pack),
    }
}

/// A folder name for an instant (`2026-12-05T10:00:00.123456Z` → `20261205T100000123456Z`).
fn stamp(at: &str) -> String {
    at.chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

/// Holds a backup folder for one backup at a time.
struct FolderLock(PathBuf);

impl FolderLock {
    fn take(dir: &Path) -> Result<FolderLock> {
        let path = dir.join(".backup.lock");
        for _ in 0..2 {
            match store::key::write_private_new(&path, std::process::id().to_string().as_bytes()) {
                Ok(()) => return Ok(FolderLock(path)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(&path)
                        .ok()
                        .and_then(|s| s.trim().parse::<u32>().ok());
                    if holder.is_some_and(store::process_alive) {
                        return Err(ApiError::conflict(format!(
                            "another backup into {} is running (process {})",
                            dir.display(),
                            holder.unwrap_or_default()
                        )));
                    }
                    // Left by a backup that stopped: take it over.
                    let _ = std::fs::remove_file(&path);
                }
                Err(e) => return Err(io("cannot write", &path, e)),
            }
        }
        Err(ApiError::conflict(format!(
            "cannot take {}: another backup keeps taking it",
            path.display()
        )))
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

impl Office {
    /// Backs the office up into `folder` (supervisors) while others keep working: the
    /// database as of one instant, the originals it refers to (only those not already in the
    /// folder), the office key and a manifest. See the module's documentation.
    pub async fn backup(
        &self,
        actor: &Actor,
        folder: &Path,
        progress: &(dyn Fn(BackupProgress) + Sync),
    ) -> Result<BackupReport> {
        let user = {
            let mut tx = self.store.read().await?;
            self.authorize(&mut tx, actor, Action::Backup).await?
        };
        if self.store.backend() != store::Backend::Sqlite {
            return Err(ApiError::conflict(
                "a team office's database is the server's to back up: pg_dump with the shared \
                 originals folder (docs/backup.md)",
            ));
        }
        let folder = std::path::absolute(folder).map_err(|e| io("cannot use", folder, e))?;
        let data = self.store.dir();
        if folder.starts_with(data) || data.starts_with(&folder) {
            return Err(ApiError::invalid(format!(
                "back up to a folder outside the data folder {} (and not holding it)",
                data.display()
            )));
        }
        std::fs::create_dir_all(&folder).map_err(|e| io("cannot create", &folder, e))?;
        store::keep_private(&folder);
        let earlier = match folder.join(MANIFEST).exists() {
            true => Some(read_manifest(&folder)?),
            false => {
                // A first backup that stopped before its manifest left only its own files:
                // it is taken again, over them (originals already copied whole are kept).
                let ours = |name: &str| {
                    matches!(name, ".backup.lock" | "databases" | "originals" | "history")
                        || name.starts_with(store::key::KEY_FILE)
                        || name.starts_with(store::vault::VAULT_FILE)
                        || name.starts_with("vault.partial-")
                        || name.starts_with("backup.partial-")
                };
                let mut entries = std::fs::read_dir(&folder)
                    .map_err(|e| io("cannot read", &folder, e))?
                    .filter_map(|e| e.ok())
                    .filter(|e| !ours(&e.file_name().to_string_lossy()));
                if entries.next().is_some() {
                    return Err(ApiError::invalid(format!(
                        "{} is neither empty nor a Disclose backup: choose an empty folder",
                        folder.display()
                    )));
                }
                None
            }
        };
        let key_id = self.store.key().id();
        if let Some(m) = &earlier
            && m.office_key_id != key_id
        {
            return Err(ApiError::invalid(format!(
                "{} holds a backup of another office (key {}); this office's key is {key_id}",
                folder.display(),
                m.office_key_id
            )));
        }
        let _lock = FolderLock::take(&folder)?;
        let taken_at = self.now();

        // The database as of one instant.
        progress(BackupProgress {
            step: "database".into(),
            done: 0,
            total: 1,
        });
        let databases = folder.join("databases");
        std::fs::create_dir_all(&databases).map_err(|e| io("cannot create", &databases, e))?;
        let db_rel = format!("databases/{}.db", stamp(&taken_at));
        let db_tmp = folder.join(format!("{db_rel}.partial"));
        // Database copies a stopped backup left half-written.
        for e in std::fs::read_dir(&databases)
            .into_iter()
            .flatten()
            .flatten()
        {
            if e.file_name().to_string_lossy().ends_with(".partial") {
                let _ = std::fs::remove_file(e.path());
            }
        }
        self.store.snapshot_into(&db_tmp).await?;
        // Opened for writing: Windows flushes no file through a read-only handle.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&db_tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| io("cannot flush", &db_tmp, e))?;
        store::fault::point("backup.database-copied");
        let facts = store::backup::snapshot_facts(&db_tmp, self.store.data_key()).await?;
        progress(BackupProgress {
            step: "database".into(),
            done: 1,
            total: 1,
        });

        // The originals it refers to: only the files not there already.
        progress(BackupProgress {
            step: "originals".into(),
            done: 0,
            total: facts.originals.len() as u64,
        });
        let mut target = Originals::open(folder.join("originals"))?;
        if let Some(k) = self.store.data_key() {
            target = target.sealed_with(k.originals_seal());
        }
        let copied = self.store.originals().copy_new_into(&target)?;
        target.sync()?;
        let copied_files: std::collections::HashSet<&Path> =
            copied.paths.iter().map(PathBuf::as_path).collect();
        let to_check: Vec<&(String, u64, Location)> = facts
            .originals
            .iter()
            .filter(|(sha, _, loc)| {
                earlier.is_none() || copied_files.contains(file_of(sha, loc).as_path())
            })
            .collect();
        let mut damaged = vec![];
        for (i, (sha, _, loc)) in to_check.iter().enumerate() {
            if !target.verify(sha, loc).unwrap_or(false) {
                damaged.push(sha.clone());
            }
            if i % 256 == 0 || i + 1 == to_check.len() {
                progress(BackupProgress {
                    step: "checking originals".into(),
                    done: i as u64 + 1,
                    total: to_check.len() as u64,
                });
            }
        }
        // An original damaged in the copy but whole in the office is a failed copy: stop.
        // One damaged in the office too is recorded and reported, and the backup goes on.
        for sha in &damaged {
            let loc = &facts
                .originals
                .iter()
                .find(|(s, _, _)| s == sha)
                .expect("from the list")
                .2;
            if self.store.originals().verify(sha, loc).unwrap_or(false) {
                return Err(ApiError::internal(format!(
                    "original {sha} did not copy whole into {}: try again",
                    folder.display()
                )));
            }
        }

        // The key, the database in place, then the manifest: until it is written the
        // previous backup's manifest and database stand.
        let key_src = data.join(store::key::KEY_FILE);
        let key_bytes = std::fs::read(&key_src).map_err(|e| io("cannot read", &key_src, e))?;
        let key_path = folder.join(store::key::KEY_FILE);
        if std::fs::read(&key_path).ok().as_deref() != Some(key_bytes.as_slice()) {
            write_atomic(&key_path, &key_bytes)?;
        }
        let vault = match self.store.data_key() {
            None => None,
            Some(_) => {
                let src = data.join(store::vault::VAULT_FILE);
                let bytes = std::fs::read(&src).map_err(|e| io("cannot read", &src, e))?;
                let path = folder.join(store::vault::VAULT_FILE);
                if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
                    write_atomic(&path, &bytes)?;
                }
                Some(FileEntry {
                    file: store::vault::VAULT_FILE.into(),
                    size: bytes.len() as u64,
                    sha256: hex::encode(Sha256::digest(&bytes)),
                })
            }
        };
        let db_path = folder.join(&db_rel);
        std::fs::rename(&db_tmp, &db_path).map_err(|e| io("cannot write", &db_path, e))?;
        let (db_size, db_sha) =
            sha256_file(&db_path).map_err(|e| io("cannot read", &db_path, e))?;
        let (audit_seq, audit_head) = facts.audit_head.clone().unwrap_or((0, String::new()));
        let manifest = BackupManifest {
            format: FORMAT.into(),
            taken_at: taken_at.clone(),
            taken_by: user.name.clone(),
            office_key_id: key_id.clone(),
            schema_version: facts.schema_version,
            audit_seq,
            audit_head,
            database: FileEntry {
                file: db_rel.clone(),
                size: db_size,
                sha256: db_sha,
            },
            key: FileEntry {
                file: store::key::KEY_FILE.into(),
                size: key_bytes.len() as u64,
                sha256: hex::encode(Sha256::digest(&key_bytes)),
            },
            vault,
            originals: facts.originals.len() as u64,
            original_bytes: facts.originals.iter().map(|o| o.1).sum(),
            requests: facts.requests,
            records: facts.records,
            files_copied: copied.paths.len() as u64 + 1,
            bytes_copied: copied.bytes + db_size,
            damaged: damaged.clone(),
        };
        let text = serde_json::to_string_pretty(&manifest).expect("a manifest serialises");
        let history = folder.join("history");
        std::fs::create_dir_all(&history).map_err(|e| io("cannot create", &history, e))?;
        write_atomic(
            &history.join(format!("{}.json", stamp(&taken_at))),
            text.as_bytes(),
        )?;
        write_atomic(&folder.join(MANIFEST), text.as_bytes())?;
        store::fault::point("backup.manifest-written");
        // The previous database copy is no longer named by the manifest.
        if let Some(m) = &earlier
            && m.database.file != db_rel
        {
            let _ = std::fs::remove_file(folder.join(&m.database.file));
        }

        let report = BackupReport {
            folder: folder.display().to_string(),
            taken_at: taken_at.clone(),
            incremental: earlier.is_some(),
            requests: facts.requests,
            records: facts.records,
            originals: manifest.originals,
            files_copied: manifest.files_copied,
            bytes_copied: manifest.bytes_copied,
            originals_checked: to_check.len() as u64,
            audit_seq,
            damaged,
        };
        let last = LastBackup {
            at: taken_at,
            folder: report.folder.clone(),
            by: user.name.clone(),
        };
        let mut tx = self.store.write().await?;
        tx.set_setting(
            LAST_BACKUP_KEY,
            &serde_json::to_string(&last).expect("serialises"),
        )
        .await?;
        tx.append_audit(
            &self.now(),
            actor.name(),
            AuditAction::OfficeBackup,
            "office",
            json!({
                "folder": report.folder,
                "taken_at": report.taken_at,
                "incremental": report.incremental,
                "audit_seq": report.audit_seq,
                "files_copied": report.files_copied,
                "bytes_copied": report.bytes_copied,
                "damaged": report.damaged,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(report)
    }
}

/// Checks a backup folder against its manifest without changing it: the database copy's and
/// key's hashes, the database opens and its audit chain verifies under the key, and every
/// original it refers to is there with bytes matching its hash.
pub async fn verify_backup(
    folder: &Path,
    credentials: Option<&crate::Credentials>,
    progress: &(dyn Fn(BackupProgress) + Sync),
) -> Result<BackupCheck> {
    let m = read_manifest(folder)?;
    // An encrypted office's backup: its vault opens its database copy.
    let data_key = match &m.vault {
        Some(_) => crate::encryption::unlock_folder(folder, credentials).await?,
        None => None,
    };
    let mut problems: Vec<String> = vec![];
    let mut check = BackupCheck {
        ok: false,
        taken_at: m.taken_at.clone(),
        originals_checked: 0,
        audit_events: 0,
        problems: vec![],
        more_problems: 0,
    };
    let finish = |mut check: BackupCheck, problems: Vec<String>| {
        check.ok = problems.is_empty();
        check.more_problems = problems.len().saturating_sub(50) as u64;
        check.problems = problems.into_iter().take(50).collect();
        Ok(check)
    };
    let mut files = vec![("the database copy", &m.database), ("the key", &m.key)];
    if let Some(vault) = &m.vault {
        files.push(("the vault", vault));
    }
    for (what, entry) in files {
        let path = folder.join(&entry.file);
        match sha256_file(&path) {
            Ok((size, sha)) if size == entry.size && sha == entry.sha256 => {}
            Ok(_) => problems.push(format!(
                "{what} ({}) is not the file the manifest names: changed since the backup",
                entry.file
            )),
            Err(e) => problems.push(format!("{what} ({}) cannot be read: {e}", entry.file)),
        }
    }
    if !problems.is_empty() {
        return finish(check, problems);
    }
    let key = store::key::read_key(&folder.join(&m.key.file))?;
    if key.id() != m.office_key_id {
        problems.push(format!(
            "the key is {}, the manifest names {}",
            key.id(),
            m.office_key_id
        ));
        return finish(check, problems);
    }
    let db = folder.join(&m.database.file);
    let facts = store::backup::snapshot_facts(&db, data_key.as_ref()).await?;
    let head = facts.audit_head.clone().unwrap_or((0, String::new()));
    if head != (m.audit_seq, m.audit_head.clone()) || facts.key_id.as_deref() != Some(&key.id()) {
        problems.push(
            "the database copy does not end at the audit event the manifest names".to_string(),
        );
    }

    // The audit chain, under the key, in a scratch office made from the copy.
    progress(BackupProgress {
        step: "audit".into(),
        done: 0,
        total: m.audit_seq.max(0) as u64,
    });
    let scratch = folder.join(format!("tmp/verify-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let audit = async {
        std::fs::create_dir_all(&scratch).map_err(|e| io("cannot create", &scratch, e))?;
        std::fs::copy(&db, scratch.join(store::DB_FILE)).map_err(|e| io("cannot copy", &db, e))?;
        std::fs::copy(folder.join(&m.key.file), scratch.join(store::key::KEY_FILE))
            .map_err(|e| io("cannot copy", &db, e))?;
        let mut config = crate::Config::new(&scratch);
        if let Some(vault) = &m.vault {
            let to = scratch.join(store::vault::VAULT_FILE);
            std::fs::copy(folder.join(&vault.file), &to).map_err(|e| io("cannot copy", &to, e))?;
            config.overrides.data_key = data_key.clone();
        }
        let office = Office::open(config).await?;
        let report = office.verify_chain().await;
        office.store.close().await;
        report
    }
    .await;
    let _ = std::fs::remove_dir_all(&scratch);
    let _ = std::fs::remove_dir(folder.join("tmp"));
    let audit = audit?;
    check.audit_events = audit.events;
    if let Some(b) = &audit.first_break {
        problems.push(format!(
            "the audit chain breaks at event {}: {}",
            b.seq, b.reason
        ));
    }

    // Every original.
    let mut originals = Originals::open(folder.join("originals"))?;
    if let Some(k) = &data_key {
        originals = originals.sealed_with(k.originals_seal());
    }
    let total = facts.originals.len() as u64;
    for (i, (sha, _, loc)) in facts.originals.iter().enumerate() {
        let ok = originals.verify(sha, loc);
        match ok {
            Ok(true) => {}
            Ok(false) => problems.push(format!(
                "original {sha} ({}) does not match its hash",
                file_of(sha, loc).display()
            )),
            Err(e) => problems.push(format!(
                "original {sha} ({}) cannot be read: {e}",
                file_of(sha, loc).display()
            )),
        }
        if i % 256 == 0 || i as u64 + 1 == total {
            progress(BackupProgress {
                step: "checking originals".into(),
                done: i as u64 + 1,
                total,
            });
        }
    }
    check.originals_checked = total;
    finish(check, problems)
}

/// Restores a backup into `to`, an empty or new folder: copies the database, the key and
/// the originals, then opens the office there and verifies its audit chain and every
/// original's hash, and builds the search index, before it says done. When anything fails
/// the folder is emptied again.
pub async fn restore(
    folder: &Path,
    to: &Path,
    credentials: Option<&crate::Credentials>,
    progress: &(dyn Fn(BackupProgress) + Sync),
) -> Result<RestoreReport> {
    let m = read_manifest(folder)?;
    // A restore killed part way is started again from nothing.
    if to.join(RESTORING).exists() {
        std::fs::remove_dir_all(to).map_err(|e| io("cannot clear", to, e))?;
    }
    if to.exists() {
        let mut entries = std::fs::read_dir(to).map_err(|e| io("cannot read", to, e))?;
        if entries.next().is_some() {
            return Err(ApiError::invalid(format!(
                "{} is not empty: restore into a new or empty folder",
                to.display()
            )));
        }
    }
    let check = verify_backup(folder, credentials, progress).await?;
    let data_key = match &m.vault {
        Some(_) => crate::encryption::unlock_folder(folder, credentials).await?,
        None => None,
    };
    if !check.ok {
        return Err(ApiError::invalid(format!(
            "the backup in {} does not verify, nothing restored: {}",
            folder.display(),
            check.problems.first().map_or("", String::as_str)
        )));
    }
    let restored = async {
        std::fs::create_dir_all(to).map_err(|e| io("cannot create", to, e))?;
        store::keep_private(to);
        let mark = to.join(RESTORING);
        write_atomic(&mark, b"A restore into this folder has not finished.\n")?;
        let db = to.join(store::DB_FILE);
        std::fs::copy(folder.join(&m.database.file), &db)
            .map_err(|e| io("cannot write", &db, e))?;
        // Opened for writing: Windows flushes no file through a read-only handle.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&db)
            .and_then(|f| f.sync_all())
            .map_err(|e| io("cannot flush", &db, e))?;
        store::fault::point("restore.database-copied");
        let key =
            std::fs::read(folder.join(&m.key.file)).map_err(|e| io("cannot read", folder, e))?;
        store::key::write_private_new(&to.join(store::key::KEY_FILE), &key)
            .map_err(|e| io("cannot write", to, e))?;
        let mut config = crate::Config::new(to);
        if let Some(vault) = &m.vault {
            let bytes = std::fs::read(folder.join(&vault.file))
                .map_err(|e| io("cannot read", folder, e))?;
            store::key::write_private_new(&to.join(store::vault::VAULT_FILE), &bytes)
                .map_err(|e| io("cannot write", to, e))?;
            config.overrides.data_key = data_key.clone();
        }
        // The workstation has seen the chain up to the backup's newest event.
        if m.audit_seq > 0 {
            store::key::record_head(to, m.audit_seq, &m.audit_head);
        }
        progress(BackupProgress {
            step: "originals".into(),
            done: 0,
            total: m.originals,
        });
        let from = Originals::open(folder.join("originals"))?;
        let office = Office::open_unchecked(config).await?;
        from.copy_new_into(office.store.originals())?;
        office.store.originals().sync()?;
        let result = office.check_restored(folder, &m, progress).await;
        office.store.close().await;
        let report = result?;
        store::fault::point("restore.checked");
        std::fs::remove_file(&mark).map_err(|e| io("cannot remove", &mark, e))?;
        sync_dir(to);
        Ok(report)
    }
    .await;
    if restored.is_err() {
        let _ = std::fs::remove_dir_all(to);
    }
    restored
}

impl Office {
    /// After a restore: the chain verifies, every original is whole, the index is built;
    /// the restore is the restored office's newest event.
    async fn check_restored(
        &self,
        folder: &Path,
        m: &BackupManifest,
        progress: &(dyn Fn(BackupProgress) + Sync),
    ) -> Result<RestoreReport> {
        let audit = self.verify_chain().await?;
        if let Some(b) = audit.first_break {
            return Err(ApiError::internal(format!(
                "the restored audit chain breaks at event {}: {}",
                b.seq, b.reason
            )));
        }
        let originals = {
            let mut tx = self.store.read().await?;
            tx.all_originals().await?
        };
        let total = originals.len() as u64;
        for (i, (sha, loc)) in originals.iter().enumerate() {
            if !self.store.originals().verify(sha, loc).unwrap_or(false) {
                return Err(ApiError::internal(format!(
                    "original {sha} was not restored whole"
                )));
            }
            if i % 256 == 0 || i as u64 + 1 == total {
                progress(BackupProgress {
                    step: "checking originals".into(),
                    done: i as u64 + 1,
                    total,
                });
            }
        }
        progress(BackupProgress {
            step: "index".into(),
            done: 0,
            total: m.records.max(0) as u64,
        });
        let idx = self.index().await?;
        let indexed = self.sync_index(&idx).await?;
        let mut tx = self.store.write().await?;
        tx.append_audit(
            &self.now(),
            "restore",
            AuditAction::OfficeRestore,
            "office",
            json!({
                "from": folder.display().to_string(),
                "taken_at": m.taken_at,
                "audit_seq": m.audit_seq,
                "originals": total,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(RestoreReport {
            data_dir: self.store.dir().display().to_string(),
            taken_at: m.taken_at.clone(),
            requests: m.requests,
            records: m.records,
            originals_checked: total,
            audit_events: audit.events,
            indexed,
        })
    }
}
