//! Search latency: a fixed, seeded mix of queries against an office built once from a
//! generated collection (words with Zipf frequencies), timed end to end through
//! `Office::search` — the query, exact total, facet counts over every match, the top 20 read
//! back from SQLite with their snippets.

use anyhow::{Context, Result, bail};
use bench::{Rng, Vocab};
use office::{Actor, Office, SearchOptions};
use std::path::Path;
use std::time::Instant;

pub const PW: &str = "benchmark password";
pub const VOCAB: usize = 20_000;

pub async fn open(office_dir: &Path) -> Result<(Office, Actor)> {
    let office = bench::open_office(office_dir, "bench", PW).await?;
    let me = office.sign_in("bench", PW).await?;
    Ok((office, me))
}

/// Creates an office at `office_dir` and ingests `dir` into request BENCH-1.
pub async fn build(dir: &Path, office_dir: &Path) -> Result<()> {
    if office_dir.exists() {
        bail!("{} exists: give a new folder", office_dir.display());
    }
    let backend = bench::place_office(office_dir, "search").await?;
    println!("{{\"what\": \"office\", \"backend\": \"{backend}\"}}");
    let office = bench::new_office(office_dir, "bench", "", PW).await?;
    let me = office.sign_in("bench", PW).await?;
    office
        .create_request(&me, "BENCH-1", "bench", "2026-01-02", "benchmark")
        .await?;
    let started = Instant::now();
    let r = office
        .ingest(
            &me,
            "BENCH-1",
            &[dir.to_path_buf()],
            office::IngestOptions {
                ocr: false,
                ..Default::default()
            },
            &|_| {},
        )
        .await?;
    println!(
        "{{\"what\": \"build\", \"records\": {}, \"failed\": {}, \"secs\": {:.1}}}",
        r.counts.ingested + r.counts.duplicates,
        r.counts.failed,
        started.elapsed().as_secs_f64()
    );
    office.close().await;
    Ok(())
}

/// The query mix: words drawn log-uniformly by frequency rank (so as many common as rare
/// ones), in four shapes; and two-word phrases of the 64 most common words.
pub fn queries(n: usize) -> Vec<(&'static str, String)> {
    let v = Vocab::zipf(VOCAB);
    let mut rng = Rng::new(7);
    let rank = |rng: &mut Rng| {
        let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((VOCAB as f64).ln() * u).exp() as usize
    };
    let mut out = vec![];
    for i in 0..n {
        let (a, b, c) = (rank(&mut rng), rank(&mut rng), rank(&mut rng));
        let (a, b, c) = (v.word(a.max(1)), v.word(b.max(1)), v.word(c.max(1)));
        out.push(("term", a.to_string()));
        out.push((
            "boolean",
            match i % 4 {
                0 => format!("{a} AND {b}"),
                1 => format!("{a} OR {b}"),
                2 => format!("{a} -{b}"),
                _ => format!("({a} OR {b}) {c}"),
            },
        ));
        let (p, q) = (1 + rng.below(64), 1 + rng.below(64));
        out.push(("phrase", format!("\"{} {}\"", v.word(p), v.word(q))));
    }
    out
}

pub struct Sample {
    pub kind: &'static str,
    pub micros: f64,
    pub took_ms: u64,
    pub total: u64,
}

pub async fn run_once(
    office: &Office,
    me: &Actor,
    reference: &str,
    mix: &[(&'static str, String)],
    fold: bool,
) -> Result<Vec<Sample>> {
    let mut out = vec![];
    for (kind, q) in mix {
        let t = Instant::now();
        let opts = SearchOptions {
            fold,
            ..SearchOptions::default()
        };
        let r = office
            .search(me, reference, q, opts)
            .await
            .with_context(|| format!("query {q}"))?;
        out.push(Sample {
            kind,
            micros: t.elapsed().as_secs_f64() * 1e6,
            took_ms: r.took_ms,
            total: r.total,
        });
    }
    Ok(out)
}

pub fn percentile(xs: &mut [f64], p: f64) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    let i = ((xs.len() as f64 - 1.0) * p).round() as usize;
    xs[i.min(xs.len() - 1)]
}

pub fn report(what: &str, samples: &[Sample]) {
    if std::env::var_os("DISCLOSE_BENCH_SAMPLES").is_some() {
        for s in samples {
            eprintln!(
                "{}\t{}\t{:.2}\t{}",
                s.kind,
                s.total,
                s.micros / 1000.0,
                s.took_ms
            );
        }
    }
    for kind in ["term", "boolean", "phrase"] {
        let s: Vec<&Sample> = samples.iter().filter(|s| s.kind == kind).collect();
        if s.is_empty() {
            continue;
        }
        let mut ms: Vec<f64> = s.iter().map(|s| s.micros / 1000.0).collect();
        let mut totals: Vec<f64> = s.iter().map(|s| s.total as f64).collect();
        let mut took: Vec<f64> = s.iter().map(|s| s.took_ms as f64).collect();
        println!(
            "{{\"what\": \"{what}\", \"queries\": \"{kind}\", \"n\": {}, \"p50_ms\": {:.2}, \"p90_ms\": {:.2}, \"p99_ms\": {:.2}, \"max_ms\": {:.2}, \"took_ms_p50\": {:.0}, \"hits_p50\": {:.0}, \"hits_max\": {:.0}}}",
            s.len(),
            percentile(&mut ms, 0.5),
            percentile(&mut ms, 0.9),
            percentile(&mut ms, 0.99),
            percentile(&mut ms, 1.0),
            percentile(&mut took, 0.5),
            percentile(&mut totals, 0.5),
            percentile(&mut totals, 1.0),
        );
    }
}

/// Bytes of the files under `dir`.
pub fn du(dir: &Path) -> u64 {
    let mut n = 0;
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => n += du(&e.path()),
                Ok(_) => n += e.metadata().map(|m| m.len()).unwrap_or(0),
                Err(_) => {}
            }
        }
    }
    n
}

/// Bytes of extracted text in the office (records' text, as SQLite stores it), via `sqlite3`.
pub fn text_bytes(office_dir: &Path) -> Result<u64> {
    if !office_dir.join("disclose.db").exists() || office_dir.join(office::VAULT_FILE).exists() {
        // A team office: its text is on the server (the ratio is the same office's anyway);
        // an encrypted one: the sqlite3 shell cannot read it.
        return Ok(0);
    }
    let out = std::process::Command::new("sqlite3")
        .arg(office_dir.join("disclose.db"))
        .arg("SELECT COALESCE(SUM(LENGTH(CAST(text AS BLOB))), 0) FROM records")
        .output()
        .context("sqlite3 (scripts/deps installs it)")?;
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .context("the text size")
}

/// A new desk of the team office at `office_dir`: a data folder of its own (kept as long as
/// the returned folder lives), joined to the office's server, opened.
pub async fn new_desk(office_dir: &Path) -> Result<(Office, tempfile::TempDir)> {
    let placement = store::team::placement(office_dir, &Default::default())?;
    let Some(url) = placement.database_url else {
        bail!("{} is not a team office", office_dir.display());
    };
    let desk = tempfile::tempdir()?;
    office::join_team(
        &office::Config::new(desk.path()),
        &url,
        placement.originals.as_deref(),
        Some(&office_dir.join(store::key::KEY_FILE)),
        // The benchmark's desks use the server's own login.
        true,
    )
    .await?;
    let office = Office::open(office::Config::new(desk.path())).await?;
    Ok((office, desk))
}

/// See `disclose-bench follow`: (first catch-up of a new desk, each later change) in ms.
pub async fn follow(office_dir: &Path, n: usize) -> Result<(f64, Vec<f64>)> {
    let (a, me) = open(office_dir).await?;
    let (b, _desk) = new_desk(office_dir).await?;
    let started = Instant::now();
    b.follow_changes().await?;
    let first = started.elapsed().as_secs_f64() * 1e3;
    let mut times = vec![];
    // Records not redacted by an earlier run (a redaction already there is no change).
    let base = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .subsec_nanos() as i64
        % 50_000;
    for i in 0..n {
        let id = office::RecordId(1 + base + i as i64 * 37);
        a.redact(
            &me,
            "BENCH-1",
            &office::RedactBy::Span { start: 0, end: 4 },
            office::RedactTarget::Doc(id),
            "7927.700",
            None,
        )
        .await?;
        let t = Instant::now();
        let applied = b.follow_changes().await?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
        if applied != 1 {
            bail!("the second desk applied {applied} changes, not 1");
        }
    }
    a.close().await;
    b.close().await;
    Ok((first, times))
}
