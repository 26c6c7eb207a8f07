//! Keeping each segment to one request. tantivy merges segments of similar size; merged
//! across requests, a segment makes every search of either request filter match by match
//! (see `filter.rs`), which measured twice as slow. This policy lets tantivy's own merge
//! policy choose among the segments of one request at a time. Which request a segment holds is
//! read from its term dictionary after each commit; a segment not yet seen waits for the
//! next commit (or the writer's `finish`) before it is merged.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::index::SegmentId;
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::schema::Field;
use tantivy::{Index, SegmentMeta, SegmentReader};

/// A segment's requests: one name, or `None` when it holds several.
pub(crate) type SegmentRequests = Arc<Mutex<HashMap<SegmentId, Option<String>>>>;

#[derive(Debug)]
pub(crate) struct ByRequest {
    pub inner: LogMergePolicy,
    pub known: SegmentRequests,
}

impl MergePolicy for ByRequest {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let known = self.known.lock().expect("segment requests");
        let mut groups: HashMap<&Option<String>, Vec<SegmentMeta>> = HashMap::new();
        for s in segments {
            if let Some(r) = known.get(&s.id()) {
                groups.entry(r).or_default().push(s.clone());
            }
        }
        groups
            .values()
            .flat_map(|g| self.inner.compute_merge_candidates(g))
            .collect()
    }
}

/// Reads which request each segment not yet known holds, and forgets segments gone.
pub(crate) fn refresh(index: &Index, field: Field, known: &SegmentRequests) -> tantivy::Result<()> {
    let segments = index.searchable_segments()?;
    let mut fresh = vec![];
    {
        let k = known.lock().expect("segment requests");
        for s in &segments {
            if !k.contains_key(&s.id()) {
                fresh.push(s.clone());
            }
        }
    }
    let mut found = vec![];
    for s in fresh {
        let reader = SegmentReader::open(&s)?;
        let inv = reader.inverted_index(field)?;
        let mut terms = inv.terms().stream()?;
        let mut names = vec![];
        while terms.advance() && names.len() < 2 {
            names.push(String::from_utf8_lossy(terms.key()).into_owned());
        }
        let one = if names.len() == 1 { names.pop() } else { None };
        found.push((s.id(), one));
    }
    let live: std::collections::HashSet<SegmentId> = segments.iter().map(|s| s.id()).collect();
    let mut k = known.lock().expect("segment requests");
    k.retain(|id, _| live.contains(id));
    k.extend(found);
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::{IndexDoc, RecordIndex};

    #[test]
    fn merges_keep_each_segment_to_one_request() {
        let dir = tempfile::tempdir().unwrap();
        let (idx, _) = RecordIndex::open(dir.path()).unwrap();
        let mut w = idx.writer().unwrap();
        // Twenty one-record commits (as review decisions make), alternating two requests.
        for i in 1..=20u64 {
            w.add(&IndexDoc {
                record_id: i,
                request: if i % 2 == 0 { "A" } else { "B" },
                status: "unreviewed",
                body: "permit",
                ..Default::default()
            })
            .unwrap();
            w.commit().unwrap();
        }
        w.finish().unwrap();
        let (idx, _) = RecordIndex::open(dir.path()).unwrap();
        let known = idx.segment_requests.lock().unwrap().clone();
        assert!(known.len() < 20, "merged: {} segments", known.len());
        assert!(known.values().all(Option::is_some), "{known:?}");
        assert_eq!(idx.matching_ids("A", "permit").unwrap().len(), 10);
    }
}
