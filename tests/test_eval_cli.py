"""``comity eval`` / ``comity train`` commands (registered by comity.cli.quality)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from comity.cli.quality import register
from comity.extract.evaluate import classification_scores, read_pentacode, read_plover_json

FIX = Path(__file__).resolve().parent / "fixtures" / "quality"
PENTA = FIX / "pentacode_small.tsv"
PLOVER = FIX / "plover_small.json"


@pytest.fixture(scope="module")
def app():
    a = typer.Typer()
    register(a)
    return a


@pytest.fixture(scope="module")
def cli():
    return CliRunner()


def test_eval_pentacode_json_matches_predictions_file(app, cli, tmp_path):
    pred = tmp_path / "pred.tsv"
    r = cli.invoke(app, ["eval", str(PENTA), "--format", "pentacode", "--extractor", "learned",
                         "--json", "--predictions", str(pred)])
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    assert {"macro_f1", "accuracy", "per_class", "confusion"} <= set(s)
    lines = [ln.split("\t") for ln in pred.read_text().splitlines()]
    assert [int(i) for i, _ in lines] == list(range(40))
    gold = [g.pentacode for g in read_pentacode(PENTA)]
    rescored = classification_scores(gold, [int(p) for _, p in lines], [0, 1, 2, 3, 4])
    assert rescored["macro_f1"] == pytest.approx(s["macro_f1"])
    assert rescored["accuracy"] == pytest.approx(s["accuracy"])
    assert s["accuracy"] >= 0.5  # the shipped model on clear, simple sentences


def test_eval_plover_json(app, cli, tmp_path):
    pred = tmp_path / "pred.tsv"
    r = cli.invoke(app, ["eval", str(PLOVER), "--format", "plover-json", "--json",
                         "--predictions", str(pred)])
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    for k in ("type_accuracy", "source_accuracy", "target_accuracy", "full_match", "macro_f1",
              "accuracy"):
        assert 0 <= s[k] <= 1
    lines = [ln.split("\t") for ln in pred.read_text().splitlines()]
    gold = read_plover_json(PLOVER)
    assert len(lines) == len(gold) and all(len(x) == 4 for x in lines)
    acc = sum(p[1] == g.plover_type for p, g in zip(lines, gold, strict=True)) / len(gold)
    assert acc == pytest.approx(s["type_accuracy"])


def test_eval_human_output(app, cli):
    r = cli.invoke(app, ["eval", str(PENTA), "--extractor", "learned"])
    assert r.exit_code == 0, r.output
    assert "macro-F1" in r.stdout and "confusion" in r.stdout


@pytest.mark.parametrize("args,needle", [
    (["eval", "nope.tsv"], "no such file"),
    (["eval", str(PENTA), "--format", "xml"], "--format must be one of"),
    (["eval", str(PENTA), "--model", "/nonexistent/model"], "cannot load model"),
])
def test_eval_errors_exit_2(app, cli, args, needle):
    r = cli.invoke(app, args)
    assert r.exit_code == 2
    assert needle in r.output


def test_eval_bad_gold_line(app, cli, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("Kenya met Uganda.\t1\nno label here\n")
    r = cli.invoke(app, ["eval", str(bad), "--extractor", "learned"])
    assert r.exit_code == 2 and f"{bad}:2:" in r.output.replace("\n", "")


def test_train_then_eval_with_model(app, cli, tmp_path):
    out = tmp_path / "m"
    r = cli.invoke(app, ["train", str(PENTA), "--format", "pentacode", "--out", str(out),
                         "--arch", "linear", "--no-embeddings", "--cv", "2", "--json"])
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)
    assert info["heads"] == ["pentacode"] and info["n_examples"] == 40
    assert (out / "meta.json").is_file() and (out / "weights.npz").is_file()
    r = cli.invoke(app, ["eval", str(PENTA), "--model", str(out), "--extractor", "learned",
                         "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["accuracy"] > 0.9  # fits its own training data


def test_train_coder_then_eval(app, cli, tmp_path):
    """``comity train`` fine-tunes the coder (pentacode head only) and eval runs it."""
    pytest.importorskip("torch")
    out = tmp_path / "c"
    r = cli.invoke(app, ["train", str(PENTA), "--format", "pentacode", "--out", str(out),
                         "--minutes", "1", "--json"])
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout.strip().splitlines()[-1])
    assert info["heads"] == ["pentacode"] and info["n_examples"] == 40
    assert (out / "model.onnx").is_file() and not (out / "model.fp32.onnx").exists()
    r = cli.invoke(app, ["eval", str(PENTA), "--model", str(out), "--extractor", "learned",
                         "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["n"] == 40


def test_train_bad_input(app, cli, tmp_path):
    r = cli.invoke(app, ["train", str(PLOVER), "--format", "pentacode", "--out",
                         str(tmp_path / "m")])
    assert r.exit_code == 2 and "expected 'sentence<TAB>label'" in r.output
