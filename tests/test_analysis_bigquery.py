"""The dyad-series SQL for GDELT's BigQuery table: executed on DuckDB over a GDELT-shaped
fixture table and checked against counts worked out by hand."""

from __future__ import annotations

import duckdb
import pytest
import sqlglot

from comity.analysis.bigquery import cameo_codes, dyad_series_bigquery, gdelt_events_sql
from comity.analysis.series import series_sql

# SQLDATE, Actor1CountryCode, Actor2CountryCode, EventRootCode, GoldsteinScale
ROWS = [
    (20150105, "PAK", "RUS", "04", 1.0),   # Jan 2015: verbal coop
    (20150120, "RUS", "PAK", "06", 6.0),   # Jan 2015: material coop (other direction)
    (20150302, "PAK", "RUS", "14", -6.5),  # Mar 2015: material conflict (comity: 14 -> 4)
    (20150303, "PAK", "IND", "19", -10.0),  # other dyad
    (20160101, "PAK", "RUS", "11", -2.0),  # outside --until
]


@pytest.fixture
def gdelt():
    con = duckdb.connect()
    con.execute("CREATE TABLE gdelt (SQLDATE BIGINT, Actor1CountryCode VARCHAR, "
                "Actor2CountryCode VARCHAR, EventRootCode VARCHAR, GoldsteinScale DOUBLE)")
    con.executemany("INSERT INTO gdelt VALUES (?, ?, ?, ?, ?)", ROWS)
    yield con
    con.close()


def _run(con, **kw):
    sql = series_sql(kw.pop("freq", "month"), gdelt_events_sql("PAK", "RUS", quoted_table="gdelt",
                                                                 **kw))
    return [(str(r[0]), *r[1:]) for r in con.execute(sql).fetchall()]


def test_series_sql_counts_gdelt_rows_as_worked_out_by_hand(gdelt):
    rows = _run(gdelt, since="2015-01-01", until="2015-12-31")
    assert rows == [("2015-01-01", 2, 1, 1, 0, 0, 7.0, 3.5),
                    ("2015-03-01", 1, 0, 0, 0, 1, -6.5, -6.5)]
    directed = _run(gdelt, directed=True, since="2015", until="2015-12")
    assert [r[:2] for r in directed] == [("2015-01-01", 1), ("2015-03-01", 1)]
    yearly = _run(gdelt, freq="year")
    assert [(r[0], r[1]) for r in yearly] == [("2015-01-01", 3), ("2016-01-01", 1)]


def test_bigquery_translation_is_valid_bigquery():
    sql = dyad_series_bigquery("PAK", "RUS", freq="quarter", since="2015-01-01", until="2019-12-31")
    sqlglot.parse_one(sql, read="bigquery")
    assert "`gdelt-bq`.`gdeltv2`.`events`" in sql and "PARSE_TIMESTAMP('%Y%m%d'" in sql
    assert "DATE_TRUNC(CAST(date AS DATE), QUARTER)" in sql


def test_bigquery_country_codes():
    assert cameo_codes("ROU") == ["ROM", "ROU"]
    assert cameo_codes("PSE") == ["GZS", "PSE", "WSB"]
    sql = dyad_series_bigquery("ROU", "PSE", directed=True, freq="year")
    assert "IN ('ROM', 'ROU')" in sql and "IN ('GZS', 'PSE', 'WSB')" in sql


def test_bigquery_refuses_a_table_name_that_is_not_one():
    from comity.analysis.checks import AnalysisError

    with pytest.raises(AnalysisError):
        dyad_series_bigquery("PAK", "RUS", table="x`; DROP TABLE y; --")
