"""Document-level scoring (``events-jsonl``): alignment, per-field figures, bad input."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from comity.extract.evaluate import GoldFormatError
from comity.extract.evaluate_docs import (
    GoldEvent,
    Predicted,
    Tally,
    align,
    date_label,
    evaluate_documents,
    read_gold_documents,
    score_document,
    summarise,
)

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold"

S1 = "Pakistan and India held talks in Islamabad on Tuesday."
S2 = "Russia did not sign the deal."
S3 = "Iran accused Israel of the attack."
TEXT = f"{S1} {S2} {S3}"


def _doc(events, text=TEXT):
    from comity.extract.evaluate_docs import GoldDocument

    return GoldDocument(id="d1", title="t", date=date(2019, 3, 3), text=text,
                        events=events, line=1)


def _gold(source, target, type_, status="asserted", day="2019-03-03", place=None,
          evidence=S1, joint=False):
    return GoldEvent(source=source, target=target, type=type_, status=status, date=day,
                     place=place, evidence=evidence, joint=joint)


def _pred(source, target, type_, status="asserted", day="2019-03-03", place=None, sentence=S1):
    return Predicted(source=source, target=target, type=type_, status=status, date=day,
                     place=place, sentence=sentence)


def test_scores_worked_out_by_hand():
    gold = [
        _gold("PAK", "IND", "CONSULT", day="2019-02-26", place="PAK", joint=True),
        _gold("RUS", None, "AGREE", status="negated", evidence=S2),
        _gold("IRN", "ISR", "ACCUSE", evidence=S3),
    ]
    preds = [
        _pred("IND", "PAK", "CONSULT", day="2019-02-26", place="PAK"),  # joint: all right
        _pred("RUS", None, "AGREE", sentence=S2),  # status wrong
        _pred("CHN", None, "CONSULT"),  # a second event on S1: nothing left to pair with
        _pred(None, None, "ASSAULT", sentence=S3),  # no state party: out of scope
    ]
    tally = Tally()
    score_document(tally, _doc(gold), preds)
    s = summarise(tally)
    assert (s["gold_events"], s["predicted_events"], s["out_of_scope"], s["aligned"]) == (3, 3, 1, 2)
    sc = s["scores"]
    for name in ("source", "target", "type", "date", "place", "dyad", "dyad+type"):
        assert sc[name]["precision"] == pytest.approx(2 / 3), name
        assert sc[name]["recall"] == pytest.approx(2 / 3), name
        assert sc[name]["f1"] == pytest.approx(2 / 3), name
    assert sc["status"]["precision"] == pytest.approx(1 / 3)
    assert sc["all"]["recall"] == pytest.approx(1 / 3)
    assert s["recall_by_status"]["asserted"] == {"gold": 2, "found": 1, "recall": 0.5}
    assert s["recall_by_status"]["negated"]["recall"] == 1.0
    assert s["recall_by_type"]["ACCUSE"]["found"] == 0


def test_reversed_dyad_is_wrong_unless_the_event_is_joint():
    g = _gold("IRN", "ISR", "ACCUSE", evidence=S3)
    p = _pred("ISR", "IRN", "ACCUSE", sentence=S3)
    (_, _, hits), = align(TEXT, [g], [p])
    assert not hits["source"] and not hits["target"] and hits["type"]
    g.joint = True
    (_, _, hits), = align(TEXT, [g], [p])
    assert hits["source"] and hits["target"]


def test_alignment_pairs_coordinated_parties_by_agreement_not_order():
    s = "Saudi Arabia and the United Arab Emirates cut ties with Qatar."
    gold = [_gold("SAU", "QAT", "SANCTION", evidence=s), _gold("ARE", "QAT", "SANCTION", evidence=s)]
    preds = [_pred("ARE", "QAT", "SANCTION", sentence=s), _pred("SAU", "QAT", "SANCTION", sentence=s)]
    pairs = align(s, gold, preds)
    assert [(g, p) for g, p, _ in pairs] == [(0, 1), (1, 0)]
    assert all(all(h.values()) for _, _, h in pairs)


def test_a_prediction_on_another_sentence_does_not_pair():
    gold = [_gold("IRN", "ISR", "ACCUSE", evidence=S3)]
    preds = [_pred("IRN", "ISR", "ACCUSE", sentence=S1)]
    assert align(TEXT, gold, preds) == []
    tally = Tally()
    score_document(tally, _doc(gold), preds)
    s = summarise(tally)
    assert s["scores"]["dyad"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_a_prediction_sentence_with_a_glued_dateline_still_pairs():
    text = "ISLAMABAD, March 3 (comity) - " + TEXT
    gold = [_gold("PAK", "IND", "CONSULT", evidence=S1)]
    preds = [_pred("PAK", "IND", "CONSULT", sentence="ISLAMABAD, March 3 (comity) - " + S1)]
    assert len(align(text, gold, preds)) == 1


def test_date_labels_follow_precision():
    assert date_label(date(2019, 2, 1), "month") == "2019-02"
    assert date_label(date(2014, 1, 1), "year") == "2014"
    assert date_label(date(2019, 2, 26), "day") == "2019-02-26"
    assert date_label(None, "approximate") is None


def _write(tmp_path, lines):
    p = tmp_path / "gold.jsonl"
    p.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
                 encoding="utf-8")
    return p


def _record(**over):
    rec = {"id": "a", "title": "t", "date": "2019-03-03", "text": TEXT, "synthetic": True,
           "author": "comity team",
           "events": [{"source": "IRN", "target": "ISR", "type": "ACCUSE", "status": "asserted",
                       "date": "2019-03-03", "place": None, "evidence": S3}]}
    rec.update(over)
    return rec


@pytest.mark.parametrize(("bad", "message"), [
    ("{not json", "gold.jsonl:2: not JSON"),
    (_record(id="b", date="March 3"), "gold.jsonl:2: date must be"),
    (_record(id="b", events=[{**_record()["events"][0], "source": "XYZ"}]),
     "gold.jsonl:2 (event 1): source 'XYZ' is not a known ISO3"),
    (_record(id="b", events=[{**_record()["events"][0], "type": "FIGHT"}]),
     "gold.jsonl:2 (event 1): type 'FIGHT' is not a PLOVER type"),
    (_record(id="b", events=[{**_record()["events"][0], "evidence": "Iran attacked."}]),
     "gold.jsonl:2 (event 1): evidence is not a substring"),
    (_record(id="b", events=[{**_record()["events"][0], "date": "2019-02-30"}]),
     "gold.jsonl:2 (event 1): date '2019-02-30' does not exist"),
    (_record(), "gold.jsonl:2: id 'a' appears twice"),
])
def test_bad_gold_lines_name_file_and_line(tmp_path, bad, message):
    p = _write(tmp_path, [_record(), bad])
    with pytest.raises(GoldFormatError) as err:
        read_gold_documents(p)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_production_rules_pipeline_end_to_end(tmp_path):
    from comity.api import make_extractor

    rec = _record(events=[
        {"source": "PAK", "target": "IND", "type": "CONSULT", "status": "asserted",
         "date": "2019-02-26", "place": "PAK", "evidence": S1, "joint": True},
        {"source": "RUS", "target": None, "type": "AGREE", "status": "negated",
         "date": "2019-03-03", "place": None, "evidence": S2},
    ])
    out = tmp_path / "pred.jsonl"
    s = evaluate_documents(_write(tmp_path, [rec]), make_extractor("none"), predictions=out)
    assert s["documents"] == 1 and s["gold_events"] == 2
    assert s["scores"]["dyad+type"]["recall"] > 0
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert any(r["gold"] and r["predicted"] and r["gold"]["type"] == "CONSULT" for r in rows)


def _split_of(doc_id: str) -> str:
    return "dev" if int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % 5 < 3 else "test"


@pytest.mark.parametrize("split", ["dev", "test"])
def test_team_written_gold_files_are_valid_and_split_by_the_fixed_rule(split):
    path = GOLD / f"events-{split}.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not written yet")
    docs = read_gold_documents(path)
    assert docs and all(_split_of(d.id) == split for d in docs)
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        assert rec["synthetic"] is True and rec["author"] == "comity team"
        assert 150 <= len(rec["text"].split()) <= 350, rec["id"]


def test_eval_command_scores_events_jsonl_through_the_production_pipeline(tmp_path):
    import json as _json

    from typer.testing import CliRunner

    from comity.cli import app

    text = ("ISLAMABAD, March 3 (comity) - Russian Foreign Minister Sergei Lavrov met Prime "
            "Minister Imran Khan in Islamabad on Wednesday.")
    doc = {"id": "t1", "title": "Lavrov in Islamabad", "date": "2021-04-08", "text": text,
           "synthetic": True, "author": "comity team",
           "events": [{"source": "RUS", "target": "PAK", "type": "CONSULT",
                       "status": "asserted", "date": "2021-04-07", "place": "PAK",
                       "evidence": text[text.index("Russian"):]}]}
    gold = tmp_path / "g.jsonl"
    gold.write_text(_json.dumps(doc) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(gold), "--format", "events-jsonl",
                                      "--model", "none", "--json"])
    assert result.exit_code == 0, result.output
    s = _json.loads(result.stdout)
    assert s["documents"] == 1 and s["gold_events"] == 1
    assert s["scores"]["dyad"]["recall"] == 1.0
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(bad), "--format", "events-jsonl",
                                      "--model", "none"])
    assert result.exit_code == 2 and "bad.jsonl:1" in result.stderr
