"""Benchmark: ``comity dyad`` through the one Typer CLI, side by side with the pre-Typer
fast path it replaced (commit b185611, taken from git history), on a 1M-row store.

    python benchmarks/bench_cli.py                # 1,000,000 GDELT rows, 7 runs each
    python benchmarks/bench_cli.py --rows 100000  # quicker

Aim (issue 9): within 1.3x of the old fast path.  Both run as fresh processes, as a user
runs them; the median wall time of the runs is compared.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_ingest import DATA, generate, measure  # noqa: E402

OLD = "b185611"  # the last commit with comity.cli_fast and comity.analysis.fast


def old_tree(folder: Path) -> Path:
    """The old package, unpacked from git into ``folder`` (its ``src``)."""
    root = HERE.parent
    archive = subprocess.run(["git", "-C", str(root), "archive", OLD, "src/comity"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "src"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    file = DATA / f"gdelt2-{args.rows}.export.CSV"
    if not file.exists():
        generate(file, args.rows)
    db = DATA / f"bench-cli-{args.rows}.duckdb"
    if not db.exists():
        subprocess.run([sys.executable, "-m", "comity", "ingest", str(file), "--db", str(db)],
                       check=True, stdout=subprocess.DEVNULL)
    query = ["PAK", "RUS", "--db", str(db), "--format", "csv"]
    with tempfile.TemporaryDirectory() as tmp:
        old_src = old_tree(Path(tmp))
        contenders = {
            "comity dyad (one Typer CLI)": [sys.executable, "-m", "comity", "dyad", *query],
            "old pre-Typer fast path": [sys.executable, "-c",
                                        f"import sys; sys.path.insert(0, {str(old_src)!r}); "
                                        "from comity.cli_fast import main; "
                                        "sys.argv[0] = 'comity'; main()", "dyad", *query],
        }
        times: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(args.runs):  # interleaved, so machine load hits both alike
            for name, cmd in contenders.items():
                times[name].append(measure(cmd)[0])
    print(f"\n{args.rows:,}-row store, median of {args.runs} runs each")
    for name, ts in times.items():
        print(f"{name:32} {statistics.median(ts):6.3f} s  (min {min(ts):.3f})")
    new, old = (statistics.median(ts) for ts in times.values())
    print(f"ratio new/old: {new / old:.2f}x (aim: at most 1.3x)")


if __name__ == "__main__":
    main()
