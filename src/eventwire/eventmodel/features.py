"""Sentence text -> sparse features, the same at training and at run time (numpy only).

Features: lower-cased word unigrams and bigrams (digits folded to 0), and character 4- and 5-grams inside each
word with its boundaries marked ("<bombed>" gives "<bom", "bomb", "ombe", ...), so that "bombed", "bombing" and
"bombardment" share evidence and a spelling the training sentences never used still weighs. Weights are
sublinear term frequency times the inverse document frequency of the training sentences, L2-normalised.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from typing import Iterable, Mapping

import numpy as np

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_DIGITS = re.compile(r"\d+")
CHAR_NGRAMS = (4, 5)
MAX_CHARS = 2_000  # a "sentence" longer than this is cut: features of its start are enough


def tokens(text: str) -> list[str]:
    return [_DIGITS.sub("0", t) for t in _TOKEN.findall(text[:MAX_CHARS].lower())]


@functools.lru_cache(maxsize=200_000)
def _word_features(t: str) -> tuple[str, ...]:
    """A word's own features (the word and its character n-grams), cached: news repeats its words."""
    padded = f"<{t}>"
    return ("w:" + t, *("c:" + padded[i:i + n] for n in CHAR_NGRAMS for i in range(max(1, len(padded) - n + 1))))


def features(text: str) -> Counter:
    toks = tokens(text)
    out: Counter = Counter()
    for t in toks:
        out.update(_word_features(t))
    for a, b in zip(toks, toks[1:]):
        out[f"b:{a} {b}"] += 1
    return out


def weigh(counts: Counter, vocab: Mapping[str, int], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(feature indices, weights) of one text: known features only, sublinear tf-idf, L2-normalised."""
    idx, val = [], []
    for f, c in counts.items():
        j = vocab.get(f)
        if j is not None:
            idx.append(j)
            val.append((1.0 + math.log(c)) * idf[j])
    if not idx:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    v = np.asarray(val, dtype=np.float32)
    v /= float(np.linalg.norm(v)) or 1.0
    return np.asarray(idx, dtype=np.int64), v


def weigh_text(text: str, vocab: Mapping[str, int], idf: np.ndarray,
               memo: dict[str, tuple[int, ...]]) -> tuple[np.ndarray, np.ndarray]:
    """`weigh(features(text), vocab, idf)`, bit for bit, without building the strings of unknown features: each
    word's known feature indices are kept in `memo` (one per vocabulary), and the counts are kept by index in the
    order the features first appear, as `weigh` reads the Counter (`Counter` counts an iterable in that order, and
    a bigram's index is never a word feature's, so words then bigrams is the order of `features`)."""
    # digits folded over the whole text: a run of digits always lies inside one token, so this is `tokens(text)`
    toks = _TOKEN.findall(_DIGITS.sub("0", text[:MAX_CHARS].lower()))
    flat: list[int] = []
    add = flat.extend
    get = vocab.get
    for t in toks:
        known = memo.get(t)
        if known is None:
            if len(memo) > 200_000:  # news repeats its words; a stream of new ones must not grow the memo for ever
                memo.clear()
            known = memo[t] = tuple([j for j in map(get, _word_features(t)) if j is not None])
        add(known)
    if len(toks) > 1:  # the bigrams f"b:{a} {b}", built as "b:a " + "b"
        flat.extend([j for j in map(get, map(str.__add__, [f"b:{a} " for a in toks[:-1]], toks[1:])) if j is not None])
    if not flat:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    counts = Counter(flat)
    idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    # as in `weigh`: the sublinear tf, a Python float, times a float32 idf is a float32 product
    tf = np.fromiter(map(_tf, counts.values()), dtype=np.float32, count=len(counts))
    v = tf * idf[idx]
    v /= float(np.sqrt(v.dot(v))) or 1.0  # np.linalg.norm of a float32 vector, without its checks
    return idx, v


@functools.lru_cache(maxsize=256)
def _tf(c: int) -> float:
    return 1.0 + math.log(c)


def build_vocab(texts: Iterable[str], min_df: int = 2) -> tuple[dict[str, int], np.ndarray]:
    """The features seen in at least `min_df` texts (sorted, so the same texts give the same vocabulary),
    and their smoothed idf, as scikit-learn computes it: ln((1 + n) / (1 + df)) + 1."""
    df: Counter = Counter()
    n = 0
    for t in texts:
        n += 1
        df.update(features(t).keys())
    keep = sorted(f for f, c in df.items() if c >= min_df)
    vocab = {f: i for i, f in enumerate(keep)}
    idf = np.asarray([math.log((1 + n) / (1 + df[f])) + 1.0 for f in keep], dtype=np.float32)
    return vocab, idf
