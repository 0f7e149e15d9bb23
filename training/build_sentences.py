#!/usr/bin/env python3
"""Convert the hand-written compact source files (training/src/*.txt) into
training/sentences/*.jsonl.

Source format (one sentence per line, written by hand by the comity team):

    @ TYPE PENTACODE          block header: sets plover_type and default pentacode
    STATUS|DOMAINS|MODE|TEXT  one labelled sentence

STATUS is one letter (a=asserted, i=intended, h=hypothetical, n=negated,
o=assessment), optionally prefixed by a digit that overrides the block
pentacode (e.g. ``1i``).  DOMAINS is a comma-separated list of short codes
(see DOMAIN_CODES), possibly empty.  MODE may be empty.  Lines starting with
``#`` and blank lines are ignored.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
OUT = HERE / "sentences"

STATUS_CODES = {"a": "asserted", "i": "intended", "h": "hypothetical",
                "n": "negated", "o": "assessment"}
DOMAIN_CODES = {"sec": "security", "en": "energy", "tr": "trade", "fin": "finance",
                "cul": "culture", "dip": "diplomacy", "mil": "military",
                "hl": "health", "tec": "technology", "env": "environment",
                "mig": "migration"}


def convert(path: Path) -> list[dict]:
    records: list[dict] = []
    ptype, penta = None, None
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path.name}:{n}"
        if line.startswith("@"):
            parts = line[1:].split()
            if len(parts) != 2:
                sys.exit(f"{where}: bad header {line!r}")
            ptype, penta = parts[0], int(parts[1])
            continue
        if ptype is None:
            sys.exit(f"{where}: sentence before any '@ TYPE PENTA' header")
        fields = line.split("|", 3)
        if len(fields) != 4:
            sys.exit(f"{where}: expected STATUS|DOMAINS|MODE|TEXT")
        st, doms, mode, text = (f.strip() for f in fields)
        p = penta
        if st[:1].isdigit():
            p, st = int(st[0]), st[1:]
        if st not in STATUS_CODES:
            sys.exit(f"{where}: unknown status code {st!r}")
        dom_list = []
        for d in filter(None, (x.strip() for x in doms.split(","))):
            if d not in DOMAIN_CODES:
                sys.exit(f"{where}: unknown domain code {d!r}")
            dom_list.append(DOMAIN_CODES[d])
        rec = {"text": text, "plover_type": ptype, "pentacode": p,
               "status": STATUS_CODES[st], "domains": dom_list}
        if mode:
            rec["mode"] = mode
        records.append(rec)
    return records


def main() -> int:
    OUT.mkdir(exist_ok=True)
    total = 0
    for path in sorted(SRC.glob("*.txt")):
        recs = convert(path)
        out = OUT / (path.stem + ".jsonl")
        with out.open("w", encoding="utf-8") as fh:
            for r in recs:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        total += len(recs)
        print(f"{out.relative_to(HERE)}: {len(recs)}")
    print(f"total: {total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
