"""Status of an event mention: asserted, intended, hypothetical, negated or assessment.

Cues are read in the clause around the trigger: negation and cancellation
("did not", "called off"), commitments and plans ("will", "pledged", "is
expected to"), conditionals and potential ("could", "if", "has the potential
to"), and evaluative commentary ("signifies", "it is imperative") — the last
counts most in opinion pieces, whose authors assess rather than report.
"""

from __future__ import annotations

import re

_NEG_BEFORE = re.compile(
    r"\b(?:not|n't|never|no longer|neither|nor|without|denied|denies|deny|denying|refused to|"
    r"failed to|fails to|ruled out|declined to|cancell?ed|called off|postponed|scrapped|"
    r"shelved|no)\b(?:\s+\S+){0,4}\s*$",
    re.IGNORECASE,
)
_NEG_AFTER = re.compile(
    r"^\s*(?:\S+\s+){0,6}?(?:(?:was|were|has been|had been|have been|is|are)\s+"
    r"(?:\w+\s+)?(?:cancell?ed|called off|postponed|scrapped|shelved|put off|abandoned|"
    r"suspended|delayed|put on hold)|did not (?:take place|happen|materiali[sz]e)|"
    r"never (?:took place|happened|materiali[sz]ed)|fell through|collapsed)\b",
    re.IGNORECASE,
)
_DENIAL = re.compile(
    r"\b(?:denied|denies|rejected|dismissed|refuted)\s+(?:\w+\s+){0,3}?"
    r"(?:reports?|claims?|allegations?|suggestions?|speculation|rumou?rs?)\s+(?:that|of)\b|"
    r"\b(?:denied|denies)\s+that\b",
    re.IGNORECASE,
)
_INTENT = re.compile(
    r"\b(?:will|shall|'ll|would|plans? to|planning to|planned|intends? to|intended to|"
    r"aims? to|aimed at|is (?:set|due|expected|scheduled|slated|likely) to|are (?:set|due|"
    r"expected|scheduled|slated) to|was (?:set|due|expected|scheduled) to|were (?:expected|"
    r"scheduled|due) to|agreed to|agrees to|pledged|pledges|promised|promises|vowed|vows|"
    r"committed to|offered to|offers to|proposed|proposes|propose|"
    r"upcoming|forthcoming|prepar(?:es|ing|ed) to|seeks? to|sought to|wants? to|"
    r"hopes? to|hoped to|looks? forward to|ready to|readiness to|willing(?:ness)? to|"
    r"next (?:week|month|year)|later this (?:week|month|year))\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:could|(?-i:may)(?!\s+\d)|might|can|if|unless|whether|potential(?:ly)?|possib(?:le|ly|ility|"
    r"ilities)|prospects?|opportunit(?:y|ies)|poised to|capacity to|ability to|likely|"
    r"perhaps|would be|should|ought to|scope for|room for|promise of|chance of|in the event)\b",
    re.IGNORECASE,
)
_OBLIGATION = re.compile(r"\b(?:must|should|ought to|needs? to|has to|have to)\s+(?:\w+\s+){0,2}$",
                         re.IGNORECASE)
_ASSESSMENT = re.compile(
    r"\b(?:signif(?:y|ies|ied)|indicat(?:es|ing|ive)|represents?|is a (?:notable|significant|"
    r"major|promising|remarkable)|noteworthy|it is (?:clear|evident|important|crucial|"
    r"imperative|essential|vital|noteworthy)|imperative|remains to be seen|underscor(?:es|ing)|"
    r"testament to|milestone|must|need(?:s)? to|ought to|analysts? (?:say|said|believe)|"
    r"observers (?:say|said|believe)|experts? (?:say|said|believe))\b",
    re.IGNORECASE,
)
_REPORTING_PAST = re.compile(
    r"\b(?:met|signed|visited|held|agreed|arrived|took place|was held|were held|launched|"
    r"delivered|supplied|attacked|killed|announced|said|told|imposed|expelled|called)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:]|\b(?:but|while|whereas|although|though)\b", re.IGNORECASE)

OPINION_KINDS = {"opinion", "analysis", "editorial", "commentary", "column", "blog"}


def _clause_window(sentence: str, start: int, end: int, before: int = 80) -> tuple[str, str]:
    """Text before the trigger within its clause, and text after it."""
    left = sentence[max(0, start - before):start]
    breaks = list(_CLAUSE_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end():]
    right = sentence[end:end + 120]
    return left, right


def event_status(
    sentence: str,
    start: int,
    end: int,
    *,
    weak: bool = False,
    commitment: bool = False,
    doc_kind: str = "news",
) -> str:
    """Status of the event whose trigger spans ``sentence[start:end]``."""
    left, right = _clause_window(sentence, start, end)
    if _NEG_BEFORE.search(left) or _NEG_AFTER.search(right) or _DENIAL.search(sentence[:start]):
        return "negated"
    trigger = sentence[start:end]
    if commitment or _INTENT.search(left) or _INTENT.search(trigger):
        return "intended"
    near_left = left[-45:]
    if _HYPOTHETICAL.search(near_left) or _HYPOTHETICAL.search(trigger):
        return "hypothetical"
    opinion = doc_kind.lower() in OPINION_KINDS
    if _OBLIGATION.search(near_left):
        # "must resume talks", "should invite": a call for the act, not the act
        return "assessment" if opinion else "hypothetical"
    if weak:
        if _HYPOTHETICAL.search(sentence):
            return "hypothetical"
        return "assessment"
    clause = left + trigger + right[:60]
    if opinion and _ASSESSMENT.search(clause) and not _REPORTING_PAST.search(clause):
        return "assessment"
    return "asserted"
