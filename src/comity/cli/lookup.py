"""``comity actors resolve`` and ``comity codes country``: the knowledge base and code tables."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from comity.cli.common import Knowledge, fail, parse_date, say

#: The commands this module adds (the CLI builds only the module of the command run).
COMMANDS = ("actors", "codes")


def register(app: typer.Typer) -> None:
    actors = typer.Typer(no_args_is_help=True, help="Look up actors in the knowledge base.")
    codes = typer.Typer(no_args_is_help=True, help="Convert country and event codes.")
    app.add_typer(actors, name="actors")
    app.add_typer(codes, name="codes")
    actors.command("resolve")(actors_resolve)
    codes.command("country")(codes_country)


def actors_resolve(
    phrase: Annotated[str, typer.Argument(metavar="PHRASE", show_default=False,
                                          help="A name or phrase, e.g. 'Sharif' or 'the Kremlin'.")],
    on: Annotated[str | None, typer.Option("--date", metavar="DATE",
                                           help="Resolve as of this date (YYYY-MM-DD).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object (null when unknown).")
                       ] = False,
    knowledge: Knowledge = None,
) -> None:
    """Who a name or phrase means on a date: name, country, sector, role, start, end."""
    from comity.api import resolve_actor

    day = parse_date(on, "--date")
    try:
        found = resolve_actor(phrase, day, knowledge=knowledge)
    except Exception as exc:  # knowledge validation errors name file:line
        fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(found, ensure_ascii=False) + "\n")
        return
    if found is None:
        say(f"unknown: {phrase}")
        raise typer.Exit(1)
    for key, value in found.items():
        say(f"{key:8} {value if value is not None else ''}")


def codes_country(
    value: Annotated[str, typer.Argument(metavar="CODE", show_default=False,
                                         help="A code or name: PAK, PK, 770, Pakistan ...")],
    to: Annotated[str, typer.Option("--to", metavar="SCHEME",
                                    help="iso3, iso2, cow, cow_letter, fips, cameo or name.")
                  ] = "iso3",
    from_: Annotated[str | None, typer.Option(
        "--from", metavar="SCHEME", help="Scheme of CODE when ambiguous (fips, cameo, cow, ...).")
    ] = None,
) -> None:
    """Convert a country code or name to another scheme."""
    from comity.codes.countries import convert

    try:
        result = convert(value, to=to, from_=from_)
    except (ValueError, KeyError) as exc:
        fail(str(exc).strip("'\""))
    if result is None:
        fail(f"unknown country {value!r}" + ("" if from_ else " (try --from fips|cameo|cow)"), 1)
    say(result)


__all__ = ["register"]
