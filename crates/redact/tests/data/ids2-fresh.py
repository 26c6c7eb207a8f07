#!/usr/bin/env python3
"""Labelled set for tests/ids.rs (`ids2_fresh_set`): spreadsheet rows under a header line,
identifiers after their short or long context words, IPs with ports, phones in dotted and
foreign-extension spellings, and look-alikes that must give nothing (docket, case, reference,
invoice, permit, parcel numbers, ISBNs, coordinates). Python Faker 40.63.0, fixed seed:

    python3 -m venv /tmp/faker-ids2 && /tmp/faker-ids2/bin/pip install faker==40.63.0
    /tmp/faker-ids2/bin/python crates/redact/tests/data/ids2-fresh.py
"""
import json, os, random
from faker import Faker

R = random.Random(20261206)
fk = Faker("en_US"); fk.seed_instance(20261206)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ids2-fresh.jsonl")
rows = []

class B:
    """A passage built piece by piece, with labelled values."""
    def __init__(self): self.t = ""; self.s = []
    def add(self, s): self.t += s; return self
    def val(self, kind, v):
        self.s.append({"kind": kind, "start": len(self.t), "end": len(self.t) + len(v)}); self.t += v; return self
    def done(self, locale="en_US", source=None):
        r = {"text": self.t, "spans": self.s, "locale": locale}
        if source: r["source"] = source
        rows.append(r)

def d(n): return "".join(R.choice("0123456789") for _ in range(n))
def L(n): return "".join(R.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))

def luhn_card():
    pre = R.choice(["4", "51", "52", "55", "37", "6011"])
    n = 15 if pre == "37" else 16
    body = pre + d(n - len(pre) - 1)
    s = 0
    for i, c in enumerate(reversed(body)):
        v = int(c)
        if i % 2 == 0:
            v *= 2
            if v > 9: v -= 9
        s += v
    full = body + str((10 - s % 10) % 10)
    if R.random() < 0.5:
        return full
    if n == 16:
        sep = R.choice([" ", "-"])
        return sep.join(full[i:i+4] for i in range(0, 16, 4))
    return full[:4] + " " + full[4:10] + " " + full[10:]

def ssn():
    a = R.randint(1, 899)
    while a == 666: a = R.randint(1, 899)
    v = f"{a:03d}-{R.randint(1,99):02d}-{R.randint(1,9999):04d}"
    return v if R.random() < 0.8 else v.replace("-", "")

def dob():
    y, m, dd = R.randint(1930, 2005), R.randint(1, 12), R.randint(1, 28)
    return R.choice([f"{y}-{m:02d}-{dd:02d}", f"{m:02d}/{dd:02d}/{y}", f"{dd:02d}.{m:02d}.{y}", f"{m}/{dd}/{y}"])

def us_phone():
    a, b, c = f"{R.randint(201,989)}", f"{R.randint(201,989)}", d(4)
    return R.choice([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", f"{a}{b}{c}"])

def dl(): return R.choice([L(1) + d(7), d(8), L(1) + d(12), d(9), L(1) + d(3) + "-" + d(4) + "-" + d(4)])
def mrn(): return R.choice([d(7), d(8), "MRN" + d(6), L(1) + d(7), d(2) + "-" + d(3) + "-" + d(3)])
def plate(): return R.choice([d(1) + L(3) + d(3), L(3) + "-" + d(4), L(3) + " " + d(4), L(2) + d(2) + " " + L(3)])
def passport(): return R.choice([d(9), L(1) + d(8), L(2) + d(7)])

KINDS = {
    "dob": (["dob", "DOB", "date of birth", "Date of Birth", "birthdate", "birth_date", "Geburtsdatum", "fecha de nacimiento", "date de naissance", "geboortedatum", "fødselsdato"], dob),
    "phone": (["phone", "Phone", "tel", "Tel.", "mobile", "cell", "phone number", "Telefon", "teléfono", "téléphone", "contact_phone"], us_phone),
    "ssn": (["ssn", "SSN", "social security", "soc_sec_no", "SSN#"], ssn),
    "card": (["card", "card number", "cc", "card_no", "credit card", "CC#", "Kartennummer"], luhn_card),
    "dl": (["dl", "DL", "driver license", "drivers_license_no", "licence no", "DL#", "Führerschein", "permis de conduire"], dl),
    "medical-record": (["mrn", "MRN", "medical record", "medical_record_no", "MR#", "chart no", "patient id"], mrn),
    "plate": (["plate", "Plate", "tag", "license plate", "plate_no", "Kennzeichen", "matrícula"], plate),
    "passport": (["passport", "Passport No", "passport_number", "PP#", "Reisepass", "pasaporte"], passport),
}
OTHER = [("name", lambda: fk.name()), ("city", lambda: fk.city()), ("visit", lambda: fk.date_between("-2y", "today").isoformat()),
         ("amount", lambda: f"{R.randint(1,999)}.{d(2)}"), ("id", lambda: d(5)), ("status", lambda: R.choice(["open", "closed", "pending"]))]

# 1. Spreadsheet rows under their header.
for n in range(60):
    delim = R.choice([",", ",", ";", "\t", "|"])
    kinds = R.sample(list(KINDS), R.randint(2, 5))
    cols = [("other", o) for o in R.sample(OTHER, R.randint(1, 3))] + [("kind", k) for k in kinds]
    R.shuffle(cols)
    header = [o[0] if t == "other" else R.choice(KINDS[o][0]) for t, o in cols]
    b = B()
    if R.random() < 0.3: b.add(R.choice(["Export from intake system\n", "# records 2025-01\n", "Sheet1\n"]))
    quote = R.random() < 0.3
    b.add(delim.join(header) + "\n")
    for r in range(R.randint(2, 4)):
        for i, (t, o) in enumerate(cols):
            if i: b.add(delim)
            q = quote and R.random() < 0.6
            if q: b.add('"')
            if t == "other":
                b.add(o[1]())
            else:
                b.val(o, KINDS[o][1]())
            if q: b.add('"')
        b.add("\n")
    b.done()

# 2. Context words.
CTX = [
    ("medical-record", ["MR# ", "MR #: ", "MR No. ", "MR no ", "The medical record number for this visit is ", "Record number for this visit is "], mrn),
    ("passport", ["PP No. ", "PP# ", "Passport + I-94, No. ", "PP no: "], passport),
    ("dl", ["OLN ", "OL# ", "OLN: ", "permis de conduire n° ", "Driving licence no. ", "Führerschein-Nr. ", "carnet de conducir ", "carnet de conducir n.º ", "patente ", "patente n. "], dl),
    ("plate", ["tag ", "tag # ", "Tag #: ", "expired tag ", "tag: "], plate),
]
LEAD = ["Patient seen today. ", "Per the intake form, ", "Note: ", "", "Vehicle stop. ", "Applicant ID check: "]
for _ in range(2):
    for kind, words, gen in CTX:
        for w in words:
            B().add(R.choice(LEAD)).add(w).val(kind, gen()).add(R.choice([".", " on file.", "", ", verified."])).done()
for p in [f"{L(2)} {d(2)} {d(3)}" for _ in range(4)]:
    B().add(R.choice(["Reg. no. ", "Registreringsnummer ", "plate "])).val("plate", p).add(" (Sweden).").done("sv_SE")
for p in ["京A·12345", "粤B·D12345", "沪C·8K123", "苏E·5F678"]:
    B().add("车牌号 plate: ").val("plate", p).add("。").done("zh_CN")
for p in ["Shinagawa 300 a 12-34", "Nerima 500 ke 56-78", "Osaka 330 ta 20-15"]:
    B().add("Vehicle plate ").val("plate", p).add(" was seen leaving.").done("ja_JP")

# 3. IPs with ports.
for _ in range(8):
    ip = f"{R.randint(11,223)}.{R.randint(0,255)}.{R.randint(0,255)}.{R.randint(1,254)}"
    port = R.choice(["8443", "22", "3389", "80", "5060"])
    B().add(R.choice(["Login from ", "Connection refused by ", "src="])).val("ip", f"{ip}:{port}").add(R.choice([" at 10:31.", "; blocked.", ""])).done()

# 4. Phones.
PH = [
    lambda: f"+33 1.{d(2)}.{d(2)}.{d(2)}.{d(2)}",
    lambda: f"06.{d(2)}.{d(2)}.{d(2)}.{d(2)}",
    lambda: f"{R.randint(201,989)}.{R.randint(201,989)}.{d(4)}",
    lambda: f"(+358) 40 {d(3)} {d(4)}",
    lambda: f"(+49) 30 {d(4)} {d(4)}",
    lambda: f"(+44) 20 {d(4)} {d(4)}",
]
for g in PH:
    for _ in range(3):
        B().add(R.choice(["Call me at ", "Contact: ", "Numéro ", "Please ring "])).val("phone", g()).add(R.choice([".", " after 5pm.", ""])).done()
EXT = ["int.", "ramal", "ankn.", "p.", "poste", "toestel", "Durchwahl", "wew.", "dahili", "ext."]
for e in EXT:
    for _ in range(2):
        base = R.choice([f"(555) {R.randint(201,989)}-{d(4)}", f"+1 {R.randint(201,989)} {R.randint(201,989)} {d(4)}", f"{R.randint(201,989)}-{R.randint(201,989)}-{d(4)}"])
        B().add(R.choice(["Office: ", "Tel. ", "Phone "])).val("phone", f"{base} {e} {d(R.randint(2,4))}").add(".").done()
for _ in range(8):
    num = R.choice([f"{R.randint(201,989)}{R.randint(201,989)}{d(4)}", f"1{R.randint(201,989)}{R.randint(201,989)}{d(4)}"])
    w = R.choice(["From: ", "Caller: ", "From:  ", "Caller ID: "])
    B().add(f"Voicemail {R.randint(1,30)}/01 09:{R.randint(10,59)}\n{w}").val("phone", num).add(f"\nDuration: 0:{R.randint(10,59)}\n").done()

# 5. Look-alikes: no personal information.
NOPII = [
    lambda: f"Case file {R.randint(2019,2025)}/{d(5)} was closed.",
    lambda: f"Docket {d(2)}-{d(6)} set for hearing.",
    lambda: f"No. {d(2)}-{d(6)} (consolidated).",
    lambda: f"See reference {d(3)}-{d(3)}-{d(4)}-{d(2)}.",
    lambda: f"Ref {R.randint(2019,2025)}-{d(3)}-{d(3)} attached.",
    lambda: f"Invoice {d(3)}-{d(3)}-{d(4)} due 2025-03-01.",
    lambda: f"Permit {d(2)}-{d(6)} issued.",
    lambda: f"Parcel {d(3)}-{d(3)}-{d(3)} assessed at $412,000.",
    lambda: f"APN {d(3)}-{d(3)}-{d(2)}-{d(2)}.",
    lambda: f"ISBN 978-{d(1)}-{d(3)}-{d(5)}-{d(1)} in the catalogue.",
    lambda: f"ISBN {d(10)}.",
    lambda: f"Coordinates 38.{d(4)}, -121.{d(4)} near the levee.",
    lambda: f"GPS: 37.{d(6)}, -122.{d(6)}",
    lambda: f"Order #{d(3)}-{d(7)}-{d(7)} shipped.",
    lambda: f"Tracking {d(4)} {d(4)} {d(4)} {d(4)} {d(2)}",
    lambda: f"Room {d(3)}, Building {R.randint(1,9)}, floor {R.randint(1,9)}.",
    lambda: f"Version {R.randint(1,9)}.{R.randint(0,20)}.{R.randint(0,99)} released.",
]
for g in NOPII:
    for _ in range(4):
        B().add(g()).done(source="nopii")
# Header lines whose columns are not personal.
for _ in range(6):
    delim = R.choice([",", ";", "\t"])
    b = B().add(delim.join(["case_no", "permit", "parcel", "amount", "date"]) + "\n")
    for _ in range(3):
        b.add(delim.join([f"{d(2)}-{d(6)}", f"{R.randint(2019,2025)}-{d(4)}", f"{d(3)}-{d(3)}-{d(3)}", f"{R.randint(1,999)}.{d(2)}", fk.date_between("-2y", "today").isoformat()]) + "\n")
    b.done(source="nopii")

with open(OUT, "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(rows), "rows ->", OUT)
