//! Passwords and the two-person rule (issue 20, findings 4 and 14): a new user or one whose
//! password was reset must choose their own before anything else; a supervisor cannot approve
//! their own release through an account they created or whose password they set, nor through
//! one made or reset after the submission; a refused sign-in never says whether the account
//! exists.

use testkit as fixtures;

use chrono::{Duration, TimeZone, Utc};
use model::FixedClock;
use office::{Actor, ApprovalState, Config, ErrorCode, ExportOptions, IngestOptions, Office, Role};
use std::path::PathBuf;
use std::sync::Arc;

const PW: &str = "correct horse 1";
/// What a supervisor gives a new user (or a reset one): to be changed at the next sign-in.
const FIRST: &str = "from the supervisor 1";
const REF: &str = "PRA-1";

struct World {
    tmp: tempfile::TempDir,
    clock: Arc<FixedClock>,
    office: Office,
    /// The office's first supervisor.
    root: Actor,
}

async fn world() -> World {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 11, 29, 9, 0, 0).unwrap(),
    ));
    let path = fixtures::office_dir(tmp.path().join("office")).await;
    let config = Config::new(&path).with_clock(clock.clone());
    let office = Office::init(config, "root", "Rosa Root", PW).await.unwrap();
    let root = office.sign_in("root", PW).await.unwrap();
    assert!(
        !root.must_change_password(),
        "the first supervisor chose their own"
    );
    office
        .create_request(&root, REF, "A. Reporter", "2026-11-20", "Permits")
        .await
        .unwrap();
    let memo = fixtures::write(
        &tmp.path().join("c/memo.txt"),
        "Memo about the permit fee schedule for Oak Street.\n",
    );
    office
        .ingest(
            &root,
            REF,
            &[memo],
            IngestOptions {
                ocr: false,
                ..IngestOptions::default()
            },
            &|_| {},
        )
        .await
        .unwrap();
    office.set_undecided(&root, REF, "release").await.unwrap();
    World {
        tmp,
        clock,
        office,
        root,
    }
}

impl World {
    /// `by` adds a user, who signs in with the first password and chooses their own (PW).
    async fn user(&self, by: &Actor, name: &str, role: Role, display_name: &str) -> Actor {
        self.tick();
        self.office
            .add_user(by, name, role, display_name, FIRST)
            .await
            .unwrap();
        let first = self.office.sign_in(name, FIRST).await.unwrap();
        assert!(first.must_change_password());
        let me = self
            .office
            .change_password(&first, FIRST, PW)
            .await
            .unwrap();
        assert!(!me.must_change_password());
        me
    }

    /// A minute passes.
    fn tick(&self) {
        self.clock.advance(Duration::minutes(1));
    }

    async fn submit(&self, by: &Actor) {
        self.tick();
        self.office.submit(by, REF).await.unwrap();
        self.tick();
    }

    async fn state(&self) -> ApprovalState {
        self.office
            .approval(&self.root, REF)
            .await
            .unwrap()
            .unwrap()
            .state
    }

    /// `who` tries to approve: the refusal's message.
    async fn refused(&self, who: &Actor) -> String {
        let e = self.office.approve(who, REF, None).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden, "{e}");
        assert_eq!(e.message.lines().count(), 1, "{e}");
        assert!(e.message.contains("(two-person rule)"), "{e}");
        assert_eq!(
            self.state().await,
            ApprovalState::Submitted,
            "still waiting"
        );
        e.message
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_supervisor_cannot_approve_through_an_account_they_created() {
    let w = world().await;
    let amy = w.user(&w.root, "amy", Role::Supervisor, "Amy Ash").await;
    let bob = w.user(&amy, "bob", Role::Supervisor, "Bob Birch").await;
    w.submit(&amy).await;
    let e = w.refused(&bob).await;
    assert_eq!(
        e,
        "bob may not approve amy's release set: bob's account was created by amy, who submitted it (two-person rule)"
    );
    // Nor by way of another account of theirs: amy → carl → dan.
    let carl = w.user(&amy, "carl", Role::Supervisor, "").await;
    w.office.reject(&w.root, REF, "again").await.unwrap();
    let dan = w.user(&carl, "dan", Role::Supervisor, "").await;
    w.submit(&amy).await;
    let e = w.refused(&dan).await;
    assert!(
        e.contains("dan's account was created by carl, and carl's account was created by amy, who submitted it"),
        "{e}"
    );
    // And the submitter themselves, as before.
    let e = w.refused(&amy).await;
    assert!(e.contains("amy submitted it"), "{e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_supervisor_cannot_approve_through_a_password_they_reset() {
    let w = world().await;
    let amy = w.user(&w.root, "amy", Role::Supervisor, "").await;
    w.user(&w.root, "bob", Role::Supervisor, "").await;
    // amy resets bob's password, signs in as bob and changes it: bob's account is hers now.
    w.tick();
    let info = w.office.reset_password(&amy, "bob", FIRST).await.unwrap();
    assert!(info.must_change_password);
    assert_eq!(info.password_set_by.as_deref(), Some("amy"));
    let as_bob = w.office.sign_in("bob", FIRST).await.unwrap();
    assert!(as_bob.must_change_password());
    let as_bob = w
        .office
        .change_password(&as_bob, FIRST, "amy's now 123")
        .await
        .unwrap();
    w.submit(&amy).await;
    let e = w.refused(&as_bob).await;
    assert_eq!(
        e,
        "bob may not approve amy's release set: bob's password was last set by amy, who submitted it (two-person rule)"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_account_created_or_reset_after_the_submission_cannot_approve_it() {
    let w = world().await;
    let amy = w.user(&w.root, "amy", Role::Supervisor, "").await;
    let cleo = w.user(&w.root, "cleo", Role::Supervisor, "").await;
    w.submit(&amy).await;
    // Even made by someone else: an account made for the occasion does not approve it.
    let bob = w.user(&w.root, "bob", Role::Supervisor, "").await;
    let e = w.refused(&bob).await;
    assert!(
        e.starts_with(
            "bob may not approve amy's release set: bob's account was created at 2026-11-29T09:"
        ),
        "{e}"
    );
    assert!(
        e.contains(", after it was submitted (at 2026-11-29T09:"),
        "{e}"
    );
    // Nor one whose password was reset since (by anyone), changed or not.
    w.tick();
    w.office
        .reset_password(&w.root, "cleo", FIRST)
        .await
        .unwrap();
    let cleo_again = w.office.sign_in("cleo", FIRST).await.unwrap();
    w.office
        .change_password(&cleo_again, FIRST, "cleo's own 123")
        .await
        .unwrap();
    let e = w.refused(&cleo).await;
    assert!(
        e.starts_with("cleo may not approve amy's release set: cleo's password was reset by root at 2026-11-29T09:"),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_independent_supervisor_approves_and_the_letter_names_them() {
    let w = world().await;
    // The first supervisor adds both before the submission; cleo chose her own password.
    let amy = w.user(&w.root, "amy", Role::Supervisor, "Amy Ash").await;
    let cleo = w.user(&w.root, "cleo", Role::Supervisor, "Cleo Diaz").await;
    // cleo's own later change does not make her any less independent.
    w.tick();
    let cleo = w
        .office
        .change_password(&cleo, PW, "cleo's newer 123")
        .await
        .unwrap();
    w.submit(&amy).await;
    let approved = w.office.approve(&cleo, REF, None).await.unwrap();
    assert_eq!(approved.state, ApprovalState::Approved);
    assert_eq!(approved.decided_by.as_deref(), Some("cleo"));
    assert_eq!(approved.submitted_by, "amy");
    let log = w
        .office
        .audit_log(&w.root, Some(REF), 0, 100)
        .await
        .unwrap();
    let approval = log.iter().find(|e| e.action == "release.approve").unwrap();
    assert_eq!(approval.actor, "cleo");

    // The determination letter and the manifest name the person who approved.
    let out: PathBuf = w.tmp.path().join("release");
    w.office
        .export(&amy, REF, &ExportOptions::new(&out), |_| {})
        .await
        .unwrap();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["approval"]["approved_by"], "cleo", "{manifest}");
    assert_eq!(manifest["approval"]["submitted_by"], "amy", "{manifest}");
    let letter = std::process::Command::new("pdftotext")
        .arg(out.join("determination-letter.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let letter = String::from_utf8_lossy(&letter.stdout);
    assert!(letter.contains("Cleo Diaz"), "{letter}");
    assert!(!letter.contains("Amy Ash"), "{letter}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_user_must_change_their_password_before_anything_else() {
    let w = world().await;
    w.office
        .add_user(&w.root, "olga", Role::Officer, "Olga Ortiz", FIRST)
        .await
        .unwrap();
    let users = w.office.users(&w.root).await.unwrap();
    let olga_info = users.iter().find(|u| u.name == "olga").unwrap();
    assert!(olga_info.must_change_password);
    assert_eq!(olga_info.created_by.as_deref(), Some("root"));
    assert_eq!(olga_info.password_set_by.as_deref(), Some("root"));
    let root_info = users.iter().find(|u| u.name == "root").unwrap();
    assert!(!root_info.must_change_password);
    assert_eq!(root_info.created_by, None);

    // Signing in works; everything else is refused, with a code to switch on.
    let olga = w.office.sign_in("olga", FIRST).await.unwrap();
    assert!(olga.must_change_password());
    let e = w
        .office
        .create_request(&olga, "PRA-2", "x", "2026-11-20", "y")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::PasswordChangeRequired);
    assert!(e.message.starts_with("change your password first"), "{e}");
    for e in [
        w.office.requests(&olga).await.unwrap_err(),
        w.office.users(&olga).await.unwrap_err(),
        w.office.submit(&olga, REF).await.unwrap_err(),
    ] {
        assert_eq!(e.code, ErrorCode::PasswordChangeRequired, "{e}");
    }

    // A wrong current password, the same one again, too short a one: refused.
    let e = w
        .office
        .change_password(&olga, "not the one 1", PW)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid, "{e}");
    assert_eq!(e.message, "the current password is not right");
    let e = w
        .office
        .change_password(&olga, FIRST, FIRST)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid, "{e}");
    assert!(e.message.contains("must differ"), "{e}");
    let e = w
        .office
        .change_password(&olga, FIRST, "short")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid, "{e}");
    assert!(e.message.contains("at least 8"), "{e}");

    let changed = w.office.change_password(&olga, FIRST, PW).await.unwrap();
    assert!(!changed.must_change_password());
    // The session goes on (the office reads the user afresh on every call).
    w.office
        .create_request(&olga, "PRA-2", "x", "2026-11-20", "y")
        .await
        .unwrap();
    assert!(w.office.sign_in("olga", FIRST).await.is_err());
    assert!(
        !w.office
            .sign_in("olga", PW)
            .await
            .unwrap()
            .must_change_password()
    );

    // Audited, without any password; the wrong current one counted as a failed sign-in.
    let log = w.office.audit_log(&w.root, None, 0, 1000).await.unwrap();
    let change = log
        .iter()
        .find(|e| e.action == "user.password-change")
        .unwrap();
    assert_eq!(
        (change.actor.as_str(), change.subject.as_str()),
        ("olga", "user/olga")
    );
    assert!(
        log.iter()
            .any(|e| e.action == "user.sign-in-failed" && e.details["during"] == "password change")
    );
    let all = serde_json::to_string(&log).unwrap();
    for pw in [FIRST, PW, "not the one 1"] {
        assert!(!all.contains(pw), "a password in the audit log");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_password_must_be_changed_and_only_a_supervisor_resets_one() {
    let w = world().await;
    let olga = w.user(&w.root, "olga", Role::Officer, "").await;
    let carl = w.user(&w.root, "carl", Role::Clerk, "").await;
    for by in [&olga, &carl] {
        let e = w
            .office
            .reset_password(by, "root", FIRST)
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden, "{e}");
    }
    let e = w
        .office
        .reset_password(&w.root, "root", FIRST)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid, "{e}");
    assert_eq!(
        w.office
            .reset_password(&w.root, "nobody", FIRST)
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );

    // A reset also opens a locked account.
    for _ in 0..5 {
        w.office
            .sign_in("olga", "wrong password")
            .await
            .unwrap_err();
    }
    w.tick();
    let info = w
        .office
        .reset_password(&w.root, "olga", FIRST)
        .await
        .unwrap();
    assert!(info.must_change_password && !info.locked);
    assert_eq!(info.password_set_by.as_deref(), Some("root"));
    // Olga's open session is held to it at once; her old password is gone.
    let e = w.office.requests(&olga).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::PasswordChangeRequired, "{e}");
    assert!(w.office.sign_in("olga", PW).await.is_err());
    let olga = w.office.sign_in("olga", FIRST).await.unwrap();
    assert!(olga.must_change_password());
    let olga = w
        .office
        .change_password(&olga, FIRST, "olga's own 123")
        .await
        .unwrap();
    w.office.requests(&olga).await.unwrap();

    let log = w.office.audit_log(&w.root, None, 0, 1000).await.unwrap();
    let reset = log
        .iter()
        .find(|e| e.action == "user.password-reset")
        .unwrap();
    assert_eq!(
        (reset.actor.as_str(), reset.subject.as_str()),
        ("root", "user/olga")
    );
    assert!(!serde_json::to_string(&log).unwrap().contains(FIRST));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_sign_in_does_not_say_whether_the_account_exists() {
    let w = world().await;
    w.user(&w.root, "carl", Role::Clerk, "").await;
    let unknown = w.office.sign_in("nobody", PW).await.unwrap_err();
    let wrong = w
        .office
        .sign_in("carl", "wrong password")
        .await
        .unwrap_err();
    for _ in 0..4 {
        w.office
            .sign_in("carl", "wrong password")
            .await
            .unwrap_err();
    }
    // Locked now: even the right password gets the same answer.
    let locked = w.office.sign_in("carl", PW).await.unwrap_err();
    let locked_wrong = w.office.sign_in("carl", "wrong again").await.unwrap_err();
    for e in [&unknown, &wrong, &locked, &locked_wrong] {
        assert_eq!(e.code, ErrorCode::Unauthenticated);
        assert_eq!(e.message, office::SIGN_IN_REFUSED);
        assert!(!e.message.contains("carl"));
    }
    assert!(
        w.office
            .users(&w.root)
            .await
            .unwrap()
            .iter()
            .any(|u| u.name == "carl" && u.locked)
    );
    w.clock.advance(Duration::minutes(16));
    w.office.sign_in("carl", PW).await.unwrap();
}

/// Many sign-ins at once with writes in between: each checks its password without holding
/// the office's write lock, and every failure is still counted under it.
#[tokio::test(flavor = "multi_thread")]
async fn sign_ins_check_passwords_outside_the_write_lock_and_count_every_failure() {
    let w = Arc::new(world().await);
    w.user(&w.root, "carl", Role::Clerk, "").await;
    let mut tasks = vec![];
    for i in 0..4 {
        let w = w.clone();
        tasks.push(tokio::spawn(async move {
            w.office
                .sign_in("carl", &format!("wrong password {i}"))
                .await
                .unwrap_err()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap().message, office::SIGN_IN_REFUSED);
    }
    let log = w.office.audit_log(&w.root, None, 0, 1000).await.unwrap();
    let counts: Vec<i64> = log
        .iter()
        .filter(|e| e.action == "user.sign-in-failed")
        .map(|e| e.details["failed_in_a_row"].as_i64().unwrap())
        .collect();
    let mut sorted = counts.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [1, 2, 3, 4],
        "each failure counted once: {counts:?}"
    );
    // The fifth locks the account.
    w.office
        .sign_in("carl", "wrong password 5")
        .await
        .unwrap_err();
    assert!(
        w.office
            .users(&w.root)
            .await
            .unwrap()
            .iter()
            .any(|u| u.name == "carl" && u.locked)
    );
}
