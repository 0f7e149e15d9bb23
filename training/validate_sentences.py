#!/usr/bin/env python3
"""Validate comity's labelled training sentences (training/sentences/*.jsonl).

Usage:
    python training/validate_sentences.py [FILES_OR_DIRS ...] [--report] [--coverage]

Every line must be a JSON object with keys text, plover_type, pentacode,
status, domains and optionally mode, with values in the allowed label sets.
On the first bad record the script exits with status 1 and a one-line
message ``FILE:LINE: reason``.  ``--report`` prints counts per label;
``--coverage`` additionally fails (exit 2) if the minimum counts required
for the training set are not met.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID",
                "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST",
                "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "NONE"}
STATUSES = {"asserted", "intended", "hypothetical", "negated", "assessment"}
DOMAINS = {"security", "energy", "trade", "finance", "culture", "diplomacy",
           "military", "health", "technology", "environment", "migration"}
REQUIRED = {"text", "plover_type", "pentacode", "status", "domains"}
OPTIONAL = {"mode"}
MIN_WORDS, MAX_WORDS = 4, 60

# minimum counts checked by --coverage
MIN_TOTAL, MIN_PER_TYPE, MIN_NONE, MIN_PER_STATUS = 3500, 150, 300, 250

# country names / demonyms used to estimate how many states are covered
COUNTRIES = {
 "Afghanistan": "Afghan", "Albania": "Albanian", "Algeria": "Algerian", "Angola": "Angolan",
 "Argentina": "Argentine|Argentinian", "Armenia": "Armenian", "Australia": "Australian", "Austria": "Austrian",
 "Azerbaijan": "Azerbaijani|Azeri", "Bahrain": "Bahraini", "Bangladesh": "Bangladeshi",
 "Belarus": "Belarusian", "Belgium": "Belgian", "Benin": "Beninese", "Bolivia": "Bolivian",
 "Bosnia": "Bosnian", "Botswana": "Botswanan|Motswana", "Brazil": "Brazilian", "Bulgaria": "Bulgarian",
 "Burkina Faso": "Burkinabe", "Burundi": "Burundian", "Cambodia": "Cambodian", "Cameroon": "Cameroonian",
 "Canada": "Canadian", "Central African Republic": "Central African", "Chad": "Chadian", "Chile": "Chilean",
 "China": "Chinese", "Colombia": "Colombian", "Congo": "Congolese", "Costa Rica": "Costa Rican",
 "Croatia": "Croatian", "Cuba": "Cuban", "Cyprus": "Cypriot", "Czech": "Czech",
 "Denmark": "Danish", "Djibouti": "Djiboutian", "Dominican Republic": "Dominican",
 "Ecuador": "Ecuadorian|Ecuadorean", "Egypt": "Egyptian", "El Salvador": "Salvadoran", "Eritrea": "Eritrean",
 "Estonia": "Estonian", "Ethiopia": "Ethiopian", "Fiji": "Fijian", "Finland": "Finnish", "France": "French",
 "Gabon": "Gabonese", "Gambia": "Gambian", "Georgia": "Georgian", "Germany": "German", "Ghana": "Ghanaian",
 "Greece": "Greek", "Guatemala": "Guatemalan", "Guinea": "Guinean", "Guyana": "Guyanese", "Haiti": "Haitian",
 "Honduras": "Honduran", "Hungary": "Hungarian", "Iceland": "Icelandic", "India": "Indian",
 "Indonesia": "Indonesian", "Iran": "Iranian", "Iraq": "Iraqi", "Ireland": "Irish", "Israel": "Israeli",
 "Italy": "Italian", "Ivory Coast|Côte d'Ivoire": "Ivorian", "Jamaica": "Jamaican", "Japan": "Japanese",
 "Jordan": "Jordanian", "Kazakhstan": "Kazakh", "Kenya": "Kenyan", "Kosovo": "Kosovar", "Kuwait": "Kuwaiti",
 "Kyrgyzstan": "Kyrgyz", "Laos": "Lao|Laotian", "Latvia": "Latvian", "Lebanon": "Lebanese",
 "Lesotho": "Basotho", "Liberia": "Liberian", "Libya": "Libyan", "Lithuania": "Lithuanian",
 "Madagascar": "Malagasy", "Malawi": "Malawian", "Malaysia": "Malaysian", "Maldives": "Maldivian",
 "Mali": "Malian", "Mauritania": "Mauritanian", "Mexico": "Mexican", "Moldova": "Moldovan",
 "Mongolia": "Mongolian", "Montenegro": "Montenegrin", "Morocco": "Moroccan", "Mozambique": "Mozambican",
 "Myanmar": "Myanmar|Burmese", "Namibia": "Namibian", "Nepal": "Nepali|Nepalese", "Netherlands": "Dutch",
 "New Zealand": "New Zealander", "Nicaragua": "Nicaraguan", "Niger": "Nigerien", "Nigeria": "Nigerian",
 "North Korea|Pyongyang": "North Korean", "North Macedonia": "Macedonian", "Norway": "Norwegian",
 "Oman": "Omani", "Pakistan": "Pakistani", "Panama": "Panamanian", "Papua New Guinea": "Papua New Guinean",
 "Paraguay": "Paraguayan", "Peru": "Peruvian", "Philippines|Manila": "Filipino|Philippine", "Poland": "Polish",
 "Portugal": "Portuguese", "Qatar": "Qatari", "Romania": "Romanian", "Russia|Moscow|Kremlin": "Russian",
 "Rwanda": "Rwandan", "Samoa": "Samoan", "Saudi Arabia|Riyadh": "Saudi", "Senegal": "Senegalese",
 "Serbia": "Serbian", "Sierra Leone": "Sierra Leonean", "Singapore": "Singaporean", "Slovakia": "Slovak",
 "Slovenia": "Slovenian", "Solomon Islands": "Solomon Islander", "Somalia": "Somali",
 "South Africa|Pretoria": "South African", "South Korea|Seoul": "South Korean", "South Sudan|Juba": "South Sudanese",
 "Spain": "Spanish", "Sri Lanka": "Sri Lankan", "Sudan|Khartoum": "Sudanese", "Sweden": "Swedish",
 "Switzerland": "Swiss", "Syria": "Syrian", "Taiwan": "Taiwanese", "Tajikistan": "Tajik",
 "Tanzania": "Tanzanian", "Thailand": "Thai", "Timor-Leste": "Timorese", "Togo": "Togolese",
 "Tonga": "Tongan", "Trinidad": "Trinidadian", "Tunisia": "Tunisian", "Turkey|Türkiye|Ankara": "Turkish",
 "Turkmenistan": "Turkmen", "Uganda": "Ugandan", "Ukraine|Kyiv": "Ukrainian", "United Arab Emirates|UAE": "Emirati",
 "United Kingdom|Britain|London": "British", "United States|Washington|U.S.|US": "American",
 "Uruguay": "Uruguayan", "Uzbekistan": "Uzbek", "Vanuatu": "Vanuatuan", "Venezuela": "Venezuelan",
 "Vietnam|Viet Nam|Hanoi": "Vietnamese", "Yemen": "Yemeni", "Zambia": "Zambian", "Zimbabwe": "Zimbabwean",
}


def _country_patterns():
    """(canonical name, alternative) pairs, longest alternative first, so that
    e.g. 'Papua New Guinea' is consumed before 'Guinea' and 'Nigeria' before 'Niger'."""
    pairs = []
    for names, demonyms in COUNTRIES.items():
        for alt in names.split("|") + demonyms.split("|"):
            pairs.append((names.split("|")[0], alt.strip()))
    pairs.sort(key=lambda p: -len(p[1]))
    return [(c, re.compile(r"(?<![A-Za-z])" + re.escape(a) + r"(?![a-z])")) for c, a in pairs]


def countries_in(texts) -> set[str]:
    pats = _country_patterns()
    found: set[str] = set()
    for t in texts:
        for country, pat in pats:
            if pat.search(t):
                found.add(country)
                t = pat.sub("#", t)
    return found


def fail(where: str, msg: str, code: int = 1) -> None:
    print(f"{where}: {msg}")
    sys.exit(code)


def check_record(obj, where: str) -> None:
    if not isinstance(obj, dict):
        fail(where, "record is not a JSON object")
    missing = REQUIRED - obj.keys()
    if missing:
        fail(where, f"missing key(s) {sorted(missing)}")
    extra = obj.keys() - REQUIRED - OPTIONAL
    if extra:
        fail(where, f"unexpected key(s) {sorted(extra)}")
    text = obj["text"]
    if not isinstance(text, str) or not text.strip():
        fail(where, "text must be a non-empty string")
    if text != text.strip() or "\n" in text:
        fail(where, "text has surrounding whitespace or a newline")
    nwords = len(text.split())
    if not MIN_WORDS <= nwords <= MAX_WORDS:
        fail(where, f"text has {nwords} words (allowed {MIN_WORDS}-{MAX_WORDS})")
    if obj["plover_type"] not in PLOVER_TYPES:
        fail(where, f"unknown plover_type {obj['plover_type']!r}")
    p = obj["pentacode"]
    if isinstance(p, bool) or not isinstance(p, int) or not 0 <= p <= 4:
        fail(where, f"pentacode must be an integer 0-4, got {p!r}")
    if obj["plover_type"] == "NONE" and p != 0:
        fail(where, "NONE sentences must have pentacode 0")
    if obj["status"] not in STATUSES:
        fail(where, f"unknown status {obj['status']!r}")
    doms = obj["domains"]
    if not isinstance(doms, list):
        fail(where, "domains must be a list")
    for d in doms:
        if d not in DOMAINS:
            fail(where, f"unknown domain {d!r}")
    if len(set(doms)) != len(doms):
        fail(where, "duplicate domain")
    if "mode" in obj and (not isinstance(obj["mode"], str) or not obj["mode"].strip()):
        fail(where, "mode, when present, must be a non-empty string")


def collect(args: list[str]) -> list[Path]:
    if not args:
        args = [str(Path(__file__).resolve().parent / "sentences")]
    files: list[Path] = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            files.extend(sorted(p.glob("*.jsonl")))
        elif p.is_file():
            files.append(p)
        else:
            fail(a, "no such file or directory")
    if not files:
        fail(args[0], "no .jsonl files found")
    return files


def main(argv: list[str]) -> int:
    report = "--report" in argv or "--coverage" in argv
    coverage = "--coverage" in argv
    files = collect([a for a in argv if not a.startswith("--")])
    records, seen = [], {}
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                where = f"{f}:{n}"
                if not line.strip():
                    fail(where, "blank line")
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    fail(where, f"invalid JSON ({e.msg})")
                check_record(obj, where)
                key = " ".join(obj["text"].lower().split())
                if key in seen:
                    fail(where, f"duplicate text (first at {seen[key]})")
                seen[key] = where
                records.append(obj)
    if report:
        by = lambda k: Counter(r[k] for r in records)
        print(f"total: {len(records)} records in {len(files)} files")
        for name, c in (("plover_type", by("plover_type")), ("pentacode", by("pentacode")),
                        ("status", by("status"))):
            print(f"\n{name}:")
            for k, v in sorted(c.items(), key=lambda kv: str(kv[0])):
                print(f"  {k}: {v}")
        dc = Counter(d for r in records for d in r["domains"])
        print("\ndomains:")
        for k in sorted(DOMAINS):
            print(f"  {k}: {dc.get(k, 0)}")
        print(f"  (no domain): {sum(1 for r in records if not r['domains'])}")
        found = countries_in(r["text"] for r in records)
        print(f"\ncountries mentioned (by name or demonym): {len(found)}")
        lens = [len(r["text"].split()) for r in records]
        print(f"words per sentence: min {min(lens)}, max {max(lens)}, mean {sum(lens)/len(lens):.1f}")
    if coverage:
        c = Counter(r["plover_type"] for r in records)
        s = Counter(r["status"] for r in records)
        if len(records) < MIN_TOTAL:
            fail("coverage", f"only {len(records)} records (< {MIN_TOTAL})", 2)
        for t in PLOVER_TYPES:
            need = MIN_NONE if t == "NONE" else MIN_PER_TYPE
            if c[t] < need:
                fail("coverage", f"{t} has {c[t]} records (< {need})", 2)
        for st in STATUSES:
            if s[st] < MIN_PER_STATUS:
                fail("coverage", f"status {st} has {s[st]} records (< {MIN_PER_STATUS})", 2)
    if not report:
        print(f"ok: {len(records)} records in {len(files)} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
