"""`comity fetch gdelt` end to end against a local server (never the internet).

The server's GDELT 2.0 files are built at test time from rows of the real export in
../shared/gold: good files, one whose MD5 in the master list is wrong, one the server
cuts short, and one that is missing (404).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from comity.sources import gdelt_fetch as gf
from tests.conftest import shared_path
from tests.fetch_server import LocalServer, Route

DAY = "20180101"


def _zip(name: str, text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, text)
    return buf.getvalue()


def _md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


@pytest.fixture(scope="module")
def export_rows() -> list[str]:
    lines = shared_path("gold", "gdelt2-export-20180101000000.tsv").read_text("utf-8").splitlines()
    return [ln for ln in lines if ln.strip()][:60]


def _export_zip(stamp: str, rows: list[str]) -> bytes:
    return _zip(f"{stamp}.export.CSV", "\n".join(rows) + "\n")


class Gdelt:
    """A fake GDELT 2.0 server: files by stamp, and a master list with sizes and MD5s."""

    def __init__(self, srv: LocalServer):
        self.srv = srv
        self.files: dict[str, bytes] = {}
        self.listed: dict[str, tuple[int, str]] = {}
        self.version = 0

    def add(self, name: str, data: bytes, *, md5: str | None = None, **route) -> None:
        self.files[name] = data
        self.listed[name] = (len(data), md5 or _md5(data))
        self.srv.routes[f"/gdeltv2/{name}"] = Route(data, "application/zip", **route)

    def publish(self) -> None:
        """Write the master list (URLs on GDELT's own host: they must be mapped)."""
        self.version += 1
        lines = [f"{size} {md5} http://data.gdeltproject.org/gdeltv2/{name}"
                 for name, (size, md5) in self.listed.items()]
        body = ("\n".join(lines) + "\n").encode()
        self.srv.routes["/gdeltv2/masterfilelist.txt"] = Route(
            body, "text/plain", etag=f'"list-{self.version}"')


def _run(app, *args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def _fetch(app, srv, db: Path, *more: str):
    return _run(app, "fetch", "gdelt", "--since", "2018-01-01", "--until", "2018-01-01",
                "--db", str(db), "--base-url", srv.base, *more)


def _count(db: Path, sql: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_good_files_load_bad_ones_fail_and_are_retried(app, env, export_rows):
    db = env / "store.duckdb"
    with LocalServer() as srv:
        g = Gdelt(srv)
        rows = {s: export_rows[i * 10:(i + 1) * 10] for i, s in enumerate(
            ["000000", "001500", "003000", "004500", "010000"])}
        good1, good2 = _export_zip(DAY + "000000", rows["000000"]), _export_zip(
            DAY + "001500", rows["001500"])
        bad_md5 = _export_zip(DAY + "003000", rows["003000"])
        cut = _export_zip(DAY + "004500", rows["004500"])
        missing = _export_zip(DAY + "010000", rows["010000"])
        g.add(f"{DAY}000000.export.CSV.zip", good1)
        g.add(f"{DAY}001500.export.CSV.zip", good2)
        g.add(f"{DAY}003000.export.CSV.zip", bad_md5, md5="0" * 32)
        g.add(f"{DAY}004500.export.CSV.zip", cut, cut_after=len(cut) // 2)
        g.add(f"{DAY}010000.export.CSV.zip", missing)
        del srv.routes[f"/gdeltv2/{DAY}010000.export.CSV.zip"]  # listed, but a 404
        # outside the range, and another table: never fetched
        g.add("20180102000000.export.CSV.zip", _export_zip("20180102000000", export_rows[50:]))
        g.add(f"{DAY}000000.mentions.CSV.zip", b"x")
        g.publish()

        first = _fetch(app, srv, db)
        assert first.exit_code == 1, first.output
        assert "3 files failed" in first.output
        assert "MD5" in first.output and "0" * 32 in first.output
        assert "HTTP 404" in first.output
        assert f"{DAY}004500.export.CSV.zip" in first.output
        # off a terminal, progress is a plain line per file
        assert f"{DAY}001500.export.CSV.zip: 10 rows" in first.output
        assert _count(db, "SELECT count(*) FROM events WHERE dataset = 'gdelt2'") == 20
        fetched = {p for _, p, _ in srv.requests}
        assert "/gdeltv2/20180102000000.export.CSV.zip" not in fetched
        assert f"/gdeltv2/{DAY}000000.mentions.CSV.zip" not in fetched
        part = Path(env / "cache" / "gdelt" / "v2" / f"{DAY}004500.export.CSV.zip.part")
        assert part.exists() and part.stat().st_size == len(cut) // 2
        # downloaded and loaded files are removed; the corrupt one is not kept either
        assert not (part.parent / f"{DAY}000000.export.CSV.zip").exists()
        assert not (part.parent / f"{DAY}003000.export.CSV.zip").exists()

        # the server is fixed: the list now has the right MD5, the files are all there
        g.add(f"{DAY}003000.export.CSV.zip", bad_md5)
        g.add(f"{DAY}004500.export.CSV.zip", cut)
        g.add(f"{DAY}010000.export.CSV.zip", missing)
        g.publish()
        srv.requests.clear()
        second = _fetch(app, srv, db)
        assert second.exit_code == 0, second.output
        assert "2 already in" in second.output
        assert _count(db, "SELECT count(*) FROM events WHERE dataset = 'gdelt2'") == 50
        fetched = [p for _, p, _ in srv.requests]
        assert f"/gdeltv2/{DAY}000000.export.CSV.zip" not in fetched  # skipped: in the log
        # the cut file resumed where it stopped
        (resume,) = srv.seen(f"/gdeltv2/{DAY}004500.export.CSV.zip")
        assert resume.get("Range") == f"bytes={len(cut) // 2}-"

        # a third run has nothing to do and adds nothing; the cached list goes past the
        # range (it names a file of 2 January), so not even the list is asked for
        srv.requests.clear()
        third = _fetch(app, srv, db)
        assert third.exit_code == 0, third.output
        assert "5 already in" in third.output
        assert srv.requests == []
        assert _count(db, "SELECT count(*) FROM events") == 50


def test_unreachable_list_creates_no_store(app, env):
    db = env / "never.duckdb"
    with LocalServer() as srv:  # serves nothing: the master list is a 404
        result = _fetch(app, srv, db)
    assert result.exit_code == 1
    assert "file list" in result.output and "404" in result.output
    assert not db.exists()


def test_every_file_failing_creates_no_store(app, env, export_rows):
    db = env / "never.duckdb"
    with LocalServer() as srv:
        g = Gdelt(srv)
        g.add(f"{DAY}000000.export.CSV.zip", _export_zip(DAY + "000000", export_rows[:5]),
              md5="f" * 32)
        g.publish()
        result = _fetch(app, srv, db)
    assert result.exit_code == 1
    assert "1 file failed" in result.output
    assert not db.exists()


def test_mentions_table_loads_mentions(app, env, export_rows):
    db = env / "store.duckdb"
    ids = [r.split("\t")[0] for r in export_rows[:3]]
    # a mentions file for three real event ids (the articles are made up: example.org)
    mentions = "".join(
        f"{i}\t{DAY}000000\t{DAY}000000\t1\texample.org\thttps://example.org/a{n}\t{n}\t-1\t-1"
        f"\t10\t1\t50\t1200\t-1.5\t\t\n" for n, i in enumerate(ids))
    with LocalServer() as srv:
        g = Gdelt(srv)
        g.add(f"{DAY}000000.mentions.CSV.zip", _zip(f"{DAY}000000.mentions.CSV", mentions))
        g.add(f"{DAY}000000.export.CSV.zip", _export_zip(DAY + "000000", export_rows[:3]))
        g.publish()
        result = _fetch(app, srv, db, "--table", "mentions")
        assert result.exit_code == 0, result.output
        assert [p for _, p, _ in srv.requests if "export" in p] == []
        # again: the list (which does not go past the range) is revalidated: 304, nothing new
        again = _fetch(app, srv, db, "--table", "mentions")
        assert again.exit_code == 0 and "1 already in" in again.output
        lists = srv.seen("/gdeltv2/masterfilelist.txt")
        assert len(lists) == 2 and lists[1].get("If-None-Match") == '"list-1"'
        assert "If-None-Match" not in lists[0]
    assert _count(db, "SELECT count(*) FROM dataset_mentions") == 3
    assert _count(db, "SELECT count(*) FROM events") == 0


def test_gkg_is_downloaded_and_verified_but_not_ingested(app, env):
    db = env / "store.duckdb"
    gkg = _zip(f"{DAY}000000.gkg.csv", "GKGRECORDID\tV2.1DATE\n")
    with LocalServer() as srv:
        g = Gdelt(srv)
        g.add(f"{DAY}000000.gkg.csv.zip", gkg)
        g.publish()
        result = _fetch(app, srv, db, "--table", "gkg", "--dir", str(env / "gkg"))
        again = _fetch(app, srv, db, "--table", "gkg", "--dir", str(env / "gkg"))
    assert result.exit_code == 0, result.output
    assert "not ingested" in result.output
    assert (env / "gkg" / f"{DAY}000000.gkg.csv.zip").read_bytes() == gkg
    assert "1 already in" in again.output
    assert not db.exists()


def test_gdelt1_daily_files_from_md5sums_and_filesizes(app, env):
    rows = shared_path("gold", "gdelt1-events-sample.tsv").read_text("utf-8")
    data = _zip("20130401.export.CSV", rows)
    db = env / "store.duckdb"
    with LocalServer() as srv:
        srv.routes["/events/20130401.export.CSV.zip"] = Route(data, "application/zip")
        srv.routes["/events/md5sums"] = Route(
            f"{_md5(data)}  20130401.export.CSV.zip\n{'1' * 32}  200601.zip\n".encode())
        srv.routes["/events/filesizes"] = Route(
            f"{len(data)} 20130401.export.CSV.zip\n99 200601.zip\n".encode())
        result = _run(app, "fetch", "gdelt", "--version", "1", "--since", "2013-04",
                      "--db", str(db), "--base-url", srv.base)
    assert result.exit_code == 0, result.output
    n = sum(1 for ln in rows.splitlines() if ln.strip())
    assert _count(db, "SELECT count(*) FROM events WHERE dataset = 'gdelt1'") == n


def test_bad_choices_are_one_line(app, env):
    r = _run(app, "fetch", "gdelt", "--version", "1", "--table", "mentions", "--since", "2018")
    assert r.exit_code == 2 and "no mentions table" in r.output
    r = _run(app, "fetch", "gdelt", "--since", "2018-02-30")
    assert r.exit_code == 2 and "not a date" in r.output
    r = _run(app, "fetch", "gdelt", "--since", "2019", "--until", "2018")
    assert r.exit_code == 2 and "after" in r.output


# -- the file lists ----------------------------------------------------------------


def test_master_list_parsing_range_and_mirror():
    lines = [
        "150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip",
        "318084 bb27f78ba45f69a17ea6ed7755e9f8ff http://data.gdeltproject.org/gdeltv2/20150218230000.mentions.CSV.zip",
        "10768507 ea8dde0beb0ba98810a92db068c0ce99 http://data.gdeltproject.org/gdeltv2/20150218230000.gkg.csv.zip",
        "149211 2a91041d7e72b0fc6a629e2ff867b240 http://data.gdeltproject.org/gdeltv2/20150219000000.export.CSV.zip",
        "not a line",
        "",
    ]
    errors: list[str] = []
    files = list(gf.parse_master_list(lines, "list", errors))
    assert errors == ["list:5: not 'SIZE MD5 URL'"]
    assert [f.table for f in files] == ["events", "mentions", "gkg", "events"]
    picked = gf.select(files, date(2015, 2, 18), date(2015, 2, 18), "events")
    assert [f.name for f in picked] == ["20150218230000.export.CSV.zip"]
    assert picked[0].size == 150383
    assert gf.on_mirror(picked[0].url, "http://127.0.0.1:9/mirror/") == (
        "http://127.0.0.1:9/mirror/gdeltv2/20150218230000.export.CSV.zip")


def test_v1_lists_cover_years_months_and_days():
    md5 = ["7fb1b6ff781aea3d441abf512dc5e0f9  1979.zip",
           "6b4341632bcc8cff1a582c48dac1b6d2  200602.zip",
           "02ccf568a1e94d38423dcd7781f8d216  20130401.export.CSV.zip",
           "d639d1f7a316eba8836a68e944cd925d  GDELT.MASTERREDUCEDV2.1979-2013.zip"]
    sizes = ["10 1979.zip", "20 200602.zip", "30 20130401.export.CSV.zip"]
    files = gf.parse_v1_lists(md5, sizes, "http://m/events", "events")
    assert [(f.name, f.first_day, f.last_day, f.size) for f in files] == [
        ("1979.zip", date(1979, 1, 1), date(1979, 12, 31), 10),
        ("200602.zip", date(2006, 2, 1), date(2006, 2, 28), 20),
        ("20130401.export.CSV.zip", date(2013, 4, 1), date(2013, 4, 1), 30),
    ]
    assert [f.name for f in gf.select(files, date(2006, 2, 15), date(2013, 4, 1), "events")] == [
        "200602.zip", "20130401.export.CSV.zip"]


def test_verify_names_size_and_md5(tmp_path):
    p = tmp_path / "f.zip"
    p.write_bytes(b"abc")
    ok = gf.ListedFile("u", "f.zip", "events", date(2018, 1, 1), date(2018, 1, 1), 3, _md5(b"abc"))
    assert gf.verify(p, ok) is None
    assert "size 3" in gf.verify(p, gf.ListedFile("u", "f.zip", "events", ok.first_day,
                                                  ok.last_day, 4, ok.md5))
    assert "MD5" in gf.verify(p, gf.ListedFile("u", "f.zip", "events", ok.first_day,
                                               ok.last_day, 3, "0" * 32))


def test_stopping_early_cancels_the_downloads_running_ahead(tmp_path):
    """A consumer that stops (an error, Ctrl-C) does not wait for every queued download."""
    import time

    from comity.live import _downloads
    from comity.sources.remote import Fetcher

    with LocalServer() as srv:
        files = []
        for i in range(8):
            data = _zip(f"f{i}.csv", "x" * 100)
            srv.routes[f"/f{i}.zip"] = Route(data, "application/zip", delay=0.5)
            files.append(gf.ListedFile(srv.url(f"/f{i}.zip"), f"f{i}.zip", "events",
                                       date(2018, 1, 1), date(2018, 1, 1), len(data), _md5(data)))
        fetcher = Fetcher(tmp_path / "c", robots=False, min_interval=0)
        started = time.monotonic()
        gen = _downloads(fetcher, files, tmp_path / "d", lambda n: None, workers=2)
        first, (path, problem) = next(gen)
        assert first.name == "f0.zip" and problem is None and path.exists()
        gen.close()
        elapsed = time.monotonic() - started
    assert elapsed < 2.5  # not 8 files x 0.5 s one after the other
    assert len(srv.requests) <= 4
    assert not fetcher._stop.is_set()  # the fetcher can be used again


def test_a_list_that_is_not_a_list_is_one_line(app, env):
    db = env / "never.duckdb"
    with LocalServer() as srv:
        srv.routes["/gdeltv2/masterfilelist.txt"] = Route(b"<html>maintenance</html>\n")
        result = _fetch(app, srv, db)
    assert result.exit_code == 1
    assert "no usable line" in result.output and "masterfilelist.txt:1" in result.output
    assert not db.exists()
