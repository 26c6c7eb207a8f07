//! The pre-flight (every record composed and read back as the export will) and what `verify`
//! compares a copy with.

use super::*;

/// Records whose copies are read by one poppler process in the pre-flight.
pub(crate) const BATCH_PAGES: usize = 2_000;

/// The pre-flight: every record composed, rendered (into its page cache) and read back —
/// by our reader from its own copy, and by poppler from a combined file of a batch of
/// records — exactly as the export will, with the export's checks. Nothing is written
/// but scratch files. Each record's verdict is handed to `verdict` (a failing record does
/// not stop the others); only what stops every record (no pdftotext, a full disk) is an
/// error.
pub fn preflight(
    rel: &Release,
    items: impl Iterator<Item = Result<Item, ExportError>>,
    scratch: &Path,
    mut progress: impl FnMut(Progress),
    mut verdict: impl FnMut(Verdict),
) -> Result<(), ExportError> {
    let slots = Slots::new(cores());
    let ctx = Ctx {
        rel,
        slots: &slots,
        scratch,
    };
    let date = info_date(&rel.approved_at);
    let info = Info {
        title: String::new(),
        subject: String::new(),
        date,
    };
    let batch_path = scratch.join("preflight.pdf");
    let mut batch: Option<Writer<BufWriter<File>>> = None;
    let mut waiting: Vec<(Written, Verdict)> = vec![];
    let mut batch_pages = 0usize;
    let mut next = rel.bates_start.max(1);
    let (mut records_done, mut pages_done) = (0usize, 0usize);
    let flush = |batch: &mut Option<Writer<BufWriter<File>>>,
                 waiting: &mut Vec<(Written, Verdict)>,
                 verdict: &mut dyn FnMut(Verdict)|
     -> Result<(), ExportError> {
        let Some(w) = batch.take() else {
            return Ok(());
        };
        w.finish(&info)?.into_inner().map_err(|e| e.into_error())?;
        let list = std::mem::take(waiting);
        let mut results: Vec<Option<RecordProblem>> = vec![None; list.len()];
        runs(
            &batch_path,
            &scratch.join("preflight.txt"),
            list.iter().map(|(w, _)| w.pages),
            |i, run| {
                if let Err(ExportError::Record(p)) = check_run(run, &list[i].0) {
                    results[i] = Some(p);
                }
                Ok(())
            },
        )?;
        for ((_, mut v), problem) in list.into_iter().zip(results) {
            v.problem = problem;
            verdict(v);
        }
        std::fs::remove_file(&batch_path)?;
        Ok(())
    };
    each_rendered(&ctx, items, |next_item| {
        // A record that cannot be built or composed is a verdict; the others go on.
        let composed = next_item
            .and_then(|(item, rendered)| compose(&ctx, &item, next, rendered).map(|c| (item, c)));
        let (item, composed) = match composed {
            Ok(x) => x,
            Err(ExportError::Record(p)) => {
                let mut v = Verdict::of(p.doc_id);
                v.problem = Some(p);
                verdict(v);
                records_done += 1;
                progress(Progress {
                    records_done,
                    pages_done,
                });
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let mut v = Verdict::of(item.doc_id);
        v.pages = composed.pages.len();
        v.hidden_text = composed.hidden;
        v.hidden_samples = composed.hidden_samples;
        v.missing_glyphs = composed.missing;
        next += v.pages;
        let own = own_copy(&composed.pages, &info)?;
        let own = check::read_own(&own).map_err(|e| check::Failure {
            page: None,
            reason: e.0,
        });
        match own.and_then(|own| check::check(&own, &composed.expect).map(|_| own)) {
            Err(f) => {
                v.problem = Some(RecordProblem {
                    doc_id: item.doc_id,
                    page: f.page.map(|p| p as u32),
                    kind: ProblemKind::Check,
                    reason: f.reason,
                });
                verdict(v.clone());
            }
            Ok(own) => {
                let w = match &mut batch {
                    Some(w) => w,
                    None => batch.insert(Writer::new(BufWriter::new(File::create(&batch_path)?))?),
                };
                for p in &composed.pages {
                    w.page(p)?;
                }
                batch_pages += v.pages;
                waiting.push((
                    Written {
                        doc_id: item.doc_id,
                        pages: v.pages,
                        expect: composed.expect,
                        own,
                    },
                    v.clone(),
                ));
                if batch_pages >= BATCH_PAGES {
                    flush(&mut batch, &mut waiting, &mut verdict)?;
                    batch_pages = 0;
                }
            }
        }
        records_done += 1;
        pages_done += v.pages;
        progress(Progress {
            records_done,
            pages_done,
        });
        Ok(())
    })?;
    flush(&mut batch, &mut waiting, &mut verdict)
}

/// What a record's copy must show, composed as the export composed it (the record's first
/// Bates number `first`, the release's print), for `verify` to read the copy against:
/// returns that and the number of pages the copy has.
pub fn expect_of(
    rel: &Release,
    item: &Item,
    first: usize,
    scratch: &Path,
) -> Result<(Expect, usize), ExportError> {
    let slots = Slots::new(cores());
    let ctx = Ctx {
        rel,
        slots: &slots,
        scratch,
    };
    let c = compose(&ctx, item, first, None)?;
    Ok((c.expect, c.pages.len()))
}
