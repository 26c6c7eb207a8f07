//! Redaction through the office, on ingested records: a value across a line break, terms and
//! patterns over every record (copies and attachments included), undo, the release view, and
//! every bad input refused with nothing changed.

use testkit as fixtures;

use office::{
    Actor, Config, ErrorCode, IngestOptions, Office, RecordId, RedactBy, RedactTarget,
    RedactionOrigin, RedactionState, ReviewStatus, SearchOptions,
};

mod common;
use common::{PW, new_user};

const HOME: &str = "7928.300";

struct World {
    _tmp: tempfile::TempDir,
    office: Office,
    ana: Actor,
}

async fn world() -> World {
    let tmp = tempfile::tempdir().unwrap();
    let office = Office::init(
        Config::new(fixtures::office_dir(tmp.path().join("office")).await),
        "ana",
        "",
        PW,
    )
    .await
    .unwrap();
    let ana = office.sign_in("ana", PW).await.unwrap();
    for r in ["PRA-1", "PRA-2"] {
        office
            .create_request(&ana, r, "A. Reporter", "2026-11-02", "Permits")
            .await
            .unwrap();
    }
    let root = tmp.path().join("collection");
    let memo = "Ana Ruiz lives at 12 Main St.\nPlease call Ana\nRuiz at (916) 555-0142 about the permit.\n";
    fixtures::write(&root.join("memos/memo.txt"), memo);
    fixtures::write(&root.join("transfer/memo-copy.txt"), memo);
    fixtures::write(
        &root.join("mail/permit.eml"),
        fixtures::email(
            "Olga Petrova <olga@city.example>",
            "Permit question",
            "See the note.",
            Some(("note.txt", b"Note: ANA RUIZ called from 555-0142.")),
        ),
    );
    fixtures::write(&root.join("pdf/broken.pdf"), b"%PDF-1.7\n1 0 obj << /Type");
    office
        .ingest(
            &ana,
            "PRA-1",
            std::slice::from_ref(&root),
            IngestOptions {
                ocr: false,
                ..Default::default()
            },
            &|_| {},
        )
        .await
        .unwrap();
    World {
        _tmp: tmp,
        office,
        ana,
    }
}

impl World {
    async fn id(&self, suffix: &str) -> RecordId {
        self.office
            .records(&self.ana, "PRA-1")
            .await
            .unwrap()
            .into_iter()
            .find(|d| d.path.ends_with(suffix))
            .unwrap_or_else(|| panic!("no {suffix}"))
            .id
    }

    async fn release(&self, id: RecordId) -> String {
        self.office
            .release_view(&self.ana, "PRA-1", id)
            .await
            .unwrap()
            .text
    }

    async fn redactions(&self, id: RecordId) -> usize {
        self.office
            .record_view(&self.ana, "PRA-1", id)
            .await
            .unwrap()
            .redactions
            .len()
    }
}

fn text(value: &str) -> RedactBy {
    RedactBy::Text {
        value: value.into(),
        ignore_case: false,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_value_is_redacted_across_line_breaks_and_shown_as_a_labelled_block() {
    let w = world().await;
    let memo = w.id("memos/memo.txt").await;
    let r = w
        .office
        .redact(
            &w.ana,
            "PRA-1",
            &text("Ana Ruiz"),
            RedactTarget::Doc(memo),
            HOME,
            Some("home address"),
        )
        .await
        .unwrap();
    assert_eq!((r.redactions, r.records, r.searched), (2, 1, 1));
    let view = w.release(memo).await;
    assert_eq!(
        view,
        "[REDACTED — Gov. Code §7928.300] lives at 12 Main St.\nPlease call [REDACTED — Gov. Code §7928.300] at (916) 555-0142 about the permit.\n"
    );
    // The same again adds nothing; the copy is untouched (it was not asked for).
    let again = w
        .office
        .redact(
            &w.ana,
            "PRA-1",
            &text("Ana Ruiz"),
            RedactTarget::Doc(memo),
            HOME,
            None,
        )
        .await
        .unwrap();
    assert_eq!(again.redactions, 0);
    assert!(
        w.release(w.id("transfer/memo-copy.txt").await)
            .await
            .contains("Ana Ruiz")
    );
    // The record's own view keeps the text and lists the redactions with who and why.
    let v = w.office.record_view(&w.ana, "PRA-1", memo).await.unwrap();
    assert!(v.text.starts_with("Ana Ruiz"));
    assert_eq!(v.redactions.len(), 2);
    assert_eq!(v.redactions[0].start_char, Some(0));
    assert_eq!(v.redactions[0].end_char, Some(8));
    assert_eq!(v.redactions[0].created_by, "ana");
    assert_eq!(v.redactions[0].note.as_deref(), Some("home address"));
    assert_eq!(v.redactions[1].origin, RedactionOrigin::Manual);
    // Search follows: the record is found under the code.
    let ids = w
        .office
        .search_ids(&w.ana, "PRA-1", &format!("exemption:{HOME}"))
        .await
        .unwrap();
    assert_eq!(ids, vec![memo]);
}

#[tokio::test(flavor = "multi_thread")]
async fn terms_and_patterns_reach_every_record_copies_and_attachments_included() {
    let w = world().await;
    let terms = RedactBy::Terms {
        values: vec!["Ana Ruiz".into(), "".into(), "12 Main St".into()],
        ignore_case: true,
    };
    let r = w
        .office
        .redact(&w.ana, "PRA-1", &terms, RedactTarget::AllDocs, HOME, None)
        .await
        .unwrap();
    // memo: 3, its copy: 3, the attachment: 1 ("ANA RUIZ").
    assert_eq!((r.redactions, r.records), (7, 3));
    let phone = RedactBy::Pattern(r"\(?\d{3}\)?[\s.-]*\d{3}-\d{4}|\b\d{3}-\d{4}\b".into());
    let r = w
        .office
        .redact(&w.ana, "PRA-1", &phone, RedactTarget::AllDocs, HOME, None)
        .await
        .unwrap();
    assert_eq!((r.redactions, r.records), (3, 3));
    for suffix in [
        "memos/memo.txt",
        "transfer/memo-copy.txt",
        "permit.eml/note.txt",
    ] {
        let view = w.release(w.id(suffix).await).await;
        for value in ["Ana Ruiz", "ANA RUIZ", "12 Main St", "555-0142"] {
            assert!(
                !view.contains(value),
                "{value} readable in {suffix}: {view}"
            );
        }
        assert!(view.contains("[REDACTED — Gov. Code §7928.300]"), "{view}");
    }
    let note = w.release(w.id("permit.eml/note.txt").await).await;
    assert_eq!(
        note,
        "Note: [REDACTED — Gov. Code §7928.300] called from [REDACTED — Gov. Code §7928.300]."
    );
    let hits = w
        .office
        .search(
            &w.ana,
            "PRA-1",
            &format!("exemption:{HOME}"),
            SearchOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(hits.total, 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redaction_is_undone_with_an_audit_trail() {
    let w = world().await;
    let memo = w.id("memos/memo.txt").await;
    let r = w
        .office
        .redact(
            &w.ana,
            "PRA-1",
            &text("555-0142"),
            RedactTarget::Doc(memo),
            HOME,
            None,
        )
        .await
        .unwrap();
    assert!(!w.release(memo).await.contains("555-0142"));
    w.office
        .remove_redaction(&w.ana, "PRA-1", r.ids[0])
        .await
        .unwrap();
    assert!(w.release(memo).await.contains("555-0142"));
    let v = w.office.record_view(&w.ana, "PRA-1", memo).await.unwrap();
    assert_eq!(
        v.redactions[0].state,
        RedactionState::Removed,
        "kept in the history"
    );
    let e = w
        .office
        .remove_redaction(&w.ana, "PRA-1", r.ids[0])
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    let e = w
        .office
        .remove_redaction(&w.ana, "PRA-2", r.ids[0])
        .await
        .unwrap_err();
    assert_eq!(
        e.code,
        ErrorCode::NotFound,
        "not a redaction of that request"
    );
    let log = w.office.audit_log(&w.ana, None, 0, 1000).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"redaction.add") && actions.contains(&"redaction.remove"));
    // The audit log names counts and ids, never the redacted value.
    assert!(
        log.iter()
            .all(|e| !e.details.to_string().contains("555-0142"))
    );
    assert!(w.office.audit_verify(&w.ana).await.unwrap().ok);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_record_cannot_be_set_to_release_one_at_a_time_either() {
    let w = world().await;
    let broken = w.id("pdf/broken.pdf").await;
    for d in ["release", "redact"] {
        let e = w
            .office
            .set_disposition(&w.ana, "PRA-1", broken, d)
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        assert!(e.message.contains("could not be read"), "{}", e.message);
    }
    // Withholding it or leaving it out is the clerk's choice.
    w.office
        .set_disposition(&w.ana, "PRA-1", broken, "not-responsive")
        .await
        .unwrap();
    w.office
        .withhold(&w.ana, "PRA-1", broken, "7927.500")
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_codes_the_office_cites_most_come_first() {
    let w = world().await;
    assert!(w.office.exemptions_by_use(&w.ana).await.unwrap().is_empty());
    let memo = w.id("memos/memo.txt").await;
    w.office
        .redact(
            &w.ana,
            "PRA-1",
            &text("Ana Ruiz"),
            RedactTarget::Doc(memo),
            HOME,
            None,
        )
        .await
        .unwrap();
    let email = w.id("mail/permit.eml").await;
    w.office
        .withhold(&w.ana, "PRA-1", email, "7927.500")
        .await
        .unwrap();
    // Two redactions under HOME, one record withheld under 7927.500; proposals do not count.
    w.office
        .propose_redactions(
            &w.ana,
            "PRA-1",
            &text("555-0142"),
            RedactTarget::AllDocs,
            "7927.705",
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        w.office.exemptions_by_use(&w.ana).await.unwrap(),
        [HOME, "7927.500"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_withheld_record_is_released_as_a_slip_sheet() {
    let w = world().await;
    let memo = w.id("memos/memo.txt").await;
    w.office
        .withhold(&w.ana, "PRA-1", memo, "7927.500")
        .await
        .unwrap();
    let v = w.office.release_view(&w.ana, "PRA-1", memo).await.unwrap();
    assert!(v.withheld);
    assert!(
        v.text
            .starts_with("[WITHHELD IN FULL — Gov. Code §7927.500]"),
        "{}",
        v.text
    );
    assert!(!v.text.contains("Ana"));
    w.office
        .set_disposition(&w.ana, "PRA-1", memo, "not-responsive")
        .await
        .unwrap();
    assert!(
        w.office
            .release_view(&w.ana, "PRA-1", memo)
            .await
            .unwrap()
            .excluded
    );
    // A copy may follow its original; an original may not be marked a copy.
    let copy = w.id("transfer/memo-copy.txt").await;
    let e = w
        .office
        .set_disposition(&w.ana, "PRA-1", memo, "duplicate")
        .await
        .unwrap_err();
    assert!(e.message.contains("not a copy"), "{}", e.message);
    w.office
        .set_disposition(&w.ana, "PRA-1", copy, "duplicate")
        .await
        .unwrap();
    let v = w.office.release_view(&w.ana, "PRA-1", copy).await.unwrap();
    assert!(v.excluded);
    assert_eq!(
        v.text,
        format!("[DUPLICATE — released once, as record {memo}]")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_and_changes_nothing() {
    let w = world().await;
    let memo = w.id("memos/memo.txt").await;
    let broken = w.id("pdf/broken.pdf").await;
    let before = w
        .office
        .audit_log(&w.ana, None, 0, 10_000)
        .await
        .unwrap()
        .len();
    let cases: Vec<(RedactBy, RedactTarget, &str, &str)> = vec![
        (text("Ana"), RedactTarget::Doc(memo), "b5", "retired"),
        (
            text("Ana"),
            RedactTarget::Doc(memo),
            "9999.999",
            "no exemption 9999.999",
        ),
        (text("  "), RedactTarget::Doc(memo), HOME, "empty value"),
        (
            RedactBy::Pattern("(unclosed".into()),
            RedactTarget::AllDocs,
            HOME,
            "does not compile",
        ),
        (
            RedactBy::Pattern("x*".into()),
            RedactTarget::AllDocs,
            HOME,
            "match empty text",
        ),
        (
            RedactBy::Pattern(r"\w{2000}\w{2000}".into()),
            RedactTarget::AllDocs,
            HOME,
            "does not compile",
        ),
        (
            text("Ana"),
            RedactTarget::Doc(RecordId(9999)),
            HOME,
            "no record 9999",
        ),
        (
            text("Ana"),
            RedactTarget::Doc(broken),
            HOME,
            "no text to redact",
        ),
    ];
    for (by, target, code, want) in cases {
        let e = w
            .office
            .redact(&w.ana, "PRA-1", &by, target, code, None)
            .await
            .unwrap_err();
        assert!(
            e.message.contains(want),
            "want {want:?}, got {:?}",
            e.message
        );
    }
    // A record of another request.
    let e = w
        .office
        .redact(
            &w.ana,
            "PRA-2",
            &text("Ana"),
            RedactTarget::Doc(memo),
            HOME,
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(w.redactions(memo).await, 0);
    let after = w
        .office
        .audit_log(&w.ana, None, 0, 10_000)
        .await
        .unwrap()
        .len();
    assert_eq!(before, after, "nothing was written");
}

#[tokio::test(flavor = "multi_thread")]
async fn detectors_propose_and_the_clerk_decides_then_redacts_everywhere() {
    use office::{DetectorKind, Proposals};
    let w = world().await;
    let memo = w.id("memos/memo.txt").await;
    let copy = w.id("transfer/memo-copy.txt").await;
    let detect = RedactBy::Detect(vec![DetectorKind::Phone, DetectorKind::Address]);
    let r = w
        .office
        .propose_redactions(
            &w.ana,
            "PRA-1",
            &detect,
            RedactTarget::Doc(memo),
            HOME,
            None,
        )
        .await
        .unwrap();
    // "12 Main St" and "(916) 555-0142".
    assert_eq!(r.redactions, 2);
    // Proposals are not in the release view until accepted.
    assert!(w.release(memo).await.contains("555-0142"));
    let v = w.office.record_view(&w.ana, "PRA-1", memo).await.unwrap();
    assert!(
        v.redactions
            .iter()
            .all(|x| x.state == RedactionState::Proposed && x.origin == RedactionOrigin::Detector)
    );
    let phone = v
        .redactions
        .iter()
        .find(|x| x.start_char.unwrap() > 30)
        .unwrap()
        .id;
    let address = v.redactions.iter().find(|x| x.id != phone).unwrap().id;
    // Accept the phone everywhere; reject the address.
    let d = w
        .office
        .decide_proposals(&w.ana, "PRA-1", &Proposals::Ids(vec![phone]), true, true)
        .await
        .unwrap();
    // The copy's (916) 555-0142; the note's bare 555-0142 is another value.
    assert_eq!((d.accepted, d.proposed_elsewhere), (1, 1));
    w.office
        .decide_proposals(
            &w.ana,
            "PRA-1",
            &Proposals::Ids(vec![address]),
            false,
            false,
        )
        .await
        .unwrap();
    let view = w.release(memo).await;
    assert!(
        !view.contains("555-0142") && view.contains("12 Main St"),
        "{view}"
    );
    // The copy's proposal waits for a decision; accepting all of them applies it.
    assert!(w.release(copy).await.contains("555-0142"));
    let d = w
        .office
        .decide_proposals(
            &w.ana,
            "PRA-1",
            &Proposals::All {
                doc: None,
                origin: None,
                kind: None,
                min_score: None,
            },
            true,
            false,
        )
        .await
        .unwrap();
    assert_eq!(d.accepted, 1);
    assert!(!w.release(copy).await.contains("555-0142"));
    // A decided proposal cannot be decided again.
    let e = w
        .office
        .decide_proposals(&w.ana, "PRA-1", &Proposals::Ids(vec![address]), true, false)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    // People: the names the request's own messages give, wherever they occur.
    let r = w
        .office
        .redact(
            &w.ana,
            "PRA-1",
            &RedactBy::Detect(vec![DetectorKind::Person]),
            RedactTarget::AllDocs,
            HOME,
            None,
        )
        .await
        .unwrap();
    assert!(r.redactions >= 4, "{r:?}");
    for suffix in ["memos/memo.txt", "permit.eml"] {
        let view = w.release(w.id(suffix).await).await;
        assert!(
            !view.contains("Ana Ruiz") && !view.contains("Olga Petrova"),
            "{view}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn review_status_assignment_and_a_message_withheld_with_its_attachments() {
    use office::Role;
    let w = world().await;
    new_user(&w.office, &w.ana, "carl", Role::Clerk, "").await;
    new_user(&w.office, &w.ana, "dina", Role::Clerk, "").await;
    let carl = w.office.sign_in("carl", PW).await.unwrap();
    let dina = w.office.sign_in("dina", PW).await.unwrap();
    let memo = w.id("memos/memo.txt").await;
    let email = w.id("mail/permit.eml").await;
    let note = w.id("permit.eml/note.txt").await;

    // Status: in review, then reviewed by a disposition, then checked by an officer only.
    let d = w
        .office
        .set_review_status(&carl, "PRA-1", memo, "in-review")
        .await
        .unwrap();
    assert_eq!(d.review_status, ReviewStatus::InReview);
    let e = w
        .office
        .set_review_status(&carl, "PRA-1", memo, "checked")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = w
        .office
        .set_review_status(&w.ana, "PRA-1", memo, "checked")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict, "not reviewed yet");
    w.office
        .set_disposition(&carl, "PRA-1", memo, "release")
        .await
        .unwrap();
    let d = w
        .office
        .set_review_status(&w.ana, "PRA-1", memo, "checked")
        .await
        .unwrap();
    assert_eq!(d.review_status, ReviewStatus::Checked);
    assert_eq!(
        w.office
            .search_ids(&w.ana, "PRA-1", "status:checked")
            .await
            .unwrap(),
        vec![memo]
    );

    // Assignment, enforced: dina may not touch carl's message; carl may.
    w.office
        .assign(&w.ana, "PRA-1", &[email, note], Some("carl"))
        .await
        .unwrap();
    let e = w
        .office
        .assign(&carl, "PRA-1", &[memo], Some("carl"))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden, "clerks do not assign");
    w.office
        .enforce_assignment(&w.ana, "PRA-1", true)
        .await
        .unwrap();
    let e = w
        .office
        .withhold(&dina, "PRA-1", email, "7927.500")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(e.message.contains("not assigned to dina"), "{}", e.message);
    let e = w
        .office
        .redact(
            &dina,
            "PRA-1",
            &text("Note"),
            RedactTarget::Doc(note),
            HOME,
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    // Dina's "all records" is hers: none.
    let r = w
        .office
        .redact(
            &dina,
            "PRA-1",
            &text("Note"),
            RedactTarget::AllDocs,
            HOME,
            None,
        )
        .await
        .unwrap();
    assert_eq!((r.searched, r.redactions), (0, 0));

    // Carl withholds the message with its attachment, in one change.
    let ds = w
        .office
        .withhold_family(&carl, "PRA-1", email, "7927.500", true)
        .await
        .unwrap();
    assert_eq!(
        ds.iter().map(|d| d.doc_id).collect::<Vec<_>>(),
        vec![email, note]
    );
    for id in [email, note] {
        assert!(
            w.office
                .release_view(&w.ana, "PRA-1", id)
                .await
                .unwrap()
                .withheld
        );
    }
    // Off again: anyone may work any record.
    w.office
        .enforce_assignment(&w.ana, "PRA-1", false)
        .await
        .unwrap();
    w.office
        .set_disposition(&dina, "PRA-1", note, "release")
        .await
        .unwrap();
    let log = w.office.audit_log(&w.ana, None, 0, 10_000).await.unwrap();
    for action in ["record.status", "record.assign", "request.assignment"] {
        assert!(log.iter().any(|e| e.action == action), "{action}");
    }
}

/// A pending proposal must never keep a value readable: redacting the same value applies it.
#[tokio::test(flavor = "multi_thread")]
async fn redacting_a_proposed_value_applies_the_proposal() {
    use office::DetectorKind;
    let w = world().await;
    let memo = w.id("memos/memo.txt").await;
    w.office
        .propose_redactions(
            &w.ana,
            "PRA-1",
            &RedactBy::Detect(vec![DetectorKind::Phone]),
            RedactTarget::Doc(memo),
            HOME,
            None,
        )
        .await
        .unwrap();
    let r = w
        .office
        .redact(
            &w.ana,
            "PRA-1",
            &text("(916) 555-0142"),
            RedactTarget::Doc(memo),
            HOME,
            None,
        )
        .await
        .unwrap();
    assert_eq!((r.redactions, r.records), (1, 1));
    assert!(!w.release(memo).await.contains("555-0142"));
    let v = w.office.record_view(&w.ana, "PRA-1", memo).await.unwrap();
    assert_eq!(v.redactions.len(), 1, "promoted, not doubled");
    assert_eq!(v.redactions[0].state, RedactionState::Applied);
    // The slip sheet and the record view name only the codes it is withheld under.
    assert!(v.exemptions.is_empty(), "{:?}", v.exemptions);
}

/// Text redactions on paged records become boxes over their words; an area takes the words
/// under it out of the text — on a born-digital PDF and on an OCR'd scan.
#[tokio::test(flavor = "multi_thread")]
async fn spans_and_boxes_agree_on_a_pdf_and_a_scan() {
    use office::PageRect;
    let w = world().await;
    let root = w._tmp.path().join("paged");
    fixtures::write(
        &root.join("invoice.pdf"),
        fixtures::pdf_with_text("Invoice for Lathrop grading"),
    );
    fixtures::scanned_png(&root.join("scan.png"), "Quokka survey results");
    w.office
        .ingest(
            &w.ana,
            "PRA-1",
            std::slice::from_ref(&root),
            IngestOptions::default(),
            &|_| {},
        )
        .await
        .unwrap();
    for (suffix, value, other) in [
        ("paged/invoice.pdf", "Lathrop", "grading"),
        ("paged/scan.png", "Quokka", "results"),
    ] {
        let id = w.id(suffix).await;
        let v = w.office.record_view(&w.ana, "PRA-1", id).await.unwrap();
        assert_eq!(v.pages.len(), 1, "{suffix}");
        let word = |t: &str| {
            v.pages[0]
                .words
                .iter()
                .find(|x| x.4.eq_ignore_ascii_case(t))
                .cloned()
                .unwrap_or_else(|| panic!("{t} on {suffix}: {:?}", v.pages[0].words))
        };
        // The text redaction's box is the word's box.
        w.office
            .redact(
                &w.ana,
                "PRA-1",
                &text(value),
                RedactTarget::Doc(id),
                HOME,
                None,
            )
            .await
            .unwrap();
        let r = w.office.release_view(&w.ana, "PRA-1", id).await.unwrap();
        assert!(!r.text.contains(value), "{}", r.text);
        let (x0, y0, x1, y1, _) = word(value);
        assert_eq!(r.boxes.len(), 1, "{suffix}: {:?}", r.boxes);
        let b = &r.boxes[0];
        assert_eq!((b.page, b.x0, b.y0, b.x1, b.y1), (1, x0, y0, x1, y1));
        assert_eq!(b.label, "Gov. Code §7928.300");
        // An area drawn over another word takes it out of the text.
        let (x0, y0, x1, y1, _) = word(other);
        let area = PageRect {
            x0: (x0 - 0.01).max(0.0),
            y0: (y0 - 0.01).max(0.0),
            x1: (x1 + 0.01).min(1.0),
            y1: (y1 + 0.01).min(1.0),
        };
        w.office
            .redact_area(&w.ana, "PRA-1", id, 1, area, HOME, None)
            .await
            .unwrap();
        let r = w.office.release_view(&w.ana, "PRA-1", id).await.unwrap();
        assert!(
            !r.text.to_lowercase().contains(other),
            "{suffix}: {}",
            r.text
        );
        assert_eq!(r.boxes.len(), 2);
        // Off the page, or a page the record does not have: refused.
        let off = PageRect {
            x0: 0.5,
            y0: 0.5,
            x1: 1.5,
            y1: 0.6,
        };
        let e = w
            .office
            .redact_area(&w.ana, "PRA-1", id, 1, off, HOME, None)
            .await
            .unwrap_err();
        assert!(e.message.contains("off the page"), "{}", e.message);
        let e = w
            .office
            .redact_area(&w.ana, "PRA-1", id, 3, area, HOME, None)
            .await
            .unwrap_err();
        assert!(e.message.contains("has no page 3"), "{}", e.message);
    }
    // A record without pages takes text redactions only.
    let memo = w.id("memos/memo.txt").await;
    let area = PageRect {
        x0: 0.1,
        y0: 0.1,
        x1: 0.2,
        y1: 0.2,
    };
    let e = w
        .office
        .redact_area(&w.ana, "PRA-1", memo, 1, area, HOME, None)
        .await
        .unwrap_err();
    assert!(e.message.contains("has no pages"), "{}", e.message);
}

/// All proposals of one kind are decided together; redact everywhere reaches attachments.
#[tokio::test(flavor = "multi_thread")]
async fn proposals_of_one_kind_and_everywhere_into_attachments() {
    use office::{DetectorKind, Proposals};
    let w = world().await;
    let memo = w.id("memos/memo.txt").await;
    let note = w.id("permit.eml/note.txt").await;
    w.office
        .propose_redactions(
            &w.ana,
            "PRA-1",
            &RedactBy::Detect(vec![DetectorKind::Phone, DetectorKind::Address]),
            RedactTarget::Doc(memo),
            HOME,
            None,
        )
        .await
        .unwrap();
    let v = w.office.record_view(&w.ana, "PRA-1", memo).await.unwrap();
    let mut kinds: Vec<_> = v.redactions.iter().map(|r| r.kind.unwrap()).collect();
    kinds.sort();
    assert_eq!(kinds, vec![DetectorKind::Phone, DetectorKind::Address]);
    // Reject the addresses only.
    let d = w
        .office
        .decide_proposals(
            &w.ana,
            "PRA-1",
            &Proposals::All {
                doc: None,
                origin: Some(RedactionOrigin::Detector),
                kind: Some(DetectorKind::Address),
                min_score: None,
            },
            false,
            false,
        )
        .await
        .unwrap();
    assert_eq!(d.rejected, 1);
    // A value accepted on the memo is proposed in the email's attachment too.
    let r = w
        .office
        .propose_redactions(
            &w.ana,
            "PRA-1",
            &text("555-0142"),
            RedactTarget::Doc(memo),
            HOME,
            None,
        )
        .await
        .unwrap();
    let d = w
        .office
        .decide_proposals(&w.ana, "PRA-1", &Proposals::Ids(r.ids.clone()), true, true)
        .await
        .unwrap();
    assert!(d.proposed_elsewhere >= 2, "{d:?}");
    let v = w.office.record_view(&w.ana, "PRA-1", note).await.unwrap();
    assert!(
        v.redactions
            .iter()
            .any(|r| r.state == RedactionState::Proposed),
        "{:?}",
        v.redactions
    );
}

/// Every detector's proposal carries how sure it was; a clerk accepts those at least so sure
/// at once. The office chooses which detectors run by default and the code each proposes.
#[tokio::test(flavor = "multi_thread")]
async fn proposals_carry_a_score_and_the_office_chooses_detectors_and_codes() {
    use office::{DetectorKind, Proposals};
    let w = world().await;
    let memo = w.id("memos/memo.txt").await;

    // The office: IP addresses are not personal here; phone numbers cite 7927.705.
    let mut s = w.office.settings(&w.ana).await.unwrap();
    assert!(
        s.detectors.iter().all(|d| d.runs && d.code.is_empty()),
        "every detector runs with the run's code until the office chooses: {:?}",
        s.detectors
    );
    for d in &mut s.detectors {
        match d.kind {
            DetectorKind::Ip => d.runs = false,
            DetectorKind::Phone => d.code = " 7927.705 ".into(),
            _ => {}
        }
    }
    let s = w.office.update_settings(&w.ana, &s).await.unwrap();
    let again = w.office.settings(&w.ana).await.unwrap();
    assert_eq!(again.detectors, s.detectors, "the choice is stored");
    assert!(!again.default_detectors().contains(&DetectorKind::Ip));
    assert!(again.default_detectors().contains(&DetectorKind::Phone));
    assert_eq!(again.detector_code(DetectorKind::Phone), Some("7927.705"));
    assert_eq!(again.detector_code(DetectorKind::Address), None);

    // A code the catalogue does not hold is refused, naming the detector; nothing changes.
    let mut bad = again.clone();
    bad.detectors
        .iter_mut()
        .find(|d| d.kind == DetectorKind::Person)
        .unwrap()
        .code = "1234.5".into();
    let e = w.office.update_settings(&w.ana, &bad).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid, "{}", e.message);
    assert!(e.message.contains("person"), "{}", e.message);
    assert_eq!(w.office.settings(&w.ana).await.unwrap(), again);

    // A clerk cannot change them.
    let clerk = new_user(&w.office, &w.ana, "cal", office::Role::Clerk, "Cal").await;
    let e = w.office.update_settings(&clerk, &again).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);

    // The run: the phone number takes the office's code, the address the run's.
    w.office
        .propose_redactions(
            &w.ana,
            "PRA-1",
            &RedactBy::Detect(again.default_detectors()),
            RedactTarget::Doc(memo),
            HOME,
            None,
        )
        .await
        .unwrap();
    let v = w.office.record_view(&w.ana, "PRA-1", memo).await.unwrap();
    let code_of = |k| {
        v.redactions
            .iter()
            .find(|r| r.kind == Some(k))
            .map(|r| r.code.clone())
    };
    assert_eq!(code_of(DetectorKind::Phone).as_deref(), Some("7927.705"));
    assert_eq!(code_of(DetectorKind::Address).as_deref(), Some(HOME));
    let scores: Vec<f64> = v
        .redactions
        .iter()
        .map(|r| r.score.expect("a detector's proposal carries its score"))
        .collect();
    assert!(
        scores.iter().all(|s| *s > 0.0 && *s <= 1.0),
        "scores are between 0 and 1: {scores:?}"
    );

    // Confidence outside 0..1 is refused.
    for bad in [-0.1, 1.5, f64::NAN] {
        let e = w
            .office
            .decide_proposals(
                &w.ana,
                "PRA-1",
                &Proposals::All {
                    doc: Some(memo),
                    origin: None,
                    kind: None,
                    min_score: Some(bad),
                },
                true,
                false,
            )
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid, "{bad}: {}", e.message);
    }
    // Accepting those at least as sure as the surest accepts exactly those.
    let top = scores.iter().cloned().fold(0.0, f64::max);
    let surest = scores.iter().filter(|s| **s >= top).count();
    assert!(
        surest < scores.len(),
        "the memo's findings differ in confidence: {scores:?}"
    );
    let d = w
        .office
        .decide_proposals(
            &w.ana,
            "PRA-1",
            &Proposals::All {
                doc: Some(memo),
                origin: None,
                kind: None,
                min_score: Some(top),
            },
            true,
            false,
        )
        .await
        .unwrap();
    assert_eq!(d.accepted as usize, surest);
    let v = w.office.record_view(&w.ana, "PRA-1", memo).await.unwrap();
    for r in &v.redactions {
        let sure = r.score.unwrap() >= top;
        assert_eq!(
            r.state == RedactionState::Applied,
            sure,
            "only the proposals at least {top} sure were accepted: {r:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn finding_personal_info_in_every_record_tells_how_far_it_has_got() {
    use office::{DetectorKind, FindProgress};
    use std::sync::Mutex;
    let w = world().await;
    let seen: Mutex<Vec<FindProgress>> = Mutex::new(vec![]);
    let r = w
        .office
        .redact_reporting(
            &w.ana,
            "PRA-1",
            &RedactBy::Detect(vec![DetectorKind::Phone]),
            RedactTarget::AllDocs,
            HOME,
            None,
            true,
            &|p| seen.lock().unwrap().push(p),
        )
        .await
        .unwrap();
    let seen = seen.into_inner().unwrap();
    // Before the first record, then after each chunk: never backwards, ending with every
    // record searched and every phone number found.
    assert_eq!(
        seen.first().map(|p| (p.searched, p.found)),
        Some((0, 0)),
        "{seen:?}"
    );
    assert!(
        seen.windows(2)
            .all(|w| w[0].searched <= w[1].searched && w[0].found <= w[1].found),
        "{seen:?}"
    );
    let last = seen.last().unwrap();
    assert_eq!((last.searched, last.total), (r.searched, r.searched));
    // Two memos' and the attachment's numbers: each proposed.
    assert_eq!(last.found, r.redactions);
    assert!(r.redactions >= 3, "{r:?}");
    let v = w
        .office
        .record_view(&w.ana, "PRA-1", w.id("memos/memo.txt").await)
        .await
        .unwrap();
    assert!(
        v.redactions
            .iter()
            .all(|x| x.state == RedactionState::Proposed),
        "proposed, not applied: {:?}",
        v.redactions
    );
}
