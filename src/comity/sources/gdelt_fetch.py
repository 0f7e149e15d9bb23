"""GDELT's file lists: which files cover a date range, where they are, and are they intact.

GDELT 2.0 publishes one ``masterfilelist.txt`` (``SIZE MD5 URL`` per line) for its
15-minute ``export`` (events), ``mentions`` and ``gkg`` files.  GDELT 1.0 publishes, per
folder (``/events/``, ``/gkg/``), an ``md5sums`` file (``MD5  NAME``) and a ``filesizes``
file (``SIZE NAME``); its events come as yearly (1979-2005), monthly (2006 - March 2013)
and daily files.  This module parses those lists, picks the files of a date range and
table, maps their URLs onto a mirror, and checks a downloaded file's size and MD5.
It reads and writes no store.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_BASE = "https://data.gdeltproject.org"
TABLES = ("events", "mentions", "gkg")
#: Reader format of each (version, table) comity can ingest; gkg has no reader.
INGEST_FORMATS = {(2, "events"): "gdelt2", (2, "mentions"): "gdelt2-mentions",
                  (1, "events"): "gdelt1"}

_V2_NAME = re.compile(r"^(\d{14})\.(?:(translation)\.)?(export|mentions|gkg)\.csv\.zip$", re.I)
_V2_TABLE = {"export": "events", "mentions": "mentions", "gkg": "gkg"}
_V1_EVENTS = re.compile(r"^(\d{4}|\d{6}|\d{8}\.export\.csv)\.zip$", re.I)
_V1_GKG = re.compile(r"^(\d{8})\.gkg\.csv\.zip$", re.I)
_MD5 = re.compile(r"^[0-9a-f]{32}$", re.I)


class ListError(ValueError):
    """A file list that cannot be used at all (nothing in it parses)."""


@dataclass(frozen=True)
class ListedFile:
    """One file of a GDELT list: where it is, how big, its MD5, and the days it covers."""

    url: str
    name: str
    table: str
    first_day: date
    last_day: date
    size: int | None = None
    md5: str | None = None

    def covers(self, since: date, until: date) -> bool:
        return self.first_day <= until and self.last_day >= since


def list_urls(version: int, table: str, base: str = DEFAULT_BASE) -> list[str]:
    """The list file(s) to read for a version and table (GDELT 1: md5sums, then filesizes)."""
    base = base.rstrip("/")
    if version == 2:
        return [f"{base}/gdeltv2/masterfilelist.txt"]
    folder = "gkg" if table == "gkg" else "events"
    return [f"{base}/{folder}/md5sums", f"{base}/{folder}/filesizes"]


def check_choice(version: int, table: str) -> None:
    if version not in (1, 2):
        raise ValueError(f"--version must be 1 or 2, not {version}")
    if table not in TABLES:
        raise ValueError(f"--table must be one of {', '.join(TABLES)}, not {table!r}")
    if version == 1 and table == "mentions":
        raise ValueError("GDELT 1.0 has no mentions table (use --version 2)")


def on_mirror(url: str, base: str) -> str:
    """``url`` on the server ``base``: same path, under base's scheme, host and prefix."""
    parts = urlsplit(url)
    return base.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")


def _v2_file(url: str, size: int | None, md5: str | None) -> ListedFile | None:
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    m = _V2_NAME.match(name)
    if not m or m.group(2):  # translingual files come in their own list
        return None
    stamp = m.group(1)
    try:
        day = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
    except ValueError:
        return None
    return ListedFile(url, name, _V2_TABLE[m.group(3).lower()], day, day, size, md5)


def parse_master_list(lines: Iterable[str], source: str = "masterfilelist.txt",
                      errors: list[str] | None = None) -> Iterator[ListedFile]:
    """GDELT 2.0 ``SIZE MD5 URL`` lines as files; lines that do not parse go to ``errors``."""
    for n, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 3 or not parts[0].isdigit() or not _MD5.match(parts[1]):
            if errors is not None:
                errors.append(f"{source}:{n}: not 'SIZE MD5 URL'")
            continue
        listed = _v2_file(parts[2], int(parts[0]), parts[1].lower())
        if listed is not None:
            yield listed


def _period(stem: str) -> tuple[date, date] | None:
    """The days a GDELT 1.0 file covers from its name: YYYY, YYYYMM or YYYYMMDD."""
    digits = stem[:8] if stem[:8].isdigit() else stem[:6] if stem[:6].isdigit() else stem[:4]
    try:
        if len(digits) == 8:
            d = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
            return d, d
        if len(digits) == 6:
            y, m = int(digits[:4]), int(digits[4:6])
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        if len(digits) == 4 and digits.isdigit():
            y = int(digits)
            return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None
    return None


def parse_v1_lists(md5_lines: Iterable[str], size_lines: Iterable[str], folder_url: str,
                   table: str, errors: list[str] | None = None) -> list[ListedFile]:
    """GDELT 1.0 ``md5sums`` + ``filesizes`` of one folder as files of ``table``."""
    sizes: dict[str, int] = {}
    for n, raw in enumerate(size_lines, start=1):
        parts = raw.split()
        if len(parts) == 2 and parts[0].isdigit():
            sizes[parts[1]] = int(parts[0])
        elif raw.strip() and errors is not None:
            errors.append(f"filesizes:{n}: not 'SIZE NAME'")
    pattern = _V1_GKG if table == "gkg" else _V1_EVENTS
    out = []
    for n, raw in enumerate(md5_lines, start=1):
        parts = raw.split()
        if len(parts) != 2 or not _MD5.match(parts[0]):
            if raw.strip() and errors is not None:
                errors.append(f"md5sums:{n}: not 'MD5  NAME'")
            continue
        md5, name = parts[0].lower(), parts[1].lstrip("*")
        if not pattern.match(name):
            continue
        period = _period(name)
        if period is None:
            continue
        out.append(ListedFile(f"{folder_url.rstrip('/')}/{name}", name, table, *period,
                              sizes.get(name), md5))
    return out


def select(files: Iterable[ListedFile], since: date, until: date, table: str) -> list[ListedFile]:
    """The files of ``table`` that cover any day from ``since`` to ``until``, oldest first."""
    chosen = {f.name: f for f in files if f.table == table and f.covers(since, until)}
    return sorted(chosen.values(), key=lambda f: (f.first_day, f.name))


def verify(path: Path, listed: ListedFile) -> str | None:
    """None when ``path`` has the listed size and MD5, else what is wrong (one phrase)."""
    size = path.stat().st_size
    if listed.size is not None and size != listed.size:
        return f"size {size} bytes, the list says {listed.size}"
    if listed.md5:
        digest = hashlib.md5(usedforsecurity=False)
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        if digest.hexdigest() != listed.md5:
            return f"MD5 {digest.hexdigest()}, the list says {listed.md5}"
    return None
