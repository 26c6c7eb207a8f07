//! Text as the groupers compare it: letters and digits only, lower case, one space between
//! words — so that a quote re-wrapped, re-indented with `>` or re-encoded by a mail program
//! still matches what it quotes.

use std::sync::LazyLock;

use regex::Regex;

/// Letters and digits, lower case, words joined by one space.
pub(crate) fn normal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            for l in c.to_lowercase() {
                out.push(l);
            }
        } else {
            space = true;
        }
    }
    out
}

/// A subject without its reply and forward prefixes ("Re: Fw: RE[2]: budget" → "budget"),
/// normalised.
pub(crate) fn subject_key(s: &str) -> String {
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|tr|rif|antw|r|\[[^\]]{0,40}\])\s*(?:\[\d+\])?\s*:\s*|\[[^\]]{0,40}\]\s*)+").unwrap()
    });
    normal(&PREFIX.replace(s, ""))
}

/// Whether a subject says the message replies or forwards.
pub(crate) fn is_reply_subject(s: &str) -> bool {
    static REPLY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:re|fw|fwd|aw|wg|sv|antw)\s*(?:\[\d+\])?\s*:").unwrap()
    });
    REPLY.is_match(s)
}

/// A body split into what its author wrote and what it quotes: everything after the first
/// quote marker (`-----Original Message-----`, a forward banner, `On … wrote:`, an Outlook
/// `From:`/`Sent:` block) and every `>` line is quoted. Both come back normalised.
pub(crate) struct Split {
    pub own: String,
    pub quoted: String,
}

/// A body that still carries quoted-printable (soft line breaks `=` at line ends, `=20`),
/// as some exports left it, decoded; others as they are.
pub(crate) fn unquote_printable(body: &str) -> std::borrow::Cow<'_, str> {
    if !["=\n", "=\r\n", "=20", "=09"]
        .iter()
        .any(|m| body.contains(m))
    {
        return std::borrow::Cow::Borrowed(body);
    }
    let b = body.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            if b.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') {
                i += 3;
                continue;
            }
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(if v.is_ascii() && (v >= 0x20 || v == b'\t') {
                    v
                } else {
                    b' '
                });
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    std::borrow::Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

pub(crate) fn split(body: &str) -> Split {
    static MARKER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?ix)^\s*(?:
                -{2,}\s*original\s+message\s*-{2,}
              | -{2,}\s*forwarded\s+(?:by|message)\b.*
              | begin\s+forwarded\s+message\s*:
              | _{8,}\s*$
            )",
        )
        .unwrap()
    });
    static WROTE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\s*on\b.{0,300}\bwrote:\s*$").unwrap());
    static HEADER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*\*?(from|sent|sent by|date|to|cc|subject)\*?\s*:").unwrap()
    });
    let lines: Vec<&str> = body.lines().collect();
    let mut own = String::new();
    let mut quoted = String::new();
    let mut cut = lines.len();
    for (i, l) in lines.iter().enumerate() {
        let joined;
        let two = if i + 1 < lines.len() {
            joined = format!("{l} {}", lines[i + 1]);
            joined.as_str()
        } else {
            l
        };
        // A quoted message's own header block (Outlook's "From:/Sent:", Lotus Notes'
        // "From: X @ ENRON 01/17/2000" over "To:"/"cc:"/"Subject:").
        let outlook_block = HEADER
            .captures(l)
            .is_some_and(|c| c[1].eq_ignore_ascii_case("from"))
            && lines[i + 1..(i + 6).min(lines.len())].iter().any(|n| {
                HEADER
                    .captures(n)
                    .is_some_and(|c| !c[1].eq_ignore_ascii_case("from"))
            });
        if MARKER.is_match(l)
            || WROTE.is_match(l)
            || (WROTE.is_match(two) && l.trim_start().to_lowercase().starts_with("on "))
            || outlook_block
        {
            cut = i;
            break;
        }
    }
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        if i >= cut {
            quoted.push_str(t.trim_start_matches(|c: char| c == '>' || c.is_whitespace()));
            quoted.push('\n');
        } else if t.starts_with('>') {
            quoted.push_str(t.trim_start_matches(|c: char| c == '>' || c.is_whitespace()));
            quoted.push('\n');
        } else {
            own.push_str(l);
            own.push('\n');
        }
    }
    Split {
        own: normal(&own),
        quoted: normal(&quoted),
    }
}

/// Whether `hay` holds `needle` (both normalised; an empty needle is held by anything).
pub(crate) fn holds(hay: &str, needle: &str) -> bool {
    needle.is_empty() || memchr::memmem::find(hay.as_bytes(), needle.as_bytes()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_text_ignores_wrapping_quoting_and_case() {
        assert_eq!(normal("> Hello,\n>  World!\r\n"), "hello world");
        assert_eq!(normal("Café — OK"), "café ok");
    }

    #[test]
    fn subject_keys_drop_reply_prefixes() {
        assert_eq!(subject_key("RE: Fw: Re[2]: Budget  memo"), "budget memo");
        assert_eq!(subject_key("[EXTERNAL] RE: Budget memo"), "budget memo");
        assert_eq!(subject_key("Regarding the budget"), "regarding the budget");
        assert!(is_reply_subject("Re: x") && !is_reply_subject("Regarding x"));
    }

    #[test]
    fn quoted_printable_left_in_a_body_is_decoded() {
        assert_eq!(
            unquote_printable("energ=\ny=20\nnext=3Dx"),
            "energy \nnext=x"
        );
        assert_eq!(unquote_printable("2+2=4 plainly"), "2+2=4 plainly");
    }

    #[test]
    fn quotes_are_found_by_their_markers() {
        let s = split(
            "Yes, fine.\n\n-----Original Message-----\nFrom: Ann\nSent: Monday\n\nCan we meet?\n",
        );
        assert_eq!(s.own, "yes fine");
        assert_eq!(
            s.quoted,
            "original message from ann sent monday can we meet"
        );
        let s = split(
            "Agreed.\n\nOn Mon, 3 Mar 2025 at 10:00, Ann Lee <ann@city.gov> wrote:\n> Can we meet?\n",
        );
        assert_eq!(s.own, "agreed");
        assert_eq!(
            s.quoted,
            "on mon 3 mar 2025 at 10 00 ann lee ann city gov wrote can we meet"
        );
        let s = split(
            "Agreed.\nOn Mon, 3 Mar 2025 at 10:00, Ann Lee\n<ann@city.gov> wrote:\n> Can we meet?\n",
        );
        assert_eq!(s.own, "agreed");
        let s = split("Inline:\n> first point\nmy answer\n");
        assert_eq!(
            (s.own.as_str(), s.quoted.as_str()),
            ("inline my answer", "first point")
        );
        let s =
            split("See below.\n________________________________\nFrom: Ann\nSent: Monday\nHi\n");
        assert_eq!(s.own, "see below");
        let lotus = unquote_printable(
            "Sally,\nCongrats.\n=09From:  Rick Causey @ ENRON    01/17/2000 06:04 PM\n\nSent by: Enron Announcements\nTo: All\nThe news.\n",
        );
        let s = split(&lotus);
        assert_eq!(
            (s.own.as_str(), s.quoted.as_str()),
            (
                "sally congrats",
                "from rick causey enron 01 17 2000 06 04 pm sent by enron announcements to all the news"
            )
        );
        let s = split(
            "FYI\n---------------------- Forwarded by Ann Lee/HOU/ECT on 05/01/2001 ---------------------------\nold text\n",
        );
        assert_eq!(
            (s.own.as_str(), s.quoted.as_str()),
            ("fyi", "forwarded by ann lee hou ect on 05 01 2001 old text")
        );
    }
}
