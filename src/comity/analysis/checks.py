"""Input checks shared by every analysis: no Ibis, no pandas.

Kept apart from :mod:`comity.analysis._common` so that the plain-SQL dyad series
(:mod:`comity.analysis.series`) validates input exactly as the Ibis analytics do
without importing them.
"""

from __future__ import annotations

import re
from datetime import date, datetime

FREQS = {"month": "M", "quarter": "Q", "year": "Y"}
_ISO3 = re.compile(r"^[A-Z]{3}$")
_EXTRA_ISO3 = {"XKX", "KSV", "EUR", "UNO", "NAT"}


class AnalysisError(ValueError):
    """Bad input to an analysis (unknown country code, bad date, unknown engine)."""


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
    """A ``datetime.date`` from a date, datetime (pandas Timestamp included) or ISO string
    (YYYY, YYYY-MM, YYYY-MM-DD)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
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


def period_start(d: date, freq: str) -> date:
    if freq == "month":
        return d.replace(day=1)
    if freq == "quarter":
        return d.replace(month=(d.month - 1) // 3 * 3 + 1, day=1)
    return d.replace(month=1, day=1)


#: Columns of a dyad series, on every engine.
SERIES_COLUMNS = [
    "period",
    "events",
    "verbal_coop",
    "material_coop",
    "verbal_conflict",
    "material_conflict",
    "goldstein_sum",
    "goldstein_mean",
]
