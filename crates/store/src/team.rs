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
//! goes over the file. The store itself reads no environment (sqlx does: `PGPASSWORD` and
//! `~/.pgpass` give a password the address leaves out).
//!
//! Across a network the connection is encrypted: an address whose server is neither a Unix
//! socket nor the loopback interface gets `sslmode=require` unless it names an `sslmode`
//! itself ([`connect_address`]).

use crate::{Error, Placement, Result};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A password held apart from the address (from the environment or a prompt): never written
/// to `team.conf`, never shown (`Debug` prints stars).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// The placement file inside a data directory.
pub const TEAM_FILE: &str = "team.conf";

/// What a front end's configuration says over a data directory's `team.conf`: values
/// resolved by the front end (`office::Config::resolve`), never read here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub database_url: Option<String>,
    /// The database password, when the address leaves it out (`DISCLOSE_DATABASE_PASSWORD`).
    pub database_password: Option<Secret>,
    pub originals: Option<PathBuf>,
    pub connect_timeout: Option<Duration>,
    /// The data key of an encrypted office, unlocked by the front end from a user's password
    /// or the recovery key ([`crate::vault::Vault`]).
    pub data_key: Option<crate::vault::DataKey>,
}

/// Where the office of `dir` lives: `team.conf` when present, with `over` over it.
pub fn placement(dir: &Path, over: &Overrides) -> Result<Placement> {
    let mut p = read_file(dir)?;
    if let Some(url) = &over.database_url {
        p.database_url = Some(url.clone());
    }
    if let Some(pw) = &over.database_password {
        p.database_password = Some(pw.clone());
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

/// Writes `team.conf` (readable by its owner only: the address may carry a password). Only
/// what the address holds is written: a password given apart ([`Secret`]) never is.
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
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let mut f = o.open(&tmp)?;
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

fn parse(url: &str) -> std::result::Result<url::Url, String> {
    url::Url::parse(url).map_err(|e| format!("not a database address ({e})"))
}

/// The server an address reaches, as sqlx decides it: a `host=`/`hostaddr=` parameter (the
/// last wins) over the address's host; none means the default socket.
fn effective_host(u: &url::Url) -> Option<String> {
    let mut host = u.host_str().map(percent_decode);
    for (k, v) in u.query_pairs() {
        if k == "host" || k == "hostaddr" {
            host = Some(v.into_owned());
        }
    }
    host.filter(|h| !h.is_empty())
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b.get(i + 1..i + 3).and_then(|h| {
            std::str::from_utf8(h)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        });
        match (b[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether an address reaches its server on this machine: through a Unix socket (a socket
/// folder as its host or `host=` parameter, or no host at all: the default socket) or the
/// loopback interface (`localhost`, 127.0.0.0/8, `::1`). Anything else is across a network.
pub fn is_local(url: &str) -> bool {
    let Ok(u) = parse(url) else { return false };
    let Some(host) = effective_host(&u) else {
        return true;
    };
    if host.starts_with('/') || host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

/// Whether the address says how to use TLS (`sslmode=…`).
pub fn names_sslmode(url: &str) -> bool {
    parse(url).is_ok_and(|u| {
        u.query_pairs()
            .any(|(k, _)| k == "sslmode" || k == "ssl-mode")
    })
}

/// Whether the address carries a password (`user:password@…` or `password=…`).
pub fn has_password(url: &str) -> bool {
    parse(url).is_ok_and(|u| {
        u.password().is_some_and(|p| !p.is_empty()) || u.query_pairs().any(|(k, _)| k == "password")
    })
}

/// The address the connection is made with (never written anywhere): TLS required
/// (`sslmode=require`) when the server is across a network and the address names no
/// `sslmode` of its own, and the password given apart filled in when the address has none.
pub fn connect_address(
    url: &str,
    password: Option<&Secret>,
) -> std::result::Result<String, String> {
    let mut u = parse(url)?;
    if !is_local(url) && !names_sslmode(url) {
        u.query_pairs_mut().append_pair("sslmode", "require");
    }
    if let Some(pw) = password
        && !has_password(url)
    {
        u.set_password(Some(pw.expose()))
            .map_err(|()| "the address cannot carry a password".to_string())?;
    }
    Ok(u.to_string())
}

/// The same address without its password (fit to repeat in a hint); as given when it is not
/// an address.
pub fn without_password(url: &str) -> String {
    if !has_password(url) {
        return url.to_string();
    }
    let Ok(u) = parse(url) else {
        return url.to_string();
    };
    let user = u.username().to_string();
    let mut out = with_login(url, &user).unwrap_or_else(|_| describe_url(url));
    // with_login also drops a `user=` parameter: keep the address's own user only.
    if user.is_empty()
        && let Some((_, v)) = u.query_pairs().find(|(k, _)| k == "user")
    {
        out = with_login(url, &v).unwrap_or(out);
    }
    out
}

/// The same address for another login, without the password (a desk login's address,
/// made from the owner's).
pub fn with_login(url: &str, login: &str) -> std::result::Result<String, String> {
    let mut u = parse(url)?;
    if u.query_pairs().any(|(k, _)| k == "user" || k == "password") {
        let kept: Vec<(String, String)> = u
            .query_pairs()
            .filter(|(k, _)| k != "user" && k != "password")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        u.set_query(None);
        if !kept.is_empty() {
            u.query_pairs_mut().extend_pairs(kept);
        }
    }
    u.set_password(None)
        .and_then(|()| u.set_username(login))
        .map_err(|()| "the address names no server".to_string())?;
    Ok(u.to_string())
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
pub async fn create_database(
    url: &str,
    password: Option<&Secret>,
    timeout: Duration,
) -> Result<bool> {
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
    let admin = connect_address(&with_database(url, "postgres"), password).map_err(&err)?;
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
        sqlx::Error::Tls(e) => format!(
            "no encrypted connection ({e}): across a network the connection must be encrypted; \
             the server needs TLS, or the address says sslmode=disable to go unencrypted"
        ),
        other => other.to_string(),
    }
}

/// A path as a `sqlite://` URL expects it: everything but unreserved bytes and `/`
/// percent-encoded (a data folder may contain `#`, `?`, `%` or spaces). On Windows `C:\` and
/// the backslashes are encoded too (sqlx decodes the whole text after `sqlite://`).
pub fn percent_encode_path(path: &Path) -> String {
    let mut out = String::new();
    for &b in path.as_os_str().as_encoded_bytes() {
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
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(TEAM_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(dir.path().join(TEAM_FILE), "database postgres://x\n").unwrap();
        let e = read_file(dir.path()).unwrap_err().to_string();
        assert!(e.contains("line 1"), "{e}");
    }

    #[test]
    fn only_sockets_and_loopback_are_local() {
        for local in [
            "postgres://u@localhost/db",
            "postgres://u@LOCALHOST:5433/db",
            "postgres://u@127.0.0.1/db",
            "postgres://u@127.8.0.2:5432/db",
            "postgres://u@[::1]:5432/db",
            "postgres://u@localhost/db?host=/run/postgresql",
            "postgres://u@records-server/db?host=/tmp/pg&port=5",
            "postgres://u@%2Frun%2Fpostgresql/db",
            "postgres:///db",
            "postgres://records-server/db?hostaddr=127.0.0.1",
        ] {
            assert!(is_local(local), "{local}");
        }
        for remote in [
            "postgres://u@records-server/db",
            "postgres://u@10.0.0.5:5432/db",
            "postgres://u@[2001:db8::1]/db",
            "postgres://u@db.example.org/db",
            "postgres://u@localhost/db?host=records-server",
            "postgres://u@localhost/db?hostaddr=10.1.2.3",
            "postgres://u@localhost.example.org/db",
        ] {
            assert!(!is_local(remote), "{remote}");
        }
    }

    #[test]
    fn tls_is_required_across_a_network_unless_the_address_says_otherwise() {
        let addr = |u: &str| connect_address(u, None).unwrap();
        assert!(addr("postgres://u@records-server/db").ends_with("/db?sslmode=require"));
        assert!(
            addr("postgres://u@10.0.0.5:5432/db?application_name=x")
                .ends_with("?application_name=x&sslmode=require")
        );
        // What the address says stands: verify-full, or an explicit choice to go without.
        for explicit in [
            "postgres://u@records-server/db?sslmode=verify-full&sslrootcert=/etc/ca.crt",
            "postgres://u@records-server/db?sslmode=disable",
            "postgres://u@records-server/db?ssl-mode=prefer",
        ] {
            assert_eq!(addr(explicit), explicit);
        }
        // A socket or the loopback interface: as given.
        for local in [
            "postgres://u@localhost/db?host=/tmp/pg&port=5",
            "postgres://u@127.0.0.1:5432/db",
        ] {
            assert_eq!(addr(local), local);
        }
    }

    #[test]
    fn a_password_given_apart_is_used_but_never_kept() {
        let pw = Secret::new("p@ss w/rd");
        assert_eq!(format!("{pw:?}"), "Secret(***)");
        let url = connect_address("postgres://clerk@localhost/db", Some(&pw)).unwrap();
        assert_eq!(url, "postgres://clerk:p%40ss%20w%2Frd@localhost/db");
        // The address's own password wins.
        let url = connect_address("postgres://clerk:mine@localhost/db", Some(&pw)).unwrap();
        assert_eq!(url, "postgres://clerk:mine@localhost/db");
        assert!(has_password("postgres://clerk:mine@localhost/db"));
        assert!(has_password("postgres://clerk@localhost/db?password=x"));
        assert!(!has_password("postgres://clerk@localhost/db"));
        assert!(!has_password("postgres://clerk:@localhost/db"));
        assert_eq!(
            without_password("postgres://clerk:mine@localhost/db?host=/tmp/s"),
            "postgres://clerk@localhost/db?host=/tmp/s"
        );
        // team.conf holds the address as given: no password from the environment.
        let dir = tempfile::tempdir().unwrap();
        let over = Overrides {
            database_password: Some(pw.clone()),
            ..Default::default()
        };
        write_placement(dir.path(), "postgres://clerk@localhost/db", None).unwrap();
        let p = placement(dir.path(), &over).unwrap();
        assert_eq!(p.database_password.as_ref(), Some(&pw));
        let text = std::fs::read_to_string(dir.path().join(TEAM_FILE)).unwrap();
        assert!(!text.contains("ss w"), "{text}");
    }

    #[test]
    fn a_desk_login_address_is_the_owner_address_with_another_user_and_no_password() {
        assert_eq!(
            with_login(
                "postgres://records:s3cret@server:5432/city?sslmode=verify-full",
                "cleo_pc"
            )
            .unwrap(),
            "postgres://cleo_pc@server:5432/city?sslmode=verify-full"
        );
        assert_eq!(
            with_login(
                "postgres://server/city?user=records&password=x&host=/tmp/s",
                "d"
            )
            .unwrap(),
            "postgres://d@server/city?host=%2Ftmp%2Fs"
        );
    }
}
