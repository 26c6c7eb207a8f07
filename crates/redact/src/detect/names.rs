//! People's names in free text, from any country and in any case.
//!
//! How: the text is cut once into word tokens (letters of any script, with inner `'`, `’`
//! and `-`; a lone capital with its full stop is an initial). Each token is looked up in
//! hash maps built at first use: the lists under `data/` (given names, family names, other
//! names; and English words with how common they are — see `data/README.md` for their
//! sources and licences) and the small word lists below (titles, greetings, cue words,
//! street, place and company words). Runs of adjacent name-like tokens (same line, one space
//! apart, capitalised, all caps or all lowercase, with initials and particles such as `van
//! der`, `de la`, `bin` inside) are then judged by their context:
//!
//! - strong context — after a title (`Mr.`, `Dr`, `Frau`, `Mme`, `Sra.`, `Pan`, `Pani`,
//!   `Bayan`, `dhr.`…), a greeting (`Dear`, `Hi`, `Cześć`, `Good morning`, `Buenos días` at a
//!   line's start), as the value of a name field (`Name:`, `last_name,`, `Nachname:`) or as
//!   the first line after a closing (`Regards,`, `Thanks,`…): any capitalised or all-caps
//!   run, a lowercase run with a listed name, `Last, First` with unlisted parts;
//! - a cue — after a word a name often follows (`from`, `by`, `called`, `contact`,
//!   `signed`, `tenant,`), a role field (`From:`, `To:`, `Tenant:`), a colon or dash
//!   (`Call log — `), or right after another name in a list (`A, B and C`): besides the
//!   rules without context, two or three name words of which one is a listed name and the
//!   rest unknown words (`laurent raynaud`, `ELLA HAKKARAINEN`), or after a word that comes
//!   before people only, unknown capitalised words alone (`contact Harjaya Pranowo`);
//! - without context: two or more tokens that are all listed names, at least one of them
//!   not an everyday English word (`Maria Lopez`, `JOHN SMITH`, `Wang Wei`; not `Will Park`);
//!   a listed name beside one unknown word (`Maria Xochitlzin`, `ELLA HAKKARAINEN`); an
//!   all-caps family name before given names (`YAMADA Taro`); initials before a listed name
//!   (`J. Smith`, `M. A. Gonzalez`); `Family, Given` (`Gonzalez, Maria`, `Smith, J.`); two
//!   lowercase names that are no English words (`maria gonzalez`).
//!
//! Runs that start after a place prefix (`San`, `Santa`, `Rua`, `Av`…), that end before a
//! street, organisation or company word (`Avenue`, `Bank`, `Council`, `GmbH`, `S.L.`, `&
//! Partner`) even past `Jr.` and a word or two (`Martin Luther King Jr. Boulevard`, `Eleanor
//! Roosevelt Community Center`), job titles (`Chief Fire Marshal`), greetings of groups
//! (`Dear Neighbour`) and runs holding a month, a day or two states, places or brands are
//! not names; one place word beside plain listed names is (`Timothy Washington`).
//!
//! Confidence: title 0.95, greeting 0.9, field or signature 0.85, all-listed pairs 0.7–0.85,
//! `Family, Given` 0.7, initials 0.75, a cue 0.6, one unknown word 0.55, lowercase pairs 0.5.

use std::collections::HashMap;
use std::sync::LazyLock;

const GIVEN_LIST: &str = include_str!("../../data/given.txt");
const FAMILY_LIST: &str = include_str!("../../data/family.txt");
const OTHER_LIST: &str = include_str!("../../data/other_names.txt");
const WORDS_LIST: &str = include_str!("../../data/words.txt");

/// Flags of a lexicon entry.
const GIVEN: u8 = 1;
const FAMILY: u8 = 2;
const OTHER: u8 = 4;
const ANY_NAME: u8 = GIVEN | FAMILY | OTHER;

/// Confidence of each kind of evidence.
const SCORE_TITLE: f32 = 0.95;
const SCORE_GREETING: f32 = 0.9;
const SCORE_SIGNATURE: f32 = 0.85;
const SCORE_LISTED_STRONG: f32 = 0.85;
const SCORE_LISTED_AMBIGUOUS: f32 = 0.7;
const SCORE_LISTED_WEAK: f32 = 0.6;
const SCORE_INITIALS: f32 = 0.75;
const SCORE_FAMILY_GIVEN: f32 = 0.7;
const SCORE_ONE_UNKNOWN: f32 = 0.55;
const SCORE_LOWERCASE: f32 = 0.5;

/// At most this many name tokens in one name (longer capitalised runs are headings).
const MAX_CORES: usize = 4;
/// Lowercase names without context must be at least this long (no `li na` in prose).
const MIN_LOWER_LEN: usize = 3;
/// Lines after a closing (`Regards,`) searched for the signature's name.
const SIGNATURE_LINES: usize = 2;

/// Honorifics and ranks before a name; the span includes them (`Mr. Haddad`).
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sgt",
    "sergeant",
    "officer",
    "det",
    "detective",
    "hon",
    "judge",
    "justice",
    "capt",
    "captain",
    "lt",
    "lieutenant",
    "cpl",
    "corporal",
    "herr",
    "frau",
    "mme",
    "mlle",
    "madame",
    "mademoiselle",
    "monsieur",
    "sr",
    "sra",
    "srta",
    "señor",
    "señora",
    "señorita",
    "senor",
    "senora",
    "dott",
    "dottssa",
    "dra",
    "rev",
    "reverend",
    "mayor",
    "councilmember",
    "councilwoman",
    "councilman",
    "commissioner",
    "supervisor",
    "sheriff",
    "deputy",
    "inspector",
    "chief",
    "senator",
    "sen",
    "rep",
    "assemblymember",
    "governor",
    "gov",
    "pastor",
    "father",
    "sister",
    "brother",
    "dame",
    "sir",
    "lord",
    "lady",
    "sheikh",
    "shri",
    "smt",
    "dhr",
    "mevr",
    "mevrouw",
    "meneer",
    "mw",
    "pan",
    "pani",
    "bay",
    "bayan",
    "sig",
    "avv",
    "lic",
    "ing",
    "mgr",
    "councillor",
    "alderman",
    "alderwoman",
];
/// Titles written with a full stop that belongs to them (`Mr.`, `Dott.`).
const ABBREVIATED_TITLES: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "sgt", "det", "hon", "capt", "lt", "cpl", "mme", "mlle",
    "sr", "sra", "srta", "dott", "dra", "rev", "sen", "rep", "gov", "smt", "dhr", "mevr", "mw",
    "sig", "avv", "lic", "ing", "mgr",
];
/// Titles that are everyday words and so need a capital (`Officer Diaz`, not `the officer`).
const CAPITAL_ONLY_TITLES: &[&str] = &[
    "miss",
    "officer",
    "judge",
    "justice",
    "captain",
    "chief",
    "deputy",
    "inspector",
    "supervisor",
    "mayor",
    "father",
    "sister",
    "brother",
    "dame",
    "sir",
    "lord",
    "lady",
    "pastor",
    "sheriff",
    "commissioner",
    "detective",
    "sergeant",
    "lieutenant",
    "corporal",
    "professor",
    "governor",
    "senator",
    "reverend",
    "madame",
    "justice",
    "pan",
    "bay",
    "councillor",
    "alderman",
    "ing",
    "mw",
];
/// Titles that are also job words (`Chief`, `Officer`): after them two everyday words are a
/// job, not a name (`Chief Fire Marshal`).
const JOB_TITLES: &[&str] = &[
    "officer",
    "judge",
    "justice",
    "captain",
    "chief",
    "deputy",
    "inspector",
    "supervisor",
    "mayor",
    "commissioner",
    "detective",
    "sergeant",
    "lieutenant",
    "corporal",
    "professor",
    "governor",
    "senator",
    "councilmember",
    "councillor",
    "sheriff",
];
/// Words opening a greeting line.
const GREETINGS: &[&str] = &[
    "dear",
    "hi",
    "hello",
    "hey",
    "greetings",
    "attn",
    "attention",
    "hola",
    "bonjour",
    "hallo",
    "ciao",
    "estimado",
    "estimada",
    "liebe",
    "lieber",
    "cher",
    "chère",
    "caro",
    "cara",
    "cześć",
    "witam",
    "beste",
    "geachte",
    "gentile",
    "prezado",
    "prezada",
    "olá",
    "buongiorno",
    "salut",
    "hej",
    "hei",
    "moi",
    "merhaba",
    "sayın",
    "szanowny",
    "szanowna",
    "vážený",
    "vážená",
    "ahoj",
    "kedves",
    "bună",
    "dragă",
    "morning",
    "afternoon",
    "evening",
    "días",
    "dias",
    "tardes",
    "dia",
    "tarde",
    "geehrte",
    "geehrter",
];
/// Words greeting a group or a role, not a person (`Dear Neighbour`, `Hi all`).
const GREETED_GROUPS: &[&str] = &[
    "neighbour",
    "neighbours",
    "neighbor",
    "neighbors",
    "colleague",
    "colleagues",
    "customer",
    "customers",
    "resident",
    "residents",
    "member",
    "members",
    "friend",
    "friends",
    "all",
    "everyone",
    "everybody",
    "team",
    "sir",
    "madam",
    "applicant",
    "applicants",
    "parent",
    "parents",
    "guardian",
    "guardians",
    "client",
    "clients",
    "partner",
    "partners",
    "patron",
    "patrons",
    "visitor",
    "visitors",
    "tenant",
    "tenants",
    "owner",
    "owners",
    "homeowner",
    "homeowners",
    "participant",
    "participants",
    "volunteer",
    "volunteers",
    "student",
    "students",
    "supplier",
    "suppliers",
    "contractor",
    "contractors",
    "colleges",
    "folks",
    "there",
    "requester",
    "requestor",
    "reader",
    "readers",
    "council",
    "committee",
    "board",
];
/// Greeting words that greet only after an opener (`Good morning`, not `morning` alone).
const GREETING_SECONDS: &[&str] = &[
    "morning",
    "afternoon",
    "evening",
    "días",
    "dias",
    "tardes",
    "dia",
    "tarde",
    "geehrte",
    "geehrter",
];
/// Words before a greeting word that start the greeting (`Good morning`, `Buenos días`).
const GREETING_OPENERS: &[&str] = &["good", "buenos", "buenas", "bom", "boa", "sehr"];
/// Field names whose value is a person's name (`Name:`, `last_name,`): the value may be any
/// name-like words, as after a title.
const NAME_FIELDS: &[&str] = &[
    "name",
    "names",
    "full name",
    "fullname",
    "first name",
    "firstname",
    "last name",
    "lastname",
    "given name",
    "given names",
    "middle name",
    "surname",
    "family name",
    "maiden name",
    "nombre",
    "nombres",
    "apellido",
    "apellidos",
    "nom",
    "prénom",
    "prenom",
    "nome",
    "cognome",
    "vorname",
    "nachname",
    "naam",
    "voornaam",
    "achternaam",
    "imię",
    "imie",
    "nazwisko",
    "jméno",
    "příjmení",
    "ad",
    "adı",
    "soyad",
    "soyadı",
    "navn",
    "fornavn",
    "efternavn",
    "etternavn",
    "namn",
    "förnamn",
    "efternamn",
    "nimi",
    "etunimi",
    "sukunimi",
];
/// Field names whose value is often a person's name, sometimes an organisation's (`From:`,
/// `Tenant:`): the value is judged as after a cue word.
const ROLE_FIELDS: &[&str] = &[
    "from",
    "to",
    "cc",
    "bcc",
    "attn",
    "attention",
    "contact",
    "contact person",
    "applicant",
    "owner",
    "tenant",
    "landlord",
    "requester",
    "requestor",
    "complainant",
    "respondent",
    "witness",
    "driver",
    "renter",
    "operator",
    "employee",
    "patient",
    "client",
    "party",
    "author",
    "signed",
    "signature",
    "signed by",
    "prepared by",
    "reviewed by",
    "submitted by",
    "approved by",
    "reported by",
    "attendees",
    "present",
    "in attendance",
    "caller",
    "resident",
    "occupant",
    "victim",
    "suspect",
    "defendant",
    "plaintiff",
    "petitioner",
    "claimant",
    "guardian",
    "sender",
    "recipient",
    "account holder",
    "payee",
    "beneficiary",
];
/// Words after which a name is likely (`called`, `contact`, `from`, `signed`): they let
/// lowercase and all-caps names with an unlisted word through.
const CUES: &[&str] = &[
    "from",
    "by",
    "for",
    "to",
    "called",
    "contact",
    "contacted",
    "signed",
    "named",
    "per",
    "cc",
    "attn",
    "tenant",
    "owner",
    "landlord",
    "witness",
    "applicant",
    "driver",
    "visitor",
    "patient",
    "party",
    "holder",
    "resident",
    "complainant",
    "caller",
    "interviewed",
    "employee",
    "client",
    "participant",
    "inspector",
    "officer",
    "neighbour",
    "neighbor",
    "mr",
    "ms",
    "mrs",
    "dr",
    "operator",
    "renter",
    "buyer",
    "seller",
    "payee",
    "guest",
    "occupant",
    "claimant",
    "defendant",
    "plaintiff",
    "petitioner",
    "respondent",
    "victim",
    "suspect",
];
/// Words joining two names in a list (`Ana Ruiz and Li Na`).
const LIST_JOINERS: &[&str] = &[
    "and", "or", "und", "et", "y", "e", "i", "og", "och", "en", "ve", "a",
];
/// Company forms after a name (`Bengtsson Westerberg HB`, `Rossi SpA`).
const COMPANY_FORMS: &[&str] = &[
    "hb", "ab", "as", "asa", "aps", "oy", "oyj", "sa", "sl", "srl", "spa", "sas", "sarl", "bv",
    "nv", "kg", "gmbh", "ag", "ohg", "se", "kft", "zrt", "ltda", "cv", "tbk", "sro", "doo", "sc",
    "spółka", "sp", "lda", "ky", "llc", "inc", "ltd", "plc", "pty", "lp", "llp", "pllc",
];
/// Lines closing a message: the next line is the sender's name.
const CLOSINGS: &[&str] = &[
    "regards",
    "best regards",
    "kind regards",
    "warm regards",
    "warmest regards",
    "sincerely",
    "sincerely yours",
    "yours sincerely",
    "yours truly",
    "respectfully",
    "respectfully yours",
    "thanks",
    "thank you",
    "thanks again",
    "many thanks",
    "best",
    "best wishes",
    "cheers",
    "cordially",
    "take care",
    "with thanks",
    "all the best",
    "saludos",
    "atentamente",
    "mit freundlichen grüßen",
    "cordialement",
    "cordiali saluti",
    "-",
    "--",
];
/// Surname particles: inside a name, not names on their own.
const PARTICLES: &[&str] = &[
    "van", "der", "den", "de", "del", "della", "dela", "la", "le", "von", "zu", "bin", "binti",
    "bint", "ibn", "al", "el", "da", "das", "dos", "di", "du", "ter", "ten", "abu", "ben", "st",
    "jr",
];
/// Particles that open a family name even when capitalised at its start (not `El`, `La`,
/// `St`, which open place names: `El Camino`, `La Jolla`).
const NAME_PARTICLES: &[&str] = &[
    "van", "von", "de", "da", "di", "du", "al", "bin", "ben", "abu", "ibn", "der", "ter",
];
/// Prefixes whose names are places (`San Jose`, `Los Angeles`, `New York`).
const PLACE_PREFIXES: &[&str] = &[
    "san",
    "des",
    "santa",
    "santo",
    "los",
    "las",
    "new",
    "fort",
    "ft",
    "mount",
    "mt",
    "port",
    "saint",
    "st",
    "lake",
    "el",
    "la",
    "del",
    "palo",
    "costa",
    "rancho",
    "point",
    "glen",
    "city",
    "county",
    "state",
    "university",
    "college",
    "são",
    "sao",
    "av",
    "avda",
    "avenida",
    "rua",
    "calle",
    "carrer",
    "via",
    "viale",
    "piazza",
    "rue",
    "ul",
    "ulica",
    "aleja",
    "alameda",
    "travessa",
    "estrada",
    "largo",
    "praça",
    "praca",
    "corso",
    "vicolo",
    "plac",
    "camino",
    "paseo",
    "sankt",
    "bad",
    "buenos",
    "corpus",
    "peatonal",
    "callejón",
    "andador",
    "vial",
    "urbanización",
    "ronda",
    "calzada",
    "cerrada",
    "privada",
    "circuito",
    "prolongación",
    "retorno",
    "norte",
    "sur",
    "pasaje",
    "glorieta",
    "cuesta",
    "camí",
    "passeig",
    "stadion",
    "estadio",
    "aeropuerto",
    "aéroport",
    "aeroporto",
    "lotnisko",
    "gare",
    "quai",
    "parc",
    "parque",
    "estación",
    "boulevard",
    "bd",
    "bulevar",
    "fundacja",
    "stowarzyszenie",
    "spółdzielnia",
    "vakfı",
    "derneği",
];

/// Words that name a place when they come before a name (`Place Charles de Gaulle`,
/// `Station Amsterdam`), though they end places in English (`Oak Place`).
const LEADING_PLACE_WORDS: &[&str] = &["place", "plaza", "station", "stadium", "square"];

/// Organisations named like people (two names, or two names joined by `&`): never a
/// person's name, whatever the context. Lowercase, one space between words.
const FIRMS: &[&str] = &[
    "morgan stanley",
    "goldman sachs",
    "charles schwab",
    "harris teeter",
    "wells fargo",
    "lockheed martin",
    "merrill lynch",
    "dean witter",
    "edward jones",
    "raymond james",
    "ralph lauren",
    "calvin klein",
    "tommy hilfiger",
    "estee lauder",
    "estée lauder",
    "kimberly clark",
    "sherwin williams",
    "baker mckenzie",
    "baker hughes",
    "arthur andersen",
    "price waterhouse",
    "booz allen",
    "pitney bowes",
    "hewlett packard",
    "harley davidson",
    "rolls royce",
    "martin marietta",
    "john deere",
    "john lewis",
    "william hill",
    "thomas cook",
    "ted baker",
    "paul smith",
    "hugo boss",
    "walt disney",
    "dow jones",
    "charles river",
    "johnson & johnson",
    "ernst & young",
    "procter & gamble",
    "marks & spencer",
    "barnes & noble",
    "smith & wesson",
    "sullivan & cromwell",
    "jones lang lasalle",
];
/// Words that end the names of streets and organisations (`Olive Avenue`, `Wells Fargo Bank`).
const PLACE_SUFFIXES: &[&str] = &[
    "mah",
    "mahallesi",
    "sok",
    "sokak",
    "sokağı",
    "sk",
    "cad",
    "cd",
    "caddesi",
    "bulvarı",
    "blv",
    "marg",
    "nagar",
    "salai",
    "havalimanı",
    "apartments",
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "boulevard",
    "blvd",
    "lane",
    "ln",
    "drive",
    "dr",
    "way",
    "court",
    "ct",
    "place",
    "pl",
    "terrace",
    "ter",
    "parkway",
    "pkwy",
    "highway",
    "hwy",
    "circle",
    "cir",
    "alley",
    "plaza",
    "square",
    "sq",
    "trail",
    "trl",
    "inc",
    "llc",
    "llp",
    "ltd",
    "corp",
    "corporation",
    "co",
    "company",
    "group",
    "bank",
    "university",
    "college",
    "school",
    "academy",
    "hospital",
    "center",
    "centre",
    "library",
    "department",
    "dept",
    "council",
    "committee",
    "commission",
    "board",
    "county",
    "city",
    "hall",
    "church",
    "institute",
    "foundation",
    "association",
    "partners",
    "associates",
    "museum",
    "park",
    "airport",
    "station",
    "district",
    "office",
    "services",
    "agency",
    "clinic",
    "building",
    "tower",
    "bridge",
    "river",
    "valley",
    "heights",
    "hills",
    "beach",
    "island",
    "creek",
    "mesa",
    "springs",
    "works",
    "elementary",
    "high",
    "middle",
    "memorial",
    "stadium",
    "mall",
    "hotel",
    "restaurant",
    "cafe",
    "law",
    "firm",
    "pc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "ranch",
    "farm",
    "farms",
    "market",
    "markets",
    "tax",
    "area",
    "army",
    "navy",
    "team",
    "pipeline",
    "energy",
    "gas",
    "power",
    "oil",
    "capital",
    "trust",
    "fund",
    "insurance",
    "holdings",
    "international",
    "industries",
    "systems",
    "solutions",
    "technologies",
    "communications",
    "news",
    "times",
    "post",
    "journal",
    "press",
    "tribune",
    "review",
    "hill",
    "hills",
    "field",
    "fields",
    "brook",
    "temple",
    "banks",
    "wells",
    "bowl",
    "gate",
    "community",
    "recreation",
    "medical",
    "garden",
    "gardens",
    "day",
    "lakes",
    "pool",
    "lake",
];
/// Of [`PLACE_SUFFIXES`], those that are also common family names: a name when a title,
/// greeting or closing says so, or when not last (`Hall` in `Mr. Hall`, `Park Min-jun`).
const SURNAME_SUFFIXES: &[&str] = &[
    "hall", "park", "beach", "hill", "hills", "field", "fields", "brook", "banks", "wells", "day",
    "lake", "marsh", "ford", "wood", "woods", "post", "price", "law", "press", "snow", "lane",
    "way", "court",
];
/// Of [`SURNAME_SUFFIXES`], those that end street names: never last in a name without
/// context (`Sara Lane` is a street), but names after a title or in a signature.
const STREET_SURNAMES: &[&str] = &["lane", "way", "court", "ford", "wood", "woods", "field"];
/// Function words that some list gives as a name (`In`, `The`, `An`): never names.
const FUNCTION_WORDS: &[&str] = &[
    "the", "in", "on", "at", "of", "and", "or", "to", "for", "with", "by", "from", "as", "is",
    "are", "be", "an", "my", "our", "your", "his", "her", "its", "we", "you", "he", "she", "it",
    "they", "no", "not", "so", "if", "but", "all", "any", "per", "via", "this", "that", "these",
    "those", "was", "were", "has", "have", "had", "can", "do", "does", "did", "me", "us", "them",
    "who", "what", "when", "where", "why", "how", "yes", "ok", "re", "fw", "fwd", "cc", "bcc",
    "ive", "im", "ill", "id", "youre", "dont", "ceo", "cfo", "coo", "cto", "vp", "svp", "evp",
];
/// Months that are no given names, and days: never part of a name.
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "july",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "feb",
    "mar",
    "apr",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];
/// States, well-known places, organisations and holidays whose words are also names: names
/// only after a title, a greeting or a closing (`Mr. Lincoln`, not `Lincoln Elementary`).
const PLACES_AND_BRANDS: &[&str] = &[
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "florida",
    "georgia",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "hampshire",
    "jersey",
    "mexico",
    "york",
    "carolina",
    "dakota",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "rhode",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "washington",
    "wisconsin",
    "wyoming",
    "america",
    "saudi",
    "arabia",
    "mobil",
    "american",
    "angeles",
    "fargo",
    "sachs",
    "permanente",
    "kaiser",
    "oakland",
    "sacramento",
    "fresno",
    "berkeley",
    "pasadena",
    "alameda",
    "sonoma",
    "marin",
    "napa",
    "houston",
    "dallas",
    "austin",
    "denver",
    "phoenix",
    "boston",
    "chicago",
    "seattle",
    "portland",
    "atlanta",
    "miami",
    "enron",
    "google",
    "microsoft",
    "amazon",
    "apple",
    "christ",
    "jesus",
    "god",
    "allah",
    "bible",
    "christmas",
    "easter",
    "thanksgiving",
    "ramadan",
    "hanukkah",
    "lincoln",
    "jefferson",
    "madison",
    "franklin",
    "hamilton",
    "london",
    "paris",
    "berlin",
    "canada",
    "china",
    "india",
    "israel",
    "jordan",
    "chad",
    "kenya",
    "europe",
    "asia",
    "africa",
    "pacific",
    "atlantic",
    "english",
    "spanish",
    "french",
    "german",
    "chinese",
    "dow",
    "jones",
    "nasdaq",
    "fedex",
    "ups",
    "visa",
    "mastercard",
    "verizon",
    "comcast",
];

/// Which of the small word lists above a key is in: one hash look-up a token instead of a
/// scan of each list.
const K_TITLE: u32 = 1;
const K_CAPITAL_ONLY_TITLE: u32 = 1 << 1;
const K_ABBREVIATED_TITLE: u32 = 1 << 2;
const K_JOB_TITLE: u32 = 1 << 3;
const K_GREETING: u32 = 1 << 4;
const K_PARTICLE: u32 = 1 << 5;
const K_PLACE_SUFFIX: u32 = 1 << 6;
const K_SURNAME_SUFFIX: u32 = 1 << 7;
const K_STREET_SURNAME: u32 = 1 << 8;
const K_PLACE_PREFIX: u32 = 1 << 9;
const K_CALENDAR: u32 = 1 << 10;
const K_FUNCTION: u32 = 1 << 11;
const K_BRAND: u32 = 1 << 12;
const K_CUE: u32 = 1 << 13;
const K_JOINER: u32 = 1 << 14;
const K_OPENER: u32 = 1 << 15;
const K_COMPANY: u32 = 1 << 16;
const K_GREETING_SECOND: u32 = 1 << 17;

static KEYWORDS: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, u32> = HashMap::with_capacity(1024);
    for (list, flag) in [
        (TITLES, K_TITLE),
        (CAPITAL_ONLY_TITLES, K_CAPITAL_ONLY_TITLE),
        (ABBREVIATED_TITLES, K_ABBREVIATED_TITLE),
        (JOB_TITLES, K_JOB_TITLE),
        (GREETINGS, K_GREETING),
        (PARTICLES, K_PARTICLE),
        (PLACE_SUFFIXES, K_PLACE_SUFFIX),
        (SURNAME_SUFFIXES, K_SURNAME_SUFFIX),
        (STREET_SURNAMES, K_STREET_SURNAME),
        (PLACE_PREFIXES, K_PLACE_PREFIX),
        (CALENDAR, K_CALENDAR),
        (FUNCTION_WORDS, K_FUNCTION),
        (PLACES_AND_BRANDS, K_BRAND),
        (CUES, K_CUE),
        (LIST_JOINERS, K_JOINER),
        (GREETING_OPENERS, K_OPENER),
        (COMPANY_FORMS, K_COMPANY),
        (GREETING_SECONDS, K_GREETING_SECOND),
    ] {
        for &w in list {
            *map.entry(w).or_default() |= flag;
        }
    }
    map
});

/// What the lexicon knows of a word.
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    /// GIVEN | FAMILY | OTHER.
    names: u8,
    /// How common an English word it is: 0 none, 1 very common … 3 less common.
    word: u8,
}

/// The lexicon, built at first use.
static LEXICON: LazyLock<HashMap<&'static str, Entry>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Entry> = HashMap::with_capacity(200_000);
    for (list, flag) in [
        (GIVEN_LIST, GIVEN),
        (FAMILY_LIST, FAMILY),
        (OTHER_LIST, OTHER),
    ] {
        for name in list.lines().filter(|l| !l.is_empty()) {
            map.entry(name).or_default().names |= flag;
        }
    }
    for line in WORDS_LIST.lines() {
        if let Some((word, level)) = line.split_once(' ') {
            map.entry(word).or_default().word = level.parse().unwrap_or(1);
        }
    }
    map
});

/// A token's letter case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Lower,
    Capital,
    Upper,
    /// One capital letter with its full stop.
    Initial,
}

/// What a token can be in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A name token: listed (with how strongly it is a name) or unknown but capitalised.
    Core(Strength),
    Initial,
    Particle,
    Title,
    Greeting,
    /// Lowercase, in no list and no English word: a name's part only where context says so.
    Loose,
    /// Ends streets and organisations; breaks a run and spoils the run before it.
    PlaceSuffix,
    /// Starts place names; spoils the run after it.
    PlacePrefix,
    /// Anything else: breaks runs.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    /// Capitalised, in no list and no English word.
    Unknown,
    /// A listed name that is one of the most common English words (`Will`, `White`).
    Ambiguous,
    /// A listed name that is also a common English word (`Olive`).
    Weak,
    /// A listed name and no common word.
    Strong,
}

/// How a token is separated from the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// Spaces only (or nothing, after an initial).
    Space,
    /// A comma and spaces, on the same line.
    Comma,
    /// Only white space, with a line break.
    Newline,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    shape: Shape,
    role: Role,
    names: u8,
    /// English word level (0 none).
    word: u8,
    /// A listed name that also ends streets or organisations (`Hall`, `Park`).
    place_word: bool,
    /// A listed name that is also a state, place or brand (`Washington`, `Fargo`).
    brand: bool,
    /// A listed name that also starts place names (`Costa`, `Santa`, `San`).
    place_prefix: bool,
    /// Gap to the next token.
    gap: Gap,
    /// Whether only white space (or quoting) stands between the line's start and the token.
    line_start: bool,
    /// Whether the token opens a sentence (first, or after `.`, `!`, `?`, `:` or a line break).
    sentence_start: bool,
    /// A street word that is also a surname (`Lane`, `Way`).
    street_word: bool,
    /// A word a name often follows (`from`, `called`, `tenant`).
    cue: bool,
    /// A word joining names in a list (`and`).
    joiner: bool,
    /// A word opening a two-word greeting (`Good`, `Buenos`).
    opener: bool,
    /// A title that is also a job (`Chief`).
    job_title: bool,
    /// Byte offset of the start of the token's line.
    line_begin: usize,
    /// A title that is also a name (`Pan`, `Bay`): a name at a name's end (`Yang Pan`).
    name_title: bool,
    /// Two capitals that are a listed family name (`FU`, `MA`, `LI`).
    short_family: bool,
}

/// Names of people in `text`: byte ranges with a confidence, in text order, at most
/// `limit + 1` of them.
pub(super) fn find(text: &str, limit: usize) -> Vec<(usize, usize, f32)> {
    let tokens = tokenise(text);
    let signature_starts = signature_lines(text);
    let mut found: Vec<(usize, usize, f32)> = vec![];
    let mut i = 0;
    while i < tokens.len() && found.len() <= limit {
        let last_end = found.last().map_or(usize::MAX, |l| l.1);
        match judge_at(text, &tokens, i, &signature_starts, last_end) {
            Some((start, end, score, next)) => {
                if found.last().is_none_or(|l| l.1 <= start) {
                    found.push((start, end, score));
                }
                i = next;
            }
            None => i += 1,
        }
    }
    found
}

/// What the field before a value says of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    /// `Name:`, `last_name,`: a name.
    Name,
    /// `From:`, `Tenant:`: a person or an organisation.
    Role,
}

/// The keyword flags of a token, from its text.
fn keyword_of(text: &str, t: &Token) -> u32 {
    let mut key = String::new();
    make_key(&text[t.start..t.end], &mut key);
    keyword(&key)
}

fn keyword(k: &str) -> u32 {
    KEYWORDS.get(k).copied().unwrap_or(0)
}

fn is_core(t: &Token) -> bool {
    matches!(t.role, Role::Core(_) | Role::Loose) || t.name_title
}

/// Whether the token at byte `start` is the value of a field whose name says it is a name
/// (`Name: `, `last_name,`) or often one (`Tenant: `, `From: `), the field name opening its
/// line.
fn field_before(text: &str, line_start: usize, start: usize) -> Field {
    let head = text[line_start..start].trim_end_matches([' ', '\t', '\u{a0}']);
    let Some(sep) = head.chars().next_back() else {
        return Field::None;
    };
    let tab = text[line_start..start].ends_with('\t');
    if !matches!(sep, ':' | ',' | '=' | ';' | '|') && !tab {
        return Field::None;
    }
    let field = if tab {
        head
    } else {
        &head[..head.len() - sep.len_utf8()]
    };
    let field = field
        .trim_start_matches(['>', ' ', '\t', '*', '-', '•'])
        .trim();
    if field.is_empty() || field.len() > 40 {
        return Field::None;
    }
    let mut norm = String::with_capacity(field.len());
    for c in field.chars() {
        if c == '_' || c == '-' || c == '.' {
            norm.push(' ');
        } else if c.is_ascii_digit() || c == '#' || c == '(' || c == ')' {
            continue;
        } else {
            norm.extend(c.to_lowercase());
        }
    }
    let norm = norm.split_whitespace().collect::<Vec<_>>().join(" ");
    let named = NAME_FIELDS.iter().any(|l| {
        norm == *l
            || (norm.len() > l.len()
                && norm.ends_with(l)
                && norm.as_bytes()[norm.len() - l.len() - 1] == b' '
                && l.contains("name"))
            || (norm.starts_with(l) && l.contains("name") && norm[l.len()..].starts_with(" of "))
    });
    if named {
        Field::Name
    } else if ROLE_FIELDS.contains(&norm.as_str()) {
        Field::Role
    } else {
        Field::None
    }
}

/// Whether the text before byte `start` on its line ends with `:` or a dash (`Call log — `,
/// `While you were out: `), or the token opens a line after a line ending with `:`.
fn colon_before(text: &str, line_start: usize, start: usize) -> bool {
    // Subject lines and descriptions hold any words.
    let lead = text[line_start..start].trim_start_matches([' ', '\t', '>']);
    let lead = lead
        .get(..lead.len().min(12))
        .unwrap_or("")
        .to_ascii_lowercase();
    if [
        "subject",
        "re:",
        "fw:",
        "fwd:",
        "description",
        "title",
        "topic",
        "summary",
        "note",
    ]
    .iter()
    .any(|w| lead.starts_with(w))
    {
        return false;
    }
    let head = text[line_start..start].trim_end();
    if head.is_empty() {
        let prev = text[..line_start].trim_end_matches(['\n', '\r', ' ']);
        return line_start > 0 && prev.ends_with(':');
    }
    head.ends_with([':', '—', '–'])
}

/// Whether a company form follows the name ending at byte `end` on its line (`Mayo y Sáez
/// S.L.`, `Sampaio Pires S/A`, `Ritter Wehrli & Partner`, `Peron Courtois et Fils`).
fn firm_after(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let cut = rest
        .char_indices()
        .take(40)
        .find(|&(_, c)| c == '\n')
        .map_or_else(
            || rest.char_indices().nth(40).map_or(rest.len(), |(p, _)| p),
            |(p, _)| p,
        );
    let rest = &rest[..cut];
    if rest.starts_with(" & ") || rest.starts_with(" + ") {
        return true;
    }
    let mut words = rest.split_whitespace();
    let Some(w1) = words.next() else {
        return false;
    };
    // `et Fils`, `e Hijos`, `and Sons`.
    if LIST_JOINERS.contains(&w1.to_lowercase().as_str()) || w1 == "&" {
        let w2 = words
            .next()
            .unwrap_or("")
            .trim_end_matches(['.', ','])
            .to_lowercase();
        return [
            "fils",
            "hijos",
            "filhos",
            "figli",
            "sons",
            "söhne",
            "partner",
            "partners",
            "associates",
            "asociados",
            "associados",
            "associés",
            "co",
            "cie",
            "cía",
            "company",
        ]
        .contains(&w2.as_str());
    }
    // A company form written with stops or a slash (`S.L.`, `S. R.L.`, `s.c.`, `S/A`).
    let mut form = w1.to_string();
    if w1.chars().filter(|c| c.is_alphabetic()).count() == 1
        && let Some(w2) = words.next()
    {
        form.push_str(w2);
    }
    if !form.contains(['.', '/']) {
        return false;
    }
    let letters: String = form
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    COMPANY_FORMS.contains(&letters.as_str())
        || [
            "sa", "sl", "srl", "sc", "spj", "spzoo", "lda", "ltda", "sas", "as", "sro", "scoop",
            "aş", "ky",
        ]
        .contains(&letters.as_str())
}

/// Whether a street or organisation word follows the run ending at token `end` (past `Jr.`
/// and up to two more capitalised words): `Martin Luther King Jr. Boulevard`, `Eleanor
/// Roosevelt Community Center` are places named after people.
fn named_after(tokens: &[Token], end: usize) -> bool {
    if end == 0 || tokens[end - 1].gap != Gap::Space {
        return false;
    }
    let mut k = end;
    let mut skipped = 0;
    while let Some(t) = tokens.get(k) {
        // `Martin Luther King Jr. Day`: past a word, a surname that ends places counts.
        if t.role == Role::PlaceSuffix || (skipped > 0 && t.place_word) {
            return true;
        }
        if t.shape == Shape::Lower || t.gap != Gap::Space || skipped >= 3 {
            return false;
        }
        skipped += 1;
        k += 1;
    }
    false
}

/// The most common Vietnamese family names, with their marks, and those of them that stay
/// unmistakable without marks.
const VIETNAMESE_FAMILIES: &[&str] = &[
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ", "ngô",
    "dương", "lý", "trịnh", "đinh", "đoàn", "lưu", "phùng", "tạ", "nguyen", "tran", "pham",
    "hoang", "huynh", "duong", "trinh",
];

/// `Nguyễn Văn An`, `nguyen van an`, `VŨ BẢO`, `Phạm An`: a Vietnamese family name and one
/// or two short syllables, in the same case, the syllables marked, listed names or no
/// English word.
fn vietnamese(text: &str, tokens: &[Token], i: usize) -> Option<(usize, usize, f32, usize)> {
    let t = &tokens[i];
    if t.gap != Gap::Space || t.end - t.start > 8 {
        return None;
    }
    let family = &text[t.start..t.end];
    // Every family name of the list starts with one of these (`Đ` is 0xC4 0x90).
    if !matches!(
        family.as_bytes()[0].to_ascii_lowercase(),
        b'n' | b't' | b'l' | b'p' | b'h' | b'v' | b'b' | b'd' | 0xC4
    ) {
        return None;
    }
    // Lowercasing keeps these letters' lengths: compare lengths first, without allocating.
    if family.len() > 8
        || !VIETNAMESE_FAMILIES.iter().any(|f| {
            f.len() == family.len() && family.chars().flat_map(char::to_lowercase).eq(f.chars())
        })
    {
        return None;
    }
    // `phố Lê Văn Việt`, `Phường Hoàng Mai`: streets and wards named after people.
    const ADMIN: &[&str] = &[
        "phố",
        "đường",
        "phường",
        "xã",
        "tỉnh",
        "quận",
        "huyện",
        "thành",
        "số",
        "ngõ",
        "hẻm",
    ];
    let admin = |w: &str| ADMIN.iter().any(|a| w.to_lowercase() == *a);
    if i > 0
        && tokens[i - 1].gap == Gap::Space
        && admin(&text[tokens[i - 1].start..tokens[i - 1].end])
    {
        return None;
    }
    let mut k = i + 1;
    while k < tokens.len() && k - i <= 3 {
        let s = &tokens[k];
        let syllable = &text[s.start..s.end];
        if admin(syllable) {
            break;
        }
        let marked = !syllable.is_ascii();
        let short = syllable.chars().count() <= 6 && syllable.chars().all(char::is_alphabetic);
        let shaped = s.shape == t.shape
            || (t.shape == Shape::Capital && s.shape == Shape::Upper && syllable.len() <= 2);
        let plain = matches!(s.role, Role::Core(_) | Role::Loose | Role::Particle)
            && (marked || s.names & GIVEN != 0 || s.word == 0 || s.role == Role::Particle);
        // `Trần Vũ Công ty`: Vietnamese `công ty` is a company.
        if syllable.to_lowercase() == "công" && text[s.end..].starts_with(" ty") {
            return None;
        }
        let function = keyword_of(text, s) & (K_CALENDAR | K_FUNCTION) != 0;
        let last_an = (k > i + 1 || !family.is_ascii()) && syllable.eq_ignore_ascii_case("an");
        if !(short && shaped && (plain || last_an)) || (function && !last_an) {
            break;
        }
        k += 1;
        if s.gap != Gap::Space {
            break;
        }
    }
    if k == i + 1 {
        return None;
    }
    // Unmarked lowercase needs two syllables (`nguyen van an`, not `tran said`).
    if text[t.start..tokens[k - 1].end].is_ascii() && t.shape == Shape::Lower && k - i < 3 {
        return None;
    }
    Some((t.start, tokens[k - 1].end, SCORE_LISTED_WEAK, k))
}

/// Whether a place word comes before token `j`, past particles and up to three capitalised
/// names (`Avenida Adolfo López Mateos`, `Place Charles de Gaulle`, `Ronda de Raquel`).
fn place_before(text: &str, tokens: &[Token], j: usize) -> bool {
    let mut p = j;
    let mut names = 0;
    while p > 0 && tokens[p - 1].gap == Gap::Space {
        let t = &tokens[p - 1];
        let word = &text[t.start..t.end];
        if t.role == Role::PlacePrefix
            || t.place_prefix
            || (t.shape == Shape::Capital
                && LEADING_PLACE_WORDS
                    .iter()
                    .any(|w| w.eq_ignore_ascii_case(word)))
        {
            return true;
        }
        if t.role == Role::Particle {
            p -= 1;
            continue;
        }
        if matches!(t.role, Role::Core(_)) && t.shape == Shape::Capital && names < 3 {
            names += 1;
            p -= 1;
            continue;
        }
        return false;
    }
    false
}

/// Whether `text[start..end]`, with the `& Name` after it, is a firm named like people.
fn is_firm(text: &str, start: usize, end: usize) -> bool {
    // The words of `a` are those of `firm`, whatever their case and spacing.
    let same = |a: &str, firm: &str| {
        let mut words = a.split_whitespace();
        firm.split(' ').all(|f| {
            words
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case(f) || w.to_lowercase() == f)
        }) && words.next().is_none()
    };
    let first = text.as_bytes()[start].to_ascii_lowercase();
    let candidates = FIRMS.iter().filter(|f| f.as_bytes()[0] == first);
    // `Johnson & Johnson`: the name after the ampersand too.
    let amp_end = text[end..]
        .strip_prefix(" & ")
        .map(|r| end + 3 + r.find(|c: char| !c.is_alphabetic()).unwrap_or(r.len()));
    for f in candidates {
        if same(&text[start..end], f) || amp_end.is_some_and(|e| same(&text[start..e], f)) {
            return true;
        }
    }
    false
}

/// Whether the run starting at token `i` (or the context words there) makes a name:
/// (start, end, score, index of the next token to look at). `last_end` is the end of the
/// name found before, for lists (`Ana Ruiz, Li Na and Omar Haddad`).
fn judge_at(
    text: &str,
    tokens: &[Token],
    i: usize,
    signature_starts: &[(usize, bool)],
    last_end: usize,
) -> Option<(usize, usize, f32, usize)> {
    let t = &tokens[i];
    // `FU Ming`, `MA Min`: two capitals that are a listed family name, before a listed given
    // name that no other name follows.
    if t.short_family
        && t.gap == Gap::Space
        && let Some(g) = tokens.get(i + 1)
        && g.shape == Shape::Capital
        && g.names & GIVEN != 0
        && matches!(g.role, Role::Core(Strength::Strong | Strength::Weak))
        && (g.gap != Gap::Space
            || tokens
                .get(i + 2)
                .is_none_or(|n| !matches!(n.role, Role::Core(_))))
    {
        return Some((t.start, g.end, SCORE_LISTED_WEAK, i + 2));
    }
    if let Some(found) = vietnamese(text, tokens, i) {
        return Some(found);
    }
    // Context words: greeting, then titles.
    let mut j = i;
    let mut greeting = false;
    let opened = i > 0
        && tokens[i - 1].opener
        && tokens[i - 1].line_start
        && tokens[i - 1].gap == Gap::Space;
    let second = t.role == Role::Greeting && keyword_of(text, t) & K_GREETING_SECOND != 0;
    if t.role == Role::Greeting && ((t.line_start && !second) || opened) && t.gap == Gap::Space {
        greeting = true;
        j += 1;
    }
    let title_start = j;
    let mut job = true;
    while j < tokens.len() && tokens[j].role == Role::Title && tokens[j].gap == Gap::Space {
        job &= tokens[j].job_title;
        j += 1;
    }
    let titled = j > title_start;
    if j >= tokens.len() {
        return None;
    }
    let head = &tokens[j];
    let before = (j > 0).then(|| &tokens[j - 1]);
    let field = if titled || greeting {
        Field::None
    } else {
        field_before(text, head.line_begin, head.start)
    };
    let labelled = field == Field::Name;
    let signed_line = signature_starts
        .binary_search_by_key(&head.start, |s| s.0)
        .ok()
        .map(|k| signature_starts[k].1)
        .filter(|_| head.line_start);
    let signed = signed_line.is_some();
    let inline_signed = before.is_some_and(|b| b.gap == Gap::Comma && closing_ends_at(text, b));
    let listed = j >= 1
        && ((tokens[j - 1].end == last_end
            && matches!(text[last_end..head.start].trim(), "," | ";" | "/" | "&"))
            || (j >= 2
                && tokens[j - 1].joiner
                && tokens[j - 1].gap == Gap::Space
                && tokens[j - 2].end == last_end
                && tokens[j - 2].gap == Gap::Space));
    let cue_word = before.filter(|b| b.cue && matches!(b.gap, Gap::Space | Gap::Comma));
    let cue = !titled
        && !greeting
        && (cue_word.is_some()
            || listed
            || field == Field::Role
            || colon_before(text, head.line_begin, head.start));
    // Words that come before people only (`called`, `tenant`, not `from`, `to`).
    let person_cue = listed
        || (field == Field::Role
            && !matches!(
                text[head.line_begin..head.start]
                    .trim_start()
                    .get(..2)
                    .map(str::to_lowercase)
                    .as_deref(),
                Some("fr" | "to" | "cc" | "bc" | "at")
            ))
        // `Attendees:` lists people (not `Attn:`, `At:`).
        || (field == Field::Role
            && text[head.line_begin..head.start]
                .trim_start()
                .get(..6)
                .is_some_and(|f| f.eq_ignore_ascii_case("attend")))
        || cue_word.is_some_and(|b| {
            !matches!(
                text[b.start..b.end].to_lowercase().as_str(),
                "from" | "by" | "for" | "to" | "per" | "cc"
            )
        });
    let strong = titled || greeting || labelled;
    let loose = strong || signed || inline_signed || cue;
    let Some((mut run_end, lower)) = run(tokens, j, loose) else {
        // `Dr. Du`, `Mr. Van`: a particle alone after a title is the family name.
        return (titled && head.role == Role::Particle && head.shape != Shape::Lower)
            .then(|| (tokens[title_start].start, head.end, SCORE_TITLE, j + 1));
    };
    // In lowercase, everyday words after two names are the sentence going on (`otto mäder
    // left a message`), not a third name.
    while lower
        && run_end - j > 2
        && matches!(
            tokens[run_end - 1].role,
            Role::Core(Strength::Ambiguous | Strength::Weak)
        )
    {
        run_end -= 1;
    }
    let run = &tokens[j..run_end];
    let cores: Vec<&Token> = run.iter().filter(|t| is_core(t)).collect();
    if cores.is_empty() || cores.len() > MAX_CORES {
        return None;
    }
    let first = run.first()?;
    let last = run.last()?;
    let next = run_end;
    let after = tokens.get(run_end).filter(|_| last.gap == Gap::Space);
    let ends_line = matches!(last.gap, Gap::Newline | Gap::Comma)
        || run_end == tokens.len()
        || text[last.end..]
            .chars()
            .next()
            .is_some_and(|c| matches!(c, '.' | '!' | ';' | '|' | '(' | '<' | '\n' | '\r'));
    if !greeting && (named_after(tokens, run_end) || firm_after(text, last.end)) {
        return None;
    }
    if !titled
        && (cores.len() >= 2 || text[last.end..].starts_with(" & "))
        && is_firm(text, first.start, last.end)
    {
        return None;
    }
    // `Houston June 15th`, `Maria May 3`: a month name before a number is a date.
    if text.as_bytes().get(last.end) == Some(&b' ')
        && text
            .as_bytes()
            .get(last.end + 1)
            .is_some_and(u8::is_ascii_digit)
        && matches!(
            text[last.start..last.end].to_lowercase().as_str(),
            "april" | "may" | "june" | "august"
        )
    {
        return None;
    }
    // The second line after a closing is the name only when it holds a listed name (not
    // `Techniker`, a job).
    // The second line is no name when the first was (`Lissi Hecker\nWinzer`).
    let first_line_named = last_end < head.start
        && text[last_end..head.start].trim().is_empty()
        && text[last_end..head.start].matches('\n').count() == 1;
    let signature = (signed_line.is_some() || inline_signed)
        && ends_line
        && !(signed_line == Some(false) && first_line_named)
        && (signed_line != Some(false)
            || cores
                .iter()
                .any(|c| c.role == Role::Core(Strength::Strong) && c.names != 0));
    // `Inspector Tata, Zarna`, `Name: Love, Thomas`, `Regards,\nClark, Lauren`.
    let level = if strong || signature {
        2
    } else if cue {
        1
    } else {
        0
    };
    if level > 0
        && let Some((start, end, _, after_given)) =
            family_given(text, tokens, j, run_end, lower, level, listed)
                .or_else(|| lower_family_given(tokens, j, run_end, level))
    {
        let (start, score) = if titled {
            (tokens[title_start].start, SCORE_TITLE)
        } else if strong || signature {
            (start, SCORE_SIGNATURE)
        } else {
            (start, SCORE_FAMILY_GIVEN)
        };
        return Some((start, end, score, after_given));
    }
    if titled {
        if !context_allows(&cores, false, false) {
            return None;
        }
        // `Chief Fire Marshal`, `Deputy Fire Chief`: a job title, not a name.
        let everyday = cores
            .iter()
            .all(|c| matches!(c.role, Role::Core(Strength::Ambiguous | Strength::Weak)));
        if job && everyday && (cores.len() >= 2 || after.is_some_and(|a| a.role == Role::Title)) {
            return None;
        }
        return Some((tokens[title_start].start, last.end, SCORE_TITLE, next));
    }
    if greeting {
        // `Dear Neighbor`, `Dear Customer`: an everyday word that is no given name.
        let group = GREETED_GROUPS.contains(&text[first.start..first.end].to_lowercase().as_str());
        if !context_allows(&cores, true, false)
            || group
            || (cores.len() == 1 && cores[0].word != 0 && cores[0].names & GIVEN == 0)
        {
            return None;
        }
        return Some((first.start, last.end, SCORE_GREETING, next));
    }
    let suffixed = after.is_some_and(|a| a.role == Role::PlaceSuffix);
    if labelled && context_allows(&cores, false, true) && !suffixed {
        return Some((first.start, last.end, SCORE_SIGNATURE, next));
    }
    if signature && context_allows(&cores, true, false) && !suffixed {
        return Some((first.start, last.end, SCORE_SIGNATURE, next));
    }
    // No context: the run must stand on its own. Not after a place prefix, even past
    // particles (`Ronda de Raquel Peinado`).
    if place_before(text, tokens, j) || cores.first().is_some_and(|c| c.place_prefix) {
        return None;
    }
    // `Phạm Trần Công ty`: Vietnamese `công ty` is a company.
    if text[last.end..].starts_with(" ty") && text[last.start..last.end].to_lowercase() == "công" {
        return None;
    }
    // `G. Hall`, `A. Franklin`: initials before one name make it a person's.
    let initialled = first.role == Role::Initial
        && cores.len() == 1
        && (!cores[0].brand || cores[0].names & FAMILY != 0);
    if after.is_some_and(|a| a.role == Role::PlaceSuffix) {
        return None;
    }
    if !initialled && !brands_allowed(&cores) {
        return None;
    }
    // `Rich Hill`, `Grant Hall`: a place unless a plain given name comes first (`Janet Hill`).
    if !initialled
        && cores.last().is_some_and(|c| c.place_word)
        && (cores.len() != 2
            || cores[0].names & GIVEN == 0
            || cores[0].brand
            || cores[0].role != Role::Core(Strength::Strong)
            || (cores[1].street_word && !cue))
    {
        return None;
    }
    // A sentence's first word that is an everyday word ("Ask", "Will") is not part of the
    // name after it; the run is judged again from its next token.
    if first.role == Role::Core(Strength::Ambiguous)
        && first.sentence_start
        && run.len() > 1
        && field == Field::None
        && !person_cue
    {
        return None;
    }
    if let Some(found) = family_given(text, tokens, j, run_end, lower, 0, false) {
        return Some(found);
    }
    let initials = run.iter().filter(|t| t.role == Role::Initial).count();
    // `Semine J. Aksu`: an initial between two capitalised names makes a name even when
    // neither is listed.
    let inner_initial = run.len() >= 3
        && run[1..run.len() - 1]
            .iter()
            .any(|t| t.role == Role::Initial && text.as_bytes().get(t.end) == Some(&b' '))
        && run.first().is_some_and(|t| matches!(t.role, Role::Core(_)))
        && (2..=3).contains(&cores.len())
        && cores.iter().all(|c| {
            c.shape == Shape::Capital
                && matches!(
                    c.role,
                    Role::Core(Strength::Strong | Strength::Weak | Strength::Unknown)
                )
        });
    // A capitalised particle and one name: a family name (`Van Gelder`, `Van Nguyen`).
    if !lower
        && cores.len() == 1
        && first.role == Role::Particle
        && first.shape == Shape::Capital
        && NAME_PARTICLES.contains(&text[first.start..first.end].to_lowercase().as_str())
        && matches!(
            cores[0].role,
            Role::Core(Strength::Strong | Strength::Unknown)
        )
        && (cores[0].names == 0 || cores[0].names & (FAMILY | OTHER) != 0)
    {
        return Some((first.start, last.end, SCORE_ONE_UNKNOWN, next));
    }
    let score = if lower {
        lowercase_pair(&cores)
    } else if cores.len() == 1 {
        let Role::Core(s) = cores[0].role else {
            return None;
        };
        let initial_first = first.role == Role::Initial;
        let enough = initials >= 2 || (initials == 1 && (s != Strength::Unknown || cue));
        (initial_first && enough).then_some(SCORE_INITIALS)
    } else {
        capitalised(&cores)
    };
    // After a word that may come before anything (`from`, `to`, a colon), only all-caps and
    // lowercase runs gain: capitalised ones stand on their own rules (`from Beaumont
    // Methonal`).
    let cue_fits = person_cue || cores.iter().all(|c| c.shape != Shape::Capital);
    let score = score
        .or_else(|| inner_initial.then_some(SCORE_INITIALS))
        .or_else(|| {
            if cue && cue_fits {
                cued(&cores, person_cue, text[last.end..].starts_with(':'))
            } else {
                None
            }
        })?;
    Some((first.start, last.end, score, next))
}

/// Whether a run mixes all-caps and capitalised words: only a family name in capitals
/// before listed given names may (`YAMADA Taro`, `FU Ming`; not `LARS Stakeholder`).
fn mixed_case_ok(cores: &[&Token]) -> Option<bool> {
    let upper = cores.iter().any(|c| c.shape == Shape::Upper);
    let capital = cores.iter().any(|c| c.shape == Shape::Capital);
    if !(upper && capital) {
        return None;
    }
    let (a, rest) = cores.split_first()?;
    let given = |c: &&Token| {
        c.shape == Shape::Capital
            && !c.brand
            && c.names & GIVEN != 0
            && matches!(c.role, Role::Core(Strength::Strong | Strength::Weak))
    };
    let unknown = |c: &&Token| c.shape == Shape::Capital && c.role == Role::Core(Strength::Unknown);
    // `YAMADA Taro`, `SUZUKI Haruto` (a listed family name), `DUAN Jie` (listed given names).
    Some(
        a.shape == Shape::Upper
            && !a.brand
            && ((a.names & (FAMILY | OTHER) != 0
                && a.role == Role::Core(Strength::Strong)
                && rest.iter().all(|c| given(c) || unknown(c)))
                || (a.role == Role::Core(Strength::Unknown) && rest.iter().all(given))),
    )
}

/// Whether the states, places and brands among a run's names still let it be a name: one
/// of them beside plain listed names, in a name's place (`Timothy Washington`, `Madison
/// Taylor`; not `Dow Jones`, `Kaiser Permanente`).
fn brands_allowed(cores: &[&Token]) -> bool {
    let brands = cores.iter().filter(|c| c.brand).count();
    if brands == 0 {
        return true;
    }
    if brands > 1 || cores.len() < 2 || mixed_case_ok(cores).is_some() {
        return false;
    }
    let others_plain = cores
        .iter()
        .all(|c| c.brand || (c.role == Role::Core(Strength::Strong) && c.names != 0));
    let (a, b) = (cores[0], cores[cores.len() - 1]);
    let placed = if a.brand {
        a.names & GIVEN != 0 && b.names & FAMILY != 0
    } else {
        a.names & GIVEN != 0 && !a.place_word && (!b.brand || b.names & FAMILY != 0)
    };
    others_plain && placed
}

/// A run after a word a name often follows (`called`, `from`, `tenant,`): two or three name
/// words, at least one a listed name and no everyday word, the others listed or unknown
/// (`laurent raynaud`, `ELLA HAKKARAINEN`); after a word that comes before people only
/// (`called`, `tenant,`, a name before in a list), unknown words alone too, not before a
/// colon (`doğum tarihi:`, a field name).
fn cued(cores: &[&Token], person_cue: bool, colon_after: bool) -> Option<f32> {
    if !(2..=3).contains(&cores.len()) || mixed_case_ok(cores) == Some(false) {
        return None;
    }
    // Lowercase: a listed given name first, no everyday word, no short word (`ya later`).
    // Or an unknown word before a listed family name (`zayan reddy`); after a person cue a
    // family name may be an everyday word (`Applicant tracy hunt`).
    if cores[0].shape == Shape::Lower {
        let plain = |c: &Token| c.role == Role::Core(Strength::Strong) && c.word == 0;
        let z = cores[cores.len() - 1];
        let given_first = plain(cores[0]) && cores[0].names & GIVEN != 0;
        let family_last = plain(z) && z.names & (FAMILY | OTHER) != 0;
        let everyday_family = person_cue
            && given_first
            && cores.len() == 2
            && z.role == Role::Core(Strength::Ambiguous)
            && z.names & FAMILY != 0;
        // After a word that comes before people only (`witness:`), two words in no list
        // and no dictionary (`kyano chrodtrud`).
        let unlisted = person_cue
            && !colon_after
            && cores.len() == 2
            && cores
                .iter()
                .all(|c| (c.role == Role::Loose || plain(c)) && c.end - c.start >= MIN_LOWER_LEN)
            && cores.iter().any(|c| c.role == Role::Loose);
        if unlisted {
            return Some(SCORE_LISTED_WEAK);
        }
        if !(given_first || (family_last && person_cue))
            || cores.iter().any(|c| c.end - c.start < MIN_LOWER_LEN)
            || (cores
                .iter()
                .any(|c| c.role == Role::Core(Strength::Ambiguous))
                && !everyday_family)
        {
            return None;
        }
        return Some(SCORE_LISTED_WEAK);
    }
    let strong = cores
        .iter()
        .filter(|c| c.role == Role::Core(Strength::Strong) && c.names != 0)
        .count();
    let ambiguous = cores
        .iter()
        .filter(|c| c.role == Role::Core(Strength::Ambiguous))
        .count();
    let ok = cores.iter().all(|c| match c.role {
        Role::Core(Strength::Ambiguous) => c.names != 0 && !c.brand,
        Role::Core(_) | Role::Loose => true,
        _ => false,
    });
    let lower = cores.iter().any(|c| c.shape == Shape::Lower);
    (ok && (strong >= 1 || (person_cue && ambiguous == 0 && !lower)) && ambiguous <= 1)
        .then_some(SCORE_LISTED_WEAK)
}

/// Whether the name tokens after a title (or, with `strict`, after a greeting or a closing)
/// make a name: lowercase words must be listed names (or unknown words beside one), and
/// after a greeting or a closing an everyday word must be a given name ("Hi Will", not
/// "Hello World" or "The Parks Team").
fn context_allows(cores: &[&Token], strict: bool, unlisted: bool) -> bool {
    let lower_ok = cores.iter().enumerate().all(|(n, c)| {
        c.shape != Shape::Lower
            || matches!(
                c.role,
                Role::Core(Strength::Strong | Strength::Weak) | Role::Loose
            )
            || (n > 0 && c.role == Role::Core(Strength::Ambiguous) && c.names & FAMILY != 0)
    });
    let lower_listed = unlisted
        || cores.iter().all(|c| c.shape != Shape::Lower)
        || cores.iter().any(|c| c.role != Role::Loose && c.names != 0);
    let first_ok = !strict
        || cores
            .first()
            .is_some_and(|c| c.role != Role::Core(Strength::Ambiguous) || c.names & GIVEN != 0);
    lower_ok && lower_listed && first_ok
}

/// The run of name-like tokens starting at `j`: (end index, whether lowercase), trimmed
/// of particles at its end and initials after its last name. With `loose`, lowercase unknown
/// words count as name words.
fn run(tokens: &[Token], j: usize, loose: bool) -> Option<(usize, bool)> {
    let mut k = j;
    let mut lower: Option<bool> = None;
    let mut capital = false;
    while k < tokens.len() && k - j < MAX_CORES * 2 + 2 {
        let t = &tokens[k];
        // Capitals after a capitalised name are a code (`Gerry Chatham EGEP`).
        if capital && t.shape == Shape::Upper {
            break;
        }
        capital |= t.shape == Shape::Capital && matches!(t.role, Role::Core(_));
        let ok = match t.role {
            Role::Core(_) | Role::Loose => {
                let is_lower = t.shape == Shape::Lower;
                let fits = match lower {
                    None => {
                        lower = Some(is_lower);
                        true
                    }
                    Some(l) => l == is_lower,
                };
                fits && (loose || t.role != Role::Loose)
            }
            Role::Initial => lower != Some(true),
            Role::Particle => true,
            // `Yang Pan`: a title that is also a name ends a name when no name follows it.
            Role::Title => {
                t.name_title
                    && k > j
                    && lower == Some(false)
                    && (t.gap != Gap::Space
                        || tokens
                            .get(k + 1)
                            .is_none_or(|n| !matches!(n.role, Role::Core(_))))
            }
            _ => false,
        };
        if !ok {
            break;
        }
        k += 1;
        if t.gap != Gap::Space {
            break;
        }
    }
    // Trim particles and dangling initials at the end.
    while k > j && matches!(tokens[k - 1].role, Role::Particle | Role::Initial) {
        k -= 1;
    }
    (k > j).then_some((k, lower.unwrap_or(false)))
}

/// `Gonzalez, Maria`, `Smith, J.`, `Nguyen, Thi Minh`: a family name, a comma and a given
/// name or initials. `level` is the context: 0 none (both listed, or an unknown family name
/// before a listed given name), 1 a cue word (an everyday word may be the family name), 2 a
/// title, field name or signature (both may be unknown). `in_list`: a name came just before
/// (`Ruiz, Ana, Li, Na and Haddad, Omar`), so `and` after the name is no firm's.
fn family_given(
    text: &str,
    tokens: &[Token],
    j: usize,
    run_end: usize,
    lower: bool,
    level: u8,
    in_list: bool,
) -> Option<(usize, usize, f32, usize)> {
    // `de Lacy, Omar`, `van Arnsberg, Amy`: particles may open the family name.
    if lower
        || run_end <= j
        || !tokens[j..run_end - 1]
            .iter()
            .all(|t| t.role == Role::Particle && t.shape == Shape::Lower)
    {
        return None;
    }
    let start = tokens[j].start;
    let j = run_end - 1;
    let family = &tokens[j];
    if family.gap != Gap::Comma
        || family.shape == Shape::Lower
        || ((family.brand || family.place_prefix) && level == 0)
    {
        return None;
    }
    let family_listed = family.names & (FAMILY | OTHER) != 0 && family.names != GIVEN;
    let family_ok = match family.role {
        Role::Core(Strength::Strong | Strength::Weak) => family_listed || level >= 1,
        Role::Core(Strength::Ambiguous) => family_listed && level >= 1,
        Role::Core(Strength::Unknown) => family.shape != Shape::Upper || level >= 2,
        _ => false,
    };
    if !family_ok {
        return None;
    }
    let g = j + 1;
    let given = tokens.get(g)?;
    if given.role == Role::Initial {
        if family.role == Role::Core(Strength::Unknown) && level == 0 {
            return None;
        }
        let mut k = g;
        while k + 1 < tokens.len()
            && tokens[k].gap == Gap::Space
            && tokens[k + 1].role == Role::Initial
        {
            k += 1;
        }
        // Not an initial that opens the next name ("Smith, J. Doe and ...").
        if tokens[k].gap == Gap::Space
            && tokens
                .get(k + 1)
                .is_some_and(|t| matches!(t.role, Role::Core(_)) && t.shape != Shape::Lower)
        {
            return None;
        }
        return Some((start, tokens[k].end, SCORE_FAMILY_GIVEN, k + 1));
    }
    if given.shape == Shape::Lower || given.brand {
        return None;
    }
    let given_listed = given.names & GIVEN != 0
        && matches!(given.role, Role::Core(Strength::Strong | Strength::Weak));
    let given_ok = given_listed
        || (level >= 2
            && given.role == Role::Core(Strength::Ambiguous)
            && given.names & GIVEN != 0)
        || (level >= 2
            && matches!(given.role, Role::Core(Strength::Unknown | Strength::Strong))
            && given.shape == Shape::Capital);
    if !given_ok
        || (family.role == Role::Core(Strength::Unknown)
            && level < 2
            && !(given_listed && given.role == Role::Core(Strength::Strong)))
    {
        return None;
    }
    // The given name may bring a middle name or initials; not a whole "First Last".
    let (end, _) = run(tokens, g, false)?;
    let cores = tokens[g..end].iter().filter(|t| is_core(t)).count();
    if cores > 2 {
        return None;
    }
    let mut last = end - 1;
    // Initials after the given name belong to it.
    while last + 1 < tokens.len()
        && tokens[last].gap == Gap::Space
        && tokens[last + 1].role == Role::Initial
    {
        last += 1;
    }
    // `Fleming, Wilson and Gould`, `Smith, Jones & Co`: a firm.
    if level < 2 && !in_list {
        let rest = &text[tokens[last].end..];
        for joiner in [" and ", " & ", " und ", " et ", " y "] {
            if rest
                .strip_prefix(joiner)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase)
            {
                return None;
            }
        }
    }
    Some((start, tokens[last].end, SCORE_FAMILY_GIVEN, last + 1))
}

/// `yilmaz, ayse`, `van de plas, alyssa`: a lowercase family name, a comma and a given name
/// (with a middle name) after a field name, title or cue word (`level` ≥ 1). Each a listed
/// name that is no common word, or a word in no list; at a cue word, one must be listed.
fn lower_family_given(
    tokens: &[Token],
    j: usize,
    run_end: usize,
    level: u8,
) -> Option<(usize, usize, f32, usize)> {
    if run_end <= j
        || !tokens[j..run_end - 1]
            .iter()
            .all(|t| t.role == Role::Particle)
    {
        return None;
    }
    let family = &tokens[run_end - 1];
    let plain = |t: &Token| {
        t.shape == Shape::Lower
            && t.end - t.start >= MIN_LOWER_LEN
            && match t.role {
                Role::Core(Strength::Strong) => t.word == 0,
                Role::Loose => true,
                _ => false,
            }
    };
    if family.gap != Gap::Comma || !plain(family) {
        return None;
    }
    let g = run_end;
    let given = tokens.get(g)?;
    if !plain(given) {
        return None;
    }
    let mut last = g;
    // A middle name; not the start of a sentence going on.
    if given.gap == Gap::Space
        && tokens
            .get(g + 1)
            .is_some_and(|m| plain(m) && m.names & GIVEN != 0)
    {
        last = g + 1;
    }
    if tokens[last].gap == Gap::Space
        && tokens
            .get(last + 1)
            .is_some_and(|n| matches!(n.role, Role::Core(_) | Role::Loose))
    {
        return None;
    }
    let listed = |t: &Token| t.role != Role::Loose && t.names != 0;
    if level < 2 && !(listed(family) || listed(given)) {
        return None;
    }
    Some((
        tokens[j].start,
        tokens[last].end,
        SCORE_FAMILY_GIVEN,
        last + 1,
    ))
}

/// A capitalised run of two or more name tokens without context.
fn capitalised(cores: &[&Token]) -> Option<f32> {
    let strengths: Vec<Strength> = cores
        .iter()
        .map(|c| match c.role {
            Role::Core(s) => s,
            _ => Strength::Unknown,
        })
        .collect();
    let strong = strengths.iter().filter(|&&s| s == Strength::Strong).count();
    let weak = strengths.iter().filter(|&&s| s == Strength::Weak).count();
    let ambiguous = strengths
        .iter()
        .filter(|&&s| s == Strength::Ambiguous)
        .count();
    let unknown = strengths.len() - strong - weak - ambiguous;
    let upper = cores.iter().any(|c| c.shape == Shape::Upper);
    if let Some(ok) = mixed_case_ok(cores) {
        return ok.then_some(SCORE_LISTED_WEAK);
    }
    // All-caps runs are headings unless every word is a listed name and no everyday word
    // (or a listed given name before one unknown word).
    if ambiguous > 0 && upper {
        return None;
    }
    if unknown == 0 && strong > 0 {
        // A name in the place of a given name at the start, or of a family name at the end:
        // `Jackie Young`, `Will Smith`, but not `Swiss Army` or `Cough Medicine`.
        let (a, b) = (cores[0], cores[cores.len() - 1]);
        let given_first = a.names & (GIVEN | OTHER) != 0 && strengths[0] == Strength::Strong;
        let family_last =
            b.names & (FAMILY | OTHER) != 0 && strengths[cores.len() - 1] == Strength::Strong;
        let ordered = given_first && b.names & (FAMILY | OTHER) != 0
            || family_last && a.names & (GIVEN | OTHER) != 0
            // Family name first (`Wang Wei`, `Nguyen Van Minh`).
            || strong == cores.len();
        if !ordered {
            return None;
        }
        return Some(if ambiguous == 0 && weak == 0 {
            SCORE_LISTED_STRONG
        } else if ambiguous == 0 {
            SCORE_LISTED_WEAK
        } else {
            SCORE_LISTED_AMBIGUOUS
        });
    }
    if unknown == 1 && cores.len() == 2 {
        let (a, b) = (cores[0], cores[1]);
        let given_first = strengths[0] == Strength::Strong && a.names & GIVEN != 0;
        let family_last = strengths[1] == Strength::Strong && b.names & (FAMILY | OTHER) != 0;
        if (given_first && strengths[1] == Strength::Unknown)
            || (family_last && strengths[0] == Strength::Unknown && !upper)
        {
            return Some(SCORE_ONE_UNKNOWN);
        }
    }
    None
}

/// Two lowercase names without context (`maria gonzalez`, `laurent raynaud`): a listed given
/// name that is no English word, then a listed family name that is no common word or an
/// unknown word; or a listed family name and a listed given name, neither an English word.
fn lowercase_pair(cores: &[&Token]) -> Option<f32> {
    if cores.len() != 2 {
        return None;
    }
    let long = |t: &Token| t.end - t.start >= MIN_LOWER_LEN;
    let plain = |t: &Token| t.role == Role::Core(Strength::Strong) && t.word == 0 && long(t);
    let (a, b) = (cores[0], cores[1]);
    let given_family = plain(a)
        && a.names & GIVEN != 0
        && ((plain(b) && b.names & (FAMILY | OTHER) != 0)
            || (b.role == Role::Loose && b.end - b.start > MIN_LOWER_LEN));
    let family_given = plain(a) && plain(b) && a.names & FAMILY != 0 && b.names & GIVEN != 0;
    (given_family || family_given).then_some(SCORE_LOWERCASE)
}

/// Whether token `t` ends a closing phrase that starts its line (`Thanks, Carl`).
fn closing_ends_at(text: &str, t: &Token) -> bool {
    if t.end - t.line_begin > 40 {
        return false;
    }
    let phrase = text[t.line_begin..t.end].trim().to_lowercase();
    CLOSINGS.contains(&phrase.as_str())
}

/// Byte offsets of the first non-blank character of each line that follows a closing line
/// (`Regards,`), up to [`SIGNATURE_LINES`] lines on, and whether it is the first; sorted.
fn signature_lines(text: &str) -> Vec<(usize, bool)> {
    let mut starts = vec![];
    let mut pending = 0usize;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if pending > 0 && !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            starts.push((offset + lead, pending == SIGNATURE_LINES));
            pending -= 1;
        }
        let phrase = trimmed.trim_end_matches([',', '!', '.', ':']).trim_end();
        if !phrase.is_empty()
            && phrase.len() <= 30
            && (trimmed.ends_with(',') || trimmed.len() == phrase.len() || trimmed.ends_with('!'))
            && CLOSINGS.contains(&phrase.to_lowercase().as_str())
        {
            pending = SIGNATURE_LINES;
        }
        offset += line.len();
    }
    starts
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐')
}

/// Cuts `text` into tokens and classifies each.
fn tokenise(text: &str) -> Vec<Token> {
    let lexicon = &*LEXICON;
    let bytes = text.as_bytes();
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 6);
    let (mut line_begin, mut scanned) = (0usize, 0usize);
    let mut key = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        let mut glued = false;
        while let Some(&(p, d)) = chars.peek() {
            if is_word_char(d) {
                end = p + d.len_utf8();
                chars.next();
            } else if is_joiner(d) {
                let after = text[p + d.len_utf8()..].chars().next();
                if after.is_some_and(is_word_char) {
                    chars.next();
                    end = p + d.len_utf8();
                } else {
                    break;
                }
            } else {
                if d.is_ascii_digit() || d == '_' || d == '@' {
                    glued = true;
                }
                break;
            }
        }
        let before = text[..start].chars().next_back();
        if before.is_some_and(|b| b.is_ascii_digit() || b == '_' || b == '@') {
            glued = true;
        }
        // A possessive is not part of the name.
        for s in ["'s", "’s", "'S"] {
            if text[start..end].len() > s.len() + 1 && text[start..end].ends_with(s) {
                end -= s.len();
            }
        }
        let word = &text[start..end];
        let mut token = classify(word, lexicon, &mut key);
        token.start = start;
        token.end = end;
        if glued {
            token.role = Role::Other;
        }
        // Full stops that belong to the token.
        if bytes.get(end) == Some(&b'.')
            && (token.shape == Shape::Initial
                || (token.role == Role::Title && keyword(key.as_str()) & K_ABBREVIATED_TITLE != 0)
                || (token.role == Role::Particle && key == "jr"))
        {
            token.end += 1;
        } else if token.shape == Shape::Initial {
            // A lone capital without its stop is no initial ("Plan B", "A new").
            token.shape = Shape::Capital;
            token.role = Role::Other;
        }
        // The line's start, found once for all its tokens.
        if let Some(p) = bytes[scanned..start].iter().rposition(|&b| b == b'\n') {
            line_begin = scanned + p + 1;
        }
        scanned = start;
        token.line_begin = line_begin;
        token.line_start = tokens.last().is_none_or(|t| t.start < line_begin)
            && text[line_begin..start]
                .chars()
                .all(|c| c.is_whitespace() || c == '>');
        tokens.push(token);
    }
    for i in 0..tokens.len() {
        let prev_end = if i == 0 { 0 } else { tokens[i - 1].end };
        let between = &text[prev_end.min(tokens[i].start)..tokens[i].start];
        tokens[i].sentence_start = i == 0
            || between.contains(['.', '!', '?', ':', '\n', '"', '“', '•', '-', '*'])
            || (tokens[i - 1].shape == Shape::Initial && tokens[i - 1].role != Role::Initial);
        let next = tokens.get(i + 1).map_or(text.len(), |t| t.start);
        let gap = &text[tokens[i].end.min(next)..next];
        let after_stop = text[..tokens[i].end].ends_with('.');
        tokens[i].gap = gap_kind(
            gap,
            tokens[i].shape == Shape::Initial,
            after_stop,
            next == text.len(),
        );
    }
    // `Per Andersson`: the Nordic given name, not the preposition, before a capitalised name.
    for i in 0..tokens.len().saturating_sub(1) {
        if &text[tokens[i].start..tokens[i].end] == "Per"
            && tokens[i].gap == Gap::Space
            && tokens[i + 1].shape == Shape::Capital
            && matches!(tokens[i + 1].role, Role::Core(_))
            // Not `Per Brian` (as Brian says) nor `Per Diem`: a family name or unknown word.
            && tokens[i + 1].names & GIVEN == 0
            && tokens[i + 1].word == 0
        {
            tokens[i].role = Role::Core(Strength::Weak);
            tokens[i].names = GIVEN;
        }
    }
    tokens
}

fn gap_kind(gap: &str, after_initial: bool, after_stop: bool, at_end: bool) -> Gap {
    if gap.is_empty() {
        return if after_initial && !at_end {
            Gap::Space
        } else {
            Gap::Other
        };
    }
    let spaces = |s: &str| s.chars().all(|c| c == ' ' || c == '\u{a0}');
    // One space (two after `Mr.` or `J.`): wider gaps and tabs separate columns
    // ("Lisa Peterson  Darla Saucier", "Colin Tonks\tThien Ngo").
    let widest = if after_stop { 2 } else { 1 };
    if gap.chars().count() <= widest && spaces(gap) {
        return Gap::Space;
    }
    if let Some((a, b)) = gap.split_once(',')
        && spaces(a)
        && spaces(b)
        && a.len() <= 1
        && b.len() <= 3
    {
        return Gap::Comma;
    }
    if gap.chars().all(char::is_whitespace) && gap.contains('\n') {
        return Gap::Newline;
    }
    Gap::Other
}

/// The lexicon key of a word: lowercase, without apostrophes.
fn make_key(word: &str, key: &mut String) {
    key.clear();
    for c in word.chars() {
        if c == '\'' || c == '’' {
            continue;
        }
        if c.is_ascii() {
            key.push(c.to_ascii_lowercase());
        } else {
            key.extend(c.to_lowercase());
        }
    }
}

/// Latin letters without their accents (`núñez` → `nunez`), for the census lists.
fn fold(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
            'ď' | 'đ' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ẹ' | 'ế' | 'ề' | 'ể' | 'ễ'
            | 'ệ' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ị' => "i",
            'ñ' | 'ń' | 'ņ' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ơ' | 'ọ' | 'ố' | 'ồ' | 'ổ'
            | 'ỗ' | 'ộ' | 'ớ' | 'ờ' | 'ở' | 'ỡ' | 'ợ' => "o",
            'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ư' | 'ụ' | 'ứ' | 'ừ'
            | 'ử' | 'ữ' | 'ự' => "u",
            'ý' | 'ÿ' | 'ỳ' | 'ỷ' | 'ỹ' | 'ỵ' => "y",
            'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
            'ź' | 'ż' | 'ž' => "z",
            'ł' => "l",
            'ğ' => "g",
            'ř' => "r",
            'ţ' | 'ť' | 'ț' => "t",
            'æ' => "ae",
            'œ' => "oe",
            'ß' => "ss",
            'þ' => "th",
            'ạ' | 'ả' | 'ấ' | 'ầ' | 'ẩ' | 'ẫ' | 'ậ' | 'ắ' | 'ằ' | 'ẳ' | 'ẵ' | 'ặ' => {
                "a"
            }
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(plain);
    }
    out
}

fn lookup(lexicon: &HashMap<&'static str, Entry>, key: &str) -> Option<Entry> {
    if let Some(e) = lexicon.get(key) {
        return Some(*e);
    }
    if !key.is_ascii() {
        return lexicon.get(fold(key).as_str()).copied();
    }
    None
}

/// What one word is: its shape and role. `key` is left holding its lexicon key.
fn classify(word: &str, lexicon: &HashMap<&'static str, Entry>, key: &mut String) -> Token {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let first = letters.next().unwrap_or(' ');
    let rest_upper = word.chars().skip(1).all(|c| !c.is_lowercase());
    let one_letter = word.chars().count() == 1;
    // `al-Rashid`, `el-Sayed`: the name's case is that after its particle.
    let (first, rest_upper) = match word.split_once(['-', '‐']) {
        Some((p, name)) if PARTICLES.contains(&p.to_lowercase().as_str()) => (
            name.chars().next().unwrap_or(' '),
            name.chars().skip(1).all(|c| !c.is_lowercase()),
        ),
        _ => (first, rest_upper),
    };
    let shape = if one_letter && first.is_uppercase() {
        Shape::Initial
    } else if first.is_uppercase() && rest_upper {
        Shape::Upper
    } else if first.is_uppercase() {
        Shape::Capital
    } else {
        Shape::Lower
    };
    make_key(word, key);
    let k = key.as_str();
    let kw = keyword(k);
    let mut token = Token {
        start: 0,
        end: 0,
        shape,
        role: Role::Other,
        names: 0,
        word: 0,
        place_word: false,
        brand: false,
        place_prefix: false,
        gap: Gap::Other,
        line_start: false,
        sentence_start: false,
        street_word: false,
        cue: kw & K_CUE != 0,
        joiner: kw & K_JOINER != 0,
        opener: kw & K_OPENER != 0,
        job_title: false,
        line_begin: 0,
        name_title: false,
        short_family: false,
    };
    if shape == Shape::Initial {
        token.role = Role::Initial;
        return token;
    }
    // `HB`, `GmbH`, `SpA`: company forms end organisations' names.
    if kw & K_COMPANY != 0
        && (shape == Shape::Upper
            || (shape == Shape::Capital
                && (k.len() >= 3 || matches!(k, "ky" | "oy" | "sp"))
                && k != "asa"))
    {
        token.role = Role::PlaceSuffix;
        return token;
    }
    // `KEVIN DA CRUZ`: particles in capitals too (trimmed when they end a run).
    if kw & K_PARTICLE != 0 && shape == Shape::Upper && kw & K_PLACE_SUFFIX == 0 {
        token.role = Role::Particle;
        return token;
    }
    // Two capitals are a code (`WA`, `HR`, `IT`), not a name; but a listed family name
    // before a given name may be one (`FU Ming`).
    if shape == Shape::Upper && word.chars().count() <= 2 {
        if kw == 0 && word.chars().count() == 2 {
            let e = entry_of(k, lexicon);
            token.names = e.names;
            token.short_family = e.names & (FAMILY | OTHER) != 0;
        }
        return token;
    }
    if kw & K_TITLE != 0 && (shape != Shape::Lower || kw & K_CAPITAL_ONLY_TITLE == 0) {
        token.role = Role::Title;
        token.job_title = kw & K_JOB_TITLE != 0;
        token.name_title = shape == Shape::Capital && matches!(k, "pan" | "bay");
        return token;
    }
    if kw & K_GREETING != 0 && shape != Shape::Upper {
        token.role = Role::Greeting;
        return token;
    }
    if kw & K_PARTICLE != 0 && shape != Shape::Upper {
        token.role = Role::Particle;
        // "Van", "De" at a name's start are particles too; "St" may end a street.
        if kw & K_PLACE_SUFFIX == 0 || shape == Shape::Lower {
            return token;
        }
    }
    if kw & (K_CALENDAR | K_FUNCTION) != 0 {
        token.role = Role::Other;
        return token;
    }
    // `Kita-ku`, `Tōkyō-to`, `Aichi-ken`: Japanese wards, prefectures, towns.
    if let Some((_, unit)) = k.rsplit_once('-')
        && matches!(
            unit,
            "ku" | "to" | "fu" | "ken" | "shi" | "cho" | "chō" | "machi" | "gun" | "mura"
        )
    {
        token.role = Role::PlaceSuffix;
        return token;
    }
    token.brand = kw & K_BRAND != 0;
    let entry = entry_of(k, lexicon);
    token.names = entry.names;
    token.word = entry.word;
    let place_suffix = kw & K_PLACE_SUFFIX != 0;
    if place_suffix && kw & K_SURNAME_SUFFIX == 0 {
        token.role = Role::PlaceSuffix;
        return token;
    }
    let place_prefix = kw & K_PLACE_PREFIX != 0;
    if entry.names & ANY_NAME == 0 {
        token.role = if place_suffix {
            Role::PlaceSuffix
        } else if place_prefix && shape != Shape::Lower {
            Role::PlacePrefix
        } else if token.brand {
            Role::Core(Strength::Ambiguous)
        } else if entry.word == 0 && shape != Shape::Lower && namelike(k) {
            token.names = OTHER;
            Role::Core(Strength::Strong)
        } else if entry.word == 0
            && (shape == Shape::Capital || (shape == Shape::Upper && k.chars().count() >= 4))
            && k.chars().count() >= 2
        {
            Role::Core(Strength::Unknown)
        } else if entry.word == 0 && shape == Shape::Lower && k.chars().count() >= 2 {
            Role::Loose
        } else {
            Role::Other
        };
        return token;
    }
    token.place_prefix = place_prefix && shape != Shape::Lower;
    token.place_word = place_suffix;
    token.street_word = kw & K_STREET_SURNAME != 0;
    token.role = Role::Core(match entry.word {
        0 | 3 => Strength::Strong,
        2 => Strength::Weak,
        _ => Strength::Ambiguous,
    });
    token
}

/// Whether a word in no list looks like a name by its letters or ending: Turkish `ı`, `ğ`,
/// `ş`, Polish `ł`, `ń`, `ś`, `ź`, `ż`, `ć`, Vietnamese tone marks and horns, or a family
/// name's ending (`-oğlu`, `-wicz`, `-czyk`, `-owski`).
fn namelike(k: &str) -> bool {
    if k.chars().count() < 3 {
        return false;
    }
    let letters = k.chars().any(|c| {
        matches!(
            c,
            'ı' | 'ğ' | 'ş' | 'ł' | 'ń' | 'ś' | 'ź' | 'ż' | 'ć' | 'ơ' | 'ư' | 'đ' | '\u{1ea0}'
                ..='\u{1ef9}'
        )
    });
    letters
        || [
            "oğlu", "oglu", "wicz", "czyk", "czak", "owski", "owska", "ewski", "ewska",
        ]
        .iter()
        .any(|e| k.ends_with(e))
}

/// The lexicon entry of a key; a hyphenated word (`Núñez-García`, `al-Rashid`) is a name
/// when its parts are names or unknown words, and at least one is a name.
fn entry_of(k: &str, lexicon: &HashMap<&'static str, Entry>) -> Entry {
    if let Some(e) = lookup(lexicon, k)
        && (e.names != 0 || !k.contains('-'))
    {
        return e;
    }
    if !k.contains(['-', '‐']) {
        return Entry::default();
    }
    let mut names = 0u8;
    let mut any_word = false;
    for part in k.split(['-', '‐']) {
        if PARTICLES.contains(&part) {
            continue;
        }
        match lookup(lexicon, part) {
            Some(e) if e.names != 0 => names |= e.names,
            Some(e) if e.word != 0 => any_word = true,
            _ => {}
        }
    }
    if names != 0 && !any_word {
        Entry { names, word: 0 }
    } else {
        Entry {
            names: 0,
            word: u8::from(any_word),
        }
    }
}
