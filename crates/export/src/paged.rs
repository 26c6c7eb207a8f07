//! Paged originals (PDF, scans, images): each page is rendered to pixels, redaction boxes are
//! painted into the pixels (and checked), and the page goes out as that image — nothing of
//! the original's content stream, fonts or hidden layers survives. An invisible text layer
//! keeps the page searchable, built only from words that are neither under a box nor hidden
//! in the source: a word the source itself hid (under a drawn box, white on white, off the
//! page) is found by looking at the rendered pixels where the word should be, and is left
//! out and reported.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

use crate::pdf::{PageImage, deflate};

/// A page rendered to 8-bit RGB pixels.
#[derive(Debug, Clone)]
pub struct Raster {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

/// A word of a page, normalised to the page (0..1, origin top-left).
#[derive(Debug, Clone, PartialEq)]
pub struct PageWord {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub text: String,
}

/// A box to burn in, normalised to the page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub label: String,
}

/// Why a word of the source is not visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hidden {
    OffPage,
    /// Its place on the rendered page is one flat colour: covered by a box or an image, or
    /// drawn in the colour of what is behind it.
    CannotBeSeen,
}

const RENDER_TIMEOUT: Duration = Duration::from_secs(120);

/// Renders one page (1-based) of a PDF at `dpi` with poppler's `pdftoppm`, the renderer whose
/// coordinates the word boxes (from `pdftotext -bbox-layout`) share.
pub fn render_pdf_page(path: &Path, page: u32, dpi: u32) -> Result<Raster, String> {
    let mut child = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-f", &page.to_string()])
        .args(["-l", &page.to_string(), "-singlefile"])
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                "cannot render PDF pages here (pdftoppm is not installed: apt-get install poppler-utils)"
                    .to_string()
            }
            _ => format!("cannot run pdftoppm ({e})"),
        })?;
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut buf = vec![];
        stdout.read_to_end(&mut buf).map(|_| buf)
    });
    let mut stderr = child.stderr.take().expect("piped");
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let status = match child
        .wait_timeout(RENDER_TIMEOUT)
        .map_err(|e| e.to_string())?
    {
        Some(s) => s,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "page {page} took more than {} s to render",
                RENDER_TIMEOUT.as_secs()
            ));
        }
    };
    let data = reader
        .join()
        .map_err(|_| "reading pdftoppm".to_string())?
        .map_err(|e| e.to_string())?;
    let err = err_reader.join().unwrap_or_default();
    if !status.success() || data.is_empty() {
        return Err(format!(
            "page {page} could not be rendered ({})",
            err.lines().next().unwrap_or("pdftoppm failed")
        ));
    }
    parse_ppm(&data).ok_or_else(|| format!("page {page}: pdftoppm gave an unreadable image"))
}

/// A binary PPM (P6, 8-bit) as pdftoppm writes it.
fn parse_ppm(data: &[u8]) -> Option<Raster> {
    let mut fields = vec![];
    let mut i = 0;
    while fields.len() < 4 {
        while i < data.len() && data[i].is_ascii_whitespace() {
            i += 1;
        }
        if data.get(i) == Some(&b'#') {
            while i < data.len() && data[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while i < data.len() && !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(std::str::from_utf8(&data[start..i]).ok()?);
    }
    if fields[0] != "P6" || fields[3] != "255" {
        return None;
    }
    let width: u32 = fields[1].parse().ok()?;
    let height: u32 = fields[2].parse().ok()?;
    let body = data.get(i + 1..)?;
    let n = width as usize * height as usize * 3;
    (body.len() >= n).then(|| Raster {
        width,
        height,
        rgb: body[..n].to_vec(),
    })
}

/// Decodes frame `frame` (0-based) of an image file, scaled down to about `dpi` for a page
/// of `width_pt` points.
pub fn load_image(path: &Path, frame: u32, width_pt: f32, dpi: u32) -> Result<Raster, String> {
    let img = if frame == 0 {
        image::open(path).map_err(|e| format!("damaged image ({e})"))?
    } else {
        tiff_frame(path, frame)?
    };
    let target_w = (width_pt / 72.0 * dpi as f32).round().max(1.0) as u32;
    let img = if img.width() as f32 > target_w as f32 * 1.2 {
        let h = (img.height() as f64 * target_w as f64 / img.width() as f64)
            .round()
            .max(1.0);
        img.thumbnail_exact(target_w, h as u32)
    } else {
        img
    };
    let rgb = img.to_rgb8();
    Ok(Raster {
        width: rgb.width(),
        height: rgb.height(),
        rgb: rgb.into_raw(),
    })
}

/// A later page of a multi-page TIFF: not rendered yet (the export stops with this reason
/// rather than leave the page out).
fn tiff_frame(_path: &Path, frame: u32) -> Result<image::DynamicImage, String> {
    Err(format!(
        "page {} of a multi-page TIFF cannot be rendered yet",
        frame + 1
    ))
}

fn luma(px: &[u8]) -> u8 {
    ((px[0] as u32 * 299 + px[1] as u32 * 587 + px[2] as u32 * 114) / 1000) as u8
}

/// The pixel rectangle of a normalised box, rounded outward and clipped to the raster.
fn pixels(r: &Raster, x0: f32, y0: f32, x1: f32, y1: f32) -> Option<(u32, u32, u32, u32)> {
    let w = r.width as f32;
    let h = r.height as f32;
    let px0 = (x0.min(x1) * w).floor().max(0.0) as u32;
    let py0 = (y0.min(y1) * h).floor().max(0.0) as u32;
    let px1 = ((x0.max(x1) * w).ceil().min(w)) as u32;
    let py1 = ((y0.max(y1) * h).ceil().min(h)) as u32;
    (px1 > px0 && py1 > py0).then_some((px0, py0, px1, py1))
}

/// Which words of a text-layer page cannot be seen on the rendered page.
pub fn hidden_words(r: &Raster, words: &[PageWord]) -> Vec<(usize, Hidden)> {
    let mut out = vec![];
    for (i, w) in words.iter().enumerate() {
        if w.x1 <= 0.0 || w.y1 <= 0.0 || w.x0 >= 1.0 || w.y0 >= 1.0 {
            out.push((i, Hidden::OffPage));
            continue;
        }
        let Some((x0, y0, x1, y1)) = pixels(r, w.x0, w.y0, w.x1, w.y1) else {
            out.push((i, Hidden::OffPage));
            continue;
        };
        let (mut lo, mut hi) = (255u8, 0u8);
        for y in y0..y1 {
            let row = (y * r.width) as usize * 3;
            for x in x0..x1 {
                let l = luma(&r.rgb[row + x as usize * 3..row + x as usize * 3 + 3]);
                lo = lo.min(l);
                hi = hi.max(l);
            }
        }
        if hi.saturating_sub(lo) < 40 {
            out.push((i, Hidden::CannotBeSeen));
        }
    }
    out
}

/// Paints the boxes solid black into the pixels, then checks that every pixel inside each
/// box is black; an error means the page must not be written.
pub fn burn_in(r: &mut Raster, boxes: &[PageBox]) -> Result<(), String> {
    for b in boxes {
        let Some((x0, y0, x1, y1)) = pixels(r, b.x0, b.y0, b.x1, b.y1) else {
            continue;
        };
        for y in y0..y1 {
            let row = (y * r.width) as usize * 3;
            r.rgb[row + x0 as usize * 3..row + x1 as usize * 3].fill(0);
        }
    }
    for b in boxes {
        let Some((x0, y0, x1, y1)) = pixels(r, b.x0, b.y0, b.x1, b.y1) else {
            continue;
        };
        for y in y0..y1 {
            let row = (y * r.width) as usize * 3;
            if r.rgb[row + x0 as usize * 3..row + x1 as usize * 3]
                .iter()
                .any(|&v| v != 0)
            {
                return Err("a redaction box was not painted solid".into());
            }
        }
    }
    Ok(())
}

/// Whether a normalised word box and a box overlap at all.
pub fn overlaps(w: &PageWord, b: &PageBox) -> bool {
    w.x0 < b.x1 && b.x0 < w.x1 && w.y0 < b.y1 && b.y0 < w.y1
}

/// Encodes the raster for the page: grey when it has no colour; JPEG for a scan (a photo of
/// paper compresses badly losslessly), Flate otherwise.
pub fn encode(r: &Raster, scan: bool) -> Result<PageImage, String> {
    let gray = r.rgb.chunks_exact(3).all(|p| p[0] == p[1] && p[1] == p[2]);
    let pixels: std::borrow::Cow<[u8]> = if gray {
        r.rgb
            .chunks_exact(3)
            .map(|p| p[0])
            .collect::<Vec<u8>>()
            .into()
    } else {
        (&r.rgb[..]).into()
    };
    let data = if scan {
        let mut out = vec![];
        let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 70);
        enc.encode(
            &pixels,
            r.width,
            r.height,
            if gray {
                image::ExtendedColorType::L8
            } else {
                image::ExtendedColorType::Rgb8
            },
        )
        .map_err(|e| format!("cannot encode the page ({e})"))?;
        out.flush().ok();
        out
    } else {
        deflate(&pixels)
    };
    Ok(PageImage {
        width: r.width,
        height: r.height,
        gray,
        jpeg: scan,
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(w: u32, h: u32) -> Raster {
        Raster {
            width: w,
            height: h,
            rgb: vec![255; (w * h * 3) as usize],
        }
    }

    fn ink(r: &mut Raster, x0: u32, y0: u32, x1: u32, y1: u32, v: u8) {
        for y in y0..y1 {
            for x in x0..x1 {
                let i = ((y * r.width + x) * 3) as usize;
                r.rgb[i..i + 3].fill(v);
            }
        }
    }

    fn word(x0: f32, y0: f32, x1: f32, y1: f32) -> PageWord {
        PageWord {
            x0,
            y0,
            x1,
            y1,
            text: "w".into(),
        }
    }

    #[test]
    fn words_on_flat_colour_or_off_the_page_are_hidden() {
        let mut r = page(100, 100);
        // A visible word: dark strokes on white.
        ink(&mut r, 12, 12, 14, 18, 0);
        // A word under a drawn black box.
        ink(&mut r, 40, 40, 60, 50, 0);
        let words = [
            word(0.10, 0.10, 0.20, 0.20),
            word(0.42, 0.42, 0.58, 0.48),
            word(0.70, 0.70, 0.80, 0.80),
            word(1.10, 0.10, 1.20, 0.20),
        ];
        assert_eq!(
            hidden_words(&r, &words),
            vec![
                (1, Hidden::CannotBeSeen),
                (2, Hidden::CannotBeSeen),
                (3, Hidden::OffPage)
            ]
        );
    }

    #[test]
    fn burned_boxes_are_solid_and_rounded_outward() {
        let mut r = page(10, 10);
        ink(&mut r, 0, 0, 10, 10, 200);
        let b = PageBox {
            x0: 0.21,
            y0: 0.21,
            x1: 0.29,
            y1: 0.29,
            label: "x".into(),
        };
        burn_in(&mut r, std::slice::from_ref(&b)).unwrap();
        // 2.1..2.9 px covers part of pixel 2: the whole pixel goes black, its neighbours not.
        assert_eq!(r.rgb[((2 * 10 + 2) * 3) as usize], 0);
        for (x, y) in [(3, 2), (2, 3), (1, 2)] {
            assert_eq!(r.rgb[((y * 10 + x) * 3) as usize], 200);
        }
    }

    #[test]
    fn ppm_headers_parse() {
        let mut data = b"P6\n2 1\n255\n".to_vec();
        data.extend([1, 2, 3, 4, 5, 6]);
        let r = parse_ppm(&data).unwrap();
        assert_eq!((r.width, r.height, r.rgb.len()), (2, 1, 6));
        assert!(parse_ppm(b"P5\n2 1\n255\n\0\0").is_none());
    }
}
