//! Spreadsheets (XLSX/XLSM, XLSB, XLS, ODS) via calamine: every sheet including hidden ones,
//! "Sheet: NAME" then rows with cells tab-separated (formulas as their cached values).
//! XLSX/XLSB are read cell by cell, so memory follows the cells present, not the used range.

use std::fmt::Write as _;
use std::io::BufReader;
use std::path::Path;

use calamine::{
    Data, DataRef, ExcelDateTime, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx,
    open_workbook,
};

use crate::{Extracted, Failure, Options};

#[derive(Clone, Copy, PartialEq, Debug)]
enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

fn format_of(path: &Path) -> Result<Format, Failure> {
    let mut head = [0u8; 8];
    {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(|e| crate::io_failure(&e))?;
        let n = f.read(&mut head).map_err(|e| crate::io_failure(&e))?;
        if n < 4 {
            return Err(Failure::new("damaged spreadsheet (too short)"));
        }
    }
    if head.starts_with(&crate::sniff::OLE_MAGIC) {
        if crate::ole_encrypted(path) {
            return Err(Failure::encrypted());
        }
        return Ok(Format::Xls);
    }
    if !head.starts_with(b"PK") {
        return Err(Failure::new(
            "damaged spreadsheet (not a known spreadsheet format)",
        ));
    }
    let z = crate::docx::open_zip(path, "spreadsheet")?;
    let mut fmt = Format::Ods;
    for n in z.file_names_raw() {
        match n {
            b"xl/workbook.bin" => fmt = Format::Xlsb,
            b"xl/workbook.xml" => return Ok(Format::Xlsx),
            _ => {}
        }
    }
    Ok(fmt)
}

fn damaged(e: impl std::fmt::Display) -> Failure {
    let s = e.to_string();
    let l = s.to_ascii_lowercase();
    if l.contains("password") || l.contains("encrypt") {
        return Failure::encrypted();
    }
    Failure(format!(
        "damaged spreadsheet ({})",
        crate::one_line(&s, 140)
    ))
}

/// Reads every cell of every sheet of an XLSX or XLSB workbook at `$path` into `$w`, noting
/// hidden and unreadable sheets in `$out` (`$wb` and `$err` are the format's types).
macro_rules! read_cells {
    ($path:ident, $out:ident, $w:ident, $wb:ty, $err:ty) => {{
        let mut wb: $wb = open_workbook($path).map_err(damaged)?;
        let sheets = wb.sheets_metadata().to_vec();
        for s in &sheets {
            if !note_sheet(&mut $out, s) {
                continue;
            }
            let mut read = || -> Result<Vec<Cell>, $err> {
                let mut cells = Vec::new();
                let mut r = wb.worksheet_cells_reader(&s.name)?;
                while let Some(c) = r.next_cell()? {
                    let v = fmt_ref(c.get_value());
                    if !v.is_empty() {
                        cells.push((c.get_position(), v));
                    }
                }
                Ok(cells)
            };
            match read() {
                Ok(cells) => $w.sheet(&s.name, cells),
                Err(e) => unreadable(&mut $out, &s.name, e),
            }
        }
    }};
}

/// What calamine must not be given, found by fuzzing:
/// - its own reader of OLE compound files follows a sector chain that loops until memory runs
///   out (a 42 KB .xls took over 4 GB). The `cfb` crate, which checks the chains as it opens
///   a file, opens it first; and no stream may claim more bytes than the file holds, which
///   bounds every chain calamine then reads;
/// - it lays a sheet's cells out as one dense grid, so a cell past the last column BIFF allows
///   (IV, the 256th) asked for a grid of 46 GB, and the failed allocation aborted the whole
///   process; and it reserves room for as many cells as a sheet's Dimensions record declares
///   (5,987 TB asked for). The workbook's records are read first: within BIFF's 65,536 × 256,
///   a grid stays under 1 GB.
fn check_compound(path: &Path, opts: &Options) -> Result<(), Failure> {
    let size = std::fs::metadata(path)
        .map_err(|e| crate::io_failure(&e))?
        .len();
    let mut cf = crate::ole::open(path, "spreadsheet")?;
    if let Some(e) = cf.walk().find(|e| e.len() > size) {
        return Err(Failure(format!(
            "damaged spreadsheet ({} claims {} bytes in a file of {size})",
            crate::one_line(&e.path().to_string_lossy(), 60),
            e.len()
        )));
    }
    let book = match crate::ole::stream(&mut cf, "/Workbook", opts)? {
        Some(b) => Some(b),
        None => crate::ole::stream(&mut cf, "/Book", opts)?,
    };
    if let Some(why) = book.as_deref().and_then(beyond_the_grid) {
        return Err(Failure(format!("damaged spreadsheet ({why})")));
    }
    Ok(())
}

/// What in a BIFF workbook stream lies beyond the grid BIFF allows (65,536 rows × 256
/// columns), if anything: a cell record's column, or a sheet's Dimensions record (calamine
/// reserves room for every cell it declares; rows or columns that end before they start
/// wrapped round to billions). Read as calamine reads the stream: the workbook's globals from
/// its start to their EOF record, then each sheet from where its BoundSheet record says it
/// starts to its own EOF (an offset into the middle of a record makes other records of the
/// same bytes).
fn beyond_the_grid(book: &[u8]) -> Option<String> {
    let mut starts = vec![];
    let found = records_beyond_the_grid(book, 0, &mut starts);
    if starts.contains(&ENCRYPTED) {
        return None; // encrypted: calamine stops at FilePass, before any cell
    }
    found.or_else(|| {
        starts
            .into_iter()
            .find_map(|at| records_beyond_the_grid(book, at, &mut vec![]))
    })
}

/// Put among the sheets' offsets by a FilePass record.
const ENCRYPTED: usize = usize::MAX;

/// [`beyond_the_grid`] for the records from `at` to the EOF record that ends the substream
/// begun there; BoundSheet records' sheet offsets are added to `sheets`.
fn records_beyond_the_grid(book: &[u8], start: usize, sheets: &mut Vec<usize>) -> Option<String> {
    let mut at = start;
    const ROWS: u32 = 65_536;
    const COLS: u32 = 256;
    let u16_at = |d: &[u8], i: usize| {
        d.get(i..i + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]) as u32)
    };
    let u32_at = |d: &[u8], i: usize| {
        d.get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let mut depth = 0usize;
    while let (Some(typ), Some(len)) = (u16_at(book, at), u16_at(book, at + 2)) {
        let data = &book[(at + 4).min(book.len())..(at + 4 + len as usize).min(book.len())];
        at += 4 + len as usize;
        let cols = match typ {
            // FilePass: what follows is encrypted, and calamine reads no further.
            0x002F => {
                sheets.push(ENCRYPTED);
                return None;
            }
            // BOF of a nested substream (a chart, a macro sheet); EOF ends one.
            0x0809 if at - 4 - len as usize != start => {
                depth += 1;
                continue;
            }
            0x000A if depth == 0 => return None,
            0x000A => {
                depth -= 1;
                continue;
            }
            // BoundSheet: where its sheet's records start.
            0x0085 => {
                if let Some(pos) = u32_at(data, 0) {
                    sheets.push(pos as usize);
                }
                continue;
            }
            // Dimensions, read as calamine reads it (an impossible first column means 0).
            0x0200 => {
                let (rf, rl, cf, cl) = match data.len() {
                    10 => (
                        u16_at(data, 0)?,
                        u16_at(data, 2)?,
                        u16_at(data, 4)?,
                        u16_at(data, 6)?,
                    ),
                    14 | 16 => (
                        u32_at(data, 0)?,
                        u32_at(data, 4)?,
                        u16_at(data, 8)?,
                        u16_at(data, 10)?,
                    ),
                    _ => continue,
                };
                let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                if rl >= 1 && cl >= 1 && (rl > ROWS || cl > COLS || rf >= rl || cf >= cl) {
                    return Some(format!(
                        "a sheet declared as rows {rf}–{rl} and columns {cf}–{cl}"
                    ));
                }
                continue;
            }
            // Formula, Blank, Number, Label, RString, BoolErr, Rk, LabelSst: row, col, …
            0x0006 | 0x0201 | 0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                [u16_at(data, 2), None]
            }
            // MulRk, MulBlank: row, first col, …, last col.
            0x00BD | 0x00BE => [
                u16_at(data, 2),
                data.len().checked_sub(2).and_then(|i| u16_at(data, i)),
            ],
            _ => continue,
        };
        if let Some(c) = cols.into_iter().flatten().find(|&c| c >= COLS) {
            return Some(format!("a cell in column {} of at most {COLS}", c + 1));
        }
    }
    None
}

pub(crate) fn extract_spreadsheet(
    path: &Path,
    name: &str,
    opts: &Options,
) -> Result<Extracted, Failure> {
    // calamine panics on some damaged workbooks (found by fuzzing: an .xlsb naming a sheet
    // its relationships do not list, "no entry found for key"): that is a damaged file, said
    // as such, not an internal error.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_spreadsheet(path, name, opts)
    }))
    .unwrap_or_else(|p| {
        let why = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        Err(Failure(format!(
            "damaged spreadsheet (the reader stopped: {})",
            crate::one_line(&why, 80)
        )))
    })
}

fn read_spreadsheet(path: &Path, _name: &str, opts: &Options) -> Result<Extracted, Failure> {
    let fmt = format_of(path)?;
    let mut out = Extracted::default();
    let mut w = Writer {
        sheets: 0,
        text: String::new(),
        limit: opts.max_in_memory as usize,
        truncated: false,
    };
    match fmt {
        // The two formats read cells alike through types of their own (no shared trait).
        Format::Xlsx => read_cells!(
            path,
            out,
            w,
            Xlsx<BufReader<std::fs::File>>,
            calamine::XlsxError
        ),
        Format::Xlsb => read_cells!(
            path,
            out,
            w,
            Xlsb<BufReader<std::fs::File>>,
            calamine::XlsbError
        ),
        Format::Xls => {
            check_compound(path, opts)?;
            let mut wb: Xls<BufReader<std::fs::File>> = open_workbook(path).map_err(damaged)?;
            let sheets = wb.sheets_metadata().to_vec();
            for s in &sheets {
                if !note_sheet(&mut out, s) {
                    continue;
                }
                match wb.worksheet_range(&s.name) {
                    Ok(r) => w.sheet(&s.name, range_cells(&r)),
                    Err(e) => unreadable(&mut out, &s.name, e),
                }
            }
        }
        Format::Ods => {
            let mut wb: Ods<BufReader<std::fs::File>> = open_workbook(path).map_err(damaged)?;
            let sheets = wb.sheets_metadata().to_vec();
            for s in &sheets {
                if !note_sheet(&mut out, s) {
                    continue;
                }
                match wb.worksheet_range(&s.name) {
                    Ok(r) => w.sheet(&s.name, range_cells(&r)),
                    Err(e) => unreadable(&mut out, &s.name, e),
                }
            }
        }
    }
    if w.sheets == 0 {
        if let Some(u) = out.warnings.iter().find(|x| x.contains("unreadable")) {
            return Err(Failure(format!("damaged spreadsheet ({u})")));
        }
        out.warnings.push("no worksheets".into());
    }
    if w.truncated {
        out.warnings
            .push(format!("text cut at {}", crate::fmt_size(w.limit as u64)));
    }
    out.text = w.text;
    // Document properties.
    if matches!(fmt, Format::Xlsx | Format::Xlsb | Format::Ods)
        && let Ok(mut z) = crate::docx::open_zip(path, "spreadsheet")
    {
        let file = if fmt == Format::Ods {
            "meta.xml"
        } else {
            "docProps/core.xml"
        };
        if let Ok(Some(x)) = crate::docx::read_entry(&mut z, file, 16 * 1024 * 1024) {
            if fmt == Format::Ods {
                ods_meta(&x, &mut out);
            } else {
                crate::docx::core_props(&x, &mut out);
            }
        }
    }
    out.fields
        .insert("format".into(), format!("{fmt:?}").to_lowercase());
    Ok(out)
}

type Cell = ((u32, u32), String);

/// Notes hidden sheets; returns whether the sheet has cells to read (chart sheets and VBA
/// modules do not).
fn note_sheet(out: &mut Extracted, s: &calamine::Sheet) -> bool {
    let name = &s.name;
    match s.visible {
        SheetVisible::Visible => {}
        SheetVisible::Hidden => out.warnings.push(format!("hidden sheet '{name}'")),
        SheetVisible::VeryHidden => out.warnings.push(format!("very hidden sheet '{name}'")),
    }
    match s.typ {
        SheetType::WorkSheet | SheetType::MacroSheet | SheetType::DialogSheet => true,
        SheetType::ChartSheet => {
            out.warnings
                .push(format!("chart sheet '{name}' (no cells)"));
            false
        }
        SheetType::Vba => false,
    }
}

fn unreadable(out: &mut Extracted, name: &str, e: impl std::fmt::Display) {
    out.warnings.push(format!(
        "sheet '{name}' unreadable ({})",
        crate::one_line(&e.to_string(), 100)
    ));
}

fn range_cells(r: &calamine::Range<Data>) -> Vec<Cell> {
    let mut v = Vec::new();
    for (row, col, d) in r.used_cells() {
        let s = fmt_data(d);
        if !s.is_empty() {
            let (r0, c0) = r.start().unwrap_or((0, 0));
            v.push(((r0 + row as u32, c0 + col as u32), s));
        }
    }
    v
}

struct Writer {
    sheets: usize,
    text: String,
    limit: usize,
    truncated: bool,
}

impl Writer {
    /// "Sheet: NAME" then one line per row, cells tab-separated from the first used column.
    fn sheet(&mut self, name: &str, mut cells: Vec<Cell>) {
        self.sheets += 1;
        if self.truncated {
            return;
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let _ = writeln!(self.text, "Sheet: {name}");
        cells.sort_by_key(|c| c.0);
        let min_col = cells.iter().map(|c| c.0.1).min().unwrap_or(0);
        let mut i = 0;
        while i < cells.len() {
            let row = cells[i].0.0;
            let mut col = min_col;
            let mut first = true;
            while i < cells.len() && cells[i].0.0 == row {
                let (c, v) = (cells[i].0.1, &cells[i].1);
                if !first {
                    self.text.push('\t');
                }
                // Keep columns aligned across sparse rows, but not absurdly.
                let gap = c.saturating_sub(col).min(64);
                for _ in 0..gap {
                    self.text.push('\t');
                }
                push_cell(&mut self.text, v);
                col = c + 1;
                first = false;
                i += 1;
            }
            self.text.push('\n');
            if self.text.len() > self.limit {
                self.truncated = true;
                return;
            }
        }
    }
}

/// Tabs and line breaks inside a cell would break the row layout.
fn push_cell(out: &mut String, v: &str) {
    for ch in v.chars() {
        match ch {
            '\t' | '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
}

fn fmt_dt(d: &ExcelDateTime) -> String {
    if d.is_duration() {
        let secs = (d.as_f64() * 86400.0).round() as i64;
        let sign = if secs < 0 { "-" } else { "" };
        let s = secs.abs();
        return format!("{sign}{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
    }
    let (y, m, day, h, mi, s, _) = d.to_ymd_hms_milli();
    if d.as_f64().fract() == 0.0 {
        format!("{y:04}-{m:02}-{day:02}")
    } else if d.as_f64() < 1.0 && d.as_f64() >= 0.0 {
        format!("{h:02}:{mi:02}:{s:02}")
    } else {
        format!("{y:04}-{m:02}-{day:02} {h:02}:{mi:02}:{s:02}")
    }
}

fn fmt_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        // Rust prints the shortest string that round-trips.
        format!("{f}")
    }
}

fn fmt_data(d: &Data) -> String {
    match d {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => fmt_float(*f),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(dt) => fmt_dt(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

fn fmt_ref(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => fmt_float(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        DataRef::DateTime(dt) => fmt_dt(dt),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

/// ODF meta.xml: initial-creator, creator (last editor), creation-date, date, title.
fn ods_meta(xml: &str, out: &mut Extracted) {
    crate::docx::metadata_fields(xml, out, |name| match name {
        "initial-creator" => Some("author"),
        "creator" => Some("last_modified_by"),
        "creation-date" => Some("created"),
        "date" => Some("modified"),
        "title" => Some("title"),
        "subject" => Some("subject"),
        _ => None,
    });
}
