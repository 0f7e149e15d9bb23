"""``comity serve``: the local, read-only dashboard over a store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from comity.cli.common import Db, fail, say

#: The commands this module adds (the CLI builds only the module of the command run).
COMMANDS = ("serve",)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    db: Db = None,
    host: Annotated[str, typer.Option("--host", metavar="HOST",
                                      help="Address to listen on (loopback by default).")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="PORT", help="Port to listen on.")] = 8050,
) -> None:
    """Open the dashboard: pick a dyad, follow its trend to the sentences behind it."""
    import uvicorn

    from comity.store.store import default_db_path
    from comity.web.app import create_app

    path = Path(db or default_db_path()).expanduser()
    if not path.is_file():
        fail(f"--db {path}: no store there (build one with 'comity ingest' or 'comity demo')")
    if not 0 < port < 65536:
        fail(f"--port {port}: not a port number")
    say(f"comity dashboard on http://{host}:{port}/ over {path} (read-only); Ctrl-C to stop")
    uvicorn.run(create_app(str(path.resolve())), host=host, port=port, log_level="warning")
