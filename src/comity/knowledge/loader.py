"""Load the knowledge base's YAML files, keeping line numbers for clear errors."""

from __future__ import annotations

import hashlib
import json
import os
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
    mapping["__keylines__"] = {
        k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)
    }
    return mapping


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    """Dates stay text: comity checks them itself and says where a bad one is."""
    return loader.construct_scalar(node)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The C loader where available, with dates kept as text."""


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
for _loader in (_LineLoader, _FastLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
_FAST_LOADER = _FastLoader


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


def _cache_dir() -> Path | None:
    root = os.environ.get("COMITY_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "comity")
    try:
        Path(root).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return Path(root)


def load_yaml_cached(path: Path) -> object:
    """A packaged YAML file, parsed once and then read from a JSON cache (much faster).

    The cache key is the file's path, size and modification time, so an edited file
    is parsed again.  Dates come back as ISO strings; the parsers accept both.
    """
    cache = _cache_dir()
    if cache is None:
        return load_yaml(path, lines=False)
    stat = path.stat()
    key = hashlib.sha1(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()
    cached = cache / f"kb-{key[:20]}.json"
    try:
        return json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    data = load_yaml(path, lines=False)
    try:
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, default=str), encoding="utf-8")
        os.replace(tmp, cached)
    except OSError:
        pass
    return data


def data_dir() -> Path:
    return Path(str(resources.files("comity.knowledge") / "data"))


def package_file(name: str) -> Path:
    return data_dir() / name


def where(path: Path | str, record: object, key: str | None = None) -> str:
    """``file:line`` of a record (of one of its keys, when given and known)."""
    line = None
    if isinstance(record, dict):
        line = (record.get("__keylines__") or {}).get(key) or record.get("__line__")
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
        raise KnowledgeError(
            f"{where(path, record, key)}: {key} {text!r} is not a date (YYYY-MM-DD)"
        ) from exc
