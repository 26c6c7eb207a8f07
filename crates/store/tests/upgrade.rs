//! An office an older build wrote: its database copied aside, then brought up to this
//! build's schema, once.

use sqlx::Connection;
use store::Store;

#[tokio::test]
async fn an_older_office_is_copied_aside_before_its_schema_is_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office");
    let older = Store::schema_number() - 1;
    store::create_sqlite_at_schema(&office, older)
        .await
        .unwrap();
    // Something the older build wrote.
    let url = format!("sqlite://{}", office.join("disclose.db").display());
    let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("INSERT INTO settings (key, value) VALUES ('agency_name', 'City of Older')")
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();

    let s = Store::open(&office).await.unwrap();
    let up = s.upgraded().expect("an upgrade").clone();
    assert_eq!((up.from, up.to), (older, Store::schema_number()));
    assert!(
        up.backup.starts_with(office.join(store::UPGRADE_BACKUPS)),
        "{}",
        up.backup.display()
    );
    // The copy is the database as it was: the older schema, what it held.
    let facts = store::backup::snapshot_facts(&up.backup, None)
        .await
        .unwrap();
    assert_eq!(store::schema_number(facts.schema_version), older);
    let mut copy =
        sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=ro", up.backup.display()))
            .await
            .unwrap();
    let (agency,): (String,) =
        sqlx::query_as("SELECT value FROM settings WHERE key = 'agency_name'")
            .fetch_one(&mut copy)
            .await
            .unwrap();
    assert_eq!(agency, "City of Older");
    // The office itself: upgraded, and what it held is still there.
    let mut tx = s.read().await.unwrap();
    assert_eq!(
        tx.setting("agency_name").await.unwrap().as_deref(),
        Some("City of Older")
    );
    drop(tx);
    s.close().await;

    // The next opening finds nothing to upgrade and copies nothing.
    let again = Store::open(&office).await.unwrap();
    assert!(again.upgraded().is_none());
    let kept = std::fs::read_dir(office.join(store::UPGRADE_BACKUPS))
        .unwrap()
        .count();
    assert_eq!(kept, 1);
    again.close().await;
}

#[tokio::test]
async fn a_new_office_is_not_an_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path()).await.unwrap();
    assert!(s.upgraded().is_none());
    assert!(!dir.path().join(store::UPGRADE_BACKUPS).exists());
    s.close().await;
}
