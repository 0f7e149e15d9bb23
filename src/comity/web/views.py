"""Shapes the analysis tables into what the pages show (no figures computed here
beyond sums and ratios of the analysis' own columns)."""

from __future__ import annotations

import pandas as pd

from comity.analysis.alignment import alignment
from comity.analysis.portfolio import partner_portfolio, portfolio_concentration
from comity.web.data import country_code


def relation_summary(series: pd.DataFrame) -> dict:
    """Totals over the shown periods: events, Goldstein mean, cooperation share."""
    events = int(series["events"].sum()) if not series.empty else 0
    coop = int(series["verbal_coop"].sum() + series["material_coop"].sum()) if events else 0
    gsum = float(series["goldstein_sum"].sum()) if events else 0.0
    return {"events": events, "cooperation_share": coop / events if events else None,
            "goldstein_mean": gsum / events if events else None, "periods": len(series)}


def state_view(store, a: str, partner: str, freq: str) -> dict:
    """Partners over time (portfolio, concentration) and alignment with one partner."""
    portfolio = partner_portfolio(store, a, freq=freq)
    conc = portfolio_concentration(store, a, freq=freq)
    totals = (portfolio.groupby("partner")["events"].sum().sort_values(ascending=False)
              if not portfolio.empty else pd.Series(dtype="int64"))
    top = list(totals.index[:8])
    table = (portfolio[portfolio["partner"].isin(top)]
             .pivot_table(index="period", columns="partner", values="share", aggfunc="sum")
             .reindex(columns=top).reset_index()) if top else pd.DataFrame()
    b = country_code(partner) if partner else (top[0] if top else "")
    align = alignment(store, a, b, freq=freq) if b else pd.DataFrame()
    return {"portfolio": table, "concentration": conc, "partners": top, "partner": b,
            "alignment": align}


def doc_segments(text: str, events: pd.DataFrame) -> list[tuple[str, list[dict]]]:
    """The text cut into (piece, extractions) pairs; pieces with extractions are highlighted."""
    spans: dict[tuple[int, int], list[dict]] = {}
    for r in events.to_dict("records"):
        s, e = r.get("start"), r.get("end")
        if s is None or e is None or pd.isna(s) or pd.isna(e) or not 0 <= s < e <= len(text):
            continue
        spans.setdefault((int(s), int(e)), []).append(r)
    out, pos = [], 0
    for (s, e), evs in sorted(spans.items()):
        if s < pos:  # overlapping span: attach to the piece already shown
            out[-1][1].extend(evs)
            continue
        if s > pos:
            out.append((text[pos:s], []))
        out.append((text[s:e], evs))
        pos = e
    if pos < len(text):
        out.append((text[pos:], []))
    return out
