"""The counted things of docs/analysis.md on a small hand-built store of news events and
dataset rows; every expected number is worked out by hand in the comments."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from comity.analysis.domains import NO_DOMAIN
from comity.analysis.follow_through import follow_through, pledges_followed
from comity.analysis.meetings import meeting_history
from comity.model import Event
from comity.store import Store

_COUNT = itertools.count(1)


def _ev(d, src, tgt, ptype, cameo, quad, *, mode="", status="asserted", dataset="news",
        domains=()):
    n = [next(_COUNT)]
    return Event(date=d, source_country=src, target_country=tgt, source_name=src,
                 target_name=tgt, plover_type=ptype, plover_mode=mode, cameo=cameo,
                 quad_class=quad, goldstein=1.0, domains=list(domains), status=status,
                 dataset=dataset, source_event_id=str(n[0]) if dataset != "news" else "",
                 sentence=f"event {n[0]}", start=10 * n[0], end=10 * n[0] + 7, extractor="test")


EVENTS = [
    # news: a visit, a meeting without a stated mode, a phone call, a planned visit,
    # a cancelled visit (negated), and a signed agreement
    _ev(date(2020, 1, 5), "PAK", "RUS", "CONSULT", "042", 1, mode="visit"),
    _ev(date(2020, 2, 5), "RUS", "PAK", "CONSULT", "040", 1),
    _ev(date(2020, 3, 5), "PAK", "RUS", "CONSULT", "041", 1, mode="phone"),
    _ev(date(2020, 4, 5), "RUS", "PAK", "CONSULT", "036", 1, mode="visit", status="intended"),
    _ev(date(2020, 5, 5), "RUS", "PAK", "CONSULT", "042", 1, mode="visit", status="negated"),
    _ev(date(2020, 6, 5), "RUS", "PAK", "AGREE", "057", 1),
    # ICEWS-like rows: 036 intent to meet (no meeting, no agreement), 040 consult
    # (unspecified: no meeting), 043 host (a meeting), 046 negotiation (a meeting),
    # 041 telephone (a call), 057 signed (an agreement)
    _ev(date(2020, 7, 1), "PAK", "RUS", "AGREE", "036", 1, dataset="icews"),
    _ev(date(2020, 7, 2), "PAK", "RUS", "CONSULT", "040", 1, dataset="icews"),
    _ev(date(2020, 7, 3), "RUS", "PAK", "CONSULT", "043", 1, dataset="icews"),
    _ev(date(2020, 7, 4), "RUS", "PAK", "CONSULT", "046", 1, dataset="icews"),
    _ev(date(2020, 7, 5), "RUS", "PAK", "CONSULT", "041", 1, dataset="icews"),
    _ev(date(2020, 7, 6), "PAK", "RUS", "AGREE", "057", 1, dataset="icews"),
    # pledges: Russia intends energy cooperation (news), followed in energy by Russia
    # within a year; a hypothetical (not a pledge); an ICEWS 0331 economic-aid intent by
    # Pakistan, with no Pakistani material cooperation after it; an intent to meet (036)
    _ev(date(2021, 1, 10), "RUS", "PAK", "COOPERATE", "0311", 1, status="intended",
        domains=["energy"]),
    _ev(date(2021, 2, 10), "RUS", "PAK", "COOPERATE", "030", 1, status="hypothetical",
        domains=["energy"]),
    _ev(date(2021, 3, 10), "PAK", "RUS", "AGREE", "0331", 1, dataset="icews"),
    # material cooperation: Russia -> Pakistan in energy (follows the Russian pledge);
    # Russia -> Pakistan in trade (the Pakistani pledge has no domain, but this is the
    # wrong direction, so it does not follow it)
    _ev(date(2021, 6, 1), "RUS", "PAK", "COOPERATE", "061", 2, domains=["energy"]),
    _ev(date(2021, 7, 1), "RUS", "PAK", "COOPERATE", "061", 2, domains=["trade"]),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store(tmp_path_factory.mktemp("defs") / "d.duckdb")
    s.write_events(EVENTS)
    yield s
    s.close()


def test_meetings_count_only_asserted_face_to_face_encounters(store):
    df = meeting_history(store, "PAK", "RUS", include_agreements=False)
    # news visit, news meeting, ICEWS 043 host, ICEWS 046 negotiation
    assert list(df["kind"]) == ["visit", "meeting", "visit", "negotiation"]
    assert [str(d) for d in df["date"]] == ["2020-01-05", "2020-02-05", "2020-07-03",
                                            "2020-07-04"]


def test_calls_are_counted_apart(store):
    df = meeting_history(store, "PAK", "RUS", include_agreements=False, include_calls=True)
    assert sorted(df["kind"]).count("call") == 2  # the news phone call and ICEWS 041


def test_agreements_are_asserted_signings_never_036(store):
    df = meeting_history(store, "PAK", "RUS")
    agreements = df[df["kind"] == "agreement"]
    assert list(agreements["cameo"]) == ["057", "057"]
    assert "036" not in set(df["cameo"])


def test_pledges_and_follow_through(store):
    detail = pledges_followed(store, "PAK", "RUS", horizon_days=365)
    # the Russian energy pledge (followed 2021-06-01) and the Pakistani 0331 row (not
    # followed: the trade cooperation after it runs the other way); no hypothetical,
    # no 036 intent to meet, no planned visit
    assert sorted(detail["cameo"]) == ["0311", "0331"]
    followed = dict(zip(detail["cameo"], detail["first_followed"], strict=True))
    assert followed == {"0311": date(2021, 6, 1), "0331": None}
    rates = follow_through(store, "PAK", "RUS", freq="year")
    energy = rates[rates["domain"] == "energy"].iloc[0]
    assert (energy["pledges"], energy["followed"], energy["rate"]) == (1, 1, 1.0)
    none = rates[rates["domain"] == NO_DOMAIN].iloc[0]  # pledges without a domain, counted
    assert (none["pledges"], none["followed"]) == (1, 0)
