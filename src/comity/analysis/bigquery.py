"""The dyad series, translated for BigQuery against GDELT's public events table.

Analysts with BigQuery can answer a dyad question over all of GDELT without
downloading it: ``comity bigquery-sql PAK RUS`` prints the SQL.  It is the same
aggregation text as :func:`comity.analysis.series.series_sql` (translated by sqlglot),
over GDELT's columns: actor CAMEO country codes (every CAMEO code of the ISO3 country),
``SQLDATE`` (YYYYMMDD integer), the QuadClass of comity's CAMEO codebook (from
``EventRootCode``, by :func:`comity.codes.cameo.quad_class_sql`; GDELT's own column
groups 09 and 14 differently) and ``GoldsteinScale``.  BigQuery returns only periods
with events; densify client-side (periods without events are zero).
"""

from __future__ import annotations

from comity.analysis.checks import as_date, check_freq, iso3
from comity.analysis.series import series_sql

GDELT_EVENTS_TABLE = "gdelt-bq.gdeltv2.events"


def cameo_codes(iso: str) -> list[str]:
    """Every CAMEO actor country code that means ``iso`` (PSE: GZS, PSE, WSB)."""
    from comity.codes.countries import CAMEO_TO_ISO3

    codes = sorted(code for code, i in CAMEO_TO_ISO3.items() if i == iso)
    return codes or [iso]


def _in(column: str, codes: list[str]) -> str:
    # codes come from comity's own country table (letters only), never from user text
    assert all(c.isalpha() for c in codes)
    return f"{column} IN ({', '.join(repr(c) for c in codes)})"


def gdelt_events_sql(a: str, b: str, directed: bool = False, since=None, until=None,
                     table: str = GDELT_EVENTS_TABLE, quoted_table: str | None = None) -> str:
    """The dyad's GDELT rows with comity's column names (DuckDB dialect)."""
    from comity.codes.cameo import quad_class_sql

    a, b = iso3(a), iso3(b)
    since, until = as_date(since, "since"), as_date(until, "until")
    ca, cb = cameo_codes(a), cameo_codes(b)
    pair = f"({_in('Actor1CountryCode', ca)} AND {_in('Actor2CountryCode', cb)})"
    if not directed:
        pair = f"({pair} OR ({_in('Actor1CountryCode', cb)} AND {_in('Actor2CountryCode', ca)}))"
    where = [pair]
    if since is not None:
        where.append(f"SQLDATE >= {int(since.strftime('%Y%m%d'))}")
    if until is not None:
        where.append(f"SQLDATE <= {int(until.strftime('%Y%m%d'))}")
    return (f"SELECT strptime(CAST(SQLDATE AS VARCHAR), '%Y%m%d') AS date, "
            f"{quad_class_sql('EventRootCode')} AS quad_class, GoldsteinScale AS goldstein "
            f"FROM {quoted_table or table} WHERE {' AND '.join(where)}")


def dyad_series_bigquery(a: str, b: str, directed: bool = False, freq: str = "month",
                         since=None, until=None, table: str = GDELT_EVENTS_TABLE) -> str:
    """BigQuery SQL for :func:`~comity.analysis.series.dyad_series` over GDELT events."""
    import sqlglot

    check_freq(freq)
    if not all(part.replace("-", "").replace("_", "").isalnum() for part in table.split(".")):
        from comity.analysis.checks import AnalysisError

        raise AnalysisError(f"bad BigQuery table name {table!r} (project.dataset.table)")
    quoted = ".".join(f'"{part}"' for part in table.split("."))
    sql = series_sql(freq, gdelt_events_sql(a, b, directed, since, until, quoted_table=quoted))
    return sqlglot.transpile(sql, read="duckdb", write="bigquery", pretty=True)[0]
