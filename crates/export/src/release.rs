//! The release: records in Bates order, each its own inspection copy and a page run of the
//! combined PDF, then the exemption log (CSV and PDF), the determination letter and the
//! manifest. Records arrive one at a time and leave as files: memory holds one page.

use std::collections::{BTreeMap, VecDeque};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::check::{self, Expect};
use crate::font::Font;
use crate::paged::{self, Hidden, PageBox, PageWord};
use crate::pdf::{Canvas, Info, Page, Style, Writer};
use crate::typeset::{self, Piece};

/// Export-wide facts: who, what, under which approval.
#[derive(Debug, Clone)]
pub struct Release {
    pub agency: String,
    pub reference: String,
    pub requester: String,
    pub description: String,
    pub received: String,
    pub bates_prefix: String,
    pub watermark: Option<String>,
    pub slip_sheets: SlipSheets,
    /// Render resolution of paged originals.
    pub dpi: u32,
    pub approval_id: i64,
    pub release_hash: String,
    pub submitted_by: String,
    pub approved_by: String,
    /// Display name of the person responsible for the determination (Gov. Code §7922.540).
    pub approved_by_name: String,
    /// RFC 3339 UTC: the export's date (never the clock's).
    pub approved_at: String,
    pub exemptions: Vec<ExemptionInfo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExemptionInfo {
    pub code: String,
    pub label: String,
    pub former: Option<String>,
    pub description: String,
}

/// How many pages stand in for a record withheld in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlipSheets {
    /// One page, one Bates number.
    One,
    /// One page per page the record would have had, each with its Bates number.
    PerPage,
}

/// A record's description for the exemption log (fields already redacted by the caller).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Description {
    pub date: String,
    pub kind: String,
    pub author: String,
    pub subject: String,
}

/// One record of the release.
#[derive(Debug, Clone)]
pub struct Item {
    pub doc_id: i64,
    /// `release`, `redact` or `withhold`.
    pub disposition: String,
    pub description: Description,
    pub body: Body,
    /// The codes a withheld record relies on.
    pub withheld_under: Vec<String>,
    pub redactions_by_code: BTreeMap<String, u32>,
    /// The record's text without its redacted pieces (empty when withheld).
    pub release_text: String,
    /// The redacted values (for verification only: never written anywhere).
    pub removed: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum Body {
    /// Typeset fresh.
    Text(Vec<Piece>),
    /// Rendered page by page.
    Paged {
        source: Source,
        pages: Vec<PagedPage>,
    },
    /// A slip sheet: the labels it was withheld under and the pages it would have had.
    Withheld { labels: Vec<String>, pages: u32 },
}

#[derive(Debug, Clone)]
pub enum Source {
    Pdf(PathBuf, KeepAlive),
    Image(PathBuf, KeepAlive),
}

/// Whatever keeps a source's file in place (a temporary copy of a packed original) until
/// the last page of it is rendered.
#[derive(Clone, Default)]
pub struct KeepAlive(pub Option<std::sync::Arc<dyn std::any::Any + Send + Sync>>);

impl std::fmt::Debug for KeepAlive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeepAlive")
    }
}

#[derive(Debug, Clone)]
pub struct PagedPage {
    pub number: u32,
    pub width_pt: f32,
    pub height_pt: f32,
    /// A scan: its words are OCR's, read from the pixels (nothing can hide in them).
    pub ocr: bool,
    pub words: Vec<PageWord>,
    pub boxes: Vec<PageBox>,
}

/// A source word left out of an inspection copy because it cannot be seen.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HiddenText {
    pub doc_id: i64,
    pub page: u32,
    pub words: usize,
    pub why: Hidden,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecordOut {
    pub doc_id: i64,
    pub disposition: String,
    pub file: String,
    pub bates_first: String,
    pub bates_last: String,
    pub pages: usize,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileOut {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub records: Vec<RecordOut>,
    pub files: Vec<FileOut>,
    pub pages: usize,
    pub hidden_text: Vec<HiddenText>,
    /// Characters the font could not show (drawn as a replacement glyph).
    pub missing_glyphs: usize,
    pub manifest_sha256: String,
}

/// Progress for a long export.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub records_done: usize,
    pub pages_done: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("record {doc_id}: {reason}")]
    Record { doc_id: i64, reason: String },
    #[error("verification failed for {file}: {reason}")]
    Verify { file: String, reason: String },
    #[error("cannot write the export ({0})")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Other(String),
}

const BAND: f32 = 30.0;
/// The smallest sheet a paged record's page is shown on (points, without the bands).
const MIN_SHEET_W: f32 = 420.0;
const MIN_SHEET_H: f32 = 200.0;
const FURNITURE_SIZE: f32 = 8.0;

pub fn bates(prefix: &str, n: usize) -> String {
    format!("{prefix}-{n:06}")
}

fn info_date(at: &str) -> (u16, u8, u8, u8, u8, u8) {
    // RFC 3339 UTC as stored: 2026-11-29T13:45:12.123456Z
    let n = |a: usize, b: usize| at.get(a..b).and_then(|s| s.parse().ok()).unwrap_or(0);
    (
        n(0, 4) as u16,
        n(5, 7) as u8,
        n(8, 10) as u8,
        n(11, 13) as u8,
        n(14, 16) as u8,
        n(17, 19) as u8,
    )
}

/// The export's own print on every page: header, footer with Bates number and page x of y,
/// watermark. Returns the text it printed.
/// Where a page is: what its footer and header say, and its number in its document.
struct Mark<'a> {
    left_footer: &'a str,
    right_header: &'a str,
    page: usize,
    of: usize,
}

fn furnish(c: &mut Canvas, rel: &Release, w: f32, h: f32, mark: Mark) -> String {
    let Mark {
        left_footer,
        right_header,
        page,
        of,
    } = mark;
    let font = Font::get();
    let grey = Style {
        gray: 0.25,
        ..Style::new(FURNITURE_SIZE)
    };
    let head = format!("{} · {} · Inspection copy", rel.agency, rel.reference);
    c.text(36.0, h - 20.0, &head, grey);
    let rw = font.width(right_header, FURNITURE_SIZE);
    c.text(w - 36.0 - rw, h - 20.0, right_header, grey);
    let foot = Style::new(9.0);
    c.text(36.0, 12.0, left_footer, foot);
    let pg = format!("Page {page} of {of}");
    c.text(w - 36.0 - font.width(&pg, 9.0), 12.0, &pg, foot);
    let printed = format!("{head}\n{right_header}\n{left_footer}\n{pg}\n");
    if let Some(wm) = &rel.watermark {
        let size = 54.0;
        let ww = font.width(wm, size);
        let d = std::f32::consts::FRAC_1_SQRT_2;
        let style = Style {
            gray: 0.82,
            angle: 45.0,
            ..Style::new(size)
        };
        c.outlined(w / 2.0 - ww / 2.0 * d, h / 2.0 - ww / 2.0 * d, wm, style);
    }
    printed
}

/// Writes the release into `dir` (a fresh folder) and verifies every file it wrote;
/// `scratch` is a private folder for what verification must keep meanwhile.
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
    let mut next = 1usize;
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
    // Paged records are rendered a few records ahead, on their own threads, while the
    // current one is written: a release of one-page scans keeps every core busy too.
    let slots = Slots::new(cores());
    let written: Result<(), ExportError> = std::thread::scope(|scope| {
        let mut source = items;
        let mut queue: VecDeque<Result<(Item, Option<RenderJob>), ExportError>> = VecDeque::new();
        let mut prepared = || {
            while queue.len() < LOOKAHEAD {
                match source.next() {
                    Some(Ok(item)) => {
                        let job = match &item.body {
                            // A long record is rendered when its turn comes (memory holds
                            // one record's pages, not several long ones).
                            Body::Paged { source, pages } if pages.len() <= AHEAD_MAX_PAGES => {
                                let (source, pages) = (source.clone(), pages.clone());
                                let (dpi, slots) = (rel.dpi, &slots);
                                Some(scope.spawn(move || render_pages(&source, &pages, dpi, slots)))
                            }
                            _ => None,
                        };
                        queue.push_back(Ok((item, job)));
                    }
                    Some(Err(e)) => {
                        queue.push_back(Err(e));
                        break;
                    }
                    None => break,
                }
            }
            queue.pop_front().map(|r| {
                r.map(|(item, job)| {
                    let rendered = job.map(|h| h.join().expect("a render thread does not panic"));
                    (item, rendered)
                })
            })
        };
        while let Some(next_item) = prepared() {
            let (item, rendered) = next_item?;
            let mut pages: Vec<Page> = vec![];
            let mut expect = Expect {
                release_text: item.release_text.clone(),
                removed: item.removed.clone(),
                ..Expect::default()
            };
            let first = next;
            let err = |reason: String| ExportError::Record {
                doc_id: item.doc_id,
                reason,
            };
            let record_label = format!("Record {}", item.doc_id);
            match &item.body {
                Body::Text(pieces) => {
                    let layout = typeset::layout(pieces);
                    let n = layout.page_count();
                    for i in 0..n {
                        let mut c = Canvas::new(typeset::PAGE_W, typeset::PAGE_H);
                        let (written, labels) = layout.draw(i, &mut c);
                        expect.written.push_str(&written);
                        expect.furniture.push_str(&labels);
                        expect.furniture.push_str(&furnish(
                            &mut c,
                            rel,
                            typeset::PAGE_W,
                            typeset::PAGE_H,
                            Mark {
                                left_footer: &bates(&rel.bates_prefix, next + i),
                                right_header: &record_label,
                                page: i + 1,
                                of: n,
                            },
                        ));
                        missing += c.missing;
                        pages.push(c.finish());
                    }
                }
                Body::Paged { pages: src, .. } => {
                    let n = src.len();
                    expect.may_lose = 0.05;
                    let rendered = match (rendered, &item.body) {
                        (Some(r), _) => r,
                        (None, Body::Paged { source, pages }) => {
                            render_pages(source, pages, rel.dpi, &slots)
                        }
                        _ => vec![],
                    };
                    if rendered.len() != n {
                        return Err(err("its pages were not rendered".into()));
                    }
                    for ((i, p), done) in src.iter().enumerate().zip(rendered) {
                        let (image, hidden) = done.map_err(err)?;
                        if let Some((_, why)) = hidden.first() {
                            hidden_text.push(HiddenText {
                                doc_id: item.doc_id,
                                page: p.number,
                                words: hidden.len(),
                                why: *why,
                            });
                        }
                        let (w, h) = (p.width_pt, p.height_pt);
                        // A page smaller than a sheet (a stamp-sized image) sits in the middle
                        // of one, so that the header and footer fit on the page.
                        let (sheet_w, sheet_h) = (w.max(MIN_SHEET_W), h.max(MIN_SHEET_H));
                        let (ox, oy) = ((sheet_w - w) / 2.0, BAND + (sheet_h - h) / 2.0);
                        let mut c = Canvas::new(sheet_w, sheet_h + 2.0 * BAND);
                        c.image(image, [ox, oy, w, h]);
                        // The text layer: words neither hidden nor under a box.
                        for (k, word) in p.words.iter().enumerate() {
                            if hidden.iter().any(|(j, _)| *j == k) {
                                expect.hidden.push(word.text.clone());
                                continue;
                            }
                            expect.visible.push_str(&word.text);
                            expect.visible.push(' ');
                            if p.boxes.iter().any(|b| paged::overlaps(word, b)) {
                                continue;
                            }
                            let bh = (word.y1 - word.y0) * h;
                            let bw = (word.x1 - word.x0) * w;
                            if bh <= 0.0 || bw <= 0.0 || word.text.trim().is_empty() {
                                continue;
                            }
                            let size = (bh * 0.85).clamp(1.0, 200.0);
                            let style = Style {
                                invisible: true,
                                width: Some(bw),
                                ..Style::new(size)
                            };
                            let base = oy + (1.0 - word.y1) * h + bh * 0.2;
                            c.text(ox + word.x0 * w, base, &word.text, style);
                            expect.written.push_str(&word.text);
                            expect.written.push(' ');
                        }
                        // Labels on the burned boxes, as text on top.
                        for b in &p.boxes {
                            let bw = (b.x1 - b.x0) * w;
                            let bh = (b.y1 - b.y0) * h;
                            if let Some(l) = typeset::fitting_label(&b.label, bw) {
                                let size = 6.0f32.min(bh * 0.8).max(3.0);
                                let lw = Font::get().width(&l, size);
                                let style = Style {
                                    gray: 1.0,
                                    ..Style::new(size)
                                };
                                let y = oy + (1.0 - b.y1) * h + (bh - size) / 2.0 + size * 0.2;
                                c.text(ox + b.x0 * w + (bw - lw) / 2.0, y, &l, style);
                                expect.furniture.push_str(&l);
                                expect.furniture.push('\n');
                            }
                        }
                        expect.furniture.push_str(&furnish(
                            &mut c,
                            rel,
                            sheet_w,
                            sheet_h + 2.0 * BAND,
                            Mark {
                                left_footer: &bates(&rel.bates_prefix, next + i),
                                right_header: &record_label,
                                page: i + 1,
                                of: n,
                            },
                        ));
                        missing += c.missing;
                        pages.push(c.finish());
                    }
                }
                Body::Withheld {
                    labels,
                    pages: would,
                } => {
                    let n = match rel.slip_sheets {
                        SlipSheets::One => 1,
                        SlipSheets::PerPage => (*would).max(1) as usize,
                    };
                    let stands_for = if *would == 1 {
                        "1 page".to_string()
                    } else {
                        format!("{would} pages")
                    };
                    for i in 0..n {
                        let mut c = Canvas::new(typeset::PAGE_W, typeset::PAGE_H);
                        let mut y = typeset::PAGE_H / 2.0 + 60.0;
                        let lines = [
                            ("WITHHELD IN FULL".to_string(), 20.0),
                            (labels.join("; "), 12.0),
                            (format!("Record {} — {stands_for}", item.doc_id), 11.0),
                        ];
                        for (line, size) in lines {
                            let lw = Font::get().width(&line, size);
                            c.text((typeset::PAGE_W - lw) / 2.0, y, &line, Style::new(size));
                            expect.furniture.push_str(&line);
                            expect.furniture.push('\n');
                            y -= size * 2.2;
                        }
                        expect.furniture.push_str(&furnish(
                            &mut c,
                            rel,
                            typeset::PAGE_W,
                            typeset::PAGE_H,
                            Mark {
                                left_footer: &bates(&rel.bates_prefix, next + i),
                                right_header: &record_label,
                                page: i + 1,
                                of: n,
                            },
                        ));
                        pages.push(c.finish());
                    }
                }
            }
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
            // Read the copy back (our reader) and check it now; poppler's turn comes with
            // the combined file.
            let verify = |reason: String| ExportError::Verify {
                file: file.clone(),
                reason,
            };
            let own = check::read_own(&std::fs::read(&path)?).map_err(verify)?;
            check::check(&own, &expect).map_err(verify)?;
            serde_json::to_writer(&mut spool, &(&expect, &own))
                .map_err(|e| ExportError::Other(e.to_string()))?;
            spool.write_all(b"\n")?;
            if item.disposition != "release" {
                log_rows.push(LogRow {
                    first: bates(&rel.bates_prefix, first),
                    last: bates(&rel.bates_prefix, last),
                    doc_id: item.doc_id,
                    description: item.description.clone(),
                    disposition: item.disposition.clone(),
                    withheld_under: item.withheld_under.clone(),
                    redactions_by_code: item.redactions_by_code.clone(),
                });
            }
            records.push(RecordOut {
                doc_id: item.doc_id,
                disposition: item.disposition.clone(),
                file,
                bates_first: bates(&rel.bates_prefix, first),
                bates_last: bates(&rel.bates_prefix, last),
                pages: pages.len(),
            });
            next = last + 1;
            progress(Progress {
                records_done: records.len(),
                pages_done: next - 1,
            });
        }
        Ok(())
    });
    written?;
    spool.flush()?;
    drop(spool);
    let total_pages = next - 1;
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
    verify_combined(
        &combined_path,
        &combined_name,
        &records,
        &spool_path,
        scratch,
    )?;
    std::fs::remove_file(&spool_path)?;

    write_log(rel, &log_rows, dir, date)?;
    write_letter(rel, &records, &log_rows, dir, date)?;

    let mut files = vec![];
    let mut names: Vec<String> = records.iter().map(|r| r.file.clone()).collect();
    names.extend([
        combined_name,
        "exemption-log.csv".into(),
        "exemption-log.pdf".into(),
        "determination-letter.pdf".into(),
    ]);
    for name in names {
        files.push(file_out(dir, &name)?);
    }
    let manifest = Manifest {
        format: "disclose-export-1",
        software: concat!("Disclose ", env!("CARGO_PKG_VERSION")),
        request: ManifestRequest {
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
        },
        bates: ManifestBates {
            prefix: &rel.bates_prefix,
            first: bates(&rel.bates_prefix, 1.min(total_pages)),
            last: bates(&rel.bates_prefix, total_pages),
            pages: total_pages,
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
        hidden_text,
        missing_glyphs: missing,
        manifest_sha256: hex::encode(Sha256::digest(&json)),
    })
}

/// Records rendered ahead of the one being written, if they are short.
const LOOKAHEAD: usize = 3;
const AHEAD_MAX_PAGES: usize = 50;

/// A counting semaphore: the pages being rendered at once, whatever record they are of, so
/// that memory is bounded by the cores, not by how far ahead rendering runs.
pub(crate) struct Slots {
    free: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

pub(crate) struct Slot<'a>(&'a Slots);

impl Slots {
    fn new(n: usize) -> Slots {
        Slots {
            free: std::sync::Mutex::new(n.max(1)),
            freed: std::sync::Condvar::new(),
        }
    }

    fn take(&self) -> Slot<'_> {
        let mut free = self.free.lock().expect("not poisoned");
        while *free == 0 {
            free = self.freed.wait(free).expect("not poisoned");
        }
        *free -= 1;
        Slot(self)
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().expect("not poisoned") += 1;
        self.0.freed.notify_one();
    }
}

fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// A record's pages being rendered: each page's image and its hidden words.
type RenderJob<'scope> = std::thread::ScopedJoinHandle<'scope, Vec<RenderedPage>>;
type RenderedPage = Result<(crate::pdf::PageImage, Vec<(usize, Hidden)>), String>;

/// Renders, checks and burns in the pages of a paged record, on as many threads as the
/// machine has cores (each page is independent); results in page order.
fn render_pages(
    source: &Source,
    pages: &[PagedPage],
    dpi: u32,
    slots: &Slots,
) -> Vec<RenderedPage> {
    let one = |p: &PagedPage| -> RenderedPage {
        // At most one page per core is in pixels at a time, across every record rendering.
        let _slot = slots.take();
        let mut raster = match source {
            Source::Pdf(path, _) => paged::render_pdf_page(path, p.number, dpi),
            Source::Image(path, _) => paged::load_image(path, p.number - 1, p.width_pt, dpi),
        }?;
        let hidden = if p.ocr {
            vec![]
        } else {
            let boxes: Vec<[f32; 4]> = p.words.iter().map(|w| [w.x0, w.y0, w.x1, w.y1]).collect();
            paged::hidden_words(&raster, &boxes)
        };
        paged::burn_in(&mut raster, &p.boxes)?;
        Ok((paged::encode(&raster, p.ocr)?, hidden))
    };
    let workers = cores().min(pages.len().max(1));
    if workers <= 1 {
        return pages.iter().map(one).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<_>>> =
        pages.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(p) = pages.get(i) else { break };
                    let r = one(p);
                    *results[i].lock().expect("not poisoned") = Some(r);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .expect("not poisoned")
                .unwrap_or_else(|| Err("page not rendered".into()))
        })
        .collect()
}

fn verify_combined(
    combined: &Path,
    name: &str,
    records: &[RecordOut],
    spool: &Path,
    scratch: &Path,
) -> Result<(), ExportError> {
    use std::io::BufRead;
    let fail = |reason: String| ExportError::Verify {
        file: name.to_string(),
        reason,
    };
    let text_path = scratch.join("combined.txt");
    let status = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(combined)
        .arg(&text_path)
        .status()
        .map_err(|e| fail(format!("cannot run pdftotext ({e})")))?;
    if !status.success() {
        return Err(fail("pdftotext cannot read it".into()));
    }
    let mut text = std::io::BufReader::new(File::open(&text_path)?);
    let mut lines = std::io::BufReader::new(File::open(spool)?).lines();
    for r in records {
        let mut run = Vec::new();
        for _ in 0..r.pages {
            // pdftotext ends every page with a form feed.
            if text.read_until(0x0C, &mut run)? == 0 {
                return Err(fail(format!("it ends before {}", r.bates_first)));
            }
        }
        let run = String::from_utf8_lossy(&run);
        let line = lines
            .next()
            .ok_or_else(|| fail("the verification spool is short".into()))??;
        let (expect, own): (Expect, String) =
            serde_json::from_str(&line).map_err(|e| ExportError::Other(e.to_string()))?;
        check::check(&run, &expect)
            .map_err(|reason| fail(format!("{} to {}: {reason}", r.bates_first, r.bates_last)))?;
        if !check::agree(&run, &own, expect.may_lose) {
            return Err(fail(format!(
                "{} to {} read differently from {}",
                r.bates_first, r.bates_last, r.file
            )));
        }
    }
    drop(text);
    std::fs::remove_file(&text_path)?;
    Ok(())
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
struct Manifest<'a> {
    format: &'static str,
    software: &'static str,
    request: ManifestRequest<'a>,
    approval: ManifestApproval<'a>,
    bates: ManifestBates<'a>,
    records: &'a [RecordOut],
    hidden_text: &'a [HiddenText],
    files: &'a [FileOut],
}

#[derive(Serialize)]
struct ManifestRequest<'a> {
    reference: &'a str,
    agency: &'a str,
    received: &'a str,
}

#[derive(Serialize)]
struct ManifestApproval<'a> {
    id: i64,
    release_hash: &'a str,
    submitted_by: &'a str,
    approved_by: &'a str,
    approved_at: &'a str,
}

#[derive(Serialize)]
struct ManifestBates<'a> {
    prefix: &'a str,
    first: String,
    last: String,
    pages: usize,
}

#[derive(Debug, Clone)]
struct LogRow {
    first: String,
    last: String,
    doc_id: i64,
    description: Description,
    disposition: String,
    withheld_under: Vec<String>,
    redactions_by_code: BTreeMap<String, u32>,
}

fn citation(rel: &Release, code: &str) -> String {
    match rel.exemptions.iter().find(|e| e.code == code) {
        Some(e) => match &e.former {
            Some(f) => format!("{} (former {f})", e.label),
            None => e.label.clone(),
        },
        None => code.to_string(),
    }
}

/// A CSV field, quoted when it must be (RFC 4180); a leading = + - @ is prefixed with ' so
/// that a spreadsheet does not run it as a formula.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn row_codes(r: &LogRow) -> Vec<String> {
    let mut codes: Vec<String> = r.withheld_under.clone();
    for c in r.redactions_by_code.keys() {
        if !codes.contains(c) {
            codes.push(c.clone());
        }
    }
    codes
}

fn write_log(
    rel: &Release,
    rows: &[LogRow],
    dir: &Path,
    date: (u16, u8, u8, u8, u8, u8),
) -> Result<(), ExportError> {
    let mut csv = String::from(
        "bates_first,bates_last,record,date,type,author,subject,disposition,exemptions,citations,redactions\n",
    );
    let mut text = format!(
        "Exemption log\n{} — {}\nRequest {} received {}\n\n",
        rel.agency, rel.reference, rel.reference, rel.received
    );
    for r in rows {
        let codes = row_codes(r);
        let citations: Vec<String> = codes.iter().map(|c| citation(rel, c)).collect();
        let counts: Vec<String> = r
            .redactions_by_code
            .iter()
            .map(|(c, n)| format!("{c}: {n}"))
            .collect();
        let what = if r.disposition == "withhold" {
            "withheld in full"
        } else {
            "released with redactions"
        };
        csv.push_str(
            &[
                r.first.clone(),
                r.last.clone(),
                r.doc_id.to_string(),
                r.description.date.clone(),
                r.description.kind.clone(),
                r.description.author.clone(),
                r.description.subject.clone(),
                what.to_string(),
                codes.join("; "),
                citations.join("; "),
                counts.join("; "),
            ]
            .iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(","),
        );
        csv.push('\n');
        let range = if r.first == r.last {
            r.first.clone()
        } else {
            format!("{} – {}", r.first, r.last)
        };
        text.push_str(&format!(
            "{range}   (record {})\n    {} · {} · {} · {}\n    {what}: {}\n",
            r.doc_id,
            nonempty(&r.description.date),
            nonempty(&r.description.kind),
            nonempty(&r.description.author),
            nonempty(&r.description.subject),
            citations.join("; ")
        ));
        if !counts.is_empty() {
            text.push_str(&format!("    redactions: {}\n", counts.join("; ")));
        }
        text.push('\n');
    }
    if rows.is_empty() {
        text.push_str("No record is withheld or redacted.\n");
    }
    std::fs::write(dir.join("exemption-log.csv"), csv)?;
    typeset_file(
        rel,
        &text,
        &dir.join("exemption-log.pdf"),
        "Exemption log",
        date,
    )
}

fn nonempty(s: &str) -> &str {
    if s.trim().is_empty() { "—" } else { s }
}

fn write_letter(
    rel: &Release,
    records: &[RecordOut],
    rows: &[LogRow],
    dir: &Path,
    date: (u16, u8, u8, u8, u8, u8),
) -> Result<(), ExportError> {
    let count = |d: &str| records.iter().filter(|r| r.disposition == d).count();
    let pages: usize = records.iter().map(|r| r.pages).sum();
    let mut codes: Vec<String> = vec![];
    for r in rows {
        for c in row_codes(r) {
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
    }
    codes.sort();
    let mut text = format!(
        "{agency}\n{day}\n\n{requester}\n\nRe: Public records request {reference}, received {received}\n\n\
         Dear {requester}:\n\n\
         This letter is the determination on your request under the California Public Records Act \
         (Gov. Code §7920.000 et seq.). You asked for: {description}\n\n\
         We found {total} responsive records: released in full, {full}; released with redactions, \
         {red}; withheld in full, {held}. The enclosed inspection copies have {pages} pages, \
         numbered {first} to {last}; a record withheld in full is represented by a slip sheet.\n\n",
        agency = rel.agency,
        day = rel.approved_at.get(..10).unwrap_or(""),
        requester = rel.requester,
        reference = rel.reference,
        received = rel.received,
        description = rel.description,
        total = records.len(),
        full = count("release"),
        red = count("redact"),
        held = count("withhold"),
        pages = pages,
        first = bates(&rel.bates_prefix, 1),
        last = records
            .last()
            .map(|r| r.bates_last.clone())
            .unwrap_or_default(),
    );
    if codes.is_empty() {
        text.push_str("No information is withheld.\n\n");
    } else {
        text.push_str(
            "Information is withheld under the following exemptions; the enclosed exemption log lists each record concerned:\n\n",
        );
        for c in &codes {
            let desc = rel
                .exemptions
                .iter()
                .find(|e| &e.code == c)
                .map(|e| e.description.clone())
                .unwrap_or_default();
            text.push_str(&format!("  • {} — {desc}\n", citation(rel, c)));
        }
        text.push('\n');
    }
    text.push_str(&format!(
        "The person responsible for this determination (Gov. Code §7922.540) is:\n\n{}\n{}\n\nDRAFT — to be reviewed and signed.\n",
        rel.approved_by_name, rel.agency
    ));
    typeset_file(
        rel,
        &text,
        &dir.join("determination-letter.pdf"),
        "Determination letter (draft)",
        date,
    )
}

/// A document of the export's own (log, letter): typeset, with header and page numbers.
fn typeset_file(
    rel: &Release,
    text: &str,
    path: &Path,
    title: &str,
    date: (u16, u8, u8, u8, u8, u8),
) -> Result<(), ExportError> {
    let layout = typeset::layout(&[Piece::Text(text.to_string())]);
    let n = layout.page_count();
    let mut w = Writer::new(BufWriter::new(File::create(path)?))?;
    for i in 0..n {
        let mut c = Canvas::new(typeset::PAGE_W, typeset::PAGE_H);
        layout.draw(i, &mut c);
        furnish(
            &mut c,
            rel,
            typeset::PAGE_W,
            typeset::PAGE_H,
            Mark {
                left_footer: title,
                right_header: "",
                page: i + 1,
                of: n,
            },
        );
        w.page(&c.finish())?;
    }
    let mut f = w.finish(&Info {
        title: format!("{} — {title}", rel.reference),
        subject: title.to_string(),
        date,
    })?;
    f.flush()?;
    Ok(())
}
