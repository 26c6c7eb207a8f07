//! Paged originals (PDF, scans, images): each page is rendered to pixels, redaction boxes are
//! painted into the pixels (and checked), and the page goes out as that image — nothing of
//! the original's content stream, fonts or hidden layers survives. An invisible text layer
//! keeps the page searchable, built only from words that are neither under a box nor hidden
//! in the source: a word the source itself hid (under a drawn box, white on white, off the
//! page) is found by looking at the rendered pixels where the word should be, and is left
//! out and reported.

use extract::Failure as Unreadable;
use std::io::Write;
use std::path::Path;

pub use extract::render::{Hidden, Raster, hidden_words, render_pdf_page};

use crate::pdf::{PageImage, deflate};

/// A word of a page, normalised to the page (0..1, origin top-left).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageWord {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub text: String,
}

/// A box to burn in, normalised to the page.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PageBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub label: String,
}

/// Decodes frame `frame` (0-based) of an image file, scaled down to about `dpi` for a page
/// of `width_pt` points.
pub fn load_image(path: &Path, frame: u32, width_pt: f32, dpi: u32) -> Result<Raster, Unreadable> {
    let img = if frame == 0 {
        // By content, not by name: originals are stored under their hash.
        let reader = image::ImageReader::open(path)
            .and_then(|r| r.with_guessed_format())
            .map_err(|e| format!("cannot read the image ({e})"))?;
        let tiff = reader.format() == Some(image::ImageFormat::Tiff);
        match reader.decode() {
            Ok(img) => img,
            // The image crate declines some TIFFs (1-bit uncompressed): read them directly.
            Err(_) if tiff => tiff_frame(path, 0)?,
            Err(e) => return Err(Unreadable(format!("damaged image ({e})"))),
        }
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
    // Transparent pixels are shown over white, as a viewer shows them: dropping the alpha
    // channel would bring back whatever colour an "erased" area still holds.
    let rgb = if img.color().has_alpha() {
        let rgba = img.to_rgba8();
        let (w, h) = rgba.dimensions();
        let mut out = Vec::with_capacity((w * h * 3) as usize);
        for p in rgba.pixels() {
            let a = p[3] as u32;
            for c in &p.0[..3] {
                out.push(((*c as u32 * a + 255 * (255 - a) + 127) / 255) as u8);
            }
        }
        image::RgbImage::from_raw(w, h, out).expect("the size matches")
    } else {
        img.to_rgb8()
    };
    Ok(Raster {
        width: rgb.width(),
        height: rgb.height(),
        rgb: rgb.into_raw(),
    })
}

/// A later page of a multi-page TIFF (the image crate reads only the first): 8- and 16-bit
/// grey, 1-bit (Group 4 fax and the rest of the tiff crate's compressions), RGB and RGBA.
fn tiff_frame(path: &Path, frame: u32) -> Result<image::DynamicImage, Unreadable> {
    use tiff::ColorType;
    use tiff::decoder::{Decoder, DecodingResult};
    let bad = |e: tiff::TiffError| format!("damaged TIFF page {} ({e})", frame + 1);
    let f = std::fs::File::open(path).map_err(|e| format!("cannot read the image ({e})"))?;
    let mut d = Decoder::new(std::io::BufReader::new(f)).map_err(bad)?;
    d.seek_to_image(frame as usize).map_err(bad)?;
    let (w, h) = d.dimensions().map_err(bad)?;
    let color = d.colortype().map_err(bad)?;
    // The tiff crate hands fax-coded pages (CCITT 2, 3, 4) back with 1 as white, whatever
    // the photometric tag says (measured on ImageMagick's Group 4 files, which say
    // WhiteIsZero); other pages come as stored, to be read by their tag.
    let fax = matches!(
        d.find_tag_unsigned::<u16>(tiff::tags::Tag::Compression)
            .map_err(bad)?,
        Some(2..=4)
    );
    let white_is_zero = !fax
        && d.find_tag_unsigned::<u16>(tiff::tags::Tag::PhotometricInterpretation)
            .map_err(bad)?
            == Some(0);
    let grey = |v: Vec<u8>| {
        let v = if white_is_zero {
            v.into_iter().map(|p| 255 - p).collect()
        } else {
            v
        };
        image::GrayImage::from_raw(w, h, v).map(image::DynamicImage::ImageLuma8)
    };
    let img = match (color, d.read_image().map_err(bad)?) {
        (ColorType::Gray(8), DecodingResult::U8(v)) => grey(v),
        (ColorType::Gray(16), DecodingResult::U16(v)) => {
            grey(v.into_iter().map(|p| (p >> 8) as u8).collect())
        }
        (ColorType::Gray(1), DecodingResult::U8(v)) => {
            // Rows of packed bits, each row padded to a byte; 1 is white unless WhiteIsZero.
            let row = w.div_ceil(8) as usize;
            let mut out = Vec::with_capacity((w * h) as usize);
            for y in 0..h as usize {
                for x in 0..w as usize {
                    let bit = v.get(y * row + x / 8).map_or(0, |b| (b >> (7 - x % 8)) & 1);
                    out.push(if bit == 1 { 255 } else { 0 });
                }
            }
            grey(out)
        }
        (ColorType::RGB(8), DecodingResult::U8(v)) => {
            image::RgbImage::from_raw(w, h, v).map(image::DynamicImage::ImageRgb8)
        }
        (ColorType::RGBA(8), DecodingResult::U8(v)) => {
            image::RgbaImage::from_raw(w, h, v).map(image::DynamicImage::ImageRgba8)
        }
        (other, _) => {
            return Err(Unreadable(format!(
                "page {} of the TIFF has a colour type not supported yet ({other:?})",
                frame + 1
            )));
        }
    };
    img.ok_or_else(|| {
        Unreadable(format!(
            "damaged TIFF page {} (short pixel data)",
            frame + 1
        ))
    })
}

/// Paints the boxes solid black into the pixels, then checks that every pixel inside each
/// box is black; an error means the page must not be written.
pub fn burn_in(r: &mut Raster, boxes: &[PageBox]) -> Result<(), Unreadable> {
    for b in boxes {
        let Some((x0, y0, x1, y1)) = burn_area(r, b) else {
            continue;
        };
        for y in y0..y1 {
            let row = (y * r.width) as usize * 3;
            r.rgb[row + x0 as usize * 3..row + x1 as usize * 3].fill(0);
        }
    }
    for b in boxes {
        let Some((x0, y0, x1, y1)) = burn_area(r, b) else {
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

/// The pixels a box covers, rounded outward and one pixel more on every side (a glyph's
/// anti-aliased edge can reach past its box); a box of no width or height still covers a
/// pixel. None when it lies off the raster.
fn burn_area(r: &Raster, b: &PageBox) -> Option<(u32, u32, u32, u32)> {
    let (w, h) = (r.width as f32, r.height as f32);
    let x0 = ((b.x0.min(b.x1) * w).floor() - 1.0).max(0.0);
    let y0 = ((b.y0.min(b.y1) * h).floor() - 1.0).max(0.0);
    let x1 = ((b.x0.max(b.x1) * w).ceil() + 1.0).min(w);
    let y1 = ((b.y0.max(b.y1) * h).ceil() + 1.0).min(h);
    (x1 > x0 && y1 > y0).then_some((x0 as u32, y0 as u32, x1 as u32, y1 as u32))
}

/// Whether a hidden word is worth telling a person of: two letters or digits or more (a dot
/// leader, a minus sign, a lone symbol of a formula has too little ink to be told from the
/// paper, and says nothing). Every hidden word is left out of the text layer all the same.
pub fn worth_telling(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphanumeric()).count() >= 2
}

/// Whether a normalised word box and a box overlap at all.
pub fn overlaps(w: &PageWord, b: &PageBox) -> bool {
    w.x0 < b.x1 && b.x0 < w.x1 && w.y0 < b.y1 && b.y0 < w.y1
}

/// Encodes the raster for the page: grey when it has no colour; JPEG for a scan (a photo of
/// paper compresses badly losslessly), Flate otherwise.
pub fn encode(r: &Raster, scan: bool) -> Result<PageImage, Unreadable> {
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

/// The words OCR (tesseract) reads in a page's pixels, normalised to the page; `scratch`
/// is a private folder for the picture it reads.
pub fn ocr_raster(r: &Raster, scratch: &Path) -> Result<Vec<PageWord>, Unreadable> {
    use image::ImageEncoder;
    let path = scratch.join(format!(
        "ocr-{}-{:?}.png",
        std::process::id(),
        std::thread::current().id()
    ));
    let mut png = Vec::with_capacity(r.rgb.len() / 8);
    image::codecs::png::PngEncoder::new_with_quality(
        &mut png,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Sub,
    )
    .write_image(&r.rgb, r.width, r.height, image::ExtendedColorType::Rgb8)
    .map_err(|e| format!("cannot encode the page for OCR ({e})"))?;
    std::fs::write(&path, &png).map_err(|e| format!("cannot write the page for OCR ({e})"))?;
    let read = extract::ocr(
        &path,
        extract::Kind::Image,
        &[],
        &extract::Options::default(),
    );
    let _ = std::fs::remove_file(&path);
    let pages = read.map_err(|e| format!("OCR of the released page failed ({e})"))?;
    Ok(pages
        .into_iter()
        .next()
        .map(|p| {
            p.words
                .into_iter()
                .map(|w| PageWord {
                    x0: w.x0,
                    y0: w.y0,
                    x1: w.x1,
                    y1: w.y1,
                    text: w.text,
                })
                .collect()
        })
        .unwrap_or_default())
}

/// A page of a paged original as a PNG for the review screen, rendered as export renders it
/// (no boxes: the screen draws them over it). `pdf`: the original is a PDF, else an image
/// (`page` counts from 1 in both). Returns (width, height, PNG bytes).
pub fn page_png(
    path: &Path,
    pdf: bool,
    page: u32,
    width_pt: f32,
    dpi: u32,
) -> Result<(u32, u32, Vec<u8>), Unreadable> {
    use image::ImageEncoder;
    let r = if pdf {
        render_pdf_page(path, page, dpi)?
    } else {
        load_image(path, page.saturating_sub(1), width_pt, dpi)?
    };
    let gray = r.rgb.chunks_exact(3).all(|p| p[0] == p[1] && p[1] == p[2]);
    let (pixels, color) = if gray {
        let g: Vec<u8> = r.rgb.chunks_exact(3).map(|p| p[0]).collect();
        (g, image::ExtendedColorType::L8)
    } else {
        (r.rgb, image::ExtendedColorType::Rgb8)
    };
    let mut out = Vec::with_capacity(pixels.len() / 4);
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Sub,
    )
    .write_image(&pixels, r.width, r.height, color)
    .map_err(|e| format!("cannot encode the page ({e})"))?;
    Ok((r.width, r.height, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webp_pictures_render_for_burning() {
        let dir = tempfile::tempdir().unwrap();
        for (name, args) in [
            ("lossy.webp", &[][..]),
            ("lossless.webp", &["-define", "webp:lossless=true"][..]),
        ] {
            let p = dir.path().join(name);
            let ok = std::process::Command::new("convert")
                .args(["-size", "100x50", "xc:white", "-fill", "black"])
                .args(["-draw", "rectangle 10,10 40,40"])
                .args(args)
                .arg(&p)
                .status()
                .expect("ImageMagick's convert (scripts/deps installs it)");
            assert!(ok.success());
            let r = load_image(&p, 0, 100.0, 72).unwrap();
            assert_eq!((r.width, r.height), (100, 50), "{name}");
            let at = |x: u32, y: u32| r.rgb[((y * r.width + x) * 3) as usize];
            assert!(at(25, 25) < 40, "{name}: the dark square");
            assert!(at(75, 25) > 215, "{name}: the white ground");
        }
    }

    #[test]
    fn every_page_of_a_multi_page_tiff_renders() {
        // Two pages: 1 bit Group 4 fax as scanners write them, 1 bit uncompressed, 8-bit
        // grey LZW (ImageMagick makes them).
        let dir = tempfile::tempdir().unwrap();
        let kinds: [&[&str]; 3] = [
            &["-monochrome", "-compress", "Group4"],
            &["-type", "bilevel", "-depth", "1", "-compress", "None"],
            &["-colorspace", "Gray", "-depth", "8", "-compress", "LZW"],
        ];
        for (i, how) in kinds.iter().enumerate() {
            let tif = dir.path().join(format!("scan{i}.tif"));
            let ok = std::process::Command::new("convert")
                .args(["-size", "100x50", "xc:white", "-fill", "black"])
                .args(["-draw", "rectangle 10,10 40,40"])
                .args(["(", "-size", "100x50", "xc:white", "-fill", "black"])
                .args(["-draw", "rectangle 60,10 90,40", ")"])
                .args(["-alpha", "off"])
                .args(how.iter())
                .arg(&tif)
                .status()
                .expect("ImageMagick's convert (scripts/deps installs it)");
            assert!(ok.success());
            for (frame, (dark_x, light_x)) in [(0, (20, 75)), (1, (75, 20))] {
                let r = load_image(&tif, frame, 100.0, 72).unwrap();
                assert_eq!((r.width, r.height), (100, 50));
                let at = |x: u32, y: u32| r.rgb[((y * r.width + x) * 3) as usize];
                assert_eq!(at(dark_x, 25), 0, "{how:?} page {}", frame + 1);
                assert_eq!(at(light_x, 25), 255, "{how:?} page {}", frame + 1);
            }
            assert!(load_image(&tif, 2, 100.0, 72).is_err());
        }
    }

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
        // 2.1..2.9 px covers part of pixel 2: the whole pixel goes black, and one more on
        // every side; the pixels beyond stay.
        for (x, y) in [(2, 2), (1, 1), (3, 3), (1, 3)] {
            assert_eq!(r.rgb[((y * 10 + x) * 3) as usize], 0, "({x}, {y})");
        }
        for (x, y) in [(4, 2), (2, 4), (0, 2)] {
            assert_eq!(r.rgb[((y * 10 + x) * 3) as usize], 200, "({x}, {y})");
        }
        // A box of no width still takes its pixels.
        let thin = PageBox {
            x0: 0.75,
            y0: 0.75,
            x1: 0.75,
            y1: 0.85,
            label: "x".into(),
        };
        burn_in(&mut r, std::slice::from_ref(&thin)).unwrap();
        assert_eq!(r.rgb[((8 * 10 + 7) * 3) as usize], 0);
    }
}
