//! A whole real request per folder of `../shared/corpus`, released as a city would: every
//! file ingested into one request, personal information every detector finds redacted (timed:
//! "Find personal info" over the whole request), every
//! record released, the release checked (the pre-flight), what it names handled as an
//! officer would (a record the checks cannot vouch for released as page images, one that
//! cannot be rendered or read marked not responsive), submitted, approved, exported and
//! verified. Prints one JSON line per folder: records, pages, the check's and the export's
//! pages per second, and every record that needed the fallback or could not go out, with
//! its reason. Not run by CI (minutes per folder); see BENCHMARKS.md.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::time::Instant;

const REF: &str = "CORPUS-1";

/// The folders, each a request of its own (tar.gz mailboxes unpacked first).
pub fn folders(root: &Path, scratch: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out = vec![];
    let enron = root.join("enron");
    if enron.is_dir() {
        let dir = scratch.join("enron");
        if !dir.is_dir() {
            std::fs::create_dir_all(&dir)?;
            for e in std::fs::read_dir(&enron)? {
                let p = e?.path();
                if p.extension().is_some_and(|x| x == "gz") {
                    let ok = std::process::Command::new("tar")
                        .arg("-C")
                        .arg(&dir)
                        .arg("-xzf")
                        .arg(&p)
                        .status()?;
                    if !ok.success() {
                        bail!("cannot unpack {}", p.display());
                    }
                }
            }
        }
        out.push(("enron".to_string(), dir));
    }
    for sub in [
        "email/mail-parser",
        "email/pst",
        "pdf/pypdf",
        "pdf/qpdf",
        "office/calamine",
        "office/python-docx",
    ] {
        let dir = root.join(sub);
        if dir.is_dir() {
            out.push((sub.to_string(), dir));
        }
    }
    Ok(out)
}

/// What one folder's release came to.
#[derive(Debug, serde::Serialize)]
pub struct Released {
    pub folder: String,
    /// Records ingested, copies, and files that could not be read.
    pub ingested: u64,
    pub duplicates: u64,
    pub failed: u64,
    pub records: usize,
    pub pages: usize,
    /// Every detector over every record, applied: seconds, redactions made, and megabytes of
    /// the files read per second (for mail, close to the text; for PDFs, not).
    pub detect_secs: f64,
    pub detect_redactions: u64,
    pub detect_file_mb_per_s: f64,
    pub check_secs: f64,
    pub check_pages_per_s: f64,
    /// The second check, with nothing changed: verdicts reused.
    pub recheck_secs: f64,
    pub submit_secs: f64,
    pub export_secs: f64,
    pub export_pages_per_s: f64,
    pub verify_secs: f64,
    pub verified: bool,
    /// Records released as page images (the checks could not vouch for their text), and why.
    pub as_images: Vec<(i64, String)>,
    /// Records that could not go out (not renderable, unreadable at ingest), and why.
    pub left_out: Vec<(i64, String)>,
    pub hidden_text_pages: usize,
    pub font_gaps: usize,
}

pub async fn release(folder: &str, dir: &Path, ocr: bool) -> Result<Released> {
    use office::DetectorKind as K;
    let tmp = tempfile::tempdir()?;
    let bench::Staff {
        office,
        sue,
        olga,
        sam,
    } = bench::release_office(&tmp.path().join("office"), REF, folder).await?;
    let opts = office::IngestOptions {
        ocr,
        ..Default::default()
    };
    let file_bytes = std::sync::atomic::AtomicU64::new(0);
    let ingested = office
        .ingest(&sue, REF, &[dir.to_path_buf()], opts, &|p| {
            file_bytes.store(p.bytes_total, std::sync::atomic::Ordering::Relaxed)
        })
        .await?;
    let started = Instant::now();
    let found = office
        .redact(
            &sue,
            REF,
            &office::RedactBy::Detect(K::ALL.to_vec()),
            office::RedactTarget::AllDocs,
            "7928.300",
            None,
        )
        .await?;
    let detect_secs = started.elapsed().as_secs_f64();
    let file_mb = file_bytes.into_inner() as f64 / 1e6;
    office
        .set_undecided(&sue, REF, office::Disposition::Release.as_str())
        .await?;

    let started = Instant::now();
    let check = office.check_release(&olga, REF, |_| {}).await?;
    let check_secs = started.elapsed().as_secs_f64();
    // The officer's answers: a record whose text the checks cannot vouch for goes out as
    // images; one that cannot be shown at all is left out (not responsive).
    let mut as_images = vec![];
    let mut left_out = vec![];
    for p in &check.problems {
        if p.remedies.contains(&office::Remedy::ReleaseAsImages) {
            as_images.push((p.doc_id.0, p.describe()));
        } else {
            left_out.push((p.doc_id.0, p.describe()));
            office
                .set_disposition(
                    &olga,
                    REF,
                    p.doc_id,
                    office::Disposition::NotResponsive.as_str(),
                )
                .await?;
        }
    }
    let ids: Vec<office::RecordId> = as_images
        .iter()
        .map(|(id, _)| office::RecordId(*id))
        .collect();
    office.set_release_as_images(&olga, REF, &ids, true).await?;
    let started = Instant::now();
    let again = office.check_release(&olga, REF, |_| {}).await?;
    let recheck_secs = started.elapsed().as_secs_f64();
    // Whatever still stops it (an image fallback that failed too) is left out as well.
    for p in &again.problems {
        left_out.push((p.doc_id.0, format!("as images too: {}", p.describe())));
        office
            .set_disposition(
                &olga,
                REF,
                p.doc_id,
                office::Disposition::NotResponsive.as_str(),
            )
            .await?;
    }
    let started = Instant::now();
    office.submit(&olga, REF).await.context("submit")?;
    let submit_secs = started.elapsed().as_secs_f64();
    office.approve(&sam, REF, None).await?;
    let out = tmp.path().join("export");
    let started = Instant::now();
    let report = office
        .export(&olga, REF, &office::ExportOptions::new(&out), |_| {})
        .await
        .context("export")?;
    let export_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let verified = office.verify_export(&olga, &out).await?;
    let verify_secs = started.elapsed().as_secs_f64();
    if !verified.ok {
        eprintln!("{folder}: verify: {:?}", verified.problems);
    }
    office.close().await;
    Ok(Released {
        folder: folder.to_string(),
        ingested: ingested.counts.ingested,
        duplicates: ingested.counts.duplicates,
        failed: ingested.counts.failed,
        records: report.records,
        pages: report.pages,
        detect_secs,
        detect_redactions: found.redactions,
        detect_file_mb_per_s: file_mb / detect_secs.max(1e-9),
        check_secs,
        check_pages_per_s: check.pages as f64 / check_secs.max(1e-9),
        recheck_secs,
        submit_secs,
        export_secs,
        export_pages_per_s: report.pages as f64 / export_secs.max(1e-9),
        verify_secs,
        verified: verified.ok,
        as_images,
        left_out,
        hidden_text_pages: report.hidden_text.len(),
        font_gaps: check.font_gaps.len(),
    })
}

/// One installment of [`installments`], as it went out.
#[derive(Debug, serde::Serialize)]
pub struct InstallmentOut {
    pub number: u32,
    pub records: usize,
    pub corrected: u64,
    pub pages: usize,
    pub bates_first: String,
    pub bates_last: String,
    pub check_secs: f64,
    pub export_secs: f64,
    pub verified: bool,
    /// Rows of its own exemption log, and of the cumulative one.
    pub log_rows: usize,
    pub cumulative_rows: usize,
}

/// A whole real request released in `parts` installments, as a city answers a large one: the
/// records decided a part at a time (by id), each part submitted as an installment, approved,
/// exported and verified; then one record already released redacted again, and its corrected
/// copy sent as one more installment. Then the office's figures and the final letter. Checks
/// as it goes that Bates numbers follow on and each log holds what it should.
pub async fn installments(dir: &Path, parts: usize) -> Result<Vec<InstallmentOut>> {
    use office::{BulkChange, Disposition, Selection, Submission};
    let tmp = tempfile::tempdir()?;
    let bench::Staff {
        office,
        sue,
        olga,
        sam,
    } = bench::release_office(&tmp.path().join("office"), REF, "installments").await?;
    let opts = office::IngestOptions {
        ocr: false,
        ..Default::default()
    };
    office
        .ingest(&sue, REF, &[dir.to_path_buf()], opts, &|_| {})
        .await?;
    office
        .redact(
            &sue,
            REF,
            &office::RedactBy::Detect(office::DetectorKind::ALL.to_vec()),
            office::RedactTarget::AllDocs,
            "7928.300",
            None,
        )
        .await?;
    let ids: Vec<office::RecordId> = office
        .records(&sue, REF)
        .await?
        .into_iter()
        .filter(|r| r.status == office::RecordStatus::Ingested)
        .map(|r| r.id)
        .collect();
    let per = ids.len().div_ceil(parts.max(1));
    let mut out: Vec<InstallmentOut> = vec![];
    let mut next_bates: Option<u64> = None;
    let mut logged = 0usize;
    let bates_number = |b: &str| -> u64 {
        b.rsplit('-')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    // The parts, then one more: a released record changed since (its corrected copy).
    for part in 0..=parts {
        if part < parts {
            let chunk = ids.iter().skip(part * per).take(per).copied().collect();
            office
                .decide_many(
                    &sue,
                    REF,
                    &Selection::Ids(chunk),
                    &BulkChange::Disposition(Disposition::Release),
                    false,
                )
                .await?;
        } else {
            let first = ids[0];
            let view = office.record_view(&sue, REF, first).await?;
            let word: String = view
                .text
                .split_whitespace()
                .find(|w| w.len() > 4 && w.chars().all(char::is_alphabetic))
                .unwrap_or("the")
                .to_string();
            office
                .redact(
                    &sue,
                    REF,
                    &office::RedactBy::Text {
                        value: word,
                        ignore_case: false,
                    },
                    office::RedactTarget::Doc(first),
                    "7928.300",
                    None,
                )
                .await?;
        }
        let started = Instant::now();
        let check = office
            .check_part(&olga, REF, &Submission::Installment(None), |_| {})
            .await?;
        let check_secs = started.elapsed().as_secs_f64();
        // Whatever the checks cannot vouch for goes out as page images, as an officer would.
        let as_images: Vec<office::RecordId> = check.problems.iter().map(|p| p.doc_id).collect();
        office
            .set_release_as_images(&olga, REF, &as_images, true)
            .await?;
        let info = office
            .submit_part(&olga, REF, &Submission::Installment(None), |_| {})
            .await
            .context("submit")?;
        office.approve(&sam, REF, None).await?;
        let folder = tmp.path().join(format!("installment-{}", part + 1));
        let started = Instant::now();
        let report = office
            .export(&olga, REF, &office::ExportOptions::new(&folder), |_| {})
            .await
            .context("export")?;
        let export_secs = started.elapsed().as_secs_f64();
        let verified = office.verify_export(&olga, &folder).await?.ok;
        let first = bates_number(&report.bates_first);
        if let Some(expected) = next_bates {
            anyhow::ensure!(
                first == expected,
                "installment {}: first Bates {first}, expected {expected}",
                part + 1
            );
        }
        next_bates = Some(bates_number(&report.bates_last) + 1);
        let rows = |name: &str| -> Result<usize> {
            Ok(std::fs::read_to_string(folder.join(name))?.lines().count() - 1)
        };
        let log_rows = rows("exemption-log.csv")?;
        let cumulative_rows = rows("exemption-log-cumulative.csv")?;
        logged += log_rows;
        anyhow::ensure!(
            cumulative_rows == logged,
            "installment {}: the cumulative log has {cumulative_rows} rows, the installments {logged}",
            part + 1
        );
        out.push(InstallmentOut {
            number: info.installment.unwrap_or(0),
            records: report.records,
            corrected: info.summary.corrected,
            pages: report.pages,
            bates_first: report.bates_first,
            bates_last: report.bates_last,
            check_secs,
            export_secs,
            verified,
            log_rows,
            cumulative_rows,
        });
    }
    let today = office.today();
    let stats = office.statistics(&sue, today, today).await?;
    anyhow::ensure!(
        stats.installments as usize == out.len(),
        "statistics count {} installments",
        stats.installments
    );
    office
        .issue_letter(
            &olga,
            REF,
            office::LetterKind::Final,
            office::Language::English,
            None,
        )
        .await?;
    office.close().await;
    Ok(out)
}
