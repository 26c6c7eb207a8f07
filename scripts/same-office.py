#!/usr/bin/env python3
"""Compares what an office held before and after an upgrade (scripts/package-test).

    same-office.py BEFORE AFTER

Each file is the stream of JSON documents scripts/package-test's `snapshot` wrote: `disclose
--json docs`, `show --doc N` for every record (its text, dispositions and redactions), and
`approval`. Every value the older version printed must be printed alike by the newer one;
fields only the newer version prints are new, not changes, and are left out.
"""

import json
import sys


def documents(path):
    text, at, out = open(path, encoding="utf-8").read(), 0, []
    decoder = json.JSONDecoder()
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at == len(text):
            return out
        value, at = decoder.raw_decode(text, at)
        out.append(value)


def compare(a, b, where, differences, counted):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in a:
            if key in b:
                compare(a[key], b[key], f"{where}.{key}", differences, counted)
            else:
                differences.append(f"{where}.{key}: gone after the upgrade")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            differences.append(f"{where}: {len(a)} items before, {len(b)} after")
        for i, (x, y) in enumerate(zip(a, b)):
            compare(x, y, f"{where}[{i}]", differences, counted)
    else:
        counted[0] += 1
        if a != b:
            differences.append(f"{where}: {a!r} before, {b!r} after")


def main():
    before, after = documents(sys.argv[1]), documents(sys.argv[2])
    if len(before) != len(after):
        raise SystemExit(f"same-office: {len(before)} documents before, {len(after)} after")
    differences, counted = [], [0]
    compare(before, after, "office", differences, counted)
    if differences:
        for d in differences[:40]:
            print(f"same-office: {d}", file=sys.stderr)
        raise SystemExit(f"same-office: {len(differences)} differences")
    records = len(before[0]) if before and isinstance(before[0], list) else "?"
    redactions = sum(
        len(d.get("redactions", [])) for d in before if isinstance(d, dict)
    )
    print(
        f"package-test: the same office after the upgrade: {records} records, "
        f"{redactions} redactions, the approval; {counted[0]} values compared",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
