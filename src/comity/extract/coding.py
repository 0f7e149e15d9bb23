"""Rule coding: trigger words, the parties around them, and the codes of an event.

Used by the rule stages (:mod:`comity.extract.stages`).  Every function works on one
sentence, whose length the sentence stage bounds, so the work per sentence is bounded too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from comity.codes.plover import codes_for
from comity.extract.lexicon import PREFILTER, TRIGGERS, Trigger
from comity.model import Actor

# Intended material acts are verbal commitments: CAMEO 03x (express intent).
_INTENT_CAMEO = {"COOPERATE": "030", "AID": "033", "CONSULT": "036", "RETREAT": "035",
                 "CONCEDE": "035", "SUPPORT": "032"}
_INTENT_BY_CONTEXT = {("COOPERATE", "economic"): "0311", ("COOPERATE", "military"): "0312",
                      ("COOPERATE", "legal"): "0313", ("COOPERATE", "intelligence"): "0314",
                      ("AID", "economic"): "0331", ("AID", "military"): "0332",
                      ("AID", "humanitarian"): "0333"}
# Default domain when the sentence's words name none.
_TYPE_DOMAIN = {"CONSULT": "diplomacy", "AGREE": "diplomacy", "SUPPORT": "diplomacy",
                "REQUEST": "diplomacy", "ACCUSE": "diplomacy", "REJECT": "diplomacy",
                "THREATEN": "security", "SANCTION": "diplomacy", "MOBILIZE": "military",
                "ASSAULT": "security", "COERCE": "security", "PROTEST": "security"}
_CONTEXT_DOMAIN = {"military": "military", "economic": "trade", "intelligence": "security",
                   "humanitarian": "health", "legal": "security", "cyber": "technology"}
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|got)\s+(?:\w+ly\s+)?$", re.I)
_PASSIVE_IN = re.compile(r"(?:was|were|been|being|is|are|got)\s", re.I)  # "were freed"
_BETWEEN = re.compile(r"\b(?:between|among|amongst)\b", re.I)
_THE_TWO = re.compile(r"\b(?:the two|both)\s+(?:countries|nations|sides|governments|leaders|"
                      r"states|neighbou?rs|capitals|parties|premiers|presidents|ministers)\b|"
                      r"\bbilateral\b", re.I)
_CLAUSE_SPLIT = re.compile(r"[;]|\b(?:while|whereas|but)\b", re.I)


#: ISO3 -> country name, filled when a pipeline is built (for "the two sides").
_COUNTRY_NAMES: dict[str, str] = {}


@dataclass
class _Hit:
    trigger: Trigger
    start: int
    end: int
    priority: int


def find_triggers(sentence: str) -> list[_Hit]:
    """Non-overlapping trigger matches; earlier lexicon entries win overlaps."""
    hits: list[_Hit] = []
    low = sentence.lower()
    for prio, trig in enumerate(TRIGGERS):
        quick = PREFILTER[prio]
        if quick is not None and quick.search(low) is None:
            continue
        for m in trig.pattern.finditer(sentence):
            if m.end() <= m.start():
                continue
            hits.append(_Hit(trig, m.start(), m.end(), prio))
    hits.sort(key=lambda h: (h.priority, h.start))
    accepted: list[_Hit] = []
    for h in hits:
        if any(h.start < a.end and a.start < h.end for a in accepted):
            continue
        accepted.append(h)
    accepted.sort(key=lambda h: h.start)
    return accepted


def _conjoined(sentence: str, a: Actor, b: Actor) -> bool:
    gap = sentence[a.end:b.start].strip().lower()
    return gap in {"and", ", and", "&", "and the", "with", "and its", "-", "–"}


def _pair_from_context(context: Counter) -> tuple[str, str] | None:
    top = [c for c, _ in context.most_common(2)]
    return (top[0], top[1]) if len(top) == 2 else None


_BY_AGENT = re.compile(r"\b(?:by|claimed by|carried out by|blamed on|attributed to)\s+(?:the\s+)?", re.I)
_TO = re.compile(r"\b(?:to|for)\s+(?:the\s+)?$", re.I)
_LIST_GAP = {",", "and", ", and", "&", "and the", ", the", "as well as"}
_RECIPIENT_TYPES = {"AID", "COOPERATE", "RETREAT"}
_VIOLENT = {"ASSAULT", "COERCE", "MOBILIZE", "PROTEST"}
# "This meeting", "the latest talks", "their bilateral meeting": a mention of a meeting the
# document has already reported, not a new one.
_MEETING_NOUN = re.compile(r"^(?:meetings?|talks|summit|visit|encounters?|dialogues?|"
                           r"discussions?|consultations)$", re.I)
_ANAPHOR = re.compile(r"\b(?:this|that|these|those|the|their|its|his|her)\s+"
                      r"(?:[\w-]+\s+){0,2}$", re.I)
# Background: "Historically, ... have held dialogues", "their prior meetings".
_BACKGROUND = re.compile(r"\b(?:historically|in the past|over the years|previously|prior|"
                         r"preceding|earlier(?!\s+(?:in the day|today|on|this|that day|in the "
                         r"week|in the morning))|past|former|for decades|long)\b", re.I)


def _chain_head(sentence: str, left: list[Actor]) -> Actor:
    """The first actor of a coordinated list ending at ``left[-1]`` ("A, B and C cut ties")."""
    k = len(left) - 1
    while k > 0 and sentence[left[k - 1].end:left[k].start].strip().lower() in _LIST_GAP:
        k -= 1
    return left[k]


def assign_parties(sentence: str, hit: _Hit, actors: list[Actor],
                   context: Counter) -> tuple[Actor | None, Actor | None]:
    """Source and target of the event triggered at ``hit``."""
    # An actor that holds the trigger ("protesters") acts; one inside it is an object
    # ("summoned the Indian envoy"); one that ends inside it is the subject ("warplanes struck").
    # "on the sidelines of the SCO summit": an organisation naming a gathering is its venue,
    # and that gathering ("to attend the SCO meeting") is no bilateral event
    venues = [a for a in actors if a.kind in ("igo", "organisation")
              and _VENUE_AFTER.match(sentence, a.end)]
    if any(0 <= hit.start - a.end <= 1 for a in venues):
        return None, None
    actors = [a for a in actors if a not in venues]
    left = [a for a in actors if a.start < hit.start or (a.start <= hit.start and a.end >= hit.end)]
    in_left = {id(a) for a in left}  # identity, in constant time
    right = [a for a in actors if a.start >= hit.start and id(a) not in in_left
             and not (a.kind == "group" and a.end <= hit.end)  # "sent 200 troops"
             and not _REPORTER_AFTER.match(sentence, a.end)]  # ", the Turkish military said"
    # the object stops where a reporting clause starts: ", the military said, a day after ..."
    if (report := _REPORTING_CLAUSE.search(sentence, hit.end)) is not None:
        right = [a for a in right if a.start < report.start()]
    # Stay within the trigger's clause on the left.
    cut = 0
    for m in _CLAUSE_SPLIT.finditer(sentence, 0, hit.start):
        cut = m.end()
    left = [a for a in left if a.start >= cut] or left[-1:] if left else []
    # "Families of British men killed in Syria asked ...": "in Syria" is where, not who;
    # "India, which has long bought Russian arms, did not ...": the relative clause is aside.
    aside = [(m.start(), m.end()) for m in _RELATIVE_CLAUSE.finditer(sentence, 0, hit.start)]
    left = [a for a in left
            if not _IN_PLACE.search(sentence, max(0, a.start - 40), a.start)
            and not any(s <= a.start < e for s, e in aside)] or left
    frame = hit.trigger.frame
    after = sentence[hit.end:hit.end + 40]

    # "... was attacked by X", "were killed in a bomb attack claimed by X": X is the source.
    passive = _PASSIVE_BEFORE.search(sentence[:hit.start]) or _PASSIVE_IN.match(
        sentence, hit.start, hit.end)
    by_end = None
    if (m := re.match(r"\s*by\s+(?:the\s+)?", after)) and not _GERUND.match(after, m.end()):
        by_end = hit.end + m.end()  # "by firing mortars" is how, not who
    elif (passive or hit.trigger.mode == "visit") and (
            m := _BY_AGENT.search(sentence, hit.end, min(len(sentence), hit.end + 70))):
        by_end = m.end()  # also "the first visit to Russia by a Pakistani head of state"
    if by_end is not None and not hit.trigger.statement:
        agent = next((a for a in right if a.start >= by_end and a.start - by_end < 30), None)
        if agent is not None and frame == "mutual":
            k = right.index(agent)
            if k + 1 < len(right) and _conjoined(sentence, agent, right[k + 1]):
                return agent, right[k + 1]  # "signed by Iran and Iraq"
        if agent is not None:
            patient = left[-1] if left else None
            if hit.trigger.mode == "visit":  # the host: "visit to Russia by ..."
                patient = next((a for a in right if a.end <= by_end), None)
            if patient is None:
                patient = next((a for a in right if a.end <= by_end), None)
            if patient is not None and patient.country and patient.country == agent.country:
                patient = None  # "a protest with Pakistan over breaches by Pakistani troops"
            return agent, patient

    # "... with Tokayev, who is on a state visit to China": the antecedent acts.
    if (rel := _TRAILING_RELATIVE.search(sentence, 0, hit.start)) is not None:
        antecedent = next((a for a in actors if 0 <= rel.start() - a.end <= 1), None)
        if antecedent is not None:
            obj = next((a for a in actors if a.start >= hit.end and a is not antecedent), None)
            return antecedent, obj

    # "By shelling Kurdish positions, Erdogan defied ...": the main clause's subject acts.
    if (gerund := _adverbial_gerund(sentence, hit, actors)) is not None:
        return gerund

    # "civilians were killed in Syrian air strikes", "men killed fighting in Syria": the
    # subject is the victim; the agent, if any, is named in the attack phrase after it.
    if frame != "mutual" and not hit.trigger.statement and (
            passive or _reduced_relative(sentence, hit)):
        patient = left[-1] if left else None
        agent = None
        if m := _IN_ATTACK.match(sentence, hit.end):
            agent = next((a for a in right if m.start(1) <= a.start < m.end(1)), None)
        if patient is not None or agent is not None:
            return agent, patient

    # "Qatar mediated talks between A and B": the mediator is the source, a party the target.
    if hit.trigger.cameo == "045" and left:
        return left[-1], (right[0] if right else None)

    # "meeting between A and B", "talks between A and B".
    between = _BETWEEN.search(sentence, hit.end, min(len(sentence), hit.end + 25))
    if between is None and hit.trigger.noun is False and frame == "mutual":
        between = _BETWEEN.search(sentence, max(0, hit.start - 60), hit.start)
    if between and frame != "mutual" and not hit.trigger.noun and left:
        between = None  # "Japan offered to mediate between A and B": Japan offers
    if between:
        pair = [a for a in actors if a.start >= between.end()][:2]
        if len(pair) == 2 and pair[0].country != pair[1].country:
            return pair[0], pair[1]

    # "imports of crude from Russia": the object supplies.
    if frame == "from":
        frm = re.search(r"\bfrom\b", sentence[hit.end:hit.end + 80])
        supplier = None
        if frm:
            supplier = next((a for a in right if a.start >= hit.end + frm.end()), None)
        supplier = supplier or (right[0] if right else None)
        buyer = left[-1] if left else None
        return supplier, buyer

    # Subject: the nearest actor on the left (a conjoined pair "A and B" acts together).
    source = left[-1] if left else None
    if source is not None and len(left) >= 2:
        head = _chain_head(sentence, left)
        if head is not source:
            if frame == "mutual" and not right and head.country != source.country:
                return head, source
            if frame == "mutual" and _conjoined(sentence, left[-2], left[-1]) and \
                    left[-2].country != left[-1].country:
                return left[-2], left[-1]
            source = head
    target = right[0] if right else None
    # "provided aid to Bangladesh", "returned the paintings to Italy": the recipient.
    if hit.trigger.plover_type in _RECIPIENT_TYPES and len(right) > 1:
        for a in right[1:4]:
            if _TO.search(sentence[max(hit.end, a.start - 12):a.start]):
                target = a
                break
    if source is None and len(right) >= 2 and _conjoined(sentence, right[0], right[1]):
        return right[0], right[1]
    if source is None and target is None or (source is None and frame == "mutual"):
        if _THE_TWO.search(sentence):
            pair = _pair_from_context(context)
            if pair:
                kb_name = _COUNTRY_NAMES.get
                a = Actor(text="the two sides", name=kb_name(pair[0], pair[0]), country=pair[0],
                          sector="GOV")
                b = Actor(text="the two sides", name=kb_name(pair[1], pair[1]), country=pair[1],
                          sector="GOV")
                if target is None:
                    return a, b
                other = b if target.country == a.country else a
                return other, target
    return source, target


#: A negated cooperative act that is a refusal or cancellation is itself a rejection (CAMEO 12x).
_REFUSAL = re.compile(
    r"\b(?:will not|won't|would not|wouldn't|shall not|cannot|can't|refused to|refuses to|"
    r"refusing to|declined to|declines to|not to|ruled out|rules out|cancell?ed|cancels|"
    r"called off|calls off|scrapped|shelved|rejected|failed to|fails to|unwilling to)\b",
    re.I)
_REJECT_CAMEO = {"CONSULT": "125", "AGREE": "127", "COOPERATE": "121", "AID": "121",
                 "SUPPORT": "120", "CONCEDE": "124", "REQUEST": "120"}
_REJECT_RETREAT = {"release": "1243", "ceasefire": "1246", "withdraw": "1246"}
_COOPERATIVE = set(_REJECT_CAMEO) | {"RETREAT"}
#: Intended material acts are PLOVER AGREE (the project's crosswalk maps CAMEO 03x to AGREE).
_INTENT_AS_AGREE = {"COOPERATE", "AID", "RETREAT", "CONCEDE"}


def _refusal(trigger: Trigger, sentence: str, start: int) -> str | None:
    """The CAMEO 12x code when a negated cooperative act is a refusal ("will not lift")."""
    if trigger.plover_type not in _COOPERATIVE or trigger.statement:
        return None
    left = sentence[max(0, start - 45):start]
    if not _REFUSAL.search(left):
        return None
    if trigger.plover_type == "RETREAT":
        return _REJECT_RETREAT.get(trigger.mode, "1244" if trigger.cameo == "085" else "124")
    return _REJECT_CAMEO[trigger.plover_type]


def _code(trigger: Trigger, status: str, location_country: str | None,
          source: Actor | None, target: Actor | None, reject: str | None = None) -> dict:
    if reject:
        from comity.codes.cameo import cameo_info

        fields = codes_for("REJECT", None, trigger.context or None)
        info = cameo_info(reject)
        fields.update(cameo=info.code, quad_class=info.quad_class, pentacode=info.pentacode,
                      goldstein=info.goldstein)
        return fields
    ptype = trigger.plover_type
    if status == "intended" and ptype in _INTENT_AS_AGREE:
        ptype = "AGREE"
    fields = codes_for(ptype, trigger.mode if ptype == trigger.plover_type else None,
                       trigger.context or None)
    cameo = trigger.cameo
    mode = fields["plover_mode"]
    if trigger.plover_type == "CONSULT" and cameo in ("040", "046") and location_country:
        parties = {a.country for a in (source, target) if a is not None}
        if len(parties) == 2 and location_country not in parties:
            cameo, mode = "044", "third-party"
        elif source and target and location_country == target.country and trigger.mode != "host":
            cameo, mode = "042", "visit"
    if status == "intended" and not trigger.statement:
        cameo = _INTENT_BY_CONTEXT.get((trigger.plover_type, trigger.context),
                                       _INTENT_CAMEO.get(trigger.plover_type, cameo))
    from comity.codes.cameo import cameo_info

    info = cameo_info(cameo)
    pentacode = info.pentacode if status != "assessment" else 0
    fields.update(cameo=info.code, quad_class=info.quad_class, pentacode=pentacode,
                  goldstein=info.goldstein, plover_mode=mode)
    return fields


#: Words that put a trigger in a background phrase or a relative clause.
_SUBORDINATE = re.compile(
    r"\b(?:after|following|amid|amidst|despite|since|before|during|over|against|about|"
    r"regarding|concerning|in response to|in retaliation for|on|of|for|to|who|which|that|"
    r"whose|where|when)\s+(?:\S+\s+){0,4}$", re.I)
_NEW_CLAUSE = re.compile(r"(?:[;:]|,\s*(?:and|but|while|as)\b|\b(?:said|says|say|told|"
                         r"according to|reported|added|stated)\b)", re.I)


def _salience(sentence: str, hits: list[_Hit], i: int) -> float:
    """Penalty for a trigger that is not the sentence's main predicate (0 for the head)."""
    hit = hits[i]
    head = next((h for h in hits if not h.trigger.noun and not h.trigger.weak), None)
    left = sentence[max(0, hit.start - 40):hit.start]
    if hit is head:
        return 0.0
    if head is not None and head.start < hit.start and \
            not _NEW_CLAUSE.search(sentence, head.end, hit.start):
        return 0.2  # in the head's object: "condemned the attack", "arrested protesters"
    if _SUBORDINATE.search(left):
        return 0.15
    return 0.0


def _confidence(trigger: Trigger, source: Actor | None, target: Actor | None,
                status: str) -> float:
    score = 0.45
    if source is not None and source.country:
        score += 0.15
    if target is not None and target.country or trigger.statement:
        score += 0.15  # a comment needs no target
    if not trigger.weak:
        score += 0.1
    if source is not None and source.kind == "person" and source.role:
        score += 0.05
    if status == "asserted":
        score += 0.05
    return round(min(score, 0.95), 2)


_REPORTING_CLAUSE = re.compile(r",\s+(?:(?:the|a|an)\s+)?(?:[\w'-]+\s+){0,6}?(?:said|says|told|"
                               r"reported|announced|added)\b|,\s+according to\b", re.I)
_TRAILING_RELATIVE = re.compile(r",\s*(?:who|which)\s+[^,;]*$", re.I)
_GERUND = re.compile(r"\w+ing\b")
_VENUE_AFTER = re.compile(r"\s+(?:summit|meeting|conference|forum|ministerial|session|"
                          r"gathering|council meeting)s?\b", re.I)
_REPORTER_AFTER = re.compile(r"(?:\s+(?:for\s+[\w ]{0,30}?)?)?\s+(?:said|says|told|reported|"
                             r"announced|added|stated)\b", re.I)
_IN_PLACE = re.compile(r"(?:\b(?:in|at|near|inside|outside)|\b(?:travel\w*|fl(?:ew|y|ies)|"
                       r"head(?:ed|s|ing)?|went|go(?:es|ing)?|return\w*|arriv\w*|trip|"
                       r"journey|visit|envoy|ambassador|emissary|representative|mission|"
                       r"embassy|consul|commissioner)\s+to)\s+(?:the\s+)?$", re.I)
_RELATIVE_CLAUSE = re.compile(r",\s*(?:which|who|whose|where)\b[^,;]*,", re.I)
_GERUND_OPENER = re.compile(r"^\s*(?:by|after|before|while|in|on|upon|through|since)\s+$", re.I)
_REDUCED = re.compile(r"^(?:killed|wounded|injured|detained|arrested|abducted|kidnapped|"
                      r"captured|held|jailed|executed|shot dead|gunned down)$", re.I)
_NO_OBJECT = re.compile(r"(?:\s+(?:in|while|during|when|fighting|on|at|near|after|last|this|"
                        r"yesterday|earlier|since|for|over|as)\b|\s*[,.;:]|\s*$)", re.I)
_AUXILIARY = re.compile(r"\b(?:was|were|been|being|is|are|be|had|has|have|who|which|that)\s+"
                        r"(?:\w+ly\s+)?$", re.I)
_IN_ATTACK = re.compile(
    r"\s+(?:in|by|during|amid)\s+(?:an?\s+|the\s+|a\s+series\s+of\s+)?((?:[\w-]+\s+){0,6}?)"
    r"(?:air ?strikes?|airstrikes?|strikes|attacks?|raids?|bombings?|shelling|bombardments?|"
    r"clashes|fighting|offensive|operations?|fire)\b", re.I)


def _adverbial_gerund(sentence: str, hit: _Hit, actors: list[Actor]):
    """(source, target) for a gerund in an opening adverbial clause, else None."""
    word = sentence[hit.start:hit.end].split()[0].lower() if hit.end > hit.start else ""
    if not word.endswith("ing") or not _GERUND_OPENER.match(sentence[:hit.start]):
        return None
    comma = sentence.find(",", hit.end)
    if comma < 0:
        return None
    subject = next((a for a in actors if a.start > comma), None)
    if subject is None:
        return None
    target = next((a for a in actors if hit.end <= a.start < comma), None)
    return subject, target


def _reduced_relative(sentence: str, hit: _Hit) -> bool:
    """"British men killed fighting in Syria": a participle with no object after a noun."""
    text = sentence[hit.start:hit.end]
    if not _REDUCED.match(text) or hit.start == 0:
        return False
    before = sentence[:hit.start]
    if not before.endswith(" ") or _AUXILIARY.search(before):
        return False
    prev = before.split()[-1] if before.split() else ""
    if not prev[:1].isalpha() or prev.lower() in {"and", "or", "but", "had", "has", "have"}:
        return False
    return _NO_OBJECT.match(sentence, hit.end) is not None


def conjuncts(sentence: str, actors: list[Actor], actor: Actor) -> list[Actor]:
    """The coordinated list ("A, B and C") that ``actor`` stands in (just [actor] if none)."""
    k = next((i for i, a in enumerate(actors) if a is actor), None)
    if k is None:
        return [actor]
    i = j = k
    while i > 0 and sentence[actors[i - 1].end:actors[i].start].strip().lower() in _LIST_GAP:
        i -= 1
    while j + 1 < len(actors) and \
            sentence[actors[j].end:actors[j + 1].start].strip().lower() in _LIST_GAP and \
            not _REPORTER_AFTER.match(sentence, actors[j + 1].end):
        j += 1  # ", Russian officials said" ends the list
    return actors[i:j + 1]
