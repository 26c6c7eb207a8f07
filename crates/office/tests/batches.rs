//! Review batches: undecided records split into batches that keep conversations, families
//! and near-duplicate groups whole; assigned by an officer or taken by a clerk; progress per
//! batch and per reviewer.

use office::{Config, IngestOptions, Office, RecordId, RecordSummary, Role};
use std::collections::{HashMap, HashSet};
use testkit as fixtures;

const PW: &str = "correct horse 1";

/// Adds a user with a first password from the supervisor `by`, and signs them in once to
/// choose their own (PW), as every new user must before anything else.
async fn new_user(
    office: &office::Office,
    by: &office::Actor,
    name: &str,
    role: office::Role,
    display_name: &str,
) -> office::Actor {
    const FIRST: &str = "first password 1";
    office
        .add_user(by, name, role, display_name, FIRST)
        .await
        .unwrap();
    let first = office.sign_in(name, FIRST).await.unwrap();
    office.change_password(&first, FIRST, PW).await.unwrap()
}

fn eml(from: &str, subject: &str, extra: &str, body: &str) -> String {
    format!(
        "From: {from}\r\nTo: ana@city.gov\r\nSubject: {subject}\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\n{extra}Content-Type: text/plain\r\n\r\n{body}\r\n"
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn batches_keep_what_belongs_together_and_report_progress() {
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
        .create_request(&ana, "PRA-1", "A. Reporter", "2026-11-02", "Parks")
        .await
        .unwrap();
    new_user(&office, &ana, "carl", Role::Clerk, "").await;
    let root = tmp.path().join("mail");
    std::fs::create_dir_all(&root).unwrap();
    // A conversation of two, a message with an attachment (a family of two), a memo in two
    // formats (a near-duplicate group of two), and three single memos.
    fixtures::write(
        &root.join("a1.eml"),
        eml(
            "bob@city.gov",
            "Parks",
            "Message-ID: <p1@city.gov>\r\n",
            "Cut the parks line?",
        ),
    );
    fixtures::write(
        &root.join("a2.eml"),
        eml(
            "ana@city.gov",
            "RE: Parks",
            "In-Reply-To: <p1@city.gov>\r\n",
            "No.",
        ),
    );
    fixtures::write(
        &root.join("b.eml"),
        fixtures::email(
            "cara@city.gov",
            "Plans",
            "See attached.",
            Some(("plan.txt", b"Site plan for the annex.")),
        ),
    );
    let memo = "The council asked staff to review the drainage easement on parcel 4471 before \
                the permit hearing in March, and public works found that the storm sewer under \
                Elm Street cannot carry the added flow from the new housing site.";
    fixtures::write(&root.join("c-memo.txt"), memo);
    fixtures::write(&root.join("c-memo-copy.txt"), format!("{memo}\nDraft 2"));
    for i in 0..3 {
        fixtures::write(
            &root.join(format!("d{i}.txt")),
            format!("Note {i} about the library hours."),
        );
    }
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
    office.group_records(&ana, "PRA-1").await.unwrap();

    // Only the hits of a query, first.
    let few = office
        .make_batches(&ana, "PRA-1", 10, Some("library"))
        .await
        .unwrap();
    assert_eq!(few.len(), 1);
    assert_eq!((few[0].number, few[0].records), (1, 3));
    // The rest in batches of about two: every unit whole.
    let made = office.make_batches(&ana, "PRA-1", 2, None).await.unwrap();
    let docs: HashMap<String, RecordSummary> = office
        .records(&ana, "PRA-1")
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.path.rsplit_once("mail/").unwrap().1.to_string(), d))
        .collect();
    let batch = |p: &str| docs[p].batch.unwrap_or_else(|| panic!("{p} in no batch"));
    assert_eq!(
        batch("a1.eml"),
        batch("a2.eml"),
        "a conversation stays whole"
    );
    assert_eq!(
        batch("b.eml"),
        batch("b.eml/plan.txt"),
        "a family stays whole"
    );
    assert_eq!(
        batch("c-memo.txt"),
        batch("c-memo-copy.txt"),
        "a near-duplicate group stays whole"
    );
    assert_eq!(batch("d0.txt"), 1);
    let numbers: HashSet<i64> = made.iter().map(|b| b.number).collect();
    assert_eq!(numbers, [2, 3, 4].into_iter().collect());
    assert!(made.iter().all(|b| b.records == 2), "{made:?}");
    // Nothing is batched twice.
    assert!(
        office
            .make_batches(&ana, "PRA-1", 2, None)
            .await
            .unwrap()
            .is_empty()
    );

    // A clerk takes the next open batch; an officer assigns another.
    let carl = office.sign_in("carl", PW).await.unwrap();
    let taken = office.take_batch(&carl, "PRA-1").await.unwrap().unwrap();
    assert_eq!((taken.number, taken.reviewer.as_deref()), (1, Some("carl")));
    let given = office
        .assign_batch(&ana, "PRA-1", 3, Some("carl"))
        .await
        .unwrap();
    assert_eq!(given.reviewer.as_deref(), Some("carl"));
    // Carl decides his first batch; progress follows.
    let first: Vec<RecordId> = ["d0.txt", "d1.txt", "d2.txt"]
        .iter()
        .map(|p| docs[*p].id)
        .collect();
    for id in first {
        office
            .set_disposition(&carl, "PRA-1", id, "release")
            .await
            .unwrap();
    }
    let view = office.batches(&ana, "PRA-1").await.unwrap();
    let one = view.batches.iter().find(|b| b.number == 1).unwrap();
    assert_eq!((one.records, one.decided), (3, 3));
    assert_eq!(view.reviewers.len(), 1);
    assert_eq!(
        (
            view.reviewers[0].reviewer.as_str(),
            view.reviewers[0].decided
        ),
        ("carl", 3)
    );
    // Taking again skips the done batch and the assigned one.
    let next = office.take_batch(&carl, "PRA-1").await.unwrap().unwrap();
    assert_eq!(next.number, 2);
    // A clerk may not make batches.
    let refused = office
        .make_batches(&carl, "PRA-1", 2, None)
        .await
        .unwrap_err();
    assert!(
        refused.message.starts_with("clerk 'carl' may not"),
        "{}",
        refused.message
    );
}
