"""plover-json gold with a bare-string actor: warned about, counted, and scored on."""

from __future__ import annotations

import json

from comity.extract.evaluate import SentenceResult, evaluate


def test_bare_string_target_is_warned_and_counted(tmp_path):
    gold = tmp_path / "g.json"
    gold.write_text(json.dumps([
        {"text": "Russia threatened Ukraine.", "event": "THREATEN",
         "source": [{"actorText": "Russia", "code": "RUS", "sector": ""}], "target": "UKR"},
        {"text": "France met Spain.", "event": "CONSULT", "source": "FRAGOV",
         "target": [{"actorText": "Spain", "code": "ESP", "sector": ""}]},
        {"text": "Chile aided Peru.", "event": "AID", "source": "", "target": ""},
    ], indent=1))

    def fixed(sentences):
        return [SentenceResult(4, "THREATEN", "RUS", "UKR"),
                SentenceResult(1, "CONSULT", "FRA", "ESP"),
                SentenceResult(2, "AID", None, None)][:len(sentences)]

    s = evaluate(gold, "plover-json", fixed)
    assert len(s["warnings"]) == 2
    assert "g.json:" in s["warnings"][0] and "'target'" in s["warnings"][0]
    assert "'source'" in s["warnings"][1]
    assert s["n"] == 3 and s["target_accuracy"] == 1.0 and s["source_accuracy"] == 1.0
