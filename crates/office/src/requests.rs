//! Requests: logging them with their CPRA due date, and extending them.

use crate::{Actor, ApiError, Office, Result};
use model::request::{Extension, NewRequest};
use model::{
    Action, AuditAction, ClosedAs, Request, RequestRef, RequestState, StateChange, StateRequest,
};
use serde_json::json;

impl Office {
    pub async fn create_request(
        &self,
        actor: &Actor,
        reference: &str,
        requester: &str,
        received: &str,
        description: &str,
    ) -> Result<Request> {
        let new = NewRequest::new(
            reference,
            requester,
            description,
            received,
            self.today(),
            &self.calendar,
        )?;
        let mut tx = self.store.write().await?;
        let user = self
            .authorize(&mut tx, actor, Action::CreateRequest)
            .await?;
        let at = self.now();
        tx.insert_request(&new, user.id, &at).await?;
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::RequestCreate,
            &format!("request/{}", new.reference),
            json!({"after": {
                "requester": new.requester,
                "description": new.description,
                "received": new.received,
                "due": new.due,
            }}),
        )
        .await?;
        let req = tx
            .request(&new.reference)
            .await?
            .ok_or_else(|| ApiError::internal("new request vanished"))?;
        tx.commit().await?;
        Ok(req)
    }

    pub async fn request(&self, actor: &Actor, reference: &str) -> Result<Request> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        tx.request(&reference)
            .await?
            .ok_or_else(|| no_request(&reference))
    }

    /// Every request, soonest due first.
    pub async fn requests(&self, actor: &Actor) -> Result<Vec<Request>> {
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        Ok(tx.requests().await?)
    }

    /// Every request with its numbers for the dashboard, soonest due first.
    pub async fn requests_with_counts(
        &self,
        actor: &Actor,
    ) -> Result<Vec<(Request, store::RequestCounts)>> {
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let requests = tx.requests().await?;
        let mut counts: std::collections::HashMap<_, _> = tx
            .request_counts()
            .await?
            .into_iter()
            .map(|c| (c.request, c))
            .collect();
        Ok(requests
            .into_iter()
            .map(|r| {
                let c = counts.remove(&r.id).unwrap_or(store::RequestCounts {
                    request: r.id,
                    records: 0,
                    reviewed: 0,
                    redactions: 0,
                    assignee: None,
                    submitted_by: None,
                    submitted_at: None,
                });
                (r, c)
            })
            .collect())
    }

    /// Extends the determination due date by `days` for unusual circumstances (§7922.535(b)),
    /// within the total the deadline rules allow, with the written reason recorded.
    pub async fn extend_request(
        &self,
        actor: &Actor,
        reference: &str,
        days: u32,
        reason: &str,
    ) -> Result<Request> {
        let reference = RequestRef::parse(reference)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ApiError::invalid("an extension needs a written reason"));
        }
        let mut tx = self.store.write().await?;
        let user = self
            .authorize(&mut tx, actor, Action::ExtendRequest)
            .await?;
        let req = tx
            .request(&reference)
            .await?
            .ok_or_else(|| no_request(&reference))?;
        let new_due = self.calendar.extend(req.due, days, req.extended_days)?;
        let at = self.now();
        let ext = Extension {
            days,
            reason: reason.to_string(),
            previous_due: req.due,
            new_due,
            by: actor.name().to_string(),
            at: at.clone(),
        };
        tx.add_extension(req.id, &ext, user.id).await?;
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::RequestExtend,
            &format!("request/{reference}"),
            json!({
                "days": days,
                "reason": reason,
                "before": {"due": req.due, "extended_days": req.extended_days},
                "after": {"due": new_due, "extended_days": req.extended_days + days},
            }),
        )
        .await?;
        let req = tx
            .request(&reference)
            .await?
            .ok_or_else(|| no_request(&reference))?;
        tx.commit().await?;
        Ok(req)
    }
}

impl Office {
    /// Changes a request's state by hand (officers and supervisors): asks the requester to
    /// clarify, closes it (with why), reopens it. A note is required to close and to reopen.
    /// Audited, and kept in the request's history.
    pub async fn change_request_state(
        &self,
        actor: &Actor,
        reference: &str,
        asked: StateRequest,
        note: &str,
    ) -> Result<Request> {
        let reference = RequestRef::parse(reference)?;
        let note = note.trim();
        if note.is_empty() && matches!(asked, StateRequest::Close(_) | StateRequest::Reopen) {
            return Err(ApiError::invalid(match asked {
                StateRequest::Reopen => "say why the request is reopened (a note)",
                _ => "say why the request is closed (a note)",
            }));
        }
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::ChangeRequestState)
            .await?;
        let req = request_of(&mut tx, &reference).await?;
        let facts = tx.state_facts(&req).await?;
        let (to, closed_as) = facts.next(asked)?;
        // Closing with nothing released is the determination (no records, or denied).
        let determined = matches!(closed_as, Some(ClosedAs::NoRecords | ClosedAs::Denied));
        let by = (actor.name(), actor.id());
        self.move_request(&mut tx, by, &req, (to, closed_as), note, determined)
            .await?;
        let req = request_of(&mut tx, &reference).await?;
        tx.commit().await?;
        Ok(req)
    }

    /// Moves `req` to `to` in `tx`, by the user `name` (`id`): its history, the audit event; `determined` makes today its
    /// first determination's day when it has none.
    pub(crate) async fn move_request(
        &self,
        tx: &mut store::Tx,
        (name, id): (&str, model::UserId),
        req: &Request,
        (to, closed_as): (RequestState, Option<ClosedAs>),
        note: &str,
        determined: bool,
    ) -> Result<()> {
        let at = self.now();
        let today = self.today();
        let change = StateChange {
            from: req.state,
            to,
            closed_as,
            note: note.to_string(),
            on: today,
            by: name.to_string(),
            at: at.clone(),
        };
        tx.change_state(req.id, &change, id, determined.then_some(today))
            .await?;
        tx.append_audit(
            &at,
            name,
            AuditAction::RequestState,
            &format!("request/{}", req.reference),
            json!({
                "before": {"state": req.state, "closed_as": req.closed_as},
                "after": {"state": to, "closed_as": closed_as},
                "note": note,
            }),
        )
        .await?;
        Ok(())
    }
}

fn no_request(reference: &RequestRef) -> ApiError {
    ApiError::not_found(format!("no request {reference}"))
}

/// The request of a reference, or `NotFound`.
pub(crate) async fn request_of(tx: &mut store::Tx, reference: &RequestRef) -> Result<Request> {
    tx.request(reference)
        .await?
        .ok_or_else(|| no_request(reference))
}

/// A record of the request (its review state), or `NotFound` — also for a record of
/// another request.
pub(crate) async fn record_in(
    tx: &mut store::Tx,
    reference: &RequestRef,
    request: model::RequestId,
    id: model::RecordId,
) -> Result<store::ReviewState> {
    tx.review_state(id)
        .await?
        .filter(|s| s.request_id == request)
        .ok_or_else(|| ApiError::not_found(format!("request {reference} has no record {id}")))
}
