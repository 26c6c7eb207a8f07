//! Hand-written PDFs: every file assembled by [`assemble`] with its cross-reference table
//! computed, so that strict readers take them.

use std::path::Path;
use std::process::Command;

/// A PDF file of `objects` (numbered from 1, the catalog first), with its xref table computed;
/// `trailer` adds entries to the trailer dictionary (e.g. `/Info 4 0 R `).
pub fn assemble<O: AsRef<[u8]>>(objects: &[O], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = vec![];
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o.as_ref());
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer}>>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1,
        )
        .as_bytes(),
    );
    out
}

/// A stream object: its dictionary entries (besides `/Length`) and its bytes.
fn stream(dict: &str, bytes: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict}/Length {} >>\nstream\n", bytes.len()).into_bytes();
    o.extend_from_slice(bytes);
    o.extend_from_slice(b"\nendstream");
    o
}

/// A valid one-page PDF with a line of Helvetica text.
pub fn pdf_with_text(text: &str) -> Vec<u8> {
    pdf_with_content(&format!("BT /F1 18 Tf 72 700 Td ({text}) Tj ET"), None)
}

/// A one-page PDF whose page draws `content` (Helvetica is /F1), with an optional document
/// information dictionary (e.g. `/Author (Someone)`).
pub fn pdf_with_content(content: &str, info: Option<&str>) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        stream("", content.as_bytes()),
    ];
    if let Some(info) = info {
        objects.push(format!("<< {info} >>").into_bytes());
    }
    assemble(&objects, if info.is_some() { "/Info 6 0 R " } else { "" })
}

/// A one-page PDF with a line of text and a file embedded in it (the document's
/// `/EmbeddedFiles`, as "attach a file" in a PDF editor makes).
pub fn pdf_with_attachment(text: &str, name: &str, bytes: &[u8]) -> Vec<u8> {
    let content = format!("BT /F1 18 Tf 72 700 Td ({text}) Tj ET");
    assemble(
        &[
            format!("<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [({name}) 6 0 R] >> >> >>").into_bytes(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
            stream("", content.as_bytes()),
            format!("<< /Type /Filespec /F ({name}) /UF ({name}) /EF << /F 7 0 R >> >>").into_bytes(),
            stream("/Type /EmbeddedFile ", bytes),
        ],
        "",
    )
}

/// A PDF of `pages` US Letter pages, each with a heading, lines of text and grey panels (work
/// for a renderer), numbered in its text: "Page 3 of 40".
pub fn pdf_pages(pages: usize, heading: &str) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        vec![], // the page tree, once the kids are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    let mut kids = vec![];
    for n in 1..=pages {
        let mut content = String::from("0.85 g 60 420 490 180 re f 0.7 g 60 80 490 120 re f 0 g ");
        content.push_str(&format!(
            "BT /F1 18 Tf 72 720 Td ({heading}, page {n} of {pages}) Tj ET "
        ));
        for line in 0..20 {
            content.push_str(&format!(
                "BT /F1 11 Tf 72 {} Td (Line {line}: the permit file for parcel {n}-{line} continues here.) Tj ET ",
                690 - line * 14
            ));
        }
        let content_id = objects.len() + 1;
        objects.push(stream("", content.as_bytes()));
        kids.push(objects.len() + 1);
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
        ).into_bytes());
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {pages} >>",
        kids.iter()
            .map(|k| format!("{k} 0 R"))
            .collect::<Vec<_>>()
            .join(" ")
    )
    .into_bytes();
    assemble(&objects, "")
}

/// One page of a hand-written PDF.
pub struct PdfPage {
    pub width: f32,
    pub height: f32,
    /// Content stream (uses font /F1 = Helvetica and image /Im0 when given).
    pub content: String,
    /// A JPEG drawn as /Im0: (pixel width, pixel height, grey?, bytes).
    pub jpeg: Option<(u32, u32, bool, Vec<u8>)>,
}

/// A PDF of these pages with a document information dictionary (title, author, producer,
/// creation date).
pub fn make_pdf(pages: &[PdfPage], title: Option<&str>) -> Vec<u8> {
    // 1: catalog, 2: pages, 3: font, 4: info; then per page: page, content, [image].
    let mut kids = Vec::new();
    let mut page_objs: Vec<Vec<u8>> = Vec::new();
    let mut next = 5;
    for p in pages {
        let page_id = next;
        let content_id = next + 1;
        let image_id = next + 2;
        next += if p.jpeg.is_some() { 3 } else { 2 };
        kids.push(format!("{page_id} 0 R"));
        let xobj = if p.jpeg.is_some() {
            format!("/XObject << /Im0 {image_id} 0 R >>")
        } else {
            String::new()
        };
        page_objs.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] /Resources << /Font << /F1 3 0 R >> {xobj} >> /Contents {content_id} 0 R >>",
                p.width, p.height
            )
            .into_bytes(),
        );
        page_objs.push(stream("", p.content.as_bytes()));
        if let Some((w, h, grey, jpg)) = &p.jpeg {
            let cs = if *grey { "/DeviceGray" } else { "/DeviceRGB" };
            page_objs.push(stream(
                &format!(
                    "/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace {cs} /BitsPerComponent 8 /Filter /DCTDecode "
                ),
                jpg,
            ));
        }
    }
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        format!(
            "<< /Title ({}) /Author (City Clerk) /Producer (hand-written test) /CreationDate (D:20230807140300-07'00') >>",
            title.unwrap_or("")
        )
        .into_bytes(),
    ];
    objs.extend(page_objs);
    assemble(&objs, "/Info 4 0 R ")
}

/// A one-page PDF that is only a picture of a page (a scan): the PNG (1700 × 500 pixels, see
/// [`crate::scanned_png`]) as a JPEG across a US Letter page.
pub fn scanned_pdf(png: &Path) -> Vec<u8> {
    let jpg = png.with_extension("jpg");
    crate::run(Command::new("convert").arg(png).arg(&jpg));
    let jpeg = std::fs::read(&jpg).unwrap();
    std::fs::remove_file(&jpg).unwrap();
    let (w, h) = (1700, 500);
    let content = format!(
        "q 612 0 0 {:.2} 0 300 cm /Im1 Do Q",
        612.0 * h as f64 / w as f64
    );
    assemble(
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
            stream(
                &format!("/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode "),
                &jpeg,
            ),
            stream("", content.as_bytes()),
        ],
        "",
    )
}

/// A JPEG whose header reads (a 64 × 64 frame) but whose pixels do not decode: ingest takes
/// it, nothing can render it.
pub fn damaged_jpeg() -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    j.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    j.extend_from_slice(&[
        0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x40, 0x00, 0x40, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11,
        0x01, 0x03, 0x11, 0x01,
    ]);
    j.extend_from_slice(&[0x13; 200]);
    j
}
