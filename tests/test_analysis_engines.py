"""The analytics suite, run on DuckDB and on Spark (local mode); both must agree."""

from __future__ import annotations

import os
from datetime import date

import pandas as pd
import pytest

from comity.analysis import AnalysisError
from comity.analysis.alignment import alignment
from comity.analysis.breaks import trend_breaks
from comity.analysis.domains import domain_tracks
from comity.analysis.events import dyad_events
from comity.analysis.follow_through import follow_through
from comity.analysis.meetings import meeting_history, meeting_level
from comity.analysis.portfolio import partner_portfolio, portfolio_concentration
from comity.analysis.series import dyad_series
from comity.analysis.third_parties import third_parties, triads
from comity.model import Actor, Document, Event
from comity.store import Store


def _ev(d, src, tgt, ptype, cameo, quad, gold, domains=(), status="asserted", doc=None,
        sname="", tname="", loc="", sentence="", start=0):
    return Event(
        date=d, source_country=src, target_country=tgt, source_name=sname or src,
        target_name=tname or tgt, plover_type=ptype, cameo=cameo, quad_class=quad,
        goldstein=gold, domains=list(domains), status=status, location_name=loc,
        location_country=src if loc else None, doc_id=doc.doc_id if doc else "",
        sentence=sentence, start=start, end=start + len(sentence), extractor="test",
    )


def build_store(path) -> Store:
    store = Store(path)
    d1 = Document(text="Putin met Musharraf in Almaty. China and India attended.",
                  source="test", title="Almaty meeting", published=date(2002, 6, 4))
    d2 = Document(text="Shoigu signs defence pact in Islamabad. The United States watched.",
                  source="test", title="Defence pact", published=date(2014, 11, 20))
    ev1 = [
        _ev(date(2002, 6, 4), "RUS", "PAK", "CONSULT", "040", 1, 1.0, ["diplomacy"], doc=d1,
            sname="Vladimir Putin", tname="Pervez Musharraf", loc="Almaty",
            sentence="President Putin met President Musharraf in Almaty."),
        _ev(date(2002, 6, 5), "RUS", "PAK", "AGREE", "0312", 1, 5.2, ["military"], "intended",
            doc=d1, sentence="Russia pledged military cooperation.", start=60),
    ]
    ev2 = [
        _ev(date(2014, 11, 20), "RUS", "PAK", "AGREE", "057", 1, 8.0, ["military"], doc=d2,
            sname="Sergei Shoigu", tname="Khawaja Asif", loc="Islamabad",
            sentence="Defence Minister Shoigu signed a pact."),
    ]
    acts1 = [Actor("China", "China", "CHN", kind="state", sentence_index=1),
             Actor("India", "India", "IND", kind="state", sentence_index=1),
             Actor("Russia", "Russia", "RUS", kind="state", sentence_index=0)]
    acts2 = [Actor("United States", "United States", "USA", kind="state", sentence_index=1)]
    with store.transaction():
        store.write_documents([(d1, ev1, acts1), (d2, ev2, acts2)])
    rows = []
    # Dataset-like events: a dyad series over 2010-2012 with a break in 2012.
    for m in range(1, 13):
        rows.append(_ev(date(2010, m, 10), "PAK", "RUS", "CONSULT", "042", 1, 1.9, ["diplomacy"]))
        rows.append(_ev(date(2011, m, 10), "RUS", "PAK", "COOPERATE", "061", 2, 6.4, ["trade"]))
        for k in range(3):
            rows.append(_ev(date(2012, m, 10 + k), "PAK", "RUS", "ACCUSE", "112", 3, -2.0 - k))
    rows.append(_ev(date(2010, 3, 1), "RUS", "PAK", "AGREE", "0311", 1, 5.2, ["trade"], "intended"))
    rows.append(_ev(date(2013, 5, 1), "RUS", "PAK", "AGREE", "0311", 1, 5.2, ["trade"], "intended"))
    rows.append(_ev(date(2013, 6, 1), "PAK", "RUS", "ASSAULT", "190", 4, -10.0, ["military"]))
    # Third parties and partners.
    for y in (2010, 2011, 2012):
        rows.append(_ev(date(y, 2, 1), "PAK", "CHN", "COOPERATE", "061", 2, 6.4, ["trade"]))
        rows.append(_ev(date(y, 2, 2), "RUS", "CHN", "COOPERATE", "061", 2, 6.4, ["trade"]))
        rows.append(_ev(date(y, 2, 3), "PAK", "CHN", "CONSULT", "040", 1, 1.0))
        rows.append(_ev(date(y, 3, 1), "PAK", "IND", "THREATEN", "138", 3, -7.0))
        rows.append(_ev(date(y, 3, 2), "RUS", "IND", "COOPERATE", "062", 2, 7.4, ["military"]))
        rows.append(_ev(date(y, 4, 1), "PAK", "USA", "COOPERATE", "061", 2, 6.4))
        rows.append(_ev(date(y, 4, 2), "RUS", "USA", "COERCE", "172", 4, -5.0))
    rows.append(_ev(date(2012, 4, 5), "PAK", "USA", "COOPERATE", "061", 2, 6.4))
    rows.append(_ev(date(2012, 4, 6), "PAK", "USA", "COOPERATE", "061", 2, 6.4))
    for i, e in enumerate(rows):
        e.dataset, e.source_event_id = "fixture", str(i)
    with store.transaction():
        store.write_events(rows)
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = build_store(tmp_path_factory.mktemp("an") / "a.duckdb")
    yield s
    s.close()


@pytest.fixture(scope="module", params=["duckdb", "spark"])
def engine(request):
    if request.param == "spark":
        pytest.importorskip("pyspark")
        os.environ.setdefault("COMITY_SPARK_MASTER", "local[1]")
        os.environ.setdefault("COMITY_SPARK_PARTITIONS", "1")
    return request.param


def test_dyad_series_dense_and_counts(store, engine):
    df = dyad_series(store, "PAK", "RUS", freq="month", since="2010-01-01", until="2013-12-31",
                     engine=engine)
    assert list(df.columns) == ["period", "events", "verbal_coop", "material_coop",
                                "verbal_conflict", "material_conflict", "goldstein_sum",
                                "goldstein_mean"]
    assert len(df) == 48 and df["period"].iloc[0] == date(2010, 1, 1)
    row = df[df["period"] == date(2012, 5, 1)].iloc[0]
    assert (row.events, row.verbal_conflict) == (3, 3)
    assert row.goldstein_sum == pytest.approx(-9.0)
    empty = df[df["period"] == date(2013, 1, 1)].iloc[0]
    assert empty.events == 0 and empty.goldstein_sum == 0 and pd.isna(empty.goldstein_mean)
    # intended events are not counted by default
    assert df[df["period"] == date(2010, 3, 1)].iloc[0].events == 1


def test_dyad_series_directed_domain_and_freq(store, engine):
    d = dyad_series(store, "RUS", "PAK", directed=True, freq="year", engine=engine)
    assert d.set_index("period").loc[date(2011, 1, 1), "material_coop"] == 12
    assert d.set_index("period").loc[date(2012, 1, 1), "events"] == 0
    t = dyad_series(store, "PAK", "RUS", freq="quarter", domain="trade", engine=engine)
    assert t["events"].sum() == 12 and t["period"].iloc[0] == date(2011, 1, 1)


def test_dyad_events_with_documents(store, engine):
    df = dyad_events(store, "PAK", "RUS", status=None, since="2002", until="2014-12-31",
                     engine=engine)
    assert "title" in df.columns and "sentence" in df.columns
    first = df.iloc[0]
    assert first.title == "Almaty meeting" and first.date == date(2002, 6, 4)
    assert set(dyad_events(store, "PAK", "RUS", until="2003", engine=engine).status) == {"asserted"}


def test_meeting_history(store, engine):
    df = meeting_history(store, "PAK", "RUS", until="2009-12-31", engine=engine)
    assert len(df) == 1 and df.iloc[0].location_name == "Almaty"
    assert df.iloc[0].level == "head_of_state/government"
    df = meeting_history(store, "PAK", "RUS", since="2014-01-01", engine=engine)
    assert df.iloc[0].cameo == "057" and df.iloc[0].level == "ministerial"
    assert meeting_level("Foreign Affairs (Bangladesh)", "Government (Vietnam)") == "ministerial"


def test_domain_tracks(store, engine):
    df = domain_tracks(store, "PAK", "RUS", freq="year", since="2010", until="2013-12-31",
                       engine=engine)
    trade = df[df.domain == "trade"].set_index("period")
    assert trade.loc[date(2011, 1, 1), "cooperation"] == 12
    assert trade.loc[date(2012, 1, 1), "events"] == 0
    assert df[df.domain == "unspecified"]["conflict"].sum() == 36


def test_third_parties_and_triads(store, engine):
    df = third_parties(store, "PAK", "RUS", engine=engine).set_index("country")
    assert df.loc["CHN", "mentions"] == 1 and df.loc["CHN", "role"] == "common partner"
    assert df.loc["IND", "role"] == "partner of RUS, adversary of PAK"
    assert df.loc["USA", "events_with_a"] == 5
    assert "RUS" not in df.index and "PAK" not in df.index
    tri = triads(store, "PAK", "RUS", engine=engine).set_index("country")
    assert set(tri.index) == {"CHN", "IND", "USA"}
    assert bool(tri.loc["CHN", "balanced"]) is False  # PAK-RUS net hostile, both friends of CHN


def test_follow_through(store, engine):
    df = follow_through(store, "PAK", "RUS", horizon_days=365, freq="year", engine=engine)
    row = df[(df.domain == "trade") & (df.period == date(2010, 1, 1))].iloc[0]
    assert (row.pledges, row.followed) == (1, 1) and row.rate == 1.0
    row = df[(df.domain == "trade") & (df.period == date(2013, 1, 1))].iloc[0]
    assert (row.pledges, row.followed) == (1, 0)
    mil = df[(df.domain == "military") & (df.period == date(2002, 1, 1))].iloc[0]
    assert mil.pledges == 1 and mil.followed == 0


def test_portfolio(store, engine):
    p = partner_portfolio(store, "PAK", freq="year", since="2012", until="2012-12-31",
                          engine=engine)
    p = p.set_index("partner")
    assert p.loc["USA", "events"] == 3 and p.loc["USA", "share"] == pytest.approx(3 / 5)
    c = portfolio_concentration(store, "PAK", freq="year", since="2010", until="2012-12-31",
                                engine=engine).set_index("period")
    assert c.loc[date(2012, 1, 1), "hhi"] == pytest.approx((3 / 5) ** 2 + (2 / 5) ** 2)
    assert c.loc[date(2011, 1, 1), "top_partner"] == "RUS"


def test_alignment(store, engine):
    df = alignment(store, "PAK", "RUS", freq="year", since="2010", until="2012-12-31",
                   engine=engine).set_index("period")
    row = df.loc[date(2011, 1, 1)]
    assert row.common_partners == 3
    assert -1.0 <= row.cosine <= 1.0
    assert row.sign_agreement == pytest.approx(1 / 3)


def test_trend_breaks(store, engine):
    df = trend_breaks(store, "PAK", "RUS", metric="goldstein_sum", since="2010-01-01",
                      until="2012-12-31", engine=engine)
    assert date(2012, 1, 1) in set(df["period"])


def test_engines_agree(store):
    pytest.importorskip("pyspark")
    os.environ.setdefault("COMITY_SPARK_MASTER", "local[1]")
    os.environ.setdefault("COMITY_SPARK_PARTITIONS", "1")
    for fn, kw in [
        (dyad_series, dict(freq="month")),
        (dyad_series, dict(freq="quarter", mentions=True)),
        (domain_tracks, dict(freq="quarter")),
        (third_parties, {}),
        (follow_through, dict(freq="year")),
        (alignment, dict(freq="year")),
    ]:
        left = fn(store, "PAK", "RUS", engine="duckdb", **kw)
        right = fn(store, "PAK", "RUS", engine="spark", **kw)
        pd.testing.assert_frame_equal(left, right, check_dtype=False, check_exact=False)


def test_bad_input(store):
    with pytest.raises(AnalysisError):
        dyad_series(store, "PAK", "XXQ")
    with pytest.raises(AnalysisError):
        dyad_series(store, "PAK", "RUS", since="2010-13-45")
    with pytest.raises(AnalysisError):
        dyad_series(store, "PAK", "RUS", engine="oracle")
