//! Review batches: an officer splits a request's undecided records into batches of about N
//! (a conversation, a family and a near-duplicate group always in one batch), optionally only
//! a query's hits, and assigns them; or a clerk takes the next open batch. Progress per batch
//! (decided of its records) and per reviewer (decided, and at what rate).

use crate::{Actor, ApiError, Office, Result};
use model::{Action, AuditAction, RecordId, RequestRef};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use store::{BatchRow, ReviewerRow};

/// A request's batches and reviewers.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BatchesView {
    pub batches: Vec<BatchRow>,
    pub reviewers: Vec<ReviewerRow>,
}

impl Office {
    /// Splits the request's undecided records that are in no batch yet (with `query`, only
    /// its hits) into new batches of about `size` records: whole conversations, families and
    /// near-duplicate groups, in record order. A group larger than `size` is a batch of its
    /// own. Returns the new batches.
    pub async fn make_batches(
        &self,
        actor: &Actor,
        reference: &str,
        size: usize,
        query: Option<&str>,
    ) -> Result<Vec<BatchRow>> {
        if size == 0 {
            return Err(ApiError::invalid("a batch holds at least one record"));
        }
        let wanted: Option<HashSet<RecordId>> = match query {
            Some(q) => Some(
                self.search_ids(actor, reference, q)
                    .await?
                    .into_iter()
                    .collect(),
            ),
            None => None,
        };
        let r = RequestRef::parse(reference)?;
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::AssignReview).await?;
        let req = crate::requests::request_of(&mut tx, &r).await?;
        crate::redaction::open_for_review(&r, req.state)?;
        let records = tx.records_for_batching(req.id).await?;
        let units = units(&records, |id| {
            wanted.as_ref().is_none_or(|w| w.contains(&id))
        });
        let first = tx
            .batches(req.id)
            .await?
            .iter()
            .map(|b| b.number)
            .max()
            .unwrap_or(0)
            + 1;
        let mut batches: Vec<Vec<RecordId>> = vec![];
        for unit in units {
            match batches.last_mut() {
                Some(b) if b.len() + unit.len() <= size => b.extend(unit),
                _ => batches.push(unit),
            }
        }
        let mut numbers = vec![];
        for (i, ids) in batches.iter().enumerate() {
            let n = first + i as i64;
            tx.set_batch(ids, n).await?;
            numbers.push(n);
        }
        if !batches.is_empty() {
            tx.append_audit(
                &self.now(),
                actor.name(),
                AuditAction::ReviewBatches,
                &format!("request/{r}"),
                // The batches are numbered in a run: the first and last, not each.
                json!({"made": {"count": numbers.len(), "first": numbers.first(), "last": numbers.last()},
                       "size": size, "query": query.map(crate::audit::text_digest),
                       "records": batches.iter().map(Vec::len).sum::<usize>()}),
            )
            .await?;
        }
        let made: HashSet<i64> = numbers.into_iter().collect();
        let rows = tx
            .batches(req.id)
            .await?
            .into_iter()
            .filter(|b| made.contains(&b.number))
            .collect();
        tx.commit().await?;
        Ok(rows)
    }

    /// A request's batches with their progress, and each reviewer's.
    pub async fn batches(&self, actor: &Actor, reference: &str) -> Result<BatchesView> {
        let r = RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let req = crate::requests::request_of(&mut tx, &r).await?;
        Ok(BatchesView {
            batches: tx.batches(req.id).await?,
            reviewers: tx.reviewer_progress(req.id).await?,
        })
    }

    /// Assigns a batch's records to a reviewer (officers and supervisors).
    pub async fn assign_batch(
        &self,
        actor: &Actor,
        reference: &str,
        batch: i64,
        to: Option<&str>,
    ) -> Result<BatchRow> {
        let ids = self.batch_ids(reference, batch).await?;
        self.assign(actor, reference, &ids, to).await?;
        self.batch_row(reference, batch).await
    }

    /// The next open batch (lowest number, no reviewer, records left to decide) assigned to
    /// the clerk who asks; None when every batch is taken or done.
    pub async fn take_batch(&self, actor: &Actor, reference: &str) -> Result<Option<BatchRow>> {
        let r = RequestRef::parse(reference)?;
        let mut tx = self.store.write().await?;
        let user = self.authorize(&mut tx, actor, Action::Review).await?;
        let req = crate::requests::request_of(&mut tx, &r).await?;
        crate::redaction::open_for_review(&r, req.state)?;
        let Some(open) = tx
            .batches(req.id)
            .await?
            .into_iter()
            .find(|b| b.reviewer.is_none() && b.decided < b.records)
        else {
            return Ok(None);
        };
        let ids = tx.batch_records(req.id, open.number).await?;
        tx.set_assignee(&ids, Some(user.id)).await?;
        tx.append_audit(
            &self.now(),
            actor.name(),
            AuditAction::ReviewBatches,
            &format!("request/{r}"),
            json!({"taken": open.number, "by": user.name, "records": ids.len()}),
        )
        .await?;
        let row = tx
            .batches(req.id)
            .await?
            .into_iter()
            .find(|b| b.number == open.number);
        tx.commit().await?;
        Ok(row)
    }

    async fn batch_ids(&self, reference: &str, batch: i64) -> Result<Vec<RecordId>> {
        let r = RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        let req = crate::requests::request_of(&mut tx, &r).await?;
        let ids = tx.batch_records(req.id, batch).await?;
        if ids.is_empty() {
            return Err(ApiError::not_found(format!(
                "request {r} has no batch {batch}"
            )));
        }
        Ok(ids)
    }

    async fn batch_row(&self, reference: &str, batch: i64) -> Result<BatchRow> {
        let r = RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        let req = crate::requests::request_of(&mut tx, &r).await?;
        tx.batches(req.id)
            .await?
            .into_iter()
            .find(|b| b.number == batch)
            .ok_or_else(|| ApiError::not_found(format!("request {r} has no batch {batch}")))
    }
}

/// The records to batch, as units kept together: undecided, in no batch, chosen by `wanted`,
/// joined when they share a family (their top record), a conversation or a near-duplicate
/// group; units in the order of their first record.
fn units(
    records: &[store::RecordForBatching],
    wanted: impl Fn(RecordId) -> bool,
) -> Vec<Vec<RecordId>> {
    let parent: HashMap<RecordId, Option<RecordId>> =
        records.iter().map(|r| (r.id, r.parent)).collect();
    let top = |mut id: RecordId| {
        let mut seen = 0;
        while let Some(Some(p)) = parent.get(&id) {
            id = *p;
            seen += 1;
            if seen > 64 {
                break;
            }
        }
        id
    };
    let chosen: Vec<&store::RecordForBatching> = records
        .iter()
        .filter(|r| r.disposition.is_none() && r.batch.is_none() && wanted(r.id))
        .collect();
    // Union–find over the chosen records by shared keys.
    let mut up: Vec<usize> = (0..chosen.len()).collect();
    fn find(up: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while up[r] != r {
            r = up[r];
        }
        let mut i = i;
        while up[i] != r {
            let n = up[i];
            up[i] = r;
            i = n;
        }
        r
    }
    let mut first_with: HashMap<(u8, RecordId), usize> = HashMap::new();
    for (i, r) in chosen.iter().enumerate() {
        let keys = [
            Some((0u8, top(r.id))),
            r.conversation.map(|c| (1u8, c)),
            r.near_dup_group.map(|g| (2u8, g)),
        ];
        for k in keys.into_iter().flatten() {
            match first_with.get(&k) {
                Some(&j) => {
                    let (a, b) = (find(&mut up, i), find(&mut up, j));
                    if a != b {
                        up[a.max(b)] = a.min(b);
                    }
                }
                None => {
                    first_with.insert(k, i);
                }
            }
        }
    }
    let mut groups: Vec<Vec<RecordId>> = vec![];
    let mut at: HashMap<usize, usize> = HashMap::new();
    for (i, r) in chosen.iter().enumerate() {
        let root = find(&mut up, i);
        match at.get(&root) {
            Some(&g) => groups[g].push(r.id),
            None => {
                at.insert(root, groups.len());
                groups.push(vec![r.id]);
            }
        }
    }
    groups
}
