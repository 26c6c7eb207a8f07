//! Reading and verifying the audit chain.

use crate::{Actor, Office, Result};
use model::audit::{AuditEvent, Break, Verifier};
use model::{Action, RequestRef};
use serde::Serialize;

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
