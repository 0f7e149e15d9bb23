"""The embedded store: one DuckDB file, migrated on open, written idempotently.

Every write of one input goes through :meth:`Store.transaction`, so a file that
fails leaves nothing half-written and what was stored before is untouched.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from comity.model import Actor, Document, Event
from comity.store.schema import DOCUMENT_COLUMNS, EVENT_COLUMNS, MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_DB = "comity.duckdb"


class StoreError(Exception):
    """A store that cannot be opened or is of a newer schema than this comity."""


def default_db_path() -> str:
    return os.environ.get("COMITY_DB") or DEFAULT_DB


def event_rows(events: Iterable[Event]) -> pd.DataFrame:
    """Events as a DataFrame with the events table's columns (domains ;-joined)."""
    import pandas as pd

    rows = []
    for e in events:
        flat = e.to_flat()
        flat["domains"] = ";".join(e.domains)
        rows.append({c: flat.get(c) for c in EVENT_COLUMNS})
    df = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    return df


def event_from_row(row: dict) -> Event:
    """An Event from an events-table row (domains split, NaN as None, dates as dates)."""
    import math

    fields = Event.__dataclass_fields__
    kw = {}
    for key, value in row.items():
        if key not in fields:
            continue
        if isinstance(value, float) and math.isnan(value):
            value = None
        kw[key] = value
    kw["domains"] = [d for d in (row.get("domains") or "").split(";") if d]
    d = kw.get("date")
    if isinstance(d, datetime):  # pandas Timestamps are datetimes
        kw["date"] = d.date()
    for key in ("plover_mode", "location_name", "sentence", "source_text", "target_text",
                "source_name", "target_name", "context", "cameo", "doc_id", "extractor",
                "source_event_id", "url"):
        if kw.get(key) is None:
            kw[key] = ""
    return Event(**kw)


class Store:
    """A comity store on a DuckDB file (``":memory:"`` for a throwaway one)."""

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool = False):
        self.path = str(path or default_db_path())
        if self.path != ":memory:":
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.exists():
                raise StoreError(f"{self.path}: folder {parent} does not exist")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open store ({exc})") from exc
        if not read_only:
            self._migrate()

    # -- schema --------------------------------------------------------------
    def schema_version(self) -> int:
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.CatalogException:
            return 0
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {current} is newer than this comity "
                f"({SCHEMA_VERSION}); upgrade comity"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in MIGRATIONS[version - 1]:
                    self.con.execute(statement)
                self.con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)]
                )

    # -- transactions --------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writes --------------------------------------------------------------
    def has_document(self, doc: Document) -> bool:
        row = self.con.execute(
            "SELECT 1 FROM documents WHERE doc_id = ? LIMIT 1", [doc.doc_id]
        ).fetchone()
        return row is not None

    def write_documents(
        self, items: Iterable[tuple[Document, list[Event], list[Actor]]], merge=None
    ) -> tuple[int, int]:
        """Write documents with their events and actor mentions; returns (new docs, new events).

        Call inside :meth:`transaction`. Documents already stored are skipped,
        so writing the same input twice adds nothing.  ``merge(new, stored)`` (e.g.
        ``extract.dedupe.dedupe``) groups reports of one event, across documents, into
        clusters; each cluster becomes one event row with a mention per report.
        """
        now = datetime.now()
        doc_rows, events, actor_rows = [], [], []
        seen: set[str] = set()
        for doc, doc_events, actors in items:
            if doc.doc_id in seen or self.has_document(doc):
                continue
            seen.add(doc.doc_id)
            doc_rows.append(
                {
                    "doc_id": doc.doc_id,
                    "source": doc.source,
                    "content_hash": doc.content_hash,
                    "title": doc.title,
                    "url": doc.url,
                    "published": doc.published,
                    "date_approximate": doc.date_approximate,
                    "kind": doc.kind,
                    "language": doc.language,
                    "path": doc.path,
                    "external_id": doc.external_id,
                    "text": doc.text,
                    "ingested_at": now,
                }
            )
            events.extend(doc_events)
            actor_rows.extend(
                (doc.doc_id, a.sentence_index, a.text, a.name, a.country, a.sector, a.kind,
                 a.start, a.end)
                for a in actors
            )
        if doc_rows:
            import pandas as pd

            docs_df = pd.DataFrame(doc_rows, columns=list(DOCUMENT_COLUMNS))
            docs_df["published"] = pd.to_datetime(docs_df["published"])
            self.con.register("_new_docs", docs_df)
            self.con.execute("INSERT INTO documents SELECT * FROM _new_docs")
            self.con.unregister("_new_docs")
        if actor_rows:
            import pandas as pd

            cols = ["doc_id", "sentence_index", "text", "name", "country", "sector", "kind",
                    "start", "end"]
            self.con.register("_new_actors", pd.DataFrame(actor_rows, columns=cols))
            self.con.execute("INSERT INTO actor_mentions SELECT * FROM _new_actors")
            self.con.unregister("_new_actors")
        if merge is None:
            return len(doc_rows), self.write_events(events)
        return len(doc_rows), self._write_merged(events, merge)

    def candidate_events(self, events: list[Event], window_days: int = 7) -> list[Event]:
        """Stored news events that reports in ``events`` may repeat (same types, near dates)."""
        dates = [e.date for e in events if e.date is not None]
        types = sorted({e.plover_type for e in events if e.plover_type})
        if not dates or not types:
            return []
        from datetime import timedelta

        marks = ", ".join("?" for _ in types)
        df = self.query(
            f"""SELECT * FROM events WHERE dataset = 'news' AND plover_type IN ({marks})
            AND date BETWEEN ? AND ?""",
            [*types, min(dates) - timedelta(days=window_days),
             max(dates) + timedelta(days=window_days)],
        )
        return [event_from_row(r) for r in df.to_dict("records")]

    def _write_merged(self, events: list[Event], merge) -> int:
        stored = self.candidate_events(events)
        stored_ids = {id(e) for e in stored}
        new_rows: list[Event] = []
        extra_mentions: list[tuple] = []
        for cluster in merge(events, stored):
            canon = cluster.event
            if cluster.existing:
                self.con.execute(
                    "UPDATE events SET num_mentions = ?, domains = ? WHERE event_id = ?",
                    [canon.num_mentions, ";".join(canon.domains), canon.event_id],
                )
                for d in canon.domains:
                    self.con.execute(
                        """INSERT INTO event_domains SELECT ?, ? WHERE NOT EXISTS (SELECT 1
                        FROM event_domains WHERE event_id = ? AND domain = ?)""",
                        [canon.event_id, d, canon.event_id, d])
            else:
                new_rows.append(canon)
            for m in cluster.mentions:
                if id(m) not in stored_ids:
                    extra_mentions.append((canon.event_id, m.doc_id, m.sentence, m.start,
                                           m.end, m.confidence))
        added = self.write_events(new_rows)
        for row in extra_mentions:
            self.con.execute(
                """INSERT INTO mentions SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1
                FROM mentions WHERE event_id = ? AND doc_id = ? AND "start" = ?)""",
                [*row, row[0], row[1], row[3]])
        return added

    def write_events(self, events: Iterable[Event]) -> int:
        """Insert events not yet stored (by event_id); returns how many were new."""
        df = event_rows(events)
        if df.empty:
            return 0
        return self.write_event_frame(df)

    def write_event_frame(self, df: pd.DataFrame) -> int:
        """Insert an events-shaped frame, skipping event_ids already stored."""
        import pandas as pd

        df = df.drop_duplicates("event_id")
        df["date"] = pd.to_datetime(df["date"])
        self.con.register("_new_events", df)
        try:
            cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
            before = self.count("events")
            self.con.execute(
                f"""INSERT INTO events ({cols})
                SELECT {cols} FROM _new_events n
                WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = n.event_id)"""
            )
            added = self.count("events") - before
            self.con.execute(
                """INSERT INTO event_domains
                SELECT n.event_id, trim(d.domain) FROM _new_events n,
                  unnest(string_split(n.domains, ';')) AS d(domain)
                WHERE n.domains <> '' AND NOT EXISTS
                  (SELECT 1 FROM event_domains x WHERE x.event_id = n.event_id)"""
            )
            self.con.execute(
                """INSERT INTO mentions
                SELECT event_id, doc_id, sentence, "start", "end", confidence
                FROM _new_events n WHERE n.doc_id IS NOT NULL AND n.doc_id <> ''
                AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = n.event_id
                                AND m.doc_id = n.doc_id AND m."start" = n."start")"""
            )
        finally:
            self.con.unregister("_new_events")
        return added

    def log_ingest(self, path: str, fmt: str, read: int, loaded: int, rejected: int) -> None:
        self.con.execute(
            "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?)",
            [path, fmt, read, loaded, rejected, datetime.now()],
        )

    # -- reads ---------------------------------------------------------------
    def count(self, table: str) -> int:
        if table not in {"documents", "events", "event_domains", "mentions", "actor_mentions", "ingests"}:
            raise ValueError(f"unknown table {table!r}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def counts(self) -> dict[str, int]:
        return {t: self.count(t) for t in ("documents", "events", "mentions")}

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def documents(self) -> pd.DataFrame:
        return self.query("SELECT * EXCLUDE (text) FROM documents ORDER BY published, doc_id")

    def document(self, doc_id: str) -> dict | None:
        df = self.query("SELECT * FROM documents WHERE doc_id = ?", [doc_id])
        return None if df.empty else df.iloc[0].to_dict()
