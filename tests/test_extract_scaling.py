"""Extraction stays linear: over-long "sentences" are cut at a token cap, and deduplication
compares each event with a bounded number of clusters.  (Timings: benchmarks/
bench_extract_scaling.py; no timed tests here.)"""

from __future__ import annotations

import random
from datetime import date, timedelta

from comity.extract import dedupe as dedupe_mod
from comity.extract.dedupe import dedupe
from comity.extract.pipeline import Extractor
from comity.extract.sentences import MAX_TOKENS, bound_sentences, split_sentences
from comity.model import Document, Event

WORDS = ("Pakistan Russia met India China signed the talks with officials attacked troops in "
         "Moscow on Tuesday and said it would help aid to Iran agreement minister").split()


def _words(size: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    out, n = [], 0
    while n < size:
        w = rng.choice(WORDS)
        out.append(w)
        n += len(w) + 1
    return " ".join(out)


def test_long_unpunctuated_text_is_cut_into_bounded_sentences():
    text = _words(200_000)
    sentences = bound_sentences(split_sentences(text))
    assert len(sentences) > 200_000 // (10 * MAX_TOKENS)
    assert max(len(s.text.split()) for s in sentences) <= MAX_TOKENS
    for s in sentences:  # offsets still point at the words
        assert text[s.start:s.end] == s.text
    # nothing lost: the pieces hold every word, in order
    assert " ".join(s.text for s in sentences).split() == text.split()


def test_200kb_without_punctuation_gives_events_with_sound_offsets():
    text = _words(200_000)
    out = Extractor().extract(Document(text=text, published=date(2020, 1, 1)))
    assert out.events, "random words about states should still yield some events"
    for ev in out.events[:500]:
        assert text[ev.start:ev.end] == ev.sentence
        assert len(ev.sentence.split()) <= MAX_TOKENS


def _event(i: int, rng: random.Random, days: int) -> Event:
    dyads = [("PAK", "IND"), ("RUS", "SYR"), ("CHN", "PAK"), ("USA", "IRN"), ("TUR", "SYR")]
    a, b = dyads[i % len(dyads)]
    place = rng.choice(["", "Islamabad", "Moscow", "Geneva"])
    return Event(date=date(2019, 1, 1) + timedelta(days=rng.randrange(days)),
                 source_country=a, target_country=b, plover_type=rng.choice(["CONSULT", "ASSAULT"]),
                 plover_mode=rng.choice(["", "visit", "phone"]), location_name=place,
                 status="asserted", confidence=0.5, doc_id=f"d{i}")


def _comparisons(n: int, monkeypatch, days: int) -> tuple[int, int]:
    calls = 0
    real = dedupe_mod._Cluster.accepts

    def counting(self, ev, day, window):
        nonlocal calls
        calls += 1
        return real(self, ev, day, window)

    monkeypatch.setattr(dedupe_mod._Cluster, "accepts", counting)
    rng = random.Random(7)
    clusters = dedupe([_event(i, rng, days) for i in range(n)])
    return calls, len(clusters)


def test_dedupe_comparisons_grow_linearly(monkeypatch):
    # ten times the events over ten times the days (news keeps coming at the same rate)
    small, _ = _comparisons(2_000, monkeypatch, days=100)
    large, clusters = _comparisons(20_000, monkeypatch, days=1_000)
    assert clusters < 20_000  # it does merge
    assert large <= 12 * max(small, 1)  # quadratic would be about 100x


def test_dedupe_on_one_day_compares_each_event_with_a_bounded_set(monkeypatch):
    # everything on one day: the open clusters per dyad are bounded by the distinct
    # (mode, place) combinations, 3 x 4 here, not by the number of events
    calls, _ = _comparisons(20_000, monkeypatch, days=1)
    assert calls <= 12 * 20_000


def test_dedupe_still_merges_and_separates_like_before():
    base = dict(source_country="PAK", target_country="RUS", plover_type="CONSULT",
                status="asserted", confidence=0.5)
    evs = [Event(date=date(2019, 5, 1), location_name="Moscow", doc_id="a", **base),
           Event(date=date(2019, 5, 2), location_name="", doc_id="b", **base),
           Event(date=date(2019, 5, 2), location_name="Islamabad", doc_id="c", **base),
           Event(date=date(2019, 5, 9), location_name="Moscow", doc_id="d", **base)]
    groups = sorted(sorted(m.doc_id for m in c.mentions) for c in dedupe(evs))
    assert groups == [["a", "b"], ["c"], ["d"]]


def test_segments_cover_the_text_at_boundaries():
    from comity.extract.pipeline import segments

    text = "Para one. Second sentence here.\n\nPara two is here. " * 200 + _words(5_000)
    pieces = list(segments(text, 1_000))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 1_000 for _, p in pieces)
    assert [b for b, _ in pieces] == [sum(len(p) for _, p in pieces[:i])
                                      for i in range(len(pieces))]
    assert all(p.endswith(("\n\n", ". ", " ")) for _, p in pieces[:-1])


def test_a_very_long_document_runs_in_segments_with_sound_offsets(monkeypatch):
    from comity.extract import pipeline

    text = _words(60_000)
    whole = Extractor().extract(Document(text=text, published=date(2020, 1, 1)))
    monkeypatch.setattr(pipeline, "SEGMENT", 10_000)
    doc = Document(text=text, published=date(2020, 1, 1))
    parts = Extractor().extract(doc)
    assert len(parts.sentences) >= len(whole.sentences)
    assert abs(len(parts.events) - len(whole.events)) <= 0.1 * len(whole.events)
    assert {e.doc_id for e in parts.events} == {doc.doc_id}
    for ev in parts.events:
        assert text[ev.start:ev.end] == ev.sentence
    assert [s.index for s in parts.sentences] == list(range(len(parts.sentences)))
