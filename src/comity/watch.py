"""Watch news feeds: poll them, ingest new articles, report what changed for chosen dyads.

A feeds file (YAML) names the feeds, the dyads and, optionally, the polling interval::

    every: 15m
    feeds:
      - https://www.example.org/world/rss.xml
      - url: https://news.example.net/atom
    dyads:
      - PAK RUS
      - [IND, CHN]

Each poll fetches every feed with a conditional GET (an unchanged feed costs one short
request), ingests the entries the store lacks, and compares each dyad's meetings,
agreements and trend breaks (the same ``analysis`` functions as ``comity meetings`` and
``comity breaks``) with what they were before the poll: what is new is reported.  The
store is opened per poll and only once a feed came back, so a failed poll writes nothing.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from comity.live import fetch_inputs
from comity.sources.remote import Fetcher, is_url

MIN_EVERY = 60.0


class WatchConfigError(ValueError):
    """A feeds file that cannot be used; the message names the file (and line)."""


@dataclass
class WatchConfig:
    feeds: list[str]
    dyads: list[tuple[str, str]]
    every: float | None = None  # seconds


@dataclass
class Finding:
    """Something new for a dyad: a meeting, an agreement or a break in its trend."""

    kind: str  # meeting | agreement | break
    dyad: tuple[str, str]
    date: str  # the event's day, or the month a new regime starts
    text: str  # one readable line
    details: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"kind": self.kind, "dyad": list(self.dyad), "date": self.date,
                "text": self.text, **self.details}


@dataclass
class PollResult:
    at: datetime
    feeds_ok: int = 0
    new_documents: int = 0
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # feeds that failed, one line each
    store_error: str = ""  # the store could not be opened this round


def parse_every(value: str | float | int) -> float:
    """Seconds from ``90``, ``30s``, ``15m``, ``2h`` or ``1d``."""
    if isinstance(value, int | float):
        return float(value)
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(value).lower())
    if not m:
        raise ValueError(f"interval {value!r} is not like 90, 30s, 15m, 2h or 1d")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def _country(value, where: str) -> str:
    from comity.codes.countries import convert

    try:
        code = convert(str(value).strip(), to="iso3")
    except (KeyError, ValueError):
        code = None
    if not code:
        raise WatchConfigError(f"{where}: unknown country {value!r} (use ISO3 codes such as PAK)")
    return code


def load_config(path: str | Path) -> WatchConfig:
    """Read and check a feeds file; WatchConfigError names what is wrong and where."""
    p = Path(path)
    try:
        raw = yaml.safe_load(p.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise WatchConfigError(f"{p}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise WatchConfigError(f"{p}: cannot read ({exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{p}:{mark.line + 1}" if mark else str(p)
        raise WatchConfigError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})"
                               ) from exc
    if not isinstance(raw, dict):
        raise WatchConfigError(f"{p}: expected a mapping with 'feeds' and 'dyads'")
    feeds = []
    for i, item in enumerate(raw.get("feeds") or []):
        url = item.get("url") if isinstance(item, dict) else item
        if not isinstance(url, str) or not is_url(url):
            raise WatchConfigError(f"{p}: feeds[{i}]: {url!r} is not an http(s) URL")
        feeds.append(url)
    if not feeds:
        raise WatchConfigError(f"{p}: no feeds listed (a 'feeds:' list of URLs)")
    dyads = []
    for i, item in enumerate(raw.get("dyads") or []):
        pair = item.replace("-", " ").replace(",", " ").split() if isinstance(item, str) else item
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise WatchConfigError(f"{p}: dyads[{i}]: expected two countries, got {item!r}")
        a, b = (_country(c, f"{p}: dyads[{i}]") for c in pair)
        dyads.append((a, b))
    if not dyads:
        raise WatchConfigError(f"{p}: no dyads listed (a 'dyads:' list such as 'PAK RUS')")
    every = None
    if raw.get("every") is not None:
        try:
            every = parse_every(raw["every"])
        except ValueError as exc:
            raise WatchConfigError(f"{p}: every: {exc}") from exc
    return WatchConfig(feeds, dyads, every)


# -- what is new ----------------------------------------------------------------


def _meeting_findings(store, a: str, b: str) -> dict[tuple, Finding]:
    from comity.analysis.meetings import meeting_history

    out = {}
    for r in meeting_history(store, a, b).to_dict("records"):
        # meeting_history's ``kind``: agreement, or the kind of meeting (visit, ...)
        kind = "agreement" if r.get("kind") == "agreement" else "meeting"
        day = str(r["date"]) if r["date"] is not None else "undated"
        who = " and ".join(f"{r[s + '_name'] or '?'} ({r[s + '_country'] or '-'})"
                           for s in ("source", "target"))
        place = f" in {r['location_name']}" if r.get("location_name") else ""
        what = kind if r.get("kind") in (None, kind) else f"{kind} ({r['kind']})"
        text = f"{day} {what} {a}-{b}: {who}{place} [{r['level']}]"
        key = (kind, day, r["plover_type"], r["cameo"], r["source_country"], r["target_country"],
               r["doc_id"], r["sentence"])
        details = {("meeting_kind" if k == "kind" else k): _plain(k, v) for k, v in r.items()}
        out[key] = Finding(kind, (a, b), day, text, details)
    return out


def _plain(key: str, value):
    """A JSON-ready value: dates as ISO text, missing numbers (NaN) as None."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if key == "date" and value is not None:
        return str(value)
    return value


def _break_findings(store, a: str, b: str) -> dict[tuple, Finding]:
    from comity.analysis.breaks import trend_breaks
    from comity.analysis.checks import AnalysisError

    out = {}
    try:
        rows = trend_breaks(store, a, b).to_dict("records")
    except AnalysisError:  # too short a series to have breaks yet
        return out
    for r in rows:
        period = str(r["period"])[:7]
        text = (f"{period} break {a}-{b}: {r['metric']} per month "
                f"{r['mean_before']:.2f} -> {r['mean_after']:.2f}")
        details = {"metric": r["metric"], "mean_before": float(r["mean_before"]),
                   "mean_after": float(r["mean_after"]), "change": float(r["change"])}
        out[("break", period, r["metric"])] = Finding("break", (a, b), period, text, details)
    return out


def snapshot(store, dyads: list[tuple[str, str]]) -> dict[tuple, Finding]:
    """Every meeting, agreement and break of the dyads, keyed so that new ones stand out."""
    out: dict[tuple, Finding] = {}
    for a, b in dyads:
        for key, finding in (_meeting_findings(store, a, b) | _break_findings(store, a, b)).items():
            out[(a, b, *key)] = finding
    return out


# -- polling ----------------------------------------------------------------------


class Watcher:
    """Polls the feeds of a config into the store at ``db``; ``poll()`` runs one round."""

    def __init__(self, config: WatchConfig, db: str | Path, *, extractor=None,
                 fetcher: Fetcher | None = None):
        self.config, self.db = config, str(db)
        self.extractor = extractor
        self.fetcher = fetcher or Fetcher()
        self._known: dict[tuple, Finding] | None = None

    def poll(self) -> PollResult:
        from comity.store import StoreError

        result = PollResult(at=datetime.now(UTC))
        fetched = fetch_inputs(self.config.feeds, self.fetcher)
        result.errors.extend(fetched.failures)
        result.feeds_ok = len(fetched.paths)
        if not fetched.paths:
            return result  # nothing came back: the store is not opened
        try:
            self._ingest(fetched, result)
        except StoreError as exc:  # busy or refused: this round is lost, the next one retries
            result.store_error = str(exc)
        return result

    def _ingest(self, fetched, result: PollResult) -> None:
        from comity.ingest import ingest_paths
        from comity.store import Store

        with Store(self.db) as store:
            if self._known is None:
                self._known = snapshot(store, self.config.dyads)
            report = ingest_paths(store, fetched.paths, extractor=self.extractor)
            result.errors.extend(fetched.name(f.error) for f in report.failed)
            result.new_documents = report.total("loaded")
            if result.new_documents:
                now = snapshot(store, self.config.dyads)
                result.findings = [f for k, f in now.items() if k not in self._known]
                self._known = now


def watch(config: WatchConfig, db: str | Path, *, every: float, once: bool = False,
          on_poll: Callable[[PollResult], None], extractor=None, fetcher: Fetcher | None = None,
          sleep: Callable[[float], None] = time.sleep) -> None:
    """Poll until interrupted (or once); ``on_poll`` gets each round's result."""
    watcher = Watcher(config, db, extractor=extractor, fetcher=fetcher)
    while True:
        started = time.monotonic()
        on_poll(watcher.poll())
        if once:
            return
        sleep(max(0.0, every - (time.monotonic() - started)))
