"""Dataset readers: real samples in ../shared/gold, fixtures for POLECAT, ACLED and edge cases."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from comity.model import Event
from comity.sources.datasets import (
    DatasetError,
    detect_dataset_format,
    ingest_dataset,
)
from comity.sources.gdelt import GDELT2_COLUMNS, MENTIONS_COLUMNS
from tests.conftest import FIXTURES, shared_path

FIX = FIXTURES / "datasets"


def gold(name: str) -> Path:
    return shared_path("gold", name)


def gdelt2_row(i: int, day: str = "20180101", a1: str = "PAK", a2: str = "RUS", code: str = "042",
               geo: str = "RS", **over) -> str:
    r = dict.fromkeys(GDELT2_COLUMNS, "")
    r.update(GlobalEventID=str(i), Day=day, MonthYear=day[:6], Year=day[:4], FractionDate="2018.0",
             Actor1Code=a1 + "GOV", Actor1Name="PAKISTAN", Actor1CountryCode=a1,
             Actor1Type1Code="GOV", Actor2Code=a2, Actor2Name="RUSSIA", Actor2CountryCode=a2,
             IsRootEvent="1", EventCode=code, EventBaseCode=code[:3], EventRootCode=code[:2],
             QuadClass="1", GoldsteinScale="1.9", NumMentions="4", NumSources="1",
             NumArticles="4", AvgTone="1.5", ActionGeo_Type="1", ActionGeo_FullName="Moscow, Russia",
             ActionGeo_CountryCode=geo, ActionGeo_Lat="55.75", ActionGeo_Long="37.61",
             DATEADDED="20180101000000", SOURCEURL=f"http://example.org/{i}")
    r.update(over)
    return "\t".join(r[c] for c in GDELT2_COLUMNS)


# -- real samples -------------------------------------------------------------

def test_gdelt2_export_sample(store):
    p = gold("gdelt2-export-20180101000000.tsv")
    assert detect_dataset_format(p) == "gdelt2"
    s = ingest_dataset(store, p)
    assert (s.format, s.read, s.loaded, s.rejected, s.errors) == ("gdelt2", 2414, 2414, 0, [])
    q = store.query
    assert q("SELECT count(*) n FROM events WHERE dataset='gdelt2'").n[0] == 2414
    # first row: 719024875, 2017-12-02, no actor1, actor2 USA (Missouri), 043 host a visit, Goldstein 2.8
    r = q("SELECT * FROM events WHERE source_event_id = '719024875'").iloc[0]
    assert r.source_country is None and r.target_country == "USA" and r.cameo == "043" and r.plover_type == "CONSULT"
    assert r.goldstein == pytest.approx(2.8) and r.location_country == "MEX"  # ActionGeo MX
    assert r.url.startswith("http://www.TucsonNewsNow.com/") and r.num_mentions == 18
    assert str(r.date)[:10] == "2017-12-02"
    # known dyads of the day (actor CAMEO codes to ISO3)
    top = q("""SELECT count(*) n FROM events WHERE source_country='USA' AND target_country='PRK'""").n[0]
    assert top == 10
    # FIPS geography: AS (Australia) -> AUS
    r = q("SELECT location_country FROM events WHERE source_event_id='719024876'").iloc[0]
    assert r.location_country == "AUS"
    assert q("SELECT count(*) n FROM event_domains").n[0] > 0


def test_gdelt1_sample(store):
    p = gold("gdelt1-events-sample.tsv")
    assert detect_dataset_format(p) == "gdelt1"
    s = ingest_dataset(store, p, fmt="gdelt")
    assert (s.format, s.read, s.loaded, s.rejected) == ("gdelt1", 20, 20, 0)
    r = store.query("SELECT * FROM events WHERE source_event_id='331150686'").iloc[0]
    assert r.dataset == "gdelt1" and r.cameo == "042" and r.location_country == "USA"
    assert r.location_name == "Denver, Colorado, United States"


def test_icews_sample(store):
    p = gold("icews-events-2018-sample.tab")
    assert detect_dataset_format(p) == "icews"
    s = ingest_dataset(store, p)
    assert (s.format, s.read, s.loaded, s.rejected) == ("icews", 3705, 3705, 0)
    r = store.query("SELECT * FROM events WHERE source_event_id='32889836'").iloc[0]
    assert (r.source_country, r.target_country, r.cameo, r.plover_type) == ("BGD", "VNM", "040", "CONSULT")
    assert (r.source_sector, r.target_sector, r.location_country) == ("GOV", "MIL", "VNM")
    # every named country resolves to ISO3
    n = store.query("""SELECT count(*) n FROM events WHERE dataset='icews'
                       AND location_country IS NULL AND location_name IS NOT NULL""").n[0]
    assert n == 0
    assert store.query("SELECT count(*) n FROM events WHERE source_country='USA'"
                       " AND target_country='PRK'").n[0] > 0


# -- fixtures -----------------------------------------------------------------

def test_polecat_fixture(store):
    p = FIX / "polecat_sample.tsv"
    assert detect_dataset_format(p) == "polecat"
    s = ingest_dataset(store, p)
    assert (s.read, s.loaded, s.rejected) == (5, 4, 1)
    assert s.errors[0].startswith(f"{p}:5:")  # line 5 = event pc-4 (bad date)
    df = store.query("SELECT * FROM events WHERE dataset='polecat' ORDER BY source_event_id")
    r = df.iloc[0]
    assert (r.source_country, r.target_country, r.plover_type, r.plover_mode) == ("PAK", "RUS", "CONSULT", "visit")
    assert r.cameo == "040" and r.quad_class == 1 and r.domains == "diplomacy"
    r = df[df.source_event_id == "pc-3"].iloc[0]
    assert r.target_country == "PAK" and r.domains == "energy" and r.quad_class == 2


def test_acled_fixture(store):
    p = FIX / "acled_sample.csv"
    assert detect_dataset_format(p) == "acled"
    s = ingest_dataset(store, p)
    assert (s.read, s.loaded, s.rejected) == (5, 4, 1)
    assert "bad value in column event_date" in s.errors[0]
    df = store.query("SELECT * FROM events WHERE dataset='acled'").set_index("source_event_id")
    assert df.loc["PAK1001", "source_country"] == "PAK" and df.loc["PAK1001", "cameo"] == "190"
    assert df.loc["PAK1002", "sentence"].startswith("Traders protested\nagainst")
    assert df.loc["UKR2001", "source_country"] == "RUS" and df.loc["UKR2001", "target_country"] == "UKR"
    assert df.loc["PAK1004", "target_country"] == "RUS" and df.loc["PAK1004", "plover_type"] == "AGREE"
    assert df.loc["PAK1004", "location_country"] == "PAK"


def test_malformed_rows_reported_with_lines(store, tmp_path):
    p = tmp_path / "20180101.export.CSV"
    lines = [gdelt2_row(1), gdelt2_row(2, day="20181340"), gdelt2_row(3), "4\tonly\tthree",
             gdelt2_row(5, GoldsteinScale="abc"), gdelt2_row(6, code="190", a2="IND", geo="IN")]
    p.write_text("\n".join(lines) + "\n")
    s = ingest_dataset(store, p)
    assert (s.read, s.loaded, s.rejected) == (6, 3, 3)
    assert [e.split(":")[1] for e in s.errors] == ["2", "4", "5"]
    assert all(e.startswith(str(p)) for e in s.errors)
    assert "GoldsteinScale" in s.errors[2]
    r = store.query("SELECT * FROM events WHERE source_event_id='6'").iloc[0]
    assert (r.target_country, r.location_country, r.plover_type, r.domains) == ("IND", "IND", "ASSAULT", "military")


def test_zipped_gdelt_and_idempotent(store, tmp_path):
    raw = "\n".join(gdelt2_row(i) for i in range(1, 11)) + "\n"
    z = tmp_path / "20180101000000.export.CSV.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("20180101000000.export.CSV", raw)
    assert detect_dataset_format(z) == "gdelt2"
    s1 = ingest_dataset(store, z, fmt="gdelt2")
    s2 = ingest_dataset(store, z)
    assert (s1.loaded, s2.loaded, s2.skipped) == (10, 0, 10)
    assert store.count("events") == 10 and store.count("event_domains") == 10
    # event ids are model.Event.event_id for the same record
    r = store.query("SELECT * FROM events WHERE source_event_id='1'").iloc[0]
    e = Event(dataset="gdelt2", source_event_id="1", plover_type=r.plover_type,
              source_country="PAK", target_country="RUS", source_name="PAKISTAN",
              target_name="RUSSIA")
    assert r.event_id == e.event_id
    assert store.query("SELECT count(*) n FROM ingests").n[0] == 2


def test_failed_file_leaves_nothing(store, tmp_path, monkeypatch):
    p = tmp_path / "x.export.CSV"
    p.write_text(gdelt2_row(1) + "\n")
    import comity.sources.datasets as ds

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ds, "_rejects", boom)
    with pytest.raises(RuntimeError):
        ingest_dataset(store, p)
    assert store.count("events") == 0 and store.count("ingests") == 0


def test_mentions(store, tmp_path):
    p = tmp_path / "20180101000000.mentions.CSV"
    rows = []
    for i in (1, 2):
        r = dict.fromkeys(MENTIONS_COLUMNS, "")
        r.update(GlobalEventID=str(i), EventTimeDate="20180101000000",
                 MentionTimeDate="20180101001500", MentionType="1",
                 MentionSourceName="example.org", MentionIdentifier=f"http://example.org/{i}",
                 SentenceID="2", Actor1CharOffset="10", Actor2CharOffset="40",
                 ActionCharOffset="25", InSentence="1", Confidence="80", MentionDocLen="900",
                 MentionDocTone="-1.5")
        rows.append("\t".join(r[c] for c in MENTIONS_COLUMNS))
    p.write_text("\n".join(rows) + "\n")
    assert detect_dataset_format(p) == "gdelt2-mentions"
    s = ingest_dataset(store, p)
    assert (s.read, s.loaded, s.rejected) == (2, 2, 0)
    assert ingest_dataset(store, p).loaded == 0
    m = store.query("SELECT * FROM dataset_mentions ORDER BY source_event_id")
    assert m.url[0] == "http://example.org/1" and m.confidence[0] == 80


def test_detection_and_bad_format(tmp_path, store):
    p = tmp_path / "notes.txt"
    p.write_text("just some text\n")
    assert detect_dataset_format(p) is None
    with pytest.raises(DatasetError):
        ingest_dataset(store, p)
    q = tmp_path / "x.csv"
    q.write_text(gdelt2_row(1) + "\n")
    with pytest.raises(DatasetError, match="gdelt1 refused: it looks like gdelt2"):
        ingest_dataset(store, q, fmt="gdelt1")
    with pytest.raises(DatasetError, match="--format icews refused: it looks like gdelt2"):
        ingest_dataset(store, q, fmt="icews")


def test_dataset_events_feed_analytics(store):
    from comity.analysis.series import dyad_series

    ingest_dataset(store, gold("icews-events-2018-sample.tab"))
    df = dyad_series(store, "USA", "PRK", freq="month")
    assert df.period.tolist() == [date(2018, 6, 1)] and df.events[0] > 100
