//! Export of an approved release, and verification of an export folder later.
//!
//! The export is written into a hidden sibling folder (`.NAME.partial-PID`), read back and
//! checked there, and only then renamed to the folder asked for: a failed or killed export
//! never leaves a folder that looks finished. The records go in record-id order, one at a time,
//! from the same release view the review screen shows.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::approval::{CurrentApproval, ReleaseEntry, ReleaseSet, current_approval};
use crate::{Actor, ApiError, Office, Result};
use model::{
    Action, AuditAction, Disposition, RecordId, RecordKind, RedactionId, RedactionState,
    RequestRef, RequestState, RequestStatus,
};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

/// How to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The folder to create (it must not exist, or be empty).
    pub out: PathBuf,
    /// The watermark (default: the office's setting; an empty one: none).
    pub watermark: Option<String>,
    /// A withheld record's slip sheet takes one page per page it would have had (else one).
    pub slip_sheet_per_page: bool,
    /// Bates prefix (default: the request's, else the office's setting, else the reference).
    pub bates_prefix: Option<String>,
    /// Render resolution of paged originals (default 150 dpi).
    pub dpi: u32,
    /// The language of the letter the export prints (the approval's first export chooses it:
    /// a re-export prints the same letter).
    pub letter_language: model::Language,
}

impl ExportOptions {
    pub fn new(out: impl Into<PathBuf>) -> ExportOptions {
        ExportOptions {
            out: out.into(),
            watermark: None,
            slip_sheet_per_page: false,
            bates_prefix: None,
            dpi: 150,
            letter_language: model::Language::English,
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportReport {
    pub reference: String,
    pub out_dir: String,
    pub release_hash: String,
    pub records: usize,
    pub pages: usize,
    pub bates_first: String,
    pub bates_last: String,
    pub files: Vec<export::FileOut>,
    pub manifest_sha256: String,
    /// Source text left out because it cannot be seen on the page (reported, never printed).
    pub hidden_text: Vec<export::HiddenText>,
    pub missing_glyphs: usize,
}

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerifyReport {
    pub ok: bool,
    pub reference: String,
    pub files: usize,
    /// Records whose copies were read again (none when the review changed since the
    /// export: the checks compare with the review as it stands).
    pub records_checked: usize,
    pub problems: Vec<String>,
    /// Whether the request's release set is still the one this export was made from.
    pub current: bool,
}

/// The fields of a record's description, with every redacted value in them replaced by its
/// label — whole values only, on word boundaries, as the release view replaces them (a
/// removed "a" leaves "Parking" as it is).
fn describe(
    metadata: &model::Metadata,
    title: Option<&str>,
    kind: RecordKind,
    removed: &[(String, String)],
) -> export::Description {
    let field = |keys: &[&str]| metadata.first(keys).unwrap_or_default().to_string();
    // Found as the review finds values (white space, case, typographic quotes and hyphens
    // do not matter); every occurrence replaced by its label in one pass.
    let clean = |s: String| {
        let chars: Vec<char> = s.chars().collect();
        let alnum = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
        let lower = s.to_lowercase();
        let mut spans: Vec<(usize, usize, &str)> = vec![];
        for (value, label) in removed {
            if value.trim().is_empty() {
                continue;
            }
            // Most values are nowhere in a short field: a value whose first word is not
            // in it is not compiled into a pattern at all (a message's every redacted
            // address would otherwise be, three times over).
            let key: String = value
                .chars()
                .skip_while(|c| !c.is_alphanumeric())
                .take_while(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            if !key.is_empty() && !lower.contains(&key) {
                continue;
            }
            if let Ok(f) = redact::Finder::text(value, true) {
                spans.extend(
                    f.find(&s)
                        .into_iter()
                        // Not inside a longer word: a letter before or after the value,
                        // where the value itself starts or ends with one, is another word.
                        .filter(|sp| {
                            let left = sp.start == 0 || !alnum(sp.start - 1) || !alnum(sp.start);
                            let right =
                                sp.end >= chars.len() || !alnum(sp.end) || !alnum(sp.end - 1);
                            left && right
                        })
                        .map(|sp| (sp.start, sp.end, label.as_str())),
                );
            }
        }
        if spans.is_empty() {
            return s;
        }
        spans.sort();
        let mut out = String::with_capacity(s.len());
        let mut at = 0;
        for (start, end, label) in spans {
            if end <= at {
                continue;
            }
            if start > at {
                out.extend(&chars[at..start]);
            }
            if start >= at {
                out.push_str(&format!("[{label}]"));
            }
            at = end;
        }
        out.extend(&chars[at.min(chars.len())..]);
        out
    };
    export::Description {
        date: clean(log_date(&field(&["date", "created", "modified"]))),
        kind: kind.to_string(),
        author: clean(field(&["from", "author", "creator"])),
        subject: clean(
            Some(field(&["subject"]))
                .filter(|s| !s.is_empty())
                .or_else(|| title.map(String::from))
                .unwrap_or_default(),
        ),
    }
}

/// A record's title for messages: as the log prints it (redacted values replaced), else its
/// file name.
fn title_of(item: &export::Item, entry: &ReleaseEntry) -> String {
    if item.description.subject.trim().is_empty() {
        entry
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&entry.path)
            .to_string()
    } else {
        item.description.subject.clone()
    }
}

/// A record's date as the log prints every date: YYYY-MM-DD, the day written in the record
/// (its own time zone); a date that does not parse is printed as found.
fn log_date(raw: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(raw.trim()) {
        Ok(d) => d.format("%Y-%m-%d").to_string(),
        Err(_) => raw.trim().to_string(),
    }
}

/// What is printed on every copy of a release, from its set (never from the office as it is
/// now: the same approval exports to the same bytes).
pub(crate) fn release_print(set: &ReleaseSet, reference: &RequestRef) -> export::Release {
    let exemptions = set
        .labels
        .iter()
        .map(|(code, label)| {
            let c = set.citations.get(code);
            export::ExemptionInfo {
                code: code.clone(),
                label: label.clone(),
                former: c.and_then(|c| c.former.clone()),
                description: c.map(|c| c.description.clone()).unwrap_or_default(),
            }
        })
        .collect();
    export::Release {
        agency: set.agency.clone(),
        reference: reference.to_string(),
        requester: set.requester.clone(),
        description: set.description.clone(),
        received: set.received.clone(),
        bates_prefix: reference.to_string(),
        watermark: None,
        slip_sheets: export::SlipSheets::One,
        dpi: DEFAULT_DPI,
        approval_id: 0,
        release_hash: String::new(),
        submitted_by: String::new(),
        approved_by: String::new(),
        approved_by_name: String::new(),
        approved_at: String::new(),
        audit_head: None,
        exemptions,
        bates_start: set.installment.map_or(1, |i| i.bates_start as usize),
        installment: set.installment.map(|i| i.number),
        earlier: None,
        letter: None,
    }
}

/// What the installments before `set` logged, for its cumulative log (none when the set is
/// the request whole).
async fn earlier_log(
    tx: &mut store::Tx,
    req: &model::Request,
    set: &ReleaseSet,
) -> Result<Option<export::Earlier>> {
    let Some(of) = set.installment else {
        return Ok(None);
    };
    let mut earlier = export::Earlier::default();
    for p in crate::approval::priors(tx, req).await? {
        if p.row.number >= of.number {
            continue;
        }
        let rows: Vec<export::LogRow> = if p.row.log_rows.is_empty() {
            vec![]
        } else {
            serde_json::from_str(&p.row.log_rows).map_err(|e| {
                ApiError::internal(format!(
                    "the exemption log of installment {}: {e}",
                    p.row.number
                ))
            })?
        };
        earlier.rows.extend(rows.into_iter().map(|mut r| {
            r.installment = Some(p.row.number);
            r
        }));
        let print = release_print(&p.set, &req.reference);
        for e in print.exemptions {
            if !earlier.exemptions.iter().any(|x| x.code == e.code) {
                earlier.exemptions.push(e);
            }
        }
    }
    Ok(Some(earlier))
}

/// The resolution paged originals are rendered at unless an export asks for another (the
/// pre-flight renders at it, so an export at it reuses those pages).
pub const DEFAULT_DPI: u32 = 150;

/// The Bates prefix an export uses unless it is given one: the request's own, else the
/// office's, else the reference.
pub(crate) async fn default_prefix(
    tx: &mut store::Tx,
    req: &model::Request,
    settings: &crate::OfficeSettings,
) -> Result<String> {
    Ok(match tx.bates_prefix(req.id).await? {
        Some(p) => p,
        None if !settings.bates_prefix.is_empty() => settings.bates_prefix.clone(),
        None => req.reference.to_string(),
    })
}

/// A record's problem from the export crate, in an office error: the record's id and title,
/// the page and the reason (the export's checks never quote a redacted value).
pub(crate) fn record_error(what: &str, p: &export::RecordProblem, title: &str) -> ApiError {
    let mut e = ApiError::new(
        crate::ErrorCode::Unreadable,
        format!("{what} at record {} ({title}): {p}", p.doc_id),
    );
    e.record = Some(RecordId(p.doc_id));
    e
}

/// An export's journal in the data directory (`export-pending-PID.json`): written before its
/// folder is renamed into place, removed once the export is recorded. Killed in between, the
/// next export finds it and records the export ([`Office::recover_exports`]).
pub const PENDING_EXPORT: &str = "export-pending-";

#[derive(Serialize, serde::Deserialize)]
struct PendingExport {
    request_id: i64,
    approval_id: i64,
    user_id: i64,
    actor: String,
    report: ExportReport,
    /// Its exemption log's rows (journals written before they were kept: none).
    #[serde(default)]
    log_rows: Vec<export::LogRow>,
    /// The letter it printed from the office's template (none: the built-in one).
    #[serde(default)]
    letter: Option<export::Letter>,
}

/// The export in the database: its row, the request released, the audit event.
async fn record_export(
    office: &Office,
    tx: &mut store::Tx,
    j: &PendingExport,
    at: &str,
    recovered: bool,
) -> Result<()> {
    let r = &j.report;
    let request = model::RequestId(j.request_id);
    let by = model::UserId(j.user_id);
    tx.insert_export(
        request,
        j.approval_id,
        (&r.out_dir, &r.manifest_sha256),
        (
            r.pages as u64,
            r.records as u64,
            &serde_json::to_string(&j.log_rows).expect("log rows serialise"),
            j.letter
                .as_ref()
                .map(|l| serde_json::to_string(l).expect("a letter serialises"))
                .as_deref(),
        ),
        by,
        at,
    )
    .await?;
    tx.set_request_status(request, RequestStatus::Released)
        .await?;
    // The first installment out is the first determination; the request is partly released
    // until it is closed.
    let req = tx
        .request_by_id(request)
        .await?
        .ok_or_else(|| ApiError::internal("the exported request vanished"))?;
    if req.state != RequestState::Closed {
        office
            .move_request(
                tx,
                (&j.actor, by),
                &req,
                (RequestState::PartlyReleased, None),
                &format!("a release exported ({} pages)", r.pages),
                true,
            )
            .await?;
    }
    let mut detail = json!({"release_hash": r.release_hash, "out_dir": r.out_dir,
                            "manifest_sha256": r.manifest_sha256, "pages": r.pages,
                            "records": r.records});
    if recovered {
        // Made before a crash, recorded after it.
        detail["recovered"] = json!(true);
    }
    tx.append_audit(
        at,
        &j.actor,
        AuditAction::ReleaseExport,
        &format!("request/{}", r.reference),
        detail,
    )
    .await?;
    Ok(())
}

/// Writes a small file and flushes it to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Flushes a folder's entries (a rename in it) to disk; best effort.
fn sync_dir(dir: &Path) {
    let _ = std::fs::File::open(dir).and_then(|f| f.sync_all());
}

impl Office {
    /// Exports the approved release of a request into `opts.out` (officers and supervisors).
    pub async fn export(
        &self,
        actor: &Actor,
        reference: &str,
        opts: &ExportOptions,
        progress: impl Fn(export::Progress) + Send + 'static,
    ) -> Result<ExportReport> {
        let reference = RequestRef::parse(reference)?;
        let (user, req, approval, rel) = {
            let mut tx = self.store.read().await?;
            let user = self.authorize(&mut tx, actor, Action::Export).await?;
            let req = crate::requests::request_of(&mut tx, &reference).await?;
            let approval = current_approval(&mut tx, &req).await?;
            // The office's settings give the defaults: the request's own prefix, else the
            // office's, else the reference; the office's watermark unless one is given.
            let settings = crate::settings::read_settings(&mut tx).await?;
            let prefix = match &opts.bates_prefix {
                Some(p) => p.trim().to_string(),
                None => default_prefix(&mut tx, &req, &settings).await?,
            };
            crate::settings::check_bates_prefix(&prefix)?;
            // Everything printed comes from the approved set, never from the office as it
            // is now: the same approval exports to the same bytes.
            let rel = export::Release {
                bates_prefix: prefix,
                // An empty watermark given overrides the office's.
                watermark: Some(
                    opts.watermark
                        .as_deref()
                        .unwrap_or(&settings.watermark)
                        .trim(),
                )
                .filter(|w| !w.is_empty())
                .map(String::from),
                slip_sheets: if opts.slip_sheet_per_page {
                    export::SlipSheets::PerPage
                } else {
                    export::SlipSheets::One
                },
                dpi: opts.dpi.clamp(72, 300),
                approval_id: approval.id,
                release_hash: approval.hash.clone(),
                approved_by: approval.approved_by.clone(),
                approved_by_name: approval.approved_by_display.clone(),
                approved_at: approval.approved_at.clone(),
                audit_head: tx.audit_head().await?,
                earlier: earlier_log(&mut tx, &req, &approval.set).await?,
                // The letter as this approval's first export printed it; the office's
                // template for its first export (an approval exported before letters came
                // from templates keeps the built-in one, so its re-exports stay the same).
                letter: match tx.first_export_letter(approval.id).await? {
                    Some(Some(json)) => Some(serde_json::from_str(&json).map_err(|e| {
                        ApiError::internal(format!("the letter of approval {}: {e}", approval.id))
                    })?),
                    Some(None) => None,
                    None => Some(
                        crate::letters::export_letter(
                            &mut tx,
                            &req,
                            &approval.set,
                            (
                                approval.approved_by_display.as_str(),
                                approval.approved_at.as_str(),
                            ),
                            opts.letter_language,
                        )
                        .await?,
                    ),
                },
                ..release_print(&approval.set, &reference)
            };
            (user, req, approval, rel)
        };
        // An export killed after its folder was in place but before it was recorded is
        // recorded now; asked for again into the same folder, it is the answer.
        for done in self.recover_exports().await? {
            let asked = opts.out.canonicalize().ok();
            if done.reference == reference.as_str()
                && asked.is_some_and(|a| Path::new(&done.out_dir) == a)
            {
                return Ok(done);
            }
        }

        if !approval
            .set
            .records
            .iter()
            .any(|r| r.disposition.is_in_release())
        {
            return Err(ApiError::invalid(format!(
                "nothing to export: every record of {reference} is not responsive or a copy"
            )));
        }
        // The folder: new or empty; written beside it first.
        let out = opts.out.clone();
        // The folder is resolved before anything is written: a link named as the folder
        // could lead into the data directory, and the export ends by renaming onto it.
        if std::fs::symlink_metadata(&out).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(ApiError::invalid(format!(
                "{} is a symbolic link: give the folder it leads to, or a new folder",
                out.display()
            )));
        }
        if out.exists()
            && std::fs::read_dir(&out)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true)
        {
            return Err(ApiError::invalid(format!(
                "{} exists and is not empty: choose a new folder",
                out.display()
            )));
        }
        let name = out
            .file_name()
            .ok_or_else(|| ApiError::invalid("the export folder needs a name"))?
            .to_string_lossy()
            .into_owned();
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .map_err(|e| ApiError::invalid(format!("cannot create {} ({e})", parent.display())))?;
        // Nothing goes into the office's own folders, except its exports/ folder.
        let data = self
            .store
            .dir()
            .canonicalize()
            .unwrap_or_else(|_| self.store.dir().to_path_buf());
        let target = match out.canonicalize() {
            Ok(t) => t,
            Err(_) => parent.canonicalize().unwrap_or(parent.clone()).join(&name),
        };
        if target.starts_with(&data) && !target.starts_with(data.join("exports")) {
            return Err(ApiError::invalid(format!(
                "{} is inside the office's data directory: export there only under {}",
                out.display(),
                data.join("exports").display()
            )));
        }
        // The folder is written under a hidden name with this process's id; one left by an
        // export that was killed (its process gone) is removed, one of an export still
        // running elsewhere stops this one.
        let stem = format!(".{name}.partial-");
        if let Ok(entries) = std::fs::read_dir(&parent) {
            for e in entries.flatten() {
                let file = e.file_name().to_string_lossy().into_owned();
                let Some(pid) = file.strip_prefix(&stem) else {
                    continue;
                };
                let alive = pid.parse::<u32>().is_ok_and(|pid| {
                    pid != std::process::id() && Path::new("/proc").join(pid.to_string()).exists()
                });
                if alive {
                    return Err(ApiError::conflict(format!(
                        "another export into {} is running (process {pid})",
                        out.display()
                    )));
                }
                std::fs::remove_dir_all(e.path()).map_err(|err| {
                    ApiError::internal(format!("removing {}: {err}", e.path().display()))
                })?;
            }
        }
        let partial = parent.join(format!("{stem}{}", std::process::id()));

        let letter = rel.letter.clone();
        let result = self
            .write_export(actor, &reference, &approval, rel, &partial, progress)
            .await;
        let outcome = match result {
            Ok(Ok(o)) => o,
            Ok(Err((problem, title))) => {
                let _ = std::fs::remove_dir_all(&partial);
                self.note_failed_export(actor, &reference, &approval.hash, Some(&problem), "")
                    .await;
                return Err(record_error(
                    "the export stopped (nothing was released)",
                    &problem,
                    &title,
                ));
            }
            Err(e) => {
                let _ = std::fs::remove_dir_all(&partial);
                self.note_failed_export(actor, &reference, &approval.hash, None, &e.message)
                    .await;
                return Err(e);
            }
        };
        // The review may have changed while the export ran: then it is not the approved one.
        // Checked under the office's write lock, held until the export is recorded, so that
        // no change (from this workstation or another) slips in between.
        let mut tx = match self.store.write().await {
            Ok(tx) => tx,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&partial);
                return Err(e.into());
            }
        };
        let still = async {
            let req = crate::requests::request_of(&mut tx, &reference).await?;
            let now = current_approval(&mut tx, &req).await?;
            if now.hash != approval.hash {
                return Err(ApiError::new(
                    crate::ErrorCode::StaleApproval,
                    format!("the release set of {reference} changed during the export"),
                ));
            }
            Ok(())
        }
        .await;
        if let Err(e) = still {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(e);
        }
        if out.exists() {
            let _ = std::fs::remove_dir(&out);
        }
        // What will be recorded is written down first: killed between the rename and the
        // commit, the next export finds the folder and records it (`recover_exports`).
        let out_dir = target.to_string_lossy().into_owned();
        let log_rows = outcome.log_rows;
        let report = ExportReport {
            reference: reference.to_string(),
            out_dir: out_dir.clone(),
            release_hash: approval.hash.clone(),
            records: outcome.records.len(),
            pages: outcome.pages,
            bates_first: outcome
                .records
                .first()
                .map(|r| r.bates_first.clone())
                .unwrap_or_default(),
            bates_last: outcome
                .records
                .last()
                .map(|r| r.bates_last.clone())
                .unwrap_or_default(),
            files: outcome.files,
            manifest_sha256: outcome.manifest_sha256,
            hidden_text: outcome.hidden_text,
            missing_glyphs: outcome.missing_glyphs,
        };
        let journal = PendingExport {
            request_id: req.id.0,
            approval_id: approval.id,
            user_id: user.id.0,
            actor: actor.name().to_string(),
            report,
            log_rows,
            letter,
        };
        let journal_path = self
            .store
            .dir()
            .join(format!("{PENDING_EXPORT}{}.json", std::process::id()));
        if let Err(e) = write_synced(
            &journal_path,
            &serde_json::to_vec(&journal).expect("serialises"),
        ) {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(crate::backup::io("cannot write", &journal_path, e));
        }
        if let Err(e) = std::fs::rename(&partial, &out) {
            let _ = std::fs::remove_dir_all(&partial);
            let _ = std::fs::remove_file(&journal_path);
            return Err(ApiError::internal(format!(
                "moving the export into {}: {e}",
                out.display()
            )));
        }
        sync_dir(&parent);
        store::fault::point("export.folder-renamed");
        record_export(self, &mut tx, &journal, &self.now(), false).await?;
        tx.commit().await?;
        store::fault::point("export.committed");
        let _ = std::fs::remove_file(&journal_path);
        Ok(journal.report)
    }

    /// Finishes the exports a killed `export` left behind (see [`PENDING_EXPORT`]): each whose
    /// folder holds the manifest it wrote is recorded now if it was not yet, as it would have
    /// been; a journal whose folder never got there (nothing was released) is dropped.
    /// Returns the exports found in place.
    pub(crate) async fn recover_exports(&self) -> Result<Vec<ExportReport>> {
        let mut recovered = vec![];
        let Ok(entries) = std::fs::read_dir(self.store.dir()) else {
            return Ok(recovered);
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with(PENDING_EXPORT) || !name.ends_with(".json") {
                continue;
            }
            let pid = name[PENDING_EXPORT.len()..name.len() - 5]
                .parse::<u32>()
                .ok();
            let running = pid.is_some_and(|pid| {
                pid != std::process::id() && Path::new("/proc").join(pid.to_string()).exists()
            });
            if running {
                continue; // an export still at work
            }
            let journal: Option<PendingExport> = std::fs::read(e.path())
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok());
            if let Some(j) = journal {
                let r = &j.report;
                let manifest = Path::new(&r.out_dir).join("manifest.json");
                let in_place = std::fs::read(&manifest)
                    .is_ok_and(|b| hex::encode(Sha256::digest(&b)) == r.manifest_sha256);
                let mut tx = self.store.write().await?;
                let known = tx.export_knows(j.approval_id, &r.manifest_sha256).await?;
                if in_place {
                    if known != Some(true) {
                        record_export(self, &mut tx, &j, &self.now(), true).await?;
                        tx.commit().await?;
                    }
                    recovered.push(j.report);
                }
            }
            let _ = std::fs::remove_file(e.path());
        }
        Ok(recovered)
    }

    /// An export that stopped is in the audit log: which record, page and why (the export's
    /// reasons never quote a redacted value, and the record's title is left out: it may hold
    /// one).
    async fn note_failed_export(
        &self,
        actor: &Actor,
        reference: &RequestRef,
        release_hash: &str,
        problem: Option<&export::RecordProblem>,
        message: &str,
    ) {
        let write = async {
            let mut tx = self.store.write().await?;
            let at = self.now();
            tx.append_audit(
                &at,
                actor.name(),
                AuditAction::ExportFailed,
                &format!("request/{reference}"),
                match problem {
                    Some(p) => json!({"release_hash": release_hash, "record": p.doc_id,
                                      "page": p.page, "kind": p.kind, "reason": p.reason}),
                    None => json!({"release_hash": release_hash, "reason": message}),
                },
            )
            .await?;
            tx.commit().await?;
            Ok::<_, ApiError>(())
        };
        if let Err(w) = write.await {
            eprintln!("disclose: the failed export could not be noted in the audit log: {w}");
        }
    }

    /// Feeds the records to the writer (on a blocking thread) one at a time.
    async fn write_export(
        &self,
        actor: &Actor,
        reference: &RequestRef,
        approval: &CurrentApproval,
        mut rel: export::Release,
        dir: &Path,
        progress: impl Fn(export::Progress) + Send + 'static,
    ) -> Result<std::result::Result<export::Outcome, (export::RecordProblem, String)>> {
        rel.submitted_by = {
            let mut tx = self.store.read().await?;
            let req = crate::requests::request_of(&mut tx, reference).await?;
            tx.latest_approval(req.id)
                .await?
                .map(|a| a.submitted_by)
                .unwrap_or_default()
        };
        let dir_owned = dir.to_path_buf();
        // Verification's scratch space (it holds redacted values): inside the data
        // directory, removed when the export ends either way.
        let scratch = self.scratch()?;
        let entries: Vec<ReleaseEntry> = approval
            .set
            .records
            .iter()
            .filter(|r| r.disposition.is_in_release())
            .cloned()
            .collect();
        let (outcome, titles) = self
            .feed(
                actor,
                reference,
                entries,
                &approval.set.labels,
                move |items| {
                    // Progress is told after each record's copy is written.
                    let told = move |p: export::Progress| {
                        if p.records_done > 0 {
                            store::fault::point("export.copy-written");
                        }
                        progress(p)
                    };
                    let out = export::write_release(&rel, items, &dir_owned, scratch.path(), told);
                    drop(scratch);
                    out
                },
            )
            .await?;
        match outcome {
            Ok(o) => Ok(Ok(o)),
            Err(export::ExportError::Record(p)) => {
                let title = titles.get(&p.doc_id).cloned().unwrap_or_default();
                Ok(Err((p, title)))
            }
            Err(export::ExportError::Io(io)) => Err(ApiError::internal(format!(
                "writing the export failed ({io})"
            ))),
            Err(other) => Err(ApiError::new(
                crate::ErrorCode::Unreadable,
                other.to_string(),
            )),
        }
    }

    /// A private scratch folder (what it holds may include redacted values), removed when
    /// dropped: in [`Office::scratch_root`].
    pub(crate) fn scratch(&self) -> Result<tempfile::TempDir> {
        let tmp = self.scratch_root();
        std::fs::create_dir_all(&tmp)
            .map_err(|e| ApiError::internal(format!("creating {}: {e}", tmp.display())))?;
        tempfile::Builder::new()
            .prefix(&format!("scratch-{}-", std::process::id()))
            .tempdir_in(&tmp)
            .map_err(|e| ApiError::internal(format!("a scratch folder in {}: {e}", tmp.display())))
    }

    /// Where rendered pages are kept between the pre-flight and the export.
    pub(crate) fn page_cache_dir(&self) -> std::path::PathBuf {
        self.store.dir().join("cache").join("pages")
    }

    /// Builds each record for the export crate here, one at a time, and hands them to
    /// `work` on a blocking thread (which writes or checks them as they come). A record
    /// that cannot be built (its original missing) reaches `work` as that record's problem.
    /// Returns what `work` returned and each record's title as the log prints it (redacted
    /// values replaced), to name records in messages.
    pub(crate) async fn feed<T: Send + 'static>(
        &self,
        actor: &Actor,
        reference: &RequestRef,
        entries: Vec<ReleaseEntry>,
        labels: &BTreeMap<String, String>,
        work: impl FnOnce(
            &mut dyn Iterator<Item = std::result::Result<export::Item, export::ExportError>>,
        ) -> T
        + Send
        + 'static,
    ) -> Result<(T, HashMap<i64, String>)> {
        let (send, mut recv) =
            tokio::sync::mpsc::channel::<std::result::Result<export::Item, export::ExportError>>(2);
        let worker = tokio::task::spawn_blocking(move || {
            let mut items = std::iter::from_fn(move || recv.blocking_recv());
            work(&mut items)
        });
        let mut titles = HashMap::new();
        for entry in entries {
            let item = self.export_item(actor, reference, &entry, labels).await;
            let item = match item {
                Ok(item) => {
                    titles.insert(entry.doc_id.0, title_of(&item, &entry));
                    Ok(item)
                }
                Err(e) => {
                    titles.insert(
                        entry.doc_id.0,
                        entry
                            .path
                            .rsplit('/')
                            .next()
                            .unwrap_or(&entry.path)
                            .to_string(),
                    );
                    Err(export::ExportError::Record(export::RecordProblem {
                        doc_id: entry.doc_id.0,
                        page: None,
                        kind: export::ProblemKind::Render,
                        reason: e.message.clone(),
                    }))
                }
            };
            // The worker stops taking records when it stops (an export at its first
            // failure): then there is no one to send to.
            if send.send(item).await.is_err() {
                break;
            }
        }
        drop(send);
        let out = worker
            .await
            .map_err(|e| ApiError::internal(format!("export worker: {e}")))?;
        Ok((out, titles))
    }

    /// One record as the export crate needs it.
    pub(crate) async fn export_item(
        &self,
        actor: &Actor,
        reference: &RequestRef,
        entry: &ReleaseEntry,
        labels: &BTreeMap<String, String>,
    ) -> Result<export::Item> {
        let id = entry.doc_id;
        let view = self.record_view(actor, reference.as_str(), id).await?;
        let release = self.release_of(&view).await?;
        let (metadata, title, sha) = {
            let mut tx = self.store.read().await?;
            let r = tx
                .records_with_text(&[id])
                .await?
                .pop()
                .ok_or_else(|| ApiError::not_found(format!("no record {id}")))?;
            (r.metadata, r.title, r.sha256)
        };
        let label_of = |code: &str| labels.get(code).cloned().unwrap_or_else(|| code.into());
        let rs: Vec<redact::Redaction> = release
            .removed
            .iter()
            .map(|(span, label, _)| redact::Redaction { span: *span, label })
            .collect();
        let segments = redact::segments(&view.text, &rs);
        // Each removed piece named by the redactions that remove it.
        let name_of = |ids: &[RedactionId]| -> String {
            let mut ids = ids.to_vec();
            ids.sort_unstable();
            ids.dedup();
            match ids.as_slice() {
                [one] => format!("redaction {one}"),
                many => format!(
                    "redactions {}",
                    many.iter()
                        .map(RedactionId::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        };
        let mut removed: Vec<export::Removed> = vec![];
        let mut removed_values = 0usize;
        let mut release_text = String::new();
        let mut pieces = vec![];
        let mut at = 0usize;
        for s in &segments {
            match s {
                redact::Segment::Kept(t) => {
                    at += t.chars().count();
                    release_text.push_str(t);
                    pieces.push(export::Piece::Text(t.clone()));
                }
                redact::Segment::Removed { text, labels } => {
                    let len = text.chars().count();
                    let ids: Vec<RedactionId> = release
                        .removed
                        .iter()
                        .filter(|(sp, _, _)| sp.start < at + len && at < sp.end)
                        .map(|(_, _, rid)| *rid)
                        .collect();
                    at += len;
                    release_text.push(' ');
                    removed_values += 1;
                    removed.push(export::Removed {
                        value: text.clone(),
                        name: name_of(&ids),
                    });
                    pieces.push(export::Piece::Removed {
                        width_of: text.clone(),
                        label: labels.join("; "),
                    });
                }
            }
        }
        let mut redactions_by_code: BTreeMap<String, u32> = BTreeMap::new();
        for r in view
            .redactions
            .iter()
            .filter(|r| r.state == RedactionState::Applied)
        {
            *redactions_by_code.entry(r.code.clone()).or_default() += 1;
        }
        // The log describes every record, a withheld one too: whatever a redaction on the
        // record covers is replaced in its description, whether or not the record's text is
        // released. Each redaction's own value is checked as well as the joined pieces: a
        // value must not leak out of a joined piece either.
        let mut covered: Vec<(String, String)> = removed
            .iter()
            .zip(segments.iter().filter_map(|s| match s {
                redact::Segment::Removed { labels, .. } => Some(labels.join("; ")),
                _ => None,
            }))
            .map(|(r, l)| (r.value.clone(), l))
            .collect();
        let chars: Vec<char> = view.text.chars().collect();
        for r in view
            .redactions
            .iter()
            .filter(|r| r.state == RedactionState::Applied)
        {
            if let (Some(a), Some(b)) = (r.start_char, r.end_char)
                && 0 <= a
                && a < b
                && (b as usize) <= chars.len()
            {
                let value: String = chars[a as usize..b as usize].iter().collect();
                covered.push((value.clone(), label_of(&r.code)));
                removed.push(export::Removed {
                    value,
                    name: format!("redaction {}", r.id),
                });
            }
        }
        let description = describe(&metadata, title.as_deref(), view.kind, &covered);
        let paged = !view.pages.is_empty() && view.kind.is_paged();
        let cache = |source: &str| export::PageCache {
            dir: self.page_cache_dir(),
            source: source.to_string(),
            seal: self.store.data_key().map(|k| k.cache_seal()),
        };
        let body = if release.withheld {
            let pages = if paged {
                view.pages.len() as u32
            } else {
                export::typeset::layout(&[export::Piece::Text(view.text.clone())]).page_count()
                    as u32
            };
            export::Body::Withheld {
                labels: view.exemptions.iter().map(|c| label_of(c)).collect(),
                pages,
            }
        } else if paged {
            let sha = metadata.page_source(sha.clone()).ok_or_else(|| {
                ApiError::invalid(format!("record {id} has no original to render"))
            })?;
            let file = self.checked_original_file(&sha).await?;
            let path = file.path().to_path_buf();
            // A packed original's temporary copy lives until its last page is rendered.
            let keep = export::KeepAlive(Some(std::sync::Arc::new(file)));
            let pages = view
                .pages
                .iter()
                .map(|p| export::PagedPage {
                    number: p.page,
                    width_pt: p.width_pt,
                    height_pt: p.height_pt,
                    ocr: p.ocr,
                    words: p
                        .words
                        .iter()
                        .map(|(x0, y0, x1, y1, t)| export::PageWord {
                            x0: *x0,
                            y0: *y0,
                            x1: *x1,
                            y1: *y1,
                            text: t.clone(),
                        })
                        .collect(),
                    boxes: release
                        .boxes
                        .iter()
                        .filter(|b| b.page == p.page)
                        .map(|b| export::PageBox {
                            x0: b.x0,
                            y0: b.y0,
                            x1: b.x1,
                            y1: b.y1,
                            label: b.label.clone(),
                        })
                        .collect(),
                })
                .collect();
            export::Body::Paged {
                source: if view.kind == RecordKind::Pdf {
                    export::Source::Pdf(path, keep)
                } else {
                    export::Source::Image(path, keep)
                },
                pages,
            }
        } else {
            export::Body::Text(pieces)
        };
        let withheld = release.withheld;
        let source = sha
            .clone()
            .or_else(|| entry.text_sha256.clone())
            .unwrap_or_else(|| format!("record-{id}"));
        Ok(export::Item {
            doc_id: id.0,
            disposition: if withheld {
                Disposition::Withhold
            } else if removed_values == 0 && release.boxes.is_empty() {
                Disposition::Release
            } else {
                Disposition::Redact
            },
            description,
            body,
            withheld_under: if withheld {
                view.exemptions.clone()
            } else {
                vec![]
            },
            redactions_by_code: if withheld {
                BTreeMap::new()
            } else {
                redactions_by_code
            },
            release_text: if withheld {
                String::new()
            } else {
                release_text
            },
            removed: if withheld {
                vec![export::Removed {
                    value: view.text.clone(),
                    name: "the withheld record's text".into(),
                }]
            } else {
                removed
            },
            as_images: entry.as_images && !withheld,
            cache: Some(cache(&source)),
            corrects: entry.corrects,
        })
    }

    /// Checks an export folder: every file's hash against the manifest, no file added, and —
    /// for an export of this office whose review has not moved on — every record's copy read
    /// back by poppler and checked by the very function the export checked it with, against
    /// the copy composed again as the export composed it: one answer, whoever asks.
    pub async fn verify_export(&self, actor: &Actor, dir: &Path) -> Result<VerifyReport> {
        let folder = export::check_folder(dir).map_err(ApiError::invalid)?;
        let mut problems = folder.problems.clone();
        let mut checked = 0;
        let reference = RequestRef::parse(&folder.reference)
            .map_err(|_| ApiError::invalid("the manifest names no valid request"))?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        let approval = tx.approval_by_hash(req.id, &folder.release_hash).await?;
        let mut frozen = None;
        match approval {
            None => problems.push(format!(
                "no approval of {reference} has the release hash the manifest names"
            )),
            Some((a, set)) => {
                frozen = serde_json::from_str::<ReleaseSet>(&set).ok();
                let manifest = export::release::file_out(dir, "manifest.json")
                    .map_err(|e| ApiError::invalid(e.to_string()))?;
                match tx.export_knows(a, &manifest.sha256).await? {
                    Some(true) => {}
                    Some(false) => {
                        problems.push("manifest.json has changed since the export".into())
                    }
                    None => problems.push("this office has no record of this export".into()),
                }
            }
        }
        if let Some((seq, hash)) = &folder.audit_head
            && !self.audit_holds(&mut tx, *seq, hash).await?
        {
            problems.push(format!(
                "the audit log no longer holds event {seq} as this export saw it: the log was cut or rewritten since"
            ));
        }
        // The set as it stands, made as the approved one was (the request whole, or the
        // same installment's records).
        let now = match &frozen {
            Some(f) => Some(crate::approval::set_now(&mut tx, &req, f).await?),
            None => None,
        };
        drop(tx);
        let current = now
            .as_ref()
            .is_some_and(|n| n.seal(self.store.key()) == folder.release_hash);
        let now = now.filter(|_| current);
        // Reading the copies again means comparing them with the review; once the review
        // has moved on (a later redaction), the hashes alone speak for the export. The set
        // as it stands is then the approved one (same hash): its print is the export's.
        if let Some(now) = now {
            let rel = export::Release {
                bates_prefix: folder.bates_prefix.clone(),
                dpi: folder.dpi,
                slip_sheets: if folder.slip_sheet_per_page {
                    export::SlipSheets::PerPage
                } else {
                    export::SlipSheets::One
                },
                ..release_print(&now, &reference)
            };
            let scratch = self.scratch()?;
            // Poppler reads the whole release once (one process, not one per record); each
            // record's run of pages in it is checked. The copies hold the same pages, byte
            // for byte, and the hashes above vouch for every file; a release file that will
            // not read sends each record's own copy to poppler instead.
            let combined = dir.join(format!("{reference}-release.pdf"));
            let pages: Option<Vec<String>> = tokio::task::spawn_blocking(move || {
                export::check::pdf_text(&combined, None).ok().map(|t| {
                    let mut v: Vec<String> = t.split('\u{0C}').map(String::from).collect();
                    v.pop();
                    v
                })
            })
            .await
            .map_err(|e| ApiError::internal(format!("verify: {e}")))?;
            for r in &folder.records {
                let Some(entry) = now.records.iter().find(|e| e.doc_id.0 == r.doc_id) else {
                    problems.push(format!(
                        "{}: record {} is not in the release",
                        r.file, r.doc_id
                    ));
                    continue;
                };
                let item = match self
                    .export_item(actor, &reference, entry, &now.labels)
                    .await
                {
                    Ok(item) => item,
                    Err(e) => {
                        problems.push(format!("record {}: {}", r.doc_id, e.message));
                        continue;
                    }
                };
                let title = title_of(&item, entry);
                let (rel2, path, scratch_path, first) = (
                    rel.clone(),
                    dir.join(&r.file),
                    scratch.path().to_path_buf(),
                    r.first,
                );
                let run: Option<String> = pages.as_ref().and_then(|all| {
                    let at = r.first.checked_sub(folder.bates_start)?;
                    let mine = all.get(at..at + r.pages)?;
                    Some(mine.iter().map(|p| format!("{p}\u{0C}")).collect())
                });
                let found = tokio::task::spawn_blocking(move || {
                    let (expect, pages) = export::expect_of(&rel2, &item, first, &scratch_path)?;
                    let got = match run {
                        Some(run) => Ok(run),
                        None => export::check::pdf_text(&path, None),
                    };
                    let got = got.map_err(|reason| {
                        export::ExportError::Record(export::RecordProblem {
                            doc_id: item.doc_id,
                            page: None,
                            kind: export::ProblemKind::Check,
                            reason: reason.0,
                        })
                    })?;
                    Ok::<_, export::ExportError>((
                        pages,
                        export::check::check(&got, &expect).map_err(|f| f.to_string()),
                    ))
                })
                .await
                .map_err(|e| ApiError::internal(format!("verify: {e}")))?;
                match found {
                    Ok((pages, _)) if pages != r.pages => problems.push(format!(
                        "{}: record {} ({title}) has {} pages where it would have {pages}",
                        r.file, r.doc_id, r.pages
                    )),
                    Ok((_, Ok(()))) => {}
                    Ok((_, Err(why))) => {
                        problems.push(format!("{}: record {} ({title}): {why}", r.file, r.doc_id))
                    }
                    Err(export::ExportError::Record(p)) => {
                        problems.push(format!("{}: record {} ({title}): {p}", r.file, r.doc_id))
                    }
                    Err(e) => problems.push(format!("{}: {e}", r.file)),
                }
                checked += 1;
            }
        }
        Ok(VerifyReport {
            ok: problems.is_empty(),
            reference: reference.to_string(),
            files: folder.files,
            records_checked: checked,
            problems,
            current,
        })
    }
}
