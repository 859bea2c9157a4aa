"""Who independently reports an incident, and its headline figures.

Independent sources (issue 15):
- each outlet counts once, however many of its articles report the incident;
- an article without a named outlet is an *unknown* source, never an independent one;
- syndicated and near-duplicate texts (one wire story carried by several outlets, lightly edited) count once: the
  first outlet that carried the text is the source, the others are listed as carrying it (`carried_by`). Two
  texts are near-duplicates when the Jaccard similarity of their word 4-shingles, estimated by MinHash
  (`datasketch`, NUM_PERM permutations), reaches SYNDICATED. Independent reports of one happening share facts,
  not sentences: their similarity stays far below it.

The headline fatality count follows ACLED's rule: the most conservative credible report, i.e. the lowest, with
the range beside it; never a sum of reports.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

import numpy as np

NUM_PERM = 64
SHINGLE = 4
SYNDICATED = 0.5
SEED = 1
CREDIBLE = frozenset({"reported", "claimed", "background"})  # a denial's figure is not the happening's

_WORD = re.compile(r"\w+", re.UNICODE)


def signature(text: str) -> bytes:
    """The MinHash signature of a text's word SHINGLE-grams (lower-cased), as NUM_PERM little-endian uint64."""
    from datasketch import MinHash

    words = _WORD.findall(text.lower())
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))} if words else set()
    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    m.update_batch([g.encode("utf-8") for g in sorted(grams)])
    return np.asarray(m.hashvalues, dtype="<u8").tobytes()


def similarity(a: bytes | None, b: bytes | None) -> float:
    """Estimated Jaccard similarity of two signatures (0 when either is missing or they do not fit)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    x, y = np.frombuffer(a, dtype="<u8"), np.frombuffer(b, dtype="<u8")
    return float(np.mean(x == y))


def syndication_groups(sigs: Sequence[bytes | None]) -> list[int]:
    """A group number per text: texts linked by near-duplication (directly or through others) share one."""
    parent = list(range(len(sigs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # each text against every earlier one of the same signature length at once (an incident of hundreds of
    # reports would otherwise cost hundreds of thousands of pairwise calls at each refresh); the links are made
    # in the same order as pair by pair, so the groups are the same
    by_len: dict[int, list[int]] = {}
    for i, sig in enumerate(sigs):
        if sig:
            by_len.setdefault(len(sig), []).append(i)
    near: dict[int, list[int]] = {}  # text -> the earlier texts it nearly duplicates, in order
    for idx in by_len.values():
        if len(idx) < 2:
            continue
        m = np.stack([np.frombuffer(sigs[i], dtype="<u8") for i in idx])  # type: ignore[arg-type]
        for k in range(1, len(idx)):
            near[idx[k]] = [idx[j] for j in np.flatnonzero((m[:k] == m[k]).mean(axis=1) >= SYNDICATED)]
    for i in range(len(sigs)):
        for j in near.get(i, ()):
            parent[root(i)] = root(j)
    return [root(i) for i in range(len(sigs))]


def outlet_key(outlet: str | None) -> str | None:
    name = " ".join((outlet or "").split()).lower()
    return name or None


def independent_sources(articles: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """`articles`: [{"id", "outlet", "minhash", "carriers": [outlet, ...]}] in the order they were stored.
    Returns {"outlets": independent outlets (display names, first seen first), "unknown": texts carried by no
    named outlet, "carried_by": [{"outlet", "carries"}], "group": {article id: group key}}."""
    groups = syndication_groups([a.get("minhash") for a in articles])
    lead: dict[int, str | None] = {}  # group -> the outlet whose text it is (the first named one)
    carriers: dict[int, list[str]] = {}
    for a, g in zip(articles, groups):
        for name in [a.get("outlet"), *a.get("carriers", [])]:
            if outlet_key(name) is None:
                continue
            if lead.get(g) is None:
                lead[g] = name
            elif outlet_key(name) != outlet_key(lead[g]) and name not in carriers.setdefault(g, []):
                carriers[g].append(name)
        lead.setdefault(g, None)
    outlets: dict[str, str] = {}
    unknown = 0
    for g, name in lead.items():
        if name is None:
            unknown += 1
        else:
            outlets.setdefault(outlet_key(name), name)  # type: ignore[arg-type]
    carried = [{"outlet": c, "carries": lead[g]} for g, cs in carriers.items() for c in cs
               if outlet_key(c) not in outlets or outlet_key(c) == outlet_key(lead[g])]
    return {"outlets": list(outlets.values()), "unknown": unknown, "carried_by": carried,
            "group": {a["id"]: f"g{g}" for a, g in zip(articles, groups)}}


def headline_fatalities(fatalities: Iterable[dict[str, Any]]) -> dict[str, int] | None:
    """ACLED's rule over an incident's fatality reports ([{"value", "status"?, ...}]): {"best": the lowest
    credible figure, "low", "high": the range of all credible figures, "reports": how many}; None without any.
    A zero beside positive figures is an early "no casualties" report that later ones revised, not a more
    conservative count of the same dead, so it counts only when every report says zero."""
    values = [int(f["value"]) for f in fatalities
              if f.get("value") is not None and f.get("status", "reported") in CREDIBLE and int(f["value"]) >= 0]
    if not values:
        return None
    positive = [v for v in values if v > 0]
    best = min(positive) if positive else 0
    return {"best": best, "low": min(positive or values), "high": max(values), "reports": len(values)}
