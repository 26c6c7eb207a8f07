//! Near-duplicate grouping measured on a labelled set made here (seeded): families of one
//! document as a light edit, a reformatted copy (page headers and footers, other line
//! breaks), a memo pasted into an email, a scan read by OCR (character errors), and form
//! letters that differ in name, address and amount; distractors that share a letterhead or a
//! heading with a family; unrelated documents. Scores: pairwise precision and recall.

use grouping::near_dup::{DEFAULT_THRESHOLD, Doc, near_duplicates};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// A vocabulary large enough that two unrelated texts share few three-word runs.
fn vocabulary() -> Vec<String> {
    let stems = [
        "permit",
        "zoning",
        "variance",
        "council",
        "budget",
        "hearing",
        "parcel",
        "appeal",
        "contract",
        "invoice",
        "schedule",
        "inspection",
        "drainage",
        "easement",
        "grant",
        "audit",
        "meeting",
        "draft",
        "review",
        "deadline",
        "approval",
        "tenant",
        "lease",
        "road",
        "bridge",
        "water",
        "sewer",
        "fire",
        "police",
        "library",
        "park",
        "transit",
        "housing",
        "traffic",
        "signal",
        "storm",
        "repair",
        "vendor",
        "bid",
        "award",
        "memo",
        "report",
        "minutes",
        "agenda",
        "the",
        "of",
        "and",
        "to",
        "for",
        "on",
        "with",
        "by",
        "city",
        "county",
        "staff",
        "public",
        "notice",
        "fee",
        "plan",
        "site",
        "owner",
        "district",
        "board",
        "street",
    ];
    let mut v = vec![];
    for a in stems {
        v.push(a.to_string());
        for suffix in ["s", "ed", "ing"] {
            v.push(format!("{a}{suffix}"));
        }
    }
    v
}

/// Sentences of city prose: common phrases ("of the city", "the planning department") recur
/// across unrelated documents, as they do in real ones.
fn words(r: &mut Rng, vocab: &[String], n: usize) -> Vec<String> {
    const OPENINGS: &[&str] = &[
        "the planning department",
        "the city council",
        "staff recommends that",
        "as discussed at the",
        "please note that the",
        "in accordance with the",
        "the public works department",
        "on behalf of the city",
    ];
    let mut out: Vec<String> = vec![];
    while out.len() < n {
        if r.chance(40) {
            let o = OPENINGS[r.below(OPENINGS.len() as u64) as usize];
            out.extend(o.split(' ').map(String::from));
        }
        for _ in 0..(4 + r.below(8)) {
            out.push(vocab[r.below(vocab.len() as u64) as usize].clone());
        }
        if r.chance(30) {
            out.extend("of the city".split(' ').map(String::from));
        }
    }
    out.truncate(n);
    out
}

/// The footer every city email carries.
const DISCLAIMER: &str = "This message and any attachments may contain confidential information \
    intended only for the addressee. If you received it in error please notify the sender and \
    delete it. Communications with the City may be subject to disclosure under the California \
    Public Records Act. Please consider the environment before printing this email.";

fn lines(words: &[String], width: usize) -> String {
    words
        .chunks(width)
        .map(|c| c.join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn ocr(r: &mut Rng, w: &[String]) -> Vec<String> {
    w.iter()
        .map(|x| {
            if r.chance(6) {
                x.replacen('l', "1", 1)
                    .replacen('o', "0", 1)
                    .replacen('m', "rn", 1)
            } else {
                x.clone()
            }
        })
        .collect()
}

/// (docs, family label per doc; distinct labels for singletons).
fn labelled(seed: u64, families: usize) -> (Vec<Doc>, Vec<u64>) {
    let vocab = vocabulary();
    let mut r = Rng(seed);
    let mut docs = vec![];
    let mut labels = vec![];
    fn push(docs: &mut Vec<Doc>, labels: &mut Vec<u64>, text: String, label: u64) {
        docs.push(Doc {
            id: docs.len() as u64 + 1,
            text,
        });
        labels.push(label);
    }
    let letterhead: Vec<String> = "City of Riverton Planning Department 100 Main Street Riverton CA 95000 Phone 555 0100 Fax 555 0101 Office of the Director"
        .split(' ')
        .map(String::from)
        .collect();
    for f in 0..families {
        let label = 1_000_000 + f as u64;
        let n = 120 + r.below(500) as usize;
        let base = words(&mut r, &vocab, n);
        let with_head = |w: &[String]| [letterhead.clone(), w.to_vec()].concat();
        // The original, with the letterhead.
        push(&mut docs, &mut labels, lines(&with_head(&base), 12), label);
        let variants = 1 + r.below(4);
        for _ in 0..variants {
            let text = match r.below(5) {
                // A light edit: some words changed, some added, some dropped.
                0 => {
                    let mut w = base.clone();
                    let edits = (w.len() / 20).max(1);
                    for _ in 0..edits {
                        let at = r.below(w.len() as u64) as usize;
                        match r.below(3) {
                            0 => w[at] = vocab[r.below(vocab.len() as u64) as usize].clone(),
                            1 => w.insert(at, vocab[r.below(vocab.len() as u64) as usize].clone()),
                            _ => {
                                w.remove(at);
                            }
                        }
                    }
                    lines(&with_head(&w), 12)
                }
                // Reformatted: other line breaks, page headers and footers.
                1 => {
                    let body = lines(&with_head(&base), 7);
                    let mut out = String::new();
                    for (i, page) in body.lines().collect::<Vec<_>>().chunks(20).enumerate() {
                        out.push_str(&format!(
                            "DRAFT - Page {} of 9\n{}\nConfidential\n",
                            i + 1,
                            page.join("\n")
                        ));
                    }
                    out
                }
                // Pasted into an email.
                2 => format!(
                    "From: Dana Reyes\nSent: Monday\nTo: Council\nSubject: memo\n\nPlease see the memo below.\n\n{}",
                    lines(&base, 15)
                ),
                // A scan read by OCR.
                3 => lines(&ocr(&mut r, &with_head(&base)), 10),
                // A form letter to someone else.
                _ => {
                    let mut w = base.clone();
                    for k in 0..8.min(w.len()) {
                        let at = (k * 13 + 5) % w.len();
                        w[at] = format!("name{}", r.below(100_000));
                    }
                    lines(&with_head(&w), 12)
                }
            };
            push(&mut docs, &mut labels, text, label);
        }
        // A distractor: the same letterhead and opening heading, another text.
        if r.chance(50) {
            let mut w = base[..base.len().min(10)].to_vec();
            let n = 150 + r.below(300) as usize;
            w.extend(words(&mut r, &vocab, n));
            let text = lines(&with_head(&w), 12);
            let l = docs.len() as u64 + 1;
            push(&mut docs, &mut labels, text, l);
        }
    }
    // Unrelated documents, and short emails that share only the city's footer.
    for _ in 0..families {
        let n = 100 + r.below(400) as usize;
        let text = lines(&words(&mut r, &vocab, n), 12);
        let l = docs.len() as u64 + 1;
        push(&mut docs, &mut labels, text, l);
        let n = 40 + r.below(60) as usize;
        let text = format!("{}\n\n{DISCLAIMER}", lines(&words(&mut r, &vocab, n), 12));
        let l = docs.len() as u64 + 1;
        push(&mut docs, &mut labels, text, l);
    }
    (docs, labels)
}

fn pairwise(docs: &[Doc], labels: &[u64], threshold: f64) -> (f64, f64) {
    let found = near_duplicates(docs, threshold);
    let mut group = vec![0u64; docs.len()];
    for (i, d) in docs.iter().enumerate() {
        group[i] = found
            .iter()
            .find(|n| n.id == d.id)
            .map(|n| n.group)
            .unwrap_or(u64::MAX - d.id);
    }
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for i in 0..docs.len() {
        for j in i + 1..docs.len() {
            match (labels[i] == labels[j], group[i] == group[j]) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                _ => {}
            }
        }
    }
    (
        tp as f64 / (tp + fp).max(1) as f64,
        tp as f64 / (tp + fn_).max(1) as f64,
    )
}

#[test]
fn near_duplicates_meet_their_targets_on_the_labelled_set() {
    for seed in [11, 12, 13] {
        let (docs, labels) = labelled(seed, 120);
        // The sweep the default was chosen from (BENCHMARKS.md), on the first set.
        let sweep: &[f64] = if seed == 11 {
            &[0.3, 0.4, 0.5, 0.6, 0.7]
        } else {
            &[]
        };
        for &t in sweep {
            let (p, r) = pairwise(&docs, &labels, t);
            println!(
                "seed {seed}, threshold {t}: {} docs, precision {p:.3}, recall {r:.3}",
                docs.len()
            );
        }
        let (p, r) = pairwise(&docs, &labels, DEFAULT_THRESHOLD);
        println!("seed {seed}, default {DEFAULT_THRESHOLD}: precision {p:.3}, recall {r:.3}");
        assert!(p >= 0.95, "seed {seed}: precision {p}");
        assert!(r >= 0.90, "seed {seed}: recall {r}");
    }
}

#[test]
fn a_group_has_its_pivot_and_each_member_its_similarity() {
    let vocab = vocabulary();
    let mut r = Rng(5);
    let base = words(&mut r, &vocab, 200);
    let mut edited = base.clone();
    edited[50] = "amended".into();
    let short = "Thanks, see you at the meeting.".to_string();
    let docs = vec![
        Doc {
            id: 1,
            text: lines(&base[..190], 10),
        },
        Doc {
            id: 2,
            text: lines(&base, 12),
        },
        Doc {
            id: 3,
            text: lines(&edited, 8),
        },
        Doc {
            id: 4,
            text: lines(&words(&mut r, &vocab, 200), 10),
        },
        Doc {
            id: 5,
            text: short.clone(),
        },
        Doc { id: 6, text: short },
    ];
    let found = near_duplicates(&docs, DEFAULT_THRESHOLD);
    let ids: Vec<(u64, u64)> = found.iter().map(|n| (n.id, n.group)).collect();
    // The longest text is the pivot; the unrelated one and the short notes are in no group.
    assert_eq!(ids, [(2, 2), (1, 2), (3, 2)]);
    assert_eq!(found[0].similarity, 1.0);
    assert!(
        found[1].similarity > 0.9 && found[2].similarity > 0.9,
        "{found:?}"
    );
}
