//! Two workstations of one team office in one process: each its own data directory (its own
//! search index), one PostgreSQL database (`scripts/with-postgres`), one originals folder.

use testkit as fixtures;

use office::{Config, IngestOptions, Office, RecordId, RedactBy, RedactTarget, SearchOptions};
use std::path::Path;

mod common;
use common::PW;

async fn hits(o: &Office, actor: &office::Actor, q: &str) -> u64 {
    o.search(actor, "PRA-1", q, SearchOptions::default())
        .await
        .unwrap()
        .total
}

/// A workstation joining the team office set up in `first`'s data folder (with its key).
async fn desk(dir: &Path, url: &str, originals: &Path, first: &Path) -> Office {
    office::join_team(
        &Config::new(dir),
        url,
        Some(originals),
        Some(&first.join("office.key")),
    )
    .await
    .unwrap();
    Office::open(Config::new(dir)).await.unwrap()
}

#[tokio::test]
async fn a_desk_index_follows_what_other_desks_ingest_and_decide() {
    let url = fixtures::postgres::fresh_database("follow").await;
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("share");
    office::prepare_team(&Config::new(tmp.path().join("a")), &url, Some(&shared))
        .await
        .unwrap();
    let a = Office::init(Config::new(tmp.path().join("a")), "ana", "", PW)
        .await
        .unwrap();
    assert!(a.is_team());
    let ana = a.sign_in("ana", PW).await.unwrap();
    a.create_request(&ana, "PRA-1", "Pat", "2026-11-02", "memos")
        .await
        .unwrap();
    let b = desk(&tmp.path().join("b"), &url, &shared, &tmp.path().join("a")).await;
    let ana_at_b = b.sign_in("ana", PW).await.unwrap();
    assert_eq!(b.location().originals, a.location().originals);

    // Desk A ingests; desk B's index has none of it until it follows the change sequence.
    let root = tmp.path().join("collection");
    for i in 0..5 {
        fixtures::write(
            &root.join(format!("m{i}.txt")),
            format!("memo {i}: call Dana at 555-0142"),
        );
    }
    a.ingest(
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
    assert_eq!(b.follow_changes().await.unwrap(), 5);
    assert_eq!(hits(&b, &ana_at_b, "memo").await, 5);

    // Desk A redacts; desk B catches the one change and finds it by exemption.
    a.redact(
        &ana,
        "PRA-1",
        &RedactBy::Text {
            value: "555-0142".into(),
            ignore_case: true,
        },
        RedactTarget::Doc(RecordId(2)),
        "7927.700",
        None,
    )
    .await
    .unwrap();
    assert_eq!(b.follow_changes().await.unwrap(), 1);
    assert_eq!(b.follow_changes().await.unwrap(), 0, "nothing new");
    assert_eq!(hits(&b, &ana_at_b, "exemption:7927.700").await, 1);
    // Desk B's originals are desk A's: the shared folder.
    let text = b.record_text(&ana_at_b, RecordId(2)).await.unwrap();
    assert!(text.contains("memo"), "{text}");
    assert!(!b.original(&ana_at_b, RecordId(2)).await.unwrap().is_empty());
}
