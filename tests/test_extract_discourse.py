"""Across sentences: later references to a reported meeting, and undated background."""

from __future__ import annotations

from datetime import date

from comity.api import extract

TEXT = ("Prime Minister Shehbaz Sharif met President Vladimir Putin in Samarkand on Thursday. "
        "The meeting covered energy supplies and wheat. "
        "Historically, Pakistan and Russia have held talks on regional security.")


def test_a_later_reference_is_the_same_meeting_and_background_is_undated():
    meetings = [e for e in extract(TEXT, date="2022-09-16") if e.plover_type == "CONSULT"]
    first, again, background = meetings[:3]
    assert first.date == date(2022, 9, 15) and first.location_name == "Samarkand"
    assert (again.date, again.location_name) == (first.date, first.location_name)
    assert {again.source_country, again.target_country} == {"PAK", "RUS"}
    assert background.date is None and background.date_precision == "approximate"


def test_references_merge_into_one_stored_event(tmp_path):
    import comity

    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "a.meta.json").write_text('{"published": "2022-09-16", "source": "t"}')
    with comity.open(tmp_path / "s.duckdb") as db:
        db.ingest(tmp_path / "a.txt")
        rows = db.store.query("SELECT num_mentions FROM events WHERE plover_type = 'CONSULT' "
                              "AND date = DATE '2022-09-15'")
    assert rows["num_mentions"].tolist() == [2]


def test_undated_background_is_listed_but_left_out_of_time_series(tmp_path):
    import comity
    from comity.analysis.domains import domain_tracks
    from comity.analysis.series import dyad_series

    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "a.meta.json").write_text('{"published": "2022-09-16", "source": "t"}')
    with comity.open(tmp_path / "s.duckdb") as db:
        db.ingest(tmp_path / "a.txt")
        listed = db.events("PAK", "RUS")
        series = dyad_series(db.store, "PAK", "RUS", freq="year")
        tracks = domain_tracks(db.store, "PAK", "RUS")
    assert listed["date"].isna().sum() == 1  # the background talks, kept as evidence
    assert series["events"].sum() == len(listed) - 1
    assert not tracks.empty
