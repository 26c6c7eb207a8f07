//! Passes over the matching records, reading fast fields: [`Counts`] gives the exact total
//! and facet counts (in blocks, without scoring); [`Collect`] ranks by date or folds copies
//! by SHA-256 (relevance alone is tantivy's `TopDocs`).

use crate::FACET_FIELDS;
use rustc_hash::FxHashMap;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{COLLECT_BLOCK_BUFFER_LEN, DocId, Score, SegmentOrdinal, SegmentReader};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    /// Newest first; records without a date last.
    Newest,
    /// Oldest first; records without a date last.
    Oldest,
}

/// A matching record (or, folded, an original that matched — or, for a query of a copy's own
/// fields, its first copy that did).
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub record_id: u64,
    /// Relevance (0 when sorted by date).
    pub score: f32,
    /// Folded: how many copies of this original matched (1 otherwise).
    pub copies: u64,
}

/// Counts over every matching record, largest first (months in calendar order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    pub custodian: Vec<(String, u64)>,
    pub kind: Vec<(String, u64)>,
    pub disposition: Vec<(String, u64)>,
    pub status: Vec<(String, u64)>,
    pub exemption: Vec<(String, u64)>,
    /// `YYYY-MM` of the record's date.
    pub month: Vec<(String, u64)>,
}

/// Ranks matches by date (or, folding, groups them by original); relevance without folding
/// goes to tantivy's `TopDocs`.
pub(crate) struct Collect {
    /// How many of the best to keep (offset + limit).
    pub keep: usize,
    pub sort: Sort,
    pub fold: bool,
}

pub(crate) struct Collected {
    /// With folding: the number of distinct originals.
    pub groups: u64,
    pub hits: Vec<Hit>,
}

/// Ranking key: larger is better; ties go to the lower record id (the first copy).
#[derive(Clone, Copy, PartialEq)]
struct Entry {
    key: f64,
    score: f32,
    record_id: u64,
}

impl Eq for Entry {}

impl Ord for Entry {
    fn cmp(&self, o: &Self) -> Ordering {
        self.key
            .total_cmp(&o.key)
            .then_with(|| o.record_id.cmp(&self.record_id))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

#[derive(Clone, Copy)]
struct Group {
    best: Entry,
    /// The record shown for the group: its original when that matched, else its first copy
    /// that did (the same record the count of originals shows, see `RecordIndex::search`).
    first: u64,
    /// Whether `first` is a later copy (sorts after an original).
    first_is_copy: bool,
    copies: u64,
}

impl Group {
    fn new(e: Entry, is_copy: bool) -> Group {
        Group {
            best: e,
            first: e.record_id,
            first_is_copy: is_copy,
            copies: 1,
        }
    }

    fn add(&mut self, e: Entry, is_copy: bool) {
        self.merge(Group::new(e, is_copy));
    }

    fn merge(&mut self, o: Group) {
        if o.best > self.best {
            self.best = o.best;
        }
        if (o.first_is_copy, o.first) < (self.first_is_copy, self.first) {
            self.first = o.first;
            self.first_is_copy = o.first_is_copy;
        }
        self.copies += o.copies;
    }

    fn entry(&self) -> Entry {
        Entry {
            record_id: self.first,
            ..self.best
        }
    }
}

pub(crate) struct SegmentCollect {
    keep: usize,
    sort: Sort,
    fold: bool,
    ids: Column<u64>,
    dates: Option<Column<tantivy::DateTime>>,
    shas: Option<Column<u64>>,
    originals: Option<Column<u64>>,
    top: BinaryHeap<Reverse<Entry>>,
    groups: FxHashMap<u64, Group>,
}

pub(crate) struct SegmentFruit {
    top: Vec<Entry>,
    groups: FxHashMap<u64, Group>,
}

impl Collector for Collect {
    type Fruit = Collected;
    type Child = SegmentCollect;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        seg: &SegmentReader,
    ) -> tantivy::Result<SegmentCollect> {
        let ff = seg.fast_fields();
        Ok(SegmentCollect {
            keep: self.keep,
            sort: self.sort,
            fold: self.fold,
            ids: ff.u64("record_id")?,
            dates: ff.column_opt("date")?,
            shas: ff.column_opt("sha")?,
            originals: ff.column_opt("original")?,
            top: BinaryHeap::with_capacity(self.keep.min(100_000) + 1),
            groups: FxHashMap::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.sort == Sort::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<Collected> {
        let mut all: Vec<Entry> = vec![];
        // The largest segment's groups are the map the others merge into.
        let mut fruits = fruits;
        let largest = (0..fruits.len()).max_by_key(|&i| fruits[i].groups.len());
        let mut groups: FxHashMap<u64, Group> = match largest {
            Some(i) => std::mem::take(&mut fruits[i].groups),
            None => FxHashMap::default(),
        };
        for fr in fruits {
            all.extend(fr.top);
            for (k, g) in fr.groups {
                groups.entry(k).and_modify(|m| m.merge(g)).or_insert(g);
            }
        }
        let n_groups = groups.len() as u64;
        let hits: Vec<Hit> = if self.fold {
            // Up to one group per match (500,000): the best `keep` are selected, and only
            // they are sorted.
            let mut gs: Vec<Group> = groups.into_values().collect();
            if gs.len() > self.keep {
                gs.select_nth_unstable_by_key(self.keep, |g| Reverse(g.entry()));
                gs.truncate(self.keep);
            }
            gs.sort_unstable_by_key(|g| Reverse(g.entry()));
            gs.into_iter()
                .map(|g| Hit {
                    record_id: g.first,
                    score: g.best.score,
                    copies: g.copies,
                })
                .collect()
        } else {
            all.sort_unstable_by_key(|e| Reverse(*e));
            all.truncate(self.keep);
            all.into_iter()
                .map(|e| Hit {
                    record_id: e.record_id,
                    score: e.score,
                    copies: 1,
                })
                .collect()
        };
        Ok(Collected {
            groups: n_groups,
            hits,
        })
    }
}

/// Counts every match, and (when asked) facet values, a block of matches at a time: one
/// batched read per fast field per block. Without `top` it does not score. With `top` it also
/// keeps the best `top` by relevance in the same pass — for queries whose matching costs more
/// than scoring (phrases, prefixes, fuzzy words), where a second pass would match twice.
pub(crate) struct Counts {
    pub facets: bool,
    pub top: Option<usize>,
    /// Folding by originals: also counts the originals among the matches, and keeps only
    /// originals in `top`.
    pub fold: bool,
}

pub(crate) struct Counted {
    pub total: u64,
    /// With `fold`: how many of the matches are originals.
    pub originals: u64,
    pub facets: Option<Facets>,
    /// With `top`: the best hits by relevance.
    pub hits: Vec<Hit>,
}

pub(crate) struct SegmentCounts {
    facets: bool,
    total: u64,
    /// With folding: the original flags, when the segment holds a copy (else every match is
    /// an original); and the originals counted.
    fold: bool,
    originals: Option<Column<u64>>,
    n_originals: u64,
    flags: Vec<Option<u64>>,
    strs: Vec<StrColumn>,
    /// Per facet field: whether every record of the segment has the one same value (a request
    /// not yet reviewed: every disposition "none", every status "unreviewed"…). Its count is
    /// then the number of matches, and its column is not read.
    uniform: Vec<bool>,
    counts: Vec<Vec<u64>>,
    dates: Option<Column<tantivy::DateTime>>,
    /// Matches per month since January 1900 (dates outside 1900–2199 are not counted).
    months: Vec<u64>,
    /// Matches per day from `day0` (the segment's first date), when its dates span at most
    /// `MAX_DAYS`: a day is one division, its month is worked out once per day at harvest.
    days: Vec<u64>,
    day0: i64,
    ords: Vec<Option<u64>>,
    times: Vec<Option<tantivy::DateTime>>,
    keep: usize,
    ids: Column<u64>,
    top: BinaryHeap<Reverse<Entry>>,
    /// Scored matches waiting to be counted as a block.
    pending: Vec<DocId>,
}

pub(crate) struct SegmentCounted {
    total: u64,
    originals: u64,
    facets: Option<SegmentFacets>,
    top: Vec<Entry>,
}

/// Counts per value of each facet field, and per year-month.
type SegmentFacets = (Vec<HashMap<String, u64>>, HashMap<i64, u64>);

impl Collector for Counts {
    type Fruit = Counted;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        seg: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        let ff = seg.fast_fields();
        let mut strs = vec![];
        if self.facets {
            for n in FACET_FIELDS {
                strs.push(ff.str(n)?.ok_or_else(|| {
                    tantivy::TantivyError::SchemaError(format!("no fast field {n}"))
                })?);
            }
        }
        let dates: Option<Column<tantivy::DateTime>> = ff.column_opt("date")?;
        let (day0, span) = dates
            .as_ref()
            .map(|d| {
                let first = d.min_value().into_timestamp_secs().div_euclid(86_400);
                let last = d.max_value().into_timestamp_secs().div_euclid(86_400);
                (first, last - first + 1)
            })
            .unwrap_or((0, 0));
        let days = if self.facets && (1..=MAX_DAYS).contains(&span) {
            vec![0; span as usize]
        } else {
            vec![]
        };
        let uniform = strs
            .iter()
            .map(|c| {
                c.num_terms() == 1
                    && c.ords().get_cardinality() == tantivy::columnar::Cardinality::Full
            })
            .collect();
        let originals = if self.fold { copies(seg) } else { None };
        Ok(SegmentCounts {
            facets: self.facets,
            total: 0,
            fold: self.fold,
            flags: if originals.is_some() {
                vec![None; COLLECT_BLOCK_BUFFER_LEN]
            } else {
                vec![]
            },
            originals,
            n_originals: 0,
            uniform,
            counts: strs.iter().map(|c| vec![0; c.num_terms()]).collect(),
            strs,
            dates,
            days,
            day0,
            months: if self.facets { vec![0; MONTHS] } else { vec![] },
            ords: vec![None; COLLECT_BLOCK_BUFFER_LEN],
            times: vec![None; COLLECT_BLOCK_BUFFER_LEN],
            keep: self.top.unwrap_or(0),
            ids: ff.u64("record_id")?,
            top: BinaryHeap::new(),
            pending: Vec::with_capacity(COLLECT_BLOCK_BUFFER_LEN),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.top.is_some()
    }

    fn merge_fruits(&self, fruits: Vec<SegmentCounted>) -> tantivy::Result<Counted> {
        let mut total = 0;
        let mut originals = 0;
        let mut strs: Vec<HashMap<String, u64>> = vec![HashMap::new(); FACET_FIELDS.len()];
        let mut months: HashMap<i64, u64> = HashMap::new();
        let mut top: Vec<Entry> = vec![];
        for fr in fruits {
            total += fr.total;
            originals += fr.originals;
            top.extend(fr.top);
            if let Some((s, m)) = fr.facets {
                for (i, counts) in s.into_iter().enumerate() {
                    for (v, n) in counts {
                        *strs[i].entry(v).or_default() += n;
                    }
                }
                for (k, n) in m {
                    *months.entry(k).or_default() += n;
                }
            }
        }
        let facets = self.facets.then(|| {
            let ranked = |m: HashMap<String, u64>| {
                let mut v: Vec<(String, u64)> = m.into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                v
            };
            let mut it = strs.into_iter().map(ranked);
            let mut month: Vec<(i64, u64)> = months.into_iter().collect();
            month.sort_unstable();
            Facets {
                custodian: it.next().unwrap_or_default(),
                kind: it.next().unwrap_or_default(),
                disposition: it.next().unwrap_or_default(),
                status: it.next().unwrap_or_default(),
                exemption: it.next().unwrap_or_default(),
                month: month
                    .into_iter()
                    .map(|(k, n)| (format!("{:04}-{:02}", k / 100, k % 100), n))
                    .collect(),
            }
        });
        top.sort_unstable_by_key(|e| Reverse(*e));
        top.truncate(self.top.unwrap_or(0));
        let hits = top
            .into_iter()
            .map(|e| Hit {
                record_id: e.record_id,
                score: e.score,
                copies: 1,
            })
            .collect();
        Ok(Counted {
            total,
            originals,
            facets,
            hits,
        })
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = SegmentCounted;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.keep > 0
            && (self.top.len() < self.keep
                || self
                    .top
                    .peek()
                    .is_some_and(|Reverse(w)| f64::from(score) >= w.key))
            && self
                .originals
                .as_ref()
                .is_none_or(|c| c.first(doc) == Some(1))
        {
            let e = Entry {
                key: f64::from(score),
                score,
                record_id: self.ids.first(doc).unwrap_or(0),
            };
            if self.top.len() < self.keep {
                self.top.push(Reverse(e));
            } else if self.top.peek().is_some_and(|Reverse(w)| e > *w) {
                self.top.pop();
                self.top.push(Reverse(e));
            }
        }
        self.pending.push(doc);
        if self.pending.len() == COLLECT_BLOCK_BUFFER_LEN {
            let block = std::mem::take(&mut self.pending);
            self.collect_block(&block);
            self.pending = block;
            self.pending.clear();
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let n = docs.len();
        self.total += n as u64;
        if self.fold {
            self.n_originals += match &self.originals {
                None => n as u64,
                Some(c) => {
                    c.first_vals(docs, &mut self.flags[..n]);
                    self.flags[..n].iter().filter(|f| **f == Some(1)).count() as u64
                }
            };
        }
        if !self.facets {
            return;
        }
        for ((col, counts), uniform) in self
            .strs
            .iter()
            .zip(self.counts.iter_mut())
            .zip(&self.uniform)
        {
            if *uniform {
                counts[0] += n as u64;
                continue;
            }
            col.ords().first_vals(docs, &mut self.ords[..n]);
            for ord in self.ords[..n].iter().flatten() {
                counts[*ord as usize] += 1;
            }
        }
        if let Some(dates) = &self.dates {
            dates.first_vals(docs, &mut self.times[..n]);
            if self.days.is_empty() {
                for t in self.times[..n].iter().flatten() {
                    count_month(&mut self.months, t.into_timestamp_secs(), 1);
                }
            } else {
                for t in self.times[..n].iter().flatten() {
                    let d = t.into_timestamp_secs().div_euclid(86_400) - self.day0;
                    self.days[d as usize] += 1;
                }
            }
        }
    }

    fn harvest(mut self) -> SegmentCounted {
        if !self.pending.is_empty() {
            let block = std::mem::take(&mut self.pending);
            self.collect_block(&block);
        }
        let top = std::mem::take(&mut self.top)
            .into_iter()
            .map(|Reverse(e)| e)
            .collect();
        if !self.facets {
            return SegmentCounted {
                total: self.total,
                originals: self.n_originals,
                facets: None,
                top,
            };
        }
        let mut out = vec![];
        for (i, (col, counts)) in self.strs.iter().zip(self.counts).enumerate() {
            let mut m: HashMap<String, u64> = HashMap::new();
            let mut s = String::new();
            for (ord, n) in counts.into_iter().enumerate() {
                if n == 0 {
                    continue;
                }
                s.clear();
                if !col.ord_to_str(ord as u64, &mut s).unwrap_or(false) {
                    continue;
                }
                if i == CODES {
                    // Exemption codes are kept as one value per record: "7927.500 7927.700".
                    for code in s.split_whitespace() {
                        *m.entry(code.to_string()).or_default() += n;
                    }
                } else if !s.is_empty() {
                    *m.entry(s.clone()).or_default() += n;
                }
            }
            out.push(m);
        }
        let mut month_counts = self.months;
        for (d, n) in self.days.iter().enumerate() {
            if *n > 0 {
                count_month(&mut month_counts, (self.day0 + d as i64) * 86_400, *n);
            }
        }
        let months = month_counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(m, n)| {
                let m = m as i64;
                ((1900 + m / 12) * 100 + m % 12 + 1, *n)
            })
            .collect();
        SegmentCounted {
            total: self.total,
            originals: self.n_originals,
            facets: Some((out, months)),
            top,
        }
    }
}

/// Months counted for the month facet: 1900–2199.
const MONTHS: usize = 300 * 12;
/// The longest span of dates in a segment counted day by day (about 270 years).
const MAX_DAYS: i64 = 100_000;

fn count_month(months: &mut [u64], secs: i64, n: u64) {
    let ym = year_month(secs);
    let m = (ym / 100 - 1900) * 12 + (ym % 100 - 1);
    if (0..MONTHS as i64).contains(&m) {
        months[m as usize] += n;
    }
}
/// The facet field whose value is a list of codes.
const CODES: usize = 4;

/// The year and month (as `year * 100 + month`) of a time in seconds since 1970.
fn year_month(secs: i64) -> i64 {
    // Days to civil date (Howard Hinnant's algorithm).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    y * 100 + m
}

impl SegmentCollector for SegmentCollect {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        let key = match self.sort {
            Sort::Relevance => f64::from(score),
            Sort::Newest | Sort::Oldest => match self.dates.as_ref().and_then(|d| d.first(doc)) {
                Some(t) if self.sort == Sort::Newest => t.into_timestamp_secs() as f64,
                Some(t) => -(t.into_timestamp_secs() as f64),
                None => f64::NEG_INFINITY,
            },
        };
        // Most matches rank below the ones kept: pass them before reading their id.
        if !self.fold
            && self.top.len() >= self.keep
            && self.top.peek().is_some_and(|Reverse(w)| key < w.key)
        {
            return;
        }
        let score = if self.sort == Sort::Relevance {
            score
        } else {
            0.0
        };
        let record_id = self.ids.first(doc).unwrap_or(0);
        let e = Entry {
            key,
            score,
            record_id,
        };
        if self.fold {
            let sha = self.shas.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
            // Records without content (sha 0) never fold together.
            let k = if sha == 0 { u64::MAX - record_id } else { sha };
            let is_copy = self.originals.as_ref().and_then(|c| c.first(doc)) == Some(0);
            self.groups
                .entry(k)
                .and_modify(|g| g.add(e, is_copy))
                .or_insert(Group::new(e, is_copy));
        } else if self.top.len() < self.keep {
            self.top.push(Reverse(e));
        } else if let Some(Reverse(worst)) = self.top.peek()
            && e > *worst
        {
            self.top.pop();
            self.top.push(Reverse(e));
        }
    }

    fn harvest(self) -> SegmentFruit {
        SegmentFruit {
            top: self.top.into_iter().map(|Reverse(e)| e).collect(),
            groups: self.groups,
        }
    }
}

/// Every matching record's id.
pub(crate) struct Ids;

pub(crate) struct SegmentIds {
    ids: Column<u64>,
    out: Vec<u64>,
}

impl Collector for Ids {
    type Fruit = Vec<u64>;
    type Child = SegmentIds;

    fn for_segment(&self, _: SegmentOrdinal, seg: &SegmentReader) -> tantivy::Result<SegmentIds> {
        Ok(SegmentIds {
            ids: seg.fast_fields().u64("record_id")?,
            out: vec![],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u64>>) -> tantivy::Result<Vec<u64>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentIds {
    type Fruit = Vec<u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(id) = self.ids.first(doc) {
            self.out.push(id);
        }
    }

    fn harvest(self) -> Vec<u64> {
        self.out
    }
}

/// The column of original flags (1 an original, 0 a later copy) of a segment that holds a
/// copy (deleted documents included); `None` where every record is an original.
pub(crate) fn copies(seg: &SegmentReader) -> Option<Column<u64>> {
    seg.fast_fields()
        .u64("original")
        .ok()
        .filter(|c| c.num_docs() > 0 && c.min_value() == 0)
}

/// Every matching record's id and content key (`sha`).
pub(crate) struct Keys;

pub(crate) struct SegmentKeys {
    ids: Column<u64>,
    shas: Column<u64>,
    out: Vec<(u64, u64)>,
}

impl Collector for Keys {
    type Fruit = Vec<(u64, u64)>;
    type Child = SegmentKeys;

    fn for_segment(&self, _: SegmentOrdinal, seg: &SegmentReader) -> tantivy::Result<SegmentKeys> {
        let ff = seg.fast_fields();
        Ok(SegmentKeys {
            ids: ff.u64("record_id")?,
            shas: ff.u64("sha")?,
            out: vec![],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(u64, u64)>>) -> tantivy::Result<Vec<(u64, u64)>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentKeys {
    type Fruit = Vec<(u64, u64)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(id) = self.ids.first(doc) {
            self.out.push((id, self.shas.first(doc).unwrap_or(0)));
        }
    }

    fn harvest(self) -> Vec<(u64, u64)> {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_of_times() {
        assert_eq!(year_month(0), 197001);
        assert_eq!(year_month(1_738_368_000 - 1), 202501); // 2025-01-31T23:59:59Z
        assert_eq!(year_month(1_738_368_000), 202502);
        assert_eq!(year_month(951_782_400), 200002); // 2000-02-29
        assert_eq!(year_month(-1), 196912);
    }
}
