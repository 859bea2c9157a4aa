"""Villages, towns and townships of Myanmar for the gazetteer index (see `eventwire.gazetteer_index`): MIMU's
place codes (Myanmar Information Management Unit, version 9.6 of February 2025), as the mm-geo-coder package
ships them in an SQLite file (the package is not imported, its data file is read; the package is MIT-licensed,
its data MIMU's, to be used with attribution). GeoNames has few of Myanmar's populated places under 1,000
people, and Myanmar's events are mostly placed at a village or a township.

Records are plain tuples in the index's layout (geonames id 0, lat, lon, population 0, name, GeoNames admin1
code, "MMR", feature "city" with VILLAGE_FLAG for a village, GeoNames-style admin2 "<district> District").
Villages and towns without a point
are left out; a township is placed at its town of the same name, else at the median of its villages."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from importlib import metadata
from pathlib import Path

from eventwire.geo import haversine_km
from eventwire.places_lexicon import FEATURES

_DB = "mm_geo_coder/database/mimu_geo_data_public.db"
# the feature byte's bit of a village (gazetteer_index: the low bits are the feature, 0x80 a capital)
VILLAGE_FLAG = 0x40
_PARENS = re.compile(r"\s*\([^()]*(?:\([^()]*\))?[^()]*\)\s*")
_TOWN = re.compile(r"\s+town$", re.I)
# Myanmar's bounding box: a few of MIMU's points are misfiled far outside it (a town's wards in South Africa)
_LAT, _LON = (9.5, 28.6), (92.1, 101.2)


def _inside(lat: float | None, lon: float | None) -> bool:
    return bool(lat and lon) and _LAT[0] <= lat <= _LAT[1] and _LON[0] <= lon <= _LON[1]


def mimu_version() -> str:
    """The mm-geo-coder version whose place codes the index holds; "none" where the package or its file is absent
    (so that the index key changes when the file comes or goes)."""
    try:
        version = metadata.version("mm_geo_coder")
    except metadata.PackageNotFoundError:
        return "none"
    return version if _db_path() is not None else "none"


def _db_path() -> Path | None:
    try:
        p = Path(str(metadata.distribution("mm_geo_coder").locate_file(_DB)))
    except metadata.PackageNotFoundError:
        return None
    return p if p.is_file() else None


def village_names(name: str) -> set[str]:
    """A village's name and, where it has a parenthesised part, the name without it ("Hle Seik (East)" ->
    "Hle Seik"): text names the village either way."""
    name = name.strip()
    out = {name}
    short = _PARENS.sub(" ", name).strip()
    if short and short != name and len(short) > 2:
        out.add(short)
    return out


def _median(pts: list[tuple[float, float]]) -> tuple[float, float]:
    lats = sorted(p[0] for p in pts)
    lons = sorted(p[1] for p in pts)
    return lats[len(lats) // 2], lons[len(lons) // 2]


def _state_codes(states: dict[str, list[tuple[float, float]]],
                 towns: list[tuple[float, float, str, str]]) -> dict[str, str]:
    """MIMU state -> GeoNames admin1 code: the code most of its (sampled) villages' nearest GeoNames towns bear."""
    out: dict[str, str] = {}
    if not towns:
        return out
    for st, pts in states.items():
        step = max(1, len(pts) // 200)
        votes = Counter(min(towns, key=lambda t: haversine_km(la, lo, t[0], t[1]))[2] for la, lo in pts[::step])
        out[st] = votes.most_common(1)[0][0]
    return out


def read_mimu(towns: list[tuple[float, float, str, str]], key) -> list[tuple[set[str], tuple]]:
    """(names, record) pairs of Myanmar's villages, towns and townships; [] when mm-geo-coder is not installed.
    `towns` are GeoNames' towns of Myanmar as (lat, lon, admin1 code, name key), which name MIMU's states by
    code; a MIMU place within 10 km of a GeoNames town of the same name (by `key`, the index's normalisation)
    is that town and is left out."""
    path = _db_path()
    if path is None:
        return []
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        villages = con.execute("SELECT village_eng, township_eng, district_eng, state_eng, latitude, longitude "
                               "FROM villages").fetchall()
        wards = con.execute("SELECT town_eng, township_eng, district_eng, state_eng, latitude, longitude "
                            "FROM wards").fetchall()
    finally:
        con.close()
    states: dict[str, list[tuple[float, float]]] = {}
    townships: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    town_pts: dict[tuple[str, str, str, str], list[tuple[float, float]]] = {}
    rows: list[tuple[str, str, str, float, float]] = []
    for name, tsp, dist, st, lat, lon in villages:
        if not name or not _inside(lat, lon):
            continue
        states.setdefault(st, []).append((lat, lon))
        townships.setdefault((tsp, dist, st), []).append((lat, lon))
        rows.append((name, dist, st, lat, lon))
    for town, tsp, dist, st, lat, lon in wards:
        if not town or not _inside(lat, lon):
            continue
        states.setdefault(st, []).append((lat, lon))
        town_pts.setdefault((_TOWN.sub("", town.strip()), tsp, dist, st), []).append((lat, lon))
    code = _state_codes(states, towns)
    out: list[tuple[set[str], tuple]] = []
    known: dict[str, list[tuple[float, float]]] = {}
    for la, lo, _a1, k in towns:
        known.setdefault(k, []).append((la, lo))

    def add(names: set[str], r: tuple) -> None:
        if not any(haversine_km(r[1], r[2], la, lo) < 10 for la, lo in known.get(key(r[4]), [])):
            out.append((names, r))

    def rec(name: str, dist: str, st: str, lat: float, lon: float, village: bool = False) -> tuple:
        a2 = f"{dist.strip()} District" if dist else ""
        feat = FEATURES.index("city") | (VILLAGE_FLAG if village else 0)
        return (0, lat, lon, 0, name, code.get(st, ""), "MMR", feat, a2)

    town_at: dict[tuple[str, str], tuple[float, float]] = {}
    for (town, tsp, dist, st), pts in town_pts.items():
        lat, lon = _median(pts)
        town_at[(town.casefold(), st)] = (lat, lon)
        add({town}, rec(town, dist, st, lat, lon))
    for (tsp, dist, st), pts in townships.items():
        if not tsp or (tsp.casefold(), st) in town_at:
            continue  # the township's town stands for it
        lat, lon = _median(pts)
        add({tsp}, rec(tsp, dist, st, lat, lon))
    for name, dist, st, lat, lon in rows:
        add(village_names(name), rec(name.strip(), dist, st, lat, lon, village=True))
    return out
