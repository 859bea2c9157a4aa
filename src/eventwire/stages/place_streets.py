"""Street and road names (`stages/places.py` v14, issue 14): "Maple Grove Road", "Elm St.", "Birchwood Close",
"Highway 17". The gazetteer holds no streets, yet local news names them where things happen, and the geoparsing
sets mark them as toponyms (TR-News: 40 of the 50 "Name Road"-like phrases of its text are marked).

A street is one to three capitalised proper nouns before a word of places.yaml `street_words` ("Road", "St."), or
"Highway" before a number; not before another capitalised proper noun ("Wall Street Journal", "St. Luke's"), not
inside a date or a number, and not over a place name read as such: a town read inside a longer name is part of the
street's name ("Paris" of "Paris Road"), a division or a country is not ("Quebec Provincial Highway 20"). It is
placed at the town of the article nearest before it (after it when none), "X Road, Town" at that town: a mention of
its own (stage STREET), like a dateline never an event's place.
"""

from __future__ import annotations

from collections.abc import Collection

from eventwire.records import Place

# "Highway 17", "Route 9": a road numbered after the word
_NUMBERED = frozenset({"highway", "route"})
_SKIP = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "WORK_OF_ART", "LAW",
                   "EVENT"})


def _name_word(t) -> bool:
    """A word of a street's name: capitalised, a proper noun, no stop word ("The", "At")."""
    return t.is_alpha and t.text[:1].isupper() and t.tag_ in ("NNP", "NNPS") and not t.is_stop


def street_spans(doc, words: Collection[str]) -> list[tuple[int, int]]:
    """Token spans (start, end exclusive) of the street names of the Doc."""
    out: list[tuple[int, int]] = []
    n = len(doc)
    for j, t in enumerate(doc):
        w = t.lower_.rstrip(".")
        if not t.text[:1].isupper() or (w not in words and w not in _NUMBERED):
            continue
        if out and out[-1][1] > j:
            continue
        k = j
        while k > 0 and j - k < 3 and _name_word(doc[k - 1]) and not doc[k - 1].is_sent_start:
            k -= 1
        if k > 0 and _name_word(doc[k - 1]) and doc[k - 1].is_sent_start:
            k -= 1  # a name that opens the sentence: "Maple Grove Road was closed"
        end = j + 1
        if w in _NUMBERED and end < n and doc[end].like_num:
            end += 1  # "Highway 17"
        elif w not in words or k == j:
            continue
        if end < n and doc[end].text[:1].isupper() and doc[end].tag_ in ("NNP", "NNPS") and not doc[end].is_sent_start:
            continue  # part of a longer name: "Wall Street Journal", "St. Luke's Hospital"
        if any(doc[x].ent_type_ in _SKIP for x in range(k, end) if not doc[x].like_num):
            continue
        out.append((k, end))
    return out


def streets(doc, text: str, words: Collection[str], places: list[Place], stage: str,
            mention_only: Collection[str]) -> list[Place]:
    """The places with the article's streets added (stage `stage`), and less the places inside a longer name
    (`mention_only` other than a dateline's) that lie inside a street's name; a street over any other place is none."""
    spans = street_spans(doc, words)
    if not spans:
        return places
    towns = [p for p in places if p.feature in ("city", "admin2") and p.lat is not None]
    add: list[Place] = []
    drop: set[int] = set()
    for s, e in spans:
        start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
        inside = [i for i, p in enumerate(places) if p.start < end and start < p.end]
        if any(places[i].stage not in mention_only or places[i].stage.endswith(":dateline")
               or places[i].feature not in ("city", "admin2") for i in inside):
            continue  # "Quebec Provincial Highway 20" names the province's road: Quebec stays
        drop.update(inside)
        after = [p for p in towns if p.start > end and text[end:p.start].strip() == ","]
        before = [p for p in towns if p.end <= start]
        town = after[0] if after else before[-1] if before else next((p for p in towns if p.start >= end), None)
        add.append(Place(text=text[start:end], start=start, end=end, geonames_id=None, name=text[start:end],
                         country=town.country if town else None, admin1=town.admin1 if town else None,
                         lat=town.lat if town else None, lon=town.lon if town else None, feature="street",
                         population=None, stage=stage, precision=1 if town else None,
                         admin2=town.admin2 if town else None))
    kept = [p for i, p in enumerate(places) if i not in drop] + add
    kept.sort(key=lambda p: p.start)
    return kept
