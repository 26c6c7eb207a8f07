//! Team mode: one office shared by workstations through a PostgreSQL server, with the
//! originals in a shared folder. Each workstation keeps its own data directory (its search
//! index, scratch space) and a `team.conf` there naming the server and the folder.
//!
//! - [`Office::migrate_to`] moves a single-workstation office there;
//! - [`prepare_team`] readies a data directory for a new team office (then
//!   [`Office::init`]);
//! - [`join_team`] points another workstation at an existing one, refusing a database login
//!   that could rewrite the office's history (its owner, a superuser) unless told;
//! - [`add_desk_login`], [`upgrade_team`], [`team_roles`]: the database owner's side (see
//!   `store::roles`).

use crate::{ApiError, Office, Result};
use model::{Action, AuditAction};
use serde::Serialize;
use serde_json::json;
use std::path::Path;
use store::{Backend, Placement, Store};

/// Where a workstation's office lives, as shown to its users (never the password).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficeLocation {
    /// `sqlite` (this workstation) or `postgres` (team mode).
    pub backend: String,
    /// The database: its file, or the server and database name.
    pub database: String,
    pub originals: String,
}

/// What moving an office into team mode did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MigrationReport {
    pub server: String,
    /// Rows per table, counted on both sides.
    pub tables: Vec<(String, i64)>,
    pub audit_events: u64,
    pub audit_head: Option<String>,
    pub originals_copied: u64,
    pub original_bytes_copied: u64,
    pub originals: String,
}

fn placement(
    url: &str,
    originals: Option<&Path>,
    over: &store::team::Overrides,
) -> Result<Placement> {
    if !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
        return Err(ApiError::invalid(
            "a team office's database is a postgres://user@server/database address",
        ));
    }
    let originals = originals
        .map(|o| std::path::absolute(o).map_err(|e| ApiError::invalid(e.to_string())))
        .transpose()?;
    Ok(Placement {
        database_url: Some(url.to_string()),
        database_password: over.database_password.clone(),
        originals,
        connect_timeout: over
            .connect_timeout
            .unwrap_or(Placement::default().connect_timeout),
    })
}

/// What setting up a team office's database did.
#[derive(Debug, Clone, Serialize)]
pub struct TeamSetup {
    /// Whether the database was created (the server lacked it).
    pub created: bool,
    /// Who may do what there now: the owner and the desks' role.
    pub roles: store::roles::RolesReport,
}

/// Readies the configured data directory for a new team office on `url`, whose login is to
/// be the database's owner: creates the database when the server lacks it (and the login
/// may), brings its schema up to date, creates the desks' role and grants it what
/// workstations need (see `store::roles`), and writes `team.conf`. Then [`Office::init`]
/// on the directory creates the office there.
pub async fn prepare_team(
    config: &crate::Config,
    url: &str,
    originals: Option<&Path>,
) -> Result<TeamSetup> {
    let data_dir = config.data_dir.as_path();
    if holds_office(data_dir).await? {
        return Err(ApiError::conflict(format!(
            "{} holds an office already: a new team office is set up from an empty data folder (move this one with `disclose migrate --to`)",
            data_dir.display()
        )));
    }
    let p = placement(url, originals, &config.overrides)?;
    std::fs::create_dir_all(data_dir).map_err(|e| {
        ApiError::new(
            crate::ErrorCode::Unreadable,
            format!("cannot use the data directory {}: {e}", data_dir.display()),
        )
    })?;
    let password = p.database_password.as_ref();
    let created = store::team::create_database(url, password, p.connect_timeout).await?;
    let roles = store::roles::set_up(url, password, p.connect_timeout).await?;
    store::team::write_placement(data_dir, url, p.originals.as_deref())?;
    Ok(TeamSetup { created, roles })
}

/// Adds a desk login (`name`, `password`) to the team office database of `owner_url` (as its
/// owner): a login in the desks' role, which workstations join with. Its address (no
/// password).
pub async fn add_desk_login(
    config: &crate::Config,
    owner_url: &str,
    name: &str,
    password: &store::team::Secret,
) -> Result<String> {
    store::roles::check_login_name(name).map_err(ApiError::invalid)?;
    store::roles::check_login_password(password).map_err(ApiError::invalid)?;
    let p = placement(owner_url, None, &config.overrides)?;
    Ok(store::roles::add_desk_login(
        owner_url,
        p.database_password.as_ref(),
        p.connect_timeout,
        name,
        password,
    )
    .await?)
}

/// Brings a team office database's schema up to date and re-grants the desks' role (as the
/// database's owner, `owner_url`): what desks are told to ask for when this build is newer
/// than the office's schema.
pub async fn upgrade_team(
    config: &crate::Config,
    owner_url: &str,
) -> Result<store::roles::RolesReport> {
    let p = placement(owner_url, None, &config.overrides)?;
    Ok(store::roles::set_up(owner_url, p.database_password.as_ref(), p.connect_timeout).await?)
}

/// Who may do what to the team office database of `url`, as the server reports it.
pub async fn team_roles(config: &crate::Config, url: &str) -> Result<store::roles::RolesReport> {
    let p = placement(url, None, &config.overrides)?;
    Ok(store::roles::report_at(url, p.database_password.as_ref(), p.connect_timeout).await?)
}

/// The database address of the configured data directory's team office (its `team.conf`,
/// under the configuration's override), if it is one.
pub fn team_address(config: &crate::Config) -> Result<Option<String>> {
    Ok(store::team::placement(&config.data_dir, &config.overrides)?.database_url)
}

/// Makes this workstation connect with another login of its team office (a desk login, after
/// the owner set the office up from here): `team.conf` names `url`, originals as they were.
pub fn use_desk_login(config: &crate::Config, url: &str) -> Result<()> {
    let dir = config.data_dir.as_path();
    let now = store::team::placement(dir, &Default::default())?;
    if now.database_url.is_none() {
        return Err(ApiError::conflict(format!(
            "{} is not a team office's workstation",
            dir.display()
        )));
    }
    placement(url, None, &config.overrides)?;
    store::team::write_placement(dir, url, now.originals.as_deref())?;
    Ok(())
}

/// Whether a data directory holds an office: it names a team office's server, its own
/// database has users, or it is an encrypted office's (it has a vault).
async fn holds_office(data_dir: &Path) -> Result<bool> {
    Ok(data_dir.join(store::team::TEAM_FILE).is_file()
        || store::vault::Vault::exists(data_dir)
        || (data_dir.join(store::DB_FILE).is_file() && {
            let local = Store::open_with(data_dir, &Placement::default()).await?;
            let users = local.read().await?.count_users().await?;
            local.close().await;
            users > 0
        }))
}

/// Points this workstation's data directory at an existing team office: refused when the
/// directory holds an office already (a workstation joins from an empty data folder, or
/// moves its office with [`Office::migrate_to`]); installs the office key (`office_key`: a
/// copy of `office.key` from a workstation of the office); checks the server holds an office
/// keyed with that key (and that this build knows its schema), then writes `team.conf`.
///
/// A workstation joins with a desk login: a login that could rewrite the office's history or
/// schema (a superuser, the tables' owner, one that may change audit events or users' roles)
/// is refused unless `allow_owner`.
pub async fn join_team(
    config: &crate::Config,
    url: &str,
    originals: Option<&Path>,
    office_key: Option<&Path>,
    allow_owner: bool,
) -> Result<()> {
    let data_dir = config.data_dir.as_path();
    if holds_office(data_dir).await? {
        return Err(ApiError::conflict(format!(
            "{} holds an office already: a workstation joins a team office from an empty data folder (or moves its office to the server)",
            data_dir.display()
        )));
    }
    let p = placement(url, originals, &config.overrides)?;
    let powers =
        store::roles::inspect(url, p.database_password.as_ref(), p.connect_timeout).await?;
    if powers.schema_version.is_none() {
        return Err(no_office_yet(url));
    }
    let beyond = powers.beyond_a_desk();
    if !beyond.is_empty() && !allow_owner {
        return Err(ApiError::forbidden(format!(
            "the database login {} {}: a workstation connects with a desk login, which can neither rewrite the office's history nor change its schema",
            powers.login,
            beyond.join(", ")
        )));
    }
    let key_file = data_dir.join(store::key::KEY_FILE);
    if let Some(from) = office_key {
        // A key in a folder that holds no office is that empty office's own: it goes.
        let _ = std::fs::remove_file(&key_file);
        std::fs::create_dir_all(data_dir).map_err(|e| {
            ApiError::new(
                crate::ErrorCode::Unreadable,
                format!("cannot use the data directory {}: {e}", data_dir.display()),
            )
        })?;
        store::key::install_key(data_dir, from)?;
    }
    // A key this join put there (or opening made) goes again when the join fails.
    let had_key = office_key.is_none() && key_file.exists();
    let undo_key = || {
        if !had_key {
            let _ = std::fs::remove_file(&key_file);
        }
    };
    let store = match Store::open_with(data_dir, &p).await {
        Ok(s) => s,
        Err(e) => {
            undo_key();
            return Err(e.into());
        }
    };
    let users = store.read().await?.count_users().await?;
    store.close().await;
    if users == 0 {
        undo_key();
        return Err(no_office_yet(url));
    }
    store::team::write_placement(data_dir, url, p.originals.as_deref())?;
    Ok(())
}

fn no_office_yet(url: &str) -> ApiError {
    ApiError::not_found(format!(
        "{} holds no office yet: a supervisor sets one up there first",
        store::team::describe_url(url)
    ))
}

/// How often a team workstation's search index catches up with the others' changes (it
/// also does before every search).
pub const FOLLOW_EVERY: std::time::Duration = std::time::Duration::from_secs(3);

impl Office {
    /// Whether the office is shared through a database server (team mode).
    pub fn is_team(&self) -> bool {
        self.store.backend() == Backend::Postgres
    }

    /// Brings this workstation's search index up to the office's change sequence: what
    /// other workstations ingested, decided and redacted. Returns the records re-indexed.
    /// The desktop app calls it every [`FOLLOW_EVERY`] in team mode.
    pub async fn follow_changes(&self) -> Result<u64> {
        let index = self.index().await?;
        self.sync_index(&index).await
    }

    /// Where this workstation's office lives.
    pub fn location(&self) -> OfficeLocation {
        OfficeLocation {
            backend: match self.store.backend() {
                Backend::Sqlite => "sqlite".into(),
                Backend::Postgres => "postgres".into(),
            },
            database: match (self.store.database_url(), self.store.backend()) {
                (Some(url), Backend::Postgres) => store::team::describe_url(url),
                _ => self.store.dir().join(store::DB_FILE).display().to_string(),
            },
            originals: self.store.originals().root().display().to_string(),
        }
    }

    /// Moves this single-workstation office into team mode (supervisors): copies every
    /// record, user, exemption, redaction, approval and audit event into the empty
    /// PostgreSQL database `url` (created when missing), and the originals into `originals`
    /// when given (a shared folder), then checks row counts and the whole audit chain on the
    /// new side. Only then does this data directory switch to the team office (`team.conf`);
    /// the SQLite office is left as it was. `url`'s login becomes the database's owner (as
    /// with [`prepare_team`]: the desks' role is set up).
    pub async fn migrate_to(
        &self,
        actor: &crate::Actor,
        url: &str,
        originals: Option<&Path>,
    ) -> Result<MigrationReport> {
        {
            let mut tx = self.store.read().await?;
            self.authorize(&mut tx, actor, Action::ManageSettings)
                .await?;
        }
        if self.store.backend() != Backend::Sqlite {
            return Err(ApiError::conflict(
                "this office is a team office already: nothing to move",
            ));
        }
        if self.is_encrypted() {
            return Err(ApiError::conflict(
                "an encrypted office stays on this workstation: a team office's database is the                  server's to encrypt, and moving this one there would decrypt it",
            ));
        }
        let p = placement(url, originals, &self.overrides)?;
        let password = p.database_password.as_ref();
        store::team::create_database(url, password, p.connect_timeout).await?;
        store::roles::set_up(url, password, p.connect_timeout).await?;
        let target = Store::open_with(self.store.dir(), &p).await?;
        let result = match self.store.finished_copy_in(&target).await {
            // An earlier migration copied the office and stopped before this workstation
            // switched to it: the copy is checked and the move finished.
            Ok(Some(copy)) => self.finish_move(actor, &target, url, copy, (0, 0)).await,
            Ok(None) => self.copy_into(actor, &target, url).await,
            Err(e) => Err(e.into()),
        };
        target.close().await;
        let report = result?;
        store::team::write_placement(self.store.dir(), url, p.originals.as_deref())?;
        Ok(report)
    }

    async fn copy_into(
        &self,
        actor: &crate::Actor,
        target: &Store,
        url: &str,
    ) -> Result<MigrationReport> {
        let (files, bytes) = self.store.originals().copy_into(target.originals())?;
        target.originals().sync()?;
        let copy = self.store.copy_to(target).await?;
        self.finish_move(actor, target, url, copy, (files, bytes))
            .await
    }

    /// The move's own audit event on the new side (once), and its report.
    async fn finish_move(
        &self,
        actor: &crate::Actor,
        target: &Store,
        url: &str,
        copy: store::CopyReport,
        (files, bytes): (u64, u64),
    ) -> Result<MigrationReport> {
        let report = MigrationReport {
            server: store::team::describe_url(url),
            tables: copy.tables,
            audit_events: copy.audit_events,
            audit_head: copy.audit_head,
            originals_copied: files,
            original_bytes_copied: bytes,
            originals: target.originals().root().display().to_string(),
        };
        // The move itself is the first event of the office's life in team mode.
        let mut tx = target.write().await?;
        let moved = tx
            .audit_events_by_action("office", &AuditAction::OfficeMigrate.to_string())
            .await?;
        if !moved.is_empty() {
            return Ok(report); // recorded by the migration that stopped
        }
        tx.append_audit(
            &self.now(),
            actor.name(),
            AuditAction::OfficeMigrate,
            "office",
            json!({"to": report.server, "tables": report.tables,
                   "audit_events": report.audit_events, "audit_head": report.audit_head,
                   "originals": report.originals}),
        )
        .await?;
        tx.commit().await?;
        Ok(report)
    }
}
