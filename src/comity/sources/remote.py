"""Polite HTTP fetching: a disk cache with conditional GET, timeouts, size limits and pacing.

Everything comity reads from the network goes through :class:`Fetcher`:

* **conditional GET**: a body is kept on disk with its ``ETag`` / ``Last-Modified``; the
  next fetch of the URL sends ``If-None-Match`` / ``If-Modified-Since`` and a ``304`` answer
  reuses the stored copy (so re-reading a feed costs the server almost nothing, and a second
  store still gets the content);
* **limits**: a socket timeout, a total deadline per request, and a byte cap (a body that
  announces or grows past it is refused, nothing is kept);
* **pacing**: at least ``min_interval`` seconds between requests to one host (longer when
  the host's ``robots.txt`` asks for a ``Crawl-delay``), and pages a ``robots.txt`` disallows
  are not fetched;
* **resume**: :meth:`Fetcher.download` continues a ``.part`` file with a ``Range`` request.

Every failure is a :class:`FetchError`: one line naming the URL and what went wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from http.client import HTTPException, IncompleteRead
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from comity.sources.errors import SourceError

USER_AGENT = "comity/0.1 (evidence-backed dyad analysis; polite fetcher)"
CHUNK = 1 << 16
#: A feed or an article page (a text type) larger than this is refused.
MAX_PAGE_BYTES = 20 * 1024 * 1024
#: Any other body (a zipped dataset file) larger than this is refused.
MAX_DATA_BYTES = 2 * 1024**3
_TEXT_TYPES = ("text/", "application/rss", "application/atom", "application/xml",
               "application/rdf", "application/xhtml", "application/json", "application/x-ndjson")
#: How long a host's robots.txt is trusted before it is read again (a long watch).
ROBOTS_TTL = 24 * 3600.0
#: The longest Crawl-delay honoured from a robots.txt.
MAX_CRAWL_DELAY = 60.0


class FetchError(SourceError):
    """A URL that could not be fetched: one line naming it and the reason."""

    def __init__(self, url: str, message: str):
        super().__init__(url, message)


def cache_root() -> Path:
    """Where fetched bodies and downloads live: $COMITY_CACHE, else the XDG cache folder."""
    env = os.environ.get("COMITY_CACHE")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "comity"


def looks_like_url(value: str) -> bool:
    """Starts like an http(s) URL (whether or not the rest is valid)."""
    return bool(re.match(r"^https?://", str(value), re.I))


def is_url(value: str) -> bool:
    """An http(s) URL with a host that urllib can split."""
    if not re.match(r"^https?://[^/\s]+", str(value), re.I):
        return False
    try:
        return bool(urlsplit(str(value)).hostname)
    except ValueError:
        return False


@dataclass
class Response:
    """A body on disk, fresh (status 200) or revalidated from the cache (status 304)."""

    url: str
    final_url: str
    path: Path
    status: int
    content_type: str
    size: int


_SUFFIX_BY_TYPE = {
    "application/rss+xml": ".rss", "application/atom+xml": ".atom", "application/xml": ".xml",
    "text/xml": ".xml", "application/rdf+xml": ".rss", "text/html": ".html",
    "application/xhtml+xml": ".html", "text/plain": ".txt", "application/json": ".jsonl",
    "application/x-ndjson": ".jsonl", "application/zip": ".zip",
    "application/x-zip-compressed": ".zip", "application/gzip": ".gz",
}
_KNOWN_SUFFIXES = {".rss", ".atom", ".xml", ".html", ".htm", ".txt", ".jsonl", ".zip", ".gz",
                   ".csv", ".tsv", ".tab"}


def body_suffix(url: str, content_type: str) -> str:
    """A file suffix for a body, so that comity's format detection reads it right."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in _SUFFIX_BY_TYPE and kind not in ("application/xml", "text/xml", "text/plain"):
        return _SUFFIX_BY_TYPE[kind]
    suffix = Path(urlsplit(url).path).suffix.lower()
    if suffix in _KNOWN_SUFFIXES:
        return suffix
    return _SUFFIX_BY_TYPE.get(kind, ".txt")


class Fetcher:
    """HTTP(S) GETs with a disk cache, limits and per-host pacing (see the module docstring)."""

    def __init__(
        self,
        cache_dir: str | Path | None = None,
        *,
        timeout: float = 30.0,
        deadline: float = 300.0,
        max_bytes: int = MAX_PAGE_BYTES,
        max_data_bytes: int = MAX_DATA_BYTES,
        min_interval: float | None = None,
        user_agent: str = USER_AGENT,
        robots: bool = True,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.cache_dir = Path(cache_dir) if cache_dir else cache_root()
        self.timeout, self.deadline, self.max_bytes = timeout, deadline, max_bytes
        self.max_data_bytes = max_data_bytes
        if min_interval is None:
            min_interval = float(os.environ.get("COMITY_FETCH_INTERVAL") or 1.0)
        self.min_interval, self.user_agent, self.robots = min_interval, user_agent, robots
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self._rules: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._rules_read: dict[str, float] = {}
        # redirects are followed; urllib keeps our headers on the redirected request
        self._opener = urllib.request.build_opener(_HttpOnlyRedirects())
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def cancel(self, stop: bool = True) -> None:
        """Make transfers in flight (in any thread) stop at their next chunk, or allow them again."""
        if stop:
            self._stop.set()
        else:
            self._stop.clear()

    # -- pacing and robots.txt ----------------------------------------------------
    def _pace(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        with self._lock:  # downloads may run in threads: each takes the next free slot
            now = time.monotonic()
            slot = max(now, self._last.get(host, -1e9) + self._delay.get(host, self.min_interval))
            self._last[host] = slot
        if slot > now:
            self._sleep(slot - now)

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets comity's user agent fetch ``url``."""
        parts = urlsplit(url)
        host = parts.netloc.lower()
        if host not in self._rules or time.monotonic() - self._rules_read[host] > ROBOTS_TTL:
            self._rules[host] = self._robots(f"{parts.scheme}://{parts.netloc}/robots.txt")
            self._rules_read[host] = time.monotonic()
            rules = self._rules[host]
            delay = rules.crawl_delay(self.user_agent) if rules is not None else None
            if delay:
                self._delay[host] = min(max(float(delay), self.min_interval), MAX_CRAWL_DELAY)
        rules = self._rules[host]
        return rules is None or rules.can_fetch(self.user_agent, url)

    def _robots(self, robots_url: str) -> urllib.robotparser.RobotFileParser | None:
        """The parsed robots.txt; None (everything allowed) when the host has none (4xx)."""
        try:
            with self._open(robots_url, {}) as resp:
                text = resp.read(512 * 1024).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            if 400 <= exc.code < 500:
                return None
            raise FetchError(robots_url, f"HTTP {exc.code}: robots.txt unavailable, not fetching"
                             ) from exc
        except (OSError, HTTPException) as exc:
            raise FetchError(robots_url, _reason(exc)) from exc
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.parse(text.splitlines())
        return parser

    # -- requests -------------------------------------------------------------
    def _open(self, url: str, headers: dict[str, str]):
        if not is_url(url):
            raise FetchError(url, "not a valid http(s) URL")
        try:
            req = urllib.request.Request(_ascii_url(url), headers={
                "User-Agent": self.user_agent, "Accept-Encoding": "identity", **headers})
        except ValueError as exc:
            raise FetchError(url, f"not a valid URL ({exc})") from exc
        self._pace(url)
        try:
            return self._opener.open(req, timeout=self.timeout)
        except ValueError as exc:  # e.g. a bad port or host that urllib only finds out now
            raise FetchError(url, f"not a valid URL ({exc})") from exc

    def _entry(self, url: str) -> tuple[Path, str]:
        host = re.sub(r"[^A-Za-z0-9.-]", "_", urlsplit(url).netloc.lower()) or "host"
        return self.cache_dir / "http" / host, hashlib.sha1(url.encode("utf-8")).hexdigest()[:20]

    def cached(self, url: str) -> Response | None:
        """The stored copy of ``url`` from an earlier fetch, without asking the server."""
        folder, key = self._entry(url)
        meta = _read_json(folder / f"{key}.json")
        path = folder / meta["file"] if meta.get("file") else None
        if path is None or not path.exists():
            return None
        return Response(url, meta.get("final_url", url), path, 304,
                        meta.get("content_type", ""), path.stat().st_size)

    def forget(self, url: str) -> None:
        """Drop the stored copy of ``url``: the next fetch asks the server afresh."""
        folder, key = self._entry(url)
        meta = _read_json(folder / f"{key}.json")
        if meta.get("file"):
            (folder / meta["file"]).unlink(missing_ok=True)
        (folder / f"{key}.json").unlink(missing_ok=True)

    def get(self, url: str, *, conditional: bool = True, max_bytes: int | None = None,
            robots: bool | None = None) -> Response:
        """Fetch ``url`` into the cache; a 304 answer gives back the stored copy."""
        if not is_url(url):
            raise FetchError(url, "not a valid http(s) URL")
        if self.robots if robots is None else robots:
            try:
                allowed = self.allowed(url)
            except FetchError as exc:  # named by the URL asked for, not by robots.txt
                raise FetchError(url, exc.message) from exc
            if not allowed:
                raise FetchError(url, "disallowed by the site's robots.txt; not fetched")
        folder, key = self._entry(url)
        meta_path = folder / f"{key}.json"
        meta = _read_json(meta_path)
        cached = folder / meta["file"] if meta.get("file") else None
        headers: dict[str, str] = {}
        if conditional and cached is not None and cached.exists():
            if meta.get("etag"):
                headers["If-None-Match"] = meta["etag"]
            if meta.get("last_modified"):
                headers["If-Modified-Since"] = meta["last_modified"]
        try:
            resp = self._open(url, headers)
        except urllib.error.HTTPError as exc:
            if exc.code == 304 and cached is not None and headers:
                return Response(url, meta.get("final_url", url), cached, 304,
                                meta.get("content_type", ""), cached.stat().st_size)
            raise FetchError(url, _http_error(exc)) from exc
        except (OSError, HTTPException) as exc:
            raise FetchError(url, _reason(exc)) from exc
        with resp:
            content_type = resp.headers.get("Content-Type", "")
            final_url = resp.geturl() or url
            limit = max_bytes or (self.max_bytes if content_type.lower().startswith(_TEXT_TYPES)
                                  else self.max_data_bytes)
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{key}{body_suffix(final_url, content_type)}"
            tmp = target.with_name(f"{target.name}.{_unique()}.tmp")
            try:
                size = self._stream(resp, url, tmp, "wb", limit)
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
        if cached is not None and cached != target:
            cached.unlink(missing_ok=True)
        meta = {"url": url, "final_url": final_url, "file": target.name,
                "content_type": content_type, "etag": resp.headers.get("ETag"),
                "last_modified": resp.headers.get("Last-Modified"), "size": size}
        _write_json(meta_path, meta)
        return Response(url, final_url, target, 200, content_type, size)

    def download(self, url: str, dest: str | Path, *, expected_size: int | None = None,
                 on_bytes: Callable[[int], None] | None = None) -> Path:
        """Download ``url`` to ``dest``, resuming ``dest.part`` with a Range request.

        A short or broken transfer keeps the ``.part`` file for the next try and raises
        FetchError; a body larger than ``expected_size`` (or the byte cap) is thrown away.
        """
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        have = part.stat().st_size if part.exists() else 0
        limit = expected_size if expected_size is not None else self.max_data_bytes
        if have > limit:
            part.unlink()
            have = 0
        if expected_size is not None and have == expected_size:
            if on_bytes:
                on_bytes(have)
            os.replace(part, dest)
            return dest
        headers = {"Range": f"bytes={have}-"} if have else {}
        try:
            resp = self._open(url, headers)
        except urllib.error.HTTPError as exc:
            if exc.code == 416:  # our partial copy does not fit the file the server has now
                part.unlink(missing_ok=True)
            raise FetchError(url, _http_error(exc)) from exc
        except (OSError, HTTPException) as exc:
            raise FetchError(url, _reason(exc)) from exc
        with resp:
            mode = "wb"
            if have and resp.status == 206:
                start = _range_start(resp.headers.get("Content-Range", ""))
                if start != have:
                    part.unlink(missing_ok=True)
                    raise FetchError(url, f"server resumed at byte {start}, not {have}; "
                                     "starting over next time")
                mode = "ab"
                if on_bytes:
                    on_bytes(have)  # resumed: what we had counts as done
            got = self._stream(resp, url, part, mode, limit - (have if mode == "ab" else 0),
                               on_bytes=on_bytes, keep_partial=True)
        total = got + (have if mode == "ab" else 0)
        if expected_size is not None and total != expected_size:
            raise FetchError(url, f"got {total} of {expected_size} bytes; the rest is fetched "
                             "next time")
        os.replace(part, dest)
        return dest

    def _stream(self, resp, url: str, path: Path, mode: str, limit: int, *,
                on_bytes: Callable[[int], None] | None = None, keep_partial: bool = False) -> int:
        length = resp.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            raise FetchError(url, f"{int(length)} bytes is over the limit of {limit}")
        started, size = time.monotonic(), 0
        try:
            with open(path, mode) as fh:
                while True:
                    if self._stop.is_set():
                        raise FetchError(url, "cancelled")
                    if time.monotonic() - started > self.deadline:
                        raise FetchError(url, f"took longer than {self.deadline:.0f} s")
                    chunk = resp.read(CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(url, f"more than {limit} bytes; refused")
                    fh.write(chunk)
                    if on_bytes:
                        on_bytes(len(chunk))
        except IncompleteRead as exc:
            if not keep_partial:
                path.unlink(missing_ok=True)
            raise FetchError(url, f"connection closed after {size + len(exc.partial)} bytes"
                             ) from exc
        except FetchError:
            path.unlink(missing_ok=True)
            raise
        except (OSError, HTTPException) as exc:
            if not keep_partial:
                path.unlink(missing_ok=True)
            raise FetchError(url, _reason(exc)) from exc
        return size


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) URLs only (urllib alone would also follow ftp://)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_url(newurl):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-http URL {newurl}",
                                         headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _unique() -> str:
    """A name part no other process or thread writing the same cache entry uses."""
    return f"{os.getpid()}-{threading.get_ident()}"


def _ascii_url(url: str) -> str:
    """``url`` as HTTP needs it: the host IDNA-encoded, other non-ASCII characters quoted."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        netloc = host.encode("idna").decode("ascii") + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
    safe = "/:?#[]@!$&'()*+,;=%~"
    return urlunsplit(parts._replace(path=quote(parts.path, safe=safe),
                                     query=quote(parts.query, safe=safe)))


def _range_start(content_range: str) -> int | None:
    m = re.match(r"bytes\s+(\d+)-", content_range or "")
    return int(m.group(1)) if m else None


def _http_error(exc: urllib.error.HTTPError) -> str:
    text = f"HTTP {exc.code} {exc.reason}".strip()
    retry = exc.headers.get("Retry-After") if exc.headers else None
    if retry:
        try:
            seconds = int(retry)
        except ValueError:
            try:
                seconds = int(parsedate_to_datetime(retry).timestamp() - time.time())
            except (TypeError, ValueError):
                seconds = None
        if seconds is not None:
            text += f" (the server asks to retry in {max(seconds, 0)} s)"
    return text


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return "timed out"
    return f"cannot fetch ({reason})"


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(f"{path.name}.{_unique()}.tmp")
    tmp.write_text(json.dumps(data), "utf-8")
    os.replace(tmp, path)
