use serde::Serialize;
use std::fmt;

/// The closed set of error kinds the CLI and the window switch on (never on message text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ErrorCode {
    /// Sign-in failed: unknown user, wrong password, locked or inactive account.
    Unauthenticated,
    /// The user signed in with a password a supervisor set (a new account, a reset): they
    /// must choose their own first; nothing but changing it is open to them until then.
    PasswordChangeRequired,
    /// The user's role does not allow it, or a rule such as the two-person rule forbids it.
    Forbidden,
    NotFound,
    /// Already exists, in use, or the office is in the wrong state for it.
    Conflict,
    /// Someone else changed the record since the version the change was made on: reopen it.
    Changed,
    StaleApproval,
    /// Input that does not make sense: a bad date, too long an extension, an empty field.
    Invalid,
    /// A file or folder that cannot be read or used.
    Unreadable,
    /// The office's database server cannot be reached (team mode): try again later.
    Unavailable,
    /// A disk is full (the office's data folder, or the folder written to): the step that
    /// stopped was not saved; free space and run it again.
    DiskFull,
    /// A fault of Disclose or its storage; the detail is kept out of the message.
    Internal,
}

/// An error fit to show a person: one line, no SQL, no stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The record the error is about, when it is about one (the window offers to open it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<model::RecordId>,
    /// Technical detail for the log, never shown as the message.
    #[serde(skip)]
    pub detail: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            record: None,
            detail: None,
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Invalid, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }

    /// A fault of Disclose or its storage, the detail kept for the log; or, when the detail
    /// says a disk is full (a file, SQLite or the index could not grow), that.
    pub fn internal(detail: impl Into<String>) -> Self {
        let detail = detail.into();
        if disk_full(&detail) {
            return ApiError {
                code: ErrorCode::DiskFull,
                message: "the disk is full (the office's data folder, or the folder being \
                          written to): the step that stopped was not saved and what was \
                          finished before it is kept; free some space and run it again"
                    .into(),
                record: None,
                detail: Some(detail),
            };
        }
        ApiError {
            code: ErrorCode::Internal,
            message: "internal error in Disclose's storage (details in the log)".into(),
            record: None,
            detail: Some(detail),
        }
    }
}

/// Whether an error, as its layers print it, comes from a full disk: the operating system's
/// ENOSPC (std's and tantivy's I/O errors say "No space left on device"; so do PostgreSQL's
/// "could not extend file" errors), SQLite's SQLITE_FULL. (Not PostgreSQL's code 53100 as
/// digits: a hash in a detail could hold them.)
fn disk_full(detail: &str) -> bool {
    [
        "No space left on device",
        "os error 28",
        "database or disk is full",
        "could not extend file",
    ]
    .iter()
    .any(|sign| detail.contains(sign))
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<model::Invalid> for ApiError {
    fn from(e: model::Invalid) -> Self {
        ApiError::invalid(e.0)
    }
}

impl From<store::Error> for ApiError {
    fn from(e: store::Error) -> Self {
        use store::Error as E;
        match e {
            E::DataDir { ref reason, .. } if reason.starts_with("the disk holding it is full") => {
                ApiError::new(ErrorCode::DiskFull, e.to_string())
            }
            E::DataDir { .. } => ApiError::new(ErrorCode::Unreadable, e.to_string()),
            E::Server { .. } => ApiError::new(ErrorCode::Unavailable, e.to_string()),
            E::Changed { .. } => ApiError::new(ErrorCode::Changed, e.to_string()),
            E::Db(sqlx_error) if store::is_connection_lost(&sqlx_error) => ApiError {
                code: ErrorCode::Unavailable,
                message: "lost the connection to the office database: nothing of the \
                          unfinished step was saved; try again when the server is back"
                    .into(),
                record: None,
                detail: Some(sqlx_error.to_string()),
            },
            E::NewerSchema { .. } | E::Exists(_) => ApiError::conflict(e.to_string()),
            E::NeedsOwner { .. } | E::Roles(_) => ApiError::forbidden(e.to_string()),
            // A desk login without the grant for a statement (team mode): the database, not
            // the app, refused it.
            E::Db(denied) if store::is_permission_denied(&denied) => ApiError {
                code: ErrorCode::Forbidden,
                message: "the office database refused this step: this workstation's database \
                          login may not do it"
                    .into(),
                record: None,
                detail: Some(denied.to_string()),
            },
            E::Locked => ApiError::new(ErrorCode::Unauthenticated, e.to_string()),
            E::NotFound(_) => ApiError::not_found(e.to_string()),
            E::Corrupt(_) | E::Db(_) | E::Migrate(_) | E::Io(_) => {
                ApiError::internal(e.to_string())
            }
            _ => ApiError::internal(e.to_string()),
        }
    }
}

impl From<index::Error> for ApiError {
    fn from(e: index::Error) -> Self {
        match e {
            index::Error::Query(_) | index::Error::TooBig(_) => ApiError::invalid(e.to_string()),
            e => ApiError::internal(e.to_string()),
        }
    }
}

impl From<redact::Invalid> for ApiError {
    fn from(e: redact::Invalid) -> Self {
        ApiError::invalid(e.to_string())
    }
}

impl From<extract::Failure> for ApiError {
    fn from(e: extract::Failure) -> Self {
        ApiError::new(ErrorCode::Unreadable, e.0)
    }
}

/// A record the export could not print is named (the window offers to open it); a failed
/// write is Disclose's or the disk's fault.
impl From<export::ExportError> for ApiError {
    fn from(e: export::ExportError) -> Self {
        match e {
            export::ExportError::Record(p) => ApiError {
                record: Some(model::RecordId(p.doc_id)),
                ..ApiError::new(ErrorCode::Unreadable, format!("record {}: {p}", p.doc_id))
            },
            export::ExportError::Io(io) => {
                ApiError::internal(format!("writing the export failed ({io})"))
            }
            other => ApiError::new(ErrorCode::Unreadable, other.to_string()),
        }
    }
}

#[cfg(test)]
mod disk_full_tests {
    use super::*;

    #[test]
    fn a_full_disk_is_told_from_other_storage_faults() {
        for full in [
            "file error: No space left on device (os error 28)",
            "error returned from database: (code: 13) database or disk is full",
            "could not extend file \"base/16384/2619\": No space left on device",
        ] {
            assert_eq!(ApiError::internal(full).code, ErrorCode::DiskFull, "{full}");
        }
        for other in [
            "cannot read original 9f53100ab2 (No such file or directory)",
            "database disk image is malformed",
        ] {
            assert_eq!(
                ApiError::internal(other).code,
                ErrorCode::Internal,
                "{other}"
            );
        }
    }
}
