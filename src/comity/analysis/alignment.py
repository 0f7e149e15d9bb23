"""Alignment of two states towards third parties, over time.

Each period, each state's stance towards every third state c is the Goldstein sum
of their events (either direction; c is neither of the two).  ``cosine`` is the
cosine similarity of the two stance vectors over all third states either one
dealt with (1 = same stance, -1 = opposite); ``sign_agreement`` is the share of
common partners (dealt with by both) towards which both lean the same way.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd

from comity.analysis._common import (
    as_date,
    check_freq,
    filter_events,
    iso3,
    period,
    period_range,
    to_dates,
)
from comity.analysis.engine import tables

ALIGNMENT_COLUMNS = [
    "period", "partners_a", "partners_b", "common_partners", "cosine", "sign_agreement",
]


def stances(store, a: str, b: str, freq: str = "year", since=None, until=None,
            status: str | None = "asserted", engine: str = "duckdb") -> pd.DataFrame:
    """Per period, state (a or b) and third state: ``events`` and ``goldstein`` sum."""
    a, b = iso3(a), iso3(b)
    check_freq(freq)
    tabs = tables(store, engine)
    t = filter_events(tabs.events, tabs, since, until, None, status)
    t = t.filter(t.source_country.isin([a, b]) | t.target_country.isin([a, b]))
    state = ibis.ifelse(t.source_country.isin([a, b]), t.source_country, t.target_country)
    t = t.mutate(state=state)
    t = t.mutate(
        partner=ibis.ifelse(t.state == t.source_country, t.target_country, t.source_country),
        period=period(t.date, freq),
    )
    t = t.filter(t.partner.notnull() & ~t.partner.isin([a, b]))
    df = tabs.execute(
        t.group_by(["period", "state", "partner"]).aggregate(
            events=t.count(), goldstein=t.goldstein.sum()
        )
    )
    df["period"] = to_dates(df["period"])
    df["goldstein"] = pd.to_numeric(df["goldstein"]).fillna(0.0).astype("float64")
    return df.sort_values(["period", "state", "partner"]).reset_index(drop=True)


def alignment(
    store,
    a: str,
    b: str,
    freq: str = "year",
    since=None,
    until=None,
    status: str | None = "asserted",
    engine: str = "duckdb",
) -> pd.DataFrame:
    """Per period: partners of each, common partners, ``cosine`` and ``sign_agreement``
    (NaN where undefined: no partners, or none in common)."""
    a, b = iso3(a), iso3(b)
    st = stances(store, a, b, freq, since, until, status, engine)
    rows = []
    for per, grp in st.groupby("period"):
        va = grp[grp.state == a].set_index("partner")["goldstein"]
        vb = grp[grp.state == b].set_index("partner")["goldstein"]
        idx = sorted(set(va.index) | set(vb.index))
        x, y = va.reindex(idx, fill_value=0.0).to_numpy(), vb.reindex(idx, fill_value=0.0).to_numpy()
        nx, ny = np.linalg.norm(x), np.linalg.norm(y)
        cos = float(x @ y / (nx * ny)) if nx > 0 and ny > 0 else float("nan")
        common = sorted(set(va.index) & set(vb.index))
        agree = (
            float(np.mean([np.sign(va[c]) == np.sign(vb[c]) for c in common]))
            if common else float("nan")
        )
        rows.append((per, len(va), len(vb), len(common), cos, agree))
    df = pd.DataFrame(rows, columns=ALIGNMENT_COLUMNS)
    if df.empty and not (since and until):
        return df
    start = as_date(since) or min(df["period"])
    end = as_date(until) or max(df["period"])
    grid = pd.DataFrame({"period": period_range(start, end, freq)})
    df = grid.merge(df, on="period", how="left")
    for c in ("partners_a", "partners_b", "common_partners"):
        df[c] = df[c].fillna(0).astype("int64")
    return df[ALIGNMENT_COLUMNS]
