//! Users, sign-in and the permission check every other method starts with.

use crate::{ApiError, ErrorCode, Office, Result};
use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use chrono::{DateTime, Duration, Utc};
use model::calendar::CALIFORNIA_RULES;
use model::{Action, AuditAction, RecordId, Role, UserId, UserName};
use serde::Serialize;
use serde_json::json;
use store::{Tx, UserRow};

/// Consecutive failed sign-ins after which an account is locked.
pub const MAX_FAILED_SIGN_INS: i64 = 5;
/// How long a locked account stays locked (a supervisor can unlock it sooner).
pub const LOCK_MINUTES: i64 = 15;
pub const MIN_PASSWORD_LEN: usize = 8;

/// A signed-in user. Only [`Office::sign_in`] makes one; every office method re-reads the
/// user it names, so a role change or deactivation takes effect at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    id: UserId,
    name: String,
    role: Role,
    /// The version of a record the user was looking at when they acted (see
    /// [`Actor::seeing`]).
    #[serde(skip)]
    seen: Option<(RecordId, i64)>,
}

impl Actor {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn role(&self) -> Role {
        self.role
    }

    /// The same user acting on what they saw: record `id` at `version` (from
    /// [`crate::RecordView::version`]). A change to that record is then refused when someone
    /// else changed it in between, naming them, instead of silently overwriting their work
    /// (what team mode needs: several people work one request at once).
    pub fn seeing(&self, id: RecordId, version: i64) -> Actor {
        Actor {
            seen: Some((id, version)),
            ..self.clone()
        }
    }

    pub(crate) fn seen(&self) -> Option<(RecordId, i64)> {
        self.seen
    }

    /// Whether the role (as of sign-in) allows an action: for showing or hiding controls.
    /// The office checks again, against the user as stored, on every call.
    pub fn may(&self, action: Action) -> bool {
        self.role.may(action)
    }
}

/// A user as others may see them: no password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UserInfo {
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    /// Locked after failed sign-ins, until `locked_until`.
    pub locked: bool,
    pub locked_until: Option<String>,
    pub created_at: String,
}

impl UserInfo {
    fn new(u: UserRow, now: DateTime<Utc>) -> Self {
        let locked = u
            .locked_until
            .as_deref()
            .and_then(parse_instant)
            .is_some_and(|t| t > now);
        UserInfo {
            name: u.name,
            display_name: u.display_name,
            role: u.role,
            active: u.active,
            locked,
            locked_until: if locked { u.locked_until } else { None },
            created_at: u.created_at,
        }
    }
}

fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(ApiError::invalid(format!(
            "a password must be at least {MIN_PASSWORD_LEN} characters"
        )));
    }
    Ok(())
}

/// Argon2id with the crate's defaults (19 MiB, 2 passes): slow on purpose, on a blocking thread.
async fn hash_password(password: &str) -> Result<String> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ApiError::internal(format!("hashing a password: {e}")))
    })
    .await
    .map_err(|e| ApiError::internal(format!("password worker: {e}")))?
}

async fn password_matches(password: &str, hash: &str) -> Result<bool> {
    let (password, hash) = (password.to_string(), hash.to_string());
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&hash)
            .map_err(|e| ApiError::internal(format!("stored password hash: {e}")))?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(|e| ApiError::internal(format!("password worker: {e}")))?
}

fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl Office {
    /// Creates the office in this (empty) data directory with its first supervisor, the
    /// exemption catalogue and the deadline rules; refused when it already has users.
    pub async fn create_office(
        &self,
        admin: &str,
        display_name: &str,
        password: &str,
    ) -> Result<()> {
        let name = UserName::parse(admin)?;
        check_password(password)?;
        let hash = hash_password(password).await?;
        let at = self.now();
        let mut tx = self.store.write().await?;
        let n = tx.count_users().await?;
        if n > 0 {
            return Err(ApiError::conflict(format!(
                "{} already holds an office ({n} users): sign in instead",
                self.data_dir().display()
            )));
        }
        let display_name = display_or_name(display_name, &name);
        tx.insert_user(&name, &display_name, Role::Supervisor, &hash, &at)
            .await?;
        let catalogue = model::exemption::seed();
        for e in &catalogue {
            tx.insert_exemption(e, &at).await?;
        }
        tx.set_setting(crate::RULES_KEY, CALIFORNIA_RULES).await?;
        tx.set_setting(crate::AGENCY_KEY, "City of Example").await?;
        tx.append_audit(
            &at,
            name.as_str(),
            AuditAction::OfficeInit,
            "office",
            json!({
                "schema": store::Store::schema_version(),
                "exemptions": catalogue.len(),
                "deadline_rules": self.calendar.rules().name,
            }),
        )
        .await?;
        tx.append_audit(
            &at,
            name.as_str(),
            AuditAction::UserAdd,
            &format!("user/{name}"),
            json!({"after": {"role": "supervisor", "display_name": display_name}}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks a name and password. Every failure looks the same to the caller except a
    /// locked account, which says until when; five failures in a row lock it for 15 minutes.
    pub async fn sign_in(&self, name: &str, password: &str) -> Result<Actor> {
        let refused = || {
            ApiError::new(
                ErrorCode::Unauthenticated,
                "sign-in refused: unknown user or wrong password",
            )
        };
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let Some(user) = tx.user_by_name(name.trim()).await? else {
            // Still spend the time of a hash check, so that a wrong name and a wrong password
            // cannot be told apart by timing.
            let _ = hash_password(password).await;
            return Err(refused());
        };
        if let Some(until) = user.locked_until.as_deref().and_then(parse_instant)
            && until > now
        {
            return Err(ApiError::new(
                ErrorCode::Unauthenticated,
                format!(
                    "account '{}' is locked after {MAX_FAILED_SIGN_INS} failed sign-ins until {} UTC; a supervisor can unlock it",
                    user.name,
                    until.format("%Y-%m-%d %H:%M")
                ),
            ));
        }
        if !password_matches(password, &user.password_hash).await? {
            let failed = user.failed_logins + 1;
            let lock = (failed >= MAX_FAILED_SIGN_INS).then(|| {
                (now + Duration::minutes(LOCK_MINUTES))
                    .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
            });
            // A lock that ran out starts a fresh count.
            let failed = if lock.is_some() { 0 } else { failed };
            tx.set_login_failures(user.id, failed, lock.as_deref())
                .await?;
            let at = self.now();
            tx.append_audit(
                &at,
                &user.name,
                if lock.is_some() {
                    AuditAction::UserLocked
                } else {
                    AuditAction::UserSignInFailed
                },
                &format!("user/{}", user.name),
                json!({"failed_in_a_row": user.failed_logins + 1, "locked_until": lock}),
            )
            .await?;
            tx.commit().await?;
            return Err(refused());
        }
        if !user.active {
            return Err(ApiError::new(
                ErrorCode::Unauthenticated,
                format!("account '{}' is deactivated", user.name),
            ));
        }
        if user.failed_logins > 0 || user.locked_until.is_some() {
            tx.set_login_failures(user.id, 0, None).await?;
            tx.commit().await?;
        }
        Ok(Actor {
            id: user.id,
            name: user.name,
            role: user.role,
            seen: None,
        })
    }

    /// Re-reads the acting user and checks that they may do `action`.
    pub(crate) async fn authorize(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        action: Action,
    ) -> Result<UserRow> {
        let user = tx
            .user_by_name(actor.name())
            .await?
            .filter(|u| u.id == actor.id && u.active)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::Unauthenticated,
                    format!("account '{}' is no longer active", actor.name),
                )
            })?;
        if !user.role.may(action) {
            return Err(ApiError::forbidden(format!(
                "{} '{}' may not {action}",
                user.role, user.name
            )));
        }
        Ok(user)
    }

    pub async fn add_user(
        &self,
        actor: &Actor,
        name: &str,
        role: Role,
        display_name: &str,
        password: &str,
    ) -> Result<UserInfo> {
        let name = UserName::parse(name)?;
        check_password(password)?;
        let hash = hash_password(password).await?;
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::ManageUsers).await?;
        let display_name = display_or_name(display_name, &name);
        let at = self.now();
        tx.insert_user(&name, &display_name, role, &hash, &at)
            .await?;
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::UserAdd,
            &format!("user/{name}"),
            json!({"after": {"role": role, "display_name": display_name}}),
        )
        .await?;
        let user = tx
            .user_by_name(name.as_str())
            .await?
            .ok_or_else(|| ApiError::internal("new user vanished"))?;
        tx.commit().await?;
        Ok(UserInfo::new(user, self.clock.now()))
    }

    /// Every user of the office (names and roles are not secret inside it: assignment needs them).
    pub async fn users(&self, actor: &Actor) -> Result<Vec<UserInfo>> {
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let now = self.clock.now();
        Ok(tx
            .users()
            .await?
            .into_iter()
            .map(|u| UserInfo::new(u, now))
            .collect())
    }

    /// Clears a lock and the failure count.
    pub async fn unlock_user(&self, actor: &Actor, name: &str) -> Result<()> {
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::ManageUsers).await?;
        let user = tx
            .user_by_name(name)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("no user '{name}'")))?;
        tx.set_login_failures(user.id, 0, None).await?;
        tx.append_audit(
            &self.now(),
            actor.name(),
            AuditAction::UserUnlock,
            &format!("user/{}", user.name),
            json!({"before": {"failed_in_a_row": user.failed_logins, "locked_until": user.locked_until}}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deactivates or reactivates an account. The last active supervisor cannot be deactivated.
    pub async fn set_user_active(&self, actor: &Actor, name: &str, active: bool) -> Result<()> {
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::ManageUsers).await?;
        let user = tx
            .user_by_name(name)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("no user '{name}'")))?;
        if !active && user.role == Role::Supervisor {
            let others = tx
                .users()
                .await?
                .iter()
                .filter(|u| u.active && u.role == Role::Supervisor && u.id != user.id)
                .count();
            if others == 0 {
                return Err(ApiError::conflict(format!(
                    "'{name}' is the last active supervisor: add another before deactivating them"
                )));
            }
        }
        tx.set_user_active(user.id, active).await?;
        tx.append_audit(
            &self.now(),
            actor.name(),
            if active {
                AuditAction::UserActivate
            } else {
                AuditAction::UserDeactivate
            },
            &format!("user/{}", user.name),
            json!({"before": {"active": user.active}, "after": {"active": active}}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn display_or_name(display_name: &str, name: &UserName) -> String {
    let d = display_name.trim();
    if d.is_empty() {
        name.to_string()
    } else {
        d.to_string()
    }
}
