"""Plain-text articles, with an optional ``NAME.meta.json`` sidecar for metadata."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from comity.model import Document
from comity.sources.clean import clean_text
from comity.sources.dates import parse_date
from comity.sources.errors import SourceError
from comity.sources.files import MAX_LINE_BYTES, read_text

_META_KEYS = {"title", "url", "source", "kind", "published", "date", "date_approximate",
              "published_is_approximate", "language", "doc_id", "id"}


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + ".meta.json")


def read_sidecar(path: Path) -> dict:
    meta_path = sidecar_path(path)
    if not meta_path.exists():
        return {}
    try:
        meta = json.loads(read_text(meta_path))
    except json.JSONDecodeError as exc:
        raise SourceError(str(meta_path), f"invalid JSON ({exc.msg})", exc.lineno) from exc
    if not isinstance(meta, dict):
        raise SourceError(str(meta_path), "metadata must be a JSON object")
    bad = [k for k in ("title", "url", "source", "kind", "language")
           if meta.get(k) is not None and not isinstance(meta[k], str | int | float)]
    if bad:
        raise SourceError(str(meta_path), f"metadata {bad[0]!r} must be a string")
    return meta


def document_from_meta(text: str, meta: dict, path: str, default_source: str) -> Document:
    """A Document from cleaned text and a metadata dict (sidecar or JSONL record)."""
    raw_date = meta.get("published") or meta.get("date")
    try:
        published = parse_date(raw_date)
    except ValueError as exc:
        raise SourceError(path, str(exc)) from exc
    return Document(
        text=text,
        source=str(meta.get("source") or default_source),
        title=str(meta.get("title") or ""),
        url=str(meta.get("url") or ""),
        published=published,
        date_approximate=bool(
            meta.get("date_approximate") or meta.get("published_is_approximate") or False
        ),
        kind=str(meta.get("kind") or "news"),
        language=str(meta.get("language") or "en"),
        path=path,
        external_id=str(meta.get("doc_id") or meta.get("id") or ""),
    )


def read_text_file(path: str | Path) -> Iterator[Document]:
    p = Path(path)
    text = clean_text(read_text(p, max_line=MAX_LINE_BYTES))
    if not text:
        raise SourceError(str(p), "no text left after removing boilerplate")
    meta = read_sidecar(p)
    yield document_from_meta(text, meta, str(p), default_source=p.parent.name or "file")
