"""Reliability: detection, duplicates, foreign stores, busy stores, dates out of range,
hostile input and rich markup -- each a case that once failed (issue 9, part 4)."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pytest

from comity.extract.pipeline import RuleExtractor
from comity.ingest import ingest_paths
from comity.model import Document, Event
from comity.sources import RecordError, SourceError, read_documents
from comity.sources.datasets import DatasetError, detect_dataset_format, ingest_dataset
from comity.store import Store, StoreBusy, StoreError
from tests.conftest import FIXTURES, ROOT
from tests.test_datasets_readers import gdelt2_row

NEWS = FIXTURES / "news"
ICEWS = ("Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\t"
         "CAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\t"
         "Sentence Number\tPublisher\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude")
ICEWS_ROW = ("1\t2018-06-12\tDonald Trump\tExecutive\tUnited States\tMeet\t040\t1.0\tKim Jong-Un"
             "\tExecutive\tNorth Korea\t9\t1\tReuters\tSingapore\t\t\tSingapore\t1.3\t103.8")

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ingest(store, *paths, fmt=None):
    return ingest_paths(store, paths, fmt=fmt, extractor=RuleExtractor())


# -- dataset detection --------------------------------------------------------

def test_gdelt2_file_with_a_malformed_first_row_is_still_gdelt2(tmp_path, store):
    p = tmp_path / "20180101000000.export.CSV"
    p.write_text("719\tbroken row\n" + "\n".join(gdelt2_row(i) for i in range(1, 6)) + "\n")
    assert detect_dataset_format(p) == "gdelt2"
    report = ingest(store, p)
    [f] = report.files
    assert (f.format, f.loaded, f.rejected, f.error) == ("gdelt2", 5, 1, "")
    assert f.record_errors[0].startswith(f"{p}:1: ")


def test_explicit_format_is_obeyed_or_refused_with_a_reason(tmp_path, store):
    p = tmp_path / "icews.tab"
    p.write_text(ICEWS + "\n" + ICEWS_ROW + "\n")
    report = ingest(store, p, fmt="gdelt")
    [f] = report.files
    assert "not a GDELT file" in f.error and "looks like icews" in f.error
    assert store.count("events") == 0 and report.exit_code == 1
    assert ingest(store, p, fmt="icews").files[0].loaded == 1


def test_a_file_whose_rows_are_all_rejected_fails_the_ingest(tmp_path, store):
    p = tmp_path / "x.export.CSV"
    rows = [gdelt2_row(i, day="2018XX01") for i in range(1, 4)]
    p.write_text("\n".join(rows) + "\n")
    report = ingest(store, p, fmt="gdelt2")
    assert report.exit_code == 1
    assert "all 3 records rejected" in report.files[0].error
    good = tmp_path / "y.export.CSV"
    good.write_text(gdelt2_row(9) + "\n")
    assert ingest(store, good).exit_code == 0


# -- duplicates ---------------------------------------------------------------

def test_a_dataset_file_repeating_its_rows_stores_each_id_once(tmp_path, store):
    rows = [gdelt2_row(i) for i in range(1, 11)]
    p = tmp_path / "twice.export.CSV"
    p.write_text("\n".join(rows + rows) + "\n")
    s = ingest_dataset(store, p)
    assert (s.read, s.loaded, s.rejected, s.skipped) == (20, 10, 0, 10)
    assert store.query("SELECT count(DISTINCT event_id) n, count(*) m FROM events").iloc[0].tolist() == [10, 10]
    assert ingest_dataset(store, p).loaded == 0


def test_the_same_article_in_another_folder_adds_nothing(tmp_path, store):
    text = (NEWS / "good.txt").read_text()
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f"copy-{folder}.txt").write_text(text)
    report = ingest(store, tmp_path / "a", tmp_path / "b")
    assert [f.loaded for f in report.files] == [1, 0]
    assert [f.skipped for f in report.files] == [0, 1]
    assert store.count("documents") == 1


def test_documents_stored_under_the_old_identity_are_rekeyed(tmp_path):
    """A v3 store held the same text twice (keyed by source); migrating keeps one."""
    path = tmp_path / "old.duckdb"
    s = Store(path)
    docs = [Document(text="Pakistan and Russia met.", source=src) for src in ("a", "b")]
    with s.transaction():
        s.write_documents([(d, [], []) for d in docs])
    s.close()
    con = duckdb.connect(str(path))
    for i, src in enumerate(("a", "b")):
        con.execute("UPDATE documents SET doc_id = ? WHERE source = ?", [f"old{i}", src])
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    con.close()
    s = Store(path)
    assert s.query("SELECT doc_id FROM documents")["doc_id"].tolist() == [docs[0].doc_id]
    s.close()


# -- foreign and newer databases ----------------------------------------------

def _foreign(tmp_path: Path, kind: str) -> Path:
    p = tmp_path / f"{kind}.duckdb"
    if kind == "text":
        p.write_text("name,value\nx,1\n")
    elif kind == "other-db":
        con = duckdb.connect(str(p))
        con.execute("CREATE TABLE sales (id INTEGER, amount DOUBLE)")
        con.execute("INSERT INTO sales VALUES (1, 9.5)")
        con.close()
    else:  # a comity store from the future
        Store(p).close()
        con = duckdb.connect(str(p))
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        con.close()
    return p


@pytest.mark.parametrize("kind, message", [
    ("text", "not a DuckDB file"),
    ("other-db", "not a comity store \\(tables: sales\\)"),
    ("newer", "schema version 99 is newer"),
])
@pytest.mark.parametrize("read_only", [False, True])
def test_foreign_or_newer_files_are_refused_untouched(tmp_path, kind, message, read_only):
    p = _foreign(tmp_path, kind)
    before, listing = digest(p), sorted(os.listdir(tmp_path))
    with pytest.raises(StoreError, match=message) as err:
        Store(p, read_only=read_only)
    assert "\n" not in str(err.value)
    assert digest(p) == before and sorted(os.listdir(tmp_path)) == listing


def test_ingest_into_a_foreign_database_leaves_it_untouched(tmp_path):
    p = _foreign(tmp_path, "other-db")
    before = digest(p)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", f"import comity.api as a\ntry:\n a.open({str(p)!r}).ingest("
         f"{str(NEWS / 'good.txt')!r})\nexcept Exception as e: print(type(e).__name__, e)"],
        capture_output=True, text=True, env=env, timeout=120)
    assert proc.stdout.startswith("StoreError") and "not a comity store" in proc.stdout
    assert digest(p) == before


# -- readers wait for writers (two real processes) -----------------------------

HOLD = textwrap.dedent("""
    import sys, time
    from comity.store import Store
    s = Store(sys.argv[1])
    with s.transaction() as con:
        con.execute("INSERT INTO ingests VALUES ('holder', 'x', 1, 1, 0, now())")
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
    print("released", flush=True)
""")


def _holder(db: Path, seconds: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds)],
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_reader_waits_for_a_short_write_then_reads(tmp_path):
    db = tmp_path / "s.duckdb"
    Store(db).close()
    holder = _holder(db, 1.0)
    reader = Store(db, read_only=True, wait=20)
    assert reader.count("ingests") == 1  # the committed write, whole
    reader.close()
    holder.wait(timeout=30)


def test_a_reader_gives_up_with_one_line_naming_the_lock(tmp_path):
    db = tmp_path / "s.duckdb"
    Store(db).close()
    holder = _holder(db, 3.0)
    try:
        with pytest.raises(StoreBusy, match=r"store is busy \(file lock held by PID \d+") as err:
            Store(db, read_only=True, wait=0.3)
        assert "\n" not in str(err.value) and "retry" in str(err.value)
    finally:
        holder.wait(timeout=30)


def test_a_second_writer_waits_and_loses_no_rows(tmp_path):
    db = tmp_path / "s.duckdb"
    Store(db).close()
    holder = _holder(db, 1.0)
    s = Store(db, wait=20)
    with s.transaction() as con:
        con.execute("INSERT INTO ingests VALUES ('second', 'x', 1, 1, 0, now())")
    assert sorted(s.query("SELECT path FROM ingests")["path"]) == ["holder", "second"]
    s.close()
    holder.wait(timeout=30)


def test_an_ingest_lets_go_of_the_lock_between_files(tmp_path, store):
    f = tmp_path / "a.txt"
    f.write_text((NEWS / "good.txt").read_text())
    ingest(store, f)
    assert store._con is None  # the write connection is closed after each file
    r = Store(store.path, read_only=True, wait=0)
    assert r.count("documents") == 1
    r.close()


# -- dates out of range ---------------------------------------------------------

def test_dataset_dates_out_of_range_are_stored_undated(tmp_path, store):
    p = tmp_path / "d.export.CSV"
    p.write_text("\n".join([gdelt2_row(1, day="99991231"), gdelt2_row(2, day="00000101"),
                            gdelt2_row(3)]) + "\n")
    s = ingest_dataset(store, p)
    assert s.rejected + s.loaded == 3
    dates = store.query("SELECT source_event_id, date FROM events ORDER BY 1")
    assert dates.date.isna().sum() == s.loaded - 1
    from comity.analysis.series import dyad_series

    dyad_series(store, "PAK", "RUS")  # no OverflowError downstream


@pytest.mark.parametrize("published", ["9999-12-31", "0000-01-01", 1e10, -1e12, 10**30,
                                       "year 0", "10000000000"])
def test_news_dates_out_of_range_are_rejected_with_file_and_line(tmp_path, published):
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({"text": "Pakistan met Russia.", "published": published}) + "\n")
    [item] = list(read_documents(p))
    assert isinstance(item, RecordError) and item.line == 1
    assert "date" in item.message


def test_the_store_keeps_an_event_of_year_9999_undated(store):
    doc = Document(text="x", published=date(9999, 12, 31))
    ev = Event(date=date(9999, 12, 31), plover_type="CONSULT", doc_id=doc.doc_id, start=0, end=1)
    with store.transaction():
        store.write_documents([(doc, [ev], [])])
    assert store.query("SELECT date FROM events").date.isna().all()
    assert store.query("SELECT published FROM documents").published.isna().all()


# -- hostile input ----------------------------------------------------------------

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>t</title><item><title>x</title>
<description>Pakistan and Russia met. &lol3;</description></item></channel></rss>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><title>x</title>
<description>Pakistan met Russia. &xxe;</description></item></channel></rss>
"""


@pytest.mark.parametrize("xml", [LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_feeds_declaring_entities_are_refused(tmp_path, xml):
    p = tmp_path / "feed.rss"
    p.write_text(xml)
    with pytest.raises(SourceError, match="declares entities") as err:
        list(read_documents(p))
    assert "root:" not in str(err.value)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, store, monkeypatch):
    p = tmp_path / "bomb.export.CSV.zip"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.export.CSV", gdelt2_row(1) + "\n" + "0" * (40 << 20))
    assert p.stat().st_size < 200_000
    with pytest.raises(DatasetError, match="zip bomb"):
        ingest_dataset(store, p)
    gz = tmp_path / "bomb.export.CSV.gz"
    gz.write_bytes(gzip.compress((gdelt2_row(1) + "\n" + "0" * (40 << 20)).encode()))
    with pytest.raises(DatasetError, match="zip bomb"):
        ingest_dataset(store, gz)
    assert store.count("events") == 0


def test_a_zipped_dataset_of_normal_ratio_loads(tmp_path, store):
    p = tmp_path / "ok.export.CSV.zip"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ok.export.CSV", "\n".join(gdelt2_row(i) for i in range(1, 50)) + "\n")
    assert ingest_dataset(store, p).loaded == 49


def test_lines_of_many_megabytes_are_rejected_with_their_line(tmp_path, monkeypatch):
    from comity.sources import files, jsonl

    monkeypatch.setattr(files, "MAX_LINE_BYTES", 1 << 16)
    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 1 << 16)
    p = tmp_path / "big.jsonl"
    p.write_text(json.dumps({"text": "Pakistan met Russia."}) + "\n"
                 + json.dumps({"text": "x" * (1 << 18)}) + "\n"
                 + json.dumps({"text": "Russia met Pakistan."}) + "\n")
    items = list(jsonl.read_jsonl_file(p))
    assert [type(i).__name__ for i in items] == ["Document", "RecordError", "Document"]
    assert items[1].line == 2 and "longer than" in items[1].message
    t = tmp_path / "big.txt"
    t.write_text("Pakistan met Russia.\n" + "y" * (1 << 18) + "\n")
    from comity.sources.text import read_text_file

    with monkeypatch.context() as m:
        m.setattr("comity.sources.text.MAX_LINE_BYTES", 1 << 16)
        with pytest.raises(SourceError, match=r"big.txt:2: line longer than"):
            list(read_text_file(t))


def test_a_dataset_line_over_the_limit_is_one_rejected_row(tmp_path, store):
    p = tmp_path / "long.export.CSV"
    p.write_text(gdelt2_row(1) + "\n" + gdelt2_row(2, Actor1Name="x" * (2 << 20)) + "\n"
                 + gdelt2_row(3) + "\n")
    s = ingest_dataset(store, p)
    assert (s.loaded, s.rejected) == (2, 1) and s.errors[0].startswith(f"{p}:2:")


def test_deeply_nested_markup_is_bounded(tmp_path):
    p = tmp_path / "deep.html"
    p.write_text("<html><body>" + "<div>" * 50000 + "<p>Pakistan met Russia in Moscow.</p>"
                 + "</div>" * 50000 + "</body></html>")
    try:
        list(read_documents(p))
    except SourceError as exc:
        assert "\n" not in str(exc)
    j = tmp_path / "deep.jsonl"
    j.write_text('{"text": ' + "[" * 100000 + "]" * 100000 + "}\n")
    [item] = list(read_documents(j))
    assert isinstance(item, RecordError) and item.line == 1


def test_a_file_over_the_size_limit_is_refused_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("COMITY_MAX_FILE_BYTES", "1000")
    p = tmp_path / "big.txt"
    p.write_text("Pakistan met Russia. " * 100)
    with pytest.raises(SourceError, match="over the 1,000-byte limit"):
        list(read_documents(p))


# -- rich markup and one bad file among many ------------------------------------

def test_markup_in_metadata_and_paths_is_stored_verbatim_and_the_folder_goes_on(tmp_path, store):
    folder = tmp_path / "[bold] feeds"
    folder.mkdir()
    (folder / "a [red].txt").write_text("Pakistan and Russia signed a trade deal on Monday.")
    (folder / "a [red].meta.json").write_text(json.dumps(
        {"title": "[/x] [bold]Deal[/] [link=javascript:x]", "source": "[red]Wire[/red]"}))
    (folder / "b.jsonl").write_text('{"text": "oops"\n')  # every record bad
    (folder / "c.txt").write_bytes(b"\xff\xfe not utf-8")
    (folder / "d.txt").write_text("Russia and Pakistan held talks in Moscow on Tuesday.")
    report = ingest(store, folder)
    assert [bool(f.error) for f in report.files] == [False, True, True, False]
    assert all("\n" not in f.error for f in report.files)
    row = store.query("SELECT title, source, path FROM documents WHERE title <> ''").iloc[0]
    assert row.title == "[/x] [bold]Deal[/] [link=javascript:x]"
    assert row.source == "[red]Wire[/red]" and "[bold] feeds" in row.path
    assert report.exit_code == 1
