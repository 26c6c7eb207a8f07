//! PowerPoint: every slide in the presentation's order, with what a reviewer must see
//! (hidden slides, speaker notes, comments).

use extract::{Kind, Options, extract_file, sniff_file};

const P: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn slide(text: &str, hidden: bool) -> String {
    format!(
        r#"<p:sld {P}{}><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#,
        if hidden { r#" show="0""# } else { "" }
    )
}

fn pptx() -> Vec<u8> {
    let presentation = format!(
        r#"<p:presentation {P}><p:sldIdLst><p:sldId id="256" r:id="rId3"/><p:sldId id="257" r:id="rId2"/></p:sldIdLst></p:presentation>"#
    );
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="{REL}/slide" Target="slides/slide1.xml"/><Relationship Id="rId3" Type="{REL}/slide" Target="slides/slide2.xml"/></Relationships>"#
    );
    let slide2_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/notesSlide" Target="../notesSlides/notesSlide1.xml"/><Relationship Id="rId2" Type="{REL}/comments" Target="../comments/comment1.xml"/></Relationships>"#
    );
    let notes = format!(
        r#"<p:notes {P}><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Do not mention the settlement</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:notes>"#
    );
    let comments = format!(
        r#"<p:cmLst {P}><p:cm authorId="0"><p:text>Check this figure</p:text></p:cm></p:cmLst>"#
    );
    let authors =
        format!(r#"<p:cmAuthorLst {P}><p:cmAuthor id="0" name="Pat Lee"/></p:cmAuthorLst>"#);
    let s1 = slide("Permit fees rise 4%", true);
    let s2 = slide("Budget 2027", false);
    testkit::zip(&[
        ("ppt/presentation.xml", presentation.as_bytes()),
        ("ppt/_rels/presentation.xml.rels", rels.as_bytes()),
        ("ppt/slides/slide1.xml", s1.as_bytes()),
        ("ppt/slides/slide2.xml", s2.as_bytes()),
        ("ppt/slides/_rels/slide2.xml.rels", slide2_rels.as_bytes()),
        ("ppt/notesSlides/notesSlide1.xml", notes.as_bytes()),
        ("ppt/comments/comment1.xml", comments.as_bytes()),
        ("ppt/commentAuthors.xml", authors.as_bytes()),
    ])
}

#[test]
fn slides_in_order_with_hidden_slides_notes_and_comments() {
    let dir = tempfile::tempdir().unwrap();
    let p = testkit::write(&dir.path().join("deck.zip"), pptx());
    assert_eq!(sniff_file(&p, "deck.zip").unwrap(), Kind::Pptx);
    let e = extract_file(&p, "deck.zip", Kind::Pptx, &Options::default()).unwrap();
    let t = &e.text;
    assert_eq!(
        t,
        "Slide 1\nBudget 2027\n[Speaker notes: Do not mention the settlement]\n[Comment by Pat Lee: Check this figure]\n\nSlide 2\n[Hidden slide]\nPermit fees rise 4%\n"
    );
    for w in [
        "1 hidden slide(s) present (shown here)",
        "1 slide(s) with speaker notes",
        "1 comment(s)",
    ] {
        assert!(e.warnings.iter().any(|x| x == w), "{w}: {:?}", e.warnings);
    }
    assert_eq!(e.fields["slides"], "2");
}
