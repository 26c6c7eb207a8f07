//! A public records request and the rules for opening and extending one.

use crate::calendar::Calendar;
use crate::{Invalid, RequestId, RequestRef, closed_set};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

closed_set! {
    /// Where a request is in its life.
    pub enum RequestStatus("request status") {
        /// Collecting and reviewing.
        Open = "open",
        /// A release set awaits a supervisor.
        Submitted = "submitted",
        /// A supervisor approved the current release set.
        Approved = "approved",
        /// Inspection copies were exported.
        Released = "released",
        Closed = "closed",
    }
}

closed_set! {
    /// Where a submitted release set stands.
    pub enum ApprovalState("approval state") {
        /// Waiting for a supervisor.
        Submitted = "submitted",
        Approved = "approved",
        /// Sent back with a comment.
        Rejected = "rejected",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub id: RequestId,
    pub reference: RequestRef,
    pub requester: String,
    pub description: String,
    pub received: NaiveDate,
    /// The determination due date, after any extensions.
    pub due: NaiveDate,
    pub status: RequestStatus,
    /// Calendar days of extension used so far.
    pub extended_days: u32,
    pub created_by: String,
    pub extensions: Vec<Extension>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub days: u32,
    pub reason: String,
    pub previous_due: NaiveDate,
    pub new_due: NaiveDate,
    pub by: String,
    pub at: String,
}

impl Request {
    /// Days from `today` to the due date; negative when overdue.
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.due - today).num_days()
    }
}

/// What an officer types to open a request, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    pub reference: RequestRef,
    pub requester: String,
    pub description: String,
    pub received: NaiveDate,
    pub due: NaiveDate,
}

impl NewRequest {
    pub fn new(
        reference: &str,
        requester: &str,
        description: &str,
        received: &str,
        today: NaiveDate,
        calendar: &Calendar,
    ) -> Result<NewRequest, Invalid> {
        let reference = RequestRef::parse(reference)?;
        let requester = requester.trim();
        if requester.is_empty() {
            return Err(Invalid::new("the requester may not be empty"));
        }
        let description = description.trim();
        if description.is_empty() {
            return Err(Invalid::new("the description may not be empty"));
        }
        let received = parse_date(received, "received date")?;
        if received > today {
            return Err(Invalid::new(format!(
                "the received date {received} is in the future (today is {today})"
            )));
        }
        Ok(NewRequest {
            reference,
            requester: requester.to_string(),
            description: description.to_string(),
            received,
            due: calendar.determination_due(received),
        })
    }
}

/// Parses `YYYY-MM-DD`, naming the field in the error.
pub fn parse_date(s: &str, what: &str) -> Result<NaiveDate, Invalid> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Invalid::new(format!("the {what} '{s}' is not a date (YYYY-MM-DD)")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_request_gets_its_due_date() {
        let cal = Calendar::california();
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let r = NewRequest::new(
            "PRA-2026-0142",
            "A. Reporter",
            "permits",
            "2026-11-16",
            today,
            &cal,
        )
        .unwrap();
        assert_eq!(r.due, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    }

    #[test]
    fn bad_requests_are_refused_with_reasons() {
        let cal = Calendar::california();
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let e = |r, q, d, rec| NewRequest::new(r, q, d, rec, today, &cal).unwrap_err().0;
        assert!(e("PRA-1", "x", "y", "2026-11-30").contains("future"));
        assert!(e("PRA-1", "x", "y", "yesterday").contains("not a date"));
        assert!(e("PRA-1", "x", "y", "2026-02-30").contains("not a date"));
        assert!(e("PRA-1", " ", "y", "2026-11-01").contains("requester"));
        assert!(e("PRA-1", "x", "", "2026-11-01").contains("description"));
        assert!(e("", "x", "y", "2026-11-01").contains("reference"));
    }
}
