#!/usr/bin/env python3
"""Generate a fresh labelled set of street addresses: tests/data/address-fresh.jsonl.

Made apart from the main evaluation set (scripts/pii-evalset.py) to check that the address
detector is not tuned to that set: other templates (sentences, lines, forms, letters, tables),
another seed, other ways of joining the parts, and look-alike passages with no address.

    python3 -m venv /tmp/faker-venv-addr && /tmp/faker-venv-addr/bin/pip install faker==40.63.0
    /tmp/faker-venv-addr/bin/python crates/redact/tests/data/address-fresh.py

Requires Faker 40.63.0 (MIT licence); other versions give other values.

One JSON object a line, like pii-eval.jsonl:
  {"text": ..., "spans": [{"kind": "address", "start": 3, "end": 40}], "locale": "it_IT"}
with character offsets; "source" is "nopii" for passages without an address.
Labels run from the house number (or PO box) to the end of the postcode, city, state or
country that follow it, across line breaks; a street with its number alone when no more.
"""

import json
import random
from pathlib import Path

from faker import Faker

SEED = 90417
OUT = Path(__file__).resolve().parent / "address-fresh.jsonl"
rng = random.Random(SEED)

LOCALES = [
    "en_US", "en_GB", "en_AU", "en_CA", "en_IN", "en_IE", "en_NZ", "de_DE", "de_CH", "de_AT",
    "fr_FR", "fr_CH", "fr_CA", "es_ES", "es_MX", "it_IT", "nl_NL", "nl_BE", "pt_BR", "pt_PT",
    "pl_PL", "sv_SE", "da_DK", "no_NO", "cs_CZ", "fi_FI", "ja_JP", "zh_CN", "vi_VN",
]
WEIGHTS = {"en_US": 5, "en_GB": 2, "en_AU": 2, "en_CA": 2}
COUNTRY = {
    "en_US": "United States", "en_GB": "UK", "en_AU": "Australia", "en_CA": "Canada",
    "en_IN": "India", "en_IE": "Ireland", "en_NZ": "New Zealand", "de_DE": "Deutschland",
    "de_CH": "Schweiz", "de_AT": "Österreich", "fr_FR": "France", "fr_CH": "Suisse",
    "fr_CA": "Canada", "es_ES": "Spain", "es_MX": "Mexico", "it_IT": "Italy",
    "nl_NL": "Netherlands", "nl_BE": "Belgium", "pt_BR": "Brazil", "pt_PT": "Portugal",
    "pl_PL": "Poland", "sv_SE": "Sweden", "da_DK": "Denmark", "no_NO": "Norway",
    "cs_CZ": "Czech Republic", "fi_FI": "Finland", "ja_JP": "Japan", "zh_CN": "China",
    "vi_VN": "Viet Nam",
}
JA = [("Minato-ku", "Tokyo", "105"), ("Naka-ku", "Yokohama", "231"), ("Chuo-ku", "Kobe", "650"),
      ("Sakyo-ku", "Kyoto", "606"), ("Aoba-ku", "Sendai", "980"), ("Naka-ku", "Nagoya", "460")]
ZH_STREETS = ["Huaihai Middle Road", "Zhongshan North Road", "Dongfeng West Road",
              "Jiefang Avenue", "Changan Street", "Binjiang East Road", "Xinhua Road"]
ZH_PLACES = [("Xuhui District", "Shanghai", "200031"), ("Haidian District", "Beijing", "100080"),
             ("Yuexiu District", "Guangzhou", "510030"), ("Jinjiang District", "Chengdu", "610021"),
             ("Gulou District", "Nanjing", "210008")]

_fakers = {}


def faker(locale):
    if locale not in _fakers:
        f = Faker(locale)
        f.seed_instance(rng.randrange(1 << 30))
        _fakers[locale] = f
    return _fakers[locale]


def us(f, lines):
    r = rng.random()
    if r < 0.08:
        street = rng.choice(["PO Box ", "P.O. Box ", "Box "]) + str(rng.randrange(10, 99999))
        if street.startswith("Box "):
            street = "P O Box " + street[4:]
    elif r < 0.13:
        street = f"{rng.choice(['RR', 'Rural Route', 'HC'])} {rng.randrange(1, 9)} Box {rng.randrange(1, 400)}"
    elif r < 0.18:
        street = rng.choice(["One", "Two", "Three", "Five", "Ten"]) + " " + f.last_name() + " " + \
            rng.choice(["Street", "Avenue", "Plaza", "Road", "Drive", "Center"])
    else:
        street = f.street_address()
        if rng.random() < 0.2:
            street += rng.choice([", ", " "]) + rng.choice(["Ste ", "Unit ", "Apt ", "#", "Suite "]) + \
                str(rng.randrange(1, 2000))
    if rng.random() < 0.15 and not lines:
        return [street]
    city = f.city()
    st = f.state_abbr() if rng.random() < 0.85 else f.state()
    z = f.zipcode() if rng.random() < 0.8 else f.zipcode_plus4()
    tail = [f"{city}, {st} {z}"] if rng.random() < 0.8 else [f"{city} {st} {z}"]
    if rng.random() < 0.1:
        tail.append("USA")
    return [street] + tail


def lines_for(locale):
    f = faker(locale)
    if locale == "en_US":
        return us(f, rng.random() < 0.4)
    if locale == "ja_JP":
        ward, city, pre = rng.choice(JA)
        return [f"{rng.randrange(1, 6)}-{rng.randrange(1, 30)}-{rng.randrange(1, 20)} "
                f"{f.last_romanized_name()}{rng.choice(['cho', 'machi', ''])}, {ward}",
                f"{city} {pre}-{rng.randrange(0, 9999):04d}"]
    if locale == "zh_CN":
        district, city, post = rng.choice(ZH_PLACES)
        return [f"{rng.randrange(1, 900)} {rng.choice(ZH_STREETS)}", district, f"{city} {post}"]
    addr = f.address()
    return [l.strip() for l in addr.split("\n") if l.strip()]


def address(locale):
    ls = lines_for(locale)
    r = rng.random()
    if r < 0.12 and locale not in ("ja_JP", "zh_CN"):
        ls = ls[:1]  # the street line alone
    elif rng.random() < 0.25:
        ls = ls + [COUNTRY[locale]]
    sep = rng.choice(["\n", "\n", ", ", ", "])
    return sep.join(ls), sep


class Row:
    def __init__(self, locale):
        self.text = ""
        self.spans = []
        self.locale = locale

    def t(self, s):
        self.text += s

    def a(self, s):
        self.spans.append({"kind": "address", "start": len(self.text), "end": len(self.text) + len(s)})
        self.text += s

    def out(self, source=None):
        d = {"text": self.text, "spans": self.spans, "locale": self.locale}
        if source:
            d["source"] = source
        return d


SENTENCES = [
    ("Our household moved to {a} last spring.", True),
    ("Kindly forward all notices to {a}; the old one is closed.", True),
    ("The complainant resides at {a} and asked for a callback.", True),
    ("Delivery failed at {a} (nobody home).", True),
    ("Tenant of {a} reports mould in the bathroom.", True),
    ("Vehicle registered to {a}, per the DMV record.", True),
    ("Billing address — {a}", True),
    ("I am writing from {a} about the noise.", True),
    ("The dog was found near {a} on Sunday.", True),
]
LINES = [
    "Return to sender\n{a}\n",
    "Correspondence:\n{a}\n\nRegards",
    "Home address\n{a}\nPhone on file",
    "Bill to:\n{a}\n\nShip to: same as above",
]
FORMS = [
    "Applicant: {n}\nAddress: {a}\nSigned: yes",
    "NAME {n} | ADDRESS {a} | STATUS open",
    "{n}\t{a}\tpaid",
    "owner={n}; address={a}; parcel ok",
]


def passage(locale):
    f = faker(locale)
    a, sep = address(locale)
    r = Row(locale)
    kind = rng.random()
    if kind < 0.5 and sep == ", ":
        s, _ = rng.choice(SENTENCES)
        pre, post = s.split("{a}")
        r.t(pre)
        r.a(a)
        r.t(post)
    elif kind < 0.75 or sep == "\n":
        s = rng.choice(LINES)
        pre, post = s.split("{a}")
        r.t(pre)
        r.a(a)
        r.t(post)
    else:
        s = rng.choice(FORMS).replace("{n}", f.name())
        if "\t" in s or "|" in s or "=" in s:
            a = a.replace("\n", ", ")
        pre, post = s.split("{a}")
        r.t(pre)
        r.a(a)
        r.t(post)
    return r.out()


NOPII = [
    "The {n} Street reconstruction starts on {d} and lasts {k} weeks.",
    "Suite {k} hosts the {n} Committee; bring {k2} copies.",
    "Route {k} is closed between Exit {k2} and the river.",
    "Level {k} of the garage holds {k2} spaces.",
    "Invoice {k}{k2} for {k} lamps on {n} Avenue was paid.",
    "Flat {k} rent rose {k2} percent this year.",
    "Report {k}/{k2} on {n} Road drainage is attached.",
    "Postcode {k}{k2} covers the {n} district.",
    "We received {k} letters about {n} Boulevard lighting.",
    "Meeting in Room {k}, {n} Hall, at {h}:30.",
    "Item {k}: resurfacing of {n} Lane (phase {k2}).",
    "{k} {n} Park volunteers planted {k2} trees.",
    "Via {n} {k} the train leaves at {h}:15.",
    "Platform {k} and Gate {k2} are at {n} Station.",
    "The {n} Drive bridge was inspected in {y}.",
    "Bus {k} runs along {n} Street every {k2} minutes.",
    "Chapter {k} of the {n} Plan covers housing.",
    "Between {y} and {y2} the {n} Avenue corridor grew.",
    "Ticket {k}-{k2} was issued for parking on {n} Way.",
    "Building {k}, Floor {k2}, {n} Campus.",
]


def nopii(locale):
    f = faker("en_US")
    s = rng.choice(NOPII)
    s = s.replace("{n}", f.last_name()).replace("{d}", f.date()).replace("{h}", str(rng.randrange(1, 12)))
    s = s.replace("{k2}", str(rng.randrange(2, 60))).replace("{k}", str(rng.randrange(1, 400)))
    s = s.replace("{y2}", str(rng.randrange(2010, 2026))).replace("{y}", str(rng.randrange(1990, 2010)))
    r = Row(locale)
    r.t(s)
    return r.out("nopii")


def main():
    weights = [WEIGHTS.get(l, 1) for l in LOCALES]
    rows = []
    for _ in range(380):
        rows.append(passage(rng.choices(LOCALES, weights)[0]))
    for _ in range(100):
        rows.append(nopii(rng.choice(LOCALES)))
    rng.shuffle(rows)
    with OUT.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
