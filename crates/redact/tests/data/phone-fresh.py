#!/usr/bin/env python3
"""A fresh labelled set for the phone and identifier detectors, apart from pii-eval.jsonl.

Writes crates/redact/tests/data/phone-fresh.jsonl, the same format as pii-eval.jsonl
(character offsets, "source": "nopii" on passages without personal information). Its own
sentence templates and its own seed, so that the detectors are not judged only on the set
they were tuned on: measured before and after tuning, never tuned to. Faker 40.63.0 (MIT):

    python3 -m venv /tmp/faker-venv-phone && /tmp/faker-venv-phone/bin/pip install faker==40.63.0
    /tmp/faker-venv-phone/bin/python crates/redact/tests/data/phone-fresh.py
"""

import json
import random
from datetime import date
from pathlib import Path

from faker import Faker

SEED = 90417
OUT = Path(__file__).resolve().parent / "phone-fresh.jsonl"

# Every Faker locale with a phone provider that this Faker version configures.
LOCALES = [
    "en_US", "en_GB", "en_AU", "en_CA", "en_IN", "en_IE", "en_NZ", "de_DE", "de_CH", "de_AT",
    "fr_FR", "fr_CH", "fr_CA", "es_ES", "es_MX", "es_AR", "es_CL", "es_CO", "it_IT", "nl_NL",
    "nl_BE", "pt_BR", "pt_PT", "pl_PL", "sv_SE", "da_DK", "no_NO", "fi_FI", "cs_CZ", "sk_SK",
    "hu_HU", "ro_RO", "bg_BG", "hr_HR", "sl_SI", "el_GR", "tr_TR", "ru_RU", "uk_UA", "lt_LT",
    "lv_LV", "he_IL", "fa_IR", "ja_JP", "ko_KR", "zh_CN", "zh_TW", "th_TH", "id_ID", "vi_VN",
    "hi_IN", "ne_NP", "ka_GE", "az_AZ", "de_LI", "de_LU", "fr_BE",
]

rng = random.Random(SEED)
fakers = {}


def faker(locale):
    if locale not in fakers:
        f = Faker(locale)
        f.seed_instance(rng.randrange(1 << 30))
        fakers[locale] = f
    return fakers[locale]


def digits(n):
    return "".join(rng.choice("0123456789") for _ in range(n))


VANITY = ["FLOWERS", "GO-PARKS", "CALL-NOW", "TAXICAB", "DENTIST", "PLUMBER", "HELP-4-U"]


def phone(locale):
    f = faker(locale)
    r = rng.random()
    if r < 0.05:
        return rng.choice(["1-800-", "1-877-", "(888) ", "855-"]) + rng.choice(VANITY)
    n = f.phone_number()
    if "x" not in n and rng.random() < 0.1:
        n += rng.choice([" ext. ", " x", " Ext. ", " ext ", ", ext. ", " #"]) + digits(rng.choice([2, 3, 4]))
    return n.strip()


class Record:
    def __init__(self, locale, source=None):
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
        value = value.strip()
        self.spans.append({"kind": kind, "start": self.length, "end": self.length + len(value)})
        return self.t(value)

    def json(self):
        out = {"text": "".join(self.parts), "spans": self.spans, "locale": self.locale}
        if self.source:
            out["source"] = self.source
        return out


# Templates: (before, after) around one phone number; some with a second.
ONE = [
    ("The caller left a number, ", ", and asked for a call before noon."),
    ("Best number to reach the resident is ", "."),
    ("Contact on file: ", " (evenings)."),
    ("Neighbour says to ring ", " if the gate is locked."),
    ("Text updates to ", " please."),
    ("Emergency contact — ", "."),
    ("Her mobile: ", "\nPreferred time: mornings"),
    ("Landlord (", ") did not answer."),
    ("Voicemail from ", " at 4:15 pm regarding the hedge."),
    ("Tel. ", " · Mo–Fr 9–17"),
    ("Rückruf unter ", " erbeten."),
    ("Merci de rappeler le ", "."),
    ("Llamar al ", " por la tarde."),
    ("Contattare il ", " entro venerdì."),
    ("Bel mij op ", "."),
    ("Numer kontaktowy: ", "."),
    ("", " — left no message."),
    ("Mr. X's assistant gave ", " as the direct line."),
    ("Forwarded from switchboard; callback ", "."),
    ("Please phone ", " to confirm the appointment."),
]
TWO = [
    ("Home ", ", work ", "."),
    ("Reach me on ", " or on ", " after six."),
    ("Tel: ", "\nFax: ", ""),
    ("Phone ", " / ", " (alt)."),
    ("Mobile: ", "; office: ", "."),
]


def t_one(locale):
    r = Record(locale)
    a, b = rng.choice(ONE)
    r.t(a).v("phone", phone(locale)).t(b)
    return r


def t_two(locale):
    r = Record(locale)
    a, b, c = rng.choice(TWO)
    r.t(a).v("phone", phone(locale)).t(b).v("phone", phone(rng.choice([locale, locale, "en_US"]))).t(c)
    return r


def t_card(locale):
    f = faker("en_US")
    r = Record(locale)
    n = f.credit_card_number(rng.choice(["visa", "mastercard", "amex", "discover", "jcb", "diners", "maestro", "visa16"]))
    if rng.random() < 0.4:
        n = " ".join(n[i:i + 4] for i in range(0, len(n), 4))
    r.t(rng.choice(["Paid by card ", "Card on file: ", "Refund to ", "Kreditkarte "])).v("card", n).t(
        rng.choice([".", ", exp. 09/29.", " (declined)."]))
    return r


def t_ssn(locale):
    f = faker("en_US")
    s = f.ssn()
    if rng.random() < 0.3:
        s = s.replace("-", rng.choice(["", " "]))
    r = Record(locale)
    r.t(rng.choice(["Social Security No. ", "SSN# ", "SS#: ", "social security number "])).v("ssn", s).t(
        rng.choice([" on the form.", ", verified.", "."]))
    return r


def t_dob(locale):
    f = faker(locale)
    d = f.date_between(date(1931, 1, 1), date(2020, 12, 31))
    form = rng.choice([
        f"{d.day:02}/{d.month:02}/{d.year}", d.isoformat(), f"{d.day}.{d.month}.{d.year}",
        f"{d.strftime('%B')} {d.day}, {d.year}", f"{d.day} {d.strftime('%B')} {d.year}",
        f"{d.month:02}/{d.day:02}/{d.year % 100:02}",
    ])
    word = rng.choice(["born on ", "D.O.B. ", "DOB: ", "date of birth ", "fecha de nacimiento: ",
                       "geb. ", "Geburtsdatum ", "né le ", "data di nascita ", "birthdate: "])
    r = Record(locale)
    r.t("Applicant, " + word).v("dob", form).t(", signed the waiver.")
    return r


def t_passport(locale):
    r = Record(locale)
    v = rng.choice([
        digits(9), rng.choice("ABCDEFGHJK") + digits(8), digits(2) + "AB" + digits(5),
        "".join(rng.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(9)),
    ])
    r.t(rng.choice(["Passport number ", "passport # ", "Reisepass ", "passeport n° "])).v("passport", v).t(" checked.")
    return r


def t_plate(locale):
    f = faker(locale)
    r = Record(locale)
    r.t(rng.choice(["Car with licence plate ", "Towed: plate # ", "Kennzeichen ", "Vehicle reg. no. "])).v(
        "plate", f.license_plate()).t(" behind the library.")
    return r


def t_bank(locale):
    r = Record(locale)
    r.t(rng.choice(["Refund by ACH, account no. ", "Deposit to checking account ", "acct # "])).v(
        "bank-account", digits(rng.choice([8, 9, 10, 12]))).t(".")
    return r


NOPII = [
    lambda: f"Meeting moved to {rng.randint(1, 28):02}/{rng.randint(1, 12):02}/{rng.randint(2019, 2027)} at {rng.randint(8, 17)}:{rng.choice(['00', '15', '30', '45'])}.",
    lambda: f"Invoice INV-{digits(6)} totals ${rng.randint(100, 99999):,}.{digits(2)}.",
    lambda: f"Case No. {rng.randint(2019, 2026)}-{digits(7)} is set for hearing.",
    lambda: f"Order #{digits(10)} shipped; tracking {digits(12)}.",
    lambda: f"Mail to Sacramento, CA {digits(5)}-{digits(4)}.",
    lambda: f"Survey point at {rng.uniform(-80, 80):.6f}, {rng.uniform(-170, 170):.6f}.",
    lambda: f"Upgraded the server to version {rng.randint(1, 20)}.{rng.randint(0, 40)}.{rng.randint(0, 200)}.",
    lambda: f"The budget line {digits(4)}-{digits(3)}-{digits(4)} is overspent by {rng.randint(2, 40)}%.",
    lambda: f"Parcel APN {digits(3)}-{digits(3)}-{digits(3)} was rezoned in {rng.randint(1990, 2025)}.",
    lambda: f"Population grew from {rng.randint(10000, 900000):,} to {rng.randint(10000, 900000):,} between {rng.randint(1990, 2005)} and {rng.randint(2006, 2024)}.",
    lambda: f"Permit {rng.randint(2018, 2026)}-{digits(5)} expires {rng.randint(2026, 2030)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}.",
    lambda: f"Hours: {rng.randint(7, 10)}:00–{rng.randint(16, 20)}:30, Saturday {rng.randint(9, 11)}:00–13:00.",
    lambda: f"Resolution {rng.randint(2000, 2026)}/{digits(3)} passed {rng.randint(3, 9)} to {rng.randint(0, 4)}.",
    lambda: f"Reading of meter {digits(8)}: {rng.randint(1000, 99999)} kWh on {rng.randint(1, 28)}.{rng.randint(1, 12)}.{rng.randint(2020, 2026)}.",
    lambda: f"Grant amount €{rng.randint(1, 999)}.{digits(3)},{digits(2)} approved.",
    lambda: f"ISBN 978-{digits(1)}-{digits(3)}-{digits(5)}-{digits(1)} is on order.",
    lambda: f"Elevation {rng.randint(100, 3000)} m; rainfall {rng.randint(300, 2000)} mm; {rng.randint(10, 99)} stations.",
    lambda: f"Ticket {digits(3)} {digits(3)} {digits(3)} closed at 14:{rng.randint(10, 59)}.",
    lambda: f"Serial no. {digits(4)}-{digits(4)}-{digits(4)} recorded.",
    lambda: f"Sections {rng.randint(1, 30)}.{rng.randint(1, 9)}.{rng.randint(1, 9)} to {rng.randint(31, 60)}.{rng.randint(1, 9)} amended.",
]


def main():
    rows = []
    for i in range(420):
        locale = rng.choice(LOCALES)
        kind = rng.random()
        if kind < 0.55:
            rows.append(t_one(locale).json())
        elif kind < 0.75:
            rows.append(t_two(locale).json())
        else:
            rows.append(rng.choice([t_card, t_ssn, t_dob, t_passport, t_plate, t_bank])(locale).json())
    for i in range(160):
        r = Record("en_US", source="nopii")
        r.t(rng.choice(NOPII)())
        rows.append(r.json())
    rng.shuffle(rows)
    with OUT.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
