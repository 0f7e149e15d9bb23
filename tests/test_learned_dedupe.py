"""Deduplication across documents: one event, several mentions; distinct events stay apart."""

from __future__ import annotations

from datetime import date

import pandas as pd

from comity.extract.dedupe import dedupe, dedupe_frame
from comity.model import Event


def ev(doc, day, t="CONSULT", s="PAK", g="RUS", **kw) -> Event:
    base = dict(doc_id=doc, date=date(2023, 10, day), plover_type=t, source_country=s,
                target_country=g, sentence=f"{doc}: sentence", start=0, end=10,
                confidence=0.8)
    base.update(kw)
    return Event(**base)


def test_three_articles_one_meeting():
    a = ev("dawn", 18, location_name="Beijing", location_country="CHN", domains=["diplomacy"])
    b = ev("tass", 18, s="RUS", g="PAK", location_name="Beijing", confidence=0.9,
           domains=["energy"])
    c = ev("reuters", 19, location_country="CHN")  # reported a day later, place less precise
    clusters = dedupe([a, b, c])
    assert len(clusters) == 1
    cl = clusters[0]
    assert cl.num_mentions == 3 and cl.documents == ["dawn", "tass", "reuters"]
    assert cl.event.source_country == "RUS"  # the most confident mention is canonical
    assert set(cl.event.domains) == {"diplomacy", "energy"}
    assert [m.sentence for m in cl.mentions] == ["dawn: sentence", "tass: sentence",
                                                 "reuters: sentence"]
    assert a.num_mentions == 1  # inputs untouched


def test_distinct_events_stay_apart():
    base = ev("a", 10)
    other_day = ev("b", 20)                          # a later meeting
    other_place = ev("c", 10, location_name="Moscow", plover_mode="visit")
    base.location_name = "Beijing"
    other_type = ev("d", 10, t="AGREE")
    pledge = ev("e", 10, status="intended")          # "will meet" is not the meeting
    phone = ev("f", 10, plover_mode="phone")
    base.plover_mode = "visit"
    clusters = dedupe([base, other_day, other_place, other_type, pledge, phone])
    assert len(clusters) == 6 and all(c.num_mentions == 1 for c in clusters)


def test_direction_matters_for_asymmetric_types():
    a = ev("a", 5, t="ACCUSE", s="IND", g="PAK")
    b = ev("b", 5, t="ACCUSE", s="PAK", g="IND")
    c = ev("c", 6, t="ACCUSE", s="IND", g="PAK")
    clusters = dedupe([a, b, c])
    assert sorted(c.num_mentions for c in clusters) == [1, 2]


def test_no_chaining_beyond_window():
    days = [ev(f"d{i}", d, t="ASSAULT", s="ISR", g="PSE") for i, d in enumerate([1, 2, 3, 4, 5])]
    clusters = dedupe(days, window_days=2)
    assert [c.num_mentions for c in clusters] == [3, 2]


def test_unknown_parties_or_dates_never_merge():
    a = ev("a", 3, s=None, g=None)
    b = ev("b", 3, s=None, g=None)
    c = ev("c", 3, date=None)
    d = ev("d", 3, date=None)
    assert len(dedupe([a, b, c, d])) == 4


def test_existing_event_stays_canonical_and_counts_grow():
    stored = ev("old", 18, num_mentions=2, confidence=0.5)
    new = [ev("n1", 18, confidence=0.95), ev("n2", 17)]
    clusters = dedupe(new, existing=[stored])
    assert len(clusters) == 1
    cl = clusters[0]
    assert cl.existing and cl.event.event_id == stored.event_id
    assert cl.num_mentions == 4 and cl.event.confidence == 0.95


def test_dataframe_form():
    rows = [e.to_flat() for e in (ev("a", 1), ev("b", 2, s="RUS", g="PAK"), ev("c", 9))]
    df = pd.DataFrame(rows)
    out = dedupe_frame(df)
    assert list(out["num_mentions"]) == [2, 2, 1]
    assert out["canonical_id"][0] == out["canonical_id"][1] != out["canonical_id"][2]
    assert len(out) == 3


def test_stored_rows_with_datetimes_and_two_stored_events_stay_apart():
    from datetime import datetime

    s1 = ev("old1", 18, date=datetime(2023, 10, 18, 0, 0))
    s2 = ev("old2", 18, date=pd.Timestamp("2023-10-18"))
    new = ev("new", 18)
    clusters = dedupe([new], existing=[s1, s2])
    assert len(clusters) == 2
    assert sorted(c.num_mentions for c in clusters) == [1, 2]
