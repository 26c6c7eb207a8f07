//! What differs between two near-duplicates, word by word: the review screen marks it on
//! both sides. Words are compared exactly (case and punctuation count); the white space
//! between them does not (a PDF's line breaks against a memo's paragraphs are no
//! difference).

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};
use std::time::{Duration, Instant};

/// A run of characters (`start..end`, counted in `char`s as the record's text is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CharRun {
    pub start: u64,
    pub end: u64,
}

/// The differences of `new` from `old`: the runs of `old` that `new` lacks, and the runs of
/// `new` that `old` lacks.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WordDiff {
    pub removed: Vec<CharRun>,
    pub added: Vec<CharRun>,
    /// The words the two share, and the words of each.
    pub same_words: u64,
    pub old_words: u64,
    pub new_words: u64,
    /// The comparison ran out of time (very long, very different texts) and is coarser than
    /// it could be: still correct, as what it marks does differ.
    pub coarse: bool,
}

/// Long texts are compared for at most this long.
const DEADLINE: Duration = Duration::from_secs(2);

struct Word<'a> {
    text: &'a str,
    start: u64,
    end: u64,
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = vec![];
    let mut start: Option<(usize, u64)> = None;
    let mut chars = 0u64;
    for (byte, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some((b, s)) = start.take() {
                out.push(Word {
                    text: &text[b..byte],
                    start: s,
                    end: chars,
                });
            }
        } else if start.is_none() {
            start = Some((byte, chars));
        }
        chars += 1;
    }
    if let Some((b, s)) = start {
        out.push(Word {
            text: &text[b..],
            start: s,
            end: chars,
        });
    }
    out
}

/// Adds the run of `words[from..from + len]`, joined to the last run when only white space
/// lies between them.
fn push(runs: &mut Vec<CharRun>, words: &[Word<'_>], from: usize, len: usize) {
    if len == 0 {
        return;
    }
    let (start, end) = (words[from].start, words[from + len - 1].end);
    if let Some(last) = runs.last_mut()
        && from > 0
        && words[from - 1].end == last.end
    {
        last.end = end;
        return;
    }
    runs.push(CharRun { start, end });
}

/// Compares two texts word by word.
pub fn word_diff(old: &str, new: &str) -> WordDiff {
    let (a, b) = (words(old), words(new));
    let (ta, tb): (Vec<&str>, Vec<&str>) = (
        a.iter().map(|w| w.text).collect(),
        b.iter().map(|w| w.text).collect(),
    );
    let started = Instant::now();
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &ta, &tb, Some(started + DEADLINE));
    let mut diff = WordDiff {
        old_words: a.len() as u64,
        new_words: b.len() as u64,
        coarse: started.elapsed() >= DEADLINE,
        ..WordDiff::default()
    };
    for op in ops {
        match op {
            DiffOp::Equal { len, .. } => diff.same_words += len as u64,
            DiffOp::Delete {
                old_index, old_len, ..
            } => push(&mut diff.removed, &a, old_index, old_len),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push(&mut diff.added, &b, new_index, new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(&mut diff.removed, &a, old_index, old_len);
                push(&mut diff.added, &b, new_index, new_len);
            }
        }
    }
    diff
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, runs: &[CharRun]) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        runs.iter()
            .map(|r| chars[r.start as usize..r.end as usize].iter().collect())
            .collect()
    }

    #[test]
    fn marks_the_words_each_side_lacks() {
        let old = "The permit for 12 Elm Street was approved on Monday by Ana.";
        let new = "The permit for 14 Elm Street was approved on\nTuesday by Ana Ruiz.";
        let d = word_diff(old, new);
        assert_eq!(cut(old, &d.removed), ["12", "Monday", "Ana."]);
        assert_eq!(cut(new, &d.added), ["14", "Tuesday", "Ana Ruiz."]);
        assert_eq!((d.old_words, d.new_words, d.same_words), (12, 13, 9));
        assert!(!d.coarse);
    }

    #[test]
    fn white_space_is_no_difference_and_runs_join() {
        let d = word_diff("one two\n\nthree", "one   two three");
        assert!(d.removed.is_empty() && d.added.is_empty());
        let old = "keep this and drop these three words then end";
        let new = "keep this and then end";
        let d = word_diff(old, new);
        assert_eq!(cut(old, &d.removed), ["drop these three words"]);
        assert!(d.added.is_empty());
    }

    #[test]
    fn counts_characters_not_bytes() {
        let old = "Señora Muñoz paid €40";
        let new = "Señora Muñoz paid €45";
        let d = word_diff(old, new);
        assert_eq!(cut(old, &d.removed), ["€40"]);
        assert_eq!(cut(new, &d.added), ["€45"]);
    }

    #[test]
    fn empty_sides() {
        let d = word_diff("", "all new");
        assert_eq!(cut("all new", &d.added), ["all new"]);
        assert!(word_diff("", "").added.is_empty());
    }
}
