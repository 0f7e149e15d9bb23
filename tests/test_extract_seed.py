"""The seed article: every item of ../shared/seed/expected.json, through the CLI's JSON."""

from __future__ import annotations

import json

import pytest

from tests.conftest import shared_path


@pytest.fixture(scope="module")
def seed():
    from typer.testing import CliRunner

    from comity.cli import app

    doc = shared_path("seed", "pakistan-russia-bri-2023.txt")
    expected = json.loads(shared_path("seed", "expected.json").read_text())
    result = CliRunner().invoke(app, ["extract", str(doc), "--date", "2023-10-25", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), expected


def _in_dyad(event, dyad, directed):
    pair = (event["source_country"], event["target_country"])
    if directed:
        return pair == tuple(dyad)
    return set(pair) == set(dyad)


def _names(event, side):
    return f"{event[side + '_name']} {event[side + '_text']}"


def _matches(event, item):
    if not _in_dyad(event, item["dyad"], item.get("directed", False)):
        return False
    if "plover" in item and event["plover_type"] != item["plover"]:
        return False
    if "plover_any" in item and event["plover_type"] not in item["plover_any"]:
        return False
    if "quad_class" in item and event["quad_class"] != item["quad_class"]:
        return False
    if "domain" in item and item["domain"] not in event["domains"]:
        return False
    if "domain_any" in item and not set(item["domain_any"]) & set(event["domains"]):
        return False
    if "status" in item and event["status"] != item["status"]:
        return False
    if "status_any" in item and event["status"] not in item["status_any"]:
        return False
    if "location_country" in item and event["location_country"] != item["location_country"]:
        return False
    if "location_name_any" in item and event["location_name"] not in item["location_name_any"]:
        return False
    if "date_between" in item:
        lo, hi = item["date_between"]
        if not (event["date"] and lo <= event["date"] <= hi):
            return False
    if "sectors" in item:
        if sorted([event["source_sector"], event["target_sector"]]) != sorted(item["sectors"]):
            return False
    for side in ("source", "target"):
        names = item.get(f"{side}_names_any")
        if names:
            # Undirected items may list either party first.
            both = _names(event, "source") + " " + _names(event, "target")
            text = both if not item.get("directed", False) else _names(event, side)
            if not any(n in text for n in names):
                return False
    return True


def test_must_find_each_expected_event(seed):
    events, expected = seed
    for item in expected["must_find"]:
        assert any(_matches(e, item) for e in events), f"not found: {item['id']}"


def test_dyad_domains(seed):
    events, expected = seed
    dyad = set(expected["dyad_domains"]["dyad"])
    domains = {d for e in events if {e["source_country"], e["target_country"]} == dyad
               for d in e["domains"]}
    assert set(expected["dyad_domains"]["must_include"]) <= domains


def test_third_parties_recognised(seed):
    events, expected = seed
    seen = {c for e in events for c in (e["source_country"], e["target_country"],
                                         e["location_country"]) if c}
    assert set(expected["third_parties_mentioned"]) <= seen


def test_nothing_asserted_for_excluded_dyads(seed):
    events, expected = seed
    for item in expected["must_not_assert"]:
        bad = [e for e in events if e["status"] == "asserted" and _in_dyad(e, item["dyad"], False)]
        assert not bad, f"asserted {item['dyad']}: {bad[0]['sentence']}"


def test_assessments_do_not_become_asserted_cooperation(seed):
    events, _ = seed
    import re

    hedged = re.compile(r"has the potential|is poised to|\bpresents a\b|possibility")
    for e in events:
        if e["plover_type"] in ("COOPERATE", "AID", "AGREE") and hedged.search(e["sentence"]):
            assert e["status"] != "asserted", e["sentence"]


def test_boilerplate_dropped(seed):
    events, expected = seed
    for phrase in expected["boilerplate_dropped"]:
        assert all(phrase not in e["sentence"] for e in events)


def test_json_records_have_the_documented_fields(seed):
    from comity.model import EVENT_JSON_FIELDS

    events, _ = seed
    assert events and all(list(e) == list(EVENT_JSON_FIELDS) for e in events)
    assert all(isinstance(e["cameo"], str) for e in events)
