"""ACLED's "City - Part" (a city and one of its districts or neighbourhoods: "in Quito - Eloy Alfaro (Pichincha)",
"in Johannesburg - Diepsloot (Gauteng)"): which of the two is the event's place, for `place_choice.refine`.

- The part read as a town of its own elsewhere (a namesake), or a name read inside the part, or the unit of the
  part's parenthesis: the city (`city_of_part`).
- The part the gazetteer knows as a town within the city's metropolitan area, in its first-level division: the part,
  the finer place, as ACLED draws it (`part_of_city`). Only in ACLED's shape: the part closes the phrase (a bracket,
  a comma, the sentence's end), so that a dash of prose ("shelled Khartoum - Omdurman and Bahri were also hit")
  links no part.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eventwire.geo import haversine_km
from eventwire.records import Place
from eventwire.stages.place_namesakes import NAMESAKE_MAX_POP
from eventwire.stages.places import MENTION_ONLY


def _same_country(a: Place, b: Place) -> bool:
    return a.country is None or b.country is None or a.country == b.country


# from the city to a name inside its part or to the part's parenthesis: "Hebron[ - Bab az ]Zawiyah", "Taizz[ -
# Usayfarah (]Al Qahirah)", "Lahore[ - Sabzazar city (]Punjab)": the part's words (capitalised, or short particles of
# a name: "az", "de"), then perhaps a unit word and its bracket
_CITY_PART_GAP = re.compile(r"\s+[-\u2013\u2014]\s+(?:[A-Z][\w'\u2019\-]*\s+(?:[a-z]{1,3}\s+)?){0,3}"
                            r"(?:(?:[a-z]+\s+)?\(\s*)?")


def city_of_part(got: Place, places: Sequence[Place], text: str) -> Place | None:
    """ACLED's "City - Part" (a city and one of its districts or neighbourhoods: "in Quito - Eloy Alfaro
    (Pichincha)", "in Tijuana - La Presa, Baja California", "in Ciudad de Mexico - Cuauhtemoc"): the part's name
    read as a town of its own is another town; the city, named before the spaced dash, is where the event lies. So
    for a name read inside the part ("Nablus - Bab as Saha") or the unit of its parenthesis ("Taizz - Usayfarah
    (Al Qahirah)", Al Qahirah read as Cairo); the part's name read abroad as a small town is a namesake ("Lahore -
    Sabzazar city (Punjab)", Sabzazar read in India)."""
    small = (got.population or 0) < NAMESAKE_MAX_POP and got.feature != "country"
    for p in places:
        if p.end > got.start or p.stage in MENTION_ONLY:
            continue
        gap = _CITY_PART_GAP.fullmatch(text[p.end:got.start])
        if gap is None:
            continue
        # the unit of the part's bracket is the city's, however it was read
        if p.feature == "city" and ("(" in gap.group(0) or _same_country(p, got) or small) and not part_in(got, p):
            return p
    return None


# A part of a city lies within its metropolitan area: Johannesburg's Diepsloot and Ivory Park are 28-30 km from its
# point, Los Angeles' San Fernando 31 km; "Ciudad de Mexico - Cuauhtemoc" read as a town 45 km off is a namesake.
PART_OF_CITY_KM = 40.0
_SPACED_DASH = re.compile(r"\s+[-\u2013\u2014]\s+")
# what follows the part in ACLED's shape: a bracket, a comma, the sentence's end
_PART_CLOSES = re.compile(r"\s*(?:[(),;]|\.(?:\s|$)|$)")


def part_in(part: Place, city: Place) -> bool:
    """Is `part` a town the gazetteer knows (a point of its own) within the metropolitan area of `city`, in its
    first-level division: the part of ACLED's "City - Part" read as itself ("Johannesburg - Diepsloot")?"""
    return (part.feature == "city" and city.feature == "city" and part.geonames_id is not None
            and part.precision == 1 and part.country == city.country and part.admin1 is not None
            and part.admin1 == city.admin1
            and None not in (part.lat, part.lon, city.lat, city.lon)
            and haversine_km(part.lat, part.lon, city.lat, city.lon) <= PART_OF_CITY_KM)


def part_of_city(got: Place, places: Sequence[Place], text: str) -> Place | None:
    """ACLED's "City - Part" where the event was placed at the city and the part, right after the spaced dash and
    closing the phrase, is a town the gazetteer knows inside the city's area ("in Johannesburg - Diepsloot
    (Gauteng)"): the part, the finer place, as ACLED draws it. A part the index lacks, or reads as a town elsewhere,
    leaves the city; so does a dash of prose ("Russian missiles hit Odesa - Chornomorsk port was also damaged")."""
    for p in places:
        if p.start >= got.end and p.stage not in MENTION_ONLY and _SPACED_DASH.fullmatch(text[got.end:p.start]):
            return p if part_in(p, got) and _PART_CLOSES.match(text, p.end) else None
    return None
