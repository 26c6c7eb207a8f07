//! Test support for Disclose's suites (a dev-dependency only): collections written by the
//! tests themselves — every format the pipeline must take and the bad files it must survive —
//! and test offices on the backend of the run (SQLite files, or databases on the throwaway
//! PostgreSQL server `scripts/with-postgres` starts).
//!
//! Everything panics on failure: these are test helpers.

pub mod office;
pub mod pdf;
pub mod postgres;
pub mod pst_writer;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

pub use office::{
    database_url, drop_audit_guards, office_dir, on_postgres, raw_count, raw_sql, raw_sql_error,
    raw_text,
};
pub use pdf::{
    PdfPage, assemble, damaged_jpeg, make_pdf, pdf_pages, pdf_with_attachment, pdf_with_content,
    pdf_with_text, scanned_pdf,
};

/// Writes a file (and its folders); its path.
pub fn write(path: &Path, bytes: impl AsRef<[u8]>) -> PathBuf {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
    path.to_path_buf()
}

/// Fails the test with a clear message when an external tool is missing.
pub fn need(tool: &str, package: &str) {
    let found = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()));
    assert!(
        found,
        "`{tool}` is not installed: this test needs it (apt-get install -y {package})"
    );
}

/// Runs a command that must succeed.
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

/// Base64 in lines of 76 characters (as mail carries it).
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
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
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

/// A PNG of a line of text as a scanner would give it, `size` pixels (width, height), with a
/// resolution when given (needs ImageMagick's `convert`).
pub fn scanned_png(path: &Path, text: &str) {
    scanned_png_sized(path, text, (1700, 500), None);
}

/// [`scanned_png`] at a size and resolution of one's choosing.
pub fn scanned_png_sized(path: &Path, text: &str, size: (u32, u32), dpi: Option<u32>) {
    need("convert", "imagemagick fonts-dejavu-core");
    let mut cmd = Command::new("convert");
    cmd.args(["-size", &format!("{}x{}", size.0, size.1), "xc:white"])
        .args(["-font", "DejaVu-Sans", "-pointsize", "64", "-fill", "black"])
        .args(["-annotate", &format!("+{}+{}", 50, size.1 / 2), text]);
    if let Some(dpi) = dpi {
        cmd.args(["-units", "PixelsPerInch", "-density", &dpi.to_string()]);
    }
    run(cmd.arg(path));
}

/// An email with a text body and at most one attachment.
pub fn email(from: &str, subject: &str, body: &str, attachment: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut m = format!(
        "From: {from}\r\nTo: Records Desk <records@city.example>\r\nSubject: {subject}\r\n\
         Date: Mon, 02 Nov 2026 09:30:00 -0800\r\nMessage-ID: <{}@city.example>\r\nMIME-Version: 1.0\r\n",
        subject.len() * 7919 + body.len()
    );
    match attachment {
        None => m.push_str(&format!(
            "Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
        )),
        Some((name, bytes)) => {
            m.push_str("Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n--XYZ\r\n");
            m.push_str(&format!(
                "Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n--XYZ\r\n"
            ));
            m.push_str(&format!(
                "Content-Type: application/octet-stream; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--XYZ--\r\n",
                base64(bytes)
            ));
        }
    }
    m.into_bytes()
}

/// A zip with the given (name, bytes) entries, deflated, names written as given (even `../x`).
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A zip holding `mib` MiB of zeros in one entry, written without holding it in memory.
pub fn zip_bomb(path: &Path, mib: usize) {
    let f = std::fs::File::create(path).unwrap();
    let mut w = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(mib >= 4096);
    w.start_file("zeros.bin", opts).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..mib {
        w.write_all(&chunk).unwrap();
    }
    w.finish().unwrap();
}

/// The mixed collection of the main ingest test: (root, what to expect).
pub fn mixed_collection(root: &Path) {
    write(
        &root.join("memos/memo.txt"),
        "Council memo about the Lathrop permit fees.\n",
    );
    write(
        &root.join("transfer/memo-copy.txt"),
        "Council memo about the Lathrop permit fees.\n",
    );
    write(
        &root.join("memos/latin1.txt"),
        b"Caf\xe9 receipts for Se\xf1or Mu\xf1oz, 12 Main St.\r\n",
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Zoë's résumé, permit 4471\n".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    write(&root.join("memos/utf16.txt"), utf16);
    write(
        &root.join("mail/permit.eml"),
        email(
            "Ann Lee <ann.lee@city.example>",
            "Permit question",
            "Please see the attached note.",
            Some(("note.txt", b"Attachment secret word: zanzibar")),
        ),
    );
    write(
        &root.join("pdf/invoice.pdf"),
        pdf_with_text("Invoice for Lathrop grading"),
    );
    write(
        &root.join("pdf/broken.pdf"),
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R",
    );
    write(
        &root.join("bin/data.bin"),
        (0..4096u32)
            .map(|i| (i * 7 % 251) as u8)
            .collect::<Vec<u8>>(),
    );
    write(
        &root.join("archive.zip"),
        zip(&[
            ("inner/notes.txt", b"The quokka report."),
            ("../evil.txt", b"escape"),
            ("/abs.txt", b"absolute"),
        ]),
    );
    write(
        &root.join("web/form.html"),
        "<html><head><title>Request form</title><script>var hidden='jsword';</script></head><body><p>Name: Pat Q. Public</p></body></html>",
    );
    write(
        &root.join("logs/access.log"),
        "203.0.113.9 - - [02/Nov/2026:09:00:00 -0800] \"GET /permits HTTP/1.1\" 200 512\n",
    );
}

/// A TNEF stream (`winmail.dat`) as Outlook writes one ([MS-OXTNEF]): the subject, a plain
/// body (and an HTML body in the message's MAPI properties when given), and attachments with
/// their 8.3 title, their long file name (in the attachment's MAPI properties) and bytes.
pub fn tnef(
    subject: &str,
    body: &str,
    html: Option<&str>,
    attachments: &[(&str, &str, &[u8])],
) -> Vec<u8> {
    fn attribute(out: &mut Vec<u8>, level: u8, id: u32, data: &[u8]) {
        out.push(level);
        out.extend_from_slice(&id.to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(data);
        let sum = data.iter().fold(0u16, |s, &b| s.wrapping_add(u16::from(b)));
        out.extend_from_slice(&sum.to_le_bytes());
    }
    /// A MAPI property list of variable-length properties: (type, id, bytes).
    fn props(list: &[(u16, u16, Vec<u8>)]) -> Vec<u8> {
        let mut d = (list.len() as u32).to_le_bytes().to_vec();
        for (ty, id, v) in list {
            d.extend_from_slice(&ty.to_le_bytes());
            d.extend_from_slice(&id.to_le_bytes());
            d.extend_from_slice(&1u32.to_le_bytes());
            d.extend_from_slice(&(v.len() as u32).to_le_bytes());
            d.extend_from_slice(v);
            d.resize(d.len() + (4 - v.len() % 4) % 4, 0);
        }
        d
    }
    let z = |s: &str| [s.as_bytes(), b"\0"].concat();
    let mut out = vec![0x78, 0x9F, 0x3E, 0x22, 0x01, 0x00];
    attribute(&mut out, 1, 0x0001_8004, &z(subject));
    attribute(&mut out, 1, 0x0002_800C, &z(body));
    if let Some(h) = html {
        attribute(
            &mut out,
            1,
            0x0006_9003,
            &props(&[(0x0102, 0x1013, h.as_bytes().to_vec())]),
        );
    }
    for (title, long, bytes) in attachments {
        attribute(
            &mut out,
            2,
            0x0006_9002,
            &[1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0],
        );
        attribute(&mut out, 2, 0x0001_8010, &z(title));
        attribute(&mut out, 2, 0x0006_800F, bytes);
        let long16: Vec<u8> = long
            .encode_utf16()
            .chain([0])
            .flat_map(|u| u.to_le_bytes())
            .collect();
        attribute(
            &mut out,
            2,
            0x0006_9005,
            &props(&[(0x001F, 0x3707, long16)]),
        );
    }
    out
}

/// An OpenDocument file as LibreOffice writes one: `mimetype` first and stored (so that its
/// media type can be read at a fixed place), then the manifest, `content.xml` and `meta.xml`.
pub fn opendocument(mimetype: &str, content_xml: &str, meta_xml: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(mimetype.as_bytes()).unwrap();
    let manifest = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>"#
    );
    for (name, body) in [
        ("META-INF/manifest.xml", manifest.as_str()),
        ("content.xml", content_xml),
        ("meta.xml", meta_xml),
    ] {
        w.start_file(name, deflated).unwrap();
        w.write_all(body.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The namespaces an OpenDocument `content.xml` declares, for fixtures.
pub const ODF_NAMESPACES: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3""#;

/// A DOCX with a paragraph of `body`, a tracked deletion `deleted`, and `author` in its core
/// properties.
pub fn docx(body: &str, deleted: &str, author: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t xml:space="preserve">{body} </w:t></w:r><w:del w:id="1" w:author="{author}"><w:r><w:delText>{deleted}</w:delText></w:r></w:del></w:p>
</w:body></w:document>"#
    );
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{author}</dc:creator><dc:title>Budget memo</dc:title></cp:coreProperties>"#
    );
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    zip(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
    ])
}

/// A real Outlook mailbox from `data/pst/` (see its README): `dist-list.pst`, `passworded.pst`.
pub fn pst(name: &str) -> PathBuf {
    data("pst", name)
}

/// A Word or PowerPoint 97–2003 file from `data/legacy/` (see its README), saved by
/// LibreOffice from the sources beside it: `tracked.doc`, `deck.ppt`.
pub fn legacy(name: &str) -> PathBuf {
    data("legacy", name)
}

/// A password-protected file from `data/locked/` (see its README): `settlement.docx`, locked
/// with [`LOCKED_PASSWORD`].
pub fn locked(name: &str) -> PathBuf {
    data("locked", name)
}

/// A PDF of `text` locked with `password` (qpdf, AES-256): a user password, so it cannot be
/// read without it.
pub fn locked_pdf(path: &Path, text: &str, password: &str) -> PathBuf {
    need("qpdf", "qpdf");
    let plain = path.with_extension("plain.pdf");
    write(&plain, pdf::pdf_with_text(text));
    run(Command::new("qpdf")
        .args(["--encrypt", password, "owner-of-the-file", "256", "--"])
        .arg(&plain)
        .arg(path));
    std::fs::remove_file(&plain).unwrap();
    path.to_path_buf()
}

/// The password of the files in `data/locked/`.
pub const LOCKED_PASSWORD: &str = "Parcel-4471!";

fn data(folder: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(folder)
        .join(name)
}
