"""The dashboard's routes: FastAPI, server-rendered Jinja2 pages, SVG charts.

The store path is fixed when the app is made; each request opens the store
read-only and closes it, so an ingest can write between requests. No request
reads a file: templates and assets are loaded once, at start.
"""

from __future__ import annotations

from datetime import timedelta
from importlib import resources

import pandas as pd
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import DictLoader, Environment, select_autoescape

from comity.analysis.breaks import trend_breaks
from comity.analysis.checks import AnalysisError, check_freq, iso3
from comity.analysis.events import dyad_events
from comity.analysis.follow_through import follow_through
from comity.analysis.meetings import meeting_history
from comity.analysis.series import dyad_series
from comity.analysis.third_parties import third_parties, triads
from comity.codes.countries import convert
from comity.web.charts import link, relation_svg
from comity.web.data import (
    SOURCES,
    STATUSES,
    Filters,
    StoreBusy,
    country_choices,
    frame_bytes,
    keep_sources,
    open_store,
    source_of,
)
from comity.web.views import doc_segments, relation_summary, state_view

PAGE_SIZE = 50
EVENT_VIEW_COLUMNS = ["date", "source_name", "source_country", "target_name", "target_country",
                      "plover_type", "cameo", "quad_class", "goldstein", "status", "domains",
                      "dataset", "sentence", "doc_id", "title"]


def show(value) -> str:
    """A cell as text: blank for missing values, dates without a time of day."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def _package_texts(folder: str) -> dict[str, str]:
    root = resources.files("comity.web").joinpath(folder)
    return {p.name: p.read_text(encoding="utf-8") for p in root.iterdir() if p.is_file()}


def _next_period(day, freq: str):
    d = pd.Timestamp(day)
    step = {"month": pd.DateOffset(months=1), "quarter": pd.DateOffset(months=3),
            "year": pd.DateOffset(years=1)}[freq]
    return (d + step - timedelta(days=1)).date()


def create_app(db_path: str) -> FastAPI:
    """The dashboard over the store at ``db_path`` (fixed for the app's life)."""
    env = Environment(loader=DictLoader(_package_texts("templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["show"] = show
    env.globals.update(sources=SOURCES, statuses=STATUSES, countries=country_choices(),
                       name=lambda c: convert(c, "name") or c, source_of=source_of)
    assets = _package_texts("static")
    app = FastAPI(title="comity dashboard", docs_url=None, redoc_url=None, openapi_url=None)

    def page(name: str, status: int = 200, **ctx) -> HTMLResponse:
        ctx.setdefault("f", None)
        ctx.setdefault("link", link)
        return HTMLResponse(env.get_template(name).render(**ctx), status_code=status)

    @app.exception_handler(StoreBusy)
    async def busy(request: Request, exc: StoreBusy):
        return page("message.html.j2", 503, title="Store is busy",
                    message="The store is busy (an ingest is writing to it); retry in a moment.")

    @app.exception_handler(Exception)
    async def failed(request: Request, exc: Exception):
        return page("message.html.j2", 500, title="Something went wrong",
                    message=f"{type(exc).__name__}: {exc}")

    @app.exception_handler(AnalysisError)
    async def bad_input(request: Request, exc: AnalysisError):
        return page("message.html.j2", 400, title="Cannot show that", message=str(exc))

    @app.get("/static/{name}")
    def static(name: str):
        if name not in assets:
            return Response("not found", status_code=404, media_type="text/plain")
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        return Response(assets[name], media_type=kind)

    def filters(a, b, since, until, domain, status, source) -> Filters:
        return Filters.parse(a, b, since, until, domain, status, tuple(source or ()))

    @app.get("/", response_class=HTMLResponse)
    def home():
        return page("home.html.j2", f=None)

    @app.get("/dyad", response_class=HTMLResponse)
    def dyad(a: str = "", b: str = "", since: str = "", until: str = "", domain: str = "",
             status: str = "asserted", source: list[str] = Query(default=[]),
             freq: str = "year"):
        f = filters(a, b, since, until, domain, status, source)
        freq = check_freq(freq)
        with open_store(db_path) as store:
            series = dyad_series(store, f.a, f.b, freq=freq, since=f.since, until=f.until,
                                 domain=f.domain, status=f.analysis_status)
            breaks = trend_breaks(store, f.a, f.b, freq=freq, since=f.since, until=f.until,
                                  domain=f.domain) if len(series) >= 6 else pd.DataFrame()
            meets = meeting_history(store, f.a, f.b, since=f.since, until=f.until)
        marks = pd.DataFrame(
            [("agreement" if r.kind == "agreement" else "meeting", r.date,
              f"{r.date} {r.kind} ({r.level}) {r.location_name or ''}")
             for r in meets.itertuples()], columns=["kind", "date", "label"])

        def period_link(day):
            return link("/events", f.query(since=day, until=_next_period(day, freq)))

        svg = relation_svg(series, marks, breaks, period_link)
        return page("dyad.html.j2", f=f, freq=freq, svg=svg, summary=relation_summary(series),
                    breaks=breaks, meetings=meets, q=f.query(), link=link)

    def event_rows(f: Filters, sort: str, desc: bool, text: str) -> pd.DataFrame:
        with open_store(db_path) as store:
            df = dyad_events(store, f.a, f.b, since=f.since, until=f.until, domain=f.domain,
                             status=f.analysis_status)
        df = keep_sources(df, f.sources)
        if text:
            hay = (df["sentence"].fillna("") + " " + df["source_name"].fillna("") + " "
                   + df["target_name"].fillna("") + " " + df["title"].fillna(""))
            df = df[hay.str.lower().str.contains(text.lower(), regex=False)]
        if sort not in EVENT_VIEW_COLUMNS:
            raise AnalysisError(f"cannot sort by {sort!r}")
        df = df.sort_values([sort, "event_id"], ascending=not desc, na_position="last",
                            kind="stable")
        return df[EVENT_VIEW_COLUMNS + ["event_id"]].reset_index(drop=True)

    @app.get("/events", response_class=HTMLResponse)
    def events(a: str = "", b: str = "", since: str = "", until: str = "", domain: str = "",
               status: str = "asserted", source: list[str] = Query(default=[]),
               sort: str = "date", desc: bool = False, q: str = "", page_no: int = 1):
        f = filters(a, b, since, until, domain, status, source)
        df = event_rows(f, sort, desc, q)
        pages = max(1, -(-len(df) // PAGE_SIZE))
        page_no = min(max(page_no, 1), pages)
        shown = df.iloc[(page_no - 1) * PAGE_SIZE: page_no * PAGE_SIZE]
        extra = [("sort", sort), ("desc", "true" if desc else "false"), ("q", q)]
        return page("events.html.j2", f=f, rows=shown.to_dict("records"), total=len(df),
                    page_no=page_no, pages=pages, sort=sort, desc=desc, text=q,
                    base=f.query(), extra=[x for x in extra if x[1]], link=link)

    @app.get("/export.{fmt}")
    def export(fmt: str, a: str = "", b: str = "", since: str = "", until: str = "",
               domain: str = "", status: str = "asserted", source: list[str] = Query(default=[]),
               sort: str = "date", desc: bool = False, q: str = ""):
        if fmt not in ("csv", "parquet"):
            raise AnalysisError(f"unknown export format {fmt!r} (csv or parquet)")
        f = filters(a, b, since, until, domain, status, source)
        df = event_rows(f, sort, desc, q)
        kind = "text/csv" if fmt == "csv" else "application/vnd.apache.parquet"
        name = f"comity-{f.a}-{f.b}-events.{fmt}"
        return Response(frame_bytes(df, fmt), media_type=kind,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/meetings", response_class=HTMLResponse)
    def meetings(a: str = "", b: str = "", since: str = "", until: str = "",
                 calls: bool = False):
        f = filters(a, b, since, until, "", "asserted", [])
        with open_store(db_path) as store:
            meets = meeting_history(store, f.a, f.b, since=f.since, until=f.until)
        return page("meetings.html.j2", f=f, meetings=meets.to_dict("records"), q=f.query(),
                    link=link)

    @app.get("/follow", response_class=HTMLResponse)
    def follow(a: str = "", b: str = "", since: str = "", until: str = "", domain: str = "",
               freq: str = "year"):
        f = filters(a, b, since, until, domain, "asserted", [])
        with open_store(db_path) as store:
            df = follow_through(store, f.a, f.b, domain=f.domain, freq=check_freq(freq),
                                since=f.since, until=f.until)
        return page("table.html.j2", f=f, title="Follow-through: pledges and outcomes",
                    note="Pledges (intended events) and whether an asserted event of the same "
                         "domain followed within a year.", table=df, q=f.query(), link=link)

    @app.get("/third", response_class=HTMLResponse)
    def third(a: str = "", b: str = "", since: str = "", until: str = "",
              status: str = "asserted"):
        f = filters(a, b, since, until, "", status, [])
        with open_store(db_path) as store:
            parties = third_parties(store, f.a, f.b, since=f.since, until=f.until,
                                    status=f.analysis_status)
            tri = triads(store, f.a, f.b, since=f.since, until=f.until)
        return page("third.html.j2", f=f, parties=parties, triads=tri, q=f.query(), link=link)

    @app.get("/state/{code}", response_class=HTMLResponse)
    def state(code: str, partner: str = "", freq: str = "year"):
        a = iso3(code)
        with open_store(db_path) as store:
            view = state_view(store, a, partner, check_freq(freq))
        return page("state.html.j2", f=None, a=a, freq=freq, link=link, **view)

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def document(doc_id: str):
        with open_store(db_path) as store:
            doc = store.document(doc_id)
            if doc is None:
                return page("message.html.j2", 404, title="No such document",
                            message=f"The store holds no document {doc_id!r}.")
            evs = store.query("SELECT * FROM events WHERE doc_id = ? ORDER BY start, event_id",
                              [doc_id])
        return page("doc.html.j2", f=None, doc=doc, segments=doc_segments(doc["text"] or "", evs),
                    events=evs.to_dict("records"))

    return app
