"""The principal event of a sentence: the one a sentence-level gold label describes."""

from __future__ import annotations

from comity.model import Event

_STATUS_RANK = {"asserted": 0, "intended": 1, "hypothetical": 2, "negated": 3, "assessment": 4}


def principal_event(events: list[Event]) -> Event | None:
    """The sentence's main event (see docs/extraction.md)."""
    pool = [e for e in events if e.plover_type]
    if not pool:
        return None
    best = min(_STATUS_RANK.get(e.status, 5) for e in pool)
    pool = [e for e in pool if _STATUS_RANK.get(e.status, 5) == best]
    top = max(e.confidence for e in pool)
    close = [e for e in pool if e.confidence >= top - 0.05]
    return max(close, key=lambda e: (e.pentacode in (2, 4), e.confidence))
