//! `disclose-bench window-office OFFICE [N]`: the office the window is measured on at real
//! size (issue 25; `scripts/bench-window` drives the window over it).
//!
//! One request, `WIN-2026-0001`, holds `N` generated messages (default 500,000; words with
//! Zipf frequencies, the bytes `gen-emails DIR N 1500 --zipf` writes) and one born-digital PDF
//! of 40 pages, ingested right after the first [`BEFORE_PDF`] messages so that stepping
//! through the request's records from the first one reaches it after a few steps. A second,
//! small request, `WIN-2026-0002` (a memo and 43 PDF pages), is approved and ready to export,
//! for the export's frame timing. The people, each with [`bench::PASSWORD`]:
//! `sue` (supervisor, made the office), `olga` (officer), `sam` (supervisor), `cleo` (clerk).
//!
//! The collection is generated into `OFFICE-collection` next to OFFICE and removed once
//! ingested (the office keeps its own copies). Progress and timings are printed as JSON lines;
//! the queries the measurements use — a word matching about 50,000 records (for the bulk
//! decision), the most common word (nearly every record) and a rare one — are printed and
//! written to `OFFICE.queries.json` beside the office.

use anyhow::{Context, Result, bail};
use office::{Actor, IngestOptions, Office, Role};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

pub const REFERENCE: &str = "WIN-2026-0001";
pub const EXPORT_REFERENCE: &str = "WIN-2026-0002";
/// Messages ingested before the 40-page PDF (so it is record `BEFORE_PDF + 1`).
pub const BEFORE_PDF: usize = 20;
pub const PDF_PAGES: usize = 40;

fn line(v: serde_json::Value) {
    println!("{v}");
}

/// Ingests `paths` into `reference`, printing progress every few seconds.
async fn ingest(
    office: &Office,
    me: &Actor,
    reference: &str,
    what: &str,
    paths: &[PathBuf],
) -> Result<u64> {
    let started = Instant::now();
    let last = Mutex::new(Instant::now());
    let r = office
        .ingest(
            me,
            reference,
            paths,
            IngestOptions {
                ocr: false,
                ..Default::default()
            },
            &|p| {
                let mut last = last.lock().expect("lock");
                if last.elapsed().as_secs_f64() >= 10.0 {
                    *last = Instant::now();
                    line(json!({
                        "what": "ingest-progress", "part": what,
                        "files_done": p.files_done, "files_total": p.files_total,
                        "records": p.ingested + p.duplicates + p.failed,
                        "secs": (started.elapsed().as_secs_f64() * 10.0).round() / 10.0,
                    }));
                }
            },
        )
        .await
        .with_context(|| format!("ingest of {what}"))?;
    let records = r.counts.ingested + r.counts.duplicates;
    line(json!({
        "what": "ingest", "part": what, "request": reference,
        "records": records, "failed": r.counts.failed,
        "secs": (started.elapsed().as_secs_f64() * 10.0).round() / 10.0,
    }));
    if r.counts.failed > 0 {
        bail!("{} files of {what} failed to ingest", r.counts.failed);
    }
    Ok(records)
}

/// `OFFICE.queries.json`, beside the office: the queries the measurements use.
pub fn queries_file(office_dir: &Path) -> PathBuf {
    let mut name = office_dir.as_os_str().to_owned();
    name.push(".queries.json");
    PathBuf::from(name)
}

/// A folder's entries, sorted.
fn entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    v.sort();
    Ok(v)
}

pub async fn build(office_dir: &Path, n: usize) -> Result<()> {
    if office_dir.exists() {
        bail!("{} exists: give a new folder", office_dir.display());
    }
    if n <= BEFORE_PDF {
        bail!("N must be more than {BEFORE_PDF}");
    }
    let whole = Instant::now();
    let name = office_dir
        .file_name()
        .context("OFFICE names a folder")?
        .to_string_lossy();
    let collection = office_dir.with_file_name(format!("{name}-collection"));
    if collection.exists() {
        std::fs::remove_dir_all(&collection)?;
    }

    // The collection: the messages as `gen-emails --zipf` writes them, the first few moved
    // to their own folder; the 40-page PDF; the small request's records.
    let started = Instant::now();
    let mail = collection.join("mail");
    let vocab = bench::Vocab::zipf(crate::search::VOCAB);
    let bytes = bench::write_emails_from(&mail, &vocab, n, 1500, 1)?;
    let first = collection.join("first");
    std::fs::create_dir_all(&first)?;
    for i in 0..BEFORE_PDF {
        let name = format!("{i:07}.eml");
        std::fs::rename(mail.join("000").join(&name), first.join(&name))?;
    }
    let plan = collection.join("plan");
    std::fs::create_dir_all(&plan)?;
    std::fs::write(
        plan.join("site-plan-40-pages.pdf"),
        bench::pdf(&mut bench::Rng::new(40), PDF_PAGES),
    )?;
    let small = collection.join("small");
    std::fs::create_dir_all(&small)?;
    std::fs::write(
        small.join("memo.txt"),
        "Permit 4471 memo.\nCall Zelda Quill at 555-0142 about the permit fees.\n\
         The inspection is on Monday.\n",
    )?;
    let mut rng = bench::Rng::new(43);
    std::fs::write(small.join("parcels.pdf"), bench::pdf(&mut rng, 40))?;
    std::fs::write(small.join("permit.pdf"), bench::pdf(&mut rng, 2))?;
    std::fs::write(small.join("notice.pdf"), bench::pdf(&mut rng, 1))?;
    line(json!({
        "what": "generate", "messages": n, "bytes": bytes, "pdf_pages": PDF_PAGES,
        "secs": (started.elapsed().as_secs_f64() * 10.0).round() / 10.0,
    }));

    // The office and its people.
    let bench::Staff {
        office,
        sue,
        olga,
        sam,
    } = bench::release_office(office_dir, REFERENCE, "Every email of the city, 2025").await?;
    const FIRST: &str = "first password 1";
    office
        .add_user(&sue, "cleo", Role::Clerk, "Cleo Clerk", FIRST)
        .await?;
    let cleo = office.sign_in("cleo", FIRST).await?;
    office
        .change_password(&cleo, FIRST, bench::PASSWORD)
        .await?;
    office
        .create_request(
            &sue,
            EXPORT_REFERENCE,
            "B. Reporter",
            "2026-11-02",
            "Permit 4471 (for the export's timing)",
        )
        .await?;
    line(json!({
        "what": "office", "dir": office_dir.display().to_string(),
        "requests": [REFERENCE, EXPORT_REFERENCE],
        "users": [
            {"name": "sue", "role": "supervisor", "password": bench::PASSWORD},
            {"name": "olga", "role": "officer", "password": bench::PASSWORD},
            {"name": "sam", "role": "supervisor", "password": bench::PASSWORD},
            {"name": "cleo", "role": "clerk", "password": bench::PASSWORD},
        ],
    }));

    // The big request: the first messages, the PDF, then the rest.
    let mut records = ingest(&office, &sue, REFERENCE, "first messages", &[first]).await?;
    records += ingest(&office, &sue, REFERENCE, "40-page PDF", &[plan]).await?;
    records += ingest(&office, &sue, REFERENCE, "messages", &entries(&mail)?).await?;

    // The small request, approved by two people and ready to export.
    ingest(&office, &sue, EXPORT_REFERENCE, "small request", &[small]).await?;
    office
        .set_undecided(
            &sue,
            EXPORT_REFERENCE,
            office::Disposition::Release.as_str(),
        )
        .await?;
    office.submit(&olga, EXPORT_REFERENCE).await?;
    office.approve(&sam, EXPORT_REFERENCE, None).await?;
    line(json!({"what": "approved", "request": EXPORT_REFERENCE}));

    // Queries for the measurements: the word whose hits are nearest 50,000 (a common word,
    // ranked in the hundreds), and the most common word (nearly every record).
    let started = Instant::now();
    let mut best: Option<(String, usize)> = None;
    for rank in (80..=400).step_by(4) {
        let word = vocab.word(rank).to_string();
        let hits = office.search_ids(&sue, REFERENCE, &word).await?.len();
        let off = |h: usize| h.abs_diff(50_000);
        if best.as_ref().is_none_or(|(_, b)| off(hits) < off(*b)) {
            best = Some((word, hits));
        }
    }
    let (bulk_query, bulk_hits) = best.context("no query")?;
    let all_query = vocab.word(1).to_string();
    let all_hits = office.search_ids(&sue, REFERENCE, &all_query).await?.len();
    // A rare word: the one nearest 300 hits among ranks 2,000–8,000 (past 8,064 the made-up
    // words repeat).
    let mut rare: Option<(String, usize)> = None;
    for rank in (2_000..=8_000).step_by(250) {
        let word = vocab.word(rank).to_string();
        let hits = office.search_ids(&sue, REFERENCE, &word).await?.len();
        if rare
            .as_ref()
            .is_none_or(|(_, b)| hits.abs_diff(300) < b.abs_diff(300))
        {
            rare = Some((word, hits));
        }
    }
    let (rare_query, rare_hits) = rare.context("no rare query")?;
    let queries = json!({
        "bulk_query": bulk_query, "bulk_hits": bulk_hits,
        "all_query": all_query, "all_hits": all_hits,
        "rare_query": rare_query, "rare_hits": rare_hits,
    });
    // Where scripts/bench-window finds them.
    std::fs::write(queries_file(office_dir), format!("{queries}\n"))?;
    line(json!({
        "what": "queries", "queries": queries,
        "secs": (started.elapsed().as_secs_f64() * 10.0).round() / 10.0,
    }));
    office.close().await;
    std::fs::remove_dir_all(&collection)?;
    line(json!({
        "what": "window-office", "records": records,
        "office_mb": (crate::search::du(office_dir) as f64 / 1e6).round(),
        "secs": (whole.elapsed().as_secs_f64() * 10.0).round() / 10.0,
    }));
    Ok(())
}

/// Milliseconds since `t`.
fn ms(t: Instant) -> f64 {
    (t.elapsed().as_secs_f64() * 1e4).round() / 10.0
}

/// `window-office OFFICE --core`: the core calls behind each measured step of the window,
/// timed on their own (release build, no window): where a step's time goes.
pub async fn core(office_dir: &Path) -> Result<()> {
    let queries: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(queries_file(office_dir))?)?;
    let q = |k: &str| queries[k].as_str().unwrap_or_default().to_string();
    let t = Instant::now();
    let office = bench::open_office(office_dir, "sue", bench::PASSWORD).await?;
    line(json!({"what": "core", "call": "open", "ms": ms(t)}));
    let t = Instant::now();
    let me = office.sign_in("sue", bench::PASSWORD).await?;
    line(json!({"what": "core", "call": "sign_in", "ms": ms(t)}));
    for i in 0..3 {
        let t = Instant::now();
        let rows = office.requests_with_counts(&me).await?;
        line(
            json!({"what": "core", "call": "requests_with_counts", "round": i, "requests": rows.len(), "ms": ms(t)}),
        );
    }
    for i in 0..2 {
        let t = Instant::now();
        let records = office.records(&me, REFERENCE).await?;
        let took = ms(t);
        let t = Instant::now();
        let json = serde_json::to_vec(&records)?;
        line(
            json!({"what": "core", "call": "records", "round": i, "records": records.len(), "ms": took,
                    "json_mb": (json.len() as f64 / 1e5).round() / 10.0, "to_json_ms": ms(t)}),
        );
    }
    // The review screen reads the list a chunk at a time (ui: ReviewScreen's LIST_CHUNK).
    for chunk in [10_000usize, 50_000] {
        let (t, mut after, mut took, mut bytes, mut n) = (
            Instant::now(),
            office::RecordId(0),
            Vec::new(),
            0usize,
            0usize,
        );
        loop {
            let c = Instant::now();
            let rows = office.records_after(&me, REFERENCE, after, chunk).await?;
            bytes = bytes.max(serde_json::to_vec(&rows)?.len());
            took.push(ms(c));
            n += rows.len();
            match rows.last() {
                Some(last) if rows.len() == chunk => after = last.id,
                _ => break,
            }
        }
        let first = took[0];
        took.sort_by(f64::total_cmp);
        line(
            json!({"what": "core", "call": "records_after", "chunk": chunk, "records": n,
                    "chunks": took.len(), "first_ms": first, "median_ms": took[took.len() / 2],
                    "max_ms": took.last(), "all_ms": ms(t),
                    "largest_json_mb": (bytes as f64 / 1e5).round() / 10.0}),
        );
    }
    for query in [q("bulk_query"), q("all_query"), q("rare_query")] {
        for (label, opts) in [
            (
                "first page with facets",
                office::SearchOptions {
                    limit: 100,
                    facets: true,
                    ..Default::default()
                },
            ),
            (
                "page 200 (offset 20,000)",
                office::SearchOptions {
                    offset: 20_000,
                    limit: 100,
                    facets: false,
                    ..Default::default()
                },
            ),
        ] {
            let t = Instant::now();
            let r = office.search(&me, REFERENCE, &query, opts).await?;
            let took = ms(t);
            let json = serde_json::to_vec(&r)?;
            line(
                json!({"what": "core", "call": "search", "query": query, "which": label,
                        "total": r.total, "ms": took, "json_kb": json.len() / 1000}),
            );
        }
        // The pages a scroll asks for, one after the other, deep in the list: the first ranks
        // the whole list (index::DEEP_PAGE), the others are slices of it.
        let mut pages = vec![];
        for k in 0..20 {
            let t = Instant::now();
            // As the window asks for a page past the first: without facets.
            let opts = office::SearchOptions {
                offset: 30_000 + k * 100,
                limit: 100,
                facets: false,
                ..Default::default()
            };
            office.search(&me, REFERENCE, &query, opts).await?;
            pages.push(ms(t));
        }
        let first = pages[0];
        pages.sort_by(f64::total_cmp);
        line(json!({"what": "core", "call": "search", "query": query,
                    "which": "20 pages in a row from offset 30,000", "first_ms": first,
                    "median_ms": pages[pages.len() / 2], "max_ms": pages.last()}));
        let t = Instant::now();
        let ids = office.search_ids(&me, REFERENCE, &query).await?;
        line(
            json!({"what": "core", "call": "search_ids", "query": query, "ids": ids.len(), "ms": ms(t)}),
        );
    }
    let mut times = vec![];
    for id in 1..=45 {
        let t = Instant::now();
        let view = office
            .record_view(&me, REFERENCE, office::RecordId(id))
            .await?;
        let release = office.release_of(&view).await?;
        let took = ms(t);
        if view.pages.len() > 1 {
            let json = serde_json::to_vec(&view)?.len() + serde_json::to_vec(&release)?.len();
            line(
                json!({"what": "core", "call": "record_view+release_of", "id": id,
                        "pages": view.pages.len(), "ms": took, "json_kb": json / 1000}),
            );
            for dpi in [72, 96] {
                let t = Instant::now();
                let png = office
                    .page_image(&me, REFERENCE, office::RecordId(id), 1, dpi)
                    .await?;
                line(json!({"what": "core", "call": "page_image", "dpi": dpi,
                            "ms": ms(t), "png_kb": png.png.len() / 1000}));
            }
        } else {
            times.push(took);
        }
    }
    times.sort_by(|a, b| a.total_cmp(b));
    line(
        json!({"what": "core", "call": "record_view+release_of", "records": times.len(),
                "median_ms": times[times.len() / 2], "max_ms": times[times.len() - 1]}),
    );
    let selection = office::Selection::Query(q("bulk_query"));
    let change = office::BulkChange::Disposition(office::Disposition::NotResponsive);
    let t = Instant::now();
    let ids = office.select(&me, REFERENCE, &selection).await?;
    line(json!({"what": "core", "call": "select", "ids": ids.len(), "ms": ms(t)}));
    let t = Instant::now();
    let dry = office
        .decide_many(&me, REFERENCE, &selection, &change, true)
        .await?;
    line(
        json!({"what": "core", "call": "decide_many (dry run)", "changed": dry.changed, "ms": ms(t)}),
    );
    let t = Instant::now();
    let done = office
        .decide_many(&me, REFERENCE, &selection, &change, false)
        .await?;
    line(json!({"what": "core", "call": "decide_many", "changed": done.changed, "ms": ms(t)}));
    // The index follows a bulk decision in the background: the next search waits for it.
    let t = Instant::now();
    let found = office
        .search_ids(&me, REFERENCE, "disposition:not-responsive")
        .await?;
    line(
        json!({"what": "core", "call": "search_ids right after (the index follows first)", "ids": found.len(), "ms": ms(t)}),
    );
    let t = Instant::now();
    let undone = office
        .undo_bulk(&me, REFERENCE, done.event.context("an event")?)
        .await?;
    line(json!({"what": "core", "call": "undo_bulk", "changed": undone.changed, "ms": ms(t)}));
    let t = Instant::now();
    let found = office
        .search_ids(&me, REFERENCE, "disposition:not-responsive")
        .await?;
    line(
        json!({"what": "core", "call": "search_ids right after (the index follows first)", "ids": found.len(), "ms": ms(t)}),
    );
    office.close().await;
    Ok(())
}
