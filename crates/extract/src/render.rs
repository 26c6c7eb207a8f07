//! Rendering PDF pages to pixels with poppler's `pdftoppm` (the renderer whose coordinates the
//! word boxes from `pdftotext -bbox-layout` share), and finding the words of a page's text
//! layer that cannot be seen on it: text a source hid under a drawn box, in the colour of
//! its background, or off the page. Such text must never come back through an inspection
//! copy's text layer; reviewers are told of it.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

/// A page rendered to 8-bit RGB pixels.
#[derive(Debug, Clone)]
pub struct Raster {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

/// Why a word of the source is not visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Hidden {
    OffPage,
    /// Its place on the rendered page is one flat colour: covered by a box or an image, or
    /// drawn in the colour of what is behind it.
    CannotBeSeen,
}

const RENDER_TIMEOUT: Duration = Duration::from_secs(120);

/// The longest side, in pixels, a page is rendered to (for export, the review screen and
/// OCR alike): a very large page (a drawing, a poster) is rendered at a lower resolution.
/// Memory and OCR time grow with the pixel count, and poppler answers a page too large for
/// it with a tiny blank picture.
pub const MAX_SIDE_PX: u32 = 7000;

/// The lowest resolution a page's resolution is lowered to for its size: ordinary text
/// (10 pt) is still 7 pixels tall. A page too large for [`MAX_SIDE_PX`] even at this
/// resolution (over 140 inches a side) is not rendered.
pub const MIN_DPI: u32 = 50;

/// The resolution page `page` (of `width_pt` × `height_pt`) is rendered at when `wanted`
/// dpi is asked for: lowered so that its longest side stays within [`MAX_SIDE_PX`], never
/// below [`MIN_DPI`] (nor below `wanted`, when less is asked for). A page too large for
/// that fails with a one-line reason.
pub fn page_dpi(
    page: u32,
    width_pt: f32,
    height_pt: f32,
    wanted: u32,
) -> Result<u32, crate::Failure> {
    let wanted = wanted.max(1);
    let longest = width_pt.max(height_pt);
    let sized = |pt: f32| pt.is_finite() && pt > 0.0;
    if !(sized(width_pt) && sized(height_pt)) {
        return Err(crate::Failure(format!(
            "page {page} could not be rendered (it has no size)"
        )));
    }
    // pdftoppm rounds a side up: a whole number of pixels at most this is within the cap.
    let fits = (MAX_SIDE_PX as f64 * 72.0 / longest as f64).floor();
    let dpi = (wanted as f64).min(fits);
    if dpi < MIN_DPI.min(wanted) as f64 {
        return Err(crate::Failure(format!(
            "page {page} could not be rendered: at {:.0} × {:.0} in it is too large (over {MAX_SIDE_PX} pixels a side even at {MIN_DPI} dpi)",
            width_pt / 72.0,
            height_pt / 72.0
        )));
    }
    Ok(dpi as u32)
}

/// The size, in points, of page `page` (1-based) of a PDF as poppler's `pdftoppm` renders
/// it: its media box, turned by its /Rotate (read with `pdfinfo`).
pub fn page_size(path: &Path, page: u32, deadline: Instant) -> Result<(f32, f32), crate::Failure> {
    use crate::proc::{self, RunError};
    let mut cmd = Command::new("pdfinfo");
    cmd.args(["-box", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(path);
    let o = match proc::run(cmd, deadline) {
        Ok(o) => o,
        Err(RunError::Missing) => {
            return Err(crate::Failure::new(
                "cannot render PDF pages here (pdfinfo is not installed: apt-get install poppler-utils)",
            ));
        }
        Err(RunError::Timeout) => {
            return Err(crate::Failure(format!(
                "page {page} could not be rendered (its size was not read in time)"
            )));
        }
        Err(RunError::Io(e)) => return Err(crate::Failure(format!("cannot run pdfinfo ({e})"))),
    };
    let text = String::from_utf8_lossy(&o.stdout);
    match (o.success, parse_page_box(&text, page)) {
        (true, Some(size)) => Ok(size),
        _ => Err(crate::Failure(format!(
            "page {page} could not be rendered ({})",
            crate::one_line(
                o.stderr
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty() && !l.starts_with("Syntax Warning"))
                    .unwrap_or("no such page"),
                160
            )
        ))),
    }
}

/// The media box and rotation of page `page` from `pdfinfo -box -f N -l N`:
/// "Page    1 rot:   90", "Page    1 MediaBox:      0.00     0.00   612.00   792.00".
fn parse_page_box(text: &str, page: u32) -> Option<(f32, f32)> {
    let mut rot = 0;
    let mut size = None;
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("Page") else {
            continue;
        };
        let mut it = rest.split_whitespace();
        if it.next().and_then(|n| n.parse::<u32>().ok()) != Some(page) {
            continue;
        }
        match it.next() {
            Some("rot:") => rot = it.next().and_then(|r| r.parse::<i32>().ok())?,
            Some("MediaBox:") => {
                let v: Vec<f32> = it.filter_map(|n| n.parse().ok()).collect();
                if let [x0, y0, x1, y1] = v[..] {
                    size = Some(((x1 - x0).abs(), (y1 - y0).abs()));
                }
            }
            _ => {}
        }
    }
    let (w, h) = size?;
    Some(if rot.rem_euclid(180) == 90 {
        (h, w)
    } else {
        (w, h)
    })
}

/// Checks that a raster is the whole page it renders: `width_pt` × `height_pt` at `dpi`,
/// give or take two pixels of rounding. Poppler answers a page it cannot render (one too
/// large for its memory) with a tiny blank picture: that is no rendering of the page, and
/// must never go out as one.
pub fn check_raster(
    r: &Raster,
    page: u32,
    width_pt: f32,
    height_pt: f32,
    dpi: u32,
) -> Result<(), crate::Failure> {
    let want = |pt: f32| pt as f64 * dpi as f64 / 72.0;
    let (w, h) = (want(width_pt), want(height_pt));
    let off = |got: u32, want: f64| (got as f64 - want).abs() > 2.0;
    if off(r.width, w)
        || off(r.height, h)
        || r.rgb.len() != r.width as usize * r.height as usize * 3
    {
        return Err(crate::Failure(format!(
            "page {page} rendered as {} × {} pixels, expected {:.0} × {:.0}: the page could not be rendered",
            r.width,
            r.height,
            w.ceil(),
            h.ceil()
        )));
    }
    Ok(())
}

/// Renders one page (1-based) of a PDF with poppler's `pdftoppm`, the renderer whose
/// coordinates the word boxes (from `pdftotext -bbox-layout`) share: at `dpi`, lowered for a
/// very large page ([`page_dpi`]). Fails (with a one-line reason) rather than answer with
/// anything but the whole page: a page too large to render, or a raster whose size is not
/// the page's ([`check_raster`]).
pub fn render_pdf_page(path: &Path, page: u32, dpi: u32) -> Result<Raster, crate::Failure> {
    let (width_pt, height_pt) = page_size(path, page, Instant::now() + RENDER_TIMEOUT)?;
    let dpi = page_dpi(page, width_pt, height_pt, dpi)?;
    let r = run_pdftoppm(path, page, dpi)?;
    check_raster(&r, page, width_pt, height_pt, dpi)?;
    Ok(r)
}

fn run_pdftoppm(path: &Path, page: u32, dpi: u32) -> Result<Raster, crate::Failure> {
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
            return Err(crate::Failure(format!(
                "page {page} took more than {} s to render",
                RENDER_TIMEOUT.as_secs()
            )));
        }
    };
    let data = reader
        .join()
        .map_err(|_| "reading pdftoppm".to_string())?
        .map_err(|e| e.to_string())?;
    let err = err_reader.join().unwrap_or_default();
    if !status.success() || data.is_empty() {
        return Err(crate::Failure(format!(
            "page {page} could not be rendered ({})",
            err.lines().next().unwrap_or("pdftoppm failed")
        )));
    }
    parse_ppm(&data)
        .ok_or_else(|| crate::Failure(format!("page {page}: pdftoppm gave an unreadable image")))
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
///
/// A word is looked at in the middle of its box (the band where its letters' bodies are:
/// the box's edges may show the page around a box drawn tightly over it). It is hidden when
/// that band is one flat colour (covered; drawn in the colour of its background), or when it
/// is mostly dark (a box drawn over it, even one with white lettering). Erring this way
/// costs only searchability: a reversed heading (light text on a dark bar) is left out of
/// the text layer and reported, while it still shows in the page image.
pub fn hidden_words(r: &Raster, words: &[[f32; 4]]) -> Vec<(usize, Hidden)> {
    let mut out = vec![];
    for (i, &[wx0, wy0, wx1, wy1]) in words.iter().enumerate() {
        if wx1 <= 0.0 || wy1 <= 0.0 || wx0 >= 1.0 || wy0 >= 1.0 {
            out.push((i, Hidden::OffPage));
            continue;
        }
        let (h, w) = (wy1 - wy0, wx1 - wx0);
        let band = pixels(
            r,
            wx0 + 0.05 * w,
            wy0 + 0.25 * h,
            wx1 - 0.05 * w,
            wy1 - 0.25 * h,
        )
        .or_else(|| pixels(r, wx0, wy0, wx1, wy1));
        let Some((x0, y0, x1, y1)) = band else {
            out.push((i, Hidden::OffPage));
            continue;
        };
        let mut histogram = [0u32; 256];
        for y in y0..y1 {
            let row = (y * r.width) as usize * 3;
            for x in x0..x1 {
                histogram[luma(&r.rgb[row + x as usize * 3..row + x as usize * 3 + 3]) as usize] +=
                    1;
            }
        }
        let n: u32 = histogram.iter().sum();
        // The 5th and 95th percentiles: a stray pixel of a neighbour is not contrast.
        let percentile = |p: f32| {
            let want = (n as f32 * p).ceil().max(1.0) as u32;
            let mut seen = 0;
            for (v, c) in histogram.iter().enumerate() {
                seen += c;
                if seen >= want {
                    return v as u8;
                }
            }
            255
        };
        let (lo, hi) = (percentile(0.05), percentile(0.95));
        let dark: u32 = histogram[..96].iter().sum();
        if hi.saturating_sub(lo) < 40 || dark * 10 > n * 6 {
            out.push((i, Hidden::CannotBeSeen));
        }
    }
    out
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

    #[test]
    fn words_on_flat_colour_or_off_the_page_are_hidden() {
        let mut r = page(100, 100);
        // A visible word: dark strokes on white.
        ink(&mut r, 12, 12, 14, 18, 0);
        // A word under a drawn black box.
        ink(&mut r, 40, 40, 60, 50, 0);
        let words = [
            [0.10, 0.10, 0.20, 0.20],
            [0.42, 0.42, 0.58, 0.48],
            [0.70, 0.70, 0.80, 0.80],
            [1.10, 0.10, 1.20, 0.20],
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
    fn a_box_drawn_tightly_over_a_word_or_lettered_hides_it() {
        let mut r = page(200, 100);
        // A box a little inside the word's box: white edges show around it.
        ink(&mut r, 22, 12, 78, 28, 0);
        // A box with white lettering on it.
        ink(&mut r, 100, 10, 180, 30, 0);
        ink(&mut r, 110, 17, 112, 23, 255);
        ink(&mut r, 130, 17, 132, 23, 255);
        // Ordinary text: thin dark strokes on white.
        for x in (20..80).step_by(6) {
            ink(&mut r, x, 62, x + 2, 78, 0);
        }
        let words = [
            [0.10, 0.10, 0.40, 0.30],
            [0.50, 0.10, 0.90, 0.30],
            [0.10, 0.60, 0.40, 0.80],
        ];
        assert_eq!(
            hidden_words(&r, &words),
            vec![(0, Hidden::CannotBeSeen), (1, Hidden::CannotBeSeen)]
        );
    }

    #[test]
    fn a_raster_not_the_size_of_its_page_is_refused() {
        // Letter at 150 dpi: 1275 × 1650 pixels; pdftoppm rounds up, a pixel or two is slack.
        assert!(check_raster(&page(1275, 1650), 3, 612.0, 792.0, 150).is_ok());
        assert!(check_raster(&page(1276, 1651), 3, 612.0, 792.0, 150).is_ok());
        // Poppler's answer to a page it cannot render: a 1 × 1 blank picture.
        let e = check_raster(&page(1, 1), 3, 612.0, 792.0, 150).unwrap_err();
        assert_eq!(
            e.0,
            "page 3 rendered as 1 × 1 pixels, expected 1275 × 1650: the page could not be rendered"
        );
        // The right width is not enough, nor a sideways page.
        assert!(check_raster(&page(1275, 10), 3, 612.0, 792.0, 150).is_err());
        assert!(check_raster(&page(1650, 1275), 3, 612.0, 792.0, 150).is_err());
        // Nor a raster short of its pixels.
        let mut short = page(1275, 1650);
        short.rgb.truncate(30);
        assert!(check_raster(&short, 3, 612.0, 792.0, 150).is_err());
    }

    #[test]
    fn huge_pages_are_rendered_at_a_lower_dpi_or_refused() {
        assert_eq!(page_dpi(1, 612.0, 792.0, 150).unwrap(), 150);
        // 100 inches: 70 dpi is 7,000 pixels.
        assert_eq!(page_dpi(1, 7200.0, 3600.0, 150).unwrap(), 70);
        assert_eq!(page_dpi(1, 3600.0, 7200.0, 300).unwrap(), 70);
        // 140 inches is the most MIN_DPI allows.
        assert_eq!(page_dpi(1, 10080.0, 10080.0, 150).unwrap(), MIN_DPI);
        // Asking for less than MIN_DPI is not refused for that.
        assert_eq!(page_dpi(1, 14400.0, 14400.0, 24).unwrap(), 24);
        // 200 inches (the largest page PDF allows) would be 30,000 pixels at 150 dpi.
        let e = page_dpi(2, 14400.0, 14400.0, 150).unwrap_err();
        assert_eq!(
            e.0,
            "page 2 could not be rendered: at 200 × 200 in it is too large (over 7000 pixels a side even at 50 dpi)"
        );
        assert!(page_dpi(1, 0.0, 0.0, 150).is_err());
        assert!(page_dpi(1, f32::NAN, 10.0, 150).is_err());
    }

    #[test]
    fn the_page_box_is_the_media_box_turned() {
        let info = "Page    1 size:  290 x 390 pts\n\
                    Page    1 rot:   90\n\
                    Page    1 MediaBox:      0.00     0.00   612.00   792.00\n\
                    Page    1 CropBox:      10.00    10.00   300.00   400.00\n";
        assert_eq!(parse_page_box(info, 1), Some((792.0, 612.0)));
        assert_eq!(
            parse_page_box(&info.replace("rot:   90", "rot:   180"), 1),
            Some((612.0, 792.0))
        );
        assert_eq!(parse_page_box(info, 2), None);
        assert_eq!(parse_page_box("Pages:   1\n", 1), None);
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
