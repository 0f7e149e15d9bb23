"""Deduplication across documents: one event, several mentions (GDELT's NumMentions).

Several articles reporting the same meeting give several event records; :func:`dedupe` groups
them into one canonical event whose ``num_mentions`` counts the mentions, each mention kept with
its own evidence (document, sentence, offsets).

Two records are the *same event* only when all of these hold:

* same PLOVER type, and same mode when both have one (a phone call is not a visit);
* same dyad: (source country, target country), in either order for the symmetric types
  CONSULT and AGREE; both countries must be known on at least one side, and a record whose
  countries are both unknown never merges;
* same status (a pledge to visit and the visit itself are different events);
* dates known and within ``window_days`` of the cluster's first date (anchored, so a chain of
  daily events does not collapse into one);
* compatible place: location countries, and location names, differ only when one is missing.

Distinct events (other day, other place, other type, other direction of an asymmetric type)
stay apart.  The canonical record of a group is its most confident mention (ties: the earliest
date, then the first seen; an already-stored event stays canonical when ``existing`` is given).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date as Date
from datetime import datetime

from comity.model import Event

SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE"})
DEFAULT_WINDOW_DAYS = 2


@dataclass
class EventCluster:
    """One real-world event and every record that mentions it."""

    event: Event  # the canonical record, num_mentions = total mentions
    mentions: list[Event] = field(default_factory=list)
    existing: bool = False  # the canonical record was already stored

    @property
    def event_id(self) -> str:
        return self.event.event_id

    @property
    def num_mentions(self) -> int:
        return self.event.num_mentions

    @property
    def documents(self) -> list[str]:
        seen: list[str] = []
        for m in self.mentions:
            if m.doc_id and m.doc_id not in seen:
                seen.append(m.doc_id)
        return seen


def _norm(s: str | None) -> str:
    return " ".join((s or "").lower().replace("-", " ").split())


def dyad_key(ev: Event) -> tuple | None:
    """(type, dyad, status) blocking key; None when the record must not merge."""
    a, b = ev.source_country, ev.target_country
    if not ev.plover_type or (not a and not b):
        return None
    if ev.plover_type in SYMMETRIC_TYPES and (a or "") > (b or ""):
        a, b = b, a
    return (ev.plover_type, a, b, ev.status)


def _day(d) -> Date | None:
    """A plain date (stored rows may carry datetimes or timestamps)."""
    if d is None:
        return None
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, Date):
        return d
    try:
        return Date.fromisoformat(str(d)[:10])
    except ValueError:
        return None


def _compatible(x: Event, y: Event, window_days: int, anchor: Date | None) -> bool:
    dx, dy = _day(x.date), _day(y.date)
    if dx is None or dy is None or anchor is None:
        return False
    if abs((dy - anchor).days) > window_days:
        return False
    if x.plover_mode and y.plover_mode and x.plover_mode != y.plover_mode:
        return False
    if x.location_country and y.location_country and x.location_country != y.location_country:
        return False
    lx, ly = _norm(x.location_name), _norm(y.location_name)
    return not (lx and ly and lx != ly and lx not in ly and ly not in lx)


def _rank(ev: Event, order: int, existing: bool) -> tuple:
    return (0 if existing else 1, -ev.confidence, _day(ev.date) or Date.max, order)


def dedupe(events: Iterable[Event], existing: Iterable[Event] = (), *,
           window_days: int = DEFAULT_WINDOW_DAYS) -> list[EventCluster]:
    """Group ``events`` (and already-stored ``existing`` ones) into clusters of one event each.

    Returns clusters in first-seen order (existing first).  Each cluster's ``event`` is a copy
    of its canonical record with ``num_mentions`` set to the sum of its mentions'
    ``num_mentions`` and ``domains`` the union of theirs; ``mentions`` keeps every record
    unchanged (the evidence).  Input records are not modified.
    """
    items: list[tuple[Event, bool]] = [(e, True) for e in existing] + [(e, False) for e in events]
    # process in date order so clusters anchor on their earliest report
    order = sorted(range(len(items)), key=lambda i: (_day(items[i][0].date) or Date.max, i))
    clusters: list[dict] = []
    by_key: dict[tuple, list[dict]] = {}
    for i in order:
        ev, is_old = items[i]
        key = dyad_key(ev)
        target = None
        if key is not None:
            for c in by_key.get(key, ()):
                if is_old and any(old for _, old in c["members"]):
                    continue  # two stored events were judged distinct when they were stored
                if all(_compatible(m, ev, window_days, c["anchor"]) for m, _ in c["members"]):
                    target = c
                    break
        if target is None:
            target = {"anchor": _day(ev.date), "members": [], "first": i}
            clusters.append(target)
            if key is not None:
                by_key.setdefault(key, []).append(target)
        target["members"].append((ev, is_old))
        target["first"] = min(target["first"], i)

    out: list[EventCluster] = []
    for c in sorted(clusters, key=lambda c: c["first"]):
        members = c["members"]
        ranked = sorted(enumerate(members), key=lambda t: _rank(t[1][0], t[0], t[1][1]))
        canon, canon_old = ranked[0][1]
        total = sum(max(1, m.num_mentions) for m, _ in members)
        domains: list[str] = []
        for m, _ in members:
            for d in m.domains:
                if d not in domains:
                    domains.append(d)
        event = replace(canon, num_mentions=total, domains=domains,
                        confidence=max(m.confidence for m, _ in members))
        out.append(EventCluster(event=event, mentions=[m for m, _ in members], existing=canon_old))
    return out


def dedupe_frame(df, *, window_days: int = DEFAULT_WINDOW_DAYS):
    """DataFrame form: adds ``canonical_id`` (event id of the group's canonical record) and
    ``num_mentions`` (mentions in the group) to a frame of event records (DESIGN.md columns;
    ``date`` may be a date, a string or a timestamp).  Rows keep their order."""
    import pandas as pd

    fields = set(Event.__dataclass_fields__)
    evs = []
    for rec in df.to_dict("records"):
        kw = {k: (None if _isna(v) else v) for k, v in rec.items() if k in fields}
        d = kw.get("date")
        if d is not None and (not isinstance(d, Date) or isinstance(d, datetime)):
            kw["date"] = pd.Timestamp(d).date()
        for k in ("domains",):
            if kw.get(k) is None:
                kw[k] = []
            elif not isinstance(kw[k], list):
                kw[k] = list(kw[k])
        for k in ("plover_mode", "location_name", "status", "plover_type"):
            if kw.get(k) is None:
                kw[k] = "" if k != "status" else "asserted"
        if kw.get("confidence") is None:
            kw["confidence"] = 0.5
        if kw.get("num_mentions") is None:
            kw["num_mentions"] = 1
        evs.append(Event(**kw))
    ids = {id(e): None for e in evs}
    counts = {}
    for c in dedupe(evs, window_days=window_days):
        for m in c.mentions:
            ids[id(m)] = c.event_id
            counts[id(m)] = c.num_mentions
    out = df.copy()
    out["canonical_id"] = [ids[id(e)] for e in evs]
    out["num_mentions"] = [counts[id(e)] for e in evs]
    return out


def _isna(v) -> bool:
    try:
        import pandas as pd

        r = pd.isna(v)
        return bool(r) if isinstance(r, bool | int) or getattr(r, "shape", None) == () else False
    except (TypeError, ValueError):
        return False


__all__ = ["DEFAULT_WINDOW_DAYS", "EventCluster", "SYMMETRIC_TYPES", "dedupe", "dedupe_frame",
           "dyad_key"]
