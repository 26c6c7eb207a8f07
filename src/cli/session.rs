//! Where the office is, opening it, and who is acting (sign-in and passwords).

use super::args::Cli;
use anyhow::{Context, Result, anyhow, bail};
use office::{Actor, Config, Office};
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

pub(super) async fn open(cli: &Cli) -> Result<Office> {
    let office = Office::open(config(cli)?).await.map_err(|e| match e.code {
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
    if !office.has_users().await? {
        bail!(
            "{} holds no office yet: create one with `disclose init --admin NAME`",
            office.data_dir().display()
        );
    }
    Ok(office)
}

/// Who is acting, their password, and the office's answer to them.
async fn signed_in(cli: &Cli, office: &Office, prompt: &str) -> Result<(Actor, String)> {
    let name = cli
        .user
        .clone()
        .ok_or_else(|| anyhow!("who is acting? pass --user NAME or set DISCLOSE_USER"))?;
    let password = secret("DISCLOSE_PASSWORD", &format!("{prompt} {name}: "), false)?;
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
