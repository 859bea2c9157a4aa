"""Token tests read from a Doc's arrays, each distinct string tested once (output identical to testing every
Token: a `doc[i]` or a `tok.lower_` builds a Python object per token and per read, which a 1,000-word article
pays thousands of times in each stage)."""

from __future__ import annotations

from typing import Callable, Collection

from spacy.attrs import LEMMA, LOWER, POS, TAG


def holds_word(doc, words: Collection[str]) -> list[bool]:
    """For each token, `t.lemma_.lower() in words or t.lower_ in words`."""
    rows = doc.to_array([LEMMA, LOWER]).tolist()
    strings = doc.vocab.strings
    lemma_in = {h: strings[h].lower() in words for h in {r[0] for r in rows}}
    lower_in = {h: strings[h] in words for h in {r[1] for r in rows}}
    return [lemma_in[a] or lower_in[b] for a, b in rows]


def where_lower(doc, test: Callable[[str], bool]) -> list[int]:
    """The indices of the tokens whose `lower_` passes `test`, in order."""
    col = doc.to_array(LOWER).tolist()  # one attribute: a 1-D array
    strings = doc.vocab.strings
    ok = {h for h in set(col) if test(strings[h])}
    return [i for i, h in enumerate(col) if h in ok]


def where_tag_or_lower(doc, tags: Collection[str], lowers: Collection[str]) -> list[int]:
    """The indices of the tokens whose `tag_` is one of `tags` or whose `lower_` is one of `lowers`, in order."""
    rows = doc.to_array([TAG, LOWER]).tolist()
    strings = doc.vocab.strings
    tag_ok = {h for h in {r[0] for r in rows} if strings[h] in tags}
    low_ok = {h for h in {r[1] for r in rows} if strings[h] in lowers}
    return [i for i, (t, w) in enumerate(rows) if t in tag_ok or w in low_ok]


def lowers(doc, fn: Callable[[str], str] = str) -> list[str]:
    """`fn(t.lower_)` for each token."""
    col = doc.to_array(LOWER).tolist()  # one attribute: a 1-D array
    strings = doc.vocab.strings
    done = {h: fn(strings[h]) for h in set(col)}
    return [done[h] for h in col]


def where_pos_or_tag(doc, poses: Collection[str], tags: Collection[str]) -> list[int]:
    """The indices of the tokens whose `pos_` is one of `poses` or whose `tag_` is one of `tags`, in order."""
    from spacy.parts_of_speech import IDS

    pos_ids = {IDS[p] for p in poses}
    rows = doc.to_array([POS, TAG]).tolist()
    strings = doc.vocab.strings
    tag_ok = {h for h in {r[1] for r in rows} if strings[h] in tags}
    return [i for i, (p, t) in enumerate(rows) if p in pos_ids or t in tag_ok]
