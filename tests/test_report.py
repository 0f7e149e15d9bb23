"""The bilateral brief (comity.report): content, numbers, self-containment, escaping."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from comity.model import Actor, Document, Event
from comity.report import Analysis, build_brief, render_html, write_brief
from comity.store import Store

MEETING = ("Pakistan's Caretaker Prime Minister Anwaarul Haq Kakar met Russia's President "
           "Vladimir Putin in Beijing on the sidelines of the Belt and Road Forum.")
INVITE = "Kakar invited Russian investment in Pakistan's energy sector."
WHEAT = "Russia supplies wheat to Pakistan."
POTENTIAL = "The partnership could counterbalance the superpowers."
PACT = "Sergei Shoigu and Khawaja Asif signed a defence cooperation agreement in Islamabad."
ACCUSE = "Moscow criticised Islamabad over <b>unpaid</b> oil bills."
FOLLOWUP = "Kakar's talks with Putin last week fit a clear pattern."
CRUDE = "The first cargo of Russian crude oil arrived at Karachi."
HOSTILE_TITLE = '<script>alert("x")</script> Oil & "bills"'


def _ev(doc: Document, sentence: str, **kw) -> Event:
    start = doc.text.index(sentence)
    base = dict(doc_id=doc.doc_id, sentence=sentence, start=start, end=start + len(sentence),
                extractor="test", confidence=0.8)
    base.update(kw)
    return Event(**base)


def _pak_rus(**kw) -> dict:
    d = dict(source_name="Pakistan", source_country="PAK", target_name="Russia",
             target_country="RUS")
    d.update(kw)
    return d


def _rus_pak(**kw) -> dict:
    d = dict(source_name="Russia", source_country="RUS", target_name="Pakistan",
             target_country="PAK")
    d.update(kw)
    return d


def _fill(store: Store) -> dict:
    beijing = Document(
        text=f"{MEETING} {INVITE} {WHEAT} {POTENTIAL} China hosted the forum; the United States "
             "and Afghanistan were discussed.",
        source="Example Tribune", title="Kakar meets Putin in Beijing",
        published=date(2023, 10, 19), path="corpus/kakar-putin.txt", kind="opinion",
    )
    pact = Document(text=f"{PACT} The pact covers counter-terrorism.", source="Wire",
                    title="Russia and Pakistan sign defence pact", published=date(2014, 11, 20),
                    url="https://example.org/pact")
    hostile = Document(text=f"{ACCUSE} Officials said talks would continue.", source="Wire",
                       title=HOSTILE_TITLE, published=date(2023, 11, 5))
    followup = Document(text=f"{FOLLOWUP} Analysts were divided.", source="Wire",
                        title="Analysis: what Beijing meant", published=date(2023, 10, 24),
                        date_approximate=True)
    crude = Document(text=CRUDE, source="Wire", title="Russian crude reaches Karachi",
                     published=date(2024, 3, 2))
    other = Document(text="Pakistan and China held talks.", source="Wire",
                     title="Pakistan and China talk", published=date(2023, 10, 1))
    ev = {
        "meeting": _ev(beijing, MEETING, **_pak_rus(
            source_name="Anwaarul Haq Kakar", target_name="Vladimir Putin"),
            date=date(2023, 10, 18), plover_type="CONSULT", cameo="040", quad_class=1,
            goldstein=1.0, domains=["diplomacy"], location_name="Beijing",
            location_country="CHN", source_sector="GOV", target_sector="GOV", num_mentions=3),
        "invite": _ev(beijing, INVITE, **_pak_rus(), date=date(2023, 10, 18),
                      plover_type="REQUEST", cameo="021", quad_class=1, goldstein=3.0,
                      domains=["energy"], status="intended"),
        "wheat": _ev(beijing, WHEAT, **_rus_pak(), date=date(2023, 10, 18),
                     date_precision="approximate", plover_type="COOPERATE", cameo="061",
                     quad_class=2, goldstein=6.4, domains=["trade"]),
        "potential": _ev(beijing, POTENTIAL, **_pak_rus(), date=date(2023, 10, 18),
                         plover_type="COOPERATE", cameo="030", quad_class=1, goldstein=4.0,
                         domains=["diplomacy"], status="hypothetical"),
        "pact": _ev(pact, PACT, **_rus_pak(source_name="Sergei Shoigu",
                                           target_name="Khawaja Asif"),
                    date=date(2014, 11, 20), plover_type="AGREE", cameo="057", quad_class=1,
                    goldstein=8.0, domains=["military", "security"], location_name="Islamabad",
                    location_country="PAK"),
        "accuse": _ev(hostile, ACCUSE, **_rus_pak(), date=date(2023, 11, 4),
                      plover_type="ACCUSE", cameo="111", quad_class=3, goldstein=-2.0,
                      domains=["energy"]),
        "followup": _ev(followup, FOLLOWUP, **_pak_rus(source_name="Anwaar-ul-Haq Kakar",
                                                       target_name="Vladimir Putin"),
                        date=date(2023, 10, 24), date_precision="approximate",
                        plover_type="CONSULT", cameo="040", quad_class=1, goldstein=1.0,
                        domains=["diplomacy"]),
        "crude": _ev(crude, CRUDE, **_rus_pak(), date=date(2024, 3, 2), plover_type="COOPERATE",
                     cameo="061", quad_class=2, goldstein=7.4, domains=["energy", "trade"],
                     location_name="Karachi", location_country="PAK"),
        "other": Event(date=date(2023, 10, 1), source_name="Pakistan", source_country="PAK",
                       target_name="China", target_country="CHN", plover_type="CONSULT",
                       cameo="040", quad_class=1, goldstein=1.0, doc_id=other.doc_id,
                       sentence=other.text, start=0, end=len(other.text)),
    }
    actors = [Actor(text="China", name="China", country="CHN"),
              Actor(text="United States", name="United States", country="USA"),
              Actor(text="Afghanistan", name="Afghanistan", country="AFG"),
              Actor(text="Kakar", name="Anwaarul Haq Kakar", country="PAK", kind="person")]
    with store.transaction():
        store.write_documents([
            (beijing, [ev["meeting"], ev["invite"], ev["wheat"], ev["potential"]], actors),
            (pact, [ev["pact"]], []),
            (hostile, [ev["accuse"]], []),
            (crude, [ev["crude"]], []),
            (followup, [ev["followup"]], []),
            (other, [ev["other"]], []),
        ])
    return ev


@pytest.fixture(scope="module")
def filled():
    store = Store(":memory:")
    ev = _fill(store)
    yield store, ev
    store.close()


@pytest.fixture(scope="module")
def brief(filled):
    store, _ = filled
    data = build_brief(store, "PAK", "RUS")
    return data, render_html(data)


def _text(html: str) -> str:
    """Visible text, tags stripped and whitespace collapsed (entities left as they are)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_title_names_and_period(brief):
    data, html = brief
    assert data.title == "Pakistan – Russia"
    assert "<h1>Pakistan – Russia</h1>" in html
    assert "20 Nov 2014 – 2 Mar 2024" in _text(html)
    assert "Data basis: 5 documents" in _text(html)


def test_headline_numbers_match_the_events_written(brief):
    data, html = brief
    h = data.headline
    # meeting (two reports), wheat, pact, accusation, crude; PAK-CHN excluded
    assert h["events"] == 6
    assert h["meetings"] == 1 and h["meeting_reports"] == 2 and h["agreements"] == 1
    assert h["by_status"]["asserted"] == 6
    assert h["by_status"]["intended"] == 1 and h["by_status"]["hypothetical"] == 1
    assert h["commitments"] == 1 and h["material_coop"] == 2
    assert h["coop_share"] == pytest.approx(5 / 6)
    assert h["goldstein_mean"] == pytest.approx((1.0 + 1.0 + 6.4 + 8.0 - 2.0 + 7.4) / 6)
    text = _text(html)
    assert "83%" in text and "+3.63" in text and "from 2 reports" in text
    assert data.basis["documents"] == 5 and data.basis["events"] == 8


def test_meeting_row_has_place_level_and_evidence(brief, filled):
    data, html = brief
    _, ev = filled
    meeting = next(t for t in data.timeline if t["kind"] == "Meeting")
    assert meeting["location"] == "Beijing, China"
    assert meeting["third_country_venue"] is True
    assert meeting["level"] == "Head of state / government"
    assert meeting["reports"] == 4  # 3 reports of the first article's event + 1 more article
    assert meeting["date"] == date(2023, 10, 18)
    assert [a["title"] for a in meeting["also"]] == ["Analysis: what Beijing meant"]
    assert meeting["also"][0]["events"][0]["anchor"] == f"ev-{ev['followup'].event_id}"
    assert meeting["sentence"] == MEETING
    assert "Anwaarul Haq Kakar (PAK) ↔ Vladimir Putin (RUS)" in meeting["parties"]
    anchor = f"ev-{ev['meeting'].event_id}"
    assert meeting["anchor"] == anchor
    # the timeline links to the evidence row, which exists and carries the sentence
    assert f'href="#{anchor}"' in html
    row = html[html.index(f'id="{anchor}"'):]
    row = row[:row.index("</tr>")]
    assert "Caretaker Prime Minister Anwaarul Haq Kakar" in row
    assert "Kakar meets Putin in Beijing" in row and "19 Oct 2023" in row
    timeline = html[html.index('id="timeline"'):html.index('id="trend"')]
    assert "Beijing, China" in timeline and "third-country venue" in timeline
    assert "Kakar meets Putin in Beijing" in timeline


def test_agreement_in_timeline(brief):
    data, _ = brief
    agreement = next(t for t in data.timeline if t["kind"] == "Agreement")
    assert agreement["date"] == date(2014, 11, 20)
    assert agreement["location"] == "Islamabad, Pakistan"
    assert agreement["third_country_venue"] is False
    assert [t["kind"] for t in data.timeline] == ["Agreement", "Meeting"]


def test_evidence_appendix_lists_every_event_with_provenance(brief):
    data, html = brief
    assert len(data.evidence) == 8
    assert [e["status"] for e in data.evidence].count("hypothetical") == 1
    sources = html[html.index('id="sources"'):]
    assert "kakar-putin.txt" in sources and "corpus/" not in sources  # file name, no folders
    assert 'href="https://example.org/pact"' in sources  # url
    assert "Example Tribune" in sources and "opinion" in sources
    wheat = next(e for e in data.evidence if e["sentence"] == WHEAT)
    assert wheat["date_label"] == "c. 18 Oct 2023"
    assert wheat["confidence"] == pytest.approx(0.8)


def test_charts_are_inline_svg_and_nothing_is_fetched(brief):
    data, html = brief
    assert data.series_freq == "year"  # 2014-2023 is longer than the monthly limit
    assert html.count("<svg") == 2
    assert "<script" not in html.lower()
    assert not re.search(r"""\bsrc\s*=\s*["']?https?:""", html, re.I)
    assert "<link" not in html.lower() and "@import" not in html
    assert not re.search(r"url\(\s*['\"]?https?:", html)
    # the only http(s) URLs are SVG namespaces and hyperlinks to sources
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink",
                    "https://example.org/pact"}


def test_monthly_chart_and_period_filter(filled):
    store, ev = filled
    data = build_brief(store, "PAK", "RUS", since="2023-01-01", until=date(2023, 12, 31))
    assert data.series_freq == "month"
    assert len(data.series) == 12 and data.series["events"].sum() == 4
    assert [t["kind"] for t in data.timeline] == ["Meeting"]
    assert data.headline["agreements"] == 0
    html = render_html(data)
    assert "1 Jan 2023 – 31 Dec 2023" in _text(html)
    assert "Cooperation and conflict by month" in html and html.count("<svg") == 2


def test_domains_and_third_parties(brief):
    data, html = brief
    dom = {d["domain"]: d for d in data.domains}
    assert set(dom) >= {"energy", "trade", "military", "security", "diplomacy"}
    assert dom["trade"]["delivered"] == 2 and dom["trade"]["cooperation"] == 2
    assert dom["energy"]["pledged"] == 1 and dom["energy"]["conflict"] == 1
    assert dom["energy"]["delivered"] == 1 and dom["energy"]["events"] == 2
    countries = [t["country"] for t in data.third_parties]
    assert set(countries) >= {"CHN", "USA", "AFG"}
    assert "PAK" not in countries and "RUS" not in countries
    third = html[html.index('id="third-parties"'):html.index('id="evidence"')]
    assert "China" in third and "Afghanistan" in third


def test_hostile_text_is_escaped(filled):
    store, _ = filled
    data = build_brief(store, "PAK", "RUS", title='<img src=x onerror="alert(1)"> & Co')
    html = render_html(data)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Oil &amp; &#34;bills&#34;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=" in html
    assert "<b>unpaid</b>" not in html and "&lt;b&gt;unpaid&lt;/b&gt;" in html


def test_empty_dyad_renders_a_clear_message(filled, tmp_path):
    store, _ = filled
    out = write_brief(store, "PAK", "NZL", tmp_path / "empty.html")
    html = out.read_text(encoding="utf-8")
    assert "<h1>Pakistan – New Zealand</h1>" in html
    assert "No events between Pakistan and New Zealand at any date in the store" in html
    assert "No meetings or agreements between Pakistan and New Zealand" in html
    assert "<svg" not in html


def test_empty_period_says_which_dates(filled):
    store, _ = filled
    html = render_html(build_brief(store, "PAK", "RUS", since="2016-01-01", until="2016-12-31"))
    assert "No events between Pakistan and Russia in this period (1 Jan 2016 – 31 Dec 2016)" in html


def test_write_brief_html_and_refuses_unknown_suffix(filled, tmp_path):
    store, _ = filled
    out = write_brief(store, "pak", "rus", tmp_path / "sub" / "brief.html")
    assert out.exists() and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match=r"\.html, \.pdf or \.md"):
        write_brief(store, "PAK", "RUS", tmp_path / "brief.docx")


def _headline_numbers(text: str) -> list[str]:
    """The numbers in the headline section of a brief's text, in order."""
    part = text[text.index("Headline numbers"):text.index("Meetings and agreements")]
    return re.findall(r"[+−-]?\d+(?:\.\d+)?%?", part)


def test_markdown_brief_has_the_numbers_of_the_html(filled, tmp_path):
    store, ev = filled
    md = write_brief(store, "PAK", "RUS", tmp_path / "brief.md").read_text(encoding="utf-8")
    data = build_brief(store, "PAK", "RUS")
    h = data.headline
    assert f"| Meetings (asserted, face to face) | {h['meetings']} |" in md
    assert f"| Agreements (asserted, CAMEO 057) | {h['agreements']} |" in md
    assert f"| Events (asserted) | {h['events']} |" in md
    assert ev["wheat"].sentence in md
    assert "<script" not in md and "&lt;script&gt;" in md
    assert md.count("\n| ") >= len(data.timeline)


@pytest.fixture(scope="module")
def chromium():
    import shutil
    import subprocess

    script = Path(__file__).resolve().parents[2] / "shared" / "tools" / "chromium.sh"
    path = os.environ.get("COMITY_CHROMIUM")
    if not path and script.exists() and shutil.which("npm"):
        run = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=600)
        path = run.stdout.strip().splitlines()[-1] if run.returncode == 0 and run.stdout else ""
    pytest.importorskip("playwright.sync_api")
    if not path or not Path(path).exists():
        pytest.skip("no headless Chromium here")
    return path


def test_pdf_brief_has_the_charts_and_the_numbers_of_the_html(filled, tmp_path, chromium,
                                                               monkeypatch):
    pypdf = pytest.importorskip("pypdf")
    monkeypatch.setenv("COMITY_CHROMIUM", chromium)
    store, _ = filled
    html = write_brief(store, "PAK", "RUS", tmp_path / "brief.html").read_text(encoding="utf-8")
    pdf = write_brief(store, "PAK", "RUS", tmp_path / "brief.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    reader = pypdf.PdfReader(str(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    plain = re.sub(r"<[^>]+>", " ", html[html.index('id="headline"'):])
    plain = re.sub(r"\s+", " ", plain.replace("&amp;", "&"))
    assert _headline_numbers(text.replace("\n", " ")) == _headline_numbers(
        "Headline numbers " + plain)
    # the charts are drawn as vector paths: the pages carry far more drawing than text
    drawing = b"".join(page.get_contents().get_data() for page in reader.pages
                       if page.get_contents() is not None)
    assert "<svg" in html
    assert drawing.count(b" l\n") + drawing.count(b" c\n") + drawing.count(b" re\n") > 50


def test_missing_analytics_skip_their_sections(filled):
    store, _ = filled
    full = Analysis.default()
    partial = Analysis({k: v for k, v in full.functions.items()
                        if k not in {"third_parties", "follow_through", "pledges_followed",
                                     "dyad_series"}})
    data = build_brief(store, "PAK", "RUS", analysis=partial)
    html = render_html(data)
    assert data.third_parties is None and data.follow_through is None
    assert "Third-party analytics are not available" in html
    assert "Follow-through analytics" in html and "not available" in html
    assert html.count("<svg") == 1  # domains only
    assert data.headline["events"] == 6


def test_follow_through_table_when_present(filled):
    store, _ = filled
    seen = {}

    def follow_through(store, a, b, since=None, until=None):
        seen["args"] = (a, b, since, until)
        return pd.DataFrame({"domain": ["energy"], "pledges": [1], "delivered": [0],
                             "first_pledge": [pd.Timestamp("2023-10-18")],
                             "note": ["<i>pending</i>"]})

    an = Analysis({**Analysis.default().functions, "follow_through": follow_through})
    html = render_html(build_brief(store, "PAK", "RUS", analysis=an))
    assert seen["args"] == ("PAK", "RUS", None, None)
    section = html[html.index('id="follow-through"'):html.index('id="third-parties"')]
    assert "first pledge" in section and "18 Oct 2023" in section
    assert "&lt;i&gt;pending&lt;/i&gt;" in section


def test_brief_needs_dyad_events(filled):
    store, _ = filled
    with pytest.raises(RuntimeError, match="dyad_events"):
        build_brief(store, "PAK", "RUS", analysis=Analysis({}))


def test_invitations_and_agreements_are_not_pledges(brief, filled):
    """docs/analysis.md: a pledge is a party's own intended cooperation.  Pakistan inviting
    Russian investment is a request, and the 2014 pact an agreement: neither is a pledge, so
    Russian crude reaching Karachi follows no Pakistani pledge."""
    data, html = brief
    _, ev = filled
    anchors = {p["anchor"] for p in data.pledges}
    assert f"ev-{ev['invite'].event_id}" not in anchors
    assert f"ev-{ev['pact'].event_id}" not in anchors
    assert data.headline["pledges"] == len(data.pledges) == 0
    assert data.headline["pledges_followed"] == 0


def _row(day: int, who: tuple[str, str], place: str = "", kind: str = "Meeting",
         precision: str = "day", doc: str = "d") -> dict:
    return {"_sides": [(who[0], "PAK"), (who[1], "RUS")], "_precision": precision,
            "_loc_country": place, "_confidence": 0.5, "date": date(2024, 7, day),
            "date_label": f"{day} Jul 2024", "kind": kind, "location": place, "title": "",
            "third_country_venue": False, "level": "", "reports": 1, "ref": f"E{day}",
            "anchor": f"ev-{day}", "doc": {"doc_id": f"{doc}{day}", "ref": f"D{day}",
                                           "anchor": f"doc-{doc}{day}", "title": "t"}}


def test_group_reports_merges_only_compatible_rows():
    from comity.report.brief import group_reports

    rows = [
        _row(3, ("Shehbaz Sharif", "Vladimir Putin"), "KAZ"),
        _row(3, ("Shehbaz Sharif", "Mikhail Mishustin"), "PAK"),  # other place, other Russian
        _row(4, ("Pakistan", "Russia")),  # generic: joins the most recent compatible group
        _row(5, ("PM Shehbaz Sharif", "Putin"), "KAZ"),  # same surnames, same place
        _row(6, ("Pakistan", "Russia"), kind="Agreement"),  # another kind
        _row(28, ("Pakistan", "Russia")),  # weeks later: a meeting of its own
    ]
    groups = group_reports(rows)
    assert [g["rows"] for g in groups] == [2, 2, 1, 1]
    assert groups[0]["location"] == "KAZ" and groups[0]["reports"] == 2
    assert groups[0]["also"][0]["events"] == [{"ref": "E5", "anchor": "ev-5"}]
    assert groups[1]["location"] == "PAK"
    assert [g["kind"] for g in groups] == ["Meeting", "Meeting", "Agreement", "Meeting"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:x",
                                 "java\tscript:alert(1)", "data:text/html,<script>x</script>",
                                 "file:///etc/passwd", "vbscript:x", "//evil.example/x"])
def test_only_http_links_reach_the_brief(tmp_path, url):
    from comity.report.brief import web_url, write_brief

    assert web_url(url) == ""
    store = Store(tmp_path / "x.duckdb")
    doc = Document(text="Russia and Pakistan signed an energy agreement.", source="Wire",
                   title="<script>alert('t')</script>", published=date(2023, 1, 2), url=url)
    ev = Event(date=date(2023, 1, 2), source_country="RUS", target_country="PAK",
               plover_type="AGREE", cameo="057", quad_class=1, goldstein=8.0,
               doc_id=doc.doc_id, sentence=doc.text, start=0, end=len(doc.text), url=url)
    with store.transaction():
        store.write_documents([(doc, [ev], [])])
    html = write_brief(store, "PAK", "RUS", tmp_path / "b.html").read_text()
    store.close()
    assert 'href="' + url not in html and "href='" + url not in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert web_url("https://example.org/a?b=1") == "https://example.org/a?b=1"


def test_corpus_documents_say_what_they_are():
    """Every bundled document's metadata marks it as written by the comity team, and a
    brief built on them says so on the page."""
    import json
    from importlib import resources

    metas = list((resources.files("comity") / "data" / "corpus").iterdir())
    metas = [m for m in metas if m.name.endswith(".meta.json")]
    assert len(metas) > 100
    for m in metas:
        meta = json.loads(m.read_text())
        assert meta["synthetic"] is True and "comity team" in meta["author"], m.name


def test_brief_on_the_corpus_says_it_is_not_real_news(tmp_path):
    store = Store(tmp_path / "c.duckdb")
    doc = Document(text="Pakistan and Russia held talks in Moscow.", source="comity-corpus",
                   title="Talks", published=date(2020, 1, 1))
    ev = Event(date=date(2020, 1, 1), source_country="PAK", target_country="RUS",
               plover_type="CONSULT", cameo="040", quad_class=1, goldstein=1.0,
               doc_id=doc.doc_id, sentence=doc.text, start=0, end=len(doc.text))
    with store.transaction():
        store.write_documents([(doc, [ev], [])])
    html = write_brief(store, "PAK", "RUS", tmp_path / "b.html").read_text()
    store.close()
    assert "not real news articles" in html and "1 of the 1 source documents" in html
