//! Reading an inspection copy back and checking it, with poppler's `pdftotext` (an extractor
//! independent of the writer):
//!
//! - nothing readable that is not in the record's release text or in what the export
//!   itself printed (header, footer, labels, slip sheets): withheld records' text, hidden
//!   source text and redacted text cannot be there, because none of it is in the release text;
//! - no redacted value readable more often than the release text itself has it (this also
//!   catches a value inside a longer word);
//! - no hidden source word readable more often than the page's visible words have it;
//! - every word written is readable (the font and its Unicode map work).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use std::path::Path;
use std::process::Command;

/// What one output file must and must not show.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Expect {
    /// The record's release text: its text without the redacted pieces (empty when withheld).
    pub release_text: String,
    /// What the export printed itself: header, footer, labels, watermark, slip sheet.
    pub furniture: String,
    /// The text written as text (typeset lines, the text layer's words).
    pub written: String,
    /// The redacted values.
    pub removed: Vec<String>,
    /// Source words left out as hidden, and the visible words of their pages.
    pub hidden: Vec<String>,
    pub visible: String,
    /// The share of written words that may not be read back: none for typeset text; a
    /// little for a text layer over a page image, where poppler drops words that overlap
    /// (formulas, fake bold) — the image still shows them.
    pub may_lose: f32,
}

/// The text of a PDF (pages separated by form feeds), or of pages `first..=last` of it.
pub fn pdf_text(path: &Path, pages: Option<(usize, usize)>) -> Result<String, String> {
    let mut cmd = Command::new("pdftotext");
    cmd.args(["-enc", "UTF-8"]);
    if let Some((f, l)) = pages {
        cmd.args(["-f", &f.to_string(), "-l", &l.to_string()]);
    }
    let out = cmd
        .arg(path)
        .arg("-")
        .output()
        .map_err(|e| format!("cannot run pdftotext ({e})"))?;
    if !out.status.success() {
        return Err(format!(
            "{} cannot be read back ({})",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .next()
                .unwrap_or("pdftotext failed")
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Reads the text of a PDF this crate wrote, in-process: every page's content stream (in
/// page-tree order) decoded through the file's own ToUnicode map; one line per text run.
/// It knows only the shape of our own files (one font, Identity-H, literal or hex strings
/// shown with `Tj`), which is what makes it fast; poppler reads the combined release as
/// the independent check, and the two readings must agree.
pub fn read_own(bytes: &[u8]) -> Result<String, String> {
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
fn objects(bytes: &[u8]) -> Result<Objects, String> {
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
    hay.windows(needle.len()).position(|w| w == needle)
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
    let merged = normalise(merged);
    let split = normalise(split);
    let mut left = bag(&split);
    let read: Vec<&str> = tokens(&merged).collect();
    // Over a page image poppler may cut or drop some words (see `Expect::may_lose`); the
    // leak checks have run on its reading already, this compares the two readings.
    let total = tokens(&split).count() as f32;
    let extra = unmatched(&read, &mut left).len() as f32;
    let missing = left.values().sum::<usize>() as f32;
    extra <= total * may_lose && missing <= total * may_lose
}

/// Lower case, every run of characters that are not letters or digits one space. A letter
/// the font cannot show counts as a space too: it is printed as a replacement mark, so no
/// reader can find it in an inspection copy (and no check should expect it there).
pub fn normalise(s: &str) -> String {
    let font = crate::font::Font::get();
    let mut out = String::with_capacity(s.len() + 2);
    out.push(' ');
    let mut space = true;
    for c in s.chars().flat_map(char::to_lowercase) {
        // Control characters (a NUL between letters of badly decoded UTF-16) are not
        // printed at all: they neither join nor part words.
        if c.is_control() && !c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() && (c.is_ascii() || font.glyph(c).1) {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if !space {
        out.push(' ');
    }
    out
}

/// Occurrences of `needle` in `hay` (both normalised), overlapping ones counted.
fn count(hay: &str, needle: &str) -> usize {
    let needle = needle.trim();
    if needle.is_empty() {
        return 0;
    }
    let mut n = 0;
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        n += 1;
        from += i + needle.chars().next().map_or(1, char::len_utf8);
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

/// Takes the words read from the bag; returns the positions of those it could not take.
/// Exact words first (so that the order of reading does not decide which copy of a word a
/// split takes), then words an extractor ran together (split into bag words), then pieces
/// of a word cut at a line end (joined with their neighbours, which go back to the bag).
fn unmatched<'a>(read: &[&'a str], bag: &mut HashMap<&'a str, usize>) -> Vec<usize> {
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
        if !joined_ok {
            out.push(i);
        }
    }
    out
}

/// Checks the text read back from one output file; the error names the first problem
/// (never the value itself: the message may be shown or logged).
pub fn check(got: &str, e: &Expect) -> Result<(), String> {
    let got = normalise(got);
    // What was written is allowed as written: a page's words are cut by the extractor at
    // ingest and again here, not always alike (a footnote mark run into its number). What
    // is written never holds a removed or hidden word (checks 2 and 3 make sure).
    let allowed_text = normalise(&format!(
        "{}\n{}\n{}",
        e.release_text, e.written, e.furniture
    ));
    // 1. Nothing that is neither release text nor the export's own print. A word longer
    // than a line is cut where the line ends: its pieces, read as several words, are taken
    // back together.
    let mut allowed = bag(&allowed_text);
    let read: Vec<&str> = tokens(&got).collect();
    let strays = unmatched(&read, &mut allowed).len();
    if strays > 0 {
        return Err(format!(
            "{strays} word(s) readable that are not in the release text"
        ));
    }
    // 2. Redacted values: against the release text and the export's print only (never
    // against what was written, which is what is being checked).
    let released = normalise(&format!("{}\n{}", e.release_text, e.furniture));
    for (i, v) in e.removed.iter().enumerate() {
        let v = normalise(v);
        // Also as a right-to-left reader gives it back: in visual order.
        let r: String = v.chars().rev().collect();
        let both = |hay: &str| count(hay, &v) + if r != v { count(hay, &r) } else { 0 };
        if both(&got) > both(&released) {
            return Err(format!("redaction {} is readable", i + 1));
        }
    }
    // 3. Hidden source words.
    let visible = normalise(&e.visible);
    for v in &e.hidden {
        let v = normalise(v);
        if count(&got, &v) > count(&visible, &v) + count(&normalise(&e.furniture), &v) {
            return Err("text hidden in the source is readable".into());
        }
    }
    // 4. Everything written can be read (a word read back may hold several written ones).
    // The export's own print is set aside first, so that its words ("Page 1 of 1") do not
    // stand in for written ones.
    let written = normalise(&e.written);
    let mut left = bag(&written);
    let furniture = normalise(&e.furniture);
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
    unmatched(&body, &mut left);
    let lost: usize = left.values().sum();
    let total = tokens(&written).count();
    if lost as f32 > total as f32 * e.may_lose {
        return Err(format!("{lost} word(s) written cannot be read back"));
    }
    Ok(())
}

/// Only the redacted-value check (for a later `verify`, which knows the release text and
/// the values but not every piece of print the export added).
pub fn check_removed(got: &str, e: &Expect) -> Result<(), String> {
    let got = normalise(got);
    let allowed_text = normalise(&format!("{}\n{}", e.release_text, e.furniture));
    for (i, v) in e.removed.iter().enumerate() {
        let v = normalise(v);
        if count(&got, &v) > count(&allowed_text, &v) {
            return Err(format!("redaction {} is readable", i + 1));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expect(release: &str, written: &str) -> Expect {
        Expect {
            release_text: release.into(),
            furniture: "City of Alameda PRA-2026-0142 Inspection copy PRA-2026-0142-000001 Page 1 of 1 Gov. Code §7927.700".into(),
            written: written.into(),
            removed: vec!["Ann Lathrop".into(), "555-0100".into()],
            hidden: vec![],
            visible: String::new(),
            may_lose: 0.0,
        }
    }

    #[test]
    fn a_clean_copy_passes() {
        let e = expect("Dear  , call  today.", "Dear , call today.");
        let got = "City of Alameda · PRA-2026-0142 · Inspection copy\nDear Gov. Code §7927.700 , call today.\nPRA-2026-0142-000001 Page 1 of 1";
        assert_eq!(check(got, &e), Ok(()));
    }

    #[test]
    fn a_leaked_value_or_stray_word_fails() {
        let e = expect("Dear  , call  today.", "Dear , call today.");
        assert!(check("Dear Ann Lathrop, call today.", &e).is_err());
        assert!(check("Dear , call 555-0100 today.", &e).is_err());
        // A value inside a longer word is found too.
        let e2 = Expect {
            removed: vec!["Lathrop".into()],
            ..expect("Dear Ms. , call today.", "")
        };
        assert!(check("Dear Ms. XLathropX, call today.", &e2).is_err());
    }

    #[test]
    fn words_run_together_by_the_extractor_are_allowed_and_lost_words_fail() {
        let e = expect("permit fee schedule", "permit fee schedule");
        assert_eq!(check("permitfee schedule", &e), Ok(()));
        assert_eq!(
            check("permit schedule", &e),
            Err("1 word(s) written cannot be read back".into())
        );
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
        e.removed = vec!["حبيبي".into()];
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
        e.removed = vec!["Smith".into()];
        assert_eq!(check("Smith wrote to about Smith Road.", &e), Ok(()));
        assert!(check("Smith wrote to Smith about Smith Road.", &e).is_err());
    }
}
