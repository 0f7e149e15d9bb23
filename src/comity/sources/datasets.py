"""Coded event datasets mapped for the store: GDELT 1.0/2.0 (+ mentions), ICEWS, POLECAT, ACLED.

Reading happens outside the store, on a private in-memory DuckDB: ``read_csv``
streams the file (typed columns, so a malformed row -- wrong number of fields, a bad
date or number, a line over ``MAX_LINE_BYTES`` -- is rejected with its line number by
``store_rejects`` and the rest of the file goes on), the mapping to comity's event
record is one SQL ``SELECT`` with lookup-table joins (CAMEO codebook + PLOVER crosswalk
+ derived domain, CAMEO/FIPS/name -> ISO3), and the mapped rows go to a temporary
Parquet file (:class:`MappedDataset`).  The store then writes them in one short
transaction (``Store.write_dataset``: deduplication, ``event_domains``, ingest log), so
the store's file lock is held for the insert only, not for the parse.  A dataset
event's id is ``dataset:source_event_id`` (:func:`comity.model.event_id`).  Dates
outside ``comity.model.MIN_DATE..MAX_DATE`` (9999-12-31) are stored as undated.
Nothing is loaded into Python row by row; memory stays bounded by DuckDB's streaming
pipeline whatever the file size.

``progress``: an optional callable ``progress(done_rows)``; it is called with the
number of rows read when the file is done (the load is one SQL statement).
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from pathlib import Path

import duckdb

from comity.model import MAX_DATE, MIN_DATE, Event, event_id_sql
from comity.sources import acled, gdelt, icews, polecat
from comity.sources.errors import DatasetError

DATASET_FORMATS = ("gdelt", "gdelt1", "gdelt2", "gdelt2-mentions", "icews", "polecat", "acled")
#: Errors listed one by one in a summary (all are counted).
MAX_ERRORS = 1000




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

def cameo_domain(code: str) -> str | None:
    """The comity domain of a CAMEO code (``comity.codes.cameo.domain``)."""
    from comity.codes import cameo

    return cameo.domain(code)


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


#: Decompressed size a zipped or gzipped dataset may reach: ``ratio`` x its size, at most
#: ``MAX_DECOMPRESSED`` bytes (``$COMITY_MAX_DECOMPRESSED``).  Real GDELT/ICEWS archives
#: inflate 5-15x; a zip bomb inflates 1000x and more.
MAX_RATIO = 200
MAX_DECOMPRESSED = 16 << 30
#: Longest dataset row, in bytes; a longer one is rejected with its line.
MAX_LINE_BYTES = 1 << 20


def _decompress_cap(path: Path) -> int:
    import os

    try:
        limit = int(os.environ.get("COMITY_MAX_DECOMPRESSED", MAX_DECOMPRESSED))
    except ValueError:
        limit = MAX_DECOMPRESSED
    return min(limit, max(path.stat().st_size * MAX_RATIO, 1 << 20))


def _copy_capped(src, dst, path: Path, cap: int) -> None:
    done = 0
    while chunk := src.read(1 << 22):
        done += len(chunk)
        if done > cap:
            raise DatasetError(
                f"{path}: decompresses to more than {cap:,} bytes ({MAX_RATIO}x its size or "
                "$COMITY_MAX_DECOMPRESSED); refused as a possible zip bomb"
            )
        dst.write(chunk)


@contextmanager
def plain_file(path: Path):
    """The path DuckDB reads: zip and gzip members are streamed out to a temp file, with
    the decompressed size capped (zip bombs are refused, not unpacked)."""
    is_zip = zipfile.is_zipfile(path)
    if not is_zip and not _is_gzip(path):
        yield path
        return
    tmpdir = tempfile.mkdtemp(prefix="comity-unpack-")
    try:
        if is_zip:
            try:
                zf = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise DatasetError(f"{path}: unreadable zip ({exc})") from exc
            with zf:
                members = [m for m in zf.infolist() if not m.is_dir()]
                if len(members) != 1:
                    raise DatasetError(
                        f"{path}: expected one file in the zip, found {len(members)}")
                out = Path(tmpdir) / "member"
                try:
                    with zf.open(members[0]) as src, open(out, "wb") as dst:
                        _copy_capped(src, dst, path, _decompress_cap(path))
                except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
                    raise DatasetError(f"{path}: unreadable zip member ({exc})") from exc
        else:
            out = Path(tmpdir) / "member"
            try:
                with gzip.open(path, "rb") as src, open(out, "wb") as dst:
                    _copy_capped(src, dst, path, _decompress_cap(path))
            except (OSError, EOFError) as exc:
                raise DatasetError(f"{path}: unreadable gzip ({exc})") from exc
        yield out
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def _is_gzip(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(2) == b"\x1f\x8b"
    except OSError:
        return False


def _first_lines(path: Path, n: int = 2) -> list[str]:
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                members = [m for m in zf.infolist() if not m.is_dir()]
                if not members:
                    return []
                raw = zf.open(members[0]).read(1 << 16)
        elif _is_gzip(path):
            with gzip.open(path, "rb") as fh:
                raw = fh.read(1 << 16)
        else:
            with open(path, "rb") as fh:
                raw = fh.read(1 << 16)
    except (OSError, zipfile.BadZipFile, EOFError, NotImplementedError):
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


#: Rows sniffed to tell the GDELT kinds apart: one malformed row must not decide.
SNIFF_ROWS = 25


def detect_dataset_format(path) -> str | None:
    """Sniff the first rows: one of DATASET_FORMATS (never bare ``gdelt``), or None.

    Header formats are told by their header; GDELT files (no header) by the column count
    most of the first rows share, so a malformed first row does not decide.
    """
    lines = _first_lines(Path(path), SNIFF_ROWS)
    if not lines:
        return None
    first = lines[0].lstrip("\ufeff")
    tabs = first.split("\t")
    norm = {polecat.norm(c) for c in tabs}
    if {"event id", "cameo code", "source country"} <= norm:
        return "icews"
    if {"event date", "event type"} <= norm and ({"actor name", "recipient name"} & norm):
        return "polecat"
    low = first.lower()
    if "event_id_cnty" in low and "event_date" in low:
        return "acled"
    votes: dict[str, int] = {}
    for line in lines:
        kind = _gdelt_kind(line.split("\t"))
        if kind:
            votes[kind] = votes.get(kind, 0) + 1
    if not votes:
        return None
    return max(votes, key=lambda k: votes[k])


def gdelt_width(path: Path) -> int:
    """The column count most of the first rows of a GDELT file have."""
    counts: dict[int, int] = {}
    for line in _first_lines(path, SNIFF_ROWS):
        n = len(line.split("\t"))
        counts[n] = counts.get(n, 0) + 1
    return max(counts, key=lambda n: counts[n]) if counts else 0


def count_rows(path: Path, header: bool) -> int:
    """Lines in a file (fast byte count), minus the header; for tab formats without quoting."""
    n, last = 0, b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 24):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        n += 1
    return max(n - (1 if header else 0), 0)


# -- ingest -------------------------------------------------------------------



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
        f"max_line_size={MAX_LINE_BYTES}",
        "parallel=true",
        "auto_detect=false",  # a malformed first row must not decide the dialect
    ]
    if dateformat:
        opts.append(f"dateformat='{dateformat}'")
    if nullstr is not None:
        opts.append("nullstr=[" + ", ".join(f"'{s}'" for s in nullstr) + "]")
    return f"read_csv({', '.join(opts)})"


def _lenient_csv(path: Path, columns: list[str], *, delim: str, header: bool,
                 quote: str = "") -> str:
    """read_csv of text columns that skips bad rows (for a first pass over names)."""
    cols = "{" + ", ".join(f"'{c.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for c in columns) + "}"
    return (f"read_csv('{_sql_str(path)}', delim='{delim}', header={str(header).lower()}, "
            f"quote='{quote}', escape='{quote}', columns={cols}, auto_detect=false, "
            f"ignore_errors=true, strict_mode=false, max_line_size={MAX_LINE_BYTES})")


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
        n = gdelt_width(path)
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
        lenient = _lenient_csv(path, icews.ICEWS_COLUMNS, delim="\\t", header=True)
        names = con.execute(
            'SELECT DISTINCT x FROM (SELECT unnest(["Source Country", "Target Country", '
            f'"Country"]) AS x FROM {lenient})'
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
        names = con.execute(acled.names_sql(
            _lenient_csv(path, header, delim=",", header=True, quote='"'))).fetchall()
        add_country_names(con, [r[0] for r in names])
        return src, acled.event_select(header), acled.event_joins(header), True
    raise DatasetError(f"unknown dataset format {fmt!r}")


def _rejects(con, path: str, line_offset: int = 0) -> tuple[int, list[str]]:
    """(rejected lines, the first MAX_ERRORS of them as ``file:line: what``)."""
    grouped = ("SELECT line, first(column_name) AS col, first(error_type) AS etype, "
               "first(error_message) AS msg FROM _comity_rejects GROUP BY line")
    try:
        n = con.execute(f"SELECT count(*) FROM ({grouped})").fetchone()[0]
        rows = con.execute(f"{grouped} ORDER BY line NULLS LAST LIMIT {MAX_ERRORS}").fetchall()
    except duckdb.CatalogException:
        return 0, []
    errs = []
    for line, col, etype, msg in rows:
        what = " ".join(str(msg).split("\n")[0].split())
        if etype == "CAST" and col:
            what = f"bad value in column {col}: {what}"
        where = f"{path}:{line + line_offset}" if line is not None else path
        errs.append(f"{where}: {what}")
    return n, errs


def _drop_rejects(con) -> None:
    for t in ("_comity_rejects", "_comity_reject_scans"):
        con.execute(f"DROP TABLE IF EXISTS {t}")


@dataclass
class MappedDataset:
    """One dataset file read and mapped to comity's event record, ready for the store.

    ``parquet`` holds the mapped rows (events-table columns with ``event_id``, or
    dataset_mentions columns); rows repeated inside the file are still there: the store
    deduplicates.  ``read``/``rejected``/``errors`` describe the file.
    """

    path: Path
    format: str
    dataset: str
    kind: str  # "events" or "mentions"
    parquet: Path
    read: int
    rejected: int
    errors: list[str] = field(default_factory=list)


def resolve_format(path: Path, fmt: str | None) -> str:
    """The dataset format to read ``path`` as: the one asked for, checked against the
    content (an ICEWS file given ``gdelt`` is refused, with what it looks like)."""
    detected = detect_dataset_format(path)
    if fmt is None:
        if detected is None:
            raise DatasetError(f"{path}: not a known event dataset format (use --format)")
        return detected
    if fmt not in DATASET_FORMATS:
        raise DatasetError(
            f"unknown dataset format {fmt!r} (use one of {', '.join(DATASET_FORMATS)})")
    looks = f"it looks like {detected}" if detected else "its first rows match no dataset"
    if fmt == "gdelt":
        if detected not in ("gdelt1", "gdelt2", "gdelt2-mentions"):
            raise DatasetError(
                f"{path}:1: not a GDELT file ({looks}; GDELT rows have 57, 58, 61 or 16 "
                "tab-separated fields)")
        return detected
    if detected is not None and detected != fmt:
        raise DatasetError(f"{path}:1: --format {fmt} refused: {looks}")
    if detected is None and fmt.startswith("gdelt"):
        raise DatasetError(f"{path}:1: not a {fmt} file ({looks})")
    return fmt


@contextmanager
def map_dataset(path, fmt: str | None = None):
    """Read and map one dataset file outside the store (its own in-memory DuckDB);
    yields a :class:`MappedDataset` whose Parquet file lives until the block ends."""
    path = Path(path)
    if not path.exists():
        raise DatasetError(f"{path}: no such file")
    if path.is_dir():
        raise DatasetError(f"{path}: is a folder, not a file")
    fmt = resolve_format(path, fmt)
    tmpdir = Path(tempfile.mkdtemp(prefix="comity-map-"))
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET preserve_insertion_order = false")
        con.execute(f"SET temp_directory = '{_sql_str(tmpdir / 'spill')}'")
        ensure_lookups(con)
        with plain_file(path) as plain, _one_line(path, fmt):
            out = tmpdir / "mapped.parquet"
            if fmt == "gdelt2-mentions":
                mapped = _map_mentions(con, plain, path, out)
            else:
                mapped = _map_events(con, plain, path, fmt, out)
        yield mapped
    finally:
        con.close()
        shutil.rmtree(tmpdir, ignore_errors=True)


def ingest_dataset(store, path, fmt: str | None = None,
                   progress: Callable[[int], None] | None = None) -> IngestSummary:
    """Map a dataset file, then hand it to ``store.write_dataset`` (one short transaction)."""
    with map_dataset(path, fmt) as mapped:
        loaded = store.write_dataset(mapped)
    if progress is not None:
        progress(mapped.read)
    return IngestSummary(str(mapped.path), mapped.format, mapped.read, loaded, mapped.rejected,
                         mapped.errors, skipped=max(mapped.read - loaded - mapped.rejected, 0))


#: Event fields, in record order, that a mapped events file carries after ``event_id``.
_FIELDS = [f.name for f in dataclass_fields(Event)]


def _map_events(con, plain: Path, path: Path, fmt: str, out: Path) -> MappedDataset:
    src, select, joins, _ = _plan(plain, fmt, con)
    rest = ", ".join(
        f'CASE WHEN m.date BETWEEN DATE \'{MIN_DATE}\' AND DATE \'{MAX_DATE}\' THEN m.date END AS "date"'
        if c == "date" else f'm."{c}"'
        for c in _FIELDS
    )
    _copy(con, path, fmt, f"""COPY (WITH m AS (SELECT {select} FROM {src} r {joins})
        SELECT {event_id_sql("m")} AS event_id, {rest} FROM m)
        TO '{_sql_str(out)}' (FORMAT parquet)""")
    rejected, errors = _rejects(con, str(path))
    read = _parquet_rows(con, out) + rejected  # records DuckDB parsed, good and bad
    return MappedDataset(path, fmt, dataset_name(fmt), "events", out, read, rejected, errors)


def _map_mentions(con, plain: Path, path: Path, out: Path) -> MappedDataset:
    src = _read_csv(plain, gdelt.MENTIONS_TYPES, delim="\\t", header=False)
    _copy(con, path, "gdelt2-mentions",
          f"COPY (SELECT {gdelt.mentions_select()} FROM {src} r) TO '{_sql_str(out)}' "
          "(FORMAT parquet)")
    rejected, errors = _rejects(con, str(path))
    return MappedDataset(path, "gdelt2-mentions", "gdelt2", "mentions", out,
                         _parquet_rows(con, out) + rejected, rejected, errors)


@contextmanager
def _one_line(path: Path, fmt: str):
    """Any DuckDB failure on a whole file becomes one DatasetError line."""
    try:
        yield
    except duckdb.Error as exc:
        raise DatasetError(f"{path}: unreadable as {fmt} ({str(exc).splitlines()[0]})") from exc


def _copy(con, path: Path, fmt: str, sql: str) -> None:
    """Run the mapping; a file DuckDB's strict CSV parser gives up on (a lone carriage
    return inside a row) is parsed again leniently, where bad rows become rejects; any
    other file-level failure is one DatasetError line."""
    try:
        try:
            con.execute(sql)
        except duckdb.InvalidInputException as exc:
            if "invalid state" not in str(exc):
                raise
            _drop_rejects(con)
            con.execute(sql.replace("auto_detect=false", "auto_detect=false, strict_mode=false"))
    except duckdb.Error as exc:
        raise DatasetError(f"{path}: unreadable as {fmt} ({str(exc).splitlines()[0]})") from exc


def _parquet_rows(con, path: Path) -> int:
    return con.execute(f"SELECT count(*) FROM read_parquet('{_sql_str(path)}')").fetchone()[0]


def ingest_datasets(store, paths, fmt: str | None = None) -> list[IngestSummary]:
    """Several files, one transaction each."""
    return [ingest_dataset(store, p, fmt) for p in paths]
