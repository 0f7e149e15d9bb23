"""The DuckDB store: schema, migrations and idempotent writes."""

from comity.store.schema import EVENT_COLUMNS, SCHEMA_VERSION
from comity.store.store import Store, StoreError, default_db_path, event_rows

__all__ = ["EVENT_COLUMNS", "SCHEMA_VERSION", "Store", "StoreError", "default_db_path", "event_rows"]
