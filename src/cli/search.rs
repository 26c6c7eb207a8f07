//! Searching: queries, saved searches and search-term reports.

use super::args::{Command, SearchArgs};
use crate::output::Out;
use anyhow::{Context, Result, bail};
use office::{Actor, Office};
use std::path::Path;

/// Runs the commands of this job (`cli::dispatch` sends only those here).
pub(super) async fn dispatch(
    command: &Command,
    office: &Office,
    me: &Actor,
    out: &Out,
) -> Result<()> {
    match command {
        Command::Search(a) => search(office, me, out, a).await?,
        Command::Searches { reference, delete } => {
            if let Some(name) = delete {
                office.delete_saved_search(me, reference, name).await?;
                out.done(&format!("deleted the saved search \"{}\"", name.trim()));
            } else {
                out.saved_searches(&office.saved_searches(me, reference).await?);
            }
        }
        _ => unreachable!("dispatched elsewhere"),
    }
    Ok(())
}

/// A terms file: one term a line; blank lines and lines starting with # are skipped.
pub(super) fn terms_file(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the terms file {}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect())
}

async fn search(office: &Office, me: &Actor, out: &Out, a: &SearchArgs) -> Result<()> {
    if let Some(file) = &a.terms_file {
        let terms = terms_file(file)?;
        let report = office.term_report(me, &a.reference, &terms).await?;
        out.term_report(&report, a.csv);
        return Ok(());
    }
    let query = match (&a.saved, &a.query) {
        (Some(name), _) => office.saved_search(me, &a.reference, name).await?.query,
        (None, Some(q)) => q.clone(),
        (None, None) => bail!("give a query, --saved NAME or --terms-file FILE"),
    };
    if let Some(name) = &a.save {
        let saved = office
            .save_search(me, &a.reference, name, &query, a.replace)
            .await?;
        if !out.json {
            eprintln!("disclose: saved the search \"{}\"", saved.name);
        }
    }
    let opts = office::SearchOptions {
        limit: a.limit,
        offset: a.offset,
        sort: office::sort_name::parse(&a.sort).unwrap_or_default(),
        fold: a.fold,
        facets: a.facets || out.json,
    };
    out.search(&office.search(me, &a.reference, &query, opts).await?);
    Ok(())
}
