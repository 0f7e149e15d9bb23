"""Event rows of a dyad, with their documents: the evidence behind every number."""

from __future__ import annotations

import pandas as pd

from comity.analysis._common import dyad_filter, filter_events, float_cols, iso3, to_dates
from comity.analysis.engine import tables


def dyad_events(
    store,
    a: str,
    b: str,
    directed: bool = False,
    since=None,
    until=None,
    domain: str | None = None,
    status: str | None = "asserted",
    engine: str = "duckdb",
    limit: int | None = None,
) -> pd.DataFrame:
    """Events between ``a`` and ``b`` (all event columns plus document ``title``/``published``).

    ``status=None`` returns every status; ``directed=True`` keeps only a -> b.
    Ordered by date then event_id.
    """
    a, b = iso3(a), iso3(b)
    tabs = tables(store, engine)
    ev = tabs.events
    t = filter_events(ev.filter(dyad_filter(ev, a, b, directed)), tabs, since, until, domain, status,
                      dated=since is not None or until is not None)
    docs = tabs.documents.select(
        doc_id_doc="doc_id", title="title", published="published"
    )
    j = t.left_join(docs, t.doc_id == docs.doc_id_doc).drop("doc_id_doc")
    j = j.order_by(["date", "event_id"])
    if limit:
        j = j.limit(limit)
    df = tabs.execute(j)
    df["date"] = to_dates(df["date"])
    df["published"] = to_dates(df["published"])
    return float_cols(df, ["goldstein", "lat", "lon", "confidence"])
