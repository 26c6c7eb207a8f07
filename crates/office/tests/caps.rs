//! The attacks of issue 20's findings 6 and 16, each refused or bounded now: a terms list of
//! 60,000 fuzzy terms; a pattern matching every character of a large text (and a run past the
//! bound over many records, the detectors, a terms list past its bound), refused whole with
//! nothing written; the audit event of a bulk decision over 5,000 records, and of a run of
//! thousands of proposals, small; saved searches and highlight sets audited by name and
//! digest, never by their words.

use office::{
    Actor, BulkChange, Config, DetectorKind, Disposition, ErrorCode, IngestOptions, Office,
    RecordId, RedactBy, RedactTarget, Selection,
};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use testkit as fixtures;

mod common;
use common::PW;
const HOME: &str = "7928.300";

struct World {
    tmp: tempfile::TempDir,
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
    office
        .create_request(&ana, "PRA-1", "A. Reporter", "2026-11-02", "Permits")
        .await
        .unwrap();
    World { tmp, office, ana }
}

impl World {
    fn office_dir(&self) -> PathBuf {
        self.tmp.path().join("office")
    }

    /// Writes the files into a folder of their own and ingests it.
    async fn ingest(&self, folder: &str, files: &[(String, String)]) {
        let root = self.tmp.path().join(folder);
        for (name, text) in files {
            fixtures::write(&root.join(name), text);
        }
        let r = self
            .office
            .ingest(
                &self.ana,
                "PRA-1",
                &[root],
                IngestOptions {
                    ocr: false,
                    ..Default::default()
                },
                &|_| {},
            )
            .await
            .unwrap();
        assert_eq!(r.counts.failed, 0);
    }

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

    async fn events(&self) -> Vec<office::AuditEvent> {
        self.office
            .audit_log(&self.ana, None, 0, 10_000)
            .await
            .unwrap()
    }

    async fn count(&self, query: &str) -> i64 {
        fixtures::raw_count(&self.office_dir(), query).await
    }
}

fn sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_terms_list_of_60000_fuzzy_terms_is_refused_at_once() {
    let w = world().await;
    w.ingest(
        "memos",
        &[(
            "memo.txt".into(),
            "Ask Mr. Lathrop about the permit.".into(),
        )],
    )
    .await;
    // The attack: one 1 MB terms file of 60,000 fuzzy terms (took 44 s and 14.3 GB).
    let terms: Vec<String> = (0..60_000).map(|i| format!("lathrop{i:06}~2")).collect();
    let started = Instant::now();
    let e = w
        .office
        .term_report(&w.ana, "PRA-1", &terms)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert_eq!(
        e.message,
        "the terms file has 60,000 terms; at most 5,000 are searched at once"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    // Within the count, the prefixes and fuzzy words of all the terms are bounded too: 60
    // terms of 100 prefixes each.
    let broad: Vec<String> = (0..60)
        .map(|t| {
            (0..100)
                .map(|i| format!("w{t}x{i}*"))
                .collect::<Vec<_>>()
                .join(" OR ")
        })
        .collect();
    let e = w
        .office
        .term_report(&w.ana, "PRA-1", &broad)
        .await
        .unwrap_err();
    assert_eq!(
        e.message,
        "the terms hold 6,000 prefixes and fuzzy words (permit*, lathrop~1) in all; at most 5,000 are searched at once"
    );
    // One query: its length, its terms and its prefixes and fuzzy words.
    let search = |q: String| {
        let w = &w;
        async move {
            w.office
                .search(&w.ana, "PRA-1", &q, Default::default())
                .await
                .unwrap_err()
        }
    };
    let e = search("permit ".repeat(4_000)).await;
    assert_eq!(
        e.message,
        "the query is 28,000 characters long; at most 20,000 are searched at once"
    );
    let e = search(vec!["fee"; 1_001].join(" OR ")).await;
    assert_eq!(
        e.message,
        "the query has 1,001 terms; at most 1,000 are searched at once"
    );
    let e = search(
        (0..101)
            .map(|i| format!("lathrop{i}~1"))
            .collect::<Vec<_>>()
            .join(" "),
    )
    .await;
    assert_eq!(
        e.message,
        "the query has 101 prefixes and fuzzy words (permit*, lathrop~1); at most 100 are searched at once"
    );
    // A list within the bounds still runs, and finds.
    let r = w
        .office
        .term_report(&w.ana, "PRA-1", &["lathorp~1".to_string(), "permit".into()])
        .await
        .unwrap();
    assert_eq!((r.terms[0].hits, r.terms[1].hits, r.any.hits), (1, 1, 1));
    assert_eq!((r.terms[0].unique, r.terms[1].unique), (0, 0));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pattern_matching_every_character_is_refused_whole_with_nothing_written() {
    let w = world().await;
    let phones: String = (0..10_001)
        .map(|i| format!("call 916-555-{:04}\n", i % 10_000))
        .collect();
    w.ingest(
        "big",
        &[
            ("huge.txt".into(), "x".repeat(1_000_000)),
            ("phones.txt".into(), phones),
        ],
    )
    .await;
    let huge = w.id("huge.txt").await;
    let phones = w.id("phones.txt").await;
    let events = w.events().await.len();
    let pattern = RedactBy::Pattern("x".into());
    // The attack: `redact --pattern x --propose` (31 million rows, a 4 GB database, a
    // 272 MB audit event).
    for target in [RedactTarget::Doc(huge), RedactTarget::AllDocs] {
        let started = Instant::now();
        let e = w
            .office
            .propose_redactions(&w.ana, "PRA-1", &pattern, target, HOME, None)
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        assert_eq!(
            e.message,
            format!(
                "the pattern found more than 10,000 occurrences in record {huge}, the most one run takes from a record: nothing was proposed; try a narrower pattern"
            )
        );
        assert_eq!(e.record, Some(huge));
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
    }
    let e = w
        .office
        .redact(
            &w.ana,
            "PRA-1",
            &RedactBy::Detect(vec![DetectorKind::Phone]),
            RedactTarget::Doc(phones),
            HOME,
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(
        e.message,
        format!(
            "the detectors found more than 10,000 occurrences in record {phones}, the most one run takes from a record: nothing was redacted; try fewer detectors"
        )
    );
    let e = w
        .office
        .redact(
            &w.ana,
            "PRA-1",
            &RedactBy::Terms {
                values: (0..1_001).map(|i| format!("Name {i}")).collect(),
                ignore_case: false,
            },
            RedactTarget::AllDocs,
            HOME,
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(
        e.message,
        "the terms file has 1,001 terms; at most 1,000 are redacted at once"
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM redactions").await, 0);
    assert_eq!(w.events().await.len(), events, "no audit event");

    // Past the bound over many records, each within its own: refused whole too.
    let pattern = RedactBy::Pattern("y".into());
    let files: Vec<(String, String)> = (0..11)
        .map(|i| (format!("y-{i:02}.txt"), "y ".repeat(9_500)))
        .collect();
    w.ingest("many", &files).await;
    let events = w.events().await.len();
    let records = w.office.records(&w.ana, "PRA-1").await.unwrap().len();
    let e = w
        .office
        .propose_redactions(&w.ana, "PRA-1", &pattern, RedactTarget::AllDocs, HOME, None)
        .await
        .unwrap_err();
    assert!(
        e.message.starts_with("the pattern found more than 100,000 occurrences in the first ")
            && e.message.ends_with(&format!(
                " of {records} records, the most one run takes: nothing was proposed; try a narrower pattern, or fewer records at a time"
            )),
        "{}",
        e.message
    );
    assert_eq!(e.record, None);
    assert_eq!(w.count("SELECT COUNT(*) FROM redactions").await, 0);
    assert_eq!(w.events().await.len(), events, "no audit event");

    // Within the bounds: 9,500 proposals on one record, one small audit event (counts and
    // a digest of the ids, not the ids).
    let one = w.id("y-00.txt").await;
    let r = w
        .office
        .propose_redactions(
            &w.ana,
            "PRA-1",
            &pattern,
            RedactTarget::Doc(one),
            HOME,
            None,
        )
        .await
        .unwrap();
    assert_eq!(r.redactions, 9_500);
    let e = w.events().await.pop().unwrap();
    assert_eq!(e.action, "redaction.propose");
    let details = e.details.to_string();
    assert!(details.len() < 1_000, "{} bytes: {details}", details.len());
    assert_eq!(e.details["ids"]["count"], 9_500);
    assert!(e.details["ids"].get("ids").is_none());
    let mut ids: Vec<i64> = r.ids.iter().map(|i| i.0).collect();
    ids.sort_unstable();
    let listed: String = ids.iter().map(|i| format!("{i}\n")).collect();
    assert_eq!(e.details["ids"]["sha256"], sha256(&listed));
    assert_eq!(e.details["records"]["ids"], serde_json::json!([one.0]));
    // Accepting them all: one small event too.
    w.office
        .decide_proposals(
            &w.ana,
            "PRA-1",
            &office::Proposals::All {
                doc: Some(one),
                origin: None,
                kind: None,
                min_score: None,
            },
            true,
            false,
        )
        .await
        .unwrap();
    let e = w.events().await.pop().unwrap();
    assert_eq!(e.action, "redaction.accept");
    assert!(e.details.to_string().len() < 1_000, "{}", e.details);
    assert_eq!(e.details["ids"]["sha256"], sha256(&listed));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bulk_decision_over_5000_records_writes_a_small_event_and_undoes_whole() {
    let w = world().await;
    let files: Vec<(String, String)> = (0..5_000)
        .map(|i| {
            (
                format!("n/{:02}/note-{i:04}.txt", i % 50),
                format!("Note {i} on the budget."),
            )
        })
        .collect();
    w.ingest("notes", &files).await;
    let ids: Vec<RecordId> = w
        .office
        .records(&w.ana, "PRA-1")
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids.len(), 5_000);
    let report = w
        .office
        .decide_many(
            &w.ana,
            "PRA-1",
            &Selection::Ids(ids.clone()),
            &BulkChange::Disposition(Disposition::NotResponsive),
            false,
        )
        .await
        .unwrap();
    assert_eq!(report.changed, 5_000);
    let event = report.event.unwrap();
    let e = w
        .events()
        .await
        .into_iter()
        .find(|e| e.seq == event)
        .unwrap();
    assert_eq!(e.action, "records.bulk");
    let details = e.details.to_string();
    // It held every record's state before and every id: ~700 KB for 5,000 records.
    assert!(details.len() < 2_048, "{} bytes: {details}", details.len());
    assert_eq!(e.details["before"]["records"], 5_000);
    assert_eq!(e.details["selection"]["ids"]["count"], 5_000);
    assert_eq!(w.count("SELECT COUNT(*) FROM bulk_undo").await, 5_000);
    // Undo reads the states kept beside the event, checked against its digest.
    let undone = w.office.undo_bulk(&w.ana, "PRA-1", event).await.unwrap();
    assert_eq!((undone.changed, undone.refused.len()), (5_000, 0));
    let e = w.events().await.pop().unwrap();
    assert_eq!(e.action, "records.bulk-undo");
    assert!(e.details.to_string().len() < 1_000, "{}", e.details);
    assert!(
        w.office
            .records(&w.ana, "PRA-1")
            .await
            .unwrap()
            .iter()
            .all(|r| r.disposition.is_none())
    );

    // A query's words stay out of the event; altered undo states are refused.
    let report = w
        .office
        .decide_many(
            &w.ana,
            "PRA-1",
            &Selection::Query("\"Note 17 on\"".into()),
            &BulkChange::Disposition(Disposition::Release),
            false,
        )
        .await
        .unwrap();
    assert_eq!(report.changed, 1);
    let event = report.event.unwrap();
    let e = w.events().await.pop().unwrap();
    assert!(!e.details.to_string().contains("Note 17"), "{}", e.details);
    assert_eq!(
        e.details["selection"]["query"]["sha256"],
        sha256("\"Note 17 on\"")
    );
    fixtures::raw_sql(
        &w.office_dir(),
        &format!(
            "UPDATE bulk_undo SET state = replace(state, 'null', '\"withhold\"') WHERE event_seq = {event}"
        ),
    )
    .await;
    let e = w
        .office
        .undo_bulk(&w.ana, "PRA-1", event)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(e.message.contains("were altered"), "{}", e.message);
}

#[tokio::test(flavor = "multi_thread")]
async fn saved_searches_and_highlight_sets_are_audited_without_their_words() {
    let w = world().await;
    w.ingest(
        "memos",
        &[("memo.txt".into(), "Call Ana Ruiz at 555-0142.".into())],
    )
    .await;
    let query = "\"Ana Ruiz\" OR 555-0142";
    w.office
        .save_search(&w.ana, "PRA-1", "Witness", query, false)
        .await
        .unwrap();
    w.office
        .save_search(&w.ana, "PRA-1", "Witness", "ruiz", true)
        .await
        .unwrap();
    w.office
        .delete_saved_search(&w.ana, "PRA-1", "Witness")
        .await
        .unwrap();
    w.office
        .set_highlight_terms(&w.ana, "PRA-1", &["Ana Ruiz".into(), "555-0142".into()])
        .await
        .unwrap();
    let events = w.events().await;
    for e in &events {
        let d = e.details.to_string().to_lowercase();
        assert!(
            !d.contains("ruiz") && !d.contains("555-0142"),
            "{} holds the words: {d}",
            e.action
        );
    }
    let saves: Vec<_> = events
        .iter()
        .filter(|e| e.action == "search.save")
        .collect();
    assert_eq!(saves.len(), 2);
    assert_eq!(saves[0].details["name"], "Witness");
    assert_eq!(saves[0].details["query"]["sha256"], sha256(query));
    assert_eq!(saves[1].details["before"]["sha256"], sha256(query));
    assert_eq!(saves[1].details["query"]["sha256"], sha256("ruiz"));
    let deleted = events.iter().find(|e| e.action == "search.delete").unwrap();
    assert_eq!(deleted.details["name"], "Witness");
    assert_eq!(deleted.details["before"]["sha256"], sha256("ruiz"));
    let h = events
        .iter()
        .find(|e| e.action == "request.highlights")
        .unwrap();
    assert_eq!(h.details["after"]["terms"], 2);
    assert_eq!(
        h.details["after"]["text"]["sha256"],
        sha256("Ana Ruiz\n555-0142")
    );
}

/// The detectors are not a pattern a person made too broad: a run over a whole request may
/// find more than a pattern's 100,000 (the 8,349 Enron messages hold over 100,000 names,
/// numbers and addresses), up to MAX_DETECTIONS_PER_CALL.
#[tokio::test(flavor = "multi_thread")]
async fn finding_personal_info_in_a_whole_request_is_not_held_to_a_patterns_bound() {
    let w = world().await;
    let files: Vec<(String, String)> = (0..11)
        .map(|i| {
            let text: String = (0..9_500)
                .map(|j| format!("Tel. (916) 555-{:04}\n", (i * 9_500 + j) % 10_000))
                .collect();
            (format!("calls-{i:02}.txt"), text)
        })
        .collect();
    w.ingest("calls", &files).await;
    let r = w
        .office
        .propose_redactions(
            &w.ana,
            "PRA-1",
            &RedactBy::Detect(vec![DetectorKind::Phone]),
            RedactTarget::AllDocs,
            HOME,
            None,
        )
        .await
        .unwrap();
    assert!(
        r.redactions > office::MAX_MATCHES_PER_CALL as u64,
        "{}",
        r.redactions
    );
    assert_eq!(r.redactions, 11 * 9_500);
}
