"""Tests for comity.codes: CAMEO codebook, PLOVER ontology and the crosswalks between them."""

from __future__ import annotations

import csv
import re
from importlib.resources import files
from pathlib import Path

import pytest

from comity.codes import (
    PLOVER_TYPES,
    UnknownCodeError,
    all_codes,
    cameo_for,
    cameo_info,
    codes_for,
    contexts,
    gdelt_quad_class,
    goldstein,
    is_cameo_code,
    legacy_names,
    modes,
    normalize_code,
    normalize_type,
    pentacode,
    plover_from_cameo,
    plover_type_info,
    quad_class,
    quad_class_of_type,
)
from comity.codes.cameo import root_codes

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold"

# Codes whose PLOVER type deliberately differs from the PLOVER project's
# CAMEO2PLOVER-2021 table; the reasons are in comity.codes.plover's docstring.
DELIBERATE_DIFFERENCES = {
    "055": ("SUPPORT", "CONCEDE"),  # apologies are regret -> CONCEDE (PLOVER manual)
    "057": ("SUPPORT", "AGREE"),  # signed agreements are AGREE in comity; AGREE -> 057
    "0813": ("RETREAT", "CONCEDE"),  # lifting a curfew is a verbal concession (manual)
    "0814": ("RETREAT", "CONCEDE"),  # lifting emergency rule, same reasoning as 0813
    "116": ("ACCUSE", "SANCTION"),  # court verdicts moved to SANCTION/convict (manual)
    "163": ("COERCE", "SANCTION"),  # embargoes and sanctions are named under SANCTION
}


# --- CAMEO codebook -------------------------------------------------------------------


def test_codebook_size_and_shape():
    rows = all_codes()
    assert len(rows) == 311
    assert len(root_codes()) == 20
    assert [r.code for r in root_codes()] == [f"{i:02d}" for i in range(1, 21)]
    codes = [r.code for r in rows]
    assert len(set(codes)) == len(codes)
    for r in rows:
        assert isinstance(r.code, str) and r.code.isdigit() and 2 <= len(r.code) <= 4
        assert r.root == r.code[:2]
        assert r.base == ("" if len(r.code) == 2 else r.code[:3])
        if len(r.code) == 4:
            assert r.base in codes, r.code
        assert -10.0 <= r.goldstein <= 10.0
        assert r.name and r.name[0].isupper()


def test_leading_zeros_survive_in_the_file_and_the_loader():
    text = files("comity.codes").joinpath("data", "cameo.csv").read_text(encoding="utf-8")
    assert "\n010,Make statement,01,010," in text
    assert "\n0211," in text
    assert cameo_info("010").code == "010"
    assert cameo_info("0211").code == "0211"
    assert cameo_info("0211").root == "02" and cameo_info("0211").base == "021"
    with files("comity.codes").joinpath("data", "cameo_plover.csv").open() as fh:
        assert {"010", "0211", "01"} <= {row["cameo"] for row in csv.DictReader(fh)}


@pytest.mark.parametrize(
    "code, value",
    [
        ("010", 0.0),
        ("011", -0.1),
        ("016", -2.0),
        ("020", 3.0),
        ("022", 3.2),
        ("0334", 6.0),
        ("036", 4.0),
        ("040", 1.0),
        ("042", 1.9),
        ("043", 2.8),
        ("044", 2.5),
        ("057", 8.0),
        ("061", 6.4),
        ("070", 7.0),
        ("072", 8.3),
        ("074", 8.5),
        ("0874", 10.0),
        ("111", -2.0),
        ("124", -4.0),
        ("128", -5.0),
        ("13", -6.0),
        ("130", -4.4),
        ("163", -8.0),
        ("165", -6.5),
        ("172", -5.0),
        ("182", -9.5),
        ("190", -10.0),
        ("193", -10.0),
        ("200", -10.0),
    ],
)
def test_known_goldstein_values(code, value):
    assert goldstein(code) == value


def test_quad_class_and_pentacode_rules_for_every_code():
    for r in all_codes():
        root = int(r.root)
        expected_quad = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
        if root == 1:
            expected_penta = 0
        elif root <= 5:
            expected_penta = 1
        elif root <= 8:
            expected_penta = 2
        elif root <= 13 or root == 16:
            expected_penta = 3
        else:
            expected_penta = 4
        assert (r.quad_class, r.pentacode) == (expected_quad, expected_penta), r.code


def test_reduce_relations_is_verbal_conflict_in_pentacode_but_material_in_quadclass():
    for code in ("16", "160", "161", "1621", "163", "1663"):
        assert pentacode(code) == 3
        assert quad_class(code) == 4
    assert (quad_class("010"), pentacode("010")) == (1, 0)  # statements: no QuadClass of own
    assert (quad_class("141"), pentacode("141")) == (4, 4)
    assert (quad_class("090"), pentacode("090")) == (3, 3)


def test_gdelt_quad_class_differs_only_for_investigate_and_protest():
    differing = {r.root for r in all_codes() if r.quad_class != r.gdelt_quad_class}
    assert differing == {"09", "14"}
    assert (quad_class("090"), gdelt_quad_class("090")) == (3, 2)
    assert (quad_class("141"), gdelt_quad_class("141")) == (4, 3)
    assert gdelt_quad_class("16") == 4


@pytest.mark.parametrize(
    "given, expected",
    [
        (40, "040"),
        ("40", "040"),
        ("040", "040"),
        (" 042 ", "042"),
        (211, "0211"),
        ("211", "0211"),
        ("0211", "0211"),
        (1822, "1822"),
        ("1822", "1822"),
        (4, "04"),
        ("4", "04"),
        ("04", "04"),
        ("10", "10"),
        ("010", "010"),
        (190, "190"),
        (190.0, "190"),
    ],
)
def test_normalize_code_is_tolerant(given, expected):
    assert normalize_code(given) == expected


def test_bad_codes_raise_clear_errors():
    with pytest.raises(KeyError, match="unknown CAMEO code '999'"):
        cameo_info("999")
    with pytest.raises(ValueError, match="unknown CAMEO code"):
        cameo_info("0401")  # CAMEO 1.1b3 has no 4-digit codes under 040
    with pytest.raises(UnknownCodeError):
        quad_class(2043)
    with pytest.raises(ValueError, match="ambiguous"):
        cameo_info(10)  # root 10 or code 010? a bare int cannot say
    for bad in ("abc", "", "12345", None, 1.5, True):
        with pytest.raises(ValueError):
            normalize_code(bad)
    assert not is_cameo_code("999") and is_cameo_code(42)


# --- PLOVER ontology ------------------------------------------------------------------


def test_sixteen_types_with_quad_classes():
    assert len(PLOVER_TYPES) == 16
    ontology = files("comity.codes").joinpath("data", "plover.yaml").read_text(encoding="utf-8")
    for t in PLOVER_TYPES:
        assert re.search(rf"^  {t}:$", ontology, re.M), t
        assert plover_type_info(t).definition
    by_quad = {q: [t for t in PLOVER_TYPES if quad_class_of_type(t) == q] for q in (1, 2, 3, 4)}
    assert by_quad == {
        1: ["AGREE", "CONSULT", "SUPPORT", "CONCEDE"],
        2: ["COOPERATE", "AID", "RETREAT"],
        3: ["REQUEST", "ACCUSE", "REJECT", "THREATEN"],
        4: ["PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"],
    }


def test_modes_and_contexts():
    assert {"visit", "host", "third-party", "phone", "multilateral"} <= set(modes("CONSULT"))
    assert {"beat", "firearms", "explosives", "aerial", "abduct"} <= set(modes("assault"))
    assert {"demo", "riot", "strike", "hunger", "boycott", "obstruct"} <= set(modes("PROTEST"))
    assert modes("COOPERATE") == () and modes("AID") == ()  # detail is in the context
    assert set(modes("REQUEST")) == set(modes("REJECT")) == {"assist", "change", "yield", "meet"}
    assert {"military", "political", "economic", "diplomatic", "cyber", "terrorism"} <= set(
        contexts()
    )


def test_legacy_names_and_case():
    assert legacy_names() == {
        "DEMAND": "REQUEST",
        "DISAPPROVE": "ACCUSE",
        "INVESTIGATE": "ACCUSE",
        "FIGHT": "ASSAULT",
    }
    assert normalize_type("demand") == "REQUEST"
    assert normalize_type(" Fight ") == "ASSAULT"
    assert normalize_type("investigate") == "ACCUSE"
    assert normalize_type("consult") == "CONSULT"
    assert quad_class_of_type("disapprove") == 3
    with pytest.raises(ValueError, match="unknown PLOVER event type"):
        normalize_type("CRIME")


# --- CAMEO -> PLOVER ------------------------------------------------------------------


def test_every_cameo_code_has_a_valid_plover_mapping():
    for r in all_codes():
        t, m, c = plover_from_cameo(r.code)
        assert t in PLOVER_TYPES, r.code
        assert m == "" or m in modes(t), (r.code, m)
        assert c == "" or c in contexts(), (r.code, c)
        if r.is_root:
            assert (t, m, c) == plover_from_cameo(r.code + "0")


@pytest.mark.parametrize(
    "code, expected",
    [
        ("040", ("CONSULT", "", "")),
        ("041", ("CONSULT", "phone", "")),
        ("042", ("CONSULT", "visit", "")),
        ("043", ("CONSULT", "host", "")),
        ("044", ("CONSULT", "third-party", "")),
        ("0211", ("REQUEST", "assist", "economic")),
        ("061", ("COOPERATE", "", "economic")),
        ("0841", ("RETREAT", "release", "")),
        ("090", ("ACCUSE", "investigate", "")),
        ("112", ("ACCUSE", "allege", "")),
        ("1831", ("ASSAULT", "suicide-attack", "")),
        ("193", ("ASSAULT", "firearms", "military")),
        ("195", ("ASSAULT", "aerial", "military")),
    ],
)
def test_known_crosswalk_rows(code, expected):
    assert tuple(plover_from_cameo(code)) == expected


def test_cameo_quad_class_agrees_with_plover_type_outside_documented_cases():
    mismatched = {
        r.code
        for r in all_codes()
        if r.quad_class != quad_class_of_type(plover_from_cameo(r.code).type)
    }
    # statements 011/012/016 (to REJECT/ACCUSE), appeals (to REQUEST), 116 (to SANCTION),
    # and the verbal half of YIELD (080-083, to CONCEDE, a verbal-cooperation type)
    expected = {"011", "012", "016", "116"}
    expected |= {r.code for r in all_codes() if r.root == "02"}
    expected |= {
        r.code
        for r in all_codes()
        if r.root == "08" and plover_from_cameo(r.code).type == "CONCEDE"
    }
    assert mismatched == expected


def _published_crosswalk() -> dict[str, str]:
    """CAMEO code -> PLOVER type from the PLOVER project's CAMEO2PLOVER-2021 table."""
    table: dict[str, str] = {}
    for line in (GOLD / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s*(\d{3,4})\s*:\s*([A-Za-z]+)\s*,", line.split("#", 1)[0])
        if m:
            table.setdefault(m.group(1), m.group(2).upper())  # 175 is listed twice
    return table


@pytest.mark.skipif(
    not (GOLD / "CAMEO2PLOVER-2021.txt").exists(), reason="../shared/gold not available"
)
def test_agreement_with_published_crosswalk():
    published = _published_crosswalk()
    assert len(published) > 250
    ours = {r.code for r in all_codes(include_roots=False)}
    common = sorted(set(published) & ours)
    # 1213/1214 are not CAMEO 1.1b3 codes (121 has only 1211 and 1212)
    assert set(published) - ours <= {"1213", "1214"}
    disagreements = {
        code: (published[code], plover_from_cameo(code).type)
        for code in common
        if plover_from_cameo(code).type != published[code]
    }
    agreement = 1 - len(disagreements) / len(common)
    listing = ", ".join(f"{c}: published {p} / ours {o}" for c, (p, o) in disagreements.items())
    assert agreement >= 0.90, f"agreement {agreement:.1%} on {len(common)} codes; {listing}"
    assert disagreements == DELIBERATE_DIFFERENCES, listing


# --- PLOVER -> CAMEO ------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, expected",
    [
        (("CONSULT", "visit"), "042"),
        (("CONSULT", "host"), "043"),
        (("CONSULT", "third-party"), "044"),
        (("CONSULT", "phone"), "041"),
        (("CONSULT",), "040"),
        (("REQUEST",), "020"),
        (("REQUEST", None, "economic"), "0211"),
        (("REQUEST", "assist"), "021"),
        (("REQUEST", "yield", "economic"), "0254"),
        (("DEMAND",), "020"),
        (("AGREE",), "057"),
        (("COOPERATE", None, "economic"), "061"),
        (("COOPERATE", None, "military"), "062"),
        (("AID", None, "economic"), "071"),
        (("AID", None, "humanitarian"), "073"),
        (("ACCUSE",), "112"),
        (("ACCUSE", "investigate"), "090"),
        (("THREATEN",), "130"),
        (("PROTEST",), "140"),
        (("PROTEST", "riot"), "145"),
        (("SANCTION",), "163"),
        (("MOBILIZE",), "150"),
        (("COERCE",), "170"),
        (("COERCE", "arrest"), "173"),
        (("ASSAULT",), "190"),
        (("FIGHT",), "190"),
        (("ASSAULT", "firearms", "terrorism"), "193"),
        (("ASSAULT", None, "cbrn"), "204"),
        (("assault", "Suicide attack"), "1831"),
    ],
)
def test_cameo_for(args, expected):
    assert cameo_for(*args) == expected


def test_every_type_and_mode_resolves_to_a_code_of_the_same_type():
    exceptions = {("RETREAT", "resign")}  # no RETREAT code for resignations: 0831 (CONCEDE)
    for t in PLOVER_TYPES:
        for m in ("", *modes(t)):
            code = cameo_for(t, m)
            assert is_cameo_code(code)
            if (t, m) not in exceptions:
                assert plover_from_cameo(code).type == t, (t, m, code)
        for c in contexts():
            assert plover_from_cameo(cameo_for(t, None, c)).type == t, (t, c)


def test_round_trip_cameo_to_plover_and_back_keeps_the_type():
    for r in all_codes():
        t, m, c = plover_from_cameo(r.code)
        back = cameo_for(t, m, c)
        assert plover_from_cameo(back).type == t, (r.code, back)
        if m:
            assert plover_from_cameo(back).mode == m or (t, m) in {
                ("SANCTION", "withdraw"),  # 166 expel or withdraw reads as expel
                ("THREATEN", "arrest"),
            }, (r.code, back)


def test_codes_for_fills_event_fields():
    assert codes_for("consult", "visit") == {
        "plover_type": "CONSULT",
        "plover_mode": "visit",
        "context": "",
        "cameo": "042",
        "quad_class": 1,
        "pentacode": 1,
        "goldstein": 1.9,
    }
    sanction = codes_for("SANCTION")
    assert (sanction["cameo"], sanction["quad_class"], sanction["pentacode"]) == ("163", 4, 3)
    assert sanction["goldstein"] == -8.0


def test_unknown_mode_or_context_is_an_error():
    with pytest.raises(ValueError, match="CONSULT has no mode 'bogus'"):
        cameo_for("CONSULT", "bogus")
    with pytest.raises(ValueError, match="COOPERATE has no mode"):
        cameo_for("COOPERATE", "economic")  # economic is a context, not a mode
    with pytest.raises(ValueError, match="unknown PLOVER context"):
        cameo_for("AID", None, "space")


# --- real coded data ------------------------------------------------------------------


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold not available")
@pytest.mark.parametrize("name", ["gdelt2-export-20180101000000.tsv", "gdelt1-events-sample.tsv"])
def test_gdelt_rows_agree_with_codebook(name):
    path = GOLD / name
    if not path.exists():
        pytest.skip(f"{name} missing")
    seen = 0
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            code, base, root, quad, gs = cols[26], cols[27], cols[28], cols[29], cols[30]
            info = cameo_info(code)
            assert (info.code, info.base, info.root) == (code, base, root)
            assert info.gdelt_quad_class == int(quad), code
            assert info.goldstein == float(gs), code
            seen += 1
    assert seen >= 10


@pytest.mark.skipif(
    not (GOLD / "icews-events-2018-sample.tab").exists(), reason="../shared/gold not available"
)
def test_icews_codes_are_all_known():
    with (GOLD / "icews-events-2018-sample.tab").open(encoding="utf-8") as fh:
        codes = {row["CAMEO Code"] for row in csv.DictReader(fh, delimiter="\t")}
    assert len(codes) > 50
    assert all(normalize_code(c) == c for c in codes)
