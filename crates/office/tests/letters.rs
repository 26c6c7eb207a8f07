//! Letters to the requester: every kind rendered from its template in English and Spanish,
//! issued as a PDF into the request's correspondence and read back with pdftotext; the
//! approving supervisor named in the determinations; templates edited by supervisors; and
//! what a letter cannot say refused with nothing changed.

use testkit as fixtures;

use std::path::Path;
use std::process::Command;

use office::{
    Actor, ClosedAs, Config, ExportOptions, IngestOptions, Language, LetterKind, Office, Role,
    StateRequest, Submission,
};

mod common;
use common::{PW, new_user};

const REF: &str = "PRA-2026-0400";
const POLICE: &str = "7923.600";

struct World {
    tmp: tempfile::TempDir,
    office: Office,
    sue: Actor,
    olga: Actor,
    sam: Actor,
}

async fn world() -> World {
    let tmp = tempfile::tempdir().unwrap();
    let office = Office::init(
        Config::new(fixtures::office_dir(tmp.path().join("office")).await),
        "sue",
        "Sue Park",
        PW,
    )
    .await
    .unwrap();
    let sue = office.sign_in("sue", PW).await.unwrap();
    new_user(&office, &sue, "olga", Role::Officer, "Olga Ortiz").await;
    new_user(&office, &sue, "sam", Role::Supervisor, "Sam Lee").await;
    let olga = office.sign_in("olga", PW).await.unwrap();
    let sam = office.sign_in("sam", PW).await.unwrap();
    let mut s = office.settings(&sue).await.unwrap();
    s.agency_name = "City of Example".into();
    s.copy_cents_per_page = 10;
    office.update_settings(&sue, &s).await.unwrap();
    office
        .create_request(
            &sue,
            REF,
            "Ana Reporter",
            "2026-11-20",
            "Parking memos of 2025",
        )
        .await
        .unwrap();
    World {
        tmp,
        office,
        sue,
        olga,
        sam,
    }
}

impl World {
    /// Issues a letter and reads its PDF back with pdftotext.
    async fn issue(&self, kind: LetterKind, lang: Language, note: Option<&str>) -> String {
        let l = self
            .office
            .issue_letter(&self.olga, REF, kind, lang, note)
            .await
            .unwrap_or_else(|e| panic!("{kind} {lang}: {}", e.message));
        let pdf = self.office.letter_pdf(&self.sue, REF, l.id).await.unwrap();
        let path = self.tmp.path().join(format!("letter-{}.pdf", l.id));
        std::fs::write(&path, pdf).unwrap();
        pdftotext(&path)
    }
}

fn pdftotext(p: &Path) -> String {
    let o = Command::new("pdftotext").arg(p).arg("-").output().unwrap();
    assert!(o.status.success(), "pdftotext {}", p.display());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What every letter of the language must say, and what its kind must say (lines wrap where
/// the typesetter chose: white space is compared as one space).
fn says(text: &str, wants: &[&str]) {
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let all = flat(text);
    for w in wants {
        assert!(
            all.contains(&flat(w)),
            "{w:?} is not in the letter:\n{text}"
        );
    }
}

#[tokio::test]
async fn every_letter_in_both_languages_is_issued_and_reads_back() {
    let w = world().await;
    let (en, es) = (Language::English, Language::Spanish);
    let common = ["City of Example", "Ana Reporter", REF];

    let t = w.issue(LetterKind::Acknowledgment, en, None).await;
    says(&t, &common);
    says(
        &t,
        &[
            "We received your request",
            "Parking memos of 2025",
            "Olga Ortiz",
        ],
    );
    let t = w.issue(LetterKind::Acknowledgment, es, None).await;
    says(&t, &common);
    says(&t, &["Recibimos su solicitud", "Atentamente"]);

    let t = w
        .issue(
            LetterKind::Clarification,
            en,
            Some("Which lots do you mean?"),
        )
        .await;
    says(&t, &["§7922.600", "Which lots do you mean?"]);
    let t = w
        .issue(
            LetterKind::Clarification,
            es,
            Some("¿Qué estacionamientos?"),
        )
        .await;
    says(&t, &["¿Qué estacionamientos?", "Queremos ayudarle"]);

    let t = w
        .issue(
            LetterKind::Determination,
            en,
            Some("We expect to release them by January 15."),
        )
        .await;
    says(&t, &["§7922.535(a)", "by January 15"]);
    let t = w.issue(LetterKind::Determination, es, None).await;
    says(&t, &["registros públicos divulgables"]);

    // An extension's notice: its days, reason and the new date.
    let before = w.office.request(&w.sue, REF).await.unwrap().due;
    let after = w
        .office
        .extend_request(
            &w.sue,
            REF,
            14,
            "the need to search for and collect the records from field facilities",
        )
        .await
        .unwrap()
        .due;
    let t = w.issue(LetterKind::Extension, en, None).await;
    says(
        &t,
        &[
            "§7922.535(b)",
            "by 14 days",
            "field facilities",
            &after.to_string(),
            &before.to_string(),
        ],
    );
    let t = w.issue(LetterKind::Extension, es, None).await;
    says(&t, &["circunstancias inusuales", &after.to_string()]);

    // An installment out: its cover letter names its numbers, what was withheld under which
    // exemption, the duplication cost and the approving supervisor.
    let root = w.tmp.path().join("collection");
    fixtures::write(&root.join("a.txt"), b"Memo A about the lot.\n");
    fixtures::write(&root.join("b.txt"), b"Memo B about the burglary.\n");
    w.office
        .ingest(
            &w.sue,
            REF,
            &[root],
            IngestOptions {
                ocr: false,
                ..Default::default()
            },
            &|_| {},
        )
        .await
        .unwrap();
    let records = w.office.records(&w.sue, REF).await.unwrap();
    let id = |end: &str| records.iter().find(|r| r.path.ends_with(end)).unwrap().id;
    w.office
        .set_disposition(&w.sue, REF, id("a.txt"), "release")
        .await
        .unwrap();
    w.office
        .withhold(&w.sue, REF, id("b.txt"), POLICE)
        .await
        .unwrap();
    w.office
        .submit_part(&w.olga, REF, &Submission::Installment(None), |_| {})
        .await
        .unwrap();
    w.office.approve(&w.sam, REF, None).await.unwrap();
    let report = w
        .office
        .export(
            &w.olga,
            REF,
            &ExportOptions::new(w.tmp.path().join("out")),
            |_| {},
        )
        .await
        .unwrap();
    // The export's own letter is the office's installment cover letter, as of the approval;
    // a template changed afterwards does not change a re-export of the same approval.
    let printed = w.tmp.path().join("out").join("determination-letter.pdf");
    says(
        &pdftotext(&printed),
        &["Enclosed is installment 1", "Sam Lee", &report.bates_last],
    );
    w.office
        .set_letter_template(&w.sue, "installment", en, Some("Changed: {{reference}}"))
        .await
        .unwrap();
    let again = w.tmp.path().join("again");
    w.office
        .export(&w.olga, REF, &ExportOptions::new(&again), |_| {})
        .await
        .unwrap();
    assert_eq!(
        std::fs::read(&printed).unwrap(),
        std::fs::read(again.join("determination-letter.pdf")).unwrap(),
        "a re-export prints the letter its approval's first export printed"
    );
    w.office
        .set_letter_template(&w.sue, "installment", en, None)
        .await
        .unwrap();
    let t = w.issue(LetterKind::Installment, en, None).await;
    says(
        &t,
        &[
            "installment 1",
            &report.bates_first,
            &report.bates_last,
            "Sam Lee",
            "§7922.540",
            "Law enforcement",
            &format!("${}.{:02}", report.pages / 10, (report.pages * 10) % 100),
        ],
    );
    let t = w.issue(LetterKind::Installment, es, None).await;
    says(&t, &["entrega 1", "Sam Lee", "Retuvimos"]);
    let t = w.issue(LetterKind::Final, en, None).await;
    says(&t, &["final determination", "Sam Lee", &report.bates_last]);
    let t = w.issue(LetterKind::Final, es, None).await;
    says(&t, &["determinación final", "Sam Lee"]);

    // No records: for a request with none released.
    w.office
        .create_request(
            &w.sue,
            "PRA-2026-0401",
            "Ben Writer",
            "2026-11-21",
            "Drone logs",
        )
        .await
        .unwrap();
    for (lang, want) in [
        (en, "We found no records"),
        (es, "No encontramos registros"),
    ] {
        let l = w
            .office
            .issue_letter(&w.olga, "PRA-2026-0401", LetterKind::NoRecords, lang, None)
            .await
            .unwrap();
        let pdf = w
            .office
            .letter_pdf(&w.sue, "PRA-2026-0401", l.id)
            .await
            .unwrap();
        let path = w.tmp.path().join(format!("no-records-{lang}.pdf"));
        std::fs::write(&path, pdf).unwrap();
        says(&pdftotext(&path), &["Ben Writer", want]);
    }

    // The correspondence lists them, in order; each is in the audit log.
    let letters = w.office.letters(&w.sue, REF).await.unwrap();
    assert_eq!(letters.len(), 12);
    assert_eq!(letters[0].kind, "acknowledgment");
    assert_eq!(letters[1].language, "es");
    let log = w.office.audit_log(&w.sue, None, 0, 1000).await.unwrap();
    let issued = log.iter().filter(|e| e.action == "letter.issue").count();
    assert_eq!(issued, 14);
}

#[tokio::test]
async fn what_a_letter_cannot_say_is_refused_and_nothing_is_issued() {
    let w = world().await;
    let en = Language::English;
    for (kind, note, why) in [
        (LetterKind::Extension, None, "has not been extended"),
        (LetterKind::Clarification, None, "needs the question"),
        (LetterKind::Installment, None, "no release that went out"),
        (LetterKind::Final, None, "no release that went out"),
    ] {
        let e = w
            .office
            .issue_letter(&w.olga, REF, kind, en, note)
            .await
            .unwrap_err();
        assert!(e.message.contains(why), "{kind}: {}", e.message);
    }
    // A clerk does not write to requesters.
    let carl = new_user(&w.office, &w.sue, "carl", Role::Clerk, "Carl Cho").await;
    assert!(
        w.office
            .issue_letter(&carl, REF, LetterKind::Acknowledgment, en, None)
            .await
            .is_err()
    );
    // A closed request gets no letter.
    w.office
        .change_request_state(
            &w.sue,
            REF,
            StateRequest::Close(ClosedAs::Withdrawn),
            "the requester withdrew it",
        )
        .await
        .unwrap();
    let e = w
        .office
        .issue_letter(&w.olga, REF, LetterKind::Acknowledgment, en, None)
        .await
        .unwrap_err();
    assert!(e.message.contains("is closed"), "{}", e.message);
    assert!(w.office.letters(&w.sue, REF).await.unwrap().is_empty());
}

#[tokio::test]
async fn supervisors_edit_the_templates_and_a_field_that_does_not_exist_is_refused() {
    let w = world().await;
    let en = Language::English;
    let shipped = w
        .office
        .letter_template(&w.sue, "acknowledgment", en)
        .await
        .unwrap();
    assert!(!shipped.edited);
    // A field that does not exist: refused, and the template is as it was.
    let e = w
        .office
        .set_letter_template(&w.sue, "acknowledgment", en, Some("Dear {{requestor}}"))
        .await
        .unwrap_err();
    assert!(
        e.message.contains("\"requestor\" that does not exist"),
        "{}",
        e.message
    );
    let e = w
        .office
        .set_letter_template(&w.sue, "memo", en, Some("x"))
        .await
        .unwrap_err();
    assert!(e.message.contains("no letter template"), "{}", e.message);
    assert_eq!(
        w.office
            .letter_template(&w.sue, "acknowledgment", en)
            .await
            .unwrap()
            .text,
        shipped.text
    );
    // An officer may not change one.
    assert!(
        w.office
            .set_letter_template(&w.olga, "acknowledgment", en, Some("{{reference}}"))
            .await
            .is_err()
    );
    // The letterhead and the letter, edited: the preview shows them.
    w.office
        .set_letter_template(&w.sue, "letterhead", en, Some("{{agency}}\n1 Civic Plaza"))
        .await
        .unwrap();
    w.office
        .set_letter_template(
            &w.sue,
            "acknowledgment",
            en,
            Some(
                "{{letterhead}}\n\nRequest {{reference}} is logged; due {{due}}.\n\n{{signature}}",
            ),
        )
        .await
        .unwrap();
    let p = w
        .office
        .preview_letter(&w.olga, REF, LetterKind::Acknowledgment, en, None)
        .await
        .unwrap();
    assert!(
        p.text.starts_with("City of Example\n1 Civic Plaza\n"),
        "{}",
        p.text
    );
    assert!(
        p.text.contains(&format!("Request {REF} is logged")),
        "{}",
        p.text
    );
    assert!(p.text.contains("Olga Ortiz"), "{}", p.text);
    // A preview issues nothing; reset brings the shipped text back.
    assert!(w.office.letters(&w.sue, REF).await.unwrap().is_empty());
    let back = w
        .office
        .set_letter_template(&w.sue, "acknowledgment", en, None)
        .await
        .unwrap();
    assert_eq!(back.text, shipped.text);
    assert!(!back.edited);
    let log = w.office.audit_log(&w.sue, None, 0, 1000).await.unwrap();
    assert_eq!(
        log.iter().filter(|e| e.action == "letter.template").count(),
        3
    );
}
