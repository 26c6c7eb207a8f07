//! The app's managed state: where the office lives, the office once opened, and who is
//! signed in.

use office::{Actor, ApiError, Config, ErrorCode, Office};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::RwLock;

pub struct Desk {
    data_dir: Option<PathBuf>,
    /// Opened on first use, so that a data directory that cannot be opened is reported in
    /// the window (as an error of the first command) instead of killing the app at start.
    office: RwLock<Option<Arc<Office>>>,
    actor: Mutex<Option<Actor>>,
}

impl Desk {
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        Desk {
            data_dir,
            office: RwLock::new(None),
            actor: Mutex::new(None),
        }
    }

    fn config(&self) -> Result<Config, ApiError> {
        self.data_dir.as_ref().map(Config::new).ok_or_else(|| {
            ApiError::new(
                ErrorCode::Unreadable,
                "no platform data directory: set DISCLOSE_DATA_DIR",
            )
        })
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

    pub async fn close(&self) {
        if let Some(office) = self.office.write().await.take() {
            office.close().await;
        }
    }

    fn actor_slot(&self) -> MutexGuard<'_, Option<Actor>> {
        // An Option<Actor> cannot be left half-written: a poisoned lock is still usable.
        self.actor.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The signed-in user, or the error every office call would give without one.
    pub fn actor(&self) -> Result<Actor, ApiError> {
        self.actor_slot()
            .clone()
            .ok_or_else(|| ApiError::new(ErrorCode::Unauthenticated, "not signed in"))
    }

    pub fn current(&self) -> Option<Actor> {
        self.actor_slot().clone()
    }

    pub fn set_actor(&self, actor: Option<Actor>) {
        *self.actor_slot() = actor;
    }
}
