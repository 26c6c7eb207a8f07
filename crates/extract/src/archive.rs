//! Zip archives, streamed entry by entry, never written to disk, with bomb limits.

use std::io::Read;
use std::path::Path;

use crate::{Extracted, Failure};

/// Limits for [`walk_zip`].
#[derive(Debug, Clone)]
pub struct ArchiveLimits {
    /// Total expanded bytes over all entries (default 8 GiB).
    pub max_total: u64,
    /// Per entry, expanded / compressed, checked once an entry has expanded past 1 MiB
    /// (default 200).
    pub max_ratio: u64,
    /// Entries in the central directory (default 100,000).
    pub max_entries: usize,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        ArchiveLimits {
            max_total: 8 * 1024 * 1024 * 1024,
            max_ratio: 200,
            max_entries: 100_000,
        }
    }
}

/// The ratio limit applies only once an entry has expanded past this.
const RATIO_FLOOR: u64 = 1024 * 1024;

/// Whether an entry name could escape the folder it is extracted into.
pub fn is_unsafe_name(name: &str) -> bool {
    if name.is_empty() || name.contains('\0') {
        return true;
    }
    let b = name.as_bytes();
    if b[0] == b'/' || b[0] == b'\\' {
        return true;
    }
    if b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic() {
        return true;
    }
    name.split(['/', '\\']).any(|c| c == "..")
}

struct Limited<'a, R: Read> {
    inner: R,
    compressed: u64,
    expanded: u64,
    total: &'a mut u64,
    limits: &'a ArchiveLimits,
}

impl<R: Read> Read for Limited<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // Never hand out more than one limit's worth past a check.
        let cap = buf.len().min(256 * 1024);
        let n = self.inner.read(&mut buf[..cap])?;
        self.expanded += n as u64;
        *self.total += n as u64;
        if self.expanded > RATIO_FLOOR
            && self.expanded > self.limits.max_ratio.saturating_mul(self.compressed.max(1))
        {
            return Err(std::io::Error::other(format!(
                "expands past {}× its compressed size",
                self.limits.max_ratio
            )));
        }
        if *self.total > self.limits.max_total {
            return Err(std::io::Error::other(format!(
                "archive expands past {}",
                crate::fmt_size(self.limits.max_total)
            )));
        }
        Ok(n)
    }
}

/// Calls `visit(entry_path, Ok(reader))` for each file entry in order (directories skipped);
/// the reader yields an `io::Error` (kind Other, e.g. "expands past 200× its compressed size"
/// or "archive expands past 8 GiB") as soon as a limit is crossed. Entries whose name is
/// absolute, has a drive letter, or contains a `..` component are not read:
/// `visit(name, Err(Failure("unsafe path in archive")))`. Encrypted entries:
/// `Err(Failure("encrypted (password required)"))`. Returns `Err` only when the archive
/// itself cannot be read, or with the error `visit` returned (which stops the walk).
#[allow(clippy::type_complexity)]
pub fn walk_zip(
    path: &Path,
    limits: &ArchiveLimits,
    visit: &mut dyn FnMut(&str, Result<&mut dyn Read, Failure>) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let f = std::fs::File::open(path).map_err(|e| crate::io_failure(&e))?;
    let mut z = crate::guarded(|| {
        zip::ZipArchive::new(std::io::BufReader::new(f)).map_err(|e| {
            Failure(format!(
                "damaged archive ({})",
                crate::one_line(&e.to_string(), 120)
            ))
        })
    })?;
    if z.len() > limits.max_entries {
        return Err(Failure(format!(
            "too many entries in archive ({}; the limit is {})",
            z.len(),
            limits.max_entries
        )));
    }
    let mut total = 0u64;
    for i in 0..z.len() {
        let (name, is_dir, encrypted, compressed) = match z.by_index_data(i) {
            Ok(e) => (
                String::from_utf8_lossy(e.name_raw()).into_owned(),
                e.is_dir(),
                e.encrypted(),
                e.compressed_size(),
            ),
            Err(e) => {
                return Err(Failure(format!(
                    "damaged archive ({})",
                    crate::one_line(&e.to_string(), 120)
                )));
            }
        };
        let name = match z
            .by_index_data(i)
            .ok()
            .and_then(|e| e.name().ok().map(|n| n.into_owned()))
        {
            Some(n) => n,
            None => name,
        };
        if is_dir {
            continue;
        }
        if is_unsafe_name(&name) {
            visit(&name, Err(Failure::new("unsafe path in archive")))?;
            continue;
        }
        if encrypted {
            visit(&name, Err(Failure::encrypted()))?;
            continue;
        }
        match z.by_index(i) {
            Ok(entry) => {
                let mut r = Limited {
                    inner: entry,
                    compressed,
                    expanded: 0,
                    total: &mut total,
                    limits,
                };
                visit(&name, Ok(&mut r))?;
            }
            Err(zip::result::ZipError::UnsupportedArchive(m)) if m.contains("assword") => {
                visit(&name, Err(Failure::encrypted()))?;
            }
            Err(e) => {
                visit(
                    &name,
                    Err(Failure(format!(
                        "unreadable entry ({})",
                        crate::one_line(&e.to_string(), 120)
                    ))),
                )?;
            }
        }
        if total > limits.max_total {
            return Err(Failure(format!(
                "archive expands past {}",
                crate::fmt_size(limits.max_total)
            )));
        }
    }
    Ok(())
}

/// An archive's text is the list of its entries; the pipeline walks them with [`walk_zip`].
pub(crate) fn extract_archive(path: &Path) -> Result<Extracted, Failure> {
    let f = std::fs::File::open(path).map_err(|e| crate::io_failure(&e))?;
    let z = zip::ZipArchive::new(std::io::BufReader::new(f)).map_err(|e| {
        Failure(format!(
            "damaged archive ({})",
            crate::one_line(&e.to_string(), 120)
        ))
    })?;
    let mut out = Extracted::default();
    let mut text = String::new();
    let (mut files, mut unsafe_n, mut enc_n) = (0usize, 0usize, 0usize);
    let mut expanded = 0u128;
    for i in 0..z.len() {
        let Ok(e) = z.by_index_data(i) else { continue };
        let name = e
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| String::from_utf8_lossy(e.name_raw()).into_owned());
        text.push_str(&name);
        text.push('\n');
        if e.is_dir() {
            continue;
        }
        files += 1;
        expanded += e.size() as u128;
        if is_unsafe_name(&name) {
            unsafe_n += 1;
        }
        if e.encrypted() {
            enc_n += 1;
        }
    }
    out.text = text;
    out.fields.insert("entries".into(), files.to_string());
    out.fields
        .insert("expanded_size".into(), expanded.to_string());
    if unsafe_n > 0 {
        out.warnings.push(format!(
            "{unsafe_n} entr{} with unsafe paths (not read)",
            if unsafe_n == 1 { "y" } else { "ies" }
        ));
    }
    if enc_n > 0 {
        out.warnings.push(format!(
            "{enc_n} encrypted entr{} (password required)",
            if enc_n == 1 { "y" } else { "ies" }
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_names() {
        for n in [
            "../evil.txt",
            "/abs.txt",
            "a/../../b",
            "C:\\x.txt",
            "c:x",
            "a\\..\\b",
            "\\x",
        ] {
            assert!(is_unsafe_name(n), "{n}");
        }
        for n in ["a.txt", "dir/a.txt", "..a/b", "a..b.txt"] {
            assert!(!is_unsafe_name(n), "{n}");
        }
    }
}
