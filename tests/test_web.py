"""The dashboard over a small real store: pages, filters, exports, escaping, busy store,
and the same figures as the analysis functions."""

from __future__ import annotations

import io
import re
from datetime import date

import pandas as pd
import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from comity.analysis.events import dyad_events  # noqa: E402
from comity.analysis.meetings import meeting_history  # noqa: E402
from comity.analysis.series import dyad_series  # noqa: E402
from comity.store import Store  # noqa: E402
from comity.web.app import create_app  # noqa: E402

EVIL = "<script>alert('x')</script>"


def _event(i, day, src, tgt, plover, cameo, quad, gold, status="asserted", dataset="news",
           doc="d1", start=0, end=40, domains="security"):
    return dict(event_id=f"e{i}", date=day, source_country=src, target_country=tgt,
                source_name=f"{src} gov", target_name=f"{tgt} gov", plover_type=plover,
                cameo=cameo, quad_class=quad, goldstein=gold, status=status, dataset=dataset,
                doc_id=doc, sentence=f"Sentence {i} about {src} and {tgt}.", start=start,
                end=end, domains=domains, num_mentions=1, extractor="test")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "web.duckdb"
    text = "Pakistan and Russia met in Moscow today. " + EVIL + " Trade talks went on."
    rows = [
        _event(1, date(2020, 1, 5), "PAK", "RUS", "CONSULT", "040", 1, 1.0, start=0, end=40),
        _event(2, date(2020, 1, 20), "RUS", "PAK", "AGREE", "057", 1, 8.0, domains="trade"),
        _event(3, date(2020, 3, 2), "PAK", "RUS", "ACCUSE", "112", 3, -2.0),
        _event(4, date(2020, 3, 9), "PAK", "RUS", "AID", "070", 2, 7.0, dataset="gdelt",
               doc=None, domains="economy"),
        _event(5, date(2020, 4, 1), "PAK", "RUS", "COERCE", "170", 4, -5.0, status="intended"),
        _event(6, date(2020, 4, 3), "PAK", "IND", "ACCUSE", "112", 3, -2.0),
    ]
    doc = pd.DataFrame([dict(doc_id="d1", source="test", title=EVIL, text=text,
                             published=date(2020, 1, 5), kind="news")])
    ev = pd.DataFrame(rows)
    dom = pd.DataFrame([(r["event_id"], r["domains"]) for r in rows],
                       columns=["event_id", "domain"])
    s = Store(path)
    for table, frame in (("documents", doc), ("events", ev), ("event_domains", dom)):
        s.con.register("frame", frame)
        s.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame")
        s.con.unregister("frame")
    s.close()
    return str(path)


@pytest.fixture
def client(db):
    return TestClient(create_app(db), raise_server_exceptions=False)


def test_dyad_page_matches_analysis(client, db):
    html = client.get("/dyad", params={"a": "Pakistan", "b": "RU", "freq": "month"}).text
    with Store(db, read_only=True) as s:
        series = dyad_series(s, "PAK", "RUS", freq="month")
    events = int(series["events"].sum())
    coop = int(series["verbal_coop"].sum() + series["material_coop"].sum())
    gmean = float(series["goldstein_sum"].sum()) / events
    assert re.search(r'id="stat-events">(\d+)<', html).group(1) == str(events) == "4"
    assert re.search(r'id="stat-goldstein">([-\d.]+)<', html).group(1) == f"{gmean:.2f}"
    assert re.search(r'id="stat-coop">(\d+)%<', html).group(1) == f"{100 * coop / events:.0f}"
    # one clickable period per series row; meetings and agreements are marked
    assert html.count('class="period"') == len(series)
    assert 'class="mark meeting"' in html and 'class="mark agreement"' in html


def test_period_link_lists_its_events_with_evidence(client):
    html = client.get("/dyad", params={"a": "PAK", "b": "RUS", "freq": "month"}).text
    href = re.search(r'<a href="([^"]+)" class="period" data-period="2020-03-01"', html).group(1)
    page = client.get(href.replace("&amp;", "&")).text
    assert "Sentence 3 about PAK and RUS." in page and "Sentence 4" in page
    assert "Sentence 1 " not in page
    assert re.search(r'id="total">(\d+)<', page).group(1) == "2"


def test_events_filters_match_dyad_events(client, db):
    with Store(db, read_only=True) as s:
        all_status = dyad_events(s, "PAK", "RUS", status=None)
    page = client.get("/events", params={"a": "PAK", "b": "RUS", "status": "all"}).text
    assert re.search(r'id="total">(\d+)<', page).group(1) == str(len(all_status))
    trade = client.get("/events", params={"a": "PAK", "b": "RUS", "domain": "trade"}).text
    assert "Sentence 2" in trade and "Sentence 1 " not in trade
    gdelt = client.get("/events", params=[("a", "PAK"), ("b", "RUS"), ("source", "gdelt")]).text
    assert "Sentence 4" in gdelt and "Sentence 3" not in gdelt


def test_exports_are_what_is_shown(client):
    q = [("a", "PAK"), ("b", "RUS"), ("sort", "goldstein"), ("desc", "true")]
    csv = client.get("/export.csv", params=q)
    assert csv.headers["content-type"].startswith("text/csv")
    df = pd.read_csv(io.StringIO(csv.text))
    assert list(df["goldstein"]) == [8.0, 7.0, 1.0, -2.0]
    pq = client.get("/export.parquet", params=q + [("source", "news")])
    back = pd.read_parquet(io.BytesIO(pq.content))
    assert list(back["event_id"]) == ["e2", "e1", "e3"]


def test_meetings_timeline(client, db):
    page = client.get("/meetings", params={"a": "RUS", "b": "PAK"}).text
    with Store(db, read_only=True) as s:
        meets = meeting_history(s, "RUS", "PAK")
    assert page.count("<li>") == len(meets) > 0
    assert "Sentence 1 about PAK and RUS." in page


def test_document_view_escapes_and_highlights(client):
    page = client.get("/doc/d1").text
    assert EVIL not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert '<mark class="ext"' in page and "Pakistan and Russia met in Moscow today." in page
    assert "CONSULT · asserted" in page


def test_user_input_is_escaped_and_never_sql(client):
    r = client.get("/events", params={"a": "PAK", "b": "RUS", "q": EVIL + "' OR 1=1 --"})
    assert r.status_code == 200 and EVIL not in r.text
    assert re.search(r'id="total">(\d+)<', r.text).group(1) == "0"
    bad = client.get("/dyad", params={"a": "PAK'; DROP TABLE events; --", "b": "RUS"})
    assert bad.status_code == 400 and "&#39;; DROP TABLE events" in bad.text
    assert client.get("/doc/" + "x' OR '1'='1").status_code == 404


def test_bad_input_gives_one_clear_message(client):
    r = client.get("/dyad", params={"a": "PAK", "b": "RUS", "since": "2020-13-45"})
    assert r.status_code == 400 and "bad from date" in r.text
    assert client.get("/events", params={"a": "PAK", "b": "RUS", "sort": "x"}).status_code == 400
    assert client.get("/export.xlsx", params={"a": "PAK", "b": "RUS"}).status_code == 400


def test_busy_store_says_retry(db):
    import subprocess
    import sys

    # another process holds the store for writing, as an ingest does
    hold = subprocess.Popen(
        [sys.executable, "-c", "import sys, duckdb; c = duckdb.connect(sys.argv[1]); "
         "print('ready', flush=True); sys.stdin.read()", db],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert hold.stdout.readline().strip() == "ready"
        r = TestClient(create_app(db)).get("/dyad", params={"a": "PAK", "b": "RUS"})
    finally:
        hold.communicate("")
    assert r.status_code == 503 and "store is busy" in r.text and "Traceback" not in r.text


def test_state_view_and_third_parties(client):
    state = client.get("/state/PAK")
    assert state.status_code == 200 and "Partners over time" in state.text
    third = client.get("/third", params={"a": "PAK", "b": "RUS"})
    assert third.status_code == 200 and "Triads" in third.text


def test_serve_command_refuses_a_missing_store(tmp_path, runner):
    import typer

    from comity.cli import serve

    app = typer.Typer()
    serve.register(app)
    app.command("noop")(lambda: None)
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code != 0 and "no store there" in r.output
