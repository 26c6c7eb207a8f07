//! Intake: logging requests and taking their files in.

use super::args::{Command, RequestCmd};
use crate::output::Out;
use anyhow::{Result, bail};
use office::{Actor, IngestOptions, Office};

/// What `request state STATE [--as REASON]` asks for.
fn state_request(state: &str, closed_as: Option<&str>) -> Result<office::StateRequest> {
    office::StateRequest::parse(state, closed_as).map_err(|e| anyhow::anyhow!("{e}"))
}

/// Runs the commands of this job (`cli::dispatch` sends only those here).
pub(super) async fn dispatch(
    command: &Command,
    office: &Office,
    me: &Actor,
    out: &Out,
) -> Result<()> {
    match command {
        Command::Request(cmd) => {
            let today = office.today();
            match cmd {
                RequestCmd::Create {
                    reference,
                    requester,
                    received,
                    description,
                } => {
                    let r = office
                        .create_request(me, reference, requester, received, description)
                        .await?;
                    out.request(&r, today);
                }
                RequestCmd::Show { reference } => {
                    out.request(&office.request(me, reference).await?, today)
                }
                RequestCmd::List { state } => {
                    let mut rs = office.requests(me).await?;
                    if let Some(s) = state {
                        let want = office::RequestState::parse(s).ok_or_else(|| {
                            anyhow::anyhow!(
                                "'{s}' is not a request state (one of: {})",
                                office::RequestState::NAMES.join(", ")
                            )
                        })?;
                        rs.retain(|r| r.state == want);
                    }
                    out.requests(&rs, today)
                }
                RequestCmd::State {
                    reference,
                    state,
                    closed_as,
                    note,
                } => {
                    let asked = state_request(state, closed_as.as_deref())?;
                    let r = office
                        .change_request_state(me, reference, asked, note)
                        .await?;
                    out.request(&r, today);
                }
                RequestCmd::Extend {
                    reference,
                    days,
                    reason,
                } => out.request(
                    &office.extend_request(me, reference, *days, reason).await?,
                    today,
                ),
            }
        }
        Command::Ingest(a) => {
            let mut opts = IngestOptions {
                custodian: a.custodian.clone(),
                ocr: !a.no_ocr,
                ..Default::default()
            };
            if let Some(n) = a.workers {
                opts.workers = n.max(1);
            }
            opts.extract.timeout = std::time::Duration::from_secs(a.timeout.max(1));
            if let Some(f) = &a.password_file {
                let text = std::fs::read_to_string(f).map_err(|e| {
                    anyhow::anyhow!("cannot read the password file {}: {e}", f.display())
                })?;
                opts.extract.passwords = office::Passwords::from_lines(&text);
                if opts.extract.passwords.is_empty() {
                    bail!("the password file {} has no passwords in it", f.display());
                }
            }
            // Ctrl-C stops cleanly: what is written stays, the same command finishes the rest.
            let cancel = opts.cancel.clone();
            tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    eprintln!(
                        "disclose: stopping after the files in progress (Ctrl-C again to quit now)"
                    );
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                    if tokio::signal::ctrl_c().await.is_ok() {
                        std::process::exit(130);
                    }
                }
            });
            let bar = crate::output::IngestBar::new();
            let report = office
                .ingest(me, &a.reference, &a.paths, opts, &|p| bar.update(p))
                .await;
            bar.finish();
            let report = report?;
            out.ingest(&report);
            if report.cancelled {
                bail!("ingest stopped before the end: run the same command again to finish");
            }
            // The follow-up pass: conversations and near-duplicate groups.
            let grouped = office.group_records(me, &a.reference).await?;
            if !out.json {
                out.conversation_report(&grouped.conversations);
                out.near_dup_report(&grouped.near_duplicates);
            }
        }
        _ => unreachable!("dispatched elsewhere"),
    }
    Ok(())
}
