"""Per-endpoint latency of the dashboard for one dyad on a large store.

Builds a store of N dataset-style events (default 10,000,000) in bulk with DuckDB,
through the store's own schema, then times each page for PAK-RUS through the real
app (FastAPI TestClient: routing, analysis, rendering; no network).

    python benchmarks/bench_dashboard.py [--events N] [--db PATH] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from comity.store import Store
from comity.web.app import create_app

COUNTRIES = ["PAK", "RUS", "IND", "CHN", "USA", "AFG", "IRN", "TUR", "SAU", "GBR", "FRA", "DEU",
             "JPN", "KOR", "BRA", "ZAF", "NGA", "EGY", "ISR", "UKR"]
ENDPOINTS = ["/dyad?a=PAK&b=RUS", "/dyad?a=PAK&b=RUS&freq=month", "/events?a=PAK&b=RUS",
             "/events?a=PAK&b=RUS&domain=security&sort=goldstein&desc=true",
             "/meetings?a=PAK&b=RUS", "/follow?a=PAK&b=RUS", "/third?a=PAK&b=RUS",
             "/state/PAK", "/export.csv?a=PAK&b=RUS&since=2020-01-01"]


def build(path: Path, n: int) -> None:
    """N events between random pairs of 20 states over 1995-2024, as a dataset loads them."""
    s = Store(path)
    cs = "[" + ", ".join(f"'{c}'" for c in COUNTRIES) + "]"
    s.con.execute(f"""
        INSERT INTO events BY NAME
        SELECT 'gdelt:' || i AS event_id, DATE '1995-01-01' + CAST(hash(i) % 10950 AS INTEGER)
                   AS date, 'day' AS date_precision,
               list_element({cs}, CAST(hash(i, 1) % 20 AS INTEGER) + 1) AS source_country,
               list_element({cs}, CAST(hash(i, 2) % 20 AS INTEGER) + 1) AS target_country,
               ['CONSULT', 'AGREE', 'AID', 'ACCUSE', 'THREATEN', 'COERCE'][
                   CAST(hash(i, 3) % 6 AS INTEGER) + 1] AS plover_type,
               ['040', '057', '070', '112', '130', '170'][CAST(hash(i, 3) % 6 AS INTEGER) + 1]
                   AS cameo,
               [1, 1, 2, 3, 3, 4][CAST(hash(i, 3) % 6 AS INTEGER) + 1] AS quad_class,
               [1.0, 8.0, 7.0, -2.0, -4.4, -5.0][CAST(hash(i, 3) % 6 AS INTEGER) + 1]
                   AS goldstein,
               ['security', 'trade', 'diplomacy'][CAST(hash(i, 4) % 3 AS INTEGER) + 1]
                   AS domains,
               'asserted' AS status, 'gdelt' AS dataset, CAST(i AS VARCHAR) AS source_event_id,
               1 + CAST(hash(i, 5) % 5 AS INTEGER) AS num_mentions, 'gdelt' AS extractor
        FROM range({n}) t(i)""")
    s.con.execute("INSERT INTO event_domains SELECT event_id, domains FROM events")
    s.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "bench.duckdb"
    if not path.exists():
        t0 = time.perf_counter()
        build(path, args.events)
        print(f"built {args.events:,} events in {time.perf_counter() - t0:.1f} s: {path}")
    client = TestClient(create_app(str(path)))
    print(f"{'endpoint':62} {'median ms':>9} {'max ms':>7}")
    for url in ENDPOINTS:
        client.get(url)  # warm: first use loads code tables
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200, (url, r.status_code)
        print(f"{url:62} {statistics.median(times):9.0f} {max(times):7.0f}")


if __name__ == "__main__":
    main()
