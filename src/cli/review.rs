//! Reviewing records: listing and showing them, dispositions, statuses, withholding, assignment.

use super::args::Command;
use crate::output::Out;
use anyhow::Result;
use office::{Actor, Office, RecordId};

/// Runs the commands of this job (`cli::dispatch` sends only those here).
pub(super) async fn dispatch(
    command: &Command,
    office: &Office,
    me: &Actor,
    out: &Out,
) -> Result<()> {
    match command {
        Command::Docs { reference } => out.records(&office.records(me, reference).await?),
        Command::Batches {
            reference,
            make,
            query,
            assign,
            to,
            take,
        } => {
            if let Some(size) = make {
                let made = office
                    .make_batches(me, reference, *size, query.as_deref())
                    .await?;
                out.batches_made(&made);
            } else if let Some(batch) = assign {
                let row = office
                    .assign_batch(me, reference, *batch, to.as_deref())
                    .await?;
                out.batch_rows(&[row]);
            } else if *take {
                match office.take_batch(me, reference).await? {
                    Some(row) => out.batch_rows(&[row]),
                    None => out.done("no open batch: every batch is taken or decided"),
                }
            } else {
                out.batches(&office.batches(me, reference).await?);
            }
        }
        Command::Highlights {
            reference,
            set_file,
            clear,
        } => {
            let terms = if let Some(f) = set_file {
                let text = std::fs::read_to_string(f).map_err(|e| {
                    anyhow::anyhow!("cannot read the terms file {}: {e}", f.display())
                })?;
                let lines: Vec<String> = text.lines().map(String::from).collect();
                office.set_highlight_terms(me, reference, &lines).await?
            } else if *clear {
                office.set_highlight_terms(me, reference, &[]).await?
            } else {
                office.highlight_terms(me, reference).await?
            };
            out.highlights(&terms);
        }
        Command::NearDups {
            reference,
            compare: Some(id),
            with,
            ..
        } => {
            let c = office
                .compare_records(me, reference, RecordId(*id), with.map(RecordId))
                .await?;
            out.comparison(&c);
        }
        Command::NearDups {
            reference, regroup, ..
        } => {
            if *regroup {
                let r = office.group_near_duplicates(me, reference).await?;
                out.near_dup_report(&r);
            }
            out.near_dup_groups(&office.near_dup_groups(me, reference).await?);
        }
        Command::Threads { reference, regroup } => {
            if *regroup {
                let r = office.group_conversations(me, reference).await?;
                out.conversation_report(&r);
            }
            out.conversations(&office.conversations(me, reference).await?);
        }
        Command::Disposition {
            reference,
            select,
            disposition,
            ..
        } if select.selection().is_some() => {
            let d = office::Disposition::parse(disposition)
                .ok_or_else(|| anyhow::anyhow!("not a disposition: {disposition}"))?;
            bulk(
                office,
                me,
                out,
                reference,
                select,
                office::BulkChange::Disposition(d),
            )
            .await?
        }
        Command::Withhold {
            reference,
            select,
            code,
            ..
        } if select.selection().is_some() => {
            bulk(
                office,
                me,
                out,
                reference,
                select,
                office::BulkChange::Withhold(code.clone()),
            )
            .await?
        }
        Command::Status {
            reference,
            select,
            status,
            ..
        } if select.selection().is_some() => {
            let st = office::ReviewStatus::parse(status)
                .ok_or_else(|| anyhow::anyhow!("not a review status: {status}"))?;
            bulk(
                office,
                me,
                out,
                reference,
                select,
                office::BulkChange::Status(st),
            )
            .await?
        }
        Command::Assign {
            reference,
            select,
            to,
            enforce: None,
            ..
        } if select.selection().is_some() => {
            bulk(
                office,
                me,
                out,
                reference,
                select,
                office::BulkChange::Assign(to.clone()),
            )
            .await?
        }
        Command::Undo { reference, bulk } => out.bulk_report(
            &office.undo_bulk(me, reference, *bulk).await?,
            reference,
            true,
        ),
        Command::Disposition {
            reference,
            doc,
            undecided,
            disposition,
            ..
        } => match doc {
            Some(doc) if !*undecided => out.review(
                &office
                    .set_disposition(me, reference, office::RecordId(*doc), disposition)
                    .await?,
            ),
            _ => {
                let ds = office.set_undecided(me, reference, disposition).await?;
                if out.json {
                    out.reviews(&ds);
                } else {
                    out.done(&format!("{} records: {disposition}", ds.len()));
                }
            }
        },
        Command::Withhold {
            reference,
            doc,
            code,
            with_attachments,
            ..
        } => {
            let doc = doc.ok_or_else(|| anyhow::anyhow!("name a record (--doc) or a selection"))?;
            let decisions = office
                .withhold_family(
                    me,
                    reference,
                    office::RecordId(doc),
                    code,
                    *with_attachments,
                )
                .await?;
            if *with_attachments {
                out.reviews(&decisions);
            } else {
                out.review(&decisions[0]);
            }
        }
        Command::Status {
            reference,
            doc,
            status,
            ..
        } => {
            let doc = doc.ok_or_else(|| anyhow::anyhow!("name a record (--doc) or a selection"))?;
            out.review(
                &office
                    .set_review_status(me, reference, office::RecordId(doc), status)
                    .await?,
            )
        }
        Command::Assign {
            reference,
            doc,
            to,
            unassign: _,
            enforce,
            ..
        } => {
            if let Some(on) = enforce {
                office.enforce_assignment(me, reference, on == "on").await?;
                out.done(&format!("assignment enforcement is {on} for {reference}"));
            } else {
                let ids: Vec<office::RecordId> = doc.iter().map(|d| office::RecordId(*d)).collect();
                office.assign(me, reference, &ids, to.as_deref()).await?;
                out.done(&match to {
                    Some(u) => format!("assigned {} record(s) to {}", ids.len(), u.trim()),
                    None => format!("unassigned {} record(s)", ids.len()),
                });
            }
        }
        Command::Show {
            reference,
            doc,
            release,
        } => {
            let id = office::RecordId(*doc);
            if *release {
                out.release_view(&office.release_view(me, reference, id).await?);
            } else {
                let view = office.record_view(me, reference, id).await?;
                out.record_view(&view);
                if !out.json && view.kind == office::RecordKind::Pdf {
                    // A reviewer must know of text the PDF hides (export leaves it out).
                    for h in office.hidden_text(me, reference, id).await? {
                        eprintln!("disclose: {}", h.describe());
                    }
                }
            }
        }
        _ => unreachable!("dispatched elsewhere"),
    }
    Ok(())
}

/// A bulk decision on the selection the flags name.
async fn bulk(
    office: &Office,
    me: &Actor,
    out: &Out,
    reference: &str,
    select: &super::args::SelectArgs,
    change: office::BulkChange,
) -> Result<()> {
    let selection = select
        .selection()
        .ok_or_else(|| anyhow::anyhow!("name a selection"))?;
    let report = office
        .decide_many(me, reference, &selection, &change, select.dry_run)
        .await?;
    out.bulk_report(&report, reference, false);
    Ok(())
}
