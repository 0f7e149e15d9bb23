"""The dyad-series query compiled for BigQuery over GDELT's public events table (snapshot)."""

from __future__ import annotations

from pathlib import Path

import sqlglot

from comity.analysis.bigquery import cameo_codes, dyad_series_bigquery

SNAP = Path(__file__).resolve().parent / "snapshots" / "bigquery_dyad_series_PAK_RUS_month.sql"


def test_bigquery_sql_snapshot():
    sql = dyad_series_bigquery("PAK", "RUS", freq="month", since="2015-01-01", until="2019-12-31")
    assert sql + "\n" == SNAP.read_text()
    sqlglot.parse_one(sql, read="bigquery")  # valid BigQuery syntax
    assert "`gdelt-bq`.`gdeltv2`.`events`" in sql and "PARSE_DATE('%Y%m%d'" in sql


def test_bigquery_country_codes():
    assert cameo_codes("ROU") == ["ROM", "ROU"]
    assert cameo_codes("PSE") == ["GZS", "PSE", "WSB"]
    sql = dyad_series_bigquery("ROU", "PSE", directed=True, freq="year")
    assert "IN ('ROM', 'ROU')" in sql and "IN ('GZS', 'PSE', 'WSB')" in sql
