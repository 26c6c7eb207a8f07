//! pstprobe: walk an Outlook PST with the `outlook-pst` crate and print what we can get out of it.
//!
//! Usage: pstprobe FILE.pst [--props]   (--props dumps every message property id/type)

use std::{
    fs::File,
    io,
    panic::{self, AssertUnwindSafe},
    path::Path,
    rc::Rc,
};

use outlook_pst::{
    AnsiPstFile, PstReader, UnicodePstFile,
    ltp::{
        prop_context::PropertyValue,
        table_context::{TableContext, TableRowData},
    },
    messaging::{
        attachment::{AnsiAttachment, Attachment, AttachmentData, UnicodeAttachment},
        folder::Folder,
        message::{AnsiMessage, Message, UnicodeMessage},
        store::{AnsiStore, EntryId, Store, UnicodeStore},
    },
    ndb::node_id::NodeId,
};

// ---- property ids (PidTag*) -------------------------------------------------------------
const PR_MESSAGE_CLASS: u16 = 0x001A;
const PR_SUBJECT: u16 = 0x0037;
const PR_CLIENT_SUBMIT_TIME: u16 = 0x0039; // "sent"
const PR_SENT_REPRESENTING_NAME: u16 = 0x0042;
const PR_SENT_REPRESENTING_EMAIL: u16 = 0x0065;
const PR_CONVERSATION_TOPIC: u16 = 0x0070;
const PR_CONVERSATION_INDEX: u16 = 0x0071;
const PR_TRANSPORT_MESSAGE_HEADERS: u16 = 0x007D;
const PR_SENDER_ADDRTYPE: u16 = 0x0C1E;
const PR_SENDER_NAME: u16 = 0x0C1A;
const PR_SENDER_EMAIL: u16 = 0x0C1F;
const PR_DISPLAY_BCC: u16 = 0x0E02;
const PR_DISPLAY_CC: u16 = 0x0E03;
const PR_DISPLAY_TO: u16 = 0x0E04;
const PR_MESSAGE_DELIVERY_TIME: u16 = 0x0E06; // "received"
const PR_BODY: u16 = 0x1000;
const PR_RTF_COMPRESSED: u16 = 0x1009;
const PR_HTML: u16 = 0x1013; // PR_BODY_HTML is the same id with type PT_TSTRING
const PR_INTERNET_MESSAGE_ID: u16 = 0x1035;
const PR_INTERNET_REFERENCES: u16 = 0x1039;
const PR_IN_REPLY_TO_ID: u16 = 0x1042;
const PR_INTERNET_CPID: u16 = 0x3FDE;
const PR_SENDER_SMTP_ADDRESS: u16 = 0x5D01;
// recipient table columns
const PR_RECIPIENT_TYPE: u16 = 0x0C15; // 1=To 2=Cc 3=Bcc
const PR_DISPLAY_NAME: u16 = 0x3001;
const PR_EMAIL_ADDRESS: u16 = 0x3003;
const PR_SMTP_ADDRESS: u16 = 0x39FE;
// attachments
const PR_ATTACH_SIZE: u16 = 0x0E20;
const PR_ATTACH_DATA: u16 = 0x3701; // _BIN (by value) or _OBJ (embedded msg / storage)
const PR_ATTACH_FILENAME: u16 = 0x3704;
const PR_ATTACH_METHOD: u16 = 0x3705; // 1=by value 5=embedded msg 6=OLE storage
const PR_ATTACH_LONG_FILENAME: u16 = 0x3707;
const PR_ATTACH_MIME_TAG: u16 = 0x370E;
// folders
const PR_CONTENT_COUNT: u16 = 0x3602;
const PR_CONTAINER_CLASS: u16 = 0x3613;

// ---- Unicode/ANSI wrapper -----------------------------------------------------------------
// `outlook_pst::open_store` returns `Rc<dyn Store>`, which is enough for folders and messages,
// but attachments can only be opened from the *concrete* message type
// (`UnicodeAttachment::read(Rc<UnicodeMessage>, ..)`), so we keep the concrete store around.
enum Pst {
    Unicode(Rc<UnicodeStore>),
    Ansi(Rc<AnsiStore>),
}

impl Pst {
    /// Read-only open. `UnicodePstFile::open(path)` would ALSO open a write handle on the file
    /// (it only writes when `lock()` is called, but evidence files should never be opened RW),
    /// so use `read_from` with our own read-only reader instead.
    fn open(path: &Path) -> io::Result<Self> {
        let reader = || -> io::Result<Box<dyn PstReader>> {
            // Plain File, no BufReader: the crate already reads whole pages/blocks with
            // read_exact after a seek; a BufReader refills on every seek (64 KiB buffer =
            // ~100x read amplification measured with strace).
            Ok(Box::new(File::open(path)?))
        };
        match UnicodePstFile::read_from(reader()?) {
            Ok(file) => Ok(Pst::Unicode(UnicodeStore::read(Rc::new(file))?)),
            Err(unicode_err) => match AnsiPstFile::read_from(reader()?) {
                Ok(file) => Ok(Pst::Ansi(AnsiStore::read(Rc::new(file))?)),
                Err(ansi_err) => Err(io::Error::other(format!(
                    "not a PST: unicode: {unicode_err}; ansi: {ansi_err}"
                ))),
            },
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Pst::Unicode(_) => "Unicode",
            Pst::Ansi(_) => "ANSI",
        }
    }

    fn store(&self) -> Rc<dyn Store> {
        match self {
            Pst::Unicode(s) => s.clone(),
            Pst::Ansi(s) => s.clone(),
        }
    }

    /// Open a message (all properties when `prop_ids` is None) plus its attachments.
    fn open_message(
        &self,
        entry_id: &EntryId,
        prop_ids: Option<&[u16]>,
    ) -> io::Result<(Rc<dyn Message>, Vec<io::Result<Rc<dyn Attachment>>>)> {
        match self {
            Pst::Unicode(store) => {
                let msg = UnicodeMessage::read(store.clone(), entry_id, prop_ids)?;
                let atts = attachment_ids(msg.as_ref())
                    .into_iter()
                    .map(|nid| {
                        UnicodeAttachment::read(msg.clone(), nid, None)
                            .map(|a| a as Rc<dyn Attachment>)
                    })
                    .collect();
                Ok((msg, atts))
            }
            Pst::Ansi(store) => {
                let msg = AnsiMessage::read(store.clone(), entry_id, prop_ids)?;
                let atts = attachment_ids(msg.as_ref())
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

/// The attachment table's row ids are the attachment sub-node ids.
fn attachment_ids(msg: &dyn Message) -> Vec<NodeId> {
    msg.attachment_table()
        .map(|t| {
            t.rows_matrix()
                .map(|row| NodeId::from(u32::from(row.id())))
                .collect()
        })
        .unwrap_or_default()
}

// ---- value helpers -----------------------------------------------------------------------
fn as_string(v: &PropertyValue) -> Option<String> {
    match v {
        // NB: String8Value's Display maps each byte to U+00xx (Latin-1); real code page decoding
        // (PR_MESSAGE_CODEPAGE 0x3FFD / PR_INTERNET_CPID 0x3FDE) is up to us.
        PropertyValue::String8(s) => Some(s.to_string()),
        PropertyValue::Unicode(s) => Some(s.to_string()),
        _ => None,
    }
}

fn get_str(props: impl Fn(u16) -> Option<PropertyValue>, id: u16) -> Option<String> {
    props(id).as_ref().and_then(as_string)
}

/// PR_SUBJECT may start with "\u{1}" + one char giving the prefix length ("RE: ").
fn clean_subject(s: String) -> String {
    let mut chars = s.chars();
    if chars.next() == Some('\u{1}') {
        chars.next();
        chars.collect()
    } else {
        s
    }
}

/// FILETIME (100ns ticks since 1601-01-01) -> "YYYY-MM-DDTHH:MM:SSZ"
fn filetime(ft: i64) -> String {
    let secs = ft.div_euclid(10_000_000) - 11_644_473_600;
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    // civil_from_days (H. Hinnant)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        sod / 3600,
        sod % 3600 / 60,
        sod % 60
    )
}

fn snippet(s: &str, n: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.chars().take(n).collect()
}

/// compressed-rtf 1.0.1 panics on inputs shorter than 16 bytes / bad RAWSIZE; guard it.
fn decompress_rtf(buf: &[u8]) -> Result<String, String> {
    if buf.len() < 16 {
        return Err(format!("RTF blob too short ({} bytes)", buf.len()));
    }
    panic::catch_unwind(|| compressed_rtf::decompress_rtf(buf))
        .map_err(|_| "compressed_rtf panicked".to_string())?
        .map_err(|e| e.to_string())
}

/// Read one column of a table row by property id.
fn column(table: &dyn TableContext, row: &TableRowData, prop_id: u16) -> Option<PropertyValue> {
    let ctx = table.context();
    let cols = row.columns(ctx).ok()?;
    ctx.columns()
        .iter()
        .zip(cols)
        .find(|(c, _)| c.prop_id() == prop_id)
        .and_then(|(c, v)| table.read_column(&v?, c.prop_type()).ok())
}

// ---- printing -----------------------------------------------------------------------------
struct Stats {
    folders: usize,
    messages: usize,
    errors: usize,
}

fn print_message(msg: &dyn Message, atts: &[io::Result<Rc<dyn Attachment>>], indent: &str, dump: bool) {
    let p = msg.properties();
    let get = |id| p.get(id).cloned();
    // p.message_class() reads PR_MESSAGE_CLASS (0x001A)
    let class = p.message_class().unwrap_or_else(|e| format!("<{e}>"));
    let _ = PR_MESSAGE_CLASS;
    let subject = get_str(get, PR_SUBJECT).map(clean_subject).unwrap_or_default();
    println!("{indent}- [{class}] {subject:?}");

    let sender_name = get_str(get, PR_SENDER_NAME)
        .or_else(|| get_str(get, PR_SENT_REPRESENTING_NAME))
        .unwrap_or_default();
    let sender_addr = get_str(get, PR_SENDER_SMTP_ADDRESS)
        .or_else(|| get_str(get, PR_SENDER_EMAIL))
        .or_else(|| get_str(get, PR_SENT_REPRESENTING_EMAIL))
        .unwrap_or_default();
    let addrtype = get_str(get, PR_SENDER_ADDRTYPE).unwrap_or_default();
    println!("{indent}    from: {sender_name} <{sender_addr}> ({addrtype})");

    // recipients from the recipient table (PR_DISPLAY_TO/CC/BCC are only display strings)
    let mut rcpts = Vec::new();
    if let Some(table) = msg.recipient_table() {
        for row in table.rows_matrix() {
            let kind = match column(table.as_ref(), row, PR_RECIPIENT_TYPE) {
                Some(PropertyValue::Integer32(1)) => "To",
                Some(PropertyValue::Integer32(2)) => "Cc",
                Some(PropertyValue::Integer32(3)) => "Bcc",
                _ => "?",
            };
            let name = column(table.as_ref(), row, PR_DISPLAY_NAME)
                .as_ref()
                .and_then(as_string)
                .unwrap_or_default();
            let addr = column(table.as_ref(), row, PR_SMTP_ADDRESS)
                .or_else(|| column(table.as_ref(), row, PR_EMAIL_ADDRESS))
                .as_ref()
                .and_then(as_string)
                .unwrap_or_default();
            rcpts.push(format!("{kind}: {name} <{addr}>"));
        }
    }
    println!("{indent}    rcpts: [{}]", rcpts.join("; "));
    for (id, label) in [(PR_DISPLAY_TO, "displayTo"), (PR_DISPLAY_CC, "displayCc"), (PR_DISPLAY_BCC, "displayBcc")] {
        if let Some(s) = get_str(get, id).filter(|s| !s.is_empty()) {
            println!("{indent}    {label}: {s}");
        }
    }

    let t = |id| match p.get(id) {
        Some(PropertyValue::Time(ft)) => filetime(*ft),
        _ => "-".into(),
    };
    println!(
        "{indent}    sent: {}  received: {}",
        t(PR_CLIENT_SUBMIT_TIME),
        t(PR_MESSAGE_DELIVERY_TIME)
    );
    println!(
        "{indent}    msgid: {:?}  in-reply-to: {:?}  refs: {:?}",
        get_str(get, PR_INTERNET_MESSAGE_ID),
        get_str(get, PR_IN_REPLY_TO_ID),
        get_str(get, PR_INTERNET_REFERENCES)
    );
    let topic = get_str(get, PR_CONVERSATION_TOPIC);
    let conv_idx = match p.get(PR_CONVERSATION_INDEX) {
        Some(PropertyValue::Binary(b)) => b.buffer().len(),
        _ => 0,
    };
    let headers = get_str(get, PR_TRANSPORT_MESSAGE_HEADERS);
    println!(
        "{indent}    topic: {topic:?}  conv_index: {conv_idx} bytes  transport_headers: {}",
        headers.as_ref().map(|h| format!("{} chars, first line {:?}", h.len(), h.lines().next().unwrap_or(""))).unwrap_or("none".into())
    );

    // bodies
    let mut kinds: Vec<String> = Vec::new();
    let plain = get_str(get, PR_BODY);
    if plain.is_some() {
        kinds.push("text".into());
    }
    let html = match p.get(PR_HTML) {
        Some(PropertyValue::Binary(b)) => {
            kinds.push("html(bin)".into());
            // PR_HTML is bytes in PR_INTERNET_CPID's code page; UTF-8 lossy is a stand-in here.
            let cpid = match p.get(PR_INTERNET_CPID) {
                Some(PropertyValue::Integer32(c)) => *c,
                _ => 0,
            };
            let _ = cpid;
            Some(String::from_utf8_lossy(b.buffer()).into_owned())
        }
        Some(v) => {
            kinds.push("html(str)".into());
            as_string(v)
        }
        None => None,
    };
    let rtf = match p.get(PR_RTF_COMPRESSED) {
        Some(PropertyValue::Binary(b)) => {
            let r = decompress_rtf(b.buffer());
            kinds.push(match &r {
                Ok(rtf) => format!(
                    "rtf({} -> {} chars{})",
                    b.buffer().len(),
                    rtf.len(),
                    if rtf.contains("\\fromhtml") { ", encapsulated HTML" } else { "" }
                ),
                Err(e) => format!("rtf(error: {e})"),
            });
            Some(r)
        }
        _ => None,
    };
    let best = if let Some(t) = plain.as_ref().filter(|t| !t.trim().is_empty()) {
        format!("text: {}", snippet(t, 80))
    } else if let Some(h) = html.as_ref() {
        format!("html: {}", snippet(h, 80))
    } else if let Some(r) = rtf.as_ref() {
        match r {
            Ok(r) => format!("rtf: {}", snippet(r, 80)),
            Err(e) => format!("rtf error: {e}"),
        }
    } else {
        "none".into()
    };
    println!("{indent}    bodies: [{}]  best: {best}", kinds.join(","));

    for att in atts {
        match att {
            Ok(att) => {
                let ap = att.properties();
                let name = [PR_ATTACH_LONG_FILENAME, PR_ATTACH_FILENAME, PR_DISPLAY_NAME]
                    .into_iter()
                    .find_map(|id| ap.get(id).and_then(as_string))
                    .unwrap_or_default();
                let mime = ap.get(PR_ATTACH_MIME_TAG).and_then(as_string).unwrap_or_default();
                // attachment_method() reads PR_ATTACH_METHOD; with the vanilla crate a missing
                // 0x3705 already failed the whole UnicodeAttachment::read. Fall back to -1 here.
                let method = match ap.get(PR_ATTACH_METHOD) {
                    Some(PropertyValue::Integer32(m)) => *m,
                    _ => -1,
                };
                let declared = match ap.get(PR_ATTACH_SIZE) {
                    Some(PropertyValue::Integer32(n)) => *n,
                    _ => -1,
                };
                match att.data() {
                    Some(AttachmentData::Binary(b)) => println!(
                        "{indent}    att: {name:?} mime={mime:?} method={method} bytes={} (PR_ATTACH_SIZE={declared}) embedded=no",
                        b.buffer().len()
                    ),
                    Some(AttachmentData::Message(m)) => {
                        println!(
                            "{indent}    att: {name:?} method={method} (PR_ATTACH_SIZE={declared}) embedded=yes"
                        );
                        // NB: attachments *of* an embedded message cannot be opened via the
                        // public API (AttachmentData::Message is Rc<dyn Message>).
                        print_message(m.as_ref(), &[], &format!("{indent}      "), dump);
                    }
                    None => println!(
                        "{indent}    att: {name:?} method={method} (PR_ATTACH_SIZE={declared}) data=none (by-reference?)"
                    ),
                }
                let _ = PR_ATTACH_DATA;
            }
            Err(e) => println!("{indent}    att: ERROR {e}"),
        }
    }

    if dump {
        if let Some(t) = msg.attachment_table() {
            let ctx = t.context();
            for row in t.rows_matrix() {
                println!("{indent}    attach-table row {:?}", NodeId::from(u32::from(row.id())));
                if let Ok(cols) = row.columns(ctx) {
                    for (c, v) in ctx.columns().iter().zip(cols) {
                        let val = v.and_then(|v| t.read_column(&v, c.prop_type()).ok());
                        println!("{indent}      col 0x{:04X} {:?} = {:?}", c.prop_id(), c.prop_type(), val.map(|v| format!("{v:?}").chars().take(60).collect::<String>()));
                    }
                }
            }
        }
        for (id, v) in p.iter() {
            let ty = format!("{:?}", outlook_pst::ltp::prop_type::PropertyType::from(v));
            println!("{indent}    prop 0x{id:04X} {ty}");
        }
    }
}

fn walk_folder(
    pst: &Pst,
    folder: &Rc<dyn Folder>,
    path: &str,
    wastebasket: Option<NodeId>,
    stats: &mut Stats,
    dump: bool,
) {
    let store = pst.store();
    stats.folders += 1;
    let fp = folder.properties();
    let declared = match fp.get(PR_CONTENT_COUNT) {
        Some(PropertyValue::Integer32(n)) => *n,
        _ => -1,
    };
    let class = fp.get(PR_CONTAINER_CLASS).and_then(as_string).unwrap_or_default();
    let deleted = Some(fp.node_id()) == wastebasket;
    let contents = folder.contents_table();
    let rows = contents.map(|t| t.rows_matrix().count()).unwrap_or(0);
    println!(
        "FOLDER {path:?} class={class:?} messages={rows} (PR_CONTENT_COUNT={declared}){}",
        if deleted { " [Deleted Items]" } else { "" }
    );

    if let Some(table) = contents {
        for row in table.rows_matrix() {
            let nid = NodeId::from(u32::from(row.id()));
            let res = store.properties().make_entry_id(nid).and_then(|eid| {
                panic::catch_unwind(AssertUnwindSafe(|| pst.open_message(&eid, None)))
                    .unwrap_or_else(|_| Err(io::Error::other("panic while reading message")))
            });
            match res {
                Ok((msg, atts)) => {
                    stats.messages += 1;
                    print_message(msg.as_ref(), &atts, "  ", dump);
                }
                Err(e) => {
                    stats.errors += 1;
                    // the contents table row still has the subject, useful for error reports
                    let subj = column(table.as_ref(), row, PR_SUBJECT).as_ref().and_then(as_string);
                    println!("  - ERROR reading message {nid:?} (subject from table: {subj:?}): {e}");
                }
            }
        }
    }

    if let Some(hier) = folder.hierarchy_table() {
        for row in hier.rows_matrix() {
            let nid = NodeId::from(u32::from(row.id()));
            let res = store
                .properties()
                .make_entry_id(nid)
                .and_then(|eid| store.open_folder(&eid));
            match res {
                Ok(sub) => {
                    let name = sub.properties().display_name().unwrap_or_else(|_| "?".into());
                    let sub_path = if path.is_empty() { name } else { format!("{path}/{name}") };
                    walk_folder(pst, &sub, &sub_path, wastebasket, stats, dump);
                }
                Err(e) => {
                    stats.errors += 1;
                    println!("FOLDER ERROR under {path:?} node {nid:?}: {e}");
                }
            }
        }
    }
}

fn peak_rss_kib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM")).map(|l| l.to_string()))
        .unwrap_or_default()
}

fn run(path: &Path, dump: bool) -> io::Result<Stats> {
    let pst = Pst::open(path)?;
    let store = pst.store();
    let sp = store.properties();
    println!(
        "STORE kind={} name={:?} password_crc(0x67FF)={:?}",
        pst.kind(),
        sp.display_name().ok(),
        sp.get(0x67FF)
    );
    let wastebasket = sp.ipm_wastebasket_entry_id().ok().map(|e| e.node_id());
    let ipm = sp.ipm_sub_tree_entry_id()?;
    let root = store.open_folder(&ipm)?;
    let mut stats = Stats { folders: 0, messages: 0, errors: 0 };
    walk_folder(&pst, &root, "", wastebasket, &mut stats, dump);
    Ok(stats)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: pstprobe FILE.pst [--props]");
        std::process::exit(2);
    };
    let dump = args.iter().any(|a| a == "--props");
    let t0 = std::time::Instant::now();
    let result = panic::catch_unwind(AssertUnwindSafe(|| run(Path::new(path), dump)));
    match result {
        Ok(Ok(s)) => println!(
            "DONE folders={} messages={} errors={} in {:?}; {}",
            s.folders,
            s.messages,
            s.errors,
            t0.elapsed(),
            peak_rss_kib()
        ),
        Ok(Err(e)) => {
            println!("OPEN FAILED: kind={:?} {e}  (debug: {e:?})", e.kind());
            std::process::exit(1);
        }
        Err(_) => {
            println!("PANIC");
            std::process::exit(3);
        }
    }
}
