//! Images: page sizes from the file header (no decoding); the text comes from OCR.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::{Extracted, Failure, Page};

/// One frame: pixel size and resolution (dots per inch, when the file says).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Frame {
    pub width: u32,
    pub height: u32,
    pub dpi_x: Option<f32>,
    pub dpi_y: Option<f32>,
}

impl Frame {
    /// Size in points: pixels at the file's resolution, or 72 dpi (1 px = 1 pt) without one.
    pub(crate) fn size_pt(&self) -> (f32, f32) {
        let dx = self
            .dpi_x
            .filter(|d| *d >= 10.0 && *d <= 10000.0)
            .unwrap_or(72.0);
        let dy = self
            .dpi_y
            .filter(|d| *d >= 10.0 && *d <= 10000.0)
            .unwrap_or(dx);
        (
            self.width as f32 * 72.0 / dx,
            self.height as f32 * 72.0 / dy,
        )
    }
}

pub(crate) fn extract_image(path: &Path) -> Result<Extracted, Failure> {
    let frames = frames(path)?;
    let mut out = Extracted::default();
    for (i, f) in frames.iter().enumerate() {
        let (w, h) = f.size_pt();
        let n = i as u32 + 1;
        out.pages.push(Page {
            number: n,
            width_pt: w,
            height_pt: h,
            words: Vec::new(),
            ocr: false,
        });
        out.needs_ocr.push(n);
    }
    if let Some(f) = frames.first() {
        out.fields
            .insert("pixels".into(), format!("{}x{}", f.width, f.height));
        if let Some(d) = f.dpi_x {
            out.fields.insert("dpi".into(), format!("{}", d.round()));
        }
    }
    out.fields.insert("pages".into(), frames.len().to_string());
    Ok(out)
}

/// The frames (pages) of an image file, from its header.
pub(crate) fn frames(path: &Path) -> Result<Vec<Frame>, Failure> {
    let mut f = std::fs::File::open(path).map_err(|e| crate::io_failure(&e))?;
    let mut head = Vec::new();
    (&mut f)
        .take(256 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| crate::io_failure(&e))?;
    let bad = |what: &str| Failure(format!("damaged image ({what})"));
    if head.starts_with(b"\x89PNG") {
        png(&head).map(|f| vec![f]).ok_or_else(|| bad("PNG header"))
    } else if head.starts_with(&[0xFF, 0xD8]) {
        jpeg(&mut f)
            .map(|f| vec![f])
            .ok_or_else(|| bad("JPEG header"))
    } else if head.starts_with(b"GIF8") {
        if head.len() < 10 {
            return Err(bad("GIF header"));
        }
        Ok(vec![Frame {
            width: u16::from_le_bytes([head[6], head[7]]) as u32,
            height: u16::from_le_bytes([head[8], head[9]]) as u32,
            dpi_x: None,
            dpi_y: None,
        }])
    } else if head.starts_with(b"BM") {
        bmp(&head).map(|f| vec![f]).ok_or_else(|| bad("BMP header"))
    } else if is_webp(&head) {
        webp(&head)
            .map(|f| vec![f])
            .ok_or_else(|| bad("WebP header"))
    } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        let v = tiff(&mut f).ok_or_else(|| bad("TIFF header"))?;
        if v.is_empty() {
            return Err(bad("TIFF has no pages"));
        }
        Ok(v)
    } else {
        Err(Failure::new(
            "unsupported type (not an image format we know)",
        ))
    }
    .and_then(|v| {
        if v.iter().any(|f| f.width == 0 || f.height == 0) {
            Err(bad("zero size"))
        } else {
            Ok(v)
        }
    })
}

/// A WebP file: a RIFF container of a `WEBP` form.
pub(crate) fn is_webp(h: &[u8]) -> bool {
    h.len() >= 16 && h.starts_with(b"RIFF") && &h[8..12] == b"WEBP"
}

/// A WebP's size from its first chunk: the canvas of an extended file (`VP8X`), else the
/// frame of a lossy (`VP8 `) or lossless (`VP8L`) one.
fn webp(h: &[u8]) -> Option<Frame> {
    let le24 = |at: usize| -> Option<u32> {
        let b = h.get(at..at + 3)?;
        Some(u32::from(b[0]) | (u32::from(b[1]) << 8) | (u32::from(b[2]) << 16))
    };
    let (width, height) = match h.get(12..16)? {
        b"VP8X" => (le24(24)? + 1, le24(27)? + 1),
        b"VP8 " => {
            if h.get(23..26)? != [0x9d, 0x01, 0x2a] {
                return None;
            }
            let w = u16::from_le_bytes([*h.get(26)?, *h.get(27)?]) & 0x3fff;
            let hgt = u16::from_le_bytes([*h.get(28)?, *h.get(29)?]) & 0x3fff;
            (u32::from(w), u32::from(hgt))
        }
        b"VP8L" => {
            if *h.get(20)? != 0x2f {
                return None;
            }
            let b = u32::from_le_bytes(h.get(21..25)?.try_into().ok()?);
            ((b & 0x3fff) + 1, ((b >> 14) & 0x3fff) + 1)
        }
        _ => return None,
    };
    Some(Frame {
        width,
        height,
        dpi_x: None,
        dpi_y: None,
    })
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn png(h: &[u8]) -> Option<Frame> {
    if h.get(12..16)? != b"IHDR" {
        return None;
    }
    let mut f = Frame {
        width: be32(h, 16)?,
        height: be32(h, 20)?,
        dpi_x: None,
        dpi_y: None,
    };
    // pHYs: pixels per unit, unit 1 = metre.
    let mut at = 8;
    while at + 8 <= h.len() {
        let len = be32(h, at)? as usize;
        let ty = h.get(at + 4..at + 8)?;
        if ty == b"pHYs" && len >= 9 {
            let (x, y, unit) = (be32(h, at + 8)?, be32(h, at + 12)?, *h.get(at + 16)?);
            if unit == 1 {
                f.dpi_x = Some(x as f32 * 0.0254);
                f.dpi_y = Some(y as f32 * 0.0254);
            }
            break;
        }
        if ty == b"IDAT" || ty == b"IEND" {
            break;
        }
        at = at.checked_add(12 + len)?;
    }
    Some(f)
}

fn jpeg(f: &mut std::fs::File) -> Option<Frame> {
    f.seek(SeekFrom::Start(2)).ok()?;
    let mut r = std::io::BufReader::new(f);
    let mut dpi: Option<(f32, f32)> = None;
    let mut byte = [0u8; 1];
    for _ in 0..10_000 {
        // Find the next marker.
        r.read_exact(&mut byte).ok()?;
        if byte[0] != 0xFF {
            continue;
        }
        let mut m = [0u8; 1];
        r.read_exact(&mut m).ok()?;
        let marker = m[0];
        if marker == 0xFF || marker == 0x00 || (0xD0..=0xD9).contains(&marker) {
            continue;
        }
        let mut lb = [0u8; 2];
        r.read_exact(&mut lb).ok()?;
        let len = u16::from_be_bytes(lb) as usize;
        if len < 2 {
            return None;
        }
        let mut seg = vec![0u8; len - 2];
        r.read_exact(&mut seg).ok()?;
        match marker {
            0xE0 if seg.starts_with(b"JFIF\0") && seg.len() >= 12 => {
                let unit = seg[7];
                let x = u16::from_be_bytes([seg[8], seg[9]]) as f32;
                let y = u16::from_be_bytes([seg[10], seg[11]]) as f32;
                match unit {
                    1 => dpi = Some((x, y)),
                    2 => dpi = Some((x * 2.54, y * 2.54)),
                    _ => {}
                }
            }
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) && seg.len() >= 5 => {
                return Some(Frame {
                    height: u16::from_be_bytes([seg[1], seg[2]]) as u32,
                    width: u16::from_be_bytes([seg[3], seg[4]]) as u32,
                    dpi_x: dpi.map(|d| d.0),
                    dpi_y: dpi.map(|d| d.1),
                });
            }
            _ => {}
        }
    }
    None
}

fn bmp(h: &[u8]) -> Option<Frame> {
    let dib = u32::from_le_bytes(h.get(14..18)?.try_into().ok()?);
    if dib == 12 {
        return Some(Frame {
            width: u16::from_le_bytes(h.get(18..20)?.try_into().ok()?) as u32,
            height: u16::from_le_bytes(h.get(20..22)?.try_into().ok()?) as u32,
            dpi_x: None,
            dpi_y: None,
        });
    }
    let w = i32::from_le_bytes(h.get(18..22)?.try_into().ok()?);
    let hh = i32::from_le_bytes(h.get(22..26)?.try_into().ok()?);
    let ppm_x = h
        .get(38..42)
        .map(|b| i32::from_le_bytes(b.try_into().unwrap_or_default()));
    let ppm_y = h
        .get(42..46)
        .map(|b| i32::from_le_bytes(b.try_into().unwrap_or_default()));
    Some(Frame {
        width: w.unsigned_abs(),
        height: hh.unsigned_abs(),
        dpi_x: ppm_x.filter(|&p| p > 0).map(|p| p as f32 * 0.0254),
        dpi_y: ppm_y.filter(|&p| p > 0).map(|p| p as f32 * 0.0254),
    })
}

/// Every IFD of a TIFF (one per page), at most 10,000.
fn tiff(f: &mut std::fs::File) -> Option<Vec<Frame>> {
    let len = f.metadata().ok()?.len();
    let mut r = std::io::BufReader::new(f);
    let mut hdr = [0u8; 8];
    r.seek(SeekFrom::Start(0)).ok()?;
    r.read_exact(&mut hdr).ok()?;
    let le = &hdr[..2] == b"II";
    let u16_ = |b: &[u8]| {
        let a = [b[0], b[1]];
        if le {
            u16::from_le_bytes(a)
        } else {
            u16::from_be_bytes(a)
        }
    };
    let u32_ = |b: &[u8]| {
        let a = [b[0], b[1], b[2], b[3]];
        if le {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        }
    };
    let mut next = u32_(&hdr[4..8]) as u64;
    let mut frames = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while next != 0 && next + 2 <= len && frames.len() < 10_000 && seen.insert(next) {
        r.seek(SeekFrom::Start(next)).ok()?;
        let mut nb = [0u8; 2];
        r.read_exact(&mut nb).ok()?;
        let n = u16_(&nb) as usize;
        let mut entries = vec![0u8; n * 12 + 4];
        r.read_exact(&mut entries).ok()?;
        let (mut w, mut h, mut unit) = (0u32, 0u32, 2u16);
        let (mut xr, mut yr) = (None::<(u32, u32)>, None::<(u32, u32)>);
        let mut subfile_type = 0u32;
        for e in entries[..n * 12].chunks_exact(12) {
            let tag = u16_(&e[0..2]);
            let ty = u16_(&e[2..4]);
            let val = if ty == 3 {
                u16_(&e[8..10]) as u32
            } else {
                u32_(&e[8..12])
            };
            match tag {
                254 => subfile_type = val,
                256 => w = val,
                257 => h = val,
                296 => unit = val as u16,
                282 | 283 if ty == 5 => {
                    let off = u32_(&e[8..12]) as u64;
                    let pos = r.stream_position().ok()?;
                    let mut rb = [0u8; 8];
                    if r.seek(SeekFrom::Start(off)).is_ok() && r.read_exact(&mut rb).is_ok() {
                        let v = (u32_(&rb[0..4]), u32_(&rb[4..8]));
                        if tag == 282 {
                            xr = Some(v);
                        } else {
                            yr = Some(v);
                        }
                    }
                    r.seek(SeekFrom::Start(pos)).ok()?;
                }
                _ => {}
            }
        }
        let to_dpi = |v: Option<(u32, u32)>| {
            v.filter(|(_, d)| *d != 0).and_then(|(n, d)| {
                let x = n as f32 / d as f32;
                match unit {
                    2 => Some(x),
                    3 => Some(x * 2.54),
                    _ => None,
                }
            })
        };
        // Reduced-resolution images (thumbnails) are not pages.
        if subfile_type & 1 == 0 && w > 0 && h > 0 {
            frames.push(Frame {
                width: w,
                height: h,
                dpi_x: to_dpi(xr),
                dpi_y: to_dpi(yr),
            });
        }
        next = u32_(&entries[n * 12..n * 12 + 4]) as u64;
    }
    Some(frames)
}
