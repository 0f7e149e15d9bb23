"""Dyad analytics, written once (Ibis, or portable SQL) and run on DuckDB (default) or Spark.

Every function takes a :class:`~comity.store.Store` (or a DuckDB connection, or
a :class:`~comity.analysis.engine.Tables`) first and returns a pandas DataFrame.
Countries are ISO3 strings; ``directed=False`` means either order of the dyad.

Importing this package is cheap: Ibis and pandas load with the module that needs
them (``Tables`` and ``tables`` come from :mod:`comity.analysis.engine` on first
use), and the dyad series (:mod:`comity.analysis.series`) is plain SQL, so
``comity dyad`` answers without loading them.
"""

from comity.analysis.checks import AnalysisError

__all__ = ["AnalysisError", "Tables", "tables"]


def __getattr__(name: str):
    if name in ("Tables", "tables"):
        from comity.analysis import engine

        return getattr(engine, name)
    raise AttributeError(f"module 'comity.analysis' has no attribute {name!r}")
