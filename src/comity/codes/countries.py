"""Country code tables: ISO 3166, Correlates of War, FIPS 10-4 (GDELT geography), CAMEO.

Reads the shipped CSVs in ``codes/data`` (built by ``build_countries.py``); no
conversion library is needed at run time.

    >>> convert("PK", to="iso3")            # ISO alpha-2 by default
    'PAK'
    >>> convert("PK", to="iso3", from_="fips")
    'PAK'
    >>> convert("AS", to="iso3", from_="fips")   # FIPS AS is Australia ...
    'AUS'
    >>> convert("AS", to="iso3")                 # ... ISO AS is American Samoa
    'ASM'
    >>> iso3_from_cameo("ROM")
    'ROU'

Schemes: ``iso3``, ``iso2``, ``iso_numeric`` (alias ``numeric``), ``cow`` (COW number),
``cow_letter``, ``fips``, ``cameo``, ``name``.  Without ``from_``, :func:`convert` tries
ISO3, then ISO2, then names, and never FIPS, COW letters or CAMEO (their codes clash with
ISO codes).  Digits without ``from_`` raise ``ValueError``: ISO numeric and COW numbers
overlap.
"""

from __future__ import annotations

import csv
import os
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "CAMEO_REGIONS",
    "CAMEO_TO_ISO3",
    "FIPS_TO_ISO3",
    "ISO2_TO_ISO3",
    "Country",
    "all_countries",
    "cameo_region",
    "convert",
    "country",
    "iso3_from_cameo",
    "iso3_from_fips",
    "states",
]

_DATA = os.path.join(os.path.dirname(__file__), "data")

FROM_SCHEMES = ("iso3", "iso2", "iso_numeric", "cow", "cow_letter", "fips", "cameo", "name")
TO_SCHEMES = ("iso3", "iso2", "iso_numeric", "cow", "cow_letter", "fips", "cameo", "name",
              "official_name")
_SCHEME_ALIASES = {"numeric": "iso_numeric", "cow_num": "cow", "alpha3": "iso3",
                   "alpha2": "iso2", "alpha_3": "iso3", "alpha_2": "iso2"}


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    iso_numeric: str  # three digits, zero-padded ("004"); "" where none (Kosovo)
    cow: int | None  # Correlates of War state number
    cow_letter: str
    fips: str  # FIPS 10-4 / GEC, as used by GDELT geography
    cameo: str  # CAMEO / GDELT actor country code
    name: str
    official_name: str
    un_member: bool
    state: bool  # UN member or observer, Taiwan, Kosovo; False for territories
    aliases: tuple[str, ...] = field(default=(), repr=False)
    note: str = field(default="", repr=False)


def _norm(s: str) -> str:
    """Lower-case, accent-free, punctuation-light form used for name look-up."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = s.replace("&", " and ")
    s = "".join(ch if ch.isalnum() else (" " if ch in " -,/()" else "") for ch in s)
    s = " ".join(s.split())
    return s[4:] if s.startswith("the ") else s


def _read(name: str) -> list[dict[str, str]]:
    with open(os.path.join(_DATA, name), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _load() -> tuple[dict[str, Country], dict[str, dict[str, str]], dict[str, tuple[str, str, str]],
                     dict[str, str]]:
    by_iso3: dict[str, Country] = {}
    for r in _read("countries.csv"):
        c = Country(
            iso3=r["iso3"], iso2=r["iso2"], iso_numeric=r["iso_numeric"],
            cow=int(r["cow_num"]) if r["cow_num"] else None, cow_letter=r["cow_letter"],
            fips=r["fips"], cameo=r["cameo"], name=r["name"], official_name=r["official_name"],
            un_member=r["un_member"] == "1", state=r["state"] == "1",
            aliases=tuple(a for a in r["aliases"].split("|") if a), note=r["note"],
        )
        by_iso3[c.iso3] = c
    idx: dict[str, dict[str, str]] = {s: {} for s in FROM_SCHEMES}
    for c in by_iso3.values():
        idx["iso3"][c.iso3] = c.iso3
        if c.iso2:
            idx["iso2"][c.iso2] = c.iso3
        if c.iso_numeric:
            idx["iso_numeric"][str(int(c.iso_numeric))] = c.iso3
        if c.cow is not None:
            idx["cow"][str(c.cow)] = c.iso3
        if c.cow_letter:
            idx["cow_letter"][c.cow_letter] = c.iso3
        if c.fips:
            idx["fips"][c.fips] = c.iso3
        if c.cameo:
            idx["cameo"][c.cameo] = c.iso3
        for a in (c.name, c.official_name, *c.aliases):
            idx["name"].setdefault(_norm(a), c.iso3)
    idx["iso2"].update({"UK": "GBR", "EL": "GRC"})  # common non-ISO two-letter codes
    for r in _read("countries_fips_extra.csv"):
        idx["fips"].setdefault(r["fips"], r["iso3"])
    regions = {r["code"]: (r["name"], r["kind"], r["iso3"])
               for r in _read("countries_cameo_regions.csv")}
    cameo = dict(idx["cameo"])
    # CAMEO codes are ISO3-based: an ISO3 with no listed CAMEO code (South Sudan, Kosovo,
    # Hong Kong, ...) is accepted as itself.
    for iso3 in by_iso3:
        cameo.setdefault(iso3, iso3)
    for code, (_name, _kind, iso3) in regions.items():
        if iso3:
            cameo.setdefault(code, iso3)
    idx["cameo"] = cameo
    return by_iso3, idx, regions, cameo


_BY_ISO3, _INDEX, CAMEO_REGIONS_FULL, _CAMEO = _load()

#: FIPS 10-4 / GEC code -> ISO3 (includes sub-entity codes such as GZ Gaza Strip -> PSE).
FIPS_TO_ISO3: dict[str, str] = _INDEX["fips"]
#: CAMEO / GDELT actor country code -> ISO3 (ROM -> ROU, TMP -> TLS, WSB/GZS -> PSE, ...).
#: CAMEO regions (AFR, MEA, WST, ...) are not in it: see :data:`CAMEO_REGIONS`.
CAMEO_TO_ISO3: dict[str, str] = _CAMEO
#: ISO alpha-2 -> ISO3 (plus UK -> GBR, EL -> GRC).
ISO2_TO_ISO3: dict[str, str] = _INDEX["iso2"]
#: CAMEO region codes that are not countries: code -> name (AFR Africa, MEA Middle East, ...).
CAMEO_REGIONS: dict[str, str] = {k: v[0] for k, v in CAMEO_REGIONS_FULL.items() if v[1] == "region"}


def iso3_from_fips(code: str | None) -> str | None:
    """ISO3 for a FIPS 10-4 country code (GDELT ``*Geo_CountryCode``), or None."""
    if not code:
        return None
    r = FIPS_TO_ISO3.get(code)
    return r if r is not None else FIPS_TO_ISO3.get(code.strip().upper())


def iso3_from_cameo(code: str | None) -> str | None:
    """ISO3 for a CAMEO country code (GDELT ``Actor*CountryCode``); None for regions."""
    if not code:
        return None
    r = CAMEO_TO_ISO3.get(code)
    return r if r is not None else CAMEO_TO_ISO3.get(code.strip().upper())


def cameo_region(code: str) -> str | None:
    """Name of a CAMEO region code (``"MEA"`` -> ``"Middle East"``), or None."""
    return CAMEO_REGIONS.get(code.strip().upper()) if code else None


def _lookup(value: str, scheme: str) -> str | None:
    if scheme == "name":
        return _INDEX["name"].get(_norm(value))
    v = value.strip().upper()
    if scheme in ("iso_numeric", "cow"):
        if not v.isdigit():
            return None
        v = str(int(v))
    if scheme == "cameo":
        return iso3_from_cameo(v)
    return _INDEX[scheme].get(v)


def _resolve(value: str | int, from_: str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, int):
        value = str(value)
    value = value.strip()
    if not value:
        return None
    if from_ is not None:
        scheme = _SCHEME_ALIASES.get(from_, from_)
        if scheme not in FROM_SCHEMES:
            raise ValueError(f"unknown scheme {from_!r}; one of {FROM_SCHEMES}")
        return _lookup(value, scheme)
    if value.isdigit():
        raise ValueError(
            f"{value!r} is ambiguous (ISO numeric or COW number): pass from_='iso_numeric' "
            "or from_='cow'"
        )
    if len(value) == 3 and value.isalpha():
        r = _INDEX["iso3"].get(value.upper())
        if r:
            return r
    if len(value) == 2 and value.isalpha():
        r = _INDEX["iso2"].get(value.upper())
        if r:
            return r
    return _INDEX["name"].get(_norm(value))


def convert(value: str | int, to: str = "iso3", from_: str | None = None) -> str | None:
    """Convert a country code or name to another scheme; None when unknown or absent.

    ``to``: iso3 | iso2 | iso_numeric | cow | cow_letter | fips | cameo | name | official_name.
    ``from_``: the input's scheme; required for FIPS, CAMEO, COW and numeric input.
    """
    to = _SCHEME_ALIASES.get(to, to)
    if to not in TO_SCHEMES:
        raise ValueError(f"unknown target scheme {to!r}; one of {TO_SCHEMES}")
    iso3 = _resolve(value, from_)
    if iso3 is None:
        return None
    c = _BY_ISO3[iso3]
    if to == "cow":
        return str(c.cow) if c.cow is not None else None
    out = getattr(c, to)
    return out or None


def country(value: str | int, from_: str | None = None) -> Country | None:
    """The :class:`Country` record for a code or name (same rules as :func:`convert`)."""
    iso3 = _resolve(value, from_)
    return _BY_ISO3.get(iso3) if iso3 else None


def all_countries(states_only: bool = False) -> list[Country]:
    """Every entity in the table (states and territories), sorted by ISO3."""
    return [c for c in _BY_ISO3.values() if c.state or not states_only]


def states() -> list[Country]:
    """UN members and observers, Taiwan and Kosovo."""
    return all_countries(states_only=True)
