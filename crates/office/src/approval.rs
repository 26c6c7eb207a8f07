//! Approval: an officer submits a request's release set, frozen and hashed; a supervisor who
//! did not submit it approves or rejects it. The approval binds to the hash: any later change
//! to what would be released — a redaction, a disposition, an exemption, a re-ingest, a label
//! in the catalogue — makes it stale, and export refuses a stale approval with a reason naming
//! what changed (the frozen set is kept to compare with).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::preflight::{ProblemKind, SubmissionProblem};
use crate::{Actor, ApiError, ErrorCode, Office, Result};
use model::audit::AuditEvent;
use model::{
    Action, ApprovalState, AuditAction, Disposition, RecordId, RecordKind, RecordStatus,
    RedactionId, RequestRef, RequestStatus,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// An applied redaction as frozen in a release set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FrozenRedaction {
    pub id: RedactionId,
    pub anchor: model::RedactionAnchor,
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub page: Option<i64>,
    pub area: Option<[f64; 4]>,
    pub code: String,
}

/// One record of a release set with what will become of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReleaseEntry {
    pub doc_id: RecordId,
    pub path: String,
    pub kind: RecordKind,
    pub sha256: Option<String>,
    pub text_sha256: Option<String>,
    /// What will be done: released in full or with redactions, withheld, not responsive, or
    /// a copy released once, as its original.
    pub disposition: Disposition,
    /// The codes it is withheld under.
    pub exemptions: Vec<String>,
    pub redactions: Vec<FrozenRedaction>,
    /// Released as page images with a text layer read by OCR from the burned pages (the
    /// fallback for a record whose text layer the checks cannot vouch for). Absent when
    /// false, so that sets frozen before it existed keep their hashes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub as_images: bool,
    /// A corrected copy of the record as released in this earlier installment (it changed
    /// since). Absent otherwise, so that sets frozen before installments keep their hashes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub corrects: Option<u32>,
}

/// The installment a release set is, when a request goes out in installments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InstallmentOf {
    pub number: u32,
    /// Its first Bates number: where the installment before it ended, plus one.
    pub bates_start: u64,
}

/// What a submission covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Submission {
    /// The request whole; once it has gone out in installments, its last installment: every
    /// record not yet released (each must be decided), and those changed since.
    #[default]
    Next,
    /// An installment: the records decided since the last one (undecided ones wait for a
    /// later installment) and those changed since they went out — or, given, those records.
    Installment(Option<Vec<RecordId>>),
}

/// Everything an approval binds to: what is printed on the inspection copies, the log and
/// the letter comes from here, so a re-export of the same approval prints the same.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseSet {
    pub reference: String,
    pub agency: String,
    pub requester: String,
    pub description: String,
    pub received: String,
    pub records: Vec<ReleaseEntry>,
    /// The label each code in use prints on boxes and slip sheets.
    pub labels: BTreeMap<String, String>,
    /// Each code in use with its former citation and description (log and letter).
    pub citations: BTreeMap<String, Citation>,
    /// The installment it is (absent: the request whole, and the sets frozen before
    /// installments, which keep their hashes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installment: Option<InstallmentOf>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Citation {
    pub former: Option<String>,
    pub description: String,
}

impl ReleaseSet {
    /// The release hash: HMAC-SHA-256 of the set's canonical JSON (fields in declaration
    /// order, maps sorted) under the office key, so that a set rewritten in the database
    /// cannot be given a matching hash by someone without the key.
    pub fn seal(&self, key: &model::audit::OfficeKey) -> String {
        let bytes = serde_json::to_vec(self).expect("a release set serialises");
        seal_frozen(key, &bytes)
    }

    /// Counts for the approver.
    pub fn summary(&self) -> ReleaseSummary {
        let mut s = ReleaseSummary {
            records: self.records.len() as u64,
            ..ReleaseSummary::default()
        };
        for r in &self.records {
            match r.disposition {
                Disposition::Release => s.released_in_full += 1,
                Disposition::Redact => s.released_with_redactions += 1,
                Disposition::Withhold => {
                    s.withheld += 1;
                    for c in &r.exemptions {
                        *s.withheld_by_code.entry(c.clone()).or_default() += 1;
                    }
                }
                Disposition::NotResponsive => s.not_responsive += 1,
                Disposition::Duplicate => s.duplicates += 1,
            }
            if r.corrects.is_some() {
                s.corrected += 1;
            }
            if r.disposition == Disposition::Redact {
                for d in &r.redactions {
                    *s.redactions_by_code.entry(d.code.clone()).or_default() += 1;
                }
            }
        }
        s
    }
}

/// What a supervisor reads before approving.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReleaseSummary {
    pub records: u64,
    pub released_in_full: u64,
    pub released_with_redactions: u64,
    pub withheld: u64,
    pub not_responsive: u64,
    pub duplicates: u64,
    /// Corrected copies of records released in an earlier installment.
    pub corrected: u64,
    pub redactions_by_code: BTreeMap<String, u64>,
    pub withheld_by_code: BTreeMap<String, u64>,
}

/// A submission and its state.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ApprovalInfo {
    pub reference: String,
    /// The installment it is (none: the request whole).
    pub installment: Option<u32>,
    pub state: ApprovalState,
    pub release_hash: String,
    pub submitted_by: String,
    pub submitted_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub comment: Option<String>,
    pub summary: ReleaseSummary,
    /// What changed since submission (empty when the set is still the one submitted).
    pub changed: Vec<String>,
    /// Text the released PDFs hid (found at submission): never published, shown to decide on.
    pub hidden_text: Vec<crate::HiddenNotice>,
}

/// An approval that export may use: the frozen set, and who approved it when.
#[derive(Debug, Clone)]
pub(crate) struct CurrentApproval {
    pub id: i64,
    pub set: ReleaseSet,
    pub hash: String,
    pub approved_by: String,
    pub approved_by_display: String,
    pub approved_at: String,
}

/// Which records a release set is made of.
pub(crate) enum Scope {
    /// Every record of the request.
    Whole,
    Installment(InstallmentScope),
}

pub(crate) struct InstallmentScope {
    of: InstallmentOf,
    /// The records asked for (none: every record decided and not yet released unchanged).
    picked: Option<BTreeSet<RecordId>>,
    /// Every record not yet released must be decided (the request's last installment).
    all: bool,
    /// Each record released in an earlier installment: the installment and what went out.
    released: BTreeMap<RecordId, (u32, ReleaseEntry)>,
}

/// An installment that went out, with its frozen set.
pub(crate) struct Prior {
    pub row: store::InstallmentRow,
    pub set: ReleaseSet,
}

impl Prior {
    /// The installment's first Bates number, and the one after its last.
    fn bates(&self) -> (u64, u64) {
        let start = self.set.installment.map_or(1, |i| i.bates_start);
        (start, start + self.row.pages)
    }
}

/// The installments of a request that went out, by number.
pub(crate) async fn priors(tx: &mut store::Tx, req: &model::Request) -> Result<Vec<Prior>> {
    tx.released_installments(req.id)
        .await?
        .into_iter()
        .map(|row| {
            let set = serde_json::from_str(&row.release_set).map_err(|e| {
                ApiError::internal(format!("approval {}: release set: {e}", row.approval_id))
            })?;
            Ok(Prior { row, set })
        })
        .collect()
}

/// What each record released before installment `below` went out as, and in which.
fn released_before(priors: &[Prior], below: u32) -> BTreeMap<RecordId, (u32, ReleaseEntry)> {
    let mut out = BTreeMap::new();
    for p in priors.iter().filter(|p| p.row.number < below) {
        for e in &p.set.records {
            out.insert(e.doc_id, (p.row.number, e.clone()));
        }
    }
    out
}

/// The scope of a submission: the request whole, or its next installment.
pub(crate) async fn scope_for(
    tx: &mut store::Tx,
    req: &model::Request,
    submission: &Submission,
) -> Result<Scope> {
    let reference = &req.reference;
    let priors = priors(tx, req).await?;
    if let Some(a) = tx.latest_approval(req.id).await?
        && a.decision == Some(ApprovalState::Approved)
        && let Some(n) = a.installment
        && !priors.iter().any(|p| p.row.approval_id == a.id)
    {
        return Err(ApiError::conflict(format!(
            "installment {n} of {reference} is approved but has not been exported: export it before the next installment is submitted (its Bates numbers follow on from it)"
        )));
    }
    let (picked, all) = match submission {
        Submission::Next if priors.is_empty() => return Ok(Scope::Whole),
        Submission::Next => (None, true),
        Submission::Installment(picked) => {
            if priors.is_empty()
                && let Some(at) = tx.last_whole_export(req.id).await?
            {
                return Err(ApiError::conflict(format!(
                    "request {reference} was released whole (exported {}): it cannot go on in installments; submit it whole again to release more",
                    at.get(..10).unwrap_or(&at)
                )));
            }
            if picked.as_ref().is_some_and(Vec::is_empty) {
                return Err(ApiError::invalid(format!(
                    "the selection names no record of {reference}: nothing to put in an installment"
                )));
            }
            (picked.as_ref().map(|p| p.iter().copied().collect()), false)
        }
    };
    let number = priors.last().map_or(1, |p| p.row.number + 1);
    let bates_start = priors.last().map_or(1, |p| p.bates().1);
    Ok(Scope::Installment(InstallmentScope {
        of: InstallmentOf {
            number,
            bates_start,
        },
        picked,
        all,
        released: released_before(&priors, number),
    }))
}

/// The scope a frozen set was made in, to make it again as things stand.
pub(crate) async fn scope_of(
    tx: &mut store::Tx,
    req: &model::Request,
    frozen: &ReleaseSet,
) -> Result<Scope> {
    let Some(of) = frozen.installment else {
        return Ok(Scope::Whole);
    };
    let priors = priors(tx, req).await?;
    Ok(Scope::Installment(InstallmentScope {
        of,
        picked: Some(frozen.records.iter().map(|r| r.doc_id).collect()),
        all: false,
        released: released_before(&priors, of.number),
    }))
}

/// A frozen set made again as things stand (what an approval is compared with).
pub(crate) async fn set_now(
    tx: &mut store::Tx,
    req: &model::Request,
    frozen: &ReleaseSet,
) -> Result<ReleaseSet> {
    let scope = scope_of(tx, req, frozen).await?;
    Ok(release_set(tx, req, &scope).await?.0)
}

/// Whether two entries release a record alike (an installment's corrected copy is the same
/// record released again, changed).
fn same_release(a: &ReleaseEntry, b: &ReleaseEntry) -> bool {
    ReleaseEntry {
        corrects: None,
        ..a.clone()
    } == ReleaseEntry {
        corrects: None,
        ..b.clone()
    }
}

/// Of the records `released` (what each went out as, and in which installment), those that
/// have changed since, each with its installment: the next installment carries corrected
/// copies.
async fn changed_since_release(
    tx: &mut store::Tx,
    req: &model::Request,
    released: BTreeMap<RecordId, (u32, ReleaseEntry)>,
) -> Result<Vec<(RecordId, String, u32)>> {
    if released.is_empty() {
        return Ok(vec![]);
    }
    let scope = Scope::Installment(InstallmentScope {
        of: InstallmentOf {
            number: u32::MAX,
            bates_start: 1,
        },
        picked: Some(released.keys().copied().collect()),
        all: false,
        released,
    });
    let (set, _) = match release_set(tx, req, &scope).await {
        Ok(x) => x,
        // Nothing changed: an empty installment.
        Err(e) if e.code == ErrorCode::Invalid => return Ok(vec![]),
        Err(e) => return Err(e),
    };
    Ok(set
        .records
        .into_iter()
        .filter_map(|e| e.corrects.map(|n| (e.doc_id, e.path, n)))
        .collect())
}

/// The request's release set as it stands, and what stops it from being submitted (before
/// the pre-flight looks at the records themselves).
pub(crate) async fn release_set(
    tx: &mut store::Tx,
    req: &model::Request,
    scope: &Scope,
) -> Result<(ReleaseSet, Vec<SubmissionProblem>)> {
    let part = match scope {
        Scope::Whole => None,
        Scope::Installment(s) => Some(s),
    };
    let rows = tx.release_rows(req.id).await?;
    let mut redactions: BTreeMap<RecordId, Vec<FrozenRedaction>> = BTreeMap::new();
    for d in tx.applied_redactions(req.id).await? {
        redactions
            .entry(d.record_id)
            .or_default()
            .push(FrozenRedaction {
                id: d.id,
                anchor: d.anchor,
                start: d.start_char,
                end: d.end_char,
                page: d.page_no,
                area: d.area,
                code: d.code,
            });
    }
    let mut problems = vec![];
    let mut records = Vec::with_capacity(rows.len());
    let mut codes = std::collections::BTreeSet::new();
    // In an installment: records left for a later one, and records released unchanged.
    let (mut waiting, mut unchanged) = (0u64, 0u64);
    for r in rows {
        if let Some(picked) = part.and_then(|s| s.picked.as_ref())
            && !picked.contains(&r.id)
        {
            continue;
        }
        // An installment of what is decided: a record without a decision waits for a later
        // one (unless it was asked for, or this is the last).
        let may_wait =
            part.is_some_and(|s| s.picked.is_none() && !s.all && !s.released.contains_key(&r.id));
        let redactions = redactions.remove(&r.id).unwrap_or_default();
        let disposition = match (r.status, r.disposition) {
            (
                RecordStatus::Failed,
                Some(d @ (Disposition::Withhold | Disposition::NotResponsive)),
            ) => d,
            (RecordStatus::Failed, _) if may_wait => {
                waiting += 1;
                continue;
            }
            (RecordStatus::Failed, _) => {
                problems.push(SubmissionProblem::new(
                    r.id,
                    &r.path,
                    r.title.as_deref(),
                    None,
                    ProblemKind::Unreadable,
                    format!(
                        "it could not be read when it was collected ({})",
                        r.failure.as_deref().unwrap_or("no reason recorded")
                    ),
                ));
                continue;
            }
            (RecordStatus::Duplicate, None) => Disposition::Duplicate,
            (_, None) if may_wait => {
                waiting += 1;
                continue;
            }
            (_, None) => {
                problems.push(SubmissionProblem::new(
                    r.id,
                    &r.path,
                    None,
                    None,
                    ProblemKind::Undecided,
                    "it has no disposition yet",
                ));
                continue;
            }
            (_, Some(Disposition::Release | Disposition::Redact)) if !redactions.is_empty() => {
                Disposition::Redact
            }
            (_, Some(Disposition::Release | Disposition::Redact)) => Disposition::Release,
            (_, Some(d)) => d,
        };
        let as_images =
            r.as_images && matches!(disposition, Disposition::Release | Disposition::Redact);
        let mut entry = ReleaseEntry {
            doc_id: r.id,
            path: r.path,
            kind: r.kind,
            sha256: r.sha256,
            text_sha256: r.text_sha256,
            disposition,
            exemptions: r.exemptions,
            redactions,
            as_images,
            corrects: None,
        };
        // Released before: again only if it changed since, as a corrected copy.
        if let Some((n, before)) = part.and_then(|s| s.released.get(&entry.doc_id)) {
            if same_release(before, &entry) {
                unchanged += 1;
                continue;
            }
            entry.corrects = Some(*n);
        }
        if entry.disposition == Disposition::Withhold {
            codes.extend(entry.exemptions.iter().cloned());
        }
        if entry.disposition == Disposition::Redact {
            codes.extend(entry.redactions.iter().map(|d| d.code.clone()));
        }
        records.push(entry);
    }
    let mut labels = BTreeMap::new();
    let mut citations = BTreeMap::new();
    for code in codes {
        match tx.exemption(&code).await? {
            Some(e) => {
                labels.insert(code.clone(), e.label);
                citations.insert(
                    code,
                    Citation {
                        former: e.former,
                        description: e.description,
                    },
                );
            }
            None => {
                labels.insert(code.clone(), code);
            }
        }
    }
    if records.is_empty() && problems.is_empty() {
        return Err(ApiError::invalid(match part {
            None => format!("request {} has no records to release", req.reference),
            Some(s) => format!(
                "nothing to release in installment {} of {}: {} record(s) have no decision yet and {} went out in an earlier installment and have not changed since",
                s.of.number, req.reference, waiting, unchanged
            ),
        }));
    }
    Ok((
        ReleaseSet {
            reference: req.reference.to_string(),
            agency: tx.setting(crate::AGENCY_KEY).await?.unwrap_or_default(),
            requester: req.requester.clone(),
            description: req.description.clone(),
            received: req.received.to_string(),
            records,
            labels,
            citations,
            installment: part.map(|s| s.of),
        },
        problems,
    ))
}

/// What differs between a frozen set and the current one, in words, at most `MAX_CHANGES`.
pub(crate) fn changes(before: &ReleaseSet, now: &ReleaseSet) -> Vec<String> {
    const MAX_CHANGES: usize = 5;
    let mut out = vec![];
    let old: BTreeMap<RecordId, &ReleaseEntry> =
        before.records.iter().map(|r| (r.doc_id, r)).collect();
    let new: BTreeMap<RecordId, &ReleaseEntry> =
        now.records.iter().map(|r| (r.doc_id, r)).collect();
    for (id, n) in &new {
        let Some(o) = old.get(id) else {
            out.push(format!("record {id} ({}) was added", n.path));
            continue;
        };
        if o.sha256 != n.sha256 || o.text_sha256 != n.text_sha256 {
            out.push(format!("record {id}: its content changed (re-ingested)"));
        }
        if o.disposition != n.disposition {
            out.push(format!(
                "record {id}: disposition {} → {}",
                o.disposition, n.disposition
            ));
        }
        if o.exemptions != n.exemptions {
            out.push(format!(
                "record {id}: exemptions {} → {}",
                list(&o.exemptions),
                list(&n.exemptions)
            ));
        }
        if o.redactions != n.redactions {
            out.push(format!(
                "record {id}: redactions changed ({} → {})",
                o.redactions.len(),
                n.redactions.len()
            ));
        }
        if o.as_images != n.as_images {
            out.push(format!(
                "record {id}: {}",
                if n.as_images {
                    "now released as page images"
                } else {
                    "no longer released as page images"
                }
            ));
        }
    }
    for (id, o) in &old {
        if !new.contains_key(id) {
            out.push(format!("record {id} ({}) left the release set", o.path));
        }
    }
    for (code, label) in &now.labels {
        if before.labels.get(code).is_some_and(|l| l != label) {
            out.push(format!(
                "exemption {code}: its label changed to \"{label}\""
            ));
        }
    }
    for (code, c) in &now.citations {
        if before.citations.get(code).is_some_and(|b| b != c) {
            out.push(format!(
                "exemption {code}: its citation or description changed"
            ));
        }
    }
    if before.agency != now.agency {
        out.push(format!("the agency's name changed to \"{}\"", now.agency));
    }
    if (&before.requester, &before.description, &before.received)
        != (&now.requester, &now.description, &now.received)
    {
        out.push("the request's requester, description or received date changed".into());
    }
    if out.is_empty() && before != now {
        out.push("the release set changed".into());
    }
    if out.len() > MAX_CHANGES {
        let more = out.len() - MAX_CHANGES;
        out.truncate(MAX_CHANGES);
        out.push(format!("and {more} more"));
    }
    out
}

fn list(codes: &[String]) -> String {
    if codes.is_empty() {
        "none".into()
    } else {
        codes.join(", ")
    }
}

fn notices(row: &store::ApprovalRow) -> Vec<crate::HiddenNotice> {
    serde_json::from_str(&row.notices).unwrap_or_default()
}

fn parse_set(row: &store::ApprovalRow) -> Result<ReleaseSet> {
    serde_json::from_str(&row.release_set)
        .map_err(|e| ApiError::internal(format!("approval {}: release set: {e}", row.id)))
}

impl Office {
    /// The release set as it stands and what stops it from being submitted (read-only: the
    /// review screen's "ready to submit?" and the supervisor's preview).
    pub async fn release_preview(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> Result<(ReleaseSet, Vec<SubmissionProblem>)> {
        self.preview_part(actor, reference, &Submission::Next).await
    }

    /// [`Office::release_preview`] of what a submission would cover (the request whole, or
    /// an installment of it).
    pub async fn preview_part(
        &self,
        actor: &Actor,
        reference: &str,
        submission: &Submission,
    ) -> Result<(ReleaseSet, Vec<SubmissionProblem>)> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        let scope = scope_for(&mut tx, &req, submission).await?;
        release_set(&mut tx, &req, &scope).await
    }

    /// Freezes the request's release set and submits it for approval (officers). Refused
    /// while a record has no disposition, an unreadable record would be released, or the
    /// pre-flight finds a record export could not release as it stands (each named, with
    /// what can be done). With the office's setting on, records the checks cannot vouch for
    /// are released as page images instead.
    pub async fn submit(&self, actor: &Actor, reference: &str) -> Result<ApprovalInfo> {
        self.submit_with(actor, reference, |_| {}).await
    }

    /// [`Office::submit`], with the pre-flight's progress.
    pub async fn submit_with(
        &self,
        actor: &Actor,
        reference: &str,
        progress: impl Fn(crate::CheckProgress) + Send + Sync + Clone + 'static,
    ) -> Result<ApprovalInfo> {
        self.submit_part(actor, reference, &Submission::Next, progress)
            .await
    }

    /// Submits the request whole, or an installment of it (see [`Submission`]): the same
    /// pre-flight, freezing and two-person approval, over the installment's records; its
    /// Bates numbers follow on from the installment before.
    pub async fn submit_part(
        &self,
        actor: &Actor,
        reference: &str,
        submission: &Submission,
        progress: impl Fn(crate::CheckProgress) + Send + Sync + Clone + 'static,
    ) -> Result<ApprovalInfo> {
        let reference = RequestRef::parse(reference)?;
        let fallback = {
            let mut tx = self.store.read().await?;
            self.authorize(&mut tx, actor, Action::Submit).await?;
            crate::requests::request_of(&mut tx, &reference).await?;
            crate::settings::read_settings(&mut tx)
                .await?
                .images_when_unchecked
        };
        // First, outside the write transaction (it renders and reads every record): the
        // pre-flight.
        let mut check = self
            .check_part(actor, reference.as_str(), submission, progress.clone())
            .await?;
        let unvouched: Vec<RecordId> = check
            .problems
            .iter()
            .filter(|p| {
                p.kind == crate::ProblemKind::Check
                    && p.remedies.contains(&crate::Remedy::ReleaseAsImages)
            })
            .map(|p| p.doc_id)
            .collect();
        if fallback && !unvouched.is_empty() {
            self.set_release_as_images(actor, reference.as_str(), &unvouched, true)
                .await?;
            check = self
                .check_part(actor, reference.as_str(), submission, progress)
                .await?;
        }
        let mut tx = self.store.write().await?;
        let user = self.authorize(&mut tx, actor, Action::Submit).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        if req.state == model::RequestState::Closed {
            return Err(ApiError::conflict(format!(
                "request {reference} is closed: reopen it before submitting a release"
            )));
        }
        let scope = scope_for(&mut tx, &req, submission).await?;
        let (set, problems) = release_set(&mut tx, &req, &scope).await?;
        let problems = if problems.is_empty() {
            check.problems.clone()
        } else {
            problems
        };
        if !problems.is_empty() {
            let n = problems.len();
            let shown: Vec<String> = problems.iter().take(3).map(|p| p.describe()).collect();
            let mut e = ApiError::invalid(format!(
                "request {reference} cannot be submitted: {}{}",
                shown.join("; "),
                if n > 3 {
                    format!("; and {} more", n - 3)
                } else {
                    String::new()
                }
            ));
            e.record = Some(problems[0].doc_id);
            return Err(e);
        }
        if set.seal(tx.key()) != check.release_hash {
            return Err(ApiError::conflict(format!(
                "the records of {reference} changed while they were checked: submit again"
            )));
        }
        let hidden_text = check.hidden_text.clone();
        let hash = set.seal(tx.key());
        if let Some(prev) = tx.latest_approval(req.id).await?
            && prev.decision.is_none()
            && prev.release_hash == hash
        {
            return Err(ApiError::conflict(format!(
                "request {reference} is already submitted (by {} at {}) and waiting for a supervisor",
                prev.submitted_by, prev.submitted_at
            )));
        }
        let at = self.now();
        let frozen = serde_json::to_string(&set).expect("a release set serialises");
        let notices = serde_json::to_string(&hidden_text).expect("notices serialise");
        let approval_id = tx
            .insert_approval(
                req.id,
                (&hash, &frozen),
                &notices,
                set.installment.map(|i| i.number),
                user.id,
                &at,
            )
            .await?;
        tx.set_request_status(req.id, RequestStatus::Submitted)
            .await?;
        let summary = set.summary();
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::ReleaseSubmit,
            &format!("request/{reference}"),
            // The notices are kept with the submission; the event counts them (one a page,
            // with a sample of the hidden words: neither bounded nor fit for the log).
            json!({"approval": approval_id, "release_hash": hash, "summary": summary,
                   "installment": set.installment.map(|i| i.number),
                   "hidden_text": {
                "notices": hidden_text.len(),
                "records": hidden_text.iter().map(|n| n.doc_id).collect::<HashSet<_>>().len(),
                "words": hidden_text.iter().map(|n| n.words).sum::<usize>(),
            }}),
        )
        .await?;
        tx.commit().await?;
        store::fault::point("approval.committed");
        Ok(ApprovalInfo {
            reference: reference.to_string(),
            installment: set.installment.map(|i| i.number),
            state: ApprovalState::Submitted,
            release_hash: hash,
            submitted_by: user.name.clone(),
            submitted_at: at,
            decided_by: None,
            decided_at: None,
            comment: None,
            summary,
            changed: vec![],
            hidden_text,
        })
    }

    /// Approves the submitted release set (supervisors; never the person who submitted it).
    /// Refused when the set changed since it was submitted.
    pub async fn approve(
        &self,
        actor: &Actor,
        reference: &str,
        comment: Option<&str>,
    ) -> Result<ApprovalInfo> {
        self.decide_release(actor, reference, ApprovalState::Approved, comment)
            .await
    }

    /// Sends the submitted release set back with a comment (supervisors).
    pub async fn reject(
        &self,
        actor: &Actor,
        reference: &str,
        comment: &str,
    ) -> Result<ApprovalInfo> {
        if comment.trim().is_empty() {
            return Err(ApiError::invalid(
                "a rejection needs a comment saying what to change",
            ));
        }
        self.decide_release(actor, reference, ApprovalState::Rejected, Some(comment))
            .await
    }

    async fn decide_release(
        &self,
        actor: &Actor,
        reference: &str,
        decision: ApprovalState,
        comment: Option<&str>,
    ) -> Result<ApprovalInfo> {
        let reference = RequestRef::parse(reference)?;
        let comment = comment.map(str::trim).filter(|c| !c.is_empty());
        let mut tx = self.store.write().await?;
        let user = self.authorize(&mut tx, actor, Action::Approve).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        let pending = match tx.latest_approval(req.id).await? {
            Some(a) if a.decision.is_none() => a,
            Some(a) => {
                return Err(ApiError::conflict(format!(
                    "request {reference} has no release set waiting: the last one was {} by {}; an officer submits it again",
                    a.decision.map_or("decided", ApprovalState::as_str),
                    a.decided_by.as_deref().unwrap_or("?")
                )));
            }
            None => {
                return Err(ApiError::conflict(format!(
                    "request {reference} has not been submitted for approval"
                )));
            }
        };
        let frozen = parse_set(&pending)?;
        let hidden_text = notices(&pending);
        if decision == ApprovalState::Approved {
            // Two-person rule: not the submitter, nor an account or password of theirs.
            self.check_independent_approver(
                &mut tx,
                &user,
                pending.submitted_by_id,
                &pending.submitted_by,
                &pending.submitted_at,
            )
            .await?;
            let now = set_now(&mut tx, &req, &frozen).await?;
            if now.seal(tx.key()) != pending.release_hash {
                return Err(ApiError::new(
                    ErrorCode::StaleApproval,
                    format!(
                        "the release set of {reference} changed since it was submitted: {}; an officer submits it again",
                        changes(&frozen, &now).join("; ")
                    ),
                ));
            }
        }
        let at = self.now();
        tx.decide_approval(pending.id, decision, user.id, &at, comment)
            .await?;
        tx.set_request_status(
            req.id,
            if decision == ApprovalState::Approved {
                RequestStatus::Approved
            } else {
                RequestStatus::Open
            },
        )
        .await?;
        tx.append_audit(
            &at,
            actor.name(),
            if decision == ApprovalState::Approved {
                AuditAction::ReleaseApprove
            } else {
                AuditAction::ReleaseReject
            },
            &format!("request/{reference}"),
            json!({"approval": pending.id, "release_hash": pending.release_hash,
                   "submitted_by": pending.submitted_by, "comment": comment}),
        )
        .await?;
        tx.commit().await?;
        store::fault::point("approval.committed");
        Ok(ApprovalInfo {
            reference: reference.to_string(),
            installment: pending.installment,
            state: decision,
            release_hash: pending.release_hash,
            submitted_by: pending.submitted_by,
            submitted_at: pending.submitted_at,
            decided_by: Some(user.name),
            decided_at: Some(at),
            comment: comment.map(String::from),
            summary: frozen.summary(),
            changed: vec![],
            hidden_text,
        })
    }

    /// The latest submission of a request and whether the set changed since.
    pub async fn approval(&self, actor: &Actor, reference: &str) -> Result<Option<ApprovalInfo>> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        let Some(a) = tx.latest_approval(req.id).await? else {
            return Ok(None);
        };
        let frozen = parse_set(&a)?;
        let hidden_text = notices(&a);
        let now = set_now(&mut tx, &req, &frozen).await?;
        let changed = if now.seal(tx.key()) == a.release_hash {
            vec![]
        } else {
            changes(&frozen, &now)
        };
        Ok(Some(ApprovalInfo {
            reference: reference.to_string(),
            installment: a.installment,
            state: a.decision.unwrap_or(ApprovalState::Submitted),
            release_hash: a.release_hash,
            submitted_by: a.submitted_by,
            submitted_at: a.submitted_at,
            decided_by: a.decided_by,
            decided_at: a.decided_at,
            summary: frozen.summary(),
            changed,
            hidden_text,
            comment: a.comment,
        }))
    }
}

/// The release hash of a set as frozen (its canonical JSON, as stored with the approval).
fn seal_frozen(key: &model::audit::OfficeKey, json: &[u8]) -> String {
    key.seal("disclose release set", json)
}

/// Refuses an approval that the audit log does not hold as made through Disclose: its
/// submission and its approval must each be an event keyed with the office key, naming this
/// approval and its release hash, the approval by the supervisor the row names, who is not
/// the submitter. An approval row written or edited in the database directly has none.
async fn check_approval_recorded(
    tx: &mut store::Tx,
    a: &store::ApprovalRow,
    reference: &RequestRef,
) -> Result<()> {
    let subject = format!("request/{reference}");
    let signed = |e: &AuditEvent, tx: &store::Tx| {
        e.seq >= tx.key().keyed_from()
            && tx.key().signed(e)
            && e.details["approval"].as_i64() == Some(a.id)
            && e.details["release_hash"].as_str() == Some(a.release_hash.as_str())
    };
    let approvers: Vec<String> = tx
        .audit_events_by_action(&subject, AuditAction::ReleaseApprove.as_str())
        .await?
        .into_iter()
        .filter(|e| signed(e, tx))
        .map(|e| e.actor)
        .collect();
    let submitters: Vec<String> = tx
        .audit_events_by_action(&subject, AuditAction::ReleaseSubmit.as_str())
        .await?
        .into_iter()
        .filter(|e| signed(e, tx))
        .map(|e| e.actor)
        .collect();
    let approver = a.decided_by.as_deref().unwrap_or_default();
    let recorded = approvers.iter().any(|who| who == approver)
        && submitters.iter().any(|who| who == &a.submitted_by)
        && approver != a.submitted_by;
    if !recorded {
        return Err(ApiError::conflict(format!(
            "the approval of {reference} is not in the audit log as made through Disclose (a submission by {} and an approval by another supervisor, {}): it was written in the database directly; nothing is exported",
            a.submitted_by,
            if approver.is_empty() { "?" } else { approver }
        )));
    }
    Ok(())
}

/// The approval export may use: the latest submission, approved, and the set unchanged since.
pub(crate) async fn current_approval(
    tx: &mut store::Tx,
    req: &model::Request,
) -> Result<CurrentApproval> {
    let reference = &req.reference;
    let stale = |msg: String| ApiError::new(ErrorCode::StaleApproval, msg);
    let a = match tx.latest_approval(req.id).await? {
        None => {
            return Err(stale(format!(
                "request {reference} has no approval: an officer submits the release set and a supervisor approves it"
            )));
        }
        Some(a) if a.decision == Some(ApprovalState::Approved) => a,
        Some(a) if a.decision.is_none() => {
            return Err(stale(format!(
                "the release set of {reference} is waiting for a supervisor's approval (submitted by {} at {})",
                a.submitted_by, a.submitted_at
            )));
        }
        Some(a) => {
            return Err(stale(format!(
                "the release set of {reference} was rejected by {}{}: an officer submits it again",
                a.decided_by.as_deref().unwrap_or("?"),
                a.comment
                    .as_deref()
                    .map(|c| format!(" (\"{c}\")"))
                    .unwrap_or_default()
            )));
        }
    };
    let frozen = parse_set(&a)?;
    // What is printed is the frozen set: it must be the set that was approved, and the
    // approval one that Disclose recorded — both under the office key, which someone who
    // rewrites the database does not hold.
    // The stored bytes are sealed, not the set parsed and written again: a coordinate's
    // last digit need not survive a round trip through JSON.
    if seal_frozen(tx.key(), a.release_set.as_bytes()) != a.release_hash {
        return Err(ApiError::conflict(format!(
            "the approved release set of {reference} does not match its release hash: it was changed in the database after approval; nothing is exported (an officer submits it again)"
        )));
    }
    check_approval_recorded(tx, &a, reference).await?;
    let now = set_now(tx, req, &frozen).await?;
    if now.seal(tx.key()) != a.release_hash {
        return Err(stale(format!(
            "the approval of {reference} is stale: {}; an officer submits it again and a supervisor approves it",
            changes(&frozen, &now).join("; ")
        )));
    }
    Ok(CurrentApproval {
        id: a.id,
        set: frozen,
        hash: a.release_hash,
        approved_by: a.decided_by.clone().unwrap_or_default(),
        approved_by_display: a.decided_by_display.or(a.decided_by).unwrap_or_default(),
        approved_at: a.decided_at.unwrap_or_default(),
    })
}

/// An installment that went out.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InstallmentSummary {
    pub number: u32,
    pub approved_by: String,
    pub approved_at: String,
    pub exported_at: String,
    pub out_dir: String,
    pub pages: u64,
    /// Its Bates numbers, first and last (without the prefix the export printed).
    pub bates_first: u64,
    pub bates_last: u64,
    pub summary: ReleaseSummary,
}

/// A record that went out in an installment and has changed since: the next installment
/// carries a corrected copy of it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangedSinceRelease {
    pub doc_id: RecordId,
    pub path: String,
    pub installment: u32,
}

/// What went out of a request in which installment, and what changed since.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Installments {
    pub reference: String,
    pub installments: Vec<InstallmentSummary>,
    /// Each record with the installment it last went out in.
    pub released: BTreeMap<RecordId, u32>,
    pub changed: Vec<ChangedSinceRelease>,
}

impl Office {
    /// The installments of a request that went out, the installment each record went out
    /// in, and the records changed since they did.
    pub async fn installments(&self, actor: &Actor, reference: &str) -> Result<Installments> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        let priors = priors(&mut tx, &req).await?;
        let before = released_before(&priors, u32::MAX);
        let released = before.iter().map(|(id, (n, _))| (*id, *n)).collect();
        let changed = changed_since_release(&mut tx, &req, before)
            .await?
            .into_iter()
            .map(|(doc_id, path, installment)| ChangedSinceRelease {
                doc_id,
                path,
                installment,
            })
            .collect();
        Ok(Installments {
            reference: reference.to_string(),
            installments: priors
                .iter()
                .map(|p| {
                    let (first, next) = p.bates();
                    InstallmentSummary {
                        number: p.row.number,
                        approved_by: p.row.approved_by.clone(),
                        approved_at: p.row.approved_at.clone(),
                        exported_at: p.row.exported_at.clone(),
                        out_dir: p.row.out_dir.clone(),
                        pages: p.row.pages,
                        bates_first: first,
                        bates_last: next.saturating_sub(1).max(first),
                        summary: p.set.summary(),
                    }
                })
                .collect(),
            released,
            changed,
        })
    }
}
