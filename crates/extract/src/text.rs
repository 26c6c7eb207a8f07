//! Plain text: charset decoding and binary detection.

use std::borrow::Cow;

use crate::Extracted;

/// Decodes bytes to text: a BOM picks UTF-8 / UTF-16LE / UTF-16BE; valid UTF-8 is used as is;
/// BOM-less UTF-16 is recognised by its zero bytes; anything else is Windows-1252.
/// Returns the text and the encoding's name.
pub(crate) fn decode(b: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some(rest) = b.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest), "UTF-8");
    }
    if b.starts_with(b"\xFF\xFE") {
        let (t, _) = encoding_rs::UTF_16LE.decode_with_bom_removal(b);
        return (t, "UTF-16LE");
    }
    if b.starts_with(b"\xFE\xFF") {
        let (t, _) = encoding_rs::UTF_16BE.decode_with_bom_removal(b);
        return (t, "UTF-16BE");
    }
    if let Some(le) = utf16_without_bom(b) {
        let enc = if le {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (t, _) = enc.decode_without_bom_handling(b);
        return (t, enc.name());
    }
    if let Ok(s) = std::str::from_utf8(b) {
        return (Cow::Borrowed(s), "UTF-8");
    }
    // Truncated files may cut a UTF-8 sequence at the very end.
    if let Err(e) = std::str::from_utf8(b)
        && e.error_len().is_none()
        && e.valid_up_to() + 4 > b.len()
    {
        return (String::from_utf8_lossy(b), "UTF-8");
    }
    let (t, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(b);
    (t, "windows-1252")
}

/// Some(true) for UTF-16LE, Some(false) for BE, when every other byte is mostly zero.
fn utf16_without_bom(b: &[u8]) -> Option<bool> {
    let n = b.len().min(4096) & !1;
    if n < 4 {
        return None;
    }
    let pairs = n / 2;
    let even0 = b[..n].chunks_exact(2).filter(|p| p[0] == 0).count();
    let odd0 = b[..n].chunks_exact(2).filter(|p| p[1] == 0).count();
    if odd0 * 10 >= pairs * 7 && even0 * 20 <= pairs {
        Some(true)
    } else if even0 * 10 >= pairs * 7 && odd0 * 20 <= pairs {
        Some(false)
    } else {
        None
    }
}

/// NUL bytes or many control characters in the head: not text.
pub(crate) fn looks_binary(h: &[u8]) -> bool {
    let h = &h[..h.len().min(8192)];
    if h.is_empty() {
        return false;
    }
    if h.starts_with(b"\xFF\xFE") || h.starts_with(b"\xFE\xFF") || utf16_without_bom(h).is_some() {
        return false;
    }
    if h.contains(&0) {
        return true;
    }
    let ctrl = h
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C | 0x1B))
        .count();
    ctrl * 100 > h.len() * 5
}

/// Normalises line ends to "\n" and drops NULs (kept nowhere useful for review).
///
/// Copies the runs between carriage returns and NULs whole (both are ASCII, so every cut is
/// on a character boundary): a message's CRLF body char by char cost 2 % of an ingest.
pub(crate) fn normalize_newlines(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    if memchr::memchr2(b'\r', 0, b).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut start = 0;
    // A "\n" after a "\r" is never a match itself: skipping it is moving `start` past it.
    for at in memchr::memchr2_iter(b'\r', 0, b) {
        out.push_str(&s[start..at]);
        start = at + 1;
        if b[at] == b'\r' {
            out.push('\n');
            start += usize::from(b.get(start) == Some(&b'\n'));
        }
    }
    out.push_str(&s[start..]);
    Cow::Owned(out)
}

/// Trailing spaces off each line and at most one blank line in a row; with `trim_edges`, no
/// blank line at the start or the end either (one final newline).
pub(crate) fn tidy_lines(s: &str, trim_edges: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 || (trim_edges && out.is_empty()) {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while trim_edges && out.ends_with("\n\n") {
        out.pop();
    }
    out
}

pub(crate) fn extract_text(b: &[u8]) -> Extracted {
    let (t, enc) = decode(b);
    let mut out = Extracted {
        text: normalize_newlines(&t).into_owned(),
        ..Default::default()
    };
    out.fields.insert("encoding".into(), enc.to_string());
    if let Some(d) = memo_date(&out.text) {
        out.fields.insert("date".into(), d);
    }
    if t.contains('\u{FFFD}') && enc.starts_with("UTF") {
        out.warnings
            .push("some characters could not be decoded".to_string());
    }
    out
}

/// The date a memo or letter gives in a `Date:` line near its top ("Date: March 3, 2025"),
/// as RFC 3339 (midnight; no zone is written, so none is assumed).
pub(crate) fn memo_date(text: &str) -> Option<String> {
    let line = text.lines().take(20).map(str::trim).find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("date")
            .then_some(value.trim())
    })?;
    lenient_date(line).map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d")))
}

/// A calendar date in the forms people type: "March 3, 2025", "Monday, March 3, 2025",
/// "Mar. 3, 2025", "3 March 2025", "2025-03-03", "3/3/2025" (month first, as in the US).
pub(crate) fn lenient_date(s: &str) -> Option<chrono::NaiveDate> {
    use chrono::NaiveDate;
    let s = s.trim().trim_end_matches('.');
    // Without a leading day name, and with "Mar." and "3rd" written plainly.
    let s = match s.split_once(',') {
        Some((day, rest))
            if [
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
            ]
            .iter()
            .any(|d| d.starts_with(&day.trim().to_ascii_lowercase()) && day.trim().len() >= 3) =>
        {
            rest.trim()
        }
        _ => s,
    };
    let mut cleaned = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        let (w, comma) = match w.strip_suffix(',') {
            Some(w) => (w, ","),
            None => (w, ""),
        };
        let w = w.trim_end_matches('.');
        // "3rd" → "3"
        let w = match ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|x| w.strip_suffix(x))
        {
            Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => n,
            _ => w,
        };
        if !cleaned.is_empty() {
            cleaned.push(' ');
        }
        cleaned.push_str(w);
        cleaned.push_str(comma);
    }
    let s = cleaned.as_str();
    for f in [
        "%B %d, %Y",
        "%B %d %Y",
        "%b %d, %Y",
        "%b %d %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%Y-%m-%d",
        "%m/%d/%Y",
        "%m-%d-%Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes() {
        assert_eq!(decode(b"caf\xc3\xa9").0, "café");
        assert_eq!(decode(b"caf\xe9 \x93q\x94").0, "café “q”");
        assert_eq!(decode(b"\xEF\xBB\xBFhi").0, "hi");
        assert_eq!(decode(b"\xFF\xFEh\0i\0").0, "hi");
        assert_eq!(decode(b"\xFE\xFF\0h\0i").0, "hi");
        assert_eq!(decode(b"h\0e\0l\0l\0o\0").0, "hello");
        assert!(looks_binary(b"\x00\x01\x02abc"));
        assert!(!looks_binary(b"plain\ttext\r\n"));
        assert_eq!(normalize_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(normalize_newlines("\r\r\n\0é\0\r"), "\n\né\n");
        assert_eq!(normalize_newlines("ü\r\n“q”\r\nend"), "ü\n“q”\nend");
        assert!(matches!(normalize_newlines("no cr\n"), Cow::Borrowed(_)));
    }

    /// The run-copying normaliser agrees with the plain rule, char by char, on every mix of
    /// line ends, NULs and multi-byte characters.
    #[test]
    fn newlines_are_normalised_as_the_plain_rule_says() {
        fn plain(s: &str) -> String {
            let mut out = String::new();
            let mut it = s.chars().peekable();
            while let Some(c) = it.next() {
                match c {
                    '\r' => {
                        if it.peek() == Some(&'\n') {
                            it.next();
                        }
                        out.push('\n');
                    }
                    '\0' => {}
                    c => out.push(c),
                }
            }
            out
        }
        let alphabet = ['a', '\r', '\n', '\0', 'é', '“', '😀', ' '];
        let mut seed = 1u64;
        for len in 0..400 {
            let t: String = (0..len % 23)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            assert_eq!(normalize_newlines(&t), plain(&t), "{t:?}");
        }
    }

    #[test]
    fn a_memo_gives_its_date_in_the_forms_people_type() {
        let memo = "MEMORANDUM\nDate: March 3, 2025\nTo: Council\nFrom: Code Compliance\n\nText.";
        assert_eq!(memo_date(memo).as_deref(), Some("2025-03-03T00:00:00Z"));
        for s in [
            "Monday, March 3, 2025",
            "Mar. 3, 2025",
            "March 3rd, 2025",
            "3 March 2025",
            "2025-03-03",
            "3/3/2025",
        ] {
            assert_eq!(
                lenient_date(s),
                chrono::NaiveDate::from_ymd_opt(2025, 3, 3),
                "{s}"
            );
        }
        assert_eq!(lenient_date("sometime next week"), None);
        assert_eq!(memo_date("No date here\nat all"), None);
    }
}
