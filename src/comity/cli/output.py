"""Writing results: a readable table (chosen columns, 80 columns wide), or every column as
CSV, JSON or Parquet.  Codes stay strings, dates ISO, missing values empty/null.

Results come as a pandas DataFrame or, for the dyad series, as plain rows (no pandas).
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from datetime import date, datetime
from pathlib import Path

from comity.cli.common import FORMATS, err, escape, fail, out


def check_out(path: Path | None, fmt: str) -> Path | None:
    """One clean line for an --out that cannot be written, before any work is done."""
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r} (use one of: {', '.join(FORMATS)})")
    if path is None:
        if fmt == "parquet":
            fail("--format parquet needs --out FILE")
        return None
    path = Path(path)
    if path.is_dir():
        fail(f"--out {path}: is a directory; give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        fail(f"--out {path}: folder {parent} does not exist")
    if (path.exists() and not os.access(path, os.W_OK)) or not os.access(parent, os.W_OK):
        fail(f"--out {path}: not writable")
    return path


def plain(v):
    """A JSON-ready value: dates ISO, NaN/NaT/NA as None, numpy scalars as Python."""
    if v is None or type(v).__name__ in ("NaTType", "NAType"):
        return None
    if isinstance(v, float):
        return None if math.isnan(v) else v
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "item"):
        return plain(v.item())
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if hasattr(v, "tolist"):
        return plain(v.tolist())
    return v


def cell(v) -> str:
    """A table cell: floats to 3 significant decimals, missing empty, lists joined."""
    v = plain(v)
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.3f}".rstrip("0").rstrip(".")
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return str(v)


def _write(text: str, path: Path | None) -> None:
    if path is None:
        import sys

        sys.stdout.write(text)
        return
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"--out {path}: {exc.strerror or exc}")


def _table(columns: list[str], rows: list[list[str]], path: Path | None, title: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=escape(title) if title else None, title_justify="left", box=None,
                  header_style="bold", pad_edge=False)
    for c in columns:
        header = _SHORT.get(c, str(c))
        table.add_column(escape(header), overflow="ellipsis", no_wrap=c not in _WRAP,
                         max_width=_WIDTH.get(c), min_width=len(header) if len(header) <= 5 else None)
    for r in rows:
        table.add_row(*[escape(x) for x in r])
    if path is not None:
        with open(path, "w", encoding="utf-8") as fh:
            Console(file=fh, width=200).print(table)
        return
    out.print(table)
    if not rows:
        err.print("(no rows)")


#: Shorter headers in a terminal table (CSV, JSON and Parquet keep the full names).
_SHORT = {"verbal_coop": "verb.coop", "material_coop": "mat.coop",
          "verbal_conflict": "verb.confl", "material_conflict": "mat.confl",
          "goldstein_mean": "gold.mean", "goldstein_sum": "gold.sum",
          "source_country": "src", "target_country": "tgt", "plover_type": "type",
          "location_name": "place"}
#: Columns that wrap in a table, and widths that keep tables within 80 columns.
_WRAP = {"sentence", "evidence", "title", "description", "who did what to whom"}
_WIDTH = {"sentence": 40, "evidence": 40, "title": 30, "place": 16, "location_name": 16,
          "source_name": 18, "target_name": 18, "domains": 16}


def emit(result, fmt: str = "table", path: Path | None = None, *, columns: list[str] | None = None,
         table_columns: list[str] | None = None, title: str | None = None) -> None:
    """Print or write ``result`` (a DataFrame, or rows with ``columns``).

    ``table_columns``: the columns a table shows (the rest go out with --format csv/json/parquet).
    """
    path = check_out(path, fmt)
    if columns is not None:  # plain rows
        names, rows = list(columns), [list(r) for r in result]
    else:
        names, rows = [str(c) for c in result.columns], None
    if fmt == "parquet":
        _parquet(result, names, rows, path)
        return
    if rows is None:
        rows = [list(r) for r in result.itertuples(index=False, name=None)]
    if fmt == "table":
        keep = [c for c in (table_columns or names) if c in names]
        idx = [names.index(c) for c in keep]
        _table(keep, [[cell(r[i]) for i in idx] for r in rows], path, title)
    elif fmt == "json":
        records = [{k: plain(v) for k, v in zip(names, r, strict=True)} for r in rows]
        _write(json.dumps(records, ensure_ascii=False, indent=1) + "\n", path)
    else:
        buf = io.StringIO()
        # strings quoted, numbers bare: a reader that honours quotes keeps "057" a code
        writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(names)
        for r in rows:
            writer.writerow([_csv_field(v) for v in r])
        _write(buf.getvalue(), path)


def _csv_field(v):
    v = plain(v)
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, list):
        return ";".join(str(x) for x in v)
    return v


def _parquet(result, names, rows, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if rows is not None:
        table = pa.Table.from_pylist([dict(zip(names, r, strict=True)) for r in rows])
    else:
        table = pa.Table.from_pandas(result, preserve_index=False)
    try:
        pq.write_table(table, path)
    except OSError as exc:
        fail(f"--out {path}: {exc}")
