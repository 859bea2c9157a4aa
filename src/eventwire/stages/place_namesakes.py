"""Readings of a sentence's place that name no place of the event, for `place_choice.refine` and
`events._first_location`: the part of a town that ACLED codes to the town, a small town read abroad among places of
one other country, where people are from, a town a road is named after, and a unit a town is said to lie in.

- A name before a noun of places.yaml `part_nouns`, or after "the neighbourhood of", is a part of a town ("in Natal
  (Rio Grande do Norte), a vendor was shot in the Pajucara neighborhood", "in rural parts of Yarumal municipality
  (Antioquia) ... La Canoas vereda", "near Agua Shuca, Sonsonate, ... in Palo Verde canton"); where the sentence
  has placed its event in a town before it, the event lies in that town, as ACLED codes a neighbourhood, a
  community, a vereda or a canton to its town or municipality (the part's name read as a town is most often a
  namesake elsewhere: "residents of the Amambai neighborhood" read as Paraguay's Amambay).
- A town of fewer than NAMESAKE_MAX_POP people read in a country that no other name of the sentence lies in, while
  two names or more of the sentence lie in one other country, one of them after a placing word (a word of a camp's
  slogan read as Gama, Brazil, beside "on Galle Face in Colombo (Colombo, Western)"; "Suke area, as the Kurds call
  it, in Avasin region of Erbil" read as Suket, India): a namesake of a place the index lacks;
  the most specific place of that other country is the event's. Not where the sentence names a country of its own
  beside them.
- A town after "from" that a noun leads to ("a boy from Melitopol", "a broker from Thandwe", "supporters of a
  candidate from Butig town") is where people come from; another town or unit of the sentence that a placing word
  leads to is the event's ("at a checkpoint in Vasylivka", "in Pyay town", "gathered at the Capitol in Marawi City").
  Not after a verb ("departed from Hagerstown", "evacuated from Severodonetsk": the start of the move, ACLED's place).
- A town in a road's name (places.yaml `road_nouns`: "the Iranshahr-Dalgan highway", "the Aden - Taizz road", "the
  highway to Gualaquiza", "the road between Homs and Raqqa") gives way to another town of the sentence that a placing
  word leads to and that names no road ("in Dalgan county", "at the Kilo 40 junction", "near San Juan Bosco"); with
  none, the road's town stays (ACLED codes a road to a town on it: "blocked the Spitak-Yerevan highway").
- A town named in what a protest or an act is about (places.yaml `topic_openers`: "show their support for the
  truckers' convoy in Ottawa", "to oppose the persecution of a teenager in Kansk") gives way to a town that a
  placing word leads to before it, itself no topic's ("gathered ... in South Burlington", "pickets ... in St.
  Petersburg").
- A unit that the sentence says holds a town ("rebels shelled Tal Salma town in the countryside of Raqqa", the
  town an argument of the event): the town, ACLED's most specific place (`town_of_unit`).
- A town named without units beside the one town of its country that the note follows with its units in brackets
  ("in La Plata (Buenos Aires), ... gathered in Moreno square"): that town, ACLED's coded place
  (`town_with_units`).

Plain functions over `Place` records and the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from eventwire.places_lexicon import word_list
from eventwire.records import Place
from eventwire.stages.places import MENTION_ONLY

__all__ = ["NAMESAKE_MAX_POP", "SPECIFIC", "lone_abroad", "origin_elsewhere", "part_town", "road_elsewhere",
           "squash_name", "topic_elsewhere", "town_of_unit", "town_with_units", "FROM_BEFORE"]

# a town of this many people or more is no misread namesake of a village the index lacks
NAMESAKE_MAX_POP = 100_000
# how wide a place is: the most specific first
SPECIFIC = {"city": 0, "admin2": 1, "admin1": 2, "region": 2, "sea": 2, "country": 3}
# words that place an event where the name after them lies
PLACING_BEFORE = re.compile(r"\b(?:in|into|inside|across|throughout|near|at|entered)\s+(?:the\s+)?$", re.I)
# a placing word, "around" too ("around Santa Rosa municipality")
_AROUND_BEFORE = re.compile(r"\b(?:in|into|inside|near|at|entered|around)\s+(?:the\s+)?$", re.I)
_FROM_TO_BEFORE = re.compile(r"\b(?:from|to)\s+(?:the\s+)?$", re.I)
# a town the sentence places its event in: "in Mossoro", "in rural parts of Guadalupe municipality", "around
# Santa Rosa del Aguaray municipality", "near Agua Shuca"
_TOWN_BEFORE = re.compile(
    r"\b(?:in|inside|near|around|at|of|outside)\s+(?:the\s+)?(?:(?:city|town|municipality)\s+of\s+)?$", re.I)
_PART_BEFORE = re.compile(r"\bneighbou?rhoods?\s+of\s+(?:the\s+)?$", re.I)
_WORD_AFTER = re.compile(r"\s+([A-Za-z]+)\b")
_JOINED = re.compile(r"[\s\-]*")


def squash_name(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.lower())


@functools.lru_cache(maxsize=1)
def _part_nouns() -> frozenset[str]:
    """places.yaml `part_nouns`: the parts of a town that ACLED codes to the town ("neighborhood", "vereda")."""
    return frozenset(word_list("part_nouns"))


def _names_part(p: Place, text: str) -> bool:
    """Is `p` the name of a part of a town: "the Barrocas neighborhood", "the neighbourhood of Jacarezinho"?"""
    m = _WORD_AFTER.match(text, p.end)
    if m and m.group(1).lower() in _part_nouns():
        return True
    return _PART_BEFORE.search(text[max(0, p.start - 30):p.start]) is not None


def part_town(got: Place, places: Sequence[Place], text: str) -> Place | None:
    """The town the sentence placed its event in before `got`, where `got` names a part of a town (see the module
    docstring): the nearest town or municipality before it that a placing word leads to."""
    if got.feature not in ("city", "admin2", "admin1") or not _names_part(got, text):
        return None
    towns = [p for p in places if p.end <= got.start and p.feature in ("city", "admin2") and p.stage not in MENTION_ONLY
             and squash_name(p.text) != squash_name(got.text) and not _names_part(p, text)
             and not _JOINED.fullmatch(text[p.end:got.start])  # one name: "Cali-Ganey neighborhood"
             and _TOWN_BEFORE.search(text[max(0, p.start - 40):p.start])]
    return max(towns, key=lambda p: p.start) if towns else None


def lone_abroad(got: Place, places: Sequence[Place], text: str) -> Place | None:
    """The most specific place of the one other country of the sentence, where `got` is a small town read in a
    country no other name of the sentence lies in (see the module docstring)."""
    if got.feature not in ("city", "admin2", "admin1") or got.country is None \
            or (got.population or 0) >= NAMESAKE_MAX_POP or got.stage in MENTION_ONLY:
        return None
    if any(q is not got and q.country == got.country and squash_name(q.text) != squash_name(got.text)
           for q in places):
        return None
    others = [q for q in places if q.country and q.country != got.country and q.stage not in MENTION_ONLY
              and q.feature in ("city", "admin2", "admin1")
              and not _FROM_TO_BEFORE.search(text[max(0, q.start - 12):q.start])
              and not _SAYS_AFTER.match(text, q.end)]  # "officials in Berlin and Hamburg said": where the source is
    if len(others) < 2 or len({q.country for q in others}) != 1:
        return None
    # the sentence names no country beside theirs, and places something there ("in Colombo", "in Avasin region")
    if any(q.feature == "country" and q.country != others[0].country for q in places):
        return None
    if not any(PLACING_BEFORE.search(text[max(0, q.start - 16):q.start]) for q in others):
        return None
    towns = [q for q in others if q.feature in ("city", "admin2")]
    return min(towns, key=lambda q: (SPECIFIC.get(q.feature, 0), q.start)) if towns else None


# a place's speakers: "officials in Berlin said", "police in Lagos and Abuja told reporters"
_SAYS_AFTER = re.compile(r"(?:\s*(?:,|and)\s*[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)*)*\s*,?\s*"
                         r"(?:said|says|say|told|reported|announced|stated|added)\b")
# the word before "from" and "from": "a boy from", "workers from", "a trader coming from"; not a verb's "departed
# from", "evacuated from", nor a distance: "10 km from", "not far from", "3 miles away from"
_WORD_FROM = re.compile(r"\b([A-Za-z\-]+)\s+from\s+(?:the\s+)?(?:rural\s+|[a-z]+ern\s+)?$")  # "from rural Damascus"
_DISTANCE_WORDS = frozenset({"far", "away", "km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "miles",
                             "mile", "metres", "meters", "m", "north", "south", "east", "west", "northeast",
                             "northwest", "southeast", "southwest", "distance", "outside", "across", "apart"})


def origin_elsewhere(got: Place, places: Sequence[Place], text: str) -> Place | None:
    """The most specific town or unit of the sentence that a placing word leads to, where `got` is a town people are
    from (see the module docstring)."""
    if got.feature not in ("city", "admin2"):
        return None
    m = _WORD_FROM.search(text[max(0, got.start - 40):got.start])
    word = m.group(1).lower() if m else ""
    if m is None or word.endswith("ed") or word in _DISTANCE_WORDS:
        return None
    others = [p for p in places if p is not got and p.stage not in MENTION_ONLY and p.feature != "country"
              and p.country and squash_name(p.text) != squash_name(got.text)
              and not _FROM_TO_BEFORE.search(text[max(0, p.start - 12):p.start])
              and PLACING_BEFORE.search(text[max(0, p.start - 16):p.start])]
    return min(others, key=lambda p: (SPECIFIC.get(p.feature, 0), p.start)) if others else None


@functools.lru_cache(maxsize=1)
def _road_nouns() -> str:
    """places.yaml `road_nouns` as a regex alternation."""
    return "|".join(sorted(re.escape(w) for w in word_list("road_nouns")))


# a word between a town and its road's noun: "the Baghdad - Kut city road", "the Kabul national highway"; not a verb
# ("Protesters in Islamabad blocked roads")
_ROAD_WORDS = r"(?:city|national|provincial|international|main|ring|coastal|federal|state|district|old|new|trunk)"


@functools.lru_cache(maxsize=1)
def _road_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """After a town: more towns of the road's name joined by dashes, perhaps a word ("city", "national"), the noun
    ("Iranshahr[-Dalgan highway]", "Baghdad[ - Kut city road]"); before it: the noun and a word of direction ("[the
    highway to ]Gualaquiza", "[road between ]Homs", "[road between Homs and ]Raqqa")."""
    nouns = _road_nouns() or "(?!)"
    after = re.compile(r"(?:\s*[-\u2013]\s*[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)*)*\s*(?:" + _ROAD_WORDS + r"\s+)?(?:"
                       + nouns + r")\b")
    before = re.compile(r"\b(?:" + nouns + r")\s+(?:to|from|between|linking|connecting)\s+(?:the\s+)?"
                        r"(?:[A-Z][\w'\-]*\s+(?:and|to)\s+)?$", re.I)
    return after, before


def _in_road_name(p: Place, text: str) -> bool:
    after, before = _road_res()
    return after.match(text, p.end) is not None or before.search(text[max(0, p.start - 60):p.start]) is not None


def road_elsewhere(got: Place, places: Sequence[Place], text: str) -> Place | None:
    """The most specific town or unit of the sentence that a placing word leads to and no road is named after, where
    `got` is a town in a road's name (see the module docstring)."""
    if got.feature == "country" or not _in_road_name(got, text):
        return None
    others = [p for p in places if p is not got and p.stage not in MENTION_ONLY and p.feature != "country"
              and p.country and squash_name(p.text) != squash_name(got.text) and not _in_road_name(p, text)
              and _AROUND_BEFORE.search(text[max(0, p.start - 16):p.start])]
    return min(others, key=lambda p: (SPECIFIC.get(p.feature, 0), p.start)) if others else None


# between a town and the unit it lies in: "Tal Salma[ town in the countryside of ]Raqqa", "Izra'[ town in ]Dara
# countryside", "Sosyan[ village in ]Aleppo governorate"
_TOWN_IN_UNIT = re.compile(r"['\u2019]?\s+(?:town|village)\s+in\s+(?:the\s+)?(?:(?:countryside|outskirts)\s+of\s+)?"
                           r"(?:rural\s+|[a-z]+ern\s+)?")


def town_of_unit(got: Place, places: Sequence[Place], text: str) -> Place | None:
    """The town the sentence says lies in `got` ("rebels shelled Tal Salma town in the countryside of Raqqa": the
    town, an argument of the event, ACLED's most specific place, not its unit), of `got`'s country."""
    if got.feature == "country":
        return None
    heads = [p for p in places if p.end <= got.start and p.feature == "city" and p.stage not in MENTION_ONLY
             and p.country == got.country and _TOWN_IN_UNIT.fullmatch(text[p.end:got.start])]
    return max(heads, key=lambda p: p.end) if heads else None


@functools.lru_cache(maxsize=1)
def _topic_re() -> re.Pattern[str]:
    """places.yaml `topic_openers`, then the rest of the clause up to the name: no stop, comma, bracket or semicolon."""
    words = sorted(word_list("topic_openers"), key=len, reverse=True)
    alt = "|".join(r"\s+".join(re.escape(x) for x in w.split()) for w in words) or "(?!)"
    return re.compile(r"\b(?:" + alt + r")\b[^.;:,()\[\]]*$", re.I)  # within its clause: no comma


def _in_topic(p: Place, text: str) -> bool:
    return _topic_re().search(text[max(0, p.start - 120):p.start]) is not None


def topic_elsewhere(got: Place, places: Sequence[Place], text: str) -> Place | None:
    """The most specific town or unit before `got` that a placing word leads to and no topic holds, where `got` is a
    town named in what the event is about (see the module docstring)."""
    if got.feature not in ("city", "admin2") or not _in_topic(got, text):
        return None
    others = [p for p in places if p.end <= got.start and p.stage not in MENTION_ONLY
              and SPECIFIC.get(p.feature, 3) <= SPECIFIC[got.feature]  # never a vaguer unit for a town
              and p.country and squash_name(p.text) != squash_name(got.text)
              and PLACING_BEFORE.search(text[max(0, p.start - 16):p.start]) and not _in_topic(p, text)]
    return min(others, key=lambda p: (SPECIFIC.get(p.feature, 0), p.start)) if others else None


# a town's own parenthesis of units: "Bizerte (Bizerte Nord, Bizerte)", "Atbara (Atbara locality, River Nile state)",
# "Caala (Kaala, Caala, Huambo)"; a unit word between them ("Luwuk district (Banggai regency, ...)")
_UNITS_AFTER = re.compile(r"(?:\s+[a-z\-]+){0,2}\s*\(([^()]*)\)")
# an origin: "a man from Idleb", "evacuated from the town" (place_choice, `town_with_units`)
FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)


def _has_units(p: Place, places: Sequence[Place], text: str, town: bool = False) -> bool:
    """Is `p` followed by a parenthesis that holds a place of its country (its units)? `town`: as a town, with no
    word between them but "city", "town" or "village" ("Paungbyin township (...)" is a unit of its own)."""
    m = _UNITS_AFTER.match(text, p.end)
    if m is not None and town and any(w not in ("city", "town", "village") for w in
                                      text[p.end:m.start(1)].rstrip("( ").split()):
        return False
    return m is not None and any(p.end < q.start < m.end() and q.country == p.country and q is not p
                                 and q.stage not in MENTION_ONLY for q in places)


def _in_parens_of(p: Place, places: Sequence[Place], text: str) -> bool:
    """Does `p` lie inside the parenthesis of units after another place ("Caala (Kaala, Caala, Huambo)")?"""
    return any(q.end < p.start < m.end() for q in places
               if (m := _UNITS_AFTER.match(text, q.end, q.end + 200)) is not None)


@functools.lru_cache(maxsize=1)
def _clause_break_re() -> re.Pattern[str]:
    words = sorted(word_list("clause_breaks"), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) if not w.isalpha() else rf"\b{re.escape(w)}\b" for w in words), re.I)


def _clause_break(between: str) -> bool:
    """Do the words between two towns part their clauses (places.yaml `clause_breaks`: "; a similar rally was held
    in", ", while residents of")?"""
    return _clause_break_re().search(between) is not None


def town_with_units(got: Place, places: Sequence[Place], text: str) -> Place | None:
    """ACLED's notes follow the town they code with its units in brackets ("in Cangola neighborhood in the vicinity
    of Caala (Kaala, Caala, Huambo)", "in La Plata (Buenos Aires), ... gathered in Moreno square", "marched through
    the Rosemary District of Sarasota (Florida)"): where `got`, a town, has no such parenthesis and one other town
    of its country in the sentence has, that town is the event's. Not where the two stand a few words apart, in a
    list or a chain of units ("between Graskop and Pilgrims Rest (...)", "in Kun Taw village, Paungbyin township
    (...)"), nor a town after "from" (an origin), of a road's name ("the Ikole-Lokoja highway (Ikole, Ekiti)"), of a
    city and part ("Los Angeles - Central (California)"), nor where `got` is itself a unit of a parenthesis (v19)."""
    if got.feature not in ("city", "admin2") or got.stage in MENTION_ONLY or got.country is None \
            or _has_units(got, places, text) or _in_parens_of(got, places, text) \
            or text[got.end:got.end + 3] == " - ":
        return None
    held = [p for p in places if p is not got and p.feature in ("city", "admin2") and p.country == got.country
            and p.stage not in MENTION_ONLY and squash_name(p.text) != squash_name(got.text)
            and len(text[min(p.end, got.end):max(p.start, got.start)].split()) > 3
            and not _clause_break(text[min(p.end, got.end):max(p.start, got.start)])
            and text[max(0, p.start - 3):p.start] != " - " and not _in_road_name(p, text)
            and not FROM_BEFORE.search(text[max(0, p.start - 12):p.start]) and _has_units(p, places, text, True)
            and not _in_parens_of(p, places, text)]
    return held[0] if len({squash_name(p.text) for p in held}) == 1 else None
