//! Confining a query to one request, at no cost where a segment holds only that request.
//!
//! One index serves every request of the office. A query is confined to a request by
//! intersecting it with the request's postings — but a segment written by one ingest (the
//! usual case) holds one request only, and there the intersection is pure cost: it visits
//! every match twice and stops tantivy's block-max pruning of the top hits. This weight
//! checks each segment: where every document belongs to the request it runs the query as
//! is; where none does, nothing; elsewhere (segments merged across requests) it passes only
//! the query's matches whose request — read from a fast field, one lookup per match — is
//! the one asked for, which costs far less than walking the request's postings alongside.
//!
//! Asked for originals only (a folded search, see `RecordIndex::search`), it also passes only
//! matches whose `original` fast field is 1 — in segments that hold a copy at all; a segment
//! without copies (most of them) runs the query as is there too.

use tantivy::columnar::Column;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{COLLECT_BLOCK_BUFFER_LEN, DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

#[derive(Debug)]
pub(crate) struct InRequest {
    pub inner: Box<dyn Query>,
    pub request: Term,
    /// Only the first copy of each content (records whose `original` fast field is 1).
    pub originals_only: bool,
}

impl Clone for InRequest {
    fn clone(&self) -> Self {
        InRequest {
            inner: self.inner.box_clone(),
            request: self.request.clone(),
            originals_only: self.originals_only,
        }
    }
}

impl Query for InRequest {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(InRequestWeight {
            inner: self.inner.weight(enable_scoring)?,
            request: self.request.clone(),
            originals_only: self.originals_only,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct InRequestWeight {
    inner: Box<dyn Weight>,
    request: Term,
    originals_only: bool,
}

/// How a segment relates to the request.
enum Part {
    Whole,
    None,
    /// Some documents: those whose request ordinal (fast field) is this one.
    Some(Column<u64>, u64),
}

impl InRequestWeight {
    /// Every document of the segment (deleted ones included) belongs to the request.
    fn whole_segment(&self, reader: &SegmentReader) -> tantivy::Result<bool> {
        let n = reader
            .inverted_index(self.request.field())?
            .doc_freq(&self.request)?;
        Ok(n == reader.max_doc())
    }

    /// The column of original flags, when only originals are wanted and the segment holds a
    /// copy (deleted documents included).
    fn copies(&self, reader: &SegmentReader) -> tantivy::Result<Option<Column<u64>>> {
        Ok(self
            .originals_only
            .then(|| crate::collect::copies(reader))
            .flatten())
    }

    /// Every match of the inner query in this segment is wanted: it can run as is.
    fn as_is(&self, reader: &SegmentReader) -> tantivy::Result<bool> {
        Ok(self.whole_segment(reader)? && self.copies(reader)?.is_none())
    }

    fn part(&self, reader: &SegmentReader) -> tantivy::Result<Part> {
        if self.whole_segment(reader)? {
            return Ok(Part::Whole);
        }
        let name = reader
            .schema()
            .get_field_name(self.request.field())
            .to_string();
        let Some(col) = reader.fast_fields().str(&name)? else {
            return Ok(Part::None);
        };
        let value = self.request.value();
        let key = value.as_str().unwrap_or("");
        Ok(match col.dictionary().term_ord(key.as_bytes())? {
            Some(ord) => Part::Some(col.ords().clone(), ord),
            None => Part::None,
        })
    }
}

impl Weight for InRequestWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorer = match self.part(reader)? {
            Part::Whole => self.inner.scorer(reader, boost)?,
            Part::None => return Ok(Box::new(EmptyScorer)),
            Part::Some(ords, ord) => {
                Box::new(Filtered::new(self.inner.scorer(reader, boost)?, ords, ord))
            }
        };
        Ok(match self.copies(reader)? {
            Some(originals) => Box::new(Filtered::new(scorer, originals, 1)),
            None => scorer,
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.inner.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        if self.as_is(reader)? {
            return self.inner.count(reader);
        }
        let mut scorer = self.scorer(reader, 1.0)?;
        Ok(match reader.alive_bitset() {
            Some(alive) => scorer.count(alive),
            None => scorer.count_including_deleted(),
        })
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        if self.as_is(reader)? {
            return self.inner.for_each(reader, callback);
        }
        let mut scorer = self.scorer(reader, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            callback(doc, scorer.score());
            doc = scorer.advance();
        }
        Ok(())
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        if self.as_is(reader)? {
            return self.inner.for_each_no_score(reader, callback);
        }
        let mut docs = self.scorer(reader, 1.0)?;
        let mut buffer = [0u32; COLLECT_BLOCK_BUFFER_LEN];
        loop {
            let n = docs.fill_buffer(&mut buffer);
            if n == 0 {
                break;
            }
            callback(&buffer[..n]);
            if n < buffer.len() {
                break;
            }
        }
        Ok(())
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        if self.as_is(reader)? {
            return self.inner.for_each_pruning(threshold, reader, callback);
        }
        if self.whole_segment(reader)?
            && let Some(originals) = self.copies(reader)?
        {
            // Originals of a segment of the request: the inner query still skips the blocks
            // that cannot reach the top; a copy it offers is passed over, the bar unchanged.
            let mut bar = threshold;
            return self
                .inner
                .for_each_pruning(threshold, reader, &mut |doc, score| {
                    if originals.first(doc) == Some(1) {
                        bar = callback(doc, score);
                    }
                    bar
                });
        }
        let mut scorer = self.scorer(reader, 1.0)?;
        let mut threshold = threshold;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            let score = scorer.score();
            if score > threshold {
                threshold = callback(doc, score);
            }
            doc = scorer.advance();
        }
        Ok(())
    }
}

/// The inner query's matches whose value in a fast column is the one wanted: those of one
/// request, or originals (see the module's documentation).
struct Filtered {
    inner: Box<dyn Scorer>,
    ords: Column<u64>,
    ord: u64,
}

impl Filtered {
    fn new(inner: Box<dyn Scorer>, ords: Column<u64>, ord: u64) -> Filtered {
        let mut f = Filtered { inner, ords, ord };
        let d = f.inner.doc();
        if d != TERMINATED && !f.wanted(d) {
            f.advance();
        }
        f
    }

    fn wanted(&self, doc: DocId) -> bool {
        self.ords.first(doc) == Some(self.ord)
    }
}

impl DocSet for Filtered {
    fn advance(&mut self) -> DocId {
        loop {
            let d = self.inner.advance();
            if d == TERMINATED || self.wanted(d) {
                return d;
            }
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let d = self.inner.seek(target);
        if d == TERMINATED || self.wanted(d) {
            d
        } else {
            self.advance()
        }
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

impl Scorer for Filtered {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}
