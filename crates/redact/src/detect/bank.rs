//! Bank identifiers. IBANs anywhere, by their shape (country code, check digits, the
//! country's length from the ISO 13616 registry), printed compact or in groups of four, in
//! any case, and only when their mod-97 check holds. Bank accounts only in context: US
//! routing numbers (their 3-7-1 checksum) after "routing", "ABA", "RTN"; account numbers
//! (4–17 digits, maybe with dashes or spaces) after "account no.", "acct #", "checking
//! account", "Kontonummer", "numéro de compte", or a bare "account" after a bank word
//! ("sort code 20-00-00, account 12345678"); UK sort codes and Australian BSBs; SWIFT/BIC
//! codes after "SWIFT" or "BIC" only near such an account number (a BIC names a bank, not
//! a person). A budget's "account 4410-200" (no "no.", "number", "#", nor
//! a bank word) is not taken.

use super::ids::{find_in_context, looks_like_date_or_phone, preceded_by, value_re};
use regex::Regex;
use std::sync::LazyLock;

fn re(s: &str) -> Regex {
    Regex::new(s).expect("bank patterns compile")
}

/// IBAN lengths by country: the SWIFT IBAN registry (ISO 13616), and the countries that
/// use IBANs outside it (Algeria, Angola, Benin... as banks publish them).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HN", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
    // Outside the registry.
    ("AO", 25),
    ("BF", 28),
    ("BJ", 28),
    ("CF", 27),
    ("CG", 27),
    ("CI", 28),
    ("CM", 27),
    ("CV", 25),
    ("DZ", 26),
    ("GA", 27),
    ("GQ", 27),
    ("GW", 25),
    ("IR", 26),
    ("KM", 27),
    ("MA", 28),
    ("MG", 27),
    ("ML", 28),
    ("MZ", 25),
    ("NE", 28),
    ("SN", 28),
    ("TD", 27),
    ("TG", 28),
];

/// The longest IBAN (Russia's 33) and the shortest (Norway's 15).
const IBAN_MAX: usize = 34;
const IBAN_MIN: usize = 15;

/// Country, check digits, then letters and digits, single spaces (also non-breaking) or
/// dashes allowed between them; cut to the country's length afterwards.
static IBAN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)[A-Z]{2}\d{2}(?:[ \u{A0}\-]?[A-Z0-9]){11,32}"));

fn iban_length(country: &str) -> Option<usize> {
    IBAN_LENGTHS
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(country))
        .map(|&(_, n)| n)
}

/// ISO 7064 mod 97-10 over the IBAN moved round (country and check digits last).
fn iban_check(chars: &[u8]) -> bool {
    let mut rem: u32 = 0;
    for &c in chars[4..].iter().chain(&chars[..4]) {
        let c = c.to_ascii_uppercase();
        let v = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// IBANs: see the module's doc. A country the table does not know is taken at any length
/// from 15 to 34 when its check holds, with a lower score.
pub(super) fn find_iban(text: &str, limit: usize) -> Vec<(usize, usize, f32)> {
    let mut out = vec![];
    let mut at = 0;
    while let Some(m) = IBAN.find_at(text, at) {
        if out.len() > limit {
            break;
        }
        // Searched again from the next character when this is not an IBAN.
        at = m.start() + 1;
        let s = m.as_str();
        let known = iban_length(&s[..2]);
        // The end (in `s`) after each letter or digit.
        let ends: Vec<usize> = s
            .char_indices()
            .filter(|(_, c)| c.is_ascii_alphanumeric())
            .map(|(i, c)| i + c.len_utf8())
            .collect();
        let lengths: Vec<usize> = match known {
            Some(n) => vec![n],
            None => (IBAN_MIN..=IBAN_MAX.min(ends.len())).rev().collect(),
        };
        for n in lengths {
            if n > ends.len() {
                continue;
            }
            let end = m.start() + ends[n - 1];
            // The IBAN must end its token: what follows is not a letter or digit (in groups
            // of four, a space and the next word may follow).
            if text[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let chars: Vec<u8> = text[m.start()..end]
                .bytes()
                .filter(u8::is_ascii_alphanumeric)
                .collect();
            if iban_check(&chars) {
                out.push((m.start(), end, if known.is_some() { 0.95 } else { 0.75 }));
                at = end;
                break;
            }
        }
    }
    out
}

/// The US routing number's checksum: 3, 7, 1 weights over its nine digits.
fn aba_check(d: &[u8]) -> bool {
    let w = [3, 7, 1, 3, 7, 1, 3, 7, 1];
    let sum: u32 = d.iter().zip(w).map(|(&x, w)| u32::from(x) * w).sum();
    sum.is_multiple_of(10)
}

/// Whether a routing number's first two digits are a Federal Reserve district (00–12),
/// thrift (21–32), electronic (61–72) or traveller's cheque (80) prefix.
fn aba_head(d: &[u8]) -> bool {
    matches!(d[0] * 10 + d[1], 0..=12 | 21..=32 | 61..=72 | 80)
}

static ROUTING_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)(?:routing|ABA|RTN|transit)(?:\s+(?:transit\s+)?(?:number|no\.?|#|code))?")
});
static ROUTING_VALUE: LazyLock<Regex> = LazyLock::new(|| value_re(r"\d{9}"));

static ACCOUNT_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:(?:bank\s+|checking\s+|savings\s+|deposit\s+)?account\s*(?:no\.?|number|num\.?|#|nr\.?)|(?:bank|checking|savings|chequing|deposit)\s+(?:account|acct\.?)|acct\.?\s*(?:no\.?|number|#)?|a/c(?:\s*(?:no\.?|#))?|Kontonummer|Konto-?Nr\.?|Konto|num[ée]ro\s+de\s+compte|n[°º]\s*de\s+compte|compte\s+(?:bancaire|n[°º])|n[úu]mero\s+de\s+cuenta|cuenta\s+(?:bancaria|n[°º])|numero\s+di\s+conto|rekeningnummer|account)",
    )
});
static ACCOUNT_VALUE: LazyLock<Regex> =
    LazyLock::new(|| value_re(r"\d{2,17}(?:[-– ]\d{1,17}){0,4}"));

static SORT_CODE_CONTEXT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(?:sort\s*code|BSB)(?-u:\b)"));
static SORT_CODE_VALUE: LazyLock<Regex> =
    LazyLock::new(|| value_re(r"\d{2}[-– ]\d{2}[-– ]\d{2}|\d{3}[-– ]\d{3}|\d{6}"));

static BIC_CONTEXT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(?:SWIFT|BIC)(?:\s*(?:/\s*BIC|code|no\.?|#))?"));
/// Countries whose banks have BICs but no IBANs (their BIC's country must be a country).
const BIC_ONLY_COUNTRIES: &[&str] = &[
    "US", "CA", "AU", "JP", "CN", "IN", "HK", "SG", "NZ", "MX", "ZA", "KR", "TW", "AR", "CL", "CO",
    "PE", "NG", "KE", "PH", "TH", "MY", "ID", "VN",
];

/// How far apart (bytes, from the first's start to the last's end) a BIC and the account
/// number it goes with may be.
const BIC_WINDOW: usize = 160;

/// Bank words that make a bare "account" a bank's.
static BANKING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:sort\s*code|BSB|routing|ABA|IBAN|SWIFT|BIC|bank|wire|ACH|direct\s+deposit|transfer|payee|beneficiary)",
    )
});

/// Bank (4 letters), country (2), location (2), branch (3, optional).
static BIC_VALUE: LazyLock<Regex> =
    LazyLock::new(|| value_re(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?"));

/// Bank accounts: routing numbers, account numbers, sort codes and SWIFT/BIC codes, each
/// after its words (see the module's doc).
pub(super) fn find_account(text: &str, limit: usize) -> Vec<(usize, usize, f32)> {
    let mut out = find_in_context(text, &ROUTING_CONTEXT, &ROUTING_VALUE, limit, |c, _, v| {
        let d: Vec<u8> = v.bytes().map(|b| b - b'0').collect();
        if !aba_check(&d) {
            return None;
        }
        // A prefix outside the Federal Reserve's table (a made-up or mistyped number) only
        // after a word that names a routing number itself, not a bare "transit".
        if aba_head(&d) {
            Some(0.9)
        } else {
            let word = c.as_str().to_ascii_lowercase();
            (!word.starts_with("transit")).then_some(0.75)
        }
    });
    out.extend(find_in_context(
        text,
        &ACCOUNT_CONTEXT,
        &ACCOUNT_VALUE,
        limit,
        |c, _, v| {
            let digits = v.bytes().filter(u8::is_ascii_digit).count();
            if !(4..=17).contains(&digits) || looks_like_date_or_phone(v) {
                return None;
            }
            // "Konto" alone is a weak word (also a ledger's account): a long number only.
            let word = c.as_str().to_lowercase();
            if word == "konto" && digits < 8 {
                return None;
            }
            // "account" alone is a budget's as often as a bank's: only after a bank word
            // ("sort code 20-00-00, account 12345678", "wire to Chase, account ...").
            if word == "account" && !preceded_by(text, c.start(), &BANKING) {
                return None;
            }
            Some(0.8)
        },
    ));
    out.extend(find_in_context(
        text,
        &SORT_CODE_CONTEXT,
        &SORT_CODE_VALUE,
        limit,
        |_, _, _| Some(0.85),
    ));
    // A BIC names a bank (a branch at most), not a person: it is taken only among the
    // account details it goes with, an account, routing number or sort code close by
    // ("account 12345678, SWIFT CHASUS33"), never next to an IBAN alone (the IBAN detector
    // has that) nor by itself.
    let numbers = out.clone();
    let near = |a: usize, b: usize| b - a <= BIC_WINDOW;
    out.extend(
        find_in_context(text, &BIC_CONTEXT, &BIC_VALUE, limit, |_, _, v| {
            let country = &v[4..6];
            (iban_length(country).is_some() || BIC_ONLY_COUNTRIES.contains(&country)).then_some(0.8)
        })
        .into_iter()
        .filter(|&(s, e, _)| numbers.iter().any(|&(a, b, _)| near(a.min(s), b.max(e)))),
    );
    out.sort_by_key(|x| (x.0, x.1));
    out.dedup_by(|b, a| b.0 < a.1);
    out.truncate(limit.saturating_add(1));
    out
}
