"""The dyad series, compiled for BigQuery against GDELT's public events table.

Analysts with BigQuery can answer a dyad question over all of GDELT without
downloading it: ``comity bigquery-sql PAK RUS`` prints the SQL.  It is the same
Ibis aggregation as :func:`comity.analysis.series.dyad_series_expr`, over GDELT's
columns: actor CAMEO country codes (every CAMEO code of the ISO3 country),
``SQLDATE`` (YYYYMMDD integer), the QuadClass of comity's CAMEO codebook (from
``EventRootCode``: 01-05 verbal cooperation, 06-08 material cooperation, 09-13
verbal conflict, 14-20 material conflict; GDELT's own column groups 09 and 14
differently) and ``GoldsteinScale``.  BigQuery returns only periods with events;
densify client-side (periods without events are zero).
"""

from __future__ import annotations

import ibis

from comity.analysis._common import as_date, check_freq, iso3
from comity.analysis.series import dyad_series_expr

GDELT_EVENTS_TABLE = "gdelt-bq.gdeltv2.events"
GDELT_SCHEMA = {
    "GLOBALEVENTID": "int64",
    "SQLDATE": "int64",
    "Actor1CountryCode": "string",
    "Actor2CountryCode": "string",
    "EventCode": "string",
    "EventRootCode": "string",
    "QuadClass": "int64",
    "GoldsteinScale": "float64",
}


def cameo_codes(iso: str) -> list[str]:
    """Every CAMEO actor country code that means ``iso`` (PSE: GZS, PSE, WSB)."""
    from comity.codes.countries import CAMEO_TO_ISO3

    codes = sorted(code for code, i in CAMEO_TO_ISO3.items() if i == iso)
    return codes or [iso]


def dyad_series_bigquery(
    a: str,
    b: str,
    directed: bool = False,
    freq: str = "month",
    since=None,
    until=None,
    table: str = GDELT_EVENTS_TABLE,
) -> str:
    """BigQuery SQL for :func:`~comity.analysis.series.dyad_series` over GDELT events."""
    a, b = iso3(a), iso3(b)
    check_freq(freq)
    since, until = as_date(since, "since"), as_date(until, "until")
    catalog, _, name = table.rpartition(".")
    t = ibis.table(GDELT_SCHEMA, name=name, catalog=catalog.split(".")[0] if "." in catalog else None,
                   database=catalog.split(".")[-1] if catalog else None)
    ca, cb = cameo_codes(a), cameo_codes(b)
    fwd = t.Actor1CountryCode.isin(ca) & t.Actor2CountryCode.isin(cb)
    cond = fwd if directed else fwd | (t.Actor1CountryCode.isin(cb) & t.Actor2CountryCode.isin(ca))
    t = t.filter(cond)
    root = t.EventRootCode.cast("int64")
    quad = ibis.cases((root <= 5, 1), (root <= 8, 2), (root <= 13, 3), else_=4)
    t = t.mutate(
        date=t.SQLDATE.cast("string").as_date("%Y%m%d"),
        quad_class=quad,
        goldstein=t.GoldsteinScale,
    )
    if since is not None:
        t = t.filter(t.SQLDATE >= int(since.strftime("%Y%m%d")))
    if until is not None:
        t = t.filter(t.SQLDATE <= int(until.strftime("%Y%m%d")))
    expr = dyad_series_expr(t, freq).order_by("period")
    return ibis.to_sql(expr, dialect="bigquery")
