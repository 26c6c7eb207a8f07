//! Locked files opened with passwords a clerk was given: the right one among several opens
//! the file; a wrong one leaves it failed with its reason; the password is never in a
//! message.

use extract::{Kind, Options, Passwords, extract_file, sniff_file, unlock};
use testkit as fixtures;

fn with(passwords: &str) -> Options {
    Options {
        passwords: Passwords::from_lines(passwords),
        ..Options::default()
    }
}

/// Unlocks `path` and reads the readable copy as what it is.
fn read_unlocked(path: &std::path::Path, kind: Kind, opts: &Options) -> extract::Extracted {
    let copy = unlock(path, kind, opts).unwrap().expect("opened");
    let dir = tempfile::tempdir().unwrap();
    let p = fixtures::write(&dir.path().join("copy"), &copy.bytes);
    let kind = sniff_file(&p, "copy").unwrap();
    extract_file(&p, "copy", kind, opts).unwrap()
}

#[test]
fn a_locked_docx_opens_with_the_right_password_among_several() {
    let p = fixtures::locked("settlement.docx");
    assert_eq!(sniff_file(&p, "settlement.docx").unwrap(), Kind::Docx);
    let locked = extract_file(&p, "settlement.docx", Kind::Docx, &Options::default()).unwrap_err();
    assert!(locked.is_encrypted(), "{locked}");
    // No passwords: nothing to try.
    assert!(
        unlock(&p, Kind::Docx, &Options::default())
            .unwrap()
            .is_none()
    );
    let opts = with(&format!("hunter2\r\n\n{}\n", fixtures::LOCKED_PASSWORD));
    let e = read_unlocked(&p, Kind::Docx, &opts);
    assert_eq!(e.kind, Kind::Docx);
    assert_eq!(
        e.text,
        "Settlement terms for parcel 4471: the city pays 18,500 dollars to Dana Reyes.\n"
    );
    // Wrong passwords: failed with a reason that names no password.
    let f = unlock(&p, Kind::Docx, &with("hunter2\nParcel-4471")).unwrap_err();
    assert_eq!(
        f.0,
        "encrypted (password required): none of the 2 passwords given opens it"
    );
    let f = unlock(&p, Kind::Docx, &with("hunter2")).unwrap_err();
    assert_eq!(
        f.0,
        "encrypted (password required): the password given does not open it"
    );
}

#[test]
fn a_locked_pdf_opens_with_its_user_password() {
    fixtures::need("pdftotext", "poppler-utils");
    let dir = tempfile::tempdir().unwrap();
    let p = fixtures::locked_pdf(
        &dir.path().join("locked.pdf"),
        "Claim 88-1204 paid to Lee Wong",
        "open sesame",
    );
    let locked = extract_file(&p, "locked.pdf", Kind::Pdf, &Options::default()).unwrap_err();
    assert!(locked.is_encrypted());
    let e = read_unlocked(&p, Kind::Pdf, &with("wrong one\nopen sesame"));
    assert_eq!(e.kind, Kind::Pdf);
    assert_eq!(e.text, "Claim 88-1204 paid to Lee Wong\n");
    assert_eq!(e.pages.len(), 1);
    let f = unlock(&p, Kind::Pdf, &with("open")).unwrap_err();
    assert!(
        !f.0.contains("open sesame") && f.0.starts_with("encrypted"),
        "{f}"
    );
}

#[test]
fn passwords_are_never_printed() {
    let p = Passwords::from_lines("open sesame\nParcel-4471!\n");
    assert_eq!(p.len(), 2);
    assert_eq!(format!("{p:?}"), "Passwords(2 given)");
    let o = with("open sesame");
    assert!(!format!("{o:?}").contains("sesame"));
}
