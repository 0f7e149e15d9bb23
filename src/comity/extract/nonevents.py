"""Trigger words that report no event of their own.

An attribute ("US-backed forces", "jet attack aircraft"), another sense of the word ("a plan
sanctioned by parliament"), the act an accusation names ("accused Kyiv of shelling"), the noun a
request asks for ("called for an emergency meeting"), and the floor below which a nominal
trigger in another verb's object takes no parties ("condemned the attack on the tanker").
"""

from __future__ import annotations

import re

from comity.extract.coding import _NEW_CLAUSE, _Hit

_DIED_WHILE = re.compile(r"\b(?:killed|died|wounded|injured|while|after|when|before)\s+$", re.I)
_ATTRIBUTE_HYPHEN = re.compile(r"[A-Za-z.]-$")  # "US-backed", "Saudi-led"
_WEAPON_AFTER = re.compile(
    r"\s+(?:aircraft|helicopters?|jets?|drones?|submarines?|craft|planes?|boats?|dogs?|"
    r"capabilit(?:y|ies)|ads?|fighters?|squadrons?|variants?|versions?|role|rifles?|"
    r"vehicles?|weapons?|missiles?)\b", re.I)
_APPROVAL = re.compile(
    r"\bsanction(?:ed|s)?\s+by\s+(?:the\s+)?(?:\w+\s+)?(?:parliament|cabinet|courts?|assembly|"
    r"senate|congress|board|council|committee|legislature|ministry|authorities|law|"
    r"shareholders|regulators?)\b|\b(?:plans?|budgets?|projects?|schemes?|deals?|laws?|bills?|"
    r"proposals?|programmes?|programs?|moves?|polic(?:y|ies)|measures?|spending|funds?|"
    r"expenditure|loans?)\s+(?:\w+\s+)?(?:was|were|has been|had been|been|is|are|being)\s+"
    r"(?:duly\s+|formally\s+|officially\s+)?sanctioned\b", re.I)


def not_an_event(sentence: str, hit: _Hit) -> bool:
    """Trigger words used as attributes or in another sense: "US-backed forces", "jet attack
    aircraft", "a plan sanctioned by parliament"."""
    before = sentence[max(0, hit.start - 12):hit.start]
    if _ATTRIBUTE_HYPHEN.search(before) and not before.lower().endswith("counter-"):
        return True
    word = sentence[hit.start:hit.end].lower()
    if word == "fighting" and _DIED_WHILE.search(before):
        return True  # "men killed fighting in Syria": how they died, not a clash
    if hit.trigger.plover_type == "ASSAULT" and word in ("attack", "strike", "assault") and \
            _WEAPON_AFTER.match(sentence, hit.end):
        return True
    if hit.trigger.plover_type == "SANCTION" and word.startswith("sanction"):
        window = sentence[max(0, hit.start - 60):hit.end + 60]
        if _APPROVAL.search(window):
            return True
    return False


_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|this|that|its|their|his|her|these|those)\s+"
                                r"(?:(?!(?:and|or|but|then|also)\b)[\w-]+\s+){0,2}$", re.I)


_DETERMINER_JUST_BEFORE = re.compile(r"\b(?:the|a|an|this|that|its|their|his|her|these|those)\s+$",
                                     re.I)


def _head(sentence: str, hits: list[_Hit]) -> _Hit | None:
    """The last verbal trigger among ``hits`` (not a noun after a determiner): the verb whose
    object a later nominal trigger stands in."""
    return next((h for h in reversed(hits) if not h.trigger.noun and not h.trigger.weak
                 and not _DETERMINER_JUST_BEFORE.search(sentence[max(0, h.start - 12):h.start])),
                None)


_OF_BEFORE = re.compile(r"\b(?:of|for)\s+(?:\w+\s+){0,2}$", re.I)


def alleged(sentence: str, hits: list[_Hit], i: int) -> bool:
    """An act named as the content of an accusation ("accused Kyiv of shelling the plant"):
    alleged, not reported; the accusation is the event."""
    if i == 0 or not _OF_BEFORE.search(sentence, max(0, hits[i].start - 30), hits[i].start):
        return False
    prev = hits[i - 1]
    return prev.trigger.plover_type == "ACCUSE" and hits[i].start - prev.end <= 60


def request_content(sentence: str, hits: list[_Hit], i: int) -> bool:
    """A nominal trigger that is what a request asks for ("called for an emergency meeting",
    "urged talks"): the content of the request, not an event of its own."""
    if object_floor(sentence, hits, i) == 0:
        return False
    head = _head(sentence, hits[:i])
    if head is None or head.trigger.plover_type != "REQUEST":
        return False
    # only the noun the request asks for ("called for an immediate meeting"), not events
    # named further on ("an investigation into riots that left hundreds dead")
    return hits[i - 1] is head and hits[i].start - head.end <= 30


def object_floor(sentence: str, hits: list[_Hit], i: int) -> int:
    """For a nominal trigger in the object of the sentence's head ("condemned the attack on
    the tanker"), the offset its parties must lie after: the head's subject is not the
    attacker.  0 when the trigger is the head or not in its object."""
    hit = hits[i]
    if not _DETERMINER_BEFORE.search(sentence[max(0, hit.start - 40):hit.start]):
        return 0
    head = _head(sentence, hits[:i])
    if head is None or _NEW_CLAUSE.search(sentence, head.end, hit.start):
        return 0
    return head.end
