"""Server-rendered SVG for the relation over time: no scripts, nothing fetched.

Stacked bars are QuadClass counts per period; the line is the Goldstein mean;
ticks mark meetings (M), agreements (A) and change points (dashed). Each bar
links to the period's events so a click leads to the sentences behind it.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import pandas as pd

QUADS = (("verbal_coop", "#2b6cb0", "Verbal cooperation"),
         ("material_coop", "#90cdf4", "Material cooperation"),
         ("verbal_conflict", "#fbb6b6", "Verbal conflict"),
         ("material_conflict", "#c53030", "Material conflict"))
W, H, PAD_L, PAD_R, PAD_T, PAD_B = 880, 260, 40, 40, 18, 38


def relation_svg(series: pd.DataFrame, marks: pd.DataFrame, breaks: pd.DataFrame,
                 period_link) -> str:
    """The chart; ``period_link(start)`` gives the events URL of the period starting there."""
    if series.empty:
        return '<p class="note">No events for these filters.</p>'
    n = len(series)
    step = (W - PAD_L - PAD_R) / n
    top = max(int(series["events"].max()), 1)
    plot_h = H - PAD_T - PAD_B
    periods = [pd.Timestamp(p).date() for p in series["period"]]
    out = [f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" '
           f'aria-label="Events by QuadClass and Goldstein mean per period">']
    out.append(f'<text x="4" y="{PAD_T + 4}" class="axis">{top}</text>')
    out.append(f'<text x="4" y="{H - PAD_B}" class="axis">0</text>')
    out.append(f'<text x="{W - PAD_R + 4}" y="{PAD_T + 4}" class="axis">+10</text>')
    out.append(f'<text x="{W - PAD_R + 4}" y="{H - PAD_B}" class="axis">-10</text>')
    label_every = max(1, n // 12)
    for i, (day, row) in enumerate(zip(periods, series.itertuples(index=False), strict=True)):
        x = PAD_L + i * step
        y = H - PAD_B
        title = [f"{day}: {int(row.events)} events"]
        bars = []
        for col, colour, name in QUADS:
            v = int(getattr(row, col) or 0)
            if v:
                h = v / top * plot_h
                y -= h
                bars.append(f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(step - 2, 1):.1f}" '
                            f'height="{h:.1f}" fill="{colour}"/>')
                title.append(f"{name} {v}")
        href = escape(period_link(day))
        out.append(f'<a href="{href}" class="period" data-period="{day}">'
                   f'<title>{escape("; ".join(title))}</title>'
                   f'<rect x="{x:.1f}" y="{PAD_T}" width="{step:.1f}" height="{plot_h}" '
                   f'class="hit"/>{"".join(bars)}</a>')
        if i % label_every == 0:
            out.append(f'<text x="{x:.1f}" y="{H - PAD_B + 14}" class="axis">'
                       f'{day.isoformat()[:7]}</text>')
    pts = [(PAD_L + (i + 0.5) * step, PAD_T + (10 - g) / 20 * plot_h)
           for i, g in enumerate(series["goldstein_mean"]) if pd.notna(g)]
    if pts:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        out.append(f'<polyline points="{line}" class="goldstein"/>')
    index = {d: i for i, d in enumerate(periods)}
    for kind, day, label in marks.itertuples(index=False):
        i = _slot(periods, day)
        if i is None:
            continue
        x = PAD_L + (i + 0.5) * step
        out.append(f'<g class="mark {kind}"><title>{escape(label)}</title>'
                   f'<text x="{x:.1f}" y="{H - 6}" text-anchor="middle">'
                   f'{"M" if kind == "meeting" else "A"}</text></g>')
    for day in breaks.get("period", []):
        i = index.get(pd.Timestamp(day).date())
        if i is not None:
            x = PAD_L + i * step
            out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{PAD_T}" y2="{H - PAD_B}" '
                       f'class="break"><title>change point {pd.Timestamp(day).date()}</title></line>')
    out.append("</svg>")
    return "".join(out)


def _slot(periods, day):
    if day is None or pd.isna(day):
        return None
    d = pd.Timestamp(day).date()
    best = None
    for i, p in enumerate(periods):
        if p <= d:
            best = i
    return best


def link(path: str, items) -> str:
    return f"{path}?{urlencode(list(items))}"
