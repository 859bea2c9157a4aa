"""Token tests read from a Doc's arrays, each distinct string tested once (output identical to testing every
Token: iterating a Doc builds a Token per word, and each `tok.lower_` or `tok.tag_` read a Python string, which a
1,000-word article pays thousands of times in each stage)."""

from __future__ import annotations

from typing import Callable, Collection

import numpy as np
from spacy.attrs import LEMMA, LOWER, POS, TAG


def _passing(doc, col: np.ndarray, test: Callable[[str], bool]) -> np.ndarray:
    """Which entries of a column of string hashes pass `test` (each distinct string tested once)."""
    strings = doc.vocab.strings
    uniq = np.unique(col)
    return np.isin(col, np.asarray([h for h in uniq.tolist() if test(strings[h])], dtype=np.uint64))


def holds_word(doc, words: Collection[str]) -> np.ndarray:
    """For each token, `t.lemma_.lower() in words or t.lower_ in words`."""
    arr = doc.to_array([LEMMA, LOWER]).reshape(-1, 2)
    return _passing(doc, arr[:, 0], lambda s: s.lower() in words) | _passing(doc, arr[:, 1], words.__contains__)


def where_lower(doc, test: Callable[[str], bool]) -> list[int]:
    """The indices of the tokens whose `lower_` passes `test`, in order."""
    return np.flatnonzero(_passing(doc, doc.to_array([LOWER]).reshape(-1), test)).tolist()


def lowers(doc, fn: Callable[[str], str] = str) -> list[str]:
    """`fn(t.lower_)` for each token."""
    col = doc.to_array([LOWER]).reshape(-1)
    uniq, inv = np.unique(col, return_inverse=True)
    strings = doc.vocab.strings
    done = [fn(strings[h]) for h in uniq.tolist()]
    return [done[k] for k in inv.reshape(-1).tolist()]


def where_pos_or_tag(doc, poses: Collection[str], tags: Collection[str]) -> list[int]:
    """The indices of the tokens whose `pos_` is one of `poses` or whose `tag_` is one of `tags`, in order."""
    from spacy.parts_of_speech import IDS

    arr = doc.to_array([POS, TAG]).reshape(-1, 2)
    pos_ok = np.isin(arr[:, 0], np.asarray([IDS[p] for p in poses], dtype=np.uint64))
    return np.flatnonzero(pos_ok | _passing(doc, arr[:, 1], tags.__contains__)).tolist()
