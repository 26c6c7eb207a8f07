//! Redactions of record text, their undoing, and the record as it will be released.
//!
//! Each change is audited in the transaction that makes it (counts and ids, a digest of them
//! past a few — never the redacted values themselves, which the audit log would otherwise
//! spread), noted in the change log the search index follows (`exemption:` finds redacted
//! records), and refused once the request has left review. One run finds at most
//! [`MAX_MATCHES_PER_RECORD`] occurrences in a record and [`MAX_MATCHES_PER_CALL`] in all:
//! past either it is refused whole, before anything is written.

use crate::{Actor, ApiError, Office, Result};
use model::{
    Action, AuditAction, DetectorKind, Disposition, RecordId, RecordKind, RedactionAnchor,
    RedactionId, RedactionOrigin, RedactionState, RequestRef, ReviewStatus,
};
use redact::{Finder, Redaction, Span};
use serde::Serialize;
use serde_json::json;
use store::{NewRedaction, RecordStatus, RedactionRow};

pub use store::RedactionRow as RedactionInfo;

/// How to find what to redact.
#[derive(Debug, Clone)]
pub enum RedactBy {
    /// One value, wherever it occurs (white space inside it matches any white space).
    Text { value: String, ignore_case: bool },
    /// Several values (a terms file: one per line).
    Terms {
        values: Vec<String>,
        ignore_case: bool,
    },
    /// A regular expression.
    Pattern(String),
    /// Characters `start..end` of one record's text (a selection on the review screen).
    Span { start: usize, end: usize },
    /// Personal information the detectors find (people: also every name the request's own
    /// message headers give).
    Detect(Vec<DetectorKind>),
    /// Values redacted on another record, found again as whole words (what a near-duplicate
    /// is proposed when one of its group is redacted).
    Redacted { values: Vec<String> },
}

impl RedactBy {
    fn origin(&self) -> RedactionOrigin {
        match self {
            RedactBy::Text { .. } | RedactBy::Span { .. } => RedactionOrigin::Manual,
            RedactBy::Terms { .. } | RedactBy::Redacted { .. } => RedactionOrigin::Term,
            RedactBy::Pattern(_) => RedactionOrigin::Pattern,
            RedactBy::Detect(_) => RedactionOrigin::Detector,
        }
    }
}

/// Which records.
#[derive(Debug, Clone, Copy)]
pub enum RedactTarget {
    Doc(RecordId),
    /// Every record of the request with text, copies and attachments included.
    AllDocs,
    /// The other records of a record's near-duplicate group (those the actor may work on).
    NearDupsOf(RecordId),
}

/// What a redaction run did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RedactReport {
    /// New redactions (occurrences already redacted the same way are not doubled).
    pub redactions: u64,
    /// Records that got at least one.
    pub records: u64,
    /// Records looked at.
    pub searched: u64,
    pub ids: Vec<RedactionId>,
    /// Redacting one record of a near-duplicate group: proposals of the same words made on
    /// the group's other records.
    pub proposed_on_near_dups: u64,
}

/// How far a redaction run over a request's records has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FindProgress {
    /// Records searched so far, of `total`.
    pub searched: u64,
    pub total: u64,
    /// Occurrences found so far (some may already be redacted the same way).
    pub found: u64,
}

/// Which proposed redactions a decision is about.
#[derive(Debug, Clone)]
pub enum Proposals {
    Ids(Vec<RedactionId>),
    /// Every proposal of the request, or of one record, one origin (e.g. the detectors'),
    /// one detector (e.g. phone numbers), those a detector was at least `min_score` sure of.
    All {
        doc: Option<RecordId>,
        origin: Option<RedactionOrigin>,
        kind: Option<DetectorKind>,
        min_score: Option<f64>,
    },
}

/// What a decision on proposals did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProposalDecision {
    pub accepted: u64,
    pub rejected: u64,
    /// With "redact everywhere": new proposals of the accepted values on other records.
    pub proposed_elsewhere: u64,
    /// Without it: proposals of the accepted values on the near-duplicates of the records
    /// they were accepted on.
    pub proposed_on_near_dups: u64,
}

/// A record with its text and redactions (the review screen's left pane).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordView {
    pub doc_id: RecordId,
    pub path: String,
    pub kind: RecordKind,
    pub title: Option<String>,
    /// An item from an Outlook mailbox: the folder it was in (`Inbox/Permits`)…
    pub folder: Option<String>,
    /// …what it is (message, meeting, contact, task, note, distribution list)…
    pub item: Option<String>,
    /// …and whether it was among the mailbox's deleted items.
    pub deleted: bool,
    pub disposition: Option<Disposition>,
    pub review_status: ReviewStatus,
    pub exemptions: Vec<String>,
    /// For a copy: the first copy, which it follows.
    pub duplicate_of: Option<RecordId>,
    pub text: String,
    pub redactions: Vec<RedactionInfo>,
    /// Paged records: their pages and word boxes.
    pub pages: Vec<PageWords>,
    /// The reviewers' note (internal: never released)…
    pub note: Option<String>,
    /// …who wrote it last, and when (RFC 3339).
    pub note_by: Option<String>,
    pub note_at: Option<String>,
    /// The record's version: pass it back with [`crate::Actor::seeing`] so that a change
    /// made meanwhile by someone else is refused instead of overwritten.
    pub version: i64,
}

/// A record as it will be released (the right pane; export uses the same function).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReleaseView {
    pub doc_id: RecordId,
    pub disposition: Option<Disposition>,
    /// Withheld in full: `text` is the slip sheet.
    pub withheld: bool,
    /// Not responsive: not part of the release.
    pub excluded: bool,
    pub text: String,
    /// For a paged record (PDF, scan): the boxes to paint on its pages — each text redaction
    /// over the words it covers, each area as drawn.
    pub boxes: Vec<PageBox>,
    /// The spans of the record's text that are removed, with their labels and the id of
    /// the redaction that removes each (export).
    #[serde(skip)]
    pub(crate) removed: Vec<(Span, String, RedactionId)>,
}

/// A redaction box on a page (normalised to the page: 0..1, origin top-left).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PageBox {
    pub page: u32,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub label: String,
}

/// A page of a paged record with its words, for the review screen's left pane.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PageWords {
    pub page: u32,
    pub width_pt: f32,
    pub height_pt: f32,
    pub ocr: bool,
    /// (x0, y0, x1, y1, word), normalised to the page.
    pub words: Vec<redact::pages::WordBox>,
}

const CHUNK: usize = 500;

/// Most occurrences one redaction run takes from one record. A 1,000-page record with ten
/// redactions on every page is within it; a pattern matching every character of a large text
/// is not (`x` on a 30 MB text once wrote 31 million proposals).
pub const MAX_MATCHES_PER_RECORD: usize = 10_000;

/// Most occurrences one redaction run takes over all its records. Each becomes a row and,
/// proposed, a decision for a person: at one every two seconds, 100,000 are 55 hours of
/// clicking. A run that finds more is a pattern too broad, refused whole before anything is
/// written (a narrower pattern, or fewer records at a time).
pub const MAX_MATCHES_PER_CALL: usize = 100_000;

/// The same bound for the detectors ("Find personal info"), which are not a pattern a
/// person can make too broad: the 8,349 Enron messages hold over 100,000 names, numbers and
/// addresses (every header names people), and a 100,000-record request ten times that. The
/// bound keeps a run's rows in memory to a few hundred megabytes.
pub const MAX_DETECTIONS_PER_CALL: usize = 2_000_000;

/// Most values of one terms list (`RedactBy::Terms`). The values become one pattern whose
/// size is bounded too ([`redact::Invalid::TooLarge`]); a list of names to redact runs to
/// dozens or hundreds.
pub const MAX_REDACT_TERMS: usize = 1_000;

/// Values per pass of the proposals that follow a change (accepted values "everywhere", a
/// redaction's words on its near-duplicates): each pass is one pattern, kept well under its
/// size bound as the detectors' known names are.
pub(crate) const VALUES_PER_PASS: usize = 300;

impl Office {
    /// Redacts what `by` finds in the target records under exemption `code`.
    pub async fn redact(
        &self,
        actor: &Actor,
        reference: &str,
        by: &RedactBy,
        target: RedactTarget,
        code: &str,
        note: Option<&str>,
    ) -> Result<RedactReport> {
        self.redact_reporting(actor, reference, by, target, code, note, false, &|_| {})
            .await
    }

    /// Proposes redactions of what `by` finds: the clerk accepts or rejects them later
    /// ([`Office::decide_proposals`]); until then the release view does not show them.
    pub async fn propose_redactions(
        &self,
        actor: &Actor,
        reference: &str,
        by: &RedactBy,
        target: RedactTarget,
        code: &str,
        note: Option<&str>,
    ) -> Result<RedactReport> {
        // Not through `redact_reporting`: proposals are not carried to near-duplicates, and
        // carrying them calls this.
        self.make_redactions(
            actor,
            reference,
            by,
            target,
            code,
            note,
            RedactionState::Proposed,
            &|_| {},
        )
        .await
    }

    /// [`Office::redact`], or [`Office::propose_redactions`] with `propose`, telling
    /// `progress` how far the search has got: at the start and after each chunk of records
    /// ("Find personal info" over a whole request takes minutes).
    #[allow(clippy::too_many_arguments)]
    pub async fn redact_reporting(
        &self,
        actor: &Actor,
        reference: &str,
        by: &RedactBy,
        target: RedactTarget,
        code: &str,
        note: Option<&str>,
        propose: bool,
        progress: &(dyn Fn(FindProgress) + Send + Sync),
    ) -> Result<RedactReport> {
        let state = if propose {
            RedactionState::Proposed
        } else {
            RedactionState::Applied
        };
        let mut report = self
            .make_redactions(actor, reference, by, target, code, note, state, progress)
            .await?;
        if let (RedactTarget::Doc(id), false) = (target, propose) {
            report.proposed_on_near_dups = self
                .propose_on_near_dups(actor, reference, id, &report.ids)
                .await
                .map_err(|e| {
                    after_done(
                        &format!("record {id} was redacted, but proposing the same words on its near-duplicates stopped"),
                        e,
                    )
                })?;
        }
        Ok(report)
    }

    #[allow(clippy::too_many_arguments)]
    async fn make_redactions(
        &self,
        actor: &Actor,
        reference: &str,
        by: &RedactBy,
        target: RedactTarget,
        code: &str,
        note: Option<&str>,
        state: RedactionState,
        progress: &(dyn Fn(FindProgress) + Send + Sync),
    ) -> Result<RedactReport> {
        let reference = RequestRef::parse(reference)?;
        if let RedactBy::Terms { values, .. } | RedactBy::Redacted { values } = by
            && values.len() > MAX_REDACT_TERMS
        {
            return Err(ApiError::invalid(format!(
                "the terms file has {} terms; at most {} are redacted at once",
                model::thousands(values.len() as u64),
                model::thousands(MAX_REDACT_TERMS as u64)
            )));
        }
        let finder = match by {
            RedactBy::Text { value, ignore_case } => Some(Finder::text(value, *ignore_case)),
            RedactBy::Terms {
                values,
                ignore_case,
            } => Some(Finder::terms(values, *ignore_case)),
            RedactBy::Pattern(p) => Some(Finder::pattern(p)),
            RedactBy::Redacted { values } => Some(Finder::whole_values(values)),
            RedactBy::Detect(kinds) if kinds.is_empty() => {
                return Err(ApiError::invalid("name the detectors to run"));
            }
            RedactBy::Detect(_) => None,
            RedactBy::Span { start, end } if start >= end => {
                return Err(ApiError::invalid("the selection is empty"));
            }
            RedactBy::Span { .. } => None,
        }
        .transpose()?;
        let known = match by {
            RedactBy::Detect(kinds) if kinds.contains(&DetectorKind::Person) => {
                redact::detect::Known::people(&self.people_named_in(&reference).await?).map_err(
                    |e| ApiError::invalid(format!("the names from the request's messages: {e}")),
                )?
            }
            _ => redact::detect::Known::default(),
        };
        // Each occurrence, with the detector that found it and how sure it was; more than
        // `limit` stops the run.
        type Found = (Option<DetectorKind>, Span, Option<f64>);
        let find = |text: &str, limit: usize| -> std::result::Result<Vec<Found>, redact::TooMany> {
            Ok(match (&finder, by) {
                (Some(f), _) => f
                    .find_at_most(text, limit)?
                    .into_iter()
                    .map(|s| (None, s, None))
                    .collect(),
                (None, RedactBy::Detect(kinds)) => {
                    redact::detect::detect_at_most(text, kinds, &known, limit)?
                        .into_iter()
                        .map(|f| (Some(f.kind), f.span, Some(f64::from(f.score))))
                        .collect()
                }
                (None, RedactBy::Span { start, end }) => vec![(
                    None,
                    Span {
                        start: *start,
                        end: *end,
                    },
                    None,
                )],
                (None, _) => vec![],
            })
        };
        let (what, hint) = match by {
            RedactBy::Text { .. } => ("the value", "a longer value"),
            RedactBy::Terms { .. } | RedactBy::Redacted { .. } => {
                ("the terms", "fewer or longer terms")
            }
            RedactBy::Pattern(_) => ("the pattern", "a narrower pattern"),
            RedactBy::Detect(_) => ("the detectors", "fewer detectors"),
            RedactBy::Span { .. } => ("the selection", "a smaller selection"),
        };
        let done = if state == RedactionState::Applied {
            "redacted"
        } else {
            "proposed"
        };
        let code = code.trim().to_string();
        // The code each finding takes: the office's choice for its detector, or the run's.
        let codes: std::collections::HashMap<DetectorKind, String> = match by {
            RedactBy::Detect(kinds) => {
                let mut tx = self.store.read().await?;
                let settings = crate::settings::read_settings(&mut tx).await?;
                kinds
                    .iter()
                    .filter_map(|&k| settings.detector_code(k).map(|c| (k, c.to_string())))
                    .collect()
            }
            _ => Default::default(),
        };
        let code_of = |kind: Option<DetectorKind>| -> &str {
            kind.and_then(|k| codes.get(&k))
                .map_or(code.as_str(), String::as_str)
        };
        let mut used_codes: Vec<&str> = vec![code.as_str()];
        used_codes.extend(codes.values().map(String::as_str));
        used_codes.sort_unstable();
        used_codes.dedup();
        let note = note
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from);
        let (user, ids) = {
            let mut tx = self.store.read().await?;
            let user = self.authorize(&mut tx, actor, Action::Redact).await?;
            let req = crate::requests::request_of(&mut tx, &reference).await?;
            open_for_review(&reference, req.state)?;
            for c in &used_codes {
                active_code(&mut tx, c).await?;
            }
            let ids = match target {
                RedactTarget::AllDocs | RedactTarget::NearDupsOf(_)
                    if matches!(by, RedactBy::Span { .. }) =>
                {
                    return Err(ApiError::invalid("a selection is on one record"));
                }
                RedactTarget::AllDocs | RedactTarget::NearDupsOf(_) => {
                    let mut ids = match target {
                        // Only records with text are grouped.
                        RedactTarget::NearDupsOf(of) => {
                            match tx.near_dup_group_of(&[of]).await?.first() {
                                Some((_, g)) => tx.near_dup_members(req.id, *g).await?,
                                None => vec![],
                            }
                            .into_iter()
                            .filter(|id| *id != of)
                            .collect()
                        }
                        _ => tx.redactable_records(req.id).await?,
                    };
                    if user.role == model::Role::Clerk {
                        // Under enforced assignment, a clerk's "all" is their records.
                        let mut mine = Vec::with_capacity(ids.len());
                        for id in ids {
                            if let Some(state) = tx.review_state(id).await?
                                && crate::review::may_work_on(
                                    &mut tx, &reference, &user, id, &state,
                                )
                                .await
                                .is_ok()
                            {
                                mine.push(id);
                            }
                        }
                        ids = mine;
                    }
                    ids
                }
                RedactTarget::Doc(id) => {
                    let state = crate::requests::record_in(&mut tx, &reference, req.id, id).await?;
                    crate::review::may_work_on(&mut tx, &reference, &user, id, &state).await?;
                    if state.status == RecordStatus::Failed {
                        return Err(ApiError::invalid(format!(
                            "record {id} could not be read: it has no text to redact (withhold it instead)"
                        )));
                    }
                    if let RedactBy::Span { end, .. } = by {
                        let len = tx
                            .record_text(id)
                            .await?
                            .unwrap_or_default()
                            .chars()
                            .count();
                        if *end > len {
                            return Err(ApiError::invalid(format!(
                                "the selection ends at character {end}, past the end of record {id}'s text ({len})"
                            )));
                        }
                    }
                    vec![id]
                }
            };
            (user, ids)
        };
        // Find in chunks, outside any write transaction. Past the bounds the whole run is
        // refused before anything is written.
        let mut new = vec![];
        let mut promote: Vec<RedactionId> = vec![];
        let mut records = 0u64;
        let mut found = 0usize;
        let mut searched = 0usize;
        let cap = if matches!(by, RedactBy::Detect(_)) {
            MAX_DETECTIONS_PER_CALL
        } else {
            MAX_MATCHES_PER_CALL
        };
        let tell = |searched: usize, found: usize| {
            progress(FindProgress {
                searched: searched as u64,
                total: ids.len() as u64,
                found: found as u64,
            })
        };
        tell(0, 0);
        for chunk in ids.chunks(CHUNK) {
            let mut tx = self.store.read().await?;
            // What is already redacted under each code the run may use.
            type Place<'c> = (&'c str, (RecordId, i64, i64));
            let mut existing: std::collections::HashMap<Place, (RedactionId, RedactionState)> =
                Default::default();
            for c in &used_codes {
                for (at, was) in tx.active_spans(chunk, c).await? {
                    existing.insert((c, at), was);
                }
            }
            for r in tx.records_with_text(chunk).await? {
                searched += 1;
                let room = cap - found;
                let spans = match find(&r.text, MAX_MATCHES_PER_RECORD.min(room)) {
                    Ok(spans) => spans,
                    Err(redact::TooMany) if room >= MAX_MATCHES_PER_RECORD => {
                        let mut e = ApiError::invalid(format!(
                            "{what} found more than {} occurrences in record {}, the most one run takes from a record: nothing was {done}; try {hint}",
                            model::thousands(MAX_MATCHES_PER_RECORD as u64),
                            r.id
                        ));
                        e.record = Some(r.id);
                        return Err(e);
                    }
                    Err(redact::TooMany) => {
                        return Err(ApiError::invalid(format!(
                            "{what} found more than {} occurrences in the first {} of {} records, the most one run takes: nothing was {done}; try {hint}, or fewer records at a time",
                            model::thousands(cap as u64),
                            model::thousands(searched as u64),
                            model::thousands(ids.len() as u64),
                        )));
                    }
                };
                found += spans.len();
                if spans.is_empty() {
                    continue;
                }
                let before = new.len();
                let promoted_before = promote.len();
                for (kind, s, score) in spans {
                    let (a, b) = (s.start as i64, s.end as i64);
                    let code = code_of(kind);
                    match existing.get(&(code, (r.id, a, b))) {
                        // Applying what is only proposed: the proposal becomes applied (a
                        // pending proposal must never keep a value readable).
                        Some((id, s))
                            if state == RedactionState::Applied
                                && *s == RedactionState::Proposed =>
                        {
                            promote.push(*id);
                            continue;
                        }
                        Some(_) => continue,
                        None => {}
                    }
                    new.push(NewRedaction {
                        record_id: r.id,
                        start_char: a,
                        end_char: b,
                        code: code.to_string(),
                        note: note.clone(),
                        origin: by.origin(),
                        state,
                        kind,
                        score,
                        created_by: user.id,
                    });
                }
                if new.len() > before || promote.len() > promoted_before {
                    records += 1;
                }
            }
            tell(searched, found);
        }
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::Redact).await?;
        // The request may have left review while we searched.
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        open_for_review(&reference, req.state)?;
        let at = self.now();
        let mut made = tx.insert_redactions(&new, &at).await?;
        for id in &promote {
            tx.set_redaction_state(*id, RedactionState::Applied).await?;
        }
        made.extend(&promote);
        let mut touched: Vec<RecordId> = new.iter().map(|n| n.record_id).collect();
        for id in &promote {
            if let Some((r, _)) = tx.redaction_state(*id).await? {
                touched.push(r);
            }
        }
        touched.sort();
        touched.dedup();
        crate::review::note_changes(&mut tx, actor, &touched, &at).await?;
        tx.append_audit(
            &at,
            actor.name(),
            if state == RedactionState::Applied {
                AuditAction::RedactionAdd
            } else {
                AuditAction::RedactionPropose
            },
            &format!("request/{reference}"),
            json!({
                "code": if codes.is_empty() { json!(code) } else { json!(used_codes) },
                "origin": by.origin(),
                "target": match target {
                    RedactTarget::Doc(id) => json!(id),
                    RedactTarget::AllDocs => json!("all"),
                    RedactTarget::NearDupsOf(id) => json!({"near_dups_of": id}),
                },
                // Counts and digests: a run may make up to MAX_MATCHES_PER_CALL.
                "redactions": made.len(),
                "records": crate::audit::id_list(touched.iter().map(|r| r.0)),
                "ids": crate::audit::id_list(made.iter().map(|r| r.0)),
            }),
        )
        .await?;
        tx.commit().await?;
        store::fault::point("redaction.committed");
        self.follow_index().await;
        Ok(RedactReport {
            redactions: made.len() as u64,
            records,
            searched: ids.len() as u64,
            ids: made,
            proposed_on_near_dups: 0,
        })
    }

    /// Accepts (applies) or rejects proposed redactions. With `everywhere`, each accepted value
    /// is then proposed on every other record of the request where it occurs ("redact
    /// everywhere"), copies and attachments included.
    pub async fn decide_proposals(
        &self,
        actor: &Actor,
        reference: &str,
        which: &Proposals,
        accept: bool,
        everywhere: bool,
    ) -> Result<ProposalDecision> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.write().await?;
        let user = self.authorize(&mut tx, actor, Action::Redact).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        open_for_review(&reference, req.state)?;
        let chosen = match which {
            Proposals::All {
                doc,
                origin,
                kind,
                min_score,
            } => {
                if min_score.is_some_and(|m| !(0.0..=1.0).contains(&m)) {
                    return Err(ApiError::invalid(
                        "a detector's confidence is between 0 and 1",
                    ));
                }
                tx.proposals(req.id, *doc, *origin, *kind, *min_score)
                    .await?
            }
            Proposals::Ids(ids) => {
                let mut ids = ids.clone();
                ids.sort_unstable();
                ids.dedup();
                let open = tx.proposals(req.id, None, None, None, None).await?;
                let open: std::collections::HashMap<RedactionId, _> =
                    open.into_iter().map(|p| (p.0, p)).collect();
                let mut chosen = vec![];
                for id in &ids {
                    match open.get(id) {
                        Some(p) => chosen.push(p.clone()),
                        None => {
                            return Err(match tx.redaction_state(*id).await? {
                                Some((_, state)) if state != RedactionState::Proposed => {
                                    ApiError::conflict(format!(
                                        "redaction {id} is {state}, not proposed"
                                    ))
                                }
                                _ => ApiError::not_found(format!(
                                    "request {reference} has no redaction {id}"
                                )),
                            });
                        }
                    }
                }
                chosen
            }
        };
        for p in &chosen {
            if let Some(owner) = tx.review_state(p.1).await? {
                crate::review::may_work_on(&mut tx, &reference, &user, p.1, &owner).await?;
            }
        }
        let at = self.now();
        let state = if accept {
            RedactionState::Applied
        } else {
            RedactionState::Rejected
        };
        for p in &chosen {
            tx.set_redaction_state(p.0, state).await?;
        }
        let mut records: Vec<RecordId> = chosen.iter().map(|p| p.1).collect();
        records.sort();
        records.dedup();
        crate::review::note_changes(&mut tx, actor, &records, &at).await?;
        let ids: Vec<RedactionId> = chosen.iter().map(|p| p.0).collect();
        tx.append_audit(
            &at,
            actor.name(),
            if accept {
                AuditAction::RedactionAccept
            } else {
                AuditAction::RedactionReject
            },
            &format!("request/{reference}"),
            json!({"ids": crate::audit::id_list(ids.iter().map(|r| r.0)),
                   "records": crate::audit::id_list(records.iter().map(|r| r.0)),
                   "before": RedactionState::Proposed, "after": state}),
        )
        .await?;
        // The proposals decided, by record.
        let mut on_record: std::collections::HashMap<RecordId, Vec<usize>> = Default::default();
        for (i, p) in chosen.iter().enumerate() {
            on_record.entry(p.1).or_default().push(i);
        }
        // The accepted values, for "redact everywhere".
        let mut values: Vec<(String, String)> = vec![];
        if accept && everywhere {
            let mut seen: std::collections::HashSet<(String, String)> = Default::default();
            for chunk in records.chunks(CHUNK) {
                for r in tx.records_with_text(chunk).await? {
                    let chars: Vec<char> = r.text.chars().collect();
                    for p in on_record
                        .get(&r.id)
                        .into_iter()
                        .flatten()
                        .map(|i| &chosen[*i])
                    {
                        let (a, b) = (p.2.max(0) as usize, (p.3.max(0) as usize).min(chars.len()));
                        if a < b {
                            let v: String = chars[a..b].iter().collect();
                            if seen.insert((v.clone(), p.4.clone())) {
                                values.push((v, p.4.clone()));
                            }
                        }
                    }
                }
            }
        }
        tx.commit().await?;
        store::fault::point("redaction.committed");
        self.follow_index().await;
        // One pass over the request per code, with all of its values.
        let mut by_code: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for (value, code) in values {
            by_code.entry(code).or_default().push(value);
        }
        let mut on_near_dups = 0;
        if accept && !everywhere {
            let grouped: Vec<RecordId> = {
                let mut tx = self.store.read().await?;
                tx.near_dup_group_of(&records)
                    .await?
                    .into_iter()
                    .map(|(r, _)| r)
                    .collect()
            };
            for record in &grouped {
                let made: Vec<RedactionId> = on_record
                    .get(record)
                    .into_iter()
                    .flatten()
                    .map(|i| chosen[*i].0)
                    .collect();
                on_near_dups += self
                    .propose_on_near_dups(actor, reference.as_str(), *record, &made)
                    .await
                    .map_err(|e| {
                        after_done(
                            &format!("the proposals were accepted, but proposing them on the near-duplicates of record {record} stopped"),
                            e,
                        )
                    })?;
            }
        }
        let mut elsewhere = 0;
        for (code, values) in by_code {
            for values in values.chunks(VALUES_PER_PASS) {
                let by = RedactBy::Terms {
                    values: values.to_vec(),
                    ignore_case: false,
                };
                elsewhere += self
                    .propose_redactions(
                        actor,
                        reference.as_str(),
                        &by,
                        RedactTarget::AllDocs,
                        &code,
                        None,
                    )
                    .await
                    .map_err(|e| {
                        after_done(
                            "the proposals were accepted, but proposing their values everywhere stopped",
                            e,
                        )
                    })?
                    .redactions;
            }
        }
        Ok(ProposalDecision {
            accepted: if accept { ids.len() as u64 } else { 0 },
            rejected: if accept { 0 } else { ids.len() as u64 },
            proposed_elsewhere: elsewhere,
            proposed_on_near_dups: on_near_dups,
        })
    }

    /// Redacts an area of a page of a paged record (a rectangle normalised to the page: 0..1,
    /// origin top-left). The words under it leave the text view too.
    #[allow(clippy::too_many_arguments)]
    pub async fn redact_area(
        &self,
        actor: &Actor,
        reference: &str,
        id: RecordId,
        page: u32,
        rect: redact::pages::Rect,
        code: &str,
        note: Option<&str>,
    ) -> Result<RedactionId> {
        let reference = RequestRef::parse(reference)?;
        valid_area(&rect)?;
        let code = code.trim();
        let mut tx = self.store.write().await?;
        let user = self.authorize(&mut tx, actor, Action::Redact).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        open_for_review(&reference, req.state)?;
        let state = crate::requests::record_in(&mut tx, &reference, req.id, id).await?;
        crate::review::may_work_on(&mut tx, &reference, &user, id, &state).await?;
        active_code(&mut tx, code).await?;
        let pages = tx.pages(id).await?;
        if pages.is_empty() {
            return Err(ApiError::invalid(format!(
                "record {id} has no pages: redact its text instead"
            )));
        }
        if !pages.iter().any(|p| p.0 == page) {
            return Err(ApiError::invalid(format!(
                "record {id} has no page {page} (it has {})",
                pages.len()
            )));
        }
        let at = self.now();
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        let rid = tx
            .insert_area_redaction(
                id,
                i64::from(page),
                [rect.x0, rect.y0, rect.x1, rect.y1].map(f64::from),
                code,
                note,
                user.id,
                &at,
            )
            .await?;
        crate::review::note_changes(&mut tx, actor, &[id], &at).await?;
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::RedactionAdd,
            &format!("record/{id}"),
            json!({"request": reference.as_str(), "code": code, "origin": RedactionOrigin::Manual,
                   "anchor": RedactionAnchor::Area, "page": page, "ids": [rid]}),
        )
        .await?;
        tx.commit().await?;
        store::fault::point("redaction.committed");
        self.follow_index().await;
        self.propose_on_near_dups(actor, reference.as_str(), id, &[rid])
            .await
            .map_err(|e| {
                after_done(
                    &format!("the area of record {id} was redacted, but proposing its words on the record's near-duplicates stopped"),
                    e,
                )
            })?;
        Ok(rid)
    }

    /// The area a drawn rectangle would burn: grown to cover whole every word it touches
    /// (see [`redact::pages::snap`]), so the reviewer sees it before applying it.
    pub async fn snap_area(
        &self,
        actor: &Actor,
        reference: &str,
        id: RecordId,
        page: u32,
        rect: redact::pages::Rect,
    ) -> Result<redact::pages::Rect> {
        valid_area(&rect)?;
        let view = self.record_view(actor, reference, id).await?;
        let pages: Vec<redact::pages::PageOfWords> = view
            .pages
            .iter()
            .map(|p| (p.page, p.words.clone()))
            .collect();
        let words = redact::pages::locate(&view.text, &pages);
        Ok(redact::pages::snap(&words, page, &rect))
    }

    /// Undoes a redaction (it stays in the record's history as removed).
    pub async fn remove_redaction(
        &self,
        actor: &Actor,
        reference: &str,
        id: RedactionId,
    ) -> Result<()> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.write().await?;
        let user = self.authorize(&mut tx, actor, Action::Redact).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        open_for_review(&reference, req.state)?;
        let not_found =
            || ApiError::not_found(format!("request {reference} has no redaction {id}"));
        let (record, state) = tx.redaction_state(id).await?.ok_or_else(not_found)?;
        let owner = tx.review_state(record).await?.ok_or_else(not_found)?;
        if owner.request_id != req.id {
            return Err(not_found());
        }
        crate::review::may_work_on(&mut tx, &reference, &user, record, &owner).await?;
        if matches!(state, RedactionState::Removed | RedactionState::Rejected) {
            return Err(ApiError::conflict(format!(
                "redaction {id} is already {state}"
            )));
        }
        let at = self.now();
        tx.set_redaction_state(id, RedactionState::Removed).await?;
        crate::review::note_changes(&mut tx, actor, &[record], &at).await?;
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::RedactionRemove,
            &format!("record/{record}"),
            json!({"request": reference.as_str(), "redaction": id, "before": state, "after": RedactionState::Removed}),
        )
        .await?;
        tx.commit().await?;
        store::fault::point("redaction.committed");
        self.follow_index().await;
        Ok(())
    }

    /// A record with its text and every redaction made on it.
    pub async fn record_view(
        &self,
        actor: &Actor,
        reference: &str,
        id: RecordId,
    ) -> Result<RecordView> {
        let (mut tx, _) = self.record_of(actor, reference, id).await?;
        let r = tx
            .records_with_text(&[id])
            .await?
            .pop()
            .ok_or_else(|| ApiError::not_found(format!("no record {id}")))?;
        // The codes it is withheld under (the index's list also holds redactions' codes).
        let (withheld_under, version) = tx
            .review_state(id)
            .await?
            .map(|s| (s.exemptions, s.version))
            .unwrap_or_default();
        let note = tx.record_note(id).await?;
        let (note_by, note_at) = match note {
            Some(_) => tx
                .last_event(
                    &format!("record/{id}"),
                    model::AuditAction::RecordNote.as_str(),
                )
                .await?
                .map_or((None, None), |(by, at)| (Some(by), Some(at))),
            None => (None, None),
        };
        Ok(RecordView {
            doc_id: id,
            path: r.path,
            kind: r.kind,
            title: r.title,
            folder: r.metadata.get("folder").map(String::from),
            item: r.metadata.get("item").map(String::from),
            deleted: r.metadata.get("deleted") == Some("yes"),
            disposition: r.disposition,
            review_status: r.review_status,
            exemptions: withheld_under,
            version,
            pages: tx
                .pages(id)
                .await?
                .into_iter()
                .map(|(page, width_pt, height_pt, words, ocr)| PageWords {
                    page,
                    width_pt,
                    height_pt,
                    ocr,
                    words: serde_json::from_str(&words).unwrap_or_default(),
                })
                .collect(),
            duplicate_of: r.duplicate_of,
            text: r.text,
            redactions: tx.redactions(id).await?,
            note_by,
            note_at,
            note,
        })
    }

    /// A record as it will be released: its text with applied redactions replaced by labelled
    /// blocks, or a slip sheet when withheld in full.
    pub async fn release_view(
        &self,
        actor: &Actor,
        reference: &str,
        id: RecordId,
    ) -> Result<ReleaseView> {
        let view = self.record_view(actor, reference, id).await?;
        self.release_of(&view).await
    }

    /// The release view of a record already read with [`Office::record_view`] (which checked
    /// the reader may see it): export and the review screen read each record once.
    pub async fn release_of(&self, view: &RecordView) -> Result<ReleaseView> {
        let id = view.doc_id;
        let mut tx = self.store.read().await?;
        let label = |code: &str, rows: &[RedactionRow]| {
            rows.iter()
                .find(|r| r.code == code)
                .map(|r| r.label.clone())
                .unwrap_or_else(|| code.to_string())
        };
        match view.disposition {
            Some(Disposition::Withhold) => {
                let mut labels = vec![];
                for code in &view.exemptions {
                    labels.push(
                        tx.exemption(code)
                            .await?
                            .map(|e| e.label)
                            .unwrap_or_else(|| code.clone()),
                    );
                }
                let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
                Ok(ReleaseView {
                    doc_id: id,
                    disposition: view.disposition,
                    withheld: true,
                    excluded: false,
                    text: redact::slip_sheet(&id.to_string(), &refs),
                    boxes: vec![],
                    removed: vec![],
                })
            }
            Some(Disposition::Duplicate) => Ok(ReleaseView {
                doc_id: id,
                disposition: view.disposition,
                withheld: false,
                excluded: true,
                text: format!(
                    "[DUPLICATE — released once, as record {}]",
                    view.duplicate_of
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "its original".into())
                ),
                boxes: vec![],
                removed: vec![],
            }),
            Some(Disposition::NotResponsive) => Ok(ReleaseView {
                doc_id: id,
                disposition: view.disposition,
                withheld: false,
                excluded: true,
                text: "[NOT RESPONSIVE — not part of the release]".to_string(),
                boxes: vec![],
                removed: vec![],
            }),
            _ => {
                // Fail closed: an applied redaction that cannot be placed stops the view
                // rather than let its value through.
                let cannot = |rid: RedactionId, what: &str| {
                    ApiError::internal(format!(
                        "record {id}: redaction {rid} cannot be placed {what}"
                    ))
                };
                let pages: Vec<redact::pages::PageOfWords> = view
                    .pages
                    .iter()
                    .map(|p| (p.page, p.words.clone()))
                    .collect();
                let total_words: usize = pages.iter().map(|p| p.1.len()).sum();
                let words = redact::pages::locate(&view.text, &pages);
                let all_placed = words.len() == total_words;
                let mut labels: Vec<(Span, String, RedactionId)> = vec![];
                let mut boxes: Vec<PageBox> = vec![];
                for r in view
                    .redactions
                    .iter()
                    .filter(|r| r.state == RedactionState::Applied)
                {
                    let label = label(&r.code, &view.redactions);
                    match (r.anchor, r.start_char, r.end_char, r.page_no) {
                        (RedactionAnchor::Text, Some(a), Some(b), _) if 0 <= a && a <= b => {
                            let span = Span {
                                start: a as usize,
                                end: b as usize,
                            };
                            if !pages.is_empty() {
                                if !all_placed {
                                    return Err(cannot(r.id, "on the record's pages"));
                                }
                                for (page, rect) in redact::pages::boxes(&words, span) {
                                    boxes.push(PageBox {
                                        page,
                                        x0: rect.x0,
                                        y0: rect.y0,
                                        x1: rect.x1,
                                        y1: rect.y1,
                                        label: label.clone(),
                                    });
                                }
                            }
                            labels.push((span, label, r.id));
                        }
                        (RedactionAnchor::Area, _, _, Some(page)) => {
                            let (Some(x0), Some(y0), Some(x1), Some(y1)) = (r.x0, r.y0, r.x1, r.y1)
                            else {
                                return Err(cannot(r.id, "on its page"));
                            };
                            let rect = redact::pages::Rect {
                                x0: x0 as f32,
                                y0: y0 as f32,
                                x1: x1 as f32,
                                y1: y1 as f32,
                            };
                            if !all_placed {
                                return Err(cannot(r.id, "in the text view"));
                            }
                            // Burned as it covers the words it touches, whole; those words
                            // leave the text view too.
                            let rect = redact::pages::snap(&words, page as u32, &rect);
                            for span in redact::pages::spans_under(&words, page as u32, &rect) {
                                labels.push((span, label.clone(), r.id));
                            }
                            boxes.push(PageBox {
                                page: page as u32,
                                x0: rect.x0,
                                y0: rect.y0,
                                x1: rect.x1,
                                y1: rect.y1,
                                label,
                            });
                        }
                        _ => return Err(cannot(r.id, "in the text view")),
                    }
                }
                let rs: Vec<Redaction> = labels
                    .iter()
                    .map(|(span, label, _)| Redaction { span: *span, label })
                    .collect();
                let text = redact::release_text(&view.text, &rs);
                Ok(ReleaseView {
                    doc_id: id,
                    disposition: view.disposition,
                    withheld: false,
                    excluded: false,
                    text,
                    boxes,
                    removed: labels,
                })
            }
        }
    }

    /// A read transaction after checking the actor may read and the record is the request's.
    pub(crate) async fn record_of(
        &self,
        actor: &Actor,
        reference: &str,
        id: RecordId,
    ) -> Result<(store::Tx, model::RequestId)> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        crate::requests::record_in(&mut tx, &reference, req.id, id).await?;
        Ok((tx, req.id))
    }

    /// The people a request's messages name in their From, To and Cc headers (display names of
    /// two words or more), for the person detector.
    async fn people_named_in(&self, reference: &RequestRef) -> Result<Vec<String>> {
        let mut tx = self.store.read().await?;
        let Some(req) = tx.request(reference).await? else {
            return Ok(vec![]);
        };
        let mut names = std::collections::BTreeSet::new();
        for fields in tx.message_headers(req.id).await? {
            for key in ["from", "to", "cc"] {
                let Some(v) = fields.get(key) else {
                    continue;
                };
                for name in display_names(v) {
                    names.insert(name);
                }
            }
        }
        Ok(names.into_iter().collect())
    }

    /// After a review change: bring the index along now, or at its next sync.
    pub(crate) async fn follow_index(&self) {
        if let Ok(idx) = self.index().await {
            let _ = self.sync_index(&idx).await;
        }
    }
}

/// An error of the proposals that follow a change already committed (a redaction's words
/// proposed on near-duplicates, accepted values proposed everywhere): the change stands, and
/// the message says so before why the proposals stopped.
fn after_done(done: &str, e: ApiError) -> ApiError {
    ApiError {
        message: format!("{done}: {}", e.message),
        ..e
    }
}

/// Records change until the request is closed. A change to a submitted or approved release
/// set is allowed and makes its approval stale (see `approval.rs`): a reviewer who finds a
/// missed phone number must be able to redact it.
/// A rectangle of a page as the reviewer gives it: inside the page, not empty.
fn valid_area(rect: &redact::pages::Rect) -> Result<()> {
    if rect.is_valid() {
        return Ok(());
    }
    Err(ApiError::invalid(
        "the rectangle is off the page or empty: give fractions of the page, 0 to 1, with x0 < x1 and y0 < y1",
    ))
}

pub(crate) fn open_for_review(reference: &RequestRef, state: model::RequestState) -> Result<()> {
    if state == model::RequestState::Closed {
        return Err(ApiError::conflict(format!(
            "request {reference} is closed: its records can no longer change (reopen it first)"
        )));
    }
    Ok(())
}

/// The code must be in the catalogue and active.
pub(crate) async fn active_code(tx: &mut store::Tx, code: &str) -> Result<String> {
    match tx.exemption(code).await? {
        Some(e) if e.active => Ok(e.label),
        Some(_) => Err(ApiError::invalid(format!(
            "exemption {code} is retired: a supervisor can activate it again"
        ))),
        None => Err(ApiError::invalid(format!(
            "there is no exemption {code} in the catalogue"
        ))),
    }
}

/// The display names of an address list: `"Doe, Jane" <jd@x>, Ana Ruiz <ar@x>` → Jane Doe,
/// Ana Ruiz (names of two words or more; bare addresses give none).
fn display_names(list: &str) -> Vec<String> {
    let mut out = vec![];
    let mut current = String::new();
    let mut quoted = false;
    let mut in_angle = false;
    let mut flush = |s: &mut String| {
        let name = s.trim().trim_matches('"').trim().to_string();
        let name = match name.split_once(',') {
            // "Last, First" as address books write it.
            Some((last, first)) => format!("{} {}", first.trim(), last.trim()),
            None => name,
        };
        if name.split_whitespace().count() >= 2 && !name.contains('@') {
            out.push(name.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        s.clear();
    };
    for c in list.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            '<' if !quoted => in_angle = true,
            '>' if !quoted => in_angle = false,
            ',' if !quoted && !in_angle => flush(&mut current),
            _ if in_angle => {}
            _ => current.push(c),
        }
    }
    flush(&mut current);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn display_names_of_address_lists() {
        assert_eq!(
            super::display_names(
                r#""Doe, Jane" <jd@x.gov>, Ana Ruiz <ar@x.gov>, bob@x.gov, Cher <c@x>"#
            ),
            vec!["Jane Doe", "Ana Ruiz"]
        );
    }
}
