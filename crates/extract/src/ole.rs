//! What the legacy Office readers share: opening an OLE compound file, reading a stream with
//! a size limit, and the document's summary information (MS-OLEPS `\u{5}SummaryInformation`:
//! title, subject, author, last saved by, created, modified) as metadata fields.

use std::io::Read;
use std::path::Path;

use crate::{Extracted, Failure, Options};

pub(crate) type Compound = cfb::CompoundFile<std::fs::File>;

/// Opens a compound file; `what` names the format in the failure ("Word document").
pub(crate) fn open(path: &Path, what: &str) -> Result<Compound, Failure> {
    let f = std::fs::File::open(path).map_err(|e| crate::io_failure(&e))?;
    let cf = cfb::CompoundFile::open(f).map_err(|e| {
        Failure(format!(
            "damaged {what} ({})",
            crate::one_line(&e.to_string(), 100)
        ))
    })?;
    if cf.exists("/EncryptedPackage") {
        return Err(Failure::encrypted());
    }
    Ok(cf)
}

/// A stream's bytes, or None when the file has no such stream.
pub(crate) fn stream(
    cf: &mut Compound,
    name: &str,
    opts: &Options,
) -> Result<Option<Vec<u8>>, Failure> {
    if !cf.is_stream(name) {
        return Ok(None);
    }
    let mut s = cf
        .open_stream(name)
        .map_err(|e| Failure(format!("cannot read {name} ({e})")))?;
    let mut buf = Vec::new();
    (&mut s)
        .take(opts.max_in_memory + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Failure(format!("cannot read {name} ({e})")))?;
    if buf.len() as u64 > opts.max_in_memory {
        return Err(Failure(format!(
            "too large (over {})",
            crate::fmt_size(opts.max_in_memory)
        )));
    }
    Ok(Some(buf))
}

/// Adds the summary information's fields (title also as the record's title); a missing or
/// damaged property set adds nothing.
pub(crate) fn summary_fields(cf: &mut Compound, opts: &Options, out: &mut Extracted) {
    let Ok(Some(b)) = stream(cf, "/\u{5}SummaryInformation", opts) else {
        return;
    };
    for (id, v) in properties(&b) {
        let key = match id {
            2 => "title",
            3 => "subject",
            4 => "author",
            8 => "last_modified_by",
            12 => "created",
            13 => "modified",
            _ => continue,
        };
        if !v.is_empty() {
            out.fields.insert(key.into(), v);
        }
    }
    if out.title.is_none() {
        out.title = out.fields.get("title").cloned();
    }
}

/// The first section's string and time properties as (id, text).
fn properties(b: &[u8]) -> Vec<(u32, String)> {
    let u16_at = |o: usize| b.get(o..o + 2).map(|s| u16::from_le_bytes([s[0], s[1]]));
    let u32_at = |o: usize| {
        b.get(o..o + 4)
            .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    };
    let mut out = Vec::new();
    if u16_at(0) != Some(0xFFFE) {
        return out;
    }
    let Some(sec) = u32_at(44).map(|v| v as usize) else {
        return out;
    };
    let n = u32_at(sec + 4).unwrap_or(0).min(1000) as usize;
    let entries: Vec<(u32, usize)> = (0..n)
        .filter_map(|i| {
            Some((
                u32_at(sec + 8 + i * 8)?,
                sec + u32_at(sec + 12 + i * 8)? as usize,
            ))
        })
        .collect();
    // The code page (property 1) decides how 8-bit strings read.
    let mut enc = encoding_rs::WINDOWS_1252;
    for &(id, at) in &entries {
        if id == 1
            && u32_at(at) == Some(2)
            && let Some(cp) = u16_at(at + 4)
        {
            enc = match cp {
                65001 => encoding_rs::UTF_8,
                1200 => encoding_rs::UTF_16LE,
                cp => codepage::to_encoding(cp).unwrap_or(encoding_rs::WINDOWS_1252),
            };
        }
    }
    for (id, at) in entries {
        let Some(ty) = u32_at(at) else { continue };
        let v = match ty {
            // VT_LPSTR: a byte count, then the string with its NUL.
            0x1E => {
                let len = u32_at(at + 4).unwrap_or(0) as usize;
                let Some(s) = b.get(at + 8..(at + 8).saturating_add(len).min(b.len())) else {
                    continue;
                };
                enc.decode_without_bom_handling(s).0.into_owned()
            }
            // VT_LPWSTR: a character count.
            0x1F => {
                let len = u32_at(at + 4).unwrap_or(0) as usize;
                let end = (at + 8).saturating_add(len.saturating_mul(2)).min(b.len());
                let Some(s) = b.get(at + 8..end) else {
                    continue;
                };
                encoding_rs::UTF_16LE
                    .decode_without_bom_handling(s)
                    .0
                    .into_owned()
            }
            // VT_FILETIME.
            0x40 => {
                let (Some(lo), Some(hi)) = (u32_at(at + 4), u32_at(at + 8)) else {
                    continue;
                };
                match crate::filetime_rfc3339((hi as u64) << 32 | lo as u64) {
                    Some(t) => t,
                    None => continue,
                }
            }
            _ => continue,
        };
        let v = v.trim_end_matches('\0').trim().to_string();
        out.push((id, v));
    }
    out
}
