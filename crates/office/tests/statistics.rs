//! The office's statistics on a history whose answers are known: six requests received,
//! determined, extended, released and closed on days set by the office's clock, and the
//! figures of the first quarter of 2026 counted by hand.

use testkit as fixtures;

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use model::FixedClock;
use office::{
    Actor, ClosedAs, Config, ExportOptions, IngestOptions, Office, RedactBy, RedactTarget, Role,
    StateRequest,
};

mod common;
use common::{PW, new_user};

const PRIVACY: &str = "7927.700";
const POLICE: &str = "7923.600";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct World {
    tmp: tempfile::TempDir,
    clock: Arc<FixedClock>,
    office: Office,
    sue: Actor,
    olga: Actor,
    sam: Actor,
}

impl World {
    /// Noon UTC of `d` (the same day in the workstation's zone, here UTC).
    fn on(&self, d: &str) {
        let d = day(d);
        self.clock
            .set(Utc.from_utc_datetime(&d.and_hms_opt(12, 0, 0).unwrap()));
    }

    async fn request(&self, reference: &str, received: &str) {
        self.office
            .create_request(&self.sue, reference, "A. Reporter", received, "Records")
            .await
            .unwrap();
    }

    async fn close(&self, reference: &str, why: ClosedAs) {
        self.office
            .change_request_state(&self.sue, reference, StateRequest::Close(why), "done")
            .await
            .unwrap();
    }
}

async fn world() -> World {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2025, 12, 1, 12, 0, 0).unwrap(),
    ));
    let config = Config::new(fixtures::office_dir(tmp.path().join("office")).await)
        .with_clock(clock.clone());
    let office = Office::init(config, "sue", "Sue Park", PW).await.unwrap();
    let sue = office.sign_in("sue", PW).await.unwrap();
    new_user(&office, &sue, "olga", Role::Officer, "Olga Ortiz").await;
    new_user(&office, &sue, "sam", Role::Supervisor, "Sam Lee").await;
    let olga = office.sign_in("olga", PW).await.unwrap();
    let sam = office.sign_in("sam", PW).await.unwrap();
    World {
        tmp,
        clock,
        office,
        sue,
        olga,
        sam,
    }
}

#[tokio::test]
async fn the_report_counts_a_known_history() {
    let w = world().await;
    // R5: received before the period, closed in it (no records) after 6 days.
    w.on("2025-12-28");
    w.request("R-5", "2025-12-28").await;
    w.on("2026-01-03");
    w.close("R-5", ClosedAs::NoRecords).await;
    // R1: no records, 4 days.
    w.on("2026-01-05");
    w.request("R-1", "2026-01-05").await;
    w.on("2026-01-09");
    w.close("R-1", ClosedAs::NoRecords).await;
    // R2: denied after 20 days, past its due date: late.
    w.on("2026-01-10");
    w.request("R-2", "2026-01-10").await;
    w.on("2026-01-30");
    w.close("R-2", ClosedAs::Denied).await;
    // R3: extended by 14 days, then withdrawn (19 days) before its new due date: not late.
    w.on("2026-02-01");
    w.request("R-3", "2026-02-01").await;
    w.on("2026-02-05");
    w.office
        .extend_request(
            &w.sue,
            "R-3",
            14,
            "the need to search for and collect the records from field facilities",
        )
        .await
        .unwrap();
    w.on("2026-02-20");
    w.close("R-3", ClosedAs::Withdrawn).await;
    // R6: two records, one redacted and one withheld, released after 5 days, closed as
    // fulfilled after 19.
    w.on("2026-02-10");
    w.request("R-6", "2026-02-10").await;
    let root = w.tmp.path().join("r6");
    fixtures::write(&root.join("a.txt"), b"Call Mr. Lathrop about the permit.\n");
    fixtures::write(&root.join("b.txt"), b"The burglary report.\n");
    w.office
        .ingest(
            &w.sue,
            "R-6",
            &[root],
            IngestOptions {
                ocr: false,
                ..Default::default()
            },
            &|_| {},
        )
        .await
        .unwrap();
    let records = w.office.records(&w.sue, "R-6").await.unwrap();
    let id = |end: &str| records.iter().find(|r| r.path.ends_with(end)).unwrap().id;
    w.office
        .redact(
            &w.sue,
            "R-6",
            &RedactBy::Text {
                value: "Lathrop".into(),
                ignore_case: false,
            },
            RedactTarget::Doc(id("a.txt")),
            PRIVACY,
            None,
        )
        .await
        .unwrap();
    w.office
        .set_disposition(&w.sue, "R-6", id("a.txt"), "redact")
        .await
        .unwrap();
    w.office
        .withhold(&w.sue, "R-6", id("b.txt"), POLICE)
        .await
        .unwrap();
    w.on("2026-02-15");
    w.office.submit(&w.olga, "R-6").await.unwrap();
    w.office.approve(&w.sam, "R-6", None).await.unwrap();
    let exported = w
        .office
        .export(
            &w.olga,
            "R-6",
            &ExportOptions::new(w.tmp.path().join("r6-out")),
            |_| {},
        )
        .await
        .unwrap();
    w.on("2026-03-01");
    w.close("R-6", ClosedAs::Fulfilled).await;
    // R4: received late in March, never answered: late once its due date has passed.
    w.on("2026-03-20");
    w.request("R-4", "2026-03-20").await;

    w.on("2026-04-15");
    let s = w
        .office
        .statistics(&w.sue, day("2026-01-01"), day("2026-03-31"))
        .await
        .unwrap();
    assert_eq!(s.received, 5, "R1, R2, R3, R4, R6 (R5 came in December)");
    assert_eq!(s.closed, 5, "R5, R1, R2, R3, R6");
    let closed_as: Vec<(&str, u64)> = s.closed_as.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        closed_as,
        vec![
            ("denied", 1),
            ("fulfilled", 1),
            ("no-records", 2),
            ("withdrawn", 1)
        ]
    );
    // First determinations: R1 4, R6 5, R5 6, R2 20 days.
    assert_eq!(s.days_to_determination.count, 4);
    assert_eq!(s.days_to_determination.median, Some(5.5));
    assert_eq!(s.days_to_determination.p90, Some(20));
    // Closings: R1 4, R5 6, R3 19, R6 19, R2 20 days.
    assert_eq!(s.days_to_close.count, 5);
    assert_eq!(s.days_to_close.median, Some(19.0));
    assert_eq!(s.days_to_close.p90, Some(20));
    assert_eq!(
        s.late, 2,
        "R2 (determined after its due date) and R4 (never)"
    );
    assert_eq!(s.extensions, 1);
    assert_eq!(s.installments, 1);
    assert_eq!(s.pages_released, exported.pages as u64);
    let cited: Vec<(&str, u64)> = s
        .exemptions_cited
        .iter()
        .map(|c| (c.code.as_str(), c.records))
        .collect();
    assert_eq!(cited, vec![(POLICE, 1), (PRIVACY, 1)]);
    let months: Vec<(&str, u64, u64)> = s
        .per_month
        .iter()
        .map(|m| (m.month.as_str(), m.received, m.closed))
        .collect();
    assert_eq!(
        months,
        vec![("2026-01", 2, 3), ("2026-02", 2, 1), ("2026-03", 1, 1)]
    );
    let buckets: Vec<u64> = s.days_to_close_histogram.iter().map(|b| b.count).collect();
    assert_eq!(buckets, vec![2, 3, 0, 0, 0]);

    // A period before R4 fell due: it is not late yet.
    let early = w
        .office
        .statistics(&w.sue, day("2026-03-01"), day("2026-03-25"))
        .await
        .unwrap();
    assert_eq!(early.late, 0);
    assert_eq!(early.received, 1);

    // The CSV and the PDF say the same.
    let csv = office::statistics_csv(&s);
    assert!(csv.contains("received,5\n"), "{csv}");
    assert!(csv.contains("days to close: median,19\n"), "{csv}");
    let pdf = w.tmp.path().join("q1.pdf");
    w.office.statistics_pdf(&w.sue, &s, &pdf).await.unwrap();
    let text = String::from_utf8(
        std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(text.contains("Requests received: 5"), "{text}");
    assert!(
        text.contains("median 19 days, 90th percentile 20 days"),
        "{text}"
    );
    // Not over an existing file; not a period that ends before it begins; not for a clerk.
    assert!(w.office.statistics_pdf(&w.sue, &s, &pdf).await.is_err());
    let e = w
        .office
        .statistics(&w.sue, day("2026-03-31"), day("2026-01-01"))
        .await
        .unwrap_err();
    assert!(e.message.contains("before it begins"), "{}", e.message);
    let carl = new_user(&w.office, &w.sue, "carl", Role::Clerk, "Carl Cho").await;
    assert!(
        w.office
            .statistics(&carl, day("2026-01-01"), day("2026-03-31"))
            .await
            .is_err()
    );
}
