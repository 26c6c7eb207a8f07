//! The audit chain: each event's hash covers its content and the previous event's hash, so
//! changing, removing or reordering any event breaks every hash after it.

use crate::closed_set;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash that stands before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

closed_set! {
    /// What an audit event records. Events are read back with their action as written
    /// ([`AuditEvent::action`] is a string), so a chain stays readable and verifiable whatever
    /// it holds.
    pub enum AuditAction("audit action") {
        /// The office was set up (its first supervisor).
        OfficeInit = "office.init",
        /// A team database was brought to this version.
        OfficeMigrate = "office.migrate",
        SettingsChange = "settings.change",
        UserAdd = "user.add",
        UserActivate = "user.activate",
        UserDeactivate = "user.deactivate",
        UserSignInFailed = "user.sign-in-failed",
        /// Locked out after repeated failed sign-ins.
        UserLocked = "user.locked",
        UserUnlock = "user.unlock",
        /// A user chose a new password (never the password itself).
        UserPasswordChange = "user.password-change",
        /// A supervisor set a temporary password for another user, who must change it at
        /// their next sign-in.
        UserPasswordReset = "user.password-reset",
        ExemptionAdd = "exemption.add",
        ExemptionActivate = "exemption.activate",
        ExemptionRetire = "exemption.retire",
        ExemptionDelete = "exemption.delete",
        RequestCreate = "request.create",
        /// The deadline extended (with its reason).
        RequestExtend = "request.extend",
        /// Records of a request assigned in bulk.
        RequestAssignment = "request.assignment",
        /// A request's highlight set (terms always marked in review) changed.
        RequestHighlights = "request.highlights",
        /// Records collected into a request.
        IngestBatch = "ingest.batch",
        SearchSave = "search.save",
        SearchDelete = "search.delete",
        /// A disposition decided.
        RecordReview = "record.review",
        RecordStatus = "record.status",
        RecordNote = "record.note",
        RecordAssign = "record.assign",
        /// One decision applied to a selection of records (with each record's state before).
        RecordsBulk = "records.bulk",
        /// A bulk decision undone as one step.
        RecordsBulkUndo = "records.bulk-undo",
        /// Review batches made, or one taken by a clerk.
        ReviewBatches = "review.batches",
        /// A record set (or unset) to go out as page images.
        RecordReleaseAsImages = "record.release-as-images",
        RedactionAdd = "redaction.add",
        RedactionPropose = "redaction.propose",
        RedactionAccept = "redaction.accept",
        RedactionReject = "redaction.reject",
        RedactionRemove = "redaction.remove",
        ReleaseSubmit = "release.submit",
        ReleaseApprove = "release.approve",
        ReleaseReject = "release.reject",
        ReleaseExport = "release.export",
        /// An approved export that stopped, with the record and reason.
        ExportFailed = "export.failed",
    }
}

/// An event as it is written: `seq` and `hash` are given by the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEvent {
    pub seq: i64,
    /// RFC 3339, UTC, to the microsecond.
    pub at: String,
    /// The acting user's name, or `system`.
    pub actor: String,
    /// What was done, e.g. `request.create` (the word of an `AuditAction`).
    pub action: String,
    /// What it was done to, e.g. `request:PRA-2026-0142`.
    pub subject: String,
    /// Before/after and parameters, as JSON.
    pub details: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an event given the one before it. Field order is fixed and every field is
/// length-prefixed, so no two different events can serialise alike.
pub fn event_hash(
    prev_hash: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    details: &serde_json::Value,
) -> String {
    let details = serde_json::to_string(details).expect("JSON values serialise");
    let mut h = Sha256::new();
    for part in [
        prev_hash,
        &seq.to_string(),
        at,
        actor,
        action,
        subject,
        &details,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Where a chain first goes wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Break {
    pub seq: i64,
    pub reason: String,
}

/// Checks a chain event by event, in sequence order, so a long log can be streamed.
#[derive(Debug)]
pub struct Verifier {
    prev: String,
    expected_seq: Option<i64>,
    checked: u64,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier {
            prev: GENESIS.to_string(),
            expected_seq: None,
            checked: 0,
        }
    }
}

impl Verifier {
    pub fn push(&mut self, e: &AuditEvent) -> Result<(), Break> {
        if let Some(s) = self.expected_seq
            && e.seq != s
        {
            return Err(Break {
                seq: e.seq,
                reason: format!("event {s} is missing before it"),
            });
        }
        if e.prev_hash != self.prev {
            return Err(Break {
                seq: e.seq,
                reason: "its link to the previous event does not match".into(),
            });
        }
        let h = event_hash(
            &e.prev_hash,
            e.seq,
            &e.at,
            &e.actor,
            &e.action,
            &e.subject,
            &e.details,
        );
        if h != e.hash {
            return Err(Break {
                seq: e.seq,
                reason: "its content was changed after it was written".into(),
            });
        }
        self.prev = e.hash.clone();
        self.expected_seq = Some(e.seq + 1);
        self.checked += 1;
        Ok(())
    }

    /// How many events verified so far.
    pub fn checked(&self) -> u64 {
        self.checked
    }
}

/// Checks a whole chain; returns how many events verified, or the first broken one.
pub fn verify<'a>(events: impl IntoIterator<Item = &'a AuditEvent>) -> Result<u64, Break> {
    let mut v = Verifier::default();
    for e in events {
        v.push(e)?;
    }
    Ok(v.checked())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chain(n: i64) -> Vec<AuditEvent> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let details = json!({"n": seq});
                let hash = event_hash(
                    &prev,
                    seq,
                    "2026-11-29T00:00:00Z",
                    "ana",
                    "x",
                    "y",
                    &details,
                );
                let e = AuditEvent {
                    seq,
                    at: "2026-11-29T00:00:00Z".into(),
                    actor: "ana".into(),
                    action: "x".into(),
                    subject: "y".into(),
                    details,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                e
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(5));
        assert_eq!(verify(&[]), Ok(0));
    }

    #[test]
    fn a_changed_event_is_named() {
        let mut c = chain(5);
        c[2].details = json!({"n": 99});
        assert_eq!(verify(&c).unwrap_err().seq, 3);
    }

    #[test]
    fn a_removed_event_is_found() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify(&c).unwrap_err().seq, 3);
    }

    #[test]
    fn a_rehashed_event_breaks_the_next_link() {
        let mut c = chain(5);
        c[1].actor = "mallory".into();
        c[1].hash = event_hash(
            &c[1].prev_hash,
            2,
            &c[1].at,
            "mallory",
            "x",
            "y",
            &c[1].details,
        );
        let b = verify(&c).unwrap_err();
        assert_eq!(b.seq, 3);
    }
}
