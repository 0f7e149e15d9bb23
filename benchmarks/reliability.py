"""Reliability figures for docs/reliability.md: crashes, concurrency, hostile input, fuzzing.

    nice python benchmarks/reliability.py                  # the full run (about 20 minutes)
    python benchmarks/reliability.py --trials 5 --fuzz 300 # a quick look

* crashes: a real ingest (``comity.open(db).ingest(...)`` in a child process) over news
  files and GDELT 2.0 files is killed with SIGKILL at a random moment, ``--trials`` times.
  Each time the store must open, no file may be half stored (a file's rows are all there
  and logged, or none), and a re-run must end with exactly a clean run's totals.
* concurrency: two writers at once (both finish, or one fails in one line naming the
  lock; no rows lost); readers polling during an ingest (each answer is a consistent
  snapshot -- it matches the ingest log -- or the one-line busy message).
* hostile input: the cases of issue 9, each pass/fail.
* fuzzing: the Hypothesis properties of tests/test_fuzz_readers.py at ``--fuzz`` inputs.

Results go to benchmarks/_results/reliability.json and are printed as Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}

DATASET_FILES = 3
ROWS_PER_FILE = 20_000
NEWS_FILES = 40

INGEST = "import sys, comity\ncomity.open(sys.argv[1]).ingest(*sys.argv[2:], model='none')\n"


# -- inputs -----------------------------------------------------------------------

def gdelt_file(path: Path, first_id: int, rows: int) -> None:
    """A GDELT 2.0 export of ``rows`` rows with ids from ``first_id`` (61 tab fields)."""
    from comity.sources.gdelt import GDELT2_COLUMNS

    pairs = [("PAK", "RUS"), ("RUS", "PAK"), ("IND", "CHN"), ("USA", "PRK"), ("", "AFG")]
    codes = ["042", "057", "036", "111", "190", "0874", "163"]
    with open(path, "w") as fh:
        for i in range(rows):
            a, b = pairs[i % len(pairs)]
            row = dict.fromkeys(GDELT2_COLUMNS, "")
            day = f"2018{1 + i % 12:02d}{1 + i % 28:02d}"
            row.update(GlobalEventID=str(first_id + i), Day=day, MonthYear=day[:6], Year="2018",
                       Actor1Name=a, Actor1CountryCode=a, Actor2Name=b, Actor2CountryCode=b,
                       EventCode=codes[i % len(codes)], GoldsteinScale="1.0",
                       NumMentions="1", ActionGeo_CountryCode="RS",
                       SOURCEURL=f"https://example.org/{first_id + i}")
            fh.write("\t".join(row[c] for c in GDELT2_COLUMNS) + "\n")


def make_inputs(folder: Path) -> list[Path]:
    from comity.api import corpus_path

    news = folder / "news"
    news.mkdir(parents=True)
    for txt in sorted(corpus_path().glob("*.txt"))[:NEWS_FILES]:
        shutil.copy(txt, news / txt.name)
        meta = txt.with_name(txt.stem + ".meta.json")
        if meta.exists():
            shutil.copy(meta, news / meta.name)
    data = folder / "data"
    data.mkdir()
    for k in range(DATASET_FILES):
        gdelt_file(data / f"2018010{k}000000.export.CSV", 900_000_000 + k * 10_000_000,
                   ROWS_PER_FILE)
    return [data, news]


TABLES = ("documents", "events", "event_domains", "mentions", "actor_mentions")


def totals(db: Path) -> dict[str, int]:
    from comity.store import Store

    s = Store(db, read_only=True)
    out = {t: s.count(t) for t in TABLES}
    s.close()
    return out


def per_file(db: Path) -> dict[str, dict]:
    """What each input file left in the store, and whether its ingest was logged."""
    from comity.store import Store

    s = Store(db, read_only=True)
    logged = set(s.query("SELECT path FROM ingests")["path"])
    out: dict[str, dict] = {}
    for path, n in s.query("SELECT path, count(*) n FROM documents GROUP BY path").itertuples(
            index=False):
        am = s.query("SELECT count(*) n FROM actor_mentions a JOIN documents d USING (doc_id) "
                     "WHERE d.path = ?", [path]).n[0]
        out[path] = {"rows": int(n) + int(am), "logged": path in logged}
    for k in range(DATASET_FILES):
        lo = 900_000_000 + k * 10_000_000
        n = s.query("SELECT count(*) n FROM events WHERE dataset = 'gdelt2' AND "
                    "CAST(source_event_id AS BIGINT) BETWEEN ? AND ?", [lo, lo + ROWS_PER_FILE]).n[0]
        path = [p for p in logged if p.endswith(f"2018010{k}000000.export.CSV")]
        out[f"data/2018010{k}000000.export.CSV"] = {"rows": int(n), "logged": bool(path)}
    s.close()
    return out


def run_ingest(db: Path, inputs: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", INGEST, str(db), *map(str, inputs)],
                          capture_output=True, text=True, env=ENV)


# -- crashes ------------------------------------------------------------------------

def crashes(work: Path, inputs: list[Path], trials: int, seed: int) -> dict:
    clean_db = work / "clean.duckdb"
    t0 = time.perf_counter()
    proc = run_ingest(clean_db, inputs)
    clean_s = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"clean ingest failed: {proc.stderr[-2000:]}")
    clean, clean_files = totals(clean_db), per_file(clean_db)
    rng = random.Random(seed)
    results = {"trials": trials, "clean_seconds": round(clean_s, 1), "clean_totals": clean,
               "store_opened": 0, "no_half_files": 0, "rerun_equal": 0, "killed_before_end": 0,
               "failures": []}
    for t in range(trials):
        db = work / f"crash{t}.duckdb"
        child = subprocess.Popen([sys.executable, "-c", INGEST, str(db), *map(str, inputs)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        time.sleep(rng.uniform(0.2, clean_s))
        if child.poll() is None:
            results["killed_before_end"] += 1
        child.send_signal(signal.SIGKILL)
        child.wait()
        try:
            if db.exists():
                from comity.store import Store

                Store(db).close()  # opens (and migrates, after a crash in creation)
            results["store_opened"] += 1
        except Exception as exc:  # noqa: BLE001 - counted and reported
            results["failures"].append(f"trial {t}: store does not open: {exc}")
            continue
        if db.exists():
            half = [name for name, got in per_file(db).items()
                    if not (got["rows"] == 0 and not got["logged"])
                    and not (got == clean_files.get(name))]
        else:
            half = []
        if half:
            results["failures"].append(f"trial {t}: half stored: {half[:3]}")
        else:
            results["no_half_files"] += 1
        again = run_ingest(db, inputs)
        if again.returncode == 0 and totals(db) == clean:
            results["rerun_equal"] += 1
        else:
            results["failures"].append(f"trial {t}: re-run totals {totals(db)} (rc "
                                       f"{again.returncode}) != clean {clean}")
        for p in work.glob(f"crash{t}.duckdb*"):
            p.unlink()
    return results


# -- concurrency ----------------------------------------------------------------------

def concurrency(work: Path, inputs: list[Path], rounds: int) -> dict:
    data, news = inputs
    clean = totals(work / "clean.duckdb")
    out = {"writer_pairs": rounds, "both_finished": 0, "one_refused_in_one_line": 0,
           "rows_lost": 0, "tracebacks": 0, "reads": 0, "consistent_reads": 0,
           "busy_messages": 0, "bad_reads": 0, "failures": []}
    for r in range(rounds):
        db = work / f"two{r}.duckdb"
        a = subprocess.Popen([sys.executable, "-c", INGEST, str(db), str(data)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
        time.sleep(0.3)
        b = subprocess.Popen([sys.executable, "-c", INGEST, str(db), str(news)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
        reads = poll_reads(db, [a, b])
        for k, v in reads.items():
            out[k] += v
        ra, rb = (a.wait(), a.stderr.read()), (b.wait(), b.stderr.read())
        if "Traceback" in ra[1] + rb[1] and "StoreBusy" not in ra[1] + rb[1]:
            out["tracebacks"] += 1
            out["failures"].append((ra[1] + rb[1])[-500:])
        if ra[0] == 0 and rb[0] == 0:
            out["both_finished"] += 1
            if totals(db) != clean:
                out["rows_lost"] += 1
                out["failures"].append(f"pair {r}: {totals(db)} != {clean}")
        else:
            out["one_refused_in_one_line"] += int("store is busy" in ra[1] + rb[1])
    return out


def poll_reads(db: Path, writers: list[subprocess.Popen]) -> dict[str, int]:
    """Read the store while the writers run: each answer must match the ingest log."""
    from comity.store import Store, StoreBusy

    got = {"reads": 0, "consistent_reads": 0, "busy_messages": 0, "bad_reads": 0}
    while any(w.poll() is None for w in writers):
        time.sleep(0.05)
        if not db.exists():
            continue
        got["reads"] += 1
        try:
            s = Store(db, read_only=True, wait=2.0)
            try:
                con = s.con
                con.execute("BEGIN TRANSACTION")  # one snapshot for both counts
                docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
                news_logged = con.execute(
                    "SELECT count(*) FROM ingests WHERE format = 'text'").fetchone()[0]
                events = con.execute(
                    "SELECT count(*) FROM events WHERE dataset = 'gdelt2'").fetchone()[0]
                data_logged = con.execute(
                    "SELECT coalesce(sum(loaded), 0) FROM ingests WHERE format = 'gdelt2'"
                ).fetchone()[0]
                con.execute("COMMIT")
            finally:
                s.close()
        except StoreBusy as exc:
            got["busy_messages"] += int("\n" not in str(exc))
            got["bad_reads"] += int("\n" in str(exc))
            continue
        except Exception:  # noqa: BLE001 - a crash of a reader is what this counts
            got["bad_reads"] += 1
            continue
        if docs == news_logged and events == data_logged:
            got["consistent_reads"] += 1
        else:
            got["bad_reads"] += 1
    return got


# -- hostile input ----------------------------------------------------------------------

def hostile(work: Path) -> list[dict]:
    """Each case: (name, what must happen) -> pass/fail, run through the real readers/store."""
    import gzip
    import zipfile

    from comity.extract.pipeline import RuleExtractor
    from comity.ingest import ingest_paths
    from comity.sources import RecordError, SourceError, read_documents
    from comity.sources.datasets import DatasetError, ingest_dataset
    from comity.store import Store
    from tests.test_datasets_readers import gdelt2_row
    from tests.test_reliability import ICEWS, ICEWS_ROW, LAUGHS, XXE

    folder = work / "hostile"
    folder.mkdir()
    cases: list[dict] = []

    def case(name: str, fn) -> None:
        t0 = time.perf_counter()
        try:
            ok, note = fn()
        except Exception as exc:  # noqa: BLE001 - a traceback is a failed case
            ok, note = False, f"{type(exc).__name__}: {str(exc)[:120]}"
        cases.append({"case": name, "pass": bool(ok), "note": note,
                      "seconds": round(time.perf_counter() - t0, 2)})

    def refused(path: Path, words: str, fmt=None):
        try:
            items = list(read_documents(path, fmt))
        except SourceError as exc:
            return words in str(exc) and "\n" not in str(exc), str(exc)[-90:]
        bad = [i for i in items if isinstance(i, RecordError)]
        return bool(bad) and words in str(bad[0]), str(bad[0])[-90:] if bad else "accepted"

    def write(name: str, data) -> Path:
        p = folder / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode())
        return p

    store = Store(folder / "h.duckdb")
    case("RSS billion laughs refused", lambda: refused(write("bl.rss", LAUGHS), "declares entities"))
    case("RSS XXE (file:///etc/passwd) refused", lambda: refused(write("x.rss", XXE), "declares entities"))
    def html_entities():
        head = LAUGHS.split("<rss")[0].replace("lolz", "html")
        body = ("<html><body><article><p>" + "Pakistan and Russia signed an energy agreement "
                "in Moscow on Monday after two days of talks. " * 20 + "&lol3;</p></article>"
                "</body></html>")
        try:
            docs = list(read_documents(write("bl.html", head + body), "html"))
        except SourceError as exc:
            return True, f"refused: {str(exc)[-60:]}"
        return all("lollol" not in d.text for d in docs), "read, entities not expanded"

    case("HTML with entity declarations: no expansion", html_entities)

    def zip_bomb():
        p = folder / "bomb.export.CSV.zip"
        with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("b.export.CSV", gdelt2_row(1) + "\n" + "0" * (300 << 20))
        try:
            ingest_dataset(store, p)
        except DatasetError as exc:
            return "zip bomb" in str(exc), f"{p.stat().st_size:,} bytes zipped: refused"
        return False, "unpacked"

    def gz_bomb():
        p = write("bomb.export.CSV.gz", gzip.compress(
            (gdelt2_row(1) + "\n" + "0" * (300 << 20)).encode(), 9))
        try:
            ingest_dataset(store, p)
        except DatasetError as exc:
            return "zip bomb" in str(exc), f"{p.stat().st_size:,} bytes gzipped: refused"
        return False, "unpacked"

    case("zip bomb (300 MB in a zip) refused", zip_bomb)
    case("gzip bomb refused", gz_bomb)
    case("50 MB one-line text file refused with file:line", lambda: refused(
        write("line.txt", "Pakistan met Russia " * ((50 << 20) // 20)), "line longer than"))
    case("10 MB JSONL line rejected with file:line, rest kept", lambda: (
        [type(i).__name__ for i in read_documents(write("l.jsonl", json.dumps(
            {"text": "Pakistan met Russia."}) + "\n" + json.dumps({"text": "x" * (10 << 20)})
            + "\n"))] == ["Document", "RecordError"], "line 2 rejected"))
    case("GDELT row of 2 MB rejected with file:line", lambda: (
        ingest_dataset(store, write("long.export.CSV", gdelt2_row(11) + "\n" + gdelt2_row(
            12, Actor1Name="x" * (2 << 20)) + "\n")).errors[0].startswith(
            f"{folder / 'long.export.CSV'}:2: Maximum line size"), "line 2 rejected"))
    case("HTML nested 200,000 deep: bounded", lambda: (refused(write("deep.html", "<div>" * 200_000
                                                              + "Pakistan met Russia." + "</div>" * 200_000), "no article text")))
    case("JSON nested 200,000 deep: record rejected", lambda: refused(
        write("deep.jsonl", '{"text": ' + "[" * 200_000 + "]" * 200_000 + "}\n"), "unreadable JSON"))
    case("GDELT date 9999-12-31 / year 0 stored undated", lambda: (
        ingest_dataset(store, write("d.export.CSV", gdelt2_row(21, day="99991231") + "\n"
                                    + gdelt2_row(22, day="00000101") + "\n")).rejected == 0
        and store.query("SELECT count(*) n FROM events WHERE source_event_id IN ('21','22') "
                        "AND date IS NULL").n[0] == 2, "2 undated rows"))
    case("JSONL published 9999-12-31 / 1e10 / 1e30 rejected with file:line", lambda: (
        all(isinstance(i, RecordError) for i in read_documents(write("dates.jsonl", "\n".join(
            json.dumps({"text": "Pakistan met Russia.", "published": v})
            for v in ["9999-12-31", 1e10, 1e30])))), "3 records rejected"))
    case("lone surrogate in JSONL rejected", lambda: refused(
        write("s.jsonl", '{"text": "Pakistan \\ud800 met Russia."}\n'), "invalid Unicode"))
    case("NUL bytes in text stored verbatim", lambda: (
        ingest_paths(store, [write("nul.txt", "Pakistan\x00 met Russia on Monday.")],
                     extractor=RuleExtractor()).exit_code == 0, "stored"))
    for kind in ("text", "other-db", "newer"):
        case(f"foreign store ({kind}) refused, file untouched", lambda kind=kind: foreign(work, kind))
    case("rich markup [/x] in metadata and path: stored verbatim", lambda: markup(folder, store))
    case("ICEWS file given --format gdelt refused with a reason", lambda: (
        "looks like icews" in ingest_paths(store, [write("i.tab", ICEWS + "\n" + ICEWS_ROW + "\n")],
                                           fmt="gdelt").files[0].error, "refused"))
    case("GDELT 2 file with malformed first row read as GDELT 2", lambda: (
        ingest_dataset(store, write("m.export.CSV", "1\tbroken\n" + "\n".join(
            gdelt2_row(i) for i in range(31, 36)) + "\n")).loaded == 5, "5 loaded, 1 rejected"))
    case("all rows rejected: exit code 1", lambda: (ingest_paths(store, [write(
        "bad.export.CSV", gdelt2_row(41, day="2018XX01") + "\n")], fmt="gdelt2").exit_code == 1,
        "exit 1"))
    case("file repeating its rows: each id once", lambda: (
        ingest_dataset(store, write("rep.export.CSV", "\n".join(
            [gdelt2_row(i) for i in range(51, 61)] * 2) + "\n")).loaded == 10, "10 of 20"))
    case("same article in another folder adds nothing", lambda: same_text(folder, store))
    store.close()
    return cases


def foreign(work: Path, kind: str):
    import hashlib

    import duckdb

    from comity.store import Store, StoreError

    p = work / f"foreign-{kind}.duckdb"
    if kind == "text":
        p.write_text("a,b\n1,2\n")
    elif kind == "other-db":
        con = duckdb.connect(str(p))
        con.execute("CREATE TABLE t (x INTEGER)")
        con.close()
    else:
        Store(p).close()
        con = duckdb.connect(str(p))
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        con.close()
    before = hashlib.sha256(p.read_bytes()).hexdigest()
    refusals = 0
    for read_only in (False, True):
        try:
            Store(p, read_only=read_only).close()
        except StoreError as exc:
            refusals += "\n" not in str(exc)
    return refusals == 2 and hashlib.sha256(p.read_bytes()).hexdigest() == before, "untouched"


def markup(folder: Path, store):
    from comity.extract.pipeline import RuleExtractor
    from comity.ingest import ingest_paths

    d = folder / "[bold] in [red]"
    d.mkdir()
    (d / "a.txt").write_text("Pakistan and Russia signed a trade deal on Monday.")
    (d / "a.meta.json").write_text(json.dumps({"title": "[/x] [/] [link=javascript:x]"}))
    (d / "b.txt").write_bytes(b"\xff not utf-8")
    (d / "c.txt").write_text("Russia and Pakistan held talks on Tuesday.")
    r = ingest_paths(store, [d], extractor=RuleExtractor())
    title = store.query("SELECT title FROM documents WHERE title LIKE '[/x]%'").title.tolist()
    return (title == ["[/x] [/] [link=javascript:x]"] and [bool(f.error) for f in r.files]
            == [False, True, False]), "2 of 3 files stored, title verbatim"


def same_text(folder: Path, store):
    from comity.extract.pipeline import RuleExtractor
    from comity.ingest import ingest_paths

    for sub in ("x", "y"):
        (folder / sub).mkdir()
        (folder / sub / f"{sub}.txt").write_text("India and China agreed to talks on Friday.")
    r = ingest_paths(store, [folder / "x", folder / "y"], extractor=RuleExtractor())
    return [f.loaded for f in r.files] == [1, 0], "second copy skipped"


# -- fuzzing ------------------------------------------------------------------------------

def fuzz(n: int, files: int) -> dict:
    os.environ["COMITY_FUZZ_EXAMPLES"] = str(n)
    os.environ["COMITY_FUZZ_DATASET_EXAMPLES"] = str(files)
    import tests.test_fuzz_readers as f

    out = {}
    for name in ("text", "jsonl", "rss", "html", "gdelt", "icews", "polecat", "acled",
                 "extraction"):
        test = getattr(f, f"test_{name}_reader" if name != "extraction" else "test_extraction")
        t0 = time.perf_counter()
        error = ""
        try:
            test()
        except Exception as exc:  # noqa: BLE001 - a falsified property is the finding
            error = f"{type(exc).__name__}: {str(exc)[:300]}"
        key = "extract" if name == "extraction" else name
        out[name] = {**f.STATS.get(key, {}), "seconds": round(time.perf_counter() - t0, 1),
                     "error": error}
        print(f"fuzz {name}: {out[name]}", file=sys.stderr, flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=50)
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--fuzz", type=int, default=10_000)
    ap.add_argument("--fuzz-files", type=int, default=1250,
                    help="dataset fuzz files (each of 1-20 generated rows)")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--only", choices=["crashes", "concurrency", "robustness", "hostile", "fuzz"],
                    help="robustness = crashes and concurrency")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="comity-reliability-"))
    results: dict = {"args": vars(args)}
    try:
        inputs = make_inputs(work / "in")
        if args.only in (None, "crashes", "concurrency", "robustness"):
            trials = 0 if args.only == "concurrency" else args.trials
            results["crashes"] = crashes(work, inputs, trials, args.seed)
            print(f"crashes: {results['crashes']}", file=sys.stderr, flush=True)
        if args.only in (None, "concurrency", "robustness"):
            results["concurrency"] = concurrency(work, inputs, args.pairs)
            print(f"concurrency: {results['concurrency']}", file=sys.stderr, flush=True)
        if args.only in (None, "hostile", "robustness"):
            results["hostile"] = hostile(work)
        if args.only in (None, "fuzz"):
            results["fuzz"] = fuzz(args.fuzz, args.fuzz_files)
        results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = HERE / "_results"
    out.mkdir(exist_ok=True)
    name = f"reliability{'-' + args.only if args.only else ''}.json"
    (out / name).write_text(json.dumps(results, indent=2, default=str))
    print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
