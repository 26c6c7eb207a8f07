//! Team mode's setup commands: `init --database`, `join`, `migrate --to` and `team …` (the
//! database owner's side: desk logins, upgrades, who may do what).

use super::args::{Cli, Command, TeamCmd};
use super::session::{config, secret};
use crate::output::Out;
use anyhow::{Result, anyhow, bail};
use office::{Actor, ApiError, Config, ErrorCode, Office, Secret};

/// Warns (stderr) about database addresses given as arguments with a password in them:
/// anyone on this computer can read a process's arguments.
pub(super) fn warn_passwords_in_arguments(cli: &Cli) {
    if cli
        .command
        .database_arguments()
        .iter()
        .any(|url| office::address_has_password(url))
    {
        eprintln!(
            "disclose: warning: the database password is in the command line, where anyone on \
             this computer can read it (ps, shell history): leave it out of the address and \
             give it in DISCLOSE_DATABASE_PASSWORD, PGPASSWORD or ~/.pgpass"
        );
    }
}

/// A new desk login's password: DISCLOSE_DESK_PASSWORD or a prompt (twice).
fn desk_password(name: &str) -> Result<Secret> {
    Ok(Secret::new(secret(
        "DISCLOSE_DESK_PASSWORD",
        &format!("New password for the database login {name}: "),
        true,
    )?))
}

/// The owner's address of a `team` command: the argument, else DISCLOSE_DATABASE_URL.
fn owner_address(given: &Option<String>, config: &Config) -> Result<String> {
    given
        .clone()
        .or_else(|| config.overrides.database_url.clone())
        .ok_or_else(|| anyhow!("which office database? pass --database postgres://OWNER@SERVER/DB"))
}

/// After a desk login was added from this workstation: this workstation now connects with it.
fn switched_to(name: &str, out: &Out) {
    if !out.json {
        eprintln!(
            "disclose: this workstation now connects as the database login {name}: keep its \
             password in ~/.pgpass (or DISCLOSE_DATABASE_PASSWORD)"
        );
    }
}

pub(super) async fn init(cli: &Cli, out: &Out) -> Result<()> {
    let Command::Init {
        admin,
        display_name,
        database,
        originals,
        desk_login,
        encrypt,
    } = &cli.command
    else {
        unreachable!("init")
    };
    let password = secret(
        "DISCLOSE_PASSWORD",
        &format!("New password for {admin}: "),
        true,
    )?;
    let config = config(cli)?;
    // `DISCLOSE_DATABASE_URL=postgres://… disclose init` creates the office there too.
    let database = database
        .clone()
        .or_else(|| config.overrides.database_url.clone());
    if desk_login.is_some() && database.is_none() {
        bail!("--desk-login goes with a team office (--database postgres://OWNER@SERVER/DB)");
    }
    let desk = desk_login
        .as_deref()
        .map(|n| desk_password(n).map(|p| (n, p)))
        .transpose()?;
    if let Some(url) = &database {
        let setup = office::prepare_team(&config, url, originals.as_deref()).await?;
        if setup.created && !out.json {
            eprintln!("disclose: created the database on the server");
        }
    }
    if *encrypt {
        if database.is_some() {
            bail!(
                "--encrypt is for a single-workstation office: a team office's database is the server's to encrypt"
            );
        }
        let made = Office::init_encrypted(config, admin, display_name, &password).await?;
        let data_dir = made.office.data_dir().to_path_buf();
        made.office.close().await;
        out.init_encrypted(&data_dir, admin, &made.recovery_key);
        return Ok(());
    }
    let office = Office::init(config.clone(), admin, display_name, &password).await?;
    let data_dir = office.data_dir().to_path_buf();
    office.close().await;
    let Some(url) = &database else {
        out.init(&data_dir, admin, None, None);
        return Ok(());
    };
    let mut desk_address = None;
    if let Some((name, pw)) = &desk {
        let address = office::add_desk_login(&config, url, name, pw).await?;
        office::use_desk_login(&config, &address)?;
        switched_to(name, out);
        desk_address = Some(address);
    }
    let roles = office::team_roles(&config, url).await?;
    if desk.is_none() && !out.json {
        eprintln!(
            "disclose: this workstation connects as the database's owner, which can rewrite the \
             office's history: other workstations join with desk logins \
             (`disclose team add-desk-login NAME --database …`)"
        );
    }
    out.init(&data_dir, admin, Some(&roles), desk_address.as_deref());
    Ok(())
}

pub(super) async fn join(cli: &Cli, out: &Out) -> Result<()> {
    let Command::Join {
        database,
        originals,
        office_key,
        allow_owner,
    } = &cli.command
    else {
        unreachable!("join")
    };
    let config = config(cli)?;
    office::join_team(
        &config,
        database,
        originals.as_deref(),
        office_key.as_deref(),
        *allow_owner,
    )
    .await
    .map_err(|e| match e.code {
        ErrorCode::NotFound => ApiError {
            message: format!(
                "{}: create one with `disclose init --database {} --admin NAME`",
                e.message,
                office::without_password(database)
            ),
            ..e
        },
        ErrorCode::Forbidden => ApiError {
            message: format!(
                "{} (the owner adds one with `disclose team add-desk-login NAME`; --allow-owner joins anyway)",
                e.message
            ),
            ..e
        },
        _ => e,
    })?;
    let office = Office::open(config).await?;
    out.location(&office.location());
    office.close().await;
    Ok(())
}

/// `migrate --to` (supervisors), then with `--desk-login` this workstation switches to it.
pub(super) async fn migrate(cli: &Cli, office: &Office, me: &Actor, out: &Out) -> Result<()> {
    let Command::Migrate {
        to,
        originals,
        desk_login,
    } = &cli.command
    else {
        unreachable!("migrate")
    };
    let desk = desk_login
        .as_deref()
        .map(|n| desk_password(n).map(|p| (n, p)))
        .transpose()?;
    let report = office.migrate_to(me, to, originals.as_deref()).await?;
    if let Some((name, pw)) = &desk {
        let config = config(cli)?;
        let address = office::add_desk_login(&config, to, name, pw).await?;
        office::use_desk_login(&config, &address)?;
        switched_to(name, out);
    }
    out.migration(&report);
    Ok(())
}

pub(super) async fn team(cli: &Cli, cmd: &TeamCmd, out: &Out) -> Result<()> {
    let config = config(cli)?;
    match cmd {
        TeamCmd::AddDeskLogin { name, database } => {
            let url = owner_address(database, &config)?;
            let pw = desk_password(name)?;
            let address = office::add_desk_login(&config, &url, name, &pw).await?;
            out.desk_login(name, &address);
        }
        TeamCmd::Upgrade { database } => {
            let url = owner_address(database, &config)?;
            out.roles(&office::upgrade_team(&config, &url).await?);
        }
        TeamCmd::Roles { database } => {
            let url = match database.clone().or(config.overrides.database_url.clone()) {
                Some(url) => url,
                None => office::team_address(&config)?.ok_or_else(|| {
                    anyhow!("this workstation's office is not a team office: pass --database")
                })?,
            };
            out.roles(&office::team_roles(&config, &url).await?);
        }
    }
    Ok(())
}
