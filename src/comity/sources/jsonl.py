"""JSON Lines: one article per line (id, title, text, published, url, source)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from comity.model import Document
from comity.sources.clean import clean_text
from comity.sources.errors import RecordError, SourceError
from comity.sources.text import document_from_meta


def read_jsonl_file(path: str | Path) -> Iterator[Document | RecordError]:
    """Yield a Document per good line and a RecordError per bad one (never stops early)."""
    p = Path(path)
    if not p.exists():
        raise SourceError(str(p), "no such file")
    any_line = False
    with open(p, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
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
            if not isinstance(rec, dict):
                yield RecordError(str(p), lineno, "expected a JSON object")
                continue
            text = rec.get("text") or rec.get("body") or rec.get("content")
            if not isinstance(text, str) or not text.strip():
                yield RecordError(str(p), lineno, "record has no 'text'")
                continue
            try:
                yield document_from_meta(
                    clean_text(text), rec, f"{p}:{lineno}", default_source=p.stem
                )
            except SourceError as exc:
                yield RecordError(str(p), lineno, exc.message)
    if not any_line:
        raise SourceError(str(p), "empty file")
