//! Team mode: where a workstation finds its office when the office is shared.
//!
//! A workstation's data directory always holds its own search index and scratch space. In
//! team mode it also holds `team.conf`, which names the office's PostgreSQL server and the
//! shared originals folder:
//!
//! ```text
//! database = postgres://clerk@records-server/city_records
//! originals = /mnt/records/originals
//! ```
//!
//! What the front end's configuration says (its [`Overrides`]: the CLI's environment, say)
//! goes over the file. The store itself reads no environment.

use crate::{Error, Placement, Result};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The placement file inside a data directory.
pub const TEAM_FILE: &str = "team.conf";

/// What a front end's configuration says over a data directory's `team.conf`: values
/// resolved by the front end (`office::Config::resolve`), never read here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub database_url: Option<String>,
    pub originals: Option<PathBuf>,
    pub connect_timeout: Option<Duration>,
}

/// Where the office of `dir` lives: `team.conf` when present, with `over` over it.
pub fn placement(dir: &Path, over: &Overrides) -> Result<Placement> {
    let mut p = read_file(dir)?;
    if let Some(url) = &over.database_url {
        p.database_url = Some(url.clone());
    }
    if let Some(o) = &over.originals {
        p.originals = Some(o.clone());
    }
    if let Some(t) = over.connect_timeout {
        p.connect_timeout = t;
    }
    Ok(p)
}

fn read_file(dir: &Path) -> Result<Placement> {
    let path = dir.join(TEAM_FILE);
    let mut p = Placement::default();
    // No file (or no data directory yet, which opening then reports): the office is local.
    if !path.is_file() {
        return Ok(p);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| Error::DataDir {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = || Error::DataDir {
            path: path.display().to_string(),
            reason: format!("line {} is not `key = value`: {line}", n + 1),
        };
        let (key, value) = line.split_once('=').ok_or_else(bad)?;
        let value = value.trim().to_string();
        match key.trim() {
            "database" => p.database_url = Some(value),
            "originals" => p.originals = Some(PathBuf::from(value)),
            "connect_timeout" => {
                p.connect_timeout = Duration::from_secs(value.parse().map_err(|_| bad())?)
            }
            _ => return Err(bad()),
        }
    }
    Ok(p)
}

/// Writes `team.conf` (readable by its owner only: the address may carry a password).
pub fn write_placement(dir: &Path, database_url: &str, originals: Option<&Path>) -> Result<()> {
    let mut text =
        String::from("# This workstation's office is shared (team mode). Written by Disclose.\n");
    text.push_str(&format!("database = {database_url}\n"));
    if let Some(o) = originals {
        text.push_str(&format!("originals = {}\n", o.display()));
    }
    let tmp = dir.join(format!("{TEAM_FILE}.tmp"));
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, dir.join(TEAM_FILE))?;
    Ok(())
}

/// A database address fit to show: user, host, port and database, never the password.
pub fn describe_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "(not a postgres:// address)".into();
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{user}@{host}")
        }
        None => authority.to_string(),
    };
    let (db, query) = path.split_once('?').unwrap_or((path, ""));
    // A socket folder given as `host=/run/postgresql` is where the server is.
    let socket = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("host="))
        .map(|h| format!(" (socket in {h})"))
        .unwrap_or_default();
    format!("{scheme}://{authority}/{db}{socket}")
}

/// The same server address with another database name (`…/name?params`).
pub fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let query = path.split_once('?').map(|(_, q)| q).unwrap_or("");
    let sep = if query.is_empty() { "" } else { "?" };
    format!("{scheme}://{authority}/{name}{sep}{query}")
}

fn database_name(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let path = rest.split_once('/')?.1;
    let name = path.split('?').next()?;
    (!name.is_empty()).then_some(name)
}

/// Creates the database `url` names when the server does not have it yet (what `disclose
/// init` does for a new team office); true when it was created. Needs a user allowed to
/// create databases; otherwise the server administrator creates it first.
pub async fn create_database(url: &str, timeout: Duration) -> Result<bool> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let server = describe_url(url);
    let err = |reason: String| Error::Server {
        server: server.clone(),
        reason,
    };
    let name = database_name(url).ok_or_else(|| err("the address names no database".into()))?;
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(err(format!(
            "a new database name may use letters, digits, - and _ only: {name}"
        )));
    }
    let admin = with_database(url, "postgres");
    let connect = sqlx::AnyConnection::connect(&admin);
    let mut conn = match tokio::time::timeout(timeout, connect).await {
        Ok(Ok(c)) => c,
        Ok(Err(e)) => return Err(err(server_reason(&e))),
        Err(_) => return Err(err(format!("no answer within {} s", timeout.as_secs()))),
    };
    let (n,): (i64,) =
        sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM pg_database WHERE datname = $1")
            .bind(name)
            .fetch_one(&mut conn)
            .await?;
    if n > 0 {
        return Ok(false);
    }
    sqlx::query(&format!("CREATE DATABASE \"{name}\" ENCODING 'UTF8'"))
        .execute(&mut conn)
        .await
        .map_err(|e| err(server_reason(&e)))?;
    let _ = conn.close().await;
    Ok(true)
}

/// Why a connection failed, in a clerk's words.
pub(crate) fn server_reason(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(d) => match d.code().as_deref() {
            Some("28P01") | Some("28000") => {
                format!(
                    "the server refused the user name or password ({})",
                    d.message()
                )
            }
            Some("3D000") => format!("no such database on the server ({})", d.message()),
            _ => d.message().to_string(),
        },
        sqlx::Error::Io(io) => format!("the server is unreachable ({io})"),
        sqlx::Error::PoolTimedOut => "the server did not answer in time".into(),
        other => other.to_string(),
    }
}

/// A path as a `sqlite://` URL expects it: everything but unreserved bytes and `/`
/// percent-encoded (a data folder may contain `#`, `?`, `%` or spaces).
pub(crate) fn percent_encode_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_described_address_never_shows_the_password() {
        assert_eq!(
            describe_url("postgres://clerk:s3cret@records:5432/city?sslmode=prefer"),
            "postgres://clerk@records:5432/city"
        );
        assert_eq!(
            describe_url("postgres://disclose@localhost/t?host=/tmp/pg&port=5"),
            "postgres://disclose@localhost/t (socket in /tmp/pg)"
        );
    }

    #[test]
    fn another_database_on_the_same_server() {
        assert_eq!(
            with_database("postgres://u:p@h:5/a?host=/tmp/s&port=5", "b"),
            "postgres://u:p@h:5/b?host=/tmp/s&port=5"
        );
        assert_eq!(with_database("postgres://u@h/a", "b"), "postgres://u@h/b");
        assert_eq!(database_name("postgres://u@h/a?x=1"), Some("a"));
        assert_eq!(database_name("postgres://u@h"), None);
    }

    #[test]
    fn paths_with_url_characters_are_encoded() {
        assert_eq!(
            percent_encode_path(Path::new("/a b/#1?/100%/x.db")),
            "/a%20b/%231%3F/100%25/x.db"
        );
    }

    #[test]
    fn team_conf_is_read_and_bad_lines_are_named() {
        let dir = tempfile::tempdir().unwrap();
        write_placement(dir.path(), "postgres://u@h/db", Some(Path::new("/mnt/o"))).unwrap();
        let p = read_file(dir.path()).unwrap();
        assert_eq!(p.database_url.as_deref(), Some("postgres://u@h/db"));
        assert_eq!(p.originals.as_deref(), Some(Path::new("/mnt/o")));
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(TEAM_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::write(dir.path().join(TEAM_FILE), "database postgres://x\n").unwrap();
        let e = read_file(dir.path()).unwrap_err().to_string();
        assert!(e.contains("line 1"), "{e}");
    }
}
