//! The closed sets of a record's review, written once: what becomes of a record
//! (its disposition) and how far its review has come. Serialised, stored and typed in the
//! window (through the generated bindings) as the same kebab-case words.

use serde::{Deserialize, Serialize};

/// What becomes of a record in the release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Disposition {
    /// Released in full.
    Release,
    /// Released with redactions.
    Redact,
    /// Withheld in full under an exemption.
    Withhold,
    NotResponsive,
    /// A copy: follows its original, which is released once.
    Duplicate,
}

impl Disposition {
    pub const ALL: [Disposition; 5] = [
        Disposition::Release,
        Disposition::Redact,
        Disposition::Withhold,
        Disposition::NotResponsive,
        Disposition::Duplicate,
    ];
    /// The words, in the order of [`Disposition::ALL`].
    pub const NAMES: [&'static str; 5] = [
        "release",
        "redact",
        "withhold",
        "not-responsive",
        "duplicate",
    ];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The disposition a word names (any case, surrounding space ignored).
    pub fn parse(s: &str) -> Option<Disposition> {
        let s = s.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

impl std::fmt::Display for Disposition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How far a record's review has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    Unreviewed,
    InReview,
    /// Decided (it has a disposition).
    Reviewed,
    /// An officer's second look.
    Checked,
}

impl ReviewStatus {
    pub const ALL: [ReviewStatus; 4] = [
        ReviewStatus::Unreviewed,
        ReviewStatus::InReview,
        ReviewStatus::Reviewed,
        ReviewStatus::Checked,
    ];
    pub const NAMES: [&'static str; 4] = ["unreviewed", "in-review", "reviewed", "checked"];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(s: &str) -> Option<ReviewStatus> {
        let s = s.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

impl std::fmt::Display for ReviewStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_is_written_once_and_serialises_as_stored() {
        for d in Disposition::ALL {
            assert_eq!(Disposition::parse(d.as_str()), Some(d));
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{d}\""));
        }
        for s in ReviewStatus::ALL {
            assert_eq!(ReviewStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
        }
        assert_eq!(
            Disposition::parse(" Not-Responsive "),
            Some(Disposition::NotResponsive)
        );
        assert_eq!(Disposition::parse("keep"), None);
    }
}
