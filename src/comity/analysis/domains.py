"""Domain tracks: a dyad's events per domain (trade, energy, security, ...) by period."""

from __future__ import annotations

import ibis
import pandas as pd

from comity.analysis._common import (
    check_freq,
    count_if,
    densify,
    dyad_filter,
    filter_events,
    int_cols,
    iso3,
    period,
    to_dates,
)
from comity.analysis.engine import tables

DOMAIN_COLUMNS = ["period", "domain", "events", "cooperation", "conflict"]
#: Events without a domain row are counted under this name.
NO_DOMAIN = "unspecified"


def domain_tracks(
    store,
    a: str,
    b: str,
    freq: str = "year",
    directed: bool = False,
    since=None,
    until=None,
    status: str | None = "asserted",
    engine: str = "duckdb",
    dense: bool = True,
) -> pd.DataFrame:
    """Per period and domain: ``events``, ``cooperation`` (QuadClass 1-2), ``conflict`` (3-4).

    An event with several domains counts once in each; events without a domain
    count under ``unspecified``.  Dense per domain between the first and last period.
    """
    a, b = iso3(a), iso3(b)
    check_freq(freq)
    tabs = tables(store, engine)
    ev = tabs.events
    t = filter_events(ev.filter(dyad_filter(ev, a, b, directed)), tabs, since, until, None, status)
    ed = tabs.event_domains.select(event_id_d="event_id", domain_d="domain")
    j = t.left_join(ed, t.event_id == ed.event_id_d)
    j = j.mutate(domain=ibis.coalesce(j.domain_d, ibis.literal(NO_DOMAIN)), period=period(j.date, freq))
    agg = j.group_by(["period", "domain"]).aggregate(
        events=j.count(),
        cooperation=count_if(j.quad_class.isin([1, 2])),
        conflict=count_if(j.quad_class.isin([3, 4])),
    )
    df = tabs.execute(agg)
    if df.empty:
        return pd.DataFrame(columns=DOMAIN_COLUMNS)
    df["period"] = to_dates(df["period"])
    if dense:
        df = densify(df, freq, since, until, keys=("domain",))
    df = int_cols(df, ["events", "cooperation", "conflict"])
    return df[DOMAIN_COLUMNS].sort_values(["domain", "period"]).reset_index(drop=True)
