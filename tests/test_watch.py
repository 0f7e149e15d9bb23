"""`comity watch FEEDS.yaml`: polls, ingests new articles, prints what is new per dyad."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from comity.watch import WatchConfigError, load_config, parse_every
from tests.fetch_server import LocalServer, Route
from tests.test_fetch_urls import STORIES, feed


def watch(app, feeds_file, db, *more):
    return CliRunner().invoke(app, ["watch", str(feeds_file), "--once", "--model", "none",
                                    "--db", str(db), *more], catch_exceptions=False)


def json_lines(text: str) -> list[dict]:
    return [json.loads(ln) for ln in text.splitlines() if ln.startswith("{")]


def test_watch_reports_only_what_is_new(app, env):
    db = env / "s.duckdb"
    with LocalServer() as srv:
        srv.routes["/wire.rss"] = Route(feed(*STORIES[:2]), "application/rss+xml", etag='"a"')
        feeds = env / "feeds.yaml"
        feeds.write_text(f"feeds:\n  - {srv.url('/wire.rss')}\n  - url: {srv.url('/down.rss')}\n"
                         "dyads:\n  - PAK RUS\n  - [IND, CHN]\n")
        first = watch(app, feeds, db, "--json")
        assert first.exit_code == 0, first.output
        found = json_lines(first.stdout)
        kinds = sorted(f["kind"] for f in found)
        assert kinds == ["agreement", "meeting"], found
        assert all(f["dyad"] == ["PAK", "RUS"] for f in found)
        meeting = next(f for f in found if f["kind"] == "meeting")
        assert "Lavrov" in meeting["sentence"] and meeting["date"] == "2023-05-09"
        assert "/down.rss" in first.output and "404" in first.output  # one feed failed

        # unchanged feed: revalidated (304), nothing new printed
        again = watch(app, feeds, db, "--json")
        assert again.exit_code == 0
        assert json_lines(again.stdout) == []
        assert srv.seen("/wire.rss")[-1]["If-None-Match"] == '"a"'

        # a new entry: only it is reported, as a readable line
        srv.routes["/wire.rss"] = Route(feed(*STORIES), "application/rss+xml", etag='"b"')
        third = watch(app, feeds, db)
        assert third.exit_code == 0, third.output
        new = [ln for ln in third.stdout.splitlines() if " agreement " in ln or " meeting " in ln]
        assert len(new) == 1 and "agreement PAK-RUS" in new[0] and "Putin" in new[0], third.stdout


def test_all_feeds_failing_writes_no_store(app, env):
    db = env / "never.duckdb"
    with LocalServer() as srv:
        feeds = env / "feeds.yaml"
        feeds.write_text(f"feeds: [{srv.url('/gone.rss')}]\ndyads: [PAK RUS]\n")
        result = watch(app, feeds, db)
    assert result.exit_code == 1
    assert "404" in result.output
    assert not db.exists()


@pytest.mark.parametrize("text, message", [
    ("feeds: [http://x/a.rss]\n", "no dyads"),
    ("dyads: [PAK RUS]\n", "no feeds"),
    ("feeds: [ftp://x/a]\ndyads: [PAK RUS]\n", "not an http(s) URL"),
    ("feeds: [http://x/a]\ndyads: [PAK XXQ]\n", "unknown country"),
    ("feeds: [http://x/a]\ndyads: [PAK RUS]\nevery: soon\n", "every"),
    ("feeds: [http://x/a\n  dyads", ":2: not valid YAML"),
])
def test_bad_feeds_files_are_one_line(app, env, text, message):
    path = env / "f.yaml"
    path.write_text(text)
    with pytest.raises(WatchConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_config(path)
    result = watch(app, path, env / "never.duckdb")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert not (env / "never.duckdb").exists()


def test_config_and_intervals(env):
    path = env / "f.yaml"
    path.write_text("every: 30m\nfeeds:\n  - https://a.example/rss\ndyads:\n  - Pakistan-Russia\n")
    config = load_config(path)
    assert config.dyads == [("PAK", "RUS")] and config.every == 1800
    assert [parse_every(v) for v in ("90", "30s", "15m", "2h", "1d")] == [90, 30, 900, 7200, 86400]


def test_polling_faster_than_a_minute_is_refused(app, env):
    path = env / "f.yaml"
    path.write_text("feeds: [https://a.example/rss]\ndyads: [PAK RUS]\n")
    result = CliRunner().invoke(app, ["watch", str(path), "--every", "10s"])
    assert result.exit_code == 2 and "once a minute" in result.output


def test_snapshot_holds_trend_breaks(store):
    """A dyad whose monthly count jumps shows a break; keys tell new items from old."""
    from datetime import date

    from comity.model import Event
    from comity.watch import snapshot

    events = []
    for month in range(1, 25):
        for k in range(1 if month <= 12 else 12):
            events.append(Event(date=date(2020 + (month - 1) // 12, (month - 1) % 12 + 1, 1 + k),
                                source_country="PAK", target_country="RUS", plover_type="COOPERATE",
                                cameo="030", quad_class=1, dataset="icews",
                                source_event_id=f"{month}-{k}"))
    with store.transaction():
        store.write_events(events)
    found = snapshot(store, [("PAK", "RUS")])
    breaks = [f for f in found.values() if f.kind == "break"]
    assert [b.date for b in breaks] == ["2021-01"]
    assert breaks[0].details["mean_before"] == 1.0 and breaks[0].details["mean_after"] == 12.0
    assert "1.00 -> 12.00" in breaks[0].text
    assert snapshot(store, [("PAK", "RUS")]).keys() == found.keys()


def test_a_store_that_cannot_be_opened_is_one_line_and_untouched(app, env):
    db = env / "notes.duckdb"
    db.write_bytes(b"not a database, just notes\n")
    with LocalServer() as srv:
        srv.routes["/wire.rss"] = Route(feed(STORIES[0]), "application/rss+xml")
        feeds = env / "feeds.yaml"
        feeds.write_text(f"feeds: [{srv.url('/wire.rss')}]\ndyads: [PAK RUS]\n")
        result = watch(app, feeds, db)
    assert result.exit_code == 1
    assert "error" in result.output and "Traceback" not in result.output
    assert db.read_bytes() == b"not a database, just notes\n"
