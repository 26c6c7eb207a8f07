//! A property test over random redactions: random text (words, spaces, tabs, line breaks,
//! non-ASCII letters), random spans removed (cutting words anywhere), typeset and written as
//! a PDF, read back with poppler's pdftotext. No removed piece may be readable more often
//! than the kept text has it, and every kept word must be readable; our own reader (the one
//! export runs on every copy) must read the same words as poppler.

use export::pdf::{Canvas, Info, Writer};
use export::typeset::{self, Piece};

/// A small deterministic generator (xorshift), so a failure can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const LETTERS: &[char] = &[
    'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'k', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'é',
    'ñ', 'ß', '7', '3',
];

fn text(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..(20 + rng.below(400)) {
        let len = 1 + rng.below(14);
        for _ in 0..len {
            s.push(LETTERS[rng.below(LETTERS.len())]);
        }
        s.push(match rng.below(12) {
            0 => '\n',
            1 => '\t',
            2 => ',',
            _ => ' ',
        });
    }
    s
}

fn normalise(s: &str) -> String {
    let mut out = String::from(" ");
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.push(' ');
    out
}

fn count(hay: &str, needle: &str) -> usize {
    if needle.is_empty() {
        return 0;
    }
    hay.match_indices(needle).count()
}

#[test]
fn no_removed_piece_is_readable_and_every_kept_word_is() {
    let dir = tempfile::tempdir().unwrap();
    for seed in 1..=40u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let t: Vec<char> = text(&mut rng).chars().collect();
        // Random non-overlapping spans, in order.
        let mut cuts: Vec<usize> = (0..rng.below(12) * 2)
            .map(|_| rng.below(t.len() + 1))
            .collect();
        cuts.sort();
        cuts.dedup();
        let mut pieces = vec![];
        let mut kept = String::new();
        let mut removed = vec![];
        let mut at = 0;
        for pair in cuts.chunks(2) {
            let [a, b] = pair else { break };
            if a > &at {
                let k: String = t[at..*a].iter().collect();
                kept.push_str(&k);
                pieces.push(Piece::Text(k));
            }
            kept.push(' ');
            let r: String = t[*a..*b].iter().collect();
            removed.push(r.clone());
            pieces.push(Piece::Removed {
                width_of: r,
                label: "Gov. Code §7927.700".into(),
            });
            at = *b;
        }
        let k: String = t[at..].iter().collect();
        kept.push_str(&k);
        pieces.push(Piece::Text(k));

        let layout = typeset::layout(&pieces);
        let path = dir.path().join(format!("{seed}.pdf"));
        let mut w = Writer::new(std::fs::File::create(&path).unwrap()).unwrap();
        for i in 0..layout.page_count() {
            let mut c = Canvas::new(typeset::PAGE_W, typeset::PAGE_H);
            layout.draw(i, &mut c);
            w.page(&c.finish()).unwrap();
        }
        w.finish(&Info {
            title: "t".into(),
            subject: "s".into(),
            date: (2026, 11, 29, 0, 0, 0),
        })
        .unwrap();
        let poppler = export::check::pdf_text(&path, None).unwrap();
        // Our own reader (used on every copy during export) reads what poppler reads.
        let own = export::check::read_own(&std::fs::read(&path).unwrap()).unwrap();
        assert!(
            export::check::agree(&poppler, &own, 0.0),
            "seed {seed}: our reader and poppler disagree"
        );
        let got = normalise(&poppler);
        let allowed = normalise(&format!("{kept} gov code §7927.700 §7927.700"));
        for r in &removed {
            for piece in normalise(r).split(' ').filter(|p| p.chars().count() >= 3) {
                assert!(
                    count(&got, piece) <= count(&allowed, piece),
                    "seed {seed}: removed {piece:?} is readable"
                );
            }
        }
        for word in normalise(&kept).split(' ').filter(|w| !w.is_empty()) {
            assert!(got.contains(word), "seed {seed}: kept {word:?} is missing");
        }
    }
}
