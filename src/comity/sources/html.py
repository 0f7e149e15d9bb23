"""HTML pages: main text and metadata through trafilatura.

trafilatura parses with lxml's HTML parser: no entity expansion, no network, no
``huge_tree``, so deeply nested markup is cut at libxml2's depth limit (and then has
no article text) rather than parsed without bound; the file size is capped before.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from comity.model import Document
from comity.sources.clean import clean_text
from comity.sources.errors import SourceError
from comity.sources.files import read_text
from comity.sources.text import document_from_meta, read_sidecar


def read_html_file(path: str | Path) -> Iterator[Document]:
    import trafilatura  # imported here: heavy, and only HTML needs it

    p = Path(path)
    html = read_text(p)
    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_precision=True)
    if not text:
        raise SourceError(str(p), "no article text found in the HTML")
    meta_obj = trafilatura.extract_metadata(html)
    meta = {}
    if meta_obj is not None:
        meta = {
            "title": meta_obj.title,
            "url": meta_obj.url,
            "published": meta_obj.date,
            "source": meta_obj.sitename or meta_obj.hostname,
        }
    meta.update({k: v for k, v in read_sidecar(p).items() if v})
    cleaned = clean_text(text)
    if not cleaned:
        raise SourceError(str(p), "no text left after removing boilerplate")
    yield document_from_meta(cleaned, meta, str(p), default_source=p.parent.name or "web")
