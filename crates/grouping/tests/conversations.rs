//! Threading measured on a labelled set made here (a seeded generator, so the same set on
//! every machine): conversations threaded by headers, by Outlook's index, or by nothing but
//! their quoted text; forks; replies that quote in full, in part or not at all; replies that
//! drop an attachment; forwards that keep it; copies of one message in two mailboxes; and
//! distractors that share a subject (other people, or the same people months later).
//! Scores: pairwise F1 of the conversations, precision and recall of "inclusive".

use grouping::{Message, converse, parse_ids};

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "permit",
    "zoning",
    "variance",
    "council",
    "budget",
    "hearing",
    "parcel",
    "appeal",
    "contract",
    "invoice",
    "schedule",
    "inspection",
    "drainage",
    "easement",
    "grant",
    "audit",
    "meeting",
    "draft",
    "review",
    "deadline",
    "approval",
    "tenant",
    "lease",
    "road",
    "bridge",
    "water",
    "sewer",
    "fire",
    "police",
    "library",
    "park",
    "transit",
    "housing",
    "traffic",
    "signal",
    "storm",
    "repair",
    "vendor",
    "bid",
    "award",
    "memo",
    "report",
    "minutes",
    "agenda",
];
const PEOPLE: &[&str] = &[
    "ann", "bob", "cara", "dev", "eli", "fay", "gus", "hal", "ivy", "jo", "kim", "lee", "max",
    "ned", "ola", "pat",
];
const SUBJECTS: &[&str] = &[
    "Budget",
    "Meeting",
    "Question",
    "Follow up",
    "Permit 4471",
    "Agenda",
    "Update",
    "Draft",
];

fn sentence(r: &mut Rng, words: usize) -> String {
    let mut s: Vec<&str> = (0..words).map(|_| *r.pick(WORDS)).collect();
    let first = s[0].to_string();
    let mut out = first[..1].to_uppercase() + &first[1..];
    s.remove(0);
    for w in s {
        out.push(' ');
        out.push_str(w);
    }
    out.push('.');
    out
}

/// How a conversation's messages can be tied together.
#[derive(Clone, Copy, PartialEq)]
enum Source {
    Headers,
    OutlookIndex,
    QuotedTextOnly,
}

/// One labelled message.
struct Labelled {
    message: Message,
    conversation: u64,
    inclusive: bool,
}

/// The generated node of a conversation tree.
struct Node {
    parent: Option<usize>,
    /// Quoted the parent in full.
    quoted_full: bool,
    attachments: Vec<String>,
    id: u64,
}

fn addr(p: &str) -> String {
    format!("{p}@city.gov")
}

/// Builds the labelled set.
fn labelled(seed: u64, conversations: usize) -> Vec<Labelled> {
    let mut r = Rng(seed);
    let mut out: Vec<Labelled> = Vec::new();
    let mut next_id = 1u64;
    let mut day = 19_000i64 * 86_400; // 2022
    for c in 0..conversations {
        let source = match r.below(10) {
            0..=4 => Source::Headers,
            5..=6 => Source::OutlookIndex,
            _ => Source::QuotedTextOnly,
        };
        let subject = format!(
            "{} {}",
            r.pick(SUBJECTS),
            if r.chance(50) {
                c.to_string()
            } else {
                String::new()
            }
        );
        let subject = subject.trim().to_string();
        // Two to four people, a conversation of 1 to 8 messages.
        let mut people: Vec<&str> = vec![];
        while people.len() < 2 + r.below(3) as usize {
            let p = *r.pick(PEOPLE);
            if !people.contains(&p) {
                people.push(p);
            }
        }
        let size = 1 + r.below(8) as usize;
        let guid: Vec<u8> = (0..22).map(|_| r.below(256) as u8).collect();
        let quote_style = r.below(3);
        let mut nodes: Vec<Node> = Vec::new();
        let mut bodies: Vec<String> = Vec::new();
        let mut senders: Vec<&str> = Vec::new();
        let mut indexes: Vec<Vec<u8>> = Vec::new();
        let first_of_conversation = out.len();
        for k in 0..size {
            day += 600 + r.below(7200) as i64;
            let parent = (k > 0).then(|| {
                // Mostly a chain, sometimes a fork off an earlier message.
                if r.chance(75) {
                    k - 1
                } else {
                    r.below(k as u64) as usize
                }
            });
            let from = match parent {
                Some(p) => *people.iter().find(|&&x| x != senders[p]).unwrap(),
                None => people[0],
            };
            let to: Vec<&str> = people.iter().copied().filter(|&x| x != from).collect();
            let own = (0..1 + r.below(3))
                .map(|_| {
                    let n = 6 + r.below(10) as usize;
                    sentence(&mut r, n)
                })
                .collect::<Vec<_>>()
                .join(" ");
            // Quote the parent in full (most replies), in part, or not at all.
            let how = parent.map(|_| r.below(10));
            let quoted_full = matches!(how, Some(0..=6));
            let mut body = own.clone();
            if let (Some(p), Some(h)) = (parent, how) {
                let pb = &bodies[p];
                let quoted = match h {
                    0..=6 => pb.clone(),
                    7..=8 => pb.split_whitespace().take(8).collect::<Vec<_>>().join(" "),
                    _ => String::new(),
                };
                if !quoted.is_empty() {
                    body.push_str(&match quote_style {
                        0 => format!("\n\n-----Original Message-----\nFrom: {}\nSent: Monday\nTo: {}\nSubject: {subject}\n\n{quoted}\n", senders[p], from),
                        1 => format!("\n\nOn Mon, 3 Mar 2025, {} <{}> wrote:\n{}\n", senders[p], addr(senders[p]), quoted.lines().map(|l| format!("> {l}")).collect::<Vec<_>>().join("\n")),
                        _ => format!("\n________________________________\nFrom: {}\nSent: Monday\n\n{quoted}\n", senders[p]),
                    });
                }
            }
            // Attachments: a first message may carry one; a reply usually drops it, a forward keeps it.
            let mut attachments = vec![];
            if k == 0 && r.chance(30) {
                attachments.push(format!("sha-{c}-0"));
            }
            if let Some(p) = parent
                && r.chance(35)
            {
                attachments.extend(nodes[p].attachments.iter().cloned());
            }
            let id = next_id;
            next_id += 1;
            let mid = format!("<m{id}.{c}@city.gov>");
            let index = match parent {
                None => guid.clone(),
                Some(p) => {
                    let mut x = indexes[p].clone();
                    x.extend((0..5).map(|_| r.below(256) as u8));
                    x
                }
            };
            // Now and then someone edits the subject as they reply.
            let subject_here = if k > 0 && r.chance(10) {
                format!("RE: {subject} - {}", r.pick(WORDS))
            } else if k == 0 {
                subject.clone()
            } else {
                format!("RE: {subject}")
            };
            let mut m = Message {
                id,
                subject: subject_here,
                from: Some(addr(from)),
                recipients: to.iter().map(|p| addr(p)).collect(),
                // Some exports lose the dates.
                date: (!r.chance(5)).then_some(day),
                body: body.clone(),
                attachments: attachments.clone(),
                ..Message::default()
            };
            match source {
                Source::Headers => {
                    m.message_id = Some(mid.clone());
                    if let Some(p) = parent {
                        let pm = out[first_of_conversation + p]
                            .message
                            .message_id
                            .clone()
                            .unwrap();
                        m.in_reply_to = Some(pm.clone());
                        let mut refs = out[first_of_conversation + p].message.references.clone();
                        refs.extend(parse_ids(&pm));
                        m.references = refs;
                    }
                }
                Source::OutlookIndex => m.thread_index = Some(index.clone()),
                Source::QuotedTextOnly => {}
            }
            nodes.push(Node {
                parent,
                quoted_full,
                attachments,
                id,
            });
            bodies.push(body);
            senders.push(from);
            indexes.push(index);
            out.push(Labelled {
                message: m,
                conversation: 0,
                inclusive: true,
            });
        }
        // Labels: the conversation is the generated tree, whatever ties it; inclusive unless
        // a descendant reached by full quotes only carries every attachment.
        let root_of = |mut i: usize| {
            while let Some(p) = nodes[i].parent {
                i = p;
            }
            i
        };
        for i in 0..nodes.len() {
            out[first_of_conversation + i].conversation = nodes[root_of(i)].id;
            let held = (0..nodes.len()).any(|d| {
                if d == i {
                    return false;
                }
                let mut x = d;
                loop {
                    if !nodes[x].quoted_full {
                        return false;
                    }
                    match nodes[x].parent {
                        Some(p) if p == i => break,
                        Some(p) => x = p,
                        None => return false,
                    }
                }
                nodes[i]
                    .attachments
                    .iter()
                    .all(|a| nodes[d].attachments.contains(a))
            });
            out[first_of_conversation + i].inclusive = !held;
        }
        // Sometimes the same message sits in a second mailbox too (same Message-ID).
        if source == Source::Headers && r.chance(20) {
            let k = first_of_conversation + r.below(size as u64) as usize;
            let mut copy = out[k].message.clone();
            copy.id = next_id;
            next_id += 1;
            let conversation = out[k].conversation;
            out.push(Labelled {
                message: copy,
                conversation,
                inclusive: false,
            });
        }
        // A distractor: the same subject between other people, or the same people 60 days on.
        if r.chance(30) {
            let (from, to) = if r.chance(50) {
                ("zed", "yan")
            } else {
                (people[0], people[1])
            };
            let id = next_id;
            next_id += 1;
            out.push(Labelled {
                message: Message {
                    id,
                    subject: subject.clone(),
                    from: Some(addr(from)),
                    recipients: vec![addr(to)],
                    date: Some(day + 60 * 86_400),
                    body: sentence(&mut r, 12),
                    message_id: (source == Source::Headers).then(|| format!("<d{id}@city.gov>")),
                    ..Message::default()
                },
                conversation: id,
                inclusive: true,
            });
        }
    }
    out
}

struct Scores {
    pair_f1: f64,
    inclusive_precision: f64,
    inclusive_recall: f64,
}

fn score(set: &[Labelled]) -> Scores {
    let messages: Vec<Message> = set.iter().map(|l| l.message.clone()).collect();
    let placed = converse(&messages);
    // Pairwise: every pair in the same true conversation vs the same found one.
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for i in 0..set.len() {
        for j in i + 1..set.len() {
            let truth = set[i].conversation == set[j].conversation;
            let found = placed[i].conversation == placed[j].conversation;
            match (truth, found) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                _ => {}
            }
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    let (mut itp, mut ifp, mut ifn) = (0u64, 0u64, 0u64);
    for (l, p) in set.iter().zip(&placed) {
        match (l.inclusive, p.inclusive) {
            (true, true) => itp += 1,
            (false, true) => ifp += 1,
            (true, false) => ifn += 1,
            _ => {}
        }
    }
    Scores {
        pair_f1: 2.0 * p * r / (p + r).max(f64::MIN_POSITIVE),
        inclusive_precision: itp as f64 / (itp + ifp).max(1) as f64,
        inclusive_recall: itp as f64 / (itp + ifn).max(1) as f64,
    }
}

#[test]
fn threading_meets_its_targets_on_the_labelled_set() {
    for seed in [1, 2, 3] {
        let set = labelled(seed, 300);
        let s = score(&set);
        println!(
            "seed {seed}: {} messages, pairwise F1 {:.3}, inclusive precision {:.3}, recall {:.3}",
            set.len(),
            s.pair_f1,
            s.inclusive_precision,
            s.inclusive_recall
        );
        assert!(s.pair_f1 >= 0.95, "seed {seed}: F1 {}", s.pair_f1);
        assert!(
            s.inclusive_precision >= 0.95,
            "seed {seed}: {}",
            s.inclusive_precision
        );
        assert!(
            s.inclusive_recall >= 0.95,
            "seed {seed}: {}",
            s.inclusive_recall
        );
    }
}

fn msg(id: u64, subject: &str, from: &str, to: &str, day: i64, body: &str) -> Message {
    Message {
        id,
        subject: subject.into(),
        from: Some(addr(from)),
        recipients: vec![addr(to)],
        date: Some(19_000 * 86_400 + day * 86_400),
        body: body.into(),
        ..Message::default()
    }
}

#[test]
fn each_source_threads_and_forks_stay_in_one_conversation() {
    // Headers, with a fork: 2 and 3 both answer 1.
    let mut a = msg(
        1,
        "Budget",
        "ann",
        "bob",
        0,
        "Can we cut the parks line by ten percent?",
    );
    a.message_id = Some("<a@x>".into());
    let mut b = msg(2, "RE: Budget", "bob", "ann", 1, "No.");
    b.in_reply_to = Some("<a@x>".into());
    let mut c = msg(3, "RE: Budget", "bob", "ann", 1, "Maybe five.");
    c.references = parse_ids("<zz@elsewhere> <a@x>");
    // Outlook's index only: 5 answers 4.
    let mut d = msg(
        4,
        "Permit",
        "cara",
        "dev",
        0,
        "The permit is ready for pickup at the counter.",
    );
    d.thread_index = Some(vec![1; 22]);
    let mut e = msg(5, "RE: Permit", "dev", "cara", 1, "Thanks.");
    e.thread_index = Some([vec![1; 22], vec![9; 5]].concat());
    // Quoted text only: 7 quotes 6.
    let f = msg(
        6,
        "Trees",
        "eli",
        "fay",
        0,
        "The oak on Elm Street must come down this week.",
    );
    let g = msg(
        7,
        "Re: Trees",
        "fay",
        "eli",
        1,
        "Agreed.\n\n-----Original Message-----\nFrom: eli\nSent: Monday\n\nThe oak on Elm Street\nmust come down this week.\n",
    );
    let placed = converse(&[a, b, c, d, e, f, g]);
    let conv: Vec<u64> = placed.iter().map(|p| p.conversation).collect();
    assert_eq!(conv, [1, 1, 1, 4, 4, 6, 6]);
    let parents: Vec<Option<u64>> = placed.iter().map(|p| p.parent).collect();
    assert_eq!(
        parents,
        [None, Some(1), Some(1), None, Some(4), None, Some(6)]
    );
    // The fork's ends and the unquoted parents are inclusive; 6 is held by 7.
    let inclusive: Vec<bool> = placed.iter().map(|p| p.inclusive).collect();
    assert_eq!(inclusive, [true, true, true, true, true, false, true]);
}

#[test]
fn a_reply_that_drops_the_attachment_leaves_its_parent_inclusive() {
    let mut a = msg(
        1,
        "Plans",
        "ann",
        "bob",
        0,
        "Here are the plans for the annex building.",
    );
    a.attachments = vec!["sha-plans".into()];
    let quote = "\n> Here are the plans for the annex building.\n";
    let b = msg(
        2,
        "Re: Plans",
        "bob",
        "ann",
        1,
        &format!("Looks fine to me.\nOn Monday ann wrote:{quote}"),
    );
    let mut c = msg(
        3,
        "Fw: Plans",
        "bob",
        "cara",
        2,
        &format!("FYI\n-----Original Message-----\n{quote}"),
    );
    c.attachments = vec!["sha-plans".into()];
    let placed = converse(&[a.clone(), b.clone()]);
    assert!(placed[0].inclusive && placed[1].inclusive, "{placed:?}");
    // A forward that keeps it holds it all.
    let placed = converse(&[a, b, c]);
    assert!(
        !placed[0].inclusive && placed[1].inclusive && placed[2].inclusive,
        "{placed:?}"
    );
}

#[test]
fn the_same_subject_in_other_conversations_stays_apart() {
    let a = msg(
        1,
        "Budget",
        "ann",
        "bob",
        0,
        "The budget draft is attached for your review today.",
    );
    let b = msg(
        2,
        "Budget",
        "cara",
        "dev",
        0,
        "Our budget meeting moves to Thursday afternoon.",
    );
    let c = msg(
        3,
        "RE: Budget",
        "bob",
        "ann",
        80,
        "Late reply: no changes from me on the draft.",
    );
    let d = msg(4, "RE: Budget", "bob", "ann", 2, "Fine by me.");
    let placed = converse(&[a, b, c, d]);
    let conv: Vec<u64> = placed.iter().map(|p| p.conversation).collect();
    // 4 is a reply between the same two people within days; 2 is other people; 3 is months on.
    assert_eq!(conv, [1, 2, 3, 1]);
}

#[test]
fn copies_of_one_message_are_one_and_only_the_first_is_inclusive() {
    let mut a = msg(1, "Notice", "ann", "bob", 0, "The notice goes out Friday.");
    a.message_id = Some("<n@x>".into());
    let mut b = a.clone();
    b.id = 2;
    let placed = converse(&[a, b]);
    assert_eq!(placed[1].copy_of, Some(1));
    assert_eq!(placed[1].conversation, 1);
    assert!(placed[0].inclusive && !placed[1].inclusive);
}
