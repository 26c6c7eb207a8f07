#!/usr/bin/env python3
"""Builds the name and word lists of `src/detect/names.rs` from registry packages.

Run from this folder with the unpacked packages' files (see README.md for where each
comes from):

    python3 build_names.py CENSUS_DIR NAM_DICT CSPELL_NAMES SCOWL_DIR

CENSUS_DIR holds dist.all.last, dist.female.first, dist.male.first (PyPI `names` 0.3.0);
NAM_DICT is gender_guesser/data/nam_dict.txt (PyPI `gender-guesser` 0.4.0); CSPELL_NAMES
is dict/people-names.txt (npm `@cspell/dict-people-names` 1.1.16); SCOWL_DIR is
/usr/share/dict/scowl of Debian's `scowl` 2020.12.07-2.

Writes given.txt, family.txt, other_names.txt (lowercase, one a line, sorted) and
words.txt ("word level", level 1 = among the most common English words (SCOWL 10),
2 = common (SCOWL 20-35), 3 = less common (SCOWL 40-50)). A word that is also one of the
most frequent US given names (rank <= TOP_GIVEN) or surnames (rank <= TOP_FAMILY) is left
out of words.txt unless it is level 1 ("smith" and "john" are names first; "will" and
"white" stay ambiguous).
"""
import os
import sys
import unicodedata

TOP_GIVEN = 1000
TOP_FAMILY = 5000


def census(path):
    out = []
    for line in open(path, encoding="ascii"):
        parts = line.split()
        if parts:
            out.append(parts[0].lower())
    return out  # in frequency order


def nam_dict(path):
    names = set()
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or line.startswith("="):
            continue
        name = line[3:29].strip()
        if not name:
            continue
        name = unicodedata.normalize("NFC", name.lower())
        if "+" in name:
            parts = [p for p in name.split("+") if p]
            names.update(parts)
            names.add("".join(parts))
        else:
            names.add(name.replace(" ", ""))
    return names


def plain(w):
    return all(c.isalpha() or c in "'-" for c in w) and len(w) >= 2


def main():
    census_dir, nam, cspell, scowl = sys.argv[1:5]
    last = census(os.path.join(census_dir, "dist.all.last"))
    female = census(os.path.join(census_dir, "dist.female.first"))
    male = census(os.path.join(census_dir, "dist.male.first"))
    given = set(female) | set(male) | nam_dict(nam)
    family = set(last)
    other = set()
    for line in open(cspell, encoding="utf-8"):
        w = line.strip()
        if not w or w.startswith("#"):
            continue
        w = unicodedata.normalize("NFC", w.lower())
        if w not in given and w not in family:
            other.add(w)
    top = set(female[:TOP_GIVEN]) | set(male[:TOP_GIVEN]) | set(last[:TOP_FAMILY])
    level = {}
    for lv, sizes in ((1, ["10"]), (2, ["20", "35"]), (3, ["40", "50"])):
        for size in sizes:
            for variant in ("english", "american"):
                p = os.path.join(scowl, f"{variant}-words.{size}")
                for line in open(p, encoding="latin-1"):
                    w = line.strip()
                    if w and w == w.lower() and "'" not in w:
                        level.setdefault(w, lv)
    words = {w: lv for w, lv in level.items() if lv == 1 or w not in top}
    for name, data in (("given.txt", given), ("family.txt", family), ("other_names.txt", other)):
        with open(name, "w", encoding="utf-8") as f:
            for w in sorted(x for x in data if plain(x)):
                f.write(w + "\n")
    with open("words.txt", "w", encoding="utf-8") as f:
        for w in sorted(words):
            f.write(f"{w} {words[w]}\n")


if __name__ == "__main__":
    main()
