"""Which of a sentence's places is an event's place, once `events._location` has a first choice: the place a
note says the event was coded to, the most specific name of a hierarchy rather than its unit, a town of the
country rather than the country named in passing.

- "coded to X", "coded as X" (ACLED's notes: "arrived in the Czech Republic (coded to Prague)", "Shostkynskyi
  district of Sumy region (coded to Shostka)", "Nangarhar province [location coded to Jalalabad with GP3]"): X;
  in another sentence of the paragraph, X for an event placed nowhere or only in X's country or division.
- A country after "from" is an origin ("detained 37 migrants from Colombia"): another place of the sentence.
- ACLED's "City - Part" ("in Quito - Eloy Alfaro"): the city, or the part where the gazetteer knows it inside the
  city's area ("in Johannesburg - Diepsloot"); a site named after a place lies in the town after
  it ("Santa Croce square in Florence", "Liberty Square in Taipei"): that town.
- A unit named after a place is where that place lies, not the event's place: "Piskivka, Kyiv." -> Piskivka,
  "Mount Horeb (Wisconsin)" -> Mount Horeb, "Kibirizi (Bwito, Rutshuru, Nord-Kivu)" -> Kibirizi. A comma links
  a name to its unit only where the unit closes the phrase (a list "Polohy, Vasylivka, Berdiansk" does not).
- A small town read in another country than the unit the sentence puts it in, of one country ("Qasra town in
  rural Tell Jafar in Raqqa countryside", "Ampang (Mangu, Plateau)"): a namesake of a town the index lacks;
  the unit.
- A part of a town ("in Mossoro ... in the Barrocas neighborhood"), a town people are from ("a boy from Melitopol at a
  checkpoint in Vasylivka"), a town a road is named after ("the Marib - Sirwah road at the Kilo 40 junction"), a town
  of what the event is about ("support for the truckers' convoy in Ottawa") or a small town read in a country no other
  name of the sentence lies in ("a tent camp on Galle Face in Colombo (Colombo, Western), the camp named for its slogan"): `place_namesakes`.
- A country chosen while the sentence names a place inside it: that place ("protested in Tyumen ... Russia"); a
  country that no locative word leads to, while the sentence names a town elsewhere: the town ("a rally in Warsaw,
  protesting against the aggression against Ukraine"); a country that one leads to, while one leads to a town
  elsewhere too: the town ("gathered in Modena ... amid the war in Ukraine", "a vigil in Bialystok against the
  political repression in Belarus").

An event whose sentence names no place continues the event before it: `place_carry.carry_places`.

Where the article names no place of any known country at all ("demonstrated in Poitiers" with Poitiers unread,
"cadres of the CPN(UML) clashed ... in Aurahi rural municipality-4"), `place_by_actors` places an event that still
has no place in the one country of its actors and the article's ("Al Shabaab militants ambushed government
soldiers", "RPP staged protests"; not where they are of several countries: an attacker may strike abroad), else
where a mission of the article works ("the OSCE SMM observed ...": the knowledge base's `operates_in`). The place
is the country (precision 3), its span the first actor's of that country (its own actors first), its stage
ACTOR_COUNTRY: no place name of the text, a reading of who acted, as ACLED files an event by the country of its
actors where the source names no place it can find.

Plain functions over `Place` and `Event` records and the article's text; `events` calls `refine` and
`place_by_actors` (and `place_carry.carry_places` between them).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

from eventwire.places_lexicon import word_list
from eventwire.records import Actor, Event, Place
from eventwire.stages.place_city_part import city_of_part, part_of_city
from eventwire.stages.actors import FOCUS
from eventwire.stages.place_namesakes import NAMESAKE_MAX_POP, lone_abroad, origin_elsewhere, part_town, road_elsewhere
from eventwire.stages.place_namesakes import topic_elsewhere, town_with_units
from eventwire.stages.place_namesakes import FROM_BEFORE as _FROM_BEFORE
from eventwire.stages.place_namesakes import PLACING_BEFORE as _PLACING_BEFORE
from eventwire.stages.place_namesakes import SPECIFIC as _SPECIFIC
from eventwire.stages.place_namesakes import squash_name as _squash_name
from eventwire.stages.place_words import _ADMIN2_WORDS, _LOCAL_WORDS, CODED_BEFORE
from eventwire.stages.places import MENTION_ONLY, NAME

_UNIT_WORDS = _LOCAL_WORDS | _ADMIN2_WORDS

__all__ = ["ACTOR_COUNTRY", "coded_to", "head_of_unit", "in_name", "place_by_actors", "place_window_start", "refine"]

# the sectors of a state's forces that strike abroad (`place_by_actors`)
STRIKE_ABROAD_SECTORS = frozenset({"MIL", "SPY"})
# an event's country read from its actors where the article names no place of a known country (`place_by_actors`)
ACTOR_COUNTRY = NAME + ":actors"

# also to a unit's capital: "Coded as provincial capital Ramadi city", "coded to capital Vicente Guerrero", "Coded as
# governorate capital Kirkuk"
_CODED = CODED_BEFORE  # (place_words: places.py reads it too)
_CODED_NAME = re.compile(r"\bcoded\s+(?:to|as|at)\s+(?:the\s+)?", re.I)
# between a name and the unit after it: "X (Y", "X village (Y", "X (Y, Z, " (other names of the parenthesis)
_OPEN = re.compile(r"^(?:\s*[a-z\-]+){0,2}\s*\(\s*$")
_COMMA = re.compile(r"^(?:\s*[a-z\-]+){0,2}\s*,\s*$")
# after a unit that closes "X, Y": end of phrase, a bracket, or a lower-case word that is no list link, also after
# a comma ("shelled Kochubeivka, Kherson, killing one civilian")
_CLOSES = re.compile(r"^\s*(?:$|[.;:()\[\]]|(?:,\s*)?(?!and\b|or\b|as well\b)[a-z])")
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|into|inside|across|throughout|near|at|to|from|entered|of)\s+(?:the\s+)?$",
                              re.I)
# the word before the preposition that leads to a name: "war" of "the war in Ukraine"
_NOUN_PREP = re.compile(r"\b([A-Za-z]+)\s+(?:in|of|on|against|inside)\s+(?:the\s+)?$")
# "against" and what it governs up to a locative before the name, within the clause
_AGAINST = re.compile(r"\bagainst\s+(?:the\s+)?[^.;:,()]*\b(?:in|of)\s+(?:the\s+)?$", re.I)
# a destination: "relocate the plant to Poland", "evacuated from Druzhkivka to Spain", "sending weapons to Ukraine"
_TO_BEFORE = re.compile(r"\bto\s+(?:the\s+)?$", re.I)


@functools.lru_cache(maxsize=1)
def _passing_nouns() -> frozenset[str]:
    """places.yaml `passing_nouns`: nouns whose place complement names a country in passing ("the war in ...")."""
    return frozenset(word_list("passing_nouns"))


def _same_paragraph(text: str, a: int, b: int) -> bool:
    return "\n\n" not in text[min(a, b):max(a, b)]


@functools.lru_cache(maxsize=16)
def _coded_marks(text: str) -> tuple[tuple[int, int], ...]:
    """Where the text says "coded to/as/at" (once per text: `coded_to` is asked for every event)."""
    return tuple((m.start(), m.end()) for m in _CODED_NAME.finditer(text)) if "oded" in text else ()


def coded_to(places: Sequence[Place], text: str) -> Place | None:
    """The place right after "coded to" / "coded as", if any; else a place of the text whose name is the one after
    it, where the name after it was read only elsewhere ("between Hnin Gyi and Nga Ohn villages (coded as Hnin Gyi)
    (Mingin township, ...)": the village read at its first mention)."""
    for p in places:
        if _CODED.search(text[max(0, p.start - 48):p.start]):
            return p
    for start, end in _coded_marks(text):
        # a "coded as" of the paragraph of these places (an ACLED note's closing "Location not found, coded to
        # Metema" names the place of its events, wherever it stands), not one of another paragraph
        if not any(_same_paragraph(text, q.start, start) for q in places):
            continue
        after = text[end:end + 80]
        named = [p for p in places if p.stage not in MENTION_ONLY and after.startswith(p.text)
                 and not after[len(p.text):len(p.text) + 1].isalnum()]
        if named:
            return max(named, key=lambda p: len(p.text))
    return None


def place_window_start(sent) -> int:
    """Where the places of an event's sentence begin: the sentence's start, or the start of the sentence before it
    where the parser cut one sentence at a parenthesis of units that follows another parenthesis ("near Aung Tha
    and Kyun Gyi villages (coded as Aung Tha) | (Wetlet township, Shwebo district, Sagaing region), resistance
    fighters attacked ..."): no full stop parts them, and the name the note says it coded the event to lies before the
    cut. `events._location` looks there for that name only (`coded_to`); the event's other places stay its own
    sentence's (v19)."""
    doc = sent.doc
    if sent.start == 0 or sent[0].text != "(" or doc[sent.start - 1].text != ")":
        return sent.start_char
    return doc[sent.start - 1].sent.start_char


def in_name(got: Place | None, named_in: Sequence[Place], text: str,
            within: Sequence[tuple[int, int]] | None = None) -> Place | None:
    """A town or a division named inside a longer proper name of the event's sentence (places.IN_NAME: "the
    Kars Governor's Office banned all rallies", "protested in front of the Diyarbakir prison", "members of the Patras
    Bar Association protested ... against Russia's invasion of Ukraine", "shots near Donetsk Filtration Station"),
    where the sentence places the event nowhere else, or only in a country named in passing: the body or the site
    lies there, and ACLED codes the event to it. Never a country named so ("the Ministry of Defense of
    Azerbaijan"). `got`: the event's place so far; None where it keeps it. `events._location` asks for an event
    placed in a country named in passing, `place_carry.carry_places` for one placed nowhere (after a "coded to" of
    the paragraph, before the place of the event told before it) (v19). `within`: the spans the name must lie in
    (`events._location`: the event's own actors, so that "the Izmir Bar Association protested against Russia's
    invasion of Ukraine" places the protest, not the invasion); never the name of who reports ("Several were
    arrested, the Washington Post reported": `_of_a_source`)."""
    if got is not None and not (got.feature == "country" and _passing_country(got, text)):
        return None
    towns = [p for p in named_in if p.feature in ("city", "admin2", "admin1") and not _of_a_source(p, text)
             and (within is None or any(a <= p.start < b for a, b in within))]
    return min(towns, key=lambda p: (_SPECIFIC.get(p.feature, 0), p.start)) if towns else None


@functools.lru_cache(maxsize=1)
def _source_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    verbs = "|".join(sorted(map(re.escape, word_list("source_verbs"))))
    return (re.compile(rf"[\w'’ .&-]{{0,30}}?\b(?:{verbs})\b", re.I),
            re.compile(r"\baccording\s+to\s+(?:the\s+)?[\w'’ .&-]{0,30}$", re.I))


def _of_a_source(p: Place, text: str) -> bool:
    """Is the name `p` lies inside that of who reports ("the Washington Post reported", "according to the Kyiv
    Independent"; places.yaml `source_verbs`)?"""
    after, before = _source_res()
    return bool(after.match(text, p.end, min(len(text), p.end + 40))) or bool(
        before.search(text, max(0, p.start - 50), p.start))


def _same_country(a: Place, b: Place) -> bool:
    return a.country is None or b.country is None or a.country == b.country


def _passing(text: str, p: Place) -> bool:
    """Is `p` named in passing: the complement of a noun of places.yaml `passing_nouns` ("the war in Ukraine", "the
    invasion of Ukraine by Russia", "the oil company's involvement in Russia", "Russia's invasion"), or
    what a protest is "against" ("protesting against the long war of Russia in Ukraine")?"""
    before = text[max(0, p.start - 60):p.start]
    nouns = _passing_nouns()
    m = _NOUN_PREP.search(before[-40:])
    if m and m.group(1).lower() in nouns:
        return True
    # the noun further up the clause: "the involvement of an oil company in Russia", "the invasion of
    # Ukraine by Russia"
    if _governed().search(before):
        return True
    # the possessor of one: "Russia's invasion of Ukraine", "Russia's ongoing war"
    after = _POSSESSOR.match(text, p.end)
    if after and any(w in nouns for w in after.group(1).lower().split()):
        return True
    return bool(_AGAINST.search(before))


_POSSESSOR = re.compile(r"['’]s?((?:\s+[A-Za-z\-]+){1,3})")


@functools.lru_cache(maxsize=1)
def _governed() -> re.Pattern[str]:
    """A noun of `passing_nouns`, then within its clause a preposition that leads to the name: "involvement [of the
    French oil company in]", "invasion [of Ukraine by]"."""
    words = "|".join(sorted(re.escape(w) for w in _passing_nouns()))
    # at most four words between the two prepositions: the noun's own phrase, not a clause after it ("the crisis in
    # the region deepened when gunmen attacked a bus in Somalia": Somalia is where the attack was)
    return re.compile(rf"\b(?:{words})\s+(?:of|in|on|by)\s+(?:[^\s.;:,()]+\s+){{0,4}}?(?:in|of|on|by|against)\s+"
                      r"(?:the\s+)?$", re.I)


def _passing_country(p: Place, text: str) -> bool:
    """A country named in passing, no place of the event: no placing word leads to it ("to Ukraine", "by Russia",
    "the people of Ukraine"), or a noun of `passing_nouns` governs it ("the war in Ukraine")."""
    if p.feature != "country":
        return False
    return not _PLACING_BEFORE.search(text[max(0, p.start - 16):p.start]) or _passing(text, p)


def _paren_head(p: Place, places: Sequence[Place], text: str) -> Place | None:
    """The place just before the parenthesis that holds `p` ("Kibirizi" of "Kibirizi (Bwito, Rutshuru)")."""
    open_at = text.rfind("(", max(0, p.start - 120), p.start)
    if open_at < 0 or ")" in text[open_at:p.start]:
        return None
    # the parenthesis holds only names, commas and unit words up to `p`
    inner = text[open_at + 1:p.start]
    for q in places:
        if open_at < q.start and q.end <= p.start:
            inner = inner.replace(text[q.start:q.end], " ")
    if not re.fullmatch(r"[\sa-z,\-]*", inner):
        return None
    heads = [q for q in places if q.end <= open_at and _OPEN.match(text[q.end:open_at + 1])]
    return max(heads, key=lambda q: q.end) if heads else None


def head_of_unit(p: Place, places: Sequence[Place], text: str) -> Place | None:
    """The place whose unit `p` is ("X (p", "X, p." with p closing the phrase), more specific than `p`."""
    head = _paren_head(p, places, text)
    if head is None:
        before = [q for q in places if q.end <= p.start and _COMMA.match(text[q.end:p.start])]
        if before and _CLOSES.match(text[p.end:p.end + 12]):
            head = max(before, key=lambda q: q.end)
    if head is None or head.feature == "country" or not _same_country(head, p):
        return None
    if _SPECIFIC.get(head.feature, 0) > _SPECIFIC.get(p.feature, 0):
        return None
    return head


def refine(got: Place | None, places: Sequence[Place], text: str) -> Place | None:
    """The event's place given a first choice `got` among the sentence's `places` (see the module docstring)."""
    coded = coded_to(places, text)
    if coded is not None:
        return coded
    if got is None:
        return None
    if got.feature == "country" and _FROM_BEFORE.search(text[max(0, got.start - 12):got.start]):
        # a country after "from" is where people came from ("detained 37 migrants from Colombia", "refugees
        # entered Poland from Ukraine"): another place of the sentence not itself after "from" is the event's, a
        # country only after a locative word ("withdrew its forces from Syria as fighting with Israel intensified"
        # keeps Syria)
        others = [p for p in places if p is not got and p.stage not in MENTION_ONLY
                  and not _FROM_BEFORE.search(text[max(0, p.start - 12):p.start])
                  and (p.feature != "country" or _LOCATIVE_BEFORE.search(text[max(0, p.start - 16):p.start]))]
        if others:
            got = min(others, key=lambda p: (_SPECIFIC.get(p.feature, 0), p.start))
    # a town people are from ("a boy from Melitopol at a checkpoint in Vasylivka"), a town a road is named after
    # ("blocked the Marib - Sirwah road at the Kilo 40 junction"), a town of what the event is about ("in South
    # Burlington to protest ... and show their support for the truckers' convoy in Ottawa"): the town the event is in
    got = (origin_elsewhere(got, places, text) or road_elsewhere(got, places, text)
           or topic_elsewhere(got, places, text) or got)
    if got.feature == "country":
        inside = [p for p in places if p.feature != "country" and p.country == got.country]
        if not inside:
            towns = [p for p in places if p.feature in ("city", "admin2")]
            before = text[max(0, got.start - 40):got.start]
            if _LOCATIVE_BEFORE.search(before[-16:]):
                # a country after a locative word: the event's place, unless the word is a noun's of places.yaml
                # `passing_nouns` and a locative word leads to a town elsewhere ("gathered in Modena ... amid the
                # war in Ukraine", "a flash mob in Lyon ... the company's involvement in Russia")
                # ... or the country closes what a protest is "against" ("residents picketed in Chrzanow, speaking
                # against the long war of Russia in Ukraine", "a vigil in Bialystok, speaking against the continuing
                # repression in Belarus")
                # ... or a destination after the town the sentence places its event in ("workers gathered in Mestre
                # against the plan to relocate the plant to Poland"; not "delivered air defence systems to Ukraine,
                # the ministry in Berlin said")
                to = _TO_BEFORE.search(before[-16:]) is not None
                passing = _passing(text, got) or to
                towns = [p for p in towns if _LOCATIVE_BEFORE.search(text[max(0, p.start - 16):p.start])
                         and (not to or p.start < got.start)] if passing else []
            # else a country that is no locative's object ("protesting against the aggression against Ukraine"):
            # named in passing, where the sentence has a town of its own ("a rally in Warsaw")
            inside = towns
        if inside:
            got = min(inside, key=lambda p: (_SPECIFIC.get(p.feature, 0) > 1, p.start))
    # a part of a town the sentence placed its event in ("in Mossoro ... in the Barrocas neighborhood"): the town
    town = part_town(got, places, text)
    if town is not None:
        return town
    city = city_of_part(got, places, text)
    if city is not None:
        return city
    got = part_of_city(got, places, text) or got
    unit = _unit_elsewhere(got, places, text) or lone_abroad(got, places, text)
    if unit is not None:
        return unit
    site = _site_town(got, places, text)
    if site is not None:
        return site
    got = _town_of_site_name(got, places, text) or got
    for _ in range(4):  # up a chain of units: "Kibirizi (Bwito, Rutshuru, Nord-Kivu)"
        head = head_of_unit(got, places, text)
        if head is None or head is got:
            break
        got = head
    # a town without units beside the one town the note follows with its units ("linking Beja to Bizerte (Bizerte
    # Nord, Bizerte)"): that town (`place_namesakes.town_with_units`)
    return town_with_units(got, places, text) or got


# between a town and the unit it is said to lie in: "Qasra [town in rural] Tell Jafar", "Nour [camp in] Raqqa",
# "Mazraa [village in] Deir ez Zor", "Qasra [town in] Raqqa countryside"
_IN_UNIT = re.compile(r"(?:\s+([A-Za-z\-]+))?\s+in\s+(?:the\s+)?(?:rural\s+|(?:[a-z]+ern\s+)?)$")


def _unit_elsewhere(got: Place, places: Sequence[Place], text: str) -> Place | None:
    """A town read in another country than the unit the sentence says it lies in ("Qasra town in rural Tell
    Jafar in Raqqa countryside": a namesake abroad; "Ampang (Mangu, Plateau)": a Malaysian Ampang beside
    Nigeria's Plateau state) is a namesake of a town the index lacks: the unit, of one country however many the
    sentence names so, is where the event lies, unless another place of the sentence lies in the town's country.
    The unit follows the town after "in" (a unit word between them: "town", "village", "camp") or in the town's
    parenthesis. Not a town of NAMESAKE_MAX_POP people or more, nor one after "from" (an origin: "IDPs from Aleppo
    in Nahar Al Abiad area")."""
    if got.feature not in ("city", "admin2") or got.stage in MENTION_ONLY or got.country is None \
            or (got.population or 0) >= NAMESAKE_MAX_POP or _FROM_BEFORE.search(text[max(0, got.start - 12):got.start]):
        return None
    # the places after the town; its own name again ("Saint-Denis (Saint Denis, Saint Denis)") says nothing of it
    others = [q for q in sorted(places, key=lambda p: p.start)
              if q.start >= got.end and q.country is not None and q.feature != "country"
              and q.stage not in MENTION_ONLY and _squash_name(q.text) != _squash_name(got.text)]
    paren = re.match(r"(?:\s*[a-z\-]+){0,2}\s*\(([^()]*)\)", text[got.end:got.end + 200])
    if paren is not None:  # every place of the town's parenthesis: "Goma (Alur-Djuganda, Mahagi, Ituri)"
        units = [q for q in others if q.end <= got.end + paren.end(1)]
    else:  # "Qasra town in rural Tell Jafar in Raqqa countryside"
        units, at = [], got.end
        for q in others:
            m = _IN_UNIT.fullmatch(text[at:q.start])
            if m is None or (m.group(1) is not None and m.group(1).lower() not in _UNIT_WORDS):
                break
            units.append(q)
            at = q.end
    if not units or len({q.country for q in units}) != 1:
        return None
    # another place of the sentence in the town's country vouches for its reading ("Kiambogo area in Tigania east
    # (Tigania West, Meru)": Tigania misread abroad, Meru Kenya's like Kiambogo)
    if any(q is not got and q.country == got.country and q.stage not in MENTION_ONLY for q in places):
        return None
    return units[0]


@functools.lru_cache(maxsize=1)
def _site_nouns() -> frozenset[str]:
    """places.yaml `site_nouns`: a square, a park, a street named after a place ("Independence Square")."""
    return frozenset(word_list("site_nouns"))


# between a site's name and the town it lies in: "Santa Croce [square in] Florence", "the Al Hajana [neighborhood
# of] Al-Bukamal", "Independence [Square in central] Kyiv"
# the noun may close a name of up to three words ("Pomona [high school in] Arvada", "the Raymond[-Fortin community
# centre in] Laval")
_SITE_GAP = re.compile(
    r"(?:[\s\-]+[A-Za-z']+){0,2}?\s+([A-Za-z]+)\s+(?:in|of)\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?"
    r"(?:[a-z]+ern\s+|central\s+)?")


def _site_town(got: Place, places: Sequence[Place], text: str) -> Place | None:
    """The town after "<got> square in", "<got> neighbourhood of" (places.yaml `site_nouns`): the name before the
    noun is a site's ("Santa Croce square in Florence", "Liberty Square in Taipei", "Al Hajana neighborhood of
    Al-Bukamal"), the event lies in the town, as ACLED codes it."""
    nouns = _site_nouns()
    for p in sorted(places, key=lambda q: q.start):
        if p.start < got.end or p.start - got.end > 60:
            continue
        if p.stage in MENTION_ONLY or p.feature not in ("city", "admin2"):
            return None
        gap = text[got.end:p.start]
        m = _SITE_GAP.fullmatch(gap)
        if m and m.group(1).lower() in nouns:
            return p
        # the noun closing the name the gazetteer read as a town: "Liberty Square in Taipei" (Liberty Square, a
        # town of New York)
        last = got.text.split()[-1].lower() if " " in got.text else ""
        return p if last in nouns and _SITE_GAP.fullmatch(" site" + gap) else None
    return None


_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")
SITE_NAME_MAX_POP = 100_000


def _town_of_site_name(got: Place, places: Sequence[Place], text: str) -> Place | None:
    """A small town's name that a site noun closes ("marched in Armas square", "around Central stadium", places.yaml
    `site_nouns`), read as a town of another country than every other town or unit of the sentence that a placing word
    leads to ("in Arequipa (Arequipa)", "near Almaly district of Almaty"): the name is the site's, and the event lies in
    the most specific of those."""
    if got.feature not in ("city", "admin2") or (got.population or 0) >= SITE_NAME_MAX_POP:
        return None
    m = _NEXT_WORD.match(text, got.end)
    if m is None or m.group(1) not in _site_nouns():
        return None
    others = [p for p in places if p is not got and p.stage not in MENTION_ONLY and p.feature != "country"
              and p.country and p.country != got.country
              and _PLACING_BEFORE.search(text[max(0, p.start - 16):p.start])]
    if not others or len({p.country for p in others}) != 1:
        return None
    return min(others, key=lambda p: (_SPECIFIC.get(p.feature, 0), p.start))


def _strikes_abroad(a: Actor) -> bool:
    """A state, or an armed force of one that strikes abroad (STRIKE_ABROAD_SECTORS)."""
    return a.sector in STRIKE_ABROAD_SECTORS or a.kind == "state"


def place_by_actors(events: list[Event], places: Sequence[Place], actors: Sequence[Actor], gazetteer,
                    hosts: Mapping[str, str] | None = None) -> list[Event]:
    """`events`, each still placed nowhere in an article where no place has a known country, placed in the one
    country of the article's actors and its own, else where a mission of the article works (`hosts`: actor id ->
    the state a body of no country works in, the knowledge base's `operates_in`: "the OSCE SMM observed 20
    explosions near Zolote-4") (see the module docstring). An article that names any place of a known country keeps
    its events unplaced: its places speak for it; so does one whose actors are of several countries ("An Israeli
    airstrike ... killed three people, the Lebanese Health Ministry said": an attacker may strike abroad)."""
    if gazetteer is None or any(p.country for p in places):
        return events
    # only actors whose country is their own count: not one typed by the story's country alone (actors.FOCUS)
    ordered = sorted((a for a in actors if a.stage != FOCUS), key=lambda a: a.start)
    hosted = next(((hosts[a.id], a) for a in ordered if a.id in hosts), None) if hosts else None
    for ev in events:
        if ev.location is not None:
            continue
        # a state's armed forces strike abroad ("Russian forces shelled a village", "an Israeli drone strike"): in
        # an attack they say nothing of where it was, while the side struck, a rebel group or a police force does
        abroad = {id(a) for a in ev.sources if ev.type == "ASSAULT" and _strikes_abroad(a)}
        own = [a for a in (*ev.sources, *ev.targets) if a.country and id(a) not in abroad and a.stage != FOCUS]
        ordered_here = [a for a in ordered if not _strikes_abroad(a)] if abroad else ordered
        countries = {a.country for a in (*ordered_here, *own) if a.country}
        if len(countries) > 1:
            continue
        first = next((a for a in (*own, *ordered_here) if a.country), None)
        got = (first.country, first) if first is not None else hosted
        entry = gazetteer.country(got[0]) if got is not None else None
        if entry is None:
            continue
        iso3, a = got
        ev.location = Place(text=a.text, start=a.start, end=a.end, geonames_id=entry.geonames_id or None,
                            name=entry.name, country=iso3, admin1=None, lat=entry.lat, lon=entry.lon,
                            feature="country", population=None, stage=ACTOR_COUNTRY, precision=3)
    return events
