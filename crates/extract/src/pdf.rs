//! PDF text with word boxes (poppler's `pdftotext -bbox-layout`), and OCR of PDF pages and
//! images (poppler's `pdftoppm` at 300 dpi, then the `tesseract` CLI with TSV output).

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use quick_xml::events::Event;

use crate::proc::{self, RunError};
use crate::{Extracted, Failure, Kind, Options, Page, Word};

const POPPLER_MISSING: &str =
    "cannot read PDFs here (pdftotext is not installed: apt-get install poppler-utils)";
const TESSERACT_MISSING: &str =
    "cannot OCR here (tesseract is not installed: apt-get install tesseract-ocr tesseract-ocr-eng)";

/// A page with fewer letters and digits than this has no usable text layer.
const MIN_ALNUM: usize = 10;

pub(crate) fn extract_pdf(path: &Path, opts: &Options) -> Result<Extracted, Failure> {
    let deadline = Instant::now() + opts.timeout;
    let mut cmd = Command::new("pdftotext");
    cmd.args(["-bbox-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-");
    let o = match proc::run(cmd, deadline) {
        Ok(o) => o,
        Err(RunError::Missing) => return Err(Failure::new(POPPLER_MISSING)),
        Err(RunError::Timeout) => return Err(Failure::timeout(opts.timeout)),
        Err(RunError::Io(e)) => return Err(Failure(format!("cannot run pdftotext ({e})"))),
    };
    let first_error = first_error_line(&o.stderr);
    if !o.success {
        if o.stderr.contains("Incorrect password") {
            return Err(Failure::encrypted());
        }
        if o.code == Some(3) {
            return Err(Failure::new(
                "text copying not permitted by the PDF's owner",
            ));
        }
        return Err(Failure(format!(
            "damaged PDF ({})",
            first_error.unwrap_or_else(|| "poppler could not open it".into())
        )));
    }
    let xml = String::from_utf8_lossy(&o.stdout);
    let mut out = parse_bbox(&xml)?;
    if let Some(e) = first_error {
        out.warnings
            .push(format!("PDF has errors, text may be incomplete ({e})"));
    }
    if out.pages.is_empty() {
        return Err(Failure::new("damaged PDF (no pages)"));
    }
    if is_encrypted(path) {
        out.fields.insert("encrypted".into(), "yes".into());
    }
    out.fields
        .insert("pages".into(), out.pages.len().to_string());
    for p in &out.pages {
        if needs_ocr(p) {
            out.needs_ocr.push(p.number);
        }
    }
    out.text = crate::pages_text(&out.pages);
    let (files, problems) = embedded_files(path, deadline, opts);
    if !files.is_empty() {
        out.warnings.push(format!(
            "{} embedded file(s), collected as attachments",
            files.len()
        ));
    }
    out.warnings.extend(problems);
    out.attachments = files;
    Ok(out)
}

/// The files embedded in a PDF (its attachments and portfolio entries, and files attached to
/// annotations), by poppler's `pdfdetach`: they become the PDF's family members. What cannot
/// be saved is said in a warning; the PDF's own text stands either way.
fn embedded_files(
    path: &Path,
    deadline: Instant,
    opts: &Options,
) -> (Vec<crate::Attachment>, Vec<String>) {
    let mut list = Command::new("pdfdetach");
    list.args(["-list", "-enc", "UTF-8"]).arg(path);
    let names: Vec<String> = match proc::run(list, deadline) {
        Ok(o) if o.success => String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| {
                let (n, name) = l.split_once(": ")?;
                n.trim().parse::<usize>().ok()?;
                Some(name.trim().to_string())
            })
            .collect(),
        // No pdfdetach, or a PDF it cannot list: the PDF's own text stands.
        _ => return (vec![], vec![]),
    };
    if names.is_empty() {
        return (vec![], vec![]);
    }
    let Ok(dir) = opts.temp_dir("extract-embedded") else {
        return (
            vec![],
            vec!["embedded files not read (no scratch space)".into()],
        );
    };
    let mut files = vec![];
    let mut problems = vec![];
    for (i, name) in names.iter().enumerate() {
        let out = dir.path().join(format!("{}", i + 1));
        let mut save = Command::new("pdfdetach");
        save.args(["-save", &(i + 1).to_string(), "-o"])
            .arg(&out)
            .arg(path);
        let saved = matches!(proc::run(save, deadline), Ok(o) if o.success);
        let size = std::fs::metadata(&out).map(|m| m.len()).ok();
        match size {
            Some(n) if saved && n > opts.max_in_memory => problems.push(format!(
                "embedded file \"{name}\" not collected: too large (over {})",
                crate::fmt_size(opts.max_in_memory)
            )),
            Some(_) if saved => match std::fs::read(&out) {
                Ok(bytes) => files.push(crate::Attachment {
                    name: if name.is_empty() {
                        format!("embedded-{}", i + 1)
                    } else {
                        name.clone()
                    },
                    bytes,
                }),
                Err(e) => problems.push(format!("embedded file \"{name}\" not read ({e})")),
            },
            _ => problems.push(format!("embedded file \"{name}\" could not be saved")),
        }
        let _ = std::fs::remove_file(&out);
    }
    (files, problems)
}

/// Poppler's first diagnostic line without its "Syntax Error (123): " prefix.
fn first_error_line(stderr: &str) -> Option<String> {
    let line = stderr
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("Syntax Warning"))?;
    let msg = match line.find("): ") {
        Some(p) if line.contains("Error (") && p < 40 => &line[p + 3..],
        _ => line
            .split_once(": ")
            .filter(|(k, _)| k.ends_with("Error"))
            .map_or(line, |(_, v)| v),
    };
    Some(crate::one_line(&msg.replace("<0a>", " "), 160))
}

/// Whether the trailer (at the end, or at the start of a linearized file) names /Encrypt.
fn is_encrypted(path: &Path) -> bool {
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut buf = Vec::new();
    let _ = (&mut f).take(4096).read_to_end(&mut buf);
    let tail = 64 * 1024;
    if len > 4096 {
        let _ = f.seek(SeekFrom::Start(len.saturating_sub(tail).max(4096)));
        let _ = f.take(tail).read_to_end(&mut buf);
    }
    buf.windows(8).any(|w| w == b"/Encrypt")
}

fn needs_ocr(p: &Page) -> bool {
    let mut alnum = 0usize;
    let mut junk = 0usize;
    for w in &p.words {
        for c in w.text.chars() {
            if c.is_alphanumeric() {
                alnum += 1;
            } else if c == '\u{FFFD}' || c.is_control() || ('\u{E000}'..='\u{F8FF}').contains(&c) {
                junk += 1;
            }
        }
    }
    alnum < MIN_ALNUM || junk > alnum
}

fn attr_f32(e: &quick_xml::events::BytesStart<'_>, name: &str) -> f32 {
    e.attributes()
        .flatten()
        .find(|a| a.key.0 == name)
        .and_then(|a| a.value.trim().parse::<f32>().ok())
        .filter(|v| v.is_finite())
        .unwrap_or(0.0)
}

fn attr_string(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.0 == name).map(|a| {
        match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            Ok(v) => v.into_owned(),
            Err(_) => a.value.into_owned(),
        }
    })
}

/// Parses pdftotext's -bbox-layout XHTML: meta, title, pages and words.
pub(crate) fn parse_bbox(xml: &str) -> Result<Extracted, Failure> {
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().check_end_names = false;
    let mut out = Extracted::default();
    let mut in_title = false;
    let mut title = String::new();
    let mut cur_word: Option<(f32, f32, f32, f32)> = None;
    let mut word_text = String::new();
    loop {
        let ev = match r.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                if out.pages.is_empty() {
                    return Err(Failure(format!(
                        "damaged PDF (unreadable text output: {})",
                        crate::one_line(&e.to_string(), 100)
                    )));
                }
                out.warnings
                    .push("PDF text output was cut short; later pages may be missing".into());
                break;
            }
        };
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "page" => {
                    let n = out.pages.len() as u32 + 1;
                    out.pages.push(Page {
                        number: n,
                        width_pt: attr_f32(&e, "width"),
                        height_pt: attr_f32(&e, "height"),
                        words: Vec::new(),
                        ocr: false,
                    });
                }
                "word" => {
                    cur_word = Some((
                        attr_f32(&e, "xMin"),
                        attr_f32(&e, "yMin"),
                        attr_f32(&e, "xMax"),
                        attr_f32(&e, "yMax"),
                    ));
                    word_text.clear();
                }
                "title" => in_title = true,
                "meta" => {
                    if let (Some(n), Some(c)) =
                        (attr_string(&e, "name"), attr_string(&e, "content"))
                    {
                        let c = c.trim();
                        let key = match n.as_str() {
                            "Author" => "author",
                            "Creator" => "creator",
                            "Producer" => "producer",
                            "CreationDate" => "created",
                            "ModDate" => "modified",
                            "Subject" => "subject",
                            "Keywords" => "keywords",
                            _ => "",
                        };
                        if !key.is_empty() && !c.is_empty() {
                            let v = if key == "created" || key == "modified" {
                                iso_offset(c)
                            } else {
                                c.to_string()
                            };
                            out.fields.insert(key.into(), v);
                        }
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if cur_word.is_some() {
                    word_text.push_str(&t.xml10_content());
                } else if in_title {
                    title.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) => {
                let s = resolve_ref(&g);
                if cur_word.is_some() {
                    word_text.push_str(&s);
                } else if in_title {
                    title.push_str(&s);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "word" => {
                    if let (Some((x0, y0, x1, y1)), Some(p)) =
                        (cur_word.take(), out.pages.last_mut())
                    {
                        let (w, h) = (p.width_pt.max(1e-3), p.height_pt.max(1e-3));
                        let text = word_text.trim();
                        if !text.is_empty() {
                            p.words.push(Word {
                                text: text.to_string(),
                                x0: (x0 / w).clamp(0.0, 1.0),
                                y0: (y0 / h).clamp(0.0, 1.0),
                                x1: (x1 / w).clamp(0.0, 1.0),
                                y1: (y1 / h).clamp(0.0, 1.0),
                                conf: None,
                            });
                        }
                    }
                }
                "title" => in_title = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if !title.is_empty() {
        out.fields.insert("title".into(), title.clone());
        out.title = Some(title);
    }
    Ok(out)
}

/// Entity and character references as text.
pub(crate) fn resolve_ref(g: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = g.resolve_char_ref() {
        return c.to_string();
    }
    let name = g.xml10_content();
    match quick_xml::escape::resolve_predefined_entity(&name) {
        Some(s) => s.to_string(),
        None => format!("&{name};"),
    }
}

/// Poppler's ISO dates end "+02" or "Z"; RFC 3339 wants "+02:00".
fn iso_offset(s: &str) -> String {
    // By bytes: a damaged date may hold any character, and its last three bytes need not
    // start on one (found by fuzzing: a date ending in two U+FFFD and a Z panicked here).
    if let [.., sign, d1, d2] = s.as_bytes()
        && matches!(sign, b'+' | b'-')
        && d1.is_ascii_digit()
        && d2.is_ascii_digit()
        && s.contains('T')
    {
        return format!("{s}:00");
    }
    s.to_string()
}

/// OCR of the given 1-based pages of a PDF (rendered with pdftoppm at 300 dpi) or of an
/// image (all frames of a multi-page TIFF; `pages` filters them when not empty), via the
/// `tesseract` CLI with TSV output, OMP_THREAD_LIMIT=1, killed after `opts.ocr_timeout`
/// (per page). Returns pages with words (conf set, 0..1) and `ocr = true`.
pub fn ocr(path: &Path, kind: Kind, pages: &[u32], opts: &Options) -> Result<Vec<Page>, Failure> {
    crate::guarded(|| match kind {
        Kind::Pdf => ocr_pdf(path, pages, opts),
        Kind::Image => ocr_image(path, pages, opts),
        k => Err(Failure(format!("OCR is for PDFs and images, not {k}"))),
    })
}

fn ocr_pdf(path: &Path, pages: &[u32], opts: &Options) -> Result<Vec<Page>, Failure> {
    let dir = opts
        .temp_dir("extract-ocr")
        .map_err(|e| Failure(format!("cannot make a temporary folder ({e})")))?;
    let mut out = Vec::with_capacity(pages.len());
    for &n in pages {
        if n == 0 {
            return Err(Failure::new("page numbers start at 1"));
        }
        let deadline = Instant::now() + opts.ocr_timeout;
        let dpi = ocr_dpi(path, n, deadline);
        let root = dir.path().join(format!("p{n}"));
        let mut cmd = Command::new("pdftoppm");
        cmd.args(["-r", &dpi.to_string(), "-gray", "-png", "-singlefile"])
            .args(["-f", &n.to_string(), "-l", &n.to_string()])
            .arg(path)
            .arg(&root);
        let o = match proc::run(cmd, deadline) {
            Ok(o) => o,
            Err(RunError::Missing) => return Err(Failure::new(POPPLER_MISSING)),
            Err(RunError::Timeout) => return Err(Failure::timeout(opts.ocr_timeout)),
            Err(RunError::Io(e)) => return Err(Failure(format!("cannot run pdftoppm ({e})"))),
        };
        let png = root.with_extension("png");
        if !o.success || !png.exists() {
            if o.stderr.contains("Incorrect password") {
                return Err(Failure::encrypted());
            }
            return Err(Failure(format!(
                "cannot render page {n} ({})",
                first_error_line(&o.stderr).unwrap_or_else(|| "no such page".into())
            )));
        }
        let tsv = tesseract(&png, deadline, opts)?;
        let _ = std::fs::remove_file(&png);
        let mut parsed = parse_tsv(&tsv);
        let mut page = if parsed.is_empty() {
            Page {
                number: n,
                width_pt: 0.0,
                height_pt: 0.0,
                words: Vec::new(),
                ocr: true,
            }
        } else {
            parsed.swap_remove(0)
        };
        page.number = n;
        // Rendered at `dpi`: pixels to points.
        page.width_pt *= 72.0 / dpi as f32;
        page.height_pt *= 72.0 / dpi as f32;
        out.push(page);
    }
    Ok(out)
}

/// 300 dpi, lowered for very large pages (drawings, posters) as every rendering is
/// ([`crate::render::page_dpi`]): tesseract's memory and time grow with the pixel count. A
/// page too large even at the lowest resolution is read at that resolution.
fn ocr_dpi(path: &Path, page: u32, deadline: Instant) -> u32 {
    use crate::render;
    match render::page_size(path, page, deadline) {
        Ok((w, h)) => render::page_dpi(page, w, h, 300).unwrap_or(render::MIN_DPI),
        Err(_) => 300,
    }
}

fn ocr_image(path: &Path, pages: &[u32], opts: &Options) -> Result<Vec<Page>, Failure> {
    let frames = crate::image::frames(path)?;
    let limit = opts.ocr_timeout * (frames.len().max(1) as u32);
    let deadline = Instant::now() + limit;
    let tsv = tesseract(path, deadline, opts).map_err(|f| {
        if f.0.starts_with("took too long") {
            Failure::timeout(limit)
        } else {
            f
        }
    })?;
    let mut out = parse_tsv(&tsv);
    for p in &mut out {
        if let Some(f) = frames.get(p.number as usize - 1) {
            let (w, h) = f.size_pt();
            p.width_pt = w;
            p.height_pt = h;
        } else {
            // Pixels at 72 dpi.
        }
    }
    if !pages.is_empty() {
        out.retain(|p| pages.contains(&p.number));
    }
    Ok(out)
}

fn tesseract(image: &Path, deadline: Instant, opts: &Options) -> Result<String, Failure> {
    let mut cmd = Command::new("tesseract");
    cmd.arg(image)
        .arg("stdout")
        .args(["-l", "eng", "--psm", "3", "tsv"])
        .env("OMP_THREAD_LIMIT", "1");
    let o = match proc::run(cmd, deadline) {
        Ok(o) => o,
        Err(RunError::Missing) => return Err(Failure::new(TESSERACT_MISSING)),
        Err(RunError::Timeout) => return Err(Failure::timeout(opts.ocr_timeout)),
        Err(RunError::Io(e)) => return Err(Failure(format!("cannot run tesseract ({e})"))),
    };
    if !o.success {
        if o.stderr.contains("Failed loading language") {
            return Err(Failure::new(
                "cannot OCR here (English data missing: apt-get install tesseract-ocr-eng)",
            ));
        }
        let line = o
            .stderr
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("Warning") && !l.starts_with("Estimating"))
            .unwrap_or("tesseract failed");
        return Err(Failure(format!(
            "OCR failed ({})",
            crate::one_line(line, 160)
        )));
    }
    Ok(String::from_utf8_lossy(&o.stdout).into_owned())
}

/// Tesseract TSV: level-1 rows give each page's pixel size, level-5 rows the words.
/// Pages come back with width/height in pixels (the caller converts) and normalised words.
pub(crate) fn parse_tsv(tsv: &str) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    let mut dims: Vec<(f32, f32)> = Vec::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.splitn(12, '\t').collect();
        if cols.len() < 11 {
            continue;
        }
        let num = |i: usize| cols[i].trim().parse::<f32>().unwrap_or(0.0);
        let level = cols[0].trim();
        let page_num = cols[1].trim().parse::<u32>().unwrap_or(1).max(1);
        match level {
            "1" => {
                pages.push(Page {
                    number: page_num,
                    width_pt: num(8),
                    height_pt: num(9),
                    words: Vec::new(),
                    ocr: true,
                });
                dims.push((num(8).max(1.0), num(9).max(1.0)));
            }
            "5" => {
                let text = cols.get(11).map_or("", |t| t.trim());
                let conf = num(10);
                if text.is_empty() || conf < 0.0 {
                    continue;
                }
                let Some(idx) = pages.iter().rposition(|p| p.number == page_num) else {
                    continue;
                };
                let (w, h) = dims[idx];
                let (l, t, ww, hh) = (num(6), num(7), num(8), num(9));
                pages[idx].words.push(Word {
                    text: text.to_string(),
                    x0: (l / w).clamp(0.0, 1.0),
                    y0: (t / h).clamp(0.0, 1.0),
                    x1: ((l + ww) / w).clamp(0.0, 1.0),
                    y1: ((t + hh) / h).clamp(0.0, 1.0),
                    conf: Some((conf / 100.0).clamp(0.0, 1.0)),
                });
            }
            _ => {}
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv() {
        let t = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                 1\t1\t0\t0\t0\t0\t0\t0\t1000\t500\t-1\t\n\
                 5\t1\t1\t1\t1\t1\t100\t100\t200\t50\t96.5\tPermit\n\
                 5\t1\t1\t1\t1\t2\t320\t100\t100\t50\t91\t4471\n";
        let p = parse_tsv(t);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].words.len(), 2);
        assert!((p[0].words[0].x0 - 0.1).abs() < 1e-6);
        assert!((p[0].words[0].conf.unwrap() - 0.965).abs() < 1e-6);
    }

    #[test]
    fn ocr_dpi_is_capped_for_huge_pages() {
        if Command::new("pdfinfo").arg("-v").output().is_err() {
            panic!("pdfinfo is not installed (apt-get install poppler-utils)");
        }
        let dir = tempfile::tempdir().unwrap();
        for (size, want) in [(612, 300), (7200, 70)] {
            let objs = [
                "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
                format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size} {size}] >>"),
            ];
            let mut pdf = String::from("%PDF-1.4\n");
            let mut offs = Vec::new();
            for (i, o) in objs.iter().enumerate() {
                offs.push(pdf.len());
                pdf += &format!("{} 0 obj\n{o}\nendobj\n", i + 1);
            }
            let x = pdf.len();
            pdf += "xref\n0 4\n0000000000 65535 f \n";
            for o in offs {
                pdf += &format!("{o:010} 00000 n \n");
            }
            pdf += &format!("trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n");
            let p = dir.path().join(format!("{size}.pdf"));
            std::fs::write(&p, pdf).unwrap();
            let deadline = Instant::now() + std::time::Duration::from_secs(10);
            assert_eq!(ocr_dpi(&p, 1, deadline), want);
        }
    }

    #[test]
    fn errors() {
        assert_eq!(
            first_error_line("Syntax Error (123): Couldn't read xref table\n").as_deref(),
            Some("Couldn't read xref table")
        );
        assert_eq!(
            first_error_line("Syntax Error: Couldn't find trailer dictionary\n").as_deref(),
            Some("Couldn't find trailer dictionary")
        );
        assert_eq!(
            iso_offset("2022-04-03T18:05:42+02"),
            "2022-04-03T18:05:42+02:00"
        );
        assert_eq!(iso_offset("2022-04-03T18:05:42Z"), "2022-04-03T18:05:42Z");
        // Found by fuzzing: the last three bytes inside a character.
        assert_eq!(
            iso_offset("2022-04-15T12:06:\u{fffd}\u{fffd}Z"),
            "2022-04-15T12:06:\u{fffd}\u{fffd}Z"
        );
        assert_eq!(iso_offset("T\u{e9}+02"), "T\u{e9}+02:00");
    }
}
