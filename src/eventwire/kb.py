"""The actor knowledge base: canonical actors, their aliases, demonyms and affiliations.

The data is ours, in YAML under `eventwire/data/actors/` (one list of entries per file) plus the generic
agent nouns of `eventwire/data/lexicons/sectors.yaml`. Everything is validated when loaded; a bad file raises
`DataError` naming the file and the entry. A user extends the knowledge base with files of the same schema
(`load_kb(extra_files=[...])`, or the `EVENTWIRE_KB` environment variable, paths separated by `os.pathsep`):
an extension may add actors and may redefine an existing id (its aliases, demonyms and affiliations are
added, its scalar fields replace the old ones).

Entry schema::

    - id: badr-organisation        # states: ISO3; institutions: "ISO3:SECTOR[:slug]"; others: a lowercase slug
      name: Badr Organisation
      kind: armed_group            # state | armed_group | person | organisation
      country: IRQ                 # ISO3 of a state entry, or null
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import DataError

try:  # the C loader is several times faster; fall back to the pure-Python one
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

__all__ = ["KBEntry", "KnowledgeBase", "SECTORS", "KINDS", "load_kb", "tokenize_alias", "normalise_alias"]

KINDS = ("state", "armed_group", "person", "organisation")
NOUN_KINDS = ("generic", "armed_group", "organisation", "person")
#: PLOVER / CAMEO agent codes accepted as sectors.
SECTORS = frozenset(
    "GOV MIL REB OPP PTY COP JUD LEG SPY CVL MED JRN IGO NGO BUS ELI REL UAF CRM EDU LAB AGR REF HLH SOC "
    "ENV PRE PRM IMG MNC ACT".split()
)
RELATIONS = ("backs", "allied", "hostile", "member_of", "leads")
_KEYS = frozenset(
    "id name kind country sector aliases affiliations demonyms capital geonames_id role note".split()
)
_STATE_ONLY = ("demonyms", "capital", "geonames_id")
_ISO3 = re.compile(r"[A-Z]{3}\Z")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_INST = re.compile(r"([A-Z]{3}):([A-Z]{3})(?::([a-z0-9]+(?:-[a-z0-9]+)*))?\Z")
_ACTORS_DIR = "data/actors"
_SECTORS_FILE = "data/lexicons/sectors.yaml"

# --- text normalisation -------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
                         "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_SPACES = re.compile(r"\s+")
_HYPHEN = re.compile(r"\s*-\s*")
_ORG = re.compile(r"organization", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|')\Z")
_THE = re.compile(r"the\s+", re.IGNORECASE)
# spaCy's English tokenizer, approximated for alias strings: leading ( " [ and trailing ) " ] , ; : ! ? come
# off as tokens, as do a trailing "'s", "'" and "." (not from initialisms such as "U.S." or "Jr."); a hyphen
# between letters is a token of its own ("al-Nujaba" -> al - Nujaba); "MS-13", "G-7" and "OPEC+" stay whole.
_ABBREV = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?\.?|(?:Jr|Gen|St|Dr|Mr|Mrs|Ms|Rev|Adm)\.", re.IGNORECASE)
_INFIX_HYPHEN = re.compile(r"(?<=[^\W\d_])(-)(?=[^\W\d_])|(?<=[^\W_])(/)(?=[^\W_])")


def normalise_alias(text: str, *, strip_possessive: bool = True) -> str:
    """Canonical form of a name for lookups: straight quotes, no leading "the", no trailing "'s",
    hyphens as spaces, "Organization" as "Organisation", single spaces. Case is kept."""
    s = _SPACES.sub(" ", text.translate(_QUOTES)).strip()
    if _THE.match(s) and len(s) > 4:
        s = s[4:].lstrip()
    if strip_possessive and len(s) > 3:
        s = _POSSESSIVE.sub("", s)
    s = _HYPHEN.sub(" ", s).strip()
    return _ORG.sub(lambda m: "Organisation" if m.group(0)[0] == "O" else "organisation", s)


def tokenize_alias(text: str) -> tuple[str, ...]:
    """Lowercased tokens of an alias, split as spaCy's English tokenizer splits them
    ("al-Nujaba" -> ("al", "-", "nujaba"), "Lebanon's Hezbollah" -> ("lebanon", "'s", "hezbollah"))."""
    out: list[str] = []
    for chunk in text.translate(_QUOTES).split():
        pre: list[str] = []
        suf: list[str] = []
        while len(chunk) > 1 and chunk[0] in "\"(['":
            pre.append(chunk[0])
            chunk = chunk[1:]
        while chunk:
            if len(chunk) > 1 and chunk[-1] in "\")],;:!?":
                suf.insert(0, chunk[-1])
                chunk = chunk[:-1]
            elif len(chunk) > 2 and chunk[-2:].lower() == "'s":
                suf.insert(0, chunk[-2:])
                chunk = chunk[:-2]
            elif len(chunk) > 1 and chunk[-1] == "'":
                suf.insert(0, "'")
                chunk = chunk[:-1]
            elif len(chunk) > 1 and chunk[-1] == "." and not _ABBREV.fullmatch(chunk):
                suf.insert(0, ".")
                chunk = chunk[:-1]
            else:
                break
        mid = [t for t in _INFIX_HYPHEN.split(chunk) if t] if chunk else []  # split() yields None for the unused group
        out.extend(pre + mid + suf)
    return tuple(t.lower() for t in out)


# --- records ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KBEntry:
    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    aliases: tuple[str, ...]  # includes name
    affiliations: tuple[tuple[str, str], ...]  # (relation, other id) seen from this actor
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    geonames_id: int | None = None
    title: str | None = None


class KnowledgeBase:
    """Indexes over the validated entries. Built once per set of files by `load_kb`; read-only."""

    def __init__(self, entries: dict[str, KBEntry], nouns: dict[str, tuple[str, str]]) -> None:
        self.entries = entries
        self._nouns = nouns
        self._ci: dict[str, list[str]] = {}  # lowercased normalised alias (>= 4 chars) -> ids
        self._cs: dict[str, list[str]] = {}  # short alias, exact case -> ids
        self._demonym: dict[str, str] = {}
        self._demonym_ci: dict[str, str] = {}
        self._state_name: dict[str, str] = {}
        self._backers: dict[str, list[str]] = {}
        self._token_index: dict[tuple[str, ...], list[str]] | None = None
        self._max_tokens = 0
        for e in entries.values():
            for alias in e.aliases:
                key = normalise_alias(alias, strip_possessive=False)
                if len(key) >= 4:
                    _add(self._ci, key.lower(), e.id)
                else:
                    _add(self._cs, key, e.id)
            if e.kind == "state":
                for alias in e.aliases:
                    self._state_name.setdefault(normalise_alias(alias).lower(), e.id)
                for d in e.demonyms:  # a demonym shared by two states goes to the one listed first
                    self._demonym.setdefault(d.translate(_QUOTES), e.id)
                    if len(d) >= 4:
                        self._demonym_ci.setdefault(d.translate(_QUOTES).lower(), e.id)
            for rel, other in e.affiliations:
                if rel == "backed_by":
                    _add(self._backers, e.id, other)
                elif rel == "backs":
                    _add(self._backers, other, e.id)

    # lookups -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, id: object) -> bool:
        return id in self.entries

    def get(self, id: str) -> KBEntry | None:
        return self.entries.get(id)

    def match_alias(self, text: str) -> list[KBEntry]:
        """Entries with `text` as an exact alias. Case-insensitive for aliases of 4 characters or more,
        exact case for shorter ones ("US", "UN", "IS"); a leading "the" and a trailing "'s" are ignored,
        as are curly quotes, hyphen-or-space and -isation/-ization."""
        out: list[str] = []
        for key in dict.fromkeys((normalise_alias(text, strip_possessive=False), normalise_alias(text))):
            ids = self._ci.get(key.lower(), []) if len(key) >= 4 else self._cs.get(key, [])
            out.extend(i for i in ids if i not in out)
        return [self.entries[i] for i in out]

    def alias_token_index(self) -> dict[tuple[str, ...], list[str]]:
        """Lowercased token tuples of every alias (spaCy-style tokens, hyphens as tokens, plus the same
        alias with hyphens dropped and with the other spelling of Organisation) -> entry ids.
        `max_alias_tokens` is the length of the longest key. Built on first use."""
        if self._token_index is None:
            index: dict[tuple[str, ...], list[str]] = {}
            longest = 0
            for e in self.entries.values():
                for alias in e.aliases:
                    for variant in _spellings(alias):
                        toks = tokenize_alias(variant)
                        if toks:
                            _add(index, toks, e.id)
                            if "-" in toks:
                                _add(index, tuple(t for t in toks if t != "-"), e.id)
                            longest = max(longest, len(toks))
            self._token_index, self._max_tokens = index, longest
        return self._token_index

    @property
    def max_alias_tokens(self) -> int:
        """The number of tokens of the longest key of `alias_token_index()`."""
        self.alias_token_index()
        return self._max_tokens

    def state_by_demonym(self, word: str) -> KBEntry | None:
        """"Iraqi", "Iraqis", "Turkish" -> the state. Exact case first, then any case for words of 4+ letters."""
        w = word.translate(_QUOTES).strip()
        sid = self._demonym.get(w) or (self._demonym_ci.get(w.lower()) if len(w) >= 4 else None)
        return self.entries[sid] if sid else None

    def state_by_name(self, name: str) -> KBEntry | None:
        sid = self._state_name.get(normalise_alias(name).lower())
        return self.entries[sid] if sid else None

    def institution(self, iso3: str, sector: str) -> KBEntry | None:
        """The generic institution of a state: ("ISR", "MIL") -> ISR:MIL."""
        return self.entries.get(f"{iso3}:{sector}")

    def sector_of_noun(self, lemma: str) -> tuple[str, str] | None:
        """Generic agent noun -> (sector, kind): "troops"/"troop" -> ("MIL", "generic")."""
        w = _SPACES.sub(" ", lemma.translate(_QUOTES).replace("-", " ")).strip().lower()
        if w in self._nouns:
            return self._nouns[w]
        for suffix, repl in (("ies", "y"), ("men", "man"), ("es", ""), ("s", "")):
            if w.endswith(suffix) and w[: -len(suffix)] + repl in self._nouns:
                return self._nouns[w[: -len(suffix)] + repl]
        return None

    def backers(self, id: str) -> list[str]:
        """Ids of the actors that back `id`, in data order."""
        return list(self._backers.get(id, ()))

    def leader_of(self, id: str) -> str | None:
        """For a person (or any actor) that leads another: the id it leads."""
        e = self.entries.get(id)
        if e is None:
            return None
        return next((other for rel, other in e.affiliations if rel == "leads"), None)

    def led_by(self, id: str) -> list[str]:
        """Ids of the actors (people) recorded as leading `id`."""
        return [e.id for e in self.entries.values() if ("leads", id) in e.affiliations]

    def by_kind(self, kind: str) -> list[KBEntry]:
        return [e for e in self.entries.values() if e.kind == kind]


def _add(index: dict[Any, list[str]], key: Any, value: str) -> None:
    ids = index.setdefault(key, [])
    if value not in ids:
        ids.append(value)


def _spellings(alias: str) -> Iterable[str]:
    yield alias
    if _ORG.search(alias):
        yield _ORG.sub(lambda m: m.group(0)[:-5] + "sation", alias)
    elif re.search(r"organisation", alias, re.IGNORECASE):
        yield re.sub(r"(?i)(organi)sation", lambda m: m.group(1) + "zation", alias)


# --- loading and validation ---------------------------------------------------------------------


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
                geonames_id=e.get("geonames_id"), title=e.get("title"),
            )
        return out


def _adjectives(demonyms: Sequence[str]) -> list[str]:
    """The demonyms that read as adjectives: "Iraqi" but not "Iraqis" (a plural of another listed form)."""
    ds = set(demonyms)
    return [d for d in demonyms if not (d.endswith("s") and d[:-1] in ds)]


def _load_nouns(text: str, fname: str) -> dict[str, tuple[str, str]]:
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", path=fname) from None
    if not isinstance(data, dict):
        raise DataError("expected a mapping SECTOR -> {kind: [nouns]}", path=fname)
    out: dict[str, tuple[str, str]] = {}
    for sector, kinds in data.items():
        if sector not in SECTORS:
            raise DataError(f"unknown sector {sector!r}", path=fname)
        if not isinstance(kinds, dict):
            raise DataError(f"{sector}: expected a mapping kind -> [nouns]", path=fname)
        for kind, nouns in kinds.items():
            if kind not in NOUN_KINDS:
                raise DataError(f"{sector}: bad kind {kind!r}; use one of {', '.join(NOUN_KINDS)}", path=fname)
            if not isinstance(nouns, list) or not all(isinstance(x, str) for x in nouns):
                raise DataError(f"{sector}.{kind}: expected a list of nouns", path=fname)
            for noun in nouns:
                key = _SPACES.sub(" ", noun.replace("-", " ")).strip().lower()
                if key in out:
                    raise DataError(f"{sector}.{kind}: noun {noun!r} is already listed under {out[key][0]}",
                                    path=fname)
                out[key] = (sector, kind)
    return out
