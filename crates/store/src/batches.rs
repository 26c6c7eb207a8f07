//! Review batches as stored: a record's batch number (a column of `records`), and what a
//! request's batches and reviewers have done.

use crate::error::get_opt_word;
use crate::{Result, Tx, sql};
use model::{Disposition, RecordId, RecordStatus, RequestId};
use sqlx::Row;

/// What batching needs of a record.
#[derive(Debug, Clone)]
pub struct RecordForBatching {
    pub id: RecordId,
    pub parent: Option<RecordId>,
    pub conversation: Option<RecordId>,
    pub near_dup_group: Option<RecordId>,
    pub disposition: Option<Disposition>,
    pub batch: Option<i64>,
}

/// One batch of a request, with its progress.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BatchRow {
    pub number: i64,
    pub records: i64,
    /// Records with a disposition.
    pub decided: i64,
    /// Who its records are assigned to (none: open for a clerk to take).
    pub reviewer: Option<String>,
}

/// What one reviewer has decided in a request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewerRow {
    pub reviewer: String,
    /// Records whose last change (a disposition) was theirs.
    pub decided: i64,
    pub first_at: Option<String>,
    pub last_at: Option<String>,
}

impl Tx {
    /// A request's ingested records (not copies, not failures), in id order.
    pub async fn records_for_batching(
        &mut self,
        request: RequestId,
    ) -> Result<Vec<RecordForBatching>> {
        let rows = sqlx::query(&format!(
            "SELECT id, parent_id, conversation_id, near_dup_group, disposition, review_batch
               FROM records WHERE request_id = $1 AND status = {} ORDER BY id",
            sql::words(&[RecordStatus::Ingested])
        ))
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(RecordForBatching {
                    id: RecordId(r.try_get("id")?),
                    parent: r.try_get::<Option<i64>, _>("parent_id")?.map(RecordId),
                    conversation: r
                        .try_get::<Option<i64>, _>("conversation_id")?
                        .map(RecordId),
                    near_dup_group: r.try_get::<Option<i64>, _>("near_dup_group")?.map(RecordId),
                    disposition: get_opt_word(&r, "disposition")?,
                    batch: r.try_get("review_batch")?,
                })
            })
            .collect()
    }

    /// Puts records in a batch.
    pub async fn set_batch(&mut self, ids: &[RecordId], batch: i64) -> Result<()> {
        let backend = self.backend();
        for chunk in ids.chunks(500) {
            let q = format!(
                "UPDATE records SET review_batch = {} WHERE id IN ({})",
                sql::mark(backend, 1),
                sql::list(backend, chunk.len(), 2)
            );
            let mut q = sqlx::query(&q).bind(batch);
            for id in chunk {
                q = q.bind(id.0);
            }
            q.execute(self.conn()).await?;
        }
        Ok(())
    }

    /// The records of a batch, in id order.
    pub async fn batch_records(&mut self, request: RequestId, batch: i64) -> Result<Vec<RecordId>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM records WHERE request_id = $1 AND review_batch = $2 ORDER BY id",
        )
        .bind(request.0)
        .bind(batch)
        .fetch_all(self.conn())
        .await?;
        Ok(rows.into_iter().map(|r| RecordId(r.0)).collect())
    }

    /// A request's batches, by number.
    pub async fn batches(&mut self, request: RequestId) -> Result<Vec<BatchRow>> {
        let rows = sqlx::query(
            "SELECT r.review_batch AS number, COUNT(*) AS records,
                    SUM(CASE WHEN r.disposition IS NULL THEN 0 ELSE 1 END) AS decided,
                    MAX(u.name) AS reviewer
               FROM records r LEFT JOIN users u ON u.id = r.assignee_id
              WHERE r.request_id = $1 AND r.review_batch IS NOT NULL
              GROUP BY r.review_batch ORDER BY r.review_batch",
        )
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(BatchRow {
                    number: r.try_get("number")?,
                    records: r.try_get("records")?,
                    decided: r.try_get("decided")?,
                    reviewer: r.try_get("reviewer")?,
                })
            })
            .collect()
    }

    /// Who decided how many of a request's records, and over what time.
    pub async fn reviewer_progress(&mut self, request: RequestId) -> Result<Vec<ReviewerRow>> {
        let rows = sqlx::query(
            "SELECT changed_by AS reviewer, COUNT(*) AS decided,
                    MIN(changed_at) AS first_at, MAX(changed_at) AS last_at
               FROM records
              WHERE request_id = $1 AND disposition IS NOT NULL AND changed_by IS NOT NULL
              GROUP BY changed_by ORDER BY changed_by",
        )
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(ReviewerRow {
                    reviewer: r.try_get("reviewer")?,
                    decided: r.try_get("decided")?,
                    first_at: r.try_get("first_at")?,
                    last_at: r.try_get("last_at")?,
                })
            })
            .collect()
    }
}
