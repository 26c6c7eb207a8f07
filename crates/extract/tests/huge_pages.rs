//! A very large page (a poster, a drawing) is rendered at a lower resolution with a raster
//! the size of the page, or refused with a reason: never answered with poppler's blank 1 × 1
//! picture.

use extract::render::{MAX_SIDE_PX, render_pdf_page};

/// A one-page PDF of `size` points square, with `text` in Helvetica of `font` points near
/// its top left corner.
fn square_page(size: u32, font: u32, text: &str) -> Vec<u8> {
    let y = size - 2 * font;
    let content = format!("BT /F1 {font} Tf {font} {y} Td ({text}) Tj ET");
    testkit::pdf::assemble(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size} {size}] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            ),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            ),
        ],
        "",
    )
}

#[test]
fn a_200_inch_page_is_refused_with_its_reason() {
    testkit::need("pdftoppm", "poppler-utils");
    let dir = tempfile::tempdir().unwrap();
    let path = testkit::write(
        &dir.path().join("poster.pdf"),
        square_page(14400, 720, "POSTER"),
    );
    let e = render_pdf_page(&path, 1, 150).unwrap_err();
    assert_eq!(
        e.0,
        "page 1 could not be rendered: at 200 × 200 in it is too large (over 7000 pixels a side even at 50 dpi)"
    );
}

#[test]
fn a_100_inch_page_is_rendered_whole_at_a_lower_dpi() {
    testkit::need("pdftoppm", "poppler-utils");
    let dir = tempfile::tempdir().unwrap();
    // 7,200 pt: 15,000 pixels a side at 150 dpi, 7,000 at 70 dpi.
    let path = testkit::write(
        &dir.path().join("poster.pdf"),
        square_page(7200, 720, "POSTER"),
    );
    let r = render_pdf_page(&path, 1, 150).unwrap();
    assert_eq!((r.width, r.height), (MAX_SIDE_PX, MAX_SIDE_PX));
    // The lettering (720 pt, 700 pixels tall at 70 dpi) is in the pixels: dark ink in the
    // band it was drawn in, none below it.
    let dark = |y0: u32, y1: u32| {
        (y0..y1)
            .flat_map(|y| (0..r.width).map(move |x| (x, y)))
            .filter(|&(x, y)| r.rgb[((y * r.width + x) * 3) as usize] < 128)
            .count()
    };
    // The baseline is 1,440 pt from the top: 1,400 pixels; capitals rise ~700 pixels.
    assert!(dark(800, 1400) > 100_000, "the text is not in the raster");
    assert_eq!(dark(2000, 7000), 0);
}
