"""The domain lexicon (knowledge/data/domains.yaml) compiled to one regex per domain."""

from __future__ import annotations

import re
from functools import lru_cache

from comity.knowledge.loader import KnowledgeError, load_yaml, package_file
from comity.model import DOMAINS


def _term_regex(term: str) -> str:
    stem = term.rstrip("*")
    body = re.escape(stem).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
    tail = r"\w*" if term.endswith("*") else ""
    return rf"\b{body}{tail}\b"


@lru_cache(maxsize=1)
def domain_patterns() -> dict[str, re.Pattern]:
    path = package_file("domains.yaml")
    data = load_yaml(path, lines=False)
    out = {}
    for domain, terms in (data or {}).items():
        if domain not in DOMAINS:
            raise KnowledgeError(f"{path}: unknown domain {domain!r} (allowed: {', '.join(DOMAINS)})")
        case_sensitive = [t for t in terms if str(t).isupper()]
        other = [t for t in terms if not str(t).isupper()]
        parts = [f"(?i:{_term_regex(str(t))})" for t in other]
        parts += [_term_regex(str(t)) for t in case_sensitive]  # acronyms: exact case
        out[domain] = re.compile("|".join(parts))
    return out


def domains_in(text: str) -> list[str]:
    """Domains whose lexicon matches ``text``, in the controlled list's order."""
    pats = domain_patterns()
    return [d for d in DOMAINS if d in pats and pats[d].search(text)]
