"""Live data into the store: GDELT files by date range, and news by URL.

Both fetch first and open the store only once something verified is in hand, so a failed
fetch never creates or touches a store.  Loading goes through :func:`comity.ingest.ingest_paths`
(the same readers and idempotent writes as ``comity ingest FILE``); the store's ingest log
tells which GDELT files are already in.
"""

from __future__ import annotations

import json
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from comity.sources import gdelt_fetch as gf
from comity.sources.remote import Fetcher, FetchError, cache_root, looks_like_url

#: Seconds between two requests to GDELT's file server (a static file host).
GDELT_INTERVAL = 0.2
#: A master list may be large (GDELT 2.0's grows by three lines every 15 minutes).
MAX_LIST_BYTES = 2 * 1024**3


class FetchProblem(Exception):
    """Nothing can be fetched at all (the file list is unreachable or unreadable)."""


class FetchHooks:
    """Progress callbacks of :func:`fetch_gdelt`; the CLI draws them, tests may count them."""

    def start(self, files: int, total_bytes: int, skipped: int) -> None: ...
    def file(self, listed: gf.ListedFile) -> None: ...
    def bytes(self, n: int) -> None: ...
    def done(self, listed: gf.ListedFile, rows: int) -> None: ...
    def failed(self, listed: gf.ListedFile, message: str) -> None: ...
    def warning(self, line: str) -> None: ...


@dataclass
class GdeltFetchReport:
    listed: int = 0  # files of the table in the date range
    skipped: int = 0  # already ingested (or, for gkg, already downloaded and verified)
    downloaded: int = 0
    bytes: int = 0
    loaded_files: int = 0
    rows_read: int = 0
    rows_loaded: int = 0
    rejected: int = 0
    kept: list[str] = field(default_factory=list)  # files left on disk (gkg, --keep)
    failures: list[str] = field(default_factory=list)  # one line each
    ingested: bool = True  # False for a table comity has no reader for (gkg)


def _gdelt_interval() -> float:
    """Seconds between requests to GDELT's file server ($COMITY_FETCH_INTERVAL, else 0.2)."""
    return float(os.environ.get("COMITY_FETCH_INTERVAL") or GDELT_INTERVAL)


def download_dir(version: int) -> Path:
    return cache_root() / "gdelt" / f"v{version}"


def _lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8", errors="replace") as fh:
        yield from fh


def _last_day(path: Path) -> date | None:
    """The day of the newest file a cached GDELT 2.0 master list names."""
    with open(path, "rb") as fh:
        fh.seek(max(0, path.stat().st_size - 4096))
        tail = fh.read().decode("utf-8", "replace").splitlines()
    files = list(gf.parse_master_list(tail[1:] if len(tail) > 1 else tail))
    return max((f.last_day for f in files), default=None)


def _list_bodies(fetcher: Fetcher, version: int, table: str, base: str,
                 until: date | None) -> list[Path]:
    urls = gf.list_urls(version, table, base)
    if version == 2 and until is not None:
        # the master list only grows: a cached copy that goes past the range has its files
        # (a run with failures drops it, so a list GDELT corrected is read again)
        cached = fetcher.cached(urls[0])
        if cached is not None and (_last_day(cached.path) or date.min) > until:
            return [cached.path]
    try:
        return [fetcher.get(u, max_bytes=MAX_LIST_BYTES, robots=False).path for u in urls]
    except FetchError as exc:
        raise FetchProblem(f"cannot read GDELT's file list: {exc}") from exc


def list_files(fetcher: Fetcher, version: int, table: str, base: str, since: date, until: date,
               warn: Callable[[str], None] | None = None) -> list[gf.ListedFile]:
    """The files of ``table`` covering ``since``..``until`` in GDELT's list(s), oldest first,
    with URLs mapped onto ``base``.

    The list is read as a stream and only the range is kept.  A cached GDELT 2.0 master list
    that already goes past ``until`` is used without asking the server (the list only grows,
    and it is large).
    """
    errors: list[str] = []
    bodies = _list_bodies(fetcher, version, table, base, until)
    files, parsed = [], 0
    if version == 2:
        for f in gf.parse_master_list(_lines(bodies[0]), "masterfilelist.txt", errors):
            parsed += 1
            if f.table == table and f.covers(since, until):
                files.append(gf.ListedFile(gf.on_mirror(f.url, base), f.name, f.table,
                                           f.first_day, f.last_day, f.size, f.md5))
    else:
        folder = gf.list_urls(version, table, base)[0].rsplit("/", 1)[0]
        files = gf.parse_v1_lists(_lines(bodies[0]), _lines(bodies[1]), folder, table, errors)
        parsed = len(files)
    if not parsed and errors:
        raise FetchProblem(f"GDELT's file list has no usable line ({errors[0]})")
    if warn:
        for line in errors[:5]:
            warn(line)
    return gf.select(files, since, until, table)


def ingested_names(db: str | Path) -> set[str]:
    """File names the store's ingest log lists (an absent store has none)."""
    if str(db) != ":memory:" and not Path(db).exists():
        return set()
    from comity.store import Store

    with Store(db) as store:
        rows = store.con.execute("SELECT DISTINCT path FROM ingests").fetchall()
    return {Path(r[0]).name for r in rows}


def fetch_gdelt(
    db: str | Path,
    since: date,
    until: date,
    *,
    version: int = 2,
    table: str = "events",
    base_url: str | None = None,
    folder: str | Path | None = None,
    keep: bool = False,
    workers: int = 4,
    fetcher: Fetcher | None = None,
    hooks: FetchHooks | None = None,
) -> GdeltFetchReport:
    """Download GDELT's files for ``since``..``until`` (inclusive), check them, and load them.

    A file that fails (HTTP error, wrong size or MD5, unreadable) is reported through
    ``hooks.failed`` and left out of the ingest log, so the next run tries it again; the
    others still load.  ``workers`` downloads run ahead while a file loads (the fetcher's
    per-host pacing still spaces their requests).  Raises :class:`FetchProblem` (store untouched) when the list itself
    cannot be read, ValueError for a bad version/table/range.
    """
    gf.check_choice(version, table)
    if since > until:
        raise ValueError(f"--since {since} is after --until {until}")
    hooks = hooks or FetchHooks()
    base = (base_url or gf.DEFAULT_BASE).rstrip("/")
    fetcher = fetcher or Fetcher(deadline=3600, robots=False, min_interval=_gdelt_interval())
    folder = Path(folder) if folder else download_dir(version)
    fmt = gf.INGEST_FORMATS.get((version, table))
    report = GdeltFetchReport(ingested=fmt is not None)
    files = list_files(fetcher, version, table, base, since, until, hooks.warning)
    report.listed = len(files)
    done = ingested_names(db) if fmt else set()
    todo = []
    for f in files:
        if f.name in done or (fmt is None and _verified(folder / f.name, f)):
            report.skipped += 1
        else:
            todo.append(f)
    hooks.start(len(todo), sum(f.size or 0 for f in todo), report.skipped)
    lock = threading.Lock()

    def on_bytes(n: int) -> None:
        with lock:
            report.bytes += n
            hooks.bytes(n)

    store = None
    try:
        for f, (path, problem) in _downloads(fetcher, todo, folder, on_bytes, workers):
            hooks.file(f)
            if problem:
                _fail(report, hooks, f, problem)
                continue
            report.downloaded += 1
            if fmt is None:  # no reader: downloaded and verified, kept for the user
                report.kept.append(str(path))
                hooks.done(f, 0)
                continue
            if store is None:
                from comity.store import Store

                store = Store(db)  # created only now: a verified file is in hand
            _load(store, path, f, fmt, report, hooks)
            if keep:
                report.kept.append(str(path))
            else:
                path.unlink(missing_ok=True)
    finally:
        if store is not None:
            store.close()
        if report.failures:  # the next run reads a fresh list, in case it was the list
            for url in gf.list_urls(version, table, base):
                fetcher.forget(url)
    return report


def _verified(path: Path, listed: gf.ListedFile) -> bool:
    return path.exists() and gf.verify(path, listed) is None


def _downloads(fetcher: Fetcher, files: list[gf.ListedFile], folder: Path,
               on_bytes: Callable[[int], None], workers: int
               ) -> Iterator[tuple[gf.ListedFile, tuple[Path | None, str | None]]]:
    """(file, (path, problem)) in list order; up to ``workers`` downloads run ahead of the
    caller (which loads one file while the next ones arrive), never more than that."""
    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    pending: deque = deque()
    try:
        for f in files:
            pending.append((f, pool.submit(_download, fetcher, f, folder, on_bytes)))
            if len(pending) > workers:
                f0, fut = pending.popleft()
                yield f0, fut.result()
        while pending:
            f0, fut = pending.popleft()
            yield f0, fut.result()
    finally:
        if pending:  # stopped early (an error, Ctrl-C): cut the transfers still running
            fetcher.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        fetcher.cancel(stop=False)


def _download(fetcher: Fetcher, f: gf.ListedFile, folder: Path,
              on_bytes: Callable[[int], None]) -> tuple[Path | None, str | None]:
    """Fetch and check one file: (path, None), or (None, what went wrong in one line)."""
    dest = folder / f.name
    if _verified(dest, f):  # kept (--keep) or left by a run that stopped before loading it
        if f.size:
            on_bytes(f.size)
        return dest, None
    dest.unlink(missing_ok=True)
    try:
        fetcher.download(f.url, dest, expected_size=f.size, on_bytes=on_bytes)
    except FetchError as exc:
        return None, str(exc)
    problem = gf.verify(dest, f)
    if problem:
        dest.unlink(missing_ok=True)  # a corrupt copy is fetched again next time
        return None, f"{f.url}: {problem}; not loaded"
    return dest, None


def _load(store, path: Path, f: gf.ListedFile, fmt: str, report: GdeltFetchReport,
          hooks: FetchHooks) -> None:
    from comity.ingest import ingest_paths

    result = ingest_paths(store, [path], fmt=fmt).files[0]
    if result.error:
        _fail(report, hooks, f, result.error)
        return
    report.loaded_files += 1
    report.rows_read += result.read
    report.rows_loaded += result.loaded
    report.rejected += result.rejected
    if result.record_errors:
        more = len(result.record_errors) - 1
        hooks.warning(result.record_errors[0] + (f" (and {more} more rows rejected)" if more else ""))
    hooks.done(f, result.read)


def _fail(report: GdeltFetchReport, hooks: FetchHooks, f: gf.ListedFile, message: str) -> None:
    report.failures.append(message)
    hooks.failed(f, message)
    return None


# -- news by URL --------------------------------------------------------------


@dataclass
class FetchedInputs:
    """Command-line inputs with URLs replaced by fetched local copies."""

    paths: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)  # local copy -> URL

    def name(self, message: str) -> str:
        """``message`` with a fetched copy's path replaced by the URL it came from."""
        for path, url in self.urls.items():
            message = message.replace(path, url)
        return message


def fetch_inputs(args: Sequence[str | Path], fetcher: Fetcher | None = None) -> FetchedInputs:
    """Fetch the http(s) URLs among ``args`` (feeds, article pages, data files); keep the rest.

    Each URL is fetched with a conditional GET into the cache; an article page gets a
    ``.meta.json`` sidecar with its URL, so the stored document links back to it.  Call this
    before opening the store: a URL that fails is only a line in ``failures``.
    """
    fetcher = fetcher or Fetcher()
    out = FetchedInputs()
    for arg in args:
        text = str(arg)
        if not looks_like_url(text):
            out.paths.append(Path(arg))
            continue
        try:
            resp = fetcher.get(text)
        except FetchError as exc:
            out.failures.append(str(exc))
            continue
        if resp.path.suffix in (".html", ".htm"):
            sidecar = resp.path.with_name(resp.path.stem + ".meta.json")
            sidecar.write_text(json.dumps({"url": resp.final_url}), "utf-8")
        out.paths.append(resp.path)
        out.urls[str(resp.path)] = text
    return out
