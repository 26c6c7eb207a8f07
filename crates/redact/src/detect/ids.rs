//! Identifiers that are only personal in their context: dates of birth, passport numbers,
//! medical record and social-services case numbers, vehicle plates (and VINs), plus payment
//! cards, which carry their own proof (Luhn and the issuer's prefix).
//!
//! How the contextual ones are found: a regex of the kind's context words ("DOB", "passport
//! no.", "MRN", "plate") runs over the text; after each one, the value is the first thing
//! within [`WINDOW`] characters on the same line (or, when the label ends its line, at the
//! start of the next line, as in a form), with no digit between the word and the value: "DOB
//! 03/03/1971" is taken; "DOB on file; visit 03/03/2025" and "license 2 of 3: B1234567"
//! are not. The value must be a whole token (not inside a longer run of letters, digits and
//! dashes). Qualifiers before a word can refuse it ("business license number", "asset tag",
//! a "case number" without a medical or social-services word). The helpers here are shared
//! by `bank` and `licence`.
//!
//! Spreadsheet rows: [`column_cells`] finds header lines (cells split by a tab, `;`, `|` or
//! `,`) whose column names say what a column holds ("dob", "Geburtsdatum", "phone", "SSN",
//! "card", "DL", "MRN", "plate", "passport", many languages and abbreviations), and the cells
//! of those columns in the rows under them; each kind's detector then runs on such a cell
//! behind its own context word (`in_columns`), so its shape and checksum rules still apply.
//!
//! Scores: a checksum or an issuer's prefix with the right shape is high (0.9+); a shape in
//! its context word is medium (0.7–0.85); a shape alone (a VIN whose check digit holds) lower.

use regex::Regex;
use std::sync::LazyLock;

/// How far (in characters) after its context word a value may start.
const WINDOW: usize = 40;

fn re(s: &str) -> Regex {
    Regex::new(s).expect("identifier patterns compile")
}

/// After its value, a token ends: the end of the text, or a character that is not a letter
/// or digit, a dash, dot or slash only when no letter or digit follows ("A123-4567" is one
/// token, "A123." is a value and its full stop).
const TAIL: &str = r"(?:$|[^\p{L}\p{N}\-–./]|[-–./](?:$|[^\p{L}\p{N}]))";

/// A regex that finds a value (its group `v`) of pattern `value` ending its token.
pub(super) fn value_re(value: &str) -> Regex {
    re(&format!(r"(?P<v>{value}){TAIL}"))
}

/// Whether a value found at `start`, after a context word ending at `word_end`, stands
/// alone: not the end of a longer run of letters, digits and dashes (as in "CV-001234"). A
/// dash right after the word is the word's ("DL-12345678").
fn standalone(text: &str, word_end: usize, start: usize) -> bool {
    let mut gap = text[word_end..start].chars().rev();
    match gap.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some('-' | '–' | '/' | '.') => !gap.next().is_some_and(char::is_alphanumeric),
        Some(_) => true,
    }
}

/// The byte offset `n` characters after `from` (or the end of `text`).
fn chars_after(text: &str, from: usize, n: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| from + i)
}

/// The longest value (in characters) the contextual detectors look for.
const MAX_VALUE: usize = 40;

/// Where a value may be after a context word ending at `from`: the rest of its line, or,
/// when that has nothing but punctuation (a form's label "Date of Birth:"), the next line;
/// never further than [`WINDOW`] and [`MAX_VALUE`] (a line of a million characters is not
/// read again after each context word on it).
/// (start of the search, the latest start of a value, end of the search)
fn window(text: &str, word_start: usize, from: usize) -> (usize, usize, usize) {
    let line_end = |at: usize| {
        let horizon = chars_after(text, at, WINDOW + MAX_VALUE);
        text[at..horizon].find('\n').map_or(horizon, |i| at + i)
    };
    let end = line_end(from);
    let rest = &text[from..end];
    if text[end..].starts_with('\n')
        && rest.chars().count() <= 10
        && !rest.chars().any(char::is_alphanumeric)
        // (Not after the last cell of a spreadsheet's header line: "id,DL#,Plate" is no
        // form's label, and its next line is a row.)
        && !header_and_row(text, word_start, end)
    {
        let next = end + 1;
        let next_end = line_end(next);
        return (
            next,
            chars_after(text, next, WINDOW).min(next_end),
            next_end,
        );
    }
    (from, chars_after(text, from, WINDOW).min(end), end)
}

/// Whether the line holding `word_start` (ending at `end`) and the next one split alike into
/// as many cells, two or more, of a few words each in the first at a tab, `;`, `|` or `,`: a header and its row. (Each line read at most
/// [`HEADER_MAX`] bytes.)
fn header_and_row(text: &str, word_start: usize, end: usize) -> bool {
    let mut lo = word_start.saturating_sub(HEADER_MAX);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let line_start = match text[lo..word_start].rfind('\n') {
        Some(i) => lo + i + 1,
        None if lo == 0 => 0,
        None => return false,
    };
    let next = end + 1;
    let next_end = text[next..].find('\n').map_or(text.len(), |i| next + i);
    if end - line_start > HEADER_MAX || next_end - next > HEADER_MAX {
        return false;
    }
    let (line, row) = (&text[line_start..end], &text[next..next_end]);
    DELIMITERS.iter().any(|&d| {
        let names = cells(line, d);
        // A header's cells are names of a few words, not sentences.
        let short = names
            .iter()
            .all(|&(a, b)| line[a..b].split_whitespace().nth(4).is_none());
        names.len() >= 2 && short && cells(row, d).len() == names.len()
    })
}

/// Every value `value` (made by [`value_re`]) finds after a match of `context`: the first
/// candidate in the [`window`] that `accept` takes (given the context word, what comes
/// between and the value, it gives a score, or `None` to refuse), no digit between the word
/// and it. (start, end, score) in text order, at most `limit + 1`.
pub(super) fn find_in_context(
    text: &str,
    context: &Regex,
    value: &Regex,
    limit: usize,
    accept: impl Fn(regex::Match, &str, &str) -> Option<f32>,
) -> Vec<(usize, usize, f32)> {
    let mut out: Vec<(usize, usize, f32)> = vec![];
    let mut at = 0;
    while let Some(c) = context.find_at(text, at) {
        if out.len() > limit {
            break;
        }
        at = c.end().max(c.start() + 1);
        while !text.is_char_boundary(at) {
            at += 1;
        }
        // The word ends there ("DL", not "DLL"; "born", not "borne").
        let glued = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        if glued(c.as_str().chars().next_back()) && glued(text[c.end()..].chars().next()) {
            continue;
        }
        let (from, latest, end) = window(text, c.start(), c.end());
        for m in value.captures_iter(&text[from..end]) {
            let v = m.name("v").expect("value group");
            let (s, e) = (from + v.start(), from + v.end());
            // Nothing between the word and its value may be a number, nor end a clause.
            let gap = &text[c.end()..s];
            if s > latest || gap.bytes().any(|b| b.is_ascii_digit() || b == b';') {
                break;
            }
            if !standalone(text, c.end(), s) || out.last().is_some_and(|l| l.1 > s) {
                continue;
            }
            if let Some(score) = accept(c, gap, v.as_str()) {
                out.push((s, e, score));
                at = at.max(e);
                break;
            }
        }
    }
    out
}

/// How far (in bytes) before a context word its qualifier may be.
const QUALIFIER_WINDOW: usize = 40;

/// Whether the [`QUALIFIER_WINDOW`] bytes before `at` contain a match of `words`: the
/// qualifier of a context word ("CPS" before "case number", "business" before "license").
pub(super) fn preceded_by(text: &str, at: usize, words: &Regex) -> bool {
    let mut from = at.saturating_sub(QUALIFIER_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    words.is_match(&text[from..at])
}

// ---------------------------------------------------------------------------------------
// Payment cards.

/// Separators inside a card number: one space of any width, a dash or a dot (with spaces
/// around it), never a line break.
const CARD_SEP: &str = r"(?:[ \t\u{A0}\u{2007}\u{2009}\u{202F}]{1,2}|[ \u{A0}]?[-–.][ \u{A0}]?)";
static CARD: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"\d+(?:{CARD_SEP}\d+)*")));

/// The issuer's prefix of a card number (its IIN), and the lengths that issuer uses: Visa,
/// Mastercard (51–55 and 2221–2720), American Express, Discover, Diners Club, JCB, UnionPay,
/// Maestro, Mir, RuPay, Troy, Verve, UATP.
fn issuer_known(d: &[u8]) -> bool {
    let n = d.len();
    let p = |k: usize| d[..k].iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
    match d[0] {
        4 => matches!(n, 13 | 16 | 19),
        5 => {
            let p2 = p(2);
            ((51..=55).contains(&p2) && n == 16) || (maestro(d) && (12..=19).contains(&n))
        }
        2 => {
            ((2221..=2720).contains(&p(4)) && n == 16)
                || ((2200..=2204).contains(&p(4)) && (16..=19).contains(&n))
                // JCB's 15-digit cards (2131, like 1800 below).
                || (p(4) == 2131 && n == 15)
        }
        3 => {
            let p2 = p(2);
            ((p2 == 34 || p2 == 37) && n == 15)
                || ((300..=305).contains(&p(3)) || p2 == 36 || p2 == 38 || p2 == 39)
                    && (14..=19).contains(&n)
                // JCB: 3528–3589 by the book, and the rest of 35 as issued in tests and
                // by older co-branded cards.
                || p2 == 35 && (16..=19).contains(&n)
        }
        6 => (12..=19).contains(&n),
        1 => n == 15,
        8 => matches!(p(2), 81 | 82) && n == 16,
        9 => p(4) == 9792 && n == 16,
        _ => false,
    }
}

/// Maestro's prefixes (50, 56–58, 6304, 639, 67).
fn maestro(d: &[u8]) -> bool {
    matches!((d[0], d[1]), (5, 0) | (5, 6..=8) | (6, 7))
        || d.starts_with(&[6, 3, 9])
        || d.starts_with(&[6, 3, 0, 4])
}

fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(*d);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

/// Words right before a run of digits that say it is another kind of number.
static NOT_A_CARD_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:tracking|ISBN|ISSN|docket|parcel|APN|serial|S/N|IMEI|waybill|consignment|shipment)(?:\s*(?:no\.?|nr\.?|number|#|ID))?\s*[:#.]?\s*$",
    )
});

/// Payment card numbers: 13 to 19 digits (12 for Maestro) in groups of any width separated
/// by spaces (also non-breaking and thin), dashes or dots, whose Luhn check holds. A run of
/// groups longer than a card ("order 12 4111 1111 1111 1111", a card and its CVV) is tried
/// group by group for the longest card inside it.
pub(super) fn find_cards(text: &str, limit: usize) -> Vec<(usize, usize, f32)> {
    let mut out = vec![];
    for m in CARD.find_iter(text) {
        if out.len() > limit {
            break;
        }
        // The groups of digits: (start, end) byte offsets.
        let mut groups: Vec<(usize, usize)> = vec![];
        let s = m.as_str();
        let mut i = 0;
        let b = s.as_bytes();
        while i < b.len() {
            if b[i].is_ascii_digit() {
                let j = i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                groups.push((m.start() + i, m.start() + j));
                i = j;
            } else {
                i += 1;
            }
        }
        // A run that continues an amount or a decimal ("$4,111", "1.4111") does not start
        // a card with its first group.
        let before = text[..m.start()].chars().next_back();
        if before.is_some_and(|c| matches!(c, '.' | ',' | '/' | '$' | '€' | '£')) {
            groups.remove(0);
        }
        // A tracking, serial or ISBN number's digits are no card's.
        if preceded_by(text, m.start(), &NOT_A_CARD_LABEL) {
            continue;
        }
        if let Some(found) = best_card(text, &groups) {
            out.push(found);
        }
    }
    out
}

/// The run of consecutive `groups` that is a card (Luhn, and a known issuer's prefix and
/// length; a 12-digit one only whole and with Maestro's prefix): of the usual length if
/// one is, else the longest.
fn best_card(text: &str, groups: &[(usize, usize)]) -> Option<(usize, usize, f32)> {
    let digits = |a: usize, b: usize| -> Vec<u8> {
        text[a..b]
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect()
    };
    // (start, end, score, rank): the rank is (joined by dashes whole, usual length, length).
    type Candidate = (usize, usize, f32, (bool, bool, usize));
    let mut best: Option<Candidate> = None;
    for i in 0..groups.len() {
        for j in i..groups.len() {
            let (a, b) = (groups[i].0, groups[j].1);
            let d = digits(a, b);
            if d.len() > 19 {
                break;
            }
            if d.len() < 12 || !luhn(&d) {
                continue;
            }
            // A card written in groups opens with four digits (4-4-4-4, Amex's 4-6-5);
            // 560-387-3481-40 is a reference's.
            if j > i && groups[i].1 - groups[i].0 != 4 {
                continue;
            }
            // A 12-digit number is a card only whole and with Maestro's prefix.
            let whole = i == 0 && j + 1 == groups.len();
            if !issuer_known(&d) || d.len() == 12 && !(whole && maestro(&d)) {
                continue;
            }
            let score = if d.len() == 12 { 0.7 } else { 0.95 };
            // The usual length (16, Amex's 15) before the longest: a card followed by its
            // CVV or the start of a phone number is not a 19-digit card; but a run joined by
            // dashes alone (4202-0088-3457-6325-213) is one number, whatever its length.
            let usual = d.len() == 16 || d.len() == 15 && d[0] == 3;
            let dashed = whole && !text[a..b].contains(|c: char| c.is_whitespace());
            let rank = (dashed, usual, d.len());
            if best.is_none_or(|x| rank > x.3) {
                best = Some((a, b, score, rank));
            }
        }
    }
    best.map(|(a, b, s, _)| (a, b, s))
}

// ---------------------------------------------------------------------------------------
// Dates of birth.

const MONTHS_EN: &str = r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";
const MONTHS_OTHER: &str = r"januari|februari|maart|mrt|mei|augustus|okt|januar|februar|marts|mars|maj|augusti|janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|dezembro|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|wrzesnia|października|pazdziernika|listopada|grudnia|ledna|února|března|dubna|května|června|července|srpna|září|října|listopadu|prosince|ocak|şubat|subat|mart|nisan|mayıs|mayis|haziran|temmuz|ağustos|agustos|eylül|eylul|ekim|kasım|kasim|aralık|aralik|tammikuuta|helmikuuta|maaliskuuta|huhtikuuta|toukokuuta|kesäkuuta|heinäkuuta|elokuuta|syyskuuta|lokakuuta|marraskuuta|joulukuuta|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|Januar|Jänner|Februar|März|Maerz|Juni|Juli|Oktober|Dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre";

static DOB_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:(?-u:\b)(?:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|birthday|birth|born(?:\s+on)?|n[ée]e?\s+le|geboren(?:\s+am)?|Geburtsdatum|Geb\.(?:-?Datum)?|fecha\s+de\s+nacimiento|f\.?\s?(?:de\s+)?nac\.?|fec\.\s?nac\.?|nacid[oa]|nascid[oa]|data\s+de\s+nascimento|date\s+de\s+naissance|naissance|data\s+di\s+nascita|nat[oa]\s+il|geboortedatum|född|födelsedatum|født|fødselsdato|fødd|syntynyt|syntymäaika|datum\s+narozen[íi]|narozen[aá]?|urodzon[ya]|data\s+urodzenia|doğum\s+tarihi|dogum\s+tarihi|doğumlu|ngày\s+sinh|sinh\s+ngày)|生年月日|出生日期|생년월일)",
    )
});
static DOB_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    let day = r"(?:0?[1-9]|[12]\d|3[01])";
    let months = format!("(?:{MONTHS_EN}|{MONTHS_OTHER})");
    let ord = r"(?:st|nd|rd|th|er|º)?";
    value_re(&format!(
        r"(?i:\d{{4}}年\d{{1,2}}月\d{{1,2}}日|\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})|\d{{4}}[/.\-]\d{{1,2}}[/.\-]\d{{1,2}}|{day}{ord}\.?[\s\-]+(?:of\s+|de\s+)?{months}\.?,?[\s\-]+(?:de\s+)?(?:\d{{4}}|\d{{2}})|{months}\.?\s+{day}{ord},?\s+\d{{4}})"
    ))
});

/// What may come between a birth word and its date: punctuation and a few small words
/// ("DOB is", "born on", "date of birth (MM/DD/YYYY):"), not a clause ("DOB on file, visit").
static DOB_GAP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[^\p{L}\p{N}]*(?:(?:is|was|of|on|le|la|am|el|il|the|in|age|op|em|en|den|på|dne|w|:|mm/dd/yyyy|dd/mm/yyyy|yyyy-mm-dd|dd\.mm\.yyyy)[^\p{L}\p{N}]*){0,2}$",
    )
});

/// A day, month and year (the year two or four digits) that can be a date: for numeric
/// dates the order may be day-month or month-day, so one reading must hold; a named month
/// leaves a day and a year.
fn plausible_date(v: &str) -> bool {
    let nums: Vec<u32> = v
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    let year_ok = |y: u32| y < 100 || (1880..=2100).contains(&y);
    match nums.as_slice() {
        [y, m, d] if *y >= 1000 => year_ok(*y) && (1..=12).contains(m) && (1..=31).contains(d),
        [a, b, y] => {
            year_ok(*y)
                && (((1..=12).contains(a) && (1..=31).contains(b))
                    || ((1..=12).contains(b) && (1..=31).contains(a)))
        }
        [d, y] => year_ok(*y) && (1..=31).contains(d),
        _ => false,
    }
}

/// Eight digits that read as a date: 20300101, 01012030 (either order of day and month).
fn compact_date(v: &str) -> bool {
    if v.len() != 8 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let n = |r: std::ops::Range<usize>| v[r].parse::<u32>().unwrap_or(0);
    let day_month = |a: u32, b: u32| {
        ((1..=12).contains(&a) && (1..=31).contains(&b))
            || ((1..=12).contains(&b) && (1..=31).contains(&a))
    };
    let year = |y: u32| (1900..=2100).contains(&y);
    (year(n(0..4)) && day_month(n(4..6), n(6..8))) || (year(n(4..8)) && day_month(n(0..2), n(2..4)))
}

/// Dates of birth: a date in its usual spellings (numeric with slashes, dots or dashes,
/// ISO, "3 March 1971", "March 3rd, 1971", "03-Mar-1971", "3 mars 1971", "3. März 1971",
/// "3 de marzo de 1971") right after a birth word ("DOB", "born", "né le", "geboren am",
/// "fecha de nacimiento"), or on the line after a "Date of Birth:" label.
pub(super) fn find_dob(text: &str, limit: usize) -> Vec<(usize, usize, f32)> {
    find_in_context(text, &DOB_CONTEXT, &DOB_VALUE, limit, |_, gap, v| {
        (DOB_GAP.is_match(gap) && plausible_date(v)).then_some(0.9)
    })
}

// ---------------------------------------------------------------------------------------
// Passports.

static PASSPORT_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:passport\s*(?:\+|and|&)\s*I-94,?(?:\s*(?:no\.?|nr\.?|number|#))?|(?-i:PP)\s?(?:#|(?i:no\.?|nr\.?|number|num)(?-u:\b))|passport|Reisepass(?:nummer)?|Pass-?Nr\.?|passeport|pasaporte|passaporto|paspoort)(?:\s*(?:no\.?|nr\.?|num(?:ber|éro|ero)?|n[°º]|#))?",
    )
});
/// US 9 digits or a letter and 8 digits, UK 9 digits, the EU's 8 or 9 letters and digits
/// (France 09AA12345, Germany C01X00T47, Italy YA1234567, Spain AAA123456).
static PASSPORT_VALUE: LazyLock<Regex> = LazyLock::new(|| value_re(r"[A-Z0-9]{6,10}"));

/// Passport numbers: 6 to 10 capital letters and digits (at least two digits, at most four
/// letters unless 8 or 9 characters long; not a year or a date) after "passport (no./number)", "Reisepass", "passeport", "pasaporte".
pub(super) fn find_passport(text: &str, limit: usize) -> Vec<(usize, usize, f32)> {
    find_in_context(
        text,
        &PASSPORT_CONTEXT,
        &PASSPORT_VALUE,
        limit,
        |_, _, v| {
            let digits = v.bytes().filter(u8::is_ascii_digit).count();
            let letters = v.len() - digits;
            // Letters and digits mixed at will (Germany's C01X00T47 and FG8VVZ0H2) only
            // in a passport's usual 8 or 9 characters.
            // Germany's passports: nine characters of its own alphabet (no vowels nor
            // B, D, Q, S), the first C to K, as few as one of them a digit.
            let german = v.len() == 9
                && digits >= 1
                && v.starts_with(['C', 'F', 'G', 'H', 'J', 'K'])
                && v.bytes()
                    .all(|b| b.is_ascii_digit() || b"CFGHJKLMNPRTVWXYZ".contains(&b));
            if german {
                return Some(0.8);
            }
            if digits < 2 || (letters > 4 && !(8..=9).contains(&v.len())) || compact_date(v) {
                return None;
            }
            // A well-known shape scores higher than any run of letters and digits.
            let us = (digits == 9 && letters == 0) || (letters == 1 && digits == 8);
            Some(if us || (8..=9).contains(&v.len()) {
                0.85
            } else {
                0.7
            })
        },
    )
}

// ---------------------------------------------------------------------------------------
// Medical record and social-services case numbers.

/// Words that say the number is a patient's or a client's (always personal).
static MEDICAL_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:(?-i:MR)\s?(?:#|(?i:no\.?|nr\.?|number)(?-u:\b))|(?:medical\s+|patient\s+|hospital\s+)?record\s+(?:number|no\.?|#)\s+(?:for|of)\s+(?:this|the|your|her|his|their|today's)\s+(?:visit|admission|encounter|stay|appointment|patient)(?:\s+(?:is|was))?|MRN|MBI|NHS\s+(?:number|no\.?|#)|health\s+(?:card|insurance)\s+(?:ID|number|no\.?|#)|insurance\s+(?:member\s+)?ID|medical\s+record(?:\s+(?:number|no\.?|#))?|patient\s+(?:ID|no\.?|number|#|account(?:\s+(?:number|no\.?|#))?)|client\s+(?:ID|no\.?|number|#)|chart\s+(?:no\.?|number|#)|health\s+plan\s+(?:ID|number|no\.?)|member\s+(?:ID|number|no\.?|#)|Medicare(?:\s+(?:beneficiary\s+identifier|card|ID|number|no\.?|#))?|Medicaid(?:\s+(?:ID|number|no\.?|#))?|Medi-Cal(?:\s+(?:ID|BIC|number|no\.?|#))?|(?:CPS|APS|DCFS|DSS|CFS)\s+(?:case|referral|file)(?:\s+(?:number|no\.?|#|ID))?|case\s+(?:number|no\.?|#|ID))",
    )
});
/// What makes "case number" a social-services or medical one: the agency or program
/// before it. Without it a case number is a court's or a permit's: public (so is an
/// environmental health inspection's: "health" alone is not enough).
static SOCIAL_QUALIFIER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:CPS|APS|DCFS|DSS|CFS|child\s+(?:protective|welfare)|adult\s+protective|social\s+(?:services|worker)|welfare|CalFresh|CalWORKs|SNAP|WIC|TANF|foster|Medi-?Cal|Medicaid|Medicare|patient|clinic|hospital|(?:behavioral|mental)\s+health|health\s+(?:plan|insurance|care)|caseworker)",
    )
});
/// A court's docket number (24-CV-001234, 2:24-cr-01234): a public record's.
static COURT_DOCKET: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:\d:)?\d{2,4}[-–]?(?:CV|CR|CIV|CRIM|FAM|PR|SC|TR|MC|AP|JV|DR|F|M|C)[-–]?\d{2,}$")
});
static MEDICAL_VALUE: LazyLock<Regex> =
    LazyLock::new(|| value_re(r"\d{3} \d{3} \d{4}|[A-Z0-9]{1,12}(?:[-–][A-Z0-9]{2,12}){0,3}"));
/// The Medicare Beneficiary Identifier: 11 characters, digit-letter-alnum-digit,
/// letter-alnum-digit, letter-letter-digit-digit, without S, L, O, I, B, Z.
static MBI: LazyLock<Regex> = LazyLock::new(|| {
    let a = "[AC-HJKMNP-RT-Y]";
    let an = "[AC-HJKMNP-RT-Y0-9]";
    re(&format!(r"^[1-9]{a}{an}\d-?{a}{an}\d-?{a}{{2}}\d{{2}}$"))
});

/// The UK NHS number's check: ten digits, weights 10 down to 2, mod 11.
fn nhs_check(v: &str) -> bool {
    let d: Vec<u32> = v.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 10 {
        return false;
    }
    let sum: u32 = d[..9].iter().zip((2..=10).rev()).map(|(x, w)| x * w).sum();
    let check = (11 - sum % 11) % 11;
    check != 10 && check == d[9]
}

/// Medical record, patient, client, member, Medicare (MBI), Medi-Cal and social-services
/// case numbers: letters, digits and dashes (at least three digits) after their words. A
/// bare "case number" is taken only when a medical or social-services word comes shortly
/// before it ("CPS case number", "the clinic's case no."); court and permit case numbers
/// ("Case No. 24-CV-001234") are public records and stay.
pub(super) fn find_medical(text: &str, limit: usize) -> Vec<(usize, usize, f32)> {
    find_in_context(text, &MEDICAL_CONTEXT, &MEDICAL_VALUE, limit, |c, _, v| {
        let word = c.as_str().to_ascii_lowercase();
        if word.starts_with("case")
            && (!preceded_by(text, c.start(), &SOCIAL_QUALIFIER) || COURT_DOCKET.is_match(v))
        {
            return None;
        }
        let digits = v.bytes().filter(u8::is_ascii_digit).count();
        if word.starts_with("nhs") {
            return nhs_check(v).then_some(0.95);
        }
        if digits < 3 || looks_like_date_or_phone(v) || v.contains(' ') {
            return None;
        }
        Some(if MBI.is_match(v) { 0.95 } else { 0.8 })
    })
}

/// Dates (2025-01-31, 01-31-2025) and phone numbers (916-555-0142, 555-0142): the numbers
/// most often written right after an identifier's word without being it.
pub(super) fn looks_like_date_or_phone(v: &str) -> bool {
    static SHAPES: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{2,4}|\d{3}-\d{3}-\d{4}|\d{3}-\d{4}|(?:19|20)\d{2})$",
        )
    });
    SHAPES.is_match(v)
}

// ---------------------------------------------------------------------------------------
// Licence plates and VINs.

static PLATE_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:(?:licen[cs]e|registration|number|vehicle)\s+plates?|plates?(?:\s+(?:no\.?|number|#))?|tag(?:\s*(?:no\.?|number|#))?|registreringsnummer|reg\.?\s*nr\.?|rekisterinumero|rekisterikilpi|nummerplade|nummerskilt|(?:vehicle\s+)?registration(?:\s+(?:no\.?|number|mark))?|reg\.?\s+no\.?|VRN|vehicle|Kennzeichen|kenteken|Nummernschild|immatriculation|plaque|matr[ií]cula|placa|targa)|车牌(?:号码?)?|車牌|ナンバー",
    )
});
/// Plates' spellings, the most particular first (the first that ends its token wins).
static PLATE_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    value_re(concat!(
        // China 京A·12345, 粤B·D12345 (a province's character, a letter, five or six);
        // Japan's romanised Shinagawa 300 a 12-34 (and in kana: 品川 300 あ 12-34).
        r"\p{Han}[A-Z][·•.\s]?[A-Z0-9]{5,6}",
        r"|[A-Z][a-z]{2,12}\s\d{2,3}\s[a-z]{1,2}\s\d{1,2}-\d{2}",
        r"|\p{Han}{1,4}\s?\d{2,3}\s?\p{Hiragana}\s?\d{1,2}-\d{2}",
        // The Nordic countries' AB 12 345.
        r"|[A-Z]{2}\s\d{2}\s\d{3}|",
        // UK AB12 CDE; France and Italy AB-123-CD; India MH 12 AB 1234.
        r"[A-Z]{2}\d{2}\s?[A-Z]{3}|[A-Z]{2}[-\s]?\d{3}[-\s]?[A-Z]{2}",
        r"|[A-Z]{2}[-\s]?\d{2}[-\s]?[A-Z]{1,3}[-\s]?\d{4}",
        // Germany B-AB 1234, M AB 123E, UL-JS-7642, BRB-V-19; the Netherlands 12-ABC-3.
        r"|[A-ZÄÖÜ]{1,3}[-\s][A-Z]{1,2}[-\s]?\d{1,4}[EH]?|[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,3}",
        // The US (7ABC123, ABC 1234, ABC-1234, 8V Y9369), Vietnam (20B-90445), Quebec
        // (87-5636W): two groups; Japan's and others' (SV 04-60, PL-5 KHX): three, one of
        // them joined by a dash (a state before a plate, "CA 7ABC123", is not one), tried
        // first.
        r"|[A-Z0-9]{1,4}[-\s·][A-Z0-9]{1,5}-[A-Z0-9]{1,5}|[A-Z0-9]{1,4}-[A-Z0-9]{1,5}[\s·][A-Z0-9]{1,5}",
        // Letters, digits, letters with spaces: Spain's older L 3788 LA, Indonesia's H 531 NFZ.
        r"|[A-Z]{1,2}\s\d{1,4}\s[A-Z]{1,3}",
        r"|[A-Z0-9]{1,4}[-\s·]?[A-Z0-9]{1,6}",
    ))
});

/// What makes a tag or a registration something else's: an asset tag, a business's
/// registration.
static NOT_VEHICLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:asset|inventory|price|name|property|evidence|business|company|corporate|voter|event|course|class|conference|domain|trademark|vendor|contractor|tax|sales|student|program)(?:'?s)?\W*$",
    )
});

/// China's and Japan's plates (see [`PLATE_VALUE`]).
static PLATE_EAST_ASIA: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:\p{Han}[A-Z][·•.\s]?[A-Z0-9]{5,6}|[A-Z][a-z]{2,12}\s\d{2,3}\s[a-z]{1,2}\s\d{1,2}-\d{2}|\p{Han}{1,4}\s?\d{2,3}\s?\p{Hiragana}\s?\d{1,2}-\d{2})$",
    )
});

/// Letters and digits in a plate (the UK's 7, India's up to 10).
const PLATE_MIN: usize = 4;
const PLATE_MAX: usize = 10;

static VIN: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u:\b)[A-HJ-NPR-Z0-9]{17}(?-u:\b)"));

/// The check digit of a North American VIN (position 9).
fn vin_check(v: &str) -> bool {
    const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let value = |c: u8| -> u32 {
        match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'H' => u32::from(c - b'A') + 1,
            b'J'..=b'N' => u32::from(c - b'J') + 1,
            b'P' => 7,
            b'R'..=b'Z' => u32::from(c - b'R') + 9,
            _ => 0,
        }
    };
    let b = v.as_bytes();
    let sum: u32 = b.iter().zip(WEIGHTS).map(|(&c, w)| value(c) * w).sum();
    let check = match sum % 11 {
        10 => b'X',
        r => b'0' + r as u8,
    };
    b[8] == check
}

/// Licence plates after a plate or vehicle word ("license plate", "plate no.", "tag #",
/// "registration", "Kennzeichen", "immatriculation"), not after an asset's or a business's:
/// 4 to 10 capital letters and digits (both), in the US, UK, German, French, Italian, Dutch
/// and Indian spellings. VINs: 17 characters whose check digit holds, anywhere (or after
/// "VIN" when it does not: European VINs carry none).
pub(super) fn find_plate(text: &str, limit: usize) -> Vec<(usize, usize, f32)> {
    let mut out = find_in_context(text, &PLATE_CONTEXT, &PLATE_VALUE, limit, |c, gap, v| {
        if preceded_by(text, c.start(), &NOT_VEHICLE) {
            return None;
        }
        // "vehicle" and "registration" alone are broad words: their plate follows at once
        // ("vehicle: 7ABC123"), not after other words ("vehicle model RAV4").
        let bare = ["vehicle", "registration"]
            .iter()
            .any(|w| c.as_str().eq_ignore_ascii_case(w));
        if bare && gap.chars().any(char::is_alphabetic) {
            return None;
        }
        // China's and Japan's plates: their shape says it.
        if PLATE_EAST_ASIA.is_match(v) {
            return Some(0.85);
        }
        let alnum: String = v.chars().filter(|c| c.is_alphanumeric()).collect();
        let digits = alnum.chars().filter(char::is_ascii_digit).count();
        let letters = alnum.chars().count() - digits;
        // "tag" alone is also a verb and a label's: letters and digits both after it.
        if c.as_str().eq_ignore_ascii_case("tag") && (letters == 0 || digits < 2) {
            return None;
        }
        if !(PLATE_MIN..=PLATE_MAX).contains(&alnum.chars().count()) || digits == 0 {
            return None;
        }
        // Digits alone (Pennsylvania's 246-265) only after a word that names the plate
        // itself, and not a date's, a phone's or a year's shape.
        if letters == 0 {
            let word = c.as_str().to_lowercase();
            let plate_word = [
                "plate",
                "tag",
                "kennzeichen",
                "kenteken",
                "immatricul",
                "plaque",
                "placa",
                "targa",
                "matr",
            ]
            .iter()
            .any(|w| word.contains(w));
            let dated = looks_like_date_or_phone(v) || compact_date(&alnum);
            return (plate_word && digits >= 5 && !dated).then_some(0.7);
        }
        Some(0.8)
    });
    static VIN_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)(?-u:\b)(?:VIN|vehicle\s+identification\s+(?:number|no\.?))[\s:#.]*$")
    });
    for m in VIN.find_iter(text) {
        if out.len() > limit {
            break;
        }
        let v = m.as_str();
        let digits = v.bytes().filter(u8::is_ascii_digit).count();
        if digits == 0 || digits == v.len() {
            continue;
        }
        let score = if vin_check(v) {
            0.85
        } else if preceded_by(text, m.start(), &VIN_CONTEXT) {
            0.75
        } else {
            continue;
        };
        out.push((m.start(), m.end(), score));
    }
    out.sort_by_key(|x| (x.0, x.1));
    out.dedup_by(|b, a| b.0 < a.1);
    out
}

// ---------------------------------------------------------------------------------------
// Spreadsheet columns.

/// What a spreadsheet column holds, as its header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Dob,
    Phone,
    Ssn,
    Card,
    Dl,
    Medical,
    Plate,
    Passport,
    /// Another kind of number (a case's, a permit's, an order's): no phone number.
    Other,
}

/// A header cell's words (lower case, `_ - . / :` as spaces, `#` apart) and what they name.
static HEADERS: LazyLock<[(Column, Regex); 9]> = LazyLock::new(|| {
    // Words of the kinds that stay themselves whoever's they are ("patient date of birth",
    // "primary phone", "spouse SSN") may follow up to three words.
    let lead = r"(?:[\p{L}'’]+\s){0,3}";
    let h = |words: &str| h_with(words, "");
    let h_led = |words: &str| h_with(words, lead);
    fn h_with(words: &str, lead: &str) -> Regex {
        re(&format!(
            r"^{lead}(?:(?:numéro|número|numero|num|no|n°|nº|nr)\s(?:de\s|di\s|do\s|du\s|d')?)?(?:{words})(?:\s?(?:no|nr|num|number|nummer|numéro|número|#|id|n°|nº|n)|番号|号码|號碼|号)?$"
        ))
    }
    [
        (
            Column::Dob,
            h_led(
                r"dob|d o b|date of birth|birth\s?date|birthday|date born|born|geburtsdatum|geb datum|geb|fecha de nacimiento|fecha nacimiento|fecha nac|f nac|nacimiento|date de naissance|naissance|data di nascita|data de nascimento|geboortedatum|födelsedatum|fødselsdato|syntymäaika|data urodzenia|datum narození|doğum tarihi|生年月日|出生日期|생년월일|ngày sinh",
            ),
        ),
        (
            Column::Phone,
            h_led(
                r"(?:(?:home|work|mobile|cell|office|contact|primary|alt|alternate|daytime|evening|business|private|emergency|patient|client|customer|caller)\s)?(?:phone|contact|tél portable|tel portable|tél mobile|cellulare|telefoonnummer|telemóvel|telemovel|handynummer|mobilnummer|rufnummer|telefonnummer|téléphone portable|téléphone mobile|teléfono móvil|numer telefonu|telefonnummer|phone\s?\d|tel|tel\s?\d|telephone|mobile|cell|cellphone|cell phone|fax|mob|ph|telefon|telefonnummer|teléfono|telefono|téléphone|tél|telefone|telefoon|handy|mobil|móvil|movil|celular|portable|gsm|puhelin|numer telefonu|電話|电话|手机|手機|携帯|전화|전화번호)(?:\snumber)?",
            ),
        ),
        (
            Column::Ssn,
            h_led(
                r"ssn|ss|social security(?: number)?|soc sec|social sec|sozialversicherungsnummer",
            ),
        ),
        (
            Column::Card,
            h_led(
                r"card|card number|cc|cc number|credit card(?: number)?|debit card(?: number)?|payment card|card num|pan|kartennummer|kreditkarte|carte|numéro de carte|carte bancaire|tarjeta|número de tarjeta|carta di credito",
            ),
        ),
        (
            Column::Dl,
            h(
                r"dl|dln|cdl|oln|driver(?:'?s)?\s?licen[cs]e|drivers\s?licen[cs]e|driving licen[cs]e|driver lic|dl number|licen[cs]e|lic|führerschein|fuehrerschein|permis|permis de conduire|carnet|carnet de conducir|licencia(?: de conducir)?|patente|rijbewijs|驾驶证|駕駛執照|運転免許証?",
            ),
        ),
        (
            Column::Medical,
            h(
                r"mrn|mr|medical record(?: number)?|med rec|medical rec|chart|patient|patient number|record|nhs(?: number)?|member|health card|medicare|medicaid|mbi",
            ),
        ),
        (
            Column::Plate,
            h(
                r"plate|plate number|vehicle tag|kfz kennzeichen|registreringsnummer|reg nr|nr rejestracyjny|numer rejestracyjny|rekisterinumero|licen[cs]e plate|lic plate|tag|vehicle reg|vehicle registration|registration|reg|vrn|kennzeichen|kenteken|immatriculation|plaque|matr[ií]cula|placa|targa|车牌|车牌号|ナンバー",
            ),
        ),
        (
            Column::Passport,
            h_led(
                r"passport|passport number|护照|護照|旅券|pp|passeport|pasaporte|passaporto|paspoort|reisepass|reisepassnummer",
            ),
        ),
        (
            Column::Other,
            h(
                r"case|case file|docket|permit|parcel|apn|invoice|inv|order|po|ref|reference|account|acct|receipt|claim|ticket|tracking|serial|isbn|item|sku|lot|amount|total|zip|postcode|lat|lon|lng|latitude|longitude|coordinates|year|version|count|qty|quantity|price|id|record id|row|index",
            ),
        ),
    ]
});

/// What a header cell names, if anything.
fn column_of(cell: &str) -> Option<Column> {
    let cell = cell.trim().trim_matches(['"', '\'']).trim();
    // A name of a column: a few words, not a value (a number, a sentence).
    if cell.is_empty()
        || cell.len() > 60
        || cell.starts_with(|c: char| c.is_ascii_digit())
        || cell.split_whitespace().nth(5).is_some()
    {
        return None;
    }
    let mut norm = String::with_capacity(cell.len() + 4);
    // (A hint in brackets is left out: "DOB (MM/DD/YYYY)", "Phone [home]".)
    let mut depth = 0u32;
    for c in cell.chars().flat_map(char::to_lowercase) {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '_' | '-' | '.' | '/' | ':' => norm.push(' '),
            '#' => norm.push_str(" #"),
            c => norm.push(c),
        }
    }
    let norm = norm.split_whitespace().collect::<Vec<_>>().join(" ");
    static SET: LazyLock<regex::RegexSet> = LazyLock::new(|| {
        regex::RegexSet::new(HEADERS.iter().map(|(_, r)| r.as_str())).expect("header patterns")
    });
    SET.matches(&norm).iter().next().map(|i| HEADERS[i].0)
}

/// The cells of a line split at `delim` outside double quotes: byte ranges (relative to the
/// line) of each cell's value, its quotes and surrounding spaces left out.
fn cells(line: &str, delim: u8) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let mut out = vec![];
    let mut start = 0;
    let mut quoted = false;
    for (i, &c) in b.iter().enumerate() {
        if c == b'"' {
            quoted = !quoted;
        } else if c == delim && !quoted {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, b.len()));
    out.into_iter()
        .map(|(a, z)| {
            let s = &line[a..z];
            let lead = s.len() - s.trim_start().len();
            let s = s.trim();
            let (q0, s) = match s.strip_prefix('"') {
                Some(r) => (1, r.strip_suffix('"').unwrap_or(r)),
                None => (0, s),
            };
            let a = a + lead + q0;
            (a, a + s.len())
        })
        .collect()
}

const DELIMITERS: [u8; 4] = [b'\t', b';', b'|', b','];
/// The longest header line looked at (bytes), and the most columns.
const HEADER_MAX: usize = 2000;
const COLUMNS_MAX: usize = 64;
/// How many trailing cells a row may leave out.
const ROW_SHORT: usize = 2;

/// The cells of the rows under header lines, with what their column holds: (kind, byte
/// range of the cell's value), in text order. A header is a line split by a tab, `;`, `|` or
/// `,` into 2 to 64 cells, one of which at least names a kind; its rows are the lines after
/// it with as many cells, or up to two fewer (a blank line or another count ends them). Linear in the text: each
/// line is split once, or once per delimiter it holds while no table is open.
pub(super) fn column_cells(text: &str) -> Vec<(Column, usize, usize)> {
    let mut out = vec![];
    // The current table: its delimiter and what each column holds.
    let mut table: Option<(u8, Vec<Option<Column>>)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if let Some((delim, cols)) = &table {
            let cs = cells(line, *delim);
            // (A row may leave out its last empty cells.)
            let width = cs.len();
            if width <= cols.len() && width + ROW_SHORT >= cols.len() && width >= 2 {
                // A row, unless it is a header again.
                if cs.iter().all(|&(a, b)| column_of(&line[a..b]).is_none()) {
                    for (&(a, b), col) in cs.iter().zip(cols) {
                        if let Some(col) = col
                            && a < b
                        {
                            out.push((*col, start + a, start + b));
                        }
                    }
                    continue;
                }
            }
            table = None;
        }
        if line.len() > HEADER_MAX {
            continue;
        }
        for delim in DELIMITERS {
            if !line.as_bytes().contains(&delim) {
                continue;
            }
            let cs = cells(line, delim);
            if !(2..=COLUMNS_MAX).contains(&cs.len()) {
                continue;
            }
            let kinds: Vec<Option<Column>> =
                cs.iter().map(|&(a, b)| column_of(&line[a..b])).collect();
            if kinds.iter().all(Option::is_none) {
                continue;
            }
            table = Some((delim, kinds));
            break;
        }
    }
    out
}

/// Findings of a detector in the cells of the columns whose header says they hold `want`:
/// `find` is run on each cell behind `prefix` (the kind's context word, so that its shape and
/// checksum rules apply without a word in the text), and what it finds inside the cell is
/// kept. (start, end, score) in text order.
pub(super) fn in_columns(
    text: &str,
    cells: &[(Column, usize, usize)],
    want: Column,
    prefix: &str,
    limit: usize,
    find: impl Fn(&str, usize) -> Vec<(usize, usize, f32)>,
) -> Vec<(usize, usize, f32)> {
    let mut out = vec![];
    let mut buf = String::new();
    for &(_, a, b) in cells.iter().filter(|c| c.0 == want) {
        if out.len() > limit {
            break;
        }
        buf.clear();
        buf.push_str(prefix);
        buf.push_str(&text[a..b]);
        for (s, e, score) in find(&buf, limit) {
            if s >= prefix.len() {
                out.push((a + s - prefix.len(), a + e - prefix.len(), score));
            }
        }
    }
    out
}
