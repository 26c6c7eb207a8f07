//! Release sets, their approvals, and the exports made from them.

use crate::error::{get_metadata, get_opt_word, get_word};
use crate::{Result, Tx};
use model::{
    ApprovalState, Disposition, RecordId, RecordKind, RecordStatus, RedactionId, RequestId,
    RequestStatus, UserId,
};
use sqlx::Row;

/// A record of a request as a release set sees it.
#[derive(Debug, Clone)]
pub struct ReleaseRow {
    pub id: RecordId,
    pub path: String,
    pub kind: RecordKind,
    pub status: RecordStatus,
    pub failure: Option<String>,
    pub sha256: Option<String>,
    pub text_sha256: Option<String>,
    pub disposition: Option<Disposition>,
    pub duplicate_of: Option<RecordId>,
    pub parent_id: Option<RecordId>,
    pub title: Option<String>,
    /// JSON object of the fields found at ingest (from, to, subject, date, author…).
    pub metadata: model::Metadata,
    /// The codes it is withheld under.
    pub exemptions: Vec<String>,
    /// To be released as page images with a text layer read by OCR.
    pub as_images: bool,
}

/// An applied redaction as a release set freezes it.
#[derive(Debug, Clone)]
pub struct AppliedRedaction {
    pub id: RedactionId,
    pub record_id: RecordId,
    pub anchor: model::RedactionAnchor,
    pub start_char: Option<i64>,
    pub end_char: Option<i64>,
    pub page_no: Option<i64>,
    pub area: Option<[f64; 4]>,
    pub code: String,
}

/// An installment that went out, with its latest export.
#[derive(Debug, Clone)]
pub struct InstallmentRow {
    pub approval_id: i64,
    pub number: u32,
    /// JSON: the frozen release set.
    pub release_set: String,
    pub approved_by: String,
    pub approved_at: String,
    pub out_dir: String,
    pub exported_at: String,
    pub pages: u64,
    pub records: u64,
    /// JSON: the rows of its exemption log (empty for an export made before they were kept).
    pub log_rows: String,
}

/// A submission and what became of it.
#[derive(Debug, Clone)]
pub struct ApprovalRow {
    pub id: i64,
    pub release_hash: String,
    pub release_set: String,
    pub submitted_by: String,
    pub submitted_by_id: UserId,
    pub submitted_at: String,
    /// Approved or rejected; none while it waits.
    pub decision: Option<ApprovalState>,
    pub decided_by: Option<String>,
    pub decided_by_display: Option<String>,
    pub decided_at: Option<String>,
    pub comment: Option<String>,
    /// JSON: what the submitter was told (hidden source text).
    pub notices: String,
    /// The installment it is (none: the request whole).
    pub installment: Option<u32>,
}

impl Tx {
    /// Every record of a request, in id order, as a release set needs it.
    pub async fn release_rows(&mut self, request: RequestId) -> Result<Vec<ReleaseRow>> {
        let rows = sqlx::query(
            "SELECT r.id, r.path, r.kind, r.status, r.failure, r.sha256, r.text_sha256,
                    r.disposition, r.duplicate_of, r.parent_id, r.title, r.metadata,
                    r.release_as_images,
                    (SELECT string_agg(code, ' ' ORDER BY code) FROM record_exemptions WHERE record_id = r.id)
                      AS exemptions
               FROM records r WHERE r.request_id = $1 ORDER BY r.id",
        )
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                let ex: Option<String> = r.try_get("exemptions")?;
                let mut exemptions: Vec<String> = ex
                    .unwrap_or_default()
                    .split_whitespace()
                    .map(String::from)
                    .collect();
                exemptions.sort();
                Ok(ReleaseRow {
                    id: RecordId(r.try_get("id")?),
                    path: r.try_get("path")?,
                    kind: get_word(&r, "kind")?,
                    status: get_word(&r, "status")?,
                    failure: r.try_get("failure")?,
                    sha256: r.try_get("sha256")?,
                    text_sha256: r.try_get("text_sha256")?,
                    disposition: get_opt_word(&r, "disposition")?,
                    duplicate_of: r.try_get::<Option<i64>, _>("duplicate_of")?.map(RecordId),
                    parent_id: r.try_get::<Option<i64>, _>("parent_id")?.map(RecordId),
                    title: r.try_get("title")?,
                    metadata: get_metadata(&r, "metadata")?,
                    exemptions,
                    as_images: r.try_get::<i64, _>("release_as_images")? != 0,
                })
            })
            .collect()
    }

    /// The applied redactions of a request's records, by record and id.
    pub async fn applied_redactions(
        &mut self,
        request: RequestId,
    ) -> Result<Vec<AppliedRedaction>> {
        let rows = sqlx::query(&format!(
            "SELECT d.id, d.record_id, d.anchor, d.start_char, d.end_char, d.page_no,
                    d.x0, d.y0, d.x1, d.y1, d.code
               FROM redactions d JOIN records r ON r.id = d.record_id
              WHERE r.request_id = $1 AND d.state = {}
              ORDER BY d.record_id, d.id",
            crate::sql::words(&[model::RedactionState::Applied])
        ))
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                let area = match (
                    r.try_get::<Option<f64>, _>("x0")?,
                    r.try_get::<Option<f64>, _>("y0")?,
                    r.try_get::<Option<f64>, _>("x1")?,
                    r.try_get::<Option<f64>, _>("y1")?,
                ) {
                    (Some(a), Some(b), Some(c), Some(d)) => Some([a, b, c, d]),
                    _ => None,
                };
                Ok(AppliedRedaction {
                    id: RedactionId(r.try_get("id")?),
                    record_id: RecordId(r.try_get("record_id")?),
                    anchor: get_word(&r, "anchor")?,
                    start_char: r.try_get("start_char")?,
                    end_char: r.try_get("end_char")?,
                    page_no: r.try_get("page_no")?,
                    area,
                    code: r.try_get("code")?,
                })
            })
            .collect()
    }

    /// Records a submission; returns its id.
    pub async fn insert_approval(
        &mut self,
        request: RequestId,
        (release_hash, release_set): (&str, &str),
        notices: &str,
        installment: Option<u32>,
        submitted_by: UserId,
        at: &str,
    ) -> Result<i64> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO approvals (request_id, release_hash, release_set, notices, submitted_by, submitted_at, installment)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(request.0)
        .bind(release_hash)
        .bind(release_set)
        .bind(notices)
        .bind(submitted_by.0)
        .bind(at)
        .bind(installment.map(i64::from))
        .fetch_one(self.conn())
        .await?;
        Ok(id)
    }

    /// The latest submission of a request.
    pub async fn latest_approval(&mut self, request: RequestId) -> Result<Option<ApprovalRow>> {
        let row = sqlx::query(
            "SELECT a.id, a.release_hash, a.release_set, s.name AS submitted_by,
                    a.submitted_by AS submitted_by_id, a.submitted_at, a.decision,
                    d.name AS decided_by,
                    COALESCE(a.decided_by_name, d.display_name) AS decided_by_display, a.decided_at,
                    a.comment, a.notices, a.installment
               FROM approvals a JOIN users s ON s.id = a.submitted_by
               LEFT JOIN users d ON d.id = a.decided_by
              WHERE a.request_id = $1 ORDER BY a.id DESC LIMIT 1",
        )
        .bind(request.0)
        .fetch_optional(self.conn())
        .await?;
        row.map(|r| {
            Ok(ApprovalRow {
                id: r.try_get("id")?,
                release_hash: r.try_get("release_hash")?,
                release_set: r.try_get("release_set")?,
                submitted_by: r.try_get("submitted_by")?,
                submitted_by_id: UserId(r.try_get("submitted_by_id")?),
                submitted_at: r.try_get("submitted_at")?,
                decision: get_opt_word(&r, "decision")?,
                decided_by: r.try_get("decided_by")?,
                decided_by_display: r.try_get("decided_by_display")?,
                decided_at: r.try_get("decided_at")?,
                comment: r.try_get("comment")?,
                notices: r.try_get("notices")?,
                installment: r
                    .try_get::<Option<i64>, _>("installment")?
                    .map(|n| n as u32),
            })
        })
        .transpose()
    }

    /// Approves or rejects a submission.
    pub async fn decide_approval(
        &mut self,
        id: i64,
        decision: ApprovalState,
        by: UserId,
        at: &str,
        comment: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE approvals SET decision = $1, decided_by = $2, decided_at = $3, comment = $4,
                    decided_by_name = (SELECT display_name FROM users WHERE id = $5)
              WHERE id = $6 AND decision IS NULL",
        )
        .bind(decision.as_str())
        .bind(by.0)
        .bind(at)
        .bind(comment)
        .bind(by.0)
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Moves a request to a status of its life (open, submitted, approved, released, closed).
    pub async fn set_request_status(
        &mut self,
        request: RequestId,
        status: RequestStatus,
    ) -> Result<()> {
        sqlx::query("UPDATE requests SET status = $1, version = version + 1 WHERE id = $2")
            .bind(status.as_str())
            .bind(request.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Records a finished export.
    pub async fn insert_export(
        &mut self,
        request: RequestId,
        approval: i64,
        (out_dir, manifest_sha256): (&str, &str),
        (pages, records, log_rows, letter): (u64, u64, &str, Option<&str>),
        by: UserId,
        at: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO exports (request_id, approval_id, out_dir, manifest_sha256, created_by, created_at, pages, records, log_rows, letter)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(request.0)
        .bind(approval)
        .bind(out_dir)
        .bind(manifest_sha256)
        .bind(by.0)
        .bind(at)
        .bind(pages as i64)
        .bind(records as i64)
        .bind(log_rows)
        .bind(letter)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// The letter an approval's first export printed (JSON; `Some(None)`: the built-in one),
    /// or none when it has not been exported.
    pub async fn first_export_letter(&mut self, approval: i64) -> Result<Option<Option<String>>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT letter FROM exports WHERE approval_id = $1 ORDER BY id LIMIT 1")
                .bind(approval)
                .fetch_optional(self.conn())
                .await?;
        Ok(row.map(|(l,)| l))
    }

    /// The installments of a request that went out: each exported approval that is an
    /// installment, by number, with its latest export.
    pub async fn released_installments(
        &mut self,
        request: RequestId,
    ) -> Result<Vec<InstallmentRow>> {
        let rows = sqlx::query(
            "SELECT a.id, a.installment, a.release_set, d.name AS decided_by, a.decided_at,
                    e.out_dir, e.created_at, e.pages, e.records, e.log_rows
               FROM approvals a
               JOIN exports e ON e.approval_id = a.id
               LEFT JOIN users d ON d.id = a.decided_by
              WHERE a.request_id = $1 AND a.installment IS NOT NULL
                AND e.id = (SELECT MAX(x.id) FROM exports x WHERE x.approval_id = a.id)
              ORDER BY a.installment, a.id",
        )
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(InstallmentRow {
                    approval_id: r.try_get("id")?,
                    number: r.try_get::<i64, _>("installment")? as u32,
                    release_set: r.try_get("release_set")?,
                    approved_by: r
                        .try_get::<Option<String>, _>("decided_by")?
                        .unwrap_or_default(),
                    approved_at: r
                        .try_get::<Option<String>, _>("decided_at")?
                        .unwrap_or_default(),
                    out_dir: r.try_get("out_dir")?,
                    exported_at: r.try_get("created_at")?,
                    pages: r.try_get::<Option<i64>, _>("pages")?.unwrap_or(0) as u64,
                    records: r.try_get::<Option<i64>, _>("records")?.unwrap_or(0) as u64,
                    log_rows: r
                        .try_get::<Option<String>, _>("log_rows")?
                        .unwrap_or_default(),
                })
            })
            .collect()
    }

    /// When the request was last exported whole (not in installments), if ever.
    pub async fn last_whole_export(&mut self, request: RequestId) -> Result<Option<String>> {
        let (at,): (Option<String>,) = sqlx::query_as(
            "SELECT MAX(e.created_at) FROM exports e JOIN approvals a ON a.id = e.approval_id
              WHERE e.request_id = $1 AND a.installment IS NULL",
        )
        .bind(request.0)
        .fetch_one(self.conn())
        .await?;
        Ok(at)
    }
}

impl Tx {
    /// The Bates prefix the office set for a request (none: the reference is used).
    pub async fn bates_prefix(&mut self, request: RequestId) -> Result<Option<String>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT bates_prefix FROM requests WHERE id = $1")
                .bind(request.0)
                .fetch_optional(self.conn())
                .await?;
        Ok(row.and_then(|r| r.0))
    }

    /// How this office knows an export's manifest: `Some(true)` when an export of the
    /// approval wrote a manifest with this SHA-256, `Some(false)` when the approval was
    /// exported but never with this manifest, `None` when it was never exported. Each export
    /// of one approval writes its own manifest (it records the audit log's head it saw).
    pub async fn export_knows(
        &mut self,
        approval: i64,
        manifest_sha256: &str,
    ) -> Result<Option<bool>> {
        let (exports, matching): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COUNT(CASE WHEN manifest_sha256 = $2 THEN 1 END)
               FROM exports WHERE approval_id = $1",
        )
        .bind(approval)
        .bind(manifest_sha256)
        .fetch_one(self.conn())
        .await?;
        Ok((exports > 0).then_some(matching > 0))
    }

    /// The approved submission with this release hash, for a request: its id and frozen set.
    pub async fn approval_by_hash(
        &mut self,
        request: RequestId,
        hash: &str,
    ) -> Result<Option<(i64, String)>> {
        let row: Option<(i64, String)> = sqlx::query_as(&format!(
            "SELECT id, release_set FROM approvals WHERE request_id = $1 AND release_hash = $2 AND decision = {}
              ORDER BY id DESC LIMIT 1",
            crate::sql::words(&[ApprovalState::Approved])
        ))
        .bind(request.0)
        .bind(hash)
        .fetch_optional(self.conn())
        .await?;
        Ok(row)
    }
}
