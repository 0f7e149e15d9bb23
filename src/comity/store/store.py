"""The embedded store: one DuckDB file, migrated on open, written idempotently.

Every write of one input goes through :meth:`Store.transaction`, so a file that
fails leaves nothing half-written and what was stored before is untouched.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from comity.model import Actor, Document, Event, date_in_range
from comity.store.schema import DOCUMENT_COLUMNS, EVENT_COLUMNS, MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_DB = "comity.duckdb"


class StoreError(Exception):
    """A store that cannot be opened: not a comity store, newer schema, missing folder."""


class StoreBusy(StoreError):
    """Another process holds the store's file lock longer than we wait."""


def default_db_path() -> str:
    return os.environ.get("COMITY_DB") or DEFAULT_DB


def event_rows(events: Iterable[Event]) -> pd.DataFrame:
    """Events as a DataFrame with the events table's columns (domains ;-joined)."""
    import pandas as pd

    rows = []
    for e in events:
        flat = e.to_flat()
        flat["domains"] = ";".join(e.domains)
        if e.date is not None and not date_in_range(e.date):
            flat["date"] = None  # a date no calendar of events holds: stored undated
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


#: DuckDB files start with 8 bytes of checksum, then this magic.
_DUCKDB_MAGIC = b"DUCK"
#: Seconds a reader or a second writer waits for a busy store (``$COMITY_BUSY_TIMEOUT``).
DEFAULT_WAIT = 10.0


def busy_timeout() -> float:
    try:
        return float(os.environ.get("COMITY_BUSY_TIMEOUT", DEFAULT_WAIT))
    except ValueError:
        return DEFAULT_WAIT


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() or "different configuration" in text


def _lock_holder(exc: Exception) -> str:
    m = re.search(r"Conflicting lock is held in (.+?) \(PID (\d+)\)", str(exc))
    return f"held by PID {m.group(2)} ({Path(m.group(1)).name})" if m else "held by another connection"


def connect(path: str, read_only: bool, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection; waits with backoff while another process holds the file lock.

    After ``wait`` seconds: :class:`StoreBusy`, one line naming the lock and its holder.
    """
    deadline = time.monotonic() + (busy_timeout() if wait is None else wait)
    delay = 0.02
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise StoreError(f"{path}: cannot open store ({str(exc).splitlines()[0]})") from exc
            if time.monotonic() >= deadline:
                raise StoreBusy(
                    f"{path}: store is busy (file lock {_lock_holder(exc)}); retry when it is done"
                ) from None
            time.sleep(min(delay, max(deadline - time.monotonic(), 0.0)))
            delay = min(delay * 2, 0.5)


def inspect_file(path: str, wait: float | None = None) -> int | None:
    """The comity schema version of an existing file (None if there is no file yet).

    Opens the file read-only, so a file that is refused is left byte for byte as it was:
    a file that is not DuckDB, a DuckDB database that is not a comity store, or a store
    of a newer schema than this comity.
    """
    p = Path(path)
    if not p.exists() or p.stat().st_size == 0:
        return None
    if p.is_dir():
        raise StoreError(f"{path}: is a folder, not a store file")
    with open(p, "rb") as fh:
        head = fh.read(12)
    if head[8:12] != _DUCKDB_MAGIC:
        raise StoreError(f"{path}: not a DuckDB file, so not a comity store; left untouched")
    con = connect(path, read_only=True, wait=wait)
    try:
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()}
        version = None
        if "meta" in tables:
            try:
                row = con.execute(
                    "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                version = int(row[0]) if row else None
            except (duckdb.Error, ValueError, TypeError):
                version = None
    finally:
        con.close()
    if version is None:
        if not tables:
            return 0  # an empty DuckDB database: nothing to harm, it becomes a store
        listed = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(
            f"{path}: a DuckDB database but not a comity store (tables: {listed}); left untouched"
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: schema version {version} is newer than this comity "
            f"({SCHEMA_VERSION}); upgrade comity (file left untouched)"
        )
    return version


class Store:
    """A comity store on a DuckDB file (``":memory:"`` for a throwaway one).

    The file is refused untouched when it is not a comity store or is newer.  A writable
    store holds DuckDB's file lock only while it works: each :meth:`transaction` opens the
    connection, commits and closes it, so readers in other processes get in between files.
    Readers and a second writer wait up to ``wait`` seconds (``$COMITY_BUSY_TIMEOUT``, 10)
    for the lock, then fail with :class:`StoreBusy`.
    """

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool = False,
                 wait: float | None = None):
        self.path = str(path or default_db_path())
        self.read_only = read_only
        self.wait = wait
        self._con: duckdb.DuckDBPyConnection | None = None
        self._depth = 0
        if self.path == ":memory:":
            self._con = duckdb.connect(":memory:")
            self._migrate(0)
            return
        parent = Path(self.path).expanduser().resolve().parent
        if not parent.exists():
            raise StoreError(f"{self.path}: folder {parent} does not exist")
        version = inspect_file(self.path, wait)
        if version is None and read_only:
            raise StoreError(f"{self.path}: no store here (run comity ingest first)")
        if version is None or version < SCHEMA_VERSION:
            # a reader of an older store migrates it first, as a writer would
            con = connect(self.path, read_only=False, wait=wait)
            self._con = con
            try:
                self._migrate(version or 0)
            finally:
                self._con = None
                con.close()

    # -- connection ----------------------------------------------------------
    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection (opened on first use; writers close it after each write)."""
        if self._con is None:
            self._con = connect(self.path, read_only=self.read_only, wait=self.wait)
        return self._con

    def release(self) -> None:
        """Close the connection (and so the file lock) until the next use."""
        if self._con is not None and self.path != ":memory:" and self._depth == 0:
            self._con.close()
            self._con = None

    # -- schema --------------------------------------------------------------
    def schema_version(self) -> int:
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.CatalogException:
            return 0
        return int(row[0]) if row else 0

    def _migrate(self, current: int) -> None:
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction(release=False):
                for statement in MIGRATIONS[version - 1]:
                    self.con.execute(statement)
                self.con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)]
                )

    # -- transactions --------------------------------------------------------
    @contextmanager
    def transaction(self, release: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing; on a file, the lock is let go when the outermost one ends."""
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; cannot write")
        con = self.con
        if self._depth:  # nested: part of the outer transaction
            self._depth += 1
            try:
                yield con
            finally:
                self._depth -= 1
            return
        con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield con
        except BaseException:
            self._depth = 0
            con.execute("ROLLBACK")
            if release:
                self.release()
            raise
        self._depth = 0
        con.execute("COMMIT")
        if release:
            self.release()

    write = transaction

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writes --------------------------------------------------------------
    def stored_documents(self, doc_ids: list[str]) -> set[str]:
        """Which of these document ids the store holds."""
        if not doc_ids:
            return set()
        rows = self.con.execute(
            "SELECT doc_id FROM documents WHERE list_contains(?, doc_id)", [list(doc_ids)]
        ).fetchall()
        return {r[0] for r in rows}

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
                    "published": doc.published if date_in_range(doc.published) else None,
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

    def write_dataset(self, mapped) -> int:
        """Store one mapped dataset file (``sources.datasets.MappedDataset``); returns new rows.

        One short transaction: rows whose id is stored already, or repeated inside the file,
        are added once; ``event_domains`` and the ingest log are written with them.
        """
        src = f"read_parquet('{str(mapped.parquet).replace(chr(39), chr(39) * 2)}')"
        with self.transaction() as con:
            if mapped.kind == "mentions":
                before = self.count("dataset_mentions")
                con.execute(
                    f"""INSERT INTO dataset_mentions
                    SELECT DISTINCT ON (dataset, source_event_id, url, sentence_id) m.*
                    FROM {src} m WHERE NOT EXISTS (SELECT 1 FROM dataset_mentions d
                        WHERE d.dataset = m.dataset AND d.source_event_id = m.source_event_id
                        AND d.url IS NOT DISTINCT FROM m.url
                        AND d.sentence_id IS NOT DISTINCT FROM m.sentence_id)"""
                )
                loaded = self.count("dataset_mentions") - before
            else:
                loaded = self._insert_dataset_events(con, src, mapped.dataset)
            self.log_ingest(str(mapped.path), mapped.format, mapped.read, loaded, mapped.rejected)
        return loaded

    def _insert_dataset_events(self, con, src: str, dataset: str) -> int:
        cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
        before = con.execute("SELECT coalesce(max(rowid), -1) FROM events").fetchone()[0]
        # ids are dataset-prefixed, so only this dataset's rows can clash; a store without
        # any of it needs no anti-join
        stored = con.execute(
            "SELECT 1 FROM events WHERE dataset = ? LIMIT 1", [dataset]).fetchone()
        anti = ("WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.dataset = ? "
                "AND e.event_id = k.event_id)") if stored else ""
        con.execute(
            f"""INSERT INTO events ({cols})
            SELECT {cols} FROM (SELECT DISTINCT ON (event_id) * FROM {src}) k {anti}""",
            [dataset] if stored else [],
        )
        con.execute(
            """INSERT INTO event_domains SELECT event_id, trim(d.domain) FROM events,
              unnest(string_split(domains, ';')) AS d(domain)
            WHERE rowid > ? AND domains IS NOT NULL AND domains <> ''""",
            [before],
        )
        return con.execute("SELECT count(*) FROM events WHERE rowid > ?", [before]).fetchone()[0]

    # -- reads ---------------------------------------------------------------
    def count(self, table: str) -> int:
        if table not in {"documents", "events", "event_domains", "mentions", "actor_mentions",
                         "ingests", "dataset_mentions"}:
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
