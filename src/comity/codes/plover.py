"""PLOVER 2.0 event types, modes and contexts, and their crosswalks to CAMEO.

Tables (package data):

* ``data/plover.yaml``: the 16 types with quad class, definition and modes; the context
  list; legacy type names (DEMAND, DISAPPROVE, INVESTIGATE, FIGHT).
* ``data/cameo_plover.csv``: CAMEO -> PLOVER for every CAMEO code (roots included).
* ``data/plover_cameo.csv``: PLOVER -> representative CAMEO code, used by :func:`cameo_for`.

The CAMEO -> PLOVER table is comity's own, written from the PLOVER definitions and checked
against the PLOVER project's CAMEO2PLOVER-2021 table (``tests/test_codes_events.py``
measures the agreement on event type).  Deliberate differences from that table:

* 01 (statements) and 02 (appeals) are mapped; the published table leaves them out.
  Appeals are requests (PLOVER 2.0 renamed DEMAND to REQUEST to take them in); statements
  go to the nearest type by sense: 010/013/017/018 SUPPORT, 014/019 AGREE, 015 CONCEDE,
  011/016 REJECT, 012 ACCUSE.
* 057 sign formal agreement -> AGREE (published: SUPPORT): comity codes concluded and
  signed agreements as AGREE, and AGREE's representative CAMEO code is 057.
* 055 apologize -> CONCEDE (published: SUPPORT): the PLOVER manual puts expressions of
  regret under CONCEDE.
* 0813/0814 ease curfew / state of emergency -> CONCEDE (published: RETREAT): the PLOVER
  manual lists lifting curfews among CONCEDE's verbal concessions, as for 081/0811/0812.
* 116 find guilty or liable -> SANCTION/convict (published: ACCUSE): the manual moved
  court rulings to SANCTION.
* 163 impose embargo, boycott or sanctions -> SANCTION (published: COERCE): SANCTION's
  definition names embargoes and sanctions.
* Modes and contexts are normalised to the lists in ``plover.yaml`` (for example 043 host
  a visit -> CONSULT/host, 195 aerial weapons -> ASSAULT/aerial, 143 -> PROTEST/strike).

Where a CAMEO code's QuadClass and its PLOVER type's quad class differ (statements 011,
012 and 016, the 02 appeals, 116, and the verbal half of YIELD, 080-083, which PLOVER calls
CONCEDE, a verbal-cooperation type), the CAMEO fields describe the CAMEO code and
:func:`quad_class_of_type` gives the PLOVER view.  Note that the representative code for
REQUEST is the appeal 020 (QuadClass 1, Goldstein 3.0); an extractor that knows it saw a
demand rather than an appeal should pass the 10x code itself.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import NamedTuple

import yaml

from comity.codes.cameo import UnknownCodeError, cameo_info, normalize_code

__all__ = [
    "PLOVER_TYPES",
    "PloverMapping",
    "PloverType",
    "cameo_for",
    "codes_for",
    "contexts",
    "legacy_names",
    "modes",
    "normalize_context",
    "normalize_mode",
    "normalize_type",
    "plover_from_cameo",
    "plover_type_info",
    "quad_class_of_type",
]

#: The 16 PLOVER 2.0 event types, cooperation to conflict.
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


#: The public name of the type list: ``comity.codes.plover.TYPES``.
TYPES = PLOVER_TYPES

#: PLOVER context -> comity domain (POLECAT rows carry contexts, comity's events domains).
CONTEXT_DOMAINS: dict[str, str] = {
    "economic": "trade", "resource": "energy", "military": "military",
    "peacekeeping": "military", "cbrn": "military", "intelligence": "security",
    "terrorism": "security", "crime": "security", "cyber": "technology",
    "diplomatic": "diplomacy", "humanitarian": "health", "disease": "health",
    "migration": "migration", "environment": "environment", "culture": "culture",
    "religion_ethnicity": "culture",
}


def __getattr__(name: str):
    if name == "MODES":  # type -> its modes, read from plover.yaml on first use
        return {t: modes(t) for t in PLOVER_TYPES}
    raise AttributeError(f"module 'comity.codes.plover' has no attribute {name!r}")


@dataclass(frozen=True)
class PloverType:
    """One PLOVER event type with its modes (name -> short definition)."""

    name: str
    quad_class: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    definition: str
    modes: dict[str, str]


class PloverMapping(NamedTuple):
    """PLOVER reading of a CAMEO code; ``mode`` and ``context`` may be ``""``."""

    type: str
    mode: str
    context: str


def _data(name: str):
    return files("comity.codes").joinpath("data", name)


@lru_cache(maxsize=1)
def _ontology() -> dict:
    with _data("plover.yaml").open("r", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=1)
def _types() -> dict[str, PloverType]:
    raw = _ontology()["types"]
    return {
        name: PloverType(
            name=name,
            quad_class=int(spec["quad_class"]),
            definition=" ".join(str(spec["definition"]).split()),
            modes={str(k): str(v) for k, v in (spec.get("modes") or {}).items()},
        )
        for name, spec in raw.items()
    }


@lru_cache(maxsize=1)
def _crosswalk() -> dict[str, PloverMapping]:
    with _data("cameo_plover.csv").open("r", encoding="utf-8", newline="") as fh:
        return {
            row["cameo"]: PloverMapping(row["plover_type"], row["plover_mode"], row["context"])
            for row in csv.DictReader(fh)
        }


@lru_cache(maxsize=1)
def _defaults() -> dict[tuple[str, str, str], str]:
    with _data("plover_cameo.csv").open("r", encoding="utf-8", newline="") as fh:
        return {
            (row["plover_type"], row["plover_mode"], row["context"]): row["cameo"]
            for row in csv.DictReader(fh)
        }


@lru_cache(maxsize=1)
def _crosswalk_index() -> dict[tuple[str, str, str], list[str]]:
    index: dict[tuple[str, str, str], list[str]] = {}
    for code, m in _crosswalk().items():
        if len(code) > 2:  # root rows repeat their x0 code
            index.setdefault(tuple(m), []).append(code)
    return index


def legacy_names() -> dict[str, str]:
    """Older PLOVER type names and the PLOVER 2.0 type each became."""
    return dict(_ontology()["legacy_names"])


def contexts() -> tuple[str, ...]:
    """The PLOVER context vocabulary (``"military"``, ``"economic"``, ``"cyber"`` ...)."""
    return tuple(_ontology()["contexts"])


def normalize_type(name: str) -> str:
    """Canonical PLOVER type for ``name``: any case, legacy names mapped (DEMAND -> REQUEST)."""
    key = str(name).strip().upper().replace(" ", "_")
    if key in _types():
        return key
    legacy = legacy_names()
    if key in legacy:
        return legacy[key]
    raise UnknownCodeError(
        f"unknown PLOVER event type {name!r}; expected one of {', '.join(PLOVER_TYPES)}"
    )


def plover_type_info(name: str) -> PloverType:
    """The :class:`PloverType` for a type name (legacy names and any case accepted)."""
    return _types()[normalize_type(name)]


def modes(plover_type: str) -> tuple[str, ...]:
    """The modes of a PLOVER type (empty for types whose detail lives in ``context``)."""
    return tuple(plover_type_info(plover_type).modes)


def quad_class_of_type(plover_type: str) -> int:
    """Quad class of a PLOVER type: 1 verbal coop, 2 material coop, 3 verbal/4 material conflict."""
    return plover_type_info(plover_type).quad_class


def normalize_mode(plover_type: str, mode: str | None) -> str:
    """Canonical mode of ``plover_type`` (``""`` for none); ``ValueError`` if the type lacks it."""
    if mode is None or not str(mode).strip():
        return ""
    key = str(mode).strip().lower().replace("_", "-").replace(" ", "-")
    t = normalize_type(plover_type)
    if key not in _types()[t].modes:
        allowed = ", ".join(_types()[t].modes) or "none"
        raise UnknownCodeError(f"{t} has no mode {mode!r} (modes: {allowed})")
    return key


def normalize_context(context: str | None) -> str:
    """Canonical context name (``""`` for none); ``ValueError`` if not in the vocabulary."""
    if context is None or not str(context).strip():
        return ""
    key = str(context).strip().lower().replace("-", "_").replace(" ", "_")
    if key not in contexts():
        raise UnknownCodeError(f"unknown PLOVER context {context!r}")
    return key


def plover_from_cameo(code: object) -> PloverMapping:
    """PLOVER ``(type, mode, context)`` for a CAMEO code (``"042"`` -> CONSULT, visit, "")."""
    return _crosswalk()[normalize_code(code)]


def _best(codes: list[str], home_root: str) -> str:
    # prefer the type's home root (REQUEST -> 02 appeals, not 10 demands), then the most
    # general code, then codebook order
    return min(codes, key=lambda c: (c[:2] != home_root, len(c), c))


def cameo_for(plover_type: str, mode: str | None = None, context: str | None = None) -> str:
    """Representative CAMEO code for a PLOVER type, refined by mode and context.

    Lookup order: the explicit table for (type, mode, context); CAMEO codes the crosswalk
    maps to exactly that triple; then the same for (type, mode) alone; then for
    (type, context); then the type's default (CONSULT -> "040", ASSAULT -> "190").
    Unknown types, modes or contexts raise ``ValueError``.
    """
    t = normalize_type(plover_type)
    m = normalize_mode(t, mode)
    c = normalize_context(context)
    defaults = _defaults()
    index = _crosswalk_index()
    home = defaults[(t, "", "")][:2]

    def crosswalk(want_mode: str | None, want_context: str | None) -> list[str]:
        return [
            code
            for (tt, mm, cc), codes in index.items()
            if tt == t
            and (want_mode is None or mm == want_mode)
            and (want_context is None or cc == want_context)
            for code in codes
        ]

    steps: list[tuple[tuple[str, str, str], str | None, str | None]] = [((t, m, c), m, c)]
    if m:
        steps.append(((t, m, ""), m, None))  # the mode, whatever the context
    if c:
        steps.append(((t, "", c), None, c))  # the context, whatever the mode
    for key, want_mode, want_context in steps:
        if key in defaults:
            return defaults[key]
        found = crosswalk(want_mode, want_context)
        if found:
            return _best(found, home)
    return defaults[(t, "", "")]


def codes_for(
    plover_type: str, mode: str | None = None, context: str | None = None
) -> dict[str, object]:
    """Event fields for a PLOVER decision: plover_type/mode, context, cameo and its
    quad_class, pentacode and goldstein (taken from the CAMEO code)."""
    t = normalize_type(plover_type)
    m = normalize_mode(t, mode)
    c = normalize_context(context)
    info = cameo_info(cameo_for(t, m, c))
    return {
        "plover_type": t,
        "plover_mode": m,
        "context": c,
        "cameo": info.code,
        "quad_class": info.quad_class,
        "pentacode": info.pentacode,
        "goldstein": info.goldstein,
    }
