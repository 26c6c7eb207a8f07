//! RFC 822 email (.eml) and mbox.

use std::borrow::Cow;
use std::fmt::Write as _;

use mail_parser::{
    Address, HeaderName, HeaderValue, Message, MessageParser, MimeHeaders, PartType,
};

use crate::{Attachment, Extracted, Failure};

pub(crate) fn extract_eml(raw: &[u8]) -> Result<Extracted, Failure> {
    let raw = &headers_as_utf8(raw)[..];
    // A damaged first line (not a header: a title, a mangled "From:") is not a header to the
    // parser either; it is kept as text rather than dropped.
    let stray = stray_first_line(raw);
    let msg = MessageParser::new()
        .parse(raw)
        .ok_or_else(|| Failure::new("damaged email (no headers found)"))?;
    if msg.parts.is_empty() {
        return Err(Failure::new("damaged email (no headers found)"));
    }
    let mut out = Extracted::default();
    let f = &mut out.fields;

    let from = addresses(msg.header_values(HeaderName::From));
    let to = addresses(msg.header_values(HeaderName::To));
    let cc = addresses(msg.header_values(HeaderName::Cc));
    let bcc = addresses(msg.header_values(HeaderName::Bcc));
    let subject = msg.subject().map(|s| s.trim().to_string());
    let raw_date = msg.header_raw(HeaderName::Date).map(|d| unfold(d.trim()));
    let date = match msg.date() {
        Some(d) if d.is_valid() => Some(d.to_rfc3339()),
        _ => raw_date.clone().filter(|d| !d.is_empty()),
    };

    let mut head = String::with_capacity(256);
    for (label, key, v) in [
        ("From", "from", &from),
        ("To", "to", &to),
        ("Cc", "cc", &cc),
        ("Bcc", "bcc", &bcc),
    ] {
        if !v.is_empty() {
            let _ = writeln!(head, "{label}: {v}");
            f.insert(key.into(), v.clone());
        }
    }
    if let Some(d) = &date {
        let shown = raw_date.as_deref().filter(|r| !r.is_empty()).unwrap_or(d);
        let _ = writeln!(head, "Date: {shown}");
        f.insert("date".into(), d.clone());
    }
    if let Some(s) = &subject {
        let _ = writeln!(head, "Subject: {s}");
        f.insert("subject".into(), s.clone());
    }
    if let Some(id) = msg.message_id() {
        f.insert("message_id".into(), format!("<{id}>"));
    }
    for (key, v) in [
        ("in_reply_to", msg.in_reply_to()),
        ("references", msg.references()),
    ] {
        let ids = ids(v);
        if !ids.is_empty() {
            f.insert(key.into(), ids);
        }
    }
    let reply_to = addresses(msg.header_values(HeaderName::ReplyTo));
    if !reply_to.is_empty() {
        f.insert("reply_to".into(), reply_to);
    }
    let sender = addresses(msg.header_values(HeaderName::Sender));
    if !sender.is_empty() {
        f.insert("sender".into(), sender);
    }
    // Outlook's own fields: a message read out of a mailbox (see `pst.rs`), or a client's
    // conversation headers.
    for (name, key) in [
        ("Thread-Index", "thread_index"),
        ("Thread-Topic", "thread_topic"),
        ("X-Outlook-Folder", "folder"),
        ("X-Outlook-Class", "outlook_class"),
        ("X-Outlook-Received", "received"),
        ("X-Outlook-Deleted", "deleted"),
    ] {
        if let Some(v) = msg
            .header_raw(name)
            .map(|v| unfold(v.trim()))
            .filter(|v| !v.is_empty())
        {
            f.insert(key.into(), v);
        }
    }
    if let Some(class) = f.get("outlook_class") {
        let item = crate::item_kind(class).as_str();
        f.insert("item".into(), item.into());
    }
    out.title = subject.filter(|s| !s.is_empty());

    let mut body = body_text(&msg);
    let mut raw_body_shown = false;
    // A leaf root part that mail-parser filed as an attachment (e.g. a multipart whose
    // boundary never appears, read as text/other) is the body.
    let mut root_is_body = false;
    let root_multipart = msg.parts[0]
        .content_type()
        .is_some_and(|c| c.ctype().eq_ignore_ascii_case("multipart"));
    if body.trim().is_empty() && root_multipart {
        match &msg.parts[0].body {
            PartType::Text(t) if !t.trim().is_empty() => {
                body = t.to_string();
                root_is_body = true;
            }
            PartType::Html(h) if !h.trim().is_empty() => {
                body = crate::html::html_to_text(h);
                root_is_body = true;
            }
            _ => {}
        }
        raw_body_shown = root_is_body;
    }
    if body.trim().is_empty() && msg.attachments.is_empty() {
        // The MIME structure hid everything (a broken boundary, say): show the raw body
        // rather than nothing.
        let start = msg.parts[0].offset_body as usize;
        if let Some(rest) = raw.get(start..)
            && rest.iter().any(|b| !b.is_ascii_whitespace())
        {
            body = crate::text::decode(rest).0.into_owned();
            raw_body_shown = true;
        }
    }
    let mut text = head;
    text.push('\n');
    if let Some(line) = stray {
        text.push_str(&line);
        text.push_str("\n\n");
    }
    text.push_str(&crate::text::normalize_newlines(&body));
    if !text.ends_with('\n') {
        text.push('\n');
    }
    out.text = text;

    let mut names = NameSet::default();
    for &id in &msg.attachments {
        let Some(part) = msg.parts.get(id as usize) else {
            continue;
        };
        if (msg.text_body.contains(&id) && part.is_text()) || (root_is_body && id == 0) {
            continue;
        }
        let (name, bytes): (String, Cow<[u8]>) = match &part.body {
            PartType::Message(_) => {
                let bytes = nested_bytes(&msg, part);
                let name = part
                    .attachment_name()
                    .map(|n| {
                        let n = clean_name(n);
                        if n.to_ascii_lowercase().ends_with(".eml") {
                            n
                        } else {
                            format!("{n}.eml")
                        }
                    })
                    .unwrap_or_else(|| "forwarded.eml".to_string());
                (name, bytes)
            }
            PartType::Multipart(_) => continue,
            _ => {
                let name = part.attachment_name().map(clean_name).unwrap_or_default();
                let name = if name.is_empty() {
                    let ext = ext_for(part.content_type());
                    format!("attachment-{}.{ext}", out.attachments.len() + 1)
                } else {
                    name
                };
                (name, original_bytes(&msg, part))
            }
        };
        out.attachments.push(Attachment {
            name: names.unique(name),
            bytes: bytes.into_owned(),
        });
    }
    if raw_body_shown {
        out.warnings
            .push("message structure is damaged; the raw body is shown".into());
    } else if msg.parts.iter().any(|p| p.is_encoding_problem) {
        out.warnings
            .push("some parts of this message are malformed; shown as found".into());
    }
    Ok(out)
}

/// The first line of a message when it is neither a header field nor an mbox envelope line.
fn stray_first_line(raw: &[u8]) -> Option<String> {
    let raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
    let start = raw.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &raw[start..];
    let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    let line = rest[..end].strip_suffix(b"\r").unwrap_or(&rest[..end]);
    if line.starts_with(b"From ") || crate::sniff::header_name(line).is_some() {
        return None;
    }
    let text = crate::text::decode(line).0.trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// The message with its header block in UTF-8. Headers should be ASCII (RFC 2047 words for
/// anything else), but real mail carries raw 8-bit headers in the sender's charset: they are
/// decoded with the charset the message declares (its Content-Type), else Windows-1252, as
/// the bodies are — "Frische", not "Fr\u{FFFD}sche".
fn headers_as_utf8(raw: &[u8]) -> Cow<'_, [u8]> {
    let end = find(raw, b"\n\n")
        .or_else(|| find(raw, b"\r\n\r\n"))
        .unwrap_or(raw.len());
    let head = &raw[..end];
    if head.is_ascii() || std::str::from_utf8(head).is_ok() {
        return Cow::Borrowed(raw);
    }
    let declared = String::from_utf8_lossy(head)
        .to_ascii_lowercase()
        .split("charset=")
        .nth(1)
        .map(|v| {
            v.trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
                .collect::<String>()
        })
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        // Headers that are not UTF-8 were not written in UTF-8, whatever the body says.
        .filter(|e| *e != encoding_rs::UTF_8);
    let enc = declared.unwrap_or(encoding_rs::WINDOWS_1252);
    let (decoded, _, _) = enc.decode(head);
    let mut out = Vec::with_capacity(raw.len() + 16);
    out.extend_from_slice(decoded.as_bytes());
    out.extend_from_slice(&raw[end..]);
    Cow::Owned(out)
}

/// The raw bytes of a nested message/rfc822 part.
fn nested_bytes<'a>(msg: &'a Message<'a>, part: &'a mail_parser::MessagePart<'a>) -> Cow<'a, [u8]> {
    if part.encoding == mail_parser::Encoding::None {
        let raw = msg.raw_message();
        let (s, e) = (part.offset_body as usize, part.offset_end as usize);
        if s <= e && e <= raw.len() {
            return Cow::Borrowed(trim_trailing_newline(&raw[s..e]));
        }
    }
    match &part.body {
        PartType::Message(m) => Cow::Borrowed(m.raw_message()),
        _ => Cow::Borrowed(part.contents()),
    }
}

/// An attachment's bytes as sent (transfer encoding undone). mail-parser converts text parts
/// to UTF-8; a records system wants the original bytes (hashes, charsets), so text parts are
/// decoded again from the raw message.
fn original_bytes<'a>(
    msg: &'a Message<'a>,
    part: &'a mail_parser::MessagePart<'a>,
) -> Cow<'a, [u8]> {
    if !part.is_text() || part.is_encoding_problem {
        return Cow::Borrowed(part.contents());
    }
    let raw = msg.raw_message();
    let (s, e) = (part.offset_body as usize, part.offset_end as usize);
    let Some(body) = raw.get(s..e.max(s)) else {
        return Cow::Borrowed(part.contents());
    };
    let decoded = match part.encoding {
        mail_parser::Encoding::Base64 => mail_parser::decoders::base64::base64_decode(body),
        mail_parser::Encoding::QuotedPrintable => {
            mail_parser::decoders::quoted_printable::quoted_printable_decode(body)
        }
        mail_parser::Encoding::None => Some(body.to_vec()),
    };
    match decoded {
        Some(d) => Cow::Owned(d),
        None => Cow::Borrowed(part.contents()),
    }
}

fn trim_trailing_newline(b: &[u8]) -> &[u8] {
    let b = b.strip_suffix(b"\n").unwrap_or(b);
    b.strip_suffix(b"\r").unwrap_or(b)
}

/// The original text parts; an HTML part converted only where there is no text part.
fn body_text(msg: &Message<'_>) -> String {
    let mut out = String::new();
    let mut push = |s: &str| {
        let s = s.trim_end();
        if s.trim().is_empty() {
            return;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(s);
    };
    let mut any = false;
    for &id in &msg.text_body {
        match msg.parts.get(id as usize).map(|p| &p.body) {
            Some(PartType::Text(t)) => {
                push(t);
                any = true;
            }
            // mail-parser lists an HTML-only alternative as the text body too.
            Some(PartType::Html(h)) => {
                push(&crate::html::html_to_text(h));
                any = true;
            }
            _ => {}
        }
    }
    if !any {
        for &id in &msg.html_body {
            if let Some(PartType::Html(h)) = msg.parts.get(id as usize).map(|p| &p.body) {
                push(&crate::html::html_to_text(h));
            }
        }
    }
    out
}

/// "Name <addr>, other@x" for all values of an address header; groups as "Group: a, b;".
fn addresses<'a>(values: impl Iterator<Item = &'a HeaderValue<'a>>) -> String {
    let mut out = String::new();
    for v in values {
        match v {
            HeaderValue::Address(Address::List(list)) => {
                for a in list {
                    push_addr(&mut out, a);
                }
            }
            HeaderValue::Address(Address::Group(groups)) => {
                for g in groups {
                    if let Some(n) = &g.name {
                        sep(&mut out);
                        let _ = write!(out, "{}:", n.trim());
                        let mut inner = String::new();
                        for a in &g.addresses {
                            push_addr(&mut inner, a);
                        }
                        if !inner.is_empty() {
                            out.push(' ');
                            out.push_str(&inner);
                        }
                        out.push(';');
                    } else {
                        for a in &g.addresses {
                            push_addr(&mut out, a);
                        }
                    }
                }
            }
            HeaderValue::Text(t) => {
                let t = t.trim();
                if !t.is_empty() {
                    sep(&mut out);
                    out.push_str(t);
                }
            }
            HeaderValue::TextList(l) => {
                for t in l {
                    sep(&mut out);
                    out.push_str(t.trim());
                }
            }
            _ => {}
        }
    }
    out
}

fn sep(out: &mut String) {
    if !out.is_empty() {
        out.push_str(", ");
    }
}

fn push_addr(out: &mut String, a: &mail_parser::Addr<'_>) {
    let name = a.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let addr = a
        .address
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    match (name, addr) {
        (Some(n), Some(ad)) if n != ad => {
            sep(out);
            if n.contains([',', '<', '>', ';', '"']) {
                let _ = write!(out, "\"{}\" <{ad}>", n.replace('"', "'"));
            } else {
                let _ = write!(out, "{n} <{ad}>");
            }
        }
        (_, Some(ad)) => {
            sep(out);
            out.push_str(ad);
        }
        (Some(n), None) => {
            sep(out);
            out.push_str(n);
        }
        (None, None) => {}
    }
}

fn ids(v: &HeaderValue<'_>) -> String {
    match v {
        HeaderValue::Text(t) => format!("<{}>", t.trim()),
        HeaderValue::TextList(l) => l
            .iter()
            .map(|t| format!("<{}>", t.trim()))
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

fn unfold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A file name safe to show and to write: the last path component, no control characters.
pub(crate) fn clean_name(n: &str) -> String {
    let base = n.rsplit(['/', '\\']).next().unwrap_or(n);
    let s: String = base
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .trim_matches('.')
        .to_string();
    let s = if s.is_empty() && !base.is_empty() {
        "attachment".to_string()
    } else {
        s
    };
    s.chars().take(200).collect()
}

fn ext_for(ct: Option<&mail_parser::ContentType<'_>>) -> &'static str {
    let Some(ct) = ct else {
        return "txt";
    };
    let sub = ct.subtype().unwrap_or("").to_ascii_lowercase();
    match (ct.ctype().to_ascii_lowercase().as_str(), sub.as_str()) {
        ("text", "html") => "html",
        ("text", "calendar") => "ics",
        ("text", "csv") => "csv",
        ("text", "rtf") | ("application", "rtf") => "rtf",
        ("text", _) => "txt",
        ("image", "jpeg" | "jpg" | "pjpeg") => "jpg",
        ("image", "png") => "png",
        ("image", "gif") => "gif",
        ("image", "tiff") => "tif",
        ("image", "bmp") => "bmp",
        ("application", "pdf") => "pdf",
        ("application", "zip") => "zip",
        ("application", "ms-tnef" | "vnd.ms-tnef") => "dat",
        ("application", "vnd.ms-outlook") => "msg",
        ("message", "delivery-status") => "txt",
        ("message", _) => "eml",
        _ => "bin",
    }
}

/// Keeps attachment names unique within one file ("a.pdf", "a-2.pdf", ...).
#[derive(Default)]
pub(crate) struct NameSet(std::collections::HashSet<String>);

impl NameSet {
    pub(crate) fn unique(&mut self, name: String) -> String {
        if self.0.insert(name.to_lowercase()) {
            return name;
        }
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
            _ => (name.clone(), String::new()),
        };
        for i in 2.. {
            let n = format!("{stem}-{i}{ext}");
            if self.0.insert(n.to_lowercase()) {
                return n;
            }
        }
        unreachable!()
    }
}

/// Splits an mbox: every line starting "From " begins a message. Each message (without its
/// "From " line, ">From " un-escaped) becomes an attachment "message-000001.eml"; the text is
/// a listing with each message's date, sender and subject.
pub(crate) fn extract_mbox(raw: &[u8]) -> Result<Extracted, Failure> {
    let mut starts = Vec::new();
    if raw.starts_with(b"From ") {
        starts.push(0);
    }
    let mut i = 0;
    while let Some(p) = find(&raw[i..], b"\nFrom ") {
        starts.push(i + p + 1);
        i += p + 1;
    }
    let mut chunks: Vec<&[u8]> = Vec::with_capacity(starts.len() + 1);
    if starts.first().is_none_or(|&s| s > 0) {
        let end = starts.first().copied().unwrap_or(raw.len());
        if raw[..end].iter().any(|b| !b.is_ascii_whitespace()) {
            chunks.push(&raw[..end]);
        }
    }
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(raw.len());
        let chunk = &raw[s..end];
        // Drop the envelope line.
        let body = match chunk.iter().position(|&b| b == b'\n') {
            Some(nl) => &chunk[nl + 1..],
            None => &[][..],
        };
        chunks.push(body);
    }
    let mut out = Extracted::default();
    let mut listing = String::new();
    let parser = MessageParser::new();
    for (k, chunk) in chunks.into_iter().enumerate() {
        let bytes = unescape_from(chunk);
        let name = format!("message-{:06}.eml", k + 1);
        let _ = write!(listing, "{name}");
        if let Some(m) = parser.parse_headers(&bytes[..]) {
            let date = match m.date() {
                Some(d) if d.is_valid() => d.to_rfc3339(),
                _ => String::new(),
            };
            let from = addresses(m.header_values(HeaderName::From));
            let subject = m.subject().unwrap_or("").trim();
            let _ = write!(listing, "\t{date}\t{from}\t{subject}");
        }
        listing.push('\n');
        out.attachments.push(Attachment {
            name,
            bytes: bytes.into_owned(),
        });
    }
    out.fields
        .insert("messages".into(), out.attachments.len().to_string());
    out.text = listing;
    Ok(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// mboxrd: lines ">From ", ">>From " … lose one '>'. The blank line before the next
/// envelope is dropped.
fn unescape_from(chunk: &[u8]) -> Cow<'_, [u8]> {
    let chunk = trim_trailing_newline(chunk);
    let needs = chunk.starts_with(b">") && is_escaped_from(chunk) || find(chunk, b"\n>").is_some();
    if !needs {
        return Cow::Borrowed(chunk);
    }
    let mut out = Vec::with_capacity(chunk.len());
    for (k, line) in chunk.split(|&b| b == b'\n').enumerate() {
        if k > 0 {
            out.push(b'\n');
        }
        if is_escaped_from(line) {
            out.extend_from_slice(&line[1..]);
        } else {
            out.extend_from_slice(line);
        }
    }
    Cow::Owned(out)
}

fn is_escaped_from(line: &[u8]) -> bool {
    let n = line.iter().take_while(|&&b| b == b'>').count();
    n > 0 && line[n..].starts_with(b"From ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_only_body_is_converted_once() {
        let raw = b"From: a@b.c\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n<p>Hello <b>there</b></p><script>no</script>";
        let e = extract_eml(raw).unwrap();
        assert!(e.text.contains("Hello there"), "{}", e.text);
        assert!(
            !e.text.contains("<p>") && !e.text.contains("no\n"),
            "{}",
            e.text
        );
        assert!(e.attachments.is_empty());
    }

    #[test]
    fn alternative_uses_the_text_part() {
        let raw = b"From: a@b.c\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nplain words\r\n--XX\r\nContent-Type: text/html\r\n\r\n<p>html words</p>\r\n--XX--\r\n";
        let e = extract_eml(raw).unwrap();
        assert!(e.text.contains("plain words"));
        assert!(!e.text.contains("html words"));
    }

    #[test]
    fn mbox_split_and_unescape() {
        let raw = b"From a@b Mon Jan  1 00:00:00 2001\nFrom: a@b\nSubject: one\n\n>From the start\n\nFrom c@d Mon Jan  1 00:00:00 2001\nFrom: c@d\nSubject: two\n\nbody\n";
        let e = extract_mbox(raw).unwrap();
        assert_eq!(e.attachments.len(), 2);
        assert_eq!(e.attachments[0].name, "message-000001.eml");
        assert_eq!(
            e.attachments[0].bytes,
            b"From: a@b\nSubject: one\n\nFrom the start\n".to_vec()
        );
        assert!(
            e.text.contains("\tone\n") && e.text.contains("\ttwo\n"),
            "{}",
            e.text
        );
    }

    #[test]
    fn text_attachments_keep_their_original_bytes() {
        let raw = b"From: a@b.c\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nbody\r\n--XX\r\nContent-Type: text/csv; charset=windows-1252\r\nContent-Disposition: attachment; filename=a.csv\r\n\r\ncaf\xe9,1\r\nb,2\r\n--XX\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Disposition: attachment; filename=q.txt\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nna=EFve\r\n--XX--\r\n";
        let e = extract_eml(raw).unwrap();
        assert_eq!(e.attachments.len(), 2);
        assert_eq!(e.attachments[0].name, "a.csv");
        assert_eq!(e.attachments[0].bytes, b"caf\xe9,1\r\nb,2");
        assert_eq!(e.attachments[1].bytes, b"na\xefve");
    }

    #[test]
    fn a_damaged_first_line_is_kept_as_text_and_legacy_headers_decode() {
        // A memo saved as .eml: its title is not a header, and is not dropped.
        let raw = b"MEMORANDUM\nDate: March 3, 2025\nFrom: Code Compliance <cc@city.example>\nSubject: Parking\n\nBody line.\n";
        let e = extract_eml(raw).unwrap();
        assert!(e.text.contains("MEMORANDUM\n"), "{}", e.text);
        assert!(e.text.contains("Body line."), "{}", e.text);
        // Raw Latin-1 in a header (no RFC 2047 word): decoded as the body would be.
        let raw = b"From: a@b.c\nSubject: Fr\xf6sche im Teich\nDate: Mon, 3 Mar 2025 09:12:00 -0800\n\nQuak.\n";
        let e = extract_eml(raw).unwrap();
        assert_eq!(e.title.as_deref(), Some("Fr\u{f6}sche im Teich"));
        assert!(
            e.text.contains("Subject: Fr\u{f6}sche im Teich"),
            "{}",
            e.text
        );
        // The charset the message declares wins (ISO-8859-2: \xb9 is š).
        let raw = b"From: Ji\xf8\xed <j@b.c>\nSubject: \xb9koda\nContent-Type: text/plain; charset=iso-8859-2\n\nx\n";
        let e = extract_eml(raw).unwrap();
        assert_eq!(e.title.as_deref(), Some("\u{161}koda"));
        assert!(
            e.fields["from"].starts_with("Ji\u{159}\u{ed}"),
            "{}",
            e.fields["from"]
        );
    }

    #[test]
    fn names() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\x\\a.pdf"), "a.pdf");
        let mut s = NameSet::default();
        assert_eq!(s.unique("a.pdf".into()), "a.pdf");
        assert_eq!(s.unique("a.pdf".into()), "a-2.pdf");
    }
}
