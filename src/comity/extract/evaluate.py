"""Scoring extraction against gold files (``comity eval``).

Two gold formats:

* ``pentacode``: TSV, ``sentence<TAB>label`` with labels 0 statement, 1 verbal cooperation,
  2 material cooperation, 3 verbal conflict, 4 material conflict (the ConfliBERT CAMEO task).
  comity's answer for a sentence is the pentacode of its principal event
  (:func:`comity.extract.learned.principal_pentacode`), 0 when none.
* ``plover-json``: a JSON array of PLOVER gold-standard-style records: ``text``, ``event``
  (PLOVER type; older names DEMAND, DISAPPROVE, INVESTIGATE, FIGHT are mapped), optional
  ``mode`` and ``context``, and ``source``/``target`` as lists of
  ``{actorText, code, sector}`` or ``""``.  The country of an actor is the first three letters
  of its ``code`` when they are an ISO3-style code (``"RUSGOV"`` -> ``RUS``; IGO/NGO codes have
  none).  A predicted country counts as right when it is one of the gold countries, or when
  both are empty.

An *extractor* is any callable ``list[str] -> list[SentenceResult]``, so scoring works with the
learned model alone, the rules alone, or both (:func:`make_extractor`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from comity.extract.learned import (
    OLD_TYPE_NAMES,
    PENTACODE_NAMES,
    PLOVER_TYPES,
    TYPE_PENTACODE,
    LearnedModel,
    combine,
    principal_pentacode,
)

FORMATS = ("pentacode", "plover-json")
PENTACODE_LABELS = (0, 1, 2, 3, 4)
_NON_COUNTRY = {"IGO", "NGO", "MNC", "IMG", "UIS", "REB", "INS", "---", "XXX", "UNK"}


class GoldFormatError(ValueError):
    """A bad gold record; the message is one line naming ``file:line``."""


@dataclass
class GoldRecord:
    text: str
    line: int  # 1-based line in the gold file where the record starts
    pentacode: int | None = None
    plover_type: str | None = None
    mode: str = ""
    context: str = ""
    source_countries: list[str] = field(default_factory=list)
    target_countries: list[str] = field(default_factory=list)


@dataclass
class SentenceResult:
    """comity's answer for one gold sentence."""

    pentacode: int = 0
    plover_type: str = "NONE"
    source_country: str | None = None
    target_country: str | None = None


Extractor = Callable[[list[str]], list[SentenceResult]]

# --------------------------------------------------------------------------------------------
# readers


def read_pentacode(path: str | Path) -> list[GoldRecord]:
    """Read a ``sentence<TAB>label`` file; blank lines are skipped."""
    path = Path(path)
    out: list[GoldRecord] = []
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise GoldFormatError(f"{path}: cannot read: {e}") from e
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        text, sep, label = line.rpartition("\t")
        if not sep:
            raise GoldFormatError(f"{path}:{n}: expected 'sentence<TAB>label', found no tab")
        label = label.strip()
        if label not in {"0", "1", "2", "3", "4"}:
            raise GoldFormatError(f"{path}:{n}: label {label!r} is not a pentacode 0-4")
        if not text.strip():
            raise GoldFormatError(f"{path}:{n}: empty sentence")
        out.append(GoldRecord(text=text.strip(), line=n, pentacode=int(label)))
    if not out:
        raise GoldFormatError(f"{path}: no records")
    return out


def normalize_type(value: object) -> str | None:
    """A PLOVER type name (older names mapped), ``"NONE"``, or None if unknown."""
    if not isinstance(value, str):
        return None
    v = value.strip().upper()
    v = OLD_TYPE_NAMES.get(v, v)
    if v in PLOVER_TYPES or v == "NONE":
        return v
    return None


_CODE = re.compile(r"^[A-Z]{3}")


def actor_countries(value: object, where: str, warnings: list[str] | None = None,
                    field_name: str = "actor") -> list[str]:
    """Countries (ISO3) of a gold ``source``/``target`` field.

    A bare string (``"RUSGOV"`` instead of a list of actor objects) is read as one actor code,
    noted in ``warnings`` (one line naming ``file:line``) and counted by :func:`evaluate`."""
    if value in ("", None, []):
        return []
    if isinstance(value, str):
        if warnings is not None:
            warnings.append(f"{where}: '{field_name}' is a bare string {value[:40]!r}, not a "
                            "list of actors; read as one actor code")
        value = [{"code": value}]
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise GoldFormatError(f"{where}: actors must be a list of {{actorText, code, sector}} "
                              f"or \"\", got {type(value).__name__}")
    out: list[str] = []
    for a in value:
        if not isinstance(a, dict):
            raise GoldFormatError(f"{where}: actor must be an object, got {type(a).__name__}")
        code = str(a.get("code") or "").strip().upper()
        m = _CODE.match(code)
        if m and m.group(0) not in _NON_COUNTRY and m.group(0) not in out:
            out.append(m.group(0))
    return out


def _json_array_items(text: str, path: Path):
    """Yield (line, item) for each element of a top-level JSON array."""
    dec = json.JSONDecoder()
    i = 0
    n = len(text)

    def skip_ws(j: int) -> int:
        while j < n and text[j] in " \t\r\n":
            j += 1
        return j

    def line_of(j: int) -> int:
        return text.count("\n", 0, j) + 1

    i = skip_ws(i)
    if i >= n or text[i] != "[":
        raise GoldFormatError(f"{path}:{line_of(i)}: expected a JSON array of records")
    i = skip_ws(i + 1)
    if i < n and text[i] == "]":
        return
    while True:
        try:
            item, end = dec.raw_decode(text, i)
        except json.JSONDecodeError as e:
            raise GoldFormatError(f"{path}:{e.lineno}: invalid JSON: {e.msg}") from e
        yield line_of(i), item
        i = skip_ws(end)
        if i < n and text[i] == ",":
            i = skip_ws(i + 1)
            continue
        if i < n and text[i] == "]":
            return
        raise GoldFormatError(f"{path}:{line_of(i)}: expected ',' or ']' in the record array")


def read_plover_json(path: str | Path, warnings: list[str] | None = None) -> list[GoldRecord]:
    """Read a JSON array of PLOVER gold-standard-style records (problems that do not stop the
    reading go to ``warnings``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise GoldFormatError(f"{path}: cannot read: {e}") from e
    out: list[GoldRecord] = []
    for line, rec in _json_array_items(text, path):
        where = f"{path}:{line}"
        if not isinstance(rec, dict):
            raise GoldFormatError(f"{where}: record must be a JSON object")
        t = rec.get("text")
        if not isinstance(t, str) or not t.strip():
            raise GoldFormatError(f"{where}: record has no 'text'")
        ev = normalize_type(rec.get("event"))
        if ev is None:
            raise GoldFormatError(f"{where}: 'event' {rec.get('event')!r} is not a PLOVER type")
        out.append(GoldRecord(
            text=t.strip(), line=line, plover_type=ev,
            pentacode=TYPE_PENTACODE.get(ev, 0),
            mode=str(rec.get("mode") or ""), context=str(rec.get("context") or ""),
            source_countries=actor_countries(rec.get("source", ""), where, warnings, "source"),
            target_countries=actor_countries(rec.get("target", ""), where, warnings, "target"),
        ))
    if not out:
        raise GoldFormatError(f"{path}: no records")
    return out


def read_gold(path: str | Path, fmt: str,
              warnings: list[str] | None = None) -> list[GoldRecord]:
    if fmt == "pentacode":
        return read_pentacode(path)
    if fmt == "plover-json":
        return read_plover_json(path, warnings)
    raise GoldFormatError(f"unknown gold format {fmt!r} (expected one of {', '.join(FORMATS)})")


# --------------------------------------------------------------------------------------------
# scoring


def classification_scores(gold: Sequence, pred: Sequence, labels: Sequence | None = None) -> dict:
    """Accuracy, macro-F1 and per-class precision/recall/F1 with a confusion matrix.

    Macro-F1 averages over ``labels`` (default: every label seen in gold or predictions);
    a class with no gold and no predicted item is left out, one with no predictions scores 0.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and predictions differ in length")
    if labels is None:
        labels = sorted(set(gold) | set(pred), key=str)
    labels = list(labels)
    pos = {lab: i for i, lab in enumerate(labels)}
    k = len(labels)
    conf = [[0] * k for _ in range(k)]
    for g, p in zip(gold, pred, strict=True):
        if g in pos and p in pos:
            conf[pos[g]][pos[p]] += 1
    per: dict = {}
    f1s = []
    for lab, i in pos.items():
        tp = conf[i][i]
        support = sum(conf[i])
        predicted = sum(conf[r][i] for r in range(k))
        prec = tp / predicted if predicted else 0.0
        rec = tp / support if support else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": support,
                    "predicted": predicted}
        if support or predicted:
            f1s.append(f1)
    n = len(gold)
    acc = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / n if n else 0.0
    return {"n": n, "accuracy": acc, "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
            "labels": labels, "per_class": per, "confusion": conf}


def score_pentacode(gold: list[GoldRecord], results: list[SentenceResult]) -> dict:
    s = classification_scores([g.pentacode for g in gold], [r.pentacode for r in results],
                              PENTACODE_LABELS)
    s["format"] = "pentacode"
    s["per_class"] = {str(k): {**v, "name": PENTACODE_NAMES[k]} for k, v in s["per_class"].items()}
    return s


def _country_ok(gold: list[str], pred: str | None) -> bool:
    return (pred in gold) if gold else not pred


def score_plover(gold: list[GoldRecord], results: list[SentenceResult]) -> dict:
    t = classification_scores([g.plover_type for g in gold], [r.plover_type for r in results])
    n = len(gold)
    src = [_country_ok(g.source_countries, r.source_country) for g, r in zip(gold, results,
                                                                             strict=True)]
    tgt = [_country_ok(g.target_countries, r.target_country) for g, r in zip(gold, results,
                                                                             strict=True)]
    typ = [g.plover_type == r.plover_type for g, r in zip(gold, results, strict=True)]
    full = [a and b and c for a, b, c in zip(typ, src, tgt, strict=True)]
    return {
        "format": "plover-json", "n": n,
        "type_accuracy": t["accuracy"], "type_macro_f1": t["macro_f1"],
        "accuracy": t["accuracy"], "macro_f1": t["macro_f1"],
        "source_accuracy": sum(src) / n if n else 0.0,
        "target_accuracy": sum(tgt) / n if n else 0.0,
        "full_match": sum(full) / n if n else 0.0,
        "labels": t["labels"], "per_class": t["per_class"], "confusion": t["confusion"],
    }


def score(gold: list[GoldRecord], results: list[SentenceResult], fmt: str) -> dict:
    return score_pentacode(gold, results) if fmt == "pentacode" else score_plover(gold, results)


def write_predictions(path: str | Path, results: list[SentenceResult], fmt: str) -> None:
    """One line per gold record, in gold order, tab-separated: index, then the pentacode
    (``pentacode``) or PLOVER type, source ISO3, target ISO3 (``plover-json``; empty when none).
    """
    with open(path, "w", encoding="utf-8") as f:
        for i, r in enumerate(results):
            if fmt == "pentacode":
                f.write(f"{i}\t{r.pentacode}\n")
            else:
                f.write(f"{i}\t{r.plover_type}\t{r.source_country or ''}\t"
                        f"{r.target_country or ''}\n")


# --------------------------------------------------------------------------------------------
# extractors


def learned_extractor(model: LearnedModel) -> Extractor:
    """The learned heads alone (no actors, so no countries)."""
    def run(sentences: list[str]) -> list[SentenceResult]:
        out = []
        for p in model.predict(sentences, evidence=0):
            out.append(SentenceResult(
                pentacode=principal_pentacode([], p),
                plover_type=p.plover_type or "NONE"))
        return out
    return run


def default_rules() -> Callable[[str], list]:
    """The rule extractor alone, as ``sentence -> list[Event]`` (the lead's pipeline module)."""
    from comity.extract import pipeline

    if hasattr(pipeline, "RuleExtractor"):
        from comity.knowledge.base import load_knowledge
        from comity.model import Document

        ext = pipeline.RuleExtractor(kb=load_knowledge(()), model=None)
        return lambda s: ext.extract(Document(text=s, source="<eval>")).events
    return lambda s: pipeline.extract_text(s, model=None)


def _principal_event(events):
    from comity.extract.pipeline import principal_event

    return principal_event(events)


def hybrid_extractor(model: LearnedModel | None, *, rules: Callable | None = None,
                     batch_size: int = 256) -> Extractor:
    """Rules (``comity.extract.pipeline.extract_text`` with no model) combined with the learned
    model through :func:`comity.extract.learned.combine`; ``model=None`` is rules alone."""
    rules = rules or default_rules()

    def run(sentences: list[str]) -> list[SentenceResult]:
        out = []
        for i in range(0, len(sentences), batch_size):
            chunk = sentences[i:i + batch_size]
            preds = model.predict(chunk, evidence=0) if model is not None else [None] * len(chunk)
            for s, p in zip(chunk, preds, strict=True):
                events = list(rules(s))
                if p is not None:
                    events = combine(events, p, s)
                ev = _principal_event(events)
                ptype = ev.plover_type if ev else (
                    p.plover_type if p is not None and p.plover_type else "NONE")
                out.append(SentenceResult(
                    pentacode=principal_pentacode(events, p), plover_type=ptype,
                    source_country=ev.source_country if ev else None,
                    target_country=ev.target_country if ev else None))
        return out
    return run


def rules_available() -> bool:
    try:
        from comity.extract import pipeline  # noqa: F401
    except Exception:
        return False
    return True


#: ``comity eval --extractor`` -> pipeline preset.  ``hybrid`` is the production default (the
#: learned coder first, the rules for what it leaves); ``learned`` is the same pipeline
#: without the rule coding stage (the coder alone decides types); ``rules`` has no model.
def pipeline_stages(kind: str) -> str | list[str]:
    from comity.extract.registry import LEARNED

    if kind == "hybrid":
        return "rules_first"
    if kind == "learned":
        return [s for s in LEARNED if s != "rule_coding"]
    if kind == "rules":
        return "rules"
    raise ValueError(f"unknown extractor {kind!r} (hybrid, rules, learned)")


def pipeline_extractor(kind: str = "hybrid", coder=None, model: LearnedModel | None = None,
                       kb=None) -> Extractor:
    """The production pipeline (:class:`comity.extract.pipeline.Extractor`) as an extractor:
    each gold sentence is one document; its answer is the principal event."""
    from comity.extract.pipeline import Extractor as PipelineExtractor
    from comity.knowledge.base import load_knowledge
    from comity.model import Document

    if kind != "rules" and coder is None and model is None:
        raise ValueError(f"the {kind} extractor needs a model")
    if coder is not None:
        ext = PipelineExtractor(kb=kb or load_knowledge(()), coder=coder,
                                stages=pipeline_stages(kind))
    else:  # an older sentence-classifier model folder: rules + classifier
        ext = PipelineExtractor(kb=kb or load_knowledge(()), model=model,
                                stages="hybrid" if model is not None else "rules")

    def run(sentences: list[str]) -> list[SentenceResult]:
        out = []
        for s in sentences:
            events = ext.extract(Document(text=s, source="<eval>")).events
            ev = _principal_event(events)
            out.append(SentenceResult(
                pentacode=principal_pentacode(events, None),
                plover_type=ev.plover_type if ev and ev.plover_type else "NONE",
                source_country=ev.source_country if ev else None,
                target_country=ev.target_country if ev else None))
        return out
    return run


def make_extractor(kind: str = "hybrid", model=None) -> Extractor:
    """``hybrid`` (learned coder + rules, the production default), ``rules`` or ``learned``
    (the coder without the rule coding stage), all through the production pipeline.  ``model``
    is a coder (``extract.coder``) or an older sentence classifier (``extract.learned``)."""
    from comity.extract.coder import OnnxCoder

    if isinstance(model, OnnxCoder) or (model is not None and hasattr(model, "code")):
        if kind == "learned" and "type" not in getattr(model, "heads", {"type"}):
            # A pentacode-only coder (trained on a pentacode TSV) has no types for the
            # pipeline to build events from: its sentence pentacode is the answer.
            return lambda sents: [SentenceResult(pentacode=c.pentacode)
                                  for c in model.code(sents)]
        return pipeline_extractor(kind, coder=model)
    if kind == "learned":
        if model is None:
            raise ValueError("the learned extractor needs a model")
        return learned_extractor(model)
    if kind not in ("hybrid", "rules"):
        raise ValueError(f"unknown extractor {kind!r} (hybrid, rules, learned)")
    return pipeline_extractor(kind, model=model if kind == "hybrid" else None)


def evaluate(path: str | Path, fmt: str, extractor: Extractor,
             predictions: str | Path | None = None) -> dict:
    """Read gold, run the extractor on its sentences, score; optionally write predictions.

    ``warnings`` in the result lists the gold problems that did not stop scoring (e.g. a bare
    string as ``target``), one line each."""
    warnings: list[str] = []
    gold = read_gold(path, fmt, warnings)
    results = extractor([g.text for g in gold])
    if len(results) != len(gold):
        raise RuntimeError(f"extractor returned {len(results)} results for {len(gold)} records")
    s = score(gold, results, fmt)
    s["gold"] = str(path)
    s["warnings"] = warnings
    if predictions is not None:
        write_predictions(predictions, results, fmt)
    return s


__all__ = [
    "FORMATS", "GoldFormatError", "GoldRecord", "SentenceResult", "classification_scores",
    "evaluate", "hybrid_extractor", "learned_extractor", "make_extractor",
    "pipeline_extractor", "read_gold",
    "read_pentacode", "read_plover_json", "score", "score_pentacode", "score_plover",
    "write_predictions",
]
