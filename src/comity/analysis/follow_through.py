"""Follow-through: did pledges turn into material cooperation?

A *pledge* is a party's own stated intention to cooperate
(:func:`comity.analysis.definitions.is_pledge`: an ``intended`` cooperative news event,
or a dataset row coded CAMEO 030-033).  It is *followed* when the pledging party has an
asserted material-cooperation event (QuadClass 2) towards the other party in the same
domain within ``horizon_days`` after it.  A pledge without a domain is followed by
material cooperation in any domain (and counted under ``unspecified``).  Rates are
per period of the pledge date.
"""

from __future__ import annotations

import ibis
import pandas as pd

from comity.analysis._common import (
    as_date,
    check_freq,
    dyad_filter,
    int_cols,
    iso3,
    period_start,
    to_dates,
)
from comity.analysis.definitions import is_material_cooperation, is_pledge
from comity.analysis.domains import NO_DOMAIN
from comity.analysis.engine import tables

FOLLOW_COLUMNS = ["period", "domain", "pledges", "followed", "rate"]


def _with_domain(t, ed):
    ed = ed.select(event_id_d="event_id", domain_d="domain")
    j = t.left_join(ed, t.event_id == ed.event_id_d)
    return j.mutate(domain=ibis.coalesce(j.domain_d, ibis.literal(NO_DOMAIN))).drop(
        "event_id_d", "domain_d"
    )


def pledges_followed(
    store,
    a: str,
    b: str,
    domain: str | None = None,
    horizon_days: int = 365,
    since=None,
    until=None,
    engine: str = "duckdb",
) -> pd.DataFrame:
    """One row per (pledge, domain): ``event_id, date, source_country, target_country,
    domain, cameo, status, sentence, followed, first_followed`` (date of the first
    material cooperation from the pledging party to the other within the horizon)."""
    a, b = iso3(a), iso3(b)
    if horizon_days <= 0:
        from comity.analysis.engine import AnalysisError

        raise AnalysisError("horizon_days must be positive")
    since, until = as_date(since, "since"), as_date(until, "until")
    tabs = tables(store, engine)
    ev = tabs.events
    d = ev.filter(dyad_filter(ev, a, b) & ev.date.notnull())
    p = d.filter(is_pledge(d))
    if since is not None:
        p = p.filter(p.date >= since)
    if until is not None:
        p = p.filter(p.date <= until)
    p = _with_domain(p.select("event_id", "date", "source_country", "target_country", "cameo",
                              "status", "sentence"), tabs.event_domains)
    if domain:
        p = p.filter(p.domain == domain)
    m = d.filter(is_material_cooperation(d))
    m = _with_domain(m.select("event_id", "date", "source_country", "target_country"),
                     tabs.event_domains)
    m = m.select(m_date="date", m_domain="domain", m_source="source_country",
                 m_target="target_country")
    j = p.inner_join(
        m,
        [
            m.m_source == p.source_country,
            m.m_target == p.target_country,
            (m.m_domain == p.domain) | (p.domain == NO_DOMAIN),
            m.m_date > p.date,
            m.m_date <= p.date + ibis.interval(days=int(horizon_days)),
        ],
    )
    hits = j.group_by(["event_id", "domain"]).aggregate(first_followed=j.m_date.min())
    hits = hits.select(h_event_id="event_id", h_domain="domain", first_followed="first_followed")
    out = p.left_join(hits, (p.event_id == hits.h_event_id) & (p.domain == hits.h_domain))
    out = out.select(
        "event_id", "date", "source_country", "target_country", "domain", "cameo", "status",
        "sentence", "first_followed"
    ).order_by(["date", "event_id", "domain"])
    df = tabs.execute(out)
    df["date"] = to_dates(df["date"])
    df["first_followed"] = [None if pd.isna(x) else pd.Timestamp(x).date() for x in df["first_followed"]]
    df["followed"] = df["first_followed"].notna()
    return df[["event_id", "date", "source_country", "target_country", "domain", "cameo",
               "status", "sentence", "followed", "first_followed"]]


def follow_through(
    store,
    a: str,
    b: str,
    domain: str | None = None,
    horizon_days: int = 365,
    freq: str = "year",
    since=None,
    until=None,
    engine: str = "duckdb",
) -> pd.DataFrame:
    """Per period of the pledge and domain: ``pledges``, ``followed``, ``rate`` (followed / pledges)."""
    check_freq(freq)
    detail = pledges_followed(store, a, b, domain, horizon_days, since, until, engine)
    if detail.empty:
        return pd.DataFrame(columns=FOLLOW_COLUMNS)
    detail["period"] = [period_start(d, freq) for d in detail["date"]]
    g = detail.groupby(["period", "domain"], as_index=False).agg(
        pledges=("event_id", "size"), followed=("followed", "sum")
    )
    g = int_cols(g, ["pledges", "followed"])
    g["rate"] = g["followed"] / g["pledges"]
    g["period"] = g["period"].astype(object)
    return g[FOLLOW_COLUMNS].sort_values(["domain", "period"]).reset_index(drop=True)
