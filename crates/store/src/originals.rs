//! The originals: every collected file kept byte for byte under the SHA-256 of its content,
//! at `originals/<aa>/<bb>/<sha256>`, written once (temp file, rename) and left read-only.
//! Two writers of the same content write the same bytes to the same name, so concurrent
//! ingests are safe. Durability is bought per batch, not per file: [`Originals::sync`]
//! flushes the whole file system once before the database commit that refers to the files
//! (an fsync per small file would cap ingest at a few hundred files a second).

use crate::{Error, Result};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug)]
pub struct Originals {
    root: PathBuf,
}

/// What [`Originals::put_file`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub sha256: String,
    pub size: u64,
    /// False when the same content was already kept.
    pub new: bool,
}

impl Originals {
    pub(crate) fn open(root: PathBuf) -> Result<Originals> {
        fs::create_dir_all(root.join("tmp"))?;
        Ok(Originals { root })
    }

    /// Where the original with this hash lives (whether or not it exists).
    pub fn path_of(&self, sha256: &str) -> Result<PathBuf> {
        if sha256.len() != 64
            || !sha256
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        {
            return Err(Error::Corrupt(format!("'{sha256}' is not a SHA-256")));
        }
        Ok(self
            .root
            .join(&sha256[0..2])
            .join(&sha256[2..4])
            .join(sha256))
    }

    /// Copies a file in, hashing it as it streams (memory stays flat for any size).
    pub fn put_file(&self, src: &Path) -> Result<Stored> {
        let mut input = fs::File::open(src)?;
        self.put_reader(&mut input)
    }

    /// Copies a stream in (an archive entry), hashing as it goes. An error from the reader
    /// (e.g. an archive limit crossed) leaves nothing behind.
    pub fn put_reader(&self, input: &mut dyn Read) -> Result<Stored> {
        let tmp = tempfile_in(&self.root.join("tmp"))?;
        let mut out = fs::File::create(&tmp)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 256 * 1024];
        let mut size = 0u64;
        let copied = (|| -> std::io::Result<()> {
            loop {
                let n = match input.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                hasher.update(&buf[..n]);
                out.write_all(&buf[..n])?;
                size += n as u64;
            }
            Ok(())
        })();
        drop(out);
        if let Err(e) = copied {
            let _ = fs::remove_file(&tmp);
            return Err(e.into());
        }
        self.finish(tmp, hex::encode(hasher.finalize()), size)
    }

    /// Keeps bytes that are already in memory (an attachment, an archive entry).
    pub fn put_bytes(&self, bytes: &[u8]) -> Result<Stored> {
        let sha = hex::encode(Sha256::digest(bytes));
        if self.path_of(&sha)?.exists() {
            return Ok(Stored {
                sha256: sha,
                size: bytes.len() as u64,
                new: false,
            });
        }
        let tmp = tempfile_in(&self.root.join("tmp"))?;
        let written = fs::write(&tmp, bytes);
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(e.into());
        }
        self.finish(tmp, sha, bytes.len() as u64)
    }

    fn finish(&self, tmp: PathBuf, sha256: String, size: u64) -> Result<Stored> {
        let dest = self.path_of(&sha256)?;
        if dest.exists() {
            fs::remove_file(&tmp)?;
            return Ok(Stored {
                sha256,
                size,
                new: false,
            });
        }
        fs::create_dir_all(dest.parent().expect("sharded path has a parent"))?;
        let mut perms = fs::metadata(&tmp)?.permissions();
        perms.set_readonly(true);
        fs::set_permissions(&tmp, perms)?;
        fs::rename(&tmp, &dest)?;
        Ok(Stored {
            sha256,
            size,
            new: true,
        })
    }

    /// Makes every original written so far durable (one `syncfs` for the file system).
    pub fn sync(&self) -> Result<()> {
        let dir = fs::File::open(&self.root)?;
        rustix::fs::syncfs(&dir).map_err(std::io::Error::from)?;
        Ok(())
    }

    /// Reads an original back.
    pub fn read(&self, sha256: &str) -> Result<Vec<u8>> {
        Ok(fs::read(self.path_of(sha256)?)?)
    }

    /// Re-hashes an original: false when its bytes no longer match its name.
    pub fn verify(&self, sha256: &str) -> Result<bool> {
        let mut f = fs::File::open(self.path_of(sha256)?)?;
        let mut hasher = Sha256::new();
        std::io::copy(&mut f, &mut hasher)?;
        Ok(hex::encode(hasher.finalize()) == sha256)
    }
}

fn tempfile_in(dir: &Path) -> Result<PathBuf> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    Ok(dir.join(format!("{}-{n}.part", std::process::id())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn originals_are_content_addressed_and_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let o = Originals::open(dir.path().join("originals")).unwrap();
        let src = dir.path().join("memo.txt");
        fs::write(&src, b"Council memo\n").unwrap();
        let a = o.put_file(&src).unwrap();
        assert!(a.new);
        assert_eq!(a.size, 13);
        let b = o.put_bytes(b"Council memo\n").unwrap();
        assert_eq!(
            b,
            Stored {
                new: false,
                ..a.clone()
            }
        );
        assert_eq!(o.read(&a.sha256).unwrap(), b"Council memo\n");
        let p = o.path_of(&a.sha256).unwrap();
        assert!(
            p.starts_with(
                dir.path()
                    .join("originals")
                    .join(&a.sha256[..2])
                    .join(&a.sha256[2..4])
            )
        );
        assert!(fs::metadata(&p).unwrap().permissions().readonly());
        assert!(o.verify(&a.sha256).unwrap());
        o.sync().unwrap();
        assert_eq!(
            fs::read_dir(dir.path().join("originals/tmp"))
                .unwrap()
                .count(),
            0
        );
    }

    #[test]
    fn a_hash_that_is_not_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let o = Originals::open(dir.path().to_path_buf()).unwrap();
        assert!(o.path_of("../../etc/passwd").is_err());
        assert!(o.path_of(&"A".repeat(64)).is_err());
    }
}
