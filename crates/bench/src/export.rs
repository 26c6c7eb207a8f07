//! The export benchmark: a collection ingested into a fresh office, a common word ("vendor")
//! and personal information found by the detectors (phones, e-mail addresses, SSNs) redacted
//! on every record, approved by two people, then exported — the figure is the export alone:
//! every page rendered or typeset, written twice (the record's copy and the combined
//! release), read back with pdftotext and checked.

use anyhow::{Result, bail};
use std::path::Path;
use std::time::Instant;

pub struct Figures {
    pub records: usize,
    pub pages: usize,
    pub secs: f64,
    pub bytes_per_page: f64,
    pub redactions: u64,
    pub peak_rss_mb: f64,
    /// How far the export raised resident memory above where it started.
    pub rss_growth_mb: f64,
}

/// Resets the kernel's peak-RSS mark (to the current RSS), so that the export's own peak can
/// be read after.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Resident memory now, in MB (Linux).
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

pub async fn run(dir: &Path, ocr: bool, dpi: u32) -> Result<Figures> {
    let tmp = tempfile::tempdir()?;
    let bench::Staff {
        office,
        sue,
        olga,
        sam,
    } = bench::release_office(&tmp.path().join("office"), "BENCH-1", "export benchmark").await?;
    let opts = office::IngestOptions {
        ocr,
        ..Default::default()
    };
    let r = office
        .ingest(&sue, "BENCH-1", &[dir.to_path_buf()], opts, &|_| {})
        .await?;
    if r.counts.failed > 0 {
        bail!("{} files failed to ingest", r.counts.failed);
    }
    use office::DetectorKind as K;
    // A common word of the generated text (several on every page) and the detectors.
    let words = office
        .redact(
            &sue,
            "BENCH-1",
            &office::RedactBy::Text {
                value: "vendor".into(),
                ignore_case: true,
            },
            office::RedactTarget::AllDocs,
            "7927.700",
            None,
        )
        .await?
        .redactions;
    let redactions = words
        + office
            .redact(
                &sue,
                "BENCH-1",
                &office::RedactBy::Detect(vec![K::Phone, K::Email, K::Ssn]),
                office::RedactTarget::AllDocs,
                "7928.300",
                None,
            )
            .await?
            .redactions;
    office
        .set_undecided(&sue, "BENCH-1", office::Disposition::Release.as_str())
        .await?;
    office.submit(&olga, "BENCH-1").await?;
    office.approve(&sam, "BENCH-1", None).await?;
    let out = tmp.path().join("export");
    let mut eo = office::ExportOptions::new(&out);
    eo.dpi = dpi;
    reset_peak_rss();
    let before = rss_mb();
    let started = Instant::now();
    let report = office.export(&olga, "BENCH-1", &eo, |_| {}).await?;
    let secs = started.elapsed().as_secs_f64();
    let peak = crate::peak_rss_mb();
    let record_bytes: u64 = report
        .files
        .iter()
        .filter(|f| f.path.starts_with("records/"))
        .map(|f| f.size)
        .sum();
    office.close().await;
    Ok(Figures {
        records: report.records,
        pages: report.pages,
        secs,
        bytes_per_page: record_bytes as f64 / report.pages.max(1) as f64,
        redactions,
        peak_rss_mb: peak,
        rss_growth_mb: peak - before,
    })
}
