//! Extract-only throughput: sniff + extract every file under a folder on N threads (no OCR).
//! Reports files/s, MB/s and, for PDFs, pages/s.
//!
//! cargo run --release -p extract --example throughput -- DIR [--threads N] [--repeat R]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        match std::fs::metadata(&p) {
            Ok(t) if t.is_dir() => collect(&p, out),
            Ok(t) if t.is_file() && !p.to_string_lossy().ends_with(".tar.gz") => out.push(p),
            _ => {}
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut threads = 2usize;
    let mut repeat = 1usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--threads" => threads = args.next().and_then(|v| v.parse().ok()).expect("N"),
            "--repeat" => repeat = args.next().and_then(|v| v.parse().ok()).expect("R"),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir = dir.expect("usage: throughput DIR [--threads N] [--repeat R]");
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.sort();
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    // Warm the page cache.
    for f in &files {
        let _ = std::fs::read(f);
    }
    let opts = extract::Options::default();
    let next = AtomicUsize::new(0);
    let ok = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let pages = AtomicUsize::new(0);
    let text_bytes = AtomicUsize::new(0);
    let total = files.len() * repeat;
    let t = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total {
                        break;
                    }
                    let f = &files[i % files.len()];
                    let name = f.file_name().unwrap_or_default().to_string_lossy();
                    let kind = extract::sniff_file(f, &name).unwrap_or(extract::Kind::Unknown);
                    match extract::extract_file(f, &name, kind, &opts) {
                        Ok(e) => {
                            ok.fetch_add(1, Ordering::Relaxed);
                            pages.fetch_add(e.pages.len(), Ordering::Relaxed);
                            text_bytes.fetch_add(e.text.len(), Ordering::Relaxed);
                        }
                        Err(_) => {
                            failed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            });
        }
    });
    let secs = t.elapsed().as_secs_f64();
    let pages = pages.into_inner();
    println!(
        "{} files ({} ok, {} failed) in {:.2} s on {threads} threads: {:.0} files/s, {:.1} MB/s in, {:.1} MB text out{}",
        total,
        ok.into_inner(),
        failed.into_inner(),
        secs,
        total as f64 / secs,
        (bytes * repeat as u64) as f64 / secs / 1e6,
        text_bytes.into_inner() as f64 / 1e6,
        if pages > 0 {
            format!(", {pages} pages = {:.0} pages/s", pages as f64 / secs)
        } else {
            String::new()
        }
    );
}
