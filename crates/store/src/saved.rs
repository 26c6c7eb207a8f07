//! Saved searches: a name and a query per request, shared by everyone in the office.

use crate::error::exists_or;
use crate::{Result, Tx};
use model::{RequestId, UserId};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavedSearch {
    pub name: String,
    pub query: String,
    /// Who saved it (user name).
    pub saved_by: String,
    pub saved_at: String,
}

impl Tx {
    /// Saves a search; `replace` overwrites one of the same name, else that is `Exists`.
    pub async fn save_search(
        &mut self,
        request: RequestId,
        name: &str,
        query: &str,
        by: UserId,
        at: &str,
        replace: bool,
    ) -> Result<()> {
        let sql = if replace {
            "INSERT INTO saved_searches (request_id, name, query, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (request_id, name) DO UPDATE
                SET query = excluded.query, created_by = excluded.created_by,
                    created_at = excluded.created_at"
        } else {
            "INSERT INTO saved_searches (request_id, name, query, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5)"
        };
        sqlx::query(sql)
            .bind(request.0)
            .bind(name)
            .bind(query)
            .bind(by.0)
            .bind(at)
            .execute(self.conn())
            .await
            .map_err(|e| exists_or(e, || format!("a saved search named \"{name}\"")))?;
        Ok(())
    }

    /// A request's saved searches by name.
    pub async fn saved_searches(&mut self, request: RequestId) -> Result<Vec<SavedSearch>> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT s.name, s.query, u.name, s.created_at
               FROM saved_searches s JOIN users u ON u.id = s.created_by
              WHERE s.request_id = $1 ORDER BY s.name",
        )
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(name, query, saved_by, saved_at)| SavedSearch {
                name,
                query,
                saved_by,
                saved_at,
            })
            .collect())
    }

    pub async fn saved_search(
        &mut self,
        request: RequestId,
        name: &str,
    ) -> Result<Option<SavedSearch>> {
        Ok(self
            .saved_searches(request)
            .await?
            .into_iter()
            .find(|s| s.name == name))
    }

    /// Deletes a saved search; false when there was none of that name.
    pub async fn delete_saved_search(&mut self, request: RequestId, name: &str) -> Result<bool> {
        let r = sqlx::query("DELETE FROM saved_searches WHERE request_id = $1 AND name = $2")
            .bind(request.0)
            .bind(name)
            .execute(self.conn())
            .await?;
        Ok(r.rows_affected() > 0)
    }
}
