//! Review state of records, the change log the search index follows, and families.

use crate::error::{get_opt_word, get_word};
use crate::{Result, Tx, sql};
use model::{Disposition, RecordId, RecordStatus, RequestId, ReviewStatus, UserId};
use sqlx::Row;

/// A record's review state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewState {
    pub request_id: RequestId,
    pub status: RecordStatus,
    pub disposition: Option<Disposition>,
    pub review_status: ReviewStatus,
    pub exemptions: Vec<String>,
    pub version: i64,
    /// The user the record is assigned to for review.
    pub assignee: Option<UserId>,
    pub parent: Option<RecordId>,
}

impl Tx {
    /// Puts records on the change log the search indexes follow, without making a new
    /// version of them: what changed is derived (a message's conversation), not a decision
    /// a reviewer holding the record would be told about.
    pub async fn note_index_changes(&mut self, ids: &[RecordId], at: &str) -> Result<()> {
        for id in ids {
            sqlx::query("INSERT INTO record_changes (record_id, at) VALUES ($1, $2)")
                .bind(id.0)
                .bind(at)
                .execute(self.conn())
                .await?;
        }
        Ok(())
    }

    /// Notes that `actor` changed records (in the transaction that changed them): each gets
    /// its next version, remembers who changed it, and goes on the change log the search
    /// indexes follow.
    pub async fn note_record_changes(
        &mut self,
        ids: &[RecordId],
        actor: &str,
        at: &str,
    ) -> Result<()> {
        let backend = self.backend();
        for chunk in ids.chunks(CHUNK) {
            let q = format!(
                "UPDATE records SET version = version + 1, changed_by = {}, changed_at = {}
                  WHERE id IN ({})",
                sql::mark(backend, 1),
                sql::mark(backend, 2),
                sql::list(backend, chunk.len(), 3)
            );
            let mut q = sqlx::query(&q).bind(actor).bind(at);
            for id in chunk {
                q = q.bind(id.0);
            }
            q.execute(self.conn()).await?;
        }
        self.log_changes(ids, at).await
    }

    /// One row per record, in order: the change log the indexes follow.
    async fn log_changes(&mut self, ids: &[RecordId], at: &str) -> Result<()> {
        let backend = self.backend();
        for chunk in ids.chunks(CHUNK) {
            let q = format!(
                "INSERT INTO record_changes (record_id, at) VALUES {}",
                sql::values(backend, chunk.len(), 2, 1)
            );
            let mut q = sqlx::query(&q);
            for id in chunk {
                q = q.bind(id.0).bind(at);
            }
            q.execute(self.conn()).await?;
        }
        Ok(())
    }

    /// Refuses to go on when a record is no longer at the version the user saw: someone
    /// else changed it since ([`crate::Error::Changed`] names them).
    pub async fn expect_record_version(&mut self, id: RecordId, seen: i64) -> Result<()> {
        let row: Option<(i64, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT version, changed_by, changed_at FROM records WHERE id = $1")
                .bind(id.0)
                .fetch_optional(self.conn())
                .await?;
        match row {
            None => Err(crate::Error::NotFound(format!("record {id}"))),
            Some((version, _, _)) if version == seen => Ok(()),
            Some((_, by, at)) => Err(crate::Error::Changed {
                what: format!("record {id}"),
                by: by.unwrap_or_else(|| "another user".into()),
                at: at.unwrap_or_default(),
            }),
        }
    }

    /// A record's reviewer note (internal: never released).
    pub async fn record_note(&mut self, id: RecordId) -> Result<Option<String>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT note FROM records WHERE id = $1")
                .bind(id.0)
                .fetch_optional(self.conn())
                .await?;
        Ok(row.and_then(|r| r.0))
    }

    pub async fn set_record_note(&mut self, id: RecordId, note: Option<&str>) -> Result<()> {
        sqlx::query("UPDATE records SET note = $1 WHERE id = $2")
            .bind(note)
            .bind(id.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Entries of the change log after `seq`: (seq, record), oldest first.
    pub async fn record_changes_after(
        &mut self,
        seq: u64,
        limit: i64,
    ) -> Result<Vec<(u64, RecordId)>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT seq, record_id FROM record_changes WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(seq as i64)
        .bind(limit)
        .fetch_all(self.conn())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(s, id)| (s as u64, RecordId(id)))
            .collect())
    }

    /// The last entry of the change log (0 when none).
    pub async fn last_change_seq(&mut self) -> Result<u64> {
        let (n,): (Option<i64>,) = sqlx::query_as("SELECT MAX(seq) FROM record_changes")
            .fetch_one(self.conn())
            .await?;
        Ok(n.unwrap_or(0) as u64)
    }

    /// The review states of many records at once (those that exist).
    pub async fn review_states(
        &mut self,
        ids: &[RecordId],
    ) -> Result<std::collections::HashMap<RecordId, ReviewState>> {
        let backend = self.backend();
        let mut out = std::collections::HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let q = format!(
                "SELECT id, request_id, status, disposition, review_status, version, assignee_id, parent_id,
                        (SELECT string_agg(code, ' ' ORDER BY code) FROM record_exemptions WHERE record_id = r.id)
                          AS exemptions
                   FROM records r WHERE id IN ({})",
                sql::list(backend, chunk.len(), 1)
            );
            let mut q = sqlx::query(&q);
            for id in chunk {
                q = q.bind(id.0);
            }
            for r in q.fetch_all(self.conn()).await? {
                out.insert(RecordId(r.try_get("id")?), state_from(&r)?);
            }
        }
        Ok(out)
    }

    /// Sets many records' dispositions, review states and exemptions (as
    /// [`Tx::set_review_state`] does for one) as one decision by `actor`, in few statements:
    /// each record also gets its next version and who changed it (as
    /// [`Tx::note_record_changes`] gives), in the same UPDATE, and goes on the change log.
    /// One UPDATE and not two: a record's row holds its text, so each UPDATE rewrites its
    /// page, and at 50,000 records a second pass doubled what the transaction wrote.
    pub async fn set_review_states(
        &mut self,
        rows: &[(RecordId, Option<Disposition>, ReviewStatus, Vec<String>)],
        actor: &str,
        at: &str,
    ) -> Result<()> {
        let backend = self.backend();
        let mut same: std::collections::BTreeMap<(Option<&str>, &str), Vec<RecordId>> =
            Default::default();
        for (id, d, st, _) in rows {
            same.entry((d.map(Disposition::as_str), st.as_str()))
                .or_default()
                .push(*id);
        }
        for ((d, st), ids) in same {
            for chunk in ids.chunks(CHUNK) {
                let q = format!(
                    "UPDATE records SET disposition = {}, review_status = {},
                            version = version + 1, changed_by = {}, changed_at = {}
                      WHERE id IN ({})",
                    sql::mark(backend, 1),
                    sql::mark(backend, 2),
                    sql::mark(backend, 3),
                    sql::mark(backend, 4),
                    sql::list(backend, chunk.len(), 5)
                );
                let mut q = sqlx::query(&q).bind(d).bind(st).bind(actor).bind(at);
                for id in chunk {
                    q = q.bind(id.0);
                }
                q.execute(self.conn()).await?;
            }
        }
        let ids: Vec<RecordId> = rows.iter().map(|r| r.0).collect();
        for chunk in ids.chunks(CHUNK) {
            let q = format!(
                "DELETE FROM record_exemptions WHERE record_id IN ({})",
                sql::list(backend, chunk.len(), 1)
            );
            let mut q = sqlx::query(&q);
            for id in chunk {
                q = q.bind(id.0);
            }
            q.execute(self.conn()).await?;
        }
        let pairs: Vec<(RecordId, &str)> = rows
            .iter()
            .flat_map(|(id, _, _, codes)| codes.iter().map(move |c| (*id, c.as_str())))
            .collect();
        for chunk in pairs.chunks(CHUNK) {
            let q = format!(
                "INSERT INTO record_exemptions (record_id, code) VALUES {}",
                sql::values(backend, chunk.len(), 2, 1)
            );
            let mut q = sqlx::query(&q);
            for (id, code) in chunk {
                q = q.bind(id.0).bind(*code);
            }
            q.execute(self.conn()).await?;
        }
        self.log_changes(&ids, at).await
    }

    /// Sets many records' review status as one decision by `actor`, with their next
    /// versions and change-log entries (see [`Tx::set_review_states`]).
    pub async fn set_review_statuses(
        &mut self,
        ids: &[RecordId],
        status: ReviewStatus,
        actor: &str,
        at: &str,
    ) -> Result<()> {
        let backend = self.backend();
        for chunk in ids.chunks(CHUNK) {
            let q = format!(
                "UPDATE records SET review_status = {}, version = version + 1, changed_by = {},
                        changed_at = {}
                  WHERE id IN ({})",
                sql::mark(backend, 1),
                sql::mark(backend, 2),
                sql::mark(backend, 3),
                sql::list(backend, chunk.len(), 4)
            );
            let mut q = sqlx::query(&q).bind(status.as_str()).bind(actor).bind(at);
            for id in chunk {
                q = q.bind(id.0);
            }
            q.execute(self.conn()).await?;
        }
        self.log_changes(ids, at).await
    }

    pub async fn review_state(&mut self, id: RecordId) -> Result<Option<ReviewState>> {
        let row = sqlx::query(
            "SELECT request_id, status, disposition, review_status, version, assignee_id, parent_id,
                    (SELECT string_agg(code, ' ' ORDER BY code) FROM record_exemptions WHERE record_id = r.id)
                      AS exemptions
               FROM records r WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(self.conn())
        .await?;
        row.map(|r| state_from(&r)).transpose()
    }

    /// Sets a record's disposition and review state, and the exemptions it is withheld under.
    pub async fn set_review_state(
        &mut self,
        id: RecordId,
        disposition: Option<Disposition>,
        review_status: ReviewStatus,
        exemptions: &[String],
    ) -> Result<()> {
        sqlx::query("UPDATE records SET disposition = $1, review_status = $2 WHERE id = $3")
            .bind(disposition.map(Disposition::as_str))
            .bind(review_status.as_str())
            .bind(id.0)
            .execute(self.conn())
            .await?;
        sqlx::query("DELETE FROM record_exemptions WHERE record_id = $1")
            .bind(id.0)
            .execute(self.conn())
            .await?;
        for code in exemptions {
            sqlx::query("INSERT INTO record_exemptions (record_id, code) VALUES ($1, $2)")
                .bind(id.0)
                .bind(code)
                .execute(self.conn())
                .await?;
        }
        Ok(())
    }

    /// Whether records go out as page images with a text layer read by OCR.
    pub async fn set_release_as_images(&mut self, ids: &[RecordId], on: bool) -> Result<()> {
        for id in ids {
            sqlx::query("UPDATE records SET release_as_images = $1 WHERE id = $2")
                .bind(i64::from(on))
                .bind(id.0)
                .execute(self.conn())
                .await?;
        }
        Ok(())
    }

    /// Whether a record goes out as page images.
    pub async fn release_as_images(&mut self, id: RecordId) -> Result<bool> {
        let v: Option<(i64,)> =
            sqlx::query_as("SELECT release_as_images FROM records WHERE id = $1")
                .bind(id.0)
                .fetch_optional(self.conn())
                .await?;
        Ok(v.is_some_and(|(v,)| v != 0))
    }

    /// Sets a record's review status alone.
    pub async fn set_review_status(&mut self, id: RecordId, status: ReviewStatus) -> Result<()> {
        sqlx::query("UPDATE records SET review_status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(id.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Assigns records for review (or, with `None`, unassigns them).
    pub async fn set_assignee(&mut self, ids: &[RecordId], user: Option<UserId>) -> Result<()> {
        let backend = self.backend();
        for chunk in ids.chunks(CHUNK) {
            let q = format!(
                "UPDATE records SET assignee_id = {} WHERE id IN ({})",
                sql::mark(backend, 1),
                sql::list(backend, chunk.len(), 2)
            );
            let mut q = sqlx::query(&q).bind(user.map(|u| u.0));
            for id in chunk {
                q = q.bind(id.0);
            }
            q.execute(self.conn()).await?;
        }
        Ok(())
    }

    /// A record's attachments and their attachments, in id order.
    pub async fn descendants(&mut self, id: RecordId) -> Result<Vec<RecordId>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "WITH RECURSIVE down(id) AS (
                 SELECT id FROM records WHERE parent_id = $1
                 UNION ALL
                 SELECT r.id FROM records r JOIN down ON r.parent_id = down.id)
             SELECT id FROM down ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(self.conn())
        .await?;
        Ok(rows.into_iter().map(|(i,)| RecordId(i)).collect())
    }

    /// Every record of a request with the top of its family (the outermost parent; itself
    /// when it has none).
    pub async fn family_tops(&mut self, request: RequestId) -> Result<Vec<(RecordId, RecordId)>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "WITH RECURSIVE up(id, top) AS (
                 SELECT id, id FROM records WHERE request_id = $1 AND parent_id IS NULL
                 UNION ALL
                 SELECT r.id, up.top FROM records r JOIN up ON r.parent_id = up.id)
             SELECT id, top FROM up",
        )
        .bind(request.0)
        .fetch_all(self.conn())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(a, b)| (RecordId(a), RecordId(b)))
            .collect())
    }
}

/// Records per statement of the batched updates.
const CHUNK: usize = 500;

fn state_from(r: &sqlx::any::AnyRow) -> Result<ReviewState> {
    let ex: Option<String> = r.try_get("exemptions")?;
    Ok(ReviewState {
        request_id: RequestId(r.try_get("request_id")?),
        status: get_word(r, "status")?,
        disposition: get_opt_word(r, "disposition")?,
        review_status: get_word(r, "review_status")?,
        exemptions: ex
            .unwrap_or_default()
            .split_whitespace()
            .map(String::from)
            .collect(),
        version: r.try_get("version")?,
        assignee: r.try_get::<Option<i64>, _>("assignee_id")?.map(UserId),
        parent: r.try_get::<Option<i64>, _>("parent_id")?.map(RecordId),
    })
}
