"""What every command shares: consoles, one-line errors, the options (defined once),
country and date arguments, the store, and progress reporting.

Imports stay light (Typer only; rich loads on first output); each command imports what it
needs itself.
"""

from __future__ import annotations

import calendar
import os
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer


class _Console:
    """A rich Console made on first use: CSV and JSON output never load rich."""

    def __init__(self, stderr: bool):
        self._stderr, self._console = stderr, None

    def __getattr__(self, name: str):
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr, highlight=False, soft_wrap=True)
        return getattr(self._console, name)


out = _Console(stderr=False)
err = _Console(stderr=True)


def escape(text: str) -> str:
    """User text for rich output: ``[`` can never open markup."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)

FORMATS = ("table", "csv", "json", "parquet")
ENGINES = ("duckdb", "spark")
FREQS = ("month", "quarter", "year")


def fail(message: str, code: int = 2):
    """Print one ``error:`` line (user text escaped, never parsed as markup) and exit."""
    err.print(f"[red]error:[/red] {escape(str(message))}")
    raise typer.Exit(code)


def warn(message: str) -> None:
    err.print(f"[yellow]warning:[/yellow] {escape(str(message))}")


def note(message: str) -> None:
    err.print(f"[dim]note:[/dim] {escape(str(message))}")


def say(message: str) -> None:
    """Print plain text to stdout, literally (no markup, no highlighting)."""
    out.print(escape(str(message)))


# -- options, defined once ------------------------------------------------------------

Db = Annotated[str | None, typer.Option(
    "--db", metavar="PATH", help="Store file (default: $COMITY_DB, else ./comity.duckdb).")]
Since = Annotated[str | None, typer.Option(
    "--since", metavar="DATE", help="From this date: YYYY, YYYY-MM or YYYY-MM-DD.")]
Until = Annotated[str | None, typer.Option(
    "--until", metavar="DATE", help="Up to the end of this date: YYYY, YYYY-MM or YYYY-MM-DD.")]
Directed = Annotated[bool, typer.Option(
    "--directed", help="Only A -> B (default: both directions).")]
Domain = Annotated[str | None, typer.Option(
    "--domain", metavar="NAME", help="Only events in this domain (energy, trade, security, ...).")]
Status = Annotated[str, typer.Option(
    "--status", metavar="STATUS",
    help="asserted, intended, hypothetical, negated, assessment, or all.")]
Format = Annotated[str, typer.Option(
    "--format", metavar="FORMAT", help="table, csv, json or parquet.")]
Out = Annotated[Path | None, typer.Option(
    "--out", metavar="FILE", help="Write to this file (needed for parquet).")]
Engine = Annotated[str, typer.Option("--engine", metavar="ENGINE", help="duckdb or spark.")]
Freq = Annotated[str, typer.Option("--freq", metavar="FREQ", help="month, quarter or year.")]
Model = Annotated[str, typer.Option(
    "--model", metavar="MODEL",
    help="Learned model: 'default' (shipped), a folder made by 'comity train', or 'none'.")]
Knowledge = Annotated[list[Path] | None, typer.Option(
    "--knowledge", metavar="YAML", help="Extra knowledge file (repeatable).")]
CountryA = Annotated[str, typer.Argument(metavar="A", help="A country: ISO3, ISO2, FIPS, COW or name.",
                                         show_default=False)]
CountryB = Annotated[str, typer.Argument(metavar="B", help="The other country.", show_default=False)]


# -- arguments ------------------------------------------------------------------------

def choice(value: str | None, allowed, option: str) -> str | None:
    if value is not None and value not in allowed:
        fail(f"unknown {option.lstrip('-')} {value!r} (use one of: {', '.join(allowed)})")
    return value


def status_filter(value: str) -> str | None:
    from comity.model import STATUSES

    choice(value, (*STATUSES, "all"), "--status")
    return None if value == "all" else value


def domain_filter(value: str | None) -> str | None:
    from comity.model import DOMAINS

    return choice(value, DOMAINS, "--domain")


def parse_date(value: str | None, option: str, end: bool = False) -> date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD; with ``end`` a year or month means its last day."""
    if value is None or value == "":
        return None
    parts = value.strip().split("-")
    try:
        if not 1 <= len(parts) <= 3 or len(parts[0]) != 4 or not all(p.isdigit() for p in parts):
            raise ValueError
        y = int(parts[0])
        if len(parts) == 3:
            return date(y, int(parts[1]), int(parts[2]))
        m = int(parts[1]) if len(parts) == 2 else (12 if end else 1)
        d = calendar.monthrange(y, m)[1] if end else 1
        return date(y, m, d)
    except (ValueError, OverflowError):
        fail(f"{option} {value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")


def date_range(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    lo, hi = parse_date(since, "--since"), parse_date(until, "--until", end=True)
    if lo and hi and lo > hi:
        fail(f"--since {since} is after --until {until}")
    return lo, hi


#: The order in which a country argument is read; a note says when another reading differs.
COUNTRY_SCHEMES = ("iso3", "cow_letter", "iso2", "fips", "cow", "name")
_SCHEME_NAMES = {"iso3": "ISO3", "cow_letter": "COW letters", "iso2": "ISO2",
                 "fips": "FIPS (GDELT geography)", "cow": "COW number", "name": "name"}


def readings(value: str) -> dict[str, str]:
    """Every scheme under which ``value`` names a country, and the ISO3 it names there."""
    from comity.codes.countries import _lookup

    found = {}
    for scheme in COUNTRY_SCHEMES:
        try:
            iso3 = _lookup(value, scheme)
        except (KeyError, ValueError):
            iso3 = None
        if iso3:
            found[scheme] = iso3
    return found


def country(value: str) -> str:
    """ISO3 from any code or name; a note on stderr when the code is ambiguous."""
    from comity.codes.countries import convert

    found = readings(value)
    if not found:
        fail(f"unknown country {value!r} (use ISO3 such as PAK, or ISO2, FIPS, COW or a name)")
    scheme, iso3 = next(iter(found.items()))
    others = {s: c for s, c in found.items() if c != iso3}
    for s, c in others.items():
        note(f"{value} read as {_SCHEME_NAMES[scheme]}: {iso3} ({convert(iso3, to='name')}); "
             f"in {_SCHEME_NAMES[s]} it is {c} ({convert(c, to='name')}): pass {c} for that")
    return iso3


# -- the store ------------------------------------------------------------------------

def db_path(db: str | None) -> str:
    from comity.store import default_db_path

    return db or default_db_path()


def open_store(db: str | None, read_only: bool = True):
    """The store, or one clean line: missing, foreign, newer, or locked by a writer."""
    from comity.store import Store, StoreError

    path = db_path(db)
    if read_only and path != ":memory:" and not Path(path).exists():
        fail(f"{path}: no such store; run 'comity ingest' first")
    if Path(path).is_dir():
        fail(f"{path}: is a directory, not a store file")
    try:
        return Store(path, read_only=read_only)
    except StoreError as exc:
        fail(str(exc))
    except Exception as exc:  # duckdb's lock and I/O errors carry long multi-line texts
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        fail(f"{path}: cannot open the store: {first}")


def needs_extra(exc: ImportError, extra: str | None) -> None:
    """One line naming what is missing and the extra that installs it (``None``: no extra)."""
    name = exc.name or getattr(exc.__cause__, "name", None)
    if not name:  # some libraries (Ibis) raise several lines of advice; keep the first
        name = (str(exc).strip().splitlines() or [type(exc).__name__])[0].rstrip(".")
    if extra is None:
        fail(f"a dependency is missing ({name}): reinstall comity, "
             "e.g. pip install -r requirements.lock")
    fail(f"this needs an optional part of comity ({name}): pip install 'comity[{extra}]'")


# -- progress ---------------------------------------------------------------------------

@contextmanager
def progress(label: str, every: float = 5.0):
    """``update(done, total, what)``: a rich bar in a terminal, else a line every ``every`` s."""
    if err.is_terminal and not os.environ.get("COMITY_PLAIN_PROGRESS"):
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        with Progress(TextColumn(f"[bold]{escape(label)}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.description}"), TimeElapsedColumn(),
                      TimeRemainingColumn(), console=err, transient=True) as bar:
            task = bar.add_task("", total=None)

            def update(done: int, total: int | None, what: str = "") -> None:
                bar.update(task, completed=done, total=total, description=escape(what))

            yield update
        return
    last = [0.0]

    def update(done: int, total: int | None, what: str = "") -> None:
        now = time.monotonic()
        if now - last[0] >= every or (total and done >= total):
            last[0] = now
            of = f"/{total}" if total else ""
            print(f"{label}: {done}{of} {what}".rstrip(), file=sys.stderr, flush=True)

    yield update


@contextmanager
def working(label: str, every: float = 10.0):
    """Work with no countable steps: a spinner in a terminal, else a line every ``every`` s."""
    if err.is_terminal and not os.environ.get("COMITY_PLAIN_PROGRESS"):
        with err.status(escape(label)):
            yield
        return
    import threading

    done = threading.Event()
    start = time.monotonic()

    def beat() -> None:
        while not done.wait(every):
            print(f"{label}: {time.monotonic() - start:.0f} s", file=sys.stderr, flush=True)

    print(f"{label} ...", file=sys.stderr, flush=True)
    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
