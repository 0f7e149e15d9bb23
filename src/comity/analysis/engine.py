"""Where the analytics run: the same Ibis expressions on DuckDB or PySpark.

``tables(source, engine)`` gives the store's tables as Ibis tables on the chosen
engine.  On DuckDB they are the store's own tables (no copy).  On Spark the
store's tables are exported once to Parquet (cached per store content) and read
by a local Spark session -- or, at scale, :meth:`Tables.from_parquet` points
Spark at a folder of Parquet files written by ``comity`` (one file or folder per
table: ``events``, ``event_domains``, ``documents``, ``mentions``,
``actor_mentions``).
"""

from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import ibis
import pandas as pd

from comity.analysis.checks import AnalysisError

ENGINES = ("duckdb", "spark")
TABLES = ("events", "event_domains", "documents", "mentions", "actor_mentions")


@dataclass
class Tables:
    """The store's tables as Ibis tables on one engine."""

    backend: Any
    engine: str
    _tables: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str):
        tabs = self.__dict__.get("_tables", {})
        if name in tabs:
            return tabs[name]
        if name in TABLES:
            tabs[name] = self.backend.table(name)
            return tabs[name]
        raise AttributeError(name)

    def execute(self, expr) -> pd.DataFrame:
        df = self.backend.execute(expr)
        return df.reset_index(drop=True)

    @classmethod
    def from_parquet(cls, folder: str | os.PathLike, engine: str = "spark") -> Tables:
        """Tables read from ``folder/<table>.parquet`` (file or folder of parts)."""
        folder = Path(folder)
        if engine == "spark":
            backend = ibis.pyspark.connect(spark_session())
        elif engine == "duckdb":
            backend = ibis.duckdb.connect()
        else:
            raise AnalysisError(f"unknown engine {engine!r} (use one of {', '.join(ENGINES)})")
        tabs = {}
        for name in TABLES:
            path = folder / f"{name}.parquet"
            if path.exists():
                target = str(path / "*.parquet") if path.is_dir() and engine == "duckdb" else str(path)
                tabs[name] = backend.read_parquet(target, table_name=f"comity_{name}")
        return cls(backend=backend, engine=engine, _tables=tabs)


_SPARK = None
_SPARK_LOCK = threading.Lock()
_EXPORTS: dict[tuple, Tables] = {}


def spark_session():
    """The process's Spark session (local mode unless ``COMITY_SPARK_MASTER`` says otherwise)."""
    global _SPARK
    with _SPARK_LOCK:
        if _SPARK is None:
            try:
                from pyspark.sql import SparkSession
            except ImportError as exc:  # pragma: no cover - depends on the install
                raise AnalysisError("the spark engine needs pyspark: pip install 'comity[spark]'") from exc
            master = os.environ.get("COMITY_SPARK_MASTER", "local[*]")
            _SPARK = (
                SparkSession.builder.master(master)
                .appName("comity")
                .config("spark.sql.shuffle.partitions", os.environ.get("COMITY_SPARK_PARTITIONS", "4"))
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")  # no stage bars on stderr
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate()
            )
            _SPARK.sparkContext.setLogLevel("ERROR")
        return _SPARK


def _connection(source) -> tuple[duckdb.DuckDBPyConnection, str]:
    con = getattr(source, "con", source)
    if not isinstance(con, duckdb.DuckDBPyConnection):
        raise AnalysisError(f"expected a Store or a DuckDB connection, got {type(source).__name__}")
    return con, str(getattr(source, "path", id(con)))


def _fingerprint(con: duckdb.DuckDBPyConnection) -> tuple:
    parts = []
    for name in TABLES:
        try:
            parts.append(con.execute(f"SELECT count(*) FROM {name}").fetchone()[0])
        except duckdb.CatalogException:
            parts.append(-1)
    try:
        parts.append(str(con.execute("SELECT max(ingested_at) FROM documents").fetchone()[0]))
        parts.append(con.execute("SELECT count(*), max(ingested_at) FROM ingests").fetchone())
    except duckdb.CatalogException:
        pass
    return tuple(parts)


def tables(source, engine: str = "duckdb") -> Tables:
    """The tables of ``source`` (Store, DuckDB connection or Tables) on ``engine``."""
    if isinstance(source, Tables):
        return source
    if engine not in ENGINES:
        raise AnalysisError(f"unknown engine {engine!r} (use one of {', '.join(ENGINES)})")
    con, key = _connection(source)
    if engine == "duckdb":
        return Tables(backend=ibis.duckdb.from_connection(con), engine="duckdb")
    cache_key = (key, id(con), _fingerprint(con))
    if cache_key in _EXPORTS:
        return _EXPORTS[cache_key]
    folder = Path(tempfile.mkdtemp(prefix="comity-spark-"))
    for name in TABLES:
        try:
            con.execute(f"COPY (SELECT * FROM {name}) TO '{folder / name}.parquet' (FORMAT parquet)")
        except duckdb.CatalogException:
            continue
    result = Tables.from_parquet(folder, engine="spark")
    _EXPORTS[cache_key] = result
    return result
