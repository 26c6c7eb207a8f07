//! What must be seen is seen: text drawn after an invisible text layer (labels, header,
//! footer) is painted, checked on pixels rendered by poppler.

use export::pdf::{Canvas, Info, Style, Writer};

#[test]
fn labels_after_the_invisible_text_layer_are_painted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.pdf");
    let mut c = Canvas::new(612.0, 792.0);
    let hidden = Style {
        invisible: true,
        width: Some(300.0),
        ..Style::new(12.0)
    };
    c.text(72.0, 700.0, "searchable only", hidden);
    c.text(72.0, 400.0, "SEEN", Style::new(48.0));
    let mut w = Writer::new(std::fs::File::create(&path).unwrap()).unwrap();
    w.page(&c.finish()).unwrap();
    w.finish(&Info {
        title: "t".into(),
        subject: "s".into(),
        date: (2026, 1, 1, 0, 0, 0),
    })
    .unwrap();
    let r = extract::render::render_pdf_page(&path, 1, 72).unwrap();
    let dark = |y0: u32, y1: u32| {
        (y0..y1)
            .flat_map(|y| (0..r.width).map(move |x| (x, y)))
            .filter(|&(x, y)| r.rgb[((y * r.width + x) * 3) as usize] < 128)
            .count()
    };
    // 72 dpi: one pixel a point; the page's y runs down.
    assert!(
        dark(792 - 450, 792 - 390) > 200,
        "the visible text is not painted"
    );
    assert_eq!(dark(792 - 715, 792 - 690), 0, "the text layer is painted");
}
