"""Actor mentions in a sentence, resolved through the knowledge base on the document date.

Recognises countries (names, demonyms, capital and seat-of-government metonyms),
IGOs, organisations and people (by name, by surname when the date makes it
unique, or by title: "the Pakistani premier" is whoever held the office then),
and tells places ("in Beijing") apart from actors ("Beijing said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from comity.knowledge.base import Entry, KnowledgeBase, Place
from comity.knowledge.titles import GENERIC_ACTORS, GROUP_NOUNS, TITLES
from comity.model import Actor

# Words, dotted acronyms ("U.S."), hyphenated names; a possessive "'s" is left out.
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|\w+(?:-\w+|['\u2019](?!s\b)\w+)*"
)
_PARTICLES = {"ul", "al", "bin", "ibn", "de", "da", "van", "von", "der", "del", "la", "le", "ud",
              "abu", "el", "di", "du", "bint", "uddin", "haq"}
_ARTICLE_NAME = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az|ul|ud)-[A-Z]")
_MAX_TITLE = max(k.count(" ") + 1 for k in TITLES)
_GROUP_MAX = max(k.count(" ") + 1 for k in GROUP_NOUNS)
_GENERIC_FIRST = {k.split()[0] for k in GENERIC_ACTORS}
# Nouns after which a group word is a modifier, not an actor ("police station").
_NOT_ACTOR_AFTER = {"station", "stations", "post", "posts", "headquarters", "checkpoint",
                    "base", "bases", "camp", "camps", "convoy", "vehicle", "vehicles", "car",
                    "truck", "custody", "chief", "spokesman", "spokesperson", "officials",
                    "source", "sources", "official", "leader", "leaders", "commander",
                    "commanders", "buildings", "building", "offices", "office", "bill", "law",
                    "aid", "assistance", "equipment", "exercises", "exercise", "drills",
                    "training", "operation", "operations", "cooperation", "ties", "court"}
_PLACE_PREP = {"in", "at", "near", "outside", "inside", "from", "across"}
# Capitalised words that start sentences or titles but are not names.
_NOT_NAMES = {"The", "A", "An", "This", "That", "These", "Those", "On", "In", "At", "By", "For",
              "With", "After", "Before", "During", "Meanwhile", "However", "Furthermore", "Also",
              "He", "She", "It", "They", "We", "His", "Her", "Their", "Its", "Both", "Last",
              "Next", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
              "Sunday", "January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December", "Caretaker", "Acting",
              "Interim", "State", "Foreign", "Defence", "Defense", "Minister", "President"}


@dataclass
class Token:
    text: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper() or self.text[:1].isdigit()


@dataclass
class Location:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    start: int
    end: int


@dataclass
class _Span:
    start_tok: int
    end_tok: int  # exclusive
    entries: list[Entry]
    text: str


#: Suffixes of hyphenated compounds whose first part names an actor ("Saudi-led").
_COMPOUND = re.compile(r"^([A-Z][\w.]*(?:-[A-Z]\w*)*)-(based|backed|led|born|owned|funded|sponsored|"
                       r"run|controlled|allied|linked|made|flagged|registered|held|supported|"
                       r"aligned|friendly|brokered|trained|armed|bound|origin)$")


def tokenize(sentence: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(sentence):
        text = m.group(0)
        if "-" in text and (c := _COMPOUND.match(text)):
            cut = m.start() + len(c.group(1))
            out.append(Token(c.group(1), m.start(), cut))
            out.append(Token(text[len(c.group(1)):], cut, m.end()))
            continue
        out.append(Token(text, m.start(), m.end()))
    return out


def _lower_join(tokens: list[Token], i: int, n: int) -> str:
    return " ".join(t.text for t in tokens[i:i + n])


def _keys(tokens: list[Token]) -> list[str]:
    """Each token as the index stores words (see knowledge.base.norm)."""
    return [t.text.lower().replace(".", "").replace("\u2019", "'") for t in tokens]


_PROXY = re.compile(r"[\w.]+-(?:backed|sponsored|funded|supported|trained|armed|allied|"
                    r"aligned|affiliated|linked)\b", re.I)
_PRONOUNS = {"he", "she", "it", "we", "they", "i", "his", "her", "its", "our", "their", "you"}
_MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"}
_BEFORE_MONTH = {"in", "on", "since", "until", "till", "by", "of", "early", "late", "mid",
                 "last", "next", "this", "from", "through", "before", "after", "during"}


def _not_a_surname(tokens: list[Token], i: int) -> bool:
    """Whether a lone surname match at token i is something else: a pronoun ("He said"), a
    month ("on May 17") or part of a longer proper name ("Khan Sheikhun")."""
    low = tokens[i].text.lower()
    if low in _PRONOUNS:
        return True
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if low in _MONTH_WORDS:
        prev = tokens[i - 1].text.lower() if i else ""
        if prev in _BEFORE_MONTH or (nxt is not None and nxt.text[:1].isdigit()):
            return True
    return (nxt is not None and nxt.start - tokens[i].end == 1 and nxt.capitalised
            and nxt.text not in _NOT_NAMES and not nxt.text.isupper())


def _entity_spans(tokens: list[Token], kb: KnowledgeBase) -> list[_Span]:
    spans: list[_Span] = []
    keys = _keys(tokens)
    index = kb.index
    i = 0
    while i < len(tokens):
        match = None
        if tokens[i].capitalised:
            for n in range(min(kb.max_tokens, len(tokens) - i), 0, -1):
                entries = index.get(" ".join(keys[i:i + n]) if n > 1 else keys[i])
                if entries:
                    if n == 1 and all(e.kind == "surname" for e in entries) and \
                            _not_a_surname(tokens, i):
                        break
                    match = _Span(i, i + n, entries, _lower_join(tokens, i, n))
                    break
        if match:
            spans.append(match)
            i = match.end_tok
        else:
            i += 1
    return spans


_TITLE_FIRST = {k.split()[0] for k in TITLES}


def _title_at(lows: list[str], i: int) -> tuple[int, str] | None:
    if lows[i] not in _TITLE_FIRST:
        return None
    for n in range(min(_MAX_TITLE, len(lows) - i), 0, -1):
        key = " ".join(lows[i:i + n])
        if key in TITLES:
            return n, key
    return None


def _name_run(tokens: list[Token], i: int) -> int:
    """Length of a capitalised personal-name run starting at token i (0 if none)."""
    n = 0
    while i + n < len(tokens):
        tok = tokens[i + n]
        if tok.capitalised and tok.text not in _NOT_NAMES and not tok.text.isupper():
            n += 1
        elif n and _ARTICLE_NAME.match(tok.text):
            n += 1
        elif n and tok.text.lower() in _PARTICLES and i + n + 1 < len(tokens) \
                and tokens[i + n + 1].capitalised:
            n += 1
        else:
            break
        if n and i + n < len(tokens) and tokens[i + n].start - tokens[i + n - 1].end > 1:
            break  # punctuation between tokens ends the name
    return n


def _gap(sentence: str, a: Token, b: Token) -> str:
    return sentence[a.end:b.start]


class ActorFinder:
    """Finds and resolves actor mentions and places in sentences."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb

    def find(self, sentence: str, on: date | None) -> tuple[list[Actor], list[Location]]:
        tokens = tokenize(sentence)
        spans = _entity_spans(tokens, self.kb)
        by_start = {s.start_tok: s for s in spans}
        covered = {k for s in spans for k in range(s.start_tok, s.end_tok)}
        actors: list[Actor] = []
        locations: list[Location] = []
        used: set[int] = set()

        # 1. Titles, with the country and the name around them.
        lows = [t.text.lower() for t in tokens]
        i = 0
        while i < len(tokens):
            hit = _title_at(lows, i)
            named = by_start.get(i)
            if hit is None or i in used or (
                    named is not None and named.end_tok > i + hit[0]
                    and any(e.kind == "person" for e in named.entries)):
                i += 1  # "King Salman" is a name that starts with a title
                continue
            n, key = hit
            actor, consumed = self._titled_actor(sentence, tokens, i, n, key, by_start, on)
            if actor is not None:
                actors.append(actor)
                used.update(consumed)
                i = max(consumed) + 1
            else:
                i += n

        # 2. Named entities not absorbed by a title.
        for span in spans:
            idx = range(span.start_tok, span.end_tok)
            if any(k in used for k in idx):
                continue
            start, end = tokens[span.start_tok].start, tokens[span.end_tok - 1].end
            prev = tokens[span.start_tok - 1].text.lower() if span.start_tok else ""
            kinds = {e.kind for e in span.entries}
            place = self.kb.place(span.text)
            if prev in _PLACE_PREP and place is not None and kinds <= {"metonym", "state"}:
                locations.append(Location(place.name, place.country, place.lat, place.lon,
                                          start, end))
                used.update(idx)
                continue
            actor = self._entity_actor(sentence, tokens, span, on)
            if actor is None:
                continue
            # A demonym followed by a group noun ("Russian troops") takes its sector.
            if "demonym" in kinds or "state" in kinds:
                extra, sector = self._group_noun(tokens, span.end_tok, sentence)
                if sector:
                    end = tokens[span.end_tok + extra - 1].end
                    actor = replace(actor, sector=sector)
                    used.update(range(span.end_tok, span.end_tok + extra))
            actor.start, actor.end = start, end
            actor.text = sentence[start:end]
            actors.append(actor)
            used.update(idx)

        # 3. Places that are not actors' names ("in Ufa", "in Karachi").
        for k, tok in enumerate(tokens):
            if k in used or k in covered or not tok.capitalised or k == 0:
                continue
            if tokens[k - 1].text.lower() not in _PLACE_PREP:
                continue
            for n in (3, 2, 1):
                place = self.kb.place(_lower_join(tokens, k, n)) if k + n <= len(tokens) else None
                if place:
                    locations.append(Location(place.name, place.country, place.lat, place.lon,
                                              tok.start, tokens[k + n - 1].end))
                    break
        # 4. Group nouns standing alone ("gunmen attacked", "protesters in Karachi").
        for k, low in enumerate(lows):
            if k in used or low not in _GENERIC_FIRST:
                continue
            n = next((n for n in (2, 1) if k + n <= len(lows)
                      and " ".join(lows[k:k + n]) in GENERIC_ACTORS), 0)
            if not n or k + n - 1 in used:
                continue
            nxt = lows[k + n] if k + n < len(lows) else ""
            if nxt in _NOT_ACTOR_AFTER or (k and (lows[k - 1] in GENERIC_ACTORS or k - 1 in used)):
                continue  # "police station", "Boko Haram militants" (the name is the actor)
            country, first = self._country_before(tokens, k, by_start, sentence)
            if country is not None:  # "Nigeria's police": the possessor is the country
                start_at = tokens[first].start
                actors[:] = [a for a in actors if not (a.start == start_at and a.kind == "state")]
                actor = Actor(text="", name=" ".join(lows[k:k + n]), country=country,
                              sector=GENERIC_ACTORS[" ".join(lows[k:k + n])], kind="group")
                actors.append(self._finish(actor, sentence, start_at, tokens[k + n - 1].end))
                used.update(range(first, k + n))
                continue
            for loc in locations:
                if 0 <= loc.start - tokens[k + n - 1].end <= 5 and \
                        sentence[tokens[k + n - 1].end:loc.start].strip().lower() in ("in", "at"):
                    country = loc.country
            key = " ".join(lows[k:k + n])
            actor = Actor(text="", name=key, country=country, sector=GENERIC_ACTORS[key],
                          kind="group")
            actors.append(self._finish(actor, sentence, tokens[k].start, tokens[k + n - 1].end))
            used.update(range(k, k + n))
        for a in actors:
            if _PROXY.match(sentence, a.start):
                # "US-backed forces" are not the US: the patron is an attribute
                a.country, a.name = None, a.text
        actors.sort(key=lambda a: a.start)
        return actors, locations

    # -- helpers ---------------------------------------------------------------
    def _group_noun(self, tokens: list[Token], i: int, sentence: str) -> tuple[int, str | None]:
        skip = 1 if i < len(tokens) and tokens[i].text.startswith("-") else 0  # "-based"
        j = i + skip
        for n in range(min(_GROUP_MAX, len(tokens) - j), 0, -1):
            key = " ".join(t.text.lower() for t in tokens[j:j + n])
            if key in GROUP_NOUNS and (j == 0 or _gap(sentence, tokens[j - 1], tokens[j]) == " "):
                return n + skip, GROUP_NOUNS[key]
        return 0, None

    def _entity_actor(self, sentence: str, tokens: list[Token], span: _Span,
                      on: date | None) -> Actor | None:
        entries = span.entries
        people = [e for e in entries if e.kind == "person"]
        if people:
            return self.kb.resolve(people[0], span.text, on)
        for kind in ("state", "metonym", "org", "igo", "demonym"):
            for e in entries:
                if e.kind == kind:
                    return self.kb.resolve(e, span.text, on)
        person = self.kb.surname_candidates(entries, on)
        if person is not None:
            return self.kb.resolve_person(person, span.text, on)
        return None

    def _country_before(self, tokens: list[Token], i: int,
                        by_start: dict[int, _Span], sentence: str) -> tuple[str | None, int]:
        """A country (demonym or "X's") right before token i: (iso3, first token index)."""
        for span in by_start.values():
            if span.end_tok == i or (span.end_tok == i - 1 and tokens[i - 1].text.lower() == "s"):
                kinds = {e.kind for e in span.entries}
                if kinds & {"demonym", "state", "metonym"}:
                    if span.end_tok == i and "demonym" not in kinds and \
                            not sentence[tokens[span.end_tok - 1].end:tokens[i].start].startswith("'"):
                        continue
                    for e in span.entries:
                        if e.kind in ("demonym", "state", "metonym"):
                            return e.key, span.start_tok
        return None, i

    def _titled_actor(self, sentence, tokens, i, n, key, by_start, on):
        office, sector = TITLES[key]
        consumed = set(range(i, i + n))
        country, first = self._country_before(tokens, i, by_start, sentence)
        if country:
            consumed.update(range(first, i))
        j = i + n
        # "of Pakistan" / "of Russia"
        if country is None and j + 1 < len(tokens) and tokens[j].text.lower() == "of":
            span = by_start.get(j + 1)
            if span and {e.kind for e in span.entries} & {"state", "metonym"}:
                country = next(e.key for e in span.entries if e.kind in ("state", "metonym"))
                consumed.update(range(j, span.end_tok))
                j = span.end_tok
        # Skip a comma between title and name ("the President of Russia, Vladimir Putin").
        k = j
        if k < len(tokens) and sentence[tokens[k - 1].end:tokens[k].start].strip() == ",":
            pass
        span = by_start.get(k)
        start = tokens[min(consumed)].start
        if span and any(e.kind in ("person", "surname") for e in span.entries):
            actor = self._entity_actor(sentence, tokens, span, on)
            if actor is not None and country and actor.country and actor.country != country \
                    and not any(e.kind == "person" for e in span.entries):
                actor = None  # "Sudanese President Omar ...": not the Afghan Mullah Omar
                span = None
            if actor is not None:
                consumed.update(range(k, span.end_tok))
                end = tokens[span.end_tok - 1].end
                if actor.country is None and country:
                    actor.country = country
                return self._finish(actor, sentence, start, end), consumed
        run = _name_run(tokens, k)
        if run and (k == j) and not (span and {e.kind for e in span.entries} & {"state", "org",
                                                                                 "igo", "metonym",
                                                                                 "demonym"}):
            name = " ".join(t.text for t in tokens[k:k + run])
            consumed.update(range(k, k + run))
            end = tokens[k + run - 1].end
            actor = Actor(text="", name=name, country=country, sector=sector,
                          role=key.title(), kind="person")
            return self._finish(actor, sentence, start, end), consumed
        if country is None or office == "other":
            if country is None:
                return None, consumed
            actor = Actor(text="", name=f"{self.kb.country_name(country)} {key}",
                          country=country, sector=sector, role=key.title(), kind="person")
            end = tokens[max(consumed)].end
            return self._finish(actor, sentence, start, end), consumed
        held = self.kb.holder(country, office, on)
        if held and on is not None:
            person, role = held
            actor = Actor(text="", name=person.name, country=country, sector=role.sector,
                          role=role.title, kind="person")
        else:
            actor = Actor(text="", name=f"{self.kb.country_name(country)} {key}",
                          country=country, sector=sector, role=key.title(), kind="person")
        end = tokens[max(consumed)].end
        return self._finish(actor, sentence, start, end), consumed

    @staticmethod
    def _finish(actor: Actor, sentence: str, start: int, end: int) -> Actor:
        actor.start, actor.end = start, end
        actor.text = sentence[start:end]
        return actor


def as_place(location: Location) -> Place:
    return Place(location.name, location.country or "", location.lat, location.lon)
