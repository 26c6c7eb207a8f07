//! What the desktop window asks of the office beyond the CLI's calls: a selection redacted as
//! one span, pages as pictures, the dashboard's numbers, and the office's settings.

use testkit as fixtures;

use office::{
    Actor, Config, ErrorCode, ExportOptions, IngestOptions, Office, OfficeSettings, RecordId,
    RedactBy, RedactTarget, Role,
};

mod common;
use common::{PW, new_user};

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
    for r in ["PRA-1", "PRA-2"] {
        office
            .create_request(&ana, r, "A. Reporter", "2026-11-02", "Permits")
            .await
            .unwrap();
    }
    let root = tmp.path().join("collection");
    fixtures::write(
        &root.join("memo.txt"),
        "Call Ana at 555-0142. Ana will answer.\n",
    );
    fixtures::write(
        &root.join("permit.pdf"),
        fixtures::pdf_with_text("Permit 4471 for Zelda Quill"),
    );
    office
        .ingest(
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
    World { tmp, office, ana }
}

impl World {
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
}

#[tokio::test]
async fn a_selection_redacts_that_occurrence_only() {
    let w = world().await;
    let memo = w.id("memo.txt").await;
    // "Ana" twice: the selection is the second one (characters 22..25).
    let text = w
        .office
        .record_view(&w.ana, "PRA-1", memo)
        .await
        .unwrap()
        .text;
    let second: usize = text.match_indices("Ana").nth(1).unwrap().0;
    let start = text[..second].chars().count();
    let by = RedactBy::Span {
        start,
        end: start + 3,
    };
    let report = w
        .office
        .redact(&w.ana, "PRA-1", &by, RedactTarget::Doc(memo), HOME, None)
        .await
        .unwrap();
    assert_eq!(report.redactions, 1);
    let release = w.office.release_view(&w.ana, "PRA-1", memo).await.unwrap();
    assert!(
        release.text.starts_with("Call Ana at 555-0142."),
        "{}",
        release.text
    );
    assert!(!release.text.contains("Ana will"), "{}", release.text);

    // Bad selections change nothing.
    for (by, target, why) in [
        (
            RedactBy::Span { start: 5, end: 5 },
            RedactTarget::Doc(memo),
            "empty",
        ),
        (
            RedactBy::Span {
                start: 0,
                end: 9999,
            },
            RedactTarget::Doc(memo),
            "past the end",
        ),
        (
            RedactBy::Span { start: 0, end: 3 },
            RedactTarget::AllDocs,
            "one record",
        ),
    ] {
        let e = w
            .office
            .redact(&w.ana, "PRA-1", &by, target, HOME, None)
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid, "{why}: {e:?}");
        assert!(e.message.contains(why), "{why}: {}", e.message);
    }
    let view = w.office.record_view(&w.ana, "PRA-1", memo).await.unwrap();
    assert_eq!(view.redactions.len(), 1);
}

#[tokio::test]
async fn pages_are_pictures_rendered_by_the_core() {
    let w = world().await;
    let pdf = w.id("permit.pdf").await;
    let page = w
        .office
        .page_image(&w.ana, "PRA-1", pdf, 1, 72)
        .await
        .unwrap();
    assert_eq!(&page.png[..8], b"\x89PNG\r\n\x1a\n");
    // A US Letter page at 72 dpi.
    assert_eq!((page.width, page.height), (612, 792));
    let hi = w
        .office
        .page_image(&w.ana, "PRA-1", pdf, 1, 144)
        .await
        .unwrap();
    assert_eq!(hi.width, 1224);

    let e = w
        .office
        .page_image(&w.ana, "PRA-1", pdf, 2, 72)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    let memo = w.id("memo.txt").await;
    let e = w
        .office
        .page_image(&w.ana, "PRA-1", memo, 1, 72)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound, "{e:?}");
    // A record of another request is not reachable through this one.
    let e = w
        .office
        .page_image(&w.ana, "PRA-2", pdf, 1, 72)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound, "{e:?}");
}

#[tokio::test]
async fn the_dashboard_counts_records_reviews_and_redactions() {
    let w = world().await;
    let memo = w.id("memo.txt").await;
    w.office
        .redact(
            &w.ana,
            "PRA-1",
            &RedactBy::Span { start: 0, end: 4 },
            RedactTarget::Doc(memo),
            HOME,
            None,
        )
        .await
        .unwrap();
    w.office
        .set_disposition(&w.ana, "PRA-1", memo, "redact")
        .await
        .unwrap();
    let rows = w.office.requests_with_counts(&w.ana).await.unwrap();
    let (r1, c1) = rows
        .iter()
        .find(|(r, _)| r.reference.as_str() == "PRA-1")
        .unwrap();
    assert_eq!(r1.requester, "A. Reporter");
    assert_eq!((c1.records, c1.reviewed, c1.redactions), (2, 1, 1));
    let (_, c2) = rows
        .iter()
        .find(|(r, _)| r.reference.as_str() == "PRA-2")
        .unwrap();
    assert_eq!((c2.records, c2.reviewed, c2.redactions), (0, 0, 0));
}

#[tokio::test]
async fn settings_are_the_supervisors_and_give_exports_their_defaults() {
    let w = world().await;
    let before = w.office.settings(&w.ana).await.unwrap();
    assert_eq!(before.agency_name, "City of Example");
    assert_eq!(before.idle_minutes, office::DEFAULT_IDLE_MINUTES);

    let new = OfficeSettings {
        agency_name: "  City of Elm Park ".into(),
        bates_prefix: "ELM".into(),
        idle_minutes: 5,
        watermark: "INSPECTION COPY".into(),
        images_when_unchecked: true,
        near_dup_percent: 60,
        detectors: before.detectors.clone(),
        copy_cents_per_page: 10,
        last_backup: None,
        backup_warning: None,
    };
    let saved = w.office.update_settings(&w.ana, &new).await.unwrap();
    assert_eq!(saved.copy_cents_per_page, 10);
    assert!(saved.images_when_unchecked);
    assert_eq!(saved.near_dup_threshold(), 0.6);
    assert_eq!(saved.agency_name, "City of Elm Park");
    assert_eq!(w.office.settings(&w.ana).await.unwrap(), saved);
    assert_eq!(w.office.idle_minutes().await.unwrap(), 5);
    let log = w.office.audit_log(&w.ana, None, 0, 1000).await.unwrap();
    let change = log.iter().rfind(|e| e.action == "settings.change").unwrap();
    assert_eq!(change.details["idle_minutes"]["after"], 5);

    // Bad values are refused with a reason and change nothing.
    for (bad, why) in [
        (
            OfficeSettings {
                agency_name: " ".into(),
                ..saved.clone()
            },
            "agency",
        ),
        (
            OfficeSettings {
                bates_prefix: "ELM 1".into(),
                ..saved.clone()
            },
            "Bates prefix",
        ),
        (
            OfficeSettings {
                idle_minutes: 0,
                ..saved.clone()
            },
            "idle timeout",
        ),
        (
            OfficeSettings {
                near_dup_percent: 10,
                ..saved.clone()
            },
            "near-duplicate threshold",
        ),
        (
            OfficeSettings {
                watermark: "two\nlines".into(),
                ..saved.clone()
            },
            "watermark",
        ),
    ] {
        let e = w.office.update_settings(&w.ana, &bad).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        assert!(e.message.contains(why), "{why}: {}", e.message);
    }
    assert_eq!(w.office.settings(&w.ana).await.unwrap(), saved);

    // Only a supervisor changes them.
    new_user(&w.office, &w.ana, "ola", Role::Officer, "Ola").await;
    let ola = w.office.sign_in("ola", PW).await.unwrap();
    let e = w.office.update_settings(&ola, &new).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(w.office.settings(&ola).await.unwrap(), saved);

    // An export takes the office's Bates prefix and watermark when not given.
    w.office
        .set_undecided(&w.ana, "PRA-1", "release")
        .await
        .unwrap();
    w.office.submit(&ola, "PRA-1").await.unwrap();
    w.office.approve(&w.ana, "PRA-1", None).await.unwrap();
    let out = w.tmp.path().join("out");
    let report = w
        .office
        .export(&ola, "PRA-1", &ExportOptions::new(&out), |_| {})
        .await
        .unwrap();
    assert_eq!(report.bates_first, "ELM-000001");
    // The watermark is drawn as outlines (not text): the same export with an empty one given
    // differs only by it, and is smaller.
    let plain = w.tmp.path().join("plain");
    let mut opts = ExportOptions::new(&plain);
    opts.watermark = Some(String::new());
    w.office.export(&ola, "PRA-1", &opts, |_| {}).await.unwrap();
    let size = |dir: &std::path::Path| {
        std::fs::metadata(dir.join("PRA-1-release.pdf"))
            .unwrap()
            .len()
    };
    assert!(
        size(&out) > size(&plain),
        "{} vs {}",
        size(&out),
        size(&plain)
    );
}

#[tokio::test]
async fn notes_are_kept_with_the_record_and_audited_without_their_words() {
    let w = world().await;
    let memo = w.id("memo.txt").await;
    let saved = w
        .office
        .set_note(&w.ana, "PRA-1", memo, "  Ask counsel about Ana's number. ")
        .await
        .unwrap();
    assert_eq!(saved.as_deref(), Some("Ask counsel about Ana's number."));
    let view = w.office.record_view(&w.ana, "PRA-1", memo).await.unwrap();
    assert_eq!(
        view.note.as_deref(),
        Some("Ask counsel about Ana's number.")
    );
    let log = w.office.audit_log(&w.ana, None, 0, 1000).await.unwrap();
    let e = log.iter().rfind(|e| e.action == "record.note").unwrap();
    // Who wrote it and when, as the audit log has it.
    assert_eq!(view.note_by.as_deref(), Some("ana"));
    assert_eq!(view.note_at.as_deref(), Some(e.at.as_str()));
    assert_eq!(e.details["after_chars"], 31);
    assert!(!e.details.to_string().contains("counsel"), "{}", e.details);
    // A note never reaches the release view.
    let release = w.office.release_view(&w.ana, "PRA-1", memo).await.unwrap();
    assert!(!release.text.contains("counsel"));
    // Empty clears it; too long is refused and changes nothing.
    let long = "x".repeat(4001);
    let e = w
        .office
        .set_note(&w.ana, "PRA-1", memo, &long)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert_eq!(
        w.office.set_note(&w.ana, "PRA-1", memo, "").await.unwrap(),
        None
    );
    let view = w.office.record_view(&w.ana, "PRA-1", memo).await.unwrap();
    assert_eq!((view.note, view.note_by), (None, None));
}

#[tokio::test]
async fn progress_carries_each_failure_once_as_it_happens() {
    let w = world().await;
    let root = w.tmp.path().join("more");
    for i in 0..3 {
        fixtures::write(
            &root.join(format!("broken-{i}.pdf")),
            b"%PDF-1.7\n1 0 obj << /Type",
        );
    }
    fixtures::write(&root.join("fine.txt"), "A fine memo.");
    let seen = std::sync::Mutex::new(vec![]);
    let report = w
        .office
        .ingest(
            &w.ana,
            "PRA-2",
            std::slice::from_ref(&root),
            IngestOptions {
                ocr: false,
                ..Default::default()
            },
            &|p| {
                seen.lock().unwrap().extend(
                    p.new_failures
                        .iter()
                        .map(|f| (f.path.clone(), f.reason.clone())),
                )
            },
        )
        .await
        .unwrap();
    let mut seen = seen.into_inner().unwrap();
    seen.sort();
    let mut all: Vec<_> = report
        .failed
        .iter()
        .map(|f| (f.path.clone(), f.reason.clone()))
        .collect();
    all.sort();
    assert_eq!(all.len(), 3);
    assert_eq!(
        seen, all,
        "each failure reaches the progress messages exactly once"
    );
    assert!(seen[0].1.contains("damaged PDF"), "{:?}", seen[0]);
}
