//! Email conversations (threading) and inclusive messages.
//!
//! Messages are joined into conversations by, in order of trust:
//! 1. **headers**: `Message-ID`, `In-Reply-To`, `References` (copies of one message, e.g. the
//!    sender's and a recipient's, share a `Message-ID`: they are one message);
//! 2. **Outlook's conversation index** (`Thread-Index`: a 22-byte header shared by the whole
//!    conversation, then 5 bytes per reply, so a message's parent is its index less 5 bytes);
//! 3. **the quoted text itself**, for collections that lost those headers: a message whose
//!    quote (after `-----Original Message-----`, a forward banner, `On … wrote:`, an Outlook
//!    `From:`/`Sent:` block, or `>` lines) holds what another message of the same subject
//!    said, among the same people, replies to it;
//! 4. a reply with no headers and no quote ("Re:" subject, same subject, the two senders
//!    writing to each other, within 14 days) joins the latest such message.
//!
//! A shared subject alone never joins two messages: two "Budget" conversations between
//! different people, or the same people months apart, stay apart.
//!
//! A message is **inclusive** unless a later message of its conversation holds its whole text
//! (normalised: quoting and wrapping do not matter) and every attachment it carried. So the
//! ends of the branches are inclusive, a reply that did not quote leaves its parent inclusive,
//! and so does a reply that dropped an attachment. Of copies of one message only the first is
//! inclusive.

use std::collections::HashMap;

use crate::text::{holds, is_reply_subject, normal, split, subject_key, unquote_printable};

/// What threading needs of one email record.
#[derive(Debug, Clone, Default)]
pub struct Message {
    /// The record's id.
    pub id: u64,
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    /// `References`, oldest first (see [`parse_ids`]).
    pub references: Vec<String>,
    /// Outlook's `Thread-Index`, decoded.
    pub thread_index: Option<Vec<u8>>,
    pub subject: String,
    /// The sender's address.
    pub from: Option<String>,
    /// Every recipient's address (To, Cc, Bcc).
    pub recipients: Vec<String>,
    /// Seconds since 1970, when known.
    pub date: Option<i64>,
    /// The body as read (not the header block).
    pub body: String,
    /// The attachments' content hashes.
    pub attachments: Vec<String>,
}

/// Where one message stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub id: u64,
    /// The conversation: the smallest record id among its messages.
    pub conversation: u64,
    /// The message this one replies to or forwards, when known.
    pub parent: Option<u64>,
    pub inclusive: bool,
    /// The first copy of the same message (same `Message-ID`), for later copies.
    pub copy_of: Option<u64>,
}

/// A message from what ingest keeps of an email record: its metadata fields (`message_id`,
/// `in_reply_to`, `references`, `thread_index` in base64, `subject`, `from`, `to`, `cc`,
/// `bcc`, `date` in RFC 3339) and its text (the header block, a blank line, the body).
pub fn from_fields<'a>(
    id: u64,
    fields: impl Fn(&str) -> Option<&'a str>,
    text: &str,
    attachments: Vec<String>,
) -> Message {
    let field = |k: &str| fields(k).filter(|v| !v.trim().is_empty());
    let addresses = |k: &str| field(k).map(addresses_in).unwrap_or_default();
    let body = match text.find("\n\n") {
        Some(at) => &text[at + 2..],
        None => text,
    };
    Message {
        id,
        message_id: field("message_id").map(String::from),
        in_reply_to: field("in_reply_to").map(String::from),
        references: field("references").map(parse_ids).unwrap_or_default(),
        thread_index: field("thread_index").and_then(base64),
        subject: field("subject").unwrap_or("").to_string(),
        from: addresses("from").into_iter().next(),
        recipients: ["to", "cc", "bcc"]
            .iter()
            .flat_map(|k| addresses(k))
            .collect(),
        date: field("date").and_then(rfc3339_secs),
        body: body.to_string(),
        attachments,
    }
}

/// The addresses in a header value ("Ann Lee <ann@city.gov>, bob@city.gov"), lower case;
/// a name without an address stands for itself.
fn addresses_in(s: &str) -> Vec<String> {
    s.split([',', ';'])
        .filter_map(|p| {
            let a = match (p.find('<'), p.rfind('>')) {
                (Some(l), Some(r)) if l < r => &p[l + 1..r],
                _ => p,
            };
            let a = a.trim().trim_matches('"').trim().to_ascii_lowercase();
            (!a.is_empty()).then_some(a)
        })
        .collect()
}

/// Seconds since 1970 of "2001-05-14T16:39:00Z" / "…+02:00" (what extraction stores).
fn rfc3339_secs(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    // Days from the civil date (Howard Hinnant's algorithm).
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * (mo + if mo > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let mut secs = days * 86_400 + h * 3600 + mi * 60 + se;
    // After the seconds (and any fraction): "Z", "+HH:MM" or "-HH:MM".
    let zone = s[19..].trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    if let Some(sign @ ('+' | '-')) = zone.chars().next() {
        let hh = zone
            .get(1..3)
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0);
        let mm = zone
            .get(4..6)
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0);
        let off = hh * 3600 + mm * 60;
        secs += if sign == '+' { -off } else { off };
    }
    Some(secs)
}

/// Standard base64 (padding optional); None when it is not.
fn base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.trim().bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            b' ' | b'\r' | b'\n' | b'\t' => continue,
            _ => return None,
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// Message ids in a header value: each `<…>` (or, without brackets, each word), normalised.
pub fn parse_ids(s: &str) -> Vec<String> {
    let bracketed: Vec<String> = s
        .split('<')
        .skip(1)
        .filter_map(|p| p.split('>').next())
        .filter_map(norm_id)
        .collect();
    if !bracketed.is_empty() {
        return bracketed;
    }
    s.split_whitespace().filter_map(norm_id).collect()
}

fn norm_id(s: &str) -> Option<String> {
    let t = s.trim().trim_matches(|c| c == '<' || c == '>').trim();
    (!t.is_empty()).then(|| t.to_ascii_lowercase())
}

/// Union–find over message indexes.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, i: usize) -> usize {
        let mut r = i;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut i = i;
        while self.0[i] != r {
            let next = self.0[i];
            self.0[i] = r;
            i = next;
        }
        r
    }
    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

/// What the comparisons need of a message, computed once.
struct Read {
    full: String,
    own: String,
    quoted: String,
    subject: String,
    people: Vec<String>,
}

/// Threads `messages`: one [`Placed`] per message, in the order given.
pub fn converse(messages: &[Message]) -> Vec<Placed> {
    let n = messages.len();
    let mut sets = Sets((0..n).collect());
    let mut parent: Vec<Option<usize>> = vec![None; n];
    let mut copy_of: Vec<Option<usize>> = vec![None; n];

    // 1. Headers.
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (i, m) in messages.iter().enumerate() {
        if let Some(id) = m.message_id.as_deref().and_then(norm_id) {
            match by_id.get(&id) {
                Some(&first) => {
                    copy_of[i] = Some(first);
                    sets.join(first, i);
                }
                None => {
                    by_id.insert(id, i);
                }
            }
        }
    }
    for (i, m) in messages.iter().enumerate() {
        let named = m
            .in_reply_to
            .as_deref()
            .and_then(norm_id)
            .into_iter()
            .chain(m.references.iter().rev().filter_map(|r| norm_id(r)));
        for id in named {
            if let Some(&j) = by_id.get(&id) {
                let j = copy_of[j].unwrap_or(j);
                if j == i || copy_of[i] == Some(j) {
                    continue;
                }
                sets.join(i, j);
                parent[i].get_or_insert(j);
            }
        }
    }

    // 2. Outlook's conversation index.
    let mut by_index: HashMap<&[u8], usize> = HashMap::new();
    let mut by_conversation: HashMap<&[u8], usize> = HashMap::new();
    for (i, m) in messages.iter().enumerate() {
        let Some(ix) = m.thread_index.as_deref().filter(|x| valid_index(x)) else {
            continue;
        };
        by_index.entry(ix).or_insert(i);
        match by_conversation.get(&ix[..22]) {
            Some(&first) => sets.join(first, i),
            None => {
                by_conversation.insert(&ix[..22], i);
            }
        }
    }
    for (i, m) in messages.iter().enumerate() {
        if parent[i].is_some() || copy_of[i].is_some() {
            continue;
        }
        let Some(ix) = m.thread_index.as_deref().filter(|x| valid_index(x)) else {
            continue;
        };
        if ix.len() > 22
            && let Some(&j) = by_index.get(&ix[..ix.len() - 5])
            && j != i
        {
            parent[i] = Some(j);
        }
    }

    // 3. and 4. The text, for what the headers did not place.
    let read: Vec<Read> = messages
        .iter()
        .map(|m| {
            let body = unquote_printable(&m.body);
            let s = split(&body);
            let mut people: Vec<String> = m
                .from
                .iter()
                .chain(m.recipients.iter())
                .map(|a| a.trim().to_ascii_lowercase())
                .filter(|a| !a.is_empty())
                .collect();
            people.sort();
            people.dedup();
            Read {
                full: normal(&body),
                own: s.own,
                quoted: s.quoted,
                subject: subject_key(&m.subject),
                people,
            }
        })
        .collect();
    let mut by_subject: HashMap<&str, Vec<usize>> = HashMap::new();
    // Runs of RUN words that open a message's own text: where a quote of it (whole or its
    // start) is looked for, whatever the reply's subject became.
    let mut by_opening: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in read.iter().enumerate() {
        if copy_of[i].is_none() {
            by_subject.entry(r.subject.as_str()).or_default().push(i);
            if let Some(run) = opening(&r.own) {
                by_opening.entry(run).or_default().push(i);
            }
        }
    }
    for i in 0..n {
        if parent[i].is_some() || copy_of[i].is_some() {
            continue;
        }
        let same = by_subject.get(read[i].subject.as_str()).map(Vec::as_slice);
        let plausible = |j: usize| {
            j != i && not_after(&messages[j], &messages[i]) && shares_people(&read[i], &read[j])
        };
        let found = if read[i].quoted.is_empty() {
            // 4. No quote: a reply to the latest message between the same two people.
            if !is_reply_subject(&messages[i].subject) {
                None
            } else {
                same.unwrap_or(&[])
                    .iter()
                    .copied()
                    .filter(|&j| plausible(j))
                    .filter(|&j| writes_to_each_other(&messages[i], &messages[j]))
                    .filter(|&j| within_days(&messages[j], &messages[i], 14))
                    .max_by_key(|&j| (messages[j].date, j))
            }
        } else {
            // 3. The quoted text holds what the other said: all its own words, or a run of
            // eight of them (a reply that quoted only the start). Candidates: the same
            // subject, and any message whose opening words the quote holds.
            let mut candidates: Vec<usize> = same.unwrap_or(&[]).to_vec();
            let words: Vec<&str> = read[i].quoted.split(' ').collect();
            for w in words.windows(RUN) {
                let run = w.join(" ");
                if let Some(js) = by_opening.get(run.as_str()) {
                    candidates.extend(js.iter().take(64));
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            candidates
                .into_iter()
                .filter(|&j| plausible(j))
                .filter(|&j| {
                    read[j].own.len() >= 12
                        && (holds(&read[i].quoted, &read[j].own)
                            || opening(&read[j].own).is_some_and(|o| holds(&read[i].quoted, o)))
                })
                .max_by_key(|&j| {
                    (
                        holds(&read[i].quoted, &read[j].full),
                        read[j].full.len(),
                        messages[j].date,
                    )
                })
        };
        if let Some(j) = found {
            parent[i] = Some(j);
            sets.join(i, j);
        }
    }

    // Conversations, named by their smallest record id.
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let root = sets.find(i);
        members.entry(root).or_default().push(i);
    }
    let mut out: Vec<Placed> = messages
        .iter()
        .enumerate()
        .map(|(i, m)| Placed {
            id: m.id,
            conversation: m.id,
            parent: parent[i].map(|j| messages[j].id),
            inclusive: true,
            copy_of: copy_of[i].map(|j| messages[j].id),
        })
        .collect();
    for list in members.values() {
        let conversation = list.iter().map(|&i| messages[i].id).min().unwrap_or(0);
        for &i in list {
            out[i].conversation = conversation;
            out[i].inclusive = copy_of[i].is_none()
                && !list.iter().any(|&j| {
                    j != i
                        && copy_of[j].is_none()
                        && holds_all_of(&messages[j], &read[j], &messages[i], &read[i])
                });
        }
    }
    out
}

/// Whether message `a` (read as `ra`) holds all of `b`: its whole text, every attachment. Of
/// two that hold each other (the same text sent twice), the later holds the earlier.
fn holds_all_of(a: &Message, ra: &Read, b: &Message, rb: &Read) -> bool {
    if !holds(&ra.full, &rb.full) {
        return false;
    }
    let mut left: Vec<&String> = a.attachments.iter().collect();
    for x in &b.attachments {
        match left.iter().position(|y| *y == x) {
            Some(p) => {
                left.swap_remove(p);
            }
            None => return false,
        }
    }
    if ra.full.len() == rb.full.len() && a.attachments.len() == b.attachments.len() {
        return (a.date, a.id) > (b.date, b.id);
    }
    true
}

/// How many words in a row make a quote recognisable.
const RUN: usize = 8;

/// The first [`RUN`] words of a normalised text, when it has that many.
fn opening(s: &str) -> Option<&str> {
    let mut spaces = s.match_indices(' ').map(|(i, _)| i);
    match spaces.nth(RUN - 1) {
        Some(end) => Some(&s[..end]),
        None => (s.split(' ').count() == RUN).then_some(s),
    }
}

/// An Outlook conversation index: a 22-byte header, then 5 bytes per reply.
fn valid_index(x: &[u8]) -> bool {
    x.len() >= 22 && (x.len() - 22).is_multiple_of(5)
}

/// `a` was not sent after `b` (unknown dates do not decide).
fn not_after(a: &Message, b: &Message) -> bool {
    match (a.date, b.date) {
        (Some(x), Some(y)) => x <= y,
        _ => true,
    }
}

fn within_days(a: &Message, b: &Message, days: i64) -> bool {
    match (a.date, b.date) {
        (Some(x), Some(y)) => (y - x).abs() <= days * 86_400,
        _ => false,
    }
}

fn shares_people(a: &Read, b: &Read) -> bool {
    a.people.is_empty()
        || b.people.is_empty()
        || a.people.iter().any(|p| b.people.binary_search(p).is_ok())
}

/// Each sent to the other: how a reply without a quote or headers is told from a new
/// message on the same subject.
fn writes_to_each_other(a: &Message, b: &Message) -> bool {
    let to = |m: &Message, who: &Option<String>| {
        who.as_deref()
            .is_some_and(|w| m.recipients.iter().any(|r| r.eq_ignore_ascii_case(w)))
    };
    to(a, &b.from) && to(b, &a.from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_seconds() {
        assert_eq!(rfc3339_secs("1970-01-02T00:00:00Z"), Some(86_400));
        assert_eq!(rfc3339_secs("2001-05-14T16:39:00+02:00"), Some(989_851_140));
        assert_eq!(rfc3339_secs("2001-05-14T14:39:00.5Z"), Some(989_851_140));
        assert_eq!(rfc3339_secs("May 14"), None);
    }

    #[test]
    fn fields_become_a_message() {
        let mut f = std::collections::BTreeMap::new();
        for (k, v) in [
            ("from", "Ann Lee <Ann@City.gov>"),
            ("to", "bob@city.gov, \"Cara\" <cara@city.gov>"),
            ("references", "<a@x> <b@x>"),
            ("thread_index", "AQHZ"),
            ("subject", "Re: Budget"),
        ] {
            f.insert(k.to_string(), v.to_string());
        }
        let m = from_fields(
            7,
            |k| f.get(k).map(String::as_str),
            "From: Ann\nSubject: Re: Budget\n\nYes.\n",
            vec![],
        );
        assert_eq!(m.from.as_deref(), Some("ann@city.gov"));
        assert_eq!(m.recipients, ["bob@city.gov", "cara@city.gov"]);
        assert_eq!(m.references, ["a@x", "b@x"]);
        assert_eq!(m.thread_index.as_deref(), Some(&[1u8, 1, 217][..]));
        assert_eq!(m.body, "Yes.\n");
    }
}
