"""Every command x every output format, over one store holding undated news events,
ICEWS rows and GDELT rows (the NaT case that crashed ``comity events`` under pandas 3)."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from comity.cli import app
from tests.conftest import shared_path

UNDATED = ("Pakistan and Russia have held talks on energy and security in the past. "
           "Russia has supplied wheat to Pakistan, officials say.")

#: command -> arguments (the dyad or state) and the columns its CSV/JSON must carry.
COMMANDS = {
    "events": (["PAK", "RUS", "--status", "all"], {"event_id", "date", "plover_type", "sentence"}),
    "dyad": (["USA", "RUS", "--freq", "quarter"], {"period", "events", "goldstein_mean"}),
    "series": (["USA", "RUS"], {"period", "events"}),
    "meetings": (["USA", "RUS"], set()),
    "domains": (["USA", "RUS"], {"domain"}),
    "follow-through": (["USA", "RUS"], set()),
    "third-parties": (["USA", "RUS"], set()),
    "triads": (["USA", "RUS"], set()),
    "portfolio": (["RUS"], set()),
    "alignment": (["USA", "RUS"], set()),
    "breaks": (["USA", "RUS"], set()),
}
FORMATS = ("table", "csv", "json", "parquet")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    icews = shared_path("gold", "icews-events-2018-sample.tab")
    gdelt = shared_path("gold", "gdelt2-export-20180101000000.tsv")
    folder = tmp_path_factory.mktemp("matrix")
    news = folder / "undated.txt"
    news.write_text(UNDATED, encoding="utf-8")
    path = folder / "m.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(news), str(icews), str(gdelt), "--model",
                                      "none", "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _undated_events(db) -> int:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM events WHERE date IS NULL").fetchone()[0]
    finally:
        con.close()


def test_the_store_holds_undated_news_and_both_datasets(db):
    assert _undated_events(db) >= 1


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_in_format(db, tmp_path, command, fmt):
    args, columns = COMMANDS[command]
    out = tmp_path / f"out.{fmt}"
    cmd = [command, *args, "--db", str(db), "--format", fmt]
    if fmt == "parquet":
        cmd += ["--out", str(out)]
    result = CliRunner().invoke(app, cmd)
    assert result.exit_code == 0, (result.output, result.exception)
    assert "Traceback" not in result.output
    if fmt == "table":
        assert all(len(line) <= 80 for line in result.stdout.splitlines()), result.stdout
        return
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        names = set(rows[0]) if rows else set(next(csv.reader(io.StringIO(result.stdout)), []))
    elif fmt == "json":
        rows = json.loads(result.stdout)
        names = set(rows[0]) if rows else set()
    else:
        frame = pd.read_parquet(out)
        rows, names = frame.to_dict("records"), set(frame.columns)
    if rows:
        assert columns <= names


def test_events_lists_undated_news_events_in_every_format(db, tmp_path):
    result = CliRunner().invoke(app, ["events", "PAK", "RUS", "--status", "all", "--db", str(db),
                                      "--format", "json"])
    records = json.loads(result.stdout)
    assert any(r["date"] is None for r in records)
    assert all(r["source_country"] in ("PAK", "RUS") for r in records)


def test_codes_stay_strings_in_csv_json_and_parquet(db, tmp_path):
    base = ["events", "USA", "RUS", "--db", str(db)]
    runner = CliRunner()
    text = runner.invoke(app, [*base, "--format", "csv"]).stdout
    cameo = [r["cameo"] for r in csv.DictReader(io.StringIO(text)) if r["cameo"]]
    assert cameo and all(c[0] == "0" or len(c) >= 3 for c in cameo)
    assert '"0' in text  # quoted, so a reader that honours quotes keeps the leading zero
    records = json.loads(runner.invoke(app, [*base, "--format", "json"]).stdout)
    assert all(isinstance(r["cameo"], str) for r in records if r["cameo"] is not None)
    runner.invoke(app, [*base, "--format", "parquet", "--out", str(tmp_path / "e.parquet")])
    assert pd.read_parquet(tmp_path / "e.parquet")["cameo"].dropna().map(type).eq(str).all()


def test_bigquery_sql_prints_sql():
    result = CliRunner().invoke(app, ["bigquery-sql", "PAK", "RUS", "--since", "2015"])
    assert result.exit_code == 0 and "SQLDATE >= 20150101" in result.stdout


def test_dyad_weighted_by_mentions_sums_the_mentions(db):
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    # the busiest dated, asserted GDELT dyad and its events and mentions, from the store
    a, b, events, mentions = con.execute(
        "SELECT least(source_country, target_country) a, greatest(source_country, "
        "target_country) b, count(*), sum(coalesce(num_mentions, 1)) FROM events "
        "WHERE dataset = 'gdelt2' AND status = 'asserted' AND date IS NOT NULL AND "
        "source_country <> target_country GROUP BY 1, 2 ORDER BY 4 DESC LIMIT 1").fetchone()
    con.close()
    runner = CliRunner()
    weighted = json.loads(runner.invoke(app, ["dyad", a, b, "--mentions", "--db", str(db),
                                              "--format", "json"]).stdout)
    plain = json.loads(runner.invoke(app, ["dyad", a, b, "--db", str(db), "--format",
                                           "json"]).stdout)
    assert mentions > events
    assert sum(r["events"] for r in weighted) >= mentions  # other sources add theirs
    assert sum(r["events"] for r in weighted) - sum(r["events"] for r in plain) == (
        mentions - events)
