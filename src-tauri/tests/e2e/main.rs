//! End to end against the real window: the app built with `--features custom-protocol`,
//! driven through WebKitWebDriver. Needs a display and `WebKitWebDriver` on the PATH, so it
//! is ignored by default; run it with `src-tauri/e2e.sh`, which builds the UI and the app and
//! runs this under `xvfb-run`.
//!
//! The test spawns its own WebKitWebDriver on a free port with `TAURI_WEBVIEW_AUTOMATION=true`
//! and `DISCLOSE_DATA_DIR` set: the driver launches the app, which inherits that environment.

mod app;
mod checks;
mod driver;
mod flows;
mod release;

use testkit as fixtures;

use app::{finish, launch, seed_office, seed_release_world};
use checks::shot;
use flows::{drive, drive_encrypted_first_run, drive_first_run};
use release::drive_release;
use std::error::Error;
use std::future::Future;
use std::time::{Duration, Instant};

type Result<T = (), E = Box<dyn Error>> = std::result::Result<T, E>;

/// How long one step may wait for the window to show what it should.
const STEP: Duration = Duration::from_secs(30);
/// The export of the release scenario (rendering and verifying 43 pages at nice 10).
const EXPORT: Duration = Duration::from_secs(180);
/// Each test, whatever happens.
const WHOLE: Duration = Duration::from_secs(420);

async fn run_seeded() -> Result {
    let data = tempfile::tempdir()?;
    seed_office(data.path()).await?;
    let (driver, client) = launch(data.path()).await?;
    let outcome = drive(&client).await;
    finish(driver, client, outcome).await
}

async fn run_first() -> Result {
    let data = tempfile::tempdir()?;
    let (driver, client) = launch(data.path()).await?;
    let outcome = drive_first_run(&client).await;
    finish(driver, client, outcome).await
}

async fn run_encrypted_first() -> Result {
    let data = tempfile::tempdir()?;
    let (driver, client) = launch(data.path()).await?;
    let outcome = drive_encrypted_first_run(&client, data.path()).await;
    finish(driver, client, outcome).await
}

async fn guarded(test: impl Future<Output = Result>) {
    match tokio::time::timeout(WHOLE, test).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("e2e failed: {e}"),
        Err(_) => panic!("e2e took longer than {WHOLE:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display and WebKitWebDriver: run src-tauri/e2e.sh"]
async fn sign_in_see_requests_and_log_one() {
    guarded(run_seeded()).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display and WebKitWebDriver: run src-tauri/e2e.sh"]
async fn first_run_creates_the_office() {
    guarded(run_first()).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display and WebKitWebDriver: run src-tauri/e2e.sh"]
async fn first_run_creates_an_encrypted_office_that_opens_at_sign_in() {
    guarded(run_encrypted_first()).await;
}

// ---- the whole release, in the real window ------------------------------------------------

async fn run_release() -> Result {
    let data = tempfile::tempdir()?;
    let work = tempfile::tempdir()?;
    let collection = work.path().join("collection");
    let out = work.path().join("release");
    seed_release_world(data.path(), &collection).await?;
    let started = Instant::now();
    let (driver, client) = launch(data.path()).await?;
    let outcome = drive_release(&client, &collection, &out, started).await;
    if outcome.is_err() {
        let _ = shot(&client, "failure").await;
    }
    finish(driver, client, outcome).await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display and WebKitWebDriver: run src-tauri/e2e.sh"]
async fn the_whole_release_in_the_window() {
    guarded(run_release()).await;
}
