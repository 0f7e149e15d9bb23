"""Dyad series: a dense panel of event counts by QuadClass and Goldstein, by period."""

from __future__ import annotations

import pandas as pd

from comity.analysis._common import (
    as_date,
    check_freq,
    count_if,
    dyad_filter,
    filter_events,
    float_cols,
    int_cols,
    iso3,
    period,
    period_range,
    to_dates,
)
from comity.analysis.checks import SERIES_COLUMNS
from comity.analysis.engine import tables

COUNT_COLUMNS = SERIES_COLUMNS[1:6]


def dyad_series_expr(t, freq: str):
    """The per-period aggregation of an events table ``t`` (already filtered)."""
    t = t.mutate(period=period(t.date, freq))
    return t.group_by("period").aggregate(
        events=t.count(),
        verbal_coop=count_if(t.quad_class == 1),
        material_coop=count_if(t.quad_class == 2),
        verbal_conflict=count_if(t.quad_class == 3),
        material_conflict=count_if(t.quad_class == 4),
        goldstein_sum=t.goldstein.sum(),
        goldstein_mean=t.goldstein.mean(),
    )


def densify(df: pd.DataFrame, freq: str, since=None, until=None, keys=()) -> pd.DataFrame:
    """Add zero rows for periods without events (per combination of ``keys``).

    Counts and sums become 0; means of empty periods stay NaN (no events, no mean).
    """
    since, until = as_date(since, "since"), as_date(until, "until")
    if df.empty and (since is None or until is None):
        return df
    start = since or min(df["period"])
    end = until or max(df["period"])
    periods = period_range(start, end, freq)
    if keys:
        combos = df[list(keys)].drop_duplicates()
        grid = combos.merge(pd.DataFrame({"period": periods}), how="cross")
        on = ["period", *keys]
    else:
        grid = pd.DataFrame({"period": periods})
        on = ["period"]
    out = grid.merge(df, on=on, how="left")
    out = out[out["period"].isin(set(periods))]
    return out.sort_values(on[::-1] if keys else on).reset_index(drop=True)


def dyad_series(
    store,
    a: str,
    b: str,
    directed: bool = False,
    freq: str = "month",
    since=None,
    until=None,
    domain: str | None = None,
    engine: str = "duckdb",
    status: str | None = "asserted",
) -> pd.DataFrame:
    """Dense panel of the dyad's events by period.

    Columns: ``period`` (date, start of period), ``events``, ``verbal_coop``,
    ``material_coop``, ``verbal_conflict``, ``material_conflict`` (QuadClass 1-4),
    ``goldstein_sum``, ``goldstein_mean`` (NaN for periods without events).
    """
    a, b = iso3(a), iso3(b)
    check_freq(freq)
    tabs = tables(store, engine)
    ev = tabs.events
    t = filter_events(ev.filter(dyad_filter(ev, a, b, directed)), tabs, since, until, domain, status)
    df = tabs.execute(dyad_series_expr(t, freq))
    df["period"] = to_dates(df["period"])
    df = densify(df, freq, since, until)
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in SERIES_COLUMNS}).astype(
            {"period": object, "goldstein_sum": "float64", "goldstein_mean": "float64"}
        )
    df = int_cols(df, COUNT_COLUMNS)
    df = float_cols(df, ["goldstein_sum", "goldstein_mean"])
    df["goldstein_sum"] = df["goldstein_sum"].fillna(0.0)
    df.loc[df["events"] == 0, "goldstein_mean"] = float("nan")
    return df[SERIES_COLUMNS].sort_values("period").reset_index(drop=True)
