use crate::error::{corrupt, exists_or, word};
use crate::{Result, Tx};
use chrono::NaiveDate;
use model::request::{Extension, NewRequest};
use model::{Request, RequestId, RequestRef, StateChange, StateFacts, UserId};
use sqlx::Row;

fn date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| corrupt(format!("date '{s}'")))
}

const REQUEST_SELECT: &str =
    "SELECT r.id, r.reference, r.requester, r.description, r.received_on, r.due_on,
        r.extended_days, r.status, u.name AS created_by, r.state, r.closed_as, r.determined_on
   FROM requests r JOIN users u ON u.id = r.created_by";

fn request_from(r: sqlx::any::AnyRow) -> Result<Request> {
    let reference: String = r.try_get("reference")?;
    Ok(Request {
        id: RequestId(r.try_get("id")?),
        reference: RequestRef::parse(&reference)
            .map_err(|_| corrupt(format!("reference '{reference}'")))?,
        requester: r.try_get("requester")?,
        description: r.try_get("description")?,
        received: date(&r.try_get::<String, _>("received_on")?)?,
        due: date(&r.try_get::<String, _>("due_on")?)?,
        status: crate::error::get_word(&r, "status")?,
        extended_days: u32::try_from(r.try_get::<i64, _>("extended_days")?)
            .map_err(|_| corrupt("extended days"))?,
        created_by: r.try_get("created_by")?,
        extensions: vec![],
        state: crate::error::get_word(&r, "state")?,
        closed_as: crate::error::get_opt_word(&r, "closed_as")?,
        determined_on: r
            .try_get::<Option<String>, _>("determined_on")?
            .map(|d| date(&d))
            .transpose()?,
        history: vec![],
    })
}

impl Tx {
    pub async fn insert_request(
        &mut self,
        new: &NewRequest,
        created_by: UserId,
        at: &str,
    ) -> Result<RequestId> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO requests (reference, requester, description, received_on, due_on, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(new.reference.as_str())
        .bind(&new.requester)
        .bind(&new.description)
        .bind(new.received.to_string())
        .bind(new.due.to_string())
        .bind(created_by.0)
        .bind(at)
        .fetch_one(self.conn())
        .await
        .map_err(|e| exists_or(e, || format!("request {}", new.reference)))?;
        Ok(RequestId(id))
    }

    /// A request with its extensions.
    pub async fn request(&mut self, reference: &RequestRef) -> Result<Option<Request>> {
        let row = sqlx::query(&format!("{REQUEST_SELECT} WHERE r.reference = $1"))
            .bind(reference.as_str())
            .fetch_optional(self.conn())
            .await?;
        let Some(mut req) = row.map(request_from).transpose()? else {
            return Ok(None);
        };
        let rows = sqlx::query(
            "SELECT e.days, e.reason, e.previous_due, e.new_due, u.name, e.extended_at
               FROM request_extensions e JOIN users u ON u.id = e.extended_by
              WHERE e.request_id = $1 ORDER BY e.id",
        )
        .bind(req.id.0)
        .fetch_all(self.conn())
        .await?;
        for r in rows {
            req.extensions.push(Extension {
                days: u32::try_from(r.try_get::<i64, _>(0)?)
                    .map_err(|_| corrupt("extension days"))?,
                reason: r.try_get(1)?,
                previous_due: date(&r.try_get::<String, _>(2)?)?,
                new_due: date(&r.try_get::<String, _>(3)?)?,
                by: r.try_get(4)?,
                at: r.try_get(5)?,
            });
        }
        let rows = sqlx::query(
            "SELECT s.from_state, s.to_state, s.closed_as, s.note, s.on_day, u.name, s.changed_at
               FROM request_states s JOIN users u ON u.id = s.changed_by
              WHERE s.request_id = $1 ORDER BY s.id",
        )
        .bind(req.id.0)
        .fetch_all(self.conn())
        .await?;
        for r in rows {
            req.history.push(StateChange {
                from: word(&r.try_get::<String, _>(0)?)?,
                to: word(&r.try_get::<String, _>(1)?)?,
                closed_as: r
                    .try_get::<Option<String>, _>(2)?
                    .map(|w| word(&w))
                    .transpose()?,
                note: r.try_get(3)?,
                on: date(&r.try_get::<String, _>(4)?)?,
                by: r.try_get(5)?,
                at: r.try_get(6)?,
            });
        }
        Ok(Some(req))
    }

    /// What the state rules need to know of a request: whether it holds records, and how
    /// many installments were exported.
    pub async fn state_facts(&mut self, req: &Request) -> Result<StateFacts> {
        let (records, exports): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM records WHERE request_id = $1),
                    (SELECT COUNT(*) FROM exports WHERE request_id = $1)",
        )
        .bind(req.id.0)
        .fetch_one(self.conn())
        .await?;
        Ok(StateFacts {
            state: req.state,
            has_records: records > 0,
            released: exports as u32,
        })
    }

    /// Moves a request to `change.to` (closed: with why), keeping the change in its history;
    /// `determined_on` sets the day of its first determination when it has none.
    pub async fn change_state(
        &mut self,
        id: RequestId,
        change: &StateChange,
        by: UserId,
        determined_on: Option<NaiveDate>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO request_states (request_id, from_state, to_state, closed_as, note, on_day, changed_by, changed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id.0)
        .bind(change.from.as_str())
        .bind(change.to.as_str())
        .bind(change.closed_as.map(|c| c.as_str()))
        .bind(&change.note)
        .bind(change.on.to_string())
        .bind(by.0)
        .bind(&change.at)
        .execute(self.conn())
        .await?;
        sqlx::query(
            "UPDATE requests SET state = $1, closed_as = $2,
                    determined_on = COALESCE(determined_on, $3), version = version + 1
              WHERE id = $4",
        )
        .bind(change.to.as_str())
        .bind(change.closed_as.map(|c| c.as_str()))
        .bind(determined_on.map(|d| d.to_string()))
        .bind(id.0)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// A request by its id, without its extensions and history.
    pub async fn request_by_id(&mut self, id: RequestId) -> Result<Option<Request>> {
        let row = sqlx::query(&format!("{REQUEST_SELECT} WHERE r.id = $1"))
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(request_from).transpose()
    }

    /// Every request, soonest due first (extensions are not loaded: see [`Tx::request`]).
    pub async fn requests(&mut self) -> Result<Vec<Request>> {
        let rows = sqlx::query(&format!("{REQUEST_SELECT} ORDER BY r.due_on, r.reference"))
            .fetch_all(self.conn())
            .await?;
        rows.into_iter().map(request_from).collect()
    }

    /// Per request: its records (copies and failures included), those reviewed or checked,
    /// its applied redactions, and its assignee's name. The record counts read two indexes
    /// (request, review batch) and (request, review status), never the records' rows; the
    /// redactions are counted in one pass over that table (CROSS JOIN keeps SQLite from
    /// probing it once per record), not once per request.
    pub async fn request_counts(&mut self) -> Result<Vec<RequestCounts>> {
        Ok(sqlx::query_as(&request_counts_sql())
            .fetch_all(self.conn())
            .await?
            .into_iter()
            .map(
                |(id, records, reviewed, redactions, assignee, submitted_by, submitted_at): (
                    i64,
                    i64,
                    i64,
                    i64,
                    Option<String>,
                    Option<String>,
                    Option<String>,
                )| {
                    RequestCounts {
                        request: RequestId(id),
                        records: records as u64,
                        reviewed: reviewed as u64,
                        redactions: redactions as u64,
                        assignee,
                        submitted_by,
                        submitted_at,
                    }
                },
            )
            .collect())
    }

    pub async fn add_extension(
        &mut self,
        id: RequestId,
        ext: &Extension,
        by: UserId,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO request_extensions (request_id, days, reason, previous_due, new_due, extended_by, extended_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id.0)
        .bind(i64::from(ext.days))
        .bind(&ext.reason)
        .bind(ext.previous_due.to_string())
        .bind(ext.new_due.to_string())
        .bind(by.0)
        .bind(&ext.at)
        .execute(self.conn())
        .await?;
        sqlx::query(
            "UPDATE requests SET due_on = $1, extended_days = extended_days + $2, version = version + 1
              WHERE id = $3",
        )
        .bind(ext.new_due.to_string())
        .bind(i64::from(ext.days))
        .bind(id.0)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}

/// A request's numbers for the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestCounts {
    pub request: RequestId,
    pub records: u64,
    pub reviewed: u64,
    pub redactions: u64,
    pub assignee: Option<String>,
    /// Who submitted its latest release for approval, and when.
    pub submitted_by: Option<String>,
    pub submitted_at: Option<String>,
}

/// The statement behind [`Tx::request_counts`].
fn request_counts_sql() -> String {
    format!(
        "SELECT q.id,
                    (SELECT COUNT(*) FROM records r WHERE r.request_id = q.id),
                    (SELECT COUNT(*) FROM records r WHERE r.request_id = q.id
                       AND r.review_status IN ({})),
                    COALESCE(x.n, 0),
                    u.name,
                    (SELECT s.name FROM approvals a JOIN users s ON s.id = a.submitted_by
                      WHERE a.request_id = q.id ORDER BY a.id DESC LIMIT 1),
                    (SELECT a.submitted_at FROM approvals a
                      WHERE a.request_id = q.id ORDER BY a.id DESC LIMIT 1)
             FROM requests q LEFT JOIN users u ON u.id = q.assignee_id
             LEFT JOIN (SELECT r.request_id AS request_id, COUNT(*) AS n
                          FROM redactions d CROSS JOIN records r
                         WHERE r.id = d.record_id AND d.state = {}
                         GROUP BY r.request_id) x ON x.request_id = q.id",
        crate::sql::words(&[model::ReviewStatus::Reviewed, model::ReviewStatus::Checked]),
        crate::sql::words(&[model::RedactionState::Applied])
    )
}

#[cfg(test)]
mod tests {
    /// At 500,000 records, reading every row to count the reviewed ones took 2.4 s cold
    /// before the dashboard showed (issue 25): the counts must come from indexes.
    #[tokio::test]
    async fn the_dashboard_counts_read_indexes_not_the_records_rows() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(dir.path()).await.unwrap();
        let mut tx = store.read().await.unwrap();
        let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!(
            "EXPLAIN QUERY PLAN {}",
            super::request_counts_sql()
        ))
        .fetch_all(tx.conn())
        .await
        .unwrap();
        let plan: Vec<String> = rows.into_iter().map(|r| r.3).collect();
        let on_records: Vec<&String> = plan
            .iter()
            .filter(|d| d.starts_with("SEARCH r ") || d.starts_with("SCAN r"))
            .collect();
        assert!(!on_records.is_empty(), "{plan:?}");
        for step in on_records {
            assert!(
                step.contains("COVERING INDEX") || step.contains("INTEGER PRIMARY KEY"),
                "a step reads the records' rows: {step} in {plan:?}"
            );
        }
        assert!(
            plan.iter()
                .any(|d| d.contains("COVERING INDEX records_by_review_status")),
            "{plan:?}"
        );
        assert!(
            !plan.iter().any(|d| d.starts_with("SEARCH d ")),
            "the redactions are probed once per record: {plan:?}"
        );
    }
}
