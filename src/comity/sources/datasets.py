"""Coded event datasets into the store: GDELT 1.0/2.0 (+ mentions), ICEWS, POLECAT, ACLED.

The bulk path is DuckDB end to end: ``read_csv`` streams the file (typed columns,
so a malformed row -- wrong number of fields, a bad date or number -- is rejected
with its line number by ``store_rejects`` and the rest of the file goes on), the
mapping to comity's event record is one SQL ``SELECT`` with lookup-table joins
(CAMEO codebook + PLOVER crosswalk + derived domain, CAMEO/FIPS/name -> ISO3),
and re-ingest stays idempotent: a dataset event's id is ``dataset:source_event_id``
(:attr:`comity.model.Event.event_id`), and ``INSERT INTO events ... WHERE NOT
EXISTS`` anti-joins against the stored ids of the same dataset only (skipped when
the store holds none of it).  The file is parsed once; the line count for the
summary runs beside the load.  Nothing is loaded into Python row by row; memory
stays bounded by DuckDB's streaming pipeline whatever the file size.

``progress``: an optional callable ``progress(done_rows)``; it is called with the
number of rows read when the file is done (the load is one SQL statement).
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
import threading
import weakref
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from comity.sources import acled, gdelt, icews, polecat
from comity.store.schema import EVENT_COLUMNS

DATASET_FORMATS = ("gdelt", "gdelt1", "gdelt2", "gdelt2-mentions", "icews", "polecat", "acled")
#: Errors listed one by one in a summary (all are counted).
MAX_ERRORS = 1000


class DatasetError(ValueError):
    """A file that is not of the format asked for, or cannot be read at all."""


@dataclass
class IngestSummary:
    path: str
    format: str
    read: int
    loaded: int
    rejected: int
    errors: list[str] = field(default_factory=list)
    #: rows already in the store (re-ingest) -- read = loaded + rejected + skipped
    skipped: int = 0

    def line(self) -> str:
        return (
            f"{self.path}: {self.format}: {self.read} rows read, {self.loaded} loaded, "
            f"{self.rejected} rejected, {self.skipped} already stored"
        )


# -- lookup tables ------------------------------------------------------------

#: CAMEO prefix -> comity domain (longest prefix wins); see docs/analysis.md.
CAMEO_DOMAINS: dict[str, str] = {
    "04": "diplomacy", "05": "diplomacy", "057": "diplomacy", "161": "diplomacy",
    "164": "diplomacy", "165": "diplomacy", "166": "diplomacy",
    "0211": "trade", "0311": "trade", "061": "trade", "085": "trade", "1011": "trade",
    "1211": "trade", "163": "trade", "1312": "trade", "1031": "trade",
    "0231": "finance", "0331": "finance", "071": "finance", "1621": "finance",
    "1311": "finance", "0841": "finance",
    "0212": "military", "0312": "military", "0232": "military", "0332": "military",
    "0234": "military", "0334": "military", "062": "military", "072": "military",
    "074": "military", "087": "military", "0861": "military", "1012": "military",
    "1622": "military", "138": "military", "15": "military", "19": "military",
    "20": "military", "0874": "military",
    "0213": "security", "0214": "security", "0313": "security", "0314": "security",
    "063": "security", "064": "security", "172": "security", "173": "security",
    "175": "security", "18": "security",
    "073": "health", "0233": "health", "0333": "health",
    "075": "migration", "174": "migration", "0256": "migration", "0356": "migration",
}

_LOOKUP_CONNS: weakref.WeakSet = weakref.WeakSet()
_LOOKUP_IDS: set[int] = set()


def cameo_domain(code: str) -> str | None:
    for n in range(len(code), 1, -1):
        d = CAMEO_DOMAINS.get(code[:n])
        if d:
            return d
    return None


#: Lookup table name -> its columns and DuckDB types.
LOOKUP_SCHEMAS: dict[str, dict[str, str]] = {
    "_comity_cameo": {"code": "VARCHAR", "plover_type": "VARCHAR", "plover_mode": "VARCHAR",
                      "context": "VARCHAR", "quad_class": "BIGINT", "pentacode": "BIGINT",
                      "goldstein": "DOUBLE", "domain": "VARCHAR"},
    "_comity_cameo_country": {"code": "VARCHAR", "iso3": "VARCHAR"},
    "_comity_fips": {"code": "VARCHAR", "iso3": "VARCHAR"},
    "_comity_names": {"name": "VARCHAR", "iso3": "VARCHAR"},
    "_comity_numeric": {"code": "VARCHAR", "iso3": "VARCHAR"},
    "_comity_plover": {"plover_type": "VARCHAR", "cameo": "VARCHAR"},
}


def lookup_rows() -> dict[str, list[tuple]]:
    """The lookup tables as rows (built from comity.codes, once per process)."""
    from comity.codes import cameo, countries, plover

    rows = []
    for c in cameo.all_codes():
        try:
            p = plover.plover_from_cameo(c.code)
            pt, pm, pc = p[0], p[1] or None, p[2] or None
        except (KeyError, ValueError):
            pt = pm = pc = None
        rows.append((c.code, pt, pm, pc, c.quad_class, c.pentacode, c.goldstein, cameo_domain(c.code)))
    names: dict[str, str] = {}
    numeric: dict[str, str] = {}
    for c in countries.all_countries():
        for n in (c.name, c.official_name, *getattr(c, "aliases", ())):
            if n:
                names.setdefault(n.strip().lower(), c.iso3)
        names.setdefault(c.iso3.lower(), c.iso3)
        if getattr(c, "iso_numeric", None):
            numeric[str(int(c.iso_numeric))] = c.iso3
    for k, v in icews.ICEWS_ALIASES.items():
        names.setdefault(k, v)
    return {
        "_comity_cameo": rows,
        "_comity_cameo_country": sorted(countries.CAMEO_TO_ISO3.items()),
        "_comity_fips": sorted(countries.FIPS_TO_ISO3.items()),
        "_comity_names": sorted(names.items()),
        "_comity_numeric": sorted(numeric.items()),
        "_comity_plover": [(t, plover.cameo_for(t)) for t in plover.PLOVER_TYPES],
    }


_ROWS: dict[str, list[tuple]] | None = None


def ensure_lookups(con: duckdb.DuckDBPyConnection) -> None:
    """Create the lookup tables as TEMP tables on ``con`` (once per connection)."""
    global _ROWS
    if id(con) in _LOOKUP_IDS:
        try:
            con.execute("SELECT 1 FROM _comity_cameo LIMIT 1")
            return
        except duckdb.Error:
            pass
    if _ROWS is None:
        _ROWS = lookup_rows()
    for name, rows in _ROWS.items():
        schema = LOOKUP_SCHEMAS[name]
        cols = ", ".join(f"{c} {t}" for c, t in schema.items())
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({cols})")
        if rows:
            # one statement per table: a list parameter per column, unnested side by side
            unnest = ", ".join(f"unnest(${i + 1}::{t}[])" for i, t in enumerate(schema.values()))
            con.execute(f"INSERT INTO {name} SELECT {unnest}", [list(col) for col in zip(*rows, strict=True)])
    _LOOKUP_IDS.add(id(con))


def add_country_names(con: duckdb.DuckDBPyConnection, names) -> int:
    """Resolve names missing from ``_comity_names`` with comity.codes.countries.convert."""
    from comity.codes import countries

    have = {r[0] for r in con.execute("SELECT name FROM _comity_names").fetchall()}
    extra = []
    for n in names:
        if n is None:
            continue
        key = n.strip().lower()
        if not key or key in have:
            continue
        try:
            iso = countries.convert(n.strip(), to="iso3")
        except (KeyError, ValueError):
            iso = None
        if iso:
            extra.append((key, iso))
            have.add(key)
    if extra:
        con.executemany("INSERT INTO _comity_names VALUES (?, ?)", extra)
    return len(extra)


# -- files --------------------------------------------------------------------


@contextmanager
def plain_file(path: Path):
    """The path DuckDB can read: zip members are streamed out to a temp file."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.infolist() if not m.is_dir()]
            if len(members) != 1:
                raise DatasetError(f"{path}: expected one file in the zip, found {len(members)}")
            tmpdir = tempfile.mkdtemp(prefix="comity-zip-")
            out = Path(tmpdir) / Path(members[0].filename).name
            try:
                with zf.open(members[0]) as src, open(out, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 22)
                yield out
            finally:
                shutil.rmtree(tmpdir, ignore_errors=True)
    else:
        yield path


def _first_lines(path: Path, n: int = 2) -> list[str]:
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                members = [m for m in zf.infolist() if not m.is_dir()]
                if not members:
                    return []
                raw = zf.open(members[0]).read(1 << 16)
        elif path.suffix == ".gz":
            with gzip.open(path, "rb") as fh:
                raw = fh.read(1 << 16)
        else:
            with open(path, "rb") as fh:
                raw = fh.read(1 << 16)
    except (OSError, zipfile.BadZipFile, EOFError):
        return []
    text = raw.decode("utf-8", errors="replace")
    return [ln.rstrip("\r") for ln in text.split("\n")[:n] if ln.strip()]


def _gdelt_kind(fields: list[str]) -> str | None:
    if not fields or not fields[0].strip().isdigit():
        return None
    n = len(fields)
    if n == 61:
        return "gdelt2"
    if n in (57, 58):
        return "gdelt1"
    if n == 16 and len(fields[1].strip()) == 14 and fields[1].strip().isdigit():
        return "gdelt2-mentions"
    return None


def detect_dataset_format(path) -> str | None:
    """Sniff the first line(s): one of DATASET_FORMATS (never bare ``gdelt``), or None."""
    lines = _first_lines(Path(path))
    if not lines:
        return None
    first = lines[0].lstrip("\ufeff")
    tabs = first.split("\t")
    kind = _gdelt_kind(tabs)
    if kind:
        return kind
    norm = {polecat.norm(c) for c in tabs}
    if {"event id", "cameo code", "source country"} <= norm:
        return "icews"
    if {"event date", "event type"} <= norm and ({"actor name", "recipient name"} & norm):
        return "polecat"
    low = first.lower()
    if "event_id_cnty" in low and "event_date" in low:
        return "acled"
    return None


def count_rows(path: Path, header: bool) -> int:
    """Lines in a file (fast byte count), minus the header; for tab formats without quoting."""
    n, last = 0, b"\n"
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        while chunk := fh.read(1 << 24):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        n += 1
    return max(n - (1 if header else 0), 0)


# -- ingest -------------------------------------------------------------------

_EVENT_COLS = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)


def _event_id_sql() -> str:
    """SQL twin of :attr:`comity.model.Event.event_id` for dataset rows (alias ``m``):
    ``dataset:source_event_id``; a row without a source id gets the hash of its fields."""
    parts = ["dataset", "source_event_id", "plover_type", "source_country", "target_country",
             "source_name", "target_name"]
    inner = ", ".join(f"coalesce(CAST(m.{p} AS VARCHAR), '')" for p in parts)
    return (
        "CASE WHEN coalesce(m.source_event_id, '') <> '' THEN m.dataset || ':' || m.source_event_id "
        f"ELSE substr(sha1(concat_ws(chr(31), {inner})), 1, 16) END"
    )


def dataset_name(fmt: str) -> str:
    """The ``events.dataset`` value a file of format ``fmt`` loads as."""
    return "gdelt1" if fmt.startswith("gdelt1") else fmt


def _read_csv(path: Path, columns: dict[str, str], *, delim: str, header: bool, quote: str = "",
              dateformat: str | None = None, nullstr: list[str] | None = None) -> str:
    cols = "{" + ", ".join(f"'{k.replace(chr(39), chr(39) * 2)}': '{v}'" for k, v in columns.items()) + "}"
    opts = [
        f"'{_sql_str(path)}'",
        f"delim='{delim}'",
        f"header={'true' if header else 'false'}",
        f"quote='{quote}'",
        f"escape='{quote}'",
        f"columns={cols}",
        "store_rejects=true",
        "rejects_table='_comity_rejects'",
        "rejects_scan='_comity_reject_scans'",
        "max_line_size=10000000",
        "parallel=true",
    ]
    if dateformat:
        opts.append(f"dateformat='{dateformat}'")
    if nullstr is not None:
        opts.append("nullstr=[" + ", ".join(f"'{s}'" for s in nullstr) + "]")
    if str(path).endswith(".gz"):
        opts.append("compression='gzip'")
    return f"read_csv({', '.join(opts)})"


def _sql_str(p) -> str:
    return str(p).replace("'", "''")


def _check_header(path: Path, expected: list[str], fmt: str, sep: str = "\t") -> list[str]:
    lines = _first_lines(path, 1)
    got = [c.strip().strip('"') for c in lines[0].lstrip("\ufeff").split(sep)] if lines else []
    if [polecat.norm(c) for c in got] != [polecat.norm(c) for c in expected]:
        raise DatasetError(f"{path}:1: not a {fmt} file (header does not match the {fmt} columns)")
    return got


def _plan(path: Path, fmt: str, con) -> tuple[str, str, str, bool]:
    """(read_csv source, select list, joins, has_header) for a format."""
    if fmt in ("gdelt1", "gdelt2"):
        n = len(_first_lines(path, 1)[0].split("\t")) if _first_lines(path, 1) else 0
        if fmt == "gdelt2":
            cols, ds = gdelt.GDELT2_COLUMNS, "gdelt2"
        elif n == 57:
            cols, ds = gdelt.GDELT1_OLD_COLUMNS, "gdelt1-old"
        else:
            cols, ds = gdelt.GDELT1_COLUMNS, "gdelt1"
        src = _read_csv(path, gdelt.column_types(cols), delim="\\t", header=False,
                        dateformat="%Y%m%d")
        return src, gdelt.event_select(ds), gdelt.event_joins(), False
    if fmt == "icews":
        _check_header(path, icews.ICEWS_COLUMNS, "icews")
        src = _read_csv(path, icews.column_types(), delim="\\t", header=True,
                        dateformat="%Y-%m-%d", nullstr=["", "NA"])
        names = con.execute(
            f"SELECT DISTINCT x FROM (SELECT unnest([\"Source Country\", \"Target Country\", \"Country\"]) AS x "
            f"FROM read_csv('{_sql_str(path)}', delim='\\t', header=true, quote='', all_varchar=true, "
            f"ignore_errors=true))"
        ).fetchall()
        add_country_names(con, [r[0] for r in names])
        return src, icews.event_select(), icews.event_joins(), True
    if fmt == "polecat":
        header = _first_lines(path, 1)[0].lstrip("\ufeff").split("\t")
        cols = polecat.column_types(header)
        src = _read_csv(path, cols, delim="\\t", header=True, dateformat="%Y-%m-%d",
                        nullstr=["", "NA", "None"])
        return src, polecat.event_select(header), polecat.event_joins(header), True
    if fmt == "acled":
        header = _check_header(path, acled.required_header(_first_lines(path, 1)), "acled", ",")
        src = _read_csv(path, acled.column_types(header), delim=",", header=True, quote='"',
                        dateformat=acled.date_format(_first_lines(path, 2)))
        names = con.execute(acled.names_sql(_sql_str(path))).fetchall()
        add_country_names(con, [r[0] for r in names])
        return src, acled.event_select(header), acled.event_joins(header), True
    raise DatasetError(f"unknown dataset format {fmt!r}")


def _rejects(con, path: str, line_offset: int = 0) -> tuple[int, list[str]]:
    try:
        n = con.execute("SELECT count(DISTINCT line) FROM _comity_rejects").fetchone()[0]
        rows = con.execute(
            "SELECT line, column_name, error_type, error_message FROM _comity_rejects "
            f"ORDER BY line LIMIT {MAX_ERRORS}"
        ).fetchall()
    except duckdb.CatalogException:
        return 0, []
    errs, seen = [], set()
    for line, col, etype, msg in rows:
        if line in seen:
            continue
        seen.add(line)
        what = str(msg).split("\n")[0]
        if etype == "CAST" and col:
            what = f"bad value in column {col}: {what}"
        errs.append(f"{path}:{line + line_offset}: {what}")
    return n, errs


def _drop_rejects(con) -> None:
    for t in ("_comity_rejects", "_comity_reject_scans"):
        con.execute(f"DROP TABLE IF EXISTS {t}")


def ingest_dataset(store, path, fmt: str | None = None,
                   progress: Callable[[int], None] | None = None) -> IngestSummary:
    """Load a dataset file into ``store`` in one transaction; see the module docstring."""
    path = Path(path)
    if not path.exists():
        raise DatasetError(f"{path}: no such file")
    detected = detect_dataset_format(path)
    if fmt is None:
        fmt = detected
        if fmt is None:
            raise DatasetError(f"{path}: not a known event dataset format (use --format)")
    if fmt not in DATASET_FORMATS:
        raise DatasetError(f"unknown dataset format {fmt!r} (use one of {', '.join(DATASET_FORMATS)})")
    if fmt == "gdelt":
        if detected not in ("gdelt1", "gdelt2", "gdelt2-mentions"):
            raise DatasetError(f"{path}:1: not a GDELT file (expected 57, 58, 61 or 16 tab-separated fields)")
        fmt = detected
    elif fmt.startswith("gdelt") and detected != fmt:
        raise DatasetError(f"{path}:1: not a {fmt} file (the first line looks like {detected or 'something else'})")
    con = store.con
    ensure_lookups(con)
    with plain_file(path) as plain:
        _drop_rejects(con)
        with store.transaction():
            if fmt == "gdelt2-mentions":
                summary = _ingest_mentions(store, plain, path)
            else:
                summary = _ingest_events(store, plain, path, fmt)
            store.log_ingest(str(path), fmt, summary.read, summary.loaded, summary.rejected)
        _drop_rejects(con)
    if progress is not None:
        progress(summary.read)
    return summary


def _ingest_events(store, plain: Path, path: Path, fmt: str) -> IngestSummary:
    con = store.con
    src, select, joins, header = _plan(plain, fmt, con)
    # the line count (summary only) runs in a thread beside the load, which releases the GIL
    counter = _Background(lambda: count_rows(plain, header)) if fmt != "acled" else None
    dataset = dataset_name(fmt)
    before = con.execute("SELECT coalesce(max(rowid), -1) FROM events").fetchone()[0]
    # ids are dataset-prefixed (or hash the dataset), so only this dataset's rows can clash;
    # a store without any of it needs no anti-join at all
    stored = con.execute("SELECT 1 FROM events WHERE dataset = ? LIMIT 1", [dataset]).fetchone()
    anti = (
        "WHERE NOT EXISTS (SELECT 1 FROM events e "
        f"WHERE e.dataset = '{dataset}' AND e.event_id = k.event_id)" if stored else ""
    )
    rest = ", ".join(f'm."{c}"' for c in EVENT_COLUMNS if c != "event_id")
    con.execute(
        f"""INSERT INTO events ({_EVENT_COLS})
        WITH m AS (SELECT {select} FROM {src} r {joins}),
        k AS (SELECT {_event_id_sql()} AS event_id, {rest} FROM m)
        SELECT * FROM k {anti}"""
    )
    loaded = con.execute("SELECT count(*) FROM events WHERE rowid > ?", [before]).fetchone()[0]
    con.execute(
        """INSERT INTO event_domains SELECT event_id, domains FROM events
        WHERE rowid > ? AND domains IS NOT NULL AND domains <> ''""",
        [before],
    )
    rejected, errors = _rejects(con, str(path))
    read = counter.result() if counter is not None else _read_count(plain, fmt, header, con)
    return IngestSummary(str(path), fmt, read, loaded, rejected, errors,
                         skipped=max(read - loaded - rejected, 0))


class _Background:
    """Run ``fn`` in a daemon thread; ``result()`` waits for it (and re-raises its error)."""

    def __init__(self, fn: Callable[[], int]):
        self._fn, self._value, self._error = fn, 0, None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._fn()
        except BaseException as exc:  # re-raised in result()
            self._error = exc

    def result(self) -> int:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def _read_count(plain: Path, fmt: str, header: bool, con) -> int:
    if fmt == "acled":
        # quoted CSV: fields may hold newlines, so count records, not lines
        return con.execute(
            f"SELECT count(*) FROM read_csv('{_sql_str(plain)}', header=true, all_varchar=true, "
            "quote='\"', escape='\"', ignore_errors=true)"
        ).fetchone()[0]
    return count_rows(plain, header)


def _ingest_mentions(store, plain: Path, path: Path) -> IngestSummary:
    con = store.con
    src = _read_csv(plain, gdelt.MENTIONS_TYPES, delim="\\t", header=False)
    before = con.execute("SELECT count(*) FROM dataset_mentions").fetchone()[0]
    con.execute(
        f"""INSERT INTO dataset_mentions
        SELECT m.* FROM (SELECT {gdelt.mentions_select()} FROM {src} r) m
        WHERE NOT EXISTS (SELECT 1 FROM dataset_mentions d WHERE d.dataset = m.dataset
            AND d.source_event_id = m.source_event_id AND d.url IS NOT DISTINCT FROM m.url
            AND d.sentence_id IS NOT DISTINCT FROM m.sentence_id)"""
    )
    loaded = con.execute("SELECT count(*) FROM dataset_mentions").fetchone()[0] - before
    rejected, errors = _rejects(con, str(path))
    read = count_rows(plain, False)
    return IngestSummary(str(path), "gdelt2-mentions", read, loaded, rejected, errors,
                         skipped=max(read - loaded - rejected, 0))


def ingest_datasets(store, paths, fmt: str | None = None) -> list[IngestSummary]:
    """Several files, one transaction each."""
    return [ingest_dataset(store, p, fmt) for p in paths]
