"""Trend breaks: Poisson cost for counts, missing Goldstein means left out, short series refused."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest

from comity.analysis import AnalysisError
from comity.analysis.breaks import _poisson_cost, change_points, trend_breaks
from comity.model import Event


def _row(d, gold, i, cameo="042", quad=1, ptype="CONSULT"):
    e = Event(date=d, source_country="PAK", target_country="RUS", source_name="PAK",
              target_name="RUS", plover_type=ptype, cameo=cameo, quad_class=quad,
              goldstein=gold, status="asserted", extractor="test")
    e.dataset, e.source_event_id = "fixture", str(i)
    return e


def test_poisson_cost_by_hand():
    # One rate 2 over [2, 2, 2]: 2 * (6 - 6 * log 2).
    assert _poisson_cost(np.array([2.0, 2.0, 2.0])) == pytest.approx(2 * (6 - 6 * math.log(2)))
    assert _poisson_cost(np.zeros(4)) == 0.0


def test_count_series_break_where_the_rate_changes():
    x = np.array([2.0] * 12 + [10.0] * 12)
    assert change_points(x, counts=True) == [12]


def test_steady_poisson_noise_has_no_breaks_at_any_level():
    rng = np.random.default_rng(7)
    for rate in (0.5, 5, 50):
        assert change_points(rng.poisson(rate, 60).astype(float), counts=True) == []


def test_goldstein_mean_of_empty_months_is_missing_not_zero(store):
    # Jan-Jun 2020 five events a month at +3; Jul-Dec nothing; Jan-Jun 2021 the same again.
    # Read as 0, the empty months would make two breaks; left out, the mean never changes.
    months = [(2020, m) for m in range(1, 7)] + [(2021, m) for m in range(1, 7)]
    rows = [_row(date(y, m, 1 + k), 3.0, f"{y}{m}{k}") for y, m in months for k in range(5)]
    with store.transaction():
        store.write_events(rows)
    df = trend_breaks(store, "PAK", "RUS", metric="goldstein_mean", since="2020-01-01",
                      until="2021-06-30")
    assert df.empty
    assert change_points(np.array([3.0] * 6 + [0.0] * 6 + [3.0] * 6)) == [6, 12]
    # The counts do change: 5 -> 0 -> 5 a month.  Poisson cost by hand: splitting the 18
    # months at 6 gains 7.07 and the rest at 12 gains 41.6, both above 2*log(18) = 5.78.
    counts = trend_breaks(store, "PAK", "RUS", metric="events", since="2020-01-01",
                          until="2021-06-30")
    assert list(counts["period"]) == [date(2020, 7, 1), date(2021, 1, 1)]
    assert list(counts["change"]) == [-5.0, 5.0]


def test_too_short_a_series_is_refused_with_a_clear_message(store):
    with store.transaction():
        store.write_events([_row(date(2020, m, 5), 3.0, m) for m in range(1, 5)])
    with pytest.raises(AnalysisError, match=r"at least 6 months .* has 4"):
        trend_breaks(store, "PAK", "RUS", since="2020-01-01", until="2020-04-30")


def test_series_weighted_by_mentions_by_hand(store):
    # March 2020: a 042 with 4 mentions at +1.9, a 112 with 1 mention at -2.0, and a 112
    # with no Goldstein score and 5 mentions.
    from comity.analysis.series import dyad_series

    rows = [_row(date(2020, 3, 2), 1.9, "a"), _row(date(2020, 3, 3), -2.0, "b", "112", 3, "ACCUSE"),
            _row(date(2020, 3, 4), None, "c", "112", 3, "ACCUSE")]
    for e, n in zip(rows, (4, 1, 5), strict=True):
        e.num_mentions = n
    with store.transaction():
        store.write_events(rows)
    plain = dyad_series(store, "PAK", "RUS", since="2020-03-01", until="2020-03-31").iloc[0]
    assert (plain.events, plain.verbal_coop, plain.verbal_conflict) == (3, 1, 2)
    assert plain.goldstein_mean == pytest.approx((1.9 - 2.0) / 2)
    w = dyad_series(store, "PAK", "RUS", since="2020-03-01", until="2020-03-31",
                    mentions=True).iloc[0]
    assert (w.events, w.verbal_coop, w.verbal_conflict) == (10, 4, 6)
    assert w.goldstein_sum == pytest.approx(4 * 1.9 - 2.0)
    assert w.goldstein_mean == pytest.approx((4 * 1.9 - 2.0) / 5)  # unscored row not in it
