"""The actor knowledge base: canonical actors, their aliases, demonyms and affiliations.

This module holds the records (`KBEntry`), the read-only indexes over them (`KnowledgeBase`), the alias
normalisation and tokenisation that lookups share (`normalise_alias`, `tokenize_alias`), the schema's
vocabularies (`KINDS`, `SECTORS`, ...). Reading and validating the files, and the entry point `load_kb`, are in
`eventwire.kb_load`, which also documents the entry schema (it imports this module; this module imports nothing of
it).

The data is ours, in YAML under `eventwire/data/actors/` (one list of entries per file) plus the generic
agent nouns of `eventwire/data/lexicons/sectors.yaml`. Everything is validated when loaded; a bad file raises
`DataError` naming the file and the entry. A user extends the knowledge base with files of the same schema
(`load_kb(extra_files=[...])`, or the `EVENTWIRE_KB` environment variable, paths separated by `os.pathsep`):
an extension may add actors and may redefine an existing id (its aliases, demonyms and affiliations are
added, its scalar fields replace the old ones).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


__all__ = ["KBEntry", "KnowledgeBase", "SECTORS", "KINDS", "tokenize_alias", "normalise_alias"]

KINDS = ("state", "armed_group", "person", "organisation")
NOUN_KINDS = ("generic", "armed_group", "organisation", "person")
#: PLOVER / CAMEO agent codes accepted as sectors.
SECTORS = frozenset(
    "GOV MIL REB OPP PTY COP JUD LEG SPY CVL MED JRN IGO NGO BUS ELI REL UAF CRM EDU LAB AGR REF HLH SOC "
    "ENV PRE PRM IMG MNC ACT".split()
)
RELATIONS = ("backs", "allied", "hostile", "member_of", "leads")

# --- text normalisation -------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
                         "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_SPACES = re.compile(r"\s+")
_GOVERNING_WORDS = {"government", "administration", "cabinet"}  # an opposition body that calls itself one
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
    # the one state where a body of no country of its own works: a monitoring or peacekeeping mission ("OSCE SMM":
    # UKR); where an event told only by its actors happened (place_choice.place_by_actors)
    operates_in: str | None = None


class KnowledgeBase:
    """Indexes over the validated entries. Built once per set of files by `load_kb`; read-only."""

    def __init__(self, entries: dict[str, KBEntry], nouns: dict[str, tuple[str, str]]) -> None:
        self.entries = entries
        self._nouns = nouns
        self._noun_memo: dict[str, tuple[str, str] | None] = {}  # sector_of_noun's answers (the KB is read-only)
        self._ci: dict[str, list[str]] = {}  # lowercased normalised alias (>= 4 chars) -> ids
        self._cs: dict[str, list[str]] = {}  # short alias, exact case -> ids
        self._demonym: dict[str, str] = {}
        self._demonym_ci: dict[str, str] = {}
        self._state_name: dict[str, str] = {}
        self._state_prefix: dict[str, list[str]] | None = None  # first two letters -> state names, built on use
        self._backers: dict[str, list[str]] = {}
        self._token_index: dict[tuple[str, ...], list[str]] | None = None
        self._token_starts: frozenset[str] | None = None
        self._max_tokens = 0
        self._counter: dict[str, list[str]] = {}  # country -> its opposition bodies that call themselves a government
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
            if e.sector == "OPP" and e.country and e.kind == "organisation" and _GOVERNING_WORDS & set(
                    e.name.lower().split()):
                _add(self._counter, e.country, e.id)
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

    def alias_token_starts(self) -> frozenset[str]:
        """The first tokens of the keys of `alias_token_index()`: no name opens with any other word."""
        if self._token_starts is None:
            self._token_starts = frozenset(k[0] for k in self.alias_token_index())
        return self._token_starts

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

    def state_by_misspelling(self, word: str) -> KBEntry | None:
        """A state whose name `word` misspells by a letter ("Afganistan", "Ethopia"): words of 7+ letters within a
        similarity of 0.9 of exactly one state name, with its first two and last letters and a length at most one
        apart (so not "Mangola" or "Americas"). Callers check first that the word is nothing else."""
        import difflib

        w = normalise_alias(word).lower()
        if len(w) < 7 or w in self._state_name:
            return None
        if self._state_prefix is None:
            self._state_prefix = {}
            for name in self._state_name:
                self._state_prefix.setdefault(name[:2], []).append(name)
        same_start = self._state_prefix.get(w[:2], [])  # not "Mangola" for Angola
        close = [c for c in difflib.get_close_matches(w, same_start, n=3, cutoff=0.9)
                 if c[-1] == w[-1] and abs(len(c) - len(w)) <= 1]  # not "Americas"
        ids = {self._state_name[c] for c in close}
        return self.entries[ids.pop()] if len(ids) == 1 else None

    def state_by_name(self, name: str) -> KBEntry | None:
        sid = self._state_name.get(normalise_alias(name).lower())
        return self.entries[sid] if sid else None

    def institution(self, iso3: str, sector: str) -> KBEntry | None:
        """The generic institution of a state: ("ISR", "MIL") -> ISR:MIL."""
        return self.entries.get(f"{iso3}:{sector}")

    def counter_government(self, iso3: str) -> KBEntry | None:
        """The one opposition body of a state that names itself a government ("National Unity Government"):
        what "the shadow administration" or "the government in exile" of that state refers to. None where the
        knowledge base has none, or several."""
        ids = self._counter.get(iso3, [])
        return self.entries[ids[0]] if len(ids) == 1 else None

    def sector_of_noun(self, lemma: str) -> tuple[str, str] | None:
        """Generic agent noun -> (sector, kind): "troops"/"troop" -> ("MIL", "generic")."""
        try:
            return self._noun_memo[lemma]
        except KeyError:
            pass
        if len(self._noun_memo) > 100_000:  # a stream of new words must not grow the memo for ever
            self._noun_memo.clear()
        hit = self._noun_memo[lemma] = self._sector_of_noun(lemma)
        return hit

    def _sector_of_noun(self, lemma: str) -> tuple[str, str] | None:
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

