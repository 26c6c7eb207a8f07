//! Fixture builders shared by the integration tests: everything is made in the test.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Fails the test with a clear message when an external tool is missing.
pub fn need(tool: &str, package: &str) {
    let found = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()));
    assert!(
        found,
        "`{tool}` is not installed: this test needs it (apt-get install -y {package})"
    );
}

pub fn run(cmd: &mut Command) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

pub fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in data.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(T[(n >> (18 - 6 * k)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
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

/// A valid minimal PDF with correct xref offsets.
pub fn make_pdf(pages: &[PdfPage], title: Option<&str>) -> Vec<u8> {
    let mut objs: Vec<Vec<u8>> = Vec::new();
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
        let mut c = format!("<< /Length {} >>\nstream\n", p.content.len()).into_bytes();
        c.extend_from_slice(p.content.as_bytes());
        c.extend_from_slice(b"\nendstream");
        page_objs.push(c);
        if let Some((w, h, grey, jpg)) = &p.jpeg {
            let cs = if *grey { "/DeviceGray" } else { "/DeviceRGB" };
            let mut im = format!(
                "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace {cs} /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
                jpg.len()
            )
            .into_bytes();
            im.extend_from_slice(jpg);
            im.extend_from_slice(b"\nendstream");
            page_objs.push(im);
        }
    }
    objs.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objs.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
    );
    objs.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
    objs.push(
        format!(
            "<< /Title ({}) /Author (City Clerk) /Producer (hand-written test) /CreationDate (D:20230807140300-07'00') >>",
            title.unwrap_or("")
        )
        .into_bytes(),
    );
    objs.extend(page_objs);

    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A one-page letter PDF with lines of Helvetica text.
pub fn text_pdf(lines: &[&str]) -> Vec<u8> {
    let mut c = String::from("BT /F1 14 Tf 72 720 Td 18 TL\n");
    for l in lines {
        c.push_str(&format!(
            "({}) Tj T*\n",
            l.replace('(', "\\(").replace(')', "\\)")
        ));
    }
    c.push_str("ET");
    make_pdf(
        &[PdfPage {
            width: 612.0,
            height: 792.0,
            content: c,
            jpeg: None,
        }],
        Some("Permit Memo"),
    )
}

/// Renders "Permit 4471 approved" to a PNG with ImageMagick (a scanned page stand-in).
pub fn scan_png(dir: &Path) -> PathBuf {
    need("convert", "imagemagick fonts-dejavu-core");
    let p = dir.join("scan.png");
    run(Command::new("convert")
        .args([
            "-size",
            "1700x400",
            "xc:white",
            "-font",
            "DejaVu-Sans",
            "-pointsize",
            "64",
            "-annotate",
            "+50+200",
            "Permit 4471 approved",
            "-units",
            "PixelsPerInch",
            "-density",
            "200",
        ])
        .arg(&p));
    p
}

/// A PDF whose only page is a JPEG of the scan (no text layer).
pub fn scan_pdf(dir: &Path) -> PathBuf {
    let png = scan_png(dir);
    let jpg = dir.join("scan.jpg");
    run(Command::new("convert")
        .arg(&png)
        .args(["-colorspace", "Gray", "-quality", "90"])
        .arg(&jpg));
    let bytes = std::fs::read(&jpg).unwrap();
    // 1700 x 400 px at 200 dpi = 612 x 144 pt.
    let pdf = make_pdf(
        &[PdfPage {
            width: 612.0,
            height: 144.0,
            content: "q 612 0 0 144 0 0 cm /Im0 Do Q".into(),
            jpeg: Some((1700, 400, true, bytes)),
        }],
        None,
    );
    write(dir, "scan.pdf", pdf)
}

/// A zip made from (name, bytes) pairs, deflated.
pub fn make_zip(path: &Path, entries: &[(&str, &[u8])]) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (n, b) in entries {
        z.start_file(*n, opts).unwrap();
        z.write_all(b).unwrap();
    }
    z.finish().unwrap();
}
