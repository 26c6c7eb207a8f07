//! A test-only writer of Outlook mailboxes (`.pst`), Unicode (`wVer` 23) and ANSI (`wVer` 14),
//! laid out as [MS-PST] describes, so that tests can make mailboxes with the content real city
//! mailboxes have: nested folders, Deleted Items, mail with recipients, HTML bodies, files and
//! attached messages, calendar items and contacts — and tens of thousands of items in a folder.
//!
//! ```no_run
//! use testkit::pst_writer::{self, Attachment, Folder, Mailbox, Message};
//! let mut note = Message::note("Permit 12", "Approved.");
//! note.attachments.push(Attachment::File {
//!     name: "permit.pdf".into(),
//!     mime: "application/pdf".into(),
//!     bytes: b"%PDF-1.4".to_vec(),
//! });
//! let mailbox = Mailbox {
//!     display_name: "Clerk".into(),
//!     folders: vec![Folder { name: "Inbox".into(), messages: vec![note], ..Default::default() }],
//!     ..Default::default()
//! };
//! pst_writer::write(std::path::Path::new("clerk.pst"), &mailbox).unwrap();
//! ```
//!
//! # What is written
//!
//! * **NDB layer** ([MS-PST] 2.2): the HEADER with its partial and full CRCs; blocks with their
//!   BLOCKTRAILER (CRC-32 of the data, block signature, BID); data trees (XBLOCK, and XXBLOCK
//!   past 1,021 / 2,043 blocks); sub-node trees (SLBLOCK, SIBLOCK past 340 / 681 entries); the
//!   node and block B-trees (NBT, BBT) built bottom-up at the end, as many levels as needed.
//!   Every 64-byte slot is tracked, so the allocation maps are **valid**: each AMap (and PMap,
//!   and FMap past the 128th AMap) is written at its fixed place and `fAMapValid` is
//!   `VALID_AMAP2`; the file ends, as Outlook's do, at the end of its last AMap's range. There is
//!   no density list (the page at 0x4200 that only guides the reuse of free space: neither
//!   reader reads it, and the vendored crate makes one when it writes). Blocks are not encoded
//!   (`bCryptMethod` = `NDB_CRYPT_NONE`).
//! * **LTP layer** (2.3): heaps on node (HNHDR, HNPAGEHDR, HNBITMAPHDR every 128 pages from
//!   the 8th, HNPAGEMAP) spread over as many blocks as needed; BTrees on heap with as many
//!   index levels as needed; property contexts (values up to 3,580 bytes in the heap, larger
//!   ones in a sub-node); table contexts (row matrix in the heap, or in a sub-node whose data
//!   tree holds a whole number of rows per block).
//! * **Messaging layer** (2.4): the message store (NID 0x21) with its record key and the entry
//!   ids of the IPM subtree (0x35E0) and of Deleted Items (0x35E3); the name-to-id map
//!   (NID 0x61) for the named properties used; the root folder (0x122), "Top of Personal
//!   Folders" and the folders below, each with its hierarchy, contents and associated contents
//!   tables; messages with their recipient table (0x692), attachment table (0x671) and
//!   attachment objects; attached messages as `PidTagAttachMethod` 5 with the message in the
//!   attachment's sub-nodes; the table templates (0x60D, 0x60E, 0x60F, 0x671, 0x692).
//!
//! The NBT's parent NIDs follow Outlook (a folder's parent folder, a message's folder, the root
//! folder its own parent, tables none), which is how `readpst` finds the folder tree. The
//! deeper structures are used only when the content needs them, as Outlook does: `readpst`
//! (libpst 0.6.76) follows XBLOCKs and XXBLOCKs, but not SIBLOCKs (a message of more than 340
//! sub-nodes — attachments, tables, large values — loses its attachments there) nor BTHs of
//! more than one level in property contexts (more than 447 properties).
//!
//! Strings are `PT_UNICODE` (UTF-16LE) in Unicode files and `PT_STRING8` in code page 1252 in
//! ANSI files (characters outside it become `?`). HTML bodies are `PT_BINARY` in UTF-8 in
//! Unicode files and in code page 1252 in ANSI files, with `PidTagInternetCodepage` and
//! `PidTagMessageCodepage` saying which (65001 or 1252).
//!
//! [MS-PST]: https://learn.microsoft.com/en-us/openspecs/office_file_formats/ms-pst/

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use chrono::{DateTime, Utc};

// ---------------------------------------------------------------------------------------------
// The mailbox to write
// ---------------------------------------------------------------------------------------------

/// A mailbox: its folders (below "Top of Personal Folders") and what is in Deleted Items.
#[derive(Clone, Debug, Default)]
pub struct Mailbox {
    /// An ANSI (Outlook 97–2002) file rather than a Unicode one.
    pub ansi: bool,
    /// The store's display name (`PidTagDisplayName` of the message store).
    pub display_name: String,
    /// The folders at the top of the mailbox, in order (after Deleted Items).
    pub folders: Vec<Folder>,
    /// The items of the Deleted Items folder (always written, first, even when empty).
    pub deleted_items: Vec<Message>,
}

/// A folder. Its container class (`IPF.Appointment`, `IPF.Contact`, `IPF.Task`, else
/// `IPF.Note`) follows the class of its items.
#[derive(Clone, Debug, Default)]
pub struct Folder {
    pub name: String,
    pub messages: Vec<Message>,
    pub subfolders: Vec<Folder>,
}

/// An item: mail (`IPM.Note`), a calendar item (`IPM.Appointment`), a contact
/// (`IPM.Contact`), a task (`IPM.Task`)… Empty strings and `None`s are not written.
#[derive(Clone, Debug)]
pub struct Message {
    /// `PidTagMessageClass`.
    pub class: String,
    /// `PidTagSubject` (and `PidTagNormalizedSubject`, without a `RE:`/`FW:` prefix).
    pub subject: String,
    /// The sender: `PidTagSenderName`/`PidTagSentRepresentingName` and their SMTP addresses.
    pub from_name: String,
    pub from_email: String,
    /// Recipients (display name, SMTP address): the recipient table's rows, and
    /// `PidTagDisplayTo`/`Cc`/`Bcc`.
    pub to: Vec<(String, String)>,
    pub cc: Vec<(String, String)>,
    pub bcc: Vec<(String, String)>,
    /// `PidTagClientSubmitTime`.
    pub sent: Option<DateTime<Utc>>,
    /// `PidTagMessageDeliveryTime`.
    pub received: Option<DateTime<Utc>>,
    /// `PidTagInternetMessageId` (0x1035), `PidTagInReplyToId` (0x1042),
    /// `PidTagInternetReferences` (0x1039).
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    pub references: Option<String>,
    /// `PidTagConversationTopic` (0x0070) and `PidTagConversationIndex` (0x0071).
    pub conversation_topic: Option<String>,
    pub conversation_index: Option<Vec<u8>>,
    /// `PidTagBody` (0x1000).
    pub body: Option<String>,
    /// `PidTagHtml` (0x1013), stored as UTF-8 bytes.
    pub html: Option<String>,
    /// `PidTagTransportMessageHeaders` (0x007D): the Internet headers as received.
    pub transport_headers: Option<String>,
    /// Other string properties by id, e.g. a contact's 0x3A06 given name.
    pub extra: Vec<(u16, String)>,
    /// Named properties (property set, number in the set, value), e.g. an appointment's
    /// start (`PSETID_Appointment` 0x820D): written through the name-to-id map.
    pub named: Vec<(PropertySet, u32, Value)>,
    pub attachments: Vec<Attachment>,
}

impl Default for Message {
    fn default() -> Self {
        Message {
            class: "IPM.Note".into(),
            subject: String::new(),
            from_name: String::new(),
            from_email: String::new(),
            to: vec![],
            cc: vec![],
            bcc: vec![],
            sent: None,
            received: None,
            message_id: None,
            in_reply_to: None,
            references: None,
            conversation_topic: None,
            conversation_index: None,
            body: None,
            html: None,
            transport_headers: None,
            extra: vec![],
            named: vec![],
            attachments: vec![],
        }
    }
}

/// An attachment: a file (`PidTagAttachMethod` 1, the bytes in `PidTagAttachDataBinary`) or
/// an attached message (method 5, the message in `PidTagAttachDataObject`).
#[derive(Clone, Debug)]
pub enum Attachment {
    File {
        name: String,
        mime: String,
        bytes: Vec<u8>,
    },
    Message(Box<Message>),
}

/// The property sets of the named properties a test may need ([MS-OXPROPS]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PropertySet {
    /// `PSETID_Appointment` {00062002-0000-0000-C000-000000000046}.
    Appointment,
    /// `PSETID_Task` {00062003-…}.
    Task,
    /// `PSETID_Address` {00062004-…}.
    Address,
    /// `PSETID_Common` {00062008-…}.
    Common,
}

impl PropertySet {
    /// The GUID's first field; the rest is 0000-0000-C000-000000000046 for all four.
    fn data1(self) -> u32 {
        match self {
            PropertySet::Appointment => 0x0006_2002,
            PropertySet::Task => 0x0006_2003,
            PropertySet::Address => 0x0006_2004,
            PropertySet::Common => 0x0006_2008,
        }
    }

    fn guid(self) -> [u8; 16] {
        let mut g = [0u8; 16];
        g[..4].copy_from_slice(&self.data1().to_le_bytes());
        g[8] = 0xC0;
        g[15] = 0x46;
        g
    }
}

/// A named property's value.
#[derive(Clone, Debug)]
pub enum Value {
    Text(String),
    Time(DateTime<Utc>),
    Int(i32),
    Bool(bool),
}

impl Message {
    /// Mail with a subject and a plain-text body.
    pub fn note(subject: &str, body: &str) -> Message {
        Message {
            subject: subject.into(),
            body: Some(body.into()),
            ..Default::default()
        }
    }

    /// A calendar item: start, end (named properties of `PSETID_Appointment` and
    /// `PSETID_Common`) and location.
    pub fn appointment(
        subject: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        location: &str,
    ) -> Message {
        Message {
            class: "IPM.Appointment".into(),
            subject: subject.into(),
            conversation_topic: Some(subject.into()),
            named: vec![
                (PropertySet::Appointment, 0x820D, Value::Time(start)),
                (PropertySet::Appointment, 0x820E, Value::Time(end)),
                (
                    PropertySet::Appointment,
                    0x8208,
                    Value::Text(location.into()),
                ),
                (PropertySet::Common, 0x8516, Value::Time(start)),
                (PropertySet::Common, 0x8517, Value::Time(end)),
            ],
            ..Default::default()
        }
    }

    /// A contact: display name, given name (0x3A06), surname (0x3A11), file-as and e-mail
    /// address (named properties of `PSETID_Address`).
    pub fn contact(given: &str, surname: &str, email: &str) -> Message {
        let full = format!("{given} {surname}");
        Message {
            class: "IPM.Contact".into(),
            subject: full.clone(),
            extra: vec![
                (0x3001, full.clone()),
                (0x3A06, given.into()),
                (0x3A11, surname.into()),
            ],
            named: vec![
                (
                    PropertySet::Address,
                    0x8005,
                    Value::Text(format!("{surname}, {given}")),
                ),
                (
                    PropertySet::Address,
                    0x8080,
                    Value::Text(format!("{full} ({email})")),
                ),
                (PropertySet::Address, 0x8082, Value::Text("SMTP".into())),
                (PropertySet::Address, 0x8083, Value::Text(email.into())),
            ],
            ..Default::default()
        }
    }
}

/// Writes `mailbox` to `path` as a PST.
pub fn write(path: &Path, mailbox: &Mailbox) -> io::Result<()> {
    let ndb = Ndb::create(path, mailbox.ansi)?;
    let mut w = Writer {
        ndb,
        record_key: record_key(&mailbox.display_name),
        named: BTreeMap::new(),
        named_order: vec![],
        next_message: 0x10000,
        max_folder: 0,
    };
    w.mailbox(mailbox)?;
    w.finish()
}

/// An "Inbox" of `n` small messages (each with a sender, two recipients, a date, a Message-ID
/// and a short body): the mailbox of scale tests and of the benchmark.
pub fn many_messages(n: usize, ansi: bool) -> Mailbox {
    let start = DateTime::from_timestamp(1_767_225_600, 0).expect("a valid date"); // 2026-01-01
    let messages = (0..n)
        .map(|i| Message {
            subject: format!("Permit application {i}"),
            from_name: format!("Resident {}", i % 97),
            from_email: format!("resident{}@example.org", i % 97),
            to: vec![("Permits Desk".into(), "permits@city.example".into())],
            cc: vec![("Records".into(), "records@city.example".into())],
            sent: Some(start + chrono::Duration::minutes(i as i64)),
            received: Some(start + chrono::Duration::minutes(i as i64 + 1)),
            message_id: Some(format!("<permit-{i}@example.org>")),
            body: Some(format!(
                "Application {i} for a building permit at {} Main Street.",
                100 + i
            )),
            ..Default::default()
        })
        .collect();
    Mailbox {
        ansi,
        display_name: format!("Permits ({n} messages)"),
        folders: vec![Folder {
            name: "Inbox".into(),
            messages,
            subfolders: vec![],
        }],
        deleted_items: vec![],
    }
}

/// Writes [`many_messages`]`(n, ansi)` to `path` (for the benchmark).
pub fn write_many(path: &Path, n: usize, ansi: bool) -> io::Result<()> {
    write(path, &many_messages(n, ansi))
}

// ---------------------------------------------------------------------------------------------
// Constants of [MS-PST]
// ---------------------------------------------------------------------------------------------

/// 2.2.2.7.2 AMap: the first AMap page's offset, and the bytes each AMap covers (496 bytes of
/// bits, one bit per 64 bytes).
const AMAP_FIRST: u64 = 0x4400;
const AMAP_SPAN: u64 = 496 * 8 * 64;
const PAGE: u64 = 512;
/// 2.3.1.1: the largest heap allocation; larger property values go to a sub-node.
const MAX_HEAP_ITEM: usize = 3580;

/// 2.2.2.7.1 PAGETRAILER `ptype`.
const PTYPE_BBT: u8 = 0x80;
const PTYPE_NBT: u8 = 0x81;
const PTYPE_FMAP: u8 = 0x82;
const PTYPE_PMAP: u8 = 0x83;
const PTYPE_AMAP: u8 = 0x84;

/// 2.2.2.1 NID types.
const NID_TYPE_NORMAL_FOLDER: u32 = 0x02;
const NID_TYPE_NORMAL_MESSAGE: u32 = 0x04;
const NID_TYPE_ATTACHMENT: u32 = 0x05;
const NID_TYPE_HIERARCHY_TABLE: u32 = 0x0D;
const NID_TYPE_CONTENTS_TABLE: u32 = 0x0E;
const NID_TYPE_ASSOC_CONTENTS_TABLE: u32 = 0x0F;
const NID_TYPE_LTP: u32 = 0x1F;

/// 2.4.1 special NIDs.
const NID_MESSAGE_STORE: u32 = 0x21;
const NID_NAME_TO_ID_MAP: u32 = 0x61;
const NID_ROOT_FOLDER: u32 = 0x122;
const NID_HIERARCHY_TABLE_TEMPLATE: u32 = 0x60D;
const NID_CONTENTS_TABLE_TEMPLATE: u32 = 0x60E;
const NID_ASSOC_CONTENTS_TABLE_TEMPLATE: u32 = 0x60F;
const NID_ATTACHMENT_TABLE: u32 = 0x671;
const NID_RECIPIENT_TABLE: u32 = 0x692;

/// [MS-OXCDATA] 2.11.1 property types.
const PT_SHORT: u16 = 0x0002;
const PT_LONG: u16 = 0x0003;
const PT_BOOLEAN: u16 = 0x000B;
const PT_OBJECT: u16 = 0x000D;
const PT_I8: u16 = 0x0014;
const PT_STRING8: u16 = 0x001E;
const PT_UNICODE: u16 = 0x001F;
const PT_SYSTIME: u16 = 0x0040;
const PT_BINARY: u16 = 0x0102;

fn nid(kind: u32, index: u32) -> u32 {
    (index << 5) | kind
}

fn round_up(n: u64, to: u64) -> u64 {
    n.div_ceil(to) * to
}

/// 5.3 CRC: the CRC-32 table of polynomial 0xEDB88320, started at 0, no final XOR.
const CRC_TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
};

fn crc(data: &[u8]) -> u32 {
    data.iter().fold(0u32, |c, &b| {
        CRC_TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8)
    })
}

/// 5.5 block signature, from the low 32 bits of the IB and the BID.
fn signature(ib: u64, bid: u64) -> u16 {
    let v = (ib as u32) ^ (bid as u32);
    ((v >> 16) as u16) ^ (v as u16)
}

/// FILETIME: 100-ns intervals since 1601-01-01.
fn filetime(t: DateTime<Utc>) -> i64 {
    t.timestamp() * 10_000_000
        + i64::from(t.timestamp_subsec_nanos() / 100)
        + 116_444_736_000_000_000
}

/// Code page 1252 (ANSI strings); what it cannot hold becomes `?`.
fn cp1252(s: &str) -> Vec<u8> {
    const HIGH: [(u8, char); 27] = [
        (0x80, '€'),
        (0x82, '‚'),
        (0x83, 'ƒ'),
        (0x84, '„'),
        (0x85, '…'),
        (0x86, '†'),
        (0x87, '‡'),
        (0x88, 'ˆ'),
        (0x89, '‰'),
        (0x8A, 'Š'),
        (0x8B, '‹'),
        (0x8C, 'Œ'),
        (0x8E, 'Ž'),
        (0x91, '‘'),
        (0x92, '’'),
        (0x93, '“'),
        (0x94, '”'),
        (0x95, '•'),
        (0x96, '–'),
        (0x97, '—'),
        (0x98, '˜'),
        (0x99, '™'),
        (0x9A, 'š'),
        (0x9B, '›'),
        (0x9C, 'œ'),
        (0x9E, 'ž'),
        (0x9F, 'Ÿ'),
    ];
    s.chars()
        .map(|c| match c as u32 {
            0..=0x7F | 0xA0..=0xFF => c as u8,
            _ => HIGH
                .iter()
                .find(|(_, h)| *h == c)
                .map(|(b, _)| *b)
                .unwrap_or(b'?'),
        })
        .collect()
}

/// The store's 16-byte `PidTagRecordKey`, the same for the same display name.
fn record_key(name: &str) -> [u8; 16] {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut key = [0u8; 16];
    for (i, b) in name.bytes().chain(*b"disclose-pst").enumerate() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
        key[i % 16] ^= (h >> 24) as u8;
    }
    for (i, k) in key.iter_mut().enumerate() {
        h = h.wrapping_mul(0x100_0000_01b3) ^ i as u64;
        *k ^= (h >> 32) as u8;
    }
    key
}

// ---------------------------------------------------------------------------------------------
// NDB layer (2.2): blocks, data trees, sub-node trees, B-trees, allocation maps, header
// ---------------------------------------------------------------------------------------------

/// A sub-node: 2.2.2.8.3.3.1.1 SLENTRY.
struct SubNode {
    nid: u32,
    data: u64,
    sub: u64,
}

/// A node of the NBT: 2.2.2.7.7.4 NBTENTRY.
struct NbtEntry {
    nid: u32,
    data: u64,
    sub: u64,
    parent: u32,
}

/// The node database being written: blocks are appended as they come (through a BufWriter),
/// skipping the places of the allocation map pages; the B-trees, the map pages and the header
/// are written at the end.
struct Ndb {
    ansi: bool,
    out: BufWriter<File>,
    /// The next free byte (blocks are 64-byte aligned, pages 512-byte aligned).
    pos: u64,
    /// The next block's BID index (BID = index << 2, bit 1 set for internal blocks).
    next_block: u64,
    /// The next page BID (2.2.2.6 `bidNextP`).
    next_page: u64,
    /// 2.2.2.7.7.3 BBTENTRY: (BID, IB, cb).
    bbt: Vec<(u64, u64, u16)>,
    nbt: Vec<NbtEntry>,
    /// One bit per 64-byte slot from `AMAP_FIRST`, set when allocated (as in an AMap).
    used: Vec<u8>,
    zeros: Vec<u8>,
}

impl Ndb {
    fn create(path: &Path, ansi: bool) -> io::Result<Ndb> {
        let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
        // The header and the unused space before the first AMap; the header is written last.
        out.write_all(&vec![0u8; AMAP_FIRST as usize])?;
        Ok(Ndb {
            ansi,
            out,
            pos: AMAP_FIRST,
            next_block: 1,
            next_page: 1,
            bbt: vec![],
            nbt: vec![],
            used: vec![],
            zeros: vec![0u8; 8192],
        })
    }

    /// 2.2.2.8.1: the largest block data (8 KiB less the trailer).
    fn max_block(&self) -> usize {
        if self.ansi { 8180 } else { 8176 }
    }

    fn trailer_len(&self) -> usize {
        if self.ansi { 12 } else { 16 }
    }

    /// The size of a BID (and of an IB, a B-tree key).
    fn id_len(&self) -> usize {
        if self.ansi { 4 } else { 8 }
    }

    fn put_id(&self, buf: &mut Vec<u8>, v: u64) {
        if self.ansi {
            buf.extend_from_slice(&(v as u32).to_le_bytes());
        } else {
            buf.extend_from_slice(&v.to_le_bytes());
        }
    }

    /// The map pages at the start of AMap `i`'s range: the AMap itself, a PMap every 8th
    /// (2.2.2.7.3), an FMap from the 128th every 496 (2.2.2.7.5).
    fn reserved_pages(i: u64) -> u64 {
        1 + u64::from(i.is_multiple_of(8)) + u64::from(i >= 128 && (i - 128).is_multiple_of(496))
    }

    fn pad(&mut self, n: u64) -> io::Result<()> {
        let mut n = n as usize;
        while n > 0 {
            let k = n.min(self.zeros.len());
            self.out.write_all(&self.zeros[..k])?;
            n -= k;
        }
        Ok(())
    }

    fn mark(&mut self, ib: u64, len: u64) {
        let first = (ib - AMAP_FIRST) / 64;
        let last = (ib + len - AMAP_FIRST) / 64;
        let need = (last as usize).div_ceil(8) + 1;
        if self.used.len() < need {
            self.used.resize(need.max(self.used.len() * 2), 0);
        }
        for slot in first..last {
            self.used[(slot / 8) as usize] |= 0x80 >> (slot % 8);
        }
    }

    /// The next `size` bytes at an `align`ed offset outside the map pages and not across an
    /// AMap's range; the file is padded up to it.
    fn alloc(&mut self, size: u64, align: u64) -> io::Result<u64> {
        let mut from = self.pos;
        let ib = loop {
            let p = round_up(from, align);
            let i = (p - AMAP_FIRST) / AMAP_SPAN;
            let start = AMAP_FIRST + i * AMAP_SPAN;
            let p = p.max(start + PAGE * Self::reserved_pages(i));
            if p + size <= start + AMAP_SPAN {
                break p;
            }
            from = start + AMAP_SPAN;
        };
        if ib >= 0x7FFF_0000 && self.ansi {
            return Err(io::Error::other("an ANSI PST cannot pass 2 GB"));
        }
        self.pad(ib - self.pos)?;
        self.pos = ib + size;
        self.mark(ib, size);
        Ok(ib)
    }

    /// 2.2.2.8 a block: its data, padding to 64 bytes, and its BLOCKTRAILER (2.2.2.8.1). Data
    /// blocks are not encoded (`NDB_CRYPT_NONE`). The BID.
    fn block(&mut self, data: &[u8], internal: bool) -> io::Result<u64> {
        assert!(
            !data.is_empty() && data.len() <= self.max_block(),
            "a block of {} bytes",
            data.len()
        );
        let bid = (self.next_block << 2) | if internal { 2 } else { 0 };
        self.next_block += 1;
        let total = round_up((data.len() + self.trailer_len()) as u64, 64);
        let ib = self.alloc(total, 64)?;
        let mut buf = Vec::with_capacity(total as usize);
        buf.extend_from_slice(data);
        buf.resize(total as usize - self.trailer_len(), 0);
        // BLOCKTRAILER: cb, wSig, then dwCRC and bid (Unicode) or bid and dwCRC (ANSI).
        buf.extend_from_slice(&(data.len() as u16).to_le_bytes());
        buf.extend_from_slice(&signature(ib, bid).to_le_bytes());
        if self.ansi {
            buf.extend_from_slice(&(bid as u32).to_le_bytes());
            buf.extend_from_slice(&crc(data).to_le_bytes());
        } else {
            buf.extend_from_slice(&crc(data).to_le_bytes());
            buf.extend_from_slice(&bid.to_le_bytes());
        }
        self.out.write_all(&buf)?;
        self.bbt.push((bid, ib, data.len() as u16));
        Ok(bid)
    }

    /// 2.2.2.8.3.2 data tree: one data block, or an XBLOCK of them, or an XXBLOCK of XBLOCKs.
    /// Each chunk is one data block (a heap's pages must stay one block each).
    fn tree(&mut self, chunks: &[Vec<u8>]) -> io::Result<u64> {
        assert!(!chunks.is_empty(), "a data tree of nothing");
        if chunks.len() == 1 {
            return self.block(&chunks[0], false);
        }
        let total: u64 = chunks.iter().map(|c| c.len() as u64).sum();
        let mut leaves = Vec::with_capacity(chunks.len());
        for c in chunks {
            leaves.push((self.block(c, false)?, c.len() as u64));
        }
        let per = (self.max_block() - 8) / self.id_len();
        if leaves.len() <= per {
            return self.xblock(1, &leaves, total);
        }
        let mut middle = vec![];
        for group in leaves.chunks(per) {
            let size: u64 = group.iter().map(|(_, n)| n).sum();
            middle.push((self.xblock(1, group, size)?, size));
        }
        if middle.len() > per {
            return Err(io::Error::other("data too large for an XXBLOCK"));
        }
        self.xblock(2, &middle, total)
    }

    /// 2.2.2.8.3.2.1 XBLOCK (level 1) / 2.2.2.8.3.2.2 XXBLOCK (level 2): btype 0x01, cLevel,
    /// cEnt, lcbTotal, rgbid.
    fn xblock(&mut self, level: u8, children: &[(u64, u64)], total: u64) -> io::Result<u64> {
        let mut b = vec![0x01, level];
        b.extend_from_slice(&(children.len() as u16).to_le_bytes());
        b.extend_from_slice(&(total as u32).to_le_bytes());
        for (bid, _) in children {
            self.put_id(&mut b, *bid);
        }
        self.block(&b, true)
    }

    /// Bytes as a data tree of full blocks.
    fn bytes(&mut self, data: &[u8]) -> io::Result<u64> {
        let chunks: Vec<Vec<u8>> = data.chunks(self.max_block()).map(<[u8]>::to_vec).collect();
        self.tree(&chunks)
    }

    /// 2.2.2.8.3.3 sub-node tree: an SLBLOCK, or an SIBLOCK of SLBLOCKs. 0 for none.
    fn subnodes(&mut self, mut entries: Vec<SubNode>) -> io::Result<u64> {
        if entries.is_empty() {
            return Ok(0);
        }
        entries.sort_by_key(|e| e.nid);
        let header = if self.ansi { 4 } else { 8 };
        let per = (self.max_block() - header) / (3 * self.id_len());
        if entries.len() <= per {
            return self.slblock(&entries);
        }
        let mut index = vec![];
        for chunk in entries.chunks(per) {
            index.push((chunk[0].nid, self.slblock(chunk)?));
        }
        let per_index = (self.max_block() - header) / (2 * self.id_len());
        if index.len() > per_index {
            return Err(io::Error::other("too many sub-nodes"));
        }
        // 2.2.2.8.3.3.2 SIBLOCK: btype 0x02, cLevel 1, cEnt, (dwPadding), SIENTRY { nid, bid }.
        let mut b = vec![0x02, 0x01];
        b.extend_from_slice(&(index.len() as u16).to_le_bytes());
        if !self.ansi {
            b.extend_from_slice(&[0; 4]);
        }
        for (nid, bid) in index {
            self.put_id(&mut b, u64::from(nid));
            self.put_id(&mut b, bid);
        }
        self.block(&b, true)
    }

    /// 2.2.2.8.3.3.1 SLBLOCK: btype 0x02, cLevel 0, cEnt, (dwPadding), SLENTRY { nid,
    /// bidData, bidSub }.
    fn slblock(&mut self, entries: &[SubNode]) -> io::Result<u64> {
        let mut b = vec![0x02, 0x00];
        b.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        if !self.ansi {
            b.extend_from_slice(&[0; 4]);
        }
        for e in entries {
            self.put_id(&mut b, u64::from(e.nid));
            self.put_id(&mut b, e.data);
            self.put_id(&mut b, e.sub);
        }
        self.block(&b, true)
    }

    fn node(&mut self, nid: u32, data: u64, sub: u64, parent: u32) {
        self.nbt.push(NbtEntry {
            nid,
            data,
            sub,
            parent,
        });
    }

    /// 2.2.2.7.7.1 BTPAGE: entries, cEnt, cEntMax, cbEnt, cLevel, (dwPadding), PAGETRAILER
    /// (2.2.2.7.1: ptype twice, wSig, dwCRC of the 496/500 bytes before it, bid). Its
    /// (BID, IB).
    fn btpage(
        &mut self,
        ptype: u8,
        level: u8,
        cb_ent: usize,
        entries: &[Vec<u8>],
    ) -> io::Result<(u64, u64)> {
        let area = if self.ansi { 496 } else { 488 };
        let bid = self.next_page;
        self.next_page += 1;
        let ib = self.alloc(PAGE, PAGE)?;
        let mut p = vec![0u8; PAGE as usize];
        for (i, e) in entries.iter().enumerate() {
            p[i * cb_ent..i * cb_ent + e.len()].copy_from_slice(e);
        }
        p[area] = entries.len() as u8;
        p[area + 1] = (area / cb_ent) as u8;
        p[area + 2] = cb_ent as u8;
        p[area + 3] = level;
        let body = if self.ansi { 500 } else { 496 };
        let c = crc(&p[..body]);
        let mut t = vec![ptype, ptype];
        t.extend_from_slice(&signature(ib, bid).to_le_bytes());
        if self.ansi {
            t.extend_from_slice(&(bid as u32).to_le_bytes());
            t.extend_from_slice(&c.to_le_bytes());
        } else {
            t.extend_from_slice(&c.to_le_bytes());
            t.extend_from_slice(&bid.to_le_bytes());
        }
        p[body..].copy_from_slice(&t);
        self.out.write_all(&p)?;
        Ok((bid, ib))
    }

    /// 2.2.2.7.7 a B-tree, bottom-up: full leaf pages, then index pages of BTENTRY (btkey,
    /// BREF) until one page is left. The root's BREF.
    fn btree(
        &mut self,
        ptype: u8,
        cb_ent: usize,
        entries: Vec<(u64, Vec<u8>)>,
    ) -> io::Result<(u64, u64)> {
        let area = if self.ansi { 496 } else { 488 };
        let mut level_items = vec![];
        for chunk in entries.chunks(area / cb_ent) {
            let bytes: Vec<Vec<u8>> = chunk.iter().map(|(_, e)| e.clone()).collect();
            let (bid, ib) = self.btpage(ptype, 0, cb_ent, &bytes)?;
            level_items.push((chunk[0].0, bid, ib));
        }
        let bt_len = 3 * self.id_len();
        let mut level = 0;
        while level_items.len() > 1 {
            level += 1;
            let mut next = vec![];
            for chunk in level_items.chunks(area / bt_len) {
                let bytes: Vec<Vec<u8>> = chunk
                    .iter()
                    .map(|(key, bid, ib)| {
                        let mut e = vec![];
                        self.put_id(&mut e, *key);
                        self.put_id(&mut e, *bid);
                        self.put_id(&mut e, *ib);
                        e
                    })
                    .collect();
                let (bid, ib) = self.btpage(ptype, level, bt_len, &bytes)?;
                next.push((chunk[0].0, bid, ib));
            }
            level_items = next;
        }
        Ok((level_items[0].1, level_items[0].2))
    }

    /// The B-trees, the allocation maps and the header.
    fn finish(mut self, rgnid: [u32; 32]) -> io::Result<()> {
        // 2.2.2.7.7.3 BBTENTRY: BREF (bid, ib), cb, cRef, (dwPadding).
        let mut bbt = std::mem::take(&mut self.bbt);
        bbt.sort_by_key(|e| e.0);
        let bbt_len = if self.ansi { 12 } else { 24 };
        let bbt_entries: Vec<(u64, Vec<u8>)> = bbt
            .iter()
            .map(|&(bid, ib, cb)| {
                let mut e = vec![];
                self.put_id(&mut e, bid);
                self.put_id(&mut e, ib);
                e.extend_from_slice(&cb.to_le_bytes());
                e.extend_from_slice(&1u16.to_le_bytes());
                e.resize(bbt_len, 0);
                (bid, e)
            })
            .collect();
        // 2.2.2.7.7.4 NBTENTRY: nid, bidData, bidSub, nidParent, (dwPadding).
        let mut nbt = std::mem::take(&mut self.nbt);
        nbt.sort_by_key(|e| e.nid);
        assert!(
            nbt.windows(2).all(|w| w[0].nid < w[1].nid),
            "two nodes with one NID"
        );
        let nbt_len = if self.ansi { 16 } else { 32 };
        let nbt_entries: Vec<(u64, Vec<u8>)> = nbt
            .iter()
            .map(|n| {
                let mut e = vec![];
                self.put_id(&mut e, u64::from(n.nid));
                self.put_id(&mut e, n.data);
                self.put_id(&mut e, n.sub);
                e.extend_from_slice(&n.parent.to_le_bytes());
                e.resize(nbt_len, 0);
                (u64::from(n.nid), e)
            })
            .collect();
        let bbt_root = self.btree(PTYPE_BBT, bbt_len, bbt_entries)?;
        let nbt_root = self.btree(PTYPE_NBT, nbt_len, nbt_entries)?;

        // The file ends with its last AMap's range, as Outlook's do.
        let amaps = (self.pos - AMAP_FIRST).div_ceil(AMAP_SPAN);
        let eof = AMAP_FIRST + amaps * AMAP_SPAN;
        self.pad(eof - self.pos)?;
        self.pos = eof;
        for i in 0..amaps {
            self.mark(AMAP_FIRST + i * AMAP_SPAN, PAGE * Self::reserved_pages(i));
        }
        self.used.resize((amaps * 496) as usize, 0);

        // 2.2.2.7.2 AMap pages, their free space and (2.2.2.7.5) the largest free run of each.
        let mut free_bytes = 0u64;
        let mut fmap = vec![];
        let mut pages: Vec<(u64, u8, Vec<u8>)> = vec![];
        for i in 0..amaps {
            let bits = self.used[(i * 496) as usize..((i + 1) * 496) as usize].to_vec();
            let (mut run, mut best) = (0u32, 0u32);
            for byte in &bits {
                for k in 0..8 {
                    if byte & (0x80 >> k) == 0 {
                        free_bytes += 64;
                        run += 1;
                        best = best.max(run);
                    } else {
                        run = 0;
                    }
                }
            }
            fmap.push(best.min(255) as u8);
            let start = AMAP_FIRST + i * AMAP_SPAN;
            pages.push((start, PTYPE_AMAP, bits));
            if i.is_multiple_of(8) {
                // 2.2.2.7.3 PMap (deprecated): every page marked allocated.
                pages.push((start + PAGE, PTYPE_PMAP, vec![0xFF; 496]));
            }
        }
        for i in 0..amaps {
            if i >= 128 && (i - 128).is_multiple_of(496) {
                let start = AMAP_FIRST + i * AMAP_SPAN;
                let mut bits: Vec<u8> = fmap.iter().skip(i as usize).take(496).copied().collect();
                bits.resize(496, 0);
                pages.push((start + 2 * PAGE, PTYPE_FMAP, bits));
            }
        }
        self.out.flush()?;
        for (ib, ptype, bits) in pages {
            // Map pages: (ANSI dwPadding), rgb bits, PAGETRAILER with wSig 0 and the IB as
            // its BID.
            let mut p = vec![];
            if self.ansi {
                p.extend_from_slice(&[0; 4]);
            }
            p.extend_from_slice(&bits);
            let c = crc(&p);
            p.extend_from_slice(&[ptype, ptype, 0, 0]);
            if self.ansi {
                p.extend_from_slice(&(ib as u32).to_le_bytes());
                p.extend_from_slice(&c.to_le_bytes());
            } else {
                p.extend_from_slice(&c.to_le_bytes());
                p.extend_from_slice(&ib.to_le_bytes());
            }
            self.out.seek(SeekFrom::Start(ib))?;
            self.out.write_all(&p)?;
        }

        // 2.2.2.5 ROOT.
        let ids = |v: &[u64]| {
            let mut b = vec![];
            for x in v {
                self.put_id(&mut b, *x);
            }
            b
        };
        let mut root = vec![0u8; 4]; // dwReserved
        root.extend(ids(&[
            eof,                                  // ibFileEof
            AMAP_FIRST + (amaps - 1) * AMAP_SPAN, // ibAMapLast
            free_bytes,                           // cbAMapFree
            0,                                    // cbPMapFree
            nbt_root.0,                           // BREFNBT
            nbt_root.1,
            bbt_root.0, // BREFBBT
            bbt_root.1,
        ]));
        root.extend_from_slice(&[0x02, 0, 0, 0]); // fAMapValid = VALID_AMAP2, bReserved, wReserved

        // 2.2.2.6 HEADER, from wMagicClient (the CRCs cover it from there).
        let mut h = vec![];
        h.extend_from_slice(b"SM"); // wMagicClient
        h.extend_from_slice(&(if self.ansi { 14u16 } else { 23u16 }).to_le_bytes()); // wVer
        h.extend_from_slice(&19u16.to_le_bytes()); // wVerClient
        h.extend_from_slice(&[0x01, 0x01]); // bPlatformCreate, bPlatformAccess
        h.extend_from_slice(&[0; 8]); // dwReserved1, dwReserved2
        let next_block = self.next_block << 2;
        if self.ansi {
            h.extend(ids(&[next_block, self.next_page])); // bidNextB, bidNextP
        } else {
            h.extend_from_slice(&[0; 8]); // bidUnused
            h.extend(ids(&[self.next_page])); // bidNextP
        }
        h.extend_from_slice(&1u32.to_le_bytes()); // dwUnique
        for n in rgnid {
            h.extend_from_slice(&n.to_le_bytes()); // rgnid
        }
        if !self.ansi {
            h.extend_from_slice(&[0; 8]); // qwUnused
        }
        h.extend_from_slice(&root);
        if !self.ansi {
            h.extend_from_slice(&[0; 4]); // dwAlign
        }
        let mut fm = [0u8; 128];
        for (f, v) in fm.iter_mut().zip(&fmap) {
            *f = *v;
        }
        h.extend_from_slice(&fm); // rgbFM
        h.extend_from_slice(&[0xFF; 128]); // rgbFP (deprecated)
        h.extend_from_slice(&[0x80, 0x00, 0, 0]); // bSentinel, bCryptMethod = NONE, rgbReserved
        if self.ansi {
            h.extend_from_slice(&[0; 12]); // ullReserved, dwReserved
            h.extend_from_slice(&[0; 36]); // rgbReserved2, bReserved, rgbReserved3
        } else {
            h.extend(ids(&[next_block])); // bidNextB
        }
        // dwCRCPartial covers 471 bytes from wMagicClient (into rgbReserved2 in ANSI files).
        let partial = crc(&h[..471]);
        let mut header = b"!BDN".to_vec(); // dwMagic
        header.extend_from_slice(&partial.to_le_bytes()); // dwCRCPartial
        header.extend_from_slice(&h);
        if !self.ansi {
            header.extend_from_slice(&crc(&h).to_le_bytes()); // dwCRCFull over 516 bytes
            header.extend_from_slice(&[0; 36]); // rgbReserved2, bReserved, rgbReserved3
        }
        debug_assert_eq!(header.len(), if self.ansi { 512 } else { 564 });
        self.out.seek(SeekFrom::Start(0))?;
        self.out.write_all(&header)?;
        self.out.flush()
    }
}

// ---------------------------------------------------------------------------------------------
// LTP layer (2.3): heap on node, BTree on heap, property and table contexts
// ---------------------------------------------------------------------------------------------

/// A property value as stored.
#[derive(Clone, Debug)]
enum Prop {
    Long(i32),
    Bool(bool),
    Time(i64),
    Str(String),
    Bin(Vec<u8>),
    /// 2.3.3.5 PtypObject: the sub-node's NID and its size.
    Object(u32, u32),
}

impl Prop {
    fn time(t: DateTime<Utc>) -> Prop {
        Prop::Time(filetime(t))
    }
}

/// One heap page: its bytes (header first, filled in at the end) and where each allocation
/// starts.
struct HeapPage {
    data: Vec<u8>,
    starts: Vec<usize>,
}

/// 2.3.1 HN (heap on node): allocations in pages of one block each. HIDs (2.3.1.1) are
/// (page << 16) | (1-based index << 5).
struct Heap {
    client: u8,
    max: usize,
    pages: Vec<HeapPage>,
    root: u32,
}

impl Heap {
    /// `client` is `bClientSig`: 0xBC (property context), 0x7C (table context).
    fn new(client: u8, ansi: bool) -> Heap {
        Heap {
            client,
            max: if ansi { 8180 } else { 8176 },
            pages: vec![],
            root: 0,
        }
    }

    /// HNHDR (12 bytes) on page 0, HNBITMAPHDR (66 bytes) on pages 8, 136, 264…, HNPAGEHDR (2
    /// bytes) on the others.
    fn header_len(page: usize) -> usize {
        if page == 0 {
            12
        } else if page % 128 == 8 {
            66
        } else {
            2
        }
    }

    /// 2.3.1.5 HNPAGEMAP: cAlloc, cFree, rgibAlloc[cAlloc + 1].
    fn map_len(items: usize) -> usize {
        4 + 2 * (items + 1)
    }

    fn alloc(&mut self, bytes: &[u8]) -> u32 {
        assert!(
            bytes.len() <= MAX_HEAP_ITEM,
            "a heap item of {}",
            bytes.len()
        );
        let fits = |p: &HeapPage| {
            (p.data.len() + bytes.len()).div_ceil(2) * 2 + Self::map_len(p.starts.len() + 1)
                <= self.max
                && p.starts.len() < 2047
        };
        if !self.pages.last().is_some_and(fits) {
            let i = self.pages.len();
            self.pages.push(HeapPage {
                data: vec![0; Self::header_len(i)],
                starts: vec![],
            });
        }
        let page = self.pages.len() - 1;
        let p = &mut self.pages[page];
        p.starts.push(p.data.len());
        p.data.extend_from_slice(bytes);
        ((page as u32) << 16) | ((p.starts.len() as u32) << 5)
    }

    /// Rewrites an allocation (same size): for records whose content is known later.
    fn set(&mut self, hid: u32, bytes: &[u8]) {
        let p = &mut self.pages[(hid >> 16) as usize];
        let start = p.starts[((hid >> 5) & 0x7FF) as usize - 1];
        p.data[start..start + bytes.len()].copy_from_slice(bytes);
    }

    /// 2.3.1.2 fill level of a page from its free bytes.
    fn fill_level(free: usize) -> u8 {
        const STEPS: [usize; 15] = [
            3584, 2560, 2048, 1792, 1536, 1280, 1024, 768, 512, 256, 128, 64, 32, 16, 8,
        ];
        STEPS
            .iter()
            .position(|&s| free >= s)
            .map_or(15, |i| i as u8)
    }

    /// The pages, each one block, with headers and page maps.
    fn into_pages(self) -> Vec<Vec<u8>> {
        let levels: Vec<u8> = self
            .pages
            .iter()
            .map(|p| {
                let used = p.data.len().div_ceil(2) * 2 + Self::map_len(p.starts.len());
                Self::fill_level(self.max - used)
            })
            .collect();
        let pack = |from: usize, count: usize| -> Vec<u8> {
            let mut b = vec![0u8; count / 2];
            for k in 0..count {
                let level = levels.get(from + k).copied().unwrap_or(0);
                b[k / 2] |= level << (4 * (k % 2));
            }
            b
        };
        let mut out = vec![];
        for (i, p) in self.pages.into_iter().enumerate() {
            let end = p.data.len();
            let mut d = p.data;
            if d.len() % 2 == 1 {
                d.push(0);
            }
            let ib_hnpm = d.len() as u16;
            let free = p
                .starts
                .iter()
                .zip(p.starts.iter().skip(1).chain([&end]))
                .filter(|(a, b)| a == b)
                .count();
            d.extend_from_slice(&(p.starts.len() as u16).to_le_bytes()); // cAlloc
            d.extend_from_slice(&(free as u16).to_le_bytes()); // cFree
            for s in &p.starts {
                d.extend_from_slice(&(*s as u16).to_le_bytes());
            }
            d.extend_from_slice(&(end as u16).to_le_bytes());
            d[..2].copy_from_slice(&ib_hnpm.to_le_bytes()); // ibHnpm
            if i == 0 {
                // HNHDR: ibHnpm, bSig 0xEC, bClientSig, hidUserRoot, rgbFillLevel (pages 0–7).
                d[2] = 0xEC;
                d[3] = self.client;
                d[4..8].copy_from_slice(&self.root.to_le_bytes());
                d[8..12].copy_from_slice(&pack(0, 8));
            } else if i % 128 == 8 {
                // HNBITMAPHDR: ibHnpm, rgbFillLevel of the 128 pages from this one.
                d[2..66].copy_from_slice(&pack(i, 128));
            }
            out.push(d);
        }
        out
    }
}

/// 2.3.2 BTH: fills the BTHHEADER allocated at `header` (bType 0xB5, cbKey, cbEnt,
/// bIdxLevels, hidRoot) for `records` (key, data) sorted by key: leaves of at most 3,580
/// bytes, then index levels (key, hid) until one node is left.
fn bth(heap: &mut Heap, header: u32, key: usize, ent: usize, records: &[(Vec<u8>, Vec<u8>)]) {
    let (root, levels) = if records.is_empty() {
        (0u32, 0u8)
    } else {
        let mut nodes: Vec<(Vec<u8>, u32)> = records
            .chunks(MAX_HEAP_ITEM / (key + ent))
            .map(|chunk| {
                let bytes: Vec<u8> = chunk
                    .iter()
                    .flat_map(|(k, d)| k.iter().chain(d).copied())
                    .collect();
                (chunk[0].0.clone(), heap.alloc(&bytes))
            })
            .collect();
        let mut levels = 0;
        while nodes.len() > 1 {
            levels += 1;
            nodes = nodes
                .chunks(MAX_HEAP_ITEM / (key + 4))
                .map(|chunk| {
                    let bytes: Vec<u8> = chunk
                        .iter()
                        .flat_map(|(k, hid)| k.iter().copied().chain(hid.to_le_bytes()))
                        .collect();
                    (chunk[0].0.clone(), heap.alloc(&bytes))
                })
                .collect();
        }
        (nodes[0].1, levels)
    };
    let mut h = vec![0xB5, key as u8, ent as u8, levels];
    h.extend_from_slice(&root.to_le_bytes());
    heap.set(header, &h);
}

/// The NIDs of one node's sub-nodes (and, for a message, of all those below it: `readpst`
/// looks sub-nodes up through the whole tree, so they are unique within a message).
struct Nids(u32);

impl Nids {
    fn next(&mut self, kind: u32) -> u32 {
        self.0 += 1;
        nid(kind, self.0)
    }
}

/// The writer of the messaging layer, over the node database.
struct Writer {
    ndb: Ndb,
    record_key: [u8; 16],
    /// Named properties met so far → their property id (0x8000 + index).
    named: BTreeMap<(PropertySet, u32), u16>,
    named_order: Vec<(PropertySet, u32)>,
    /// The next message NID index.
    next_message: u32,
    /// The largest folder NID index.
    max_folder: u32,
}

/// A column of a table context: property id and type.
type Column = (u16, u16);

/// A table row: its row id and its values.
type Row = (u32, Vec<(u16, Prop)>);

impl Writer {
    fn ansi(&self) -> bool {
        self.ndb.ansi
    }

    fn string_type(&self) -> u16 {
        if self.ansi() { PT_STRING8 } else { PT_UNICODE }
    }

    fn prop_type(&self, p: &Prop) -> u16 {
        match p {
            Prop::Long(_) => PT_LONG,
            Prop::Bool(_) => PT_BOOLEAN,
            Prop::Time(_) => PT_SYSTIME,
            Prop::Str(_) => self.string_type(),
            Prop::Bin(_) => PT_BINARY,
            Prop::Object(..) => PT_OBJECT,
        }
    }

    /// The stored bytes of a value that is not held in the record itself.
    fn value_bytes(&self, p: &Prop) -> Vec<u8> {
        match p {
            Prop::Time(v) => v.to_le_bytes().to_vec(),
            Prop::Str(s) if self.ansi() => cp1252(s),
            Prop::Str(s) => s.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            Prop::Bin(b) => b.clone(),
            Prop::Object(nid, size) => {
                let mut b = nid.to_le_bytes().to_vec();
                b.extend_from_slice(&size.to_le_bytes());
                b
            }
            Prop::Long(v) => v.to_le_bytes().to_vec(),
            Prop::Bool(v) => vec![u8::from(*v)],
        }
    }

    /// 2.3.3.2 HNID: the value in the heap, or in a sub-node (NID_TYPE_LTP) when larger than
    /// a heap allocation may be.
    fn hnid(
        &mut self,
        heap: &mut Heap,
        bytes: &[u8],
        subs: &mut Vec<SubNode>,
        nids: &mut Nids,
    ) -> io::Result<u32> {
        if bytes.len() <= MAX_HEAP_ITEM {
            return Ok(heap.alloc(bytes));
        }
        let nid = nids.next(NID_TYPE_LTP);
        let data = self.ndb.bytes(bytes)?;
        subs.push(SubNode { nid, data, sub: 0 });
        Ok(nid)
    }

    /// 2.3.3 PC: a BTH (key: property id; data: type and value or HNID) in a heap whose
    /// `bClientSig` is 0xBC. Empty strings are left out. The heap's pages.
    fn pc(
        &mut self,
        props: &BTreeMap<u16, Prop>,
        subs: &mut Vec<SubNode>,
        nids: &mut Nids,
    ) -> io::Result<Vec<Vec<u8>>> {
        let mut heap = Heap::new(0xBC, self.ansi());
        let header = heap.alloc(&[0; 8]);
        let mut records = vec![];
        for (id, p) in props {
            let value = match p {
                Prop::Str(s) if s.is_empty() => continue,
                Prop::Long(v) => *v as u32,
                Prop::Bool(v) => u32::from(*v),
                _ => {
                    let bytes = self.value_bytes(p);
                    self.hnid(&mut heap, &bytes, subs, nids)?
                }
            };
            // 2.3.3.3 PC BTH record: wPropId | wPropType, dwValueHnid.
            let mut data = self.prop_type(p).to_le_bytes().to_vec();
            data.extend_from_slice(&value.to_le_bytes());
            records.push((id.to_le_bytes().to_vec(), data));
        }
        bth(&mut heap, header, 2, 6, &records);
        heap.root = header;
        Ok(heap.into_pages())
    }

    /// 2.3.4 TC: TCINFO, the row index (a BTH of dwRowID → row number), the cells' variable
    /// values, and the row matrix — in the heap if it fits in one allocation, else in a
    /// sub-node of whole rows per block. The columns `0x67F2` (row id) and `0x67F3` (row
    /// version) come first, at offsets 0 and 4. The heap's pages.
    fn tc(
        &mut self,
        columns: &[Column],
        rows: &[Row],
        subs: &mut Vec<SubNode>,
        nids: &mut Nids,
    ) -> io::Result<Vec<Vec<u8>>> {
        let width = |ty: u16| match ty {
            PT_I8 | PT_SYSTIME => 8usize,
            PT_SHORT => 2,
            PT_BOOLEAN => 1,
            _ => 4,
        };
        // Layout (2.3.4.4.1): 8- and 4-byte cells, then 2-byte, then 1-byte, then the cell
        // existence bitmap (rgCEB); iBit follows the layout order.
        let mut layout: Vec<Column> = vec![(0x67F2, PT_LONG), (0x67F3, PT_LONG)];
        for w in [8, 4, 2, 1] {
            layout.extend(columns.iter().filter(|c| width(c.1) == w));
        }
        let mut offsets = vec![];
        let mut end = [0usize; 3]; // TCI_4b, TCI_2b, TCI_1b
        let mut at = 0;
        for c in &layout {
            offsets.push(at);
            at += width(c.1);
            match width(c.1) {
                8 | 4 => end = [at; 3],
                2 => end[1..].fill(at),
                _ => end[2] = at,
            }
        }
        let ceb = layout.len().div_ceil(8);
        let row_len = end[2] + ceb; // TCI_bm

        let mut heap = Heap::new(0x7C, self.ansi());
        let info = heap.alloc(&vec![0; 22 + 8 * layout.len()]);
        // 2.3.4.3 TCROWID: dwRowID → dwRowIndex (4 bytes; 2 in ANSI files).
        let index_len = if self.ansi() { 2 } else { 4 };
        if self.ansi() && rows.len() > usize::from(u16::MAX) {
            return Err(io::Error::other("an ANSI table holds at most 65,535 rows"));
        }
        let mut index: Vec<(Vec<u8>, Vec<u8>)> = rows
            .iter()
            .enumerate()
            .map(|(i, (id, _))| {
                (
                    id.to_le_bytes().to_vec(),
                    (i as u32).to_le_bytes()[..index_len].to_vec(),
                )
            })
            .collect();
        index.sort_by_key(|(k, _)| u32::from_le_bytes([k[0], k[1], k[2], k[3]]));
        let row_index = heap.alloc(&[0; 8]);
        bth(&mut heap, row_index, 4, index_len, &index);

        let mut matrix = Vec::with_capacity(rows.len() * row_len);
        for (id, values) in rows {
            let mut row = vec![0u8; row_len];
            row[..4].copy_from_slice(&id.to_le_bytes());
            row[end[2]] |= 0xC0; // 0x67F2 and 0x67F3 exist
            for (pid, p) in values {
                let Some(col) = layout.iter().position(|c| c.0 == *pid) else {
                    continue;
                };
                let at = offsets[col];
                let cell: Vec<u8> = match p {
                    Prop::Str(s) if s.is_empty() => continue,
                    Prop::Long(v) => v.to_le_bytes().to_vec(),
                    Prop::Bool(v) => vec![u8::from(*v)],
                    Prop::Time(v) => v.to_le_bytes().to_vec(),
                    _ => {
                        let bytes = self.value_bytes(p);
                        self.hnid(&mut heap, &bytes, subs, nids)?
                            .to_le_bytes()
                            .to_vec()
                    }
                };
                row[at..at + cell.len()].copy_from_slice(&cell);
                row[end[2] + col / 8] |= 0x80 >> (col % 8);
            }
            matrix.extend_from_slice(&row);
        }
        let rows_hnid = if matrix.is_empty() {
            0
        } else if matrix.len() <= MAX_HEAP_ITEM {
            heap.alloc(&matrix)
        } else {
            // 2.3.4.4: a row never spans blocks.
            let per_block = self.ndb.max_block() / row_len * row_len;
            let chunks: Vec<Vec<u8>> = matrix.chunks(per_block).map(<[u8]>::to_vec).collect();
            let nid = nids.next(NID_TYPE_LTP);
            let data = self.ndb.tree(&chunks)?;
            subs.push(SubNode { nid, data, sub: 0 });
            nid
        };

        // 2.3.4.1 TCINFO: bType 0x7C, cCols, rgib, hidRowIndex, hnidRows, hidIndex (0), then
        // 2.3.4.2 TCOLDESC { tag, ibData, cbData, iBit } sorted by tag.
        let mut t = vec![0x7C, layout.len() as u8];
        for e in [end[0], end[1], end[2], row_len] {
            t.extend_from_slice(&(e as u16).to_le_bytes());
        }
        t.extend_from_slice(&row_index.to_le_bytes());
        t.extend_from_slice(&rows_hnid.to_le_bytes());
        t.extend_from_slice(&[0; 4]);
        let mut descs: Vec<(u32, usize)> = layout
            .iter()
            .enumerate()
            .map(|(i, c)| ((u32::from(c.0) << 16) | u32::from(c.1), i))
            .collect();
        descs.sort();
        for (tag, i) in descs {
            t.extend_from_slice(&tag.to_le_bytes());
            t.extend_from_slice(&(offsets[i] as u16).to_le_bytes());
            t.push(width(layout[i].1) as u8);
            t.push(i as u8);
        }
        heap.set(info, &t);
        heap.root = info;
        Ok(heap.into_pages())
    }

    /// A node of the NBT from a heap and its sub-nodes.
    fn top_node(
        &mut self,
        nid: u32,
        parent: u32,
        pages: Vec<Vec<u8>>,
        subs: Vec<SubNode>,
    ) -> io::Result<()> {
        let data = self.ndb.tree(&pages)?;
        let sub = self.ndb.subnodes(subs)?;
        self.ndb.node(nid, data, sub, parent);
        Ok(())
    }

    /// A sub-node from a heap and its own sub-nodes.
    fn sub_node(
        &mut self,
        nid: u32,
        pages: Vec<Vec<u8>>,
        subs: Vec<SubNode>,
    ) -> io::Result<SubNode> {
        let data = self.ndb.tree(&pages)?;
        let sub = self.ndb.subnodes(subs)?;
        Ok(SubNode { nid, data, sub })
    }

    /// An EntryID (2.4.3, Message Store): rgbFlags (0), the store's record key, the NID.
    fn entry_id(&self, nid: u32) -> Vec<u8> {
        let mut e = vec![0u8; 4];
        e.extend_from_slice(&self.record_key);
        e.extend_from_slice(&nid.to_le_bytes());
        e
    }

    fn named_id(&mut self, set: PropertySet, lid: u32) -> u16 {
        if let Some(id) = self.named.get(&(set, lid)) {
            return *id;
        }
        let id = 0x8000 + self.named_order.len() as u16;
        self.named.insert((set, lid), id);
        self.named_order.push((set, lid));
        id
    }

    // ---- messaging layer (2.4) ----

    fn mailbox(&mut self, m: &Mailbox) -> io::Result<()> {
        // Folder NIDs: the IPM subtree, Deleted Items, then the folders depth first.
        let mut next_folder = 0x400;
        let mut folder_nid = || {
            next_folder += 1;
            nid(NID_TYPE_NORMAL_FOLDER, next_folder)
        };
        let ipm = folder_nid();
        let wastebasket = folder_nid();
        fn plan<'a>(f: &'a Folder, alloc: &mut dyn FnMut() -> u32) -> Plan<'a> {
            let nid = alloc();
            Plan {
                nid,
                name: Some(f.name.clone()),
                class: Some(container_class(&f.messages)),
                messages: &f.messages,
                children: f.subfolders.iter().map(|s| plan(s, alloc)).collect(),
            }
        }
        let mut top = vec![Plan {
            nid: wastebasket,
            name: Some("Deleted Items".into()),
            class: Some("IPF.Note"),
            messages: &m.deleted_items,
            children: vec![],
        }];
        top.extend(m.folders.iter().map(|f| plan(f, &mut folder_nid)));
        let root = Plan {
            nid: NID_ROOT_FOLDER,
            name: None,
            class: None,
            messages: &[],
            children: vec![Plan {
                nid: ipm,
                name: Some("Top of Personal Folders".into()),
                class: None,
                messages: &[],
                children: top,
            }],
        };
        let max_folder = next_folder;
        self.folder(&root, NID_ROOT_FOLDER)?;

        // 2.4.3 Message Store.
        let mut props = BTreeMap::new();
        props.insert(0x0FF9, Prop::Bin(self.record_key.to_vec())); // PidTagRecordKey
        props.insert(0x3001, Prop::Str(m.display_name.clone())); // PidTagDisplayName
        // PidTagStoreSupportMask: ENTRYID_UNIQUE, ATTACH, MODIFY, CREATE, SEARCH, RTF, HTML
        // (and UNICODE in Unicode files).
        let mask = 0x1 | 0x20 | 0x8 | 0x10 | 0x4 | 0x800 | 0x1_0000;
        let mask = if self.ansi() { mask } else { mask | 0x4_0000 };
        props.insert(0x340D, Prop::Long(mask));
        props.insert(0x35DF, Prop::Long(0x1 | 0x8)); // PidTagValidFolderMask: IPM subtree, wastebasket
        props.insert(0x35E0, Prop::Bin(self.entry_id(ipm))); // PidTagIpmSubTreeEntryId
        props.insert(0x35E3, Prop::Bin(self.entry_id(wastebasket))); // PidTagIpmWastebasketEntryId
        let pages = self.pc(&props, &mut vec![], &mut Nids(0x400))?;
        self.top_node(NID_MESSAGE_STORE, 0, pages, vec![])?;

        self.name_to_id_map()?;
        self.templates()?;

        self.max_folder = max_folder;
        Ok(())
    }

    /// A folder (2.4.4): its messages, its contents, associated contents and hierarchy
    /// tables, its property context, then its subfolders.
    fn folder(&mut self, f: &Plan, parent: u32) -> io::Result<()> {
        let st = self.string_type();
        let index = f.nid >> 5;
        let mut rows = vec![];
        for m in f.messages {
            let nid = nid(NID_TYPE_NORMAL_MESSAGE, self.next_message);
            self.next_message += 1;
            let mut nids = Nids(0x400);
            let (pages, subs, props) = self.message(m, &mut nids)?;
            self.top_node(nid, f.nid, pages, subs)?;
            let values = contents_columns(st)
                .iter()
                .filter_map(|(id, _)| Some((*id, props.get(id)?.clone())))
                .collect();
            rows.push((nid, values));
        }

        // Contents table (2.4.4.5): a row per message.
        let (mut subs, mut nids) = (vec![], Nids(0x400));
        let pages = self.tc(&contents_columns(st), &rows, &mut subs, &mut nids)?;
        self.top_node(nid(NID_TYPE_CONTENTS_TABLE, index), 0, pages, subs)?;
        // FAI contents table (2.4.4.6): no folder-associated items.
        let (mut subs, mut nids) = (vec![], Nids(0x400));
        let pages = self.tc(&assoc_columns(st), &[], &mut subs, &mut nids)?;
        self.top_node(nid(NID_TYPE_ASSOC_CONTENTS_TABLE, index), 0, pages, subs)?;
        // Hierarchy table (2.4.4.4): a row per subfolder.
        let rows: Vec<Row> = f
            .children
            .iter()
            .map(|c| (c.nid, folder_props(c).into_iter().collect()))
            .collect();
        let (mut subs, mut nids) = (vec![], Nids(0x400));
        let pages = self.tc(&hierarchy_columns(st), &rows, &mut subs, &mut nids)?;
        self.top_node(nid(NID_TYPE_HIERARCHY_TABLE, index), 0, pages, subs)?;
        // The folder's property context.
        let (mut subs, mut nids) = (vec![], Nids(0x400));
        let pages = self.pc(&folder_props(f), &mut subs, &mut nids)?;
        self.top_node(f.nid, parent, pages, subs)?;

        for c in &f.children {
            self.folder(c, f.nid)?;
        }
        Ok(())
    }

    /// A message object (2.4.5): its recipient table (0x692), its attachment objects and
    /// attachment table (0x671), its property context. The heap's pages, its sub-nodes and its
    /// properties.
    #[allow(clippy::type_complexity)]
    fn message(
        &mut self,
        m: &Message,
        nids: &mut Nids,
    ) -> io::Result<(Vec<Vec<u8>>, Vec<SubNode>, BTreeMap<u16, Prop>)> {
        let st = self.string_type();
        let mut subs = vec![];

        // Recipient table: a row per recipient.
        let recipients: Vec<Row> = [(1, &m.to), (2, &m.cc), (3, &m.bcc)]
            .into_iter()
            .flat_map(|(kind, list)| list.iter().map(move |r| (kind, r)))
            .enumerate()
            .map(|(i, (kind, (name, email)))| {
                let shown = if name.is_empty() { email } else { name };
                let values = vec![
                    (0x0C15, Prop::Long(kind)),         // PidTagRecipientType
                    (0x0E0F, Prop::Bool(false)),        // PidTagResponsibility
                    (0x0FFE, Prop::Long(6)),            // PidTagObjectType: MAPI_MAILUSER
                    (0x3001, Prop::Str(shown.clone())), // PidTagDisplayName
                    (0x3002, Prop::Str("SMTP".into())), // PidTagAddressType
                    (0x3003, Prop::Str(email.clone())), // PidTagEmailAddress
                    (0x3900, Prop::Long(0)),            // PidTagDisplayType: DT_MAILUSER
                    (0x39FE, Prop::Str(email.clone())), // PidTagSmtpAddress
                    (0x39FF, Prop::Str(shown.clone())), // PidTagSevenBitDisplayName
                    (0x3A40, Prop::Bool(false)),        // PidTagSendRichInfo
                ];
                (i as u32, values)
            })
            .collect();
        if !recipients.is_empty() {
            let mut table_subs = vec![];
            let pages = self.tc(&recipient_columns(st), &recipients, &mut table_subs, nids)?;
            subs.push(self.sub_node(NID_RECIPIENT_TABLE, pages, table_subs)?);
        }

        // 2.4.6 attachment objects, each a sub-node with its own sub-nodes (large data, the
        // attached message), and the attachment table: a row per attachment.
        let mut attachment_rows = vec![];
        for a in &m.attachments {
            let anid = nids.next(NID_TYPE_ATTACHMENT);
            let mut asubs = vec![];
            let mut props = BTreeMap::new();
            match a {
                Attachment::File { name, mime, bytes } => {
                    props.insert(0x0E20, Prop::Long(bytes.len() as i32)); // PidTagAttachSize
                    props.insert(0x3001, Prop::Str(name.clone())); // PidTagDisplayName
                    props.insert(0x3701, Prop::Bin(bytes.clone())); // PidTagAttachDataBinary
                    if let Some((_, ext)) = name.rsplit_once('.') {
                        props.insert(0x3703, Prop::Str(format!(".{ext}"))); // PidTagAttachExtension
                    }
                    props.insert(0x3704, Prop::Str(name.clone())); // PidTagAttachFilename
                    props.insert(0x3705, Prop::Long(1)); // PidTagAttachMethod: afByValue
                    props.insert(0x3707, Prop::Str(name.clone())); // PidTagAttachLongFilename
                    props.insert(0x370E, Prop::Str(mime.clone())); // PidTagAttachMimeTag
                }
                Attachment::Message(inner) => {
                    // The attached message is a sub-node of the attachment (2.4.6.2); its
                    // NID is in PidTagAttachDataObject.
                    let mnid = nids.next(NID_TYPE_NORMAL_MESSAGE);
                    let (pages, msubs, _) = self.message(inner, nids)?;
                    let size: usize = pages.iter().map(Vec::len).sum();
                    asubs.push(self.sub_node(mnid, pages, msubs)?);
                    props.insert(0x0E20, Prop::Long(size as i32));
                    props.insert(0x3001, Prop::Str(inner.subject.clone()));
                    props.insert(0x3701, Prop::Object(mnid, size as u32)); // PidTagAttachDataObject
                    props.insert(0x3705, Prop::Long(5)); // PidTagAttachMethod: afEmbeddedMessage
                }
            }
            props.insert(0x370B, Prop::Long(-1)); // PidTagRenderingPosition
            props.insert(0x7FFE, Prop::Bool(false)); // PidTagAttachmentHidden
            let row = attachment_columns(st)
                .iter()
                .filter_map(|(id, _)| Some((*id, props.get(id)?.clone())))
                .collect();
            attachment_rows.push((anid, row));
            let pages = self.pc(&props, &mut asubs, nids)?;
            subs.push(self.sub_node(anid, pages, asubs)?);
        }
        if !attachment_rows.is_empty() {
            let mut table_subs = vec![];
            let pages = self.tc(
                &attachment_columns(st),
                &attachment_rows,
                &mut table_subs,
                nids,
            )?;
            subs.push(self.sub_node(NID_ATTACHMENT_TABLE, pages, table_subs)?);
        }

        let props = self.message_props(m);
        let pages = self.pc(&props, &mut subs, nids)?;
        Ok((pages, subs, props))
    }

    /// A message's properties (2.4.5).
    fn message_props(&mut self, m: &Message) -> BTreeMap<u16, Prop> {
        let mut p = BTreeMap::new();
        let text = |s: &str| Prop::Str(s.to_string());
        p.insert(0x001A, text(&m.class)); // PidTagMessageClass
        p.insert(0x0017, Prop::Long(1)); // PidTagImportance: normal
        p.insert(0x0036, Prop::Long(0)); // PidTagSensitivity: normal
        if !m.subject.is_empty() {
            p.insert(0x0037, text(&m.subject)); // PidTagSubject
            let normalized = ["RE: ", "Re: ", "FW: ", "Fw: ", "FWD: ", "Fwd: "]
                .iter()
                .find_map(|pre| m.subject.strip_prefix(pre))
                .unwrap_or(&m.subject);
            p.insert(0x0E1D, text(normalized)); // PidTagNormalizedSubject
        }
        if let Some(t) = &m.conversation_topic {
            p.insert(0x0070, text(t)); // PidTagConversationTopic
        }
        if let Some(i) = &m.conversation_index {
            p.insert(0x0071, Prop::Bin(i.clone())); // PidTagConversationIndex
        }
        if let Some(t) = m.sent {
            p.insert(0x0039, Prop::time(t)); // PidTagClientSubmitTime
        }
        if let Some(t) = m.received {
            p.insert(0x0E06, Prop::time(t)); // PidTagMessageDeliveryTime
        }
        if let Some(t) = m.received.or(m.sent) {
            p.insert(0x3007, Prop::time(t)); // PidTagCreationTime
            p.insert(0x3008, Prop::time(t)); // PidTagLastModificationTime
        }
        if !m.from_name.is_empty() {
            p.insert(0x0042, text(&m.from_name)); // PidTagSentRepresentingName
            p.insert(0x0C1A, text(&m.from_name)); // PidTagSenderName
        }
        if !m.from_email.is_empty() {
            p.insert(0x0064, text("SMTP")); // PidTagSentRepresentingAddressType
            p.insert(0x0065, text(&m.from_email)); // PidTagSentRepresentingEmailAddress
            p.insert(0x0C1E, text("SMTP")); // PidTagSenderAddressType
            p.insert(0x0C1F, text(&m.from_email)); // PidTagSenderEmailAddress
            p.insert(0x5D01, text(&m.from_email)); // PidTagSenderSmtpAddress
            p.insert(0x5D02, text(&m.from_email)); // PidTagSentRepresentingSmtpAddress
        }
        for (id, list) in [(0x0E04, &m.to), (0x0E03, &m.cc), (0x0E02, &m.bcc)] {
            let shown: Vec<&str> = list
                .iter()
                .map(|(n, e)| if n.is_empty() { e.as_str() } else { n.as_str() })
                .collect();
            if !shown.is_empty() {
                p.insert(id, text(&shown.join("; "))); // PidTagDisplayTo / Cc / Bcc
            }
        }
        for (id, v) in [
            (0x1035, &m.message_id),        // PidTagInternetMessageId
            (0x1042, &m.in_reply_to),       // PidTagInReplyToId
            (0x1039, &m.references),        // PidTagInternetReferences
            (0x007D, &m.transport_headers), // PidTagTransportMessageHeaders
            (0x1000, &m.body),              // PidTagBody
        ] {
            if let Some(v) = v {
                p.insert(id, text(v));
            }
        }
        // The code page of the 8-bit strings and of the HTML: 1252 in ANSI files, UTF-8 in
        // Unicode files (whose strings are UTF-16).
        let code_page = if self.ansi() { 1252 } else { 65001 };
        if let Some(h) = &m.html {
            let bytes = if self.ansi() {
                cp1252(h)
            } else {
                h.as_bytes().to_vec()
            };
            p.insert(0x1013, Prop::Bin(bytes)); // PidTagHtml
            p.insert(0x3FDE, Prop::Long(code_page)); // PidTagInternetCodepage
        }
        p.insert(0x3FFD, Prop::Long(code_page)); // PidTagMessageCodepage
        let has_attachments = !m.attachments.is_empty();
        // PidTagMessageFlags: mfRead, mfHasAttach.
        p.insert(
            0x0E07,
            Prop::Long(1 | if has_attachments { 0x10 } else { 0 }),
        );
        p.insert(0x0E1B, Prop::Bool(has_attachments)); // PidTagHasAttachments
        p.insert(0x0E17, Prop::Long(0)); // PidTagMessageStatus
        for (id, v) in &m.extra {
            p.insert(*id, text(v));
        }
        for (set, lid, v) in &m.named {
            let id = self.named_id(*set, *lid);
            let value = match v {
                Value::Text(s) => text(s),
                Value::Time(t) => Prop::time(*t),
                Value::Int(i) => Prop::Long(*i),
                Value::Bool(b) => Prop::Bool(*b),
            };
            p.insert(id, value);
        }
        let size: usize = p
            .values()
            .map(|v| self.value_bytes(v).len() + 8)
            .sum::<usize>()
            + m.attachments
                .iter()
                .map(|a| match a {
                    Attachment::File { bytes, .. } => bytes.len() + 200,
                    Attachment::Message(_) => 1000,
                })
                .sum::<usize>();
        p.insert(0x0E08, Prop::Long(size as i32)); // PidTagMessageSize
        p
    }

    /// 2.4.7 the name-to-id map (NID 0x61): the GUID stream, the entry stream (NAMEID
    /// records: dwPropertyID, wGuid = GUID index << 1 for a numbered name, wPropIdx), and the
    /// hash buckets of the names used.
    fn name_to_id_map(&mut self) -> io::Result<()> {
        // libpst reads all but the last entry of the stream: a spare one that no item uses.
        let mut order = self.named_order.clone();
        let spare = (0x8501..)
            .map(|lid| (PropertySet::Common, lid))
            .find(|n| !order.contains(n))
            .expect("a spare name");
        order.push(spare);
        let mut sets: Vec<PropertySet> = vec![];
        for (set, _) in &order {
            if !sets.contains(set) {
                sets.push(*set);
            }
        }
        let guids: Vec<u8> = sets.iter().flat_map(|s| s.guid()).collect();
        const BUCKETS: u32 = 251;
        let mut entries = vec![];
        let mut buckets: BTreeMap<u32, Vec<u8>> = BTreeMap::new();
        for (i, (set, lid)) in order.iter().enumerate() {
            let guid_index = 3 + sets.iter().position(|s| s == set).expect("listed") as u16;
            let w_guid = guid_index << 1;
            let mut e = lid.to_le_bytes().to_vec();
            e.extend_from_slice(&w_guid.to_le_bytes());
            e.extend_from_slice(&(i as u16).to_le_bytes());
            buckets
                .entry((lid ^ u32::from(w_guid)) % BUCKETS)
                .or_default()
                .extend_from_slice(&e);
            entries.extend_from_slice(&e);
        }
        let mut props = BTreeMap::new();
        props.insert(0x0001, Prop::Long(BUCKETS as i32)); // PidTagNameidBucketCount
        props.insert(0x0002, Prop::Bin(guids)); // PidTagNameidStreamGuid
        props.insert(0x0003, Prop::Bin(entries)); // PidTagNameidStreamEntry
        for (b, bytes) in buckets {
            props.insert(0x1000 + b as u16, Prop::Bin(bytes)); // PidTagNameidBucketBase + b
        }
        let (mut subs, mut nids) = (vec![], Nids(0x400));
        let pages = self.pc(&props, &mut subs, &mut nids)?;
        self.top_node(NID_NAME_TO_ID_MAP, 0, pages, subs)
    }

    /// The table templates Outlook copies for new folders and messages (MS-PST's "Hierarchy
    /// / Contents / FAI Contents / Attachment / Recipient Table Template" sections): the same
    /// columns, no rows.
    fn templates(&mut self) -> io::Result<()> {
        let st = self.string_type();
        for (nid, columns) in [
            (NID_HIERARCHY_TABLE_TEMPLATE, hierarchy_columns(st)),
            (NID_CONTENTS_TABLE_TEMPLATE, contents_columns(st)),
            (NID_ASSOC_CONTENTS_TABLE_TEMPLATE, assoc_columns(st)),
            (NID_ATTACHMENT_TABLE, attachment_columns(st)),
            (NID_RECIPIENT_TABLE, recipient_columns(st)),
        ] {
            let (mut subs, mut nids) = (vec![], Nids(0x400));
            let pages = self.tc(&columns, &[], &mut subs, &mut nids)?;
            self.top_node(nid, 0, pages, subs)?;
        }
        Ok(())
    }

    fn finish(self) -> io::Result<()> {
        // 2.2.2.6 rgnid: the next free index of each NID type.
        let mut rgnid = [0x400u32; 32];
        rgnid[0x03] = 0x4000;
        rgnid[NID_TYPE_NORMAL_FOLDER as usize] = self.max_folder + 1;
        rgnid[NID_TYPE_NORMAL_MESSAGE as usize] = self.next_message;
        rgnid[0x08] = 0x8000;
        self.ndb.finish(rgnid)
    }
}

/// A folder to write: its NID, name, container class, items and subfolders.
struct Plan<'a> {
    nid: u32,
    name: Option<String>,
    class: Option<&'static str>,
    messages: &'a [Message],
    children: Vec<Plan<'a>>,
}

/// `PidTagContainerClass` from the folder's first item.
fn container_class(messages: &[Message]) -> &'static str {
    let class = messages
        .first()
        .map(|m| m.class.to_ascii_lowercase())
        .unwrap_or_default();
    if class.starts_with("ipm.appointment") {
        "IPF.Appointment"
    } else if class.starts_with("ipm.contact") || class.starts_with("ipm.distlist") {
        "IPF.Contact"
    } else if class.starts_with("ipm.task") {
        "IPF.Task"
    } else if class.starts_with("ipm.stickynote") {
        "IPF.StickyNote"
    } else {
        "IPF.Note"
    }
}

/// A folder's properties (2.4.4), also its row in its parent's hierarchy table.
fn folder_props(f: &Plan) -> BTreeMap<u16, Prop> {
    let mut p = BTreeMap::new();
    if let Some(n) = &f.name {
        p.insert(0x3001, Prop::Str(n.clone())); // PidTagDisplayName
    }
    p.insert(0x3602, Prop::Long(f.messages.len() as i32)); // PidTagContentCount
    p.insert(0x3603, Prop::Long(0)); // PidTagContentUnreadCount
    p.insert(0x360A, Prop::Bool(!f.children.is_empty())); // PidTagSubfolders
    if let Some(c) = f.class {
        p.insert(0x3613, Prop::Str(c.into())); // PidTagContainerClass
    }
    p
}

/// The hierarchy table's columns (Hierarchy Table Template, 2.4.4.4.1).
fn hierarchy_columns(st: u16) -> Vec<Column> {
    vec![
        (0x3001, st),
        (0x3602, PT_LONG),
        (0x3603, PT_LONG),
        (0x360A, PT_BOOLEAN),
        (0x3613, st),
    ]
}

/// The contents table's columns: the main ones of the Contents Table Template (2.4.4.5.1).
fn contents_columns(st: u16) -> Vec<Column> {
    vec![
        (0x0017, PT_LONG),    // PidTagImportance
        (0x001A, st),         // PidTagMessageClass
        (0x0036, PT_LONG),    // PidTagSensitivity
        (0x0037, st),         // PidTagSubject
        (0x0039, PT_SYSTIME), // PidTagClientSubmitTime
        (0x0042, st),         // PidTagSentRepresentingName
        (0x0070, st),         // PidTagConversationTopic
        (0x0071, PT_BINARY),  // PidTagConversationIndex
        (0x0E03, st),         // PidTagDisplayCc
        (0x0E04, st),         // PidTagDisplayTo
        (0x0E06, PT_SYSTIME), // PidTagMessageDeliveryTime
        (0x0E07, PT_LONG),    // PidTagMessageFlags
        (0x0E08, PT_LONG),    // PidTagMessageSize
        (0x0E17, PT_LONG),    // PidTagMessageStatus
        (0x3008, PT_SYSTIME), // PidTagLastModificationTime
    ]
}

/// The FAI contents table's columns (FAI Contents Table Template).
fn assoc_columns(st: u16) -> Vec<Column> {
    vec![(0x001A, st), (0x0E07, PT_LONG), (0x3008, PT_SYSTIME)]
}

/// The recipient table's columns (Recipient Table Template).
fn recipient_columns(st: u16) -> Vec<Column> {
    vec![
        (0x0C15, PT_LONG),
        (0x0E0F, PT_BOOLEAN),
        (0x0FFE, PT_LONG),
        (0x3001, st),
        (0x3002, st),
        (0x3003, st),
        (0x3900, PT_LONG),
        (0x39FE, st),
        (0x39FF, st),
        (0x3A40, PT_BOOLEAN),
    ]
}

/// The attachment table's columns (Attachment Table Template).
fn attachment_columns(st: u16) -> Vec<Column> {
    vec![
        (0x0E20, PT_LONG), // PidTagAttachSize
        (0x3704, st),      // PidTagAttachFilename
        (0x3705, PT_LONG), // PidTagAttachMethod
        (0x370B, PT_LONG), // PidTagRenderingPosition
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_and_signature_are_ms_psts() {
        // The header CRCs of a real Unicode PST (java-libpst's fixture).
        let pst = std::fs::read(crate::pst("dist-list.pst")).unwrap();
        let partial = u32::from_le_bytes(pst[4..8].try_into().unwrap());
        assert_eq!(crc(&pst[8..8 + 471]), partial);
        let full = u32::from_le_bytes(pst[524..528].try_into().unwrap());
        assert_eq!(crc(&pst[8..524]), full);
        assert_eq!(signature(0x0001_0000, 0), 1);
        assert_eq!(signature(0x0001_0001, 0x0001_0001), 0);
    }

    #[test]
    fn code_page_1252_and_filetimes() {
        assert_eq!(cp1252("a€é☃"), b"a\x80\xE9?");
        let t = DateTime::from_timestamp(0, 0).unwrap();
        assert_eq!(filetime(t), 116_444_736_000_000_000);
    }
}
