"""Country code tables and the state / IGO / sector knowledge files."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest
import yaml

from comity.codes import countries as cc
from comity.codes.countries import (
    CAMEO_REGIONS,
    CAMEO_TO_ISO3,
    FIPS_TO_ISO3,
    all_countries,
    convert,
    country,
    iso3_from_cameo,
    iso3_from_fips,
    states,
)

PKG = os.path.dirname(os.path.dirname(cc.__file__))
KNOWLEDGE = os.path.join(PKG, "knowledge", "data")


def _yaml(name):
    with open(os.path.join(KNOWLEDGE, name), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# ---------------------------------------------------------------- code table


def test_state_count_and_kinds():
    st = states()
    assert len([c for c in st if c.un_member]) == 193
    assert {"VAT", "PSE", "TWN", "XKX"} <= {c.iso3 for c in st}
    assert len(st) == 197
    # territories stay in the table, flagged non-state
    hkg = country("HKG")
    assert hkg is not None and not hkg.state
    assert len(all_countries()) > len(st)


def test_every_state_has_codes_or_a_note():
    for c in states():
        assert len(c.iso3) == 3 and len(c.iso2) == 2, c
        for attr in ("iso_numeric", "cow", "fips", "cameo"):
            value = getattr(c, attr)
            if value in ("", None):
                assert c.note, f"{c.iso3} lacks {attr} and has no note"


def test_coverage_counts():
    st = states()
    assert sum(1 for c in st if c.fips) == 197
    assert sum(1 for c in st if c.cow is not None) == 195  # all but Holy See, Palestine
    assert {c.iso3 for c in st if c.cow is None} == {"VAT", "PSE"}


def test_codes_unique():
    rows = all_countries()
    for attr in ("iso3", "iso2", "fips", "cameo", "cow_letter"):
        vals = [getattr(c, attr) for c in rows if getattr(c, attr)]
        assert len(vals) == len(set(vals)), attr
    cows = [c.cow for c in rows if c.cow is not None]
    assert len(cows) == len(set(cows))


@pytest.mark.parametrize(
    "iso3,cow,letter,fips",
    [
        ("PAK", 770, "PAK", "PK"), ("RUS", 365, "RUS", "RS"), ("CHN", 710, "CHN", "CH"),
        ("USA", 2, "USA", "US"), ("AFG", 700, "AFG", "AF"), ("IND", 750, "IND", "IN"),
        ("IRN", 630, "IRN", "IR"), ("DEU", 255, "GMY", "GM"), ("GBR", 200, "UKG", "UK"),
        ("KAZ", 705, "KZK", "KZ"), ("UZB", 704, "UZB", "UZ"), ("TJK", 702, "TAJ", "TI"),
        ("KGZ", 703, "KYR", "KG"), ("TKM", 701, "TKM", "TX"), ("SAU", 670, "SAU", "SA"),
    ],
)
def test_known_codes(iso3, cow, letter, fips):
    c = country(iso3)
    assert (c.cow, c.cow_letter, c.fips) == (cow, letter, fips)


def test_round_trips():
    for c in states():
        assert convert(c.iso3, to="fips") == c.fips
        assert iso3_from_fips(c.fips) == c.iso3
        assert convert(c.iso2, to="iso3", from_="iso2") == c.iso3
        assert convert(c.name, to="iso3") == c.iso3, c.name
        if c.cow is not None:
            assert convert(str(c.cow), to="iso3", from_="cow") == c.iso3
            assert convert(c.iso3, to="cow") == str(c.cow)
        if c.cameo:
            assert iso3_from_cameo(c.cameo) == c.iso3


def test_gdelt_samples():
    assert [iso3_from_fips(x) for x in ("PK", "RS", "CH", "US", "AF", "IN")] == [
        "PAK", "RUS", "CHN", "USA", "AFG", "IND"]
    assert iso3_from_fips("GM") == "DEU" and iso3_from_fips("UK") == "GBR"
    assert iso3_from_fips("GZ") == "PSE" and iso3_from_fips("WE") == "PSE"
    assert iso3_from_fips("pk") == "PAK"
    assert iso3_from_fips("") is None and iso3_from_fips("ZZ") is None
    assert FIPS_TO_ISO3["AS"] == "AUS"
    assert iso3_from_cameo("ROM") == "ROU" and CAMEO_TO_ISO3["ROM"] == "ROU"
    assert iso3_from_cameo("TMP") == "TLS"
    assert iso3_from_cameo("PAK") == "PAK"
    assert iso3_from_cameo("SSD") == "SSD"  # ISO3 accepted where the CAMEO lookup has no line
    assert iso3_from_cameo("WSB") == "PSE"


def test_cameo_regions_are_not_states():
    for code in ("AFR", "ASA", "EUR", "MEA", "WST", "SAS", "CAS"):
        assert code in CAMEO_REGIONS
        assert iso3_from_cameo(code) is None
        assert convert(code, to="iso3", from_="cameo") is None
    assert cc.cameo_region("mea") == "Middle East"


def test_ambiguity_requires_scheme():
    assert convert("AS") == "ASM"  # ISO2: American Samoa
    assert convert("AS", from_="fips") == "AUS"  # FIPS: Australia
    assert convert("CH") == "CHE" and convert("CH", from_="fips") == "CHN"
    assert convert("RS") == "SRB" and convert("RS", from_="fips") == "RUS"
    assert convert("ROM") is None  # never guessed as CAMEO / COW letter
    assert convert("ROM", from_="cameo") == "ROU" and convert("ROM", from_="cow_letter") == "ROU"
    with pytest.raises(ValueError):
        convert("770")
    assert convert("770", from_="cow") == "PAK"
    assert convert("586", from_="iso_numeric") == "PAK"
    assert convert(4, from_="numeric") == "AFG"
    with pytest.raises(ValueError):
        convert("PAK", to="klingon")
    with pytest.raises(ValueError):
        convert("PAK", from_="klingon")


def test_names_and_targets():
    assert convert("Russian Federation") == "RUS"
    assert convert("russia", to="fips") == "RS"
    assert convert("U.S.", to="cow") == "2"
    assert convert("People's Republic of China", to="cameo") == "CHN"
    assert convert("Burma") == "MMR"
    assert convert("Côte d’Ivoire") == "CIV"
    assert convert("Kosovo", to="iso2") == "XK"
    assert convert("UK") == "GBR"
    assert convert("Pakistan", to="name") == "Pakistan"
    assert convert("PAK", to="official_name") == "Islamic Republic of Pakistan"
    assert convert("Atlantis") is None and convert("") is None
    assert convert("XKX", to="iso_numeric") is None


def test_csv_is_reproducible():
    pytest.importorskip("pycountry")
    pytest.importorskip("country_converter")
    env = dict(os.environ, PYTHONPATH=os.path.dirname(PKG))
    r = subprocess.run([sys.executable, "-m", "comity.codes.build_countries", "--check"],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr


def test_csv_columns():
    with open(os.path.join(os.path.dirname(cc.__file__), "data", "countries.csv"),
              encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header[:11] == ["iso3", "iso2", "iso_numeric", "cow_num", "cow_letter", "fips",
                           "cameo", "name", "official_name", "un_member", "state"]


# ---------------------------------------------------------------- knowledge YAML


def test_states_yaml():
    data = _yaml("states.yaml")
    table = {c.iso3 for c in states()}
    sectors = {x["code"] for x in _yaml("sectors.yaml")}
    seen = [s["iso3"] for s in data]
    assert len(seen) == len(set(seen))
    assert set(seen) == table, "states.yaml must list exactly the states of the code table"
    for s in data:
        assert s["demonyms"], f"{s['iso3']} has no demonym"
        assert s["capital"], s["iso3"]
        assert s["places"] and s["places"][0].get("capital"), s["iso3"]
        for p in s["places"]:
            assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180, (s["iso3"], p)
        for m in s.get("metonyms", []):
            assert m["sector"] in sectors


def test_states_yaml_key_entries():
    by = {s["iso3"]: s for s in _yaml("states.yaml")}
    demonyms = {
        "PAK": "Pakistani", "RUS": "Russian", "CHN": "Chinese", "USA": "American",
        "AFG": "Afghan", "IND": "Indian", "IRN": "Iranian",
    }
    for iso3, d in demonyms.items():
        assert d in by[iso3]["demonyms"]
    mets = {iso3: {m["text"]: m["sector"] for m in s.get("metonyms", [])} for iso3, s in by.items()}
    assert mets["RUS"]["Kremlin"] == "GOV" and mets["RUS"]["Moscow"] == "GOV"
    assert mets["PAK"]["GHQ"] == "MIL" and mets["PAK"]["Rawalpindi"] == "MIL"
    assert mets["USA"]["Pentagon"] == "MIL" and mets["USA"]["White House"] == "GOV"
    assert {"Beijing", "Zhongnanhai"} <= set(mets["CHN"])
    assert {"New Delhi", "South Block"} <= set(mets["IND"])
    assert "Brussels" not in mets.get("BEL", {})  # Brussels stands for the EU
    places = {iso3: {p["name"] for p in s["places"]} for iso3, s in by.items()}
    assert {"Karachi", "Lahore", "Gwadar", "Peshawar", "Quetta", "Rawalpindi"} <= places["PAK"]
    assert {"Ufa", "Sochi", "Vladivostok", "St Petersburg", "Kazan"} <= places["RUS"]
    assert {"Beijing", "Shanghai", "Qingdao", "Tianjin"} <= places["CHN"]
    assert {"Samarkand", "Tashkent"} <= places["UZB"]
    assert {"Astana", "Almaty"} <= places["KAZ"]
    assert "Goa" in places["IND"]
    # every shared demonym is deliberate
    owners = {}
    for s in by.values():
        for d in s["demonyms"]:
            owners.setdefault(d, set()).add(s["iso3"])
    shared = {d for d, o in owners.items() if len(o) > 1}
    assert shared <= {"Congolese", "Dominican"}


def test_igos_yaml():
    data = _yaml("igos.yaml")
    table = {c.iso3 for c in all_countries()}
    codes = [i["code"] for i in data]
    assert len(codes) == len(set(codes))
    for required in ("UN", "UNSC", "UNGA", "UNHCR", "WFP", "WHO", "IAEA", "UNICEF", "UNDP", "SCO",
                     "BRICS", "NATO", "EU", "ASEAN", "GCC", "OIC", "CSTO", "EAEU", "IMF", "WB",
                     "ADB", "AIIB", "FATF", "SAARC", "ECO", "AU", "ARAB_LEAGUE", "OPEC",
                     "OPECPLUS", "G7", "G20", "CIS"):
        assert required in codes, required
    for i in data:
        assert i["sector"] == "IGO"
        for key in ("members", "observers", "partners"):
            for m in i.get(key) or []:
                assert m["iso3"] in table, (i["code"], m)
        members = [m["iso3"] for m in i.get("members") or []]
        assert len(members) == len(set(members)), i["code"]
    by = {i["code"]: {m["iso3"]: m for m in i.get("members") or []} for i in data}
    assert by["SCO"]["IND"]["joined"] == "2017-06-09" and by["SCO"]["IRN"]["joined"] == "2023-07-04"
    assert by["SCO"]["BLR"]["joined"] == "2024-07-04"
    assert {"CHN", "RUS", "KAZ", "KGZ", "TJK", "UZB", "PAK"} <= set(by["SCO"])
    assert by["NATO"]["FIN"]["joined"] == "2023-04-04" and by["NATO"]["SWE"]["joined"] == "2024-03-07"
    assert len(by["NATO"]) == 32
    assert len(by["UN"]) == 193
    assert len(by["OIC"]) == 57
    assert len(by["AU"]) == 55
    assert len(by["ARAB_LEAGUE"]) == 22
    assert {"EGY", "ETH", "IRN", "ARE"} <= set(by["BRICS"])
    assert set(by["UNSC"]) == {"CHN", "FRA", "RUS", "GBR", "USA"}


def test_sectors_yaml():
    data = _yaml("sectors.yaml")
    codes = {s["code"] for s in data}
    assert {"GOV", "MIL", "LEG", "JUD", "BUS", "CVL", "MED", "EDU", "REL", "REB", "OPP", "ELI",
            "IGO", "NGO", "COP", "SPY", "LAB", "REF", "HLH"} <= codes
    for s in data:
        assert s["description"] and 2 <= len(s["examples"]) <= 3
