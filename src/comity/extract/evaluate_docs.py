"""Document-level scoring (``comity eval --format events-jsonl``).

A sentence-level gold file asks "what is this sentence about?".  Real use asks more: given a
whole wire story and its publication date, which state-to-state events does it report, who
did what to whom, with what status, on what date and where?  The ``events-jsonl`` format
(described in ``eval/README.md``) holds whole documents with every gold event, and this
module runs the production extractor over each one and compares.

Alignment is per document and one-to-one: a predicted event can only pair with a gold event
whose evidence sentence it overlaps (at least half of the shorter of the two); among those
pairs, the ones agreeing on more fields are taken first.  Unpaired predictions count against
precision, unpaired gold events against recall.  Predictions with no country on either side
are out of scope (the guideline annotates only events with a state party); they are counted
and reported but not scored.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from comity.extract.evaluate import GoldFormatError

FIELDS = ("source", "target", "type", "status", "date", "place")
STATUSES = ("asserted", "intended", "hypothetical", "negated", "assessment")
MIN_OVERLAP = 0.5
_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_WORD = re.compile(r"\w+")


@dataclass
class GoldEvent:
    source: str
    target: str | None
    type: str
    status: str
    date: str | None
    place: str | None
    evidence: str
    joint: bool = False  # a mutual act ("A and B signed"): either direction is right


@dataclass
class GoldDocument:
    id: str
    title: str
    date: date
    text: str
    events: list[GoldEvent]
    line: int


@dataclass
class Predicted:
    """The fields of an extracted event that the scorer compares."""

    source: str | None
    target: str | None
    type: str
    status: str
    date: str | None
    place: str | None
    sentence: str


@dataclass
class Tally:
    """Counts over documents, added up as documents are scored."""

    documents: int = 0
    gold: int = 0
    predicted: int = 0
    out_of_scope: int = 0
    aligned: int = 0
    correct: Counter = field(default_factory=Counter)  # field -> aligned pairs right on it
    gold_by_status: Counter = field(default_factory=Counter)
    found_by_status: Counter = field(default_factory=Counter)  # aligned with dyad+type right
    gold_by_type: Counter = field(default_factory=Counter)
    found_by_type: Counter = field(default_factory=Counter)


# --------------------------------------------------------------------------------------------
# reading


def _check_country(value: object, where: str, key: str, nullable: bool) -> str | None:
    from comity.codes.countries import country

    if value is None and nullable:
        return None
    if not isinstance(value, str) or len(value) != 3 or value.upper() != value:
        raise GoldFormatError(f"{where}: {key} must be an ISO3 code"
                              f"{' or null' if nullable else ''}, not {value!r}")
    if country(value, "iso3") is None:
        raise GoldFormatError(f"{where}: {key} {value!r} is not a known ISO3 country code")
    return value


def _event(raw: object, text: str, where: str) -> GoldEvent:
    from comity.codes.plover import PLOVER_TYPES

    if not isinstance(raw, dict):
        raise GoldFormatError(f"{where}: an event must be an object, not {type(raw).__name__}")
    for key in ("source", "type", "status", "evidence"):
        if key not in raw:
            raise GoldFormatError(f"{where}: event has no {key!r}")
    source = _check_country(raw["source"], where, "source", nullable=False)
    target = _check_country(raw.get("target"), where, "target", nullable=True)
    place = _check_country(raw.get("place"), where, "place", nullable=True)
    if raw["type"] not in PLOVER_TYPES:
        raise GoldFormatError(f"{where}: type {raw['type']!r} is not a PLOVER type")
    if raw["status"] not in STATUSES:
        raise GoldFormatError(f"{where}: status must be one of {', '.join(STATUSES)}, "
                              f"not {raw['status']!r}")
    day = raw.get("date")
    if day is not None and not (isinstance(day, str) and _DATE_RE.match(day)):
        raise GoldFormatError(f"{where}: date must be YYYY-MM-DD, YYYY-MM, YYYY or null, "
                              f"not {day!r}")
    if day is not None:
        try:
            date.fromisoformat(day if len(day) == 10 else (day + "-01-01")[:10])
        except ValueError:
            raise GoldFormatError(f"{where}: date {day!r} does not exist") from None
    evidence = raw["evidence"]
    if not isinstance(evidence, str) or not evidence.strip() or evidence not in text:
        raise GoldFormatError(f"{where}: evidence is not a substring of the text: "
                              f"{str(evidence)[:60]!r}")
    joint = raw.get("joint", False)
    if not isinstance(joint, bool):
        raise GoldFormatError(f"{where}: joint must be true or false, not {joint!r}")
    if joint and target is None:
        raise GoldFormatError(f"{where}: a joint event needs a target")
    return GoldEvent(source=source, target=target, type=raw["type"], status=raw["status"],
                     date=day, place=place, evidence=evidence, joint=joint)


def read_gold_documents(path: str | Path) -> list[GoldDocument]:
    """Read and check an ``events-jsonl`` file; the first bad line raises, naming file:line."""
    path = Path(path)
    docs: list[GoldDocument] = []
    seen: set[str] = set()
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise GoldFormatError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with handle:
        for n, line in enumerate(handle, 1):
            where = f"{path}:{n}"
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(f"{where}: not JSON ({exc.msg})") from None
            except UnicodeDecodeError:
                raise GoldFormatError(f"{where}: not UTF-8 text") from None
            if not isinstance(raw, dict):
                raise GoldFormatError(f"{where}: a line must hold one JSON object")
            for key in ("id", "date", "text", "events"):
                if key not in raw:
                    raise GoldFormatError(f"{where}: no {key!r}")
            if not isinstance(raw["text"], str) or not raw["text"].strip():
                raise GoldFormatError(f"{where}: text must be a non-empty string")
            if raw["id"] in seen:
                raise GoldFormatError(f"{where}: id {raw['id']!r} appears twice")
            seen.add(raw["id"])
            try:
                published = date.fromisoformat(raw["date"])
            except (TypeError, ValueError):
                raise GoldFormatError(f"{where}: date must be YYYY-MM-DD, "
                                      f"not {raw['date']!r}") from None
            if not isinstance(raw["events"], list):
                raise GoldFormatError(f"{where}: events must be a list")
            events = [_event(e, raw["text"], f"{where} (event {i})")
                      for i, e in enumerate(raw["events"], 1)]
            docs.append(GoldDocument(id=str(raw["id"]), title=str(raw.get("title", "")),
                                     date=published, text=raw["text"], events=events, line=n))
    return docs


# --------------------------------------------------------------------------------------------
# alignment and scoring


def date_label(day: date | None, precision: str) -> str | None:
    """A predicted date written as gold writes it: day, month or year."""
    if day is None:
        return None
    if precision == "month":
        return day.strftime("%Y-%m")
    if precision == "year":
        return str(day.year)
    return day.isoformat()


def predicted_from_event(event) -> Predicted:
    """The scored fields of a :class:`comity.model.Event`."""
    return Predicted(source=event.source_country, target=event.target_country,
                     type=event.plover_type, status=event.status,
                     date=date_label(event.date, event.date_precision),
                     place=event.location_country, sentence=event.sentence)


def _span(text: str, sentence: str) -> tuple[int, int] | None:
    at = text.find(sentence.strip())
    return None if at < 0 or not sentence.strip() else (at, at + len(sentence.strip()))


def overlap(text: str, evidence: str, sentence: str) -> float:
    """How far two sentences coincide in ``text``: shared share of the shorter one (0..1)."""
    a, b = _span(text, evidence), _span(text, sentence)
    if a is not None and b is not None:
        inter = min(a[1], b[1]) - max(a[0], b[0])
        return max(0, inter) / max(1, min(a[1] - a[0], b[1] - b[0]))
    # The extractor's cleaning changed the sentence: compare words instead.
    wa, wb = set(_WORD.findall(evidence.lower())), set(_WORD.findall(sentence.lower()))
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def field_hits(gold: GoldEvent, pred: Predicted) -> dict[str, bool]:
    """Which of the six fields the prediction has right."""
    straight = pred.source == gold.source and pred.target == gold.target
    turned = gold.joint and pred.source == gold.target and pred.target == gold.source
    if turned and not straight:
        source_ok = target_ok = True
    else:
        source_ok, target_ok = pred.source == gold.source, pred.target == gold.target
    return {"source": source_ok, "target": target_ok, "type": pred.type == gold.type,
            "status": pred.status == gold.status, "date": pred.date == gold.date,
            "place": pred.place == gold.place}


def in_scope(pred: Predicted) -> bool:
    return bool(pred.source or pred.target)


def align(text: str, gold: list[GoldEvent], predicted: list[Predicted]
          ) -> list[tuple[int, int, dict[str, bool]]]:
    """One-to-one pairs (gold index, predicted index, field hits) within one document."""
    options = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            ov = overlap(text, g.evidence, p.sentence)
            if ov >= MIN_OVERLAP:
                hits = field_hits(g, p)
                dyad = hits["source"] and hits["target"]
                options.append(((dyad, dyad and hits["type"], sum(hits.values()), ov),
                                gi, pi, hits))
    options.sort(key=lambda o: o[0], reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi, hits in options:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi, hits))
    return sorted(pairs)


def score_document(tally: Tally, doc: GoldDocument, predicted: Iterable[Predicted]) -> list[dict]:
    """Add one document to ``tally``; return its pairs and misses (for a predictions file)."""
    preds = list(predicted)
    scored = [p for p in preds if in_scope(p)]
    tally.documents += 1
    tally.gold += len(doc.events)
    tally.predicted += len(scored)
    tally.out_of_scope += len(preds) - len(scored)
    for g in doc.events:
        tally.gold_by_status[g.status] += 1
        tally.gold_by_type[g.type] += 1
    pairs = align(doc.text, doc.events, scored)
    rows = []
    for gi, pi, hits in pairs:
        g = doc.events[gi]
        tally.aligned += 1
        for name, ok in hits.items():
            tally.correct[name] += ok
        dyad = hits["source"] and hits["target"]
        tally.correct["all"] += all(hits.values())
        tally.correct["dyad"] += dyad
        tally.correct["dyad+type"] += dyad and hits["type"]
        if dyad and hits["type"]:
            tally.found_by_status[g.status] += 1
            tally.found_by_type[g.type] += 1
        rows.append({"doc": doc.id, "gold": g.__dict__, "predicted": scored[pi].__dict__,
                     "right": [k for k, v in hits.items() if v]})
    paired_g = {gi for gi, _, _ in pairs}
    paired_p = {pi for _, pi, _ in pairs}
    rows += [{"doc": doc.id, "gold": g.__dict__, "predicted": None}
             for i, g in enumerate(doc.events) if i not in paired_g]
    rows += [{"doc": doc.id, "gold": None, "predicted": p.__dict__}
             for i, p in enumerate(scored) if i not in paired_p]
    return rows


def _prf(right: int, predicted: int, gold: int) -> dict[str, float]:
    p = right / predicted if predicted else 0.0
    r = right / gold if gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def summarise(tally: Tally) -> dict:
    """Precision, recall and F1 per field, for all fields, dyad and dyad+type; counts."""
    measures = {name: _prf(tally.correct[name], tally.predicted, tally.gold)
                for name in (*FIELDS, "all", "dyad", "dyad+type")}
    return {
        "documents": tally.documents, "gold_events": tally.gold,
        "predicted_events": tally.predicted, "out_of_scope": tally.out_of_scope,
        "aligned": tally.aligned, "scores": measures,
        "recall_by_status": {s: {"gold": n, "found": tally.found_by_status[s],
                                 "recall": tally.found_by_status[s] / n}
                             for s, n in sorted(tally.gold_by_status.items())},
        "recall_by_type": {t: {"gold": n, "found": tally.found_by_type[t],
                               "recall": tally.found_by_type[t] / n}
                           for t, n in sorted(tally.gold_by_type.items())},
    }


def evaluate_documents(path: str | Path, extractor,
                       progress: Callable[[int, int], None] | None = None,
                       predictions: str | Path | None = None) -> dict:
    """Run ``extractor`` (the production pipeline's ``.extract(doc)``) over a gold file."""
    from comity.model import Document

    docs = read_gold_documents(path)
    tally = Tally()
    rows: list[dict] = []
    for i, doc in enumerate(docs, 1):
        found = extractor.extract(Document(text=doc.text, title=doc.title, published=doc.date,
                                           source="comity-gold", external_id=doc.id)).events
        rows += score_document(tally, doc, (predicted_from_event(e) for e in found))
        if progress is not None:
            progress(i, len(docs))
    result = summarise(tally)
    result["split"] = Path(path).stem
    if predictions is not None:
        with Path(predictions).open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    return result


__all__ = ["FIELDS", "GoldDocument", "GoldEvent", "Predicted", "Tally", "align",
           "evaluate_documents", "read_gold_documents", "score_document", "summarise"]
