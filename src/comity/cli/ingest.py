"""``comity ingest``, ``comity extract`` and ``comity demo``: text and data into the store."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from comity.cli.common import (
    Db,
    Knowledge,
    Model,
    db_path,
    err,
    escape,
    fail,
    open_store,
    parse_date,
    progress,
    say,
    warn,
)

#: The commands this module adds (the CLI builds only the module of the command run).
COMMANDS = ("ingest", "extract", "demo")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("extract")(extract)
    app.command("demo")(demo)


def _extractor(model: str, knowledge: list[Path] | None):
    from comity.api import make_extractor

    try:
        return make_extractor(model=model, knowledge=knowledge)
    except ImportError as exc:
        fail(f"cannot load model {model}: {exc}")
    except Exception as exc:  # model folders and knowledge files name what is wrong
        fail(str(exc))


def ingest(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH...", show_default=False,
        help="Files, folders or http(s) URLs (feeds, article pages) to load.")],
    db: Db = None,
    format: Annotated[str | None, typer.Option(
        "--format", metavar="FORMAT",
        help="text, html, jsonl, rss, gdelt, icews, polecat or acled (default: detect).")] = None,
    model: Model = "default",
    knowledge: Knowledge = None,
) -> None:
    """Load news files and event datasets into the store (loading again adds nothing)."""
    from comity.ingest import DATASET_FORMATS, ingest_paths
    from comity.sources import NEWS_READERS

    known = [*NEWS_READERS, *DATASET_FORMATS]
    if format and format not in known:
        fail(f"unknown format {format!r} (use one of: {', '.join(known)})")
    if knowledge:
        _extractor("none", knowledge)  # check the user's knowledge files before loading
    from comity.live import fetch_inputs

    fetched = fetch_inputs(paths)  # URLs are fetched before the store is opened
    for line in fetched.failures:
        err.print(f"[red]not fetched:[/red] {escape(line)}")
    if not fetched.paths:
        raise typer.Exit(1)
    store = open_store(db, read_only=False)
    try:
        with progress("ingest") as update:
            report = ingest_paths(store, fetched.paths, fmt=format,
                                  extractor=lambda: _extractor(model, knowledge),
                                  on_file=lambda p, i, n: update(i - 1, n, p.name),
                                  on_error=warn)
            update(len(report.files), len(report.files))
        counts = store.counts()
    finally:
        store.close()
    if not report.files:
        fail("no input files found")
    ok = report.succeeded
    say(f"{len(ok)} of {len(report.files)} files loaded: {report.total('loaded')} new "
        f"({report.total('skipped')} already stored, {report.total('rejected')} rejected "
        f"records), {report.total('events')} new events. Store {db_path(db)}: "
        f"{counts['documents']} documents, {counts['events']} events.")
    for f in report.failed:
        say(f"  not loaded: {fetched.name(f.error)}")
    if report.exit_code or fetched.failures:  # a file or URL that failed (the rest loaded)
        raise typer.Exit(report.exit_code or 1)


def extract(
    file_or_text: Annotated[str, typer.Argument(metavar="FILE_OR_TEXT", show_default=False,
                                                help="A file to read, or the text itself.")],
    on: Annotated[str | None, typer.Option(
        "--date", metavar="DATE",
        help="Document date YYYY-MM-DD (anchors relative dates and roles).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array of event records.")
                       ] = False,
    model: Model = "default",
    knowledge: Knowledge = None,
) -> None:
    """Print the events in a file or text, without storing them."""
    from comity.api import read_one_document
    from comity.cli.output import emit
    from comity.sources import SourceError

    day = parse_date(on, "--date")
    try:
        doc = read_one_document(file_or_text, day)
    except SourceError as exc:
        fail(str(exc))
    try:
        events = _extractor(model, knowledge).extract(doc).events
    except RuntimeError as exc:  # the learned stage's optional parts are missing
        fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps([e.to_json_record() for e in events], indent=2,
                                    ensure_ascii=False) + "\n")
        return
    rows = [(e.date, f"{e.source_country or '-'} {e.plover_type} {e.target_country or '-'}",
             e.status, ", ".join(e.domains), e.location_name) for e in events]
    emit(rows, "table", columns=["date", "who did what to whom", "status", "domains", "place"],
         title=f"{len(events)} events")


def demo(
    out_dir: Annotated[Path, typer.Option("--out", metavar="DIR",
                                          help="Folder for the store and the brief.")] = Path("."),
    model: Model = "default",
) -> None:
    """The main job: load the bundled corpus and write a Pakistan-Russia brief."""
    from comity.api import corpus_path, write_brief
    from comity.ingest import ingest_paths

    if out_dir.exists() and not out_dir.is_dir():
        fail(f"--out {out_dir}: not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"--out {out_dir}: {exc.strerror or exc}")
    db = out_dir / "comity.duckdb"
    extractor = _extractor(model, None)
    store = open_store(str(db), read_only=False)
    try:
        err.print(f"loading the bundled corpus into {db}", markup=False)
        with progress("extract") as update:
            report = ingest_paths(store, [corpus_path()], extractor=extractor,
                                  on_file=lambda p, i, n: update(i - 1, n, p.name))
        failed = report.failed
        if failed and not report.total("loaded") and not store.counts()["documents"]:
            fail(f"the bundled corpus did not load ({len(failed)} files failed); "
                 f"first: {failed[0].error}")
        counts = store.counts()
        err.print(f"{counts['documents']} documents, {counts['events']} events "
                  f"({report.total('loaded')} new documents this run)", markup=False)
        path = write_brief(store, "PAK", "RUS", out_dir / "brief.html")
    finally:
        store.close()
    say(f"brief written to {path}")
