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

mod report;
mod walk;
mod workers;
mod writer;

pub use report::{DuplicateEntry, FailedEntry, IngestCounts, IngestProgress, IngestReport};

use crate::{Actor, ApiError, Office, Result};
use crossbeam_channel as cb;
use extract::ArchiveLimits;
use extract::is_mailbox;
use model::{Action, AuditAction, RecordId, RequestRef, RequestState};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use walk::{Found, roots_of, walk};
use workers::{ContentKey, Family, Item, Job, Kept, Msg, Role, Shared, ocr_family, spawn_worker};
use writer::{Batch, Writer};

/// How often the index commits during an ingest (and once at its end).
const INDEX_COMMIT_EVERY: Duration = Duration::from_secs(10);

/// Families in flight between the extraction workers and the writer: enough for a whole
/// batch, so that the workers go on reading while the writer waits for the database. With 256
/// they stood still through every transaction (50,000 messages on a busy machine: 4,000–6,300
/// msgs/s, against 9,800–10,600 with this and the sync beside the INSERTs).
const FAMILIES_IN_FLIGHT: usize = 2048;

/// How far below the text workers OCR runs (nice steps; the window's background work is
/// already at 10, so its OCR runs at 19). Under CFS a nice-10 thread gets about a tenth of a
/// core a busy nice-0 thread leaves, so scans use what the text files do not.
const OCR_NICE: i32 = 10;

/// How often the progress is shown while the writer has nothing to write.
const IDLE_PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// How long the extraction workers must have had nothing to read (no job queued, none being
/// read) before an OCR thread takes its next scan. A lower priority alone already kept the
/// text files' pace on a quiet machine, but only as the scheduler sees fit; this way a folder's
/// text is all in before its scans are read whatever else runs, two OCR threads can then have
/// both cores (scans read twice as fast), and a folder of scans alone starts within this delay.
const OCR_AFTER_TEXT_IDLE: Duration = Duration::from_millis(300);

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
    /// OCR threads, apart from extraction so scans never stall text; default 2. Each takes a
    /// scan only once the text files are all read (see `OCR_AFTER_TEXT_IDLE`).
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
            ocr_workers: 2,
            ocr: true,
            batch_records: 2000,
            cancel: Arc::new(AtomicBool::new(false)),
        }
    }
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
            source_kind(p)?;
        }
        let custodian = opts
            .custodian
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from);
        let (request_id, done_paths, first_by_sha, expected_next, locked) = {
            let mut tx = self.store.read().await?;
            self.authorize(&mut tx, actor, Action::Ingest).await?;
            let req = crate::requests::request_of(&mut tx, &reference).await?;
            if req.state == RequestState::Closed {
                return Err(ApiError::conflict(format!(
                    "request {reference} is closed: reopen it before collecting more records"
                )));
            }
            // With passwords, the request's locked records are read again (in place).
            let locked = if opts.extract.passwords.is_empty() {
                vec![]
            } else {
                tx.locked_records(req.id).await?
            };
            (
                req.id,
                tx.record_paths(req.id).await?,
                tx.first_record_by_sha(req.id)
                    .await?
                    .into_iter()
                    .map(|(sha, id)| (ContentKey::of(&sha), id))
                    .collect::<HashMap<_, _>>(),
                tx.next_record_id().await?,
                locked,
            )
        };
        // Their originals as files, with where they are kept.
        let mut retries = Vec::with_capacity(locked.len());
        for (id, path, sha) in &locked {
            let file = self.original_file(sha).await?;
            let size = std::fs::metadata(file.path()).map(|m| m.len()).unwrap_or(0);
            retries.push((*id, path.clone(), sha.clone(), size, file));
        }
        let index = self.index().await?;
        self.sync_index(&index).await?;

        let started = Instant::now();
        let mut prog = IngestProgress::default();
        // Totals for the progress bar: a walk of its own, off the async threads.
        let to_count = paths.to_vec();
        (prog.files_total, prog.bytes_total) = tokio::task::spawn_blocking(move || {
            to_count
                .iter()
                .flat_map(|p| walk(p, &roots_of(&to_count)))
                .fold((0, 0), |(n, b), f| (n + 1, b + f.size))
        })
        .await
        .map_err(|e| ApiError::internal(format!("counting files: {e}")))?;
        prog.files_total += retries.len() as u64;
        prog.bytes_total += retries.iter().map(|r| r.3).sum::<u64>();
        progress(&prog);
        let locked: HashMap<String, RecordId> =
            retries.iter().map(|r| (r.1.clone(), r.0)).collect();

        let mut opts = opts;
        if opts.extract.scratch.is_none() {
            // OCR's page images and a PDF's embedded files: in the data folder's tmp/, or
            // (an encrypted office) in memory, never on a disk in the clear.
            let root = self.scratch_root();
            std::fs::create_dir_all(&root)
                .map_err(|e| ApiError::internal(format!("creating {}: {e}", root.display())))?;
            opts.extract.scratch = Some(root);
        }
        let shared = Arc::new(Shared {
            originals: self.store.originals().clone(),
            opts: opts.clone(),
            done: done_paths,
            known: Mutex::new(first_by_sha.keys().copied().collect()),
            running: Mutex::new(HashMap::new()),
            ocr_queued: AtomicU64::new(0),
            ocr_done: AtomicU64::new(0),
        });
        let (job_tx, job_rx) = cb::bounded::<Job>(opts.workers.max(1) * 4);
        let (ocr_tx, ocr_rx) = cb::unbounded::<Family>();
        let (out_tx, mut out_rx) = tokio::sync::mpsc::channel::<Msg>(FAMILIES_IN_FLIGHT);

        // The walker: streams jobs, skipping what an earlier run recorded.
        let walker = {
            let paths = paths.to_vec();
            let shared = shared.clone();
            let cancel = opts.cancel.clone();
            let out_tx = out_tx.clone();
            std::thread::spawn(move || {
                let mut jobs = 0;
                let roots = roots_of(&paths);
                'all: for p in &paths {
                    for Found {
                        file,
                        size,
                        shown,
                        refused,
                    } in walk(p, &roots)
                    {
                        if cancel.load(Ordering::Relaxed) {
                            break 'all;
                        }
                        // A mailbox recorded before may not have all its items yet (a killed
                        // run): it is read again for those it lacks.
                        let resume = shared.done.contains(&shown);
                        if resume && !is_mailbox_file(&file) {
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
                                resume,
                                kept: None,
                                refused,
                            })
                            .is_err()
                        {
                            break 'all;
                        }
                    }
                }
                // Locked records read again with the passwords given.
                for (_, path, sha, size, file) in retries {
                    if cancel.load(Ordering::Relaxed) {
                        break;
                    }
                    jobs += 1;
                    let job = Job {
                        id: jobs,
                        path,
                        file: file.path().to_path_buf(),
                        size,
                        resume: false,
                        refused: None,
                        kept: Some(Kept {
                            sha256: sha,
                            _file: file,
                        }),
                    };
                    if job_tx.send(job).is_err() {
                        break;
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
            let (shared, ocr_rx, out_tx, stop, job_rx) = (
                shared.clone(),
                ocr_rx.clone(),
                out_tx.clone(),
                stop.clone(),
                job_rx.clone(),
            );
            std::thread::spawn(move || {
                let mut idle = workers::IdleFor::new(OCR_AFTER_TEXT_IDLE);
                let text_idle =
                    || job_rx.is_empty() && shared.running.lock().expect("running lock").is_empty();
                // OCR's programs (pdftoppm, tesseract) start from this thread and inherit
                // its priority: below the text workers', so that a collection's text files
                // are not slowed by its scans (issue 25), nor anything else the machine runs
                // (the window, the review beside an import).
                workers::lower_this_threads_priority(OCR_NICE);
                while !stop.load(Ordering::Relaxed) {
                    match ocr_rx.recv_timeout(Duration::from_millis(200)) {
                        Ok(mut f) => {
                            let cancelled = || shared.opts.cancel.load(Ordering::Relaxed);
                            // The text files first (OCR_AFTER_TEXT_IDLE).
                            while !stop.load(Ordering::Relaxed)
                                && !cancelled()
                                && !idle.observe(text_idle(), Instant::now())
                            {
                                std::thread::sleep(Duration::from_millis(50));
                            }
                            let msg = if cancelled() {
                                // Not recorded: a later run reads the scan again. (Reading
                                // every scan queued would keep a cancel waiting for minutes.)
                                Msg::Dropped
                            } else {
                                ocr_family(&shared, &mut f.item);
                                Msg::Family(f)
                            };
                            if out_tx.blocking_send(msg).is_err() {
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
                        let role = Role::Whole;
                        if out_tx
                            .blocking_send(Msg::Family(Family {
                                job,
                                size,
                                item,
                                role,
                            }))
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
            locked,
            mailboxes: HashMap::new(),
            pending_records: 0,
            skipped_elsewhere: 0,
            expected_next,
            others_wrote: false,
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
                // Idle (a big file extracting, scans waiting for OCR): still apply review
                // changes now and then, and show the progress (files queued for OCR count as
                // read, and the reading threads say nothing of them to the writer).
                INDEX_COMMIT_EVERY
                    .saturating_sub(w.index_committed.elapsed())
                    .min(IDLE_PROGRESS_EVERY)
            } else {
                batch_window(&w.report.counts).saturating_sub(batch_started.elapsed())
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
                Some(Msg::Finished { size }) => {
                    received += 1;
                    prog.files_done += 1;
                    prog.bytes_done += size;
                }
                Some(Msg::Family(f)) => {
                    if matches!(f.role, Role::Whole) {
                        received += 1;
                        prog.files_done += 1;
                        prog.bytes_done += f.size;
                    }
                    if result.is_ok() {
                        if w.pending.is_empty() {
                            batch_started = Instant::now();
                        }
                        w.pending_records += count(&f.item);
                        w.pending.push((f.job, f.item, f.role));
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
                    || batch_started.elapsed() >= batch_window(&w.report.counts));
            let mut flushed = false;
            if due && result.is_ok() {
                result = self.flush(actor, &mut w, &shared, &mut iw, false).await;
                if result.is_err() {
                    // Stop the pipeline; what is committed stays, a later run does the rest.
                    opts.cancel.store(true, Ordering::Relaxed);
                    w.pending.clear();
                }
                flushed = true;
            }
            // After a batch is written its counts are shown at once: the writer may next wait
            // long for a family (a scan's OCR), and until then the progress would lag behind
            // what is already written.
            if flushed || last_emit.elapsed() >= Duration::from_millis(100) {
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
        // The originals are made durable while the rows are written (a filesystem sync waits
        // on the disk, not the CPU), and before the rows are committed.
        let originals = shared.originals.clone();
        let synced = tokio::task::spawn_blocking(move || originals.sync());
        let at = self.now();
        let before = w.report.counts.clone();
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::Ingest).await?;
        let mut pending = std::mem::take(&mut w.pending);
        // Stable: a mailbox's record stays before its items.
        pending.sort_by_key(|(job, _, _)| *job);
        let first = tx.next_record_id().await?;
        // Another workstation may have taken in some of these files meanwhile (two people
        // ingesting the same folder of a team office): each file is recorded once, by whoever
        // wrote it first; here it counts as skipped. Only once someone else added records
        // since this ingest started is there anything to look for — from then on, in every
        // batch: what they wrote before our last batch may hold paths of our next ones.
        w.others_wrote |= first != w.expected_next;
        let taken = if !w.others_wrote {
            HashSet::new()
        } else {
            let paths: Vec<&str> = pending.iter().map(|(_, i, _)| i.path.as_str()).collect();
            tx.recorded_paths_among(w.request_id, &paths).await?
        };
        if !taken.is_empty() {
            pending.retain(|(_, i, _)| !taken.contains(&i.path));
            w.skipped_elsewhere += taken.len() as u64;
            // Their contents are now another workstation's first copies: a later file with
            // the same content is a duplicate of those.
            for (sha, id) in tx.first_record_by_sha(w.request_id).await? {
                w.first_by_sha.entry(ContentKey::of(&sha)).or_insert(id);
            }
        }
        w.pending_records = 0;
        let mut b = Batch {
            next_id: first,
            records: vec![],
            originals: vec![],
            pages: vec![],
            links: vec![],
            replaced: vec![],
        };
        for (_, item, role) in pending {
            let parent = match role {
                Role::Whole => None,
                Role::Mailbox => {
                    w.mailboxes.insert(item.path.clone(), b.next_id);
                    None
                }
                Role::Item { mailbox } => match w.mailboxes.get(&mailbox) {
                    Some(id) => Some(*id),
                    // Recorded by an earlier run (this one resumes it).
                    None => {
                        let id = tx.record_at_path(w.request_id, &mailbox).await?;
                        if let Some(id) = id {
                            w.mailboxes.insert(mailbox, id);
                        }
                        id
                    }
                },
            };
            w.plan(item, parent, &at, shared, &mut b);
        }
        w.expected_next = b.next_id;
        // Parents before children: rows are in id order already, and a family link may point
        // back at the first copy of a shared attachment, which is always older.
        tx.insert_originals(&b.originals, &at).await?;
        tx.insert_records(&b.records).await?;
        tx.insert_pages(&b.pages).await?;
        tx.insert_family_links(&b.links).await?;
        // Locked records read again: updated in place, and re-indexed from the change log.
        tx.replace_failed_records(&b.replaced).await?;
        let replaced: Vec<RecordId> = b.replaced.iter().map(|r| r.id).collect();
        let unlocked = b
            .replaced
            .iter()
            .filter(|r| r.status != store::RecordStatus::Failed)
            .count();
        tx.note_record_changes(&replaced, actor.name(), &at).await?;
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
                "read_again": replaced,
                "unlocked": unlocked,
            }),
        )
        .await?;
        synced
            .await
            .map_err(|e| ApiError::internal(format!("making the originals durable: {e}")))??;
        if !ids.is_empty() {
            // A request's first records put it in review.
            let req =
                crate::requests::request_of(&mut tx, &RequestRef::parse(&w.reference)?).await?;
            if req.state == RequestState::Open {
                let to = (RequestState::InReview, None);
                let by = (actor.name(), actor.id());
                self.move_request(&mut tx, by, &req, to, "records collected", false)
                    .await?;
            }
        }
        tx.commit().await?;
        store::fault::point("ingest.batch-committed");
        if !replaced.is_empty() {
            self.apply_changes(iw).await?;
        }
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
        store::fault::point("ingest.index-committed");
        w.index_committed = Instant::now();
        Ok(())
    }
}

/// Whether a file is an Outlook mailbox (by its first bytes).
fn is_mailbox_file(file: &std::path::Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 10];
    std::fs::File::open(file)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && is_mailbox(&head)
}

fn count(item: &Item) -> usize {
    1 + item.children.iter().map(count).sum::<usize>()
}

/// What a path given to import is ("folder" or "file"), or why it cannot be imported: the
/// import screen asks as a path is added, so that a mistyped one is refused there and then.
pub fn source_kind(path: &std::path::Path) -> Result<&'static str> {
    let refuse = || {
        ApiError::new(
            crate::ErrorCode::Unreadable,
            format!("{} does not exist or cannot be read", path.display()),
        )
    };
    if path.as_os_str().is_empty() {
        return Err(ApiError::invalid("name a file or folder to import"));
    }
    let meta = std::fs::symlink_metadata(path).map_err(|_| refuse())?;
    Ok(if meta.is_dir() { "folder" } else { "file" })
}

/// How long a batch may gather records before it is written. The first few thousand records
/// go in quarter-second batches, so that the counts a person watches move from the start (a
/// small import is over before a one-second batch would be written); then one second, so that
/// a large import pays for few transactions.
fn batch_window(written: &IngestCounts) -> Duration {
    if written.ingested + written.duplicates + written.failed < 2_000 {
        Duration::from_millis(250)
    } else {
        Duration::from_secs(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_records_are_written_in_short_batches_then_in_long_ones() {
        let mut c = IngestCounts::default();
        assert_eq!(batch_window(&c), Duration::from_millis(250));
        c.ingested = 1_500;
        c.duplicates = 400;
        c.failed = 99;
        assert_eq!(batch_window(&c), Duration::from_millis(250));
        c.failed = 100;
        assert_eq!(batch_window(&c), Duration::from_secs(1));
    }

    #[test]
    fn a_path_to_import_is_a_folder_a_file_or_refused_with_its_name() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("memo.txt");
        std::fs::write(&file, "A memo.").unwrap();
        assert_eq!(source_kind(tmp.path()).unwrap(), "folder");
        assert_eq!(source_kind(&file).unwrap(), "file");
        let missing = tmp.path().join("no-such-folder");
        let e = source_kind(&missing).unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::Unreadable);
        assert_eq!(
            e.message,
            format!("{} does not exist or cannot be read", missing.display())
        );
        assert_eq!(
            source_kind(std::path::Path::new("")).unwrap_err().code,
            crate::ErrorCode::Invalid
        );
    }
}
