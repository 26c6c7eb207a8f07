//! Team mode's database roles: who may do what to the office's PostgreSQL database.
//!
//! - **The owner** is the login that set the office up (`disclose init --database`, `migrate
//!   --to`): it owns every table, so it alone changes the schema (migrations), sets the
//!   desks' grants and adds desk logins. Its password stays off the workstations.
//! - **The desks' role**, `<database>_desk` (NOLOGIN), holds exactly what the app's
//!   statements need ([`DESK_GRANTS`]): no ownership (so no DDL, no `ALTER TABLE … DISABLE
//!   TRIGGER`, no `DROP`), no UPDATE, DELETE or TRUNCATE of `audit_events`, UPDATE of
//!   `users` only for passwords, sign-in failures and the active flag (a user's role and
//!   name never change), UPDATE of other tables only in the columns the app changes.
//! - **Desk logins** (`CREATE ROLE … LOGIN IN ROLE <database>_desk`), one per workstation
//!   or shared: what `team.conf` names.
//!
//! What the database cannot enforce — the app's role matrix: who among the office's users
//! may approve, redact, add users — stays in the office crate; see
//! docs/security-team-mode.md.

use crate::team::{self, Secret};
use crate::{Error, MIGRATOR_PG, Result, Store};
use serde::Serialize;
use sqlx::{AnyConnection, AnyPool, Connection, Executor};
use std::time::Duration;

/// What the desks' role may do, table by table: exactly what the app's statements need.
/// Every table of the schema must be here (granting fails otherwise, so a migration that
/// adds a table cannot leave it out unnoticed).
pub const DESK_GRANTS: &[(&str, &str)] = &[
    ("settings", "SELECT, INSERT, UPDATE (value)"),
    (
        "users",
        "SELECT, INSERT (name, display_name, role, password_hash, created_at, \
         must_change_password, created_by, password_set_by, password_set_at), \
         UPDATE (password_hash, active, failed_logins, locked_until, must_change_password, \
         password_set_by, password_set_at)",
    ),
    ("exemptions", "SELECT, INSERT, UPDATE (active), DELETE"),
    (
        "requests",
        "SELECT, INSERT, UPDATE (status, due_on, extended_days, version, state, closed_as, \
         determined_on)",
    ),
    ("request_extensions", "SELECT, INSERT"),
    ("request_states", "SELECT, INSERT"),
    ("originals", "SELECT, INSERT"),
    (
        "records",
        "SELECT, INSERT, UPDATE (kind, status, failure, duplicate_of, title, metadata, text, \
         text_sha256, extractor_version, version, changed_by, changed_at, note, disposition, \
         review_status, release_as_images, assignee_id, review_batch, conversation_id, \
         reply_to_id, inclusive, near_dup_group, similarity)",
    ),
    ("record_family", "SELECT, INSERT"),
    ("pages", "SELECT, INSERT"),
    ("record_exemptions", "SELECT, INSERT, DELETE"),
    ("redactions", "SELECT, INSERT, UPDATE (state)"),
    (
        "approvals",
        "SELECT, INSERT, UPDATE (decision, decided_by, decided_at, comment, decided_by_name)",
    ),
    ("exports", "SELECT, INSERT"),
    ("letters", "SELECT, INSERT"),
    (
        "saved_searches",
        "SELECT, INSERT, UPDATE (query, created_by, created_at), DELETE",
    ),
    ("audit_events", "SELECT, INSERT"),
    ("record_changes", "SELECT, INSERT"),
    ("bulk_undo", "SELECT, INSERT"),
    ("_sqlx_migrations", "SELECT"),
];

/// The desks' group role of a database.
pub fn desk_role(database: &str) -> String {
    format!("{database}_desk")
}

fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

fn flag(b: i64) -> bool {
    b != 0
}

/// What the login a connection uses may do beyond a desk's grants.
#[derive(Debug, Clone, Serialize)]
pub struct LoginPowers {
    pub login: String,
    pub superuser: bool,
    /// Owns (or may act as the owner of) tables of the office's schema.
    pub owns_tables: bool,
    /// May create objects in the schema.
    pub may_create: bool,
    /// What it may do that rewrites history or privileges (`UPDATE of audit_events`, …).
    pub rewrites: Vec<String>,
    /// The newest schema version applied, if any.
    pub schema_version: Option<i64>,
}

impl LoginPowers {
    /// Whether this login may bring the schema up to date.
    pub fn may_change_schema(&self) -> bool {
        self.superuser || (self.may_create && (self.owns_tables || self.schema_version.is_none()))
    }

    /// Why this login holds more than a workstation needs (empty for a desk login).
    pub fn beyond_a_desk(&self) -> Vec<String> {
        let mut why = vec![];
        if self.superuser {
            why.push("is a superuser".to_string());
        }
        if self.owns_tables {
            why.push("owns the office's tables".to_string());
        }
        why.extend(self.rewrites.iter().map(|r| format!("may {r}")));
        why
    }
}

async fn applied_versions(conn: &mut AnyConnection) -> Result<Vec<i64>> {
    let (exists,): (i64,) = sqlx::query_as(
        "SELECT CAST(CASE WHEN to_regclass('_sqlx_migrations') IS NULL THEN 0 ELSE 1 END AS BIGINT)",
    )
    .fetch_one(&mut *conn)
    .await?;
    if !flag(exists) {
        return Ok(vec![]);
    }
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT version FROM _sqlx_migrations WHERE success")
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// What the connection's login may do (see [`LoginPowers`]).
pub(crate) async fn powers(conn: &mut AnyConnection) -> Result<LoginPowers> {
    let (login, superuser, may_create): (String, i64, i64) = sqlx::query_as(
        "SELECT CAST(current_user AS TEXT),
                CAST(CASE WHEN rolsuper THEN 1 ELSE 0 END AS BIGINT),
                CAST(CASE WHEN has_schema_privilege(current_schema(), 'CREATE') THEN 1 ELSE 0 END AS BIGINT)
           FROM pg_roles WHERE rolname = current_user",
    )
    .fetch_one(&mut *conn)
    .await?;
    let (owned,): (i64,) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM pg_tables
          WHERE schemaname = current_schema() AND pg_has_role(current_user, tableowner, 'MEMBER')",
    )
    .fetch_one(&mut *conn)
    .await?;
    let mut rewrites = vec![];
    let checks = [
        ("audit_events", "", "UPDATE", "change audit events"),
        ("audit_events", "", "DELETE", "delete audit events"),
        ("audit_events", "", "TRUNCATE", "empty the audit log"),
        (
            "audit_events",
            "",
            "TRIGGER",
            "create triggers on the audit log",
        ),
        ("users", "role", "UPDATE", "change a user's role"),
    ];
    for (table, column, privilege, what) in checks {
        let check = if column.is_empty() {
            format!("has_table_privilege('{table}', '{privilege}')")
        } else {
            format!("has_column_privilege('{table}', '{column}', '{privilege}')")
        };
        let (holds,): (i64,) = sqlx::query_as(&format!(
            "SELECT CAST(CASE WHEN to_regclass('{table}') IS NULL THEN 0
                              WHEN {check} THEN 1 ELSE 0 END AS BIGINT)"
        ))
        .fetch_one(&mut *conn)
        .await?;
        if flag(holds) {
            rewrites.push(what.to_string());
        }
    }
    let versions = applied_versions(conn).await?;
    Ok(LoginPowers {
        login,
        superuser: flag(superuser),
        owns_tables: owned > 0,
        may_create: flag(may_create),
        rewrites,
        schema_version: versions.into_iter().max(),
    })
}

/// Brings a team office's schema up to date when it is behind: only a login that may change
/// it (the owner) does, and then re-grants the desks' role; any other login is refused with
/// [`Error::NeedsOwner`]. Nothing happens when the schema is up to date (a desk's every
/// open), so a desk login needs no privilege over the schema.
pub(crate) async fn bring_up_to_date(pool: &AnyPool) -> Result<()> {
    let mut conn = pool.acquire().await?;
    let applied = applied_versions(&mut conn).await?;
    if MIGRATOR_PG.iter().all(|m| applied.contains(&m.version)) {
        return Ok(());
    }
    let powers = powers(&mut conn).await?;
    if !powers.may_change_schema() {
        return Err(Error::NeedsOwner {
            login: powers.login,
            found: applied.into_iter().max(),
            supported: Store::schema_version(),
        });
    }
    MIGRATOR_PG.run(pool).await?;
    grant_desks(&mut conn, false).await?;
    Ok(())
}

/// Creates the desks' role when missing (`required`: refused when this login may not) and
/// gives it exactly [`DESK_GRANTS`], taking back whatever else it held; closes the database
/// and its schema to everyone else. Whether it did (false: no role, not required).
async fn grant_desks(conn: &mut AnyConnection, required: bool) -> Result<bool> {
    let (database, schema, login): (String, String, String) = sqlx::query_as(
        "SELECT CAST(current_database() AS TEXT), CAST(current_schema() AS TEXT),
                CAST(current_user AS TEXT)",
    )
    .fetch_one(&mut *conn)
    .await?;
    let role = desk_role(&database);
    if role.len() > 63 {
        return Err(Error::Roles(format!(
            "the database name {database} is too long to name its desks' role ({role}): at most 58 characters"
        )));
    }
    let (q_role, q_schema, q_db) = (quote(&role), quote(&schema), quote(&database));
    let (exists,): (i64,) =
        sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM pg_roles WHERE rolname = $1")
            .bind(&role)
            .fetch_one(&mut *conn)
            .await?;
    if exists == 0 {
        let (may,): (i64,) = sqlx::query_as(
            "SELECT CAST(CASE WHEN rolcreaterole OR rolsuper THEN 1 ELSE 0 END AS BIGINT)
               FROM pg_roles WHERE rolname = current_user",
        )
        .fetch_one(&mut *conn)
        .await?;
        if flag(may) {
            conn.execute(format!("CREATE ROLE {q_role} NOLOGIN").as_str())
                .await?;
        } else if required {
            return Err(Error::Roles(format!(
                "the login {login} may not create roles: have the server's administrator run \
                 `CREATE ROLE {q_role} NOLOGIN` (or give {login} CREATEROLE), then run this again"
            )));
        } else {
            return Ok(false);
        }
    }
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT CAST(tablename AS TEXT) FROM pg_tables WHERE schemaname = current_schema()",
    )
    .fetch_all(&mut *conn)
    .await?;
    if let Some((t,)) = tables
        .iter()
        .find(|(t,)| !DESK_GRANTS.iter().any(|(g, _)| g == t))
    {
        return Err(Error::Corrupt(format!(
            "table {t} is not in the desks' grants (store::roles::DESK_GRANTS)"
        )));
    }
    let mut tx = conn.begin().await?;
    let mut statements = vec![
        format!("REVOKE ALL ON ALL TABLES IN SCHEMA {q_schema} FROM {q_role}"),
        format!("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {q_schema} FROM {q_role}"),
        format!("GRANT USAGE ON SCHEMA {q_schema} TO {q_role}"),
        // Identity columns hand out ids: nextval only (USAGE), never setval (UPDATE).
        format!("GRANT USAGE ON ALL SEQUENCES IN SCHEMA {q_schema} TO {q_role}"),
    ];
    for (table, privileges) in DESK_GRANTS {
        if tables.iter().any(|(t,)| t == table) {
            statements.push(format!(
                "GRANT {privileges} ON TABLE {} TO {q_role}",
                quote(table)
            ));
        }
    }
    for s in statements {
        tx.execute(s.as_str()).await?;
    }
    tx.commit().await?;
    // The database and its schema closed to everyone else: only the desks' role (and the
    // owner, and superusers) connect; nobody else creates objects in the schema. Each alone
    // and best effort: a login that does not own the database or the schema cannot, and the
    // report says what is in force.
    for s in [
        format!("REVOKE CONNECT, TEMPORARY ON DATABASE {q_db} FROM PUBLIC"),
        format!("GRANT CONNECT ON DATABASE {q_db} TO {q_role}"),
        format!("REVOKE CREATE ON SCHEMA {q_schema} FROM PUBLIC"),
    ] {
        let _ = conn.execute(s.as_str()).await;
    }
    Ok(true)
}

/// Who may do what to an office's database, as the server reports it.
#[derive(Debug, Clone, Serialize)]
pub struct RolesReport {
    pub database: String,
    /// The owner of the office's tables (none before the schema exists).
    pub owner: Option<String>,
    pub desk_role: String,
    pub desk_role_exists: bool,
    /// The logins in the desks' role.
    pub desk_logins: Vec<String>,
    /// What the desks' role may do: (table, privileges), e.g. `UPDATE (state)`.
    pub grants: Vec<(String, String)>,
    /// Whether every login of the server may connect (PUBLIC holds CONNECT).
    pub anyone_may_connect: bool,
    /// Whether every login may create objects in the schema (PUBLIC holds CREATE).
    pub anyone_may_create: bool,
}

async fn report(conn: &mut AnyConnection) -> Result<RolesReport> {
    let (database, connect, create): (String, i64, i64) = sqlx::query_as(
        "SELECT CAST(current_database() AS TEXT),
                CAST(CASE WHEN has_database_privilege('public', current_database(), 'CONNECT') THEN 1 ELSE 0 END AS BIGINT),
                CAST(CASE WHEN has_schema_privilege('public', current_schema(), 'CREATE') THEN 1 ELSE 0 END AS BIGINT)",
    )
    .fetch_one(&mut *conn)
    .await?;
    let role = desk_role(&database);
    let owner: Option<(String,)> = sqlx::query_as(
        "SELECT CAST(tableowner AS TEXT) FROM pg_tables
          WHERE schemaname = current_schema() AND tablename = 'audit_events'",
    )
    .fetch_optional(&mut *conn)
    .await?;
    let (exists,): (i64,) =
        sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM pg_roles WHERE rolname = $1")
            .bind(&role)
            .fetch_one(&mut *conn)
            .await?;
    let logins: Vec<(String,)> = sqlx::query_as(
        "SELECT CAST(m.rolname AS TEXT) FROM pg_auth_members am
           JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.roleid
          WHERE g.rolname = $1 ORDER BY 1",
    )
    .bind(&role)
    .fetch_all(&mut *conn)
    .await?;
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT CAST(c.relname AS TEXT), CAST(a.privilege_type AS TEXT), CAST('' AS TEXT),
                CAST(0 AS BIGINT)
           FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
          WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
            AND c.relkind = 'r' AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1)
         UNION ALL
         SELECT CAST(c.relname AS TEXT), CAST(a.privilege_type AS TEXT), CAST(t.attname AS TEXT),
                CAST(t.attnum AS BIGINT)
           FROM pg_class c JOIN pg_attribute t ON t.attrelid = c.oid
                CROSS JOIN LATERAL aclexplode(t.attacl) a
          WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
            AND c.relkind = 'r' AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1)",
    )
    .bind(&role)
    .fetch_all(&mut *conn)
    .await?;
    Ok(RolesReport {
        database,
        owner: owner.map(|o| o.0),
        desk_role: role,
        desk_role_exists: exists > 0,
        desk_logins: logins.into_iter().map(|l| l.0).collect(),
        grants: describe_grants(rows),
        anyone_may_connect: flag(connect),
        anyone_may_create: flag(create),
    })
}

/// (table, privilege, column or "", column number) rows as one line per table, tables in
/// the schema's order of [`DESK_GRANTS`]: `SELECT, INSERT, UPDATE (a, b)`.
fn describe_grants(mut rows: Vec<(String, String, String, i64)>) -> Vec<(String, String)> {
    const ORDER: [&str; 7] = [
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
        "TRUNCATE",
        "REFERENCES",
        "TRIGGER",
    ];
    let rank = |t: &str| {
        DESK_GRANTS
            .iter()
            .position(|(g, _)| *g == t)
            .unwrap_or(usize::MAX)
    };
    let prank = |p: &str| ORDER.iter().position(|o| *o == p).unwrap_or(ORDER.len());
    rows.sort_by(|a, b| {
        (rank(&a.0), &a.0, prank(&a.1), a.3).cmp(&(rank(&b.0), &b.0, prank(&b.1), b.3))
    });
    let mut out: Vec<(String, String)> = vec![];
    let mut i = 0;
    while i < rows.len() {
        let table = rows[i].0.clone();
        let mut parts: Vec<String> = vec![];
        while i < rows.len() && rows[i].0 == table {
            let privilege = rows[i].1.clone();
            let mut columns = vec![];
            let mut whole = false;
            while i < rows.len() && rows[i].0 == table && rows[i].1 == privilege {
                if rows[i].2.is_empty() {
                    whole = true;
                } else {
                    columns.push(rows[i].2.clone());
                }
                i += 1;
            }
            // A privilege on the whole table covers its columns.
            parts.push(if whole || columns.is_empty() {
                privilege
            } else {
                format!("{privilege} ({})", columns.join(", "))
            });
        }
        out.push((table, parts.join(", ")));
    }
    out
}

async fn connect(url: &str, password: Option<&Secret>, timeout: Duration) -> Result<AnyPool> {
    sqlx::any::install_default_drivers();
    crate::open_postgres(url, password, timeout).await
}

/// What the login of `url` may do (see [`LoginPowers`]): what `join` checks before a
/// workstation connects with it.
pub async fn inspect(
    url: &str,
    password: Option<&Secret>,
    timeout: Duration,
) -> Result<LoginPowers> {
    let pool = connect(url, password, timeout).await?;
    let result = async { powers(&mut *pool.acquire().await?).await }.await;
    pool.close().await;
    result
}

/// The owner's setup of an office database (what `init --database`, `migrate --to` and
/// `team upgrade` do): the schema brought up to date, the desks' role created when missing
/// and given exactly [`DESK_GRANTS`]. Refused for a login that may not change the schema or
/// cannot make the role. What is in force afterwards.
pub async fn set_up(
    url: &str,
    password: Option<&Secret>,
    timeout: Duration,
) -> Result<RolesReport> {
    let pool = connect(url, password, timeout).await?;
    let result = async {
        crate::check_schema_not_newer(&pool, crate::Backend::Postgres).await?;
        let mut conn = pool.acquire().await?;
        let powers = powers(&mut conn).await?;
        if !powers.may_change_schema() {
            return Err(Error::Roles(format!(
                "the login {} does not own the office database: its owner sets it up and upgrades it",
                powers.login
            )));
        }
        MIGRATOR_PG.run(&pool).await?;
        grant_desks(&mut conn, true).await?;
        report(&mut conn).await
    }
    .await;
    pool.close().await;
    result
}

/// Who may do what to the database of `url`, as the server reports it.
pub async fn report_at(
    url: &str,
    password: Option<&Secret>,
    timeout: Duration,
) -> Result<RolesReport> {
    let pool = connect(url, password, timeout).await?;
    let result = async { report(&mut *pool.acquire().await?).await }.await;
    pool.close().await;
    result
}

/// Whether a desk login's name is one this module makes: lower-case letters, digits and _.
pub fn check_login_name(name: &str) -> std::result::Result<(), String> {
    let valid = !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "a desk login's name is lower-case letters, digits and _, starting with a letter (at most 63): {name}"
        ))
    }
}

/// Whether a desk login's password will do: at least 12 characters of printable ASCII (what
/// PostgreSQL's SCRAM takes as it is, without normalising it).
pub fn check_login_password(password: &Secret) -> std::result::Result<(), String> {
    let pw = password.expose();
    if pw.chars().count() >= 12 && pw.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        Ok(())
    } else {
        Err("a desk login's password is at least 12 characters: letters, digits, spaces and ASCII punctuation".into())
    }
}

/// Adds a desk login to an office database (as its owner, `owner_url`): a LOGIN role in the
/// desks' role, its password sent as a SCRAM-SHA-256 verifier (the server and its logs never
/// see the password). Its address: the owner's with this login and no password.
pub async fn add_desk_login(
    owner_url: &str,
    password: Option<&Secret>,
    timeout: Duration,
    name: &str,
    login_password: &Secret,
) -> Result<String> {
    check_login_name(name).map_err(Error::Roles)?;
    check_login_password(login_password).map_err(Error::Roles)?;
    let pw = login_password.expose();
    let address = team::with_login(owner_url, name).map_err(Error::Roles)?;
    let pool = connect(owner_url, password, timeout).await?;
    let result = async {
        let mut conn = pool.acquire().await?;
        let (database, login): (String, String) =
            sqlx::query_as("SELECT CAST(current_database() AS TEXT), CAST(current_user AS TEXT)")
                .fetch_one(&mut *conn)
                .await?;
        let role = desk_role(&database);
        let (group, taken): (i64, i64) = sqlx::query_as(
            "SELECT CAST((SELECT COUNT(*) FROM pg_roles WHERE rolname = $1) AS BIGINT),
                    CAST((SELECT COUNT(*) FROM pg_roles WHERE rolname = $2) AS BIGINT)",
        )
        .bind(&role)
        .bind(name)
        .fetch_one(&mut *conn)
        .await?;
        if group == 0 {
            return Err(Error::Roles(format!(
                "the database {database} has no desks' role ({role}) yet: its owner sets the office up first"
            )));
        }
        if taken > 0 {
            return Err(Error::Exists(format!("the database login {name}")));
        }
        let mut salt = [0u8; 16];
        getrandom::getrandom(&mut salt).map_err(|e| Error::Roles(e.to_string()))?;
        let verifier = scram_verifier(pw, &salt, 4096);
        let create = format!(
            "CREATE ROLE {} LOGIN PASSWORD '{verifier}' IN ROLE {}",
            quote(name),
            quote(&role)
        );
        conn.execute(create.as_str()).await.map_err(|e| match &e {
            sqlx::Error::Database(d) if d.code().as_deref() == Some("42501") => {
                Error::Roles(format!(
                    "the login {login} may not create roles: have the server's administrator \
                     create it (`CREATE ROLE {name} LOGIN PASSWORD '…' IN ROLE {role}`)"
                ))
            }
            _ => Error::Db(e),
        })?;
        Ok(address)
    }
    .await;
    pool.close().await;
    result
}

/// A SCRAM-SHA-256 verifier as PostgreSQL stores it (RFC 5802/7677): what `CREATE ROLE …
/// PASSWORD` is given instead of the password.
fn scram_verifier(password: &str, salt: &[u8], iterations: u32) -> String {
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};
    let mac = |key: &[u8], parts: &[&[u8]]| {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key");
        for p in parts {
            m.update(p);
        }
        m.finalize().into_bytes()
    };
    // PBKDF2-HMAC-SHA-256, one block (32 bytes).
    let mut u = mac(password.as_bytes(), &[salt, &1u32.to_be_bytes()]);
    let mut salted = u;
    for _ in 1..iterations {
        u = mac(password.as_bytes(), &[&u]);
        for (s, x) in salted.iter_mut().zip(u.iter()) {
            *s ^= x;
        }
    }
    let client = mac(&salted, &[b"Client Key"]);
    let stored = Sha256::digest(client);
    let server = mac(&salted, &[b"Server Key"]);
    format!(
        "SCRAM-SHA-256${iterations}:{}${}:{}",
        base64(salt),
        base64(&stored),
        base64(&server)
    )
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(T[(n >> (18 - 6 * k)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verifier PostgreSQL would store for this password and salt (computed with
    /// Python's hashlib and hmac).
    #[test]
    fn scram_verifier_matches_postgresql() {
        let salt: Vec<u8> = (0..16).collect();
        assert_eq!(
            scram_verifier("correct horse", &salt, 4096),
            "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$yERwYmHlx0VrpoYfOn54hMTjBUKWnmK42IDjnWgQWkk=:RQZr9F8QCYmmp35tAVzp0VB/kDwY283N+s24jDDliG4="
        );
    }

    #[test]
    fn grants_read_back_one_line_per_table() {
        let row = |t: &str, p: &str, c: &str, n: i64| (t.into(), p.into(), c.into(), n);
        let lines = describe_grants(vec![
            row("users", "UPDATE", "active", 6),
            row("users", "SELECT", "", 0),
            row("users", "UPDATE", "password_hash", 5),
            row("audit_events", "INSERT", "", 0),
            row("audit_events", "SELECT", "", 0),
            row("users", "INSERT", "name", 2),
        ]);
        assert_eq!(
            lines,
            vec![
                (
                    "users".into(),
                    "SELECT, INSERT (name), UPDATE (password_hash, active)".into()
                ),
                ("audit_events".into(), "SELECT, INSERT".into()),
            ]
        );
    }
}
