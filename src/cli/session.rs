//! Where the office is, opening it, and who is acting (sign-in and passwords).

use super::args::Cli;
use crate::output::Out;
use anyhow::{Context, Result, anyhow, bail};
use office::{Actor, Config, Credentials, Office};
use std::io::IsTerminal;

/// Where the office is: `--data-dir` (or `DISCLOSE_DATA_DIR`), the platform's data folder,
/// and the environment's database and originals (the office's one resolver).
pub(super) fn config(cli: &Cli) -> Result<Config> {
    Config::resolve(cli.data_dir.clone(), dirs::data_dir(), &|k| {
        std::env::var(k).ok()
    })
    .map_err(|e| anyhow!("{} (or pass --data-dir)", e.message))
}

/// A secret from the environment, else a hidden prompt on a terminal.
pub(super) fn secret(var: &str, prompt: &str, confirm: bool) -> Result<String> {
    if let Ok(v) = std::env::var(var) {
        return Ok(v);
    }
    if !std::io::stdin().is_terminal() {
        bail!("no password: set {var} or run on a terminal to be asked");
    }
    let first = rpassword::prompt_password(prompt).context("reading the password")?;
    if confirm {
        let again = rpassword::prompt_password("Again: ").context("reading the password")?;
        if again != first {
            bail!("the two passwords differ");
        }
    }
    Ok(first)
}

/// The acting user's password, asked once a run: an encrypted office needs it to open, and
/// the sign-in after takes the same.
fn password(name: &str, prompt: &str) -> Result<String> {
    static ASKED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(p) = ASKED.get() {
        return Ok(p.clone());
    }
    let p = secret("DISCLOSE_PASSWORD", &format!("{prompt} {name}: "), false)?;
    Ok(ASKED.get_or_init(|| p).clone())
}

fn acting_user(cli: &Cli) -> Result<String> {
    cli.user
        .clone()
        .ok_or_else(|| anyhow!("who is acting? pass --user NAME or set DISCLOSE_USER"))
}

pub(super) async fn open(cli: &Cli) -> Result<Office> {
    let mut config = config(cli)?;
    // An encrypted office opens only with a password of one of its users.
    if config.is_encrypted() {
        let name = acting_user(cli)?;
        let prompt = match cli.command {
            super::args::Command::Password => "Current password for",
            _ => "Password for",
        };
        config.unlock(&name, &password(&name, prompt)?).await?;
    }
    let office = Office::open(config).await.map_err(|e| match e.code {
        // A team office whose schema only its owner may change (or whose grants refuse).
        office::ErrorCode::Forbidden => office::ApiError {
            message: format!(
                "{} (the database's owner runs `disclose team upgrade --database postgres://OWNER@SERVER/DB`)",
                e.message
            ),
            ..e
        },
        _ => e,
    })?;
    tell_upgrade(&office);
    if !office.has_users().await? {
        bail!(
            "{} holds no office yet: create one with `disclose init --admin NAME`",
            office.data_dir().display()
        );
    }
    Ok(office)
}

/// Says, once, that opening the office brought an older build's schema up to date, and
/// where its database as it was is kept (on stderr: it is not the command's output).
pub(super) fn tell_upgrade(office: &Office) {
    if let Some(u) = office.upgraded() {
        eprintln!(
            "disclose: this office was written by an older Disclose: upgraded it from schema {} to {}; its database as it was is kept in {}",
            u.from,
            u.to,
            u.backup.display()
        );
    }
}

/// Who is acting, their password, and the office's answer to them.
async fn signed_in(cli: &Cli, office: &Office, prompt: &str) -> Result<(Actor, String)> {
    let name = acting_user(cli)?;
    let password = password(&name, prompt)?;
    let actor = office.sign_in(&name, &password).await?;
    Ok((actor, password))
}

pub(super) async fn sign_in(cli: &Cli, office: &Office) -> Result<Actor> {
    Ok(signed_in(cli, office, "Password for").await?.0)
}

/// `disclose password`: the signed-in user chooses a new password.
pub(super) async fn change_password(cli: &Cli, office: &Office) -> Result<Actor> {
    let (me, current) = signed_in(cli, office, "Current password for").await?;
    let new = secret(
        "DISCLOSE_NEW_PASSWORD",
        &format!("New password for {}: ", me.name()),
        true,
    )?;
    Ok(office.change_password(&me, &current, &new).await?)
}

/// An office refusal because the user must first change their password, with the command
/// that does it.
pub(super) fn with_password_hint(e: anyhow::Error) -> anyhow::Error {
    match e.downcast::<office::ApiError>() {
        Ok(api) if api.code == office::ErrorCode::PasswordChangeRequired => {
            anyhow::Error::new(office::ApiError {
                message: format!("{}: run `disclose password`", api.message),
                ..api
            })
        }
        Ok(api) => anyhow::Error::new(api),
        Err(e) => e,
    }
}

/// `disclose recover --user NAME`: an encrypted office opened with its recovery key gives
/// NAME a temporary password.
pub(super) async fn recover(cli: &Cli, name: &str, out: &Out) -> Result<()> {
    let mut config = config(cli)?;
    if !config.is_encrypted() {
        bail!(
            "{} is not an encrypted office: it has no recovery key (a supervisor resets passwords with `disclose user reset-password`)",
            config.data_dir.display()
        );
    }
    let key = secret(
        "DISCLOSE_RECOVERY_KEY",
        "The office's recovery key: ",
        false,
    )?;
    config.unlock_with_recovery_key(&key).await?;
    let temporary = secret(
        "DISCLOSE_NEW_PASSWORD",
        &format!("Temporary password for {name}: "),
        true,
    )?;
    let office = Office::open(config).await?;
    tell_upgrade(&office);
    let result = office.recover_user(name, &temporary).await;
    office.close().await;
    result?;
    out.done(&format!(
        "gave {name} a temporary password with the recovery key: they choose their own at their next sign-in"
    ));
    Ok(())
}

/// What opens the encrypted office (or backup) in `dir`: DISCLOSE_RECOVERY_KEY when set, else
/// the acting user's password; nothing when it is not encrypted.
pub(super) fn credentials_for(cli: &Cli, dir: &std::path::Path) -> Result<Option<Credentials>> {
    if !dir.join(office::VAULT_FILE).exists() {
        return Ok(None);
    }
    if let Ok(key) = std::env::var("DISCLOSE_RECOVERY_KEY") {
        return Ok(Some(Credentials::RecoveryKey(key)));
    }
    let name = acting_user(cli).map_err(|_| {
        anyhow!(
            "{} is of an encrypted office: pass --user NAME (one of its users; the password from DISCLOSE_PASSWORD or a prompt), or set DISCLOSE_RECOVERY_KEY",
            dir.display()
        )
    })?;
    let password = password(&name, "Password for")?;
    Ok(Some(Credentials::Password { name, password }))
}
