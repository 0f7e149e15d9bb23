"""CAMEO 1.1b3 event codebook: names, QuadClass, pentacode and Goldstein values.

The table (``data/cameo.csv``) holds every code from the 2-digit roots (``"01"``..``"20"``)
to the 4-digit codes (``"0211"``, ``"1822"``).  Codes are always strings with their leading
zeros; the functions here accept looser spellings (see :func:`normalize_code`).

* ``quad_class``: QuadClass -- 1 verbal cooperation (roots 01-05), 2 material cooperation
  (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20); the usual grouping
  (ICEWS, PLOVER), and the one comity's events carry.
* ``gdelt_quad_class``: the QuadClass GDELT actually writes in its event files, which
  differs from ``quad_class`` for two roots: 09 "investigate" is 2 and 14 "protest" is 3
  (GDELT groups roots 01-05, 06-09, 10-14, 15-20).  Use it to check or reproduce GDELT
  rows; comity's own events use ``quad_class``.
* ``pentacode``: ConfliBERT/Parolin pentaclass -- 0 statement (01), 1 verbal cooperation
  (02-05), 2 material cooperation (06-08), 3 verbal conflict (09-13 and 16), 4 material
  conflict (14, 15, 17-20).  Root 16 "reduce relations" is the one root where the two
  schemes part: pentacode 3, QuadClass 4.
* ``goldstein``: the Goldstein (1992) scale value GDELT assigns to each code, -10..+10.
  Root rows carry GDELT's own root values (``"13"`` is -6.0 while ``"130"`` is -4.4).
"""

from __future__ import annotations

import csv
import numbers
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

__all__ = [
    "CameoCode",
    "UnknownCodeError",
    "all_codes",
    "cameo_info",
    "gdelt_quad_class",
    "goldstein",
    "domain",
    "is_cameo_code",
    "lookup",
    "normalize_code",
    "pentacode",
    "quad_class",
    "quad_class_sql",
    "root_codes",
]

#: Names of GDELT's four QuadClasses, by number.
QUAD_CLASS_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

#: Names of the five pentacode classes, by number.
PENTACODE_NAMES = {
    0: "statement",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


class UnknownCodeError(KeyError, ValueError):
    """A code or name that is not in the table (catch it as ``KeyError`` or ``ValueError``)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class CameoCode:
    """One row of the CAMEO codebook."""

    code: str  # "010", "0211", or a root "04"
    name: str
    root: str  # 2-digit root, "01".."20"
    base: str  # 3-digit base code; "" for a root row
    quad_class: int
    gdelt_quad_class: int
    pentacode: int
    goldstein: float

    @property
    def level(self) -> int:
        """2 for a root, 3 for a base code, 4 for a sub-code."""
        return len(self.code)

    @property
    def is_root(self) -> bool:
        return len(self.code) == 2


@lru_cache(maxsize=1)
def _table() -> dict[str, CameoCode]:
    path = files("comity.codes").joinpath("data", "cameo.csv")
    table: dict[str, CameoCode] = {}
    with path.open("r", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            table[row["code"]] = CameoCode(
                code=row["code"],
                name=row["name"],
                root=row["root"],
                base=row["base"],
                quad_class=int(row["quad_class"]),
                gdelt_quad_class=int(row["gdelt_quad_class"]),
                pentacode=int(row["pentacode"]),
                goldstein=float(row["goldstein"]),
            )
    return table


def normalize_code(code: object) -> str:
    """Return the canonical string form of a CAMEO code.

    Raises ``ValueError`` for something that is not a code and :class:`UnknownCodeError`
    (a ``KeyError`` and a ``ValueError``) for a well-formed code CAMEO does not have.

    Accepts strings with or without their leading zero and integers:
    ``"040"``, ``"40"`` and ``40`` give ``"040"``; ``"0211"``, ``"211"`` and ``211`` give
    ``"0211"``; ``"04"`` and ``4`` give the root ``"04"``; ``"10"`` is the root DEMAND.
    A bare integer from 10 to 20 is ambiguous (root ``"10"`` or code ``"010"``, the zero lost
    when a column was read as numbers) and raises ``ValueError``: pass a string.
    """
    if isinstance(code, bool):
        raise ValueError(f"not a CAMEO code: {code!r}")
    if isinstance(code, numbers.Integral):
        n = int(code)
        if 10 <= n <= 20:
            raise ValueError(
                f"ambiguous CAMEO code {n}: pass '{n:02d}' for the root or '{n:03d}' for the code"
            )
        text = str(n)
    elif isinstance(code, float):
        if not code.is_integer():
            raise ValueError(f"not a CAMEO code: {code!r}")
        return normalize_code(int(code))
    elif isinstance(code, str):
        text = code.strip()
    else:
        raise ValueError(f"not a CAMEO code: {code!r}")
    if not text.isdigit() or not 1 <= len(text) <= 4:
        raise ValueError(f"not a CAMEO code: {code!r}")
    table = _table()
    if text in table:
        return text
    padded = "0" + text
    if len(padded) <= 4 and padded in table:
        return padded
    raise UnknownCodeError(f"unknown CAMEO code {code!r} (not in the CAMEO 1.1b3 codebook)")


def is_cameo_code(code: object) -> bool:
    """True when ``code`` names a CAMEO code (in any spelling ``normalize_code`` accepts)."""
    try:
        normalize_code(code)
    except ValueError:
        return False
    return True


def cameo_info(code: object) -> CameoCode:
    """The codebook row for ``code`` (``"042"``, ``42``, ``"0211"``, root ``"04"``)."""
    return _table()[normalize_code(code)]


def quad_class(code: object) -> int:
    """GDELT QuadClass (1-4) of a CAMEO code."""
    return cameo_info(code).quad_class


def gdelt_quad_class(code: object) -> int:
    """QuadClass as GDELT files carry it (09 -> 2, 14 -> 3; otherwise as ``quad_class``)."""
    return cameo_info(code).gdelt_quad_class


def pentacode(code: object) -> int:
    """Pentacode (0-4) of a CAMEO code."""
    return cameo_info(code).pentacode


def goldstein(code: object) -> float:
    """Goldstein scale value (-10..+10) GDELT uses for a CAMEO code."""
    return cameo_info(code).goldstein


def all_codes(include_roots: bool = True) -> list[CameoCode]:
    """Every codebook row, in codebook order (roots first within their block)."""
    rows = list(_table().values())
    return rows if include_roots else [r for r in rows if not r.is_root]


def root_codes() -> list[CameoCode]:
    """The twenty root rows, ``"01"``..``"20"``."""
    return [r for r in _table().values() if r.is_root]


def lookup(code: object) -> CameoCode | None:
    """The codebook row for ``code``, or None when it is not a CAMEO code."""
    try:
        return cameo_info(code)
    except (KeyError, ValueError):
        return None


#: CAMEO prefix -> comity domain (longest prefix wins); see docs/analysis.md.  Dataset
#: rows (GDELT, ICEWS, ACLED) get their domain from their CAMEO code through this table.
DOMAIN_BY_PREFIX: dict[str, str] = {
    "04": "diplomacy", "05": "diplomacy", "057": "diplomacy", "161": "diplomacy",
    "164": "diplomacy", "165": "diplomacy", "166": "diplomacy",
    "0211": "trade", "0311": "trade", "061": "trade", "085": "trade", "1011": "trade",
    "1211": "trade", "163": "trade", "1312": "trade", "1031": "trade",
    "0231": "finance", "0331": "finance", "071": "finance", "1621": "finance",
    "1311": "finance", "0841": "finance",
    "0212": "military", "0312": "military", "0232": "military", "0332": "military",
    "0234": "military", "0334": "military", "062": "military", "072": "military",
    "074": "military", "087": "military", "0861": "military", "1012": "military",
    "1622": "military", "138": "military", "15": "military", "19": "military",
    "20": "military", "0874": "military",
    "0213": "security", "0214": "security", "0313": "security", "0314": "security",
    "063": "security", "064": "security", "172": "security", "173": "security",
    "175": "security", "18": "security",
    "073": "health", "0233": "health", "0333": "health",
    "075": "migration", "174": "migration", "0256": "migration", "0356": "migration",
}


def domain(code: str) -> str | None:
    """The comity domain a CAMEO code implies (longest matching prefix), or None."""
    for n in range(len(code), 1, -1):
        d = DOMAIN_BY_PREFIX.get(code[:n])
        if d:
            return d
    return None


def quad_class_sql(root_column: str) -> str:
    """A SQL CASE giving comity's QuadClass from a column of two-digit CAMEO root codes,
    built from the codebook (so SQL and Python never disagree)."""
    groups: dict[int, list[str]] = {}
    for c in root_codes():
        groups.setdefault(c.quad_class, []).append(repr(c.code))
    whens = " ".join(f"WHEN {root_column} IN ({', '.join(codes)}) THEN {q}"
                     for q, codes in sorted(groups.items()))
    return f"CASE {whens} END"
