"""Extraction through the knowledge base: actors that only dated roles and
organisation data can resolve."""

from __future__ import annotations

import pytest

from comity.api import extract


def _events(text, day):
    return [e for e in extract(text, date=day) if e.plover_type]


def _parties(text, day):
    return {(e.source_country, e.source_sector, e.target_country, e.target_sector)
            for e in _events(text, day)}


def test_surname_alone_resolves_by_date():
    [e] = [e for e in _events("Lavrov met Qureshi in Islamabad.", "2021-04-07")
           if e.plover_type == "CONSULT"]
    assert (e.source_name, e.source_country) == ("Sergey Lavrov", "RUS")
    assert e.target_country == "PAK" and "Qureshi" in e.target_name


def test_title_without_name_resolves_to_the_office_holder():
    [e] = [e for e in _events("The Pakistani premier met the Russian president in Ufa.",
                              "2015-07-10") if e.plover_type == "CONSULT"]
    assert e.source_name == "Nawaz Sharif" and e.target_name == "Vladimir Putin"
    assert e.location_name == "Ufa" and e.location_country == "RUS"


def test_same_name_is_government_then_former_official():
    when_pm = _events("Imran Khan criticised the United States.", "2021-06-01")
    after = _events("Imran Khan criticised the United States.", "2023-06-01")
    assert when_pm[0].source_sector == "GOV"
    assert after[0].source_sector == "ELI"


def test_military_metonym_and_state_company():
    parties = _parties("Rawalpindi accused Kabul of sheltering militants.", "2023-09-01")
    assert ("PAK", "MIL", "AFG", "GOV") in parties
    gazprom = _events("Gazprom signed an agreement with Pakistan State Oil.", "2021-05-28")
    assert gazprom and gazprom[0].source_country == "RUS" and gazprom[0].source_sector == "BUS"


@pytest.mark.parametrize(("day", "sector"), [("2019-06-01", "REB"), ("2022-06-01", "GOV")])
def test_taliban_sector_depends_on_the_date(day, sector):
    events = _events("The Afghan Taliban accused Pakistan of air strikes.", day)
    assert events and events[0].source_country == "AFG" and events[0].source_sector == sector
