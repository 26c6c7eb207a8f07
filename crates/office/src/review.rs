//! Review decisions on a record: its disposition, and the exemptions it is withheld under.
//! Each change is audited with before and after, noted in the change log the search index
//! follows, and then applied to the index (or, if the index is busy, on its next sync).

use crate::{Actor, ApiError, Office, Result};
use model::{Action, RecordId, RequestRef};
use serde::Serialize;
use serde_json::json;

/// What a clerk may decide for a record.
pub const DISPOSITIONS: [&str; 4] = ["release", "redact", "withhold", "not-responsive"];

/// A record's review state after a change.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReviewDecision {
    pub doc_id: RecordId,
    pub disposition: Option<String>,
    pub review_status: String,
    pub exemptions: Vec<String>,
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
        let d = disposition.trim().to_lowercase();
        if !DISPOSITIONS.contains(&d.as_str()) {
            return Err(ApiError::invalid(format!(
                "a disposition is one of {}, not \"{disposition}\"",
                DISPOSITIONS.join(", ")
            )));
        }
        self.decide(actor, reference, id, Action::Review, |state| {
            if d == "withhold" && state.exemptions.is_empty() {
                return Err(ApiError::invalid(format!(
                    "withholding record {id} needs an exemption: use withhold with a code"
                )));
            }
            let exemptions = if d == "withhold" {
                state.exemptions.clone()
            } else {
                vec![]
            };
            Ok((Some(d.clone()), exemptions))
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
        let code = code.trim().to_string();
        crate::redaction::active_code(&mut self.store.read().await?, &code).await?;
        self.decide(actor, reference, id, Action::Withhold, |state| {
            let mut exemptions = state.exemptions.clone();
            if !exemptions.contains(&code) {
                exemptions.push(code.clone());
                exemptions.sort();
            }
            Ok((Some("withhold".to_string()), exemptions))
        })
        .await
    }

    async fn decide(
        &self,
        actor: &Actor,
        reference: &str,
        id: RecordId,
        action: Action,
        change: impl FnOnce(&store::ReviewState) -> Result<(Option<String>, Vec<String>)>,
    ) -> Result<ReviewDecision> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, action).await?;
        let req = tx
            .request(&reference)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("no request {reference}")))?;
        let state = tx
            .review_state(id)
            .await?
            .filter(|s| s.request_id == req.id)
            .ok_or_else(|| {
                ApiError::not_found(format!("request {reference} has no record {id}"))
            })?;
        crate::redaction::open_for_review(&reference, req.status)?;
        let (disposition, exemptions) = change(&state)?;
        let review_status = "reviewed".to_string();
        let at = self.now();
        tx.set_review_state(id, disposition.as_deref(), &review_status, &exemptions)
            .await?;
        tx.note_record_changes(&[id], &at).await?;
        tx.append_audit(
            &at,
            actor.name(),
            "record.review",
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
        tx.commit().await?;
        // The decision is durable; the index follows now or at its next sync.
        self.follow_index().await;
        Ok(ReviewDecision {
            doc_id: id,
            disposition,
            review_status,
            exemptions,
        })
    }
}
