//! Disclose's pure domain: the words of a records office, with no IO.
//!
//! Ids, roles and what each may do, requests and the CPRA deadline calendar, the exemption
//! catalogue, and the hashing of the audit chain. No async, no database, no window: every
//! other crate builds on this one, and it builds on nothing of ours.
//!
//! # Example
//! ```
//! use model::{calendar::Calendar, Action, Role};
//! use chrono::NaiveDate;
//!
//! let cal = Calendar::california();
//! let received = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
//! // Day 10 is Thanksgiving; the Friday after is a holiday too; then a weekend.
//! assert_eq!(cal.determination_due(received), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
//! assert!(!Role::Clerk.may(Action::Approve));
//! ```

pub mod audit;
pub mod calendar;
pub mod clock;
pub mod exemption;
mod ids;
pub mod letter;
mod metadata;
pub mod request;
pub mod review;
mod role;
mod words;

pub use audit::AuditAction;
pub use clock::{Clock, FixedClock, SystemClock};
pub use exemption::{Exemption, ExemptionGroup};
pub use ids::RedactionId;
pub use ids::{RecordId, RequestId, RequestRef, UserId, UserName};
pub use letter::{Language, LetterKind};
pub use metadata::{Metadata, READABLE_COPY};
pub use request::{
    ApprovalState, ClosedAs, Request, RequestState, RequestStatus, StateChange, StateFacts,
    StateRequest,
};
pub use review::{
    DetectorKind, Disposition, RecordKind, RecordStatus, RedactionAnchor, RedactionOrigin,
    RedactionState, ReviewStatus,
};
pub use role::{Action, Role};
pub use words::ClosedSet;

/// Why a value from outside (a user, a file, a command line) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

impl Invalid {
    pub fn new(msg: impl Into<String>) -> Self {
        Invalid(msg.into())
    }
}

/// A count as messages write it, in groups of three digits: `thousands(60000)` is `60,000`.
///
/// ```
/// assert_eq!(model::thousands(60_000), "60,000");
/// assert_eq!(model::thousands(999), "999");
/// assert_eq!(model::thousands(31_000_000), "31,000,000");
/// ```
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
