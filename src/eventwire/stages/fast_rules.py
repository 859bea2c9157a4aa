"""A faster stand-in for the model's attribute_ruler, built from the same patterns.

spaCy's AttributeRuler runs a general Matcher over 179 patterns and cost about 11 ms per 600-word
article here, a tenth of the whole pipeline. Its patterns are simple (one or two tokens, constraints on
TAG, LOWER, DEP, IS_SPACE), so an index by tag and lower-case form finds the same matches with a few
dictionary lookups per token. Matches are applied in the ruler's own order (rule order, then position),
with spaCy's own `set_token_attrs`, so the result is identical; tests/test_parse.py checks that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

_KEYS = {"TAG", "LOWER", "DEP", "IS_SPACE"}
_POS_ID = __import__("spacy.attrs", fromlist=["POS"]).POS


@dataclass(frozen=True, slots=True)
class _Rule:
    order: int
    seq: tuple[dict[str, Any], ...]
    attrs: dict[str, Any]
    index: int


def _values(spec: Any) -> list[Any] | None:
    """The exact values a constraint accepts, or None when it is a regex."""
    if isinstance(spec, dict):
        if "IN" in spec:
            return list(spec["IN"])
        return None
    return [spec]


def _ok(spec: Any, value: Any) -> bool:
    if isinstance(spec, dict):
        if "IN" in spec:
            return value in spec["IN"]
        if "NOT_IN" in spec:
            return value not in spec["NOT_IN"]
        if "REGEX" in spec:
            return re.search(spec["REGEX"], value) is not None
        raise ValueError(f"unsupported constraint {spec!r}")
    return spec == value


def _token_ok(constraint: dict[str, Any], tok: Token) -> bool:
    for key, spec in constraint.items():
        value = (tok.tag_ if key == "TAG" else tok.lower_ if key == "LOWER" else tok.dep_ if key == "DEP"
                 else tok.is_space)
        if not _ok(spec, value):
            return False
    return True


class FastAttributeRules:
    """Callable pipeline component: doc -> doc, the same attributes as the given AttributeRuler.

    Rules that test only the tag and set only POS and MORPH (most of them) are applied at once through
    arrays; the others are matched token by token, then all are applied in the ruler's order.
    """

    def __init__(self, vocab: Any, patterns: list[dict[str, Any]]) -> None:
        import numpy as np

        self.by_pair: dict[tuple[int, int], list[_Rule]] = {}
        self.by_tag: dict[int, list[_Rule]] = {}
        self.by_lower: dict[int, list[_Rule]] = {}
        self.anywhere: list[_Rule] = []
        strings = vocab.strings
        tag_pos: dict[int, tuple[int, int, int]] = {}  # tag hash -> (order, POS id, MORPH hash)
        for order, p in enumerate(patterns):
            attrs = dict(p["attrs"])
            for seq in p["patterns"]:
                for c in seq:
                    if set(c) - _KEYS:
                        raise ValueError(f"unsupported pattern keys {set(c) - _KEYS}")
                first = seq[0]
                tags = _values(first["TAG"]) if "TAG" in first else None
                if len(seq) == 1 and set(first) == {"TAG"} and tags is not None and set(attrs) <= {"POS", "MORPH"}:
                    norm = normalize_token_attrs(vocab, attrs)
                    for t in tags:
                        tag_pos[strings.add(t)] = (order, norm.get(_POS_ID, 0), strings.add(attrs.get("MORPH", "")))
                    continue
                rule = _Rule(order, tuple(seq), normalize_token_attrs(vocab, attrs), int(p.get("index", 0)))
                lowers = _values(first["LOWER"]) if "LOWER" in first else None
                if tags is not None and lowers is not None:
                    for t in tags:
                        for w in lowers:
                            self.by_pair.setdefault((strings.add(t), strings.add(w)), []).append(rule)
                elif tags is not None:
                    for t in tags:
                        self.by_tag.setdefault(strings.add(t), []).append(rule)
                elif lowers is not None:
                    for w in lowers:
                        self.by_lower.setdefault(strings.add(w), []).append(rule)
                else:
                    self.anywhere.append(rule)
        self._tag_keys = np.array(sorted(tag_pos), dtype=np.uint64)
        self._tag_pos = np.array([tag_pos[k][1] for k in sorted(tag_pos)], dtype=np.uint64)
        self._tag_morph = np.array([tag_pos[k][2] for k in sorted(tag_pos)], dtype=np.uint64)
        self._tag_first = min((v[0] for v in tag_pos.values()), default=0)
        others = [r.order for rs in (*self.by_pair.values(), *self.by_tag.values(), *self.by_lower.values(),
                                     self.anywhere) for r in rs]
        # the array step runs first: valid only while every tag-only rule comes before the other rules
        self._array_first = not others or max(v[0] for v in tag_pos.values()) < min(others)
        if not self._array_first:
            raise ValueError("attribute rules interleave tag-only and other rules; use the model's ruler")
        # where an "anywhere" rule can start, read from arrays: a dependency label, a space, or a regex word
        self._anywhere_first: list[tuple[_Rule, str, Any]] = []
        self._regexes: list[str] = []
        for r in self.anywhere:
            first = r.seq[0]
            if "DEP" in first and _values(first["DEP"]) is not None and "IS_SPACE" not in first:
                deps = np.array(sorted(strings.add(d) for d in _values(first["DEP"])), dtype=np.uint64)
                self._anywhere_first.append((r, "dep", deps))
            elif first.get("IS_SPACE") is True:
                self._anywhere_first.append((r, "space", None))
            elif "LOWER" in first and isinstance(first["LOWER"], dict) and "REGEX" in first["LOWER"]:
                self._regexes.append(first["LOWER"]["REGEX"])
                self._anywhere_first.append((r, "regex", None))
            else:
                raise ValueError(f"unsupported first constraint {first!r}")
        self._keys_tag = np.array(sorted(self.by_tag), dtype=np.uint64)
        self._keys_lower = np.array(sorted(set(self.by_lower) | {w for _, w in self.by_pair}), dtype=np.uint64)
        self._regex_memo: dict[int, bool] = {}

    def _starts(self, doc: Doc):
        """The indices of the tokens where an indexed rule (by tag or word) could start, and for each other rule the
        indices where its first token's label, space or regex holds: array tests, regexes memoised by word. Only
        there are the rules matched token by token."""
        import numpy as np
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        arr = doc.to_array([TAG, LOWER, DEP, IS_SPACE])
        indexed = np.nonzero(np.isin(arr[:, 0], self._keys_tag) | np.isin(arr[:, 1], self._keys_lower))[0]
        regex_hit = np.zeros(len(arr), dtype=bool)
        if self._regexes:
            for h in np.unique(arr[:, 1]).tolist():
                hit = self._regex_memo.get(h)
                if hit is None:
                    word = doc.vocab.strings[h]
                    hit = any(re.search(rx, word) for rx in self._regexes)
                    self._regex_memo[h] = hit
                if hit:
                    regex_hit |= arr[:, 1] == h
        others = []
        for rule, kind, deps in self._anywhere_first:
            mask = (np.isin(arr[:, 2], deps) if kind == "dep" else arr[:, 3] != 0 if kind == "space" else regex_hit)
            others.append((rule, np.nonzero(mask)[0]))
        return indexed, others

    def __call__(self, doc: Doc) -> Doc:
        import numpy as np
        from spacy.attrs import MORPH, POS, TAG

        if len(doc) == 0:
            return doc
        arr = doc.to_array([TAG, POS, MORPH])
        tags = arr[:, 0]
        pos_idx = np.searchsorted(self._tag_keys, tags)
        pos_idx[pos_idx >= len(self._tag_keys)] = 0
        hit = self._tag_keys[pos_idx] == tags
        arr[hit, 1] = self._tag_pos[pos_idx[hit]]
        arr[hit, 2] = self._tag_morph[pos_idx[hit]]
        doc.from_array([TAG, POS, MORPH], arr)
        found: list[tuple[int, int, _Rule]] = []
        n = len(doc)
        indexed, others = self._starts(doc)
        for i in indexed.tolist():
            tok = doc[i]
            tag, low = tok.tag, tok.lower
            for cands in (self.by_pair.get((tag, low)), self.by_tag.get(tag), self.by_lower.get(low)):
                if not cands:
                    continue
                for rule in cands:
                    if i + len(rule.seq) <= n and all(_token_ok(c, doc[i + j]) for j, c in enumerate(rule.seq)):
                        found.append((rule.order, i, rule))
        # after the indexed ones, as the ruler's order had them at one start: the sort below is stable
        for rule, starts in others:
            k = len(rule.seq)
            for i in starts.tolist():
                if i + k <= n and all(_token_ok(c, doc[i + j]) for j, c in enumerate(rule.seq)):
                    found.append((rule.order, i, rule))
        found.sort(key=lambda f: (f[0], f[1]))
        for _, start, rule in found:
            span = doc[start:start + len(rule.seq)]
            set_token_attrs(span[rule.index], rule.attrs)
        return doc


class CachedLemmas:
    """Callable pipeline component: doc -> doc, the same lemmas as the model's rule lemmatizer, read from arrays.

    spaCy's lemmatizer visits every token as a Python object and keys its own cache on (word, POS, morphology);
    every branch of its rule lemmatizer, cached there or not, depends on those three alone. This memo keeps, for
    each such key, the lemma's hash, computed once by the lemmatizer itself, so a token costs one dictionary
    lookup; only tokens without a lemma are filled, as the lemmatizer does when it does not overwrite.
    A word the memo does not hold yet is lemmatised by a copy of the lemmatizer whose word lists ("lemma_index",
    read only by `form in index`) are sets: the model keeps them as lists, 57,528 nouns scanned one by one for
    every candidate form, which made a new word cost about 0.3 ms (6% of the pipeline on real pages). The same
    rules and tables, so the same lemmas (tests/test_parse.py compares them with the model's own lemmatizer).
    """

    MAX_KEYS = 500_000  # a bound on the memo (a token stream of endless new words must not grow it without end)

    def __init__(self, lemmatizer: Any) -> None:
        if getattr(lemmatizer, "overwrite", False) or getattr(lemmatizer, "mode", None) != "rule":
            raise ValueError("CachedLemmas stands in only for a rule lemmatizer that does not overwrite")
        self.lemmatizer = _with_index_sets(lemmatizer)
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        import numpy as np
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if len(doc) == 0:
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = np.nonzero(arr[:, 3] == 0)[0]
        if not len(todo):
            return doc
        memo, strings = self._memo, doc.vocab.strings
        if len(memo) > self.MAX_KEYS:
            memo.clear()
        lemmas = arr[:, 3]
        for i, orth, pos, morph in zip(todo.tolist(), *arr[todo, :3].T.tolist()):
            key = (orth, pos, morph)
            h = memo.get(key)
            if h is None:
                h = memo[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = h
        doc.from_array([LEMMA], np.ascontiguousarray(lemmas.reshape(-1, 1)))
        return doc


def _with_index_sets(lemmatizer: Any) -> Any:
    """A shallow copy of a rule lemmatizer with its own lookups, the word lists of "lemma_index" as frozensets
    (the model's own pipe is left as it is); one that has no such table (a stand-in) is returned as it is."""
    import copy

    from spacy.lookups import Lookups

    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return lemmatizer
    fast = copy.copy(lemmatizer)
    fast.lookups = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            sets = fast.lookups.add_table(name)
            for key, words in table.items():
                sets[key] = frozenset(words)
        else:
            fast.lookups.set_table(name, table)
    fast.cache = {}
    fast.lemmatize = fast.rule_lemmatize  # the pipe binds its mode's method at init: bind it to the copy
    return fast
