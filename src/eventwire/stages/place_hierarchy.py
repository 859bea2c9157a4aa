"""Hierarchy patterns of place names: "X (Y, Z)", "X town (Y)", "X tehsil (Y district)", "X area of Y",
"X village, Y". Each name is linked to the unit named after it; a name the gazetteer lacks, or whose reading
does not lie in its unit, is drawn at that unit. `read_as_place` tells the actors stage which names the tagger
took for persons or organisations are places by these patterns."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

from eventwire.gazetteer import GeoEntry, Gazetteer, geonames_code, haversine_km, normalize
from eventwire.places_lexicon import is_municipal
from eventwire.stages.place_resolve import AMBIGUOUS_KM
from eventwire.stages.place_words import (
    _ADMIN2_WORDS, _ADMIN_WORDS, _BRACKETS, _LOCAL_WORDS, _LOCATIVE, _NAME_LINKS, _PLACING,
    _SKIP_LABELS, _SPEECH_VERBS, _Mention, _after_unit, _in_parens, _is_cap, _spaced_dash, _word_before, paren_before)

_UNIT_NAMES = _LOCAL_WORDS | _ADMIN2_WORDS | _ADMIN_WORDS
# what follows "X police station" before a parenthesis of its units: "Kanchanpur police station limits (Dholpur, ...)"
_STATION_AREAS = frozenset({"limits", "area", "jurisdiction"})
# a town named with a division its codes do not place it in is kept when it lies this close to the division's point
NEAR_UNIT_KM = 300.0
# ... and with a second-level division or a town, this close, as `_fits` keeps a reading without a district name
# ("Kaliganj upazila (Gazipur)" is no town of Jhenaidah 143 km away; "Malpura (Agra district, UP)" none of Tonk)
NEAR_UNIT2_KM = 100.0
# a village within this of the town named as its unit is the one of that town (`_nearest_reading`)
TOWN_UNIT_KM = 25.0


def _head_before(doc, j: int, covered: set[int], label) -> tuple[int, int] | None:
    """Capitalised words ending at token j (inclusive) that no mention covers: a name the gazetteer lacks. Link
    words of Romance and Arabic names count inside it: "Mineral del Chico"."""
    k = j
    while k >= 0 and j - k < 5 and k not in covered and label[k] not in _SKIP_LABELS and (
            _is_cap(doc[k]) or (k < j and k > 0 and doc[k].lower_ in _NAME_LINKS and _is_cap(doc[k - 1]))):
        k -= 1
    return (k + 1, j + 1) if k < j else None


def _closes(doc, m: _Mention) -> bool:
    """Does mention `m` close its phrase: "Chervonyi Yar, Luhansk." rather than a list item ("Alaska, Oregon,
    Idaho and Ohio")? A comma closes it where a lower-case word other than "and"/"or" follows: ACLED's "in
    Tijuana, Baja California, a woman was killed"."""
    n = len(doc)
    if m.end_tok >= n:
        return True
    nxt = doc[m.end_tok]
    if nxt.text == "," and m.end_tok + 1 < n:
        nxt = doc[m.end_tok + 1]
        return nxt.is_lower and nxt.is_alpha and nxt.lower_ not in ("and", "or")
    return nxt.text in (".", ";", "(", "[", ")") or (nxt.is_lower and nxt.lower_ not in ("and", "or"))


def _led_name_unit(doc, k: int, covered: set[int], label, starts) -> bool:
    """Is doc[k] the comma of "in X, Y" / "the village of X, Y" with X a name no mention covers (the tagger's
    organisation or person: "the village of [Novoselivka Druha]ORG, Donetsk", "shelled [Chervonyi Yar]PERSON,
    Luhansk.") led by a locative word or a verb, and Y a name that closes the phrase? Then Y is X's unit (ACLED's "Village, Admin1")."""
    if k + 1 not in starts or not _closes(doc, starts[k + 1]) or k - 1 in covered or not _is_cap(doc[k - 1]):
        return False
    if starts[k + 1].end_tok < len(doc) and doc[starts[k + 1].end_tok].tag_ == "POS":
        return False  # "said Cory Stevens, Georgia's father": an apposition, no unit
    s0 = k - 1
    while s0 > 0 and k - s0 < 5 and s0 - 1 not in covered and _is_cap(doc[s0 - 1]):
        s0 -= 1
    # X opens its entity: not the end of a longer one ("the University of [California], San Diego")
    return s0 > 0 and label[s0] not in _SKIP_LABELS and (not label[s0] or label[s0 - 1] != label[s0]) and (
        doc[s0 - 1].lower_ in _LOCATIVE or (doc[s0 - 1].tag_ in ("VBD", "VBN")
                                            and doc[s0 - 1].lemma_.lower() not in _SPEECH_VERBS))


def link_units(doc, mentions: list[_Mention], label) -> list[_Mention]:
    """Link each name to the unit named after it: "X (Y, Z)", "X town (Y)", "X tehsil (Y district)",
    "X area of Y". A name the gazetteer lacks becomes a mention of its own (key "") when a unit word follows
    it or a locative word leads to it. Returns the mentions, in text order, with `container` set."""
    n = len(doc)
    covered = {k for m in mentions for k in range(m.start_tok, m.end_tok)}
    starts = {m.start_tok: m for m in mentions}
    ends = {m.end_tok: m for m in mentions}
    links: list[tuple[_Mention, _Mention]] = []
    for k in range(1, n - 1):
        t = doc[k]
        inner: _Mention | None = None
        if t.text == "(":  # the first name inside a short parenthesis
            for x in range(k + 1, min(n, k + 12)):
                if doc[x].text in (")", "(", ".", ";"):
                    break
                if x in starts:
                    inner = starts[x]
                    break
        elif t.text == "," and k + 1 in starts and (
                (doc[k - 1].lower_ in _LOCAL_WORDS | _ADMIN2_WORDS and doc[k - 1].is_lower)
                or (label[k - 1] in ("GPE", "LOC") and k - 1 not in covered)
                or (k in ends and _closes(doc, starts[k + 1])) or _led_name_unit(doc, k, covered, label, starts)):
            # "Zmiivka village, Kherson", "Mala Shestirnya, Kherson": a place the gazetteer lacks, then its unit;
            # "Chervonyi Yar, Luhansk": a known name, whose reading should lie in the unit (`contain`)
            inner = starts[k + 1]
        elif t.lower_ in ("of", "in") and doc[k - 1].lower_ in _LOCAL_WORDS | _ADMIN2_WORDS:
            b = k + 2 if k + 2 < n and doc[k + 1].lower_ == "the" else k + 1
            inner = starts.get(b)
            if inner is not None and inner.cue:
                inner = None  # "area of Idlib province": handled as a division already
        if inner is None:
            continue
        j = k - 1
        unit = doc[j].lower_ in _LOCAL_WORDS | _ADMIN2_WORDS | _ADMIN_WORDS and doc[j].is_lower
        if t.text == "(" and j >= 3 and doc[j].lower_ in _STATION_AREAS and doc[j - 1].lower_ == "station" and \
                doc[j - 2].lower_ == "police":
            unit, j = True, j - 2  # the area a police station covers: "Kanchanpur police station limits (Dholpur,
            # Rajasthan)"
        if unit:
            j -= 1
        if t.text != "(" and j >= 2 and doc[j].text == ")":  # "Sida (Seedan) area of Duhok"
            o = next((x for x in range(j - 1, max(-1, j - 5), -1) if doc[x].text == "("), None)
            if o is None:
                continue
            j = o - 1
        if j < 0:
            continue
        head = ends.get(j + 1)
        if head is None:
            span = _head_before(doc, j, covered, label)
            if span is None:
                continue
            s0, e0 = span
            prev = doc[s0 - 1].lower_ if s0 > 0 else ""
            # an organisation's label does not bar a name led by a locative word before a parenthesis of units:
            # "in [Welikanda]ORG (Polonnaruwa, North Central)", "in [Dei-Dei]ORG (Abuja Municipal, FCT)"
            tagged = label[s0] == "NORP" or (label[s0] == "ORG" and t.text != "(")
            if not unit and (prev not in _LOCATIVE or tagged) and not (
                    t.text == "," and (label[s0] in ("GPE", "LOC") or _led_name_unit(doc, k, covered, label, starts))):
                continue
            if any(_is_cap(doc[x]) and doc[x].is_stop for x in range(s0, e0)):
                continue
            if all(doc[x].lower_ in _UNIT_NAMES for x in range(s0, e0)):
                continue  # "County" of "Queen Anne's County, Maryland": a word of a name, no name
            head = _Mention(s0, e0, "", "", text=doc[s0:e0].text)
            covered.update(range(s0, e0))
            mentions.append(head)
        if head is not inner:
            links.append((head, inner))
            head.comma = t.text == ","
            marked = inner.end_tok < n and doc[inner.end_tok].lower_ in _UNIT_NAMES  # "Pekon township"
            if head.comma and not inner.cue2 and (not head.key or (_closes(doc, inner) and not marked)):
                # "Klynove, Donetsk", "Poltavka, Zaporizhia": a village the gazetteer lacks, then its province
                # (ACLED's "Village, Admin1"): the unit is read as a division where it has division readings; so
                # is the unit closing the phrase after a known name ("Chervonyi Yar, Luhansk.": the oblast, not
                # the city; "Staryi Karavan, Donetsk": Ukraine's oblast, not Russia's town the actors favour)
                inner.cue = True
    mentions.sort(key=lambda m: m.start_tok)
    pos = {id(m): x for x, m in enumerate(mentions)}
    for a, b in links:
        a.container = pos[id(b)]
        b.unit = b.unit or not (a.comma and a.key)  # a list ("London, Paris") vouches for no unit
    return mentions


def _fits(e: GeoEntry, unit: GeoEntry) -> bool:
    """Does reading `e` lie in (or near) the unit `unit` named beside it? A region of no one country
    ("Kurdistan") holds any reading: "Sanandaj city (Kurdistan)" stays the Iranian town."""
    if unit.country is None:
        return True
    if e.country != unit.country:
        return False
    if unit.feature == "admin1" and geonames_code(unit.admin1):
        # a reading tied to no division fits where it lies near the unit's point ("Benito Juarez, Nuevo Leon":
        # not a Sonoran division of that name without a code)
        # (a reading without a code fits a division of places.yaml, whose point is ours: "Toronto - Scarborough
        # (Ontario)")
        return e.admin1 == unit.admin1 if e.admin1 else (
            unit.curated or haversine_km(e.lat, e.lon, unit.lat, unit.lon) < NEAR_UNIT_KM)
    if unit.feature == "admin2" and e.admin2:
        return e.admin2 == unit.name
    if unit.feature in ("city", "admin2"):
        return haversine_km(e.lat, e.lon, unit.lat, unit.lon) < 100
    return True


def _near_km(unit: GeoEntry) -> float:
    """How far from its unit's point a reading the unit's codes disagree with is still kept: a district or a town is
    some tens of km across; a province's point is far from its towns, and GeoNames' codes lag behind divisions split
    or renamed ("Bagani (Mukwe, Kavango East)", a town of the former Kavango), so a town within 300 km is kept."""
    return NEAR_UNIT2_KM if unit.feature in ("admin2", "city") else NEAR_UNIT_KM


def _one_of_namesakes(gaz: Gazetteer, name: str, e: GeoEntry, unit: GeoEntry) -> bool:
    """Is reading `e`, coded to another first-level division than its unit, one of several towns of its name in
    different divisions of that country? Then the codes do not lag behind the map: the text names a namesake
    the gazetteer lacks, in the unit, and the town near it is another ("Ivanivka, Kharkiv": not the Ivanivka of
    Luhansk, one of a dozen), drawn at the unit (v16)."""
    if unit.feature != "admin1" or not (geonames_code(unit.admin1) and geonames_code(e.admin1)) \
            or e.admin1 == unit.admin1:
        return False
    return any(c.feature == "city" and c.country == e.country and geonames_code(c.admin1) and c.admin1 != e.admin1
               for c in gaz.candidates(name))


def _agreed(gaz: Gazetteer, doc, m: _Mention, mentions: list[_Mention], units: list[GeoEntry]) -> bool:
    """Is the last unit of `m`'s parenthesis a namesake in another country? Only where no reading of `m`'s name
    lies in that country (else it is the town of the unit: "Brest (Brest, Bretagne)"), and `m`'s reading lies in an
    inner unit of another name, or holds such a name ("Koumra (Mandoul, Oriental)": Koumra lies in Mandoul). Its
    own name said twice is no second name ("Palma (Palma, Cabo Delgado)": a Palma the gazetteer lacks, not
    Mallorca's)."""
    e, last = m.entry, units[-1].country
    name = normalize(doc[m.start_tok:m.end_tok].text)
    if any(c.country == last for c in gaz.candidates(doc[m.start_tok:m.end_tok].text)):
        return False
    if any(u.country == e.country and _fits(e, u) and normalize(u.name) != name for u in units[:-1]):
        return True
    return any(h.entry is not None and h.entry.country == e.country and _fits(h.entry, e)
               and normalize(h.entry.name) != name for h in mentions if h.container >= 0 and mentions[h.container] is m)


def _nearest_reading(gaz: Gazetteer, key: str, e: GeoEntry, unit: GeoEntry) -> GeoEntry:
    """A town named as a village's unit places it by the town: "Kyee Pin village (Myo Gyi township, Sagaing
    region)" is the Kyee Pin by Myo Gyi, not another of that name some tens of km off in the same district. The
    reading `e` stays where it lies within TOWN_UNIT_KM of the town, or where no other town of the name does, or
    where the unit bears its name ("Ye town (Ye township, ...)": one name, one reading for both). `key`: the
    mention's name key (`normalize`d), as it was looked up."""
    if haversine_km(e.lat, e.lon, unit.lat, unit.lon) < TOWN_UNIT_KM or normalize(unit.name) == key:
        return e
    near = [(haversine_km(c.lat, c.lon, unit.lat, unit.lon), i, c) for i, c in enumerate(gaz.candidates_key(key))
            if c.feature == "city" and c.country == unit.country
            and (not c.admin1 or not unit.admin1 or c.admin1 == unit.admin1)]
    best = min(near, default=None)
    return best[2] if best is not None and best[0] < TOWN_UNIT_KM else e


_DISTRICT_WORD = re.compile(r"\s+district$", re.I)


def _district_key(e: GeoEntry) -> str:
    return normalize(_DISTRICT_WORD.sub("", e.admin2 or ""))


def _district_reading(gaz: Gazetteer, doc, m: _Mention, named: list[_Mention], unit: GeoEntry) -> GeoEntry | None:
    """A village of the district its parenthesis names, where the gazetteer files villages by district and the
    district itself is no entry of its own: "Hnaw Kone village (Kanbalu district, Sagaing)" is the Hnaw Kone of
    Kanbalu District, not one of the same region 50 km off (Kanbalu read as the town). The one nearest the unit; None where the reading already lies in the district, or none does."""
    districts = {normalize(doc[b.start_tok:b.end_tok].text) for b in named
                 if b.end_tok < len(doc) and doc[b.end_tok].lower_ == "district"}
    # ... in the first-level division the parenthesis names too, where one is: "Bijapur town (Bijapur district,
    # Chhattisgarh)" is no town of Karnataka's Bijapur district; a district named with a region it does not lie in
    # ("Gangaw district, Sagaing region": Gangaw lies in Magway) still holds its villages
    provinces = [b.entry for b in named if b.entry is not None and b.entry.feature == "admin1"]
    if not districts:
        return None
    in_district = [c for c in gaz.candidates_key(m.key) if c.feature == "city" and c.country == unit.country
                   and _district_key(c) in districts]
    in_both = [c for c in in_district if all(_fits(c, u) for u in provinces)]
    if m.entry is not None and _district_key(m.entry) in districts and (
            all(_fits(m.entry, u) for u in provinces) or not in_both):
        return None
    inside = in_both or in_district
    return min(inside, key=lambda c: haversine_km(c.lat, c.lon, unit.lat, unit.lon), default=None)


def contain(gaz: Gazetteer, doc, mentions: list[_Mention]) -> None:
    """A name whose reading does not lie in the unit named after it, or that has no reading, is drawn at that
    unit: the first of the parenthesis that resolved ("(Busiga, Ngozi)": Ngozi when Busiga is unknown) and lies
    in the country of its last, largest unit ("(La Matanza, Buenos Aires)": not La Matanza, Peru). The largest units
    are settled first, so that a name is drawn at its unit's reading in the division after it ("Odugbo town (Bassa,
    Kogi)": at the Bassa of Kogi, not the Bassa of Plateau)."""
    for m in reversed(mentions):
        if m.container < 0:
            continue
        first = mentions[m.container]
        close = next((k for k in range(first.start_tok, min(len(doc), first.start_tok + 16))
                      if doc[k].text == ")"), first.end_tok)
        named = [b for b in mentions[m.container:m.container + 4]
                 if b.start_tok <= close and b.feature_ok and b.entry is not None]
        # a name marked as a division that only a small town of its name reads is a division the gazetteer lacks,
        # no unit: "(Polonnaruwa, North Central)" is no hamlet of Canada; nor is the district after a spaced dash,
        # which lies in the city before it ("(Seoul City - Mapo)": not Mapo, China); where that leaves none, all
        # ... nor a municipality of places.yaml `municipal_divisions`, a town of its own ("Rabat (Rabat)": no council
        # of Malta, v19)
        named_units = [b for b in named if not is_municipal(b.entry)]
        units = [b.entry for b in named_units if not (b.start_tok > 0 and _spaced_dash(doc, b.start_tok - 1)) and not (
            b.cue and b.entry.feature == "city" and b.entry.population < 100_000
            and _in_parens(doc, b.start_tok, b.end_tok))] or [b.entry for b in named_units]
        unit = next((u for u in units if u.country == units[-1].country), None) if units else None
        if unit is not None and m.entry is not None and m.entry.country != unit.country \
                and unit.feature != "country" and paren_before(doc, named[-1].start_tok, 15) >= 0 \
                and _agreed(gaz, doc, m, mentions, units):
            # the name and another name of its hierarchy agree on a country that the last unit's reading, a
            # namesake, leaves: two names outvote one ("Koumra (Mandoul, Oriental)" is no town of Morocco's
            # Oriental): the name keeps its reading, or is drawn in the units of its own country
            for b in named:  # the namesake is read in that country, or is a division the gazetteer lacks
                if b.entry.country == units[-1].country:
                    b.entry = next((e for e in gaz.candidates(doc[b.start_tok:b.end_tok].text)
                                    if e.country == m.entry.country), None)
            unit = next((u for u in units if u.country == m.entry.country), None)
            if unit is None:
                continue
        if unit is None or unit.feature == "country" and (m.entry is not None or m.comma):
            continue  # "According to Bruschke, China": a name before ", Country" is no town of it
        district = _district_reading(gaz, doc, m, named, unit)
        if district is not None:
            m.entry, m.held_by = district, unit
            continue
        if m.entry is not None and _fits(m.entry, unit):
            if unit.feature == "city" and m.entry.feature == "city":
                m.entry = _nearest_reading(gaz, m.key, m.entry, unit)
            m.held_by = unit
            continue
        if m.comma and m.entry is not None and m.entry.feature != "city" and m.entry.country == unit.country:
            continue  # "..., Oregon, Idaho.": a division before a comma is a list item, not a town of the next
            # (one of another country is a town the gazetteer lacks: "New York, Donetsk")
        # the divisions of the parenthesis, the unit's own included: what the name lies in
        divisions = [u for u in units if u.feature in ("admin1", "admin2") and u.country == unit.country]
        if m.entry is not None and unit.feature == "city" and unit.population < m.entry.population and all(
                _fits(m.entry, u) for u in divisions):
            continue  # a unit is larger than what it holds: "Khanty-Mansiysk (Siberia)" is no Mexican hamlet's; unless
            # the divisions after it place the name elsewhere ("Bilaspur village (Manesar, Gurugram district,
            # Haryana)": no city of Chhattisgarh)
        name = doc[m.start_tok:m.end_tok].text
        fitting = [e for e in gaz.candidates(name) if _fits(e, unit) and all(_fits(e, u) for u in divisions)]
        if fitting:  # another place of that name lies in the unit: "San Martin (Mendoza)"
            m.entry, m.held_by = fitting[0], unit
        elif m.comma and m.entry is not None and not (unit.feature in ("admin1", "region") or unit.population
                                                       >= 10 * max(m.entry.population, 1_000)):
            pass  # "London, Paris and Berlin": a comma links list items too; a known name keeps its reading unless
            # what follows it is a division or a city ten times its size ("Chervonyi Yar, Luhansk")
        elif m.entry is not None and m.entry.country == unit.country and m.entry.feature != "country" \
                and haversine_km(m.entry.lat, m.entry.lon, unit.lat, unit.lon) < _near_km(unit) \
                and not _one_of_namesakes(gaz, name, m.entry, unit):
            pass  # a town of the unit's country near it, where the unit's codes disagree (a capital district
            # named with its province: "Ciudad Autonoma de Buenos Aires (Buenos Aires)"): the town is more exact
        else:
            other = _unit_other_level(gaz, doc, named, unit, m.entry)
            if other is not None:  # "Jarablus city in Aleppo countryside": the governorate, not the city, holds it
                m.held_by = other
            else:
                m.fallback = at_seat(gaz, unit)


def _unit_other_level(gaz: Gazetteer, doc, named: list[_Mention], unit: GeoEntry,
                      entry: GeoEntry | None) -> GeoEntry | None:
    """A division of the unit's name at another level, of its country, that holds the name's own reading: "Aleppo"
    names a city and a governorate of Syria, and Jarablus lies in the governorate, 100 km from the city. None where
    there is none (the name is then drawn at its unit)."""
    if entry is None or entry.feature != "city":
        return None
    for b in named:
        if b.entry is unit:
            return next((e for e in gaz.candidates(doc[b.start_tok:b.end_tok].text) if e is not unit
                         and e.country == unit.country and e.feature in ("admin1", "admin2")
                         and e.feature != unit.feature and _fits(entry, e)), None)
    return None


# the score difference (about log10 of a population ratio, plus the context's bonuses) that weighs a reading e
# times less. On the ACLED world train notes (places v16; `eventwire eval acled` prints the bands), events whose
# place has an ambiguity of 0.3 or more were placed within 25 km in 71% of notes (138), those under 0.05 in 93%
# (3,311); scales 1 and 3 ranked the misses about as well (AUC 0.61 and 0.62, against 0.62, before rivals were
# grouped by division: 0.60 with any grouping)
AMBIGUITY_SCALE = 2.0


def ambiguity(scores: Sequence[tuple[float, GeoEntry]], chosen: GeoEntry, keep=None) -> float:
    """How open the choice of `chosen` among the scored readings was (`Place.ambiguity`): one less its share of
    their exponentiated scores. The readings within AMBIGUOUS_KM of it and the divisions that hold it count with it
    (Kharkiv's oblast is no rival of the city); of the others, the best of each first-level division counts (the
    hamlets of one province called Paris are one rival; the Springfields of Illinois and Missouri two). `keep` (a
    test of a reading) leaves out the readings the text's units rule out. 0.0 for a name of one reading."""
    pts = [(s, e) for s, e in scores if keep is None or keep(e)]
    if not pts:
        return 0.0
    top = max(s for s, _ in pts)
    mine = 0.0
    rivals: dict[tuple[str | None, str | None], float] = {}
    for s, e in pts:
        w = math.exp((s - top) / AMBIGUITY_SCALE)
        if e is chosen or haversine_km(e.lat, e.lon, chosen.lat, chosen.lon) <= AMBIGUOUS_KM or _holds(e, chosen):
            mine += w
        else:
            rivals[(e.country, e.admin1)] = max(rivals.get((e.country, e.admin1), 0.0), w)
    # a reading the hierarchy chose that no score reached: as uncertain as an even share
    share = mine / (mine + sum(rivals.values())) if mine else 1.0 / (len(rivals) + 1)
    return round(1.0 - share, 3)


def _holds(division: GeoEntry, e: GeoEntry) -> bool:
    """Is `division` a first- or second-level division that `e` lies in?"""
    if division.country != e.country or division is e:
        return False
    if division.feature == "admin1":
        return bool(division.admin1) and division.admin1 == e.admin1
    return division.feature == "admin2" and bool(e.admin2) and division.name == e.admin2


def reading_doubt(m: _Mention) -> float:
    """`Place.ambiguity` of a mention's reading: among the readings that lie in the unit named after it, where
    it lies in one ("Santa Ana (Tucuman)": the Santa Anas of other provinces are no rivals)."""
    unit = m.held_by
    return ambiguity(m.scores, m.entry, None if unit is None else (lambda e: _fits(e, unit)))


def seat_point(gaz, name: str, country: str | None, admin1: str | None, lat: float, lon: float
               ) -> tuple[float, float] | None:
    """The point of a first-level division's namesake town, its seat ("Buenos Aires" province -> the city): a
    city of that name in the division (or within 400 km of its point), the most populous; None without one.
    ACLED draws an event known only to lie in a province at its capital (geo-precision 3)."""
    # a namesake outside a division with a GeoNames code is its seat only as a city of 100,000 (Buenos Aires of its
    # province): no Guerrero village of Hidalgo for Guerrero, whose capital has another name
    coded = geonames_code(admin1)
    towns = [e for e in gaz.candidates(name) if e.feature == "city" and e.country == country
             and (e.admin1 == admin1 or (haversine_km(e.lat, e.lon, lat, lon) < 400
                                         and (not coded or e.population >= 100_000)))]
    if not towns:
        return None
    seat = max(towns, key=lambda e: (e.admin1 == admin1, e.population))
    return seat.lat, seat.lon


def at_seat(gaz: Gazetteer, unit: GeoEntry) -> GeoEntry:
    """A first-level division moved to its seat (`seat_point`), as `events` draws a province event: a town the
    gazetteer lacks, named with its province, is drawn there. Other units, and a division without a namesake
    town, keep their point."""
    if unit.feature != "admin1":
        return unit
    got = seat_point(gaz, unit.name, unit.country, unit.admin1, unit.lat, unit.lon)
    return unit if got is None else replace(unit, lat=got[0], lon=got[1])


def read_as_place(doc, start: int, end: int, gaz: Gazetteer, countries: Sequence[str]) -> bool:
    """Is the name doc[start:end], which the tagger took for a person or an organisation, a place by its
    context? The name is read up to a bracket or a spaced dash ("[Mondoro (Douentza, Mopti]ORG").

    - a word for a kind of place leads to it or follows it: "the village of Djiguibombo", "Yinmarbin
      district", "in Makuudo village", "in Ar Raqqa countryside";
    - it is a name the gazetteer knows in a parenthesis after a place or a unit word: "Cali Fool Dheere
      village (Jowhar, Middle Shabelle)";
    - or a placing word leads to it ("in", "near"; a noun of places.yaml `place_of_nouns` + "of": "the
      detachment of Djibo"), or a unit word or a parenthesis follows it, and the gazetteer knows it in one of
      the story's countries (or, led by a placing word, as a division or a city of 100,000)."""
    e = start
    while e < end and doc[e].text not in _BRACKETS and not _spaced_dash(doc, e):
        e += 1
    if e < end and doc[e - 1].tag_ == "POS":
        e -= 1
    if e <= start:
        return False
    k = _word_before(doc, start)
    prev = doc[k].lower_ if k >= 0 else ""
    noun = doc[k - 1].lemma_.lower() if prev == "of" and k > 0 else ""
    if noun in _LOCAL_WORDS | _ADMIN2_WORDS | _ADMIN_WORDS:
        return True  # "the village of Djiguibombo"
    nxt = doc[e].lower_ if e < len(doc) and doc[e].is_lower else ""
    if nxt in _ADMIN2_WORDS | _ADMIN_WORDS:
        return True  # "Yinmarbin district", "Thi Qar province"
    led = prev in _PLACING or noun in gaz.lexicon_words("place_of_nouns")
    if led and nxt in _LOCAL_WORDS:
        return True  # "in Makuudo village", "in Ar Raqqa countryside"
    if _in_parens(doc, start, e) and _after_unit(doc, start) and gaz.candidates(doc[start:e].text):
        return True  # "Cali Fool Dheere village (Jowhar, Middle Shabelle)"
    if not (led or nxt in _LOCAL_WORDS or (e < len(doc) and doc[e].text == "(")):
        return False
    focus = set(countries[:3])
    return any(c.country in focus or (led and (c.feature != "city" or c.population >= 100_000))
               for c in gaz.candidates(doc[start:e].text))
