//! The first flows: signing in to a seeded office and logging a request, and the first run.

use crate::checks::{check_csp_allows_ipc, shot_path};
use crate::driver::{click, eventually, text_of, type_into};
use crate::{Result, STEP};
use fantoccini::{Client, Locator};

pub(super) async fn drive(c: &Client) -> Result {
    // Sign-in screen, then a wrong password: the office's refusal is shown as text.
    c.wait()
        .at_most(STEP)
        .for_element(Locator::Css("#signin-name"))
        .await?;
    println!("e2e: sign-in screen shown");
    check_csp_allows_ipc(c).await?;
    type_into(c, "#signin-name", "ana").await?;
    type_into(c, "#signin-password", "not-the-password").await?;
    click(c, "#signin-submit").await?;
    let refusal = eventually("the sign-in error", || text_of(c, ".form-error")).await?;
    assert_eq!(refusal, office::SIGN_IN_REFUSED);
    println!("e2e: wrong password refused: {refusal:?}");
    c.screenshot()
        .await
        .map(|png| std::fs::write(shot_path("e2e-signin.png"), png))??;

    // The right password: the dashboard lists the seeded requests, the old one overdue.
    type_into(c, "#signin-password", "supersecret1").await?;
    click(c, "#signin-submit").await?;
    let row = c
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css(r#"tr[data-reference="PRA-2026-0001"]"#))
        .await?;
    let text = row.text().await?;
    assert!(text.contains("A. Reporter"), "row text: {text:?}");
    assert!(text.contains("days overdue"), "row text: {text:?}");
    assert_eq!(row.attr("class").await?.as_deref(), Some("overdue"));
    println!("e2e: dashboard lists PRA-2026-0001 as overdue: {text:?}");

    // Log a new request through the form; it appears in the list.
    click(c, "#new-request").await?;
    type_into(c, "#req-reference", "PRA-2026-0003").await?;
    type_into(c, "#req-requester", "C. Journalist").await?;
    type_into(
        c,
        "#req-description",
        "Police overtime records, fiscal year 2025 <script>alert(1)</script>",
    )
    .await?;
    let description = c.find(Locator::Css("#req-description")).await?;
    eventually("the typed description", || async {
        let value = description.prop("value").await?;
        Ok(value
            .is_some_and(|v| v.ends_with("</script>"))
            .then_some(()))
    })
    .await?;
    std::fs::write(shot_path("e2e-form.png"), c.screenshot().await?)?;
    click(c, "#req-submit").await?;
    let row = c
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css(r#"tr[data-reference="PRA-2026-0003"]"#))
        .await?;
    let notice = eventually("the logged notice", || text_of(c, ".notice")).await?;
    let shot = shot_path("e2e-shot.png");
    std::fs::write(&shot, c.screenshot().await?)?;
    println!("e2e: screenshot {}", shot.display());

    let text = row.text().await?;
    assert!(text.contains("C. Journalist"), "row text: {text:?}");
    // Record content is shown as text: the markup in the description stays characters.
    let description = row
        .find(Locator::Css(".description"))
        .await?
        .prop("textContent")
        .await?;
    assert_eq!(
        description.as_deref(),
        Some("Police overtime records, fiscal year 2025 <script>alert(1)</script>")
    );
    assert!(
        notice.starts_with("Request PRA-2026-0003 logged"),
        "{notice:?}"
    );
    let rows = c.find_all(Locator::Css("table.requests tbody tr")).await?;
    assert_eq!(rows.len(), 3);
    println!("e2e: new request listed: {text:?}");

    // Sign out: back to the sign-in screen.
    click(c, "#sign-out").await?;
    c.wait()
        .at_most(STEP)
        .for_element(Locator::Css("#signin-password"))
        .await?;
    println!("e2e: signed out");
    Ok(())
}

/// First run on an empty data directory: create the office, sign in, see no requests.
pub(super) async fn drive_first_run(c: &Client) -> Result {
    c.wait()
        .at_most(STEP)
        .for_element(Locator::Css("#setup-name"))
        .await?;
    println!("e2e: first run offers to create the office");
    type_into(c, "#setup-name", "ana").await?;
    type_into(c, "#setup-display-name", "Ana Ruiz").await?;
    type_into(c, "#setup-password", "short").await?;
    type_into(c, "#setup-confirm", "short").await?;
    click(c, "#setup-submit").await?;
    let refusal = eventually("the password refusal", || text_of(c, ".form-error")).await?;
    assert_eq!(refusal, "a password must be at least 8 characters");
    println!("e2e: short password refused: {refusal:?}");
    type_into(c, "#setup-password", "supersecret1").await?;
    type_into(c, "#setup-confirm", "supersecret1").await?;
    click(c, "#setup-submit").await?;

    let notice = eventually("the office-created notice", || text_of(c, ".notice")).await?;
    assert_eq!(notice, "Office created. Sign in as ana.");
    let name = c.find(Locator::Css("#signin-name")).await?;
    assert_eq!(name.prop("value").await?.as_deref(), Some("ana"));
    type_into(c, "#signin-password", "supersecret1").await?;
    click(c, "#signin-submit").await?;
    let empty = c
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css(".empty"))
        .await?;
    assert_eq!(empty.text().await?, "No requests yet.");
    println!("e2e: office created, signed in, empty dashboard");
    Ok(())
}

/// First run with "Encrypt the office's database": the recovery key is shown once, the office
/// opens only at a sign-in, and its database file is not SQLite's plain format.
pub(super) async fn drive_encrypted_first_run(c: &Client, data: &std::path::Path) -> Result {
    c.wait()
        .at_most(STEP)
        .for_element(Locator::Css("#setup-name"))
        .await?;
    type_into(c, "#setup-name", "ana").await?;
    type_into(c, "#setup-password", "supersecret1").await?;
    type_into(c, "#setup-confirm", "supersecret1").await?;
    click(c, "#setup-encrypt").await?;
    click(c, "#setup-submit").await?;
    let key = eventually("the recovery key", || text_of(c, "#recovery-key")).await?;
    let groups: Vec<&str> = key.split('-').collect();
    assert_eq!(groups.len(), 8, "{key:?}");
    assert!(groups.iter().all(|g| g.len() == 4), "{key:?}");
    println!("e2e: encrypted office created; its recovery key shown once");
    let header = std::fs::read(data.join("disclose.db"))?;
    assert!(data.join("vault.json").exists());
    assert!(!header.starts_with(b"SQLite format 3"), "a plain database");
    std::fs::write(shot_path("e2e-recovery-key.png"), c.screenshot().await?)?;
    click(c, "#recovery-done").await?;
    let notice = eventually("the office-created notice", || text_of(c, ".notice")).await?;
    assert_eq!(notice, "Office created. Sign in as ana.");
    type_into(c, "#signin-password", "not-the-password").await?;
    click(c, "#signin-submit").await?;
    let refusal = eventually("the sign-in error", || text_of(c, ".form-error")).await?;
    assert_eq!(refusal, office::SIGN_IN_REFUSED);
    type_into(c, "#signin-password", "supersecret1").await?;
    click(c, "#signin-submit").await?;
    let empty = c
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css(".empty"))
        .await?;
    assert_eq!(empty.text().await?, "No requests yet.");
    // Signing out closes the office; signing in opens it again.
    click(c, "#sign-out").await?;
    c.wait()
        .at_most(STEP)
        .for_element(Locator::Css("#signin-password"))
        .await?;
    type_into(c, "#signin-password", "supersecret1").await?;
    click(c, "#signin-submit").await?;
    c.wait()
        .at_most(STEP)
        .for_element(Locator::Css(".empty"))
        .await?;
    println!("e2e: the encrypted office opens at sign-in, and again after a sign-out");
    Ok(())
}
