"""Trend breaks in a dyad's monthly series (change points).

Count metrics (events and the four quad-class counts) are Poisson counts, so
they are split by binary segmentation with a Poisson cost (twice the negative
log-likelihood of a constant rate per segment) and a BIC penalty of
``2 * log(n)`` per break (one new rate, one location): a steady rate with
ordinary Poisson noise gives no breaks, at any level.  Goldstein metrics are
continuous: least-squares cost (``ruptures`` PELT when installed, else the same
binary segmentation) with a BIC-like ``3 * log(n) * sigma^2`` penalty, sigma
estimated robustly from period-to-period differences.  A period with no scored
event has no Goldstein mean; those periods are left out, never read as 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from comity.analysis.engine import AnalysisError
from comity.analysis.series import COUNT_COLUMNS, SERIES_COLUMNS, dyad_series

BREAK_COLUMNS = ["period", "metric", "mean_before", "mean_after", "change"]


def _poisson_cost(x: np.ndarray) -> float:
    """Twice the negative Poisson log-likelihood of one rate (constant terms dropped)."""
    total = float(x.sum())
    if total <= 0:
        return 0.0
    return 2.0 * (total - total * np.log(total / len(x)))


def _poisson_penalty(x: np.ndarray) -> float:
    return 2.0 * np.log(max(len(x), 2))


def _penalty(x: np.ndarray) -> float:
    d = np.diff(x)
    sigma = np.median(np.abs(d - np.median(d))) / 0.6745 / np.sqrt(2) if len(d) else 0.0
    if not sigma > 0:
        sigma = 0.1 * (np.std(x) or 1.0)
    return 3.0 * np.log(max(len(x), 2)) * sigma**2


def _cost(x: np.ndarray) -> float:
    return float(((x - x.mean()) ** 2).sum()) if len(x) else 0.0


def _binseg(x: np.ndarray, pen: float, min_size: int, cost=None) -> list[int]:
    cost = cost or _cost
    breaks: list[int] = []
    segments = [(0, len(x))]
    while segments:
        s, e = segments.pop()
        best, gain = None, pen
        whole = cost(x[s:e])
        for k in range(s + min_size, e - min_size + 1):
            g = whole - cost(x[s:k]) - cost(x[k:e])
            if g > gain:
                best, gain = k, g
        if best is not None:
            breaks.append(best)
            segments += [(s, best), (best, e)]
    return sorted(breaks)


def change_points(x: np.ndarray, penalty: float | None = None, min_size: int = 3,
                  counts: bool = False) -> list[int]:
    """Indexes where a new regime starts (``counts``: Poisson cost and BIC penalty)."""
    x = np.asarray(x, dtype=float)
    if len(x) < 2 * min_size:
        return []
    if counts:
        pen = _poisson_penalty(x) if penalty is None else penalty
        return _binseg(x, pen, min_size, _poisson_cost)
    pen = _penalty(x) if penalty is None else penalty
    try:
        import ruptures as rpt
    except ImportError:
        return _binseg(x, pen, min_size)
    algo = rpt.Pelt(model="l2", min_size=min_size, jump=1).fit(x.reshape(-1, 1))
    return [int(i) for i in algo.predict(pen=pen) if i < len(x)]


def trend_breaks(
    store,
    a: str,
    b: str,
    metric: str = "events",
    directed: bool = False,
    freq: str = "month",
    since=None,
    until=None,
    domain: str | None = None,
    penalty: float | None = None,
    min_size: int = 3,
    engine: str = "duckdb",
) -> pd.DataFrame:
    """Change points in the dyad series' ``metric`` (a :func:`dyad_series` column).

    One row per break: ``period`` where the new regime starts, the metric's mean
    over the segment before and after, and the ``change``.
    """
    if metric not in SERIES_COLUMNS[1:]:
        raise AnalysisError(f"unknown metric {metric!r} (use one of {', '.join(SERIES_COLUMNS[1:])})")
    s = dyad_series(store, a, b, directed, freq, since, until, domain, engine)
    s = s[s[metric].notna()].reset_index(drop=True)  # no scored event: no mean, not 0
    x = s[metric].to_numpy(dtype=float)
    if len(x) < 2 * min_size:
        raise AnalysisError(
            f"breaks needs at least {2 * min_size} {freq}s with a {metric} value; "
            f"{a}-{b} has {len(x)} (widen --since/--until or use a shorter --freq)")
    cps = change_points(x, penalty, min_size, counts=metric in COUNT_COLUMNS)
    bounds = [0, *cps, len(x)]
    rows = []
    for i, cp in enumerate(cps):
        before = x[bounds[i] : cp].mean()
        after = x[cp : bounds[i + 2]].mean()
        rows.append((s["period"].iloc[cp], metric, float(before), float(after), float(after - before)))
    return pd.DataFrame(rows, columns=BREAK_COLUMNS)
