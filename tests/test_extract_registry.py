"""The stage registry: stages by name, pipelines by configuration, the learned-coder stage
driven by a fake coder (the real one lives in ``extract.coder``), no import circles."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date

import pytest

from comity.extract import registry
from comity.extract.pipeline import Extractor
from comity.extract.registry import Pipeline, stage
from comity.model import Document


@dataclass(frozen=True)
class FakeSpan:
    role: str
    start: int
    end: int
    text: str
    score: float = 0.9


@dataclass(frozen=True)
class FakeCode:
    event_prob: float
    plover_type: str | None
    mode: str | None = None
    cameo_root: str | None = None
    status: str = "asserted"
    pentacode: int = 1
    spans: tuple = ()
    type_probs: dict = field(default_factory=dict)
    status_probs: dict = field(default_factory=dict)


class FakeCoder:
    """Returns, for each sentence, the code whose key phrase it contains (else no event)."""

    name = "fake-coder"
    version = "0"

    def __init__(self, codes: dict[str, FakeCode]):
        self.codes = codes
        self.calls: list[list[str]] = []

    def code(self, sentences: list[str]) -> list[FakeCode]:
        self.calls.append(list(sentences))
        out = []
        for s in sentences:
            hit = next((c for key, c in self.codes.items() if key in s), None)
            out.append(hit or FakeCode(0.02, None))
        return out


def _spans(sentence: str, **roles: str) -> tuple[FakeSpan, ...]:
    out = []
    for role, words in roles.items():
        role = role.rstrip("0123456789")
        k = sentence.index(words)
        out.append(FakeSpan(role, k, k + len(words), words))
    return tuple(sorted(out, key=lambda s: s.start))


@pytest.fixture(scope="module")
def kb():
    from comity.knowledge.base import load_knowledge

    return load_knowledge()


def test_presets_name_the_stages_in_order(kb):
    ext = Extractor(kb=kb)
    assert ext.stages == list(registry.RULES)
    assert ext.stages[:3] == ["clean", "sentences", "actors"]
    assert ext.stages[-1] == "merge"


def test_unknown_stage_is_one_clear_error(kb):
    with pytest.raises(KeyError, match="unknown extraction stage 'no_such'"):
        Extractor(kb=kb, stages=["clean", "no_such"])


def test_a_registered_stage_can_be_configured_in(kb):
    seen = []

    @stage("test_counter")
    def counter(ctx, *, label="x"):
        def run(state):
            seen.append((label, len(state.sentences)))
        return run

    ext = Extractor(kb=kb, stages=["clean", "sentences", ("test_counter", {"label": "n"})])
    ext.extract(Document(text="Pakistan protested. India replied.", published=date(2020, 1, 1)))
    assert seen == [("n", 2)]


def test_dropping_the_coding_stage_drops_the_events(kb):
    text = "Pakistan and Russia signed an energy agreement in Moscow on Tuesday."
    doc = Document(text=text, published=date(2019, 5, 3))
    full = Extractor(kb=kb).extract(doc).events
    assert [e.plover_type for e in full] == ["AGREE"]
    without = [s for s in registry.RULES if s != "rule_coding"]
    assert Extractor(kb=kb, stages=without).extract(doc).events == []


SENT = "Russian President Vladimir Putin hosted Syrian President Bashar al-Assad in Sochi."


def _coder():
    return FakeCoder({
        "hosted": FakeCode(0.97, "CONSULT", mode="host", cameo_root="04",
                           spans=_spans(SENT, source="Vladimir Putin", trigger="hosted",
                                        target="Bashar al-Assad")),
    })


def test_learned_stage_makes_events_from_role_spans(kb):
    coder = _coder()
    ext = Extractor(kb=kb, coder=coder, stages="learned")
    assert ext.stages[3:5] == ["learned_coding", "rule_coding"]
    events = ext.extract(Document(text=SENT, published=date(2018, 5, 17))).events
    assert len(events) == 1
    ev = events[0]
    assert (ev.source_country, ev.target_country, ev.plover_type) == ("RUS", "SYR", "CONSULT")
    assert ev.extractor == "fake-coder/0"
    assert ev.cameo.startswith("04")
    assert ev.date == date(2018, 5, 17)
    assert coder.calls == [[SENT]]


def test_learned_phone_call_gets_its_cameo_code(kb):
    sent = "Modi spoke by phone with Netanyahu on Sunday."
    coder = FakeCoder({"phone": FakeCode(0.9, "CONSULT", mode="phone", cameo_root="04",
                                         spans=_spans(sent, source="Modi", trigger="spoke",
                                                      target="Netanyahu"))})
    events = Extractor(kb=kb, coder=coder).extract(Document(text=sent,
                                                            published=date(2018, 1, 15))).events
    assert [(e.source_country, e.target_country, e.cameo) for e in events] == \
        [("IND", "ISR", "041")]


def test_learned_trigger_without_roles_takes_the_rules_parties(kb):
    sent = "Iran and Iraq signed a border accord on Tuesday."
    coder = FakeCoder({"signed": FakeCode(0.8, "AGREE", mode="no-such-mode", cameo_root="05",
                                          spans=_spans(sent, trigger="signed"))})
    events = Extractor(kb=kb, coder=coder).extract(Document(text=sent,
                                                            published=date(2019, 11, 7))).events
    assert [(e.plover_type, {e.source_country, e.target_country}, e.date) for e in events] == \
        [("AGREE", {"IRN", "IRQ"}, date(2019, 11, 5))]


def test_rules_code_what_the_learned_stage_leaves(kb):
    other = "Pakistan and Russia signed an energy agreement on Tuesday."
    events = Extractor(kb=kb, coder=_coder(), stages="learned").extract(
        Document(text=SENT + " " + other, published=date(2018, 5, 17))).events
    by_type = {e.plover_type: e.extractor for e in events}
    assert by_type == {"CONSULT": "fake-coder/0", "AGREE": "comity-rules/0.2"}


def test_learned_stage_alone_ignores_sentences_it_does_not_code(kb):
    stages = [s for s in registry.LEARNED if s != "rule_coding"]
    events = Extractor(kb=kb, coder=_coder(), stages=stages).extract(
        Document(text="Pakistan and Russia signed an energy agreement on Tuesday.",
                 published=date(2018, 5, 17))).events
    assert events == []


def test_learned_stage_without_coder_is_refused(kb):
    with pytest.raises(ValueError, match="needs a coder"):
        Extractor(kb=kb, stages=["clean", "sentences", "actors", "learned_coding"])


def test_pipeline_preset_by_name(kb):
    ext = Extractor(kb=kb)
    assert Pipeline("rules", ext.ctx).names == list(registry.RULES)
    with pytest.raises(KeyError, match="unknown pipeline preset"):
        Pipeline("nope", ext.ctx)


def test_no_import_circle_between_pipeline_and_learned():
    code = ("import sys; import comity.extract.pipeline; "
            "assert 'comity.extract.learned' not in sys.modules, 'pipeline loaded learned'; "
            "import comity.extract.learned; import inspect; "
            "src = inspect.getsource(comity.extract.learned); "
            "assert 'comity.extract.pipeline' not in src, 'learned imports pipeline'")
    subprocess.run([sys.executable, "-c", code], check=True)
