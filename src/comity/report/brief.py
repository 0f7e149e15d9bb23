"""The bilateral brief: one self-contained HTML page on how two states relate.

``build_brief`` gathers the results of ``comity.analysis`` for a dyad into a
:class:`BriefData`; ``render_html`` turns that into HTML (inline CSS, charts as
inline SVG, no JavaScript, nothing fetched from the network); ``write_brief``
does both and writes the file (and a PDF beside it when asked and weasyprint
is installed).

The report consumes analysis results only: it never queries the store's tables
(DESIGN.md).  What it computes itself are sums, shares and joins over the
DataFrames the analysis functions return; docs/brief.md says how.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined

from comity.model import STATUSES, event_id
from comity.report import charts
from comity.report.analyses import Analysis, document_details

#: A meeting is PLOVER CONSULT (CAMEO 04x); an agreement is a signed one (CAMEO 057)
#: or PLOVER AGREE reported as having happened.
MEETING_TYPES = {"CONSULT"}

#: How long after a pledge material cooperation counts as following it through.
FOLLOW_HORIZON_DAYS = 365

#: Timeline rows of one kind at most this many days apart (and this many days from
#: first to last) with no conflicting place or people are reports of one meeting.
REPORT_GAP_DAYS = 7
REPORT_SPAN_DAYS = 14

#: Series longer than this many months are drawn by year.
MAX_MONTHS_IN_CHART = 96

#: The events columns the brief reads; missing ones are filled with None.
EVENT_FIELDS = (
    "event_id", "date", "date_precision", "source_name", "source_country", "source_sector",
    "target_name", "target_country", "target_sector", "plover_type", "plover_mode", "cameo",
    "quad_class", "goldstein", "domains", "status", "location_name", "location_country",
    "confidence", "sentence", "doc_id", "start", "end", "dataset", "source_event_id", "url",
    "num_mentions", "title", "published", "source", "path", "kind", "doc_url",
)

#: meeting_history's level codes, as the brief writes them.
LEVEL_LABELS = {
    "head_of_state/government": "Head of state / government",
    "ministerial": "Ministerial",
    "official": "Official",
}

QUAD_LABELS = {k: v[0] for k, v in charts.QUAD_CLASSES.items()}

STATUS_LABELS = {
    "asserted": "asserted (reported as happened)",
    "intended": "intended (pledge, invitation, plan)",
    "hypothetical": "hypothetical",
    "negated": "negated (did not happen)",
    "assessment": "assessment (commentary)",
}


# ---------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------
@dataclass
class BriefData:
    """Everything the brief shows, gathered from the analysis results.

    Lists hold plain dicts (one per table row) so the template, tests and other
    renderers can read them without pandas.
    """

    a: str
    b: str
    a_name: str
    b_name: str
    title: str
    since: date | None
    until: date | None
    period_start: date | None  # the period the brief covers (asked for, else data range)
    period_end: date | None
    generated: datetime
    headline: dict[str, Any] = field(default_factory=dict)
    basis: dict[str, Any] = field(default_factory=dict)
    timeline: list[dict] = field(default_factory=list)
    series: pd.DataFrame | None = None  # period (datetime) + dyad_series columns
    series_freq: str = "month"
    domains: list[dict] = field(default_factory=list)
    follow_through: list[dict] | None = None  # None: no analytics for it
    follow_through_columns: list[str] = field(default_factory=list)
    pledges: list[dict] | None = None  # one row per pledge; None: no analytics for it
    follow_horizon_days: int = 365
    third_parties: list[dict] | None = None
    evidence: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # sections skipped, caveats
    available: dict[str, bool] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.evidence

    @property
    def period_label(self) -> str:
        return period_label(self.period_start, self.period_end)

    @property
    def period_phrase(self) -> str:
        """'in this period (1 Jan 2016 – 31 Dec 2016)', or 'at any date' when none was asked."""
        if self.since or self.until:
            return f"in this period ({period_label(self.since, self.until)})"
        if self.period_start or self.period_end:
            return f"in this period ({self.period_label})"
        return "at any date in the store"


# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------
def _clean(value: Any) -> Any:
    """pandas missing values (NaN, NaT, NA) -> None; numpy scalars -> Python."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # lists, arrays
        return value
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


def _to_date(value: Any) -> date | None:
    value = _clean(value)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    return None if pd.isna(ts) else ts.date()


def _str(value: Any) -> str:
    value = _clean(value)
    return "" if value is None else str(value)


def _num(value: Any) -> float | None:
    value = _clean(value)
    if value is None or value == "":
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


@lru_cache(maxsize=512)
def country_name(iso3: str | None) -> str:
    """A readable country name for an ISO3 code (the code itself if none is known)."""
    if not iso3:
        return ""
    code = str(iso3).strip().upper()
    try:
        from comity.codes.countries import convert  # type: ignore[import-not-found]
    except ImportError:
        convert = None
    if convert is not None:
        try:
            name = convert(code, to="name")
        except (KeyError, LookupError, ValueError, TypeError):
            name = None
        if name and str(name).strip() and str(name).lower() != "not found":
            return str(name)
    try:
        import pycountry

        c = pycountry.countries.get(alpha_3=code)
    except (ImportError, KeyError, LookupError):
        c = None
    if c is not None:
        return getattr(c, "common_name", None) or c.name
    return code


def period_label(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{fmt_date(start)} – {fmt_date(end)}"
    if start:
        return f"from {fmt_date(start)}"
    if end:
        return f"until {fmt_date(end)}"
    return "all dates"


def fmt_date(value: Any, precision: str | None = None) -> str:
    d = _to_date(value)
    if d is None:
        return "undated"
    if precision == "year":
        return f"{d.year}"
    if precision == "month":
        return d.strftime("%b %Y")
    text = f"{d.day} {d.strftime('%b %Y')}"
    if precision == "approximate":
        return f"c. {text}"
    return text


def _as_bound(value: Any) -> date | None:
    if value is None:
        return None
    d = _to_date(value)
    if d is None:
        raise ValueError(f"not a date: {value!r}")
    return d


def _normalise_events(df: pd.DataFrame | None) -> pd.DataFrame:
    df = pd.DataFrame(columns=list(EVENT_FIELDS)) if df is None else df.copy()
    for col in EVENT_FIELDS:
        if col not in df.columns:
            df[col] = None
    df["date"] = df["date"].map(_to_date)
    df["published"] = df["published"].map(_to_date)
    df["quad_class"] = pd.to_numeric(df["quad_class"], errors="coerce")
    df["goldstein"] = pd.to_numeric(df["goldstein"], errors="coerce")
    df["confidence"] = pd.to_numeric(df["confidence"], errors="coerce")
    df["num_mentions"] = pd.to_numeric(df["num_mentions"], errors="coerce")
    df["status"] = df["status"].map(lambda s: _str(s) or "asserted")
    for col in ("doc_id", "sentence", "plover_type", "cameo", "domains", "title", "source",
                "path", "url", "dataset", "source_event_id"):
        df[col] = df[col].map(_str)
    missing = df["event_id"].map(lambda v: _str(v) == "")
    if missing.any():
        df.loc[missing, "event_id"] = [
            event_id(_str(r.dataset), r.source_event_id, r.doc_id, r.start, r.end,
                     r.plover_type, r.source_country, r.target_country, r.source_name,
                     r.target_name)
            for r in df[missing].itertuples()
        ]
    df["event_id"] = df["event_id"].map(_str)
    df = df.drop_duplicates("event_id")
    df["_sort"] = df["date"].map(lambda d: d or date.max)
    df = df.sort_values(["_sort", "doc_id", "start"], kind="stable").drop(columns="_sort")
    return df.reset_index(drop=True)


def _fill_documents(store: Any, events: pd.DataFrame) -> pd.DataFrame:
    """Add the document fields ``dyad_events`` did not return (outlet, kind, path, url)."""
    if events.empty:
        return events
    need = events["doc_id"].ne("") & (
        events["source"].eq("") | events["path"].eq("") | events["title"].eq("")
        | events["kind"].map(lambda v: _str(v) == "")
    )
    ids = sorted(set(events.loc[need, "doc_id"]))
    if not ids:
        return events
    details = document_details(store, ids)
    if not details:
        return events
    events = events.copy()
    for col, target in (("title", "title"), ("source", "source"), ("path", "path"),
                        ("kind", "kind"), ("url", "doc_url")):
        filled = events["doc_id"].map(lambda i, c=col: _str(details.get(i, {}).get(c)))
        current = events[target].map(_str)
        events[target] = current.where(current != "", filled)
    pub = events["doc_id"].map(lambda i: _to_date(details.get(i, {}).get("published")))
    events["published"] = [p if p is not None else q for p, q in zip(events["published"], pub,
                                                                     strict=True)]
    return events


def _in_period(d: date | None, since: date | None, until: date | None) -> bool:
    if since is None and until is None:
        return True
    if d is None:
        return False
    return (since is None or d >= since) and (until is None or d <= until)


def _domains_of(value: str) -> list[str]:
    return [d.strip() for d in (value or "").split(";") if d.strip()]


def _is_country_name(name: str, country: str) -> bool:
    n = _str(name).strip().lower()
    return not n or n in {_str(country).lower(), country_name(country).lower()}


def _parties(source_name: str, source_country: str, target_name: str, target_country: str,
             plover_type: str) -> str:
    def one(name: str, country: str) -> str:
        name, country = _str(name), _str(country)
        if name and country and not _is_country_name(name, country):
            return f"{name} ({country})"
        return name or country_name(country) or "?"

    arrow = "↔" if _str(plover_type) in MEETING_TYPES else "→"
    return f"{one(source_name, source_country)} {arrow} {one(target_name, target_country)}"


# ---------------------------------------------------------------------------
# gathering
# ---------------------------------------------------------------------------
def build_brief(
    store: Any,
    a: str,
    b: str,
    *,
    since: Any = None,
    until: Any = None,
    title: str | None = None,
    analysis: Analysis | None = None,
) -> BriefData:
    """Gather the analysis results for the dyad ``a``–``b`` (ISO3) into a :class:`BriefData`.

    ``since``/``until`` bound the period (dates or ISO strings, inclusive).
    ``analysis`` swaps in other analysis functions (tests, other engines); by
    default those of ``comity.analysis`` are used.
    """
    a, b = str(a).strip().upper(), str(b).strip().upper()
    since_d, until_d = _as_bound(since), _as_bound(until)
    if since_d and until_d and since_d > until_d:
        raise ValueError(f"since ({since_d}) is after until ({until_d})")
    an = analysis or Analysis.default()
    if not an.has("dyad_events"):
        raise RuntimeError(
            "the brief needs comity.analysis.events.dyad_events, which is not available"
        )
    a_name, b_name = country_name(a) or a, country_name(b) or b
    data = BriefData(
        a=a, b=b, a_name=a_name, b_name=b_name,
        title=title or f"{a_name} – {b_name}",
        since=since_d, until=until_d, period_start=since_d, period_end=until_d,
        generated=datetime.now().replace(microsecond=0),
        follow_horizon_days=FOLLOW_HORIZON_DAYS,
    )
    data.available = {name: an.has(name) for name in
                      ("dyad_events", "dyad_series", "meeting_history", "domain_tracks",
                       "third_parties", "follow_through", "pledges_followed")}
    period = {"since": since_d, "until": until_d}

    # -- events (every status) --------------------------------------------------
    raw = an.call("dyad_events", store, a, b, directed=False, status=None, **period)
    events = _normalise_events(raw)
    if not an.accepts("dyad_events", "since"):
        events = events[events["date"].map(lambda d: _in_period(d, since_d, until_d))]
    events = events.reset_index(drop=True)
    events = _fill_documents(store, events)
    events["ref"] = [f"E{i + 1}" for i in range(len(events))]
    asserted = events[events["status"] == "asserted"]

    dated = [d for d in events["date"] if d is not None]
    if data.period_start is None and dated:
        data.period_start = min(dated)
    if data.period_end is None and dated:
        data.period_end = max(dated)

    ref_of = dict(zip(events["event_id"], events["ref"], strict=True))
    by_sentence: dict[tuple[str, str], list[Any]] = {}
    for r in events.itertuples():
        by_sentence.setdefault((r.doc_id, r.sentence), []).append(r)

    # -- documents --------------------------------------------------------------
    docs: dict[str, dict] = {}
    for r in events.itertuples():
        if not r.doc_id:
            continue
        d = docs.setdefault(r.doc_id, {
            "doc_id": r.doc_id, "anchor": f"doc-{r.doc_id}", "title": r.title,
            "published": r.published, "source": r.source, "path": Path(_str(r.path)).name,
            "url": web_url(r.doc_url) or web_url(r.url),
            "kind": _str(r.kind), "dataset": r.dataset, "refs": [],
        })
        d["refs"].append({"ref": r.ref, "anchor": f"ev-{r.event_id}"})
    data.documents = sorted(docs.values(), key=lambda d: (d["published"] or date.max, d["title"]))
    for i, d in enumerate(data.documents, 1):
        d["ref"] = f"D{i}"

    # -- evidence appendix ------------------------------------------------------
    for r in events.itertuples():
        doc = docs.get(r.doc_id)
        qc = _num(r.quad_class)
        data.evidence.append({
            "ref": r.ref, "anchor": f"ev-{r.event_id}", "event_id": r.event_id,
            "date": r.date, "date_label": fmt_date(r.date, _str(r.date_precision)),
            "parties": _parties(r.source_name, r.source_country, r.target_name,
                                r.target_country, r.plover_type),
            "plover_type": r.plover_type, "cameo": r.cameo,
            "quad_class": int(qc) if qc is not None else None,
            "quad_label": QUAD_LABELS.get(int(qc)) if qc is not None else "",
            "goldstein": _num(r.goldstein), "domains": _domains_of(r.domains),
            "status": r.status, "confidence": _num(r.confidence),
            "location": _location(r.location_name, r.location_country),
            "sentence": r.sentence, "doc": doc, "dataset": r.dataset,
            "source_event_id": r.source_event_id,
            "url": web_url(r.url),
            "num_mentions": int(_num(r.num_mentions) or 1),
        })

    # -- timeline: meetings (+ agreements) --------------------------------------
    data.timeline = _timeline(an, store, a, b, since_d, until_d, events, asserted,
                              by_sentence, docs, ref_of, data.notes)

    # -- headline numbers -------------------------------------------------------
    data.headline = _headline(events, asserted, data.timeline)

    # -- data basis -------------------------------------------------------------
    datasets = events["dataset"].map(lambda s: s or "news").value_counts()
    outlets = sorted({d["source"] for d in docs.values() if d["source"]})
    data.basis = {
        "documents": len(docs),
        "events": len(events),
        "asserted": len(asserted),
        "datasets": {str(k): int(v) for k, v in datasets.items()},
        "outlets": outlets,
        "store": _store_counts(store),
    }

    # -- cooperation / conflict over time ---------------------------------------
    data.series, data.series_freq = _series(an, store, a, b, since_d, until_d, data.notes)

    # -- domains ----------------------------------------------------------------
    data.domains = _domain_rows(an, store, a, b, since_d, until_d, events, data.notes)

    # -- follow-through ---------------------------------------------------------
    _follow_through(data, an, store, a, b, period, events)

    # -- third parties ----------------------------------------------------------
    if an.has("third_parties"):
        tp = an.call("third_parties", store, a, b, **period)
        if (since_d or until_d) and not an.accepts("third_parties", "since"):
            data.notes.append("Third parties are counted over every date in the store "
                              "(the analysis takes no period).")
        data.third_parties = _third_party_rows(tp, a, b)
    else:
        data.notes.append("Third parties: comity.analysis.third_parties is not available.")
    return data


def _follow_through(data: BriefData, an: Analysis, store, a, b, period: dict,
                    events: pd.DataFrame) -> None:
    """Pledges (intentions, agreements) and whether material cooperation followed."""
    if an.has("follow_through"):
        ft = an.call("follow_through", store, a, b, horizon_days=FOLLOW_HORIZON_DAYS, **period)
        ft = pd.DataFrame() if ft is None else ft
        if {"domain", "pledges", "followed"} <= set(ft.columns):
            rows = []
            for dom, g in ft.groupby("domain", sort=False):
                n, k = int(g["pledges"].sum()), int(g["followed"].sum())
                rows.append({"domain": str(dom), "pledges": n, "followed": k,
                             "rate": (k / n) if n else None})
            rows.sort(key=lambda r: (-r["pledges"], r["domain"]))
            data.follow_through = rows
            data.follow_through_columns = ["domain", "pledges", "followed", "rate"]
        else:  # another shape: shown as it comes
            data.follow_through_columns = [str(c) for c in ft.columns]
            data.follow_through = [
                {str(k): _display(v) for k, v in row.items()} for row in ft.to_dict("records")
            ]
    if an.has("pledges_followed"):
        detail = an.call("pledges_followed", store, a, b, horizon_days=FOLLOW_HORIZON_DAYS,
                         **period)
        detail = pd.DataFrame() if detail is None else detail
        by_id = {r.event_id: r for r in events.itertuples()}
        grouped: dict[str, dict] = {}
        for r in detail.to_dict("records"):
            eid = _str(r.get("event_id"))
            row = grouped.get(eid)
            if row is None:
                ev = by_id.get(eid)
                row = grouped[eid] = {
                    "date": _to_date(r.get("date")), "date_label": fmt_date(r.get("date")),
                    "ref": ev.ref if ev is not None else None,
                    "anchor": f"ev-{eid}" if ev is not None else None,
                    "parties": _parties(ev.source_name, ev.source_country, ev.target_name,
                                        ev.target_country, ev.plover_type) if ev is not None
                    else "",
                    "sentence": ev.sentence if ev is not None else "",
                    "status": _str(r.get("status")), "cameo": _str(r.get("cameo")),
                    "domains": [], "followed": [], "first_followed": None,
                }
            dom = _str(r.get("domain"))
            row["domains"].append(dom)
            if bool(_clean(r.get("followed"))):
                row["followed"].append(dom)
                first = _to_date(r.get("first_followed"))
                if first and (row["first_followed"] is None or first < row["first_followed"]):
                    row["first_followed"] = first
        today = data.generated.date()
        for row in grouped.values():
            end = (row["date"] + pd.Timedelta(days=FOLLOW_HORIZON_DAYS).to_pytimedelta()
                   if row["date"] else None)
            row["window_end"] = end
            row["window_open"] = end is not None and end >= today
        data.pledges = sorted(grouped.values(), key=lambda x: (x["date"] or date.max))
    if data.follow_through is not None or data.pledges is not None:
        pl = data.pledges or []
        data.headline["pledges"] = len(pl)
        data.headline["pledges_followed"] = sum(1 for p in pl if p["followed"])
    else:
        data.notes.append("Follow-through: comity.analysis.follow_through is not available.")


def _location(name: Any, country: Any) -> str:
    name, country = _str(name), _str(country)
    if name and country:
        return f"{name}, {country_name(country)}"
    return name or (country_name(country) if country else "")


def _display(value: Any) -> Any:
    value = _clean(value)
    if isinstance(value, datetime | pd.Timestamp):
        return fmt_date(value)
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if not value.is_integer() else int(value)
    return "" if value is None else value


def _store_counts(store: Any) -> dict[str, int]:
    counts = getattr(store, "counts", None)
    if not callable(counts):
        return {}
    try:
        return {str(k): int(v) for k, v in counts().items()}
    except Exception:  # noqa: BLE001 - a summary line, never worth failing the brief
        return {}


def _timeline(an: Analysis, store, a, b, since, until, events, asserted, by_sentence, docs,
              ref_of, notes) -> list[dict]:
    rows: list[dict] = []
    seen: set[tuple[str, str, str]] = set()
    meetings = an.call("meeting_history", store, a, b, since=since, until=until)
    if meetings is None:
        notes.append("Meetings: comity.analysis.meetings.meeting_history is not available; "
                     "the timeline lists agreements only.")
        meetings = pd.DataFrame()
    for r in meetings.to_dict("records"):
        d = _to_date(r.get("date"))
        if not an.accepts("meeting_history", "since") and not _in_period(d, since, until):
            continue
        doc_id, sentence, ptype = _str(r.get("doc_id")), _str(r.get("sentence")), _str(
            r.get("plover_type"))
        seen.add((doc_id, sentence, ptype))
        match = _match_event(by_sentence, doc_id, sentence, ptype)
        rows.append(_timeline_row(r, d, match, docs, ref_of))
    rows.sort(key=lambda x: (x["date"] or date.max, x["kind"]))
    return group_reports(rows)


def _persons(row: dict) -> dict[str, set[str]]:
    """Named people (not just the state) on each side of a timeline row, by country."""
    out: dict[str, set[str]] = {}
    for name, country in row["_sides"]:
        if name and country and not _is_country_name(name, country):
            # by surname: "General Ashfaq Parvez Kayani" is "Ashfaq Parvez Kayani"
            out.setdefault(country, set()).add(re.split(r"[\s-]+", name.strip().lower())[-1])
    return out


def _compatible(group: list[dict], row: dict) -> bool:
    last, first = group[-1], group[0]
    if row["kind"] != first["kind"] or row["date"] is None or first["date"] is None:
        return False
    if row["_precision"] in ("year", "month") or first["_precision"] in ("year", "month"):
        return False
    if (row["date"] - last["date"]).days > REPORT_GAP_DAYS:
        return False
    if (row["date"] - first["date"]).days > REPORT_SPAN_DAYS:
        return False
    places = {g["_loc_country"] for g in group if g["_loc_country"]}
    if row["_loc_country"] and places and row["_loc_country"] not in places:
        return False
    persons = _persons(row)
    for g in group:
        for country, names in _persons(g).items():
            if country in persons and not (names & persons[country]):
                return False
    return True


def _richness(row: dict) -> tuple:
    level = {"Head of state / government": 3, "Ministerial": 2, "Official": 1}
    return (
        sum(len(v) for v in _persons(row).values()),
        bool(row["_loc_country"]),
        row["_precision"] in ("", "day"),
        level.get(row["level"], 0),
        row["_confidence"] or 0.0,
    )


def group_reports(rows: list[dict]) -> list[dict]:
    """Merge timeline rows that report the same meeting (or agreement).

    Several articles report one meeting, and the extractor codes an event from
    each.  Rows of the same kind are taken as one when each is at most
    ``REPORT_GAP_DAYS`` after the previous one, the whole group spans at most
    ``REPORT_SPAN_DAYS``, their places do not differ, and they name no
    different people for the same state.  Each group shows its most specific
    report (named people, place, exact date, level) and lists the others.
    """
    groups: list[list[dict]] = []
    for row in rows:  # sorted by date, undated last
        target = None
        if row["date"] is not None:
            for g in reversed(groups):
                if (row["date"] - g[0]["date"]).days > REPORT_SPAN_DAYS:
                    break
                if _compatible(g, row):
                    target = g
                    break
        if target is None:
            groups.append([row])
        else:
            target.append(row)
    out = []
    for g in groups:
        best = max(g, key=_richness)
        merged = dict(best)
        exact = [r for r in g if r["_precision"] in ("", "day") and r["date"] is not None]
        if exact and best["_precision"] not in ("", "day"):
            first = min(exact, key=lambda r: r["date"])
            merged["date"], merged["date_label"] = first["date"], first["date_label"]
        if not merged["location"]:
            merged["location"] = next((r["location"] for r in g if r["location"]), "")
            merged["third_country_venue"] = any(r["third_country_venue"] for r in g)
        per_doc: dict[str, int] = {}
        loose = 0
        for r in g:
            key = r["doc"]["doc_id"] if r["doc"] else ""
            if key:
                per_doc[key] = max(per_doc.get(key, 0), r["reports"])
            else:
                loose += r["reports"]
        merged["reports"] = sum(per_doc.values()) + loose or 1
        also: dict[str, dict] = {}
        for r in g:
            if r is best:
                continue
            doc = r["doc"] or {}
            entry = also.setdefault(doc.get("doc_id") or f"_{len(also)}", {
                "doc_ref": doc.get("ref", ""), "doc_anchor": doc.get("anchor"),
                "title": doc.get("title") or r["title"], "events": []})
            if r["anchor"]:
                entry["events"].append({"ref": r["ref"] or "evidence", "anchor": r["anchor"]})
        for entry in also.values():
            entry["events"].sort(key=lambda e: (len(e["ref"]), e["ref"]))
        merged["also"] = list(also.values())
        merged["rows"] = len(g)
        out.append({k: v for k, v in merged.items() if not k.startswith("_")})
    return out


def _match_event(by_sentence, doc_id: str, sentence: str, ptype: str):
    cands = by_sentence.get((doc_id, sentence), [])
    for c in cands:
        if c.plover_type == ptype:
            return c
    return cands[0] if cands else None


def _timeline_row(r: dict, d: date | None, match, docs: dict, ref_of: dict) -> dict:
    ptype, cameo = _str(r.get("plover_type")), _str(r.get("cameo"))
    kind = _str(r.get("kind")) or "meeting"  # comity.analysis.definitions decided it
    loc_country = _str(r.get("location_country"))
    doc_id = _str(r.get("doc_id"))
    doc = docs.get(doc_id)
    precision = _str(r.get("date_precision")) or (
        _str(match.date_precision) if match is not None else "")
    reports = _num(r.get("num_mentions"))
    return {
        "_sides": [(_str(r.get("source_name")), _str(r.get("source_country"))),
                   (_str(r.get("target_name")), _str(r.get("target_country")))],
        "_precision": precision,
        "_loc_country": loc_country,
        "_confidence": _num(match.confidence) if match is not None else None,
        "date": d,
        "date_label": fmt_date(d, precision),
        "kind": "Agreement" if kind == "agreement" else "Meeting",
        "meeting_kind": kind,
        "plover_type": ptype, "cameo": cameo,
        "parties": _parties(r.get("source_name"), r.get("source_country"),
                            r.get("target_name"), r.get("target_country"), ptype),
        "location": _location(r.get("location_name"), loc_country),
        "third_country_venue": bool(loc_country) and loc_country not in {
            _str(r.get("source_country")), _str(r.get("target_country"))},
        "level": LEVEL_LABELS.get(_str(r.get("level")), _str(r.get("level"))),
        "sentence": _str(r.get("sentence")),
        "title": _str(r.get("title")) or (doc["title"] if doc else ""),
        "doc": doc,
        "reports": int(reports) if reports else 1,
        "ref": ref_of.get(match.event_id) if match is not None else None,
        "anchor": (f"ev-{match.event_id}" if match is not None
                   else (f"doc-{doc_id}" if doc else None)),
    }


def _headline(events: pd.DataFrame, asserted: pd.DataFrame, timeline: list[dict]) -> dict:
    qc = asserted["quad_class"].dropna()
    coop = int(qc.isin([1, 2]).sum())
    conflict = int(qc.isin([3, 4]).sum())
    gold = asserted["goldstein"].dropna()
    status = events["status"].value_counts()
    by_status = {s: int(status.get(s, 0)) for s in STATUSES}
    for s, n in status.items():  # statuses outside the controlled list, shown as they are
        by_status.setdefault(str(s), int(n))
    return {
        "events": int(len(asserted)),
        "meetings": sum(1 for t in timeline if t["kind"] == "Meeting"),
        "agreements": sum(1 for t in timeline if t["kind"] == "Agreement"),
        "meeting_reports": sum(t.get("rows", 1) for t in timeline if t["kind"] == "Meeting"),
        "agreement_reports": sum(t.get("rows", 1) for t in timeline if t["kind"] == "Agreement"),
        "cooperation": coop,
        "conflict": conflict,
        "coded": int(len(qc)),
        "coop_share": (coop / len(qc)) if len(qc) else None,
        "material_coop": int((qc == 2).sum()),
        "verbal_coop": int((qc == 1).sum()),
        "goldstein_mean": float(gold.mean()) if len(gold) else None,
        "goldstein_n": int(len(gold)),
        "by_status": by_status,
        "commitments": by_status.get("intended", 0),
        "not_asserted": int(len(events) - len(asserted)),
    }


def _series(an: Analysis, store, a, b, since, until, notes) -> tuple[pd.DataFrame | None, str]:
    s = an.call("dyad_series", store, a, b, directed=False, freq="month", since=since,
                until=until)
    if s is None:
        notes.append("Cooperation and conflict by month: comity.analysis.series.dyad_series "
                     "is not available.")
        return None, "month"
    s = s.copy()
    if s.empty:
        return s, "month"
    s["period"] = pd.to_datetime(s["period"].astype(str), errors="coerce")
    s = s.dropna(subset=["period"])
    if not an.accepts("dyad_series", "since"):
        lo = pd.Timestamp(since).to_period("M").to_timestamp() if since else None
        s = s[(s["period"] >= lo) if lo is not None else True]
        s = s[(s["period"] <= pd.Timestamp(until)) if until else True]
    for col in ["events", *charts.SERIES_COLUMNS, "goldstein_sum"]:
        if col not in s.columns:
            s[col] = 0
        s[col] = pd.to_numeric(s[col], errors="coerce").fillna(0)
    s = s.sort_values("period").reset_index(drop=True)
    if "goldstein_mean" not in s.columns:
        s["goldstein_mean"] = None
    s["goldstein_mean"] = pd.to_numeric(s["goldstein_mean"], errors="coerce")
    if len(s) > MAX_MONTHS_IN_CHART:
        return _by_year(s), "year"
    return s, "month"


def _by_year(s: pd.DataFrame) -> pd.DataFrame:
    """Monthly dyad_series -> yearly; the Goldstein mean is re-weighted by event counts."""
    cols = ["events", *charts.SERIES_COLUMNS, "goldstein_sum"]
    y = s.assign(period=s["period"].dt.to_period("Y").dt.to_timestamp())
    y = y.groupby("period", as_index=False)[cols].sum()
    y["goldstein_mean"] = y["goldstein_sum"] / y["events"].where(y["events"] > 0)
    return y


def _period_year_in(p: Any, since: date | None, until: date | None) -> bool:
    try:
        ts = pd.Timestamp(str(p))
    except (ValueError, TypeError):
        return True
    if pd.isna(ts):
        return True
    return (since is None or ts.year >= since.year) and (until is None or ts.year <= until.year)


def _domain_rows(an: Analysis, store, a, b, since, until, events, notes) -> list[dict]:
    # Pledges and delivery per domain, from the dyad's events (every status).
    pledged: dict[str, int] = {}
    delivered: dict[str, int] = {}
    refs: dict[str, list[dict]] = {}
    for r in events.itertuples():
        for d in _domains_of(r.domains):
            refs.setdefault(d, []).append({"ref": r.ref, "anchor": f"ev-{r.event_id}"})
            if r.status == "intended":
                pledged[d] = pledged.get(d, 0) + 1
            elif r.status == "asserted" and _num(r.quad_class) == 2:
                delivered[d] = delivered.get(d, 0) + 1

    tracks = an.call("domain_tracks", store, a, b, freq="year", since=since, until=until)
    if tracks is None:
        notes.append("Domains: comity.analysis.domains.domain_tracks is not available.")
        return []
    if tracks.empty:
        return []
    tracks = tracks.copy()
    if (since or until) and not an.accepts("domain_tracks", "since"):
        tracks = tracks[tracks["period"].map(lambda p: _period_year_in(p, since, until))]
    for col in ("events", "cooperation", "conflict"):
        tracks[col] = pd.to_numeric(tracks.get(col, 0), errors="coerce").fillna(0).astype(int)
    rows = []
    for dom, g in tracks.groupby("domain", sort=False):
        active = g[g["events"] > 0]
        years = sorted({pd.Timestamp(str(p)).year for p in active["period"]})
        ev, co, cf = int(g["events"].sum()), int(g["cooperation"].sum()), int(g["conflict"].sum())
        if ev == 0 and not pledged.get(dom):
            continue
        rows.append({
            "domain": str(dom), "events": ev, "cooperation": co, "conflict": cf,
            "coop_share": (co / (co + cf)) if (co + cf) else None,
            "first": years[0] if years else None, "last": years[-1] if years else None,
            "active_years": len(years),
            "pledged": pledged.get(str(dom), 0), "delivered": delivered.get(str(dom), 0),
            "refs": refs.get(str(dom), []),
        })
    rows.sort(key=lambda r: (-r["events"], r["domain"]))
    return rows


def _third_party_rows(tp: pd.DataFrame | None, a: str, b: str) -> list[dict]:
    if tp is None or tp.empty:
        return []
    rows = []
    for r in tp.to_dict("records"):
        code = _str(r.get("country"))
        if not code or code in {a, b}:
            continue
        rows.append({
            "country": code, "name": country_name(code),
            "mentions": int(_num(r.get("mentions")) or 0),
            "events_with_a": int(_num(r.get("events_with_a")) or 0),
            "events_with_b": int(_num(r.get("events_with_b")) or 0),
            "documents": int(_num(r.get("documents")) or 0) if "documents" in r else None,
            "role": _str(r.get("role")),
        })
    rows.sort(key=lambda r: (-r["mentions"], -(r["events_with_a"] + r["events_with_b"]),
                             r["name"]))
    return rows


# ---------------------------------------------------------------------------
# rendering
# ---------------------------------------------------------------------------
def _fmt_num(value: Any, digits: int = 2, sign: bool = False) -> str:
    v = _num(value)
    if v is None:
        return "–"
    text = f"{v:+.{digits}f}" if sign and v != 0 else f"{v:.{digits}f}"
    return text.replace("-", "−")


def _fmt_pct(value: Any) -> str:
    v = _num(value)
    return "–" if v is None else f"{round(v * 100):d}%"


def _fmt_int(value: Any) -> str:
    v = _num(value)
    return "–" if v is None else f"{int(v):,}"


@lru_cache(maxsize=1)
def web_url(value: Any) -> str:
    """``value`` when it is an http(s) URL, else "": no ``javascript:``, ``data:`` or
    ``file:`` link is ever written into a brief."""
    from urllib.parse import urlsplit

    text = _str(value).strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return ""
    return text if scheme in ("http", "https") and "//" in text else ""


def _env(autoescape: bool = True) -> Environment:
    env = Environment(
        loader=PackageLoader("comity.report", "templates"),
        autoescape=autoescape,  # HTML: every text escaped; markup only via |safe on our SVG
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = fmt_date
    env.filters["num"] = _fmt_num
    env.filters["pct"] = _fmt_pct
    env.filters["int"] = _fmt_int
    env.filters["country"] = country_name
    env.filters["web_url"] = web_url
    env.globals["status_labels"] = STATUS_LABELS
    env.globals["quad_labels"] = QUAD_LABELS
    return env


def render_html(data: BriefData) -> str:
    """The brief as one self-contained HTML document."""
    freq_word = "month" if data.series_freq == "month" else "year"
    series_svg = charts.series_chart(data.series, data.series_freq) if data.series is not None \
        else None
    domain_svg = charts.domain_chart(data.domains) if data.domains else None
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        version = package_version("comity")
    except PackageNotFoundError:  # run from a source tree without an install
        version = ""
    return _env().get_template("brief.html.j2").render(
        d=data, h=data.headline, series_svg=series_svg, domain_svg=domain_svg,
        freq_word=freq_word, version=version,
    )


def render_markdown(data: BriefData) -> str:
    """The brief as Markdown: the same numbers and evidence as the HTML, no charts."""
    import html

    env = _env(autoescape=False)
    # text from documents never becomes live HTML in a Markdown viewer
    env.finalize = lambda v: html.escape(v, quote=False) if isinstance(v, str) else v
    env.filters["cell"] = lambda v: _str(v).replace("|", "\\|").replace("\n", " ")
    return env.get_template("brief.md.j2").render(d=data)


#: What the file suffix of ``--out`` makes of the brief.
FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "markdown",
           ".markdown": "markdown"}


def write_brief(
    store: Any,
    a: str,
    b: str,
    out: str | os.PathLike = "brief.html",
    *,
    since: Any = None,
    until: Any = None,
    title: str | None = None,
    analysis: Analysis | None = None,
) -> Path:
    """Build the brief for ``a``-``b`` and write it to ``out``: HTML, PDF or Markdown by
    the file's suffix (:data:`FORMATS`); returns the path.  A PDF is the HTML printed by
    headless Chromium (:mod:`comity.report.pdf`)."""
    path = Path(out)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ValueError(f"{path}: write the brief as .html, .pdf or .md")
    data = build_brief(store, a, b, since=since, until=until, title=title, analysis=analysis)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "markdown":
        path.write_text(render_markdown(data), encoding="utf-8")
        return path
    html = render_html(data)
    if kind == "html":
        path.write_text(html, encoding="utf-8")
        return path
    import tempfile

    from comity.report.pdf import print_pdf

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "brief.html"
        page.write_text(html, encoding="utf-8")
        return print_pdf(page, path)
