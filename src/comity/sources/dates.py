"""Parse publication dates as sources give them."""

from __future__ import annotations

from datetime import date, datetime

from dateutil import parser as dateparser


def parse_date(value: object) -> date | None:
    """A date from ISO strings, RFC 822 strings, datetimes or struct_time; None if absent."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "tm_year"):  # time.struct_time from feedparser
        return date(value.tm_year, value.tm_mon, value.tm_mday)
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return dateparser.parse(text).date()
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"unreadable date {text!r}") from exc
