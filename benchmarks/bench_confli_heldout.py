"""Pentacode macro-F1 on a FIXED held-out 20 % slice of the ConfliBERT CAMEO training file.

The slice is every sentence with ``sha1(text) % 100 < 20`` (deterministic, no cross-validation).

1. out of the box: the production pipeline (learned coder + rules), the coder alone and the
   rules alone on the slice; the shipped coder never saw any ConfliBERT sentence;
2. ``comity train``'s fine-tuning on the other 80 % (pentacode head only), scored on the slice
   (the model is written to a temporary folder and deleted).

The shared file is read in place, never copied.  Needs the ``train`` extra for part 2.

    nice -n 10 python benchmarks/bench_confli_heldout.py [--minutes 4] [--skip-train] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "gold" / "confli-cameo-train.tsv"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--minutes", type=float, default=4.0)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--skip-train", action="store_true")
    ap.add_argument("--skip-pipeline", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)

    from comity.extract.coder import OnnxCoder, load_coder
    from comity.extract.evaluate import classification_scores, make_extractor, read_pentacode
    from comity.extract.finetune import finetune, hash_bucket, pentacode_f1

    gold = read_pentacode(a.gold)
    held = [g for g in gold if hash_bucket(g.text) < 20]
    rest = [g for g in gold if hash_bucket(g.text) >= 20]
    texts, ys = [g.text for g in held], [g.pentacode for g in held]
    res: dict = {"gold": str(a.gold), "n_slice": len(held), "n_train": len(rest)}
    if not a.skip_pipeline:
        coder = load_coder()
        for kind in ("hybrid", "learned", "rules"):
            t0 = time.time()
            pred = [r.pentacode for r in make_extractor(kind, coder if kind != "rules" else None
                                                        )(texts)]
            s = classification_scores(ys, pred, (0, 1, 2, 3, 4))
            res[f"out_of_box_{kind}"] = {"macro_f1": round(s["macro_f1"], 4),
                                         "accuracy": round(s["accuracy"], 4),
                                         "seconds": round(time.time() - t0, 1)}
            print(kind, res[f"out_of_box_{kind}"], file=sys.stderr, flush=True)
    if not a.skip_train:
        with tempfile.TemporaryDirectory() as tmp:
            rows = [{"text": g.text, "pentacode": g.pentacode} for g in rest]
            fp32 = finetune(rows, tmp, minutes=a.minutes, epochs=a.epochs,
                            progress=lambda m: print(m, file=sys.stderr, flush=True))
            meta = json.loads((Path(tmp) / "meta.json").read_text())
            res["trained_80_int8"] = pentacode_f1(ys, OnnxCoder(tmp), texts)
            res["trained_80_fp32"] = pentacode_f1(ys, OnnxCoder(tmp, onnx_path=fp32), texts)
            res["trained_steps"] = f"{meta['steps']}/{meta['steps_planned']}"
            res["train_seconds"] = meta["train_seconds"]
    if a.json:
        print(json.dumps(res))
    else:
        for k, v in res.items():
            print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
