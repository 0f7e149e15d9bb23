"""comity eval: gold readers, scoring and the predictions file, checked by hand-computed numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comity.extract.evaluate import (
    GoldFormatError,
    SentenceResult,
    classification_scores,
    evaluate,
    read_pentacode,
    read_plover_json,
    score_pentacode,
    score_plover,
    write_predictions,
)

FIX = Path(__file__).resolve().parent / "fixtures" / "quality"
PENTA = FIX / "pentacode_small.tsv"
PLOVER = FIX / "plover_small.json"


def test_read_pentacode_fixture():
    gold = read_pentacode(PENTA)
    assert len(gold) == 40
    assert [g.pentacode for g in gold].count(4) == 8
    assert gold[0].line == 1 and gold[0].text.startswith("The Peruvian finance minister")


def test_read_plover_json_maps_old_names_and_countries():
    gold = read_plover_json(PLOVER)
    assert len(gold) == 32
    by_text = {g.text.split()[1]: g for g in gold}
    types = [g.plover_type for g in gold]
    assert "DEMAND" not in types and "FIGHT" not in types and "DISAPPROVE" not in types
    assert types.count("ASSAULT") == 2 and types.count("ACCUSE") == 3
    assert types.count("REQUEST") == 3
    assert by_text["presidents"].source_countries == ["KAZ"]
    assert by_text["presidents"].target_countries == ["UZB"]
    un = next(g for g in gold if g.text.startswith("The United Nations"))
    assert un.source_countries == [] and un.target_countries == ["MMR"]
    none = gold[-1]
    assert none.plover_type == "NONE" and none.source_countries == []
    # lines point at the record's opening brace
    assert PLOVER.read_text().splitlines()[gold[1].line - 1].strip() == "{"


@pytest.mark.parametrize("content,needle", [
    ("A sentence without a tab\n", ":1: expected 'sentence<TAB>label'"),
    ("Fine sentence.\t1\nBad label here.\t7\n", ":2: label '7' is not a pentacode"),
    ("\t3\n", ":1: empty sentence"),
])
def test_pentacode_errors_name_file_and_line(tmp_path, content, needle):
    p = tmp_path / "bad.tsv"
    p.write_text(content)
    with pytest.raises(GoldFormatError) as e:
        read_pentacode(p)
    assert needle in str(e.value) and str(p) in str(e.value)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("content,needle", [
    ('{"text": "x"}', ":1: expected a JSON array"),
    ('[\n{"text": "Kenya met Uganda.", "event": "CONSULT"},\n{"text": "x", "event": "DANCE"}\n]',
     ":3: 'event' 'DANCE' is not a PLOVER type"),
    ('[\n{"event": "CONSULT"}\n]', ":2: record has no 'text'"),
    ('[\n{"text": "a", "event": "AGREE", "source": 5}\n]', ":2: actors must be a list"),
    ('[\n{"text": "a", "event": "AGREE"}\n{"text": "b"}]', ":3: expected ',' or ']'"),
    ('[\n{"text": "a", "event": "AGREE",\n]', ":3: invalid JSON"),
])
def test_plover_json_errors_name_file_and_line(tmp_path, content, needle):
    p = tmp_path / "bad.json"
    p.write_text(content)
    with pytest.raises(GoldFormatError) as e:
        read_plover_json(p)
    assert needle in str(e.value), str(e.value)


def test_classification_scores_by_hand():
    gold = [0, 0, 1, 1, 2, 2]
    pred = [0, 1, 1, 1, 2, 0]
    s = classification_scores(gold, pred, [0, 1, 2])
    # class 0: P 1/2 R 1/2 F 1/2; class 1: P 2/3 R 1 F 0.8; class 2: P 1 R 1/2 F 2/3
    assert s["accuracy"] == pytest.approx(4 / 6)
    assert s["macro_f1"] == pytest.approx((0.5 + 0.8 + 2 / 3) / 3)
    assert s["confusion"] == [[1, 1, 0], [0, 2, 0], [1, 0, 1]]
    assert s["per_class"][1]["precision"] == pytest.approx(2 / 3)


def test_classification_scores_match_sklearn():
    metrics = pytest.importorskip("sklearn.metrics")
    import random

    rng = random.Random(3)
    gold = [rng.randrange(5) for _ in range(300)]
    pred = [g if rng.random() < 0.6 else rng.randrange(5) for g in gold]
    s = classification_scores(gold, pred, [0, 1, 2, 3, 4])
    assert s["macro_f1"] == pytest.approx(metrics.f1_score(gold, pred, average="macro"))
    assert s["accuracy"] == pytest.approx(metrics.accuracy_score(gold, pred))


def _fixed(labels):
    return lambda sentences: [SentenceResult(pentacode=x) for x in labels[:len(sentences)]]


def test_evaluate_pentacode_with_fixed_extractor(tmp_path):
    gold = [g.pentacode for g in read_pentacode(PENTA)]
    pred = list(gold)
    pred[0] = 1      # a statement called verbal cooperation
    pred[16] = 1     # material cooperation called verbal
    pred[39] = 3     # material conflict called verbal
    out = tmp_path / "pred.tsv"
    s = evaluate(PENTA, "pentacode", _fixed(pred), predictions=out)
    assert s["accuracy"] == pytest.approx(37 / 40)
    # per class F1: 0: P1 R7/8; 1: P8/10 R1; 2: P1 R7/8; 3: P8/9 R1; 4: P1 R7/8
    f = lambda p, r: 2 * p * r / (p + r)  # noqa: E731
    expected = (3 * f(1, 7 / 8) + f(0.8, 1) + f(8 / 9, 1)) / 5
    assert s["macro_f1"] == pytest.approx(expected)
    assert s["confusion"][4][3] == 1 and s["confusion"][0][1] == 1
    lines = out.read_text().splitlines()
    assert len(lines) == 40 and lines[0] == "0\t1" and lines[39] == "39\t3"


def test_score_plover_countries_and_full_match():
    gold = read_plover_json(PLOVER)
    res = [SentenceResult(plover_type=g.plover_type,
                          source_country=(g.source_countries or [None])[0],
                          target_country=(g.target_countries or [None])[0]) for g in gold]
    s = score_plover(gold, res)
    assert s["type_accuracy"] == 1 and s["full_match"] == 1 and s["source_accuracy"] == 1
    res[0] = SentenceResult("0", "CONSULT", "UZB", "KAZ")   # right type, swapped dyad
    res[1] = SentenceResult(0, "AGREE", "GRC", "EGY")       # wrong type
    res[2] = SentenceResult(0, "AGREE", "VNM", None)        # target missed
    s = score_plover(gold, res)
    n = len(gold)
    assert s["type_accuracy"] == pytest.approx((n - 1) / n)
    assert s["source_accuracy"] == pytest.approx((n - 1) / n)
    assert s["target_accuracy"] == pytest.approx((n - 2) / n)
    assert s["full_match"] == pytest.approx((n - 3) / n)


def test_predictions_file_plover(tmp_path):
    out = tmp_path / "p.tsv"
    write_predictions(out, [SentenceResult(0, "CONSULT", "PAK", "RUS"),
                            SentenceResult(0, "NONE", None, None)], "plover-json")
    assert out.read_text().splitlines() == ["0\tCONSULT\tPAK\tRUS", "1\tNONE\t\t"]


def test_pentacode_scores_are_json_serialisable():
    gold = read_pentacode(PENTA)
    s = score_pentacode(gold, [SentenceResult(pentacode=0)] * len(gold))
    json.dumps(s)
    assert s["per_class"]["0"]["recall"] == 1 and s["accuracy"] == pytest.approx(0.2)
