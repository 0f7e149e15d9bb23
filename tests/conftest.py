"""Shared fixtures: where ../shared is, a fresh store, the CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test when it is absent (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture
def store(tmp_path):
    from comity.store import Store

    s = Store(tmp_path / "test.duckdb")
    yield s
    s.close()


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


# -- the fetch, URL and watch tests: a cache of their own, no pacing, no default store ---

@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("COMITY_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COMITY_FETCH_INTERVAL", "0")
    monkeypatch.delenv("COMITY_DB", raising=False)
    return tmp_path


@pytest.fixture
def app():
    """The ``fetch`` and ``watch`` commands alone (test files may define their own ``app``)."""
    import typer

    from comity.cli.fetch import register

    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """test app"""

    register(app)
    return app
