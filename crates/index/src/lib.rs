//! The full-text index of an office's records (tantivy), kept at `DATA/index/`.
//!
//! Derived data: everything in it can be rebuilt from the store. Each commit carries the
//! highest record id it covers (the commit payload), so that after a crash between the
//! database commit and the index commit the office indexes the records past that mark —
//! nothing is lost from search. A schema change bumps [`SCHEMA_VERSION`] and the index is
//! rebuilt on open.
//!
//! # Example
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let (idx, fresh) = index::RecordIndex::open(dir.path()).unwrap();
//! assert!(fresh);
//! let mut w = idx.writer().unwrap();
//! w.add(&index::IndexDoc { record_id: 7, request: "PRA-1", body: "Permit fees for 12 Main St", ..Default::default() }).unwrap();
//! w.commit(7).unwrap();
//! assert_eq!(idx.search_ids("PRA-1", "permit", 10).unwrap(), (1, vec![7]));
//! assert_eq!(idx.last_record_id().unwrap(), 7);
//! ```

use chrono::{DateTime, Utc};
use std::path::Path;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TEXT, Value,
};
use tantivy::{
    DateTime as TDateTime, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term,
};

/// Bump when the schema or the analysis changes: an older index is then rebuilt.
pub const SCHEMA_VERSION: &str = "disclose-index-2";
const VERSION_FILE: &str = "disclose-index-version";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index: {0}")]
    Io(#[from] std::io::Error),
    #[error("the query does not parse: {0}")]
    Query(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Clone, Copy)]
struct Fields {
    record_id: Field,
    request: Field,
    kind: Field,
    custodian: Field,
    path: Field,
    title: Field,
    from: Field,
    to: Field,
    cc: Field,
    subject: Field,
    date: Field,
    body: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let f = Fields {
        record_id: b.add_u64_field("record_id", INDEXED | STORED | FAST),
        request: b.add_text_field("request", STRING),
        kind: b.add_text_field("kind", STRING),
        custodian: b.add_text_field("custodian", STRING),
        // Words of a path need no positions (no phrase queries on paths): cheaper to index.
        path: b.add_text_field("path", words_without_positions()),
        title: b.add_text_field("title", TEXT),
        from: b.add_text_field("from", TEXT),
        to: b.add_text_field("to", TEXT),
        cc: b.add_text_field("cc", TEXT),
        subject: b.add_text_field("subject", TEXT),
        date: b.add_date_field("date", INDEXED | FAST),
        body: b.add_text_field("body", TEXT),
    };
    (b.build(), f)
}

fn words_without_positions() -> tantivy::schema::TextOptions {
    tantivy::schema::TextOptions::default().set_indexing_options(
        tantivy::schema::TextFieldIndexing::default()
            .set_tokenizer("default")
            .set_index_option(IndexRecordOption::WithFreqs),
    )
}

/// One record as the index sees it. (Duplicates are never indexed, so no content hash: a
/// unique term per record made the term dictionary the hottest part of indexing.)
#[derive(Debug, Default, Clone)]
pub struct IndexDoc<'a> {
    pub record_id: u64,
    pub request: &'a str,
    pub kind: &'a str,
    pub custodian: &'a str,
    pub path: &'a str,
    pub title: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub cc: &'a str,
    pub subject: &'a str,
    pub date: Option<DateTime<Utc>>,
    pub body: &'a str,
}

pub struct RecordIndex {
    index: Index,
    reader: IndexReader,
    f: Fields,
}

impl RecordIndex {
    /// Opens the index in `dir`, creating it when missing and recreating it (empty) when it is
    /// of another schema version or unreadable. The flag says it starts empty: the caller
    /// then indexes every record.
    pub fn open(dir: &Path) -> Result<(RecordIndex, bool)> {
        let (schema, f) = schema();
        let version_ok = std::fs::read_to_string(dir.join(VERSION_FILE))
            .map(|v| v.trim() == SCHEMA_VERSION)
            .unwrap_or(false);
        let existing = if version_ok {
            Index::open_in_dir(dir).ok()
        } else {
            None
        };
        let (index, fresh) = match existing.filter(|i| i.schema() == schema) {
            Some(i) => (i, false),
            None => {
                if dir.exists() {
                    std::fs::remove_dir_all(dir)?;
                }
                std::fs::create_dir_all(dir)?;
                let i = Index::create_in_dir(dir, schema)?;
                std::fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION)?;
                (i, true)
            }
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok((RecordIndex { index, reader, f }, fresh))
    }

    /// The writer (one per index at a time, across processes too).
    pub fn writer(&self) -> Result<Writer<'_>> {
        let w = self.index.writer_with_num_threads(1, 100_000_000)?;
        Ok(Writer { w, idx: self })
    }

    /// The highest record id the last commit covers (0 when none).
    pub fn last_record_id(&self) -> Result<u64> {
        let metas = self.index.load_metas()?;
        Ok(metas.payload.and_then(|p| p.parse().ok()).unwrap_or(0))
    }

    /// Searches a request: the exact number of matching records, and one page of them by
    /// score. The query language is tantivy's: words (all must match), `"phrases"`,
    /// `"phrase"~N`, AND/OR/NOT, `+`/`-`, parentheses, and `field:` for path, title, from, to,
    /// cc, subject and body.
    pub fn search(&self, request: &str, query: &str, limit: usize, offset: usize) -> Result<Found> {
        self.reader.reload()?;
        let searcher = self.reader.searcher();
        let f = self.f;
        let mut parser = QueryParser::for_index(
            &self.index,
            vec![f.body, f.title, f.subject, f.from, f.to, f.cc, f.path],
        );
        parser.set_conjunction_by_default();
        let q = parser
            .parse_query(query)
            .map_err(|e| Error::Query(e.to_string()))?;
        let snippets = tantivy::snippet::SnippetGenerator::create(&searcher, &*q, f.body)?;
        let in_request: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(f.request, request),
            IndexRecordOption::Basic,
        ));
        let both = BooleanQuery::new(vec![(Occur::Must, q), (Occur::Must, in_request)]);
        let (top, total) = searcher.search(
            &both,
            &(
                TopDocs::with_limit(limit.max(1))
                    .and_offset(offset)
                    .order_by_score(),
                Count,
            ),
        )?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Some(id) = doc.get_first(f.record_id).and_then(|v| v.as_u64()) {
                hits.push((id, score));
            }
        }
        Ok(Found {
            total,
            hits,
            snippets,
        })
    }

    /// How many records of a request match `query`, and the ids of the best `limit`.
    pub fn search_ids(
        &self,
        request: &str,
        query: &str,
        limit: usize,
    ) -> Result<(usize, Vec<u64>)> {
        let found = self.search(request, query, limit, 0)?;
        Ok((
            found.total,
            found.hits.into_iter().map(|(id, _)| id).collect(),
        ))
    }

    /// Number of records in the index (all requests).
    pub fn len(&self) -> Result<u64> {
        self.reader.reload()?;
        Ok(self.reader.searcher().num_docs())
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }
}

/// One page of search results.
pub struct Found {
    /// Every matching record, counted exactly (no cap).
    pub total: usize,
    /// (record id, score), best first.
    pub hits: Vec<(u64, f32)>,
    snippets: tantivy::snippet::SnippetGenerator,
}

/// A passage of a record's text around the query's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges of `text` that matched.
    pub marks: Vec<std::ops::Range<usize>>,
}

impl Found {
    /// The best passage of `text` (a hit's body) for this query.
    pub fn snippet(&self, text: &str) -> Snippet {
        let s = self.snippets.snippet(text);
        Snippet {
            text: s.fragment().to_string(),
            marks: s.highlighted().to_vec(),
        }
    }
}

pub struct Writer<'a> {
    w: IndexWriter,
    idx: &'a RecordIndex,
}

impl Writer<'_> {
    pub fn add(&mut self, d: &IndexDoc) -> Result<()> {
        let f = self.idx.f;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.record_id, d.record_id);
        doc.add_text(f.request, d.request);
        for (field, v) in [
            (f.kind, d.kind),
            (f.custodian, d.custodian),
            (f.path, d.path),
            (f.title, d.title),
            (f.from, d.from),
            (f.to, d.to),
            (f.cc, d.cc),
            (f.subject, d.subject),
            (f.body, d.body),
        ] {
            if !v.is_empty() {
                doc.add_text(field, v);
            }
        }
        if let Some(t) = d.date {
            doc.add_date(f.date, TDateTime::from_timestamp_secs(t.timestamp()));
        }
        self.w.add_document(doc)?;
        Ok(())
    }

    /// Removes a record (before re-adding it with new content).
    pub fn delete(&mut self, record_id: u64) {
        self.w
            .delete_term(Term::from_field_u64(self.idx.f.record_id, record_id));
    }

    /// Removes everything (before a rebuild).
    pub fn clear(&mut self) -> Result<()> {
        self.w.delete_all_documents()?;
        Ok(())
    }

    /// Makes the added records searchable and records that they cover ids up to `last_record_id`.
    pub fn commit(&mut self, last_record_id: u64) -> Result<()> {
        let mut p = self.w.prepare_commit()?;
        p.set_payload(&last_record_id.to_string());
        p.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_found_within_their_request_only() {
        let dir = tempfile::tempdir().unwrap();
        let (idx, _) = RecordIndex::open(dir.path()).unwrap();
        let mut w = idx.writer().unwrap();
        w.add(&IndexDoc {
            record_id: 1,
            request: "A",
            body: "council permit",
            ..Default::default()
        })
        .unwrap();
        w.add(&IndexDoc {
            record_id: 2,
            request: "B",
            body: "council permit",
            ..Default::default()
        })
        .unwrap();
        w.add(&IndexDoc {
            record_id: 3,
            request: "A",
            subject: "Permits",
            ..Default::default()
        })
        .unwrap();
        w.commit(3).unwrap();
        let (n, mut ids) = idx.search_ids("A", "permit", 10).unwrap();
        ids.sort();
        assert_eq!((n, ids), (1, vec![1]));
        assert_eq!(idx.search_ids("A", "permits", 10).unwrap().0, 1);
        assert!(idx.search_ids("A", "(unbalanced", 10).is_err());
    }

    #[test]
    fn an_index_of_another_version_starts_over() {
        let dir = tempfile::tempdir().unwrap();
        {
            let (idx, fresh) = RecordIndex::open(dir.path()).unwrap();
            assert!(fresh);
            let mut w = idx.writer().unwrap();
            w.add(&IndexDoc {
                record_id: 1,
                request: "A",
                body: "x",
                ..Default::default()
            })
            .unwrap();
            w.commit(1).unwrap();
        }
        let (idx, fresh) = RecordIndex::open(dir.path()).unwrap();
        assert!(!fresh);
        assert_eq!(idx.last_record_id().unwrap(), 1);
        drop(idx);
        std::fs::write(dir.path().join(VERSION_FILE), "disclose-index-0").unwrap();
        let (idx, fresh) = RecordIndex::open(dir.path()).unwrap();
        assert!(fresh);
        assert_eq!(idx.len().unwrap(), 0);
        // A corrupt index (its meta gone) is recreated too.
        drop(idx);
        std::fs::remove_file(dir.path().join("meta.json")).unwrap();
        assert!(RecordIndex::open(dir.path()).unwrap().1);
    }
}
