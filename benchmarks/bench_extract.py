"""Extraction throughput: rules-only vs hybrid (learned coder + rules, the default), side by side.

Both paths run on the same input (the bundled corpus, its documents repeated to ``--sentences``
sentences; or ``--input FILE``, one text a line / ``sentence<TAB>label``), each in a fresh
subprocess pinned to ``--cores`` CPU cores (onnxruntime uses 2 threads), so peak memory (max RSS) is
per path.  Model loading is timed apart from extraction (warm-up on a few documents first).

    python benchmarks/bench_extract.py [--cores 2] [--sentences 2000] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _documents(input_file: str | None, n_sentences: int):
    from comity.extract.sentences import split_sentences
    from comity.model import Document

    if input_file:
        texts = [ln.split("\t")[0] for ln in Path(input_file).read_text(encoding="utf-8")
                 .splitlines() if ln.strip()]
    else:
        corpus = ROOT / "src" / "comity" / "data" / "corpus"
        texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    docs, count, i = [], 0, 0
    while count < n_sentences:
        t = texts[i % len(texts)]
        # vary the text a little so no cache can help (the rules have none; be explicit)
        docs.append(Document(text=t, source=f"bench{i}"))
        count += len(split_sentences(t))
        i += 1
    return docs, count


def run_path(path: str, cores: int, input_file: str | None, n: int, repeat: int) -> dict:
    if hasattr(os, "sched_setaffinity"):
        avail = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, set(avail[:cores]))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("OMP_NUM_THREADS", str(cores))
    t0 = time.perf_counter()
    from comity.extract.pipeline import RuleExtractor

    coder = None
    if path == "hybrid":
        from comity.extract.coder import load_coder

        coder = load_coder()
    ext = RuleExtractor(coder=coder)
    docs, n_sent = _documents(input_file, n)
    for d in docs[:3]:  # warm-up: loads the model and knowledge lazily
        ext.extract(d)
    load_s = time.perf_counter() - t0
    rates, events = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        events = sum(len(ext.extract(d).events) for d in docs)
        rates.append(n_sent / (time.perf_counter() - t))
    return {"path": path, "cores": cores, "sentences": n_sent, "documents": len(docs),
            "events": events, "sentences_per_s": max(rates), "runs": rates,
            "load_s": load_s,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--input", default=None)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--path", choices=["rules", "hybrid"], help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.path:  # child process
        print(json.dumps(run_path(a.path, a.cores, a.input, a.sentences, a.repeat)))
        return 0
    results = []
    for path in ("rules", "hybrid"):
        cmd = [sys.executable, __file__, "--path", path, "--cores", str(a.cores),
               "--sentences", str(a.sentences), "--repeat", str(a.repeat)]
        if a.input:
            cmd += ["--input", a.input]
        p = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if p.returncode:
            print(p.stderr[-2000:], file=sys.stderr)
            return p.returncode
        results.append(json.loads(p.stdout.strip().splitlines()[-1]))
    if a.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'path':8s} {'sent/s':>9s} {'runs':>24s} {'load s':>7s} {'peak MB':>8s} "
          f"{'events':>7s}  ({results[0]['sentences']} sentences, {a.cores} cores)")
    for r in results:
        runs = ",".join(f"{x:.0f}" for x in r["runs"])
        print(f"{r['path']:8s} {r['sentences_per_s']:9.0f} {runs:>24s} {r['load_s']:7.1f} "
              f"{r['peak_rss_mb']:8.0f} {r['events']:7d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
