//! The vault of an encrypted office: the random **data key** that encrypts its database,
//! wrapped once per user by a key derived from their password (a *slot*) and once by a
//! recovery key shown when the office was made. Adding a user or changing a password wraps
//! the same data key again in one slot: no data is re-encrypted.
//!
//! `vault.json` sits in the data folder beside the database. It holds, per slot, the user's
//! name, an Argon2id salt, a nonce and the data key sealed with ChaCha20-Poly1305 (the
//! slot's owner is part of the authenticated data, so a slot cannot be moved to another
//! name). Without a password or the recovery key, the file and the database reveal nothing
//! but their sizes; with them, Argon2id makes each guess cost what a sign-in costs.

use crate::{Error, Result};
use argon2::{Algorithm, Argon2, Params, Version};
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, Nonce, UnboundKey};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The vault's file in the data folder; an office is encrypted exactly when it has one.
pub const VAULT_FILE: &str = "vault.json";
const FORMAT: u32 = 1;
/// The slot name under which the recovery key wraps the data key.
const RECOVERY: &str = "";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 12;
/// Bytes of randomness in a recovery key (160 bits; 32 characters of base32).
const RECOVERY_LEN: usize = 20;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The key that encrypts an encrypted office's database. Zeroed when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct DataKey(Zeroizing<[u8; 32]>);

impl DataKey {
    fn random() -> Result<DataKey> {
        let mut k = Zeroizing::new([0u8; 32]);
        random(&mut *k)?;
        Ok(DataKey(k))
    }

    /// The keys that seal the office's originals: derived from the data key (HMAC-SHA-256
    /// with a label each), so one key opens everything and no second secret is kept.
    pub fn originals_seal(&self) -> seal::Seal {
        seal::Seal::new(
            seal::derive(&self.0[..], b"disclose originals content 1"),
            seal::derive(&self.0[..], b"disclose originals names 1"),
        )
    }

    /// The keys that seal the office's search index.
    pub fn index_seal(&self) -> seal::Seal {
        seal::Seal::new(
            seal::derive(&self.0[..], b"disclose index content 1"),
            seal::derive(&self.0[..], b"disclose index names 1"),
        )
    }

    /// The keys that seal the pre-flight's cache (rendered pages, verdicts).
    pub fn cache_seal(&self) -> seal::Seal {
        seal::Seal::new(
            seal::derive(&self.0[..], b"disclose cache content 1"),
            seal::derive(&self.0[..], b"disclose cache names 1"),
        )
    }

    /// SQLCipher's raw-key form (`x'…'`): the key is used as it is, without SQLCipher's own
    /// key derivation (ours is Argon2id, once, at unlock).
    pub(crate) fn sqlcipher_pragma(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", hex::encode(*self.0)))
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

/// How the Argon2id key of a slot is derived (kept in the file, so stronger settings later
/// still open older slots).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
struct Kdf {
    /// Memory, KiB.
    m: u32,
    /// Passes.
    t: u32,
    /// Lanes.
    p: u32,
}

/// Argon2id's recommended minimum (19 MiB, 2 passes, 1 lane), as for sign-in's hashes.
const KDF: Kdf = Kdf {
    m: 19 * 1024,
    t: 2,
    p: 1,
};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Slot {
    /// The user whose password opens it; "" for the recovery key.
    user: String,
    kdf: Kdf,
    salt: String,
    nonce: String,
    /// The data key and its tag, sealed.
    sealed: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct VaultFile {
    format: u32,
    cipher: String,
    slots: Vec<Slot>,
}

/// An encrypted office's `vault.json`, read.
#[derive(Debug)]
pub struct Vault {
    path: PathBuf,
    file: VaultFile,
}

fn random(buf: &mut [u8]) -> Result<()> {
    getrandom::getrandom(buf).map_err(|e| Error::Corrupt(format!("no randomness: {e}")))
}

fn vault_error(path: &Path, reason: impl std::fmt::Display) -> Error {
    Error::DataDir {
        path: path.display().to_string(),
        reason: reason.to_string(),
    }
}

/// The key that wraps a slot: Argon2id of the secret, salted.
fn wrapping_key(secret: &str, salt: &[u8], kdf: Kdf) -> Result<Zeroizing<[u8; 32]>> {
    let params = Params::new(kdf.m, kdf.t, kdf.p, Some(32))
        .map_err(|e| Error::Corrupt(format!("the vault's key settings: {e}")))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(secret.as_bytes(), salt, &mut *out)
        .map_err(|e| Error::Corrupt(format!("deriving a vault key: {e}")))?;
    Ok(out)
}

fn aead(key: &[u8; 32]) -> LessSafeKey {
    LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, key).expect("a 32-byte key"))
}

fn aad(user: &str) -> Aad<Vec<u8>> {
    Aad::from(format!("disclose vault {FORMAT} slot {user}").into_bytes())
}

impl Slot {
    fn seal(user: &str, secret: &str, key: &DataKey) -> Result<Slot> {
        let mut salt = [0u8; SALT_LEN];
        let mut nonce = [0u8; NONCE_LEN];
        random(&mut salt)?;
        random(&mut nonce)?;
        let wrap = wrapping_key(secret, &salt, KDF)?;
        let mut sealed = key.0.to_vec();
        aead(&wrap)
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), aad(user), &mut sealed)
            .map_err(|_| Error::Corrupt("sealing a vault slot".into()))?;
        Ok(Slot {
            user: user.to_string(),
            kdf: KDF,
            salt: hex::encode(salt),
            nonce: hex::encode(nonce),
            sealed: hex::encode(sealed),
        })
    }

    /// The data key, when `secret` opens this slot.
    fn open(&self, secret: &str) -> Result<Option<DataKey>> {
        let bad = || Error::Corrupt(format!("the vault's slot for '{}' is damaged", self.user));
        let salt = hex::decode(&self.salt).map_err(|_| bad())?;
        let nonce: [u8; NONCE_LEN] = hex::decode(&self.nonce)
            .ok()
            .and_then(|n| n.try_into().ok())
            .ok_or_else(bad)?;
        let mut sealed = Zeroizing::new(hex::decode(&self.sealed).map_err(|_| bad())?);
        let wrap = wrapping_key(secret, &salt, self.kdf)?;
        let Ok(plain) = aead(&wrap).open_in_place(
            Nonce::assume_unique_for_key(nonce),
            aad(&self.user),
            &mut sealed,
        ) else {
            return Ok(None);
        };
        let key: [u8; 32] = plain.try_into().map_err(|_| bad())?;
        Ok(Some(DataKey(Zeroizing::new(key))))
    }
}

/// A fresh recovery key: 160 random bits as 32 base32 characters in groups of four.
fn new_recovery_key() -> Result<Zeroizing<String>> {
    let mut bytes = Zeroizing::new([0u8; RECOVERY_LEN]);
    random(&mut *bytes)?;
    let mut bits = 0u32;
    let mut held = 0;
    let mut written = 0;
    let mut out = Zeroizing::new(String::with_capacity(40));
    for &b in bytes.iter() {
        bits = (bits << 8) | u32::from(b);
        held += 8;
        while held >= 5 {
            held -= 5;
            if written > 0 && written % 4 == 0 {
                out.push('-');
            }
            out.push(BASE32[((bits >> held) & 31) as usize] as char);
            written += 1;
        }
    }
    Ok(out)
}

/// A recovery key as typed (any case, spaces or dashes anywhere), in the form it was made:
/// `None` when it cannot be one.
fn normal_recovery_key(typed: &str) -> Option<Zeroizing<String>> {
    let chars: Zeroizing<String> = Zeroizing::new(
        typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect(),
    );
    if chars.len() != RECOVERY_LEN * 8 / 5 || !chars.bytes().all(|b| BASE32.contains(&b)) {
        return None;
    }
    let mut out = Zeroizing::new(String::with_capacity(40));
    for (i, c) in chars.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(c);
    }
    Some(out)
}

/// A vault just made: the data key, and the recovery key to show once.
pub struct NewVault {
    pub key: DataKey,
    pub recovery_key: Zeroizing<String>,
}

impl Vault {
    /// Whether the office in `dir` is encrypted.
    pub fn exists(dir: &Path) -> bool {
        dir.join(VAULT_FILE).exists()
    }

    /// Makes the vault of a new encrypted office in `dir`: a random data key, a slot for
    /// `user`'s password and one for a fresh recovery key. Refused when `dir` already holds
    /// a vault or a database (an existing office is not encrypted in place).
    pub fn create(dir: &Path, user: &str, password: &str) -> Result<NewVault> {
        let path = dir.join(VAULT_FILE);
        if path.exists() || dir.join(crate::DB_FILE).exists() {
            return Err(vault_error(
                dir,
                "it already holds an office: an office is encrypted when it is made, in an empty folder",
            ));
        }
        std::fs::create_dir_all(dir).map_err(|e| vault_error(dir, e))?;
        let key = DataKey::random()?;
        let recovery_key = new_recovery_key()?;
        let file = VaultFile {
            format: FORMAT,
            cipher: "sqlcipher-4 raw key; slots: argon2id + chacha20-poly1305".into(),
            slots: vec![
                Slot::seal(RECOVERY, &recovery_key, &key)?,
                Slot::seal(user, password, &key)?,
            ],
        };
        Vault { path, file }.save()?;
        Ok(NewVault { key, recovery_key })
    }

    /// Reads the vault of the office in `dir`; `None` when the office is not encrypted.
    pub fn load(dir: &Path) -> Result<Option<Vault>> {
        let path = dir.join(VAULT_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(vault_error(&path, e)),
        };
        let file: VaultFile = serde_json::from_str(&text)
            .map_err(|e| vault_error(&path, format!("not a Disclose vault ({e})")))?;
        if file.format != FORMAT {
            return Err(vault_error(
                &path,
                format!(
                    "a vault of format {} (this build reads {FORMAT})",
                    file.format
                ),
            ));
        }
        Ok(Some(Vault { path, file }))
    }

    /// The data key, when `password` is `user`'s (any of their slots: a password change
    /// stopped part way leaves two, and either opens).
    pub fn unlock(&self, user: &str, password: &str) -> Result<Option<DataKey>> {
        let user = user.trim();
        if user.is_empty() {
            return Ok(None);
        }
        for slot in self.file.slots.iter().filter(|s| s.user == user) {
            if let Some(key) = slot.open(password)? {
                return Ok(Some(key));
            }
        }
        Ok(None)
    }

    /// The data key, when `typed` is the office's recovery key.
    pub fn unlock_with_recovery_key(&self, typed: &str) -> Result<Option<DataKey>> {
        let Some(recovery) = normal_recovery_key(typed) else {
            return Ok(None);
        };
        for slot in self.file.slots.iter().filter(|s| s.user == RECOVERY) {
            if let Some(key) = slot.open(&recovery)? {
                return Ok(Some(key));
            }
        }
        Ok(None)
    }

    /// Adds a slot that opens with `user`'s `password`, keeping their others (see
    /// [`Vault::keep_only_newest`]); saved at once.
    pub fn add_slot(&mut self, user: &str, password: &str, key: &DataKey) -> Result<()> {
        let user = user.trim();
        if user.is_empty() {
            return Err(vault_error(&self.path, "a slot needs a user"));
        }
        self.file.slots.push(Slot::seal(user, password, key)?);
        self.save()
    }

    /// Keeps only `user`'s newest slot (after the password it holds was committed).
    pub fn keep_only_newest(&mut self, user: &str) -> Result<()> {
        let user = user.trim();
        let Some(newest) = self.file.slots.iter().rposition(|s| s.user == user) else {
            return Ok(());
        };
        let before = self.file.slots.len();
        let mut i = 0;
        self.file.slots.retain(|s| {
            let keep = s.user != user || i == newest;
            i += 1;
            keep
        });
        if self.file.slots.len() == before {
            return Ok(());
        }
        self.save()
    }

    /// Removes every slot of `user` (deactivated: their password no longer opens the data).
    pub fn remove_slots(&mut self, user: &str) -> Result<()> {
        let user = user.trim();
        let before = self.file.slots.len();
        self.file.slots.retain(|s| s.user != user);
        if self.file.slots.len() == before {
            return Ok(());
        }
        self.save()
    }

    /// The users who hold a slot, in the file's order.
    pub fn users(&self) -> Vec<String> {
        let mut users: Vec<String> = Vec::new();
        for s in &self.file.slots {
            if s.user != RECOVERY && !users.contains(&s.user) {
                users.push(s.user.clone());
            }
        }
        users
    }

    /// Written whole or not at all: a temporary file, flushed, renamed over the old one, the
    /// folder flushed.
    fn save(&self) -> Result<()> {
        let text = serde_json::to_vec_pretty(&self.file)
            .map_err(|e| vault_error(&self.path, format!("writing the vault: {e}")))?;
        crate::key::write_atomic(&self.path, &text).map_err(|e| vault_error(&self.path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(k: &DataKey) -> [u8; 32] {
        *k.0
    }

    #[test]
    fn each_slot_opens_with_its_own_secret_and_no_other() {
        let dir = tempfile::tempdir().unwrap();
        let made = Vault::create(dir.path(), "ada", "correct horse").unwrap();
        let vault = Vault::load(dir.path()).unwrap().unwrap();
        let k = vault.unlock("ada", "correct horse").unwrap().unwrap();
        assert_eq!(bytes(&k), bytes(&made.key));
        assert!(vault.unlock("ada", "correct horse!").unwrap().is_none());
        assert!(vault.unlock("bob", "correct horse").unwrap().is_none());
        assert!(vault.unlock("", "correct horse").unwrap().is_none());
        // The recovery key, however it is typed.
        let typed = made.recovery_key.to_lowercase().replace('-', " ");
        let r = vault.unlock_with_recovery_key(&typed).unwrap().unwrap();
        assert_eq!(bytes(&r), bytes(&made.key));
        assert!(
            vault
                .unlock_with_recovery_key("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
                .unwrap()
                .is_none()
        );
        assert!(vault.unlock_with_recovery_key("short").unwrap().is_none());
        // The recovery key is not a password of the recovery slot's empty name.
        assert!(vault.unlock("", &made.recovery_key).unwrap().is_none());
    }

    #[test]
    fn the_file_holds_neither_the_key_nor_a_secret() {
        let dir = tempfile::tempdir().unwrap();
        let made = Vault::create(dir.path(), "ada", "correct horse").unwrap();
        let text = std::fs::read_to_string(dir.path().join(VAULT_FILE)).unwrap();
        assert!(!text.contains(&hex::encode(bytes(&made.key))));
        assert!(!text.contains("correct horse"));
        assert!(!text.contains(made.recovery_key.as_str()));
        assert!(format!("{:?}", made.key) == "DataKey(…)");
    }

    #[test]
    fn a_slot_moved_to_another_name_does_not_open() {
        let dir = tempfile::tempdir().unwrap();
        Vault::create(dir.path(), "ada", "correct horse").unwrap();
        let path = dir.path().join(VAULT_FILE);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("\"ada\"", "\"eve\"")).unwrap();
        let vault = Vault::load(dir.path()).unwrap().unwrap();
        assert!(vault.unlock("eve", "correct horse").unwrap().is_none());
    }

    #[test]
    fn slots_are_added_pruned_and_removed_without_changing_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let made = Vault::create(dir.path(), "ada", "first password").unwrap();
        let mut vault = Vault::load(dir.path()).unwrap().unwrap();
        vault.add_slot("ada", "second password", &made.key).unwrap();
        vault.add_slot("bob", "bob's password", &made.key).unwrap();
        let vault2 = Vault::load(dir.path()).unwrap().unwrap();
        // A change stopped before its commit: both of ada's passwords open.
        assert!(vault2.unlock("ada", "first password").unwrap().is_some());
        let k = vault2.unlock("bob", "bob's password").unwrap().unwrap();
        assert_eq!(bytes(&k), bytes(&made.key));
        vault.keep_only_newest("ada").unwrap();
        let vault3 = Vault::load(dir.path()).unwrap().unwrap();
        assert!(vault3.unlock("ada", "first password").unwrap().is_none());
        assert!(vault3.unlock("ada", "second password").unwrap().is_some());
        assert_eq!(vault3.users(), ["ada", "bob"]);
        vault.remove_slots("bob").unwrap();
        let vault4 = Vault::load(dir.path()).unwrap().unwrap();
        assert!(vault4.unlock("bob", "bob's password").unwrap().is_none());
        assert!(
            vault4
                .unlock_with_recovery_key(&made.recovery_key)
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn an_office_is_encrypted_only_when_it_is_made() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(crate::DB_FILE), b"").unwrap();
        assert!(Vault::create(dir.path(), "ada", "correct horse").is_err());
        assert!(!Vault::exists(dir.path()));
    }

    #[test]
    fn recovery_keys_are_32_base32_characters_in_eight_groups() {
        let k = new_recovery_key().unwrap();
        assert_eq!(k.len(), 39, "{}", k.as_str());
        assert_eq!(k.split('-').count(), 8);
        assert!(k.split('-').all(|g| g.len() == 4));
        assert_eq!(normal_recovery_key(&k).unwrap().as_str(), k.as_str());
        assert_ne!(new_recovery_key().unwrap().as_str(), k.as_str());
    }
}
