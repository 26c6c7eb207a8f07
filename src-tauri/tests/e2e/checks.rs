//! Screenshots, the accessibility checks each screen passes first, and the CSP's check.

use crate::Result;
use crate::app::APP;
use fantoccini::Client;
use std::path::{Path, PathBuf};

pub(super) fn shot_path(name: &str) -> PathBuf {
    // APP is <target>/debug/disclose-desktop: keep the screenshots in <target>/screenshots.
    let dir = Path::new(APP)
        .ancestors()
        .nth(2)
        .unwrap_or(Path::new("."))
        .join("screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir.join(name)
}

/// Saves a screenshot of the screen, after the accessibility pass's checks on it.
pub(super) async fn shot(c: &Client, name: &str) -> Result {
    if name != "failure" {
        check_accessible(c, name).await?;
    }
    let path = shot_path(&format!("{name}.png"));
    std::fs::write(&path, c.screenshot().await?)?;
    println!("e2e: screenshot {}", path.display());
    Ok(())
}

/// Every control on the screen has a name a screen reader can say (a label, aria-label,
/// aria-labelledby, its text or a title) and can be reached with the keyboard (no positive or
/// negative tabindex on a control), and images have alternative text.
async fn check_accessible(c: &Client, screen: &str) -> Result {
    let bad = c
        .execute(
            r#"
            const named = (el) => {
                const fromLabels = el.labels ? [...el.labels].map((l) => l.textContent).join(' ') : '';
                const by = el.getAttribute('aria-labelledby');
                const fromBy = by ? by.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ') : '';
                const own = el.tagName === 'BUTTON' ? el.textContent : '';
                return [fromLabels, el.getAttribute('aria-label') ?? '', fromBy, own, el.title ?? '']
                    .some((n) => n.trim() !== '');
            };
            const bad = [];
            for (const el of document.querySelectorAll('input, select, textarea, button')) {
                if (el.type === 'hidden') continue;
                if (!named(el)) bad.push('unnamed ' + el.outerHTML.slice(0, 100));
                const t = el.getAttribute('tabindex');
                if (t !== null && t !== '0') bad.push('tabindex ' + t + ' ' + el.outerHTML.slice(0, 100));
            }
            for (const img of document.querySelectorAll('img')) {
                if (!img.hasAttribute('alt')) bad.push('no alt ' + img.outerHTML.slice(0, 100));
            }
            return bad;
            "#,
            vec![],
        )
        .await?;
    if bad != serde_json::json!([]) {
        return Err(format!("accessibility on the {screen} screen: {bad}").into());
    }
    Ok(())
}

/// The screen fits the window across: neither the page nor any scrolling part of it has a
/// horizontal scrollbar (the window is as wide as a 1,366-pixel laptop screen in this test).
pub(super) async fn check_fits_across(c: &Client, screen: &str) -> Result {
    let found = c
        .execute(
            r#"
            const bad = [];
            const doc = document.scrollingElement;
            if (doc.scrollWidth > doc.clientWidth + 1) bad.push('the page ' + doc.scrollWidth + ' > ' + doc.clientWidth);
            for (const el of document.querySelectorAll('body *')) {
                const s = getComputedStyle(el);
                if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
                    const name = el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + String(el.className).split(' ').join('.');
                    bad.push(name + ' ' + el.scrollWidth + ' > ' + el.clientWidth);
                }
            }
            return { width: window.innerWidth, height: window.innerHeight, bad };
            "#,
            vec![],
        )
        .await?;
    println!("e2e: {screen} at {}×{}", found["width"], found["height"]);
    if found["bad"] != serde_json::json!([]) {
        return Err(format!("the {screen} screen scrolls sideways: {}", found["bad"]).into());
    }
    Ok(())
}

/// The strict CSP must let the page reach Tauri's IPC custom protocol (`ipc://localhost`):
/// when it does not, Tauri silently falls back to postMessage and the window still works,
/// so check the protocol itself.
pub(super) async fn check_csp_allows_ipc(c: &Client) -> Result {
    let script = r#"
        const done = arguments[arguments.length - 1];
        const violations = [];
        document.addEventListener('securitypolicyviolation',
            (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
        const url = window.__TAURI_INTERNALS__.convertFileSrc('current_user', 'ipc');
        const settle = (r) => setTimeout(() => done(Object.assign(r, { url, violations })), 300);
        fetch(url, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })
            .then((resp) => settle({ reached: true, status: resp.status }),
                  (err) => settle({ reached: false, error: String(err) }));
    "#;
    let result = c.execute_async(script, vec![]).await?;
    println!("e2e: IPC protocol probe: {result}");
    if result["reached"] != true || result["violations"] != serde_json::json!([]) {
        return Err(format!("the CSP blocks Tauri's IPC protocol: {result}").into());
    }
    Ok(())
}
