"""The domain lexicon (knowledge/data/domains.yaml), matched word by word.

Terms are whole words or phrases; a trailing ``*`` matches any ending; terms in
capitals (TTP, LNG, SCO) match only in capitals.  Matching goes through dict
lookups rather than one large regex: it runs on every sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from comity.knowledge.loader import KnowledgeError, load_yaml, package_file
from comity.model import DOMAINS

_WORD = re.compile(r"[A-Za-z0-9]+")


@dataclass
class DomainLexicon:
    exact: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    prefix: dict[tuple[str, ...], set[str]] = field(default_factory=dict)  # last word is a stem
    exact_case: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    max_words: int = 1
    _stems: re.Pattern | None = None

    def add(self, term: str, domain: str) -> None:
        stem = term.endswith("*")
        words = tuple(_WORD.findall(term.rstrip("*")))
        if not words:
            return
        self.max_words = max(self.max_words, len(words))
        if term.isupper() and not stem:
            self.exact_case.setdefault(words, set()).add(domain)
            return
        key = tuple(w.lower() for w in words)
        (self.prefix if stem else self.exact).setdefault(key, set()).add(domain)

    def match(self, text: str) -> set[str]:
        words = _WORD.findall(text)
        lows = [w.lower() for w in words]
        found: set[str] = set()
        for i in range(len(words)):
            for n in range(1, min(self.max_words, len(words) - i) + 1):
                key = tuple(lows[i:i + n])
                if key in self.exact:
                    found |= self.exact[key]
                case_key = tuple(words[i:i + n])
                if case_key in self.exact_case:
                    found |= self.exact_case[case_key]
        # Stems ("terror*" -> "terrorism"): one regex pass over the lower-cased text.
        for m in self._stem_regex().finditer(" ".join(lows)):
            found |= self.prefix[tuple(m.group(0).split())]
        return found

    def _stem_regex(self) -> re.Pattern:
        if self._stems is None:
            alts = sorted((" ".join(k) for k in self.prefix), key=len, reverse=True)
            self._stems = re.compile(r"\b(?:" + "|".join(map(re.escape, alts)) + r")(?=\w*\b)")
        return self._stems


@lru_cache(maxsize=1)
def domain_lexicon() -> DomainLexicon:
    path = package_file("domains.yaml")
    data = load_yaml(path, lines=False)
    lex = DomainLexicon()
    for domain, terms in (data or {}).items():
        if domain not in DOMAINS:
            raise KnowledgeError(f"{path}: unknown domain {domain!r} (allowed: {', '.join(DOMAINS)})")
        for term in terms or []:
            lex.add(str(term), domain)
    return lex


def domains_in(text: str) -> list[str]:
    """Domains whose lexicon matches ``text``, in the controlled list's order."""
    found = domain_lexicon().match(text)
    return [d for d in DOMAINS if d in found]
