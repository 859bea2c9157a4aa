"""Reading and validating the knowledge-base files into the records of `eventwire.kb`.

`_load` reads the packaged actor files (`eventwire/data/actors/*.yaml`), then the user's extension files,
through `_Builder` (per-entry checks, merging of extensions, generated government and military entries,
cross-reference checks), and the generic agent nouns (`data/lexicons/sectors.yaml`, `_load_nouns`). Every
problem raises `DataError` naming the file and the entry. Call it through `load_kb`.

Entry schema::

    - id: badr-organisation        # states: ISO3; institutions: "ISO3:SECTOR[:slug]"; others: a lowercase slug
      name: Badr Organisation
      kind: armed_group            # state | armed_group | person | organisation
      country: IRQ                 # ISO3 of a state entry, or null
      operates_in: UKR             # ISO3 of the one state where a mission of no country works (OSCE SMM), or null
      sector: REB                  # PLOVER agent code
      aliases: [Badr Organization, Badr]
      affiliations:                # {relation, by|of|with: id}
        - {relation: backs, by: IRN}              # IRN backs this actor      -> ("backed_by", "IRN")
        - {relation: backs, of: X}                # this actor backs X        -> ("backs", X)
        - {relation: member_of, of: "IRQ:MIL:pmf"}                            -> ("member_of", ...)
        - {relation: allied, with: X} / {relation: hostile, with: X}          -> ("allied"|"hostile", X)
      demonyms: [Iraqi, Iraqis]    # states only
      capital: Baghdad             # states only
      geonames_id: 99237           # states only
      role: {relation: leads, of: "SYR:GOV", title: President}   # persons only -> ("leads", "SYR:GOV")
      note: free text, ignored

Every state gets a government ("ISO3:GOV") and a military ("ISO3:MIL") entry generated here unless the data
defines them; a data entry with such an id is merged over the generated one (aliases are added).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import RootModel, StrictStr, field_validator

from eventwire.errors import DataError
from eventwire.lexicons import validated
from eventwire.kb import _SPACES, KINDS, NOUN_KINDS, RELATIONS, SECTORS, KBEntry, KnowledgeBase, normalise_alias

try:  # the C loader is several times faster; fall back to the pure-Python one
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_KEYS = frozenset(
    "id name kind country operates_in sector aliases affiliations demonyms capital geonames_id role note".split()
)
_STATE_ONLY = ("demonyms", "capital", "geonames_id")
_ISO3 = re.compile(r"[A-Z]{3}\Z")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_INST = re.compile(r"([A-Z]{3}):([A-Z]{3})(?::([a-z0-9]+(?:-[a-z0-9]+)*))?\Z")
_ACTORS_DIR = "data/actors"
_SECTORS_FILE = "data/lexicons/sectors.yaml"


@lru_cache(maxsize=16)
def _load(extensions: tuple[tuple[str, int], ...]) -> KnowledgeBase:
    raw: list[tuple[str, list[dict[str, Any]]]] = []
    pkg = resources.files("eventwire").joinpath(_ACTORS_DIR)
    for res in sorted((r for r in pkg.iterdir() if r.name.endswith((".yaml", ".yml"))), key=lambda r: r.name):
        raw.append((f"eventwire/data/actors/{res.name}", _entries_of(res.read_text("utf-8"), res.name)))
    builder = _Builder()
    for fname, items in raw:  # cross-references are checked once everything is in (finish)
        builder.collect(fname, items, extension=False)
    builder.add_institutions()
    for path, _ in extensions:
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(f"cannot read knowledge-base extension file ({exc})", path=path) from None
        builder.collect(path, _entries_of(text, path), extension=True)
    entries = builder.finish()
    sectors_res = resources.files("eventwire").joinpath(_SECTORS_FILE)
    nouns = _load_nouns(sectors_res.read_text("utf-8"), "eventwire/data/lexicons/sectors.yaml")
    return KnowledgeBase(entries, nouns)


def _entries_of(text: str, fname: str) -> list[dict[str, Any]]:
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", path=fname) from None
    if data is None:
        return []
    if isinstance(data, dict) and set(data) == {"actors"}:
        data = data["actors"] or []
    if not isinstance(data, list):
        raise DataError("expected a list of entries (or a mapping with one key, 'actors')", path=fname)
    return data


class _Builder:
    """Collects raw entries from files, merges extensions, then validates cross-references."""

    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}
        self.origin: dict[str, str] = {}  # id -> file that (last) defined it
        self.generated: set[str] = set()  # ids made by add_institutions and not yet defined by data

    def collect(self, fname: str, items: list[Any], *, extension: bool) -> None:
        seen_here: set[str] = set()
        for n, item in enumerate(items, 1):
            partial = extension and isinstance(item, dict) and item.get("id") in self.items
            e = self._check(fname, n, item, partial=partial)
            eid = e["id"]
            if eid in seen_here:
                raise DataError(f"entry {eid!r} is defined twice in this file", path=fname)
            seen_here.add(eid)
            if eid in self.items and not extension and eid not in self.generated:
                raise DataError(f"entry {eid!r} is already defined in {self.origin[eid]}; ids must be unique "
                                "(a user extension file may redefine an id, a packaged file may not)", path=fname)
            if eid in self.items and (extension or eid in self.generated):
                self._merge(self.items[eid], e)
                self.generated.discard(eid)
            else:
                self.items[eid], self.origin[eid] = e, fname

    def add_institutions(self) -> None:
        """Generated government and military entries for every state, merged under any data entry."""
        taken = {normalise_alias(a).lower() for e in self.items.values() for a in [e["name"], *e.get("aliases", [])]}
        owner: dict[str, str] = {}  # a demonym shared by states belongs to the first that lists it
        for sid, s in self.items.items():
            if s["kind"] == "state":
                for d in s.get("demonyms", []):
                    owner.setdefault(d, sid)
        for sid, s in list(self.items.items()):
            if s["kind"] != "state":
                continue
            adjectives = [a for a in _adjectives(s.get("demonyms", [])) if owner.get(a) == sid]
            name = s["name"]
            for sector, noun, extra in (
                ("GOV", "government", ("authorities", "administration")),
                ("MIL", "military", ("army", "armed forces", "forces", "troops", "defence forces")),
            ):
                iid = f"{sid}:{sector}"
                aliases = [f"{name} {noun}", f"{noun} of {name}"]
                for adj in adjectives:
                    aliases.append(f"{adj} {noun}")
                    aliases.extend(f"{adj} {x}" for x in extra)
                aliases = [a for a in aliases if normalise_alias(a).lower() not in taken]
                gen = {"id": iid, "name": f"{name} {noun}", "kind": "organisation", "country": sid,
                       "sector": sector, "aliases": aliases, "affiliations": []}
                if iid in self.items:  # the data defined it: generated aliases go after the data's
                    data = self.items[iid]
                    data["aliases"] = list(dict.fromkeys(list(data.get("aliases", [])) + aliases))
                else:
                    self.items[iid], self.origin[iid] = gen, "(generated)"
                    self.generated.add(iid)

    @staticmethod
    def _merge(old: dict[str, Any], new: dict[str, Any]) -> None:
        if new.get("name", old["name"]) != old["name"]:  # a renamed entry keeps its old name as an alias
            old["aliases"] = list(dict.fromkeys([old["name"], *old.get("aliases", [])]))
        for k, v in new.items():
            if k in ("aliases", "demonyms"):
                old[k] = list(dict.fromkeys(list(old.get(k, [])) + list(v)))
            elif k == "affiliations":
                old[k] = list(old.get(k, [])) + [a for a in v if a not in old.get(k, [])]
            elif k != "id":
                old[k] = v

    def _check(self, fname: str, n: int, item: Any, *, partial: bool = False) -> dict[str, Any]:
        """Validate one raw entry in place. `partial`: an extension of an existing id, which may leave out
        name and kind."""
        where = f"entry {n}"
        if not isinstance(item, dict):
            raise DataError(f"{where}: expected a mapping, got {type(item).__name__}", path=fname)
        if "id" in item:
            where = f"entry {n} ({item['id']!r})"
        unknown = sorted(set(map(str, item)) - _KEYS)
        if unknown:
            raise DataError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_KEYS))}",
                            path=fname)
        for k in ("id", "name", "kind"):
            if partial and k != "id" and k not in item:
                continue
            if not isinstance(item.get(k), str) or not item[k].strip():
                raise DataError(f"{where}: missing or empty {k!r}", path=fname)
        eid = item["id"]
        kind = item["kind"] if "kind" in item else self.items[eid]["kind"]
        if kind not in KINDS:
            raise DataError(f"{where}: bad kind {kind!r}; use one of {', '.join(KINDS)}", path=fname)
        if kind == "state":
            if not _ISO3.match(eid):
                raise DataError(f"{where}: a state's id must be its ISO3 code (3 capital letters)", path=fname)
        elif not (_SLUG.match(eid) or _INST.match(eid)):
            raise DataError(f"{where}: bad id; use a lowercase slug (a-z, 0-9, '-') or ISO3:SECTOR[:slug]",
                            path=fname)
        sector = item.get("sector")
        if sector is not None and sector not in SECTORS:
            raise DataError(f"{where}: unknown sector {sector!r}; use a PLOVER agent code "
                            f"({', '.join(sorted(SECTORS))})", path=fname)
        m = _INST.match(eid)
        if m:
            if sector is None:
                item["sector"] = m.group(2)
            if item.get("country") is None:
                item["country"] = m.group(1)
            elif item["country"] != m.group(1):
                raise DataError(f"{where}: country {item['country']!r} does not match the id", path=fname)
            if m.group(2) not in SECTORS:
                raise DataError(f"{where}: unknown sector {m.group(2)!r} in the id", path=fname)
        country = item.get("country")
        if country is not None and (not isinstance(country, str) or not _ISO3.match(country)):
            raise DataError(f"{where}: bad country {country!r}; use an ISO3 code (3 capital letters)", path=fname)
        host = item.get("operates_in")
        if host is not None and (not isinstance(host, str) or not _ISO3.match(host)):
            raise DataError(f"{where}: bad operates_in {host!r}; use an ISO3 code (3 capital letters)", path=fname)
        for k in ("aliases", "demonyms"):
            v = item.get(k, [])
            if v is None:
                item[k] = v = []
            if not isinstance(v, list) or not all(isinstance(a, str) and a.strip() for a in v):
                raise DataError(f"{where}: {k!r} must be a list of non-empty strings", path=fname)
        if kind != "state":
            for k in _STATE_ONLY:
                if item.get(k) not in (None, []):
                    raise DataError(f"{where}: {k!r} is only for states", path=fname)
        if item.get("geonames_id") is not None and not isinstance(item["geonames_id"], int):
            raise DataError(f"{where}: geonames_id must be an integer", path=fname)
        affs = item.get("affiliations") or []
        if not isinstance(affs, list):
            raise DataError(f"{where}: 'affiliations' must be a list", path=fname)
        item["affiliations"] = [self._check_affiliation(fname, where, a) for a in affs]
        role = item.pop("role", None)
        if role is not None:
            if not isinstance(role, dict) or role.get("relation", "leads") != "leads" or "of" not in role \
                    or set(role) - {"relation", "of", "title"}:
                raise DataError(f"{where}: 'role' must be {{relation: leads, of: ID, title: TEXT}}", path=fname)
            item["affiliations"].append(("leads", str(role["of"])))
            if role.get("title") is not None:
                item["title"] = str(role["title"])
        item["_file"], item["_where"] = fname, where
        return item

    @staticmethod
    def _check_affiliation(fname: str, where: str, a: Any) -> tuple[str, str]:
        if not isinstance(a, dict) or "relation" not in a:
            raise DataError(f"{where}: each affiliation is a mapping {{relation: ..., by|of|with: ID}}", path=fname)
        rel = a["relation"]
        others = [k for k in ("by", "of", "with") if k in a]
        if rel not in RELATIONS:
            raise DataError(f"{where}: unknown relation {rel!r}; use one of {', '.join(RELATIONS)}", path=fname)
        if len(others) != 1 or set(a) - {"relation", "by", "of", "with", "note"}:
            raise DataError(f"{where}: an affiliation needs exactly one of by/of/with", path=fname)
        k = others[0]
        other = a[k]
        if not isinstance(other, str):
            raise DataError(f"{where}: affiliation target must be an id string", path=fname)
        if rel in ("allied", "hostile"):
            return (rel, other)
        if rel == "backs":
            return ("backed_by" if k == "by" else "backs", other)
        if rel == "member_of":
            return ("member_of" if k != "by" else "has_member", other)
        return ("leads" if k != "by" else "led_by", other)  # leads

    def finish(self) -> dict[str, KBEntry]:
        states = {eid for eid, e in self.items.items() if e["kind"] == "state"}
        out: dict[str, KBEntry] = {}
        for eid, e in self.items.items():
            fname, where = e.get("_file", self.origin.get(eid, "?")), e.get("_where", f"entry {eid!r}")
            if e["kind"] == "state" and e.get("country") not in (None, eid):
                raise DataError(f"{where}: a state's country must be its own id", path=fname)
            country = eid if e["kind"] == "state" else e.get("country")
            if country is not None and country not in states:
                raise DataError(f"{where}: country {country!r} is not a state of the knowledge base", path=fname)
            host = e.get("operates_in")
            if host is not None and host not in states:
                raise DataError(f"{where}: operates_in {host!r} is not a state of the knowledge base", path=fname)
            m = _INST.match(eid)
            if m and m.group(1) not in states:
                raise DataError(f"{where}: {m.group(1)!r} in the id is not a state of the knowledge base",
                                path=fname)
            for rel, other in e["affiliations"]:
                if other not in self.items:
                    raise DataError(f"{where}: affiliation {rel} {other!r} names no entry of the knowledge base",
                                    path=fname)
            aliases = list(dict.fromkeys([e["name"], *e.get("aliases", [])]))
            out[eid] = KBEntry(
                id=eid, name=e["name"], kind=e["kind"], country=country, sector=e.get("sector"),
                aliases=tuple(aliases), affiliations=tuple(dict.fromkeys(e["affiliations"])),
                demonyms=tuple(e.get("demonyms", ())), capital=e.get("capital"),
                geonames_id=e.get("geonames_id"), title=e.get("title"), operates_in=e.get("operates_in"),
            )
        return out


def _adjectives(demonyms: Sequence[str]) -> list[str]:
    """The demonyms that read as adjectives: "Iraqi" but not "Iraqis" (a plural of another listed form)."""
    ds = set(demonyms)
    return [d for d in demonyms if not (d.endswith("s") and d[:-1] in ds)]


class _SectorsFile(RootModel[dict[str, dict[str, list[StrictStr]]]]):
    """sectors.yaml: PLOVER agent code -> noun kind -> the generic nouns of that sector ("police": COP)."""

    @field_validator("root")
    @classmethod
    def _codes(cls, v: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, list[str]]]:
        for sector, kinds in v.items():
            if sector not in SECTORS:
                raise ValueError(f"unknown sector {sector!r}")
            bad = [k for k in kinds if k not in NOUN_KINDS]
            if bad:
                raise ValueError(f"{sector}: bad kind {bad[0]!r}; use one of {', '.join(NOUN_KINDS)}")
        return v


def _load_nouns(text: str, fname: str) -> dict[str, tuple[str, str]]:
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", path=fname) from None
    sectors = validated(_SectorsFile, data, fname).root
    out: dict[str, tuple[str, str]] = {}
    for sector, kinds in sectors.items():
        for kind, nouns in kinds.items():
            for noun in nouns:
                key = _SPACES.sub(" ", noun.replace("-", " ")).strip().lower()
                if key in out:
                    raise DataError(f"{sector}.{kind}: noun {noun!r} is already listed under {out[key][0]}",
                                    path=fname)
                out[key] = (sector, kind)
    return out


def load_kb(extra_files: Sequence[str | Path] = ()) -> KnowledgeBase:
    """The knowledge base built from the packaged data plus the user's extension files.

    Without `extra_files`, the `EVENTWIRE_KB` environment variable (paths separated by `os.pathsep`) is read.
    Cached per set of files (and their modification times)."""
    paths = [Path(p) for p in extra_files]
    if not paths:
        env = os.environ.get("EVENTWIRE_KB", "")
        paths = [Path(p) for p in env.split(os.pathsep) if p.strip()]
    key = []
    for p in paths:
        try:
            key.append((str(p.resolve()), p.stat().st_mtime_ns))
        except OSError as exc:
            raise DataError(f"cannot read knowledge-base extension file ({exc.strerror or exc})",
                            path=str(p)) from None
    return _load(tuple(key))
