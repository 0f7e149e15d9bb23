"""Readers: one per input format, each yielding Documents (news) as a stream.

Coded event datasets (GDELT, ICEWS, POLECAT, ACLED) go straight to the store in
bulk through :mod:`comity.sources.datasets`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from comity.model import Document
from comity.sources.errors import RecordError, SourceError
from comity.sources.html import read_html_file
from comity.sources.jsonl import read_jsonl_file
from comity.sources.rss import read_feed_file
from comity.sources.text import read_text_file

NEWS_READERS: dict[str, Callable[[Path], Iterator[Document | RecordError]]] = {
    "text": read_text_file,
    "html": read_html_file,
    "jsonl": read_jsonl_file,
    "rss": read_feed_file,
}
_SUFFIXES = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "rss", ".atom": "rss", ".xml": "rss",
}
#: Files never read as input when walking a folder.
_SKIP_NAMES = {"README.md", "LICENSE"}

__all__ = ["NEWS_READERS", "RecordError", "SourceError", "detect_format", "expand_paths",
           "read_documents"]


def _dataset_format(path: Path) -> str | None:
    try:
        from comity.sources.datasets import detect_dataset_format
    except ImportError:  # pragma: no cover - datasets readers not installed
        return None
    return detect_dataset_format(path)


def detect_format(path: str | Path) -> str:
    """The reader for a file, from its suffix and, for ambiguous ones, its first bytes."""
    p = Path(path)
    if not p.exists():
        raise SourceError(str(p), "no such file")
    if p.is_dir():
        raise SourceError(str(p), "is a folder, not a file")
    suffix = p.suffix.lower()
    if suffix in {".txt", ".xml", ""} or suffix not in _SUFFIXES:
        head = _head(p)
        if head.lstrip().startswith("<") and ("<rss" in head or "<feed" in head):
            return "rss"
        if head.lstrip().startswith("<") and "<html" in head.lower():
            return "html"
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    fmt = _dataset_format(p)
    if fmt:
        return fmt
    raise SourceError(str(p), f"unknown format (suffix {suffix or 'none'!r}); pass --format")


def _head(p: Path, size: int = 2048) -> str:
    try:
        with open(p, "rb") as fh:
            return fh.read(size).decode("utf-8", "replace")
    except OSError:
        return ""


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the input files inside folders named (sorted, sidecars skipped)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if (child.is_file() and not child.name.endswith(".meta.json")
                        and child.name not in _SKIP_NAMES and not child.name.startswith(".")):
                    out.append(child)
        else:
            out.append(p)  # missing files are reported by the reader
    return out


def read_documents(path: str | Path, fmt: str | None = None) -> Iterator[Document | RecordError]:
    """Documents (and per-record errors) from one news file; SourceError if it is unreadable."""
    p = Path(path)
    if not p.exists():
        raise SourceError(str(p), "no such file")
    fmt = fmt or detect_format(p)
    reader = NEWS_READERS.get(fmt)
    if reader is None:
        raise SourceError(str(p), f"format {fmt!r} is not a news format")
    return reader(p)
