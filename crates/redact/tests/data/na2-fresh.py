#!/usr/bin/env python3
"""A fresh labelled set for the forms the person and address detectors missed most:
na2-fresh.jsonl beside this file.

Written apart from scripts/pii-evalset.py and the other fresh sets, with its own templates and
seed: Turkish, Indian, Dutch (particles, double surnames), Vietnamese, Polish and Chinese
(pinyin) names in the forms `First Last`, lowercase (also without accents), UPPERCASE,
`Last, First`, a first or family name alone in a greeting or a field; Turkish, Mexican, Indian,
New Zealand rural and Japanese (romanised chōme) addresses, US `POB`, and a street with its
number alone in a sentence; plus look-alikes (organisations and places named after people,
"Room 12", "Chapter 11"...). Read by tests/names.rs (person spans) and tests/address.rs
(address spans). Reproducible:

    python3 -m venv /tmp/faker-na2 && /tmp/faker-na2/bin/pip install faker==40.63.0
    /tmp/faker-na2/bin/python crates/redact/tests/data/na2-fresh.py

One JSON object a line, as pii-eval.jsonl: {"text", "spans": [{"kind", "start", "end"}],
"locale", "source"?}; offsets in characters; "source": "nopii" marks look-alike passages.
"""

import json
import random
import unicodedata
from pathlib import Path

from faker import Faker

SEED = 4063
OUT = Path(__file__).resolve().parent / "na2-fresh.jsonl"
NAME_LOCALES = ["tr_TR", "en_IN", "nl_NL", "vi_VN", "pl_PL", "zh_CN"]
rng = random.Random(SEED)
fakers = {}


def faker(locale):
    if locale not in fakers:
        f = Faker(locale)
        f.seed_instance(rng.randrange(1 << 30))
        fakers[locale] = f
    return fakers[locale]


def ascii_fold(s):
    s = s.replace("ı", "i").replace("İ", "I").replace("đ", "d").replace("Đ", "D").replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def first_last(locale):
    f = faker(locale)
    if locale == "zh_CN":
        return f.first_romanized_name(), f.last_romanized_name()
    if locale == "vi_VN":
        # Vietnamese: family, middle, given.
        return f.middle_name() + " " + f.first_name_unisex() if rng.random() < 0.7 else f.first_name_unisex(), f.last_name()
    return f.first_name(), f.last_name()


def person(locale):
    """A name in one of the forms, with its given and family names."""
    first, last = first_last(locale)
    family_first = locale in ("vi_VN",) or (locale == "zh_CN" and rng.random() < 0.6)
    plain = last + " " + first if family_first else first + " " + last
    r = rng.random()
    if r < 0.30:
        name = plain
    elif r < 0.48:
        name = plain.lower()
        if rng.random() < 0.5:
            name = ascii_fold(name)
    elif r < 0.62:
        name = plain.upper()
    elif r < 0.80 and not family_first:
        name = last + ", " + first
        if rng.random() < 0.3:
            name = ascii_fold(name.lower())
    else:
        name = plain
    return name, first, last


class Rec:
    def __init__(self, locale, source=None):
        self.locale, self.source, self.parts, self.spans, self.n = locale, source, [], [], 0

    def t(self, s):
        self.parts.append(s)
        self.n += len(s)

    def v(self, s, kind="person"):
        self.spans.append({"kind": kind, "start": self.n, "end": self.n + len(s)})
        self.t(s)

    def json(self):
        o = {"text": "".join(self.parts), "spans": self.spans, "locale": self.locale}
        if self.source:
            o["source"] = self.source
        return o


def with_name(locale):
    r = Rec(locale)
    k = rng.randrange(12)
    if k == 0:
        r.t(rng.choice(["The complaint was filed by ", "Signed for by ", "We received a call from "]))
        r.v(person(locale)[0])
        r.t(rng.choice([" on Monday.", " about the drains.", "."]))
    elif k == 1:
        r.t(rng.choice(["Name: ", "Applicant: ", "Owner: ", "name: ", "Tenant name: "]))
        r.v(person(locale)[0])
        r.t("\n" + rng.choice(["Ref: 2291", "Unit 4", "Status: open"]))
    elif k == 2:
        first, last = first_last(locale)
        r.t(rng.choice(["Dear ", "Hi ", "Hello ", "Good morning "]))
        r.v(rng.choice([first, first.lower()]) if locale not in ("vi_VN",) else first.split()[-1])
        r.t(rng.choice([",\nthe inspection is booked.", ",\n\nthank you for the photos.", " -\nsee below."]))
    elif k == 3:
        r.t(rng.choice(["Regards,\n", "Best wishes,\n", "Thanks,\n", "Saygılarımla,\n"]))
        r.v(person(locale)[0])
        r.t("\n" + rng.choice(["Building Control", "Finance", "Housing Team"]))
    elif k == 4:
        first, last = first_last(locale)
        r.t(rng.choice(["Surname: ", "Last name: ", "Family name: "]))
        r.v(last)
        r.t(rng.choice(["\nFirst name: ", "\nGiven name: "]))
        r.v(first)
        r.t("\n")
    elif k == 5:
        r.t(rng.choice(["Present: ", "Attendees: ", "CC: "]))
        r.v(person(locale)[0])
        r.t("; ")
        r.v(person(locale)[0])
    elif k == 6:
        r.t(rng.choice(["According to ", "Per ", "As told by "]))
        r.v(person(locale)[0])
        r.t(rng.choice([", the gate was open.", ", the fee was paid."]))
    elif k == 7:
        first, last = first_last(locale)
        r.t(rng.choice(["Mr. ", "Ms. ", "Dr. ", "Bay ", "Bayan ", "Pan ", "Pani ", "Shri ", "Smt. ", "Mevrouw ", "Meneer "]))
        r.v(last)
        r.t(rng.choice([" asked for a copy.", " will attend.", " called back."]))
    elif k == 8:
        r.t(rng.choice(["witness: ", "contact person: ", "requester: "]))
        r.v(person(locale)[0].lower())
        r.t(rng.choice(["", " (by phone)", "\n"]))
    elif k == 9:
        r.t("The deed lists ")
        r.v(person(locale)[0])
        r.t(" and ")
        r.v(person(locale)[0])
        r.t(" as owners.")
    elif k == 10:
        r.t("[" + f"{rng.randrange(8, 18):02}:{rng.randrange(60):02}" + "] ")
        r.v(person(locale)[0])
        r.t(": " + rng.choice(["is the permit ready?", "ok thanks", "on my way"]))
    else:
        r.t(rng.choice(["Interviewed ", "Spoke with ", "Left a message for "]))
        r.v(person(locale)[0])
        r.t(rng.choice([" at the counter.", " about the leak.", "."]))
    return r


ORGS = ["Morgan Stanley", "Harris Teeter", "Goldman Sachs", "Charles Schwab", "Johnson & Johnson",
        "Ernst & Young", "Procter & Gamble", "Wells Fargo", "Lockheed Martin", "Merrill Lynch",
        "Marks & Spencer", "Dow Jones", "Ben & Jerry's", "Edward Jones", "Baker McKenzie",
        "Sherwin Williams", "Smith & Wesson", "Barnes & Noble", "Kimberly Clark", "Ralph Lauren"]
PLACES = ["Place Charles de Gaulle", "Avenida Adolfo López Mateos", "Aéroport Charles de Gaulle",
          "Boulevard Haussmann", "Atatürk Havalimanı", "Avenida Benito Juárez", "Plaza Miguel Hidalgo",
          "Indira Gandhi International Airport", "Rajiv Gandhi Nagar", "Stadion Józefa Piłsudskiego",
          "Rue Victor Hugo", "Lotnisko Chopina", "Jawaharlal Nehru Stadium", "Mahatma Gandhi Road",
          "Aeropuerto Benito Juárez", "Sabiha Gökçen Havalimanı", "Station Amsterdam Centraal"]
NOT_ADDRESSES = ["Room 12", "10 One Day Passes", "Section 5 Paragraph 2", "Chapter 11", "Article 7",
                 "Floor 3", "Gate 22", "Table 4", "Exhibit 9", "Page 14", "Line 6", "Step 3",
                 "Platform 9", "Bus 42", "Window 5", "Item 8", "Figure 2", "Clause 14"]


def look_alike(locale):
    r = Rec(locale, "nopii")
    k = rng.randrange(6)
    if k == 0:
        r.t(rng.choice(ORGS) + rng.choice([" won the tender.", " sent the invoice.", " is the trustee.", " filed a claim."]))
    elif k == 1:
        r.t(rng.choice(["The shuttle leaves from ", "Meet at ", "The march ends at ", "Flights from "]))
        r.t(rng.choice(PLACES) + rng.choice([" at 9.", ".", " on Sunday."]))
    elif k == 2:
        n = rng.randrange(2, 40)
        r.t(rng.choice(["See ", "Refer to ", "Go to ", "Buy "]) + rng.choice(NOT_ADDRESSES).replace("12", str(n)) +
            rng.choice([" for details.", " before noon.", "."]))
    elif k == 3:
        r.t("The account moved from " + rng.choice(ORGS) + " to " + rng.choice(ORGS) + ".")
    elif k == 4:
        r.t(rng.choice(["Under Chapter 11 the firm kept trading.", "Section 5 Paragraph 2 applies.",
                        "We sold 10 One Day Passes.", "The meeting is in Room 12 at 3 pm.",
                        "Read Article 7 and Clause 14 again.", "Platform 9 is closed."]))
    else:
        r.t(rng.choice(["Traffic on ", "Roadworks on "]) + rng.choice(PLACES) + " until Friday.")
    return r


# Addresses ----------------------------------------------------------------------------------

TR_CITIES = [("Kadıköy", "İstanbul", "347"), ("Çankaya", "Ankara", "066"), ("Konak", "İzmir", "352"),
             ("Nilüfer", "Bursa", "161"), ("Muratpaşa", "Antalya", "070"), ("Beşiktaş", "İstanbul", "343")]
MX_CITIES = [("Ciudad de México", "CDMX"), ("Guadalajara", "Jal."), ("Monterrey", "N.L."), ("Puebla", "Pue."),
             ("Mérida", "Yuc."), ("Querétaro", "Qro.")]
IN_CITIES = [("Hyderabad", "500"), ("Bengaluru", "560"), ("Chennai", "600"), ("Pune", "411"), ("Mumbai", "400"),
             ("New Delhi", "110"), ("Kolkata", "700")]
JP_AREAS = [("Nishi-Shinjuku", "Shinjuku-ku", "Tokyo", "160"), ("Roppongi", "Minato-ku", "Tokyo", "106"),
            ("Umeda", "Kita-ku", "Osaka", "530"), ("Sakae", "Naka-ku", "Nagoya", "460"),
            ("Jingumae", "Shibuya-ku", "Tokyo", "150")]


def n(a, b):
    return str(rng.randrange(a, b))


def tr_address():
    f = faker("tr_TR")
    street = rng.choice([f.last_name(), "Atatürk", "Cumhuriyet", "İnönü", "Bağdat", "Gazi", "Fevzi Çakmak"])
    kind = rng.choice(["Cad.", "Caddesi", "Sok.", "Sokak", "Sk.", "Bulvarı", "Blv."])
    district, city, pc = rng.choice(TR_CITIES)
    no = rng.choice(["No: " + n(1, 200), "No:" + n(1, 200), "No. " + n(1, 200)])
    door = rng.choice(["", " D: " + n(1, 20), " Daire " + n(1, 20), " Kat " + n(1, 9) + " D:" + n(1, 20)])
    mah = rng.choice(["", rng.choice(["Caferağa", "Moda", "Kızılay", "Alsancak", "Fenerbahçe"]) + " Mah. "])
    tail = rng.choice([", " + pc + n(10, 99) + " " + district + "/" + city, ", " + district + ", " + city, ""])
    return mah + street + " " + kind + " " + no + door + tail


def mx_address():
    f = faker("es_MX")
    street = rng.choice(["Hidalgo", "Juárez", "Morelos", "Reforma", "Insurgentes Sur", f.last_name(), "5 de Mayo"])
    city, state = rng.choice(MX_CITIES)
    kind = rng.choice(["Calle ", "Av. ", "Avenida ", "Calzada ", "Retorno ", "Privada ", "Andador "])
    num = rng.choice([" " + n(1, 999), " #" + n(1, 99), " No. " + n(1, 999)])
    inner = rng.choice(["", " Interior " + n(1, 20), " Int. " + n(1, 20), " Depto. " + n(1, 20)])
    col = rng.choice(["", ", Col. " + rng.choice(["Centro", "Roma Norte", "Del Valle", "Americana"])])
    tail = rng.choice([", " + f.postcode() + " " + city + ", " + state, ", " + city + ", " + state, ""])
    return kind + street + num + inner + col + tail


def in_address():
    f = faker("en_IN")
    city, pc = rng.choice(IN_CITIES)
    pin = pc + n(0, 999).zfill(3)
    k = rng.randrange(3)
    if k == 0:
        return ("H.No. " + n(1, 20) + "-" + n(1, 9) + "-" + n(1, 99) + ", " + rng.choice(["Gandhi Nagar", "Ameerpet", "Banjara Hills", "Kukatpally"]) +
                ", " + city + " - " + pin)
    if k == 1:
        return ("Flat " + n(1, 12) + rng.choice("ABCD") + ", " + f.last_name() + " Apartments, " +
                rng.choice(["MG Road", "Brigade Road", "Linking Road", "Anna Salai"]) + ", " + city + " " + pin)
    return n(1, 300) + ", " + f.last_name() + " " + rng.choice(["Marg", "Road", "Nagar"]) + ", " + city + " " + pin


def nz_address():
    f = faker("en_NZ")
    return (n(1, 999) + " " + f.last_name() + " " + rng.choice(["Road", "Rd", "Valley Road", "Highway"]) +
            ", RD " + n(1, 12) + ", " + rng.choice(["Ashburton", "Gore", "Te Awamutu", "Masterton", "Oamaru"]) + " " + n(7000, 9999))


def jp_address():
    area, ward, city, pc = rng.choice(JP_AREAS)
    if rng.random() < 0.6:
        return n(1, 9) + "-" + n(1, 30) + "-" + n(1, 20) + " " + area + ", " + ward + ", " + city + " " + pc + "-" + n(0, 9999).zfill(4)
    pref = {"Tokyo": "Tōkyō-to", "Osaka": "Ōsaka-fu", "Nagoya": "Aichi-ken"}[city]
    return pref + " " + ward + " " + area + " " + n(1, 9) + "-" + n(1, 30) + "-" + n(1, 20)


def po_box():
    return rng.choice(["POB ", "P.O.B. ", "POB "]) + n(1, 9999) + rng.choice(["", ", Dayton, OH " + n(43000, 45999)])


def street_alone():
    k = rng.randrange(5)
    if k == 0:
        return n(1, 99) + " " + rng.choice(["Rue Lepic", "Rue de Rivoli", "Avenue Foch", "Boulevard Voltaire", "Rue des Martyrs"])
    if k == 1:
        return rng.choice(["Hauptstraße", "Bahnhofstraße", "Lindenweg", "Schillerplatz", "Goethestr."]) + " " + n(1, 120)
    if k == 2:
        return rng.choice(["Calle Mayor", "Calle de Alcalá", "Avenida de la Paz", "Paseo del Prado"]) + " " + n(1, 120)
    if k == 3:
        f = faker("en_NZ")
        return n(10, 9999) + " " + f.last_name() + " " + rng.choice(["Terrace", "Street", "Avenue", "Drive", "Lane", "Road"])
    return rng.choice(["ul. Długa", "ulica Lipowa", "Kerkstraat", "Dorpsstraat", "Via Roma"]) + " " + n(1, 120)


def with_address(locale, make):
    r = Rec(locale)
    a = make()
    k = rng.randrange(5)
    if k == 0:
        r.t(rng.choice(["Address: ", "Adres: ", "Dirección: ", "Mailing address: "]))
        r.v(a, "address")
        r.t("\n")
    elif k == 1:
        r.t(rng.choice(["The parcel was sent to ", "She lives at ", "Deliver to ", "Inspection at "]))
        r.v(a, "address")
        r.t(rng.choice([" on Monday.", ".", " next week."]))
    elif k == 2:
        r.t("Please update the record: ")
        r.v(a, "address")
        r.t(rng.choice(["", " (new)", "."]))
    elif k == 3:
        r.v(a, "address")
        r.t(rng.choice([" was inspected twice.", " is the billing address.", " - tenant moved out."]))
    else:
        r.t(rng.choice(["Moved from ", "Previously at "]))
        r.v(a, "address")
        r.t(rng.choice([" in 2019.", " last year."]))
    return r


def main():
    recs = []
    for i in range(360):
        recs.append(with_name(NAME_LOCALES[i % len(NAME_LOCALES)]))
    makers = [("tr_TR", tr_address), ("es_MX", mx_address), ("en_IN", in_address), ("en_NZ", nz_address),
              ("ja_JP", jp_address), ("en_US", po_box), ("en_GB", street_alone), ("en_GB", street_alone)]
    for i in range(320):
        loc, make = makers[i % len(makers)]
        recs.append(with_address(loc, make))
    for i in range(160):
        recs.append(look_alike("en_US"))
    rng.shuffle(recs)
    with OUT.open("w", encoding="utf-8") as out:
        for r in recs:
            out.write(json.dumps(r.json(), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
