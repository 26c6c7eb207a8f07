//! Decisions on many records at once: each selector, the dry run, one audit event per
//! decision, undo as one step, and the records a selection names but the actor may not change
//! (listed and left, never half-applied).

use office::{
    Actor, BulkChange, Config, Disposition, IngestOptions, Office, RecordId, RecordSummary,
    ReviewStatus, Role, Selection,
};
use std::collections::HashMap;
use testkit as fixtures;

mod common;
use common::{PW, new_user};

struct World {
    _tmp: tempfile::TempDir,
    office: Office,
    ana: Actor,
}

fn eml(from: &str, subject: &str, extra: &str, body: &str) -> String {
    format!(
        "From: {from}\r\nTo: ana@city.gov\r\nSubject: {subject}\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\n{extra}Content-Type: text/plain\r\n\r\n{body}\r\n"
    )
}

/// Six newsletters, a conversation of two, a memo, and an unreadable file.
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
    office
        .create_request(&ana, "PRA-1", "A. Reporter", "2026-11-02", "Budget mail")
        .await
        .unwrap();
    let root = tmp.path().join("mail");
    std::fs::create_dir_all(&root).unwrap();
    for i in 0..6 {
        fixtures::write(
            &root.join(format!("news-{i}.eml")),
            eml(
                "newsletter@chamber.org",
                &format!("Chamber news {i}"),
                "",
                &format!("Issue {i}: events this week."),
            ),
        );
    }
    fixtures::write(
        &root.join("q-1.eml"),
        eml(
            "bob@city.gov",
            "Parks",
            "Message-ID: <p1@city.gov>\r\n",
            "Cut the parks line by ten percent?",
        ),
    );
    fixtures::write(
        &root.join("q-2.eml"),
        eml(
            "ana@city.gov",
            "RE: Parks",
            "Message-ID: <p2@city.gov>\r\nIn-Reply-To: <p1@city.gov>\r\n",
            "No.\r\n> Cut the parks line by ten percent?",
        ),
    );
    fixtures::write(&root.join("memo.txt"), "Memo about the parks budget.\n");
    fixtures::write(&root.join("broken.pdf"), "%PDF-1.7\nnot really a pdf");
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
    office.group_conversations(&ana, "PRA-1").await.unwrap();
    World {
        _tmp: tmp,
        office,
        ana,
    }
}

impl World {
    async fn docs(&self) -> HashMap<String, RecordSummary> {
        self.office
            .records(&self.ana, "PRA-1")
            .await
            .unwrap()
            .into_iter()
            .map(|d| (d.path.rsplit('/').next().unwrap().to_string(), d))
            .collect()
    }
    async fn bulk_events(&self) -> usize {
        self.office
            .audit_log(&self.ana, Some("PRA-1"), 0, 10_000)
            .await
            .unwrap()
            .iter()
            .filter(|e| e.action == "records.bulk")
            .count()
    }
}

fn news_ids(docs: &HashMap<String, RecordSummary>) -> Vec<RecordId> {
    let mut v: Vec<RecordId> = docs
        .iter()
        .filter(|(k, _)| k.starts_with("news-"))
        .map(|(_, d)| d.id)
        .collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread")]
async fn a_query_selects_every_hit_a_dry_run_changes_nothing_and_undo_is_one_step() {
    let w = world().await;
    let sel = Selection::Query("from:newsletter@chamber.org".into());
    let not_responsive = BulkChange::Disposition(Disposition::NotResponsive);
    let dry = w
        .office
        .decide_many(&w.ana, "PRA-1", &sel, &not_responsive, true)
        .await
        .unwrap();
    assert_eq!(
        (dry.dry_run, dry.selected, dry.changed, dry.event),
        (true, 6, 6, None)
    );
    assert!(w.docs().await.values().all(|d| d.disposition.is_none()));
    assert_eq!(w.bulk_events().await, 0);

    let done = w
        .office
        .decide_many(&w.ana, "PRA-1", &sel, &not_responsive, false)
        .await
        .unwrap();
    assert_eq!((done.selected, done.changed, done.unchanged), (6, 6, 0));
    assert!(done.refused.is_empty());
    let event = done.event.expect("audited");
    assert_eq!(w.bulk_events().await, 1, "one audit event for the decision");
    let docs = w.docs().await;
    for id in news_ids(&docs) {
        let d = docs.values().find(|d| d.id == id).unwrap();
        assert_eq!(d.disposition, Some(Disposition::NotResponsive));
        assert_eq!(d.review_status, ReviewStatus::Reviewed);
    }
    // The index follows in the background; a search right after waits for it.
    assert_eq!(
        w.office
            .search_ids(&w.ana, "PRA-1", "disposition:not-responsive")
            .await
            .unwrap()
            .len(),
        6
    );
    // Again: all already so.
    let again = w
        .office
        .decide_many(&w.ana, "PRA-1", &sel, &not_responsive, false)
        .await
        .unwrap();
    assert_eq!((again.changed, again.unchanged, again.event), (0, 6, None));

    // Someone decides one newsletter differently; undo restores the other five only.
    let one = news_ids(&docs)[0];
    w.office
        .set_disposition(&w.ana, "PRA-1", one, "release")
        .await
        .unwrap();
    let undone = w.office.undo_bulk(&w.ana, "PRA-1", event).await.unwrap();
    assert_eq!((undone.selected, undone.changed), (6, 5));
    // A long job taking the index writer at once waits for that follow, then has it.
    w.office.reindex(&w.ana).await.unwrap();
    assert_eq!(
        w.office
            .search_ids(&w.ana, "PRA-1", "disposition:not-responsive")
            .await
            .unwrap()
            .len(),
        0
    );
    assert_eq!(undone.refused.len(), 1);
    assert_eq!(undone.refused[0].doc_id, one);
    let docs = w.docs().await;
    for id in news_ids(&docs) {
        let d = docs.values().find(|d| d.id == id).unwrap();
        let want = (id == one).then_some(Disposition::Release);
        assert_eq!(d.disposition, want, "{id}");
    }
    let twice = w
        .office
        .undo_bulk(&w.ana, "PRA-1", event)
        .await
        .unwrap_err();
    assert!(
        twice.message.contains("undone already"),
        "{}",
        twice.message
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn each_selector_names_its_records() {
    let w = world().await;
    let docs = w.docs().await;
    let (q1, q2) = (docs["q-1.eml"].id, docs["q-2.eml"].id);
    let select = |s: Selection| {
        let w = &w;
        async move { w.office.select(&w.ana, "PRA-1", &s).await.unwrap() }
    };
    assert_eq!(
        select(Selection::Thread {
            id: q1,
            inclusive_only: false
        })
        .await,
        [q1, q2]
    );
    assert_eq!(
        select(Selection::Thread {
            id: q1,
            inclusive_only: true
        })
        .await,
        [q2]
    );
    assert_eq!(select(Selection::Ids(vec![q2, q1, q2])).await, [q1, q2]);
    w.office
        .save_search(
            &w.ana,
            "PRA-1",
            "newsletters",
            "from:newsletter@chamber.org",
            false,
        )
        .await
        .unwrap();
    assert_eq!(
        select(Selection::Saved("newsletters".into())).await,
        news_ids(&docs)
    );
    let missing = w
        .office
        .select(&w.ana, "PRA-1", &Selection::Saved("nope".into()))
        .await
        .unwrap_err();
    assert!(
        missing.message.contains("no saved search"),
        "{}",
        missing.message
    );

    // Withhold a conversation under a code; the review status of the rest; assignment.
    let r = w
        .office
        .decide_many(
            &w.ana,
            "PRA-1",
            &Selection::Thread {
                id: q1,
                inclusive_only: false,
            },
            &BulkChange::Withhold("7927.705".into()),
            false,
        )
        .await
        .unwrap();
    assert_eq!(r.changed, 2);
    let docs = w.docs().await;
    assert_eq!(docs["q-1.eml"].disposition, Some(Disposition::Withhold));
    let r = w
        .office
        .decide_many(
            &w.ana,
            "PRA-1",
            &Selection::Query("from:newsletter@chamber.org".into()),
            &BulkChange::Status(ReviewStatus::InReview),
            false,
        )
        .await
        .unwrap();
    assert_eq!(r.changed, 6);
    new_user(&w.office, &w.ana, "carl", Role::Clerk, "").await;
    let r = w
        .office
        .decide_many(
            &w.ana,
            "PRA-1",
            &Selection::Query("from:newsletter@chamber.org".into()),
            &BulkChange::Assign(Some("carl".into())),
            false,
        )
        .await
        .unwrap();
    assert_eq!(r.changed, 6);
}

#[tokio::test(flavor = "multi_thread")]
async fn records_the_actor_may_not_change_are_listed_and_left() {
    let w = world().await;
    new_user(&w.office, &w.ana, "carl", Role::Clerk, "").await;
    new_user(&w.office, &w.ana, "dina", Role::Clerk, "").await;
    let docs = w.docs().await;
    let news = news_ids(&docs);
    // Enforced assignment: two newsletters are carl's, the rest dina's.
    w.office
        .enforce_assignment(&w.ana, "PRA-1", true)
        .await
        .unwrap();
    w.office
        .assign(&w.ana, "PRA-1", &news[..2], Some("carl"))
        .await
        .unwrap();
    w.office
        .assign(&w.ana, "PRA-1", &news[2..], Some("dina"))
        .await
        .unwrap();
    let carl = w.office.sign_in("carl", PW).await.unwrap();
    let r = w
        .office
        .decide_many(
            &carl,
            "PRA-1",
            &Selection::Ids(news.clone()),
            &BulkChange::Disposition(Disposition::NotResponsive),
            false,
        )
        .await
        .unwrap();
    assert_eq!((r.selected, r.changed), (6, 2));
    assert_eq!(r.refused.len(), 4);
    assert!(
        r.refused
            .iter()
            .all(|f| f.reason.contains("not assigned to carl")),
        "{r:?}"
    );

    // The highlight set is an officer's: a clerk reads it, may not change it.
    let set = w
        .office
        .set_highlight_terms(
            &w.ana,
            "PRA-1",
            &["Parks".into(), " parks ".into(), "".into()],
        )
        .await
        .unwrap();
    assert_eq!(set, ["Parks"]);
    assert_eq!(
        w.office.highlight_terms(&carl, "PRA-1").await.unwrap(),
        ["Parks"]
    );
    let refused = w
        .office
        .set_highlight_terms(&carl, "PRA-1", &["x".into()])
        .await
        .unwrap_err();
    assert!(
        refused.message.starts_with("clerk 'carl' may not"),
        "{}",
        refused.message
    );
    let log = w
        .office
        .audit_log(&w.ana, Some("PRA-1"), 0, 1000)
        .await
        .unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| e.action == "request.highlights")
            .count(),
        1
    );

    // A record that could not be read is never set to release.
    let broken = docs["broken.pdf"].id;
    let memo = docs["memo.txt"].id;
    let r = w
        .office
        .decide_many(
            &w.ana,
            "PRA-1",
            &Selection::Ids(vec![broken, memo]),
            &BulkChange::Disposition(Disposition::Release),
            false,
        )
        .await
        .unwrap();
    assert_eq!(r.changed, 1);
    assert_eq!(r.refused[0].doc_id, broken);
    assert!(r.refused[0].reason.contains("could not be read"), "{r:?}");
}
