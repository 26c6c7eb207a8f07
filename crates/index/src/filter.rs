//! Confining a query to one request, at no cost where a segment holds only that request.
//!
//! One index serves every request of the office. A query is confined to a request by
//! intersecting it with the request's postings — but a segment written by one ingest (the
//! usual case) holds one request only, and there the intersection is pure cost: it visits
//! every match twice and stops tantivy's block-max pruning of the top hits. This weight
//! checks each segment: where every document belongs to the request it runs the query as
//! is; elsewhere it intersects.

use tantivy::query::{
    ConstScoreQuery, EnableScoring, Explanation, Query, Scorer, TermQuery, Weight,
    intersect_scorers,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{COLLECT_BLOCK_BUFFER_LEN, DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

#[derive(Debug)]
pub(crate) struct InRequest {
    pub inner: Box<dyn Query>,
    pub request: Term,
}

impl Clone for InRequest {
    fn clone(&self) -> Self {
        InRequest {
            inner: self.inner.box_clone(),
            request: self.request.clone(),
        }
    }
}

impl Query for InRequest {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let filter = ConstScoreQuery::new(
            Box::new(TermQuery::new(
                self.request.clone(),
                IndexRecordOption::Basic,
            )),
            0.0,
        )
        .weight(enable_scoring)?;
        Ok(Box::new(InRequestWeight {
            inner: self.inner.weight(enable_scoring)?,
            filter,
            request: self.request.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct InRequestWeight {
    inner: Box<dyn Weight>,
    filter: Box<dyn Weight>,
    request: Term,
}

impl InRequestWeight {
    /// Every document of the segment (deleted ones included) belongs to the request.
    fn whole_segment(&self, reader: &SegmentReader) -> tantivy::Result<bool> {
        let n = reader
            .inverted_index(self.request.field())?
            .doc_freq(&self.request)?;
        Ok(n == reader.max_doc())
    }
}

impl Weight for InRequestWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inner = self.inner.scorer(reader, boost)?;
        if self.whole_segment(reader)? {
            return Ok(inner);
        }
        let filter = self.filter.scorer(reader, boost)?;
        Ok(intersect_scorers(vec![inner, filter], reader.num_docs()))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.inner.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        if self.whole_segment(reader)? {
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
        if self.whole_segment(reader)? {
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
        if self.whole_segment(reader)? {
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
        if self.whole_segment(reader)? {
            return self.inner.for_each_pruning(threshold, reader, callback);
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
