//! The extraction and OCR workers: items, jobs, families, messages, the state they share.

use super::{IngestOptions, MAX_DEPTH};
use crate::Result;
use crossbeam_channel as cb;
use extract::{Extracted, Kind};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store::Originals;

/// One collected item on its way to the writer, with its children.
pub(super) struct Item {
    pub(super) path: String,
    pub(super) sha256: Option<String>,
    pub(super) size: Option<u64>,
    pub(super) kind: Kind,
    /// Where the original was kept (None: not kept by this run, its content was known).
    pub(super) location: Option<store::Location>,
    pub(super) outcome: Outcome,
    pub(super) children: Vec<Item>,
    /// A locked original opened with a password the clerk gave: its readable copy, kept
    /// beside it and read, rendered and OCR'd in its place.
    pub(super) readable: Option<Box<Readable>>,
}

/// Where a locked original's readable copy is kept.
#[derive(Clone)]
pub(super) struct Readable {
    pub(super) sha256: String,
    pub(super) size: u64,
    pub(super) location: store::Location,
}

pub(super) enum Outcome {
    Extracted(Box<Extracted>),
    /// Content already known: not extracted, the writer records a duplicate.
    Known,
    Failed(String),
}

impl Item {
    pub(super) fn failed(path: String, reason: impl Into<String>) -> Item {
        Item {
            path,
            sha256: None,
            size: None,
            kind: Kind::Unknown,
            location: None,
            outcome: Outcome::Failed(reason.into()),
            children: vec![],
            readable: None,
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
pub(super) struct Job {
    pub(super) id: u64,
    pub(super) path: String,
    pub(super) file: PathBuf,
    pub(super) size: u64,
    /// A mailbox an earlier run recorded: only the items it had not yet taken are read.
    pub(super) resume: bool,
    /// A locked record read again with the passwords given: its original, already kept.
    pub(super) kept: Option<Kept>,
    /// Why the walk would not read this path (a link outside the folders given, a loop):
    /// recorded as failed with this reason.
    pub(super) refused: Option<String>,
}

/// The original of a record tried again, as the request keeps it.
pub(super) struct Kept {
    pub(super) sha256: String,
    /// The file at `Job::file` (a packed original's temporary copy lives as long as this).
    pub(super) _file: store::OriginalFile,
}

/// A top-level file's whole family, done; or one part of a mailbox streamed item by item.
pub(super) struct Family {
    /// The walker's sequence number: a batch is written in walk order.
    pub(super) job: u64,
    pub(super) size: u64,
    pub(super) item: Item,
    pub(super) role: Role,
}

/// What a family is to its job.
pub(super) enum Role {
    /// The job's whole family: its coming back ends the job.
    Whole,
    /// A mailbox record, sent before its items (the job ends with `Msg::Finished`).
    Mailbox,
    /// One item of the mailbox recorded at this path, a family of its own.
    Item { mailbox: String },
}

/// What reaches the writer. Every job the walker sends comes back exactly once, as a
/// `Family` or `Dropped`; the writer stops when the walker is done and all have come back
/// (not when the channel closes: a worker abandoned by the watchdog may never let go of it).
pub(super) enum Msg {
    Family(Family),
    /// A file recorded by an earlier run, skipped.
    Skipped {
        size: u64,
    },
    /// A job not processed because the ingest was cancelled.
    Dropped,
    /// A job whose families were sent as parts (a mailbox) is done.
    Finished {
        size: u64,
    },
    /// The walker is done: it sent this many jobs.
    WalkDone {
        jobs: u64,
    },
}

/// State shared by the threads.
pub(super) struct Shared {
    pub(super) originals: Originals,
    pub(super) opts: IngestOptions,
    /// Paths the request had recorded before this run (a mailbox resuming skips its items).
    pub(super) done: HashSet<String>,
    /// Content hashes the writer has recorded as ingested: workers skip extracting them.
    pub(super) known: Mutex<HashSet<ContentKey>>,
    /// Jobs in progress: id → (started, path, size). The watchdog fails those past the limit.
    pub(super) running: Mutex<HashMap<u64, (Instant, String, u64)>>,
    pub(super) ocr_queued: AtomicU64,
    pub(super) ocr_done: AtomicU64,
}

pub(super) fn spawn_worker(
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
            let stream = Stream {
                job: job.id,
                out: &out,
                streamed: std::cell::Cell::new(false),
            };
            let item = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                if job.resume {
                    stream_mailbox(&shared, &job.file, &job.path, &stream);
                    stream.streamed.set(true);
                    return None;
                }
                let item = process_file(&shared, &job, &stream);
                (!stream.streamed.get()).then_some(item)
            }))
            .unwrap_or_else(|_| {
                // A mailbox that crashed part-way: what was sent stays, a later run resumes.
                (!stream.streamed.get()).then(|| {
                    Item::failed(
                        job.path.clone(),
                        "could not be read (the reader crashed on it)",
                    )
                })
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
            let Some(item) = item else {
                if out.blocking_send(Msg::Finished { size: job.size }).is_err() {
                    return;
                }
                continue;
            };
            let pages = if shared.opts.ocr {
                item.pages_needing_ocr()
            } else {
                0
            };
            let family = Family {
                job: job.id,
                size: job.size,
                item,
                role: Role::Whole,
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

/// A job's way to the writer for a file whose records go one by one (a mailbox).
pub(super) struct Stream<'a> {
    job: u64,
    out: &'a tokio::sync::mpsc::Sender<Msg>,
    /// Set once the job's records went as parts: the job ends with `Msg::Finished`.
    streamed: std::cell::Cell<bool>,
}

impl Stream<'_> {
    fn send(&self, item: Item, role: Role) -> bool {
        self.out
            .blocking_send(Msg::Family(Family {
                job: self.job,
                size: 0,
                item,
                role,
            }))
            .is_ok()
    }

    /// Tells the watchdog the job is alive and what it reads now; false when the watchdog
    /// has given up on it (or the ingest is cancelled): stop.
    fn heartbeat(&self, shared: &Shared, path: &str) -> bool {
        if shared.opts.cancel.load(Ordering::Relaxed) {
            return false;
        }
        let mut running = shared.running.lock().expect("running lock");
        match running.get_mut(&self.job) {
            Some(entry) => {
                entry.0 = Instant::now();
                entry.1 = path.to_string();
                true
            }
            None => false,
        }
    }
}

fn process_file(shared: &Shared, job: &Job, stream: &Stream) -> Item {
    if let Some(reason) = &job.refused {
        return Item::failed(job.path.clone(), reason.clone());
    }
    if let Some(kept) = &job.kept {
        // Read from the original as kept (not kept again); the writer updates the record.
        let mut item = Item {
            sha256: Some(kept.sha256.clone()),
            size: Some(job.size),
            outcome: Outcome::Known,
            ..Item::failed(job.path.clone(), "")
        };
        extract_at(
            shared,
            &mut item,
            &job.file,
            file_name(&job.path),
            0,
            Some(stream),
        );
        return item;
    }
    // Small files (most of a city's records) are read once into memory: hashed, skipped when
    // already known, packed, and extracted from the same bytes.
    if job.size <= store::PACK_MAX {
        return match read_small(&job.file) {
            Ok(Some(bytes)) => keep_bytes(shared, job.path.clone(), &bytes, 0, Some(stream)),
            Ok(None) => put_then_process(shared, job, stream),
            Err(e) => Item::failed(job.path.clone(), format!("cannot be read ({e})")),
        };
    }
    put_then_process(shared, job, stream)
}

fn put_then_process(shared: &Shared, job: &Job, stream: &Stream) -> Item {
    match shared.originals.put_file(&job.file) {
        Ok(stored) => {
            store::fault::point("ingest.original-stored");
            process_stored(shared, job.path.clone(), stored, 0, Some(stream))
        }
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
    shared
        .known
        .lock()
        .expect("known lock")
        .contains(&ContentKey::of(sha))
}

/// A SHA-256 as the 32 bytes it stands for: the ingest keeps one or two per record of the
/// request in memory (which contents it holds, and their first records), and as hexadecimal
/// text each took three times the room (≈ 70 MB more at 500,000 records).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) struct ContentKey([u8; 32]);

impl ContentKey {
    /// From the hexadecimal form the store keeps; anything else (which no original has)
    /// becomes a key of its own, so that it never matches a real content.
    pub(super) fn of(hex_sha: &str) -> ContentKey {
        let mut k = [0u8; 32];
        if hex::decode_to_slice(hex_sha, &mut k).is_err() {
            let d = Sha256::digest(format!("not a sha-256: {hex_sha}").as_bytes());
            k.copy_from_slice(&d);
        }
        ContentKey(k)
    }
}

/// Keeps bytes in memory (a small file, an attachment) unless their content is already in
/// the request, then reads them.
fn keep_bytes(
    shared: &Shared,
    path: String,
    bytes: &[u8],
    depth: usize,
    stream: Option<&Stream>,
) -> Item {
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
            readable: None,
        };
    }
    match shared.originals.put_bytes(bytes) {
        Ok(stored) => {
            store::fault::point("ingest.original-stored");
            process_stored(shared, path, stored, depth, stream)
        }
        Err(e) => Item::failed(path, format!("could not be kept: {}", plain_io(&e))),
    }
}

fn plain_io(e: &store::Error) -> String {
    match e {
        store::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    }
}

pub(super) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Reads a kept original: from memory for the kinds read in-process, else from a file (the
/// loose original, or a temporary copy of a packed one for the PDF, image and Office readers).
fn process_stored(
    shared: &Shared,
    path: String,
    stored: store::Stored,
    depth: usize,
    stream: Option<&Stream>,
) -> Item {
    let mut item = Item {
        path,
        sha256: Some(stored.sha256.clone()),
        size: Some(stored.size),
        kind: Kind::Unknown,
        location: Some(stored.location.clone()),
        outcome: Outcome::Known,
        children: vec![],
        readable: None,
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
            Ok(tmp) => extract_at(shared, &mut item, tmp.path(), &name, depth, stream),
            Err(e) => {
                item.outcome = Outcome::Failed(format!("could not be read back: {}", plain_io(&e)))
            }
        }
        return item;
    }
    // The loose original itself (a sealed one's plaintext, in memory).
    match shared
        .originals
        .as_file(&stored.sha256, &store::Location::Loose)
    {
        Ok(file) => extract_at(shared, &mut item, file.path(), &name, depth, stream),
        Err(e) => item.outcome = Outcome::Failed(e.to_string()),
    }
    item
}

fn extract_at(
    shared: &Shared,
    item: &mut Item,
    file: &Path,
    name: &str,
    depth: usize,
    stream: Option<&Stream>,
) {
    let opts = &shared.opts;
    item.kind = extract::sniff_file(file, name).unwrap_or(Kind::Unknown);
    let mut result = extract::extract_file(file, name, item.kind, &opts.extract);
    if matches!(&result, Err(f) if f.is_encrypted())
        && let Some(r) = read_unlocked(shared, item, file, name)
    {
        result = r;
    }
    let mut names = NameDeduper::default();
    if item.kind == Kind::Pst && result.is_ok() {
        finish(shared, item, result, &mut names, depth);
        match stream {
            // A mailbox collected as a file streams: its record first, then each item as a
            // family of its own, so that memory stays flat and a killed run resumes.
            Some(s) if depth == 0 => {
                let path = item.path.clone();
                let mailbox = std::mem::replace(item, Item::failed(String::new(), ""));
                s.streamed.set(true);
                if s.send(mailbox, Role::Mailbox) {
                    stream_mailbox(shared, file, &path, s);
                }
            }
            // Inside an archive or attached to a message: its items are the item's children.
            _ => {
                let parent = item.path.clone();
                match extract::open_mailbox(file) {
                    Ok(mailbox) => mailbox.walk(&mut |_| true, &mut |mi| {
                        let path = format!("{parent}/{}", mi.name);
                        item.children.push(match mi.message {
                            Ok(bytes) => keep_bytes(shared, path, &bytes, depth + 1, None),
                            Err(f) => Item::failed(path, f.0),
                        });
                        true
                    }),
                    Err(f) => item.outcome = Outcome::Failed(f.0),
                }
            }
        }
        return;
    }
    if item.kind == Kind::Archive && result.is_ok() {
        let mut children = vec![];
        let parent = item.path.clone();
        let walked = extract::walk_zip(file, &opts.archive, &mut |entry, reader| {
            let child_path = format!("{parent}/{}", names.unique(entry));
            children.push(match reader {
                Ok(r) => match shared.originals.put_reader(r) {
                    Ok(s) => process_stored(shared, child_path, s, depth + 1, None),
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

/// A locked file, when the clerk gave passwords: opened with the one that fits, its readable
/// copy kept beside the original (which stays as collected) and read in its place. None when
/// there were no passwords to try.
fn read_unlocked(
    shared: &Shared,
    item: &mut Item,
    file: &Path,
    name: &str,
) -> Option<Result<Extracted, extract::Failure>> {
    let opts = &shared.opts.extract;
    let unlocked = match extract::unlock(file, item.kind, opts) {
        Ok(None) => return None,
        Ok(Some(u)) => u,
        Err(f) => return Some(Err(f)),
    };
    let kept = shared
        .originals
        .put_bytes(&unlocked.bytes)
        .and_then(|stored| {
            let copy = shared.originals.temp_copy(&unlocked.bytes)?;
            Ok((stored, copy))
        });
    let (stored, copy) = match kept {
        Ok(k) => k,
        Err(e) => {
            return Some(Err(extract::Failure(format!(
                "opened with a password, but its readable copy could not be kept: {}",
                plain_io(&e)
            ))));
        }
    };
    item.kind = extract::sniff_file(copy.path(), name).unwrap_or(Kind::Unknown);
    let mut result = extract::extract_file(copy.path(), name, item.kind, opts);
    if let Ok(ex) = &mut result {
        ex.fields
            .insert(model::READABLE_COPY.into(), stored.sha256.clone());
        ex.warnings.push(
            "opened with a password given at ingest (the password is not kept); a readable copy is kept beside the original"
                .into(),
        );
    }
    item.readable = Some(Box::new(Readable {
        sha256: stored.sha256,
        size: stored.size,
        location: stored.location,
    }));
    Some(result)
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
                    .push(keep_bytes(shared, child_path, &att.bytes, depth + 1, None));
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

/// Sends a mailbox's items, each as a family of its own under the mailbox recorded at
/// `mailbox_path`, skipping those an earlier run recorded. Stops when the ingest is cancelled
/// or the watchdog gives up on an item (that item is then recorded as too slow).
fn stream_mailbox(shared: &Shared, file: &Path, mailbox_path: &str, s: &Stream) {
    let role = || Role::Item {
        mailbox: mailbox_path.to_string(),
    };
    let mailbox = match extract::open_mailbox(file) {
        Ok(m) => m,
        Err(f) => {
            // Read once already (a resumed run finds the file changed or damaged since).
            let path = format!("{mailbox_path}/(mailbox)");
            if !shared.done.contains(&path) {
                s.send(Item::failed(path, f.0), role());
            }
            return;
        }
    };
    mailbox.walk(
        &mut |name| !shared.done.contains(&format!("{mailbox_path}/{name}")),
        &mut |mi| {
            let path = format!("{mailbox_path}/{}", mi.name);
            if !s.heartbeat(shared, &path) {
                return false;
            }
            let mut item = match mi.message {
                Ok(bytes) => keep_bytes(shared, path, &bytes, 1, None),
                Err(f) => Item::failed(path, f.0),
            };
            let pages = item.pages_needing_ocr();
            if shared.opts.ocr && pages > 0 {
                // Read here, so that every part is in before the job says it is finished.
                shared.ocr_queued.fetch_add(pages, Ordering::Relaxed);
                ocr_family(shared, &mut item);
            }
            s.send(item, role())
        },
    );
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

/// Whether something has been true for at least `needed`, from observations of it.
pub(super) struct IdleFor {
    needed: Duration,
    since: Option<Instant>,
}

impl IdleFor {
    pub(super) fn new(needed: Duration) -> Self {
        IdleFor {
            needed,
            since: None,
        }
    }

    pub(super) fn observe(&mut self, idle: bool, now: Instant) -> bool {
        if !idle {
            self.since = None;
            return false;
        }
        let since = *self.since.get_or_insert(now);
        now.duration_since(since) >= self.needed
    }
}

/// Raises the calling thread's nice value by `by` (at most to 19): on Linux a thread's
/// priority is its own, and the programs it starts inherit it. Elsewhere nothing.
pub(super) fn lower_this_threads_priority(by: i32) {
    #[cfg(target_os = "linux")]
    {
        let me = rustix::thread::gettid();
        if let Ok(now) = rustix::process::getpriority_process(Some(me)) {
            let _ = rustix::process::setpriority_process(Some(me), (now + by).min(19));
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = by;
}

pub(super) fn ocr_family(shared: &Shared, item: &mut Item) {
    for c in &mut item.children {
        ocr_family(shared, c);
    }
    // A locked original is read through its readable copy.
    let (sha, location) = match (&item.readable, &item.sha256) {
        (Some(r), _) => (r.sha256.clone(), r.location.clone()),
        (None, Some(sha)) => (
            sha.clone(),
            item.location.clone().unwrap_or(store::Location::Loose),
        ),
        (None, None) => return,
    };
    let Outcome::Extracted(ex) = &mut item.outcome else {
        return;
    };
    if ex.needs_ocr.is_empty() {
        return;
    }
    let pages = std::mem::take(&mut ex.needs_ocr);
    let n = pages.len() as u64;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The OCR thread runs below the text workers, and so do the programs it starts
    /// (pdftoppm, tesseract); the other threads keep their priority.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_lowered_thread_s_programs_inherit_its_priority_and_no_other_thread_changes() {
        let nice = |tid| rustix::process::getpriority_process(Some(tid)).unwrap();
        let mine = nice(rustix::thread::gettid());
        let (before, after, program) = std::thread::spawn(move || {
            let me = rustix::thread::gettid();
            let before = nice(me);
            lower_this_threads_priority(10);
            let printed = std::process::Command::new("nice").output().unwrap().stdout;
            let program: i32 = String::from_utf8_lossy(&printed).trim().parse().unwrap();
            (before, nice(me), program)
        })
        .join()
        .unwrap();
        assert_eq!(after, (before + 10).min(19));
        assert_eq!(program, after, "a program started from the thread");
        assert_eq!(
            nice(rustix::thread::gettid()),
            mine,
            "this thread is left as it was"
        );
    }

    #[test]
    fn idle_counts_only_an_unbroken_stretch() {
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let mut idle = IdleFor::new(Duration::from_millis(300));
        assert!(!idle.observe(true, ms(0)), "idle has only just begun");
        assert!(!idle.observe(true, ms(299)));
        assert!(idle.observe(true, ms(300)), "idle for the whole stretch");
        // Busy once: the stretch starts again from the next idle observation.
        assert!(!idle.observe(false, ms(310)));
        assert!(!idle.observe(true, ms(320)));
        assert!(!idle.observe(true, ms(600)));
        assert!(idle.observe(true, ms(620)));
    }

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
    fn a_content_key_is_the_hash_s_bytes_and_nothing_else_matches_it() {
        let hex = sha256_hex(b"a memo");
        let key = ContentKey::of(&hex);
        assert_eq!(hex::encode(key.0), hex);
        assert_eq!(key, ContentKey::of(&hex.to_uppercase()));
        assert_ne!(key, ContentKey::of(&sha256_hex(b"another memo")));
        // Not a SHA-256: a key of its own, the same each time, equal to no real content's.
        let odd = ContentKey::of("not hex");
        assert_eq!(odd, ContentKey::of("not hex"));
        assert_ne!(odd, ContentKey::of("not hex either"));
        assert_ne!(odd, ContentKey::of(&sha256_hex(b"not hex")));
        assert_ne!(ContentKey::of(""), ContentKey([0; 32]));
    }
}
