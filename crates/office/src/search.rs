//! Search: the index that follows the store, queries with snippets and facets, search-term
//! reports and saved searches.

use crate::{Actor, ApiError, Office, Result};
use index::{IndexDoc, RecordIndex};
use model::{Action, AuditAction, Disposition, RecordId, RecordKind, RequestRef};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use store::RecordForIndex;

pub use index::Sort;

const INDEX_PAGE: i64 = 2000;
/// The most hits one page may ask for.
pub const MAX_PAGE: usize = 10_000;

/// Most terms one search-term report runs. Counsel's lists run to tens or hundreds of terms;
/// each term is a query of its own, and 60,000 fuzzy terms once took 44 s.
pub const MAX_REPORT_TERMS: usize = 5_000;

/// Most prefixes and fuzzy words (`permit*`, `lathrop~1`) in all the terms of one report
/// (each reads the term dictionary and the postings of every word it stands for; one query
/// may hold [`index::MAX_EXPANDING_TERMS`]).
pub const MAX_REPORT_EXPANDING: usize = 5_000;

/// Most words, phrases and field values in all the terms of one report (one query may hold
/// [`index::MAX_QUERY_TERMS`]).
pub const MAX_REPORT_WORDS: usize = 20_000;

/// How to search and what to return besides the hits.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct SearchOptions {
    pub limit: usize,
    pub offset: usize,
    #[serde(with = "sort_name")]
    #[cfg_attr(feature = "ts", ts(type = "\"relevance\" | \"newest\" | \"oldest\""))]
    pub sort: Sort,
    /// One hit per original (SHA-256), with how many copies matched.
    pub fold: bool,
    pub facets: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 20,
            offset: 0,
            sort: Sort::Relevance,
            fold: false,
            facets: true,
        }
    }
}

/// `relevance`, `newest`, `oldest`.
pub mod sort_name {
    use super::Sort;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn name(s: Sort) -> &'static str {
        match s {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    }

    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "relevance" => Some(Sort::Relevance),
            "newest" => Some(Sort::Newest),
            "oldest" => Some(Sort::Oldest),
            _ => None,
        }
    }

    pub fn serialize<S: Serializer>(s: &Sort, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(name(*s))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Sort, D::Error> {
        let s = String::deserialize(d)?;
        parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("sort is relevance, newest or oldest, not \"{s}\""))
        })
    }
}

/// One page of search results.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchResults {
    /// Every matching record of the request, counted exactly.
    pub total: u64,
    /// Folded: how many distinct originals those records are copies of.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub originals: Option<u64>,
    /// Milliseconds inside the search (query, ranking, facets, snippets), as Elasticsearch
    /// reports it.
    pub took_ms: u64,
    pub offset: usize,
    pub hits: Vec<SearchHit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub facets: Option<SearchFacets>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchHit {
    pub doc_id: RecordId,
    pub path: String,
    pub kind: RecordKind,
    /// The subject or file name.
    pub title: Option<String>,
    /// The message's date, or the document's creation date, as found.
    pub date: Option<String>,
    pub custodian: Option<String>,
    /// A message's sender (or a document's author), as found.
    pub from: Option<String>,
    pub disposition: Option<Disposition>,
    pub score: f32,
    /// Folded: how many copies of this original matched (1 otherwise).
    pub copies: u64,
    /// A passage with the matched words between « and ».
    pub snippet: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Counts over every matching record, largest first (months in calendar order).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchFacets {
    pub custodian: Vec<FacetCount>,
    pub kind: Vec<FacetCount>,
    /// `YYYY-MM` of the record's date as written in it.
    pub month: Vec<FacetCount>,
    pub disposition: Vec<FacetCount>,
    pub status: Vec<FacetCount>,
    pub exemption: Vec<FacetCount>,
}

impl From<index::Facets> for SearchFacets {
    fn from(f: index::Facets) -> Self {
        let c = |v: Vec<(String, u64)>| {
            v.into_iter()
                .map(|(value, count)| FacetCount { value, count })
                .collect()
        };
        SearchFacets {
            custodian: c(f.custodian),
            kind: c(f.kind),
            month: c(f.month),
            // Not decided yet: "undecided", as the hits and the review screen say (the index
            // stores it as `none`; `disposition:undecided` finds it).
            disposition: f
                .disposition
                .into_iter()
                .map(|(value, count)| FacetCount {
                    value: if value == "none" {
                        "undecided".into()
                    } else {
                        value
                    },
                    count,
                })
                .collect(),
            status: c(f.status),
            exemption: c(f.exemption),
        }
    }
}

/// A search-term report: per term, the records it hits, those with their families, and
/// those no other term of the list hits.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TermReport {
    pub request: String,
    pub terms: Vec<TermRow>,
    /// Records hit by any of the terms, and with their families.
    pub any: TermTotals,
    pub took_ms: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TermRow {
    pub term: String,
    pub hits: u64,
    pub with_families: u64,
    pub unique: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TermTotals {
    pub hits: u64,
    pub with_families: u64,
}

pub use store::SavedSearch;

fn doc_of(r: &RecordForIndex) -> IndexDoc<'_> {
    let f = |k: &str| r.metadata.get(k).unwrap_or("");
    IndexDoc {
        record_id: r.id.0 as u64,
        request: &r.request,
        sha256: r.sha256.as_deref().unwrap_or(""),
        kind: r.kind.as_str(),
        custodian: r.custodian.as_deref().unwrap_or(""),
        path: &r.path,
        title: r.title.as_deref().unwrap_or(""),
        from: f("from"),
        to: f("to"),
        cc: f("cc"),
        subject: f("subject"),
        date: index::wall_clock_secs(f("date")).or_else(|| index::wall_clock_secs(f("created"))),
        body: &r.text,
        disposition: r.disposition.map_or("", Disposition::as_str),
        status: r.review_status.as_str(),
        exemptions: &r.exemptions,
        thread: r.conversation.map(|c| c.0 as u64),
        inclusive: r.inclusive,
        original_path: r.duplicate_of.and(r.original_path.as_deref()),
    }
}

/// Adds (or replaces) a record in the index as the store has it now. A record that could not
/// be read has no text and is not searched.
pub(crate) fn index_record(w: &mut index::Writer, r: &RecordForIndex) -> Result<()> {
    w.delete(r.id.0 as u64);
    if r.status == store::RecordStatus::Failed {
        return Ok(());
    }
    w.add(&doc_of(r)).map_err(ApiError::from)
}

/// Brings `idx` up to the store's watermarks `max` and `last_change`, one sync of this
/// process at a time (`turn`). When the writer is held by another program (an ingest), the
/// search reads what is committed rather than wait.
async fn sync_to(
    store: &store::Store,
    turn: &tokio::sync::Mutex<()>,
    idx: &RecordIndex,
    max: RecordId,
    last_change: u64,
) -> Result<u64> {
    let _turn = turn.lock().await;
    let max = max.0 as u64;
    let marks = idx.marks()?;
    if marks.records >= max && marks.changes >= last_change {
        return Ok(0);
    }
    let Ok(mut w) = idx.writer() else {
        return Ok(0);
    };
    let n = index_new_records(store, &mut w).await? + apply_changes(store, &mut w).await?;
    w.set_records_mark(max);
    w.commit()?;
    w.finish()?;
    Ok(n)
}

/// Indexes the records past the writer's record mark.
async fn index_new_records(store: &store::Store, w: &mut index::Writer) -> Result<u64> {
    let mut after = w.marks().records;
    let mut n = 0;
    loop {
        let batch = store
            .read()
            .await?
            .records_for_index(RecordId(after as i64), INDEX_PAGE)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.id.0 as u64;
        for r in &batch {
            // One request per segment (see index::merge): commit where the request changes.
            if w.starts_other_request(&r.request) {
                w.commit()?;
                w.starts_other_request(&r.request);
            }
            index_record(w, r)?;
            n += 1;
        }
        w.set_records_mark(after);
    }
    Ok(n)
}

/// Re-indexes the records the change log names past the writer's change mark.
async fn apply_changes(store: &store::Store, w: &mut index::Writer) -> Result<u64> {
    let mut n = 0;
    loop {
        let mut tx = store.read().await?;
        let changes = tx
            .record_changes_after(w.marks().changes, INDEX_PAGE)
            .await?;
        let Some(&(last, _)) = changes.last() else {
            break;
        };
        let mut seen = HashSet::new();
        let ids: Vec<RecordId> = changes
            .iter()
            .map(|c| c.1)
            .filter(|id| seen.insert(*id) && (id.0 as u64) <= w.marks().records)
            .collect();
        for r in tx.records_with_text(&ids).await? {
            index_record(w, &r)?;
            n += 1;
        }
        w.set_changes_mark(last);
    }
    Ok(n)
}

/// A request the actor may search, and how far the store had gone when that was checked.
struct Searchable {
    reference: RequestRef,
    request_id: model::RequestId,
    max_record: RecordId,
    last_change: u64,
}

impl Office {
    /// The index, opened (and created or rebuilt when missing, corrupt or of an older
    /// schema) on first use.
    pub(crate) async fn index(&self) -> Result<Arc<RecordIndex>> {
        let idx = self
            .index
            .get_or_try_init(|| async {
                // The index is this office's: one found from another office (a folder
                // reused, an office set up again) is dropped and built again from the
                // database, never searched. The stamp beside it names the office's key.
                let dir = self.store.dir().join("index");
                let stamp = self.store.dir().join("index.office");
                let id = self.store.key().id();
                let ours = std::fs::read_to_string(&stamp).is_ok_and(|s| s.trim() == id);
                if !ours && dir.exists() {
                    std::fs::remove_dir_all(&dir).map_err(|e| {
                        ApiError::internal(format!("removing another office's index: {e}"))
                    })?;
                }
                let seal = self.store.data_key().map(|k| k.index_seal());
                let (idx, _fresh) = RecordIndex::open_sealed(&dir, seal)?;
                if !ours {
                    std::fs::write(&stamp, format!("{id}\n")).map_err(|e| {
                        ApiError::internal(format!("writing {}: {e}", stamp.display()))
                    })?;
                }
                Ok::<_, ApiError>(Arc::new(idx))
            })
            .await?
            .clone();
        Ok(idx)
    }

    /// Brings the index up to date with the store: records past its record mark, and review
    /// changes past its change mark. After a crash between a database commit and an index
    /// commit, this is what puts the lost part back. An ingest in progress holds the writer
    /// and does the same as it goes, so search then reads what is committed rather than wait.
    pub(crate) async fn sync_index(&self, idx: &RecordIndex) -> Result<u64> {
        let (max, last_change) = self.store.read().await?.index_watermarks().await?;
        self.sync_index_to(idx, max, last_change).await
    }

    /// [`Office::sync_index`] with the store's watermarks already read. Syncs of this process
    /// take turns ([`Office::follow_index_soon`] may have one running).
    async fn sync_index_to(
        &self,
        idx: &RecordIndex,
        max: RecordId,
        last_change: u64,
    ) -> Result<u64> {
        sync_to(&self.store, &self.index_sync, idx, max, last_change).await
    }

    /// After a bulk decision: the index follows in the background, so that the decision is
    /// answered when its transaction commits (re-indexing 50,000 records takes seconds). A
    /// search started meanwhile waits its turn (see [`Office::sync_index_to`]) and reads an
    /// index that has followed; a long job waits for it ([`Office::index_writer`]); so does
    /// [`Office::close`], so that a command-line decision leaves the index current.
    pub(crate) async fn follow_index_soon(&self) {
        let Ok(idx) = self.index().await else {
            return;
        };
        let store = self.store.clone();
        let turn = self.index_sync.clone();
        let follower = tokio::spawn(async move {
            let marks = match store.read().await {
                Ok(mut tx) => tx.index_watermarks().await,
                Err(e) => Err(e),
            };
            if let Ok((max, last_change)) = marks {
                let _ = sync_to(&store, &turn, &idx, max, last_change).await;
            }
        });
        let mut followers = self.followers.lock().expect("followers");
        followers.retain(|f| !f.is_finished());
        followers.push(follower);
    }

    /// Waits for the index syncs left running in the background.
    pub(crate) async fn settle_index(&self) {
        loop {
            let Some(f) = self.followers.lock().expect("followers").pop() else {
                return;
            };
            let _ = f.await;
        }
    }

    /// The index writer for a long job (ingest, rebuild). A search or a review decision may
    /// hold it for a moment, so wait a little; another program's ingest holds it for long.
    pub(crate) async fn index_writer(&self, idx: &RecordIndex) -> Result<index::Writer> {
        self.settle_index().await;
        let mut waited = std::time::Duration::ZERO;
        loop {
            match idx.writer() {
                Ok(w) => return Ok(w),
                Err(e) if waited >= std::time::Duration::from_secs(10) => {
                    return Err(ApiError::conflict(format!(
                        "the search index is in use by another program ({e}); try again when its ingest has finished"
                    )));
                }
                Err(_) => {
                    let step = std::time::Duration::from_millis(100);
                    tokio::time::sleep(step).await;
                    waited += step;
                }
            }
        }
    }

    /// Indexes the records past the writer's record mark.
    pub(crate) async fn index_new_records(&self, w: &mut index::Writer) -> Result<u64> {
        index_new_records(&self.store, w).await
    }

    /// Re-indexes the records the change log names past the writer's change mark.
    pub(crate) async fn apply_changes(&self, w: &mut index::Writer) -> Result<u64> {
        apply_changes(&self.store, w).await
    }

    /// Rebuilds the search index from the store.
    pub async fn reindex(&self, actor: &Actor) -> Result<u64> {
        {
            let mut tx = self.store.read().await?;
            self.authorize(&mut tx, actor, Action::Search).await?;
        }
        let idx = self.index().await?;
        let mut w = self.index_writer(&idx).await?;
        w.clear()?;
        let last_change = self.store.read().await?.last_change_seq().await?;
        // Every record is read as it is now, so the change log so far is already applied.
        w.set_changes_mark(last_change);
        let n = self.index_new_records(&mut w).await?;
        w.commit()?;
        w.finish()?;
        Ok(n)
    }

    async fn searchable(&self, actor: &Actor, reference: &str) -> Result<Searchable> {
        self.searchable_in(&mut self.store.read().await?, actor, reference)
            .await
    }

    /// [`Office::searchable`] in a read transaction the caller goes on with.
    async fn searchable_in(
        &self,
        tx: &mut store::Tx,
        actor: &Actor,
        reference: &str,
    ) -> Result<Searchable> {
        let reference = RequestRef::parse(reference)?;
        self.authorize(tx, actor, Action::Search).await?;
        let req = crate::requests::request_of(tx, &reference).await?;
        let (max_record, last_change) = tx.index_watermarks().await?;
        Ok(Searchable {
            reference,
            request_id: req.id,
            max_record,
            last_change,
        })
    }

    /// Checks the actor may search the request, and brings the index up to the store.
    async fn ready_to_search(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> Result<(Searchable, Arc<RecordIndex>)> {
        let s = self.searchable(actor, reference).await?;
        let idx = self.index().await?;
        self.sync_index_to(&idx, s.max_record, s.last_change)
            .await?;
        Ok((s, idx))
    }

    /// Searches a request's records: the exact total, one page of hits with snippets, and
    /// facet counts over every match. See the README for the query language.
    pub async fn search(
        &self,
        actor: &Actor,
        reference: &str,
        query: &str,
        opts: SearchOptions,
    ) -> Result<SearchResults> {
        // The page's records are read in the transaction that checked the request (on a
        // team's server each transaction costs two round trips more) — unless the index must
        // follow the store first: a sync reads the store on connections of its own, and
        // searches waiting their turn to sync must not hold every connection of the pool.
        let mut tx = self.store.read().await?;
        let s = self.searchable_in(&mut tx, actor, reference).await?;
        let idx = self.index().await?;
        let marks = idx.marks()?;
        let mut tx = if marks.records >= s.max_record.0 as u64 && marks.changes >= s.last_change {
            Some(tx)
        } else {
            drop(tx);
            self.sync_index_to(&idx, s.max_record, s.last_change)
                .await?;
            None
        };
        let reference = s.reference;
        let started = std::time::Instant::now();
        let found = idx.search(&index::Search {
            request: reference.as_str(),
            query,
            limit: opts.limit.clamp(1, MAX_PAGE),
            offset: opts.offset,
            sort: opts.sort,
            fold: opts.fold,
            facets: opts.facets,
        })?;
        let ids: Vec<RecordId> = found
            .hits
            .iter()
            .map(|h| RecordId(h.record_id as i64))
            .collect();
        // The index may have followed the store past the transaction's snapshot (another
        // search or an ingest meanwhile): records the snapshot does not hold yet are read
        // again, now.
        let mut records = match tx.take() {
            Some(mut tx) => tx.records_with_text(&ids).await?,
            None => self.store.read().await?.records_with_text(&ids).await?,
        };
        if records.len() < ids.len() {
            let read: HashSet<RecordId> = records.iter().map(|r| r.id).collect();
            let newer: Vec<RecordId> = ids.iter().copied().filter(|i| !read.contains(i)).collect();
            records.extend(self.store.read().await?.records_with_text(&newer).await?);
        }
        let by_id: HashMap<RecordId, &RecordForIndex> = records.iter().map(|r| (r.id, r)).collect();
        let hits = found
            .hits
            .iter()
            .filter_map(|h| {
                let r = by_id.get(&RecordId(h.record_id as i64))?;
                let date = r.metadata.first(&["date", "created"]).map(String::from);
                Some(SearchHit {
                    doc_id: r.id,
                    path: r.path.clone(),
                    kind: r.kind,
                    title: r.title.clone(),
                    date,
                    custodian: r.custodian.clone(),
                    from: r.metadata.first(&["from", "author"]).map(String::from),
                    disposition: r.disposition,
                    score: h.score,
                    copies: h.copies,
                    snippet: marked(&found.highlighter.snippet(&r.text)),
                })
            })
            .collect();
        Ok(SearchResults {
            total: found.total,
            originals: found.groups,
            took_ms: started.elapsed().as_millis() as u64,
            offset: opts.offset,
            hits,
            facets: found.facets.map(SearchFacets::from),
        })
    }

    /// How many records of a request match a query, and their ids in id order.
    pub async fn search_ids(
        &self,
        actor: &Actor,
        reference: &str,
        query: &str,
    ) -> Result<Vec<RecordId>> {
        let (Searchable { reference, .. }, idx) = self.ready_to_search(actor, reference).await?;
        let ids = idx.matching_ids(reference.as_str(), query)?;
        Ok(ids.into_iter().map(|i| RecordId(i as i64)).collect())
    }

    /// A search-term report for a list of terms (each a query). A term that does not parse
    /// refuses the whole report, naming it: a report with a silent gap would mislead. A list
    /// past [`MAX_REPORT_TERMS`] (or whose terms hold more than [`MAX_REPORT_WORDS`] words or
    /// [`MAX_REPORT_EXPANDING`] prefixes and fuzzy words in all) is refused before anything
    /// runs. Memory stays that of the request's records, whatever the number of terms: each
    /// term's hits are counted as they come, not kept.
    pub async fn term_report(
        &self,
        actor: &Actor,
        reference: &str,
        terms: &[String],
    ) -> Result<TermReport> {
        let n = |n: usize| model::thousands(n as u64);
        let terms: Vec<&String> = terms.iter().filter(|t| !t.trim().is_empty()).collect();
        if terms.is_empty() {
            return Err(ApiError::invalid("the terms file has no terms"));
        }
        if terms.len() > MAX_REPORT_TERMS {
            return Err(ApiError::invalid(format!(
                "the terms file has {} terms; at most {} are searched at once",
                n(terms.len()),
                n(MAX_REPORT_TERMS)
            )));
        }
        let (
            Searchable {
                reference,
                request_id,
                ..
            },
            idx,
        ) = self.ready_to_search(actor, reference).await?;
        let mut size = index::query::Size::default();
        for (i, t) in terms.iter().enumerate() {
            size += idx.check(t).map_err(|e| {
                ApiError::invalid(format!("term {} (\"{}\"): {}", i + 1, t.trim(), e))
            })?;
        }
        if size.terms > MAX_REPORT_WORDS {
            return Err(ApiError::invalid(format!(
                "the terms hold {} words and phrases in all; at most {} are searched at once",
                n(size.terms),
                n(MAX_REPORT_WORDS)
            )));
        }
        if size.expanding > MAX_REPORT_EXPANDING {
            return Err(ApiError::invalid(format!(
                "the terms hold {} prefixes and fuzzy words (permit*, lathrop~1) in all; at most {} are searched at once",
                n(size.expanding),
                n(MAX_REPORT_EXPANDING)
            )));
        }
        let started = std::time::Instant::now();
        let tops: HashMap<RecordId, RecordId> = self
            .store
            .read()
            .await?
            .family_tops(request_id)
            .await?
            .into_iter()
            .collect();
        let mut family_size: HashMap<RecordId, u64> = HashMap::new();
        for top in tops.values() {
            *family_size.entry(*top).or_default() += 1;
        }
        let with_families = |hits: &mut dyn Iterator<Item = u64>| -> u64 {
            let families: HashSet<RecordId> = hits
                .map(|h| {
                    let id = RecordId(h as i64);
                    tops.get(&id).copied().unwrap_or(id)
                })
                .collect();
            families
                .iter()
                .map(|f| family_size.get(f).copied().unwrap_or(1))
                .sum()
        };
        // Per record hit: how many terms hit it, and the first that did (a record hit by
        // one term only is that term's unique hit).
        let mut hit_by: HashMap<u64, (u32, u32)> = HashMap::new();
        let mut rows = Vec::with_capacity(terms.len());
        for (i, t) in terms.iter().enumerate() {
            let ids = idx
                .matching_ids(reference.as_str(), t)
                .map_err(|e| match e {
                    // A prefix or fuzzy word that stands for too many words of the records.
                    index::Error::TooBig(_) => {
                        ApiError::invalid(format!("term {} (\"{}\"): {}", i + 1, t.trim(), e))
                    }
                    e => ApiError::from(e),
                })?;
            for id in &ids {
                hit_by.entry(*id).or_insert((0, i as u32)).0 += 1;
            }
            rows.push(TermRow {
                term: t.trim().to_string(),
                hits: ids.len() as u64,
                with_families: with_families(&mut ids.iter().copied()),
                unique: 0,
            });
        }
        for (count, first) in hit_by.values() {
            if *count == 1 {
                rows[*first as usize].unique += 1;
            }
        }
        Ok(TermReport {
            request: reference.to_string(),
            terms: rows,
            any: TermTotals {
                hits: hit_by.len() as u64,
                with_families: with_families(&mut hit_by.keys().copied()),
            },
            took_ms: started.elapsed().as_millis() as u64,
        })
    }

    /// Saves a search for everyone working on the request. `replace` overwrites one of the
    /// same name; otherwise that is a conflict.
    pub async fn save_search(
        &self,
        actor: &Actor,
        reference: &str,
        name: &str,
        query: &str,
        replace: bool,
    ) -> Result<SavedSearch> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(ApiError::invalid(
                "a saved search needs a name of 1 to 100 characters",
            ));
        }
        self.index().await?.check(query)?;
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.write().await?;
        let user = self.authorize(&mut tx, actor, Action::Search).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        let before = tx.saved_search(req.id, name).await?;
        let at = self.now();
        tx.save_search(req.id, name, query, user.id, &at, replace)
            .await?;
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::SearchSave,
            &format!("request/{reference}"),
            // The name and a digest, never the query: it may hold the very values being
            // redacted, and the log keeps what it is given for good.
            json!({"name": name, "query": crate::audit::text_digest(query),
                   "before": before.map(|b| crate::audit::text_digest(&b.query))}),
        )
        .await?;
        let saved = tx
            .saved_search(req.id, name)
            .await?
            .ok_or_else(|| ApiError::internal("a saved search vanished"))?;
        tx.commit().await?;
        Ok(saved)
    }

    /// A request's saved searches, by name.
    pub async fn saved_searches(&self, actor: &Actor, reference: &str) -> Result<Vec<SavedSearch>> {
        let request_id = self.searchable(actor, reference).await?.request_id;
        Ok(self.store.read().await?.saved_searches(request_id).await?)
    }

    /// One saved search by name.
    pub async fn saved_search(
        &self,
        actor: &Actor,
        reference: &str,
        name: &str,
    ) -> Result<SavedSearch> {
        self.saved_searches(actor, reference)
            .await?
            .into_iter()
            .find(|s| s.name == name.trim())
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "request {reference} has no saved search named \"{}\"",
                    name.trim()
                ))
            })
    }

    pub async fn delete_saved_search(
        &self,
        actor: &Actor,
        reference: &str,
        name: &str,
    ) -> Result<()> {
        let reference = RequestRef::parse(reference)?;
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::Search).await?;
        let req = crate::requests::request_of(&mut tx, &reference).await?;
        let Some(before) = tx.saved_search(req.id, name.trim()).await? else {
            return Err(ApiError::not_found(format!(
                "request {reference} has no saved search named \"{}\"",
                name.trim()
            )));
        };
        tx.delete_saved_search(req.id, &before.name).await?;
        let at = self.now();
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::SearchDelete,
            &format!("request/{reference}"),
            json!({"name": before.name, "before": crate::audit::text_digest(&before.query)}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
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
