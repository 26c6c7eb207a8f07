//! Listing a request's records, and the search index that follows them.

use crate::{Actor, ApiError, Office, Result};
use index::RecordIndex;
use model::{Action, RecordId, RequestRef};
use serde::Serialize;
use std::sync::Arc;

/// A record as `docs` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct RecordSummary {
    pub id: RecordId,
    pub path: String,
    pub kind: String,
    /// `ingested`, `duplicate` or `failed`.
    pub status: String,
    pub custodian: Option<String>,
    pub parent: Option<RecordId>,
    pub duplicate_of: Option<RecordId>,
    pub failure: Option<String>,
    pub title: Option<String>,
    pub sha256: Option<String>,
    pub size: Option<i64>,
    pub disposition: Option<String>,
    pub review_status: String,
}

const INDEX_PAGE: i64 = 2000;

/// One page of search results.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Every matching record of the request, counted exactly.
    pub total: usize,
    /// Milliseconds inside the search (query, ranking, snippets), as Elasticsearch reports it.
    pub took_ms: u64,
    pub hits: Vec<SearchHit>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub doc_id: RecordId,
    pub path: String,
    pub kind: String,
    /// The subject or file name.
    pub title: Option<String>,
    /// The message's date, or the document's creation date, as found.
    pub date: Option<String>,
    pub score: f32,
    /// A passage with the matched words between « and ».
    pub snippet: String,
}

fn index_error(e: index::Error) -> ApiError {
    ApiError::internal(e.to_string())
}

impl Office {
    /// A request's records in the order they were recorded.
    pub async fn records(&self, actor: &Actor, reference: &str) -> Result<Vec<RecordSummary>> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let req = tx
            .request(&reference)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("no request {reference}")))?;
        Ok(tx
            .records(req.id)
            .await?
            .into_iter()
            .map(|r| RecordSummary {
                id: r.id,
                path: r.path,
                kind: r.kind,
                status: r.status.as_str().to_string(),
                custodian: r.custodian,
                parent: r.parent,
                duplicate_of: r.duplicate_of,
                failure: r.failure,
                title: r.title,
                sha256: r.sha256,
                size: r.size,
                disposition: r.disposition,
                review_status: r.review_status,
            })
            .collect())
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

    /// The index, opened (and created or rebuilt when missing, corrupt or of an older
    /// schema) on first use, then brought up to date with the store.
    pub(crate) async fn index(&self) -> Result<Arc<RecordIndex>> {
        let idx = self
            .index
            .get_or_try_init(|| async {
                let (idx, _fresh) =
                    RecordIndex::open(&self.store.dir().join("index")).map_err(index_error)?;
                Ok::<_, ApiError>(Arc::new(idx))
            })
            .await?
            .clone();
        Ok(idx)
    }

    /// Indexes every ingested record past the index's last commit: after a crash between a
    /// database commit and an index commit, nothing stays out of search.
    pub(crate) async fn catch_up_index(&self, idx: &RecordIndex) -> Result<u64> {
        let mut after = idx.last_record_id().map_err(index_error)?;
        let max = self.store.read().await?.max_record_id().await?.0 as u64;
        if after >= max {
            return Ok(0);
        }
        // An ingest in progress holds the writer and indexes as it goes: search then reads
        // what is committed rather than wait.
        let Ok(mut w) = idx.writer() else {
            return Ok(0);
        };
        let mut n = 0;
        loop {
            let batch = self
                .store
                .read()
                .await?
                .records_for_index(RecordId(after as i64), INDEX_PAGE)
                .await?;
            if batch.is_empty() {
                break;
            }
            for r in &batch {
                let fields: std::collections::BTreeMap<String, serde_json::Value> =
                    serde_json::from_str(&r.metadata).unwrap_or_default();
                let f = |k: &str| fields.get(k).and_then(|v| v.as_str()).unwrap_or("");
                w.delete(r.id.0 as u64);
                w.add(&index::IndexDoc {
                    record_id: r.id.0 as u64,
                    request: &r.request,
                    kind: &r.kind,
                    custodian: r.custodian.as_deref().unwrap_or(""),
                    path: &r.path,
                    title: r.title.as_deref().unwrap_or(""),
                    from: f("from"),
                    to: f("to"),
                    cc: f("cc"),
                    subject: f("subject"),
                    date: crate::ingest::parse_date(f("date"))
                        .or_else(|| crate::ingest::parse_date(f("created"))),
                    body: &r.text,
                })
                .map_err(index_error)?;
                n += 1;
            }
            after = batch.last().map(|r| r.id.0 as u64).unwrap_or(after);
        }
        w.commit(max.max(after)).map_err(index_error)?;
        Ok(n)
    }

    /// Rebuilds the search index from the store.
    pub async fn reindex(&self, actor: &Actor) -> Result<u64> {
        {
            let mut tx = self.store.read().await?;
            self.authorize(&mut tx, actor, Action::Search).await?;
        }
        let idx = self.index().await?;
        {
            let mut w = idx.writer().map_err(|e| {
                ApiError::conflict(format!(
                    "the search index is in use by another program ({e})"
                ))
            })?;
            w.clear().map_err(index_error)?;
            w.commit(0).map_err(index_error)?;
        }
        self.catch_up_index(&idx).await
    }

    /// Searches a request's records: the exact total and one page of hits with snippets.
    pub async fn search(
        &self,
        actor: &Actor,
        reference: &str,
        query: &str,
        limit: usize,
        offset: usize,
    ) -> Result<SearchResults> {
        let reference = RequestRef::parse(reference)?;
        if query.trim().is_empty() {
            return Err(ApiError::invalid(
                "an empty query: give words to search for",
            ));
        }
        {
            let mut tx = self.store.read().await?;
            self.authorize(&mut tx, actor, Action::Search).await?;
            tx.request(&reference)
                .await?
                .ok_or_else(|| ApiError::not_found(format!("no request {reference}")))?;
        }
        let idx = self.index().await?;
        self.catch_up_index(&idx).await?;
        let started = std::time::Instant::now();
        let found = idx
            .search(reference.as_str(), query, limit.clamp(1, 10_000), offset)
            .map_err(|e| match e {
                index::Error::Query(m) => {
                    ApiError::invalid(format!("the query does not parse: {m}"))
                }
                e => index_error(e),
            })?;
        let ids: Vec<RecordId> = found
            .hits
            .iter()
            .map(|(id, _)| RecordId(*id as i64))
            .collect();
        let records = self.store.read().await?.records_with_text(&ids).await?;
        let hits = records
            .into_iter()
            .zip(found.hits.iter())
            .map(|(r, (_, score))| {
                let meta: std::collections::BTreeMap<String, serde_json::Value> =
                    serde_json::from_str(&r.metadata).unwrap_or_default();
                let date = ["date", "created"]
                    .iter()
                    .find_map(|k| meta.get(*k).and_then(|v| v.as_str()).map(String::from));
                SearchHit {
                    doc_id: r.id,
                    path: r.path,
                    kind: r.kind,
                    title: r.title,
                    date,
                    score: *score,
                    snippet: marked(&found.snippet(&r.text)),
                }
            })
            .collect();
        Ok(SearchResults {
            total: found.total,
            took_ms: started.elapsed().as_millis() as u64,
            hits,
        })
    }

    /// How many records of a request match a query, and the best `limit` ids (the full
    /// search with snippets and facets is the search issue's).
    pub async fn search_ids(
        &self,
        actor: &Actor,
        reference: &str,
        query: &str,
        limit: usize,
    ) -> Result<(usize, Vec<RecordId>)> {
        let reference = RequestRef::parse(reference)?;
        {
            let mut tx = self.store.read().await?;
            self.authorize(&mut tx, actor, Action::Search).await?;
            tx.request(&reference)
                .await?
                .ok_or_else(|| ApiError::not_found(format!("no request {reference}")))?;
        }
        let idx = self.index().await?;
        self.catch_up_index(&idx).await?;
        let (n, ids) = idx
            .search_ids(reference.as_str(), query, limit)
            .map_err(|e| match e {
                index::Error::Query(m) => ApiError::invalid(m),
                e => index_error(e),
            })?;
        Ok((n, ids.into_iter().map(|i| RecordId(i as i64)).collect()))
    }
}

/// A snippet as one line of text, matched words between « and ».
fn marked(s: &index::Snippet) -> String {
    let mut out = String::with_capacity(s.text.len() + 4 * s.marks.len());
    let mut at = 0;
    for m in &s.marks {
        if m.start < at || m.end > s.text.len() {
            continue;
        }
        out.push_str(&s.text[at..m.start]);
        out.push('«');
        out.push_str(&s.text[m.clone()]);
        out.push('»');
        at = m.end;
    }
    out.push_str(&s.text[at..]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
