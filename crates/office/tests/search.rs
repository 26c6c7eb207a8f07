//! Search through the office, on records that went through the real ingest: OCR'd scans,
//! attachments, encoded subjects, copies held by two custodians; review filters that follow
//! the clerk's decisions; term reports; saved searches; and an index that lost its last
//! commits (a crash) made good on the next open.

use testkit as fixtures;

use office::{
    Actor, ApiError, Config, Disposition, ErrorCode, IngestOptions, Office, RecordId, RecordKind,
    Role, SearchOptions, Sort,
};
use std::path::{Path, PathBuf};

mod common;
use common::{PW, new_user};

/// "Permit fees for Muñoz property", as a mail client encodes it (RFC 2047).
const ENCODED_SUBJECT: &str = "=?UTF-8?B?UGVybWl0IGZlZXMgZm9yIE11w7FveiBwcm9wZXJ0eQ==?=";

struct World {
    tmp: tempfile::TempDir,
    office: Office,
    ana: Actor,
}

async fn open(dir: &Path) -> (Office, Actor) {
    let office = Office::open(Config::new(dir)).await.unwrap();
    let ana = office.sign_in("ana", PW).await.unwrap();
    (office, ana)
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
    office
        .create_request(&ana, "PRA-1", "A. Reporter", "2026-11-02", "Permits")
        .await
        .unwrap();
    World { tmp, office, ana }
}

impl World {
    fn dir(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    async fn ingest(&self, path: &Path, custodian: &str, ocr: bool) {
        let r = self
            .office
            .ingest(
                &self.ana,
                "PRA-1",
                &[path.to_path_buf()],
                IngestOptions {
                    ocr,
                    custodian: Some(custodian.into()),
                    ..Default::default()
                },
                &|_| {},
            )
            .await
            .unwrap();
        assert_eq!(r.counts.failed, 0, "{r:#?}");
    }

    /// Paths of the matching records, in id order.
    async fn paths(&self, q: &str) -> Vec<String> {
        let ids = self
            .office
            .search_ids(&self.ana, "PRA-1", q)
            .await
            .unwrap_or_else(|e| panic!("{q}: {e}"));
        let docs = self.office.records(&self.ana, "PRA-1").await.unwrap();
        ids.iter()
            .map(|id| {
                let p = &docs.iter().find(|d| d.id == *id).unwrap().path;
                // Relative to the collection folder, for readable assertions.
                p.rsplit_once("/jane/")
                    .or_else(|| p.rsplit_once("/bob/"))
                    .map(|(_, r)| r.to_string())
                    .unwrap_or(p.clone())
            })
            .collect()
    }

    async fn id(&self, suffix: &str) -> RecordId {
        let docs = self.office.records(&self.ana, "PRA-1").await.unwrap();
        docs.iter()
            .find(|d| d.path.ends_with(suffix))
            .unwrap_or_else(|| panic!("no record {suffix}"))
            .id
    }
}

/// Jane's folder: an email with an encoded subject and an attachment, a scan, a memo.
/// Bob's: a copy of the same email, and a sheet.
async fn collection() -> World {
    let w = world().await;
    let jane = w.dir("jane");
    let email = fixtures::email(
        "Jane Doe <jdoe@city.example>",
        ENCODED_SUBJECT,
        "The permitting office raised the fees. Ask Mr. Lathrop about the inspection.",
        Some((
            "schedule.txt",
            b"Fee schedule: grading 450 dollars, zanzibar",
        )),
    );
    fixtures::write(&jane.join("mail/permit.eml"), &email);
    fixtures::write(
        &jane.join("memos/budget.txt"),
        "Council budget memo: permit revenue and the fee schedule for 2027.",
    );
    std::fs::create_dir_all(jane.join("scans")).unwrap();
    fixtures::scanned_png(&jane.join("scans/survey.png"), "Quokka survey results");
    w.ingest(&jane, "Jane Doe", true).await;
    let bob = w.dir("bob");
    fixtures::write(&bob.join("inbox/permit.eml"), &email);
    fixtures::write(
        &bob.join("notes.txt"),
        "Called Mr. Lathrup back about grading.",
    );
    w.ingest(&bob, "Bob Roe", false).await;
    w
}

#[tokio::test(flavor = "multi_thread")]
async fn every_query_form_on_ingested_records() {
    let w = collection().await;
    let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // Stemmed words everywhere: the body, the attachment, the OCR'd scan, the decoded subject.
    assert_eq!(
        w.paths("permits").await,
        p(&["mail/permit.eml", "memos/budget.txt", "inbox/permit.eml"])
    );
    assert_eq!(
        w.paths("zanzibar").await,
        p(&["mail/permit.eml/schedule.txt"])
    );
    assert_eq!(w.paths("quokka").await, p(&["scans/survey.png"]));
    assert_eq!(
        w.paths("munoz").await,
        p(&["mail/permit.eml", "inbox/permit.eml"])
    );
    // Exact words and phrases, proximity.
    assert_eq!(
        w.paths("\"permitting\"").await,
        p(&["mail/permit.eml", "inbox/permit.eml"])
    );
    assert_eq!(
        w.paths("\"fee schedule\"").await,
        p(&["mail/permit.eml/schedule.txt", "memos/budget.txt"])
    );
    assert_eq!(w.paths("\"budget revenue\"").await, p(&[]));
    assert_eq!(
        w.paths("\"budget revenue\"~3").await,
        p(&["memos/budget.txt"])
    );
    // Prefix and fuzzy.
    assert_eq!(
        w.paths("inspect*").await,
        p(&["mail/permit.eml", "inbox/permit.eml"])
    );
    assert_eq!(
        w.paths("lathrop~1").await,
        p(&["mail/permit.eml", "inbox/permit.eml", "notes.txt"])
    );
    // Boolean.
    assert_eq!(
        w.paths("grading AND (zanzibar OR lathrup)").await,
        p(&["mail/permit.eml/schedule.txt", "notes.txt"])
    );
    assert_eq!(
        w.paths("permit -council NOT custodian:\"bob roe\"").await,
        p(&["mail/permit.eml"])
    );
    // Fields.
    assert_eq!(
        w.paths("from:jdoe@city.example").await,
        p(&["mail/permit.eml", "inbox/permit.eml"])
    );
    assert_eq!(
        w.paths("to:records subject:muñoz").await,
        p(&["mail/permit.eml", "inbox/permit.eml"])
    );
    assert_eq!(
        w.paths("custodian:\"Bob Roe\"").await,
        p(&["inbox/permit.eml", "notes.txt"])
    );
    assert_eq!(
        w.paths("kind:image OR type:png").await.len(),
        1,
        "the scan, whatever its kind is called"
    );
    assert_eq!(w.paths("path:memos").await, p(&["memos/budget.txt"]));
    assert_eq!(
        w.paths("name:schedule").await,
        p(&["mail/permit.eml/schedule.txt"])
    );
    // The fixture's messages are dated Mon, 02 Nov 2026 09:30 -0800.
    assert_eq!(
        w.paths("date:2026-11-02").await,
        p(&["mail/permit.eml", "inbox/permit.eml"])
    );
    assert_eq!(w.paths("date:[2026-11-01 TO 2026-11-30]").await.len(), 2);
    assert_eq!(w.paths("date:[* TO 2026-11-01]").await, p(&[]));

    // A query that does not parse says where; an empty one says so.
    let e = w
        .office
        .search(
            &w.ana,
            "PRA-1",
            "permit AND (fees",
            SearchOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert_eq!(
        e.message,
        "the query does not parse at column 12: this parenthesis is not closed"
    );
    let e = w
        .office
        .search(&w.ana, "PRA-1", "  ", SearchOptions::default())
        .await
        .unwrap_err();
    assert_eq!(
        e.message,
        "the query does not parse at column 1: the query is empty: give words to search for"
    );
}

/// A copy under another name is found by what its original is found by, and no more: a
/// text file's title is its file name, which is not indexed as words — the copy's neither,
/// though its own name differs (else folding, which counts originals, would miscount).
#[tokio::test(flavor = "multi_thread")]
async fn a_renamed_copy_is_found_as_its_original() {
    let w = world().await;
    let jane = w.dir("jane");
    let memo = "Quarterly figures for the harbor fund.";
    fixtures::write(&jane.join("harbor memo.txt"), memo);
    w.ingest(&jane, "Jane Doe", false).await;
    let bob = w.dir("bob");
    fixtures::write(&bob.join("kept/old draft.txt"), memo);
    w.ingest(&bob, "Bob Roe", false).await;
    let search = |q: &'static str| {
        let w = &w;
        async move {
            w.office
                .search(
                    &w.ana,
                    "PRA-1",
                    q,
                    SearchOptions {
                        fold: true,
                        ..Default::default()
                    },
                )
                .await
                .unwrap()
        }
    };
    // The original's name is not words of either record (`name:` finds each by its own).
    assert_eq!(search("memo").await.total, 0);
    assert_eq!(search("name:memo").await.total, 1);
    let r = search("harbor figures").await;
    assert_eq!((r.total, r.originals), (2, Some(1)));
    assert_eq!(r.hits.len(), 1);
    assert!(
        r.hits[0].path.ends_with("harbor memo.txt"),
        "{}",
        r.hits[0].path
    );
    assert_eq!(r.hits[0].copies, 2);
    // Folded by a copy's own field: the copy alone.
    let r = search("harbor custodian:\"Bob Roe\"").await;
    assert_eq!((r.total, r.originals), (1, Some(1)));
    assert!(
        r.hits[0].path.ends_with("old draft.txt"),
        "{}",
        r.hits[0].path
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn hits_snippets_facets_folding_and_order() {
    let w = collection().await;
    let r = w
        .office
        .search(&w.ana, "PRA-1", "lathrop~1", SearchOptions::default())
        .await
        .unwrap();
    assert_eq!(r.total, 3);
    assert_eq!(r.originals, None);
    let email = r
        .hits
        .iter()
        .find(|h| h.path.ends_with("mail/permit.eml"))
        .unwrap();
    assert_eq!(
        email.title.as_deref(),
        Some("Permit fees for Muñoz property")
    );
    assert_eq!(email.custodian.as_deref(), Some("Jane Doe"));
    assert!(
        email.snippet.contains("Ask Mr. «Lathrop» about"),
        "{}",
        email.snippet
    );
    let notes = r
        .hits
        .iter()
        .find(|h| h.path.ends_with("notes.txt"))
        .unwrap();
    assert!(notes.snippet.contains("«Lathrup»"), "{}", notes.snippet);
    let f = r.facets.unwrap();
    let counts = |v: &[office::FacetCount]| {
        v.iter()
            .map(|c| format!("{} {}", c.value, c.count))
            .collect::<Vec<_>>()
    };
    assert_eq!(counts(&f.custodian), vec!["Bob Roe 2", "Jane Doe 1"]);
    assert_eq!(counts(&f.kind), vec!["email 2", "text 1"]);
    assert_eq!(counts(&f.month), vec!["2026-11 2"]);
    assert_eq!(counts(&f.disposition), vec!["undecided 3"]);
    assert_eq!(counts(&f.status), vec!["unreviewed 3"]);
    assert!(f.exemption.is_empty());

    // Folded: the two copies of the email are one hit, the first copy, counted twice.
    let folded = w
        .office
        .search(
            &w.ana,
            "PRA-1",
            "lathrop~1",
            SearchOptions {
                fold: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!((folded.total, folded.originals), (3, Some(2)));
    let email = folded.hits.iter().find(|h| h.copies == 2).unwrap();
    assert!(
        email.path.ends_with("jane/mail/permit.eml"),
        "{}",
        email.path
    );
    // A hit names who sent it.
    assert!(
        email
            .from
            .as_deref()
            .is_some_and(|f| f.contains("jdoe@city.example")),
        "{:?}",
        email.from
    );

    // Newest first: the dated emails before undated files; oldest first the same (undated last).
    let order = |sort| {
        let w = &w;
        async move {
            w.office
                .search(
                    &w.ana,
                    "PRA-1",
                    "lathrop~1",
                    SearchOptions {
                        sort,
                        ..Default::default()
                    },
                )
                .await
                .unwrap()
                .hits
                .iter()
                .map(|h| h.kind)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        order(Sort::Newest).await,
        vec![RecordKind::Email, RecordKind::Email, RecordKind::Text]
    );
    assert_eq!(
        order(Sort::Oldest).await,
        vec![RecordKind::Email, RecordKind::Email, RecordKind::Text]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn review_filters_follow_the_clerks_decisions() {
    let w = collection().await;
    let memo = w.id("memos/budget.txt").await;
    assert_eq!(w.paths("disposition:withhold").await.len(), 0);
    let d = w
        .office
        .withhold(&w.ana, "PRA-1", memo, "7927.500")
        .await
        .unwrap();
    assert_eq!(d.disposition, Some(Disposition::Withhold));
    assert_eq!(
        w.paths("disposition:withhold").await,
        vec!["memos/budget.txt"]
    );
    assert_eq!(
        w.paths("exemption:7927.500").await,
        vec!["memos/budget.txt"]
    );
    assert_eq!(
        w.paths("status:reviewed AND council").await,
        vec!["memos/budget.txt"]
    );
    assert_eq!(w.paths("status:unreviewed").await.len(), 5);
    let email = w.id("jane/mail/permit.eml").await;
    w.office
        .set_disposition(&w.ana, "PRA-1", email, "release")
        .await
        .unwrap();
    w.office
        .set_disposition(&w.ana, "PRA-1", memo, "not-responsive")
        .await
        .unwrap();
    assert_eq!(w.paths("disposition:withhold").await.len(), 0);
    assert_eq!(w.paths("exemption:7927.500").await.len(), 0);
    assert_eq!(
        w.paths("disposition:not-responsive").await,
        vec!["memos/budget.txt"]
    );
    assert_eq!(
        w.paths("disposition:release").await,
        vec!["mail/permit.eml"]
    );
    assert_eq!(
        w.paths("disposition:undecided lathrop").await,
        vec!["inbox/permit.eml"]
    );
    // Withholding needs a code; a code must be in the catalogue and active.
    let e = w
        .office
        .set_disposition(&w.ana, "PRA-1", email, "withhold")
        .await
        .unwrap_err();
    assert!(e.message.contains("needs an exemption"), "{e}");
    let e = w
        .office
        .withhold(&w.ana, "PRA-1", email, "b5")
        .await
        .unwrap_err();
    assert!(e.message.contains("is retired"), "{e}");
    let e = w
        .office
        .withhold(&w.ana, "PRA-1", email, "1234.567")
        .await
        .unwrap_err();
    assert!(e.message.contains("no exemption 1234.567"), "{e}");
    // Every decision is in the audit log with before and after.
    let log = w.office.audit_log(&w.ana, None, 0, 1000).await.unwrap();
    assert_eq!(
        log.iter().filter(|e| e.action == "record.review").count(),
        3
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn search_term_reports_count_hits_families_and_unique_hits() {
    let w = collection().await;
    let terms: Vec<String> = ["lathrop", "zanzibar", "grading", "quokka OR nothing"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let r = w.office.term_report(&w.ana, "PRA-1", &terms).await.unwrap();
    let rows: Vec<(String, u64, u64, u64)> = r
        .terms
        .iter()
        .map(|t| (t.term.clone(), t.hits, t.with_families, t.unique))
        .collect();
    // lathrop: both copies of the email; with families, Jane's copy brings its attachment.
    // zanzibar: the attachment; its family is the email and the attachment.
    // grading: the attachment and Bob's notes; neither is hit by another term.
    assert_eq!(
        rows,
        vec![
            ("lathrop".into(), 2, 3, 2),
            ("zanzibar".into(), 1, 2, 0),
            ("grading".into(), 2, 3, 1),
            ("quokka OR nothing".into(), 1, 1, 1),
        ]
    );
    assert_eq!((r.any.hits, r.any.with_families), (5, 5));
    let bad = vec!["lathrop".to_string(), "permit AND".to_string()];
    let e = w
        .office
        .term_report(&w.ana, "PRA-1", &bad)
        .await
        .unwrap_err();
    assert_eq!(
        e.message,
        "term 2 (\"permit AND\"): the query does not parse at column 8: AND needs a term on each side"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn saved_searches_are_shared_and_rerunnable() {
    let w = collection().await;
    new_user(&w.office, &w.ana, "carl", Role::Clerk, "").await;
    let carl = w.office.sign_in("carl", PW).await.unwrap();
    let s = w
        .office
        .save_search(
            &w.ana,
            "PRA-1",
            "Lathrop",
            "lathrop~1 -custodian:\"bob roe\"",
            false,
        )
        .await
        .unwrap();
    assert_eq!(s.saved_by, "ana");
    let e: ApiError = w
        .office
        .save_search(&carl, "PRA-1", "Lathrop", "x", false)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    let e = w
        .office
        .save_search(&carl, "PRA-1", "broken", "(x", false)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    // Another clerk sees it and runs it.
    let list = w.office.saved_searches(&carl, "PRA-1").await.unwrap();
    assert_eq!(list.len(), 1);
    let q = w
        .office
        .saved_search(&carl, "PRA-1", "Lathrop")
        .await
        .unwrap()
        .query;
    let r = w
        .office
        .search(&carl, "PRA-1", &q, SearchOptions::default())
        .await
        .unwrap();
    assert_eq!(r.total, 1);
    // Replaced, then deleted.
    w.office
        .save_search(&carl, "PRA-1", "Lathrop", "lathrop", true)
        .await
        .unwrap();
    let s = w
        .office
        .saved_search(&w.ana, "PRA-1", "Lathrop")
        .await
        .unwrap();
    assert_eq!((s.query.as_str(), s.saved_by.as_str()), ("lathrop", "carl"));
    w.office
        .delete_saved_search(&carl, "PRA-1", "Lathrop")
        .await
        .unwrap();
    assert!(
        w.office
            .saved_searches(&w.ana, "PRA-1")
            .await
            .unwrap()
            .is_empty()
    );
    let e = w
        .office
        .saved_search(&w.ana, "PRA-1", "Lathrop")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_index_that_lost_its_last_commits_catches_up_on_open() {
    let w = collection().await;
    let data = w.dir("office");
    let memo = w.id("memos/budget.txt").await;
    assert_eq!(w.paths("council").await.len(), 1);
    // The index as it was before the next changes...
    let snapshot = w.dir("index-before");
    copy_dir(&data.join("index"), &snapshot);
    // ...then a decision and a new file reach the database...
    w.office
        .withhold(&w.ana, "PRA-1", memo, "7927.500")
        .await
        .unwrap();
    let more = w.dir("more");
    fixtures::write(
        &more.join("late.txt"),
        "A late memo about the wombat permit.",
    );
    w.ingest(&more, "Jane Doe", false).await;
    w.office.close().await;
    // ...and the crash takes the index's commits with it.
    std::fs::remove_dir_all(data.join("index")).unwrap();
    copy_dir(&snapshot, &data.join("index"));

    let (office, ana) = open(&data).await;
    let ids = office.search_ids(&ana, "PRA-1", "wombat").await.unwrap();
    assert_eq!(
        ids.len(),
        1,
        "the record committed before the crash is found"
    );
    let ids = office
        .search_ids(&ana, "PRA-1", "disposition:withhold")
        .await
        .unwrap();
    assert_eq!(
        ids,
        vec![memo],
        "the decision committed before the crash applies"
    );
    // And with the index gone altogether, it is rebuilt.
    office.close().await;
    std::fs::remove_dir_all(data.join("index")).unwrap();
    let (office, ana) = open(&data).await;
    assert_eq!(
        office
            .search_ids(&ana, "PRA-1", "wombat OR council")
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        office
            .search_ids(&ana, "PRA-1", "exemption:7927.500")
            .await
            .unwrap(),
        vec![memo]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn totals_are_exact_past_ten_thousand() {
    let w = world().await;
    let mut mbox = String::new();
    for i in 0..10_050 {
        mbox.push_str(&format!(
            "From clerk@city.example Mon Nov  2 09:30:00 2026\nFrom: clerk@city.example\nSubject: Permit {i}\nDate: Mon, 02 Nov 2026 09:30:00 -0800\n\nPermit number {i} for parcel {}.\n\n",
            i % 7
        ));
    }
    let path = fixtures::write(&w.dir("big/permits.mbox"), mbox);
    w.ingest(&path, "Clerk", false).await;
    let r = w
        .office
        .search(
            &w.ana,
            "PRA-1",
            "permit",
            SearchOptions {
                limit: 20,
                offset: 10_040,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // Every message, and the mailbox itself (its text lists the subjects).
    assert_eq!(r.total, 10_051);
    assert_eq!(r.hits.len(), 11);
    assert_eq!(r.facets.unwrap().custodian[0].count, 10_051);
    let ids = w
        .office
        .search_ids(&w.ana, "PRA-1", "parcel AND 3")
        .await
        .unwrap();
    assert_eq!(ids.len(), 10_050 / 7 + 1);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}
