"""The Python API: ``comity.open(db)`` for a store, ``comity.extract(text, date=...)``,
and one function per analysis that the command line and the dashboard call.

Results come back as pandas DataFrames (analysis) or lists of :class:`Event`.
Heavy modules (pandas, Ibis, the extractor) load inside the functions that need them,
so ``import comity.api`` stays cheap for the command line.

Analysis functions (each takes the store first, then the dyad or state):
``events``, ``dyad``/``dyad_rows``, ``meetings``, ``domains``, ``follow_through``,
``third_parties``, ``triads``, ``portfolio``, ``alignment``, ``breaks``; and
``write_brief(store, a, b, path)``.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from comity.model import Document, Event


def corpus_path() -> Path:
    """The bundled corpus folder."""
    return Path(str(resources.files("comity") / "data" / "corpus"))


def _model(model: str | Path | None):
    """The learned model: "default" (shipped), a folder, or None/"none" for rules only."""
    if model in (None, "", "none"):
        return None
    from comity.extract.learned import load_model

    return load_model(None if str(model) == "default" else Path(model))


def make_extractor(model: str | Path | None = "default",
                   knowledge: list[Path] | tuple[Path, ...] | None = None):
    """An extractor over the packaged knowledge (plus user files) and an optional model."""
    from comity.extract.pipeline import RuleExtractor
    from comity.knowledge.base import load_knowledge

    kb = load_knowledge(tuple(str(p) for p in knowledge or ()))
    if model not in (None, "", "none") and (
            str(model) == "default" or (Path(model) / "model.onnx").is_file()):
        from comity.extract.coder import load_coder

        # The production default: the learned coder first, the rules for what it leaves.
        return RuleExtractor(kb=kb, coder=load_coder(None if str(model) == "default" else model))
    return RuleExtractor(kb=kb, model=_model(model))


def read_one_document(file_or_text: str, day: date | None = None) -> Document:
    """A file (any news format; its first document) or literal text as a Document."""
    from comity.model import Document
    from comity.sources import SourceError, read_documents
    from comity.sources.clean import clean_text
    if not file_or_text.strip():
        raise SourceError("<text>", "empty text")
    path = Path(file_or_text)
    looks_like_path = len(file_or_text) < 4096 and "\n" not in file_or_text
    if looks_like_path and path.exists():
        for item in read_documents(path):
            if isinstance(item, Document):
                if day is not None:
                    item.published, item.date_approximate = day, False
                return item
        raise SourceError(str(path), "no readable document")
    if looks_like_path and (path.suffix in {".txt", ".html", ".jsonl", ".xml", ".rss"}
                            or "/" in file_or_text) and " " not in file_or_text:
        raise SourceError(str(path), "no such file")
    text = clean_text(file_or_text)
    if not text:
        raise SourceError("<text>", "empty text")
    return Document(text=text, published=day, source="<text>")


def extract(text: str, date: date | str | None = None, *, model="default",
            kind: str = "news") -> list[Event]:
    """Events in ``text`` (not stored).  ``date`` anchors relative dates and roles."""
    if isinstance(date, str):
        from datetime import date as _date

        date = _date.fromisoformat(date)
    from comity.model import Document
    from comity.sources.clean import clean_text

    extractor = make_extractor(model=model)
    doc = Document(text=clean_text(text), published=date, kind=kind, source="<text>")
    return extractor.extract(doc).events


def events_frame(events: list[Event]) -> pd.DataFrame:
    """Events as a DataFrame with DESIGN.md's column names."""
    import pandas as pd

    return pd.DataFrame([e.to_flat() for e in events])


def resolve_actor(phrase: str, on: date | None = None,
                  knowledge: list[Path] | None = None) -> dict | None:
    """Who ``phrase`` names on ``on``: name, country, sector, role, start, end (None if unknown)."""
    from comity.extract.actors import ActorFinder
    from comity.knowledge.base import load_knowledge

    kb = load_knowledge(tuple(str(p) for p in knowledge or ()))
    text = phrase.strip()
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    actors, locations = ActorFinder(kb).find(text, on)
    if not actors:
        return None
    actor = max(actors, key=lambda a: a.end - a.start)
    start = end = None
    if actor.kind == "person":
        person = next((p for p in kb.people if p.name == actor.name), None)
        role = person.role_on(on) if person else None
        if role is None and person and actor.role.startswith("former "):
            past = [r for r in person.roles if r.end is not None and on and r.end < on]
            role = max(past, key=lambda r: r.end) if past else None
        if role is not None:
            start = role.start.isoformat() if role.start else None
            end = role.end.isoformat() if role.end else None
    return {"name": actor.name, "country": actor.country, "sector": actor.sector,
            "role": actor.role or None, "start": start, "end": end}


# -- analyses: one function each, used by the command line, the dashboard and Comity ------

def events(store, a: str, b: str, **kw) -> pd.DataFrame:
    """The dyad's event rows with their documents (the evidence behind every count)."""
    from comity.analysis.events import dyad_events

    return dyad_events(store, a, b, **kw)


def dyad(store, a: str, b: str, **kw) -> pd.DataFrame:
    """Dense panel of the dyad's events by period (DataFrame)."""
    from comity.analysis.series import dyad_series

    return dyad_series(store, a, b, **kw)


def dyad_rows(store, a: str, b: str, **kw) -> tuple[list[str], list[tuple]]:
    """The same panel as (columns, rows of plain values): no pandas needed."""
    from comity.analysis.checks import SERIES_COLUMNS
    from comity.analysis.series import dyad_series_rows

    return SERIES_COLUMNS, dyad_series_rows(store, a, b, **kw)


def meetings(store, a: str, b: str, **kw) -> pd.DataFrame:
    from comity.analysis.meetings import meeting_history

    return meeting_history(store, a, b, **kw)


def domains(store, a: str, b: str, **kw) -> pd.DataFrame:
    from comity.analysis.domains import domain_tracks

    return domain_tracks(store, a, b, **kw)


def follow_through(store, a: str, b: str, **kw) -> pd.DataFrame:
    from comity.analysis.follow_through import follow_through as run

    return run(store, a, b, **kw)


def third_parties(store, a: str, b: str, **kw) -> pd.DataFrame:
    from comity.analysis.third_parties import third_parties as run

    return run(store, a, b, **kw)


def triads(store, a: str, b: str, **kw) -> pd.DataFrame:
    from comity.analysis.third_parties import triads as run

    return run(store, a, b, **kw)


def portfolio(store, state: str, concentration: bool = False, **kw) -> pd.DataFrame:
    """Partner shares of ``state`` by period, or their concentration (HHI)."""
    from comity.analysis.portfolio import partner_portfolio, portfolio_concentration

    return (portfolio_concentration if concentration else partner_portfolio)(store, state, **kw)


def alignment(store, a: str, b: str, **kw) -> pd.DataFrame:
    from comity.analysis.alignment import alignment as run

    return run(store, a, b, **kw)


def breaks(store, a: str, b: str, **kw) -> pd.DataFrame:
    from comity.analysis.breaks import trend_breaks

    return trend_breaks(store, a, b, **kw)


def write_brief(store, a: str, b: str, path: str | Path = "brief.html", **kw) -> Path:
    """Write the bilateral brief; the file's suffix chooses HTML, PDF or Markdown."""
    from comity.report.brief import write_brief as write

    return write(store, a, b, Path(path), **kw)


class Comity:
    """A store with the analyses over it; ``comity.open(db)`` makes one."""

    def __init__(self, db: str | Path | None = None, read_only: bool = False):
        from comity.store import Store

        self.store = Store(db, read_only=read_only)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Comity:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def ingest(self, *paths: str | Path, format: str | None = None, model="default"):
        """Load files, folders and http(s) URLs; a URL that cannot be fetched is a failed file."""
        from comity.ingest import FileResult, ingest_paths
        from comity.live import fetch_inputs

        fetched = fetch_inputs(paths)
        report = ingest_paths(self.store, fetched.paths, fmt=format,
                              extractor=lambda: make_extractor(model))
        for f in report.files:
            f.error = fetched.name(f.error)
        report.files += [FileResult(path=line.split(": ", 1)[0], error=line)
                         for line in fetched.failures]
        return report

    def documents(self) -> pd.DataFrame:
        return self.store.documents()

    def counts(self) -> dict[str, int]:
        return self.store.counts()

    def events(self, a: str, b: str, **kw) -> pd.DataFrame:
        return events(self.store, a, b, **kw)

    def dyad(self, a: str, b: str, **kw) -> pd.DataFrame:
        return dyad(self.store, a, b, **kw)

    def meetings(self, a: str, b: str, **kw) -> pd.DataFrame:
        return meetings(self.store, a, b, **kw)

    def brief(self, a: str, b: str, out: str | Path = "brief.html", **kw) -> Path:
        return write_brief(self.store, a, b, out, **kw)

    def domains(self, a: str, b: str, **kw) -> pd.DataFrame:
        return domains(self.store, a, b, **kw)

    def follow_through(self, a: str, b: str, **kw) -> pd.DataFrame:
        return follow_through(self.store, a, b, **kw)

    def third_parties(self, a: str, b: str, **kw) -> pd.DataFrame:
        return third_parties(self.store, a, b, **kw)

    def triads(self, a: str, b: str, **kw) -> pd.DataFrame:
        return triads(self.store, a, b, **kw)

    def portfolio(self, state: str, **kw) -> pd.DataFrame:
        return portfolio(self.store, state, **kw)

    def alignment(self, a: str, b: str, **kw) -> pd.DataFrame:
        return alignment(self.store, a, b, **kw)

    def breaks(self, a: str, b: str, **kw) -> pd.DataFrame:
        return breaks(self.store, a, b, **kw)


def open(db: str | Path | None = None, read_only: bool = False) -> Comity:  # noqa: A001
    """Open (or create) a comity store: ``comity.open("comity.duckdb")``."""
    return Comity(db, read_only=read_only)
