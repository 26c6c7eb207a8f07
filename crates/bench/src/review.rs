//! The review screen's costs in the core, as the window pays them: a record read for the side
//! by side view (the original and its release version, one read), and a page rendered to a
//! PNG at screen resolutions.

use anyhow::Result;
use std::path::Path;
use std::time::Instant;

const PW: &str = "correct horse 1";

pub struct Figures {
    pub records: usize,
    /// Milliseconds per record read (record view + release view), each record once.
    pub record_ms: Vec<f64>,
    /// Milliseconds per page picture, by dpi.
    pub page_ms: Vec<(u32, Vec<f64>)>,
    pub png_kb: Vec<(u32, f64)>,
}

pub async fn run(dir: &Path, pages: usize) -> Result<Figures> {
    let tmp = tempfile::tempdir()?;
    let office = office::Office::init(
        office::Config::new(tmp.path().join("office")),
        "sue",
        "Sue",
        PW,
    )
    .await?;
    let sue = office.sign_in("sue", PW).await?;
    office
        .create_request(&sue, "BENCH-1", "bench", "2026-11-02", "review benchmark")
        .await?;
    let opts = office::IngestOptions {
        ocr: false,
        ..Default::default()
    };
    office
        .ingest(&sue, "BENCH-1", &[dir.to_path_buf()], opts, &|_| {})
        .await?;
    let records = office.records(&sue, "BENCH-1").await?;
    let mut record_ms = vec![];
    let mut paged = vec![];
    for r in &records {
        let t = Instant::now();
        let view = office.record_view(&sue, "BENCH-1", r.id).await?;
        let _release = office.release_of(&view).await?;
        record_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        if !view.pages.is_empty() {
            paged.push(r.id);
        }
    }
    let mut page_ms = vec![];
    let mut png_kb = vec![];
    for dpi in [72, 96, 144] {
        let mut times = vec![];
        let mut bytes = 0usize;
        for id in paged.iter().take(pages) {
            let t = Instant::now();
            let img = office.page_image(&sue, "BENCH-1", *id, 1, dpi).await?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            bytes += img.png.len();
        }
        png_kb.push((dpi, bytes as f64 / times.len().max(1) as f64 / 1024.0));
        page_ms.push((dpi, times));
    }
    office.close().await;
    Ok(Figures {
        records: records.len(),
        record_ms,
        page_ms,
        png_kb,
    })
}
