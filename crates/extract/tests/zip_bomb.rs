//! A zip bomb (1 GiB of zeros, deflated) is refused while streaming, quickly, with flat memory.
//! Its own test binary so the process's peak memory belongs to this test alone.
//!
//! The bomb is written without ever holding 1 GiB: one MiB of zeros is deflated once with a
//! sync flush (a byte-aligned run of non-final blocks), that run is written 1024 times, then a
//! final empty block closes the stream. (Deflating 1 GiB through `ZipWriter` works too, but
//! takes minutes in an unoptimised test build.)

use std::io::Write;
use std::time::Instant;

use extract::{ArchiveLimits, walk_zip};

fn peak_rss_kib() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Raw deflate of 1 MiB of zeros ending on a byte boundary (sync flush, not final).
fn zeros_chunk() -> Vec<u8> {
    let input = vec![0u8; 1 << 20];
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let mut out = Vec::with_capacity(64 * 1024);
    let mut consumed = 0;
    loop {
        let before_in = c.total_in() as usize;
        c.compress_vec(&input[consumed..], &mut out, flate2::FlushCompress::Sync)
            .unwrap();
        consumed += c.total_in() as usize - before_in;
        if consumed == input.len() && out.len() < out.capacity() {
            return out;
        }
        out.reserve(64 * 1024);
    }
}

struct Entry {
    name: &'static str,
    method: u16,
    crc: u32,
    csize: u32,
    usize: u32,
    offset: u32,
}

fn local_header(w: &mut impl Write, e: &Entry) {
    w.write_all(&0x0403_4b50u32.to_le_bytes()).unwrap();
    for v in [20u16, 0, e.method, 0, 0x21] {
        w.write_all(&v.to_le_bytes()).unwrap();
    }
    for v in [e.crc, e.csize, e.usize] {
        w.write_all(&v.to_le_bytes()).unwrap();
    }
    w.write_all(&(e.name.len() as u16).to_le_bytes()).unwrap();
    w.write_all(&0u16.to_le_bytes()).unwrap();
    w.write_all(e.name.as_bytes()).unwrap();
}

fn write_bomb(path: &std::path::Path) {
    let chunk = zeros_chunk();
    let mut chunk_crc = crc32fast::Hasher::new();
    chunk_crc.update(&vec![0u8; 1 << 20]);
    let mut crc = crc32fast::Hasher::new();
    for _ in 0..1024 {
        crc.combine(&chunk_crc);
    }
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let bomb = Entry {
        name: "zeros.bin",
        method: 8,
        crc: crc.finalize(),
        csize: (chunk.len() * 1024 + 2) as u32,
        usize: 1 << 30,
        offset: 0,
    };
    local_header(&mut f, &bomb);
    for _ in 0..1024 {
        f.write_all(&chunk).unwrap();
    }
    f.write_all(&[0x03, 0x00]).unwrap(); // final, fixed Huffman, end of block
    let text = b"still listed";
    let mut h = crc32fast::Hasher::new();
    h.update(text);
    let after = Entry {
        name: "after.txt",
        method: 0,
        crc: h.finalize(),
        csize: text.len() as u32,
        usize: text.len() as u32,
        offset: 30 + bomb.name.len() as u32 + bomb.csize,
    };
    local_header(&mut f, &after);
    f.write_all(text).unwrap();
    let cd_start = after.offset + 30 + after.name.len() as u32 + after.csize;
    let mut cd = Vec::new();
    for e in [&bomb, &after] {
        cd.extend(0x0201_4b50u32.to_le_bytes());
        for v in [20u16, 20, 0, e.method, 0, 0x21] {
            cd.extend(v.to_le_bytes());
        }
        for v in [e.crc, e.csize, e.usize] {
            cd.extend(v.to_le_bytes());
        }
        for v in [e.name.len() as u16, 0, 0, 0, 0] {
            cd.extend(v.to_le_bytes());
        }
        cd.extend(0u32.to_le_bytes());
        cd.extend(e.offset.to_le_bytes());
        cd.extend(e.name.as_bytes());
    }
    f.write_all(&cd).unwrap();
    f.write_all(&0x0605_4b50u32.to_le_bytes()).unwrap();
    for v in [0u16, 0, 2, 2] {
        f.write_all(&v.to_le_bytes()).unwrap();
    }
    f.write_all(&(cd.len() as u32).to_le_bytes()).unwrap();
    f.write_all(&cd_start.to_le_bytes()).unwrap();
    f.write_all(&0u16.to_le_bytes()).unwrap();
    f.flush().unwrap();
}

#[test]
fn zip_bomb_is_refused_while_streaming() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bomb.zip");
    write_bomb(&p);
    let compressed = std::fs::metadata(&p).unwrap().len();
    assert!(compressed < 4 << 20, "{compressed}");

    let before = peak_rss_kib();
    let t = Instant::now();
    let mut results = Vec::new();
    walk_zip(&p, &ArchiveLimits::default(), &mut |name, r| {
        let r = r.unwrap();
        let mut buf = vec![0u8; 64 * 1024];
        let mut total = 0u64;
        let outcome = loop {
            match r.read(&mut buf) {
                Ok(0) => break Ok(total),
                Ok(n) => total += n as u64,
                Err(e) => break Err((e.kind(), e.to_string(), total)),
            }
        };
        results.push((name.to_string(), outcome));
        Ok(())
    })
    .unwrap();
    let took = t.elapsed();
    assert_eq!(results.len(), 2);
    let (name, outcome) = &results[0];
    assert_eq!(name, "zeros.bin");
    let (kind, msg, read) = outcome.clone().unwrap_err();
    assert_eq!(kind, std::io::ErrorKind::Other);
    assert_eq!(msg, "expands past 200× its compressed size");
    // Stopped near 200 × the compressed size, far from 1 GiB.
    assert!(read <= 200 * compressed + (1 << 20), "{read}");
    assert_eq!(results[1], ("after.txt".to_string(), Ok(12)));
    let grew = peak_rss_kib().saturating_sub(before);
    assert!(grew < 64 * 1024, "peak memory grew by {grew} KiB");
    assert!(took.as_secs() < 20, "took {took:?}");
}

/// The same bomb is a valid zip: with no ratio limit it expands to exactly 1 GiB of zeros.
#[test]
fn zip_bomb_fixture_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bomb.zip");
    write_bomb(&p);
    let limits = ArchiveLimits {
        max_ratio: u64::MAX,
        ..ArchiveLimits::default()
    };
    let mut sizes = Vec::new();
    walk_zip(&p, &limits, &mut |_, r| {
        sizes.push(std::io::copy(r.unwrap(), &mut std::io::sink()).unwrap());
        Ok(())
    })
    .unwrap();
    assert_eq!(sizes, [1 << 30, 12]);
}
