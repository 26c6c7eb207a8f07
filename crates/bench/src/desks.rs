//! Several desks on one team office at once (issue 25): each desk a process of its own with
//! its own data folder, joined to the office's PostgreSQL server as `disclose join` does.
//!
//! Each desk first catches its own search index up with the server (timed: a new desk's first
//! catch-up), then, at the same time, ingests its own folder into a request of its own and
//! decides records of the office's request BENCH-1 one by one, as a clerk clicking through
//! does (`Office::set_disposition`, alternately `release` and `not-responsive`, each timed
//! from the call to its commit). The parent starts every desk together and gathers what each
//! measured.

use anyhow::{Context, Result, bail};
use office::RecordId;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Instant;

/// What one desk measured.
#[derive(Serialize, Deserialize, Debug)]
pub struct Desk {
    pub desk: usize,
    pub first_catch_up_s: f64,
    pub records_caught_up: u64,
    pub ingested: u64,
    pub ingest_s: f64,
    pub ingest_per_s: f64,
    pub decisions: usize,
    /// Every decision's time, in ms.
    pub decision_ms: Vec<f64>,
}

/// Runs desk `n` of a team office (the child process's side).
pub async fn desk(office_dir: &Path, n: usize, dir: &Path, records: i64) -> Result<Desk> {
    let (office, _data) = crate::search::new_desk(office_dir).await?;
    let me = office.sign_in("bench", crate::search::PW).await?;
    let started = Instant::now();
    let caught_up = office.follow_changes().await?;
    let first_catch_up_s = started.elapsed().as_secs_f64();

    // A request of its own per desk and per run (runs of 1, 2 and 5 desks share the office).
    let reference = format!("DESK-{}-{n}", std::process::id());
    office
        .create_request(
            &me,
            &reference,
            "bench",
            "2026-01-02",
            "a desk's own request",
        )
        .await?;
    let done = std::sync::atomic::AtomicBool::new(false);
    let ingest = async {
        let started = Instant::now();
        let r = office
            .ingest(
                &me,
                &reference,
                &[dir.to_path_buf()],
                office::IngestOptions {
                    ocr: false,
                    // One extraction thread a desk: five desks share two cores.
                    workers: 1,
                    ..Default::default()
                },
                &|_| {},
            )
            .await;
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        let r = r?;
        anyhow::Ok((r.counts.ingested, started.elapsed().as_secs_f64()))
    };
    let review = async {
        let mut ms = vec![];
        // Records of BENCH-1 spread over the whole request, a different stride per desk.
        let mut id = 1 + n as i64 * 7919;
        let mut i = 0;
        while !done.load(std::sync::atomic::Ordering::Relaxed) {
            id = 1 + (id + 104_729) % records;
            let disposition = if i % 2 == 0 {
                "release"
            } else {
                "not-responsive"
            };
            let t = Instant::now();
            office
                .set_disposition(&me, "BENCH-1", RecordId(id), disposition)
                .await
                .with_context(|| format!("deciding record {id}"))?;
            ms.push(t.elapsed().as_secs_f64() * 1e3);
            i += 1;
        }
        anyhow::Ok(ms)
    };
    let (ingested, review) = tokio::join!(ingest, review);
    let (ingested, ingest_s) = ingested?;
    let decision_ms = review?;
    office.close().await;
    Ok(Desk {
        desk: n,
        first_catch_up_s,
        records_caught_up: caught_up,
        ingested,
        ingest_s,
        ingest_per_s: ingested as f64 / ingest_s,
        decisions: decision_ms.len(),
        decision_ms,
    })
}

/// Starts `desks` desk processes on `office_dir` together, each ingesting `dir/desk-N`, and
/// prints each desk's figures and all of them together.
pub fn run(office_dir: &Path, desks: usize, dir: &Path, records: i64) -> Result<()> {
    let exe = std::env::current_exe()?;
    let started = Instant::now();
    let children: Vec<_> = (0..desks)
        .map(|n| {
            std::process::Command::new(&exe)
                .arg("desk")
                .arg(office_dir)
                .arg(n.to_string())
                .arg(dir.join(format!("desk-{n}")))
                .arg(records.to_string())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .context("starting a desk")
        })
        .collect::<Result<_>>()?;
    let mut all = vec![];
    for c in children {
        let out = c.wait_with_output()?;
        if !out.status.success() {
            bail!("a desk failed ({})", out.status);
        }
        let line = String::from_utf8_lossy(&out.stdout);
        let d: Desk = serde_json::from_str(line.trim()).context("a desk's figures")?;
        all.push(d);
    }
    let wall = started.elapsed().as_secs_f64();
    let mut every: Vec<f64> = all.iter().flat_map(|d| d.decision_ms.clone()).collect();
    for d in &all {
        let mut ms = d.decision_ms.clone();
        println!(
            "{{\"what\": \"desk\", \"desk\": {}, \"first_catch_up_s\": {:.1}, \"records_caught_up\": {}, \"ingested\": {}, \"ingest_per_s\": {:.0}, \"decisions\": {}, \"decision_p50_ms\": {:.1}, \"decision_p99_ms\": {:.1}}}",
            d.desk,
            d.first_catch_up_s,
            d.records_caught_up,
            d.ingested,
            d.ingest_per_s,
            d.decisions,
            crate::search::percentile(&mut ms, 0.5),
            crate::search::percentile(&mut ms, 0.99),
        );
    }
    let ingested: u64 = all.iter().map(|d| d.ingested).sum();
    let longest = all.iter().map(|d| d.ingest_s).fold(0.0, f64::max);
    println!(
        "{{\"what\": \"desks\", \"desks\": {desks}, \"ingested\": {ingested}, \"together_per_s\": {:.0}, \"wall_s\": {wall:.1}, \"decisions\": {}, \"decisions_per_s\": {:.0}, \"decision_p50_ms\": {:.1}, \"decision_p99_ms\": {:.1}}}",
        ingested as f64 / longest,
        every.len(),
        every.len() as f64 / longest,
        crate::search::percentile(&mut every, 0.5),
        crate::search::percentile(&mut every, 0.99),
    );
    Ok(())
}
