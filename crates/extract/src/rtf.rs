//! RTF: a control-word stripper. Good enough for review text: paragraphs, tabs, table cells,
//! \'hh escapes in the document's ANSI code page (default Windows-1252), \uN characters;
//! font/colour/style tables, document info, pictures, field instructions and unknown
//! `{\*…}` destinations are skipped. RTF that encapsulates HTML (\fromhtml, as Outlook
//! writes) is turned back into HTML and converted.

use crate::Extracted;

pub(crate) fn extract_rtf(b: &[u8]) -> Extracted {
    let r = rtf_to_text(b);
    let mut out = Extracted {
        text: r.text,
        ..Default::default()
    };
    if let Some(t) = r.title {
        out.title = Some(t.clone());
        out.fields.insert("title".into(), t);
    }
    if let Some(a) = r.author {
        out.fields.insert("author".into(), a);
    }
    out
}

pub(crate) struct RtfText {
    pub text: String,
    pub title: Option<String>,
    pub author: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Dest {
    Normal,
    Skip,
    Title,
    Author,
    HtmlTag,
}

#[derive(Clone, Copy)]
struct State {
    dest: Dest,
    uc: usize,
    htmlrtf: bool,
}

const SKIP_DESTS: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "fldinst",
    "datafield",
    "themedata",
    "colorschememapping",
    "latentstyles",
    "listtable",
    "listoverridetable",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "mmathPr",
    "filetbl",
    "revtbl",
    "pgdsctbl",
    "bkmkstart",
    "bkmkend",
    "nonshppict",
    "userprops",
    "docvar",
    "operator",
    "objdata",
    "objclass",
    "xmlopen",
    "xmlclose",
    "wgrffmtfilter",
    "defchp",
    "defpap",
    "listtext",
    "pntext",
    "pntxta",
    "pntxtb",
    "ftnsep",
    "ftnsepc",
    "aftnsep",
    "aftnsepc",
    "template",
    "keywords",
    "comment",
    "doccomm",
    "company",
    "category",
    "manager",
    "hlinkbase",
    "subject",
    "printim",
    "creatim",
    "revtim",
    "buptim",
    "shpinst",
    "sp",
    "sn",
    "sv",
    "passwordhash",
];

pub(crate) fn rtf_to_text(b: &[u8]) -> RtfText {
    let mut enc: &'static encoding_rs::Encoding = encoding_rs::WINDOWS_1252;
    let mut out = String::with_capacity(b.len() / 2);
    let mut title = String::new();
    let mut author = String::new();
    let mut pending: Vec<u8> = Vec::new();
    let mut stack: Vec<State> = Vec::new();
    let mut st = State {
        dest: Dest::Normal,
        uc: 1,
        htmlrtf: false,
    };
    let mut skip_chars = 0usize;
    let mut from_html = false;
    let mut star = false;
    let mut i = 0;

    // Where text goes in the current state (None: dropped).
    fn sink<'a>(
        st: &State,
        from_html: bool,
        out: &'a mut String,
        title: &'a mut String,
        author: &'a mut String,
    ) -> Option<&'a mut String> {
        match st.dest {
            Dest::Skip => None,
            Dest::Title => Some(title),
            Dest::Author => Some(author),
            Dest::HtmlTag => Some(out),
            Dest::Normal if from_html && st.htmlrtf => None,
            Dest::Normal => Some(out),
        }
    }
    macro_rules! flush {
        () => {
            if !pending.is_empty() {
                let (t, _) = enc.decode_without_bom_handling(&pending);
                if let Some(s) = sink(&st, from_html, &mut out, &mut title, &mut author) {
                    s.push_str(&t);
                }
                pending.clear();
            }
        };
    }
    macro_rules! emit {
        ($s:expr) => {{
            flush!();
            if let Some(s) = sink(&st, from_html, &mut out, &mut title, &mut author) {
                s.push_str($s);
            }
        }};
    }

    while i < b.len() {
        let c = b[i];
        match c {
            b'{' => {
                flush!();
                stack.push(st);
                // Depth is bounded by the input size; a Vec, not recursion.
                i += 1;
                star = false;
            }
            b'}' => {
                flush!();
                if let Some(s) = stack.pop() {
                    st = s;
                }
                skip_chars = 0;
                i += 1;
                star = false;
            }
            b'\\' => {
                i += 1;
                let Some(&n) = b.get(i) else { break };
                if n.is_ascii_alphabetic() {
                    let ws = i;
                    while i < b.len() && b[i].is_ascii_alphabetic() && i - ws < 32 {
                        i += 1;
                    }
                    let word = std::str::from_utf8(&b[ws..i]).unwrap_or("");
                    let ps = i;
                    if i < b.len() && (b[i] == b'-' || b[i].is_ascii_digit()) {
                        i += 1;
                        while i < b.len() && b[i].is_ascii_digit() && i - ps < 12 {
                            i += 1;
                        }
                    }
                    let param: Option<i64> = std::str::from_utf8(&b[ps..i])
                        .ok()
                        .and_then(|p| p.parse().ok());
                    if i < b.len() && b[i] == b' ' {
                        i += 1;
                    }
                    let was_star = std::mem::replace(&mut star, false);
                    match word {
                        "par" | "line" | "sect" | "page" | "row" | "lbr" => emit!("\n"),
                        "tab" | "cell" => emit!("\t"),
                        "emdash" => emit!("—"),
                        "endash" => emit!("–"),
                        "lquote" => emit!("‘"),
                        "rquote" => emit!("’"),
                        "ldblquote" => emit!("“"),
                        "rdblquote" => emit!("”"),
                        "bullet" => emit!("•"),
                        "u" => {
                            if let Some(p) = param {
                                let v = if p < 0 { p + 65536 } else { p };
                                let ch = u32::try_from(v)
                                    .ok()
                                    .and_then(char::from_u32)
                                    .unwrap_or('\u{FFFD}');
                                let mut buf = [0u8; 4];
                                emit!(ch.encode_utf8(&mut buf));
                                skip_chars = st.uc;
                            }
                        }
                        "uc" => st.uc = param.unwrap_or(1).clamp(0, 10) as usize,
                        "ansicpg" => {
                            if let Some(e) = param
                                .and_then(|p| u16::try_from(p).ok())
                                .and_then(codepage::to_encoding)
                            {
                                flush!();
                                enc = e;
                            }
                        }
                        "fromhtml" => from_html = true,
                        "htmlrtf" => {
                            flush!();
                            st.htmlrtf = param != Some(0);
                        }
                        "htmltag" | "mhtmltag" => {
                            flush!();
                            st.dest = if st.dest == Dest::Skip {
                                Dest::Skip
                            } else {
                                Dest::HtmlTag
                            };
                        }
                        "title" if stack.len() >= 2 => {
                            flush!();
                            st.dest = Dest::Title;
                        }
                        "author" if stack.len() >= 2 => {
                            flush!();
                            st.dest = Dest::Author;
                        }
                        "bin" => {
                            let n = param.unwrap_or(0).max(0) as usize;
                            i = i.saturating_add(n).min(b.len());
                        }
                        w if SKIP_DESTS.contains(&w) => {
                            flush!();
                            st.dest = Dest::Skip;
                        }
                        _ => {
                            if was_star {
                                flush!();
                                st.dest = Dest::Skip;
                            }
                        }
                    }
                } else {
                    i += 1;
                    match n {
                        b'\'' => {
                            let hex = b.get(i..i + 2).and_then(|h| std::str::from_utf8(h).ok());
                            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                                i += 2;
                                if skip_chars > 0 {
                                    skip_chars -= 1;
                                } else {
                                    pending.push(v);
                                }
                            }
                        }
                        b'*' => star = true,
                        b'\\' | b'{' | b'}' => {
                            if skip_chars > 0 {
                                skip_chars -= 1;
                            } else {
                                let s = [n];
                                emit!(std::str::from_utf8(&s).unwrap_or(""));
                            }
                        }
                        b'~' => emit!("\u{a0}"),
                        b'_' => emit!("-"),
                        b'\n' | b'\r' => emit!("\n"),
                        _ => {}
                    }
                }
            }
            b'\r' | b'\n' => i += 1,
            _ => {
                i += 1;
                star = false;
                if skip_chars > 0 {
                    skip_chars -= 1;
                    continue;
                }
                if c < 0x80 {
                    if !pending.is_empty() {
                        flush!();
                    }
                    if let Some(s) = sink(&st, from_html, &mut out, &mut title, &mut author) {
                        s.push(c as char);
                    }
                } else {
                    pending.push(c);
                }
            }
        }
    }
    flush!();
    let text = if from_html {
        crate::html::html_to_text(&out)
    } else {
        crate::text::tidy_lines(&out, true)
    };
    let clean = |s: String| {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        (!s.is_empty()).then_some(s)
    };
    RtfText {
        text,
        title: clean(title),
        author: clean(author),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips() {
        let r = rtf_to_text(
            br"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times;}}{\colortbl;\red0\green0\blue0;}{\info{\title Memo}{\author Pat}}{\*\generator Foo;}\pard Caf\'e9 \u8364? ok\par Second\tab line\par{\*\unknown hidden}}",
        );
        assert_eq!(r.text, "Café € ok\nSecond\tline\n");
        assert_eq!(r.title.as_deref(), Some("Memo"));
        assert_eq!(r.author.as_deref(), Some("Pat"));
    }

    #[test]
    fn from_html() {
        let r = rtf_to_text(
            br"{\rtf1\ansi\fromhtml1 {\*\htmltag19 <html>}{\*\htmltag34 <body>}\htmlrtf {\htmlrtf0 Hello {\*\htmltag84 <b>}there\htmlrtf\par\htmlrtf0{\*\htmltag92 </b>}}{\*\htmltag2 </body>}}",
        );
        assert!(r.text.contains("Hello there"), "{:?}", r.text);
    }
}
