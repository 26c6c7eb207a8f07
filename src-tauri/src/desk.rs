//! The app's managed state: where the office lives, the office once opened, who is signed in
//! and when they last did something, and the cancel switch of a running ingest.

use office::{Actor, ApiError, Config, ErrorCode, Office};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::RwLock;

struct Session {
    actor: Actor,
    last_seen: Instant,
}

pub struct Desk {
    config: Result<Config, ApiError>,
    /// Opened on first use, so that a data directory that cannot be opened is reported in
    /// the window (as an error of the first command) instead of killing the app at start.
    office: RwLock<Option<Arc<Office>>>,
    session: Mutex<Option<Session>>,
    /// The office's idle timeout, read at sign-in and when the settings change.
    idle: Mutex<Duration>,
    /// Set by `cancel_ingest`; each ingest gets a fresh one.
    ingest_cancel: Mutex<Arc<AtomicBool>>,
    /// Where dropped files go: the window's channel, registered by `watch_drops`.
    pub drops: Mutex<Option<tauri::ipc::Channel<Vec<String>>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every value behind these locks is whole after any write: a poisoned lock is usable.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Desk {
    pub fn new(config: Result<Config, ApiError>) -> Self {
        Desk {
            config,
            office: RwLock::new(None),
            session: Mutex::new(None),
            idle: Mutex::new(Duration::from_secs(
                u64::from(office::DEFAULT_IDLE_MINUTES) * 60,
            )),
            ingest_cancel: Mutex::new(Arc::new(AtomicBool::new(false))),
            drops: Mutex::new(None),
        }
    }

    /// Where the office is (resolved when the app started).
    pub fn config(&self) -> Result<Config, ApiError> {
        self.config.clone()
    }

    /// The office, opening it on first use.
    pub async fn office(&self) -> Result<Arc<Office>, ApiError> {
        if let Some(office) = self.office.read().await.as_ref() {
            return Ok(office.clone());
        }
        let mut slot = self.office.write().await;
        if let Some(office) = slot.as_ref() {
            return Ok(office.clone());
        }
        let office = Arc::new(Office::open(self.config()?).await?);
        *slot = Some(office.clone());
        Ok(office)
    }

    /// Whether the office is encrypted: it opens only at a sign-in ([`Desk::open_unlocked`]).
    pub fn is_encrypted(&self) -> bool {
        self.config.as_ref().is_ok_and(Config::is_encrypted)
    }

    /// An encrypted office, opened with the key `name`'s password unlocks (refused as a
    /// sign-in is); the office already open when it is.
    pub async fn open_unlocked(&self, name: &str, password: &str) -> Result<Arc<Office>, ApiError> {
        let mut slot = self.office.write().await;
        if let Some(office) = slot.as_ref() {
            return Ok(office.clone());
        }
        let mut config = self.config()?;
        config.unlock(name, password).await?;
        let office = Arc::new(Office::open(config).await?);
        *slot = Some(office.clone());
        Ok(office)
    }

    /// The office if it is open (without opening it).
    pub async fn open_office(&self) -> Option<Arc<Office>> {
        self.office.read().await.clone()
    }

    pub async fn close(&self) {
        if let Some(office) = self.office.write().await.take() {
            office.close().await;
        }
    }

    pub fn set_idle_minutes(&self, minutes: u32) {
        *lock(&self.idle) = Duration::from_secs(u64::from(minutes) * 60);
    }

    /// The signed-in user, or the error every office call would give without one. A session
    /// idle for longer than the office allows has ended: the window must sign in again.
    pub fn actor(&self) -> Result<Actor, ApiError> {
        let idle = *lock(&self.idle);
        let mut slot = lock(&self.session);
        match slot.as_mut() {
            None => Err(ApiError::new(ErrorCode::Unauthenticated, "not signed in")),
            Some(s) if s.last_seen.elapsed() > idle => {
                *slot = None;
                Err(ApiError::new(
                    ErrorCode::Unauthenticated,
                    format!(
                        "signed out after {} minutes without activity",
                        idle.as_secs() / 60
                    ),
                ))
            }
            Some(s) => {
                s.last_seen = Instant::now();
                Ok(s.actor.clone())
            }
        }
    }

    /// Who is signed in, without counting as activity (the window asks after a reload).
    pub fn current(&self) -> Option<Actor> {
        let idle = *lock(&self.idle);
        lock(&self.session)
            .as_ref()
            .filter(|s| s.last_seen.elapsed() <= idle)
            .map(|s| s.actor.clone())
    }

    pub fn set_actor(&self, actor: Option<Actor>) {
        *lock(&self.session) = actor.map(|actor| Session {
            actor,
            last_seen: Instant::now(),
        });
    }

    /// A fresh cancel switch for a new ingest.
    pub fn new_ingest_cancel(&self) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        *lock(&self.ingest_cancel) = flag.clone();
        flag
    }

    pub fn cancel_ingest(&self) {
        lock(&self.ingest_cancel).store(true, std::sync::atomic::Ordering::Relaxed);
    }
}
