"""The shipped learned coder: int8 ONNX, no torch at run time, valid labels and spans, and the
production pipeline with it.  Properties and clear cases only; no exact outputs pinned."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from comity.extract.coder import (
    DEFAULT_CODER_DIR,
    PLOVER_TYPES,
    ROLES,
    STATUSES,
    ModelError,
    OnnxCoder,
    load_coder,
)

SENTENCES = [
    "Russian forces shelled the Ukrainian city of Kharkiv on Tuesday, killing four civilians.",
    "The foreign ministers of India and Japan met in Tokyo on Monday to discuss trade.",
    "The weather in Paris was mild this weekend and the museums were crowded.",
    "",
    "Iran accused Israel of attacking its embassy in Damascus, the state news agency said.",
]


@pytest.fixture(scope="module")
def coder():
    return load_coder()


def test_int8_model_shipped_small():
    onnx = DEFAULT_CODER_DIR / "model.onnx"
    assert onnx.is_file() and (DEFAULT_CODER_DIR / "tokenizer.json").is_file()
    assert onnx.stat().st_size < 30_000_000  # int8: fp32 MiniLM alone is ~90 MB
    meta = json.loads((DEFAULT_CODER_DIR / "meta.json").read_text())
    assert "int8" in meta["quantization"]
    assert meta["training_data"]["files"]


def test_codes_are_valid(coder):
    codes = coder.code(SENTENCES)
    assert len(codes) == len(SENTENCES)
    for text, c in zip(SENTENCES, codes, strict=True):
        assert 0.0 <= c.event_prob <= 1.0
        assert abs(sum(c.type_probs.values()) - 1.0) < 1e-3
        assert set(c.type_probs) == {"NONE", *PLOVER_TYPES}
        assert c.plover_type is None or c.plover_type in PLOVER_TYPES
        assert (c.plover_type is None) == (c.event_prob < 0.5)
        assert c.status in STATUSES and abs(sum(c.status_probs.values()) - 1.0) < 1e-3
        assert c.pentacode in (0, 1, 2, 3, 4)
        if c.plover_type is None:
            assert c.pentacode == 0 and c.mode is None and c.spans == ()
        starts = [s.start for s in c.spans]
        assert starts == sorted(starts)
        for s in c.spans:
            assert s.role in ROLES and 0 <= s.start < s.end <= len(text)
            assert text[s.start:s.end] == s.text and 0.0 <= s.score <= 1.0


def test_clear_cases(coder):
    attack, meeting, weather = coder.code(SENTENCES[:3])
    assert attack.plover_type is not None and attack.pentacode in (3, 4)
    assert meeting.plover_type is not None and meeting.pentacode in (1, 2)
    assert weather.event_prob < attack.event_prob and weather.event_prob < meeting.event_prob


def test_batching_does_not_change_results(coder):
    one = [coder.code([s])[0] for s in SENTENCES]
    assert [c.plover_type for c in one] == [c.plover_type for c in coder.code(SENTENCES)]


def test_missing_model_is_one_clear_error(tmp_path):
    with pytest.raises(ModelError, match="model.onnx"):
        OnnxCoder(tmp_path)


def test_no_torch_at_run_time():
    code = ("import sys\n"
            "from comity.extract.coder import load_coder\n"
            "from comity.extract.pipeline import Extractor\n"
            "from comity.model import Document\n"
            "ex = Extractor(coder=load_coder())\n"
            "evs = ex.extract(Document(text='Russian forces shelled the Ukrainian city of "
            "Kharkiv on Tuesday.', source='t')).events\n"
            "print(len(evs), 'torch' in sys.modules, 'transformers' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[1:] == ["False", "False"]
    assert int(out[0]) >= 1


def test_production_pipeline_uses_the_coder(coder):
    from comity.api import make_extractor
    from comity.model import Document

    ex = make_extractor("default")
    assert ex.coder is coder
    events = ex.extract(Document(
        text="Iran accused Israel of attacking its embassy in Damascus on Monday.",
        source="t")).events
    assert events and any(e.plover_type for e in events)
