//! Driver's licence numbers. Every US state writes its own (the AAMVA table of state
//! formats): a letter and 7 digits (California), 8 digits (Texas, Pennsylvania "12 345
//! 678"), 9 digits (New York "123 456 789"), a letter and 12 digits (Florida
//! "W123-456-78-901-0", Maryland, Minnesota), a letter and 11 (Illinois "A123-4567-8901"),
//! a letter and 14 (New Jersey "A1234 56789 01234"), Washington's 12 characters
//! ("WDL" and 9, or the older name-coded "SMITHJR123AB"), New Hampshire "12ABC34567", Iowa
//! "123AB4567", Kansas "K1K1K"; other countries' licences are letters and digits
//! ("B072RRE2I55"). No shape tells them apart from other numbers, so a number is taken only
//! after a licence word ("driver's license", "DL#", "D.L.", "CDL", "Führerschein", "permis de
//! conduire"; the state may come between: "California driver's license B1234567", "DL (TX):
//! 12345678"). A bare "license number" is a weaker word: it is also a business's, a
//! contractor's, a dog's, so not after such a word.
//!
//! The UK driving licence number (MORGA657054SM9IJ: surname, birth date coded, initials,
//! check characters) is distinctive enough to be taken alone, with a lower score, when its
//! coded date can be a date.

use super::ids::{find_in_context, looks_like_date_or_phone, preceded_by, value_re};
use regex::Regex;
use std::sync::LazyLock;

fn re(s: &str) -> Regex {
    Regex::new(s).expect("licence patterns compile")
}

/// Words that say a number is a driver's licence.
static STRONG_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:(?:driver|driving|operator|chauffeur)(?:'|’)?s?\s+(?:licen[cs]e|lic\.?)|(?-i:OLN|OL\s?#|OL\s+(?i:no\.?|number))|carnet\s+de\s+conduc(?:ir|ción|cion)|carn[ée]\s+de\s+conducir|patente(?:\s+di\s+guida)?|DLN|DL|D\.L\.|CDL|F(?:ü|ue)hrerschein|permis\s+de\s+conduire|licencia\s+de\s+conduc(?:ir|ción)|patente\s+di\s+guida|rijbewijs)(?:\s*(?:no\.?|number|num\.?|nr\.?|n[°º]|n\.?\s?[°º]|#|nummer|numéro|número|ID))?",
    )
});
/// The longest context word that is an acronym ("DL#", "D.L.", "CDL", "DLN").
const ACRONYM_LEN: usize = 4;
/// Letters allowed between an acronym and its number (a state: "DL (TX):", "DL no.").
const ACRONYM_GAP_LETTERS: usize = 6;

/// Words that may say so ("license no.", "License:"), unless a non-driver word comes just
/// before.
static WEAK_CONTEXT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(?:licen[cs]e|lic\.?)(?:\s*(?:no\.?|number|num\.?|#|ID))?"));
static NOT_DRIVER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:business|contractor|professional|liquor|alcohol|dog|pet|animal|marriage|vendor|software|product|cannabis|medical|nursing|nurse|physician|pharmacy|real\s+estate|broker|firearm|gun|fishing|hunting|plate|radio|FCC|state\s+bar|bar|cosmetology|food|building|business'?s?|tobacco|massage|taxi|permit)(?:'?s)?\W*$",
    )
});

/// The shapes, longest and most particular first (the first that ends its token wins).
static VALUE: LazyLock<Regex> = LazyLock::new(|| {
    value_re(concat!(
        // UK: surname (9-padded), coded birth date, initials, check digit and letters.
        r"[A-Z9]{5} ?\d{6} ?[A-Z9]{2}\d[A-Z]{2}(?: ?\d{2})?",
        // Washington: WDL and nine; or the older name-coded twelve.
        r"|WDL[A-Z0-9]{9}|[A-Z*]{5}[A-Z][A-Z*]\d{3}[A-Z0-9]{2}",
        // A letter (or three) then digits in groups: FL, IL, MD, MI, MN, NJ, WI...
        r"|[A-Z]{1,3}[-– ]?\d{1,13}(?:[-– ]\d{1,13}){0,4}",
        // Letters then digits (and a trailing letter): CA, AZ, MO, ID, NE, OH...
        r"|[A-Z]{1,3}\d{4,18}[A-Z]?",
        // New Hampshire, Iowa, Kansas.
        r"|\d{2}[A-Z]{3}\d{5}|\d{3}[A-Z]{2}\d{4}|[A-Z]\d[A-Z]\d[A-Z]",
        // Digits and a letter or two: Maine, Vermont, Missouri.
        r"|\d{6,9}[A-Z]{1,2}",
        // Digits in groups: NY 123 456 789, PA 12 345 678, WY 123456-789.
        r"|\d{1,9}(?:[-– ]\d{2,9}){1,4}",
        // Letters and digits mixed (other countries' licences), or digits alone.
        r"|[A-Z0-9]{5,20}",
    ))
});

/// The UK driving licence alone (see the module's doc).
static UK: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?-u:\b)[A-Z9]{5}\d(?P<m>[0156]\d)(?P<d>[0-3]\d)\d[A-Z9]{2}\d[A-Z]{2}(?-u:\b)")
});

static YEAR_SERIAL: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:19|20)\d{2}[-–]\d+$"));

/// Whether the value can be a licence number: 5 to 20 letters and digits, at least four of
/// them digits (Kansas's K1K1K aside), not a date, phone number or year.
fn licence_shape(v: &str) -> Option<f32> {
    let alnum = v.chars().filter(char::is_ascii_alphanumeric).count();
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    let kansas = alnum == 5 && digits == 2 && v.len() == 5;
    if v.starts_with("WDL") && alnum == 12 {
        return Some(0.85);
    }
    if !(5..=20).contains(&alnum) || (digits < 4 && !kansas) || looks_like_date_or_phone(v) {
        return None;
    }
    // A year and a serial ("2025-0142") is a permit's or a case's.
    if YEAR_SERIAL.is_match(v) {
        return None;
    }
    // Digits alone are the weakest (an order number may follow "DL"): 6 digits at least.
    if digits == alnum && digits < 6 {
        return None;
    }
    Some(if digits == alnum { 0.75 } else { 0.85 })
}

/// Whether a UK licence's coded birth date can be one (women's months are 51–62).
fn uk_date_ok(m: &regex::Captures) -> bool {
    let month: u32 = m["m"].parse().unwrap_or(0);
    let day: u32 = m["d"].parse().unwrap_or(0);
    let month = if month > 50 { month - 50 } else { month };
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Driver's licence numbers: see the module's doc.
pub(super) fn find(text: &str, limit: usize) -> Vec<(usize, usize, f32)> {
    let mut out = find_in_context(text, &STRONG_CONTEXT, &VALUE, limit, |c, gap, v| {
        // "DL" alone is also an airline, a download, a distribution list: its number
        // follows it closely ("DL (TX): 12345678", "DL no. B1234567").
        let acronym = c.as_str().len() <= ACRONYM_LEN;
        let words = gap.chars().filter(|c| c.is_alphabetic()).count();
        if acronym && words > ACRONYM_GAP_LETTERS {
            return None;
        }
        licence_shape(v)
    });
    out.extend(find_in_context(
        text,
        &WEAK_CONTEXT,
        &VALUE,
        limit,
        |c, gap, v| {
            if preceded_by(text, c.start(), &NOT_DRIVER) {
                return None;
            }
            // "License" alone: only "License: B1234567", letters and digits right after it.
            let bare = !c.as_str().chars().any(|ch| ch.is_whitespace() || ch == '#');
            let lettered = v.chars().any(|ch| ch.is_ascii_uppercase());
            if bare && (gap.chars().any(char::is_alphabetic) || !lettered) {
                return None;
            }
            licence_shape(v).map(|s| s - 0.2)
        },
    ));
    for c in UK.captures_iter(text) {
        if out.len() > limit {
            break;
        }
        if uk_date_ok(&c) {
            let m = c.get(0).expect("match");
            out.push((m.start(), m.end(), 0.55));
        }
    }
    out.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(b.2.total_cmp(&a.2)));
    out.dedup_by(|b, a| b.0 < a.1);
    out.truncate(limit.saturating_add(1));
    out
}
