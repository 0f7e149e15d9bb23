"""The ``clean`` stage's text work: page furniture out, headline and dateline split off.

A headline ("Russia, Pakistan hold talks") or a dateline ("ISLAMABAD, May 3 (Reuters) -")
glued to the first sentence makes its place a party and its words a clause.  The headline
becomes a paragraph of its own (so a sentence of its own: it often states the main event);
the dateline is blanked with spaces of the same length, so offsets still point into the
cleaned text and its place is never read as an actor.
"""

from __future__ import annotations

import re

from comity.sources.clean import clean_text

# "ISLAMABAD -", "NEW DELHI, March 3 (Reuters) --", "Moscow, 12 May (AFP) —", "BEIJING:".
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'\- ]{1,30}[A-Z.]|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})"
    r"(?:\s*,\s*(?:[A-Z][a-z]+\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+\.?)(?:,?\s+\d{4})?)?"
    r"(?:\s*\((?:[A-Za-z][\w .&-]{0,30})\)){0,2}"
    r"\s*(?:[-\u2013\u2014]{1,2}|:)\s+")
# A capitalised dateline place must look like one: all capitals, or followed by an agency.
_AGENCY = re.compile(r"\((?:[A-Za-z][\w .&-]{0,30})\)")
_SENTENCE_END = re.compile(r"[.!?:\"'\u201d\u2019)]\s*$")
_MAX_HEADLINE = 200


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def split_furniture(raw: str) -> tuple[str, str, str]:
    """(text with the headline set apart and the dateline blanked, headline, dateline place)."""
    text = clean_text(raw)
    headline = ""
    first_nl = text.find("\n")
    if first_nl > 0:
        first = text[:first_nl]
        rest = text[first_nl:].strip()
        if (first.strip() and len(first) <= _MAX_HEADLINE and rest
                and not _SENTENCE_END.search(first) and not _DATELINE.match(first)):
            # its own paragraph, so its own sentence: it often states the main event
            headline = first.strip()
            text = first + "\n\n" + text[first_nl:].lstrip("\n")
    dateline = ""
    body = len(headline) + 2 if headline else 0
    lead = body + len(text[body:]) - len(text[body:].lstrip())
    m = _DATELINE.match(text, lead)
    if m is not None:
        place = m.group("place")
        colon = m.group(0).rstrip().endswith(":") and " " not in place.strip()
        if place.isupper() or _AGENCY.search(m.group(0)) or colon:
            dateline = place.strip().title() if place.isupper() else place.strip()
            text = _blank(text, m.start(), m.end())
    return text, headline, dateline
