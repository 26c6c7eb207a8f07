#!/usr/bin/env python3
"""Generate the labelled evaluation set of the detectors of personal information.

Writes crates/redact/tests/data/pii-eval.jsonl: one JSON object a line,
  {"text": ..., "spans": [{"kind": "phone", "start": 12, "end": 27}], "locale": "de_CH"}
with start/end as CHARACTER offsets (code points) into text, and "source" set to
"faker" (generated), "nopii" (generated look-alikes, no personal information) or "enron"
(real signature blocks and greetings, labelled by hand).

Our own set, made from city-record sentence templates; no public PII benchmark was copied or
consulted. Reproducible: fixed seed, and

    python3 -m venv /tmp/faker-venv && /tmp/faker-venv/bin/pip install faker==40.63.0
    /tmp/faker-venv/bin/python scripts/pii-evalset.py

Requires: Faker 40.63.0 (MIT licence). Other Faker versions give other values.

Labelling rules (README beside the jsonl says the same):
- person: the name only, without a title (Mr., Dr., Frau); first names alone in greetings too.
- address: from the house number (or PO box) to the end of the postcode, city, state or
  country that follow it, across line breaks; a street with its number alone when no more.
- phone: the whole number with its country code and extension when written.
- dob, dl, passport, bank-account, medical-record, plate, iban, card, ssn: the value only,
  not its context word.
"""

import json
import random
import re
import sys
from datetime import date, datetime
from pathlib import Path

from faker import Faker

SEED = 2126
OUT = Path(__file__).resolve().parent.parent / "crates/redact/tests/data/pii-eval.jsonl"

LOCALES = [
    "en_US", "en_GB", "en_AU", "en_CA", "en_IN", "en_IE", "en_NZ",
    "de_DE", "de_CH", "de_AT", "fr_FR", "fr_CH", "fr_CA", "es_ES", "es_MX", "it_IT",
    "nl_NL", "pt_BR", "pt_PT", "pl_PL", "sv_SE", "da_DK", "cs_CZ", "fi_FI", "tr_TR",
    "ja_JP", "zh_CN", "vi_VN",
]
# en_US twice as often as any other: a US city's records, mostly.
LOCALE_WEIGHTS = {"en_US": 6, "en_GB": 2, "en_CA": 2}

COUNTRY_CODE = {
    "en_US": "1", "en_GB": "44", "en_AU": "61", "en_CA": "1", "en_IN": "91", "en_IE": "353",
    "en_NZ": "64", "de_DE": "49", "de_CH": "41", "de_AT": "43", "fr_FR": "33", "fr_CH": "41",
    "fr_CA": "1", "es_ES": "34", "es_MX": "52", "it_IT": "39", "nl_NL": "31", "pt_BR": "55",
    "pt_PT": "351", "pl_PL": "48", "sv_SE": "46", "da_DK": "45", "cs_CZ": "420",
    "fi_FI": "358", "tr_TR": "90", "ja_JP": "81", "zh_CN": "86", "vi_VN": "84",
}
COUNTRY = {
    "en_US": "USA", "en_GB": "United Kingdom", "en_AU": "Australia", "en_CA": "Canada",
    "en_IN": "India", "en_IE": "Ireland", "en_NZ": "New Zealand", "de_DE": "Germany",
    "de_CH": "Switzerland", "de_AT": "Austria", "fr_FR": "France", "fr_CH": "Suisse",
    "fr_CA": "Canada", "es_ES": "España", "es_MX": "México", "it_IT": "Italia",
    "nl_NL": "Nederland", "pt_BR": "Brasil", "pt_PT": "Portugal", "pl_PL": "Polska",
    "sv_SE": "Sverige", "da_DK": "Danmark", "cs_CZ": "Česká republika", "fi_FI": "Finland",
    "tr_TR": "Türkiye", "ja_JP": "Japan", "zh_CN": "China", "vi_VN": "Vietnam",
}
# Titles (outside the labelled name) and greetings per language.
TITLES = {
    "en": ["Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Ms", "Prof.", "Officer", "Councilmember"],
    "de": ["Herr", "Frau", "Dr.", "Herr Dr.", "Frau Prof."],
    "fr": ["M.", "Mme", "Madame", "Monsieur", "Dr"],
    "es": ["Sr.", "Sra.", "Dr.", "Lic."],
    "pt": ["Sr.", "Sra.", "Dr.", "Dra."],
    "it": ["Sig.", "Sig.ra", "Dott.", "Avv."],
    "nl": ["dhr.", "mevr.", "Dr."],
    "pl": ["Pan", "Pani", "dr"],
}
DEAR = {
    "en": ["Dear {t} {n},", "Hi {f},", "Hello {f},", "Dear {f},", "Good morning {t} {n},"],
    "de": ["Sehr geehrte(r) {t} {n},", "Hallo {f},", "Liebe {f},"],
    "fr": ["Bonjour {t} {n},", "Cher {f},", "Madame, Monsieur {n},"],
    "es": ["Estimado {t} {n}:", "Hola {f},", "Buenos días {f},"],
    "pt": ["Prezado {t} {n},", "Olá {f},"],
    "it": ["Gentile {t} {n},", "Ciao {f},"],
    "nl": ["Beste {f},", "Geachte {t} {n},"],
    "pl": ["Szanowny {t} {n},", "Cześć {f},"],
}
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
BORN = {
    "en": ["DOB: {d}", "date of birth {d}", "born {d}", "Date of Birth: {d}", "D.O.B. {d}",
           "birthdate {d}", "was born on {d}", "Birthday: {d}"],
    "de": ["geboren am {d}", "Geburtsdatum: {d}", "geb. {d}"],
    "fr": ["né le {d}", "née le {d}", "date de naissance : {d}"],
    "es": ["nacido el {d}", "fecha de nacimiento: {d}", "F. nac.: {d}"],
    "it": ["nato il {d}", "data di nascita: {d}"],
    "pt": ["nascido em {d}", "data de nascimento: {d}"],
    "nl": ["geboren op {d}", "geboortedatum: {d}"],
    "pl": ["urodzony {d}", "data urodzenia: {d}"],
    "sv": ["född {d}", "födelsedatum: {d}"],
    "da": ["født {d}", "fødselsdato: {d}"],
    "cs": ["narozen {d}", "datum narození: {d}"],
    "tr": ["doğum tarihi: {d}"],
    "fi": ["syntynyt {d}", "syntymäaika: {d}"],
}
TR_CITIES = ["İstanbul", "Ankara", "İzmir", "Bursa", "Antalya", "Konya", "Eskişehir"]
JA_PLACES = [("Chiyoda-ku", "Tokyo", "100"), ("Kita-ku", "Osaka", "530"),
             ("Naka-ku", "Yokohama", "231"), ("Chuo-ku", "Sapporo", "060"),
             ("Sakyo-ku", "Kyoto", "606"), ("Hakata-ku", "Fukuoka", "812")]
ZH_PLACES = [("Chaoyang District", "Beijing", "100022"), ("Pudong New Area", "Shanghai", "200120"),
             ("Tianhe District", "Guangzhou", "510620"), ("Wuhou District", "Chengdu", "610041"),
             ("Xihu District", "Hangzhou", "310012")]
ZH_STREETS = ["Jianguo Road", "Nanjing East Road", "Tianhe North Road", "Renmin South Road",
              "Wenyi West Road", "Zhongshan Avenue"]
US_DL_STATES = ["CA", "NY", "TX", "FL", "IL", "PA", "OH", "MI", "NJ", "WA", "AZ", "MA", "VA",
                "GA", "NC", "CO", "WI", "MN", "MD", "IN", "NH", "KY", "OR", "NV"]
STATE_NAMES = {
    "CA": "California", "NY": "New York", "TX": "Texas", "FL": "Florida", "IL": "Illinois",
    "PA": "Pennsylvania", "OH": "Ohio", "MI": "Michigan", "NJ": "New Jersey", "WA": "Washington",
    "AZ": "Arizona", "MA": "Massachusetts", "VA": "Virginia", "GA": "Georgia",
    "NC": "North Carolina", "CO": "Colorado", "WI": "Wisconsin", "MN": "Minnesota",
    "MD": "Maryland", "IN": "Indiana", "NH": "New Hampshire", "KY": "Kentucky", "OR": "Oregon",
    "NV": "Nevada",
}
VANITY_WORDS = ["FLOWERS", "CITYHAL", "PERMITS", "GO-PARKS", "FIX-ROAD", "LAW-HELP",
                "TAXI-CAB", "PLUMBER", "NEW-CARS", "DENTIST", "BUY-HOME", "CALL-NOW"]
CARD_TYPES = ["visa", "visa13", "visa16", "visa19", "mastercard", "amex", "discover",
              "jcb15", "jcb16", "diners", "maestro"]

rng = random.Random(SEED)
fakers = {}


def faker(locale):
    if locale not in fakers:
        f = Faker(locale)
        f.seed_instance(rng.randrange(1 << 30))
        fakers[locale] = f
    return fakers[locale]


def lang(locale):
    return locale.split("_")[0]


def digits(n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def letters(n, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
    return "".join(rng.choice(alphabet) for _ in range(n))


# ---------------------------------------------------------------- values


def first_last(locale):
    f = faker(locale)
    if locale in ("ja_JP", "zh_CN"):
        return f.first_romanized_name(), f.last_romanized_name()
    if locale == "vi_VN":
        return f.first_name(), f.last_name() + " " + f.middle_name()
    return f.first_name(), f.last_name()


def person(locale):
    """(name as written, first name, surname): the many ways a record writes a name."""
    first, last = first_last(locale)
    r = rng.random()
    if locale == "vi_VN":
        name = last + " " + first  # Vietnamese order: family, middle, given
    elif locale in ("ja_JP", "zh_CN") and r < 0.3:
        name = last.upper() + " " + first  # YAMADA Taro
    elif r < 0.55:
        name = first + " " + last
    elif r < 0.65:
        name = (first + " " + last).lower()
    elif r < 0.73:
        name = (first + " " + last).upper()
    elif r < 0.83:
        name = last + ", " + first
    elif r < 0.90:
        name = first + " " + rng.choice("ABCDEFGHJKLMNPRSTW") + ". " + last
    elif r < 0.95:
        name = first[0] + ". " + last
    else:
        second = first_last(locale)[1]
        name = first + " " + last + "-" + second if " " not in second else first + " " + last
    return name, first, last


def title(locale):
    return rng.choice(TITLES.get(lang(locale), TITLES["en"]))


def phone(locale, intl=None):
    f = faker(locale)
    if locale == "en_US" and rng.random() < 0.06:
        return rng.choice(["1-800-", "1-888-", "(877) ", "866-"]) + rng.choice(VANITY_WORDS)
    national = f.phone_number()
    if intl is None:
        intl = rng.random() < 0.35
    if intl and not national.startswith(("+", "00")):
        cc = COUNTRY_CODE[locale]
        n = national
        if cc == "1":
            n = re.sub(r"^(001-|1-|\+1-|1 )", "", n)
            n = re.sub(r"^\((\d{3})\)\s?", r"\1 ", n)
        elif locale != "it_IT":
            n = n.replace("(0)", "").replace("(", "").replace(")", "")
            n = re.sub(r"^0", "", n.strip())
        national = "+" + cc + rng.choice([" ", " ", "-"]) + n.strip()
    if "x" in national and rng.random() < 0.6:
        national = national.split("x")[0].strip()
    if "x" not in national and rng.random() < 0.08:
        national += rng.choice([" ext. ", " x", " Ext ", " ext "]) + digits(rng.choice([2, 3, 4]))
    return national.strip()


def us_address(multiline=None, po_box=None):
    f = faker("en_US")
    if multiline is None:
        multiline = rng.random() < 0.3
    sep = "\n" if multiline else ", "
    if po_box or (po_box is None and rng.random() < 0.1):
        street = rng.choice(["P.O. Box ", "PO Box ", "P. O. Box ", "Post Office Box "]) + digits(
            rng.choice([3, 4, 5])).lstrip("0")
    else:
        street = f.street_address()
        if rng.random() < 0.2 and "Apt" not in street and "Suite" not in street:
            street += rng.choice([", Apt ", " Apt. ", " #", ", Unit ", ", Suite "]) + str(
                rng.randrange(1, 999)) + rng.choice(["", "", "B"])
    r = rng.random()
    if r < 0.25 and not multiline:
        return street  # the street part alone
    tail = f.city() + ", " + f.state_abbr() + rng.choice([" ", "  "]) + f.zipcode()
    if rng.random() < 0.1:
        tail = f.city() + ", " + rng.choice(list(STATE_NAMES.values())) + " " + f.zipcode_plus4()
    return street + sep + tail


def intl_address(locale, multiline=None):
    f = faker(locale)
    if multiline is None:
        multiline = rng.random() < 0.5
    if locale == "tr_TR":
        lines = [f.street_name().split()[0] + " Sokak No: " + str(rng.randrange(1, 120))
                 + rng.choice(["", " Daire " + str(rng.randrange(1, 30))]),
                 f.postcode() + " " + rng.choice(TR_CITIES)]
    elif locale == "ja_JP":
        ward, city, pre = rng.choice(JA_PLACES)
        lines = [f"{rng.randrange(1, 9)}-{rng.randrange(1, 20)}-{rng.randrange(1, 30)} "
                 f"{f.last_romanized_name()}cho, {ward}", f"{city} {pre}-{digits(4)}"]
    elif locale == "zh_CN":
        district, city, post = rng.choice(ZH_PLACES)
        lines = [f"No. {rng.randrange(1, 400)} {rng.choice(ZH_STREETS)}, {district}",
                 f"{city} {post}"]
    elif locale in ("en_US",):
        return us_address(multiline)
    elif locale == "fr_CA":
        lines = [faker("en_CA").street_address(), f.city() + " (Québec) " + faker("en_CA").postalcode()]
    else:
        lines = [line.strip() for line in f.address().split("\n") if line.strip()]
    if rng.random() < 0.4:
        lines.append(COUNTRY[locale])
    return ("\n" if multiline else ", ").join(lines)


def address(locale, multiline=None):
    if locale == "en_US":
        return us_address(multiline)
    return intl_address(locale, multiline)


def email(locale, name=None):
    f = faker(locale)
    if name and rng.random() < 0.6:
        ascii_name = re.sub(r"[^a-z.]", "", name.lower().replace(", ", ".").replace(" ", "."))
        ascii_name = ascii_name.strip(".") or f.user_name()
        return ascii_name + "@" + rng.choice([f.free_email_domain(), f.domain_name()])
    return rng.choice([f.email, f.free_email, f.company_email])()


def ssn():
    s = faker("en_US").ssn()
    r = rng.random()
    if r < 0.15:
        return s.replace("-", "")
    if r < 0.25:
        return s.replace("-", " ")
    return s


def card():
    number = faker("en_US").credit_card_number(rng.choice(CARD_TYPES))
    r = rng.random()
    if r < 0.4:
        sep = rng.choice([" ", "-"])
        if len(number) == 15:
            return number[:4] + sep + number[4:10] + sep + number[10:]
        if len(number) == 14:
            return number[:4] + sep + number[4:10] + sep + number[10:]
        return sep.join(number[i:i + 4] for i in range(0, len(number), 4))
    return number


def iban(locale):
    f = faker(locale)
    value = f.iban()
    if locale == "en_US" or value[:2] == "GB" and locale != "en_GB":
        value = faker(rng.choice(["de_DE", "fr_FR", "nl_NL", "es_ES", "it_IT"])).iban()
    if rng.random() < 0.5:
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return value


def dl(state):
    """A licence number in the state's published format (a letter/digit pattern)."""
    L = lambda n: letters(n)  # noqa: E731
    D = digits
    forms = {
        "CA": lambda: L(1) + D(7),
        "NY": lambda: rng.choice([D(9), D(3) + " " + D(3) + " " + D(3)]),
        "TX": lambda: D(8),
        "FL": lambda: rng.choice([L(1) + D(12), f"{L(1)}{D(3)}-{D(3)}-{D(2)}-{D(3)}-{D(1)}"]),
        "IL": lambda: rng.choice([L(1) + D(11), f"{L(1)}{D(3)}-{D(4)}-{D(4)}"]),
        "PA": lambda: rng.choice([D(8), f"{D(2)} {D(3)} {D(3)}"]),
        "OH": lambda: L(2) + D(6),
        "MI": lambda: rng.choice([L(1) + D(12), f"{L(1)} {D(3)} {D(3)} {D(3)} {D(3)}"]),
        "NJ": lambda: rng.choice([L(1) + D(14), f"{L(1)}{D(4)} {D(5)} {D(5)}"]),
        "WA": lambda: "WDL" + letters(9, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"),
        "AZ": lambda: rng.choice([L(1) + D(8), D(9)]),
        "MA": lambda: "S" + D(8),
        "VA": lambda: rng.choice([L(1) + D(8), f"{L(1)}{D(2)}-{D(2)}-{D(4)}"]),
        "GA": lambda: D(9),
        "NC": lambda: D(rng.choice([8, 10, 12])),
        "CO": lambda: rng.choice([D(9), f"{D(2)}-{D(3)}-{D(4)}"]),
        "WI": lambda: rng.choice([L(1) + D(13), f"{L(1)}{D(3)}-{D(4)}-{D(4)}-{D(2)}"]),
        "MN": lambda: L(1) + D(12),
        "MD": lambda: rng.choice([L(1) + D(12), f"{L(1)}-{D(3)}-{D(3)}-{D(3)}-{D(3)}"]),
        "IN": lambda: rng.choice([D(10), f"{D(4)}-{D(2)}-{D(4)}"]),
        "NH": lambda: D(2) + L(3) + D(5),
        "KY": lambda: L(1) + D(8),
        "OR": lambda: rng.choice([D(7), L(1) + D(6)]),
        "NV": lambda: D(rng.choice([10, 12])),
    }
    return forms[state]()


def dob(locale):
    f = faker(locale)
    d = f.date_between(date(1930, 1, 1), date(2024, 12, 31))  # not from today: reproducible
    lg = lang(locale)
    months = MONTHS.get(lg, MONTHS["en"]).split()
    m = months[d.month - 1]
    us = locale in ("en_US", "en_CA")
    forms = [
        f"{d.month:02}/{d.day:02}/{d.year}" if us else f"{d.day:02}/{d.month:02}/{d.year}",
        f"{d.month}/{d.day}/{d.year}" if us else f"{d.day}.{d.month}.{d.year}",
        d.isoformat(),
        f"{d.day:02}.{d.month:02}.{d.year}",
        f"{m} {d.day}, {d.year}" if lg == "en" else f"{d.day}. {m} {d.year}" if lg == "de"
        else f"{d.day} de {m} de {d.year}" if lg in ("es", "pt") else f"{d.day} {m} {d.year}",
        f"{d.day} {m[:3]} {d.year}" if lg == "en" else f"{d.day:02}-{d.month:02}-{d.year}",
        f"{m[:3]}. {d.day}, {d.year}" if lg == "en" else f"{d.day}/{d.month}/{d.year % 100:02}",
        f"{d.month}-{d.day}-{d.year % 100:02}" if us else f"{d.day}-{m[:3]}-{d.year}",
    ]
    if lg == "en":
        forms.append(f"{m} {d.day}{'th' if 10 < d.day < 14 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d.day % 10, 'th')}, {d.year}")
        forms.append(f"{d.day} {m} {d.year}")
    return rng.choice(forms)


def passport(locale):
    lg = lang(locale)
    if locale == "en_US":
        return rng.choice([D9() for D9 in [lambda: digits(9), lambda: letters(1) + digits(8)]])
    if lg == "de":
        return letters(1, "CFGHJK") + letters(8, "CFGHJKLMNPRTVWXYZ0123456789")
    if lg == "fr":
        return digits(2) + letters(2) + digits(5)
    if locale == "en_GB":
        return digits(9)
    return faker(locale).passport_number()


def aba():
    """A US bank routing number whose checksum holds."""
    while True:
        d = [int(c) for c in rng.choice(["0", "1", "2", "3"]) + digits(7)]
        for last in range(10):
            n = d + [last]
            if (3 * (n[0] + n[3] + n[6]) + 7 * (n[1] + n[4] + n[7]) + (n[2] + n[5] + n[8])) % 10 == 0:
                return "".join(map(str, n))


def account():
    return digits(rng.choice([8, 9, 10, 12]))


def mrn():
    return rng.choice([
        lambda: digits(rng.choice([7, 8])),
        lambda: "MRN-" + digits(7),
        lambda: "MR" + digits(6),
        lambda: f"{digits(2)}-{digits(6)}",
        lambda: "P" + digits(7),
        lambda: f"{letters(3)}{digits(6)}",
    ])()


def plate(locale):
    if locale == "en_US":
        return rng.choice([
            lambda: digits(1) + letters(3) + digits(3),  # California
            lambda: letters(3) + "-" + digits(4),
            lambda: letters(3) + " " + digits(3),
            lambda: digits(3) + " " + letters(3),
            lambda: faker("en_US").license_plate(),
        ])()
    value = faker(locale).license_plate()
    if locale in ("ja_JP", "zh_CN"):
        return letters(2) + " " + digits(2) + "-" + digits(2)
    return value


def ip():
    f = faker("en_US")
    return rng.choice([f.ipv4_public, f.ipv4_public, f.ipv4_public, f.ipv6])()


# ---------------------------------------------------------------- records


class Record:
    """Text built from pieces, some of them labelled values."""

    def __init__(self, locale, source="faker"):
        self.locale = locale
        self.source = source
        self.parts = []
        self.spans = []
        self.length = 0

    def t(self, text):
        self.parts.append(text)
        self.length += len(text)
        return self

    def v(self, kind, value):
        value = re.sub(r"[ \t]+(?=\n)", "", value.strip())
        assert value, kind
        self.spans.append({"kind": kind, "start": self.length, "end": self.length + len(value)})
        return self.t(value)

    def json(self):
        out = {"text": "".join(self.parts), "spans": self.spans, "locale": self.locale}
        if self.source != "faker":
            out["source"] = self.source
        return out


def name_piece(r, locale, with_title=None):
    """A name, sometimes after a title (the title stays outside the label)."""
    name, first, last = person(locale)
    if with_title or (with_title is None and rng.random() < 0.2):
        r.t(title(locale) + " ")
        if "," in name:
            name = first + " " + last
    r.v("person", name)
    return name, first, last


def greeting(r, locale):
    lg = lang(locale)
    form = rng.choice(DEAR.get(lg, DEAR["en"]))
    _, first, last = person(locale)
    before, _, after = form.partition("{")
    key = after[0]
    after = after[2:]
    if key == "t":
        r.t(before + title(locale) + " ")
        after = after[after.index("{") + 3:]
        r.v("person", last)
    else:
        r.t(before)
        r.v("person", first if key == "f" else last)
    r.t(after)


def born_piece(r, locale):
    form = rng.choice(BORN.get(lang(locale), BORN["en"]))
    before, after = form.split("{d}")
    r.t(before)
    r.v("dob", dob(locale))
    r.t(after)


def t_email_to_city(locale):
    r = Record(locale)
    greeting(r, locale)
    r.t("\n\nI am writing about the fence next to my property at ")
    r.v("address", address(locale, multiline=False))
    r.t(". It has been broken since March and nobody from Code Enforcement has called back. You can reach me at ")
    r.v("phone", phone(locale))
    r.t(" or by email.\n\nThanks,\n")
    name, _, _ = name_piece(r, locale, with_title=False)
    if rng.random() < 0.6:
        r.t("\n")
        r.v("email", email(locale, name))
    return r


def t_complaint_form(locale):
    r = Record(locale)
    r.t("Complaint form #" + digits(5) + "\nName: ")
    name, _, _ = name_piece(r, locale, with_title=False)
    r.t("\nAddress: ")
    r.v("address", address(locale, multiline=False))
    r.t("\nPhone: ")
    r.v("phone", phone(locale))
    r.t("\nEmail: ")
    r.v("email", email(locale, name))
    r.t("\nDescription: " + rng.choice([
        "Loud music every night after 11 pm.", "Pothole in front of the driveway.",
        "Neighbor's tree is blocking the sidewalk.", "Trash pickup was missed twice this month.",
        "Streetlight out on the corner since last week."]))
    return r


def t_inspection(locale):
    r = Record(locale)
    r.t(f"Inspection note {faker(locale).date_between(date(2020, 1, 1), date(2026, 6, 30)).isoformat()}: Inspector ")
    name_piece(r, locale)
    r.t(" visited ")
    r.v("address", address(locale, multiline=False))
    r.t(" and spoke with the tenant, ")
    name_piece(r, locale)
    r.t(rng.choice([", who can be reached at ", " (cell ", ", tel. "]))
    r.v("phone", phone(locale))
    r.t(rng.choice([". Smoke detector missing in unit.", "). Follow-up in 30 days.",
                    ". Permit BP-2024-0" + digits(4) + " posted."]))
    return r


def t_signature(locale):
    r = Record(locale)
    r.t(rng.choice(["Best regards,\n", "Regards,\n", "Sincerely,\n", "Mit freundlichen Grüßen\n",
                    "Cordialement,\n", "Saludos,\n", "Thanks!\n\n", "--\n"]))
    name, _, _ = name_piece(r, locale, with_title=False)
    r.t("\n" + faker(locale).job() + "\n" + faker(locale).company() + "\n")
    if rng.random() < 0.6:
        r.v("address", address(locale, multiline=True))
        r.t("\n")
    r.t(rng.choice(["Tel: ", "Phone: ", "T ", "Office: ", "Tel. ", "Direct: ", "Mobile: ", ""]))
    r.v("phone", phone(locale))
    if rng.random() < 0.5:
        r.t("\n" + rng.choice(["Mobile: ", "Cell: ", "Fax: ", "M: ", "Handy: "]))
        r.v("phone", phone(locale))
    r.t("\n" + rng.choice(["", "Email: ", "E-mail: ", "mailto:"]))
    r.v("email", email(locale, name))
    return r


def t_web_form(locale):
    r = Record(locale)
    f = faker(locale)
    _, first, last = person(locale)
    r.t("Submission ID," + digits(6) + "\nfirst_name,")
    r.v("person", first)
    r.t("\nlast_name,")
    r.v("person", last)
    r.t("\nemail,")
    r.v("email", email(locale, first + " " + last))
    r.t("\nphone,")
    r.v("phone", phone(locale))
    r.t("\nstreet,")
    r.v("address", f.street_address().replace("\n", ", ")
        if locale not in ("tr_TR", "ja_JP", "zh_CN") else address(locale, multiline=False))
    r.t("\nsubmitted," + f.date_time_between(datetime(2025, 1, 1), datetime(2026, 6, 30)).isoformat(sep=" ", timespec="minutes"))
    if rng.random() < 0.5:
        r.t("\nremote_addr,")
        r.v("ip", ip())
    return r


def t_letter(locale):
    r = Record(locale)
    name, _, _ = name_piece(r, locale, with_title=rng.random() < 0.4)
    r.t("\n")
    r.v("address", address(locale, multiline=True))
    r.t("\n\n" + faker(locale).date_between(date(2025, 1, 1), date(2026, 6, 30)).strftime("%d %B %Y") + "\n\n")
    greeting(r, locale)
    r.t("\n\nThank you for your request for records dated last month. The responsive documents are enclosed.")
    return r


def t_phone_message(locale):
    r = Record(locale)
    r.t(rng.choice(["Phone message: ", "Voicemail from ", "Call log — ", "While you were out: "]))
    name_piece(r, locale)
    r.t(rng.choice([" called about ", " left a message about ", " asked about "]))
    r.t(rng.choice(["the parking citation", "her water bill", "the building permit",
                    "a noise complaint", "the tree removal"]))
    r.t(rng.choice([". Call back at ", ". Please return the call: ", ". Number: ", " — "]))
    r.v("phone", phone(locale))
    if rng.random() < 0.4:
        r.t(rng.choice([" or ", " / alt. ", ", mobile "]))
        r.v("phone", phone(locale, intl=rng.random() < 0.5))
    r.t(".")
    return r


def t_multiline_address(locale):
    r = Record(locale)
    r.t(rng.choice(["Mailing address:\n", "Please send the refund to:\n", "Ship to:\n",
                    "Correspondence address\n"]))
    name_piece(r, locale, with_title=False)
    r.t("\n")
    r.v("address", address(locale, multiline=True))
    return r


def t_ssn(locale):
    r = Record("en_US")
    r.t("Applicant ")
    name_piece(r, "en_US")
    r.t(rng.choice([", SSN ", " (Social Security No. ", ", social security number: ", ", SS# "]))
    r.v("ssn", ssn())
    r.t(rng.choice([", ", "), "]))
    born_piece(r, "en_US")
    r.t(", applied for the utility assistance program.")
    return r


def t_payment(locale):
    r = Record(locale)
    r.t(rng.choice(["Payment received from ", "Refund issued to ", "Charge disputed by "]))
    name_piece(r, locale)
    r.t(rng.choice([" with card ", ", card number ", ", Visa/MC ", " using "]))
    r.v("card", card())
    r.t(rng.choice([" exp 04/27", ", amount $125.00", " for invoice INV-" + digits(5), ""]))
    r.t(".")
    return r


def t_iban(locale):
    r = Record(locale)
    r.t(rng.choice(["Please refund the deposit to my account, IBAN ", "Bankverbindung: IBAN ",
                    "RIB / IBAN : ", "IBAN: ", "Bank details for ", "Account holder "]))
    if r.parts[-1] in ("Bank details for ", "Account holder "):
        name_piece(r, locale, with_title=False)
        r.t(", IBAN ")
    r.v("iban", iban(locale))
    r.t(rng.choice([", BIC " + letters(4) + letters(2) + letters(2, "ABCDEFGHJKLMNPRSTUVWXYZ23456789"),
                    ". Thank you.", " (Sparkasse).", ""]))
    return r


def t_dl(locale):
    r = Record("en_US")
    state = rng.choice(US_DL_STATES)
    r.t(rng.choice(["Driver: ", "Operator ", "Party 1: ", "Renter: "]))
    name_piece(r, "en_US")
    r.t(rng.choice([f", {state} DL ", f", {STATE_NAMES[state]} driver's license ",
                    f", driver license no. {state} ", f" ({state} driver's licence #",
                    f", DL# ", f", {STATE_NAMES[state]} DL number "]))
    r.v("dl", dl(state))
    r.t(rng.choice([", ", "), "]))
    if rng.random() < 0.5:
        r.t("vehicle plate ")
        r.v("plate", plate("en_US"))
        r.t(", ")
    r.t("was cited at the intersection of Main and 3rd.")
    return r


def t_dob(locale):
    r = Record(locale)
    r.t(rng.choice(["Client intake: ", "Registration: ", "Participant ", "Library card for "]))
    name_piece(r, locale)
    r.t(", ")
    born_piece(r, locale)
    r.t(rng.choice([".", ", enrolled in the summer program.", "; guardian signature on file."]))
    return r


def t_passport(locale):
    r = Record(locale)
    r.t(rng.choice(["Identity verified: ", "ID presented by ", "Visitor "]))
    name_piece(r, locale)
    r.t(rng.choice([", passport no. ", ", passport number ", " — Passport: ", ", Reisepass-Nr. ",
                    ", passeport n° ", ", pasaporte "]))
    r.v("passport", passport(locale))
    r.t(rng.choice([" (" + COUNTRY[locale] + ").", ", expires 2031.", "."]))
    return r


def t_bank(locale):
    r = Record("en_US")
    r.t("Direct deposit form: employee ")
    name_piece(r, "en_US")
    r.t(rng.choice([", routing number ", ", ABA ", ", routing # ", ", RTN "]))
    r.v("bank-account", aba())
    r.t(rng.choice([", account number ", ", acct # ", ", checking account ", ", account no. "]))
    r.v("bank-account", account())
    r.t(".")
    return r


def t_uk_bank(locale):
    r = Record("en_GB")
    r.t("Please pay the grant to ")
    name_piece(r, "en_GB")
    r.t(", sort code ")
    r.v("bank-account", f"{digits(2)}-{digits(2)}-{digits(2)}")
    r.t(", account number ")
    r.v("bank-account", digits(8))
    r.t(".")
    return r


def t_medical(locale):
    r = Record(locale)
    r.t(rng.choice(["EMS run report: patient ", "Clinic referral for ", "Incident report — injured party "]))
    name_piece(r, locale)
    r.t(rng.choice([", MRN ", ", medical record number ", ", Patient ID: ", ", chart # ",
                    ", medical record no. "]))
    r.v("medical-record", mrn())
    r.t(", ")
    born_piece(r, locale)
    r.t(rng.choice([", transported to County General.", ", released at scene.", "."]))
    return r


def t_plate(locale):
    r = Record(locale)
    r.t(rng.choice(["Parking citation: vehicle with plate ", "Abandoned vehicle, license plate ",
                    "Tow report: ", "Kennzeichen ", "A grey sedan (plate "]))
    if r.parts[-1] == "Tow report: ":
        r.t(rng.choice(["silver Honda, plate ", "pickup, tag # ", "van with licence plate "]))
    r.v("plate", plate(locale))
    r.t(rng.choice([" parked on Elm Street for 5 days.", " was reported by ", ") was seen leaving."]))
    if r.parts[-1] == " was reported by ":
        name_piece(r, locale)
        r.t(".")
    return r


def t_ip(locale):
    r = Record(locale)
    r.t(rng.choice(["The portal logged the upload from ", "Login attempt from ",
                    "Form submitted from IP "]))
    r.v("ip", ip())
    r.t(" by user ")
    r.v("email", email(locale))
    r.t(" at " + faker(locale).time(pattern="%H:%M") + ".")
    return r


def t_meeting(locale):
    r = Record(locale)
    r.t("Public comment card: ")
    name, _, _ = name_piece(r, locale)
    r.t(rng.choice([" of ", ", resident at ", ", who lives at "]))
    r.v("address", address(locale, multiline=False))
    r.t(rng.choice([", spoke against the rezoning.", ", asked for a crosswalk.",
                    ", supports the library bond."]))
    if rng.random() < 0.4:
        r.t(" Contact: ")
        r.v("email", email(locale, name))
    return r


TEMPLATES = [
    (t_email_to_city, 12), (t_complaint_form, 10), (t_inspection, 9), (t_signature, 12),
    (t_web_form, 7), (t_letter, 8), (t_phone_message, 10), (t_multiline_address, 6),
    (t_ssn, 6), (t_payment, 9), (t_iban, 9), (t_dl, 10), (t_dob, 5), (t_passport, 6),
    (t_bank, 3), (t_uk_bank, 1), (t_medical, 5), (t_plate, 5), (t_ip, 4), (t_meeting, 6),
]


# ---------------------------------------------------------------- no personal information

PLACES = ["San Jose", "New York", "Los Angeles", "Santa Clara", "St. Louis", "Saint Paul",
          "Fort Worth", "Mount Vernon", "Grand Rapids", "Jackson", "Lincoln", "Washington",
          "Charlotte", "Madison", "Florence", "Victoria", "Santa Rosa", "San Diego",
          "Palo Alto", "Virginia Beach", "Jefferson City", "Austin", "Frankfurt am Main",
          "Saint-Étienne", "São Paulo", "Zürich", "Den Haag", "Kraków", "Mexico City"]
ORGS = ["Public Works Department", "Planning Commission", "City Council", "Parks and Recreation",
        "Office of the City Clerk", "Department of Transportation", "Water Resources Board",
        "Fire Department", "Police Department", "Housing Authority", "Library Foundation"]


STREET_TYPES = ["Street", "Avenue", "Road", "Boulevard", "Drive", "Lane", "Way", "Court"]
NAMED_AFTER_PEOPLE = ["Dr. Martin Luther King Jr. Boulevard", "Cesar Chavez Avenue",
                      "John F. Kennedy Parkway", "Rosa Parks Boulevard", "Harvey Milk Plaza",
                      "Abraham Lincoln High School", "George Washington Carver Park",
                      "Thomas Jefferson Memorial Library", "Eleanor Roosevelt Community Center"]
BOILERPLATE = [
    "Call 311 or 911 in an emergency; the non-emergency line is staffed 24/7.",
    "Spring Street, Main Street and Ocean Avenue will be closed for the marathon.",
    "The Mayor and the City Manager thanked the Library Commission for its work.",
    "Please note: the Finance Director will respond within ten business days.",
    "Residents of North Park and East Village may use the Saturday drop-off site.",
]


def street_name(locale):
    """A street name without a number, its type plain (Faker's en_US "Amanda Brooks" is a name)."""
    f = faker(locale)
    name = f.street_name()
    if lang(locale) == "en":
        name = name.rsplit(" ", 1)[0] + " " + rng.choice(STREET_TYPES)
    return name


def nopii(locale):
    f = faker(locale)
    r = Record(locale, "nopii")
    d = f.date_between(date(2019, 1, 1), date(2026, 12, 31))
    amount = f"${rng.randrange(10, 99999):,}.{rng.randrange(100):02}"
    year = str(rng.randrange(1990, 2030))
    forms = [
        f"The {rng.choice(ORGS)} will meet on {d.strftime('%B %d, %Y')} at {rng.randrange(1, 12)}:{rng.choice(['00', '30', '15'])} p.m. in Room {rng.randrange(100, 999)}.",
        f"Case No. {d.year % 100}-CV-{digits(6)} was continued to {d.month}/{d.day}/{d.year}.",
        f"Permit BP-{d.year}-{digits(5)} for parcel {digits(3)}-{digits(3)}-{digits(3)} was approved; fee {amount}.",
        f"Invoice INV-{digits(6)} dated {d.isoformat()} totals {amount} including tax.",
        f"The {street_name(locale)} resurfacing project in {rng.choice(PLACES)} begins in {year}.",
        f"Version {rng.randrange(1, 20)}.{rng.randrange(0, 10)}.{rng.randrange(0, 30)} of the permit portal was released on {d.isoformat()}.",
        f"ZIP code {faker('en_US').zipcode()} saw {rng.randrange(2, 400)} service requests in {year}.",
        f"{rng.choice(ORGS)} staff from {rng.choice(PLACES)} attended the conference in {rng.choice(PLACES)}.",
        f"{f.company()} submitted the lowest bid ({amount}) for contract C-{year}-{digits(3)}.",
        f"The {f.job()} position closes on {d.strftime('%d %B %Y')}; salary range {amount} to ${rng.randrange(100, 200)},000.",
        f"Order #{digits(7)} shipped {d.strftime('%m/%d/%Y')} via tracking {digits(4)} {digits(4)} {digits(4)}.",
        f"Agenda item {rng.randrange(1, 30)}.{rng.randrange(1, 9)}: approve the minutes of {d.strftime('%B %d')}.",
        f"Traffic counts on {street_name(locale)} between {rng.randrange(6, 9)}:00 and {rng.randrange(9, 11)}:30 averaged {rng.randrange(100, 3000)} vehicles per hour.",
        f"Ordinance {year}-{digits(3)} amends Section {rng.randrange(1, 20)}.{rng.randrange(10, 99)}.{rng.randrange(10, 999)} of the Municipal Code.",
        f"Budget line {digits(3)}-{digits(4)}-{digits(3)} was reduced by {rng.randrange(2, 30)}% for fiscal year {year}-{int(year) % 100 + 1:02}.",
        f"Please bring this notice to the counter at City Hall, Floor {rng.randrange(1, 9)}, window {rng.randrange(1, 12)}.",
        f"Water main break reported near {street_name(locale)} and {street_name(locale)}; crews on site by {rng.randrange(1, 12)}:{rng.randrange(10, 59)} a.m.",
        f"The {rng.choice(['Senior', 'Chief', 'Deputy', 'Assistant'])} {rng.choice(['Planner', 'Engineer', 'Building Official', 'City Attorney', 'Fire Marshal'])} presented the {year} annual report.",
        f"Reference {letters(2)}-{digits(4)}-{letters(1)}{digits(2)}; parcel map sheet {digits(2)} of {digits(2)}.",
        f"Meeting ID {digits(3)} {digits(4)} {digits(4)}, passcode {digits(6)}.",
        f"Statistics for {rng.choice(PLACES)}: population {rng.randrange(10, 999)},{digits(3)}, median rent {amount}.",
        f"Grant #{year}-{letters(3)}-{digits(4)} ({amount}) was awarded by the state on {d.strftime('%b. %d, %Y')}.",
        f"Temperature reached {rng.randrange(60, 110)}°F on {d.strftime('%A, %B %d')}; cooling centers open {rng.randrange(8, 11)} a.m.–{rng.randrange(5, 9)} p.m.",
        f"Kosten: {rng.randrange(100, 9999)},{rng.randrange(100):02} EUR, Aktenzeichen {digits(2)} K {digits(3)}/{d.year % 100}, Sitzung am {d.day:02}.{d.month:02}.{d.year}.",
        f"Réunion du conseil municipal le {d.day} {MONTHS['fr'].split()[d.month - 1]} {d.year} à {rng.randrange(9, 20)} h, salle {rng.randrange(1, 20)}.",
        f"Expediente {digits(4)}/{d.year}, importe {rng.randrange(100, 9999)},{rng.randrange(100):02} €, plazo hasta el {d.day}/{d.month}/{d.year}.",
        f"{rng.choice(NAMED_AFTER_PEOPLE)} improvements are scheduled for phase {rng.randrange(2, 5)}.",
        rng.choice(BOILERPLATE),
        f"Lot {rng.randrange(1, 99)}, Block {rng.randrange(1, 30)}, Tract {digits(5)}, recorded in Book {rng.randrange(100, 999)}, Page {rng.randrange(1, 99)}.",
    ]
    r.t(rng.choice(forms))
    return r


# ---------------------------------------------------------------- Enron, labelled by hand

# Real signature blocks and greetings from the Enron mailboxes in shared/corpus (a public
# record released by FERC), shortened, labelled by hand: [[kind|value]].
ENRON = r"""
Thanks,

[[person|Gregg]]
[[phone|312-541-1229]]
====
Regards
[[person|Kate Agnew]]
====
[[person|Derek Van Deusen]]
Enron Metals & Commodity Corp.
[[address|200 West Madison Street, Suite 2420
Chicago, IL  60606-3416]]
Tel: [[phone|312-407-6060]]
Fax: [[phone|312-407-6069]]
E-Mail: [[email|derek.van.deusen@enron.com]]
====
[[person|Michael Cilento]]
Enron Metals & Commodity Corp.
[[address|520 Madison Avenue
New York, NY  10022]]
Tel: [[phone|212-715-5208]]
Fax: [[phone|212-355-7978]]
email: [[email|michael.cilento@enron.com]]
====
[[person|Chuck Vice]]
IntercontinentalExchange, LLC
[[address|2100 RiverEdge Parkway, Suite 400
Atlanta, GA  30328]]
Tel:    [[phone|770.738.2129]]
Fax:   [[phone|770.951.5481]]
Cell:   [[phone|678.414.5608]]
[[email|chuck.vice@intcx.com]]
====
[[person|Pat Cagney]]
Phone: [[phone|713-853-9047]]
Pager: [[phone|888-629-6248]]
====
Thanks.
[[person|Geoff Kershaw]]
Business Development Manager
Cavio Corporation
Phone   [[phone|(604) 484-4700 Ext. 4713]]
Fax        [[phone|(604) 484-4701]]
Email    [[email|gkershaw@cavio.com]]
====
[[person|Hector G. McLoughlin]], PHR
Human Resources
Enron Net Works
Office: [[phone|713-853-6703]]
Cell: [[phone|713-854-0839]]
====
Enron Broadband Services
[[address|40 Grosvenor Place
London SW1X 7EN]]

Phone :  [[phone|0207 783 5327]]
Mobile :  [[phone|07879 432 763]]

[[email|neil.tarling@enron.net]]
====
[[person|Chip Saltsman]], Facilitator
Phone:  [[phone|410-783-3725]]
Cellphone:  [[phone|443-655-5820]]
====
[[person|Scott Pleus]]
Office#  [[phone|(713) 853-6577]]
Home# [[phone|(281) 261-0499]]
Pager# [[phone|(713) 761-4808]]
Cellular# [[phone|(281) 300-8286]]
====
[[person|Rich Thomas]]
Director, Strategic Alliances
Enron Broadband Services
Mobile: [[phone|713-419-7456]]
Desk: [[phone|713-345-8318]]
Fax: [[phone|713-853-7354]]
====
[[person|Mark Gandy]]
Strategic Alliances
Enron Broadband Services, Inc.

Office [[phone|(713) 853-7623]]
Mobile [[phone|(713) 598-6295]]
[[email|Mark.Gandy@enron.net]]
====
Enron Japan-
Otemachi 1st Square Bldg. West 11th Floor,
[[address|1-5-1 Otemachi, Chiyoda-ku, Tokyo]]
Phone: [[phone|813-5219-4500]]
Fax: [[phone|813-5219-4510]]
====
Thanks,

[[person|Grant W. Zimmerman]]
Enron Broadband Services
Phone:  [[phone|(713) 853-6210]]
Fax:  [[phone|(713) 646-8795]]
====
The University of Oklahoma
[[address|307 West Brooks, Room 218
Norman, OK  73019-4007]]
[[phone|(405)325-0758]]
Fax [[phone|(405)325-2096]]
E-mail: [[email|tjacobs@ou.edu]]
====
meet face to face? I'd like to talk about the mid-year also. Thank you.

[[person|Jun Wang]]
Enron Broadband Services
Office# [[phone|713.853.0425]]
Fax#     [[phone|713.646.3271]]
[[email|jun.wang@enron.net]]
====
The Ex-Students' Association of The University of Texas at Austin
[[address|2110 San Jacinto, Austin, Texas 78705]]
Phone: [[phone|512-471-8839]]
====
[[person|Inga Latson]]
Enron Broadband Services
Administrative Assistant II
Office#  [[phone|713-853-3540]]
====
[[person|Richard W. Amabile]] - President
[[address|P.O. Box 6417
Kingwood, TX 77235-6417]]

Telephone: [[phone|(281) 361-3691]]
Fax:  [[phone|(281) 361-9408]]
Email: [[email|ramabile@execlead.com]]
====
wish you the best of luck.
[[person|Jennifer Medcalf]]
Senior Director
Global Strategic Sourcing-Business Development
Office: [[phone|(713) 646-8235]]
Fax:    [[phone|(713) 646-2450]]
Mobile:[[phone|(713) 562-7199]]
====
Thanks,

[[person|Greg]]

Office: [[phone|(713) 868-5537 x1148]]
Mobile: [[phone|(281) 787-9760]]
eMail: [[email|gregory.felton@cgiusa.com]]
====
CGI
[[address|1225 North Loop West
Suite 825
Houston, TX 77008]]
Office: [[phone|(713) 868-5537 x1148]]
====
Vice President, Enron Broadband Services
Physical Location:  [[address|1400 Smith Street EB4620
                                      Houston, TX 77002]]
Email:  [[email|gay_mayeux@enron.net]]
Office: [[phone|(713) 853-9905]]
Cell:     [[phone|(713) 416-8821]]
====
Contract Accountant, Gas Settlements (Sales)
Houston Pipe Line Co.
[[address|1201 Louisiana, LA 1524B
Houston, Tx. 77002]]
Tel: [[phone|713-571-3274]]     Fax: [[phone|713-646-8875]]
====
[[person|Kevin E. Olson]]
Energy Service Providers, LLP
[[address|1521 Green Oak Place #170
Kingwood, Texas  77339]]
Phone:  [[phone|281-359-4610]]
Fax:    [[phone|281-359-4656]]
Email:  [[email|Olson@espllp.com]]
====
If you need to reach me please call me.

[[person|Dave]]

Phone: [[phone|(210) 370-2799]]
Cell phone at [[phone|(210) 241-9180]]
Pager [[phone|(888) 691-5538]]
====
[[person|Nancy Stivers]]
Tenaska, Inc.
[[address|1044 North 115th Street, Suite 400
Omaha, NE  68154-4446]]
Fax:  [[phone|(402) 691-9717]]
====
[[person|Michael Mazowita]]
White Pine Energy, LLC

Phone: [[phone|(248) 442-4823]]
Fax: [[phone|(248) 477-5729]]
Cell: [[phone|(248) 345-4002]]
====
[[person|Stephen R. Swisher]]
Specialist, Energy Operations
Enron Net Works, LLC
Phone:  [[phone|713-345-3042]]
Fax:  [[phone|713-345-7701]]
Email:  [[email|stephen.swisher@enron.com]]
====
[[person|Michael Cuccia]]
Unify Production Support
Cell [[phone|713.870.6463]]
====
Senior Administrative Assistant
Enron North America Corp.
[[address|1400 Smith Street, EB3880D
Houston, TX  77002]]
Phone:  [[phone|(713) 853-5968]]     Fax:      [[phone|(713) 646-3490]]
Email:   [[email|joanne.rozycki@enron.com]]
====
[[person|Lisa Maillet]]
Work# [[phone|508-786-7205]]
Home# [[phone|781-894-4465]]
Mobile# [[phone|508-326-2435]]
====
[[person|Sherlyn Schumack]]
Sr. Specialist
Volume Management
Phone [[phone|713 853-7461]]
Fax [[phone|713 345-7701]]
====
[[person|Valentin Zapata]]
Marketing Operations
Phone:  [[phone|(713) 627-6403]]
Fax:       [[phone|(713)627-6273]]
Pager:   [[phone|(800)616-4938]]
[[email|vzapata@duke-energy.com]]
====
[[person|Eileen Ponton]] - Senior Representative  Marketing Operations
Office nbr:  [[phone|713-627-6206]]
Pager:        [[phone|800-976-2802]]
====
tel [[phone|405-552-4721]]
[[email|wadeg@dvn.com]]
[[address|20 North Broadway, Suite 1500
Oklahoma City, OK 73102-8260]]
Fax [[phone|405-552-4550]]
====
Name:             [[person|JERRY FARMER]]
Personnel number: P00507544
Phone:            [[phone|7138536905]]
====
Regards,
[[person|Amy Brock]]
HBD Marketing Team
Office: [[phone|281-988-2157]]
Cell:  [[phone|713-702-6815]]
====
Sincerely,

[[person|Daniel Jenuwine]]
Mortgage Banker
Phone: [[phone|800.226.6308  Ext. 57531]]
Email: [[email|daniel_jenuwine@quickenloans.com]]
====
[[address|1450 Lake Robbins Drive
Suite 100
The Woodlands, TX  77380]]

Phone	[[phone|281.367.8658 ext. 2227]]
Fax	[[phone|281.364.9628]]
E mail	[[email|byronellis@usa.net]]
====
Mr. [[person|Daren Farmer]]
[[address|5519 Clarkston
Spring, Tx   77379
UNITED STATES]]
Phone: [[phone|2812511793]]
Email: [[email|dfarmer@enron.com]]
====
[[person|Geoff Gayle]]
Synergy Oil & Gas, Inc.
Office: [[phone|(713) 461-6626 x. 113]]
Fax:     [[phone|(713) 461-4475]]
email: [[email|ggayle@synergyog.com]]
====
[[person|Joan E. Johnson]]
Paralegal
TECO Energy, Inc.
Phone:  [[phone|(813) 228-4329]]
Fax:  [[phone|(813) 228-1328]]
[[email|jejohnson@tecoenergy.com]]
====
[[person|Daren Farmer]]
Enron North America
Ph:  [[phone|713-853-6905]]
Fax:  [[phone|713-646-2391]]
E-mail:  [[email|dfarmer@enron.com]]
====
[[person|Marlene D. Hilliard]]
Enron Net Works, LLC
Tel:  [[phone|(713)  853-9167]]
Fax: [[phone|(713)  646-2495]]
====
Current e-mail:	[[email|kca@u.washington.edu]]
Address: 	[[address|16900 SE 26th Drive
		Apartment 16
		Vancouver, WA 98683]]
Phone:		[[phone|503.490.3111]]
====
[[person|Crystal Hyde]]
Enron North America
[[address|121 SW Salmon Street
Portland, Oregon 97204]]
Phone: [[phone|(503) 464-8318]]
Fax: [[phone|(503) 464-3740]]
Email: [[email|crystal.hyde@enron.com]]
====
[[person|Byron B. Woertz, Jr.]]
Director, Client Relations
Phone:  [[phone|(916) 608-7066]]
Pager:   [[phone|(800) 481-7037]]
====
[[person|Andrew B. Brown]]
Ellison, Schneider & Harris, LLP
[[address|2015 H Street
Sacramento, CA  95814]]
Phone: [[phone|(916) 447-2166]]
Fax: [[phone|(916) 447-3512]]
====
[[person|Danielle Gardner]]
PH: [[phone|(801)582-0353]]
Fax: [[phone|(801)582-3918]]
EM: [[email|danielle@wscc.com]]
====
[[person|Alice Leonard]]
Executive Assistant
California Independent System Operator
Ph: [[phone|(916) 351-2209]]
Fax: [[phone|(916) 351-2350]]
Email: [[email|aleonard@caiso.com]]
====
Director, Government Affairs
Enron Corporation
[[address|101 California Street, Suite 1950
San Francisco, CA  94111]]
Phone: [[phone|415.782.7801]]
Fax: [[phone|415.782.7854]]
====
Regards,
[[person|Jessica Ramirez]]
Enron Wholesale Services
Office of the Chairman
Phone:  [[phone|713/853-9417]]
Fax:     [[phone|713/853-1838]]
[[email|Jessica.Ramirez@enron.com]]
====
[[person|Sue Mara]]
Enron Corp.
Tel: [[phone|(415) 782-7802]]
Fax:[[phone|(415) 782-7854]]
====
Thanks,
[[person|Jill Chatterton]]
Enron North America
Tel:  [[phone|(503) 464-8216]]
Fax: [[phone|(503) 464-7996]]
[[email|jill.chatterton@enron.com]]
====
[[address|P.O. Box 770000
San Francisco, CA  94177]]

Email:   [[email|pme8@pge.com]]
Phone:   [[phone|415-973-4380]]
====
Dear Ms. [[person|Beck]],
====
Hi [[person|Daren]],
====
[[person|Sally]] and [[person|Brent]],
====
Dear [[person|Daren Farmer]],
====
Dear Mr. [[person|McConnell]]:
====
Hi [[person|Sheri]] --
====
Thanks,
[[person|Kevin Lee]]
====
Best regards,
[[person|Marcelo]]
Enron Metals & Commodity Corp.
E-Mail: [[email|Marcelo.Parra@enron.com]]
====
---------------------- Forwarded by [[person|Andrew Cornfield]]/LON/ECT on 09/11/2000
11:07 ---------------------------
====
From: [[person|Veronica Valdez]]@ECT on 01/16/2001 05:11 PM
====
-----Original Message-----
From:  [[person|Beck, Sally]]
====
"""


def enron_records():
    out = []
    for block in ENRON.split("\n====\n"):
        block = block.strip("\n")
        if not block:
            continue
        r = Record("en_US", "enron")
        at = 0
        for m in re.finditer(r"\[\[([a-z-]+)\|(.*?)\]\]", block, re.S):
            r.t(block[at:m.start()])
            r.v(m.group(1), m.group(2))
            at = m.end()
        r.t(block[at:])
        out.append(r)
    return out


# ---------------------------------------------------------------- main

PII_RECORDS = 1500
NOPII_RECORDS = 400


def main():
    weights = [LOCALE_WEIGHTS.get(loc, 1) for loc in LOCALES]
    records = []
    templates = [t for t, _ in TEMPLATES]
    tweights = [w for _, w in TEMPLATES]
    for _ in range(PII_RECORDS):
        locale = rng.choices(LOCALES, weights)[0]
        records.append(rng.choices(templates, tweights)[0](locale))
    for _ in range(NOPII_RECORDS):
        records.append(nopii(rng.choices(LOCALES, weights)[0]))
    records.extend(enron_records())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as out:
        for r in records:
            row = r.json()
            for s in row["spans"]:  # every label is where it says
                assert row["text"][s["start"]:s["end"]].strip() == row["text"][s["start"]:s["end"]]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(records)} records -> {OUT} ({OUT.stat().st_size} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
