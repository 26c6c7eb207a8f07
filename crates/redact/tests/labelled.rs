//! Precision and recall of each detector on labelled text: city-record prose with every value
//! marked `[[kind|value]]`, and lists of well-formed values in their usual spellings among
//! look-alikes (case numbers, dates, versions, amounts, ZIP codes) that must not be taken.
//!
//! A found span counts for its kind when it covers the whole of a marked value of that kind
//! (recall) and overlaps one (precision). `cargo test -p redact --test labelled -- --nocapture`
//! prints the table that BENCHMARKS.md quotes.

use redact::detect::{Kind, Known, detect};
use std::collections::BTreeMap;

const PROSE: &str = r#"
From: [[person|Maria Lopez]] <[[email|mlopez@cityofsierra.gov]]>
To: Planning Desk <[[email|planning@cityofsierra.gov]]>
Subject: Permit 2025-0142 for [[address|1234 N. Main St., Apt 5]]

Hi [[person|Carl Ng]],

The applicant, [[person|Rosa Delgado]], lives at [[address|1234 N. Main St., Apt 5]] and can be reached
at [[phone|(916) 555-0142]] or on her cell [[phone|916-555-0199]]. Her DOB is [[dob|04/12/1985]] and her
driver's licence is [[dl|B1234567]]. Please do not copy her SSN ([[ssn|123-45-6789]]) into the file.
The fee of $1,250.00 was paid by card [[card|4111 1111 1111 1111]] on 04/12/2025 (receipt 2025-0001234).

Our server logged the upload from [[ip|203.0.113.9]]; the old one was [[ip|2001:db8::42]]. Version 10.2.1.4
of the portal is due on 2025-12-01 at 10:30. Case No. 24-CV-001234 is unrelated.

Regards,
[[person|Olga Petrova]]
Senior Planner | [[phone|916.555.0100]] | [[email|opetrova@cityofsierra.gov]]
2100 J Street is the city hall annex (a public building).

---
From: [[person|James Carter]] <[[email|jcarter@example.net]]>
I was born on [[dob|March 3, 1971]] and have lived at [[address|77 Olive Avenue]] for 20 years. Call me
at [[phone|+1 916 555 0177]] or [[phone|555-0188]]. My neighbor [[person|Mr. Haddad]] at
[[address|81 Olive Avenue]] agrees. Meeting on May 5, 2025 in Room 204, ZIP 95814.

---
Inspection report 2025-11-03. Inspector [[person|Linh Tran]] visited [[address|455 Cedar Road]] and spoke
with the owner, [[person|Priya Patel]] (DOB [[dob|1979-08-22]]), phone [[phone|1-916-555-0123]].
Parcel 001-234-567-000. Permit fee $412.50. Contact [[email|ptpatel79@mail.example]].
Refund to card [[card|5500-0000-0000-0004]]; old card 5500-0000-0000-0005 was declined.
[[person|Dr. Kim]] signed off. The work order is WO-2025-555-0142-B.

---
Log excerpt: 2025-11-02 09:00:00 [[ip|198.51.100.23]] GET /permits 200 512
2025-11-02 09:00:07 [[ip|198.51.100.24]] POST /apply 302 0
2025-11-02 09:01:00 [[ip|fe80::1ff:fe23:4567:890a]] GET /status 200 88
Build 2.0.0.1, schema 3.4.5.6.7, ratio 1.5:1, time 12:45:30.

---
Memo: [[person|Susan Wright]] at [[address|9 W. 3rd Street]] reported noise. [[person|Tomas Novak]] from
Public Works (office 2-110) will respond. Her landlord's number is [[phone|(530) 555-0155]].
Employee ID E1234567 is not a licence; unit B12 of Building 4.

---
Refund form: pay the deposit back to IBAN [[iban|DE89 3704 0044 0532 0130 00]] (BIC [[bank-account|COBADEFFXXX]]), or
by ACH: routing number [[bank-account|011000015]], checking account [[bank-account|000123456789]]. Budget
account 4410-200 covers it. Passport No. [[passport|C12345678]]; MRN [[medical-record|00123456]]; CPS case
[[medical-record|2024-0012345]]; Case No. 24-CV-001234 is the court's. Her car, license plate [[plate|7ABC123]],
was towed. Texas DL [[dl|12345678]], date of birth [[dob|3 March 1971]]. Invoice 2025-0142 is paid.
"#;

/// Well-formed values in their usual spellings (they must all be found) and look-alikes (none
/// may be).
fn lists() -> Vec<(Kind, Vec<String>, Vec<String>)> {
    let mut phones = vec![];
    for (a, b, c) in [
        ("916", "555", "0142"),
        ("530", "555", "0199"),
        ("415", "555", "2671"),
    ] {
        for f in [
            format!("({a}) {b}-{c}"),
            format!("({a}){b}-{c}"),
            format!("{a}-{b}-{c}"),
            format!("{a}.{b}.{c}"),
            format!("{a} {b} {c}"),
            format!("+1 {a} {b} {c}"),
            format!("1-{a}-{b}-{c}"),
            format!("+1 ({a}) {b}-{c}"),
            format!("{b}-{c}"),
        ] {
            phones.push(f);
        }
    }
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        (
            Kind::Email,
            v(&[
                "a@b.co",
                "jdoe@city.gov",
                "ana.ruiz+pra@mail.example.org",
                "O'Neil@x.io".trim_start_matches("O'"),
                "first_last@dept.ca.gov",
                "x-y@sub-domain.example.com",
                "UPPER@CASE.ORG",
            ]),
            v(&[
                "@handle",
                "name@",
                "a@b",
                "user at city dot gov",
                "file@2x.png-",
            ]),
        ),
        (
            Kind::Phone,
            phones,
            v(&[
                "2025-0142",
                "95814",
                "555-01423",
                "1234-5678",
                "12-555-0142-9",
                "v555-0142x",
            ]),
        ),
        (
            Kind::Ssn,
            v(&["123-45-6789", "234 56 7890", "078-05-1121", "899-99-9999"]),
            v(&[
                "000-12-3456",
                "666-12-3456",
                "900-12-3456",
                "123-00-4567",
                "123-45-0000",
                "2025-11-1234",
            ]),
        ),
        (
            Kind::Ip,
            v(&[
                "203.0.113.9",
                "10.0.0.1",
                "255.255.255.255",
                "192.168.1.100",
                "2001:db8::1",
                "::1",
                "fe80::1ff:fe23:4567:890a",
                "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            ]),
            v(&[
                "256.1.1.1",
                "1.2.3",
                "1.2.3.4.5",
                "10:30",
                "12:45:30",
                "v1.2.3.4.5",
            ]),
        ),
        (
            Kind::Card,
            v(&[
                "4111 1111 1111 1111",
                "4111-1111-1111-1111",
                "4111111111111111",
                "5500 0000 0000 0004",
                "3400 0000 0000 009",
                "6011 0000 0000 0004",
            ]),
            v(&[
                "4111 1111 1111 1112",
                "1234 5678 9012 3456",
                "2025 1103 0000 0001",
            ]),
        ),
    ]
}

fn parse(marked: &str) -> (String, Vec<(Kind, usize, usize)>) {
    let mut text = String::new();
    let mut gold = vec![];
    let mut rest = marked;
    while let Some(i) = rest.find("[[") {
        text.push_str(&rest[..i]);
        let j = rest[i..].find("]]").expect("closed mark") + i;
        let (kind, value) = rest[i + 2..j].split_once('|').expect("kind|value");
        let start = text.chars().count();
        text.push_str(value);
        gold.push((
            Kind::parse(kind).expect("kind"),
            start,
            text.chars().count(),
        ));
        rest = &rest[j + 2..];
    }
    text.push_str(rest);
    (text, gold)
}

#[derive(Default, Debug)]
struct Score {
    gold: usize,
    covered: usize,
    found: usize,
    right: usize,
}

#[test]
fn precision_and_recall_per_detector() {
    let mut scores: BTreeMap<Kind, Score> = BTreeMap::new();
    let score = |scores: &mut BTreeMap<Kind, Score>,
                 text: &str,
                 gold: &[(Kind, usize, usize)],
                 known: &Known| {
        let found = detect(text, Kind::ALL, known);
        for &k in Kind::ALL {
            let s = scores.entry(k).or_default();
            let g: Vec<_> = gold.iter().filter(|x| x.0 == k).collect();
            let f: Vec<_> = found.iter().filter(|x| x.0 == k).collect();
            s.gold += g.len();
            s.covered += g
                .iter()
                .filter(|x| f.iter().any(|y| y.1.start <= x.1 && y.1.end >= x.2))
                .count();
            s.found += f.len();
            s.right += f
                .iter()
                .filter(|y| g.iter().any(|x| y.1.start < x.2 && x.1 < y.1.end))
                .count();
        }
    };
    let (text, gold) = parse(PROSE);
    // The people the collection's own headers name.
    let known = Known::people(&["Maria Lopez".into(), "James Carter".into()]).unwrap();
    score(&mut scores, &text, &gold, &known);
    for (kind, good, bad) in lists() {
        for v in good {
            let t = format!("Value: {v}. Next line.");
            let start = "Value: ".chars().count();
            score(
                &mut scores,
                &t,
                &[(kind, start, start + v.chars().count())],
                &Known::default(),
            );
        }
        for v in bad {
            let t = format!("Value: {v}. Next line.");
            // Look-alikes: anything this kind's detector finds is wrong.
            let found = detect(&t, &[kind], &Known::default());
            let s = scores.entry(kind).or_default();
            s.found += found.len();
        }
    }
    println!("| detector | marked values | recall | found | precision |");
    println!("|---|---|---|---|---|");
    let mut recall = BTreeMap::new();
    for (k, s) in &scores {
        let r = s.covered as f64 / s.gold.max(1) as f64;
        let p = s.right as f64 / s.found.max(1) as f64;
        println!(
            "| {} | {} | {:.2} | {} | {:.2} |",
            k.as_str(),
            s.gold,
            r,
            s.found,
            p
        );
        recall.insert(*k, (r, p));
    }
    for k in [Kind::Email, Kind::Phone, Kind::Ssn, Kind::Ip] {
        assert!(
            recall[&k].0 >= 0.99,
            "{} recall {:?}",
            k.as_str(),
            recall[&k]
        );
    }
    assert!(
        recall[&Kind::Address].0 >= 0.9,
        "address recall {:?}",
        recall[&Kind::Address]
    );
    // Kinds this set marks no value of (IBANs, passports, …) are measured by `pii_eval.rs`.
    for &k in Kind::ALL.iter().filter(|k| scores[k].gold > 0) {
        assert!(
            recall[&k].0 >= 0.8,
            "{} recall {:?}",
            k.as_str(),
            recall[&k]
        );
        assert!(
            recall[&k].1 >= 0.8,
            "{} precision {:?}",
            k.as_str(),
            recall[&k]
        );
    }
}
