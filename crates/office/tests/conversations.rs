//! Email conversations of a request, end to end: messages ingested from files, grouped by
//! the pass, stored on their records and listed; a second pass changes nothing.

use office::{Actor, Config, IngestOptions, Office, RecordSummary};
use std::collections::HashMap;
use std::path::Path;
use testkit as fixtures;

mod common;
use common::PW;

async fn office(dir: &Path) -> (Office, Actor) {
    let office = Office::init(
        Config::new(fixtures::office_dir(dir.join("office")).await),
        "ana",
        "",
        PW,
    )
    .await
    .unwrap();
    let ana = office.sign_in("ana", PW).await.unwrap();
    office
        .create_request(&ana, "PRA-1", "A. Reporter", "2026-11-02", "Budget mail")
        .await
        .unwrap();
    (office, ana)
}

fn eml(headers: &str, body: &str) -> String {
    format!(
        "{headers}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn messages_are_grouped_into_conversations_with_their_inclusive_ends() {
    let tmp = tempfile::tempdir().unwrap();
    let (office, ana) = office(tmp.path()).await;
    let mail = tmp.path().join("mail");
    std::fs::create_dir_all(&mail).unwrap();
    let write = |name: &str, text: String| {
        fixtures::write(&mail.join(name), text);
    };
    // By headers: b answers a.
    write(
        "1-a.eml",
        eml(
            "From: ann@city.gov\r\nTo: bob@city.gov\r\nSubject: Parks budget\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\nMessage-ID: <a@city.gov>",
            "Can we cut the parks line by ten percent this year?",
        ),
    );
    write(
        "2-b.eml",
        eml(
            "From: bob@city.gov\r\nTo: ann@city.gov\r\nSubject: RE: Parks budget\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\nMessage-ID: <b@city.gov>\r\nIn-Reply-To: <a@city.gov>",
            "No, five at most.\r\n\r\n-----Original Message-----\r\nFrom: ann@city.gov\r\nSent: Monday\r\n\r\nCan we cut the parks line by ten percent this year?",
        ),
    );
    // No headers to go by: d quotes c.
    write(
        "3-c.eml",
        eml(
            "From: cara@city.gov\r\nTo: dev@city.gov\r\nSubject: Oak tree\r\nDate: Tue, 03 Mar 2026 09:00:00 +0000",
            "The oak on Elm Street must come down before the storm season.",
        ),
    );
    write(
        "4-d.eml",
        eml(
            "From: dev@city.gov\r\nTo: cara@city.gov\r\nSubject: Re: Oak tree\r\nDate: Tue, 03 Mar 2026 11:00:00 +0000",
            "Agreed, I will call the crew.\r\n\r\nOn Tue, 3 Mar 2026, cara@city.gov wrote:\r\n> The oak on Elm Street must come down\r\n> before the storm season.",
        ),
    );
    // The same subject between other people: a conversation of its own.
    write(
        "5-e.eml",
        eml(
            "From: eli@city.gov\r\nTo: fay@city.gov\r\nSubject: Parks budget\r\nDate: Wed, 04 Mar 2026 09:00:00 +0000\r\nMessage-ID: <e@city.gov>",
            "The parks budget hearing moves to Thursday.",
        ),
    );
    // A copy of b in a second mailbox: a duplicate, in b's conversation, not inclusive.
    std::fs::create_dir_all(mail.join("bob")).unwrap();
    std::fs::copy(mail.join("2-b.eml"), mail.join("bob/2-b.eml")).unwrap();

    let report = office
        .ingest(
            &ana,
            "PRA-1",
            std::slice::from_ref(&mail),
            IngestOptions {
                ocr: false,
                ..Default::default()
            },
            &|_| {},
        )
        .await
        .unwrap();
    assert_eq!(report.counts.ingested, 5);
    let grouped = office.group_conversations(&ana, "PRA-1").await.unwrap();
    assert_eq!(
        (
            grouped.messages,
            grouped.conversations,
            grouped.in_conversations,
            grouped.inclusive,
            grouped.changed
        ),
        (6, 2, 5, 3, 6),
        "{grouped:?}"
    );
    let docs: HashMap<String, RecordSummary> = office
        .records(&ana, "PRA-1")
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.path.rsplit_once("mail/").unwrap().1.to_string(), d))
        .collect();
    let (a, b, c, d, e) = (
        &docs["1-a.eml"],
        &docs["2-b.eml"],
        &docs["3-c.eml"],
        &docs["4-d.eml"],
        &docs["5-e.eml"],
    );
    assert_eq!(a.thread, Some(a.id));
    assert_eq!(b.thread, Some(a.id));
    assert_eq!((c.thread, d.thread), (Some(c.id), Some(c.id)));
    assert_eq!(e.thread, Some(e.id));
    assert_eq!(
        [a.inclusive, c.inclusive, d.inclusive, e.inclusive],
        [Some(false), Some(false), Some(true), Some(true)]
    );
    // Whichever copy was taken first is the message; the other is its duplicate.
    let (first, copy) = match b.duplicate_of {
        Some(_) => (&docs["bob/2-b.eml"], b),
        None => (b, &docs["bob/2-b.eml"]),
    };
    assert_eq!(copy.duplicate_of, Some(first.id));
    assert_eq!((first.thread, first.inclusive), (Some(a.id), Some(true)));
    assert_eq!((copy.thread, copy.inclusive), (Some(a.id), Some(false)));

    let list = office.conversations(&ana, "PRA-1").await.unwrap();
    let listed: Vec<(i64, i64, i64)> = list
        .iter()
        .map(|c| (c.id.0, c.messages, c.inclusive))
        .collect();
    assert_eq!(listed, [(a.id.0, 3, 1), (c.id.0, 2, 1)]);
    assert_eq!(list[0].subject.as_deref(), Some("Parks budget"));

    // Search follows: a conversation, and only what must be read of it.
    let hits = |q: &str| {
        let office = &office;
        let ana = &ana;
        let q = q.to_string();
        async move {
            let mut ids: Vec<i64> = office
                .search_ids(ana, "PRA-1", &q)
                .await
                .unwrap()
                .into_iter()
                .map(|i| i.0)
                .collect();
            ids.sort();
            ids
        }
    };
    assert_eq!(hits(&format!("thread:{}", c.id)).await, [c.id.0, d.id.0]);
    assert_eq!(hits("parks inclusive:yes").await, [first.id.0, e.id.0]);
    assert_eq!(hits("parks inclusive:no").await.len(), 2);

    // Again: nothing moves.
    let again = office.group_conversations(&ana, "PRA-1").await.unwrap();
    assert_eq!(again.changed, 0);
}
