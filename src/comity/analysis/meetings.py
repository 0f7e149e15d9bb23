"""Meeting history of a dyad: face-to-face meetings by kind, agreements, and (on request)
calls, as defined once in :mod:`comity.analysis.definitions`."""

from __future__ import annotations

import re

import ibis
import pandas as pd

from comity.analysis._common import dyad_filter, filter_events, iso3, to_dates
from comity.analysis.definitions import is_agreement, meeting_kind
from comity.analysis.engine import tables

MEETING_COLUMNS = [
    "date",
    "kind",
    "plover_type",
    "cameo",
    "source_name",
    "source_country",
    "target_name",
    "target_country",
    "location_name",
    "location_country",
    "level",
    "sentence",
    "doc_id",
    "title",
    "num_mentions",
]

LEVELS = ("head_of_state/government", "ministerial", "official")

_HEAD = re.compile(
    r"\b(president|prime minister|premier|chancellor|king|queen|emir|sultan|monarch|"
    r"head of (state|government)|crown prince|supreme leader|taoiseach)\b",
    re.I,
)
_MINISTER = re.compile(
    r"\b(minister|ministry|secretary of state|foreign affairs|defen[cs]e|"
    r"chief of (army|staff)|army chief|commander|envoy|foreign office)\b",
    re.I,
)


def meeting_level(*texts: str | None) -> str:
    """The highest level named on either side: head_of_state/government, ministerial, official."""
    text = " | ".join(t for t in texts if isinstance(t, str) and t)
    if _HEAD.search(text):
        return LEVELS[0]
    if _MINISTER.search(text):
        return LEVELS[1]
    return LEVELS[2]


_OFFICE_LEVEL = {"head_of_state": 0, "head_of_government": 0, "foreign": 1, "defence": 1,
                 "finance": 1, "energy": 1, "trade": 1, "interior": 1, "military_chief": 1,
                 "intelligence_chief": 1, "central_bank": 1}


def known_level(name: str | None, day) -> int | None:
    """Level of a named person from the knowledge base's roles on ``day`` (None: unknown)."""
    if not isinstance(name, str) or not name or day is None:
        return None
    from comity.knowledge.base import load_knowledge

    kb = load_knowledge()
    for entry in kb.lookup(name):
        if entry.kind == "person":
            role = kb.people[entry.key].role_on(day)
            if role is not None:
                return _OFFICE_LEVEL.get(role.office, 2)
    return None


def level_of(r) -> str:
    """The highest level on either side: dated roles first, then titles in the actor texts,
    then (for events whose actors carry no title) the sentence."""
    known = [lv for lv in (known_level(r.source_name, r.date), known_level(r.target_name, r.date))
             if lv is not None]
    if known:
        return LEVELS[min(known)]
    by_text = meeting_level(r.source_name, r.target_name, r.source_text, r.target_text)
    if by_text != LEVELS[2]:
        return by_text
    return meeting_level(r.sentence)


def meeting_history(
    store,
    a: str,
    b: str,
    since=None,
    until=None,
    engine: str = "duckdb",
    include_agreements: bool = True,
    include_calls: bool = False,
) -> pd.DataFrame:
    """Meetings (and agreements, and calls when asked) between ``a`` and ``b``, by date.

    ``kind``: visit, third-place meeting, mediation, negotiation, meeting (a news report
    of the parties meeting, mode unstated), call, or agreement.  Only asserted events
    count: intents, invitations, plans and cancellations are never meetings.

    ``level``: ``head_of_state/government`` when a leader took part, ``ministerial`` for
    ministers and service chiefs, ``official`` otherwise -- from the parties' roles on the
    date (knowledge base), else from titles in the actor texts, else from the sentence.
    """
    a, b = iso3(a), iso3(b)
    tabs = tables(store, engine)
    ev = tabs.events
    ev = ev.mutate(kind=ibis.coalesce(
        meeting_kind(ev),
        ibis.ifelse(is_agreement(ev), ibis.literal("agreement"), ibis.null("string"))))
    wanted = ev.kind.notnull() & (ev.kind != "call")
    if include_calls:
        wanted = wanted | (ev.kind == "call")
    if not include_agreements:
        wanted = wanted & (ev.kind != "agreement")
    t = filter_events(ev.filter(dyad_filter(ev, a, b) & wanted), tabs, since, until, None, None)
    docs = tabs.documents.select(doc_id_doc="doc_id", title="title")
    j = t.left_join(docs, t.doc_id == docs.doc_id_doc)
    j = j.select(
        *[c for c in MEETING_COLUMNS if c not in ("level", "title")],
        "title",
        "source_text",
        "target_text",
        "source_sector",
        "target_sector",
        "event_id",
    ).order_by(["date", "event_id"])
    df = tabs.execute(j)
    if df.empty:
        return pd.DataFrame(columns=MEETING_COLUMNS)
    df["date"] = to_dates(df["date"])
    df["level"] = [level_of(r) for r in df.itertuples()]
    df["num_mentions"] = pd.to_numeric(df["num_mentions"]).fillna(1).astype("int64")
    return df[MEETING_COLUMNS].reset_index(drop=True)
