"""Drop page furniture (print/share widgets, cookie notes) from article text."""

from __future__ import annotations

import re

# Lines that are page widgets, not article text.  Matched on a whole line.
_BOILERPLATE_LINES = [
    r"print friendly,? pdf (?:&|and) email",
    r"print(?: this)?(?: article| page)?",
    r"share (?:this|on) (?:article|story|facebook|twitter|x|whatsapp|linkedin).*",
    r"(?:share|tweet|email|whatsapp|facebook|twitter|linkedin)(?:\s*[|/·•,]\s*(?:share|tweet|email|whatsapp|facebook|twitter|linkedin|print))+",
    r"click (?:here )?to (?:share|print|email).*",
    r"follow us on .*",
    r"subscribe to (?:our )?newsletter.*",
    r"(?:we use )?cookies? (?:policy|settings|help us).*",
    r"advertisement",
    r"read more:?",
    r"related (?:articles|stories|posts):?",
    r"all rights reserved\.?",
]
_LINE_RE = re.compile(r"^\s*(?:" + "|".join(_BOILERPLATE_LINES) + r")\s*$", re.IGNORECASE)
# The same widgets glued to the end of the last paragraph (common in scraped text).
_TAIL_RE = re.compile(r"\s*Print Friendly,? PDF (?:&|and) Email\s*$", re.IGNORECASE)


def clean_text(text: str) -> str:
    """Normalise line endings and whitespace, drop boilerplate lines and trailing widgets."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.lstrip("\ufeff")
    kept = [line.rstrip() for line in text.split("\n") if not _LINE_RE.match(line)]
    out = "\n".join(kept)
    out = _TAIL_RE.sub("", out)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip()
