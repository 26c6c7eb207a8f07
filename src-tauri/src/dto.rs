//! What crosses the IPC boundary besides the office's own types: plain data, snake_case like
//! the CLI's JSON. `ui/src/bindings.ts` is generated from these and the office's types (see
//! `bindings.rs`); CI fails when it drifts.

use chrono::NaiveDate;
use office::{
    Action, ApprovalInfo, RecordView, ReleaseEntry, ReleaseSummary, ReleaseView, Request, Role,
    SubmissionProblem,
};
use office::{Actor, ApiError, ErrorCode, RequestCounts};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Every command's error: the office's closed code and its one-line message.
#[derive(Debug, Serialize, TS)]
pub struct CmdError {
    pub code: ErrorCode,
    pub message: String,
    /// The record the error is about, when it is about one (the window offers to open it).
    pub record: Option<i64>,
}

impl From<ApiError> for CmdError {
    fn from(e: ApiError) -> Self {
        if let Some(detail) = &e.detail {
            eprintln!("disclose-desktop: {:?}: {}: {detail}", e.code, e.message);
        }
        CmdError {
            code: e.code,
            message: e.message,
            record: e.record.map(|r| r.0),
        }
    }
}

#[derive(Debug, Serialize, TS)]
pub struct OfficeStatus {
    /// False on an empty data directory: the window then offers to create the office.
    pub initialised: bool,
    pub data_dir: String,
    /// Minutes without activity before the window signs out.
    pub idle_minutes: u32,
    /// Where the office is: this workstation, or a team office on a server.
    pub location: office::OfficeLocation,
    /// An encrypted office: it opens at sign-in, with a user's password.
    pub encrypted: bool,
    pub about: About,
}

/// The window's About: this build and the office schema it writes.
#[derive(Debug, Serialize, TS)]
pub struct About {
    /// This build's version (the package's).
    pub version: String,
    /// The office schema this build writes (its number, as `disclose --version` prints it).
    pub schema: u32,
    /// Set when opening the office brought an older build's schema up to date: what was
    /// done and where the database as it was is kept.
    pub upgraded: Option<String>,
}

impl About {
    pub fn of(upgraded: Option<&office::Upgrade>) -> About {
        About {
            version: env!("CARGO_PKG_VERSION").to_string(),
            schema: u32::try_from(office::Office::schema_number()).unwrap_or(u32::MAX),
            upgraded: upgraded.map(|u| {
                format!(
                    "This office was written by an older Disclose: it was upgraded from schema {} to {}, and its database as it was is kept in {}.",
                    u.from,
                    u.to,
                    u.backup.display()
                )
            }),
        }
    }
}

/// What the signed-in user's role allows (the office checks again on every call: the window
/// only hides what would be refused).
#[derive(Debug, Serialize, TS)]
pub struct Permissions {
    pub ingest: bool,
    pub redact: bool,
    pub create_requests: bool,
    pub extend_requests: bool,
    pub submit: bool,
    pub approve: bool,
    pub export: bool,
    pub manage_settings: bool,
    pub manage_users: bool,
    pub read_audit: bool,
    /// Make review batches and assign records or batches to reviewers.
    pub assign_review: bool,
    /// Back the office up.
    pub backup: bool,
    /// Ask for clarification, close or reopen a request.
    pub change_request_state: bool,
    /// Issue letters to requesters.
    pub issue_letters: bool,
    /// Read the office's statistics.
    pub read_statistics: bool,
}

#[derive(Debug, Serialize, TS)]
pub struct SessionUser {
    pub name: String,
    pub role: Role,
    /// Signed in with a password a supervisor set: the window shows only the form that
    /// changes it (the office refuses everything else anyway).
    pub must_change_password: bool,
    pub may: Permissions,
}

impl From<&Actor> for SessionUser {
    fn from(a: &Actor) -> Self {
        SessionUser {
            name: a.name().to_string(),
            role: a.role(),
            must_change_password: a.must_change_password(),
            may: Permissions {
                ingest: a.may(Action::Ingest),
                assign_review: a.may(Action::AssignReview),
                redact: a.may(Action::Redact),
                create_requests: a.may(Action::CreateRequest),
                extend_requests: a.may(Action::ExtendRequest),
                submit: a.may(Action::Submit),
                approve: a.may(Action::Approve),
                export: a.may(Action::Export),
                manage_settings: a.may(Action::ManageSettings),
                manage_users: a.may(Action::ManageUsers),
                read_audit: a.may(Action::ReadAudit),
                backup: a.may(Action::Backup),
                change_request_state: a.may(Action::ChangeRequestState),
                issue_letters: a.may(Action::IssueLetter),
                read_statistics: a.may(Action::ReadStatistics),
            },
        }
    }
}

#[derive(Debug, Serialize, TS)]
pub struct RequestRow {
    pub reference: String,
    pub requester: String,
    pub description: String,
    /// `YYYY-MM-DD`.
    pub received: String,
    /// The determination due date after extensions, `YYYY-MM-DD`.
    pub due: String,
    /// Calendar days from the office's today to `due`; negative when past it.
    pub days_left: i32,
    /// `open`, `submitted`, `approved`, `released` or `closed`.
    pub status: String,
    pub extended_days: u32,
    pub created_by: String,
    /// Records collected (copies and failures included).
    pub records: u32,
    /// Records reviewed or checked.
    pub reviewed: u32,
    /// Applied redactions.
    pub redactions: u32,
    pub assignee: Option<String>,
    /// Who submitted its latest release for approval, and when (RFC 3339).
    pub submitted_by: Option<String>,
    pub submitted_at: Option<String>,
    /// Its life as the requester is told it: `open`, `awaiting-clarification`, `in-review`,
    /// `partly-released` or `closed`.
    pub state: String,
    /// Why it was closed: `fulfilled`, `withdrawn`, `no-records` or `denied`.
    pub closed_as: Option<String>,
    /// The day of its first determination (`YYYY-MM-DD`).
    pub determined_on: Option<String>,
}

impl RequestRow {
    pub fn new(r: &Request, counts: Option<&RequestCounts>, today: NaiveDate) -> Self {
        let n = |f: fn(&RequestCounts) -> u64| counts.map(f).unwrap_or(0) as u32;
        RequestRow {
            reference: r.reference.to_string(),
            requester: r.requester.clone(),
            description: r.description.clone(),
            received: r.received.to_string(),
            due: r.due.to_string(),
            days_left: r.days_left(today) as i32,
            status: r.status.as_str().to_string(),
            extended_days: r.extended_days,
            created_by: r.created_by.clone(),
            records: n(|c| c.records),
            reviewed: n(|c| c.reviewed),
            redactions: n(|c| c.redactions),
            assignee: counts.and_then(|c| c.assignee.clone()),
            submitted_by: counts.and_then(|c| c.submitted_by.clone()),
            submitted_at: counts.and_then(|c| c.submitted_at.clone()),
            state: r.state.as_str().to_string(),
            closed_as: r.closed_as.map(|c| c.as_str().to_string()),
            determined_on: r.determined_on.map(|d| d.to_string()),
        }
    }
}

/// A change of a request's state, as its history shows it.
#[derive(Debug, Serialize, TS)]
pub struct StateChangeRow {
    pub from: String,
    pub to: String,
    pub closed_as: Option<String>,
    pub note: String,
    /// `YYYY-MM-DD`.
    pub on: String,
    pub by: String,
}

/// A request's life: its row, its changes of state, and its letters.
#[derive(Debug, Serialize, TS)]
pub struct RequestLife {
    pub request: RequestRow,
    pub history: Vec<StateChangeRow>,
    pub letters: Vec<office::LetterInfo>,
}

impl RequestLife {
    pub fn new(r: &Request, letters: Vec<office::LetterInfo>, today: NaiveDate) -> Self {
        RequestLife {
            request: RequestRow::new(r, None, today),
            history: r
                .history
                .iter()
                .map(|c| StateChangeRow {
                    from: c.from.as_str().to_string(),
                    to: c.to.as_str().to_string(),
                    closed_as: c.closed_as.map(|w| w.as_str().to_string()),
                    note: c.note.clone(),
                    on: c.on.to_string(),
                    by: c.by.clone(),
                })
                .collect(),
            letters,
        }
    }
}

#[derive(Debug, Serialize, TS)]
pub struct Dashboard {
    /// The office's today (`YYYY-MM-DD`), which `days_left` counts from.
    pub today: String,
    /// Soonest due first.
    pub requests: Vec<RequestRow>,
}

/// A record on the review screen: the original (left) and the release version (right), which
/// is what export prints.
#[derive(Debug, Serialize, TS)]
pub struct ReviewPair {
    pub record: RecordView,
    pub release: ReleaseView,
}

/// What submission would freeze, what still stands in its way, and the latest approval.
#[derive(Debug, Serialize, TS)]
pub struct ReleaseState {
    pub summary: ReleaseSummary,
    /// The exemption log as it would be: every record withheld or redacted, with its codes.
    pub log: Vec<ReleaseEntry>,
    /// Each code in use: its label, former citation and description.
    pub citations: Vec<LogCode>,
    /// Why it cannot be submitted yet, before the pre-flight (empty: it can be checked).
    pub problems: Vec<SubmissionProblem>,
    pub approval: Option<ApprovalInfo>,
    /// What went out in earlier installments, and the records changed since.
    pub installments: office::Installments,
}

/// A code of the exemption log.
#[derive(Debug, Serialize, TS)]
pub struct LogCode {
    pub code: String,
    pub label: String,
    pub former: Option<String>,
    pub description: String,
}

/// Which proposals a decision is about.
#[derive(Debug, Deserialize, TS)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum ProposalChoice {
    Ids {
        ids: Vec<office::RedactionId>,
    },
    /// Every proposal of the request, or of one record; of one origin (the detectors', a
    /// pattern's…) and, for the detectors', of one detector.
    All {
        doc: Option<i64>,
        origin: Option<office::RedactionOrigin>,
        kind: Option<office::DetectorKind>,
        /// Only what a detector was at least this sure of (0 to 1).
        min_score: Option<f64>,
    },
}

/// Export progress for the window.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportProgress {
    pub records_done: u32,
    pub pages_done: u32,
}

/// How the window asks for an export.
#[derive(Debug, Deserialize, TS)]
pub struct ExportRequest {
    pub out: String,
    /// None: the office's watermark; empty: none.
    pub watermark: Option<String>,
    pub slip_sheet_per_page: bool,
    /// The language of the letter it prints (`en`, `es`; none: English).
    #[serde(default)]
    #[ts(optional)]
    pub letter_language: Option<String>,
}

/// A new user (supervisors).
#[derive(Debug, Deserialize, TS)]
pub struct NewUser {
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}
