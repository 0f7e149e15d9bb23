"""The learned coder at run time: a fine-tuned MiniLM, int8 ONNX, run without torch.

Contract: /work/notes/coder-interface.md (``Coder.code`` -> one :class:`SentenceCode` per
sentence).  Only numpy, onnxruntime and tokenizers are imported, so the base install stays
light; the model is trained by ``training/train_coder.py`` (the ``train`` extra).

A model directory holds ``model.onnx`` (int8), ``tokenizer.json`` and ``meta.json`` (labels,
training data and its hash, dev scores).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
STATUSES = ("asserted", "intended", "hypothetical", "negated", "assessment")
ROLES = ("source", "target", "reciprocal", "trigger")
BIO_TAGS = ("O",) + tuple(f"{p}-{r}" for r in ROLES for p in ("B", "I"))
#: Pentacode of an asserted event of each type (DESIGN.md), used when the head is unsure.
TYPE_PENTACODE = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "REQUEST": 1,
    "COOPERATE": 2, "AID": 2, "CONCEDE": 2, "RETREAT": 2,
    "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
DEFAULT_CODER_DIR = Path(__file__).resolve().parents[1] / "models" / "coder"
EVENT_THRESHOLD = 0.5
BATCH = 32


@dataclass(frozen=True)
class RoleSpan:
    role: str
    start: int
    end: int
    text: str
    score: float


@dataclass(frozen=True)
class SentenceCode:
    event_prob: float
    plover_type: str | None
    type_probs: dict[str, float]
    mode: str | None
    cameo_root: str | None
    status: str
    status_probs: dict[str, float]
    pentacode: int
    spans: tuple[RoleSpan, ...]


class ModelError(ValueError):
    """A model directory that cannot be used (one clear line)."""


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


class OnnxCoder:
    """Codes sentences with one ONNX session; thread-safe, batched."""

    def __init__(self, path: str | Path, onnx_path: str | Path | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.path = Path(path)
        onnx_file = Path(onnx_path) if onnx_path else self.path / "model.onnx"
        for f in (onnx_file, self.path / "tokenizer.json", self.path / "meta.json"):
            if not f.is_file():
                raise ModelError(f"{f}: missing (a coder model needs model.onnx, "
                                 "tokenizer.json and meta.json)")
        self.meta = json.loads((self.path / "meta.json").read_text(encoding="utf-8"))
        self.name = self.meta.get("name", "comity-coder")
        self.version = str(self.meta.get("version", "0"))
        self.types = tuple(self.meta["types"])
        self.statuses = tuple(self.meta["statuses"])
        self.modes = tuple(self.meta.get("modes", ()))
        self.mode_types = {m: set(t) for m, t in self.meta.get("mode_types", {}).items()}
        self.tags = tuple(self.meta["bio_tags"])
        #: Heads the model was trained with (a pentacode-only model has no type head).
        self.heads = set(self.meta.get("heads", ("type", "status", "pentacode", "mode",
                                                 "tokens")))
        self.tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        self.tokenizer.enable_truncation(int(self.meta.get("max_len", 64)))
        self.tokenizer.enable_padding()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 2
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(onnx_file), opts,
                                            providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()

    def code(self, sentences: list[str]) -> list[SentenceCode]:
        out: list[SentenceCode] = []
        for b in range(0, len(sentences), BATCH):
            out.extend(self._code_batch(sentences[b:b + BATCH]))
        return out

    def _code_batch(self, sentences: list[str]) -> list[SentenceCode]:
        if not sentences:
            return []
        with self._lock:
            encs = self.tokenizer.encode_batch([s or " " for s in sentences])
        ids = np.array([e.ids for e in encs], dtype=np.int64)
        att = np.array([e.attention_mask for e in encs], dtype=np.int64)
        lt, ls, lp, lm, lk = self.session.run(
            None, {"input_ids": ids, "attention_mask": att})
        pt, ps, pp, pm, pk = (_softmax(x) for x in (lt, ls, lp, lm, lk))
        return [self._one(s, e, pt[i], ps[i], pp[i], pm[i], pk[i])
                for i, (s, e) in enumerate(zip(sentences, encs, strict=True))]

    def _one(self, text, enc, pt, ps, pp, pm, pk) -> SentenceCode:
        status_probs = {s: float(p) for s, p in zip(self.statuses, ps, strict=True)}
        status = max(status_probs, key=status_probs.get) if "status" in self.heads else "asserted"
        if "type" not in self.heads:  # pentacode-only model (e.g. trained on a pentacode TSV)
            return SentenceCode(1.0 - float(pp[0]), None, {"NONE": 1.0}, None, None, status,
                                status_probs, int(np.argmax(pp)), ())
        type_probs = {t: float(p) for t, p in zip(self.types, pt, strict=True)}
        event_prob = 1.0 - type_probs.get("NONE", 0.0)
        best = max(PLOVER_TYPES, key=lambda t: type_probs.get(t, 0.0))
        ptype = best if event_prob >= EVENT_THRESHOLD else None
        if ptype is None:
            pentacode = 0
        else:
            head = int(np.argmax(pp))
            pentacode = head if head in (TYPE_PENTACODE[ptype], 0) else TYPE_PENTACODE[ptype]
        mode = None
        if ptype is not None and self.modes:
            valid = [i for i, m in enumerate(self.modes) if ptype in self.mode_types.get(m, ())]
            if valid:
                i = max(valid, key=lambda k: pm[k])
                if pm[i] >= 0.5:
                    mode = self.modes[i]
        spans = self._spans(text, enc, pk) if ptype is not None and "tokens" in self.heads else ()
        return SentenceCode(event_prob, ptype, type_probs, mode, None, status, status_probs,
                            pentacode, spans)

    def _spans(self, text: str, enc, pk: np.ndarray) -> tuple[RoleSpan, ...]:
        """BIO decoding over word pieces; spans snap to the characters the pieces cover."""
        spans: list[RoleSpan] = []
        cur: list = []  # [role, start, end, probs]

        def close():
            if cur:
                role, s, e, probs = cur
                spans.append(RoleSpan(role, s, e, text[s:e], round(float(np.mean(probs)), 3)))
                cur.clear()

        for j, (s, e) in enumerate(enc.offsets):
            if e <= s or enc.attention_mask[j] == 0:
                continue
            k = int(np.argmax(pk[j]))
            tag = self.tags[k]
            if tag == "O":
                close()
                continue
            prefix, role = tag.split("-", 1)
            word_cont = cur and s == cur[2] and cur[0] == role  # inside one word
            if cur and cur[0] == role and (prefix == "I" or word_cont):
                cur[2] = e
                cur[3].append(pk[j][k])
            else:
                close()
                cur.extend([role, s, e, [pk[j][k]]])
        close()
        return tuple(sorted(spans, key=lambda r: r.start))


Coder = OnnxCoder
_CACHE: dict[Path, OnnxCoder] = {}


def load_coder(path: str | Path | None = None) -> OnnxCoder:
    """The coder in ``path`` (None: the shipped default), loaded once per directory."""
    p = Path(path) if path else DEFAULT_CODER_DIR
    p = p.resolve()
    if p not in _CACHE:
        _CACHE[p] = OnnxCoder(p)
    return _CACHE[p]
