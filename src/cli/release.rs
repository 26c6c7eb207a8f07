//! Releasing: the check, submission and approval, export and its verification.

use super::args::Command;
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
        Command::Check { reference, part } => {
            let submission = submission(office, me, reference, part).await?;
            let bar = crate::output::CheckBar::new();
            let b = bar.clone();
            let check = office
                .check_part(me, reference, &submission, move |p| b.update(&p))
                .await;
            bar.finish();
            let check = check?;
            out.check(&check);
            if !check.problems.is_empty() {
                bail!(
                    "{} record(s) of {reference} stop its submission",
                    check.problems.len()
                );
            }
        }
        Command::ReleaseAsImages {
            reference,
            doc,
            off,
        } => {
            let ids: Vec<office::RecordId> = doc.iter().map(|d| office::RecordId(*d)).collect();
            let n = office
                .set_release_as_images(me, reference, &ids, !*off)
                .await?;
            out.done(&format!(
                "{n} record(s) of {reference} {}",
                if *off {
                    "go out as ordinary copies again"
                } else {
                    "go out as page images with a text layer read by OCR"
                }
            ));
        }
        Command::Submit { reference, part } => {
            let submission = submission(office, me, reference, part).await?;
            let bar = crate::output::CheckBar::new();
            let b = bar.clone();
            let done = office
                .submit_part(me, reference, &submission, move |p| b.update(&p))
                .await;
            bar.finish();
            out.approval(&done?)
        }
        Command::Installments { reference } => {
            out.installments(&office.installments(me, reference).await?)
        }
        Command::Letter {
            reference,
            kind,
            lang,
            note,
            preview,
        } => {
            let kind: office::LetterKind = kind.parse()?;
            let lang: office::Language = lang.parse()?;
            if *preview {
                let p = office
                    .preview_letter(me, reference, kind, lang, note.as_deref())
                    .await?;
                out.letter_preview(&p);
            } else {
                let l = office
                    .issue_letter(me, reference, kind, lang, note.as_deref())
                    .await?;
                out.letters(reference, std::slice::from_ref(&l));
            }
        }
        Command::Letters {
            reference,
            get: Some(id),
            out: Some(file),
        } => {
            let pdf = office.letter_pdf(me, reference, *id).await?;
            if file.exists() {
                bail!("{} exists: choose a new file", file.display());
            }
            std::fs::write(file, pdf)?;
            out.done(&format!("wrote letter {id} to {}", file.display()));
        }
        Command::Letters { reference, .. } => {
            out.letters(reference, &office.letters(me, reference).await?)
        }
        Command::LetterTemplate {
            name,
            lang,
            set,
            reset,
        } => {
            let lang: office::Language = lang.parse()?;
            let t = if let Some(file) = set {
                let text = std::fs::read_to_string(file)
                    .map_err(|e| anyhow::anyhow!("cannot read {} ({e})", file.display()))?;
                office
                    .set_letter_template(me, name, lang, Some(&text))
                    .await?
            } else if *reset {
                office.set_letter_template(me, name, lang, None).await?
            } else {
                office.letter_template(me, name, lang).await?
            };
            out.letter_template(&t);
        }
        Command::Approve { reference, comment } => {
            out.approval(&office.approve(me, reference, comment.as_deref()).await?)
        }
        Command::Reject { reference, comment } => {
            out.approval(&office.reject(me, reference, comment).await?)
        }
        Command::Approval { reference } => match office.approval(me, reference).await? {
            Some(a) => out.approval(&a),
            None => {
                let (set, problems) = office.release_preview(me, reference).await?;
                let summary = set.summary();
                out.preview(reference, &summary, &problems);
            }
        },
        Command::Export(a) => {
            let mut opts = office::ExportOptions::new(&a.out);
            opts.watermark = a.watermark.clone();
            opts.slip_sheet_per_page = a.slip_sheet_per_page;
            opts.bates_prefix = a.bates_prefix.clone();
            opts.dpi = a.dpi;
            opts.letter_language = a.letter_lang.parse()?;
            let bar = crate::output::ExportBar::new();
            let b = bar.clone();
            let report = office
                .export(me, &a.reference, &opts, move |p| b.update(&p))
                .await;
            bar.finish();
            out.export(&report?);
        }
        Command::Verify { dir } => {
            let report = office.verify_export(me, dir).await?;
            out.verify(&report);
            if !report.ok {
                bail!("the export in {} does not verify", dir.display());
            }
        }
        _ => unreachable!("dispatched elsewhere"),
    }
    Ok(())
}

/// What `--installment` and its selection ask to submit.
async fn submission(
    office: &Office,
    me: &Actor,
    reference: &str,
    part: &super::args::PartArgs,
) -> Result<office::Submission> {
    use office::{RecordId, Selection, Submission};
    if !part.installment {
        return Ok(Submission::Next);
    }
    let selection = if let Some(q) = &part.query {
        Selection::Query(q.clone())
    } else if let Some(n) = &part.saved {
        Selection::Saved(n.clone())
    } else if !part.ids.is_empty() {
        Selection::Ids(part.ids.iter().map(|i| RecordId(*i)).collect())
    } else {
        return Ok(Submission::Installment(None));
    };
    Ok(Submission::Installment(Some(
        office.select(me, reference, &selection).await?,
    )))
}
