//! The pre-flight: before a release set is submitted, every record that would go out is
//! composed, rendered and read back exactly as the export will compose, render and read it
//! (the export crate's own [`export::preflight`], with the export's checks), so that what an
//! export could refuse — a page that does not render, an image that does not decode, a text
//! layer the checks cannot vouch for — is found at submission and named by record, page and
//! reason, with what the officer can do about it. After approval an export then fails only
//! for what could not be known before (a changed original, a full disk).
//!
//! Verdicts are kept in the data directory by what decides them (the record's content, its
//! redactions and disposition, how it goes out, the labels it prints, this build), so a
//! second check — the submission after the officer's own, a resubmission after one fix —
//! re-reads only what changed; the pages rendered for it are kept for the export.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::approval::{ReleaseEntry, Submission, release_set};
use crate::{Actor, ApiError, HiddenNotice, Office, Result};
use model::{Action, AuditAction, RecordId, RequestRef};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

/// Why a record stops a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// It has no disposition yet.
    Undecided,
    /// It could not be read when it was collected.
    Unreadable,
    /// A page or image that does not decode or render: nothing of it can be shown.
    Render,
    /// What a reader reads back from its copy is not what the checks expect: its text layer
    /// cannot be vouched for (its pages can still go out as pictures).
    Check,
}

/// What the officer can do about a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Remedy {
    /// Give it a disposition.
    Decide,
    Withhold,
    NotResponsive,
    /// Release it as page images with a text layer read by OCR from the burned pages.
    ReleaseAsImages,
}

/// A record that stops a submission, and what can be done about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SubmissionProblem {
    pub doc_id: RecordId,
    pub path: String,
    /// The record's title as the exemption log prints it (redacted values replaced), else
    /// its file name.
    pub title: String,
    pub page: Option<u32>,
    pub kind: ProblemKind,
    pub reason: String,
    pub remedies: Vec<Remedy>,
}

impl SubmissionProblem {
    pub(crate) fn new(
        doc_id: RecordId,
        path: &str,
        title: Option<&str>,
        page: Option<u32>,
        kind: ProblemKind,
        reason: impl Into<String>,
    ) -> SubmissionProblem {
        let remedies = match kind {
            ProblemKind::Undecided => vec![Remedy::Decide],
            ProblemKind::Unreadable | ProblemKind::Render => {
                vec![Remedy::Withhold, Remedy::NotResponsive]
            }
            ProblemKind::Check => vec![
                Remedy::ReleaseAsImages,
                Remedy::Withhold,
                Remedy::NotResponsive,
            ],
        };
        let file = path.rsplit('/').next().unwrap_or(path).to_string();
        SubmissionProblem {
            doc_id,
            path: path.to_string(),
            title: title
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(String::from)
                .unwrap_or(file),
            page,
            kind,
            reason: reason.into(),
            remedies,
        }
    }

    /// One line: the record, the page, the reason and what to do.
    pub fn describe(&self) -> String {
        let page = self.page.map(|p| format!(", page {p}")).unwrap_or_default();
        let todo: Vec<&str> = self
            .remedies
            .iter()
            .map(|r| match r {
                Remedy::Decide => "give it a disposition",
                Remedy::Withhold => "withhold it",
                Remedy::NotResponsive => "mark it not responsive",
                Remedy::ReleaseAsImages => "release it as page images",
            })
            .collect();
        format!(
            "record {} ({}){page}: {}: {}",
            self.doc_id,
            self.title,
            self.reason,
            join_or(&todo)
        )
    }
}

fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{}, or {last}", rest.join(", ")),
    }
}

/// Characters a record's copy cannot show (the font lacks them: printed as a replacement
/// mark).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FontGap {
    pub doc_id: RecordId,
    pub characters: usize,
}

/// What the pre-flight found for a request's release.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReleaseCheck {
    pub reference: String,
    /// The release set checked (a change after it makes the check stale).
    pub release_hash: String,
    /// Records that would go out (released, redacted or withheld) and their pages.
    pub records: usize,
    pub pages: usize,
    /// Records composed and read back now; the others' verdicts still held.
    pub checked: usize,
    pub reused: usize,
    /// What stops the submission (empty: it can be submitted).
    pub problems: Vec<SubmissionProblem>,
    /// Text the originals hide (left out of the copies), for the approver to see.
    pub hidden_text: Vec<HiddenNotice>,
    /// Records with letters the font lacks (printed as a replacement mark).
    pub font_gaps: Vec<FontGap>,
    /// Records that go out as page images.
    pub as_images: Vec<RecordId>,
}

/// Progress of a pre-flight.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckProgress {
    pub records_done: usize,
    pub records: usize,
    pub pages_done: usize,
}

/// A verdict as kept: the export crate's, and a sample of each page's hidden words (for the
/// notice a reviewer reads; never printed on a copy).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Kept {
    verdict: export::Verdict,
}

/// Bumped whenever what decides a verdict changes beyond the build's version.
const VERDICT_FORMAT: &str = "disclose-verdict-1";

/// What decides whether a record passes: its entry in the set (content hashes, disposition,
/// redactions, how it goes out), the labels its codes print, and this build.
fn verdict_key(
    entry: &ReleaseEntry,
    labels: &std::collections::BTreeMap<String, String>,
) -> String {
    let mut codes: Vec<&String> = entry
        .exemptions
        .iter()
        .chain(entry.redactions.iter().map(|r| &r.code))
        .collect();
    codes.sort();
    codes.dedup();
    let printed: Vec<(&String, Option<&String>)> =
        codes.into_iter().map(|c| (c, labels.get(c))).collect();
    let mut h = Sha256::new();
    h.update(VERDICT_FORMAT.as_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(serde_json::to_vec(&json!({"entry": entry, "labels": printed})).unwrap_or_default());
    hex::encode(&h.finalize()[..20])
}

impl Office {
    /// Where a verdict is kept (in an encrypted office, named by a keyed hash of its key).
    fn verdict_path(&self, key: &str) -> PathBuf {
        let name = match self.store.data_key() {
            None => key.to_string(),
            Some(k) => hex::encode(k.cache_seal().name(key)),
        };
        self.store
            .dir()
            .join("cache")
            .join("verdicts")
            .join(&name[..2])
            .join(format!("{name}.json"))
    }

    /// A verdict kept by an earlier pre-flight (sealed in an encrypted office: a verdict
    /// holds a sample of a record's hidden words).
    fn kept_verdict(&self, key: &str) -> Option<export::Verdict> {
        let bytes = std::fs::read(self.verdict_path(key)).ok()?;
        let bytes = match self.store.data_key() {
            None => bytes,
            Some(k) => k.cache_seal().open_file(&bytes).ok()?,
        };
        serde_json::from_slice::<Kept>(&bytes)
            .ok()
            .map(|k| k.verdict)
    }

    /// Keeps a verdict that passed (a problem is looked at again every time: the officer is
    /// about to change something).
    fn keep_verdict(&self, key: &str, v: &export::Verdict) {
        if v.problem.is_some() {
            return;
        }
        let path = self.verdict_path(key);
        let Some(dir) = path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            return;
        };
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let kept = Kept { verdict: v.clone() };
        let sealed = |b: Vec<u8>| match self.store.data_key() {
            None => Some(b),
            Some(k) => k.cache_seal().seal_file(&b).ok(),
        };
        if serde_json::to_vec(&kept)
            .ok()
            .and_then(sealed)
            .and_then(|b| std::fs::write(&tmp, b).ok())
            .is_some()
        {
            let _ = std::fs::rename(&tmp, &path);
        }
    }

    /// The pre-flight of a request's release (anyone who may read it): every record that
    /// would go out composed and read back as the export will, each problem named by record
    /// and page with what can be done. Nothing of the office changes.
    pub async fn check_release(
        &self,
        actor: &Actor,
        reference: &str,
        progress: impl Fn(CheckProgress) + Send + Sync + 'static,
    ) -> Result<ReleaseCheck> {
        self.check_part(actor, reference, &Submission::Next, progress)
            .await
    }

    /// [`Office::check_release`] of what a submission would cover (the request whole, or an
    /// installment of it).
    pub async fn check_part(
        &self,
        actor: &Actor,
        reference: &str,
        submission: &Submission,
        progress: impl Fn(CheckProgress) + Send + Sync + 'static,
    ) -> Result<ReleaseCheck> {
        let reference = RequestRef::parse(reference)?;
        let (set, mut problems, rel) = {
            let mut tx = self.store.read().await?;
            self.authorize(&mut tx, actor, Action::Read).await?;
            let req = crate::requests::request_of(&mut tx, &reference).await?;
            let scope = crate::approval::scope_for(&mut tx, &req, submission).await?;
            let (set, problems) = release_set(&mut tx, &req, &scope).await?;
            let settings = crate::settings::read_settings(&mut tx).await?;
            let prefix = crate::export::default_prefix(&mut tx, &req, &settings).await?;
            let rel = export::Release {
                bates_prefix: prefix,
                ..crate::export::release_print(&set, &reference)
            };
            (set, problems, rel)
        };
        let entries: Vec<&ReleaseEntry> = set
            .records
            .iter()
            .filter(|r| r.disposition.is_in_release())
            .collect();
        let keys: Vec<String> = entries
            .iter()
            .map(|e| verdict_key(e, &set.labels))
            .collect();
        let mut verdicts: HashMap<i64, export::Verdict> = HashMap::new();
        let mut todo = vec![];
        let mut todo_keys = HashMap::new();
        for (e, k) in entries.iter().zip(&keys) {
            match self.kept_verdict(k) {
                Some(v) => {
                    verdicts.insert(e.doc_id.0, v);
                }
                None => {
                    todo.push((*e).clone());
                    todo_keys.insert(e.doc_id.0, k.clone());
                }
            }
        }
        let reused = verdicts.len();
        let total = entries.len();
        let reused_pages: usize = verdicts.values().map(|v| v.pages).sum();
        progress(CheckProgress {
            records_done: reused,
            records: total,
            pages_done: reused_pages,
        });
        let checked = todo.len();
        let mut titles = HashMap::new();
        if !todo.is_empty() {
            let scratch = self.scratch()?;
            let (found, t) = self
                .feed(actor, &reference, todo, &set.labels, move |items| {
                    let mut out = vec![];
                    let r = export::preflight(
                        &rel,
                        items,
                        scratch.path(),
                        |p| {
                            progress(CheckProgress {
                                records_done: reused + p.records_done,
                                records: total,
                                pages_done: reused_pages + p.pages_done,
                            })
                        },
                        |v| out.push(v),
                    );
                    drop(scratch);
                    r.map(|_| out)
                })
                .await?;
            titles = t;
            let found = found.map_err(|e| match e {
                export::ExportError::Io(io) => {
                    ApiError::internal(format!("the pre-flight could not write ({io})"))
                }
                other => ApiError::new(crate::ErrorCode::Unreadable, other.to_string()),
            })?;
            for v in found {
                if let Some(k) = todo_keys.get(&v.doc_id) {
                    self.keep_verdict(k, &v);
                }
                verdicts.insert(v.doc_id, v);
            }
        }
        let mut pages = 0;
        let mut hidden_text = vec![];
        let mut font_gaps = vec![];
        let mut as_images = vec![];
        for e in &entries {
            if e.as_images {
                as_images.push(e.doc_id);
            }
            let Some(v) = verdicts.get(&e.doc_id.0) else {
                problems.push(SubmissionProblem::new(
                    e.doc_id,
                    &e.path,
                    None,
                    None,
                    ProblemKind::Render,
                    "it was not checked",
                ));
                continue;
            };
            pages += v.pages;
            for (h, sample) in v.hidden_text.iter().zip(
                v.hidden_samples
                    .iter()
                    .map(String::as_str)
                    .chain(std::iter::repeat("")),
            ) {
                hidden_text.push(HiddenNotice {
                    doc_id: e.doc_id,
                    page: h.page,
                    words: h.words,
                    why: h.why,
                    sample: sample.to_string(),
                });
            }
            if v.missing_glyphs > 0 {
                font_gaps.push(FontGap {
                    doc_id: e.doc_id,
                    characters: v.missing_glyphs,
                });
            }
            if let Some(p) = &v.problem {
                let kind = match p.kind {
                    export::ProblemKind::Render => ProblemKind::Render,
                    export::ProblemKind::Check => ProblemKind::Check,
                };
                let mut problem = SubmissionProblem::new(
                    e.doc_id,
                    &e.path,
                    titles.get(&e.doc_id.0).map(String::as_str),
                    p.page,
                    kind,
                    &p.reason,
                );
                if e.as_images {
                    // Already going out as images, and that failed too.
                    problem.remedies.retain(|r| *r != Remedy::ReleaseAsImages);
                }
                problems.push(problem);
            }
        }
        problems.sort_by_key(|p| p.doc_id);
        Ok(ReleaseCheck {
            reference: reference.to_string(),
            release_hash: set.seal(self.store.key()),
            records: total,
            pages,
            checked,
            reused,
            problems,
            hidden_text,
            font_gaps,
            as_images,
        })
    }

    /// Whether records go out as page images with a text layer read by OCR from the burned
    /// pages (officers): the fallback for a record whose text layer the checks cannot vouch
    /// for. A review change like any other (the approval goes stale), audited.
    pub async fn set_release_as_images(
        &self,
        actor: &Actor,
        reference: &str,
        ids: &[RecordId],
        on: bool,
    ) -> Result<usize> {
        let reference = RequestRef::parse(reference)?;
        if ids.is_empty() {
            return Ok(0);
        }
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::Submit).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        crate::redaction::open_for_review(&reference, req.state)?;
        let mut changed = vec![];
        for id in ids {
            crate::requests::record_in(&mut tx, &reference, req.id, *id).await?;
            if tx.release_as_images(*id).await? != on {
                changed.push(*id);
            }
        }
        if changed.is_empty() {
            return Ok(0);
        }
        let at = self.now();
        tx.set_release_as_images(&changed, on).await?;
        crate::review::note_changes(&mut tx, actor, &changed, &at).await?;
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::RecordReleaseAsImages,
            &format!("request/{reference}"),
            json!({"records": crate::audit::id_list(changed.iter().map(|r| r.0)), "after": on}),
        )
        .await?;
        tx.commit().await?;
        self.follow_index().await;
        Ok(changed.len())
    }
}
