//! Records: one row per collected item, with its text, pages and family links.

use crate::error::{get_metadata, get_opt_word, get_word};
use crate::{Location, Result, Tx, sql};
use model::{Disposition, Metadata, RecordId, RecordKind, RecordStatus, RequestId, ReviewStatus};
use sqlx::Row;
use std::collections::{HashMap, HashSet};

/// A record to write, with its id given by the writer (see [`Tx::next_record_id`]).
#[derive(Debug, Clone)]
pub struct NewRecord {
    pub id: RecordId,
    pub request_id: RequestId,
    pub path: String,
    pub custodian: Option<String>,
    pub sha256: Option<String>,
    pub size: Option<u64>,
    pub kind: RecordKind,
    pub status: RecordStatus,
    pub failure: Option<String>,
    pub duplicate_of: Option<RecordId>,
    pub parent_id: Option<RecordId>,
    pub title: Option<String>,
    /// JSON object of the fields found (from, to, subject, author, created…).
    pub metadata: String,
    pub text: Option<String>,
    pub text_sha256: Option<String>,
    pub extractor_version: Option<&'static str>,
    pub created_at: String,
}

/// A page of a paged record; `words` is JSON `[[x0,y0,x1,y1,"text"],…]`, normalised.
#[derive(Debug, Clone)]
pub struct NewPage {
    pub record_id: RecordId,
    pub page_no: u32,
    pub width_pt: f32,
    pub height_pt: f32,
    pub words: String,
    pub ocr: bool,
}

/// An original's location to note.
#[derive(Debug, Clone)]
pub struct NewOriginal {
    pub sha256: String,
    pub size: u64,
    pub location: Location,
}

/// Rows per multi-row INSERT (17 × 400 = 6,800 bound parameters, well under SQLite's
/// 32,766 and PostgreSQL's 65,535).
const ROWS_PER_INSERT: usize = 400;

/// A record as listed (no text).
#[derive(Debug, Clone, serde::Serialize)]
pub struct RecordRow {
    pub id: RecordId,
    pub path: String,
    pub custodian: Option<String>,
    pub sha256: Option<String>,
    pub size: Option<i64>,
    pub kind: RecordKind,
    pub status: RecordStatus,
    pub failure: Option<String>,
    pub duplicate_of: Option<RecordId>,
    pub parent: Option<RecordId>,
    pub title: Option<String>,
    pub disposition: Option<Disposition>,
    pub review_status: ReviewStatus,
    /// An Outlook item's folder in its mailbox (`Inbox/Permits`), from the metadata.
    pub folder: Option<String>,
    /// What an Outlook item is when not a message (`meeting`, `contact`, `task`, …).
    pub item: Option<String>,
    /// A message's conversation (its first record's id), once grouped.
    pub conversation: Option<RecordId>,
    /// Whether a message is inclusive, once grouped.
    pub inclusive: Option<bool>,
    /// The record's near-duplicate group (its pivot's id) and similarity to the pivot.
    pub near_dup_group: Option<RecordId>,
    pub similarity: Option<f64>,
    /// The review batch it is in.
    pub batch: Option<i64>,
}

/// What the index needs of a record. A duplicate carries the text, title and metadata of
/// its first copy, and its own path and custodian.
#[derive(Debug, Clone)]
pub struct RecordForIndex {
    pub id: RecordId,
    pub request: String,
    pub path: String,
    pub custodian: Option<String>,
    pub sha256: Option<String>,
    pub kind: RecordKind,
    pub title: Option<String>,
    pub metadata: Metadata,
    pub text: String,
    pub disposition: Option<Disposition>,
    pub review_status: ReviewStatus,
    pub status: RecordStatus,
    pub duplicate_of: Option<RecordId>,
    /// A copy's original's path (the index reads the copy's title as the original's).
    pub original_path: Option<String>,
    /// Codes the record is withheld under or redacted with (applied redactions).
    pub exemptions: Vec<String>,
    /// A message's conversation and whether it is inclusive, once grouped.
    pub conversation: Option<RecordId>,
    pub inclusive: Option<bool>,
}

/// The select of [`RecordForIndex`] rows (a copy reads its original's title, text and metadata).
fn with_text() -> String {
    let duplicate = sql::words(&[RecordStatus::Duplicate]);
    let applied = sql::words(&[model::RedactionState::Applied]);
    format!(
        "SELECT r.id, q.reference, r.path, r.custodian, r.sha256, r.kind,
        COALESCE(r.title, o.title) AS title,
        CASE WHEN r.status = {duplicate} THEN COALESCE(o.metadata, '{{}}') ELSE r.metadata END AS metadata,
        COALESCE(r.text, o.text, '') AS text, r.disposition, r.review_status, r.status,
        r.duplicate_of, o.path AS original_path, r.conversation_id, r.inclusive,
        (SELECT string_agg(code, ' ' ORDER BY code) FROM (
            SELECT code FROM record_exemptions WHERE record_id = r.id
            UNION SELECT code FROM redactions WHERE record_id = r.id AND state = {applied}) AS c)
          AS exemptions
   FROM records r JOIN requests q ON q.id = r.request_id
   LEFT JOIN records o ON o.id = r.duplicate_of"
    )
}

fn with_text_from(r: sqlx::any::AnyRow) -> Result<RecordForIndex> {
    let exemptions: Option<String> = r.try_get("exemptions")?;
    Ok(RecordForIndex {
        id: RecordId(r.try_get("id")?),
        request: r.try_get("reference")?,
        path: r.try_get("path")?,
        custodian: r.try_get("custodian")?,
        sha256: r.try_get("sha256")?,
        kind: get_word(&r, "kind")?,
        title: r.try_get("title")?,
        metadata: get_metadata(&r, "metadata")?,
        text: r.try_get("text")?,
        disposition: get_opt_word(&r, "disposition")?,
        review_status: get_word(&r, "review_status")?,
        status: get_word(&r, "status")?,
        duplicate_of: r.try_get::<Option<i64>, _>("duplicate_of")?.map(RecordId),
        original_path: r.try_get("original_path")?,
        conversation: r
            .try_get::<Option<i64>, _>("conversation_id")?
            .map(RecordId),
        inclusive: r.try_get::<Option<i64>, _>("inclusive")?.map(|v| v != 0),
        exemptions: exemptions
            .unwrap_or_default()
            .split_whitespace()
            .map(String::from)
            .collect(),
    })
}

fn record_from(r: sqlx::any::AnyRow) -> Result<RecordRow> {
    let metadata = get_metadata(&r, "metadata")?;
    Ok(RecordRow {
        folder: metadata.get("folder").map(String::from),
        item: metadata.get("item").map(String::from),
        conversation: r
            .try_get::<Option<i64>, _>("conversation_id")?
            .map(RecordId),
        inclusive: r.try_get::<Option<i64>, _>("inclusive")?.map(|v| v != 0),
        near_dup_group: r.try_get::<Option<i64>, _>("near_dup_group")?.map(RecordId),
        similarity: r.try_get::<Option<f64>, _>("similarity")?,
        batch: r.try_get("review_batch")?,
        id: RecordId(r.try_get("id")?),
        path: r.try_get("path")?,
        custodian: r.try_get("custodian")?,
        sha256: r.try_get("sha256")?,
        size: r.try_get("size")?,
        kind: get_word(&r, "kind")?,
        status: get_word(&r, "status")?,
        failure: r.try_get("failure")?,
        duplicate_of: r.try_get::<Option<i64>, _>("duplicate_of")?.map(RecordId),
        parent: r.try_get::<Option<i64>, _>("parent_id")?.map(RecordId),
        title: r.try_get("title")?,
        disposition: get_opt_word(&r, "disposition")?,
        review_status: get_word(&r, "review_status")?,
    })
}

/// Text without NUL characters: PostgreSQL's text cannot hold them, and a stray one in an
/// extracted title or body carries nothing a reader could see. Both backends store the same.
fn no_nul(s: &str) -> String {
    if s.contains('\0') {
        s.replace('\0', "")
    } else {
        s.to_string()
    }
}

impl Tx {
    /// The id the next record will get. Inside a write transaction (which holds SQLite's
    /// write lock) the writer can number a whole batch itself and insert it in bulk.
    pub async fn next_record_id(&mut self) -> Result<RecordId> {
        let (n,): (Option<i64>,) = sqlx::query_as("SELECT MAX(id) FROM records")
            .fetch_one(self.conn())
            .await?;
        Ok(RecordId(n.unwrap_or(0) + 1))
    }

    /// Notes where originals are kept; the first location recorded for a hash stays.
    pub async fn insert_originals(&mut self, rows: &[NewOriginal], at: &str) -> Result<()> {
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let sql = format!(
                "INSERT INTO originals (sha256, size, pack, pack_offset, stored_at) VALUES {}
                 ON CONFLICT DO NOTHING",
                sql::values(self.backend(), chunk.len(), 5, 1)
            );
            let mut q = sqlx::query(&sql);
            for r in chunk {
                let (pack, offset) = match &r.location {
                    Location::Loose => (None, None),
                    Location::Packed { pack, offset } => {
                        (Some(pack.as_str()), Some(*offset as i64))
                    }
                };
                q = q
                    .bind(r.sha256.as_str())
                    .bind(r.size as i64)
                    .bind(pack)
                    .bind(offset)
                    .bind(at);
            }
            q.execute(self.conn()).await?;
        }
        Ok(())
    }

    pub async fn insert_records(&mut self, rows: &[NewRecord]) -> Result<()> {
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let sql = format!(
                "INSERT INTO records (id, request_id, path, custodian, sha256, size, kind, status, failure,
                     duplicate_of, parent_id, title, metadata, text, text_sha256, extractor_version, created_at)
                 VALUES {}",
                sql::values(self.backend(), chunk.len(), 17, 1)
            );
            let mut q = sqlx::query(&sql);
            for r in chunk {
                let title = r.title.as_deref().map(no_nul);
                let text = r.text.as_deref().map(no_nul);
                q = q
                    .bind(r.id.0)
                    .bind(r.request_id.0)
                    .bind(r.path.as_str())
                    .bind(r.custodian.as_deref())
                    .bind(r.sha256.as_deref())
                    .bind(r.size.map(|s| s as i64))
                    .bind(r.kind.as_str())
                    .bind(r.status.as_str())
                    .bind(r.failure.as_deref())
                    .bind(r.duplicate_of.map(|d| d.0))
                    .bind(r.parent_id.map(|p| p.0))
                    .bind(title)
                    .bind(no_nul(&r.metadata))
                    .bind(text)
                    .bind(r.text_sha256.as_deref())
                    .bind(r.extractor_version)
                    .bind(r.created_at.as_str());
            }
            q.execute(self.conn()).await?;
        }
        Ok(())
    }

    /// Records that failed as locked ("encrypted (password required)…") but whose original
    /// is kept: what passwords given later can open. (id, path, sha256), in id order.
    pub async fn locked_records(
        &mut self,
        request: RequestId,
    ) -> Result<Vec<(RecordId, String, String)>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(&format!(
            "SELECT id, path, sha256 FROM records
              WHERE request_id = $1 AND status = {} AND sha256 IS NOT NULL
                AND failure LIKE 'encrypted (password required)%'
              ORDER BY id",
            sql::words(&[RecordStatus::Failed])
        ))
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, path, sha)| (RecordId(id), path, sha))
            .collect())
    }

    /// Writes what a second reading of failed records found, in place (same id, path, parent
    /// and original): kind, status, failure, title, metadata and text. A record that is no
    /// longer failed (someone else got there first) is left as it is.
    pub async fn replace_failed_records(&mut self, rows: &[NewRecord]) -> Result<()> {
        for r in rows {
            sqlx::query(&format!(
                "UPDATE records SET kind = $1, status = $2, failure = $3, duplicate_of = $4,
                        title = $5, metadata = $6, text = $7, text_sha256 = $8,
                        extractor_version = $9
                  WHERE id = $10 AND status = {}",
                sql::words(&[RecordStatus::Failed])
            ))
            .bind(r.kind.as_str())
            .bind(r.status.as_str())
            .bind(r.failure.as_deref())
            .bind(r.duplicate_of.map(|d| d.0))
            .bind(r.title.as_deref().map(no_nul))
            .bind(no_nul(&r.metadata))
            .bind(r.text.as_deref().map(no_nul))
            .bind(r.text_sha256.as_deref())
            .bind(r.extractor_version)
            .bind(r.id.0)
            .execute(self.conn())
            .await?;
        }
        Ok(())
    }

    /// Family links (parent, child); a link already there is kept.
    pub async fn insert_family_links(&mut self, links: &[(RecordId, RecordId)]) -> Result<()> {
        for chunk in links.chunks(ROWS_PER_INSERT) {
            let sql = format!(
                "INSERT INTO record_family (parent_id, child_id) VALUES {} ON CONFLICT DO NOTHING",
                sql::values(self.backend(), chunk.len(), 2, 1)
            );
            let mut q = sqlx::query(&sql);
            for (p, c) in chunk {
                q = q.bind(p.0).bind(c.0);
            }
            q.execute(self.conn()).await?;
        }
        Ok(())
    }

    pub async fn insert_pages(&mut self, rows: &[NewPage]) -> Result<()> {
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let sql = format!(
                "INSERT INTO pages (record_id, page_no, width_pt, height_pt, words, ocr) VALUES {}",
                sql::values(self.backend(), chunk.len(), 6, 1)
            );
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q
                    .bind(r.record_id.0)
                    .bind(i64::from(r.page_no))
                    .bind(f64::from(r.width_pt))
                    .bind(f64::from(r.height_pt))
                    .bind(r.words.as_str())
                    .bind(r.ocr as i64);
            }
            q.execute(self.conn()).await?;
        }
        Ok(())
    }

    /// Every original kept, with where: (sha256, location).
    pub async fn all_originals(&mut self) -> Result<Vec<(String, Location)>> {
        let rows: Vec<(String, Option<String>, Option<i64>)> =
            sqlx::query_as("SELECT sha256, pack, pack_offset FROM originals ORDER BY sha256")
                .fetch_all(self.conn())
                .await?;
        Ok(rows
            .into_iter()
            .map(|(sha, pack, off)| (sha, Location::from_columns(pack, off)))
            .collect())
    }

    /// Where an original is kept, when it is.
    pub async fn original_location(&mut self, sha256: &str) -> Result<Option<Location>> {
        let row: Option<(Option<String>, Option<i64>)> =
            sqlx::query_as("SELECT pack, pack_offset FROM originals WHERE sha256 = $1")
                .bind(sha256)
                .fetch_optional(self.conn())
                .await?;
        Ok(row.map(|(pack, off)| Location::from_columns(pack, off)))
    }

    /// Every path already recorded for a request (what a resumed ingest skips).
    pub async fn record_paths(&mut self, request: RequestId) -> Result<HashSet<String>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT path FROM records WHERE request_id = $1")
            .bind(request.0)
            .fetch_all(self.conn())
            .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// The record a request holds at this path (the first, should there be two).
    pub async fn record_at_path(
        &mut self,
        request: RequestId,
        path: &str,
    ) -> Result<Option<RecordId>> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT MIN(id) FROM records WHERE request_id = $1 AND path = $2 HAVING COUNT(*) > 0",
        )
        .bind(request.0)
        .bind(path)
        .fetch_optional(self.conn())
        .await?;
        Ok(row.map(|r| RecordId(r.0)))
    }

    /// Which of these paths a request has recorded already: what another workstation took in
    /// while this one was reading the same folder (team mode).
    pub async fn recorded_paths_among(
        &mut self,
        request: RequestId,
        paths: &[&str],
    ) -> Result<HashSet<String>> {
        let mut out = HashSet::new();
        for chunk in paths.chunks(1000) {
            // A join with the list, not `path IN (…)`: PostgreSQL's generic plan for a long
            // IN list of parameters compares every path of the request with every value
            // (2.7 s for 1,000 values against 50,000 records; the join: 26 ms).
            let sql = format!(
                "SELECT r.path FROM records r JOIN (VALUES {}) AS v ON r.path = v.column1
                  WHERE r.request_id = {}",
                sql::values(self.backend(), chunk.len(), 1, 1),
                sql::mark(self.backend(), chunk.len() + 1)
            );
            let mut q = sqlx::query_as::<_, (String,)>(&sql);
            for p in chunk {
                q = q.bind(*p);
            }
            q = q.bind(request.0);
            out.extend(q.fetch_all(self.conn()).await?.into_iter().map(|r| r.0));
        }
        Ok(out)
    }

    /// For each content hash ingested in a request, its first record (duplicates point there).
    ///
    /// Read from `records_by_status` in id order (the first of a hash wins here, not in a
    /// `GROUP BY`): that index grows at its end as records are written, where one keyed by the
    /// hash would take a random page per record.
    pub async fn first_record_by_sha(
        &mut self,
        request: RequestId,
    ) -> Result<HashMap<String, RecordId>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
            "SELECT sha256, id FROM records
              WHERE request_id = $1 AND status = {} AND sha256 IS NOT NULL ORDER BY id",
            sql::words(&[RecordStatus::Ingested])
        ))
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        let mut first = HashMap::with_capacity(rows.len());
        for (sha, id) in rows {
            first.entry(sha).or_insert(RecordId(id));
        }
        Ok(first)
    }

    /// A request's records in id order.
    pub async fn records(&mut self, request: RequestId) -> Result<Vec<RecordRow>> {
        self.records_after(request, RecordId(0), i64::MAX).await
    }

    /// At most `limit` of a request's records with an id above `after`, in id order: a long
    /// list read a chunk at a time. One range of `records_by_request` (schema 16), not sorted.
    pub async fn records_after(
        &mut self,
        request: RequestId,
        after: RecordId,
        limit: i64,
    ) -> Result<Vec<RecordRow>> {
        let rows = sqlx::query(
            "SELECT id, path, custodian, sha256, size, kind, status, failure, duplicate_of, parent_id,
                    title, disposition, review_status, metadata, conversation_id, inclusive,
                    near_dup_group, similarity, review_batch
               FROM records WHERE request_id = $1 AND id > $2 ORDER BY id LIMIT $3",
        )
        .bind(request.0)
        .bind(after.0)
        .bind(limit)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter().map(record_from).collect()
    }

    /// A record's content hash (none for a file that could not be read at all).
    pub async fn record_sha256(&mut self, id: RecordId) -> Result<Option<String>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT sha256 FROM records WHERE id = $1")
                .bind(id.0)
                .fetch_optional(self.conn())
                .await?;
        Ok(row.and_then(|r| r.0))
    }

    /// The original a paged record's pages are drawn from (its readable copy when it was
    /// collected locked: [`model::Metadata::page_source`]).
    pub async fn record_page_source(&mut self, id: RecordId) -> Result<Option<String>> {
        let row = sqlx::query("SELECT sha256, metadata FROM records WHERE id = $1")
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        let Some(r) = row else { return Ok(None) };
        let sha: Option<String> = sqlx::Row::try_get(&r, "sha256")?;
        Ok(get_metadata(&r, "metadata")?.page_source(sha))
    }

    /// A record's kind and content hash.
    pub async fn record_kind(
        &mut self,
        id: RecordId,
    ) -> Result<Option<(RecordKind, Option<String>)>> {
        let row: Option<(String, Option<String>)> =
            sqlx::query_as("SELECT kind, sha256 FROM records WHERE id = $1")
                .bind(id.0)
                .fetch_optional(self.conn())
                .await?;
        row.map(|(k, sha)| Ok((crate::error::word(&k)?, sha)))
            .transpose()
    }

    /// A record's text.
    pub async fn record_text(&mut self, id: RecordId) -> Result<Option<String>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT text FROM records WHERE id = $1")
                .bind(id.0)
                .fetch_optional(self.conn())
                .await?;
        Ok(row.and_then(|r| r.0))
    }

    /// Ingested records and duplicates with an id above `after`, for the index to catch up, `limit` at a time.
    pub async fn records_for_index(
        &mut self,
        after: RecordId,
        limit: i64,
    ) -> Result<Vec<RecordForIndex>> {
        let rows = sqlx::query(&format!(
            "{} WHERE r.id > $1 AND r.status IN ({}) ORDER BY r.id LIMIT $2",
            with_text(),
            sql::words(&[RecordStatus::Ingested, RecordStatus::Duplicate])
        ))
        .bind(after.0)
        .bind(limit)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter().map(with_text_from).collect()
    }

    /// Records by id, with their text, in the order asked (ids not found are left out).
    pub async fn records_with_text(&mut self, ids: &[RecordId]) -> Result<Vec<RecordForIndex>> {
        let mut by_id: HashMap<RecordId, RecordForIndex> = HashMap::with_capacity(ids.len());
        // One statement per thousand ids (SQLite's limit on parameters is far above).
        for chunk in ids.chunks(1000) {
            let marks = sql::list(self.backend(), chunk.len(), 1);
            let sql = format!("{} WHERE r.id IN ({marks})", with_text());
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(id.0);
            }
            for row in q.fetch_all(self.conn()).await? {
                let r = with_text_from(row)?;
                by_id.insert(r.id, r);
            }
        }
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// How far the store has gone: the highest record id and the last change-log entry
    /// (what the search index must have caught up with).
    pub async fn index_watermarks(&mut self) -> Result<(RecordId, u64)> {
        let (r, c): (Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT (SELECT MAX(id) FROM records), (SELECT MAX(seq) FROM record_changes)",
        )
        .fetch_one(self.conn())
        .await?;
        Ok((RecordId(r.unwrap_or(0)), c.unwrap_or(0) as u64))
    }

    /// The highest record id of the office (0 when none).
    pub async fn max_record_id(&mut self) -> Result<RecordId> {
        let (n,): (Option<i64>,) = sqlx::query_as("SELECT MAX(id) FROM records")
            .fetch_one(self.conn())
            .await?;
        Ok(RecordId(n.unwrap_or(0)))
    }

    /// Pages of a record: (page_no, width, height, words JSON, ocr).
    pub async fn pages(&mut self, id: RecordId) -> Result<Vec<(u32, f32, f32, String, bool)>> {
        let rows: Vec<(i64, f64, f64, String, i64)> = sqlx::query_as(
            "SELECT page_no, width_pt, height_pt, words, ocr FROM pages WHERE record_id = $1 ORDER BY page_no",
        )
        .bind(id.0)
        .fetch_all(self.conn())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(n, w, h, words, ocr)| (n as u32, w as f32, h as f32, words, ocr != 0))
            .collect())
    }

    /// Family links of a request: (parent, child).
    pub async fn family_links(&mut self, request: RequestId) -> Result<Vec<(RecordId, RecordId)>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT f.parent_id, f.child_id FROM record_family f JOIN records r ON r.id = f.parent_id
              WHERE r.request_id = $1 ORDER BY f.parent_id, f.child_id",
        )
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(p, c)| (RecordId(p), RecordId(c)))
            .collect())
    }
}
