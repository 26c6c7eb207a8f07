//! The agency's own documents of a release: the exemption log (CSV and PDF) and the
//! determination letter.

use super::*;

/// A record of the exemption log: how it went out, under which codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogRow {
    pub first: String,
    pub last: String,
    pub doc_id: i64,
    pub description: Description,
    pub disposition: Disposition,
    pub withheld_under: Vec<String>,
    pub redactions_by_code: BTreeMap<String, u32>,
    pub as_images: bool,
    /// A corrected copy of the record released in this earlier installment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrects: Option<u32>,
    /// The installment it went out in (set in the cumulative log).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installment: Option<u32>,
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

/// Which exemption log: the release's own, or (installments) the request's so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LogKind {
    Own,
    Cumulative,
}

impl LogKind {
    fn stem(self) -> &'static str {
        match self {
            LogKind::Own => "exemption-log",
            LogKind::Cumulative => "exemption-log-cumulative",
        }
    }

    fn title(self) -> &'static str {
        match self {
            LogKind::Own => "Exemption log",
            LogKind::Cumulative => "Cumulative exemption log",
        }
    }

    /// The files it is written to.
    pub(crate) fn files(self) -> [String; 2] {
        [
            format!("{}.csv", self.stem()),
            format!("{}.pdf", self.stem()),
        ]
    }
}

pub(crate) fn write_log(
    rel: &Release,
    rows: &[LogRow],
    dir: &Path,
    date: (u16, u8, u8, u8, u8, u8),
    kind: LogKind,
) -> Result<(), ExportError> {
    let cumulative = kind == LogKind::Cumulative;
    let mut csv = String::from(if cumulative { "installment," } else { "" });
    csv.push_str(
        "bates_first,bates_last,record,date,type,author,subject,disposition,exemptions,citations,redactions\n",
    );
    let mut text = format!(
        "{}\n{} — {}\nRequest {} received {}\n",
        kind.title(),
        rel.agency,
        rel.reference,
        rel.reference,
        rel.received
    );
    match (kind, rel.installment) {
        (LogKind::Own, Some(n)) => text.push_str(&format!("Installment {n}\n")),
        (LogKind::Cumulative, Some(n)) => text.push_str(&format!("Installments 1 to {n}\n")),
        _ => {}
    }
    text.push('\n');
    let mut as_images = vec![];
    let mut corrected = vec![];
    for r in rows {
        if r.as_images {
            as_images.push(r.doc_id.to_string());
        }
        if let Some(n) = r.corrects {
            corrected.push(format!("record {} (installment {n})", r.doc_id));
        }
        let codes = row_codes(r);
        if codes.is_empty() {
            // Released in full as page images, or a corrected copy released in full: listed
            // below the log, not in it.
            continue;
        }
        let citations: Vec<String> = codes.iter().map(|c| citation(rel, c)).collect();
        let counts: Vec<String> = r
            .redactions_by_code
            .iter()
            .map(|(c, n)| format!("{c}: {n}"))
            .collect();
        let what = match r.corrects {
            Some(n) => format!(
                "{} (corrected copy of the record released in installment {n})",
                released_as(r)
            ),
            None => released_as(r).to_string(),
        };
        if cumulative {
            csv.push_str(&r.installment.map(|n| n.to_string()).unwrap_or_default());
            csv.push(',');
        }
        csv.push_str(
            &[
                r.first.clone(),
                r.last.clone(),
                r.doc_id.to_string(),
                r.description.date.clone(),
                r.description.kind.clone(),
                r.description.author.clone(),
                r.description.subject.clone(),
                what.clone(),
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
        let mut range = if r.first == r.last {
            r.first.clone()
        } else {
            format!("{} – {}", r.first, r.last)
        };
        if let (true, Some(n)) = (cumulative, r.installment) {
            range = format!("Installment {n} · {range}");
        }
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
    if !corrected.is_empty() {
        text.push_str(&format!(
            "\nCorrected copies of records released in an earlier installment, which they \
             replace: {}.\n",
            corrected.join(", ")
        ));
    }
    let [csv_name, pdf_name] = kind.files();
    std::fs::write(dir.join(csv_name), csv)?;
    typeset_file(rel, &text, &dir.join(pdf_name), kind.title(), date)
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
    if let Some(letter) = &rel.letter {
        let first = bates(&rel.bates_prefix, rel.bates_start);
        let last = records
            .last()
            .map(|r| r.bates_last.clone())
            .unwrap_or_default();
        return typeset_file(
            rel,
            &letter.fill(records, &first, &last),
            &dir.join("determination-letter.pdf"),
            "Determination letter",
            date,
        );
    }
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
    let (opening, found) = match rel.installment {
        None => (
            "This letter is the determination on your request under the California Public \
             Records Act (Gov. Code §7920.000 et seq.)."
                .to_string(),
            "We found",
        ),
        Some(n) => (
            format!(
                "This letter accompanies installment {n} of the records responsive to your \
                 request under the California Public Records Act (Gov. Code §7920.000 et seq.)."
            ),
            "This installment holds",
        ),
    };
    // Every corrected copy has a row of the log.
    let corrected = rows.iter().filter(|l| l.corrects.is_some()).count();
    let mut text = format!(
        "{agency}\n{day}\n\n{requester}\n\nRe: Public records request {reference}, received {received}\n\n\
         Dear {requester}:\n\n\
         {opening} You asked for: {description}\n\n\
         {found} {total} responsive records: released in full, {full}; released with redactions, \
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
        first = bates(&rel.bates_prefix, rel.bates_start),
        last = records
            .last()
            .map(|r| r.bates_last.clone())
            .unwrap_or_default(),
    );
    if corrected > 0 {
        text.push_str(&format!(
            "{corrected} of these records are corrected copies of records released in an earlier \
             installment, which they replace; the exemption log names them.\n\n"
        ));
    }
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

/// A document of the agency's own outside any release (the office's statistics): typeset
/// as the log and the letter are, its header naming the agency and `subject`, dated `at`
/// (RFC 3339 UTC).
pub fn write_document(
    path: &Path,
    agency: &str,
    subject: &str,
    title: &str,
    text: &str,
    at: &str,
) -> Result<(), ExportError> {
    let rel = Release {
        agency: agency.to_string(),
        reference: subject.to_string(),
        requester: String::new(),
        description: String::new(),
        received: String::new(),
        bates_prefix: String::new(),
        watermark: None,
        slip_sheets: SlipSheets::One,
        dpi: 150,
        approval_id: 0,
        release_hash: String::new(),
        submitted_by: String::new(),
        approved_by: String::new(),
        approved_by_name: String::new(),
        approved_at: at.to_string(),
        audit_head: None,
        exemptions: vec![],
        bates_start: 1,
        installment: None,
        earlier: None,
        letter: None,
    };
    typeset_file(&rel, text, path, title, info_date(at))
}
