//! A small PDF writer for inspection copies, on `pdf-writer`. Pages are composed once
//! ([`Canvas`] → [`Page`]) and can be written to several files (a record's copy and the
//! combined release): text is encoded with the font's own glyph ids as CIDs, so a page's
//! content is the same bytes in every file, and each file embeds the subset of glyphs it
//! used (`CIDToGIDMap` maps the ids to the subset's). Objects stream to the output as they
//! are made, so memory holds one page, not one file.
//!
//! Nothing comes from an original file: no metadata, annotations, forms, attachments,
//! scripts or XMP can reach the output, because the writer has no way to write them.
//! Output is byte-for-byte reproducible: object numbers follow the order of calls, maps are
//! ordered, the file id is a hash of the content, and dates are given by the caller.

use std::collections::BTreeMap;
use std::io::{self, Write};

use flate2::Compression;
use flate2::write::ZlibEncoder;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode};
use pdf_writer::writers::{Catalog, DocumentInfo};
use pdf_writer::{Chunk, Content, Date, Filter, Finish, Name, Rect, Ref, Str, TextStr};
use sha2::{Digest, Sha256};

use crate::font::Font;

/// A page's raster (a rendered original, boxes painted in), already compressed.
#[derive(Debug, Clone)]
pub struct PageImage {
    pub width: u32,
    pub height: u32,
    pub gray: bool,
    /// DCT (JPEG) when true, else Flate.
    pub jpeg: bool,
    pub data: Vec<u8>,
}

/// A composed page.
#[derive(Debug, Clone)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub image: Option<PageImage>,
    content: Vec<u8>,
    glyphs: BTreeMap<u16, char>,
    /// Everything a text extractor can read on the page, in the order written (one line per
    /// text run): what verification compares with.
    pub text: String,
}

/// How a run of text is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f32,
    /// 0 black … 1 white.
    pub gray: f32,
    /// Render mode 3: searchable and selectable, not seen (the text layer over a raster).
    pub invisible: bool,
    /// Stretch the run to this width (points), for words laid over their image.
    pub width: Option<f32>,
    /// Degrees, counter-clockwise (a watermark).
    pub angle: f32,
}

impl Style {
    pub fn new(size: f32) -> Style {
        Style {
            size,
            gray: 0.0,
            invisible: false,
            width: None,
            angle: 0.0,
        }
    }
}

/// Composes one page. Coordinates are PDF points from the bottom-left corner.
pub struct Canvas {
    width: f32,
    height: f32,
    image: Option<PageImage>,
    ops: Content,
    glyphs: BTreeMap<u16, char>,
    text: String,
    /// Characters the font cannot show (drawn as its fallback glyph).
    pub missing: usize,
}

impl Canvas {
    pub fn new(width: f32, height: f32) -> Canvas {
        Canvas {
            width,
            height,
            image: None,
            ops: Content::new(),
            glyphs: BTreeMap::new(),
            text: String::new(),
            missing: 0,
        }
    }

    /// The page's raster, drawn first, in the rectangle (x, y, w, h).
    pub fn image(&mut self, image: PageImage, at: [f32; 4]) {
        self.ops.save_state();
        self.ops.transform([at[2], 0.0, 0.0, at[3], at[0], at[1]]);
        self.ops.x_object(Name(b"Im0"));
        self.ops.restore_state();
        self.image = Some(image);
    }

    /// A filled rectangle.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, gray: f32) {
        self.ops.set_fill_gray(gray);
        self.ops.rect(x, y, w, h);
        self.ops.fill_nonzero();
    }

    /// A run of text with its baseline starting at (x, y).
    pub fn text(&mut self, x: f32, y: f32, s: &str, style: Style) {
        let font = Font::get();
        let mut codes = Vec::with_capacity(s.len() * 2);
        let mut natural = 0.0;
        let mut shown = String::with_capacity(s.len());
        for c in s.chars() {
            let c = if c.is_control() { ' ' } else { c };
            let (gid, has) = font.glyph(c);
            let c = if has {
                c
            } else {
                self.missing += 1;
                if font.glyph('\u{FFFD}').1 {
                    '\u{FFFD}'
                } else {
                    '?'
                }
            };
            self.glyphs.entry(gid).or_insert(c);
            codes.extend_from_slice(&gid.to_be_bytes());
            natural += font.advance(gid);
            shown.push(c);
        }
        if codes.is_empty() {
            return;
        }
        self.ops.begin_text();
        self.ops.set_font(Name(b"F0"), style.size);
        // Rendering mode and horizontal scaling are graphics state: they outlive BT/ET, so
        // every run sets both (an invisible word must not leave the next label invisible).
        if style.invisible {
            self.ops
                .set_text_rendering_mode(TextRenderingMode::Invisible);
        } else {
            self.ops.set_text_rendering_mode(TextRenderingMode::Fill);
            self.ops.set_fill_gray(style.gray);
        }
        let natural = natural * style.size / 1000.0;
        let scaling = match style.width {
            Some(w) if natural > 0.0 => (w / natural * 100.0).clamp(1.0, 1000.0),
            _ => 100.0,
        };
        self.ops.set_horizontal_scaling(scaling);
        let (sin, cos) = style.angle.to_radians().sin_cos();
        self.ops.set_text_matrix([cos, sin, -sin, cos, x, y]);
        self.ops.show(Str(&codes));
        self.ops.end_text();
        self.text.push_str(&shown);
        self.text.push('\n');
    }

    /// Text drawn as filled outlines, not as text: seen, but not extracted or searched (a
    /// watermark that must not mix with the record's words).
    pub fn outlined(&mut self, x: f32, y: f32, s: &str, style: Style) {
        let font = Font::get();
        let k = style.size / font.units_per_em();
        let (sin, cos) = style.angle.to_radians().sin_cos();
        self.ops.save_state();
        self.ops.set_fill_gray(style.gray);
        let mut pen = 0.0;
        for c in s.chars() {
            let (gid, _) = font.glyph(c);
            let gx = x + cos * pen;
            let gy = y + sin * pen;
            self.ops.save_state();
            self.ops
                .transform([cos * k, sin * k, -sin * k, cos * k, gx, gy]);
            let mut b = PathBuilder {
                ops: &mut self.ops,
                last: (0.0, 0.0),
                any: false,
            };
            font.outline(gid, &mut b);
            if b.any {
                self.ops.fill_nonzero();
            }
            self.ops.restore_state();
            pen += font.advance(gid) * style.size / 1000.0;
        }
        self.ops.restore_state();
    }

    pub fn finish(self) -> Page {
        Page {
            width: self.width,
            height: self.height,
            image: self.image,
            content: self.ops.finish().into_vec(),
            glyphs: self.glyphs,
            text: self.text,
        }
    }
}

impl Page {
    /// A digest of what the page draws (its content and glyphs; not its image): two pages
    /// with the same fingerprint look the same.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.width.to_be_bytes());
        h.update(self.height.to_be_bytes());
        h.update(&self.content);
        for (g, c) in &self.glyphs {
            h.update(g.to_be_bytes());
            h.update((*c as u32).to_be_bytes());
        }
        hex::encode(h.finalize())
    }
}

struct PathBuilder<'a> {
    ops: &'a mut Content,
    last: (f32, f32),
    any: bool,
}

impl ttf_parser::OutlineBuilder for PathBuilder<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.ops.move_to(x, y);
        self.last = (x, y);
        self.any = true;
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.ops.line_to(x, y);
        self.last = (x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        // A quadratic Bézier as the cubic it equals.
        let (x0, y0) = self.last;
        self.ops.cubic_to(
            x0 + 2.0 / 3.0 * (x1 - x0),
            y0 + 2.0 / 3.0 * (y1 - y0),
            x + 2.0 / 3.0 * (x1 - x),
            y + 2.0 / 3.0 * (y1 - y),
            x,
            y,
        );
        self.last = (x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.ops.cubic_to(x1, y1, x2, y2, x, y);
        self.last = (x, y);
    }
    fn close(&mut self) {
        self.ops.close_path();
    }
}

/// The document information of an output file (its own, never an original's).
#[derive(Debug, Clone)]
pub struct Info {
    pub title: String,
    pub subject: String,
    /// The export's date: the approval's (year, month, day, hour, minute, second), UTC.
    pub date: (u16, u8, u8, u8, u8, u8),
}

pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = ZlibEncoder::new(Vec::with_capacity(data.len() / 4), Compression::new(6));
    e.write_all(data).expect("writing to memory");
    e.finish().expect("writing to memory")
}

/// Writes pages to one PDF file as they come.
pub struct Writer<W: Write> {
    out: W,
    offset: u64,
    hash: Sha256,
    offsets: Vec<u64>,
    pages: Vec<Ref>,
    tree: Ref,
    font: Ref,
    glyphs: BTreeMap<u16, char>,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W) -> io::Result<Writer<W>> {
        let mut w = Writer {
            out,
            offset: 0,
            hash: Sha256::new(),
            offsets: vec![],
            pages: vec![],
            tree: Ref::new(1),
            font: Ref::new(2),
            glyphs: BTreeMap::new(),
        };
        // Objects 1 and 2 (page tree, font) are written at the end.
        w.offsets = vec![0, 0];
        w.raw(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")?;
        Ok(w)
    }

    fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.hash.update(bytes);
        self.offset += bytes.len() as u64;
        Ok(())
    }

    fn alloc(&mut self) -> Ref {
        self.offsets.push(0);
        Ref::new(self.offsets.len() as i32)
    }

    /// Writes a chunk holding exactly the object `id`.
    fn emit(&mut self, id: Ref, chunk: &Chunk) -> io::Result<()> {
        self.offsets[id.get() as usize - 1] = self.offset;
        self.raw(chunk.as_bytes())
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    pub fn page(&mut self, page: &Page) -> io::Result<()> {
        let image = match &page.image {
            Some(img) => {
                let id = self.alloc();
                let mut c = Chunk::new();
                let mut x = c.image_xobject(id, &img.data);
                x.filter(if img.jpeg {
                    Filter::DctDecode
                } else {
                    Filter::FlateDecode
                });
                x.width(img.width as i32);
                x.height(img.height as i32);
                if img.gray {
                    x.color_space().device_gray();
                } else {
                    x.color_space().device_rgb();
                }
                x.bits_per_component(8);
                x.finish();
                self.emit(id, &c)?;
                Some(id)
            }
            None => None,
        };
        let content = self.alloc();
        let mut c = Chunk::new();
        c.stream(content, &deflate(&page.content))
            .filter(Filter::FlateDecode);
        self.emit(content, &c)?;
        let id = self.alloc();
        let mut c = Chunk::new();
        let mut p = c.page(id);
        p.media_box(Rect::new(0.0, 0.0, page.width, page.height));
        p.parent(self.tree);
        p.contents(content);
        let mut res = p.resources();
        res.fonts().pair(Name(b"F0"), self.font);
        if let Some(image) = image {
            res.x_objects().pair(Name(b"Im0"), image);
        }
        res.finish();
        p.finish();
        self.emit(id, &c)?;
        self.pages.push(id);
        for (g, ch) in &page.glyphs {
            self.glyphs.entry(*g).or_insert(*ch);
        }
        Ok(())
    }

    /// Writes the font subset, page tree, catalog, information and cross-reference table.
    pub fn finish(mut self, info: &Info) -> io::Result<W> {
        self.write_font()?;
        let mut c = Chunk::new();
        let n = self.pages.len() as i32;
        c.pages(self.tree).kids(self.pages.iter().copied()).count(n);
        self.emit(self.tree, &c)?;
        let catalog = self.alloc();
        let mut c = Chunk::new();
        c.indirect(catalog)
            .start::<Catalog>()
            .pages(self.tree)
            .finish();
        self.emit(catalog, &c)?;
        let info_id = self.alloc();
        let (y, mo, d, h, mi, s) = info.date;
        let date = Date::new(y)
            .month(mo)
            .day(d)
            .hour(h)
            .minute(mi)
            .second(s)
            .utc_offset_hour(0)
            .utc_offset_minute(0);
        let mut c = Chunk::new();
        let mut i = c.indirect(info_id).start::<DocumentInfo>();
        i.title(TextStr(&info.title));
        i.subject(TextStr(&info.subject));
        i.producer(TextStr(concat!("Disclose ", env!("CARGO_PKG_VERSION"))));
        i.creation_date(date);
        i.modified_date(date);
        i.finish();
        self.emit(info_id, &c)?;

        let xref = self.offset;
        let mut t = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len() + 1);
        for o in &self.offsets {
            t.push_str(&format!("{o:010} 00000 n \n"));
        }
        self.raw(t.as_bytes())?;
        let id = hex::encode(&self.hash.clone().finalize()[..16]);
        let trailer = format!(
            "trailer\n<< /Size {} /Root {} 0 R /Info {} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len() + 1,
            catalog.get(),
            info_id.get()
        );
        self.raw(trailer.as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }

    fn write_font(&mut self) -> io::Result<()> {
        let font = Font::get();
        let cid = self.alloc();
        let descriptor = self.alloc();
        let file = self.alloc();
        let to_unicode = self.alloc();
        let cid_to_gid = self.alloc();
        let mut remapper = subsetter::GlyphRemapper::new();
        remapper.remap(0);
        let max = self.glyphs.keys().next_back().copied().unwrap_or(0);
        let mut map = vec![0u8; 2 * (max as usize + 1)];
        for g in self.glyphs.keys() {
            let new = remapper.remap(*g);
            map[2 * *g as usize..2 * *g as usize + 2].copy_from_slice(&new.to_be_bytes());
        }
        let subset = subsetter::subset(font.data(), 0, &remapper)
            .map_err(|e| io::Error::other(format!("font subset: {e}")))?;
        // A subset's name carries a tag of six capitals, here from the glyphs it holds.
        let mut h = Sha256::new();
        for g in self.glyphs.keys() {
            h.update(g.to_be_bytes());
        }
        let tag: String = h.finalize()[..6]
            .iter()
            .map(|b| (b'A' + b % 26) as char)
            .collect();
        let name = format!("{tag}+DejaVuSans");
        let info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };

        let mut c = Chunk::new();
        c.type0_font(self.font)
            .base_font(Name(name.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(to_unicode);
        self.emit(self.font, &c)?;

        let mut c = Chunk::new();
        let mut f = c.cid_font(cid);
        f.subtype(CidFontType::Type2);
        f.base_font(Name(name.as_bytes()));
        f.system_info(info);
        f.font_descriptor(descriptor);
        f.default_width(0.0);
        {
            let mut w = f.widths();
            for g in self.glyphs.keys() {
                w.consecutive(*g, [font.advance(*g)]);
            }
        }
        f.cid_to_gid_map_stream(cid_to_gid);
        f.finish();
        self.emit(cid, &c)?;

        let (ascent, descent, cap) = font.metrics();
        let b = font.bbox();
        let mut c = Chunk::new();
        c.font_descriptor(descriptor)
            .name(Name(name.as_bytes()))
            .flags(FontFlags::NON_SYMBOLIC)
            .bbox(Rect::new(b[0], b[1], b[2], b[3]))
            .italic_angle(0.0)
            .ascent(ascent)
            .descent(descent)
            .cap_height(cap)
            .stem_v(80.0)
            .font_file2(file);
        self.emit(descriptor, &c)?;

        let mut c = Chunk::new();
        let packed = deflate(&subset);
        let mut s = c.stream(file, &packed);
        s.filter(Filter::FlateDecode);
        s.pair(Name(b"Length1"), subset.len() as i32);
        s.finish();
        self.emit(file, &c)?;

        let mut cmap = pdf_writer::types::UnicodeCmap::new(Name(b"Disclose-UCS"), info);
        for (g, ch) in &self.glyphs {
            cmap.pair(*g, *ch);
        }
        let cmap = cmap.finish();
        let mut c = Chunk::new();
        c.cmap(to_unicode, &cmap);
        self.emit(to_unicode, &c)?;

        let mut c = Chunk::new();
        c.stream(cid_to_gid, &deflate(&map))
            .filter(Filter::FlateDecode);
        self.emit(cid_to_gid, &c)?;
        Ok(())
    }
}
