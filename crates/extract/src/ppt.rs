//! PowerPoint 97–2003 presentations (.ppt, .pps, .pot) read from their record tree
//! (MS-PPT): the current edit's persist directory (older fast-saved copies of a slide are not
//! shown), slides in the presentation's order with their placeholder text (the slide list)
//! and their own text boxes, hidden slides, speaker notes and comments, written as the
//! `.pptx` reader writes them. A file whose edit chain cannot be followed is read record by
//! record, with a warning.

use std::collections::HashMap;
use std::path::Path;

use crate::doc::{u16_at, u32_at};
use crate::pptx::{SlideText, write_slides};
use crate::{Extracted, Failure, Options, ole};

const DOCUMENT: u16 = 0x03E8;
const SLIDE: u16 = 0x03EE;
const SLIDE_ATOM: u16 = 0x03EF;
const NOTES: u16 = 0x03F0;
const SLIDE_PERSIST: u16 = 0x03F3;
const SLIDE_SHOW_INFO: u16 = 0x03F9;
const TEXT_CHARS: u16 = 0x0FA0;
const TEXT_BYTES: u16 = 0x0FA8;
const CSTRING: u16 = 0x0FBA;
const SLIDE_LIST: u16 = 0x0FF0;
const USER_EDIT: u16 = 0x0FF5;
const PERSIST_DIRECTORY: u16 = 0x1772;
const COMMENT: u16 = 0x2EE0;

pub(crate) fn extract_ppt(path: &Path, opts: &Options) -> Result<Extracted, Failure> {
    let mut cf = ole::open(path, "presentation")?;
    let doc = ole::stream(&mut cf, "/PowerPoint Document", opts)?
        .ok_or_else(|| Failure::new("damaged presentation (no PowerPoint Document stream)"))?;
    let user = ole::stream(&mut cf, "/Current User", opts)?.unwrap_or_default();
    // CurrentUserAtom: headerToken 0xF3D1C4DF marks an encrypted presentation.
    if u32_at(&user, 12) == Some(0xF3D1_C4DF) {
        return Err(Failure::encrypted());
    }
    let mut out = Extracted::default();
    ole::summary_fields(&mut cf, opts, &mut out);
    let slides = match persisted(&doc, u32_at(&user, 16)) {
        Some(p) if p.encrypted => return Err(Failure::encrypted()),
        Some(p) => p.slides(&doc),
        None => None,
    };
    let slides = match slides {
        Some(s) => s,
        None => {
            out.warnings.push(
                "the presentation's edit history could not be followed: read record by record"
                    .into(),
            );
            scanned(&doc)
        }
    };
    if slides.is_empty() {
        return Err(Failure::new("damaged presentation (no slides)"));
    }
    write_slides(&slides, &mut out);
    Ok(out)
}

/// One record: its instance, type and body.
#[derive(Clone, Copy)]
struct Rec<'a> {
    container: bool,
    instance: u16,
    ty: u16,
    body: &'a [u8],
}

fn rec_at(b: &[u8], at: usize) -> Option<Rec<'_>> {
    let vi = u16_at(b, at)?;
    let ty = u16_at(b, at + 2)?;
    let len = u32_at(b, at + 4)? as usize;
    let body = b.get(at + 8..(at + 8).checked_add(len)?)?;
    Some(Rec {
        container: vi & 0xF == 0xF,
        instance: vi >> 4,
        ty,
        body,
    })
}

/// A container's children in order (stops at the first damaged record).
fn children(body: &[u8]) -> impl Iterator<Item = Rec<'_>> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let r = rec_at(body, at)?;
        at += 8 + r.body.len();
        Some(r)
    })
}

/// Depth-first over a container, calling `f` on every record.
fn walk<'a>(r: Rec<'a>, depth: usize, f: &mut dyn FnMut(Rec<'a>)) {
    f(r);
    if r.container && depth < 64 {
        for c in children(r.body) {
            walk(c, depth + 1, f);
        }
    }
}

/// A text atom's text (paragraphs end with CR; a vertical tab breaks a line).
fn atom_text(r: Rec<'_>) -> Option<String> {
    let s = match r.ty {
        TEXT_CHARS | CSTRING => encoding_rs::UTF_16LE
            .decode_without_bom_handling(r.body)
            .0
            .into_owned(),
        TEXT_BYTES => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(r.body)
            .0
            .into_owned(),
        _ => return None,
    };
    Some(s.replace(['\r', '\u{b}'], "\n"))
}

/// The text atoms under a record, in order, and its comments (author, text).
fn texts(r: Rec<'_>) -> (String, Vec<(String, String)>, bool) {
    let mut text = String::new();
    let mut comments = Vec::new();
    let mut hidden = false;
    walk(r, 0, &mut |c| match c.ty {
        TEXT_CHARS | TEXT_BYTES => {
            if let Some(t) = atom_text(c) {
                text.push_str(t.trim_end());
                text.push('\n');
            }
        }
        SLIDE_SHOW_INFO => hidden = c.body.get(10).is_some_and(|f| f & 0x04 != 0),
        COMMENT => {
            let (mut author, mut said) = (String::new(), String::new());
            for s in children(c.body).filter(|s| s.ty == CSTRING) {
                match s.instance {
                    0 => author = atom_text(s).unwrap_or_default(),
                    1 => said = atom_text(s).unwrap_or_default(),
                    _ => {}
                }
            }
            comments.push((author.trim().to_string(), one_line(&said)));
        }
        _ => {}
    });
    // Comments' own strings are CStrings, not text atoms: nothing to take back out.
    (text, comments, hidden)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The current edit's view: persist id → offset, and the document's persist id.
struct Persisted {
    offsets: HashMap<u32, usize>,
    document: u32,
    encrypted: bool,
}

/// Follows the edit chain from the Current User stream's offset: newer persist directories
/// win over older ones. None when the chain is broken.
fn persisted(doc: &[u8], current_edit: Option<u32>) -> Option<Persisted> {
    let mut edit = current_edit? as usize;
    let mut p = Persisted {
        offsets: HashMap::new(),
        document: 0,
        encrypted: false,
    };
    let mut seen = std::collections::HashSet::new();
    while seen.insert(edit) && seen.len() < 10_000 {
        let ue = rec_at(doc, edit).filter(|r| r.ty == USER_EDIT)?;
        if seen.len() == 1 {
            p.document = u32_at(ue.body, 16)?;
            // encryptSessionPersistIdRef, present only in an encrypted file.
            p.encrypted = ue.body.len() >= 32 && u32_at(ue.body, 28).is_some_and(|v| v != 0);
        }
        let dir =
            rec_at(doc, u32_at(ue.body, 12)? as usize).filter(|r| r.ty == PERSIST_DIRECTORY)?;
        let mut at = 0usize;
        while let Some(head) = u32_at(dir.body, at) {
            let (first, count) = (head & 0xF_FFFF, head >> 20);
            for i in 0..count {
                let Some(off) = u32_at(dir.body, at + 4 + i as usize * 4) else {
                    break;
                };
                p.offsets.entry(first + i).or_insert(off as usize);
            }
            at += 4 + count as usize * 4;
        }
        match u32_at(ue.body, 8)? {
            0 => break,
            last => edit = last as usize,
        }
    }
    Some(p)
}

impl Persisted {
    fn record<'a>(&self, doc: &'a [u8], id: u32, ty: u16) -> Option<Rec<'a>> {
        rec_at(doc, *self.offsets.get(&id)?).filter(|r| r.ty == ty)
    }

    /// Slides in the slide list's order: the list's placeholder text, then the slide's own
    /// text boxes, its notes and comments.
    fn slides(&self, doc: &[u8]) -> Option<Vec<SlideText>> {
        let document = self.record(doc, self.document, DOCUMENT)?;
        let mut order: Vec<(u32, String)> = Vec::new();
        // Notes are referred to by their slide id (the notes list's SlidePersistAtom).
        let mut notes: HashMap<u32, u32> = HashMap::new();
        for list in children(document.body).filter(|r| r.ty == SLIDE_LIST && r.instance == 2) {
            for c in children(list.body).filter(|c| c.ty == SLIDE_PERSIST) {
                if let (Some(persist), Some(id)) = (u32_at(c.body, 0), u32_at(c.body, 12)) {
                    notes.insert(id, persist);
                }
            }
        }
        for list in children(document.body).filter(|r| r.ty == SLIDE_LIST && r.instance == 0) {
            for c in children(list.body) {
                match c.ty {
                    SLIDE_PERSIST => order.push((u32_at(c.body, 0)?, String::new())),
                    TEXT_CHARS | TEXT_BYTES => {
                        if let (Some(last), Some(t)) = (order.last_mut(), atom_text(c)) {
                            last.1.push_str(t.trim_end());
                            last.1.push('\n');
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut slides = Vec::new();
        for (id, placeholders) in order {
            let mut s = SlideText {
                text: placeholders,
                ..SlideText::default()
            };
            if let Some(slide) = self.record(doc, id, SLIDE) {
                let (own, comments, hidden) = texts(slide);
                s.text.push_str(&own);
                s.comments = comments;
                s.hidden = hidden;
                let notes_id = children(slide.body)
                    .find(|r| r.ty == SLIDE_ATOM)
                    .and_then(|a| u32_at(a.body, 16));
                let persist = notes_id.and_then(|n| notes.get(&n).copied());
                if let Some(notes) = persist.and_then(|n| self.record(doc, n, NOTES)) {
                    s.notes = texts(notes).0;
                }
            }
            slides.push(s);
        }
        Some(slides)
    }
}

/// Record by record when the edit chain is broken: each slide container's text in the
/// order found (masters are containers of their own type and are not read), notes attached to the slide before them.
fn scanned(doc: &[u8]) -> Vec<SlideText> {
    let mut slides: Vec<SlideText> = Vec::new();
    for r in children(doc) {
        match r.ty {
            SLIDE => {
                let (text, comments, hidden) = texts(r);
                slides.push(SlideText {
                    text,
                    hidden,
                    notes: String::new(),
                    comments,
                });
            }
            NOTES => {
                if let Some(s) = slides.last_mut() {
                    s.notes = texts(r).0;
                }
            }
            _ => {}
        }
    }
    slides
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(ver_inst: u16, ty: u16, body: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&ver_inst.to_le_bytes());
        v.extend_from_slice(&ty.to_le_bytes());
        v.extend_from_slice(&(body.len() as u32).to_le_bytes());
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn a_damaged_record_ends_the_walk_without_a_panic() {
        let atom = rec(0, TEXT_BYTES, b"Budget\rhearing");
        let mut slide = rec(0xF, SLIDE, &atom);
        slide.extend_from_slice(&[0xFF, 0xFF, 0xFF]);
        let s = scanned(&slide);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].text, "Budget\nhearing\n");
        let cut = &slide[..slide.len() - 8];
        assert!(scanned(cut).is_empty());
    }

    #[test]
    fn comments_on_a_slide_are_read_with_their_author() {
        let utf16 = |s: &str| {
            s.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>()
        };
        let mut comment = rec(0, CSTRING, &utf16("Pat Lee"));
        comment.extend(rec(1 << 4, CSTRING, &utf16("Check this figure")));
        let mut body = rec(0, TEXT_CHARS, &utf16("Budget 2027"));
        body.extend(rec(0xF, COMMENT, &comment));
        let slide = rec(0xF, SLIDE, &body);
        let s = scanned(&slide);
        assert_eq!(s[0].text, "Budget 2027\n");
        assert_eq!(
            s[0].comments,
            [("Pat Lee".to_string(), "Check this figure".to_string())]
        );
    }
}
