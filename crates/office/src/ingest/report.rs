//! The public answers of an ingest: its progress messages and its final report.

use model::RecordId;
use serde::Serialize;

/// Where an ingest stands; sent to the progress callback at most every 100 ms and at the end.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IngestProgress {
    /// Files found under the given paths (archive entries and attachments not counted).
    pub files_total: u64,
    pub bytes_total: u64,
    pub files_done: u64,
    pub bytes_done: u64,
    /// Records written so far by state (children included).
    pub ingested: u64,
    pub duplicates: u64,
    pub failed: u64,
    /// Files already in the request from an earlier run, skipped.
    pub skipped: u64,
    /// Pages waiting for and done by OCR.
    pub ocr_pages_queued: u64,
    pub ocr_pages_done: u64,
    pub elapsed_ms: u64,
    pub finished: bool,
    /// Files that could not be read since the previous message, with their reasons (the
    /// window keeps a running list; the report at the end has them all).
    pub new_failures: Vec<FailedEntry>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DuplicateEntry {
    pub path: String,
    pub id: RecordId,
    pub duplicate_of: RecordId,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FailedEntry {
    pub path: String,
    pub id: RecordId,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IngestCounts {
    pub ingested: u64,
    pub duplicates: u64,
    pub failed: u64,
    pub skipped: u64,
}

/// What an ingest did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IngestReport {
    pub request: String,
    pub counts: IngestCounts,
    /// Ids of the records ingested (not duplicates or failures), in order.
    pub records: Vec<RecordId>,
    pub duplicates: Vec<DuplicateEntry>,
    pub failed: Vec<FailedEntry>,
    pub cancelled: bool,
    pub elapsed_ms: u64,
}
