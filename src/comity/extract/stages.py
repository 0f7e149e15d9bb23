"""The rule stages of the extraction pipeline (registered by name; see ``registry``).

clean -> sentences -> actors -> rule_coding -> parties -> status -> domains -> dates ->
places -> confidence -> merge.  Each stage reads and extends a :class:`DocState`; stages
that depend on earlier sentences (the running country count, the last meeting reported)
walk the drafts in document order.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from comity.extract import coding
from comity.extract.clean import split_furniture
from comity.extract.coding import (
    _ANAPHOR,
    _BACKGROUND,
    _CONTEXT_DOMAIN,
    _MEETING_NOUN,
    _TYPE_DOMAIN,
    _VIOLENT,
    _code,
    _confidence,
    _refusal,
    _salience,
    assign_parties,
    conjuncts,
    find_triggers,
)
from comity.extract.dates import event_date, find_dates
from comity.extract.nonevents import alleged, not_an_event, object_floor, request_content
from comity.extract.registry import RULES_EXTRACTOR, Context, DocState, Draft, stage
from comity.extract.sentences import MAX_TOKENS, bound_sentences, split_sentences
from comity.extract.status import event_status
from comity.knowledge.domains import domains_in
from comity.model import Actor, Event
from comity.sources.clean import clean_text


@stage("clean")
def clean(ctx: Context):
    """Page furniture out; headline and dateline split off so they never join a sentence."""
    def run(state: DocState) -> None:
        if state.continued:
            state.text = clean_text(state.doc.text)
            return
        state.text, state.headline, state.dateline = split_furniture(state.doc.text)
    return run


@stage("sentences")
def sentences(ctx: Context, *, max_tokens: int = MAX_TOKENS):
    """Sentences with offsets; over-long ones are cut at ``max_tokens`` words (linear time)."""
    def run(state: DocState) -> None:
        state.sentences = bound_sentences(split_sentences(state.text), max_tokens)
    return run


#: State organs that an unqualified mention ("the government", "police") in a datelined story
#: places in the dateline's country.
_STATE_ORGANS = {"GOV", "MIL", "COP", "JUD", "LEG"}


@stage("actors")
def actors(ctx: Context, *, dateline_country: bool = True):
    """Actor mentions and places of each sentence, resolved on the document's date.  With
    ``dateline_country``, "the government" or "police" in a story filed from Islamabad are
    Pakistan's, as wire copy writes them."""
    def run(state: DocState) -> None:
        on = state.doc.published
        home = None
        if dateline_country and state.dateline:
            place = ctx.kb.place(state.dateline)
            home = place.country if place is not None and place.country else None
        state.actors, state.locations = [], []
        for sent in state.sentences:
            found, places = ctx.finder.find(sent.text, on)
            for a in found:
                a.sentence_index = sent.index
                if home and a.kind == "group" and a.country is None and \
                        a.sector in _STATE_ORGANS:
                    a.country = home
            state.actors.append(found)
            state.locations.append(places)
    return run


@stage("rule_coding")
def rule_coding(ctx: Context):
    """One draft per trigger word, for every sentence no earlier coding stage settled."""
    def run(state: DocState) -> None:
        drafts = list(state.drafts)
        for sent in state.sentences:
            if sent.index in state.decided:
                continue
            hits = [h for h in find_triggers(sent.text) if not not_an_event(sent.text, h)]
            hits = [h for i, h in enumerate(hits) if not request_content(sent.text, hits, i)
                    and not alleged(sent.text, hits, i)]
            for i, hit in enumerate(hits):
                drafts.append(Draft(index=sent.index, start=hit.start, end=hit.end,
                                    trigger=hit.trigger, extractor=RULES_EXTRACTOR,
                                    salience=_salience(sent.text, hits, i),
                                    floor=object_floor(sent.text, hits, i)))
        drafts.sort(key=lambda d: (d.index, d.start))
        state.drafts = drafts
    return run


def _hit(draft: Draft) -> coding._Hit:
    return coding._Hit(draft.trigger, draft.start, draft.end, 0)


def _nearest_location(locations, hit):
    if not locations:
        return None
    loc = min(locations, key=lambda x: abs(x.start - hit.start))
    return loc.name, loc.country, loc.lat, loc.lon


@stage("parties")
def parties(ctx: Context):
    """Source and target of each draft: the rule coder's argument roles, then the victims'
    state for violence ("attacked a police station in Balochistan"), the host of a visit,
    and one draft per member of a coordinated list ("A, B and C condemned ...")."""
    names = ctx.country_names

    def run(state: DocState) -> None:
        context: Counter = Counter()
        counted = -1
        out: list[Draft] = []
        for d in state.drafts:
            while counted < d.index:  # the country count up to and including this sentence
                counted += 1
                context.update(a.country for a in state.actors[counted] if a.country)
            text = state.sentences[d.index].text
            found = state.actors[d.index]
            if d.floor:
                found = [a for a in found if a.start >= d.floor]
            hit = _hit(d)
            if not d.parties_set:
                d.source, d.target = assign_parties(text, hit, found, context)
                shared = _shared_subject(d, out, text)
                if shared is not None and d.trigger.frame == "mutual":
                    # "called on the premier and discussed Afghanistan": the same two talk
                    d.source, d.target = shared
                elif shared is not None:
                    d.source = shared[0]
                    if d.target is shared[0]:
                        d.target = None
            _place_parties(d, text, found, state.locations[d.index], names)
            if d.floor and d.source is None:
                # a nominal act in another verb's object with no actor of its own ("lifted
                # its embargo on supplying arms to Pakistan"): not an event by itself
                d.target = None
            out.append(d)
            if d.trigger.frame != "mutual" and not d.parties_set:
                out.extend(_coordinated(d, text, found))
        state.drafts = out
    return run


# "arrived in India to attend the SCO meeting": the venue's state is no host.
_MULTILATERAL = re.compile(r"\bto (?:attend|take part in|participate in)\b|\bfor (?:the|a|an)\s+"
                           r"(?:[\w-]+\s+){0,4}?(?:summit|conference|forum|ministerial|"
                           r"session|assembly|meeting of)\b", re.I)
_AND_BEFORE = re.compile(r"(?:,\s*)?\band\s+(?:then\s+|also\s+|later\s+|\w+ly\s+)?$", re.I)


def _shared_subject(d: Draft, earlier: list[Draft], text: str) -> tuple | None:
    """"Macron spoke by phone with Erdogan and called for ...": the second verb's subject is
    the first's."""
    if not _AND_BEFORE.search(text, max(0, d.start - 20), d.start):
        return None
    prev = next((p for p in reversed(earlier) if p.index == d.index and p.end <= d.start
                 and not p.trigger.noun), None)
    if prev is None or prev.source is None:
        return None
    between = text[prev.end:d.start]
    if "," in between.rstrip(", and") or ";" in between:
        return None  # another clause with its own subject
    return prev.source, prev.target


def _coordinated(d: Draft, text: str, found: list[Actor]) -> list[Draft]:
    """Copies of ``d`` for the other members of its source's or target's list."""
    extra: list[Draft] = []
    if d.trigger.plover_type in _DIPLOMATIC and d.source is not None and d.target is None:
        pair = conjuncts(text, found, d.source)
        if len(pair) == 2 and pair[0].country and pair[1].country and \
                pair[0].country != pair[1].country:
            d.source, d.target = pair  # "Russia, Pakistan pledge ties as premier visits"
            return extra
    for side in ("source", "target"):
        actor = getattr(d, side)
        if actor is None:
            continue
        other = d.target if side == "source" else d.source
        for m in conjuncts(text, found, actor):
            if m is actor or m is other or (m.name == actor.name and m.country == actor.country):
                continue
            extra.append(replace(d, **{side: m}))
    return extra


def _place_parties(d: Draft, text: str, found: list[Actor], locations, names) -> None:
    hit = _hit(d)
    source, target, trig = d.source, d.target, d.trigger
    if trig.plover_type in _VIOLENT and (target is None or not target.country):
        loc0 = _nearest_location(locations, hit)
        if not (loc0 and loc0[1]):
            where = next((a for a in found if a.start > hit.end and a.kind == "state"
                          and a.country and text[:a.start].rstrip().endswith(" in")),
                         None)  # "killed 12 civilians in Yemen"
            loc0 = (where.text, where.country) if where is not None else None
        if loc0 and loc0[1] and target is not None:
            target = replace(target, country=loc0[1])
        elif loc0 and loc0[1] and (source is None or source.country != loc0[1]
                                   or source.kind in ("organisation", "group")):
            # an insurgent attack at home targets its state: "Al-Shabaab stormed a hotel
            # in Mogadishu"
            target = Actor(text=loc0[0], name=names.get(loc0[1], loc0[1]),
                           country=loc0[1], sector=None, kind="place")
    if trig.mode == "withdraw" and (target is None or not target.country
                                    or (source is not None and target.country == source.country)):
        # "withdrawing its troops from Syria": the state left is the target
        frm = re.search(r"\bfrom\s+(?:the\s+)?", text[hit.end:hit.end + 60])
        if frm is not None:
            at = hit.end + frm.end()
            left_state = next((a for a in found if a.start == at and a.country), None)
            if left_state is not None:
                target = left_state
    if trig.plover_type == "PROTEST" and source is not None and not source.country:
        # "Opposition supporters rallied in Caracas": protesters are of the place's state
        where = _nearest_location(locations, hit)
        if where and where[1]:
            source = replace(source, country=where[1])
    multilateral = _MULTILATERAL.search(text, hit.end, hit.end + 100) is not None
    if trig.mode == "visit" and multilateral and target is not None and \
            re.search(r"\b(?:in|to)\s+(?:the\s+)?$", text[:target.start]):
        target = None  # "arrived in India to attend the SCO meeting": no visit to India
    if trig.mode == "visit" and source is not None and (
            target is None or target.country == source.country) and not multilateral:
        # "arrived in Tehran", "travelled to Beijing": the host is the place's state.
        place = next((x for x in locations if x.start >= hit.start and x.country
                      and x.country != source.country), None)
        if place is not None:
            target = Actor(text=text[place.start:place.end],
                           name=names.get(place.country, place.country),
                           country=place.country, sector="GOV", kind="place")
    d.source, d.target = source, target


@stage("status")
def status(ctx: Context):
    """asserted / intended / hypothetical / negated / assessment; a refused cooperative act
    ("will not lift") becomes an asserted rejection."""
    def run(state: DocState) -> None:
        kind = state.doc.kind
        for d in state.drafts:
            text = state.sentences[d.index].text
            trig = d.trigger
            if d.status is None:
                d.status = event_status(text, d.start, d.end, weak=trig.weak,
                                        commitment=trig.commitment, doc_kind=kind)
            if d.status == "negated":
                d.reject = _refusal(trig, text, d.start)
                if d.reject:
                    d.status = "asserted"
            if trig.statement and d.status in ("negated", "intended"):
                d.status = "asserted"
    return run


@stage("domains")
def domains(ctx: Context):
    """Domains named by the sentence's words, else the trigger's context or type default."""
    def run(state: DocState) -> None:
        cache: dict[int, list[str]] = {}
        for d in state.drafts:
            if d.index not in cache:
                cache[d.index] = domains_in(state.sentences[d.index].text)
            found = list(cache[d.index])
            if not found:
                dom = (_CONTEXT_DOMAIN.get(d.trigger.context)
                       or _TYPE_DOMAIN.get(d.trigger.plover_type))
                found = [dom] if dom else []
            d.domains = found
    return run


def _countries(d: Draft) -> set[str]:
    return {a.country for a in (d.source, d.target) if a is not None and a.country}


_SHARED_DATE_TYPES = {"CONSULT", "AGREE"}
_DIPLOMATIC = {"CONSULT", "AGREE", "COOPERATE"}


def _reresolve(ctx: Context, d: Draft) -> None:
    """People in an event dated far from publication take their role on the event's date
    ("Fradkov visited in 2007": Russia's prime minister then, not a former one)."""
    for side in ("source", "target"):
        actor = getattr(d, side)
        if actor is None or actor.kind != "person":
            continue
        found, _ = ctx.finder.find(actor.text, d.date)
        again = next((a for a in found if a.name == actor.name), None)
        if again is not None:
            setattr(d, side, replace(actor, country=again.country, sector=again.sector,
                                     role=again.role))


@stage("dates")
def dates(ctx: Context):
    """The event's own date: explicit, weekday, relative, an occasion's dates; background
    events take their own date or none; later references to a reported meeting, and what
    the same two parties did at it, share its date."""
    def run(state: DocState) -> None:
        doc = state.doc
        memory: Draft | None = None  # the last meeting reported
        occasions: dict[int, object] = {}
        mentions: dict[int, list] = {}
        for d in state.drafts:
            text = state.sentences[d.index].text
            trig = d.trigger
            if d.index not in occasions:
                occasions[d.index] = ctx.kb.occasion_near(text, doc.published)
                mentions[d.index] = find_dates(text, doc.published, doc.date_approximate)
            reading = event_date(text, doc.published, doc.date_approximate, at=d.start,
                                 mentions=mentions[d.index])
            d.date, d.precision = reading.date, reading.precision
            d.occasion = occasions[d.index]
            consult = trig.plover_type == "CONSULT"
            d.background = reading.background or (consult and bool(
                _BACKGROUND.search(text[max(0, d.start - 80):d.end + 40])))
            anaphoric = (consult and not d.background and memory is not None
                         and (not reading.explicit or reading.date == memory.date)
                         and _MEETING_NOUN.match(text[d.start:d.end].strip()) is not None
                         and _ANAPHOR.search(text[max(0, d.start - 40):d.start]) is not None
                         and _countries(d) <= _countries(memory))
            if anaphoric:
                # A later reference to the meeting already reported: the same event.
                d.source, d.target = memory.source, memory.target
            occ = d.occasion
            # A meeting "at the SCO summit" with no date of its own: date it by the summit,
            # unless the document itself falls within the summit's days.
            if (occ is not None and trig.plover_type in _SHARED_DATE_TYPES
                    and not reading.explicit and d.date is not None
                    and not (occ.start <= d.date <= occ.end)):
                d.date = occ.start
                d.precision = "day" if occ.start == occ.end else "approximate"
            elif not reading.explicit and not d.background:
                same_pair = (memory is not None and len(_countries(d)) == 2
                             and _countries(d) == _countries(memory))
                if anaphoric or (same_pair and trig.plover_type in _SHARED_DATE_TYPES):
                    d.date, d.precision, d.earlier = memory.date, memory.precision, memory
            if d.background and not reading.explicit:
                d.date, d.precision = None, "approximate"  # undated background, not news
            if d.date is not None and doc.published is not None and \
                    abs((d.date - doc.published).days) > 31:
                _reresolve(ctx, d)
            news = doc.published is None or (
                d.date is not None and abs((d.date - doc.published).days) <= 7)
            if (consult and not d.reject and d.status == "asserted" and d.date is not None
                    and news and not d.background and len(_countries(d)) == 2
                    and d.source is not d.target):
                memory = d  # the meeting being reported, not one recalled from the past
    return run


@stage("places")
def places(ctx: Context):
    """Where it happened: the place nearest the trigger, the occasion's venue, or the place
    of the meeting a later reference points back to.  Never the dateline."""
    def run(state: DocState) -> None:
        for d in state.drafts:
            if d.earlier is not None and d.earlier.loc and d.earlier.loc[0]:
                d.loc = d.earlier.loc
                continue
            places_ = state.locations[d.index]
            if d.background:  # "since Fradkov travelled to Pakistan in 2007": its own place
                places_ = [x for x in places_ if 0 <= x.start - d.end <= 100]
            d.loc = _nearest_location(places_, _hit(d))
            if d.loc is None and d.occasion is not None and \
                    d.trigger.plover_type in ("CONSULT", "AGREE"):
                place = ctx.kb.place(d.occasion.place)
                d.loc = (d.occasion.place, d.occasion.country, place.lat if place else None,
                         place.lon if place else None)
    return run


@stage("confidence")
def confidence(ctx: Context):
    """0..1 from what is known (parties, countries, status), less the salience penalty."""
    def run(state: DocState) -> None:
        for d in state.drafts:
            score = _confidence(d.trigger, d.source, d.target, d.status)
            if d.score is not None:  # the learned coder's own probability counts half
                score = 0.5 * score + 0.5 * d.score
            d.confidence = round(max(0.3, score - d.salience), 2)
    return run


@stage("merge")
def merge(ctx: Context):
    """Drafts to events: drop those without parties, code them, keep one event per
    (type, source, target, status) in a sentence."""
    def run(state: DocState) -> None:
        doc = state.doc
        doc_id = doc.doc_id  # a hash of the whole text: once per document, not per event
        seen: set[tuple] = set()
        for d in state.drafts:
            source, target = d.source, d.target
            if source is None and target is None:
                continue
            if source is target:
                target = None
            if (target is not None and source is not None and source.country
                    and source.country == target.country
                    and d.trigger.plover_type in _DIPLOMATIC):
                # "Putin met ... in Moscow, Russia": diplomacy between a state and itself is
                # a misread party; keep the event one-sided rather than a false dyad
                target = None
            sent = state.sentences[d.index]
            loc = d.loc
            fields = _code(d.trigger, d.status, loc[1] if loc else None, source, target,
                           d.reject)
            key = (d.index, fields["plover_type"], getattr(source, "name", None),
                   getattr(target, "name", None), d.status)
            if key in seen:
                continue
            seen.add(key)
            d.event = Event(
                date=d.date, date_precision=d.precision,
                source_text=source.text if source else "",
                source_name=source.name if source else "",
                source_country=source.country if source else None,
                source_sector=source.sector if source else None,
                target_text=target.text if target else "",
                target_name=target.name if target else "",
                target_country=target.country if target else None,
                target_sector=target.sector if target else None,
                domains=list(d.domains), status=d.status,
                location_name=loc[0] if loc else "", location_country=loc[1] if loc else None,
                lat=loc[2] if loc else None, lon=loc[3] if loc else None,
                confidence=d.confidence,
                doc_id=doc_id, sentence=sent.text, start=sent.start, end=sent.end,
                extractor=d.extractor or ctx.extractor, **fields,
            )
        made = [d for d in state.drafts if d.event is not None]
        covered = {(d.index, d.event.plover_type, d.event.status, d.event.source_name,
                    d.event.date) for d in made if d.event.target_name}
        for d in made:
            ev = d.event
            if not ev.target_name and ev.source_name and \
                    (d.index, ev.plover_type, ev.status, ev.source_name, ev.date) in covered:
                d.event = None  # "killed in Syrian air strikes": the strikes are that event
                continue
            state.events.append(ev)
    return run


__all__ = ["MAX_TOKENS"]
