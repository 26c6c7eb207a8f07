//! A request's highlight set: terms (the agreed search terms, names to watch for) marked in
//! both panes of every record under review, whatever search brought the reviewer there.

use crate::{Actor, ApiError, Office, Result};
use model::{Action, AuditAction, RequestRef};
use serde_json::json;

fn key(reference: &RequestRef) -> String {
    format!("highlights/{reference}")
}

/// At most this many terms, each at most 200 characters.
const MAX_TERMS: usize = 500;

impl Office {
    /// The request's highlight set, in the order given.
    pub async fn highlight_terms(&self, actor: &Actor, reference: &str) -> Result<Vec<String>> {
        let r = RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        crate::requests::request_of(&mut tx, &r).await?;
        Ok(split(tx.setting(&key(&r)).await?.as_deref().unwrap_or("")))
    }

    /// Replaces the request's highlight set (officers and supervisors); blank terms and
    /// repeats dropped; audited with the number of terms before and after and their digests
    /// (not the terms themselves).
    pub async fn set_highlight_terms(
        &self,
        actor: &Actor,
        reference: &str,
        terms: &[String],
    ) -> Result<Vec<String>> {
        let mut clean: Vec<String> = vec![];
        let mut seen: std::collections::HashSet<String> = Default::default();
        for t in terms {
            let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
            if t.is_empty() || !seen.insert(t.to_ascii_lowercase()) {
                continue;
            }
            if t.chars().count() > 200 {
                return Err(ApiError::invalid(
                    "a highlight term is at most 200 characters",
                ));
            }
            clean.push(t);
        }
        if clean.len() > MAX_TERMS {
            return Err(ApiError::invalid(format!(
                "the highlight set has {} terms; it holds at most {MAX_TERMS}",
                model::thousands(clean.len() as u64)
            )));
        }
        let r = RequestRef::parse(reference)?;
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::AssignReview).await?;
        crate::requests::request_of(&mut tx, &r).await?;
        let before = split(tx.setting(&key(&r)).await?.as_deref().unwrap_or(""));
        if before == clean {
            return Ok(clean);
        }
        tx.set_setting(&key(&r), &clean.join("\n")).await?;
        tx.append_audit(
            &self.now(),
            actor.name(),
            AuditAction::RequestHighlights,
            &format!("request/{r}"),
            // Counts and digests, never the terms: they are the very values reviewers look
            // for, often those being redacted, and the log keeps what it is given for good.
            json!({"before": {"terms": before.len(), "text": crate::audit::text_digest(&before.join("\n"))},
                   "after": {"terms": clean.len(), "text": crate::audit::text_digest(&clean.join("\n"))}}),
        )
        .await?;
        tx.commit().await?;
        Ok(clean)
    }
}

fn split(stored: &str) -> Vec<String> {
    stored
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect()
}
