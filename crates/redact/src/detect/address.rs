//! Street addresses, US and international, across line breaks.
//!
//! How: first a *street line* (the core) is found by one of a few anchored shapes, each of
//! which needs both a street word and a house number:
//! - number first, street type last (`1234 N. Main St.`, `10 Downing Street`, `500 W 3rd St`,
//!   `One Market Street`, `1234 main street`, `3/5 Smith Cross`, `11, Maharaj Nagar`), with
//!   the full USPS suffix list, the Australian street types and the British and Indian ones; a
//!   weak type (`Park`, `Center`, `Spurs`, `Crossing`...) counts alone only with a house-like
//!   number (three to five digits, a leading zero, a unit and number) or as a field's value
//!   (`street,55 Drake Crossing`), else with a city or unit line; `No. 288 Zhongshan Road`,
//!   `H.No. 58` take their sign;
//! - number first, street word first (`45 rue de Rivoli`, `12 State Route 9`, `4400 Highway 50`,
//!   `3628 rang Jean`);
//! - street word first, number last (`Via Roma 3`, `Calle Mayor 10`, `ul. Marszałkowska 10/12`,
//!   `Avenida Paulista, 1578`, `Rue de Rivoli 45`, `Stretto Abatantuono, 87`, `Cerrada Nuevo
//!   León 899 427`, `Rua Fernando Tavares, S/N`, `U Staré Pošty 4`), or a compound street word
//!   of the Germanic and Nordic languages (`Bahnhofstrasse 12`, `Kerkstraat 14`, `Lille
//!   Fredensvej 117`, `Werner Wirénin tie 15`);
//! - Vietnamese street lines (`Số 6/89 Ngõ 27 phố Võ Văn Tần`);
//! - post office boxes (`P.O. Box 1234`, `Postfach 12`), rural routes (`RR 2 Box 152`),
//!   Japanese block numbers with their ward (`1-2-3 Shibuya, Shibuya-ku`), Chinese, Japanese
//!   and Korean address lines (`北京市朝阳区建国路88号`), Russian ones (`ул. Тверская, д. 7`);
//! - shapes that count only when a postcode line follows them: a name and a number without a
//!   street word (`Damrak 1`), a unit line then a street (`Flat 12\nSmith Street`), mixed
//!   case (`123 Smith ports`), US military mail (`PSC 1234, Box 5678` / `APO AE 09001`), a
//!   street without a number (`rue Robert, 6998 Bouvier`, `Núcleo Siqueira\nVila Pilar\n61590-354
//!   Farias / RJ`), and, before a state with its ZIP, a number and a name (`2110 San Jacinto,
//!   Austin, Texas 78705`).
//!
//! Then the span grows over what follows on the same line or the next ones (at most
//! [`MAX_LINES`] more, no blank line) while it looks like part of the address: a unit (`Apt
//! 5B`, `Bldg 4, Rm 12`, `2º B`), a city with its state and ZIP (`Sacramento, CA 95814`), a
//! postcode and city (`8001 Zürich`, `1012 AB Amsterdam`), a city and postcode (`London SW1A
//! 2AA`, `Sydney NSW 2000`, `Tokyo 150-0002`, `Faridabad-487156`, `Brisson Est (Québec)
//! G8S7M5`, `San Isaac los altos, ZAC 27105`), a ward or district (`Shibuya-ku`, `Xihu
//! District`, `phường An Hải`), a country, a bare city closing the address (`12 Baker Street,
//! London.`), after a bare postcode (`5795 RC\nHengelo`, `T96 CN1D Zach Ville`) or before a
//! postcode (`Braúnas, 02972926 Duarte`). A unit just before the street line (`Flat 3, 12
//! Baker Street`, `Level 2\n49 Thompson Alley`) is taken too.
//!
//! Look-alikes are refused by context: a number glued to other signs (`$12`, `2025-0142`),
//! one after words like `Section`, `Case`, `Room` or `page`, a year after `in`/`since`, street
//! words used as nouns (`the 3 Main Street lights`), lowercase words that are prose; after
//! `of` or `by` a number is a house number only when a city or postcode follows.
//!
//! Every regex is linear-time (the `regex` crate); each is run once over the text (some only
//! when the text has a hint: a Vietnamese street word, four digits in a row), the checks
//! before a number read a few bytes back, and the growing step only reads a few hundred bytes
//! after each street line.

use regex::Regex;
use std::sync::LazyLock;

/// Lines after the street line that an address may take (unit, city line, country).
const MAX_LINES: usize = 3;
/// Parts taken after the street line (units, city, postcode, country).
const MAX_PARTS: usize = 6;
/// How far after a street line its postcode may be (bytes): three lines of city, district
/// and state.
const POSTCODE_WINDOW: usize = 160;
/// How far back on its line a unit before the street line is looked for (bytes).
const PREFIX_WINDOW: usize = 40;

/// Confidence of a street line alone, by how it was found.
const SCORE_STREET: f32 = 0.6;
const SCORE_WEAK_STREET: f32 = 0.5;
const SCORE_INTERNATIONAL: f32 = 0.7;
const SCORE_BOX: f32 = 0.85;
/// Confidence once a unit, city, postcode or country line has joined the street line.
const SCORE_FULL: f32 = 0.92;

fn re(s: &str) -> Regex {
    Regex::new(s).expect("address patterns compile")
}

/// Street types that make a street line alone (USPS primary suffixes that are rarely
/// anything else, their abbreviations, and British and Australian ones). Longer before
/// shorter: the regex takes the first alternative that matches.
const STRONG_TYPES: &str = "Street|Streets|St|Str|Avenue|Ave|Av|Boulevard|Blvd|Road|Rd|Drive|Dr|Lane|Ln|Court|Ct|Place|Pl|Terrace|Terr|Ter|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Alley|Aly|Plaza|Plz|Square|Sq|Trail|Trl|Way|Wy|Close|Crescent|Cres|Grove|Gardens|Gdns|Mews|Row|Parade|Pde|Esplanade|Expressway|Expy|Freeway|Fwy|Turnpike|Tpke|Causeway|Cswy|Loop|Pike|Motorway|Bypass|Byp|Boulevard|Broadway|Walk|Roads|Avenues|Drives|Lanes|Courts|Places|Terraces|Parkways|Trafficway|Throughway|Stravenue|Circuit|Cct|Promenade|Wynd|Circlet|Riverway|Centreway|Footway|Walkway|Pathway|Laneway|Alleyway|Driveway|Crossway|Cruiseway|Ridgeway|Squares|Crescents|Cul-de-sac|Extensions";
/// Street types that are also ordinary nouns (`Park`, `Center`, `Station`): a street line
/// with one of them needs a unit or city line to count.
const WEAK_TYPES: &str = "Alley|Annex|Anx|Arcade|Arc|Bayou|Beach|Bend|Bluffs?|Bottom|Branch|Bridge|Brooks?|Burg|Camp|Canyon|Cyn|Cape|Center|Centre|Ctr|Circles|Cliffs?|Club|Commons?|Corners?|Course|Courts|Coves?|Creek|Crk|Crest|Crossing|Xing|Crossroads?|Curve|Dale|Dam|Divide|Drives|Estates?|Extension|Ext|Falls?|Ferry|Fields?|Flats?|Fords?|Forest|Forges?|Forks?|Fort|Ft|Garden|Gateway|Glens?|Greens?|Groves|Harbou?rs?|Haven|Heights|Hts|Hills?|Hollow|Inlet|Islands?|Isle|Junctions?|Jct|Keys?|Knolls?|Lakes?|Landing|Light|Lodge|Mall|Manors?|Meadows?|Mills?|Mission|Mount|Mt|Mountains?|Neck|Orchard|Oval|Overpass|Park|Parks|Pass|Passage|Path|Pines?|Plains?|Point|Pt|Points|Ports|Port|Prairie|Ramp|Ranch|Rapids?|Rest|Ridges?|River|Run|Shoals?|Shores?|Skyway|Spring|Springs|Spur|Station|Sta|Stream|Summit|Trace|Track|Tunnel|Underpass|Union|Valley|Vly|Viaduct|View|Views|Village|Vlg|Ville|Vista|Wall|Wells?|Green|Gate|Hill|Quay|Wharf|Yard|Anex|Burgs|Bottoms|Centers|Centres|Clubs|Cliffs|Estates|Expressways|Forges|Forks|Harbors|Harbours|Islands|Isles|Junctions|Land|Lights|Loaf|Locks?|Lodges|Mountains|Orchards|Passes|Plains|Radial|Ridges|Rue|Spurs|Streams|Summits|Trailer|Tunnels|Unions?|Valleys|Villages|Walks|Ways|Access|Amble|Approach|Brace|Brae|Break|Brow|Chase|Circus|Concourse|Copse|Cross|Cutting|Dell|Deviation|Dip|Edge|Elbow|End|Entrance|Fairway|Follow|Front|Frontage|Gap|Glade|Grange|Ground|Gully|Lees|Line|Link|Lookout|Lower|Meander|Nook|Outlook|Part|Piazza|Pocket|Quad|Quadrant|Range|Reach|Reserve|Retreat|Ride|Rise|Round|Siding|Slope|Sound|Steps|Strand|Strip|Tarn|Top|Tor|Towers|Turn|Upper|Vale|Villas|Wade|Ring|Nagar|Marg|Chowk|Zila|Colony|Ganj|Bazar|Vihar|Enclave|Layout|Puram";
/// Street types that are abbreviations: a period after them belongs to the address.
const ABBREVIATIONS: &[&str] = &[
    "st", "str", "ave", "av", "blvd", "rd", "dr", "ln", "ct", "pl", "ter", "terr", "pkwy", "hwy",
    "cir", "aly", "plz", "sq", "trl", "wy", "cres", "gdns", "pde", "expy", "fwy", "tpke", "cswy",
    "byp", "anx", "arc", "cyn", "ctr", "crk", "ext", "ft", "hts", "jct", "mt", "pt", "sta", "vly",
    "vlg",
];
/// Directions before or after a street name.
const DIRECTION: &str =
    r"(?:North|South|East|West|Northeast|Northwest|Southeast|Southwest|NE|NW|SE|SW|N|S|E|W)\.?";
/// Numbers spelled out at the start of a street line (`One Market Street`).
const SPELLED: &str = "(?:Twenty|Thirty|Forty|Fifty|Sixty|Seventy|Eighty|Ninety)(?:[- ](?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine))?|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|Thirteen|Fourteen|Fifteen|Sixteen|Seventeen|Eighteen|Nineteen";
/// A house number: `1234`, `221B`, `12-14`, `12 1/2`.
const HOUSE: &str =
    r"\d{1,5}(?:[A-Za-z](?-u:\b)|-\d{1,5}[A-Za-z]?(?-u:\b)|/\d{1,3}[A-Za-z]?(?-u:\b)| 1/2)?";
/// A word of a street's name: capitalised (any script), an ordinal (`3rd`), a single capital
/// (`J Street`), or a lowercase word (refused later when it reads as prose).
const NAME_WORD: &str = r"(?:\p{Lu}[\p{L}\p{M}'’.-]*|\d{1,3}(?:st|nd|rd|th)|\p{Ll}[\p{Ll}'’-]*)";
/// Little words inside street and city names of the Romance and Germanic languages.
const CONNECTOR: &str = r"(?:de|del|della|delle|dei|degli|di|da|dos|das|do|la|le|les|du|des|von|van|der|den|dem|y|e|et|am|an|im|auf|of|the|San|Santa)";
/// Street words that come before the name, with the number after it (or before, in French).
/// Case-sensitive where the word is also English (`Via`, `Place`, `Route`).
const PREFIX_TYPES: &str = r"(?:Via|Viale|viale|Piazza|piazza|Piazzale|piazzale|Corso|corso|Largo|largo|Vicolo|vicolo|Strada|strada|Contrada|[Cc]alle|C/|[Aa]venida|Avda\.|Av\.|Avd\.|[Pp]aseo|Pº|[Pp]laza|[Pp]laça|[Cc]arrer|[Cc]arrera|Cra\.|[Cc]amino|[Cc]arretera|[Rr]onda|[Tt]ravesía|[Rr]ambla|[Rr]ua|[Tt]ravessa|[Pp]raça|[Aa]lameda|[Ee]strada|[Rr]ue|Jalan|Jln\.?|Avenue|Boulevard|Bd|Bld|[Cc]hemin|Place|[Aa]llée|[Ii]mpasse|[Qq]uai|Cours|Route|[Uu]l\.|[Uu]lica|[Aa]l\.|[Aa]leja|pl\.|[Pp]lac|os\.|[Oo]siedle|[Cc]alea|[Bb]ulevardul|[Ss]trada|[Bb]oulevard|ул\.|улица|пр\.|пр-т|проспект|пер\.|переулок|бул\.|бульвар|шоссе|наб\.|набережная|пл\.|площадь|вул\.|вулиця)";
/// More street words of the Romance languages before the name (Italian, Spanish, Mexican,
/// Portuguese and Brazilian), taken only with a capitalised name after them.
const ROMANCE_PREFIXES: &str = r"(?:Stretto|Rotonda|Borgo|Canale|Incrocio|Galleria|Salita|Vico|Acceso|Bajada|Callejón|Cañada|Cuesta|Glorieta|Pasadizo|Pasaje|Urbanización|Vía|Andador|Calzada|Cerrada|Circuito|Circunvalación|Continuación|Corredor|Diagonal|Peatonal|Periférico|Privada|Prolongación|Retorno|Viaducto|Aeroporto|Área|Campo|Chácara|Colônia|Condomínio|Conjunto|Distrito|Esplanada|Estação|Fazenda|Feira|Jardim|Ladeira|Lagoa|Loteamento|Morro|Núcleo|Parque|Passarela|Pátio|Quadra|Recanto|Residencial|Rodovia|Setor|Sítio|Trecho|Trevo|Vereda|Viaduto|Viela|Vila|Beco|Calçada|Caminho|Rotunda|Quinta|Bairro|Av|avenue|boulevard|chemin|allée|impasse|quai|sentier|ruelle|Sentier|Ruelle|Faubourg|Voie|Promenade|Esplanade|Na|Nad|Pod|Před|Za|Ke|Při|Mezi|U)";
/// French-style street words after a leading number (`45 rue de Rivoli`).
const FRENCH_TYPES: &str = r"(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Bb]d|[Cc]hemin|[Aa]llée|[Ii]mpasse|[Qq]uai|[Cc]ours|[Pp]lace|[Rr]oute|[Pp]assage|[Ss]quare|[Rr]uelle|[Vv]ia|[Cc]alle|Jalan|Jln\.?|[Mm]ontée|[Rr]ang|[Cc]ôte|[Cc]roissant|[Tt]errasse|[Ss]entier|[Vv]oie|[Pp]romenade)";
/// Suffixes of compound street names (`Bahnhofstrasse`, `Kerkstraat`, `Storgatan`).
const COMPOUND_SUFFIXES: &str = r"(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|chaussee|steig|pfad|stieg|markt|graben|straat|laan|gracht|plein|kade|singel|dijk|gatan|vägen|gata|väg|gränd|torget|vej|gade|stræde|plads|veien|vegen|gaten|katu|tie|kuja|ring|hof|baan|steeg|dreef|stigen|backen|gränd)";
/// Separate street words after the name (`Berliner Straße 12`, `Atatürk Caddesi No: 5`).
const SUFFIX_WORDS: &str = r"(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Damm|Ufer|Caddesi|Cad\.|Cd\.|Sokak|Sokağı|Sok\.|Sk\.|Bulvarı|Blv\.|Bulv\.|Plads|Gade|Vej|Allé|Torv|gata|gatan|vei|veien|vej|gade|út|utca|útja|tér|körút|náměstí|ulice|třída|nábřeží|sokak|caddesi|tie|katu|kuja|polku|bulevardi|väylä|raitti|kaari|rinne|aukio|ranta|tori)";
/// `n.`, `nº`, `No:` between a street and its number.
const NUMBER_SIGN: &str = r"(?:(?:n[º°o]?\.?|N[º°o]\.?|No:|Nr\.?|#|д\.|дом)\s*)";
/// A house number after the street: `12`, `5a`, `10/12`, `32-16`.
const HOUSE_AFTER: &str =
    r"S/N|s/n|\d{1,5}[a-zA-Z]?(?:[/-](?:\d{1,4}[a-zA-Z]?|[A-Za-z](?-u:\b))){0,2}";

/// US state and territory codes, Canadian provinces, Australian states.
const REGION_CODES: &str = "SA|COL|MEX|DF|Q\\. ROO|AS|FM|MH|MP|PW|AGS|BCS|CAMP|CHIS|CHIH|COAH|CDMX|DGO|GTO|GRO|HGO|JAL|MICH|MOR|NAY|OAX|PUE|QRO|QROO|SLP|SIN|SON|TAB|TAMPS|TLAX|VER|YUC|ZAC|AA|AE|AP|AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI|ON|QC|BC|AB|MB|SK|NS|NB|NL|PE|YT|NT|NU|NSW|VIC|QLD|TAS|ACT";
const STATE_NAMES: &str = "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|District of Columbia|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Ontario|Quebec|Québec|British Columbia|Alberta|Manitoba|Saskatchewan|Nova Scotia|New Brunswick|New South Wales|Victoria|Queensland|Tasmania";
/// Countries, in English and in their own languages.
const COUNTRIES: &str = "United States of America|United States|USA|U\\.S\\.A\\.|U\\.S\\.|US|United Kingdom|UK|U\\.K\\.|Great Britain|England|Scotland|Wales|Northern Ireland|Ireland|Éire|Canada|Australia|New Zealand|Germany|Deutschland|Switzerland|Schweiz|Suisse|Svizzera|Austria|Österreich|France|Belgium|Belgique|België|Netherlands|The Netherlands|Nederland|Luxembourg|Italy|Italia|Spain|España|Portugal|Brazil|Brasil|Mexico|México|Argentina|Chile|Colombia|Peru|Perú|Poland|Polska|Czech Republic|Czechia|Česko|Slovakia|Hungary|Magyarország|Romania|România|Bulgaria|Greece|Turkey|Türkiye|Sweden|Sverige|Norway|Norge|Denmark|Danmark|Finland|Suomi|Iceland|Estonia|Latvia|Lithuania|Russia|Ukraine|Japan|China|India|Singapore|South Korea|Korea|Philippines|Israel|South Africa|Nigeria|Kenya|Egypt|Morocco|Česká republika|Česko|Vietnam|Viet Nam|Việt Nam|Mexico|Hrvatska|Slovensko";

/// A city's name: capitalised words, with the little words that join them.
const CITY: &str = r"(?:(?:St|Ste|Mt|Ft)\.|\p{Lu}[\p{L}\p{M}'’-]*)(?:[ \u{a0}]{1,2}(?:(?:de|del|della|di|da|do|dos|das|la|le|les|los|las|sur|sous|en|am|an|der|im|bei|ob|upon|on|nad|pod|u|d'|l')[ \u{a0}]{1,2}){0,2}(?:(?:St|Ste|Mt|Ft)\.|\p{Lu}[\p{L}\p{M}'’-]*)){0,4}";
/// A city's name before a postcode or a region that ends it: any words after a capitalised
/// one (`San Isaac los altos`, `Saint- Grégoire`, `Ville Rosalie -sur-Mer`).
const CITY_LOOSE: &str = r"\p{Lu}[\p{L}\p{M}'’.-]*(?:[ \u{a0}]{1,2}[\p{L}\p{M}'’.-]+){0,5}";
/// Postcodes written before the city (`8001`, `75001`, `1012 AB`, `00-950`, `114 55`,
/// `1100-148`, `01310-100`, `CH-8001`).
const POSTCODE_BEFORE_CITY: &str = r"(?:[A-Z]{1,2}-\s?)?(?:[A-Z]\d{4}(?:[A-Z]{3})?|\d{4}\s?[A-Z]{2}|\d{5}-\d{3}|\d{4}-\d{3}|\d{2}-\d{3}|\d{3}\s\d{2}|\d{8}|\d{4,5})";
/// Postcodes written after the city with letters in them: British, Canadian, Irish.
const LETTER_POSTCODE: &str = r"(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d|[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y0-9]{4})(?-u:\b)";
/// Postcodes of digits written after the city: Japanese, Brazilian, and plain.
const DIGIT_POSTCODE: &str = r"(?:\d{3}-\d{4}|\d{5}-\d{3}|\d{4,6})";

// ---- street lines -------------------------------------------------------------------------

/// Number first, street type last.
static NUMBER_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<num>{HOUSE}|{SPELLED})(?:(?P<comma>,)?[ \u{{a0}}]{{1,2}}|(?P<newline>,?[ \u{{a0}}]*\r?\n[ \u{{a0}}]*))(?:{DIRECTION}[ \u{{a0}}]{{1,2}})?(?P<names>{NAME_WORD}(?:[ \u{{a0}}]{{1,2}}{NAME_WORD}){{0,3}})[ \u{{a0}}]{{1,2}}(?P<type>(?i:{STRONG_TYPES})|(?i:{WEAK_TYPES}))(?-u:\b)(?P<dot>\.)?(?:[ \u{{a0}}]{{1,2}}{DIRECTION}(?-u:\b))?"
    ))
});
/// Number first, then a street word that comes before the name (`45 rue de Rivoli`), or a
/// numbered route (`12 State Route 9`, `4400 Highway 50`), or `1234 Avenue J`.
static NUMBER_THEN_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<num>{HOUSE})(?:,)?[ \u{{a0}}]{{1,2}}(?:(?:{DIRECTION}[ \u{{a0}}]{{1,2}})?(?:(?:State|US|U\.S\.|County|Farm to Market|Ranch|Interstate)[ \u{{a0}}]{{1,2}})?(?:Route|Rte\.?|Highway|Hwy\.?|Road|Rd\.?|Interstate|SR|CR|FM)[ \u{{a0}}]{{1,2}}\d{{1,4}}[A-Z]?(?-u:\b)(?:[ \u{{a0}}]{{1,2}}{DIRECTION}(?-u:\b))?|Avenue[ \u{{a0}}]{{1,2}}[A-Z](?-u:\b)|{FRENCH_TYPES}[ \u{{a0}}]{{1,2}}(?:{CONNECTOR}[ \u{{a0}}]{{1,2}}|(?:d|l)['’])*\p{{Lu}}[\p{{L}}\p{{M}}'’-]*(?:[ \u{{a0}}]{{1,2}}(?:{CONNECTOR}[ \u{{a0}}]{{1,2}}|(?:d|l)['’])*\p{{Lu}}[\p{{L}}\p{{M}}'’-]*){{0,3}})"
    ))
});
/// Street word first, house number last (`Via Roma 3`, `Avenida Paulista, 1578`), compound
/// street words (`Bahnhofstrasse 12`), and street words after the name (`Berliner Straße 5`).
static WORD_THEN_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:{PREFIX_TYPES}(?:[ \u{{a0}}]{{1,2}}\d{{1,3}}(?:st|nd|rd|th|ª|º|[A-Z])?|(?:[ \u{{a0}}]{{1,2}}(?:{CONNECTOR}[ \u{{a0}}]{{1,2}}|(?:d|l|dell)['’])*\p{{Lu}}[\p{{L}}\p{{M}}'’.-]*){{1,4}})|\p{{Lu}}[\p{{L}}-]{{2,}}?(?:{COMPOUND_SUFFIXES}|-(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm))|(?:\p{{Lu}}[\p{{L}}\p{{M}}'’.-]*[ \u{{a0}}]{{1,2}}){{1,4}}{SUFFIX_WORDS}|(?:\p{{Lu}}\p{{L}}+[ \u{{a0}}]){{0,2}}\p{{Lu}}\p{{L}}+s[ \u{{a0}}]gate),?[ \u{{a0}}]{{1,2}}{NUMBER_SIGN}?(?P<num>{HOUSE_AFTER})(?:[ \u{{a0}}]*(?:#|No\.?|N°)[ \u{{a0}}]*\d{{1,3}}[A-Z]?[ \u{{a0}}]*-[ \u{{a0}}]*\d{{1,3}})?(?P<second>[ \u{{a0}}]\d{{1,4}})?"
    ))
});
/// The same with the street words of the Romance languages that [`WORD_THEN_NUMBER`] does not
/// have (`Stretto Abatantuono, 87`, `R. das Tágides, 29`), and compound street words after an
/// adjective (`Lille Fredensvej 117`): apart, as one regex they are slow.
static ROMANCE_THEN_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:(?:Lille|Store|Gamle|Nye|Nørre|Søndre|Vester|Øster|Alte|Neue|Große|Kleine|Obere|Untere|Oude|Nieuwe|Korte|Lange|Grote|Hoge|Stora|Lilla|Norra|Södra|Östra|Västra|Gamla|Nya|Vanha|Uusi|Iso|Pikku)[ \u{{a0}}]\p{{Lu}}[\p{{L}}-]{{2,}}?{COMPOUND_SUFFIXES}|{ROMANCE_PREFIXES}(?:[ \u{{a0}}]{{1,2}}(?:{CONNECTOR}[ \u{{a0}}]{{1,2}}|(?:d|l|dell)['’])*\p{{Lu}}[\p{{L}}\p{{M}}'’.-]*){{1,4}}|R\.(?:[ \u{{a0}}]{{1,2}}(?:{CONNECTOR}[ \u{{a0}}]{{1,2}})*\p{{Lu}}[\p{{L}}\p{{M}}'’.-]*){{1,4}},),?[ \u{{a0}}]{{1,2}}{NUMBER_SIGN}?(?P<num>{HOUSE_AFTER})(?P<second>[ \u{{a0}}]\d{{1,4}})?"
    ))
});
/// A unit line, then a street without a number (`Flat 12\nSmith Street`): an address only
/// when a postcode line follows.
static UNIT_THEN_STREET: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:Flat|Studio|Apartment|Apt\.?|Unit|Suite)[ \u{{a0}}]\d{{1,4}}[A-Za-z]?,?[ \u{{a0}}]*\r?\n?[ \u{{a0}}]*\p{{Lu}}[\p{{L}}'’-]*(?:[ \u{{a0}}]\p{{Lu}}[\p{{L}}'’-]*){{0,2}}[ \u{{a0}}](?i:{STRONG_TYPES}|{WEAK_TYPES})(?-u:\b)"
    ))
});
/// US military mail: a ship or a PSC box, before its `APO AE 09001` line.
static MILITARY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:USNS|USNV|USS|USCGC)[ \u{a0}]\p{Lu}[\p{L}'’-]+|(?:PSC|CMR|Unit)[ \u{a0}]\d{4},?[ \u{a0}]Box[ \u{a0}]\d{4}",
    )
});
/// Post office boxes and rural routes.
static BOX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"H\.[ \u{a0}]?No\.[ \u{a0}]?\d{1,5}(?:[-/]\d{1,5}){0,3}|(?:Flat|Apt\.?|Apartment)[ \u{a0}]\d{1,4}[A-Z]?,[ \u{a0}]\p{Lu}[\p{L}\p{M}]+(?:[ \u{a0}]\p{Lu}[\p{L}\p{M}]+){0,2}[ \u{a0}](?:Apartments|Residency|Towers|Enclave|Complex|Society|Niwas|Bhavan|Sadan)(?:,[ \u{a0}](?:\p{Lu}[\p{L}\p{M}]*[ \u{a0}]){1,3}(?:Road|Marg|Street|Salai|Nagar|Colony|Main|Cross))?|POB[ \u{a0}]?\d{1,6}(?-u:\b)|Postfach[ \u{a0}]\d{1,2}(?:[ \u{a0}]\d{2}){1,2}|(?i:P\.?[ \u{a0}]?O\.?[ \u{a0}]?Box|Post[ \u{a0}]{1,2}Office[ \u{a0}]{1,2}Box|P\.O\.B\.|Postfach|Apartado(?:[ \u{a0}]{1,2}de[ \u{a0}]{1,2}Correos)?|Casilla(?:[ \u{a0}]{1,2}de[ \u{a0}]{1,2}Correo)?|Caixa[ \u{a0}]{1,2}Postal|Case[ \u{a0}]{1,2}postale|Postbus)[ \u{a0}]*(?:#|No\.?)?[ \u{a0}]*\d{1,6}(?:[ \u{a0}]\d{2,4})?|(?:R\.?R\.?|H\.?C\.?R?|Rural[ \u{a0}]{1,2}Route|Highway[ \u{a0}]{1,2}Contract|Star[ \u{a0}]{1,2}Route)[ \u{a0}]*#?[ \u{a0}]*\d{1,4}(?:,?[ \u{a0}]*Box[ \u{a0}]*#?[ \u{a0}]*\d{1,6})?",
    )
});
/// A name and a number without a street word (`Damrak 1`): an address only when a postcode
/// and city follow.
static NAME_THEN_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\p{Lu}[\p{L}\p{M}'’-]*(?:[ \u{a0}]{1,2}(?:(?:de|del|di|da|la|le|du|des|den|der|van|von)[ \u{a0}])?\p{Lu}[\p{L}\p{M}'’-]*){0,2},?[ \u{a0}]{1,2}\d{1,5}[a-zA-Z]?",
    )
});
/// Chinese and Japanese addresses: a province, city or ward, then a street and number
/// (`北京市朝阳区建国路88号`, `東京都渋谷区道玄坂1-2-3`); Korean road addresses after their
/// district (`서울특별시 강남구 테헤란로 152`).
static EAST_ASIAN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:〒?\d{3}-\d{4}[ \u{3000}]*)?[\p{Han}\p{Katakana}\p{Hiragana}ー]{1,10}(?:都|道|府|県|省|市|区|郡)[\p{Han}\p{Katakana}\p{Hiragana}ー]{0,20}(?:[0-9０-９]{1,4}(?:号|番地|番)|[0-9０-９]{1,2}丁目[0-9０-９]{1,4}(?:番地?|[-－])?(?:[0-9０-９]{1,4}号?)?|[0-9０-９]{1,4}(?:[-－][0-9０-９]{1,4}){1,2})|(?:[가-힣]{1,10}(?:시|도|구|군)[ \u{a0}]){1,3}[가-힣0-9]{1,15}(?:로|길)[ \u{a0}]?\d{1,4}(?:-\d{1,4})?",
    )
});
/// A number and a name without a street word (`2110 San Jacinto`, `5519 Clarkston`): an address
/// only when a postcode line follows.
static NUMBER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\d{{2,6}}[ \u{{a0}}]{{1,2}}(?:{DIRECTION}[ \u{{a0}}])?\p{{Lu}}[\p{{L}}'’-]+(?:[ \u{{a0}}]\p{{Lu}}[\p{{L}}'’-]+){{0,2}}"
    ))
});
/// A Romance street without a number (`Núcleo Siqueira`, `Praça de Leão`): an address only
/// when a postcode and city follow.
static ROMANCE_NO_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:{ROMANCE_PREFIXES}|Rua|Avenida|Travessa|Praça|Alameda|Estrada|Largo|Calle|Via|Viale|Piazza)(?:[ \u{{a0}}]{{1,2}}(?:{CONNECTOR}[ \u{{a0}}]{{1,2}})*\p{{Lu}}[\p{{L}}\p{{M}}'’-]*){{1,3}}"
    ))
});
/// A French street without a number (`rue Robert`, `boulevard Joye`): an address only when a
/// postcode and city follow.
static FRENCH_NO_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Cc]hemin|[Aa]llée|[Ii]mpasse|[Qq]uai|[Rr]oute)(?:[ \u{{a0}}]{{1,2}}(?:{CONNECTOR}[ \u{{a0}}]{{1,2}}|(?:d|l)['’])*\p{{Lu}}[\p{{L}}\p{{M}}'’-]*){{1,3}}"
    ))
});
/// Vietnamese street lines: a number (`Số 6/89`), a lane or quarter (`Ngõ 27`, `Hẻm 52`,
/// `Khu 13`), a street (`phố Võ Văn Tần`, `Đường 84`).
static VIETNAMESE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:Số[ \u{a0}])?\d{1,4}(?:/\d{1,4}){0,2}[ \u{a0}](?:(?:Ngõ|Ngách|Hẻm|Kiệt|Khu|Khóm|Tổ|Ấp|Thôn|Xóm)[ \u{a0}]\d{1,4}[ \u{a0}](?:(?:[Đđ]ường|[Pp]hố)[ \u{a0}](?:số[ \u{a0}])?)?|(?:[Đđ]ường|[Pp]hố)[ \u{a0}](?:số[ \u{a0}])?)(?:\p{Lu}[\p{L}\p{M}]*|\d{1,3}(?-u:\b))(?:[ \u{a0}](?:\p{Lu}[\p{L}\p{M}]*|\d{1,3}(?-u:\b))){0,4}",
    )
});
/// Words of which one is in every Vietnamese street line.
static VIETNAMESE_HINT: LazyLock<Regex> =
    LazyLock::new(|| re(r"Ngõ|Ngách|Hẻm|Kiệt|Khu |Khóm|Tổ |Ấp |Thôn|Xóm|[Đđ]ường|[Pp]hố"));
/// Japanese block numbers with their district and ward (`1-2-3 Shibuya, Shibuya-ku`).
static JAPANESE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\d{1,4}-\d{1,4}(?:-\d{1,4})?,?[ \u{a0}]{1,2}\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?:,[ \u{a0}]*\p{Lu}\p{Ll}+-(?:ku|shi|cho|machi|gun))|(?:\p{Lu}\p{Ll}+-(?:to|fu|ken|dō|do),?[ \u{a0}])?\p{Lu}\p{Ll}+-(?:ku|shi|cho|machi|gun),?[ \u{a0}]\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?,?[ \u{a0}]\d{1,4}-\d{1,4}(?:-\d{1,4})?(?-u:\b)",
    )
});

// ---- what may follow a street line --------------------------------------------------------

/// Between parts: a comma, spaces, or one line break (no blank line).
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\A(?:[ \t\u{a0}]*,[ \t\u{a0}]*(?:\r?\n[ \t\u{a0}]*)?|[ \t\u{a0}]*\r?\n[ \t\u{a0}]*|[ \u{a0}][-–][ \u{a0}]|[ \u{a0}]{1,2})",
    )
});
/// A unit: `Apt 5B`, `Suite 210`, `Unit #3`, `# 12`, `Bldg 4`, `Rm 12`, `2º B`, `3rd Floor`.
static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\A(?:кв\.?[ \u{a0}]*\d{1,5}|(?i:apartment|appartamento|piano|interno|int|scala|puerta|porta|apt|unit|suite|ste|bldg|building|room|rm|floor|fl|flat|dept|lot|space|spc|trlr|pmb|apto|app|piso|planta|whg|kv|lok|bus|interior|edif|edificio|depto|departamento|local|bloco|bloque|sala|andar|esc|escalera|portal|daire|kat|level|lvl)(?-u:\b)\.?[ \u{a0}]*(?:#[ \u{a0}]*|(?i:no)\.?[ \u{a0}]*)?(?:[A-Za-z]?\d{1,5}[A-Za-z]?(?:-[A-Za-z0-9]{1,4})?|[A-Za-z])|#[ \u{a0}]*\d{1,5}[A-Za-z]?(?:-\d{1,4})?|D:[ \u{a0}]?\d{1,4}(?-u:\b)|RD[ \u{a0}]\d{1,2}(?-u:\b)|\d{1,2}[ \u{a0}]?[º°ª](?:[ \u{a0}]?(?:izq(?:da)?\.?|dcha\.?|[A-Za-z](?-u:\b)))?|\d{1,2}(?:st|nd|rd|th)[ \u{a0}]{1,2}(?i:floor|fl\.?))",
    )
});
/// A US, Canadian or Australian city line: city, state or province, ZIP or postcode.
static REGION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\A(?:{CITY_LOOSE},?[ \u{{a0}}]{{1,2}}(?:{REGION_CODES}|{STATE_NAMES})(?-u:\b),?[ \u{{a0}}]{{1,3}}(?:\d{{5}}(?:-\d{{4}})?|[A-Z]\d[A-Z][ \u{{a0}}]?\d[A-Z]\d|\d{{4}})|(?:{CITY},?[ \u{{a0}}]{{1,2}})?(?:{REGION_CODES}|{STATE_NAMES})(?-u:\b)(?:,?[ \u{{a0}}]{{1,3}}(?:\d{{5}}(?:-\d{{4}})?|[A-Z]\d[A-Z][ \u{{a0}}]?\d[A-Z]\d|\d{{4}}))?)"
    ))
});
/// Postcode then city (`8001 Zürich`, `75001 Paris Cedex 08`).
static POSTCODE_CITY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\A(?:{POSTCODE_BEFORE_CITY}|\d{{5}},)[ \u{{a0}}]{{1,2}}(?:(?:da|de|do|dos|das)[ \u{{a0}}])?{CITY}(?:[ \u{{a0}}]\d{{1,2}}(?-u:\b))?(?:[ \u{{a0}}]?(?:\([A-Z]{{2}}\)|/[ \u{{a0}}]?[A-Z]{{2}}(?-u:\b)|/\p{{Lu}}[\p{{L}}\p{{M}}]+))?(?:[ \u{{a0}}]{{1,2}}(?i:cedex)(?:[ \u{{a0}}]{{1,2}}\d{{1,2}})?)?"
    ))
});
/// Postcode then a city of any words (`747 42 Kostelec nad Černými lesy`), taken only when the
/// line ends after it.
static POSTCODE_CITY_LOOSE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\A{POSTCODE_BEFORE_CITY}[ \u{{a0}}]{CITY}(?:[ \u{{a0}}]\p{{Ll}}[\p{{Ll}}\p{{M}}'’-]*){{1,2}}"
    ))
});
/// City then postcode (`London SW1A 2AA`, `Tokyo 150-0002`), or a postcode on its own.
static CITY_POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\A(?:{CITY_LOOSE}[ \u{{a0}}]\((?:Québec|Quebec|QC|Ontario|ON)\)[ \u{{a0}}]{{1,2}}{LETTER_POSTCODE}|(?:{CITY},?[ \u{{a0}}]{{1,2}})?{LETTER_POSTCODE}|\d{{4}}[ \u{{a0}}]?[A-Z]{{2}}|(?:{CITY}(?:[ \u{{a0}}]{{1,2}}|[ \u{{a0}}]{{0,2}}-[ \u{{a0}}]{{0,2}}))?{DIGIT_POSTCODE})"
    ))
});
/// A Japanese ward or city (`Shibuya-ku`).
static WARD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\A(?:(?:Col\.|Colonia|Fracc\.|Fraccionamiento)[ \u{{a0}}]{{1,2}}{CITY}|(?:Jal|Pue|Yuc|Qro|Gto|Mich|Ver|Oax|Chih|Coah|Son|Sin|Tamps|Hgo|Mor|Gro|Ags|Dgo|Zac|Nay|Tab|Camp|Chis|Tlax|Edo\.[ \u{{a0}}]Méx)\.|N\.[ \u{{a0}}]?L\.|B\.[ \u{{a0}}]?C\.(?:[ \u{{a0}}]?S\.)?|Q\.[ \u{{a0}}]?R(?:oo)?\.|\p{{Lu}}\p{{Ll}}+-(?:ku|shi|cho|machi|gun|ken)|{CITY}[ \u{{a0}}](?:District|New[ \u{{a0}}]Area|County|Prefecture|Province|Township|Subdistrict)|(?:[Pp]hường|[Xx]ã|[Qq]uận|[Hh]uyện|[Tt]hị[ \u{{a0}}](?:trấn|xã)|[Tt]hành[ \u{{a0}}]phố|TP\.|[Tt]ỉnh)[ \u{{a0}}]{{1,2}}(?:\p{{Lu}}[\p{{L}}\p{{M}}]*|\d{{1,3}}(?-u:\b))(?:[ \u{{a0}}](?:\p{{Lu}}[\p{{L}}\p{{M}}]*|\d{{1,3}}(?-u:\b))){{0,3}}(?:[ \u{{a0}}]\d{{5,6}})?)"
    ))
});
static COUNTRY: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"\A(?i:{COUNTRIES})")));
/// A city, a comma and a postcode of digits, taken only when the address ends after it.
static CITY_COMMA_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\A{CITY},[ \u{{a0}}]{DIGIT_POSTCODE}")));
/// A city alone, taken only when the address ends after it.
static CITY_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\A{CITY}(?:[ \u{{a0}}]\d{{1,2}}(?-u:\b)|/\p{{Lu}}[\p{{L}}\p{{M}}]+)?"
    ))
});
/// English words ending in `-ing` (`Gathering`, `Spring`): not compound street names with
/// `-ring` (`Adlerring`).
static ENGLISH_ING: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/words.txt")
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.ends_with("ing"))
        .collect()
});
/// A unit word just before a unit and number (`Unit 5/22`).
static UNIT_WORD_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:Unit|Flat|Apt\.?|Apartment|Suite|Level|Shop|Villa)[ \u{a0}]\z"));
/// A postcode alone (`T96 CN1D`, `5795 RC`, `8220`).
static BARE_POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\A(?:{LETTER_POSTCODE}|\d{{4}}[ \u{{a0}}]?[A-Z]{{2}}|\d{{4,5}})\z"
    ))
});
/// A number sign before a house number, at the end of the text before it.
static NUMBER_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:H\.[ \u{a0}]?No\.|No\.|Nº|N°|Số)[ \u{a0}]\z"));
/// A unit just before a street line (`Flat 3, `, `Apt 5, `).
static UNIT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:Flat|FLAT|Apartment|Apt\.?|Unit|Suite|Ste\.?|Room|Rm\.?|Bldg\.?|Building|Floor|Level|Lvl\.?|Shop|Villa|Studio)[ \u{a0}]*#?[ \u{a0}]*[A-Za-z]?\d{1,5}[A-Za-z]?,?(?:[ \u{a0}]{1,2}|\r?\n)\z",
    )
});

/// Words before a number that make it something else than a house number.
const NOT_AFTER: &[&str] = &[
    "attachment",
    "appendix",
    "schedule",
    "annex",
    "form",
    "question",
    "q",
    "task",
    "week",
    "day",
    "session",
    "round",
    "game",
    "season",
    "episode",
    "team",
    "group",
    "zone",
    "area",
    "agenda",
    "exhibits",
    "section",
    "sec",
    "sections",
    "§",
    "case",
    "cases",
    "page",
    "pages",
    "p",
    "pp",
    "chapter",
    "ch",
    "article",
    "art",
    "item",
    "items",
    "exhibit",
    "ex",
    "figure",
    "fig",
    "table",
    "version",
    "v",
    "no",
    "nos",
    "number",
    "num",
    "room",
    "rm",
    "order",
    "permit",
    "line",
    "lines",
    "rule",
    "ordinance",
    "resolution",
    "bill",
    "code",
    "title",
    "part",
    "para",
    "paragraph",
    "clause",
    "docket",
    "file",
    "ref",
    "invoice",
    "account",
    "acct",
    "id",
    "vol",
    "volume",
    "step",
    "phase",
    "grade",
    "level",
    "floor",
    "building",
    "bldg",
    "unit",
    "suite",
    "apt",
    "lot",
    "parcel",
    "tract",
    "district",
    "ward",
    "precinct",
    "route",
    "highway",
    "interstate",
    "exit",
    "bus",
    "platform",
    "track",
    "channel",
    "station",
    "over",
    "under",
    "about",
    "approximately",
    "nearly",
    "almost",
    "than",
    "the",
    "these",
    "those",
    "all",
    "top",
    "first",
    "last",
    "next",
    "only",
    "just",
    "some",
    "every",
    "per",
    "x",
    "times",
    "minus",
    "plus",
];
/// Words before a year that make `2024 Main Street` a year and a street name.
const YEAR_AFTER: &[&str] = &[
    "and", "or", "through", "thru", "between", "in", "since", "by", "until", "till", "before",
    "after", "during", "from", "year", "fy", "circa", "early", "late", "mid", "spring", "summer",
    "fall", "autumn", "winter", "of", "to",
];
/// Words after a street type that make it part of a noun (`the 3 Main Street lights`).
const NOUNS_AFTER: &[&str] = &[
    "permit",
    "permits",
    "hotel",
    "hotels",
    "homes",
    "houses",
    "properties",
    "parcels",
    "applications",
    "plan",
    "plans",
    "study",
    "studies",
    "report",
    "reports",
    "light",
    "lights",
    "lamp",
    "lamps",
    "sign",
    "signs",
    "bus",
    "buses",
    "line",
    "lines",
    "project",
    "projects",
    "crossing",
    "crossings",
    "closure",
    "closures",
    "sweeper",
    "sweeping",
    "vendor",
    "vendors",
    "parking",
    "improvement",
    "improvements",
    "repair",
    "repairs",
    "tree",
    "trees",
    "name",
    "names",
    "residents",
    "businesses",
    "merchants",
    "corridor",
    "bridge",
    "extension",
    "widening",
    "paving",
    "festival",
    "fair",
    "parade",
    "market",
    "stops",
    "stop",
    "lanes",
    "segments",
    "segment",
    "blocks",
    "block",
];
/// Lowercase words that never make a street's name (`3 dogs on the road`).
const PROSE_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "on",
    "in",
    "to",
    "for",
    "and",
    "or",
    "with",
    "at",
    "by",
    "from",
    "my",
    "his",
    "her",
    "our",
    "their",
    "your",
    "its",
    "this",
    "that",
    "these",
    "those",
    "new",
    "old",
    "other",
    "more",
    "less",
    "same",
    "different",
    "each",
    "every",
    "all",
    "some",
    "any",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "more",
    "than",
    "into",
    "onto",
    "down",
    "up",
    "off",
    "times",
    "days",
    "weeks",
    "months",
    "years",
    "hours",
    "minutes",
    "miles",
    "blocks",
    "feet",
    "meters",
    "percent",
    "people",
    "cars",
    "lanes",
    "way",
    "ways",
    "per",
];
/// Lowercase words that may follow a lowercase street line (`1234 main street in Davis`).
const PROSE_AFTER_OK: &[&str] = &[
    "in", "and", "or", "is", "was", "near", "at", "on", "for", "to", "with", "where", "which",
    "apt", "unit", "suite", "but", "since", "from", "by",
];

/// Capitalised words that start a sentence or a label, never a city.
const NOT_CITIES: &[&str] = &[
    "In",
    "On",
    "At",
    "The",
    "A",
    "An",
    "And",
    "Or",
    "But",
    "From",
    "To",
    "Since",
    "By",
    "For",
    "Of",
    "If",
    "It",
    "We",
    "He",
    "She",
    "They",
    "I",
    "You",
    "This",
    "That",
    "Please",
    "ZIP",
    "Zip",
    "Postcode",
    "Tel",
    "Phone",
    "Fax",
    "Call",
    "Email",
    "Mail",
    "Room",
    "Suite",
    "Case",
    "Section",
    "Page",
    "Dear",
    "Hi",
    "Thanks",
    "Regards",
    "Sincerely",
    "Re",
    "Subject",
    "Date",
    "DOB",
    "Meeting",
    "Permit",
    "Order",
    "Total",
    "Item",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
/// Month names: `December 8, 2000` is a date, not a name and a number.
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];
/// Capitalised words that end like a compound street word and are not streets.
const NOT_STREETS: &[&str] = &["brigade", "renegade", "escapade", "aftermarkt"];

/// Lowercase words that may follow the end of an address (`12 Baker Street, London before
/// Friday`).
const CLAUSE_WORDS: &[&str] = &[
    "before",
    "after",
    "and",
    "or",
    "in",
    "on",
    "at",
    "by",
    "for",
    "to",
    "until",
    "with",
    "but",
    "where",
    "which",
    "since",
    "from",
    "is",
    "was",
    "as",
    "if",
    "when",
    "while",
    "so",
    "about",
    "regarding",
    "because",
    "then",
    "today",
    "yesterday",
];

/// What a street line needs after it to count as an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// Nothing: the street line is an address.
    Nothing,
    /// A unit, city, postcode or country (a weak street type such as `Park`).
    AnyPart,
    /// A postcode, or a state with its ZIP (a name and a number: `Damrak 1`).
    Postcode,
    /// A state or province with its ZIP or postcode (a number and a name: `2110 San Jacinto`).
    Region,
}

/// What kind of street line was found, and how sure it makes us.
#[derive(Debug, Clone, Copy)]
struct Street {
    start: usize,
    end: usize,
    score: f32,
    needs: Needs,
}

/// How an address grew after its street line.
struct Grown {
    end: usize,
    parts: usize,
    postcode: bool,
    /// A state or province with its ZIP or postcode joined.
    region: bool,
}

/// Street addresses in `text`: byte ranges and confidence, in text order, at most `limit + 1`.
pub(super) fn find(text: &str, limit: usize) -> Vec<(usize, usize, f32)> {
    let mut streets = streets(text);
    streets.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut out: Vec<(usize, usize, f32)> = vec![];
    for s in streets {
        if out.len() > limit {
            break;
        }
        if out.last().is_some_and(|l| s.start < l.1) {
            continue;
        }
        // A street line that needs a postcode needs a digit soon after it: most in prose
        // have none, and growing them is the costly part.
        if (s.needs == Needs::Postcode && !digit_soon(text, s.end))
            || (s.needs == Needs::Region
                && !has_digit_run(&text[s.end..window_end(text, s.end)], 4))
        {
            continue;
        }
        let Grown {
            end,
            parts,
            postcode,
            region,
        } = extend(text, s.end);
        let enough = match s.needs {
            Needs::Nothing => true,
            Needs::AnyPart => parts > 0,
            Needs::Postcode => postcode,
            Needs::Region => region,
        };
        if !enough {
            continue;
        }
        let start = unit_before(text, s.start);
        let score = if parts > 0 || start < s.start {
            SCORE_FULL
        } else {
            s.score
        };
        if out.last().is_some_and(|l| start < l.1) {
            continue;
        }
        out.push((start, end, score));
    }
    out
}

/// Every street line of the text, overlapping ones included.
fn streets(text: &str) -> Vec<Street> {
    let mut found = vec![];
    for c in NUMBER_FIRST.captures_iter(text) {
        let m = c.get(0).expect("match");
        let num = c.name("num").expect("number");
        let names = c.name("names").expect("names").as_str();
        let ty = c.name("type").expect("type").as_str();
        let spelled = num.as_str().starts_with(|ch: char| ch.is_alphabetic());
        let prefix = number_prefix(text, num.start()).or_else(|| {
            // `Unit 5/22 George St`: a unit and a number.
            num.as_str()
                .contains('/')
                .then(|| {
                    let from = window_before(text, num.start(), 16);
                    UNIT_WORD_BEFORE
                        .find(&text[from..num.start()])
                        .map(|u| from + u.start())
                })
                .flatten()
                .filter(|&at| starts_word(text, at))
        });
        if prefix.is_none() && !number_stands_alone(text, num.start(), num.end(), spelled) {
            continue;
        }
        // `2001, PLEASE TURN THAT IN`: a year and a comma.
        if c.name("comma").is_some() && year_like(num.as_str()) {
            continue;
        }
        let soft = (soft_before(text, num.start())
            || c.name("comma").is_some()
            || c.name("newline").is_some())
            && prefix.is_none();
        let lower_names = names.chars().next().is_some_and(char::is_lowercase);
        // Lowercase words read as prose unless they pass `lowercase_street_ok` or a postcode
        // line follows (`123 Smith ports\nNew Amy\nE2 4WR`); so do `Main street` and
        // table headers (`17  WinClose\t\tclose`).
        let mixed = !lower_names && ty.starts_with(char::is_lowercase);
        let prose_like =
            mixed || (lower_names && !lowercase_street_ok(names, ty, &text[m.end()..]));
        if names.split_whitespace().any(|w| {
            (w.chars().next().is_some_and(char::is_lowercase)
                || (w.len() > 1 && w == w.to_uppercase()))
                && PROSE_WORDS.contains(&w.to_lowercase().as_str())
        }) {
            continue;
        }
        if spelled && lower_names {
            continue;
        }
        if noun_follows(&text[m.end()..]) {
            continue;
        }
        // A period after a word ends the sentence; after an abbreviation it is the
        // abbreviation's only when the address goes on (`St., Apt 5`; see `extend`).
        let mut end = m.end();
        if let Some(dot) = c.name("dot") {
            let abbreviation = ABBREVIATIONS.contains(&ty.to_lowercase().as_str());
            if dot.end() == end && !(abbreviation && text[end..].starts_with(',')) {
                end = dot.start();
            }
        }
        // A weak type with a house-like number (`0253 Johnson Ramp`) stands alone, unless a
        // lowercase word goes on (`233 Rogers Park volunteers`).
        let by_look = !spelled
            && !prose_follows(&text[end..])
            && !m.as_str().contains("  ")
            && !ABBREVIATIONS.contains(&ty.to_lowercase().as_str())
            && (house_like(num.as_str()) || alone_on_line(text, m.start(), end));
        let weak = is_weak(ty) && !by_look;
        found.push(Street {
            start: prefix.unwrap_or(m.start()),
            end,
            score: if weak || spelled || lower_names {
                SCORE_WEAK_STREET
            } else {
                SCORE_STREET
            },
            needs: if prose_like {
                Needs::Postcode
            } else if weak || soft {
                Needs::AnyPart
            } else {
                Needs::Nothing
            },
        });
    }
    for m in UNIT_THEN_STREET.find_iter(text) {
        if starts_word(text, m.start()) {
            found.push(Street {
                start: m.start(),
                end: m.end(),
                score: SCORE_STREET,
                needs: Needs::Postcode,
            });
        }
    }
    for m in MILITARY.find_iter(text) {
        if starts_word(text, m.start()) && ends_word(text, m.end()) {
            found.push(Street {
                start: m.start(),
                end: m.end(),
                score: SCORE_STREET,
                needs: Needs::Postcode,
            });
        }
    }
    for c in NUMBER_THEN_WORD.captures_iter(text) {
        let m = c.get(0).expect("match");
        let num = c.name("num").expect("number");
        if !number_stands_alone(text, num.start(), num.end(), false)
            || noun_follows(&text[m.end()..])
        {
            continue;
        }
        // `9089 boulevard Hortense Suite 094`: the unit is not the street's name.
        let mut end = m.end();
        for unit in [" Suite", " Apt", " Unit", " App", " Bureau"] {
            if m.as_str().ends_with(unit) {
                end -= unit.len();
            }
        }
        found.push(Street {
            start: m.start(),
            end,
            score: SCORE_STREET,
            needs: Needs::Nothing,
        });
    }
    for c in WORD_THEN_NUMBER
        .captures_iter(text)
        .chain(ROMANCE_THEN_NUMBER.captures_iter(text))
    {
        let m = c.get(0).expect("match");
        let num = c.name("num").expect("number");
        if !starts_word(text, m.start()) || !ends_word(text, m.end()) {
            continue;
        }
        let first: String = m
            .as_str()
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        // Czech streets after a preposition (`U Staré Pošty 4`, `Na Pomezí 2`) have no comma
        // before their number: `Na Li, 32` is a name and an age.
        let czech = ["U", "Na", "Nad", "Pod", "Před", "Za", "Ke", "Při", "Mezi"];
        if czech.contains(&first.as_str()) && m.as_str().contains(',') {
            continue;
        }
        if NOT_STREETS.contains(&first.to_lowercase().as_str())
            || (first.ends_with("ing") && ENGLISH_ING.contains(first.to_lowercase().as_str()))
        {
            continue;
        }
        // `rue Robert, 6998 Bouvier`: a postcode and its city, not a house number.
        if num.as_str().len() >= 4
            && text[..num.start()].trim_end().ends_with(',')
            && POSTCODE_CITY.is_match(&text[num.start()..])
        {
            continue;
        }
        let mut end = m.end();
        if let Some(second) = c.name("second")
            && !closes(&text[second.end()..])
        {
            end = second.start();
        }
        // `Calle Juárez No. 134`, `Bağdat Sokak No:12`: `No` after a street is its number's.
        let before = word_before(text, num.start());
        let street_no = matches!(before.as_str(), "no" | "nr")
            && text[m.start()..num.start()].trim_end().len() > before.len() + 2;
        if (NOT_AFTER.contains(&before.as_str()) && !street_no)
            || counts_something(&text[m.end()..])
        {
            continue;
        }
        // Not an amount, nor a name and a year (`Hordijk, 2009`).
        if text[num.end()..].starts_with(['%', '€', '$'])
            || is_year_after_comma(m.as_str(), num.as_str())
        {
            continue;
        }
        found.push(Street {
            start: m.start(),
            end,
            score: SCORE_INTERNATIONAL,
            needs: if prose_follows(&text[end..]) && !named_street(&text[m.start()..num.start()]) {
                Needs::AnyPart
            } else {
                Needs::Nothing
            },
        });
    }
    for m in BOX.find_iter(text) {
        if starts_word(text, m.start()) && ends_word(text, m.end()) {
            let s = m.as_str();
            // `RR 2` or `HC 1` alone may be anything: they need their box.
            let rural_abbrev = s.starts_with(['R', 'H'])
                && !s.starts_with("Rural")
                && !s.starts_with("Highway")
                && !s.contains("Box");
            found.push(Street {
                start: m.start(),
                end: m.end(),
                score: SCORE_BOX,
                needs: if rural_abbrev {
                    Needs::AnyPart
                } else {
                    Needs::Nothing
                },
            });
        }
    }
    for m in NAME_THEN_NUMBER.find_iter(text) {
        let first: String = m
            .as_str()
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        // Acronyms and product names (`RFC 2822`, `AMD Ryzen 7`) are not streets.
        let acronym = m
            .as_str()
            .split_whitespace()
            .any(|w| w.chars().filter(|c| c.is_uppercase()).count() > 1);
        let month = m
            .as_str()
            .split_whitespace()
            .any(|w| MONTHS.contains(&w.trim_end_matches(',')));
        if !acronym
            && !month
            && starts_word(text, m.start())
            && ends_word(text, m.end())
            && !NOT_CITIES.contains(&first.as_str())
            && !NOT_AFTER.contains(&first.to_lowercase().as_str())
        {
            found.push(Street {
                start: m.start(),
                end: m.end(),
                score: SCORE_INTERNATIONAL,
                needs: Needs::Postcode,
            });
        }
    }
    for m in EAST_ASIAN.find_iter(text) {
        found.push(Street {
            start: m.start(),
            end: m.end(),
            score: SCORE_BOX,
            needs: Needs::Nothing,
        });
    }
    // Street lines without a number or a street word need a postcode of four digits or more
    // (a ZIP, `75002`, `01310-100`): without one in the text, they are not looked for.
    let long_number = has_digit_run(text, 4);
    let matches = |r: &Regex| -> Vec<regex::Match<'_>> {
        if long_number {
            r.find_iter(text).collect()
        } else {
            vec![]
        }
    };
    for m in matches(&NUMBER_NAME) {
        if starts_word(text, m.start())
            && ends_word(text, m.end())
            && number_stands_alone(text, m.start(), m.start() + 1, false)
        {
            found.push(Street {
                start: m.start(),
                end: m.end(),
                score: SCORE_WEAK_STREET,
                needs: Needs::Region,
            });
        }
    }
    for m in matches(&ROMANCE_NO_NUMBER) {
        if starts_word(text, m.start()) && ends_word(text, m.end()) {
            found.push(Street {
                start: m.start(),
                end: m.end(),
                score: SCORE_WEAK_STREET,
                needs: Needs::Postcode,
            });
        }
    }
    for m in matches(&FRENCH_NO_NUMBER) {
        if starts_word(text, m.start()) && ends_word(text, m.end()) {
            found.push(Street {
                start: m.start(),
                end: m.end(),
                score: SCORE_INTERNATIONAL,
                needs: Needs::Postcode,
            });
        }
    }
    // The Vietnamese pattern starts at any number: run it only when a Vietnamese street or lane
    // word is in the text.
    let vietnamese = if VIETNAMESE_HINT.is_match(text) {
        VIETNAMESE.find_iter(text).collect()
    } else {
        vec![]
    };
    for m in vietnamese {
        if starts_word(text, m.start())
            && ends_word(text, m.end())
            && (m.as_str().starts_with('S')
                || number_stands_alone(text, m.start(), m.start() + 1, false))
        {
            found.push(Street {
                start: m.start(),
                end: m.start() + cut_at_admin_word(&text[m.start()..], m.len()),
                score: SCORE_INTERNATIONAL,
                needs: Needs::Nothing,
            });
        }
    }
    // Romanised Japanese lines always name a ward, city or town (`-ku`, `-shi`).
    let japanese = ["-ku", "-shi", "-cho", "-machi", "-gun"]
        .iter()
        .any(|w| text.contains(w));
    let japanese: Vec<regex::Match<'_>> = if japanese {
        JAPANESE.find_iter(text).collect()
    } else {
        vec![]
    };
    for m in japanese {
        // `Minato-ku Roppongi 6-10-1` opens with its ward, `1-2-3 Nishi-Shinjuku` with a number.
        let ward_first = !m.as_str().starts_with(|c: char| c.is_ascii_digit());
        if (ward_first && starts_word(text, m.start()))
            || number_stands_alone(text, m.start(), m.start() + 1, false)
        {
            found.push(Street {
                start: m.start(),
                end: m.end(),
                score: SCORE_BOX,
                needs: Needs::Nothing,
            });
        }
    }
    found
}

/// `Name, 2009`: a comma before a number that reads as a year.
fn is_year_after_comma(street: &str, num: &str) -> bool {
    let year = num.len() == 4 && (num.starts_with("19") || num.starts_with("20"));
    year && street[..street.len() - num.len()].trim_end().ends_with(',')
}

/// Four digits that read as a year (`2001`).
fn year_like(num: &str) -> bool {
    num.len() == 4 && (num.starts_with("19") || num.starts_with("20"))
}

/// Whether `text[start..end]` is a line's whole value: nothing before it on its line but a
/// field's label or separator (`street,`, `Address:`, a tab), nothing after it.
fn alone_on_line(text: &str, start: usize, end: usize) -> bool {
    let from = window_before(text, start, 200);
    let line_start = match text[from..start].rfind('\n') {
        Some(i) => from + i + 1,
        None if from == 0 => 0,
        None => return false,
    };
    let before = text[line_start..start].trim_end_matches([' ', '\t']);
    let label_only = !before.is_empty()
        && (before.ends_with([':', ',', '\t', '|', '='])
            && !before[..before.len() - 1].contains(|c: char| c.is_ascii_digit()));
    let after = text[end..].trim_start_matches([' ', '\t', '\r']);
    label_only && (after.is_empty() || after.starts_with('\n'))
}

/// A house number by its look: three digits or more (not a year), a leading zero, or a unit
/// and a number (`3/5`).
fn house_like(num: &str) -> bool {
    let digits = num.chars().take_while(char::is_ascii_digit).count();
    let year = digits == 4 && (num.starts_with("19") || num.starts_with("20"));
    ((3..=5).contains(&digits) && !year)
        || (num.starts_with('0') && digits > 1)
        || num.contains('/')
}

/// Words before a number that make it a house number only when the address goes on (`a
/// resident of 12 Oak Hill, Davis, CA`, not `one of 3 Oak trees`).
fn soft_before(text: &str, start: usize) -> bool {
    ["of", "by"].contains(&word_before(text, start).as_str())
}

/// The start of a number sign before a house number (`No. 288 Zhongshan Road`, `H.No. 12`,
/// `Số 6`), if there is one.
fn number_prefix(text: &str, start: usize) -> Option<usize> {
    let from = window_before(text, start, 16);
    let m = NUMBER_PREFIX.find(&text[from..start])?;
    starts_word(text, from + m.start()).then_some(from + m.start())
}

/// Whether `text` has `n` ASCII digits in a row.
fn has_digit_run(text: &str, n: usize) -> bool {
    let mut run = 0;
    text.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run >= n
    })
}

/// Whether an ASCII digit comes in the [`POSTCODE_WINDOW`] bytes after `at`.
fn digit_soon(text: &str, at: usize) -> bool {
    let to = (at + POSTCODE_WINDOW).min(text.len());
    text.as_bytes()[at..to].iter().any(u8::is_ascii_digit)
}

/// A char boundary at most [`POSTCODE_WINDOW`] bytes after `at`.
fn window_end(text: &str, at: usize) -> usize {
    let mut to = (at + POSTCODE_WINDOW).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    to
}

/// A char boundary at most `n` bytes before `at`.
fn window_before(text: &str, at: usize, n: usize) -> usize {
    let mut from = at.saturating_sub(n);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    from
}

fn is_weak(ty: &str) -> bool {
    let strong = STRONG_TYPES.split('|').any(|t| t.eq_ignore_ascii_case(ty));
    !strong
}

fn starts_word(text: &str, at: usize) -> bool {
    !text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

fn ends_word(text: &str, at: usize) -> bool {
    !text[at..].chars().next().is_some_and(char::is_alphanumeric)
}

/// The word before `at` on its line, lowercased, without its period.
fn word_before(text: &str, at: usize) -> String {
    let before = text[..at].trim_end_matches([' ', '\t', '(', '"', '“']);
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.' || *c == '§')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    word.trim_matches('.').to_lowercase()
}

/// Whether the number `text[start..end]` is a house number by its neighbours: not glued to
/// other signs (`$12`, `2025-0142`, `v2.1`), not after a word that makes it a section, case
/// or room number, not a year after `in`.
fn number_stands_alone(text: &str, start: usize, end: usize, spelled: bool) -> bool {
    if let Some(c) = text[..start].chars().next_back() {
        if c.is_alphanumeric() || "-/.$#€£%:_+@&*".contains(c) {
            return false;
        }
        if c == ',' && text[..start - 1].ends_with(|d: char| d.is_ascii_digit()) {
            return false;
        }
    }
    let word = word_before(text, start);
    if spelled {
        // `on Seven Oaks Drive` names a street; `at One Market Street` is an address.
        return ![
            "on", "off", "along", "onto", "down", "up", "of", "the", "near",
        ]
        .contains(&word.as_str());
    }
    if NOT_AFTER.contains(&word.as_str()) {
        return false;
    }
    let digits = &text[start..end];
    let year = digits.len() == 4
        && digits.chars().all(|c| c.is_ascii_digit())
        && (digits.starts_with("19") || digits.starts_with("20"));
    !(year && YEAR_AFTER.contains(&word.as_str()))
}

/// A street line of lowercase words: a full street word, no prose word in the name, and no
/// lowercase noun after it (`1234 main street` yes, `5 main street lights` no).
fn lowercase_street_ok(names: &str, ty: &str, after: &str) -> bool {
    if ty.len() < 4 || is_weak(ty) || names.split_whitespace().count() > 2 {
        return false;
    }
    let next = after.trim_start_matches([' ', '\t']);
    let word: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
    word.is_empty()
        || !word.chars().next().is_some_and(char::is_lowercase)
        || PROSE_AFTER_OK.contains(&word.as_str())
        || CLAUSE_WORDS.contains(&word.as_str())
}

/// Whether the number before `after` counts things (`Via Email 3 messages`): a lowercase
/// plural follows it.
fn counts_something(after: &str) -> bool {
    let next = after.strip_prefix([' ', '\u{a0}']).unwrap_or("");
    let word: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
    word.chars().count() >= 4
        && word.starts_with(char::is_lowercase)
        && word.ends_with('s')
        && !CLAUSE_WORDS.contains(&word.as_str())
}

/// Whether a lowercase word of prose follows (`Park volunteers`, `Via Roma 3 the train`), not
/// one that starts a clause (`in`, `is`, `and`).
fn prose_follows(after: &str) -> bool {
    let Some(next) = after.strip_prefix([' ', '\u{a0}']) else {
        return false;
    };
    let word: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
    word.starts_with(char::is_lowercase)
        && !CLAUSE_WORDS.contains(&word.as_str())
        && !PROSE_AFTER_OK.contains(&word.as_str())
}

/// Whether the words before a house number name a street by themselves, so that the street
/// and its number stand alone before prose (`Calle Mayor 5 next week`, `Hauptstraße 5 since
/// May`): a street word and a capitalised name (`Calle Mayor`, `ulica Lipowa`, `Paseo del
/// Prado`), or one compound street word (`Hauptstraße`, `Lindenweg`, `Goethestr.`).
fn named_street(before: &str) -> bool {
    let words: Vec<&str> = before
        .split_whitespace()
        .filter(|w| {
            !matches!(
                w.trim_end_matches(['.', ':', ',']),
                "No" | "no" | "Nr" | "#" | "N°"
            )
        })
        .collect();
    // `Via Rodriguez 382 the train leaves`: English `via`, a route.
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    if first.eq_ignore_ascii_case("via") {
        return false;
    }
    let last = last.trim_end_matches(',');
    if words.len() >= 2 {
        return last.starts_with(char::is_uppercase) && last.chars().count() >= 3;
    }
    let w = last.to_lowercase();
    w.chars().count() >= 7
        && [
            "straße", "strasse", "str.", "weg", "platz", "gasse", "allee", "straat", "laan",
            "gracht", "plein", "gatan", "vägen", "vej", "gade", "veien", "katu", "damm", "ring",
        ]
        .iter()
        .any(|e| w.ends_with(e))
}

/// Whether the word after a street line makes the street a noun's attribute.
fn noun_follows(after: &str) -> bool {
    let next = after.strip_prefix([' ', '\t']).unwrap_or("");
    let word: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
    NOUNS_AFTER.contains(&word.to_lowercase().as_str())
}

/// The start of a unit just before the street line at `start` (`Flat 3, 12 Baker Street`),
/// or `start`.
fn unit_before(text: &str, start: usize) -> usize {
    let mut from = start.saturating_sub(PREFIX_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let line_from = text[from..start].rfind('\n').map_or(from, |i| from + i + 1);
    match UNIT_BEFORE.find(&text[line_from..start]) {
        Some(m) if starts_word(text, line_from + m.start()) => line_from + m.start(),
        // A unit alone on the line before (`Level 2\n49 Thompson Alley`).
        _ if text[line_from..start].trim().is_empty() && line_from > from => {
            let Some(i) = text[from..line_from - 1].rfind('\n') else {
                return start;
            };
            let prev_from = from + i + 1;
            let chunk = &text[prev_from..line_from];
            let lead = chunk.len() - chunk.trim_start_matches([' ', '\t']).len();
            match UNIT_BEFORE.find(&chunk[lead..]) {
                Some(m) if m.start() == 0 => prev_from + lead,
                _ => start,
            }
        }
        _ => start,
    }
}

/// The end of the address whose street line ends at `end`, and what joined it.
fn extend(text: &str, street_end: usize) -> Grown {
    let mut grown = Grown {
        end: street_end,
        parts: 0,
        postcode: false,
        region: false,
    };
    let mut lines = 0;
    // Whether the last part taken was a postcode (`5795 RC`, `T96 CN1D`): a city may follow
    // it on its own.
    let mut after_postcode = false;
    // Whether the last part was a district or ward (`phường Bạch Đằng`): a city may follow it
    // on its own line.
    let mut after_ward = false;
    let mut ward = false;
    while grown.parts < MAX_PARTS {
        let mut from = grown.end;
        // The period of an abbreviation (`St.`) belongs to the address if the address goes on.
        if text[from..].starts_with('.') && text[..from].ends_with(|c: char| c.is_alphabetic()) {
            from += 1;
        }
        let Some(sep) = SEPARATOR.find(&text[from..]) else {
            break;
        };
        let sep_text = sep.as_str();
        let breaks = sep_text.matches('\n').count();
        if lines + breaks > MAX_LINES {
            break;
        }
        let at = from + sep.end();
        let part = &text[at..];
        let first: String = part.chars().take_while(|c| c.is_alphanumeric()).collect();
        let city_first = !NOT_CITIES.contains(&first.as_str()) || first == "The";
        let mut best = 0;
        let mut postcode = false;
        let mut region = false;
        let candidates: [(&Regex, bool); 5] = [
            (&UNIT, true),
            (&REGION_LINE, city_first),
            (&POSTCODE_CITY, true),
            (&CITY_POSTCODE, city_first),
            (&WARD, true),
        ];
        for (i, (r, allowed)) in candidates.into_iter().enumerate() {
            if !allowed {
                continue;
            }
            // After a mere space, a state code or a number alone (`OR`, `2024`) is prose.
            let spaced_only = !sep_text.contains([',', '\n', '-', '–', '\t']);
            let Some(m) = r.find(part) else { continue };
            let mut m_end = m.end();
            if i == 4 {
                m_end = cut_at_admin_word(part, m.end());
            }
            let single = !m.as_str().contains(' ');
            let mixed = m.as_str().contains(|c: char| c.is_ascii_digit())
                && m.as_str().contains(|c: char| c.is_ascii_alphabetic());
            if m_end > best
                && ends_word(text, at + m_end)
                && !(spaced_only && (i == 1 || i == 3) && single && !mixed)
            {
                best = m_end;
                ward = i == 4;
                // A postcode with its city or state (a bare number may be anything).
                let p = m.as_str();
                // After a city, only a postcode of letters and digits (`SW1A 2AA`):
                // `RFC 9110` is a city and digits too.
                let last = p.split_whitespace().next_back().unwrap_or("");
                postcode = match i {
                    1 | 2 => {
                        p.contains(|c: char| c.is_ascii_digit()) && p.contains(char::is_alphabetic)
                    }
                    3 => {
                        last.contains(|c: char| c.is_ascii_digit())
                            && last.contains(|c: char| c.is_ascii_alphabetic())
                    }
                    _ => false,
                };
                // A postcode of digits alone on its line (`8220`) may have its city below it.

                region = i == 1 && postcode;
                // A name and a number need their postcode on the next line or after a comma
                // (`Damrak 1, 1012 AB Amsterdam`).
                postcode &= grown.parts > 0 || sep_text.contains([',', '\n']);
            }
        }
        // A postcode alone (`5795 RC`, `T96 CN1D`; digits after a comma or on their own line)
        // may have its city after it.
        let taken = &part[..best];
        let digits = taken.chars().all(|c| c.is_ascii_digit());
        let mut is_postcode = best > 0
            && BARE_POSTCODE.is_match(taken)
            && (!digits
                || (sep_text.contains([',', '\n'])
                    && (4..=5).contains(&taken.len())
                    && (sep_text.contains(',') || line_ends(&part[best..]))));
        if best == 0
            && let Some(m) = COUNTRY.find(part)
            && ends_word(text, at + m.end())
            && (sep_text.contains([',', '\n']) || closes(&text[at + m.end()..]))
        {
            best = m.end();
        }
        if let Some(m) = POSTCODE_CITY_LOOSE.find(part)
            && m.end() > best
            && line_ends(&text[at + m.end()..])
            && !m.as_str().contains(['.', ':', ';'])
            && !m
                .as_str()
                .split_whitespace()
                .any(|w| CLAUSE_WORDS.contains(&w) || PROSE_WORDS.contains(&w))
        {
            best = m.end();
            postcode = true;
            is_postcode = false;
        }
        // `Cádiz, 11001` at the end of an address.
        if best == 0
            && city_first
            && let Some(m) = CITY_COMMA_DIGITS.find(part)
            && closes(&text[at + m.end()..])
        {
            best = m.end();
            postcode = true;
        }
        if best == 0
            && city_first
            && let Some(m) = CITY_ALONE.find(part)
        {
            let after = &text[at + m.end()..];
            // After a comma when the address ends there (`12 Baker Street, London.`), after a
            // postcode (`5795 RC\nHengelo`), or before a postcode line (`New Amy\nE2 4WR`,
            // `Braúnas, 02972926 Duarte`).
            if ((sep_text.contains([',', '-', '–']) || after_postcode || after_ward)
                && closes(after))
                || postcode_line_follows(after)
                || (grown.parts > 0 && postcode_follows(after))
            {
                best = m.end();
            }
        }
        if best == 0 {
            break;
        }
        after_postcode = is_postcode;
        after_ward = ward;
        ward = false;
        grown.region |= region;
        grown.end = at + best;
        grown.postcode |= postcode;
        grown.parts += 1;
        lines += breaks;
    }
    grown
}

/// Where a district part ends before the next administrative word (`Phường Bình Minh Thành
/// phố Hải Phòng` stops before `Thành phố`).
fn cut_at_admin_word(part: &str, end: usize) -> usize {
    const WORDS: &[&str] = &[
        " Thành phố",
        " thành phố",
        " Tỉnh",
        " tỉnh",
        " TP.",
        " Phường",
        " phường",
        " Xã",
        " xã",
        " Quận",
        " quận",
        " Huyện",
        " huyện",
        " Thị ",
    ];
    WORDS
        .iter()
        .filter_map(|w| {
            let mut to = (end + w.len()).min(part.len());
            while !part.is_char_boundary(to) {
                to += 1;
            }
            part[..to].find(w)
        })
        .filter(|&i| i > 0 && i < end)
        .min()
        .unwrap_or(end)
}

/// Whether a postcode with its city follows after a comma or a line break
/// (`, 02972926 Duarte / DF`).
fn postcode_follows(after: &str) -> bool {
    let Some(sep) = SEPARATOR.find(after) else {
        return false;
    };
    if !sep.as_str().contains([',', '\n']) {
        return false;
    }
    let part = &after[sep.end()..];
    [&*POSTCODE_CITY, &*CITY_POSTCODE, &*REGION_LINE]
        .iter()
        .any(|r| {
            r.find(part).is_some_and(|m| {
                m.as_str().contains(|c: char| c.is_ascii_digit())
                    && m.as_str().contains(char::is_alphabetic)
            })
        })
}

/// Whether the next line is a postcode (`E2 4WR`, `8001 Zürich`, `Davis, CA 95616`).
fn postcode_line_follows(after: &str) -> bool {
    let Some(line) = after
        .strip_prefix('\n')
        .or_else(|| after.strip_prefix("\r\n"))
    else {
        return false;
    };
    let line = line.trim_start_matches([' ', '\u{a0}']);
    [&*CITY_POSTCODE, &*POSTCODE_CITY, &*REGION_LINE]
        .iter()
        .any(|r| {
            r.find(line)
                .is_some_and(|m| m.as_str().contains(|c: char| c.is_ascii_digit()))
        })
}

/// Whether the line ends before `after`, or a country closes it (`, Česká republika`).
fn line_ends(after: &str) -> bool {
    let a = after.trim_start_matches([' ', '\t', '\r']);
    if a.is_empty() || a.starts_with('\n') {
        return true;
    }
    let Some(rest) = a.strip_prefix(',') else {
        return false;
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    COUNTRY
        .find(rest)
        .is_some_and(|m| line_ends(&rest[m.end()..]) || closes(&rest[m.end()..]))
}

/// Whether an address may end before `after`: at the end of the text, a line, a sentence or
/// a clause.
fn closes(after: &str) -> bool {
    let a = after.trim_start_matches([' ', '\t']);
    if a.is_empty()
        || a.starts_with([
            '\n', '\r', '.', ',', ';', ':', ')', '!', '?', '"', '”', '-', '–', '|',
        ])
    {
        return true;
    }
    let word: String = a.chars().take_while(|c| c.is_alphabetic()).collect();
    CLAUSE_WORDS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_say_how_much_was_found() {
        let street = find("at 77 Olive Avenue today", 10);
        let full = find("at 77 Olive Avenue, Davis, CA 95616 today", 10);
        assert_eq!(street.len(), 1);
        assert_eq!(full.len(), 1);
        assert!((street[0].2 - SCORE_STREET).abs() < f32::EPSILON);
        assert!((full[0].2 - SCORE_FULL).abs() < f32::EPSILON);
    }

    #[test]
    fn at_most_one_past_the_limit() {
        let text = "1 Oak Lane; 2 Oak Lane; 3 Oak Lane; 4 Oak Lane".replace("; ", ".\n\n");
        assert_eq!(find(&text, 1).len(), 2);
        assert_eq!(find(&text, 10).len(), 4);
    }
}
