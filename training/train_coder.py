"""Train the shipped coder (src/comity/models/coder) on the team's sentences.

Run from the repository root with the ``train`` extra installed::

    nice -n 10 python training/train_coder.py --minutes 11

Data: training/sentences/*.jsonl and training/extra/*.jsonl (written by the comity team).
Weak role spans: the knowledge base's actor finder marks the first actor of an event sentence
as source and the next actor of another country as target; sentences without event get all-O
tags.  No sentence carries trigger or reciprocal spans yet, so those tags are never learned.
Dev = sha1(text) % 100 < 10; fp32 and int8 are scored on it side by side.
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from comity.extract.coder import STATUSES, OnnxCoder  # noqa: E402
from comity.extract.finetune import TYPES, finetune, hash_bucket, write_scores  # noqa: E402

DATA = ["training/sentences/*.jsonl", "training/extra/*.jsonl"]


def load_rows() -> list[dict]:
    rows = []
    for pat in DATA:
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
    """Source/target spans from the rule actor finder (weak labels, event sentences only)."""
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


def dev_scores(dev: list[dict], got) -> dict:
    from comity.extract.evaluate import classification_scores

    yt = [r["plover_type"] for r in dev]
    pt = [g.plover_type or "NONE" for g in got]
    return {
        "n": len(dev),
        "type_macro_f1": round(classification_scores(yt, pt, TYPES)["macro_f1"], 4),
        "type_accuracy": round(float(np.mean([a == b for a, b in zip(yt, pt, strict=True)])), 4),
        "pentacode_macro_f1": round(classification_scores(
            [int(r["pentacode"]) for r in dev], [g.pentacode for g in got],
            (0, 1, 2, 3, 4))["macro_f1"], 4),
        "status_accuracy": round(float(np.mean([r["status"] == g.status
                                                for r, g in zip(dev, got, strict=True)])), 4),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "src/comity/models/coder"))
    ap.add_argument("--minutes", type=float, default=11.0)
    ap.add_argument("--epochs", type=int, default=2)
    args = ap.parse_args()
    rows = load_rows()
    weak_spans(rows)
    train = [r for r in rows if hash_bucket(r["text"]) >= 10]
    dev = [r for r in rows if hash_bucket(r["text"]) < 10]
    files = sorted(str(Path(f).relative_to(ROOT)) for p in DATA for f in glob.glob(str(ROOT / p)))
    meta = {"training_data": {
        "files": files, "written_by": "the comity team (own sentences)",
        "spans": "weak: actor finder (first actor source, next other-country actor target)",
        "not_used": "NGEC synthetic stories (MIT) not used in this model; no ConfliBERT data; "
                    "no test split of any benchmark"},
        "split": "dev = sha1(text) % 100 < 10", "n_dev": len(dev)}
    fp32 = finetune(train, args.out, minutes=args.minutes, epochs=args.epochs,
                    meta_extra=meta, progress=lambda m: print(m, flush=True))
    scores = {}
    for label, path in (("dev_fp32", fp32), ("dev_int8", Path(args.out) / "model.onnx")):
        scores[label] = dev_scores(dev, OnnxCoder(args.out, onnx_path=path).code(
            [r["text"] for r in dev]))
        print(label, scores[label], flush=True)
    write_scores(args.out, scores)
    fp32.unlink()


if __name__ == "__main__":
    main()
