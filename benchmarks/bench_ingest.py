"""Benchmark: comity's dataset ingest and dyad query against pandas, on GDELT 2.0 files.

    python benchmarks/bench_ingest.py                 # 2M rows side by side + 10M comity alone
    python benchmarks/bench_ingest.py --rows 200000 --big-rows 0   # quick run

Files are generated under benchmarks/_data/ (git-ignored) in the GDELT 2.0 export
format (61 tab-separated columns).  Each contender runs in its own subprocess;
wall time and peak RSS (os.wait4) are measured per process.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "_data"
COUNTRIES = ["USA", "RUS", "CHN", "PAK", "IND", "GBR", "FRA", "DEU", "IRN", "ISR", "TUR", "JPN",
             "KOR", "PRK", "UKR", "AFG", "SAU", "EGY", "BRA", "ZAF", "ROM", ""]
FIPS = ["US", "RS", "CH", "PK", "IN", "UK", "FR", "GM", "IR", "IS", "TU", "JA", "KS", "KN", "UP",
        "AF", "SA", "EG", "BR", "SF", "RO", ""]
CODES = ["010", "020", "036", "040", "042", "043", "046", "051", "057", "061", "062", "071",
         "0874", "111", "112", "120", "130", "138", "141", "163", "172", "173", "190", "193"]


def generate(path: Path, rows: int) -> None:
    """A GDELT 2.0 export file of ``rows`` synthetic rows, written by DuckDB."""
    import duckdb

    from comity.sources.gdelt import GDELT2_COLUMNS

    path.parent.mkdir(parents=True, exist_ok=True)
    arr = lambda xs: "[" + ", ".join(f"'{x}'" for x in xs) + "]"  # noqa: E731
    exprs = {c: "''" for c in GDELT2_COLUMNS}
    exprs.update({
        "GlobalEventID": "CAST(700000000 + i AS VARCHAR)",
        "Day": "strftime(DATE '2015-02-18' + CAST(i % 3650 AS INTEGER), '%Y%m%d')",
        "MonthYear": "'201801'", "Year": "'2018'", "FractionDate": "'2018.0014'",
        "Actor1Code": f"{arr(COUNTRIES)}[1 + (hash(i) % {len(COUNTRIES)})::INTEGER]",
        "Actor1Name": "'ACTOR ' || (i % 997)::VARCHAR",
        "Actor1CountryCode": f"{arr(COUNTRIES)}[1 + (hash(i) % {len(COUNTRIES)})::INTEGER]",
        "Actor1Type1Code": "CASE WHEN i % 3 = 0 THEN 'GOV' WHEN i % 3 = 1 THEN 'MIL' ELSE '' END",
        "Actor2Code": f"{arr(COUNTRIES)}[1 + (hash(i * 7) % {len(COUNTRIES)})::INTEGER]",
        "Actor2Name": "'ACTOR ' || (i % 991)::VARCHAR",
        "Actor2CountryCode": f"{arr(COUNTRIES)}[1 + (hash(i * 7) % {len(COUNTRIES)})::INTEGER]",
        "IsRootEvent": "'1'",
        "EventCode": f"{arr(CODES)}[1 + (hash(i * 13) % {len(CODES)})::INTEGER]",
        "EventBaseCode": "'040'", "EventRootCode": "'04'",
        "QuadClass": "CAST(1 + (hash(i * 13) % 4) AS VARCHAR)",
        "GoldsteinScale": "CAST(round((CAST(hash(i * 17) % 200 AS INTEGER) - 100) / 10.0, 1) AS VARCHAR)",
        "NumMentions": "CAST(1 + i % 20 AS VARCHAR)", "NumSources": "'1'", "NumArticles": "'2'",
        "AvgTone": "'-1.2345678'",
        "Actor1Geo_Type": "'4'", "Actor1Geo_FullName": "'Moscow, Moskva, Russia'",
        "Actor1Geo_CountryCode": "'RS'", "Actor1Geo_Lat": "'55.7522'", "Actor1Geo_Long": "'37.6156'",
        "ActionGeo_Type": "'4'", "ActionGeo_FullName": "'Islamabad, Islamabad, Pakistan'",
        "ActionGeo_CountryCode": f"{arr(FIPS)}[1 + (hash(i * 7) % {len(FIPS)})::INTEGER]",
        "ActionGeo_ADM1Code": "'PK08'", "ActionGeo_Lat": "'33.7'", "ActionGeo_Long": "'73.1667'",
        "ActionGeo_FeatureID": "'-2762263'",
        "DATEADDED": "'20180101000000'",
        "SOURCEURL": "'https://www.example.com/news/world/' || i::VARCHAR || '-a-story.html'",
    })
    select = ", ".join(f'{e} AS "{c}"' for c, e in exprs.items())
    tmp = path.with_suffix(".tmp")
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT {select} FROM range({rows}) t(i)) TO '{tmp}' "
        "(FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '', ESCAPE '')"
    )
    tmp.rename(path)


# -- contenders (each runs in a child process) ---------------------------------

def child(task: str, file: str, db: str) -> None:
    if task == "comity-ingest":
        from comity.sources.datasets import ingest_dataset
        from comity.store import Store

        with Store(db) as store:
            s = ingest_dataset(store, file)
        print(s.line(), file=sys.stderr)
    elif task == "pandas-read":  # the yardstick: plain read_csv of the same file
        import pandas as pd

        df = pd.read_csv(file, sep="\t", header=None, dtype=str, quoting=3)
        print(len(df), file=sys.stderr)
    elif task == "pandas-query":
        import pandas as pd

        df = pd.read_csv(file, sep="\t", header=None, usecols=[1, 7, 17, 29, 30],
                         names=None, dtype={1: str, 7: str, 17: str}, quoting=3)
        df.columns = ["day", "a1", "a2", "quad", "goldstein"]
        d = df[((df.a1 == "PAK") & (df.a2 == "RUS")) | ((df.a1 == "RUS") & (df.a2 == "PAK"))].copy()
        d["period"] = d["day"].str[:6]
        g = d.groupby(["period", "quad"]).agg(n=("quad", "size"), g=("goldstein", "sum"))
        print(len(g), file=sys.stderr)
    else:
        raise SystemExit(f"unknown task {task}")


def measure(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of a command run as a child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024


def run(rows: int, with_pandas: bool) -> list[tuple[str, float, float]]:
    file = DATA / f"gdelt2-{rows}.export.CSV"
    if not file.exists():
        t = time.perf_counter()
        generate(file, rows)
        print(f"generated {file} ({file.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f}s")
    size = file.stat().st_size / 1e6
    db = DATA / f"bench-{rows}.duckdb"
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    me = [sys.executable, __file__, "--child"]
    comity = [sys.executable, "-m", "comity"] if not _comity_bin() else [_comity_bin()]
    results = []
    results.append(("comity ingest (parse, map codes, persist)", *measure([*me, "comity-ingest", str(file), str(db)])))
    query = ["series", "PAK", "RUS", "--db", str(db), "--format", "csv"]
    results.append(("comity series PAK RUS (CLI, from store)", *measure([*comity, *query])))
    if with_pandas:
        results.append(("pandas read_csv (whole file, as text)", *measure([*me, "pandas-read", str(file), ""])))
        results.append(("pandas read_csv + filter + groupby", *measure([*me, "pandas-query", str(file), ""])))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n{rows:,} rows, {size:,.0f} MB ({os.cpu_count()} CPUs, load average now {load})")
    print(f"{'contender':45} {'seconds':>9} {'MB/s':>7} {'peak RSS MB':>12}")
    for name, wall, rss in results:
        print(f"{name:45} {wall:9.2f} {size / wall:7.0f} {rss:12.0f}")
    if with_pandas:
        t = {n: w for n, w, _ in results}
        names = [n for n, _, _ in results]
        print(f"ingest speed-up vs pandas read_csv:        {t[names[2]] / t[names[0]]:.1f}x (target 3x)")
        print(f"dyad query speed-up vs pandas read+query:  {t[names[3]] / t[names[1]]:.1f}x (target 10x)")
    return results


def _comity_bin() -> str | None:
    p = Path(sys.executable).parent / "comity"
    return str(p) if p.exists() else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=2_000_000, help="rows for the side-by-side run")
    ap.add_argument("--big-rows", type=int, default=10_000_000, help="rows for comity alone (0: skip)")
    ap.add_argument("--child", nargs=3, metavar=("TASK", "FILE", "DB"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    run(args.rows, with_pandas=True)
    if args.big_rows:
        run(args.big_rows, with_pandas=False)


if __name__ == "__main__":
    main()
