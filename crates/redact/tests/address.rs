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
    // more countries and spellings
    "Gertrud-Heß-Straße 2\n12345 Berlin",
    "Cuesta de Juan 29 Apt. 93\nCádiz, 11001",
    "Via Rossi 12 Appartamento 3\n00100 Roma (RM)",
    "Studio 52\nJones Ports\nNew Amy\nE2 4WR",
    "0487 Hull Village Suite 759\nLake Curtisside, ND 63372",
    "USNS Miller\nFPO AE 12345",
    "PSC 1234, Box 5678\nAPO AA 12345",
    "Rua Silva, 12\n12345-678 Campinas / SP",
    "Karl Johans gate 22, 0159 Oslo",
    "ул. Тверская, д. 7, кв. 5, Москва, 125009",
    "вул. Хрещатик, 22",
    "北京市朝阳区建国路88号",
    "東京都渋谷区道玄坂1-2-3",
    "〒150-0043 東京都渋谷区道玄坂2丁目1番1号",
    "서울특별시 강남구 테헤란로 152",
    "Unter den Linden 77, 10117 Berlin",
    "Friedrichstr. 123\n10117 Berlin\nDeutschland",
    "Königsallee 92a, 40212 Düsseldorf",
    "Mariahilfer Straße 45/3/12, 1060 Wien",
    "Rue du Rhône 48, 1204 Genève",
    "Piazza del Duomo 1, 20122 Milano MI",
    "Via dei Condotti, 12 - 00187 Roma",
    "Corso Vittorio Emanuele II 15",
    "Calle de Alcalá 48, 28014 Madrid",
    "C/ Gran Vía 1, 3º izq.",
    "Avinguda Diagonal 640, 08017 Barcelona",
    "Rua Augusta 274, 1100-053 Lisboa",
    "Av. Presidente Vargas, 1000 - Centro, Rio de Janeiro - RJ, 20071-002",
    "Paseo de la Reforma 222, Juárez, 06600 Ciudad de México, CDMX",
    "Calle 93 # 11-26, Bogotá",
    "Avenida Corrientes 1234, C1043 Buenos Aires",
    "8 avenue des Champs-Élysées, 75008 Paris",
    "14 boulevard Haussmann\n75009 Paris",
    "3, place de la Bourse, 69002 Lyon",
    "Rue de la Loi 16, 1000 Bruxelles",
    "Herengracht 182, 1016 BR Amsterdam",
    "Coolsingel 40\n3011 AD Rotterdam",
    "Drottninggatan 53, 111 21 Stockholm",
    "Strøget 15, 1160 København K",
    "Nørrebrogade 20, 2200 København N",
    "Aleksanterinkatu 52, 00100 Helsinki",
    "ul. Nowy Świat 15/17, 00-029 Warszawa",
    "Václavské náměstí 1, 110 00 Praha 1",
    "Andrássy út 12, 1061 Budapest",
    "221B Baker Street, London NW1 6XE",
    "Flat 2, 14 Kensington Gardens Square, London W2 4BH",
    "1 Princes Street, Edinburgh EH2 2EQ, Scotland",
    "15 Grafton Street, Dublin 2, D02 VF65",
    "350 Fifth Avenue, New York, NY 10118",
    "1600 Amphitheatre Parkway, Mountain View, CA 94043",
    "233 S. Wacker Dr., Suite 3400, Chicago, IL 60606",
    "100 Queen St W, Toronto, ON M5H 2N2",
    "1 Harbour St, Sydney NSW 2000, Australia",
    "42 Wallaby Way, Sydney",
    "17 Lambton Quay, Wellington 6011, New Zealand",
    "2-11-3 Meguro, Meguro-ku, Tokyo 153-0063",
    "5 Jalan Sultan, 50000 Kuala Lumpur",
    "10 Anson Road, #12-08, Singapore 079903",
    "25 MG Road, Bengaluru 560001",
    "Flat 4B, 12 Park Street, Kolkata 700016",
    "123 Main Street\nSpringfield, IL 62701",
    "4400 Highway 50\nPlacerville, CA 95667",
    "RR 1 Box 23\nTopeka, KS 66601",
    "PO Box 1234\nSacramento, CA 95812-1234",
    "P.O. Box 500, Station A, Toronto, ON M5W 1E6",
    "Postfach 10 11 12, 10111 Berlin",
    "1234 Elm Street Apt 3B",
    "55 Water St. Unit 12",
    "1 Infinite Loop, Cupertino, CA 95014",
    "One Microsoft Way, Redmond, WA 98052",
    "700 Capitol Mall Suite 200",
    "2550 Garcia Ave, Mountain View, CA 94043",
    "Sankt Annæ Plads 13",
    "Kurfürstendamm 21",
    "Leopoldstraße 8-10, 80802 München",
    "Rämistrasse 101, 8092 Zürich, Switzerland",
    "Plaza Mayor, 1\n37002 Salamanca",
    "Via Garibaldi 5/B",
    "Borgo San Frediano 12, 50124 Firenze",
    "Largo di Torre Argentina 3",
    "1 rue de la Paix",
    "Boulevard Saint-Germain 100",
];

#[test]
fn hard_forms_are_found_with_their_spans() {
    let mut missed = vec![];
    for &a in ADDRESSES {
        for t in [
            format!("She lives at {a}. Call her."),
            format!("Send it to:\n{a}\n\nThanks,"),
            format!("Please write to {a} before Friday."),
        ] {
            let got = found(&t);
            if got != vec![a.to_string()] {
                missed.push(format!("{a:?} in {t:?}: got {got:?}"));
            }
        }
    }
    println!(
        "address forms: {} of {} found exactly",
        3 * ADDRESSES.len() - missed.len(),
        3 * ADDRESSES.len()
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
    "Dates follow RFC 2822, RFC 9110, RFC 3339 and ISO 8601.",
    "Benchmarked on an AMD Ryzen 7 PRO 3700 with 32 GB.",
    "Hordijk, 2009, describes the method.",
    "Ca\t2038\t8248\tCARET",
    "17  WinClose\t\tclose a window",
    "Boarding at Delta gate 22 starts at 10:15.",
    "Boarding at Delta Airlines gate 22 starts at 10:15.",
    "The council approved 3 Oak Street permits on Tuesday.",
    "Between 2019 and 2021 Park Avenue saw 14 collisions.",
    "Vote 5-2 on Item 12, Elm Street paving.",
    "Attachment 2 Main Street Plan.pdf was received.",
    "Phase 2 Riverside Drive widening begins in June.",
    "The 2 Broadway shows sold out.",
    "We counted 45 Market Street businesses.",
    "Call 311 Customer Service at City Hall.",
    "He owns 2 Park Place hotels and 3 Boardwalk properties.",
    "Chapter 4 Lincoln Way history is in the appendix.",
    "There were 12 Oak Lane residents at the meeting.",
    "Agenda item 7: Fire Station 3 remodel.",
    "The 5 Points intersection is dangerous.",
    "Highway 99 and Interstate 5 were congested.",
    "Rates rose 5 Percent in Q3 2024.",
    "Apple released iOS 17 in September 2023.",
    "Via Email 3 messages were sent.",
    "Exhibit B, Paragraph 4, Line 12.",
    "John Smith, 42, was arrested.",
    "See pages 12-14 of the report.",
    "Invoice 4471 Main Office Supplies.",
    "Mountain View 2024 budget was approved.",
    "Her score was 98 out of 100.",
    "Grace Park 12 was the team.",
    "The Lakers won Game 7 at Staples Center.",
    // Real mail and tables (Enron): -ing words, dates, years, meter tables, counts.
    "Gathering 9835 is down for maintenance.",
    "Roaring 5 was the name of the boat.",
    "Effective February 1, 2000, Enron will move the desk.",
    "2001, PLEASE TURN THAT IN by Friday.",
    "We bought 10 One Day Passes for the team.",
    "985982  Coletto Creek\n986063  Mokeen\n986140  Swickheimer",
    "989700  Tesoro Hoskins Central Point",
    "one of 3 Oak trees fell in the storm",
    "233 Rogers Park volunteers planted 40 trees.",
    "Via Rodriguez 382 the train leaves at 9:15.",
    "Report 12/2000 on Lower Colorado River flows is due.",
    "Suite 12 hosts the Harris Committee; bring 5 copies.",
    "Level 3 of the garage holds 40 spaces.",
    "Tennis star Na Li, 32, retired.",
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
    // A year or a word after a mere space is not a postcode or a state.
    assert_eq!(
        found("The house at 12 Oak Lane 2024 was sold OR rented."),
        vec!["12 Oak Lane"]
    );
    assert_eq!(
        found("The house at 12 Oak Lane OR 14 Elm Road."),
        vec!["12 Oak Lane", "14 Elm Road"]
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

/// The address with its last part on a line of its own (`Via Roma 12\n00184 Roma`).
fn on_two_lines(a: &str) -> String {
    match a.rfind(", ") {
        Some(i) => format!("{}\n{}", &a[..i], &a[i + 2..]),
        None => a.to_string(),
    }
}

/// One hard form a test: each must be found whole in a sentence, in a form and on its own
/// lines (its letters and digits all inside findings).
macro_rules! form {
    ($name:ident, $addr:expr) => {
        #[test]
        fn $name() {
            let a: &str = $addr;
            for t in [
                format!("The applicant lives at {a}, since March."),
                format!("Name: Jo Doe\nAddress: {a}\nPhone: none"),
                format!("Mailing address:\n{}\n\nThank you", on_two_lines(a)),
            ] {
                let got = found(&t);
                let inside = |i: usize| {
                    got.iter().any(|g| {
                        let at = t.find(g.as_str()).unwrap();
                        at <= i && i < at + g.len()
                    })
                };
                let a_text = if t.contains(a) {
                    a.to_string()
                } else {
                    on_two_lines(a)
                };
                let at = t.find(&a_text).unwrap();
                let whole = a_text
                    .char_indices()
                    .all(|(i, c)| !c.is_alphanumeric() || inside(at + i));
                assert!(whole, "{a:?} in {t:?}: got {got:?}");
            }
        }
    };
}

form!(italian_number_after_street, "Via Roma 12, 00184 Roma");
form!(
    italian_comma_and_floor,
    "Viale Piave, 28 Piano 2, 20129 Milano (MI)"
);
form!(french_number_comma_first, "12, rue de la Paix, 75002 Paris");
form!(
    spanish_number_and_floor,
    "Calle Mayor, 5, 3º B, 28013 Madrid"
);
form!(portuguese_comma_number, "Rua Augusta, 100, 1100-053 Lisboa");
form!(
    brazilian_neighbourhood_and_state,
    "Rua das Flores, 45, Centro, 80010-120 Curitiba / PR"
);
form!(
    mexican_interior_number,
    "Calzada Independencia 220 Interior 4, Guadalajara, JAL 44100"
);
form!(
    japanese_romanised,
    "2-11-5 Nakamachi, Naka-ku, Yokohama 231-0015"
);
form!(
    chinese_romanised,
    "No. 88 Huaihai Middle Road, Xuhui District, Shanghai 200031"
);
form!(vietnamese, "Số 12 Ngõ 5 phố Huế, phường Bạch Đằng, Hà Nội");
form!(british_flat_first, "Flat 3, 12 High Street, Leeds LS1 4AB");
form!(
    australian_unit_slash,
    "Unit 5/22 George St, Sydney NSW 2000"
);
form!(
    australian_state_commas,
    "7 Banksia Crescent, Orange, NSW, 2800"
);
form!(irish_eircode_then_town, "14 Quay Street D02 X285 Galway");
form!(indian_pin, "H.No. 14, Gandhi Nagar, Jaipur-302015");
form!(
    canadian_quebec,
    "220 rue Principale, Gatineau (Québec) J8X 2A1"
);
form!(dutch_postcode_line, "Kerkstraat 14, 1017 GA Amsterdam");
form!(us_unit_line, "455 Cedar Road, Apt 12, Davis, CA 95616");
form!(us_po_box, "PO Box 4410, Reno, NV 89505");
form!(us_rural_route, "RR 2 Box 15, Ames, IA 50010");
form!(
    us_spelled_number,
    "One Market Street, San Francisco, CA 94105"
);
form!(us_weak_street_type, "4821 Willow Bend, Austin, TX 78745");
form!(
    us_multiline_city_state_zip,
    "1200 Oak Hollow Lane, Springfield, IL 62704"
);
form!(resident_of, "12 Elm Court, Dover, DE 19901");

/// A sentence that names a resident `of` an address still finds it when a city follows.
#[test]
fn an_address_after_of() {
    assert_eq!(
        found("A letter from J. Ruiz of 0253 Johnson Ramp, Laketown, OR 97035 arrived."),
        vec!["0253 Johnson Ramp, Laketown, OR 97035"]
    );
    // `of` and a number without a city is a count.
    assert!(found("one of 3 Oak trees fell").is_empty());
}

/// Our own fresh labelled set (`tests/data/address-fresh.jsonl`, made by
/// `tests/data/address-fresh.py` with other templates and another seed than pii-eval): the
/// address detector alone must cover at least this share of its labels, with no finding in
/// its look-alike passages. The floor is what the detector reached, less 0.03.
#[test]
fn the_fresh_set_is_found() {
    let set = include_str!("data/address-fresh.jsonl");
    let (mut hit, mut all, mut nopii_found) = (0, 0, 0);
    for line in set.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON object a line");
        let text = v["text"].as_str().expect("text");
        let chars: Vec<char> = text.chars().collect();
        let spans: Vec<(usize, usize)> = detect(text, &[Kind::Address], &Known::default())
            .into_iter()
            .map(|(_, s)| (s.start, s.end))
            .collect();
        if v["source"].as_str() == Some("nopii") {
            nopii_found += usize::from(!spans.is_empty());
        }
        for l in v["spans"].as_array().expect("spans") {
            let (a, b) = (
                l["start"].as_u64().expect("start") as usize,
                l["end"].as_u64().expect("end") as usize,
            );
            all += 1;
            hit += usize::from((a..b).all(|i| {
                !chars[i].is_alphanumeric() || spans.iter().any(|&(s, e)| s <= i && i < e)
            }));
        }
    }
    let recall = hit as f64 / all as f64;
    println!(
        "fresh set: recall {recall:.3} ({hit}/{all}), look-alikes with a finding {nopii_found}"
    );
    assert!(
        recall >= FRESH_FLOOR,
        "fresh-set recall {recall:.3} < {FRESH_FLOOR}"
    );
    assert_eq!(nopii_found, 0, "findings in look-alike passages");
}

/// What the detector reached on the fresh set (0.958), less 0.03.
const FRESH_FLOOR: f64 = 0.928;

/// Speed on mixed text (release build): `cargo test --release -p redact --test address --
/// --ignored --nocapture`. Ignored by default: timings on a shared machine are noisy.
#[test]
#[ignore]
fn speed_on_mixed_text() {
    let block = "Dear neighbours, the meeting on 11/03/2025 at 10:30 in Room 204 discussed 3 Oak trees.\n\
Please write to 1234 Main St, Apt 5, Sacramento, CA 95814 or Via Roma 12, 00184 Roma.\n\
Invoice 4471 for $1,250.00 was paid; Section 12 Park Place rules apply until 2026.\n\
Plain prose without any number at all, as most of a record is, goes on for a while here.\n\
Flat 3, 12 High Street, Leeds LS1 4AB and No. 88 Huaihai Middle Road, Xuhui District.\n\
Traffic on Richard Drive between 6:00 and 10:30 averaged 686 vehicles per hour, said Ms Lee.\n";
    let text = block.repeat(20_000);
    let start = std::time::Instant::now();
    let n = detect(&text, &[Kind::Address], &Known::default()).len();
    let secs = start.elapsed().as_secs_f64();
    let mb = text.len() as f64 / 1e6;
    println!(
        "address: {mb:.1} MB in {secs:.2} s = {:.1} MB/s, {n} found",
        mb / secs
    );
    assert!(mb / secs >= 10.0, "address detector below 10 MB/s");
}

/// The na2 fresh set (`tests/data/na2-fresh.jsonl`, made by `tests/data/na2-fresh.py`):
/// Turkish, Mexican, Indian, New Zealand rural and Japanese addresses, `POB`, streets with
/// their number alone, and look-alikes ("Room 12", "Chapter 11"). Returns the recall on its
/// address labels, the address findings outside a label, and the look-alike passages with a
/// finding. Prints the misses.
fn na2_fresh_set() -> (f64, usize, usize) {
    let set = include_str!("data/na2-fresh.jsonl");
    let (mut hit, mut all, mut outside, mut nopii_found) = (0, 0, 0, 0);
    for line in set.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON object a line");
        let text = v["text"].as_str().expect("text");
        let chars: Vec<char> = text.chars().collect();
        let spans: Vec<(usize, usize)> = detect(text, &[Kind::Address], &Known::default())
            .into_iter()
            .map(|(_, s)| (s.start, s.end))
            .collect();
        if v["source"].as_str() == Some("nopii") {
            nopii_found += usize::from(!spans.is_empty());
        }
        let labels: Vec<(usize, usize)> = v["spans"]
            .as_array()
            .expect("spans")
            .iter()
            .filter(|l| l["kind"].as_str() == Some("address"))
            .map(|l| {
                (
                    l["start"].as_u64().expect("start") as usize,
                    l["end"].as_u64().expect("end") as usize,
                )
            })
            .collect();
        for &(a, b) in &labels {
            all += 1;
            let ok = (a..b).all(|i| {
                !chars[i].is_alphanumeric() || spans.iter().any(|&(s, e)| s <= i && i < e)
            });
            hit += usize::from(ok);
            if !ok {
                let want: String = chars[a..b].iter().collect();
                let got: Vec<String> = spans
                    .iter()
                    .map(|&(s, e)| chars[s..e].iter().collect())
                    .collect();
                println!("  missed {want:?} got {got:?}");
            }
        }
        for &(s, e) in &spans {
            if !labels.iter().any(|&(a, b)| s < b && a < e) {
                outside += 1;
                let got: String = chars[s..e].iter().collect();
                println!("  false {got:?} in {text:?}");
            }
        }
    }
    let recall = hit as f64 / all as f64;
    println!(
        "na2 fresh set: recall {recall:.3} ({hit}/{all}), findings outside a label {outside}, \
         look-alikes with a finding {nopii_found}"
    );
    (recall, outside, nopii_found)
}

#[test]
fn the_na2_fresh_set_is_found() {
    let (recall, outside, nopii_found) = na2_fresh_set();
    // Before: recall 0.509, no finding outside a label. Now 0.956; floor that less 0.03.
    assert!(recall >= 0.926, "na2 recall {recall:.3}");
    assert_eq!(outside, 0, "findings outside a label");
    assert_eq!(nopii_found, 0, "look-alikes with a finding");
}

// na2 forms: one test a form, found whole in a sentence, a form and on two lines.
form!(
    turkish_cad_no_door_district_city,
    "Atatürk Cad. No: 13 D: 4, 34710 Kadıköy/İstanbul"
);
form!(
    turkish_caddesi_daire,
    "Bağdat Caddesi No:25 Daire 3, 34728 Kadıköy/İstanbul"
);
form!(
    turkish_mahalle_sokak,
    "Caferağa Mah. Moda Sok. No: 12 Kat 2 D:5, 34710 Kadıköy/İstanbul"
);
form!(
    turkish_bulvari,
    "Cumhuriyet Bulvarı No. 129 Daire 19, 35210 Konak/İzmir"
);
form!(
    mexican_interior_colonia,
    "Calle Hidalgo 123 Interior 4, Col. Centro, 06000 Ciudad de México, CDMX"
);
form!(
    mexican_av_int,
    "Av. Reforma 222 Int. 3, Col. Juárez, Ciudad de México, CDMX"
);
form!(
    mexican_no_after_street,
    "Calle Juárez No. 134 Int. 5, Guadalajara, Jal."
);
form!(
    indian_house_number_with_dashes,
    "H.No. 12-3-45, Gandhi Nagar, Hyderabad - 500001"
);
form!(
    indian_flat_apartments_road,
    "Flat 4B, Sai Apartments, MG Road, Bengaluru 560001"
);
form!(
    new_zealand_rural_delivery,
    "123 Main Road, RD 7, Ashburton 7777"
);
form!(
    japanese_chome_hyphenated_district,
    "1-2-3 Nishi-Shinjuku, Shinjuku-ku, Tokyo 160-0023"
);
form!(japanese_ward_first, "Tōkyō-to Minato-ku Roppongi 6-10-1");
form!(us_pob, "POB 123, Dayton, OH 45402");
form!(us_p_o_b, "P.O.B. 45, Dayton, OH 45402");

/// A street with its number alone, before prose, is found; look-alikes of a word and a
/// number are not.
#[test]
fn a_street_and_number_alone_in_a_sentence() {
    for (text, want) in [
        (
            "The parcel was sent to Hauptstraße 5 next week.",
            "Hauptstraße 5",
        ),
        ("Previously at Calle Mayor 5 last year.", "Calle Mayor 5"),
        ("She moved to 12 Rue Lepic last year.", "12 Rue Lepic"),
        (
            "They live at 742 Evergreen Terrace now.",
            "742 Evergreen Terrace",
        ),
        ("Deliver to ulica Lipowa 29 next week.", "ulica Lipowa 29"),
        ("Moved from Lindenweg 12 last year.", "Lindenweg 12"),
        (
            "Previously at Bağdat Sokak No. 146 last year.",
            "Bağdat Sokak No. 146",
        ),
    ] {
        assert_eq!(found(text), vec![want], "{text}");
    }
}

#[test]
fn look_alikes_of_a_word_and_a_number() {
    for text in [
        "The meeting is in Room 12 at 3 pm.",
        "We sold 10 One Day Passes.",
        "Section 5 Paragraph 2 applies.",
        "Under Chapter 11 the firm kept trading.",
        "Read Article 7 and Clause 14 again.",
        "Platform 9 is closed next week.",
        "Order No. 55-1234 was shipped.",
    ] {
        assert_eq!(found(text), Vec::<String>::new(), "{text}");
    }
}
