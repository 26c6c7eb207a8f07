//! Identifiers (issue 21): IBANs, bank accounts, driver's licences, passports, dates of
//! birth, medical record and case numbers, plates and VINs, payment cards. Each kind's hard
//! forms must be found with their exact spans, and its look-alikes (dates, times, amounts,
//! case, permit and order numbers, versions, ZIP codes, years, prose) must not be.

mod common;

use redact::detect::{Kind, Known, detect};

fn found(text: &str, k: Kind) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    detect(text, &[k], &Known::default())
        .into_iter()
        .map(|(_, s)| chars[s.start..s.end].iter().collect())
        .collect()
}

/// Each (text, the values it holds) is checked alone; then every look-alike must give nothing.
fn check(k: Kind, good: &[(&str, &[&str])], bad: &[&str]) {
    let mut failures = vec![];
    for (text, want) in good {
        let got = found(text, k);
        if got != *want {
            failures.push(format!("{text:?}: want {want:?}, got {got:?}"));
        }
    }
    for text in bad {
        let got = found(text, k);
        if !got.is_empty() {
            failures.push(format!("look-alike {text:?}: got {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{}:\n{}",
        k.as_str(),
        failures.join("\n")
    );
}

/// Sentences with no identifier at all: nothing of any of these kinds may be found.
const PLAIN: &[&str] = &[
    "Invoice 2025-0142 for $1,250.00 is due on 03/03/2026 at 10:30.",
    "Order #4411237 shipped to ZIP 95814; parcel 001-234-567-000.",
    "Case No. 24-CV-001234 was filed in Superior Court on 2024-03-03.",
    "Permit BLD-2025-00123 and employee ID E1234567 are on file.",
    "Version 10.2.1.4 of the portal; call (916) 555-0142 or 916-555-0199.",
    "The budget moves $45,000 from account 4410-200 to account 4410-310 in FY 2025.",
    "The council met in Room 204 on March 3, 2025 and adjourned at 9:45 pm.",
    "Business license number BL-2025-0142 was renewed for the bakery.",
    "Resolution 2025-17 passed 5-0; see Exhibit B, page 12 of 40.",
    "The DL 1234 flight from Atlanta landed at 6:15.",
    "She was born in Sacramento and studied at Davis.",
    "Tracking 1Z999AA10123456784 via UPS Ground.",
    "Contract C-2025-0042 with Sierra Paving Co., PO 4500012345.",
    "The vehicle fleet has 42 sedans and 7 trucks, model year 2019.",
    "The patient portal is down; call the clinic at 555-0142.",
    "Meeting ID 845 2231 9904, passcode 551234.",
    "Phone +44 20 7946 0958, fax +49 30 1234567.",
    "The DL division reviewed 45 applications; form DL-44 and DL 180 are attached.",
    "Vehicle 12 was assigned to Unit 7 under CVC 22350 and Vehicle Code 21453.",
    "Voter registration closes Oct 20; registration fee is $25.",
    "License No. 2025-0142 was issued to the taqueria.",
    "The passport office in Room 2B opens at 8:00 and issues 120 passports a day.",
    "Council member ID badges were reissued on 11/03/2025.",
    "The ABA 2025 conference and the transit route 101 schedule.",
    "Date of birth and address are required fields on form 12-B.",
    "Born and raised in Fresno, she joined the department in 1998.",
    "Staff counted 4,111,111 visitors and $1,111,111.11 in fees.",
    "ISBN 978-0-306-40615-7 and ISSN 0317-8471 are cited.",
    "Coordinates 38.5816, -121.4944; elevation 9 m.",
    "The DMV requires a driver's license and proof of insurance; bring 2 forms of ID.",
    "Driver's license suspensions rose 12% in 2024.",
    "Passport photos cost $15; her birthday is in March.",
    "Routing and account numbers are printed on the check.",
    "The vehicle model RAV4 and the DL group mailing list DLSTAFF01 were updated.",
    "License plate readers (ALPR) captured 1,204 plates in 2025.",
    "DOB and SSN are withheld under GC 6254(c); MRN field left blank.",
];

#[test]
fn plain_sentences_give_nothing() {
    let kinds = [
        Kind::Iban,
        Kind::BankAccount,
        Kind::Dl,
        Kind::Passport,
        Kind::Dob,
        Kind::MedicalRecord,
        Kind::Plate,
        Kind::Card,
    ];
    let mut failures = vec![];
    for text in PLAIN {
        for k in kinds {
            let got = found(text, k);
            if !got.is_empty() {
                failures.push(format!("{} in {text:?}: {got:?}", k.as_str()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ibans() {
    check(
        Kind::Iban,
        &[
            (
                "Pay to GB82 WEST 1234 5698 7654 32 please.",
                &["GB82 WEST 1234 5698 7654 32"],
            ),
            ("IBAN: DE89370400440532013000.", &["DE89370400440532013000"]),
            (
                "CH93 0076 2011 6238 5295 7 is the account",
                &["CH93 0076 2011 6238 5295 7"],
            ),
            (
                "lower case de89 3704 0044 0532 0130 00 too",
                &["de89 3704 0044 0532 0130 00"],
            ),
            (
                "FR14 2004 1010 0505 0001 3M02 606",
                &["FR14 2004 1010 0505 0001 3M02 606"],
            ),
            (
                "NO9386011117947 and BE68539007547034",
                &["NO9386011117947", "BE68539007547034"],
            ),
            (
                "MT84MALT011000012345MTLCAST001S;",
                &["MT84MALT011000012345MTLCAST001S"],
            ),
            (
                "Konto: AT61 1904 3002 3457 3201\nDanke",
                &["AT61 1904 3002 3457 3201"],
            ),
            (
                "SA03 8000 0000 6080 1016 7519",
                &["SA03 8000 0000 6080 1016 7519"],
            ),
            (
                "BR1800360305000010009795493C1 ok",
                &["BR1800360305000010009795493C1"],
            ),
        ],
        &[
            "GB82 WEST 1234 5698 7654 33",
            "DE89370400440532013001",
            "DE8937040044053201300",
            "AB12 3456 7890 1234 5678",
            "ISO 13616 and RFC 3986",
            "AB12CDE",
        ],
    );
}

#[test]
fn bank_accounts() {
    check(
        Kind::BankAccount,
        &[
            (
                "Routing number: 011000015, account no. 1234567890",
                &["011000015", "1234567890"],
            ),
            ("ABA 021000021", &["021000021"]),
            (
                "RTN 122105278; acct # 0012-3456-78",
                &["122105278", "0012-3456-78"],
            ),
            (
                "her checking account 000123456789 was closed",
                &["000123456789"],
            ),
            (
                "sort code 20-00-00, account 12345678",
                &["20-00-00", "12345678"],
            ),
            ("BSB 062-000 account 12345678", &["062-000", "12345678"]),
            ("wire to Chase, account 000123456789", &["000123456789"]),
            (
                "sort code 20-00-00, account number 12345678",
                &["20-00-00", "12345678"],
            ),
            ("Kontonummer 0532013000", &["0532013000"]),
            ("numéro de compte : 12345678901", &["12345678901"]),
            // A BIC on the line of the account number it goes with.
            (
                "account no. 12345678, SWIFT: CHASUS33",
                &["12345678", "CHASUS33"],
            ),
            // Routing numbers whose checksum holds outside the Federal Reserve's prefixes.
            ("routing # 130135269", &["130135269"]),
            ("Account Number:\n4021 5567 8812", &["4021 5567 8812"]),
        ],
        &[
            "routing 123456789",
            "routing slip 2025-0142",
            "the account 4410-200 of the general fund",
            "account no. 2025",
            "account number 916-555-0142",
            "SWIFT response by staff",
            // A BIC names a bank, not a person: not alone, nor next to an IBAN.
            "SWIFT: DEUTDEFF500 or BIC NWBKGB2L",
            "IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX",
            "transit 130135269",
            "BIC HELLOWORLD",
        ],
    );
}

#[test]
fn driver_licences() {
    check(
        Kind::Dl,
        &[
            ("California driver's license B1234567.", &["B1234567"]),
            ("DL (TX): 12345678", &["12345678"]),
            ("NY driver license 123 456 789 expires", &["123 456 789"]),
            (
                "Driver's License No. W123-456-78-901-0 (FL)",
                &["W123-456-78-901-0"],
            ),
            ("IL DL# A123-4567-8901", &["A123-4567-8901"]),
            ("D.L. A1234 56789 01234 (NJ)", &["A1234 56789 01234"]),
            ("WA driver’s licence WDLABCD456DG", &["WDLABCD456DG"]),
            ("PA driver's license number 12 345 678", &["12 345 678"]),
            ("CDL: S530-4607-1234-12", &["S530-4607-1234-12"]),
            ("licence no. MORGA657054SM9IJ", &["MORGA657054SM9IJ"]),
            ("Führerschein B072RRE2I55", &["B072RRE2I55"]),
            ("permis de conduire n° 12AB34567", &["12AB34567"]),
            ("Driver License Number:\nD1234567", &["D1234567"]),
            (
                "driver's license, which she showed at the desk, was C7654321.",
                &["C7654321"],
            ),
            ("NH DL 12ABC34567", &["12ABC34567"]),
            ("license number N12345678 was scanned", &["N12345678"]),
            ("Driver Lic. MH-1420110062821", &["MH-1420110062821"]),
            ("drivers license: 0123-4567-8901", &["0123-4567-8901"]),
            ("DL-12345678 on file", &["12345678"]),
            ("DL class-C1234567", &[]),
            ("UK licence holder MORGA657054SM9IJ", &["MORGA657054SM9IJ"]),
            ("License: B1234567", &["B1234567"]),
            ("Lic# Y7654321", &["Y7654321"]),
        ],
        &[
            "Employee ID E1234567",
            "driver's license expires 12/31/2027",
            "driver's license issued 2019-05-01",
            "driver's license call 916-555-0142",
            "DL 1234 departs at 6:15",
            "business license number 12345678",
            "contractor's license no. 1012345",
            "license plate number 7ABC123",
            "driver's license suspended for 30 days",
            "License: 2025-0142",
            "License ABC Corp. holds B1234567",
            "Software License: MIT2024X",
            "MORGA657954SM9IJ",
        ],
    );
}

/// One number in each state's format (the AAMVA table), after two kinds of context.
#[test]
fn every_state_format() {
    let states = [
        ("AL", "1234567"),
        ("AK", "7654321"),
        ("AZ", "A12345678"),
        ("AR", "912345678"),
        ("CA", "A1234567"),
        ("CO", "12-345-6789"),
        ("CT", "123456789"),
        ("DE", "1234567"),
        ("DC", "1234567"),
        ("FL", "A123-456-78-901-0"),
        ("GA", "123456789"),
        ("HI", "H12345678"),
        ("ID", "AB123456C"),
        ("IL", "A123-4567-8901"),
        ("IN", "1234-56-7890"),
        ("IA", "123AB4567"),
        ("KS", "K12-34-5678"),
        ("KY", "A12-345-678"),
        ("LA", "123456789"),
        ("ME", "1234567"),
        ("MD", "A-123-456-789-012"),
        ("MA", "S12345678"),
        ("MI", "A 123 456 789 012"),
        ("MN", "A123456789012"),
        ("MS", "123-45-6789"),
        ("MO", "A123456789"),
        ("MT", "0123456789012"),
        ("NE", "A12345678"),
        ("NV", "1234567890"),
        ("NH", "12ABC34567"),
        ("NJ", "A1234 56789 01234"),
        ("NM", "123456789"),
        ("NY", "123 456 789"),
        ("NC", "000012345678"),
        ("ND", "ABC-12-3456"),
        ("OH", "AB123456"),
        ("OK", "A123456789"),
        ("OR", "1234567"),
        ("PA", "12 345 678"),
        ("RI", "1234567"),
        ("SC", "123456789"),
        ("SD", "12345678"),
        ("TN", "123456789"),
        ("TX", "12345678"),
        ("UT", "123456789"),
        ("VT", "12345678"),
        ("VA", "A12-34-5678"),
        ("WA", "WDLABCD456DG"),
        ("WV", "A123456"),
        ("WI", "A123-4567-8901-23"),
        ("WY", "123456-789"),
    ];
    let mut failures = vec![];
    for (state, number) in states {
        for text in [
            format!("Driver's license ({state}): {number}."),
            format!("{state} DL# {number}, expires 2027"),
        ] {
            let got = found(&text, Kind::Dl);
            if got != [number] {
                failures.push(format!("{text:?}: {got:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn passports() {
    check(
        Kind::Passport,
        &[
            ("Passport No. 123456789", &["123456789"]),
            ("US passport number C12345678", &["C12345678"]),
            ("Reisepass C01X00T47", &["C01X00T47"]),
            ("passeport 09AA12345", &["09AA12345"]),
            ("Passport:\nYA1234567", &["YA1234567"]),
        ],
        &[
            "passport photo taken 2025",
            "passport expires 03/03/2030",
            "passport fee $130.00",
            "passport issued 20300101",
            "passport office, Room 204",
        ],
    );
}

#[test]
fn dates_of_birth() {
    check(
        Kind::Dob,
        &[
            ("born 3 March 1971", &["3 March 1971"]),
            ("Born on March 3rd, 1971 in Fresno", &["March 3rd, 1971"]),
            ("DOB 03.03.1971", &["03.03.1971"]),
            ("DOB: 1971/03/03", &["1971/03/03"]),
            ("date of birth 03-Mar-1971", &["03-Mar-1971"]),
            ("Born: 3/3/71", &["3/3/71"]),
            ("DOB 1971-03-03", &["1971-03-03"]),
            ("d.o.b. 04/12/1985", &["04/12/1985"]),
            ("né le 3 mars 1971 à Lyon", &["3 mars 1971"]),
            ("geboren am 03.03.1971", &["03.03.1971"]),
            (
                "fecha de nacimiento: 3 de marzo de 1971",
                &["3 de marzo de 1971"],
            ),
            ("age 54 (born 3 March 1971)", &["3 March 1971"]),
            ("Date of Birth:\n03/03/1971", &["03/03/1971"]),
            ("Geburtsdatum: 3. März 1971", &["3. März 1971"]),
            ("DOB/Age: 03/03/1971 (54)", &["03/03/1971"]),
            ("Date of Birth (MM/DD/YYYY): 03/03/1971", &["03/03/1971"]),
            (
                "Name: Ana Ruiz\nDate of Birth:\n03/03/1971\nPhone:",
                &["03/03/1971"],
            ),
            ("Birth: 3 Mar 1971", &["3 Mar 1971"]),
        ],
        &[
            "Meeting on 04/12/2025.",
            "DOB on file; visit 03/03/2025",
            "born in 1971",
            "birthday party on Saturday at 10:30",
            "Date of birth\nInvoice 2025-0142",
            "DOB 13/13/1971",
            "birth certificate issued 2020-01-01",
        ],
    );
}

#[test]
fn medical_and_case_numbers() {
    check(
        Kind::MedicalRecord,
        &[
            ("MRN: 00123456", &["00123456"]),
            ("medical record number 4455-2211", &["4455-2211"]),
            ("Patient ID P-778812", &["P-778812"]),
            ("client ID 558123 at the shelter", &["558123"]),
            ("CPS case 2024-0012345", &["2024-0012345"]),
            ("Medi-Cal ID 91234567A", &["91234567A"]),
            ("Medicare number 1EG4-TE5-MK73", &["1EG4-TE5-MK73"]),
            ("member ID XJH123456789", &["XJH123456789"]),
            ("the social worker's case number 55-12345", &["55-12345"]),
            ("NHS number 943 476 5919", &["943 476 5919"]),
            ("health card number 1234-567-890", &["1234-567-890"]),
        ],
        &[
            "Case No. 24-CV-001234",
            "case number 2025-0142 for the permit",
            "the hospital's lawyer cited Case No. 24-CV-001234",
            "patient ID pending",
            "Environmental Health case number EH-2025-0142",
            "MRN 03/03/2025",
            "member ID 916-555-0142",
            "NHS number 943 476 5918",
        ],
    );
}

#[test]
fn plates_and_vins() {
    check(
        Kind::Plate,
        &[
            ("license plate 7ABC123", &["7ABC123"]),
            ("plate: ABC 1234 (NY)", &["ABC 1234"]),
            ("tag # ABC-1234", &["ABC-1234"]),
            ("registration AB12 CDE", &["AB12 CDE"]),
            ("Kennzeichen B-AB 1234", &["B-AB 1234"]),
            ("immatriculation AB-123-CD", &["AB-123-CD"]),
            ("vehicle: 2019 Ford F-150, plate 8XYZ321", &["8XYZ321"]),
            ("VIN 1HGCM82633A004352", &["1HGCM82633A004352"]),
            ("plate in CA 7ABC123.", &["7ABC123"]),
            ("targa AB 123 CD", &["AB 123 CD"]),
            ("number plate MH 12 AB 1234", &["MH 12 AB 1234"]),
            ("kenteken 12-ABC-3", &["12-ABC-3"]),
            ("license plate 12-ABC-3", &["12-ABC-3"]),
        ],
        &[
            "license plate ABCDEFG",
            "vehicle 2019 Honda",
            "price tag 1234",
            "asset tag # AB1234",
            "business registration number AB12345",
            "license plate reader installed 2025-03-01",
            "1HGCM82633A004353",
        ],
    );
}

#[test]
fn cards() {
    check(
        Kind::Card,
        &[
            ("card 4111 1111 1111 1111", &["4111 1111 1111 1111"]),
            ("4111.1111.1111.1111", &["4111.1111.1111.1111"]),
            (
                "4111\u{a0}1111\u{a0}1111\u{a0}1111",
                &["4111\u{a0}1111\u{a0}1111\u{a0}1111"],
            ),
            ("Amex 3782 822463 10005", &["3782 822463 10005"]),
            ("4111111111111111 exp 12/27", &["4111111111111111"]),
            (
                "card:4111111111111111",
                &["card:4111111111111111"[5..].to_owned().leak()],
            ),
            ("card4111111111111111", &["4111111111111111"]),
            ("4111111111111111 08/29 CVC 123", &["4111111111111111"]),
            (
                "card 4111111111111111, expiring soon",
                &["4111111111111111"],
            ),
            ("Visa 4111111111111111 916 555 0142", &["4111111111111111"]),
            ("4111 1111 1111 1111 123 (CVV)", &["4111 1111 1111 1111"]),
            ("order 12 4111 1111 1111 1111", &["4111 1111 1111 1111"]),
            ("6011 0000 0000 0004", &["6011 0000 0000 0004"]),
            ("UnionPay 6200000000000005", &["6200000000000005"]),
            (
                "19 digits 4000 0000 0000 0000 006",
                &["4000 0000 0000 0000 006"],
            ),
            ("Maestro 6759 6498 2648", &["6759 6498 2648"]),
            ("JCB 3530111333300000", &["3530111333300000"]),
            ("Mastercard 2221 0000 0000 0009", &["2221 0000 0000 0009"]),
        ],
        &[
            "4111 1111 1111 1112",
            "1234 5678 9012 3456",
            "2025 1103 0000 0001",
            "$4,111,111,111,111,111",
            "Parcel 001-234-567-000",
            "ticket 9999 9999 9999 9995",
        ],
    );
}

/// Speed of these detectors (and of all of them) on city-record prose with identifiers:
/// `cargo test --release -p redact --test ids -- --ignored --nocapture`.
#[test]
#[ignore]
fn speed() {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 8 << 20 {
        for s in PLAIN {
            text.push_str(s);
            text.push(' ');
        }
        text.push_str(&format!(
            "Refund to IBAN DE89 3704 0044 0532 0130 00, card 4111 1111 1111 1111; DOB 03/03/1971, \
             DL B{:07}, passport C{:08}, MRN {:08}, plate 7ABC{:03}. Café Zürich — naïve façade.\n",
            i % 10_000_000,
            i,
            i,
            i % 1000
        ));
        i += 1;
    }
    // One long line of context words with no value (each word's window must stay short),
    // and one of digits in twos (each run of groups must be tried in bounded time).
    let adversarial = [
        "DL born passport MRN plate account no. routing sort code IBAN ".repeat(20_000),
        "12 34 56 78 90 ".repeat(70_000),
    ];
    for line in &adversarial {
        text.push_str(line);
        text.push('\n');
    }
    let ours = [
        Kind::Iban,
        Kind::BankAccount,
        Kind::Dl,
        Kind::Passport,
        Kind::Dob,
        Kind::MedicalRecord,
        Kind::Plate,
        Kind::Card,
    ];
    for (name, kinds) in [("identifiers", &ours[..]), ("all", Kind::ALL)] {
        let t = std::time::Instant::now();
        let n = detect(&text, kinds, &Known::default()).len();
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{name}: {:.1} MB/s ({n} found in {:.1} MB)",
            text.len() as f64 / 1e6 / secs,
            text.len() as f64 / 1e6
        );
    }
}

// One test per form added for the pii3 round: each fails on its own if its form breaks.

#[test]
fn ssn_after_ss_hash_and_ssn_hash() {
    check(
        Kind::Ssn,
        &[
            ("Applicant J. Foster, SS# 734878264, was", &["734878264"]),
            ("SSN# 241197832)", &["241197832"]),
        ],
        &["SS# on file", "SS Norway 123456789", "class 734878264"],
    );
}

#[test]
fn cards_maestro_twelve_digits() {
    check(
        Kind::Card,
        &[("card 630416217358, amount $125.00", &["630416217358"])],
        &["order 630416217359", "ref 123456789012"],
    );
}

#[test]
fn cards_jcb_fifteen_and_sixteen_digits() {
    check(
        Kind::Card,
        &[
            ("card number 213126943652327", &["213126943652327"]),
            ("Visa/MC 2131-428119-39449,", &["2131-428119-39449"]),
            ("with card 3522-9635-1551-5841,", &["3522-9635-1551-5841"]),
        ],
        &["card 213126943652328"],
    );
}

#[test]
fn cards_nineteen_digits_joined_by_dashes() {
    check(
        Kind::Card,
        &[(
            "with card 4202-0088-3457-6325-213 exp 04/27.",
            &["4202-0088-3457-6325-213"],
        )],
        &[],
    );
}

#[test]
fn dates_of_birth_in_more_languages_and_forms() {
    check(
        Kind::Dob,
        &[
            ("born on 3 March 1975", &["3 March 1975"]),
            ("D.O.B. 03/04/75", &["03/04/75"]),
            ("fecha de nacimiento 03/04/1975", &["03/04/1975"]),
            ("geb. 12.03.1980", &["12.03.1980"]),
            ("DOB 1980-03-12", &["1980-03-12"]),
            ("geboren op 22/07/1959", &["22/07/1959"]),
            ("geboortedatum: 26.3.2004", &["26.3.2004"]),
            ("född 21.12.1946", &["21.12.1946"]),
            ("født 18-Apr-1935", &["18-Apr-1935"]),
            ("fødselsdato: 01-01-1946", &["01-01-1946"]),
            ("syntymäaika: 19/07/2020", &["19/07/2020"]),
            ("datum narození: 7/6/73", &["7/6/73"]),
            ("urodzony 12.1.1957", &["12.1.1957"]),
            ("doğum tarihi: 22-06-1984", &["22-06-1984"]),
            ("nascido em 12.6.1996", &["12.6.1996"]),
            ("data de nascimento: 1990-04-16", &["1990-04-16"]),
            ("F. nac.: 27 de febrero de 1985", &["27 de febrero de 1985"]),
            ("geboren op 2 maart 1988", &["2 maart 1988"]),
            ("urodzony 3 marca 1957", &["3 marca 1957"]),
            ("生年月日 1975年3月3日", &["1975年3月3日"]),
        ],
        &[
            "geboren in Berlin, seit 2020-01-01 hier",
            "Geburtstag der Stadt am 03.03.2025 gefeiert",
            "F. 12.03.1980",
        ],
    );
}

#[test]
fn passports_with_many_letters() {
    check(
        Kind::Passport,
        &[
            ("Reisepass-Nr. F1NKN4LPK, expires", &["F1NKN4LPK"]),
            ("pasaporte KFG9LNGCX, expires 2031", &["KFG9LNGCX"]),
            ("passport no. FG8VVZ0H2 (Germany)", &["FG8VVZ0H2"]),
        ],
        &[
            "passport ABCDEFGHX",
            "passport expires 2031",
            "passport KFGXLNGCX",
        ],
    );
}

#[test]
fn plates_of_more_countries() {
    check(
        Kind::Plate,
        &[
            ("vehicle with plate SV 04-60 parked", &["SV 04-60"]),
            ("license plate UL-JS-7642 parked", &["UL-JS-7642"]),
            ("license plate BRB-V-19 parked", &["BRB-V-19"]),
            ("Kennzeichen 78-3080Y) was seen", &["78-3080Y"]),
            ("plate 6P QU381 parked", &["6P QU381"]),
            ("tag # 41H-09510 parked", &["41H-09510"]),
            ("vehicle plate 246-265, was cited", &["246-265"]),
            ("plate PL-5 KHX) was seen", &["PL-5 KHX"]),
            ("plate in CA 7ABC123.", &["7ABC123"]),
        ],
        &[
            "plate 2025-01-31",
            "plate 1234",
            "vehicle registration 12345678",
            "asset tag # 41H-09510",
        ],
    );
}

/// The identifier and phone detectors on our own second labelled set
/// (`tests/data/ids2-fresh.jsonl`, made by `tests/data/ids2-fresh.py`): spreadsheet rows whose
/// only context is their header line, short and long context words (MR#, PP No., OLN, tag),
/// plates of the Nordic countries, China and Japan, IPs with ports, dotted phones and foreign
/// extension words, call logs; and look-alikes (dockets, case files, references, invoices,
/// permits, parcels, ISBNs, coordinates) that must give nothing. Recall of each kind (covered
/// by findings of any kind), precision of the detectors of these kinds, and collateral.
#[test]
fn ids2_fresh_set() {
    const SET: &str = include_str!("data/ids2-fresh.jsonl");
    let kinds = [
        Kind::Phone,
        Kind::Ssn,
        Kind::Ip,
        Kind::Card,
        Kind::Dl,
        Kind::Dob,
        Kind::Passport,
        Kind::MedicalRecord,
        Kind::Plate,
    ];
    let mut recall: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let (mut true_pos, mut findings, mut collateral, mut nopii) = (0, 0, 0, 0);
    let mut notes = vec![];
    for p in common::passages(SET) {
        let text = p.text.as_str();
        let chars: Vec<char> = text.chars().collect();
        let labels = &p.labels;
        let found: Vec<(Kind, usize, usize)> = detect(text, &kinds, &Known::default())
            .into_iter()
            .map(|(k, s)| (k, s.start, s.end))
            .collect();
        if p.nopii() {
            nopii += 1;
            if !found.is_empty() {
                collateral += 1;
                notes.push(format!("collateral {text:?}: {found:?}"));
            }
        }
        let spans: Vec<(usize, usize)> = found.iter().map(|f| (f.1, f.2)).collect();
        for (kind, a, b) in labels {
            if !kinds.iter().any(|k| k.as_str() == kind) {
                continue;
            }
            let hit = common::covered(&chars, *a, *b, &spans);
            let r = recall.entry(kind.clone()).or_default();
            r.0 += usize::from(hit);
            r.1 += 1;
            if !hit {
                let value: String = chars[*a..*b].iter().collect();
                notes.push(format!("missed {kind} {value:?} in {text:?}"));
            }
        }
        for f in &found {
            findings += 1;
            if labels.iter().any(|l| f.1 < l.2 && l.1 < f.2) {
                true_pos += 1;
            } else {
                let value: String = chars[f.1..f.2].iter().collect();
                notes.push(format!("unlabelled {} {value:?}", f.0.as_str()));
            }
        }
    }
    for n in &notes {
        println!("{n}");
    }
    let mut worst: f64 = 1.0;
    for (k, (hit, all)) in &recall {
        let r = *hit as f64 / *all as f64;
        println!("{k:<15} recall {r:.2} ({hit}/{all})");
        worst = worst.min(r);
    }
    let precision = true_pos as f64 / findings.max(1) as f64;
    let coll = collateral as f64 / nopii.max(1) as f64;
    println!(
        "precision {precision:.2} ({true_pos}/{findings}); collateral {coll:.2} ({collateral}/{nopii})"
    );
    assert!(
        worst >= IDS2_RECALL_FLOOR,
        "a kind's recall fell below the floor"
    );
    assert!(precision >= 0.95, "precision fell below the floor");
    assert!(coll <= 0.03, "collateral rose above the ceiling");
}

/// The lowest recall of any kind on `ids2-fresh.jsonl` (a ratchet: raise it as detectors
/// improve).
const IDS2_RECALL_FLOOR: f64 = 0.97;

/// Every kind's findings in `text`, as written (kind, value).
fn found_any(text: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = text.chars().collect();
    detect(text, Kind::ALL, &Known::default())
        .into_iter()
        .filter(|(k, _)| !matches!(k, Kind::Person | Kind::Address))
        .map(|(k, s)| {
            (
                k.as_str().to_string(),
                chars[s.start..s.end].iter().collect(),
            )
        })
        .collect()
}

#[test]
fn spreadsheet_rows_are_read_by_their_header() {
    let csv = "name,dob,phone,ssn,card,dl,mrn,plate,passport\n\
               Ann Lee,1975-03-04,(555) 201-3344,123-45-6789,4111 1111 1111 1111,B1234567,00482913,7ABC123,X12345678\n";
    let want = [
        ("dob", "1975-03-04"),
        ("phone", "(555) 201-3344"),
        ("ssn", "123-45-6789"),
        ("card", "4111 1111 1111 1111"),
        ("dl", "B1234567"),
        ("medical-record", "00482913"),
        ("plate", "7ABC123"),
        ("passport", "X12345678"),
    ];
    let got = found_any(csv);
    for (k, v) in want {
        assert!(
            got.iter().any(|(gk, gv)| gk == k && gv == v),
            "{k} {v} not found: {got:?}"
        );
    }
    // Semicolons, tabs and pipes; quoted cells; headers in other languages.
    check(
        Kind::Dob,
        &[
            (
                "Nom;Geburtsdatum;Ort\n\"Lee\";\"04.03.1975\";\"Bern\"\n",
                &["04.03.1975"],
            ),
            ("id\tfecha de nacimiento\n17\t03/04/1975\n", &["03/04/1975"]),
        ],
        &["id|visit date|amount\n17|2025-03-04|12.50\n"],
    );
    check(
        Kind::Phone,
        &[("Name|Tel.|City\nLee|5552013344|Bern\n", &["5552013344"])],
        &[],
    );
    check(
        Kind::Ssn,
        &[("name,SSN#\nLee,123456789\n", &["123456789"])],
        &["name,zip\nLee,123456789\n"],
    );
    check(
        Kind::Card,
        &[(
            "cc;amount\n4111-1111-1111-1111;12.00\n",
            &["4111-1111-1111-1111"],
        )],
        &[],
    );
    check(
        Kind::Dl,
        &[(
            "Name,Driver License No,State\nLee,12345678,TX\n",
            &["12345678"],
        )],
        &[],
    );
    check(
        Kind::MedicalRecord,
        &[("patient,medical record\nLee,A0048291\n", &["A0048291"])],
        &["patient,visit\nLee,2025-03-04\n"],
    );
    check(
        Kind::Plate,
        &[("owner,tag\nLee,ABC-1234\n", &["ABC-1234"])],
        &[],
    );
    check(
        Kind::Passport,
        &[("Name;Reisepass\nLee;C01X00T47\n", &["C01X00T47"])],
        &[],
    );
}

#[test]
fn short_and_long_context_words() {
    check(
        Kind::MedicalRecord,
        &[
            ("MR# 3417204.", &["3417204"]),
            ("MR #: Y3229706", &["Y3229706"]),
            ("MR No. 74189917, verified.", &["74189917"]),
            ("The record number for this visit is 7625461.", &["7625461"]),
        ],
        &[
            "Mr. Novak called at 10:30.",
            "The record number is 2025-0042 in the log.",
        ],
    );
    check(
        Kind::Passport,
        &[
            ("PP No. 922573314 on file.", &["922573314"]),
            ("PP# K08237428", &["K08237428"]),
            ("Passport + I-94, No. P63418460.", &["P63418460"]),
        ],
        &[],
    );
    check(
        Kind::Dl,
        &[
            ("OLN 757543329 on file.", &["757543329"]),
            ("OL# W485238497289", &["W485238497289"]),
            ("permis de conduire n° 123456789012", &["123456789012"]),
            (
                "Driving licence no. MORGA657054SM9IJ",
                &["MORGA657054SM9IJ"],
            ),
            ("Führerschein-Nr. B072RRE2I55", &["B072RRE2I55"]),
            ("carnet de conducir 92788634.", &["92788634"]),
            ("patente n. M591565992414", &["M591565992414"]),
        ],
        &[],
    );
    check(
        Kind::Plate,
        &[
            ("expired tag 1LWB794.", &["1LWB794"]),
            ("tag # PAS-9784", &["PAS-9784"]),
            ("plate AB 12 345 (Norway)", &["AB 12 345"]),
            ("车牌号 plate: 京A·12345。", &["京A·12345"]),
            ("车牌 粤B·D12345", &["粤B·D12345"]),
            (
                "plate Shinagawa 300 a 12-34 seen",
                &["Shinagawa 300 a 12-34"],
            ),
        ],
        &["price tag 12.99", "tag me at 10:30", "asset tag AB12345"],
    );
}

#[test]
fn ipv4_with_its_port() {
    check(
        Kind::Ip,
        &[
            (
                "Login from 203.0.113.7:8443 at 10:31.",
                &["203.0.113.7:8443"],
            ),
            (
                "src=203.0.113.7 dst=198.51.100.2:22",
                &["203.0.113.7", "198.51.100.2:22"],
            ),
        ],
        &["version 1.2.3.4.5"],
    );
}

#[test]
fn look_alikes_give_nothing() {
    let plain = [
        "Case file 2025/02337 was closed.",
        "Docket 22-364267 set for hearing.",
        "No. 22-364267 (consolidated).",
        "See 560-387-3481-40.",
        "Ref 2024-118-553 attached.",
        "Invoice 412-553-1234 due 2025-03-01.",
        "Permit 24-118553 issued.",
        "Parcel 123-456-789 assessed.",
        "ISBN 978-0-306-40615-7 in the catalogue.",
        "Coordinates 38.5816, -121.4944 near the levee.",
        "Tracking 4686 6762 9024 4336 96",
        "case_no;permit;parcel\n89-001211;2021-0852;058-660-594\n",
    ];
    let mut wrong = vec![];
    for t in plain {
        let got = found_any(t);
        if !got.is_empty() {
            wrong.push(format!("{t:?}: {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn header_names_with_hints_and_other_languages() {
    check(
        Kind::Dob,
        &[
            (
                "\"Name\",\"DOB (MM/DD/YYYY)\"\n\"Lee\",\"03/04/1975\"\n",
                &["03/04/1975"],
            ),
            (
                "| Name | Date of Birth |\n|---|---|\n| Lee | 1975-03-04 |\n",
                &["1975-03-04"],
            ),
        ],
        &[],
    );
    check(
        Kind::Phone,
        &[
            ("Nom;Numéro de téléphone\nLee;0612345678\n", &["0612345678"]),
            ("Name,Handynummer\nLee,01701234567\n", &["01701234567"]),
        ],
        &[],
    );
}

#[test]
fn rows_that_leave_out_their_last_cells() {
    check(
        Kind::Ssn,
        &[(
            "name,ssn,notes,extra\nLee,123456789\nKim,234567890,late,\n",
            &["123456789", "234567890"],
        )],
        &["name,ssn\n\nLee,123456789 was the count\n"],
    );
}

#[test]
fn header_names_in_more_languages() {
    check(
        Kind::Phone,
        &[
            (
                "氏名,生年月日,電話番号\n山田太郎,1975-03-04,03-1234-5678\n",
                &["03-1234-5678"],
            ),
            ("Naam;Telefoonnummer\nJansen;0612345678\n", &["0612345678"]),
        ],
        &[],
    );
    check(
        Kind::Plate,
        &[("Halter;Kfz-Kennzeichen\nMeier;B-AB 1234\n", &["B-AB 1234"])],
        &[],
    );
}

/// Speed of every detector on spreadsheet rows under their headers and on prose full of
/// commas (release build): `cargo test --release -p redact --test ids spreadsheet_speed --
/// --ignored --nocapture`.
#[test]
#[ignore]
fn spreadsheet_speed() {
    let mut csv = String::from("name,dob,phone,ssn,card,dl,mrn,plate,passport,case_no\n");
    for i in 0..60_000u32 {
        csv.push_str(&format!(
            "Ann Lee,1975-03-{:02},(555) 201-{:04},123-45-{:04},4111 1111 1111 1111,B{:07},{:08},7ABC{:03},X{:08},22-{:06}\n",
            i % 28 + 1,
            i % 10_000,
            i % 9_000 + 1000,
            i,
            i,
            i % 1000,
            i,
            i
        ));
    }
    let prose = "Hello, Maria, thanks for the call, the phone, the card, and the DOB, noted; tel, fax, plate.\n"
        .repeat(60_000);
    for (name, text) in [("spreadsheet", &csv), ("prose with commas", &prose)] {
        let t = std::time::Instant::now();
        let n = detect(text, Kind::ALL, &Known::default()).len();
        let secs = t.elapsed().as_secs_f64();
        let mb = text.len() as f64 / 1e6;
        println!("{name}: {:.1} MB/s ({n} found in {mb:.1} MB)", mb / secs);
        for k in [Kind::Email, Kind::Dob, Kind::Phone, Kind::Person] {
            let t = std::time::Instant::now();
            let n = detect(text, &[k], &Known::default()).len();
            let secs = t.elapsed().as_secs_f64();
            println!("  {}: {:.1} MB/s ({n})", k.as_str(), mb / secs);
        }
    }
}

#[test]
fn header_names_with_words_before_them() {
    check(
        Kind::Dob,
        &[(
            "Patient Date of Birth,Visit\n03/04/1975,2025-01-02\n",
            &["03/04/1975"],
        )],
        &[],
    );
    check(
        Kind::Phone,
        &[(
            "Name;Primary Phone Number\nLee;5552013344\n",
            &["5552013344"],
        )],
        &[],
    );
    check(Kind::Passport, &[], &["Name,Bus pass\nLee,BP12345678\n"]);
}

#[test]
fn a_header_line_is_no_form_label() {
    check(
        Kind::Plate,
        &[("id,DL#,Plate\n24206,B1234567,8RBW402\n", &["8RBW402"])],
        &[],
    );
}
