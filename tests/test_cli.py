"""The command line on real inputs: ingest, idempotency, bad input, extract, lookups."""

from __future__ import annotations

import json

import pytest

from comity.cli import app
from tests.conftest import FIXTURES

NEWS, BAD = FIXTURES / "news", FIXTURES / "bad"


def _counts(db):
    from comity.store import Store

    with Store(db) as s:
        return s.counts()


def test_ingest_folder_twice_leaves_the_same_counts(runner, tmp_path):
    db = str(tmp_path / "c.duckdb")
    first = runner.invoke(app, ["ingest", str(NEWS), "--db", db])
    assert first.exit_code == 0, first.output
    counts = _counts(db)
    assert counts["documents"] == 5 and counts["events"] > 0
    second = runner.invoke(app, ["ingest", str(NEWS), "--db", db])
    assert second.exit_code == 0
    assert _counts(db) == counts
    assert "0 new" in second.stdout


def test_bad_files_are_reported_and_the_good_ones_still_load(runner, tmp_path):
    db = str(tmp_path / "c.duckdb")
    runner.invoke(app, ["ingest", str(NEWS / "good.txt"), "--db", db])
    before = _counts(db)
    result = runner.invoke(app, ["ingest", str(BAD), str(NEWS / "mixed.jsonl"), "--db", db])
    assert result.exit_code == 0
    out = result.stdout + result.stderr
    assert "empty.txt: empty file" in out
    assert "latin1.txt:2: not UTF-8" in out
    assert "unknown.dat: unknown format" in out
    assert "mixed.jsonl:2: malformed JSON" in out
    assert "Traceback" not in out
    after = _counts(db)
    assert after["documents"] == before["documents"] + 2


def test_whole_command_failing_exits_non_zero(runner, tmp_path):
    result = runner.invoke(app, ["ingest", str(BAD / "missing.txt"), "--db",
                                 str(tmp_path / "c.duckdb")])
    assert result.exit_code == 1
    assert "missing.txt: no such file" in result.stdout + result.stderr


def test_unknown_format_option_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(app, ["ingest", str(NEWS), "--format", "docx", "--db",
                                 str(tmp_path / "c.duckdb")])
    assert result.exit_code == 2 and "unknown format 'docx'" in result.stderr


def test_extract_json_from_text_with_date(runner):
    text = "Russian Foreign Minister Sergei Lavrov met Prime Minister Imran Khan in Islamabad on Wednesday."
    result = runner.invoke(app, ["extract", text, "--date", "2021-04-08", "--json"])
    assert result.exit_code == 0, result.output
    [event] = [e for e in json.loads(result.stdout) if e["plover_type"] == "CONSULT"]
    assert (event["source_country"], event["target_country"]) == ("RUS", "PAK")
    assert "Lavrov" in event["source_name"] and event["target_name"] == "Imran Khan"
    assert event["location_name"] == "Islamabad" and event["date"] == "2021-04-07"
    assert event["cameo"] == "042"  # a visit: the meeting is in the target's country


def test_extract_bad_date_and_missing_file(runner):
    assert runner.invoke(app, ["extract", "text here", "--date", "2021-13-01"]).exit_code == 2
    result = runner.invoke(app, ["extract", "nope/missing.txt"])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_codes_country_conversions(runner):
    assert runner.invoke(app, ["codes", "country", "PAK", "--to", "fips"]).stdout.strip() == "PK"
    assert runner.invoke(app, ["codes", "country", "RS", "--from", "fips"]).stdout.strip() == "RUS"
    assert runner.invoke(app, ["codes", "country", "Pakistan", "--to", "cow"]).stdout.strip() == "770"
    assert runner.invoke(app, ["codes", "country", "Atlantis"]).exit_code == 1


def test_missing_path_empty_text_and_bad_date_are_one_line_errors(runner, tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "nothing"), "--db",
                                 str(tmp_path / "c.duckdb")])
    assert result.exit_code == 1 and "nothing: no such file" in result.stdout
    result = runner.invoke(app, ["extract", "  "])
    assert result.exit_code == 2 and "empty text" in result.stderr
    result = runner.invoke(app, ["actors", "resolve", "Putin", "--date", "20x"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "not a date" in result.stderr


# -- one grammar, one-line errors (the CLI package) -------------------------------------

def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("comity ")


def test_ambiguous_country_code_says_which_reading_was_taken():
    from comity.cli.common import readings

    assert readings("RS") == {"iso2": "SRB", "fips": "RUS"}


def test_ambiguous_code_note_on_the_command_line(runner, tmp_path):
    db = tmp_path / "x.duckdb"
    runner.invoke(app, ["ingest", str(NEWS), "--model", "none", "--db", str(db)])
    result = runner.invoke(app, ["dyad", "RS", "PK", "--db", str(db)])
    assert result.exit_code == 0
    assert "RS read as ISO2: SRB" in result.stderr and "pass RUS" in result.stderr


@pytest.mark.parametrize("value,expected", [("2011", "2011-12-31"), ("2011-02", "2011-02-28"),
                                            ("2012-02", "2012-02-29"), ("2011-05-03", "2011-05-03")])
def test_until_accepts_year_month_and_day(value, expected):
    from comity.cli.common import parse_date

    assert str(parse_date(value, "--until", end=True)) == expected
    assert str(parse_date(value, "--since"))[:len(value)] == value


@pytest.mark.parametrize("bad", ["2011-13", "20110", "9999-12-32", "10000", "May 2011"])
def test_bad_dates_are_one_line(runner, bad):
    result = runner.invoke(app, ["dyad", "PAK", "RUS", "--since", bad])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "is not a date" in result.stderr


def test_far_dates_do_not_overflow(runner, tmp_path):
    db = tmp_path / "x.duckdb"
    runner.invoke(app, ["ingest", str(NEWS), "--model", "none", "--db", str(db)])
    for cmd in (["dyad", "PAK", "RUS", "--freq", "year", "--since", "9990"],
                ["events", "PAK", "RUS", "--until", "9999-12-31"]):
        result = runner.invoke(app, [*cmd, "--db", str(db)])
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("where,message", [("missing/dir/out.csv", "does not exist"),
                                           (".", "is a directory")])
def test_bad_out_paths_are_one_line(runner, tmp_path, where, message):
    db = tmp_path / "x.duckdb"
    runner.invoke(app, ["ingest", str(NEWS), "--model", "none", "--db", str(db)])
    out = tmp_path / where
    result = runner.invoke(app, ["dyad", "PAK", "RUS", "--db", str(db), "--format", "csv",
                                 "--out", str(out)])
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.output


def test_rich_markup_in_arguments_and_stored_text_prints_literally(runner, tmp_path):
    (tmp_path / "[bold]odd").mkdir()
    news = tmp_path / "[bold]odd" / "name [red].txt"
    news.write_text("Russia's foreign minister [/bold] met Pakistan's prime minister in "
                    "Islamabad [/x] on Monday.", encoding="utf-8")
    db = tmp_path / "x.duckdb"
    result = runner.invoke(app, ["ingest", str(news), "--model", "none", "--db", str(db)])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["events", "PAK", "RUS", "--status", "all", "--db", str(db)])
    assert listed.exit_code == 0 and "MarkupError" not in listed.output
    bad = runner.invoke(app, ["dyad", "[/x]", "RUS", "--db", str(db)])
    assert bad.exit_code == 2 and "[/x]" in bad.stderr
