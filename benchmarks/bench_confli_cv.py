"""Pentacode macro-F1 on the ConfliBERT CAMEO training file (../shared/gold/confli-cameo-train.tsv).

1. ``comity train``'s learner, 5-fold stratified cross-validation (mean +- sd), with the
   feature sets side by side (n-grams only, embeddings only, both);
2. the shipped default model (trained only on comity's own sentences), out of the box:
   learned heads alone, and hybrid with the rules when ``comity.extract.pipeline`` exists.

The shared file is read in place, never copied, and no model trained on it is saved.

    python benchmarks/bench_confli_cv.py [--folds 5] [--seed 0] [--threads 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "gold" / "confli-cameo-train.tsv"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--quick", action="store_true", help="only the full feature set")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    if not Path(a.gold).is_file():
        print(f"skip: {a.gold} not found", file=sys.stderr)
        return 0
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.set_num_threads(a.threads)

    from comity.extract.evaluate import evaluate, make_extractor, rules_available
    from comity.extract.learned import load_model
    from comity.extract.train import TrainConfig, cross_validate, embed_texts, read_training

    ex = read_training(a.gold, "pentacode")
    t0 = time.perf_counter()
    E = embed_texts([e.text for e in ex], TrainConfig())
    t_emb = time.perf_counter() - t0
    results: dict = {"gold": str(a.gold), "n": len(ex), "embedding_seconds": round(t_emb, 1)}
    configs = {"ngrams+embedding": TrainConfig()}
    if not a.quick:
        configs["ngrams only"] = TrainConfig(embedding=False)
        configs["embedding only"] = TrainConfig(max_features=0, char=False)
    cv = {}
    for name, cfg in configs.items():
        r = cross_validate(ex, cfg, folds=a.folds, seed=a.seed,
                           embeddings=E if cfg.embedding else None)
        cv[name] = {k: r[k] for k in ("macro_f1_mean", "macro_f1_sd", "accuracy_mean")}
        if not a.json:
            print(f"CV {a.folds}-fold  {name:18s} macro-F1 {r['macro_f1_mean']:.3f} "
                  f"+- {r['macro_f1_sd']:.3f}   accuracy {r['accuracy_mean']:.3f}", flush=True)
    results["cv"] = cv
    model = load_model()
    oob = {}
    kinds = ["learned"] + (["hybrid", "rules"] if rules_available() else [])
    for kind in kinds:
        s = evaluate(a.gold, "pentacode", make_extractor(kind, model))
        oob[kind] = {"macro_f1": s["macro_f1"], "accuracy": s["accuracy"]}
        if not a.json:
            print(f"out-of-box default model ({kind:7s}) macro-F1 {s['macro_f1']:.3f}   "
                  f"accuracy {s['accuracy']:.3f}", flush=True)
    results["out_of_box"] = oob
    results["default_model"] = model.version
    if a.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
