//! Newtype ids and validated names, so a user id is never passed where a record id belongs.

use crate::Invalid;
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id!(
    /// A person who signs in to the office.
    UserId
);
id!(
    /// A public records request.
    RequestId
);
id!(
    /// One collected record (a file, a message, an attachment).
    RecordId
);
id!(
    /// One redaction (of any state).
    RedactionId
);

/// A request's reference as the office writes it, e.g. `PRA-2026-0142`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequestRef(String);

impl RequestRef {
    /// Letters, digits, `-`, `_`, `.` and `/`, 1 to 64 characters, starting with a letter or digit.
    pub fn parse(s: &str) -> Result<Self, Invalid> {
        let s = s.trim();
        let ok_char = |c: char| c.is_ascii_alphanumeric() || "-_./".contains(c);
        if s.is_empty() || s.len() > 64 {
            return Err(Invalid::new(
                "a request reference must be 1 to 64 characters",
            ));
        }
        if !s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()) || !s.chars().all(ok_char) {
            return Err(Invalid::new(format!(
                "request reference '{s}' may only contain letters, digits, '-', '_', '.' and '/' and must start with a letter or digit"
            )));
        }
        Ok(RequestRef(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RequestRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A sign-in name: lower-case letters, digits, `.`, `_`, `-`; 1 to 64 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserName(String);

impl UserName {
    pub fn parse(s: &str) -> Result<Self, Invalid> {
        let s = s.trim();
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
        if ok {
            Ok(UserName(s.to_string()))
        } else {
            Err(Invalid::new(format!(
                "user name '{s}' must be 1 to 64 lower-case letters, digits, '.', '_' or '-'"
            )))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_refs_are_checked() {
        assert_eq!(
            RequestRef::parse(" PRA-2026-0142 ").unwrap().as_str(),
            "PRA-2026-0142"
        );
        assert!(RequestRef::parse("").is_err());
        assert!(RequestRef::parse("-x").is_err());
        assert!(RequestRef::parse("PRA 1").is_err());
        assert!(RequestRef::parse(&"a".repeat(65)).is_err());
    }

    #[test]
    fn user_names_are_checked() {
        assert!(UserName::parse("m.garcia").is_ok());
        assert!(UserName::parse("Maria").is_err());
        assert!(UserName::parse("a b").is_err());
    }
}
