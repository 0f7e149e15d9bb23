"""Sentence splitting with character offsets, aware of news abbreviations."""

from __future__ import annotations

import re

from comity.model import Sentence

# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt",
    "gov", "sen", "rep", "amb", "pres", "st", "mt", "ft", "jr", "sr", "no", "vs", "etc", "inc",
    "ltd", "co", "corp", "dept", "est", "approx", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m",
    "h.e", "fig", "min", "govt", "rs", "sh",
}
# Candidate boundary: end punctuation, optional closing quote/bracket, space, then an
# opening quote/bracket or an upper-case letter or digit.
_BOUNDARY = re.compile(r"([.!?]+)([\"'\u2019\u201d)\]]*)(\s+)(?=[\"'\u2018\u201c(\[]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"\n\s*\n")


def _is_abbreviation(text: str, dot_index: int) -> bool:
    start = dot_index
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot_index].lower().rstrip(".")
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    # Single capital initial ("J. Smith") or dotted acronym ("U.S.").
    return len(word) == 1 or ("." in word and len(word) <= 5)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with their offsets; paragraphs always end a sentence."""
    out: list[Sentence] = []
    for para in _paragraph_spans(text):
        p_start, p_end = para
        cursor = p_start
        for m in _BOUNDARY.finditer(text, p_start, p_end):
            punct_start = m.start(1)
            if m.group(1) == "." and _is_abbreviation(text, punct_start):
                continue
            end = m.end(2)
            _append(out, text, cursor, end)
            cursor = m.end(3)
        _append(out, text, cursor, p_end)
    for i, s in enumerate(out):
        s.index = i
    return out


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _PARAGRAPH.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    e = s + len(stripped)
    # Same length as the slice, so offsets in the sentence map onto the document.
    out.append(Sentence(text=stripped.replace("\n", " ").replace("\t", " "), start=s, end=e))


#: Longest "sentence" the later stages see, in whitespace tokens.  Real wire sentences run
#: about 30 tokens; text without punctuation is cut here so the work per sentence is bounded
#: and extraction stays linear in the input's length.
MAX_TOKENS = 120
_TOKEN = re.compile(r"\S+")


def bound_sentences(sentences: list[Sentence], max_tokens: int = MAX_TOKENS) -> list[Sentence]:
    """``sentences`` with every one longer than ``max_tokens`` tokens cut into pieces of at
    most that many (offsets kept; indices renumbered)."""
    out: list[Sentence] = []
    for s in sentences:
        if s.text.count(" ") < max_tokens:
            out.append(s)
            continue
        piece_start = None
        count = 0
        last_end = 0
        for m in _TOKEN.finditer(s.text):
            if piece_start is None:
                piece_start = m.start()
            count += 1
            last_end = m.end()
            if count == max_tokens:
                out.append(Sentence(text=s.text[piece_start:last_end],
                                    start=s.start + piece_start, end=s.start + last_end))
                piece_start, count = None, 0
        if piece_start is not None:
            out.append(Sentence(text=s.text[piece_start:last_end],
                                start=s.start + piece_start, end=s.start + last_end))
    for i, s in enumerate(out):
        s.index = i
    return out
