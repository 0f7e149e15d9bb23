"""Shared pieces of the analytics: input checks, dyad filters, periods, output shaping."""

from __future__ import annotations

import re
from datetime import date, datetime

import ibis
import pandas as pd

from comity.analysis.engine import AnalysisError

FREQS = {"month": "M", "quarter": "Q", "year": "Y"}
_PANDAS_FREQ = {"month": "MS", "quarter": "QS", "year": "YS"}
_ISO3 = re.compile(r"^[A-Z]{3}$")
_EXTRA_ISO3 = {"XKX", "KSV", "EUR", "UNO", "NAT"}


def iso3(code: str | None, what: str = "country") -> str:
    """An upper-case ISO3 code, or AnalysisError for anything that is not one."""
    c = (code or "").strip().upper()
    if not _ISO3.match(c):
        raise AnalysisError(f"unknown {what} code {code!r} (expected an ISO3 code such as PAK)")
    if c not in _EXTRA_ISO3 and not _known_iso3(c):
        raise AnalysisError(f"unknown {what} code {code!r} (not an ISO3 country code)")
    return c


_KNOWN: set[str] | None = None


def _known_iso3(code: str) -> bool:
    global _KNOWN
    if _KNOWN is None:
        known: set[str] = set()
        try:
            import pycountry

            known |= {c.alpha_3 for c in pycountry.countries}
            known |= {c.alpha_3 for c in getattr(pycountry, "historic_countries", [])}
        except Exception:  # pragma: no cover - pycountry is a dependency
            return True
        _KNOWN = known
    return code in _KNOWN


def as_date(value, what: str = "date") -> date | None:
    """A ``datetime.date`` from a date, datetime or ISO string (YYYY, YYYY-MM, YYYY-MM-DD)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    s = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise AnalysisError(f"bad {what} {value!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)")


def check_freq(freq: str) -> str:
    if freq not in FREQS:
        raise AnalysisError(f"unknown frequency {freq!r} (use month, quarter or year)")
    return freq


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
):
    """Date range, status and domain filters on the events table ``t``."""
    since, until = as_date(since, "since"), as_date(until, "until")
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


def period_start(d: date, freq: str) -> date:
    if freq == "month":
        return d.replace(day=1)
    if freq == "quarter":
        return d.replace(month=(d.month - 1) // 3 * 3 + 1, day=1)
    return d.replace(month=1, day=1)


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
