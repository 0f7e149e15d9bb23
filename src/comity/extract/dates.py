"""Event dates: the date of the event a trigger reports, not of the article.

A sentence may hold several dates: "Putin met Assad on Tuesday, the first such visit since
Fradkov's in 2007".  :func:`find_dates` reads every date expression with its offsets;
:func:`event_date` picks the one that belongs to the trigger at a given offset:

* a *background* expression ("since ... in 2007") dates only an event inside that phrase;
* a *background* trigger ("first signed", "had launched ... ten days earlier", "since they
  met") takes its own date when it has one and stays undated otherwise, never the
  publication date;
* weekdays are the latest such day on or before publication, or the next one when the
  trigger's clause speaks of the future ("will meet on Tuesday");
* relative expressions count from publication ("yesterday", "last month", "ten days
  earlier", "next week");
* without any expression the event is dated by the publication (precision ``day``, or
  ``approximate`` when the document's own date is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MON = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_YEAR_RX = r"((?:19|20)\d\d)"
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
            "fifteen": 15, "twenty": 20, "thirty": 30, "a couple of": 2, "a few": 3}
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365, "decade": 3650}
_NUM = r"(\d{1,3}|a couple of|a few|" + "|".join(k for k in _NUMBERS if " " not in k) + r")"

# (regex, kind): each kind is turned into a date by _reading().
_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"), "iso"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\.?,?\s+{_YEAR_RX}\b", re.I),
     "dmy"),
    (re.compile(rf"\b{_MON}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR_RX}\b", re.I), "mdy"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\b(?!\.?,?\s*(?:19|20)\d\d)",
                re.I), "dm"),
    (re.compile(rf"\b{_MON}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d\d|\d)", re.I),
     "md"),
    (re.compile(rf"\b(?:(?:early|mid|late|end of|beginning of)[\s-]+)?{_MON}\s+{_YEAR_RX}\b",
                re.I), "my"),
    (re.compile(rf"\b(?:(?:in|during|since|by|until|from)\s+(?:early\s+|mid-?\s*|late\s+)?|"
                rf"(?:early|mid|late|end of)[\s-]+|(?:last|this|next)\s+){_MON}\b(?!\.?\s*\d)", re.I), "month"),
    (re.compile(r"\b(?:(?:last|this|next)\s+)?(monday|tuesday|wednesday|thursday|friday|"
                r"saturday|sunday)\b(?:'s)?", re.I), "weekday"),
    (re.compile(rf"\b{_NUM}\s+(day|week|fortnight|month|year|decade)s?\s+"
                rf"(ago|earlier|previously|later|afterwards|from now|(?:before|after)"
                rf"(?=\s*(?:[,.;:]|$)))\b", re.I), "span"),
    (re.compile(r"\b(?:the\s+)?(previous|preceding|following|next)\s+(day|week|month|year)\b",
                re.I), "adjacent"),
    (re.compile(r"\b(yesterday|today|tonight|tomorrow|(?:last|this|next)\s+"
                r"(?:week|month|year|weekend)|earlier\s+this\s+(?:week|month|year)|"
                r"later\s+this\s+(?:week|month|year)|(?:on\s+)?the\s+day\s+before)\b", re.I),
     "relative"),
    (re.compile(rf"\b(?:(?:early|mid|late)[\s-]+)?{_YEAR_RX}\b(?![\s-]*(?:\d|%|per\b|"
                rf"people|troops|soldiers))", re.I), "year"),
]

#: Words that make the expression after them a background phrase ("since ... in 2007").
_BACKGROUND_BEFORE = re.compile(
    r"(?:\b(?:since|as early as|as far back as|back in|dating back to|ever since|"
    r"for the first time since)\b|\b(?:first|originally|initially|previously|once)\s+\w+ed\b|"
    r"\b(?:after|before|when)\s+(?:they|it|he|she|the two|both)\s+(?:first\s+)?\w+ed\b)"
    r"(?:[^,;:.]{0,40})$", re.I)
#: A trigger inside a background phrase: "since they met", "first signed", "had launched".
_BACKGROUND_TRIGGER = re.compile(
    r"(?:\b(?:since|ever since)\s+(?:[\w'-]+\s+){0,4}|"
    r"(?<!the\s)(?<!its\s)(?<!his\s)(?<!her\s)(?<!their\s)(?<!a\s)"  # "the first exercise"
    r"\b(?:first|originally|previously|once|initially)\s+(?:been\s+)?|"
    r"\b(?:has|have|had)\s+long\s+(?:been\s+)?|"
    r"\b(?:recalled|recalling|recalls|remembered|looked back on)\s+(?:\w+\s+){0,2}|"
    r"\b(?:days?|weeks?|years?|decades?|months?)\s+(?:after|before)\s+(?:[\w'-]+\s+){0,4})$",
    re.I)
#: The pluperfect ("had launched") is background only when the sentence dates it apart
#: ("ten days earlier"); in reported speech ("said it had summoned") it is the news.
_PLUPERFECT = re.compile(r"\bhad\s+(?:\w+ly\s+|also\s+|already\s+)?$", re.I)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|is to|are to|is due to|are due to|is set to|are set to|"
    r"is expected to|are expected to|plans? to|planned|scheduled|is going to|are going to|"
    r"next|upcoming|forthcoming)\b", re.I)
_CLAUSE = re.compile(r"[;:]|,\s+(?:and|but|while|as|which|who|when|after|before|something|"
                     r"a move|a step|a decision|a development)\b|"
                     r"\b(?:but|while|whereas)\b", re.I)
# A second predicate: "signed in 2015 and ratified in May".
_PREDICATE = re.compile(r"\band\s+(?:\w+ed|was|were|has|have|had|will|is|are|then)\b", re.I)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: date | None
    precision: str
    relative: bool  # counted from the publication date
    background: bool  # in a "since ..." phrase: dates only an event within that phrase


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


def _month(name: str) -> int:
    return _MONTHS[name.lower()[:4] if name.lower().startswith("sept") else name.lower()[:3]]


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower(), 1)


def _future(sentence: str, start: int) -> bool:
    """Whether the clause around ``start`` speaks of the future ("will meet on Monday", "On
    Thursday, he will travel")."""
    left = sentence[max(0, start - 80):start]
    cut = 0
    for m in _CLAUSE.finditer(left):
        cut = m.end()
    if _FUTURE.search(left[cut:]) is not None:
        return True
    right = sentence[start:start + 60]
    if (stop := _REPORTING.search(right)) is not None:
        right = right[:stop.start()]
    return _FUTURE.search(right) is not None


_REPORTING = re.compile(r"\b(?:said|says|told|announced|reported|stated|added)\b", re.I)


def _reading(kind: str, m: re.Match, sentence: str, doc: date | None,
             base: str) -> tuple[date | None, str]:
    g = m.groups()
    if kind == "iso":
        return _safe(int(g[0]), int(g[1]), int(g[2])), "day"
    if kind == "dmy":
        return _safe(int(g[2]), _month(g[1]), int(g[0])), "day"
    if kind == "mdy":
        return _safe(int(g[2]), _month(g[0]), int(g[1])), "day"
    if kind == "my":
        return date(int(g[1]), _month(g[0]), 1), "month"
    if kind == "year":
        return date(int(g[0]), 1, 1), "year"
    if doc is None:
        return None, "approximate"
    if kind == "month":
        text = m.group(0).lower()
        mon = _month(g[0])
        if text.startswith("next") or (not text.startswith("last")
                                       and _future(sentence, m.start())):
            year = doc.year + (mon < doc.month or (text.startswith("next")
                                                   and mon == doc.month))
        else:
            year = doc.year - (mon > doc.month or (text.startswith("last")
                                                   and mon == doc.month))
        return date(year, mon, 1), "month"
    if kind in ("dm", "md"):
        day, mon = (g[0], g[1]) if kind == "dm" else (g[1], g[0])
        d = _safe(doc.year, _month(mon), int(day))
        if d and d > doc + timedelta(days=31) and not _future(sentence, m.start()):
            d = _safe(doc.year - 1, _month(mon), int(day))
        return d, base
    if kind == "weekday":
        text = m.group(0).lower()
        target = _WEEKDAYS.index(g[0].lower())
        if text.startswith("next") or (not text.startswith("last")
                                       and _future(sentence, m.start())):
            return doc + timedelta(days=(target - doc.weekday()) % 7), base
        back = (doc.weekday() - target) % 7
        if text.startswith("last") and back == 0:
            back = 7
        return doc - timedelta(days=back), base
    if kind == "span":
        n, unit, way = _number(g[0]), g[1].lower(), g[2].lower()
        days = n * _UNIT_DAYS[unit]
        sign = 1 if way in ("later", "after", "afterwards", "from now") else -1
        if unit in ("month", "year", "decade"):
            d = doc + timedelta(days=sign * days)
            return (date(d.year, d.month, 1), "month") if unit == "month" else \
                (date(d.year, 1, 1), "year")
        # "ten days earlier" counts from the story's event, which is near publication
        exact = unit == "day" and way in ("ago", "from now")
        return doc + timedelta(days=sign * days), base if exact else "approximate"
    if kind == "adjacent":
        way, unit = g[0].lower(), g[1].lower()
        sign = -1 if way in ("previous", "preceding") else 1
        if unit == "day":
            return doc + timedelta(days=sign), base
        if unit == "week":
            return doc + timedelta(days=7 * sign), "approximate"
        if unit == "month":
            return _add_months(doc, sign), "month"
        return date(doc.year + sign, 1, 1), "year"
    phrase = " ".join(m.group(0).lower().split())
    if phrase in ("yesterday", "the day before", "on the day before"):
        return doc - timedelta(days=1), base
    if phrase in ("today", "tonight"):
        return doc, base
    if phrase == "tomorrow":
        return doc + timedelta(days=1), base
    unit = phrase.split()[-1]
    when = phrase.split()[0]
    if unit in ("week", "weekend"):
        shift = {"last": -7, "next": 7}.get(when, 0)
        return doc + timedelta(days=shift), "approximate"
    if unit == "month":
        return _add_months(doc, {"last": -1, "next": 1}.get(when, 0)), "month"
    return date(doc.year + {"last": -1, "next": 1}.get(when, 0), 1, 1), "year"


_RELATIVE_KINDS = {"month", "dm", "md", "weekday", "span", "adjacent", "relative"}


def find_dates(sentence: str, doc_date: date | None,
               doc_approximate: bool = False) -> list[DateMention]:
    """Every date expression in ``sentence``, left to right, without overlaps."""
    base = "approximate" if doc_approximate else "day"
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for rx, kind in _PATTERNS:
        for m in rx.finditer(sentence):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            d, precision = _reading(kind, m, sentence, doc_date, base)
            if d is None and kind not in _RELATIVE_KINDS:
                continue
            taken.append((s, e))
            background = _BACKGROUND_BEFORE.search(sentence[max(0, s - 60):s]) is not None
            out.append(DateMention(s, e, d, precision, kind in _RELATIVE_KINDS, background))
    out.sort(key=lambda x: x.start)
    return out


def background_trigger(sentence: str, start: int) -> bool:
    """Whether the trigger at ``start`` reports background ("first signed", "since they met",
    "had launched", "a decade after they signed")."""
    return _BACKGROUND_TRIGGER.search(sentence[max(0, start - 60):start]) is not None


def _pluperfect(sentence: str, start: int) -> bool:
    return _PLUPERFECT.search(sentence[max(0, start - 30):start]) is not None


def _distance(sentence: str, m: DateMention, at: int) -> float:
    gap = m.start - at if m.start >= at else at - m.end
    lo, hi = (at, m.start) if m.start >= at else (m.end, at)
    crossings = sum(1 for _ in _CLAUSE.finditer(sentence, lo, hi))
    crossings += sum(1 for p in _PREDICATE.finditer(sentence, lo, hi + 30) if p.start() < hi)
    left = 2 if m.start < at and m.start > 25 else 1  # date adverbials mostly follow the verb
    return gap * left + 200 * crossings


#: An expression farther than this (characters, a clause boundary counting 200) dates
#: another part of the sentence, not the trigger: "trained alongside …, something that
#: would have been unthinkable a decade ago".
_FARTHEST = 260


@dataclass(frozen=True)
class DateReading:
    date: date | None
    precision: str
    background: bool  # the event is background: its own date or none, never publication's
    explicit: bool  # the sentence dated it (not the publication date by default)


def event_date(sentence: str, doc_date: date | None, doc_approximate: bool = False, *,
               at: int = 0, mentions: list[DateMention] | None = None) -> DateReading:
    """The date of the event whose trigger starts at ``at`` in ``sentence``."""
    mentions = find_dates(sentence, doc_date, doc_approximate) if mentions is None else mentions
    background = background_trigger(sentence, at) or (
        _pluperfect(sentence, at) and any(m.date is not None for m in mentions))
    if background:
        # its own date: the nearest expression after the trigger in its clause, or one that
        # stands right before it ("in 2015 they first signed")
        near = [m for m in mentions if m.date is not None and (
            0 <= m.start - at <= 60 or 0 <= at - m.end <= 40)]
        if near:
            best = min(near, key=lambda m: _distance(sentence, m, at))
            return DateReading(best.date, best.precision, True, True)
        return DateReading(None, "approximate", True, False)
    own = [m for m in mentions if m.date is not None and not m.background
           and _distance(sentence, m, at) <= _FARTHEST]
    if own:
        best = min(own, key=lambda m: _distance(sentence, m, at))
        return DateReading(best.date, best.precision, False, True)
    if doc_date is None:
        return DateReading(None, "approximate", False, False)
    return DateReading(doc_date, "approximate" if doc_approximate else "day", False, False)


def resolve_date(sentence: str, doc_date: date | None,
                 doc_approximate: bool = False, *, at: int | None = None
                 ) -> tuple[date | None, str]:
    """(event date, precision) for the event at ``at`` (default: the sentence's first)."""
    r = event_date(sentence, doc_date, doc_approximate, at=at or 0)
    return r.date, r.precision
