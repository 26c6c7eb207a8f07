//! The originals: every collected file kept byte for byte, found by the SHA-256 of its
//! content, never modified.
//!
//! Two places, by size:
//! - **Loose** (over [`PACK_MAX`]): `originals/<aa>/<sha256>`, written to a temp name and
//!   renamed, read-only from creation.
//! - **Packed** (up to [`PACK_MAX`]): appended to `originals/packs/<writer>-<n>.pack`, each
//!   entry a 48-byte header (`DSCLOBJ1`, the raw SHA-256, the length) then the bytes. A
//!   pack is only ever appended to, by one process (the writer id is unique per process),
//!   and is made read-only when full. Small files are most of a city's records (emails,
//!   memos, log lines); one inode per file capped ingest near 2,500 files/s on ext4, the
//!   packs take appends at memory speed. The headers make a pack readable without the
//!   database; the database says where each original is ([`Location`]).
//!
//! Durability is bought per batch, not per file: [`Originals::sync`] flushes the file system
//! once before the database commit that refers to what was written.
//!
//! **Sealed** (an encrypted office, [`Seal`]): every original is encrypted with
//! ChaCha20-Poly1305 under a key derived from the office's data key, and named by a keyed
//! hash of its SHA-256 instead of the SHA-256 itself (a folder copied out does not say which
//! known documents it holds). A pack entry's header carries that name and the sealed length
//! (`DSCLENC1`), then a random nonce, the ciphertext and its tag. A loose file is `DSCLENC1`,
//! an 8-byte random nonce prefix, then 64 KiB chunks each sealed with the prefix and its
//! number as nonce and whether it is the last as authenticated data (a truncated or extended
//! file fails), so a file of any size is sealed and checked as it streams. Tools that need a
//! path get the plaintext in memory (`memfd_create`, `/proc/self/fd/N`, inherited by a child
//! process), never in a file.

use crate::{Error, Result};
pub use seal::Seal;
use seal::{NONCE_LEN, SEALED_MAGIC, SealedWriter, TAG_LEN, random_bytes};

/// A sealed original that does not open, as the store says it.
fn sealed_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::InvalidData {
        Error::Corrupt("a sealed original is damaged or was changed".into())
    } else {
        Error::Io(e)
    }
}
use sha2::{Digest, Sha256};
use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Files up to this size go into packs.
pub const PACK_MAX: u64 = 256 * 1024;
/// A pack is closed (and made read-only) past this size.
const PACK_LIMIT: u64 = 256 * 1024 * 1024;
const ENTRY_MAGIC: &[u8; 8] = b"DSCLOBJ1";
const HEADER_LEN: u64 = 48;

#[derive(Clone, Debug)]
pub struct Originals {
    root: PathBuf,
    writer_id: String,
    pack: Arc<Mutex<Option<PackFile>>>,
    seal: Option<Seal>,
}

#[derive(Debug)]
struct PackFile {
    name: String,
    /// Buffered: small originals cost one write syscall per megabyte, not one each. Flushed
    /// before every sync (so before every database commit) and before any read.
    file: std::io::BufWriter<fs::File>,
    len: u64,
    seq: u32,
}

/// Where an original's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Loose,
    Packed { pack: String, offset: u64 },
}

/// What a copy of originals copied: files relative to the originals folder, and bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Copied {
    pub paths: Vec<PathBuf>,
    pub bytes: u64,
}

impl Location {
    /// From the `originals` table's `pack` and `pack_offset` columns.
    pub(crate) fn from_columns(pack: Option<String>, offset: Option<i64>) -> Location {
        match (pack, offset) {
            (Some(pack), Some(offset)) => Location::Packed {
                pack,
                offset: offset as u64,
            },
            _ => Location::Loose,
        }
    }
}

/// What a put did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub sha256: String,
    pub size: u64,
    pub location: Location,
    /// False when the same content was already kept (loose files only: a packed copy is
    /// appended again, and the database keeps the first location).
    pub new: bool,
    /// The bytes, when they are small enough to have been held in memory (packed).
    pub bytes: Option<Vec<u8>>,
}

impl Originals {
    /// Opens (making what is missing of) an originals folder: the office's, a shared one in
    /// team mode, or a backup's.
    pub fn open(root: PathBuf) -> Result<Originals> {
        let tmp = root.join("tmp");
        fs::create_dir_all(&tmp)?;
        fs::create_dir_all(root.join("packs"))?;
        // All 256 shards up front: no mkdir on the ingest path.
        for b in 0..=255u8 {
            let shard = root.join(format!("{b:02x}"));
            if !shard.is_dir() {
                fs::create_dir_all(&shard)?;
            }
        }
        // A killed ingest leaves partial copies behind; an hour on, no live writer owns them.
        crate::sweep_older_than(&tmp, std::time::Duration::from_secs(3600), false);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let writer_id = format!("{:x}{:08x}", nanos, std::process::id());
        Ok(Originals {
            root,
            writer_id,
            pack: Arc::new(Mutex::new(None)),
            seal: None,
        })
    }

    /// The same folder, its originals sealed with `seal` (an encrypted office's).
    pub fn sealed_with(mut self, seal: Seal) -> Originals {
        self.seal = Some(seal);
        self
    }

    /// Whether what is kept here is sealed.
    pub fn is_sealed(&self) -> bool {
        self.seal.is_some()
    }

    /// Copies every original (loose files and packs) into another originals folder — a
    /// shared one, when an office moves into team mode — each through a temporary name,
    /// flushed, then renamed, and left read-only. A file already there with the same size
    /// is kept. Returns the files and bytes copied.
    pub fn copy_into(&self, target: &Originals) -> Result<(u64, u64)> {
        let c = self.copy_new_into(target)?;
        Ok((c.paths.len() as u64, c.bytes))
    }

    /// [`Originals::copy_into`], saying which files (relative to the root) it copied.
    pub fn copy_new_into(&self, target: &Originals) -> Result<Copied> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
            for e in fs::read_dir(dir)? {
                let e = e?;
                let t = e.file_type()?;
                if t.is_dir() {
                    walk(&e.path(), out)?;
                } else if t.is_file() {
                    out.push(e.path());
                }
            }
            Ok(())
        }
        if self.root == target.root {
            return Ok(Copied::default());
        }
        self.sync()?;
        let mut files = vec![];
        for e in fs::read_dir(&self.root)? {
            let e = e?;
            if e.file_type()?.is_dir() && e.file_name() != "tmp" {
                walk(&e.path(), &mut files)?;
            }
        }
        let mut copied = Copied::default();
        for src in files {
            let rel = src.strip_prefix(&self.root).expect("under the root");
            let dest = target.root.join(rel);
            let len = fs::metadata(&src)?.len();
            if fs::metadata(&dest).is_ok_and(|m| m.len() == len) {
                continue;
            }
            if let Some(parent) = dest.parent() {
                fs::create_dir_all(parent)?;
            }
            let tmp = tempfile_in(&target.root.join("tmp"))?;
            let done = (|| -> std::io::Result<()> {
                let mut out = create_read_only(&tmp)?;
                std::io::copy(&mut fs::File::open(&src)?, &mut out)?;
                out.sync_all()?;
                fs::rename(&tmp, &dest)
            })();
            if let Err(e) = done {
                let _ = remove_read_only(&tmp);
                return Err(e.into());
            }
            crate::fault::point("originals.file-copied");
            copied.paths.push(rel.to_path_buf());
            copied.bytes += len;
        }
        Ok(copied)
    }

    /// The originals folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where a loose original with this hash lives (whether or not it exists). Sealed, the
    /// file there is ciphertext: read it with [`Originals::read`] or [`Originals::as_file`].
    pub fn path_of(&self, sha256: &str) -> Result<PathBuf> {
        check_sha(sha256)?;
        Ok(match &self.seal {
            None => self.root.join(&sha256[0..2]).join(sha256),
            Some(seal) => {
                let name = hex::encode(seal.name(sha256));
                self.root.join(&name[0..2]).join(name)
            }
        })
    }

    /// Copies a file in, hashing it as it streams (memory stays flat for any size).
    pub fn put_file(&self, src: &Path) -> Result<Stored> {
        let mut input = fs::File::open(src)?;
        self.put_reader(&mut input)
    }

    /// Copies a stream in (a file, an archive entry), hashing as it goes: into a pack when it
    /// ends within [`PACK_MAX`] bytes, else to a loose file. An error from the reader (e.g.
    /// an archive limit crossed) leaves nothing behind.
    pub fn put_reader(&self, input: &mut dyn Read) -> Result<Stored> {
        let mut head = Vec::with_capacity(16 * 1024);
        input.take(PACK_MAX + 1).read_to_end(&mut head)?;
        if head.len() as u64 <= PACK_MAX {
            return self.put_bytes(&head);
        }
        let tmp = tempfile_in(&self.root.join("tmp"))?;
        let mut hasher = Sha256::new();
        hasher.update(&head);
        let mut size = head.len() as u64;
        let copied = (|| -> Result<()> {
            let mut out = self.loose_writer(create_read_only(&tmp)?)?;
            out.write(&head)?;
            let mut buf = vec![0u8; 256 * 1024];
            loop {
                let n = match input.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e.into()),
                };
                hasher.update(&buf[..n]);
                out.write(&buf[..n])?;
                size += n as u64;
            }
            out.finish()
        })();
        if let Err(e) = copied {
            let _ = remove_read_only(&tmp);
            return Err(e);
        }
        self.finish_loose(tmp, hex::encode(hasher.finalize()), size)
    }

    /// A loose file's writer: as it is, or sealed.
    fn loose_writer(&self, file: fs::File) -> Result<LooseWriter> {
        Ok(match &self.seal {
            None => LooseWriter::Plain(file),
            Some(seal) => LooseWriter::Sealed(SealedWriter::new(seal.clone(), file)?),
        })
    }

    /// Keeps bytes that are already in memory (an attachment, a small file).
    pub fn put_bytes(&self, bytes: &[u8]) -> Result<Stored> {
        let digest = Sha256::digest(bytes);
        let sha = hex::encode(digest);
        if bytes.len() as u64 > PACK_MAX {
            if self.path_of(&sha)?.exists() {
                return Ok(Stored {
                    sha256: sha,
                    size: bytes.len() as u64,
                    location: Location::Loose,
                    new: false,
                    bytes: None,
                });
            }
            let tmp = tempfile_in(&self.root.join("tmp"))?;
            let written = (|| -> Result<()> {
                let mut out = self.loose_writer(create_read_only(&tmp)?)?;
                out.write(bytes)?;
                out.finish()
            })();
            if let Err(e) = written {
                let _ = remove_read_only(&tmp);
                return Err(e);
            }
            return self.finish_loose(tmp, sha, bytes.len() as u64);
        }
        let (pack, offset) = self.append(&digest, bytes)?;
        Ok(Stored {
            sha256: sha,
            size: bytes.len() as u64,
            location: Location::Packed { pack, offset },
            new: true,
            bytes: Some(bytes.to_vec()),
        })
    }

    fn append(&self, digest: &[u8], bytes: &[u8]) -> Result<(String, u64)> {
        let mut guard = self
            .pack
            .lock()
            .map_err(|_| Error::Corrupt("pack writer poisoned".into()))?;
        if guard.as_ref().is_some_and(|p| p.len >= PACK_LIMIT) {
            let mut full = guard.take().expect("checked");
            full.file.flush()?;
            #[cfg(not(target_os = "linux"))]
            full.file.get_ref().sync_all()?;
            seal(&self.root.join("packs").join(&full.name));
            *guard = Some(self.new_pack(full.seq + 1)?);
        }
        if guard.is_none() {
            *guard = Some(self.new_pack(1)?);
        }
        let p = guard.as_mut().expect("opened above");
        let mut entry = Vec::with_capacity(HEADER_LEN as usize + bytes.len() + 28);
        match &self.seal {
            None => {
                entry.extend_from_slice(ENTRY_MAGIC);
                entry.extend_from_slice(digest);
                entry.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
                entry.extend_from_slice(bytes);
            }
            Some(seal) => {
                let name = seal.name(&hex::encode(digest));
                let nonce = random_bytes::<NONCE_LEN>()?;
                let mut sealed = bytes.to_vec();
                seal.seal(nonce, &name, &mut sealed)
                    .map_err(|_| Error::Corrupt("sealing an original".into()))?;
                entry.extend_from_slice(SEALED_MAGIC);
                entry.extend_from_slice(&name);
                entry.extend_from_slice(&((NONCE_LEN + sealed.len()) as u64).to_be_bytes());
                entry.extend_from_slice(&nonce);
                entry.extend_from_slice(&sealed);
            }
        }
        p.file.write_all(&entry)?;
        let offset = p.len + HEADER_LEN;
        p.len += entry.len() as u64;
        Ok((p.name.clone(), offset))
    }

    fn new_pack(&self, seq: u32) -> Result<PackFile> {
        let name = format!("{}-{seq:04}.pack", self.writer_id);
        let file = fs::OpenOptions::new()
            .append(true)
            .create_new(true)
            .open(self.root.join("packs").join(&name))?;
        Ok(PackFile {
            name,
            file: std::io::BufWriter::with_capacity(1 << 20, file),
            len: 0,
            seq,
        })
    }

    fn finish_loose(&self, tmp: PathBuf, sha256: String, size: u64) -> Result<Stored> {
        let dest = self.path_of(&sha256)?;
        let new = !dest.exists();
        if new {
            fs::rename(&tmp, &dest)?;
        } else {
            remove_read_only(&tmp)?;
        }
        Ok(Stored {
            sha256,
            size,
            location: Location::Loose,
            new,
            bytes: None,
        })
    }

    /// A temporary file holding `bytes`, for readers that need a path (PDF and image tools);
    /// removed when dropped. Sealed originals' plaintext goes to memory instead
    /// ([`TempCopy::in_memory`]), never to a file.
    pub fn temp_copy(&self, bytes: &[u8]) -> Result<TempCopy> {
        if self.seal.is_some() {
            let mut copy = TempCopy::in_memory()?;
            copy.file()?.write_all(bytes)?;
            return Ok(copy);
        }
        let path = tempfile_in(&self.root.join("tmp"))?;
        if let Err(e) = create_read_only(&path).and_then(|mut f| f.write_all(bytes)) {
            let _ = remove_read_only(&path);
            return Err(e.into());
        }
        Ok(TempCopy { path, memory: None })
    }

    /// A path to an original's bytes: the loose file itself, or a temporary copy of a packed
    /// one (a sealed original's plaintext, in memory).
    pub fn as_file(&self, sha256: &str, location: &Location) -> Result<OriginalFile> {
        match (location, &self.seal) {
            (Location::Loose, None) => Ok(OriginalFile::Loose(self.path_of(sha256)?)),
            (Location::Loose, Some(seal)) => {
                let mut copy = TempCopy::in_memory()?;
                let mut input = fs::File::open(self.path_of(sha256)?)?;
                let out = copy.file()?;
                seal::open_sealed(seal, &mut input, &mut |plain| out.write_all(plain))
                    .map_err(sealed_error)?;
                Ok(OriginalFile::Temp(copy))
            }
            (Location::Packed { .. }, _) => Ok(OriginalFile::Temp(
                self.temp_copy(&self.read(sha256, location)?)?,
            )),
        }
    }

    /// Makes every original written so far durable (one `syncfs` for the file system).
    #[cfg(target_os = "linux")]
    pub fn sync(&self) -> Result<()> {
        self.flush_pack()?;
        let dir = fs::File::open(&self.root)?;
        rustix::fs::syncfs(&dir).map_err(std::io::Error::from)?;
        Ok(())
    }

    /// Makes every original written so far durable. Without `syncfs`, each loose file and
    /// each full pack was flushed to the disk when it was finished; the open pack is now.
    #[cfg(not(target_os = "linux"))]
    pub fn sync(&self) -> Result<()> {
        self.flush_pack()?;
        let guard = self
            .pack
            .lock()
            .map_err(|_| Error::Corrupt("pack writer poisoned".into()))?;
        if let Some(p) = guard.as_ref() {
            p.file.get_ref().sync_all()?;
        }
        Ok(())
    }

    fn flush_pack(&self) -> Result<()> {
        let mut guard = self
            .pack
            .lock()
            .map_err(|_| Error::Corrupt("pack writer poisoned".into()))?;
        if let Some(p) = guard.as_mut() {
            p.file.flush()?;
        }
        Ok(())
    }

    /// Reads an original back.
    pub fn read(&self, sha256: &str, location: &Location) -> Result<Vec<u8>> {
        if matches!(location, Location::Packed { .. }) {
            self.flush_pack()?;
        }
        match location {
            Location::Loose => match &self.seal {
                None => Ok(fs::read(self.path_of(sha256)?)?),
                Some(seal) => {
                    let mut input = fs::File::open(self.path_of(sha256)?)?;
                    let mut bytes = Vec::new();
                    seal::open_sealed(seal, &mut input, &mut |plain| {
                        bytes.extend_from_slice(plain);
                        Ok(())
                    })
                    .map_err(sealed_error)?;
                    Ok(bytes)
                }
            },
            Location::Packed { pack, offset } => {
                if pack.contains('/') || pack.contains("..") {
                    return Err(Error::Corrupt(format!("pack name '{pack}'")));
                }
                let mut f = fs::File::open(self.root.join("packs").join(pack))?;
                let header_at = offset
                    .checked_sub(HEADER_LEN)
                    .ok_or_else(|| Error::Corrupt("pack offset".into()))?;
                f.seek(SeekFrom::Start(header_at))?;
                let mut header = [0u8; HEADER_LEN as usize];
                f.read_exact(&mut header)?;
                let len = u64::from_be_bytes(header[40..48].try_into().expect("8 bytes"));
                let misplaced = || Error::Corrupt(format!("pack entry for {sha256} in {pack}"));
                let Some(seal) = &self.seal else {
                    if &header[..8] != ENTRY_MAGIC
                        || hex::encode(&header[8..40]) != sha256
                        || len > PACK_MAX
                    {
                        return Err(misplaced());
                    }
                    let mut bytes = vec![0u8; len as usize];
                    f.read_exact(&mut bytes)?;
                    return Ok(bytes);
                };
                let name = seal.name(sha256);
                if &header[..8] != SEALED_MAGIC
                    || header[8..40] != name
                    || len > PACK_MAX + (NONCE_LEN + TAG_LEN) as u64
                    || len < (NONCE_LEN + TAG_LEN) as u64
                {
                    return Err(misplaced());
                }
                let mut entry = vec![0u8; len as usize];
                f.read_exact(&mut entry)?;
                let (nonce, sealed) = entry.split_at_mut(NONCE_LEN);
                let nonce: [u8; NONCE_LEN] = (&*nonce).try_into().expect("12 bytes");
                let plain = seal.open(nonce, &name, sealed).map_err(|_| misplaced())?;
                Ok(plain.to_vec())
            }
        }
    }

    /// Re-hashes an original: false when its bytes no longer match its hash.
    pub fn verify(&self, sha256: &str, location: &Location) -> Result<bool> {
        match location {
            Location::Loose => {
                let mut f = fs::File::open(self.path_of(sha256)?)?;
                let mut hasher = Sha256::new();
                match &self.seal {
                    None => {
                        std::io::copy(&mut f, &mut hasher)?;
                    }
                    Some(seal) => {
                        let opened = seal::open_sealed(seal, &mut f, &mut |plain| {
                            hasher.update(plain);
                            Ok(())
                        })
                        .map_err(sealed_error);
                        match opened {
                            Ok(()) => {}
                            Err(Error::Corrupt(_)) => return Ok(false),
                            Err(e) => return Err(e),
                        }
                    }
                }
                Ok(hex::encode(hasher.finalize()) == sha256)
            }
            Location::Packed { .. } => match self.read(sha256, location) {
                Ok(b) => Ok(hex::encode(Sha256::digest(&b)) == sha256),
                Err(Error::Corrupt(_)) => Ok(false),
                Err(e) => Err(e),
            },
        }
    }
}

/// A loose original's writer: as it is, or sealed.
enum LooseWriter {
    Plain(fs::File),
    Sealed(SealedWriter<fs::File>),
}

impl LooseWriter {
    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        match self {
            LooseWriter::Plain(f) => Ok(f.write_all(bytes)?),
            LooseWriter::Sealed(w) => Ok(w.write(bytes)?),
        }
    }

    fn finish(self) -> Result<()> {
        let file = match self {
            LooseWriter::Plain(f) => f,
            LooseWriter::Sealed(w) => w.finish()?,
        };
        // Linux flushes a batch at once (`Originals::sync`); elsewhere each file now.
        #[cfg(not(target_os = "linux"))]
        file.sync_all()?;
        drop(file);
        Ok(())
    }
}

/// A temporary file, removed when dropped: on disk, or (a sealed original's plaintext) in
/// memory, reached through `/proc/self/fd/N` — by a child process too, which inherits it.
#[derive(Debug)]
pub struct TempCopy {
    path: PathBuf,
    memory: Option<fs::File>,
}

impl TempCopy {
    /// An empty file in memory (`memfd_create`; gone when dropped, never on a disk but swap).
    #[cfg(target_os = "linux")]
    pub fn in_memory() -> Result<TempCopy> {
        use std::os::fd::AsRawFd;
        // Not close-on-exec: the PDF and image tools run as children read it by this path.
        let fd = rustix::fs::memfd_create(c"disclose-original", rustix::fs::MemfdFlags::empty())
            .map_err(std::io::Error::from)?;
        let file = fs::File::from(fd);
        Ok(TempCopy {
            path: PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd())),
            memory: Some(file),
        })
    }

    /// Elsewhere there is no file in memory that a child process can open by name, and a
    /// sealed original's plaintext must not go to a disk: refused.
    #[cfg(not(target_os = "linux"))]
    pub fn in_memory() -> Result<TempCopy> {
        Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "an encrypted office hands its originals' plaintext to other programs only on Linux \
             (a file in memory)",
        )
        .into())
    }

    fn file(&mut self) -> Result<&mut fs::File> {
        self.memory
            .as_mut()
            .ok_or_else(|| Error::Corrupt("not a copy in memory".into()))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempCopy {
    fn drop(&mut self) {
        if self.memory.is_none() {
            let _ = remove_read_only(&self.path);
        }
    }
}

/// A folder of this user's whose files live in memory (tmpfs or ramfs: gone at power-off,
/// on a disk only through swap), for what an encrypted office must hand a child process as
/// a file and must not leave on a disk in the clear (OCR's page images, a PDF's embedded
/// files, an export's scratch): `disclose-UID` (mode 0700) in `$XDG_RUNTIME_DIR` (the
/// session's own) or else `/dev/shm`. `None` where neither is a writable memory file
/// system, or where the folder found there is not this user's alone.
#[cfg(target_os = "linux")]
pub fn memory_folder() -> Option<PathBuf> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt};
    let uid = rustix::process::getuid().as_raw();
    let candidates = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from("/dev/shm")]);
    candidates
        .into_iter()
        .filter(|base| is_memory_folder(base))
        .map(|base| base.join(format!("disclose-{uid}")))
        .find(|dir| {
            let _ = fs::DirBuilder::new().mode(0o700).create(dir);
            // Made by someone else first (a shared /dev/shm), or a link: not ours to use.
            fs::symlink_metadata(dir)
                .is_ok_and(|m| m.is_dir() && m.uid() == uid && m.mode() & 0o077 == 0)
        })
}

/// None: only Linux's tmpfs (`$XDG_RUNTIME_DIR`, `/dev/shm`) is known to hold files in memory.
#[cfg(not(target_os = "linux"))]
pub fn memory_folder() -> Option<PathBuf> {
    None
}

/// Whether `dir` is a writable folder on tmpfs or ramfs.
#[cfg(target_os = "linux")]
pub fn is_memory_folder(dir: &Path) -> bool {
    const TMPFS_MAGIC: i64 = 0x0102_1994;
    const RAMFS_MAGIC: i64 = 0x8584_58f6;
    let Ok(st) = rustix::fs::statfs(dir) else {
        return false;
    };
    #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
    let kind = st.f_type as i64;
    (kind == TMPFS_MAGIC || kind == RAMFS_MAGIC)
        && rustix::fs::access(dir, rustix::fs::Access::WRITE_OK).is_ok()
}

#[cfg(not(target_os = "linux"))]
pub fn is_memory_folder(_dir: &Path) -> bool {
    false
}

/// An original as a file on disk.
#[derive(Debug)]
pub enum OriginalFile {
    Loose(PathBuf),
    Temp(TempCopy),
}

impl OriginalFile {
    pub fn path(&self) -> &Path {
        match self {
            OriginalFile::Loose(p) => p,
            OriginalFile::Temp(t) => t.path(),
        }
    }
}

fn check_sha(sha256: &str) -> Result<()> {
    if sha256.len() != 64
        || !sha256
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        return Err(Error::Corrupt(format!("'{sha256}' is not a SHA-256")));
    }
    Ok(())
}

/// Makes a full pack read-only: nothing will be appended to it again.
fn seal(path: &Path) {
    if let Ok(meta) = fs::metadata(path) {
        let mut perms = meta.permissions();
        perms.set_readonly(true);
        let _ = fs::set_permissions(path, perms);
    }
}

impl Drop for PackFile {
    fn drop(&mut self) {
        let _ = self.file.flush();
    }
}

/// A new file, writable through this handle only: its mode is read-only from the start.
fn create_read_only(path: &Path) -> std::io::Result<fs::File> {
    let mut o = fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o444);
    // FILE_ATTRIBUTE_READONLY: other opens for writing fail; this handle keeps its access.
    #[cfg(windows)]
    std::os::windows::fs::OpenOptionsExt::attributes(&mut o, 0x1);
    o.open(path)
}

/// Removes a file of ours that may be read-only. Windows refuses to delete a read-only file
/// where its file system has no POSIX delete (Rust's fallback): FAT, network shares, Wine.
pub(crate) fn remove_read_only(path: &Path) -> std::io::Result<()> {
    #[cfg(windows)]
    if let Ok(meta) = fs::symlink_metadata(path)
        && meta.permissions().readonly()
    {
        let mut perms = meta.permissions();
        #[allow(clippy::permissions_set_readonly_false)] // to delete it
        perms.set_readonly(false);
        let _ = fs::set_permissions(path, perms);
    }
    fs::remove_file(path)
}

/// A temporary name no other writer uses: in team mode the originals folder is shared by
/// workstations whose process ids may coincide, so the name carries the process's start time.
fn tempfile_in(dir: &Path) -> Result<PathBuf> {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    static TAG: OnceLock<String> = OnceLock::new();
    let tag = TAG.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        format!("{:x}-{}", nanos, std::process::id())
    });
    let n = N.fetch_add(1, Ordering::Relaxed);
    Ok(dir.join(format!("{tag}-{n}.part")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn the_memory_folder_is_this_users_alone_on_a_memory_file_system() {
        use std::os::unix::fs::MetadataExt;
        assert!(
            is_memory_folder(Path::new("/dev/shm")),
            "Linux has /dev/shm"
        );
        assert!(!is_memory_folder(Path::new(env!("CARGO_MANIFEST_DIR"))));
        assert!(!is_memory_folder(Path::new("/no/such/folder")));
        let dir = memory_folder().expect("a memory folder");
        assert!(is_memory_folder(&dir), "{}", dir.display());
        let meta = fs::symlink_metadata(&dir).unwrap();
        assert!(meta.is_dir());
        assert_eq!(meta.mode() & 0o777, 0o700, "{}", dir.display());
        assert_eq!(meta.uid(), rustix::process::getuid().as_raw());
    }

    fn files_under(p: &Path) -> Vec<PathBuf> {
        let mut out = vec![];
        for e in fs::read_dir(p).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                out.extend(files_under(&e.path()));
            } else {
                out.push(e.path());
            }
        }
        out
    }

    #[test]
    fn small_originals_are_packed_and_read_back_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let o = Originals::open(dir.path().join("originals")).unwrap();
        let src = dir.path().join("memo.txt");
        fs::write(&src, b"Council memo\n").unwrap();
        let a = o.put_file(&src).unwrap();
        assert_eq!(a.size, 13);
        assert_eq!(a.bytes.as_deref(), Some(&b"Council memo\n"[..]));
        let Location::Packed { pack, offset } = &a.location else {
            panic!("{a:?}")
        };
        assert_eq!(*offset, HEADER_LEN);
        let b = o.put_bytes(b"second").unwrap();
        assert_eq!(
            b.location,
            Location::Packed {
                pack: pack.clone(),
                offset: HEADER_LEN * 2 + 13
            }
        );
        assert_eq!(o.read(&a.sha256, &a.location).unwrap(), b"Council memo\n");
        assert_eq!(o.read(&b.sha256, &b.location).unwrap(), b"second");
        assert!(o.verify(&a.sha256, &a.location).unwrap());
        // A location that does not hold that hash is refused, not misread.
        assert!(o.read(&b.sha256, &a.location).is_err());
        assert!(!o.verify(&b.sha256, &a.location).unwrap());
        o.sync().unwrap();
        assert_eq!(
            fs::read_dir(dir.path().join("originals/tmp"))
                .unwrap()
                .count(),
            0
        );
    }

    #[test]
    fn large_originals_are_loose_read_only_files() {
        let dir = tempfile::tempdir().unwrap();
        let o = Originals::open(dir.path().join("originals")).unwrap();
        let big: Vec<u8> = (0..PACK_MAX as usize + 10)
            .map(|i| (i % 251) as u8)
            .collect();
        let src = dir.path().join("scan.pdf");
        fs::write(&src, &big).unwrap();
        let a = o.put_file(&src).unwrap();
        assert_eq!(
            (a.location.clone(), a.new, a.bytes.is_none()),
            (Location::Loose, true, true)
        );
        let p = o.path_of(&a.sha256).unwrap();
        assert_eq!(
            p,
            dir.path()
                .join("originals")
                .join(&a.sha256[..2])
                .join(&a.sha256)
        );
        assert!(fs::metadata(&p).unwrap().permissions().readonly());
        assert_eq!(o.read(&a.sha256, &Location::Loose).unwrap(), big);
        let again = o.put_bytes(&big).unwrap();
        assert!(!again.new);
        assert!(o.verify(&a.sha256, &Location::Loose).unwrap());
    }

    #[test]
    fn a_failed_stream_leaves_nothing_behind() {
        struct Failing(usize);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0 == 0 {
                    return Err(std::io::Error::other("archive expands past its limit"));
                }
                self.0 -= 1;
                buf.fill(b'x');
                Ok(buf.len())
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let o = Originals::open(dir.path().to_path_buf()).unwrap();
        let e = o.put_reader(&mut Failing(3)).unwrap_err();
        assert!(e.to_string().contains("expands past"));
        let e = o.put_reader(&mut Failing(100)).unwrap_err();
        assert!(e.to_string().contains("expands past"));
        assert!(
            files_under(dir.path()).is_empty(),
            "{:?}",
            files_under(dir.path())
        );
    }

    #[test]
    fn a_hash_that_is_not_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let o = Originals::open(dir.path().to_path_buf()).unwrap();
        assert!(o.path_of("../../etc/passwd").is_err());
        assert!(o.path_of(&"A".repeat(64)).is_err());
        let at = Location::Packed {
            pack: "../x".into(),
            offset: 48,
        };
        assert!(o.read(&"a".repeat(64), &at).is_err());
    }

    use seal::CHUNK;

    fn sealed(dir: &Path) -> Originals {
        Originals::open(dir.join("originals"))
            .unwrap()
            .sealed_with(Seal::new([7u8; 32], [9u8; 32]))
    }

    #[cfg(target_os = "linux")]
    fn holds(path: &Path, needle: &[u8]) -> bool {
        fs::read(path)
            .unwrap_or_default()
            .windows(needle.len())
            .any(|w| w == needle)
    }

    // Elsewhere a sealed original's plaintext is refused to other programs (`in_memory`).
    #[cfg(target_os = "linux")]
    #[test]
    fn sealed_originals_read_back_whole_and_no_file_holds_their_bytes_or_hashes() {
        let dir = tempfile::tempdir().unwrap();
        let o = sealed(dir.path());
        let small = b"PLANTED-SMALL memo text".to_vec();
        // Several chunks and a part of one; and one exactly two chunks long.
        let mut big = b"PLANTED-BIG ".to_vec();
        big.extend((0..PACK_MAX as usize + 3 * CHUNK + 17).map(|i| (i % 251) as u8));
        let even: Vec<u8> = (0..CHUNK * 2 + PACK_MAX as usize - (PACK_MAX as usize % CHUNK))
            .map(|i| (i % 13) as u8)
            .collect();
        let a = o.put_bytes(&small).unwrap();
        let src = dir.path().join("big.bin");
        fs::write(&src, &big).unwrap();
        let b = o.put_file(&src).unwrap();
        let c = o.put_bytes(&even).unwrap();
        assert!(matches!(a.location, Location::Packed { .. }));
        assert_eq!(b.location, Location::Loose);
        assert_eq!(c.location, Location::Loose);
        o.sync().unwrap();
        assert_eq!(o.read(&a.sha256, &a.location).unwrap(), small);
        assert_eq!(o.read(&b.sha256, &b.location).unwrap(), big);
        assert_eq!(o.read(&c.sha256, &c.location).unwrap(), even);
        for s in [&a, &b, &c] {
            assert!(o.verify(&s.sha256, &s.location).unwrap());
            let file = o.as_file(&s.sha256, &s.location).unwrap();
            assert!(
                file.path().starts_with("/proc/self/fd/"),
                "{:?}",
                file.path()
            );
            assert_eq!(fs::read(file.path()).unwrap().len() as u64, s.size);
        }
        for f in files_under(&dir.path().join("originals")) {
            assert!(!holds(&f, b"PLANTED"), "{} holds plaintext", f.display());
            for s in [&a, &b, &c] {
                let name = f.file_name().unwrap().to_string_lossy().to_string();
                assert_ne!(name, s.sha256, "named by its SHA-256");
                assert!(
                    !holds(&f, &hex::decode(&s.sha256).unwrap()),
                    "{}",
                    f.display()
                );
            }
        }
        // Without the key (a plain reader, or another key) nothing reads back.
        let plain = Originals::open(dir.path().join("originals")).unwrap();
        assert!(plain.read(&a.sha256, &a.location).is_err());
        let other = Originals::open(dir.path().join("originals"))
            .unwrap()
            .sealed_with(Seal::new([8u8; 32], [9u8; 32]));
        assert!(other.read(&a.sha256, &a.location).is_err());
        assert!(!other.verify(&b.sha256, &b.location).unwrap());
    }

    #[test]
    fn a_changed_cut_or_extended_sealed_original_fails_its_check() {
        let dir = tempfile::tempdir().unwrap();
        let o = sealed(dir.path());
        let big: Vec<u8> = (0..PACK_MAX as usize + 2 * CHUNK)
            .map(|i| (i % 7) as u8)
            .collect();
        let s = o.put_bytes(&big).unwrap();
        let path = o.path_of(&s.sha256).unwrap();
        let whole = fs::read(&path).unwrap();
        let rewrite = |bytes: &[u8]| {
            let mut perms = fs::metadata(&path).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            fs::set_permissions(&path, perms).unwrap();
            fs::write(&path, bytes).unwrap();
        };
        let mut flipped = whole.clone();
        flipped[40_000] ^= 1;
        let cut_at_chunk = &whole[..16 + CHUNK + TAG_LEN];
        let mut extended = whole.clone();
        extended.extend_from_slice(&whole[16..16 + CHUNK + TAG_LEN]);
        for bad in [
            flipped.as_slice(),
            cut_at_chunk,
            extended.as_slice(),
            &whole[..10],
        ] {
            rewrite(bad);
            assert!(!o.verify(&s.sha256, &s.location).unwrap());
            assert!(o.read(&s.sha256, &s.location).is_err());
        }
        rewrite(&whole);
        assert!(o.verify(&s.sha256, &s.location).unwrap());
    }
}
