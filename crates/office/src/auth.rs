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

/// The one answer to a refused sign-in: an unknown name, a wrong password and a locked
/// account look alike, so that nobody learns from it which accounts exist.
pub const SIGN_IN_REFUSED: &str = "sign-in refused: unknown user or wrong password, or the account is locked after repeated failures (it opens again after 15 minutes, or a supervisor can unlock it)";

/// A signed-in user. Only [`Office::sign_in`] makes one; every office method re-reads the
/// user it names, so a role change or deactivation takes effect at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    id: UserId,
    name: String,
    role: Role,
    /// Signed in with a password a supervisor set: they must choose their own
    /// ([`Office::change_password`]) before the office does anything else for them.
    must_change_password: bool,
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

    /// Whether the user must choose a new password before anything else (as of sign-in;
    /// the office checks the stored user on every call).
    pub fn must_change_password(&self) -> bool {
        self.must_change_password
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

    pub(crate) fn id(&self) -> UserId {
        self.id
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
    /// Signs in with a password a supervisor set (new, or reset) and must change it.
    pub must_change_password: bool,
    /// The supervisor who added the account (none for the office's first supervisor).
    pub created_by: Option<String>,
    /// The supervisor who last set the password for them (at creation or a reset), and when.
    pub password_set_by: Option<String>,
    pub password_set_at: Option<String>,
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
            must_change_password: u.must_change_password,
            created_by: u.created_by_name,
            password_set_by: u.password_set_by_name,
            password_set_at: u.password_set_at,
        }
    }
}

pub(crate) fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(ApiError::invalid(format!(
            "a password must be at least {MIN_PASSWORD_LEN} characters"
        )));
    }
    Ok(())
}

/// Argon2id with the crate's defaults (19 MiB, 2 passes): slow on purpose, on a blocking thread.
pub(crate) async fn hash_password(password: &str) -> Result<String> {
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

fn locked_at(user: &UserRow, now: DateTime<Utc>) -> bool {
    user.locked_until
        .as_deref()
        .and_then(parse_instant)
        .is_some_and(|until| until > now)
}

/// Whether instant `a` comes after instant `b` (both as stored: RFC 3339).
fn later(a: &str, b: &str) -> bool {
    match (parse_instant(a), parse_instant(b)) {
        (Some(a), Some(b)) => a > b,
        _ => a > b,
    }
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
        tx.insert_user(&name, &display_name, Role::Supervisor, &hash, &at, None)
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

    /// Checks a name and password. Every refusal — an unknown name, a wrong password, a
    /// locked account — gives the same answer ([`SIGN_IN_REFUSED`]) after the same work; five
    /// failures in a row lock the account for 15 minutes. The password is checked before the
    /// office's write lock is taken (Argon2id is slow on purpose, and the lock is every
    /// workstation's); the user is read again under the lock before anything is written.
    /// A user who signs in with a password a supervisor set gets an [`Actor`] that may only
    /// change it ([`Actor::must_change_password`]).
    pub async fn sign_in(&self, name: &str, password: &str) -> Result<Actor> {
        let refused = || ApiError::new(ErrorCode::Unauthenticated, SIGN_IN_REFUSED);
        let name = name.trim();
        let seen = {
            let mut tx = self.store.read().await?;
            tx.user_by_name(name).await?
        };
        let Some(seen) = seen else {
            // Still spend the time of a hash check, so that a wrong name and a wrong password
            // cannot be told apart by timing.
            let _ = hash_password(password).await;
            return Err(refused());
        };
        // Checked whether or not the account is locked: a locked account takes as long.
        let matches = password_matches(password, &seen.password_hash).await?;
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        // The user as they are now: a password changed or a lock set meanwhile counts.
        let Some(user) = tx
            .user_by_name(name)
            .await?
            .filter(|u| u.id == seen.id && u.password_hash == seen.password_hash)
        else {
            return Err(refused());
        };
        if locked_at(&user, now) {
            return Err(refused());
        }
        if !matches {
            self.count_failure(&mut tx, &user, now, None).await?;
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
            must_change_password: user.must_change_password,
            seen: None,
        })
    }

    /// One more wrong password for `user` (read under the write lock), locking the account
    /// at the fifth in a row; audited.
    async fn count_failure(
        &self,
        tx: &mut Tx,
        user: &UserRow,
        now: DateTime<Utc>,
        during: Option<&str>,
    ) -> Result<()> {
        let failed = user.failed_logins + 1;
        let lock = (failed >= MAX_FAILED_SIGN_INS).then(|| {
            (now + Duration::minutes(LOCK_MINUTES))
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
        });
        // A lock that ran out starts a fresh count.
        let failed = if lock.is_some() { 0 } else { failed };
        tx.set_login_failures(user.id, failed, lock.as_deref())
            .await?;
        let mut details = json!({"failed_in_a_row": user.failed_logins + 1, "locked_until": lock});
        if let Some(during) = during {
            details["during"] = json!(during);
        }
        tx.append_audit(
            &self.now(),
            &user.name,
            if lock.is_some() {
                AuditAction::UserLocked
            } else {
                AuditAction::UserSignInFailed
            },
            &format!("user/{}", user.name),
            details,
        )
        .await?;
        Ok(())
    }

    /// Changes the signed-in user's own password: `current` must be right (a wrong one
    /// counts as a failed sign-in), `new` at least 8 characters and different. Open to a user
    /// who must change their password (the one thing that is). Returns the same user, free to
    /// work. The password is checked and hashed before the write lock is taken.
    pub async fn change_password(&self, actor: &Actor, current: &str, new: &str) -> Result<Actor> {
        check_password(new)?;
        if new == current {
            return Err(ApiError::invalid(
                "the new password must differ from the current one",
            ));
        }
        let inactive = || {
            ApiError::new(
                ErrorCode::Unauthenticated,
                format!("account '{}' is no longer active", actor.name),
            )
        };
        let seen = {
            let mut tx = self.store.read().await?;
            tx.user_by_name(actor.name())
                .await?
                .filter(|u| u.id == actor.id && u.active)
                .ok_or_else(inactive)?
        };
        let matches = password_matches(current, &seen.password_hash).await?;
        let hash = if matches {
            Some(hash_password(new).await?)
        } else {
            None
        };
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let user = tx
            .user_by_name(actor.name())
            .await?
            .filter(|u| u.id == actor.id && u.active)
            .ok_or_else(inactive)?;
        if user.password_hash != seen.password_hash {
            return Err(ApiError::conflict(
                "your password was changed or reset meanwhile: sign in again",
            ));
        }
        if locked_at(&user, now) {
            return Err(ApiError::forbidden(format!(
                "account '{}' is locked after repeated failures: wait 15 minutes or ask a supervisor to unlock it",
                user.name
            )));
        }
        let Some(hash) = hash else {
            self.count_failure(&mut tx, &user, now, Some("password change"))
                .await?;
            tx.commit().await?;
            return Err(ApiError::invalid("the current password is not right"));
        };
        tx.change_own_password(user.id, &hash).await?;
        tx.append_audit(
            &self.now(),
            actor.name(),
            AuditAction::UserPasswordChange,
            &format!("user/{}", user.name),
            json!({"before": {"must_change_password": user.must_change_password},
                   "after": {"must_change_password": false}}),
        )
        .await?;
        self.add_vault_slot(&user.name, new).await?;
        tx.commit().await?;
        self.settle_vault_slots(&user.name).await?;
        Ok(Actor {
            id: user.id,
            name: user.name,
            role: user.role,
            must_change_password: false,
            seen: None,
        })
    }

    /// Gives another user a temporary password (supervisors), which they must change at their
    /// next sign-in; clears a lock. Who set it and when are kept: the two-person rule reads
    /// them. One's own password is changed with [`Office::change_password`].
    pub async fn reset_password(
        &self,
        actor: &Actor,
        name: &str,
        temporary: &str,
    ) -> Result<UserInfo> {
        check_password(temporary)?;
        let hash = hash_password(temporary).await?;
        let mut tx = self.store.write().await?;
        let me = self.authorize(&mut tx, actor, Action::ManageUsers).await?;
        let user = tx
            .user_by_name(name.trim())
            .await?
            .ok_or_else(|| ApiError::not_found(format!("no user '{}'", name.trim())))?;
        if user.id == me.id {
            return Err(ApiError::invalid(
                "to change your own password, use change password (with your current one)",
            ));
        }
        let at = self.now();
        tx.reset_user_password(user.id, &hash, me.id, &at).await?;
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::UserPasswordReset,
            &format!("user/{}", user.name),
            json!({"before": {"must_change_password": user.must_change_password,
                              "locked_until": user.locked_until},
                   "after": {"must_change_password": true}}),
        )
        .await?;
        let user = tx
            .user_by_name(&user.name)
            .await?
            .ok_or_else(|| ApiError::internal("reset user vanished"))?;
        self.add_vault_slot(&user.name, temporary).await?;
        tx.commit().await?;
        self.settle_vault_slots(&user.name).await?;
        Ok(UserInfo::new(user, self.clock.now()))
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
        if user.must_change_password {
            return Err(ApiError::new(
                ErrorCode::PasswordChangeRequired,
                format!(
                    "change your password first: '{}' signs in with a password a supervisor set, and must choose their own before anything else",
                    user.name
                ),
            ));
        }
        if !user.role.may(action) {
            return Err(ApiError::forbidden(format!(
                "{} '{}' may not {action}",
                user.role, user.name
            )));
        }
        Ok(user)
    }

    /// The two-person rule's check of an approver (`approver`, as [`Office::authorize`] read
    /// them) for a release set submitted by `submitter` at `submitted_at`. The approver must
    /// not be the submitter, nor owe their account or their password to them — created by
    /// them, or given their password by them (a reset), directly or through accounts that
    /// owe theirs to them — nor have got either after the submission. Refused with one line.
    pub(crate) async fn check_independent_approver(
        &self,
        tx: &mut Tx,
        approver: &UserRow,
        submitter: UserId,
        submitter_name: &str,
        submitted_at: &str,
    ) -> Result<()> {
        let refuse = |why: String| {
            Err(ApiError::forbidden(format!(
                "{} may not approve {submitter_name}'s release set: {why} (two-person rule)",
                approver.name
            )))
        };
        if approver.id == submitter {
            return refuse(format!(
                "{} submitted it; another supervisor must approve it",
                approver.name
            ));
        }
        if later(&approver.created_at, submitted_at) {
            return refuse(format!(
                "{}'s account was created at {}, after it was submitted (at {submitted_at})",
                approver.name, approver.created_at
            ));
        }
        if let Some(set_at) = approver.password_set_at.as_deref()
            && later(set_at, submitted_at)
        {
            return refuse(format!(
                "{}'s password was reset{} at {set_at}, after it was submitted (at {submitted_at})",
                approver.name,
                approver
                    .password_set_by_name
                    .as_deref()
                    .map(|by| format!(" by {by}"))
                    .unwrap_or_default()
            ));
        }
        // Who the approver's account and password come from, and who theirs come from…
        let users: std::collections::HashMap<UserId, UserRow> =
            tx.users().await?.into_iter().map(|u| (u.id, u)).collect();
        // Each account reached, with how: (account, the step that reached it, the one before).
        let mut reached: Vec<(UserId, &str, usize)> = vec![(approver.id, "", 0)];
        let mut next = 0;
        while next < reached.len() {
            let (id, _, _) = reached[next];
            let Some(u) = users.get(&id) else {
                next += 1;
                continue;
            };
            for (by, how) in [
                (u.created_by, "account was created by"),
                (u.password_set_by, "password was last set by"),
            ] {
                let Some(by) = by else { continue };
                if reached.iter().any(|(r, _, _)| *r == by) {
                    continue;
                }
                reached.push((by, how, next));
                if by == submitter {
                    // The chain from the approver to the submitter, in words.
                    let mut steps = vec![];
                    let mut at = reached.len() - 1;
                    while at != 0 {
                        let (id, how, from) = reached[at];
                        let from_name = users.get(&reached[from].0).map_or("?", |u| &u.name);
                        let name = users.get(&id).map_or("?", |u| &u.name);
                        steps.push(format!("{from_name}'s {how} {name}"));
                        at = from;
                    }
                    steps.reverse();
                    return refuse(format!("{}, who submitted it", steps.join(", and ")));
                }
            }
            next += 1;
        }
        Ok(())
    }

    /// Adds a user with a password the supervisor chose for them, which they must change at
    /// their first sign-in.
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
        let me = self.authorize(&mut tx, actor, Action::ManageUsers).await?;
        let display_name = display_or_name(display_name, &name);
        let at = self.now();
        tx.insert_user(&name, &display_name, role, &hash, &at, Some(me.id))
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
        self.add_vault_slot(name.as_str(), password).await?;
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
        // An encrypted office: a deactivated user's password no longer opens its data (a
        // reactivated one gets a password again with a reset).
        if !active {
            self.remove_vault_slots(&user.name).await?;
        }
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
