//! What the office's statistics are counted from: closings, extensions and exports, with
//! their dates (the requests themselves come from [`Tx::requests`]).

use crate::error::corrupt;
use crate::{Result, Tx};
use chrono::NaiveDate;
use model::RequestId;
use sqlx::Row;

/// A request's closing: its day (a request closed, reopened and closed again has two).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    pub request: RequestId,
    pub on: NaiveDate,
}

/// A release that went out: its first export (a re-export of the same approval is the same
/// release), with the set it released.
#[derive(Debug, Clone)]
pub struct ReleaseOut {
    pub request: RequestId,
    pub approval: i64,
    /// RFC 3339, UTC.
    pub exported_at: String,
    pub pages: u64,
    /// JSON: the frozen release set.
    pub release_set: String,
}

impl Tx {
    /// Every closing of every request, oldest first.
    pub async fn closings(&mut self) -> Result<Vec<Closing>> {
        let rows = sqlx::query(
            "SELECT request_id, on_day FROM request_states WHERE to_state = 'closed' ORDER BY id",
        )
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                let day: String = r.try_get("on_day")?;
                Ok(Closing {
                    request: RequestId(r.try_get("request_id")?),
                    on: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                        .map_err(|_| corrupt(format!("closing day '{day}'")))?,
                })
            })
            .collect()
    }

    /// When each extension was given (RFC 3339, UTC), with its request.
    pub async fn extension_times(&mut self) -> Result<Vec<(RequestId, String)>> {
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT request_id, extended_at FROM request_extensions ORDER BY id")
                .fetch_all(self.conn())
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, at)| (RequestId(id), at))
            .collect())
    }

    /// Every release that went out whose first export falls in `from..=to` (days, UTC).
    pub async fn releases_out(
        &mut self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ReleaseOut>> {
        let rows = sqlx::query(
            "SELECT e.request_id, e.approval_id, e.created_at, e.pages, a.release_set
               FROM exports e JOIN approvals a ON a.id = e.approval_id
              WHERE e.id = (SELECT MIN(x.id) FROM exports x WHERE x.approval_id = e.approval_id)
                AND substr(e.created_at, 1, 10) >= $1 AND substr(e.created_at, 1, 10) <= $2
              ORDER BY e.id",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(ReleaseOut {
                    request: RequestId(r.try_get("request_id")?),
                    approval: r.try_get("approval_id")?,
                    exported_at: r.try_get("created_at")?,
                    pages: r.try_get::<Option<i64>, _>("pages")?.unwrap_or(0) as u64,
                    release_set: r.try_get("release_set")?,
                })
            })
            .collect()
    }
}
