"""`comity ingest URL` and the HTTP fetcher, against a local server (never the internet)."""

from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from comity.sources.remote import Fetcher, FetchError, body_suffix
from tests.fetch_server import LocalServer, Route

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test Wire</title><link>http://127.0.0.1/</link>
<description>test feed written for comity's tests</description>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>https://example.org/{slug}</link>
<guid>https://example.org/{slug}</guid><pubDate>{day} May 2023 09:00:00 GMT</pubDate>
<description>{text}</description></item>"""

STORIES = [
    ("talks", "Wed, 10", "Lavrov meets Bhutto Zardari",
     "Russian Foreign Minister Sergei Lavrov met Pakistani Foreign Minister Bilawal Bhutto "
     "Zardari in Moscow on Tuesday."),
    ("deal", "Thu, 11", "Energy deal signed",
     "Pakistan and Russia signed an agreement on energy cooperation in Islamabad on Monday."),
    ("visit", "Fri, 12", "Gas memorandum",
     "Russian President Vladimir Putin and Pakistani Prime Minister Shehbaz Sharif signed a "
     "memorandum on gas supplies in Moscow on Thursday."),
]

PAGE = """<!DOCTYPE html><html><head><title>Ministers meet</title>
<meta property="og:title" content="Ministers meet"></head><body><article>
<h1>Ministers meet</h1>
<p>Russian Foreign Minister Sergei Lavrov met Pakistani Foreign Minister Bilawal Bhutto Zardari
in Moscow on Tuesday, the two ministries said in statements after the talks ended.</p>
<p>The ministers discussed energy supplies, trade and regional security, officials said.</p>
</article></body></html>"""


def feed(*stories) -> bytes:
    items = "\n".join(ITEM.format(slug=s, day=d, title=t, text=x) for s, d, t, x in stories)
    return FEED.format(items=items).encode()


def ingest(*args: str):
    from comity.cli import app

    return CliRunner().invoke(app, ["ingest", *args, "--model", "none"], catch_exceptions=False)


def rows(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_feed_url_is_ingested_then_revalidated_with_etag(env):
    db = env / "s.duckdb"
    with LocalServer() as srv:
        srv.routes["/feed.rss"] = Route(feed(*STORIES[:2]), "application/rss+xml", etag='"v1"')
        first = ingest(srv.url("/feed.rss"), "--db", str(db))
        assert first.exit_code == 0, first.output
        assert rows(db, "SELECT url FROM documents ORDER BY url") == [
            ("https://example.org/deal",), ("https://example.org/talks",)]
        assert rows(db, "SELECT count(*) FROM events WHERE plover_type IN ('CONSULT', 'AGREE')"
                    )[0][0] >= 2
        second = ingest(srv.url("/feed.rss"), "--db", str(db))
        assert second.exit_code == 0, second.output
        headers = srv.seen("/feed.rss")
        assert "If-None-Match" not in headers[0]
        assert headers[1]["If-None-Match"] == '"v1"'
        assert "User-Agent" in headers[1] and "comity" in headers[1]["User-Agent"]
    assert rows(db, "SELECT count(*) FROM documents")[0][0] == 2


def test_article_page_url_keeps_its_url(env):
    db = env / "s.duckdb"
    with LocalServer() as srv:
        srv.routes["/news/ministers-meet"] = Route(PAGE.encode(), "text/html; charset=utf-8")
        result = ingest(srv.url("/news/ministers-meet"), "--db", str(db))
    assert result.exit_code == 0, result.output
    ((url, text),) = rows(db, "SELECT url, text FROM documents")
    assert url == srv.url("/news/ministers-meet")
    assert "Lavrov met" in text


def test_failed_fetch_writes_no_store(env):
    db = env / "never.duckdb"
    with LocalServer() as srv:
        result = ingest(srv.url("/missing.rss"), "--db", str(db))
    assert result.exit_code == 1
    assert "HTTP 404" in result.output and "/missing.rss" in result.output
    assert "Traceback" not in result.output
    assert not db.exists()


def test_one_failed_url_does_not_stop_the_others(env):
    db = env / "s.duckdb"
    with LocalServer() as srv:
        srv.routes["/feed.rss"] = Route(feed(STORIES[0]), "application/rss+xml")
        result = ingest(srv.url("/gone.rss"), srv.url("/feed.rss"), "--db", str(db))
    assert result.exit_code == 1, result.output  # the feed loaded; the failure still counts
    assert "/gone.rss" in result.output
    assert rows(db, "SELECT count(*) FROM documents")[0][0] == 1


def test_robots_txt_is_obeyed(env):
    db = env / "never.duckdb"
    with LocalServer() as srv:
        srv.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", "text/plain")
        srv.routes["/private/feed.rss"] = Route(feed(STORIES[0]), "application/rss+xml")
        result = ingest(srv.url("/private/feed.rss"), "--db", str(db))
        assert srv.seen("/private/feed.rss") == []
    assert result.exit_code == 1 and "robots.txt" in result.output
    assert not db.exists()


# -- the fetcher itself ------------------------------------------------------------


def test_last_modified_revalidation_and_fresh_body(tmp_path):
    stamp = "Wed, 10 May 2023 09:00:00 GMT"
    with LocalServer() as srv:
        srv.routes["/a.xml"] = Route(b"<rss>one</rss>", "text/xml", last_modified=stamp)
        f = Fetcher(tmp_path, min_interval=0)
        first = f.get(srv.url("/a.xml"))
        again = f.get(srv.url("/a.xml"))
        assert (first.status, again.status) == (200, 304)
        assert again.path.read_bytes() == b"<rss>one</rss>"
        assert srv.seen("/a.xml")[1]["If-Modified-Since"] == stamp
        srv.routes["/a.xml"] = Route(b"<rss>two</rss>", "text/xml", last_modified="later")
        third = f.get(srv.url("/a.xml"))
        assert third.status == 200 and third.path.read_bytes() == b"<rss>two</rss>"


def test_size_limit_refuses_and_keeps_nothing(tmp_path):
    with LocalServer() as srv:
        srv.routes["/big.html"] = Route(b"x" * 5000, "text/html")
        f = Fetcher(tmp_path, min_interval=0, max_bytes=1000)
        with pytest.raises(FetchError, match="over the limit"):
            f.get(srv.url("/big.html"))
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix == ".html"]


def test_timeout_is_one_line(tmp_path):
    with LocalServer() as srv:
        srv.routes["/slow.rss"] = Route(b"<rss/>", "application/rss+xml", delay=1.5)
        f = Fetcher(tmp_path, min_interval=0, timeout=0.3)
        with pytest.raises(FetchError, match="timed out") as info:
            f.get(srv.url("/slow.rss"))
    assert str(info.value).startswith(srv.url("/slow.rss") + ": ")


def test_pacing_spaces_requests_to_one_host(tmp_path):
    waits: list[float] = []
    with LocalServer() as srv:
        srv.routes["/a.rss"] = Route(b"<rss/>", "application/rss+xml")
        f = Fetcher(tmp_path, min_interval=5.0, sleep=waits.append)
        f.get(srv.url("/a.rss"), conditional=False)
        f.get(srv.url("/a.rss"), conditional=False)
    # robots.txt, then the feed twice: each request after the first waits for its own slot,
    # 5 s after the one before (the fake sleep lets no time pass, so the slots add up)
    assert len(waits) == 2 and 4.0 < waits[0] <= 5.0 and 9.0 < waits[1] <= 10.0


def test_only_http_urls(tmp_path):
    with pytest.raises(FetchError, match="not a valid http"):
        Fetcher(tmp_path).get("file:///etc/passwd")


def test_body_suffix_follows_type_then_path():
    assert body_suffix("http://x/feed", "application/rss+xml") == ".rss"
    assert body_suffix("http://x/a.zip", "application/octet-stream") == ".zip"
    assert body_suffix("http://x/page", "text/html; charset=utf-8") == ".html"
    assert body_suffix("http://x/feed.xml", "text/xml") == ".xml"


def test_unreadable_page_is_named_by_its_url(env):
    db = env / "s.duckdb"
    with LocalServer() as srv:
        srv.routes["/empty"] = Route(b"<html><body></body></html>", "text/html")
        srv.routes["/feed.rss"] = Route(feed(STORIES[0]), "application/rss+xml")
        result = ingest(srv.url("/empty"), srv.url("/feed.rss"), "--db", str(db))
    assert result.exit_code == 1, result.output
    assert f"not loaded: {srv.url('/empty')}: " in result.output
    assert "cache" not in result.output


def test_a_gdelt_export_by_url_loads_as_a_dataset(env):
    import io
    import zipfile

    from tests.conftest import shared_path

    rows = shared_path("gold", "gdelt2-export-20180101000000.tsv").read_text("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("20180101000000.export.CSV", "\n".join(rows.splitlines()[:25]) + "\n")
    db = env / "s.duckdb"
    with LocalServer() as srv:
        srv.routes["/20180101000000.export.CSV.zip"] = Route(buf.getvalue(), "application/zip")
        result = ingest(srv.url("/20180101000000.export.CSV.zip"), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert rows_of(db) == 25


def rows_of(db) -> int:
    return rows(db, "SELECT count(*) FROM events WHERE dataset = 'gdelt2'")[0][0]


def test_odd_urls_are_one_line(tmp_path):
    f = Fetcher(tmp_path, min_interval=0, robots=False)
    with LocalServer() as srv:
        srv.routes["/caf%C3%A9.rss"] = Route(b"<rss/>", "application/rss+xml")
        assert f.get(srv.url("/café.rss")).path.read_bytes() == b"<rss/>"
    for bad in ("http://127.0.0.1:99999/x", "http://[::1/x"):
        with pytest.raises(FetchError) as info:
            f.get(bad)
        assert str(info.value).startswith(bad + ": ")


def test_download_resumes_or_starts_over(tmp_path):
    body = bytes(range(256)) * 40
    f = Fetcher(tmp_path / "c", min_interval=0, robots=False)
    with LocalServer() as srv:
        srv.routes["/r.zip"] = Route(body, "application/zip")
        srv.routes["/norange.zip"] = Route(body, "application/zip", ranges=False)
        for name in ("r.zip", "norange.zip"):
            dest = tmp_path / name
            (tmp_path / f"{name}.part").write_bytes(body[:1000])
            seen: list[int] = []
            f.download(srv.url(f"/{name}"), dest, expected_size=len(body), on_bytes=seen.append)
            assert dest.read_bytes() == body and not (tmp_path / f"{name}.part").exists()
            assert srv.seen(f"/{name}")[0]["Range"] == "bytes=1000-"
            assert sum(seen) == len(body)  # resumed bytes count once; a restart counts all
        # a partial copy longer than the file: thrown away, fetched whole
        (tmp_path / "long.zip.part").write_bytes(body + b"extra")
        f.download(srv.url("/r.zip"), tmp_path / "long.zip", expected_size=len(body))
        assert (tmp_path / "long.zip").read_bytes() == body
        # the server's file is now shorter than our partial copy: 416, copy dropped
        (tmp_path / "short.zip.part").write_bytes(body[:500])
        srv.routes["/tiny.zip"] = Route(body[:100], "application/zip")
        with pytest.raises(FetchError, match="416"):
            f.download(srv.url("/tiny.zip"), tmp_path / "short.zip", expected_size=len(body))
        assert not (tmp_path / "short.zip.part").exists()


def test_crawl_delay_spaces_requests(tmp_path):
    waits: list[float] = []
    with LocalServer() as srv:
        srv.routes["/robots.txt"] = Route(b"User-agent: *\nCrawl-delay: 3\n", "text/plain")
        srv.routes["/a.rss"] = Route(b"<rss/>", "application/rss+xml")
        f = Fetcher(tmp_path, min_interval=0, sleep=waits.append)
        f.get(srv.url("/a.rss"), conditional=False)
        f.get(srv.url("/a.rss"), conditional=False)
    # robots.txt, then each feed request 3 s after the one before (fake sleep: slots add up)
    assert len(waits) == 2 and 2.0 < waits[0] <= 3.0 and 5.0 < waits[1] <= 6.0


def test_python_api_ingests_urls(env):
    import comity.api

    with LocalServer() as srv:
        srv.routes["/feed.rss"] = Route(feed(*STORIES), "application/rss+xml")
        with comity.api.open(env / "s.duckdb") as db:
            report = db.ingest(srv.url("/feed.rss"), srv.url("/gone"), model="none")
            assert db.counts()["documents"] == 3
    assert [f.error for f in report.failed] == [srv.url("/gone") + ": HTTP 404 Not Found"]
