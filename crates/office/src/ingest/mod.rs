//! Ingest: files, folders and archives into a request, every original kept byte for byte.
//!
//! A pipeline of threads around one async writer:
//! ```text
//! walker ──jobs──▶ extraction workers (one per core) ──families──▶ writer (this task)
//!                        │  needs OCR                                 ▲   batched transactions,
//!                        └────────▶ OCR workers (own, bounded) ───────┘   index, audit, progress
//! ```
//! - Each top-level file becomes a *family* (the file, its attachments or archive entries,
//!   recursively) that the writer commits in one transaction: a killed ingest leaves whole
//!   families or nothing, and a second run skips every path already recorded.
//! - Duplicates are decided in the writer, the one place that sees every content hash in
//!   order; workers only skip the extraction of content already known.
//! - Bounded channels keep memory flat; a watchdog turns a file that hangs into a failure
//!   ("took too long") and gives its worker's place to a fresh thread.

use crate::{Actor, ApiError, Office, Result};
use crossbeam_channel as cb;
use extract::{ArchiveLimits, Extracted, Kind};
use model::{Action, AuditAction, RecordId, RequestRef};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store::{NewPage, NewRecord, Originals, RecordStatus};

/// How often the index commits during an ingest (and once at its end).
const INDEX_COMMIT_EVERY: Duration = Duration::from_secs(10);

/// How deep attachments of attachments (of archives of…) are followed.
const MAX_DEPTH: usize = 10;

/// How an ingest runs. The defaults suit a workstation.
#[derive(Clone)]
pub struct IngestOptions {
    /// Whose records these are (applies to every record of this ingest).
    pub custodian: Option<String>,
    pub extract: extract::Options,
    pub archive: ArchiveLimits,
    /// Extraction threads; default: the machine's cores.
    pub workers: usize,
    /// OCR threads, apart from extraction so scans never stall text; default 1.
    pub ocr_workers: usize,
    /// Run OCR on pages without text; off leaves them unread (with a warning).
    pub ocr: bool,
    /// Records per database transaction (at most; a batch also closes after a second).
    pub batch_records: usize,
    /// Set to stop: what is done stays, a later run finishes the rest.
    pub cancel: Arc<AtomicBool>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            custodian: None,
            extract: extract::Options::default(),
            archive: ArchiveLimits::default(),
            workers: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
            ocr_workers: 1,
            ocr: true,
            batch_records: 2000,
            cancel: Arc::new(AtomicBool::new(false)),
        }
    }
}

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

/// One collected item on its way to the writer, with its children.
struct Item {
    path: String,
    sha256: Option<String>,
    size: Option<u64>,
    kind: Kind,
    /// Where the original was kept (None: not kept by this run, its content was known).
    location: Option<store::Location>,
    outcome: Outcome,
    children: Vec<Item>,
}

enum Outcome {
    Extracted(Box<Extracted>),
    /// Content already known: not extracted, the writer records a duplicate.
    Known,
    Failed(String),
}

impl Item {
    fn failed(path: String, reason: impl Into<String>) -> Item {
        Item {
            path,
            sha256: None,
            size: None,
            kind: Kind::Unknown,
            location: None,
            outcome: Outcome::Failed(reason.into()),
            children: vec![],
        }
    }

    fn pages_needing_ocr(&self) -> u64 {
        let own = match &self.outcome {
            Outcome::Extracted(e) => e.needs_ocr.len() as u64,
            _ => 0,
        };
        own + self
            .children
            .iter()
            .map(Item::pages_needing_ocr)
            .sum::<u64>()
    }
}

/// A top-level file found by the walker.
struct Job {
    id: u64,
    path: String,
    file: PathBuf,
    size: u64,
}

/// A top-level file's whole family, done.
struct Family {
    /// The walker's sequence number: a batch is written in walk order.
    job: u64,
    size: u64,
    item: Item,
}

/// What reaches the writer. Every job the walker sends comes back exactly once, as a
/// `Family` or `Dropped`; the writer stops when the walker is done and all have come back
/// (not when the channel closes: a worker abandoned by the watchdog may never let go of it).
enum Msg {
    Family(Family),
    /// A file recorded by an earlier run, skipped.
    Skipped {
        size: u64,
    },
    /// A job not processed because the ingest was cancelled.
    Dropped,
    /// The walker is done: it sent this many jobs.
    WalkDone {
        jobs: u64,
    },
}

/// State shared by the threads.
struct Shared {
    originals: Originals,
    opts: IngestOptions,
    /// Content hashes the writer has recorded as ingested: workers skip extracting them.
    known: Mutex<HashSet<String>>,
    /// Jobs in progress: id → (started, path, size). The watchdog fails those past the limit.
    running: Mutex<HashMap<u64, (Instant, String, u64)>>,
    ocr_queued: AtomicU64,
    ocr_done: AtomicU64,
}

impl Office {
    /// Takes files, folders (recursively) and zip archives into a request.
    pub async fn ingest(
        &self,
        actor: &Actor,
        reference: &str,
        paths: &[PathBuf],
        opts: IngestOptions,
        progress: &(dyn Fn(&IngestProgress) + Send + Sync),
    ) -> Result<IngestReport> {
        let reference = RequestRef::parse(reference)?;
        if paths.is_empty() {
            return Err(ApiError::invalid(
                "nothing to ingest: name one or more files or folders",
            ));
        }
        for p in paths {
            if std::fs::symlink_metadata(p).is_err() {
                return Err(ApiError::new(
                    crate::ErrorCode::Unreadable,
                    format!("{} does not exist or cannot be read", p.display()),
                ));
            }
        }
        let custodian = opts
            .custodian
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from);
        let (request_id, done_paths, first_by_sha, expected_next) = {
            let mut tx = self.store.read().await?;
            self.authorize(&mut tx, actor, Action::Ingest).await?;
            let req = crate::requests::request_of(&mut tx, &reference).await?;
            (
                req.id,
                tx.record_paths(req.id).await?,
                tx.first_record_by_sha(req.id).await?,
                tx.next_record_id().await?,
            )
        };
        let index = self.index().await?;
        self.sync_index(&index).await?;

        let started = Instant::now();
        let mut prog = IngestProgress::default();
        // Totals for the progress bar: a walk of its own, off the async threads.
        let to_count = paths.to_vec();
        (prog.files_total, prog.bytes_total) = tokio::task::spawn_blocking(move || {
            to_count
                .iter()
                .flat_map(|p| walk(p))
                .fold((0, 0), |(n, b), (_, size, _)| (n + 1, b + size))
        })
        .await
        .map_err(|e| ApiError::internal(format!("counting files: {e}")))?;
        progress(&prog);

        let shared = Arc::new(Shared {
            originals: self.store.originals().clone(),
            opts: opts.clone(),
            known: Mutex::new(first_by_sha.keys().cloned().collect()),
            running: Mutex::new(HashMap::new()),
            ocr_queued: AtomicU64::new(0),
            ocr_done: AtomicU64::new(0),
        });
        let (job_tx, job_rx) = cb::bounded::<Job>(opts.workers.max(1) * 4);
        let (ocr_tx, ocr_rx) = cb::unbounded::<Family>();
        let (out_tx, mut out_rx) = tokio::sync::mpsc::channel::<Msg>(256);

        // The walker: streams jobs, skipping what an earlier run recorded.
        let walker = {
            let paths = paths.to_vec();
            let done = done_paths;
            let cancel = opts.cancel.clone();
            let out_tx = out_tx.clone();
            std::thread::spawn(move || {
                let mut jobs = 0;
                'all: for p in &paths {
                    for (file, size, shown) in walk(p) {
                        if cancel.load(Ordering::Relaxed) {
                            break 'all;
                        }
                        if done.contains(&shown) {
                            if out_tx.blocking_send(Msg::Skipped { size }).is_err() {
                                break 'all;
                            }
                            continue;
                        }
                        jobs += 1;
                        if job_tx
                            .send(Job {
                                id: jobs,
                                path: shown,
                                file,
                                size,
                            })
                            .is_err()
                        {
                            break 'all;
                        }
                    }
                }
                drop(job_tx);
                let _ = out_tx.blocking_send(Msg::WalkDone { jobs });
            })
        };

        // Extraction workers, OCR workers, and the watchdog that replaces a stuck worker.
        let stop = Arc::new(AtomicBool::new(false));
        for _ in 0..opts.workers.max(1) {
            spawn_worker(
                shared.clone(),
                job_rx.clone(),
                out_tx.clone(),
                ocr_tx.clone(),
            );
        }
        for _ in 0..opts.ocr_workers.max(1) {
            let (shared, ocr_rx, out_tx, stop) =
                (shared.clone(), ocr_rx.clone(), out_tx.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match ocr_rx.recv_timeout(Duration::from_millis(200)) {
                        Ok(mut f) => {
                            ocr_family(&shared, &mut f.item);
                            if out_tx.blocking_send(Msg::Family(f)).is_err() {
                                break;
                            }
                        }
                        Err(cb::RecvTimeoutError::Timeout) => {}
                        Err(cb::RecvTimeoutError::Disconnected) => break,
                    }
                }
            });
        }
        {
            let (shared, job_rx, out_tx, ocr_tx, stop) = (
                shared.clone(),
                job_rx.clone(),
                out_tx.clone(),
                ocr_tx.clone(),
                stop.clone(),
            );
            std::thread::spawn(move || {
                let limit = shared.opts.extract.timeout;
                let tick = (limit / 4).clamp(Duration::from_millis(5), Duration::from_millis(250));
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(tick);
                    let stuck: Vec<(u64, String, u64)> = {
                        let mut running = shared.running.lock().expect("running lock");
                        let ids: Vec<u64> = running
                            .iter()
                            .filter(|(_, (t, _, _))| t.elapsed() > limit)
                            .map(|(id, _)| *id)
                            .collect();
                        ids.into_iter()
                            .filter_map(|id| running.remove(&id).map(|(_, p, s)| (id, p, s)))
                            .collect()
                    };
                    for (job, path, size) in stuck {
                        let reason = format!("took too long (over {} s)", limit.as_secs());
                        let item = Item::failed(path, reason);
                        if out_tx
                            .blocking_send(Msg::Family(Family { job, size, item }))
                            .is_err()
                        {
                            return;
                        }
                        spawn_worker(
                            shared.clone(),
                            job_rx.clone(),
                            out_tx.clone(),
                            ocr_tx.clone(),
                        );
                    }
                }
            });
        }
        drop((job_rx, ocr_tx, out_tx));

        // The writer.
        let mut w = Writer {
            request_id,
            reference: reference.to_string(),
            custodian,
            first_by_sha,
            report: IngestReport {
                request: reference.to_string(),
                counts: IngestCounts::default(),
                records: vec![],
                duplicates: vec![],
                failed: vec![],
                cancelled: false,
                elapsed_ms: 0,
            },
            pending: vec![],
            pending_records: 0,
            skipped_elsewhere: 0,
            expected_next,
            to_index: vec![],
            copies_to_index: vec![],
            index_committed: Instant::now(),
            failures_reported: 0,
        };
        let mut iw = match self.index_writer(&index).await {
            Ok(iw) => iw,
            Err(e) => {
                opts.cancel.store(true, Ordering::Relaxed);
                stop.store(true, Ordering::Relaxed);
                return Err(ApiError::conflict(format!(
                    "the search index is in use by another program ({e}); try again when its ingest has finished"
                )));
            }
        };
        let mut last_emit = Instant::now();
        let mut batch_started = Instant::now();
        let mut result: Result<()> = Ok(());
        let (mut expected, mut received) = (None::<u64>, 0u64);
        while expected != Some(received) {
            let wait = if w.pending.is_empty() {
                // Idle (a big file extracting): still apply review changes now and then.
                INDEX_COMMIT_EVERY.saturating_sub(w.index_committed.elapsed())
            } else {
                Duration::from_secs(1).saturating_sub(batch_started.elapsed())
            };
            let msg = match tokio::time::timeout(wait, out_rx.recv()).await {
                Ok(Some(m)) => Some(m),
                Ok(None) => break,
                Err(_) => None,
            };
            match msg {
                None => {}
                Some(Msg::WalkDone { jobs }) => expected = Some(jobs),
                Some(Msg::Skipped { size }) => {
                    prog.files_done += 1;
                    prog.bytes_done += size;
                    prog.skipped += 1;
                }
                Some(Msg::Dropped) => received += 1,
                Some(Msg::Family(f)) => {
                    received += 1;
                    prog.files_done += 1;
                    prog.bytes_done += f.size;
                    if result.is_ok() {
                        if w.pending.is_empty() {
                            batch_started = Instant::now();
                        }
                        w.pending_records += count(&f.item);
                        w.pending.push((f.job, f.item));
                    }
                }
            }
            if w.pending.is_empty()
                && result.is_ok()
                && w.index_committed.elapsed() >= INDEX_COMMIT_EVERY
            {
                result = self.commit_index(&mut w, &mut iw).await;
            }
            let due = !w.pending.is_empty()
                && (w.pending_records >= opts.batch_records
                    || batch_started.elapsed() >= Duration::from_secs(1));
            if due && result.is_ok() {
                result = self.flush(actor, &mut w, &shared, &mut iw, false).await;
                if result.is_err() {
                    // Stop the pipeline; what is committed stays, a later run does the rest.
                    opts.cancel.store(true, Ordering::Relaxed);
                    w.pending.clear();
                }
            }
            if last_emit.elapsed() >= Duration::from_millis(100) {
                last_emit = Instant::now();
                w.fill(&mut prog, &shared, started);
                progress(&prog);
            }
        }
        if result.is_ok() {
            result = self.flush(actor, &mut w, &shared, &mut iw, true).await;
        }
        stop.store(true, Ordering::Relaxed);
        let _ = walker.join();
        if result.is_ok() {
            // Let the merges of this ingest's segments finish rather than abandon them.
            result = iw.finish().map_err(ApiError::from);
        }
        result?;
        w.report.cancelled = opts.cancel.load(Ordering::Relaxed);
        w.report.counts.skipped = prog.skipped + w.skipped_elsewhere;
        w.report.elapsed_ms = started.elapsed().as_millis() as u64;
        w.fill(&mut prog, &shared, started);
        prog.finished = true;
        progress(&prog);
        Ok(w.report)
    }

    /// Writes the pending families in one transaction with their audit event, makes the
    /// originals durable first, then indexes them.
    async fn flush(
        &self,
        actor: &Actor,
        w: &mut Writer,
        shared: &Shared,
        iw: &mut index::Writer,
        last: bool,
    ) -> Result<()> {
        if w.pending.is_empty() {
            if last {
                self.commit_index(w, iw).await?;
            }
            return Ok(());
        }
        shared.originals.sync()?;
        let at = self.now();
        let before = w.report.counts.clone();
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::Ingest).await?;
        let mut pending = std::mem::take(&mut w.pending);
        pending.sort_by_key(|(job, _)| *job);
        let first = tx.next_record_id().await?;
        // Another workstation may have taken in some of these files meanwhile (two people
        // ingesting the same folder of a team office): each file is recorded once, by whoever
        // wrote it first; here it counts as skipped. Only when someone else added records
        // since this ingest last wrote is there anything to look for.
        let taken = if first == w.expected_next {
            HashSet::new()
        } else {
            let paths: Vec<&str> = pending.iter().map(|(_, i)| i.path.as_str()).collect();
            tx.recorded_paths_among(w.request_id, &paths).await?
        };
        if !taken.is_empty() {
            pending.retain(|(_, i)| !taken.contains(&i.path));
            w.skipped_elsewhere += taken.len() as u64;
            // Their contents are now another workstation's first copies: a later file with
            // the same content is a duplicate of those.
            for (sha, id) in tx.first_record_by_sha(w.request_id).await? {
                w.first_by_sha.entry(sha).or_insert(id);
            }
        }
        w.pending_records = 0;
        let mut b = Batch {
            next_id: first,
            records: vec![],
            originals: vec![],
            pages: vec![],
            links: vec![],
        };
        for (_, item) in pending {
            w.plan(item, None, &at, shared, &mut b);
        }
        w.expected_next = b.next_id;
        // Parents before children: rows are in id order already, and a family link may point
        // back at the first copy of a shared attachment, which is always older.
        tx.insert_originals(&b.originals, &at).await?;
        tx.insert_records(&b.records).await?;
        tx.insert_pages(&b.pages).await?;
        tx.insert_family_links(&b.links).await?;
        let ids: Vec<RecordId> = b.records.iter().map(|r| r.id).collect();
        let c = &w.report.counts;
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::IngestBatch,
            &format!("request/{}", w.reference),
            serde_json::json!({
                "ingested": c.ingested - before.ingested,
                "duplicates": c.duplicates - before.duplicates,
                "failed": c.failed - before.failed,
                "custodian": w.custodian,
                "first_id": ids.first(),
                "last_id": ids.last(),
            }),
        )
        .await?;
        tx.commit().await?;
        let max = ids.iter().map(|i| i.0).max().unwrap_or(0) as u64;
        if iw.marks().records + 1 < first.0 as u64 {
            // Records before this batch are missing from the index (a crash, or a sync that
            // could not run): index everything past the mark from the store, this batch too.
            w.to_index.clear();
            w.copies_to_index.clear();
            self.index_new_records(iw).await?;
        }
        for d in std::mem::take(&mut w.to_index) {
            iw.add(&d.as_doc(&w.reference))?;
        }
        // Copies are indexed too (with the first copy's text, read back from the store), so
        // that a search finds every custodian's copy and can fold them.
        let copies = std::mem::take(&mut w.copies_to_index);
        if !copies.is_empty() {
            for r in self.store.read().await?.records_with_text(&copies).await? {
                crate::search::index_record(iw, &r)?;
            }
        }
        iw.set_records_mark(max);
        // The index commits less often than the database: each commit makes a segment that
        // must later be merged, and a crash before it loses nothing (the next open indexes
        // every record past the index's mark).
        if last || w.index_committed.elapsed() >= INDEX_COMMIT_EVERY {
            self.commit_index(w, iw).await?;
        }
        Ok(())
    }

    /// Applies the review changes made meanwhile (the writer is the ingest's until it ends)
    /// and commits the index.
    async fn commit_index(&self, w: &mut Writer, iw: &mut index::Writer) -> Result<()> {
        self.apply_changes(iw).await?;
        iw.commit()?;
        w.index_committed = Instant::now();
        Ok(())
    }
}

fn count(item: &Item) -> usize {
    1 + item.children.iter().map(count).sum::<usize>()
}

/// Files under a path, in name order: (file, size, path as the user will see it).
fn walk(root: &Path) -> impl Iterator<Item = (PathBuf, u64, String)> {
    let shown_root = shown(root);
    let root_is_file = root.is_file();
    let root = root.to_path_buf();
    walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(move |e| {
            let e = e.ok()?;
            if !e.file_type().is_file() {
                return None;
            }
            let size = e.metadata().map(|m| m.len()).unwrap_or(0);
            let shown = if root_is_file {
                shown_root.clone()
            } else {
                let rel = e.path().strip_prefix(&root).ok()?;
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if shown_root.is_empty() {
                    rel.join("/")
                } else {
                    format!("{}/{}", shown_root, rel.join("/"))
                }
            };
            Some((e.into_path(), size, shown))
        })
}

/// A path as given, tidied: no leading `./`, no trailing `/`.
fn shown(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    let s = s.trim_end_matches('/');
    if s == "." {
        String::new()
    } else {
        s.to_string()
    }
}

fn spawn_worker(
    shared: Arc<Shared>,
    jobs: cb::Receiver<Job>,
    out: tokio::sync::mpsc::Sender<Msg>,
    ocr: cb::Sender<Family>,
) {
    std::thread::spawn(move || {
        for job in jobs.iter() {
            if shared.opts.cancel.load(Ordering::Relaxed) {
                if out.blocking_send(Msg::Dropped).is_err() {
                    return;
                }
                continue;
            }
            shared
                .running
                .lock()
                .expect("running lock")
                .insert(job.id, (Instant::now(), job.path.clone(), job.size));
            let item = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                process_file(&shared, &job)
            }))
            .unwrap_or_else(|_| {
                Item::failed(
                    job.path.clone(),
                    "could not be read (the reader crashed on it)",
                )
            });
            // The watchdog may have given up on this job: then it has reported it, and a
            // replacement worker already runs, so this thread ends.
            if shared
                .running
                .lock()
                .expect("running lock")
                .remove(&job.id)
                .is_none()
            {
                return;
            }
            let pages = if shared.opts.ocr {
                item.pages_needing_ocr()
            } else {
                0
            };
            let family = Family {
                job: job.id,
                size: job.size,
                item,
            };
            let sent = if pages > 0 {
                shared.ocr_queued.fetch_add(pages, Ordering::Relaxed);
                ocr.send(family).is_ok()
            } else {
                out.blocking_send(Msg::Family(family)).is_ok()
            };
            if !sent {
                return;
            }
        }
    });
}

fn process_file(shared: &Shared, job: &Job) -> Item {
    // Small files (most of a city's records) are read once into memory: hashed, skipped when
    // already known, packed, and extracted from the same bytes.
    if job.size <= store::PACK_MAX {
        return match read_small(&job.file) {
            Ok(Some(bytes)) => keep_bytes(shared, job.path.clone(), &bytes, 0),
            Ok(None) => put_then_process(shared, job),
            Err(e) => Item::failed(job.path.clone(), format!("cannot be read ({e})")),
        };
    }
    put_then_process(shared, job)
}

fn put_then_process(shared: &Shared, job: &Job) -> Item {
    match shared.originals.put_file(&job.file) {
        Ok(stored) => process_stored(shared, job.path.clone(), stored, 0),
        Err(e) => Item::failed(
            job.path.clone(),
            format!("cannot be read ({})", plain_io(&e)),
        ),
    }
}

/// The whole file when it is (still) small enough to pack.
fn read_small(file: &Path) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(file)?
        .take(store::PACK_MAX + 1)
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= store::PACK_MAX).then_some(bytes))
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn is_known(shared: &Shared, sha: &str) -> bool {
    shared.known.lock().expect("known lock").contains(sha)
}

/// Keeps bytes in memory (a small file, an attachment) unless their content is already in
/// the request, then reads them.
fn keep_bytes(shared: &Shared, path: String, bytes: &[u8], depth: usize) -> Item {
    let sha = sha256_hex(bytes);
    if is_known(shared, &sha) {
        let kind = extract::sniff(
            &bytes[..bytes.len().min(extract::SNIFF_LEN)],
            file_name(&path),
        );
        return Item {
            path,
            sha256: Some(sha),
            size: Some(bytes.len() as u64),
            kind,
            location: None,
            outcome: Outcome::Known,
            children: vec![],
        };
    }
    match shared.originals.put_bytes(bytes) {
        Ok(stored) => process_stored(shared, path, stored, depth),
        Err(e) => Item::failed(path, format!("could not be kept: {}", plain_io(&e))),
    }
}

fn plain_io(e: &store::Error) -> String {
    match e {
        store::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Reads a kept original: from memory for the kinds read in-process, else from a file (the
/// loose original, or a temporary copy of a packed one for the PDF, image and Office readers).
fn process_stored(shared: &Shared, path: String, stored: store::Stored, depth: usize) -> Item {
    let mut item = Item {
        path,
        sha256: Some(stored.sha256.clone()),
        size: Some(stored.size),
        kind: Kind::Unknown,
        location: Some(stored.location.clone()),
        outcome: Outcome::Known,
        children: vec![],
    };
    if is_known(shared, &stored.sha256) {
        return item;
    }
    if depth > MAX_DEPTH {
        item.outcome = Outcome::Failed(format!("nested more than {MAX_DEPTH} levels deep"));
        return item;
    }
    let name = file_name(&item.path).to_string();
    if let Some(bytes) = &stored.bytes {
        let kind = extract::sniff(&bytes[..bytes.len().min(extract::SNIFF_LEN)], &name);
        if let Some(result) = extract::extract_bytes(bytes, &name, kind, &shared.opts.extract) {
            item.kind = kind;
            finish(
                shared,
                &mut item,
                result,
                &mut NameDeduper::default(),
                depth,
            );
            return item;
        }
        match shared.originals.temp_copy(bytes) {
            Ok(tmp) => extract_at(shared, &mut item, tmp.path(), &name, depth),
            Err(e) => {
                item.outcome = Outcome::Failed(format!("could not be read back: {}", plain_io(&e)))
            }
        }
        return item;
    }
    match shared.originals.path_of(&stored.sha256) {
        Ok(file) => extract_at(shared, &mut item, &file, &name, depth),
        Err(e) => item.outcome = Outcome::Failed(e.to_string()),
    }
    item
}

fn extract_at(shared: &Shared, item: &mut Item, file: &Path, name: &str, depth: usize) {
    let opts = &shared.opts;
    item.kind = extract::sniff_file(file, name).unwrap_or(Kind::Unknown);
    let result = extract::extract_file(file, name, item.kind, &opts.extract);
    let mut names = NameDeduper::default();
    if item.kind == Kind::Archive && result.is_ok() {
        let mut children = vec![];
        let parent = item.path.clone();
        let walked = extract::walk_zip(file, &opts.archive, &mut |entry, reader| {
            let child_path = format!("{parent}/{}", names.unique(entry));
            children.push(match reader {
                Ok(r) => match shared.originals.put_reader(r) {
                    Ok(s) => process_stored(shared, child_path, s, depth + 1),
                    Err(e) => Item::failed(
                        child_path,
                        format!("archive entry refused: {}", plain_io(&e)),
                    ),
                },
                Err(f) => Item::failed(child_path, f.0),
            });
            Ok(())
        });
        item.children = children;
        if let Err(f) = walked {
            item.outcome = Outcome::Failed(f.0);
            return;
        }
    }
    finish(shared, item, result, &mut names, depth);
}

/// Records what a reader gave: the text, and the attachments as children.
fn finish(
    shared: &Shared,
    item: &mut Item,
    result: Result<Extracted, extract::Failure>,
    names: &mut NameDeduper,
    depth: usize,
) {
    match result {
        Ok(mut ex) => {
            for att in std::mem::take(&mut ex.attachments) {
                let child_path = format!("{}/{}", item.path, names.unique(&att.name));
                item.children
                    .push(keep_bytes(shared, child_path, &att.bytes, depth + 1));
            }
            if !shared.opts.ocr && !ex.needs_ocr.is_empty() {
                ex.warnings.push(format!(
                    "{} page(s) without text were not OCR'd (OCR was off)",
                    ex.needs_ocr.len()
                ));
            }
            item.outcome = Outcome::Extracted(Box::new(ex));
        }
        Err(f) => item.outcome = Outcome::Failed(f.0),
    }
}

/// Makes entry and attachment names unique within their parent (two attachments called
/// `image001.png` become `image001.png` and `image001 (2).png`), and keeps `/` out of them.
#[derive(Default)]
struct NameDeduper(HashMap<String, u32>);

impl NameDeduper {
    fn unique(&mut self, name: &str) -> String {
        let clean: String = name
            .trim()
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let clean = if clean.is_empty() {
            "unnamed".to_string()
        } else {
            clean
        };
        let n = self.0.entry(clean.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            return clean;
        }
        match clean.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() && !stem.ends_with('/') => {
                format!("{stem} ({n}).{ext}")
            }
            _ => format!("{clean} ({n})"),
        }
    }
}

fn ocr_family(shared: &Shared, item: &mut Item) {
    for c in &mut item.children {
        ocr_family(shared, c);
    }
    let Some(sha) = item.sha256.clone() else {
        return;
    };
    let Outcome::Extracted(ex) = &mut item.outcome else {
        return;
    };
    if ex.needs_ocr.is_empty() {
        return;
    }
    let pages = std::mem::take(&mut ex.needs_ocr);
    let n = pages.len() as u64;
    let location = item.location.clone().unwrap_or(store::Location::Loose);
    let result = shared
        .originals
        .as_file(&sha, &location)
        .map_err(|e| extract::Failure(e.to_string()))
        .and_then(|file| extract::ocr(file.path(), item.kind, &pages, &shared.opts.extract));
    shared.ocr_done.fetch_add(n, Ordering::Relaxed);
    match result {
        Ok(done) => ex.merge_ocr(done),
        Err(f) => {
            if ex.text.trim().is_empty() {
                item.outcome = Outcome::Failed(format!("OCR failed: {}", f.0));
            } else {
                ex.warnings
                    .push(format!("OCR of {n} page(s) failed: {}", f.0));
            }
        }
    }
}

/// What the index gets for a record written in this batch.
struct ToIndex {
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
    fn as_doc<'a>(&'a self, request: &'a str) -> index::IndexDoc<'a> {
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
        }
    }
}

struct Writer {
    request_id: model::RequestId,
    reference: String,
    custodian: Option<String>,
    first_by_sha: HashMap<String, RecordId>,
    report: IngestReport,
    pending: Vec<(u64, Item)>,
    pending_records: usize,
    /// Files another workstation recorded first (see `flush`).
    skipped_elsewhere: u64,
    /// The id the next record gets if no one else writes records meanwhile.
    expected_next: RecordId,
    to_index: Vec<ToIndex>,
    /// Duplicates written in this batch, indexed once their rows are committed.
    copies_to_index: Vec<RecordId>,
    /// When the index last committed.
    index_committed: Instant,
    /// Failures already sent with a progress message.
    failures_reported: usize,
}

impl Writer {
    fn fill(&mut self, p: &mut IngestProgress, shared: &Shared, started: Instant) {
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
    fn plan(
        &mut self,
        item: Item,
        parent: Option<RecordId>,
        at: &str,
        shared: &Shared,
        b: &mut Batch,
    ) {
        let id = b.next_id;
        b.next_id.0 += 1;
        if let (Some(sha), Some(size), Some(location)) = (&item.sha256, item.size, &item.location) {
            b.originals.push(store::NewOriginal {
                sha256: sha.clone(),
                size,
                location: location.clone(),
            });
        }
        if let Some(p) = parent {
            b.links.push((p, id));
        }
        let dup_of = item
            .sha256
            .as_ref()
            .and_then(|s| self.first_by_sha.get(s).copied());
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
                b.records.push(row);
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
                b.records.push(row);
                self.copies_to_index.push(id);
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
                self.first_by_sha.insert(sha.clone(), id);
                shared.known.lock().expect("known lock").insert(sha.clone());
                self.report.counts.ingested += 1;
                self.report.records.push(id);
                row.status = RecordStatus::Ingested;
                row.title = Some(title.clone());
                row.metadata = serde_json::Value::Object(meta).to_string();
                row.text_sha256 = Some(hex::encode(Sha256::digest(ex.text.as_bytes())));
                row.extractor_version = Some(extract::EXTRACTOR_VERSION);
                row.text = Some(ex.text.clone());
                b.records.push(row);
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
                for c in item.children {
                    self.plan(c, Some(id), at, shared, b);
                }
            }
        }
    }
}

/// The rows of one batch, numbered by the writer.
struct Batch {
    next_id: RecordId,
    records: Vec<NewRecord>,
    originals: Vec<store::NewOriginal>,
    pages: Vec<NewPage>,
    links: Vec<(RecordId, RecordId)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_unique_within_a_parent() {
        let mut d = NameDeduper::default();
        assert_eq!(d.unique("image001.png"), "image001.png");
        assert_eq!(d.unique("image001.png"), "image001 (2).png");
        assert_eq!(d.unique("README"), "README");
        assert_eq!(d.unique("README"), "README (2)");
        assert_eq!(d.unique(" "), "unnamed");
        assert_eq!(d.unique("a\nb"), "a b");
    }

    #[test]
    fn paths_are_shown_as_given() {
        assert_eq!(shown(Path::new("./collection/")), "collection");
        assert_eq!(shown(Path::new("/srv/mail")), "/srv/mail");
        assert_eq!(shown(Path::new(".")), "");
    }
}
