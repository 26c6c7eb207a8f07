//! The redaction model: where values occur in a record's text, and the record as it will be
//! released. Pure functions of text; the office stores the redactions and calls these.
//!
//! Offsets are **characters** (Unicode scalar values) of the record's extracted text, as the
//! store keeps them (`start_char`, `end_char`), half-open.
//!
//! # Example
//! ```
//! use redact::{Finder, Redaction, release_text};
//! let text = "Call Ana Ruiz at (916)\n555-0142 today.";
//! let spans = Finder::text("555-0142", false).unwrap().find(text);
//! assert_eq!(spans, vec![redact::Span { start: 23, end: 31 }]);
//! let view = release_text(text, &[Redaction { span: spans[0], label: "Gov. Code §7928.300" }]);
//! assert_eq!(view, "Call Ana Ruiz at (916)\n[REDACTED — Gov. Code §7928.300] today.");
//! ```

pub mod detect;
pub mod pages;

use regex::{Regex, RegexBuilder};

/// A half-open range of characters of a record's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Why a way of finding values cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum Invalid {
    #[error("an empty value: give the words to redact")]
    Empty,
    #[error("the pattern does not compile: {0}")]
    Pattern(String),
    #[error("the pattern would match empty text: it must match at least one character")]
    MatchesEmpty,
    #[error("the values are too many or too long to search for at once: give fewer of them")]
    TooLarge,
}

/// More occurrences than the caller takes at once: finding stopped one past its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooMany;

/// Most compiled program a pattern may take (a guard against patterns that would run away in
/// memory; the regex engine itself runs in linear time).
const PATTERN_SIZE: usize = 4 << 20;

/// How to find the values to redact.
#[derive(Debug, Clone)]
pub struct Finder {
    re: Regex,
}

/// White space between a value's words: any run of it, zero-width characters included.
const GAP: &str = r"[\s\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}]+";

fn words_regex(value: &str) -> Result<String, Invalid> {
    let words: Vec<String> = value.split_whitespace().map(word_regex).collect();
    if words.is_empty() {
        return Err(Invalid::Empty);
    }
    // Line breaks and runs of spaces inside the value match any run of white space.
    Ok(words.join(GAP))
}

/// A word of a value, its apostrophes and hyphens matching their typographic variants
/// (Word writes O’Brien; a non-breaking hyphen joins Ruiz‑Lopez).
fn word_regex(word: &str) -> String {
    let mut out = String::with_capacity(word.len() * 2);
    for c in word.chars() {
        match c {
            '\'' | '’' | '‘' | 'ʼ' | '′' => out.push_str("['’‘ʼ′]"),
            '-' | '‐' | '‑' | '‒' | '–' | '—' | '−' => out.push_str("[-‐‑‒–—−]"),
            '"' | '“' | '”' => out.push_str("[\"“”]"),
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out
}

impl Finder {
    /// An exact value, wherever it occurs, whatever white space (line breaks included)
    /// separates its words; `ignore_case` for any case.
    pub fn text(value: &str, ignore_case: bool) -> Result<Finder, Invalid> {
        Self::build(&words_regex(value)?, ignore_case)
    }

    /// Any of several values (a terms list: one value per line).
    pub fn terms(values: &[String], ignore_case: bool) -> Result<Finder, Invalid> {
        let mut parts: Vec<String> = values
            .iter()
            .filter(|v| !v.trim().is_empty())
            .map(|v| words_regex(v))
            .collect::<Result<_, _>>()?;
        if parts.is_empty() {
            return Err(Invalid::Empty);
        }
        // Longest first, so that "Ana Ruiz" wins over "Ana" where both start.
        parts.sort_by_key(|p| std::cmp::Reverse(p.len()));
        Self::build(&parts.join("|"), ignore_case).map_err(too_large)
    }

    /// Values redacted elsewhere, found again only as whole words: "Ana" redacted on one
    /// record is proposed on "Ana Ruiz" but not inside "Banana" or "Anaheim".
    pub fn whole_values(values: &[String]) -> Result<Finder, Invalid> {
        let edge = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let mut parts: Vec<String> = values
            .iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(|v| {
                let mut p = words_regex(v)?;
                if edge(v.chars().next()) {
                    p.insert_str(0, r"\b");
                }
                if edge(v.chars().last()) {
                    p.push_str(r"\b");
                }
                Ok(p)
            })
            .collect::<Result<_, _>>()?;
        if parts.is_empty() {
            return Err(Invalid::Empty);
        }
        parts.sort_by_key(|p| std::cmp::Reverse(p.len()));
        Self::build(&parts.join("|"), false).map_err(too_large)
    }

    /// A regular expression (Rust `regex` syntax; linear time, no look-around).
    pub fn pattern(re: &str) -> Result<Finder, Invalid> {
        if re.trim().is_empty() {
            return Err(Invalid::Empty);
        }
        let f = Self::build(re, false)?;
        // Empty matches (`x*`, `\b|Ana`) would redact nothing and hide what they miss.
        if ["", "a b 1 . é\n"]
            .iter()
            .any(|t| f.re.find_iter(t).any(|m| m.is_empty()))
        {
            return Err(Invalid::MatchesEmpty);
        }
        Ok(f)
    }

    fn build(re: &str, ignore_case: bool) -> Result<Finder, Invalid> {
        let re = RegexBuilder::new(re)
            .case_insensitive(ignore_case)
            .size_limit(PATTERN_SIZE)
            .dfa_size_limit(PATTERN_SIZE)
            .build()
            .map_err(|e| {
                Invalid::Pattern(
                    e.to_string()
                        .lines()
                        .last()
                        .unwrap_or("")
                        .trim()
                        .to_string(),
                )
            })?;
        Ok(Finder { re })
    }

    /// Every occurrence in `text`, in order, as character spans — overlapping ones too (terms
    /// "Ana Ruiz" and "Ruiz Lopez" both in "Ana Ruiz Lopez"): the search starts again just
    /// after each match's first character.
    pub fn find(&self, text: &str) -> Vec<Span> {
        self.find_at_most(text, usize::MAX).unwrap_or_default()
    }

    /// [`Finder::find`], stopping as soon as more than `limit` occurrences are found: a
    /// pattern matching every character of a large text is refused after `limit` of them.
    pub fn find_at_most(&self, text: &str, limit: usize) -> Result<Vec<Span>, TooMany> {
        let mut chars = CharIndex::new(text);
        let mut out = vec![];
        let mut at = 0;
        let mut reach = 0;
        while at <= text.len() {
            if out.len() > limit {
                return Err(TooMany);
            }
            let Some(m) = self.re.find_at(text, at) else {
                break;
            };
            // A match inside one already found (the same value seen from a later start) adds
            // nothing; one reaching further is kept.
            if m.start() < m.end() && m.end() > reach {
                out.push(Span {
                    start: chars.at(m.start()),
                    end: chars.at(m.end()),
                });
                reach = m.end();
            }
            let first = text[m.start()..].chars().next().map_or(1, char::len_utf8);
            at = m.start() + first;
        }
        if out.len() > limit {
            return Err(TooMany);
        }
        Ok(out)
    }
}

/// A list of values escapes every character, so the only way it fails to compile is size.
fn too_large(e: Invalid) -> Invalid {
    match e {
        Invalid::Pattern(_) => Invalid::TooLarge,
        e => e,
    }
}

/// Byte offsets to character offsets, for offsets asked in increasing order.
struct CharIndex<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> Self {
        CharIndex {
            text,
            byte: 0,
            chars: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// A redaction as the release view needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Redaction<'a> {
    pub span: Span,
    /// What the box says, e.g. `Gov. Code §7927.700`.
    pub label: &'a str,
}

/// A piece of a record's text as released: kept as is, or removed (with the labels of the
/// redactions that removed it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Kept(String),
    Removed { text: String, labels: Vec<String> },
}

/// The text cut into kept and removed pieces. Overlapping and touching spans are joined (their
/// labels listed once each); spans past the end of the text are cut to it. The review screen's
/// release text and the typeset inspection copy are both made from these pieces.
pub fn segments(text: &str, redactions: &[Redaction]) -> Vec<Segment> {
    let mut rs: Vec<Redaction> = redactions
        .iter()
        .filter(|r| r.span.start < r.span.end)
        .copied()
        .collect();
    rs.sort_by_key(|r| (r.span.start, r.span.end));
    let mut joined: Vec<(Span, Vec<&str>)> = vec![];
    for r in rs {
        match joined.last_mut() {
            Some((s, labels)) if r.span.start <= s.end => {
                s.end = s.end.max(r.span.end);
                if !labels.contains(&r.label) {
                    labels.push(r.label);
                }
            }
            _ => joined.push((r.span, vec![r.label])),
        }
    }
    let mut out = vec![];
    let mut kept = String::new();
    let mut removed = String::new();
    let mut spans = joined.iter().peekable();
    let mut inside: Option<(usize, &Vec<&str>)> = None;
    let flush_removed = |out: &mut Vec<Segment>, removed: &mut String, labels: &Vec<&str>| {
        out.push(Segment::Removed {
            text: std::mem::take(removed),
            labels: labels.iter().map(|l| l.to_string()).collect(),
        });
    };
    for (i, c) in text.chars().enumerate() {
        if let Some((end, labels)) = inside {
            if i < end {
                removed.push(c);
                continue;
            }
            flush_removed(&mut out, &mut removed, labels);
            inside = None;
        }
        if let Some((s, labels)) = spans.peek()
            && s.start == i
        {
            if !kept.is_empty() {
                out.push(Segment::Kept(std::mem::take(&mut kept)));
            }
            removed.push(c);
            inside = Some((s.end, labels));
            spans.next();
            continue;
        }
        kept.push(c);
    }
    if let Some((_, labels)) = inside {
        flush_removed(&mut out, &mut removed, labels);
    }
    if !kept.is_empty() {
        out.push(Segment::Kept(kept));
    }
    out
}

/// The text as it will be released: each redacted span (overlapping ones joined) replaced by
/// `[REDACTED — label]`. Spans past the end of the text are cut to it.
pub fn release_text(text: &str, redactions: &[Redaction]) -> String {
    let mut out = String::with_capacity(text.len());
    for s in segments(text, redactions) {
        match s {
            Segment::Kept(t) => out.push_str(&t),
            Segment::Removed { labels, .. } => {
                out.push_str("[REDACTED — ");
                out.push_str(&labels.join("; "));
                out.push(']');
            }
        }
    }
    out
}

/// The slip sheet that stands in for a record withheld in full.
pub fn slip_sheet(record: &str, labels: &[&str]) -> String {
    format!(
        "[WITHHELD IN FULL — {}]\nRecord {record} is withheld under {}.",
        labels.join("; "),
        labels.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(f: &Finder, t: &str) -> Vec<String> {
        let chars: Vec<char> = t.chars().collect();
        f.find(t)
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect())
            .collect()
    }

    #[test]
    fn values_redacted_elsewhere_are_found_as_whole_words_only() {
        let t = "Ana and Banana went to Anaheim; Ana\nRuiz paid $40 (call 555-0142).";
        let f = Finder::whole_values(&[
            "Ana".into(),
            "Ana Ruiz".into(),
            "$40".into(),
            "555-0142)".into(),
        ])
        .unwrap();
        assert_eq!(spans(&f, t), vec!["Ana", "Ana\nRuiz", "$40", "555-0142)"]);
        assert!(Finder::whole_values(&["  ".into()]).is_err());
    }

    #[test]
    fn values_are_found_across_line_breaks_and_in_any_case_when_asked() {
        let t = "Ana  Ruiz wrote to ANA\nRUIZ and to Ana Ruizz; Zoë Muñoz too.";
        assert_eq!(
            spans(&Finder::text("Ana Ruiz", false).unwrap(), t),
            vec!["Ana  Ruiz", "Ana Ruiz"]
        );
        assert_eq!(
            spans(&Finder::text("ana ruiz", true).unwrap(), t),
            vec!["Ana  Ruiz", "ANA\nRUIZ", "Ana Ruiz"]
        );
        // Character offsets, not bytes.
        let f = Finder::text("Muñoz", false).unwrap();
        assert_eq!(f.find(t), vec![Span { start: 50, end: 55 }]);
        // Terms: the longest first where two start together.
        let f = Finder::terms(&["Ana".into(), "Ana Ruiz".into(), "".into()], false).unwrap();
        assert_eq!(spans(&f, "Ana Ruiz, Ana."), vec!["Ana Ruiz", "Ana"]);
        // Overlapping values are all found.
        let f = Finder::terms(&["Ana Ruiz".into(), "Ruiz Lopez".into()], false).unwrap();
        assert_eq!(
            spans(&f, "Dr. Ana Ruiz Lopez"),
            vec!["Ana Ruiz", "Ruiz Lopez"]
        );
        // Typographic apostrophes and hyphens, zero-width characters between words.
        let f = Finder::text("Dan O'Brien-Ruiz", false).unwrap();
        assert_eq!(
            spans(&f, "Dan O’Brien‑Ruiz and Dan\u{200B} O'Brien-Ruiz"),
            vec!["Dan O’Brien‑Ruiz", "Dan\u{200B} O'Brien-Ruiz"]
        );
        // Special characters are literal in values.
        let f = Finder::text("(916) 555-0142", false).unwrap();
        assert_eq!(spans(&f, "call (916)\n555-0142."), vec!["(916)\n555-0142"]);
    }

    #[test]
    fn bad_ways_are_refused_with_a_reason() {
        assert_eq!(Finder::text("  \n", false).unwrap_err(), Invalid::Empty);
        assert_eq!(
            Finder::terms(&["".into()], false).unwrap_err(),
            Invalid::Empty
        );
        assert!(matches!(
            Finder::pattern("(unclosed").unwrap_err(),
            Invalid::Pattern(_)
        ));
        assert_eq!(Finder::pattern("x*").unwrap_err(), Invalid::MatchesEmpty);
        assert_eq!(
            Finder::pattern(r"\b|Ana").unwrap_err(),
            Invalid::MatchesEmpty
        );
        // A pattern whose program would be huge is refused rather than run.
        assert!(matches!(
            Finder::pattern(r"\w{1000}\w{1000}\w{1000}").unwrap_err(),
            Invalid::Pattern(_)
        ));
        let f = Finder::pattern(r"\b\d{3}-\d{2}-\d{4}\b").unwrap();
        assert_eq!(spans(&f, "SSN 123-45-6789."), vec!["123-45-6789"]);
    }

    #[test]
    fn finding_stops_one_past_its_limit() {
        let f = Finder::pattern("x").unwrap();
        let text = "x".repeat(1_000_000);
        assert_eq!(f.find_at_most(&text, 100), Err(TooMany));
        assert_eq!(f.find_at_most(&text[..100], 100).unwrap().len(), 100);
        assert_eq!(f.find_at_most("x x x", 2), Err(TooMany));
        let digits = "555-0142 ".repeat(50);
        let k = [detect::Kind::Phone];
        let known = detect::Known::default();
        assert_eq!(
            detect::detect_at_most(&digits, &k, &known, 49),
            Err(TooMany)
        );
        assert_eq!(
            detect::detect_at_most(&digits, &k, &known, 50)
                .unwrap()
                .len(),
            50
        );
    }

    #[test]
    fn the_release_view_replaces_spans_with_labelled_blocks() {
        let t = "Ana Ruiz, 12 Main St, (916) 555-0142.";
        let r = |start, end, label| Redaction {
            span: Span { start, end },
            label,
        };
        assert_eq!(
            release_text(t, &[r(0, 8, "A"), r(22, 36, "B")]),
            "[REDACTED — A], 12 Main St, [REDACTED — B]."
        );
        // Overlapping and touching spans make one block listing both labels once.
        assert_eq!(
            release_text(t, &[r(0, 3, "A"), r(2, 8, "B"), r(8, 9, "A")]),
            "[REDACTED — A; B] 12 Main St, (916) 555-0142."
        );
        // Past the end: cut; empty: ignored.
        assert_eq!(
            release_text("abc", &[r(1, 99, "X"), r(0, 0, "Y")]),
            "a[REDACTED — X]"
        );
        assert!(
            slip_sheet("17", &["Gov. Code §7927.500"])
                .starts_with("[WITHHELD IN FULL — Gov. Code §7927.500]")
        );
    }

    /// For any sequence of redactions, the release view holds none of the redacted values.
    #[test]
    fn no_redacted_value_survives_any_sequence_of_redactions() {
        let words = [
            "Ana", "Ruiz", "permit", "555-0142", "Muñoz", "12", "Main", "St", "ok", "é",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..500 {
            let text: Vec<&str> = (0..30).map(|_| words[next(words.len())]).collect();
            let seps = [" ", "\n", "  ", ", "];
            let mut t = String::new();
            for w in &text {
                t.push_str(w);
                t.push_str(seps[next(seps.len())]);
            }
            let mut rs = vec![];
            let mut values = vec![];
            for _ in 0..(1 + next(4)) {
                let (a, b) = (next(words.len()), next(words.len()));
                let value = if next(2) == 0 {
                    words[a].to_string()
                } else {
                    format!("{} {}", words[a], words[b])
                };
                let f = Finder::text(&value, next(2) == 0).unwrap();
                for s in f.find(&t) {
                    rs.push(Redaction {
                        span: s,
                        label: "L",
                    });
                }
                values.push((value, f));
            }
            let view = release_text(&t, &rs);
            for (value, f) in &values {
                assert!(
                    f.find(&view).is_empty(),
                    "{value:?} readable in {view:?} (from {t:?})"
                );
            }
        }
    }
}
