//! Content sniffing: magic bytes and structure first, the name only to break ties.

use std::io::Read;
use std::path::Path;

use crate::Kind;

pub(crate) const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Sniffs by content (magic bytes, structure), using the name only to break ties among
/// text-like formats (e.g. .csv vs plain text). `head` is the first <= 64 KiB of the file.
/// Zip and OLE containers are judged from what the head shows; [`sniff_file`] looks at
/// their directories and is what the pipeline should call.
pub fn sniff(head: &[u8], name: &str) -> Kind {
    let ext = extension(name);
    if head.is_empty() {
        return Kind::Unknown;
    }
    if let Some(k) = sniff_magic(head, &ext) {
        return k;
    }
    sniff_text(head, &ext)
}

/// Sniffs a file on disk: like [`sniff`] on its first 64 KiB, and for zip and OLE
/// containers reads the directory to tell docx / xlsx / ods / msg / xls from a plain
/// archive or another OLE document.
pub fn sniff_file(path: &Path, name: &str) -> std::io::Result<Kind> {
    let mut f = std::fs::File::open(path)?;
    let mut head = Vec::with_capacity(crate::SNIFF_LEN);
    (&mut f)
        .take(crate::SNIFF_LEN as u64)
        .read_to_end(&mut head)?;
    let guess = sniff(&head, name);
    if head.starts_with(b"PK") {
        if let Some(k) = zip_kind(path) {
            return Ok(k);
        }
    } else if head.starts_with(&OLE_MAGIC)
        && let Some(k) = ole_kind(path, &extension(name))
    {
        return Ok(k);
    }
    Ok(guess)
}

fn extension(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && memchr::memmem::find(hay, needle).is_some()
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn sniff_magic(head: &[u8], ext: &str) -> Option<Kind> {
    let h = head;
    // TNEF carries its attachments inside: a PDF in a winmail.dat is not the file.
    if h.starts_with(&crate::tnef::SIGNATURE) {
        return Some(Kind::Tnef);
    }
    // An Outlook mailbox (.pst, .ost).
    if crate::pst::is_mailbox(h) {
        return Some(Kind::Pst);
    }
    // PDF: the header may follow some junk (readers look for it further than the first KiB).
    if find(h, b"%PDF-")
        && !h.starts_with(b"PK")
        && !h.starts_with(&OLE_MAGIC)
        && !looks_like_email(skip_bom_ws(h), true)
    {
        return Some(Kind::Pdf);
    }
    if h.starts_with(b"\x89PNG\r\n\x1a\n")
        || h.starts_with(&[0xFF, 0xD8, 0xFF])
        || h.starts_with(b"GIF87a")
        || h.starts_with(b"GIF89a")
        || h.starts_with(b"II*\0")
        || h.starts_with(b"MM\0*")
        || is_bmp(h)
        || crate::image::is_webp(h)
    {
        return Some(Kind::Image);
    }
    if h.starts_with(b"PK\x03\x04") || h.starts_with(b"PK\x05\x06") || h.starts_with(b"PK\x07\x08")
    {
        return Some(zip_kind_from_head(h, ext));
    }
    if h.starts_with(&OLE_MAGIC) {
        if find(h, &utf16le("__substg1.0_")) || find(h, &utf16le("__properties_version1.0")) {
            return Some(Kind::Msg);
        }
        if find(h, &utf16le("Workbook")) || find(h, &utf16le("Book\0")) {
            return Some(Kind::Spreadsheet);
        }
        if find(h, &utf16le("WordDocument")) {
            return Some(Kind::Doc);
        }
        if find(h, &utf16le("PowerPoint Document")) {
            return Some(Kind::Ppt);
        }
        return Some(match ext {
            "msg" => Kind::Msg,
            "xls" | "xla" | "xlt" => Kind::Spreadsheet,
            "doc" | "dot" => Kind::Doc,
            "ppt" | "pps" | "pot" => Kind::Ppt,
            _ => Kind::Unknown,
        });
    }
    let t = skip_bom_ws(h);
    if t.starts_with(b"{\\rtf") {
        return Some(Kind::Rtf);
    }
    None
}

fn is_bmp(h: &[u8]) -> bool {
    if h.len() < 26 || !h.starts_with(b"BM") {
        return false;
    }
    let dib = u32::from_le_bytes([h[14], h[15], h[16], h[17]]);
    matches!(dib, 12 | 16 | 40 | 52 | 56 | 64 | 108 | 124)
}

fn zip_kind_from_head(h: &[u8], ext: &str) -> Kind {
    if find(h, b"word/document.xml") || find(h, b"word/document2.xml") {
        return Kind::Docx;
    }
    if find(h, b"xl/workbook.xml") || find(h, b"xl/workbook.bin") {
        return Kind::Spreadsheet;
    }
    if find(h, b"ppt/presentation.xml") {
        return Kind::Pptx;
    }
    if let Some(k) = odf_kind(h) {
        return k;
    }
    match ext {
        "docx" | "docm" | "dotx" => Kind::Docx,
        "odt" | "ott" => Kind::Odt,
        "pptx" | "pptm" | "ppsx" | "ppsm" | "potx" => Kind::Pptx,
        "odp" | "otp" => Kind::Odp,
        "xlsx" | "xlsm" | "xlsb" | "xltx" | "ods" => Kind::Spreadsheet,
        _ => Kind::Archive,
    }
}

/// An OpenDocument file by the media type its `mimetype` entry (stored first, uncompressed)
/// names; templates read as the documents they make.
fn odf_kind(h: &[u8]) -> Option<Kind> {
    const ODF: &[u8] = b"application/vnd.oasis.opendocument.";
    let at = memchr::memmem::find(h, ODF)? + ODF.len();
    let rest = &h[at..];
    if rest.starts_with(b"spreadsheet") {
        Some(Kind::Spreadsheet)
    } else if rest.starts_with(b"text") {
        Some(Kind::Odt)
    } else if rest.starts_with(b"presentation") {
        Some(Kind::Odp)
    } else {
        None
    }
}

/// The kind of a zip container from its central directory (None: unreadable).
fn zip_kind(path: &Path) -> Option<Kind> {
    let f = std::fs::File::open(path).ok()?;
    let z = zip::ZipArchive::new(std::io::BufReader::new(f)).ok()?;
    let mut has_mimetype = false;
    for name in z.file_names_raw() {
        match name {
            b"word/document.xml" | b"word/document2.xml" => return Some(Kind::Docx),
            b"xl/workbook.xml" | b"xl/workbook.bin" => return Some(Kind::Spreadsheet),
            b"ppt/presentation.xml" => return Some(Kind::Pptx),
            b"mimetype" => has_mimetype = true,
            _ => {}
        }
    }
    if has_mimetype {
        let f = std::fs::File::open(path).ok()?;
        let mut z = zip::ZipArchive::new(std::io::BufReader::new(f)).ok()?;
        let mut m = String::new();
        if let Ok(e) = z.by_name("mimetype") {
            let _ = e.take(200).read_to_string(&mut m);
        }
        if let Some(k) = odf_kind(m.trim().as_bytes()) {
            return Some(k);
        }
    }
    Some(Kind::Archive)
}

/// The kind of an OLE compound file from its directory (None: unreadable). A password-
/// protected Office file is an OLE "EncryptedPackage": its name tells which kind it is.
fn ole_kind(path: &Path, ext: &str) -> Option<Kind> {
    let f = std::fs::File::open(path).ok()?;
    let cf =
        crate::guarded(|| cfb::CompoundFile::open(f).map_err(|e| crate::Failure(e.to_string())))
            .ok()?;
    let mut kind = Kind::Unknown;
    for e in cf.read_root_storage() {
        let n = e.name();
        if n.starts_with("__substg1.0_") || n == "__properties_version1.0" {
            return Some(Kind::Msg);
        }
        if n.eq_ignore_ascii_case("Workbook") || n.eq_ignore_ascii_case("Book") {
            kind = Kind::Spreadsheet;
        }
        if n == "WordDocument" {
            kind = Kind::Doc;
        }
        if n == "PowerPoint Document" {
            kind = Kind::Ppt;
        }
        if n == "EncryptedPackage" {
            kind = match ext {
                "docx" | "docm" | "dotx" => Kind::Docx,
                "xlsx" | "xlsm" | "xlsb" | "xltx" => Kind::Spreadsheet,
                "pptx" | "pptm" | "ppsx" | "ppsm" | "potx" => Kind::Pptx,
                _ => kind,
            };
        }
    }
    Some(kind)
}

fn skip_bom_ws(h: &[u8]) -> &[u8] {
    let h = h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h);
    let n = h.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &h[n..]
}

/// Text-like content: email, mbox, HTML, CSV, plain text; or binary (Unknown).
fn sniff_text(h: &[u8], ext: &str) -> Kind {
    // UTF-16 with a BOM, or without one but with the tell-tale zero bytes.
    if h.starts_with(b"\xFF\xFE") || h.starts_with(b"\xFE\xFF") || looks_utf16(h) {
        let (decoded, _) = crate::text::decode(&h[..h.len() & !1]);
        let k = sniff_text_utf8(decoded.as_bytes(), ext);
        // Only plain text kinds make sense decoded from UTF-16.
        return match k {
            Kind::Email | Kind::Mbox | Kind::Unknown => Kind::Text,
            k => k,
        };
    }
    // An email's header block is text even when a part of its body is raw binary.
    if let Some(k) = mail_kind(skip_bom_ws(h), ext) {
        return k;
    }
    if looks_like_pdf_body(h) {
        return Kind::Pdf;
    }
    if crate::text::looks_binary(h) {
        return Kind::Unknown;
    }
    sniff_text_utf8(h, ext)
}

/// PDF objects without a (recognisable) "%PDF-" header: poppler reads many such files.
fn looks_like_pdf_body(h: &[u8]) -> bool {
    let marks = [
        &b"endobj"[..],
        b"startxref",
        b"trailer",
        b"/Type",
        b"xref",
        b"endstream",
    ];
    let n = marks.iter().filter(|m| find(h, m)).count();
    find(h, b" obj") && n >= 2
}

fn looks_utf16(h: &[u8]) -> bool {
    if h.len() < 4 {
        return false;
    }
    let n = h.len().min(4096) & !1;
    let (mut even0, mut odd0) = (0usize, 0usize);
    for pair in h[..n].chunks_exact(2) {
        if pair[0] == 0 {
            even0 += 1;
        }
        if pair[1] == 0 {
            odd0 += 1;
        }
    }
    let pairs = n / 2;
    // Mostly-ASCII UTF-16: one byte of each pair is zero, the other almost never.
    (odd0 * 10 >= pairs * 7 && even0 * 20 <= pairs)
        || (even0 * 10 >= pairs * 7 && odd0 * 20 <= pairs)
}

fn sniff_text_utf8(h: &[u8], ext: &str) -> Kind {
    let t = skip_bom_ws(h);
    if t.is_empty() {
        return Kind::Text;
    }
    if let Some(k) = mail_kind(t, ext) {
        return k;
    }
    if looks_like_html(t, ext) {
        return Kind::Html;
    }
    match ext {
        "csv" | "tsv" | "tab" => Kind::Csv,
        "htm" | "html" | "xhtml" if t.starts_with(b"<") => Kind::Html,
        "eml" if has_header_line(t) => Kind::Email,
        _ => Kind::Text,
    }
}

/// Mbox (an envelope "From " line, then headers) or a single email.
fn mail_kind(t: &[u8], ext: &str) -> Option<Kind> {
    if t.starts_with(b"From ") && is_mbox_from_line(first_line(t)) && headers_follow(t) {
        // A single message with an mbox "From " envelope line is still one email when
        // the name says so.
        if matches!(ext, "eml" | "msg" | "txt") && count_from_lines(t) <= 1 {
            return Some(Kind::Email);
        }
        return Some(Kind::Mbox);
    }
    // A file named as a message gets the benefit of the doubt; any other file is an email
    // only when it starts with a real header block (a memo's "Date:", "To:" and "From:"
    // lines under a title are text, and text is never dropped).
    looks_like_email(t, matches!(ext, "eml" | "mht" | "mhtml" | "mbox")).then_some(Kind::Email)
}

fn first_line(t: &[u8]) -> &[u8] {
    let end = t.iter().position(|&b| b == b'\n').unwrap_or(t.len());
    &t[..end]
}

/// "From sender@example.com Mon Jan  1 00:00:00 2001" (sender may be "MAILER-DAEMON" etc.)
fn is_mbox_from_line(line: &[u8]) -> bool {
    let line = String::from_utf8_lossy(line);
    let mut parts = line[5..].split_whitespace();
    let Some(_sender) = parts.next() else {
        return false;
    };
    let rest: Vec<&str> = parts.collect();
    // A date with a year and a time somewhere.
    rest.iter()
        .any(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()))
        && rest
            .iter()
            .any(|p| p.matches(':').count() >= 1 && p.len() >= 4)
}

fn headers_follow(t: &[u8]) -> bool {
    let rest = &t[first_line(t).len().min(t.len())..];
    let rest = rest.strip_prefix(b"\n").unwrap_or(rest);
    let rest = rest.strip_prefix(b"\r\n").unwrap_or(rest);
    has_header_line(rest)
}

fn count_from_lines(t: &[u8]) -> usize {
    let mut n = usize::from(t.starts_with(b"From "));
    let mut i = 0;
    while let Some(p) = t[i..].windows(6).position(|w| w == b"\nFrom ") {
        n += 1;
        i += p + 6;
    }
    n
}

const KNOWN_HEADERS: &[&str] = &[
    "from",
    "to",
    "cc",
    "bcc",
    "subject",
    "date",
    "received",
    "return-path",
    "message-id",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "reply-to",
    "sender",
    "in-reply-to",
    "references",
    "delivered-to",
    "thread-topic",
    "thread-index",
    "importance",
    "dkim-signature",
    "authentication-results",
    "list-id",
    "user-agent",
    "organization",
    "x-mailer",
];

/// Parses "Name: value" at the start of `line`; returns the name.
pub(crate) fn header_name(line: &[u8]) -> Option<&[u8]> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = &line[..colon];
    if name.is_empty() || name.len() > 76 {
        return None;
    }
    if name.iter().all(|&b| (33..=126).contains(&b) && b != b':') {
        Some(name)
    } else {
        None
    }
}

fn has_header_line(t: &[u8]) -> bool {
    header_name(first_line(t)).is_some()
}

/// Headers a message picks up on its way (a transport, a mail program, MIME): a file with
/// one of them in a valid header block was sent as email.
const TRANSPORT_HEADERS: &[&str] = &[
    "received",
    "return-path",
    "message-id",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "delivered-to",
    "in-reply-to",
    "references",
    "thread-index",
    "dkim-signature",
    "authentication-results",
    "x-mailer",
    "user-agent",
    "list-id",
];

/// Whether `t` starts with an email's header block.
///
/// Strict (any file not named as a message): every line up to the first blank line is a
/// header field (`Name: value`) or a folded continuation, at least two of them are known
/// header names, and the message shows it was sent — a transport or MIME header, or a
/// `From:` address with an RFC 5322 `Date:`. A memo's `Date: March 3, 2025` and `From:
/// Parking Division` lines under a title are not that.
///
/// Lenient (`.eml` and the like): one damaged line at the very start (a mangled `From:`) is
/// tolerated, and two known header names suffice (the extractor keeps that line as text).
fn looks_like_email(t: &[u8], lenient: bool) -> bool {
    let mut known = 0;
    let mut headers = 0;
    let mut transport = false;
    let mut from_address = false;
    let mut date_ok = false;
    let mut layout_ok = true;
    let mut ended = false;
    for (i, raw) in t.split(|&b| b == b'\n').enumerate() {
        if i >= 200 {
            break;
        }
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if line.is_empty() {
            ended = true;
            break;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            if headers == 0 {
                return false;
            }
            continue;
        }
        let Some(name) = header_name(line) else {
            if i == 0 && lenient {
                continue;
            }
            layout_ok = false;
            break;
        };
        headers += 1;
        let lname = String::from_utf8_lossy(name).to_ascii_lowercase();
        if KNOWN_HEADERS.contains(&lname.as_str()) || lname.starts_with("x-") {
            known += 1;
        }
        let value = String::from_utf8_lossy(&line[name.len() + 1..]);
        transport |= TRANSPORT_HEADERS.contains(&lname.as_str());
        match lname.as_str() {
            "from" | "sender" => from_address |= value.contains('@'),
            "date" => date_ok |= rfc5322_date(&value),
            _ => {}
        }
    }
    if lenient {
        return known >= 2 || (known >= 1 && ended && layout_ok && headers >= 2);
    }
    // The whole block was read (up to its blank line or the end of what was given).
    let _ = ended;
    layout_ok && headers >= 2 && known >= 2 && (transport || (from_address && date_ok))
}

/// A date as RFC 5322 writes it ("Mon, 3 Mar 2025 09:12:00 -0800", day name optional, a
/// trailing comment such as "(PST)" allowed).
fn rfc5322_date(value: &str) -> bool {
    let v = value.trim();
    let v = match v.find('(') {
        Some(p) => v[..p].trim_end(),
        None => v,
    };
    chrono::DateTime::parse_from_rfc2822(v).is_ok()
}

fn looks_like_html(t: &[u8], ext: &str) -> bool {
    let start = &t[..t.len().min(2048)];
    let lower: Vec<u8> = start.iter().map(|b| b.to_ascii_lowercase()).collect();
    let l = skip_xml_prolog(&lower);
    l.starts_with(b"<!doctype html")
        || l.starts_with(b"<html")
        || l.starts_with(b"<head")
        || l.starts_with(b"<body")
        || (matches!(ext, "htm" | "html" | "xhtml") && l.starts_with(b"<"))
        || (l.starts_with(b"<") && (find(&lower, b"<html") || find(&lower, b"<body")))
}

fn skip_xml_prolog(mut l: &[u8]) -> &[u8] {
    loop {
        let trimmed = {
            let n = l.iter().take_while(|b| b.is_ascii_whitespace()).count();
            &l[n..]
        };
        l = trimmed;
        if l.starts_with(b"<?") || (l.starts_with(b"<!--")) {
            let close: &[u8] = if l.starts_with(b"<?") { b"?>" } else { b"-->" };
            match l.windows(close.len()).position(|w| w == close) {
                Some(p) => l = &l[p + close.len()..],
                None => return l,
            }
        } else {
            return l;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic() {
        assert_eq!(sniff(b"%PDF-1.4\n", "x.txt"), Kind::Pdf);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n....", "x"), Kind::Image);
        assert_eq!(sniff(b"{\\rtf1\\ansi hi}", "x"), Kind::Rtf);
        assert_eq!(sniff(b"PK\x03\x04rest", "a.zip"), Kind::Archive);
        assert_eq!(
            sniff(b"PK\x03\x04....word/document.xml", "a.zip"),
            Kind::Docx
        );
        assert_eq!(sniff(b"\0\x01\x02\x03binary\0\0", "a.txt"), Kind::Unknown);
        assert_eq!(sniff(b"", "a.txt"), Kind::Unknown);
    }

    #[test]
    fn text_kinds() {
        assert_eq!(sniff(b"a,b,c\n1,2,3\n", "x.csv"), Kind::Csv);
        assert_eq!(sniff(b"a,b,c\n1,2,3\n", "x.txt"), Kind::Text);
        assert_eq!(sniff(b"<!DOCTYPE html><p>x", "x"), Kind::Html);
        assert_eq!(sniff(b"<html><body>x</body></html>", "x.txt"), Kind::Html);
        assert_eq!(sniff(b"From: a@b\nTo: c@d\n\nhi", "x.eml"), Kind::Email);
        assert_eq!(
            sniff(
                b"From: a@b\nTo: c@d\nDate: Mon, 3 Mar 2025 09:12:00 -0800\n\nhi",
                "x"
            ),
            Kind::Email
        );
        assert_eq!(
            sniff(b"Message-ID: <1@b>\nFrom: a@b\nTo: c@d\n\nhi", "1."),
            Kind::Email
        );
        // A memo: a title, then Date/To/From lines a person typed. Not a message: text (and
        // text keeps every line).
        let memo = b"MEMORANDUM\nDate: March 3, 2025\nTo: City Council\nFrom: Code Compliance\nSubject: Parking Enforcement Division staffing\n\nThe division asks for two officers.\n";
        assert_eq!(sniff(memo, "memo.txt"), Kind::Text);
        assert_eq!(sniff(memo, "memo"), Kind::Text);
        // The same lines without a title are still not a sent message (no address, no
        // RFC 5322 date, nothing a mail system adds).
        assert_eq!(sniff(&memo[11..], "memo.txt"), Kind::Text);
        // Named as a message, a damaged first line is tolerated.
        assert_eq!(sniff(memo, "memo.eml"), Kind::Email);
        assert_eq!(
            sniff(b"Received: from x\n\tby y\nX-Foo: 1\n\nhi", "x"),
            Kind::Email
        );
        assert_eq!(
            sniff(
                b"From a@b Mon Jan  1 00:00:00 2001\nFrom: a@b\n\nhi\n",
                "box"
            ),
            Kind::Mbox
        );
        assert_eq!(
            sniff(
                b"From a@b Mon Jan  1 00:00:00 2001\nFrom: a@b\n\nhi\n",
                "x.eml"
            ),
            Kind::Email
        );
        // A log line with a colon is not an email.
        assert_eq!(
            sniff(
                b"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200\n",
                "access.log"
            ),
            Kind::Text
        );
        assert_eq!(sniff(b"Note: call back\nthanks\n", "x"), Kind::Text);
        let utf16: Vec<u8> = "hello world, plain text\r\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(sniff(&utf16, "x"), Kind::Text);
    }
}
