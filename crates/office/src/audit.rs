//! Reading and verifying the audit chain.

use crate::{Actor, Office, Result};
use model::audit::{AuditEvent, Break, Verifier};
use model::{Action, RequestRef};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

/// What `audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditReport {
    pub ok: bool,
    /// Events checked before the first break (all of them when `ok`).
    pub events: u64,
    pub first_break: Option<Break>,
}

const PAGE: i64 = 10_000;

/// Ids an audit event names inline; a longer list is kept as a digest only.
pub const AUDIT_INLINE_IDS: usize = 20;

/// A list of ids as an audit event keeps it, bounded whatever the size of the selection: the
/// count, the first and last id, and the SHA-256 of the whole list (the ids sorted, without
/// repeats, in decimal, each followed by a line feed), against which a list rebuilt later
/// (from the redactions' creation time, the records' change history) can be checked; the ids
/// themselves only when there are at most [`AUDIT_INLINE_IDS`]. An append-only log that copies
/// every id of a selection grows without bound: a 31-million-row run wrote one event of
/// 272 MB.
pub(crate) fn id_list(ids: impl IntoIterator<Item = i64>) -> serde_json::Value {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut h = Sha256::new();
    for id in &ids {
        h.update(id.to_string().as_bytes());
        h.update(b"\n");
    }
    let mut v = json!({
        "count": ids.len(),
        "first": ids.first(),
        "last": ids.last(),
        "sha256": hex::encode(h.finalize()),
    });
    if ids.len() <= AUDIT_INLINE_IDS {
        v["ids"] = json!(ids);
    }
    v
}

/// A text the log must not copy — a query or a list of highlight terms may hold the very
/// values being redacted, and the log is append-only: its length in characters and its
/// SHA-256, enough to tell versions apart and to check a text someone holds.
pub(crate) fn text_digest(text: &str) -> serde_json::Value {
    json!({
        "chars": text.chars().count(),
        "sha256": hex::encode(Sha256::digest(text.as_bytes())),
    })
}

impl Office {
    /// Events in order, of one request (its own and those of its records, which are filed
    /// under `request/REF/...`) or of the whole office.
    pub async fn audit_log(
        &self,
        actor: &Actor,
        request: Option<&str>,
        after_seq: i64,
        limit: i64,
    ) -> Result<Vec<AuditEvent>> {
        let subject = request
            .map(|r| RequestRef::parse(r).map(|r| format!("request/{r}")))
            .transpose()?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::ReadAudit).await?;
        Ok(tx
            .audit_events(subject.as_deref(), after_seq, limit.clamp(1, PAGE))
            .await?)
    }

    /// Recomputes the whole chain, a page at a time, and names the first broken event.
    pub async fn audit_verify(&self, actor: &Actor) -> Result<AuditReport> {
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::ReadAudit).await?;
        let mut v = Verifier::default();
        let mut after = 0;
        loop {
            let page = tx.audit_events(None, after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for e in &page {
                if let Err(b) = v.push(e) {
                    return Ok(AuditReport {
                        ok: false,
                        events: v.checked(),
                        first_break: Some(b),
                    });
                }
            }
        }
        Ok(AuditReport {
            ok: true,
            events: v.checked(),
            first_break: None,
        })
    }
}
