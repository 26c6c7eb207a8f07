//! Decisions on many records at once: a disposition, withholding under a code, a review
//! status or an assignment applied to a selection (a query's hits, a saved search, a
//! conversation, records picked by id). The rules stay per record: a record the actor may not
//! change, or that the change does not fit, is listed with its reason and left as it was —
//! never half-applied silently. One audit event names the selection and the counts; each
//! changed record's state before is kept beside it (the store's `bulk_undo`, checked against
//! the SHA-256 the event holds), so that the whole decision can be undone as one step.

use crate::{Actor, ApiError, Office, Result};
use model::{
    Action, AuditAction, Disposition, RecordId, RecordStatus, RequestRef, ReviewStatus, UserId,
};
use serde::Serialize;
use serde_json::json;
use store::ReviewState;

/// Which records a bulk decision applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Selection {
    /// The hits of a query (every hit, not a page of them).
    Query(String),
    /// The hits of a saved search of the request.
    Saved(String),
    /// A conversation (`thread:`); with `inclusive_only`, its inclusive messages only.
    Thread { id: RecordId, inclusive_only: bool },
    /// Records picked by id.
    Ids(Vec<RecordId>),
    /// A record's near-duplicate group (the record and every member of its group).
    NearDupsOf(RecordId),
}

impl Selection {
    /// The selection as the audit event names it: bounded, and without the query's words (a
    /// query may hold the values being redacted).
    fn describe(&self) -> serde_json::Value {
        match self {
            Selection::Query(q) => json!({"query": crate::audit::text_digest(q)}),
            Selection::Saved(n) => json!({"saved": n}),
            Selection::Thread { id, inclusive_only } => {
                json!({"thread": id, "inclusive_only": inclusive_only})
            }
            Selection::Ids(ids) => json!({"ids": crate::audit::id_list(ids.iter().map(|i| i.0))}),
            Selection::NearDupsOf(id) => json!({"near_dups_of": id}),
        }
    }
}

/// The decision applied to each selected record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum BulkChange {
    Disposition(Disposition),
    /// Withhold in full under this exemption code.
    Withhold(String),
    /// `in-review`, `unreviewed` or `checked`.
    Status(ReviewStatus),
    /// Assign to a reviewer (None: unassign).
    Assign(Option<String>),
}

/// What a bulk decision did, or (dry run) would do.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BulkReport {
    pub dry_run: bool,
    /// Records the selection named.
    pub selected: u64,
    /// Records changed (or that would be).
    pub changed: u64,
    /// Records already as the decision would leave them.
    pub unchanged: u64,
    /// Records left as they were, with why.
    pub refused: Vec<Refusal>,
    /// The audit event of the decision (what `undo_bulk` takes); none for a dry run or when
    /// nothing changed.
    pub event: Option<i64>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Refusal {
    pub doc_id: RecordId,
    pub reason: String,
}

/// A record's state as a bulk decision found it (kept for undo in the store's `bulk_undo`, as
/// this JSON; decisions made before that kept them in their audit event).
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
struct Before {
    id: RecordId,
    disposition: Option<Disposition>,
    review_status: ReviewStatus,
    exemptions: Vec<String>,
    assignee: Option<i64>,
    /// The record's version after the decision: undo restores only records not changed since.
    version_after: i64,
}

impl Office {
    /// The records a selection names, in id order, without repeats.
    pub async fn select(
        &self,
        actor: &Actor,
        reference: &str,
        selection: &Selection,
    ) -> Result<Vec<RecordId>> {
        let r = RequestRef::parse(reference)?;
        let mut ids = match selection {
            Selection::Query(q) => self.search_ids(actor, reference, q).await?,
            Selection::Saved(name) => {
                let query = {
                    let mut tx = self.store.read().await?;
                    self.authorize(&mut tx, actor, Action::Read).await?;
                    let req = crate::requests::request_of(&mut tx, &r).await?;
                    tx.saved_search(req.id, name.trim())
                        .await?
                        .ok_or_else(|| {
                            ApiError::not_found(format!(
                                "request {r} has no saved search \"{}\"",
                                name.trim()
                            ))
                        })?
                        .query
                };
                self.search_ids(actor, reference, &query).await?
            }
            Selection::Thread { id, inclusive_only } => {
                let q = format!(
                    "thread:{}{}",
                    id.0,
                    if *inclusive_only {
                        " inclusive:yes"
                    } else {
                        ""
                    }
                );
                let ids = self.search_ids(actor, reference, &q).await?;
                if ids.is_empty() {
                    return Err(ApiError::not_found(format!(
                        "request {r} has no conversation {id}"
                    )));
                }
                ids
            }
            Selection::Ids(ids) => ids.clone(),
            Selection::NearDupsOf(id) => {
                let docs = self.records(actor, reference).await?;
                let group = docs
                    .iter()
                    .find(|d| d.id == *id)
                    .ok_or_else(|| ApiError::not_found(format!("request {r} has no record {id}")))?
                    .near_dup_group;
                match group {
                    Some(g) => docs
                        .iter()
                        .filter(|d| d.near_dup_group == Some(g))
                        .map(|d| d.id)
                        .collect(),
                    None => vec![*id],
                }
            }
        };
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// Applies one decision to every record of a selection, in one transaction and one
    /// audit event; with `dry_run`, says what it would do and changes nothing.
    pub async fn decide_many(
        &self,
        actor: &Actor,
        reference: &str,
        selection: &Selection,
        change: &BulkChange,
        dry_run: bool,
    ) -> Result<BulkReport> {
        let ids = self.select(actor, reference, selection).await?;
        let reference = RequestRef::parse(reference)?;
        let action = match change {
            BulkChange::Disposition(_) => Action::Review,
            BulkChange::Withhold(_) => Action::Withhold,
            BulkChange::Status(ReviewStatus::Checked) | BulkChange::Assign(_) => {
                Action::AssignReview
            }
            BulkChange::Status(_) => Action::Review,
        };
        let mut tx = self.store.write().await?;
        let user = self.authorize(&mut tx, actor, action).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        crate::redaction::open_for_review(&reference, req.state)?;
        if let BulkChange::Withhold(code) = change {
            crate::redaction::active_code(&mut tx, code.trim()).await?;
        }
        let assignee: Option<UserId> = match change {
            BulkChange::Assign(Some(name)) => Some(
                tx.user_by_name(name.trim())
                    .await?
                    .filter(|u| u.active)
                    .ok_or_else(|| ApiError::not_found(format!("no active user {}", name.trim())))?
                    .id,
            ),
            _ => None,
        };
        let at = self.now();
        let mut report = BulkReport {
            dry_run,
            selected: ids.len() as u64,
            ..BulkReport::default()
        };
        let enforced = !matches!(change, BulkChange::Assign(_))
            && crate::review::assignment_enforced(&mut tx, &reference).await?;
        let states = tx.review_states(&ids).await?;
        let mut befores: Vec<Before> = vec![];
        let mut rows: Vec<(RecordId, Option<Disposition>, ReviewStatus, Vec<String>)> = vec![];
        for &id in &ids {
            let Some(state) = states.get(&id).filter(|s| s.request_id == req.id) else {
                report.refused.push(Refusal {
                    doc_id: id,
                    reason: format!("request {reference} has no record {id}"),
                });
                continue;
            };
            if let Some(reason) = crate::review::not_theirs(&reference, &user, id, state, enforced)
            {
                report.refused.push(Refusal { doc_id: id, reason });
                continue;
            }
            let after = match planned(id, state, change, assignee) {
                Ok(a) => a,
                Err(reason) => {
                    report.refused.push(Refusal { doc_id: id, reason });
                    continue;
                }
            };
            if after.same_as(state) {
                report.unchanged += 1;
                continue;
            }
            report.changed += 1;
            if dry_run {
                continue;
            }
            let bumps = !matches!(change, BulkChange::Assign(_));
            befores.push(Before {
                id,
                disposition: state.disposition,
                review_status: state.review_status,
                exemptions: state.exemptions.clone(),
                assignee: state.assignee.map(|u| u.0),
                version_after: state.version + i64::from(bumps),
            });
            rows.push((id, after.disposition, after.review_status, after.exemptions));
        }
        if !dry_run {
            let ids: Vec<RecordId> = rows.iter().map(|r| r.0).collect();
            // A decision gives each record its next version and a change-log entry in the
            // same statements; an assignment does neither.
            match change {
                BulkChange::Assign(_) => tx.set_assignee(&ids, assignee).await?,
                BulkChange::Status(s) => {
                    tx.set_review_statuses(&ids, *s, actor.name(), &at).await?
                }
                _ => tx.set_review_states(&rows, actor.name(), &at).await?,
            }
        }
        if dry_run || befores.is_empty() {
            return Ok(report);
        }
        let kept: Vec<(RecordId, String)> = befores
            .iter()
            .map(|b| (b.id, serde_json::to_string(b).expect("a state serialises")))
            .collect();
        let event = tx
            .append_audit(
                &at,
                actor.name(),
                AuditAction::RecordsBulk,
                &format!("request/{reference}"),
                json!({
                    "selection": selection.describe(),
                    "change": describe_change(change),
                    "selected": report.selected,
                    "changed": report.changed,
                    "unchanged": report.unchanged,
                    // Counts and digests only: an event stays small whatever the selection.
                    "refused": crate::audit::id_list(report.refused.iter().map(|r| r.doc_id.0)),
                    "before": {"records": kept.len(), "sha256": undo_digest(&kept)},
                }),
            )
            .await?;
        tx.insert_bulk_undo(event.seq, &kept).await?;
        tx.commit().await?;
        store::fault::point("bulk.committed");
        self.follow_index_soon().await;
        report.event = Some(event.seq);
        Ok(report)
    }

    /// Undoes a bulk decision as one step: every record it changed that no one has changed
    /// since goes back to its state before; the others are listed and left.
    pub async fn undo_bulk(
        &self,
        actor: &Actor,
        reference: &str,
        event: i64,
    ) -> Result<BulkReport> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.write().await?;
        let user = self.authorize(&mut tx, actor, Action::Review).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        crate::redaction::open_for_review(&reference, req.state)?;
        let found = tx
            .audit_events(Some(&format!("request/{reference}")), event - 1, 1)
            .await?
            .into_iter()
            .find(|e| e.seq == event && e.action == AuditAction::RecordsBulk.as_str())
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "request {reference} has no bulk decision at audit event {event}"
                ))
            })?;
        let undone = tx
            .audit_events(Some(&format!("request/{reference}")), event, i64::MAX)
            .await?
            .into_iter()
            .any(|e| {
                e.action == AuditAction::RecordsBulkUndo.as_str()
                    && e.details.get("undoes").and_then(|v| v.as_i64()) == Some(event)
            });
        if undone {
            return Err(ApiError::conflict(format!(
                "the bulk decision at audit event {event} was undone already"
            )));
        }
        let befores: Vec<Before> = match &found.details["before"] {
            // Decisions made before the states were kept apart held them in their event.
            serde_json::Value::Array(_) => serde_json::from_value(found.details["before"].clone())
                .map_err(|e| ApiError::internal(format!("bulk decision {event}: {e}")))?,
            kept_digest => {
                let kept = tx.bulk_undo(event).await?;
                if kept_digest["records"].as_u64() != Some(kept.len() as u64)
                    || kept_digest["sha256"].as_str() != Some(undo_digest(&kept).as_str())
                {
                    return Err(ApiError::conflict(format!(
                        "the states kept to undo the bulk decision at audit event {event} are not those its event recorded: they were altered, and nothing was undone"
                    )));
                }
                kept.iter()
                    .map(|(_, state)| serde_json::from_str(state))
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|e| ApiError::internal(format!("bulk decision {event}: {e}")))?
            }
        };
        let assign = found.details["change"].get("assign").is_some();
        let at = self.now();
        let mut report = BulkReport {
            selected: befores.len() as u64,
            ..BulkReport::default()
        };
        let mut rows: Vec<(RecordId, Option<Disposition>, ReviewStatus, Vec<String>)> = vec![];
        let mut reassigned: Vec<(RecordId, Option<UserId>)> = vec![];
        let ids: Vec<RecordId> = befores.iter().map(|b| b.id).collect();
        let states = tx.review_states(&ids).await?;
        let enforced = crate::review::assignment_enforced(&mut tx, &reference).await?;
        for b in &befores {
            let Some(state) = states.get(&b.id).filter(|s| s.request_id == req.id) else {
                continue;
            };
            if !assign && state.version != b.version_after {
                report.refused.push(Refusal {
                    doc_id: b.id,
                    reason: format!(
                        "record {} was changed since; it keeps its newer state",
                        b.id
                    ),
                });
                continue;
            }
            if let Some(reason) =
                crate::review::not_theirs(&reference, &user, b.id, state, enforced && !assign)
            {
                report.refused.push(Refusal {
                    doc_id: b.id,
                    reason,
                });
                continue;
            }
            if assign {
                reassigned.push((b.id, b.assignee.map(UserId)));
            } else {
                rows.push((b.id, b.disposition, b.review_status, b.exemptions.clone()));
            }
            report.changed += 1;
        }
        tx.set_review_states(&rows, actor.name(), &at).await?;
        for (id, who) in reassigned {
            tx.set_assignee(&[id], who).await?;
        }
        let e = tx
            .append_audit(
                &at,
                actor.name(),
                AuditAction::RecordsBulkUndo,
                &format!("request/{reference}"),
                json!({"undoes": event, "restored": report.changed,
                       "left": crate::audit::id_list(report.refused.iter().map(|r| r.doc_id.0))}),
            )
            .await?;
        tx.commit().await?;
        store::fault::point("bulk.committed");
        self.follow_index_soon().await;
        report.event = Some(e.seq);
        Ok(report)
    }
}

/// The SHA-256 of the states kept for undo, as the decision's audit event holds it: each
/// record's id and state JSON, in record order, a line each.
fn undo_digest(kept: &[(RecordId, String)]) -> String {
    use sha2::{Digest, Sha256};
    let mut sorted: Vec<&(RecordId, String)> = kept.iter().collect();
    sorted.sort_by_key(|(id, _)| *id);
    let mut h = Sha256::new();
    for (id, state) in sorted {
        h.update(format!("{id}\t{state}\n").as_bytes());
    }
    hex::encode(h.finalize())
}

fn describe_change(c: &BulkChange) -> serde_json::Value {
    match c {
        BulkChange::Disposition(d) => json!({"disposition": d}),
        BulkChange::Withhold(code) => json!({"withhold": code}),
        BulkChange::Status(s) => json!({"status": s}),
        BulkChange::Assign(who) => json!({"assign": who}),
    }
}

/// A record's state after the change.
struct After {
    disposition: Option<Disposition>,
    review_status: ReviewStatus,
    exemptions: Vec<String>,
    assignee: Option<UserId>,
}

impl After {
    fn same_as(&self, s: &ReviewState) -> bool {
        self.disposition == s.disposition
            && self.review_status == s.review_status
            && self.exemptions == s.exemptions
            && self.assignee == s.assignee
    }
}

/// What the change makes of one record, or why it does not fit it (the same rules as the
/// one-record decisions).
fn planned(
    id: RecordId,
    s: &ReviewState,
    change: &BulkChange,
    assignee: Option<UserId>,
) -> std::result::Result<After, String> {
    let mut a = After {
        disposition: s.disposition,
        review_status: s.review_status,
        exemptions: s.exemptions.clone(),
        assignee: s.assignee,
    };
    match change {
        BulkChange::Disposition(d) => {
            if *d == Disposition::Duplicate && s.status != RecordStatus::Duplicate {
                return Err(format!("record {id} is not a copy of another record"));
            }
            if *d == Disposition::Withhold && s.exemptions.is_empty() {
                return Err(format!(
                    "withholding record {id} needs an exemption: withhold with a code"
                ));
            }
            if s.status == RecordStatus::Failed
                && matches!(d, Disposition::Release | Disposition::Redact)
            {
                return Err(format!(
                    "record {id} could not be read: it cannot be released; withhold it or mark it not-responsive"
                ));
            }
            a.disposition = Some(*d);
            a.review_status = ReviewStatus::Reviewed;
            if *d != Disposition::Withhold {
                a.exemptions.clear();
            }
        }
        BulkChange::Withhold(code) => {
            let code = code.trim().to_string();
            if !a.exemptions.contains(&code) {
                a.exemptions.push(code);
                a.exemptions.sort();
            }
            a.disposition = Some(Disposition::Withhold);
            a.review_status = ReviewStatus::Reviewed;
        }
        BulkChange::Status(st) => {
            use ReviewStatus::*;
            let from: &[ReviewStatus] = match st {
                InReview => &[Unreviewed, InReview],
                Unreviewed => &[InReview, Unreviewed],
                Checked => &[Reviewed, Checked],
                Reviewed => {
                    return Err("reviewed comes with a disposition".into());
                }
            };
            if !from.contains(&s.review_status) {
                return Err(format!(
                    "record {id} is {}: it cannot become {st}",
                    s.review_status
                ));
            }
            a.review_status = *st;
        }
        BulkChange::Assign(_) => a.assignee = assignee,
    }
    Ok(a)
}
