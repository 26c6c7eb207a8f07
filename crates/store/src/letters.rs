//! Letters issued to requesters: each a PDF kept with the originals.

use crate::{Result, Tx};
use model::{RequestId, UserId};
use sqlx::Row;

/// A letter as issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRow {
    pub id: i64,
    pub kind: String,
    pub language: String,
    pub sha256: String,
    pub issued_by: String,
    pub issued_at: String,
}

impl Tx {
    /// Records a letter (its PDF already kept in the originals store); returns its id.
    pub async fn insert_letter(
        &mut self,
        request: RequestId,
        (kind, language): (&str, &str),
        sha256: &str,
        by: UserId,
        at: &str,
    ) -> Result<i64> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO letters (request_id, kind, language, sha256, issued_by, issued_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(request.0)
        .bind(kind)
        .bind(language)
        .bind(sha256)
        .bind(by.0)
        .bind(at)
        .fetch_one(self.conn())
        .await?;
        Ok(id)
    }

    /// A request's letters, oldest first.
    pub async fn letters(&mut self, request: RequestId) -> Result<Vec<LetterRow>> {
        let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
            "SELECT l.id, l.kind, l.language, l.sha256, u.name, l.issued_at
               FROM letters l JOIN users u ON u.id = l.issued_by
              WHERE l.request_id = $1 ORDER BY l.id",
        )
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, kind, language, sha256, issued_by, issued_at)| LetterRow {
                    id,
                    kind,
                    language,
                    sha256,
                    issued_by,
                    issued_at,
                },
            )
            .collect())
    }
}

/// A release of a request that went out (its first export), for the letters about it.
#[derive(Debug, Clone)]
pub struct RequestRelease {
    /// JSON: the frozen release set.
    pub release_set: String,
    pub pages: u64,
    pub exported_at: String,
    /// The approving supervisor's name as it was at approval (§7922.540).
    pub approved_by: String,
    pub approved_at: String,
}

impl Tx {
    /// Every release of a request that went out, oldest first.
    pub async fn request_releases(&mut self, request: RequestId) -> Result<Vec<RequestRelease>> {
        let rows = sqlx::query(
            "SELECT a.release_set, e.pages, e.created_at,
                    COALESCE(a.decided_by_name, d.display_name) AS approved_by, a.decided_at
               FROM exports e JOIN approvals a ON a.id = e.approval_id
               LEFT JOIN users d ON d.id = a.decided_by
              WHERE e.request_id = $1
                AND e.id = (SELECT MIN(x.id) FROM exports x WHERE x.approval_id = e.approval_id)
              ORDER BY e.id",
        )
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(RequestRelease {
                    release_set: r.try_get("release_set")?,
                    pages: r.try_get::<Option<i64>, _>("pages")?.unwrap_or(0) as u64,
                    exported_at: r.try_get("created_at")?,
                    approved_by: r
                        .try_get::<Option<String>, _>("approved_by")?
                        .unwrap_or_default(),
                    approved_at: r
                        .try_get::<Option<String>, _>("decided_at")?
                        .unwrap_or_default(),
                })
            })
            .collect()
    }
}
