//! Text-native records (email, DOCX, text, HTML, spreadsheets, CSV) typeset fresh on Letter
//! pages. A redacted piece of text is never written: a black box sized to the removed text
//! (never narrower than its label) stands in its place, with the label printed on it.

use crate::font::Font;
use crate::pdf::{Canvas, Style};

/// A piece of a record's release text.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(String),
    /// Removed text: only its width (measured) and its label reach the page.
    Removed {
        width_of: String,
        label: String,
    },
}

pub const PAGE_W: f32 = 612.0;
pub const PAGE_H: f32 = 792.0;
const MARGIN_X: f32 = 54.0;
const BODY_TOP: f32 = PAGE_H - 66.0;
const BODY_BOTTOM: f32 = 60.0;
pub const SIZE: f32 = 10.0;
const LEADING: f32 = 13.0;
const LABEL_SIZE: f32 = 6.0;

#[derive(Debug, Clone, PartialEq)]
enum Item {
    /// Text (words and the spaces between them) from x.
    Run {
        x: f32,
        text: String,
    },
    Box {
        x: f32,
        w: f32,
        label: String,
    },
}

/// Pages of lines of items.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pages: Vec<Vec<Vec<Item>>>,
}

impl Layout {
    pub fn page_count(&self) -> usize {
        self.pages.len().max(1)
    }

    /// Draws page `i` (0-based) of the layout on a canvas; returns the text of the body that
    /// was written and, apart, the labels printed on boxes (for verification).
    pub fn draw(&self, i: usize, canvas: &mut Canvas) -> (String, String) {
        let font = Font::get();
        let mut written = String::new();
        let mut labels = String::new();
        let Some(lines) = self.pages.get(i) else {
            return (written, labels);
        };
        for (n, line) in lines.iter().enumerate() {
            let y = BODY_TOP - SIZE - n as f32 * LEADING;
            for item in line {
                match item {
                    Item::Run { x, text } => {
                        canvas.text(*x, y, text, Style::new(SIZE));
                        written.push_str(text);
                        written.push(' ');
                    }
                    Item::Box { x, w, label } => {
                        canvas.rect(*x, y - 0.28 * SIZE, *w, SIZE * 1.22, 0.0);
                        if let Some(l) = fitting_label(label, *w) {
                            let lw = font.width(&l, LABEL_SIZE);
                            let style = Style {
                                gray: 1.0,
                                ..Style::new(LABEL_SIZE)
                            };
                            canvas.text(x + (w - lw) / 2.0, y + 0.5, &l, style);
                            labels.push_str(&l);
                            labels.push('\n');
                        }
                    }
                }
            }
            written.push('\n');
        }
        (written, labels)
    }
}

/// The label for a box burned on a page (`w` × `h` points) and the size to print it at: the
/// whole label at the largest size from 6 down to 3 points that fits, else its citation
/// (`§7927.700`) likewise, else none (the box is too small for any print).
pub fn label_for_box(label: &str, w: f32, h: f32) -> Option<(String, f32)> {
    let font = Font::get();
    let top = LABEL_SIZE.min(h * 0.8);
    for text in [label, short_label(label)] {
        let mut size = top;
        while size >= 3.0 {
            if font.width(text, size) + 2.0 <= w {
                return Some((text.to_string(), size));
            }
            size -= 0.5;
        }
    }
    None
}

/// The label if it fits in a box of width `w`, else its last word (`§7927.700`).
pub fn fitting_label(label: &str, w: f32) -> Option<String> {
    let font = Font::get();
    if font.width(label, LABEL_SIZE) + 2.0 <= w {
        return Some(label.to_string());
    }
    let short = short_label(label);
    (font.width(short, LABEL_SIZE) + 2.0 <= w).then(|| short.to_string())
}

/// The citation part of a label: `Gov. Code §7927.700` → `§7927.700`.
pub fn short_label(label: &str) -> &str {
    label.rsplit(' ').next().unwrap_or(label)
}

struct Builder {
    pages: Vec<Vec<Vec<Item>>>,
    lines: Vec<Vec<Item>>,
    line: Vec<Item>,
    x: f32,
    run: String,
    run_x: f32,
}

const LEFT: f32 = MARGIN_X;
const RIGHT: f32 = PAGE_W - MARGIN_X;

impl Builder {
    fn lines_per_page() -> usize {
        ((BODY_TOP - BODY_BOTTOM) / LEADING) as usize
    }

    fn flush_run(&mut self) {
        let text = std::mem::take(&mut self.run);
        let trimmed = text.trim_end();
        if !trimmed.is_empty() {
            self.line.push(Item::Run {
                x: self.run_x,
                text: trimmed.to_string(),
            });
        }
    }

    fn new_line(&mut self) {
        self.flush_run();
        self.lines.push(std::mem::take(&mut self.line));
        self.x = LEFT;
        self.run_x = LEFT;
        if self.lines.len() >= Self::lines_per_page() {
            self.pages.push(std::mem::take(&mut self.lines));
        }
    }

    fn word(&mut self, w: &str) {
        let font = Font::get();
        let width = font.width(w, SIZE);
        if self.x + width > RIGHT && self.x > LEFT {
            self.new_line();
        }
        if width > RIGHT - LEFT {
            // Longer than a line (a URL, a line of XML, a hash): cut where the line ends,
            // after the last punctuation mark in the line's last 24 characters if there is
            // one (so that words stay whole), else right there.
            let mut piece: Vec<char> = vec![];
            for c in w.chars() {
                let cw = font.advance(font.glyph(c).0) * SIZE / 1000.0;
                let pw: f32 = piece
                    .iter()
                    .map(|c| font.advance(font.glyph(*c).0) * SIZE / 1000.0)
                    .sum();
                if self.x + pw + cw > RIGHT && !piece.is_empty() {
                    let cut = piece
                        .iter()
                        .rposition(|c| !c.is_alphanumeric())
                        .filter(|p| piece.len() - p <= 24 && *p + 1 < piece.len())
                        .map_or(piece.len(), |p| p + 1);
                    let rest = piece.split_off(cut);
                    self.put(&piece.iter().collect::<String>());
                    self.new_line();
                    piece = rest;
                }
                piece.push(c);
            }
            self.put(&piece.iter().collect::<String>());
            return;
        }
        self.put(w);
    }

    fn put(&mut self, w: &str) {
        if self.run.is_empty() {
            self.run_x = self.x;
        }
        self.run.push_str(w);
        self.x += Font::get().width(w, SIZE);
    }

    fn spaces(&mut self, n: usize) {
        if self.x <= LEFT && self.run.is_empty() && !self.line.is_empty() {
            return;
        }
        let w = Font::get().width(" ", SIZE) * n as f32;
        if self.run.is_empty() && self.line.is_empty() {
            // Indentation at the start of a line.
            self.x = (self.x + w).min(RIGHT);
            return;
        }
        if self.run.is_empty() {
            self.x += w;
            return;
        }
        self.run.push_str(&" ".repeat(n));
        self.x += w;
    }

    fn removed(&mut self, width_of: &str, label: &str) {
        let font = Font::get();
        let flat: String = width_of.split_whitespace().collect::<Vec<_>>().join(" ");
        // Never narrower than its whole label (a removed "a" still says why), nor wider
        // than a line (a label longer than a line is shortened to its citation).
        let min = (font.width(label, LABEL_SIZE) + 4.0).min(RIGHT - LEFT);
        let mut w = font.width(&flat, SIZE).max(min);
        self.flush_run();
        if self.x + w > RIGHT && self.x > LEFT {
            self.new_line();
        }
        while w > 0.0 {
            let room = RIGHT - self.x;
            let here = w.min(room);
            self.line.push(Item::Box {
                x: self.x,
                w: here,
                label: label.to_string(),
            });
            self.x += here;
            w -= here;
            if w > 0.0 {
                self.new_line();
                w = w.max(min);
            }
        }
        self.run_x = self.x;
    }

    fn finish(mut self) -> Layout {
        self.flush_run();
        if !self.line.is_empty() {
            self.lines.push(std::mem::take(&mut self.line));
        }
        if !self.lines.is_empty() {
            self.pages.push(self.lines);
        }
        Layout { pages: self.pages }
    }
}

/// Lays the pieces out on pages: lines break at spaces (or inside a word longer than a
/// line), `\n` ends a line, tabs are four spaces.
pub fn layout(pieces: &[Piece]) -> Layout {
    let mut b = Builder {
        pages: vec![],
        lines: vec![],
        line: vec![],
        x: LEFT,
        run: String::new(),
        run_x: LEFT,
    };
    for p in pieces {
        match p {
            Piece::Text(t) => {
                let mut word = String::new();
                let mut spaces = 0;
                let mut chars = t.chars().peekable();
                while let Some(c) = chars.next() {
                    match c {
                        '\n' | '\u{0C}' | '\u{2028}' | '\u{2029}' => {
                            if !word.is_empty() {
                                b.word(&std::mem::take(&mut word));
                            }
                            spaces = 0;
                            b.new_line();
                        }
                        '\r' => {
                            if chars.peek() != Some(&'\n') {
                                if !word.is_empty() {
                                    b.word(&std::mem::take(&mut word));
                                }
                                spaces = 0;
                                b.new_line();
                            }
                        }
                        // Other control characters (NULs of badly decoded UTF-16) print
                        // as nothing.
                        c if c.is_control() && !c.is_whitespace() => {}
                        c if c.is_whitespace() => {
                            if !word.is_empty() {
                                b.word(&std::mem::take(&mut word));
                            }
                            spaces += if c == '\t' { 4 } else { 1 };
                            if chars.peek().is_none_or(|n| !n.is_whitespace()) {
                                b.spaces(spaces);
                                spaces = 0;
                            }
                        }
                        c => {
                            if spaces > 0 {
                                b.spaces(spaces);
                                spaces = 0;
                            }
                            word.push(c);
                        }
                    }
                }
                if !word.is_empty() {
                    b.word(&word);
                }
                if spaces > 0 {
                    b.spaces(spaces);
                }
            }
            Piece::Removed { width_of, label } => b.removed(width_of, label),
        }
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(l: &Layout) -> String {
        let mut out = String::new();
        for i in 0..l.page_count() {
            let mut c = Canvas::new(PAGE_W, PAGE_H);
            out.push_str(&l.draw(i, &mut c).0);
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn every_kept_word_is_laid_out_once_and_removed_text_never() {
        let text = "Dear Ms. Lathrop,\n\nthe permit fee for 12 Oak St. is due.\tCall 555-0100.";
        let l = layout(&[
            Piece::Text("Dear Ms. ".into()),
            Piece::Removed {
                width_of: "Lathrop".into(),
                label: "Gov. Code §7927.700".into(),
            },
            Piece::Text(",\n\nthe permit fee for 12 Oak St. is due.\tCall ".into()),
            Piece::Removed {
                width_of: "555-0100".into(),
                label: "Gov. Code §7928.300".into(),
            },
            Piece::Text(".".into()),
        ]);
        let got = words(&l);
        assert_eq!(
            got,
            "Dear Ms. , the permit fee for 12 Oak St. is due. Call ."
        );
        assert!(!got.contains("Lathrop") && !got.contains("555"));
        let _ = text;
    }

    #[test]
    fn long_text_flows_onto_more_pages_and_long_words_are_cut() {
        let para = "word ".repeat(5000);
        let l = layout(&[Piece::Text(para.clone())]);
        assert!(l.page_count() > 5);
        assert_eq!(words(&l).split(' ').count(), 5000);
        let url = "x".repeat(400);
        let l = layout(&[Piece::Text(url.clone())]);
        assert_eq!(words(&l).replace(' ', ""), url);
    }

    #[test]
    fn a_box_is_never_narrower_than_its_label() {
        for value in ["a", "Al"] {
            let l = layout(&[Piece::Removed {
                width_of: value.into(),
                label: "Gov. Code §7927.700".into(),
            }]);
            let Item::Box { w, .. } = &l.pages[0][0][0] else {
                panic!("a box")
            };
            assert_eq!(
                fitting_label("Gov. Code §7927.700", *w).as_deref(),
                Some("Gov. Code §7927.700"),
                "the whole label, not its citation alone"
            );
        }
        // A label longer than a line: the box is a line wide, and shows the citation.
        let long = "Gov. Code §7927.700; Gov. Code §7928.300; Gov. Code §7923.600; Gov. Code §7927.705; Gov. Code §7929.000";
        let l = layout(&[Piece::Removed {
            width_of: "x".into(),
            label: long.into(),
        }]);
        assert_eq!(l.page_count(), 1);
        // A box drawn on a page: the largest print that fits.
        assert_eq!(
            label_for_box("Gov. Code §7927.700", 200.0, 20.0),
            Some(("Gov. Code §7927.700".into(), 6.0))
        );
        let (text, size) = label_for_box("Gov. Code §7927.700", 45.0, 20.0).unwrap();
        assert!(size < 6.0 || text == "§7927.700", "{text} {size}");
        assert_eq!(label_for_box("Gov. Code §7927.700", 3.0, 3.0), None);
    }
}
