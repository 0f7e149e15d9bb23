"""The DuckDB store: schema, migrations, idempotent writes, short-held file lock."""

from comity.store.schema import EVENT_COLUMNS, SCHEMA_VERSION
from comity.store.store import (
    Store,
    StoreBusy,
    StoreError,
    default_db_path,
    event_rows,
)

__all__ = ["EVENT_COLUMNS", "SCHEMA_VERSION", "Store", "StoreBusy", "StoreError",
           "default_db_path", "event_rows"]
