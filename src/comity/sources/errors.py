"""Errors that name the file (and line) and say what was wrong, in one line."""

from __future__ import annotations

from dataclasses import dataclass


class SourceError(Exception):
    """A whole input that cannot be read (missing, empty, not UTF-8, unknown format)."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path, self.line, self.message = str(path), line, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class DatasetError(ValueError):
    """A dataset file that is not of the format asked for, or cannot be read at all."""


@dataclass
class RecordError:
    """One bad record inside an otherwise readable file; reported and counted, not fatal."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
