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
    statement: bool = False  # a comment (CAMEO 01x, pentacode 0): denial, condolence, concern


def _t(regex: str, plover_type: str, cameo: str, **kw) -> Trigger:
    return Trigger(re.compile(regex, re.IGNORECASE), plover_type, cameo, **kw)


W = r"(?:\s+\w+){0,3}?"  # up to three words in between ("signed a new energy agreement")
AGREEMENT = (r"(?:agreements?|accords?|deals?|treaty|treaties|memorand(?:um|a)(?: of understanding)?"
             r"|mous?|protocols?|contracts?|pacts?|declaration|roadmap|framework)")

MONEY = (r"(?:(?:(?:US)?\$|€|£|¥|(?:usd|eur|rs\.?|rmb)\s?)\s?\d[\d,.]*|\b\d[\d,.]*\s*(?:million|billion"
         r"|bn|mn|m\b|euros?|dollars|pounds|yuan|yen|rupees))")
AIDS = (r"(?:aid|assistance|loans?|grants?|credits?|relief|bailout|package|funding|funds|vaccines?"
        r"|doses|donations?|food|medicines?|medical|supplies|equipment|shelter|tents|support"
        r"|training|contribution|subsid(?:y|ies))")
NOT_RELEASED = (r"(?!\s+(?:a|an|the|its|their|his|her)?\s*(?:new\s+|latest\s+|annual\s+|first\s+)?"
                r"(?:statements?|reports?|videos?|footage|figures|data|results|details|images?"
                r"|photos?|pictures|documents?|findings|list|albums?|films?|books?|budget|funds"
                r"|version|products?|plans?|guidelines|communiqu[eé]|a statement))")

TRIGGERS: list[Trigger] = [
    # --- statements (CAMEO 01: pentacode 0) -- before the verbs they would otherwise match
    _t(r"\bclaim(?:ed|s|ing)?\s+(?:\w+\s+)?responsibility\b|\btook responsibility\b|\baccepted responsibility\b", "CONCEDE", "015", statement=True),
    _t(r"\b(?:denied|denies|deny|denying|rejected|rejects|dismissed|refuted|refutes)\s+(?:\w+\s+){0,3}?(?:allegations?|accusations?|charges?|claims?|reports?|suggestions?|speculation|rumou?rs?|involvement|responsibility|wrongdoing)\b|\b(?:denied|denies|deny|denying)\s+(?:that|it|any|having|being|involvement)\b", "REJECT", "016", statement=True),
    _t(r"\b(?:declined|refused|declines)\s+to\s+comment\b|\bno comment\b|\bdid not (?:immediately )?(?:respond|comment)\b", "REJECT", "011", statement=True),
    _t(r"\b(?:condolences?|sympathy|sympathies|solidarity with|paid (?:his |her |their )?(?:respects|tribute)|mourn(?:ed|s|ing)?)\b", "SUPPORT", "018", statement=True),
    _t(r"\b(?:expressed|expresses|voiced|voices|raised|raises)\s+(?:\w+\s+){0,2}?(?:concerns?|pessimism|alarm|worry|worries|fears?|doubts?|scepticism|skepticism|dismay|disappointment|regret)\b|\b(?:is|was|are|were)\s+(?:deeply |very )?(?:concerned|worried|pessimistic|sceptical|skeptical)\b", "ACCUSE", "012", mode="disapprove", statement=True),
    _t(r"\b(?:expressed|expresses|voiced)\s+(?:\w+\s+){0,2}?(?:optimism|hope|confidence)\b|\b(?:is|was|are|were)\s+(?:\w+\s+)?(?:optimistic|hopeful|confident)\b", "SUPPORT", "013", statement=True),
    _t(r"\b(?:is|are|was|were)\s+(?:considering|mulling|weighing|studying)\b", "AGREE", "014", statement=True),
    # --- negotiations, meetings, visits, calls -------------------------------------
    _t(r"\b(?:spoke|talked|conversed)\s+(?:by|over the|on the)\s+(?:tele)?phone\b|\bphone (?:call|conversation)s?\b|\btelephone (?:call|conversation)s?\b|\btelephoned\b|\bphoned\b|\bvideo (?:call|conference|link)\b", "CONSULT", "041", mode="phone", frame="mutual"),
    _t(r"\bhost(?:ed|s|ing)?\b(?=\s+(?:\w+\s+){0,4}?(?:for talks|talks|a visit|visit|counterpart|delegation|summit|meeting|president|prime minister|minister|leader))|\breceived\b(?=\s+(?:\w+\s+){0,5}?(?:visiting|delegation|counterpart|minister|president|prime minister|envoy|ambassador))|\bwelcomed\s+(?:the\s+)?visiting\b|\b(?:host(?:ed|s)|received|receives)\b(?=\s+(?-i:[A-Z])\w)", "CONSULT", "043", mode="host"),
    _t(r"\bcall(?:ed|s|ing)? on\b(?![^.;]{0,80}?\bto\s+\w+)", "CONSULT", "042", mode="visit"),
    _t(r"\bnegotiat(?:ed|es|e|ing|ions?)\b", "CONSULT", "046", context="diplomatic", frame="mutual"),
    _t(r"\bmediat(?:ed|es|e|ing|ion)\b", "CONSULT", "045", context="diplomatic"),
    _t(r"\b(?:paid|pays|paying|made|makes|making|began|begins|started|concluded|wrapped up|is on|was on)\s+(?:an?\s+|his\s+|her\s+|their\s+)?(?:\w+\s+){0,3}?(?:visit|trip|tour)\b|\bvisit(?:ed|s|ing)?\b|\btravel(?:l?ed|s|l?ing)? to\b|\barrived in\b|\barrives in\b|\bflew to\b|\b(?:state|official|working|bilateral) visit\b", "CONSULT", "042", mode="visit"),
    _t(r"\b(?:met|meets|meet|meeting|meetings)\b(?!\s+(?:the\s+)?(?:demands?|targets?|needs|requirements|criteria|deadline|expectations|obligations|conditions|standards?))", "CONSULT", "040", frame="mutual"),
    _t(r"\b(?:held|hold|holds|holding|had)\s+(?:\w+\s+){0,3}?(?:talks|discussions|consultations|dialogue|meeting|summit|negotiations|conversation)\b|\btalks\b|\bsummit\b|\bconsult(?:ed|s|ations?)\b|\bdiscuss(?:ed|es|ing)?\b|\bconferred\b|\b(?:strategic|bilateral) dialogue\b|\bdialogues?\b", "CONSULT", "040", frame="mutual"),
    _t(r"\b(?:secure|securing|secured|seek|seeks|seeking|sought|demand(?:ed|s|ing)?|call(?:ed|s|ing)? for|press(?:ed|es|ing)? for|urg(?:ed|es|ing))\s+(?:the\s+)?(?:immediate\s+|early\s+|safe\s+|unconditional\s+)?(?:release|return|repatriation)\s+of\b", "REQUEST", "0253"),
    # --- agreements and commitments ------------------------------------------------
    _t(rf"\b(?:signed|signs|sign|signing|inked|concluded|ratified|initialled){W}\s+{AGREEMENT}\b|\b{AGREEMENT}\s+(?:was|were|has been|have been)\s+signed\b|\bsigning of\b", "AGREE", "057", frame="mutual"),
    _t(r"\bfail(?:ed|s)? to (?:reach|agree|strike|conclude|clinch)\b|\b(?:talks|negotiations) (?:collapsed|broke down|ended without)\b", "REJECT", "127", frame="mutual"),
    _t(r"\b(?:reached|struck|clinched|finali[sz]ed)\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}?(?:agreement|deal|accord|understanding|consensus)\b", "AGREE", "057", frame="mutual"),
    _t(r"\bagreed\s+(?:to|on|upon|that)\b|\bagrees\s+(?:to|on)\b|\bwill agree\b", "AGREE", "030", frame="mutual", commitment=True),
    _t(r"\b(?:pledged|pledges|promised|promises|vowed|vows|offered|offers|undertook)\s+(?:to\b|(?:\w+\s+){0,3}?(?:aid|assistance|support|help|loans?|credit|funds?|funding|investment|cooperation|troops|weapons|arms|mediation|talks|a deal|grants?|relief)\b|" + MONEY + ")", "AGREE", "030", commitment=True),
    _t(r"\b(?:expressed|expresses|reaffirmed|reiterated|underlined)\s+(?:\w+\s+){0,2}?(?:readiness|willingness|desire|intention|commitment|resolve|determination|interest)\b", "AGREE", "030", commitment=True),
    # --- requests and demands ----------------------------------------------------
    _t(r"\bultimatum\b|\bset (?:a|an)\s+(?:\w+\s+){0,2}?deadline\b", "THREATEN", "139"),
    _t(r"\bdemand(?:ed|s|ing)?\b|\binsisted\b", "REQUEST", "100"),
    _t(r"\binvit(?:ed|es|e|ing|ation)\b(?=.{0,80}\b(?:invest|investment|investors|companies|firms|business)\b)", "REQUEST", "0211", context="economic"),
    _t(r"\b(?:invit(?:ed|es|e|ing|ation))\b", "REQUEST", "026"),
    _t(r"\b(?:called on|calls on|call on|calling on|called for|calls for|call for|calling for|urged|urges|urge|urging|appealed|appeals|appeal to|asked|asks|requested|requests|sought|seeks|seeking|pressed|pressing)\b", "REQUEST", "020"),
    # --- support and diplomatic cooperation --------------------------------------
    _t(r"\b(?:praised|praises|lauded|hailed|commended|applauded|thanked|congratulated|welcomed|welcomes)\b", "SUPPORT", "051"),
    _t(r"\b(?:endorsed|endorses|backed|backs|supported|supports|expressed support|voiced support|stood by|defended|sided with)\b", "SUPPORT", "050"),
    _t(r"\b(?:recogni[sz]ed|recogni[sz]es)\b(?=.{0,40}\b(?:state|government|independence|sovereignty)\b)|\b(?:established|establish|restored|restore|normali[sz]ed|normali[sz]e|resumed)\s+(?:full\s+)?(?:diplomatic )?(?:relations|ties)\b", "SUPPORT", "054", context="diplomatic", frame="mutual"),
    _t(r"\bapologi[sz](?:ed|es|e)\b", "SUPPORT", "055"),
    _t(r"\bforg(?:ave|iven|ives)\b|\bpardoned\b", "SUPPORT", "056"),
    # --- material cooperation and aid ----------------------------------------------
    _t(r"\b(?:suspended|suspends|suspend|halted|halts|halt|cut off|cuts off|froze|freezes|frozen|stopped|stops|cut|cuts|slashed|withheld|withholds|terminated)\s+(?:\w+\s+){0,3}?(?:aid|assistance|funding|financing|payments|grants?|loans?)\b|\bsuspension of (?:\w+\s+){0,2}?(?:aid|assistance|funding)\b", "SANCTION", "162", mode="discontinue"),
    _t(r"\b(?:send|sends|sent|sending|deploy(?:ed|s|ing)?|contribut(?:ed|es|ing))\s+(?:\w+\s+){0,5}?(?:peacekeepers|peacekeeping)\b|\bpeacekeep(?:ers|ing troops|ing force)\b(?=.{0,40}\b(?:arrived|arrive|deployed|sent)\b)", "AID", "074", context="military"),
    _t(r"\bjoint (?:military |naval |army |air |counter-?terror(?:ism)? |anti-?terror(?:ism)? )?(?:exercises?|drills?|manoeuvres|maneuvers|patrols?|operations?|war games?)\b|\bwar ?games?\b|\b(?:military|naval|army) (?:exercises?|drills?)\b(?=.{0,60}\b(?:joint|together|with)\b)", "COOPERATE", "062", context="military", frame="mutual"),
    _t(r"\bshared? (?:\w+\s+)?intelligence\b|\bsharing (?:\w+\s+)?intelligence\b|\bintelligence[- ]sharing\b", "COOPERATE", "064", context="intelligence", frame="mutual"),
    _t(r"\bextradit(?:ed|es|e|ion)\b|\bhanded over\b", "COOPERATE", "063", context="legal"),
    _t(r"\b(?:imports?|imported|importing|bought|buys|buying|purchased|purchases|purchasing|procured)\b", "COOPERATE", "061", context="economic", frame="from"),
    _t(r"\b(?:humanitarian (?:aid|assistance|relief|supplies))\b", "AID", "073", context="humanitarian"),
    _t(r"\b(?:military aid|military assistance|weapons? deliver(?:y|ies)|arms deliver(?:y|ies)|supplied (?:weapons|arms))\b", "AID", "072", context="military"),
    _t(r"\btrain(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?(?:soldiers|troops|pilots|forces|police|officers|commandos|personnel|army|military)\b|\bmilitary training\b", "AID", "072", context="military"),
    _t(r"\b(?:suppl(?:ied|ies|y|ying)|deliver(?:ed|s|y|ies|ing)|export(?:ed|s|ing)?|shipped|shipments?|sold|sells|sale of|consignments?|cargo(?:es)?)\b", "COOPERATE", "061", context="economic"),
    _t(r"\b(?:build|builds|built|building|construct(?:ed|s|ing)?|inaugurat(?:ed|es|ing|e)|commission(?:ed|s|ing)|finance[ds]?|financing)\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?:[\w,.$-]+\s+){0,4}?(?:power (?:plants?|stations?)|nuclear plants?|plants?|ports?|railways?|rail (?:lines?|links?)|metro(?: lines?)?|roads?|highways?|motorways?|dams?|pipelines?|airports?|bridges?|refiner(?:y|ies)|factor(?:y|ies)|(?:economic|industrial|special economic) zones?|infrastructure|corridor)\b", "COOPERATE", "061", context="economic", frame="mutual"),
    _t(r"\b(?:waived|waives|waive|waiving|wrote off|writes off|write off|writing off|forgave|forgives|forgive|cancell?ed|cancels|rescheduled|restructured)\s+(?:\S+\s+){0,4}?(?:debts?|loans?|arrears|repayments?)\b(?!\s+(?:agreements?|deals?|contracts?|accords?|programm?es?|talks|negotiations))", "AID", "071", context="economic"),
    _t(r"\bdeposit(?:ed|s|ing)?\s+(?:\S+\s+){0,4}?(?:in|into|with)\b", "AID", "071", context="economic"),
    _t(r"\b(?:invested|invests|investing)\b|\binvestments?\b(?=\s+(?:by|from)\b)", "COOPERATE", "061", context="economic"),
    _t(r"\b(?:cooperated|cooperates|collaborated|worked together|jointly (?:built|developed|produced|launched|operated))\b", "COOPERATE", "060"),
    _t(r"\b(?:(?:provided|provides|providing|provide|gave|gives|giving|granted|grants|extended|extends|disbursed|approved|approves|sent|sends|sending|donated|donates|delivered|contributed|contributes|allocated|earmarked|released|announced|lent|loaned|lended|handed|distributed|distributes|distributing)\s+(?:\S+\s+){0,5}?" + AIDS + r")\b|\b(?:provided|provides|gave|gives|granted|donated|contributed|contributes|allocated|earmarked|lent|loaned|lended|pledged)\s+(?:\w+\s+){0,3}?" + MONEY + r"|\bdonated\b|\bbailout\b|\b(?:largest|leading|biggest|major) donor\b", "AID", "070"),
    _t(r"\bgrant(?:ed|s)? (?:\w+\s+)?asylum\b|\basylum (?:to|for)\b|\baccept(?:ed|s|ing)?\s+(?:\S+\s+){0,4}?(?:refugees|asylum seekers|migrants)\b|\bresettle(?:d|ment)?\b", "AID", "075"),
    # --- yielding ------------------------------------------------------------------
    _t(r"\b(?:released|releases|freed|frees|set free|let free|repatriated|returned)\b" + NOT_RELEASED + r"(?=.{0,60}\b(?:prisoners?|detainees?|hostages?|fishermen|soldiers|captives?|crew|pilot|nationals|journalists?|activists?|citizens?|sailors|pastor|opposition|politicians|members|men|women|people|on bail|from (?:prison|jail|custody|detention|captivity))\b)|\b(?:prisoner|hostage) (?:swap|exchange|release)s?\b|\brelease of\b(?=.{0,40}\b(?:prisoners?|detainees?|hostages?|journalists?|activists?|sailors|fishermen)\b)|\b(?:was|were|been|be)\s+(?:\w+\s+)?(?:released|freed)\b", "RETREAT", "0841", mode="release", context="legal"),
    _t(r"\b(?:return(?:ed|s|ing)?|released|releases|freed)\b(?=\s+(?:[\w-]+\s+){0,8}?(?:artifacts?|artefacts?|antiquities|paintings?|relics?|remains|property|manuscripts?|sculptures?|fossils?|treasures?|tankers?|ships?|vessels?|boats?|aircraft|assets))", "RETREAT", "0842", mode="release"),
    _t(r"\b(?:lifted|lifts|lift|lifting|eased|eases|ease|easing|relaxed|relaxes|removed|removes|ended|ends|scrapped|rolled back|waived)\s+(?:\w+\s+){0,4}?(?:sanctions|embargo|ban|restrictions|tariffs?|curbs|blockade|boycott|curfew|state of emergency|martial law|travel ban|duties|quotas)\b", "RETREAT", "085", context="economic"),
    _t(r"\b(?:waived|waives|waive|waiving|scrapped|scraps|eased|eases|ease|easing|relaxed|relaxes|relax)\s+(?:\w+\s+){0,3}?(?:visa|visas|fees|entry requirements|visa requirements|visa rules|travel restrictions)\b", "CONCEDE", "081"),
    _t(r"\b(?:cease-?fire|truce)\s+(?:violations?|breach(?:es)?)\b|\b(?:violat(?:ed|es|ing|ions? of)|breach(?:ed|es|ing)?(?: of)?)\s+(?:\w+\s+){0,3}?(?:cease-?fire|truce|armistice)\b", "ASSAULT", "196", context="military"),
    _t(r"\bcease-?fire\b|\btruce\b|\barmistice\b|\bcessation of hostilities\b", "RETREAT", "0871", mode="ceasefire", context="military", frame="mutual"),
    _t(r"\b(?:withdr[eа]w|withdrawn|withdrawing|withdraws|withdraw|pulled out|pull out|pulling out|pulled back)\b(?=.{0,40}\b(?:troops|forces|soldiers|military|army|contingent|peacekeepers|personnel)\b)|\b(?:troop|military) withdrawal\b", "RETREAT", "0874", mode="withdraw", context="military"),
    _t(r"\b(?:resigned|resigns|resign|resigning|stepped down|steps down|step down|stepping down)\b|\bresignation\b", "CONCEDE", "0831"),
    _t(r"\bconced(?:ed|es|e)\b|\bacceded to\b|\bbowed to\b|\bgave in to\b|\bgive in to\b|\baccepted (?:the\s+)?(?:\w+\s+)?demands?\b", "CONCEDE", "083"),
    # --- conflict: verbal ----------------------------------------------------------
    _t(r"\b(?:investigat(?:ed|es|e|ing|ions?)|probe[ds]?|probing|inquiry into|inquiries into)\b", "ACCUSE", "090", mode="investigate"),
    _t(r"\b(?:filed|files|filing|lodged|brought)\s+(?:\w+\s+){0,3}?(?:lawsuit|suit|case|complaint|charges)\b|\bsued\b|\bsues\b|\bindicted\b|\bprosecut(?:ed|es|ing)\b", "ACCUSE", "115", mode="allege", context="legal"),
    _t(r"\bconvict(?:ed|s|ing)\b|\bfound\s+(?:\w+\s+){0,3}?guilty\b|\bsentenc(?:ed|es|ing)\b", "ACCUSE", "116", mode="allege", context="legal"),
    _t(r"\b(?:accused|accuses|accusing|accusations?|alleged|blamed|blames|blaming|charged)\b", "ACCUSE", "112", mode="allege"),
    _t(r"\bprotest(?:ed|s)?\s+(?:strongly\s+|formally\s+)?(?:to|with)\b(?=\s+(?:the\s+)?(?-i:[A-Z]))|\b(?:lodged|lodges|registered|lodge)\s+(?:\w+\s+){0,2}?(?:protest|complaint|demarche)\b|\bsummon(?:ed|s)?\s+(?:\w+\s+){0,4}?(?:ambassador|envoy|charg[eé] d'affaires|diplomat|high commissioner|deputy)\b", "ACCUSE", "114", mode="allege", context="diplomatic"),
    _t(r"\b(?:condemned|condemns|condemning|condemn|criticised|criticized|criticises|criticizes|criticising|criticizing|criticism|denounced|denounces|slammed|slams|deplored|censured|rebuked|castigated|decried|lambasted|chided|called\s+(?:\w+\s+){0,6}?(?:stupid|liar|failure|disgrace|idiot))\b", "ACCUSE", "111", mode="disapprove"),
    _t(r"\b(?:rivalry|rivalries|tensions?|standoff|stand-off|hostility|animosity|feud)\b(?=\s+(?:between|with|among)\b)", "ACCUSE", "110", mode="disapprove", frame="mutual", weak=True),
    _t(r"\bvetoed\b|\bvetoes\b|\bveto(?:ed)? (?:a|the)\b", "REJECT", "129"),
    _t(r"\bviolat(?:ed|es|ing|ions? of)\s+(?:\w+\s+){0,3}?(?:ceasefire|cease-fire|truce|armistice)\b", "ASSAULT", "196", context="military"),
    _t(r"\bviolat(?:ed|es|ing)\s+(?:\w+\s+){0,3}?(?:ban|law|resolutions?|sanctions|agreement|accord|treaty|norms|rules|airspace|sovereignty)\b|\bdefied\b|\bdefies\b", "REJECT", "128"),
    _t(r"\b(?:rejected|rejects|rejecting|reject|rebuffed|refused|refuses|refuse|refusing|turned down|dismissed|repudiated|opposed|opposes|oppose|opposing)\b|\bdenied\b(?=\s+(?:\w+\s+){0,2}?(?:request|visa|entry|access|permission|landing|passage))", "REJECT", "120"),
    _t(r"\b(?:threatened|threatens|threatening|threaten|threat of|warned|warns|warning)\b", "THREATEN", "130"),
    _t(r"\b(?:imposed|imposes|imposing|impose|slapped|slaps|announced|extended|extends|tightened|tightens|levied|expanded)\s+(?:\w+\s+){0,3}?(?:sanctions|embargo|tariffs|export controls|ban|duties|restrictions)\b|\bsanctions? (?:on|against)\b|\bsanctioned\b|\bblacklisted\b", "SANCTION", "163", context="economic"),
    _t(r"\bexpel(?:led|s)?\b(?=.{0,40}\b(?:diplomats?|ambassador|envoy|embassy staff|diplomatic staff|attach[eé]s?)\b)|\brecall(?:ed|s)?\s+(?:\w+\s+){0,3}?(?:ambassador|envoy|high commissioner)\b|\b(?:cut|cuts|severed|severs|suspended|downgraded|broke off|breaks off)\s+(?:\w+\s+){0,2}?(?:ties|relations)\b|\bclosed (?:\w+\s+)?(?:embassy|consulate)\b", "SANCTION", "161", mode="withdraw", context="diplomatic"),
    _t(r"\b(?:suspended|suspends|halted|halts|cut off|froze|frozen|stopped|stops|ended|ends|pulled out of|withdrew from|walked out of|quit)\s+(?:\w+\s+){0,3}?(?:talks|negotiations|trade|flights|cooperation|dialogue|air links|deal|agreement|treaty|mediation)\b|\bsuspension of (?:\w+\s+){0,2}?(?:talks|trade|flights|air links|cooperation)\b", "SANCTION", "160", mode="discontinue"),
    # --- conflict: material --------------------------------------------------------
    _t(r"\b(?:(?:went|go|goes|going|gone|are|were|is|was|be|remain|remained)\s+on\s+(?:a\s+)?(?:\w+\s+)?strike|general strike|strike action|labou?r strike|(?:staged|called|launched|began|held|holds|stage) (?:a\s+)?(?:\w+\s+)?(?:strike|walkout|protest|sit-in|rally|demonstration)s?|strikers|striking workers|protest(?:ed|s|ers|ing)?|demonstrat(?:ed|ions?|ors)|rall(?:ied|y|ies)|marched|sit-in|hunger strike|boycott(?:ed|s)?|riot(?:s|ed|ing)?)\b", "PROTEST", "140", mode="demo"),
    _t(r"\b(?:deployed|deploys|deploying|deploy|mobili[sz]ed|mobili[sz]es|massed|amassed|moved|sent|sends|sending|dispatched|dispatches|dispatching|stationed)\s+(?:\S+\s+){0,4}?(?:troops|forces|soldiers|warships|tanks|missiles|units|reinforcements|aircraft carriers?|carrier|bombers|fighter jets|marines|paratroopers)\b|\b(?:high|heightened|maximum|full|combat) alert\b|\bshow of force\b|\bmilitary build-?up\b|\btroop build-?up\b", "MOBILIZE", "152", mode="troops", context="military"),
    _t(r"\b(?:seized|seizes|seize|seizing|confiscated|impounded|captured|captures|capture)\b(?=\s+(?:\w+\s+){0,5}?(?:tankers?|ships?|vessels?|boats?|aircraft|cargo|assets|property|weapons|drugs|oil|shipment|territory|town|city|village|base))", "COERCE", "171", mode="seize"),
    _t(r"\b(?:deported|deports|deport|deporting|expelled|expels|expel)\b", "COERCE", "174", mode="deport"),
    _t(r"\b(?:imposed|imposes|declared|declares)\s+(?:\w+\s+){0,2}?(?:curfew|state of emergency|martial law|emergency rule)\b", "COERCE", "172", mode="restrict"),
    _t(r"\btear ?gas\b|\bwater cannons?\b|\brubber bullets\b|\bcrack(?:ed)? down\b|\bcrackdown\b", "COERCE", "175"),
    _t(r"\b(?:arrested|arrests|arrest|arresting|detained|detains|detain|detaining|apprehended|rounded up|jailed|imprisoned|held in custody|taken into custody|seized|seizes|confiscated|raided|raids|curfew|banned|bans|outlawed|blockaded)\b", "COERCE", "173", mode="arrest"),
    _t(r"\bcyber-?attacks?\b|\bhack(?:ed|ers|ing)\b", "COERCE", "170", context="cyber"),
    _t(r"\bblew (?:him|her|them)sel(?:f|ves) up\b|\bsuicide (?:bomb(?:ing|er|ers|s)?|attacks?)\b", "ASSAULT", "1831", mode="explosives"),
    _t(r"\b(?:air ?strikes?|airstrikes?|drone strikes?|drone attacks?|air raids?|bombarded|missile strikes?|missile attacks?|bombed|bombing raids?)\b", "ASSAULT", "195", mode="aerial", context="military"),
    _t(r"\b(?:car bomb(?:ing|s)?|bomb(?:ing|ings|s)?|blasts?|explosions?|ied|ieds|improvised explosive|roadside bomb|grenade attacks?)\b", "ASSAULT", "183", mode="explosives"),
    _t(r"\b(?:shelled|shelling|shells|artillery fire|rocket fire|mortar fire|fired (?:\w+\s+){0,3}?(?:rockets?|missiles?|mortars?|shells|artillery))\b|\b(?:rockets?|missiles?|mortars?) (?:at|into|on)\b", "ASSAULT", "194", mode="heavy-weapons", context="military"),
    _t(r"\b(?:assassinated|assassination|assassinate)\b", "ASSAULT", "186", mode="assassinate"),
    _t(r"\b(?:abducted|abducts|abduct|kidnapped|kidnaps|kidnap|kidnapping|abduction|took hostage|taken hostage|held hostage)\b", "ASSAULT", "181", mode="abduct"),
    _t(r"\b(?:launched|launches|launching|began|begins|mounted|mounts|started|starts|stepped up|expanded)\s+(?:an?\s+|the\s+|its\s+|their\s+|a\s+new\s+)?(?:[\w-]+\s+){0,2}?(?:(?:military|cross-border|ground|air|armed|naval|counter-?terror(?:ism)?|anti-?terror(?:ism)?)\s+(?:operation|campaign)s?|offensive|incursion|invasion|assault|raids?)\b", "ASSAULT", "190", mode="firearms", context="military"),
    _t(r"\b(?:resorted to|indulged in|engaged in)\s+(?:\w+\s+){0,2}?(?:firing|shelling)\b|\bunprovoked (?:firing|shelling|fire)\b|\b(?:firing|fired)\s+(?:\w+\s+)?across\b", "ASSAULT", "190", mode="firearms", context="military"),
    _t(r"\b(?:responded|responds|responding|returned|retaliated)\s+(?:\w+\s+){0,2}?to\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:firing|shelling|fire|attacks?|aggression|provocation)\b", "ASSAULT", "190", mode="firearms", context="military"),
    _t(r"\b(?:closed|closes|shut|shuts|sealed|seals)\s+(?:its\s+|their\s+|the\s+)?(?:airspace|borders?|border crossings?|crossings?|ports?|land routes?)\s+(?:to|for|with)\b", "COERCE", "172", mode="restrict"),
    _t(r"\b(?:clash(?:ed|es)?|fought|fighting|gunfight|firefight|exchanged fire|exchange of fire|skirmish(?:es)?|battles?|battled|invaded|invade|invasion|offensive|occupied|retaliat(?:ed|e|es|ion))\b", "ASSAULT", "190", mode="firearms", context="military", frame="mutual"),
    _t(r"\b(?:struck|strikes|hit|pounded|targeted|targeting|raided)\b(?=\s+(?:\w+\s+){0,4}?(?:targets?|positions?|bases?|camps?|convoys?|villages?|towns?|hideouts?|militants|fighters|troops|facilities|installations|compounds?|strongholds?|checkpoints?))", "ASSAULT", "190", mode="firearms", context="military"),
    _t(r"\b(?:attacked|attacks?|attacking|killed|kills|killing|kill|ambushed|ambush|opened fire|open fire|fired on|fired at|shot dead|gunned down|stormed|assaulted|massacred?|beheaded|executed|wounded|injured|torched)\b", "ASSAULT", "180"),
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
