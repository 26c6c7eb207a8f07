use std::fmt;

/// What can go wrong in the store. Database and file-system detail stays in `Db`/`Io` for
/// the log; the office shows users only the outer message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("cannot use the data directory {path}: {reason}")]
    DataDir { path: String, reason: String },
    #[error(
        "this office was written by a newer version of Disclose (office schema {}; this build knows up to {}): update Disclose",
        crate::schema_number(*found),
        crate::schema_number(*supported)
    )]
    NewerSchema { found: i64, supported: i64 },
    /// A login that may not change the schema opened a database whose schema is older than
    /// this build's (or holds none yet).
    #[error("{}", needs_owner(login, *found, *supported))]
    NeedsOwner {
        login: String,
        found: Option<i64>,
        supported: i64,
    },
    /// Setting up the office's database roles failed (what to ask the administrator).
    #[error("cannot set up the office database's roles: {0}")]
    Roles(String),
    #[error("cannot reach the office database {server}: {reason}")]
    Server { server: String, reason: String },
    #[error("{what} was changed by {by} at {at} since you opened it: reopen it to see the change")]
    Changed {
        what: String,
        by: String,
        at: String,
    },
    /// The office is encrypted and was opened without its data key.
    #[error("this office is encrypted: sign in (or give its recovery key) to open it")]
    Locked,
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

fn needs_owner(login: &str, found: Option<i64>, supported: i64) -> String {
    match found {
        None => format!(
            "the office database holds no office yet, and the database login {login} may not set one up: the database's owner does"
        ),
        Some(found) => format!(
            "the office database is at office schema {} and this version of Disclose needs {}: the database's owner must upgrade it (the login {login} may not change the schema)",
            crate::schema_number(found),
            crate::schema_number(supported)
        ),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn corrupt(what: impl fmt::Display) -> Error {
    Error::Corrupt(what.to_string())
}

/// A closed-set word as stored. A word the model does not know means damaged data.
pub(crate) fn word<T: model::ClosedSet>(s: &str) -> Result<T> {
    T::parse(s).ok_or_else(|| corrupt(format!("{} '{s}'", T::WHAT)))
}

/// A record's metadata column.
pub(crate) fn get_metadata(r: &sqlx::any::AnyRow, col: &str) -> Result<model::Metadata> {
    use sqlx::Row;
    model::Metadata::parse(&r.try_get::<String, _>(col)?).map_err(corrupt)
}

/// A closed-set column of a row.
pub(crate) fn get_word<T: model::ClosedSet>(r: &sqlx::any::AnyRow, col: &str) -> Result<T> {
    use sqlx::Row;
    word(&r.try_get::<String, _>(col)?)
}

/// A closed-set column that may be empty.
pub(crate) fn get_opt_word<T: model::ClosedSet>(
    r: &sqlx::any::AnyRow,
    col: &str,
) -> Result<Option<T>> {
    use sqlx::Row;
    r.try_get::<Option<String>, _>(col)?
        .map(|s| word(&s))
        .transpose()
}

/// Maps a unique-key violation to `Exists(what)`, anything else to `Db`.
pub(crate) fn exists_or(e: sqlx::Error, what: impl FnOnce() -> String) -> Error {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => Error::Exists(what()),
        _ => Error::Db(e),
    }
}

/// Whether a database error means the server went away (team mode) rather than a fault.
pub fn is_connection_lost(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => true,
        // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx
        // connection exceptions, 53300 too many connections, and a database closed to
        // connections (55000 with that message).
        sqlx::Error::Database(d) => d.code().is_some_and(|c| {
            c.starts_with("08")
                || c.starts_with("57P")
                || c == "53300"
                || (c == "55000" && d.message().contains("accepting connections"))
        }),
        _ => false,
    }
}

/// Whether the database refused a statement for want of a privilege (a desk login doing what
/// its grants do not allow).
pub fn is_permission_denied(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.code().as_deref() == Some("42501"))
}
