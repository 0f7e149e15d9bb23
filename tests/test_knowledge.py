"""The knowledge base: packaged data validates; resolution depends on the date."""

from __future__ import annotations

from datetime import date

import pytest

from comity.api import resolve_actor
from comity.knowledge.base import build_knowledge, load_knowledge
from comity.knowledge.loader import KnowledgeError, data_dir, load_yaml
from tests.conftest import FIXTURES

D = date.fromisoformat


@pytest.mark.parametrize(
    ("phrase", "day", "name", "country", "sector"),
    [
        # The same surname, different people by date.
        ("Sharif", "2015-06-01", "Nawaz Sharif", "PAK", "GOV"),
        ("Sharif", "2023-01-01", "Shehbaz Sharif", "PAK", "GOV"),
        # Prime minister one year, former office-holder the next.
        ("Imran Khan", "2020-01-01", "Imran Khan", "PAK", "GOV"),
        ("Imran Khan", "2023-06-01", "Imran Khan", "PAK", "ELI"),
        ("Nawaz Sharif", "2019-01-01", "Nawaz Sharif", "PAK", "ELI"),
        # Titles resolve to whoever held the office then.
        ("the Pakistani premier", "2016-03-01", "Nawaz Sharif", "PAK", "GOV"),
        ("the Pakistani premier", "2021-03-01", "Imran Khan", "PAK", "GOV"),
        ("Russia's foreign minister", "2021-04-06", "Lavrov", "RUS", "GOV"),
        ("the Russian president", "2010-01-01", "Dmitry Medvedev", "RUS", "GOV"),
        ("the Russian president", "2015-01-01", "Vladimir Putin", "RUS", "GOV"),
        # Metonyms.
        ("the Kremlin", "2020-01-01", "Russia", "RUS", "GOV"),
        ("GHQ", "2020-01-01", "Pakistan", "PAK", "MIL"),
        ("Zhongnanhai", "2020-01-01", "China", "CHN", "GOV"),
    ],
)
def test_date_aware_resolution(phrase, day, name, country, sector):
    found = resolve_actor(phrase, D(day))
    assert found is not None, phrase
    assert name in found["name"]
    assert (found["country"], found["sector"]) == (country, sector)


def test_role_dates_are_reported():
    found = resolve_actor("Putin", D("2010-01-01"))
    assert found["role"] == "Prime Minister"
    assert found["start"].startswith("2008-05") and found["end"].startswith("2012-05")


def test_unknown_phrase_is_none():
    assert resolve_actor("Zorblax Quimby", D("2020-01-01")) is None


def test_taliban_sector_changes_in_august_2021():
    kb = load_knowledge()
    # The entry is "Afghan Taliban" (alias "Taliban"); the Pakistani TTP is another group.
    matches = [o for o in kb.organisations
               if o.name == "Afghan Taliban" or "Taliban" in o.aliases]
    assert [o.name for o in matches] == ["Afghan Taliban"]
    org = matches[0]
    assert org.sector_on(D("2020-01-01")) == "REB"
    assert org.sector_on(D("2022-01-01")) == "GOV"


def test_every_packaged_file_validates_with_line_numbers():
    kb = build_knowledge()
    assert len(kb.states) >= 193 and len(kb.people) >= 200
    for path in data_dir().rglob("*.yaml"):
        assert load_yaml(path) is not None, path


def test_every_person_role_is_well_formed():
    kb = load_knowledge()
    for person in kb.people:
        for role in person.roles:
            assert role.country is None or role.country in kb.states, (person.name, role)
            if role.start and role.end:
                assert role.start <= role.end, person.name


def test_user_knowledge_adds_people_and_organisations():
    extra = str(FIXTURES / "knowledge" / "extra.yaml")
    found = resolve_actor("Jane Placeholder", D("2031-01-01"), knowledge=[extra])
    assert found["country"] == "NOR" and found["role"] == "Foreign Minister"
    kb = load_knowledge((extra,))
    assert any(o.name == "Northern Gas Union" for o in kb.organisations)


@pytest.mark.parametrize(("name", "line", "message"),
                         [("bad_date.yaml", 7, "not a date"), ("bad_sector.yaml", 7, "unknown sector")])
def test_bad_user_knowledge_names_file_and_line(name, line, message):
    path = FIXTURES / "knowledge" / name
    with pytest.raises(KnowledgeError) as info:
        build_knowledge((str(path),))
    assert f"{path}:{line}" in str(info.value) and message in str(info.value)


def test_cli_resolve_json_and_null(runner):
    import json

    from comity.cli import app

    result = runner.invoke(app, ["actors", "resolve", "Sharif", "--date", "2015-06-01", "--json"])
    data = json.loads(result.stdout)
    assert set(data) == {"name", "country", "sector", "role", "start", "end"}
    assert data["name"] == "Nawaz Sharif"
    result = runner.invoke(app, ["actors", "resolve", "Zorblax Quimby", "--json"])
    assert result.stdout.strip() == "null"


def test_arabic_article_surnames_are_found_without_the_article():
    kb = load_knowledge()
    people = {kb.people[e.key].name for e in kb.lookup("Assad") if e.kind == "surname"}
    assert "Bashar al-Assad" in people
    assert not kb.lookup("al")  # the article alone names nobody


def test_bin_salman_alone_is_the_crown_prince():
    kb = load_knowledge()
    people = {kb.people[e.key].name for e in kb.lookup("bin Salman") if e.kind == "person"}
    assert people == {"Mohammed bin Salman"}
