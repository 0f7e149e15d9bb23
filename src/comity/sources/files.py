"""Reading input files safely: existence, size, UTF-8, with one-line errors."""

from __future__ import annotations

from pathlib import Path

from comity.sources.errors import SourceError


def read_text(path: str | Path) -> str:
    """The file's text; SourceError if missing, unreadable, empty or not UTF-8."""
    p = Path(path)
    if not p.exists():
        raise SourceError(str(path), "no such file")
    if p.is_dir():
        raise SourceError(str(path), "is a folder, not a file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SourceError(str(path), f"cannot read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise SourceError(str(path), "empty file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            str(path), f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", line
        ) from exc
    return text
