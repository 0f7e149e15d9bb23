"""What the dashboard reads: one read-only store per request, filters, countries.

Every figure comes from :mod:`comity.analysis`; this module only opens the
store, resolves what the user typed and narrows the analysis' own tables.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import pandas as pd

from comity.analysis.checks import AnalysisError, as_date, iso3
from comity.codes.countries import all_countries, convert
from comity.store.store import Store, StoreError

SOURCES = ("news", "gdelt", "icews", "polecat", "acled")
STATUSES = ("asserted", "intended", "hypothetical", "negated", "assessment", "all")


class StoreBusy(Exception):
    """The store is locked by a writer (an ingest); the user should retry."""


@contextmanager
def open_store(path: str):
    """The store at ``path``, read-only, closed on exit; StoreBusy while it is locked."""
    try:
        store = Store(path, read_only=True)
    except (StoreError, duckdb.IOException) as exc:
        if "lock" in str(exc).lower():
            raise StoreBusy(str(exc)) from exc
        raise
    try:
        yield store
    except duckdb.IOException as exc:
        raise StoreBusy(str(exc)) from exc
    finally:
        store.close()


def country_code(text: str | None) -> str:
    """An ISO3 code for a name or any code scheme ("Pakistan", "PK", "PAK", "770")."""
    t = (text or "").strip()
    if not t:
        raise AnalysisError("choose two countries")
    if t.isdigit():
        code = convert(t.zfill(3), "iso3", "iso_numeric") or convert(t, "iso3", "cow")
    else:
        code = convert(t, "iso3") or convert(t, "iso3", "fips") or convert(t, "iso3", "cameo")
    if code is None:
        raise AnalysisError(f"no country matches {t!r}")
    return iso3(code)


def country_choices() -> list[tuple[str, str]]:
    """(ISO3, name) for the picker's suggestions."""
    return sorted((c.iso3, c.name) for c in all_countries(states_only=True))


@dataclass(frozen=True)
class Filters:
    """The dashboard's query: a dyad and what narrows it; built only from validated input."""

    a: str
    b: str
    since: object = None
    until: object = None
    domain: str | None = None
    status: str = "asserted"
    sources: tuple[str, ...] = ()

    @classmethod
    def parse(cls, a, b, since=None, until=None, domain=None, status="asserted", sources=()):
        status = (status or "asserted").strip().lower()
        if status not in STATUSES:
            raise AnalysisError(f"unknown status {status!r} (use {', '.join(STATUSES)})")
        bad = [s for s in sources if s not in SOURCES]
        if bad:
            raise AnalysisError(f"unknown source {bad[0]!r} (use {', '.join(SOURCES)})")
        return cls(
            country_code(a), country_code(b), as_date(since or None, "from date"),
            as_date(until or None, "to date"), (domain or "").strip().lower() or None, status,
            tuple(s for s in SOURCES if s in sources),
        )

    @property
    def analysis_status(self) -> str | None:
        return None if self.status == "all" else self.status

    def query(self, **over) -> dict:
        """Query parameters that reproduce these filters (for links and forms)."""
        q = {"a": self.a, "b": self.b, "since": self.since or "", "until": self.until or "",
             "domain": self.domain or "", "status": self.status}
        q.update(over)
        items = [(k, str(v)) for k, v in q.items() if v not in ("", None)]
        items += [("source", s) for s in self.sources]
        return items


def source_of(dataset: str | None) -> str:
    """The dashboard's source name for an event's ``dataset`` id (news when none)."""
    d = (dataset or "news").lower()
    return next((s for s in SOURCES if d.startswith(s)), d)


def keep_sources(df: pd.DataFrame, sources: tuple[str, ...]) -> pd.DataFrame:
    if not sources or df.empty or "dataset" not in df:
        return df
    return df[df["dataset"].map(source_of).isin(sources)]


def frame_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    """The frame as CSV or Parquet bytes (an export of what the table shows)."""
    if fmt == "csv":
        return df.to_csv(index=False).encode("utf-8")
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()
