//! Running the office: users, exemptions, the audit log, settings, location, migration, the index.

use super::args::{AuditCmd, Cli, Command, ExemptionCmd, UserCmd};
use super::session::secret;
use crate::output::Out;
use anyhow::{Result, bail};
use office::{Actor, Office};

/// Runs the commands of this job (`cli::dispatch` sends only those here).
pub(super) async fn dispatch(
    command: &Command,
    office: &Office,
    me: &Actor,
    out: &Out,
) -> Result<()> {
    match command {
        Command::User(cmd) => match cmd {
            UserCmd::Add {
                name,
                role,
                display_name,
            } => {
                let pw = secret(
                    "DISCLOSE_NEW_PASSWORD",
                    &format!("First password for {name}: "),
                    true,
                )?;
                out.user(&office.add_user(me, name, *role, display_name, &pw).await?);
            }
            UserCmd::List => out.users(&office.users(me).await?),
            UserCmd::ResetPassword { name } => {
                let pw = secret(
                    "DISCLOSE_NEW_PASSWORD",
                    &format!("Temporary password for {name}: "),
                    true,
                )?;
                office.reset_password(me, name, &pw).await?;
                out.done(&format!(
                    "reset the password of {name}: they choose a new one at their next sign-in"
                ));
            }
            UserCmd::Unlock { name } => {
                office.unlock_user(me, name).await?;
                out.done(&format!("unlocked {name}"));
            }
            UserCmd::Deactivate { name } => {
                office.set_user_active(me, name, false).await?;
                out.done(&format!("deactivated {name}"));
            }
            UserCmd::Activate { name } => {
                office.set_user_active(me, name, true).await?;
                out.done(&format!("activated {name}"));
            }
        },
        Command::Exemption(cmd) => match cmd {
            ExemptionCmd::List => out.exemptions(&office.exemptions(me).await?),
            ExemptionCmd::Add {
                code,
                label,
                description,
                former,
            } => {
                let e = office
                    .add_exemption(me, code, label, description, former.as_deref())
                    .await?;
                out.exemptions(std::slice::from_ref(&e));
            }
            ExemptionCmd::Retire { code } => {
                out.exemptions(&office.set_exemption_active(me, code, false).await?)
            }
            ExemptionCmd::Activate { code } => {
                out.exemptions(&office.set_exemption_active(me, code, true).await?)
            }
            ExemptionCmd::Delete { code } => {
                office.delete_exemption(me, code).await?;
                out.done(&format!("deleted exemption {code}"));
            }
        },
        Command::Audit(cmd) => match cmd {
            AuditCmd::Verify => {
                let report = office.audit_verify(me).await?;
                out.audit_report(&report);
                if let Some(b) = report.first_break {
                    bail!("the audit chain is broken at event {}: {}", b.seq, b.reason);
                }
            }
            AuditCmd::Log {
                reference,
                after,
                limit,
            } => out.audit_log(
                &office
                    .audit_log(me, reference.as_deref(), *after, *limit)
                    .await?,
            ),
        },
        Command::Settings {
            agency,
            bates_prefix,
            watermark,
            idle_minutes,
            images_when_unchecked,
            near_dup_threshold,
            copy_cents_per_page,
            detector,
            detector_code,
        } => {
            let mut s = office.settings(me).await?;
            let change = agency.is_some()
                || bates_prefix.is_some()
                || watermark.is_some()
                || idle_minutes.is_some()
                || images_when_unchecked.is_some()
                || near_dup_threshold.is_some()
                || copy_cents_per_page.is_some()
                || !detector.is_empty()
                || !detector_code.is_empty();
            if change {
                if let Some(v) = agency {
                    s.agency_name = v.clone();
                }
                if let Some(v) = bates_prefix {
                    s.bates_prefix = v.clone();
                }
                if let Some(v) = watermark {
                    s.watermark = v.clone();
                }
                if let Some(v) = idle_minutes {
                    s.idle_minutes = *v;
                }
                if let Some(v) = images_when_unchecked {
                    s.images_when_unchecked = v == "on";
                }
                if let Some(v) = near_dup_threshold {
                    s.near_dup_percent = *v;
                }
                if let Some(v) = copy_cents_per_page {
                    s.copy_cents_per_page = *v;
                }
                for d in detector {
                    let (choice, value) = detector_choice(&mut s, d)?;
                    choice.runs = match value {
                        "on" => true,
                        "off" => false,
                        _ => bail!("--detector takes DETECTOR=on or DETECTOR=off, not \"{d}\""),
                    };
                }
                for d in detector_code {
                    let (choice, value) = detector_choice(&mut s, d)?;
                    choice.code = value.to_string();
                }
                s = office.update_settings(me, &s).await?;
            }
            out.settings(&s);
        }
        Command::Location => out.location(&office.location()),
        Command::Reindex => {
            let n = office.reindex(me).await?;
            out.done(&format!("indexed {n} records"));
        }
        Command::Report { from, to, csv, pdf } => {
            let stats = office.statistics(me, *from, *to).await?;
            if let Some(file) = pdf {
                office.statistics_pdf(me, &stats, file).await?;
            }
            if *csv {
                print!("{}", office::statistics_csv(&stats));
            } else {
                out.statistics(&stats);
            }
            if let Some(file) = pdf {
                out.done(&format!("wrote {}", file.display()));
            }
        }
        Command::Backup { out: Some(dir), .. } => {
            let bar = crate::output::StepBar::new();
            let b = bar.clone();
            let report = office.backup(me, dir, &move |p| b.update(&p)).await;
            bar.finish();
            out.backup(&report?);
        }
        _ => unreachable!("dispatched elsewhere"),
    }
    Ok(())
}

/// The office's choice for the detector `DETECTOR=VALUE` names, and the value.
fn detector_choice<'a>(
    s: &'a mut office::OfficeSettings,
    given: &'a str,
) -> Result<(&'a mut office::DetectorChoice, &'a str)> {
    let Some((name, value)) = given.split_once('=') else {
        bail!("give DETECTOR=VALUE, not \"{given}\"");
    };
    let Some(kind) = <office::DetectorKind as office::ClosedSet>::parse(name.trim()) else {
        bail!(
            "there is no detector \"{}\": the detectors are {}",
            name.trim(),
            <office::DetectorKind as office::ClosedSet>::NAMES.join(", ")
        );
    };
    let choice = s
        .detectors
        .iter_mut()
        .find(|d| d.kind == kind)
        .expect("the settings hold every detector");
    Ok((choice, value.trim()))
}

/// `backup --verify DIR`: checks a backup folder; no office, no sign-in.
pub(super) async fn verify_backup(cli: &Cli, dir: &std::path::Path, out: &Out) -> Result<()> {
    let credentials = super::session::credentials_for(cli, dir)?;
    let bar = crate::output::StepBar::new();
    let b = bar.clone();
    let check = office::verify_backup(dir, credentials.as_ref(), &move |p| b.update(&p)).await;
    bar.finish();
    let check = check?;
    out.backup_check(&check);
    if !check.ok {
        bail!("the backup in {} does not verify", dir.display());
    }
    Ok(())
}

/// `restore BACKUP_DIR --to NEW_DATA_DIR`: no office yet, no sign-in.
pub(super) async fn restore(
    cli: &Cli,
    from: &std::path::Path,
    to: &std::path::Path,
    out: &Out,
) -> Result<()> {
    let credentials = super::session::credentials_for(cli, from)?;
    let bar = crate::output::StepBar::new();
    let b = bar.clone();
    let report = office::restore(from, to, credentials.as_ref(), &move |p| b.update(&p)).await;
    bar.finish();
    out.restore(&report?);
    Ok(())
}
