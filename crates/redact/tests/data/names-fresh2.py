#!/usr/bin/env python3
"""A second fresh labelled set for the person detector: names-fresh2.jsonl beside this file.

Written apart from scripts/pii-evalset.py, with other sentence templates and another seed,
to check that changes to the person detector are general and not tuned to pii-eval.jsonl.
Read by tests/names.rs (`the_second_fresh_set`). Reproducible:

    python3 -m venv /tmp/faker-venv-names && /tmp/faker-venv-names/bin/pip install faker==40.63.0
    /tmp/faker-venv-names/bin/python crates/redact/tests/data/names-fresh2.py

One JSON object a line, as pii-eval.jsonl: {"text", "spans": [{"kind": "person", "start",
"end"}], "locale", "source"?}; offsets in characters. "source": "nopii" marks passages with
no one's name in them but look-alikes (streets, places, organisations named after people,
job titles, products, capitalised sentence starts). Labels: the name only, without its title.
"""

import json
import random
from pathlib import Path

from faker import Faker

SEED = 90417
OUT = Path(__file__).resolve().parent / "names-fresh2.jsonl"
LOCALES = ["en_US", "en_GB", "en_AU", "en_IN", "en_IE", "de_DE", "de_AT", "fr_FR", "fr_BE",
           "es_ES", "es_AR", "it_IT", "nl_BE", "pt_BR", "pl_PL", "sv_SE", "no_NO", "da_DK",
           "cs_CZ", "sk_SK", "hu_HU", "ro_RO", "tr_TR", "fi_FI", "hr_HR", "ja_JP", "zh_CN",
           "ko_KR", "vi_VN", "id_ID"]
rng = random.Random(SEED)
fakers = {}


def faker(locale):
    if locale not in fakers:
        f = Faker(locale)
        f.seed_instance(rng.randrange(1 << 30))
        fakers[locale] = f
    return fakers[locale]


def romanised(locale):
    return locale in ("ja_JP", "zh_CN", "ko_KR")


def first_last(locale):
    f = faker(locale)
    if locale in ("ja_JP", "zh_CN"):
        return f.first_romanized_name(), f.last_romanized_name()
    if locale == "ko_KR":
        # Korean Faker names are in Hangul; a romanised look-alike from a fixed syllable set.
        syl = ["min", "jun", "seo", "ji", "hyun", "woo", "young", "soo", "jin", "eun", "hee"]
        return (rng.choice(syl) + "-" + rng.choice(syl)).capitalize(), rng.choice(
            ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"])
    return f.first_name(), f.last_name()


def person(locale):
    first, last = first_last(locale)
    r = rng.random()
    if locale in ("vi_VN", "hu_HU") or (romanised(locale) and r < 0.5):
        name = last + " " + first  # family name first
    elif r < 0.45:
        name = first + " " + last
    elif r < 0.57:
        name = (first + " " + last).lower()
    elif r < 0.67:
        name = (first + " " + last).upper()
    elif r < 0.77:
        name = last + ", " + first
    elif r < 0.85:
        name = first[0] + ". " + last
    elif r < 0.92:
        name = first + " " + rng.choice("BCDFGHKLMRSTV") + ". " + last
    else:
        name = first + " " + last + "-" + first_last(locale)[1]
    return name, first, last


class Rec:
    def __init__(self, locale, source=None):
        self.locale, self.source, self.parts, self.spans, self.n = locale, source, [], [], 0

    def t(self, s):
        self.parts.append(s)
        self.n += len(s)

    def v(self, s):
        self.spans.append({"kind": "person", "start": self.n, "end": self.n + len(s)})
        self.t(s)

    def json(self):
        o = {"text": "".join(self.parts), "spans": self.spans, "locale": self.locale}
        if self.source:
            o["source"] = self.source
        return o


TITLES = ["Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Herr", "Frau", "M.", "Mme", "Sr.", "Sra.",
          "Pan", "Pani", "Bay", "Bayan", "Officer", "Detective"]


def name(r, locale):
    n, first, last = person(locale)
    r.v(n)
    return first, last


def with_names(locale):
    r = Rec(locale)
    f = faker(locale)
    k = rng.randrange(16)
    if k == 0:
        r.t("At the hearing, ")
        name(r, locale)
        r.t(" testified that the gate had been open since " + f.month_name() + ".")
    elif k == 1:
        r.t("From: ")
        name(r, locale)
        r.t(" <" + f.user_name() + "@" + f.free_email_domain() + ">\nSubject: " +
            rng.choice(["tree permit", "noise", "records request", "refund"]) + "\n")
    elif k == 2:
        n, first, last = person(locale)
        t = rng.choice(TITLES)
        r.t("The clerk forwarded the file to " + t + " ")
        r.v(last)
        r.t(rng.choice([" for review.", " on Friday.", ", who declined."]))
    elif k == 3:
        first, last = first_last(locale)
        r.t(rng.choice(["Dear ", "Hi ", "Hello "]))
        r.v(first)
        r.t(rng.choice([",\n\nplease see the notice below.", ":\nThe hearing moved.", " -\nthanks for the photos."]))
    elif k == 4:
        r.t("The notice was " + rng.choice(["signed ", "signed by ", "countersigned by "]))
        name(r, locale)
        r.t(" and posted at the entrance.")
    elif k == 5:
        r.t(rng.choice(["A neighbour called ", "Residents should contact ", "Please contact "]))
        name(r, locale)
        r.t(rng.choice([" about the hedge.", " with questions.", " before 5 p.m."]))
    elif k == 6:
        r.t(rng.choice(["Attendees: ", "Present: ", "In attendance: "]))
        name(r, locale)
        r.t(", ")
        name(r, locale)
        r.t(" and ")
        name(r, locale)
        r.t(".")
    elif k == 7:
        r.t(rng.choice(["Warm regards,\n", "Yours sincerely,\n", "Best,\n", "Many thanks,\n"]))
        name(r, locale)
        r.t("\n" + f.job() + "\n")
    elif k == 8:
        r.t(rng.choice(["full name: ", "Name of owner: ", "Requester name: ", "Tenant: "]))
        name(r, locale)
        r.t("\nunit " + str(rng.randrange(1, 300)))
    elif k == 9:
        r.t("Witness statement taken from ")
        name(r, locale)
        r.t(rng.choice([" after the collision.", ", aged " + str(rng.randrange(18, 90)) + ".", " at the scene."]))
    elif k == 10:
        r.t(rng.choice(["Per ", "According to ", "As requested by "]))
        name(r, locale)
        r.t(rng.choice([", the fence will be removed.", ", the fee was waived."]))
    elif k == 11:
        r.t("[" + f"{rng.randrange(8, 18):02}:{rng.randrange(60):02}" + "] ")
        name(r, locale)
        r.t(": " + rng.choice(["is the permit ready?", "ok, thanks", "I'll bring the keys"]))
    elif k == 12:
        r.t(rng.choice(["The property is owned by ", "Ownership passed to ", "Landlord: "]))
        name(r, locale)
        r.t(rng.choice([" since " + str(rng.randrange(1980, 2024)) + ".", ".", " (see deed)."]))
    elif k == 13:
        r.t("CC: ")
        name(r, locale)
        r.t("; ")
        name(r, locale)
    elif k == 14:
        first, last = first_last(locale)
        t = rng.choice(TITLES)
        r.t(t + " ")
        r.v(first + " " + last)
        r.t(rng.choice([" asked to be notified.", " will attend.", " objected to the plan."]))
    else:
        r.t("Interviewed ")
        name(r, locale)
        r.t(" and ")
        name(r, locale)
        r.t(rng.choice([" about the incident.", " separately.", "."]))
    return r


def without_names(locale):
    r = Rec(locale, "nopii")
    f = faker(locale)
    fe = faker("en_US")
    k = rng.randrange(14)
    if k == 0:
        r.t("Resurfacing of " + fe.first_name() + " " + rng.choice(["Street", "Avenue", "Lane", "Court", "Road", "Way"]) +
            " starts " + fe.day_of_week() + ".")
    elif k == 1:
        r.t(f.company() + " " + rng.choice(["won the contract.", "filed an appeal.", "sent the invoice."]))
    elif k == 2:
        r.t("The " + f.job() + " " + rng.choice(["reviewed the plans.", "position is open.", "will report in May."]))
    elif k == 3:
        r.t(rng.choice(["Kennedy", "Lincoln", "Roosevelt", "Jefferson", "Washington", "King",
                        "Chavez", "Marshall", "Franklin", "Garfield"]) + " " +
            rng.choice(["Middle School", "Library", "Recreation Center", "Memorial Hospital", "Park", "Bridge"]) +
            rng.choice([" reopens in June.", " is closed for repairs.", " hosts the fair."]))
    elif k == 4:
        r.t(rng.choice(["Please ", "Kindly ", "Note: ", "Reminder: "]) +
            rng.choice(["Submit the form online.", "Bring two forms of ID.", "Parking Enforcement issues citations daily.",
                        "Grant Funding is available.", "Rose Garden tours start at noon."]))
    elif k == 5:
        r.t("Meeting in " + f.city() + " on " + f.month_name() + " " + str(rng.randrange(1, 28)) + ".")
    elif k == 6:
        r.t(rng.choice(["The Ford Transit", "A Tesla Model", "The Dodge Charger", "A Chevrolet Malibu",
                        "The Mercedes Sprinter", "A Honda Civic"]) + " was towed from lot " + str(rng.randrange(1, 40)) + ".")
    elif k == 7:
        r.t(rng.choice(["Sincerely,\nThe Permit Center", "Regards,\nCustomer Service", "Thanks,\nFacilities Team",
                        "Best,\nHousing Division"]))
    elif k == 8:
        r.t(f.street_name() + " " + rng.choice(["is closed.", "floods in winter.", "gets new lights."]))
    elif k == 9:
        r.t("Contact the " + rng.choice(["Help Desk", "Records Unit", "Front Office", "City Attorney"]) + " for copies.")
    elif k == 10:
        r.t(rng.choice(["Saint", "San", "Fort", "Port", "Mount", "Lake"]) + " " + fe.first_name() +
            rng.choice([" residents may apply.", " is flooded.", " bus route changed."]))
    elif k == 11:
        r.t("Dear " + rng.choice(["Applicant", "Neighbor", "Customer", "Committee Members", "Sir or Madam"]) + ",\nthe office is closed.")
    elif k == 12:
        r.t(rng.choice(["Mercy", "Providence", "St. Joseph", "Mount Sinai", "Good Samaritan"]) + " " +
            rng.choice(["Hospital", "Medical Center", "Clinic"]) + " treated " + str(rng.randrange(2, 90)) + " patients.")
    else:
        r.t("The " + f.catch_phrase() + " project by " + f.company() + " was approved.")
    return r


rows = []
for i in range(400):
    loc = rng.choice(LOCALES)
    rows.append((without_names if i % 4 == 3 else with_names)(loc).json())
with open(OUT, "w", encoding="utf-8") as fh:
    for row in rows:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
print(len(rows), "rows to", OUT)
