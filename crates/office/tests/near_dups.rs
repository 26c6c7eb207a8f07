//! Near-duplicates of a request, end to end: one memo as a text file, a Word file, a
//! born-digital PDF, a scan read by OCR and a pasted email, grouped whatever their formats;
//! a letter that shares only the letterhead stays apart; the group is a bulk selection; what
//! is redacted on one member is proposed on the others; a member is compared with its pivot.

use office::{
    Actor, BulkChange, Config, Disposition, IngestOptions, Office, Proposals, RecordSummary,
    RedactBy, RedactTarget, RedactionState, Selection,
};
use std::collections::HashMap;
use testkit as fixtures;

mod common;
use common::PW;

const LETTERHEAD: [&str; 2] = [
    "City of Riverton Planning Department",
    "100 Main Street Riverton CA 95000",
];

const MEMO: [&str; 8] = [
    "The council asked staff to review the drainage easement",
    "on parcel 4471 before the permit hearing in March.",
    "Public works found that the storm sewer under Elm Street",
    "cannot carry the added flow from the new housing site.",
    "Staff recommends a grant application for the repair",
    "and a delay of the variance until the bid is awarded.",
    "The owner agreed to share the cost of the inspection",
    "and to keep the tenants informed of the schedule.",
];

fn pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 11 Tf 72 720 Td 14 TL ");
    for l in lines {
        content.push_str(&format!("({l}) Tj T* "));
    }
    content.push_str("ET");
    fixtures::pdf_with_content(&content, None)
}

/// An office with request PRA-1: the memo in five formats and a letter on its letterhead,
/// ingested and grouped; its records by file name.
async fn memo_in_five_formats(
    tmp: &std::path::Path,
) -> (Office, Actor, HashMap<String, RecordSummary>) {
    let office = Office::init(
        Config::new(fixtures::office_dir(tmp.join("office")).await),
        "ana",
        "",
        PW,
    )
    .await
    .unwrap();
    let ana = office.sign_in("ana", PW).await.unwrap();
    office
        .create_request(&ana, "PRA-1", "A. Reporter", "2026-11-02", "Drainage")
        .await
        .unwrap();
    let root = tmp.join("records");
    std::fs::create_dir_all(&root).unwrap();
    let memo: Vec<&str> = LETTERHEAD.iter().chain(MEMO.iter()).copied().collect();
    fixtures::write(&root.join("memo.txt"), memo.join("\n"));
    // A lightly edited draft as Word.
    let draft = memo.join(" ").replace("in March", "in April");
    fixtures::write(
        &root.join("draft.docx"),
        fixtures::docx(&draft, "", "Dana Reyes"),
    );
    fixtures::write(&root.join("final.pdf"), pdf(&memo));
    // A scan of the printed memo.
    fixtures::scanned_png_sized(
        &root.join("scan.png"),
        &memo.join("\n"),
        (2600, 1400),
        Some(200),
    );
    fixtures::write(
        &root.join("pasted.eml"),
        format!(
            "From: dana@riverton.gov\r\nTo: council@riverton.gov\r\nSubject: memo\r\n\
             Date: Mon, 02 Mar 2026 09:00:00 +0000\r\nContent-Type: text/plain\r\n\r\n\
             Please see the memo below.\r\n\r\n{}\r\n",
            MEMO.join("\r\n")
        ),
    );
    // Another letter on the same letterhead.
    fixtures::write(
        &root.join("other-letter.txt"),
        format!(
            "{}\nThe library will close early on Friday for the annual book sale, \
             and volunteers are needed to sort donations and staff the tables in the lobby \
             from nine until three. Please call the front desk to sign up for a shift.\n",
            LETTERHEAD.join("\n")
        ),
    );
    let report = office
        .ingest(
            &ana,
            "PRA-1",
            std::slice::from_ref(&root),
            IngestOptions::default(),
            &|_| {},
        )
        .await
        .unwrap();
    assert_eq!(report.counts.failed, 0, "{report:?}");
    let grouped = office.group_records(&ana, "PRA-1").await.unwrap();
    let nd = &grouped.near_duplicates;
    assert_eq!((nd.groups, nd.in_groups), (1, 5), "{nd:?}");
    let docs: HashMap<String, RecordSummary> = office
        .records(&ana, "PRA-1")
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.path.rsplit('/').next().unwrap().to_string(), d))
        .collect();
    (office, ana, docs)
}

#[tokio::test(flavor = "multi_thread")]
async fn one_memo_in_five_formats_is_one_group_and_a_shared_letterhead_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    let (office, ana, docs) = memo_in_five_formats(tmp.path()).await;
    let group = docs["memo.txt"].near_dup_group.expect("grouped");
    for name in [
        "memo.txt",
        "draft.docx",
        "final.pdf",
        "scan.png",
        "pasted.eml",
    ] {
        let d = &docs[name];
        assert_eq!(d.near_dup_group, Some(group), "{name}");
        let s = d.similarity.unwrap();
        assert!((0.5..=1.0).contains(&s), "{name}: {s}");
    }
    assert_eq!(docs["other-letter.txt"].near_dup_group, None);
    let pivot = docs.values().find(|d| d.id == group).unwrap();
    assert_eq!(pivot.similarity, Some(1.0));

    let groups = office.near_dup_groups(&ana, "PRA-1").await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!((groups[0].id, groups[0].records), (group, 5));

    // The group is a selection for a bulk decision.
    let r = office
        .decide_many(
            &ana,
            "PRA-1",
            &Selection::NearDupsOf(docs["scan.png"].id),
            &BulkChange::Disposition(Disposition::Release),
            false,
        )
        .await
        .unwrap();
    assert_eq!((r.selected, r.changed), (5, 5));
    // Grouping again changes nothing.
    let again = office.group_near_duplicates(&ana, "PRA-1").await.unwrap();
    assert_eq!(again.changed, 0);
}

/// The open proposals of a record, as (value, note).
async fn proposals_on(office: &Office, who: &Actor, id: office::RecordId) -> Vec<(String, String)> {
    let view = office.record_view(who, "PRA-1", id).await.unwrap();
    let chars: Vec<char> = view.text.chars().collect();
    view.redactions
        .iter()
        .filter(|r| r.state == RedactionState::Proposed)
        .map(|r| {
            let (a, b) = (r.start_char.unwrap() as usize, r.end_char.unwrap() as usize);
            (
                chars[a..b]
                    .iter()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                r.note.clone().unwrap_or_default(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn what_is_redacted_on_one_near_duplicate_is_proposed_on_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let (office, ana, docs) = memo_in_five_formats(tmp.path()).await;
    let memo = &docs["memo.txt"];
    let text = office
        .record_view(&ana, "PRA-1", memo.id)
        .await
        .unwrap()
        .text;
    let at = text.find("parcel 4471").unwrap();
    let start = text[..at].chars().count();
    let r = office
        .redact(
            &ana,
            "PRA-1",
            &RedactBy::Span {
                start,
                end: start + "parcel 4471".len(),
            },
            RedactTarget::Doc(memo.id),
            "7927.705",
            None,
        )
        .await
        .unwrap();
    assert_eq!(r.redactions, 1);
    // The draft, the PDF, the scan and the email; not the letter on the same letterhead.
    assert_eq!(r.proposed_on_near_dups, 4, "{r:?}");
    for name in ["draft.docx", "final.pdf", "scan.png", "pasted.eml"] {
        let p = proposals_on(&office, &ana, docs[name].id).await;
        assert_eq!(p.len(), 1, "{name}: {p:?}");
        assert_eq!(p[0].0, "parcel 4471", "{name}");
        assert!(
            p[0].1
                .contains(&format!("near-duplicate, record {}", memo.id)),
            "{p:?}"
        );
    }
    assert!(
        proposals_on(&office, &ana, docs["other-letter.txt"].id)
            .await
            .is_empty()
    );
    assert!(proposals_on(&office, &ana, memo.id).await.is_empty());

    // Accepting the proposal on the PDF proposes nothing twice.
    let d = office
        .decide_proposals(
            &ana,
            "PRA-1",
            &Proposals::All {
                doc: Some(docs["final.pdf"].id),
                origin: None,
                kind: None,
                min_score: None,
            },
            true,
            false,
        )
        .await
        .unwrap();
    assert_eq!((d.accepted, d.proposed_on_near_dups), (1, 0));

    // An area drawn on the scan: the words under it are proposed on the others.
    let scan = office
        .record_view(&ana, "PRA-1", docs["scan.png"].id)
        .await
        .unwrap();
    let words = &scan.pages[0].words;
    let (i, _) = words
        .iter()
        .enumerate()
        .find(|(i, w)| w.4 == "Elm" && words.get(i + 1).is_some_and(|n| n.4 == "Street"))
        .expect("the scan's OCR read Elm Street");
    let (a, b) = (&words[i], &words[i + 1]);
    let rect = office::PageRect {
        x0: a.0 - 0.002,
        y0: a.1.min(b.1) - 0.002,
        x1: b.2 + 0.002,
        y1: a.3.max(b.3) + 0.002,
    };
    office
        .redact_area(&ana, "PRA-1", scan.doc_id, 1, rect, "7927.705", None)
        .await
        .unwrap();
    for name in ["memo.txt", "draft.docx", "final.pdf", "pasted.eml"] {
        let p = proposals_on(&office, &ana, docs[name].id).await;
        assert!(p.iter().any(|(v, _)| v == "Elm Street"), "{name}: {p:?}");
    }
    // A record outside any group proposes nothing.
    let letter = &docs["other-letter.txt"];
    let r = office
        .redact(
            &ana,
            "PRA-1",
            &RedactBy::Text {
                value: "library".into(),
                ignore_case: false,
            },
            RedactTarget::Doc(letter.id),
            "7927.705",
            None,
        )
        .await
        .unwrap();
    assert_eq!((r.redactions, r.proposed_on_near_dups), (1, 0));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_near_duplicate_is_compared_with_its_pivot_word_by_word() {
    let tmp = tempfile::tempdir().unwrap();
    let (office, ana, docs) = memo_in_five_formats(tmp.path()).await;
    // The draft (March made April) beside the pivot, or, when the draft is the pivot, the
    // memo beside it.
    let draft = &docs["draft.docx"];
    let pivot = draft.near_dup_group.unwrap();
    let member = if pivot == draft.id {
        &docs["memo.txt"]
    } else {
        draft
    };
    let c = office
        .compare_records(&ana, "PRA-1", member.id, None)
        .await
        .unwrap();
    assert_eq!((c.left, c.right), (pivot, member.id));
    assert_eq!(c.similarity, member.similarity);
    let cut = |text: &str, runs: &[grouping::CharRun]| -> String {
        let chars: Vec<char> = text.chars().collect();
        runs.iter()
            .map(|r| {
                chars[r.start as usize..r.end as usize]
                    .iter()
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let (removed, added) = (
        cut(&c.left_text, &c.diff.removed),
        cut(&c.right_text, &c.diff.added),
    );
    let (draft_side, memo_side) = if pivot == draft.id {
        (&removed, &added)
    } else {
        (&added, &removed)
    };
    assert!(
        draft_side.contains("April") && !draft_side.contains("March"),
        "{removed} / {added}"
    );
    assert!(
        memo_side.contains("March") && !memo_side.contains("April"),
        "{removed} / {added}"
    );
    assert!(!added.contains("drainage") && !removed.contains("drainage"));
    // The pivot itself needs another record named; a record in no group too.
    let e = office
        .compare_records(&ana, "PRA-1", pivot, None)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("pivot"), "{e}");
    let letter = docs["other-letter.txt"].id;
    let e = office
        .compare_records(&ana, "PRA-1", letter, None)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("no near-duplicates"), "{e}");
    let c = office
        .compare_records(&ana, "PRA-1", letter, Some(docs["memo.txt"].id))
        .await
        .unwrap();
    assert!(c.diff.same_words > 0 && !c.diff.added.is_empty());
}
