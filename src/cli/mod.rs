//! Arguments and their dispatch to the office.

mod admin;
mod args;
mod intake;
mod redact;
mod release;
mod review;
mod search;
mod session;
mod team;

pub use args::Cli;

use crate::output::Out;
use anyhow::{Result, bail};
use args::Command;
use office::{Actor, Office};
use session::{change_password, open, sign_in, with_password_hint};

pub async fn run(cli: Cli) -> Result<()> {
    let out = Out { json: cli.json };
    team::warn_passwords_in_arguments(&cli);
    match &cli.command {
        Command::Init { .. } => return team::init(&cli, &out).await,
        Command::Join { .. } => return team::join(&cli, &out).await,
        Command::Team(cmd) => return team::team(&cli, cmd, &out).await,
        Command::Backup {
            verify: Some(dir), ..
        } => return admin::verify_backup(&cli, dir, &out).await,
        Command::Restore { from, to } => return admin::restore(&cli, from, to, &out).await,
        Command::Recover { name } => return session::recover(&cli, name, &out).await,
        _ => {}
    }
    let office = open(&cli).await?;
    if let Command::Password = &cli.command {
        let result = change_password(&cli, &office).await;
        office.close().await;
        out.done(&format!("changed the password of {}", result?.name()));
        return Ok(());
    }
    let mut actor = sign_in(&cli, &office).await?;
    if let Some(version) = cli.if_version {
        let Some(doc) = cli.command.one_record() else {
            bail!("--if-version goes with a change to one record (--doc ID)");
        };
        actor = actor.seeing(office::RecordId(doc), version);
    }
    let result = dispatch(&cli, &office, &actor, &out).await;
    office.close().await;
    result.map_err(with_password_hint)
}

/// Sends a command to the file of its job.
async fn dispatch(cli: &Cli, office: &Office, me: &Actor, out: &Out) -> Result<()> {
    let command = &cli.command;
    match command {
        Command::Request(_) | Command::Ingest(_) => {
            intake::dispatch(command, office, me, out).await
        }
        Command::Docs { .. }
        | Command::Threads { .. }
        | Command::NearDups { .. }
        | Command::Batches { .. }
        | Command::Highlights { .. }
        | Command::Undo { .. }
        | Command::Show { .. }
        | Command::Disposition { .. }
        | Command::Withhold { .. }
        | Command::Status { .. }
        | Command::Assign { .. } => review::dispatch(command, office, me, out).await,
        Command::Search(_) | Command::Searches { .. } => {
            search::dispatch(command, office, me, out).await
        }
        Command::Redact(a) => redact::redact(office, me, out, a).await,
        Command::Check { .. }
        | Command::ReleaseAsImages { .. }
        | Command::Submit { .. }
        | Command::Installments { .. }
        | Command::Letter { .. }
        | Command::Letters { .. }
        | Command::LetterTemplate { .. }
        | Command::Approve { .. }
        | Command::Reject { .. }
        | Command::Approval { .. }
        | Command::Export(_)
        | Command::Verify { .. } => release::dispatch(command, office, me, out).await,
        Command::User(_)
        | Command::Exemption(_)
        | Command::Audit(_)
        | Command::Settings { .. }
        | Command::Location
        | Command::Backup { .. }
        | Command::Reindex
        | Command::Report { .. } => admin::dispatch(command, office, me, out).await,
        Command::Migrate { .. } => team::migrate(cli, office, me, out).await,
        Command::Init { .. }
        | Command::Join { .. }
        | Command::Team(_)
        | Command::Password
        | Command::Recover { .. }
        | Command::Restore { .. } => {
            unreachable!("handled in run")
        }
    }
}
