"""Property tests: every reader, and extraction, take any input without a traceback.

A bad file is one line naming it; a bad record is counted with file:line; nothing else
escapes.  CI runs a few hundred inputs per reader; ``benchmarks/reliability.py`` runs
10,000 and more (``COMITY_FUZZ_EXAMPLES``).  ``STATS`` counts what was generated, read
and rejected, for the benchmark's report.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comity.model import Document
from comity.sources import RecordError, SourceError, read_documents
from comity.sources.datasets import DatasetError, ingest_dataset
from comity.sources.icews import ICEWS_COLUMNS
from comity.sources.polecat import POLECAT_COLUMNS

EXAMPLES = int(os.environ.get("COMITY_FUZZ_EXAMPLES", "100"))
#: Dataset examples are files of up to 20 generated rows each.
DATASET_EXAMPLES = int(os.environ.get("COMITY_FUZZ_DATASET_EXAMPLES", EXAMPLES))
_COMMON = {"deadline": None, "database": None, "suppress_health_check": list(HealthCheck),
           "derandomize": "COMITY_FUZZ_RANDOM" not in os.environ}
FUZZ = settings(max_examples=EXAMPLES, **_COMMON)
FUZZ_DATASETS = settings(max_examples=DATASET_EXAMPLES, **_COMMON)
#: reader -> Counter(inputs, records, rejected, documents, files_refused)
STATS: dict[str, Counter] = {}

pytestmark = pytest.mark.filterwarnings("ignore")

_WORK = Path(tempfile.mkdtemp(prefix="comity-fuzz-"))

# -- text generators ------------------------------------------------------------

_PIECES = ["Pakistan", "Russia", "met", "signed", "agreement", "in Moscow", "on Monday", ".",
           "[/x]", "[bold]", "<script>", "&amp;", "&lol;", "\u202e", "\x00", "\ufeff", "\r\n",
           "\n", "\t", '"', "'", "9999-12-31", "0000-00-00", "1e10", "\ud7ff", "Ω", "🙂", " "]
words = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), max_size=40).map("".join)
raw_bytes = st.one_of(st.binary(max_size=600), words.map(lambda s: s.encode("utf-8", "replace")))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    words, st.sampled_from(["9999-12-31", "0000-01-01", "2021-02-30", "1e10"]))
json_values = st.recursive(scalars, lambda c: st.one_of(st.lists(c, max_size=3),
                                                       st.dictionaries(words, c, max_size=3)),
                           max_leaves=8)


def _stats(name: str) -> Counter:
    return STATS.setdefault(name, Counter())


def _file(name: str, data: bytes) -> Path:
    p = _WORK / name
    p.write_bytes(data)
    return p


def check_news_file(reader: str, p: Path, fmt: str) -> None:
    """Read a news file; only one-line SourceErrors and file:line RecordErrors may come out."""
    s = _stats(reader)
    s["inputs"] += 1
    try:
        items = list(read_documents(p, fmt))
    except SourceError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(p))
        s["files_refused"] += 1
        return
    for item in items:
        s["records"] += 1
        if isinstance(item, RecordError):
            assert item.line >= 1 and str(item).startswith(f"{p}:{item.line}: ")
            assert "\n" not in str(item)
            s["rejected"] += 1
        else:
            assert isinstance(item, Document) and item.text.strip()
            item.doc_id  # noqa: B018 - the identity must be computable for any text
            s["documents"] += 1


@FUZZ
@given(data=raw_bytes)
def test_text_reader(data):
    check_news_file("text", _file("f.txt", data), "text")


@FUZZ
@given(lines=st.lists(st.one_of(
    st.fixed_dictionaries({"text": words}, optional={"published": scalars, "title": json_values,
                                                     "url": scalars, "source": json_values}),
    json_values, words), max_size=6))
def test_jsonl_reader(lines):
    import json

    def dump(x):
        try:
            return json.dumps(x)
        except (ValueError, TypeError):
            return str(x)

    body = "\n".join(x if isinstance(x, str) else dump(x) for x in lines)
    check_news_file("jsonl", _file("f.jsonl", body.encode("utf-8", "surrogatepass")), "jsonl")


_FEED = ('<?xml version="1.0"?><rss version="2.0"><channel><title>{t}</title>{items}'
         "</channel></rss>")
_ITEM = "<item><title>{t}</title><pubDate>{d}</pubDate><description>{b}</description></item>"


@FUZZ
@given(title=words, entries=st.lists(st.tuples(words, words, words), max_size=4),
       junk=st.one_of(st.just(""), words))
def test_rss_reader(title, entries, junk):
    items = "".join(_ITEM.format(t=t, d=d, b=b) for t, d, b in entries)
    check_news_file("rss", _file("f.rss", (junk + _FEED.format(t=title, items=items)).encode(
        "utf-8", "surrogatepass")), "rss")


@FUZZ
@given(body=words, tags=st.lists(st.sampled_from(["div", "p", "b", "script", "table", "a"]),
                                  max_size=30))
def test_html_reader(body, tags):
    html = ("<html><head><title>x</title></head><body>" + "".join(f"<{t}>" for t in tags)
            + body + "".join(f"</{t}>" for t in reversed(tags)) + "</body></html>")
    check_news_file("html", _file("f.html", html.encode("utf-8", "surrogatepass")), "html")


# -- datasets -----------------------------------------------------------------------

field_text = st.one_of(words.map(lambda s: s.replace("\t", " ").replace("\n", " ")),
                       st.sampled_from(["", "NA", "99991231", "00000101", "20180101", "042",
                                        "1e10", "-0", "PAK", "RUS", "RS"]))


def gdelt_row(fields: dict) -> str:
    from tests.test_datasets_readers import gdelt2_row

    return gdelt2_row(fields.pop("id"), **fields)


gdelt_rows = st.one_of(
    st.fixed_dictionaries({"id": st.integers(0, 10**12)}, optional={
        c: field_text for c in ("Day", "EventCode", "Actor1CountryCode", "GoldsteinScale",
                                "ActionGeo_Lat", "NumMentions", "SOURCEURL", "QuadClass")
    }).map(gdelt_row),
    st.lists(field_text, max_size=64).map("\t".join),
)


def _store():
    from comity.store import Store

    global _STORE
    if _STORE is None:
        _STORE = Store(":memory:")
    return _STORE


_STORE = None


def check_dataset_file(reader: str, p: Path, fmt: str | None, rows: int) -> None:
    """Map and store a dataset file: only a one-line DatasetError, or a summary whose every
    rejected row names file:line, may come out."""
    s = _stats(reader)
    s["inputs"] += 1
    s["records"] += rows
    try:
        summary = ingest_dataset(_store(), p, fmt)
    except DatasetError as exc:
        assert "\n" not in str(exc) and str(p) in str(exc)
        s["files_refused"] += 1
        return
    assert 0 <= summary.rejected <= max(summary.read, 1)
    assert summary.loaded <= summary.read
    assert len(summary.errors) == min(summary.rejected, 1000)
    for line in summary.errors:
        where = line.split(": ", 1)[0]
        assert where.startswith(f"{p}:") and int(where.rsplit(":", 1)[1]) >= 1
    s["rejected"] += summary.rejected
    s["loaded"] += summary.loaded


@FUZZ_DATASETS
@given(rows=st.lists(gdelt_rows, min_size=1, max_size=20))
def test_gdelt_reader(rows):
    check_dataset_file("gdelt", _file("f.export.CSV", "\n".join(rows).encode("utf-8", "replace")),
                       None, len(rows))


def _tabular(columns: list[str], sep: str, quote: bool):
    def row(values):
        cells = [v.replace(sep, " ") for v in values]
        if quote:
            cells = ['"' + c.replace('"', '""') + '"' for c in cells]
        return sep.join(cells)

    return st.lists(st.lists(field_text, min_size=len(columns) - 2, max_size=len(columns) + 1)
                    .map(row), min_size=1, max_size=15)


@FUZZ_DATASETS
@given(rows=_tabular(ICEWS_COLUMNS, "\t", False))
def test_icews_reader(rows):
    body = "\t".join(ICEWS_COLUMNS) + "\n" + "\n".join(rows)
    check_dataset_file("icews", _file("f.tab", body.encode("utf-8", "replace")), "icews",
                       len(rows))


@FUZZ_DATASETS
@given(rows=_tabular(POLECAT_COLUMNS, "\t", False))
def test_polecat_reader(rows):
    body = "\t".join(POLECAT_COLUMNS) + "\n" + "\n".join(rows)
    check_dataset_file("polecat", _file("f.tsv", body.encode("utf-8", "replace")), "polecat",
                       len(rows))


ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "event_type",
                 "sub_event_type", "actor1", "inter1", "actor2", "inter2", "iso", "country",
                 "admin1", "location", "latitude", "longitude", "notes", "fatalities"]


@FUZZ_DATASETS
@given(rows=_tabular(ACLED_COLUMNS, ",", True))
def test_acled_reader(rows):
    body = ",".join(ACLED_COLUMNS) + "\n" + "\n".join(rows)
    check_dataset_file("acled", _file("f.csv", body.encode("utf-8", "replace")), "acled",
                       len(rows))


# -- extraction -----------------------------------------------------------------------

_EXTRACTOR = None


def check_extract(text: str) -> None:
    """Rules-only extraction of any short text returns events or nothing, never raises."""
    global _EXTRACTOR
    from comity.extract.pipeline import RuleExtractor

    if _EXTRACTOR is None:
        _EXTRACTOR = RuleExtractor()
    s = _stats("extract")
    s["inputs"] += 1
    result = _EXTRACTOR.extract(Document(text=text))
    s["events"] += len(result.events)


@FUZZ
@given(text=st.lists(st.one_of(
    st.sampled_from(["Pakistan", "Russia", "Putin", "Sharif", "met", "signed", "an agreement",
                     "on energy", "in Moscow", "on Monday", "last week", "will visit", "denied",
                     ".", ",", "\n", "(", ")", '"', "[/x]", "9999", "President", "Lavrov"]),
    st.text(max_size=8)), max_size=120).map(" ".join).map(lambda t: t[:2000]))
def test_extraction(text):
    check_extract(text)
