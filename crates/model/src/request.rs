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
    /// Where a request is in its life, as the requester would be told (the release set's own
    /// progress — submitted, approved — is [`RequestStatus`]).
    pub enum RequestState("request state") {
        /// Logged; nothing collected yet.
        Open = "open",
        /// The office asked the requester to clarify the request (§7922.600).
        AwaitingClarification = "awaiting-clarification",
        /// Records collected and under review.
        InReview = "in-review",
        /// At least one installment released; more may follow.
        PartlyReleased = "partly-released",
        /// Done, for the reason in [`ClosedAs`].
        Closed = "closed",
    }
}

closed_set! {
    /// Why a request was closed.
    pub enum ClosedAs("closing reason") {
        /// Records were released (in full or in part).
        Fulfilled = "fulfilled",
        /// The requester withdrew it (or never answered a request for clarification).
        Withdrawn = "withdrawn",
        /// The office holds no responsive records.
        NoRecords = "no-records",
        /// Every responsive record is withheld.
        Denied = "denied",
    }
}

/// A change of a request's state, as kept in its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateChange {
    pub from: RequestState,
    pub to: RequestState,
    /// Set when `to` is closed.
    pub closed_as: Option<ClosedAs>,
    /// Why (required to reopen and to close; may be empty otherwise).
    pub note: String,
    /// The day it took effect.
    pub on: NaiveDate,
    pub by: String,
    pub at: String,
}

/// What is asked of a request's state: the state to go to (with the reason when closing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateRequest {
    To(RequestState),
    Close(ClosedAs),
    /// Back from closed, to where its history puts it.
    Reopen,
}

impl StateRequest {
    /// What a person asked for in words: a state's name (or `reopen`), with the reason when
    /// it is `closed`.
    pub fn parse(state: &str, closed_as: Option<&str>) -> Result<StateRequest, Invalid> {
        if state.trim() == "reopen" {
            return Ok(StateRequest::Reopen);
        }
        let Some(to) = RequestState::parse(state.trim()) else {
            return Err(Invalid::new(format!(
                "'{state}' is not a request state (one of: {}, reopen)",
                RequestState::NAMES.join(", ")
            )));
        };
        let closed_as = closed_as.map(str::trim).filter(|w| !w.is_empty());
        match (to, closed_as) {
            (RequestState::Closed, Some(why)) => ClosedAs::parse(why)
                .map(StateRequest::Close)
                .ok_or_else(|| {
                    Invalid::new(format!(
                        "'{why}' is not a reason to close (one of: {})",
                        ClosedAs::NAMES.join(", ")
                    ))
                }),
            (RequestState::Closed, None) => Err(Invalid::new(format!(
                "say why it is closed: {}",
                ClosedAs::NAMES.join(", ")
            ))),
            (_, Some(_)) => Err(Invalid::new(
                "a reason is given only when closing a request",
            )),
            (to, None) => Ok(StateRequest::To(to)),
        }
    }
}

/// What the rules need to know about a request to judge a change of its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateFacts {
    pub state: RequestState,
    /// Records collected into it.
    pub has_records: bool,
    /// Installments exported.
    pub released: u32,
}

impl StateFacts {
    /// The state `asked` leads to, or why it may not be taken. Partly released is reached by
    /// an export, never by hand; closing as fulfilled needs something released, and as "no
    /// records" or "denied" needs nothing released; a closed request only reopens.
    pub fn next(&self, asked: StateRequest) -> Result<(RequestState, Option<ClosedAs>), Invalid> {
        use RequestState::*;
        let closed = self.state == Closed;
        match asked {
            StateRequest::Reopen if !closed => Err(Invalid::new(format!(
                "the request is {}, not closed: only a closed request reopens",
                self.state
            ))),
            StateRequest::Reopen => Ok((
                if self.released > 0 {
                    PartlyReleased
                } else if self.has_records {
                    InReview
                } else {
                    Open
                },
                None,
            )),
            _ if closed => Err(Invalid::new(
                "the request is closed: reopen it first (with the reason)",
            )),
            StateRequest::Close(why) => {
                let released = self.released;
                match why {
                    ClosedAs::Fulfilled if released == 0 => Err(Invalid::new(
                        "nothing was released: close it as no-records, denied or withdrawn",
                    )),
                    ClosedAs::NoRecords | ClosedAs::Denied if released > 0 => Err(Invalid::new(
                        format!("{released} installment(s) were released: close it as fulfilled"),
                    )),
                    _ => Ok((Closed, Some(why))),
                }
            }
            StateRequest::To(Closed) => Err(Invalid::new(
                "say why it is closed: fulfilled, withdrawn, no-records or denied",
            )),
            StateRequest::To(PartlyReleased) => Err(Invalid::new(
                "a request becomes partly released when an installment is exported",
            )),
            StateRequest::To(to) if to == self.state => {
                Err(Invalid::new(format!("the request is already {to}")))
            }
            StateRequest::To(Open) if self.has_records => Err(Invalid::new(
                "records are collected: the request is in review, not open",
            )),
            StateRequest::To(to @ (InReview | Open)) if self.state == PartlyReleased => {
                Err(Invalid::new(format!(
                    "an installment was released: the request stays partly released (not {to}) until it is closed"
                )))
            }
            StateRequest::To(to) => Ok((to, None)),
        }
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
    pub state: RequestState,
    /// Why it was closed (when it is).
    pub closed_as: Option<ClosedAs>,
    /// The day of the first determination (the first installment, or a closing as no
    /// records or denied); none yet.
    pub determined_on: Option<NaiveDate>,
    /// Its changes of state, oldest first (loaded with one request, not with a list).
    pub history: Vec<StateChange>,
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
    fn what_is_asked_in_words_is_a_state_request_or_a_reason() {
        use RequestState::*;
        assert_eq!(
            StateRequest::parse("reopen", None),
            Ok(StateRequest::Reopen)
        );
        assert_eq!(
            StateRequest::parse(" awaiting-clarification ", None),
            Ok(StateRequest::To(AwaitingClarification))
        );
        assert_eq!(
            StateRequest::parse("closed", Some("denied")),
            Ok(StateRequest::Close(ClosedAs::Denied))
        );
        for (state, why, says) in [
            ("shut", None, "not a request state"),
            ("closed", None, "say why it is closed"),
            ("closed", Some("lost"), "not a reason to close"),
            ("open", Some("denied"), "only when closing"),
        ] {
            let e = StateRequest::parse(state, why).unwrap_err();
            assert!(e.0.contains(says), "{state} {why:?}: {e}");
        }
    }

    #[test]
    fn a_request_moves_through_its_states_by_the_rules() {
        use RequestState::*;
        let facts = |state, has_records, released| StateFacts {
            state,
            has_records,
            released,
        };
        let to = |f: StateFacts, a| f.next(a).map_err(|e| e.0);
        // The way through.
        assert_eq!(
            to(
                facts(Open, false, 0),
                StateRequest::To(AwaitingClarification)
            ),
            Ok((AwaitingClarification, None))
        );
        assert_eq!(
            to(
                facts(AwaitingClarification, false, 0),
                StateRequest::To(Open)
            ),
            Ok((Open, None))
        );
        assert_eq!(
            to(facts(Open, true, 0), StateRequest::To(InReview)),
            Ok((InReview, None))
        );
        assert_eq!(
            to(
                facts(PartlyReleased, true, 2),
                StateRequest::Close(ClosedAs::Fulfilled)
            ),
            Ok((Closed, Some(ClosedAs::Fulfilled)))
        );
        assert_eq!(
            to(
                facts(Open, false, 0),
                StateRequest::Close(ClosedAs::NoRecords)
            ),
            Ok((Closed, Some(ClosedAs::NoRecords)))
        );
        assert_eq!(
            to(
                facts(InReview, true, 0),
                StateRequest::Close(ClosedAs::Denied)
            ),
            Ok((Closed, Some(ClosedAs::Denied)))
        );
        assert_eq!(
            to(
                facts(PartlyReleased, true, 1),
                StateRequest::Close(ClosedAs::Withdrawn)
            ),
            Ok((Closed, Some(ClosedAs::Withdrawn)))
        );
        // Reopened to where its history puts it.
        assert_eq!(
            to(facts(Closed, true, 1), StateRequest::Reopen),
            Ok((PartlyReleased, None))
        );
        assert_eq!(
            to(facts(Closed, true, 0), StateRequest::Reopen),
            Ok((InReview, None))
        );
        assert_eq!(
            to(facts(Closed, false, 0), StateRequest::Reopen),
            Ok((Open, None))
        );
        // Refused, each with its reason.
        let refused = |f, a| to(f, a).unwrap_err();
        assert!(
            refused(
                facts(Open, false, 0),
                StateRequest::Close(ClosedAs::Fulfilled)
            )
            .contains("nothing was released")
        );
        assert!(
            refused(
                facts(PartlyReleased, true, 1),
                StateRequest::Close(ClosedAs::NoRecords)
            )
            .contains("close it as fulfilled")
        );
        assert!(refused(facts(Closed, true, 1), StateRequest::To(InReview)).contains("reopen it"));
        assert!(
            refused(
                facts(Closed, true, 1),
                StateRequest::Close(ClosedAs::Withdrawn)
            )
            .contains("reopen it")
        );
        assert!(refused(facts(InReview, true, 0), StateRequest::Reopen).contains("not closed"));
        assert!(
            refused(facts(InReview, true, 0), StateRequest::To(PartlyReleased))
                .contains("exported")
        );
        assert!(refused(facts(InReview, true, 0), StateRequest::To(Closed)).contains("say why"));
        assert!(refused(facts(InReview, true, 0), StateRequest::To(InReview)).contains("already"));
        assert!(refused(facts(InReview, true, 0), StateRequest::To(Open)).contains("collected"));
        assert!(
            refused(facts(PartlyReleased, true, 1), StateRequest::To(InReview))
                .contains("stays partly released")
        );
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
