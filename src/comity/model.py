"""Records that flow between comity's stages.

They sit at the bottom of the import graph (beside ``codes/``): every stage may
import them, they import nothing of the pipeline.  Codes are strings (``"040"``),
countries are ISO3 strings, dates are ``datetime.date``.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date as Date

#: Controlled list of event domains (DESIGN.md).
DOMAINS = (
    "security",
    "energy",
    "trade",
    "finance",
    "culture",
    "diplomacy",
    "military",
    "health",
    "technology",
    "environment",
    "migration",
)

#: Event status: only ``asserted`` events count as things that happened.
STATUSES = ("asserted", "intended", "hypothetical", "negated", "assessment")

#: Date precision of an event.
DATE_PRECISIONS = ("day", "month", "year", "approximate")

#: Field order of a flat event record, as printed by ``comity extract --json``.
EVENT_JSON_FIELDS = (
    "date",
    "source_text",
    "source_name",
    "source_country",
    "source_sector",
    "target_text",
    "target_name",
    "target_country",
    "target_sector",
    "plover_type",
    "plover_mode",
    "cameo",
    "quad_class",
    "pentacode",
    "goldstein",
    "domains",
    "status",
    "location_name",
    "location_country",
    "confidence",
    "sentence",
    "start",
    "end",
)


#: Dates comity stores: a date outside is a data error (9999-12-31, year 1), not an event.
MIN_DATE = Date(1800, 1, 1)
MAX_DATE = Date(2200, 12, 31)


def date_in_range(d: Date | None) -> bool:
    """True for no date or a date between MIN_DATE and MAX_DATE."""
    return d is None or MIN_DATE <= (d.date() if hasattr(d, "date") else d) <= MAX_DATE


def stable_hash(*parts: object, length: int = 16) -> str:
    """A short, stable hex digest of the parts (used for ids)."""
    h = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


@dataclass
class Document:
    """One news item as read from a source file, before extraction."""

    text: str
    source: str = ""  # outlet or feed name ("Dawn", "TASS", "comity-corpus")
    title: str = ""
    url: str = ""
    published: Date | None = None
    date_approximate: bool = False
    kind: str = "news"  # news, opinion, analysis, statement, wire
    language: str = "en"
    path: str = ""  # file it came from (and line, for JSONL: "x.jsonl:12")
    external_id: str = ""  # id given by the source, if any

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.strip().encode("utf-8")).hexdigest()

    @property
    def doc_id(self) -> str:
        """Identity = content hash + URL (when known): the same text copied into another
        folder or file, or read from another feed, is the same document."""
        return stable_hash(self.url or "", self.content_hash)


@dataclass
class Sentence:
    text: str
    start: int  # character offsets in the cleaned document text
    end: int
    index: int = 0


@dataclass
class Actor:
    """A resolved actor mention: what was written and who it is on that date."""

    text: str
    name: str = ""  # canonical name ("Vladimir Putin", "Pakistan")
    country: str | None = None  # ISO3, or None for IGOs / unknown
    sector: str | None = None  # GOV, MIL, BUS, ... (knowledge/sectors)
    role: str = ""  # "President", "Prime Minister (caretaker)"
    kind: str = "state"  # state, person, organisation, igo, group
    start: int = -1  # character offsets in the document text
    end: int = -1
    sentence_index: int = -1


@dataclass
class Event:
    """One coded event (DESIGN.md's event record)."""

    date: Date | None = None
    date_precision: str = "day"
    source_text: str = ""
    source_name: str = ""
    source_country: str | None = None
    source_sector: str | None = None
    target_text: str = ""
    target_name: str = ""
    target_country: str | None = None
    target_sector: str | None = None
    plover_type: str = ""
    plover_mode: str = ""
    context: str = ""
    cameo: str = ""
    quad_class: int | None = None
    pentacode: int | None = None
    goldstein: float | None = None
    domains: list[str] = field(default_factory=list)
    status: str = "asserted"
    location_name: str = ""
    location_country: str | None = None
    lat: float | None = None
    lon: float | None = None
    confidence: float = 0.5
    doc_id: str = ""
    sentence: str = ""
    start: int = -1
    end: int = -1
    extractor: str = ""
    dataset: str = "news"  # news, gdelt1, gdelt2, icews, polecat, acled
    source_event_id: str = ""  # id in the source dataset
    url: str = ""
    num_mentions: int = 1

    @property
    def event_id(self) -> str:
        """Stable id (DESIGN.md); see :func:`event_id`."""
        return event_id(self.dataset, self.source_event_id, self.doc_id, self.start, self.end,
                        self.plover_type, self.source_country, self.target_country,
                        self.source_name, self.target_name)

    def to_flat(self) -> dict:
        """Flat JSON-ready dict with DESIGN.md field names (dates as ISO strings)."""
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        d["event_id"] = self.event_id
        return d

    def to_json_record(self) -> dict:
        """The record printed by ``comity extract --json``."""
        flat = self.to_flat()
        return {k: flat[k] for k in EVENT_JSON_FIELDS}


#: The fields an event id hashes when there is no dataset id, in order.
_ID_FIELDS = ("dataset", "provenance", "plover_type", "source_country", "target_country",
              "source_name", "target_name")


def event_id(dataset: str, source_event_id: str | None, doc_id: str | None, start, end,
             plover_type, source_country, target_country, source_name, target_name) -> str:
    """The one definition of an event's id.

    A dataset event (GDELT, ICEWS, ...) with the dataset's own id is
    ``dataset:source_event_id``; otherwise the id hashes the provenance (a news event's
    document and character offsets, a dataset row's id), type, countries and names.
    :func:`event_id_sql` is the same rule in SQL, for rows mapped in DuckDB.
    """
    if dataset != "news" and source_event_id:
        return f"{dataset}:{source_event_id}"
    prov = source_event_id if dataset != "news" else f"{doc_id}:{start}:{end}"
    return stable_hash(dataset, prov, plover_type, source_country, target_country,
                       source_name, target_name)


def event_id_sql(alias: str = "m") -> str:
    """:func:`event_id` as a DuckDB expression over a dataset row ``alias`` (not news)."""
    values = {"provenance": f"{alias}.source_event_id"}
    inner = ", ".join(
        f"coalesce(CAST({values.get(f, f'{alias}.{f}')} AS VARCHAR), '')" for f in _ID_FIELDS
    )
    return (
        f"CASE WHEN coalesce({alias}.source_event_id, '') <> '' "
        f"THEN {alias}.dataset || ':' || {alias}.source_event_id "
        f"ELSE substr(sha1(concat_ws(chr(31), {inner})), 1, 16) END"
    )
