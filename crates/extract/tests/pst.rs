//! Outlook mailboxes (real PSTs from java-libpst's tests): the mailbox record, and its items
//! streamed as messages the email reader reads like any other.

use extract::{Extracted, Kind, Options, extract_bytes, extract_file, open_mailbox, sniff_file};
use testkit as fixtures;

/// Every item: (name, folder, what the email reader makes of its rendition).
fn read_items(name: &str) -> Vec<(String, String, Extracted)> {
    let mailbox = open_mailbox(&fixtures::pst(name)).expect("opens");
    let mut out = vec![];
    mailbox.walk(&mut |_| true, &mut |item| {
        let bytes = item.message.expect("every item reads");
        let ex = extract_bytes(&bytes, "item.eml", Kind::Email, &Options::default())
            .unwrap()
            .expect("the rendition is an email");
        out.push((item.name, item.folder, ex));
        true
    });
    out
}

#[test]
fn the_mailbox_record_lists_its_folders_and_counts() {
    let path = fixtures::pst("dist-list.pst");
    assert_eq!(sniff_file(&path, "x.bin").unwrap(), Kind::Pst);
    let out = extract_file(&path, "dist-list.pst", Kind::Pst, &Options::default()).unwrap();
    assert_eq!(out.kind, Kind::Pst);
    assert_eq!(out.fields["format"], "Unicode");
    assert_eq!(out.fields["items"], "3");
    assert!(out.text.contains("Calendar: 1 item\n"), "{}", out.text);
    assert!(out.text.contains("Contacts: 2 items\n"), "{}", out.text);
    assert!(
        out.text.contains("Deleted Items: 0 items (deleted items)"),
        "{}",
        out.text
    );
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);

    let locked = fixtures::pst("passworded.pst");
    let out = extract_file(&locked, "p.pst", Kind::Pst, &Options::default()).unwrap();
    assert_eq!(out.fields["items"], "2");
    assert!(
        out.warnings[0].contains("Outlook password"),
        "{:?}",
        out.warnings
    );
}

#[test]
fn a_calendar_item_reads_as_text_with_its_fields_folder_and_attached_items() {
    let items = read_items("dist-list.pst");
    let names: Vec<&str> = items.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Calendar/2097348.eml",
            "Contacts/2097252.eml",
            "Contacts/2097188.eml"
        ]
    );
    let (_, folder, meeting) = &items[0];
    assert_eq!(folder, "Calendar");
    assert_eq!(meeting.title.as_deref(), Some("Test appointment"));
    assert_eq!(meeting.fields["folder"], "Calendar");
    assert_eq!(meeting.fields["item"], "meeting");
    assert_eq!(meeting.fields["outlook_class"], "IPM.Appointment");
    assert_eq!(meeting.fields["thread_topic"], "Test appointment");
    assert!(meeting.fields.contains_key("thread_index"));
    assert!(!meeting.fields.contains_key("deleted"));
    for line in [
        "Calendar item\n",
        "Start: 2016-08-02T15:00:00+00:00\n",
        "End: 2016-08-02T15:30:00+00:00\n",
        "Time zone: (UTC-08:00) Pacific Time (US & Canada)\n",
        "Recurs: every Tuesday from 8:00 AM to 8:30 AM\n",
        "Notes:\nThis is a complete test",
    ] {
        assert!(meeting.text.contains(line), "{line:?} in {}", meeting.text);
    }
    // The recurrence's changed occurrences are attached items: family members.
    let attached: Vec<&str> = meeting
        .attachments
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(attached, ["Untitled.eml", "Untitled-2.eml"]);
    let first = extract_bytes(
        &meeting.attachments[0].bytes,
        "a.eml",
        Kind::Email,
        &Options::default(),
    )
    .unwrap()
    .unwrap();
    assert!(
        first.text.contains("This is the appointment at 9"),
        "{}",
        first.text
    );
}

#[test]
fn contacts_read_as_their_fields_and_a_password_does_not_lock_the_mailbox() {
    let items = read_items("passworded.pst");
    assert_eq!(items.len(), 2);
    let (_, _, contact) = &items[0];
    assert_eq!(contact.fields["item"], "contact");
    assert_eq!(contact.title.as_deref(), Some("contact name 1"));
    for line in [
        "Contact\n",
        "Given name: contact\n",
        "Surname: 1\n",
        "File as: 1, contact name\n",
        "Email: contact1@rjohnson.id.au\n",
    ] {
        assert!(contact.text.contains(line), "{line:?} in {}", contact.text);
    }
    // A follow-up flag's task fields and the address types are not a contact's content.
    assert!(
        !contact.text.contains("Percent complete"),
        "{}",
        contact.text
    );
    assert!(!contact.text.contains(": SMTP"), "{}", contact.text);
    let (_, _, list) = &items[1];
    assert_eq!(list.fields["item"], "distribution list");
    assert!(
        list.text.contains("List name: test dist list"),
        "{}",
        list.text
    );
}

#[test]
fn a_resumed_walk_reads_only_the_items_it_is_asked_for() {
    let mailbox = open_mailbox(&fixtures::pst("dist-list.pst")).unwrap();
    let (mut asked, mut read) = (vec![], vec![]);
    mailbox.walk(
        &mut |name| {
            asked.push(name.to_string());
            name.starts_with("Contacts/")
        },
        &mut |item| {
            read.push(item.name);
            true
        },
    );
    assert_eq!(asked.len(), 3);
    assert_eq!(read, ["Contacts/2097252.eml", "Contacts/2097188.eml"]);
}

#[test]
fn what_is_not_a_mailbox_fails_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let fake = fixtures::write(
        &dir.path().join("fake.pst"),
        b"!BDN\0\0\0\0SMthis is not a mailbox",
    );
    assert_eq!(sniff_file(&fake, "fake.pst").unwrap(), Kind::Pst);
    let e = extract_file(&fake, "fake.pst", Kind::Pst, &Options::default()).unwrap_err();
    assert!(e.0.starts_with("damaged Outlook mailbox ("), "{e}");
    assert!(open_mailbox(&fake).is_err());
}
