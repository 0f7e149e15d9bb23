"""DuckDB-native twin of :func:`comity.analysis.series.dyad_series`, for the command line.

``comity series`` / ``comity dyad`` on the default engine answer with this plain
SQL run straight on the store's DuckDB connection: no Ibis, no pandas, so the
command starts in a fraction of the time.  Rows are Python values (``period`` a
``datetime.date``, counts ``int``, Goldstein ``float`` or ``None`` for a period
without events) in :data:`SERIES_COLUMNS` order; the frame of ``dyad_series`` on
the same store holds the same values (``tests/test_fastpath.py`` checks both
paths agree, directed and undirected, for every frequency, with date and domain
filters).  Spark, and anything else, goes through the Ibis analytics.
"""

from __future__ import annotations

from comity.analysis.checks import as_date, check_freq, iso3, period_start

_PART = {"month": "month", "quarter": "quarter", "year": "year"}
_STEP = {"month": "1 month", "quarter": "3 months", "year": "1 year"}


def dyad_series_sql(
    a: str,
    b: str,
    directed: bool = False,
    freq: str = "month",
    since=None,
    until=None,
    domain: str | None = None,
    status: str | None = "asserted",
) -> tuple[str, dict]:
    """(SQL, named parameters) of the dense dyad panel; inputs checked as dyad_series does."""
    a, b = iso3(a), iso3(b)
    check_freq(freq)
    since, until = as_date(since, "since"), as_date(until, "until")
    params: dict = {"a": a, "b": b}
    where = ["((source_country = $a AND target_country = $b)"
             + ("" if directed else " OR (source_country = $b AND target_country = $a)") + ")",
             "date IS NOT NULL"]
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
        where.append("event_id IN (SELECT event_id FROM event_domains WHERE domain = $domain)")
        params["domain"] = domain
    # densify as dyad_series does: from the period of `since` (else the first period with
    # events) to the period of `until` (else the last one); no grid when neither bound is
    # known.  Means of empty periods stay NULL; counts and sums become 0.
    params["lo"] = period_start(since, freq) if since is not None else None
    params["hi"] = period_start(until, freq) if until is not None else None
    sql = f"""
    WITH ev AS (
        SELECT CAST(date_trunc('{_PART[freq]}', date) AS DATE) AS period, quad_class, goldstein
        FROM events
        WHERE {' AND '.join(where)}
    ),
    agg AS (
        SELECT period,
            count(*) AS events,
            sum(CASE WHEN quad_class = 1 THEN 1 ELSE 0 END) AS verbal_coop,
            sum(CASE WHEN quad_class = 2 THEN 1 ELSE 0 END) AS material_coop,
            sum(CASE WHEN quad_class = 3 THEN 1 ELSE 0 END) AS verbal_conflict,
            sum(CASE WHEN quad_class = 4 THEN 1 ELSE 0 END) AS material_conflict,
            sum(goldstein) AS goldstein_sum,
            avg(goldstein) AS goldstein_mean
        FROM ev
        GROUP BY period
    ),
    bounds AS (
        SELECT coalesce(CAST($lo AS DATE), min(period)) AS lo,
               coalesce(CAST($hi AS DATE), max(period)) AS hi
        FROM agg
    ),
    grid AS (
        SELECT CAST(unnest(generate_series(CAST(lo AS TIMESTAMP), CAST(hi AS TIMESTAMP),
                                           INTERVAL '{_STEP[freq]}')) AS DATE) AS period
        FROM bounds
        WHERE lo IS NOT NULL AND hi IS NOT NULL
    )
    SELECT g.period,
        CAST(coalesce(s.events, 0) AS BIGINT) AS events,
        CAST(coalesce(s.verbal_coop, 0) AS BIGINT) AS verbal_coop,
        CAST(coalesce(s.material_coop, 0) AS BIGINT) AS material_coop,
        CAST(coalesce(s.verbal_conflict, 0) AS BIGINT) AS verbal_conflict,
        CAST(coalesce(s.material_conflict, 0) AS BIGINT) AS material_conflict,
        CAST(coalesce(s.goldstein_sum, 0.0) AS DOUBLE) AS goldstein_sum,
        CASE WHEN coalesce(s.events, 0) = 0 THEN NULL
             ELSE CAST(s.goldstein_mean AS DOUBLE) END AS goldstein_mean
    FROM grid g LEFT JOIN agg s ON s.period = g.period
    ORDER BY g.period"""
    return sql, params


def dyad_series_rows(con, a: str, b: str, directed: bool = False, freq: str = "month",
                     since=None, until=None, domain: str | None = None,
                     status: str | None = "asserted") -> list[tuple]:
    """The dense panel as rows of Python values, in :data:`SERIES_COLUMNS` order.

    ``con``: a DuckDB connection or a :class:`~comity.store.Store`.
    """
    con = getattr(con, "con", con)
    sql, params = dyad_series_sql(a, b, directed=directed, freq=freq, since=since, until=until,
                                  domain=domain, status=status)
    return con.execute(sql, params).fetchall()
