//! A request released in installments: each its own submission, approval and export; Bates
//! numbers that follow on; each installment's exemption log and the request's cumulative
//! one; a record changed after it went out carried again as a corrected copy, named as such;
//! and what cannot be an installment refused with nothing changed.

use testkit as fixtures;

use std::path::{Path, PathBuf};
use std::process::Command;

use office::{
    Actor, Config, ExportOptions, IngestOptions, Office, RecordId, RedactBy, RedactTarget,
    RequestState, Role, Submission,
};

mod common;
use common::{PW, new_user};

const REF: &str = "PRA-2026-0300";
const PRIVACY: &str = "7927.700";
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
    office
        .create_request(&sue, REF, "A. Reporter", "2026-11-20", "Parking memos")
        .await
        .unwrap();
    let root = tmp.path().join("collection");
    for (name, text) in [
        ("a.txt", "Memo A. The lot on Elm Street opens in May.\n"),
        ("b.txt", "Memo B. Call Mr. Lathrop about the permit.\n"),
        ("c.txt", "Memo C. The burglary report names Quimby.\n"),
        ("d.txt", "Memo D. Zelda Quill asked for a refund.\n"),
    ] {
        fixtures::write(&root.join(name), text.as_bytes());
    }
    let opts = IngestOptions {
        ocr: false,
        ..Default::default()
    };
    office
        .ingest(&sue, REF, &[root], opts, &|_| {})
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
    async fn id(&self, name: &str) -> RecordId {
        self.office
            .records(&self.sue, REF)
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.path.ends_with(name))
            .unwrap_or_else(|| panic!("no record {name}"))
            .id
    }

    async fn redact(&self, id: RecordId, value: &str) {
        self.office
            .redact(
                &self.sue,
                REF,
                &RedactBy::Text {
                    value: value.into(),
                    ignore_case: false,
                },
                RedactTarget::Doc(id),
                PRIVACY,
                None,
            )
            .await
            .unwrap();
        self.office
            .set_disposition(&self.sue, REF, id, "redact")
            .await
            .unwrap();
    }

    async fn installment(&self, out: &str) -> PathBuf {
        let info = self
            .office
            .submit_part(&self.olga, REF, &Submission::Installment(None), |_| {})
            .await
            .unwrap();
        assert!(info.installment.is_some());
        self.office.approve(&self.sam, REF, None).await.unwrap();
        let out = self.tmp.path().join(out);
        self.office
            .export(&self.olga, REF, &ExportOptions::new(&out), |_| {})
            .await
            .unwrap();
        out
    }
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap()
}

fn pdftotext(p: &Path) -> String {
    let o = Command::new("pdftotext").arg(p).arg("-").output().unwrap();
    assert!(o.status.success(), "pdftotext {}", p.display());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The number after the Bates prefix.
fn number(bates: &serde_json::Value) -> u64 {
    bates
        .as_str()
        .unwrap()
        .rsplit('-')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn two_installments_continue_their_bates_numbers_and_log_each_and_all() {
    let w = world().await;
    let (a, b, c, d) = (
        w.id("a.txt").await,
        w.id("b.txt").await,
        w.id("c.txt").await,
        w.id("d.txt").await,
    );
    // Installment 1: a released, b redacted, c withheld; d is not decided yet and waits.
    w.office
        .set_disposition(&w.sue, REF, a, "release")
        .await
        .unwrap();
    w.redact(b, "Lathrop").await;
    w.office.withhold(&w.sue, REF, c, POLICE).await.unwrap();
    let out1 = w.installment("installment-1").await;
    let m1 = manifest(&out1);
    assert_eq!(m1["request"]["installment"], 1);
    let ids1: Vec<i64> = m1["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["doc_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids1, vec![a.0, b.0, c.0], "d waits for a later installment");
    assert_eq!(number(&m1["bates"]["first"]), 1);
    let last1 = number(&m1["bates"]["last"]);
    assert_eq!(last1, m1["bates"]["pages"].as_u64().unwrap());
    let log1 = std::fs::read_to_string(out1.join("exemption-log.csv")).unwrap();
    assert_eq!(log1.lines().count(), 3, "b and c: {log1}");

    // Nothing new decided and nothing changed: no installment 2, and nothing changes.
    let e = w
        .office
        .submit_part(&w.olga, REF, &Submission::Installment(None), |_| {})
        .await
        .unwrap_err();
    assert!(
        e.message.contains("nothing to release in installment 2")
            && e.message.contains("1 record(s) have no decision yet")
            && e.message.contains("3 went out"),
        "{}",
        e.message
    );
    let approval = w.office.approval(&w.sue, REF).await.unwrap().unwrap();
    assert_eq!(
        approval.installment,
        Some(1),
        "the last submission is still 1"
    );

    // d decided; a, already released, gets a redaction: it is flagged, and goes again.
    w.redact(d, "Zelda Quill").await;
    w.redact(a, "Elm Street").await;
    let before = w.office.installments(&w.sue, REF).await.unwrap();
    assert_eq!(before.installments.len(), 1);
    assert_eq!(
        before
            .changed
            .iter()
            .map(|c| (c.doc_id, c.installment))
            .collect::<Vec<_>>(),
        vec![(a, 1)]
    );
    let out2 = w.installment("installment-2").await;
    let m2 = manifest(&out2);
    assert_eq!(m2["request"]["installment"], 2);
    assert_eq!(
        number(&m2["bates"]["first"]),
        last1 + 1,
        "Bates numbers follow on from installment 1"
    );
    let ids2: Vec<i64> = m2["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["doc_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids2, vec![a.0, d.0]);
    let first_file = m2["records"][0]["file"].as_str().unwrap();
    assert!(
        first_file.contains(&format!("{:06}", last1 + 1)),
        "{first_file}"
    );

    // Its own log: a (a corrected copy, named as such) and d.
    let log2 = std::fs::read_to_string(out2.join("exemption-log.csv")).unwrap();
    assert_eq!(log2.lines().count(), 3, "{log2}");
    assert!(
        log2.contains("corrected copy of the record released in installment 1"),
        "{log2}"
    );
    // The cumulative log: installment 1's rows, then 2's, each with its installment.
    let all = std::fs::read_to_string(out2.join("exemption-log-cumulative.csv")).unwrap();
    let rows: Vec<&str> = all.lines().skip(1).collect();
    assert_eq!(rows.len(), 4, "{all}");
    assert!(all.lines().next().unwrap().starts_with("installment,"));
    let installment_of = |id: RecordId| -> Vec<&str> {
        rows.iter()
            .filter(|r| r.split(',').nth(3) == Some(&id.0.to_string()))
            .map(|r| r.split(',').next().unwrap())
            .collect()
    };
    assert_eq!(installment_of(b), vec!["1"]);
    assert_eq!(installment_of(c), vec!["1"]);
    assert_eq!(installment_of(a), vec!["2"]);
    assert_eq!(installment_of(d), vec!["2"]);
    let cumulative_pdf = pdftotext(&out2.join("exemption-log-cumulative.pdf"));
    assert!(cumulative_pdf.contains("Cumulative exemption log"));
    assert!(cumulative_pdf.contains("Installment 1"));
    assert!(cumulative_pdf.contains("Installment 2"));
    // The letter says which installment it covers.
    let letter = pdftotext(&out2.join("determination-letter.pdf"));
    assert!(letter.contains("installment 2"), "{letter}");
    // Nothing redacted is readable in either installment.
    for out in [&out1, &out2] {
        let text = pdftotext(&out.join(format!("{REF}-release.pdf")));
        for secret in ["Lathrop", "Quimby", "burglary", "Zelda", "Quill"] {
            assert!(!text.contains(secret), "{secret} in {}", out.display());
        }
    }
    // Elm Street went out in installment 1 (before it was redacted), not in 2.
    assert!(pdftotext(&out1.join(format!("{REF}-release.pdf"))).contains("Elm Street"));
    assert!(!pdftotext(&out2.join(format!("{REF}-release.pdf"))).contains("Elm Street"));

    // Both verify; installment 1's review has moved on (a changed), 2's has not.
    let v2 = w.office.verify_export(&w.sue, &out2).await.unwrap();
    assert!(v2.ok && v2.current, "{:?}", v2.problems);
    assert_eq!(v2.records_checked, 2);
    let v1 = w.office.verify_export(&w.sue, &out1).await.unwrap();
    assert!(v1.ok && !v1.current, "{:?}", v1.problems);

    // What went out in which installment.
    let after = w.office.installments(&w.sue, REF).await.unwrap();
    assert_eq!(after.installments.len(), 2);
    assert!(after.changed.is_empty());
    assert_eq!(after.installments[1].bates_first, last1 + 1);
    assert_eq!(after.installments[1].summary.corrected, 1);
    let released: Vec<(RecordId, u32)> = after.released.into_iter().collect();
    assert_eq!(released, vec![(a, 2), (b, 1), (c, 1), (d, 2)]);
    let req = w.office.request(&w.sue, REF).await.unwrap();
    assert_eq!(req.state, RequestState::PartlyReleased);

    // Everything has gone out: the request's last release has nothing left.
    let e = w.office.submit(&w.olga, REF).await.unwrap_err();
    assert!(
        e.message.contains("nothing to release in installment 3"),
        "{}",
        e.message
    );
}

#[tokio::test]
async fn what_cannot_be_an_installment_is_refused_and_changes_nothing() {
    let w = world().await;
    let (a, b) = (w.id("a.txt").await, w.id("b.txt").await);
    // Picked records must be decided.
    let e = w
        .office
        .submit_part(
            &w.olga,
            REF,
            &Submission::Installment(Some(vec![a])),
            |_| {},
        )
        .await
        .unwrap_err();
    assert!(e.message.contains("no disposition"), "{}", e.message);
    assert!(w.office.approval(&w.sue, REF).await.unwrap().is_none());
    // An empty selection.
    let e = w
        .office
        .submit_part(&w.olga, REF, &Submission::Installment(Some(vec![])), |_| {})
        .await
        .unwrap_err();
    assert!(e.message.contains("names no record"), "{}", e.message);
    // Only the picked record goes; an approved installment must be exported before the next.
    w.office
        .set_undecided(&w.sue, REF, "release")
        .await
        .unwrap();
    w.office
        .submit_part(
            &w.olga,
            REF,
            &Submission::Installment(Some(vec![a])),
            |_| {},
        )
        .await
        .unwrap();
    w.office.approve(&w.sam, REF, None).await.unwrap();
    let e = w
        .office
        .submit_part(
            &w.olga,
            REF,
            &Submission::Installment(Some(vec![b])),
            |_| {},
        )
        .await
        .unwrap_err();
    assert!(
        e.message.contains("installment 1") && e.message.contains("not been exported"),
        "{}",
        e.message
    );
    let approval = w.office.approval(&w.sue, REF).await.unwrap().unwrap();
    assert_eq!(approval.installment, Some(1));
    assert_eq!(approval.summary.records, 1);

    // A request released whole cannot go on in installments.
    let other = "PRA-2026-0301";
    w.office
        .create_request(&w.sue, other, "B. Writer", "2026-11-21", "Other")
        .await
        .unwrap();
    let root = w.tmp.path().join("other");
    fixtures::write(&root.join("e.txt"), b"Memo E.\n");
    w.office
        .ingest(
            &w.sue,
            other,
            &[root],
            IngestOptions {
                ocr: false,
                ..Default::default()
            },
            &|_| {},
        )
        .await
        .unwrap();
    w.office
        .set_undecided(&w.sue, other, "release")
        .await
        .unwrap();
    w.office.submit(&w.olga, other).await.unwrap();
    w.office.approve(&w.sam, other, None).await.unwrap();
    w.office
        .export(
            &w.olga,
            other,
            &ExportOptions::new(w.tmp.path().join("whole")),
            |_| {},
        )
        .await
        .unwrap();
    let e = w
        .office
        .submit_part(&w.olga, other, &Submission::Installment(None), |_| {})
        .await
        .unwrap_err();
    assert!(e.message.contains("released whole"), "{}", e.message);
}
