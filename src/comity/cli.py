"""The ``comity`` command line: thin wrappers over the API, with clear one-line errors."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from comity.store import Store, StoreError, default_db_path

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="comity: evidence-backed analysis of how two states relate.")
actors_app = typer.Typer(no_args_is_help=True, help="Look up actors in the knowledge base.")
codes_app = typer.Typer(no_args_is_help=True, help="Convert country and event codes.")
app.add_typer(actors_app, name="actors")
app.add_typer(codes_app, name="codes")

out = Console()
err = Console(stderr=True)

DbOption = Annotated[str | None, typer.Option("--db", help="Store file (default: $COMITY_DB or ./comity.duckdb).")]
KnowledgeOption = Annotated[list[Path] | None, typer.Option("--knowledge", help="Extra knowledge YAML (repeatable).")]
ModelOption = Annotated[str, typer.Option("--model", help="Learned model: 'default' (shipped), a folder made by 'comity train', or 'none' (rules only).")]


def fail(message: str, code: int = 2) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def open_store(db: str | None, read_only: bool = False) -> Store:
    path = db or default_db_path()
    if read_only and path != ":memory:" and not Path(path).exists():
        fail(f"{path}: no such store; run 'comity ingest' first")
    try:
        return Store(path, read_only=read_only)
    except StoreError as exc:
        fail(str(exc))


def parse_day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{name} {value!r} is not a date (YYYY-MM-DD)")


def country_code(value: str) -> str:
    """An ISO3 code from any code or name the user typed."""
    from comity.codes.countries import convert

    try:
        iso3 = convert(value, to="iso3")
    except (ValueError, KeyError):
        iso3 = None
    if not iso3:
        fail(f"unknown country {value!r} (use an ISO3 code such as PAK, RUS)")
    return iso3


def _extractor(model: str | None, knowledge: list[Path] | None):
    from comity.api import make_extractor

    try:
        return make_extractor(model=model, knowledge=knowledge)
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc))
    except Exception as exc:  # knowledge validation errors name file:line
        fail(str(exc))


def emit(df, fmt: str, out_file: Path | None = None) -> None:
    from comity.cli_analytics import emit as _emit

    _emit(df, fmt, out_file)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or http(s) URLs (feeds, article pages) to load.")],
    db: DbOption = None,
    format: Annotated[str | None, typer.Option("--format", help="text, html, jsonl, rss, gdelt, icews, polecat, acled (default: detect).")] = None,
    model: ModelOption = "default",
    knowledge: KnowledgeOption = None,
) -> None:
    """Load news files and event datasets into the store (re-loading adds nothing)."""
    from comity.ingest import DATASET_FORMATS, ingest_paths
    from comity.sources import NEWS_READERS

    if format and format not in NEWS_READERS and format not in DATASET_FORMATS:
        fail(f"unknown format {format!r} (use one of: {', '.join([*NEWS_READERS, *DATASET_FORMATS])})")
    if knowledge:
        _extractor("none", knowledge)  # validate the user's knowledge files before loading
    from comity.live import fetch_inputs

    fetched = fetch_inputs(paths)  # URLs are fetched before the store is opened
    for line in fetched.failures:
        err.print(f"[red]not fetched:[/red] {line}", highlight=False, soft_wrap=True)
    if not fetched.paths:
        raise typer.Exit(1)
    paths = fetched.paths
    store = open_store(db)
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task("", total=None)

        def on_file(path: Path, i: int, n: int) -> None:
            progress.update(task, total=n, completed=i - 1, description=path.name)

        def on_error(line: str) -> None:
            progress.console.print(f"[yellow]warning:[/yellow] {line}", highlight=False,
                                   soft_wrap=True)

        report = ingest_paths(store, paths, fmt=format,
                              extractor=lambda: _extractor(model, knowledge),
                              on_file=on_file, on_error=on_error)
        progress.update(task, completed=len(report.files))
    counts = store.counts()
    store.close()
    ok = report.succeeded
    out.print(
        f"{len(ok)} of {len(report.files)} files loaded: {report.total('loaded')} new "
        f"({report.total('skipped')} already stored, {report.total('rejected')} rejected records), "
        f"{report.total('events')} new events. Store {db or default_db_path()}: "
        f"{counts['documents']} documents, {counts['events']} events.",
        highlight=False,
    )
    for f in report.failed:
        out.print(f"  not loaded: {fetched.name(f.error)}", highlight=False, soft_wrap=True)
    if report.files and not ok:
        raise typer.Exit(1)
    if not report.files:
        fail("no input files found")


@app.command()
def extract(
    file_or_text: Annotated[str, typer.Argument(help="A file to read, or the text itself.")],
    date_: Annotated[str | None, typer.Option("--date", help="Document date YYYY-MM-DD (anchors relative dates and roles).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array of flat event records.")] = False,
    model: ModelOption = "default",
    knowledge: KnowledgeOption = None,
) -> None:
    """Print the events in a file or text, without storing them."""
    from comity.api import read_one_document
    from comity.sources import SourceError

    day = parse_day(date_, "--date")
    try:
        doc = read_one_document(file_or_text, day)
    except SourceError as exc:
        fail(str(exc))
    extractor = _extractor(model, knowledge)
    events = extractor.extract(doc).events
    if as_json:
        sys.stdout.write(json.dumps([e.to_json_record() for e in events], indent=2,
                                    ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(events)} events", show_lines=False)
    for col in ("date", "who did what to whom", "cameo", "status", "domains", "place"):
        table.add_column(col, overflow="fold")
    for e in events:
        source = f"{e.source_name or e.source_text or '?'} ({e.source_country or '-'})"
        target = f"{e.target_name or e.target_text or '?'} ({e.target_country or '-'})"
        table.add_row(str(e.date or ""), f"{source} [bold]{e.plover_type}[/bold] {target}",
                      e.cameo, e.status, ", ".join(e.domains), e.location_name)
    out.print(table)


@app.command()
def events(
    dyad: Annotated[tuple[str, str], typer.Option("--dyad", help="Two countries, e.g. --dyad PAK RUS.")],
    db: DbOption = None,
    directed: Annotated[bool, typer.Option("--directed", help="Only A -> B (default: both directions).")] = False,
    since: Annotated[str | None, typer.Option(help="From date YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="To date YYYY-MM-DD.")] = None,
    domain: Annotated[str | None, typer.Option(help="Only events in this domain.")] = None,
    status: Annotated[str, typer.Option(help="asserted, intended, hypothetical, negated, assessment or all.")] = "asserted",
    format: Annotated[str, typer.Option("--format", help="table, csv, json or parquet.")] = "table",
    out_file: Annotated[Path | None, typer.Option("--out", help="Write to this file (required for parquet).")] = None,
) -> None:
    """List a dyad's events with their evidence sentences."""
    from comity.analysis.events import dyad_events
    from comity.model import DOMAINS, STATUSES

    a, b = country_code(dyad[0]), country_code(dyad[1])
    if domain and domain not in DOMAINS:
        fail(f"unknown domain {domain!r} (use one of: {', '.join(DOMAINS)})")
    if status != "all" and status not in STATUSES:
        fail(f"unknown status {status!r} (use one of: {', '.join(STATUSES)}, all)")
    store = open_store(db, read_only=True)
    df = dyad_events(store, a, b, directed=directed, since=parse_day(since, "--since"),
                     until=parse_day(until, "--until"), domain=domain,
                     status=None if status == "all" else status)
    emit(df, format, out_file)


@app.command()
def dyad(
    a: Annotated[str, typer.Argument(help="First country (ISO3).")],
    b: Annotated[str, typer.Argument(help="Second country (ISO3).")],
    db: DbOption = None,
    directed: Annotated[bool, typer.Option("--directed", help="Only A -> B.")] = False,
    freq: Annotated[str, typer.Option("--freq", help="month, quarter or year.")] = "month",
    since: Annotated[str | None, typer.Option(help="From date YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="To date YYYY-MM-DD.")] = None,
    domain: Annotated[str | None, typer.Option(help="Only events in this domain.")] = None,
    engine: Annotated[str, typer.Option("--engine", help="duckdb or spark.")] = "duckdb",
    format: Annotated[str, typer.Option("--format", help="table, csv, json or parquet.")] = "table",
    out_file: Annotated[Path | None, typer.Option("--out", help="Write to this file (required for parquet).")] = None,
) -> None:
    """A dense panel of a dyad's events: counts by QuadClass, Goldstein sum and mean."""
    if freq not in ("month", "quarter", "year"):
        fail(f"--freq must be month, quarter or year, not {freq!r}")
    if engine not in ("duckdb", "spark"):
        fail(f"--engine must be duckdb or spark, not {engine!r}")
    store = open_store(db, read_only=True)
    args = dict(a=country_code(a), b=country_code(b), directed=directed, freq=freq,
                since=parse_day(since, "--since"), until=parse_day(until, "--until"), domain=domain)
    if engine == "duckdb" and format in ("table", "csv", "json"):
        # DuckDB fast path: plain SQL, no Ibis or pandas (same rows, see comity.analysis.fast)
        from comity.analysis.checks import SERIES_COLUMNS
        from comity.analysis.fast import dyad_series_rows
        from comity.cli_fast import emit_rows

        rows = dyad_series_rows(store.con, **args)
        store.close()
        emit_rows(SERIES_COLUMNS, rows, format, out_file)
        return
    from comity.analysis.series import dyad_series

    df = dyad_series(store, engine=engine, **args)
    emit(df, format, out_file)


# The same panel under the name analysts also use for it.
app.command("series", help="The same as 'dyad': a dense panel of a dyad's events.")(dyad)


@app.command()
def brief(
    a: Annotated[str, typer.Argument(help="First country (ISO3).")],
    b: Annotated[str, typer.Argument(help="Second country (ISO3).")],
    db: DbOption = None,
    out_file: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("brief.html"),
    since: Annotated[str | None, typer.Option(help="From date YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="To date YYYY-MM-DD.")] = None,
) -> None:
    """Write a bilateral brief (self-contained HTML) with charts and cited evidence."""
    from comity.report.brief import write_brief

    store = open_store(db, read_only=True)
    path = write_brief(store, country_code(a), country_code(b), out_file,
                       since=parse_day(since, "--since"), until=parse_day(until, "--until"))
    out.print(f"brief written to {path}", highlight=False)


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the store and brief.")] = Path("."),
    model: ModelOption = "default",
) -> None:
    """The main job: load the bundled corpus and write a Pakistan–Russia brief."""
    from comity.api import corpus_path
    from comity.ingest import ingest_paths
    from comity.report.brief import write_brief

    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = out_dir / "comity.duckdb"
    extractor = _extractor(model, None)
    store = open_store(str(db_path))
    corpus = corpus_path()
    err.print(f"loading the bundled corpus from {corpus} into {db_path}", highlight=False)
    with Progress(TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), console=err, transient=True) as progress:
        task = progress.add_task("", total=None)
        report = ingest_paths(store, [corpus], extractor=extractor,
                              on_file=lambda p, i, n: progress.update(
                                  task, total=n, completed=i - 1, description=p.name))
    counts = store.counts()
    err.print(f"{counts['documents']} documents, {counts['events']} events "
              f"({report.total('loaded')} new documents this run)", highlight=False)
    brief_path = write_brief(store, "PAK", "RUS", out_dir / "brief.html")
    store.close()
    out.print(f"brief written to {brief_path}", highlight=False)


@actors_app.command("resolve")
def actors_resolve(
    phrase: Annotated[str, typer.Argument(help="A name or phrase, e.g. 'Sharif' or 'the Kremlin'.")],
    date_: Annotated[str | None, typer.Option("--date", help="Resolve as of this date YYYY-MM-DD.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object (null when unknown).")] = False,
    knowledge: KnowledgeOption = None,
) -> None:
    """Who a name or phrase means on a date: name, country, sector, role, start, end."""
    from comity.api import resolve_actor

    day = parse_day(date_, "--date")
    try:
        found = resolve_actor(phrase, day, knowledge=knowledge)
    except Exception as exc:  # knowledge validation errors name file:line
        fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(found, ensure_ascii=False) + "\n")
        return
    if found is None:
        out.print(f"unknown: {phrase}", highlight=False)
        raise typer.Exit(1)
    for key, value in found.items():
        out.print(f"{key:8} {value if value is not None else ''}", highlight=False)


@codes_app.command("country")
def codes_country(
    value: Annotated[str, typer.Argument(help="A code or name: PAK, PK, 770, Pakistan ...")],
    to: Annotated[str, typer.Option("--to", help="iso3, iso2, cow, cow_letter, fips, cameo or name.")] = "iso3",
    from_: Annotated[str | None, typer.Option("--from", help="Scheme of VALUE when ambiguous (fips, cameo, cow, ...).")] = None,
) -> None:
    """Convert a country code or name to another scheme."""
    from comity.codes.countries import convert

    try:
        result = convert(value, to=to, from_=from_)
    except (ValueError, KeyError) as exc:
        fail(str(exc).strip("'\""))
    if result is None:
        fail(f"unknown country {value!r}" + ("" if from_ else " (try --from fips|cameo|cow)"), 1)
    out.print(result, highlight=False)


def _register_optional() -> None:
    """Commands contributed by the analytics and quality modules."""
    for module in ("comity.cli_analytics", "comity.cli_quality", "comity.cli_fetch"):
        try:
            mod = __import__(module, fromlist=["register"])
        except ImportError:
            continue
        mod.register(app)


_register_optional()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
