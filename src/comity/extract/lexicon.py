"""Event trigger lexicon: phrases that signal a PLOVER event, with their CAMEO code.

Each trigger is a regular expression over the sentence (case-insensitive) with the
PLOVER type, mode, context and the CAMEO code it stands for.  ``weak`` marks abstract
nouns ("cooperation", "partnership") that name a relation rather than report an
act: they never yield an asserted event on their own.  ``frame`` says how to find
the parties: ``svo`` (subject acts on object), ``mutual`` (both sides act
together, e.g. "met", "signed"), ``from`` (goods come *from* the object: "imports
from Russia" makes Russia the source).

The list is ordered: earlier, more specific triggers win over later ones that
overlap the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Trigger:
    pattern: re.Pattern
    plover_type: str
    cameo: str
    mode: str = ""
    context: str = ""
    frame: str = "svo"
    weak: bool = False
    commitment: bool = False  # the verb itself is a pledge/plan ("pledged", "agreed to")
    noun: bool = False  # a nominal trigger ("the visit", "talks")


def _t(regex: str, plover_type: str, cameo: str, **kw) -> Trigger:
    return Trigger(re.compile(regex, re.IGNORECASE), plover_type, cameo, **kw)


W = r"(?:\s+\w+){0,3}?"  # up to three words in between ("signed a new energy agreement")
AGREEMENT = (r"(?:agreements?|accords?|deals?|treaty|treaties|memorand(?:um|a)(?: of understanding)?"
             r"|mous?|protocols?|contracts?|pacts?|declaration|roadmap|framework)")

TRIGGERS: list[Trigger] = [
    # --- negotiations, meetings, visits, calls -------------------------------------
    _t(r"\b(?:spoke|talked|conversed)\s+(?:by|over the|on the)\s+(?:tele)?phone\b|\bphone (?:call|conversation)s?\b|\btelephone (?:call|conversation)s?\b|\btelephoned\b|\bphoned\b|\bvideo (?:call|conference|link)\b", "CONSULT", "041", mode="phone", frame="mutual"),
    _t(r"\bhost(?:ed|s|ing)?\b(?=\s+(?:\w+\s+){0,4}?(?:for talks|talks|a visit|visit|counterpart|delegation|summit|meeting|president|prime minister|minister|leader))|\breceived\b(?=\s+(?:\w+\s+){0,5}?(?:visiting|delegation|counterpart|minister|president|prime minister|envoy|ambassador))|\bwelcomed\s+(?:the\s+)?visiting\b", "CONSULT", "043", mode="host"),
    _t(r"\bnegotiat(?:ed|es|e|ing|ions?)\b", "CONSULT", "046", context="diplomatic", frame="mutual"),
    _t(r"\bmediat(?:ed|es|e|ing|ion)\b", "CONSULT", "045", context="diplomatic"),
    _t(r"\b(?:paid|pays|paying|made|makes|making|began|begins|started|concluded|wrapped up|is on|was on)\s+(?:an?\s+|his\s+|her\s+|their\s+)?(?:\w+\s+){0,3}?(?:visit|trip|tour)\b|\bvisit(?:ed|s|ing)?\b|\btravell?ed to\b|\barrived in\b|\bflew to\b|\b(?:state|official|working|bilateral) visit\b", "CONSULT", "042", mode="visit"),
    _t(r"\b(?:met|meets|meet|meeting|meetings)\b(?!\s+(?:the\s+)?(?:demands?|targets?|needs|requirements|criteria|deadline|expectations|obligations))", "CONSULT", "040", frame="mutual"),
    _t(r"\b(?:held|hold|holds|holding|had)\s+(?:\w+\s+){0,3}?(?:talks|discussions|consultations|dialogue|meeting|summit|negotiations|conversation)\b|\btalks\b|\bsummit\b|\bconsult(?:ed|s|ations?)\b|\bdiscuss(?:ed|es|ing)?\b|\bconferred\b|\b(?:strategic|bilateral) dialogue\b|\bdialogues?\b", "CONSULT", "040", frame="mutual"),
    # --- agreements and commitments ------------------------------------------------
    _t(rf"\b(?:signed|signs|sign|signing|inked|concluded|ratified|initialled){W}\s+{AGREEMENT}\b|\b{AGREEMENT}\s+(?:was|were|has been|have been)\s+signed\b|\bsigning of\b", "AGREE", "057", frame="mutual"),
    _t(r"\b(?:reached|struck|clinched|finali[sz]ed)\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}?(?:agreement|deal|accord|understanding|consensus)\b", "AGREE", "057", frame="mutual"),
    _t(r"\bagreed\s+(?:to|on|upon|that)\b|\bagrees\s+(?:to|on)\b|\bwill agree\b", "AGREE", "030", frame="mutual", commitment=True),
    _t(r"\b(?:pledged|pledges|promised|promises|vowed|vows|committed|commits|offered|offers|undertook)\s+(?:to\b|(?:\w+\s+){0,3}?(?:aid|assistance|support|help|loans?|credit|funds?|funding|investment|cooperation|troops|weapons|arms|mediation|talks|a deal|grants?|relief)\b)", "AGREE", "030", commitment=True),
    _t(r"\b(?:expressed|expresses|reaffirmed|reiterated|underlined)\s+(?:\w+\s+){0,2}?(?:readiness|willingness|desire|intention|commitment|resolve|determination|interest)\b", "AGREE", "030", commitment=True),
    # --- requests and demands ----------------------------------------------------
    _t(r"\bdemand(?:ed|s|ing)?\b|\binsisted\b|\bultimatum\b", "REQUEST", "100"),
    _t(r"\binvit(?:ed|es|e|ing|ation)\b(?=.{0,80}\b(?:invest|investment|investors|companies|firms|business)\b)", "REQUEST", "0211", context="economic"),
    _t(r"\b(?:invit(?:ed|es|e|ing|ation))\b", "REQUEST", "026"),
    _t(r"\b(?:called on|calls on|call on|calling on|called for|calls for|call for|urged|urges|urge|urging|appealed|appeals|appeal to|asked|asks|requested|requests|sought|seeks|seeking|pressed|pressing)\b", "REQUEST", "020"),
    # --- support and diplomatic cooperation --------------------------------------
    _t(r"\b(?:praised|praises|lauded|hailed|commended|applauded|thanked|congratulated|paid tribute)\b", "SUPPORT", "051"),
    _t(r"\b(?:endorsed|endorses|backed|backs|supported|supports|expressed support|voiced support|stood by|defended|sided with)\b", "SUPPORT", "050"),
    _t(r"\b(?:recogni[sz]ed|recogni[sz]es)\b(?=.{0,40}\b(?:state|government|independence|sovereignty)\b)|\bestablished (?:diplomatic )?(?:relations|ties)\b|\brestored (?:diplomatic )?(?:relations|ties)\b|\bnormali[sz]ed (?:relations|ties)\b", "SUPPORT", "054", context="diplomatic", frame="mutual"),
    _t(r"\bapologi[sz]ed\b", "SUPPORT", "055"),
    # --- material cooperation and aid ----------------------------------------------
    _t(r"\bjoint (?:military |naval |army |air |counter-?terror(?:ism)? |anti-?terror(?:ism)? )?(?:exercises?|drills?|manoeuvres|maneuvers|patrols?|operations?)\b|\b(?:military|naval|army) (?:exercises?|drills?)\b(?=.{0,60}\b(?:joint|together|with)\b)", "COOPERATE", "062", context="military", frame="mutual"),
    _t(r"\bshared? intelligence\b|\bintelligence[- ]sharing\b", "COOPERATE", "064", context="intelligence", frame="mutual"),
    _t(r"\bextradit(?:ed|es|e|ion)\b|\bhanded over\b", "COOPERATE", "063", context="legal"),
    _t(r"\b(?:imports?|imported|importing|bought|buys|buying|purchased|purchases|purchasing|procured)\b", "COOPERATE", "061", context="economic", frame="from"),
    _t(r"\b(?:suppl(?:ied|ies|y|ying)|deliver(?:ed|s|y|ies|ing)|export(?:ed|s|ing)?|shipped|shipments?|sold|sells|sale of|consignments?|cargo(?:es)?)\b", "COOPERATE", "061", context="economic"),
    _t(r"\b(?:invested|invests|investing)\b|\binvestments?\b(?=\s+(?:by|from)\b)", "COOPERATE", "061", context="economic"),
    _t(r"\b(?:cooperated|cooperates|collaborated|worked together|jointly (?:built|developed|produced|launched|operated))\b", "COOPERATE", "060"),
    _t(r"\b(?:humanitarian (?:aid|assistance|relief|supplies))\b", "AID", "073", context="humanitarian"),
    _t(r"\b(?:military aid|military assistance|weapons? deliver(?:y|ies)|arms deliver(?:y|ies)|supplied (?:weapons|arms))\b", "AID", "072", context="military"),
    _t(r"\b(?:(?:provided|gave|granted|extended|disbursed|approved|sent|donated|delivered)\s+(?:\w+\s+){0,4}?(?:aid|assistance|loans?|grants?|credit|relief|bailout|package|funding|vaccines?|doses))\b|\bdonated\b|\bbailout\b", "AID", "070"),
    _t(r"\bgranted (?:political )?asylum\b", "AID", "075"),
    # --- yielding ------------------------------------------------------------------
    _t(r"\b(?:released|freed|set free|repatriated|returned)\b(?=.{0,50}\b(?:prisoners?|detainees?|hostages?|fishermen|soldiers|captives?|crew|pilot|nationals)\b)|\b(?:prisoner|hostage) (?:swap|exchange|release)\b", "RETREAT", "0841", mode="release", context="legal"),
    _t(r"\b(?:lifted|eased|relaxed|removed|suspended)\s+(?:\w+\s+){0,3}?(?:sanctions|embargo|ban|restrictions|tariffs)\b", "RETREAT", "085", context="economic"),
    _t(r"\bcease-?fire\b|\btruce\b|\barmistice\b", "RETREAT", "0871", mode="ceasefire", context="military", frame="mutual"),
    _t(r"\b(?:withdr[eа]w|withdrawn|withdrawing|withdraws|pulled out|pull out|pulled back)\b(?=.{0,40}\b(?:troops|forces|soldiers|military|army|contingent)\b)|\b(?:troop|military) withdrawal\b", "RETREAT", "0874", mode="withdraw", context="military"),
    _t(r"\bconced(?:ed|es|e)\b|\bacceded to\b|\bbowed to\b|\bgave in to\b", "CONCEDE", "083"),
    # --- conflict: verbal ----------------------------------------------------------
    _t(r"\b(?:investigat(?:ed|es|e|ing|ion)|probe[ds]?|probing|inquiry into)\b", "ACCUSE", "090", mode="investigate"),
    _t(r"\b(?:accused|accuses|accusing|accusations?|alleged|blamed|blames|blaming|charged)\b", "ACCUSE", "112", mode="allege"),
    _t(r"\b(?:lodged|lodges|registered)\s+(?:\w+\s+){0,2}?(?:protest|complaint|demarche)\b|\bsummoned\s+(?:\w+\s+){0,4}?(?:ambassador|envoy|charg[eé] d'affaires|diplomat|high commissioner)\b", "ACCUSE", "114", mode="allege", context="diplomatic"),
    _t(r"\b(?:condemned|condemns|condemning|criticised|criticized|criticises|criticizes|criticism|denounced|denounces|slammed|deplored|censured|rebuked|castigated|decried)\b", "ACCUSE", "111", mode="disapprove"),
    _t(r"\b(?:rivalry|rivalries|tensions?|standoff|stand-off|hostility|animosity|feud)\b(?=\s+(?:between|with|among)\b)", "ACCUSE", "110", mode="disapprove", frame="mutual", weak=True),
    _t(r"\b(?:rejected|rejects|rejecting|rebuffed|refused|refuses|turned down|dismissed|vetoed|vetoes|repudiated)\b|\bdenied\b(?=\s+(?:\w+\s+){0,2}?(?:allegations?|accusations?|charges?|claims?|reports?|request|visa|entry|access))", "REJECT", "120"),
    _t(r"\b(?:threatened|threatens|threatening|threat of|warned|warns|warning)\b", "THREATEN", "130"),
    _t(r"\b(?:imposed|imposes|imposing|slapped|announced|extended|tightened)\s+(?:\w+\s+){0,3}?(?:sanctions|embargo|tariffs|export controls|ban)\b|\bsanctions? (?:on|against)\b|\bsanctioned\b", "SANCTION", "163", context="economic"),
    _t(r"\bexpel(?:led|s)?\b(?=.{0,40}\b(?:diplomats?|ambassador|envoy|embassy staff|attach[eé])\b)|\brecalled\s+(?:\w+\s+){0,3}?(?:ambassador|envoy|high commissioner)\b|\b(?:cut|severed|suspended|downgraded|broke off)\s+(?:\w+\s+){0,2}?(?:ties|relations)\b", "SANCTION", "161", mode="withdraw", context="diplomatic"),
    _t(r"\b(?:suspended|halted|cut off|froze|frozen|stopped)\s+(?:\w+\s+){0,3}?(?:aid|assistance|funding|talks|negotiations|trade|flights|cooperation|dialogue)\b", "SANCTION", "160", mode="discontinue"),
    # --- conflict: material --------------------------------------------------------
    _t(r"\b(?:protest(?:ed|s|ers|ing)?|demonstrat(?:ed|ions?|ors)|rall(?:ied|y|ies)|marched|sit-in|hunger strike|strikes?|boycott(?:ed|s)?|riot(?:s|ed|ing)?)\b", "PROTEST", "140", mode="demo"),
    _t(r"\b(?:deployed|deploys|deploying|mobili[sz]ed|massed|amassed|moved)\s+(?:\w+\s+){0,3}?(?:troops|forces|soldiers|warships|tanks|missiles|units|reinforcements)\b|\b(?:high|heightened|maximum) alert\b|\bshow of force\b|\bmilitary build-?up\b", "MOBILIZE", "152", mode="troops", context="military"),
    _t(r"\b(?:arrested|arrests|detained|detains|detaining|apprehended|rounded up|jailed|imprisoned|sentenced|deported|deports|expelled|seized|seizes|confiscated|raided|curfew|banned|outlawed|blockaded)\b", "COERCE", "173", mode="arrest"),
    _t(r"\bcyber-?attacks?\b|\bhack(?:ed|ers|ing)\b", "COERCE", "170", context="cyber"),
    _t(r"\b(?:suicide bomb(?:ing|er|ers)?|bomb(?:ing|ings|ed|s)?|blasts?|explosions?|ied|improvised explosive)\b", "ASSAULT", "183", mode="explosives"),
    _t(r"\b(?:air ?strikes?|airstrikes?|drone strikes?|air raids?|bombarded|missile strikes?)\b", "ASSAULT", "195", mode="aerial", context="military"),
    _t(r"\b(?:shelled|shelling|artillery fire|rocket fire|fired (?:rockets|missiles|mortars|shells))\b", "ASSAULT", "194", mode="heavy-weapons", context="military"),
    _t(r"\b(?:assassinated|assassination)\b", "ASSAULT", "185", mode="assassinate"),
    _t(r"\b(?:abducted|kidnapped|kidnapping|abduction|took hostage|taken hostage)\b", "ASSAULT", "181", mode="abduct"),
    _t(r"\b(?:clash(?:ed|es)?|fought|fighting|gunfight|firefight|exchanged fire|skirmish(?:es)?|battles?|battled|invaded|invasion|offensive)\b", "ASSAULT", "190", mode="firearms", context="military", frame="mutual"),
    _t(r"\b(?:attacked|attacks?|attacking|killed|kills|killing|ambushed|ambush|opened fire|fired on|gunned down|stormed|assaulted|massacred?)\b", "ASSAULT", "180"),
    # --- weak, abstract relations (never asserted on their own) ---------------------
    _t(r"\b(?:cooperation|co-operation|collaboration|partnership|alliance|engagement|cooperative ties|joint efforts?)\b", "COOPERATE", "030", frame="mutual", weak=True, noun=True),
]

#: Words that introduce a place rather than an actor ("in Beijing").
PLACE_PREPOSITIONS = re.compile(r"(?:\b(?:in|at|near|outside|inside|across|around|from|of)\s+(?:the\s+)?)$", re.IGNORECASE)


# -- a cheap prefilter: a trigger can only match where one of its words occurs ---------

def _sequence_words(items) -> set[str] | None:
    """Strings one of which every match of this regex sequence contains (None: unknown)."""
    from re import _constants as C  # noqa: N812

    best, run, groups = "", [], []
    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av).lower())
            continue
        best = max(best, "".join(run), key=len)
        run = []
        if op is C.SUBPATTERN:
            inner = _pattern_words(av[3])
            if inner:
                groups.append(inner)
        elif op is C.BRANCH:
            inner = _branch_words(av[1])
            if inner:
                groups.append(inner)
    best = max(best, "".join(run), key=len)
    if len(best) >= 3:
        return {best}
    if groups:
        return max(groups, key=lambda g: min(len(w) for w in g))
    return {best} if len(best) >= 2 else None


def _branch_words(branches) -> set[str] | None:
    out: set[str] = set()
    for branch in branches:
        words = _sequence_words(list(branch))
        if not words:
            return None
        out |= words
    return out


def _pattern_words(parsed) -> set[str] | None:
    from re import _constants as C  # noqa: N812

    items = list(parsed)
    if len(items) == 1 and items[0][0] is C.BRANCH:
        return _branch_words(items[0][1][1])
    return _sequence_words(items)


def necessary_words(trigger: Trigger) -> tuple[str, ...] | None:
    """Strings of which at least one occurs (lower-cased) in any text the trigger matches."""
    from re import _parser

    try:
        words = _pattern_words(_parser.parse(trigger.pattern.pattern, trigger.pattern.flags))
    except Exception:  # noqa: BLE001 - fall back to always trying the pattern
        return None
    return tuple(sorted(words)) if words else None


def _prefilter(trigger: Trigger) -> re.Pattern | None:
    words = necessary_words(trigger)
    return re.compile("|".join(map(re.escape, words))) if words else None


#: Per trigger, a literal pattern that must occur in the lower-cased sentence (or None).
PREFILTER: list[re.Pattern | None] = [_prefilter(t) for t in TRIGGERS]
