"""Shared pieces of the analytics: input checks, dyad filters, periods, output shaping."""

from __future__ import annotations

from datetime import date

import ibis
import pandas as pd

from comity.analysis.checks import (  # noqa: F401  (re-exported: the analytics import them from here)
    _EXTRA_ISO3,
    FREQS,
    AnalysisError,
    _known_iso3,
    as_date,
    check_freq,
    iso3,
    period_start,
)

_PANDAS_FREQ = {"month": "MS", "quarter": "QS", "year": "YS"}


def dyad_filter(t, a: str, b: str, directed: bool = False):
    fwd = (t.source_country == a) & (t.target_country == b)
    if directed:
        return fwd
    return fwd | ((t.source_country == b) & (t.target_country == a))


def filter_events(
    t,
    tabs,
    since=None,
    until=None,
    domain: str | None = None,
    status: str | None = "asserted",
    dated: bool = True,
):
    """Date range, status and domain filters on the events table ``t``.

    ``dated`` keeps only events with a date: time series, tracks and rates need one.
    Undated events (background the text mentions without a date) stay listable.
    """
    since, until = as_date(since, "since"), as_date(until, "until")
    if dated:
        t = t.filter(t.date.notnull())
    if since is not None:
        t = t.filter(t.date >= since)
    if until is not None:
        t = t.filter(t.date <= until)
    if status:
        t = t.filter(t.status == status)
    if domain:
        ed = tabs.event_domains
        t = t.filter(t.event_id.isin(ed.filter(ed.domain == domain).event_id))
    return t


def period(col, freq: str):
    return col.truncate(FREQS[check_freq(freq)])


def period_range(start: date, end: date, freq: str) -> list[date]:
    idx = pd.date_range(period_start(start, freq), period_start(end, freq), freq=_PANDAS_FREQ[freq])
    return [ts.date() for ts in idx]


def to_dates(series: pd.Series) -> pd.Series:
    """A column of ``datetime.date`` (object dtype), whatever the engine returned."""
    if series.empty:
        return series.astype(object)
    return pd.to_datetime(series).dt.date.astype(object)


def int_cols(df: pd.DataFrame, cols) -> pd.DataFrame:
    for c in cols:
        df[c] = pd.to_numeric(df[c]).fillna(0).astype("int64")
    return df


def float_cols(df: pd.DataFrame, cols) -> pd.DataFrame:
    for c in cols:
        df[c] = pd.to_numeric(df[c]).astype("float64")
    return df


def count_if(cond):
    return ibis.ifelse(cond, 1, 0).sum()


def other_country(t, a: str):
    """The country on the other side of an event that involves ``a``."""
    return ibis.ifelse(t.source_country == a, t.target_country, t.source_country)



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
