"""``comity fetch gdelt`` and ``comity watch``: live data, thin commands over comity.live/watch.

``register(app)`` adds both.  Bad input is one line on stderr with exit code 2; a run in
which some files failed loads the rest and exits 1 (run it again to retry them).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from comity.cli.common import Db, Model, db_path, err, escape, fail, out, parse_date

#: The commands this module adds (the CLI builds only the module of the command run).
COMMANDS = ("fetch", "watch")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class _RichHooks:
    """Draws fetch progress: files, bytes, rows and time left (plain lines off a terminal)."""

    def __init__(self, progress, plain: bool):
        self.progress, self.plain = progress, plain
        self.task = None
        self.files = self.rows = self.n = 0

    def start(self, files: int, total_bytes: int, skipped: int) -> None:
        self.n = files
        if skipped:
            self._say(f"{skipped} files in the range are already in; skipped")
        if self.progress is not None:
            self.task = self.progress.add_task("", total=total_bytes or None, files=f"0/{files}",
                                               rows=0)

    def file(self, listed) -> None:
        pass

    def bytes(self, n: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, n)

    def done(self, listed, rows: int) -> None:
        self.files += 1
        self.rows += rows
        if self.task is not None:
            self.progress.update(self.task, files=f"{self.files}/{self.n}", rows=self.rows)
        if self.plain:
            err.print(f"{self.files}/{self.n} {listed.name}: {rows} rows", highlight=False)

    def failed(self, listed, message: str) -> None:
        self.files += 1
        if self.task is not None:
            self.progress.update(self.task, files=f"{self.files}/{self.n}")
        self._say(f"[red]failed:[/red] {escape(message)}")

    def warning(self, line: str) -> None:
        self._say(f"[yellow]warning:[/yellow] {escape(line)}")

    def _say(self, text: str) -> None:
        console = self.progress.console if self.progress is not None else err
        console.print(text, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add ``fetch`` (with ``gdelt``) and ``watch`` to ``app``."""
    fetch_app = typer.Typer(no_args_is_help=True, help="Download public event data into the store.")
    app.add_typer(fetch_app, name="fetch")

    @fetch_app.command("gdelt")
    def fetch_gdelt_cmd(
        since: Annotated[str, typer.Option("--since", metavar="DATE", help="First day: YYYY, YYYY-MM or YYYY-MM-DD.")],
        until: Annotated[str | None, typer.Option("--until", metavar="DATE", help="Last day (default: the --since period's last day).")] = None,
        version: Annotated[int, typer.Option("--version", metavar="1|2", help="GDELT 1 or 2.")] = 2,
        table: Annotated[str, typer.Option("--table", metavar="TABLE", help="events, mentions (GDELT 2) or gkg (downloaded, not ingested).")] = "events",
        db: Db = None,
        base_url: Annotated[str | None, typer.Option("--base-url", metavar="URL", help="A mirror serving GDELT's paths (default https://data.gdeltproject.org).")] = None,
        folder: Annotated[Path | None, typer.Option("--dir", metavar="PATH", help="Download folder (default: $COMITY_CACHE/gdelt/vN).")] = None,
        keep: Annotated[bool, typer.Option("--keep", help="Keep the downloaded zips after loading them.")] = False,
        workers: Annotated[int, typer.Option("--workers", min=1, max=16, metavar="N", help="Downloads running ahead of the loading.")] = 4,
    ) -> None:
        """Download GDELT files for a date range, check size and MD5, and load them; files already in are skipped."""
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        from comity.live import FetchProblem, fetch_gdelt
        from comity.store import StoreError

        first = parse_date(since, "--since")
        last = parse_date(until or since, "--until", end=True)
        store_path = db_path(db)
        tty = err.is_terminal
        progress = Progress(TextColumn("[bold]gdelt[/bold] {task.fields[files]} files"),
                            BarColumn(), DownloadColumn(), TextColumn("{task.fields[rows]:,} rows"),
                            TimeRemainingColumn(), console=err, transient=True, disable=not tty)
        hooks = _RichHooks(progress if tty else None, plain=not tty)
        try:
            with progress:
                report = fetch_gdelt(store_path, first, last, version=version, table=table,
                                     base_url=base_url, folder=folder, keep=keep, workers=workers,
                                     hooks=hooks)
        except ValueError as exc:
            fail(str(exc))
        except FetchProblem as exc:
            fail(str(exc), 1)
        except StoreError as exc:
            fail(str(exc))
        what = ("loaded" if report.ingested
                else "downloaded and verified (not ingested: comity has no GKG reader)")
        summary = (f"GDELT {version} {table} {first}..{last}: {_n(report.listed, 'file')} in the "
                   f"range, {report.skipped} already in, {report.downloaded} fetched "
                   f"({report.bytes:,} bytes downloaded), "
                   f"{report.loaded_files if report.ingested else report.downloaded} {what}")
        if report.ingested:
            summary += (f": {report.rows_read:,} rows read, {report.rows_loaded:,} new, "
                        f"{report.rejected:,} rejected. Store {store_path}.")
        out.print(escape(summary + ("" if report.ingested else ".")))
        if not report.listed:
            hint = (" (GDELT 2.0 files start in February 2015: use --version 1 before that)"
                    if version == 2 and first < date(2015, 3, 1) else "")
            out.print(escape(f"no {table} files in that range{hint}"))
        if report.kept:
            out.print(f"files kept in {escape(str(Path(report.kept[0]).parent))}")
        if report.failures:
            out.print(f"{_n(len(report.failures), 'file')} failed (see above); run the same "
                      "command again to retry them.")
            raise typer.Exit(1)

    @app.command("watch")
    def watch_cmd(
        feeds_file: Annotated[Path, typer.Argument(metavar="FEEDS.yaml", show_default=False, help="YAML file: feeds (URLs), dyads, optional every.")],
        every: Annotated[str | None, typer.Option("--every", metavar="INTERVAL", help="Poll interval: 15m, 1h, 900 (default: the file's, else 15m).")] = None,
        once: Annotated[bool, typer.Option("--once", help="Poll once and exit.")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per new item.")] = False,
        db: Db = None,
        model: Model = "default",
    ) -> None:
        """Poll news feeds, ingest new articles, and print new meetings, agreements and breaks."""
        from comity.store import StoreError
        from comity.watch import MIN_EVERY, WatchConfigError, load_config, parse_every, watch

        try:
            config = load_config(feeds_file)
            seconds = parse_every(every) if every else (config.every or 900.0)
        except (WatchConfigError, ValueError) as exc:
            fail(str(exc))
        if seconds < MIN_EVERY and not once:
            fail(f"--every {every or config.every}: poll at most once a minute (60s or more)")
        from comity.api import make_extractor

        try:
            extractor = make_extractor(model=model)
        except Exception as exc:  # noqa: BLE001 - a bad model folder is one line
            fail(str(exc))
        failures = []

        def on_poll(result) -> None:
            stamp = result.at.strftime("%Y-%m-%dT%H:%M:%SZ")
            for line in result.errors:
                err.print(f"[yellow]{stamp} feed failed:[/yellow] {escape(line)}",
                          highlight=False, soft_wrap=True)
            if as_json:
                for f in result.findings:
                    sys.stdout.write(json.dumps({"at": stamp, **f.to_json()}, default=str,
                                                ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                for f in result.findings:
                    out.print(f"{stamp} {escape(f.text)}")
                err.print(f"{stamp} polled {result.feeds_ok}/{len(config.feeds)} feeds: "
                          f"{result.new_documents} new articles, {len(result.findings)} new items",
                          highlight=False)
            if result.store_error:
                err.print(f"[red]{stamp} error:[/red] {escape(result.store_error)}",
                          highlight=False, soft_wrap=True)
            failures.append(bool(result.store_error) or (bool(result.errors)
                                                         and not result.feeds_ok))

        try:
            watch(config, db_path(db), every=seconds, once=once, on_poll=on_poll,
                  extractor=extractor)
        except StoreError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            return
        if once and failures and failures[-1]:
            raise typer.Exit(1)
