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

    /// Recomputes the whole chain under the office key, a page at a time, and names the
    /// first broken event; then checks the chain still reaches the newest event this
    /// workstation has seen (`audit.head`), which no key can show by itself: the newest events
    /// deleted.
    pub async fn audit_verify(&self, actor: &Actor) -> Result<AuditReport> {
        {
            let mut tx = self.store.read().await?;
            self.authorize(&mut tx, actor, Action::ReadAudit).await?;
        }
        self.verify_chain().await
    }

    /// [`Office::audit_verify`] without a signed-in user (a backup's check, a restore).
    pub(crate) async fn verify_chain(&self) -> Result<AuditReport> {
        let mut tx = self.store.read().await?;
        let seen = store::key::read_head(self.store.dir());
        let mut v = Verifier::keyed(tx.key());
        let mut after = 0;
        let mut head: Option<(i64, String)> = None;
        let broken = |v: &Verifier, b: Break| AuditReport {
            ok: false,
            events: v.checked(),
            first_break: Some(b),
        };
        loop {
            let page = tx.audit_events(None, after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for e in &page {
                if let Err(b) = v.push(e) {
                    return Ok(broken(&v, b));
                }
                if let Some((s, h)) = &seen
                    && e.seq == *s
                    && e.hash != *h
                {
                    return Ok(broken(
                        &v,
                        Break {
                            seq: e.seq,
                            reason: "it is not the event this workstation saw there: the log was rewritten from here".into(),
                        },
                    ));
                }
            }
            head = Some((last.seq, last.hash.clone()));
        }
        let end = head.as_ref().map_or(0, |h| h.0);
        if let Some((s, _)) = &seen
            && *s > end
        {
            return Ok(broken(
                &v,
                Break {
                    seq: end + 1,
                    reason: format!(
                        "the log ends at event {end} but this workstation saw event {s}: events {}–{s} were removed",
                        end + 1
                    ),
                },
            ));
        }
        if let Some((s, h)) = &head {
            tx.saw_event(*s, h);
        }
        Ok(AuditReport {
            ok: true,
            events: v.checked(),
            first_break: None,
        })
    }

    /// Whether the chain reaches `seq` with the event `hash` there (what an export's manifest
    /// recorded as the log's head when it was made).
    pub(crate) async fn audit_holds(
        &self,
        tx: &mut store::Tx,
        seq: i64,
        hash: &str,
    ) -> Result<bool> {
        let events = tx.audit_events(None, seq - 1, 1).await?;
        Ok(events
            .first()
            .is_some_and(|e| e.seq == seq && e.hash == hash && tx.key().signed(e)))
    }
}
