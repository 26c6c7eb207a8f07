//! The deadline calendar: when a determination is due, and how far it may be extended.
//!
//! The rules are data (`data/california.toml`, stored in the office so it can be amended):
//! how many days, the weekend, the holidays as rules ("fourth Thursday of November"), and
//! one-off closures. This module only evaluates them.

use crate::Invalid;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The rules shipped with Disclose: the California Public Records Act.
pub const CALIFORNIA_RULES: &str = include_str!("../data/california.toml");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub name: String,
    pub determination_days: u32,
    pub max_extension_days: u32,
    #[serde(with = "weekdays")]
    pub weekend: Vec<Weekday>,
    #[serde(default)]
    pub closures: Vec<NaiveDate>,
    #[serde(default, rename = "holiday")]
    pub holidays: Vec<HolidayRule>,
}

// No `deny_unknown_fields` here: serde does not support it together with `flatten`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayRule {
    pub name: String,
    #[serde(flatten)]
    pub when: When,
    /// First year the rule applies.
    #[serde(default)]
    pub since: Option<i32>,
    /// Last year the rule applies.
    #[serde(default)]
    pub until: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum When {
    Fixed {
        month: u32,
        day: u32,
        /// `"monday"`: observed the Monday after when it falls on a Sunday.
        #[serde(default)]
        sunday: Option<String>,
        /// `"friday"`: observed the Friday before when it falls on a Saturday.
        #[serde(default)]
        saturday: Option<String>,
    },
    NthWeekday {
        month: u32,
        #[serde(with = "weekday")]
        weekday: Weekday,
        n: u8,
    },
    LastWeekday {
        month: u32,
        #[serde(with = "weekday")]
        weekday: Weekday,
    },
    After {
        of: String,
        days: i64,
    },
}

impl Rules {
    pub fn parse(text: &str) -> Result<Rules, Invalid> {
        let rules: Rules = toml::from_str(text)
            .map_err(|e| Invalid::new(format!("deadline rules: {}", e.message())))?;
        rules.check()?;
        Ok(rules)
    }

    fn check(&self) -> Result<(), Invalid> {
        if self.determination_days == 0 {
            return Err(Invalid::new(
                "deadline rules: determination_days must be at least 1",
            ));
        }
        if self.weekend.len() >= 7 {
            return Err(Invalid::new(
                "deadline rules: every day cannot be a weekend day",
            ));
        }
        for h in &self.holidays {
            match &h.when {
                When::Fixed {
                    month,
                    day,
                    sunday,
                    saturday,
                } => {
                    if NaiveDate::from_ymd_opt(2024, *month, *day).is_none() {
                        return Err(Invalid::new(format!("holiday '{}': no such date", h.name)));
                    }
                    if sunday.as_deref().is_some_and(|s| s != "monday")
                        || saturday.as_deref().is_some_and(|s| s != "friday")
                    {
                        return Err(Invalid::new(format!(
                            "holiday '{}': sunday may only be \"monday\", saturday only \"friday\"",
                            h.name
                        )));
                    }
                }
                When::NthWeekday { month, n, .. } => {
                    if !(1..=12).contains(month) || !(1..=4).contains(n) {
                        return Err(Invalid::new(format!(
                            "holiday '{}': month 1-12 and n 1-4",
                            h.name
                        )));
                    }
                }
                When::LastWeekday { month, .. } => {
                    if !(1..=12).contains(month) {
                        return Err(Invalid::new(format!("holiday '{}': month 1-12", h.name)));
                    }
                }
                When::After { of, .. } => {
                    let base = self.holidays.iter().find(|b| &b.name == of);
                    if base.is_none_or(|b| matches!(b.when, When::After { .. })) {
                        return Err(Invalid::new(format!(
                            "holiday '{}': '{of}' must be another holiday that is not itself relative",
                            h.name
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Rules made ready to answer questions about dates.
#[derive(Debug, Clone)]
pub struct Calendar {
    rules: Rules,
}

impl Calendar {
    pub fn new(rules: Rules) -> Self {
        Calendar { rules }
    }

    pub fn california() -> Self {
        Calendar::new(Rules::parse(CALIFORNIA_RULES).expect("shipped rules parse"))
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Every holiday of a year, by date (observed dates included, one-off closures too).
    pub fn holidays(&self, year: i32) -> BTreeMap<NaiveDate, String> {
        let mut out = BTreeMap::new();
        let applies = |h: &HolidayRule, y: i32| {
            h.since.is_none_or(|s| y >= s) && h.until.is_none_or(|u| y <= u)
        };
        // A holiday observed on another day can cross a year boundary (Jan 1 on a Saturday
        // observed on Dec 31): look at the neighbouring years too.
        for y in [year - 1, year, year + 1] {
            for h in self.rules.holidays.iter().filter(|h| applies(h, y)) {
                for d in self.dates_of(h, y) {
                    if d.year() == year {
                        out.entry(d).or_insert_with(|| h.name.clone());
                    }
                }
            }
        }
        for d in self.rules.closures.iter().filter(|d| d.year() == year) {
            out.entry(*d)
                .or_insert_with(|| "Office closure".to_string());
        }
        out
    }

    fn dates_of(&self, h: &HolidayRule, year: i32) -> Vec<NaiveDate> {
        match &h.when {
            When::Fixed {
                month,
                day,
                sunday,
                saturday,
            } => {
                let Some(d) = NaiveDate::from_ymd_opt(year, *month, *day) else {
                    return vec![];
                };
                let mut v = vec![d];
                if sunday.is_some() && d.weekday() == Weekday::Sun {
                    v.push(d + Duration::days(1));
                }
                if saturday.is_some() && d.weekday() == Weekday::Sat {
                    v.push(d - Duration::days(1));
                }
                v
            }
            When::NthWeekday { month, weekday, n } => {
                NaiveDate::from_weekday_of_month_opt(year, *month, *weekday, *n)
                    .into_iter()
                    .collect()
            }
            When::LastWeekday { month, weekday } => {
                last_weekday(year, *month, *weekday).into_iter().collect()
            }
            When::After { of, days } => self
                .rules
                .holidays
                .iter()
                .find(|b| &b.name == of)
                .map(|b| {
                    self.dates_of(b, year)
                        .into_iter()
                        .take(1)
                        .map(|d| d + Duration::days(*days))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The holiday's name when `date` is one.
    pub fn holiday(&self, date: NaiveDate) -> Option<String> {
        self.holidays(date.year()).remove(&date)
    }

    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !self.rules.weekend.contains(&date.weekday()) && self.holiday(date).is_none()
    }

    /// `date` itself when it is a business day, else the next one (Code Civ. Proc. §12a).
    pub fn on_or_next_business_day(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        // Rules are checked to leave at least one weekday; holidays are finite per year.
        while !self.is_business_day(d) {
            d += Duration::days(1);
        }
        d
    }

    /// When the determination on a request received on `received` is due.
    pub fn determination_due(&self, received: NaiveDate) -> NaiveDate {
        self.on_or_next_business_day(
            received + Duration::days(self.rules.determination_days.into()),
        )
    }

    /// The new due date after extending by `days`, given the days already used by earlier
    /// extensions. Extensions count calendar days from the current due date; the result moves
    /// to the next business day like any last day.
    pub fn extend(
        &self,
        due: NaiveDate,
        days: u32,
        already_extended: u32,
    ) -> Result<NaiveDate, Invalid> {
        if days == 0 {
            return Err(Invalid::new("an extension must be at least 1 day"));
        }
        let max = self.rules.max_extension_days;
        if already_extended + days > max {
            let left = max.saturating_sub(already_extended);
            return Err(Invalid::new(format!(
                "an extension may not exceed {max} days in all ({already_extended} already used, {left} left)"
            )));
        }
        Ok(self.on_or_next_business_day(due + Duration::days(days.into())))
    }
}

fn last_weekday(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let mut d = first_next - Duration::days(1);
    while d.weekday() != weekday {
        d -= Duration::days(1);
    }
    Some(d)
}

mod weekday {
    use chrono::Weekday;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(w: &Weekday, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&w.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Weekday, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|_| serde::de::Error::custom(format!("'{s}' is not a weekday")))
    }
}

mod weekdays {
    use chrono::Weekday;
    use serde::{Deserialize, Deserializer, Serializer, ser::SerializeSeq};

    pub fn serialize<S: Serializer>(w: &[Weekday], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(w.len()))?;
        for d in w {
            seq.serialize_element(&d.to_string())?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Weekday>, D::Error> {
        Vec::<String>::deserialize(d)?
            .into_iter()
            .map(|s| {
                s.parse()
                    .map_err(|_| serde::de::Error::custom(format!("'{s}' is not a weekday")))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn california_holidays_2026() {
        let cal = Calendar::california();
        let got: Vec<(NaiveDate, String)> = cal.holidays(2026).into_iter().collect();
        let want = [
            (d(2026, 1, 1), "New Year's Day"),
            (d(2026, 1, 19), "Martin Luther King Jr. Day"),
            (d(2026, 2, 12), "Lincoln Day"),
            (d(2026, 2, 16), "Washington's Birthday"),
            (d(2026, 3, 31), "Cesar Chavez Day"),
            (d(2026, 5, 25), "Memorial Day"),
            (d(2026, 6, 19), "Juneteenth"),
            (d(2026, 7, 4), "Independence Day"),
            (d(2026, 9, 7), "Labor Day"),
            (d(2026, 9, 25), "Native American Day"),
            (d(2026, 10, 12), "Columbus Day"),
            (d(2026, 11, 11), "Veterans Day"),
            (d(2026, 11, 26), "Thanksgiving Day"),
            (d(2026, 11, 27), "Day after Thanksgiving"),
            (d(2026, 12, 25), "Christmas Day"),
        ];
        let want: Vec<(NaiveDate, String)> =
            want.iter().map(|(d, n)| (*d, n.to_string())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn sunday_and_saturday_observance() {
        let cal = Calendar::california();
        // 2027: July 4 is a Sunday -> Monday July 5 observed; Dec 25 a Saturday (no rule).
        assert_eq!(
            cal.holiday(d(2027, 7, 5)).as_deref(),
            Some("Independence Day")
        );
        assert!(cal.holiday(d(2027, 12, 24)).is_none());
        // 2028: Nov 11 is a Saturday -> Friday Nov 10 observed.
        assert_eq!(
            cal.holiday(d(2028, 11, 10)).as_deref(),
            Some("Veterans Day")
        );
        // 2023: Jan 1 a Sunday -> Jan 2 observed.
        assert_eq!(
            cal.holiday(d(2023, 1, 2)).as_deref(),
            Some("New Year's Day")
        );
        // Juneteenth only from 2023.
        assert!(cal.holiday(d(2022, 6, 20)).is_none() && cal.holiday(d(2022, 6, 19)).is_none());
        assert!(cal.holiday(d(2024, 6, 19)).is_some());
    }

    #[test]
    fn the_edge_case_of_the_issue() {
        let cal = Calendar::california();
        // Day 10 = Thanksgiving, then the day after, then a weekend.
        assert_eq!(cal.determination_due(d(2026, 11, 16)), d(2026, 11, 30));
    }

    #[test]
    fn a_year_of_due_dates_never_lands_on_a_closed_day() {
        let cal = Calendar::california();
        let mut received = d(2026, 1, 1);
        while received.year() == 2026 {
            let due = cal.determination_due(received);
            let day10 = received + Duration::days(10);
            assert!(cal.is_business_day(due), "{received} -> {due}");
            assert!(due >= day10);
            // Every day between day 10 and the due date is closed.
            let mut x = day10;
            while x < due {
                assert!(
                    !cal.is_business_day(x),
                    "{received}: {x} was open, due {due}"
                );
                x += Duration::days(1);
            }
            received += Duration::days(1);
        }
    }

    #[test]
    fn known_due_dates() {
        let cal = Calendar::california();
        let cases = [
            (d(2026, 3, 2), d(2026, 3, 12)),    // Thursday, open
            (d(2026, 3, 21), d(2026, 4, 1)),    // day 10 = Tue Mar 31, Cesar Chavez Day
            (d(2026, 9, 15), d(2026, 9, 28)),   // day 10 = Fri Sep 25, Native American Day
            (d(2026, 12, 15), d(2026, 12, 28)), // day 10 = Fri Dec 25
            (d(2026, 12, 22), d(2027, 1, 4)),   // day 10 = Fri Jan 1 2027, weekend after
            (d(2026, 6, 24), d(2026, 7, 6)),    // day 10 = Sat Jul 4
            (d(2026, 1, 9), d(2026, 1, 20)),    // day 10 = MLK Day
            (d(2026, 11, 1), d(2026, 11, 12)),  // day 10 = Veterans Day
        ];
        for (received, due) in cases {
            assert_eq!(cal.determination_due(received), due, "received {received}");
        }
    }

    #[test]
    fn extensions_are_capped_in_total() {
        let cal = Calendar::california();
        let due = d(2026, 11, 30);
        assert_eq!(cal.extend(due, 14, 0).unwrap(), d(2026, 12, 14));
        assert_eq!(cal.extend(due, 7, 0).unwrap(), d(2026, 12, 7));
        assert!(cal.extend(due, 15, 0).is_err());
        assert!(cal.extend(due, 8, 7).is_err());
        assert!(cal.extend(due, 0, 0).is_err());
        // Lands on Christmas -> next business day.
        assert_eq!(cal.extend(d(2026, 12, 15), 10, 0).unwrap(), d(2026, 12, 28));
    }

    #[test]
    fn rules_are_data() {
        let text = CALIFORNIA_RULES
            .replace("determination_days = 10", "determination_days = 5")
            .replace("closures = []", "closures = [\"2026-03-09\"]");
        let cal = Calendar::new(Rules::parse(&text).unwrap());
        assert_eq!(cal.determination_due(d(2026, 3, 2)), d(2026, 3, 10)); // day 5 = Sat 7
        assert_eq!(
            cal.holiday(d(2026, 3, 9)).as_deref(),
            Some("Office closure")
        );
        assert!(Rules::parse("name = 1").is_err());
        let bad = CALIFORNIA_RULES.replace("of = \"Thanksgiving Day\"", "of = \"Nope\"");
        assert!(Rules::parse(&bad).unwrap_err().0.contains("Nope"));
    }
}
