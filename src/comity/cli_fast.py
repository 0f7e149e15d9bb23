"""The command line's DuckDB fast path for ``comity series`` and ``comity dyad``.

Answering a dyad question from the store takes a few tens of milliseconds in
DuckDB; starting the full command line takes longer (Typer parses options through
pydantic; the Ibis analytics load Ibis and pandas).  This module prints the dyad
panel from :mod:`comity.analysis.fast` (plain SQL) without any of them:

* :func:`emit_rows` prints DuckDB rows exactly as ``cli_analytics.emit`` prints the
  same data as a DataFrame (table via rich, CSV and JSON via the standard library);
  the ``series`` and ``dyad`` commands use it on the default engine.
* :func:`fast_main` answers a well-formed ``comity series|dyad A B [options]`` before
  Typer starts and returns False -- having done nothing -- for anything else
  (other commands, ``--help``, Spark, parquet, a bad country, date or store ...),
  so the Typer command runs and reports errors as it always does.  :func:`main`
  is ``fast_main`` then the Typer app.

Imports here stay light: no Typer, pandas, Ibis (``python -X importtime``).
"""

from __future__ import annotations

import json
import math
import sys
from datetime import date
from pathlib import Path

# -- printing -------------------------------------------------------------------


def _cell(p) -> str:
    """A table cell for a plain value (floats to 3 decimals, trailing zeros dropped)."""
    return "" if p is None else (f"{p:.3f}".rstrip("0").rstrip(".") if isinstance(p, float) else str(p))


def _print_table(columns, cell_rows, out: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for c in columns:
        table.add_column(str(c), overflow="fold")
    for cells in cell_rows:
        table.add_row(*cells)
    if out is not None:
        with open(out, "w", encoding="utf-8") as fh:
            Console(file=fh, width=200).print(table)
    else:
        Console().print(table)
        if not cell_rows:
            Console(stderr=True).print("(no rows)")


def _write(text: str, out: Path | None) -> None:
    if out is not None:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _value(v):
    """A plain value from a DuckDB row (dates ISO, NaN as missing)."""
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, date):
        return v.isoformat()
    return v


def _csv_field(v) -> str:
    # as pandas' to_csv writes them: missing empty, floats in their shortest round-trip form
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, date):
        return v.isoformat()
    return repr(v) if isinstance(v, float) else str(v)


def emit_rows(columns: list[str], rows: list[tuple], fmt: str = "table",
              out: Path | str | None = None) -> None:
    """Print DuckDB rows (plain Python values) as ``cli_analytics.emit`` prints the same
    data as a DataFrame -- without pandas; ``fmt``: table, csv or json."""
    if fmt not in ("table", "csv", "json"):
        raise ValueError(f"emit_rows: unknown format {fmt!r} (table, csv or json)")
    out = Path(out) if out else None
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_csv_field(v) for v in row] for row in rows)
        text = buf.getvalue()
    elif fmt == "json":
        records = [{k: _value(v) for k, v in zip(columns, row, strict=True)} for row in rows]
        text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    else:
        _print_table(columns, [[_cell(_value(v)) for v in row] for row in rows], out)
        return
    _write(text, out)


# -- before Typer -----------------------------------------------------------------

#: Options of ``comity series`` / ``comity dyad`` that take a value, and their flags
#: (as declared in cli_analytics.register and cli.dyad).
_VALUES = {"--freq", "--domain", "--since", "--until", "--db", "--engine", "--format", "--out"}
_FLAGS = {"series": {"--directed": True, "--no-directed": False}, "dyad": {"--directed": True}}


def parse_args(argv: list[str]) -> tuple[str, list[str], dict[str, str], bool] | None:
    """(command, positionals, options, directed) of a plain series/dyad call, else None."""
    if not argv or argv[0] not in _FLAGS:
        return None
    cmd, flags = argv[0], _FLAGS[argv[0]]
    pos: list[str] = []
    opts: dict[str, str] = {}
    directed = False
    i = 1
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("-"):
            name, eq, value = arg.partition("=")
            if name in flags and not eq:
                directed = flags[name]
            elif name in _VALUES and name not in opts:
                if not eq:
                    i += 1
                    if i >= len(argv) or argv[i].startswith("-"):
                        return None
                    value = argv[i]
                opts[name] = value
            else:  # --help, unknown or repeated options: Typer answers
                return None
        else:
            pos.append(arg)
        i += 1
    if len(pos) != 2 or opts.get("--engine", "duckdb") != "duckdb":
        return None
    if opts.get("--format", "table") not in ("table", "csv", "json"):
        return None
    return cmd, pos, opts, directed


def fast_main(argv: list[str]) -> bool:
    """Answer ``comity series|dyad A B ...`` on DuckDB; False (nothing done) otherwise."""
    parsed = parse_args(argv)
    if parsed is None:
        return False
    cmd, (a, b), opts, directed = parsed
    from comity.analysis.checks import AnalysisError, check_freq, iso3

    freq = opts.get("--freq", "month")
    try:
        check_freq(freq)
        if cmd == "series":  # as cli_analytics.series: ISO3 codes (names go through Typer)
            a, b = iso3(a), iso3(b)
            since, until = opts.get("--since"), opts.get("--until")
        else:  # as cli.dyad: any code or name, dates YYYY-MM-DD
            from comity.codes.countries import convert

            a, b = convert(a, to="iso3"), convert(b, to="iso3")
            if not a or not b:
                return False
            since = date.fromisoformat(opts["--since"]) if "--since" in opts else None
            until = date.fromisoformat(opts["--until"]) if "--until" in opts else None
    except (AnalysisError, KeyError, ValueError):
        return False
    from comity.store import Store, StoreError, default_db_path

    path = opts.get("--db") or default_db_path()
    if path == ":memory:" or not Path(path).exists():
        return False
    try:
        store = Store(path, read_only=True)
    except StoreError:
        return False
    from comity.analysis.checks import SERIES_COLUMNS
    from comity.analysis.fast import dyad_series_rows

    try:
        rows = dyad_series_rows(store.con, a, b, directed=directed, freq=freq, since=since,
                                until=until, domain=opts.get("--domain"))
    except AnalysisError:
        return False
    finally:
        store.close()
    emit_rows(SERIES_COLUMNS, rows, opts.get("--format", "table"), opts.get("--out"))
    return True


def main() -> None:
    """``comity``: the fast path when it applies, else the full Typer command line."""
    if fast_main(sys.argv[1:]):
        return
    from comity.cli import main as typer_main

    typer_main()


if __name__ == "__main__":
    main()
