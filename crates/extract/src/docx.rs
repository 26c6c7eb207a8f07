//! DOCX: zip + quick-xml. Body paragraphs, tables (cells tab-separated), headers/footers,
//! footnotes/endnotes, comments ("[Comment by X: …]" where they are anchored), tracked
//! insertions as normal text and tracked deletions as "[deleted: …]" with a warning;
//! docProps/core.xml metadata.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use crate::{Extracted, Failure, Options};

pub(crate) type Zip = zip::ZipArchive<std::io::BufReader<std::fs::File>>;

pub(crate) fn open_zip(path: &Path, what: &str) -> Result<Zip, Failure> {
    let f = std::fs::File::open(path).map_err(|e| crate::io_failure(&e))?;
    zip::ZipArchive::new(std::io::BufReader::new(f)).map_err(|e| {
        Failure(format!(
            "damaged {what} ({})",
            crate::one_line(&e.to_string(), 120)
        ))
    })
}

/// Reads one entry as text (None when absent), failing past `limit` bytes expanded.
pub(crate) fn read_entry(z: &mut Zip, name: &str, limit: u64) -> Result<Option<String>, Failure> {
    let Some(i) = z.index_for_name(name) else {
        return Ok(None);
    };
    let e = match z.by_index(i) {
        Ok(e) => e,
        Err(zip::result::ZipError::UnsupportedArchive(m)) if m.contains("assword") => {
            return Err(Failure::encrypted());
        }
        Err(e) => {
            return Err(Failure(format!(
                "damaged document ({name}: {})",
                crate::one_line(&e.to_string(), 100)
            )));
        }
    };
    if e.encrypted() {
        return Err(Failure::encrypted());
    }
    let mut buf = Vec::new();
    e.take(limit + 1).read_to_end(&mut buf).map_err(|err| {
        Failure(format!(
            "damaged document ({name}: {})",
            crate::one_line(&err.to_string(), 100)
        ))
    })?;
    if buf.len() as u64 > limit {
        return Err(Failure(format!(
            "too large ({name} expands past {})",
            crate::fmt_size(limit)
        )));
    }
    Ok(Some(match String::from_utf8(buf) {
        Ok(s) => s,
        Err(e) => crate::text::decode(e.as_bytes()).0.into_owned(),
    }))
}

pub(crate) fn extract_docx(path: &Path, opts: &Options) -> Result<Extracted, Failure> {
    if crate::ole_encrypted(path) {
        return Err(Failure::encrypted());
    }
    let mut z = open_zip(path, "document")?;
    let limit = opts.max_in_memory;
    let main = ["word/document.xml", "word/document2.xml"]
        .into_iter()
        .find(|n| z.index_for_name(n).is_some())
        .ok_or_else(|| Failure::new("damaged document (no word/document.xml)"))?;
    let mut out = Extracted::default();
    let mut flags = Flags::default();

    // Comments first: they are shown where they are anchored.
    let mut comments = BTreeMap::new();
    if let Some(x) = read_entry(&mut z, "word/comments.xml", limit)? {
        for n in walk(&x, &BTreeMap::new(), &mut flags).notes {
            comments.insert(n.id.clone(), n);
        }
    }
    let body = walk(
        &read_entry(&mut z, main, limit)?.unwrap_or_default(),
        &comments,
        &mut flags,
    );

    let mut names: Vec<String> = z
        .file_names()
        .filter_map(Result::ok)
        .map(|s| s.to_string())
        .collect();
    names.sort_by_key(|n| numeric_key(n));
    let mut headers = Vec::new();
    let mut footers = Vec::new();
    for n in &names {
        let is_header = n.starts_with("word/header") && n.ends_with(".xml");
        let is_footer = n.starts_with("word/footer") && n.ends_with(".xml");
        if !(is_header || is_footer) {
            continue;
        }
        if let Some(x) = read_entry(&mut z, n, limit)? {
            let t = walk(&x, &comments, &mut flags).text;
            let t = t.trim();
            let list = if is_header {
                &mut headers
            } else {
                &mut footers
            };
            if !t.is_empty() && !list.iter().any(|h: &String| h == t) {
                list.push(t.to_string());
            }
        }
    }
    let mut notes = Vec::new();
    for (file, label) in [
        ("word/footnotes.xml", "Footnotes"),
        ("word/endnotes.xml", "Endnotes"),
    ] {
        if let Some(x) = read_entry(&mut z, file, limit)? {
            let w = walk(&x, &comments, &mut flags);
            let items: Vec<String> = w
                .notes
                .into_iter()
                .filter(|n| !n.text.trim().is_empty())
                .map(|n| format!("[{}] {}", n.id, n.text.trim()))
                .collect();
            if !items.is_empty() {
                notes.push(format!("{label}:\n{}", items.join("\n")));
            }
        }
    }

    let mut text = String::new();
    for h in &headers {
        text.push_str("[Header] ");
        text.push_str(h);
        text.push('\n');
    }
    if !headers.is_empty() {
        text.push('\n');
    }
    text.push_str(body.text.trim_end());
    text.push('\n');
    for f in &footers {
        text.push_str("\n[Footer] ");
        text.push_str(f);
    }
    if !footers.is_empty() {
        text.push('\n');
    }
    for n in &notes {
        text.push('\n');
        text.push_str(n);
        text.push('\n');
    }
    let unanchored: Vec<&Note> = comments
        .values()
        .filter(|c| !flags.used_comments.contains(&c.id))
        .collect();
    if !unanchored.is_empty() {
        text.push_str("\nComments:\n");
        for c in unanchored {
            text.push_str(&format!("[Comment by {}: {}]\n", c.author, c.text.trim()));
        }
    }
    out.text = text.trim_start().to_string();

    if flags.deletions {
        out.warnings.push("tracked deletions present".into());
    }
    if flags.insertions {
        out.warnings.push("tracked insertions present".into());
    }
    if !comments.is_empty() {
        out.warnings.push(format!("{} comment(s)", comments.len()));
    }
    if flags.hidden {
        out.warnings.push("hidden text present (shown here)".into());
    }
    if let Some(x) = read_entry(&mut z, "docProps/core.xml", 16 * 1024 * 1024)? {
        core_props(&x, &mut out);
    }
    Ok(out)
}

/// "word/header10.xml" sorts after "word/header2.xml".
fn numeric_key(n: &str) -> (String, u64) {
    let digits: String = n.chars().filter(|c| c.is_ascii_digit()).collect();
    let stem: String = n.chars().filter(|c| !c.is_ascii_digit()).collect();
    (stem, digits.parse().unwrap_or(0))
}

/// docProps/core.xml: creator, lastModifiedBy, created, modified, title.
pub(crate) fn core_props(xml: &str, out: &mut Extracted) {
    metadata_fields(xml, out, |name| match name {
        "creator" => Some("author"),
        "lastModifiedBy" => Some("last_modified_by"),
        "created" => Some("created"),
        "modified" => Some("modified"),
        "title" => Some("title"),
        "subject" => Some("subject"),
        "keywords" => Some("keywords"),
        "description" => Some("description"),
        "lastPrinted" => Some("last_printed"),
        "revision" => Some("revision"),
        _ => None,
    });
}

/// Reads a flat metadata document (OOXML core.xml, ODF meta.xml): the text of each element
/// that `field` names becomes that field; a title becomes the record's title too.
pub(crate) fn metadata_fields(
    xml: &str,
    out: &mut Extracted,
    field: fn(&str) -> Option<&'static str>,
) {
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().check_end_names = false;
    let mut cur: Option<&'static str> = None;
    let mut val = String::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => {
                cur = field(e.local_name().as_ref());
                val.clear();
            }
            Ok(Event::Text(t)) if cur.is_some() => val.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(g)) if cur.is_some() => val.push_str(&crate::pdf::resolve_ref(&g)),
            Ok(Event::End(_)) => {
                if let Some(k) = cur.take() {
                    let v = val.trim();
                    if !v.is_empty() {
                        out.fields.insert(k.into(), v.to_string());
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    if let Some(t) = out.fields.get("title") {
        out.title = Some(t.clone());
    }
}

#[derive(Default)]
struct Flags {
    deletions: bool,
    insertions: bool,
    hidden: bool,
    used_comments: std::collections::HashSet<String>,
}

#[derive(Debug, Clone)]
struct Note {
    id: String,
    author: String,
    text: String,
}

struct Walked {
    text: String,
    notes: Vec<Note>,
}

pub(crate) fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        if a.key.local_name().as_ref() == local {
            Some(
                match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                    Ok(v) => v.into_owned(),
                    Err(_) => a.value.into_owned(),
                },
            )
        } else {
            None
        }
    })
}

/// Walks WordprocessingML (document, header, footer, comments, footnotes, endnotes).
fn walk(xml: &str, comments: &BTreeMap<String, Note>, flags: &mut Flags) -> Walked {
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().check_end_names = false;
    // Output buffers: [0] the document; a new one per table cell and per note.
    let mut bufs: Vec<String> = vec![String::new()];
    // Per open table row: its cells so far.
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut notes = Vec::new();
    let mut note_meta: Vec<(String, String, bool)> = Vec::new(); // id, author, keep
    let mut skip = 0usize; // inside mc:Fallback / field instructions / properties
    let mut del = 0usize; // inside w:del / w:moveFrom
    let mut del_buf = String::new();
    let mut in_t = false;
    let mut in_del_t = false;

    while let Ok(ev) = r.read_event() {
        match ev {
            Event::Start(e) => {
                let name = e.local_name();
                let n = name.as_ref();
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                match n {
                    "Fallback" | "instrText" | "delInstrText" | "fldData" | "pPr" | "tblPr"
                    | "tblGrid" | "trPr" | "tcPr" | "sectPr" | "binData" => {
                        // Run properties are checked for w:vanish below; others hold no text.
                        skip = 1;
                    }
                    "rPr" => {}
                    "t" => in_t = true,
                    "delText" => in_del_t = true,
                    "del" | "moveFrom" => {
                        del += 1;
                        flags.deletions = true;
                    }
                    "ins" | "moveTo" => flags.insertions = true,
                    "tr" => rows.push(Vec::new()),
                    "tc" => bufs.push(String::new()),
                    "comment" | "footnote" | "endnote" => {
                        let id = attr(&e, "id").unwrap_or_default();
                        let author = attr(&e, "author")
                            .map(|a| a.trim().to_string())
                            .filter(|a| !a.is_empty())
                            .or_else(|| attr(&e, "initials").filter(|a| !a.trim().is_empty()))
                            .unwrap_or_else(|| "unknown".into());
                        let ty = attr(&e, "type").unwrap_or_default();
                        let keep = !matches!(
                            ty.as_str(),
                            "separator" | "continuationSeparator" | "continuationNotice"
                        );
                        note_meta.push((id, author, keep));
                        bufs.push(String::new());
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                let name = e.local_name();
                match name.as_ref() {
                    "tab" => push(&mut bufs, del, &mut del_buf, "\t"),
                    "br" | "cr" => push(&mut bufs, del, &mut del_buf, "\n"),
                    "noBreakHyphen" => push(&mut bufs, del, &mut del_buf, "-"),
                    "vanish" => flags.hidden = true,
                    "commentReference" => {
                        let id = attr(&e, "id").unwrap_or_default();
                        if let Some(c) = comments.get(&id) {
                            flags.used_comments.insert(id);
                            let s = format!(
                                " [Comment by {}: {}] ",
                                c.author,
                                c.text.split_whitespace().collect::<Vec<_>>().join(" ")
                            );
                            push(&mut bufs, 0, &mut del_buf, &s);
                        }
                    }
                    "footnoteReference" => {
                        let id = attr(&e, "id").unwrap_or_default();
                        push(&mut bufs, 0, &mut del_buf, &format!("[{id}]"));
                    }
                    "endnoteReference" => {
                        let id = attr(&e, "id").unwrap_or_default();
                        push(&mut bufs, 0, &mut del_buf, &format!("[{id}]"));
                    }
                    "p" => push(&mut bufs, del, &mut del_buf, "\n"),
                    "tc" => {
                        if let Some(row) = rows.last_mut() {
                            row.push(String::new());
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if skip > 0 {
                    continue;
                }
                if in_del_t || (in_t && del > 0) {
                    del_buf.push_str(&t.xml10_content());
                } else if in_t && let Some(b) = bufs.last_mut() {
                    b.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) => {
                if skip > 0 || !(in_t || in_del_t) {
                    continue;
                }
                let s = crate::pdf::resolve_ref(&g);
                if in_del_t || del > 0 {
                    del_buf.push_str(&s);
                } else if let Some(b) = bufs.last_mut() {
                    b.push_str(&s);
                }
            }
            Event::CData(c) => {
                if skip == 0
                    && in_t
                    && let Some(b) = bufs.last_mut()
                {
                    b.push_str(&String::from_utf8_lossy(c.into_inner().as_bytes()));
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let name = e.local_name();
                match name.as_ref() {
                    "t" => in_t = false,
                    "delText" => in_del_t = false,
                    "del" | "moveFrom" => {
                        del = del.saturating_sub(1);
                        if del == 0 {
                            let d = del_buf.trim().to_string();
                            del_buf.clear();
                            if !d.is_empty()
                                && let Some(b) = bufs.last_mut()
                            {
                                b.push_str(&format!("[deleted: {d}]"));
                            }
                        }
                    }
                    "p" => {
                        if del > 0 {
                            del_buf.push(' ');
                        } else if let Some(b) = bufs.last_mut() {
                            b.push('\n');
                        }
                    }
                    "tc" if bufs.len() > 1 => {
                        let cell = bufs.pop().unwrap_or_default();
                        let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
                        if let Some(row) = rows.last_mut() {
                            row.push(cell);
                        } else if let Some(b) = bufs.last_mut() {
                            b.push_str(&cell);
                        }
                    }
                    "tr" => {
                        if let Some(mut row) = rows.pop() {
                            while row.last().is_some_and(|c| c.is_empty()) {
                                row.pop();
                            }
                            if let Some(b) = bufs.last_mut() {
                                b.push_str(&row.join("\t"));
                                b.push('\n');
                            }
                        }
                    }
                    "comment" | "footnote" | "endnote" => {
                        if let (Some((id, author, keep)), true) = (note_meta.pop(), bufs.len() > 1)
                        {
                            let text = bufs.pop().unwrap_or_default();
                            if keep {
                                notes.push(Note {
                                    id,
                                    author,
                                    text: text.trim().to_string(),
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Unclosed cells (a damaged file): fold them back in.
    while bufs.len() > 1 {
        let b = bufs.pop().unwrap_or_default();
        if let Some(last) = bufs.last_mut() {
            last.push_str(&b);
        }
    }
    Walked {
        text: crate::text::tidy_lines(&bufs.pop().unwrap_or_default(), false),
        notes,
    }
}

fn push(bufs: &mut [String], del: usize, del_buf: &mut String, s: &str) {
    if del > 0 {
        del_buf.push_str(s);
    } else if let Some(b) = bufs.last_mut() {
        b.push_str(s);
    }
}
