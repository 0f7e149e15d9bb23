"""Partner portfolio of a state: who its cooperation is with, and how concentrated.

"Diversifying foreign partnerships", measured: each period, a state's events of
the chosen kind are split by partner state; ``share`` is a partner's part, and
the concentration is the Herfindahl-Hirschman index (sum of squared shares; 1 =
a single partner) with ``effective_partners`` = 1 / HHI.
"""

from __future__ import annotations

import pandas as pd

from comity.analysis._common import (
    as_date,
    check_freq,
    filter_events,
    int_cols,
    iso3,
    other_country,
    period,
    period_range,
    to_dates,
)
from comity.analysis.engine import AnalysisError, tables

KINDS = {"cooperation": (1, 2), "material_cooperation": (2,), "conflict": (3, 4), "all": (1, 2, 3, 4)}
PORTFOLIO_COLUMNS = ["period", "partner", "events", "share"]
CONCENTRATION_COLUMNS = [
    "period", "events", "partners", "hhi", "effective_partners", "top_partner", "top_share",
]


def partner_portfolio(
    store,
    a: str,
    freq: str = "year",
    kind: str = "cooperation",
    since=None,
    until=None,
    status: str | None = "asserted",
    engine: str = "duckdb",
) -> pd.DataFrame:
    """Per period and partner: ``events`` of ``kind`` between ``a`` and the partner, ``share``."""
    a = iso3(a)
    check_freq(freq)
    if kind not in KINDS:
        raise AnalysisError(f"unknown kind {kind!r} (use one of {', '.join(KINDS)})")
    tabs = tables(store, engine)
    t = filter_events(tabs.events, tabs, since, until, None, status)
    t = t.filter(((t.source_country == a) | (t.target_country == a)) & t.quad_class.isin(KINDS[kind]))
    t = t.mutate(partner=other_country(t, a), period=period(t.date, freq))
    t = t.filter(t.partner.notnull() & (t.partner != a))
    df = tabs.execute(t.group_by(["period", "partner"]).aggregate(events=t.count()))
    if df.empty:
        return pd.DataFrame(columns=PORTFOLIO_COLUMNS)
    df["period"] = to_dates(df["period"])
    df = int_cols(df, ["events"])
    df["share"] = df["events"] / df.groupby("period")["events"].transform("sum")
    df = df.sort_values(["period", "events", "partner"], ascending=[True, False, True])
    return df[PORTFOLIO_COLUMNS].reset_index(drop=True)


def portfolio_concentration(
    store,
    a: str,
    freq: str = "year",
    kind: str = "cooperation",
    since=None,
    until=None,
    status: str | None = "asserted",
    engine: str = "duckdb",
) -> pd.DataFrame:
    """Per period: ``events``, ``partners``, ``hhi``, ``effective_partners``, ``top_partner``,
    ``top_share`` -- dense between since/until (or first/last period); empty periods have
    0 events and NaN concentration."""
    p = partner_portfolio(store, a, freq, kind, since, until, status, engine)
    if p.empty:
        return pd.DataFrame(columns=CONCENTRATION_COLUMNS)
    p["sq"] = p["share"] ** 2
    g = p.groupby("period", as_index=False).agg(
        events=("events", "sum"), partners=("partner", "nunique"), hhi=("sq", "sum")
    )
    top = p.sort_values(["period", "events", "partner"], ascending=[True, False, True])
    top = top.groupby("period", as_index=False).first()[["period", "partner", "share"]]
    g = g.merge(top.rename(columns={"partner": "top_partner", "share": "top_share"}), on="period")
    g["effective_partners"] = 1.0 / g["hhi"]
    start = as_date(since) or min(g["period"])
    end = as_date(until) or max(g["period"])
    grid = pd.DataFrame({"period": period_range(start, end, freq)})
    g = grid.merge(g, on="period", how="left")
    g = int_cols(g, ["events", "partners"])
    return g[CONCENTRATION_COLUMNS]
