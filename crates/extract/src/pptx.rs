//! PowerPoint presentations (`.pptx`, `.pptm`, `.ppsx`, `.potx`): zip + quick-xml. Slides in
//! the presentation's order with their text, tables tab-separated; hidden slides, speaker
//! notes and comments shown where they stand ("[Hidden slide]", "[Speaker notes: …]",
//! "[Comment by X: …]"), since a reviewer must see everything a file holds; docProps metadata.

use std::collections::HashMap;
use std::path::Path;

use quick_xml::events::Event;

use crate::docx::{attr, open_zip, read_entry};
use crate::{Extracted, Failure, Options};

/// One slide as read: its text, whether it is hidden, its speaker notes and comments
/// (author, text). Shared with the PowerPoint 97–2003 reader.
#[derive(Default)]
pub(crate) struct SlideText {
    pub text: String,
    pub hidden: bool,
    pub notes: String,
    pub comments: Vec<(String, String)>,
}

/// The presentation's text: "Slide N", "[Hidden slide]", the slide's text, "[Speaker notes:
/// …]" and "[Comment by X: …]" lines, and warnings counting what a reviewer must look at.
pub(crate) fn write_slides(slides: &[SlideText], out: &mut Extracted) {
    let (mut hidden, mut with_notes, mut comments) = (0, 0, 0);
    let mut text = String::new();
    for (i, s) in slides.iter().enumerate() {
        text.push_str(&format!("Slide {}\n", i + 1));
        if s.hidden {
            hidden += 1;
            text.push_str("[Hidden slide]\n");
        }
        text.push_str(s.text.trim_end());
        text.push('\n');
        let said = one_line(&s.notes);
        if !said.is_empty() {
            with_notes += 1;
            text.push_str(&format!("[Speaker notes: {said}]\n"));
        }
        for (author, said) in &s.comments {
            comments += 1;
            if author.is_empty() {
                text.push_str(&format!("[Comment: {said}]\n"));
            } else {
                text.push_str(&format!("[Comment by {author}: {said}]\n"));
            }
        }
        text.push('\n');
    }
    out.text = crate::text::tidy_lines(&text, true);
    if hidden > 0 {
        out.warnings
            .push(format!("{hidden} hidden slide(s) present (shown here)"));
    }
    if with_notes > 0 {
        out.warnings
            .push(format!("{with_notes} slide(s) with speaker notes"));
    }
    if comments > 0 {
        out.warnings.push(format!("{comments} comment(s)"));
    }
    out.fields.insert("slides".into(), slides.len().to_string());
}

pub(crate) fn extract_pptx(path: &Path, opts: &Options) -> Result<Extracted, Failure> {
    if crate::ole_encrypted(path) {
        return Err(Failure::encrypted());
    }
    let mut z = open_zip(path, "presentation")?;
    let limit = opts.max_in_memory;
    let slides = slide_order(&mut z, limit)?;
    if slides.is_empty() {
        return Err(Failure::new("damaged presentation (no slides)"));
    }
    let authors: HashMap<String, String> = read_entry(&mut z, "ppt/commentAuthors.xml", limit)?
        .map(|x| comment_authors(&x))
        .unwrap_or_default();
    let mut out = Extracted::default();
    let mut read = Vec::with_capacity(slides.len());
    for (i, slide) in slides.iter().enumerate() {
        let Some(xml) = read_entry(&mut z, slide, limit)? else {
            out.warnings.push(format!("slide {} is missing", i + 1));
            read.push(SlideText::default());
            continue;
        };
        let s = walk(&xml);
        let mut t = SlideText {
            text: s.text,
            hidden: s.hidden,
            ..SlideText::default()
        };
        for (target, kind) in related(&mut z, slide, limit)? {
            let Some(x) = read_entry(&mut z, &target, limit)? else {
                continue;
            };
            match kind {
                Related::Notes => t.notes = walk(&x).text,
                Related::Comments => t.comments.extend(slide_comments(&x, &authors)),
            }
        }
        read.push(t);
    }
    write_slides(&read, &mut out);
    if let Some(x) = read_entry(&mut z, "docProps/core.xml", 16 * 1024 * 1024)? {
        crate::docx::core_props(&x, &mut out);
    }
    Ok(out)
}

/// The slides' parts in the presentation's order (`p:sldIdLst` through the presentation's
/// relationships), else in the order of their numbers.
fn slide_order(z: &mut crate::docx::Zip, limit: u64) -> Result<Vec<String>, Failure> {
    let rels = read_entry(z, "ppt/_rels/presentation.xml.rels", limit)?
        .map(|x| relationships(&x, "ppt/"))
        .unwrap_or_default();
    let mut order = vec![];
    if let Some(x) = read_entry(z, "ppt/presentation.xml", limit)? {
        let mut r = quick_xml::Reader::from_str(&x);
        while let Ok(ev) = r.read_event() {
            match ev {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sldId" => {
                    if let Some((target, _)) = rel_id(&e).and_then(|id| rels.get(&id)) {
                        order.push(target.clone());
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    if order.is_empty() {
        let mut names: Vec<(u64, String)> = z
            .file_names()
            .filter_map(Result::ok)
            .filter(|n| n.starts_with("ppt/slides/slide") && n.ends_with(".xml"))
            .map(|n| {
                let digits: String = n.chars().filter(char::is_ascii_digit).collect();
                (digits.parse().unwrap_or(0), n.to_string())
            })
            .collect();
        names.sort();
        order = names.into_iter().map(|(_, n)| n).collect();
    }
    Ok(order)
}

/// The `r:id` of a `p:sldId` (its relationship attribute, whatever the prefix).
fn rel_id(e: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.as_ref();
        key.ends_with(":id").then(|| a.value.to_string())
    })
}

/// A part's relationships: id → (target as a path in the package, type).
fn relationships(xml: &str, base: &str) -> HashMap<String, (String, String)> {
    let mut out = HashMap::new();
    let mut r = quick_xml::Reader::from_str(xml);
    while let Ok(ev) = r.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    let ty = attr(&e, "Type").unwrap_or_default();
                    out.insert(id, (resolve(base, &target), ty));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// `../notesSlides/notesSlide1.xml` from `ppt/slides/` is `ppt/notesSlides/notesSlide1.xml`.
fn resolve(base: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for p in target.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

enum Related {
    Notes,
    Comments,
}

/// A slide's notes and comments parts.
fn related(
    z: &mut crate::docx::Zip,
    slide: &str,
    limit: u64,
) -> Result<Vec<(String, Related)>, Failure> {
    let (dir, file) = slide.rsplit_once('/').unwrap_or(("", slide));
    let Some(x) = read_entry(z, &format!("{dir}/_rels/{file}.rels"), limit)? else {
        return Ok(vec![]);
    };
    let mut out: Vec<(String, Related)> = relationships(&x, dir)
        .into_values()
        .filter_map(|(target, ty)| {
            if ty.ends_with("/notesSlide") {
                Some((target, Related::Notes))
            } else if ty.ends_with("/comments") || ty.ends_with("/comment") {
                Some((target, Related::Comments))
            } else {
                None
            }
        })
        .collect();
    // Notes first, then comments; each kind in part order.
    out.sort_by_key(|(target, kind)| (matches!(kind, Related::Comments), target.clone()));
    Ok(out)
}

struct Slide {
    text: String,
    hidden: bool,
}

/// A slide's (or notes page's) text: paragraphs as lines, table cells tab-separated.
fn walk(xml: &str) -> Slide {
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().check_end_names = false;
    let mut s = Slide {
        text: String::new(),
        hidden: false,
    };
    let mut in_t = false;
    let mut cell_started = false;
    while let Ok(ev) = r.read_event() {
        match ev {
            Event::Start(e) => match e.local_name().as_ref() {
                "sld" => s.hidden = attr(&e, "show").as_deref() == Some("0"),
                "t" => in_t = true,
                "tc" => {
                    if cell_started {
                        s.text.push('\t');
                    }
                    cell_started = true;
                }
                "tr" => cell_started = false,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "br" => s.text.push('\n'),
                "sld" => s.hidden = attr(&e, "show").as_deref() == Some("0"),
                _ => {}
            },
            Event::Text(t) if in_t => s.text.push_str(&t.xml10_content()),
            Event::GeneralRef(g) if in_t => s.text.push_str(&crate::pdf::resolve_ref(&g)),
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_t = false,
                // A paragraph ends its line, except inside a table cell (cells share a row).
                "p" if !cell_started => s.text.push('\n'),
                "p" => s.text.push(' '),
                "tr" => {
                    s.text.push('\n');
                    cell_started = false;
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    s
}

/// `ppt/commentAuthors.xml`: author id → name.
fn comment_authors(xml: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut r = quick_xml::Reader::from_str(xml);
    while let Ok(ev) = r.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "cmAuthor" => {
                if let (Some(id), Some(name)) = (attr(&e, "id"), attr(&e, "name")) {
                    out.insert(id, name);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// A slide's comments (classic `p:cm` with `p:text`, or modern ones with a text body):
/// (author, what was said).
fn slide_comments(xml: &str, authors: &HashMap<String, String>) -> Vec<(String, String)> {
    let mut out = vec![];
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().check_end_names = false;
    let mut author = String::new();
    let mut said = String::new();
    let mut in_text = false;
    let mut depth = 0usize;
    while let Ok(ev) = r.read_event() {
        match ev {
            Event::Start(e) => match e.local_name().as_ref() {
                "cm" => {
                    depth += 1;
                    author = attr(&e, "authorId")
                        .and_then(|id| authors.get(&id).cloned())
                        .unwrap_or_else(|| "unknown".into());
                    said.clear();
                }
                "text" | "t" if depth > 0 => in_text = true,
                _ => {}
            },
            Event::Text(t) if in_text => said.push_str(&t.xml10_content()),
            Event::GeneralRef(g) if in_text => said.push_str(&crate::pdf::resolve_ref(&g)),
            Event::End(e) => match e.local_name().as_ref() {
                "text" | "t" => {
                    in_text = false;
                    said.push(' ');
                }
                "cm" if depth > 0 => {
                    depth -= 1;
                    let s = one_line(&said);
                    if !s.is_empty() {
                        out.push((author.clone(), s));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
