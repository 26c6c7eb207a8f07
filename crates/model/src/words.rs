//! Closed sets of words (dispositions, review statuses, record kinds, redaction states and
//! origins, detectors, audit actions): each written once, as an enum whose variants serialise,
//! are stored and are typed in the window (through the generated bindings) as the same words.

/// A closed set of words: every value, its word, and the value a word names.
pub trait ClosedSet: Copy + Sized + 'static {
    /// What one value is called in a message, e.g. "disposition".
    const WHAT: &'static str;
    /// Every value, in declaration order.
    const ALL: &'static [Self];
    /// Every word, in the order of [`ClosedSet::ALL`].
    const NAMES: &'static [&'static str];
    fn as_str(self) -> &'static str;
    /// The value a word names (any case, surrounding space ignored).
    fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
    }
}

/// Declares a closed set: `closed_set! { /// doc  pub enum Name("what") { Variant = "word", … } }`.
/// The enum gets serde (the words), ts-rs (a union of the words), `Display`, `FromStr` and
/// [`ClosedSet`].
#[macro_export]
macro_rules! closed_set {
    ($(#[$m:meta])* pub enum $name:ident($what:literal) {
        $($(#[$vm:meta])* $var:ident = $word:literal),+ $(,)?
    }) => {
        $(#[$m])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $word)] $var),+
        }

        impl $crate::ClosedSet for $name {
            const WHAT: &'static str = $what;
            const ALL: &'static [Self] = &[$($name::$var),+];
            const NAMES: &'static [&'static str] = &[$($word),+];
            fn as_str(self) -> &'static str {
                match self {
                    $($name::$var => $word),+
                }
            }
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = <Self as $crate::ClosedSet>::ALL;
            /// Every word, in the order of `ALL`.
            pub const NAMES: &'static [&'static str] = <Self as $crate::ClosedSet>::NAMES;
            pub fn as_str(self) -> &'static str {
                <Self as $crate::ClosedSet>::as_str(self)
            }
            /// The value a word names (any case, surrounding space ignored).
            pub fn parse(s: &str) -> Option<Self> {
                <Self as $crate::ClosedSet>::parse(s)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::Invalid;
            fn from_str(s: &str) -> Result<Self, $crate::Invalid> {
                Self::parse(s).ok_or_else(|| {
                    $crate::Invalid::new(format!(
                        "'{}' is not a {}: it is one of {}",
                        s.trim(),
                        $what,
                        Self::NAMES.join(", ")
                    ))
                })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::*;

    fn each_word_round_trips<T: ClosedSet + std::fmt::Debug + PartialEq + serde::Serialize>() {
        assert_eq!(T::ALL.len(), T::NAMES.len());
        let mut seen = std::collections::HashSet::new();
        for (v, name) in T::ALL.iter().zip(T::NAMES) {
            assert_eq!(v.as_str(), *name);
            assert!(seen.insert(*name), "{name} twice in {}", T::WHAT);
            assert_eq!(T::parse(name), Some(*v));
            assert_eq!(T::parse(&format!(" {} ", name.to_uppercase())), Some(*v));
            assert_eq!(serde_json::to_string(v).unwrap(), format!("\"{name}\""));
        }
        assert_eq!(T::parse("no-such-word"), None);
    }

    #[test]
    fn every_closed_set_serialises_as_stored() {
        each_word_round_trips::<Disposition>();
        each_word_round_trips::<ReviewStatus>();
        each_word_round_trips::<RecordKind>();
        each_word_round_trips::<RecordStatus>();
        each_word_round_trips::<RedactionState>();
        each_word_round_trips::<RedactionOrigin>();
        each_word_round_trips::<RedactionAnchor>();
        each_word_round_trips::<DetectorKind>();
        each_word_round_trips::<AuditAction>();
        each_word_round_trips::<RequestStatus>();
        each_word_round_trips::<ApprovalState>();
        each_word_round_trips::<LetterKind>();
        each_word_round_trips::<Language>();
        each_word_round_trips::<RequestState>();
        each_word_round_trips::<ClosedAs>();
        assert_eq!(
            "keep".parse::<Disposition>().unwrap_err().to_string(),
            "'keep' is not a disposition: it is one of release, redact, withhold, not-responsive, duplicate"
        );
    }
}
