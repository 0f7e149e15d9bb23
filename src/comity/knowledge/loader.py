"""Load the knowledge base's YAML files, keeping line numbers for clear errors."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

import yaml


class KnowledgeError(Exception):
    """A knowledge file that does not parse or breaks the schema: says file:line and why."""


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records each mapping's line as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path | str, text: str | None = None, lines: bool = True) -> object:
    """Parse a YAML file (or its text); ``lines`` records line numbers on every mapping.

    The packaged files load without line numbers (the C loader is much faster);
    on a schema error they are read again with lines to say where.
    """
    try:
        if text is None:
            text = Path(path).read_text(encoding="utf-8")
        return yaml.load(text, Loader=_LineLoader if lines else _FAST_LOADER)  # noqa: S506
    except FileNotFoundError as exc:
        raise KnowledgeError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise KnowledgeError(f"{path}: not UTF-8") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise KnowledgeError(f"{where}: invalid YAML ({problem})") from exc


def data_dir() -> Path:
    return Path(str(resources.files("comity.knowledge") / "data"))


def package_file(name: str) -> Path:
    return data_dir() / name


def where(path: Path | str, record: object) -> str:
    line = record.get("__line__") if isinstance(record, dict) else None
    return f"{path}:{line}" if line else str(path)


def as_date(value: object, path: Path | str, record: dict, key: str) -> date | None:
    """A role date: YYYY-MM-DD (or YYYY-MM, YYYY) -> date; KnowledgeError otherwise."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    text = str(value)
    try:
        if len(text) == 4:
            return date(int(text), 1, 1)
        if len(text) == 7:
            return date(int(text[:4]), int(text[5:7]), 1)
        return date.fromisoformat(text)
    except ValueError as exc:
        raise KnowledgeError(f"{where(path, record)}: {key} {text!r} is not a date (YYYY-MM-DD)") from exc
