//! The office key and the audit heads: what protects the office's history from someone who
//! can write the database but not the workstation's own files.
//!
//! - `office.key` (in the data directory, readable by its owner only) holds the secret that
//!   keys the audit chain and the release hashes ([`model::audit::OfficeKey`]). A new office
//!   makes it; an office older than keyed chains gets one on first opening (its older events
//!   keep their plain hashes). The database names the key it was keyed with (the setting
//!   `office_key_id`), so a workstation holding another office's key, or none, is refused
//!   instead of writing events no one can verify. In team mode each workstation holds a copy
//!   (given to `join`).
//! - `audit.head` records the newest event this workstation wrote or verified: the chain
//!   found shorter than that, or with another event there, was cut or rewritten — what no
//!   key can show by itself.

use crate::{Error, Result};
use model::audit::OfficeKey;
use std::io::Write;
use std::path::Path;

/// The key file inside a data directory.
pub const KEY_FILE: &str = "office.key";
/// The newest audit event this workstation has seen.
pub const HEAD_FILE: &str = "audit.head";
/// The setting naming the key the office's chain is keyed with.
pub(crate) const KEY_ID_SETTING: &str = "office_key_id";

fn data_dir_error(path: &Path, reason: impl std::fmt::Display) -> Error {
    Error::DataDir {
        path: path.display().to_string(),
        reason: reason.to_string(),
    }
}

/// Reads a key file (`key = <64 hex>`, `keyed_from = <n>`).
pub fn read_key(path: &Path) -> Result<OfficeKey> {
    let text = std::fs::read_to_string(path).map_err(|e| data_dir_error(path, e))?;
    let mut secret = None;
    let mut keyed_from = 1;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = || data_dir_error(path, "not an office key file");
        let (k, v) = line.split_once('=').ok_or_else(bad)?;
        match k.trim() {
            "key" => {
                let bytes = hex::decode(v.trim()).map_err(|_| bad())?;
                secret = Some(<[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| bad())?);
            }
            "keyed_from" => keyed_from = v.trim().parse().map_err(|_| bad())?,
            _ => return Err(bad()),
        }
    }
    let secret = secret.ok_or_else(|| data_dir_error(path, "not an office key file"))?;
    Ok(OfficeKey::new(secret, keyed_from))
}

/// Writes a file readable and writable by its owner only, replacing none: `create_new`.
pub fn write_private_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    let mut f = o.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Writes `bytes` to `path` through a temporary name, flushed, then renamed, and the folder
/// flushed: a crash leaves the old file or the new one. The file is private to its owner.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("partial-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    write_private_new(&tmp, bytes)?;
    std::fs::rename(&tmp, path)?;
    if let Some(parent) = path.parent() {
        let _ = std::fs::File::open(parent).and_then(|f| f.sync_all());
    }
    Ok(())
}

fn key_text(key: &OfficeKey) -> String {
    format!(
        "# Disclose office key {id}. Keep it secret and back it up with the office:\n\
         # without it the audit log cannot be verified or continued.\n\
         key = {secret}\nkeyed_from = {from}\n",
        id = key.id(),
        secret = hex::encode(key.secret()),
        from = key.keyed_from()
    )
}

/// Makes a new key, first used for event `keyed_from`, and writes it to `path`.
pub(crate) fn create_key(path: &Path, keyed_from: i64) -> Result<OfficeKey> {
    let mut secret = [0u8; 32];
    getrandom::getrandom(&mut secret)
        .map_err(|e| data_dir_error(path, format!("no randomness for a key: {e}")))?;
    let key = OfficeKey::new(secret, keyed_from);
    write_private_new(path, key_text(&key).as_bytes()).map_err(|e| data_dir_error(path, e))?;
    Ok(key)
}

/// Puts a copy of an office's key file into a data directory (a workstation joining a team
/// office): refused when it holds another key already.
pub fn install_key(dir: &Path, from: &Path) -> Result<OfficeKey> {
    let key = read_key(from)?;
    let to = dir.join(KEY_FILE);
    if to.exists() {
        let have = read_key(&to)?;
        if have.id() == key.id() {
            return Ok(have);
        }
        return Err(data_dir_error(
            &to,
            format!("holds another office's key ({}) already", have.id()),
        ));
    }
    write_private_new(&to, key_text(&key).as_bytes()).map_err(|e| data_dir_error(&to, e))?;
    Ok(key)
}

/// The newest event a workstation has seen: `(seq, hash)`.
pub fn read_head(dir: &Path) -> Option<(i64, String)> {
    let text = std::fs::read_to_string(dir.join(HEAD_FILE)).ok()?;
    let (seq, hash) = text.trim().split_once(' ')?;
    Some((seq.parse().ok()?, hash.to_string()))
}

/// Records `(seq, hash)` as the newest event seen, unless a newer one is recorded already.
/// Written to a temporary file and renamed, so a crash leaves the old head or the new one.
pub fn record_head(dir: &Path, seq: i64, hash: &str) {
    if read_head(dir).is_some_and(|(s, _)| s >= seq) {
        return;
    }
    let tmp = dir.join(format!("{HEAD_FILE}.{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    if write_private_new(&tmp, format!("{seq} {hash}\n").as_bytes()).is_ok() {
        let _ = std::fs::rename(&tmp, dir.join(HEAD_FILE));
    }
}
