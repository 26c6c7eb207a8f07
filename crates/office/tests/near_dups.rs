//! Near-duplicates of a request, end to end: one memo as a text file, a Word file, a
//! born-digital PDF, a scan read by OCR and a pasted email, grouped whatever their formats;
//! a letter that shares only the letterhead stays apart; the group is a bulk selection.

use office::{BulkChange, Config, Disposition, IngestOptions, Office, RecordSummary, Selection};
use std::collections::HashMap;
use testkit as fixtures;

const PW: &str = "correct horse 1";

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

#[tokio::test(flavor = "multi_thread")]
async fn one_memo_in_five_formats_is_one_group_and_a_shared_letterhead_is_not() {
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
    office
        .create_request(&ana, "PRA-1", "A. Reporter", "2026-11-02", "Drainage")
        .await
        .unwrap();
    let root = tmp.path().join("records");
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
