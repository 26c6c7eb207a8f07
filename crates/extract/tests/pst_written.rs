//! Outlook mailboxes written by testkit's PST writer (`testkit::pst_writer`), Unicode and ANSI,
//! read back by the mailbox reader (`open_mailbox`, `extract_file`) and by an independent
//! reader, `readpst` (Debian's pst-utils, libpst).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Utc};
use extract::{Extracted, Kind, Options, extract_bytes, extract_file, open_mailbox};
use testkit::pst_writer::{self, Attachment, Folder, Mailbox, Message};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// The attached file: 5,000 bytes, more than a heap allocation holds (so in a sub-node).
fn pdf() -> Vec<u8> {
    let mut b = b"%PDF-1.4\n".to_vec();
    b.extend((0..4991u32).map(|i| (i * 7 % 251) as u8));
    b
}

const INDEX: [u8; 22] = [
    1, 0xD9, 0x6B, 0x2A, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC,
    0xDD, 0xEE, 0xFF, 0x10, 0x20, 0x30,
];

/// A clerk's mailbox: Inbox with a permit request (a PDF attached), Inbox/Permits with the
/// reply (HTML, an attached message) and a follow-up, a calendar item, a contact, and a draft
/// in Deleted Items.
fn clerk(ansi: bool) -> Mailbox {
    let topic = "Permit 2024-17 for 12 Elm St";
    let request = Message {
        subject: topic.into(),
        from_name: "Zoë Whitfield".into(),
        from_email: "zoe@example.org".into(),
        to: vec![("Permits Desk".into(), "permits@city.example".into())],
        cc: vec![("Lee Ortiz".into(), "lee.ortiz@city.example".into())],
        sent: Some(at("2024-03-01T10:00:00Z")),
        received: Some(at("2024-03-01T10:00:05Z")),
        message_id: Some("<permit-17@example.org>".into()),
        conversation_topic: Some(topic.into()),
        conversation_index: Some(INDEX.to_vec()),
        body: Some("Please find the permit application attached.\r\nZoë".into()),
        attachments: vec![Attachment::File {
            name: "application.pdf".into(),
            mime: "application/pdf".into(),
            bytes: pdf(),
        }],
        ..Default::default()
    };
    let reply = Message {
        subject: format!("RE: {topic}"),
        from_name: "Lee Ortiz".into(),
        from_email: "lee.ortiz@city.example".into(),
        to: vec![("Zoë Whitfield".into(), "zoe@example.org".into())],
        cc: vec![("Permits Desk".into(), "permits@city.example".into())],
        bcc: vec![("Records".into(), "records@city.example".into())],
        sent: Some(at("2024-03-02T09:30:00Z")),
        received: Some(at("2024-03-02T09:30:02Z")),
        message_id: Some("<re-permit-17@city.example>".into()),
        in_reply_to: Some("<permit-17@example.org>".into()),
        references: Some("<permit-17@example.org>".into()),
        conversation_topic: Some(topic.into()),
        conversation_index: Some([&INDEX[..], &[0, 0, 0x10, 0, 0]].concat()),
        body: Some("Approved. See the inspector's note.".into()),
        html: Some(
            "<html><body><p>Approved. <b>See</b> the inspector's note.</p></body></html>".into(),
        ),
        attachments: vec![Attachment::Message(Box::new(Message {
            from_name: "Sam Inspector".into(),
            from_email: "sam@city.example".into(),
            to: vec![("Lee Ortiz".into(), "lee.ortiz@city.example".into())],
            sent: Some(at("2024-03-01T16:00:00Z")),
            ..Message::note("Inspector's note", "Site visit passed on March 1.")
        }))],
        ..Default::default()
    };
    let follow_up = Message {
        subject: format!("RE: {topic}"),
        from_name: "Zoë Whitfield".into(),
        from_email: "zoe@example.org".into(),
        to: vec![("Lee Ortiz".into(), "lee.ortiz@city.example".into())],
        sent: Some(at("2024-03-03T08:15:00Z")),
        received: Some(at("2024-03-03T08:15:09Z")),
        message_id: Some("<thanks-17@example.org>".into()),
        in_reply_to: Some("<re-permit-17@city.example>".into()),
        references: Some("<permit-17@example.org> <re-permit-17@city.example>".into()),
        conversation_topic: Some(topic.into()),
        body: Some("Thank you! When can work start?".into()),
        transport_headers: Some(
            "Received: from mx.example.org by mail.city.example; Sun, 3 Mar 2024 08:15:09 +0000\r\n\
             From: =?utf-8?Q?Zo=C3=AB_Whitfield?= <zoe@example.org>\r\n\
             To: Lee Ortiz <lee.ortiz@city.example>\r\n\
             Subject: RE: Permit 2024-17 for 12 Elm St\r\n\
             Date: Sun, 3 Mar 2024 08:15:00 +0000\r\n\
             Message-ID: <thanks-17@example.org>\r\n\r\n"
                .into(),
        ),
        ..Default::default()
    };
    let mut meeting = Message::appointment(
        "Council meeting",
        at("2024-03-05T17:00:00Z"),
        at("2024-03-05T19:00:00Z"),
        "City Hall, room 2",
    );
    meeting.body = Some("Agenda: permits backlog.".into());
    Mailbox {
        ansi,
        display_name: "Clerk mailbox".into(),
        folders: vec![
            Folder {
                name: "Inbox".into(),
                messages: vec![request],
                subfolders: vec![Folder {
                    name: "Permits".into(),
                    messages: vec![reply, follow_up],
                    subfolders: vec![],
                }],
            },
            Folder {
                name: "Calendar".into(),
                messages: vec![meeting],
                subfolders: vec![],
            },
            Folder {
                name: "Contacts".into(),
                messages: vec![Message::contact("Zoë", "Whitfield", "zoe@example.org")],
                subfolders: vec![],
            },
        ],
        deleted_items: vec![Message {
            sent: Some(at("2024-02-28T12:00:00Z")),
            ..Message::note("Old draft", "To be thrown away.")
        }],
    }
}

fn write(dir: &Path, name: &str, mailbox: &Mailbox) -> std::path::PathBuf {
    let path = dir.join(name);
    pst_writer::write(&path, mailbox).unwrap();
    path
}

fn email(bytes: &[u8]) -> Extracted {
    extract_bytes(bytes, "item.eml", Kind::Email, &Options::default())
        .unwrap()
        .expect("an email")
}

/// Every item through our reader: (name, folder, what the email reader makes of it).
fn our_items(path: &Path) -> Vec<(String, String, Extracted)> {
    let mailbox = open_mailbox(path).map_err(|e| e.0).expect("opens");
    let mut out = vec![];
    mailbox.walk(&mut |_| true, &mut |item| {
        let bytes = item
            .message
            .unwrap_or_else(|e| panic!("{}: {}", item.name, e.0));
        out.push((item.name, item.folder, email(&bytes)));
        true
    });
    out
}

/// What `readpst` extracts: file (below the store's folder) → bytes. `-j 0`: readpst's
/// parallel jobs share one file offset and drop items now and then.
fn readpst(path: &Path) -> BTreeMap<String, Vec<u8>> {
    testkit::need("readpst", "pst-utils");
    let out = tempfile::tempdir().unwrap();
    testkit::run(
        Command::new("readpst")
            .args(["-q", "-j", "0", "-D", "-e", "-o"])
            .arg(out.path())
            .arg(path),
    );
    let mut files = BTreeMap::new();
    let mut stack = vec![out.path().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(out.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    files
}

fn check_with_our_reader(ansi: bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "clerk.pst", &clerk(ansi));

    // The mailbox record.
    let record = extract_file(&path, "clerk.pst", Kind::Pst, &Options::default()).unwrap();
    assert_eq!(
        record.fields["format"],
        if ansi { "ANSI" } else { "Unicode" }
    );
    assert_eq!(record.title.as_deref(), Some("Clerk mailbox"));
    assert_eq!(record.fields["folders"], "6");
    assert_eq!(record.fields["items"], "6");
    for line in [
        "(top of the mailbox): 0 items\n",
        "Deleted Items: 1 item (deleted items)\n",
        "Inbox: 1 item\n",
        "Inbox/Permits: 2 items\n",
        "Calendar: 1 item\n",
        "Contacts: 1 item\n",
    ] {
        assert!(record.text.contains(line), "{line:?} in {}", record.text);
    }
    assert!(record.warnings.is_empty(), "{:?}", record.warnings);

    // The items, folder by folder (Deleted Items first, as Outlook lists it).
    let items = our_items(&path);
    let places: Vec<(&str, &str)> = items
        .iter()
        .map(|(n, f, _)| (n.rsplit_once('/').unwrap().0, f.as_str()))
        .collect();
    assert_eq!(
        places,
        [
            ("Deleted Items", "Deleted Items"),
            ("Inbox", "Inbox"),
            ("Inbox/Permits", "Inbox/Permits"),
            ("Inbox/Permits", "Inbox/Permits"),
            ("Calendar", "Calendar"),
            ("Contacts", "Contacts"),
        ]
    );
    let [draft, request, reply, follow_up, meeting, contact]: [Extracted; 6] = items
        .into_iter()
        .map(|(_, _, e)| e)
        .collect::<Vec<_>>()
        .try_into()
        .ok()
        .unwrap();

    // Deleted Items is the store's wastebasket: its items are marked deleted.
    assert_eq!(draft.fields["deleted"], "yes");
    assert_eq!(draft.fields["subject"], "Old draft");
    assert!(draft.text.contains("To be thrown away."), "{}", draft.text);
    assert!(!request.fields.contains_key("deleted"));

    // Mail: sender, recipients (from the recipient table), dates, ids, conversation.
    let f = &request.fields;
    assert_eq!(f["from"], "Zoë Whitfield <zoe@example.org>");
    assert_eq!(f["to"], "Permits Desk <permits@city.example>");
    assert_eq!(f["cc"], "Lee Ortiz <lee.ortiz@city.example>");
    assert_eq!(f["subject"], "Permit 2024-17 for 12 Elm St");
    assert_eq!(f["date"], "2024-03-01T10:00:00Z");
    assert_eq!(f["received"], "2024-03-01T10:00:05+00:00");
    assert_eq!(f["message_id"], "<permit-17@example.org>");
    assert_eq!(f["thread_topic"], "Permit 2024-17 for 12 Elm St");
    assert_eq!(f["thread_index"], testkit::base64(&INDEX));
    assert_eq!(f["outlook_class"], "IPM.Note");
    assert_eq!(f["item"], "message");
    assert_eq!(f["folder"], "Inbox");
    assert!(
        request
            .text
            .contains("Please find the permit application attached.\r\nZoë")
            || request
                .text
                .contains("Please find the permit application attached.\nZoë"),
        "{}",
        request.text
    );
    // The attached file, byte for byte.
    assert_eq!(request.attachments.len(), 1);
    assert_eq!(request.attachments[0].name, "application.pdf");
    assert_eq!(request.attachments[0].bytes, pdf());

    let f = &reply.fields;
    assert_eq!(f["from"], "Lee Ortiz <lee.ortiz@city.example>");
    assert_eq!(f["to"], "Zoë Whitfield <zoe@example.org>");
    assert_eq!(f["cc"], "Permits Desk <permits@city.example>");
    assert_eq!(f["bcc"], "Records <records@city.example>");
    assert_eq!(f["subject"], "RE: Permit 2024-17 for 12 Elm St");
    assert_eq!(f["in_reply_to"], "<permit-17@example.org>");
    assert_eq!(f["references"], "<permit-17@example.org>");
    assert_eq!(f["folder"], "Inbox/Permits");
    // Plain and HTML bodies.
    assert!(
        reply.text.contains("Approved. See the inspector's note."),
        "{}",
        reply.text
    );
    // The attached message, with its own subject, sender and body.
    assert_eq!(reply.attachments.len(), 1, "{:?}", reply.attachments);
    assert_eq!(reply.attachments[0].name, "Inspector's note.eml");
    let note = email(&reply.attachments[0].bytes);
    assert_eq!(note.fields["subject"], "Inspector's note");
    assert_eq!(note.fields["from"], "Sam Inspector <sam@city.example>");
    assert!(
        note.text.contains("Site visit passed on March 1."),
        "{}",
        note.text
    );

    let f = &follow_up.fields;
    assert_eq!(f["in_reply_to"], "<re-permit-17@city.example>");
    assert_eq!(
        f["references"],
        "<permit-17@example.org> <re-permit-17@city.example>"
    );
    assert_eq!(f["date"], "2024-03-03T08:15:00Z");
    assert!(follow_up.text.contains("When can work start?"));

    // A calendar item and a contact read as text, their named properties by name.
    assert_eq!(meeting.fields["item"], "meeting");
    assert_eq!(meeting.fields["outlook_class"], "IPM.Appointment");
    for line in [
        "Calendar item\n",
        "Start: 2024-03-05T17:00:00+00:00\n",
        "End: 2024-03-05T19:00:00+00:00\n",
        "Location: City Hall, room 2\n",
        "Notes:\nAgenda: permits backlog.",
    ] {
        assert!(meeting.text.contains(line), "{line:?} in {}", meeting.text);
    }
    assert_eq!(contact.fields["item"], "contact");
    assert_eq!(contact.title.as_deref(), Some("Zoë Whitfield"));
    for line in [
        "Contact\n",
        "Name: Zoë Whitfield\n",
        "Given name: Zoë\n",
        "Surname: Whitfield\n",
        "File as: Whitfield, Zoë\n",
        "Email: zoe@example.org\n",
    ] {
        assert!(contact.text.contains(line), "{line:?} in {}", contact.text);
    }
}

fn check_with_readpst(ansi: bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "clerk.pst", &clerk(ansi));
    let files = readpst(&path);
    // readpst numbers a folder's entries from 1, subfolders included.
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "Clerk mailbox/Calendar/1.ics",
            "Clerk mailbox/Contacts/1.vcf",
            "Clerk mailbox/Deleted Items/1.eml",
            "Clerk mailbox/Inbox/2.eml",
            "Clerk mailbox/Inbox/Permits/1.eml",
            "Clerk mailbox/Inbox/Permits/2.eml",
        ]
    );
    let eml = |name: &str| email(&files[&format!("Clerk mailbox/{name}")]);

    let request = eml("Inbox/2.eml");
    let f = &request.fields;
    assert_eq!(f["from"], "Zoë Whitfield <zoe@example.org>");
    // readpst writes the display names of PidTagDisplayTo / PidTagDisplayCc.
    assert_eq!(f["to"], "Permits Desk");
    assert_eq!(f["cc"], "Lee Ortiz");
    assert_eq!(f["subject"], "Permit 2024-17 for 12 Elm St");
    assert_eq!(f["date"], "2024-03-01T10:00:00Z");
    assert_eq!(f["message_id"], "<permit-17@example.org>");
    assert!(
        request
            .text
            .contains("Please find the permit application attached.")
    );
    assert!(request.text.contains("Zoë"), "{}", request.text);
    assert_eq!(request.attachments.len(), 1);
    assert_eq!(request.attachments[0].name, "application.pdf");
    assert_eq!(request.attachments[0].bytes, pdf());

    let reply = eml("Inbox/Permits/1.eml");
    assert_eq!(reply.fields["from"], "Lee Ortiz <lee.ortiz@city.example>");
    assert_eq!(reply.fields["subject"], "RE: Permit 2024-17 for 12 Elm St");
    assert_eq!(reply.fields["message_id"], "<re-permit-17@city.example>");
    assert!(reply.text.contains("Approved. See the inspector's note."));
    let raw = String::from_utf8_lossy(&files["Clerk mailbox/Inbox/Permits/1.eml"]).into_owned();
    assert!(raw.contains("Content-Type: text/html"), "{raw}");
    assert!(raw.contains("<b>See</b>"), "{raw}");
    // The attached message, inline as message/rfc822.
    assert!(raw.contains("Content-Type: message/rfc822"), "{raw}");
    assert!(raw.contains("Subject: Inspector's note"), "{raw}");
    assert!(raw.contains("Site visit passed on March 1."), "{raw}");

    let follow_up = eml("Inbox/Permits/2.eml");
    assert_eq!(follow_up.fields["message_id"], "<thanks-17@example.org>");
    // Its transport headers (PidTagTransportMessageHeaders) are the ones readpst writes.
    let raw = String::from_utf8_lossy(&files["Clerk mailbox/Inbox/Permits/2.eml"]).into_owned();
    assert!(raw.contains("Received: from mx.example.org"), "{raw}");
    assert_eq!(follow_up.fields["to"], "Lee Ortiz <lee.ortiz@city.example>");
    assert!(follow_up.text.contains("When can work start?"));

    let draft = eml("Deleted Items/1.eml");
    assert_eq!(draft.fields["subject"], "Old draft");
    assert!(draft.text.contains("To be thrown away."));

    let ics = String::from_utf8(files["Clerk mailbox/Calendar/1.ics"].clone()).unwrap();
    for line in [
        "SUMMARY:Council meeting",
        "DTSTART;VALUE=DATE-TIME:20240305T170000Z",
        "DTEND;VALUE=DATE-TIME:20240305T190000Z",
        "LOCATION:City Hall\\, room 2",
        "DESCRIPTION:Agenda: permits backlog.",
    ] {
        assert!(ics.contains(line), "{line:?} in {ics}");
    }
    let vcf = String::from_utf8(files["Clerk mailbox/Contacts/1.vcf"].clone()).unwrap();
    for line in ["N:Whitfield;Zoë;;;", "EMAIL:zoe@example.org"] {
        assert!(vcf.contains(line), "{line:?} in {vcf}");
    }
}

#[test]
fn a_unicode_mailbox_reads_back_whole_with_our_reader() {
    check_with_our_reader(false);
}

#[test]
fn an_ansi_mailbox_reads_back_whole_with_our_reader() {
    check_with_our_reader(true);
}

#[test]
fn readpst_reads_the_unicode_mailbox() {
    check_with_readpst(false);
}

#[test]
fn readpst_reads_the_ansi_mailbox() {
    check_with_readpst(true);
}

/// 20,000 messages in one folder: multi-level NBT and BBT, a contents table whose row matrix
/// and heap span many blocks (XBLOCK data trees in a sub-node), allocation maps past the
/// 128th (an FMap). Both readers see every message.
fn check_many(ansi: bool) {
    const N: usize = 20_000;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.pst");
    pst_writer::write_many(&path, N, ansi).unwrap();

    let record = extract_file(&path, "many.pst", Kind::Pst, &Options::default()).unwrap();
    assert_eq!(record.fields["items"], N.to_string());
    let mailbox = open_mailbox(&path).map_err(|e| e.0).unwrap();
    let (mut seen, mut failed, mut last) = (0, vec![], None);
    mailbox.walk(&mut |_| true, &mut |item| {
        seen += 1;
        match item.message {
            Ok(m) => last = Some(m),
            Err(e) => failed.push((item.name, e.0)),
        }
        true
    });
    assert_eq!(seen, N);
    assert!(failed.is_empty(), "{failed:?}");
    let last = email(&last.unwrap());
    assert_eq!(
        last.fields["subject"],
        format!("Permit application {}", N - 1)
    );
    assert_eq!(
        last.fields["message_id"],
        format!("<permit-{}@example.org>", N - 1)
    );

    let files = readpst(&path);
    let emails = files.keys().filter(|n| n.ends_with(".eml")).count();
    assert_eq!(emails, N);
}

#[test]
fn twenty_thousand_messages_in_a_unicode_folder_all_read_back() {
    check_many(false);
}

#[test]
fn twenty_thousand_messages_in_an_ansi_folder_all_read_back() {
    check_many(true);
}

/// What real mailboxes also hold: a body past a heap allocation (a sub-node, several blocks),
/// 80 recipients (a row matrix in a sub-node), a contact with 60 long properties (a heap of
/// more than 8 pages, so with an HNBITMAPHDR), text outside ASCII (and outside code page 1252
/// in the ANSI file, where it becomes `?`).
fn check_large_values(ansi: bool) {
    let long_body = "Line of a long report, café.\r\n".repeat(2000);
    let mut report = Message {
        from_name: "Zoë Émile".into(),
        from_email: "zoe@example.org".into(),
        to: (0..80)
            .map(|i| (format!("Person {i}"), format!("p{i}@city.example")))
            .collect(),
        html: Some("<p>Café – naïve ☃</p>".into()),
        ..Message::note("Café – naïve ☃", &long_body)
    };
    report.sent = Some(at("2024-05-01T12:00:00Z"));
    let mut contact = Message::contact("Ann", "Lee", "ann@example.org");
    for i in 0..60u16 {
        contact
            .extra
            .push((0x6800 + i, format!("{i:02} ").repeat(500)));
    }
    let mailbox = Mailbox {
        ansi,
        display_name: "Large".into(),
        folders: vec![
            Folder {
                name: "Inbox".into(),
                messages: vec![report],
                subfolders: vec![],
            },
            Folder {
                name: "Contacts".into(),
                messages: vec![contact],
                subfolders: vec![],
            },
        ],
        deleted_items: vec![],
    };
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "large.pst", &mailbox);
    let snowman = if ansi { "?" } else { "☃" };

    let items = our_items(&path);
    assert_eq!(items.len(), 2);
    let report = &items[0].2;
    assert_eq!(report.fields["subject"], format!("Café – naïve {snowman}"));
    assert_eq!(report.fields["from"], "Zoë Émile <zoe@example.org>");
    assert_eq!(report.fields["to"].matches("@city.example").count(), 80);
    assert_eq!(
        report.text.matches("Line of a long report, café.").count(),
        2000
    );
    let contact = &items[1].2;
    for i in 0..60u16 {
        let line = format!(
            "Property 0x{:04X}: {}",
            0x6800 + i,
            format!("{i:02} ").repeat(500)
        );
        assert!(contact.text.contains(line.trim()), "0x{:04X}", 0x6800 + i);
    }

    let files = readpst(&path);
    let from_readpst = email(&files["Large/Inbox/1.eml"]);
    assert_eq!(
        from_readpst.fields["subject"],
        format!("Café – naïve {snowman}")
    );
    assert_eq!(from_readpst.fields["to"].matches("Person").count(), 80);
    assert_eq!(
        from_readpst
            .text
            .matches("Line of a long report, café.")
            .count(),
        2000
    );
    let vcf = String::from_utf8_lossy(&files["Large/Contacts/1.vcf"]).into_owned();
    assert!(vcf.contains("EMAIL:ann@example.org"), "{vcf}");
}

#[test]
fn large_values_and_many_recipients_read_back_from_a_unicode_mailbox() {
    check_large_values(false);
}

#[test]
fn large_values_and_many_recipients_read_back_from_an_ansi_mailbox() {
    check_large_values(true);
}

/// The deepest trees: a 9 MB attachment (more blocks than an XBLOCK lists, so an XXBLOCK) and a
/// message of 400 attachments (more sub-nodes than an SLBLOCK holds, so an SIBLOCK) read back
/// with our reader; readpst follows the XXBLOCK but not the SIBLOCK (libpst reads one-level
/// sub-node trees only), so there it checks the large attachment alone.
#[test]
fn an_xxblock_and_an_siblock_read_back() {
    let big: Vec<u8> = (0..9_000_000u32).map(|i| (i % 253) as u8).collect();
    let mut large = Message::note("Survey scans", "Attached.");
    large.attachments.push(Attachment::File {
        name: "scans.tif".into(),
        mime: "image/tiff".into(),
        bytes: big.clone(),
    });
    let mut many = Message::note("Receipts", "400 receipts.");
    many.attachments = (0..400)
        .map(|i| Attachment::File {
            name: format!("receipt-{i:03}.txt"),
            mime: "text/plain".into(),
            bytes: format!("Receipt {i}").into_bytes(),
        })
        .collect();
    let mailbox = Mailbox {
        display_name: "Trees".into(),
        folders: vec![Folder {
            name: "Inbox".into(),
            messages: vec![large, many],
            subfolders: vec![],
        }],
        ..Default::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "trees.pst", &mailbox);
    let items = our_items(&path);
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].2.attachments.len(), 1);
    assert_eq!(items[0].2.attachments[0].bytes, big);
    let receipts = &items[1].2.attachments;
    assert_eq!(receipts.len(), 400);
    for (i, a) in receipts.iter().enumerate() {
        assert_eq!(a.name, format!("receipt-{i:03}.txt"));
        assert_eq!(a.bytes, format!("Receipt {i}").into_bytes());
    }

    let files = readpst(&path);
    let scans = email(&files["Trees/Inbox/1.eml"]);
    assert_eq!(scans.attachments.len(), 1);
    assert_eq!(scans.attachments[0].name, "scans.tif");
    assert!(
        scans.attachments[0].bytes == big,
        "the 9 MB attachment differs"
    );
    assert_eq!(
        email(&files["Trees/Inbox/2.eml"]).fields["subject"],
        "Receipts"
    );
}
