//! Robustness sweep: sniff + extract (+ OCR of at most one page) every file under a folder,
//! each in its own worker thread with a wall-clock limit; attachments and zip entries are
//! extracted too (as the pipeline would). Prints per-kind ok/failed counts, failure reasons,
//! panics and hangs; exits non-zero on a panic or a hang.
//!
//! cargo run --release -p extract --example sweep -- [DIR] [--no-ocr] [--limit SECS] [--quiet]
//!
//! DIR defaults to ../shared/corpus; *.tar.gz / *.tgz files are skipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use extract::{ArchiveLimits, Kind, Options};

#[derive(Default)]
struct Tally {
    ok: usize,
    failed: usize,
    secs: f64,
}

#[derive(Debug)]
enum Outcome {
    Ok,
    Failed(String),
    Panic(String),
    /// A child process (poppler, tesseract) killed at its time limit: handled, reported.
    Timeout(String),
    Hang,
}

struct Report {
    path: String,
    kind: Kind,
    outcome: Outcome,
    ocr: Option<Outcome>,
    secs: f64,
    nested: Vec<Report>,
}

fn main() {
    let mut dir = PathBuf::from("../shared/corpus");
    let mut do_ocr = true;
    let mut limit = Duration::from_secs(180);
    let mut quiet = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--no-ocr" => do_ocr = false,
            "--quiet" => quiet = true,
            "--limit" => {
                limit = Duration::from_secs(
                    args.next()
                        .and_then(|v| v.parse().ok())
                        .expect("--limit SECS"),
                )
            }
            _ => dir = PathBuf::from(a),
        }
    }
    if !dir.is_dir() {
        eprintln!("sweep: no folder at {}", dir.display());
        std::process::exit(2);
    }
    // Panics are caught and counted; keep their messages short.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("PANIC: {info}");
    }));
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.sort();
    eprintln!("sweep: {} files under {}", files.len(), dir.display());
    let scratch = tempfile::tempdir().expect("temp dir");

    let start = Instant::now();
    let mut reports = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let r = run_one(f, do_ocr, limit, scratch.path(), 0);
        if !quiet {
            let status = match &r.outcome {
                Outcome::Ok => "ok".to_string(),
                Outcome::Failed(m) => format!("failed: {m}"),
                Outcome::Panic(m) => format!("PANIC: {m}"),
                Outcome::Timeout(m) => format!("timeout: {m}"),
                Outcome::Hang => "HANG".to_string(),
            };
            eprintln!(
                "[{}/{}] {:.3}s {} {} {}",
                i + 1,
                files.len(),
                r.secs,
                r.kind,
                f.file_name().unwrap_or_default().to_string_lossy(),
                status
            );
        }
        reports.push(r);
    }
    let total = start.elapsed();

    let mut by_kind: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut nested_by_kind: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut bad = Vec::new();
    let mut ocr_tally = (0usize, 0usize);
    let mut slow: Vec<(f64, String)> = Vec::new();
    fn walk<'a>(
        r: &'a Report,
        top: bool,
        by_kind: &mut BTreeMap<&'static str, Tally>,
        nested_by_kind: &mut BTreeMap<&'static str, Tally>,
        reasons: &mut BTreeMap<String, usize>,
        bad: &mut Vec<&'a Report>,
        ocr_tally: &mut (usize, usize),
    ) {
        let t = if top {
            by_kind.entry(r.kind.as_str()).or_default()
        } else {
            nested_by_kind.entry(r.kind.as_str()).or_default()
        };
        t.secs += r.secs;
        match &r.outcome {
            Outcome::Ok => t.ok += 1,
            Outcome::Failed(m) => {
                t.failed += 1;
                // Group reasons by their stem: "damaged PDF", "encrypted", ...
                let stem = m.split(" (").next().unwrap_or(m).to_string();
                *reasons.entry(format!("{}: {stem}", r.kind)).or_default() += 1;
            }
            Outcome::Timeout(m) => {
                t.failed += 1;
                *reasons
                    .entry(format!("{}: {m} (child killed)", r.kind))
                    .or_default() += 1;
            }
            Outcome::Panic(_) | Outcome::Hang => {
                t.failed += 1;
                bad.push(r);
            }
        }
        match &r.ocr {
            Some(Outcome::Ok) => ocr_tally.0 += 1,
            Some(Outcome::Failed(_) | Outcome::Timeout(_)) => ocr_tally.1 += 1,
            Some(_) => bad.push(r),
            None => {}
        }
        for n in &r.nested {
            walk(n, false, by_kind, nested_by_kind, reasons, bad, ocr_tally);
        }
    }
    for r in &reports {
        walk(
            r,
            true,
            &mut by_kind,
            &mut nested_by_kind,
            &mut reasons,
            &mut bad,
            &mut ocr_tally,
        );
        slow.push((r.secs, r.path.clone()));
    }
    slow.sort_by(|a, b| b.0.total_cmp(&a.0));

    println!("\n== files by kind (top level) ==");
    println!(
        "{:<12} {:>6} {:>7} {:>9}",
        "kind", "ok", "failed", "seconds"
    );
    for (k, t) in &by_kind {
        println!("{k:<12} {:>6} {:>7} {:>9.2}", t.ok, t.failed, t.secs);
    }
    if !nested_by_kind.is_empty() {
        println!("\n== attachments and archive entries ==");
        for (k, t) in &nested_by_kind {
            println!("{k:<12} {:>6} {:>7} {:>9.2}", t.ok, t.failed, t.secs);
        }
    }
    println!("\n== failure reasons ==");
    for (r, n) in &reasons {
        println!("{n:>5}  {r}");
    }
    if do_ocr {
        println!(
            "\n== OCR (first page needing it) ==\n{} ok, {} failed",
            ocr_tally.0, ocr_tally.1
        );
    }
    println!("\n== slowest ==");
    for (s, p) in slow.iter().take(8) {
        println!("{s:>8.2}s  {p}");
    }
    println!(
        "\nsweep: {} files in {:.1} s; {} panics/hangs",
        files.len(),
        total.as_secs_f64(),
        bad.len()
    );
    for r in &bad {
        println!(
            "BAD {} [{}]: {:?} / ocr {:?}",
            r.path, r.kind, r.outcome, r.ocr
        );
    }
    if !bad.is_empty() {
        std::process::exit(1);
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            collect(&p, out);
        } else if ft.is_file() {
            let n = p.to_string_lossy();
            if !(n.ends_with(".tar.gz") || n.ends_with(".tgz")) {
                out.push(p);
            }
        }
    }
}

/// "took too long" from a PDF or an image means a child process was killed (handled); from an
/// in-process reader it means a thread that is still running: a hang.
fn classify(kind: Kind, r: Result<(), extract::Failure>) -> Outcome {
    match r {
        Ok(()) => Outcome::Ok,
        Err(f) if f.0.starts_with("internal error") => Outcome::Panic(f.0),
        Err(f) if f.0.starts_with("took too long") && kind.is_paged() => Outcome::Timeout(f.0),
        Err(f) if f.0.starts_with("took too long") => Outcome::Hang,
        Err(f) => Outcome::Failed(f.0),
    }
}

/// Sniffs and extracts one file in a worker thread, then its attachments / entries.
fn run_one(path: &Path, do_ocr: bool, limit: Duration, scratch: &Path, depth: usize) -> Report {
    let t = Instant::now();
    let (tx, rx) = mpsc::channel();
    let p = path.to_path_buf();
    std::thread::spawn(move || {
        let r = std::panic::catch_unwind(|| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let kind = extract::sniff_file(&p, &name).unwrap_or(Kind::Unknown);
            let opts = Options::default();
            let res = extract::extract_file(&p, &name, kind, &opts);
            let ocr = match &res {
                Ok(e) if do_ocr && !e.needs_ocr.is_empty() => Some(classify(
                    kind,
                    extract::ocr(&p, kind, &e.needs_ocr[..1], &opts).map(|_| ()),
                )),
                _ => None,
            };
            (kind, res, ocr)
        });
        let _ = tx.send(r);
    });
    let display = path.to_string_lossy().into_owned();
    let (kind, res, ocr) = match rx.recv_timeout(limit) {
        Ok(Ok(v)) => v,
        Ok(Err(p)) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            return Report {
                path: display,
                kind: Kind::Unknown,
                outcome: Outcome::Panic(msg),
                ocr: None,
                secs: t.elapsed().as_secs_f64(),
                nested: Vec::new(),
            };
        }
        Err(_) => {
            return Report {
                path: display,
                kind: Kind::Unknown,
                outcome: Outcome::Hang,
                ocr: None,
                secs: t.elapsed().as_secs_f64(),
                nested: Vec::new(),
            };
        }
    };
    let secs = t.elapsed().as_secs_f64();
    let mut nested = Vec::new();
    let outcome = match res {
        Ok(e) => {
            if depth < 3 {
                for (i, a) in e.attachments.iter().enumerate() {
                    let safe: String = a
                        .name
                        .chars()
                        .map(|c| {
                            if c.is_alphanumeric() || c == '.' || c == '-' {
                                c
                            } else {
                                '_'
                            }
                        })
                        .take(80)
                        .collect();
                    let sub = scratch.join(format!("d{depth}-{i}-{safe}"));
                    if std::fs::write(&sub, &a.bytes).is_ok() {
                        let mut r = run_one(&sub, false, limit, scratch, depth + 1);
                        r.path = format!("{display} > {}", a.name);
                        nested.push(r);
                        let _ = std::fs::remove_file(&sub);
                    }
                }
                if kind == Kind::Archive {
                    let mut n = 0usize;
                    let walked =
                        extract::walk_zip(path, &ArchiveLimits::default(), &mut |name, rd| {
                            let Ok(rd) = rd else { return Ok(()) };
                            let mut buf = Vec::new();
                            if rd.read_to_end(&mut buf).is_err() {
                                return Ok(());
                            }
                            n += 1;
                            let sub = scratch.join(format!("z{depth}-{n}"));
                            if std::fs::write(&sub, &buf).is_ok() {
                                let mut r = run_one(&sub, false, limit, scratch, depth + 1);
                                r.path = format!("{display} > {name}");
                                nested.push(r);
                                let _ = std::fs::remove_file(&sub);
                            }
                            Ok(())
                        });
                    if let Err(f) = walked {
                        eprintln!("walk_zip {display}: {f}");
                    }
                }
            }
            Outcome::Ok
        }
        Err(f) => classify(kind, Err(f)),
    };
    Report {
        path: display,
        kind,
        outcome,
        ocr,
        secs,
        nested,
    }
}
