#!/usr/bin/env python3
"""Held-out PII evaluation set for Disclose (city-records passages).

Faker 40.63.0, fixed seed.  Writes heldout.jsonl beside this file:
one JSON object a line: {"text", "spans": [{"kind","start","end"}], "locale"[, "source": "nopii"]}
Offsets are code points, end exclusive.
"""
import datetime
import json
import os
import random
import sys

# some Faker providers iterate over sets of strings: fix the hash seed so the file is the same every run
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

from faker import Faker

SEED = 46120
R = random.Random(SEED)
Faker.seed(SEED)

LOCALES = ("en_US en_GB en_AU en_CA en_IE en_IN en_NZ de_DE de_AT de_CH fr_FR fr_CA it_IT es_ES "
           "es_MX pt_PT pt_BR nl_NL sv_SE da_DK fi_FI no_NO pl_PL cs_CZ tr_TR ja_JP zh_CN vi_VN").split()
# weight English-speaking US a bit higher (a US city clerk's inbox), but every locale well represented
WEIGHTS = {l: 1.0 for l in LOCALES}
WEIGHTS["en_US"] = 5.0
WEIGHTS["en_GB"] = 1.5
WEIGHTS["en_CA"] = 1.5

FK = {}
for i, l in enumerate(LOCALES):
    f = Faker(l)
    f.seed_instance(SEED + 7 * i)
    FK[l] = f
FUS = FK["en_US"]


def pick(seq):
    return R.choice(seq)


def chance(p):
    return R.random() < p


class B:
    """Passage builder: literal text and labelled values."""

    def __init__(self, loc):
        self.loc = loc
        self.text = ""
        self.spans = []

    def t(self, s):
        self.text += s
        return self

    def v(self, kind, s):
        s = "\n".join(x.strip() for x in s.strip().split("\n"))
        s = " ".join(s.split(" ")) if "  " not in s else s
        assert s
        start = len(self.text)
        self.text += s
        self.spans.append({"kind": kind, "start": start, "end": len(self.text), "_v": s})
        return self

    def parts(self, seq):
        """seq of str or (kind, value)."""
        for p in seq:
            if isinstance(p, tuple):
                self.v(*p)
            else:
                self.t(p)
        return self

    def done(self):
        for s in self.spans:
            assert self.text[s["start"]:s["end"]] == s["_v"], (s, self.text)
            assert s["_v"] == s["_v"].strip(), s
        spans = [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in self.spans]
        # no overlaps
        ss = sorted(spans, key=lambda s: s["start"])
        for a, b in zip(ss, ss[1:]):
            assert a["end"] <= b["start"], (a, b, self.text)
        return {"text": self.text, "spans": spans, "locale": self.loc}


# ---------------------------------------------------------------- people
VI_FAM = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()
VI_MID = "Văn Thị Minh Hữu Đức Thanh Ngọc Quốc Thu Xuân".split()
VI_GIV = "Anh Hương Lan Tuấn Hùng Linh Mai Dũng Thảo Quang Trang Hải Phương Khoa Nam Vy".split()

TITLES = {
    "en": ["Mr.", "Ms.", "Mrs.", "Dr.", "Mx.", "Miss", "Prof.", "Rev.", "Officer", "Councilmember", "Judge"],
    "de": ["Herr", "Frau", "Dr.", "Herrn", "Frau Dr."],
    "fr": ["M.", "Mme", "Madame", "Monsieur", "Me", "Dr"],
    "it": ["Sig.", "Sig.ra", "Dott.", "Avv."],
    "es": ["Sr.", "Sra.", "Don", "Doña", "Lic."],
    "pt": ["Sr.", "Sra.", "Dr.", "Dona"],
    "nl": ["Dhr.", "Mevr.", "Mevrouw", "De heer"],
    "pl": ["Pan", "Pani", "dr"],
    "tr": ["Bay", "Bayan", "Sayın"],
    "sv": ["Herr", "Fru"], "da": ["Hr.", "Fru"], "no": ["Herr", "Fru"], "fi": ["Herra", "Rouva"],
    "cs": ["Pan", "Paní", "Ing.", "MUDr."],
    "ja": ["Mr.", "Ms."], "zh": ["Mr.", "Ms."], "vi": ["Ông", "Bà", "Anh", "Chị"],
}


def lang(loc):
    return loc.split("_")[0]


def name_parts(loc):
    f = FK[loc]
    if loc == "ja_JP":
        return f.first_romanized_name(), f.last_romanized_name(), True
    if loc == "zh_CN":
        return f.first_romanized_name(), f.last_romanized_name(), True
    if loc == "vi_VN":
        giv = pick(VI_MID) + " " + pick(VI_GIV) if chance(0.6) else pick(VI_GIV)
        return giv, pick(VI_FAM), True
    first = f.first_name()
    last = f.last_name()
    if chance(0.08):
        last = last + "-" + f.last_name()
    return first, last, False


def person(loc, style=None):
    """Return (full form, first, last)."""
    first, last, famfirst = name_parts(loc)
    if style is None:
        style = pick(["plain"] * 6 + ["lower", "upper", "lastfirst", "middle", "initial", "lower", "upper"])
    if famfirst and style in ("plain", "middle"):
        # family name first (romanised / pinyin / Vietnamese), sometimes Western order
        s = f"{last} {first}" if chance(0.7) else f"{first} {last}"
    elif style == "plain":
        s = f"{first} {last}"
    elif style == "lower":
        s = f"{first} {last}".lower()
    elif style == "upper":
        s = f"{last.upper()}, {first.upper()}" if chance(0.4) else f"{first} {last}".upper()
    elif style == "lastfirst":
        s = f"{last}, {first}"
    elif style == "middle":
        s = f"{first} {chr(R.randint(65, 90))}. {last}"
    elif style == "initial":
        s = f"{first[0]}. {last}" if chance(0.7) else f"{first[0]}.{chr(R.randint(65, 90))}. {last}"
    else:
        s = f"{first} {last}"
    return s, first, last


def title(loc):
    return pick(TITLES.get(lang(loc), TITLES["en"]))


# ---------------------------------------------------------------- addresses
COUNTRY = {
    "en_US": ["USA", "United States", "U.S.A."], "en_GB": ["United Kingdom", "UK", "England"],
    "en_AU": ["Australia"], "en_CA": ["Canada"], "en_IE": ["Ireland"], "en_IN": ["India"],
    "en_NZ": ["New Zealand"], "de_DE": ["Deutschland", "Germany"], "de_AT": ["Österreich", "Austria"],
    "de_CH": ["Schweiz", "Switzerland"], "fr_FR": ["France"], "fr_CA": ["Canada"],
    "it_IT": ["Italia", "Italy"], "es_ES": ["España", "Spain"], "es_MX": ["México", "Mexico"],
    "pt_PT": ["Portugal"], "pt_BR": ["Brasil", "Brazil"], "nl_NL": ["Nederland", "Netherlands"],
    "sv_SE": ["Sverige", "Sweden"], "da_DK": ["Danmark", "Denmark"], "fi_FI": ["Suomi", "Finland"],
    "no_NO": ["Norge", "Norway"], "pl_PL": ["Polska", "Poland"], "cs_CZ": ["Česká republika", "Czech Republic"],
    "tr_TR": ["Türkiye", "Turkey"], "ja_JP": ["Japan"], "zh_CN": ["China", "P.R. China"],
    "vi_VN": ["Việt Nam", "Vietnam"],
}
JP_AREAS = [("Jingumae", "Shibuya-ku", "Tokyo", "150-0001"), ("Nishi-Shinjuku", "Shinjuku-ku", "Tokyo", "160-0023"),
            ("Umeda", "Kita-ku", "Osaka", "530-0001"), ("Sakae", "Naka-ku", "Nagoya", "460-0008"),
            ("Karasuma", "Shimogyo-ku", "Kyoto", "600-8411"), ("Tenjin", "Chuo-ku", "Fukuoka", "810-0001"),
            ("Minatomirai", "Nishi-ku", "Yokohama", "220-0012")]
CN_AREAS = [("Huaihai Road", "Xuhui District", "Shanghai", "200030"), ("Jianguo Road", "Chaoyang District", "Beijing", "100022"),
            ("Tianhe Road", "Tianhe District", "Guangzhou", "510620"), ("Wensan Road", "Xihu District", "Hangzhou", "310012"),
            ("Renmin South Road", "Wuhou District", "Chengdu", "610041"), ("Zhongshan Road", "Gulou District", "Nanjing", "210008")]
TR_STREETS = ["Atatürk Cad.", "Bağdat Cad.", "İstiklal Cad.", "Cumhuriyet Mah. Gül Sok.", "Barbaros Blv.", "Kızılay Mah. Ziya Gökalp Cad."]
TR_CITIES = [("34710", "Kadıköy/İstanbul"), ("06420", "Çankaya/Ankara"), ("35220", "Konak/İzmir"), ("16040", "Osmangazi/Bursa"), ("07100", "Muratpaşa/Antalya")]
VI_CITIES = ["Quận 1, TP. Hồ Chí Minh", "Quận Ba Đình, Hà Nội", "Quận Hải Châu, Đà Nẵng", "TP. Huế", "Quận Ninh Kiều, Cần Thơ"]
US_POBOX = ["PO Box {n}", "P.O. Box {n}", "POB {n}"]


def addr_lines(loc):
    """Return list of lines: [street, (city line), ...], no country."""
    f = FK[loc]
    if loc == "ja_JP":
        a, ward, city, pc = pick(JP_AREAS)
        return [f"{R.randint(1,6)}-{R.randint(1,30)}-{R.randint(1,20)} {a}, {ward}", f"{city} {pc}"]
    if loc == "zh_CN":
        road, dist, city, pc = pick(CN_AREAS)
        return [f"No. {R.randint(1,999)} {road}, {dist}" if chance(0.6) else f"{R.randint(1,999)} {road}, Apt {R.randint(101,2405)}, {dist}", f"{city} {pc}"]
    if loc == "tr_TR":
        pc, city = pick(TR_CITIES)
        return [f"{pick(TR_STREETS)} No: {R.randint(1,180)}" + (f" D: {R.randint(1,20)}" if chance(0.5) else ""), f"{pc} {city}"]
    if loc == "vi_VN":
        return [f.street_address(), pick(VI_CITIES)]
    street = f.street_address()
    if loc in ("en_US",):
        if chance(0.08):
            street = pick(US_POBOX).format(n=R.randint(10, 99999))
        elif chance(0.2):
            street = f"{R.randint(1, 9999)} {pick(['N', 'S', 'E', 'W', 'NE', 'SW'])} {f.street_name()}" + pick(["", f" Apt {R.randint(1,40)}{pick('ABCD')}", f", Unit {R.randint(1,300)}", f" #{R.randint(1,999)}"])
        return [street, f"{f.city()}, {f.state_abbr()} {f.zipcode() if chance(0.8) else f.zipcode_plus4()}"]
    if loc in ("en_CA", "fr_CA"):
        fa = FK["en_CA"]
        pc = fa.postcode()
        if chance(0.6) and " " not in pc:
            pc = pc[:3] + " " + pc[3:]
        return [street, f"{f.city()} {fa.province_abbr()}  {pc}".replace("  ", " " if chance(0.7) else "  ")]
    if loc == "en_AU":
        return [street, f"{f.city()} {f.state_abbr()} {f.postcode()}"]
    if loc in ("en_GB", "en_IE"):
        return [street, f.city(), f.postcode()] if chance(0.5) else [street, f"{f.city()} {f.postcode()}"]
    if loc == "en_IN":
        return [street, f"{f.city()} - {f.postcode()}", f.administrative_unit()]
    if loc == "en_NZ":
        return [street, f"{f.city()} {f.postcode()}"]
    if loc in ("pt_BR",):
        return [street, f"{f.postcode()} {f.city()} - {f.estado_sigla()}" if hasattr(f, "estado_sigla") else f"{f.postcode()} {f.city()}"]
    return [street, f"{f.postcode()} {f.city()}"]


def address(loc, multiline=None, country=None):
    lines = addr_lines(loc)
    if country is None:
        country = chance(0.35)
    if country:
        lines = lines + [pick(COUNTRY[loc])]
    if multiline is None:
        multiline = chance(0.5)
    if multiline:
        return "\n".join(lines)
    return ", ".join(lines)


def street_only(loc):
    return addr_lines(loc)[0]


# ---------------------------------------------------------------- phones
CC = {"en_US": "1", "en_GB": "44", "en_AU": "61", "en_CA": "1", "en_IE": "353", "en_IN": "91", "en_NZ": "64",
      "de_DE": "49", "de_AT": "43", "de_CH": "41", "fr_FR": "33", "fr_CA": "1", "it_IT": "39", "es_ES": "34",
      "es_MX": "52", "pt_PT": "351", "pt_BR": "55", "nl_NL": "31", "sv_SE": "46", "da_DK": "45", "fi_FI": "358",
      "no_NO": "47", "pl_PL": "48", "cs_CZ": "420", "tr_TR": "90", "ja_JP": "81", "zh_CN": "86", "vi_VN": "84"}
TRUNK0 = {"en_GB", "en_AU", "en_IE", "en_NZ", "de_DE", "de_AT", "de_CH", "fr_FR", "nl_NL", "sv_SE", "fi_FI",
          "tr_TR", "ja_JP", "pt_BR", "en_IN", "vi_VN"}
EXT_WORDS = {"en": [" ext. ", " ext ", " x", " x.", " extension ", ", ext. ", " Ext "], "de": [" Durchwahl ", "-"],
             "fr": [" poste ", " p. "], "es": [" ext. "], "pt": [" ramal "], "nl": [" toestel "],
             "it": [" int. "], "sv": [" ankn. "], "pl": [" wew. "]}


def digits(n):
    return "".join(str(R.randint(0, 9)) for _ in range(n))


def group(d, sizes):
    out, i = [], 0
    for s in sizes:
        out.append(d[i:i + s])
        i += s
    if i < len(d):
        out[-1] += d[i:]
    return [o for o in out if o]


def nanp():
    a = f"{R.randint(2,9)}{digits(2)}"
    b = f"{R.randint(2,9)}{digits(2)}"
    c = digits(4)
    form = R.randint(0, 9)
    return [f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", f"1-{a}-{b}-{c}",
            f"+1 ({a}) {b}-{c}", f"{a} {b} {c}", f"+1-{a}-{b}-{c}", f"1 ({a}) {b}-{c}", f"{a}{b}{c}"][form]


def phone(loc, ext=None):
    f = FK[loc]
    if loc in ("en_US", "en_CA", "fr_CA"):
        p = nanp() if chance(0.7) else f.phone_number()
    else:
        r = R.random()
        cc = CC[loc]
        if r < 0.35:
            p = f.phone_number()
        else:
            # national significant number
            n = {"de_DE": 10, "de_AT": 10, "en_IE": 9, "fi_FI": 9, "pt_PT": 9, "cs_CZ": 9, "pl_PL": 9, "es_ES": 9,
                 "it_IT": 10, "en_IN": 10, "zh_CN": 11, "ja_JP": 10, "pt_BR": 11, "es_MX": 10, "da_DK": 8, "no_NO": 8,
                 "en_NZ": 9, "vi_VN": 9, "tr_TR": 10, "de_CH": 9, "sv_SE": 9}.get(loc, 9)
            nsn = str(R.randint(1, 9)) + digits(n - 1)
            if loc == "en_GB":
                nsn = pick(["20", "161", "113", "7700", "7911", "131"]) + digits(10 - 2)
                nsn = nsn[:10]
            if loc == "zh_CN":
                nsn = "1" + pick("3589") + digits(9)
            sizes = pick([(3, 3, 4), (2, 4, 4), (3, 4), (4, 3, 3), (2, 3, 2, 2), (3, 2, 2, 2), (1, 4, 4)])
            g = group(nsn, sizes)
            sep = pick([" ", " ", "-", ".", " "])
            body = sep.join(g)
            r2 = R.random()
            if r2 < 0.45:
                p = f"+{cc} {body}"
            elif r2 < 0.6:
                p = f"00{cc} {body}"
            elif r2 < 0.72 and loc in TRUNK0:
                p = f"+{cc} (0){body}"
            elif r2 < 0.82:
                p = f"+{cc}{nsn}"
            elif loc in TRUNK0:
                p = "0" + body if chance(0.5) else f"(0{g[0]}) {sep.join(g[1:])}"
            else:
                p = body
    if ext is None:
        ext = chance(0.18)
    if ext and not any(x in p for x in ("x", "ext")):
        w = pick(EXT_WORDS.get(lang(loc), EXT_WORDS["en"]) + EXT_WORDS["en"][:2])
        p = p + w + str(R.randint(2, 9999))
    return p


# ---------------------------------------------------------------- other values
def email(first=None, last=None, loc="en_US"):
    f = FK[loc]
    if first and chance(0.6):
        import unicodedata
        def asc(s):
            return "".join(c for c in unicodedata.normalize("NFKD", s) if ord(c) < 128).lower().replace(" ", "").replace("'", "")
        user = pick([f"{asc(first)}.{asc(last)}", f"{asc(first)[0]}{asc(last)}", f"{asc(first)}{R.randint(1,99)}",
                     f"{asc(last)}_{asc(first)[0]}", f"{asc(first)}.{asc(last)}{R.randint(60,99)}"])
        dom = pick(["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "proton.me", "aol.com",
                    "web.de", "gmx.de", "orange.fr", "libero.it", "telefonica.net", "uol.com.br", "ziggo.nl",
                    "comcast.net", "btinternet.com", "bigpond.com", "shaw.ca", "seznam.cz", "wp.pl", "yahoo.co.jp",
                    "qq.com", "163.com", f.free_email_domain()])
        e = f"{user}@{dom}"
    else:
        e = f.email() if chance(0.7) else f.company_email()
    if chance(0.05):
        e = e.upper()
    return e


CARD_TYPES = ["visa", "visa16", "visa13", "mastercard", "amex", "discover", "jcb", "diners", "maestro"]


def card():
    t = pick(CARD_TYPES)
    n = FUS.credit_card_number(t)
    fmt = R.random()
    if fmt < 0.35:
        return n, t
    sep = " " if fmt < 0.75 else "-"
    if len(n) == 15:
        g = [n[:4], n[4:10], n[10:]]
    elif len(n) == 14:
        g = [n[:4], n[4:10], n[10:]]
    else:
        g = [n[i:i + 4] for i in range(0, len(n), 4)]
    return sep.join(g), t


IBAN_LOC = {"en_GB", "en_IE", "de_DE", "de_AT", "de_CH", "fr_FR", "it_IT", "es_ES", "pt_PT", "pt_BR", "nl_NL",
            "da_DK", "fi_FI", "no_NO", "pl_PL", "cs_CZ", "tr_TR"}


def iban(loc):
    f = FK[loc] if loc in IBAN_LOC else FK[pick(sorted(IBAN_LOC))]
    i = f.iban()
    if chance(0.55):
        i = " ".join(i[k:k + 4] for k in range(0, len(i), 4))
    if chance(0.05):
        i = i.lower()
    return i


def bank_us():
    return FUS.aba(), digits(R.randint(8, 12))


DL_FORMS = {
    "CA": lambda: pick("ABCDEFGHJKLMNPRSTUVWYZ") + digits(7),
    "NY": lambda: pick([digits(9), " ".join(group(digits(9), (3, 3, 3)))]),
    "FL": lambda: pick("ABCDEFGHJKLMNPRSTW") + pick([digits(12), "-".join(group(digits(12), (3, 3, 2, 3, 1)))]),
    "TX": lambda: digits(8),
    "IL": lambda: pick("ABCDEFGHJKLMNPRSTW") + "-".join(group(digits(11), (3, 4, 4))),
    "WA": lambda: "WDL" + "".join(pick("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(9)),
    "PA": lambda: pick([digits(8), digits(2) + " " + digits(3) + " " + digits(3)]),
    "MI": lambda: pick("ABCDEFGHJKLMNPRSTW") + " " + " ".join(group(digits(12), (3, 3, 3, 3))),
    "NJ": lambda: pick("ABCDEFGHJKLMNPRSTW") + digits(4) + " " + digits(5) + " " + digits(5),
    "OH": lambda: "".join(pick("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2)) + digits(6),
    "MA": lambda: "S" + digits(8),
    "AZ": lambda: pick("ABDY") + digits(8),
}
STATE_NAMES = {"CA": "California", "NY": "New York", "FL": "Florida", "TX": "Texas", "IL": "Illinois", "WA": "Washington",
               "PA": "Pennsylvania", "MI": "Michigan", "NJ": "New Jersey", "OH": "Ohio", "MA": "Massachusetts", "AZ": "Arizona"}


def dl(loc):
    if loc == "en_GB":
        ln = FK[loc].last_name().upper().replace("'", "")[:5].ljust(5, "9")
        return f"{ln}{digits(6)}{pick('ABCDEFGHJ')}{pick('ABCDEFGHJ')}9{pick('ABCDEFGHJ')}{digits(2)}", "UK"
    if loc in ("de_DE", "de_AT", "de_CH"):
        return "".join(pick("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(11)), None
    if loc in ("en_CA", "fr_CA"):
        return pick("ABCDEFGHJKLMNPRSTW") + "".join(group(digits(14), (4, 5, 5))), "ON"
    if loc == "en_AU":
        return digits(pick([8, 9, 10])), pick(["NSW", "VIC", "QLD"])
    if loc == "fr_FR":
        return digits(2) + "".join(pick("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2)) + digits(5) + digits(3), None
    st = pick(sorted(DL_FORMS))
    return DL_FORMS[st](), st


def passport(loc):
    f = FK[loc]
    if loc in ("de_DE", "de_AT"):
        return "C" + "".join(pick("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(8))
    if loc == "ja_JP":
        return pick(["TK", "TR", "TZ", "MZ"]) + digits(7)
    if loc == "zh_CN":
        return "E" + digits(8) if chance(0.5) else "EA" + digits(7)
    if loc == "fr_FR":
        return digits(2) + "".join(pick("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2)) + digits(5)
    if loc == "en_IN":
        return pick("JKLMNPRSTUVZ") + digits(7)
    if loc in ("it_IT", "es_ES") and chance(0.6):
        return "".join(pick("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2 if loc == "it_IT" else 3)) + digits(7 if loc == "it_IT" else 6)
    return f.passport_number()


def dob(loc):
    d = FK[loc].date_between(start_date=datetime.date(1930, 1, 1), end_date=datetime.date(2024, 12, 31))
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    de = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
    fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
    es = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
    L = lang(loc)
    forms = [d.strftime("%Y-%m-%d")]
    if loc in ("en_US",):
        forms += [d.strftime("%m/%d/%Y"), f"{d.month}/{d.day}/{d.year}", f"{d.month}/{d.day}/{d.strftime('%y')}",
                  f"{months[d.month-1]} {d.day}, {d.year}", f"{months[d.month-1][:3]}. {d.day}, {d.year}", d.strftime("%m-%d-%Y")]
    elif L == "en":
        forms += [d.strftime("%d/%m/%Y"), f"{d.day} {months[d.month-1]} {d.year}", f"{d.day} {months[d.month-1][:3]} {d.year}", d.strftime("%d.%m.%Y")]
    elif L == "de" or loc in ("pl_PL", "cs_CZ", "fi_FI", "tr_TR", "da_DK", "no_NO"):
        forms += [d.strftime("%d.%m.%Y"), f"{d.day}.{d.month}.{d.year}", d.strftime("%d.%m.%y")]
        if L == "de":
            forms.append(f"{d.day}. {de[d.month-1]} {d.year}")
    elif L == "fr":
        forms += [d.strftime("%d/%m/%Y"), f"{d.day} {fr[d.month-1]} {d.year}"]
    elif L in ("es", "pt", "it", "vi"):
        forms += [d.strftime("%d/%m/%Y"), d.strftime("%d-%m-%Y")]
        if L == "es":
            forms.append(f"{d.day} de {es[d.month-1]} de {d.year}")
    elif L == "nl":
        forms += [d.strftime("%d-%m-%Y")]
    elif L in ("ja", "zh"):
        forms += [d.strftime("%Y/%m/%d"), d.strftime("%Y.%m.%d")]
    elif L == "sv":
        forms += [d.strftime("%Y-%m-%d"), d.strftime("%y%m%d")]
    return pick(forms)


def ssn(loc):
    f = FUS
    s = f.ssn()
    r = R.random()
    if r < 0.6:
        return s
    if r < 0.8:
        return s.replace("-", " ")
    return s.replace("-", "")


def ip():
    r = R.random()
    if r < 0.55:
        return FUS.ipv4_public()
    if r < 0.7:
        return FUS.ipv4_private()
    if r < 0.85:
        return FUS.ipv6()
    return f"{FUS.ipv4_public()}:{R.randint(1024, 65535)}" if chance(0.3) else FUS.ipv4()


def mrn():
    return pick([digits(8), digits(7), "MR" + digits(7), f"MRN-{digits(6)}", f"{digits(3)}-{digits(3)}-{digits(3)}",
                 f"H{digits(8)}", f"{digits(2)}-{digits(6)}", f"E{digits(9)}", f"{R.randint(100000, 9999999)}"])


def plate(loc):
    f = FK[loc]
    p = f.license_plate()
    if loc in ("ja_JP",):
        p = f"{pick(['Shinagawa', 'Nerima', 'Osaka', 'Yokohama'])} {R.randint(300, 599)} {pick(['a', 'ka', 'sa', 'ta'])} {R.randint(10, 99)}-{R.randint(10, 99)}"
    if loc == "zh_CN":
        p = pick(["沪", "京", "粤", "浙"]) + pick("ABCDE") + "·" + "".join(pick("0123456789ABCDEFGHJK") for _ in range(5))
    if loc == "en_US" and chance(0.5):
        p = pick([f"{R.randint(1,9)}{''.join(pick('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))}{digits(3)}",
                  f"{''.join(pick('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))}-{digits(4)}",
                  f"{''.join(pick('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))} {digits(4)}"])
    return p.strip()


def company(loc):
    return FK[loc].company()


# ---------------------------------------------------------------- small pieces
def greeting(loc, b, formal=None):
    """Greeting with a labelled name; returns (first,last)."""
    full, first, last = person(loc, style="plain")
    L = lang(loc)
    if formal is None:
        formal = chance(0.5)
    if formal:
        g = {"de": "Sehr geehrte{r} ", "fr": "Bonjour ", "es": "Estimado/a ", "it": "Gentile ", "pt": "Prezado(a) ",
             "nl": "Beste ", "pl": "Szanowny/a ", "sv": "Hej ", "da": "Kære ", "no": "Hei ", "fi": "Hyvä ",
             "cs": "Vážený/á ", "tr": "Sayın ", "vi": "Kính gửi "}.get(L, "Dear ")
        g = g.replace("{r}", pick(["r", ""]))
        b.t(g)
        if L != "tr" and chance(0.8):
            b.t(title(loc) + " ")
        b.v("person", last if chance(0.75) else full)
        b.t(pick([",", ":", ","]) + "\n\n")
    else:
        b.t(pick(["Hi ", "Hello ", "Hey ", "Good morning ", "Hi there ", "Morning "]))
        b.v("person", first if chance(0.6) else first.lower() if chance(0.5) else full)
        b.t(pick([",", " -", "!", ","]) + "\n\n")
    return first, last


def signoff(loc, b, who=None, phone_p=0.6, email_p=0.4, addr_p=0.25, role=None):
    L = lang(loc)
    b.t("\n\n" + pick({"de": ["Mit freundlichen Grüßen", "Viele Grüße", "MfG"], "fr": ["Cordialement", "Bien à vous"],
                       "es": ["Saludos cordiales", "Atentamente"], "it": ["Cordiali saluti", "Distinti saluti"],
                       "pt": ["Atenciosamente", "Cumprimentos"], "nl": ["Met vriendelijke groet", "Groeten"],
                       "pl": ["Z poważaniem", "Pozdrawiam"], "sv": ["Med vänliga hälsningar", "Hälsningar"],
                       "da": ["Med venlig hilsen"], "no": ["Med vennlig hilsen"], "fi": ["Ystävällisin terveisin"],
                       "cs": ["S pozdravem"], "tr": ["Saygılarımla"]}.get(L, ["Regards", "Thanks", "Sincerely", "Best", "Thank you", "Respectfully", "Cheers", "Best regards", "--"])))
    b.t(pick([",\n", "\n", ",\n\n"]))
    if who is None:
        who, first, last = person(loc, style=pick(["plain", "plain", "upper", "middle", "initial", "lower"]))
    else:
        first, last = who.split(" ")[0], who.split(" ")[-1]
    b.v("person", who)
    if role:
        b.t("\n" + role)
    if addr_p and chance(addr_p):
        b.t("\n").v("address", address(loc, multiline=True, country=chance(0.3)))
    if chance(phone_p):
        b.t("\n" + pick(["", "Tel: ", "Phone: ", "Cell: ", "m: ", "Mobile ", "T ", "Ph. ", "Tel. "])).v("phone", phone(loc))
    if chance(email_p):
        b.t("\n" + pick(["", "Email: ", "e: "])).v("email", email(first, last, loc))
    return who


def date_str(loc=None):
    d = FUS.date_between(start_date=datetime.date(2023, 1, 1), end_date=datetime.date(2026, 11, 30))
    return pick([d.strftime("%m/%d/%Y"), d.strftime("%Y-%m-%d"), d.strftime("%B %d, %Y"), d.strftime("%d %b %Y")])


def time_str():
    return pick([f"{R.randint(1,12)}:{R.randint(0,59):02d} {pick(['AM','PM','a.m.','p.m.','am','pm'])}", f"{R.randint(0,23):02d}{R.randint(0,59):02d} hrs", f"{R.randint(0,23):02d}:{R.randint(0,59):02d}"])


def case_no():
    return pick([f"SR-{R.randint(2019,2025)}-{digits(6)}", f"{R.randint(19,25)}-{digits(5)}", f"CASE #{digits(7)}", f"INC{digits(8)}",
                 f"P{R.randint(19,25)}-{digits(4)}", f"#{digits(6)}"])


ISSUES = ["a pothole that has been growing for weeks", "a broken streetlight", "illegal dumping behind the laundromat",
          "a missed recycling pickup", "graffiti on the underpass", "a leaking fire hydrant", "a tree limb blocking the sidewalk",
          "an abandoned vehicle", "noise from the construction site after 10 pm", "a clogged storm drain",
          "a damaged stop sign", "rats near the dumpsters", "a sinkhole forming at the curb", "overgrown weeds on a vacant lot"]
STATES_ABBR = sorted(STATE_NAMES)


def us_state():
    return pick(STATES_ABBR)


# ---------------------------------------------------------------- templates
def t_311(loc):
    b = B(loc)
    full, first, last = person(loc)
    b.t(pick(["311 SERVICE REQUEST EXPORT\n", "Service Request Detail\n", "CRM export - 311\n", ""]))
    b.t(f"Request ID: {case_no()}\nOpened: {date_str()} {time_str()}\nChannel: {pick(['Phone', 'Web', 'Mobile app', 'Walk-in', 'Email'])}\n")
    b.t(f"Category: {pick(['Streets - Pothole', 'Sanitation', 'Code Enforcement', 'Parks', 'Traffic Signals', 'Water'])}\n")
    b.t(pick(["Reporter: ", "Customer Name: ", "Contact: ", "Caller: "])).v("person", full).t("\n")
    if chance(0.8):
        b.t(pick(["Phone: ", "Callback #: ", "Contact phone: ", "Tel: "])).v("phone", phone(loc)).t("\n")
    if chance(0.6):
        b.t("Email: ").v("email", email(first, last, loc)).t("\n")
    if chance(0.5):
        b.t(pick(["Reporter address: ", "Mailing address: "])).v("address", address(loc, multiline=False)).t("\n")
    b.t(f"Location: {pick(['near ', 'in front of ', 'across from ', ''])}")
    b.v("address", street_only(loc)) if chance(0.6) else b.t(f"{FUS.street_name()} & {FUS.street_name()}")
    b.t("\nDescription: ")
    r = R.random()
    if r < 0.3:
        b.t(f"Caller reports {pick(ISSUES)}. Vehicle involved has plate ").v("plate", plate(loc)).t(f" and has not moved since {date_str()}.")
    elif r < 0.5:
        b.t(f"Resident says {pick(ISSUES)}; neighbour ").v("person", person(loc)[0]).t(" at ").v("address", street_only(loc)).t(" witnessed it too.")
    elif r < 0.65:
        b.t(f"Submitted via web form from IP ").v("ip", ip()).t(f". Reports {pick(ISSUES)}.")
    else:
        b.t(f"{pick(ISSUES).capitalize()}. Please call back {pick(['after 5', 'before noon', 'any time'])} at ").v("phone", phone(loc)).t(".")
    b.t(f"\nStatus: {pick(['Open', 'Assigned', 'Closed - Resolved', 'Pending'])}\nAssigned to: ")
    b.v("person", person("en_US", style=pick(["initial", "plain", "lastfirst"]))[0])
    return b


def t_police(loc):
    b = B(loc)
    off = person("en_US", style=pick(["plain", "initial", "upper"]))[0]
    vic, vf, vl = person(loc, style=pick(["plain", "plain", "upper", "middle", "lower"]))
    b.t(f"INCIDENT NARRATIVE - Report No. {digits(2)}-{digits(6)}\n\n")
    b.t(f"On {date_str()} at approximately {time_str()}, I, {pick(['Officer', 'Ofc.', 'Sgt.', 'Deputy', 'Det.'])} ")
    b.v("person", off).t(f" #{digits(4)}, was dispatched to ")
    b.v("address", address(loc, multiline=False, country=False))
    b.t(pick([" regarding a reported burglary. ", " for a disturbance call. ", " on a hit-and-run report. ", " for a welfare check. "]))
    b.t("Upon arrival I made contact with the reporting party, ").v("person", vic)
    if chance(0.7):
        b.t(pick([" (DOB ", ", date of birth ", ", born "])).v("dob", dob(loc)).t(pick([")", ","]))
    b.t(" who stated that ")
    r = R.random()
    if r < 0.5:
        b.t(pick(["a dark sedan", "a white pickup truck", "a silver SUV", "a red hatchback"]))
        st = us_state()
        b.t(f" bearing {pick([st, STATE_NAMES[st]])} {pick(['plate', 'tag', 'license plate', 'registration'])} ").v("plate", plate("en_US" if loc.startswith("en_US") else loc))
        b.t(" struck her parked car and left the scene. ")
    else:
        b.t("someone entered the garage and removed two bicycles. ")
    if chance(0.7):
        st = us_state()
        sus, sf, sl = person(loc, style=pick(["plain", "upper", "lastfirst"]))
        b.t("The driver was later identified as ").v("person", sus)
        n, st2 = dl("en_US") if loc == "en_US" else dl(loc)
        if st2 and st2 in STATE_NAMES:
            b.t(pick([f" via {st2} DL# ", f" ({STATE_NAMES[st2]} driver's license ", f", {st2} DL ", f", OLN "]))
        elif st2:
            b.t(pick([f" via {st2} licence no. ", f", {st2} driver licence "]))
        else:
            b.t(pick([" (driving licence no. ", ", Führerschein-Nr. ", ", permis de conduire n° "]))
        b.v("dl", n)
        if st2 and st2 not in STATE_NAMES and st2 != "UK" and chance(0.3):
            b.t(f" {st2}")
        b.t(pick(["). ", "), who admitted the collision. "]) if b.text.rfind("(") > b.text.rfind("identified") else pick([". ", ", who admitted the collision. "]))
    b.t(" RP can be reached at " if not b.text.endswith(" ") else "RP can be reached at ").v("phone", phone(loc)).t(".")
    if chance(0.3):
        b.t(" Witness ").v("person", person(loc)[0]).t(pick([" of ", ", residing at "])).v("address", street_only(loc)).t(" gave a matching description.")
    b.t(f"\n\nCase referred to {pick(['Investigations', 'Traffic Division', 'Property Crimes'])}.")
    return b


def t_permit(loc):
    b = B(loc)
    owner, of, ol = person(loc)
    b.t(pick(["BUILDING PERMIT APPLICATION", "Application for Building Permit", "PERMIT APPLICATION - RESIDENTIAL ALTERATION"]))
    b.t(f"\nPermit No.: BP-{R.randint(2020,2025)}-{digits(5)}   Parcel/APN: {digits(3)}-{digits(3)}-{digits(2)}\n\n")
    b.t("Project address:\n").v("address", address(loc, multiline=True, country=False)).t("\n\n")
    b.t(pick(["Owner name: ", "Property owner: ", "OWNER: "])).v("person", owner).t("\n")
    b.t("Owner mailing address:\n").v("address", address(loc, multiline=True)).t("\n")
    b.t("Owner phone: ").v("phone", phone(loc)).t(f"   Email: ").v("email", email(of, ol, loc)).t("\n\n")
    if chance(0.6):
        ap, af, al = person(loc, style=pick(["plain", "initial", "upper"]))
        b.t(f"Applicant (if not owner): ").v("person", ap).t(f", {company(loc)}\nApplicant phone: ").v("phone", phone(loc, ext=chance(0.4))).t("\n")
    b.t(f"Scope of work: {pick(['Replace rear deck', 'Kitchen remodel, no structural', 'Install 6.4 kW rooftop solar', 'Convert garage to ADU', 'Re-roof, 28 squares'])}\n")
    b.t(f"Valuation: ${R.randint(3,250)*1000:,}   Fee: ${R.randint(100,4000)}.{R.randint(0,99):02d}\n")
    if chance(0.5):
        c, t = card()
        b.t(f"Fee paid by {pick(['Visa', 'card', 'credit card', 'MC', 'AmEx'])} ").v("card", c).t(f" exp {R.randint(1,12):02d}/{R.randint(26,31)}\n")
    b.t("Signature: ").v("person", owner if chance(0.5) else person(loc)[0]).t(f"   Date: {date_str()}")
    return b


def t_comment(loc):
    b = B(loc)
    full, first, last = person(loc, style=pick(["lower", "lower", "plain", "upper", "plain"]))
    b.t(pick(["PUBLIC COMMENT CARD", "City Council - Request to Speak / Comment Card", "Comment card (handwritten, transcribed)"]))
    b.t(f"\nMeeting date: {date_str()}   Agenda item: {R.randint(1,24)}{pick(['', 'a', 'b'])}\n")
    b.t("Name: ").v("person", full).t("\n")
    if chance(0.7):
        b.t("Address: ").v("address", address(loc, multiline=False, country=False)).t("\n")
    if chance(0.5):
        b.t(pick(["Phone (optional): ", "Phone: "])).v("phone", phone(loc)).t("\n")
    if chance(0.4):
        b.t("Email: ").v("email", email(first, last, loc)).t("\n")
    b.t("Position: " + pick(["Support", "Oppose", "Neutral"]) + "\nComment: ")
    r = R.random()
    if r < 0.4:
        b.t("I have lived at ").v("address", street_only(loc)).t(f" for {R.randint(2,40)} years and {pick(['the traffic on our block is dangerous', 'the new bike lane has helped', 'the rezoning will push families out'])}. ")
    elif r < 0.7:
        b.t("My neighbour ").v("person", person(loc)[0]).t(" and I ").t(pick(["ask the council to reject the proposal. ", "support the park renovation. ", "want a stop sign on our corner. "]))
    else:
        b.t(f"Please fix the drainage on {FUS.street_name()}. It floods every time it rains. ")
    if chance(0.3):
        b.t("You can reach me at ").v("phone", phone(loc)).t(pick([".", " any evening."]))
    return b


def t_utility(loc):
    b = B(loc)
    full, first, last = person(loc, style="plain")
    b.t("From: ")
    em = email(first, last, loc)
    if chance(0.5):
        b.v("person", full).t(" <").v("email", em).t(">")
    else:
        b.v("email", em)
    b.t(f"\nTo: billing@{pick(['cityutilities.gov', 'springfieldwater.org', 'publicworks.city.gov'])}\n")
    b.t(f"Subject: {pick(['Disputed charge on account', 'Double billing', 'Re: Water bill - wrong meter reading', 'Refund request'])} {digits(8)}\n\n")
    greeting(loc, b, formal=chance(0.3)) if chance(0.3) else b.t(pick(["To whom it may concern,\n\n", "Hello,\n\n", "Billing Department,\n\n"]))
    b.t(f"My {pick(['water', 'electric', 'sewer and trash', 'utility'])} bill for {pick(['March', 'the last quarter', 'June', 'November'])} shows {pick(['a usage spike of 40,000 gallons', 'a charge of $612.40', 'two payments taken', 'a late fee I did not owe'])}. ")
    r = R.random()
    if r < 0.35:
        c, t = card()
        b.t(f"The autopay charged my {pick(['Visa', 'Mastercard', 'card', 'credit card', 'debit card', 'Amex'])} ").v("card", c).t(" twice on the same day. ")
    elif r < 0.6:
        b.t("Please refund the overpayment to my account, IBAN ").v("iban", iban(loc)).t(pick([". ", f" (BIC {FK['de_DE'].swift8() if hasattr(FK['de_DE'], 'swift8') else 'DEUTDEFF'}). "]))
    else:
        rt, ac = bank_us()
        b.t(pick(["The bank draft came from routing number ", "Please stop the ACH debit: routing ", "Refund by direct deposit to routing "])).v("bank-account", rt)
        b.t(pick([", account ", " / acct # ", " and account number ", ", checking account no. "])).v("bank-account", ac).t(". ")
    b.t("The service address is ").v("address", address(loc, multiline=False, country=False)).t(". ")
    if chance(0.3):
        b.t("I've attached a photo of the meter. ")
    signoff(loc, b, who=full if chance(0.5) else None, phone_p=0.7)
    return b


def t_hr(loc):
    b = B(loc)
    first, last, ff = name_parts(loc)
    b.t(pick(["NEW HIRE ONBOARDING FORM - Human Resources", "Employee Onboarding Checklist", "HR-101 Personnel Action / New Employee"]))
    b.t(f"\nDepartment: {pick(['Parks & Recreation', 'Public Works', 'Finance', 'Library Services', 'City Clerk'])}   Position: {pick(['Maintenance Worker II', 'Accountant I', 'Librarian', 'Records Technician', 'Lifeguard (seasonal)'])}\n")
    style = R.random()
    if style < 0.4:
        b.t("Last name: ").v("person", last.upper() if chance(0.5) else last).t("   First name: ").v("person", first).t("\n")
    else:
        b.t("Employee: ").v("person", f"{last}, {first}" if style < 0.7 else f"{last.upper()}, {first.upper()}" if style < 0.85 else f"{first} {last}").t("\n")
    if loc == "en_US" or chance(0.2):
        b.t(pick(["SSN: ", "Social Security No.: ", "SSN/TIN: ", "Soc. Sec. #: "])).v("ssn", ssn(loc)).t("\n")
    b.t(pick(["Date of birth: ", "DOB: ", "Birth date: "])).v("dob", dob(loc)).t("\n")
    b.t("Home address:\n").v("address", address(loc, multiline=True)).t("\n")
    b.t("Personal email: ").v("email", email(first, last, loc)).t("\n")
    b.t("Mobile: ").v("phone", phone(loc, ext=False)).t("\n")
    if chance(0.6):
        if loc in ("en_US",) or not (loc in IBAN_LOC):
            rt, ac = bank_us()
            b.t("Direct deposit - Routing/ABA: ").v("bank-account", rt).t("  Account: ").v("bank-account", ac).t(f" ({pick(['checking', 'savings'])})\n")
        else:
            b.t("Salary account (IBAN): ").v("iban", iban(loc)).t("\n")
    if chance(0.5):
        b.t(f"I-9 List A document: {pick(['US Passport', 'Passport', 'Foreign passport + I-94'])}, No. ").v("passport", passport(loc)).t(f", expires {date_str()}\n")
    elif chance(0.5):
        n, st = dl(loc)
        b.t(f"I-9 List B: Driver's license{(' (' + st + ')') if st else ''} #").v("dl", n).t("\n")
    ec, ef, el = person(loc, style=pick(["plain", "lower", "plain"]))
    b.t("Emergency contact: ").v("person", ec).t(f" ({pick(['spouse', 'mother', 'brother', 'partner', 'friend'])}), ").v("phone", phone(loc))
    return b


def t_court(loc):
    b = B(loc)
    b.t(pick(["CIVIL CASE COVER SHEET", "COVER SHEET - SMALL CLAIMS", "SUPERIOR COURT OF THE STATE - CASE COVER SHEET"]))
    b.t(f"\nCase Number: {R.randint(20,25)}-{pick(['CV', 'SC', 'CR', 'FL'])}-{digits(5)}\n\n")
    pl = person(loc, style=pick(["upper", "upper", "plain", "lastfirst"]))[0]
    df = person(loc, style=pick(["upper", "plain", "lastfirst"]))[0]
    b.t("PLAINTIFF/PETITIONER: ").v("person", pl)
    if chance(0.3):
        b.t(", an individual")
    b.t("\nDEFENDANT/RESPONDENT: ")
    if chance(0.4):
        b.t(f"CITY OF {pick(['SPRINGFIELD', 'RIVERSIDE', 'FAIRVIEW', 'OAKDALE'])}, a municipal corporation; and ").v("person", df).t(", an individual")
    else:
        b.v("person", df)
    b.t("\n\nATTORNEY OR PARTY WITHOUT ATTORNEY (name and address):\n")
    at, af, al = person(loc, style=pick(["plain", "middle", "upper"]))
    b.v("person", at).t(f", Esq.\n{company(loc)}\n" if chance(0.5) else "\n")
    b.v("address", address(loc, multiline=True, country=chance(0.2))).t("\n")
    b.t("TELEPHONE NO.: ").v("phone", phone(loc)).t(pick(["   FAX NO.: ", "\nFAX: "])).v("phone", phone(loc, ext=False)).t("\n")
    b.t("E-MAIL ADDRESS: ").v("email", email(af, al, loc)).t("\n")
    b.t(f"Amount demanded: ${R.randint(1000, 75000):,}.00\nType of case: {pick(['Auto tort', 'Breach of contract', 'Property damage', 'Unlawful detainer'])}\n")
    if chance(0.35):
        b.t("Minor/party DOB: ").v("dob", dob(loc)).t("\n")
    b.t(f"Date: {date_str()}\n")
    b.v("person", pl.upper() if chance(0.5) else pl).t("\n(TYPE OR PRINT NAME)")
    return b


def t_voicemail(loc):
    b = B(loc)
    b.t(f"VOICEMAIL TRANSCRIPT (auto-generated)\nFrom: ")
    p = phone(loc, ext=False)
    b.v("phone", p).t(f"\nReceived: {date_str()} {time_str()}   Duration: 0:{R.randint(10,59)}\nMailbox: {pick(['Clerk front desk', 'Code Enforcement', 'Parking Services', 'Records'])}\n\n")
    full, first, last = person(loc, style=pick(["lower", "plain", "lower"]))
    b.t('"' + pick(["hi ", "hello ", "yes hi ", "good afternoon ", "um hi "]) + pick(["this is ", "my name is ", "it's "])).v("person", full)
    b.t(pick([" calling about ", " um I'm calling about ", " I'm calling regarding "]) + pick(["a parking ticket ", "my records request ", "the permit for my fence ", "a noise complaint "]))
    r = R.random()
    if r < 0.35:
        b.t("for my car, plate number ").v("plate", plate(loc)).t(", ")
    elif r < 0.55:
        b.t("and my date of birth is ").v("dob", dob(loc)).t(" if you need it, ")
    elif r < 0.7:
        b.t("the address is ").v("address", street_only(loc)).t(", ")
    else:
        b.t(f"number {case_no()}, ")
    b.t(pick(["you can call me back at ", "my number is ", "please call me at ", "best number is "])).v("phone", phone(loc))
    if chance(0.4):
        b.t(" or email ").v("email", email(first, last, loc))
    b.t(pick([" thanks bye", " thank you", " okay thanks so much", ""]) + '"')
    if chance(0.3):
        b.t("\n\nNote from ").v("person", person("en_US", style=pick(["initial", "plain"]))[0]).t(": returned call, left message.")
    return b


def t_foia(loc):
    b = B(loc)
    full, first, last = person(loc, style=pick(["plain", "plain", "middle"]))
    b.v("person", full).t("\n").v("address", address(loc, multiline=True, country=chance(0.5))).t("\n")
    if chance(0.5):
        b.v("email", email(first, last, loc)).t("\n")
    b.t(f"\n{date_str()}\n\nRecords Access Officer\nOffice of the City Clerk\n\n")
    b.t(pick(["Dear Records Officer,\n\n", "To the Public Records Officer:\n\n", "Re: Public records request\n\n"]))
    b.t(pick(["Pursuant to the Freedom of Information Act, ", "Under the state Public Records Act, ", "Under the Freedom of Information Act, "]))
    b.t("I request copies of ")
    r = R.random()
    if r < 0.35:
        b.t("all code-enforcement complaints filed about the property at ").v("address", address(loc, multiline=False, country=False)).t(f" since {R.randint(2015, 2023)}")
    elif r < 0.6:
        b.t("any police reports naming me (").v("person", full if chance(0.5) else full.upper()).t(", DOB ").v("dob", dob(loc)).t(")")
    elif r < 0.8:
        b.t("the towing record for my vehicle, licence plate ").v("plate", plate(loc)).t(f", towed on {date_str()}")
    else:
        b.t("emails between ").v("person", person("en_US")[0]).t(" and the Planning Department concerning the rezoning of Parcel ").t(f"{digits(3)}-{digits(3)}-{digits(3)}")
    b.t(". I am willing to pay fees up to $" + str(R.randint(2, 20) * 5) + ". ")
    b.t(pick(["Please send the records electronically to ", "Electronic copies are preferred; send to "])).v("email", email(first, last, loc)).t(". ")
    if chance(0.5):
        b.t("If you have questions, call me at ").v("phone", phone(loc)).t(".")
    b.t("\n\nSincerely,\n\n").v("person", full if chance(0.6) else full.upper())
    return b


def csv_q(s):
    return '"' + s + '"' if ("," in s or "\n" in s) else s


def t_csv(loc):
    b = B(loc)
    cols = pick([["id", "name", "phone", "email"], ["case", "name", "dob", "address"], ["row", "last_first", "ssn", "phone"],
                 ["ticket", "owner", "plate", "dl"], ["txn", "payer", "card", "amount"], ["rec", "patient", "mrn", "dob"],
                 ["id", "name", "ip", "email"], ["id", "account_holder", "iban", "phone"]])
    b.t(",".join(cols) + "\n")
    for _ in range(R.randint(1, 4)):
        first, last, ff = name_parts(loc)
        for j, c in enumerate(cols):
            if j:
                b.t(",")
            if c in ("id", "case", "row", "ticket", "txn", "rec"):
                b.t(str(R.randint(1000, 99999)))
            elif c in ("name", "owner", "payer", "patient", "account_holder"):
                s = pick([f"{first} {last}", f"{first} {last}".upper(), f"{first} {last}".lower(), f"{last} {first}" if ff else f"{first} {last}"])
                b.v("person", s)
            elif c == "last_first":
                s = f"{last}, {first}" if chance(0.7) else f"{last.upper()}, {first.upper()}"
                b.t('"').v("person", s).t('"')
            elif c == "phone":
                p = phone(loc)
                if "," in p:
                    b.t('"').v("phone", p).t('"')
                else:
                    b.v("phone", p)
            elif c == "email":
                b.v("email", email(first, last, loc))
            elif c == "dob":
                b.v("dob", dob(loc))
            elif c == "address":
                a = address(loc, multiline=False, country=False)
                b.t('"').v("address", a).t('"')
            elif c == "ssn":
                b.v("ssn", ssn(loc))
            elif c == "plate":
                b.v("plate", plate(loc))
            elif c == "dl":
                b.v("dl", dl(loc)[0])
            elif c == "card":
                b.v("card", card()[0])
            elif c == "amount":
                b.t(f"{R.randint(5, 900)}.{R.randint(0,99):02d}")
            elif c == "mrn":
                b.v("medical-record", mrn())
            elif c == "ip":
                b.v("ip", ip())
            elif c == "iban":
                b.v("iban", iban(loc))
        b.t("\n")
    b.text = b.text.rstrip("\n")
    return b


def t_medical(loc):
    b = B(loc)
    full, first, last = person(loc)
    b.t(pick(["AUTHORIZATION FOR RELEASE OF HEALTH INFORMATION", "EMS Patient Care Report (excerpt)", "Workers' Compensation - Medical Records Request"]))
    b.t("\nPatient: ").v("person", full).t("\n")
    b.t(pick(["MRN: ", "Medical Record No.: ", "MR#: ", "Patient ID / MRN "])).v("medical-record", mrn()).t("\n")
    b.t(pick(["DOB: ", "Date of Birth: ", "D.O.B. "])).v("dob", dob(loc)).t("\n")
    if chance(0.5):
        b.t("Address: ").v("address", address(loc, multiline=chance(0.5))).t("\n")
    b.t(f"Records requested: {pick(['ED visit', 'X-ray and discharge summary', 'Physical therapy notes', 'Toxicology'])} of {date_str()}\n")
    doc = person(loc, style=pick(["plain", "initial"]))[0]
    b.t(f"Treating physician: {pick(['Dr.', 'Dr', 'MD'])} ").v("person", doc).t("\n")
    if chance(0.5):
        b.t(f"The employee was seen at {pick(['Mercy General', 'St. Jude Medical Center', 'County Urgent Care'])}; the hospital's record number for this visit is ").v("medical-record", mrn()).t(".\n")
    b.t("Release to: ").v("person", person("en_US")[0]).t(", Risk Management, fax ").v("phone", phone("en_US", ext=False))
    return b


def t_parking(loc):
    b = B(loc)
    full, first, last = person(loc)
    b.t(f"PARKING CITATION APPEAL\nCitation #: {digits(9)}\nIssued: {date_str()} {time_str()} at {FUS.street_name()} meter {digits(4)}\n")
    st = us_state()
    b.t(f"Vehicle: {pick(['2017 Toyota Camry', '2020 Ford F-150', '2014 Honda Fit', '2022 Tesla Model 3'])}, ")
    b.t(pick([f"plate ", f"{st} plate ", "License plate: ", "Tag # "])).v("plate", plate(loc)).t("\n")
    b.t("Registered owner: ").v("person", full).t("\n")
    b.t("Owner address: ").v("address", address(loc, multiline=chance(0.5))).t("\n")
    if chance(0.6):
        n, st2 = dl(loc)
        b.t(pick([f"DL# ", f"Driver license no. ", f"DL: "])).v("dl", n)
        if st2:
            b.t(f" ({st2})" if chance(0.5) else f", {st2}")
        b.t("\n")
    b.t(f"Reason for appeal: {pick(['The meter was broken.', 'I had a valid permit displayed.', 'The sign was obscured by a tree.', 'The car had been sold before this date.'])}\n")
    if chance(0.5):
        c, t = card()
        b.t("Bail paid with card ").v("card", c).t(f" on {date_str()}.\n")
    b.t("Contact: ").v("phone", phone(loc)).t(" / ").v("email", email(first, last, loc))
    return b


def t_travel(loc):
    b = B(loc)
    full, first, last = person(loc, style=pick(["plain", "upper", "lastfirst"]))
    b.t(pick(["Sister City Delegation - Traveller Details", "Travel Authorization Request", "Visitor registration - City Hall security desk"]))
    b.t("\nName (as on passport): ").v("person", full).t("\n")
    b.t("Nationality: " + pick(COUNTRY[loc]) + "\n")
    b.t(pick(["Passport no.: ", "Passport number ", "Passport #: ", "PP No. "])).v("passport", passport(loc)).t(f"  Expiry: {date_str()}\n")
    b.t("Date of birth: ").v("dob", dob(loc)).t("\n")
    b.t("Home address: ").v("address", address(loc, multiline=chance(0.6), country=True)).t("\n")
    b.t("Phone: ").v("phone", phone(loc)).t("\n")
    if chance(0.5):
        b.t("Per diem to be paid to IBAN ").v("iban", iban(loc)).t("\n")
    b.t("Host: ").v("person", person("en_US", style=pick(["plain", "initial"]))[0]).t(f", Office of International Affairs, ext. {R.randint(1000,9999)}")
    return b


def t_weblog(loc):
    b = B(loc)
    full, first, last = person(loc)
    b.t(f"Online payment portal - transaction log\nTxn {digits(10)} | {date_str()} {time_str()}\n")
    b.t("Client IP: ").v("ip", ip()).t(f" | User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64)\n")
    b.t("Payer: ").v("person", full).t(" | ").v("email", email(first, last, loc)).t("\n")
    c, t = card()
    b.t(f"Card ({t.replace('16', '').replace('13', '')}): ").v("card", c).t(f" | Amount: ${R.randint(20, 2000)}.{R.randint(0,99):02d} | Auth code {digits(6)}\n")
    b.t("Billing address: ").v("address", address(loc, multiline=False)).t("\n")
    if chance(0.4):
        b.t("Forwarded-For: ").v("ip", ip()).t("\n")
    b.t(f"Result: {pick(['APPROVED', 'DECLINED - AVS mismatch', 'APPROVED'])}")
    return b


def t_letter_intl(loc):
    """Plain letter / email to the city in a conversational register, signature block with address."""
    b = B(loc)
    first, last = greeting(loc, b)
    r = R.random()
    if r < 0.25:
        b.t("I am writing about the tree in front of my house at ").v("address", address(loc, multiline=False, country=False)).t(f". It has been marked for removal since {date_str()}, but nobody came. ")
    elif r < 0.45:
        b.t("Following our phone call, here are my details for the refund: IBAN ").v("iban", iban(loc)).t(", account holder ").v("person", person(loc)[0]).t(". ")
    elif r < 0.6:
        b.t("My son ").v("person", person(loc, style=pick(["plain", "lower"]))[0]).t(" (born ").v("dob", dob(loc)).t(") is enrolled in the summer camp; please update his emergency number to ").v("phone", phone(loc)).t(". ")
    elif r < 0.75:
        b.t("I attach a copy of my passport (").v("passport", passport(loc)).t(") for the residency certificate you asked for. ")
    else:
        b.t(f"Thank you for {pick(['fixing the streetlight so quickly', 'your help with the permit', 'the quick reply'])}. ")
        b.t(pick(["My colleague ", "Our neighbour ", "My landlord "])).v("person", person(loc)[0]).t(" asked me to pass on her thanks as well. ")
    b.t(pick(["Please contact me if anything is missing.", "Let me know if you need anything else.", "I look forward to your reply."]))
    signoff(loc, b, addr_p=0.55, phone_p=0.7, email_p=0.5)
    return b


TEMPLATES = [(t_311, 1.2), (t_police, 1.1), (t_permit, 1.0), (t_comment, 1.0), (t_utility, 1.1), (t_hr, 1.1),
             (t_court, 0.9), (t_voicemail, 1.0), (t_foia, 1.0), (t_csv, 1.2), (t_medical, 0.9), (t_parking, 1.0),
             (t_travel, 0.9), (t_weblog, 0.8), (t_letter_intl, 1.6)]


# ---------------------------------------------------------------- no-PII look-alikes
PEOPLE_PLACES = ["Martin Luther King Jr. Blvd", "Cesar Chavez Avenue", "Lincoln Park", "George Washington Bridge",
                 "Jefferson County", "Roosevelt Island", "Kennedy Expressway", "Frederick Douglass Boulevard",
                 "Queen Victoria Street", "Adolfo López Mateos", "Place Charles de Gaulle", "Karl-Marx-Allee",
                 "Rosa Parks Transit Center", "Harvey Milk Plaza", "Washington Square", "Franklin D. Roosevelt Drive",
                 "Ronald Reagan Washington National Airport", "Thomas Jefferson High School", "Avenida Getúlio Vargas",
                 "Piazza Giuseppe Garibaldi", "John F. Kennedy Library"]
ORGS = ["Wells Fargo", "Johnson & Johnson", "Ernst & Young", "Goldman Sachs", "Marriott International", "Ford Motor Company",
        "Siemens AG", "Deloitte", "Procter & Gamble", "Ben & Jerry's", "Dell Technologies", "Morgan Stanley", "Pacific Gas & Electric",
        "Kaiser Permanente", "Harris Teeter", "Anderson Paving LLC", "Miller & Sons Roofing", "Thompson Reuters"]
JOBS = ["Deputy City Clerk", "Director of Public Works", "Senior Planner", "Records Management Officer", "Assistant City Attorney",
        "Fire Marshal", "Chief of Police", "Building Official", "Finance Director", "Parks Superintendent", "GIS Analyst II"]
STREETS_NONUM = ["Main Street", "Elm Street", "Oak Avenue", "Broadway", "5th Avenue", "Maple Drive", "Harbor Road", "Bahnhofstraße",
                 "Rue de la République", "Calle Mayor", "Kerkstraat", "Storgatan", "ulica Marszałkowska"]


def money():
    return pick([f"${R.randint(1, 99999):,}.{R.randint(0,99):02d}", f"€{R.randint(1, 9999)},{R.randint(0,99):02d}", f"£{R.randint(1,5000)}",
                 f"USD {R.randint(100, 999999):,}", f"{R.randint(1,900)} CHF"])


def nopii_passage():
    loc = pick(["en_US"] * 6 + ["en_GB", "en_CA", "en_AU", "de_DE", "fr_FR", "es_ES", "nl_NL"])
    kind = R.randint(0, 13)
    y = R.randint(2015, 2025)
    if kind == 0:
        s = (f"Permit BP-{y}-{digits(5)} was issued on {date_str()} for a re-roof at the corner of {pick(STREETS_NONUM)} and {pick(STREETS_NONUM)}. "
             f"Parcel {digits(3)}-{digits(3)}-{digits(3)}; valuation {money()}; inspection window {time_str()} to {time_str()}.")
    elif kind == 1:
        s = (f"Invoice INV-{digits(6)} from {pick(ORGS)} dated {date_str()}: {R.randint(2,400)} units of part no. {pick('ABCXYZ')}{digits(3)}-{digits(4)}-{pick('ABCDEFGH')} "
             f"at {money()} each. PO {digits(10)}. Net 30. Remit by {date_str()}.")
    elif kind == 2:
        s = (f"The council voted {R.randint(3,7)}-{R.randint(0,3)} to rename the segment of {pick(STREETS_NONUM)} between 3rd and 9th as {pick(PEOPLE_PLACES)}. "
             f"The ceremony will be held at {pick(PEOPLE_PLACES)} on {date_str()} at {time_str()}.")
    elif kind == 3:
        s = (f"Position posting #{digits(5)}: {pick(JOBS)}, salary range {money()} - {money()}. Reports to the {pick(JOBS)}. "
             f"Closing date {date_str()}. Apply online; reference code {pick('ABCDEFG')}{digits(2)}-{digits(4)}.")
    elif kind == 4:
        s = (f"Release notes v{R.randint(1,9)}.{R.randint(0,20)}.{R.randint(0,99)} (build {digits(5)}): fixed the CSV export, upgraded the "
             f"{pick(['PostgreSQL', 'OpenSSL', 'libpng'])} dependency to {R.randint(1,16)}.{R.randint(0,9)}.{R.randint(0,20)}, firmware {R.randint(1,9)}.{R.randint(0,9)}.{R.randint(0,30)}.")
    elif kind == 5:
        s = (f"Survey marker SM-{digits(4)} is at {R.uniform(25,48):.5f} N, {R.uniform(70,122):.5f} W (NAD83), elevation {R.randint(3, 900)} ft. "
             f"The ZIP code for the district is {digits(5)}; the census tract is {digits(4)}.{digits(2)}.")
    elif kind == 6:
        s = (f"Call the main switchboard and ask for reference {digits(3)}-{digits(3)}-{digits(4)}-{digits(2)}; the docket is {R.randint(20,25)}-{digits(6)} "
             f"and the hearing is in Room {R.randint(100, 999)} on {date_str()}. Order number {digits(4)} {digits(4)} {digits(4)}.")
    elif kind == 7:
        s = (f"Quarterly report: {pick(ORGS)} collected {money()} in fees; {R.randint(100,9999)} service requests were closed, "
             f"median time to close {R.randint(1,30)} days. The {pick(JOBS)} presented on {date_str()}.")
    elif kind == 8:
        s = (f"Meeting minutes, {date_str()}. Present: the {pick(JOBS)}, the {pick(JOBS)}, and staff from {pick(ORGS)}. "
             f"Item {R.randint(1,20)}: contract {y}-{digits(3)} for {pick(['paving', 'HVAC service', 'janitorial services'])} on {pick(STREETS_NONUM)}, not to exceed {money()}.")
    elif kind == 9:
        if loc == "de_DE":
            s = (f"Bauantrag Nr. {y}/{digits(5)} vom {R.randint(1,28):02d}.{R.randint(1,12):02d}.{y}, Flurstück {R.randint(1,999)}/{R.randint(1,20)}, "
                 f"Gemarkung Lindenau. Gebühr {R.randint(100,3000)},00 EUR. Aktenzeichen {digits(2)}-{digits(4)}-{y}.")
        elif loc == "fr_FR":
            s = (f"Dossier n° {y}-{digits(6)} enregistré le {R.randint(1,28):02d}/{R.randint(1,12):02d}/{y}. Montant : {R.randint(10,999)},{R.randint(0,99):02d} €. "
                 f"Référence cadastrale AB {digits(4)}. Séance du conseil municipal à 18 h 30, salle {R.randint(1,20)}.")
        elif loc == "es_ES":
            s = (f"Expediente {digits(5)}/{y}, registrado el {R.randint(1,28)} de marzo de {y}. Tasa: {R.randint(10,900)},{R.randint(0,99):02d} €. "
                 f"Referencia catastral {digits(7)}VK{digits(4)}S{digits(4)}XY. Pleno ordinario a las 19:00.")
        else:
            s = (f"Case file {y}/{digits(5)} opened {date_str()}. Fee {money()}. Reference {pick('ABCDEFGH')}{digits(7)}. "
                 f"Hearing room {R.randint(1,30)}, {time_str()}.")
    elif kind == 10:
        s = (f"Product code {pick('ABCDEFGH')}{pick('ABCDEFGH')}-{digits(5)}-{digits(2)}, lot {digits(8)}, serial SN{digits(10)}; "
             f"warranty until {date_str()}. Tracking number 1Z{digits(4)}{pick('ABCDEFGH')}{digits(10)}.")
    elif kind == 11:
        s = (f"Traffic count on {pick(STREETS_NONUM)}: {R.randint(1000, 40000):,} vehicles/day, 85th percentile speed {R.randint(20,50)} mph, "
             f"{R.randint(1,30)} collisions in {y}. Signal timing plan {R.randint(1,9)} runs {time_str()}-{time_str()}.")
    elif kind == 12:
        s = (f"The {pick(JOBS)} thanked {pick(ORGS)} and the {pick(PEOPLE_PLACES)} volunteers. The budget amendment (Resolution {y}-{digits(3)}) "
             f"moves {money()} from account {digits(3)}-{digits(4)}-{digits(3)} to capital project CIP-{digits(4)}.")
    else:
        s = (f"Library hours: Mon-Thu {time_str()}-{time_str()}, closed {date_str()}. ISBN 978-{digits(1)}-{digits(3)}-{digits(5)}-{digits(1)}. "
             f"Branch: {pick(PEOPLE_PLACES)} Branch, {pick(STREETS_NONUM)}. Wi-Fi network CityLib-{digits(4)}.")
    return {"text": s, "spans": [], "locale": loc, "source": "nopii"}


def main():
    out = []
    locs = LOCALES
    w = [WEIGHTS[l] for l in locs]
    fns = [t for t, _ in TEMPLATES]
    tw = [x for _, x in TEMPLATES]
    while len(out) < 1500:
        loc = R.choices(locs, w)[0]
        fn = R.choices(fns, tw)[0]
        b = fn(loc)
        d = b.done()
        if d["spans"]:
            out.append(d)
    for _ in range(300):
        out.append(nopii_passage())
    R.shuffle(out)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "heldout.jsonl"), "w", encoding="utf-8") as fh:
        for d in out:
            # re-check
            for s in d["spans"]:
                assert 0 <= s["start"] < s["end"] <= len(d["text"])
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(len(out), "passages")


if __name__ == "__main__":
    main()
