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

from collections import deque
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
        return list(dict.fromkeys(m.doc_id for m in self.mentions if m.doc_id))


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


def _rank(ev: Event, order: int, existing: bool) -> tuple:
    return (0 if existing else 1, -ev.confidence, _day(ev.date) or Date.max, order)


class _Cluster:
    """A cluster being built, with what a new member must agree with (so the check against
    every member is a check against these few values)."""

    __slots__ = ("anchor", "first", "members", "has_old", "mode", "loc_country", "loc_names")

    def __init__(self, anchor: Date | None, first: int):
        self.anchor = anchor
        self.first = first
        self.members: list[tuple[Event, bool]] = []
        self.has_old = False
        self.mode = ""  # members agree on one mode when they have one
        self.loc_country = None
        self.loc_names: set[str] = set()  # distinct normalised place names (a handful)

    def accepts(self, ev: Event, day: Date, window_days: int) -> bool:
        """Whether ``ev`` is compatible with every member (the rules of the module docstring)."""
        if self.anchor is None or abs((day - self.anchor).days) > window_days:
            return False
        if ev.plover_mode and self.mode and ev.plover_mode != self.mode:
            return False
        if ev.location_country and self.loc_country and ev.location_country != self.loc_country:
            return False
        name = _norm(ev.location_name)
        return not name or all(n == name or n in name or name in n for n in self.loc_names)

    def add(self, ev: Event, is_old: bool, index: int) -> None:
        self.members.append((ev, is_old))
        self.first = min(self.first, index)
        self.has_old = self.has_old or is_old
        self.mode = self.mode or ev.plover_mode or ""
        self.loc_country = self.loc_country or ev.location_country
        name = _norm(ev.location_name)
        if name:
            self.loc_names.add(name)


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
    days = [_day(ev.date) for ev, _ in items]
    order = sorted(range(len(items)), key=lambda i: (days[i] or Date.max, i))
    clusters: list[_Cluster] = []
    # Open clusters per blocking key, oldest anchor first.  Events come in date order, so a
    # cluster whose anchor is more than the window behind the current date can never take
    # another member: it is dropped from the front.  Each event is then checked against the
    # few clusters within its window, each in constant time (linear overall).
    open_by_key: dict[tuple, deque[_Cluster]] = {}
    for i in order:
        ev, is_old = items[i]
        key = dyad_key(ev)
        day = days[i]
        target = None
        if key is not None and day is not None:
            queue = open_by_key.get(key)
            if queue is not None:
                while queue and (day - queue[0].anchor).days > window_days:
                    queue.popleft()
                for c in queue:
                    if is_old and c.has_old:
                        continue  # two stored events were judged distinct when they were stored
                    if c.accepts(ev, day, window_days):
                        target = c
                        break
        if target is None:
            target = _Cluster(anchor=day, first=i)
            clusters.append(target)
            if key is not None and day is not None:
                open_by_key.setdefault(key, deque()).append(target)
        target.add(ev, is_old, i)

    out: list[EventCluster] = []
    for c in sorted(clusters, key=lambda c: c.first):
        members = c.members
        ranked = sorted(enumerate(members), key=lambda t: _rank(t[1][0], t[0], t[1][1]))
        canon, canon_old = ranked[0][1]
        total = sum(max(1, m.num_mentions) for m, _ in members)
        domains = list(dict.fromkeys(d for m, _ in members for d in m.domains))
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
