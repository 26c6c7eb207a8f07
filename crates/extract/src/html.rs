//! HTML: visible text (scripts and styles never), title from <title>.

use std::borrow::Cow;

use crate::Extracted;

/// Wrap width for html2text: wide enough that prose is not re-wrapped.
const WIDTH: usize = 400;

/// Nesting depth past which we use the simple tag stripper instead of html2text.
const MAX_DEPTH: usize = 300;

pub(crate) fn extract_html(b: &[u8]) -> Extracted {
    let html = decode_html(b);
    let mut out = Extracted {
        title: title(&html),
        text: html_to_text(&html),
        ..Default::default()
    };
    if let Some(t) = &out.title {
        out.fields.insert("title".into(), t.clone());
    }
    out
}

/// Bytes to text, honouring a BOM, valid UTF-8, or a declared charset.
pub(crate) fn decode_html(b: &[u8]) -> Cow<'_, str> {
    if b.starts_with(b"\xEF\xBB\xBF") || b.starts_with(b"\xFF\xFE") || b.starts_with(b"\xFE\xFF") {
        return crate::text::decode(b).0;
    }
    if let Ok(s) = std::str::from_utf8(b) {
        return Cow::Borrowed(s);
    }
    if let Some(enc) = declared_charset(&b[..b.len().min(4096)]) {
        let (t, _) = enc.decode_without_bom_handling(b);
        return t;
    }
    crate::text::decode(b).0
}

fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let p = lower.windows(8).position(|w| w == b"charset=")?;
    let rest = &lower[p + 8..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    encoding_rs::Encoding::for_label(&rest[..end])
}

/// The text of the first <title> element, entities decoded, whitespace collapsed.
pub(crate) fn title(html: &str) -> Option<String> {
    let lower = html[..html.len().min(64 * 1024)].to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</title")?;
    let raw = &html[open_end..close];
    let t = collapse_ws(&decode_entities(raw));
    (!t.is_empty()).then_some(t)
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Visible text of an HTML document or fragment.
pub(crate) fn html_to_text(html: &str) -> String {
    if html.trim().is_empty() {
        return String::new();
    }
    let text = if nesting_depth(html) > MAX_DEPTH {
        None
    } else {
        html2text::config::plain_no_decorate()
            .no_table_borders()
            .string_from_read(html.as_bytes(), WIDTH)
            .ok()
    };
    let text = text.unwrap_or_else(|| strip_tags(html));
    crate::text::tidy_lines(&text, true)
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "td", "tr", "th", "option", "dt", "dd",
];

/// A rough upper bound of element nesting (unclosed optional-end tags are not counted).
fn nesting_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(p) = memchr(b'<', &b[i..]) {
        i += p + 1;
        match b.get(i) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let end = b[i..]
                    .iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .map_or(b.len(), |e| i + e);
                let name = html[i..end].to_ascii_lowercase();
                let close = memchr(b'>', &b[i..]).map(|e| i + e);
                let self_closing = close.is_some_and(|e| e > 0 && b[e - 1] == b'/');
                if !VOID.contains(&name.as_str()) && !self_closing {
                    depth += 1;
                    max = max.max(depth);
                }
            }
            _ => {}
        }
    }
    max
}

fn memchr(c: u8, b: &[u8]) -> Option<usize> {
    b.iter().position(|&x| x == c)
}

/// A simple visible-text extractor: tags removed, script/style/head content dropped,
/// block tags as line breaks, entities decoded.
pub(crate) fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let lower = html.to_ascii_lowercase();
    let b = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        out.push_str(&decode_entities(&html[text_start..i]));
        let rest = &lower[i..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(b.len(), |e| i + e + 3);
            text_start = i;
            continue;
        }
        let end = memchr(b'>', &b[i..]).map_or(b.len(), |e| i + e + 1);
        let name: String = rest[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !rest.starts_with("</")
            && matches!(name.as_str(), "script" | "style" | "head" | "template")
        {
            let close = format!("</{name}");
            i = lower[end.min(b.len())..]
                .find(&close)
                .map_or(b.len(), |e| end + e);
            i = memchr(b'>', &b[i..]).map_or(b.len(), |e| i + e + 1);
            text_start = i;
            continue;
        }
        if matches!(
            name.as_str(),
            "br" | "p"
                | "div"
                | "tr"
                | "li"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "table"
                | "ul"
                | "ol"
                | "blockquote"
                | "pre"
                | "hr"
                | "title"
        ) {
            out.push('\n');
        } else if matches!(name.as_str(), "td" | "th") {
            out.push('\t');
        }
        i = end;
        text_start = i;
    }
    if text_start < b.len() {
        out.push_str(&decode_entities(&html[text_start..]));
    }
    // Collapse runs of spaces within lines.
    let mut res = String::with_capacity(out.len());
    for line in out.lines() {
        res.push_str(
            &line
                .split([' ', '\u{a0}'])
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
        );
        res.push('\n');
    }
    res
}

/// Decodes the common named entities and numeric references.
pub(crate) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = if let Some(num) = ent.strip_prefix('#') {
                let v = if let Some(h) = num.strip_prefix(['x', 'X']) {
                    u32::from_str_radix(h, 16).ok()
                } else {
                    num.parse().ok()
                };
                v.and_then(char::from_u32)
            } else {
                match ent {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    "copy" => Some('©'),
                    "reg" => Some('®'),
                    "mdash" => Some('—'),
                    "ndash" => Some('–'),
                    "hellip" => Some('…'),
                    "rsquo" => Some('’'),
                    "lsquo" => Some('‘'),
                    "rdquo" => Some('”'),
                    "ldquo" => Some('“'),
                    "euro" => Some('€'),
                    "sect" => Some('§'),
                    _ => None,
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text() {
        let h = "<html><head><title>Budget &amp; Plan</title><style>p{color:red}</style>\
                 <script>var secret='no';</script></head><body><h1>Hello</h1>\
                 <p>World &euro; <b>bold</b></p><table><tr><td>a</td><td>b</td></tr></table>\
                 <script>alert('x')</script></body></html>";
        let t = html_to_text(h);
        assert!(t.contains("Hello"), "{t}");
        assert!(t.contains("World € bold"), "{t}");
        assert!(
            !t.contains("secret") && !t.contains("alert") && !t.contains("color"),
            "{t}"
        );
        assert_eq!(title(h).as_deref(), Some("Budget & Plan"));
        let s = strip_tags(h);
        assert!(s.contains("Hello") && s.contains("World € bold"), "{s}");
        assert!(
            !s.contains("secret") && !s.contains("alert") && !s.contains("color"),
            "{s}"
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let h = "<div>".repeat(100_000) + "deep text" + &"</div>".repeat(100_000);
        let t = html_to_text(&h);
        assert!(t.contains("deep text"));
    }
}
