"""The store's schema, versioned: each migration moves the file up one version.

Tables are flat (no arrays) so the same analytics run on DuckDB and Spark:
an event's domains live in ``event_domains`` as one row per (event, domain),
beside a ``;``-joined copy in ``events.domains`` for reading.
"""

from __future__ import annotations

#: Column name -> DuckDB type for the events table, in table order.
EVENT_COLUMNS: dict[str, str] = {
    "event_id": "VARCHAR",
    "date": "DATE",
    "date_precision": "VARCHAR",
    "source_text": "VARCHAR",
    "source_name": "VARCHAR",
    "source_country": "VARCHAR",
    "source_sector": "VARCHAR",
    "target_text": "VARCHAR",
    "target_name": "VARCHAR",
    "target_country": "VARCHAR",
    "target_sector": "VARCHAR",
    "plover_type": "VARCHAR",
    "plover_mode": "VARCHAR",
    "context": "VARCHAR",
    "cameo": "VARCHAR",
    "quad_class": "TINYINT",
    "pentacode": "TINYINT",
    "goldstein": "DOUBLE",
    "domains": "VARCHAR",
    "status": "VARCHAR",
    "location_name": "VARCHAR",
    "location_country": "VARCHAR",
    "lat": "DOUBLE",
    "lon": "DOUBLE",
    "confidence": "DOUBLE",
    "doc_id": "VARCHAR",
    "sentence": "VARCHAR",
    "start": "INTEGER",
    "end": "INTEGER",
    "extractor": "VARCHAR",
    "dataset": "VARCHAR",
    "source_event_id": "VARCHAR",
    "url": "VARCHAR",
    "num_mentions": "INTEGER",
}

DOCUMENT_COLUMNS: dict[str, str] = {
    "doc_id": "VARCHAR",
    "source": "VARCHAR",
    "content_hash": "VARCHAR",
    "title": "VARCHAR",
    "url": "VARCHAR",
    "published": "DATE",
    "date_approximate": "BOOLEAN",
    "kind": "VARCHAR",
    "language": "VARCHAR",
    "path": "VARCHAR",
    "external_id": "VARCHAR",
    "text": "VARCHAR",
    "ingested_at": "TIMESTAMP",
}


def _table(name: str, columns: dict[str, str]) -> str:
    cols = ",\n  ".join(f'"{c}" {t}' for c, t in columns.items())
    return f"CREATE TABLE IF NOT EXISTS {name} (\n  {cols}\n)"


#: Ordered migrations; index + 1 is the schema version each one produces.
MIGRATIONS: list[list[str]] = [
    [
        "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        _table("documents", DOCUMENT_COLUMNS),
        _table("events", EVENT_COLUMNS),
        "CREATE TABLE IF NOT EXISTS event_domains (event_id VARCHAR, domain VARCHAR)",
        # One row per report of an event: several articles can report one event.
        """CREATE TABLE IF NOT EXISTS mentions (
            event_id VARCHAR, doc_id VARCHAR, sentence VARCHAR,
            "start" INTEGER, "end" INTEGER, confidence DOUBLE)""",
        # Every actor the extractor recognised, event or not: third parties
        # "mentioned alongside" a dyad come from here.
        """CREATE TABLE IF NOT EXISTS actor_mentions (
            doc_id VARCHAR, sentence_index INTEGER, text VARCHAR, name VARCHAR,
            country VARCHAR, sector VARCHAR, kind VARCHAR, "start" INTEGER, "end" INTEGER)""",
        """CREATE TABLE IF NOT EXISTS ingests (
            path VARCHAR, format VARCHAR, read INTEGER, loaded INTEGER,
            rejected INTEGER, ingested_at TIMESTAMP)""",
    ],
    [
        # GDELT 2.0 mentions files: one row per article that reported a dataset event.
        # They join to events on (dataset, source_event_id); they are not documents
        # (no text), so they stay apart from ``mentions``.
        """CREATE TABLE IF NOT EXISTS dataset_mentions (
            dataset VARCHAR, source_event_id VARCHAR, event_time TIMESTAMP,
            mention_time TIMESTAMP, mention_type TINYINT, source_name VARCHAR,
            url VARCHAR, sentence_id INTEGER, actor1_offset INTEGER, actor2_offset INTEGER,
            action_offset INTEGER, in_sentence BOOLEAN, confidence DOUBLE,
            doc_len INTEGER, doc_tone DOUBLE)""",
    ],
    [
        # Dataset events (GDELT, ICEWS, POLECAT, ACLED) are identified by the dataset's own
        # id: event_id = dataset:source_event_id (comity.model.Event.event_id), no longer a
        # hash of their fields; rewrite stored ids so that re-ingest stays idempotent.
        """UPDATE event_domains SET event_id = e.dataset || ':' || e.source_event_id
        FROM events e WHERE event_domains.event_id = e.event_id
            AND e.dataset <> 'news' AND coalesce(e.source_event_id, '') <> ''""",
        """UPDATE events SET event_id = dataset || ':' || source_event_id
        WHERE dataset <> 'news' AND coalesce(source_event_id, '') <> ''""",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)
