//! Listing a request's records, their originals and text.

use crate::{Actor, ApiError, Office, Result};
use model::{Action, Disposition, RecordId, RecordKind, RecordStatus, RequestRef, ReviewStatus};
use serde::Serialize;

/// A record as `docs` lists it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordSummary {
    pub id: RecordId,
    pub path: String,
    pub kind: RecordKind,
    pub status: RecordStatus,
    pub custodian: Option<String>,
    pub parent: Option<RecordId>,
    pub duplicate_of: Option<RecordId>,
    pub failure: Option<String>,
    pub title: Option<String>,
    pub sha256: Option<String>,
    pub size: Option<i64>,
    pub disposition: Option<Disposition>,
    pub review_status: ReviewStatus,
    /// An Outlook item's folder in its mailbox (`Inbox/Permits`).
    pub folder: Option<String>,
    /// What an Outlook item is when not a message (`meeting`, `contact`, `task`, …).
    pub item: Option<String>,
    /// A message's conversation (the id of its first record), once grouped; null otherwise.
    pub thread: Option<RecordId>,
    /// For a message: whether it is inclusive (reading the inclusive messages of a
    /// conversation reads all of it); null for other records.
    pub inclusive: Option<bool>,
    /// The record's near-duplicate group (the id of its pivot record), or null.
    pub near_dup_group: Option<RecordId>,
    /// Its similarity to the group's pivot (0–1), or null.
    pub similarity: Option<f64>,
    /// The review batch it is in, or null.
    pub batch: Option<i64>,
}

impl Office {
    /// A request's records in the order they were recorded.
    pub async fn records(&self, actor: &Actor, reference: &str) -> Result<Vec<RecordSummary>> {
        self.records_after(actor, reference, RecordId(0), usize::MAX)
            .await
    }

    /// At most `limit` of a request's records with an id above `after`, in the order they were
    /// recorded: the review screen reads a long list a chunk at a time, the next chunk after
    /// the last id of the one before, and shows the first record as soon as the first arrives.
    pub async fn records_after(
        &self,
        actor: &Actor,
        reference: &str,
        after: RecordId,
        limit: usize,
    ) -> Result<Vec<RecordSummary>> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        Ok(tx
            .records_after(req.id, after, limit)
            .await?
            .into_iter()
            .map(|r| RecordSummary {
                id: r.id,
                path: r.path,
                kind: r.kind,
                status: r.status,
                custodian: r.custodian,
                parent: r.parent,
                duplicate_of: r.duplicate_of,
                failure: r.failure,
                title: r.title,
                sha256: r.sha256,
                size: r.size,
                disposition: r.disposition,
                review_status: r.review_status,
                folder: r.folder,
                item: r.item,
                thread: r.conversation,
                inclusive: r.inclusive,
                near_dup_group: r.near_dup_group,
                similarity: r.similarity,
                batch: r.batch,
            })
            .collect())
    }

    /// A path to an original's bytes for tools that need a file (the loose file, or a
    /// temporary copy of a packed one, removed when dropped).
    pub(crate) async fn original_file(&self, sha: &str) -> Result<store::OriginalFile> {
        let location = self.original_location(sha).await?;
        Ok(self.store.originals().as_file(sha, &location)?)
    }

    /// An original as a file, after checking its bytes still hash to `sha` (what is rendered
    /// for release must be what was collected and reviewed).
    pub(crate) async fn checked_original_file(&self, sha: &str) -> Result<store::OriginalFile> {
        let location = self.original_location(sha).await?;
        let unchanged = self
            .store
            .originals()
            .verify(sha, &location)
            .unwrap_or(false);
        if !unchanged {
            return Err(ApiError::new(
                crate::ErrorCode::Unreadable,
                "its original is missing or no longer matches its SHA-256",
            ));
        }
        Ok(self.store.originals().as_file(sha, &location)?)
    }

    async fn original_location(&self, sha: &str) -> Result<store::Location> {
        self.store
            .read()
            .await?
            .original_location(sha)
            .await?
            .ok_or_else(|| ApiError::internal(format!("original {sha} is not stored")))
    }

    /// A record's original, byte for byte as collected.
    pub async fn original(&self, actor: &Actor, id: RecordId) -> Result<Vec<u8>> {
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let sha = tx.record_sha256(id).await?.ok_or_else(|| {
            ApiError::not_found(format!(
                "record {id} has no original (it could not be read)"
            ))
        })?;
        let location = tx.original_location(&sha).await?.ok_or_else(|| {
            ApiError::internal(format!("original {sha} of record {id} is not recorded"))
        })?;
        drop(tx);
        Ok(self.store.originals().read(&sha, &location)?)
    }

    /// A record's extracted text.
    pub async fn record_text(&self, actor: &Actor, id: RecordId) -> Result<String> {
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        tx.record_text(id)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("record {id} has no text")))
    }
}
