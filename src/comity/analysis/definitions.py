"""What comity counts: meeting, call, agreement, pledge, material cooperation.

One definition each, written as Ibis predicates over the events table, applied the same
way to events extracted from news and to coded dataset rows (GDELT, ICEWS, POLECAT, ACLED).
News events carry a PLOVER mode and a status; dataset rows carry a CAMEO code and are
asserted (a dataset codes intentions with CAMEO 03x, not with a status).  docs/analysis.md
states each definition in words; every analysis and the brief use these and no other.
"""

from __future__ import annotations

import ibis

#: Face-to-face CAMEO codes and the kind of meeting each is (040 "consult" does not say
#: whether the parties met, 041 is a telephone call).
MEETING_CAMEO = {"042": "visit", "043": "visit", "044": "third-place meeting",
                 "045": "mediation", "046": "negotiation"}
CALL_CAMEO = ("041",)
#: PLOVER CONSULT modes of news events and the kind of meeting they are.
MEETING_MODES = {"visit": "visit", "host": "visit", "third-party": "third-place meeting",
                 "mediate": "mediation", "negotiate": "negotiation", "meet": "meeting"}
CALL_MODES = ("phone", "video", "call")
#: An agreement is an asserted signing or conclusion: CAMEO 057 "sign formal agreement"
#: (news events coded AGREE and asserted get 057 from the extractor).
AGREEMENT_CAMEO = "057"
#: A dataset row that is a pledge of cooperation: CAMEO 030-033 (express intent to
#: cooperate, to engage in material or diplomatic cooperation, to provide aid).
PLEDGE_CAMEO = ("030", "031", "032", "033")
#: News events that are pledges when their status is ``intended``.
PLEDGE_TYPES = ("COOPERATE", "AID", "AGREE", "SUPPORT", "CONCEDE", "RETREAT")

KINDS = ("visit", "third-place meeting", "mediation", "negotiation", "meeting", "call")


def is_asserted(t):
    return t.status == "asserted"


def is_news(t):
    """Extracted from text (the store marks these ``dataset = 'news'``)."""
    return t.dataset.isnull() | t.dataset.isin(["", "news"])


def meeting_kind(t):
    """The kind of an encounter (see :data:`KINDS`), or NULL when the event is none.

    Only asserted CONSULT events are encounters.  A news CONSULT without a mode is a
    ``meeting`` (the text reports the parties meeting); a dataset 040 row is no meeting.
    """
    code = t.cameo.fill_null("")
    mode = t.plover_mode.fill_null("")
    kind = ibis.cases(
        *[(code == c, ibis.literal("call")) for c in CALL_CAMEO],
        *[(mode == m, ibis.literal("call")) for m in CALL_MODES],
        *[(code == c, ibis.literal(k)) for c, k in MEETING_CAMEO.items()],
        *[(mode == m, ibis.literal(k)) for m, k in MEETING_MODES.items()],
        (is_news(t), ibis.literal("meeting")),
        else_=ibis.null("string"),
    )
    return ibis.ifelse(is_asserted(t) & (t.plover_type == "CONSULT"), kind, ibis.null("string"))


def is_meeting(t):
    """Asserted face-to-face encounter (calls, intents, plans and cancellations are not)."""
    kind = meeting_kind(t)
    return kind.notnull() & (kind != "call")


def is_call(t):
    return meeting_kind(t) == "call"


def is_agreement(t):
    """Asserted signing or conclusion of an agreement (CAMEO 057); ICEWS 036, an intent to
    meet or negotiate, is not one."""
    return is_asserted(t) & t.cameo.fill_null("").startswith(AGREEMENT_CAMEO)


def is_pledge(t):
    """A party's own stated intention to cooperate: an ``intended`` cooperative event, or
    an event coded CAMEO 030-033 (how datasets code a pledge).  Speculation
    (hypothetical), denials and the author's assessments are not pledges; neither is an
    intent to meet or a planned visit (CAMEO 036, intended CONSULT)."""
    code = t.cameo.fill_null("")
    intended = (t.status == "intended") & t.plover_type.isin(PLEDGE_TYPES)
    coded = ibis.or_(*[code.startswith(c) for c in PLEDGE_CAMEO])
    return t.status.isin(["asserted", "intended"]) & (intended | coded)


def is_material_cooperation(t):
    """Asserted material cooperation (QuadClass 2: CAMEO 06-08)."""
    return is_asserted(t) & (t.quad_class == 2)
