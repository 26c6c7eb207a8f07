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
    })
}

const USER_COLS: &str =
    "id, name, display_name, role, password_hash, active, failed_logins, locked_until, created_at";

impl Tx {
    pub async fn insert_user(
        &mut self,
        name: &UserName,
        display_name: &str,
        role: Role,
        password_hash: &str,
        at: &str,
    ) -> Result<UserId> {
        let id: (i64,) = sqlx::query_as(
            "INSERT INTO users (name, display_name, role, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(name.as_str())
        .bind(display_name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(at)
        .fetch_one(self.conn())
        .await
        .map_err(|e| exists_or(e, || format!("user '{name}'")))?;
        Ok(UserId(id.0))
    }

    pub async fn user_by_name(&mut self, name: &str) -> Result<Option<UserRow>> {
        let row = sqlx::query(&format!("SELECT {USER_COLS} FROM users WHERE name = $1"))
            .bind(name)
            .fetch_optional(self.conn())
            .await?;
        row.map(user_from).transpose()
    }

    pub async fn users(&mut self) -> Result<Vec<UserRow>> {
        let rows = sqlx::query(&format!("SELECT {USER_COLS} FROM users ORDER BY name"))
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

    pub async fn set_user_password(&mut self, id: UserId, password_hash: &str) -> Result<()> {
        sqlx::query("UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL WHERE id = $2")
            .bind(password_hash)
            .bind(id.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}
