"""Parse publication dates as sources give them; out-of-range dates are errors, not crashes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dateutil import parser as dateparser

from comity.model import MAX_DATE, MIN_DATE


def _checked(d: date, raw: object) -> date:
    if not MIN_DATE <= d <= MAX_DATE:
        raise ValueError(f"date {raw!r} out of range ({MIN_DATE.year}-{MAX_DATE.year})")
    return d


def parse_date(value: object) -> date | None:
    """A date from ISO strings, RFC 822 strings, datetimes, struct_time or Unix seconds;
    None if absent; ValueError (never OverflowError) if unreadable or out of range."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"unreadable date {value!r}")
    if isinstance(value, datetime):
        return _checked(value.date(), value)
    if isinstance(value, date):
        return _checked(value, value)
    try:
        if isinstance(value, int | float):  # Unix seconds
            return _checked(datetime.fromtimestamp(value, tz=UTC).date(), value)
        if hasattr(value, "tm_year"):  # time.struct_time from feedparser
            return _checked(date(value.tm_year, value.tm_mon, value.tm_mday), value)
    except (ValueError, OverflowError, OSError) as exc:
        raise ValueError(f"date {value!r} out of range") from exc
    text = str(value).strip()[:200]
    try:
        parsed = date.fromisoformat(text[:10])
    except ValueError:
        try:
            parsed = dateparser.parse(text).date()
        except (ValueError, OverflowError, TypeError, AttributeError) as exc:
            raise ValueError(f"unreadable date {text!r}") from exc
    return _checked(parsed, text)
