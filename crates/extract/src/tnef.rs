//! TNEF (`winmail.dat`, `application/ms-tnef`): how Outlook wraps a message's attachments and
//! formatted body for mail readers that are not Outlook ([MS-OXTNEF]). Read into its real
//! attachments (with their long file names) and its body (plain text, else the HTML body's
//! text), so that they become records of their own.

use crate::{Attachment, Extracted, Failure};

/// The first four bytes of every TNEF stream.
pub(crate) const SIGNATURE: [u8; 4] = [0x78, 0x9F, 0x3E, 0x22];

const LVL_ATTACHMENT: u8 = 2;
// Attribute ids (the low word; the high word is the type).
const ATT_SUBJECT: u16 = 0x8004;
const ATT_BODY: u16 = 0x800C;
const ATT_ATTACH_DATA: u16 = 0x800F;
const ATT_ATTACH_TITLE: u16 = 0x8010;
const ATT_MSG_PROPS: u16 = 0x9003;
const ATT_ATTACH_REND_DATA: u16 = 0x9002;
const ATT_ATTACHMENT: u16 = 0x9005;
// MAPI property ids.
const PR_BODY: u16 = 0x1000;
const PR_BODY_HTML: u16 = 0x1013;
const PR_ATTACH_LONG_FILENAME: u16 = 0x3707;
const PR_ATTACH_DATA_BIN: u16 = 0x3701;

#[derive(Default)]
struct Pending {
    title: Option<String>,
    long_name: Option<String>,
    data: Option<Vec<u8>>,
}

pub(crate) fn extract_tnef(raw: &[u8]) -> Result<Extracted, Failure> {
    let bad = |what: &str| Failure(format!("damaged TNEF ({what})"));
    if raw.len() < 6 || raw[..4] != SIGNATURE {
        return Err(bad("no TNEF signature"));
    }
    let mut out = Extracted::default();
    let mut at = 6; // signature and legacy key
    let mut current: Option<Pending> = None;
    let mut body: Option<String> = None;
    let mut html: Option<String> = None;
    let mut subject: Option<String> = None;
    let finish = |p: Pending, out: &mut Extracted| {
        if let Some(bytes) = p.data {
            let named = |n: Option<String>| n.filter(|n| !n.trim().is_empty());
            let name = named(p.long_name)
                .or(named(p.title))
                .unwrap_or_else(|| format!("attachment-{}", out.attachments.len() + 1));
            out.attachments.push(Attachment { name, bytes });
        }
    };
    while at < raw.len() {
        let Some(head) = raw.get(at..at + 9) else {
            out.warnings.push(format!(
                "TNEF cut short at byte {at}: what followed is lost"
            ));
            break;
        };
        let level = head[0];
        let id = u16::from_le_bytes([head[1], head[2]]);
        let len = u32::from_le_bytes([head[5], head[6], head[7], head[8]]) as usize;
        let Some(data) = at
            .checked_add(9)
            .and_then(|s| Some((s, s.checked_add(len)?)))
            .and_then(|(s, e)| raw.get(s..e))
        else {
            out.warnings.push(format!(
                "TNEF cut short at byte {at}: what followed is lost"
            ));
            break;
        };
        at += 9 + len + 2; // data and its checksum
        match (level, id) {
            (LVL_ATTACHMENT, ATT_ATTACH_REND_DATA) => {
                if let Some(p) = current.take() {
                    finish(p, &mut out);
                }
                current = Some(Pending::default());
            }
            (LVL_ATTACHMENT, ATT_ATTACH_TITLE) => {
                current.get_or_insert_with(Pending::default).title = Some(c_string(data));
            }
            (LVL_ATTACHMENT, ATT_ATTACH_DATA) => {
                current.get_or_insert_with(Pending::default).data = Some(data.to_vec());
            }
            (LVL_ATTACHMENT, ATT_ATTACHMENT) => {
                let p = current.get_or_insert_with(Pending::default);
                for (prop, value) in mapi_props(data) {
                    match (prop, value) {
                        (PR_ATTACH_LONG_FILENAME, Value::Text(t)) => p.long_name = Some(t),
                        (PR_ATTACH_DATA_BIN, Value::Bytes(b)) if p.data.is_none() => {
                            p.data = Some(b)
                        }
                        _ => {}
                    }
                }
            }
            (_, ATT_SUBJECT) => subject = Some(c_string(data)),
            (_, ATT_BODY) => body = Some(c_string(data)),
            (_, ATT_MSG_PROPS) => {
                for (prop, value) in mapi_props(data) {
                    match (prop, value) {
                        (PR_BODY, Value::Text(t)) if body.is_none() => body = Some(t),
                        (PR_BODY_HTML, Value::Text(t)) => html = Some(t),
                        (PR_BODY_HTML, Value::Bytes(b)) => {
                            html = Some(crate::text::decode(&b).0.into_owned())
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(p) = current.take() {
        finish(p, &mut out);
    }
    let text = match (body, html) {
        (Some(b), _) if !b.trim().is_empty() => b,
        (_, Some(h)) => crate::html::extract_html(h.as_bytes()).text,
        (b, None) => b.unwrap_or_default(),
    };
    out.text = text.replace("\r\n", "\n");
    if let Some(s) = subject.filter(|s| !s.trim().is_empty()) {
        out.fields.insert("subject".into(), s.clone());
        out.title = Some(s);
    }
    Ok(out)
}

/// A NUL-terminated 8-bit string (Windows-1252 where it is not UTF-8).
fn c_string(data: &[u8]) -> String {
    let end = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    crate::text::decode(&data[..end]).0.trim().to_string()
}

enum Value {
    Text(String),
    Bytes(Vec<u8>),
    Other,
}

/// The properties of a MAPI property list ([MS-OXTNEF] 2.1.3.4): what is not text or bytes is
/// skipped; a list that runs out ends the reading (what was read stands).
fn mapi_props(d: &[u8]) -> Vec<(u16, Value)> {
    let mut out = vec![];
    let mut at = 0usize;
    let u16_at = |at: usize| d.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |at: usize| {
        d.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let Some(count) = u32_at(0) else {
        return out;
    };
    at += 4;
    for _ in 0..count.min(100_000) {
        let (Some(ty), Some(id)) = (u16_at(at), u16_at(at + 2)) else {
            break;
        };
        at += 4;
        if id >= 0x8000 {
            // A named property: GUID, kind, then an id or a name.
            let Some(kind) = u32_at(at + 16) else { break };
            at += 20;
            if kind == 0 {
                at += 4;
            } else {
                let Some(n) = u32_at(at) else { break };
                at += 4 + pad4(n as usize);
            }
        }
        let multi = ty & 0x1000 != 0;
        let base = ty & !0x1000;
        let values = if multi || matches!(base, 0x001E | 0x001F | 0x0102 | 0x000D) {
            let Some(n) = u32_at(at) else { break };
            at += 4;
            n.min(100_000)
        } else {
            1
        };
        let mut last = Value::Other;
        for _ in 0..values {
            let fixed = match base {
                0x0002 | 0x000B => Some(4), // short, boolean: padded to 4
                0x0003 | 0x0004 | 0x000A => Some(4),
                0x0005 | 0x0006 | 0x0007 | 0x0014 | 0x0040 => Some(8),
                0x0048 => Some(16),
                _ => None,
            };
            if let Some(n) = fixed {
                at += n;
                continue;
            }
            let Some(n) = u32_at(at) else { break };
            let n = n as usize;
            let Some(bytes) = d.get(at + 4..at + 4 + n) else {
                return out;
            };
            last = match base {
                0x001F => {
                    let units: Vec<u16> = bytes
                        .chunks_exact(2)
                        .map(|c| u16::from_le_bytes([c[0], c[1]]))
                        .collect();
                    Value::Text(
                        String::from_utf16_lossy(&units)
                            .trim_end_matches('\0')
                            .to_string(),
                    )
                }
                0x001E => Value::Text(c_string(bytes)),
                0x0102 => Value::Bytes(bytes.to_vec()),
                // An object starts with the interface id it is stored as.
                0x000D => Value::Bytes(bytes.get(16..).unwrap_or_default().to_vec()),
                _ => Value::Other,
            };
            at += 4 + pad4(n);
        }
        if at > d.len() {
            break;
        }
        out.push((id, last));
    }
    out
}

fn pad4(n: usize) -> usize {
    n.div_ceil(4) * 4
}
