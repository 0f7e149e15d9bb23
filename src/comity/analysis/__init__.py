"""Dyad analytics, written once with Ibis and run on DuckDB (default) or Spark.

Every function takes a :class:`~comity.store.Store` (or a DuckDB connection, or
a :class:`~comity.analysis.engine.Tables`) first and returns a pandas DataFrame.
Countries are ISO3 strings; ``directed=False`` means either order of the dyad.
"""

from comity.analysis.engine import AnalysisError, Tables, tables

__all__ = ["AnalysisError", "Tables", "tables"]
