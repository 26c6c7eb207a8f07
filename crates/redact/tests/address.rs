//! Street addresses: the hard forms (US and international, across lines) must be found with
//! their exact spans; look-alikes (rooms, buildings, street names without a number, years,
//! case numbers, ordinary prose) must not be.
//!
//! `cargo test -p redact --test address -- --nocapture` prints the counts.

use redact::detect::{Kind, Known, detect};

fn found(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    detect(text, &[Kind::Address], &Known::default())
        .into_iter()
        .map(|(_, s)| chars[s.start..s.end].iter().collect())
        .collect()
}

/// Each address, put in a sentence, must be found exactly (the span is the address).
const ADDRESSES: &[&str] = &[
    // US street lines
    "1234 N. Main St., Apt 5",
    "77 Olive Avenue",
    "9 W. 3rd Street",
    "500 W 3rd St",
    "1234 main street",
    "One Market Street",
    "Twenty-Two Elm Ave",
    "12 State Route 9",
    "4400 Highway 50",
    "1600 Pennsylvania Avenue NW",
    "221B Baker Street",
    "350 Fifth Avenue, Suite 210",
    "18 Elm Ct, Unit #3",
    "42 Oak Dr # 12",
    "700 Capitol Mall, Bldg 4, Rm 12",
    "12 Lakeview Terrace",
    "1515 Sunset Blvd",
    "88 Harbor Way",
    // PO boxes and rural routes
    "P.O. Box 1234",
    "PO Box 88",
    "Post Office Box 7",
    "RR 2 Box 152",
    "Rural Route 3",
    "HC 1 Box 5",
    // city, state, ZIP
    "1234 Main St, Sacramento, CA 95814",
    "1234 Main St\nApt 5\nSacramento, CA 95814",
    "455 Cedar Road\nDavis, CA 95616-1234",
    "PO Box 88\nFolsom, CA 95630",
    "2 Park Plaza, Boston, Massachusetts 02116",
    // international
    "Bahnhofstrasse 12",
    "Hauptstraße 5a",
    "Berliner Straße 12",
    "Kerkstraat 14",
    "Via Roma 3",
    "Calle Mayor 10, 2º B",
    "Rue de Rivoli 45",
    "45 rue de Rivoli",
    "ul. Marszałkowska 10/12",
    "Storgatan 5",
    "Avenida Paulista, 1578",
    "Flat 3, 12 Baker Street",
    "Carrera 7 # 32-16",
    "Rua Augusta, 100",
    "Keizersgracht 123",
    "Mannerheimintie 12",
    "Vesterbrogade 3",
    // international, with postcode, city and country
    "10 Downing Street\nLondon SW1A 2AA\nUnited Kingdom",
    "Bahnhofstrasse 12\n8001 Zürich\nSwitzerland",
    "12 Rue X\n75001 Paris\nFrance",
    "1-2-3 Shibuya, Shibuya-ku, Tokyo 150-0002",
    "24 Sussex Drive, Ottawa, ON K1A 0B1",
    "Damrak 1\n1012 AB Amsterdam",
    "Prinsengracht 263, 1016 GV Amsterdam, Netherlands",
    "1 Macquarie Street, Sydney NSW 2000",
    "ul. Marszałkowska 10/12\n00-950 Warszawa\nPolska",
    "Storgatan 5, 114 55 Stockholm",
    "Avenida Paulista, 1578\n01310-100 São Paulo",
    "Calle Mayor 10, 2º B\n28013 Madrid\nEspaña",
    "12 Baker Street, London",
];

#[test]
fn hard_forms_are_found_with_their_spans() {
    let mut missed = vec![];
    for &a in ADDRESSES {
        for t in [
            format!("She lives at {a}. Call her."),
            format!("Send it to:\n{a}\n\nThanks,"),
        ] {
            let got = found(&t);
            if got != vec![a.to_string()] {
                missed.push(format!("{a:?} in {t:?}: got {got:?}"));
            }
        }
    }
    println!(
        "address forms: {} of {} found exactly",
        2 * ADDRESSES.len() - missed.len(),
        2 * ADDRESSES.len()
    );
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
}

/// Text with numbers, street words and capitalised words that holds no address.
const LOOK_ALIKES: &[&str] = &[
    "Meeting on May 5, 2025 in Room 204, ZIP 95814.",
    "Employee ID E1234567 is not a licence; unit B12 of Building 4.",
    "The Main Street project is behind schedule.",
    "5 Street lights were replaced on Tuesday.",
    "We took the 3 Ave buses downtown.",
    "In 2024 Avenue Q opened at the theater.",
    "See Section 12 Park Place regulations and Case 2025 Oak Road.",
    "Case No. 24-CV-001234 is unrelated; permit 2025-0142 was issued.",
    "The fee of $1,250.00 was paid on 04/12/2025 at 10:30.",
    "Version 10.2.1.4 of the portal is due on 2025-12-01.",
    "I have 3 dogs on the road to recovery.",
    "They walked 2 miles down the road and back.",
    "The 3 Main Street lights were out all week.",
    "Council approved 4 Park Avenue improvements last night.",
    "Building 4 and Room 12 are closed; Suite 210 moved.",
    "He scored 12 points in Game 5 at Madison Square Garden.",
    "Spring 2024 enrollment is up 12 percent.",
    "The Planning Commission met at City Hall on March 3.",
    "Over 30 residents of Elm Street signed the petition.",
    "Walk on Seven Oaks Drive is closed for paving.",
    "Route 66 and Highway 50 were closed for 3 hours.",
    "Item 7 Washington Street was tabled until 2026.",
    "Total: 1,234 Main Street households were surveyed in 2023.",
    "ZIP code 95814 and area code 916 cover downtown Sacramento, CA.",
    "She sent it via Express Mail 2 days ago.",
    "The Brigade 5 report was filed.",
    "Ordinance 2024-17 amends Chapter 9 Road Standards.",
    "We moved the 12 Oak trees in 2019.",
    "Page 3 of the Harbor View Road study is missing.",
];

#[test]
fn look_alikes_are_not_taken() {
    let mut taken = vec![];
    for &t in LOOK_ALIKES {
        let got = found(t);
        if !got.is_empty() {
            taken.push(format!("{t:?}: {got:?}"));
        }
    }
    println!(
        "look-alikes: {} of {} sentences with a finding",
        taken.len(),
        LOOK_ALIKES.len()
    );
    assert!(taken.is_empty(), "taken:\n{}", taken.join("\n"));
}

#[test]
fn an_address_ends_where_prose_begins() {
    assert_eq!(
        found("Mail it to 1234 Main St, Sacramento, CA 95814 by Friday, please."),
        vec!["1234 Main St, Sacramento, CA 95814"]
    );
    assert_eq!(
        found("lives at 1234 N. Main St., Apt 5 and 77 Olive Avenue"),
        vec!["1234 N. Main St., Apt 5", "77 Olive Avenue"]
    );
    // A sentence after the street line is not its city.
    assert_eq!(
        found("The office is at 12 Main St. In 2024 we moved."),
        vec!["12 Main St"]
    );
    // A blank line ends the address.
    assert_eq!(
        found("Bahnhofstrasse 12\n\nSwitzerland is lovely."),
        vec!["Bahnhofstrasse 12"]
    );
    // Two addresses on two lines are two addresses.
    assert_eq!(
        found("From: 10 Oak Lane\nTo: 22 Pine Road"),
        vec!["10 Oak Lane", "22 Pine Road"]
    );
}

#[test]
fn a_long_text_is_searched_in_linear_time() {
    // Many numbers and street words, no address: must finish fast even in debug builds.
    let t = "Section 12 Street 3 Avenue 4 Road ".repeat(20_000);
    let start = std::time::Instant::now();
    assert!(found(&t).is_empty());
    assert!(start.elapsed().as_secs() < 20);
}
