//! The audit chain: each event's hash covers its content and the previous event's hash, so
//! changing, removing or reordering any event breaks every hash after it.
//!
//! A plain hash only shows that the chain is whole: anyone who can write the database can
//! recompute it after an edit. So an office's events are *keyed*: from the office key's
//! `keyed_from` event on, an event's hash is an HMAC-SHA-256 under the [`OfficeKey`], a
//! secret kept outside the database (see SECURITY.md). Without the key, an edited, inserted
//! or re-hashed event fails verification; what a key cannot show — the newest events
//! deleted — the heads recorded outside the database (each workstation's and each export's)
//! do.

use crate::closed_set;
use hmac::{Hmac, Mac};
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
        /// The office backed up (where, to which audit event).
        OfficeBackup = "office.backup",
        /// This office restored from a backup.
        OfficeRestore = "office.restore",
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
        /// A request's state changed: asked for clarification, closed (with why), reopened,
        /// or moved on by an ingest or an export.
        RequestState = "request.state",
        /// A letter was issued to the requester (its kind, language and hash).
        LetterIssue = "letter.issue",
        /// A supervisor changed (or reset) a letter template.
        LetterTemplate = "letter.template",
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
/// length-prefixed, so no two different events can serialise alike. Events before an office
/// key's `keyed_from` (an office older than keyed chains) carry this plain hash; later ones
/// [`OfficeKey::event_hash`].
pub fn event_hash(
    prev_hash: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    details: &serde_json::Value,
) -> String {
    let mut h = Sha256::new();
    event_parts(prev_hash, seq, at, actor, action, subject, details, |b| {
        h.update(b)
    });
    hex::encode(h.finalize())
}

/// Feeds an event's fields, length-prefixed in a fixed order, to `feed`.
#[allow(clippy::too_many_arguments)]
fn event_parts(
    prev_hash: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    details: &serde_json::Value,
    mut feed: impl FnMut(&[u8]),
) {
    let details = serde_json::to_string(details).expect("JSON values serialise");
    for part in [
        prev_hash,
        &seq.to_string(),
        at,
        actor,
        action,
        subject,
        &details,
    ] {
        feed(&(part.len() as u64).to_be_bytes());
        feed(part.as_bytes());
    }
}

type HmacSha256 = Hmac<Sha256>;

/// The office's secret: it keys the audit chain and the release hashes, so that someone who
/// can write the database but does not hold the key cannot recompute either after an edit.
/// Kept outside the database (a file readable by the office's OS user only; in team mode a
/// copy on each workstation).
#[derive(Clone)]
pub struct OfficeKey {
    secret: [u8; 32],
    /// The first event keyed with it: 1 for an office born keyed; the next event's number
    /// for an office that was given its key later (the events before carry plain hashes).
    keyed_from: i64,
}

impl std::fmt::Debug for OfficeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "OfficeKey({}, keyed from {})",
            self.id(),
            self.keyed_from
        )
    }
}

impl OfficeKey {
    pub fn new(secret: [u8; 32], keyed_from: i64) -> OfficeKey {
        OfficeKey {
            secret,
            keyed_from: keyed_from.max(1),
        }
    }

    pub fn secret(&self) -> &[u8; 32] {
        &self.secret
    }

    pub fn keyed_from(&self) -> i64 {
        self.keyed_from
    }

    /// A public name of the key (not a way to it): which office a key file belongs to.
    pub fn id(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"disclose office key id\0");
        h.update(self.secret);
        hex::encode(&h.finalize()[..8])
    }

    fn mac(&self) -> HmacSha256 {
        HmacSha256::new_from_slice(&self.secret).expect("HMAC takes a key of any length")
    }

    /// HMAC-SHA-256 of `purpose` and `bytes`, in hex: the purpose keeps a MAC made for one
    /// thing (a release set) from standing for another (an event).
    pub fn seal(&self, purpose: &str, bytes: &[u8]) -> String {
        let mut m = self.mac();
        for part in [purpose.as_bytes(), bytes] {
            m.update(&(part.len() as u64).to_be_bytes());
            m.update(part);
        }
        hex::encode(m.finalize().into_bytes())
    }

    /// An event's hash: keyed from `keyed_from` on, plain before.
    #[allow(clippy::too_many_arguments)]
    pub fn event_hash(
        &self,
        prev_hash: &str,
        seq: i64,
        at: &str,
        actor: &str,
        action: &str,
        subject: &str,
        details: &serde_json::Value,
    ) -> String {
        if seq < self.keyed_from {
            return event_hash(prev_hash, seq, at, actor, action, subject, details);
        }
        let mut m = self.mac();
        m.update(b"disclose audit event\0");
        event_parts(prev_hash, seq, at, actor, action, subject, details, |b| {
            m.update(b)
        });
        hex::encode(m.finalize().into_bytes())
    }

    /// Whether an event's hash is the one this key gives its content and link (the event is
    /// genuine, whatever the events around it).
    pub fn signed(&self, e: &AuditEvent) -> bool {
        self.event_hash(
            &e.prev_hash,
            e.seq,
            &e.at,
            &e.actor,
            &e.action,
            &e.subject,
            &e.details,
        ) == e.hash
    }
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
    key: Option<OfficeKey>,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier {
            prev: GENESIS.to_string(),
            expected_seq: None,
            checked: 0,
            key: None,
        }
    }
}

impl Verifier {
    /// A verifier of an office's keyed chain.
    pub fn keyed(key: &OfficeKey) -> Verifier {
        Verifier {
            key: Some(key.clone()),
            ..Verifier::default()
        }
    }

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
        let genuine = match &self.key {
            Some(k) => k.signed(e),
            None => {
                event_hash(
                    &e.prev_hash,
                    e.seq,
                    &e.at,
                    &e.actor,
                    &e.action,
                    &e.subject,
                    &e.details,
                ) == e.hash
            }
        };
        if !genuine {
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

/// Checks a whole chain of plain hashes; returns how many events verified, or the first
/// broken one.
pub fn verify<'a>(events: impl IntoIterator<Item = &'a AuditEvent>) -> Result<u64, Break> {
    let mut v = Verifier::default();
    for e in events {
        v.push(e)?;
    }
    Ok(v.checked())
}

/// Checks a whole chain of an office keyed with `key`.
pub fn verify_keyed<'a>(
    key: &OfficeKey,
    events: impl IntoIterator<Item = &'a AuditEvent>,
) -> Result<u64, Break> {
    let mut v = Verifier::keyed(key);
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

    fn keyed_chain(key: &OfficeKey, n: i64) -> Vec<AuditEvent> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let details = json!({"n": seq});
                let hash = key.event_hash(&prev, seq, "t", "ana", "x", "y", &details);
                let e = AuditEvent {
                    seq,
                    at: "t".into(),
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

    /// The attack: edit the newest event (or any, re-hashing everything after it) with the
    /// plain hash. Without the key the edited chain verifies; with it, it does not.
    #[test]
    fn a_rehashed_keyed_chain_is_refused() {
        let key = OfficeKey::new([7; 32], 1);
        let mut c = keyed_chain(&key, 4);
        assert_eq!(Verifier::keyed(&key).push(&c[0]), Ok(()));
        let mut v = Verifier::keyed(&key);
        assert!(c.iter().all(|e| v.push(e).is_ok()));
        c[3].details = json!({"n": "forged"});
        c[3].hash = event_hash(&c[3].prev_hash, 4, "t", "ana", "x", "y", &c[3].details);
        assert!(!key.signed(&c[3]));
        let mut v = Verifier::keyed(&key);
        let broken = c.iter().map(|e| v.push(e)).find_map(Result::err).unwrap();
        assert_eq!(broken.seq, 4);
        // Another key (another office's) does not sign this office's events either.
        assert!(!OfficeKey::new([8; 32], 1).signed(&keyed_chain(&key, 1)[0]));
    }

    /// An office keyed late: its older events keep their plain hashes and still verify.
    #[test]
    fn events_before_the_key_keep_plain_hashes() {
        let key = OfficeKey::new([7; 32], 3);
        let c = keyed_chain(&key, 5);
        assert_eq!(
            c[1].hash,
            event_hash(&c[1].prev_hash, 2, "t", "ana", "x", "y", &c[1].details)
        );
        assert_ne!(
            c[2].hash,
            event_hash(&c[2].prev_hash, 3, "t", "ana", "x", "y", &c[2].details)
        );
        let mut v = Verifier::keyed(&key);
        assert!(c.iter().all(|e| v.push(e).is_ok()));
        assert_eq!(v.checked(), 5);
        assert_ne!(key.seal("a", b"x"), key.seal("b", b"x"), "purposes differ");
        assert_eq!(key.id().len(), 16);
    }
}
