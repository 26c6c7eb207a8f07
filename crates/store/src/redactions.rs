//! Redactions: text spans (character offsets) or page areas, each with an exemption code.

use crate::error::{get_opt_word, get_word, word};
use crate::{Result, Tx, sql};
use model::{
    DetectorKind, RecordId, RedactionAnchor, RedactionId, RedactionOrigin, RedactionState, UserId,
};
use serde::Serialize;
use sqlx::Row;

/// (id, record, start_char, end_char, code) as the proposals query reads them.
type ProposalRow = (i64, i64, Option<i64>, Option<i64>, String);

/// (record, start, end, id, state) as the active-spans query reads them.
type ActiveRow = (i64, Option<i64>, Option<i64>, i64, String);

/// ((record, start, end), (redaction id, state)).
pub type ActiveSpan = ((RecordId, i64, i64), (RedactionId, RedactionState));

/// A redaction to record.
#[derive(Debug, Clone)]
pub struct NewRedaction {
    pub record_id: RecordId,
    pub start_char: i64,
    pub end_char: i64,
    pub code: String,
    pub note: Option<String>,
    pub origin: RedactionOrigin,
    /// Applied or proposed.
    pub state: RedactionState,
    /// The detector that found it.
    pub kind: Option<DetectorKind>,
    /// How sure the detector was (0–1).
    pub score: Option<f64>,
    pub created_by: UserId,
}

/// A redaction as stored, with the label of its code.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RedactionRow {
    pub id: RedactionId,
    pub record_id: RecordId,
    pub anchor: RedactionAnchor,
    pub start_char: Option<i64>,
    pub end_char: Option<i64>,
    pub page_no: Option<i64>,
    /// An area's rectangle (normalised to the page).
    pub x0: Option<f64>,
    pub y0: Option<f64>,
    pub x1: Option<f64>,
    pub y1: Option<f64>,
    pub code: String,
    pub label: String,
    pub note: Option<String>,
    pub origin: RedactionOrigin,
    /// The detector that found it.
    pub kind: Option<DetectorKind>,
    /// How sure the detector was (0–1).
    pub score: Option<f64>,
    pub state: RedactionState,
    pub created_by: String,
    pub created_at: String,
}

impl Tx {
    /// Records text redactions; returns their ids (in the order given). Many rows go in per
    /// statement: a terms list across a request can make hundreds of thousands.
    pub async fn insert_redactions(
        &mut self,
        rows: &[NewRedaction],
        at: &str,
    ) -> Result<Vec<RedactionId>> {
        let mut ids = Vec::with_capacity(rows.len());
        // 12 parameters a row, under SQLite's 32,766 (and PostgreSQL's 65,535).
        for chunk in rows.chunks(2700) {
            let sql = format!(
                "INSERT INTO redactions (record_id, anchor, start_char, end_char, code, note,
                                         origin, state, kind, score, created_by, created_at)
                 VALUES {} RETURNING id",
                // The score (column 9) is a double bound as text: `sql::double`.
                sql::values_with_doubles(self.backend(), chunk.len(), 12, 1, &[9])
            );
            let mut q = sqlx::query_as::<_, (i64,)>(&sql);
            for r in chunk {
                q = q
                    .bind(r.record_id.0)
                    .bind(RedactionAnchor::Text.as_str())
                    .bind(r.start_char)
                    .bind(r.end_char)
                    .bind(r.code.as_str())
                    .bind(r.note.as_deref())
                    .bind(r.origin.as_str())
                    .bind(r.state.as_str())
                    .bind(r.kind.map(DetectorKind::as_str))
                    .bind(sql::double(r.score))
                    .bind(r.created_by.0)
                    .bind(at);
            }
            // One statement numbers its rows in the order given; RETURNING's own order is
            // not promised, so sort.
            let mut got: Vec<RedactionId> = q
                .fetch_all(self.conn())
                .await?
                .into_iter()
                .map(|(id,)| RedactionId(id))
                .collect();
            got.sort_unstable();
            ids.extend(got);
        }
        Ok(ids)
    }

    /// The active (applied or proposed) text redactions of some records under one code:
    /// ((record, start, end), (id, state)), to leave an occurrence already redacted alone.
    pub async fn active_spans(
        &mut self,
        records: &[RecordId],
        code: &str,
    ) -> Result<Vec<ActiveSpan>> {
        let mut out = vec![];
        for chunk in records.chunks(1000) {
            let sql = format!(
                "SELECT record_id, start_char, end_char, id, state FROM redactions
                  WHERE state IN ({}) AND anchor = {} AND code = {}
                    AND record_id IN ({})",
                sql::words(&[RedactionState::Applied, RedactionState::Proposed]),
                sql::words(&[RedactionAnchor::Text]),
                sql::mark(self.backend(), 1),
                sql::list(self.backend(), chunk.len(), 2)
            );
            let mut q = sqlx::query_as::<_, ActiveRow>(&sql).bind(code);
            for r in chunk {
                q = q.bind(r.0);
            }
            let rows: Vec<ActiveRow> = q.fetch_all(self.conn()).await?;
            for (r, a, b, id, state) in rows {
                out.push((
                    (RecordId(r), a.unwrap_or(0), b.unwrap_or(0)),
                    (RedactionId(id), word(&state)?),
                ));
            }
        }
        Ok(out)
    }

    /// Records an area redaction (a rectangle on a page); returns its id.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_area_redaction(
        &mut self,
        record: RecordId,
        page: i64,
        rect: [f64; 4],
        code: &str,
        note: Option<&str>,
        by: UserId,
        at: &str,
    ) -> Result<RedactionId> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO redactions (record_id, anchor, page_no, x0, y0, x1, y1, code, note,
                                     origin, state, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(record.0)
        .bind(RedactionAnchor::Area.as_str())
        .bind(page)
        .bind(rect[0])
        .bind(rect[1])
        .bind(rect[2])
        .bind(rect[3])
        .bind(code)
        .bind(note)
        .bind(RedactionOrigin::Manual.as_str())
        .bind(RedactionState::Applied.as_str())
        .bind(by.0)
        .bind(at)
        .fetch_one(self.conn())
        .await?;
        Ok(RedactionId(id))
    }

    /// A record's redactions (every state), in the order made.
    pub async fn redactions(&mut self, record: RecordId) -> Result<Vec<RedactionRow>> {
        let rows = sqlx::query(
            "SELECT r.id, r.record_id, r.anchor, r.start_char, r.end_char, r.page_no,
                    r.x0, r.y0, r.x1, r.y1, r.code,
                    COALESCE(e.label, r.code) AS label, r.note, r.origin, r.kind, r.score, r.state,
                    COALESCE(u.name, '?') AS created_by, r.created_at
               FROM redactions r LEFT JOIN exemptions e ON e.code = r.code
               LEFT JOIN users u ON u.id = r.created_by
              WHERE r.record_id = $1 ORDER BY r.id",
        )
        .bind(record.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(RedactionRow {
                    id: RedactionId(r.try_get("id")?),
                    record_id: RecordId(r.try_get("record_id")?),
                    anchor: get_word(&r, "anchor")?,
                    start_char: r.try_get("start_char")?,
                    end_char: r.try_get("end_char")?,
                    page_no: r.try_get("page_no")?,
                    x0: r.try_get("x0")?,
                    y0: r.try_get("y0")?,
                    x1: r.try_get("x1")?,
                    y1: r.try_get("y1")?,
                    code: r.try_get("code")?,
                    label: r.try_get("label")?,
                    note: r.try_get("note")?,
                    origin: get_word(&r, "origin")?,
                    kind: get_opt_word(&r, "kind")?,
                    score: r.try_get("score")?,
                    state: get_word(&r, "state")?,
                    created_by: r.try_get("created_by")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// One redaction by id: (record, state).
    pub async fn redaction_state(
        &mut self,
        id: RedactionId,
    ) -> Result<Option<(RecordId, RedactionState)>> {
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT record_id, state FROM redactions WHERE id = $1")
                .bind(id.0)
                .fetch_optional(self.conn())
                .await?;
        row.map(|(r, s)| Ok((RecordId(r), word(&s)?))).transpose()
    }

    pub async fn set_redaction_state(
        &mut self,
        id: RedactionId,
        state: RedactionState,
    ) -> Result<()> {
        sqlx::query("UPDATE redactions SET state = $1 WHERE id = $2")
            .bind(state.as_str())
            .bind(id.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// A request's proposed redactions, optionally of one record, one origin, one detector,
    /// or those a detector was at least `min_score` sure of: (id, record, start, end, code).
    pub async fn proposals(
        &mut self,
        request: model::RequestId,
        record: Option<RecordId>,
        origin: Option<RedactionOrigin>,
        kind: Option<DetectorKind>,
        min_score: Option<f64>,
    ) -> Result<Vec<(RedactionId, RecordId, i64, i64, String)>> {
        let origin = origin.map(RedactionOrigin::as_str);
        let kind = kind.map(DetectorKind::as_str);
        let rows: Vec<ProposalRow> = sqlx::query_as(&format!(
            "SELECT r.id, r.record_id, r.start_char, r.end_char, r.code
               FROM redactions r JOIN records d ON d.id = r.record_id
              WHERE d.request_id = $1 AND r.state = {}
                AND ($2 IS NULL OR r.record_id = $3) AND ($4 IS NULL OR r.origin = $5)
                AND ($6 IS NULL OR r.kind = $7) AND ($8 IS NULL OR r.score >= CAST($9 AS DOUBLE PRECISION))
              ORDER BY r.id",
            sql::words(&[RedactionState::Proposed])
        ))
        .bind(request.0)
        .bind(record.map(|r| r.0))
        .bind(record.map(|r| r.0))
        .bind(origin)
        .bind(origin)
        .bind(kind)
        .bind(kind)
        // A double bound as text: `sql::double`.
        .bind(sql::double(min_score))
        .bind(sql::double(min_score))
        .fetch_all(self.conn())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, r, a, b, code)| {
                (
                    RedactionId(id),
                    RecordId(r),
                    a.unwrap_or(0),
                    b.unwrap_or(0),
                    code,
                )
            })
            .collect())
    }

    /// The metadata of a request's messages (their headers), for the people they name.
    pub async fn message_headers(
        &mut self,
        request: model::RequestId,
    ) -> Result<Vec<model::Metadata>> {
        let rows: Vec<(String,)> = sqlx::query_as(&format!(
            "SELECT metadata FROM records WHERE request_id = $1 AND status = {} AND kind IN ({})",
            sql::words(&[model::RecordStatus::Ingested]),
            sql::words(&[model::RecordKind::Email, model::RecordKind::Msg])
        ))
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        rows.into_iter()
            .map(|(m,)| model::Metadata::parse(&m).map_err(crate::error::corrupt))
            .collect()
    }

    /// The ids of a request's records that have text to redact (ingested ones and copies).
    pub async fn redactable_records(&mut self, request: model::RequestId) -> Result<Vec<RecordId>> {
        let rows: Vec<(i64,)> = sqlx::query_as(&format!(
            "SELECT id FROM records WHERE request_id = $1 AND status IN ({}) ORDER BY id",
            sql::words(&[
                model::RecordStatus::Ingested,
                model::RecordStatus::Duplicate
            ])
        ))
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        Ok(rows.into_iter().map(|(id,)| RecordId(id)).collect())
    }
}
