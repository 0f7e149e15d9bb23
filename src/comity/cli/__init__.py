"""The ``comity`` command line: one Typer app of thin commands over :mod:`comity.api`.

Each module in :data:`COMMAND_MODULES` adds its commands through ``register(app)``;
options are defined once in :mod:`comity.cli.common`, output in :mod:`comity.cli.output`.
Nothing heavy is imported until a command runs, so ``comity dyad`` answers quickly.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

#: Command modules, in help order; adding one is one line here.
COMMAND_MODULES = ("ingest", "analyses", "quality", "lookup")

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  pretty_exceptions_enable=False,
                  help="comity: evidence-backed analysis of how two states relate.")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("comity")
        except PackageNotFoundError:  # pragma: no cover - run from a source tree
            v = "unknown"
        print(f"comity {v}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
          ) -> None:
    """comity: evidence-backed analysis of how two states relate."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"comity.cli.{_name}").register(app)


def main() -> None:
    app()
