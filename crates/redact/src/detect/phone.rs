//! Phone numbers in national and international forms (default region US).
//!
//! How: a permissive pattern finds runs of digits joined by the separators people write
//! (spaces, non-breaking spaces, `-`, `.`, `/`, parentheses), opened by `+`, `00`, `(` or a
//! digit, with an optional extension (`ext. 23`, `x123`); vanity toll-free numbers
//! (`1-800-FLOWERS`) have their own pattern. A run is refused when it is glued to a longer
//! token (letters, `-`, `.` or `,` with more digits) or preceded by a label that names another
//! kind of number ("Case No.", "Invoice", "Permit", "Parcel"). Otherwise the run, and if it
//! fails the runs of its space-separated pieces (a number after "Room 204"), are judged:
//!
//! - shapes of other values are refused first: dates, ZIP+4, SSNs, IP and version numbers,
//!   `1234-5678`, unseparated runs (account numbers) unless the words before say "phone";
//! - `+` or `00` numbers: the country calling code and national number are checked against
//!   libphonenumber's metadata (the `phonenumber` crate, Apache-2.0);
//! - national numbers: US first (3-3-4 groups, or the 7-digit local `555-0142`); a number
//!   with a trunk `0` (`020 7946 0958`) against the regions hinted by the text (country
//!   codes of its other `+` numbers, country and city names nearby), then a fixed list of
//!   regions that dial a trunk `0`; any other national number only with hints or a word
//!   such as "phone", "tel", "mobile" before it; a calling code in parentheses without its
//!   `+` ("(351) 915 653 444"); a `+` number with a calling code that exists, in groups,
//!   whatever its digits;
//! - by its shape alone, when the metadata does not know it (made-up digits, a region not
//!   guessed, a local number without its area code): 7 to 15 digits (6 in three groups),
//!   not a date's, SSN's, ZIP+4's or version's shape, only after a phone word in one of many
//!   languages ("Tel.", "Fax:", "Handy", "Rückruf unter", "llamar al", "call back at"), right
//!   after another phone number joined by "or", "/", a comma ("… or 3596 6619"), or alone on
//!   a signature's line beside its e-mail or phone line. A phone word keeps a short spaced
//!   tail with the number ("+98 665 2463 7468"), not a year.
//!
//! The score says how sure: a valid number with `+` or a phone word before it is high, a
//! bare national number lower, a shape that libphonenumber does not know as valid lowest.
//! Only runs that pass the cheap shape checks reach the metadata patterns, which are compiled
//! once per region on first use (not libphonenumber's own small regex cache).

use phonenumber::metadata::DATABASE;
use regex::Regex;
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

/// Spaces that may separate digit groups (space, no-break, figure, thin, narrow no-break).
const SPACE: &str = r"[ \u{A0}\u{2007}\u{2009}\u{202F}]";
/// Dashes and the slash that may separate digit groups.
const DASH: &str = r"[\-\u{2010}\u{2011}\u{2012}\u{2013}\u{2212}/]";

fn re(s: &str) -> Regex {
    Regex::new(s).expect("phone patterns compile")
}

/// A run of digits with separators, opened by `+`, `(` or a digit, and an optional extension.
static RUN: LazyLock<Regex> = LazyLock::new(|| {
    let sep = format!(
        r"(?:{SPACE}{{1,2}}|{SPACE}?\)?{SPACE}?{DASH}{SPACE}?|\)?\.|{SPACE}{{0,2}}[()]{SPACE}{{0,2}})"
    );
    re(&format!(
        r"(?:\+{SPACE}?\(?|\(\+?)?\d(?:{sep}?\d)*(?P<ext>{SPACE}*,?{SPACE}*(?i:ext(?:ension)?\.?|x\.?|\#|poste|Durchwahl|Nebenstelle|anexo|interno|int\.|ramal|ankn\.?|anknytning|p\.|toestel|tst\.|wew\.|dahili|lokal|klapka|linja){SPACE}*\d{{1,6}})?"
    ))
});
/// Vanity toll-free numbers: `1-800-FLOWERS`, `(888) GO-CITY1`.
static VANITY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\+?1[ .\-])?\(?8(?:00|33|44|55|66|77|88)\)?[ .\-]?[A-Z0-9]{1,8}(?:-[A-Z0-9]{1,8}){0,3}\b",
    )
});

/// Words right before a number that say it is another kind of number.
static NOT_A_PHONE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:case|docket|deal|trade|meter|permit|invoice|inv|order|PO|account|acct|ref|reference|parcel|APN|receipt|policy|claim|ticket|serial|S/N|tracking|routing|confirmation|badge|employee|ID|file\s*(?:no\.?|nr\.?|num\.?|number|\#)|project|contract|loan|member|patient|MRN|item|SKU|part|lot|batch|cheque|voucher|transaction|booking|incident|warrant|citation|licen[cs]e|passport|ISBN|version|v|build|release|room|suite|unit|page|section|zip|postcode|postal code)\.?\s*(?:no\.?|nr\.?|num\.?|number|#)?\s*[:#.]?\s*$",
    )
});
/// Words before a number that say it is a phone number.
static PHONE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:(?-u:\b)(?:phone|phoned|caller|telephone|tel|tlf|tfn|cell|cellphone|mobile|mob|fax|call|called|calling|callback|ring|rang|text|texted|sms|whatsapp|voicemail|contact|reach|reached|dial|hotline|helpline|landline|switchboard|tél|téléphone|télécopie|appeler|rappeler|telefon|telefonnummer|telefono|teléfono|telefone|telefoon|fone|handy|mobil|mobilnummer|mobiel|móvil|movil|celular|portable|gsm|rufnummer|rückruf|anrufen|erreichbar|llamar|llame|llámenos|contacto|contato|contattare|chiamare|cellulare|bel|bellen|numer|kontaktowy|puhelin|matkapuhelin|numéro|número|numero|nummer)(?-u:\b)|телефон|тел\.|моб\.|τηλέφωνο|τηλ\.|điện\s+thoại|SĐT|(?-u:\b)[TMPFHDWO]\s?:\s*$|^\s*[TMFH]\.?[ \t]{1,2}$|(?:^|[;,(/·|]\s*)(?:home|work|office|direct|alt)\.?\s?:?\s*$|(?:^|(?-u:\b)(?:a|the|this|my|our|her|his|their|same|contact|callback|return|phone|cell|mobile|work|home|office)\s+)number\s?[:,]?\s*$|(?-u:\b)ph(?:\.|\s?:)|電話|携帯|手机|电话|전화|휴대폰|טלפון|تلفن)",
    )
});
/// A voicemail's or call log's field at the start of its line (or after a separator): "From:", "Caller:",
/// "Caller ID:", "CLI:", "Anrufer:", "Appelant :", "Llamante:" (the number right after it).
static CALL_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:^|[|;,·—–\t]|\s-\s)\s*(?:from|caller(?:\s+id)?|calling\s+(?:number|party)|CLI|CLID|anrufer|appelant|llamante|chiamante|de\s+la\s+part\s+de)\s?:\s*$",
    )
});
/// "No.", "Nr.", "N°" alone right before a number.
static BARE_NO: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?:^|[\s(\[,;:])(?:no|nr|n[°º])\.?\s*:?\s*$"));
/// The end of a sentence: a lower-case word of three letters or more, a full stop and a
/// space before a capital ("citation. Number:", not "Acct. No." nor "Inv. No.").
static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| re(r"\p{Ll}{3,}[.!?]\s+(\p{Lu})"));
/// `+CC` in the text: the countries the text's international numbers belong to.
static PLUS_CODE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\+{SPACE}?(\d{{1,3}})(?:{SPACE}|[\-.(])")));

/// How far before a number its label may stand (bytes, on the same line).
const LABEL_WINDOW: usize = 40;
/// How far around a number a country or city name hints at its region (bytes).
const HINT_WINDOW: usize = 160;
/// The fewest digits of any number found (the US 7-digit local number).
const MIN_LOCAL_DIGITS: usize = 7;
/// The most digits of a stretch worth judging: E.164's 15 after `00` and a trunk `(0)`.
const MAX_RUN_DIGITS: usize = MAX_INTERNATIONAL_DIGITS + 3;
/// The fewest digits of a number found by its shape after a phone word, in groups
/// (Luxembourg's and Liechtenstein's "Tel. 74 86 93").
const MIN_LENIENT_DIGITS: usize = 6;
/// The fewest digits of a national number with its area code (US 7-digit local aside).
const MIN_DIGITS: usize = 8;
/// The most digits of a national number written with its trunk prefix.
const MAX_NATIONAL_DIGITS: usize = 12;
/// E.164's most digits of an international number (country code included).
const MAX_INTERNATIONAL_DIGITS: usize = 15;
/// The most space-separated pieces of a number (`00 41 44 123 45 67`, one more for an
/// opening `(0)`).
const MAX_PIECES: usize = 7;

/// Regions that dial a trunk `0` before the area code, tried for `0…` numbers after the
/// text's own hints.
const TRUNK_ZERO_REGIONS: &[&str] = &[
    "GB", "IE", "DE", "AT", "CH", "FR", "BE", "NL", "IT", "SE", "FI", "AU", "NZ", "IN", "JP", "KR",
    "CN", "ZA", "TR", "BR", "AR", "PE", "IL", "EG", "NG", "PK", "TH", "MY", "ID", "PH", "VN", "TW",
];
/// Regions whose national numbers have no trunk prefix, tried only when a phone word stands
/// before the number.
const NO_TRUNK_REGIONS: &[&str] = &[
    "ES", "PT", "IT", "DK", "NO", "PL", "GR", "CZ", "LU", "SG", "HK", "MX", "IN", "CN", "BR", "CA",
];
/// Regions with a trunk prefix that their numbers are usually written without.
const LEFT_OUT_TRUNK: &[&str] = &["BR", "IN", "CN", "MX", "CO"];
/// Country and city names (lower case) that hint at a national number's region.
const PLACE_HINTS: &[(&str, &str)] = &[
    ("united kingdom", "GB"),
    ("uk", "GB"),
    ("britain", "GB"),
    ("england", "GB"),
    ("london", "GB"),
    ("manchester", "GB"),
    ("scotland", "GB"),
    ("ireland", "IE"),
    ("dublin", "IE"),
    ("germany", "DE"),
    ("deutschland", "DE"),
    ("berlin", "DE"),
    ("münchen", "DE"),
    ("munich", "DE"),
    ("hamburg", "DE"),
    ("frankfurt", "DE"),
    ("austria", "AT"),
    ("österreich", "AT"),
    ("wien", "AT"),
    ("vienna", "AT"),
    ("switzerland", "CH"),
    ("schweiz", "CH"),
    ("suisse", "CH"),
    ("zürich", "CH"),
    ("zurich", "CH"),
    ("geneva", "CH"),
    ("genève", "CH"),
    ("bern", "CH"),
    ("france", "FR"),
    ("paris", "FR"),
    ("lyon", "FR"),
    ("marseille", "FR"),
    ("belgium", "BE"),
    ("brussels", "BE"),
    ("bruxelles", "BE"),
    ("netherlands", "NL"),
    ("amsterdam", "NL"),
    ("italy", "IT"),
    ("italia", "IT"),
    ("rome", "IT"),
    ("roma", "IT"),
    ("milan", "IT"),
    ("milano", "IT"),
    ("spain", "ES"),
    ("españa", "ES"),
    ("madrid", "ES"),
    ("barcelona", "ES"),
    ("portugal", "PT"),
    ("lisbon", "PT"),
    ("lisboa", "PT"),
    ("australia", "AU"),
    ("sydney", "AU"),
    ("melbourne", "AU"),
    ("brisbane", "AU"),
    ("new zealand", "NZ"),
    ("auckland", "NZ"),
    ("india", "IN"),
    ("mumbai", "IN"),
    ("delhi", "IN"),
    ("bangalore", "IN"),
    ("bengaluru", "IN"),
    ("japan", "JP"),
    ("tokyo", "JP"),
    ("osaka", "JP"),
    ("brazil", "BR"),
    ("brasil", "BR"),
    ("são paulo", "BR"),
    ("sao paulo", "BR"),
    ("rio de janeiro", "BR"),
    ("mexico", "MX"),
    ("méxico", "MX"),
    ("canada", "CA"),
    ("toronto", "CA"),
    ("china", "CN"),
    ("beijing", "CN"),
    ("shanghai", "CN"),
    ("singapore", "SG"),
    ("hong kong", "HK"),
    ("korea", "KR"),
    ("seoul", "KR"),
    ("south africa", "ZA"),
    ("johannesburg", "ZA"),
    ("denmark", "DK"),
    ("copenhagen", "DK"),
    ("sweden", "SE"),
    ("stockholm", "SE"),
    ("norway", "NO"),
    ("oslo", "NO"),
    ("poland", "PL"),
    ("warsaw", "PL"),
];

/// The names of `PLACE_HINTS`, as words.
static PLACES: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<String> = PLACE_HINTS.iter().map(|(n, _)| regex::escape(n)).collect();
    re(&format!(r"(?i)\b(?:{})\b", names.join("|")))
});

/// Scores: how sure a finding is a phone number.
const SCORE_INTERNATIONAL: f32 = 0.9;
const SCORE_NATIONAL_HINTED: f32 = 0.8;
const SCORE_US: f32 = 0.75;
const SCORE_NATIONAL: f32 = 0.6;
/// A well-shaped number that the metadata does not know as valid (a made-up area code).
const SCORE_SHAPE_ONLY: f32 = 0.5;
const SCORE_LOCAL_SEVEN: f32 = 0.45;
/// Added when a phone word stands before the number (capped below 1).
const CONTEXT_BONUS: f32 = 0.25;
const SCORE_MAX: f32 = 0.98;

/// One region's number patterns, compiled whole (`^(?:…)$`) on first use.
struct Rules {
    national_prefix: Option<String>,
    /// The lengths of the region's numbers.
    lengths: Vec<u16>,
    /// Each number type's lengths (`None`: any) and pattern.
    types: Vec<(Option<Vec<u16>>, Regex)>,
}

/// Every region's rules, each compiled when first needed.
static RULES: LazyLock<HashMap<&'static str, OnceLock<Rules>>> =
    LazyLock::new(|| DATABASE.iter().map(|m| (m.id(), OnceLock::new())).collect());

fn rules(region: &str) -> Option<&'static Rules> {
    let cell = RULES.get(region)?;
    let meta = DATABASE.by_id(region)?;
    Some(cell.get_or_init(|| {
        let d = meta.descriptors();
        let general = d.general().possible_length();
        let types: Vec<(Option<Vec<u16>>, Regex)> = [
            d.fixed_line(),
            d.mobile(),
            d.toll_free(),
            d.premium_rate(),
            d.shared_cost(),
            d.personal_number(),
            d.voip(),
            d.uan(),
        ]
        .into_iter()
        .flatten()
        .filter_map(|t| {
            let lengths = [t.possible_length(), general]
                .into_iter()
                .find(|l| !l.is_empty())
                .map(<[u16]>::to_vec);
            // The metadata's patterns are laid out over lines.
            let pattern: String = t
                .national_number()
                .as_str()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let r = Regex::new(&format!("^(?:{pattern})$")).ok()?;
            Some((lengths, r))
        })
        .collect();
        // The general lengths, where the metadata leaves them out: those of its types.
        let mut lengths = general.to_vec();
        if lengths.is_empty() {
            lengths = types
                .iter()
                .flat_map(|t| t.0.iter().flatten().copied())
                .collect();
            lengths.sort_unstable();
            lengths.dedup();
        }
        Rules {
            national_prefix: meta.national_prefix().map(str::to_string),
            lengths,
            types,
        }
    }))
}

/// How a national significant number fares in a region.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Fit {
    No,
    /// Its length is one the region's numbers have.
    Possible,
    /// It matches one of the region's number types.
    Valid,
}

/// `digits` (national significant number) in `region`; `trunk`: strip the region's trunk
/// prefix first.
fn fit(region: &str, digits: &str, trunk: bool) -> Fit {
    let Some(r) = rules(region) else {
        return Fit::No;
    };
    let mut n = digits;
    if trunk {
        match r.national_prefix.as_deref() {
            Some(p) if n.starts_with(p) => n = &n[p.len()..],
            // Regions that keep the 0 (Italy) match it in their patterns.
            _ if region == "IT" => {}
            _ => return Fit::No,
        }
    }
    let len = n.len() as u16;
    if r.types
        .iter()
        .any(|(l, p)| l.as_ref().is_none_or(|l| l.contains(&len)) && p.is_match(n))
    {
        Fit::Valid
    } else if r.lengths.contains(&len) {
        Fit::Possible
    } else {
        Fit::No
    }
}

/// An international number's digits (after `+` or `00`): the best fit over the calling
/// codes of one to three digits.
fn fit_international(digits: &str) -> Fit {
    let mut best = Fit::No;
    for cc_len in 1..=3.min(digits.len()) {
        let Ok(cc) = digits[..cc_len].parse::<u16>() else {
            continue;
        };
        let Some(regions) = DATABASE.region(&cc) else {
            continue;
        };
        let national = &digits[cc_len..];
        for region in regions {
            // Non-geographic codes (+800 …) are filed under "001".
            let f = if region == "001" {
                DATABASE
                    .by_code(&cc)
                    .and_then(|m| m.into_iter().next())
                    .map_or(Fit::No, |m| {
                        if m.descriptors().general().is_match(national) {
                            Fit::Valid
                        } else {
                            Fit::No
                        }
                    })
            } else {
                fit(region, national, false)
            };
            best = best.max(f);
            if best == Fit::Valid {
                return best;
            }
        }
        // Country codes are prefix-free: the first that exists is the one.
        break;
    }
    best
}

/// The text's hints at regions, found once per text when first needed: the regions of its
/// `+` numbers' calling codes, and where it names a country or city.
struct Hints {
    plus: Vec<&'static str>,
    places: Vec<(usize, &'static str)>,
}

impl Hints {
    fn of(text: &str) -> Hints {
        let mut plus: Vec<&'static str> = vec![];
        for c in PLUS_CODE.captures_iter(text) {
            let digits = &c[1];
            for cc_len in 1..=digits.len() {
                let Ok(cc) = digits[..cc_len].parse::<u16>() else {
                    continue;
                };
                if let Some(regions) = DATABASE.by_code(&cc) {
                    // The code's main country (the US for +1, not the 24 others).
                    let main = regions
                        .iter()
                        .find(|m| m.is_main_country_for_code())
                        .or(regions.first());
                    if let Some(r) = main.map(|m| m.id())
                        && r != "001"
                        && !plus.contains(&r)
                    {
                        plus.push(r);
                    }
                    break;
                }
            }
        }
        let places = PLACES
            .find_iter(text)
            .filter_map(|m| {
                let name = m.as_str().to_lowercase();
                PLACE_HINTS
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, r)| (m.start(), *r))
            })
            .collect();
        Hints { plus, places }
    }

    /// The regions hinted at for a number at `at`: places near it first.
    fn near(&self, at: usize) -> Vec<&'static str> {
        let lo = at.saturating_sub(HINT_WINDOW);
        let from = self.places.partition_point(|p| p.0 < lo);
        let mut out: Vec<&'static str> = vec![];
        for &(pos, region) in &self.places[from..] {
            if pos > at + HINT_WINDOW {
                break;
            }
            if !out.contains(&region) {
                out.push(region);
            }
        }
        for r in &self.plus {
            if !out.contains(r) {
                out.push(r);
            }
        }
        out
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The text on the same line before `at`, at most `LABEL_WINDOW` bytes.
fn label_before(text: &str, at: usize) -> &str {
    let lo = floor_boundary(text, at.saturating_sub(LABEL_WINDOW));
    let s = &text[lo..at];
    match s.rfind('\n') {
        Some(i) => &s[i + 1..],
        None => s,
    }
}

/// Whether the characters around `start..end` glue it to a longer token.
fn glued(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let before2 = text[..start].chars().rev().nth(1);
    let mut after = text[end..].chars();
    let a1 = after.next();
    let a2 = after.next();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    // Before: a letter or digit, a joining sign, or a currency sign.
    if before.is_some_and(|c| {
        word(c)
            || matches!(
                c,
                '-' | '–' | '/' | '$' | '€' | '£' | '¥' | '#' | '@' | '+' | '&' | '='
            )
    }) {
        return true;
    }
    // ".5", ",5" or ":07" before: the tail of a decimal, a dotted run or a time.
    if before.is_some_and(|c| matches!(c, '.' | ',' | ':'))
        && before2.is_some_and(|c| c.is_ascii_digit())
    {
        return true;
    }
    // After: a letter or digit, a joining sign before more of the token, a unit or a
    // currency.
    if a1.is_some_and(|c| word(c) || matches!(c, '%' | '€' | '£' | '$' | '°' | '@')) {
        return true;
    }
    if a1.is_some_and(|c| matches!(c, '-' | '–' | '/' | '.' | ',' | ':' | '_'))
        && a2.is_some_and(|c| c.is_alphanumeric())
    {
        return true;
    }
    false
}

/// The digit groups of a span (without its extension), and how they are separated.
struct Shape {
    groups: Vec<usize>,
    digits: String,
    /// The separators between groups, as written (trimmed of spaces; "" for spaces only).
    seps: Vec<String>,
    plus: bool,
    paren_area: bool,
}

fn shape(s: &str) -> Shape {
    let mut groups = vec![];
    let mut seps = vec![];
    let mut digits = String::new();
    let mut current = 0;
    let mut sep = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            if current == 0 && !groups.is_empty() {
                seps.push(std::mem::take(&mut sep));
            }
            current += 1;
            digits.push(c);
        } else {
            if current > 0 {
                groups.push(current);
                current = 0;
            }
            if !c.is_whitespace() && !groups.is_empty() {
                sep.push(c);
            }
        }
    }
    if current > 0 {
        groups.push(current);
    }
    Shape {
        groups,
        digits,
        seps,
        plus: s.starts_with('+') || s.starts_with("(+"),
        paren_area: s.starts_with('('),
    }
}

/// Shapes of values that are not phone numbers: dates, SSNs, ZIP+4, IPs and versions,
/// `1234-5678`.
fn other_shape(sh: &Shape, word: bool) -> bool {
    let g = &sh.groups;
    let numbers: Vec<u32> = {
        let mut v = vec![];
        let mut i = 0;
        for &n in g {
            v.push(sh.digits[i..i + n].parse().unwrap_or(u32::MAX));
            i += n;
        }
        v
    };
    // (Dates are written with spaces too: 03 11 2025.)
    let joined = sh
        .seps
        .iter()
        .all(|s| matches!(s.as_str(), "-" | "/" | "." | "–" | ""));
    if g.len() == 3 && joined && !sh.plus {
        // 2025-11-03, 11/03/2025, 03.11.2025, 3/11/25.
        let (a, b, c) = (numbers[0], numbers[1], numbers[2]);
        let year = |n: u32, len: usize| len == 4 && (1900..=2100).contains(&n);
        if year(a, g[0]) && g[1] <= 2 && g[2] <= 2 && (1..=12).contains(&b) {
            return true;
        }
        if g[0] <= 2 && g[1] <= 2 && (year(c, g[2]) || g[2] == 2) && a <= 31 && b <= 31 {
            return true;
        }
    }
    // A date written with slashes anywhere in the run, whatever its year ("HE 0100
    // 08/26/01", a mistyped 9/9/4102).
    if (0..sh.seps.len().saturating_sub(1)).any(|w| {
        sh.seps[w] == "/"
            && sh.seps[w + 1] == "/"
            && g[w] <= 2
            && g[w + 1] <= 2
            && matches!(g[w + 2], 2 | 4)
    }) {
        return true;
    }
    if sh.plus {
        return false;
    }
    // SSN 123-45-6789 (any separator), ZIP+4 95814-1234; 1234-5678 unless a phone word
    // says it is one (Australia's and Denmark's 8-digit numbers: "Fax: 2566 7176").
    if *g == [3, 2, 4] || *g == [5, 4] || (*g == [4, 4] && !sh.paren_area && !word) {
        return true;
    }
    // Dots mixed with other separators: a time or date next to an IP or a version (a
    // parenthesised area code before dots aside: "(07).7479.3607").
    let bare: Vec<String> = sh
        .seps
        .iter()
        .map(|s| s.trim_matches(['(', ')']).to_string())
        .collect();
    if bare.iter().any(|s| s == ".") && bare.iter().any(|s| s != ".") {
        return true;
    }
    // Dotted runs: IPs, versions, decimals; a phone written with dots is 3.3.4, 1.3.3.4,
    // pairs (01.42.68.53.00), or groups of 2 to 4 opened by a trunk 0 or a parenthesised
    // area code (08.8953.0708), or any such after a phone word (Direct: 5144.8480).
    if !sh.seps.is_empty() && bare.iter().all(|s| s == ".") {
        let us = *g == [3, 3, 4] || *g == [1, 3, 3, 4];
        let pairs = g.len() >= 4 && g.iter().skip(1).all(|&n| n == 2) && g[0] <= 3;
        let opened = sh.digits.starts_with('0') || sh.paren_area || word;
        let grouped = g.iter().all(|&n| (2..=4).contains(&n))
            && g.contains(&4)
            && sh.digits.len() >= MIN_LOCAL_DIGITS;
        if !(us || pairs || (opened && grouped)) {
            return true;
        }
    }
    // A run with a year at its start and dashes: 2025-0142-77, 2025-555-0142; or a slash,
    // unless a phone word says it is one: case file 2025/02337.
    if g.len() >= 2
        && g[0] == 4
        && (1900..=2100).contains(&numbers[0])
        && (sh.seps[0] == "-" || (sh.seps[0] == "/" && !word))
    {
        return true;
    }
    // A two-digit year, a dash and a sequence, with no phone word: docket 22-364267 (a
    // national number opens with its trunk 0 instead: 02-1234567).
    if *g.as_slice() == [2, 6] && sh.seps[0] == "-" && !sh.digits.starts_with('0') && !word {
        return true;
    }
    false
}

/// The US shapes: 3-3-4 with an optional leading 1, or ten digits.
fn us_shape(sh: &Shape) -> bool {
    let g: &[usize] = if sh.groups.first() == Some(&1) && sh.digits.starts_with('1') {
        &sh.groups[1..]
    } else {
        &sh.groups
    };
    matches!(g, [3, 3, 4] | [3, 7] | [10]) && sh.digits.len() <= 11
}

/// What the words before a number say.
#[derive(Clone, Copy)]
struct Label {
    /// That it is another kind of number ("Case No.").
    other: bool,
    /// That it is a phone number ("tel").
    word: bool,
}

impl Label {
    fn before(text: &str, at: usize) -> Label {
        let mut label = label_before(text, at);
        // Only the sentence the number is in: "about the parking citation. Number: …".
        if let Some(c) = SENTENCE_END.captures_iter(label).last() {
            label = &label[c.get(1).map_or(label.len(), |m| m.start())..];
        }
        // A call log's field ("From:", "Caller ID:") says phone, whatever "ID" says.
        let field = CALL_FIELD.is_match(label);
        // "No." alone before a number is a docket's or a list's ("No. 22-364267"), unless a
        // phone word says otherwise ("Tel. No.").
        let bare_no = BARE_NO.is_match(label) && !PHONE_WORD.is_match(label);
        Label {
            other: !field && (bare_no || NOT_A_PHONE_LABEL.is_match(label)),
            word: field || PHONE_WORD.is_match(label),
        }
    }
}

/// The verdict on one span: its score, or `None`.
fn judge(
    text: &str,
    start: usize,
    end: usize,
    ext: bool,
    hints: &mut Option<Hints>,
    label: &mut Option<Label>,
    pass: Pass,
) -> Option<f32> {
    let s = &text[start..end];
    let number = s.replace("(0)", "");
    let sh = shape(&number);
    let n = sh.digits.len();
    // The cheap shape checks first, the words before the number only when needed.
    if let Pass::Lenient = pass {
        if !lenient(&sh)
            || label
                .get_or_insert_with(|| Label::before(text, start))
                .other
        {
            return None;
        }
        return Some((SCORE_SHAPE_ONLY + CONTEXT_BONUS).min(SCORE_MAX));
    }
    // (A phone word makes two of the shapes a phone's: 2566 7176, 5144.8480.)
    if other_shape(&sh, false) && other_shape(&sh, true) {
        return None;
    }
    let Label { other, word } = *label.get_or_insert_with(|| Label::before(text, start));
    if other || other_shape(&sh, word) {
        return None;
    }
    let bonus = |score: f32| {
        if word || ext {
            (score + CONTEXT_BONUS).min(SCORE_MAX)
        } else {
            score
        }
    };
    // Unseparated runs are account and reference numbers unless marked as phones (a
    // 10-digit US number and a `+` number aside).
    let unseparated = sh.groups.len() == 1;
    // International: `+…` or `00…`.
    let international = if sh.plus {
        Some(sh.digits.as_str())
    } else if sh.digits.starts_with("00") && !sh.digits.starts_with("000") && !unseparated {
        Some(&sh.digits[2..])
    } else {
        None
    };
    if let Some(d) = international {
        if !(MIN_DIGITS..=MAX_INTERNATIONAL_DIGITS).contains(&d.len()) {
            return None;
        }
        return match fit_international(d) {
            Fit::Valid => Some(bonus(SCORE_INTERNATIONAL)),
            // A `+` number of a possible length that the metadata does not know (made-up
            // digits); `00…` runs are too often other numbers for that, unless written in
            // three groups or more (001-453-633-6191).
            Fit::Possible if sh.plus && (!unseparated || word) => Some(bonus(SCORE_SHAPE_ONLY)),
            Fit::Possible if !sh.plus && sh.groups.len() >= 3 => Some(bonus(SCORE_SHAPE_ONLY)),
            // A `+`, a calling code that exists and nine digits or more in groups: a phone
            // number whatever its digits (the `+` says so).
            Fit::No if sh.plus && !unseparated && d.len() >= 9 && calling_code(d) => {
                Some(bonus(SCORE_SHAPE_ONLY))
            }
            _ => None,
        };
    }
    // The 7-digit local number: 555-0142.
    if n == 7 {
        let sep = sh.seps.first().map_or("?", String::as_str);
        let seven = sh.groups == [3, 4] && (matches!(sep, "-" | "–") || (word && sep.is_empty()));
        return seven.then(|| bonus(SCORE_LOCAL_SEVEN));
    }
    // (Austria's and Germany's long extensions of a trunk-0 number, written with spaces:
    // 05237 23416 821; dashed runs that long are contracts' and accounts'.)
    let longest = if sh.digits.starts_with('0') && !unseparated && !number.contains(['-', '–']) {
        MAX_NATIONAL_DIGITS + 2
    } else {
        MAX_NATIONAL_DIGITS
    };
    if n > longest || (unseparated && !word && n != 10) {
        return None;
    }
    // (A 3-3-4 number with a trunk 0 is another country's: 021 123 4567.)
    if us_shape(&sh) && !sh.digits.starts_with('0') {
        return match fit("US", &sh.digits, sh.digits.len() == 11) {
            // Ten digits in a row are as often an account number.
            Fit::Valid if unseparated => Some(bonus(SCORE_SHAPE_ONLY)),
            Fit::Valid => Some(bonus(SCORE_US)),
            // A made-up area code in the usual shape: the forms always found before.
            _ if !unseparated || word => Some(bonus(SCORE_SHAPE_ONLY)),
            _ => None,
        };
    }
    if n < MIN_DIGITS {
        return None;
    }
    // A country calling code in parentheses, without its `+`: "(351) 915 653 444".
    if sh.paren_area
        && !sh.digits.starts_with('0')
        && sh.groups.len() >= 2
        && sh.groups[0] <= 3
        && sh.digits[..sh.groups[0]]
            .parse::<u16>()
            .is_ok_and(|cc| DATABASE.region(&cc).is_some())
        && fit_international(&sh.digits) == Fit::Valid
    {
        return Some(bonus(SCORE_NATIONAL));
    }
    let hinted = hints.get_or_insert_with(|| Hints::of(text)).near(start);
    // A hinted region's own trunk prefix, whatever it is (Russia's 8 (495) 123-45-67).
    if !sh.digits.starts_with('0')
        && hinted
            .iter()
            .any(|r| fit(r, &sh.digits, true) == Fit::Valid)
    {
        return Some(bonus(SCORE_NATIONAL_HINTED));
    }
    if sh.digits.starts_with('0') {
        // The trunk 0 and at least an area code's first digit before the first separator:
        // "0 1234 5678" is a run of numbers.
        if sh.groups[0] < 2 && !sh.paren_area {
            return None;
        }
        // Pairs are the French way, five of them: 09 10 11 12 is a list.
        if sh.groups.iter().all(|&g| g == 2) && sh.groups.len() != 5 {
            return None;
        }
        if hinted
            .iter()
            .any(|r| fit(r, &sh.digits, true) == Fit::Valid)
        {
            return Some(bonus(SCORE_NATIONAL_HINTED));
        }
        if TRUNK_ZERO_REGIONS
            .iter()
            .any(|r| fit(r, &sh.digits, true) == Fit::Valid)
        {
            return Some(bonus(SCORE_NATIONAL));
        }
        return None;
    }
    // No trunk prefix and not a US number: only in the hinted regions whose numbers are
    // written without one, or after a phone word.
    if hinted
        .iter()
        .filter(|r| written_without_trunk(r))
        .any(|r| fit(r, &sh.digits, false) == Fit::Valid)
    {
        return Some(bonus(SCORE_NATIONAL));
    }
    // Groupings typical of one country's mobiles: India's 98765 43210, China's 138 0013 8000.
    let typical = match sh.groups.as_slice() {
        [5, 5] => Some("IN"),
        [3, 4, 4] if sh.digits.starts_with('1') => Some("CN"),
        _ => None,
    };
    if typical.is_some_and(|r| fit(r, &sh.digits, false) == Fit::Valid) {
        return Some(bonus(SCORE_NATIONAL));
    }
    if word
        && NO_TRUNK_REGIONS
            .iter()
            .any(|r| fit(r, &sh.digits, false) == Fit::Valid)
    {
        return Some(bonus(SCORE_NATIONAL));
    }
    None
}

/// How a span is judged: by the metadata and the usual shapes, or (after a phone word,
/// when that finds nothing) by its shape alone.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    Strict,
    Lenient,
}

/// Whether a span after a phone word ("Phone:", "Fax", "call back at", "Rückruf unter", or
/// right after another phone number: "… or 3596 6619") can be a phone number by its shape
/// alone, whatever the metadata says (made-up numbers, numbers of regions not guessed):
/// 7 to 15 digits in at most seven groups, a `+` number's calling code one that exists,
/// and not the shape of a date, an SSN, a ZIP+4 or a version.
fn lenient(sh: &Shape) -> bool {
    let n = sh.digits.len();
    // Six digits only in three groups or two of three (Luxembourg's 74 86 93, 748 693).
    let least = if sh.groups.len() >= 3 || sh.groups == [3, 3] {
        MIN_LENIENT_DIGITS
    } else {
        MIN_LOCAL_DIGITS
    };
    if !(least..=MAX_INTERNATIONAL_DIGITS).contains(&n)
        || sh.groups.len() > MAX_PIECES
        || other_shape(sh, true)
    {
        return false;
    }
    // A lone digit at the end is a list's or a version's, not a number's.
    if sh.groups.len() > 1 && sh.groups.last() == Some(&1) {
        return false;
    }
    if !sh.plus && sh.groups.len() >= 2 {
        let values: Vec<u64> = {
            let mut i = 0;
            sh.groups
                .iter()
                .map(|&g| {
                    let v = sh.digits[i..i + g].parse().unwrap_or(0);
                    i += g;
                    v
                })
                .collect()
        };
        let g = &sh.groups;
        // An amount in thousands (1 250 000, 12 345 678), years (2019 2020), a count
        // (10 20 30 40).
        let thousands = g.len() >= 3 && g[0] <= 2 && g[1..].iter().all(|&n| n == 3);
        let years = g
            .iter()
            .zip(&values)
            .all(|(&n, v)| n == 4 && (1900..=2100).contains(v));
        let step = values.get(1).map(|b| *b as i64 - values[0] as i64);
        let counting = g.len() >= 3
            && step.is_some_and(|d| d != 0)
            && values
                .windows(2)
                .all(|w| Some(w[1] as i64 - w[0] as i64) == step);
        if (thousands && !sh.digits.starts_with('0')) || years || counting {
            return false;
        }
    }
    !sh.plus || calling_code(&sh.digits)
}

/// Whether an international number's digits open with a country calling code that exists.
fn calling_code(digits: &str) -> bool {
    (1..=3.min(digits.len())).any(|k| {
        digits[..k]
            .parse::<u16>()
            .is_ok_and(|cc| DATABASE.region(&cc).is_some())
    })
}

/// Whether a region's national numbers are written without a trunk prefix: it has none,
/// or its people leave it out (Brazil's "(11) 91234-5678", India's mobiles).
fn written_without_trunk(region: &str) -> bool {
    LEFT_OUT_TRUNK.contains(&region) || rules(region).is_some_and(|r| r.national_prefix.is_none())
}

/// Whether a stretch `piece` at `s` (in a run ending at `end`) may be judged by its shape
/// alone: after a phone word, or, written in groups (or with `+`; not a run of digits, a
/// list's or a contract's), where its place says it is a phone number.
fn lenient_allowed(
    text: &str,
    s: usize,
    end: usize,
    piece: &str,
    label: &mut Option<Label>,
    found: &[(usize, usize, f32)],
) -> bool {
    let l = *label.get_or_insert_with(|| Label::before(text, s));
    let grouped = piece.starts_with('+')
        || piece.contains(char::is_whitespace)
        || piece.contains(['-', '–', '.', '/', ')']);
    !l.other && (l.word || phone_place(text, s, end, found, grouped))
}

/// Words that join a number to the phone number before it: "… or 3596 6619", "/ alt.".
static JOINER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[\s,;/()|·–—-]*(?:(?:or|and|oder|und|ou|et|o|y|of|en|eller|og|tai|ja|lub|albo|veya|ve|hoặc|или|alt\.?|alternat(?:e|ive)|home|work|office|mobile|cell|fax|direct|privat|büro|bureau|casa|oficina|ufficio)[\s,;:/().|·–—-]*){0,2}$",
    )
});
/// How far after a phone number the next one may stand to be joined to it (bytes).
const JOIN_WINDOW: usize = 24;

/// Whether where a number stands says it is a phone number: right after another one on the
/// same line, joined by "or", "/", a comma ("+45 95 16 16 79 or 3596 6619"); or alone on its
/// line next to a signature's e-mail or phone line (a signature's bare number line).
fn phone_place(
    text: &str,
    start: usize,
    end: usize,
    found: &[(usize, usize, f32)],
    grouped: bool,
) -> bool {
    // (A run of digits only when a word joins it: "… or 09901650130", not a list's
    // "012-64365-101, 96018049".)
    if let Some(&(_, prev_end, _)) = found.last()
        && prev_end <= start
        && start - prev_end <= JOIN_WINDOW
        && JOINER.is_match(&text[prev_end..start])
        && (grouped || text[prev_end..start].contains(char::is_alphabetic))
    {
        return true;
    }
    if !grouped {
        return false;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let alone = text[line_start..start].trim().is_empty() && text[end..line_end].trim().is_empty();
    if !alone || line_start == 0 && line_end == text.len() {
        return false;
    }
    // The lines just before and after: a signature's e-mail or phone line, not another bare
    // number (a list of meters or contracts) nor a mail header.
    let before = line_start
        .checked_sub(1)
        .map(|nl| &text[text[..nl].rfind('\n').map_or(0, |i| i + 1)..nl]);
    let after = (line_end < text.len()).then(|| {
        let from = line_end + 1;
        &text[from..text[from..].find('\n').map_or(text.len(), |i| from + i)]
    });
    let bare = |l: &str| {
        let l = l.trim();
        !l.is_empty() && !l.contains(char::is_alphabetic)
    };
    if before.is_some_and(bare) || after.is_some_and(bare) {
        return false;
    }
    [before, after]
        .into_iter()
        .flatten()
        .any(|l| SIGNATURE_LINE.is_match(l) || PHONE_WORD.is_match(l))
}

/// A signature's line beside a bare number: its e-mail ("E-mail:", "mailto:", an address
/// alone) or a phone line's label ("M: +43 …", "Fax. …").
static SIGNATURE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^\s*(?:>\s*)?(?:e-?mail|mailto|[TMFPHEO]\s?[:.]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$)")
});

/// The pieces of a run split at its spaces: byte ranges, relative to the run.
fn pieces(run: &str) -> Vec<(usize, usize)> {
    let mut out = vec![];
    let mut start = None;
    for (i, c) in run.char_indices() {
        let space = c.is_whitespace();
        match (start, space) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, run.len()));
    }
    out
}

/// The phone numbers in a run: from its first space-separated piece on, the longest
/// stretch of pieces that is a number (the whole run first), then on after it.
fn numbers_in_run(
    text: &str,
    start: usize,
    end: usize,
    ext_start: Option<usize>,
    hints: &mut Option<Hints>,
    out: &mut Vec<(usize, usize, f32)>,
    limit: usize,
) {
    let body_end = ext_start.unwrap_or(end);
    let run = &text[start..body_end];
    // A run glued to a longer token (an IBAN, a work order) is no phone number, nor is any
    // part of it.
    if glued(text, start, end) {
        return;
    }
    // Most runs are a year or a small number.
    if run.bytes().filter(u8::is_ascii_digit).count() < MIN_LENIENT_DIGITS {
        return;
    }
    let ps = pieces(run);
    // Digits up to each piece's end.
    let mut digits_to = Vec::with_capacity(ps.len() + 1);
    digits_to.push(0);
    for &(a, b) in &ps {
        let n = run[a..b].bytes().filter(u8::is_ascii_digit).count();
        digits_to.push(digits_to.last().copied().unwrap_or(0) + n);
    }
    let mut first = 0;
    'pieces: while first < ps.len() && out.len() <= limit {
        let longest = (ps.len() - first).min(MAX_PIECES);
        let mut label = None;
        // Whether the shape alone may do (after a phone word, or in a phone's place),
        // found when first needed.
        let mut lenient_ok: Option<bool> = None;
        for pass in [Pass::Strict, Pass::Lenient] {
            for len in (1..=longest).rev() {
                let last = first + len - 1;
                let digits = digits_to[last + 1] - digits_to[first];
                if !(MIN_LENIENT_DIGITS..=MAX_RUN_DIGITS).contains(&digits) {
                    continue;
                }
                let (a, _) = ps[first];
                let (_, b) = ps[last];
                let piece = &run[a..b];
                // A stretch starts at a number's opening and ends on a digit.
                if !piece.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '(')
                    || !piece.ends_with(|c: char| c.is_ascii_digit())
                {
                    continue;
                }
                let (s, e) = (start + a, start + b);
                if pass == Pass::Strict {
                    // After another number in the same run, only a stretch that is plainly
                    // one number: written with signs (916-555-0142) or in 3-3-4 groups.
                    let plain = first == 0
                        || piece.contains(['-', '–', '.', '/', '(', ')', '+'])
                        || (first..=last)
                            .map(|i| digits_to[i + 1] - digits_to[i])
                            .eq([3, 3, 4]);
                    if !plain || digits < MIN_LOCAL_DIGITS {
                        continue;
                    }
                } else {
                    // Inside a run, only after a piece taken as a phone number: the rest of
                    // "invoice 0412 34 56 78" is no number of its own.
                    // (The last piece with digits before this one: "9841594541 / 9808277893".)
                    let before = (0..first).rev().find(|&i| digits_to[i + 1] > digits_to[i]);
                    let after_phone = before.is_none_or(|i| {
                        out.last()
                            .is_some_and(|f| f.0 >= start && f.1 >= start + ps[i].1)
                    });
                    if !after_phone {
                        break;
                    }
                    if !lenient(&shape(&text[s..e].replace("(0)", ""))) {
                        continue;
                    }
                    let allowed = *lenient_ok.get_or_insert_with(|| {
                        lenient_allowed(text, s, end, piece, &mut label, out)
                    });
                    if !allowed {
                        break;
                    }
                }
                let ext = last == ps.len() - 1 && ext_start.is_some();
                let Some(score) = judge(text, s, e, ext, hints, &mut label, pass) else {
                    continue;
                };
                // A short tail of digits after a number written with spaces alone, too short
                // to be a number of its own, is this one's end ("+98 665 2463 7468"), when a
                // phone word or place allows the shape alone; a year is not.
                let mut last = last;
                let mut score = score;
                let tail_end = (first + MAX_PIECES).min(ps.len()) - 1;
                if pass == Pass::Strict && last < tail_end {
                    let tail = &run[ps[last + 1].0..ps[tail_end].1];
                    let tail_digits = digits_to[tail_end + 1] - digits_to[last + 1];
                    let spaced = !piece.contains(['-', '–', '.', '/', '(', ')'])
                        && !tail.contains(|c: char| !c.is_ascii_digit() && !c.is_whitespace());
                    let year =
                        tail.len() == 4 && (tail.starts_with("19") || tail.starts_with("20"));
                    if spaced && !year && tail_digits < MIN_LOCAL_DIGITS {
                        let allowed = *lenient_ok.get_or_insert_with(|| {
                            lenient_allowed(text, s, end, piece, &mut label, out)
                        });
                        let whole_end = start + ps[tail_end].1;
                        if allowed
                            && let Some(sc) =
                                judge(text, s, whole_end, false, hints, &mut label, Pass::Lenient)
                        {
                            last = tail_end;
                            score = sc;
                        }
                    }
                }
                let to_end = last == ps.len() - 1;
                // The extension belongs to a stretch that ends where the run's digits end.
                let e_full = if to_end { end } else { start + ps[last].1 };
                out.push((s, e_full, score));
                first = last + 1;
                continue 'pieces;
            }
        }
        first += 1;
    }
}

/// The phone numbers in `text`: byte ranges with a confidence, in text order, at most
/// `limit + 1` of them.
pub(super) fn find(text: &str, limit: usize) -> Vec<(usize, usize, f32)> {
    let mut found: Vec<(usize, usize, f32)> = vec![];
    let mut hints = None;
    for c in RUN.captures_iter(text) {
        if found.len() > limit {
            break;
        }
        let m = c.get(0).expect("match");
        let ext_start = c.name("ext").map(|e| e.start());
        numbers_in_run(
            text,
            m.start(),
            m.end(),
            ext_start,
            &mut hints,
            &mut found,
            limit,
        );
    }
    if found.len() <= limit {
        for m in VANITY.find_iter(text) {
            if !m.as_str().bytes().any(|b| b.is_ascii_uppercase())
                || glued(text, m.start(), m.end())
                || found.iter().any(|f| f.0 < m.end() && m.start() < f.1)
            {
                continue;
            }
            let digits: String = m.as_str().chars().filter_map(keypad).collect();
            let d = digits.strip_prefix('1').unwrap_or(&digits);
            // The word after the toll-free code: at least three letters, and six to eight
            // keys (a word may run past the seventh: 1-800-FLOWERS, 1-877-HELP-4-U).
            let word_keys = d.len().saturating_sub(3);
            let letters = m.as_str().bytes().filter(u8::is_ascii_uppercase).count();
            if (6..=8).contains(&word_keys)
                && letters >= 3
                && letters + 2 >= word_keys
                && !Label::before(text, m.start()).other
                && (word_keys != 7 || fit("US", d, false) == Fit::Valid)
            {
                let word = PHONE_WORD.is_match(label_before(text, m.start()));
                let score = if word { SCORE_INTERNATIONAL } else { SCORE_US };
                found.push((m.start(), m.end(), score));
            }
        }
        found.sort_by_key(|f| f.0);
    }
    found.truncate(limit.saturating_add(1));
    found
}

/// A character's digit on a phone keypad.
fn keypad(c: char) -> Option<char> {
    let d = match c {
        '0'..='9' => return Some(c),
        'A'..='C' => '2',
        'D'..='F' => '3',
        'G'..='I' => '4',
        'J'..='L' => '5',
        'M'..='O' => '6',
        'P'..='S' => '7',
        'T'..='V' => '8',
        'W'..='Z' => '9',
        _ => return None,
    };
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(text: &str) -> Vec<f32> {
        find(text, usize::MAX).into_iter().map(|f| f.2).collect()
    }

    #[test]
    fn scores_say_how_sure() {
        let intl = score("at +44 20 7946 0958 now")[0];
        let intl_word = score("Tel: +44 20 7946 0958")[0];
        let us = score("at 916-555-0142 now")[0];
        let us_word = score("phone 916-555-0142")[0];
        let national = score("at 020 7946 0958 now")[0];
        let hinted = score("London office, 020 7946 0958")[0];
        let seven = score("at 555-0142 now")[0];
        let made_up = score("at (555) 123-4567 now")[0];
        assert!(
            intl_word > intl && intl > us && us > national,
            "{intl_word} {intl} {us} {national}"
        );
        assert!(us_word > us && hinted > national, "{us_word} {hinted}");
        assert!(seven < national && made_up < us, "{seven} {made_up}");
        for s in [
            intl, intl_word, us, us_word, national, hinted, seven, made_up,
        ] {
            assert!(s > 0.0 && s <= 1.0);
        }
    }

    #[test]
    fn stops_one_past_the_limit() {
        let text = "555-0142 ".repeat(20);
        assert_eq!(find(&text, 4).len(), 5);
        assert_eq!(find(&text, 100).len(), 20);
    }

    #[test]
    fn the_metadata_is_read_whole() {
        // Patterns laid out over lines, and lengths given only per number type.
        assert_eq!(fit("US", "9165550142", false), Fit::Valid);
        assert_eq!(fit("GB", "02079460958", true), Fit::Valid);
        assert_eq!(fit("GB", "2079460958", true), Fit::No);
        assert_eq!(fit_international("41441234567"), Fit::Valid);
        assert_eq!(fit_international("1234567000"), Fit::No);
    }
}
