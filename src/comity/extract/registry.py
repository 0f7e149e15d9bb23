"""A registry of extraction stages, in the style of spaCy's factories.

A *stage* is a function ``fn(state: DocState) -> None`` that reads and extends the state of
one document.  A *factory* builds a stage once per pipeline from the shared context and the
stage's options::

    from comity.extract.registry import stage

    @stage("my_stage")
    def my_stage(ctx: Context, *, threshold: float = 0.5):
        def run(state: DocState) -> None:
            ...
        return run

A *pipeline* is a configured list of stage names, each optionally with options:
``["clean", "sentences", ("learned_coding", {"min_prob": 0.6}), "rule_coding", ...]``.
Swapping the rule coder for the learned one, or running both (the learned stage first, the
rules filling the sentences it left undecided), is a change of configuration only; ``comity
eval`` builds the same pipeline as ``comity extract``.

The rule stages live in :mod:`comity.extract.stages`; the learned-coder stage in
:mod:`comity.extract.coder_stage`.  Both register themselves when imported; :func:`get_stage`
imports the module that provides a known name on first use, so plug-ins only need to be
imported (or listed in ``PROVIDERS``) before a pipeline is built.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from comity.model import Actor, Document, Event, Sentence

Stage = Callable[["DocState"], None]
Factory = Callable[..., Stage]
StageSpec = str | tuple[str, dict[str, Any]]

_REGISTRY: dict[str, Factory] = {}

#: The name and version recorded on events the rule coder made.
RULES_EXTRACTOR = "comity-rules/0.2"

#: Which module registers which stage (imported lazily by :func:`get_stage`).
PROVIDERS: dict[str, str] = {
    "learned_coding": "comity.extract.coder_stage",
    "classifier": "comity.extract.coder_stage",
}
_RULE_MODULE = "comity.extract.stages"

#: Rules only.
RULES: tuple[str, ...] = ("clean", "sentences", "actors", "rule_coding", "parties", "status",
                          "domains", "dates", "places", "confidence", "merge")
#: Rules, then the sentence classifier (``extract.learned``) refines their events.
HYBRID: tuple[str, ...] = RULES + ("classifier",)
#: The learned coder first; rules code the sentences it left undecided, and supply parties it
#: could not resolve, dates, places, domains and confidence.
LEARNED: tuple[str, ...] = ("clean", "sentences", "actors", "learned_coding", "rule_coding",
                            "parties", "status", "domains", "dates", "places", "confidence",
                            "merge")
#: The rules first; the learned coder codes only sentences with actors where they found no
#: trigger (the production default while the coder is below the rules on real news).
RULES_FIRST: tuple[str, ...] = ("clean", "sentences", "actors", "rule_coding", "learned_coding",
                                "parties", "status", "domains", "dates", "places", "confidence",
                                "merge")
PRESETS: dict[str, tuple[str, ...]] = {"rules": RULES, "hybrid": HYBRID, "learned": LEARNED,
                                       "rules_first": RULES_FIRST}


def stage(name: str) -> Callable[[Factory], Factory]:
    """Register ``factory`` under ``name`` (a second, different factory is an error)."""
    def register(factory: Factory) -> Factory:
        old = _REGISTRY.get(name)
        if old is not None and old.__qualname__ != factory.__qualname__:
            raise ValueError(f"stage {name!r} is already registered by {old.__module__}")
        _REGISTRY[name] = factory
        return factory
    return register


def get_stage(name: str) -> Factory:
    """The factory registered under ``name``, importing its provider on first use."""
    if name not in _REGISTRY:
        importlib.import_module(PROVIDERS.get(name, _RULE_MODULE))
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise KeyError(f"unknown extraction stage {name!r} (known: {known})") from None


def registered() -> list[str]:
    """Names of every stage registered so far (rule stages always included)."""
    importlib.import_module(_RULE_MODULE)
    return sorted(_REGISTRY)


@dataclass
class Context:
    """What every stage of one pipeline shares: the knowledge base, the actor finder and the
    optional models.  Built once; stages must not mutate it per document."""

    kb: Any
    finder: Any
    coder: Any = None  # comity.extract.coder.Coder (learned coding stage)
    model: Any = None  # comity.extract.learned.LearnedModel (classifier stage)
    extractor: str = RULES_EXTRACTOR  # the pipeline's name, for events no stage names
    country_names: dict[str, str] = field(default_factory=dict)


@dataclass
class Draft:
    """One event being built: the coding stage opens it, later stages fill its fields."""

    index: int  # sentence index in DocState.sentences
    start: int  # trigger offsets in the sentence text
    end: int
    trigger: Any  # comity.extract.lexicon.Trigger
    salience: float = 0.0  # penalty when the trigger is not the sentence's main predicate
    floor: int = 0  # parties lie after this offset (a nominal trigger in the head's object)
    source: Actor | None = None
    target: Actor | None = None
    parties_set: bool = False  # the coding stage resolved the parties itself
    status: str | None = None
    reject: str | None = None  # CAMEO 12x when a negated cooperative act is a refusal
    domains: list[str] = field(default_factory=list)
    date: date | None = None
    precision: str = "approximate"
    occasion: Any = None
    background: bool = False
    earlier: Draft | None = None  # the meeting a later reference points back to
    loc: tuple | None = None  # (name, country, lat, lon)
    confidence: float = 0.5
    extractor: str = ""
    score: float | None = None  # the learned coder's probability, when it coded the event
    event: Event | None = None  # filled by merge


@dataclass
class DocState:
    """One document on its way through the stages."""

    doc: Document
    continued: bool = False  # a later segment of a very long document: no headline, dateline
    text: str = ""  # cleaned text; sentence offsets refer to it
    headline: str = ""
    dateline: str = ""  # the place a story was filed from: never an actor
    sentences: list[Sentence] = field(default_factory=list)
    actors: list[list[Actor]] = field(default_factory=list)  # per sentence, sentence offsets
    locations: list[list[Any]] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    decided: set[int] = field(default_factory=set)  # sentences a coding stage has settled
    events: list[Event] = field(default_factory=list)
    context: Counter = field(default_factory=Counter)  # country mentions so far


def _spec(item: StageSpec) -> tuple[str, dict[str, Any]]:
    if isinstance(item, str):
        return item, {}
    name, options = item
    return name, dict(options)


class Pipeline:
    """Stages built from a configuration, run in order over each document."""

    def __init__(self, config: Sequence[StageSpec] | str, ctx: Context):
        if isinstance(config, str):
            try:
                config = PRESETS[config]
            except KeyError:
                raise KeyError(f"unknown pipeline preset {config!r} "
                               f"(known: {', '.join(PRESETS)})") from None
        self.ctx = ctx
        self.config = [_spec(item) for item in config]
        self.stages: list[tuple[str, Stage]] = [
            (name, get_stage(name)(ctx, **options)) for name, options in self.config]

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.stages]

    def __call__(self, doc: Document, *, continued: bool = False) -> DocState:
        state = DocState(doc=doc, continued=continued)
        for _, run in self.stages:
            run(state)
        return state

    def pipe(self, docs: Iterable[Document]) -> Iterable[DocState]:
        for doc in docs:
            yield self(doc)
