//! The WebDriver: its process, and the client helpers the flows are written with.

use crate::{Result, STEP};
use fantoccini::{Client, Locator};
use std::future::Future;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills the WebKitWebDriver this test started (by its own handle) however the test ends.
pub(super) struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(super) fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

pub(super) fn start_driver(port: u16, data_dir: &Path) -> Result<Driver> {
    let child = Command::new("WebKitWebDriver")
        .arg(format!("--port={port}"))
        .arg("--host=127.0.0.1")
        // Without it WebKitWebDriver hangs on session creation (DESKTOP.md).
        .env("TAURI_WEBVIEW_AUTOMATION", "true")
        .env("DISCLOSE_DATA_DIR", data_dir)
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| {
            format!("cannot start WebKitWebDriver (apt install webkit2gtk-driver): {e}")
        })?;
    let driver = Driver(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err(
                format!("WebKitWebDriver did not listen on port {port} within 20 s").into(),
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(driver)
}

/// Polls `check` until it gives `Some`, for at most [`STEP`].
pub(super) async fn eventually<T, F, Fut>(what: &str, check: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    eventually_within(what, STEP, check).await
}

/// Polls `check` until it gives `Some`, for at most `limit`.
pub(super) async fn eventually_within<T, F, Fut>(
    what: &str,
    limit: Duration,
    mut check: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let deadline = Instant::now() + limit;
    loop {
        if let Some(v) = check().await? {
            return Ok(v);
        }
        if Instant::now() > deadline {
            return Err(format!("timed out waiting for {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// The text content of the first element `css` finds (not WebDriver's rendered text, which
/// WebKit's driver gives as empty for some visible elements: text in scrolled panes).
pub(super) async fn text_of(c: &Client, css: &str) -> Result<Option<String>> {
    match c.find(Locator::Css(css)).await {
        Ok(e) => match e.prop("textContent").await {
            Ok(t) => Ok(Some(t.unwrap_or_default())),
            // Re-rendered between the find and the read: not there yet, as far as a poll goes.
            Err(err) if is_stale(&err) => Ok(None),
            Err(err) => Err(err.into()),
        },
        Err(e) if e.is_no_such_element() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The element found is gone (React replaced the node between a find and an action on it).
fn is_stale(e: &fantoccini::error::CmdError) -> bool {
    let s = e.to_string();
    s.contains("was not found") || s.contains("stale element")
}

pub(super) async fn type_into(c: &Client, css: &str, text: &str) -> Result {
    let field = c
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css(css))
        .await?;
    field.clear().await?;
    field.send_keys(text).await?;
    Ok(())
}

pub(super) async fn click(c: &Client, css: &str) -> Result {
    let mut attempts = 0;
    loop {
        let e = c
            .wait()
            .at_most(STEP)
            .for_element(Locator::Css(css))
            .await?;
        match e.click().await {
            Ok(_) => return Ok(()),
            // Re-rendered between the find and the click: find it again (a few times).
            Err(err) if is_stale(&err) && attempts < 5 => {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(err) => return Err(err.into()),
        }
    }
}

/// Chooses `value` in the list `css` (found again if it was re-rendered meanwhile).
pub(super) async fn choose(c: &Client, css: &str, value: &str) -> Result {
    let mut attempts = 0;
    loop {
        let e = c
            .wait()
            .at_most(STEP)
            .for_element(Locator::Css(css))
            .await?;
        match e.select_by_value(value).await {
            Ok(()) => return Ok(()),
            Err(err) if is_stale(&err) && attempts < 5 => {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(err) => return Err(err.into()),
        }
    }
}

/// Waits until the element's text contains `part`; returns the text.
pub(super) async fn text_containing(c: &Client, css: &str, part: &str) -> Result<String> {
    eventually(&format!("{css} to contain {part:?}"), || async {
        Ok(text_of(c, css).await?.filter(|t| t.contains(part)))
    })
    .await
}

/// An element's text content (WebDriver's rendered text is empty for rows WebKit's driver
/// takes for hidden, such as those of a virtualised list).
pub(super) async fn content(e: &fantoccini::elements::Element) -> Result<String> {
    Ok(e.prop("textContent").await?.unwrap_or_default())
}

/// Watches animation frames from now on; `frame_report` gives the longest gap since.
pub(super) async fn watch_frames(c: &Client) -> Result {
    c.execute(
        r#"
        window.__frames = { longest: 0, count: 0, last: performance.now(), on: true };
        const tick = (t) => {
            const f = window.__frames;
            if (!f.on) return;
            f.longest = Math.max(f.longest, t - f.last);
            f.last = t;
            f.count++;
            requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        "#,
        vec![],
    )
    .await?;
    Ok(())
}

pub(super) async fn frame_report(c: &Client) -> Result<(f64, u64)> {
    let r = c
        .execute(
            "window.__frames.on = false; return [window.__frames.longest, window.__frames.count];",
            vec![],
        )
        .await?;
    Ok((r[0].as_f64().unwrap_or(0.0), r[1].as_u64().unwrap_or(0)))
}
