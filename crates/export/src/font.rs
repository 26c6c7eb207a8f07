//! The one font of inspection copies: DejaVu Sans (it has §, €, and most Latin, Greek and
//! Cyrillic), compiled in so that an export never depends on what a workstation has
//! installed. Text is mapped to glyphs with the font's cmap (no shaping: typeset records are
//! plain text) and measured with its advance widths.

use std::sync::OnceLock;

static DATA: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

pub struct Font {
    face: ttf_parser::Face<'static>,
    units: f32,
    /// The glyph drawn for a character the font does not have.
    fallback: u16,
}

impl Font {
    pub fn get() -> &'static Font {
        static FONT: OnceLock<Font> = OnceLock::new();
        FONT.get_or_init(|| {
            let face = ttf_parser::Face::parse(DATA, 0).expect("the bundled font parses");
            let fallback = face
                .glyph_index('\u{FFFD}')
                .or_else(|| face.glyph_index('?'))
                .map(|g| g.0)
                .unwrap_or(0);
            Font {
                units: face.units_per_em() as f32,
                face,
                fallback,
            }
        })
    }

    pub fn data(&self) -> &'static [u8] {
        DATA
    }

    /// The glyph for a character, and whether the font really has it.
    pub fn glyph(&self, c: char) -> (u16, bool) {
        match self.face.glyph_index(c) {
            Some(g) => (g.0, true),
            None => (self.fallback, false),
        }
    }

    /// A glyph's advance in thousandths of the font size.
    pub fn advance(&self, gid: u16) -> f32 {
        self.face
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0) as f32
            * 1000.0
            / self.units
    }

    /// The width of `s` at `size` points.
    pub fn width(&self, s: &str, size: f32) -> f32 {
        s.chars()
            .map(|c| self.advance(self.glyph(c).0))
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// Draws a glyph's outline in font units.
    pub fn outline(&self, gid: u16, builder: &mut dyn ttf_parser::OutlineBuilder) {
        self.face.outline_glyph(ttf_parser::GlyphId(gid), builder);
    }

    pub fn units_per_em(&self) -> f32 {
        self.units
    }

    /// (ascent, descent, cap height) in thousandths.
    pub fn metrics(&self) -> (f32, f32, f32) {
        let k = 1000.0 / self.units;
        (
            self.face.ascender() as f32 * k,
            self.face.descender() as f32 * k,
            self.face.capital_height().unwrap_or(729) as f32 * k,
        )
    }

    /// The font's bounding box in thousandths.
    pub fn bbox(&self) -> [f32; 4] {
        let b = self.face.global_bounding_box();
        let k = 1000.0 / self.units;
        [
            b.x_min as f32 * k,
            b.y_min as f32 * k,
            b.x_max as f32 * k,
            b.y_max as f32 * k,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_has_what_labels_and_letters_need() {
        let f = Font::get();
        for c in "§€Gov. Code éçñ ÄÖÜß".chars() {
            assert!(f.glyph(c).1, "{c:?}");
        }
        assert!(
            !f.glyph('\u{4E2D}').1,
            "no CJK: the fallback glyph stands in"
        );
        assert!(f.width("Inspection copy", 10.0) > 50.0);
    }
}
