"""Event dates: the document date, moved by what the sentence says ("on Wednesday",
"last month", "on 18 October 2023"), with the precision recorded."""

from __future__ import annotations

import re
from datetime import date, timedelta

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON}\.?,?\s+((?:19|20)\d\d)\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b{_MON}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I)
_DAY_MONTH = re.compile(rf"\b(?:on|since|from)\s+(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON}\b(?!\s*,?\s*(?:19|20)\d\d)", re.I)
_MONTH_DAY = re.compile(rf"\b(?:on|since|from)\s+{_MON}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d\d)", re.I)
_MONTH_YEAR = re.compile(rf"\b(?:in|during|since|by|from)\s+(?:early\s+|mid-?\s*|late\s+)?{_MON}\s+((?:19|20)\d\d)\b", re.I)
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_WEEKDAY = re.compile(r"\b(?:on|last|this)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_RELATIVE = {
    "yesterday": ("day", -1), "today": ("day", 0), "tomorrow": ("day", 1),
    "last week": ("approximate", -7), "last month": ("month", -1), "last year": ("year", -1),
    "earlier this month": ("month", 0), "earlier this year": ("year", 0),
    "next week": ("approximate", 7), "next month": ("month", 1), "next year": ("year", 1),
}
_RELATIVE_RE = re.compile(r"\b(" + "|".join(map(re.escape, _RELATIVE)) + r")\b", re.I)
_YEAR = re.compile(r"\bin\s+((?:19|20)\d\d)\b", re.I)


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


def resolve_date(sentence: str, doc_date: date | None,
                 doc_approximate: bool = False, *, at: int | None = None
                 ) -> tuple[date | None, str]:
    """(event date, precision) for a sentence in a document dated ``doc_date``; ``at`` is the
    offset of the event's trigger, when known."""
    if m := _ISO.search(sentence):
        d = _safe(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            return d, "day"
    if m := _DAY_MONTH_YEAR.search(sentence):
        d = _safe(int(m.group(3)), _MONTHS[m.group(2).lower()[:3]], int(m.group(1)))
        if d:
            return d, "day"
    if m := _MONTH_DAY_YEAR.search(sentence):
        d = _safe(int(m.group(3)), _MONTHS[m.group(1).lower()[:3]], int(m.group(2)))
        if d:
            return d, "day"
    if m := _MONTH_YEAR.search(sentence):
        return date(int(m.group(2)), _MONTHS[m.group(1).lower()[:3]], 1), "month"
    if doc_date is None:
        if m := _YEAR.search(sentence):
            return date(int(m.group(1)), 1, 1), "year"
        return None, "approximate"
    base_precision = "approximate" if doc_approximate else "day"
    for rx, day_group, mon_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        if m := rx.search(sentence):
            month = _MONTHS[m.group(mon_group).lower()[:3]]
            d = _safe(doc_date.year, month, int(m.group(day_group)))
            if d and d > doc_date + timedelta(days=31):
                d = _safe(doc_date.year - 1, month, int(m.group(day_group)))
            if d:
                return d, base_precision
    if m := _WEEKDAY.search(sentence):
        target = _WEEKDAYS.index(m.group(1).lower())
        back = (doc_date.weekday() - target) % 7
        return doc_date - timedelta(days=back), base_precision
    if m := _RELATIVE_RE.search(sentence):
        unit, delta = _RELATIVE[m.group(1).lower()]
        if unit == "month":
            return _add_months(doc_date, delta), "month"
        if unit == "year":
            return date(doc_date.year + delta, 1, 1), "year"
        return doc_date + timedelta(days=delta), "approximate" if unit == "approximate" else base_precision
    if m := _YEAR.search(sentence):
        year = int(m.group(1))
        if year != doc_date.year:
            return date(year, 1, 1), "year"
    return doc_date, base_precision
