use std::fmt;

/// What can go wrong in the store. Database and file-system detail stays in `Db`/`Io` for
/// the log; the office shows users only the outer message.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot use the data directory {path}: {reason}")]
    DataDir { path: String, reason: String },
    #[error(
        "this office was written by a newer version of Disclose (schema {found}; this build knows up to {supported}): update Disclose"
    )]
    NewerSchema { found: i64, supported: i64 },
    #[error("{0} already exists")]
    Exists(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn corrupt(what: impl fmt::Display) -> Error {
    Error::Corrupt(what.to_string())
}

/// Maps a unique-key violation to `Exists(what)`, anything else to `Db`.
pub(crate) fn exists_or(e: sqlx::Error, what: impl FnOnce() -> String) -> Error {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => Error::Exists(what()),
        _ => Error::Db(e),
    }
}
