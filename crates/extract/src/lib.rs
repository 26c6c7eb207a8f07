//! Type sniffing and text/metadata extraction for the records a city collects.
//!
//! One collected file goes in; reviewable UTF-8 text, metadata fields, word boxes for paged
//! records (PDF, images), attachments (for the pipeline to recurse into) and reviewer warnings
//! come out. Nothing here panics on bad input: every extractor runs under `catch_unwind` and a
//! file that cannot be read gives a one-line [`Failure`].
//!
//! Conventions:
//! * PDF and OCR text: words joined with spaces (a tab across a wide gap, as between table
//!   cells), a line break where the words' vertical position changes, and **a blank line
//!   between pages** (no form feeds). [`Extracted::merge_ocr`] rebuilds it the same way.
//! * Word boxes are normalised to the page (0..1, origin top-left); OCR confidence is
//!   tesseract's percentage divided by 100 (0..1).
//! * PDF, PDF rendering and OCR use poppler-utils (`pdftotext`, `pdftoppm`) and `tesseract`
//!   as child processes that are killed on a timeout; every other format is read in-process.
//!   Debian packages: `poppler-utils`, `tesseract-ocr`, `tesseract-ocr-eng` (the tests also
//!   use `qpdf`, `imagemagick` and `fonts-dejavu-core`). Without them PDFs and OCR fail with a
//!   message naming the package; nothing else needs them.
//! * Limits: files over [`Options::max_in_memory`] (PDFs, images, zips and mailboxes excepted) fail
//!   "too large"; in-process readers of large or container files run on a watchdog thread and
//!   fail "took too long" at [`Options::timeout`] (the thread is then abandoned, as threads
//!   cannot be killed); small emails and text run on the caller's thread for speed.
//!
//! ```
//! use extract::{extract_file, sniff, Kind, Options};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("note.eml");
//! std::fs::write(
//!     &path,
//!     "From: Ann <ann@city.gov>\r\nTo: bob@city.gov\r\nSubject: =?utf-8?q?Caf=C3=A9?=\r\n\
//!      Date: Tue, 1 Aug 2023 10:00:00 +0000\r\n\r\nHello Bob.\r\n",
//! )
//! .unwrap();
//! let head = std::fs::read(&path).unwrap();
//! let kind = sniff(&head, "note.eml");
//! assert_eq!(kind, Kind::Email);
//! let out = extract_file(&path, "note.eml", kind, &Options::default()).unwrap();
//! assert_eq!(out.title.as_deref(), Some("Café"));
//! assert_eq!(out.fields["date"], "2023-08-01T10:00:00Z");
//! assert!(out.text.starts_with("From: Ann <ann@city.gov>\n"));
//! assert!(out.text.ends_with("Hello Bob.\n"));
//! ```

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

mod archive;
mod doc;
mod docx;
mod email;
mod html;
mod image;
mod locked;
mod msg;
mod odf;
mod ole;
mod pdf;
mod ppt;
mod pptx;
mod proc;
mod pst;
pub mod render;
mod rtf;
mod sheet;
mod sniff;
mod text;
mod tnef;

pub use archive::{ArchiveLimits, walk_zip};
pub use locked::{Unlocked, unlock};
pub use pdf::ocr;
pub use pst::{ItemKind, Mailbox, MailboxItem, is_mailbox, item_kind, open_mailbox};
pub use sniff::{sniff, sniff_file};

/// Bump when the output for the same bytes changes.
pub const EXTRACTOR_VERSION: &str = "extract-2";

/// How many bytes of a file [`sniff`] wants to see.
pub const SNIFF_LEN: usize = 64 * 1024;

/// What a file is, decided by its content (the model's closed set of record kinds).
pub use model::RecordKind as Kind;

/// What was read out of one file.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Extracted {
    pub kind: Kind,
    /// Email subject, document title, else None.
    pub title: Option<String>,
    /// Email: from, to, cc, bcc, subject, date (RFC 3339 when parseable, else as found),
    /// message_id, in_reply_to, references. Documents: author, created, modified, title,
    /// last_modified_by; pdf: producer, creator, pages.
    pub fields: BTreeMap<String, String>,
    /// The whole reviewable text.
    pub text: String,
    /// Paged records (pdf, image) only.
    pub pages: Vec<Page>,
    /// 1-based page numbers that have no text layer (pdf) / all pages (image).
    pub needs_ocr: Vec<u32>,
    /// Email attachments (not expanded), msg attachments, mbox messages.
    pub attachments: Vec<Attachment>,
    /// One-line notes for the reviewer.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Page {
    pub number: u32,
    pub width_pt: f32,
    pub height_pt: f32,
    pub words: Vec<Word>,
    pub ocr: bool,
}

/// A word with its box normalised to the page (0..1, origin top-left).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Word {
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// OCR confidence 0..1 (tesseract's percentage / 100); None for a text layer.
    pub conf: Option<f32>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct Options {
    /// Per file (default 60 s).
    pub timeout: Duration,
    /// Per OCR page (default 120 s).
    pub ocr_timeout: Duration,
    /// Larger non-PDF files fail "too large" (default 256 MiB).
    pub max_in_memory: u64,
    /// Passwords to try on locked files ([`unlock`]); none by default.
    pub passwords: Passwords,
    /// Where the temporary folders of a read go (a PDF's embedded files, OCR's page
    /// images); the system's temporary folder when `None`. An encrypted office points it
    /// at memory, so nothing read from a record lands on a disk in the clear.
    pub scratch: Option<std::path::PathBuf>,
}

impl Options {
    /// A private temporary folder under [`Options::scratch`], removed when dropped.
    pub(crate) fn temp_dir(&self, prefix: &str) -> std::io::Result<tempfile::TempDir> {
        let mut b = tempfile::Builder::new();
        b.prefix(prefix);
        match &self.scratch {
            Some(dir) => b.tempdir_in(dir),
            None => b.tempdir(),
        }
    }
}

/// Passwords a clerk was given for locked files, tried in order. Never printed: `Debug`
/// shows only how many there are, so no log line can carry one.
#[derive(Clone, Default)]
pub struct Passwords(std::sync::Arc<Vec<String>>);

impl Passwords {
    /// One password per line (a trailing CR is dropped; empty lines are skipped; spaces
    /// inside and around a password are part of it).
    pub fn from_lines(text: &str) -> Passwords {
        Passwords(std::sync::Arc::new(
            text.lines()
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
        ))
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Passwords({} given)", self.0.len())
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: Duration::from_secs(60),
            ocr_timeout: Duration::from_secs(120),
            max_in_memory: 256 * 1024 * 1024,
            passwords: Passwords::default(),
            scratch: None,
        }
    }
}

const ENCRYPTED: &str = "encrypted (password required)";

/// A plain one-line reason a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Failure(pub String);

impl From<String> for Failure {
    fn from(s: String) -> Failure {
        Failure(s)
    }
}

impl From<Failure> for String {
    fn from(f: Failure) -> String {
        f.0
    }
}

impl From<&str> for Failure {
    fn from(s: &str) -> Failure {
        Failure(s.to_string())
    }
}

impl Failure {
    pub fn new(s: impl Into<String>) -> Failure {
        Failure(s.into())
    }
    pub(crate) fn encrypted() -> Failure {
        Failure::new(ENCRYPTED)
    }
    /// The file is locked: a password might open it ([`unlock`]).
    pub fn is_encrypted(&self) -> bool {
        self.0 == ENCRYPTED
    }
    pub(crate) fn timeout(limit: Duration) -> Failure {
        Failure(format!("took too long (over {})", fmt_duration(limit)))
    }
    pub(crate) fn binary() -> Failure {
        Failure::new("unsupported type (binary data)")
    }
}

pub(crate) fn fmt_duration(d: Duration) -> String {
    if d.as_secs() >= 1 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// "300 MB", "8 GiB" style sizes (binary units, as the limits are).
pub(crate) fn fmt_size(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    const GIB: u64 = 1024 * MIB;
    if n >= GIB && n.is_multiple_of(GIB) {
        format!("{} GiB", n / GIB)
    } else if n >= MIB {
        format!("{} MB", n.div_ceil(MIB))
    } else if n >= 1024 {
        format!("{} KB", n.div_ceil(1024))
    } else {
        format!("{n} bytes")
    }
}

/// FILETIME (100 ns since 1601) as a UTC time; None for zero (unset) or out of range.
pub(crate) fn filetime(ft: u64) -> Option<chrono::DateTime<chrono::Utc>> {
    if ft == 0 || ft > i64::MAX as u64 {
        return None;
    }
    chrono::DateTime::from_timestamp((ft / 10_000_000) as i64 - 11_644_473_600, 0)
}

/// FILETIME as RFC 3339 UTC ("2024-03-01T10:00:00Z").
pub(crate) fn filetime_rfc3339(ft: u64) -> Option<String> {
    Some(filetime(ft)?.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// One line, trimmed, at most `max` characters: for messages built from foreign text.
pub(crate) fn one_line(s: &str, max: usize) -> String {
    let s = s
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut out: String = s.chars().take(max).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

/// Files at most this size of the in-process text formats are read on the caller's thread
/// (no watchdog thread: cheap enough for tens of thousands of small emails a second).
const INLINE_LIMIT: u64 = 1024 * 1024;

/// Reads a file already in memory, for the kinds read in-process from their bytes (email,
/// mbox, text, CSV, HTML, RTF); `None` for the kinds whose readers need a file (PDF, images,
/// Office documents, Outlook messages, archives). The ingest pipeline holds small files in
/// memory once, so reading them again from disk would only cost time.
pub fn extract_bytes(
    bytes: &[u8],
    _name: &str,
    kind: Kind,
    opts: &Options,
) -> Option<Result<Extracted, Failure>> {
    let read: fn(&[u8]) -> Result<Extracted, Failure> = match kind {
        Kind::Email => email::extract_eml,
        Kind::Mbox => email::extract_mbox,
        Kind::Csv | Kind::Text => |b| Ok(text::extract_text(b)),
        Kind::Html => |b| Ok(html::extract_html(b)),
        Kind::Rtf => |b| Ok(rtf::extract_rtf(b)),
        Kind::Tnef => tnef::extract_tnef,
        _ => return None,
    };
    if bytes.len() as u64 > opts.max_in_memory {
        return Some(Err(Failure(format!(
            "too large ({}; the limit is {})",
            fmt_size(bytes.len() as u64),
            fmt_size(opts.max_in_memory)
        ))));
    }
    Some(guarded(|| {
        let mut out = read(bytes)?;
        out.kind = kind;
        Ok(out)
    }))
}

/// Reads one collected file. `name` is the file's original name (used only for
/// tie-breaking and messages); `kind` normally comes from [`sniff_file`].
pub fn extract_file(
    path: &Path,
    name: &str,
    kind: Kind,
    opts: &Options,
) -> Result<Extracted, Failure> {
    let meta = std::fs::metadata(path).map_err(|e| io_failure(&e))?;
    if meta.is_dir() {
        return Err(Failure::new("not a file (a folder)"));
    }
    let size = meta.len();
    if !matches!(kind, Kind::Pdf | Kind::Archive | Kind::Image | Kind::Pst)
        && size > opts.max_in_memory
    {
        return Err(Failure(format!(
            "too large ({}; the limit is {})",
            fmt_size(size),
            fmt_size(opts.max_in_memory)
        )));
    }
    // PDFs are read by child processes that have their own timeouts; small text-like files are
    // read inline; everything else runs on a watchdog thread.
    let inline = match kind {
        Kind::Pdf | Kind::Image | Kind::Unknown => true,
        Kind::Email | Kind::Text | Kind::Csv | Kind::Html | Kind::Rtf | Kind::Mbox => {
            size <= INLINE_LIMIT
        }
        _ => false,
    };
    if inline {
        return guarded(|| extract_inner(path, name, kind, opts));
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let (p, n, o) = (path.to_path_buf(), name.to_string(), opts.clone());
    let spawned = std::thread::Builder::new()
        .name("extract".into())
        .stack_size(16 * 1024 * 1024)
        .spawn(move || {
            let r = guarded(|| extract_inner(&p, &n, kind, &o));
            let _ = tx.send(r);
        });
    if let Err(e) = spawned {
        return Err(Failure(format!("could not start a reader ({e})")));
    }
    match rx.recv_timeout(opts.timeout) {
        Ok(r) => r,
        // The thread is left to finish on its own: a thread cannot be killed.
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(Failure::timeout(opts.timeout)),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err(Failure::new("internal error (reader stopped)"))
        }
    }
}

/// Entry points for the coverage-guided fuzzers in `fuzz/` (see `scripts/fuzz`): each reader
/// called as ingest calls it, but on the caller's thread with no watchdog, so a hang reaches
/// the fuzzer's own timeout. (A panic reaches it anyway: the fuzzer's panic hook aborts
/// before [`guarded`] could turn it into a [`Failure`].) Not part of the API.
#[doc(hidden)]
pub mod fuzzing {
    use super::*;

    /// Reads the file at `path` as `kind`, as [`extract_file`] would, on this thread.
    pub fn read_file(path: &Path, name: &str, kind: Kind) -> Result<Extracted, Failure> {
        extract_inner(path, name, kind, &Options::default())
    }

    /// Our side of poppler: `pdftotext -bbox-layout`'s XHTML as the PDF reader parses it.
    pub fn pdf_words(xhtml: &str) -> Result<Extracted, Failure> {
        pdf::parse_bbox(xhtml)
    }

    /// Our side of tesseract: its TSV as the OCR reader parses it.
    pub fn ocr_words(tsv: &str) -> usize {
        pdf::parse_tsv(tsv).len()
    }

    /// Opens the mailbox at `path` and reads every item, as ingest does.
    pub fn read_mailbox(path: &Path) -> usize {
        let Ok(mailbox) = open_mailbox(path) else {
            return 0;
        };
        let mut n = 0;
        mailbox.walk(&mut |_| true, &mut |item| {
            if let Ok(m) = item.message {
                let _ = email::extract_eml(&m);
            }
            n += 1;
            true
        });
        n
    }

    /// Walks the zip at `path` as ingest does, reading every member to its end.
    pub fn read_zip(path: &Path) -> usize {
        let mut n = 0;
        let _ = walk_zip(path, &ArchiveLimits::default(), &mut |_, member| {
            if let Ok(r) = member {
                let _ = std::io::copy(r, &mut std::io::sink());
            }
            n += 1;
            Ok(())
        });
        n
    }
}

/// Runs `f`, turning a panic into a [`Failure`].
pub(crate) fn guarded<T>(f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            Err(Failure(format!("internal error ({})", one_line(&msg, 120))))
        }
    }
}

pub(crate) fn io_failure(e: &std::io::Error) -> Failure {
    match e.kind() {
        std::io::ErrorKind::NotFound => Failure::new("file not found"),
        std::io::ErrorKind::PermissionDenied => Failure::new("cannot open (permission denied)"),
        _ => Failure(format!("cannot read ({})", one_line(&e.to_string(), 120))),
    }
}

pub(crate) fn read_all(path: &Path, opts: &Options) -> Result<Vec<u8>, Failure> {
    let f = std::fs::File::open(path).map_err(|e| io_failure(&e))?;
    let mut buf = Vec::new();
    f.take(opts.max_in_memory + 1)
        .read_to_end(&mut buf)
        .map_err(|e| io_failure(&e))?;
    if buf.len() as u64 > opts.max_in_memory {
        return Err(Failure(format!(
            "too large (over {})",
            fmt_size(opts.max_in_memory)
        )));
    }
    Ok(buf)
}

fn extract_inner(
    path: &Path,
    name: &str,
    kind: Kind,
    opts: &Options,
) -> Result<Extracted, Failure> {
    let mut out = match kind {
        Kind::Email => email::extract_eml(&read_all(path, opts)?),
        Kind::Mbox => email::extract_mbox(&read_all(path, opts)?),
        Kind::Msg => msg::extract_msg(path, opts),
        Kind::Tnef => tnef::extract_tnef(&read_all(path, opts)?),
        Kind::Pdf => pdf::extract_pdf(path, opts),
        Kind::Image => image::extract_image(path),
        Kind::Docx => docx::extract_docx(path, opts),
        Kind::Odt | Kind::Odp => odf::extract_odf(path, opts),
        Kind::Pptx => pptx::extract_pptx(path, opts),
        Kind::Doc => doc::extract_doc(path, opts),
        Kind::Ppt => ppt::extract_ppt(path, opts),
        Kind::Spreadsheet => sheet::extract_spreadsheet(path, name, opts),
        Kind::Csv | Kind::Text => Ok(text::extract_text(&read_all(path, opts)?)),
        Kind::Html => Ok(html::extract_html(&read_all(path, opts)?)),
        Kind::Rtf => Ok(rtf::extract_rtf(&read_all(path, opts)?)),
        Kind::Archive => archive::extract_archive(path),
        Kind::Pst => pst::extract_pst(path),
        Kind::Unknown => Err(unknown_failure(path)),
    }?;
    out.kind = kind;
    Ok(out)
}

fn unknown_failure(path: &Path) -> Failure {
    let mut head = [0u8; 8];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = &head[..n];
    if n == 0 {
        Failure::new("empty file")
    } else if head.starts_with(&sniff::OLE_MAGIC) {
        let encrypted = std::fs::File::open(path)
            .ok()
            .and_then(|f| {
                guarded(|| cfb::CompoundFile::open(f).map_err(|e| Failure(e.to_string()))).ok()
            })
            .is_some_and(|cf| cf.exists("/EncryptedPackage"));
        if encrypted {
            Failure::encrypted()
        } else {
            Failure::new("unsupported type (old-style Office document)")
        }
    } else {
        Failure::binary()
    }
}

/// A password-protected Office Open XML file (an OLE compound file with an EncryptedPackage).
pub(crate) fn ole_encrypted(path: &Path) -> bool {
    let mut head = [0u8; 8];
    let is_ole = std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == sniff::OLE_MAGIC;
    is_ole
        && std::fs::File::open(path)
            .ok()
            .and_then(|f| {
                guarded(|| cfb::CompoundFile::open(f).map_err(|e| Failure(e.to_string()))).ok()
            })
            .is_some_and(|cf| cf.exists("/EncryptedPackage"))
}

impl Extracted {
    /// Merges OCR pages in: replaces pages with the same number (or inserts them in order),
    /// drops them from `needs_ocr`, then rebuilds `text` from all pages' words (a line break
    /// where the y changes, a blank line between pages).
    pub fn merge_ocr(&mut self, pages: Vec<Page>) {
        for p in pages {
            self.needs_ocr.retain(|&n| n != p.number);
            match self.pages.binary_search_by_key(&p.number, |q| q.number) {
                Ok(i) => self.pages[i] = p,
                Err(i) => self.pages.insert(i, p),
            }
        }
        self.text = pages_text(&self.pages);
    }
}

/// The text of paged records: words joined by spaces (a tab across a gap wider than 2.5 line
/// heights), a line break where the vertical position changes (or the words run backwards),
/// a blank line between pages.
pub fn pages_text(pages: &[Page]) -> String {
    let mut out = String::new();
    for (i, p) in pages.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        page_text_into(p, &mut out);
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

pub(crate) fn page_text_into(p: &Page, out: &mut String) {
    let mut prev: Option<&Word> = None;
    for w in &p.words {
        if w.text.is_empty() {
            continue;
        }
        if let Some(q) = prev {
            if !same_line(q, w) {
                out.push('\n');
            } else if wide_gap(p, q, w) {
                // Table cells, or a heading beside a column: keep them apart.
                out.push('\t');
            } else {
                out.push(' ');
            }
        }
        out.push_str(&w.text);
        prev = Some(w);
    }
}

/// A horizontal gap of more than 2.5 line heights (measured in points).
fn wide_gap(p: &Page, a: &Word, b: &Word) -> bool {
    let gap = (b.x0 - a.x1) * p.width_pt;
    let h = (a.y1 - a.y0).max(b.y1 - b.y0) * p.height_pt;
    h > 0.0 && gap > 2.5 * h
}

fn same_line(a: &Word, b: &Word) -> bool {
    let overlap = a.y1.min(b.y1) - a.y0.max(b.y0);
    let h = (a.y1 - a.y0).min(b.y1 - b.y0).max(1e-6);
    overlap >= 0.5 * h && b.x0 >= a.x0 - 1e-4
}
