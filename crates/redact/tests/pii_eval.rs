//! The detectors of personal information on our own labelled evaluation set
//! (`tests/data/pii-eval.jsonl`, made by `scripts/pii-evalset.py`; `tests/data/README.md`
//! says how): about 1,500 city-record passages in many locales with labelled values, 400
//! with none but look-alikes, and real signature blocks from the Enron mailboxes.
//!
//! Figures, per kind of labelled value:
//! - recall: the share of labelled values wholly covered by findings of ANY kind (every
//!   letter and digit of the value is inside a finding: the value no longer reads in an
//!   export), and "same": covered by findings of its own kind alone;
//! - precision: the share of one detector's findings (run on its own) that overlap a labelled
//!   value of any kind;
//! - collateral: the share of passages without personal information that get any finding;
//! - recall by locale group for person, phone and address.
//!
//! `cargo test -p redact --test pii_eval -- --nocapture` prints the table. The floors below
//! are what the detectors achieved when the set was made, less a small margin: a ratchet,
//! raised as detectors improve, so that a regression fails.

mod common;

use common::covered;
use redact::detect::{Kind, Known, detect};
use std::collections::BTreeMap;

const SET: &str = include_str!("data/pii-eval.jsonl");

/// A labelled value: its kind and character range.
struct Label {
    kind: Kind,
    start: usize,
    end: usize,
}

struct Row {
    text: String,
    labels: Vec<Label>,
    locale: String,
    /// "faker", "nopii" or "enron".
    source: String,
}

fn rows() -> Vec<Row> {
    common::passages(SET)
        .into_iter()
        .map(|p| Row {
            labels: p
                .labels
                .iter()
                .map(|(kind, start, end)| Label {
                    kind: Kind::parse(kind).expect("a known kind"),
                    start: *start,
                    end: *end,
                })
                .collect(),
            source: p.source.clone().unwrap_or_else(|| "faker".to_string()),
            text: p.text,
            locale: p.locale,
        })
        .collect()
}

/// The locale group a row's recall is reported in (Enron rows apart: real text).
fn group(row: &Row) -> &'static str {
    if row.source == "enron" {
        return "enron";
    }
    match row.locale.as_str() {
        "en_US" => "en-US",
        l if l.starts_with("en_") => "en-other",
        l if l.starts_with("de_") || ["nl_NL", "sv_SE", "da_DK", "fi_FI"].contains(&l) => {
            "germanic+nordic"
        }
        l if ["fr_", "es_", "it_", "pt_"]
            .iter()
            .any(|p| l.starts_with(p)) =>
        {
            "romance"
        }
        "pl_PL" | "cs_CZ" | "tr_TR" => "pl/cs/tr",
        _ => "ja/zh/vi",
    }
}

const GROUPS: &[&str] = &[
    "en-US",
    "en-other",
    "germanic+nordic",
    "romance",
    "pl/cs/tr",
    "ja/zh/vi",
    "enron",
];

/// Hits over a total.
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
    fn value(self) -> Option<f64> {
        (self.all > 0).then(|| self.hit as f64 / self.all as f64)
    }
    fn show(self) -> String {
        match self.value() {
            Some(v) => format!("{v:.2} ({}/{})", self.hit, self.all),
            None => "-".to_string(),
        }
    }
}

/// Every figure of the table.
struct Figures {
    recall_any: BTreeMap<Kind, Ratio>,
    recall_same: BTreeMap<Kind, Ratio>,
    precision: BTreeMap<Kind, Ratio>,
    collateral: Ratio,
    by_group: BTreeMap<(Kind, &'static str), Ratio>,
}

fn measure(rows: &[Row]) -> Figures {
    let mut f = Figures {
        recall_any: BTreeMap::new(),
        recall_same: BTreeMap::new(),
        precision: BTreeMap::new(),
        collateral: Ratio::default(),
        by_group: BTreeMap::new(),
    };
    let known = Known::default();
    for row in rows {
        let chars: Vec<char> = row.text.chars().collect();
        let all: Vec<(usize, usize)> = detect(&row.text, Kind::ALL, &known)
            .into_iter()
            .map(|(_, s)| (s.start, s.end))
            .collect();
        if row.source == "nopii" {
            f.collateral.add(!all.is_empty());
        }
        for l in &row.labels {
            let hit = covered(&chars, l.start, l.end, &all);
            f.recall_any.entry(l.kind).or_default().add(hit);
            f.by_group.entry((l.kind, group(row))).or_default().add(hit);
        }
        for &k in Kind::ALL {
            let own: Vec<(usize, usize)> = detect(&row.text, &[k], &known)
                .into_iter()
                .map(|(_, s)| (s.start, s.end))
                .collect();
            for l in row.labels.iter().filter(|l| l.kind == k) {
                let hit = covered(&chars, l.start, l.end, &own);
                f.recall_same.entry(k).or_default().add(hit);
            }
            for &(a, b) in &own {
                let overlaps = row.labels.iter().any(|l| a < l.end && l.start < b);
                f.precision.entry(k).or_default().add(overlaps);
            }
        }
    }
    f
}

fn print(f: &Figures) {
    println!(
        "\n{:<15} {:>18} {:>18} {:>18}",
        "kind", "recall (any kind)", "recall (same)", "precision"
    );
    for &k in Kind::ALL {
        let get = |m: &BTreeMap<Kind, Ratio>| m.get(&k).copied().unwrap_or_default().show();
        println!(
            "{:<15} {:>18} {:>18} {:>18}",
            k.as_str(),
            get(&f.recall_any),
            get(&f.recall_same),
            get(&f.precision)
        );
    }
    println!(
        "collateral (no-PII passages with any finding): {}",
        f.collateral.show()
    );
    println!("\nrecall (any kind) by locale group");
    print!("{:<10}", "kind");
    for g in GROUPS {
        print!(" {g:>17}");
    }
    println!();
    for k in [Kind::Person, Kind::Phone, Kind::Address] {
        print!("{:<10}", k.as_str());
        for &g in GROUPS {
            let r = f.by_group.get(&(k, g)).copied().unwrap_or_default();
            print!(" {:>17}", r.show());
        }
        println!();
    }
}

/// Recall (any kind) floors: what the detectors found after the second round of issue 21
/// (shown after each), less 0.03 — a ratchet. Every floor is at or above the target
/// for its kind (person and address 0.85, phone and IBAN 0.95, card 0.98 — the card floor is
/// the target itself —, email, SSN and IP 0.99 where the set allows, licence 0.80). These
/// detectors were tuned on this set: the held-out figures in BENCHMARKS.md are the honest ones.
const RECALL_FLOORS: &[(Kind, f64)] = &[
    (Kind::Email, 0.99),         // 1.00
    (Kind::Phone, 0.97),         // 1.00 (867/869)
    (Kind::Ssn, 0.97),           // 1.00
    (Kind::Ip, 0.99),            // 1.00
    (Kind::Card, 0.98),          // 1.00
    (Kind::Dl, 0.97),            // 1.00
    (Kind::Dob, 0.97),           // 1.00
    (Kind::Address, 0.95),       // 0.98
    (Kind::Person, 0.96),        // 0.99
    (Kind::Iban, 0.97),          // 1.00
    (Kind::BankAccount, 0.97),   // 1.00
    (Kind::Passport, 0.97),      // 1.00
    (Kind::MedicalRecord, 0.97), // 1.00
    (Kind::Plate, 0.97),         // 1.00
];

/// Precision floors, the same way (every kind 1.00 when raised).
const PRECISION_FLOORS: &[(Kind, f64)] = &[
    (Kind::Email, 0.97),
    (Kind::Phone, 0.97),
    (Kind::Ssn, 0.97),
    (Kind::Ip, 0.97),
    (Kind::Card, 0.97),
    (Kind::Dl, 0.97),
    (Kind::Dob, 0.97),
    (Kind::Address, 0.97),
    (Kind::Person, 0.97),
    (Kind::Iban, 0.97),
    (Kind::BankAccount, 0.97),
    (Kind::Passport, 0.97),
    (Kind::MedicalRecord, 0.97),
    (Kind::Plate, 0.97),
];

/// The most collateral allowed: what the detectors do now (0.01, 4 of 400) plus 0.03, under
/// the limit of 0.05.
const COLLATERAL_CEILING: f64 = 0.04;

#[test]
fn detectors_on_the_labelled_set() {
    let rows = rows();
    let f = measure(&rows);
    print(&f);
    let mut failures = vec![];
    for &(k, floor) in RECALL_FLOORS {
        let got = f.recall_any.get(&k).and_then(|r| r.value()).unwrap_or(0.0);
        if got < floor {
            failures.push(format!("{k} recall {got:.3} < floor {floor}"));
        }
    }
    for &(k, floor) in PRECISION_FLOORS {
        let got = f.precision.get(&k).and_then(|r| r.value()).unwrap_or(0.0);
        if got < floor {
            failures.push(format!("{k} precision {got:.3} < floor {floor}"));
        }
    }
    let collateral = f.collateral.value().unwrap_or(0.0);
    if collateral > COLLATERAL_CEILING {
        failures.push(format!(
            "collateral {collateral:.3} > ceiling {COLLATERAL_CEILING}"
        ));
    }
    assert!(failures.is_empty(), "regressions: {failures:#?}");
}

/// The set keeps the properties it was made for, and its labels are where they say.
#[test]
fn the_set_has_what_it_is_for() {
    let rows = rows();
    let text = |r: &Row, l: &Label| -> String {
        r.text.chars().skip(l.start).take(l.end - l.start).collect()
    };
    for r in &rows {
        let n = r.text.chars().count();
        let mut labels: Vec<&Label> = r.labels.iter().collect();
        labels.sort_by_key(|l| l.start);
        for (i, l) in labels.iter().enumerate() {
            assert!(
                l.start < l.end && l.end <= n,
                "label out of its text: {}",
                r.text
            );
            let value = text(r, l);
            assert_eq!(
                value.trim(),
                value,
                "a label with space around it: {value:?}"
            );
            if let Some(next) = labels.get(i + 1) {
                assert!(l.end <= next.start, "overlapping labels in {:?}", r.text);
            }
        }
    }
    let has = |pred: &dyn Fn(&Row, &Label) -> bool| {
        rows.iter().any(|r| r.labels.iter().any(|l| pred(r, l)))
    };
    assert!(
        has(&|r, l| l.kind == Kind::Address && text(r, l).contains('\n')),
        "a multi-line address"
    );
    assert!(
        has(&|r, l| {
            let v = text(r, l);
            l.kind == Kind::Person && v.contains(' ') && v == v.to_lowercase()
        }),
        "a lowercase name"
    );
    assert!(
        has(&|r, l| {
            let v = text(r, l);
            l.kind == Kind::Person && v.contains(' ') && v == v.to_uppercase()
        }),
        "an uppercase name"
    );
    assert!(
        has(&|r, l| l.kind == Kind::Person && text(r, l).contains(", ")),
        "a name written Last, First"
    );
    // Every kind is there in numbers, and so are look-alikes and real text.
    for &k in Kind::ALL {
        let n = rows
            .iter()
            .flat_map(|r| &r.labels)
            .filter(|l| l.kind == k)
            .count();
        assert!(n >= 40, "only {n} labelled values of {k}");
    }
    let nopii = rows.iter().filter(|r| r.source == "nopii").count();
    assert!(
        nopii >= 300,
        "{nopii} passages without personal information"
    );
    assert!(
        rows.iter()
            .filter(|r| r.source == "nopii")
            .all(|r| r.labels.is_empty())
    );
    let enron = rows.iter().filter(|r| r.source == "enron").count();
    assert!(enron >= 50, "{enron} real passages");
    let locales: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r.locale.as_str()).collect();
    assert!(locales.len() >= 20, "{} locales", locales.len());
}

#[test]
fn coverage_counts_letters_and_digits_only() {
    let chars: Vec<char> = "at 12 Main St, Springfield".chars().collect();
    // Two findings with ", " between them cover the whole address.
    assert!(covered(&chars, 3, 26, &[(3, 13), (15, 26)]));
    // A finding that misses the city does not.
    assert!(!covered(&chars, 3, 26, &[(3, 13)]));
}
