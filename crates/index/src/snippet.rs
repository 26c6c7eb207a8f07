//! Snippets: the passage of a record's text where the query's wanted words are densest, with
//! each match marked — stemmed words by their stem, exact words, prefixes and fuzzy words as
//! the query asked for them.

use crate::{stem_analyzer, words_analyzer};
use std::collections::HashSet;

/// Text longer than this is marked only in its first part (a 200 MB log would otherwise be
/// read again for every page of results).
const SCAN_LIMIT: usize = 2 << 20;
/// About how long a snippet is, in bytes.
const WINDOW: usize = 220;

/// A passage of a record's text around the query's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges of `text` that matched.
    pub marks: Vec<std::ops::Range<usize>>,
}

/// The words a query wants, as a snippet marks them.
#[derive(Debug, Clone, Default)]
pub struct Highlighter {
    pub(crate) exact: HashSet<String>,
    pub(crate) stems: HashSet<String>,
    pub(crate) prefixes: Vec<String>,
    pub(crate) fuzzy: Vec<(String, u8)>,
    /// The query has parts that cost more to match than to score (phrases, prefixes, fuzzy).
    pub(crate) costly: bool,
}

/// Edit distance with adjacent transpositions counted as one (as the fuzzy query counts).
fn distance(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, v) in d.iter_mut().enumerate().take(w) {
        *v = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Highlighter {
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty()
            && self.stems.is_empty()
            && self.prefixes.is_empty()
            && self.fuzzy.is_empty()
    }

    /// The matches in `text`: byte ranges, with which wanted word each is (for variety).
    fn matches(&self, text: &str) -> Vec<(usize, usize, String)> {
        let text = &text[..floor_boundary(text, SCAN_LIMIT)];
        let mut out = vec![];
        let mut words = words_analyzer();
        let mut ws = words.token_stream(text);
        let mut stem = stem_analyzer();
        // Stemming every word of every hit is the costly part: the English stemmer only changes
        // endings, so only words starting with a wanted stem's first letter are stemmed.
        let firsts: HashSet<char> = self.stems.iter().filter_map(|s| s.chars().next()).collect();
        while ws.advance() {
            let t = ws.token();
            let stemmed = t
                .text
                .chars()
                .next()
                .filter(|c| firsts.contains(c))
                .and_then(|_| {
                    let mut ss = stem.token_stream(&t.text);
                    ss.advance().then(|| ss.token().text.clone())
                });
            let hit = if self.exact.contains(&t.text) {
                Some(t.text.clone())
            } else if let Some(s) = stemmed.filter(|s| self.stems.contains(s)) {
                Some(s)
            } else if let Some(p) = self
                .prefixes
                .iter()
                .find(|p| t.text.starts_with(p.as_str()))
            {
                Some(p.clone())
            } else {
                self.fuzzy
                    .iter()
                    .find(|(w, d)| distance(w, &t.text, *d as usize) <= *d as usize)
                    .map(|(w, _)| w.clone())
            };
            if let Some(h) = hit {
                out.push((t.offset_from, t.offset_to, h));
            }
        }
        out
    }

    /// The best passage of `text` for the query: where most of its different words are.
    pub fn snippet(&self, text: &str) -> Snippet {
        let m = if self.is_empty() {
            vec![]
        } else {
            self.matches(text)
        };
        let Some(best) = (0..m.len()).max_by_key(|&i| {
            let end = m[i].0 + WINDOW - 40;
            let inside: Vec<&String> = m[i..]
                .iter()
                .take_while(|x| x.1 <= end)
                .map(|x| &x.2)
                .collect();
            let distinct: HashSet<&&String> = inside.iter().collect();
            // More different words first, then more matches, then earlier.
            (distinct.len(), inside.len(), std::cmp::Reverse(i))
        }) else {
            let end = floor_boundary(text, WINDOW);
            let end = text[..end]
                .rfind(char::is_whitespace)
                .filter(|&e| e > WINDOW / 2 && end < text.len())
                .unwrap_or(end);
            return Snippet {
                text: text[..end].to_string(),
                marks: vec![],
            };
        };
        // Start a little before the first match, at a word boundary.
        let from = floor_boundary(text, m[best].0.saturating_sub(40));
        let from = if from == 0 {
            0
        } else {
            text[from..m[best].0]
                .char_indices()
                .find(|(_, c)| c.is_whitespace())
                .map(|(i, c)| from + i + c.len_utf8())
                .unwrap_or(m[best].0)
        };
        let to = floor_boundary(text, from + WINDOW);
        let to = if to >= text.len() {
            text.len()
        } else {
            let last_match_end = m
                .iter()
                .filter(|x| x.0 >= from && x.1 <= to)
                .map(|x| x.1)
                .max()
                .unwrap_or(from);
            text[last_match_end..to]
                .rfind(char::is_whitespace)
                .map(|i| last_match_end + i)
                .unwrap_or(to)
        };
        let marks = m
            .iter()
            .filter(|x| x.0 >= from && x.1 <= to)
            .map(|x| x.0 - from..x.1 - from)
            .collect();
        Snippet {
            text: text[from..to].to_string(),
            marks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(h: &Highlighter, text: &str) -> String {
        let s = h.snippet(text);
        let mut out = String::new();
        let mut at = 0;
        for r in &s.marks {
            out.push_str(&s.text[at..r.start]);
            out.push('[');
            out.push_str(&s.text[r.clone()]);
            out.push(']');
            at = r.end;
        }
        out.push_str(&s.text[at..]);
        out
    }

    #[test]
    fn marks_each_kind_of_wanted_word() {
        let h = Highlighter {
            exact: ["fee".to_string()].into(),
            stems: ["permit".to_string()].into(),
            prefixes: vec!["inspect".into()],
            fuzzy: vec![("lathrop".into(), 1)],
            costly: true,
        };
        assert_eq!(
            marked(
                &h,
                "Permits and permitting: the fee (not fees) for Inspection, Mr. Lathorp."
            ),
            "[Permits] and [permitting]: the [fee] (not fees) for [Inspection], Mr. [Lathorp]."
        );
        assert_eq!(distance("lathrop", "lathorp", 1), 1);
        assert_eq!(distance("lathrop", "latrhpo", 1), 2);
        assert_eq!(distance("café", "cafe", 2), 1);
    }

    #[test]
    fn picks_the_passage_with_most_words_and_stays_on_char_boundaries() {
        let h = Highlighter {
            stems: ["budget".to_string(), "council".to_string()].into(),
            ..Default::default()
        };
        let text = format!(
            "budget {} é the council approved the budget today {}",
            "filler ".repeat(100),
            "ü".repeat(300)
        );
        let s = marked(&h, &text);
        assert!(s.starts_with("filler") || s.starts_with('é'), "{s}");
        assert!(s.contains("[council] approved the [budget]"), "{s}");
        assert!(s.len() <= WINDOW + 8, "{}", s.len());
        // A space of several bytes before the passage (no-break space) is stepped over whole.
        let nbsp = format!("{}\u{a0}budget here", "a".repeat(60));
        assert_eq!(marked(&h, &nbsp), "[budget] here");
        // No match: the start of the text.
        let none = Highlighter::default().snippet(&"ü".repeat(300));
        assert!(none.marks.is_empty() && none.text.len() <= WINDOW);
    }
}
