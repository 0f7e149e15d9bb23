"""Third parties of a dyad: which states appear with it, in what role; and triads."""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd

from comity.analysis._common import (
    count_if,
    dyad_filter,
    filter_events,
    iso3,
    other_country,
)
from comity.analysis.engine import tables

THIRD_PARTY_COLUMNS = [
    "country",
    "mentions",
    "documents",
    "events_with_a",
    "events_with_b",
    "coop_with_a",
    "conflict_with_a",
    "coop_with_b",
    "conflict_with_b",
    "role",
]
TRIAD_COLUMNS = [
    "country",
    "events_ab",
    "events_ac",
    "events_bc",
    "goldstein_ab",
    "goldstein_ac",
    "goldstein_bc",
    "sign_ab",
    "sign_ac",
    "sign_bc",
    "balanced",
]


def _partner_counts(tabs, t, a: str, exclude: str):
    ta = t.filter((t.source_country == a) | (t.target_country == a))
    ta = ta.mutate(country=other_country(ta, a))
    ta = ta.filter(ta.country.notnull() & (ta.country != exclude) & (ta.country != a))
    return ta.group_by("country").aggregate(
        events=ta.count(),
        coop=count_if(ta.quad_class.isin([1, 2])),
        conflict=count_if(ta.quad_class.isin([3, 4])),
    )


def _role(r, a: str, b: str) -> str:
    def side(coop, conf):
        if coop + conf == 0:
            return 0
        return 1 if coop > conf else (-1 if conf > coop else 0)

    sa, sb = side(r.coop_with_a, r.conflict_with_a), side(r.coop_with_b, r.conflict_with_b)
    if r.events_with_a == 0 and r.events_with_b == 0:
        return "mentioned alongside"
    if sa > 0 and sb > 0:
        return "common partner"
    if sa < 0 and sb < 0:
        return "common adversary"
    if sa > 0 and sb < 0:
        return f"partner of {a}, adversary of {b}"
    if sa < 0 and sb > 0:
        return f"partner of {b}, adversary of {a}"
    if sa > 0:
        return f"partner of {a}"
    if sb > 0:
        return f"partner of {b}"
    if sa < 0:
        return f"adversary of {a}"
    if sb < 0:
        return f"adversary of {b}"
    return "engaged with both" if r.events_with_a and r.events_with_b else "engaged"


def third_parties(
    store,
    a: str,
    b: str,
    since=None,
    until=None,
    status: str | None = "asserted",
    engine: str = "duckdb",
    min_events: int = 1,
) -> pd.DataFrame:
    """States that appear with the dyad.

    ``mentions``/``documents``: actor mentions of the state in documents that carry
    a dyad event (news input); ``events_with_a``/``events_with_b``: its events with
    each side in the same window, split into cooperation (QuadClass 1-2) and
    conflict (3-4).  A state is listed when it is mentioned alongside the dyad or
    has at least ``min_events`` events with both sides.  ``role`` reads the signs:
    common partner / common adversary / partner of A, adversary of B / ...
    """
    a, b = iso3(a), iso3(b)
    tabs = tables(store, engine)
    ev = tabs.events
    t = filter_events(ev, tabs, since, until, None, status)
    dyad = t.filter(dyad_filter(t, a, b))
    m = tabs.mentions
    doc_ids = dyad.filter(dyad.doc_id.notnull()).select("doc_id").union(
        m.filter(m.event_id.isin(dyad.event_id)).select("doc_id")
    ).distinct()
    am = tabs.actor_mentions
    am = am.filter(
        am.doc_id.isin(doc_ids.doc_id) & am.country.notnull() & ~am.country.isin([a, b])
    )
    mentions = tabs.execute(
        am.group_by("country").aggregate(mentions=am.count(), documents=am.doc_id.nunique())
    )
    with_a = tabs.execute(_partner_counts(tabs, t, a, b)).rename(
        columns={"events": "events_with_a", "coop": "coop_with_a", "conflict": "conflict_with_a"}
    )
    with_b = tabs.execute(_partner_counts(tabs, t, b, a)).rename(
        columns={"events": "events_with_b", "coop": "coop_with_b", "conflict": "conflict_with_b"}
    )
    df = mentions.merge(with_a, on="country", how="outer").merge(with_b, on="country", how="outer")
    for c in THIRD_PARTY_COLUMNS[1:-1]:
        df[c] = pd.to_numeric(df[c]).fillna(0).astype("int64")
    both = (df["events_with_a"] >= min_events) & (df["events_with_b"] >= min_events)
    df = df[(df["mentions"] > 0) | both].copy()
    df["role"] = [_role(r, a, b) for r in df.itertuples()]
    df["_total"] = df["events_with_a"] + df["events_with_b"]
    df = df.sort_values(["mentions", "_total", "country"], ascending=[False, False, True])
    return df[THIRD_PARTY_COLUMNS].reset_index(drop=True)


def triads(
    store,
    a: str,
    b: str,
    since=None,
    until=None,
    status: str | None = "asserted",
    engine: str = "duckdb",
) -> pd.DataFrame:
    """Triads (a, b, c) for every state c with events with both a and b.

    Each side's sign is the sign of its Goldstein sum (+1 cooperative, -1 hostile,
    0 neutral); ``balanced`` follows structural balance: the product of the three
    signs is positive (a friend of a friend, or two sides sharing an adversary).
    """
    a, b = iso3(a), iso3(b)
    tabs = tables(store, engine)
    t = filter_events(tabs.events, tabs, since, until, None, status)
    t = t.filter(
        t.source_country.isin([a, b]) | t.target_country.isin([a, b])
    ).filter(t.source_country.notnull() & t.target_country.notnull())
    t = t.filter(t.source_country != t.target_country)
    t = t.mutate(
        c1=ibis.least(t.source_country, t.target_country),
        c2=ibis.greatest(t.source_country, t.target_country),
    )
    pairs = tabs.execute(
        t.group_by(["c1", "c2"]).aggregate(events=t.count(), goldstein=t.goldstein.sum())
    )
    pairs["goldstein"] = pd.to_numeric(pairs["goldstein"]).fillna(0.0).astype("float64")
    pairs["events"] = pd.to_numeric(pairs["events"]).astype("int64")
    edge = {(r.c1, r.c2): (r.events, r.goldstein) for r in pairs.itertuples()}

    def get(x, y):
        return edge.get((min(x, y), max(x, y)), (0, 0.0))

    n_ab, g_ab = get(a, b)
    others = sorted(
        {c for pair in edge for c in pair} - {a, b},
    )
    rows = []
    for c in others:
        n_ac, g_ac = get(a, c)
        n_bc, g_bc = get(b, c)
        if not (n_ac and n_bc):
            continue
        s = [int(np.sign(round(g, 9))) for g in (g_ab, g_ac, g_bc)]
        rows.append(
            (c, n_ab, n_ac, n_bc, g_ab, g_ac, g_bc, *s, bool(s[0] * s[1] * s[2] > 0))
        )
    df = pd.DataFrame(rows, columns=TRIAD_COLUMNS)
    return df.sort_values(["events_ac", "events_bc", "country"], ascending=[False, False, True]).reset_index(drop=True)
