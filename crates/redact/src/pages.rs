//! Pages: where each word of a paged record's text (PDF, scan) is on its page, so that a text
//! redaction becomes boxes on the page and an area redaction removes the words under it from
//! the text. A paged record's text is its pages' words in order, joined by white space (see
//! `extract::pages_text`), so each word is found in the text in turn.

use crate::Span;

/// A word's box and text as the store keeps them: (x0, y0, x1, y1, word), normalised.
pub type WordBox = (f32, f32, f32, f32, String);

/// A page's number and its words.
pub type PageOfWords = (u32, Vec<WordBox>);

/// A word of a page, with its box (normalised to the page: 0..1, origin top-left) and its
/// characters in the record's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub page: u32,
    pub rect: Rect,
    pub span: Span,
}

/// A rectangle on a page, normalised to the page (0..1, origin top-left).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    /// Inside the page and not empty.
    pub fn is_valid(&self) -> bool {
        let ok = |v: f32| v.is_finite() && (0.0..=1.0).contains(&v);
        ok(self.x0)
            && ok(self.y0)
            && ok(self.x1)
            && ok(self.y1)
            && self.x0 < self.x1
            && self.y0 < self.y1
    }

    fn union(&self, o: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }

    /// Covers at least half of `o`'s area.
    fn covers_most_of(&self, o: &Rect) -> bool {
        let w = (self.x1.min(o.x1) - self.x0.max(o.x0)).max(0.0);
        let h = (self.y1.min(o.y1) - self.y0.max(o.y0)).max(0.0);
        let area = (o.x1 - o.x0) * (o.y1 - o.y0);
        area > 0.0 && w * h >= 0.5 * area
    }
}

/// The words of the pages, located in `text`. Pages are (number, words as (x0, y0, x1, y1,
/// word)). A word not found where expected (a text that is not the pages' words) ends the
/// search: callers get what could be placed and must fail closed on the rest.
pub fn locate(text: &str, pages: &[PageOfWords]) -> Vec<Word> {
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    let mut out = vec![];
    for (page, words) in pages {
        for (x0, y0, x1, y1, w) in words {
            let w: Vec<char> = w.chars().collect();
            if w.is_empty() {
                continue;
            }
            // Past white space (and nothing else) to the word.
            while at < chars.len() && chars[at].is_whitespace() {
                at += 1;
            }
            if chars.get(at..at + w.len()) != Some(&w[..]) {
                return out;
            }
            out.push(Word {
                page: *page,
                rect: Rect {
                    x0: *x0,
                    y0: *y0,
                    x1: *x1,
                    y1: *y1,
                },
                span: Span {
                    start: at,
                    end: at + w.len(),
                },
            });
            at += w.len();
        }
    }
    out
}

/// The boxes that cover the words a span touches: one per run of words on one line.
pub fn boxes(words: &[Word], span: Span) -> Vec<(u32, Rect)> {
    let mut out: Vec<(u32, Rect)> = vec![];
    for w in words
        .iter()
        .filter(|w| w.span.start < span.end && span.start < w.span.end)
    {
        match out.last_mut() {
            // The same line: the boxes overlap vertically by more than half.
            Some((p, r))
                if *p == w.page
                    && (r.y1.min(w.rect.y1) - r.y0.max(w.rect.y0))
                        > 0.5 * (w.rect.y1 - w.rect.y0) =>
            {
                *r = r.union(&w.rect)
            }
            _ => out.push((w.page, w.rect)),
        }
    }
    out
}

impl Rect {
    /// The share of `o`'s area this rectangle covers (0 for an empty `o`).
    fn share_of(&self, o: &Rect) -> f32 {
        let w = (self.x1.min(o.x1) - self.x0.max(o.x0)).max(0.0);
        let h = (self.y1.min(o.y1) - self.y0.max(o.y0)).max(0.0);
        let area = (o.x1 - o.x0) * (o.y1 - o.y0);
        if area > 0.0 { w * h / area } else { 0.0 }
    }
}

/// A word counts as touched by an area that covers this share of its box: less is a graze
/// of the next line's ascenders, left as it is (the word stays, and stays readable).
const TOUCHED: f32 = 0.1;

/// An area as it is burned in: grown to cover whole every word of the page it touches, so
/// that no word is left half visible on the page while it leaves the text (a box drawn
/// through the middle of a line would otherwise burn the upper half of its letters only).
/// Growing may touch more words (a taller word beside it); it is grown again, a few times
/// at most. Areas over no words (a signature, a photograph) stay as drawn.
pub fn snap(words: &[Word], page: u32, area: &Rect) -> Rect {
    let mut r = *area;
    for _ in 0..4 {
        let mut grown = r;
        for w in words.iter().filter(|w| w.page == page) {
            if r.share_of(&w.rect) >= TOUCHED {
                grown = grown.union(&w.rect);
            }
        }
        if grown == r {
            break;
        }
        r = grown;
    }
    r
}

/// The text spans of the words an area covers (at least half of each word's box).
pub fn spans_under(words: &[Word], page: u32, area: &Rect) -> Vec<Span> {
    words
        .iter()
        .filter(|w| w.page == page && area.covers_most_of(&w.rect))
        .map(|w| w.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Vec<PageOfWords> {
        vec![
            (
                1,
                vec![
                    (0.1, 0.1, 0.2, 0.12, "Invoice".into()),
                    (0.21, 0.1, 0.25, 0.12, "for".into()),
                    (0.26, 0.1, 0.35, 0.12, "Lathrop".into()),
                    (0.1, 0.2, 0.2, 0.22, "grading".into()),
                ],
            ),
            (2, vec![(0.1, 0.1, 0.2, 0.12, "Page".into())]),
        ]
    }

    #[test]
    fn words_are_placed_in_the_text_and_spans_become_boxes() {
        let text = "Invoice for Lathrop\ngrading\n\nPage";
        let words = locate(text, &page());
        assert_eq!(words.len(), 5);
        assert_eq!(words[2].span, Span { start: 12, end: 19 });
        assert_eq!(words[4].page, 2);
        // "for Lathrop grading": one box on the first line, one on the second.
        let b = boxes(&words, Span { start: 8, end: 27 });
        assert_eq!(b.len(), 2);
        assert_eq!(
            b[0].1,
            Rect {
                x0: 0.21,
                y0: 0.1,
                x1: 0.35,
                y1: 0.12
            }
        );
        assert_eq!(
            b[1].1,
            Rect {
                x0: 0.1,
                y0: 0.2,
                x1: 0.2,
                y1: 0.22
            }
        );
        // An area over most of "Lathrop" takes it out of the text.
        let area = Rect {
            x0: 0.27,
            y0: 0.05,
            x1: 0.4,
            y1: 0.15,
        };
        assert_eq!(
            spans_under(&words, 1, &area),
            vec![Span { start: 12, end: 19 }]
        );
        assert!(spans_under(&words, 2, &area).is_empty());
        // A box drawn through the middle of the first line grows to cover its words whole
        // (and only them: "grading" on the next line is not touched).
        let through = Rect {
            x0: 0.05,
            y0: 0.11,
            x1: 0.3,
            y1: 0.125,
        };
        let s = snap(&words, 1, &through);
        assert_eq!(
            s,
            Rect {
                x0: 0.05,
                y0: 0.1,
                x1: 0.35,
                y1: 0.125
            }
        );
        assert_eq!(spans_under(&words, 1, &s).len(), 3);
        // A graze of a word's edge leaves it (and the area) as it was.
        let graze = Rect {
            x0: 0.1,
            y0: 0.195,
            x1: 0.2,
            y1: 0.2005,
        };
        assert_eq!(snap(&words, 1, &graze), graze);
        // An area over no words stays as drawn.
        let blank = Rect {
            x0: 0.5,
            y0: 0.5,
            x1: 0.6,
            y1: 0.6,
        };
        assert_eq!(snap(&words, 1, &blank), blank);
        // A text that is not the pages' words stops the placing.
        assert_eq!(locate("Something else", &page()).len(), 0);
        assert!(
            !Rect {
                x0: 0.5,
                y0: 0.1,
                x1: 0.4,
                y1: 0.2
            }
            .is_valid()
        );
        assert!(
            !Rect {
                x0: 0.5,
                y0: 0.1,
                x1: 1.4,
                y1: 0.2
            }
            .is_valid()
        );
    }
}
