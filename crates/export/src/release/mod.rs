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

use model::Disposition;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::check::{self, Expect, Removed};
use crate::font::Font;
use crate::paged::{self, Hidden, PageBox, PageWord};
use crate::pdf::{Canvas, Info, Page, PageImage, Style, Writer};
use crate::typeset::{self, Piece};

mod cache;
mod compose;
mod documents;
mod preflight;
mod render;
mod write;

pub use cache::PageCache;
pub(crate) use cache::Rendered;
pub(crate) use compose::{Ctx, compose};
pub use documents::csv_field;
pub(crate) use documents::{LogKind, write_letter, write_log};
pub use documents::{LogRow, write_document};
pub use preflight::{expect_of, preflight};
pub(crate) use render::{RenderedPage, Slots, cores, each_rendered, render_pages};
pub(crate) use write::{Written, check_run, own_copy, runs};
pub use write::{file_out, write_release};

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
    /// The newest audit event when the export was made, `(seq, hash)`: recorded in the
    /// manifest, outside the database, so a log cut or rewritten later is found by `verify`.
    pub audit_head: Option<(i64, String)>,
    pub exemptions: Vec<ExemptionInfo>,
    /// The first Bates number (1, or where the request's last installment ended + 1).
    pub bates_start: usize,
    /// The installment this release is, when the request goes out in installments.
    pub installment: Option<u32>,
    /// The exemption-log rows of the installments before this one, and their citations: with
    /// them the export also writes the cumulative log of the request.
    pub earlier: Option<Earlier>,
    /// The letter from the office's template (none: the built-in draft).
    pub letter: Option<Letter>,
}

/// A letter from the office's template, its fields filled but those only the export knows:
/// `{{pages}}`, `{{bates_first}}`, `{{bates_last}}`, `{{records}}`, `{{released_in_full}}`,
/// `{{released_with_redactions}}`, `{{withheld}}`, and `{{cost}}` (the `cost` sentence, in
/// which `{{pages}}` and `{{cost_total}}` are filled: the pages at `cents_per_page`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Letter {
    pub text: String,
    pub cost: String,
    pub cents_per_page: u32,
}

impl Letter {
    /// The letter's text for a release of these records.
    pub fn fill(&self, records: &[RecordOut], first: &str, last: &str) -> String {
        let count = |d: Disposition| records.iter().filter(|r| r.disposition == d).count();
        let pages: usize = records.iter().map(|r| r.pages).sum();
        let cents = pages as u64 * u64::from(self.cents_per_page);
        let text = self.text.replace("{{cost}}", &self.cost);
        [
            ("{{pages}}", pages.to_string()),
            (
                "{{cost_total}}",
                format!("${}.{:02}", cents / 100, cents % 100),
            ),
            ("{{bates_first}}", first.to_string()),
            ("{{bates_last}}", last.to_string()),
            ("{{records}}", records.len().to_string()),
            (
                "{{released_in_full}}",
                count(Disposition::Release).to_string(),
            ),
            (
                "{{released_with_redactions}}",
                count(Disposition::Redact).to_string(),
            ),
            ("{{withheld}}", count(Disposition::Withhold).to_string()),
        ]
        .iter()
        .fold(text, |t, (k, v)| t.replace(k, v))
    }
}

/// What earlier installments logged, for the cumulative log.
#[derive(Debug, Clone, Default)]
pub struct Earlier {
    pub rows: Vec<LogRow>,
    pub exemptions: Vec<ExemptionInfo>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// Release, redact or withhold.
    pub disposition: Disposition,
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
    /// A corrected copy of a record released in this earlier installment.
    pub corrects: Option<u32>,
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
    pub disposition: Disposition,
    pub file: String,
    pub bates_first: String,
    pub bates_last: String,
    pub pages: usize,
    /// Released as page images with a text layer read by OCR.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub as_images: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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
    /// The rows of its exemption log (kept for the cumulative log of later installments).
    pub log_rows: Vec<LogRow>,
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
#[non_exhaustive]
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
    pub(crate) fn of(doc_id: i64) -> Verdict {
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

pub(crate) const BAND: f32 = 30.0;
/// The smallest sheet a paged record's page is shown on (points, without the bands).
pub(crate) const MIN_SHEET_W: f32 = 420.0;
pub(crate) const MIN_SHEET_H: f32 = 200.0;
pub(crate) const FURNITURE_SIZE: f32 = 8.0;

pub fn bates(prefix: &str, n: usize) -> String {
    format!("{prefix}-{n:06}")
}

pub(crate) fn info_date(at: &str) -> (u16, u8, u8, u8, u8, u8) {
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
pub(crate) struct Mark<'a> {
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
pub(crate) fn furnish(c: &mut Canvas, rel: &Release, w: f32, h: f32, mark: Mark) -> String {
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
