//! Redacting: values, term lists, patterns, detectors and areas; proposals; undoing.

use super::args::RedactArgs;
use super::search::terms_file;
use crate::output::Out;
use anyhow::{Result, anyhow, bail};
use office::{Actor, Office};

fn redaction_ids(ids: &[i64]) -> Vec<office::RedactionId> {
    ids.iter().copied().map(office::RedactionId).collect()
}

pub(super) async fn redact(office: &Office, me: &Actor, out: &Out, a: &RedactArgs) -> Result<()> {
    if let Some(id) = a.remove {
        office
            .remove_redaction(me, &a.reference, office::RedactionId(id))
            .await?;
        out.done(&format!("removed redaction {id}"));
        return Ok(());
    }
    let decision = match (&a.accept[..], a.accept_all, &a.reject[..], a.reject_all) {
        ([], false, [], false) => None,
        (_, true, _, true) => bail!("accept or reject, not both"),
        (ids, false, [], false) => Some((office::Proposals::Ids(redaction_ids(ids)), true)),
        ([], false, ids, false) if !ids.is_empty() => {
            Some((office::Proposals::Ids(redaction_ids(ids)), false))
        }
        ([], all_accept, [], _) => Some((
            office::Proposals::All {
                doc: a.doc.map(office::RecordId),
                origin: a.origin,
                kind: a.kind,
                min_score: a.min_score,
            },
            all_accept,
        )),
        _ => bail!("accept or reject, not both"),
    };
    if let Some((which, accept)) = decision {
        let d = office
            .decide_proposals(me, &a.reference, &which, accept, a.everywhere)
            .await?;
        out.proposal_decision(&d);
        return Ok(());
    }
    if let Some(area) = &a.area {
        let bad = || {
            anyhow!(
                "an area is written PAGE:X0,Y0,X1,Y1 with fractions of the page, e.g. 1:0.1,0.2,0.5,0.25"
            )
        };
        let (page, rect) = area.split_once(':').ok_or_else(bad)?;
        let page: u32 = page.trim().parse().map_err(|_| bad())?;
        let v: Vec<f32> = rect
            .split(',')
            .map(|x| x.trim().parse::<f32>())
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        let [x0, y0, x1, y1] = v[..] else {
            return Err(bad());
        };
        let id = office
            .redact_area(
                me,
                &a.reference,
                office::RecordId(a.doc.unwrap_or_default()),
                page,
                office::PageRect { x0, y0, x1, y1 },
                a.code.as_deref().unwrap_or_default(),
                a.note.as_deref(),
            )
            .await?;
        out.done(&format!("redaction {id} on page {page}"));
        return Ok(());
    }
    let by = if let Some(t) = &a.text {
        office::RedactBy::Text {
            value: t.clone(),
            ignore_case: a.ignore_case,
        }
    } else if let Some(f) = &a.terms_file {
        office::RedactBy::Terms {
            values: terms_file(f)?,
            ignore_case: a.ignore_case,
        }
    } else if let Some(p) = &a.pattern {
        office::RedactBy::Pattern(p.clone())
    } else if !a.detect.is_empty() {
        let mut kinds = vec![];
        for k in &a.detect {
            if k.trim() == "all" {
                kinds.extend(office::DetectorKind::ALL);
            } else if k.trim() == "default" {
                kinds.extend(office.settings(me).await?.default_detectors());
            } else {
                kinds.push(office::DetectorKind::parse(k).ok_or_else(|| {
                    anyhow!(
                        "there is no detector \"{}\": the detectors are {}",
                        k.trim(),
                        office::DetectorKind::NAMES.join(", ")
                    )
                })?);
            }
        }
        kinds.sort_unstable();
        kinds.dedup();
        if kinds.is_empty() {
            bail!("the office runs no detector by default: name them (--detect phone,person)");
        }
        office::RedactBy::Detect(kinds)
    } else {
        bail!("give --text, --terms-file, --pattern or --remove");
    };
    let target = match (a.doc, a.all_docs) {
        (Some(id), false) => office::RedactTarget::Doc(office::RecordId(id)),
        (None, true) => office::RedactTarget::AllDocs,
        _ => bail!("say which records: --doc ID or --all-docs"),
    };
    let code = a.code.as_deref().unwrap_or_default();
    let bar = crate::output::StepBar::new();
    let report = office
        .redact_reporting(
            me,
            &a.reference,
            &by,
            target,
            code,
            a.note.as_deref(),
            a.propose,
            &|p| bar.searching(&p),
        )
        .await;
    bar.finish();
    let report = report?;
    out.redact_report(&report);
    Ok(())
}
