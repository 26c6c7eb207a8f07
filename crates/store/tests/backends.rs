//! The store's suite, run against both backends: every case is one function over a `Store`,
//! run once on SQLite (a file in a temporary data directory) and once on PostgreSQL (a fresh
//! database on the server of `scripts/with-postgres`).

use testkit::postgres;

use chrono::NaiveDate;
use model::exemption::{Exemption, ExemptionGroup};
use model::request::NewRequest;
use model::{
    AuditAction, DetectorKind, Disposition, RecordId, RecordKind, RedactionOrigin, RedactionState,
    RequestId, RequestRef, ReviewStatus, Role, UserId, UserName,
};
use sqlx::Connection;
use std::sync::Arc;
use store::{Backend, NewPage, NewRecord, NewRedaction, Placement, RecordStatus, Store};

/// One office on one backend, with the address a raw connection can use.
struct Office {
    store: Store,
    url: String,
    _dir: tempfile::TempDir,
}

impl Office {
    async fn open(backend: Backend, tag: &str) -> Office {
        sqlx::any::install_default_drivers();
        let dir = tempfile::tempdir().unwrap();
        let (placement, url) = match backend {
            Backend::Sqlite => (
                Placement::default(),
                format!(
                    "sqlite://{}",
                    store::team::percent_encode_path(&dir.path().join(store::DB_FILE))
                ),
            ),
            Backend::Postgres => {
                let url = postgres::fresh_database(tag).await;
                (
                    Placement {
                        database_url: Some(url.clone()),
                        ..Placement::default()
                    },
                    url,
                )
            }
        };
        let store = Store::open_with(dir.path(), &placement).await.unwrap();
        assert_eq!(store.backend(), backend);
        Office {
            store,
            url,
            _dir: dir,
        }
    }

    /// Another workstation on the same office (PostgreSQL) or another process's handle on
    /// the same file (SQLite).
    async fn second_handle(&self) -> Store {
        self.second_handle_result().await.unwrap()
    }

    async fn second_handle_result(&self) -> store::Result<Store> {
        let placement = match self.store.backend() {
            Backend::Sqlite => Placement::default(),
            Backend::Postgres => Placement {
                database_url: Some(self.url.clone()),
                ..Placement::default()
            },
        };
        Store::open_with(self.store.dir(), &placement).await
    }

    async fn raw(&self) -> sqlx::AnyConnection {
        sqlx::AnyConnection::connect(&self.url).await.unwrap()
    }
}

/// Each case as two tests, `<case>::sqlite` and `<case>::postgres`.
macro_rules! both {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            #[tokio::test]
            async fn sqlite() {
                super::$case(super::Office::open(store::Backend::Sqlite, stringify!($case)).await).await
            }
            #[tokio::test]
            async fn postgres() {
                super::$case(super::Office::open(store::Backend::Postgres, stringify!($case)).await).await
            }
        }
    )*};
}

both!(
    settings_are_upserted,
    a_second_user_of_the_same_name_is_refused,
    requests_list_in_byte_order_with_their_ids,
    records_pages_and_families_round_trip,
    redaction_ids_come_back_in_the_order_given,
    scores_follow_a_batch_without_them,
    the_audit_chain_refuses_edits_and_deletions,
    concurrent_writers_keep_one_chain_and_one_change_order,
    a_newer_schema_is_refused_with_both_versions,
    an_edit_on_a_stale_version_names_who_changed_the_record,
    nul_characters_in_extracted_text_are_dropped,
    each_content_s_first_record_is_found_and_new_records_touch_no_random_page,
    a_long_list_is_read_a_chunk_at_a_time_in_id_order,
);

const AT: &str = "2026-11-29T10:00:00Z";

async fn user(store: &Store, name: &str) -> UserId {
    let mut tx = store.write().await.unwrap();
    let id = tx
        .insert_user(
            &UserName::parse(name).unwrap(),
            name,
            Role::Clerk,
            "hash",
            AT,
            None,
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn request(store: &Store, reference: &str, by: UserId) -> RequestId {
    let mut tx = store.write().await.unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let id = tx
        .insert_request(
            &NewRequest {
                reference: RequestRef::parse(reference).unwrap(),
                requester: "A. Requester".into(),
                description: "emails about the budget".into(),
                received: day,
                due: day + chrono::Days::new(10),
            },
            by,
            AT,
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

fn record(id: i64, request: RequestId, path: &str, text: &str) -> NewRecord {
    NewRecord {
        id: RecordId(id),
        request_id: request,
        path: path.into(),
        custodian: Some("ana".into()),
        sha256: None,
        size: Some(text.len() as u64),
        kind: RecordKind::Text,
        status: RecordStatus::Ingested,
        failure: None,
        duplicate_of: None,
        parent_id: None,
        title: Some(format!("title {id}")),
        metadata: "{}".into(),
        text: Some(text.into()),
        text_sha256: None,
        extractor_version: Some("t1"),
        created_at: AT.into(),
    }
}

async fn exemption(store: &Store, code: &str) {
    let mut tx = store.write().await.unwrap();
    tx.insert_exemption(
        &Exemption {
            code: code.into(),
            label: format!("label {code}"),
            former: None,
            description: "test".into(),
            group: ExemptionGroup::Agency,
            active: true,
        },
        AT,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn settings_are_upserted(o: Office) {
    let mut tx = o.store.write().await.unwrap();
    tx.set_setting("agency", "City of Example").await.unwrap();
    tx.set_setting("agency", "City of Elsewhere").await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = o.store.read().await.unwrap();
    assert_eq!(
        tx.setting("agency").await.unwrap().as_deref(),
        Some("City of Elsewhere")
    );
    assert_eq!(tx.setting("missing").await.unwrap(), None);
}

async fn a_second_user_of_the_same_name_is_refused(o: Office) {
    user(&o.store, "ana").await;
    let mut tx = o.store.write().await.unwrap();
    let e = tx
        .insert_user(
            &UserName::parse("ana").unwrap(),
            "Ana",
            Role::Clerk,
            "h",
            AT,
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, store::Error::Exists(_)), "{e}");
    drop(tx);
    // The refused insert rolled back with its transaction: the office still works.
    assert_eq!(
        o.store.read().await.unwrap().count_users().await.unwrap(),
        1
    );
}

async fn requests_list_in_byte_order_with_their_ids(o: Office) {
    let ana = user(&o.store, "ana").await;
    let a = request(&o.store, "PRA-2026-010", ana).await;
    let b = request(&o.store, "PRA-2026-009", ana).await;
    let c = request(&o.store, "pra-2026-011", ana).await;
    assert!(a.0 < b.0 && b.0 < c.0, "ids in insertion order");
    let list = o.store.read().await.unwrap().requests().await.unwrap();
    let refs: Vec<String> = list.iter().map(|r| r.reference.to_string()).collect();
    let mut sorted = refs.clone();
    sorted.sort(); // byte order, as SQLite compares
    assert_eq!(refs.len(), 3);

    // The dashboard's numbers, request by request: records, those reviewed or checked, and
    // applied redactions (proposals and other requests' redactions not counted).
    exemption(&o.store, "b6").await;
    let mut tx = o.store.write().await.unwrap();
    tx.insert_records(&[
        record(1, a, "a1.txt", "one"),
        record(2, a, "a2.txt", "two"),
        record(3, a, "a3.txt", "three"),
        record(4, b, "b1.txt", "four"),
    ])
    .await
    .unwrap();
    tx.set_review_state(RecordId(1), None, ReviewStatus::Reviewed, &[])
        .await
        .unwrap();
    tx.set_review_state(RecordId(2), None, ReviewStatus::Checked, &[])
        .await
        .unwrap();
    let redaction = |record: i64, state| NewRedaction {
        record_id: RecordId(record),
        start_char: 0,
        end_char: 1,
        code: "b6".into(),
        note: None,
        origin: RedactionOrigin::Term,
        state,
        kind: None,
        score: None,
        created_by: ana,
    };
    tx.insert_redactions(
        &[
            redaction(1, RedactionState::Applied),
            redaction(3, RedactionState::Applied),
            redaction(3, RedactionState::Proposed),
            redaction(4, RedactionState::Applied),
        ],
        AT,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let counts = o
        .store
        .read()
        .await
        .unwrap()
        .request_counts()
        .await
        .unwrap();
    let mut got: Vec<(RequestId, u64, u64, u64)> = counts
        .iter()
        .map(|c| (c.request, c.records, c.reviewed, c.redactions))
        .collect();
    got.sort();
    assert_eq!(got, vec![(a, 3, 2, 2), (b, 1, 0, 1), (c, 0, 0, 0)]);
}

async fn records_pages_and_families_round_trip(o: Office) {
    let ana = user(&o.store, "ana").await;
    let req = request(&o.store, "PRA-1", ana).await;
    exemption(&o.store, "b6").await;
    exemption(&o.store, "a1").await;
    // 900 records: three multi-row statements.
    let mut tx = o.store.write().await.unwrap();
    assert_eq!(tx.next_record_id().await.unwrap(), RecordId(1));
    let rows: Vec<NewRecord> = (1..=900)
        .map(|i| {
            let mut r = record(i, req, &format!("box/{i:04}.txt"), &format!("text of {i}"));
            if i > 1 && i % 100 == 1 {
                r.parent_id = Some(RecordId(i - 1));
            }
            r
        })
        .collect();
    tx.insert_records(&rows).await.unwrap();
    tx.insert_family_links(&[
        (RecordId(100), RecordId(101)),
        (RecordId(100), RecordId(101)),
    ])
    .await
    .unwrap();
    tx.insert_pages(&[NewPage {
        record_id: RecordId(5),
        page_no: 1,
        width_pt: 612.0,
        height_pt: 791.5,
        words: r#"[[0.1,0.1,0.2,0.2,"word"]]"#.into(),
        ocr: true,
    }])
    .await
    .unwrap();
    tx.set_review_state(
        RecordId(7),
        Some(Disposition::Withhold),
        ReviewStatus::Reviewed,
        &["b6".to_string(), "a1".to_string()],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let mut tx = o.store.read().await.unwrap();
    assert_eq!(tx.next_record_id().await.unwrap(), RecordId(901));
    assert_eq!(tx.records(req).await.unwrap().len(), 900);
    let page = tx.records_for_index(RecordId(0), 500).await.unwrap();
    assert_eq!(page.len(), 500);
    assert_eq!(page[0].request, "PRA-1");
    let seven = &page[6];
    assert_eq!(seven.id, RecordId(7));
    // Sorted and space-separated on both backends.
    assert_eq!(seven.exemptions, vec!["a1".to_string(), "b6".to_string()]);
    let some = tx
        .records_with_text(&[RecordId(900), RecordId(2), RecordId(4000)])
        .await
        .unwrap();
    let ids: Vec<RecordId> = some.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![RecordId(900), RecordId(2)]);
    assert_eq!(some[0].text, "text of 900");
    let pages = tx.pages(RecordId(5)).await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!((pages[0].0, pages[0].2, pages[0].4), (1, 791.5, true));
    assert_eq!(
        tx.family_links(req).await.unwrap(),
        vec![(RecordId(100), RecordId(101))]
    );
    assert_eq!(
        tx.descendants(RecordId(100)).await.unwrap(),
        vec![RecordId(101)]
    );
    let tops = tx.family_tops(req).await.unwrap();
    assert!(tops.contains(&(RecordId(101), RecordId(100))));
    let state = tx.review_state(RecordId(7)).await.unwrap().unwrap();
    assert_eq!(state.exemptions, vec!["a1".to_string(), "b6".to_string()]);
    assert_eq!(tx.index_watermarks().await.unwrap(), (RecordId(900), 0));
    assert!(tx.record_paths(req).await.unwrap().contains("box/0042.txt"));
    let among = tx
        .recorded_paths_among(req, &["box/0042.txt", "box/9999.txt", "box/0900.txt"])
        .await
        .unwrap();
    let mut among: Vec<String> = among.into_iter().collect();
    among.sort();
    assert_eq!(
        among,
        vec!["box/0042.txt".to_string(), "box/0900.txt".to_string()]
    );
}

async fn redaction_ids_come_back_in_the_order_given(o: Office) {
    let ana = user(&o.store, "ana").await;
    let req = request(&o.store, "PRA-1", ana).await;
    exemption(&o.store, "b6").await;
    let mut tx = o.store.write().await.unwrap();
    tx.insert_records(&[record(1, req, "a.txt", "call 555-0100 or 555-0199")])
        .await
        .unwrap();
    let new: Vec<NewRedaction> = (0..3000)
        .map(|i| NewRedaction {
            record_id: RecordId(1),
            start_char: i,
            end_char: i + 1,
            code: "b6".into(),
            note: None,
            origin: RedactionOrigin::Term,
            state: if i % 2 == 0 {
                RedactionState::Applied
            } else {
                RedactionState::Proposed
            },
            kind: Some(DetectorKind::Phone),
            // Proposals 1, 3, 5, … are 0.01, 0.03, … sure: 500 of them reach 0.5.
            score: Some(i as f64 / 100.0),
            created_by: ana,
        })
        .collect();
    let ids = tx.insert_redactions(&new, AT).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(ids.len(), 3000);
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    let mut tx = o.store.read().await.unwrap();
    let rows = tx.redactions(RecordId(1)).await.unwrap();
    assert_eq!(rows.len(), 3000);
    assert_eq!((rows[10].start_char, rows[10].id), (Some(10), ids[10]));
    let spans = tx.active_spans(&[RecordId(1)], "b6").await.unwrap();
    assert_eq!(spans.len(), 3000);
    let proposals = tx
        .proposals(
            req,
            Some(RecordId(1)),
            None,
            Some(DetectorKind::Phone),
            None,
        )
        .await
        .unwrap();
    assert_eq!(proposals.len(), 1500);
    let sure = tx
        .proposals(req, None, None, None, Some(0.5))
        .await
        .unwrap();
    assert_eq!(sure.len(), 1500 - 25, "scores 0.01 to 0.49 fall short");
    assert_eq!(rows[7].score, Some(0.07));
}

/// The same statement (as many rows) first without scores, then with them: the score's
/// type must not be taken from the first batch's nulls.
async fn scores_follow_a_batch_without_them(o: Office) {
    let ana = user(&o.store, "ana").await;
    let req = request(&o.store, "PRA-1", ana).await;
    exemption(&o.store, "b6").await;
    let mut tx = o.store.write().await.unwrap();
    tx.insert_records(&[record(1, req, "a.txt", "call 555-0100 or 555-0199")])
        .await
        .unwrap();
    let batch = |from: i64, score: Option<f64>| -> Vec<NewRedaction> {
        (from..from + 3)
            .map(|i| NewRedaction {
                record_id: RecordId(1),
                start_char: i,
                end_char: i + 1,
                code: "b6".into(),
                note: None,
                origin: RedactionOrigin::Detector,
                state: RedactionState::Proposed,
                kind: score.map(|_| DetectorKind::Phone),
                score,
                created_by: ana,
            })
            .collect()
    };
    tx.insert_redactions(&batch(0, None), AT).await.unwrap();
    tx.insert_redactions(&batch(3, Some(0.75)), AT)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = o.store.read().await.unwrap();
    let rows = tx.redactions(RecordId(1)).await.unwrap();
    let scores: Vec<_> = rows.iter().map(|r| r.score).collect();
    assert_eq!(
        scores,
        [None, None, None, Some(0.75), Some(0.75), Some(0.75)]
    );
    let sure = tx
        .proposals(req, None, None, None, Some(0.5))
        .await
        .unwrap();
    assert_eq!(sure.len(), 3);
    drop(tx);

    // Near-duplicate similarities, written 500 records a statement: the first statement's
    // are null (pivots), the second's are not.
    let mut tx = o.store.write().await.unwrap();
    let records: Vec<_> = (2..1002)
        .map(|i| record(i, req, &format!("r{i}.txt"), "words"))
        .collect();
    tx.insert_records(&records).await.unwrap();
    let places: Vec<store::NearDupPlace> = (2..1002)
        .map(|i| store::NearDupPlace {
            id: RecordId(i),
            group: Some(RecordId(2)),
            similarity: (i >= 502).then_some(0.625),
        })
        .collect();
    tx.set_near_dups(&places).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = o.store.read().await.unwrap();
    assert_eq!(tx.near_dup_similarity(RecordId(3)).await.unwrap(), None);
    assert_eq!(
        tx.near_dup_similarity(RecordId(900)).await.unwrap(),
        Some(0.625)
    );
}

async fn the_audit_chain_refuses_edits_and_deletions(o: Office) {
    let mut tx = o.store.write().await.unwrap();
    for i in 0..3 {
        tx.append_audit(
            AT,
            "ana",
            AuditAction::RecordNote,
            &format!("record/{i}"),
            serde_json::json!({"i": i}),
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let mut raw = o.raw().await;
    for sql in [
        "UPDATE audit_events SET actor = 'mallory' WHERE seq = 2",
        "DELETE FROM audit_events WHERE seq = 3",
    ] {
        let e = sqlx::query(sql).execute(&mut raw).await.unwrap_err();
        assert!(
            e.to_string().contains("audit events are append-only"),
            "{sql}: {e}"
        );
    }
    if o.store.backend() == Backend::Postgres {
        let e = sqlx::query("TRUNCATE audit_events")
            .execute(&mut raw)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
    }
    let mut tx = o.store.read().await.unwrap();
    let events = tx.audit_events(None, 0, 100).await.unwrap();
    assert_eq!(
        model::audit::verify_keyed(o.store.key(), &events).unwrap(),
        3
    );
    let of_one = tx.audit_events(Some("record/1"), 0, 100).await.unwrap();
    assert_eq!(of_one.len(), 1);
}

async fn concurrent_writers_keep_one_chain_and_one_change_order(o: Office) {
    let ana = user(&o.store, "ana").await;
    let req = request(&o.store, "PRA-1", ana).await;
    let mut tx = o.store.write().await.unwrap();
    tx.insert_records(&[record(1, req, "a.txt", "x")])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    // Two handles (two workstations), ten writers each, all at once.
    let other = Arc::new(o.second_handle().await);
    let mine = Arc::new(o.store.clone());
    let mut tasks = vec![];
    for i in 0..20 {
        let store = if i % 2 == 0 {
            mine.clone()
        } else {
            other.clone()
        };
        tasks.push(tokio::spawn(async move {
            let mut tx = store.write().await.unwrap();
            let who = format!("clerk{i}");
            tx.append_audit(
                AT,
                &who,
                AuditAction::RecordReview,
                "record/1",
                serde_json::json!({"i": i}),
            )
            .await
            .unwrap();
            // Between reading the head and committing, give the other writers a chance.
            tokio::task::yield_now().await;
            tx.note_record_changes(&[RecordId(1)], &who, AT)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let mut tx = o.store.read().await.unwrap();
    let events = tx.audit_events(None, 0, 1000).await.unwrap();
    assert_eq!(
        model::audit::verify_keyed(o.store.key(), &events).unwrap(),
        20,
        "one unbroken chain"
    );
    let changes = tx.record_changes_after(0, 1000).await.unwrap();
    assert_eq!(changes.len(), 20);
    let seqs: Vec<u64> = changes.iter().map(|c| c.0).collect();
    assert!(
        seqs.windows(2).all(|w| w[1] == w[0] + 1),
        "gap-free: {seqs:?}"
    );
    assert_eq!(
        tx.review_state(RecordId(1)).await.unwrap().unwrap().version,
        21
    );
}

async fn a_newer_schema_is_refused_with_both_versions(o: Office) {
    let mut raw = o.raw().await;
    let sql = match o.store.backend() {
        Backend::Sqlite => {
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
             VALUES (99991231000000, 'from the future', 1, X'00', 0)"
        }
        Backend::Postgres => {
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
             VALUES (99991231000000, 'from the future', TRUE, '\\x00', 0)"
        }
    };
    sqlx::query(sql).execute(&mut raw).await.unwrap();
    let e = o.second_handle_result().await.unwrap_err();
    assert!(
        matches!(
            e,
            store::Error::NewerSchema {
                found: 99991231000000,
                ..
            }
        ),
        "{e}"
    );
    assert!(
        e.to_string().contains(&format!(
            "this build knows up to {}",
            Store::schema_number()
        )),
        "{e}"
    );
}

async fn an_edit_on_a_stale_version_names_who_changed_the_record(o: Office) {
    let ana = user(&o.store, "ana").await;
    let req = request(&o.store, "PRA-1", ana).await;
    let mut tx = o.store.write().await.unwrap();
    tx.insert_records(&[record(1, req, "a.txt", "x")])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let seen = o
        .store
        .read()
        .await
        .unwrap()
        .review_state(RecordId(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(seen.version, 1);
    // Someone else changes it.
    let mut tx = o.store.write().await.unwrap();
    tx.expect_record_version(RecordId(1), 1).await.unwrap();
    tx.note_record_changes(&[RecordId(1)], "bob", "2026-11-29T10:05:00Z")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    // The first user's edit on version 1 is refused, naming bob.
    let mut tx = o.store.write().await.unwrap();
    let e = tx.expect_record_version(RecordId(1), 1).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "record 1 was changed by bob at 2026-11-29T10:05:00Z since you opened it: reopen it to see the change"
    );
    tx.expect_record_version(RecordId(1), 2).await.unwrap();
    assert!(matches!(
        tx.expect_record_version(RecordId(9), 1).await.unwrap_err(),
        store::Error::NotFound(_)
    ));
}

async fn nul_characters_in_extracted_text_are_dropped(o: Office) {
    let ana = user(&o.store, "ana").await;
    let req = request(&o.store, "PRA-1", ana).await;
    let mut r = record(1, req, "odd.bin", "before\0after");
    r.title = Some("ti\0tle".into());
    r.metadata = r#"{"k":"v\u0000"}"#.into();
    let mut tx = o.store.write().await.unwrap();
    tx.insert_records(&[r]).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = o.store.read().await.unwrap();
    assert_eq!(
        tx.record_text(RecordId(1)).await.unwrap().as_deref(),
        Some("beforeafter")
    );
    let row = &tx.records(req).await.unwrap()[0];
    assert_eq!(row.title.as_deref(), Some("title"));
}

/// A server across the network is reached over TLS (`sslmode=require` in the address): the
/// office opens, works, and every connection it holds is encrypted.
#[tokio::test]
async fn a_team_office_over_tls_is_encrypted() {
    sqlx::any::install_default_drivers();
    let url = postgres::fresh_database("tls").await;
    let tls = postgres::over_tls(&url);
    assert!(tls.contains("sslmode=require"), "{tls}");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with(
        dir.path(),
        &Placement {
            database_url: Some(tls.clone()),
            ..Placement::default()
        },
    )
    .await
    .unwrap();
    let mut tx = store.write().await.unwrap();
    tx.set_setting("agency", "City of Example").await.unwrap();
    tx.commit().await.unwrap();
    let name = url.split('?').next().unwrap().rsplit('/').next().unwrap();
    let mut raw = sqlx::AnyConnection::connect(&url).await.unwrap();
    let (n, encrypted): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COUNT(*) FILTER (WHERE s.ssl) AS BIGINT)
           FROM pg_stat_activity a JOIN pg_stat_ssl s ON s.pid = a.pid
          WHERE a.datname = $1 AND a.pid <> pg_backend_pid()",
    )
    .bind(name)
    .fetch_one(&mut raw)
    .await
    .unwrap();
    assert!(n >= 1, "the office holds a connection");
    assert_eq!(encrypted, n, "every connection of the office is encrypted");
    assert_eq!(
        store
            .read()
            .await
            .unwrap()
            .setting("agency")
            .await
            .unwrap()
            .as_deref(),
        Some("City of Example")
    );
}

/// What an ingest starts from: each content hash's first ingested record in a request. And what
/// keeps an ingest of 500,000 records from slowing down (issue 25): no index of the records
/// table is keyed by a record's hash ahead of its id — such a key puts each new record on a
/// random page of the index, and every batch then writes most of the index again.
async fn each_content_s_first_record_is_found_and_new_records_touch_no_random_page(o: Office) {
    let ana = user(&o.store, "ana").await;
    let req = request(&o.store, "PRA-1", ana).await;
    let other = request(&o.store, "PRA-2", ana).await;
    let sha = |c: char| c.to_string().repeat(64);
    let mut tx = o.store.write().await.unwrap();
    let originals: Vec<store::NewOriginal> = "abcd"
        .chars()
        .map(|c| store::NewOriginal {
            sha256: sha(c),
            size: 1,
            location: store::Location::Loose,
        })
        .collect();
    tx.insert_originals(&originals, AT).await.unwrap();
    let with = |id: i64, request, c: char, status| {
        let mut r = record(id, request, &format!("f{id}"), "x");
        r.sha256 = Some(sha(c));
        r.status = status;
        if status == RecordStatus::Failed {
            r.failure = Some("unreadable".into());
        }
        r
    };
    tx.insert_records(&[
        // Two desks collecting at once may each record the same content as an original
        // (3 and 5): the first one written is the one later copies point at.
        with(1, other, 'a', RecordStatus::Ingested),
        with(2, req, 'b', RecordStatus::Failed),
        with(3, req, 'a', RecordStatus::Ingested),
        with(4, req, 'b', RecordStatus::Ingested),
        with(5, req, 'a', RecordStatus::Ingested),
        with(6, req, 'c', RecordStatus::Failed),
    ])
    .await
    .unwrap();
    let mut dup = with(7, req, 'b', RecordStatus::Duplicate);
    dup.duplicate_of = Some(RecordId(4));
    tx.insert_records(&[dup]).await.unwrap();
    let first = tx.first_record_by_sha(req).await.unwrap();
    let mut first: Vec<(String, i64)> = first.into_iter().map(|(s, id)| (s, id.0)).collect();
    first.sort();
    assert_eq!(first, vec![(sha('a'), 3), (sha('b'), 4)]);
    tx.commit().await.unwrap();

    // Every index of the records table, as its columns in key order.
    let mut c = o.raw().await;
    let defs: Vec<(String,)> = sqlx::query_as(match o.store.backend() {
        Backend::Sqlite => {
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL"
        }
        Backend::Postgres => "SELECT indexdef FROM pg_indexes WHERE tablename = 'records'",
    })
    .fetch_all(&mut c)
    .await
    .unwrap();
    let keys: Vec<Vec<String>> = defs
        .iter()
        .map(|(d,)| {
            let cols = &d[d.rfind('(').unwrap() + 1..d.rfind(')').unwrap()];
            cols.split(',').map(|c| c.trim().to_string()).collect()
        })
        .collect();
    assert!(keys.len() >= 6, "{keys:?}");
    for k in &keys {
        if let Some(at) = k.iter().position(|c| c == "sha256") {
            assert!(
                k[..at].iter().any(|c| c == "id"),
                "an index keyed by the hash before the id: {k:?}"
            );
        }
    }
    assert!(
        keys.iter()
            .any(|k| k == &["request_id", "status", "id", "sha256"]),
        "{keys:?}"
    );
}

/// The review screen reads a request's list a chunk at a time (issue 25: 500,000 records were
/// one 235 MB answer): each chunk the next records after the last id of the one before, in id
/// order, whatever other requests' records sit between them; found as one range of an index on
/// (request, id), not by sorting every record of the request for each chunk.
async fn a_long_list_is_read_a_chunk_at_a_time_in_id_order(o: Office) {
    let ana = user(&o.store, "ana").await;
    let req = request(&o.store, "PRA-1", ana).await;
    let other = request(&o.store, "PRA-2", ana).await;
    let mut tx = o.store.write().await.unwrap();
    // Two desks collecting at once: the requests' records interleave.
    let rows: Vec<NewRecord> = (1..=23)
        .map(|id| {
            let to = if id % 3 == 0 { other } else { req };
            record(id, to, &format!("f{id}"), "x")
        })
        .collect();
    tx.insert_records(&rows).await.unwrap();
    let whole: Vec<i64> = tx
        .records(req)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id.0)
        .collect();
    let want: Vec<i64> = (1..=23).filter(|id| id % 3 != 0).collect();
    assert_eq!(whole, want);
    let mut chunked = Vec::new();
    let mut after = RecordId(0);
    loop {
        let chunk = tx.records_after(req, after, 4).await.unwrap();
        assert!(chunk.len() <= 4);
        chunked.extend(chunk.iter().map(|r| r.id.0));
        match chunk.last() {
            Some(last) if chunk.len() == 4 => after = last.id,
            _ => break,
        }
    }
    assert_eq!(chunked, want);
    assert!(
        tx.records_after(req, RecordId(23), 4)
            .await
            .unwrap()
            .is_empty()
    );
    tx.commit().await.unwrap();

    let mut c = o.raw().await;
    match o.store.backend() {
        Backend::Sqlite => {
            let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(
                "EXPLAIN QUERY PLAN SELECT id, path FROM records
                  WHERE request_id = 1 AND id > 4 ORDER BY id LIMIT 4",
            )
            .fetch_all(&mut c)
            .await
            .unwrap();
            let plan: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
            assert!(
                plan.iter().any(|p| p.contains("records_by_request"))
                    && !plan.iter().any(|p| p.contains("TEMP B-TREE")),
                "{plan:?}"
            );
        }
        Backend::Postgres => {
            let (n,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'records'
                  AND indexdef LIKE '%(request_id, id)'",
            )
            .fetch_one(&mut c)
            .await
            .unwrap();
            assert_eq!(n, 1);
        }
    }
}
