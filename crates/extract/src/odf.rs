//! OpenDocument text and presentations (`.odt`, `.odp` and their templates; `.ods` is read as
//! a spreadsheet): zip + quick-xml over `content.xml`. Paragraphs and headings as lines, table
//! cells tab-separated, slides apart, speaker notes and comments shown where they stand
//! ("[Speaker notes: …]", "[Comment by X: …]"), footnotes at the end, tracked deletions as
//! "[deleted: …]" with a warning (a reviewer must see what a document still holds), tracked
//! insertions as normal text; `meta.xml` metadata.

use std::collections::HashMap;
use std::path::Path;

use quick_xml::events::Event;

use crate::docx::{attr, open_zip, read_entry};
use crate::{Extracted, Failure, Options};

pub(crate) fn extract_odf(path: &Path, opts: &Options) -> Result<Extracted, Failure> {
    let mut z = open_zip(path, "document")?;
    let content = read_entry(&mut z, "content.xml", opts.max_in_memory)?
        .ok_or_else(|| Failure::new("damaged document (no content.xml)"))?;
    let mut out = Extracted::default();
    let deleted = deletions(&content);
    let walked = walk(&content, &deleted);
    let mut text = walked.text;
    if !walked.notes.is_empty() {
        text.push_str("\nNotes:\n");
        for n in &walked.notes {
            text.push_str(n.trim());
            text.push('\n');
        }
    }
    out.text = crate::text::tidy_lines(&text, true);
    if !deleted.is_empty() {
        out.warnings.push("tracked deletions present".into());
    }
    if walked.insertions {
        out.warnings.push("tracked insertions present".into());
    }
    if walked.comments > 0 {
        out.warnings.push(format!("{} comment(s)", walked.comments));
    }
    if walked.speaker_notes > 0 {
        out.warnings.push(format!(
            "{} slide(s) with speaker notes",
            walked.speaker_notes
        ));
    }
    if let Some(x) = read_entry(&mut z, "meta.xml", 16 * 1024 * 1024)? {
        crate::docx::metadata_fields(&x, &mut out, |name| match name {
            "initial-creator" => Some("author"),
            "creator" => Some("last_modified_by"),
            "creation-date" => Some("created"),
            "date" => Some("modified"),
            "title" => Some("title"),
            "subject" => Some("subject"),
            "keyword" => Some("keywords"),
            "description" => Some("description"),
            _ => None,
        });
    }
    Ok(out)
}

/// The deleted text of each tracked change (`text:changed-region` holding a
/// `text:deletion`), by the change's id.
fn deletions(xml: &str) -> HashMap<String, String> {
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().check_end_names = false;
    let mut out = HashMap::new();
    let mut region: Option<String> = None;
    let mut in_deletion = 0usize;
    let mut in_meta = 0usize; // office:change-info (author, date) is not the deleted text
    let mut buf = String::new();
    while let Ok(ev) = r.read_event() {
        match ev {
            Event::Start(e) => match e.local_name().as_ref() {
                "changed-region" => {
                    region = attr(&e, "id");
                    buf.clear();
                }
                "deletion" => in_deletion += 1,
                "change-info" => in_meta += 1,
                _ => {}
            },
            Event::Empty(e) if in_deletion > 0 && in_meta == 0 => match e.local_name().as_ref() {
                "s" => buf.push(' '),
                "tab" => buf.push('\t'),
                "line-break" => buf.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_deletion > 0 && in_meta == 0 => buf.push_str(&t.xml10_content()),
            Event::GeneralRef(g) if in_deletion > 0 && in_meta == 0 => {
                buf.push_str(&crate::pdf::resolve_ref(&g))
            }
            Event::End(e) => match e.local_name().as_ref() {
                "p" | "h" if in_deletion > 0 && in_meta == 0 => buf.push('\n'),
                "deletion" => in_deletion = in_deletion.saturating_sub(1),
                "change-info" => in_meta = in_meta.saturating_sub(1),
                "changed-region" => {
                    if let Some(id) = region.take() {
                        let d = buf.trim().to_string();
                        if !d.is_empty() {
                            out.insert(id, d);
                        }
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

#[derive(Default)]
struct Walked {
    text: String,
    notes: Vec<String>,
    comments: usize,
    speaker_notes: usize,
    insertions: bool,
}

/// What an open element collects its text into.
enum Collect {
    Cell,
    Comment { author: String },
    Author,
    Footnote,
    SpeakerNotes,
}

fn walk(xml: &str, deleted: &HashMap<String, String>) -> Walked {
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().check_end_names = false;
    let mut w = Walked::default();
    // Output buffers: [0] the document; one more per open cell, comment, note.
    let mut bufs: Vec<String> = vec![String::new()];
    let mut collecting: Vec<Collect> = vec![];
    let mut rows: Vec<Vec<String>> = vec![];
    let mut skip = 0usize; // text:tracked-changes, footnote citations, office:change-info
    let mut body = false; // inside office:body (styles and scripts hold no document text)
    let push = |bufs: &mut Vec<String>, s: &str| bufs.last_mut().expect("a buffer").push_str(s);
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
                    "body" => body = true,
                    "tracked-changes" | "note-citation" | "change-info" => skip = 1,
                    "table-row" => rows.push(vec![]),
                    "table-cell" | "covered-table-cell" => {
                        collecting.push(Collect::Cell);
                        bufs.push(String::new());
                    }
                    "annotation" => {
                        collecting.push(Collect::Comment {
                            author: String::new(),
                        });
                        bufs.push(String::new());
                    }
                    // A comment's date is not what it says.
                    "date" if matches!(collecting.last(), Some(Collect::Comment { .. })) => {
                        skip = 1
                    }
                    "creator" if matches!(collecting.last(), Some(Collect::Comment { .. })) => {
                        collecting.push(Collect::Author);
                        bufs.push(String::new());
                    }
                    "note-body" => {
                        collecting.push(Collect::Footnote);
                        bufs.push(String::new());
                    }
                    "notes" => {
                        collecting.push(Collect::SpeakerNotes);
                        bufs.push(String::new());
                    }
                    "change-start" => w.insertions = true,
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip > 0 || !body {
                    continue;
                }
                match e.local_name().as_ref() {
                    "s" => {
                        let n = attr(&e, "c")
                            .and_then(|c| c.parse::<usize>().ok())
                            .unwrap_or(1)
                            .min(1000);
                        push(&mut bufs, &" ".repeat(n));
                    }
                    "tab" => push(&mut bufs, "\t"),
                    "line-break" => push(&mut bufs, "\n"),
                    "change" => {
                        if let Some(d) = attr(&e, "change-id").and_then(|id| deleted.get(&id)) {
                            push(&mut bufs, &format!("[deleted: {d}]"));
                        }
                    }
                    "change-start" => w.insertions = true,
                    "table-cell" | "covered-table-cell" => {
                        if let Some(row) = rows.last_mut() {
                            row.push(String::new());
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if skip == 0 && body => push(&mut bufs, &t.xml10_content()),
            Event::GeneralRef(g) if skip == 0 && body => {
                push(&mut bufs, &crate::pdf::resolve_ref(&g))
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    "body" => body = false,
                    "p" | "h" => push(&mut bufs, "\n"),
                    "page" => push(&mut bufs, "\n"),
                    "table-row" => {
                        if let Some(cells) = rows.pop() {
                            let line: Vec<String> = cells
                                .iter()
                                .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
                                .collect();
                            push(&mut bufs, &format!("{}\n", line.join("\t").trim_end()));
                        }
                    }
                    "table-cell" | "covered-table-cell"
                        if matches!(collecting.last(), Some(Collect::Cell)) =>
                    {
                        collecting.pop();
                        let cell = bufs.pop().unwrap_or_default();
                        match rows.last_mut() {
                            Some(row) => row.push(cell),
                            None => push(&mut bufs, &cell),
                        }
                    }
                    "creator" if matches!(collecting.last(), Some(Collect::Author)) => {
                        collecting.pop();
                        let a = bufs.pop().unwrap_or_default();
                        if let Some(Collect::Comment { author }) = collecting.last_mut() {
                            *author = a.trim().to_string();
                        }
                    }
                    "annotation" if matches!(collecting.last(), Some(Collect::Comment { .. })) => {
                        let Some(Collect::Comment { author }) = collecting.pop() else {
                            unreachable!()
                        };
                        let said = bufs.pop().unwrap_or_default();
                        let said = said.split_whitespace().collect::<Vec<_>>().join(" ");
                        let author = if author.is_empty() {
                            "unknown".into()
                        } else {
                            author
                        };
                        w.comments += 1;
                        push(&mut bufs, &format!(" [Comment by {author}: {said}] "));
                    }
                    "note-body" if matches!(collecting.last(), Some(Collect::Footnote)) => {
                        collecting.pop();
                        let note = bufs.pop().unwrap_or_default();
                        if !note.trim().is_empty() {
                            w.notes
                                .push(note.split_whitespace().collect::<Vec<_>>().join(" "));
                        }
                    }
                    "notes" if matches!(collecting.last(), Some(Collect::SpeakerNotes)) => {
                        collecting.pop();
                        let said = bufs.pop().unwrap_or_default();
                        let said = said.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !said.is_empty() {
                            w.speaker_notes += 1;
                            push(&mut bufs, &format!("[Speaker notes: {said}]\n"));
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    while bufs.len() > 1 {
        let b = bufs.pop().unwrap_or_default();
        push(&mut bufs, &b);
    }
    w.text = bufs.pop().unwrap_or_default();
    w
}
