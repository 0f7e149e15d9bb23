"""The brief's charts: Altair specs rendered to static SVG with vl-convert.

The SVG is inlined into the HTML, so the brief shows its charts with no
JavaScript and no network.  Each function returns ``None`` when there is
nothing to draw; the template then shows an empty state instead.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import vl_convert as vlc

from comity.codes.cameo import QUAD_CLASS_NAMES

#: QuadClass -> (label, colour).  Blues for cooperation, oranges/reds for conflict.
#: Label (from the code tables) and colour of each QuadClass.
QUAD_CLASSES: dict[int, tuple[str, str]] = {
    q: (QUAD_CLASS_NAMES[q].capitalize(), colour)
    for q, colour in {1: "#9ecae1", 2: "#2b6cb0", 3: "#f6ad55", 4: "#c53030"}.items()
}

#: dyad_series column -> QuadClass.
SERIES_COLUMNS = {
    "verbal_coop": 1,
    "material_coop": 2,
    "verbal_conflict": 3,
    "material_conflict": 4,
}

FONT = "Helvetica, Arial, sans-serif"
WIDTH = 760

_CONFIG = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "titleFontWeight": "normal",
             "gridColor": "#eceff3", "domainColor": "#8a94a6", "tickColor": "#8a94a6"},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "top",
               "titleFontWeight": "normal"},
}


def to_svg(chart: alt.TopLevelMixin, prefix: str) -> str:
    """Render a chart to an SVG string whose element ids are unique to ``prefix``.

    Several SVGs inlined in one HTML page share one id space, so any ids
    (clip paths, gradients) are prefixed to keep charts from borrowing each
    other's definitions.
    """
    spec = chart.to_dict()
    svg = vlc.vegalite_to_svg(spec)
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    for old in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"')
        svg = svg.replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    # Scale to the page width in the browser and in print, keep the aspect ratio.
    svg = re.sub(r"^<svg ", '<svg role="img" preserveAspectRatio="xMinYMin meet" ', svg, count=1)
    return svg


def series_chart(series: pd.DataFrame, freq: str, title: str | None = None) -> str | None:
    """Stacked counts by QuadClass per period, with the Goldstein mean as dots (right axis).

    ``series`` has ``period`` (datetime) and the dyad_series columns; ``freq``
    is ``"month"`` or ``"year"``.
    """
    if series is None or series.empty or float(series["events"].sum()) == 0:
        return None
    time_unit = "yearmonth" if freq == "month" else "year"
    label_fmt = "%b %Y" if freq == "month" else "%Y"
    long = series.melt(
        id_vars=["period"], value_vars=list(SERIES_COLUMNS), var_name="kind", value_name="count"
    )
    long["class"] = long["kind"].map(lambda k: QUAD_CLASSES[SERIES_COLUMNS[k]][0])
    long["order"] = long["kind"].map(SERIES_COLUMNS)
    long = long[long["count"] > 0]
    labels = [v[0] for v in QUAD_CLASSES.values()]
    colours = [v[1] for v in QUAD_CLASSES.values()]

    x = alt.X(
        f"{time_unit}(period):T",
        title=None,
        axis=alt.Axis(format=label_fmt, labelAngle=0, labelOverlap=True, grid=False),
        scale=alt.Scale(
            domain=[
                _iso(series["period"].min()),
                _iso(_period_end(series["period"].max(), freq)),
            ]
        ),
    )
    bars = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("sum(count):Q", title="events",
                    axis=_count_axis(series[list(SERIES_COLUMNS)].sum(axis=1).max())),
            color=alt.Color(
                "class:N", title=None, scale=alt.Scale(domain=labels, range=colours),
                legend=alt.Legend(orient="top", direction="horizontal"),
            ),
            order=alt.Order("order:Q"),
        )
    )
    gold = series[series["events"] > 0][["period", "goldstein_mean"]].dropna()
    layers = [bars]
    if not gold.empty:
        y_gold = alt.Y(
            "goldstein_mean:Q",
            title="Goldstein mean (−10…+10)",
            scale=alt.Scale(domain=[-10, 10]),
            axis=alt.Axis(orient="right", grid=False, values=[-10, -5, 0, 5, 10]),
        )
        dots = (
            alt.Chart(gold)
            .mark_point(filled=True, size=46, color="#1a202c", stroke="white", strokeWidth=0.8)
            .encode(x=_centred(x), y=y_gold)
        )
        zero = (
            alt.Chart(pd.DataFrame({"z": [0.0]}))
            .mark_rule(color="#a0aec0", strokeDash=[3, 3])
            .encode(y=alt.Y("z:Q", scale=alt.Scale(domain=[-10, 10])))
        )
        layers.append(alt.layer(dots, zero))
    chart = (
        alt.layer(*layers)
        .resolve_scale(y="independent")
        .properties(width=WIDTH - 120, height=220)
        .configure(**_CONFIG)
    )
    if title:
        chart = chart.properties(title=title)
    return to_svg(chart, "series")


def domain_chart(domains: list[dict]) -> str | None:
    """Horizontal bars per domain: cooperation and conflict events, stacked."""
    rows = []
    for d in domains:
        if d.get("cooperation"):
            rows.append({"domain": d["domain"], "kind": "Cooperation", "n": d["cooperation"],
                         "order": 1})
        if d.get("conflict"):
            rows.append({"domain": d["domain"], "kind": "Conflict", "n": d["conflict"],
                         "order": 2})
    if not rows:
        return None
    df = pd.DataFrame(rows)
    order = [d["domain"] for d in domains]
    chart = (
        alt.Chart(df)
        .mark_bar(height={"band": 0.7})
        .encode(
            y=alt.Y("domain:N", sort=order, title=None),
            x=alt.X("sum(n):Q", title="events", axis=_count_axis(df.groupby("domain")["n"].sum().max())),
            color=alt.Color(
                "kind:N", title=None,
                scale=alt.Scale(domain=["Cooperation", "Conflict"], range=["#2b6cb0", "#c53030"]),
            ),
            order=alt.Order("order:Q"),
        )
        .properties(width=WIDTH - 220, height=max(60, 24 * len(order)))
        .configure(**_CONFIG)
    )
    return to_svg(chart, "domains")


def _centred(x: alt.X) -> alt.X:
    """The same x encoding, placed in the middle of the period's band (where its bar is)."""
    x = x.copy()
    x["bandPosition"] = 0.5
    return x


def _count_axis(top) -> alt.Axis:
    """An axis of whole counts: explicit integer ticks when the counts are small."""
    top = int(top or 0)
    if top <= 10:
        return alt.Axis(values=list(range(0, top + 1)), format="d")
    return alt.Axis(tickMinStep=1, format="d", tickCount=8)


def _iso(ts) -> str:
    return pd.Timestamp(ts).strftime("%Y-%m-%d")


def _period_end(ts, freq: str) -> pd.Timestamp:
    ts = pd.Timestamp(ts)
    return ts + (pd.offsets.MonthBegin(1) if freq == "month" else pd.offsets.YearBegin(1))
