"""The extractor: Document -> events, through a configured pipeline of named stages.

``Extractor(stages="rules")`` runs the rule stages only; ``"hybrid"`` adds the sentence
classifier (``extract.learned``) after them; ``"learned"`` puts the learned coder
(``extract.coder``) first and lets the rules code what it leaves.  A list of stage names (or
``(name, options)`` pairs) configures anything else; see :mod:`comity.extract.registry`.
Nothing here imports a model at module level.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from comity.extract.actors import ActorFinder
from comity.extract.coding import _COUNTRY_NAMES
from comity.extract.principal import principal_event
from comity.extract.registry import LEARNED, RULES_EXTRACTOR, Context, DocState, Pipeline, StageSpec
from comity.knowledge.base import KnowledgeBase, load_knowledge
from comity.model import Actor, Document, Event, Sentence

EXTRACTOR = RULES_EXTRACTOR
#: Longest text run through the pipeline at once (characters); see Extractor.extract.
SEGMENT = 1_000_000
_CUTS = (re.compile(r"\n\s*\n"), re.compile(r"[.!?][\"'\u201d)]?\s+"), re.compile(r"\s+"))


def segments(text: str, size: int):
    """(offset, piece) pairs covering ``text``, each at most about ``size`` characters, cut at
    the last paragraph break, else sentence end, else space before the limit."""
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = None
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(window, size // 2)]
            if ends:
                cut = ends[-1]
                break
        cut = cut or size
        yield start, text[start:start + cut]
        start += cut
    yield start, text[start:]


@dataclass
class Extraction:
    """What one document gave: its events and every actor mention (for third parties)."""

    events: list[Event] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    headline: str = ""
    dateline: str = ""


def _default_config(model, coder) -> str | list[str]:
    if coder is not None:
        return "rules_first" if model is None else [*LEARNED, "classifier"]
    return "hybrid" if model is not None else "rules"


class Extractor:
    """Runs the configured extraction pipeline over documents.

    ``model`` is a sentence classifier (``extract.learned.LearnedModel``) for the ``hybrid``
    preset, ``coder`` a token-level coder (``extract.coder.Coder``) for ``learned``; with
    neither, the rules run alone.  ``stages`` overrides the preset.
    """

    def __init__(self, kb: KnowledgeBase | None = None, model=None, *, coder=None,
                 stages: Sequence[StageSpec] | str | None = None):
        self.kb = kb or load_knowledge()
        names = {iso: st.name for iso, st in self.kb.states.items()}
        _COUNTRY_NAMES.update(names)
        self.finder = ActorFinder(self.kb)
        self.model = model
        self.coder = coder
        extractor = EXTRACTOR if coder is None else f"{coder.name}/{coder.version}"
        self.ctx = Context(kb=self.kb, finder=self.finder, coder=coder, model=model,
                           extractor=extractor, country_names=names)
        config = stages if stages is not None else _default_config(model, coder)
        self.pipeline = Pipeline(config, self.ctx)

    @property
    def stages(self) -> list[str]:
        return self.pipeline.names

    def run(self, doc: Document) -> DocState:
        """The document's full state after every stage (drafts included)."""
        return self.pipeline(doc)

    def extract(self, doc: Document) -> Extraction:
        """Events and actor mentions of ``doc``.  A text longer than ``SEGMENT`` characters
        (a dump, not an article) is run in segments cut at paragraph or sentence ends, so the
        working memory stays bounded; offsets are then counted from each segment's start in
        the raw text, and discourse memory (the last meeting) does not cross segments."""
        if len(doc.text) <= SEGMENT:
            return self._collect(self.pipeline(doc), Extraction(), 0, 0)
        out = Extraction()
        doc_id = doc.doc_id
        for k, (base, piece) in enumerate(segments(doc.text, SEGMENT)):
            state = self.pipeline(replace(doc, text=piece), continued=k > 0)
            state.events = [replace(e, doc_id=doc_id, start=e.start + base, end=e.end + base)
                            for e in state.events]
            self._collect(state, out, base, len(out.sentences))
        return out

    @staticmethod
    def _collect(state: DocState, out: Extraction, base: int, first_index: int) -> Extraction:
        if first_index == 0 and base == 0:
            out.headline, out.dateline = state.headline, state.dateline
        out.events.extend(state.events)
        for sent, found in zip(state.sentences, state.actors, strict=False):
            index = first_index + sent.index
            for a in found:
                out.actors.append(Actor(text=a.text, name=a.name, country=a.country,
                                        sector=a.sector, role=a.role, kind=a.kind,
                                        start=base + sent.start + a.start,
                                        end=base + sent.start + a.end, sentence_index=index))
            out.sentences.append(Sentence(text=sent.text, start=base + sent.start,
                                          end=base + sent.end, index=index))
        return out


#: Deprecated name of :class:`Extractor` (it never ran rules alone), kept for ``api`` and
#: ``ingest`` until they move to the new name.
RuleExtractor = Extractor


_DEFAULT: dict[tuple[int, int], Extractor] = {}


def default_extractor(model=None, coder=None) -> Extractor:
    key = (id(model), id(coder))
    if key not in _DEFAULT:
        _DEFAULT[key] = Extractor(model=model, coder=coder)
    return _DEFAULT[key]


def extract_document(doc: Document, *, model=None, coder=None) -> Extraction:
    return default_extractor(model, coder).extract(doc)


def extract_text(text: str, date: date | None = None, *, model=None, coder=None,
                 kind: str = "news", date_approximate: bool = False) -> list[Event]:
    """Events in a piece of text (not stored); ``date`` anchors relative dates and roles."""
    doc = Document(text=text, published=date, kind=kind, date_approximate=date_approximate)
    return extract_document(doc, model=model, coder=coder).events


__all__ = ["EXTRACTOR", "Extraction", "Extractor", "RuleExtractor", "default_extractor",
           "extract_document", "extract_text", "principal_event"]
