"""Ingest files into the store: read, extract, write -- one short transaction per file.

Reading, mapping and extraction run outside the store; the store's file lock is taken
only to write one file's result (open, write, commit, close), so readers in other
processes get in between files.  A file that fails (missing, unreadable, empty, unknown
format, every row rejected) is reported in one line and leaves nothing behind; the
other files still load.  Bad records inside a readable file are reported with
file:line, counted, and skipped.  :attr:`IngestReport.exit_code` is what a command
returns: 1 when a file failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from comity.extract.pipeline import RuleExtractor
from comity.model import Document
from comity.sources import RecordError, SourceError, detect_format, expand_paths, read_documents
from comity.sources.datasets import DatasetError
from comity.store import Store, StoreError

DATASET_FORMATS = ("gdelt", "gdelt1", "gdelt2", "gdelt2-mentions", "icews", "polecat", "acled")


@dataclass
class FileResult:
    path: str
    format: str = ""
    read: int = 0
    loaded: int = 0  # new documents (news) or new events (datasets)
    skipped: int = 0  # already stored
    rejected: int = 0
    events: int = 0
    error: str = ""  # the whole file failed
    record_errors: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.error]

    @property
    def succeeded(self) -> list[FileResult]:
        return [f for f in self.files if not f.error]

    def total(self, attr: str) -> int:
        return sum(getattr(f, attr) for f in self.files)

    @property
    def exit_code(self) -> int:
        """0 when every file loaded (or was stored already), 1 when any failed."""
        return 1 if self.failed else 0


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    fmt: str | None = None,
    extractor: RuleExtractor | Callable[[], RuleExtractor] | None = None,
    on_file: Callable[[Path, int, int], None] | None = None,
    on_error: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest files and folders; ``on_file(path, i, n)`` reports progress, ``on_error`` problems.

    ``extractor`` may be a callable that builds one: it is then built only if a news file
    comes (event datasets need no extraction, and a learned model takes seconds to load).
    """
    files = expand_paths(paths)
    report = IngestReport()
    built: list[RuleExtractor] = []

    def get_extractor() -> RuleExtractor:
        if not built:
            if isinstance(extractor, RuleExtractor):
                built.append(extractor)
            else:
                built.append(extractor() if extractor is not None else RuleExtractor())
        return built[0]

    for i, path in enumerate(files, start=1):
        if on_file:
            on_file(path, i, len(files))
        result = FileResult(path=str(path))
        try:
            result.format = fmt or detect_format(path)
            if result.format in DATASET_FORMATS:
                _ingest_dataset(store, path, result)
            else:
                _ingest_news(store, path, result, get_extractor)
            # datasets count rejected rows in `read`; news counts only the good records
            # (a news file with none raises above)
            if result.format in DATASET_FORMATS and result.read and \
                    result.rejected >= result.read:
                result.error = f"{path}: all {result.read} records rejected; nothing loaded"
        except (SourceError, DatasetError, StoreError) as exc:
            result.error = str(exc)
        except (MemoryError, RecursionError) as exc:
            result.error = f"{path}: too large or too deeply nested to read ({type(exc).__name__})"
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the rest
            result.error = f"{path}: {type(exc).__name__}: {exc}"
        if isinstance(result.error, str) and result.error:
            result.error = " ".join(result.error.split())  # one line, whatever the message
        if on_error:
            for line in result.record_errors:  # whole-file failures go in the summary
                on_error(line)
        report.files.append(result)
    return report


def _ingest_news(store: Store, path: Path, result: FileResult,
                 get_extractor: Callable[[], RuleExtractor]) -> None:
    docs: list[Document] = []
    for item in read_documents(path, result.format):
        if isinstance(item, RecordError):
            result.rejected += 1
            result.record_errors.append(str(item))
            continue
        result.read += 1
        docs.append(item)
    if result.read == 0 and result.rejected:
        raise SourceError(str(path), f"no readable records ({result.rejected} rejected)")
    stored = store.stored_documents([d.doc_id for d in docs])  # brief read, then let go
    store.release()
    items: list[tuple[Document, list, list]] = []
    for doc in docs:
        if doc.doc_id in stored:
            result.skipped += 1
            continue
        extraction = get_extractor().extract(doc)  # outside the store: no lock held
        items.append((doc, extraction.events, extraction.actors))
    from comity.extract.dedupe import dedupe

    with store.transaction():
        new_docs, new_events = store.write_documents(items, merge=dedupe)
        store.log_ingest(str(path), result.format, result.read, new_docs, result.rejected)
    result.loaded, result.events = new_docs, new_events
    result.skipped += len(items) - new_docs


def _ingest_dataset(store: Store, path: Path, result: FileResult) -> None:
    from comity.sources.datasets import map_dataset

    with map_dataset(path, result.format) as mapped:  # read and mapped outside the store
        loaded = store.write_dataset(mapped)
    result.format = mapped.format
    result.read, result.loaded, result.rejected = mapped.read, loaded, mapped.rejected
    result.events = loaded
    result.skipped = max(0, mapped.read - loaded - mapped.rejected)
    result.record_errors = list(mapped.errors)
