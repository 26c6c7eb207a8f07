//! Where a record's rendered pages are kept between the pre-flight and the export.

use super::*;

/// Where a record's rendered pages are kept (burned-in images, which hidden words each page
/// had, and for a record released as images the words OCR read): pages are found again by
/// the source (`source`: the original's SHA-256), the page's words and boxes, the
/// resolution and whether OCR was asked, so a changed redaction is a new entry. It holds
/// only what a release shows (burned pixels, words read from them): nothing redacted. In an
/// encrypted office each page is sealed (`seal`) and named by a keyed hash of its key.
#[derive(Debug, Clone)]
pub struct PageCache {
    pub dir: PathBuf,
    pub source: String,
    pub seal: Option<seal::Seal>,
}

/// A page as rendered, burned and encoded, with what the check needs of it.
#[derive(Debug, Clone)]
pub(crate) struct Rendered {
    pub image: PageImage,
    /// Indices of the source's words that cannot be seen, and why.
    pub hidden: Vec<(usize, Hidden)>,
    /// Words read by OCR from the burned image (a record released as images).
    pub ocr: Option<Vec<PageWord>>,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct CachedPage {
    width: u32,
    height: u32,
    gray: bool,
    jpeg: bool,
    hidden: Vec<(usize, Hidden)>,
    ocr: Option<Vec<PageWord>>,
}

impl PageCache {
    pub(crate) fn key(&self, what: &impl Serialize, dpi: u32, ocr: bool) -> String {
        let mut h = Sha256::new();
        h.update(CACHE_FORMAT.as_bytes());
        h.update(self.source.as_bytes());
        h.update(serde_json::to_vec(what).unwrap_or_default());
        h.update(dpi.to_be_bytes());
        h.update([u8::from(ocr)]);
        hex::encode(&h.finalize()[..20])
    }

    fn path(&self, key: &str) -> PathBuf {
        let name = match &self.seal {
            None => key.to_string(),
            Some(s) => hex::encode(s.name(key)),
        };
        self.dir.join(&name[..2]).join(format!("{name}.page"))
    }

    pub(crate) fn get(&self, key: &str) -> Option<Rendered> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        let bytes = match &self.seal {
            None => bytes,
            Some(s) => s.open_file(&bytes).ok()?,
        };
        let nl = bytes.iter().position(|&b| b == b'\n')?;
        let meta: CachedPage = serde_json::from_slice(&bytes[..nl]).ok()?;
        let data = bytes[nl + 1..].to_vec();
        Some(Rendered {
            image: PageImage {
                width: meta.width,
                height: meta.height,
                gray: meta.gray,
                jpeg: meta.jpeg,
                data,
            },
            hidden: meta.hidden,
            ocr: meta.ocr,
        })
    }

    /// Kept whole or not at all (written aside, then renamed); a cache that cannot be
    /// written only costs the export a render.
    pub(crate) fn put(&self, key: &str, r: &Rendered) {
        let meta = CachedPage {
            width: r.image.width,
            height: r.image.height,
            gray: r.image.gray,
            jpeg: r.image.jpeg,
            hidden: r.hidden.clone(),
            ocr: r.ocr.clone(),
        };
        let path = self.path(key);
        let Some(dir) = path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = dir.join(format!(".{}.{n}.tmp", std::process::id()));
        let ok = (|| -> std::io::Result<()> {
            let mut bytes = serde_json::to_vec(&meta)?;
            bytes.push(b'\n');
            bytes.extend_from_slice(&r.image.data);
            if let Some(s) = &self.seal {
                bytes = s.seal_file(&bytes)?;
            }
            let mut f = File::create(&tmp)?;
            f.write_all(&bytes)?;
            f.flush()
        })();
        if ok.is_ok() {
            let _ = std::fs::rename(&tmp, &path);
        } else {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// Bumped whenever what a cached page holds, or how it is made, changes.
pub(crate) const CACHE_FORMAT: &str = "disclose-page-2";
