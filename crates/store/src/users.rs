use crate::error::{corrupt, exists_or};
use crate::{Result, Tx};
use model::{Role, UserId, UserName};
use sqlx::Row;

/// A user as stored, password hash included: never leaves the office crate.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: UserId,
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    pub active: bool,
    pub failed_logins: i64,
    pub locked_until: Option<String>,
    pub created_at: String,
    /// The password is one a supervisor set (a new account, a reset): the user must choose
    /// their own before doing anything else.
    pub must_change_password: bool,
    /// The supervisor who added the account (none for the office's first supervisor, or
    /// unknown).
    pub created_by: Option<UserId>,
    pub created_by_name: Option<String>,
    /// The supervisor who last set this user's password for them (at creation or a reset);
    /// the user's own changes leave it.
    pub password_set_by: Option<UserId>,
    pub password_set_by_name: Option<String>,
    /// When that was (RFC 3339).
    pub password_set_at: Option<String>,
}

fn user_from(r: sqlx::any::AnyRow) -> Result<UserRow> {
    let role: String = r.try_get("role")?;
    Ok(UserRow {
        id: UserId(r.try_get("id")?),
        name: r.try_get("name")?,
        display_name: r.try_get("display_name")?,
        role: role
            .parse()
            .map_err(|_| corrupt(format!("user role '{role}'")))?,
        password_hash: r.try_get("password_hash")?,
        active: r.try_get::<i64, _>("active")? != 0,
        failed_logins: r.try_get("failed_logins")?,
        locked_until: r.try_get("locked_until")?,
        created_at: r.try_get("created_at")?,
        must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
        created_by: r.try_get::<Option<i64>, _>("created_by")?.map(UserId),
        created_by_name: r.try_get("created_by_name")?,
        password_set_by: r.try_get::<Option<i64>, _>("password_set_by")?.map(UserId),
        password_set_by_name: r.try_get("password_set_by_name")?,
        password_set_at: r.try_get("password_set_at")?,
    })
}

/// Every column of a user, with the names of who created it and who last set its password.
const USER_SELECT: &str = "SELECT u.id, u.name, u.display_name, u.role, u.password_hash, u.active,
        u.failed_logins, u.locked_until, u.created_at, u.must_change_password,
        u.created_by, cb.name AS created_by_name,
        u.password_set_by, ps.name AS password_set_by_name, u.password_set_at
   FROM users u
   LEFT JOIN users cb ON cb.id = u.created_by
   LEFT JOIN users ps ON ps.id = u.password_set_by";

impl Tx {
    /// A new user. Added by a supervisor (`created_by`), they sign in with the password
    /// that supervisor set and must change it first; the office's first supervisor (none)
    /// chose their own.
    pub async fn insert_user(
        &mut self,
        name: &UserName,
        display_name: &str,
        role: Role,
        password_hash: &str,
        at: &str,
        created_by: Option<UserId>,
    ) -> Result<UserId> {
        let id: (i64,) = sqlx::query_as(
            "INSERT INTO users (name, display_name, role, password_hash, created_at,
                                must_change_password, created_by, password_set_by, password_set_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $5) RETURNING id",
        )
        .bind(name.as_str())
        .bind(display_name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(at)
        .bind(created_by.is_some() as i64)
        .bind(created_by.map(|u| u.0))
        .fetch_one(self.conn())
        .await
        .map_err(|e| exists_or(e, || format!("user '{name}'")))?;
        Ok(UserId(id.0))
    }

    pub async fn user_by_name(&mut self, name: &str) -> Result<Option<UserRow>> {
        let row = sqlx::query(&format!("{USER_SELECT} WHERE u.name = $1"))
            .bind(name)
            .fetch_optional(self.conn())
            .await?;
        row.map(user_from).transpose()
    }

    pub async fn users(&mut self) -> Result<Vec<UserRow>> {
        let rows = sqlx::query(&format!("{USER_SELECT} ORDER BY u.name"))
            .fetch_all(self.conn())
            .await?;
        rows.into_iter().map(user_from).collect()
    }

    pub async fn count_users(&mut self) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
            .fetch_one(self.conn())
            .await?;
        Ok(n)
    }

    /// Records the sign-in failure count and, when the account is now locked, until when.
    pub async fn set_login_failures(
        &mut self,
        id: UserId,
        failed: i64,
        locked_until: Option<&str>,
    ) -> Result<()> {
        sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3")
            .bind(failed)
            .bind(locked_until)
            .bind(id.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn set_user_active(&mut self, id: UserId, active: bool) -> Result<()> {
        sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
            .bind(active as i64)
            .bind(id.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// A password a supervisor (`by`) set for another user, at `at`: the user must change
    /// it at their next sign-in. Clears a lock.
    pub async fn reset_user_password(
        &mut self,
        id: UserId,
        password_hash: &str,
        by: UserId,
        at: &str,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = 1, password_set_by = $2,
                    password_set_at = $3, failed_logins = 0, locked_until = NULL
              WHERE id = $4",
        )
        .bind(password_hash)
        .bind(by.0)
        .bind(at)
        .bind(id.0)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// A password the user chose themselves: no longer one to change. Who set the one before
    /// (`password_set_by`) stays: they could have made this change.
    pub async fn change_own_password(&mut self, id: UserId, password_hash: &str) -> Result<()> {
        sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = 0, failed_logins = 0,
                    locked_until = NULL
              WHERE id = $2",
        )
        .bind(password_hash)
        .bind(id.0)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
