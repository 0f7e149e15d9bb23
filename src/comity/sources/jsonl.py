"""JSON Lines: one article per line (id, title, text, published, url, source)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from comity.model import Document
from comity.sources.clean import clean_text
from comity.sources.errors import RecordError, SourceError
from comity.sources.files import MAX_LINE_BYTES, check_size
from comity.sources.text import document_from_meta


def _lines(fh, limit: int | None = None) -> Iterator[tuple[int, bytes, bool]]:
    """(line number, bytes, too long) per line; a too-long line is skipped, not held."""
    limit = MAX_LINE_BYTES if limit is None else limit
    lineno = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield lineno, b"", True
            continue
        yield lineno, raw, False


def read_jsonl_file(path: str | Path) -> Iterator[Document | RecordError]:
    """Yield a Document per good line and a RecordError per bad one (never stops early)."""
    p = Path(path)
    if not p.exists():
        raise SourceError(str(p), "no such file")
    if p.is_dir():
        raise SourceError(str(p), "is a folder, not a file")
    check_size(p)
    any_line = False
    with open(p, "rb") as fh:
        for lineno, raw, too_long in _lines(fh):
            if too_long:
                any_line = True
                yield RecordError(str(p), lineno, f"line longer than {MAX_LINE_BYTES:,} bytes")
                continue
            if not raw.strip():
                continue
            any_line = True
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield RecordError(str(p), lineno, "not UTF-8")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield RecordError(str(p), lineno, f"malformed JSON ({exc.msg})")
                continue
            except (RecursionError, ValueError) as exc:  # nesting too deep, huge numbers
                yield RecordError(str(p), lineno, f"unreadable JSON ({type(exc).__name__})")
                continue
            if not isinstance(rec, dict):
                yield RecordError(str(p), lineno, "expected a JSON object")
                continue
            try:
                json.dumps(rec, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:
                yield RecordError(str(p), lineno, "invalid Unicode (an unpaired surrogate escape)")
                continue
            text = rec.get("text") or rec.get("body") or rec.get("content")
            text = text if isinstance(text, str) else None
            if not text or not text.strip():
                yield RecordError(str(p), lineno, "record has no 'text'")
                continue
            try:
                doc = document_from_meta(clean_text(text), rec, f"{p}:{lineno}",
                                         default_source=p.stem)
            except SourceError as exc:
                yield RecordError(str(p), lineno, exc.message)
                continue
            if not doc.text:
                yield RecordError(str(p), lineno, "no text left after removing boilerplate")
                continue
            yield doc
    if not any_line:
        raise SourceError(str(p), "empty file")
