//! Outlook .msg (an OLE compound file of MAPI properties).

use std::fmt::Write as _;
use std::io::{Cursor, Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::email::{NameSet, clean_name};
use crate::{Attachment, Extracted, Failure, Options};

type Cf<F> = cfb::CompoundFile<F>;

const PT_UNICODE: u16 = 0x001F;
const PT_STRING8: u16 = 0x001E;
const PT_BINARY: u16 = 0x0102;
const PT_SYSTIME: u16 = 0x0040;
const PT_LONG: u16 = 0x0003;

pub(crate) fn extract_msg(path: &Path, opts: &Options) -> Result<Extracted, Failure> {
    let f = std::fs::File::open(path).map_err(|e| crate::io_failure(&e))?;
    let mut cf = Cf::open(f).map_err(|e| {
        Failure(format!(
            "damaged Outlook message ({})",
            crate::one_line(&e.to_string(), 120)
        ))
    })?;
    let mut m = MsgReader {
        cf: &mut cf,
        limit: opts.max_in_memory,
        codepage: None,
    };
    m.read_message(Path::new("/"), true)
}

struct MsgReader<'a, F: Read + Seek> {
    cf: &'a mut Cf<F>,
    limit: u64,
    codepage: Option<&'static encoding_rs::Encoding>,
}

/// Fixed-size properties from a `__properties_version1.0` stream.
#[derive(Default)]
struct Props(Vec<(u16, u16, u64)>); // id, type, value

impl Props {
    fn get(&self, id: u16, ty: u16) -> Option<u64> {
        self.0
            .iter()
            .find(|(i, t, _)| *i == id && *t == ty)
            .map(|p| p.2)
    }
}

impl<F: Read + Seek> MsgReader<'_, F> {
    fn stream(&mut self, path: &Path) -> Option<Vec<u8>> {
        if !self.cf.is_stream(path) {
            return None;
        }
        let s = self.cf.open_stream(path).ok()?;
        let mut v = Vec::new();
        s.take(self.limit).read_to_end(&mut v).ok()?;
        Some(v)
    }

    fn props(&mut self, dir: &Path, header: usize) -> Props {
        let Some(b) = self.stream(&dir.join("__properties_version1.0")) else {
            return Props::default();
        };
        let mut p = Props::default();
        if b.len() < header {
            return p;
        }
        for e in b[header..].chunks_exact(16) {
            let tag = u32::from_le_bytes([e[0], e[1], e[2], e[3]]);
            let v = u64::from_le_bytes([e[8], e[9], e[10], e[11], e[12], e[13], e[14], e[15]]);
            p.0.push(((tag >> 16) as u16, (tag & 0xFFFF) as u16, v));
        }
        p
    }

    /// A string property: Unicode, or 8-bit in the message's code page.
    fn string(&mut self, dir: &Path, id: u16) -> Option<String> {
        if let Some(b) = self.stream(&dir.join(format!("__substg1.0_{id:04X}{PT_UNICODE:04X}"))) {
            let (s, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(&b);
            let s = s.trim_end_matches('\0').to_string();
            return Some(s);
        }
        if let Some(b) = self.stream(&dir.join(format!("__substg1.0_{id:04X}{PT_STRING8:04X}"))) {
            let enc = self.codepage.unwrap_or(encoding_rs::WINDOWS_1252);
            let b = b.strip_suffix(b"\0").unwrap_or(&b);
            let (s, _) = enc.decode_without_bom_handling(b);
            return Some(s.trim_end_matches('\0').to_string());
        }
        None
    }

    fn binary(&mut self, dir: &Path, id: u16) -> Option<Vec<u8>> {
        self.stream(&dir.join(format!("__substg1.0_{id:04X}{PT_BINARY:04X}")))
    }

    fn children(&self, dir: &Path, prefix: &str) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = match self.cf.read_storage(dir) {
            Ok(entries) => entries
                .filter(|e| e.is_storage() && e.name().starts_with(prefix))
                .map(|e| e.path().to_path_buf())
                .collect(),
            Err(_) => Vec::new(),
        };
        v.sort();
        v
    }

    fn read_message(&mut self, dir: &Path, top: bool) -> Result<Extracted, Failure> {
        let props = self.props(dir, if top { 32 } else { 24 });
        if let Some(cp) = props
            .get(0x3FFD, PT_LONG)
            .or_else(|| props.get(0x3FDE, PT_LONG))
            .and_then(|c| u16::try_from(c as u32).ok())
            .and_then(codepage::to_encoding)
        {
            self.codepage = Some(cp);
        }
        let mut out = Extracted::default();
        let subject = self.string(dir, 0x0037).map(|s| s.trim().to_string());
        let headers = self.string(dir, 0x007D);
        let parsed_headers = headers.as_deref().and_then(|h| {
            mail_parser::MessageParser::new()
                .parse_headers(h.as_bytes())
                .map(|m| m.into_owned())
        });

        let from = {
            let name = self
                .string(dir, 0x0042)
                .or_else(|| self.string(dir, 0x0C1A))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty());
            let smtp = self
                .string(dir, 0x5D02)
                .or_else(|| self.string(dir, 0x5D01))
                .or_else(|| {
                    self.string(dir, 0x0065)
                        .or_else(|| self.string(dir, 0x0C1F))
                        .filter(|a| a.contains('@'))
                })
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty());
            match (name, smtp) {
                (Some(n), Some(a)) if n != a => format!("{n} <{a}>"),
                (_, Some(a)) => a,
                (Some(n), None) => n,
                (None, None) => String::new(),
            }
        };

        // Recipients, by type (1 To, 2 Cc, 3 Bcc).
        let mut lists: [Vec<String>; 3] = Default::default();
        for r in self.children(dir, "__recip_version1.0_") {
            let rp = self.props(&r, 8);
            let ty = rp.get(0x0C15, PT_LONG).unwrap_or(1) as u32;
            let name = self
                .string(&r, 0x3001)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty());
            let addr = self
                .string(&r, 0x39FE)
                .or_else(|| self.string(&r, 0x3003).filter(|a| a.contains('@')))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty());
            let s = match (name, addr) {
                (Some(n), Some(a)) if n != a => format!("{n} <{a}>"),
                (_, Some(a)) => a,
                (Some(n), None) => n,
                (None, None) => continue,
            };
            if let Some(l) = lists.get_mut(ty.saturating_sub(1) as usize) {
                l.push(s);
            }
        }
        let display = [0x0E04u16, 0x0E03, 0x0E02];
        let mut rcpt: [String; 3] = Default::default();
        for i in 0..3 {
            rcpt[i] = if lists[i].is_empty() {
                self.string(dir, display[i])
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
        }

        let date = props
            .get(0x0039, PT_SYSTIME)
            .or_else(|| props.get(0x0E06, PT_SYSTIME))
            .and_then(crate::filetime_rfc3339)
            .or_else(|| {
                parsed_headers
                    .as_ref()
                    .and_then(|m| m.date())
                    .filter(|d| d.is_valid())
                    .map(|d| d.to_rfc3339())
            });

        let f = &mut out.fields;
        let mut head = String::new();
        for (label, key, v) in [
            ("From", "from", &from),
            ("To", "to", &rcpt[0]),
            ("Cc", "cc", &rcpt[1]),
            ("Bcc", "bcc", &rcpt[2]),
        ] {
            if !v.is_empty() {
                let _ = writeln!(head, "{label}: {v}");
                f.insert(key.into(), v.clone());
            }
        }
        if let Some(d) = &date {
            let _ = writeln!(head, "Date: {d}");
            f.insert("date".into(), d.clone());
        }
        if let Some(s) = &subject {
            let _ = writeln!(head, "Subject: {s}");
            f.insert("subject".into(), s.clone());
        }
        for (id, key) in [
            (0x1035u16, "message_id"),
            (0x1042, "in_reply_to"),
            (0x1039, "references"),
        ] {
            if let Some(v) = self
                .string(dir, id)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
            {
                f.insert(key.into(), v);
            }
        }
        out.title = subject.filter(|s| !s.is_empty());

        // Body: plain text; else HTML; else compressed RTF.
        let body = if let Some(t) = self.string(dir, 0x1000).filter(|t| !t.trim().is_empty()) {
            t
        } else if let Some(h) = self
            .binary(dir, 0x1013)
            .map(|b| crate::html::decode_html(&b).into_owned())
            .or_else(|| self.string(dir, 0x1013))
        {
            crate::html::html_to_text(&h)
        } else if let Some(r) = self.binary(dir, 0x1009).and_then(|b| decompress_rtf(&b)) {
            crate::rtf::rtf_to_text(&r).text
        } else {
            String::new()
        };
        let mut text = head;
        text.push('\n');
        text.push_str(crate::text::normalize_newlines(body.trim_end()).as_ref());
        text.push('\n');
        out.text = text;

        // Attachments.
        let mut names = NameSet::default();
        for a in self.children(dir, "__attach_version1.0_") {
            let name = self
                .string(&a, 0x3707)
                .or_else(|| self.string(&a, 0x3704))
                .or_else(|| self.string(&a, 0x3001))
                .map(|n| clean_name(&n))
                .unwrap_or_default();
            let embedded = a.join(format!("__substg1.0_3701{:04X}", 0x000Du16));
            if self.cf.is_storage(&embedded) {
                let sub = self.string(&embedded, 0x0037).unwrap_or_default();
                let mut n = if name.is_empty() {
                    clean_name(&sub)
                } else {
                    name
                };
                if n.is_empty() {
                    n = "attached message".into();
                }
                if !n.to_ascii_lowercase().ends_with(".msg") {
                    n.push_str(".msg");
                }
                match self.standalone_msg(&embedded) {
                    Ok(bytes) => out.attachments.push(Attachment {
                        name: names.unique(n),
                        bytes,
                    }),
                    Err(e) => out
                        .warnings
                        .push(format!("attached message '{n}' could not be copied ({e})")),
                }
                continue;
            }
            let Some(bytes) = self.binary(&a, 0x3701) else {
                if !name.is_empty() {
                    out.warnings.push(format!(
                        "attachment '{name}' has no data (an OLE object or a link)"
                    ));
                }
                continue;
            };
            let name = if name.is_empty() {
                format!("attachment-{}.bin", out.attachments.len() + 1)
            } else {
                name
            };
            out.attachments.push(Attachment {
                name: names.unique(name),
                bytes,
            });
        }
        Ok(out)
    }

    /// Copies an embedded message storage into a standalone .msg file (the property stream
    /// header grows from 24 to 32 bytes; the named-property map comes from the outer file).
    fn standalone_msg(&mut self, dir: &Path) -> std::io::Result<Vec<u8>> {
        let mut items: Vec<(PathBuf, bool)> = self
            .cf
            .walk_storage(dir)?
            .filter(|e| e.path() != dir)
            .map(|e| (e.path().to_path_buf(), e.is_stream()))
            .collect();
        let nameid = Path::new("/__nameid_version1.0");
        if self.cf.is_storage(nameid) && !self.cf.exists(dir.join("__nameid_version1.0")) {
            for e in self.cf.walk_storage(nameid)? {
                items.push((e.path().to_path_buf(), e.is_stream()));
            }
        }
        let mut new = Cf::create(Cursor::new(Vec::new()))?;
        for (p, is_stream) in items {
            let rel = p
                .strip_prefix(dir)
                .or_else(|_| p.strip_prefix("/"))
                .map(|r| Path::new("/").join(r))
                .unwrap_or(p.clone());
            if !is_stream {
                if !new.exists(&rel) {
                    new.create_storage_all(&rel)?;
                }
                continue;
            }
            let mut data = Vec::new();
            self.cf
                .open_stream(&p)?
                .take(self.limit)
                .read_to_end(&mut data)?;
            if rel == Path::new("/__properties_version1.0") && data.len() >= 24 {
                data.splice(24..24, [0u8; 8]);
            }
            if let Some(parent) = rel.parent()
                && !new.exists(parent)
            {
                new.create_storage_all(parent)?;
            }
            new.create_stream(&rel)?.write_all(&data)?;
        }
        new.flush()?;
        Ok(new.into_inner().into_inner())
    }
}

/// MS-OXRTFCP: decompresses an RTF body ("LZFu"; "MELA" is stored uncompressed).
pub(crate) fn decompress_rtf(b: &[u8]) -> Option<Vec<u8>> {
    const INIT: &[u8] = b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
    if b.len() < 16 {
        return None;
    }
    let raw_size = u32::from_le_bytes([b[4], b[5], b[6], b[7]]) as usize;
    let kind = &b[8..12];
    let data = &b[16..];
    if kind == b"MELA" {
        return Some(data[..data.len().min(raw_size)].to_vec());
    }
    if kind != b"LZFu" {
        return None;
    }
    let mut dict = [0u8; 4096];
    dict[..INIT.len()].copy_from_slice(INIT);
    let mut wp = INIT.len();
    let mut out = Vec::with_capacity(raw_size.min(64 * 1024 * 1024));
    let mut i = 0;
    'outer: while i < data.len() {
        let control = data[i];
        i += 1;
        for bit in 0..8 {
            if i >= data.len() {
                break 'outer;
            }
            if control & (1 << bit) == 0 {
                let c = data[i];
                i += 1;
                out.push(c);
                dict[wp] = c;
                wp = (wp + 1) % 4096;
            } else {
                if i + 1 >= data.len() {
                    break 'outer;
                }
                let word = u16::from_be_bytes([data[i], data[i + 1]]) as usize;
                i += 2;
                let offset = word >> 4;
                let len = (word & 0xF) + 2;
                if offset == wp {
                    break 'outer;
                }
                for k in 0..len {
                    let c = dict[(offset + k) % 4096];
                    out.push(c);
                    dict[wp] = c;
                    wp = (wp + 1) % 4096;
                }
            }
            if out.len() > raw_size.max(1) * 2 + 4096 {
                break 'outer;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lzfu_example_from_the_spec() {
        // MS-OXRTFCP 3.1.1: "{\rtf1\ansi\ansicpg1252\pard hello world}\r\n"
        let comp: [u8; 0x2d + 4] = [
            0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5,
            0xc7, 0xa7, 0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42,
            0x32, 0x0a, 0xf3, 0x20, 0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0,
            0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f, 0xa0,
        ];
        let out = decompress_rtf(&comp).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out),
            "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n"
        );
    }

    #[test]
    fn filetime() {
        assert_eq!(
            crate::filetime_rfc3339(116444736000000000).as_deref(),
            Some("1970-01-01T00:00:00Z")
        );
    }
}
