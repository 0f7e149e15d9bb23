"""Dyad series: a dense panel of event counts by QuadClass and Goldstein, by period.

The aggregation is written once, as SQL in DuckDB's dialect (:func:`series_sql`), and runs
unchanged on the store's DuckDB connection; sqlglot translates the same text for Spark SQL
and for BigQuery (:mod:`comity.analysis.bigquery`).  Plain SQL keeps ``comity dyad`` quick
to answer: neither pandas nor Ibis is imported until a DataFrame is asked for.
Periods without events are filled in Python (:func:`densify_rows`): counts and sums 0,
the Goldstein mean missing (no events, no mean).
"""

from __future__ import annotations

from datetime import date

from comity.analysis.checks import (
    SERIES_COLUMNS,
    AnalysisError,
    as_date,
    check_freq,
    iso3,
    period_start,
)

COUNT_COLUMNS = SERIES_COLUMNS[1:6]
_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def series_sql(freq: str, source: str, mentions: bool = False) -> str:
    """Per-period counts of the events in ``source`` (a subquery with ``date``,
    ``quad_class`` and ``goldstein``); DuckDB dialect, periods with events only.

    ``mentions``: each event weighs its ``weight`` column (GDELT ``NumMentions``)
    instead of 1; the Goldstein mean is then weighted by it too.
    """
    check_freq(freq)
    w = "weight" if mentions else "1"
    mean = ("sum(goldstein * weight) / sum(CASE WHEN goldstein IS NOT NULL THEN weight END)"
            if mentions else "avg(goldstein)")
    return f"""SELECT CAST(date_trunc('{freq}', CAST(date AS DATE)) AS DATE) AS period,
    {'sum(weight)' if mentions else 'count(*)'} AS events,
    sum(CASE WHEN quad_class = 1 THEN {w} ELSE 0 END) AS verbal_coop,
    sum(CASE WHEN quad_class = 2 THEN {w} ELSE 0 END) AS material_coop,
    sum(CASE WHEN quad_class = 3 THEN {w} ELSE 0 END) AS verbal_conflict,
    sum(CASE WHEN quad_class = 4 THEN {w} ELSE 0 END) AS material_conflict,
    sum(goldstein{' * weight' if mentions else ''}) AS goldstein_sum,
    {mean} AS goldstein_mean
FROM ({source}) AS ev
GROUP BY 1
ORDER BY 1"""


def store_events_sql(a: str, b: str, directed: bool = False, since=None, until=None,
                     domain: str | None = None, status: str | None = "asserted",
                     events: str = "events", event_domains: str = "event_domains",
                     mentions: bool = False) -> tuple[str, dict]:
    """(SQL, parameters) selecting a dyad's dated events from the store's tables.

    User values travel only as parameters (``$name``), never in the SQL text.
    """
    params: dict = {"a": iso3(a), "b": iso3(b)}
    pair = "(source_country = $a AND target_country = $b)"
    if not directed:
        pair = f"({pair} OR (source_country = $b AND target_country = $a))"
    where = [pair, "date IS NOT NULL"]
    since, until = as_date(since, "since"), as_date(until, "until")
    if since is not None:
        where.append("date >= $since")
        params["since"] = since
    if until is not None:
        where.append("date <= $until")
        params["until"] = until
    if status:
        where.append("status = $status")
        params["status"] = status
    if domain:
        where.append(f"event_id IN (SELECT event_id FROM {event_domains} WHERE domain = $domain)")
        params["domain"] = domain
    weight = ", coalesce(num_mentions, 1) AS weight" if mentions else ""
    sql = f"SELECT date, quad_class, goldstein{weight} FROM {events} WHERE {' AND '.join(where)}"
    return sql, params


def _next_period(d: date, freq: str) -> date:
    months = d.year * 12 + d.month - 1 + _MONTHS[freq]
    return date(months // 12, months % 12 + 1, 1)


def period_starts(start: date, end: date, freq: str) -> list[date]:
    """Every period start from the period of ``start`` to that of ``end``."""
    out, d, last = [], period_start(start, freq), period_start(end, freq)
    while d <= last:
        out.append(d)
        if d.year == 9999 and d.month + _MONTHS[freq] > 12:
            break  # the last period a date can hold
        d = _next_period(d, freq)
    return out


def densify_rows(rows: list[tuple], freq: str, since=None, until=None) -> list[tuple]:
    """Rows in :data:`SERIES_COLUMNS` order for every period from ``since`` (else the first
    period with events) to ``until`` (else the last); empty when neither can be known."""
    by_period = {(r[0].date() if hasattr(r[0], "date") else r[0]): r for r in rows}
    since, until = as_date(since, "since"), as_date(until, "until")
    start = since or (min(by_period) if by_period else None)
    end = until or (max(by_period) if by_period else None)
    if start is None or end is None:
        return []
    out = []
    for p in period_starts(start, end, freq):
        r = by_period.get(p)
        if r is None:
            out.append((p, 0, 0, 0, 0, 0, 0.0, None))
        else:
            counts = [int(v or 0) for v in r[1:6]]
            gsum = float(r[6]) if r[6] is not None else 0.0
            gmean = float(r[7]) if r[7] is not None else None
            out.append((p, *counts, gsum, gmean))
    return out


def dyad_series_rows(store, a: str, b: str, directed: bool = False, freq: str = "month",
                     since=None, until=None, domain: str | None = None,
                     engine: str = "duckdb", status: str | None = "asserted",
                     mentions: bool = False) -> list[tuple]:
    """The dense panel as rows of plain Python values, in :data:`SERIES_COLUMNS` order."""
    check_freq(freq)
    if engine == "duckdb":
        con = getattr(store, "con", store)
        source, params = store_events_sql(a, b, directed, since, until, domain, status,
                                          mentions=mentions)
        rows = con.execute(series_sql(freq, source, mentions), params).fetchall()
    elif engine == "spark":
        rows = _spark_rows(store, a, b, directed, freq, since, until, domain, status, mentions)
    else:
        raise AnalysisError(f"unknown engine {engine!r} (use one of duckdb, spark)")
    return densify_rows(rows, freq, since, until)


def _spark_rows(store, a, b, directed, freq, since, until, domain, status,
                mentions=False) -> list[tuple]:
    """The same SQL text, translated by sqlglot, on the store's tables in Spark."""
    import sqlglot

    from comity.analysis.engine import spark_session, tables

    tables(store, "spark").events  # noqa: B018 - registers the store's tables as Spark views
    source, params = store_events_sql(a, b, directed, since, until, domain, status,
                                      events="comity_events", event_domains="comity_event_domains",
                                      mentions=mentions)
    sql = sqlglot.transpile(series_sql(freq, source, mentions), read="duckdb", write="spark")[0]
    result = spark_session().sql(sql, args=params).collect()
    return [tuple(r) for r in result]


def dyad_series(
    store,
    a: str,
    b: str,
    directed: bool = False,
    freq: str = "month",
    since=None,
    until=None,
    domain: str | None = None,
    engine: str = "duckdb",
    status: str | None = "asserted",
    mentions: bool = False,
):
    """Dense panel of the dyad's events by period, as a pandas DataFrame.

    Columns: ``period`` (date, start of period), ``events``, ``verbal_coop``,
    ``material_coop``, ``verbal_conflict``, ``material_conflict`` (QuadClass 1-4),
    ``goldstein_sum``, ``goldstein_mean`` (NaN for periods without a scored event).
    ``mentions=True`` weighs each event by its ``num_mentions`` (GDELT
    ``NumMentions``; 1 where a row has none), so counts become mention totals.
    """
    import pandas as pd

    rows = dyad_series_rows(store, a, b, directed=directed, freq=freq, since=since,
                            until=until, domain=domain, engine=engine, status=status,
                            mentions=mentions)
    df = pd.DataFrame(rows, columns=SERIES_COLUMNS)
    df["period"] = df["period"].astype(object)
    for c in COUNT_COLUMNS:
        df[c] = df[c].astype("int64")
    for c in ("goldstein_sum", "goldstein_mean"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    return df
