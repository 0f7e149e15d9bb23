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
    assert result.exit_code == 1  # some files failed (the good ones still load)
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


def test_a_new_command_module_is_one_entry_in_the_list(monkeypatch, capsys):
    """serve.py and fetch.py plug in as ``register(app)``; ``COMMANDS`` is optional."""
    import sys
    import types

    import typer

    import comity.cli as cli

    extra = types.ModuleType("comity.cli.hello")

    def register(app: typer.Typer) -> None:
        @app.command("hello")
        def hello(name: str) -> None:
            """Say hello."""
            print(f"hello {name}")

    extra.register = register
    monkeypatch.setitem(sys.modules, "comity.cli.hello", extra)
    monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, "hello"))
    for argv, expected in ((["comity", "hello", "[/x]"], "hello [/x]"),
                           (["comity", "codes", "country", "RUS", "--to", "iso2"], "RU")):
        monkeypatch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as done:
            cli.main()
        assert done.value.code == 0
        assert capsys.readouterr().out.strip() == expected


def test_usage_names_the_program_comity_under_python_m(monkeypatch, capsys):
    import sys

    import comity.cli as cli

    monkeypatch.setattr(sys, "argv", ["/x/comity/__main__.py", "dyad"])
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code == 2
    assert "Usage: comity dyad" in capsys.readouterr().err


def test_extract_runs_without_torch():
    """The default extraction (learned coder + rules) runs on onnxruntime alone."""
    import subprocess
    import sys

    code = ("import sys\n"
            "for m in ('torch', 'transformers'): sys.modules[m] = None\n"
            "from comity.cli import main\n"
            "sys.argv = ['comity', 'extract', 'Russian Foreign Minister Sergei Lavrov met "
            "Pakistani Prime Minister Shehbaz Sharif in Moscow.']\n"
            "main()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command, extra", [("train", "train"), ("dyad", "spark")])
def test_a_missing_optional_part_names_its_extra(tmp_path, command, extra):
    """A missing optional part is one line naming the extra to install, not a traceback."""
    import subprocess
    import sys

    from comity.store import Store

    Store(str(tmp_path / "s.duckdb")).close()
    args = {"train": [str(FIXTURES / "quality" / "pentacode_small.tsv"), "--out",
                      str(tmp_path / "m")],
            "extract": ["Russian Foreign Minister Sergei Lavrov met Pakistani Prime Minister"
                        " Shehbaz Sharif in Moscow."],
            "dyad": ["PAK", "RUS", "--db", str(tmp_path / "s.duckdb"), "--engine", "spark"],
            }[command]
    code = ("import sys\n"
            "for m in ('torch', 'transformers', 'pyspark'): sys.modules[m] = None\n"
            "from comity.cli import main\n"
            f"sys.argv = ['comity', {command!r}, *{args!r}]\n"
            "main()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()  # a progress line may come first when piped
    assert "Traceback" not in done.stderr and lines[-1].startswith("error: ")
    assert f"pip install 'comity[{extra}]'" in lines[-1]
    assert all(line.endswith(" ...") for line in lines[:-1])
    assert not (tmp_path / "m").exists()


def test_eval_says_it_is_working_when_piped(runner):
    gold = FIXTURES / "quality" / "pentacode_small.tsv"
    result = runner.invoke(app, ["eval", str(gold), "--format", "pentacode", "--model", "none",
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert "scoring pentacode_small.tsv (rules) ..." in result.stderr
    assert json.loads(result.stdout)["n"] == 40


def test_train_says_it_is_working_when_piped(runner, tmp_path):
    gold = FIXTURES / "quality" / "pentacode_small.tsv"
    result = runner.invoke(app, ["train", str(gold), "--out", str(tmp_path / "m"),
                                 "--arch", "linear", "--no-embeddings", "--json"])
    assert result.exit_code == 0, result.output
    assert "training on pentacode_small.tsv ..." in result.stderr
    assert json.loads(result.stdout)["n_examples"] == 40
