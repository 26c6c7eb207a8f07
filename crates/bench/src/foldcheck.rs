//! `fold-check OFFICE [REQUEST]`: on an office's own index, every query of the search mix
//! and of a list of common English words and phrases (for real mail), each order, folded
//! both ways — counting originals ([`RecordIndex::search`]) and grouping every match
//! ([`RecordIndex::search_grouping_every_match`]) — must agree: totals, groups, facets, the
//! first page (by date exactly; by relevance the same scores, and the same copies for a
//! record on both pages). Prints one JSON line; each disagreement on stderr.

use anyhow::{Result, bail};
use index::{Found, RecordIndex, Search, Sort};
use std::collections::HashMap;
use std::path::Path;

/// Words and phrases of ordinary office mail, and a copy's own fields.
const ENGLISH: [&str; 24] = [
    "meeting",
    "please",
    "thanks",
    "contract",
    "price",
    "energy",
    "deal",
    "attached",
    "call",
    "market",
    "report",
    "gas",
    "power",
    "california",
    "\"let me know\"",
    "\"please call\"",
    "\"conference call\"",
    "meet*",
    "schedul*",
    "from:enron",
    "subject:meeting",
    "date:[2000-01-01 TO 2001-06-30]",
    "-meeting",
    "thanks -custodian:nobody",
];

pub fn run(office_dir: &Path, request: &str) -> Result<()> {
    let dir = office_dir.join("index");
    if !dir.join("meta.json").exists() {
        bail!(
            "{} has no index: search the office once first",
            dir.display()
        );
    }
    let (idx, fresh) = RecordIndex::open(&dir)?;
    if fresh {
        bail!(
            "the index at {} was of another schema: search the office once first",
            dir.display()
        );
    }
    let mut queries: Vec<String> = crate::search::queries(60)
        .into_iter()
        .map(|(_, q)| q)
        .collect();
    queries.extend(ENGLISH.iter().map(|q| q.to_string()));
    let (mut compared, mut records, mut groups) = (0u64, 0u64, 0u64);
    let mut bad = 0u64;
    for q in &queries {
        for sort in [Sort::Relevance, Sort::Newest, Sort::Oldest] {
            let s = Search {
                request,
                query: q,
                limit: 50,
                offset: 0,
                sort,
                fold: true,
                facets: true,
            };
            let (a, b) = match (idx.search(&s), idx.search_grouping_every_match(&s)) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(a), Err(b)) if a.to_string() == b.to_string() => continue,
                (a, b) => bail!("{q}: one way failed: {:?} / {:?}", a.err(), b.err()),
            };
            compared += 1;
            if sort == Sort::Relevance {
                records += a.total;
                groups += a.groups.unwrap_or(0);
            }
            if let Some(why) = differ(&a, &b, sort) {
                bad += 1;
                eprintln!("{q} ({sort:?}): {why}");
            }
        }
    }
    println!(
        "{{\"what\": \"fold-check\", \"queries\": {}, \"compared\": {compared}, \"disagreed\": {bad}, \"matches\": {records}, \"groups\": {groups}}}",
        queries.len()
    );
    if bad > 0 {
        bail!("{bad} of {compared} folded searches disagreed");
    }
    Ok(())
}

fn differ(a: &Found, b: &Found, sort: Sort) -> Option<String> {
    if (a.total, a.groups) != (b.total, b.groups) {
        return Some(format!(
            "total/groups {}/{:?} counting originals, {}/{:?} grouping",
            a.total, a.groups, b.total, b.groups
        ));
    }
    if a.facets != b.facets {
        return Some("facets differ".into());
    }
    let hits = |f: &Found| -> Vec<(u64, u64, u32)> {
        f.hits
            .iter()
            .map(|h| (h.record_id, h.copies, h.score.to_bits()))
            .collect()
    };
    if sort != Sort::Relevance {
        return (hits(a) != hits(b)).then(|| format!("pages {:?} / {:?}", hits(a), hits(b)));
    }
    let scores = |f: &Found| f.hits.iter().map(|h| h.score.to_bits()).collect::<Vec<_>>();
    if scores(a) != scores(b) {
        return Some("relevance pages' scores differ".into());
    }
    let copies: HashMap<u64, u64> = b.hits.iter().map(|h| (h.record_id, h.copies)).collect();
    a.hits
        .iter()
        .find(|h| copies.get(&h.record_id).is_some_and(|c| *c != h.copies))
        .map(|h| {
            format!(
                "record {} has {} copies one way, {:?} the other",
                h.record_id,
                h.copies,
                copies.get(&h.record_id)
            )
        })
}
