//! Detectors of personal information: patterns with the checks that keep them honest (Luhn
//! for cards, SSN number rules, real IP addresses, phone numbers against libphonenumber's
//! metadata in `phone.rs`), dates of birth only in their context, street addresses (US and
//! international, across lines: see `address`), and people by the names the collection itself
//! gives (email headers) plus names from public name lists in their context (`names`).
//!
//! Precision and recall on the labelled set in `tests/labelled.rs` are in BENCHMARKS.md.

/// IBANs, routing and account numbers, sort codes, BICs.
mod bank;
/// Cards, dates of birth, passports, medical and case numbers, plates; the context helpers.
mod ids;
/// Driver's licences.
mod licence;
/// Phone numbers, national and international (libphonenumber's metadata).
mod phone;

use crate::{CharIndex, Span};
use regex::Regex;
use std::sync::LazyLock;

/// Street addresses, US and international, across lines.
mod address;
/// Names of people: public name lists with context rules.
mod names;

/// What a detector looks for (the model's closed set of detectors).
pub use model::DetectorKind as Kind;

fn re(s: &str) -> Regex {
    Regex::new(s).expect("detector patterns compile")
}

/// The characters of an address's local part (letters of any script, and the usual signs).
const LOCAL: &str = r"[\p{L}\p{N}._%+'&=!#$*/?^`{|}~-]";
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i){LOCAL}+@[\p{{L}}\p{{N}}](?:[\p{{L}}\p{{N}}-]*[\p{{L}}\p{{N}}])?(?:\.[\p{{L}}\p{{N}}](?:[\p{{L}}\p{{N}}-]*[\p{{L}}\p{{N}}])?)*\.\p{{L}}{{2,}}\b"
    ))
});
static SSN: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(\d{3})\s?[-–. ]\s?(\d{2})\s?[-–. ]\s?(\d{4})\b"));
/// Nine digits in a row, only after words that say they are a social security number
/// ("SSN", "SS#", "SSN#", "social security no.", "Soc. Sec.").
static SSN_BARE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:\b(?:SS#|SSN#|(?:SSN|social security(?: number| no)?|soc\. ?sec)\b))[^\d\n]{0,20}\b(?P<n>(\d{3})(\d{2})(\d{4}))\b",
    )
});
static IPV4: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:0*(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}0*(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b")
});
static IPV6: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:%\w+)?"));
/// Values the detectors look for: the names of people the collection knows (from its
/// messages' headers), matched wherever they occur, in any case. Built once per run.
#[derive(Debug, Clone, Default)]
pub struct Known {
    finders: Vec<crate::Finder>,
}

impl Known {
    /// Finders for these names, a few hundred names each (a bound on each program's size).
    pub fn people(names: &[String]) -> Result<Known, crate::Invalid> {
        let names: Vec<String> = names
            .iter()
            .filter(|n| !n.trim().is_empty())
            .cloned()
            .collect();
        let mut finders = vec![];
        for chunk in names.chunks(300) {
            finders.push(crate::Finder::terms(chunk, true)?);
        }
        Ok(Known { finders })
    }
}

/// The length (bytes) of the port after an IPv4 address (":8443", 1 to 65535), or 0.
fn port_len(after: &str) -> usize {
    let Some(rest) = after.strip_prefix(':') else {
        return 0;
    };
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    let next = rest[n..].chars().next();
    let port_ok = (1..=5).contains(&n)
        && rest[..n]
            .parse::<u32>()
            .is_ok_and(|p| (1..=65535).contains(&p));
    // Not a time or another colon-joined run ("1.2.3.4:10:30").
    if port_ok && !next.is_some_and(|c| c == ':' || c.is_alphanumeric()) {
        1 + n
    } else {
        0
    }
}

fn ssn_valid(area: &str, group: &str, serial: &str) -> bool {
    let a: u32 = area.parse().unwrap_or(0);
    a != 0 && a != 666 && a < 900 && group != "00" && serial != "0000"
}

/// Adds a module's findings of kind `k` (start, end, score) while there is room for them
/// (more than `limit` findings in all stops the search).
fn push_all(
    found: &mut Vec<(Kind, usize, usize, f32)>,
    k: Kind,
    limit: usize,
    spans: Vec<(usize, usize, f32)>,
) {
    for (start, end, score) in spans {
        if found.len() > limit {
            break;
        }
        found.push((k, start, end, score));
    }
}

/// Social security numbers: 3-2-4 digits with any separator, or nine digits after an SSN
/// word, whose area, group and serial can be issued.
fn find_ssn(text: &str, limit: usize) -> Vec<(usize, usize, f32)> {
    let mut out = vec![];
    for c in SSN.captures_iter(text) {
        if out.len() > limit {
            break;
        }
        let m = c.get(0).expect("match");
        if ssn_valid(&c[1], &c[2], &c[3]) {
            out.push((m.start(), m.end(), 0.85))
        }
    }
    for c in SSN_BARE.captures_iter(text) {
        if out.len() > limit {
            break;
        }
        let n = c.name("n").expect("number");
        if ssn_valid(&c[2], &c[3], &c[4]) {
            out.push((n.start(), n.end(), 0.95))
        }
    }
    out
}

/// The kinds whose values are looked for in spreadsheet columns.
const COLUMN_KINDS: [Kind; 8] = [
    Kind::Dob,
    Kind::Phone,
    Kind::Ssn,
    Kind::Card,
    Kind::Dl,
    Kind::MedicalRecord,
    Kind::Plate,
    Kind::Passport,
];

/// A detector run on a text with a limit: (start, end, score).
type DetectFn = fn(&str, usize) -> Vec<(usize, usize, f32)>;

/// Findings in spreadsheet rows whose only context is their column's header ("dob",
/// "phone", "SSN", "card", "DL", "MRN", "plate", "passport", in many languages): the kind's
/// own detector is run on each cell behind its context word (see `ids::in_columns`).
fn columns(
    text: &str,
    cells: &[(ids::Column, usize, usize)],
    k: Kind,
    limit: usize,
) -> Vec<(usize, usize, f32)> {
    use ids::Column as C;
    let (col, prefix, find): (C, &str, DetectFn) = match k {
        Kind::Dob => (C::Dob, "DOB ", ids::find_dob),
        Kind::Phone => (C::Phone, "Tel. ", phone::find),
        Kind::Ssn => (C::Ssn, "SSN ", find_ssn),
        Kind::Card => (C::Card, "", ids::find_cards),
        Kind::Dl => (C::Dl, "DL ", licence::find),
        Kind::MedicalRecord => (C::Medical, "MRN ", ids::find_medical),
        Kind::Plate => (C::Plate, "plate ", ids::find_plate),
        Kind::Passport => (C::Passport, "passport ", ids::find_passport),
        _ => return vec![],
    };
    if !cells.iter().any(|c| c.0 == col) {
        return vec![];
    }
    ids::in_columns(text, cells, col, prefix, limit, find)
}

/// A value a detector found: its kind, where it is, and how sure the detector is (0–1: a
/// checksum or a context word makes it surer than a shape alone).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finding {
    pub kind: Kind,
    pub span: Span,
    pub score: f32,
}

/// Everything the chosen detectors find in `text`: (kind, span), in text order; where two
/// findings overlap the longer stays.
pub fn detect(text: &str, kinds: &[Kind], known: &Known) -> Vec<(Kind, Span)> {
    detect_at_most(text, kinds, known, usize::MAX)
        .unwrap_or_default()
        .into_iter()
        .map(|f| (f.kind, f.span))
        .collect()
}

/// [`detect`], stopping as soon as the detectors have found more than `limit` values (counted
/// before overlapping findings are joined): a text of millions of digits is refused after
/// `limit` of them, not after it has been read to the end.
pub fn detect_at_most(
    text: &str,
    kinds: &[Kind],
    known: &Known,
    limit: usize,
) -> Result<Vec<Finding>, crate::TooMany> {
    let mut found: Vec<(Kind, usize, usize, f32)> = vec![];
    // Whether finding must stop (more than `limit` found).
    let full = |found: &Vec<(Kind, usize, usize, f32)>| found.len() > limit;
    // The cells of spreadsheet rows under their headers, found once for every kind.
    let mut tables: Option<Vec<(ids::Column, usize, usize)>> = None;
    for &k in kinds {
        if full(&found) {
            break;
        }
        if COLUMN_KINDS.contains(&k) {
            let cells = tables.get_or_insert_with(|| ids::column_cells(text));
            push_all(&mut found, k, limit, columns(text, cells, k, limit));
        }
        match k {
            Kind::Email => {
                for m in EMAIL.find_iter(text) {
                    if full(&found) {
                        break;
                    }
                    found.push((k, m.start(), m.end(), 0.95));
                }
            }
            Kind::Phone => {
                // Not in a column whose header names another kind of number (case, permit).
                let other: Vec<(usize, usize)> = tables
                    .iter()
                    .flatten()
                    .filter(|c| c.0 == ids::Column::Other)
                    .map(|c| (c.1, c.2))
                    .collect();
                let mut o = 0;
                for (a, b, score) in phone::find(text, limit) {
                    if full(&found) {
                        break;
                    }
                    while o < other.len() && other[o].1 <= a {
                        o += 1;
                    }
                    if other.get(o).is_some_and(|c| c.0 <= a) {
                        continue;
                    }
                    found.push((k, a, b, score));
                }
            }
            Kind::Ssn => push_all(&mut found, k, limit, find_ssn(text, limit)),
            Kind::Ip => {
                for m in IPV4.find_iter(text) {
                    if full(&found) {
                        break;
                    }
                    // Not a version or section number inside a longer dotted run.
                    let before = text[..m.start()].chars().next_back();
                    let after = text[m.end()..].chars().next();
                    let dotted_before = before.is_some_and(|c| c == '.' || c.is_ascii_digit());
                    let dotted_after = after == Some('.')
                        && text[m.end() + 1..].starts_with(|c: char| c.is_ascii_digit());
                    if !dotted_before && !dotted_after {
                        found.push((k, m.start(), m.end() + port_len(&text[m.end()..]), 0.9))
                    }
                }
                for m in IPV6.find_iter(text) {
                    if full(&found) {
                        break;
                    }
                    let s = m.as_str().split('%').next().unwrap_or("");
                    if s.matches(':').count() >= 2
                        && s.parse::<std::net::Ipv6Addr>().is_ok()
                        && s.chars().any(|c| c.is_ascii_hexdigit())
                    {
                        found.push((k, m.start(), m.end(), 0.9))
                    }
                }
            }
            Kind::Card => push_all(&mut found, k, limit, ids::find_cards(text, limit)),
            Kind::Dl => push_all(&mut found, k, limit, licence::find(text, limit)),
            Kind::Dob => push_all(&mut found, k, limit, ids::find_dob(text, limit)),
            Kind::Iban => push_all(&mut found, k, limit, bank::find_iban(text, limit)),
            Kind::BankAccount => push_all(&mut found, k, limit, bank::find_account(text, limit)),
            Kind::Passport => push_all(&mut found, k, limit, ids::find_passport(text, limit)),
            Kind::MedicalRecord => push_all(&mut found, k, limit, ids::find_medical(text, limit)),
            Kind::Plate => push_all(&mut found, k, limit, ids::find_plate(text, limit)),
            Kind::Address => {
                for (start, end, score) in address::find(text, limit) {
                    if full(&found) {
                        break;
                    }
                    found.push((k, start, end, score))
                }
            }
            Kind::Person => {
                for (start, end, score) in names::find(text, limit) {
                    if full(&found) {
                        break;
                    }
                    found.push((k, start, end, score))
                }
                for f in &known.finders {
                    for m in f.re.find_iter(text) {
                        if full(&found) {
                            break;
                        }
                        found.push((k, m.start(), m.end(), 0.9))
                    }
                }
            }
        }
    }
    if full(&found) {
        return Err(crate::TooMany);
    }
    // Longest first where they overlap, then in text order; a joined finding keeps the
    // kind of the longest and the surest score of any.
    found.sort_by_key(|&(_, a, b, _)| (a, std::cmp::Reverse(b)));
    let mut kept: Vec<(Kind, usize, usize, f32)> = vec![];
    for f in found {
        match kept.last_mut() {
            Some(last) if f.1 < last.2 => {
                last.2 = last.2.max(f.2);
                last.3 = last.3.max(f.3);
            }
            _ => kept.push(f),
        }
    }
    let mut chars = CharIndex::new(text);
    Ok(kept
        .into_iter()
        .map(|(kind, a, b, score)| Finding {
            kind,
            span: Span {
                start: chars.at(a),
                end: chars.at(b),
            },
            score,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_carry_how_sure_the_detector_was() {
        let text = "SSN: 123456789, and elsewhere 123-45-6789.";
        let f = detect_at_most(text, &[Kind::Ssn], &Known::default(), 10).unwrap();
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|f| f.score > 0.0 && f.score <= 1.0), "{f:?}");
        assert!(
            f[0].score > f[1].score,
            "nine digits after \"SSN\" are surer than a bare dashed shape: {f:?}"
        );
    }

    fn found(text: &str, k: Kind) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        detect(text, &[k], &Known::default())
            .into_iter()
            .map(|(_, s)| chars[s.start..s.end].iter().collect())
            .collect()
    }

    #[test]
    fn each_detector_on_its_own_values_and_distractors() {
        assert_eq!(
            found(
                "Mail jdoe@city.gov or Ana.Ruiz+pra@mail.example.org.",
                Kind::Email
            ),
            vec!["jdoe@city.gov", "Ana.Ruiz+pra@mail.example.org"]
        );
        assert_eq!(
            found(
                "(916) 555-0142, 916-555-0143, 916.555.0144, +1 916 555 0145, 555-0146; case 2025-0001234; 2025-01-31",
                Kind::Phone
            ),
            vec![
                "(916) 555-0142",
                "916-555-0143",
                "916.555.0144",
                "+1 916 555 0145",
                "555-0146"
            ]
        );
        assert_eq!(
            found(
                "SSN 123-45-6789; not 000-12-3456 or 666-12-3456 or 123-00-4567",
                Kind::Ssn
            ),
            vec!["123-45-6789"]
        );
        assert_eq!(
            found(
                "from 203.0.113.9 and 2001:db8::1; version 1.2.3.4.5; 10:30",
                Kind::Ip
            ),
            vec!["203.0.113.9", "2001:db8::1"]
        );
        assert_eq!(
            found(
                "card 4111 1111 1111 1111; not 4111 1111 1111 1112",
                Kind::Card
            ),
            vec!["4111 1111 1111 1111"]
        );
        assert_eq!(
            found("DL B1234567 issued; employee E1234567", Kind::Dl),
            vec!["B1234567"]
        );
        assert_eq!(
            found("driver's license number is C7654321.", Kind::Dl),
            vec!["C7654321"]
        );
        assert_eq!(
            found(
                "DOB: 04/12/1985. Meeting on 04/12/2025. Born on March 3, 1971",
                Kind::Dob
            ),
            vec!["04/12/1985", "March 3, 1971"]
        );
        assert_eq!(
            found(
                "lives at 1234 N. Main St., Apt 5 and 77 Olive Avenue",
                Kind::Address
            ),
            vec!["1234 N. Main St., Apt 5", "77 Olive Avenue"]
        );
        assert_eq!(
            found(
                "Ask Maria Lopez or Mr. Haddad about Washington Street on Maria Monday",
                Kind::Person
            ),
            vec!["Maria Lopez", "Mr. Haddad"]
        );
    }

    #[test]
    fn the_spellings_reviewers_found_missing() {
        assert_eq!(
            found(
                "SSN: 123456789, 234.56.7890, 345 - 67 - 8901; ref 123456789",
                Kind::Ssn
            ),
            vec!["123456789", "234.56.7890", "345 - 67 - 8901"]
        );
        assert_eq!(
            found("host 192.168.001.010 up", Kind::Ip),
            vec!["192.168.001.010"]
        );
        assert_eq!(
            found(
                "Suite 101 916-555-0142; Room 201 (916) 555-0143; (916)-555-0144; 9165550145; 916–555–0146",
                Kind::Phone
            ),
            vec![
                "916-555-0142",
                "(916) 555-0143",
                "(916)-555-0144",
                "9165550145",
                "916–555–0146"
            ]
        );
        assert_eq!(
            found(
                "_jdoe@city.gov, José.Muñoz@city.gov, dan.o'brien@city.gov",
                Kind::Email
            ),
            vec![
                "_jdoe@city.gov",
                "José.Muñoz@city.gov",
                "dan.o'brien@city.gov"
            ]
        );
        assert_eq!(
            found("Ask Maria Muñoz or Mr. Núñez", Kind::Person),
            vec!["Maria Muñoz", "Mr. Núñez"]
        );
    }

    #[test]
    fn names_the_collection_knows_are_found_in_any_case() {
        let known = Known::people(&["Keanu Ramirez-Oduya".into()]).unwrap();
        let t = "KEANU RAMIREZ-ODUYA called.";
        let got = detect(t, &[Kind::Person], &known);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, Span { start: 0, end: 19 });
    }
}
