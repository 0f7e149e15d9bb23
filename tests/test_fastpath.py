"""The DuckDB fast path of ``comity series`` / ``comity dyad`` gives what the Ibis analytics give;
dataset event ids, their migration and the lazy imports of the command line."""

from __future__ import annotations

import itertools
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from comity.analysis.checks import SERIES_COLUMNS
from comity.analysis.fast import dyad_series_rows
from comity.analysis.series import dyad_series
from comity.cli_fast import emit_rows, fast_main, parse_args
from comity.model import Event
from comity.store import Store
from tests.test_analysis_engines import build_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("fast") / "f.duckdb"
    s = build_store(path)
    s.close()
    s = Store(path, read_only=True)
    yield s
    s.close()


def _frame(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=SERIES_COLUMNS)
    df["period"] = df["period"].astype(object)
    for c in SERIES_COLUMNS[1:6]:
        df[c] = df[c].astype("int64")
    for c in ("goldstein_sum", "goldstein_mean"):
        df[c] = pd.to_numeric(df[c]).astype("float64")
    return df


CASES = list(itertools.product(
    [False, True], ["month", "quarter", "year"],
    [(None, None), ("2011-02-15", None), (None, "2012-07"), ("2010-05-01", "2012-12-31"),
     ("2030-01-01", "2030-06-30"), ("2030-01-01", None)],
    [None, "trade", "military"],
))


@pytest.mark.parametrize(("directed", "freq", "dates", "domain"), CASES)
@pytest.mark.parametrize(("a", "b"), [("PAK", "RUS"), ("RUS", "PAK"), ("PAK", "USA")])
def test_fast_path_equals_ibis(store, a, b, directed, freq, dates, domain):
    since, until = dates
    want = dyad_series(store, a, b, directed=directed, freq=freq, since=since, until=until,
                       domain=domain)
    got = _frame(dyad_series_rows(store.con, a, b, directed=directed, freq=freq, since=since,
                                  until=until, domain=domain))
    assert list(want.columns) == SERIES_COLUMNS
    pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_fast_path_status_and_bad_input(store):
    from comity.analysis import AnalysisError

    for status in (None, "intended"):
        want = dyad_series(store, "PAK", "RUS", status=status)
        got = _frame(dyad_series_rows(store.con, "PAK", "RUS", status=status))
        pd.testing.assert_frame_equal(got, want, check_exact=True)
    for kwargs in ({"freq": "week"}, {"since": "last year"}):
        with pytest.raises(AnalysisError):
            dyad_series_rows(store.con, "PAK", "RUS", **kwargs)
    with pytest.raises(AnalysisError):
        dyad_series_rows(store.con, "PAK", "XYZ")


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_emit_rows_prints_like_emit(store, fmt, capsys):
    from comity.cli_analytics import emit

    for kwargs in ({}, {"since": "2030-01-01", "until": "2030-03-01"}, {"since": "2030-01-01"}):
        emit(dyad_series(store, "PAK", "RUS", **kwargs), fmt)
        want = capsys.readouterr()
        emit_rows(SERIES_COLUMNS, dyad_series_rows(store.con, "PAK", "RUS", **kwargs), fmt)
        got = capsys.readouterr()
        assert (got.out, got.err) == (want.out, want.err)


@pytest.mark.parametrize("cmd", ["series", "dyad"])
@pytest.mark.parametrize("args", [
    ["--format", "csv"], ["--format=json", "--directed", "--freq", "quarter"],
    ["--since", "2011-01-01", "--until", "2012-06-30", "--format", "csv", "--domain", "trade"],
    ["--format", "table", "--freq=year"],
])
def test_cli_fast_path_prints_what_the_typer_command_prints(store, cmd, args, capsys):
    from typer.testing import CliRunner

    from comity.cli import app

    argv = [cmd, "PAK", "RUS", "--db", store.path, *args]
    # the Typer command on Spark goes through the Ibis analytics: same output
    slow = CliRunner().invoke(app, [*argv, "--engine", "spark"])
    assert slow.exit_code == 0, slow.output
    assert fast_main(argv)
    assert capsys.readouterr().out == slow.stdout
    typer_fast = CliRunner().invoke(app, argv)  # the command's own fast path
    assert typer_fast.exit_code == 0 and typer_fast.stdout == slow.stdout


@pytest.mark.parametrize("argv", [
    [], ["ingest", "x"], ["series", "PAK"], ["series", "PAK", "RUS", "--help"],
    ["series", "PAK", "RUS", "--engine", "spark"], ["series", "PAK", "RUS", "--format", "parquet"],
    ["series", "PAK", "RUS", "--bogus"], ["series", "PAK", "RUS", "--freq"],
    ["dyad", "PAK", "RUS", "--no-directed"], ["series", "PAK", "RUS", "--db", "a", "--db", "b"],
])
def test_fast_main_leaves_everything_else_to_typer(argv):
    assert parse_args(argv) is None
    assert fast_main(argv) is False


def test_fast_main_leaves_errors_to_typer(store, tmp_path):
    db = store.path
    for argv in (["series", "PAK", "XYZ", "--db", db], ["series", "PAK", "RUS", "--since", "soon", "--db", db],
                 ["dyad", "PAK", "RUS", "--since", "2011-02", "--db", db],
                 ["series", "PAK", "RUS", "--freq", "week", "--db", db],
                 ["series", "PAK", "RUS", "--db", str(tmp_path / "none.duckdb")]):
        assert fast_main(argv) is False


def test_cli_start_up_imports_no_heavy_modules():
    code = ("import sys, comity.cli, comity.cli_fast, comity.analysis, comity.analysis.fast; "
            "print(sorted(m for m in ('pandas', 'ibis', 'torch', 'sklearn', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    code = "import sys, comity.cli_fast; print('typer' in sys.modules, 'pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"


# -- dataset event ids ------------------------------------------------------------

def test_dataset_event_ids_are_dataset_and_source_id():
    assert Event(dataset="gdelt2", source_event_id="719024875").event_id == "gdelt2:719024875"
    # without a source id: the hash of the fields, as before
    e = Event(dataset="icews", source_event_id="", plover_type="CONSULT", source_country="PAK")
    assert len(e.event_id) == 16 and ":" not in e.event_id
    # news events keep their hashed ids
    n = Event(doc_id="d1", start=3, end=40, plover_type="CONSULT")
    assert len(n.event_id) == 16 and n.event_id != Event(doc_id="d1", start=3, end=41).event_id


def test_sql_and_python_ids_agree_without_source_id(tmp_path):
    from comity.model import event_id_sql

    s = Store(tmp_path / "i.duckdb")
    row = s.con.execute(
        f"SELECT {event_id_sql()} FROM (SELECT 'icews' AS dataset, NULL AS source_event_id, "
        "'CONSULT' AS plover_type, 'PAK' AS source_country, NULL AS target_country, "
        "'Pakistan' AS source_name, NULL AS target_name) m").fetchone()
    e = Event(dataset="icews", source_event_id="", plover_type="CONSULT", source_country="PAK",
              target_country=None, source_name="Pakistan", target_name=None)
    assert row[0] == e.event_id
    s.close()


def test_old_dataset_ids_are_migrated_and_reingest_adds_nothing(tmp_path):
    from comity.model import stable_hash
    from comity.sources.datasets import ingest_dataset
    from tests.test_datasets_readers import gdelt2_row

    f = tmp_path / "x.export.CSV"
    f.write_text("\n".join(gdelt2_row(i) for i in range(1, 6)) + "\n")
    db = tmp_path / "m.duckdb"
    s = Store(db)
    ingest_dataset(s, f)
    # make it a schema-2 store with the old hashed ids
    for eid, ds, sid, pt, sc, tc, sn, tn in s.con.execute(
            "SELECT event_id, dataset, source_event_id, plover_type, source_country, "
            "target_country, source_name, target_name FROM events").fetchall():
        old = stable_hash(ds, sid, pt, sc, tc, sn, tn)
        s.con.execute("UPDATE events SET event_id = ? WHERE event_id = ?", [old, eid])
        s.con.execute("UPDATE event_domains SET event_id = ? WHERE event_id = ?", [old, eid])
    s.con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    s.close()
    s = Store(db)
    ids = {r[0] for r in s.con.execute("SELECT event_id FROM events").fetchall()}
    assert ids == {f"gdelt2:{i}" for i in range(1, 6)}
    assert s.con.execute("SELECT count(*) FROM event_domains JOIN events USING (event_id)").fetchone()[0] == 5
    again = ingest_dataset(s, f)
    assert (again.loaded, again.skipped) == (0, 5) and s.count("events") == 5
    s.close()


def test_anti_join_only_against_the_same_dataset(tmp_path):
    """Another dataset in the store does not make a first load skip anything, and a
    second load of the same dataset skips exactly what is stored."""
    from comity.sources.datasets import ingest_dataset
    from tests.test_datasets_readers import gdelt2_row

    s = Store(tmp_path / "a.duckdb")
    other = Event(date=date(2018, 1, 1), dataset="fixture", source_event_id="1",
                  source_country="PAK", target_country="RUS")
    with s.transaction():
        s.write_events([other])
    f1, f2 = tmp_path / "a.export.CSV", tmp_path / "b.export.CSV"
    f1.write_text("\n".join(gdelt2_row(i) for i in range(1, 4)) + "\n")
    f2.write_text("\n".join(gdelt2_row(i) for i in range(2, 6)) + "\n")
    assert ingest_dataset(s, f1).loaded == 3
    second = ingest_dataset(s, f2)
    assert (second.read, second.loaded, second.skipped) == (4, 2, 2)
    assert s.count("events") == 6 and s.count("event_domains") == 5
    s.close()
