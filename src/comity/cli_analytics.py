"""Analytics commands for the ``comity`` CLI, and ``emit`` (table / CSV / JSON / Parquet).

``register(app)`` adds: ``meetings``, ``domains``, ``follow-through``,
``third-parties``, ``triads``, ``portfolio``, ``alignment``, ``breaks`` and
``bigquery-sql``.  Each takes ``--db``, ``--engine duckdb|spark``, ``--format
table|csv|json|parquet`` and ``--out FILE``; bad input is a one-line error with
exit code 2.
"""

from __future__ import annotations

import json
import math
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from comity.cli_fast import _cell, _print_table, _write, emit_rows

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FORMATS", "emit", "emit_rows", "register"]

FORMATS = ("table", "csv", "json", "parquet")


def _fail(message: str, code: int = 2):
    from rich.console import Console

    Console(stderr=True).print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _plain(v):
    import pandas as pd

    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, (pd.Timestamp, datetime)):
        return v.date().isoformat() if v == pd.Timestamp(v).normalize() else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if v is pd.NA or v is pd.NaT:
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


def emit(df: pd.DataFrame, fmt: str = "table", out: Path | str | None = None) -> None:
    """Print ``df`` as a rich table, CSV or JSON records (dates ISO, codes as strings),
    or write it to ``out`` (parquet needs ``out``)."""
    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    out = Path(out) if out else None
    if fmt == "parquet":
        if out is None:
            _fail("--format parquet needs --out FILE")
        df.to_parquet(out, index=False)
        return
    if fmt == "csv":
        text = df.to_csv(index=False)
    elif fmt == "json":
        records = [{k: _plain(v) for k, v in row.items()} for row in df.to_dict("records")]
        text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    else:
        _print_table(df.columns, [[_cell(_plain(v)) for v in row] for row in df.itertuples(index=False)], out)
        return
    _write(text, out)


# -- shared options -------------------------------------------------------------

Db = Annotated[str | None, typer.Option("--db", help="Store file (default: $COMITY_DB or ./comity.duckdb).")]
Engine = Annotated[str, typer.Option("--engine", help="duckdb or spark.")]
Fmt = Annotated[str, typer.Option("--format", help="table, csv, json or parquet.")]
Out = Annotated[Path | None, typer.Option("--out", help="Write to this file (required for parquet).")]
Since = Annotated[str | None, typer.Option("--since", help="From this date (YYYY[-MM[-DD]]).")]
Until = Annotated[str | None, typer.Option("--until", help="Up to this date (YYYY[-MM[-DD]]).")]
Freq = Annotated[str, typer.Option("--freq", help="month, quarter or year.")]


def _country(value: str) -> str:
    from comity.analysis.checks import iso3

    try:
        return iso3(value)
    except ValueError:
        pass
    try:
        from comity.codes.countries import convert

        code = convert(value, to="iso3")
    except (ImportError, KeyError, ValueError):
        code = None
    if not code:
        _fail(f"unknown country {value!r} (use an ISO3 code such as PAK, RUS)")
    return code


def _store(db: str | None):
    from comity.store import Store, StoreError, default_db_path

    path = db or default_db_path()
    if path != ":memory:" and not Path(path).exists():
        _fail(f"{path}: no such store; run 'comity ingest' first")
    try:
        return Store(path, read_only=True)
    except StoreError as exc:
        _fail(str(exc))


def _run(fn, db, engine, fmt, out, *args, **kwargs):
    from comity.analysis.engine import ENGINES, AnalysisError

    if engine not in ENGINES:
        _fail(f"unknown engine {engine!r} (use one of {', '.join(ENGINES)})")
    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    if fmt == "parquet" and out is None:
        _fail("--format parquet needs --out FILE")
    store = _store(db)
    try:
        df = fn(store, *args, engine=engine, **kwargs)
    except AnalysisError as exc:
        _fail(str(exc))
    finally:
        store.close()
    emit(df, fmt, out)


def register(app: typer.Typer) -> None:
    """Add the analytics commands to ``app``."""

    @app.command("meetings")
    def meetings_cmd(
        a: str, b: str, since: Since = None, until: Until = None, db: Db = None,
        engine: Engine = "duckdb", format: Fmt = "table", out: Out = None,
    ) -> None:
        """Meeting history of a dyad: consultations and agreements, with places and levels."""
        from comity.analysis.meetings import meeting_history

        _run(meeting_history, db, engine, format, out, _country(a), _country(b), since=since, until=until)

    @app.command("domains")
    def domains_cmd(
        a: str, b: str, freq: Freq = "year", since: Since = None, until: Until = None,
        db: Db = None, engine: Engine = "duckdb", format: Fmt = "table", out: Out = None,
    ) -> None:
        """A dyad's events per domain and period (cooperation / conflict)."""
        from comity.analysis.domains import domain_tracks

        _run(domain_tracks, db, engine, format, out, _country(a), _country(b), freq=freq,
             since=since, until=until)

    @app.command("follow-through")
    def follow_cmd(
        a: str, b: str, domain: str | None = None,
        horizon: Annotated[int, typer.Option("--horizon", help="Days for material cooperation to follow.")] = 365,
        freq: Freq = "year", since: Since = None, until: Until = None, db: Db = None,
        engine: Engine = "duckdb", format: Fmt = "table", out: Out = None,
    ) -> None:
        """Pledges and agreements, and whether material cooperation followed (rates)."""
        from comity.analysis.follow_through import follow_through

        _run(follow_through, db, engine, format, out, _country(a), _country(b), domain=domain,
             horizon_days=horizon, freq=freq, since=since, until=until)

    @app.command("third-parties")
    def third_cmd(
        a: str, b: str, since: Since = None, until: Until = None, db: Db = None,
        engine: Engine = "duckdb", format: Fmt = "table", out: Out = None,
    ) -> None:
        """States that appear with the dyad, and in what role."""
        from comity.analysis.third_parties import third_parties

        _run(third_parties, db, engine, format, out, _country(a), _country(b), since=since, until=until)

    @app.command("triads")
    def triads_cmd(
        a: str, b: str, since: Since = None, until: Until = None, db: Db = None,
        engine: Engine = "duckdb", format: Fmt = "table", out: Out = None,
    ) -> None:
        """Triads of the dyad with every common third state (signs, structural balance)."""
        from comity.analysis.third_parties import triads

        _run(triads, db, engine, format, out, _country(a), _country(b), since=since, until=until)

    @app.command("portfolio")
    def portfolio_cmd(
        country: str,
        kind: Annotated[str, typer.Option("--kind", help="cooperation, material_cooperation, conflict, all.")] = "cooperation",
        concentration: Annotated[bool, typer.Option("--concentration", help="Per-period HHI instead of shares.")] = False,
        freq: Freq = "year", since: Since = None, until: Until = None, db: Db = None,
        engine: Engine = "duckdb", format: Fmt = "table", out: Out = None,
    ) -> None:
        """Partner portfolio of a state: shares by partner, or their concentration (HHI)."""
        from comity.analysis.portfolio import partner_portfolio, portfolio_concentration

        fn = portfolio_concentration if concentration else partner_portfolio
        _run(fn, db, engine, format, out, _country(country), freq=freq, kind=kind, since=since,
             until=until)

    @app.command("alignment")
    def alignment_cmd(
        a: str, b: str, freq: Freq = "year", since: Since = None, until: Until = None,
        db: Db = None, engine: Engine = "duckdb", format: Fmt = "table", out: Out = None,
    ) -> None:
        """How alike two states act towards third states, per period (cosine, sign agreement)."""
        from comity.analysis.alignment import alignment

        _run(alignment, db, engine, format, out, _country(a), _country(b), freq=freq, since=since,
             until=until)

    @app.command("breaks")
    def breaks_cmd(
        a: str, b: str,
        metric: Annotated[str, typer.Option("--metric", help="A series column: events, goldstein_sum, ...")] = "events",
        since: Since = None, until: Until = None, db: Db = None, engine: Engine = "duckdb",
        format: Fmt = "table", out: Out = None,
    ) -> None:
        """Trend breaks (change points) in a dyad's monthly series."""
        from comity.analysis.breaks import trend_breaks

        _run(trend_breaks, db, engine, format, out, _country(a), _country(b), metric=metric,
             since=since, until=until)

    @app.command("bigquery-sql")
    def bigquery_cmd(
        a: str, b: str, freq: Freq = "month", directed: bool = False, since: Since = None,
        until: Until = None,
        table: Annotated[str, typer.Option("--table", help="GDELT events table.")] = "gdelt-bq.gdeltv2.events",
    ) -> None:
        """Print the dyad-series query for BigQuery over GDELT's public events table."""
        from comity.analysis.bigquery import dyad_series_bigquery
        from comity.analysis.checks import AnalysisError

        try:
            sql = dyad_series_bigquery(_country(a), _country(b), directed=directed, freq=freq,
                                       since=since, until=until, table=table)
        except AnalysisError as exc:
            _fail(str(exc))
        sys.stdout.write(sql + "\n")
