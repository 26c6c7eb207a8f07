//! Word and PowerPoint 97–2003 files saved by LibreOffice: their text in order, and what a
//! reviewer must see before releasing (tracked deletions, comments, hidden slides, notes).

use std::io::{Read, Seek, SeekFrom, Write};

use extract::{Failure, Kind, Options, extract_file, sniff_file};
use testkit as fixtures;

#[test]
fn a_word_97_document_shows_its_tracked_change_comment_footnote_and_table() {
    let p = fixtures::legacy("tracked.doc");
    // By content: the name says nothing.
    assert_eq!(sniff_file(&p, "scan0001.bin").unwrap(), Kind::Doc);
    let e = extract_file(&p, "tracked.doc", Kind::Doc, &Options::default()).unwrap();
    assert_eq!(e.kind, Kind::Doc);
    assert_eq!(
        e.text,
        "The permit for 12 Oak Street was approved by [deleted: Councilmember Alvarez]the planning \
         board on March 3[Comment by Sam Ortiz: Check this date against the minutes].\n\
         Second paragraph with a footnote.\n\
         Cell A1\tCell B1\n\
         After the table.\n\
         \n\
         Footnotes:\n\
         Footnote text about zoning\n"
    );
    assert_eq!(
        e.warnings,
        [
            "tracked changes: insertions are shown as text, deletions as [deleted: …]",
            "1 comment(s)"
        ]
    );
}

#[test]
fn an_encrypted_or_damaged_word_document_fails_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    // fEncrypted set in the File Information Block of a copy.
    let locked = dir.path().join("locked.doc");
    std::fs::copy(fixtures::legacy("tracked.doc"), &locked).unwrap();
    {
        let f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&locked)
            .unwrap();
        let mut cf = cfb::CompoundFile::open(f).unwrap();
        let mut s = cf.open_stream("/WordDocument").unwrap();
        let mut flags = [0u8; 2];
        s.seek(SeekFrom::Start(0x0A)).unwrap();
        s.read_exact(&mut flags).unwrap();
        flags[1] |= 0x01;
        s.seek(SeekFrom::Start(0x0A)).unwrap();
        s.write_all(&flags).unwrap();
        s.flush().unwrap();
    }
    assert_eq!(
        extract_file(&locked, "locked.doc", Kind::Doc, &Options::default()).unwrap_err(),
        Failure("encrypted (password required)".into())
    );
    // Cut short: one reason, no panic.
    let bytes = std::fs::read(fixtures::legacy("tracked.doc")).unwrap();
    let cut = fixtures::write(&dir.path().join("cut.doc"), &bytes[..bytes.len() / 3]);
    let f = extract_file(&cut, "cut.doc", Kind::Doc, &Options::default()).unwrap_err();
    assert!(f.0.starts_with("damaged Word document"), "{f}");
}

#[test]
fn a_powerpoint_97_presentation_reads_slides_in_order_with_hidden_slides_and_notes() {
    let p = fixtures::legacy("deck.ppt");
    assert_eq!(sniff_file(&p, "deck").unwrap(), Kind::Ppt);
    let e = extract_file(&p, "deck.ppt", Kind::Ppt, &Options::default()).unwrap();
    assert_eq!(
        e.text,
        "Slide 1\nBudget 2027\nFees for parcel 4471 rise\nText box: call Dana at 555-0134\n\
         [Speaker notes: Do not mention the settlement]\n\n\
         Slide 2\n[Hidden slide]\nHidden numbers\nPermit fees rise 4%\n"
    );
    assert_eq!(e.title.as_deref(), Some("Fee schedule deck"));
    assert_eq!(e.fields["author"], "Dana Reyes");
    assert_eq!(e.fields["slides"], "2");
    assert_eq!(
        e.warnings,
        [
            "1 hidden slide(s) present (shown here)",
            "1 slide(s) with speaker notes"
        ]
    );
}
