"""Benchmark: loading the whole knowledge base (states, IGOs, people, organisations).

    python benchmarks/bench_knowledge.py [--repeat 5]

Prints, side by side in one run: a cold load (YAML parsed, JSON cache written), warm
loads (from the cache, as every command after the first does), and the phrase-index
lookups per second.  The target is well under a second for a warm load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        os.environ["COMITY_CACHE"] = cache
        from comity.knowledge.base import build_knowledge

        t = time.perf_counter()
        kb = build_knowledge()
        cold = time.perf_counter() - t
        warm = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            build_knowledge()
            warm.append(time.perf_counter() - t)
    phrases = ["putin", "sharif", "kremlin", "pakistani", "islamabad", "gazprom", "nato",
               "united states", "ttp", "no such name"]
    n = 200_000
    t = time.perf_counter()
    for i in range(n):
        kb.lookup(phrases[i % len(phrases)])
    rate = n / (time.perf_counter() - t)
    roles = sum(len(p.roles) for p in kb.people)
    print(f"knowledge: {len(kb.states)} states, {len(kb.igos)} IGOs, {len(kb.people)} people "
          f"({roles} roles), {len(kb.organisations)} organisations, {len(kb.index)} phrases")
    print(f"cold load (parse YAML, write cache): {cold:.3f} s")
    print(f"warm load (median of {args.repeat}):   {statistics.median(warm):.3f} s "
          f"({cold / statistics.median(warm):.1f}x faster than cold)")
    print(f"phrase lookups: {rate:,.0f} per second")


if __name__ == "__main__":
    main()
