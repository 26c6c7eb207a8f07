//! The window's commands: each takes its arguments and the [`Desk`], calls one office method,
//! and returns the office's type, a DTO, or a [`CmdError`] (`{code, message}`). No rule lives
//! here: roles, the two-person rule and every check are the office's.

use crate::desk::Desk;
use crate::dto::{
    About, CmdError, Dashboard, ExportProgress, ExportRequest, LogCode, NewUser, OfficeStatus,
    ProposalChoice, ReleaseState, RequestLife, RequestRow, ReviewPair, SessionUser,
};
use office::{
    ApiError, ApprovalInfo, AuditEvent, AuditReport, CheckProgress, DetectorKind, Disposition,
    Exemption, ExportOptions, ExportReport, IngestOptions, IngestProgress, IngestReport,
    OfficeSettings, PageBox, PageRect, ProposalDecision, Proposals, RecordId, RecordSummary,
    RedactBy, RedactReport, RedactTarget, RedactionId, ReleaseCheck, ReviewDecision, SavedSearch,
    SearchOptions, SearchResults, TermReport, UserInfo, VerifyReport,
};
use std::path::PathBuf;
use tauri::State;
use tauri::ipc::{Channel, Response};

type Reply<T> = Result<T, CmdError>;

/// Whether the data directory holds an office yet, and its idle timeout.
#[tauri::command]
pub async fn office_status(desk: State<'_, Desk>) -> Reply<OfficeStatus> {
    // An encrypted office stays closed until someone signs in.
    if desk.is_encrypted() && desk.open_office().await.is_none() {
        let config = desk.config()?;
        return Ok(OfficeStatus {
            initialised: true,
            data_dir: config.data_dir.display().to_string(),
            idle_minutes: office::DEFAULT_IDLE_MINUTES,
            location: config.encrypted_location(),
            encrypted: true,
            about: About::of(None),
        });
    }
    let office = desk.office().await?;
    let idle_minutes = office.idle_minutes().await?;
    desk.set_idle_minutes(idle_minutes);
    Ok(OfficeStatus {
        initialised: office.has_users().await?,
        data_dir: office.data_dir().display().to_string(),
        idle_minutes,
        location: office.location(),
        encrypted: office.is_encrypted(),
        about: About::of(office.upgraded()),
    })
}

/// Creates the office and its first supervisor in the empty data directory: on this
/// workstation, or (`database` given) as a team office on a PostgreSQL server, with its
/// originals in `originals` (a shared folder).
#[tauri::command]
pub async fn init_office(
    desk: State<'_, Desk>,
    admin: String,
    display_name: String,
    password: String,
    database: Option<String>,
    originals: Option<String>,
    encrypt: Option<bool>,
) -> Reply<Option<String>> {
    // An encrypted office (this workstation's only): its recovery key goes back to the
    // window once, to be shown once.
    if encrypt == Some(true) {
        desk.close().await;
        let made = office::Office::init_encrypted(desk.config()?, &admin, &display_name, &password)
            .await?;
        made.office.close().await;
        return Ok(Some(made.recovery_key));
    }
    if let Some(url) = database.filter(|d| !d.trim().is_empty()) {
        desk.close().await;
        let originals = originals
            .filter(|o| !o.trim().is_empty())
            .map(PathBuf::from);
        office::prepare_team(&desk.config()?, url.trim(), originals.as_deref()).await?;
    }
    let office = desk.office().await?;
    office
        .create_office(&admin, &display_name, &password)
        .await?;
    Ok(None)
}

/// Makes this workstation one of a team office's: the server's address and the shared
/// originals folder as this workstation mounts it. Then the sign-in screen.
#[tauri::command]
pub async fn join_team_office(
    desk: State<'_, Desk>,
    database: String,
    originals: Option<String>,
    office_key: Option<String>,
) -> Reply<office::OfficeLocation> {
    let config = desk.config()?;
    // The office decides whether this folder may join (it must hold no office).
    desk.close().await;
    let originals = originals
        .filter(|o| !o.trim().is_empty())
        .map(PathBuf::from);
    let office_key = office_key
        .filter(|k| !k.trim().is_empty())
        .map(PathBuf::from);
    office::join_team(
        &config,
        database.trim(),
        originals.as_deref(),
        office_key.as_deref(),
        // The window joins with desk logins only; an owner's login joins from the command
        // line (`disclose join --allow-owner`).
        false,
    )
    .await?;
    Ok(desk.office().await?.location())
}

#[tauri::command]
pub async fn sign_in(desk: State<'_, Desk>, name: String, password: String) -> Reply<SessionUser> {
    desk.set_actor(None);
    let office = match desk.is_encrypted() {
        true => desk.open_unlocked(&name, &password).await?,
        false => desk.office().await?,
    };
    let actor = office.sign_in(&name, &password).await?;
    desk.set_idle_minutes(office.idle_minutes().await?);
    let user = SessionUser::from(&actor);
    desk.set_actor(Some(actor));
    Ok(user)
}

/// The signed-in user chooses a new password (`current` checked); the session goes on as the
/// same user, free to work if they had to change it.
#[tauri::command]
pub async fn change_password(
    desk: State<'_, Desk>,
    current: String,
    new: String,
) -> Reply<SessionUser> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    let actor = office.change_password(&actor, &current, &new).await?;
    let user = SessionUser::from(&actor);
    desk.set_actor(Some(actor));
    Ok(user)
}

/// Signs out; an encrypted office is closed too, so its key leaves memory until the next
/// sign-in.
#[tauri::command]
pub async fn sign_out(desk: State<'_, Desk>) -> Reply<()> {
    desk.set_actor(None);
    if desk.is_encrypted() {
        desk.close().await;
    }
    Ok(())
}

/// Who is signed in (the window asks after a reload).
#[tauri::command]
pub fn current_user(desk: State<'_, Desk>) -> Option<SessionUser> {
    desk.current().as_ref().map(SessionUser::from)
}

/// The window saw a key press or a click: the session is still in use.
#[tauri::command]
pub fn still_here(desk: State<'_, Desk>) -> Reply<()> {
    desk.actor()?;
    Ok(())
}

// ---- requests ---------------------------------------------------------------------------

#[tauri::command]
pub async fn list_requests(desk: State<'_, Desk>) -> Reply<Dashboard> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    let rows = office.requests_with_counts(&actor).await?;
    let today = office.today();
    Ok(Dashboard {
        today: today.to_string(),
        requests: rows
            .iter()
            .map(|(r, c)| RequestRow::new(r, Some(c), today))
            .collect(),
    })
}

#[tauri::command]
pub async fn create_request(
    desk: State<'_, Desk>,
    reference: String,
    requester: String,
    received: String,
    description: String,
) -> Reply<RequestRow> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    let request = office
        .create_request(&actor, &reference, &requester, &received, &description)
        .await?;
    Ok(RequestRow::new(&request, None, office.today()))
}

#[tauri::command]
pub async fn extend_request(
    desk: State<'_, Desk>,
    reference: String,
    days: u32,
    reason: String,
) -> Reply<RequestRow> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    let request = office
        .extend_request(&actor, &reference, days, &reason)
        .await?;
    Ok(RequestRow::new(&request, None, office.today()))
}

// ---- a request's life: its state, letters to the requester, the office's figures ----------

/// A closed set's value from its word, or a one-line reason naming the choices.
fn word<T: std::str::FromStr<Err = office::Invalid>>(s: &str) -> Reply<T> {
    s.parse()
        .map_err(|e: office::Invalid| ApiError::from(e).into())
}

/// A request with its history of states and its letters.
#[tauri::command]
pub async fn request_life(desk: State<'_, Desk>, reference: String) -> Reply<RequestLife> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    let request = office.request(&actor, &reference).await?;
    let letters = office.letters(&actor, &reference).await?;
    Ok(RequestLife::new(&request, letters, office.today()))
}

/// Moves a request to another state (`reopen`, or `closed` with why), with a note.
#[tauri::command]
pub async fn change_request_state(
    desk: State<'_, Desk>,
    reference: String,
    state: String,
    closed_as: Option<String>,
    note: String,
) -> Reply<RequestLife> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    let asked = office::StateRequest::parse(&state, closed_as.as_deref())
        .map_err(|e| ApiError::invalid(e.0))?;
    office
        .change_request_state(&actor, &reference, asked, &note)
        .await?;
    request_life(desk, reference).await
}

/// A letter as it would be issued.
#[tauri::command]
pub async fn preview_letter(
    desk: State<'_, Desk>,
    reference: String,
    kind: String,
    language: String,
    note: Option<String>,
) -> Reply<office::LetterPreview> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    Ok(office
        .preview_letter(
            &actor,
            &reference,
            word::<office::LetterKind>(&kind)?,
            word::<office::Language>(&language)?,
            note.as_deref(),
        )
        .await?)
}

/// Issues a letter into the request's correspondence.
#[tauri::command]
pub async fn issue_letter(
    desk: State<'_, Desk>,
    reference: String,
    kind: String,
    language: String,
    note: Option<String>,
) -> Reply<RequestLife> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    office
        .issue_letter(
            &actor,
            &reference,
            word::<office::LetterKind>(&kind)?,
            word::<office::Language>(&language)?,
            note.as_deref(),
        )
        .await?;
    request_life(desk, reference).await
}

/// The office's figures for `from..=to` (`YYYY-MM-DD`).
#[tauri::command]
pub async fn statistics(
    desk: State<'_, Desk>,
    from: String,
    to: String,
) -> Reply<office::OfficeStatistics> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    let day = |s: &str| {
        chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| ApiError::invalid(format!("'{s}' is not a date (YYYY-MM-DD)")))
    };
    Ok(office.statistics(&actor, day(&from)?, day(&to)?).await?)
}

// ---- import -----------------------------------------------------------------------------

/// What a path typed on the import screen is ("folder" or "file"), or why it cannot be
/// imported.
#[tauri::command]
pub async fn check_import_path(desk: State<'_, Desk>, path: String) -> Reply<String> {
    desk.actor()?;
    Ok(office::source_kind(std::path::Path::new(path.trim()))?.to_string())
}

/// Takes files and folders into a request, reporting progress on `on_progress` (at most
/// every 100 ms). Files already in the request are skipped, so running it again on the same
/// folder after a cancel resumes it.
#[tauri::command]
pub async fn ingest(
    desk: State<'_, Desk>,
    reference: String,
    paths: Vec<String>,
    custodian: Option<String>,
    ocr: bool,
    passwords: Option<Vec<String>>,
    on_progress: Channel<IngestProgress>,
) -> Reply<IngestReport> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    let mut opts = IngestOptions {
        custodian: custodian
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty()),
        ocr,
        cancel: desk.new_ingest_cancel(),
        ..IngestOptions::default()
    };
    // Passwords for locked files: tried, never kept (see office::Passwords).
    opts.extract.passwords =
        office::Passwords::from_lines(&passwords.unwrap_or_default().join("\n"));
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let report = crate::background::run(move || async move {
        let report = office
            .ingest(&actor, &reference, &paths, opts, &|p: &IngestProgress| {
                let _ = on_progress.send(p.clone());
            })
            .await?;
        // The follow-up pass: conversations and near-duplicate groups.
        if !report.cancelled {
            office.group_records(&actor, &reference).await?;
        }
        Ok::<_, ApiError>(report)
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(report)
}

#[tauri::command]
pub fn cancel_ingest(desk: State<'_, Desk>) {
    desk.cancel_ingest();
}

/// Registers the window's channel for files dropped on it.
#[tauri::command]
pub fn watch_drops(desk: State<'_, Desk>, on_drop: Channel<Vec<String>>) {
    *desk.drops.lock().unwrap_or_else(|e| e.into_inner()) = Some(on_drop);
}

/// Shows the system's folder or file chooser; the chosen paths (none when cancelled).
#[tauri::command]
pub async fn choose_paths(
    app: tauri::AppHandle,
    folders: bool,
    multiple: bool,
) -> Reply<Vec<String>> {
    use tauri_plugin_dialog::DialogExt;
    let dialog = app.dialog().file();
    let picked = tauri::async_runtime::spawn_blocking(move || match (folders, multiple) {
        (true, true) => dialog.blocking_pick_folders(),
        (true, false) => dialog.blocking_pick_folder().map(|p| vec![p]),
        (false, true) => dialog.blocking_pick_files(),
        (false, false) => dialog.blocking_pick_file().map(|p| vec![p]),
    })
    .await
    .map_err(|e| ApiError::internal(format!("the chooser stopped: {e}")))?;
    Ok(picked
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
        .collect())
}

// ---- records and review -------------------------------------------------------------------

/// A request's records in the order recorded; with `after` and `limit`, at most `limit` of
/// those with an id above `after` (the review screen reads a long list a chunk at a time).
#[tauri::command]
pub async fn list_records(
    desk: State<'_, Desk>,
    reference: String,
    after: Option<i64>,
    limit: Option<u32>,
) -> Reply<Vec<RecordSummary>> {
    let actor = desk.actor()?;
    let (after, limit) = (
        RecordId(after.unwrap_or(0)),
        limit.map_or(usize::MAX, |n| n as usize),
    );
    Ok(desk
        .office()
        .await?
        .records_after(&actor, &reference, after, limit)
        .await?)
}

/// A record for the review screen: original and release version, from one read.
#[tauri::command]
pub async fn review_record(desk: State<'_, Desk>, reference: String, id: i64) -> Reply<ReviewPair> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    let record = office.record_view(&actor, &reference, RecordId(id)).await?;
    let release = office.release_of(&record).await?;
    Ok(ReviewPair { record, release })
}

/// A page of a paged record as PNG bytes (an ArrayBuffer in the window).
#[tauri::command]
pub async fn page_image(
    desk: State<'_, Desk>,
    reference: String,
    id: i64,
    page: u32,
    dpi: u32,
) -> Result<Response, CmdError> {
    let actor = desk.actor()?;
    let image = desk
        .office()
        .await?
        .page_image(&actor, &reference, RecordId(id), page, dpi)
        .await?;
    Ok(Response::new(image.png))
}

#[tauri::command]
pub async fn exemptions(desk: State<'_, Desk>) -> Reply<Vec<Exemption>> {
    let actor = desk.actor()?;
    Ok(desk.office().await?.exemptions(&actor).await?)
}

/// The codes the office cites most, most first (the review screen's default code).
#[tauri::command]
pub async fn exemptions_by_use(desk: State<'_, Desk>) -> Reply<Vec<String>> {
    let actor = desk.actor()?;
    Ok(desk.office().await?.exemptions_by_use(&actor).await?)
}

/// The signed-in user acting on record `id` as they saw it (`seen`: its version when the
/// screen loaded it): a change someone else made meanwhile is refused, naming them.
fn seeing(actor: office::Actor, id: i64, seen: Option<i64>) -> office::Actor {
    match seen {
        Some(version) => actor.seeing(RecordId(id), version),
        None => actor,
    }
}

/// Redacts characters `start..end` of a record's text (a selection).
#[tauri::command]
pub async fn redact_selection(
    desk: State<'_, Desk>,
    reference: String,
    id: i64,
    start: usize,
    end: usize,
    code: String,
    seen: Option<i64>,
) -> Reply<RedactReport> {
    let actor = seeing(desk.actor()?, id, seen);
    let by = RedactBy::Span { start, end };
    Ok(desk
        .office()
        .await?
        .redact(
            &actor,
            &reference,
            &by,
            RedactTarget::Doc(RecordId(id)),
            &code,
            None,
        )
        .await?)
}

/// Redacts a value wherever it occurs: in one record, or (`id` none) in every record of the
/// request ("redact everywhere").
#[tauri::command]
pub async fn redact_text(
    desk: State<'_, Desk>,
    reference: String,
    id: Option<i64>,
    value: String,
    code: String,
) -> Reply<RedactReport> {
    let actor = desk.actor()?;
    let by = RedactBy::Text {
        value,
        ignore_case: true,
    };
    let target = id.map_or(RedactTarget::AllDocs, |i| RedactTarget::Doc(RecordId(i)));
    Ok(desk
        .office()
        .await?
        .redact(&actor, &reference, &by, target, &code, None)
        .await?)
}

/// Redacts a box drawn on a page (fractions of the page, origin top-left).
#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub async fn redact_area(
    desk: State<'_, Desk>,
    reference: String,
    id: i64,
    page: u32,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    code: String,
    seen: Option<i64>,
) -> Reply<RedactionId> {
    let actor = seeing(desk.actor()?, id, seen);
    let rect = PageRect { x0, y0, x1, y1 };
    Ok(desk
        .office()
        .await?
        .redact_area(&actor, &reference, RecordId(id), page, rect, &code, None)
        .await?)
}

/// The area a box drawn on a page would burn: grown to cover whole every word it touches,
/// shown before it is applied.
#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub async fn snap_area(
    desk: State<'_, Desk>,
    reference: String,
    id: i64,
    page: u32,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
) -> Reply<PageBox> {
    let actor = desk.actor()?;
    let r = desk
        .office()
        .await?
        .snap_area(
            &actor,
            &reference,
            RecordId(id),
            page,
            PageRect { x0, y0, x1, y1 },
        )
        .await?;
    Ok(PageBox {
        page,
        x0: r.x0,
        y0: r.y0,
        x1: r.x1,
        y1: r.y1,
        label: String::new(),
    })
}

/// Undoes a redaction.
#[tauri::command]
pub async fn remove_redaction(
    desk: State<'_, Desk>,
    reference: String,
    redaction: i64,
) -> Reply<()> {
    let actor = desk.actor()?;
    desk.office()
        .await?
        .remove_redaction(&actor, &reference, RedactionId(redaction))
        .await?;
    Ok(())
}

/// Runs detectors (`phone`, `email`, `person`, …) on one record, or on every record of the
/// request with progress, and proposes what they find.
#[tauri::command]
pub async fn detect(
    desk: State<'_, Desk>,
    reference: String,
    id: Option<i64>,
    kinds: Vec<String>,
    code: String,
    on_progress: Channel<office::FindProgress>,
) -> Reply<RedactReport> {
    let actor = desk.actor()?;
    let kinds = kinds
        .iter()
        .map(|k| {
            DetectorKind::parse(k)
                .ok_or_else(|| ApiError::invalid(format!("no detector called \"{k}\"")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let target = id.map_or(RedactTarget::AllDocs, |i| RedactTarget::Doc(RecordId(i)));
    let office = desk.office().await?;
    let report = crate::background::run(move || async move {
        office
            .redact_reporting(
                &actor,
                &reference,
                &RedactBy::Detect(kinds),
                target,
                &code,
                None,
                true,
                &move |p| {
                    let _ = on_progress.send(p);
                },
            )
            .await
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(report)
}

#[tauri::command]
pub async fn decide_proposals(
    desk: State<'_, Desk>,
    reference: String,
    which: ProposalChoice,
    accept: bool,
    everywhere: bool,
) -> Reply<ProposalDecision> {
    let actor = desk.actor()?;
    let which = match which {
        ProposalChoice::Ids { ids } => Proposals::Ids(ids),
        ProposalChoice::All {
            doc,
            origin,
            kind,
            min_score,
        } => Proposals::All {
            doc: doc.map(RecordId),
            origin,
            kind,
            min_score,
        },
    };
    Ok(desk
        .office()
        .await?
        .decide_proposals(&actor, &reference, &which, accept, everywhere)
        .await?)
}

#[tauri::command]
pub async fn set_disposition(
    desk: State<'_, Desk>,
    reference: String,
    id: i64,
    disposition: String,
    seen: Option<i64>,
) -> Reply<ReviewDecision> {
    let actor = seeing(desk.actor()?, id, seen);
    Ok(desk
        .office()
        .await?
        .set_disposition(&actor, &reference, RecordId(id), &disposition)
        .await?)
}

/// One decision on every record of a selection (or, with `dry_run`, what it would do).
#[tauri::command]
pub async fn decide_many(
    desk: State<'_, Desk>,
    reference: String,
    selection: office::Selection,
    change: office::BulkChange,
    dry_run: bool,
) -> Reply<office::BulkReport> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .decide_many(&actor, &reference, &selection, &change, dry_run)
        .await?)
}

/// Undoes a bulk decision as one step.
#[tauri::command]
pub async fn undo_bulk(
    desk: State<'_, Desk>,
    reference: String,
    event: i64,
) -> Reply<office::BulkReport> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .undo_bulk(&actor, &reference, event)
        .await?)
}

/// A conversation's messages, for its tree.
#[tauri::command]
pub async fn conversation(
    desk: State<'_, Desk>,
    reference: String,
    thread: i64,
) -> Reply<Vec<office::ConversationMember>> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .conversation(&actor, &reference, RecordId(thread))
        .await?)
}

/// Withholds a record in full under an exemption.
#[tauri::command]
pub async fn withhold(
    desk: State<'_, Desk>,
    reference: String,
    id: i64,
    code: String,
    seen: Option<i64>,
) -> Reply<ReviewDecision> {
    let actor = seeing(desk.actor()?, id, seen);
    Ok(desk
        .office()
        .await?
        .withhold(&actor, &reference, RecordId(id), &code)
        .await?)
}

#[tauri::command]
pub async fn set_review_status(
    desk: State<'_, Desk>,
    reference: String,
    id: i64,
    status: String,
    seen: Option<i64>,
) -> Reply<ReviewDecision> {
    let actor = seeing(desk.actor()?, id, seen);
    Ok(desk
        .office()
        .await?
        .set_review_status(&actor, &reference, RecordId(id), &status)
        .await?)
}

/// Sets a record's reviewer note (empty clears it).
#[tauri::command]
pub async fn set_note(
    desk: State<'_, Desk>,
    reference: String,
    id: i64,
    note: String,
    seen: Option<i64>,
) -> Reply<Option<String>> {
    let actor = seeing(desk.actor()?, id, seen);
    Ok(desk
        .office()
        .await?
        .set_note(&actor, &reference, RecordId(id), &note)
        .await?)
}

/// Gives every record without a disposition `release` or `not-responsive`.
#[tauri::command]
pub async fn set_undecided(
    desk: State<'_, Desk>,
    reference: String,
    disposition: String,
) -> Reply<Vec<ReviewDecision>> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .set_undecided(&actor, &reference, &disposition)
        .await?)
}

// ---- search ---------------------------------------------------------------------------------

/// The request's highlight set (terms marked in every record under review).
#[tauri::command]
pub async fn highlight_terms(desk: State<'_, Desk>, reference: String) -> Reply<Vec<String>> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .highlight_terms(&actor, &reference)
        .await?)
}

/// Replaces the request's highlight set (officers); returns it as kept (trimmed, no repeats).
#[tauri::command]
pub async fn set_highlight_terms(
    desk: State<'_, Desk>,
    reference: String,
    terms: Vec<String>,
) -> Reply<Vec<String>> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .set_highlight_terms(&actor, &reference, &terms)
        .await?)
}

/// A record beside its near-duplicate group's pivot (or `with`), what differs marked.
#[tauri::command]
pub async fn compare_records(
    desk: State<'_, Desk>,
    reference: String,
    id: i64,
    with: Option<i64>,
) -> Reply<office::Comparison> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .compare_records(&actor, &reference, RecordId(id), with.map(RecordId))
        .await?)
}

/// A request's review batches and each reviewer's progress.
#[tauri::command]
pub async fn batches(desk: State<'_, Desk>, reference: String) -> Reply<office::BatchesView> {
    let actor = desk.actor()?;
    Ok(desk.office().await?.batches(&actor, &reference).await?)
}

/// Splits the undecided records not yet in a batch (optionally a query's hits) into batches.
#[tauri::command]
pub async fn make_batches(
    desk: State<'_, Desk>,
    reference: String,
    size: u32,
    query: Option<String>,
) -> Reply<Vec<office::BatchRow>> {
    let actor = desk.actor()?;
    let query = query.filter(|q| !q.trim().is_empty());
    Ok(desk
        .office()
        .await?
        .make_batches(&actor, &reference, size as usize, query.as_deref())
        .await?)
}

/// Assigns a batch's records to a reviewer (`to: null` unassigns them).
#[tauri::command]
pub async fn assign_batch(
    desk: State<'_, Desk>,
    reference: String,
    batch: i64,
    to: Option<String>,
) -> Reply<office::BatchRow> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .assign_batch(&actor, &reference, batch, to.as_deref())
        .await?)
}

/// The next open batch, assigned to the clerk who asks (null: none left).
#[tauri::command]
pub async fn take_batch(
    desk: State<'_, Desk>,
    reference: String,
) -> Reply<Option<office::BatchRow>> {
    let actor = desk.actor()?;
    Ok(desk.office().await?.take_batch(&actor, &reference).await?)
}

/// Every record a query finds (not a page of them): the review sequence opened from a search.
#[tauri::command]
pub async fn search_ids(
    desk: State<'_, Desk>,
    reference: String,
    query: String,
) -> Reply<Vec<i64>> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .search_ids(&actor, &reference, &query)
        .await?
        .into_iter()
        .map(|id| id.0)
        .collect())
}

#[tauri::command]
pub async fn search(
    desk: State<'_, Desk>,
    reference: String,
    query: String,
    options: SearchOptions,
) -> Reply<SearchResults> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .search(&actor, &reference, &query, options)
        .await?)
}

#[tauri::command]
pub async fn saved_searches(desk: State<'_, Desk>, reference: String) -> Reply<Vec<SavedSearch>> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .saved_searches(&actor, &reference)
        .await?)
}

#[tauri::command]
pub async fn save_search(
    desk: State<'_, Desk>,
    reference: String,
    name: String,
    query: String,
) -> Reply<SavedSearch> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .save_search(&actor, &reference, &name, &query, true)
        .await?)
}

#[tauri::command]
pub async fn delete_saved_search(
    desk: State<'_, Desk>,
    reference: String,
    name: String,
) -> Reply<()> {
    let actor = desk.actor()?;
    desk.office()
        .await?
        .delete_saved_search(&actor, &reference, &name)
        .await?;
    Ok(())
}

#[tauri::command]
pub async fn term_report(
    desk: State<'_, Desk>,
    reference: String,
    terms: Vec<String>,
) -> Reply<TermReport> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .term_report(&actor, &reference, &terms)
        .await?)
}

// ---- approval and export ------------------------------------------------------------------

/// What a submission covers: the request whole (or its last installment), or with
/// `installment`, what is decided since the last one.
fn submission(installment: Option<bool>) -> office::Submission {
    if installment == Some(true) {
        office::Submission::Installment(None)
    } else {
        office::Submission::Next
    }
}

#[tauri::command]
pub async fn release_state(
    desk: State<'_, Desk>,
    reference: String,
    installment: Option<bool>,
) -> Reply<ReleaseState> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    let (set, problems) = office
        .preview_part(&actor, &reference, &submission(installment))
        .await?;
    let approval = office.approval(&actor, &reference).await?;
    let installments = office.installments(&actor, &reference).await?;
    let citations = set
        .labels
        .iter()
        .map(|(code, label)| {
            let c = set.citations.get(code);
            LogCode {
                code: code.clone(),
                label: label.clone(),
                former: c.and_then(|c| c.former.clone()),
                description: c.map(|c| c.description.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Ok(ReleaseState {
        summary: set.summary(),
        log: set
            .records
            .into_iter()
            .filter(|e| matches!(e.disposition, Disposition::Withhold | Disposition::Redact))
            .collect(),
        citations,
        problems,
        approval,
        installments,
    })
}

/// The pre-flight: every record that would go out composed and read back as the export
/// will, with progress on `on_progress` (at low priority, like the export).
#[tauri::command]
pub async fn check_release(
    desk: State<'_, Desk>,
    reference: String,
    installment: Option<bool>,
    on_progress: Channel<CheckProgress>,
) -> Reply<ReleaseCheck> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    let check = crate::background::run(move || async move {
        office
            .check_part(&actor, &reference, &submission(installment), move |p| {
                let _ = on_progress.send(p);
            })
            .await
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(check)
}

/// Submits the release set (the pre-flight runs again first: only what changed is read).
#[tauri::command]
pub async fn submit(
    desk: State<'_, Desk>,
    reference: String,
    installment: Option<bool>,
    on_progress: Channel<CheckProgress>,
) -> Reply<ApprovalInfo> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    let info = crate::background::run(move || async move {
        let on_progress = std::sync::Arc::new(on_progress);
        office
            .submit_part(&actor, &reference, &submission(installment), move |p| {
                let _ = on_progress.send(p);
            })
            .await
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(info)
}

/// Releases records as page images with a text layer read by OCR (or, `on` false, as
/// ordinary copies again).
#[tauri::command]
pub async fn set_release_as_images(
    desk: State<'_, Desk>,
    reference: String,
    ids: Vec<i64>,
    on: bool,
) -> Reply<u32> {
    let actor = desk.actor()?;
    let ids: Vec<RecordId> = ids.into_iter().map(RecordId).collect();
    Ok(desk
        .office()
        .await?
        .set_release_as_images(&actor, &reference, &ids, on)
        .await? as u32)
}

#[tauri::command]
pub async fn approve(
    desk: State<'_, Desk>,
    reference: String,
    comment: Option<String>,
) -> Reply<ApprovalInfo> {
    let actor = desk.actor()?;
    let comment = comment.filter(|c| !c.trim().is_empty());
    Ok(desk
        .office()
        .await?
        .approve(&actor, &reference, comment.as_deref())
        .await?)
}

#[tauri::command]
pub async fn reject(
    desk: State<'_, Desk>,
    reference: String,
    comment: String,
) -> Reply<ApprovalInfo> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .reject(&actor, &reference, &comment)
        .await?)
}

/// Exports the approved release into a new folder, with progress on `on_progress`, then
/// verifies it with the independent readers.
#[tauri::command]
pub async fn export_release(
    desk: State<'_, Desk>,
    reference: String,
    request: ExportRequest,
    on_progress: Channel<ExportProgress>,
) -> Reply<ExportReport> {
    let actor = desk.actor()?;
    let out = request.out.trim();
    if out.is_empty() {
        return Err(ApiError::invalid("choose a folder to export to").into());
    }
    let mut opts = ExportOptions::new(out);
    opts.watermark = request.watermark;
    opts.slip_sheet_per_page = request.slip_sheet_per_page;
    if let Some(l) = &request.letter_language {
        opts.letter_language = word(l)?;
    }
    let office = desk.office().await?;
    let report = crate::background::run(move || async move {
        office
            .export(&actor, &reference, &opts, move |p| {
                let _ = on_progress.send(ExportProgress {
                    records_done: p.records_done as u32,
                    pages_done: p.pages_done as u32,
                });
            })
            .await
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(report)
}

#[tauri::command]
pub async fn verify_export(desk: State<'_, Desk>, dir: String) -> Reply<VerifyReport> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .verify_export(&actor, std::path::Path::new(&dir))
        .await?)
}

/// Opens an export folder in the system's file manager.
#[tauri::command]
pub async fn open_folder(desk: State<'_, Desk>, dir: String) -> Reply<()> {
    desk.actor()?;
    let dir = PathBuf::from(dir);
    if !dir.is_dir() {
        return Err(ApiError::not_found(format!("no folder {}", dir.display())).into());
    }
    // Windows' file manager takes the folder as its argument; Linux desktops' through xdg-open.
    let opener = if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(&dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| ApiError::invalid(format!("cannot open the folder ({e})")))?;
    Ok(())
}

// ---- audit, settings, users -----------------------------------------------------------------

/// Audit events after `after_seq`, oldest first, optionally of one request.
#[tauri::command]
pub async fn audit_log(
    desk: State<'_, Desk>,
    request: Option<String>,
    after_seq: i64,
    limit: i64,
) -> Reply<Vec<AuditEvent>> {
    let actor = desk.actor()?;
    let request = request.filter(|r| !r.trim().is_empty());
    Ok(desk
        .office()
        .await?
        .audit_log(&actor, request.as_deref(), after_seq, limit.clamp(1, 5000))
        .await?)
}

#[tauri::command]
pub async fn audit_verify(desk: State<'_, Desk>) -> Reply<AuditReport> {
    let actor = desk.actor()?;
    Ok(desk.office().await?.audit_verify(&actor).await?)
}

#[tauri::command]
pub async fn settings(desk: State<'_, Desk>) -> Reply<OfficeSettings> {
    let actor = desk.actor()?;
    Ok(desk.office().await?.settings(&actor).await?)
}

#[tauri::command]
pub async fn update_settings(
    desk: State<'_, Desk>,
    settings: OfficeSettings,
) -> Reply<OfficeSettings> {
    let actor = desk.actor()?;
    let saved = desk
        .office()
        .await?
        .update_settings(&actor, &settings)
        .await?;
    desk.set_idle_minutes(saved.idle_minutes);
    Ok(saved)
}

/// Backs the office up into `folder` (supervisors), with progress.
#[tauri::command]
pub async fn backup(
    desk: State<'_, Desk>,
    folder: String,
    on_progress: Channel<office::BackupProgress>,
) -> Reply<office::BackupReport> {
    let actor = desk.actor()?;
    let folder = folder.trim().to_string();
    if folder.is_empty() {
        return Err(ApiError::invalid("choose a folder to back up into").into());
    }
    let office = desk.office().await?;
    let report = crate::background::run(move || async move {
        office
            .backup(&actor, std::path::Path::new(&folder), &move |p| {
                let _ = on_progress.send(p);
            })
            .await
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(report)
}

#[tauri::command]
pub async fn users(desk: State<'_, Desk>) -> Reply<Vec<UserInfo>> {
    let actor = desk.actor()?;
    Ok(desk.office().await?.users(&actor).await?)
}

#[tauri::command]
pub async fn add_user(desk: State<'_, Desk>, user: NewUser) -> Reply<()> {
    let actor = desk.actor()?;
    desk.office()
        .await?
        .add_user(
            &actor,
            &user.name,
            user.role,
            &user.display_name,
            &user.password,
        )
        .await?;
    Ok(())
}

/// Gives another user a temporary password they must change at their next sign-in
/// (supervisors).
#[tauri::command]
pub async fn reset_password(
    desk: State<'_, Desk>,
    name: String,
    temporary: String,
) -> Reply<UserInfo> {
    let actor = desk.actor()?;
    Ok(desk
        .office()
        .await?
        .reset_password(&actor, &name, &temporary)
        .await?)
}
