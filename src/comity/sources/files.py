"""Reading input files safely: existence, size, line length, UTF-8, with one-line errors.

News inputs are bounded: a file over ``MAX_FILE_BYTES`` (``$COMITY_MAX_FILE_BYTES``) is
refused before it is read, and a text line over ``MAX_LINE_BYTES`` is refused with its
line number, so a hostile input cannot exhaust memory or the extractor.
"""

from __future__ import annotations

import os
from pathlib import Path

from comity.sources.errors import SourceError

#: Largest news file read (an RSS feed of a few thousand items is a few MB).
MAX_FILE_BYTES = 64 << 20
#: Longest line in a text file or a JSONL record.
MAX_LINE_BYTES = 4 << 20


def max_file_bytes() -> int:
    try:
        return int(os.environ.get("COMITY_MAX_FILE_BYTES", MAX_FILE_BYTES))
    except ValueError:
        return MAX_FILE_BYTES


def check_size(p: Path) -> None:
    """SourceError when the file is larger than news input can be."""
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise SourceError(str(p), f"cannot read ({exc.strerror or exc})") from exc
    if size > max_file_bytes():
        raise SourceError(
            str(p), f"{size:,} bytes is over the {max_file_bytes():,}-byte limit for a news file"
        )


def long_line(data: bytes, limit: int = MAX_LINE_BYTES) -> int | None:
    """The number of the first line longer than ``limit`` bytes, or None."""
    if len(data) <= limit:
        return None
    start, line = 0, 1
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if end - start > limit:
            return line
        start, line = end + 1, line + 1
    return None


def read_text(path: str | Path, max_line: int | None = None) -> str:
    """The file's text; SourceError if missing, unreadable, empty, too large or not UTF-8."""
    p = Path(path)
    if not p.exists():
        raise SourceError(str(path), "no such file")
    if p.is_dir():
        raise SourceError(str(path), "is a folder, not a file")
    check_size(p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SourceError(str(path), f"cannot read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise SourceError(str(path), "empty file")
    if max_line is not None and (line := long_line(data, max_line)) is not None:
        raise SourceError(str(path), f"line longer than {max_line:,} bytes", line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            str(path), f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", line
        ) from exc
    return text
