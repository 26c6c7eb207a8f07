//! "Find personal info" measured where it counts: through a real export. The labelled set of
//! `crates/redact/tests/data/pii-eval.jsonl` (our own: Faker in 30 locales, look-alikes with
//! no personal information, hand-labelled Enron signature blocks) is ingested as a request's
//! records, every detector is applied to every record with the command line
//! (`redact --detect all --all-docs`), the release is approved by a second person and
//! exported, and poppler's `pdftotext` reads the release back.
//!
//! The same records are also exported without a redaction, to learn what the release can
//! print at all (DejaVu Sans has no CJK glyphs: such words never read, redacted or not). Each
//! passage's words (runs of letters and digits) are aligned in order with the words the
//! release reads for it. A labelled value **no longer reads** when none of its printable
//! words is read back: a partly redacted value (a street without its city) still reads.
//! **Collateral** is the share of passages without personal information in which a
//! printable word no longer reads.
//!
//! `cargo test --test pii_export -- --nocapture` prints the table;
//! `DISCLOSE_PII_SET=FILE` runs it on another set in the same format (the README beside ours).

mod common;

use common::Office;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A labelled value: its kind and character range.
struct Label {
    kind: String,
    start: usize,
    end: usize,
}

struct Passage {
    text: String,
    labels: Vec<Label>,
    /// No personal information, only look-alikes.
    nopii: bool,
}

fn passages(set: &str) -> Vec<Passage> {
    set.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("a JSON object a line");
            Passage {
                text: v["text"].as_str().expect("text").to_string(),
                labels: v["spans"]
                    .as_array()
                    .expect("spans")
                    .iter()
                    .map(|s| Label {
                        kind: s["kind"].as_str().expect("kind").to_string(),
                        start: s["start"].as_u64().expect("start") as usize,
                        end: s["end"].as_u64().expect("end") as usize,
                    })
                    .collect(),
                nopii: v["source"] == "nopii",
            }
        })
        .collect()
}

/// The runs of letters and digits of `chars[start..end]`, each with where it starts.
fn words(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_alphanumeric() {
            let s = i;
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            out.push((s, i));
        } else {
            i += 1;
        }
    }
    out
}

/// Which of `original`'s words the release reads, in order: the longest common subsequence
/// of the two word sequences (a redacted word is simply absent from the release, and the
/// words around it keep their order). Where the same word could be either of two, the one
/// outside the labelled values (`labelled[i]` false) is taken to be the one that reads: in
/// "by user hattingernatascha@kabsi.at at 07:26" with the address redacted, the "at" that
/// reads is the one before the time.
fn read_in_order(original: &[String], labelled: &[bool], release: &[String]) -> Vec<bool> {
    let (n, m) = (original.len(), release.len());
    let mut best = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            best[i][j] = if original[i] == release[j] {
                best[i + 1][j + 1] + 1
            } else {
                best[i + 1][j].max(best[i][j + 1])
            };
        }
    }
    let mut read = vec![false; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        let outside_later = || (i + 1..n).any(|k| !labelled[k] && original[k] == original[i]);
        if original[i] == release[j]
            && !(labelled[i] && best[i + 1][j] == best[i][j] && outside_later())
        {
            read[i] = true;
            i += 1;
            j += 1;
        } else if best[i + 1][j] >= best[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    read
}

fn word_list(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    words(&chars)
        .into_iter()
        .map(|(s, e)| chars[s..e].iter().collect())
        .collect()
}

/// The marker line before passage `i`: lowercase letters in brackets, so that no detector
/// takes it for a number or a name (a capitalised word after "Hi Sheri --" is one), and a
/// word no passage holds.
fn marker(i: usize) -> String {
    let mut tag = String::new();
    let mut n = i;
    for _ in 0..4 {
        tag.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    format!("[[xqjz{tag}]]")
}

/// Passages per record: a record of a few pages, like a memo or a form export.
const PER_RECORD: usize = 40;

#[derive(Default, Clone, Copy)]
struct Ratio {
    hit: usize,
    all: usize,
}

impl Ratio {
    fn add(&mut self, hit: bool) {
        self.all += 1;
        self.hit += usize::from(hit);
    }
    fn value(self) -> f64 {
        if self.all == 0 {
            return 1.0;
        }
        self.hit as f64 / self.all as f64
    }
}

/// What the issue asks of each kind through an export (kinds it names no target for: none).
fn target(kind: &str) -> Option<f64> {
    match kind {
        "person" | "address" => Some(0.85),
        "phone" | "iban" => Some(0.95),
        "email" | "ssn" | "ip" => Some(0.99),
        "card" => Some(0.98),
        "dl" => Some(0.80),
        _ => None,
    }
}

/// What our detectors achieved through an export on our set (1.00 for every kind but person
/// 0.99 and address 0.98), less 0.03: a ratchet, and at or above the target for every
/// kind it names one for.
fn floor(kind: &str) -> f64 {
    match kind {
        "email" | "ip" => 0.99,
        "card" => 0.98,
        "person" => 0.96,
        "address" => 0.95,
        _ => 0.97,
    }
}

/// The limit is 0.05; ours now 0.010 (4 of 400), plus 0.03.
const MAX_COLLATERAL: f64 = 0.04;

#[test]
fn personal_information_found_by_the_detectors_no_longer_reads_in_the_export() {
    let set = match std::env::var("DISCLOSE_PII_SET") {
        Ok(path) => std::fs::read_to_string(&path).expect("DISCLOSE_PII_SET names a readable file"),
        Err(_) => std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/redact/tests/data/pii-eval.jsonl"),
        )
        .unwrap(),
    };
    let passages = passages(&set);
    assert!(passages.len() > 100, "a set of {} passages", passages.len());

    let o = Office::new();
    o.add_user("olga", "officer");
    let root = o.dir.parent().unwrap().join("collection");
    std::fs::create_dir_all(&root).unwrap();
    for (n, chunk) in passages.chunks(PER_RECORD).enumerate() {
        let mut text = String::new();
        for (i, p) in chunk.iter().enumerate() {
            text.push_str(&marker(n * PER_RECORD + i));
            text.push_str("\n\n");
            text.push_str(p.text.trim_end());
            text.push_str("\n\n");
        }
        std::fs::write(root.join(format!("passages-{n:03}.txt")), text).unwrap();
    }
    // PRA-1: what a clerk does with "Find personal info" who trusts it: every detector,
    // applied. PRA-2: the same records released without a redaction.
    for reference in ["PRA-1", "PRA-2"] {
        o.request(reference);
        o.ok(&["ingest", reference, root.to_str().unwrap(), "--no-ocr"]);
    }
    let r = o.json(&[
        "redact",
        "PRA-1",
        "--detect",
        "all",
        "--all-docs",
        "--code",
        "7927.700",
    ]);
    assert!(r["redactions"].as_u64().unwrap() > 0, "{r}");
    let redacted = release_read_back(&o, "PRA-1", passages.len());
    let plain = release_read_back(&o, "PRA-2", passages.len());

    let mut recall: BTreeMap<String, Ratio> = BTreeMap::new();
    let mut unprintable: BTreeMap<String, usize> = BTreeMap::new();
    let mut collateral = Ratio::default();
    let mut over = Ratio::default();
    let mut leaks: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, p) in passages.iter().enumerate() {
        let chars: Vec<char> = p.text.chars().collect();
        let spans = words(&chars);
        let original: Vec<String> = spans
            .iter()
            .map(|&(s, e)| chars[s..e].iter().collect())
            .collect();
        let in_label = |w: usize| {
            let (s, e) = spans[w];
            p.labels.iter().any(|l| s < l.end && l.start < e)
        };
        let labelled: Vec<bool> = (0..original.len()).map(in_label).collect();
        let printable = read_in_order(&original, &labelled, &word_list(&plain[&i]));
        let read = read_in_order(&original, &labelled, &word_list(&redacted[&i]));
        let gone: Vec<usize> = (0..original.len())
            .filter(|&w| printable[w] && !read[w])
            .collect();
        if p.nopii {
            collateral.add(!gone.is_empty());
            if !gone.is_empty() {
                let missing: Vec<&str> = gone.iter().map(|&w| original[w].as_str()).collect();
                leaks
                    .entry("collateral".to_string())
                    .or_default()
                    .push(format!("{missing:?} in {:?}", p.text));
            }
        }
        // Words outside every label that no longer read: over-redaction in passages with
        // personal information too.
        for w in (0..original.len()).filter(|&w| printable[w] && !in_label(w)) {
            over.add(!read[w]);
        }
        for l in &p.labels {
            let mine: Vec<usize> = (0..original.len())
                .filter(|&w| printable[w] && spans[w].0 < l.end && l.start < spans[w].1)
                .collect();
            if mine.is_empty() {
                *unprintable.entry(l.kind.clone()).or_default() += 1;
                continue;
            }
            let reads = mine.iter().any(|&w| read[w]);
            recall.entry(l.kind.clone()).or_default().add(!reads);
            if reads {
                leaks
                    .entry(l.kind.clone())
                    .or_default()
                    .push(chars[l.start..l.end].iter().collect());
            }
        }
    }

    println!(
        "\n{} passages in {} records, exported and read back by pdftotext",
        passages.len(),
        passages.len().div_ceil(PER_RECORD)
    );
    println!(
        "{:<15} {:>18} {:>8} {:>8} {:>12}",
        "kind", "no longer reads", "target", "floor", "unprintable"
    );
    for (kind, r) in &recall {
        println!(
            "{kind:<15} {:>9.2} ({:>4}/{:<4}) {:>8} {:>8.2} {:>12}",
            r.value(),
            r.hit,
            r.all,
            target(kind).map_or("-".to_string(), |t| format!("{t:.2}")),
            floor(kind),
            unprintable.get(kind).copied().unwrap_or_default()
        );
    }
    println!(
        "collateral (no-PII passages not read back whole): {:.3} ({}/{}), limit {MAX_COLLATERAL}",
        collateral.value(),
        collateral.hit,
        collateral.all
    );
    println!(
        "words outside every labelled value that no longer read: {:.3} ({}/{})",
        over.value(),
        over.hit,
        over.all
    );
    if std::env::var_os("DISCLOSE_PII_LEAKS").is_some() {
        for (kind, values) in &leaks {
            for v in values {
                println!("still reads ({kind}): {v:?}");
            }
        }
    }
    if std::env::var_os("DISCLOSE_PII_SET").is_some() {
        return; // another set: the figures, not our floors
    }
    for (kind, r) in &recall {
        assert!(
            r.value() >= floor(kind),
            "{kind}: {:.3} of labelled values no longer read, below the floor {}",
            r.value(),
            floor(kind)
        );
    }
    assert!(
        collateral.value() <= MAX_COLLATERAL,
        "collateral {:.3}",
        collateral.value()
    );
}

/// Releases everything of `reference` not yet decided, has olga submit and ana approve, exports
/// and reads the release back: each passage's text, from its marker to the next one, with the
/// export's own print (the header, Bates numbers, page counts, the exemption cited) left out.
fn release_read_back(o: &Office, reference: &str, passages: usize) -> BTreeMap<usize, String> {
    o.ok(&["disposition", reference, "--undecided", "release"]);
    let submitted = o.as_user("olga", &["submit", reference]).output().unwrap();
    assert!(submitted.status.success(), "{submitted:?}");
    o.ok(&["approve", reference]);
    let out = o.dir.parent().unwrap().join(format!("release-{reference}"));
    let e = o.json(&["export", reference, "--out", out.to_str().unwrap()]);
    assert_eq!(
        e["records"].as_u64().unwrap() as usize,
        passages.div_ceil(PER_RECORD)
    );
    let read = std::process::Command::new("pdftotext")
        // The page's layout: the default reading order joins a line with the next where a
        // redaction's label (smaller type) sits in it.
        .args(["-layout", "-enc", "UTF-8"])
        .arg(out.join(format!("{reference}-release.pdf")))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(read.status.success());
    let release = String::from_utf8(read.stdout).unwrap();
    let mut read_back: BTreeMap<usize, String> = BTreeMap::new();
    let markers: HashMap<String, usize> = (0..passages).map(|i| (marker(i), i)).collect();
    let mut current = None;
    let header = format!("City of Example · {reference} ·");
    for line in release.lines() {
        let t = line.trim();
        if let Some(&i) = markers.get(t) {
            current = Some(i);
            read_back.entry(i).or_default();
            continue;
        }
        if t.starts_with(&format!("{reference}-")) || t.starts_with(&header) {
            continue;
        }
        if let Some(i) = current {
            let s = read_back.entry(i).or_default();
            s.push_str(&line.replace("Gov. Code §7927.700", " "));
            s.push('\n');
        }
    }
    let lost: Vec<usize> = (0..passages)
        .filter(|i| !read_back.contains_key(i))
        .collect();
    assert!(
        lost.is_empty(),
        "{reference}: the markers of passages {lost:?} do not read alone on a line: {:?}",
        lost.iter()
            .map(|&i| {
                let m = marker(i);
                release
                    .lines()
                    .find(|l| l.contains(&m[2..m.len() - 2]))
                    .unwrap_or("(nowhere)")
                    .to_string()
            })
            .collect::<Vec<_>>()
    );
    read_back
}
