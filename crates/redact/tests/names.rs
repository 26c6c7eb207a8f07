//! The person detector on hand-written sentences (names of many countries, in many forms) and
//! on sentences without anyone's name. Every sentence here was written for this test; none
//! is copied from a real record.

use redact::detect::{Kind, Known, detect};

/// The names found in `text`, as strings.
fn people(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    detect(text, &[Kind::Person], &Known::default())
        .into_iter()
        .map(|(_, s)| chars[s.start..s.end].iter().collect())
        .collect()
}

/// Sentences with the names a reader would redact, marked `[[like this]]`.
const WITH_NAMES: &[&str] = &[
    // Forms and cases.
    "The request came from [[Maria Gonzalez]] last week.",
    "Please call [[maria gonzalez]] about the permit.",
    "APPLICANT: [[JOHN SMITH]]",
    "Owner of record: [[Gonzalez, Maria]]",
    "The report was signed by [[J. Smith]] on Monday.",
    "Reviewed by [[M. A. Gonzalez]] and filed.",
    "Author: [[Smith, J.]]",
    "Copy to [[John A. Smith]], the planner.",
    // Titles.
    "We spoke with [[Mr. Haddad]] yesterday.",
    "[[Mrs. Okafor]] filed the complaint.",
    "[[Ms. Ng]] asked for the minutes.",
    "[[Miss Patel]] was not at home.",
    "[[Dr. Kim]] signed off.",
    "[[Prof. Schmidt]] reviewed the study.",
    "[[Sgt. Ramirez]] took the report.",
    "[[Officer Diaz]] arrived at 10:15.",
    "[[Det. Kowalczyk]] interviewed the witness.",
    "The hearing before [[Hon. Margaret Liu]] was continued.",
    "[[Herr Müller]] schrieb an die Stadt.",
    "[[Frau Schneider]] rief an.",
    "[[Mme Lefèvre]] a écrit.",
    "[[M. Dupont]] est arrivé.",
    "[[Sr. Hernández]] pidió una copia.",
    "[[Sra. López]] llamó ayer.",
    "Il [[Dott. Rossi]] ha risposto.",
    // Greetings and signatures.
    "Dear [[maria]],\nthank you for your note.",
    "Hi [[Carl]],\nThe permit is ready.",
    "Hello [[Ms. Ng]], the file is attached.",
    "Dear [[Oluwaseun]],\nplease find the form.",
    "Regards,\n[[Priya Raman]]\nPlanning Department",
    "Sincerely,\n[[Søren Kierkegaard]]",
    "Thanks,\n[[Dave]]",
    "Best,\n[[Łukasz Nowak]]\nBuilding Inspector",
    "Thanks, [[Carl]]",
    // Particles, hyphens, accents.
    "The deed names [[Jan van der Berg]] as owner.",
    "A letter from [[María de la Cruz]] arrived.",
    "Ask [[Ursula von Trapp]] for the key.",
    "The claimant is [[Ahmed al-Rashid]].",
    "Witness: [[Hassan bin Talal]].",
    "[[Seán O'Brien]] phoned twice.",
    "[[José Núñez-García]] requested the video.",
    "[[Zoë Martin]] and [[Søren Jensen]] attended.",
    "The form lists [[Keanu Ramirez-Oduya]].",
    // Many countries.
    "[[Wang Wei]] and [[Li Na]] are tenants.",
    "The contractor [[Zhang Min]] sent a quote.",
    "Contact [[Rajesh Kumar]] or [[Anjali Sharma]].",
    "[[Nguyen Van Minh]] lives next door.",
    "[[Tran Thi Mai]] called the clerk.",
    "[[Chinedu Okeke]] filed an appeal.",
    "[[Ngozi Adeyemi]] paid the fee.",
    "[[Fatima Haddad]] and [[Omar Khalil]] signed.",
    "[[Hiroshi Tanaka]] and [[Yuki Yamamoto]] visited.",
    "[[Klaus Becker]] and [[Anna Kowalska]] wrote in.",
    "[[Piotr Wiśniewski]] asked about the fence.",
    "[[Giulia Bianchi]] sent photographs.",
    "[[Ivan Petrov]] was cited.",
    "[[Mehmet Yılmaz]] is the owner.",
    "[[Sofía Ramírez]] applied on time.",
    "[[Kwame Mensah]] was the driver.",
    "[[Aisha Mohammed]] left a message.",
    "[[Lars Andersson]] rented the hall.",
];

/// Sentences with no person's name in them.
const WITHOUT_NAMES: &[&str] = &[
    "The meeting is in San Jose on Monday.",
    "Santa Clara County sent the invoice.",
    "Offices in Los Angeles and New York are closed.",
    "The Public Works Department repaired the road.",
    "The City Council met on Tuesday.",
    "Wells Fargo Bank holds the deposit.",
    "The crash happened on Olive Avenue near Main St.",
    "Paving on Washington Street starts in June.",
    "We will park the car in the lot.",
    "Will Park the car there?",
    "Mark the date: May 5, 2025.",
    "Grant Hall is closed for repairs.",
    "The Director of Finance approved the budget.",
    "Case 2025-00123 was closed on 03/04/2025.",
    "Permit BP-2024-1187 expires in 2026.",
    "Version 1.2.3 fixed the report.",
    "The ZIP code is 95112.",
    "Total due: $1,234.56 by Friday.",
    "Please review the attached memo and reply.",
    "Order No. 55-1234 was shipped.",
    "Meeting at 10:30 AM in Room 201.",
    "Sincerely,\nThe Parks Team",
    "Thanks,\nCity Clerk's Office",
    "Dear Resident,\nthe water will be off.",
    "Hello World",
    "Dear Sir or Madam,",
    "The Police Chief and the City Manager met.",
    "Green Valley Road is closed.",
    "The Fire Station on Park Avenue opened.",
    "PUBLIC RECORDS REQUEST",
    "The White House issued a statement.",
    "Lincoln Elementary School is closed.",
    "Palo Alto and Mountain View share the service.",
    "Sacramento, California",
    "In March the Planning Commission voted.",
    "The rose garden and the young trees need water.",
    "Best Buy and Home Depot sent invoices.",
    "Human Resources will call you.",
    "Attached is the Annual Report for Fiscal Year 2024.",
    "Bill the account for the repair.",
];

/// A second set, written after the detector's rules were settled and measured once before
/// any change (the figures of that first run are in the report of the change; later fixes
/// are named in the commit messages).
const FRESH_WITH_NAMES: &[&str] = &[
    "Inspector notes: [[Beatriz Oliveira]] refused entry.",
    "The tenant, [[Dmitri Sokolov]], paid in cash.",
    "[[Ewa Zielińska]] asked for the police report.",
    "Minutes taken by [[Kofi Boateng]].",
    "[[Thandiwe Nkosi]] and [[Sipho Dlamini]] objected.",
    "Complainant: [[Nguyễn Thị Lan]]",
    "Complainant: [[Pham Quoc Bao]]",
    "[[Arjun Reddy]] submitted the plans on time.",
    "Signed, [[Meera Iyer]]",
    "[[Chen Jie]] owns the parcel.",
    "[[Liu Yang]] and [[Zhao Lei]] share the lease.",
    "The officer cited [[Takeshi Watanabe]].",
    "[[Sakura Ito]] was the second witness.",
    "[[Gunnar Lindqvist]] called about noise.",
    "[[Aoife Byrne]] emailed twice.",
    "[[Siobhan Kelly]] requested records.",
    "[[Mateus Costa]] filed for a variance.",
    "[[Camila Restrepo]] signed the lease.",
    "[[Alejandro Torres]] paid the citation.",
    "Per [[Ms. Abernathy]], the gate stays open.",
    "[[Dr. Oyelaran]] treated the patient.",
    "Please ask [[Sgt. O'Malley]].",
    "[[Hon. Patricia Delgado-Reyes]] presided.",
    "Hi [[Femi]],\nthe documents are ready.",
    "Dear [[Mr. Yamada]],\nthank you.",
    "Dear [[Dr. Vasquez]]:",
    "Best regards,\n[[Ingrid Halvorsen]]\nSenior Planner",
    "Cheers,\n[[Tomasz]]",
    "Sincerely,\n[[Abdullah Al-Farsi]]",
    "[[Van Nguyen]] was present.",
    "[[Jean-Luc Moreau]] wrote back.",
    "[[Hans-Peter Vogel]] and [[Marie-Claire Dubois]] were invited.",
    "the caller, [[fatima zahra]], hung up.",
    "[[ROBERTO SILVA]] - RESPONDENT",
    "Assigned to [[Kowalski, Marek]].",
    "Prepared by [[Okonkwo, C.]]",
    "Contact [[R. K. Narayan]] at the desk.",
    "[[K. Tanaka]] approved it.",
    "[[Leonardo DiCaprio]] was not involved.",
    "[[Mary-Kate O'Neill]] reported the leak.",
    "[[Yusuf Demir]] and [[Elif Şahin]] were interviewed.",
    "[[Rahul Gupta]] drove the truck.",
    "[[Emeka Nwosu]] paid.",
    "[[Hamid Karimi]] appealed.",
    "[[Ji-woo Park]] filed a claim.",
    "[[Nils Bergström]] owns the boat.",
    "[[Anneliese Schäfer]] answered.",
    "[[Renée Gagnon]] phoned.",
    "[[Björn Åkesson]] left early.",
    "[[Daniela Ferreira]] is the contact.",
];

const FRESH_WITHOUT_NAMES: &[&str] = &[
    "The Board of Supervisors adopted Resolution 2024-17.",
    "Fire Department response times improved in 2023.",
    "The San Francisco Bay Area Rapid Transit District replied.",
    "Traffic on El Camino Real was slow.",
    "Santa Monica Boulevard will be repaved.",
    "Water Quality Control Board letter dated April 2, 2024.",
    "Please send the Excel spreadsheet by Thursday.",
    "The Parks and Recreation Commission met in Room 3.",
    "Invoice #44512 from Pacific Gas and Electric.",
    "Kaiser Permanente billed the city.",
    "Bank of America and Chase closed accounts.",
    "The Golden Gate Bridge was closed.",
    "Our Lady of Peace Church hosts the event.",
    "Martin Luther King Jr. Day is a holiday.",
    "The Planning Division reviewed it.",
    "Call 911 in an emergency.",
    "Best practices for records retention.",
    "Thank you for your patience.",
    "Regards to everyone on the team.",
    "Hope Street and Grace Avenue intersect.",
    "The Rose Bowl parade starts at 8.",
    "Summer camp registration opens in May.",
    "Ocean View Park needs new benches.",
    "General Services Administration (GSA) form 123.",
    "Dear Colleagues,",
    "Hi all,",
    "Thanks,\nPlanning Staff",
    "Sincerely,\nOffice of the City Attorney",
    "Ordinance No. 1234 amends Chapter 5.",
    "Price increases take effect January 1.",
];

/// Spans marked `[[...]]` and the text without the marks.
fn unmark(s: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut names = vec![];
    let mut rest = s;
    while let Some(a) = rest.find("[[") {
        text.push_str(&rest[..a]);
        let b = rest[a..].find("]]").expect("closed mark") + a;
        names.push(rest[a + 2..b].to_string());
        text.push_str(&rest[a + 2..b]);
        rest = &rest[b + 2..];
    }
    text.push_str(rest);
    (text, names)
}

#[test]
fn recall_and_precision_on_the_sanity_set() {
    let (recall, precision, collateral) = measure(WITH_NAMES, WITHOUT_NAMES);
    assert!(recall >= 0.9, "recall {recall:.3}");
    assert!(precision >= 0.9, "precision {precision:.3}");
    assert!(collateral <= 0.05, "collateral {collateral:.3}");
}

#[test]
fn recall_and_precision_on_the_fresh_set() {
    let (recall, precision, collateral) = measure(FRESH_WITH_NAMES, FRESH_WITHOUT_NAMES);
    assert!(recall >= 0.8, "recall {recall:.3}");
    assert!(precision >= 0.8, "precision {precision:.3}");
    assert!(collateral <= 0.1, "collateral {collateral:.3}");
}

/// Recall, exact-span precision and collateral (share of sentences without names where
/// anything is found) on marked sentences and sentences without names; prints the misses.
fn measure(with_names: &[&str], without_names: &[&str]) -> (f64, f64, f64) {
    let (mut expected, mut hit, mut reported, mut wrong) = (0u32, 0u32, 0u32, 0u32);
    let mut misses = vec![];
    for s in with_names {
        let (text, names) = unmark(s);
        let got = people(&text);
        expected += names.len() as u32;
        reported += got.len() as u32;
        for n in &names {
            if got.contains(n) {
                hit += 1;
            } else {
                misses.push(format!("missed {n:?} in {text:?} (got {got:?})"));
            }
        }
        wrong += got.iter().filter(|g| !names.contains(g)).count() as u32;
    }
    let mut collateral = 0;
    for text in without_names {
        let got = people(text);
        if !got.is_empty() {
            collateral += 1;
            misses.push(format!("false {got:?} in {text:?}"));
        }
        reported += got.len() as u32;
        wrong += got.len() as u32;
    }
    let recall = f64::from(hit) / f64::from(expected);
    let precision = f64::from(reported - wrong) / f64::from(reported.max(1));
    let collateral = f64::from(collateral) / without_names.len() as f64;
    println!(
        "person: recall {recall:.3} ({hit}/{expected}), exact-span precision {precision:.3}, collateral {collateral:.3}"
    );
    for m in &misses {
        println!("  {m}");
    }
    (recall, precision, collateral)
}

/// A sweep over a text file named by `NAMES_SWEEP` (not part of the suite: run with
/// `NAMES_SWEEP=file cargo test --release -p redact --test names -- --ignored --nocapture`):
/// prints every name found with its line, and the speed.
#[test]
#[ignore]
fn sweep_a_file() {
    let Ok(path) = std::env::var("NAMES_SWEEP") else {
        return;
    };
    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    // Warm the lists up first: their one-time load is not part of the speed.
    let _ = detect("Maria Lopez", &[Kind::Person], &Known::default());
    let t = std::time::Instant::now();
    let found = detect(&text, &[Kind::Person], &Known::default());
    let secs = t.elapsed().as_secs_f64();
    let chars: Vec<char> = text.chars().collect();
    for (_, s) in &found {
        let a = chars[..s.start]
            .iter()
            .rposition(|&c| c == '\n')
            .map_or(0, |p| p + 1);
        let b = chars[s.end..]
            .iter()
            .position(|&c| c == '\n')
            .map_or(chars.len(), |p| s.end + p);
        let name: String = chars[s.start..s.end].iter().collect();
        let line: String = chars[a..b].iter().collect();
        println!("{name}\t|{}", line.trim());
    }
    println!(
        "{} names in {} bytes, {:.1} MB/s",
        found.len(),
        text.len(),
        text.len() as f64 / secs / 1e6
    );
}

#[test]
fn hard_forms_with_exact_spans() {
    assert_eq!(
        people(
            "Dear maria,\nMr. José Núñez-García and M. A. Gonzalez met Smith, J. and Gonzalez, Maria."
        ),
        vec![
            "maria",
            "Mr. José Núñez-García",
            "M. A. Gonzalez",
            "Smith, J.",
            "Gonzalez, Maria"
        ]
    );
    assert_eq!(
        people("Regards,\nSøren Ødegaard\nCity of Sierra"),
        vec!["Søren Ødegaard"]
    );
    assert_eq!(
        people("WANG WEI, Li Na and Zoë van der Berg signed; Łukasz Nowak's dog barked."),
        vec!["WANG WEI", "Li Na", "Zoë van der Berg", "Łukasz Nowak"]
    );
    // Byte offsets in the detector, characters in the result: accents before a name.
    assert_eq!(people("Café owner Zoë Müller"), vec!["Zoë Müller"]);
}

#[test]
fn look_alikes_are_not_names() {
    for text in [
        "Due 2025-03-04 at 10:30; amount $1,204.50; ZIP 95112; year 1999.",
        "Case No. CV-2024-001187, permit B-1187, order 55/1234, version 2.4.1.",
        "Meeting on Monday, March 3 at City Hall, 200 E. Santa Clara St.",
        "We will park near the mall and mark the date; may rose grant it.",
        "The City Manager, the Public Works Director and the Police Chief agreed.",
        "Los Angeles, New York, San Jose, Santa Clara and Wells Fargo.",
        "Olive Avenue, Main St and Washington Street were closed in June.",
        "RE: FW: PUBLIC RECORDS REQUEST - HR/IT - CA",
        "Will Park and Grant Hall are buildings on campus.",
    ] {
        assert_eq!(people(text), Vec::<String>::new(), "{text}");
    }
}

/// The second fresh set (`data/names-fresh2.jsonl`, made by `data/names-fresh2.py` with its
/// own templates, locales and seed): recall (labels wholly covered by person findings),
/// precision (findings that overlap a label) and collateral (look-alike passages with a
/// finding). Prints the misses.
fn second_fresh_set() -> (f64, f64, f64) {
    const SET: &str = include_str!("data/names-fresh2.jsonl");
    let (mut labels, mut hit, mut found, mut right, mut plain, mut touched) = (0, 0, 0, 0, 0, 0);
    for line in SET.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON object a line");
        let text = v["text"].as_str().expect("text");
        let chars: Vec<char> = text.chars().collect();
        let spans: Vec<(usize, usize)> = v["spans"]
            .as_array()
            .expect("spans")
            .iter()
            .map(|s| {
                let n = |k: &str| s[k].as_u64().expect("offset") as usize;
                (n("start"), n("end"))
            })
            .collect();
        let got: Vec<(usize, usize)> = detect(text, &[Kind::Person], &Known::default())
            .into_iter()
            .map(|(_, s)| (s.start, s.end))
            .collect();
        for &(a, b) in &spans {
            labels += 1;
            let covered = (a..b)
                .all(|i| !chars[i].is_alphanumeric() || got.iter().any(|&(x, y)| x <= i && i < y));
            if covered {
                hit += 1;
            } else {
                let name: String = chars[a..b].iter().collect();
                println!("  missed {name:?} in {text:?}");
            }
        }
        for &(a, b) in &got {
            found += 1;
            if spans.iter().any(|&(x, y)| a < y && x < b) {
                right += 1;
            } else {
                let name: String = chars[a..b].iter().collect();
                println!("  false {name:?} in {text:?}");
            }
        }
        if v["source"].as_str() == Some("nopii") {
            plain += 1;
            touched += usize::from(!got.is_empty());
        }
    }
    let recall = hit as f64 / labels as f64;
    let precision = right as f64 / found.max(1) as f64;
    let collateral = touched as f64 / plain as f64;
    println!(
        "second fresh set: recall {recall:.3} ({hit}/{labels}), precision {precision:.3} \
         ({right}/{found}), collateral {collateral:.3} ({touched}/{plain})"
    );
    (recall, precision, collateral)
}

#[test]
fn the_second_fresh_set() {
    let (recall, precision, collateral) = second_fresh_set();
    // Before the detector was tuned: recall 0.791, precision 0.954, collateral 0.070. Floors:
    // what it does now (0.926, 1.000, 0.000) less 0.03.
    assert!(recall >= 0.89, "recall {recall:.3}");
    assert!(precision >= 0.97, "precision {precision:.3}");
    assert!(collateral <= 0.03, "collateral {collateral:.3}");
}

// One test a form: each fails if that form breaks. Sentences written for these tests.

#[test]
fn form_lowercase_with_an_unlisted_family_name() {
    assert_eq!(
        people("The complaint was phoned in by francesca brambillotti."),
        vec!["francesca brambillotti"]
    );
}

#[test]
fn form_all_caps_with_an_unlisted_family_name() {
    assert_eq!(
        people("Complainant: GRETA VOSSENKUHLER\nUnit 4"),
        vec!["GRETA VOSSENKUHLER"]
    );
}

#[test]
fn form_last_first_after_context() {
    assert_eq!(
        people("Prepared by Lindqvist, Maren."),
        vec!["Lindqvist, Maren"]
    );
    assert_eq!(
        people("Kind regards,\nOyelaran, Tunde\nSenior Clerk"),
        vec!["Oyelaran, Tunde"]
    );
}

#[test]
fn form_initials() {
    assert_eq!(people("Approved: T. R. Vasquez"), vec!["T. R. Vasquez"]);
}

#[test]
fn form_titles_of_many_languages() {
    assert_eq!(
        people("Pani Wróblewska złożyła wniosek."),
        vec!["Pani Wróblewska"]
    );
    assert_eq!(people("Bayan Karaduman aradı."), vec!["Bayan Karaduman"]);
    assert_eq!(people("Geachte mevr. Bakker,"), vec!["mevr. Bakker"]);
    assert_eq!(
        people("Herr Dr. Oberhuber kam."),
        vec!["Herr Dr. Oberhuber"]
    );
}

#[test]
fn form_two_word_greetings() {
    assert_eq!(people("Buenos días Ramiro,\ngracias."), vec!["Ramiro"]);
    assert_eq!(people("Good morning Kwabena,\nsee below."), vec!["Kwabena"]);
    assert_eq!(people("Cześć Agnieszka,\ndziękuję."), vec!["Agnieszka"]);
}

#[test]
fn form_signature_in_lowercase() {
    assert_eq!(
        people("Thanks,\nmarisol quintanilla\n"),
        vec!["marisol quintanilla"]
    );
}

#[test]
fn form_name_fields() {
    assert_eq!(
        people("first_name,Zdeňka\nlast_name,Hrubešová\n"),
        vec!["Zdeňka", "Hrubešová"]
    );
    assert_eq!(
        people("Full name: Ebere Chukwuemeka"),
        vec!["Ebere Chukwuemeka"]
    );
}

#[test]
fn form_from_header() {
    assert_eq!(
        people("From: Ingeborg Walstad <iw@example.org>"),
        vec!["Ingeborg Walstad"]
    );
}

#[test]
fn form_cue_words() {
    assert_eq!(
        people("Please contact Tadeusz Wrzesniewski before noon."),
        vec!["Tadeusz Wrzesniewski"]
    );
}

#[test]
fn form_lists_of_names() {
    assert_eq!(
        people("Present: Halvorsen, Kari; Nilsen, Pål and Aasen, Liv."),
        vec!["Halvorsen, Kari", "Nilsen, Pål", "Aasen, Liv"]
    );
}

#[test]
fn form_family_name_first_in_capitals() {
    assert_eq!(
        people("Visitor SUZUKI Haruto signed in."),
        vec!["SUZUKI Haruto"]
    );
}

#[test]
fn form_a_name_that_is_also_a_place() {
    assert_eq!(
        people("Gloria Houston paid the fee."),
        vec!["Gloria Houston"]
    );
}

#[test]
fn look_alikes_named_after_people_and_firms() {
    for text in [
        "The Thurgood Marshall Recreation Center reopened.",
        "Work on Cesar Chavez Jr. Boulevard ends in May.",
        "Pierce, Lyman and Holt won the bid.",
        "Andersson Lindgren AB won the tender.",
        "Sampaio Leite Lda. sent the invoice.",
        "Rossi Bianchi S.R.L. restored the roof.",
        "Dear Neighbour,\nthe road is closed.",
        "The Deputy Fire Chief spoke first.",
        "Subject: Shasta Lake review",
        "Resurfacing of Tanya Lane starts Monday.",
    ] {
        assert_eq!(people(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn form_initials_before_a_place_word() {
    assert_eq!(people("The refund went to G. Hall today."), vec!["G. Hall"]);
    assert_eq!(people("Signed by A. Franklin."), vec!["A. Franklin"]);
}

#[test]
fn form_a_given_name_that_abbreviates_a_month() {
    assert_eq!(people("Hi Jun,\nthe form is ready."), vec!["Jun"]);
}

#[test]
fn look_alikes_firms_and_streets_of_other_languages() {
    for text in [
        "Robledo y Madera won the bid.",
        "Saarela Lindroos Ky sent the invoice.",
        "The Ronda de Lucía Herrero is closed.",
        "Paving of Calle Rosa Montes starts soon.",
        "Nowak Sp. z o.o. delivered the pipes.",
    ] {
        assert_eq!(people(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn form_a_short_family_name_in_capitals_and_a_name_that_is_a_title() {
    assert_eq!(people("FU Ming paid the deposit."), vec!["FU Ming"]);
    assert_eq!(people("Yang Pan of Shenzhen wrote."), vec!["Yang Pan"]);
    assert_eq!(
        people("Pan Wróblewski złożył wniosek."),
        vec!["Pan Wróblewski"]
    );
    assert_eq!(
        people("The HR Director and the IT Manager met."),
        Vec::<String>::new()
    );
}

#[test]
fn form_per_as_a_given_name() {
    assert_eq!(
        people("It was reported by Per Andersson."),
        vec!["Per Andersson"]
    );
    assert_eq!(
        people("Per Section 4, the fee is due."),
        Vec::<String>::new()
    );
}

#[test]
fn form_a_middle_initial_between_unlisted_names() {
    assert_eq!(
        people("The card was filled in by Ozlem K. Tasdelenci."),
        vec!["Ozlem K. Tasdelenci"]
    );
}

#[test]
fn form_last_first_with_a_particle_or_a_place_name() {
    assert_eq!(
        people("Refund issued to de Vries, Anouk today."),
        vec!["de Vries, Anouk"]
    );
    assert_eq!(
        people("Regards,\nJones, Harriet\nClerk"),
        vec!["Jones, Harriet"]
    );
}

#[test]
fn form_particles_in_capitals() {
    assert_eq!(
        people("Call log: ANA DOS SANTOS called twice."),
        vec!["ANA DOS SANTOS"]
    );
}

#[test]
fn form_a_name_before_a_code_in_capitals() {
    assert_eq!(people("Gloria Estrada EGEP\n"), vec!["Gloria Estrada"]);
}

/// The na2 fresh set (`data/na2-fresh.jsonl`, made by `data/na2-fresh.py`: Turkish, Indian,
/// Dutch, Vietnamese, Polish and pinyin names in many forms, addresses, and look-alikes such
/// as firms and places named after people): recall on its person labels, precision of the
/// person findings, collateral on its look-alike passages. Prints the misses.
fn na2_fresh_set() -> (f64, f64, f64) {
    const SET: &str = include_str!("data/na2-fresh.jsonl");
    let (mut labels, mut hit, mut found, mut right, mut plain, mut touched) = (0, 0, 0, 0, 0, 0);
    for line in SET.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON object a line");
        let text = v["text"].as_str().expect("text");
        let chars: Vec<char> = text.chars().collect();
        let spans: Vec<(usize, usize)> = v["spans"]
            .as_array()
            .expect("spans")
            .iter()
            .filter(|s| s["kind"].as_str() == Some("person"))
            .map(|s| {
                let n = |k: &str| s[k].as_u64().expect("offset") as usize;
                (n("start"), n("end"))
            })
            .collect();
        let got: Vec<(usize, usize)> = detect(text, &[Kind::Person], &Known::default())
            .into_iter()
            .map(|(_, s)| (s.start, s.end))
            .collect();
        for &(a, b) in &spans {
            labels += 1;
            let covered = (a..b)
                .all(|i| !chars[i].is_alphanumeric() || got.iter().any(|&(x, y)| x <= i && i < y));
            if covered {
                hit += 1;
            } else {
                let name: String = chars[a..b].iter().collect();
                println!("  missed {name:?} in {text:?}");
            }
        }
        for &(a, b) in &got {
            found += 1;
            if spans.iter().any(|&(x, y)| a < y && x < b) {
                right += 1;
            } else {
                let name: String = chars[a..b].iter().collect();
                println!("  false {name:?} in {text:?}");
            }
        }
        if v["source"].as_str() == Some("nopii") {
            plain += 1;
            touched += usize::from(!got.is_empty());
        }
    }
    let recall = hit as f64 / labels as f64;
    let precision = right as f64 / found.max(1) as f64;
    let collateral = touched as f64 / plain as f64;
    println!(
        "na2 fresh set: recall {recall:.3} ({hit}/{labels}), precision {precision:.3} \
         ({right}/{found}), collateral {collateral:.3} ({touched}/{plain})"
    );
    (recall, precision, collateral)
}

#[test]
fn the_na2_fresh_set() {
    let (recall, precision, collateral) = na2_fresh_set();
    // Before: recall 0.758, precision 0.708, collateral 0.306. Now 0.857, 0.967, 0.000;
    // floors are that less 0.03 (precision counts person findings inside addresses).
    assert!(recall >= 0.82, "recall {recall:.3}");
    assert!(precision >= 0.93, "precision {precision:.3}");
    assert!(collateral <= 0.02, "collateral {collateral:.3}");
}

// na2 forms: one test a form (found) and a look-alike (not found). Sentences written here.

#[test]
fn form_turkish_letters() {
    assert_eq!(
        people("The permit was signed by Ayşe Yılmaz."),
        vec!["Ayşe Yılmaz"]
    );
    assert_eq!(
        people("Spoke with MEHMET ÖZTÜRK on Monday."),
        vec!["MEHMET ÖZTÜRK"]
    );
    assert_eq!(
        people("According to Gülnaziye Kılıç, the gate was open."),
        vec!["Gülnaziye Kılıç"]
    );
}

#[test]
fn form_turkish_last_first() {
    assert_eq!(people("Owner: Yılmaz, Ayşe\nUnit 4"), vec!["Yılmaz, Ayşe"]);
}

#[test]
fn form_lowercase_last_first_in_a_field() {
    assert_eq!(
        people("Name: yilmaz, ayse\nStatus: open"),
        vec!["yilmaz, ayse"]
    );
    assert_eq!(people("witness: rzeszut, marcin"), vec!["rzeszut, marcin"]);
}

#[test]
fn form_lowercase_unlisted_pair_after_a_person_field() {
    assert_eq!(
        people("witness: kyano chrodtrud\n"),
        vec!["kyano chrodtrud"]
    );
}

#[test]
fn form_vietnamese_family_name_first() {
    assert_eq!(
        people("We received a call from Nguyễn Văn An."),
        vec!["Nguyễn Văn An"]
    );
    assert_eq!(
        people("Spoke with Phạm An about the leak."),
        vec!["Phạm An"]
    );
    assert_eq!(people("Best wishes,\nVŨ BẢO\nFinance"), vec!["VŨ BẢO"]);
    assert_eq!(
        people("contact person: nguyễn hải nhật\n"),
        vec!["nguyễn hải nhật"]
    );
    assert_eq!(
        people("Please call nguyen van an today."),
        vec!["nguyen van an"]
    );
}

#[test]
fn form_polish_endings() {
    assert_eq!(
        people("Interviewed Tobiasz Wiśniewski."),
        vec!["Tobiasz Wiśniewski"]
    );
    assert_eq!(
        people("Mevrouw Płoskonka will attend."),
        vec!["Mevrouw Płoskonka"]
    );
}

#[test]
fn form_dutch_particles() {
    assert_eq!(
        people("The deed names Jan van der Berg as owner."),
        vec!["Jan van der Berg"]
    );
    assert_eq!(people("Meneer Kwasek called back."), vec!["Meneer Kwasek"]);
}

#[test]
fn look_alikes_firms_named_like_people() {
    for text in [
        "Morgan Stanley won the tender.",
        "The account moved from Charles Schwab to Edward Jones.",
        "Harris Teeter sent the invoice.",
        "Goldman Sachs is the trustee.",
        "Lockheed Martin filed a claim.",
        "Johnson & Johnson and Procter & Gamble sponsor the fair.",
        "Ernst & Young audited the fund.",
        "Ralph Lauren opened a store.",
    ] {
        assert_eq!(people(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn look_alikes_places_named_after_people() {
    for text in [
        "The march ends at Place Charles de Gaulle on Sunday.",
        "Meet at Avenida Adolfo López Mateos.",
        "Flights from Aéroport Charles de Gaulle at 9.",
        "Traffic on Stadion Józefa Piłsudskiego until Friday.",
        "Roadworks on Sabiha Gökçen Havalimanı until Friday.",
    ] {
        assert_eq!(people(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn look_alikes_streets_and_wards_of_other_languages() {
    for text in [
        "Kızılay Mah. Yaman Sok. No. 14 was inspected.",
        "She lives at Tōkyō-to Minato-ku Roppongi 6-10-1.",
        "Deliver to 3-21-3 Umeda, Kita-ku, Osaka 530-8874.",
        "The office is on Anna Salai, Chennai.",
        "Trần Vũ Công ty TNHH won the bid.",
    ] {
        assert_eq!(people(text), Vec::<String>::new(), "{text}");
    }
}

/// Speed on mixed text (release build): `cargo test --release -p redact --test names --
/// --ignored --nocapture speed`. Ignored by default: timings on a shared machine are noisy.
#[test]
#[ignore]
fn speed_on_mixed_text() {
    let block = "Dear neighbours, the meeting on 11/03/2025 at 10:30 in Room 204 discussed 3 Oak trees.\n\
Please write to 1234 Main St, Apt 5, Sacramento, CA 95814 or Via Roma 12, 00184 Roma.\n\
Invoice 4471 for $1,250.00 was paid to Morgan Stanley; Place Charles de Gaulle is closed.\n\
Plain prose without any name at all, as most of a record is, goes on for a while here.\n\
Present: yilmaz, ayse; Nguyễn Văn An; Jan van der Berg and MEHMET ÖZTÜRK.\n\
Kızılay Mah. Yaman Sok. No. 14, Çankaya and 1-2-3 Nishi-Shinjuku, Shinjuku-ku, said Ms Lee.\n";
    let text = block.repeat(20_000);
    // Warm the lists up first: their one-time load is not part of the speed.
    let _ = detect("Maria Gonzalez", &[Kind::Person], &Known::default());
    let start = std::time::Instant::now();
    let n = detect(&text, &[Kind::Person], &Known::default()).len();
    let secs = start.elapsed().as_secs_f64();
    let mb = text.len() as f64 / 1e6;
    println!(
        "names: {mb:.1} MB in {secs:.2} s = {:.1} MB/s, {n} found",
        mb / secs
    );
    assert!(mb / secs >= 8.0, "person detector below 8 MB/s");
}

#[test]
fn form_unlisted_names_after_attendees() {
    assert_eq!(
        people("Attendees: Nursim Akçay; Konguralp Yaman"),
        vec!["Nursim Akçay", "Konguralp Yaman"]
    );
}

#[test]
fn look_alike_a_polish_foundation_named_after_people() {
    assert_eq!(
        people("The project by Fundacja Krakowczyk-Marchlewicz i syn s.c. was approved."),
        Vec::<String>::new()
    );
}
