//! The batching writer: families laid out as rows of one transaction, and what to index.

use super::report::{DuplicateEntry, FailedEntry, IngestProgress, IngestReport};
use super::workers::{ContentKey, Item, Outcome, Shared, file_name};
use model::RecordId;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::time::Instant;
use store::{NewPage, NewRecord, RecordStatus};

/// What the index gets for a record written in this batch.
pub(super) struct ToIndex {
    id: RecordId,
    sha256: String,
    kind: &'static str,
    custodian: String,
    path: String,
    title: String,
    fields: std::collections::BTreeMap<String, String>,
    text: String,
}

impl ToIndex {
    pub(super) fn as_doc<'a>(&'a self, request: &'a str) -> index::IndexDoc<'a> {
        let field = |k: &str| self.fields.get(k).map(String::as_str).unwrap_or("");
        index::IndexDoc {
            record_id: self.id.0 as u64,
            request,
            sha256: &self.sha256,
            kind: self.kind,
            custodian: &self.custodian,
            path: &self.path,
            // An email's title is its subject: index the words once.
            title: if self.title == field("subject") {
                ""
            } else {
                &self.title
            },
            from: field("from"),
            to: field("to"),
            cc: field("cc"),
            subject: field("subject"),
            date: index::wall_clock_secs(field("date"))
                .or_else(|| index::wall_clock_secs(field("created"))),
            body: &self.text,
            disposition: "",
            status: model::ReviewStatus::Unreviewed.as_str(),
            exemptions: &[],
            // Grouped after the ingest (Office::group_conversations).
            thread: None,
            inclusive: None,
            // Copies are indexed from the store (`index_record`).
            original_path: None,
        }
    }
}

pub(super) struct Writer {
    pub(super) request_id: model::RequestId,
    pub(super) reference: String,
    pub(super) custodian: Option<String>,
    pub(super) first_by_sha: HashMap<ContentKey, RecordId>,
    pub(super) report: IngestReport,
    pub(super) pending: Vec<(u64, Item, super::workers::Role)>,
    /// Locked records read again with passwords: path → record (updated in place).
    pub(super) locked: HashMap<String, RecordId>,
    /// Mailboxes whose items this run writes: path → record.
    pub(super) mailboxes: HashMap<String, RecordId>,
    pub(super) pending_records: usize,
    /// Files another workstation recorded first (see `flush`).
    pub(super) skipped_elsewhere: u64,
    /// The id the next record gets if no one else writes records meanwhile.
    pub(super) expected_next: RecordId,
    /// Whether another ingest has written records of this office since this one started.
    pub(super) others_wrote: bool,
    pub(super) to_index: Vec<ToIndex>,
    /// Duplicates written in this batch, indexed once their rows are committed.
    pub(super) copies_to_index: Vec<RecordId>,
    /// When the index last committed.
    pub(super) index_committed: Instant,
    /// Failures already sent with a progress message.
    pub(super) failures_reported: usize,
}

impl Writer {
    pub(super) fn fill(&mut self, p: &mut IngestProgress, shared: &Shared, started: Instant) {
        p.new_failures = self.report.failed[self.failures_reported..].to_vec();
        self.failures_reported = self.report.failed.len();
        p.ingested = self.report.counts.ingested;
        p.duplicates = self.report.counts.duplicates;
        p.failed = self.report.counts.failed;
        p.ocr_pages_queued = shared.ocr_queued.load(Ordering::Relaxed);
        p.ocr_pages_done = shared.ocr_done.load(Ordering::Relaxed);
        p.elapsed_ms = started.elapsed().as_millis() as u64;
    }

    /// Lays out one item and, for an ingested one, its children as rows of the batch.
    pub(super) fn plan(
        &mut self,
        item: Item,
        parent: Option<RecordId>,
        at: &str,
        shared: &Shared,
        b: &mut Batch,
    ) {
        // A locked record read again keeps its id, place and family.
        let replaces = parent
            .is_none()
            .then(|| self.locked.remove(&item.path))
            .flatten();
        let id = replaces.unwrap_or_else(|| {
            let id = b.next_id;
            b.next_id.0 += 1;
            id
        });
        if let (Some(sha), Some(size), Some(location)) = (&item.sha256, item.size, &item.location) {
            b.originals.push(store::NewOriginal {
                sha256: sha.clone(),
                size,
                location: location.clone(),
            });
        }
        if let Some(r) = &item.readable {
            b.originals.push(store::NewOriginal {
                sha256: r.sha256.clone(),
                size: r.size,
                location: r.location.clone(),
            });
        }
        if let Some(p) = parent.filter(|_| replaces.is_none()) {
            b.links.push((p, id));
        }
        let dup_of = item
            .sha256
            .as_ref()
            .and_then(|s| self.first_by_sha.get(&ContentKey::of(s)).copied());
        let mut row = NewRecord {
            id,
            request_id: self.request_id,
            path: item.path.clone(),
            custodian: self.custodian.clone(),
            sha256: item.sha256.clone(),
            size: item.size,
            kind: item.kind,
            status: RecordStatus::Failed,
            failure: None,
            duplicate_of: None,
            parent_id: parent,
            title: None,
            metadata: "{}".into(),
            text: None,
            text_sha256: None,
            extractor_version: None,
            created_at: at.to_string(),
        };
        // Known to a worker but not to this request's writer cannot happen (the writer fills
        // the set): should it, the item is recorded as failed rather than lost.
        let outcome = match (item.outcome, dup_of) {
            (Outcome::Known, None) => {
                Outcome::Failed("internal: content marked known but not found".into())
            }
            (o, _) => o,
        };
        match (outcome, dup_of) {
            (Outcome::Failed(reason), _) => {
                self.report.counts.failed += 1;
                self.report.failed.push(FailedEntry {
                    path: item.path.clone(),
                    id,
                    reason: reason.clone(),
                });
                row.failure = Some(reason);
                b.push(row, replaces.is_some());
                // An archive that failed part-way may still have entries to record.
                for c in item.children {
                    self.plan(c, Some(id), at, shared, b);
                }
            }
            (_, Some(first)) => {
                row.status = RecordStatus::Duplicate;
                row.duplicate_of = Some(first);
                if let Some(p) = parent {
                    // The shared attachment belongs to this family too.
                    b.links.push((p, first));
                }
                self.report.counts.duplicates += 1;
                self.report.duplicates.push(DuplicateEntry {
                    path: item.path.clone(),
                    id,
                    duplicate_of: first,
                });
                b.push(row, replaces.is_some());
                if replaces.is_none() {
                    self.copies_to_index.push(id);
                }
            }
            (Outcome::Known, None) => unreachable!("mapped to a failure above"),
            (Outcome::Extracted(ex), None) => {
                let ex = *ex;
                let mut meta = serde_json::Map::new();
                for (k, v) in &ex.fields {
                    meta.insert(k.clone(), serde_json::Value::String(v.clone()));
                }
                if !ex.warnings.is_empty() {
                    meta.insert("warnings".into(), serde_json::json!(ex.warnings));
                }
                let title = ex
                    .title
                    .clone()
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or_else(|| file_name(&item.path).to_string());
                for p in &ex.pages {
                    let words: Vec<serde_json::Value> = p
                        .words
                        .iter()
                        .map(|w| serde_json::json!([w.x0, w.y0, w.x1, w.y1, w.text]))
                        .collect();
                    b.pages.push(NewPage {
                        record_id: id,
                        page_no: p.number,
                        width_pt: p.width_pt,
                        height_pt: p.height_pt,
                        words: serde_json::Value::Array(words).to_string(),
                        ocr: p.ocr,
                    });
                }
                let sha = item.sha256.clone().unwrap_or_default();
                let key = ContentKey::of(&sha);
                self.first_by_sha.insert(key, id);
                shared.known.lock().expect("known lock").insert(key);
                self.report.counts.ingested += 1;
                self.report.records.push(id);
                row.status = RecordStatus::Ingested;
                row.title = Some(title.clone());
                row.metadata = serde_json::Value::Object(meta).to_string();
                row.text_sha256 = Some(hex::encode(Sha256::digest(ex.text.as_bytes())));
                row.extractor_version = Some(extract::EXTRACTOR_VERSION);
                row.text = Some(ex.text.clone());
                b.push(row, replaces.is_some());
                // A record updated in place is re-indexed from the change log.
                if replaces.is_none() {
                    self.to_index.push(ToIndex {
                        id,
                        sha256: sha.clone(),
                        kind: item.kind.as_str(),
                        custodian: self.custodian.clone().unwrap_or_default(),
                        path: item.path,
                        title,
                        fields: ex.fields,
                        text: ex.text,
                    });
                }
                for c in item.children {
                    self.plan(c, Some(id), at, shared, b);
                }
            }
        }
    }
}

/// The rows of one batch, numbered by the writer.
pub(super) struct Batch {
    pub(super) next_id: RecordId,
    pub(super) records: Vec<NewRecord>,
    pub(super) originals: Vec<store::NewOriginal>,
    pub(super) pages: Vec<NewPage>,
    pub(super) links: Vec<(RecordId, RecordId)>,
    /// Rows of records read again, written in place.
    pub(super) replaced: Vec<NewRecord>,
}

impl Batch {
    fn push(&mut self, row: NewRecord, replacing: bool) {
        if replacing {
            self.replaced.push(row);
        } else {
            self.records.push(row);
        }
    }
}
