"""The knowledge base: states, IGOs, people with dated roles, organisations, occasions.

It answers two questions for the extractor: which entity a phrase names (a
phrase index over names, aliases, demonyms and metonyms), and who that entity is
on a given date (a person's role then, or a group's sector then).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from comity.knowledge.loader import (
    KnowledgeError,
    as_date,
    data_dir,
    load_yaml,
    load_yaml_cached,
    where,
)
from comity.model import Actor

#: Offices by rank: when a person holds several on one date, the highest names them.
OFFICE_RANK = ("head_of_state", "head_of_government", "foreign", "defence", "military_chief",
               "finance", "energy", "trade", "interior", "intelligence_chief", "central_bank",
               "opposition_leader", "other")
OFFICES = frozenset(OFFICE_RANK)
SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "BUS", "CVL", "MED", "EDU", "REL", "REB", "OPP",
                     "ELI", "IGO", "NGO", "COP", "SPY", "LAB", "REF", "HLH", "PTY", "INS"})
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass
class Role:
    title: str
    office: str
    country: str | None
    sector: str
    start: date | None
    end: date | None
    approximate: bool = False

    def active(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass
class Person:
    name: str
    aliases: list[str]
    surname: str
    roles: list[Role]

    def role_on(self, on: date | None) -> Role | None:
        if on is None:
            return self.roles[-1] if self.roles else None
        active = [r for r in self.roles if r.active(on)]
        if not active:
            return None
        return min(active, key=lambda r: OFFICE_RANK.index(r.office))


@dataclass
class Organisation:
    name: str
    aliases: list[str]
    country: str | None
    sector: str
    kind: str = "other"
    sector_after: tuple[date, str] | None = None

    def sector_on(self, on: date | None) -> str:
        if self.sector_after and on and on >= self.sector_after[0]:
            return self.sector_after[1]
        return self.sector


@dataclass
class Place:
    name: str
    country: str
    lat: float | None = None
    lon: float | None = None
    capital: bool = False


@dataclass
class State:
    iso3: str
    name: str
    aliases: list[str]
    demonyms: list[str]
    capital: str
    metonyms: list[tuple[str, str]]
    places: list[Place]


@dataclass
class Igo:
    code: str
    name: str
    aliases: list[str]
    members: list[tuple[str, date | None]] = field(default_factory=list)


@dataclass
class Occasion:
    """A dated multilateral gathering (summit, forum) that dates and places meetings."""

    name: str
    patterns: list[re.Pattern]
    start: date
    end: date
    place: str
    country: str


@dataclass(frozen=True)
class Entry:
    kind: str  # state, demonym, metonym, person, surname, org, igo
    key: object
    sector: str | None = None


def _fold(text: str) -> str:
    """The phrase without diacritics (ASCII letters where the text has accented ones)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ı", "i")


_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az)-", re.I)


def norm(phrase: str) -> str:
    """Index key of a phrase: lower case, single spaces, no leading 'the'."""
    text = re.sub(r"[\u2019']", "'", phrase.lower())
    text = re.sub(r"\s+", " ", text.replace(".", "").strip())
    if text.startswith("the "):
        text = text[4:]
    return text


class KnowledgeBase:
    """In-memory knowledge with a phrase index; build with :func:`load_knowledge`."""

    def __init__(self) -> None:
        self.states: dict[str, State] = {}
        self.igos: dict[str, Igo] = {}
        self.people: list[Person] = []
        self.organisations: list[Organisation] = []
        self.occasions: list[Occasion] = []
        self.places: dict[str, Place] = {}
        self.index: dict[str, list[Entry]] = {}
        self.max_tokens = 1

    # -- building ------------------------------------------------------------
    def add_phrase(self, phrase: str, entry: Entry) -> None:
        variants = {norm(phrase)}
        variants.add(norm(phrase.replace("-", " ")))
        folded = _fold(phrase)  # "Erdoğan" is also written "Erdogan"
        if folded != phrase:
            variants.update({norm(folded), norm(folded.replace("-", " "))})
        for key in variants:
            if not key:
                continue
            bucket = self.index.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)
            self.max_tokens = max(self.max_tokens, key.count(" ") + 1)

    def add_state(self, state: State) -> None:
        self.states[state.iso3] = state
        for name in [state.name, *state.aliases]:
            self.add_phrase(name, Entry("state", state.iso3, "GOV"))
        for demonym in state.demonyms:
            self.add_phrase(demonym, Entry("demonym", state.iso3))
        for text, sector in state.metonyms:
            self.add_phrase(text, Entry("metonym", state.iso3, sector or "GOV"))
        for place in state.places:
            self.places.setdefault(norm(place.name), place)

    def add_person(self, person: Person) -> None:
        idx = len(self.people)
        self.people.append(person)
        for name in [person.name, *person.aliases]:
            self.add_phrase(name, Entry("person", idx))
        if person.surname:
            self.add_phrase(person.surname, Entry("surname", idx))
            # "al-Assad" is written "Assad" too; the article alone never names anyone.
            bare = _ARTICLE.sub("", person.surname)
            if bare != person.surname and len(bare) > 2:
                self.add_phrase(bare, Entry("surname", idx))

    def add_organisation(self, org: Organisation) -> None:
        idx = len(self.organisations)
        self.organisations.append(org)
        for name in [org.name, *org.aliases]:
            self.add_phrase(name, Entry("org", idx))

    def add_igo(self, igo: Igo) -> None:
        self.igos[igo.code] = igo
        for name in [igo.name, *igo.aliases, igo.code]:
            self.add_phrase(name, Entry("igo", igo.code, "IGO"))

    # -- lookups -------------------------------------------------------------
    def lookup(self, phrase: str) -> list[Entry]:
        return self.index.get(norm(phrase), [])

    def country_name(self, iso3: str | None) -> str:
        if not iso3:
            return ""
        state = self.states.get(iso3)
        return state.name if state else iso3

    def place(self, name: str) -> Place | None:
        return self.places.get(norm(name))

    def holder(self, country: str, office: str, on: date | None) -> tuple[Person, Role] | None:
        """Who held ``office`` in ``country`` on ``on`` (the latest holder if no date)."""
        best: tuple[Person, Role] | None = None
        for person in self.people:
            for role in person.roles:
                if role.country != country or role.office != office:
                    continue
                if on is None:
                    if best is None or (role.start or date.min) > (best[1].start or date.min):
                        best = (person, role)
                elif role.active(on):
                    return person, role
        return best

    def resolve(self, entry: Entry, text: str, on: date | None) -> Actor:
        """The actor an index entry names on date ``on``."""
        if entry.kind in ("state", "metonym"):
            return Actor(text=text, name=self.country_name(entry.key), country=entry.key,
                         sector=entry.sector or "GOV", kind="state")
        if entry.kind == "demonym":
            return Actor(text=text, name=self.country_name(entry.key), country=entry.key,
                         sector=None, kind="state")
        if entry.kind == "igo":
            igo = self.igos[entry.key]
            return Actor(text=text, name=igo.name, country=None, sector="IGO", kind="igo",
                         role=igo.code)
        if entry.kind == "org":
            org = self.organisations[entry.key]
            return Actor(text=text, name=org.name, country=org.country,
                         sector=org.sector_on(on), kind="organisation")
        person = self.people[entry.key]
        return self.resolve_person(person, text, on)

    def resolve_person(self, person: Person, text: str, on: date | None) -> Actor:
        role = person.role_on(on)
        if role is not None:
            sector = "OPP" if role.office == "opposition_leader" else role.sector
            return Actor(text=text, name=person.name, country=role.country, sector=sector,
                         role=role.title, kind="person")
        past = [r for r in person.roles if r.end is not None and on is not None and r.end < on]
        if past:
            last = max(past, key=lambda r: r.end)
            return Actor(text=text, name=person.name, country=last.country, sector="ELI",
                         role=f"former {last.title}", kind="person")
        first = person.roles[0] if person.roles else None
        return Actor(text=text, name=person.name, country=first.country if first else None,
                     sector="ELI", role="", kind="person")

    def surname_candidates(self, entries: list[Entry], on: date | None) -> Person | None:
        """Resolve a bare surname by date: the one bearer in office then, if unique."""
        people = [self.people[e.key] for e in entries if e.kind == "surname"]
        if len(people) == 1:
            return people[0]
        active = [p for p in people if on is not None and p.role_on(on) is not None]
        if len(active) == 1:
            return active[0]
        if active:
            ranked = sorted(active, key=lambda p: OFFICE_RANK.index(p.role_on(on).office))
            top = OFFICE_RANK.index(ranked[0].role_on(on).office)
            if OFFICE_RANK.index(ranked[1].role_on(on).office) > top:
                return ranked[0]
        return None

    def occasion_near(self, sentence: str, on: date | None, days: int = 120) -> Occasion | None:
        """The known gathering named in the sentence that is closest to the document date."""
        if on is None:
            return None
        best: Occasion | None = None
        for occ in self.occasions:
            gap = 0 if occ.start <= on <= occ.end else min(abs((occ.start - on).days),
                                                           abs((occ.end - on).days))
            if gap > days or not any(p.search(sentence) for p in occ.patterns):
                continue
            if best is None or gap < _gap(best, on):
                best = occ
        return best


def _gap(occ: Occasion, on: date) -> int:
    if occ.start <= on <= occ.end:
        return 0
    return min(abs((occ.start - on).days), abs((occ.end - on).days))


# -- parsing the files ---------------------------------------------------------

def _str_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v is not None]


def _check_country(value: object, path: Path, rec: dict, key: str = "country") -> str | None:
    if value in (None, ""):
        return None
    text = str(value).upper()
    if not _ISO3.match(text):
        raise KnowledgeError(f"{where(path, rec, key)}: {key} {value!r} is not an ISO3 code")
    return text


def _check_sector(value: object, path: Path, rec: dict) -> str:
    text = str(value or "GOV").upper()
    if text not in SECTORS:
        raise KnowledgeError(f"{where(path, rec, 'sector')}: unknown sector {value!r}")
    return text


def parse_people(records: object, path: Path) -> list[Person]:
    if not isinstance(records, list):
        raise KnowledgeError(f"{path}: expected a list of people")
    people = []
    for rec in records:
        if not isinstance(rec, dict) or not rec.get("name"):
            raise KnowledgeError(f"{where(path, rec)}: a person needs a name")
        roles = []
        for r in rec.get("roles") or []:
            if not isinstance(r, dict):
                raise KnowledgeError(f"{where(path, rec)}: roles must be mappings")
            office = str(r.get("office") or "other")
            if office not in OFFICES:
                raise KnowledgeError(f"{where(path, r, 'office')}: unknown office {office!r}")
            start = as_date(r.get("start"), path, r, "start")
            end = as_date(r.get("end"), path, r, "end")
            if start and end and end < start:
                raise KnowledgeError(f"{where(path, r)}: role ends before it starts")
            roles.append(Role(title=str(r.get("title") or office), office=office,
                              country=_check_country(r.get("country"), path, r),
                              sector=_check_sector(r.get("sector"), path, r),
                              start=start, end=end, approximate=bool(r.get("approximate"))))
        roles.sort(key=lambda r: r.start or date.min)
        people.append(Person(name=str(rec["name"]), aliases=_str_list(rec.get("aliases")),
                             surname=str(rec.get("surname") or ""), roles=roles))
    return people


def parse_organisations(records: object, path: Path) -> list[Organisation]:
    if not isinstance(records, list):
        raise KnowledgeError(f"{path}: expected a list of organisations")
    out = []
    for rec in records:
        if not isinstance(rec, dict) or not rec.get("name"):
            raise KnowledgeError(f"{where(path, rec)}: an organisation needs a name")
        after = rec.get("sector_after")
        sector_after = None
        if isinstance(after, dict):
            sector_after = (as_date(after.get("date"), path, after, "date"),
                            _check_sector(after.get("sector"), path, after))
        out.append(Organisation(name=str(rec["name"]), aliases=_str_list(rec.get("aliases")),
                                country=_check_country(rec.get("country"), path, rec),
                                sector=_check_sector(rec.get("sector"), path, rec),
                                kind=str(rec.get("kind") or "other"), sector_after=sector_after))
    return out


def parse_states(records: object, path: Path) -> list[State]:
    if not isinstance(records, list):
        raise KnowledgeError(f"{path}: expected a list of states")
    out = []
    for rec in records:
        iso3 = _check_country(rec.get("iso3") if isinstance(rec, dict) else None, path, rec, "iso3")
        if not iso3:
            raise KnowledgeError(f"{where(path, rec)}: a state needs an iso3 code")
        metonyms = []
        for m in rec.get("metonyms") or []:
            if isinstance(m, dict):
                metonyms.append((str(m.get("text")), str(m.get("sector") or "GOV")))
            else:
                metonyms.append((str(m), "GOV"))
        places = []
        for p in rec.get("places") or []:
            if not isinstance(p, dict) or not p.get("name"):
                continue
            place = Place(name=str(p["name"]), country=iso3, lat=p.get("lat"), lon=p.get("lon"),
                          capital=bool(p.get("capital")))
            places.append(place)
            for alias in _str_list(p.get("aliases")):
                places.append(Place(alias, iso3, place.lat, place.lon, place.capital))
        out.append(State(iso3=iso3, name=str(rec.get("name") or iso3),
                         aliases=_str_list(rec.get("aliases")),
                         demonyms=_str_list(rec.get("demonyms")),
                         capital=str(rec.get("capital") or ""), metonyms=metonyms, places=places))
    return out


def parse_igos(records: object, path: Path) -> list[Igo]:
    if isinstance(records, dict):
        records = records.get("igos") or records.get("organisations") or []
    out = []
    for rec in records or []:
        if not isinstance(rec, dict):
            continue
        code = str(rec.get("code") or rec.get("id") or rec.get("name"))
        members = []
        for m in rec.get("members") or []:
            if isinstance(m, dict):
                iso = m.get("iso3") or m.get("country")
                members.append((str(iso), as_date(m.get("joined") or m.get("since"), path, m,
                                                  "joined")))
            else:
                members.append((str(m), None))
        out.append(Igo(code=code, name=str(rec.get("name") or code),
                       aliases=_str_list(rec.get("aliases")), members=members))
    return out


def parse_occasions(records: object, path: Path) -> list[Occasion]:
    out = []
    for rec in records or []:
        start = as_date(rec.get("start"), path, rec, "start")
        end = as_date(rec.get("end"), path, rec, "end") or start
        patterns = [re.compile(p, re.IGNORECASE) for p in _str_list(rec.get("patterns"))]
        out.append(Occasion(name=str(rec["name"]), patterns=patterns, start=start, end=end,
                            place=str(rec.get("place") or ""),
                            country=_check_country(rec.get("country"), path, rec) or ""))
    return out


def merge_extra(kb: KnowledgeBase, path: Path) -> None:
    """Add a user's YAML (people/organisations/states/igos sections); validated with lines."""
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: expected a mapping with people/organisations/... sections")
    known = {"people", "organisations", "organizations", "states", "igos", "occasions",
             "__line__", "__keylines__"}
    for key in data:
        if key not in known:
            raise KnowledgeError(f"{where(path, data)}: unknown section {key!r} "
                                 f"(use people, organisations, states, igos, occasions)")
    # User entries are added last and take precedence: put them first in each bucket.
    for person in parse_people(data.get("people") or [], path):
        kb.add_person(person)
        _prefer_last(kb, [person.name, *person.aliases], "person", len(kb.people) - 1)
    for org in parse_organisations(data.get("organisations") or data.get("organizations") or [],
                                   path):
        kb.add_organisation(org)
        _prefer_last(kb, [org.name, *org.aliases], "org", len(kb.organisations) - 1)
    for state in parse_states(data.get("states") or [], path):
        kb.add_state(state)
    for igo in parse_igos(data.get("igos") or [], path):
        kb.add_igo(igo)
    kb.occasions.extend(parse_occasions(data.get("occasions") or [], path))


def _prefer_last(kb: KnowledgeBase, names: list[str], kind: str, idx: int) -> None:
    for name in names:
        for key in {norm(name), norm(name.replace("-", " "))}:
            bucket = kb.index.get(key, [])
            bucket.sort(key=lambda e: 0 if (e.kind == kind and e.key == idx) else 1)


def _read(path: Path) -> object:
    return load_yaml_cached(path)


def _with_lines(parse, path: Path):
    """Parse fast; if the schema check fails, parse again with line numbers to say where."""
    try:
        return parse(_read(path), path)
    except KnowledgeError:
        return parse(load_yaml(path, lines=True), path)


def build_knowledge(extra: tuple[str, ...] = ()) -> KnowledgeBase:
    kb = KnowledgeBase()
    base = data_dir()
    states_file = base / "states.yaml"
    if states_file.exists():
        for state in _with_lines(parse_states, states_file):
            kb.add_state(state)
    igo_file = base / "igos.yaml"
    if igo_file.exists():
        for igo in _with_lines(parse_igos, igo_file):
            kb.add_igo(igo)
    for people_file in sorted((base / "people").glob("*.yaml")):
        for person in _with_lines(parse_people, people_file):
            kb.add_person(person)
    org_file = base / "organisations.yaml"
    if org_file.exists():
        for org in _with_lines(parse_organisations, org_file):
            kb.add_organisation(org)
    occ_file = base / "occasions.yaml"
    if occ_file.exists():
        kb.occasions = _with_lines(parse_occasions, occ_file)
    for path in extra:
        merge_extra(kb, Path(path))
    return kb


@lru_cache(maxsize=8)
def load_knowledge(extra: tuple[str, ...] = ()) -> KnowledgeBase:
    """The packaged knowledge base plus any user files (cached per set of files)."""
    return build_knowledge(tuple(str(p) for p in extra))
