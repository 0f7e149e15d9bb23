"""The shipped model on real news (first 200 sentences of the ConfliBERT CAMEO file).

Reads ../shared in place (skips when absent); the full figures are in docs/quality.md
(benchmarks/bench_confli_cv.py).
"""

from __future__ import annotations

import pytest

from comity.extract.evaluate import evaluate, make_extractor, rules_available
from comity.extract.learned import load_model
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def subset(tmp_path_factory):
    src = shared_path("gold", "confli-cameo-train.tsv")
    lines = src.read_text(encoding="utf-8").splitlines()[:200]
    p = tmp_path_factory.mktemp("confli") / "subset.tsv"  # a temporary file, not the tree
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_learned_alone_beats_chance_clearly(subset):
    s = evaluate(subset, "pentacode", make_extractor("learned", load_model()))
    assert s["n"] == 200 and s["macro_f1"] > 0.45


@pytest.mark.skipif(not rules_available(), reason="rule extractor not installed")
def test_hybrid_beats_each_part(subset):
    model = load_model()
    hybrid = evaluate(subset, "pentacode", make_extractor("hybrid", model))["macro_f1"]
    learned = evaluate(subset, "pentacode", make_extractor("learned", model))["macro_f1"]
    assert hybrid > 0.6 and hybrid > learned
