"""News readers: text with sidecar, HTML, JSONL, RSS; boilerplate; one-line errors."""

from __future__ import annotations

from datetime import date

import pytest

from comity.sources import RecordError, SourceError, detect_format, expand_paths, read_documents
from comity.sources.clean import clean_text
from tests.conftest import FIXTURES

NEWS = FIXTURES / "news"
BAD = FIXTURES / "bad"


def docs(path, fmt=None):
    return [d for d in read_documents(path, fmt) if not isinstance(d, RecordError)]


def test_text_with_sidecar_metadata_and_boilerplate_dropped():
    [doc] = docs(NEWS / "good.txt")
    assert doc.published == date(2021, 4, 8)
    assert doc.title == "Lavrov in Islamabad"
    assert doc.source == "fixture-wire"
    assert "Print Friendly" not in doc.text
    assert doc.text.startswith("Russian Foreign Minister Sergei Lavrov")


def test_jsonl_reports_malformed_line_and_keeps_the_rest():
    items = list(read_documents(NEWS / "mixed.jsonl"))
    good = [i for i in items if not isinstance(i, RecordError)]
    bad = [i for i in items if isinstance(i, RecordError)]
    assert [d.title for d in good] == ["Sharif meets Putin", "Wheat"]
    assert good[0].published == date(2022, 9, 16)
    assert len(bad) == 1 and bad[0].line == 2
    assert str(bad[0]).startswith(f"{NEWS / 'mixed.jsonl'}:2: malformed JSON")


def test_rss_entries_become_documents_and_empty_entry_is_reported():
    items = list(read_documents(NEWS / "feed.rss"))
    good = [i for i in items if not isinstance(i, RecordError)]
    assert len(good) == 1
    assert good[0].published == date(2014, 11, 20)
    assert good[0].source == "Fixture Feed"
    assert "Shoigu" in good[0].text and "<p>" not in good[0].text
    assert any(isinstance(i, RecordError) for i in items)


def test_html_main_text_without_navigation():
    [doc] = docs(NEWS / "page.html")
    assert "first cargo of Russian crude" in doc.text
    assert "Home | World" not in doc.text
    assert "Share on Facebook" not in doc.text
    assert doc.title == "Crude arrives in Karachi"


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing.txt", "no such file"), ("empty.txt", "empty file"), ("latin1.txt", "not UTF-8")],
)
def test_bad_files_raise_one_line_errors_naming_the_file(name, message):
    path = (BAD / name) if name != "missing.txt" else BAD / "missing.txt"
    with pytest.raises(SourceError) as info:
        docs(path)
    text = str(info.value)
    assert str(path) in text and message in text and "\n" not in text


def test_non_utf8_error_names_the_line():
    with pytest.raises(SourceError) as info:
        docs(BAD / "latin1.txt")
    assert info.value.line == 2


def test_unknown_format_is_a_clear_error():
    with pytest.raises(SourceError, match="unknown format"):
        detect_format(BAD / "unknown.dat")


def test_detect_formats_and_folder_expansion_skips_sidecars():
    assert detect_format(NEWS / "feed.rss") == "rss"
    assert detect_format(NEWS / "page.html") == "html"
    assert detect_format(NEWS / "mixed.jsonl") == "jsonl"
    files = [p.name for p in expand_paths([NEWS])]
    assert "good.meta.json" not in files and "good.txt" in files


def test_clean_text_drops_widgets_but_keeps_prose():
    text = "Talks went well.\nShare | Tweet | Email\nPrint Friendly, PDF & Email"
    assert clean_text(text) == "Talks went well."
    assert clean_text("He said print was dead.") == "He said print was dead."
