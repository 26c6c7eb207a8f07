//! `disclose-bench`: the benchmark harness. See BENCHMARKS.md for the figures and commands.
//!
//! ```text
//! disclose-bench gen-emails DIR N [SIZE] [--zipf]
//!                                             deterministic email-like messages (≈SIZE bytes);
//!                                             --zipf: words with English-like frequencies
//! disclose-bench gen-pdfs DIR N PAGES         deterministic born-digital PDFs
//! disclose-bench baseline DIR [RUNS]          read + parse headers + tantivy, nothing else
//! disclose-bench ingest DIR [RUNS] [--ocr] [--pages-per-file P]
//!                                             the real pipeline into a fresh office each run
//! disclose-bench compare DIR [RUNS] [--ocr]    baseline and ingest alternately in one process:
//!                                             medians and ingest's share of the baseline
//! disclose-bench desks OFFICE N DIR [M]       N desks (processes) on a team office at once, each
//!                                             ingesting M messages of its own (DIR/desk-K, made
//!                                             if missing) while deciding BENCH-1's records
//! disclose-bench search-build DIR OFFICE      ingest DIR into a new office kept at OFFICE
//! disclose-bench search OFFICE [ROUNDS] [--only term|boolean|phrase] [--fold]
//!                                             latency of the query mix (after a warm-up round)
//! disclose-bench fold-check OFFICE [REQUEST]  folded searches both ways (counting originals,
//!                                             grouping every match) agree on the office's index
//! disclose-bench redact-terms OFFICE REQUEST [N]
//!                                             redact N rare words across every record
//! disclose-bench search-merge OFFICE         merge the index into one segment (requests mixed)
//! disclose-bench search-during-ingest OFFICE DIR
//!                                             the same while DIR is ingested into the office
//! disclose-bench export DIR [RUNS] [--ocr] [--dpi N]
//!                                             ingest, redact (detectors), approve, then time
//!                                             the export of every record
//! disclose-bench review DIR [PAGES]           the review screen's core costs: each record read
//!                                             side by side, first pages rendered at 72/96/144 dpi
//! disclose-bench release-corpus ROOT [--only NAME] [--ocr] [--dir]
//!                                             every folder of ROOT (../shared/corpus) released as
//!                                             one whole request: ingest, detectors, check,
//!                                             fallbacks, submit, approve, export, verify
//! disclose-bench window-office OFFICE [N] [--core]
//!                                             the office the window is measured on (issue 25):
//!                                             N Zipf messages (500,000) and a 40-page PDF in
//!                                             one request; scripts/bench-window drives it.
//!                                             --core: time the core calls behind each step
//! ```

mod corpus;
mod desks;
mod export;
mod foldcheck;
mod review;
mod search;
mod window;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    xs[xs.len() / 2]
}

/// Peak resident memory of this process so far, in MB (Linux).
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(String::from)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// This process's resident memory now: total, anonymous (heap) and file-backed (mapped index
/// files), as /proc/self/status says (Linux).
fn memory_now() -> String {
    // CPU seconds so far (user + system), fields 14 and 15 of /proc/self/stat, in ticks of 1/100 s.
    let cpu = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let after = s.rsplit(')').next()?.split_whitespace().collect::<Vec<_>>();
            Some(
                (after.get(11)?.parse::<f64>().ok()? + after.get(12)?.parse::<f64>().ok()?) / 100.0,
            )
        })
        .unwrap_or(0.0);
    let mem = std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .filter(|l| {
                    ["VmRSS:", "RssAnon:", "RssFile:"]
                        .iter()
                        .any(|k| l.starts_with(k))
                })
                .map(|l| l.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    format!("{mem}, cpu_s: {cpu:.1}")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if let Ok(rd) = std::fs::read_dir(&d) {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    out
}

/// The bare baseline: read each file, parse its headers (mail-parser, as a real reader
/// must: RFC 2047 words, folded lines, addresses), index Subject/From/To/Date and the raw
/// body with tantivy. No originals, no database, no MIME body decoding.
fn baseline(dir: &Path) -> Result<(usize, f64)> {
    use tantivy::schema::{STORED, Schema, TEXT};
    let mut b = Schema::builder();
    let f_subject = b.add_text_field("subject", TEXT);
    let f_from = b.add_text_field("from", TEXT);
    let f_to = b.add_text_field("to", TEXT);
    let f_date = b.add_text_field("date", STORED);
    let f_body = b.add_text_field("body", TEXT);
    let tmp = tempfile::tempdir()?;
    let index = tantivy::Index::create_in_dir(tmp.path(), b.build())?;
    let mut w: tantivy::IndexWriter = index.writer(100_000_000)?;
    let parser = mail_parser::MessageParser::default();
    let started = Instant::now();
    let list = files(dir);
    for p in &list {
        let bytes = std::fs::read(p)?;
        let mut doc = tantivy::TantivyDocument::default();
        if let Some(m) = parser.parse_headers(&bytes) {
            let addr = |a: Option<&mail_parser::Address>| {
                a.and_then(|a| a.first()).map(|a| {
                    format!(
                        "{} {}",
                        a.name.as_deref().unwrap_or(""),
                        a.address.as_deref().unwrap_or("")
                    )
                })
            };
            if let Some(s) = m.subject() {
                doc.add_text(f_subject, s);
            }
            if let Some(f) = addr(m.from()) {
                doc.add_text(f_from, f);
            }
            if let Some(t) = addr(m.to()) {
                doc.add_text(f_to, t);
            }
            if let Some(d) = m.date() {
                doc.add_text(f_date, d.to_rfc3339());
            }
            let body_at = bytes
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .map(|i| i + 4)
                .or_else(|| bytes.windows(2).position(|w| w == b"\n\n").map(|i| i + 2))
                .unwrap_or(bytes.len());
            doc.add_text(f_body, String::from_utf8_lossy(&bytes[body_at..]));
        }
        w.add_document(doc)?;
    }
    w.commit()?;
    Ok((list.len(), started.elapsed().as_secs_f64()))
}

struct IngestRun {
    files: u64,
    records: u64,
    failed: u64,
    secs: f64,
    bytes: u64,
    text_done_s: f64,
    ocr_pages: u64,
    ocr_last_s: f64,
}

async fn ingest(dir: &Path, ocr: bool, run: usize) -> Result<IngestRun> {
    let tmp = tempfile::tempdir()?;
    let pw = "benchmark password";
    bench::place_office(&tmp.path().join("office"), &format!("ingest{run}")).await?;
    let office = bench::new_office(&tmp.path().join("office"), "bench", "", pw).await?;
    let me = office.sign_in("bench", pw).await?;
    office
        .create_request(&me, "BENCH-1", "bench", "2026-01-02", "benchmark")
        .await?;
    let opts = office::IngestOptions {
        ocr,
        ..Default::default()
    };
    let last = std::sync::Mutex::new(office::IngestProgress::default());
    // When every file but those waiting for OCR was written (the text pipeline's own finish),
    // and when the last OCR page was done.
    let text_done = std::sync::Mutex::new(None::<f64>);
    // BENCH_TRACE=1: the progress and this process's memory every 5 s, on stderr.
    let trace = std::env::var_os("BENCH_TRACE").is_some();
    // BENCH_TRACE=progress: every progress message as it comes, on stderr.
    let every_progress = std::env::var("BENCH_TRACE").is_ok_and(|v| v == "progress");
    let traced = std::sync::Mutex::new(0.0f64);
    let ocr_done = std::sync::Mutex::new((0u64, 0.0f64));
    let started = Instant::now();
    let r = office
        .ingest(&me, "BENCH-1", &[dir.to_path_buf()], opts, &|p| {
            let now = started.elapsed().as_secs_f64();
            let waiting = p.ocr_pages_queued.saturating_sub(p.ocr_pages_done);
            let mut t = text_done.lock().expect("lock");
            if t.is_none() && p.files_total > 0 && p.files_done + waiting >= p.files_total {
                *t = Some(now);
            }
            let mut o = ocr_done.lock().expect("lock");
            if p.ocr_pages_done > o.0 {
                *o = (p.ocr_pages_done, now);
            }
            if every_progress {
                eprintln!(
                    "{{\"t\": {now:.3}, \"files_done\": {}, \"ingested\": {}, \"ocr\": [{}, {}]}}",
                    p.files_done, p.ingested, p.ocr_pages_queued, p.ocr_pages_done
                );
            }
            if trace {
                let mut at = traced.lock().expect("lock");
                if now >= *at + 5.0 {
                    *at = now;
                    eprintln!(
                        "{{\"t\": {now:.1}, \"files_done\": {}, \"rss\": \"{}\"}}",
                        p.files_done,
                        memory_now()
                    );
                }
            }
            *last.lock().expect("lock") = p.clone()
        })
        .await?;
    let secs = started.elapsed().as_secs_f64();
    let p = last.lock().expect("lock").clone();
    let text_done_s = text_done.lock().expect("lock").unwrap_or(secs);
    let (ocr_pages, ocr_last_s) = *ocr_done.lock().expect("lock");
    office.close().await;
    Ok(IngestRun {
        files: p.files_done,
        records: r.counts.ingested + r.counts.duplicates + r.counts.failed,
        failed: r.counts.failed,
        secs,
        bytes: p.bytes_done,
        text_done_s,
        ocr_pages,
        ocr_last_s,
    })
}

/// Review at scale (issue 18): a folder ingested into a fresh office, then the grouping pass
/// (conversations and near-duplicates) and a bulk decision over `bulk` records, timed.
async fn review_scale(dir: &Path, bulk: usize) -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let pw = "benchmark password";
    bench::place_office(&tmp.path().join("office"), "scale").await?;
    let office = bench::new_office(&tmp.path().join("office"), "bench", "", pw).await?;
    let me = office.sign_in("bench", pw).await?;
    office
        .create_request(&me, "BENCH-1", "bench", "2026-01-02", "benchmark")
        .await?;
    let opts = office::IngestOptions {
        ocr: false,
        ..Default::default()
    };
    let started = Instant::now();
    let r = office
        .ingest(&me, "BENCH-1", &[dir.to_path_buf()], opts, &|_| {})
        .await?;
    let ingest_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let g = office.group_records(&me, "BENCH-1").await?;
    let group_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let again = office.group_records(&me, "BENCH-1").await?;
    let regroup_secs = started.elapsed().as_secs_f64();
    let all = office.records(&me, "BENCH-1").await?;
    // Still to read one by one: not a copy, not held by a later message of its conversation,
    // not a member of another record's near-duplicate group.
    let one_by_one = all
        .iter()
        .filter(|d| d.duplicate_of.is_none() && d.inclusive != Some(false))
        .filter(|d| d.near_dup_group.is_none_or(|g| g == d.id))
        .count();
    let mut ids: Vec<office::RecordId> = all.iter().map(|d| d.id).collect();
    ids.truncate(bulk);
    let started = Instant::now();
    let b = office
        .decide_many(
            &me,
            "BENCH-1",
            &office::Selection::Ids(ids),
            &office::BulkChange::Disposition(office::Disposition::NotResponsive),
            false,
        )
        .await?;
    let bulk_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let hits = office
        .search_ids(&me, "BENCH-1", "disposition:not-responsive")
        .await?
        .len();
    let search_secs = started.elapsed().as_secs_f64();
    println!(
        "{{\"records\": {}, \"ingest_s\": {ingest_secs:.1}, \"group_s\": {group_secs:.1}, \"regroup_s\": {regroup_secs:.1}, \"conversations\": {}, \"in_conversations\": {}, \"inclusive\": {}, \"near_dup_groups\": {}, \"in_near_dup_groups\": {}, \"bulk_records\": {}, \"bulk_s\": {bulk_secs:.2}, \"then_search_s\": {search_secs:.2}, \"found_after_bulk\": {hits}, \"changed_on_regroup\": {}, \"one_by_one\": {one_by_one}}}",
        r.counts.ingested + r.counts.duplicates,
        g.conversations.conversations,
        g.conversations.in_conversations,
        g.conversations.inclusive,
        g.near_duplicates.groups,
        g.near_duplicates.in_groups,
        b.changed,
        again.conversations.changed + again.near_duplicates.changed,
    );
    office.close().await;
    Ok(())
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str);
    let num = |i: usize, default: usize| -> Result<usize> {
        arg(i)
            .map(|s| s.parse::<usize>().context("a number"))
            .transpose()
            .map(|v| v.unwrap_or(default))
    };
    match arg(0) {
        Some("gen-emails") => {
            let dir = PathBuf::from(arg(1).context("DIR")?);
            let (n, size) = (num(2, 50_000)?, num(3, 1500)?);
            let vocab = if args.iter().any(|a| a == "--zipf") {
                bench::Vocab::zipf(search::VOCAB)
            } else {
                bench::Vocab::Flat
            };
            let bytes = bench::write_emails_from(&dir, &vocab, n, size, 1)?;
            println!("{{\"emails\": {n}, \"bytes\": {bytes}}}");
        }
        Some("gen-pdfs") => {
            let dir = PathBuf::from(arg(1).context("DIR")?);
            let (n, pages) = (num(2, 100)?, num(3, 10)?);
            let bytes = bench::write_pdfs(&dir, n, pages, 1)?;
            println!(
                "{{\"pdfs\": {n}, \"pages\": {}, \"bytes\": {bytes}}}",
                n * pages
            );
        }
        Some("baseline") => {
            let dir = PathBuf::from(arg(1).context("DIR")?);
            let mut rates = vec![];
            for run in 0..num(2, 3)? {
                let (n, secs) = baseline(&dir)?;
                let rate = n as f64 / secs;
                println!(
                    "{{\"run\": {run}, \"what\": \"baseline\", \"files\": {n}, \"secs\": {secs:.3}, \"files_per_s\": {rate:.0}}}"
                );
                rates.push(rate);
            }
            println!(
                "{{\"what\": \"baseline\", \"median_files_per_s\": {:.0}, \"peak_rss_mb\": {:.0}}}",
                median(&mut rates),
                peak_rss_mb()
            );
        }
        Some("ingest") => {
            let dir = PathBuf::from(arg(1).context("DIR")?);
            let runs = num(2, 3)?;
            let ocr = args.iter().any(|a| a == "--ocr");
            let ppf = args
                .iter()
                .position(|a| a == "--pages-per-file")
                .and_then(|i| args.get(i + 1))
                .map(|s| s.parse::<f64>())
                .transpose()?;
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            let mut rates = vec![];
            let mut mbs = vec![];
            for run in 0..runs {
                let r = rt.block_on(ingest(&dir, ocr, run))?;
                let rate = r.files as f64 / r.secs;
                let mb = r.bytes as f64 / 1e6 / r.secs;
                let pages = ppf
                    .map(|p| format!(", \"pages_per_s\": {:.0}", rate * p))
                    .unwrap_or_default();
                let ocr_figures = if ocr {
                    format!(
                        ", \"text_done_s\": {:.2}, \"ocr_pages\": {}, \"ocr_last_s\": {:.2}, \"ocr_pages_per_s\": {:.2}",
                        r.text_done_s,
                        r.ocr_pages,
                        r.ocr_last_s,
                        r.ocr_pages as f64 / r.ocr_last_s.max(1e-9)
                    )
                } else {
                    String::new()
                };
                println!(
                    "{{\"run\": {run}, \"what\": \"ingest\", \"files\": {}, \"records\": {}, \"failed\": {}, \"secs\": {:.3}, \"files_per_s\": {rate:.0}, \"mb_per_s\": {mb:.1}{pages}{ocr_figures}}}",
                    r.files, r.records, r.failed, r.secs
                );
                if r.failed > 0 {
                    bail!(
                        "{} files failed: the figures would not be about ingest",
                        r.failed
                    );
                }
                rates.push(rate);
                mbs.push(mb);
            }
            let m = median(&mut rates);
            let pages = ppf
                .map(|p| format!(", \"median_pages_per_s\": {:.0}", m * p))
                .unwrap_or_default();
            println!(
                "{{\"what\": \"ingest\", \"median_files_per_s\": {m:.0}, \"median_mb_per_s\": {:.1}{pages}, \"peak_rss_mb\": {:.0}}}",
                median(&mut mbs),
                peak_rss_mb()
            );
        }
        Some("compare") => {
            // Interleaved in one process, so that both see the same machine: baseline, ingest,
            // baseline, ingest… The share is of the medians; each pair's own share is printed
            // too. (Peak memory is the process's: run `ingest DIR 1` alone for ingest's own.)
            let dir = PathBuf::from(arg(1).context("DIR")?);
            let ocr = args.iter().any(|a| a == "--ocr");
            let rt = runtime()?;
            let (mut base, mut ing, mut shares) = (vec![], vec![], vec![]);
            for run in 0..num(2, 5)? {
                let (n, secs) = baseline(&dir)?;
                let b = n as f64 / secs;
                let r = rt.block_on(ingest(&dir, ocr, run))?;
                if r.failed > 0 {
                    bail!(
                        "{} files failed: the figures would not be about ingest",
                        r.failed
                    );
                }
                let i = r.files as f64 / r.secs;
                println!(
                    "{{\"run\": {run}, \"baseline_files_per_s\": {b:.0}, \"ingest_files_per_s\": {i:.0}, \"share\": {:.3}}}",
                    i / b
                );
                base.push(b);
                ing.push(i);
                shares.push(i / b);
            }
            let (b, i) = (median(&mut base), median(&mut ing));
            println!(
                "{{\"what\": \"compare\", \"runs\": {}, \"median_baseline_files_per_s\": {b:.0}, \"median_ingest_files_per_s\": {i:.0}, \"share_of_medians\": {:.3}, \"median_share\": {:.3}}}",
                shares.len(),
                i / b,
                median(&mut shares)
            );
        }
        Some("desks") => {
            let office_dir = PathBuf::from(arg(1).context("OFFICE (a team office)")?);
            let n = num(2, 5)?;
            let dir = PathBuf::from(arg(3).context("DIR")?);
            let m = num(4, 20_000)?;
            for k in 0..n {
                let d = dir.join(format!("desk-{k}"));
                if !d.exists() {
                    let vocab = bench::Vocab::zipf(search::VOCAB);
                    bench::write_emails_from(&d, &vocab, m, 1500, 100 + k as u64)?;
                }
            }
            // BENCH-1's records are 1..=its size (the office was built by search-build).
            let records = runtime()?.block_on(async {
                let (office, me) = search::open(&office_dir).await?;
                let n = office.records(&me, "BENCH-1").await?.len() as i64;
                office.close().await;
                anyhow::Ok(n)
            })?;
            desks::run(&office_dir, n, &dir, records)?;
        }
        Some("desk") => {
            // One desk of `desks` (a child process): its figures as one JSON line.
            let office_dir = PathBuf::from(arg(1).context("OFFICE")?);
            let n = num(2, 0)?;
            let dir = PathBuf::from(arg(3).context("DIR")?);
            let records = num(4, 1)? as i64;
            let d = runtime()?.block_on(desks::desk(&office_dir, n, &dir, records))?;
            println!("{}", serde_json::to_string(&d)?);
        }
        Some("search-build") => {
            let dir = PathBuf::from(arg(1).context("DIR")?);
            let office_dir = PathBuf::from(arg(2).context("OFFICE")?);
            runtime()?.block_on(search::build(&dir, &office_dir))?;
        }
        Some("fold-check") => {
            let office_dir = PathBuf::from(arg(1).context("OFFICE")?);
            let request = args.get(2).map_or("BENCH-1", String::as_str);
            foldcheck::run(&office_dir, request)?;
        }
        Some("search") => {
            let office_dir = PathBuf::from(arg(1).context("OFFICE")?);
            let rounds = num(2, 5)?.max(2);
            let only = args
                .iter()
                .position(|a| a == "--only")
                .and_then(|i| args.get(i + 1))
                .cloned();
            let mix: Vec<_> = search::queries(60)
                .into_iter()
                .filter(|(k, _)| only.as_deref().is_none_or(|o| o == *k))
                .collect();
            let fold = args.iter().any(|a| a == "--fold");
            let samples = runtime()?.block_on(async {
                let (office, me) = search::open(&office_dir).await?;
                let mut all = vec![];
                for round in 0..rounds {
                    let s = search::run_once(&office, &me, "BENCH-1", &mix, fold).await?;
                    // The first round warms the page cache and the index readers.
                    if round > 0 {
                        all.extend(s);
                    }
                }
                office.close().await;
                anyhow::Ok(all)
            })?;
            search::report("search", &samples);
            let (index, text) = (
                search::du(&office_dir.join("index")),
                search::text_bytes(&office_dir)?,
            );
            println!(
                "{{\"what\": \"index size\", \"index_bytes\": {index}, \"text_bytes\": {text}, \"ratio\": {:.2}, \"peak_rss_mb\": {:.0}}}",
                index as f64 / text.max(1) as f64,
                peak_rss_mb()
            );
        }
        Some("search-merge") => {
            // Merge every segment into one: requests then share a segment, and every search
            // pays the request filter (the worst case for an office with several requests).
            let dir = PathBuf::from(arg(1).context("OFFICE")?).join("index");
            let index = tantivy::Index::open_in_dir(&dir)?;
            let ids = index.searchable_segment_ids()?;
            let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 100_000_000)?;
            let started = Instant::now();
            if ids.len() > 1 {
                w.merge(&ids).wait()?;
            }
            w.wait_merging_threads()?;
            println!(
                "{{\"what\": \"merge\", \"segments_before\": {}, \"secs\": {:.1}}}",
                ids.len(),
                started.elapsed().as_secs_f64()
            );
        }
        Some("redact-terms") => {
            // A terms list of N rare words (frequency ranks 19,000 and up of the Zipf
            // vocabulary) redacted across every record of a request.
            let office_dir = PathBuf::from(arg(1).context("OFFICE")?);
            let reference = arg(2).context("REQUEST")?.to_string();
            let n = num(3, 1000)?;
            let vocab = bench::Vocab::zipf(search::VOCAB);
            let terms: Vec<String> = (0..n)
                .map(|i| vocab.word(search::VOCAB - i).to_string())
                .collect();
            runtime()?.block_on(async {
                let (office, me) = search::open(&office_dir).await?;
                let started = Instant::now();
                let r = office
                    .redact(
                        &me,
                        &reference,
                        &office::RedactBy::Terms {
                            values: terms,
                            ignore_case: false,
                        },
                        office::RedactTarget::AllDocs,
                        "7928.300",
                        None,
                    )
                    .await?;
                println!(
                    "{{\"what\": \"redact terms\", \"terms\": {n}, \"searched\": {}, \"records\": {}, \"redactions\": {}, \"secs\": {:.1}, \"peak_rss_mb\": {:.0}}}",
                    r.searched,
                    r.records,
                    r.redactions,
                    started.elapsed().as_secs_f64(),
                    peak_rss_mb()
                );
                office.close().await;
                anyhow::Ok(())
            })?;
        }
        Some("export") => {
            let dir = PathBuf::from(arg(1).context("DIR")?);
            let runs = num(2, 3)?;
            let ocr = args.iter().any(|a| a == "--ocr");
            let dpi = args
                .iter()
                .position(|a| a == "--dpi")
                .and_then(|i| args.get(i + 1))
                .map(|s| s.parse::<u32>())
                .transpose()?
                .unwrap_or(150);
            let rt = runtime()?;
            let mut rates = vec![];
            for run in 0..runs {
                let f = rt.block_on(export::run(&dir, ocr, dpi))?;
                let rate = f.pages as f64 / f.secs;
                println!(
                    "{{\"run\": {run}, \"what\": \"export\", \"records\": {}, \"pages\": {}, \"redactions\": {}, \"secs\": {:.2}, \"pages_per_s\": {rate:.1}, \"kb_per_page\": {:.1}, \"export_peak_rss_mb\": {:.0}, \"export_rss_growth_mb\": {:.0}}}",
                    f.records,
                    f.pages,
                    f.redactions,
                    f.secs,
                    f.bytes_per_page / 1024.0,
                    f.peak_rss_mb,
                    f.rss_growth_mb
                );
                rates.push(rate);
            }
            println!(
                "{{\"what\": \"export\", \"median_pages_per_s\": {:.1}}}",
                median(&mut rates)
            );
        }
        Some("follow") => {
            // Team mode: a second desk on OFFICE's server. Its first catch-up indexes every
            // record; then each of N single redactions made at the first desk is timed from
            // its commit to the second desk's index having applied it.
            let office_dir = PathBuf::from(arg(1).context("OFFICE (a team office)")?);
            let n = num(2, 20)?;
            let (first_ms, mut ms) = runtime()?.block_on(search::follow(&office_dir, n))?;
            println!(
                "{{\"what\": \"follow\", \"first_catch_up_ms\": {first_ms:.0}, \"changes\": {n}, \"median_ms\": {:.1}, \"max_ms\": {:.1}}}",
                median(&mut ms),
                ms.iter().cloned().fold(0.0, f64::max)
            );
        }
        Some("release-corpus") => {
            let root = PathBuf::from(arg(1).context("ROOT (../shared/corpus)")?);
            let only = args
                .iter()
                .position(|a| a == "--only")
                .and_then(|i| args.get(i + 1))
                .cloned();
            let ocr = args.iter().any(|a| a == "--ocr");
            let scratch = std::env::temp_dir().join("disclose-corpus");
            let rt = runtime()?;
            // `--dir`: ROOT is one folder, released as one request.
            let list = if args.iter().any(|a| a == "--dir") {
                vec![(root.display().to_string(), root.clone())]
            } else {
                corpus::folders(&root, &scratch)?
            };
            for (name, dir) in list {
                if only.as_deref().is_some_and(|o| o != name) {
                    continue;
                }
                // One folder's failure is reported and the next one goes on.
                match rt.block_on(corpus::release(&name, &dir, ocr)) {
                    Ok(r) => println!("{}", serde_json::to_string(&r)?),
                    Err(e) => println!(
                        "{}",
                        serde_json::json!({"folder": name, "error": format!("{e:#}")})
                    ),
                }
            }
        }
        Some("installments") => {
            // One folder as one request, released in N installments and one of corrected copies.
            let dir = PathBuf::from(arg(1).context("DIR")?);
            let parts = num(2, 3)?;
            for i in runtime()?.block_on(corpus::installments(&dir, parts))? {
                println!("{}", serde_json::to_string(&i)?);
            }
        }
        Some("review") => {
            let dir = PathBuf::from(arg(1).context("DIR")?);
            let pages = num(2, 30)?;
            let f = runtime()?.block_on(review::run(&dir, pages))?;
            let mut record_ms = f.record_ms.clone();
            println!(
                "{{\"what\": \"review-record\", \"records\": {}, \"median_ms\": {:.1}, \"max_ms\": {:.1}}}",
                f.records,
                median(&mut record_ms),
                f.record_ms.iter().cloned().fold(0.0, f64::max)
            );
            for ((dpi, times), (_, kb)) in f.page_ms.iter().zip(&f.png_kb) {
                let mut t = times.clone();
                println!(
                    "{{\"what\": \"review-page\", \"dpi\": {dpi}, \"pages\": {}, \"median_ms\": {:.1}, \"max_ms\": {:.1}, \"png_kb\": {kb:.0}}}",
                    times.len(),
                    median(&mut t),
                    times.iter().cloned().fold(0.0, f64::max)
                );
            }
        }
        Some("search-during-ingest") => {
            let office_dir = PathBuf::from(arg(1).context("OFFICE")?);
            let dir = PathBuf::from(arg(2).context("DIR")?);
            let mix = search::queries(20);
            let samples = runtime()?.block_on(async {
                let (office, me) = search::open(&office_dir).await?;
                let office = std::sync::Arc::new(office);
                if office.request(&me, "BENCH-2").await.is_err() {
                    office
                        .create_request(&me, "BENCH-2", "bench", "2026-01-02", "during ingest")
                        .await?;
                }
                let (o2, me2) = (office.clone(), me.clone());
                let ingest = tokio::spawn(async move {
                    let opts = office::IngestOptions {
                        ocr: false,
                        ..Default::default()
                    };
                    o2.ingest(&me2, "BENCH-2", &[dir], opts, &|_| {}).await
                });
                let started = Instant::now();
                let mut all = vec![];
                while !ingest.is_finished() {
                    all.extend(search::run_once(&office, &me, "BENCH-1", &mix, false).await?);
                }
                let r = ingest.await??;
                println!(
                    "{{\"what\": \"ingest meanwhile\", \"records\": {}, \"secs\": {:.1}}}",
                    r.counts.ingested,
                    started.elapsed().as_secs_f64()
                );
                anyhow::Ok(all)
            })?;
            search::report("search during ingest", &samples);
        }
        Some("threads") => {
            // Email conversations over a folder of messages (issue 18): counts and timing.
            let dir = PathBuf::from(arg(1).context("DIR")?);
            let mut files: Vec<PathBuf> = vec![];
            let mut stack = vec![dir];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d)? {
                    let p = e?.path();
                    if p.is_dir() {
                        stack.push(p)
                    } else {
                        files.push(p)
                    }
                }
            }
            files.sort();
            let started = std::time::Instant::now();
            let mut messages = vec![];
            for (i, p) in files.iter().enumerate() {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                let Ok(e) = extract::extract_file(
                    p,
                    &name,
                    extract::Kind::Email,
                    &extract::Options::default(),
                ) else {
                    continue;
                };
                messages.push(grouping::conversation::from_fields(
                    i as u64 + 1,
                    |k| e.fields.get(k).map(String::as_str),
                    &e.text,
                    e.attachments
                        .iter()
                        .map(|a| format!("{}:{}", a.name, a.bytes.len()))
                        .collect(),
                ));
            }
            let read = started.elapsed();
            let started = std::time::Instant::now();
            let placed = grouping::converse(&messages);
            let took = started.elapsed();
            let mut sizes: std::collections::HashMap<u64, usize> = Default::default();
            for p in &placed {
                *sizes.entry(p.conversation).or_default() += 1;
            }
            let multi = sizes.values().filter(|&&n| n > 1).count();
            let in_multi: usize = sizes.values().filter(|&&n| n > 1).sum();
            let inclusive = placed.iter().filter(|p| p.inclusive).count();
            let copies = placed.iter().filter(|p| p.copy_of.is_some()).count();
            println!(
                "{} messages read in {:.1} s; threaded in {:.2} s",
                messages.len(),
                read.as_secs_f64(),
                took.as_secs_f64()
            );
            println!(
                "{} conversations, {multi} of two or more messages ({in_multi} messages); {copies} copies; {inclusive} inclusive ({:.1} %)",
                sizes.len(),
                100.0 * inclusive as f64 / placed.len().max(1) as f64
            );
            if let Some(show) = arg(2) {
                // Print the members of the N largest conversations, for a look.
                let n: usize = show.parse().unwrap_or(3);
                let mut big: Vec<(&u64, &usize)> = sizes.iter().collect();
                big.sort_by(|a, b| b.1.cmp(a.1));
                for (c, size) in big.into_iter().take(n) {
                    println!("== conversation {c} ({size})");
                    for (m, p) in messages
                        .iter()
                        .zip(&placed)
                        .filter(|(_, p)| p.conversation == *c)
                    {
                        println!(
                            "  {} parent {:?} inclusive {} | {} | {}",
                            m.id,
                            p.parent,
                            p.inclusive,
                            m.subject,
                            files[m.id as usize - 1].display()
                        );
                    }
                }
            }
        }
        Some("pst-write") => {
            // An Outlook mailbox of N messages (testkit's PST writer), for pst-ingest: written
            // by its own process so that its memory is not counted against ingest's.
            let path = PathBuf::from(arg(1).context("PATH")?);
            let n = num(2, 100_000)?;
            let ansi = args.iter().any(|a| a == "--ansi");
            testkit::pst_writer::write_many(&path, n, ansi)?;
            println!(
                "{{\"messages\": {n}, \"ansi\": {ansi}, \"bytes\": {}}}",
                std::fs::metadata(&path)?.len()
            );
        }
        Some("pst-ingest") => {
            // A folder holding a mailbox (pst-write), ingested `runs` times: records per second
            // (the mailbox and each item) and peak memory (issue 17).
            let dir = PathBuf::from(arg(1).context("DIR")?);
            let runs = num(2, 3)?;
            let rt = runtime()?;
            let mut rates = vec![];
            for run in 0..runs {
                let r = rt.block_on(ingest(&dir, false, run))?;
                let rate = r.records as f64 / r.secs;
                println!(
                    "{{\"run\": {run}, \"what\": \"pst-ingest\", \"records\": {}, \"failed\": {}, \"secs\": {:.2}, \"records_per_s\": {rate:.0}}}",
                    r.records, r.failed, r.secs
                );
                rates.push(rate);
            }
            println!(
                "{{\"what\": \"pst-ingest\", \"median_records_per_s\": {:.0}, \"peak_rss_mb\": {:.0}}}",
                median(&mut rates),
                peak_rss_mb()
            );
        }
        Some("review-scale") => {
            let dir = PathBuf::from(arg(1).context("DIR")?);
            let bulk = num(2, 50_000)?;
            runtime()?.block_on(review_scale(&dir, bulk))?;
        }
        Some("near-dups") => {
            // Near-duplicate groups over a folder of files (issue 18): counts and timing.
            let dir = PathBuf::from(arg(1).context("DIR")?);
            let threshold: f64 = arg(2)
                .map(|t| t.parse())
                .transpose()?
                .unwrap_or(grouping::near_dup::DEFAULT_THRESHOLD);
            let mut files: Vec<PathBuf> = vec![];
            let mut stack = vec![dir];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d)? {
                    let p = e?.path();
                    if p.is_dir() {
                        stack.push(p)
                    } else {
                        files.push(p)
                    }
                }
            }
            files.sort();
            let started = std::time::Instant::now();
            let mut docs = vec![];
            for (i, p) in files.iter().enumerate() {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                let Ok(kind) = extract::sniff_file(p, &name) else {
                    continue;
                };
                let Ok(e) = extract::extract_file(p, &name, kind, &extract::Options::default())
                else {
                    continue;
                };
                let text = match kind {
                    extract::Kind::Email | extract::Kind::Msg => e
                        .text
                        .split_once("\n\n")
                        .map(|(_, b)| b.to_string())
                        .unwrap_or(e.text),
                    _ => e.text,
                };
                docs.push(grouping::Doc {
                    id: i as u64 + 1,
                    text,
                });
            }
            let read = started.elapsed();
            let started = std::time::Instant::now();
            let found = grouping::near_duplicates(&docs, threshold);
            let took = started.elapsed();
            let groups: std::collections::BTreeSet<u64> = found.iter().map(|n| n.group).collect();
            println!(
                "{} records read in {:.1} s; grouped in {:.2} s at threshold {threshold}",
                docs.len(),
                read.as_secs_f64(),
                took.as_secs_f64()
            );
            println!(
                "{} near-duplicate groups holding {} records",
                groups.len(),
                found.len()
            );
            if let Some(n) = arg(3) {
                let n: usize = n.parse().unwrap_or(3);
                for g in groups.iter().take(n) {
                    println!("== group {g}");
                    for m in found.iter().filter(|m| m.group == *g) {
                        println!(
                            "  {:.3}  {}",
                            m.similarity,
                            files[m.id as usize - 1].display()
                        );
                    }
                }
            }
        }
        Some("window-office") => {
            let office_dir = PathBuf::from(arg(1).context("OFFICE")?);
            if args.iter().any(|a| a == "--core") {
                runtime()?.block_on(window::core(&office_dir))?;
            } else {
                runtime()?.block_on(window::build(&office_dir, num(2, 500_000)?))?;
            }
        }
        Some("read") => {
            // What extraction makes of each file, for comparing readers (scripts/compare-doc-readers).
            for p in &args[1..] {
                let path = PathBuf::from(p);
                let name = path.file_name().map(|n| n.to_string_lossy().to_string());
                let name = name.unwrap_or_default();
                let kind = extract::sniff_file(&path, &name)?;
                match extract::extract_file(&path, &name, kind, &extract::Options::default()) {
                    Ok(e) => println!("=== {p}\n{}", e.text),
                    Err(f) => println!("=== {p}\nFAILED {f}"),
                }
            }
        }
        _ => bail!(
            "usage: disclose-bench gen-emails|gen-pdfs|baseline|ingest|search-build|search|search-during-ingest|read … (see the source's doc)"
        ),
    }
    Ok(())
}
