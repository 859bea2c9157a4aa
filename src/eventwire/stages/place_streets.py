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
from eventwire.stages.doc_arrays import where_lower
from eventwire.stages.place_words import _PERSON_TITLES, _ROLE_WORDS, _SKIP_LABELS, _SPEECH_VERBS

# "Highway 17", "Route 9": a road numbered after the word
_NUMBERED = frozenset({"highway", "route"})
# labels a street's words never carry: a person's ("Police Chief John Lane said", "Nathan Lane": Lane and Close are
# surnames too), a date's, a number's, a title's
_SKIP = _SKIP_LABELS | {"PERSON"}


def _name_word(t) -> bool:
    """A word of a street's name: capitalised, a proper noun, no stop word ("The", "At")."""
    return t.is_alpha and t.text[:1].isupper() and t.tag_ in ("NNP", "NNPS") and not t.is_stop


def _a_persons(doc, k: int, end: int) -> bool:
    """A person's name, whatever the tagger said (NER may not have run on the sentence): led by a title or a role word
    ("Police Chief John Lane", "Actress Glenn Close", "Mr Lane"), or the subject of a verb of speech ("Nathan Lane
    said"): a street says nothing."""
    if any(doc[x].lower_.rstrip(".") in _ROLE_WORDS | _PERSON_TITLES for x in range(max(k - 1, 0), end - 1)):
        return True
    return any(doc[x].dep_ in ("nsubj", "nsubjpass") and doc[x].head.lemma_ in _SPEECH_VERBS for x in range(k, end))


def street_spans(doc, words: Collection[str]) -> list[tuple[int, int]]:
    """Token spans (start, end exclusive) of the street names of the Doc."""
    out: list[tuple[int, int]] = []
    n = len(doc)
    wanted = set(words) | _NUMBERED
    found = [j for j in where_lower(doc, lambda low: low.rstrip(".") in wanted) if doc[j].text[:1].isupper()]
    if not found:
        return out
    starts = {s.start for s in doc.sents}  # Token.is_sent_start checks the whole Doc's annotation on each call
    for j in found:
        w = doc[j].lower_.rstrip(".")
        if out and out[-1][1] > j:
            continue
        k = j
        while k > 0 and j - k < 3 and _name_word(doc[k - 1]) and k - 1 not in starts:
            k -= 1
        if k > 0 and _name_word(doc[k - 1]) and k - 1 in starts:
            k -= 1  # a name that opens the sentence: "Maple Grove Road was closed"
        end = j + 1
        if w in _NUMBERED and end < n and doc[end].like_num:
            end += 1  # "Highway 17"
        elif w not in words or k == j:
            continue
        if end < n and doc[end].text[:1].isupper() and doc[end].tag_ in ("NNP", "NNPS") and end not in starts:
            continue  # part of a longer name: "Wall Street Journal", "St. Luke's Hospital"
        if any(doc[x].ent_type_ in _SKIP for x in range(k, end) if not doc[x].like_num):
            continue
        if _a_persons(doc, k, end):
            continue
        out.append((k, end))
    return out


def streets(doc, text: str, words: Collection[str], places: list[Place], stage: str) -> list[Place]:
    """The places with the article's streets added (stage `stage`), and less the towns read inside a street's name;
    a street over a dateline, a division or a country is none."""
    spans = street_spans(doc, words)
    if not spans:
        return places
    towns = [p for p in places if p.feature in ("city", "admin2") and p.lat is not None]
    add: list[Place] = []
    drop: set[int] = set()
    for s, e in spans:
        start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
        inside = [i for i, p in enumerate(places) if p.start < end and start < p.end]
        if any(places[i].stage.endswith(":dateline") or places[i].feature not in ("city", "admin2") for i in inside):
            continue  # "Quebec Provincial Highway 20" names the province's road: Quebec stays
        # a town read inside the street's name is part of it ("Paris" of "Paris Road"), whether read inside a
        # longer name or as a place of its own ("clashed in Hamilton Road, Ottawa": no town of Hamilton, nor of Road)
        drop.update(inside)
        after = [p for p in towns if p.start > end and text[end:p.start].strip() == ","]
        before = [p for p in towns if p.end <= start]
        town = after[0] if after else before[-1] if before else next((p for p in towns if p.start >= end), None)
        # no town in the article: the street is in the country (and division) of the nearest place that has one
        # ("down Fifth Avenue in New York", the state), else of the town its own name was read as ("Police in
        # Springfield Road arrested two men"), with no point of its own
        area = town
        if area is None:
            outside = [p for p in places if p.country and not (p.start < end and start < p.end)]
            area = min(outside, key=lambda p: abs(p.start - start), default=None) or next(
                (places[i] for i in inside if places[i].country), None)
        add.append(Place(text=text[start:end], start=start, end=end, geonames_id=None, name=text[start:end],
                         country=area.country if area else None, admin1=area.admin1 if area else None,
                         lat=town.lat if town else None, lon=town.lon if town else None, feature="street",
                         population=None, stage=stage, precision=1 if town else None,
                         admin2=town.admin2 if town else None))
    kept = [p for i, p in enumerate(places) if i not in drop] + add
    kept.sort(key=lambda p: p.start)
    return kept
