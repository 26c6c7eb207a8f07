//! Every query form against a small real index.

use index::{IndexDoc, RecordIndex, Search, Sort};

fn secs(s: &str) -> Option<i64> {
    index::wall_clock_secs(s)
}

fn fixture() -> (tempfile::TempDir, RecordIndex) {
    let dir = tempfile::tempdir().unwrap();
    let (idx, _) = RecordIndex::open(dir.path()).unwrap();
    let exempt = vec!["7927.700".to_string()];
    let mut w = idx.writer().unwrap();
    let docs = [
        IndexDoc {
            record_id: 1,
            sha256: "aa00000000000001",
            kind: "email",
            custodian: "Jane Doe",
            path: "mail/inbox.mbox#1",
            title: "Permit fees for 12 Main St",
            subject: "Permit fees for 12 Main St",
            from: "Jane Doe <jdoe@city.gov>",
            to: "planning@city.gov",
            date: secs("2025-01-31T19:00:00-08:00"),
            body: "The permitting office raised the fees. Ask Mr. Lathrop about the inspection.",
            ..Default::default()
        },
        IndexDoc {
            record_id: 2,
            sha256: "aa00000000000001",
            kind: "email",
            custodian: "Bob Roe",
            path: "bob/sent.mbox#7",
            original_path: Some("mail/inbox.mbox#1"),
            title: "Permit fees for 12 Main St",
            subject: "Permit fees for 12 Main St",
            from: "Jane Doe <jdoe@city.gov>",
            to: "planning@city.gov",
            date: secs("2025-01-31T19:00:00-08:00"),
            body: "The permitting office raised the fees. Ask Mr. Lathrop about the inspection.",
            ..Default::default()
        },
        IndexDoc {
            record_id: 3,
            sha256: "bb00000000000002",
            kind: "pdf",
            custodian: "Jane Doe",
            path: "memos/Budget 2025.pdf",
            title: "Budget memo",
            date: secs("2025-03-02T09:00:00Z"),
            body: "Council budget: permit revenue and fee schedule, scanned.",
            disposition: "withhold",
            status: "reviewed",
            ..Default::default()
        },
        IndexDoc {
            record_id: 4,
            sha256: "cc00000000000003",
            kind: "xlsx",
            path: "sheets/fees.xlsx",
            title: "fees.xlsx",
            body: "permit fee 120 café",
            ..Default::default()
        },
    ];
    for d in &docs {
        let d = IndexDoc {
            request: "PRA-1",
            status: if d.status.is_empty() {
                "unreviewed"
            } else {
                d.status
            },
            exemptions: if d.record_id == 3 { &exempt } else { &[] },
            ..d.clone()
        };
        w.add(&d).unwrap();
    }
    w.add(&IndexDoc {
        record_id: 5,
        request: "PRA-2",
        body: "permit fees elsewhere",
        status: "unreviewed",
        ..Default::default()
    })
    .unwrap();
    w.set_records_mark(5);
    w.commit().unwrap();
    (dir, idx)
}

fn ids(idx: &RecordIndex, q: &str) -> Vec<u64> {
    idx.matching_ids("PRA-1", q)
        .unwrap_or_else(|e| panic!("{q}: {e}"))
}

#[test]
fn every_query_form() {
    let (_d, idx) = fixture();
    // Stemmed words, and exact ones in quotes.
    assert_eq!(ids(&idx, "permit"), vec![1, 2, 3, 4]);
    assert_eq!(ids(&idx, "permits"), vec![1, 2, 3, 4]);
    assert_eq!(ids(&idx, "\"permitting\""), vec![1, 2]);
    assert_eq!(ids(&idx, "\"fee\""), vec![3, 4]);
    assert_eq!(ids(&idx, "cafe"), vec![4]);
    // Phrases and proximity.
    assert_eq!(ids(&idx, "\"raised the fees\""), vec![1, 2]);
    assert_eq!(ids(&idx, "\"permit schedule\""), Vec::<u64>::new());
    assert_eq!(ids(&idx, "\"permit schedule\"~4"), vec![3]);
    // Prefix and fuzzy.
    assert_eq!(ids(&idx, "inspect*"), vec![1, 2]);
    assert_eq!(ids(&idx, "\"fee sched\"*"), vec![3]);
    assert_eq!(ids(&idx, "lathorp~1"), vec![1, 2]);
    assert_eq!(ids(&idx, "lathorp~0"), Vec::<u64>::new());
    // Boolean.
    assert_eq!(ids(&idx, "permit AND council"), vec![3]);
    assert_eq!(ids(&idx, "council OR cafe"), vec![3, 4]);
    assert_eq!(ids(&idx, "permit -council NOT cafe"), vec![1, 2]);
    assert_eq!(ids(&idx, "+permit +(council OR café)"), vec![3, 4]);
    assert_eq!(ids(&idx, "NOT \"permitting\""), vec![3, 4]);
    assert_eq!(ids(&idx, "NOT permitting"), Vec::<u64>::new());
    // Fields.
    assert_eq!(ids(&idx, "from:jdoe@city.gov"), vec![1, 2]);
    assert_eq!(ids(&idx, "to:planning"), vec![1, 2]);
    assert_eq!(ids(&idx, "subject:(main OR budget)"), vec![1, 2]);
    assert_eq!(ids(&idx, "custodian:\"jane doe\""), vec![1, 3]);
    assert_eq!(ids(&idx, "custodian:b*"), vec![2]);
    assert_eq!(ids(&idx, "kind:pdf OR type:XLSX"), vec![3, 4]);
    assert_eq!(ids(&idx, "path:memos"), vec![3]);
    assert_eq!(ids(&idx, "name:\"budget 2025\""), vec![3]);
    assert_eq!(ids(&idx, "name:fees"), vec![4]);
    // Dates as written in the record: 31 January in California.
    assert_eq!(ids(&idx, "date:2025-01-31"), vec![1, 2]);
    assert_eq!(ids(&idx, "date:[2025-01-01 TO 2025-03-31]"), vec![1, 2, 3]);
    assert_eq!(ids(&idx, "date:{2025-01-31 TO *]"), vec![3]);
    assert_eq!(ids(&idx, "date:2025-03"), vec![3]);
    // Review state.
    assert_eq!(ids(&idx, "disposition:withhold"), vec![3]);
    assert_eq!(ids(&idx, "disposition:none"), vec![1, 2, 4]);
    assert_eq!(ids(&idx, "disposition:Undecided"), vec![1, 2, 4]);
    assert_eq!(ids(&idx, "status:reviewed"), vec![3]);
    assert_eq!(ids(&idx, "exemption:7927.700"), vec![3]);
    assert_eq!(ids(&idx, "exemption:7927*"), vec![3]);
    assert_eq!(ids(&idx, "date:[* TO *]"), vec![1, 2, 3]);
    assert_eq!(
        ids(&idx, "date:{2025-01-31 TO 2025-02-01}"),
        Vec::<u64>::new()
    );
    assert_eq!(ids(&idx, "custodian:\"jane\"*"), vec![1, 3]);
    assert_eq!(
        ids(&idx, "permit -\"gov jdoe\" -\"permit permit\""),
        vec![1, 2, 3, 4]
    );
    // Words that are several tokens: in order.
    assert_eq!(ids(&idx, "jdoe@city.gov"), vec![1, 2]);
    assert_eq!(ids(&idx, "12-main"), vec![1, 2]);
}

fn search<'a>(q: &'a str) -> Search<'a> {
    Search {
        request: "PRA-1",
        query: q,
        limit: 10,
        offset: 0,
        sort: Sort::Relevance,
        fold: false,
        facets: true,
    }
}

#[test]
fn folding_sorting_facets_and_snippets() {
    let (_d, idx) = fixture();
    let found = idx.search(&search("permit")).unwrap();
    assert_eq!(found.total, 4);
    assert_eq!(found.groups, None);
    let f = found.facets.unwrap();
    assert_eq!(
        f.custodian,
        vec![("Jane Doe".to_string(), 2), ("Bob Roe".to_string(), 1)]
    );
    assert_eq!(
        f.kind,
        vec![
            ("email".to_string(), 2),
            ("pdf".to_string(), 1),
            ("xlsx".to_string(), 1)
        ]
    );
    assert_eq!(
        f.month,
        vec![("2025-01".to_string(), 2), ("2025-03".to_string(), 1)]
    );
    assert_eq!(
        f.disposition,
        vec![("none".to_string(), 3), ("withhold".to_string(), 1)]
    );
    assert_eq!(f.exemption, vec![("7927.700".to_string(), 1)]);
    assert_eq!(
        f.status,
        vec![("unreviewed".to_string(), 3), ("reviewed".to_string(), 1)]
    );

    // Folded: one hit per original, the first copy, with the count of copies.
    let folded = idx
        .search(&Search {
            fold: true,
            ..search("lathrop")
        })
        .unwrap();
    assert_eq!((folded.total, folded.groups), (2, Some(1)));
    assert_eq!(folded.hits.len(), 1);
    assert_eq!((folded.hits[0].record_id, folded.hits[0].copies), (1, 2));

    // By date, newest first, undated last; then oldest first.
    let by = |sort| {
        idx.search(&Search {
            sort,
            ..search("permit")
        })
        .unwrap()
        .hits
        .iter()
        .map(|h| h.record_id)
        .collect::<Vec<_>>()
    };
    assert_eq!(by(Sort::Newest), vec![3, 1, 2, 4]);
    assert_eq!(by(Sort::Oldest), vec![1, 2, 3, 4]);
    // Paging.
    let page = idx
        .search(&Search {
            limit: 2,
            offset: 1,
            sort: Sort::Oldest,
            ..search("permit")
        })
        .unwrap();
    assert_eq!(
        page.hits.iter().map(|h| h.record_id).collect::<Vec<_>>(),
        vec![2, 3]
    );
    assert_eq!(page.total, 4);

    // Snippets mark what the query wanted: stems, exact words, prefixes, fuzzy words.
    let found = idx
        .search(&search("permit \"fees\" inspect* lathorp~1 -council"))
        .unwrap();
    let s = found
        .highlighter
        .snippet("The permitting office raised the fees. Ask Mr. Lathrop about the inspection.");
    let marked: Vec<&str> = s.marks.iter().map(|r| &s.text[r.clone()]).collect();
    assert_eq!(marked, vec!["permitting", "fees", "Lathrop", "inspection"]);
}

#[test]
fn totals_are_exact_beyond_ten_thousand() {
    let dir = tempfile::tempdir().unwrap();
    let (idx, _) = RecordIndex::open(dir.path()).unwrap();
    let mut w = idx.writer().unwrap();
    for i in 1..=12_345u64 {
        w.add(&IndexDoc {
            record_id: i,
            request: "BIG",
            status: "unreviewed",
            body: if i % 2 == 0 {
                "permit even"
            } else {
                "permit odd"
            },
            ..Default::default()
        })
        .unwrap();
    }
    w.commit().unwrap();
    let found = idx
        .search(&Search {
            request: "BIG",
            limit: 20,
            offset: 12_340,
            ..search("permit")
        })
        .unwrap();
    assert_eq!(found.total, 12_345);
    assert_eq!(found.hits.len(), 5);
    assert_eq!(idx.matching_ids("BIG", "even").unwrap().len(), 6_172);
    // A phrase ranks in its counting pass: the same totals, pages and order.
    let phrase = |offset| {
        idx.search(&Search {
            request: "BIG",
            limit: 20,
            offset,
            ..search("\"permit even\"")
        })
        .unwrap()
    };
    let last = phrase(6_160);
    assert_eq!((last.total, last.hits.len()), (6_172, 12));
    let first = phrase(0);
    assert_eq!(first.hits.len(), 20);
    assert!(first.hits.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(first.hits.iter().all(|h| h.record_id % 2 == 0));
}

#[test]
fn queries_that_cannot_run_say_where() {
    let (_d, idx) = fixture();
    let e = |q: &str| idx.check(q).unwrap_err().to_string();
    assert_eq!(
        e("permit AND (fees"),
        "the query does not parse at column 12: this parenthesis is not closed"
    );
    assert_eq!(
        e("permit !!!"),
        "the query does not parse at column 8: this term has no letters or digits to search for"
    );
    assert_eq!(
        e("date:(\"x\")"),
        "the query does not parse at column 7: date: takes a day, month or year (2025-03-14, 2025-03, 2025) or a range [2025-01-01 TO 2025-03-31]"
    );
    assert_eq!(
        e(&"a".repeat(90)),
        "the query does not parse at column 1: words longer than 79 characters are not indexed"
    );
    assert_eq!(
        e(&"(".repeat(10_000)),
        "the query does not parse at column 65: the query nests too deeply"
    );
}

#[test]
fn queries_past_the_bounds_of_one_search_are_refused() {
    let (_d, idx) = fixture();
    let e = |q: &str| idx.check(q).unwrap_err().to_string();
    // Length: counted before anything is parsed.
    assert_eq!(
        e(&"(".repeat(1_000_000)),
        "the query is 1,000,000 characters long; at most 20,000 are searched at once"
    );
    let longest = format!("\"{}\"", "fee ".repeat(4_999));
    assert_eq!(longest.len(), 19_998);
    assert_eq!(idx.check(&longest).unwrap().terms, 1);
    // Terms, and among them prefixes and fuzzy words.
    let or = |n: usize, f: &dyn Fn(usize) -> String| (0..n).map(f).collect::<Vec<_>>().join(" OR ");
    assert_eq!(
        idx.check(&or(1_000, &|i| format!("fee{i}"))).unwrap().terms,
        1_000
    );
    assert_eq!(
        e(&or(1_001, &|i| format!("fee{i}"))),
        "the query has 1,001 terms; at most 1,000 are searched at once"
    );
    assert_eq!(
        e(&format!("subject:({})", or(1_001, &|i| format!("fee{i}")))),
        "the query has 1,001 terms; at most 1,000 are searched at once"
    );
    let size = idx.check(&or(100, &|i| format!("fee{i}~1"))).unwrap();
    assert_eq!((size.terms, size.expanding), (100, 100));
    assert_eq!(
        e(&format!(
            "{} OR \"permit fe\"*",
            or(100, &|i| format!("fe{i}*"))
        )),
        "the query has 101 prefixes and fuzzy words (permit*, lathrop~1); at most 100 are searched at once"
    );
    assert_eq!(
        ids(&idx, &or(100, &|i| format!("lathrop{i}~1"))),
        vec![1, 2]
    );
}

#[test]
fn a_prefix_or_fuzzy_word_standing_for_too_many_words_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (idx, _) = RecordIndex::open(dir.path()).unwrap();
    let mut w = idx.writer().unwrap();
    // 11,000 words starting with "w"; 17,500 words two letters away from "abcdefgh".
    let prefixed: String = (0..11_000).map(|i| format!("w{i:05} ")).collect();
    let mut near = String::new();
    let base: Vec<char> = "abcdefgh".chars().collect();
    for i in 0..8 {
        for j in i + 1..8 {
            for a in 'a'..='z' {
                for b in 'a'..='z' {
                    if a == base[i] || b == base[j] {
                        continue;
                    }
                    let mut word = base.clone();
                    word[i] = a;
                    word[j] = b;
                    near.extend(word);
                    near.push(' ');
                }
            }
        }
    }
    for (id, body) in [(1, prefixed.as_str()), (2, near.as_str())] {
        w.add(&IndexDoc {
            record_id: id,
            request: "WIDE",
            status: "unreviewed",
            body,
            ..Default::default()
        })
        .unwrap();
    }
    w.commit().unwrap();
    w.finish().unwrap();
    let run = |q: &str| idx.matching_ids("WIDE", q).map_err(|e| e.to_string());
    assert_eq!(
        run("permit OR w*"),
        Err("at column 11: w* stands for more than 10,000 different words of the records, the most one term may search: give more of the word".into())
    );
    assert_eq!(run("w1*"), Ok(vec![1]));
    assert_eq!(
        run("\"permit w\"*").unwrap_err(),
        "at column 1: w* stands for more than 10,000 different words of the records, the most one term may search: give more of the word"
    );
    assert_eq!(
        run("abcdefgh~2"),
        Err("at column 1: abcdefgh~2 stands for more than 10,000 different words of the records, the most one term may search: allow fewer differences or give a longer word".into())
    );
    assert!(run("abcdefgh~1").is_ok());
    assert_eq!(run("abcdefgz~1"), Ok(vec![2]));
    // The same bound when a page of hits is asked for.
    let e = idx
        .search(&Search {
            request: "WIDE",
            ..search("w*")
        })
        .err()
        .unwrap();
    assert!(
        e.to_string().contains("w* stands for more than 10,000"),
        "{e}"
    );
    // Another request's index is not searched, so its words are not counted.
    assert_eq!(idx.matching_ids("OTHER", "w*").unwrap(), Vec::<u64>::new());
}

#[test]
fn requests_stay_apart_whether_their_segments_are_shared_or_not() {
    let dir = tempfile::tempdir().unwrap();
    let (idx, _) = RecordIndex::open(dir.path()).unwrap();
    let mut w = idx.writer().unwrap();
    // One segment per request (as separate ingests write them)...
    for i in 1..=30u64 {
        w.add(&IndexDoc {
            record_id: i,
            request: "A",
            status: "unreviewed",
            body: "permit",
            ..Default::default()
        })
        .unwrap();
    }
    w.commit().unwrap();
    for i in 31..=40u64 {
        w.add(&IndexDoc {
            record_id: i,
            request: "B",
            status: "unreviewed",
            body: "permit permit",
            ..Default::default()
        })
        .unwrap();
    }
    w.commit().unwrap();
    // ...and one segment holding both.
    for i in 41..=50u64 {
        w.add(&IndexDoc {
            record_id: i,
            request: if i % 2 == 0 { "A" } else { "B" },
            status: "unreviewed",
            body: "permit",
            ..Default::default()
        })
        .unwrap();
    }
    w.commit().unwrap();
    let a = idx.search(&search_in("A", "permit")).unwrap();
    assert_eq!(a.total, 35);
    assert_eq!(a.hits.len(), 20);
    assert!(
        a.hits
            .iter()
            .all(|h| h.record_id <= 30 || (h.record_id > 40 && h.record_id % 2 == 0))
    );
    let b = idx.search(&search_in("B", "permit")).unwrap();
    assert_eq!(b.total, 15);
    assert_eq!(
        b.facets.unwrap().status,
        vec![("unreviewed".to_string(), 15)]
    );
    // The denser records of B rank first.
    assert!(
        b.hits[..10]
            .iter()
            .all(|h| (31..=40).contains(&h.record_id))
    );
    assert_eq!(
        idx.matching_ids("B", "NOT permit").unwrap(),
        Vec::<u64>::new()
    );
    assert_eq!(idx.matching_ids("A", "permit").unwrap().len(), 35);
}

fn search_in<'a>(request: &'a str, q: &'a str) -> Search<'a> {
    Search {
        request,
        limit: 20,
        ..search(q)
    }
}

#[test]
fn facets_count_segments_where_every_record_has_one_value() {
    // Segment one: every record an unreviewed email of one custodian (its columns hold one
    // value each, and are not read); segment two: mixed. Then a record of segment one is
    // decided (deleted there, added again in a third segment): segment one's column still
    // holds its old value, but only live matches count.
    let dir = tempfile::tempdir().unwrap();
    let (idx, _) = RecordIndex::open(dir.path()).unwrap();
    let mut w = idx.writer().unwrap();
    let doc =
        |id: u64, kind: &'static str, disposition: &'static str, status: &'static str| IndexDoc {
            record_id: id,
            request: "PRA-1",
            kind,
            custodian: "Jane Doe",
            disposition,
            status,
            date: secs("2025-01-15T12:00:00Z"),
            body: "permit",
            ..Default::default()
        };
    for id in 1..=5 {
        w.add(&doc(id, "email", "", "unreviewed")).unwrap();
    }
    w.commit().unwrap();
    w.add(&doc(6, "pdf", "release", "reviewed")).unwrap();
    w.add(&doc(7, "email", "", "unreviewed")).unwrap();
    w.commit().unwrap();
    w.delete(2);
    w.add(&doc(2, "email", "withhold", "reviewed")).unwrap();
    w.commit().unwrap();
    let f = idx.search(&search("permit")).unwrap();
    assert_eq!(f.total, 7);
    let f = f.facets.unwrap();
    let pairs = |v: &[(&str, u64)]| {
        v.iter()
            .map(|(s, n)| (s.to_string(), *n))
            .collect::<Vec<_>>()
    };
    assert_eq!(f.kind, pairs(&[("email", 6), ("pdf", 1)]));
    assert_eq!(f.custodian, pairs(&[("Jane Doe", 7)]));
    assert_eq!(
        f.disposition,
        pairs(&[("none", 5), ("release", 1), ("withhold", 1)])
    );
    assert_eq!(f.status, pairs(&[("unreviewed", 5), ("reviewed", 2)]));
    assert_eq!(f.month, pairs(&[("2025-01", 7)]));
}
