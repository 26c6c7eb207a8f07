//! Zip archives: listing, streaming, unsafe paths.

mod common;

use common::*;
use extract::{ArchiveLimits, Failure, Kind, Options, extract_file, sniff_file, walk_zip};

#[test]
fn unsafe_paths_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("upload.zip");
    make_zip(
        &p,
        &[
            ("ok/notes.txt", b"fine"),
            ("../evil.txt", b"escape"),
            ("/abs.txt", b"absolute"),
            ("C:/windows.txt", b"drive"),
            ("a/../../b.txt", b"sneaky"),
        ],
    );
    assert_eq!(sniff_file(&p, "upload.zip").unwrap(), Kind::Archive);
    let mut seen = Vec::new();
    walk_zip(&p, &ArchiveLimits::default(), &mut |name, r| {
        match r {
            Ok(r) => {
                let mut s = String::new();
                r.read_to_string(&mut s).unwrap();
                seen.push((name.to_string(), Ok(s)));
            }
            Err(f) => seen.push((name.to_string(), Err(f))),
        }
        Ok(())
    })
    .unwrap();
    let unsafe_ = Err(Failure("unsafe path in archive".into()));
    assert_eq!(
        seen,
        [
            ("ok/notes.txt".to_string(), Ok("fine".to_string())),
            ("../evil.txt".to_string(), unsafe_.clone()),
            ("/abs.txt".to_string(), unsafe_.clone()),
            ("C:/windows.txt".to_string(), unsafe_.clone()),
            ("a/../../b.txt".to_string(), unsafe_),
        ]
    );
    let e = extract_file(&p, "upload.zip", Kind::Archive, &Options::default()).unwrap();
    assert_eq!(e.kind, Kind::Archive);
    assert_eq!(
        e.text,
        "ok/notes.txt\n../evil.txt\n/abs.txt\nC:/windows.txt\na/../../b.txt\n"
    );
    assert!(
        e.warnings.iter().any(|w| w.contains("unsafe")),
        "{:?}",
        e.warnings
    );
}

#[test]
fn visit_error_stops_the_walk_and_limits_apply() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.zip");
    make_zip(
        &p,
        &[("1.txt", b"one"), ("2.txt", b"two"), ("3.txt", b"three")],
    );
    let mut n = 0;
    let r = walk_zip(&p, &ArchiveLimits::default(), &mut |_, _| {
        n += 1;
        if n == 2 {
            Err(Failure("stop".into()))
        } else {
            Ok(())
        }
    });
    assert_eq!(r, Err(Failure("stop".into())));
    assert_eq!(n, 2);

    let limits = ArchiveLimits {
        max_entries: 2,
        ..ArchiveLimits::default()
    };
    let r = walk_zip(&p, &limits, &mut |_, _| Ok(()));
    assert!(r.unwrap_err().0.starts_with("too many entries"));

    // Total expanded size limit.
    let big = vec![b'x'; 3000];
    make_zip(&p, &[("a", &big), ("b", &big)]);
    let limits = ArchiveLimits {
        max_total: 4000,
        ..ArchiveLimits::default()
    };
    let mut errors = Vec::new();
    let r = walk_zip(&p, &limits, &mut |_, rd| {
        let mut v = Vec::new();
        if let Err(e) = rd.unwrap().read_to_end(&mut v) {
            errors.push(e.to_string());
        }
        Ok(())
    });
    assert_eq!(errors, ["archive expands past 4 KB"]);
    assert!(r.is_err());

    let junk = write(dir.path(), "junk.zip", b"PK\x03\x04 not really");
    let r = walk_zip(&junk, &ArchiveLimits::default(), &mut |_, _| Ok(()));
    assert!(r.unwrap_err().0.starts_with("damaged archive"));
}

#[test]
fn encrypted_entries_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("enc.zip");
    // Written plain, then marked encrypted (general-purpose bit 0) in the local and the
    // central headers of the second entry, as a ZipCrypto entry would be.
    make_zip(&p, &[("plain.txt", b"plain"), ("secret.txt", b"secret")]);
    let mut bytes = std::fs::read(&p).unwrap();
    let find_all = |b: &[u8], sig: &[u8]| -> Vec<usize> {
        b.windows(4)
            .enumerate()
            .filter(|(_, w)| *w == sig)
            .map(|(i, _)| i)
            .collect()
    };
    let local = find_all(&bytes, b"PK\x03\x04");
    let central = find_all(&bytes, b"PK\x01\x02");
    bytes[local[1] + 6] |= 1;
    bytes[central[1] + 8] |= 1;
    std::fs::write(&p, bytes).unwrap();
    let mut seen = Vec::new();
    walk_zip(&p, &ArchiveLimits::default(), &mut |name, r| {
        seen.push((name.to_string(), r.err()));
        Ok(())
    })
    .unwrap();
    assert_eq!(
        seen,
        [
            ("plain.txt".to_string(), None),
            (
                "secret.txt".to_string(),
                Some(Failure("encrypted (password required)".into()))
            ),
        ]
    );
}
