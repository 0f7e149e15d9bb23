"""Learned stages: the token-level coder (``extract.coder``) and the sentence classifier
(``extract.learned``).  Registered here and imported by the registry only when a pipeline
names them, so a rules-only run never loads numpy models or onnxruntime.

``learned_coding`` turns each trigger span of a :class:`~comity.extract.coder.SentenceCode`
(or, with no trigger span, the sentence-level type) into a draft whose source and target are
the role spans nearest that trigger, resolved to actors: the actor the rules found on the
same words, else the knowledge base's reading of the span on the document's date.  Sentences
it codes are settled: ``rule_coding`` after it only codes the others.
"""

from __future__ import annotations

import re
from collections import defaultdict

from comity.codes.plover import cameo_for, normalize_mode
from comity.extract.lexicon import Trigger
from comity.extract.registry import Context, DocState, Draft, stage
from comity.model import Actor, Event

_ANY = re.compile(r"(?!)")  # a learned trigger has no pattern of its own
_MUTUAL = {"CONSULT", "AGREE", "COOPERATE"}  # both sides act: "A and B met"


def _trigger(code, span_text: str) -> Trigger:
    """A lexicon-style trigger for the coder's decision (type, mode, CAMEO root)."""
    ptype = code.plover_type
    try:
        mode = normalize_mode(ptype, code.mode) if code.mode else ""
    except ValueError:
        mode = ""  # a mode the type does not have: keep the type, drop the mode
    cameo = cameo_for(ptype, mode or None, None)
    if code.cameo_root and not cameo.startswith(code.cameo_root):
        cameo = code.cameo_root + "0"
    frame = "mutual" if ptype in _MUTUAL and mode not in ("host", "visit") else "svo"
    return Trigger(_ANY, ptype, cameo, mode=mode or "", frame=frame,
                   statement=cameo.startswith("01"), noun=span_text[:1].isupper())


def _overlapping(actors: list[Actor], start: int, end: int) -> Actor | None:
    best, best_overlap = None, 0
    for a in actors:
        overlap = min(a.end, end) - max(a.start, start)
        if overlap > best_overlap:
            best, best_overlap = a, overlap
    return best


def _resolve(ctx: Context, span, actors: list[Actor], on) -> Actor | None:
    """The actor a role span names: the rules' actor on those words, else the span read alone
    by the actor finder (offsets moved into the sentence)."""
    found = _overlapping(actors, span.start, span.end)
    if found is not None:
        return found
    alone, _ = ctx.finder.find(span.text, on)
    if not alone:
        return None
    a = alone[0]
    a.start, a.end = span.start + a.start, span.start + a.end
    return a


def _nearest(spans, role: str, at: int, skip=()):
    pool = [s for s in spans if s.role == role and s not in skip]
    return min(pool, key=lambda s: abs(s.start - at), default=None)


@stage("learned_coding")
def learned_coding(ctx: Context, *, min_prob: float = 0.5, batch_size: int = 64):
    """Drafts from the learned coder for sentences with at least one actor mention."""
    coder = ctx.coder
    if coder is None:
        raise ValueError("the learned_coding stage needs a coder (Extractor(coder=...))")

    def run(state: DocState) -> None:
        coded = {d.index for d in state.drafts}  # after rule_coding: only what the rules left
        wanted = [s.index for s in state.sentences
                  if state.actors[s.index] and s.index not in coded]
        on = state.doc.published
        for k in range(0, len(wanted), batch_size):
            chunk = wanted[k:k + batch_size]
            codes = coder.code([state.sentences[i].text for i in chunk])
            for i, code in zip(chunk, codes, strict=True):
                if code.event_prob < min_prob or code.plover_type is None:
                    continue
                state.decided.add(i)
                state.drafts.extend(_drafts(ctx, state, i, code, on))
        state.drafts.sort(key=lambda d: (d.index, d.start))
    return run


def _drafts(ctx: Context, state: DocState, i: int, code, on) -> list[Draft]:
    text = state.sentences[i].text
    actors = state.actors[i]
    spans = list(code.spans)
    triggers = [s for s in spans if s.role == "trigger"]
    out = []
    for trig in triggers or [None]:
        at = trig.start if trig is not None else 0
        start, end = (trig.start, trig.end) if trig is not None else (0, 0)
        draft = Draft(index=i, start=start, end=end,
                      trigger=_trigger(code, text[start:end]),
                      extractor=ctx.extractor, score=code.event_prob,
                      status=code.status)
        src = _nearest(spans, "source", at)
        tgt = _nearest(spans, "target", at)
        if src is None and tgt is None:
            first = _nearest(spans, "reciprocal", at)
            second = _nearest(spans, "reciprocal", at, skip=(first,)) if first else None
            src, tgt = first, second
        source = _resolve(ctx, src, actors, on) if src is not None else None
        target = _resolve(ctx, tgt, actors, on) if tgt is not None else None
        if source is not None or target is not None:
            draft.source, draft.target, draft.parties_set = source, target, True
        out.append(draft)
    return out


@stage("classifier")
def classifier(ctx: Context):
    """The sentence classifier refines the events of each sentence with actors (type, status,
    domains), and may add one the rules missed (``extract.learned.combine``)."""
    model = ctx.model

    def run(state: DocState) -> None:
        if model is None:
            return
        from comity.extract.learned import combine

        wanted = [s.index for s in state.sentences if state.actors[s.index]]
        if not wanted:
            return
        preds = dict(zip(wanted, model.predict([state.sentences[i].text for i in wanted]),
                         strict=True))
        by_sentence: dict[int, list[Event]] = defaultdict(list)
        for d in state.drafts:
            if d.event is not None:
                by_sentence[d.index].append(d.event)
        events: list[Event] = []
        for sent in state.sentences:
            evs = by_sentence.get(sent.index, [])
            if sent.index in preds:
                evs = combine(evs, preds[sent.index], sent, actors=state.actors[sent.index],
                              doc=state.doc)
            events.extend(evs)
        state.events = events
    return run
