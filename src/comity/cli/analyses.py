"""Analysis commands: ``events``, ``dyad``/``series``, ``brief`` and the dyad analytics.

Every dyad command takes the dyad as positional ``A B`` and the shared options of
:mod:`comity.cli.common`; each is a thin call of one :mod:`comity.api` function.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from comity.cli.common import (
    ENGINES,
    FREQS,
    CountryA,
    CountryB,
    Db,
    Directed,
    Domain,
    Engine,
    Format,
    Freq,
    Out,
    Since,
    Status,
    Until,
    choice,
    country,
    date_range,
    domain_filter,
    fail,
    needs_extra,
    open_store,
    say,
    status_filter,
)
from comity.cli.output import check_out, emit

#: The columns a terminal table shows per command (everything goes out with --format).
EVENT_TABLE = ["date", "source_country", "plover_type", "target_country", "status", "sentence"]
MEETING_TABLE = ["date", "kind", "source_country", "target_country", "level", "location_name"]
SERIES_TABLE = ["period", "events", "verbal_coop", "material_coop", "verbal_conflict",
                "material_conflict", "goldstein_mean"]


#: The commands this module adds (the CLI builds only the module of the command run).
COMMANDS = ("events", "dyad", "series", "brief", "meetings", "domains", "follow-through",
            "third-parties", "triads", "portfolio", "alignment", "breaks", "bigquery-sql")


def register(app: typer.Typer) -> None:
    for name, fn in (("events", events), ("dyad", dyad), ("brief", brief),
                     ("meetings", meetings), ("domains", domains),
                     ("follow-through", follow_through), ("third-parties", third_parties),
                     ("triads", triads), ("portfolio", portfolio), ("alignment", alignment),
                     ("breaks", breaks), ("bigquery-sql", bigquery_sql)):
        app.command(name)(fn)
    app.command("series", help="The same as 'dyad': a dense panel of a dyad's events.")(dyad)


def run(fn_name: str, db, engine: str, fmt: str, out: Path | None, *args,
        table_columns: list[str] | None = None, **kwargs) -> None:
    """Check output and engine, open the store read-only, call ``comity.api.<fn_name>``, emit."""
    from comity import api
    from comity.analysis.checks import AnalysisError

    choice(engine, ENGINES, "--engine")
    check_out(out, fmt)
    store = open_store(db)
    try:
        result = getattr(api, fn_name)(store, *args, engine=engine, **kwargs)
    except AnalysisError as exc:
        fail(str(exc))
    except ImportError as exc:
        needs_extra(exc, "spark" if engine == "spark" else None)
    finally:
        store.close()
    if isinstance(result, tuple):  # (columns, rows): plain rows, no pandas
        columns, rows = result
        emit(rows, fmt, out, columns=columns, table_columns=table_columns)
    else:
        emit(result, fmt, out, table_columns=table_columns)


def events(a: CountryA, b: CountryB, directed: Directed = False, since: Since = None,
           until: Until = None, domain: Domain = None, status: Status = "asserted",
           db: Db = None, format: Format = "table", out: Out = None) -> None:
    """A dyad's events with their evidence sentences (undated events included)."""
    lo, hi = date_range(since, until)
    run("events", db, "duckdb", format, out, country(a), country(b), directed=directed,
        since=lo, until=hi, domain=domain_filter(domain), status=status_filter(status),
        table_columns=EVENT_TABLE)


def dyad(a: CountryA, b: CountryB, directed: Directed = False, freq: Freq = "month",
         since: Since = None, until: Until = None, domain: Domain = None,
         status: Status = "asserted",
         mentions: Annotated[bool, typer.Option(
             "--mentions", help="Weight each event by its number of mentions (GDELT "
                                "NumMentions; 1 where a source has none).")] = False,
         engine: Engine = "duckdb", db: Db = None,
         format: Format = "table", out: Out = None) -> None:
    """A dense panel of a dyad's events: counts by QuadClass, Goldstein sum and mean."""
    lo, hi = date_range(since, until)
    run("dyad_rows", db, engine, format, out, country(a), country(b), directed=directed,
        freq=choice(freq, FREQS, "--freq"), since=lo, until=hi, domain=domain_filter(domain),
        status=status_filter(status), mentions=mentions, table_columns=SERIES_TABLE)


def brief(a: CountryA, b: CountryB, since: Since = None, until: Until = None, db: Db = None,
          out: Annotated[Path, typer.Option(
              "--out", metavar="FILE",
              help="File to write; .html (default), .pdf or .md by its suffix.")
          ] = Path("brief.html")) -> None:
    """Write a bilateral brief with charts and cited evidence."""
    from comity.api import write_brief

    lo, hi = date_range(since, until)
    check_out(out, "table")
    store = open_store(db)
    try:
        path = write_brief(store, country(a), country(b), out, since=lo, until=hi)
    except ValueError as exc:
        fail(str(exc))
    except ImportError as exc:
        needs_extra(exc, "pdf")
    finally:
        store.close()
    say(f"brief written to {path}")


def meetings(a: CountryA, b: CountryB, since: Since = None, until: Until = None,
             calls: Annotated[bool, typer.Option(
                 "--calls", help="Also list phone and video calls (counted apart).")] = False,
             db: Db = None, engine: Engine = "duckdb", format: Format = "table",
             out: Out = None) -> None:
    """Meeting history of a dyad: face-to-face meetings and agreements, places and levels."""
    lo, hi = date_range(since, until)
    run("meetings", db, engine, format, out, country(a), country(b), since=lo, until=hi,
        include_calls=calls, table_columns=MEETING_TABLE)


def domains(a: CountryA, b: CountryB, directed: Directed = False, freq: Freq = "year",
            since: Since = None, until: Until = None, status: Status = "asserted",
            db: Db = None, engine: Engine = "duckdb", format: Format = "table",
            out: Out = None) -> None:
    """A dyad's events per domain and period (cooperation and conflict)."""
    lo, hi = date_range(since, until)
    run("domains", db, engine, format, out, country(a), country(b), directed=directed,
        freq=choice(freq, FREQS, "--freq"), since=lo, until=hi, status=status_filter(status))


def follow_through(a: CountryA, b: CountryB, domain: Domain = None,
                   horizon: Annotated[int, typer.Option(
                       "--horizon", metavar="DAYS",
                       help="Days for material cooperation to follow a pledge.")] = 365,
                   freq: Freq = "year", since: Since = None, until: Until = None,
                   db: Db = None, engine: Engine = "duckdb", format: Format = "table",
                   out: Out = None) -> None:
    """Pledges and whether material cooperation followed (rates)."""
    lo, hi = date_range(since, until)
    if horizon <= 0:
        fail("--horizon must be a positive number of days")
    run("follow_through", db, engine, format, out, country(a), country(b),
        domain=domain_filter(domain), horizon_days=horizon, freq=choice(freq, FREQS, "--freq"),
        since=lo, until=hi)


def third_parties(a: CountryA, b: CountryB, since: Since = None, until: Until = None,
                  status: Status = "asserted", db: Db = None, engine: Engine = "duckdb",
                  format: Format = "table", out: Out = None) -> None:
    """States that appear with the dyad, and in what role."""
    lo, hi = date_range(since, until)
    run("third_parties", db, engine, format, out, country(a), country(b), since=lo, until=hi,
        status=status_filter(status))


def triads(a: CountryA, b: CountryB, since: Since = None, until: Until = None,
           status: Status = "asserted", db: Db = None, engine: Engine = "duckdb",
           format: Format = "table", out: Out = None) -> None:
    """Triads of the dyad with every common third state (signs, structural balance)."""
    lo, hi = date_range(since, until)
    run("triads", db, engine, format, out, country(a), country(b), since=lo, until=hi,
        status=status_filter(status))


def portfolio(state: Annotated[str, typer.Argument(metavar="STATE", show_default=False,
                                                   help="A country: ISO3, ISO2, FIPS, COW or name.")],
              kind: Annotated[str, typer.Option(
                  "--kind", metavar="KIND",
                  help="cooperation, material_cooperation, conflict or all.")] = "cooperation",
              concentration: Annotated[bool, typer.Option(
                  "--concentration", help="Per-period concentration (HHI) instead of shares.")
              ] = False,
              freq: Freq = "year", since: Since = None, until: Until = None,
              status: Status = "asserted", db: Db = None, engine: Engine = "duckdb",
              format: Format = "table", out: Out = None) -> None:
    """Partner portfolio of a state: shares by partner, or their concentration (HHI)."""
    lo, hi = date_range(since, until)
    run("portfolio", db, engine, format, out, country(state), concentration=concentration,
        freq=choice(freq, FREQS, "--freq"), kind=kind, since=lo, until=hi,
        status=status_filter(status))


def alignment(a: CountryA, b: CountryB, freq: Freq = "year", since: Since = None,
              until: Until = None, status: Status = "asserted", db: Db = None,
              engine: Engine = "duckdb", format: Format = "table", out: Out = None) -> None:
    """How alike two states act towards third states, per period."""
    lo, hi = date_range(since, until)
    run("alignment", db, engine, format, out, country(a), country(b),
        freq=choice(freq, FREQS, "--freq"), since=lo, until=hi, status=status_filter(status))


def breaks(a: CountryA, b: CountryB,
           metric: Annotated[str, typer.Option(
               "--metric", metavar="COLUMN", help="A series column: events, goldstein_sum, ...")
           ] = "events",
           directed: Directed = False, freq: Freq = "month", since: Since = None,
           until: Until = None, domain: Domain = None, db: Db = None,
           engine: Engine = "duckdb", format: Format = "table", out: Out = None) -> None:
    """Trend breaks (change points) in a dyad's series."""
    lo, hi = date_range(since, until)
    run("breaks", db, engine, format, out, country(a), country(b), metric=metric,
        directed=directed, freq=choice(freq, FREQS, "--freq"), since=lo, until=hi,
        domain=domain_filter(domain))


def bigquery_sql(a: CountryA, b: CountryB, directed: Directed = False, freq: Freq = "month",
                 since: Since = None, until: Until = None,
                 table: Annotated[str, typer.Option(
                     "--table", metavar="TABLE", help="GDELT events table (project.dataset.table).")
                 ] = "gdelt-bq.gdeltv2.events") -> None:
    """Print the dyad-series query for BigQuery over GDELT's public events table."""
    from comity.analysis.bigquery import dyad_series_bigquery
    from comity.analysis.checks import AnalysisError

    lo, hi = date_range(since, until)
    try:
        sql = dyad_series_bigquery(country(a), country(b), directed=directed,
                                   freq=choice(freq, FREQS, "--freq"), since=lo, until=hi,
                                   table=table)
    except AnalysisError as exc:
        fail(str(exc))
    sys.stdout.write(sql + "\n")
