//! The office's statistics for a period: what a records officer reports each year. Each
//! figure counts what happened in the period by the day it happened:
//!
//! - received: requests received in the period;
//! - closed: requests whose closing falls in the period (a request closed twice, once a
//!   period, counts in each), by why they were closed;
//! - days to the first determination: for each request first determined in the period
//!   (its first installment out, or its closing as no records or denied), the calendar days
//!   since it was received — median, and 90th percentile by nearest rank;
//! - days to close: the same, from receipt to its closing in the period;
//! - late: requests whose determination fell due in the period (by the last day before today)
//!   and were not determined by then (a request withdrawn by then owed none);
//! - extensions given, and installments (releases) first exported in the period, with their
//!   pages;
//! - exemptions cited: per code, the records of those releases withheld under it or
//!   redacted under it (a record once per code).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::approval::ReleaseSet;
use crate::{Actor, ApiError, Office, Result};
use model::{Action, Disposition, Request};

/// A median and a 90th percentile of days.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Spread {
    pub count: u64,
    pub median: Option<f64>,
    pub p90: Option<i64>,
}

impl Spread {
    pub fn of(mut days: Vec<i64>) -> Spread {
        days.sort_unstable();
        let n = days.len();
        if n == 0 {
            return Spread::default();
        }
        let median = if n % 2 == 1 {
            days[n / 2] as f64
        } else {
            (days[n / 2 - 1] + days[n / 2]) as f64 / 2.0
        };
        // Nearest rank: the smallest value with at least 90 % of the values at or below it.
        let rank = (9 * n).div_ceil(10);
        Spread {
            count: n as u64,
            median: Some(median),
            p90: Some(days[rank - 1]),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthCount {
    /// `2026-03`.
    pub month: String,
    pub received: u64,
    pub closed: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cited {
    pub code: String,
    pub label: String,
    pub records: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Bucket {
    pub label: String,
    pub count: u64,
}

/// The office's figures for a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficeStatistics {
    pub from: String,
    pub to: String,
    pub received: u64,
    pub closed: u64,
    /// Closed, by why (fulfilled, withdrawn, no-records, denied).
    pub closed_as: BTreeMap<String, u64>,
    pub days_to_determination: Spread,
    pub days_to_close: Spread,
    pub late: u64,
    pub extensions: u64,
    pub installments: u64,
    pub pages_released: u64,
    pub exemptions_cited: Vec<Cited>,
    pub per_month: Vec<MonthCount>,
    /// Days from receipt to closing, for the requests closed in the period.
    pub days_to_close_histogram: Vec<Bucket>,
}

/// What the figures are counted from.
pub(crate) struct Facts<'a> {
    pub requests: &'a [Request],
    pub closings: &'a [store::Closing],
    pub extension_times: &'a [(model::RequestId, String)],
    /// Releases first exported in the period, with their frozen sets.
    pub releases: &'a [(store::ReleaseOut, ReleaseSet)],
}

/// The buckets of the days-to-close chart (upper bounds, inclusive; the last is open).
const CLOSE_BUCKETS: &[(i64, &str)] = &[
    (10, "0–10 days"),
    (24, "11–24 days"),
    (60, "25–60 days"),
    (180, "61–180 days"),
    (i64::MAX, "over 180 days"),
];

/// The figures of `from..=to` (`today`: late counts only due dates before it).
pub(crate) fn compute(
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    f: &Facts<'_>,
) -> OfficeStatistics {
    let within = |d: NaiveDate| d >= from && d <= to;
    let by_id: BTreeMap<model::RequestId, &Request> =
        f.requests.iter().map(|r| (r.id, r)).collect();
    let received: Vec<&Request> = f.requests.iter().filter(|r| within(r.received)).collect();
    let closings: Vec<(&Request, NaiveDate)> = f
        .closings
        .iter()
        .filter(|c| within(c.on))
        .filter_map(|c| by_id.get(&c.request).map(|r| (*r, c.on)))
        .collect();
    let mut closed_as = BTreeMap::new();
    for (r, _) in &closings {
        // Why it was closed: as it stands (a request closed twice in a period counts as
        // it was last closed).
        let why = r.closed_as.map_or("reopened since", |c| c.as_str());
        *closed_as.entry(why.to_string()).or_insert(0) += 1;
    }
    let determined: Vec<i64> = f
        .requests
        .iter()
        .filter_map(|r| {
            r.determined_on
                .filter(|d| within(*d))
                .map(|d| (d - r.received).num_days())
        })
        .collect();
    let to_close: Vec<i64> = closings
        .iter()
        .map(|(r, on)| (*on - r.received).num_days())
        .collect();
    // A request withdrawn (closed without a determination) by its due date owed none.
    let mut first_closed: BTreeMap<model::RequestId, NaiveDate> = BTreeMap::new();
    for c in f.closings {
        first_closed.entry(c.request).or_insert(c.on);
    }
    let late_until = to.min(today.pred_opt().unwrap_or(today));
    let late = f
        .requests
        .iter()
        .filter(|r| r.due >= from && r.due <= late_until)
        .filter(|r| match r.determined_on {
            Some(d) => d > r.due,
            None => first_closed.get(&r.id).is_none_or(|c| *c > r.due),
        })
        .count() as u64;
    let extensions = f
        .extension_times
        .iter()
        .filter(|(_, at)| {
            NaiveDate::parse_from_str(at.get(..10).unwrap_or(""), "%Y-%m-%d").is_ok_and(within)
        })
        .count() as u64;
    let mut cited: BTreeMap<String, (String, u64)> = BTreeMap::new();
    for (_, set) in f.releases {
        for e in &set.records {
            let mut codes: Vec<&String> = vec![];
            match e.disposition {
                Disposition::Withhold => codes.extend(&e.exemptions),
                Disposition::Redact => codes.extend(e.redactions.iter().map(|d| &d.code)),
                _ => {}
            }
            codes.sort();
            codes.dedup();
            for c in codes {
                let label = set.labels.get(c).cloned().unwrap_or_else(|| c.clone());
                cited.entry(c.clone()).or_insert((label, 0)).1 += 1;
            }
        }
    }
    let mut exemptions_cited: Vec<Cited> = cited
        .into_iter()
        .map(|(code, (label, records))| Cited {
            code,
            label,
            records,
        })
        .collect();
    exemptions_cited.sort_by(|a, b| b.records.cmp(&a.records).then(a.code.cmp(&b.code)));
    let month = |d: NaiveDate| format!("{:04}-{:02}", d.year(), d.month());
    let mut per_month: BTreeMap<String, MonthCount> = BTreeMap::new();
    let mut m = NaiveDate::from_ymd_opt(from.year(), from.month(), 1).unwrap_or(from);
    while m <= to {
        per_month.insert(
            month(m),
            MonthCount {
                month: month(m),
                received: 0,
                closed: 0,
            },
        );
        m = m
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(NaiveDate::MAX);
    }
    for r in &received {
        if let Some(c) = per_month.get_mut(&month(r.received)) {
            c.received += 1;
        }
    }
    for (_, on) in &closings {
        if let Some(c) = per_month.get_mut(&month(*on)) {
            c.closed += 1;
        }
    }
    let days_to_close_histogram = {
        let mut lower = i64::MIN;
        CLOSE_BUCKETS
            .iter()
            .map(|(upper, label)| {
                let count = to_close
                    .iter()
                    .filter(|d| **d > lower && **d <= *upper)
                    .count() as u64;
                lower = *upper;
                Bucket {
                    label: label.to_string(),
                    count,
                }
            })
            .collect()
    };
    OfficeStatistics {
        from: from.to_string(),
        to: to.to_string(),
        received: received.len() as u64,
        closed: closings.len() as u64,
        closed_as,
        days_to_determination: Spread::of(determined),
        days_to_close: Spread::of(to_close),
        late,
        extensions,
        installments: f.releases.len() as u64,
        pages_released: f.releases.iter().map(|(r, _)| r.pages).sum(),
        exemptions_cited,
        per_month: per_month.into_values().collect(),
        days_to_close_histogram,
    }
}

/// The figures as CSV: one `figure,value` line each, then the exemptions and the months.
pub fn statistics_csv(s: &OfficeStatistics) -> String {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let mut out = String::from("figure,value\n");
    let mut line = |k: &str, v: String| {
        out.push_str(&export::csv_field(k));
        out.push(',');
        out.push_str(&export::csv_field(&v));
        out.push('\n');
    };
    line("from", s.from.clone());
    line("to", s.to.clone());
    line("received", s.received.to_string());
    line("closed", s.closed.to_string());
    for (why, n) in &s.closed_as {
        line(&format!("closed: {why}"), n.to_string());
    }
    line("determined", s.days_to_determination.count.to_string());
    line(
        "days to first determination: median",
        opt(s.days_to_determination.median.map(|m| m.to_string())),
    );
    line(
        "days to first determination: 90th percentile",
        opt(s.days_to_determination.p90.map(|m| m.to_string())),
    );
    line(
        "days to close: median",
        opt(s.days_to_close.median.map(|m| m.to_string())),
    );
    line(
        "days to close: 90th percentile",
        opt(s.days_to_close.p90.map(|m| m.to_string())),
    );
    line("late", s.late.to_string());
    line("extensions", s.extensions.to_string());
    line("installments", s.installments.to_string());
    line("pages released", s.pages_released.to_string());
    for c in &s.exemptions_cited {
        line(
            &format!("exemption cited: {} ({})", c.code, c.label),
            c.records.to_string(),
        );
    }
    for m in &s.per_month {
        line(&format!("received in {}", m.month), m.received.to_string());
        line(&format!("closed in {}", m.month), m.closed.to_string());
    }
    out
}

/// The figures in words, as the report's PDF prints them.
pub fn statistics_text(s: &OfficeStatistics, agency: &str) -> String {
    let days = |sp: &Spread| match (sp.median, sp.p90) {
        (Some(m), Some(p)) => format!(
            "median {m} days, 90th percentile {p} days ({} requests)",
            sp.count
        ),
        _ => "none in the period".to_string(),
    };
    let mut t = String::from("Public records requests: the office's figures\n");
    if !agency.trim().is_empty() {
        t.push_str(&format!("{agency}\n"));
    }
    t.push_str(&format!("From {} to {}\n\n", s.from, s.to));
    t.push_str(&format!("Requests received: {}\n", s.received));
    t.push_str(&format!("Requests closed: {}", s.closed));
    if !s.closed_as.is_empty() {
        let why: Vec<String> = s
            .closed_as
            .iter()
            .map(|(w, n)| format!("{w} {n}"))
            .collect();
        t.push_str(&format!(" ({})", why.join(", ")));
    }
    t.push('\n');
    t.push_str(&format!(
        "Days to the first determination: {}\n",
        days(&s.days_to_determination)
    ));
    t.push_str(&format!("Days to close: {}\n", days(&s.days_to_close)));
    t.push_str(&format!(
        "Requests late (not determined by their due date): {}\n",
        s.late
    ));
    t.push_str(&format!("Extensions given: {}\n", s.extensions));
    t.push_str(&format!(
        "Installments released: {}, with {} pages\n\n",
        s.installments, s.pages_released
    ));
    t.push_str("Exemptions cited (records withheld or redacted under each)\n");
    if s.exemptions_cited.is_empty() {
        t.push_str("  none\n");
    }
    for c in &s.exemptions_cited {
        t.push_str(&format!("  {} — {}: {}\n", c.code, c.label, c.records));
    }
    t.push_str("\nRequests per month (received / closed)\n");
    for m in &s.per_month {
        t.push_str(&format!("  {}: {} / {}\n", m.month, m.received, m.closed));
    }
    t.push_str("\nDays from receipt to closing\n");
    for b in &s.days_to_close_histogram {
        t.push_str(&format!("  {}: {}\n", b.label, b.count));
    }
    t
}

impl Office {
    /// The office's statistics for the days `from..=to` (records officers and supervisors).
    pub async fn statistics(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<OfficeStatistics> {
        if from > to {
            return Err(ApiError::invalid(format!(
                "the period ends ({to}) before it begins ({from})"
            )));
        }
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::ReadStatistics)
            .await?;
        let requests = tx.requests().await?;
        let closings = tx.closings().await?;
        let extension_times = tx.extension_times().await?;
        let releases = tx
            .releases_out(from, to)
            .await?
            .into_iter()
            .map(|r| {
                let set: ReleaseSet = serde_json::from_str(&r.release_set).map_err(|e| {
                    ApiError::internal(format!("approval {}: release set: {e}", r.approval))
                })?;
                Ok((r, set))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(compute(
            from,
            to,
            self.today(),
            &Facts {
                requests: &requests,
                closings: &closings,
                extension_times: &extension_times,
                releases: &releases,
            },
        ))
    }

    /// The office's statistics as a PDF at `out`: a new file, outside the office's data
    /// directory (written beside it first, then renamed into place).
    pub async fn statistics_pdf(
        &self,
        actor: &Actor,
        stats: &OfficeStatistics,
        out: &std::path::Path,
    ) -> Result<()> {
        let agency = {
            let mut tx = self.store.read().await?;
            self.authorize(&mut tx, actor, Action::ReadStatistics)
                .await?;
            tx.setting(crate::AGENCY_KEY).await?.unwrap_or_default()
        };
        if out.exists() {
            return Err(ApiError::invalid(format!(
                "{} exists: choose a new file",
                out.display()
            )));
        }
        let data = self.store.dir().canonicalize().ok();
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        if let (Some(data), Ok(p)) = (data, parent.canonicalize())
            && p.starts_with(&data)
        {
            return Err(ApiError::invalid(format!(
                "{} is inside the office's data directory: choose a file elsewhere",
                out.display()
            )));
        }
        let name = out
            .file_name()
            .ok_or_else(|| ApiError::invalid("the report needs a file name"))?;
        let partial = parent.join(format!(".{}.partial", name.to_string_lossy()));
        let text = statistics_text(stats, &agency);
        let subject = format!("Office statistics, {} to {}", stats.from, stats.to);
        export::write_document(
            &partial,
            &agency,
            &subject,
            "Office statistics",
            &text,
            &self.now(),
        )
        .and_then(|()| std::fs::rename(&partial, out).map_err(Into::into))
        .map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            ApiError::invalid(format!("cannot write {} ({e})", out.display()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spread_has_the_usual_median_and_the_nearest_rank_90th_percentile() {
        assert_eq!(Spread::of(vec![]), Spread::default());
        let s = Spread::of(vec![5, 1, 3]);
        assert_eq!((s.median, s.p90), (Some(3.0), Some(5)));
        let s = Spread::of(vec![4, 1, 3, 2]);
        assert_eq!((s.median, s.p90), (Some(2.5), Some(4)));
        // Ten values: the 9th is the 90th percentile; eleven: the 10th.
        let s = Spread::of((1..=10).collect());
        assert_eq!((s.median, s.p90), (Some(5.5), Some(9)));
        let s = Spread::of((1..=11).collect());
        assert_eq!((s.median, s.p90), (Some(6.0), Some(10)));
    }
}
