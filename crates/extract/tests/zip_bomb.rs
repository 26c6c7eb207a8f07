//! A zip bomb (1 GiB of zeros, deflated) is refused while streaming, quickly, with flat memory.
//! Its own test binary so the process's peak memory belongs to this test alone.

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

#[test]
fn zip_bomb_is_refused_while_streaming() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bomb.zip");
    {
        // Streamed: 1 GiB of zeros is never held in memory.
        let f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
        let mut z = zip::ZipWriter::new(f);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9))
            .large_file(true);
        z.start_file("zeros.bin", o).unwrap();
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..1024 {
            z.write_all(&chunk).unwrap();
        }
        z.start_file("after.txt", o).unwrap();
        z.write_all(b"still listed").unwrap();
        z.finish().unwrap();
    }
    let compressed = std::fs::metadata(&p).unwrap().len();
    assert!(compressed < 8 << 20, "{compressed}");

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
