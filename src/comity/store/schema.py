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


#: SQL twin of comity.model.Document.doc_id: stable_hash(url, content_hash).
_NEW_DOC_ID = "substr(sha1(coalesce(url, '') || chr(31) || content_hash), 1, 16)"
_DROPPED = "(SELECT old_id FROM _doc_ids WHERE n > 1)"

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
    [
        # A document's identity is its content plus its URL (comity.model.Document.doc_id),
        # no longer its source (often the folder name).  Re-key stored documents; copies
        # that now share an id keep the first stored, and what hung on the others goes.
        f"""CREATE TEMP TABLE _doc_ids AS SELECT doc_id AS old_id, {_NEW_DOC_ID} AS new_id,
            row_number() OVER (PARTITION BY {_NEW_DOC_ID} ORDER BY ingested_at, doc_id) AS n
        FROM documents""",
        f"""DELETE FROM event_domains WHERE event_id IN (SELECT event_id FROM events
            WHERE dataset = 'news' AND doc_id IN {_DROPPED})""",
        f"""DELETE FROM mentions WHERE doc_id IN {_DROPPED} OR event_id IN
            (SELECT event_id FROM events WHERE dataset = 'news' AND doc_id IN {_DROPPED})""",
        f"DELETE FROM events WHERE dataset = 'news' AND doc_id IN {_DROPPED}",
        f"DELETE FROM actor_mentions WHERE doc_id IN {_DROPPED}",
        f"DELETE FROM documents WHERE doc_id IN {_DROPPED}",
        *(f"""UPDATE {t} SET doc_id = d.new_id FROM _doc_ids d WHERE {t}.doc_id = d.old_id"""
          for t in ("documents", "events", "mentions", "actor_mentions")),
        """UPDATE events SET num_mentions = (SELECT count(*) FROM mentions m
            WHERE m.event_id = events.event_id)
        WHERE dataset = 'news' AND EXISTS (SELECT 1 FROM mentions m
            WHERE m.event_id = events.event_id)""",
        "DROP TABLE _doc_ids",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)
