//! The release: records in Bates order, each its own inspection copy and a page run of the
//! combined PDF, then the exemption log (CSV and PDF), the determination letter and the
//! manifest. Records arrive one at a time and leave as files: memory holds one page.
//!
//! The same composition of a record's pages serves three callers: [`preflight`] (at
//! submission: every record composed and read back, so that what export could refuse is
//! found then, named by record), [`write_release`] (the export) and [`expect_of`] (what
//! `verify` compares a copy with later). A record's rendered pages go into a
//! [`PageCache`] the first time, so the export reuses what the pre-flight rendered.

use std::collections::{BTreeMap, VecDeque};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::check::{self, Expect, Removed};
use crate::font::Font;
use crate::paged::{self, Hidden, PageBox, PageWord};
use crate::pdf::{Canvas, Info, Page, PageImage, Style, Writer};
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
    /// The redacted values with their names (for verification only: never written).
    pub removed: Vec<Removed>,
    /// Released as page images whose text layer is read by OCR from the burned images
    /// (nothing hidden in a source can travel in it): the fallback for a record whose text
    /// layer the checks cannot vouch for.
    pub as_images: bool,
    /// Where this record's rendered pages are kept between the pre-flight and the export.
    pub cache: Option<PageCache>,
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

#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
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
    /// Released as page images with a text layer read by OCR.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub as_images: bool,
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

/// Progress for a long export or pre-flight.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub records_done: usize,
    pub pages_done: usize,
}

/// Why a record cannot go out as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// A page or image that does not decode or render: nothing can be shown of it.
    Render,
    /// What a reader reads back from the copy is not what the checks expect: its text layer
    /// cannot be vouched for (the page images are fine; releasing it as images can work).
    Check,
}

/// What stops one record, where, and why (never quoting a redacted value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordProblem {
    pub doc_id: i64,
    /// The page of the record (of its copy, for a typeset record), 1-based, when known.
    pub page: Option<u32>,
    pub kind: ProblemKind,
    pub reason: String,
}

impl std::fmt::Display for RecordProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.page {
            Some(p) => write!(f, "page {p}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("record {}: {}", .0.doc_id, .0)]
    Record(RecordProblem),
    #[error("cannot write the export ({0})")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Other(String),
}

impl ExportError {
    fn render(doc_id: i64, page: Option<u32>, reason: impl Into<String>) -> ExportError {
        // One line: decoders' messages may run over several.
        let reason = reason
            .into()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // The renderers say "page 3 could not be rendered (…)": the page is said once.
        let reason = match page {
            Some(p) => reason
                .strip_prefix(&format!("page {p}: "))
                .or_else(|| reason.strip_prefix(&format!("page {p} ")))
                .unwrap_or(&reason)
                .to_string(),
            None => reason,
        };
        ExportError::Record(RecordProblem {
            doc_id,
            page,
            kind: ProblemKind::Render,
            reason,
        })
    }

    fn check(doc_id: i64, f: check::Failure) -> ExportError {
        ExportError::Record(RecordProblem {
            doc_id,
            page: f.page.map(|p| p as u32),
            kind: ProblemKind::Check,
            reason: f.reason,
        })
    }
}

/// What the pre-flight found for one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub doc_id: i64,
    /// Pages its copy has.
    pub pages: usize,
    pub problem: Option<RecordProblem>,
    pub hidden_text: Vec<HiddenText>,
    /// The first few hidden words of each of those pages (for the reviewer's notice; never
    /// printed on a copy).
    #[serde(default)]
    pub hidden_samples: Vec<String>,
    /// Characters the font cannot show (printed as a replacement mark).
    pub missing_glyphs: usize,
}

impl Verdict {
    /// A record's verdict before anything was found.
    fn of(doc_id: i64) -> Verdict {
        Verdict {
            doc_id,
            pages: 0,
            problem: None,
            hidden_text: vec![],
            hidden_samples: vec![],
            missing_glyphs: 0,
        }
    }
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

/// Where a page is: what its footer and header say, and its number in its document.
struct Mark<'a> {
    left_footer: &'a str,
    right_header: &'a str,
    page: usize,
    of: usize,
    /// An inspection copy (its header says so, and it carries the watermark); the log and
    /// the letter are documents of the agency's own.
    copy: bool,
}

/// The export's own print on every page: header, footer with Bates number and page x of y,
/// watermark. Returns the text it printed.
fn furnish(c: &mut Canvas, rel: &Release, w: f32, h: f32, mark: Mark) -> String {
    let Mark {
        left_footer,
        right_header,
        page,
        of,
        copy,
    } = mark;
    let font = Font::get();
    let grey = Style {
        gray: 0.25,
        ..Style::new(FURNITURE_SIZE)
    };
    let head = if copy {
        format!("{} · {} · Inspection copy", rel.agency, rel.reference)
    } else {
        format!("{} · {}", rel.agency, rel.reference)
    };
    c.text(36.0, h - 20.0, &head, grey);
    let rw = font.width(right_header, FURNITURE_SIZE);
    c.text(w - 36.0 - rw, h - 20.0, right_header, grey);
    let foot = Style::new(9.0);
    c.text(36.0, 12.0, left_footer, foot);
    let pg = format!("Page {page} of {of}");
    c.text(w - 36.0 - font.width(&pg, 9.0), 12.0, &pg, foot);
    let printed = format!("{head}\n{right_header}\n{left_footer}\n{pg}\n");
    if let Some(wm) = rel.watermark.as_ref().filter(|_| copy) {
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

/// Where a record's rendered pages are kept (burned-in images, which hidden words each page
/// had, and for a record released as images the words OCR read): pages are found again by
/// the source (`source`: the original's SHA-256), the page's words and boxes, the
/// resolution and whether OCR was asked, so a changed redaction is a new entry. It holds
/// only what a release shows (burned pixels, words read from them): nothing redacted.
#[derive(Debug, Clone)]
pub struct PageCache {
    pub dir: PathBuf,
    pub source: String,
}

/// A page as rendered, burned and encoded, with what the check needs of it.
#[derive(Debug, Clone)]
pub(crate) struct Rendered {
    pub image: PageImage,
    /// Indices of the source's words that cannot be seen, and why.
    pub hidden: Vec<(usize, Hidden)>,
    /// Words read by OCR from the burned image (a record released as images).
    pub ocr: Option<Vec<PageWord>>,
}

#[derive(Serialize, Deserialize)]
struct CachedPage {
    width: u32,
    height: u32,
    gray: bool,
    jpeg: bool,
    hidden: Vec<(usize, Hidden)>,
    ocr: Option<Vec<PageWord>>,
}

impl PageCache {
    fn key(&self, what: &impl Serialize, dpi: u32, ocr: bool) -> String {
        let mut h = Sha256::new();
        h.update(CACHE_FORMAT.as_bytes());
        h.update(self.source.as_bytes());
        h.update(serde_json::to_vec(what).unwrap_or_default());
        h.update(dpi.to_be_bytes());
        h.update([u8::from(ocr)]);
        hex::encode(&h.finalize()[..20])
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(format!("{key}.page"))
    }

    fn get(&self, key: &str) -> Option<Rendered> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        let nl = bytes.iter().position(|&b| b == b'\n')?;
        let meta: CachedPage = serde_json::from_slice(&bytes[..nl]).ok()?;
        let data = bytes[nl + 1..].to_vec();
        Some(Rendered {
            image: PageImage {
                width: meta.width,
                height: meta.height,
                gray: meta.gray,
                jpeg: meta.jpeg,
                data,
            },
            hidden: meta.hidden,
            ocr: meta.ocr,
        })
    }

    /// Kept whole or not at all (written aside, then renamed); a cache that cannot be
    /// written only costs the export a render.
    fn put(&self, key: &str, r: &Rendered) {
        let meta = CachedPage {
            width: r.image.width,
            height: r.image.height,
            gray: r.image.gray,
            jpeg: r.image.jpeg,
            hidden: r.hidden.clone(),
            ocr: r.ocr.clone(),
        };
        let path = self.path(key);
        let Some(dir) = path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let tmp = dir.join(format!(".{key}.{}.tmp", std::process::id()));
        let ok = (|| -> std::io::Result<()> {
            let mut f = File::create(&tmp)?;
            serde_json::to_writer(&mut f, &meta)?;
            f.write_all(b"\n")?;
            f.write_all(&r.image.data)?;
            f.flush()
        })();
        if ok.is_ok() {
            let _ = std::fs::rename(&tmp, &path);
        } else {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// Bumped whenever what a cached page holds, or how it is made, changes.
const CACHE_FORMAT: &str = "disclose-page-2";

/// What composing needs besides the record: the release (for the print on every page), the
/// render slots, and a private folder for temporary files (OCR's page images).
struct Ctx<'a> {
    rel: &'a Release,
    slots: &'a Slots,
    scratch: &'a Path,
}

/// A record's pages composed, with what its copy must show when read back.
struct Composed {
    pages: Vec<Page>,
    expect: Expect,
    hidden: Vec<HiddenText>,
    /// For each entry of `hidden`, its first few words.
    hidden_samples: Vec<String>,
    missing: usize,
}

/// Composes the pages of one record whose first page has Bates number `first`: typeset,
/// rendered and burned in (`rendered`: its pages if they were rendered ahead), or a slip
/// sheet; each page with the export's print.
fn compose(
    ctx: &Ctx,
    item: &Item,
    first: usize,
    rendered: Option<Vec<RenderedPage>>,
) -> Result<Composed, ExportError> {
    let rel = ctx.rel;
    let mut pages: Vec<Page> = vec![];
    let mut expect = Expect {
        release_text: item.release_text.clone(),
        removed: item.removed.clone(),
        ..Expect::default()
    };
    let mut hidden_text = vec![];
    let mut hidden_samples = vec![];
    let mut missing = 0;
    let record_label = format!("Record {}", item.doc_id);
    let print = |c: &mut Canvas, w: f32, h: f32, i: usize, n: usize| {
        furnish(
            c,
            rel,
            w,
            h,
            Mark {
                left_footer: &bates(&rel.bates_prefix, first + i),
                right_header: &record_label,
                page: i + 1,
                of: n,
                copy: true,
            },
        )
    };
    match &item.body {
        Body::Text(pieces) if !item.as_images => {
            expect.whole = true;
            let layout = typeset::layout(pieces);
            let n = layout.page_count();
            for i in 0..n {
                let mut c = Canvas::new(typeset::PAGE_W, typeset::PAGE_H);
                let (written, labels) = layout.draw(i, &mut c);
                expect.written.push_str(&written);
                expect.furniture.push_str(&labels);
                expect
                    .furniture
                    .push_str(&print(&mut c, typeset::PAGE_W, typeset::PAGE_H, i, n));
                missing += c.missing;
                pages.push(c.finish());
            }
        }
        Body::Text(pieces) => {
            // Typeset, then each page rendered to pixels and read by OCR: the copy is the
            // picture, its text layer what OCR reads in it.
            expect.may_lose = 0.05;
            expect.ocr_layer = true;
            let layout = typeset::layout(pieces);
            let n = layout.page_count();
            let mut bodies = Vec::with_capacity(n);
            for i in 0..n {
                let mut c = Canvas::new(typeset::PAGE_W, typeset::PAGE_H);
                let (_, labels) = layout.draw(i, &mut c);
                expect.furniture.push_str(&labels);
                missing += c.missing;
                bodies.push(c.finish());
            }
            let images = render_typeset(ctx, item, &bodies)?;
            for (i, r) in images.into_iter().enumerate() {
                let (w, h) = (typeset::PAGE_W, typeset::PAGE_H);
                let mut c = Canvas::new(w, h);
                c.image(r.image, [0.0, 0.0, w, h]);
                let words = r.ocr.unwrap_or_default();
                text_layer(&mut c, &words, [0.0, 0.0, w, h], &mut expect);
                expect.furniture.push_str(&print(&mut c, w, h, i, n));
                pages.push(c.finish());
            }
        }
        Body::Paged { pages: src, source } => {
            let n = src.len();
            expect.may_lose = 0.05;
            expect.ocr_layer = item.as_images;
            let rendered = match rendered {
                Some(r) => r,
                None => render_pages(ctx, source, src, item),
            };
            if rendered.len() != n {
                return Err(ExportError::render(
                    item.doc_id,
                    None,
                    "its pages were not rendered",
                ));
            }
            for ((i, p), done) in src.iter().enumerate().zip(rendered) {
                let r = done.map_err(|e| ExportError::render(item.doc_id, Some(p.number), e))?;
                // Hidden words are left out of the text layer whatever they are; a person is
                // told of those worth telling.
                let told: Vec<(&str, Hidden)> = r
                    .hidden
                    .iter()
                    .filter_map(|(k, why)| p.words.get(*k).map(|w| (w.text.as_str(), *why)))
                    .filter(|(t, _)| paged::worth_telling(t))
                    .collect();
                if let Some((_, why)) = told.first() {
                    hidden_text.push(HiddenText {
                        doc_id: item.doc_id,
                        page: p.number,
                        words: told.len(),
                        why: *why,
                    });
                    let sample: Vec<&str> = told.iter().take(8).map(|(t, _)| *t).collect();
                    hidden_samples.push(sample.join(" "));
                }
                let (w, h) = (p.width_pt, p.height_pt);
                // A page smaller than a sheet (a stamp-sized image) sits in the middle of
                // one, so that the header and footer fit on the page.
                let (sheet_w, sheet_h) = (w.max(MIN_SHEET_W), h.max(MIN_SHEET_H));
                let (ox, oy) = ((sheet_w - w) / 2.0, BAND + (sheet_h - h) / 2.0);
                let mut c = Canvas::new(sheet_w, sheet_h + 2.0 * BAND);
                c.image(r.image, [ox, oy, w, h]);
                for (k, word) in p.words.iter().enumerate() {
                    if r.hidden.iter().any(|(j, _)| *j == k) {
                        expect.hidden.push(word.text.clone());
                    } else {
                        expect.visible.push_str(&word.text);
                        expect.visible.push(' ');
                    }
                }
                match &r.ocr {
                    // Released as images: the words OCR read from the burned page.
                    Some(words) => text_layer(&mut c, words, [ox, oy, w, h], &mut expect),
                    // The source's words, neither hidden nor under a box.
                    None => {
                        let kept: Vec<PageWord> = p
                            .words
                            .iter()
                            .enumerate()
                            .filter(|(k, word)| {
                                !r.hidden.iter().any(|(j, _)| j == k)
                                    && !p.boxes.iter().any(|b| paged::overlaps(word, b))
                            })
                            .map(|(_, word)| word.clone())
                            .collect();
                        text_layer(&mut c, &kept, [ox, oy, w, h], &mut expect);
                    }
                }
                // Labels on the burned boxes, as text on top.
                for b in &p.boxes {
                    let bw = (b.x1 - b.x0) * w;
                    let bh = (b.y1 - b.y0) * h;
                    if let Some((l, size)) = typeset::label_for_box(&b.label, bw, bh) {
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
                expect
                    .furniture
                    .push_str(&print(&mut c, sheet_w, sheet_h + 2.0 * BAND, i, n));
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
                expect
                    .furniture
                    .push_str(&print(&mut c, typeset::PAGE_W, typeset::PAGE_H, i, n));
                pages.push(c.finish());
            }
        }
    }
    Ok(Composed {
        pages,
        expect,
        hidden: hidden_text,
        hidden_samples,
        missing,
    })
}

/// An invisible text layer: each word stretched over its box (`at`: where the page sits
/// on the sheet, x, y, width, height in points); what was written goes into `expect`.
fn text_layer(c: &mut Canvas, words: &[PageWord], at: [f32; 4], expect: &mut Expect) {
    let [ox, oy, w, h] = at;
    for word in words {
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
}

/// Writes `pages` to a PDF file.
fn write_pdf(path: &Path, pages: &[Page], date: (u16, u8, u8, u8, u8, u8)) -> std::io::Result<()> {
    let mut w = Writer::new(BufWriter::new(File::create(path)?))?;
    for p in pages {
        w.page(p)?;
    }
    let info = Info {
        title: String::new(),
        subject: String::new(),
        date,
    };
    w.finish(&info)?.into_inner().map_err(|e| e.into_error())?;
    Ok(())
}

/// Typeset pages (no print of the export's own) as pictures, each with the words OCR
/// reads in it.
fn render_typeset(ctx: &Ctx, item: &Item, bodies: &[Page]) -> Result<Vec<Rendered>, ExportError> {
    let dpi = ctx.rel.dpi;
    let keys: Vec<Option<String>> = bodies
        .iter()
        .map(|p| {
            item.cache
                .as_ref()
                .map(|c| c.key(&p.fingerprint(), dpi, true))
        })
        .collect();
    let cached: Vec<Option<Rendered>> = keys
        .iter()
        .zip(&item.cache)
        .map(|(k, c)| k.as_ref().and_then(|k| c.get(k)))
        .chain(std::iter::repeat(None))
        .take(bodies.len())
        .collect();
    if cached.iter().all(Option::is_some) {
        return Ok(cached.into_iter().flatten().collect());
    }
    let tmp = tempfile::Builder::new()
        .prefix("as-images")
        .tempdir_in(ctx.scratch)?;
    let path = tmp.path().join("typeset.pdf");
    write_pdf(&path, bodies, (2000, 1, 1, 0, 0, 0))?;
    let mut out = Vec::with_capacity(bodies.len());
    for (i, c) in cached.into_iter().enumerate() {
        if let Some(r) = c {
            out.push(r);
            continue;
        }
        let page = i as u32 + 1;
        let fail = |e: String| ExportError::render(item.doc_id, Some(page), e);
        let _slot = ctx.slots.take();
        let raster = paged::render_pdf_page(&path, page, dpi).map_err(fail)?;
        let words = paged::ocr_raster(&raster, tmp.path()).map_err(fail)?;
        let r = Rendered {
            image: paged::encode(&raster, false).map_err(fail)?,
            hidden: vec![],
            ocr: Some(words),
        };
        if let (Some(Some(k)), Some(c)) = (keys.get(i), &item.cache) {
            c.put(k, &r);
        }
        out.push(r);
    }
    Ok(out)
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
type RenderedPage = Result<Rendered, String>;

/// Renders, checks and burns in the pages of a paged record, on as many threads as the
/// machine has cores (each page is independent); results in page order. A page kept in
/// the record's cache is taken from there.
fn render_pages(ctx: &Ctx, source: &Source, pages: &[PagedPage], item: &Item) -> Vec<RenderedPage> {
    let dpi = ctx.rel.dpi;
    let one = |p: &PagedPage| -> RenderedPage {
        let key = item.cache.as_ref().map(|c| c.key(p, dpi, item.as_images));
        if let (Some(k), Some(c)) = (&key, &item.cache)
            && let Some(r) = c.get(k)
        {
            return Ok(r);
        }
        // At most one page per core is in pixels at a time, across every record rendering.
        let _slot = ctx.slots.take();
        let mut raster = match source {
            Source::Pdf(path, _) => {
                let r = paged::render_pdf_page(path, p.number, dpi)?;
                // Poppler answers a page it cannot render (one too large for its memory)
                // with a tiny blank picture: that is no rendering of the page.
                let want = (p.width_pt / 72.0 * dpi as f32).round();
                if (r.width as f32) < want * 0.9 - 2.0 {
                    return Err(format!(
                        "could not be rendered (poppler drew {} × {} pixels for a page of {:.0} × {:.0} pt)",
                        r.width, r.height, p.width_pt, p.height_pt
                    ));
                }
                r
            }
            Source::Image(path, _) => paged::load_image(path, p.number - 1, p.width_pt, dpi)?,
        };
        let hidden = if p.ocr {
            vec![]
        } else {
            let boxes: Vec<[f32; 4]> = p.words.iter().map(|w| [w.x0, w.y0, w.x1, w.y1]).collect();
            paged::hidden_words(&raster, &boxes)
        };
        paged::burn_in(&mut raster, &p.boxes)?;
        let ocr = if item.as_images {
            let tmp = tempfile::Builder::new()
                .prefix("ocr")
                .tempdir_in(ctx.scratch)
                .map_err(|e| format!("a scratch folder for OCR ({e})"))?;
            Some(paged::ocr_raster(&raster, tmp.path())?)
        } else {
            None
        };
        let r = Rendered {
            image: paged::encode(&raster, p.ocr)?,
            hidden,
            ocr,
        };
        if let (Some(k), Some(c)) = (&key, &item.cache) {
            c.put(k, &r);
        }
        Ok(r)
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

/// Runs `each` on the records in order, each with its pages if they were rendered ahead:
/// paged records are rendered a few records ahead, on their own threads, while the
/// current one is composed (a release of one-page scans keeps every core busy too).
fn each_rendered<'i>(
    ctx: &Ctx,
    items: impl Iterator<Item = Result<Item, ExportError>> + 'i,
    mut each: impl FnMut(
        Result<(Item, Option<Vec<RenderedPage>>), ExportError>,
    ) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    std::thread::scope(|scope| {
        let mut source = items;
        let mut queue: VecDeque<Result<(Item, Option<RenderJob>), ExportError>> = VecDeque::new();
        loop {
            while queue.len() < LOOKAHEAD {
                match source.next() {
                    Some(Ok(item)) => {
                        let job = match &item.body {
                            // A long record is rendered when its turn comes (memory holds
                            // one record's pages, not several long ones).
                            Body::Paged { source, pages } if pages.len() <= AHEAD_MAX_PAGES => {
                                let (source, pages, it) =
                                    (source.clone(), pages.clone(), item.clone());
                                Some(scope.spawn(move || render_pages(ctx, &source, &pages, &it)))
                            }
                            _ => None,
                        };
                        queue.push_back(Ok((item, job)));
                    }
                    Some(Err(e)) => queue.push_back(Err(e)),
                    None => break,
                }
            }
            let Some(next) = queue.pop_front() else {
                return Ok(());
            };
            each(next.map(|(item, job)| {
                let rendered = job.map(|h| h.join().expect("a render thread does not panic"));
                (item, rendered)
            }))?;
        }
    })
}

/// A record's copy written and read back by our own reader, waiting for poppler's reading
/// of the combined file.
#[derive(Serialize, Deserialize)]
struct Written {
    doc_id: i64,
    pages: usize,
    expect: Expect,
    /// What our reader read from the record's own copy.
    own: String,
}

/// A record's pages as a PDF of its own, in memory.
fn own_copy(pages: &[Page], info: &Info) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new(Vec::new())?;
    for p in pages {
        w.page(p)?;
    }
    w.finish(info)
}

/// Checks one record's run of pages in poppler's reading of a combined file: the record's
/// checks, and agreement with what our reader read from the record's own copy.
fn check_run(run: &str, w: &Written) -> Result<(), ExportError> {
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
fn runs(
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
        let own = check::read_own(&std::fs::read(&path)?).map_err(|reason| {
            ExportError::check(item.doc_id, check::Failure { page: None, reason })
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
        if item.disposition != "release" || item.as_images {
            log_rows.push(LogRow {
                first: bates(&rel.bates_prefix, first),
                last: bates(&rel.bates_prefix, last),
                doc_id: item.doc_id,
                description: item.description.clone(),
                disposition: item.disposition.clone(),
                withheld_under: item.withheld_under.clone(),
                redactions_by_code: item.redactions_by_code.clone(),
                as_images: item.as_images,
            });
        }
        records.push(RecordOut {
            doc_id: item.doc_id,
            disposition: item.disposition.clone(),
            file,
            bates_first: bates(&rel.bates_prefix, first),
            bates_last: bates(&rel.bates_prefix, last),
            pages: pages.len(),
            as_images: item.as_images,
        });
        next = last + 1;
        progress(Progress {
            records_done: records.len(),
            pages_done: next - 1,
        });
        Ok(())
    })?;
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
        hidden_text,
        missing_glyphs: missing,
        manifest_sha256: hex::encode(Sha256::digest(&json)),
    })
}

/// Records whose copies are read by one poppler process in the pre-flight.
const BATCH_PAGES: usize = 2_000;

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
    let mut next = 1usize;
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
        let own = check::read_own(&own).map_err(|reason| check::Failure { page: None, reason });
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
    options: ManifestOptions,
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

/// How the copies were made (what `verify` needs to compose them again).
#[derive(Serialize)]
struct ManifestOptions {
    dpi: u32,
    slip_sheet_per_page: bool,
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
    as_images: bool,
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

/// How a record went out, in words.
fn released_as(r: &LogRow) -> &'static str {
    match (r.disposition.as_str(), r.as_images) {
        ("withhold", _) => "withheld in full",
        ("release", true) => "released in full, as page images",
        ("release", false) => "released in full",
        (_, true) => "released with redactions, as page images",
        (_, false) => "released with redactions",
    }
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
    let mut as_images = vec![];
    for r in rows {
        if r.as_images {
            as_images.push(r.doc_id.to_string());
        }
        let codes = row_codes(r);
        if codes.is_empty() {
            // Released in full as page images: listed below the log, not in it.
            continue;
        }
        let citations: Vec<String> = codes.iter().map(|c| citation(rel, c)).collect();
        let counts: Vec<String> = r
            .redactions_by_code
            .iter()
            .map(|(c, n)| format!("{c}: {n}"))
            .collect();
        let what = released_as(r);
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
    if rows.iter().all(|r| row_codes(r).is_empty()) {
        text.push_str("No record is withheld or redacted.\n");
    }
    if !as_images.is_empty() {
        text.push_str(&format!(
            "\nReleased as page images, their searchable text read by OCR from the released \
             pages (the checks could not vouch for the text of the original): records {}.\n",
            as_images.join(", ")
        ));
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

/// A document of the agency's own (log, letter): typeset, with a header and page numbers,
/// without the inspection copies' watermark.
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
                copy: false,
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
