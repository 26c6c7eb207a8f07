//! Folding copies: a query of the content counts originals (fast), a query of a copy's own
//! fields groups every match by content key; on an index of originals and copies spread over
//! segments, with records re-indexed after decisions, both ways must give the same groups,
//! page, scores and copy counts for every query.

use index::{Found, IndexDoc, RecordIndex, Search, Sort};

/// A small deterministic generator (no dependency): xorshift64*.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: [&str; 24] = [
    "permit",
    "fee",
    "council",
    "budget",
    "parking",
    "zoning",
    "variance",
    "lathrop",
    "memo",
    "inspection",
    "harbor",
    "grant",
    "audit",
    "water",
    "main",
    "street",
    "bridge",
    "contract",
    "police",
    "overtime",
    "library",
    "park",
    "sewer",
    "ordinance",
];

/// One content: what every copy of it shares.
struct Content {
    sha: String,
    title: String,
    subject: String,
    from: String,
    body: String,
    date: Option<i64>,
    /// The path of its original (set when the original is indexed).
    original_path: String,
}

fn words(rng: &mut Rng, n: usize) -> String {
    // Skewed: low words far more often, so that some words match most records.
    (0..n)
        .map(|_| {
            let a = rng.below(WORDS.len() as u64);
            WORDS[rng.below(a + 1) as usize]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// With `mixed`, a tenth of the records are of another request, in the same segments (the
/// search filters each match); else every segment is the request's alone (the search runs
/// the query as is there, with tantivy's pruning of the top hits).
fn build(mixed: bool) -> (tempfile::TempDir, RecordIndex) {
    let dir = tempfile::tempdir().unwrap();
    let (idx, _) = RecordIndex::open(dir.path()).unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut contents: Vec<Content> = (0..400)
        .map(|i| Content {
            // Some records have no content key (sha 0): each is its own original.
            sha: if i % 37 == 0 {
                String::new()
            } else {
                format!("{:016x}{}", 0x1000 + i, "0".repeat(48))
            },
            title: String::new(),
            subject: words(&mut rng, 3),
            from: ["Jane Doe <jdoe@city.gov>", "Bob Roe <bob@city.gov>", ""][i % 3].into(),
            body: words(&mut rng, 8 + (i % 30)),
            date: (i % 5 != 0).then(|| 1_700_000_000 + (i as i64 % 40) * 86_400),
            original_path: String::new(),
        })
        .collect();
    let custodians = ["Jane Doe", "Bob Roe", "Ann Poe", ""];
    let statuses = ["unreviewed", "reviewed", "unreviewed"];
    let mut w = idx.writer().unwrap();
    let mut next_id = 1u64;
    // Each record as last indexed (to re-index some after "decisions").
    let mut docs: Vec<(u64, usize, String, &str, &str, &str)> = vec![];
    for round in 0..6 {
        for _ in 0..300 {
            let c = rng.below(contents.len() as u64) as usize;
            let id = next_id;
            next_id += 1;
            let request = if mixed && rng.below(10) == 0 {
                "OTHER"
            } else {
                "PRA-1"
            };
            let path = format!("box{round}/file{id}.txt");
            // The first record of a content in PRA-1 is its original. (A content's first
            // records in OTHER are originals of that request, never searched here.)
            // (Without a content key a record is never a copy.)
            let is_copy = request == "PRA-1"
                && !contents[c].sha.is_empty()
                && !contents[c].original_path.is_empty();
            if request == "PRA-1" && !is_copy {
                contents[c].original_path = path.clone();
                // Half the originals are titled by their file name, which a copy (named
                // otherwise) must not index as words.
                contents[c].title = if c.is_multiple_of(2) {
                    format!("file{id}.txt")
                } else {
                    words(&mut rng, 2)
                };
            }
            let custodian = custodians[rng.below(4) as usize];
            let status = statuses[rng.below(3) as usize];
            let disposition = ["", "release", "withhold"][rng.below(3) as usize];
            add(
                &mut w,
                &contents[c],
                id,
                request,
                &path,
                custodian,
                status,
                disposition,
                is_copy,
            );
            docs.push((id, c, path, custodian, status, request));
        }
        // Some decisions: records re-indexed (deleted and added again) with a new status.
        for _ in 0..40 {
            let k = rng.below(docs.len() as u64) as usize;
            let (id, c, path, custodian, _, request) = docs[k].clone();
            let is_copy = !contents[c].sha.is_empty() && contents[c].original_path != path;
            w.delete(id);
            add(
                &mut w,
                &contents[c],
                id,
                request,
                &path,
                custodian,
                "reviewed",
                "withhold",
                is_copy && request == "PRA-1",
            );
            docs[k].4 = "reviewed";
        }
        w.set_records_mark(next_id - 1);
        w.commit().unwrap();
    }
    (dir, idx)
}

#[allow(clippy::too_many_arguments)]
fn add(
    w: &mut index::Writer,
    c: &Content,
    id: u64,
    request: &str,
    path: &str,
    custodian: &str,
    status: &str,
    disposition: &str,
    is_copy: bool,
) {
    w.add(&IndexDoc {
        record_id: id,
        request,
        sha256: &c.sha,
        kind: "email",
        custodian,
        path,
        title: &c.title,
        from: &c.from,
        subject: &c.subject,
        date: c.date,
        body: &c.body,
        disposition,
        status,
        original_path: is_copy.then_some(c.original_path.as_str()),
        ..Default::default()
    })
    .unwrap();
}

fn both(idx: &RecordIndex, s: &Search) -> (Found, Found) {
    let fast = idx.search(s).unwrap_or_else(|e| panic!("{}: {e}", s.query));
    let slow = idx
        .search_grouping_every_match(s)
        .unwrap_or_else(|e| panic!("{}: {e}", s.query));
    (fast, slow)
}

fn hits(f: &Found) -> Vec<(u64, u64, u32)> {
    f.hits
        .iter()
        .map(|h| (h.record_id, h.copies, h.score.to_bits()))
        .collect()
}

#[test]
fn folding_by_originals_agrees_with_grouping_every_match() {
    for mixed in [true, false] {
        agree(mixed);
    }
}

fn agree(mixed: bool) {
    let (_d, idx) = build(mixed);
    let queries = [
        "-nosuchword",
        "permit",
        "fee council",
        "permit OR lathrop",
        "\"permit fee\"",
        "insp*",
        "lathorp~1",
        "-permit",
        "permit -fee",
        "from:jdoe",
        "subject:budget",
        "date:[2023-11-20 TO 2023-12-10]",
        "file1",
        "sewer AND NOT ordinance",
        // A copy's own fields: grouped both ways.
        "custodian:\"Bob Roe\" permit",
        "status:reviewed",
        "name:file*",
    ];
    let mut compared = 0;
    let mut folded_away = 0;
    for q in queries {
        for sort in [Sort::Relevance, Sort::Newest, Sort::Oldest] {
            // The whole list: the same groups, each with its record, score and copies.
            let all = Search {
                request: "PRA-1",
                query: q,
                limit: 5_000,
                offset: 0,
                sort,
                fold: true,
                facets: true,
            };
            let (fast, slow) = both(&idx, &all);
            assert_eq!(fast.total, slow.total, "{q} {sort:?}: total");
            assert_eq!(fast.groups, slow.groups, "{q} {sort:?}: groups");
            assert_eq!(fast.facets, slow.facets, "{q} {sort:?}: facets");
            let (mut a, mut b) = (hits(&fast), hits(&slow));
            if sort == Sort::Relevance {
                // Equal scores may come in another order.
                a.sort_unstable();
                b.sort_unstable();
            }
            assert_eq!(a, b, "{q} {sort:?}: hits");
            folded_away += fast.total - fast.groups.unwrap();
            // Pages: by date exactly the same records; by relevance the same scores.
            for offset in [0, 7, 60] {
                let page = Search {
                    limit: 13,
                    offset,
                    ..all
                };
                let (fast, slow) = both(&idx, &page);
                assert_eq!(fast.groups, slow.groups);
                if sort == Sort::Relevance {
                    let scores =
                        |f: &Found| f.hits.iter().map(|h| h.score.to_bits()).collect::<Vec<_>>();
                    assert_eq!(scores(&fast), scores(&slow), "{q} page {offset}: scores");
                } else {
                    assert_eq!(hits(&fast), hits(&slow), "{q} {sort:?} page {offset}");
                }
            }
            compared += 1;
        }
    }
    assert_eq!(compared, 51);
    // The set has copies to fold: the comparison is not between two unfolded lists.
    assert!(folded_away > 1_000, "only {folded_away} copies folded away");
}

#[test]
fn a_copy_titled_by_its_original_file_name_matches_as_its_original() {
    let dir = tempfile::tempdir().unwrap();
    let (idx, _) = RecordIndex::open(dir.path()).unwrap();
    let mut w = idx.writer().unwrap();
    let sha = format!("7{:063x}", 7);
    let later = format!("8{:063x}", 8);
    // Records 3 and 4: an original recorded after its copy (a record that failed, read again
    // once its content had been recorded meanwhile, becomes a copy of that record).
    for (id, sha, path, original_path, body) in [
        (1, &sha, "a/quarterly.txt", None, "the figures"),
        (
            2,
            &sha,
            "b/copy of it.txt",
            Some("a/quarterly.txt"),
            "the figures",
        ),
        (3, &later, "c/retried.txt", Some("c/late.txt"), "late words"),
        (4, &later, "c/late.txt", None, "late words"),
    ] {
        w.add(&IndexDoc {
            record_id: id,
            request: "PRA-1",
            sha256: sha,
            path,
            title: if id <= 2 { "quarterly.txt" } else { "late.txt" },
            body,
            status: "unreviewed",
            original_path,
            ..Default::default()
        })
        .unwrap();
    }
    w.commit().unwrap();
    let s = Search {
        request: "PRA-1",
        query: "quarterly",
        limit: 10,
        offset: 0,
        sort: Sort::Relevance,
        fold: false,
        facets: false,
    };
    // The original's title is its file name, not indexed as words (`name:` finds it): the
    // copy's neither, though its own name differs.
    assert_eq!(idx.search(&s).unwrap().total, 0);
    let found = idx
        .search(&Search {
            query: "figures",
            fold: true,
            ..s
        })
        .unwrap();
    assert_eq!((found.total, found.groups), (2, Some(1)));
    assert_eq!((found.hits[0].record_id, found.hits[0].copies), (1, 2));
    // Both ways show the original, though its copy has the lower id.
    let late = Search {
        query: "late",
        fold: true,
        ..s
    };
    for found in [idx.search(&late), idx.search_grouping_every_match(&late)] {
        let found = found.unwrap();
        assert_eq!((found.total, found.groups), (2, Some(1)));
        assert_eq!((found.hits[0].record_id, found.hits[0].copies), (4, 2));
    }
    // A query of a copy's own field: grouped, the copy alone matched and is shown.
    let own = Search {
        query: "late name:retried",
        fold: true,
        ..s
    };
    let found = idx.search(&own).unwrap();
    assert_eq!((found.total, found.groups), (1, Some(1)));
    assert_eq!((found.hits[0].record_id, found.hits[0].copies), (3, 1));
}

/// Pages deep in a list (from `DEEP_PAGE` on) are slices of a ranked head of the list, kept:
/// the same records, copies and scores in the same order as the page ranked on its own, for
/// every sort and both ways of folding; a head twice as deep as the page serves the pages
/// within it, a page past it ranks a deeper one, and a commit makes a new one.
#[test]
fn deep_pages_are_slices_of_one_ranking_and_the_same_as_pages_ranked_alone() {
    let (_d, idx) = build(true);
    let queries = [
        "permit",
        "fee council",
        "\"permit fee\"",
        "insp*",
        "status:reviewed",
        "-nosuchword",
    ];
    let mut deep_compared = 0;
    for q in queries {
        for sort in [Sort::Relevance, Sort::Newest, Sort::Oldest] {
            for fold in [false, true] {
                let all = Search {
                    request: "PRA-1",
                    query: q,
                    limit: 5_000,
                    offset: 0,
                    sort,
                    fold,
                    facets: false,
                };
                let page = |offset: usize| Search {
                    limit: 17,
                    offset,
                    ..all
                };
                // Every page ranked on its own.
                idx.set_deep_page(usize::MAX);
                let whole = idx.search(&all).unwrap();
                let offsets = [40usize, 45, 96, 113, 5_000, 200];
                let alone: Vec<Found> = offsets
                    .iter()
                    .map(|&o| idx.search(&page(o)).unwrap())
                    .collect();
                for (f, &o) in alone.iter().zip(&offsets) {
                    let want: Vec<_> = hits(&whole).into_iter().skip(o).take(17).collect();
                    assert_eq!(hits(f), want, "{q} {sort:?} fold {fold}: page {o} alone");
                }
                // The same pages sliced from ranked heads: 40 ranks 2 × 57 hits, which 45 and
                // 96 fall within; 113 ranks 260; 5,000 all of them (fewer than 10,034), which
                // 200 falls within.
                idx.set_deep_page(30);
                let before = idx.rankings();
                let mut ranked = vec![];
                for (f, &o) in alone.iter().zip(&offsets) {
                    let deep = idx.search(&page(o)).unwrap();
                    ranked.push(idx.rankings() - before);
                    assert_eq!(hits(&deep), hits(f), "{q} {sort:?} fold {fold}: page {o}");
                    assert_eq!(
                        (deep.total, deep.groups),
                        (f.total, f.groups),
                        "{q} {sort:?} fold {fold}: counts at {o}"
                    );
                    deep_compared += usize::from(!deep.hits.is_empty());
                }
                // The heads as the rule says: ranked twice as deep as the page when the one
                // kept holds less than it and is not the whole list.
                let n = whole.hits.len();
                let (mut head, mut complete, mut rankings, mut want) = (0, false, 0u64, vec![]);
                for &o in &offsets {
                    if !complete && head < o + 17 {
                        head = 2 * (o + 17);
                        complete = n < head;
                        rankings += 1;
                    }
                    want.push(rankings);
                }
                assert_eq!(
                    ranked, want,
                    "{q} {sort:?} fold {fold}: rankings ({n} hits)"
                );
                if n > 260 {
                    assert_eq!(ranked, [1, 1, 1, 2, 3, 3]);
                }
                // A shallow page is ranked as before, and ranks no head.
                let n = idx.rankings();
                assert_eq!(hits(&idx.search(&page(3)).unwrap()), hits(&whole)[3..20]);
                assert_eq!(idx.rankings(), n);
            }
        }
    }
    assert!(
        deep_compared > 40,
        "only {deep_compared} deep pages held hits"
    );

    // A commit: the next deep page is ranked again, with the new record counted.
    let all = Search {
        request: "PRA-1",
        query: "permit",
        limit: 17,
        offset: 40,
        sort: Sort::Relevance,
        fold: false,
        facets: false,
    };
    let was = idx.search(&all).unwrap().total;
    let before = idx.rankings();
    let mut w = idx.writer().unwrap();
    w.add(&IndexDoc {
        record_id: 99_999,
        request: "PRA-1",
        status: "unreviewed",
        body: "permit",
        ..Default::default()
    })
    .unwrap();
    w.commit().unwrap();
    assert_eq!(idx.search(&all).unwrap().total, was + 1);
    assert_eq!(idx.rankings(), before + 1);
}
