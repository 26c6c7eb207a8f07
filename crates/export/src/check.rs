//! Reading an inspection copy back and checking it. One function, [`check`], gives the one
//! answer for a copy, whoever asks: the export (on our own reading of each copy as it is
//! written, and on poppler's `pdftotext` reading of the whole release), the pre-flight at
//! submission, and `verify` later. What it checks:
//!
//! 1. nothing readable that is not in the record's release text or in what the export itself
//!    printed (header, footer, labels, slip sheets): withheld records' text, hidden source
//!    text and redacted text cannot be there, because none of it is in the release text;
//! 2. no redacted value readable — alone, inside a longer word, or with its words run
//!    together — more often than the release text itself has it;
//! 3. no hidden source word readable more often than the page's visible words have it;
//! 4. every word written is readable (the font and its Unicode map work);
//! 5. for a typeset record, every word of its release text was written (no line lost).
//!
//! Text is compared the way a reader reads it: case, punctuation and compatibility forms
//! (ligatures, full-width letters) do not matter, and letter-spaced words (`W E E K E N D`)
//! are read as the word they spell, whichever way an extractor gives them back.

use extract::Failure as Unreadable;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use std::path::Path;
use std::process::Command;
use unicode_normalization::UnicodeNormalization;

/// What one output file must and must not show.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Expect {
    /// The record's release text: its text without the redacted pieces (empty when withheld).
    pub release_text: String,
    /// What the export printed itself: header, footer, labels, watermark, slip sheet.
    pub furniture: String,
    /// The text written as text (typeset lines, the text layer's words).
    pub written: String,
    /// The redacted values, each with the name the review screen gives it.
    pub removed: Vec<Removed>,
    /// Source words left out as hidden, and the visible words of their pages.
    pub hidden: Vec<String>,
    pub visible: String,
    /// The share of written words that may not be read back: none for typeset text; a
    /// little for a text layer over a page image, where poppler drops words that overlap
    /// (formulas, fake bold) — the image still shows them.
    pub may_lose: f32,
    /// The release text is written in full (a typeset record): check 5 applies.
    pub whole: bool,
    /// The text layer is what OCR read from the released pages: values of one or two
    /// letters are not counted in it (OCR's misreadings would make them false alarms; the
    /// pixels under every box are checked black before the page is written).
    pub ocr_layer: bool,
}

/// A redacted value and how the review screen names it ("redaction 7").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Removed {
    pub value: String,
    pub name: String,
}

/// Why a copy failed its checks (never quoting a redacted value: the message may be shown
/// or logged), and on which of its pages, when that can be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// 1-based, within the copy.
    pub page: Option<usize>,
    pub reason: String,
}

impl Failure {
    fn new(page: Option<usize>, reason: impl Into<String>) -> Failure {
        Failure {
            page,
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.page {
            Some(p) => write!(f, "page {p}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

/// The text of a PDF (pages separated by form feeds), or of pages `first..=last` of it, as
/// poppler reads it in the order it was written (`-raw`): every glyph a reader can get, with
/// no layout analysis that would set words of neighbouring lines side by side (a column of
/// an email's header block read down makes "J.Farmer@" and "enron.com" one address that
/// the text never had there).
pub fn pdf_text(path: &Path, pages: Option<(usize, usize)>) -> Result<String, Unreadable> {
    let mut cmd = Command::new("pdftotext");
    cmd.args(["-enc", "UTF-8", "-raw"]);
    if let Some((f, l)) = pages {
        cmd.args(["-f", &f.to_string(), "-l", &l.to_string()]);
    }
    let out = cmd
        .arg(path)
        .arg("-")
        .output()
        .map_err(|e| format!("cannot run pdftotext ({e})"))?;
    if !out.status.success() {
        return Err(Unreadable(format!(
            "{} cannot be read back ({})",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .next()
                .unwrap_or("pdftotext failed")
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Reads the text of a PDF this crate wrote, in-process: every page's content stream (in
/// page-tree order) decoded through the file's own ToUnicode map; one line per text run.
/// It knows only the shape of our own files (one font, Identity-H, literal or hex strings
/// shown with `Tj`), which is what makes it fast; poppler reads the combined release as
/// the independent check, and the two readings must agree.
pub fn read_own(bytes: &[u8]) -> Result<String, Unreadable> {
    let objects = objects(bytes)?;
    let get = |n: u32| {
        objects
            .get(&n)
            .ok_or_else(|| format!("object {n} is missing"))
    };
    // The ToUnicode map (the one CMap of the file).
    let mut map: HashMap<u16, String> = HashMap::new();
    for (dict, stream) in objects.values() {
        if dict.contains("/Type /CMap") {
            let text = String::from_utf8_lossy(stream.as_deref().unwrap_or_default());
            let mut hexes = text
                .split("beginbfchar")
                .skip(1)
                .flat_map(|s| s.split("endbfchar").next())
                .flat_map(|s| s.split(['<', '>']).map(str::trim).filter(|t| !t.is_empty()));
            while let (Some(code), Some(uni)) = (hexes.next(), hexes.next()) {
                let code = u16::from_str_radix(code, 16).map_err(|_| "bad ToUnicode code")?;
                let units: Vec<u16> = (0..uni.len() / 4)
                    .filter_map(|i| u16::from_str_radix(&uni[4 * i..4 * i + 4], 16).ok())
                    .collect();
                map.insert(code, String::from_utf16_lossy(&units));
            }
        }
    }
    // Pages in order: the root's page tree (one level, as we write it).
    let root = objects
        .values()
        .find(|(d, _)| d.contains("/Type /Pages"))
        .ok_or("no page tree")?;
    let kids = root
        .0
        .split("/Kids")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .ok_or("no /Kids")?;
    let refs: Vec<u32> = kids
        .split_whitespace()
        .filter_map(|t| t.trim_start_matches('[').parse().ok())
        .collect::<Vec<u32>>()
        .chunks(2)
        .map(|c| c[0])
        .collect();
    let mut out = String::new();
    for page in refs {
        let (dict, _) = get(page)?;
        let contents: u32 = dict
            .split("/Contents")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .ok_or("a page without /Contents")?;
        let (cdict, stream) = get(contents)?;
        let raw = stream.as_deref().ok_or("contents without a stream")?;
        let data = if cdict.contains("/FlateDecode") {
            let mut d = flate2::read::ZlibDecoder::new(raw);
            let mut v = vec![];
            std::io::Read::read_to_end(&mut d, &mut v).map_err(|e| e.to_string())?;
            v
        } else {
            raw.to_vec()
        };
        for run in shown_strings(&data) {
            for pair in run.chunks(2) {
                let code = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                match map.get(&code) {
                    Some(s) => out.push_str(s),
                    None => out.push('\u{FFFD}'),
                }
            }
            out.push('\n');
        }
        out.push('\u{0C}');
    }
    Ok(out)
}

type Objects = std::collections::BTreeMap<u32, (String, Option<Vec<u8>>)>;

/// "N 0 obj <<dict>> [stream … endstream] endobj", as our writer lays them out.
fn objects(bytes: &[u8]) -> Result<Objects, Unreadable> {
    let mut out = Objects::new();
    let mut i = 0;
    while let Some(at) = find(&bytes[i..], b" 0 obj\n") {
        let start = i + at;
        let num_start = bytes[..start]
            .iter()
            .rposition(|b| !b.is_ascii_digit())
            .map_or(0, |p| p + 1);
        let num: u32 = std::str::from_utf8(&bytes[num_start..start])
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or("bad object number")?;
        let body = start + b" 0 obj\n".len();
        let end = find(&bytes[body..], b"endobj").ok_or("unterminated object")? + body;
        let obj = &bytes[body..end];
        let (dict, stream) = match find(obj, b"stream\n") {
            Some(s) => {
                let dict = String::from_utf8_lossy(&obj[..s]).into_owned();
                let len: usize = dict
                    .split("/Length ")
                    .nth(1)
                    .and_then(|t| t.split_whitespace().next())
                    .and_then(|t| t.parse().ok())
                    .ok_or("a stream without /Length")?;
                let data = obj.get(s + 7..s + 7 + len).ok_or("a stream cut short")?;
                (dict, Some(data.to_vec()))
            }
            None => (String::from_utf8_lossy(obj).into_owned(), None),
        };
        out.insert(num, (dict, stream));
        i = end;
    }
    Ok(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// The operands of every `Tj` in a content stream (literal or hex strings).
fn shown_strings(data: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![];
    let mut last: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'(' => {
                let mut s = vec![];
                let mut depth = 1;
                i += 1;
                while i < data.len() {
                    match data[i] {
                        b'\\' => {
                            i += 1;
                            match data.get(i) {
                                Some(b'n') => s.push(b'\n'),
                                Some(b'r') => s.push(b'\r'),
                                Some(b't') => s.push(b'\t'),
                                Some(b'b') => s.push(8),
                                Some(b'f') => s.push(12),
                                Some(d @ b'0'..=b'7') => {
                                    let mut v = (d - b'0') as u32;
                                    for _ in 0..2 {
                                        match data.get(i + 1) {
                                            Some(d @ b'0'..=b'7') => {
                                                v = v * 8 + (d - b'0') as u32;
                                                i += 1;
                                            }
                                            _ => break,
                                        }
                                    }
                                    s.push(v as u8);
                                }
                                Some(&c) => s.push(c),
                                None => {}
                            }
                        }
                        b'(' => {
                            depth += 1;
                            s.push(b'(');
                        }
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                            s.push(b')');
                        }
                        c => s.push(c),
                    }
                    i += 1;
                }
                last = Some(s);
            }
            b'<' if data.get(i + 1) != Some(&b'<') => {
                let end = data[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(data.len(), |p| i + p);
                let hex: Vec<u8> = data[i + 1..end]
                    .iter()
                    .copied()
                    .filter(u8::is_ascii_hexdigit)
                    .collect();
                let s = hex
                    .chunks(2)
                    .filter_map(|c| u8::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
                    .collect();
                last = Some(s);
                i = end;
            }
            b'T' if data.get(i + 1) == Some(&b'j') => {
                if let Some(s) = last.take() {
                    out.push(s);
                }
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Whether two readings of the same pages hold the same words (an extractor may run
/// neighbouring words together; order is not compared).
pub fn agree(merged: &str, split: &str, may_lose: f32) -> bool {
    let merged = canonical(merged);
    let split = canonical(split);
    let mut left = bag(&split);
    let read: Vec<&str> = tokens(&merged).collect();
    // Over a page image poppler may cut or drop some words (see `Expect::may_lose`); the
    // leak checks have run on its reading already, this compares the two readings.
    let total = tokens(&split).count() as f32;
    let extra = unmatched(&read, &mut left, Some((&split, true))).len() as f32;
    let missing = left.values().sum::<usize>() as f32;
    extra <= total * may_lose && missing <= total * may_lose
}

/// Lower case, compatibility forms folded (ﬁ → fi), accents and other combining marks
/// dropped (é → e), every run of characters that are not letters or digits one space. A letter the font cannot show counts as a space too: it is
/// printed as a replacement mark, so no reader can find it in an inspection copy (and no
/// check should expect it there).
pub fn normalise(s: &str) -> String {
    let font = crate::font::Font::get();
    let mut out = String::with_capacity(s.len() + 2);
    out.push(' ');
    let mut space = true;
    let mut push = |c: char, out: &mut String| {
        // Control characters (a NUL between letters of badly decoded UTF-16) are not
        // printed at all, and combining marks (Arabic vowel signs, accents written apart)
        // belong to the letter before them: neither joins nor parts words (readers place
        // and order marks their own way).
        if (c.is_control() && !c.is_whitespace())
            || unicode_normalization::char::is_combining_mark(c)
        {
            return;
        }
        if c.is_alphanumeric() && (c.is_ascii() || font.glyph(c).1) {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    };
    for c in s.chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase(), &mut out);
        } else if !font.glyph(c).1 {
            // Printed as a replacement mark: nothing a reader can find.
            push(' ', &mut out);
        } else {
            // A ligature or full-width letter reads as its plain letters, an accented one
            // as its letter (a reader may give it back composed or not).
            for d in std::iter::once(c).nfkd() {
                for l in d.to_lowercase() {
                    push(l, &mut out);
                }
            }
        }
    }
    if !space {
        out.push(' ');
    }
    out
}

/// The form every text is compared in: letter-spaced words joined (`W E E K E N D` →
/// `WEEKEND`: three or more single letters or digits, each one space apart), then
/// [`normalise`]d. A reader may give letter-spaced text back either way; both sides of every
/// comparison are put in this form, so neither way is a false alarm and no check is
/// weakened (the same letters, in the same order, are compared).
pub fn canonical(s: &str) -> String {
    normalise(&join_spaced(s))
}

fn join_spaced(s: &str) -> std::borrow::Cow<'_, str> {
    let single = |w: &str| {
        let mut cs = w.chars();
        matches!((cs.next(), cs.next()), (Some(c), None) if c.is_alphanumeric())
    };
    // Fast path: no single letter followed by one space and another single letter.
    let b = s.as_bytes();
    let maybe = b.windows(4).any(|w| {
        w[1] == b' ' && w[3] == b' ' && w[0].is_ascii_alphanumeric() && w[2].is_ascii_alphanumeric()
    }) || !s.is_ascii();
    if !maybe {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        // Pieces between single spaces; a run of single-letter pieces is one word.
        let pieces: Vec<&str> = body.split(' ').collect();
        let mut i = 0;
        while i < pieces.len() {
            let mut j = i;
            while j < pieces.len() && single(pieces[j]) {
                j += 1;
            }
            if j - i >= 3 {
                if i > 0 {
                    out.push(' ');
                }
                for p in &pieces[i..j] {
                    out.push_str(p);
                }
                i = j;
            } else {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(pieces[i]);
                i += 1;
            }
        }
        out.push_str(nl);
    }
    std::borrow::Cow::Owned(out)
}

/// Occurrences of `needle` in `hay` (both canonical), overlapping ones counted: inside longer
/// words too, and with the needle's words run together (`ann lathrop` is found in
/// `annlathrop`).
fn count(hay: &str, needle: &str) -> usize {
    let parts: Vec<&str> = tokens(needle).collect();
    let Some(first) = parts.first() else {
        return 0;
    };
    let bytes = hay.as_bytes();
    let mut n = 0;
    let mut from = 0;
    while let Some(i) = hay[from..].find(first) {
        let start = from + i;
        let mut at = start + first.len();
        let mut ok = true;
        for p in &parts[1..] {
            if bytes.get(at) == Some(&b' ') {
                at += 1;
            }
            if bytes.get(at..at + p.len()) == Some(p.as_bytes()) {
                at += p.len();
            } else {
                ok = false;
                break;
            }
        }
        if ok {
            n += 1;
        }
        // The next start: one character on.
        from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    n
}

fn tokens(s: &str) -> impl Iterator<Item = &str> {
    s.split(' ').filter(|t| !t.is_empty())
}

fn bag(s: &str) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for t in tokens(s) {
        *m.entry(t).or_insert(0) += 1;
    }
    m
}

/// Takes `t` from the bag, or, when an extractor ran two allowed words together, the
/// pieces it is made of (up to four).
fn take(bag: &mut HashMap<&str, usize>, t: &str, depth: u8) -> bool {
    if let Some(n) = bag.get_mut(t)
        && *n > 0
    {
        *n -= 1;
        return true;
    }
    if depth == 0 {
        return false;
    }
    for (i, _) in t.char_indices().skip(1) {
        let (a, b) = t.split_at(i);
        if bag.get(a).is_some_and(|n| *n > 0) {
            *bag.get_mut(a).expect("present") -= 1;
            if take(bag, b, depth - 1) {
                return true;
            }
            *bag.get_mut(a).expect("present") += 1;
        }
    }
    false
}

/// The words of a text in order, run together, with where each word starts and ends: a word
/// read back that is several neighbouring words of the text run together is found here
/// (however many there are), beginning and ending on word boundaries.
struct Joined<'a> {
    /// Whether a run found takes its words from the bag (counts matter: what was written
    /// must be read) or only has to exist (check 1: is this word in the allowed text?).
    consume: bool,
    words: Vec<&'a str>,
    text: String,
    /// For each byte offset of `text`: the word starting there, and the word ending there.
    starts: HashMap<usize, usize>,
    ends: HashMap<usize, usize>,
}

impl<'a> Joined<'a> {
    fn new(canonical: &'a str, consume: bool) -> Joined<'a> {
        let words: Vec<&str> = tokens(canonical).collect();
        let mut text = String::with_capacity(canonical.len());
        let mut starts = HashMap::new();
        let mut ends = HashMap::new();
        for (i, t) in words.iter().enumerate() {
            starts.insert(text.len(), i);
            text.push_str(t);
            ends.insert(text.len(), i);
        }
        Joined {
            consume,
            words,
            text,
            starts,
            ends,
        }
    }

    /// The run of words (first, last) that `word` is, all of them still in `bag`.
    fn find(&self, word: &str, bag: &HashMap<&str, usize>) -> Option<(usize, usize)> {
        let hay = self.text.as_bytes();
        let mut from = 0;
        while let Some(i) = find(&hay[from..], word.as_bytes()) {
            let at = from + i;
            if let (Some(&a), Some(&b)) = (self.starts.get(&at), self.ends.get(&(at + word.len())))
                && a < b
            {
                let mut need: HashMap<&str, usize> = HashMap::new();
                for w in &self.words[a..=b] {
                    *need.entry(w).or_insert(0) += 1;
                }
                if !self.consume || need.iter().all(|(w, n)| bag.get(w).is_some_and(|m| m >= n)) {
                    return Some((a, b));
                }
            }
            from = at + 1;
        }
        None
    }
}

/// Takes the words read from the bag; returns the positions of those it could not take.
/// Exact words first (so that the order of reading does not decide which copy of a word a
/// split takes), then words an extractor ran together (split into bag words), then pieces
/// of a word cut at a line end (joined with their neighbours, which go back to the bag),
/// then — when `joined` is given — a word that is a run of neighbouring words of the
/// allowed text (a letter-spaced heading read as one word).
fn unmatched<'a>(
    read: &[&'a str],
    bag: &mut HashMap<&'a str, usize>,
    runs_of: Option<(&'a str, bool)>,
) -> Vec<usize> {
    // Built only when a word is left over (most copies read back word for word).
    let mut joined: Option<Joined<'a>> = None;
    let mut done = vec![false; read.len()];
    for (i, t) in read.iter().enumerate() {
        done[i] = take(bag, t, 0);
    }
    let mut out = vec![];
    for i in 0..read.len() {
        if done[i] {
            continue;
        }
        // Right-to-left words (Arabic, Hebrew) may be read back in visual order.
        let reversed: String = read[i].chars().rev().collect();
        if take(bag, read[i], 3) || take(bag, &reversed, 0) {
            done[i] = true;
            continue;
        }
        let mut joined_ok = false;
        'spans: for j in i.saturating_sub(6)..=i {
            for k in i..(i + 7).min(read.len()) {
                if k - j == 0 || k - j > 6 {
                    continue;
                }
                let joined: String = read[j..=k].concat();
                if take(bag, &joined, 0) {
                    for m in j..=k {
                        if m != i && done[m] {
                            *bag.entry(read[m]).or_insert(0) += 1;
                        }
                        done[m] = true;
                    }
                    joined_ok = true;
                    break 'spans;
                }
            }
        }
        if joined_ok {
            continue;
        }
        if let Some((text, consume)) = runs_of
            && let j = joined.get_or_insert_with(|| Joined::new(text, consume))
            && let Some((a, b)) = j.find(read[i], bag)
        {
            if j.consume {
                for w in &j.words[a..=b] {
                    if let Some(n) = bag.get_mut(w) {
                        *n = n.saturating_sub(1);
                    }
                }
            }
            done[i] = true;
            continue;
        }
        out.push(i);
    }
    out
}

/// A reading split into its pages (form feeds end pages), in canonical form: the pages, the
/// whole, and the page each word is on.
struct Reading {
    pages: Vec<String>,
    text: String,
    page_of: Vec<usize>,
}

impl Reading {
    fn new(got: &str) -> Reading {
        let mut text = String::with_capacity(got.len() + 2);
        let mut page_of = vec![];
        let mut pages = vec![];
        for (p, page) in got.split('\u{0C}').enumerate() {
            let c = canonical(page);
            page_of.extend(std::iter::repeat_n(p + 1, tokens(&c).count()));
            // Each canonical page begins and ends with a space: one between pages.
            text.push_str(if text.is_empty() { &c } else { &c[1..] });
            pages.push(c);
        }
        Reading {
            pages,
            text,
            page_of,
        }
    }

    fn tokens(&self) -> Vec<&str> {
        tokens(&self.text).collect()
    }

    /// The page where the `n`th (1-based) occurrence of `needle` is, when it is on one page.
    fn page_of_occurrence(&self, needle: &str, n: usize) -> Option<usize> {
        let mut seen = 0;
        for (i, p) in self.pages.iter().enumerate() {
            seen += count(p, needle);
            if seen >= n {
                return Some(i + 1);
            }
        }
        None
    }
}

/// Checks the text read back from one output file (pages ended by form feeds).
pub fn check(got: &str, e: &Expect) -> Result<(), Failure> {
    let reading = Reading::new(got);
    let got = &reading.text;
    let read = reading.tokens();
    // What was written is allowed as written: a page's words are cut by the extractor at
    // ingest and again here, not always alike (a footnote mark run into its number). What
    // is written never holds a removed or hidden word (checks 2 and 3 make sure).
    let allowed_text = canonical(&format!(
        "{}\n{}\n{}",
        e.release_text, e.written, e.furniture
    ));
    // 1. Nothing that is neither release text nor the export's own print. A word longer
    // than a line is cut where the line ends: its pieces, read as several words, are taken
    // back together.
    let mut allowed = bag(&allowed_text);
    let strays = unmatched(&read, &mut allowed, Some((&allowed_text, false)));
    if let Some(&first) = strays.first() {
        return Err(Failure::new(
            reading.page_of.get(first).copied(),
            format!(
                "{} word(s) readable that are not in the release text",
                strays.len()
            ),
        ));
    }
    // 2. Redacted values: against the release text and the export's print only (never
    // against what was written, which is what is being checked).
    let released = canonical(&format!("{}\n{}", e.release_text, e.furniture));
    for r in &e.removed {
        let v = canonical(&r.value);
        if e.ocr_layer && v.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
            continue;
        }
        // Also as a right-to-left reader gives it back: in visual order.
        let rev: String = v.chars().rev().collect();
        let both = |hay: &str| count(hay, &v) + if rev != v { count(hay, &rev) } else { 0 };
        let allowed_n = both(&released);
        if both(got) > allowed_n {
            let page = reading
                .page_of_occurrence(&v, allowed_n + 1)
                .or_else(|| reading.page_of_occurrence(&rev, 1));
            return Err(Failure::new(page, format!("{} is readable", r.name)));
        }
    }
    // 3. Hidden source words.
    let visible = canonical(&e.visible);
    let furniture = canonical(&e.furniture);
    for v in &e.hidden {
        let v = canonical(v);
        let allowed_n = count(&visible, &v) + count(&furniture, &v);
        if count(got, &v) > allowed_n {
            return Err(Failure::new(
                reading.page_of_occurrence(&v, allowed_n + 1),
                "text hidden in the source is readable",
            ));
        }
    }
    // 4. Everything written can be read (a word read back may hold several written ones).
    // The export's own print is set aside first, so that its words ("Page 1 of 1") do not
    // stand in for written ones.
    let written = canonical(&e.written);
    let mut left = bag(&written);
    let mut print = bag(&furniture);
    let mut body: Vec<&str> = vec![];
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for t in &read {
        *seen.entry(t).or_insert(0) += 1;
    }
    // Each word read as many times as it was read, less the times the export printed it.
    for (t, n) in seen {
        let printed = print.remove(t).unwrap_or(0);
        body.extend(std::iter::repeat_n(t, n.saturating_sub(printed)));
    }
    body.sort_unstable();
    let extra = unmatched(&body, &mut left, Some((&written, true)));
    let mut lost: usize = left.values().sum();
    if lost > 0 {
        // What is left on both sides may be the same letters cut and ordered another way:
        // a right-to-left word with a vowel sign comes back from poppler as pieces in visual
        // order ("ح", "ب", "يبي" for "حَبيبي"). Written letters that all appear among the
        // words read and not yet taken are readable.
        let mut letters: HashMap<char, usize> = HashMap::new();
        for &i in &extra {
            for c in body[i].chars() {
                *letters.entry(c).or_insert(0) += 1;
            }
        }
        let mut short = 0;
        for (w, n) in left.iter().filter(|(_, n)| **n > 0) {
            for _ in 0..*n {
                let mut ok = true;
                for c in w.chars() {
                    match letters.get_mut(&c) {
                        Some(k) if *k > 0 => *k -= 1,
                        _ => ok = false,
                    }
                }
                if !ok {
                    short += 1;
                }
            }
        }
        lost = short;
    }
    let total = tokens(&written).count();
    if lost as f32 > total as f32 * e.may_lose {
        return Err(Failure::new(
            None,
            format!("{lost} word(s) written cannot be read back"),
        ));
    }
    // 5. A typeset record: every word of its release text was written.
    if e.whole {
        let release = canonical(&e.release_text);
        let mut pool = bag(&written);
        let wanted: Vec<&str> = tokens(&release).collect();
        let missing = unmatched(&wanted, &mut pool, None);
        if !missing.is_empty() {
            return Err(Failure::new(
                None,
                format!(
                    "{} word(s) of the release text were not written",
                    missing.len()
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(values: &[&str]) -> Vec<Removed> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| Removed {
                value: v.to_string(),
                name: format!("redaction {}", i + 1),
            })
            .collect()
    }

    fn expect(release: &str, written: &str) -> Expect {
        Expect {
            release_text: release.into(),
            furniture: "City of Alameda PRA-2026-0142 Inspection copy PRA-2026-0142-000001 Page 1 of 1 Gov. Code §7927.700".into(),
            written: written.into(),
            removed: removed(&["Ann Lathrop", "555-0100"]),
            hidden: vec![],
            visible: String::new(),
            may_lose: 0.0,
            whole: false,
            ocr_layer: false,
        }
    }

    fn reason(r: Result<(), Failure>) -> String {
        r.map(|_| String::new()).unwrap_or_else(|f| f.reason)
    }

    #[test]
    fn a_clean_copy_passes() {
        let e = expect("Dear  , call  today.", "Dear , call today.");
        let got = "City of Alameda · PRA-2026-0142 · Inspection copy\nDear Gov. Code §7927.700 , call today.\nPRA-2026-0142-000001 Page 1 of 1";
        assert_eq!(check(got, &e), Ok(()));
    }

    #[test]
    fn a_leaked_value_or_stray_word_fails_naming_the_redaction_and_the_page() {
        let e = expect("Dear  , call  today.", "Dear , call today.");
        assert!(check("Dear Ann Lathrop, call today.", &e).is_err());
        assert_eq!(
            check("Dear , call today.\u{0C}Ann Lathrop\u{0C}", &e)
                .unwrap_err()
                .page,
            Some(2)
        );
        // Written by mistake (so check 1 lets it through): check 2 names it.
        let mut e4 = e.clone();
        e4.written = "Dear , call 555-0100 today.".into();
        let f = check("Dear , call 555-0100 today.", &e4).unwrap_err();
        assert_eq!(f.reason, "redaction 2 is readable");
        // A value inside a longer word is found too, and a value whose words were run
        // together.
        let e2 = Expect {
            removed: removed(&["Lathrop"]),
            ..expect("Dear Ms. , call today.", "")
        };
        assert!(check("Dear Ms. XLathropX, call today.", &e2).is_err());
        let e3 = Expect {
            furniture: "Ann Lathrop".into(),
            ..expect("Dear Ms. , call today.", "Dear Ms. , call today.")
        };
        // "AnnLathrop" is the value, run together; the furniture has it once.
        assert_eq!(
            reason(check("Dear Ms. AnnLathrop, call today. Ann Lathrop", &e3)),
            "redaction 1 is readable"
        );
        // A stray word names its page.
        let f = check("Dear , call today.\u{0C}\u{0C}Quimby", &e).unwrap_err();
        assert_eq!(f.page, Some(3));
        assert!(f.reason.contains("not in the release text"), "{f}");
    }

    #[test]
    fn words_run_together_by_the_extractor_are_allowed_and_lost_words_fail() {
        let e = expect("permit fee schedule", "permit fee schedule");
        assert_eq!(check("permitfee schedule", &e), Ok(()));
        assert_eq!(
            reason(check("permit schedule", &e)),
            "1 word(s) written cannot be read back"
        );
    }

    #[test]
    fn letter_spaced_headings_and_ligatures_read_as_a_reader_reads_them() {
        // Enron record 3621: a heading typeset letter by letter, read back as words.
        let head = "W E E K E N D   S Y S T E M S   A V A I L A B I L I T Y\nOn call: Bob";
        let e = expect(head, head);
        assert_eq!(
            check("WEEKEND SYSTEMS AVAILABILITY\nOn call: Bob", &e),
            Ok(())
        );
        assert_eq!(check(head, &e), Ok(()));
        assert_eq!(
            check("WEEKENDSYSTEMS AVAILABILITY\nOn call: Bob", &e),
            Ok(())
        );
        // A longer run of words than the pieces an extractor usually joins.
        let long = "C O N F I D E N T I A L   A N D   P R I V I L E G E D   A T T O R N E Y   C L I E N T   W O R K   P R O D U C T   D O   N O T   F O R W A R D";
        let e = expect(long, long);
        assert_eq!(
            check(
                "CONFIDENTIALANDPRIVILEGEDATTORNEYCLIENTWORKPRODUCTDONOTFORWARD",
                &e
            ),
            Ok(())
        );
        // The leak check is not weakened: a redacted word stays found, spaced or not.
        let mut e = expect("The  plan.", "The plan.");
        e.removed = removed(&["weekend"]);
        assert!(check("The W E E K E N D plan.", &e).is_err());
        assert!(check("The weekend plan.", &e).is_err());
        // A ligature written by a source reads as its letters; vowel signs and accents, as
        // a reader places them, neither join nor part words.
        let e = expect("the ﬁnance oﬃce", "the ﬁnance oﬃce");
        assert_eq!(check("the finance office", &e), Ok(()));
        let e = expect("حَبيبي habibi café", "حَبيبي habibi café");
        assert_eq!(check("حبيبي habibi cafe\u{301}", &e), Ok(()));
    }

    #[test]
    fn a_word_cut_at_the_end_of_a_line_and_letters_the_font_lacks_are_understood() {
        let e = expect("properties <Application>Microsoft Excel</Application>", "");
        assert_eq!(
            check("properties Applicati\non Microsoft Excel Application", &e),
            Ok(())
        );
        // Arabic read back in visual order; a redacted Arabic value found either way.
        let e = expect("مرحبا حبيبي", "مرحبا حبيبي");
        let print = e.furniture.clone();
        assert_eq!(check(&format!("ابحرم يبيبح\n{print}"), &e), Ok(()));
        let mut e = expect("مرحبا ", "مرحبا");
        e.removed = removed(&["حبيبي"]);
        assert!(check(&format!("ابحرم يبيبح\n{print}"), &e).is_err());
        // A first piece that is a word elsewhere ("i" of "idx").
        let e = expect("<c:idx val=\"3\"/> i", "");
        assert_eq!(check("c i\ndx val 3 i", &e), Ok(()));
        // 工作表 is not in the font: printed as replacement marks, only "1" is readable.
        let e = expect("Sheet: 工作表1", "Sheet: 工作表1");
        let print = e.furniture.clone();
        assert_eq!(
            check(&format!("Sheet: \u{FFFD}\u{FFFD}\u{FFFD}1\n{print}"), &e),
            Ok(())
        );
    }

    #[test]
    fn a_value_the_release_text_keeps_elsewhere_may_appear_as_often() {
        let mut e = expect("Smith wrote to  about Smith Road.", "");
        e.removed = removed(&["Smith"]);
        assert_eq!(check("Smith wrote to about Smith Road.", &e), Ok(()));
        assert!(check("Smith wrote to Smith about Smith Road.", &e).is_err());
        // A one-letter value ("a") is counted as often in the print on every page as the
        // expectation has that print: furniture repeated per page is no false alarm.
        let page = "Agency · PRA-1 · Inspection copy\nPage 1 of 2\n";
        let mut e = expect("the plan for  park", "the plan for park");
        e.furniture = format!("{page}{page}");
        e.removed = removed(&["a"]);
        assert_eq!(
            check(&format!("{page}the plan for\u{0C}{page}park\u{0C}"), &e),
            Ok(())
        );
    }

    #[test]
    fn a_typeset_record_must_have_every_word_of_its_release_text_written() {
        let mut e = expect("MEMO\nDate: March 3\nParking", "Date: March 3\nParking");
        e.whole = true;
        assert_eq!(
            reason(check("Date: March 3\nParking", &e)),
            "1 word(s) of the release text were not written"
        );
        e.written = "MEMO\nDate: March 3\nParking".into();
        assert_eq!(check("MEMO\nDate: March 3\nParking", &e), Ok(()));
    }
}
