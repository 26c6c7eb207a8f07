//! The app and its offices: the seeded data directories, launching the app through the
//! driver, and ending the session.

use crate::driver::{Driver, free_port, start_driver};
use crate::{Result, fixtures};
use chrono::Duration as Days;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use office::{Config, Office, Role};
use std::path::Path;
use std::time::Duration;

pub(super) const APP: &str = env!("CARGO_BIN_EXE_disclose-desktop");

/// An office with a supervisor and two requests: one long overdue, one due in a few days.
pub(super) async fn seed_office(dir: &Path) -> Result {
    let office = Office::init(Config::new(dir), "ana", "Ana Ruiz", "supersecret1").await?;
    let ana = office.sign_in("ana", "supersecret1").await?;
    let today = office.today();
    office
        .create_request(
            &ana,
            "PRA-2026-0001",
            "A. Reporter",
            &(today - Days::days(40)).to_string(),
            "Building permits issued for 12 Main St since 2020",
        )
        .await?;
    office
        .create_request(
            &ana,
            "PRA-2026-0002",
            "Neighbours of Elm Park",
            &(today - Days::days(9)).to_string(),
            "Emails about the Elm Park tree removal",
        )
        .await?;
    office.close().await;
    Ok(())
}

/// Starts a WebKitWebDriver for `data_dir` and opens the app through it.
pub(super) async fn launch(data_dir: &Path) -> Result<(Driver, Client)> {
    let port = free_port()?;
    let driver = start_driver(port, data_dir)?;
    let mut caps = serde_json::Map::new();
    caps.insert(
        "webkitgtk:browserOptions".into(),
        serde_json::json!({"binary": APP, "args": []}),
    );
    let client = tokio::time::timeout(
        Duration::from_secs(60),
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}")),
    )
    .await
    .map_err(|_| "no WebDriver session within 60 s (is TAURI_WEBVIEW_AUTOMATION honoured?)")??;
    println!(
        "e2e: app {APP} launched with DISCLOSE_DATA_DIR={}",
        data_dir.display()
    );
    Ok((driver, client))
}

/// Ends the session, which closes the app, then the driver.
pub(super) async fn finish(driver: Driver, client: Client, outcome: Result) -> Result {
    let _ = tokio::time::timeout(Duration::from_secs(15), client.close()).await;
    drop(driver);
    outcome
}

pub(super) const PW: &str = "supersecret1";
pub(super) const REF: &str = "PRA-2026-0001";
/// What a supervisor gives a new user: changed at their first sign-in.
pub(super) const FIRST_PW: &str = "from ana 12345";

/// An office with a supervisor (ana), an officer (ola) and a clerk (bo), one request, and a
/// folder of records to import: a memo, a born-digital PDF, an HTML email carrying markup that
/// must never run, and a damaged PDF.
pub(super) async fn seed_release_world(dir: &Path, collection: &Path) -> Result {
    let office = Office::init(Config::new(dir), "ana", "Ana Ruiz", PW).await?;
    let ana = office.sign_in("ana", PW).await?;
    // Each signs in first with the password ana gave them and chooses their own (PW) in the
    // window's "Choose a new password" form.
    office
        .add_user(&ana, "ola", Role::Officer, "Ola Officer", FIRST_PW)
        .await?;
    office
        .add_user(&ana, "bo", Role::Clerk, "Bo Clerk", FIRST_PW)
        .await?;
    let today = office.today();
    office
        .create_request(
            &ana,
            REF,
            "A. Reporter",
            &(today - Days::days(3)).to_string(),
            "Permit 4471 for 12 Main St and the emails about it",
        )
        .await?;
    office.close().await;

    fixtures::write(
        &collection.join("memo.txt"),
        "Permit 4471 memo.\nCall Zelda Quill at 555-0142 about the permit fees.\nThe inspection is on Monday.\n",
    );
    fixtures::write(
        &collection.join("permit.pdf"),
        fixtures::pdf_with_text("Permit 4471 issued to Ygritte Marsh at 12 Main St"),
    );
    // HTML whose text shows markup, and real markup that would run if the window ever
    // treated record content as HTML.
    let html = concat!(
        "<html><body><p>Permit fees for 4471 attached.</p>",
        "<p>&lt;img src=x onerror=\"window.__pwned=1\"&gt; &lt;script&gt;window.__pwned=2&lt;/script&gt;</p>",
        "<script>window.__pwned=3</script><img src=x onerror=\"window.__pwned=4\">",
        "<p>Counsel's advice on the permit follows.</p></body></html>"
    );
    let eml = format!(
        "From: Counsel <counsel@city.example>\r\nTo: Records <records@city.example>\r\n\
         Subject: Permit 4471 advice\r\nDate: Mon, 02 Nov 2026 09:30:00 -0800\r\n\
         Message-ID: <advice-4471@city.example>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n"
    );
    fixtures::write(&collection.join("mail/advice.eml"), eml);
    // Two newsletters (decided together from a search) and a conversation of two messages.
    for i in 1..=2 {
        fixtures::write(
            &collection.join(format!("mail/news-{i}.eml")),
            format!(
                "From: newsletter@chamber.example\r\nTo: Records <records@city.example>\r\n\
                 Subject: Chamber news {i}\r\nDate: Mon, 02 Nov 2026 08:0{i}:00 -0800\r\n\
                 Message-ID: <news-{i}@chamber.example>\r\n\r\nEvents this week, issue {i}.\r\n"
            ),
        );
    }
    fixtures::write(
        &collection.join("mail/trees-1.eml"),
        "From: Cara <cara@city.example>\r\nTo: Dev <dev@city.example>\r\nSubject: Oak tree\r\n\
         Date: Tue, 03 Nov 2026 09:00:00 -0800\r\nMessage-ID: <trees-1@city.example>\r\n\r\n\
         The oak on Elm Street must come down before the storm season.\r\n",
    );
    fixtures::write(
        &collection.join("mail/trees-2.eml"),
        "From: Dev <dev@city.example>\r\nTo: Cara <cara@city.example>\r\nSubject: RE: Oak tree\r\n\
         Date: Tue, 03 Nov 2026 11:00:00 -0800\r\nMessage-ID: <trees-2@city.example>\r\n\
         In-Reply-To: <trees-1@city.example>\r\n\r\nAgreed, I will call the crew.\r\n\r\n\
         -----Original Message-----\r\nFrom: Cara\r\nSent: Tuesday\r\n\r\n\
         The oak on Elm Street must come down before the storm season.\r\n",
    );
    fixtures::write(
        &collection.join("broken.pdf"),
        b"%PDF-1.7\n1 0 obj << /Type",
    );
    // Enough pages that rendering them keeps every core busy for a while (the window must
    // keep drawing meanwhile).
    fixtures::write(
        &collection.join("parcels.pdf"),
        fixtures::pdf_pages(40, "Parcel register"),
    );
    Ok(())
}
