//! Letters to the requester: which kinds there are, in which languages.

use crate::closed_set;

closed_set! {
    /// A letter to the requester, by what it tells them.
    pub enum LetterKind("letter kind") {
        /// The request was received (its reference and due date).
        Acknowledgment = "acknowledgment",
        /// The 10-day determination: disclosable records exist (Gov. Code §7922.535(a)).
        Determination = "determination",
        /// Notice of an extension: the statutory reason and the new date (§7922.535(b)).
        Extension = "extension",
        /// A request for clarification: help to describe the records sought (§7922.600).
        Clarification = "clarification",
        /// The cover letter of an installment of records.
        Installment = "installment",
        /// The final determination: what was released, what was withheld under which
        /// exemption, and the person responsible (§7922.540).
        Final = "final",
        /// No responsive records.
        NoRecords = "no-records",
    }
}

closed_set! {
    /// The language a letter is written in.
    pub enum Language("language") {
        English = "en",
        Spanish = "es",
    }
}

/// The parts every letter of a language shares, edited like the letters.
pub const LETTER_PARTS: [&str; 2] = ["letterhead", "signature"];
