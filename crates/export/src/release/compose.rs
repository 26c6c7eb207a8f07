//! A record's pages composed — typeset, rendered and burned in, or a slip sheet — with the
//! export's print and what its copy must show when read back.

use super::*;

/// What composing needs besides the record: the release (for the print on every page), the
/// render slots, and a private folder for temporary files (OCR's page images).
pub(crate) struct Ctx<'a> {
    pub(crate) rel: &'a Release,
    pub(crate) slots: &'a Slots,
    pub(crate) scratch: &'a Path,
}

/// A record's pages composed, with what its copy must show when read back.
pub(crate) struct Composed {
    pub(crate) pages: Vec<Page>,
    pub(crate) expect: Expect,
    pub(crate) hidden: Vec<HiddenText>,
    /// For each entry of `hidden`, its first few words.
    pub(crate) hidden_samples: Vec<String>,
    pub(crate) missing: usize,
}

/// Composes the pages of one record whose first page has Bates number `first`: typeset,
/// rendered and burned in (`rendered`: its pages if they were rendered ahead), or a slip
/// sheet; each page with the export's print.
pub(crate) fn compose(
    ctx: &Ctx,
    item: &Item,
    first: usize,
    rendered: Option<Vec<RenderedPage>>,
) -> Result<Composed, ExportError> {
    let rel = ctx.rel;
    let mut pages: Vec<Page> = vec![];
    let mut expect = Expect {
        release_text: item.release_text.clone(),
        removed: item.removed.clone(),
        ..Expect::default()
    };
    let mut hidden_text = vec![];
    let mut hidden_samples = vec![];
    let mut missing = 0;
    let record_label = format!("Record {}", item.doc_id);
    let print = |c: &mut Canvas, w: f32, h: f32, i: usize, n: usize| {
        furnish(
            c,
            rel,
            w,
            h,
            Mark {
                left_footer: &bates(&rel.bates_prefix, first + i),
                right_header: &record_label,
                page: i + 1,
                of: n,
                copy: true,
            },
        )
    };
    match &item.body {
        Body::Text(pieces) if !item.as_images => {
            expect.whole = true;
            let layout = typeset::layout(pieces);
            let n = layout.page_count();
            for i in 0..n {
                let mut c = Canvas::new(typeset::PAGE_W, typeset::PAGE_H);
                let (written, labels) = layout.draw(i, &mut c);
                expect.written.push_str(&written);
                expect.furniture.push_str(&labels);
                expect
                    .furniture
                    .push_str(&print(&mut c, typeset::PAGE_W, typeset::PAGE_H, i, n));
                missing += c.missing;
                pages.push(c.finish());
            }
        }
        Body::Text(pieces) => {
            // Typeset, then each page rendered to pixels and read by OCR: the copy is the
            // picture, its text layer what OCR reads in it.
            expect.may_lose = 0.05;
            expect.ocr_layer = true;
            let layout = typeset::layout(pieces);
            let n = layout.page_count();
            let mut bodies = Vec::with_capacity(n);
            for i in 0..n {
                let mut c = Canvas::new(typeset::PAGE_W, typeset::PAGE_H);
                let (_, labels) = layout.draw(i, &mut c);
                expect.furniture.push_str(&labels);
                missing += c.missing;
                bodies.push(c.finish());
            }
            let images = render_typeset(ctx, item, &bodies)?;
            for (i, r) in images.into_iter().enumerate() {
                let (w, h) = (typeset::PAGE_W, typeset::PAGE_H);
                let mut c = Canvas::new(w, h);
                c.image(r.image, [0.0, 0.0, w, h]);
                let words = r.ocr.unwrap_or_default();
                text_layer(&mut c, &words, [0.0, 0.0, w, h], &mut expect);
                expect.furniture.push_str(&print(&mut c, w, h, i, n));
                pages.push(c.finish());
            }
        }
        Body::Paged { pages: src, source } => {
            let n = src.len();
            expect.may_lose = 0.05;
            expect.ocr_layer = item.as_images;
            let rendered = match rendered {
                Some(r) => r,
                None => render_pages(ctx, source, src, item),
            };
            if rendered.len() != n {
                return Err(ExportError::render(
                    item.doc_id,
                    None,
                    "its pages were not rendered",
                ));
            }
            for ((i, p), done) in src.iter().enumerate().zip(rendered) {
                let r = done.map_err(|e| ExportError::render(item.doc_id, Some(p.number), e))?;
                // Hidden words are left out of the text layer whatever they are; a person is
                // told of those worth telling.
                let told: Vec<(&str, Hidden)> = r
                    .hidden
                    .iter()
                    .filter_map(|(k, why)| p.words.get(*k).map(|w| (w.text.as_str(), *why)))
                    .filter(|(t, _)| paged::worth_telling(t))
                    .collect();
                if let Some((_, why)) = told.first() {
                    hidden_text.push(HiddenText {
                        doc_id: item.doc_id,
                        page: p.number,
                        words: told.len(),
                        why: *why,
                    });
                    let sample: Vec<&str> = told.iter().take(8).map(|(t, _)| *t).collect();
                    hidden_samples.push(sample.join(" "));
                }
                let (w, h) = (p.width_pt, p.height_pt);
                // A page smaller than a sheet (a stamp-sized image) sits in the middle of
                // one, so that the header and footer fit on the page.
                let (sheet_w, sheet_h) = (w.max(MIN_SHEET_W), h.max(MIN_SHEET_H));
                let (ox, oy) = ((sheet_w - w) / 2.0, BAND + (sheet_h - h) / 2.0);
                let mut c = Canvas::new(sheet_w, sheet_h + 2.0 * BAND);
                c.image(r.image, [ox, oy, w, h]);
                for (k, word) in p.words.iter().enumerate() {
                    if r.hidden.iter().any(|(j, _)| *j == k) {
                        expect.hidden.push(word.text.clone());
                    } else {
                        expect.visible.push_str(&word.text);
                        expect.visible.push(' ');
                    }
                }
                match &r.ocr {
                    // Released as images: the words OCR read from the burned page.
                    Some(words) => text_layer(&mut c, words, [ox, oy, w, h], &mut expect),
                    // The source's words, neither hidden nor under a box.
                    None => {
                        let kept: Vec<PageWord> = p
                            .words
                            .iter()
                            .enumerate()
                            .filter(|(k, word)| {
                                !r.hidden.iter().any(|(j, _)| j == k)
                                    && !p.boxes.iter().any(|b| paged::overlaps(word, b))
                            })
                            .map(|(_, word)| word.clone())
                            .collect();
                        text_layer(&mut c, &kept, [ox, oy, w, h], &mut expect);
                    }
                }
                // Labels on the burned boxes, as text on top.
                for b in &p.boxes {
                    let bw = (b.x1 - b.x0) * w;
                    let bh = (b.y1 - b.y0) * h;
                    if let Some((l, size)) = typeset::label_for_box(&b.label, bw, bh) {
                        let lw = Font::get().width(&l, size);
                        let style = Style {
                            gray: 1.0,
                            ..Style::new(size)
                        };
                        let y = oy + (1.0 - b.y1) * h + (bh - size) / 2.0 + size * 0.2;
                        c.text(ox + b.x0 * w + (bw - lw) / 2.0, y, &l, style);
                        expect.furniture.push_str(&l);
                        expect.furniture.push('\n');
                    }
                }
                expect
                    .furniture
                    .push_str(&print(&mut c, sheet_w, sheet_h + 2.0 * BAND, i, n));
                missing += c.missing;
                pages.push(c.finish());
            }
        }
        Body::Withheld {
            labels,
            pages: would,
        } => {
            let n = match rel.slip_sheets {
                SlipSheets::One => 1,
                SlipSheets::PerPage => (*would).max(1) as usize,
            };
            let stands_for = if *would == 1 {
                "1 page".to_string()
            } else {
                format!("{would} pages")
            };
            for i in 0..n {
                let mut c = Canvas::new(typeset::PAGE_W, typeset::PAGE_H);
                let mut y = typeset::PAGE_H / 2.0 + 60.0;
                let lines = [
                    ("WITHHELD IN FULL".to_string(), 20.0),
                    (labels.join("; "), 12.0),
                    (format!("Record {} — {stands_for}", item.doc_id), 11.0),
                ];
                for (line, size) in lines {
                    let lw = Font::get().width(&line, size);
                    c.text((typeset::PAGE_W - lw) / 2.0, y, &line, Style::new(size));
                    expect.furniture.push_str(&line);
                    expect.furniture.push('\n');
                    y -= size * 2.2;
                }
                expect
                    .furniture
                    .push_str(&print(&mut c, typeset::PAGE_W, typeset::PAGE_H, i, n));
                pages.push(c.finish());
            }
        }
    }
    Ok(Composed {
        pages,
        expect,
        hidden: hidden_text,
        hidden_samples,
        missing,
    })
}

/// An invisible text layer: each word stretched over its box (`at`: where the page sits
/// on the sheet, x, y, width, height in points); what was written goes into `expect`.
pub(crate) fn text_layer(c: &mut Canvas, words: &[PageWord], at: [f32; 4], expect: &mut Expect) {
    let [ox, oy, w, h] = at;
    for word in words {
        let bh = (word.y1 - word.y0) * h;
        let bw = (word.x1 - word.x0) * w;
        if bh <= 0.0 || bw <= 0.0 || word.text.trim().is_empty() {
            continue;
        }
        let size = (bh * 0.85).clamp(1.0, 200.0);
        let style = Style {
            invisible: true,
            width: Some(bw),
            ..Style::new(size)
        };
        let base = oy + (1.0 - word.y1) * h + bh * 0.2;
        c.text(ox + word.x0 * w, base, &word.text, style);
        expect.written.push_str(&word.text);
        expect.written.push(' ');
    }
}

/// Writes `pages` to a PDF file.
pub(crate) fn write_pdf(
    path: &Path,
    pages: &[Page],
    date: (u16, u8, u8, u8, u8, u8),
) -> std::io::Result<()> {
    let mut w = Writer::new(BufWriter::new(File::create(path)?))?;
    for p in pages {
        w.page(p)?;
    }
    let info = Info {
        title: String::new(),
        subject: String::new(),
        date,
    };
    w.finish(&info)?.into_inner().map_err(|e| e.into_error())?;
    Ok(())
}

/// Typeset pages (no print of the export's own) as pictures, each with the words OCR
/// reads in it.
pub(crate) fn render_typeset(
    ctx: &Ctx,
    item: &Item,
    bodies: &[Page],
) -> Result<Vec<Rendered>, ExportError> {
    let dpi = ctx.rel.dpi;
    let keys: Vec<Option<String>> = bodies
        .iter()
        .map(|p| {
            item.cache
                .as_ref()
                .map(|c| c.key(&p.fingerprint(), dpi, true))
        })
        .collect();
    let cached: Vec<Option<Rendered>> = keys
        .iter()
        .zip(&item.cache)
        .map(|(k, c)| k.as_ref().and_then(|k| c.get(k)))
        .chain(std::iter::repeat(None))
        .take(bodies.len())
        .collect();
    if cached.iter().all(Option::is_some) {
        return Ok(cached.into_iter().flatten().collect());
    }
    let tmp = tempfile::Builder::new()
        .prefix("as-images")
        .tempdir_in(ctx.scratch)?;
    let path = tmp.path().join("typeset.pdf");
    write_pdf(&path, bodies, (2000, 1, 1, 0, 0, 0))?;
    let mut out = Vec::with_capacity(bodies.len());
    for (i, c) in cached.into_iter().enumerate() {
        if let Some(r) = c {
            out.push(r);
            continue;
        }
        let page = i as u32 + 1;
        let fail = |e: extract::Failure| ExportError::render(item.doc_id, Some(page), e);
        let _slot = ctx.slots.take();
        let raster = paged::render_pdf_page(&path, page, dpi).map_err(fail)?;
        let words = paged::ocr_raster(&raster, tmp.path()).map_err(fail)?;
        let r = Rendered {
            image: paged::encode(&raster, false).map_err(fail)?,
            hidden: vec![],
            ocr: Some(words),
        };
        if let (Some(Some(k)), Some(c)) = (keys.get(i), &item.cache) {
            c.put(k, &r);
        }
        out.push(r);
    }
    Ok(out)
}
