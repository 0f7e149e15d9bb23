"""A whole wire-style article (written for comity, tests/fixtures/articles): headline,
dateline, background, quotes, commentary and a planned trip, end to end through the rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from comity.extract.pipeline import Extractor
from comity.model import Document

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "medvedev-islamabad.txt"
PUBLISHED = date(2018, 11, 7)  # a Wednesday


@pytest.fixture(scope="module")
def out():
    from comity.knowledge.base import load_knowledge

    ext = Extractor(kb=load_knowledge())
    return ext.extract(Document(text=ARTICLE.read_text(encoding="utf-8"), published=PUBLISHED))


def _find(out, words):
    return [e for e in out.events if words in e.sentence]


def test_the_headline_states_the_dyad(out):
    head = [e for e in out.events if e.sentence == out.headline]
    assert head and {(e.source_country, e.target_country) for e in head} == {("RUS", "PAK")}


def test_headline_and_dateline_are_split_off(out):
    assert out.headline.startswith("Russia, Pakistan pledge")
    assert out.dateline == "Islamabad"
    # the headline is a sentence of its own, never glued to the first one
    assert out.sentences[0].text == out.headline
    assert out.sentences[1].text.startswith("Russian Prime Minister Dmitry Medvedev")


def test_the_reported_meeting(out):
    first = _find(out, "held talks")[0]
    assert (first.plover_type, first.source_country, first.target_country) == \
        ("CONSULT", "RUS", "PAK")
    assert (first.date, first.location_name, first.status) == (PUBLISHED, "Islamabad",
                                                               "asserted")


def test_background_visit_and_signing_keep_their_own_years(out):
    fradkov = [e for e in out.events if e.source_name == "Mikhail Fradkov"]
    assert fradkov and all(e.date == date(2007, 1, 1) for e in fradkov)
    assert all(e.location_name != "Islamabad" for e in fradkov)
    # his role on the event's date: Russia's prime minister then, not a former one
    assert {(e.source_country, e.source_sector) for e in fradkov} == {("RUS", "GOV")}
    signed = _find(out, "first signed")
    assert [e.date for e in signed] == [date(2015, 1, 1)]


def test_relative_and_habitual_background(out):
    warned = [e for e in _find(out, "had warned") if e.plover_type == "THREATEN"]
    assert [(e.source_country, e.target_country, e.date, e.date_precision) for e in warned] == \
        [("USA", "PAK", date(2018, 10, 28), "approximate")]
    bought = [e for e in _find(out, "long bought") if e.plover_type == "COOPERATE"]
    assert bought and all(e.date is None for e in bought)


def test_quotes_and_commentary_refer_back_to_the_same_meeting(out):
    for words in ("told reporters", "Analysts say"):
        for e in _find(out, words):
            assert (e.source_country, e.target_country, e.date) == ("RUS", "PAK", PUBLISHED)


def test_the_planned_trip_is_intended_and_dated_thursday(out):
    trip = _find(out, "will travel")
    assert trip and {e.status for e in trip} == {"intended"}
    assert {e.date for e in trip} == {date(2018, 11, 8)}
    assert {(e.source_country, e.target_country) for e in trip} == {("RUS", "CHN")}


def test_no_party_is_a_place_or_the_dateline(out):
    pairs = {(e.source_country, e.target_country) for e in out.events}
    assert ("PAK", "PAK") not in pairs and ("CHN", "CHN") not in pairs
    assert all("CHN" not in (e.source_country, e.target_country)
               for e in out.events if "Beijing" not in e.sentence)


AFRIN = Path(__file__).parent / "fixtures" / "articles" / "afrin-offensive.txt"


@pytest.fixture(scope="module")
def afrin():
    from comity.knowledge.base import load_knowledge

    ext = Extractor(kb=load_knowledge())
    return ext.extract(Document(text=AFRIN.read_text(encoding="utf-8"),
                                published=date(2018, 1, 22)))  # a Monday


def test_strikes_are_dated_sunday_and_the_reporter_is_no_target(afrin):
    struck = _find(afrin, "warplanes struck")
    assert ("ASSAULT", "TUR", date(2018, 1, 21)) in {
        (e.plover_type, e.source_country, e.date) for e in struck}
    assert all(e.target_text not in ("Turkish military", "Ankara") for e in struck)
    # "a day after Ankara launched ...": dated relative to the strikes, so not the 22nd
    launched = [e for e in struck if e.source_text == "Ankara"]
    assert all(e.date != date(2018, 1, 22) for e in launched)


def test_victims_and_a_monitor_are_not_attackers(afrin):
    killed = _find(afrin, "civilians were killed")
    assert all(e.source_country is None for e in killed)
    assert all("Observatory" not in e.target_text for e in killed)


def test_condemning_the_operation_is_no_syrian_attack(afrin):
    evs = _find(afrin, "condemned the operation")
    assert [(e.plover_type, e.source_country) for e in evs] == [("ACCUSE", "SYR")]


def test_a_relative_clause_does_not_take_the_subject(afrin):
    evs = _find(afrin, "urged Turkey")
    assert [(e.plover_type, e.source_country, e.target_country) for e in evs] == \
        [("REQUEST", "USA", "TUR")]


def test_the_meeting_called_for_is_no_meeting(afrin):
    evs = _find(afrin, "emergency meeting")
    assert {(e.plover_type, e.source_country) for e in evs} == {("CONSULT", "FRA"),
                                                                ("REQUEST", "FRA")}
    assert all(e.cameo == "041" for e in evs if e.plover_type == "CONSULT")


TOKAYEV = Path(__file__).parent / "fixtures" / "articles" / "tokayev-beijing.txt"


@pytest.fixture(scope="module")
def tokayev():
    from comity.knowledge.base import load_knowledge

    ext = Extractor(kb=load_knowledge())
    return ext.extract(Document(text=TOKAYEV.read_text(encoding="utf-8"),
                                published=date(2019, 9, 12)))  # a Thursday


def test_a_relative_clause_visit_belongs_to_its_antecedent(tokayev):
    evs = _find(tokayev, "who is on a state visit")
    assert ("CONSULT", "KAZ", "CHN") in {(e.plover_type, e.source_country, e.target_country)
                                         for e in evs}
    assert all(e.source_country is not None for e in evs)


def test_a_recalled_meeting_keeps_its_own_date_and_place_and_is_not_the_news(tokayev):
    recalled = _find(tokayev, "recalled his meeting")
    assert recalled and {e.date for e in recalled} == {date(2018, 11, 1)}
    assert {e.location_name for e in recalled} == {"Osaka"}
    later = _find(tokayev, "before their talks")
    assert later and all(e.date == date(2019, 9, 12) and e.location_name != "Osaka"
                         for e in later)


def test_earlier_wednesday_is_the_day_before(tokayev):
    arrived = _find(tokayev, "arrived in Beijing")
    assert [(e.source_country, e.target_country, e.date) for e in arrived] == \
        [("KAZ", "CHN", date(2019, 9, 11))]
