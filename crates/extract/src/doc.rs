//! Word 97–2003 documents (.doc, .dot) read from their piece table (MS-DOC 2.4.1) and
//! character-property pages (2.9.x): the main document in its order, tables as tab-separated
//! rows, fields' results (not their codes), comments "[Comment by X: …]" where they are
//! anchored, tracked insertions as text and **tracked deletions as "[deleted: …]"** with a
//! warning (a reviewer must see what the author struck out before releasing), hidden text
//! shown with a warning, then headers and footers, footnotes, endnotes and text boxes under
//! their own headings. Summary information gives title, author and dates.
//!
//! Measured against Debian's readers on a LibreOffice-saved .doc with a tracked change and a
//! comment: `antiword` refused the file ("text stream too small") and `catdoc` dropped the
//! paragraph that held the change; this reader reads both (ARCHITECTURE.md).
//!
//! Word 6/95 files (a different FIB) are read as their plain text run, with a warning.

use std::collections::BTreeMap;
use std::path::Path;

use crate::{Extracted, Failure, Options, ole};

pub(crate) fn extract_doc(path: &Path, opts: &Options) -> Result<Extracted, Failure> {
    let mut cf = ole::open(path, "Word document")?;
    let word = ole::stream(&mut cf, "/WordDocument", opts)?
        .ok_or_else(|| Failure::new("damaged Word document (no WordDocument stream)"))?;
    let fib = Fib::parse(&word)?;
    let mut out = Extracted::default();
    ole::summary_fields(&mut cf, opts, &mut out);
    if fib.n_fib < 0xC1 {
        out.text = old_word_text(&word);
        out.warnings.push(
            "Word 6/95 document: read as plain text (comments and tracked changes are not shown)"
                .into(),
        );
        return Ok(out);
    }
    let table_name = if fib.flags & 0x0200 != 0 {
        "/1Table"
    } else {
        "/0Table"
    };
    let table = ole::stream(&mut cf, table_name, opts)?
        .ok_or_else(|| Failure::new("damaged Word document (no table stream)"))?;
    let doc = Doc::read(&word, &table, &fib)?;
    doc.render(&mut out);
    Ok(out)
}

/// The File Information Block's parts this reader needs.
struct Fib {
    n_fib: u16,
    flags: u16,
    /// ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx.
    ccp: [u32; 8],
    /// (fc, lcb) pairs of FibRgFcLcb.
    fc_lcb: Vec<(u32, u32)>,
}

const FC_PLCF_AND_REF: usize = 4;
const FC_PLCF_AND_TXT: usize = 5;
const FC_PLCF_BTE_CHPX: usize = 12;
const FC_CLX: usize = 33;
const FC_GRP_XST_ATN_OWNERS: usize = 36;

impl Fib {
    fn parse(w: &[u8]) -> Result<Fib, Failure> {
        let bad = || Failure::new("damaged Word document (its header is cut short)");
        if u16_at(w, 0) != Some(0xA5EC) {
            return Err(Failure::new(
                "not a Word document (an OLE file without Word's header)",
            ));
        }
        let n_fib = u16_at(w, 2).ok_or_else(bad)?;
        let flags = u16_at(w, 0x0A).ok_or_else(bad)?;
        // fEncrypted, or fObfuscated (XOR): either needs the password.
        if flags & 0x0100 != 0 {
            return Err(Failure::encrypted());
        }
        let mut fib = Fib {
            n_fib,
            flags,
            ccp: [0; 8],
            fc_lcb: Vec::new(),
        };
        if n_fib < 0xC1 {
            return Ok(fib);
        }
        let csw = u16_at(w, 32).ok_or_else(bad)? as usize;
        let lw = 34 + csw * 2;
        let cslw = u16_at(w, lw).ok_or_else(bad)? as usize;
        let rg_lw = lw + 2;
        for (i, c) in fib.ccp.iter_mut().enumerate() {
            *c = u32_at(w, rg_lw + (3 + i) * 4).ok_or_else(bad)?;
        }
        let fl = rg_lw + cslw * 4;
        let n = u16_at(w, fl).ok_or_else(bad)? as usize;
        for i in 0..n {
            let at = fl + 2 + i * 8;
            match (u32_at(w, at), u32_at(w, at + 4)) {
                (Some(fc), Some(lcb)) => fib.fc_lcb.push((fc, lcb)),
                _ => break,
            }
        }
        if fib.fc_lcb.len() <= FC_CLX {
            return Err(bad());
        }
        Ok(fib)
    }

    /// The bytes of table-stream structure `i` (empty when absent or out of range).
    fn part<'a>(&self, table: &'a [u8], i: usize) -> &'a [u8] {
        let Some(&(fc, lcb)) = self.fc_lcb.get(i) else {
            return &[];
        };
        let (fc, lcb) = (fc as usize, lcb as usize);
        table.get(fc..fc.saturating_add(lcb)).unwrap_or(&[])
    }
}

/// Character properties this reader cares about.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct Props {
    deleted: bool,
    inserted: bool,
    hidden: bool,
    special: bool,
}

/// The document's characters (by CP) with their properties, and its comments.
struct Doc {
    chars: Vec<char>,
    props: Vec<Props>,
    ccp: [u32; 8],
    /// Comment anchors: main-document CP → comment index.
    anchors: BTreeMap<usize, usize>,
    /// Comments: (author, text).
    comments: Vec<(String, String)>,
}

impl Doc {
    fn read(word: &[u8], table: &[u8], fib: &Fib) -> Result<Doc, Failure> {
        let runs = char_runs(word, fib.part(table, FC_PLCF_BTE_CHPX));
        let mut chars = Vec::new();
        let mut props = Vec::new();
        for piece in pieces(fib.part(table, FC_CLX))? {
            let n = piece.cp_end.saturating_sub(piece.cp_start) as usize;
            if piece.compressed {
                let start = piece.fc as usize;
                let bytes = word
                    .get(start..start.saturating_add(n).min(word.len()))
                    .unwrap_or(&[]);
                let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                for (i, c) in s.chars().enumerate() {
                    chars.push(c);
                    props.push(runs.at(piece.fc + i as u32));
                }
            } else {
                let start = piece.fc as usize;
                let end = start.saturating_add(n * 2).min(word.len());
                let units: Vec<u16> = word
                    .get(start..end)
                    .unwrap_or(&[])
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                for (i, c) in char::decode_utf16(units.iter().copied()).enumerate() {
                    chars.push(c.unwrap_or('\u{FFFD}'));
                    props.push(runs.at(piece.fc + 2 * i as u32));
                }
            }
        }
        let mut doc = Doc {
            chars,
            props,
            ccp: fib.ccp,
            anchors: BTreeMap::new(),
            comments: Vec::new(),
        };
        doc.read_comments(table, fib);
        Ok(doc)
    }

    /// The CP range of subdocument `i` (0 main, 1 footnotes, 2 headers, 4 comments,
    /// 5 endnotes, 6 text boxes, 7 header text boxes).
    fn range(&self, i: usize) -> std::ops::Range<usize> {
        let start: u64 = self.ccp[..i].iter().map(|&c| c as u64).sum();
        let end = start + self.ccp[i] as u64;
        let n = self.chars.len() as u64;
        start.min(n) as usize..end.min(n) as usize
    }

    fn read_comments(&mut self, table: &[u8], fib: &Fib) {
        let refs = fib.part(table, FC_PLCF_AND_REF);
        let txts = fib.part(table, FC_PLCF_AND_TXT);
        let owners = xst_list(fib.part(table, FC_GRP_XST_ATN_OWNERS));
        // PlcfandRef: n+1 CPs, then n 30-byte ATRDPre10 (ibst, the author's index, at 20).
        let n = refs.len().saturating_sub(4) / 34;
        let atn = self.range(4);
        // PlcfandTxt: n+1 CPs into the comment subdocument.
        let txt_cp = |i: usize| u32_at(txts, i * 4).map(|c| c as usize);
        for i in 0..n {
            let Some(cp) = u32_at(refs, i * 4) else { break };
            let ibst = u16_at(refs, (n + 1) * 4 + i * 30 + 20).unwrap_or(u16::MAX);
            let author = owners.get(ibst as usize).cloned().unwrap_or_default();
            let text = match (txt_cp(i), txt_cp(i + 1)) {
                (Some(a), Some(b)) if a < b => {
                    let a = (atn.start + a).min(atn.end);
                    let b = (atn.start + b).min(atn.end);
                    self.plain(a..b)
                }
                _ => String::new(),
            };
            self.anchors.insert(cp as usize, self.comments.len());
            self.comments.push((author, text));
        }
    }

    /// A range's text as one line (comments, deleted runs).
    fn plain(&self, r: std::ops::Range<usize>) -> String {
        let mut w = Writer::default();
        self.write(r, &mut w, false);
        w.finish().split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn render(&self, out: &mut Extracted) {
        let mut w = Writer::default();
        self.write(self.range(0), &mut w, true);
        let mut text = w.finish();
        for (i, heading) in [
            (2, "Headers and footers"),
            (1, "Footnotes"),
            (5, "Endnotes"),
            (6, "Text boxes"),
            (7, "Text boxes in headers and footers"),
        ] {
            let mut w = Writer::default();
            self.write(self.range(i), &mut w, false);
            let t = w.finish();
            if !t.trim().is_empty() {
                text.push_str(&format!("\n{heading}:\n{}\n", t.trim()));
            }
        }
        out.text = crate::text::tidy_lines(&text, true);
        let (deleted, inserted, hidden) = self.props[..self.range(0).end.max(self.range(7).end)]
            .iter()
            .fold((false, false, false), |a, p| {
                (a.0 || p.deleted, a.1 || p.inserted, a.2 || p.hidden)
            });
        if deleted || inserted {
            out.warnings.push(
                "tracked changes: insertions are shown as text, deletions as [deleted: …]".into(),
            );
        }
        if hidden {
            out.warnings.push("hidden text is shown".into());
        }
        if !self.comments.is_empty() {
            out.warnings
                .push(format!("{} comment(s)", self.comments.len()));
        }
    }

    /// Writes a range of CPs: fields' results, tracked deletions bracketed, comments where
    /// they are anchored (`comments` in the main document only).
    fn write(&self, r: std::ops::Range<usize>, w: &mut Writer, comments: bool) {
        // Per open field: true while in its code (before the separator).
        let mut fields: Vec<bool> = Vec::new();
        let mut prev = '\0';
        for cp in r {
            let (c, p) = (self.chars[cp], self.props[cp]);
            let in_code = fields.iter().any(|&code| code);
            match c {
                '\u{13}' => fields.push(true),
                '\u{14}' => {
                    if let Some(top) = fields.last_mut() {
                        *top = false;
                    }
                }
                '\u{15}' => {
                    fields.pop();
                }
                _ if in_code => {}
                '\u{5}' if p.special => {
                    if comments && let Some(&i) = self.anchors.get(&cp) {
                        let (author, text) = &self.comments[i];
                        w.flush_deleted();
                        if author.is_empty() {
                            w.push(&format!("[Comment: {text}]"));
                        } else {
                            w.push(&format!("[Comment by {author}: {text}]"));
                        }
                    }
                }
                _ => {
                    let s = match c {
                        '\r' | '\u{b}' | '\u{e}' => "\n",
                        '\u{c}' => "\n\n",
                        '\u{7}' if prev == '\u{7}' => {
                            w.end_row();
                            prev = '\0';
                            continue;
                        }
                        '\u{7}' => "\t",
                        '\u{1e}' => "-",
                        '\u{a0}' => " ",
                        '\t' => "\t",
                        c if (c as u32) < 0x20 || c == '\u{1f}' || c == '\u{feff}' => "",
                        _ => {
                            let mut b = [0u8; 4];
                            w.text(c.encode_utf8(&mut b), p.deleted);
                            prev = c;
                            continue;
                        }
                    };
                    w.text(s, p.deleted);
                }
            }
            prev = c;
        }
    }
}

/// Text being written, with the current tracked deletion held back to be bracketed.
#[derive(Default)]
struct Writer {
    out: String,
    deleted: String,
}

impl Writer {
    fn text(&mut self, s: &str, deleted: bool) {
        if deleted {
            self.deleted.push_str(s);
        } else {
            self.flush_deleted();
            self.out.push_str(s);
        }
    }
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }
    fn flush_deleted(&mut self) {
        let d = std::mem::take(&mut self.deleted);
        let d = d.split_whitespace().collect::<Vec<_>>().join(" ");
        if !d.is_empty() {
            self.out.push_str(&format!("[deleted: {d}]"));
        }
    }
    fn end_row(&mut self) {
        self.flush_deleted();
        while self.out.ends_with('\t') {
            self.out.pop();
        }
        self.out.push('\n');
    }
    fn finish(mut self) -> String {
        self.flush_deleted();
        self.out
    }
}

struct Piece {
    cp_start: u32,
    cp_end: u32,
    /// Byte offset in the WordDocument stream.
    fc: u32,
    compressed: bool,
}

/// The piece table from the CLX (Prc entries skipped, then the Pcdt).
fn pieces(clx: &[u8]) -> Result<Vec<Piece>, Failure> {
    let bad = || Failure::new("damaged Word document (its piece table cannot be read)");
    let mut at = 0usize;
    let plc = loop {
        match clx.get(at) {
            Some(1) => {
                let cb = u16_at(clx, at + 1).ok_or_else(bad)? as i16;
                at += 3 + cb.max(0) as usize;
            }
            Some(2) => {
                let lcb = u32_at(clx, at + 1).ok_or_else(bad)? as usize;
                break clx
                    .get(at + 5..(at + 5).saturating_add(lcb))
                    .ok_or_else(bad)?;
            }
            _ => return Err(bad()),
        }
    };
    let n = plc.len().saturating_sub(4) / 12;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let cp_start = u32_at(plc, i * 4).ok_or_else(bad)?;
        let cp_end = u32_at(plc, (i + 1) * 4).ok_or_else(bad)?;
        let raw = u32_at(plc, (n + 1) * 4 + i * 8 + 2).ok_or_else(bad)?;
        let compressed = raw & 0x4000_0000 != 0;
        let fc = raw & 0x3FFF_FFFF;
        out.push(Piece {
            cp_start,
            cp_end,
            fc: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    if out.is_empty() {
        return Err(bad());
    }
    Ok(out)
}

/// Character runs by byte offset (FC) in the WordDocument stream.
struct Runs(Vec<(u32, u32, Props)>);

impl Runs {
    fn at(&self, fc: u32) -> Props {
        let i = self.0.partition_point(|r| r.0 <= fc);
        match i.checked_sub(1).map(|i| self.0[i]) {
            Some((_, end, p)) if fc < end => p,
            _ => Props::default(),
        }
    }
}

/// Reads the character-property pages (PlcBteChpx → ChpxFkp) into runs.
fn char_runs(word: &[u8], plc: &[u8]) -> Runs {
    let n = plc.len().saturating_sub(4) / 8;
    let mut runs = Vec::new();
    for i in 0..n {
        let Some(pn) = u32_at(plc, (n + 1) * 4 + i * 4) else {
            break;
        };
        let pn = (pn & 0x3F_FFFF) as usize;
        let Some(page) = word.get(pn * 512..pn * 512 + 512) else {
            continue;
        };
        let crun = page[511] as usize;
        for j in 0..crun {
            let (Some(start), Some(end)) = (u32_at(page, j * 4), u32_at(page, (j + 1) * 4)) else {
                break;
            };
            let off = page.get((crun + 1) * 4 + j).copied().unwrap_or(0) as usize * 2;
            let props = if off == 0 || off >= 511 {
                Props::default()
            } else {
                let cb = page[off] as usize;
                chpx_props(page.get(off + 1..(off + 1 + cb).min(511)).unwrap_or(&[]))
            };
            if props != Props::default() {
                runs.push((start, end, props));
            }
        }
    }
    runs.sort_by_key(|r| r.0);
    Runs(runs)
}

/// The properties a Chpx's sprms set.
fn chpx_props(grpprl: &[u8]) -> Props {
    let mut p = Props::default();
    let mut at = 0usize;
    while let Some(sprm) = u16_at(grpprl, at) {
        let operand = grpprl.get(at + 2).copied().unwrap_or(0);
        // A toggle: 1 on, 0x81 the style's opposite (taken as on), 0 and 0x80 off.
        let on = operand == 1 || operand == 0x81;
        match sprm {
            0x0800 => p.deleted = on,
            0x0801 => p.inserted = on,
            0x083C => p.hidden = on,
            0x0855 => p.special = operand != 0,
            _ => {}
        }
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => 1 + operand as usize,
        };
        at += 2 + size;
    }
    p
}

/// A run of Xst strings (a 16-bit count, then that many UTF-16 units).
fn xst_list(b: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while let Some(n) = u16_at(b, at) {
        let end = at + 2 + n as usize * 2;
        let Some(s) = b.get(at + 2..end) else { break };
        out.push(
            encoding_rs::UTF_16LE
                .decode_without_bom_handling(s)
                .0
                .trim()
                .to_string(),
        );
        at = end;
    }
    out
}

/// Word 6/95: the text run between fcMin and fcMac, 8-bit.
fn old_word_text(w: &[u8]) -> String {
    let (Some(min), Some(max)) = (u32_at(w, 0x18), u32_at(w, 0x1C)) else {
        return String::new();
    };
    let bytes = w
        .get(min as usize..(max as usize).min(w.len()))
        .unwrap_or(&[]);
    let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    let t: String = s
        .chars()
        .map(|c| match c {
            '\r' | '\u{b}' => '\n',
            '\u{7}' => '\t',
            c => c,
        })
        .filter(|&c| c == '\n' || c == '\t' || c >= ' ')
        .collect();
    crate::text::tidy_lines(&t, true)
}

pub(crate) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at.checked_add(2)?)
        .map(|s| u16::from_le_bytes([s[0], s[1]]))
}

pub(crate) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at.checked_add(4)?)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}
