//! Writing the release: each record's copy and the combined PDF, read back and checked, then
//! the log, the letter and the manifest.

use super::*;

/// A record's copy written and read back by our own reader, waiting for poppler's reading
/// of the combined file.
#[derive(Serialize, Deserialize)]
pub(crate) struct Written {
    pub(crate) doc_id: i64,
    pub(crate) pages: usize,
    pub(crate) expect: Expect,
    /// What our reader read from the record's own copy.
    pub(crate) own: String,
}

/// A record's pages as a PDF of its own, in memory.
pub(crate) fn own_copy(pages: &[Page], info: &Info) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new(Vec::new())?;
    for p in pages {
        w.page(p)?;
    }
    w.finish(info)
}

/// Checks one record's run of pages in poppler's reading of a combined file: the record's
/// checks, and agreement with what our reader read from the record's own copy.
pub(crate) fn check_run(run: &str, w: &Written) -> Result<(), ExportError> {
    check::check(run, &w.expect).map_err(|f| ExportError::check(w.doc_id, f))?;
    if !check::agree(run, &w.own, w.expect.may_lose) {
        return Err(ExportError::check(
            w.doc_id,
            check::Failure {
                page: None,
                reason: "poppler reads its copy differently from our own reader".into(),
            },
        ));
    }
    Ok(())
}

/// Poppler's reading of a combined file, split into each record's run of pages, in order.
pub(crate) fn runs(
    combined: &Path,
    text_path: &Path,
    pages: impl Iterator<Item = usize>,
    mut each: impl FnMut(usize, &str) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    use std::io::BufRead;
    // In the order written, as `check::pdf_text` reads (see there).
    let status = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-raw"])
        .arg(combined)
        .arg(text_path)
        .status()
        .map_err(|e| ExportError::Other(format!("cannot run pdftotext ({e})")))?;
    if !status.success() {
        return Err(ExportError::Other(format!(
            "pdftotext cannot read {}",
            combined.display()
        )));
    }
    let mut text = std::io::BufReader::new(File::open(text_path)?);
    for (i, n) in pages.enumerate() {
        let mut run = Vec::new();
        for _ in 0..n {
            // pdftotext ends every page with a form feed.
            if text.read_until(0x0C, &mut run)? == 0 {
                return Err(ExportError::Other(format!(
                    "poppler's reading of {} ends early",
                    combined.display()
                )));
            }
        }
        each(i, &String::from_utf8_lossy(&run))?;
    }
    drop(text);
    std::fs::remove_file(text_path)?;
    Ok(())
}

/// Writes the release into `dir` (a fresh folder) and verifies every file it wrote;
/// `scratch` is a private folder for what verification must keep meanwhile. The first
/// record that fails stops it, named with its page and reason.
pub fn write_release(
    rel: &Release,
    items: impl Iterator<Item = Result<Item, ExportError>>,
    dir: &Path,
    scratch: &Path,
    mut progress: impl FnMut(Progress),
) -> Result<Outcome, ExportError> {
    std::fs::create_dir_all(dir.join("records"))?;
    let combined_name = format!("{}-release.pdf", rel.reference);
    let combined_path = dir.join(&combined_name);
    let mut combined = Writer::new(BufWriter::new(File::create(&combined_path)?))?;
    let start = rel.bates_start.max(1);
    let mut next = start;
    let mut records = vec![];
    let mut hidden_text = vec![];
    let mut missing = 0;
    let mut log_rows = vec![];
    let date = info_date(&rel.approved_at);
    // What each copy must show, with what our own reader read from it, one JSON line per
    // record, for the check of the combined file by poppler at the end. The spool holds
    // redacted values: it lives in `scratch` (inside the office's data directory), never in
    // the export folder.
    let spool_path = scratch.join("verify.jsonl");
    let mut spool = BufWriter::new(File::create(&spool_path)?);
    let slots = Slots::new(cores());
    let ctx = Ctx {
        rel,
        slots: &slots,
        scratch,
    };
    each_rendered(&ctx, items, |next_item| {
        let (item, rendered) = next_item?;
        let first = next;
        let composed = compose(&ctx, &item, first, rendered)?;
        let pages = composed.pages;
        hidden_text.extend(composed.hidden);
        missing += composed.missing;
        let last = first + pages.len() - 1;
        let file = if pages.len() == 1 {
            format!("records/{}.pdf", bates(&rel.bates_prefix, first))
        } else {
            format!("records/{}-{last:06}.pdf", bates(&rel.bates_prefix, first))
        };
        let path = dir.join(&file);
        let mut w = Writer::new(BufWriter::new(File::create(&path)?))?;
        for p in &pages {
            w.page(p)?;
            combined.page(p)?;
        }
        let info = Info {
            title: format!(
                "{} {} – {}",
                rel.reference,
                bates(&rel.bates_prefix, first),
                bates(&rel.bates_prefix, last)
            ),
            subject: "Inspection copy".into(),
            date,
        };
        w.finish(&info)?.into_inner().map_err(|e| e.into_error())?;
        // Read the copy back (our reader) and check it now; poppler's turn comes with the
        // combined file.
        let own = check::read_own(&std::fs::read(&path)?).map_err(|e| {
            ExportError::check(
                item.doc_id,
                check::Failure {
                    page: None,
                    reason: e.0,
                },
            )
        })?;
        check::check(&own, &composed.expect).map_err(|f| ExportError::check(item.doc_id, f))?;
        let written = Written {
            doc_id: item.doc_id,
            pages: pages.len(),
            expect: composed.expect,
            own,
        };
        serde_json::to_writer(&mut spool, &written)
            .map_err(|e| ExportError::Other(e.to_string()))?;
        spool.write_all(b"\n")?;
        if item.disposition != Disposition::Release || item.as_images || item.corrects.is_some() {
            log_rows.push(LogRow {
                first: bates(&rel.bates_prefix, first),
                last: bates(&rel.bates_prefix, last),
                doc_id: item.doc_id,
                description: item.description.clone(),
                disposition: item.disposition,
                withheld_under: item.withheld_under.clone(),
                redactions_by_code: item.redactions_by_code.clone(),
                as_images: item.as_images,
                corrects: item.corrects,
                installment: rel.installment,
            });
        }
        records.push(RecordOut {
            doc_id: item.doc_id,
            disposition: item.disposition,
            file,
            bates_first: bates(&rel.bates_prefix, first),
            bates_last: bates(&rel.bates_prefix, last),
            pages: pages.len(),
            as_images: item.as_images,
        });
        next = last + 1;
        progress(Progress {
            records_done: records.len(),
            pages_done: next - start,
        });
        Ok(())
    })?;
    spool.flush()?;
    drop(spool);
    let total_pages = next - start;
    let info = Info {
        title: format!("{} — inspection copy of the release", rel.reference),
        subject: "Inspection copy".into(),
        date,
    };
    combined
        .finish(&info)?
        .into_inner()
        .map_err(|e| e.into_error())?;
    // Poppler reads the combined file (one process for the whole release); each record's
    // run of pages must pass the record's checks and agree with what our reader read from
    // the record's own copy.
    {
        use std::io::BufRead;
        let mut lines = std::io::BufReader::new(File::open(&spool_path)?).lines();
        runs(
            &combined_path,
            &scratch.join("combined.txt"),
            records.iter().map(|r| r.pages),
            |_, run| {
                let line = lines.next().ok_or_else(|| {
                    ExportError::Other("the verification spool is short".into())
                })??;
                let w: Written =
                    serde_json::from_str(&line).map_err(|e| ExportError::Other(e.to_string()))?;
                check_run(run, &w)
            },
        )?;
    }
    std::fs::remove_file(&spool_path)?;

    write_log(rel, &log_rows, dir, date, LogKind::Own)?;
    if let Some(earlier) = &rel.earlier {
        // The request's log so far: the earlier installments' rows, then this one's, each
        // code cited as the set that used it cited it.
        let mut all = rel.clone();
        for e in &earlier.exemptions {
            if !all.exemptions.iter().any(|x| x.code == e.code) {
                all.exemptions.push(e.clone());
            }
        }
        let rows: Vec<LogRow> = earlier.rows.iter().chain(&log_rows).cloned().collect();
        write_log(&all, &rows, dir, date, LogKind::Cumulative)?;
    }
    write_letter(rel, &records, &log_rows, dir, date)?;

    let mut files = vec![];
    let mut names: Vec<String> = records.iter().map(|r| r.file.clone()).collect();
    names.extend([
        combined_name,
        "exemption-log.csv".into(),
        "exemption-log.pdf".into(),
        "determination-letter.pdf".into(),
    ]);
    if rel.earlier.is_some() {
        names.extend(LogKind::Cumulative.files());
    }
    for name in names {
        files.push(file_out(dir, &name)?);
    }
    let manifest = Manifest {
        format: "disclose-export-1",
        software: concat!("Disclose ", env!("CARGO_PKG_VERSION")),
        request: ManifestRequest {
            installment: rel.installment,
            reference: &rel.reference,
            agency: &rel.agency,
            received: &rel.received,
        },
        approval: ManifestApproval {
            id: rel.approval_id,
            release_hash: &rel.release_hash,
            submitted_by: &rel.submitted_by,
            approved_by: &rel.approved_by,
            approved_at: &rel.approved_at,
            audit_seq: rel.audit_head.as_ref().map(|h| h.0),
            audit_head: rel.audit_head.as_ref().map(|h| h.1.as_str()),
        },
        bates: ManifestBates {
            prefix: &rel.bates_prefix,
            first: bates(&rel.bates_prefix, if total_pages > 0 { start } else { 0 }),
            last: bates(
                &rel.bates_prefix,
                if total_pages > 0 { next - 1 } else { 0 },
            ),
            pages: total_pages,
        },
        options: ManifestOptions {
            dpi: rel.dpi,
            slip_sheet_per_page: rel.slip_sheets == SlipSheets::PerPage,
        },
        records: &records,
        hidden_text: &hidden_text,
        files: &files,
    };
    let mut json =
        serde_json::to_vec_pretty(&manifest).map_err(|e| ExportError::Other(e.to_string()))?;
    json.push(b'\n');
    std::fs::write(dir.join("manifest.json"), &json)?;
    Ok(Outcome {
        records,
        files,
        pages: total_pages,
        log_rows,
        hidden_text,
        missing_glyphs: missing,
        manifest_sha256: hex::encode(Sha256::digest(&json)),
    })
}

pub fn file_out(dir: &Path, name: &str) -> Result<FileOut, ExportError> {
    let mut f = File::open(dir.join(name))?;
    let mut h = Sha256::new();
    let size = std::io::copy(&mut f, &mut h)?;
    Ok(FileOut {
        path: name.to_string(),
        size,
        sha256: hex::encode(h.finalize()),
    })
}

#[derive(Serialize)]
pub(crate) struct Manifest<'a> {
    format: &'static str,
    software: &'static str,
    request: ManifestRequest<'a>,
    approval: ManifestApproval<'a>,
    bates: ManifestBates<'a>,
    options: ManifestOptions,
    records: &'a [RecordOut],
    hidden_text: &'a [HiddenText],
    files: &'a [FileOut],
}

#[derive(Serialize)]
pub(crate) struct ManifestRequest<'a> {
    reference: &'a str,
    /// The installment of the request this export is (absent: the request whole).
    #[serde(skip_serializing_if = "Option::is_none")]
    installment: Option<u32>,
    agency: &'a str,
    received: &'a str,
}

#[derive(Serialize)]
pub(crate) struct ManifestApproval<'a> {
    id: i64,
    release_hash: &'a str,
    submitted_by: &'a str,
    approved_by: &'a str,
    approved_at: &'a str,
    /// The audit log's newest event when the export was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    audit_seq: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audit_head: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct ManifestBates<'a> {
    prefix: &'a str,
    first: String,
    last: String,
    pages: usize,
}

/// How the copies were made (what `verify` needs to compose them again).
#[derive(Serialize)]
pub(crate) struct ManifestOptions {
    dpi: u32,
    slip_sheet_per_page: bool,
}
