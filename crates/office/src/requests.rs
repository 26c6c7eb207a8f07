//! Requests: logging them with their CPRA due date, and extending them.

use crate::{Actor, ApiError, Office, Result};
use model::request::{Extension, NewRequest};
use model::{Action, AuditAction, Request, RequestRef};
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
