//! Outlook mailboxes (.pst, .ost; Unicode and ANSI), read with Microsoft's `outlook-pst` crate
//! (vendored with three fixes, see `vendor/outlook-pst/VENDORED.md`).
//!
//! A mailbox is a container: [`extract_pst`] gives the mailbox record itself (its folders and
//! how many items each holds), and [`Mailbox::walk`] streams its items one at a time, each as
//! an RFC 5322 message built from the item's properties, so that the email reader, families
//! (attachments, attached messages, winmail.dat) and duplicates work on them as on any `.eml`.
//! The rendition carries what Outlook keeps beside the mail headers:
//! * `X-Outlook-Folder` — the folder path below the mailbox's top (`Inbox/Permits`);
//! * `X-Outlook-Class` — the item's message class (`IPM.Note`, `IPM.Appointment`, …);
//! * `X-Outlook-Deleted: yes` — the item sits in Deleted Items (or a folder inside it);
//! * `Thread-Index` / `Thread-Topic` — Outlook's conversation index and topic;
//! * `X-Outlook-Received` — when it was delivered.
//!
//! Bodies: plain text and HTML both go in as `multipart/alternative`; a body only in RTF is
//! converted to text. Calendar items, contacts, tasks and notes get a plain-text body listing
//! their fields (start, end, location; phones, addresses; due dates…) and then every other
//! text property, so that a reviewer sees all the item holds.
//!
//! The crate is not `Send`: a mailbox is opened and walked on one thread.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::rc::Rc;

use outlook_pst::ltp::prop_context::PropertyValue;
use outlook_pst::ltp::table_context::{TableContext, TableRowData};
use outlook_pst::messaging::attachment::{
    AnsiAttachment, Attachment, AttachmentData, UnicodeAttachment,
};
use outlook_pst::messaging::folder::Folder;
use outlook_pst::messaging::message::{AnsiMessage, Message, UnicodeMessage};
use outlook_pst::messaging::named_prop::{NamedPropertyGuid, NamedPropertyId};
use outlook_pst::messaging::store::{AnsiStore, EntryId, Store, UnicodeStore};
use outlook_pst::ndb::node_id::NodeId;
use outlook_pst::{AnsiPstFile, PstReader, UnicodePstFile};

use crate::{Extracted, Failure, one_line};

/// One item of a mailbox, read (or not).
pub struct MailboxItem {
    /// Its place in the mailbox, unique and the same on every read: `Inbox/Permits/2097188.eml`
    /// (the folder path, then the item's node id).
    pub name: String,
    /// The folder path (`""` for the top of the mailbox).
    pub folder: String,
    /// The item as an RFC 5322 message, or why it could not be read.
    pub message: Result<Vec<u8>, Failure>,
}

/// An open mailbox. Not `Send`: open and walk it on one thread.
pub struct Mailbox {
    pst: Pst,
    wastebasket: Option<u32>,
    /// Named property ids (0x8000…) → (their property set's first GUID field, their number).
    named: HashMap<u16, (u32, u32)>,
}

enum Pst {
    Unicode(Rc<UnicodeStore>),
    Ansi(Rc<AnsiStore>),
}

/// A folder met on the walk.
struct FolderEntry {
    path: String,
    folder: Rc<dyn Folder>,
    deleted: bool,
    /// Items the folder says it holds.
    declared: u32,
}

/// Whether a file's first bytes are an Outlook mailbox's: "!BDN", its CRC, then "SM" (a PST)
/// or "SO" (an OST).
pub fn is_mailbox(head: &[u8]) -> bool {
    head.starts_with(b"!BDN") && matches!(head.get(8..10), Some(b"SM" | b"SO"))
}

/// Opens a mailbox read-only.
pub fn open_mailbox(path: &Path) -> Result<Mailbox, Failure> {
    crate::guarded(|| open_inner(path))
}

fn open_inner(path: &Path) -> Result<Mailbox, Failure> {
    let reader = || -> Result<Box<dyn PstReader>, Failure> {
        // A plain File: the crate reads whole pages and blocks after each seek, and a
        // BufReader would refill on every seek.
        Ok(Box::new(
            std::fs::File::open(path).map_err(|e| crate::io_failure(&e))?,
        ))
    };
    let pst = match UnicodePstFile::read_from(reader()?) {
        Ok(file) => Pst::Unicode(UnicodeStore::read(Rc::new(file)).map_err(damaged)?),
        Err(unicode) => match AnsiPstFile::read_from(reader()?) {
            Ok(file) => Pst::Ansi(AnsiStore::read(Rc::new(file)).map_err(damaged)?),
            Err(_) => return Err(damaged(unicode)),
        },
    };
    let store = pst.store();
    let wastebasket = store
        .properties()
        .ipm_wastebasket_entry_id()
        .ok()
        .map(|e| u32::from(e.node_id()));
    let mut named = HashMap::new();
    if let Ok(map) = store.named_property_map()
        && let Ok(entries) = map.properties().stream_entry()
    {
        // The GUID stream is indexed from 0 for GuidIndex(0) (the crate's `lookup_guid` adds
        // the 3 reserved indexes and reads past the stream).
        let guids = map.properties().stream_guid().unwrap_or_default();
        for e in entries {
            if let NamedPropertyId::Number(lid) = e.id() {
                let set = match e.guid() {
                    NamedPropertyGuid::GuidIndex(i) => {
                        guids.get(usize::from(i)).map(|g| g.data1()).unwrap_or(0)
                    }
                    _ => 0,
                };
                named.insert(e.prop_id(), (set, lid));
            }
        }
    }
    Ok(Mailbox {
        pst,
        wastebasket,
        named,
    })
}

fn damaged(e: io::Error) -> Failure {
    Failure(format!("damaged Outlook mailbox ({})", io_reason(&e)))
}

fn io_reason(e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        "the file ends early: it was cut short".into()
    } else {
        one_line(&e.to_string(), 160)
    }
}

/// The mailbox record itself: its format, its folders and how many items each holds.
pub(crate) fn extract_pst(path: &Path) -> Result<Extracted, Failure> {
    let mailbox = open_inner(path)?;
    let mut out = Extracted::default();
    let store = mailbox.pst.store();
    let name = store
        .properties()
        .display_name()
        .ok()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    let (format, _) = match &mailbox.pst {
        Pst::Unicode(_) => ("Unicode", ()),
        Pst::Ansi(_) => ("ANSI", ()),
    };
    let mut text = String::new();
    let _ = writeln!(
        text,
        "Outlook mailbox{} ({format} format)",
        name.as_deref()
            .map(|n| format!(" \"{n}\""))
            .unwrap_or_default()
    );
    let folders = mailbox.folders(&mut |_, _| {});
    let items: u64 = folders.iter().map(|f| u64::from(f.declared)).sum();
    let _ = writeln!(text, "{} folders, {items} items\n", folders.len());
    for f in &folders {
        let shown = if f.path.is_empty() {
            "(top of the mailbox)"
        } else {
            &f.path
        };
        let _ = writeln!(
            text,
            "{shown}: {} item{}{}",
            f.declared,
            if f.declared == 1 { "" } else { "s" },
            if f.deleted { " (deleted items)" } else { "" }
        );
    }
    out.title = name;
    out.text = text;
    out.fields.insert("format".into(), format.into());
    out.fields
        .insert("folders".into(), folders.len().to_string());
    out.fields.insert("items".into(), items.to_string());
    if matches!(store.properties().get(0x67FF), Some(PropertyValue::Integer32(crc)) if *crc != 0) {
        out.warnings.push(
            "the mailbox has an Outlook password; it was read without it (a PST password does not encrypt)"
                .into(),
        );
    }
    Ok(out)
}

impl Pst {
    fn store(&self) -> Rc<dyn Store> {
        match self {
            Pst::Unicode(s) => s.clone(),
            Pst::Ansi(s) => s.clone(),
        }
    }

    /// A message with its attachments (each read or not).
    #[allow(clippy::type_complexity)]
    fn open_message(
        &self,
        entry_id: &EntryId,
    ) -> io::Result<(Rc<dyn Message>, Vec<io::Result<Rc<dyn Attachment>>>)> {
        match self {
            Pst::Unicode(store) => {
                let msg = UnicodeMessage::read(store.clone(), entry_id, None)?;
                let atts = row_ids(msg.attachment_table())
                    .into_iter()
                    .map(|nid| {
                        UnicodeAttachment::read(msg.clone(), nid, None)
                            .map(|a| a as Rc<dyn Attachment>)
                    })
                    .collect();
                Ok((msg, atts))
            }
            Pst::Ansi(store) => {
                let msg = AnsiMessage::read(store.clone(), entry_id, None)?;
                let atts = row_ids(msg.attachment_table())
                    .into_iter()
                    .map(|nid| {
                        AnsiAttachment::read(msg.clone(), nid, None)
                            .map(|a| a as Rc<dyn Attachment>)
                    })
                    .collect();
                Ok((msg, atts))
            }
        }
    }
}

/// A table's row ids, as node ids (folders, messages and attachments are listed so).
fn row_ids(table: Option<&Rc<dyn TableContext>>) -> Vec<NodeId> {
    table
        .map(|t| {
            t.rows_matrix()
                .map(|row| NodeId::from(u32::from(row.id())))
                .collect()
        })
        .unwrap_or_default()
}

impl Mailbox {
    /// Every folder below the top of the mailbox, parents first. A folder that cannot be
    /// opened is reported to `lost` (its path, the reason) and its subfolders are not seen.
    fn folders(&self, lost: &mut dyn FnMut(&str, Failure)) -> Vec<FolderEntry> {
        let store = self.pst.store();
        let mut out = vec![];
        let top = match store
            .properties()
            .ipm_sub_tree_entry_id()
            .and_then(|e| store.open_folder(&e))
        {
            Ok(f) => f,
            Err(e) => {
                lost(
                    "",
                    Failure(format!(
                        "the mailbox's folders could not be read ({})",
                        io_reason(&e)
                    )),
                );
                return out;
            }
        };
        let mut stack = vec![(String::new(), top, false)];
        while let Some((path, folder, deleted)) = stack.pop() {
            let nid = folder.properties().node_id();
            let deleted = deleted || Some(u32::from(nid)) == self.wastebasket;
            let declared = match folder.properties().get(0x3602) {
                Some(PropertyValue::Integer32(n)) => (*n).max(0) as u32,
                _ => row_ids(folder.contents_table()).len() as u32,
            };
            let mut subs = vec![];
            let mut names = BTreeSet::new();
            for sub in row_ids(folder.hierarchy_table()) {
                match store
                    .properties()
                    .make_entry_id(sub)
                    .and_then(|e| store.open_folder(&e))
                {
                    Ok(f) => {
                        let name = folder_name(f.properties().display_name().ok(), sub);
                        // Two folders of one name stay apart.
                        let name = if names.insert(name.clone()) {
                            name
                        } else {
                            format!("{name} ({})", u32::from(sub))
                        };
                        let p = if path.is_empty() {
                            name
                        } else {
                            format!("{path}/{name}")
                        };
                        subs.push((p, f, deleted));
                    }
                    Err(e) => lost(
                        &path,
                        Failure(format!(
                            "a folder in {} could not be opened ({})",
                            if path.is_empty() {
                                "the mailbox"
                            } else {
                                &path
                            },
                            io_reason(&e)
                        )),
                    ),
                }
            }
            out.push(FolderEntry {
                path,
                folder,
                deleted,
                declared,
            });
            // Depth first, in the folders' own order.
            stack.extend(subs.into_iter().rev());
        }
        out
    }

    /// Reads every item, folder by folder, handing each to `visit` (which returns false to
    /// stop). Items whose name `wanted` refuses are passed over unread (an ingest resuming).
    pub fn walk(
        &self,
        wanted: &mut dyn FnMut(&str) -> bool,
        visit: &mut dyn FnMut(MailboxItem) -> bool,
    ) {
        let mut lost = vec![];
        let folders = self.folders(&mut |path, f| lost.push((path.to_string(), f)));
        for (i, (path, failure)) in lost.into_iter().enumerate() {
            let name = join(&path, &format!("unreadable folder {}", i + 1));
            if wanted(&name)
                && !visit(MailboxItem {
                    name,
                    folder: path,
                    message: Err(failure),
                })
            {
                return;
            }
        }
        let store = self.pst.store();
        for f in folders {
            let rows = row_ids(f.folder.contents_table());
            if rows.len() < f.declared as usize {
                let name = join(&f.path, "unreadable items");
                let missing = f.declared as usize - rows.len();
                if wanted(&name)
                    && !visit(MailboxItem {
                        name,
                        folder: f.path.clone(),
                        message: Err(Failure(format!(
                            "{missing} of the folder's {} items could not be listed (its table is damaged)",
                            f.declared
                        ))),
                    })
                {
                    return;
                }
            }
            for nid in rows {
                let name = join(&f.path, &format!("{}.eml", u32::from(nid)));
                if !wanted(&name) {
                    continue;
                }
                let message = catch_unwind(AssertUnwindSafe(|| {
                    let eid = store.properties().make_entry_id(nid)?;
                    let (msg, atts) = self.pst.open_message(&eid)?;
                    Ok::<_, io::Error>(self.render(msg.as_ref(), &atts, &f.path, f.deleted, 0))
                }))
                .map_err(|_| Failure::new("could not be read (the mailbox reader crashed on it)"))
                .and_then(|r| {
                    r.map_err(|e| Failure(format!("item could not be read ({})", io_reason(&e))))
                });
                if !visit(MailboxItem {
                    name,
                    folder: f.path.clone(),
                    message,
                }) {
                    return;
                }
            }
        }
    }

    /// One item as an RFC 5322 message.
    fn render(
        &self,
        msg: &dyn Message,
        atts: &[io::Result<Rc<dyn Attachment>>],
        folder: &str,
        deleted: bool,
        depth: usize,
    ) -> Vec<u8> {
        let p = Props::of_message(msg);
        let class = p.string(0x001A).unwrap_or_else(|| "IPM.Note".into());
        let mut h = String::with_capacity(1024);
        let from = {
            let name = p.string(0x0042).or_else(|| p.string(0x0C1A));
            let addr = p
                .string(0x5D02)
                .or_else(|| p.string(0x5D01))
                .or_else(|| p.string(0x0065).filter(|a| a.contains('@')))
                .or_else(|| p.string(0x0C1F).filter(|a| a.contains('@')));
            mailbox(name, addr)
        };
        if is_mail(&class) || from.contains('@') {
            header(&mut h, "From", &from);
        }
        let mut lists: [Vec<String>; 3] = Default::default();
        if let Some(table) = msg.recipient_table() {
            for row in table.rows_matrix() {
                let col = |id| column(table.as_ref(), row, id, p.encoding);
                let ty = match column_value(table.as_ref(), row, 0x0C15) {
                    Some(PropertyValue::Integer32(t)) => t,
                    _ => 1,
                };
                let who = mailbox(
                    col(0x3001),
                    col(0x39FE).or_else(|| col(0x3003).filter(|a| a.contains('@'))),
                );
                if let Some(l) = lists.get_mut((ty.max(1) - 1) as usize)
                    && !who.is_empty()
                {
                    l.push(who);
                }
            }
        }
        for (i, (label, display)) in [("To", 0x0E04), ("Cc", 0x0E03), ("Bcc", 0x0E02)]
            .into_iter()
            .enumerate()
        {
            let v = if lists[i].is_empty() {
                p.string(display)
                    .map(|s| {
                        s.split(';')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default()
            } else {
                lists[i].join(", ")
            };
            header(&mut h, label, &v);
        }
        let sent = p.time(0x0039);
        let received = p.time(0x0E06);
        if let Some(d) = sent.or(received).or_else(|| p.time(0x3007)) {
            header(&mut h, "Date", &d.to_rfc2822());
        }
        let subject = p.string(0x0037).map(|s| strip_subject_prefix_marker(&s));
        header(&mut h, "Subject", subject.as_deref().unwrap_or(""));
        for (name, id) in [
            ("Message-ID", 0x1035),
            ("In-Reply-To", 0x1042),
            ("References", 0x1039),
            ("Thread-Topic", 0x0070),
        ] {
            header(&mut h, name, &p.string(id).unwrap_or_default());
        }
        if let Some(b) = p.binary(0x0071) {
            header(&mut h, "Thread-Index", &base64(b, usize::MAX));
        }
        if let Some(r) = received {
            header(&mut h, "X-Outlook-Received", &r.to_rfc3339());
        }
        header(&mut h, "X-Outlook-Class", &class);
        if depth == 0 {
            header(&mut h, "X-Outlook-Folder", folder);
            if deleted {
                header(&mut h, "X-Outlook-Deleted", "yes");
            }
        }

        // Bodies.
        let plain = p.string(0x1000).filter(|t| !t.trim().is_empty());
        // HTML is stored as bytes in the code page PidTagInternetCodepage (0x3FDE) names;
        // without one, the HTML's own declaration (or UTF-8, else Windows-1252) decides.
        let html_cp = match (p.get)(0x3FDE) {
            Some(PropertyValue::Integer32(cp)) => match *cp {
                65001 => Some(encoding_rs::UTF_8),
                cp => u16::try_from(cp).ok().and_then(codepage::to_encoding),
            },
            _ => None,
        };
        let html = p
            .binary(0x1013)
            .map(|b| match html_cp {
                Some(enc) => enc.decode_without_bom_handling(b).0.into_owned(),
                None => crate::html::decode_html(b).into_owned(),
            })
            .or_else(|| p.string(0x1013))
            .filter(|t| !t.trim().is_empty());
        let mut plain = plain.or_else(|| {
            if html.is_some() {
                return None;
            }
            let rtf = crate::msg::decompress_rtf(p.binary(0x1009)?)?;
            Some(crate::rtf::rtf_to_text(&rtf).text).filter(|t| !t.trim().is_empty())
        });
        if !is_mail(&class) {
            let mut text = self.item_text(&class, &p);
            if let Some(notes) = plain.as_deref().filter(|t| !t.trim().is_empty()) {
                text.push_str("\nNotes:\n");
                text.push_str(notes);
            }
            plain = Some(text);
        }

        let boundary = format!("=_disclose_pst_{depth}");
        let _ = write!(
            h,
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n"
        );
        let mut body = h.into_bytes();
        let alt = format!("{boundary}_alt");
        let _ = write!(
            Out(&mut body),
            "--{boundary}\r\nContent-Type: multipart/alternative; boundary=\"{alt}\"\r\n\r\n"
        );
        if let Some(t) = &plain {
            part(
                &mut body,
                &alt,
                "text/plain; charset=utf-8",
                None,
                t.as_bytes(),
            );
        }
        if let Some(t) = &html {
            part(
                &mut body,
                &alt,
                "text/html; charset=utf-8",
                None,
                t.as_bytes(),
            );
        }
        if plain.is_none() && html.is_none() {
            part(&mut body, &alt, "text/plain; charset=utf-8", None, b"");
        }
        let _ = write!(Out(&mut body), "--{alt}--\r\n");

        for (i, a) in atts.iter().enumerate() {
            let a = match a {
                Ok(a) => a,
                Err(e) => {
                    let note = format!("attachment {} could not be read ({})", i + 1, io_reason(e));
                    part(
                        &mut body,
                        &boundary,
                        "text/plain; charset=utf-8",
                        Some(&format!("unreadable attachment {}.txt", i + 1)),
                        note.as_bytes(),
                    );
                    continue;
                }
            };
            let ap = Props::of_attachment(a.as_ref(), p.encoding);
            let name = ap
                .string(0x3707)
                .or_else(|| ap.string(0x3704))
                .or_else(|| ap.string(0x3001))
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty());
            match a.data() {
                Some(AttachmentData::Binary(b)) => {
                    let name = name.unwrap_or_else(|| format!("attachment-{}.bin", i + 1));
                    let mime = ap
                        .string(0x370E)
                        .filter(|m| m.contains('/') && !m.contains(['"', '\r', '\n']))
                        .unwrap_or_else(|| "application/octet-stream".into());
                    part(&mut body, &boundary, &mime, Some(&name), b.buffer());
                }
                Some(AttachmentData::Message(m)) => {
                    // The attached message's own attachments cannot be reached through the
                    // crate (it hands back the message alone): its text and headers are kept.
                    let nested = if depth < 8 {
                        self.render(m.as_ref(), &[], folder, deleted, depth + 1)
                    } else {
                        b"Subject: (attached messages nested too deeply)\r\n\r\n".to_vec()
                    };
                    let name = name
                        .or_else(|| {
                            Props::of_message(m.as_ref())
                                .string(0x0037)
                                .map(|s| strip_subject_prefix_marker(&s))
                        })
                        .filter(|n| !n.trim().is_empty())
                        .unwrap_or_else(|| "attached message".into());
                    let _ = write!(
                        Out(&mut body),
                        "--{boundary}\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename*=utf-8''{}\r\n\r\n",
                        percent(&format!("{name}.eml"))
                    );
                    body.extend_from_slice(&nested);
                    body.extend_from_slice(b"\r\n");
                }
                None => {
                    let name = name.unwrap_or_else(|| format!("attachment {}", i + 1));
                    let note = format!(
                        "attachment '{name}' has no data in the mailbox (an embedded OLE object or a link to a file)"
                    );
                    part(
                        &mut body,
                        &boundary,
                        "text/plain; charset=utf-8",
                        Some(&format!("{name} (no data).txt")),
                        note.as_bytes(),
                    );
                }
            }
        }
        let _ = write!(Out(&mut body), "--{boundary}--\r\n");
        body
    }

    /// The text of a calendar item, contact, task or note: its fields by name, then every
    /// other text property it holds.
    fn item_text(&self, class: &str, p: &Props) -> String {
        let mut out = String::new();
        let mut shown: BTreeSet<u16> = BTreeSet::new();
        let _ = writeln!(out, "{}", item_kind(class).label());
        let line = |out: &mut String, label: &str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
                let _ = writeln!(out, "{label}: {}", v.trim());
            }
        };
        for (id, label) in STANDARD_FIELDS {
            shown.insert(*id);
            line(&mut out, label, p.display(*id));
        }
        let mut named: Vec<(u16, &str)> = p
            .ids()
            .filter_map(|id| {
                let (set, lid) = self.named.get(&id)?;
                // A follow-up flag's task fields are shown on tasks only.
                if *set == TASK && item_kind(class) != ItemKind::Task {
                    return None;
                }
                NAMED_FIELDS
                    .iter()
                    .find(|(s, l, _)| s == set && l == lid)
                    .map(|(_, _, label)| (id, *label))
            })
            .collect();
        named.sort_by_key(|(id, _)| *id);
        let mut labels_done = BTreeSet::new();
        for (id, label) in named {
            shown.insert(id);
            if labels_done.insert(label) {
                line(&mut out, label, p.display(id));
            }
        }
        let mut other = String::new();
        for id in p.ids() {
            let named = self.named.get(&id);
            if shown.contains(&id)
                || HIDDEN_IN_ITEM_TEXT.contains(&id)
                || named.is_some_and(|n| NAMED_HIDDEN.contains(n) || n.0 == TASK)
            {
                continue;
            }
            if let Some(v) = p.string(id).filter(|v| !v.trim().is_empty()) {
                let label = match named {
                    Some((_, lid)) => format!("Named property 0x{lid:04X}"),
                    None => format!("Property 0x{id:04X}"),
                };
                let _ = writeln!(other, "{label}: {}", v.trim());
            }
        }
        if !other.is_empty() {
            out.push_str("\nOther fields:\n");
            out.push_str(&other);
        }
        out
    }
}

/// What an Outlook item is, by its message class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Message,
    Meeting,
    Contact,
    Task,
    Note,
    DistributionList,
    Journal,
}

impl ItemKind {
    /// The word shown to a reviewer (and stored as the record's `item` field).
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Message => "message",
            ItemKind::Meeting => "meeting",
            ItemKind::Contact => "contact",
            ItemKind::Task => "task",
            ItemKind::Note => "note",
            ItemKind::DistributionList => "distribution list",
            ItemKind::Journal => "journal entry",
        }
    }

    fn label(self) -> &'static str {
        match self {
            ItemKind::Message => "Message",
            ItemKind::Meeting => "Calendar item",
            ItemKind::Contact => "Contact",
            ItemKind::Task => "Task",
            ItemKind::Note => "Note",
            ItemKind::DistributionList => "Distribution list",
            ItemKind::Journal => "Journal entry",
        }
    }
}

/// The kind of item a message class names (`IPM.Appointment` → meeting).
pub fn item_kind(class: &str) -> ItemKind {
    let c = class.to_ascii_lowercase();
    let is = |p: &str| c == p || c.starts_with(&format!("{p}."));
    if is("ipm.appointment") || is("ipm.schedule.meeting") {
        ItemKind::Meeting
    } else if is("ipm.contact") {
        ItemKind::Contact
    } else if is("ipm.distlist") {
        ItemKind::DistributionList
    } else if is("ipm.task") || is("ipm.taskrequest") {
        ItemKind::Task
    } else if is("ipm.stickynote") {
        ItemKind::Note
    } else if is("ipm.activity") {
        ItemKind::Journal
    } else {
        ItemKind::Message
    }
}

/// Messages proper: mail, meeting requests and replies are mail too (they were sent), but a
/// calendar item's own fields matter, so only these are rendered as plain mail.
fn is_mail(class: &str) -> bool {
    item_kind(class) == ItemKind::Message
}

/// Fields with a fixed property id, in the order shown.
const STANDARD_FIELDS: &[(u16, &str)] = &[
    (0x3001, "Name"),
    (0x3A45, "Title"),
    (0x3A06, "Given name"),
    (0x3A44, "Middle name"),
    (0x3A11, "Surname"),
    (0x3A4F, "Nickname"),
    (0x3A16, "Company"),
    (0x3A17, "Job title"),
    (0x3A18, "Department"),
    (0x3A08, "Business phone"),
    (0x3A1B, "Business phone 2"),
    (0x3A09, "Home phone"),
    (0x3A2F, "Home phone 2"),
    (0x3A1C, "Mobile phone"),
    (0x3A24, "Business fax"),
    (0x3A25, "Home fax"),
    (0x3A21, "Pager"),
    (0x3A1A, "Primary phone"),
    (0x3A29, "Business street"),
    (0x3A27, "Business city"),
    (0x3A28, "Business state"),
    (0x3A2A, "Business postal code"),
    (0x3A26, "Business country"),
    (0x3A5D, "Home street"),
    (0x3A59, "Home city"),
    (0x3A5C, "Home state"),
    (0x3A5B, "Home postal code"),
    (0x3A5A, "Home country"),
    (0x3A42, "Birthday"),
    (0x3A51, "Web page"),
    (0x3A4E, "Manager"),
    (0x3A30, "Assistant"),
    (0x3A40, "Email (send as)"),
    (0x3A0A, "Initials"),
];

const APPOINTMENT: u32 = 0x0006_2002;
const TASK: u32 = 0x0006_2003;
const ADDRESS: u32 = 0x0006_2004;
const COMMON: u32 = 0x0006_2008;

/// Named properties worth a label: (property set, number in the set, label). A label met
/// twice (a task's and the common start) is shown once.
const NAMED_FIELDS: &[(u32, u32, &str)] = &[
    (APPOINTMENT, 0x820D, "Start"),
    (APPOINTMENT, 0x820E, "End"),
    (APPOINTMENT, 0x8208, "Location"),
    (APPOINTMENT, 0x8215, "All day"),
    (APPOINTMENT, 0x8232, "Recurs"),
    (APPOINTMENT, 0x8234, "Time zone"),
    (ADDRESS, 0x8053, "List name"),
    (ADDRESS, 0x8083, "Email"),
    (ADDRESS, 0x8093, "Email 2"),
    (ADDRESS, 0x80A3, "Email 3"),
    (ADDRESS, 0x8062, "IM address"),
    (ADDRESS, 0x801B, "Business address"),
    (ADDRESS, 0x801A, "Home address"),
    (ADDRESS, 0x801C, "Other address"),
    (ADDRESS, 0x8005, "File as"),
    (TASK, 0x8104, "Start"),
    (TASK, 0x8105, "Due"),
    (TASK, 0x810F, "Completed"),
    (TASK, 0x8101, "Status"),
    (TASK, 0x8102, "Percent complete"),
    (TASK, 0x811C, "Complete"),
    (TASK, 0x811F, "Owner"),
    (COMMON, 0x8516, "Start"),
    (COMMON, 0x8517, "End"),
    (COMMON, 0x8539, "Companies"),
    (COMMON, 0x853A, "Contacts"),
    (COMMON, 0x8535, "Billing information"),
];

/// Named properties that are bookkeeping or repeat a labelled field (address types, an
/// email's display copies, Outlook's version).
const NAMED_HIDDEN: &[(u32, u32)] = &[
    (ADDRESS, 0x8080),
    (ADDRESS, 0x8082),
    (ADDRESS, 0x8084),
    (ADDRESS, 0x8090),
    (ADDRESS, 0x8092),
    (ADDRESS, 0x8094),
    (ADDRESS, 0x80A0),
    (ADDRESS, 0x80A2),
    (ADDRESS, 0x80A4),
    (ADDRESS, 0x80B2),
    (ADDRESS, 0x80C2),
    (ADDRESS, 0x80D2),
    (COMMON, 0x8552),
    (COMMON, 0x8554),
];

/// Text properties that are not the item's content (bodies shown elsewhere, bookkeeping).
const HIDDEN_IN_ITEM_TEXT: &[u16] = &[
    0x001A, 0x0037, 0x0E1D, 0x1000, 0x1013, 0x1009, 0x007D, 0x0070, 0x3FFA, 0x3FF8, 0x0E02, 0x0E03,
    0x0E04, 0x0C1A, 0x0C1E, 0x0C1F, 0x0042, 0x0064, 0x0065, 0x5D01, 0x5D02, 0x0075, 0x0076, 0x0077,
    0x0078, 0x3FF9, 0x3FFB, 0x1035, 0x1039, 0x1042, 0x0C1D, 0x0040, 0x0050,
];

/// A message's or attachment's properties, with the code page for 8-bit strings.
struct Props<'a> {
    get: Box<dyn Fn(u16) -> Option<&'a PropertyValue> + 'a>,
    ids: Vec<u16>,
    encoding: &'static encoding_rs::Encoding,
}

impl<'a> Props<'a> {
    fn of_message(msg: &'a dyn Message) -> Props<'a> {
        let props = msg.properties();
        let encoding = [0x3FFD, 0x3FDE]
            .iter()
            .find_map(|id| match props.get(*id) {
                Some(PropertyValue::Integer32(cp)) => {
                    u16::try_from(*cp).ok().and_then(codepage::to_encoding)
                }
                _ => None,
            })
            .unwrap_or(encoding_rs::WINDOWS_1252);
        Props {
            get: Box::new(move |id| props.get(id)),
            ids: props.iter().map(|(id, _)| *id).collect(),
            encoding,
        }
    }

    fn of_attachment(a: &'a dyn Attachment, encoding: &'static encoding_rs::Encoding) -> Props<'a> {
        let props = a.properties();
        Props {
            get: Box::new(move |id| props.get(id)),
            ids: props.iter().map(|(id, _)| *id).collect(),
            encoding,
        }
    }

    fn ids(&self) -> impl Iterator<Item = u16> + '_ {
        self.ids.iter().copied()
    }

    fn string(&self, id: u16) -> Option<String> {
        value_string((self.get)(id)?, self.encoding)
            .map(|s| s.trim_end_matches('\0').to_string())
            .filter(|s| !s.trim().is_empty())
    }

    fn binary(&self, id: u16) -> Option<&'a [u8]> {
        match (self.get)(id)? {
            PropertyValue::Binary(b) => Some(b.buffer()),
            _ => None,
        }
    }

    fn time(&self, id: u16) -> Option<chrono::DateTime<chrono::Utc>> {
        match (self.get)(id)? {
            PropertyValue::Time(ft) => crate::filetime(*ft as u64),
            _ => None,
        }
    }

    /// Any value as a reviewer would read it (times, numbers, yes/no, lists).
    fn display(&self, id: u16) -> Option<String> {
        let v = (self.get)(id)?;
        match v {
            PropertyValue::Time(ft) => crate::filetime(*ft as u64).map(|t| t.to_rfc3339()),
            PropertyValue::Boolean(b) => Some(if *b { "yes" } else { "no" }.into()),
            PropertyValue::Integer16(n) => Some(n.to_string()),
            PropertyValue::Integer32(n) => Some(n.to_string()),
            PropertyValue::Integer64(n) => Some(n.to_string()),
            PropertyValue::Floating64(n) => Some(n.to_string()),
            PropertyValue::Floating32(n) => Some(n.to_string()),
            _ => self.string(id),
        }
    }
}

fn value_string(v: &PropertyValue, enc: &'static encoding_rs::Encoding) -> Option<String> {
    match v {
        PropertyValue::Unicode(s) => Some(String::from_utf16_lossy(s.buffer())),
        PropertyValue::String8(s) => {
            Some(enc.decode_without_bom_handling(s.buffer()).0.into_owned())
        }
        PropertyValue::MultipleUnicode(l) => Some(
            l.iter()
                .map(|s| String::from_utf16_lossy(s.buffer()))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        PropertyValue::MultipleString8(l) => Some(
            l.iter()
                .map(|s| enc.decode_without_bom_handling(s.buffer()).0.into_owned())
                .collect::<Vec<_>>()
                .join("; "),
        ),
        _ => None,
    }
}

fn column_value(table: &dyn TableContext, row: &TableRowData, id: u16) -> Option<PropertyValue> {
    let ctx = table.context();
    let cols = row.columns(ctx).ok()?;
    ctx.columns()
        .iter()
        .zip(cols)
        .find(|(c, _)| c.prop_id() == id)
        .and_then(|(c, v)| table.read_column(&v?, c.prop_type()).ok())
}

fn column(
    table: &dyn TableContext,
    row: &TableRowData,
    id: u16,
    enc: &'static encoding_rs::Encoding,
) -> Option<String> {
    column_value(table, row, id)
        .as_ref()
        .and_then(|v| value_string(v, enc))
        .map(|s| s.trim_end_matches('\0').trim().to_string())
        .filter(|s| !s.is_empty())
}

/// `PR_SUBJECT` may start with U+0001 and a character giving the prefix's length.
fn strip_subject_prefix_marker(s: &str) -> String {
    let mut chars = s.chars();
    if chars.next() == Some('\u{1}') {
        chars.next();
        chars.as_str().to_string()
    } else {
        s.to_string()
    }
}

fn folder_name(name: Option<String>, nid: NodeId) -> String {
    let clean: String = name
        .unwrap_or_default()
        .trim()
        .chars()
        .map(|c| if c == '/' || c.is_control() { '-' } else { c })
        .collect();
    if clean.is_empty() {
        format!("folder {}", u32::from(nid))
    } else {
        clean
    }
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}

fn mailbox(name: Option<String>, addr: Option<String>) -> String {
    let name = name
        .map(|n| n.trim().replace('"', "'"))
        .filter(|n| !n.is_empty());
    let addr = addr.map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
    match (name, addr) {
        (Some(n), Some(a)) if n != a => format!("\"{n}\" <{a}>"),
        (_, Some(a)) => a,
        (Some(n), None) => format!("\"{n}\" <>"),
        (None, None) => String::new(),
    }
}

/// One header line; the value kept on one line (foreign text is data, never structure).
fn header(h: &mut String, name: &str, value: &str) {
    let v: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let v = v.trim();
    if !v.is_empty() {
        let _ = write!(h, "{name}: {v}\r\n");
    }
}

/// One base64 body part of a multipart.
fn part(out: &mut Vec<u8>, boundary: &str, ctype: &str, file: Option<&str>, bytes: &[u8]) {
    let _ = write!(Out(out), "--{boundary}\r\nContent-Type: {ctype}\r\n");
    if let Some(f) = file {
        let _ = write!(
            Out(out),
            "Content-Disposition: attachment; filename*=utf-8''{}\r\n",
            percent(f)
        );
    }
    out.extend_from_slice(b"Content-Transfer-Encoding: base64\r\n\r\n");
    out.extend_from_slice(base64(bytes, 76).as_bytes());
    out.extend_from_slice(b"\r\n");
}

/// RFC 2231 / 3986 percent-encoding of a file name.
fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn base64(bytes: &[u8], line: usize) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + bytes.len() / 57 * 2 + 4);
    let mut col = 0;
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
        col += 4;
        if col >= line {
            out.push_str("\r\n");
            col = 0;
        }
    }
    out
}

/// `write!` into a byte buffer.
struct Out<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Out<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes(), usize::MAX), o);
        }
        assert_eq!(base64(&[0u8; 60], 76).matches("\r\n").count(), 1);
    }

    #[test]
    fn item_kinds_come_from_the_message_class() {
        assert_eq!(item_kind("IPM.Note"), ItemKind::Message);
        assert_eq!(item_kind("IPM.Note.SMIME"), ItemKind::Message);
        assert_eq!(item_kind("IPM.Appointment"), ItemKind::Meeting);
        assert_eq!(item_kind("IPM.Schedule.Meeting.Request"), ItemKind::Meeting);
        assert_eq!(item_kind("IPM.Contact"), ItemKind::Contact);
        assert_eq!(item_kind("ipm.task"), ItemKind::Task);
        assert_eq!(item_kind("IPM.DistList"), ItemKind::DistributionList);
        assert_eq!(item_kind("IPM.Contactless"), ItemKind::Message);
    }

    #[test]
    fn subjects_lose_outlooks_prefix_marker_and_headers_stay_one_line() {
        assert_eq!(strip_subject_prefix_marker("\u{1}\u{4}RE: x"), "RE: x");
        assert_eq!(strip_subject_prefix_marker("plain"), "plain");
        let mut h = String::new();
        header(&mut h, "Subject", "a\r\nBcc: evil@x");
        assert_eq!(h, "Subject: a  Bcc: evil@x\r\n");
        assert_eq!(percent("a b/é.pdf"), "a%20b%2F%C3%A9.pdf");
    }
}
