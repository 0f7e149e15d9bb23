"""RSS and Atom feeds saved as files (feedparser); one Document per entry.

A feed is first checked with defusedxml: one that declares entities (billion laughs)
or refers to external ones (XXE) is refused whole, before feedparser sees it; feeds
are never fetched from the network here.
"""

from __future__ import annotations

import html as htmllib
import io
import re
from collections.abc import Iterator
from pathlib import Path

import feedparser

from comity.model import Document
from comity.sources.clean import clean_text
from comity.sources.dates import parse_date
from comity.sources.errors import RecordError, SourceError
from comity.sources.files import read_text

_TAG_RE = re.compile(r"<[^>]+>")


def _plain(html_text: str) -> str:
    text = re.sub(r"</p\s*>|<br\s*/?>", "\n\n", html_text, flags=re.IGNORECASE)
    return htmllib.unescape(_TAG_RE.sub("", text))


def check_safe_xml(path: Path, raw: str) -> None:
    """SourceError for XML that declares entities or a DTD with external parts."""
    import defusedxml
    import defusedxml.ElementTree as safe_et

    try:
        safe_et.fromstring(raw.encode("utf-8"), forbid_dtd=False, forbid_entities=True,
                           forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise SourceError(str(path), f"refused: the XML declares entities or external "
                          f"references ({type(exc).__name__})") from exc
    except (safe_et.ParseError, ValueError, RecursionError):
        pass  # malformed feeds are feedparser's to judge (it reads many of them)


def read_feed_file(path: str | Path) -> Iterator[Document | RecordError]:
    p = Path(path)
    raw = read_text(p)
    check_safe_xml(p, raw)
    # a stream, never a string: feedparser fetches a string that looks like a URL
    feed = feedparser.parse(io.BytesIO(raw.encode("utf-8")), resolve_relative_uris=False)
    if feed.bozo and not feed.entries:
        raise SourceError(str(p), f"not a readable RSS/Atom feed ({feed.bozo_exception})")
    feed_title = feed.feed.get("title", "") or p.stem
    if not feed.entries:
        raise SourceError(str(p), "feed has no entries")
    for i, entry in enumerate(feed.entries, start=1):
        body = ""
        if entry.get("content"):
            body = entry.content[0].get("value", "")
        body = body or entry.get("summary", "") or entry.get("description", "")
        text = clean_text(_plain(body))
        if not text:
            yield RecordError(str(p), i, f"entry {i} has no text")
            continue
        published = None
        try:
            for key in ("published_parsed", "updated_parsed"):
                if entry.get(key):
                    published = parse_date(entry.get(key))
                    break
        except ValueError as exc:
            yield RecordError(str(p), i, f"entry {i}: {exc}")
            continue
        yield Document(
            text=text,
            source=feed_title,
            title=_plain(entry.get("title", "")).strip(),
            url=entry.get("link", ""),
            published=published,
            path=f"{p}#entry{i}",
            external_id=entry.get("id", ""),
        )
