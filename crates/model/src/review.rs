//! The closed sets of a record's review: what a record is, what becomes of it (its
//! disposition), how far its review has come, and its redactions' states and origins.

use crate::closed_set;

closed_set! {
    /// What becomes of a record in the release.
    pub enum Disposition("disposition") {
        /// Released in full.
        Release = "release",
        /// Released with redactions.
        Redact = "redact",
        /// Withheld in full under an exemption.
        Withhold = "withhold",
        NotResponsive = "not-responsive",
        /// A copy: follows its original, which is released once.
        Duplicate = "duplicate",
    }
}

impl Disposition {
    /// Part of what is handed over: released (in full or redacted) or withheld (a slip sheet
    /// in its place). Not-responsive records and copies are not.
    pub fn is_in_release(self) -> bool {
        matches!(
            self,
            Disposition::Release | Disposition::Redact | Disposition::Withhold
        )
    }
}

closed_set! {
    /// How far a record's review has come.
    pub enum ReviewStatus("review status") {
        Unreviewed = "unreviewed",
        InReview = "in-review",
        /// Decided (it has a disposition).
        Reviewed = "reviewed",
        /// An officer's second look.
        Checked = "checked",
    }
}

closed_set! {
    /// The end a collected item came to.
    pub enum RecordStatus("record status") {
        Ingested = "ingested",
        /// A copy of a record collected before (same content).
        Duplicate = "duplicate",
        /// Could not be read; kept with its reason.
        Failed = "failed",
    }
}

closed_set! {
    /// What a file is, decided by its content.
    #[derive(Default)]
    pub enum RecordKind("record kind") {
        Email = "email",
        Mbox = "mbox",
        Msg = "msg",
        /// Outlook's wrapper of attachments and formatted body (`winmail.dat`).
        Tnef = "tnef",
        /// An Outlook mailbox (.pst, .ost); its messages are records of their own.
        Pst = "pst",
        Pdf = "pdf",
        Image = "image",
        Docx = "docx",
        /// A Word 97–2003 document (.doc).
        Doc = "doc",
        /// An OpenDocument text (LibreOffice Writer).
        Odt = "odt",
        /// A PowerPoint presentation.
        Pptx = "pptx",
        /// A PowerPoint 97–2003 presentation (.ppt).
        Ppt = "ppt",
        /// An OpenDocument presentation (LibreOffice Impress).
        Odp = "odp",
        Spreadsheet = "spreadsheet",
        Csv = "csv",
        Html = "html",
        Text = "text",
        Rtf = "rtf",
        Archive = "archive",
        #[default]
        Unknown = "unknown",
    }
}

impl RecordKind {
    /// Paged records: they have pages with word boxes and can be OCRed.
    pub fn is_paged(self) -> bool {
        matches!(self, RecordKind::Pdf | RecordKind::Image)
    }
}

closed_set! {
    /// Where a redaction stands.
    pub enum RedactionState("redaction state") {
        /// In force: burned into the release.
        Applied = "applied",
        /// Suggested (by a detector, a pattern or a clerk), waiting for a decision.
        Proposed = "proposed",
        /// A proposal turned down.
        Rejected = "rejected",
        /// Taken back after it was applied.
        Removed = "removed",
    }
}

impl RedactionState {
    /// Applied or proposed: shown on the review screen and counted as covering its text.
    pub fn is_active(self) -> bool {
        matches!(self, RedactionState::Applied | RedactionState::Proposed)
    }
}

closed_set! {
    /// What a redaction is anchored to.
    pub enum RedactionAnchor("redaction anchor") {
        /// Characters of the record's text (start and end offsets).
        Text = "text",
        /// A rectangle drawn on a page of a paged record.
        Area = "area",
    }
}

closed_set! {
    /// How a redaction was made.
    pub enum RedactionOrigin("redaction origin") {
        /// Selected, typed or drawn by a person.
        Manual = "manual",
        /// A terms list (one value a line).
        Term = "term",
        /// A pattern (regular expression) the person gave.
        Pattern = "pattern",
        /// One of the personal-information detectors.
        Detector = "detector",
    }
}

closed_set! {
    /// What a detector of personal information looks for.
    pub enum DetectorKind("detector") {
        Email = "email",
        Phone = "phone",
        Ssn = "ssn",
        Ip = "ip",
        Card = "card",
        /// A driver's licence number (any US state's form, in a licence context).
        Dl = "dl",
        /// A date of birth (a date in a birth context).
        Dob = "dob",
        Address = "address",
        Person = "person",
        /// An international bank account number (its mod-97 check holds).
        Iban = "iban",
        /// A bank account or routing number (routing numbers' checksum holds), in context.
        BankAccount = "bank-account",
        /// A passport number, in a passport context.
        Passport = "passport",
        /// A medical record, patient or client case number, in context.
        MedicalRecord = "medical-record",
        /// A vehicle licence plate, in a plate or vehicle context.
        Plate = "plate",
    }
}
