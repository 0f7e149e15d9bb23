"""Extraction time against input size: 100 KB and 1 MB of text, side by side in one run.

Two inputs per size: wire-like text (sentences of about 30 tokens) and the same words with no
punctuation at all (one "sentence" as long as the file).  Linear extraction gives a 1 MB /
100 KB time ratio near 10; the aim is 1 MB in under 10 s with the rules alone.  Also times
``dedupe`` on the events of the 1 MB input, duplicated.

    python benchmarks/bench_extract_scaling.py [--sizes 100000 1000000]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date

WORDS = ("Pakistan Russia met India China signed the talks with officials attacked troops in "
         "Moscow on Tuesday and said it would help aid to Iran agreement minister the of "
         "foreign ministry spokesman Kabul border security").split()


def generate(size: int, *, punctuated: bool, seed: int = 1) -> str:
    """About ``size`` characters of words; with ``punctuated`` a full stop every 30 words."""
    rng = random.Random(seed)
    out: list[str] = []
    n = 0
    count = 0
    while n < size:
        w = rng.choice(WORDS)
        count += 1
        if punctuated and count % 30 == 0:
            w += "."
        out.append(w)
        n += len(w) + 1
    return " ".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = ap.parse_args(argv)

    from comity.extract.dedupe import dedupe
    from comity.extract.pipeline import Extractor
    from comity.model import Document

    ext = Extractor()
    ext.extract(Document(text="Pakistan met Russia.", published=date(2020, 1, 1)))  # warm up
    results: dict[tuple[str, int], float] = {}
    events_of_largest = []
    for kind in ("punctuated", "no punctuation"):
        for size in args.sizes:
            text = generate(size, punctuated=kind == "punctuated")
            t0 = time.perf_counter()
            out = ext.extract(Document(text=text, published=date(2020, 1, 1)))
            secs = time.perf_counter() - t0
            results[(kind, size)] = secs
            print(f"{kind:15s} {size / 1e6:6.2f} MB  {len(out.sentences):6d} sentences "
                  f"{len(out.events):7d} events  {secs:7.2f} s")
            if size == max(args.sizes):
                events_of_largest = out.events
    lo, hi = min(args.sizes), max(args.sizes)
    for kind in ("punctuated", "no punctuation"):
        ratio = results[(kind, hi)] / results[(kind, lo)]
        print(f"{kind}: time ratio {hi // 1000} KB / {lo // 1000} KB = {ratio:.1f} "
              f"(size ratio {hi / lo:.0f})")
    evs = events_of_largest * 2
    t0 = time.perf_counter()
    clusters = dedupe(evs)
    print(f"dedupe: {len(evs)} events -> {len(clusters)} clusters in "
          f"{time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
