"""The ``comity`` command line: one Typer app of thin commands over :mod:`comity.api`.

Each module in :data:`COMMAND_MODULES` adds its commands through ``register(app: typer.Typer)``
and may list their names in ``COMMANDS`` (a tuple) so that running one of them imports only
that module; a module without ``COMMANDS`` still works, it is just built for every command.
Options are defined once in :mod:`comity.cli.common`, output in :mod:`comity.cli.output`.
Nothing heavy is imported until a command runs, and :func:`main` builds only the module
of the command being run (Typer validates every parameter of every registered command
when it starts), so ``comity dyad`` answers quickly.
"""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer

#: Command modules, in help order; adding one is one line here.
COMMAND_MODULES = ("ingest", "analyses", "quality", "lookup", "serve", "fetch")

HELP = "comity: evidence-backed analysis of how two states relate."


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("comity")
        except PackageNotFoundError:  # pragma: no cover - run from a source tree
            v = "unknown"
        print(f"comity {v}")
        raise typer.Exit()


def _root(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
          ) -> None:
    """comity: evidence-backed analysis of how two states relate."""


def make_app(only: str | None = None) -> typer.Typer:
    """The app with every command, or only the commands of the module that has ``only``."""
    app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                      pretty_exceptions_enable=False, help=HELP)
    app.callback()(_root)
    modules = [importlib.import_module(f"comity.cli.{name}") for name in COMMAND_MODULES]
    owner = [m for m in modules if only in getattr(m, "COMMANDS", ())]
    for module in owner[:1] or modules:
        module.register(app)
    return app


_APP: typer.Typer | None = None


def __getattr__(name: str):
    """``comity.cli.app``: the whole app (tests and embedding use it)."""
    global _APP
    if name == "app":
        if _APP is None:
            _APP = make_app()
        return _APP
    raise AttributeError(f"module 'comity.cli' has no attribute {name!r}")


def main() -> None:
    words = [a for a in sys.argv[1:] if not a.startswith("-")]
    asks_help = any(a in ("--help", "-h") for a in sys.argv[1:])
    make_app(only=None if asks_help or not words else words[0])(prog_name="comity")
