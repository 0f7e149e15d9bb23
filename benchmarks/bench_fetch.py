"""`comity fetch gdelt` throughput: downloads run ahead of loading (workers) vs one at a time.

A local server (127.0.0.1, no internet) serves a day of GDELT 2.0 15-minute export files
built from the real export in ../shared/gold (its rows split over ``--files`` files), each
answer delayed by ``--latency`` seconds to stand in for the network.  Both runs load the
same files into fresh stores in one process, side by side, ``--repeat`` times each; the
median wall time and the ratio are printed.

    python benchmarks/bench_fetch.py [--files 96] [--latency 0.05] [--workers 4] [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold" / "gdelt2-export-20180101000000.tsv"
sys.path.insert(0, str(ROOT))


def build(files: int) -> list[tuple[str, bytes]]:
    rows = [ln for ln in GOLD.read_text("utf-8").splitlines() if ln.strip()]
    per = max(1, len(rows) // files)
    out = []
    for i in range(files):
        stamp = f"20180101{i // 4:02d}{(i % 4) * 15:02d}00"
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(f"{stamp}.export.CSV", "\n".join(rows[i * per:(i + 1) * per]) + "\n")
        out.append((f"{stamp}.export.CSV.zip", buf.getvalue()))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=96)
    ap.add_argument("--latency", type=float, default=0.05)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not GOLD.exists():
        print(f"{GOLD} not available", file=sys.stderr)
        return 1
    from comity.live import fetch_gdelt
    from comity.sources.remote import Fetcher
    from tests.fetch_server import LocalServer, Route

    files = build(args.files)
    times: dict[int, list[float]] = {1: [], args.workers: []}
    rows: dict[int, int] = {}
    with LocalServer() as srv, tempfile.TemporaryDirectory() as tmp:
        os.environ["COMITY_CACHE"] = str(Path(tmp) / "cache")
        lines = []
        for name, data in files:
            srv.routes[f"/gdeltv2/{name}"] = Route(data, "application/zip", delay=args.latency)
            lines.append(f"{len(data)} {hashlib.md5(data).hexdigest()} "
                         f"http://data.gdeltproject.org/gdeltv2/{name}")
        srv.routes["/gdeltv2/masterfilelist.txt"] = Route(("\n".join(lines) + "\n").encode())
        for r in range(args.repeat):
            for workers in times:  # side by side, alternating
                db = Path(tmp) / f"s-{workers}-{r}.duckdb"
                fetcher = Fetcher(Path(tmp) / f"c-{workers}-{r}", robots=False, min_interval=0)
                started = time.perf_counter()
                report = fetch_gdelt(db, date(2018, 1, 1), date(2018, 1, 1), base_url=srv.base,
                                     folder=Path(tmp) / f"d-{workers}-{r}", workers=workers,
                                     fetcher=fetcher)
                times[workers].append(time.perf_counter() - started)
                assert not report.failures, report.failures
                rows[workers] = report.rows_loaded
    one, many = statistics.median(times[1]), statistics.median(times[args.workers])
    result = {"files": args.files, "rows": rows[1], "latency_s": args.latency,
              "workers": args.workers, "one_at_a_time_s": round(one, 2),
              "workers_s": round(many, 2), "speedup": round(one / many, 2)}
    assert rows[1] == rows[args.workers]
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{args.files} files, {rows[1]} rows, {args.latency * 1000:.0f} ms latency: "
              f"one at a time {one:.2f} s, {args.workers} workers {many:.2f} s "
              f"(x{one / many:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
