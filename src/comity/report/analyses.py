"""The brief's seam to `comity.analysis`: which analysis functions it calls, and nothing else.

The report never queries the store's tables itself (DESIGN.md: report/ consumes
analysis results only).  :class:`Analysis` is the small seam between the two:
by default it looks the analysis functions up in ``comity.analysis``; a test
(or a caller with another engine) can hand in its own functions instead.

A function that is not there (the analytics for it are not written yet) makes
its section of the brief say so instead of failing the whole brief.  A
function that *is* there and raises is a bug, and is left to raise.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

#: name -> (module under comity.analysis, function name).  The follow-through
#: function's module name is not settled: every candidate is tried in order.
DEFAULT_LOCATIONS: dict[str, list[tuple[str, str]]] = {
    "dyad_events": [("events", "dyad_events")],
    "dyad_series": [("series", "dyad_series")],
    "meeting_history": [("meetings", "meeting_history")],
    "domain_tracks": [("domains", "domain_tracks")],
    "third_parties": [("third_parties", "third_parties")],
    "pledges_followed": [("follow_through", "pledges_followed")],
    "follow_through": [
        ("follow_through", "follow_through"),
        ("followthrough", "follow_through"),
        ("commitments", "follow_through"),
        ("pledges", "follow_through"),
    ],
}


def _lookup(module: str, name: str) -> Callable | None:
    try:
        mod = importlib.import_module(f"comity.analysis.{module}")
    except ImportError as exc:
        # Only "that module does not exist" means "not written yet"; an import
        # error inside an existing module is a bug and should surface.
        if getattr(exc, "name", None) in {f"comity.analysis.{module}", "comity.analysis"}:
            return None
        raise
    fn = getattr(mod, name, None)
    return fn if callable(fn) else None


@dataclass
class Analysis:
    """The analysis functions the brief calls, each ``fn(store, a, b, **kw) -> DataFrame``."""

    functions: dict[str, Callable[..., pd.DataFrame]] = field(default_factory=dict)

    @classmethod
    def default(cls) -> Analysis:
        """The functions of ``comity.analysis`` that exist right now."""
        found: dict[str, Callable] = {}
        for key, places in DEFAULT_LOCATIONS.items():
            for module, name in places:
                fn = _lookup(module, name)
                if fn is not None:
                    found[key] = fn
                    break
        return cls(found)

    def has(self, name: str) -> bool:
        return name in self.functions

    def call(self, name: str, store: Any, a: str, b: str, **kwargs: Any) -> pd.DataFrame | None:
        """Call ``name`` if it exists (``None`` if not), passing only the keywords it accepts.

        Keyword arguments whose value is ``None`` and that the function does not
        take are dropped silently; a non-``None`` one it does not take (a period
        bound, say) is dropped too, and the caller filters the result itself.
        """
        fn = self.functions.get(name)
        if fn is None:
            return None
        try:
            params = inspect.signature(fn).parameters
        except (TypeError, ValueError):  # builtins, odd callables: pass everything
            params = None
        if params is not None and not any(
            p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()
        ):
            kwargs = {k: v for k, v in kwargs.items() if k in params}
        result = fn(store, a, b, **kwargs)
        if result is None:
            return None
        if not isinstance(result, pd.DataFrame):
            result = pd.DataFrame(result)
        return result

    def accepts(self, name: str, keyword: str) -> bool:
        fn = self.functions.get(name)
        if fn is None:
            return False
        try:
            params = inspect.signature(fn).parameters
        except (TypeError, ValueError):
            return True
        return keyword in params or any(
            p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()
        )


#: Document fields the brief shows for provenance.
DOCUMENT_FIELDS = ("title", "published", "source", "kind", "path", "url")


def document_details(store: Any, doc_ids: list[str]) -> dict[str, dict]:
    """Provenance fields of the given documents, through the store's read API.

    Used only for the fields ``dyad_events`` does not already carry (its rows
    hold the document's title and date; the brief also shows outlet, kind,
    path and url).  No SQL here: :meth:`Store.document` is the store's own API.
    """
    lookup = getattr(store, "document", None)
    if not callable(lookup):
        return {}
    out: dict[str, dict] = {}
    for doc_id in doc_ids:
        row = lookup(doc_id)
        if row:
            out[doc_id] = {k: row.get(k) for k in DOCUMENT_FIELDS}
    return out
