//! Review decisions on records: dispositions, the exemptions a record is withheld under (a
//! message with its attachments when asked), review status (in review, checked by an
//! officer), and assignment of records to reviewers, enforced per request when an officer
//! says so. Each change is audited with before and after, noted in the change log the search
//! index follows, and then applied to the index (or, if the index is busy, on its next sync).

use crate::{Actor, ApiError, Office, Result};
use model::{
    Action, AuditAction, Disposition, RecordId, RecordStatus, RequestRef, ReviewStatus, Role,
    UserId,
};
use serde::Serialize;
use serde_json::json;
use store::{ReviewState, Tx};

/// A record's review state after a change.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewDecision {
    pub doc_id: RecordId,
    pub disposition: Option<Disposition>,
    pub review_status: ReviewStatus,
    pub exemptions: Vec<String>,
}

fn assignment_key(reference: &RequestRef) -> String {
    format!("assignment-enforced/{reference}")
}

/// Under enforced assignment a clerk works only the records assigned to them (officers and
/// supervisors may work any).
pub(crate) async fn may_work_on(
    tx: &mut Tx,
    reference: &RequestRef,
    user: &store::UserRow,
    id: RecordId,
    state: &ReviewState,
) -> Result<()> {
    if user.role != Role::Clerk || state.assignee == Some(user.id) {
        return Ok(());
    }
    let enforced = assignment_enforced(tx, reference).await?;
    match not_theirs(reference, user, id, state, enforced) {
        Some(why) => Err(ApiError::forbidden(why)),
        None => Ok(()),
    }
}

/// Whether a request's clerks work only the records assigned to them.
pub(crate) async fn assignment_enforced(tx: &mut Tx, reference: &RequestRef) -> Result<bool> {
    Ok(tx.setting(&assignment_key(reference)).await?.as_deref() == Some("on"))
}

/// Why `user` may not work on a record under enforced assignment (None: they may).
pub(crate) fn not_theirs(
    reference: &RequestRef,
    user: &store::UserRow,
    id: RecordId,
    state: &ReviewState,
    enforced: bool,
) -> Option<String> {
    (enforced && user.role == Role::Clerk && state.assignee != Some(user.id)).then(|| {
        format!(
            "record {id} is not assigned to {}: in request {reference} clerks work only the records assigned to them",
            user.name
        )
    })
}

/// Notes that `actor` changed records, in the transaction that changed them (their next
/// version, who changed them, the change log the indexes follow) — after checking that a
/// record the actor acted on as seen at some version is still at that version.
pub(crate) async fn note_changes(
    tx: &mut Tx,
    actor: &Actor,
    ids: &[RecordId],
    at: &str,
) -> Result<()> {
    if let Some((id, version)) = actor.seen()
        && ids.contains(&id)
    {
        tx.expect_record_version(id, version).await?;
    }
    tx.note_record_changes(ids, actor.name(), at).await?;
    Ok(())
}

impl Office {
    /// Sets a record's disposition: release, redact, withhold or not-responsive. Withholding
    /// needs an exemption first (see [`Office::withhold`]); any other disposition drops the
    /// record's withholding exemptions.
    pub async fn set_disposition(
        &self,
        actor: &Actor,
        reference: &str,
        id: RecordId,
        disposition: &str,
    ) -> Result<ReviewDecision> {
        // What a clerk may decide for a record (`duplicate`: only for a copy, which then
        // follows its original and is not released twice).
        let Some(d) = Disposition::parse(disposition) else {
            return Err(ApiError::invalid(format!(
                "a disposition is one of {}, not \"{disposition}\"",
                Disposition::NAMES.join(", ")
            )));
        };
        let mut out = self
            .decide(actor, reference, &[id], Action::Review, |id, state| {
                if d == Disposition::Duplicate && state.status != RecordStatus::Duplicate {
                    return Err(ApiError::invalid(format!(
                        "record {id} is not a copy of another record: it cannot follow one"
                    )));
                }
                if d == Disposition::Withhold && state.exemptions.is_empty() {
                    return Err(ApiError::invalid(format!(
                        "withholding record {id} needs an exemption: use withhold with a code"
                    )));
                }
                // Refused there and then, not found at approval: nothing of it can be shown.
                if state.status == RecordStatus::Failed
                    && matches!(d, Disposition::Release | Disposition::Redact)
                {
                    return Err(ApiError::invalid(format!(
                        "record {id} could not be read: it cannot be released; withhold it or mark it not-responsive"
                    )));
                }
                let exemptions = if d == Disposition::Withhold {
                    state.exemptions.clone()
                } else {
                    vec![]
                };
                Ok((Some(d), exemptions))
            })
            .await?;
        Ok(out.remove(0))
    }

    /// Gives every ingested record of the request that has no disposition yet the same one
    /// (`release` or `not-responsive`), in one change: the last step before submitting when
    /// the rest of the collection was read and found releasable.
    pub async fn set_undecided(
        &self,
        actor: &Actor,
        reference: &str,
        disposition: &str,
    ) -> Result<Vec<ReviewDecision>> {
        let d = Disposition::parse(disposition);
        let Some(d @ (Disposition::Release | Disposition::NotResponsive)) = d else {
            return Err(ApiError::invalid(format!(
                "records without a disposition can all become release or not-responsive, not \"{disposition}\""
            )));
        };
        let ids: Vec<RecordId> = {
            let r = RequestRef::parse(reference)?;
            let mut tx = self.store.read().await?;
            let req = crate::requests::request_of(&mut tx, &r).await?;
            tx.release_rows(req.id)
                .await?
                .into_iter()
                .filter(|r| r.status == RecordStatus::Ingested && r.disposition.is_none())
                .map(|r| r.id)
                .collect()
        };
        if ids.is_empty() {
            return Ok(vec![]);
        }
        self.decide(actor, reference, &ids, Action::Review, |_, state| {
            // A record decided in the meantime keeps its decision.
            match state.disposition {
                Some(existing) => Ok((Some(existing), state.exemptions.clone())),
                None => Ok((Some(d), vec![])),
            }
        })
        .await
    }

    /// Withholds a record in full under an exemption code (added to any it already has).
    pub async fn withhold(
        &self,
        actor: &Actor,
        reference: &str,
        id: RecordId,
        code: &str,
    ) -> Result<ReviewDecision> {
        Ok(self
            .withhold_family(actor, reference, id, code, false)
            .await?
            .remove(0))
    }

    /// Withholds a record, and with `attachments` every record attached to it (at any depth),
    /// in one change. The record's decision comes first.
    pub async fn withhold_family(
        &self,
        actor: &Actor,
        reference: &str,
        id: RecordId,
        code: &str,
        attachments: bool,
    ) -> Result<Vec<ReviewDecision>> {
        let code = code.trim().to_string();
        let mut ids = vec![id];
        {
            let mut tx = self.store.read().await?;
            crate::redaction::active_code(&mut tx, &code).await?;
            if attachments {
                ids.extend(tx.descendants(id).await?);
            }
        }
        self.decide(actor, reference, &ids, Action::Withhold, |_, state| {
            let mut exemptions = state.exemptions.clone();
            if !exemptions.contains(&code) {
                exemptions.push(code.clone());
                exemptions.sort();
            }
            Ok((Some(Disposition::Withhold), exemptions))
        })
        .await
    }

    /// Applies one decision to records of a request in one transaction.
    async fn decide(
        &self,
        actor: &Actor,
        reference: &str,
        ids: &[RecordId],
        action: Action,
        change: impl Fn(RecordId, &ReviewState) -> Result<(Option<Disposition>, Vec<String>)>,
    ) -> Result<Vec<ReviewDecision>> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.write().await?;
        let user = self.authorize(&mut tx, actor, action).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        crate::redaction::open_for_review(&reference, req.state)?;
        let at = self.now();
        let mut out = vec![];
        for &id in ids {
            let state = crate::requests::record_in(&mut tx, &reference, req.id, id).await?;
            may_work_on(&mut tx, &reference, &user, id, &state).await?;
            let (disposition, exemptions) = change(id, &state)?;
            let review_status = ReviewStatus::Reviewed;
            tx.set_review_state(id, disposition, review_status, &exemptions)
                .await?;
            note_changes(&mut tx, actor, &[id], &at).await?;
            tx.append_audit(
                &at,
                actor.name(),
                AuditAction::RecordReview,
                &format!("record/{id}"),
                json!({
                    "request": reference.as_str(),
                    "before": {"disposition": state.disposition, "review_status": state.review_status,
                               "exemptions": state.exemptions},
                    "after": {"disposition": disposition, "review_status": review_status,
                              "exemptions": exemptions},
                }),
            )
            .await?;
            out.push(ReviewDecision {
                doc_id: id,
                disposition,
                review_status,
                exemptions,
            });
        }
        tx.commit().await?;
        // The decision is durable; the index follows now or at its next sync.
        self.follow_index().await;
        Ok(out)
    }

    /// Moves a record's review status: `in-review` (a reviewer has started; from unreviewed),
    /// `checked` (an officer's second look; from reviewed), or back to `unreviewed`.
    /// `reviewed` comes with a disposition.
    pub async fn set_review_status(
        &self,
        actor: &Actor,
        reference: &str,
        id: RecordId,
        status: &str,
    ) -> Result<ReviewDecision> {
        use ReviewStatus::*;
        let (status, action, from): (ReviewStatus, Action, &[ReviewStatus]) =
            match ReviewStatus::parse(status) {
                Some(InReview) => (InReview, Action::Review, &[Unreviewed, InReview]),
                Some(Unreviewed) => (Unreviewed, Action::Review, &[InReview, Unreviewed]),
                Some(Checked) => (Checked, Action::AssignReview, &[Reviewed, Checked]),
                _ => {
                    return Err(ApiError::invalid(format!(
                        "a review status to set is in-review, checked or unreviewed, not \"{}\" (reviewed comes with a disposition)",
                        status.trim().to_lowercase()
                    )));
                }
            };
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.write().await?;
        let user = self.authorize(&mut tx, actor, action).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        crate::redaction::open_for_review(&reference, req.state)?;
        let state = crate::requests::record_in(&mut tx, &reference, req.id, id).await?;
        may_work_on(&mut tx, &reference, &user, id, &state).await?;
        if !from.contains(&state.review_status) {
            return Err(ApiError::conflict(format!(
                "record {id} is {}: it cannot become {status}",
                state.review_status
            )));
        }
        let at = self.now();
        tx.set_review_status(id, status).await?;
        note_changes(&mut tx, actor, &[id], &at).await?;
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::RecordStatus,
            &format!("record/{id}"),
            json!({"request": reference.as_str(), "before": state.review_status, "after": status}),
        )
        .await?;
        tx.commit().await?;
        self.follow_index().await;
        Ok(ReviewDecision {
            doc_id: id,
            disposition: state.disposition,
            review_status: status,
            exemptions: state.exemptions,
        })
    }

    /// Sets a record's reviewer note (empty clears it): for colleagues and the approver, never
    /// part of the release. The audit event records that it changed and its length, not its
    /// words (a note may quote what is being withheld).
    pub async fn set_note(
        &self,
        actor: &Actor,
        reference: &str,
        id: RecordId,
        note: &str,
    ) -> Result<Option<String>> {
        let note = note.trim();
        if note.chars().count() > 4000 {
            return Err(ApiError::invalid("a note is at most 4,000 characters"));
        }
        let note = (!note.is_empty()).then_some(note);
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.write().await?;
        let user = self.authorize(&mut tx, actor, Action::Review).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        crate::redaction::open_for_review(&reference, req.state)?;
        let state = crate::requests::record_in(&mut tx, &reference, req.id, id).await?;
        may_work_on(&mut tx, &reference, &user, id, &state).await?;
        let before = tx.record_note(id).await?;
        if before.as_deref() == note {
            return Ok(before);
        }
        let at = self.now();
        tx.set_record_note(id, note).await?;
        note_changes(&mut tx, actor, &[id], &at).await?;
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::RecordNote,
            &format!("record/{id}"),
            json!({"request": reference.as_str(),
                   "before_chars": before.as_deref().map_or(0, |n| n.chars().count()),
                   "after_chars": note.map_or(0, |n| n.chars().count())}),
        )
        .await?;
        tx.commit().await?;
        Ok(note.map(String::from))
    }

    /// Assigns records to a reviewer (`None` unassigns them). Officers and supervisors.
    pub async fn assign(
        &self,
        actor: &Actor,
        reference: &str,
        ids: &[RecordId],
        to: Option<&str>,
    ) -> Result<()> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::AssignReview).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        crate::redaction::open_for_review(&reference, req.state)?;
        let who: Option<UserId> = match to {
            None => None,
            Some(name) => {
                let u = tx
                    .user_by_name(name.trim())
                    .await?
                    .filter(|u| u.active)
                    .ok_or_else(|| {
                        ApiError::not_found(format!("no active user {}", name.trim()))
                    })?;
                Some(u.id)
            }
        };
        // Before: how many records each reviewer had ("none": unassigned), a bounded summary
        // whatever the number of records.
        let mut before: std::collections::BTreeMap<String, u64> = Default::default();
        for &id in ids {
            let state = crate::requests::record_in(&mut tx, &reference, req.id, id).await?;
            let who = match state.assignee {
                Some(u) => u.0.to_string(),
                None => "none".to_string(),
            };
            *before.entry(who).or_default() += 1;
        }
        let at = self.now();
        tx.set_assignee(ids, who).await?;
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::RecordAssign,
            &format!("request/{reference}"),
            json!({"records": crate::audit::id_list(ids.iter().map(|i| i.0)), "before": before,
                   "after": to.map(str::trim)}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Turns enforcement of assignment on or off for a request: when on, clerks decide and
    /// redact only the records assigned to them.
    pub async fn enforce_assignment(&self, actor: &Actor, reference: &str, on: bool) -> Result<()> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::AssignReview).await?;
        crate::requests::request_of(&mut tx, &reference).await?;
        let key = assignment_key(&reference);
        let before = tx.setting(&key).await?;
        let value = if on { "on" } else { "off" };
        tx.set_setting(&key, value).await?;
        tx.append_audit(
            &self.now(),
            actor.name(),
            AuditAction::RequestAssignment,
            &format!("request/{reference}"),
            json!({"before": before, "after": value}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
