//! What crosses the IPC boundary: plain, camelCase, mirrored by ui/src/api.ts.

use chrono::NaiveDate;
use office::{Action, Request};
use office::{Actor, ApiError, ErrorCode};
use serde::Serialize;

/// Every command's error: the office's closed code and its one-line message.
#[derive(Debug, Serialize)]
pub struct CmdError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<ApiError> for CmdError {
    fn from(e: ApiError) -> Self {
        if let Some(detail) = &e.detail {
            eprintln!("disclose-desktop: {:?}: {}: {detail}", e.code, e.message);
        }
        CmdError {
            code: e.code,
            message: e.message,
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OfficeStatus {
    /// False on an empty data directory: the window then offers to create the office.
    pub initialised: bool,
    pub data_dir: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionUser {
    pub name: String,
    pub role: String,
    /// Whether the role matrix lets this user log requests (the office checks again).
    pub may_create_requests: bool,
}

impl From<&Actor> for SessionUser {
    fn from(a: &Actor) -> Self {
        SessionUser {
            name: a.name().to_string(),
            role: a.role().as_str().to_string(),
            may_create_requests: a.may(Action::CreateRequest),
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRow {
    pub reference: String,
    pub requester: String,
    pub description: String,
    /// `YYYY-MM-DD`.
    pub received: String,
    /// The determination due date after extensions, `YYYY-MM-DD`.
    pub due: String,
    /// Calendar days from the office's today to `due`; negative when past it.
    pub days_left: i64,
    pub status: String,
    pub extended_days: u32,
    pub created_by: String,
}

impl RequestRow {
    pub fn new(r: &Request, today: NaiveDate) -> Self {
        RequestRow {
            reference: r.reference.to_string(),
            requester: r.requester.clone(),
            description: r.description.clone(),
            received: r.received.to_string(),
            due: r.due.to_string(),
            days_left: r.days_left(today),
            status: r.status.as_str().to_string(),
            extended_days: r.extended_days,
            created_by: r.created_by.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// The office's today (`YYYY-MM-DD`), which `daysLeft` counts from.
    pub today: String,
    /// Soonest due first.
    pub requests: Vec<RequestRow>,
}
