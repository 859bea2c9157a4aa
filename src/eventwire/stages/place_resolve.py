"""Resolution of place mentions to gazetteer entries: the candidates of each name scored in two passes (see
`stages/places.py` for the whole account).

First pass: log population, feature type (country > region > admin1 > city; capitals), the exact primary name,
countries named in the article, "X, Y" and "X (Y)" pairs; then again with the first-level divisions that first
reading found named in the article (a town or county of a shared name lies in them). Second pass: the countries
of, and distance to, the confident first-pass choices for the other names of the article. `stray`: a village
read abroad among names of one other country, which `places` leaves unplaced.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from difflib import SequenceMatcher

from eventwire.gazetteer import GeoEntry, Gazetteer, geonames_code, haversine_km, normalize
from eventwire.gazetteer_index import _admin2_names
from eventwire.places_lexicon import is_municipal
from eventwire.stages.place_words import _PLACE_LABELS, _Mention, _last_in_parens

_FEATURE_BONUS = {"country": 6.0, "region": 5.0, "sea": 5.0, "admin1": 3.0, "city": 0.0}
# short country names two states share; the article's other places and actors decide between them
# what a town or county gains for lying in a first-level division the article names (the most named one)
_DIVISION_WEIGHT = 2.0
_BIG_TOWN = 100_000
_SHARED_COUNTRY_NAMES = {"congo": ("COD", "COG"), "korea": ("KOR", "PRK")}


def gate(m: _Mention, e: GeoEntry, hint: Collection[str], sole: bool = False) -> bool:
    """Is entry `e` plausible for a mention without a place label? `sole`: `e` is the one entry of its name."""
    # a small town vouched for by its division ("Villa Iris (Buenos Aires)"), or a sizeable one that holds a
    # name placed in it ("Kherson" of "Mala Shestirnya, Kherson")
    if m.label in _PLACE_LABELS or m.paired or (m.container >= 0 and not m.comma) or (
            m.unit and e.population >= 10_000):
        return True
    if e.feature != "city" and not is_municipal(e):
        return True  # a division; one of places.yaml `municipal_divisions` is gated as the town it is (v19)
    if (m.cue2 or m.town) and e.country in hint and m.label in ("", "ORG", "PERSON"):
        return True  # an alternate name marked by its unit word, in the story's country: "[Sopore]ORG town
        # (Baramulla district, J&K)" is GeoNames' Sopur
    name = normalize(e.name)
    if name != m.key and not m.key.startswith(name + " ") and f" {name} " not in f" {m.key} " \
            and SequenceMatcher(None, name, m.key).ratio() < 0.75 and not _respelt(name, m.key):
        return False  # an alternate name, no mere respelling, without a place label: "Hamas" is not Hamm (an
        # official name holding the name is one: "Heroica Puebla de Zaragoza" is Puebla, v15)
    if e.population >= 100_000:
        return True
    if (m.cue2 or m.town) and e.country in hint:
        return True  # a name its unit word marks as a place, in the story's country, any size: "(Al Amadiya
        # district) of Duhok", "Kaliganj upazila (Gazipur)", "Yaradona village (Raichur district, Karnataka)"; the
        # unit word outweighs a people's label: "leaving [Tadmor]NORP city", "(coded to [Sugapa]NORP district)"
    if m.led and (not hint or sole) and name == m.key and m.label != "NORP":
        # "demonstrated in Vallet": a town after "in" where the article names no country at all, or the one place
        # of its name on earth ("demonstrated in Volkach against the war in Ukraine")
        return True
    if e.country in hint and m.led and m.label != "NORP":
        return True  # a town of the story's country after "in", "of", "near": any size (GeoNames says 0 for unknown)
    return e.country in hint and e.population >= 5_000 and m.label != "NORP"


# a town abroad that `stray` leaves unplaced: under this population, beside this many names of one other country
STRAY_MAX_POP = 10_000
STRAY_OTHERS = 3


def stray(m: _Mention, e: GeoEntry, mentions: list[_Mention], countries_hint: Sequence[str]) -> bool:
    """A village or small town (under STRAY_MAX_POP) read in a country that no other name of the article points
    to, while at least STRAY_OTHERS other names lie in one other country: the gazetteer's only namesake abroad of a
    place it lacks ("at Heathrow" in a story of London, Edinburgh and the UK: a Florida town; "in Piccadilly":
    an Australian one). Left unplaced rather than put on another continent; a locative word does not save it, a
    unit word or a division beside it does ("Heathrow (Florida)", "Hinton, Iowa")."""
    if e.feature != "city" or e.population >= STRAY_MAX_POP or m.paired or m.unit or m.cue2 or (
            m.container >= 0 and not m.comma) or e.country in countries_hint[:3]:
        return False
    names: dict[str, set[str]] = {}
    for o in mentions:
        if o.entry is not None and o.group != m.group and o.entry.country:
            names.setdefault(o.entry.country, set()).add(o.group)
    if e.country in names:
        return False
    return any(len(groups) >= STRAY_OTHERS for groups in names.values())



_AR_ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|at|ad|an|az|adh|ath)[-\s]")


_SQUASH = re.compile(r"['\-\s]")


def _squash(name: str) -> str:
    """A name without apostrophes, hyphens and spaces: "dar'a" and "dara", "al-kut" and "al kut" read alike."""
    return _SQUASH.sub("", name)


def _respelt(name: str, key: str) -> bool:
    """An Arabic name written without its article or final h: "Raqqa" for Ar Raqqah, "Kut" for Al-Kut, "Hasakeh"
    for Al Hasakah."""
    core = _AR_ARTICLE.sub("", name)
    if core == name:
        return False
    key = _AR_ARTICLE.sub("", key)
    return core == key or core.rstrip("h") == key.rstrip("h") or SequenceMatcher(None, core, key).ratio() >= 0.8


def resolve(gaz: Gazetteer, doc, text: str, mentions: list[_Mention],
            countries_hint: Sequence[str]) -> dict[str, float]:
    """Set `entry` on every mention; return the country weights used (ISO3 -> 0.4..1).

    Two passes: the first scores each name on its own (population, feature, the caller's hint and the
    countries named in the article); its confident choices then give the context (countries of the places
    named, points to be near) for the second."""
    cands: dict[str, list[GeoEntry]] = {}
    labelled: set[str] = set()
    freq: Counter[str] = Counter()
    in_hierarchy = {mentions[m.container].group for m in mentions if m.container >= 0} | {
        m.group for m in mentions if m.container >= 0}
    town_cued = {m.group for m in mentions if m.town}  # a name marked as a town once is one throughout
    for m in mentions:
        g = m.group
        if g not in cands:
            c = gaz.candidates_key(m.key) if m.key else []
            if m.key in _SHARED_COUNTRY_NAMES:  # "Congo": either state, as the article's context says
                have = {e.country for e in c if e.feature == "country"}
                c = c + [x for iso in _SHARED_COUNTRY_NAMES[m.key] if iso not in have
                         for x in [gaz.country(iso)] if x is not None]
            if m.cue:  # "La Pampa province", "(San Juan)": the division, not a town of that name
                div = [e for e in c if e.feature in ("admin1", "region")]
                if div and _last_in_parens(doc, m.start_tok, m.end_tok) and m.start_tok > 0 \
                        and doc[m.start_tok - 1].text == ",":
                    # closing a parenthesis after another name, a second-level division of a country where no
                    # first-level one bears the name: "(Mangodara, Comoe)", the province of Burkina Faso beside the
                    # Ivorian district (a unit alone, "Pueblo Andino (Santa Fe)", stays the first-level division)
                    have = {d.country for d in div}
                    div += [e for e in c if e.feature == "admin2" and e.country not in have]
                # no division of that name: a city that names a province is a large one ("Klynove, Donetsk":
                # Donetsk of a million, not the Russian town of fifty thousand that the story's actors favour)
                big = max((e.population for e in c), default=0)
                c = div or ([e for e in c if e.population * 10 >= big] if big >= 100_000 else c)
            elif m.cue2:  # "Birbhum district", "Siaya County": a division, of either level
                c = [e for e in c if e.feature in ("admin2", "admin1", "region")] or c
            elif g in town_cued:  # "Amara city": the town, where one of that name exists (not Amhara region)
                c = [e for e in c if e.feature == "city"] or c
            elif g not in in_hierarchy:
                # a bare name means a second-level division only when it is the division's own name
                # ("Birbhum"), not the name less its designator ("Hall" of "Hall County")
                # ... and one of places.yaml (Nepal's "Bara") only when marked or in a hierarchy: "shelled Bara in
                # Idleb governorate" is no district of Nepal
                c = [e for e in c if e.feature != "admin2" or (normalize(e.name) == m.key and not e.curated)]
            cands[g] = c
        freq[g] += 1
        if m.label in _PLACE_LABELS:
            labelled.add(g)
    # countries named in the article, most frequent first; the caller's hint first. A division marked as
    # one ("Rio Negro province") counts for its country when all its readings lie in one country.
    counts: Counter[str] = Counter()
    for key, c in cands.items():
        if c and c[0].feature == "country":
            counts[c[0].country] += freq[key]
        elif c and c[0].feature == "admin1" and c[0].country and not is_municipal(c[0]) and len(
                {e.country for e in c if e.feature in ("admin1", "region") or (
                    e.feature == "admin2" and "\x00" in key)}) == 1:
            # "Rio Negro province", "(La Pampa)", "Queensland"; not "(Mangodara, Comoe)", read as a district of Côte
            # d'Ivoire or a province of Burkina Faso (a marked division's second-level readings are kept above only
            # there); nor a municipality (`is_municipal`: "Moulins": a quarter of Monaco, v19)
            counts[c[0].country] += freq[key]
    hint_rank = _rank_weights(countries_hint)
    for iso, w in _rank_weights(iso for iso, _ in counts.most_common()).items():
        hint_rank.setdefault(iso, w)
    _paren_constraint(doc, mentions, cands)
    pair_bonus = _pairs(doc, text, mentions, cands)

    first = {key: _best(key, c, hint_rank, (), pair_bonus) for key, c in cands.items() if c}
    # the first-level divisions the article names ("Mo.", "Iowa"), most named first: a town or county of a name
    # many divisions share lies in one of them ("Monroe County" beside "Missouri"), in both passes
    div_rank = _division_rank(first, freq)
    if div_rank:  # read again only the names with a town or county in one of them: the others score the same
        first.update({key: _best(key, c, hint_rank, (), pair_bonus, divs=div_rank) for key, c in cands.items()
                      if any(e.feature in ("city", "admin2") and e.admin1 in div_rank for e in c)})
    where: dict[str, list[int]] = {}
    for m in mentions:
        where.setdefault(m.group, []).append(doc[m.start_tok].idx)
    # context from confident first choices: places with a place label or of some size
    anchors: list[tuple[str, GeoEntry, float]] = []  # (name, entry, weight by distance in the text)
    implied: Counter[str] = Counter()
    for key, e in first.items():
        if e.feature == "country":
            continue
        if key in labelled or e.feature != "city" or e.population >= 10_000:
            anchors.append((key, e, 0.0))
            if e.country:
                implied[e.country] += freq[key]
    for iso, _ in implied.most_common():
        hint_rank.setdefault(iso, 0.5)
    # admin hierarchy consistency: the countries the article's other places lie in (first-pass choices)
    placed: Counter[str] = Counter()
    for key, e in first.items():
        if e.country:
            placed[e.country] += freq[key]
    total = sum(placed.values())
    chosen = {}
    scored: dict[str, list[tuple[float, GeoEntry]]] = {}
    for key, c in cands.items():
        if not c:
            continue
        own = Counter(e.country for e in [first[key]] if e.country) if key in first else Counter()
        rest = total - sum(own.values())
        share = {iso: (n - own[iso]) / rest for iso, n in placed.items()} if rest > 0 else {}
        near = []
        for k, e, _ in anchors:
            if k == key:
                continue
            gap = min(abs(a - b) for a in where[key] for b in where[k])
            near.append((k, e, 1.0 if gap < 400 else 0.6 if gap < 1500 else 0.35))
        ties: list[GeoEntry] = []
        scored[key] = []
        best = _best(key, c, hint_rank, near, pair_bonus, share, div_rank, ties, scored[key])
        if key not in in_hierarchy and _unsized(best) and any(
                _unsized(t) and haversine_km(t.lat, t.lon, best.lat, best.lon) > AMBIGUOUS_KM for t in ties):
            # one of several villages of the name, nothing in the story choosing among them: unplaced (a village
            # with its units, "Ho Nar village (Namhkan township, ...)", is placed by them: place_hierarchy)
            continue
        chosen[key] = best
    _country_or_division(cands, chosen, freq)
    for m in mentions:
        m.entry = chosen.get(m.group)
        m.scores = scored.get(m.group, [])
        m.paired = m.entry is not None and pair_bonus.get((m.group, id(m.entry)), 0.0) >= 3.0
    return hint_rank


# readings of one name this far apart that score the same, both of unknown size: no reading is chosen
AMBIGUOUS_KM = 25.0


def _unsized(e: GeoEntry) -> bool:
    """A village of unknown size (Myanmar's, of MIMU's place codes): with nothing else to tell two of one name
    apart, their order in the index would choose."""
    return e.village and not e.population


def _division_rank(first: dict[str, GeoEntry], freq: Counter[str]) -> dict[str, float]:
    """GeoNames admin1 code -> weight (1.0 for the most named, 0.2 less for each next, at least 0.4) of the
    first-level divisions the article names, as the first pass read them. Only divisions tied to a GeoNames code:
    their towns carry the same code."""
    named: Counter[str] = Counter()
    for key, e in first.items():
        if e.feature == "admin1" and geonames_code(e.admin1):
            named[e.admin1] += freq[key]
    return _rank_weights(code for code, _ in named.most_common())


def _rank_weights(ranked: Iterable[str]) -> dict[str, float]:
    """Each item's weight by its rank: 1.0 for the first, 0.2 less for each next, at least 0.4 (the first rank of
    an item listed twice)."""
    out: dict[str, float] = {}
    for r, item in enumerate(ranked):
        out.setdefault(item, max(0.4, 1.0 - 0.2 * r))
    return out


def _country_or_division(cands: dict[str, list[GeoEntry]], chosen: dict[str, GeoEntry],
                         freq: Counter[str]) -> None:
    """"Georgia" among American places is the state: a country reading that nothing else in the article
    supports gives way to a division of a country that at least two other mentions point to."""
    support: Counter[str] = Counter()
    for key, e in chosen.items():
        if e.country:
            support[e.country] += freq[key]
    for key, e in chosen.items():
        if e.feature != "country":
            continue
        own = freq[key]
        if support[e.country] > own:
            continue  # the country is named or implied elsewhere too
        alt = [d for d in cands[key] if d.feature == "admin1" and d.country != e.country
               and support[d.country] >= 2]
        if alt:
            chosen[key] = max(alt, key=lambda d: (support[d.country], d.population))


def _paren_constraint(doc, mentions, cands: dict[str, list[GeoEntry]]) -> None:
    """"Nelson (Santa Fe)", "San Fernando (Buenos Aires)", "Barh axis (Maqbanah, Taizz)": the names in the
    parenthesis say which country the name before it lies in. A single division decides by its division
    readings; two names or more decide when the countries of all their readings share one country only. Readings in
    other countries contradict the text and are dropped, even when that leaves none (a town the gazetteer lacks
    is better unplaced than put in New Zealand)."""
    for x, a in enumerate(mentions):
        # "Monte Grande municipality (Buenos Aires)", "Barh axis (Maqbanah, Taizz)" too
        k = a.end_tok + (1 if a.end_tok < len(doc) and doc[a.end_tok].is_lower and doc[a.end_tok].tag_ == "NN"
                         else 0)
        if k >= len(doc) or doc[k].text != "(" or x + 1 >= len(mentions) or mentions[x + 1].start_tok != k + 1:
            continue
        inside = []
        for b in mentions[x + 1:x + 5]:
            if any(doc[t].text in (")", "(") for t in range(k + 1, b.start_tok)):
                break
            inside.append(b)
            if _last_in_parens(doc, b.start_tok, b.end_tok):
                break
        else:
            continue
        if len(inside) == 1:
            b = inside[0]
            if b.group == a.group:
                continue
            # (not a municipality, `is_municipal`: "Rabat (Rabat)" is no town of Malta's Rabat council, v19)
            countries = {e.country for e in cands.get(b.group, []) if e.feature in ("admin1", "region", "country")
                         and not is_municipal(e)}
        else:
            sets = [{e.country for e in cands.get(b.group, [])} for b in inside if b.group != a.group]
            countries = set.intersection(*sets) if len(sets) >= 2 else set()
            # the last, the largest unit, has the last word where it reads as a division: "San Justo (La Matanza,
            # Buenos Aires)" lies in Argentina, though Peru has a La Matanza and a Buenos Aires too
            # (a second-level division too: "Koflande (Mangodara, Comoe)", the Comoé province of Burkina Faso)
            last = {e.country for e in cands.get(inside[-1].group, [])
                    if e.feature in ("admin1", "admin2", "region", "country")}
            if last:
                countries &= last
        if len(countries) != 1:
            continue
        (iso,) = countries
        cands[a.group] = [e for e in cands.get(a.group, []) if e.country == iso]


def _pairs(doc, text, mentions, cands) -> dict[tuple[str, int], float]:
    """Bonus for readings that make "X, Y" or "X (Y)" consistent: Paris, Texas / Tripoli, Lebanon /
    Santa Rosa (La Pampa). A division that could not be tied to a GeoNames code (its admin1 is the ISO
    code, "AR-L") vouches for its country only."""
    bonus: dict[tuple[str, int], float] = {}
    pairs: list[tuple[_Mention, _Mention, bool]] = []
    for a, b in zip(mentions, mentions[1:]):
        between = text[doc[a.end_tok - 1].idx + len(doc[a.end_tok - 1]): doc[b.start_tok].idx].strip()
        if between == ",":
            pairs.append((a, b, False))
    for x, a in enumerate(mentions):
        # "City (Division)", "City (Capital, Division)": every name inside the parenthesis
        if a.end_tok < len(doc) and doc[a.end_tok].text == "(":
            for b in mentions[x + 1:x + 4]:
                if not _last_in_parens(doc, b.start_tok, b.end_tok) and not (
                        b.end_tok < len(doc) and doc[b.end_tok].text in (",", ")")):
                    break
                if any(doc[k].text == ")" for k in range(a.end_tok, b.start_tok)):
                    break
                pairs.append((a, b, True))
    for a, b, paren in pairs:
        ga, gb = a.group, b.group
        if ga == gb:
            continue
        for y in cands[gb]:
            if y.feature not in ("admin1", "admin2", "country") or is_municipal(y):
                continue  # (a municipality, `is_municipal`, vouches for no town: it is one, v19)
            for x in cands[ga]:
                if x.feature != "city" or x.country != y.country:
                    continue
                if y.feature == "admin2":
                    # a second-level division holds the town when both lie in one first-level division ("Mangodara
                    # (Comoe)": the province of Burkina Faso, not the Ivorian district): vouched for as a coded one
                    w = 3.0 if x.admin1 is not None and x.admin1 == y.admin1 else 0.0
                elif y.feature == "country" or x.admin1 == y.admin1 or x.admin1 is None or y.admin1 is None:
                    w = 4.0
                elif "-" in y.admin1:
                    w = 3.0
                else:
                    w = 1.0 if paren else 0.0
                if w > bonus.get((ga, id(x)), 0.0):
                    bonus[(ga, id(x))] = w
                if w > bonus.get((gb, id(y)), 0.0):
                    bonus[(gb, id(y))] = w
    return bonus


def _best(key: str, cands: list[GeoEntry], hint_rank: dict[str, float],
          anchors: Sequence[tuple[str, GeoEntry, float]],
          pair_bonus: dict[tuple[str, int], float], share: dict[str, float] | None = None,
          divs: dict[str, float] | None = None, ties: list[GeoEntry] | None = None,
          scores: list[tuple[float, GeoEntry]] | None = None) -> GeoEntry:
    """The reading of `key` that scores highest (the first of equals); `ties`, where given, receives the other
    readings that score as much, and `scores` every reading's score."""
    if len(cands) == 1:
        return cands[0]
    group = key
    key, _, cued = group.partition("\x00")
    # a national capital of exactly this name: a bare "Washington" is the capital, not the state
    capital = {e.country for e in cands if e.feature == "city" and e.capital and e.population >= 100_000
               and normalize(e.name).split(",")[0] == key}
    towns = {e.country for e in cands if e.feature == "city" and normalize(e.name) == key}
    town_codes = {(e.country, e.admin1) for e in cands if e.feature == "city" and e.admin1}  # "Bārah" for "Bara"
    # countries with a sizeable town of exactly this name: there a lone "Lagos", "San Juan", "Madrid"
    # means the town, not the ISO 3166-2 division named after it (unless marked as a division)
    namesake = set() if cued else {e.country for e in cands if e.feature == "city" and e.population >= 50_000
                                   and normalize(e.name) == key}
    # ... or by an alternate name, lying in the division: "Hama" (Hamah), "Raqqa" (Ar Raqqah)
    seat_codes = set() if cued else {(e.country, e.admin1) for e in cands if e.feature == "city"
                                     and e.population >= 50_000 and e.admin1}
    # countries with a city of 100,000 of exactly this name: a bare "Bari", "Cordoba", "San Jose" is that city
    # before a first-level division of another country (Bari, Somalia; Cordoba, Colombia; San Jose, Uruguay),
    # unless the article points to the division's country
    cities = set() if cued else {e.country for e in cands if e.feature == "city" and e.population >= 100_000
                                 and normalize(e.name) == key}
    squashed = _squash(key)
    if divs and any(e.feature not in ("city", "admin2") or (e.feature == "city" and e.population >= _BIG_TOWN)
                    for e in cands):
        # the named divisions decide among towns and counties of one name only: not for a name that is also a
        # division or a country ("Ontario" beside "California"), nor against a city of 100,000 ("Boston", "Paris")
        divs = None
    best, best_s = cands[0], -math.inf
    scored: list[tuple[float, GeoEntry]] = []
    for e in cands:
        # GeoNames population 0 means unknown, not empty: count it as a small town
        if e.feature == "city":
            pop, bonus = e.population or 2_000, 0.0
        elif e.feature == "admin2":
            # its population sums its towns; a district bare-named beside a town of that name is the town (the
            # seat rule of first-level divisions: "Bara" is the Sudanese town, not Bara district around it)
            pop, bonus = e.population or 2_000, (2.0 if cued else -5.0 if e.country in towns
                                                 or (e.country, e.admin1) in town_codes else 0.0)
        elif is_municipal(e):
            # a division that is a municipality, not a province (places.yaml `municipal_divisions`): Monaco's
            # quarter Moulins, Slovenia's Grad, Malta's Rabat weigh as the towns they are (v19)
            pop, bonus = e.population or 2_000, 0.0
        elif e.feature == "admin1" and not e.population:
            pop, bonus = 100_000, 1.0  # a division tied to no GeoNames code: size unknown
        elif e.iso_division:
            # an ISO 3166-2 division (eventwire.admin1): its population sums its towns, so it is worth less
            # than the same sum for a curated division or a US state
            pop, bonus = max(e.population, 1_000_000), 1.5
        else:
            pop, bonus = max(e.population, 1_000_000), _FEATURE_BONUS[e.feature]
        s = math.log10(pop + 10) + bonus
        if e.iso_division and (e.country in namesake or (e.country, e.admin1) in seat_codes):
            s -= 5.0  # only ISO 3166-2 divisions: a curated one or a US state ("Washington") keeps its rank
        elif cities and e.feature == "admin1" and e.admin1 and e.country not in cities \
                and not e.admin1.startswith("US.") and not e.curated:
            s -= 5.0  # a first-level division of ISO 3166-2 or GeoNames; not a US state nor one of places.yaml
        if e.feature == "admin1" and not cued and e.country in capital:
            s -= 5.0  # "Washington" said: the capital; "Washington state" stays the state
        if share:
            s += 2.0 * share.get(e.country, 0.0)
        if e.capital:
            s += 1.5
        if normalize(e.name) == key or _squash(normalize(e.name)) == squashed:
            s += 1.0  # its own name, or that name less apostrophes, hyphens and spaces: "Dara" (Dar'a), "Marib"
        elif cities and e.feature == "city" and e.population < 100_000:
            # a town known by this name only as an alternate one, while a city of 100,000 bears it as its own:
            # "Nancy" is the French city, not Ridgetop (USA, "Nancy" among its alternate names), even in a story
            # that names the USA; a city of that size keeps its short name ("Newcastle": Newcastle upon Tyne)
            s -= 1.5
        if e.country in hint_rank:
            s += 3.0 * hint_rank[e.country]
        if divs and e.feature in ("city", "admin2") and e.admin1 in divs:
            s += _DIVISION_WEIGHT * divs[e.admin1]  # a town or county of a division the article names
        if e.feature == "city" and 0 < e.population < 1000:
            s -= 1.0
        if e.village:
            s -= 0.5  # a bare name of a town and of villages is the town ("Kyauk Myaung": the town of Sagaing)
        if e.feature == "city" and e.admin2 and key in {normalize(n) for n in _admin2_names(e.admin2)}:
            # the seat of the district of its name: "El Salto" of El Salto municipality, Jalisco; Caceres of the
            # Provincia de Caceres
            s += 0.5
        # near the other places of the article, more so when they are named close by in the text
        prox = 0.0
        for _, a, w in anchors:
            if a.feature == "admin1" and geonames_code(a.admin1):
                # a division tied to a GeoNames code: lying in it counts, not the distance to its point, which is
                # no place of the story ("Vera Cruz (Bahia)": the seat, not the Vera Cruz nearest Bahia's centre;
                # "Chubut province (coded to Rawson)": Rawson of Chubut)
                prox = max(prox, 2.0 * w if e.admin1 == a.admin1 else 0.0)
                continue
            d = haversine_km(e.lat, e.lon, a.lat, a.lon)
            # within 25 km counts a little more: of two villages of one name in the same district, the one by
            # the township or town the story names ("Kyee Pin village in Myo Gyi township")
            prox = max(prox, w * (2.5 if d < 25 else 2.0 if d < 100 else 1.0 if d < 300 else 0.5 if d < 1000
                                  else 0.0))
        s += prox
        s += pair_bonus.get((group, id(e)), 0.0)
        scored.append((s, e))
        if s > best_s:
            best, best_s = e, s
    if ties is not None:
        ties.extend(e for s, e in scored if e is not best and s == best_s)
    if scores is not None:
        scores.extend(scored)
    return best
