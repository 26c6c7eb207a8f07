//! The agency's own documents of a release: the exemption log (CSV and PDF) and the
//! determination letter.

use super::*;

#[derive(Debug, Clone)]
pub(crate) struct LogRow {
    pub(crate) first: String,
    pub(crate) last: String,
    pub(crate) doc_id: i64,
    pub(crate) description: Description,
    pub(crate) disposition: Disposition,
    pub(crate) withheld_under: Vec<String>,
    pub(crate) redactions_by_code: BTreeMap<String, u32>,
    pub(crate) as_images: bool,
}

pub(crate) fn citation(rel: &Release, code: &str) -> String {
    match rel.exemptions.iter().find(|e| e.code == code) {
        Some(e) => match &e.former {
            Some(f) => format!("{} (former {f})", e.label),
            None => e.label.clone(),
        },
        None => code.to_string(),
    }
}

/// A CSV field, quoted when it must be (RFC 4180); a leading = + - @ is prefixed with ' so
/// that a spreadsheet does not run it as a formula.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub(crate) fn row_codes(r: &LogRow) -> Vec<String> {
    let mut codes: Vec<String> = r.withheld_under.clone();
    for c in r.redactions_by_code.keys() {
        if !codes.contains(c) {
            codes.push(c.clone());
        }
    }
    codes
}

/// How a record went out, in words.
pub(crate) fn released_as(r: &LogRow) -> &'static str {
    match (r.disposition, r.as_images) {
        (Disposition::Withhold, _) => "withheld in full",
        (Disposition::Release, true) => "released in full, as page images",
        (Disposition::Release, false) => "released in full",
        (_, true) => "released with redactions, as page images",
        (_, false) => "released with redactions",
    }
}

pub(crate) fn write_log(
    rel: &Release,
    rows: &[LogRow],
    dir: &Path,
    date: (u16, u8, u8, u8, u8, u8),
) -> Result<(), ExportError> {
    let mut csv = String::from(
        "bates_first,bates_last,record,date,type,author,subject,disposition,exemptions,citations,redactions\n",
    );
    let mut text = format!(
        "Exemption log\n{} — {}\nRequest {} received {}\n\n",
        rel.agency, rel.reference, rel.reference, rel.received
    );
    let mut as_images = vec![];
    for r in rows {
        if r.as_images {
            as_images.push(r.doc_id.to_string());
        }
        let codes = row_codes(r);
        if codes.is_empty() {
            // Released in full as page images: listed below the log, not in it.
            continue;
        }
        let citations: Vec<String> = codes.iter().map(|c| citation(rel, c)).collect();
        let counts: Vec<String> = r
            .redactions_by_code
            .iter()
            .map(|(c, n)| format!("{c}: {n}"))
            .collect();
        let what = released_as(r);
        csv.push_str(
            &[
                r.first.clone(),
                r.last.clone(),
                r.doc_id.to_string(),
                r.description.date.clone(),
                r.description.kind.clone(),
                r.description.author.clone(),
                r.description.subject.clone(),
                what.to_string(),
                codes.join("; "),
                citations.join("; "),
                counts.join("; "),
            ]
            .iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(","),
        );
        csv.push('\n');
        let range = if r.first == r.last {
            r.first.clone()
        } else {
            format!("{} – {}", r.first, r.last)
        };
        text.push_str(&format!(
            "{range}   (record {})\n    {} · {} · {} · {}\n    {what}: {}\n",
            r.doc_id,
            nonempty(&r.description.date),
            nonempty(&r.description.kind),
            nonempty(&r.description.author),
            nonempty(&r.description.subject),
            citations.join("; ")
        ));
        if !counts.is_empty() {
            text.push_str(&format!("    redactions: {}\n", counts.join("; ")));
        }
        text.push('\n');
    }
    if rows.iter().all(|r| row_codes(r).is_empty()) {
        text.push_str("No record is withheld or redacted.\n");
    }
    if !as_images.is_empty() {
        text.push_str(&format!(
            "\nReleased as page images, their searchable text read by OCR from the released \
             pages (the checks could not vouch for the text of the original): records {}.\n",
            as_images.join(", ")
        ));
    }
    std::fs::write(dir.join("exemption-log.csv"), csv)?;
    typeset_file(
        rel,
        &text,
        &dir.join("exemption-log.pdf"),
        "Exemption log",
        date,
    )
}

pub(crate) fn nonempty(s: &str) -> &str {
    if s.trim().is_empty() { "—" } else { s }
}

pub(crate) fn write_letter(
    rel: &Release,
    records: &[RecordOut],
    rows: &[LogRow],
    dir: &Path,
    date: (u16, u8, u8, u8, u8, u8),
) -> Result<(), ExportError> {
    let count = |d: Disposition| records.iter().filter(|r| r.disposition == d).count();
    let pages: usize = records.iter().map(|r| r.pages).sum();
    let mut codes: Vec<String> = vec![];
    for r in rows {
        for c in row_codes(r) {
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
    }
    codes.sort();
    let mut text = format!(
        "{agency}\n{day}\n\n{requester}\n\nRe: Public records request {reference}, received {received}\n\n\
         Dear {requester}:\n\n\
         This letter is the determination on your request under the California Public Records Act \
         (Gov. Code §7920.000 et seq.). You asked for: {description}\n\n\
         We found {total} responsive records: released in full, {full}; released with redactions, \
         {red}; withheld in full, {held}. The enclosed inspection copies have {pages} pages, \
         numbered {first} to {last}; a record withheld in full is represented by a slip sheet.\n\n",
        agency = rel.agency,
        day = rel.approved_at.get(..10).unwrap_or(""),
        requester = rel.requester,
        reference = rel.reference,
        received = rel.received,
        description = rel.description,
        total = records.len(),
        full = count(Disposition::Release),
        red = count(Disposition::Redact),
        held = count(Disposition::Withhold),
        pages = pages,
        first = bates(&rel.bates_prefix, 1),
        last = records
            .last()
            .map(|r| r.bates_last.clone())
            .unwrap_or_default(),
    );
    if codes.is_empty() {
        text.push_str("No information is withheld.\n\n");
    } else {
        text.push_str(
            "Information is withheld under the following exemptions; the enclosed exemption log lists each record concerned:\n\n",
        );
        for c in &codes {
            let desc = rel
                .exemptions
                .iter()
                .find(|e| &e.code == c)
                .map(|e| e.description.clone())
                .unwrap_or_default();
            text.push_str(&format!("  • {} — {desc}\n", citation(rel, c)));
        }
        text.push('\n');
    }
    text.push_str(&format!(
        "The person responsible for this determination (Gov. Code §7922.540) is:\n\n{}\n{}\n\nDRAFT — to be reviewed and signed.\n",
        rel.approved_by_name, rel.agency
    ));
    typeset_file(
        rel,
        &text,
        &dir.join("determination-letter.pdf"),
        "Determination letter (draft)",
        date,
    )
}

/// A document of the agency's own (log, letter): typeset, with a header and page numbers,
/// without the inspection copies' watermark.
pub(crate) fn typeset_file(
    rel: &Release,
    text: &str,
    path: &Path,
    title: &str,
    date: (u16, u8, u8, u8, u8, u8),
) -> Result<(), ExportError> {
    let layout = typeset::layout(&[Piece::Text(text.to_string())]);
    let n = layout.page_count();
    let mut w = Writer::new(BufWriter::new(File::create(path)?))?;
    for i in 0..n {
        let mut c = Canvas::new(typeset::PAGE_W, typeset::PAGE_H);
        layout.draw(i, &mut c);
        furnish(
            &mut c,
            rel,
            typeset::PAGE_W,
            typeset::PAGE_H,
            Mark {
                left_footer: title,
                right_header: "",
                page: i + 1,
                of: n,
                copy: false,
            },
        );
        w.page(&c.finish())?;
    }
    let mut f = w.finish(&Info {
        title: format!("{} — {title}", rel.reference),
        subject: title.to_string(),
        date,
    })?;
    f.flush()?;
    Ok(())
}
