//! Bytes at rest in an encrypted office: the keys derived from its data key ([`Seal`]) and
//! the sealed file format its originals, packs and search index are written in.
//!
//! A sealed file is `DSCLENC1`, an 8-byte random nonce prefix, then chunks of 64 KiB of
//! plaintext, each sealed with ChaCha20-Poly1305 under the prefix and the chunk's number as
//! nonce, and whether it is the last chunk as authenticated data. A full chunk is never the
//! last (a file that ends on a chunk gets an empty last chunk), so a file cut at a chunk, or
//! extended, fails; any chunk can be opened alone, so a range is read without the whole file
//! ([`SealedFile`]). A small value sealed whole (a pack entry) is a random nonce, the
//! ciphertext and its tag ([`Seal::seal`]).

use hmac::{Hmac, Mac};
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, Nonce, UnboundKey};
use sha2::Sha256;
use std::io::{Read, Write};
use std::sync::Arc;
use zeroize::Zeroizing;

/// A sealed file's first bytes.
pub const SEALED_MAGIC: &[u8; 8] = b"DSCLENC1";
pub const NONCE_LEN: usize = 12;
pub const TAG_LEN: usize = 16;
/// Plaintext bytes per chunk of a sealed file.
pub const CHUNK: usize = 64 * 1024;
/// The magic and the nonce prefix.
const FILE_HEAD: usize = 16;

/// Sealed bytes that do not open: changed, cut, extended, misplaced, or under another key.
#[derive(Debug)]
pub struct Damaged;

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("sealed data is damaged, was changed, or is another office's")
    }
}

impl std::error::Error for Damaged {}

impl From<Damaged> for std::io::Error {
    fn from(e: Damaged) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidData, e)
    }
}

/// The keys of one kind of sealed data (an office's originals, its index), derived from its
/// data key with a label each.
#[derive(Clone)]
pub struct Seal {
    content: Arc<LessSafeKey>,
    names: Arc<Zeroizing<[u8; 32]>>,
}

impl std::fmt::Debug for Seal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Seal(…)")
    }
}

/// HMAC-SHA-256 of `label` under `key`: a key of its own for each use of one data key.
pub fn derive(key: &[u8], label: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any key length");
    mac.update(label);
    mac.finalize().into_bytes().into()
}

impl Seal {
    pub fn new(content: [u8; 32], names: [u8; 32]) -> Seal {
        let content = Zeroizing::new(content);
        let key = UnboundKey::new(&CHACHA20_POLY1305, &content[..]).expect("a 32-byte key");
        Seal {
            content: Arc::new(LessSafeKey::new(key)),
            names: Arc::new(Zeroizing::new(names)),
        }
    }

    /// A keyed hash of `what`: the name sealed data is kept under instead of a hash anyone
    /// could compute from a known document.
    pub fn name(&self, what: &str) -> [u8; 32] {
        derive(&self.names[..], what.as_bytes())
    }

    /// Seals `buf` in place (the tag appended).
    pub fn seal(
        &self,
        nonce: [u8; NONCE_LEN],
        aad: &[u8],
        buf: &mut Vec<u8>,
    ) -> Result<(), Damaged> {
        self.content
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(aad), buf)
            .map_err(|_| Damaged)
    }

    /// The plaintext of `buf` (ciphertext and tag), opened in place.
    pub fn open<'a>(
        &self,
        nonce: [u8; NONCE_LEN],
        aad: &[u8],
        buf: &'a mut [u8],
    ) -> Result<&'a mut [u8], Damaged> {
        self.content
            .open_in_place(Nonce::assume_unique_for_key(nonce), Aad::from(aad), buf)
            .map_err(|_| Damaged)
    }

    /// `plain` sealed whole as a sealed file (small files: the index's `meta.json`).
    pub fn seal_file(&self, plain: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut w = SealedWriter::new(self.clone(), Vec::with_capacity(plain.len() + 64))?;
        w.write(plain)?;
        w.finish()
    }

    /// The plaintext of a whole sealed file.
    pub fn open_file(&self, sealed: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(sealed.len());
        open_sealed(self, &mut &sealed[..], &mut |plain| {
            out.extend_from_slice(plain);
            Ok(())
        })?;
        Ok(out)
    }
}

pub fn random_bytes<const N: usize>() -> std::io::Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::getrandom(&mut b).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(b)
}

fn chunk_nonce(prefix: &[u8; 8], n: u64) -> Result<[u8; NONCE_LEN], Damaged> {
    let n = u32::try_from(n).map_err(|_| Damaged)?;
    let mut nonce = [0u8; NONCE_LEN];
    nonce[..8].copy_from_slice(prefix);
    nonce[8..].copy_from_slice(&n.to_be_bytes());
    Ok(nonce)
}

/// Writes a sealed file: the magic, the nonce prefix, then each chunk as it fills; the last
/// (possibly empty) chunk is sealed as the last by [`SealedWriter::finish`].
pub struct SealedWriter<W: Write> {
    seal: Seal,
    out: W,
    prefix: [u8; 8],
    n: u64,
    pending: Vec<u8>,
}

impl<W: Write> SealedWriter<W> {
    pub fn new(seal: Seal, mut out: W) -> std::io::Result<Self> {
        let prefix = random_bytes::<8>()?;
        out.write_all(SEALED_MAGIC)?;
        out.write_all(&prefix)?;
        Ok(SealedWriter {
            seal,
            out,
            prefix,
            n: 0,
            pending: Vec::with_capacity(CHUNK + TAG_LEN),
        })
    }

    fn flush_chunk(&mut self, last: bool) -> std::io::Result<()> {
        let nonce = chunk_nonce(&self.prefix, self.n)?;
        self.seal.seal(nonce, &[last as u8], &mut self.pending)?;
        self.out.write_all(&self.pending)?;
        self.pending.clear();
        self.n += 1;
        Ok(())
    }

    pub fn write(&mut self, mut bytes: &[u8]) -> std::io::Result<()> {
        while !bytes.is_empty() {
            // A full chunk is sealed only once more bytes come: the last one is marked so.
            if self.pending.len() == CHUNK {
                self.flush_chunk(false)?;
            }
            let take = (CHUNK - self.pending.len()).min(bytes.len());
            self.pending.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
        }
        Ok(())
    }

    /// Seals what is pending as the last chunk and gives the output back.
    pub fn finish(mut self) -> std::io::Result<W> {
        // A full chunk is never the last (that is how a reader tells a cut file): one that
        // ends exactly on a chunk gets an empty last chunk after it.
        if self.pending.len() == CHUNK {
            self.flush_chunk(false)?;
        }
        self.flush_chunk(true)?;
        Ok(self.out)
    }
}

/// Reads a sealed file from its start, handing each chunk's plaintext to `each`.
pub fn open_sealed(
    seal: &Seal,
    input: &mut dyn Read,
    each: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut head = [0u8; FILE_HEAD];
    if read_full(input, &mut head)? < FILE_HEAD || &head[..8] != SEALED_MAGIC {
        return Err(Damaged.into());
    }
    let prefix: [u8; 8] = head[8..].try_into().expect("8 bytes");
    let mut buf = vec![0u8; CHUNK + TAG_LEN];
    let mut n = 0u64;
    loop {
        let got = read_full(input, &mut buf)?;
        // A full sealed chunk is never the last: the last is shorter (empty, at least).
        let last = got < buf.len();
        if got < TAG_LEN {
            return Err(Damaged.into());
        }
        let plain = seal.open(chunk_nonce(&prefix, n)?, &[last as u8], &mut buf[..got])?;
        each(plain)?;
        if last {
            return Ok(());
        }
        n += 1;
    }
}

/// Reads until `buf` is full or the input ends; how many bytes were read.
pub fn read_full(input: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match input.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(k) => got += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Where a sealed file of `sealed_len` bytes keeps its chunks, and its plaintext length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub chunks: u64,
    pub plain_len: u64,
}

impl Layout {
    pub fn of(sealed_len: u64) -> Result<Layout, Damaged> {
        let body = sealed_len.checked_sub(FILE_HEAD as u64).ok_or(Damaged)?;
        let full = (CHUNK + TAG_LEN) as u64;
        // Every chunk but the last is full; the last is shorter and holds a tag at least.
        let chunks = body / full + 1;
        let last = body % full;
        if last < TAG_LEN as u64 {
            return Err(Damaged);
        }
        Ok(Layout {
            chunks,
            plain_len: body - chunks * TAG_LEN as u64,
        })
    }

    /// Where chunk `n` starts in the sealed file, and its sealed length.
    fn chunk(&self, n: u64, sealed_len: u64) -> (u64, usize) {
        let full = (CHUNK + TAG_LEN) as u64;
        let at = FILE_HEAD as u64 + n * full;
        (at, (sealed_len - at).min(full) as usize)
    }
}

/// A sealed file read a range at a time (the search index's files): each read opens only the
/// chunks the range touches; the last few opened are kept.
pub struct SealedFile {
    seal: Seal,
    file: std::fs::File,
    sealed_len: u64,
    prefix: [u8; 8],
    layout: Layout,
    recent: std::sync::Mutex<Vec<(u64, Arc<Vec<u8>>)>>,
}

/// Reads exactly `buf.len()` bytes at `at`, whatever the file's cursor (a shared handle).
#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

/// Reads exactly `buf.len()` bytes at `at`. Windows' positioned read moves the handle's
/// cursor too, which no reader of a `SealedFile` relies on: every read names its offset.
#[cfg(windows)]
fn read_exact_at(file: &std::fs::File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, at) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                at += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

impl std::fmt::Debug for SealedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealedFile({} bytes)", self.layout.plain_len)
    }
}

/// Chunks each open file keeps opened.
const KEPT: usize = 8;

impl SealedFile {
    pub fn open(seal: Seal, file: std::fs::File) -> std::io::Result<SealedFile> {
        let sealed_len = file.metadata()?.len();
        let layout = Layout::of(sealed_len)?;
        let mut head = [0u8; FILE_HEAD];
        read_exact_at(&file, &mut head, 0)?;
        if &head[..8] != SEALED_MAGIC {
            return Err(Damaged.into());
        }
        Ok(SealedFile {
            seal,
            file,
            sealed_len,
            prefix: head[8..].try_into().expect("8 bytes"),
            layout,
            recent: std::sync::Mutex::new(Vec::with_capacity(KEPT)),
        })
    }

    /// The plaintext's length.
    pub fn len(&self) -> u64 {
        self.layout.plain_len
    }

    pub fn is_empty(&self) -> bool {
        self.layout.plain_len == 0
    }

    fn chunk(&self, n: u64) -> std::io::Result<Arc<Vec<u8>>> {
        {
            let recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((_, c)) = recent.iter().find(|(k, _)| *k == n) {
                return Ok(c.clone());
            }
        }
        let (at, len) = self.layout.chunk(n, self.sealed_len);
        let mut buf = vec![0u8; len];
        read_exact_at(&self.file, &mut buf, at)?;
        let last = n + 1 == self.layout.chunks;
        let plain_len = self
            .seal
            .open(chunk_nonce(&self.prefix, n)?, &[last as u8], &mut buf)?
            .len();
        buf.truncate(plain_len);
        let chunk = Arc::new(buf);
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        if recent.len() == KEPT {
            recent.remove(0);
        }
        recent.push((n, chunk.clone()));
        Ok(chunk)
    }

    /// The plaintext bytes `range` (within [`SealedFile::len`]).
    pub fn read_range(&self, range: std::ops::Range<u64>) -> std::io::Result<Vec<u8>> {
        if range.end > self.layout.plain_len || range.start > range.end {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "a range past the end of a sealed file",
            ));
        }
        let mut out = Vec::with_capacity((range.end - range.start) as usize);
        let mut at = range.start;
        while at < range.end {
            let n = at / CHUNK as u64;
            let chunk = self.chunk(n)?;
            let from = (at - n * CHUNK as u64) as usize;
            let to = ((range.end - n * CHUNK as u64) as usize).min(chunk.len());
            if from >= to {
                return Err(Damaged.into());
            }
            out.extend_from_slice(&chunk[from..to]);
            at += (to - from) as u64;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seal() -> Seal {
        Seal::new([3u8; 32], [4u8; 32])
    }

    #[test]
    fn any_range_of_a_sealed_file_reads_back_as_written() {
        let dir = std::env::temp_dir().join(format!("seal-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for len in [
            0,
            1,
            CHUNK - 1,
            CHUNK,
            CHUNK + 1,
            3 * CHUNK,
            3 * CHUNK + 777,
        ] {
            let plain: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            let sealed = seal().seal_file(&plain).unwrap();
            assert_eq!(
                Layout::of(sealed.len() as u64).unwrap().plain_len,
                len as u64
            );
            assert_eq!(seal().open_file(&sealed).unwrap(), plain);
            let path = dir.join(format!("f{len}"));
            std::fs::write(&path, &sealed).unwrap();
            let f = SealedFile::open(seal(), std::fs::File::open(&path).unwrap()).unwrap();
            assert_eq!(f.len(), len as u64);
            for (a, b) in [(0, len), (0, len / 2), (len / 3, len), (len / 2, len / 2)] {
                let got = f.read_range(a as u64..b as u64).unwrap();
                assert_eq!(got, plain[a..b], "{len}: {a}..{b}");
            }
            assert!(f.read_range(0..len as u64 + 1).is_err());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_changed_cut_or_extended_file_does_not_open() {
        let plain: Vec<u8> = (0..2 * CHUNK + 5).map(|i| i as u8).collect();
        let sealed = seal().seal_file(&plain).unwrap();
        let mut flipped = sealed.clone();
        flipped[100] ^= 1;
        let cut = &sealed[..FILE_HEAD + CHUNK + TAG_LEN];
        let mut extended = sealed.clone();
        extended.extend_from_slice(&sealed[FILE_HEAD..FILE_HEAD + CHUNK + TAG_LEN]);
        for bad in [&flipped[..], cut, &extended[..], &sealed[..5]] {
            assert!(seal().open_file(bad).is_err());
        }
        assert!(Seal::new([5u8; 32], [4u8; 32]).open_file(&sealed).is_err());
        // Without the key nothing of the plaintext is in it.
        let marker = b"MARKER-PLAINTEXT";
        let sealed = seal().seal_file(marker).unwrap();
        assert!(!sealed.windows(marker.len()).any(|w| w == marker));
    }
}
