//! An encrypted office (`disclose init --encrypt`): its database is SQLCipher's, keyed by a
//! random data key that the vault (`store::vault`) wraps once per user's password and once
//! by a recovery key shown when the office is made. Opening it needs a password or the
//! recovery key first ([`Config::unlock`]); keeping the vault in step with the users is done
//! here, inside the same write lock as the change it follows.

use crate::{ApiError, Config, ErrorCode, Office, Result};
use model::audit::AuditAction;
use serde_json::json;
use store::vault::{DataKey, Vault};

/// Runs a vault step off the async threads (Argon2id is slow on purpose).
async fn vault_task<T: Send + 'static>(
    f: impl FnOnce() -> store::Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(format!("vault worker: {e}")))?
        .map_err(ApiError::from)
}

/// What opens an encrypted office (or its backup): a user's password, or its recovery key.
#[derive(Clone)]
pub enum Credentials {
    Password { name: String, password: String },
    RecoveryKey(String),
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::Password { name, .. } => write!(f, "Password {{ name: {name:?}, .. }}"),
            Credentials::RecoveryKey(_) => f.write_str("RecoveryKey(..)"),
        }
    }
}

/// The data key of the office (or backup) in `dir` when it is encrypted, unlocked with
/// `credentials`; `None` when it is not encrypted.
pub(crate) async fn unlock_folder(
    dir: &std::path::Path,
    credentials: Option<&Credentials>,
) -> Result<Option<DataKey>> {
    if !Vault::exists(dir) {
        return Ok(None);
    }
    let mut config = Config::new(dir);
    match credentials {
        None => {
            return Err(ApiError::new(
                ErrorCode::Unauthenticated,
                format!(
                    "{} holds an encrypted office: give the name and password of one of its users, or its recovery key",
                    dir.display()
                ),
            ));
        }
        Some(Credentials::Password { name, password }) => config.unlock(name, password).await?,
        Some(Credentials::RecoveryKey(k)) => config.unlock_with_recovery_key(k).await?,
    }
    Ok(config.overrides.data_key)
}

/// A new encrypted office and the recovery key to show its maker once.
pub struct EncryptedOffice {
    pub office: Office,
    /// 32 characters in eight groups; it opens the office when every password is lost.
    pub recovery_key: String,
}

impl Config {
    /// Whether the office of this data folder is encrypted (it has a vault).
    pub fn is_encrypted(&self) -> bool {
        Vault::exists(&self.data_dir)
    }

    /// Where an encrypted office is, before it is opened (always this workstation's).
    pub fn encrypted_location(&self) -> crate::OfficeLocation {
        crate::OfficeLocation {
            backend: "sqlite".into(),
            database: self.data_dir.join(store::DB_FILE).display().to_string(),
            originals: self.data_dir.join("originals").display().to_string(),
        }
    }

    /// Unlocks an encrypted office with a user's password, refused as a sign-in is (same
    /// words, whatever was wrong). The office then opens with [`Office::open`], and the user
    /// still signs in. Nothing to do for an office that is not encrypted.
    pub async fn unlock(&mut self, name: &str, password: &str) -> Result<()> {
        let dir = self.data_dir.clone();
        let (name, password) = (name.to_string(), password.to_string());
        let key = vault_task(move || match Vault::load(&dir)? {
            Some(vault) => vault.unlock(&name, &password).map(Some),
            None => Ok(None),
        })
        .await?;
        match key {
            // Not an encrypted office.
            None => Ok(()),
            Some(None) => Err(ApiError::new(
                ErrorCode::Unauthenticated,
                crate::SIGN_IN_REFUSED,
            )),
            Some(Some(key)) => {
                self.overrides.data_key = Some(key);
                Ok(())
            }
        }
    }

    /// Unlocks an encrypted office with its recovery key (any case; spaces and dashes as one
    /// likes).
    pub async fn unlock_with_recovery_key(&mut self, recovery_key: &str) -> Result<()> {
        let dir = self.data_dir.clone();
        let typed = recovery_key.to_string();
        let key = vault_task(move || match Vault::load(&dir)? {
            Some(vault) => vault.unlock_with_recovery_key(&typed),
            None => Ok(None),
        })
        .await?;
        if !self.is_encrypted() {
            return Err(ApiError::invalid(format!(
                "{} is not an encrypted office: it has no recovery key",
                self.data_dir.display()
            )));
        }
        let key = key.ok_or_else(|| {
            ApiError::new(
                ErrorCode::Unauthenticated,
                "that is not this office's recovery key",
            )
        })?;
        self.overrides.data_key = Some(key);
        Ok(())
    }
}

/// A plain database that holds nothing yet — the window, or a command run before `init`,
/// opened the empty folder and so made one — is removed, so the encrypted one takes its
/// place. One that holds anything (a user, an audit event) is left for `Vault::create` to
/// refuse.
async fn drop_empty_database(dir: &std::path::Path) -> Result<()> {
    let db = dir.join(store::DB_FILE);
    if !db.exists() || Vault::exists(dir) {
        return Ok(());
    }
    let store = store::Store::open_with(dir, &store::Placement::default()).await?;
    let empty = {
        let mut tx = store.read().await?;
        tx.count_users().await? == 0 && tx.audit_head().await?.is_none()
    };
    store.close().await;
    if empty {
        for f in [
            db.clone(),
            dir.join("disclose.db-wal"),
            dir.join("disclose.db-shm"),
        ] {
            let mut waited = 0;
            loop {
                match std::fs::remove_file(&f) {
                    Ok(()) => break,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
                    // Windows: sqlx closes SQLite's file on its worker thread, which can
                    // outlive `close()`; until then removing it is a sharing violation.
                    Err(e) if cfg!(windows) && e.raw_os_error() == Some(32) && waited < 50 => {
                        waited += 1;
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    }
                    Err(e) => return Err(crate::backup::io("cannot remove", &f, e)),
                }
            }
        }
    }
    Ok(())
}

impl Office {
    /// Creates a new encrypted office in `config.data_dir` (an empty folder, or one without
    /// an office), as [`Office::init`] does: the vault first (its data key and recovery key,
    /// and a slot for `admin`'s password), then the database under that key. A desk office
    /// only: a team office's database is the server's to encrypt.
    pub async fn init_encrypted(
        mut config: Config,
        admin: &str,
        display_name: &str,
        password: &str,
    ) -> Result<EncryptedOffice> {
        if config.overrides.database_url.is_some()
            || store::team::placement(&config.data_dir, &config.overrides)
                .map(|p| p.database_url.is_some())
                .unwrap_or(false)
        {
            return Err(ApiError::invalid(
                "a team office cannot be encrypted here: its database is the server's to encrypt \
                 (and its originals folder the file server's)",
            ));
        }
        crate::auth::check_password(password)?;
        let name = model::UserName::parse(admin)?;
        let dir = config.data_dir.clone();
        drop_empty_database(&dir).await?;
        let (user, pw) = (name.as_str().to_string(), password.to_string());
        let made = vault_task(move || Vault::create(&dir, &user, &pw)).await?;
        config.overrides.data_key = Some(made.key.clone());
        let vault_path = config.data_dir.join(store::vault::VAULT_FILE);
        match Office::init(config, admin, display_name, password).await {
            Ok(office) => Ok(EncryptedOffice {
                office,
                recovery_key: made.recovery_key.to_string(),
            }),
            Err(e) => {
                // Nothing of an office was made: the folder is left as it was.
                let _ = std::fs::remove_file(&vault_path);
                Err(e)
            }
        }
    }

    /// Gives `name` a temporary password in an office opened with its recovery key
    /// ([`Config::unlock_with_recovery_key`]), when every password that could have done it
    /// is lost: as a supervisor's reset (they choose their own at their next sign-in; a lock
    /// is cleared), and the account is active again. Audited as done with the recovery key.
    pub async fn recover_user(&self, name: &str, temporary: &str) -> Result<()> {
        if !self.is_encrypted() {
            return Err(ApiError::invalid(
                "only an encrypted office has a recovery key: a supervisor resets passwords here",
            ));
        }
        crate::auth::check_password(temporary)?;
        let hash = crate::auth::hash_password(temporary).await?;
        let mut tx = self.store.write().await?;
        let user = tx
            .user_by_name(name.trim())
            .await?
            .ok_or_else(|| ApiError::not_found(format!("no user '{}'", name.trim())))?;
        let at = self.now();
        tx.reset_user_password(user.id, &hash, user.id, &at).await?;
        if !user.active {
            tx.set_user_active(user.id, true).await?;
        }
        tx.append_audit(
            &at,
            &user.name,
            AuditAction::UserPasswordReset,
            &format!("user/{}", user.name),
            json!({"by": "recovery key",
                   "before": {"must_change_password": user.must_change_password,
                              "locked_until": user.locked_until, "active": user.active},
                   "after": {"must_change_password": true, "active": true}}),
        )
        .await?;
        self.add_vault_slot(&user.name, temporary).await?;
        tx.commit().await?;
        self.settle_vault_slots(&user.name).await
    }

    /// Whether this office is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.store.data_key().is_some()
    }

    /// Where scratch folders go (an export's spool of what it checks, OCR's page images, a
    /// PDF's embedded files): the data directory's `tmp/` in a plain office; in an encrypted
    /// one a folder in memory ([`store::memory_folder`]), so no record's text is ever on a
    /// disk in the clear — or, on a system without one, `tmp/` again, with a warning.
    pub fn scratch_root(&self) -> std::path::PathBuf {
        let on_disk = self.store.dir().join("tmp");
        if !self.is_encrypted() {
            return on_disk;
        }
        match store::memory_folder() {
            Some(dir) => dir,
            None => {
                static WARNED: std::sync::Once = std::sync::Once::new();
                WARNED.call_once(|| {
                    eprintln!(
                        "disclose: warning: no memory file system (tmpfs) for scratch files: \
                         they go to {} while in use",
                        on_disk.display()
                    )
                });
                on_disk
            }
        }
    }

    fn data_key(&self) -> Option<DataKey> {
        self.store.data_key().cloned()
    }

    /// Wraps the data key for `user`'s new `password` (an encrypted office; nothing
    /// otherwise), keeping their older slots until [`Office::settle_vault_slots`]: called
    /// under the write lock before the commit that makes the password theirs, so a stop
    /// between the two leaves both passwords opening the vault, and the database deciding
    /// which one signs in.
    pub(crate) async fn add_vault_slot(&self, user: &str, password: &str) -> Result<()> {
        let Some(key) = self.data_key() else {
            return Ok(());
        };
        let dir = self.data_dir().to_path_buf();
        let (user, password) = (user.to_string(), password.to_string());
        vault_task(move || {
            let mut vault = Vault::load(&dir)?.ok_or(store::Error::Locked)?;
            vault.add_slot(&user, &password, &key)
        })
        .await
    }

    /// After the commit: only `user`'s newest slot opens the vault.
    pub(crate) async fn settle_vault_slots(&self, user: &str) -> Result<()> {
        self.change_vault(user, Vault::keep_only_newest).await
    }

    /// A deactivated user's password no longer opens the vault.
    pub(crate) async fn remove_vault_slots(&self, user: &str) -> Result<()> {
        self.change_vault(user, Vault::remove_slots).await
    }

    /// Changes `user`'s slots in an encrypted office's vault (nothing otherwise).
    async fn change_vault(
        &self,
        user: &str,
        change: fn(&mut Vault, &str) -> store::Result<()>,
    ) -> Result<()> {
        if !self.is_encrypted() {
            return Ok(());
        }
        let dir = self.data_dir().to_path_buf();
        let user = user.to_string();
        vault_task(move || match Vault::load(&dir)? {
            Some(mut vault) => change(&mut vault, &user),
            None => Ok(()),
        })
        .await
    }
}
