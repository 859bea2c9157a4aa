"""Actors typed by where the text puts them, once the places are known (the events stage calls this before it
builds events): a bare agent noun ("demonstrators") that only the story's main country typed, or an ethnic group
named by a demonym, takes the country of the place the text puts it in."""

from __future__ import annotations

import bisect
from collections import Counter

from spacy.tokens import Doc, Token

from eventwire import budget
from eventwire.kb import KnowledgeBase
from eventwire.records import Actor
from eventwire.stages.actors import ETHNIC, FOCUS, generic_actor

_CLAUSE_EDGES = {"relcl", "acl", "advcl", "ccomp", "parataxis", "xcomp", "conj"}
# people and bodies that belong where the story happens: the governor, the police, residents, the court. Armed
# forces, rebels and spies may come from across a border, and keep the story's main country.
LOCAL_SECTORS = frozenset({"CVL", "GOV", "COP", "JUD", "LEG", "OPP", "REF", "HLH", "EDU", "LAB", "REL"})


def place_focus(places: list) -> str | None:
    """The country where the story happens, by its places: the country of most of its towns and provinces (of its
    countries where it names no finer place), when one leads; else None."""
    for pool in ([p for p in places if p.country and p.feature != "country"], [p for p in places if p.country]):
        counts = Counter(p.country for p in pool).most_common(2)
        if counts:
            return counts[0][0] if len(counts) == 1 or counts[0][1] > counts[1][1] else None
    return None


def retype_by_place(doc: Doc, actors: list[Actor], places: list, kb: KnowledgeBase) -> None:
    """Re-type, in place, the bare agent nouns that only the story's main country typed, and ethnic groups named
    by a demonym ("ethnic Albanians"), by where the text puts them: the place they are in or from ("Demonstrators in Baghdad ..." in a story that names the United States
    more often), else the one country of every place named in their own clause ("Gunmen abducted Chinese workers
    from a mine in Zamfara state"). Places in relative or subordinate clauses do not count ("police arrested a man
    who had travelled to Syria"). A local (LOCAL_SECTORS) with no place in its clause takes the one country of the
    places in its sentence, else the country where the story happens (`place_focus`): "Russian drones struck
    Sumy, the regional governor said" is Ukraine's governor, however often the story names Russia; of several
    countries in its clause, it takes the story's ("protesters gathered in Tel Aviv against the invasion of
    Ukraine")."""
    located = sorted((p for p in places if p.country), key=lambda p: p.start)
    story = place_focus(located)
    starts = [p.start for p in located]

    def place_at(tok: Token):  # a binary search: an article's places, times its actors, was quadratic
        k = bisect.bisect_right(starts, tok.idx) - 1
        while k >= 0 and located[k].start > tok.idx - 200:  # places do not nest deeper than a long name
            if located[k].start <= tok.idx < located[k].end:
                return located[k]
            k -= 1
        return None

    for i, a in enumerate(actors):
        if a.stage not in (FOCUS, ETHNIC):
            continue
        budget.check()
        span = doc.char_span(a.start, a.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        iso3 = next((pl.country for c in head.children if c.dep_ == "prep" and c.lower_ in ("in", "from", "of")
                     for p in c.children if p.dep_ == "pobj" for pl in [place_at(p)] if pl is not None), None)
        if iso3 is None:
            verb = head
            while verb.dep_ not in ("ROOT", *_CLAUSE_EDGES) and verb.head is not verb:
                verb = verb.head
            cut: set[int] = set()
            above = {head.i, *(x.i for x in head.ancestors)}  # the tokens whose subtree holds the head
            for t in verb.subtree:
                if t is not verb and t.dep_ in _CLAUSE_EDGES and not (t.i <= head.i and t.i in above):
                    cut.update(x.i for x in t.subtree)
            found = {pl.country for t in verb.subtree if t.i not in cut for pl in [place_at(t)] if pl is not None}
            local = a.stage == FOCUS and a.sector in LOCAL_SECTORS
            if not found and (a.stage == ETHNIC or local):  # where they live: the one country the sentence names
                found = {pl.country for t in head.sent for pl in [place_at(t)] if pl is not None}
            if local and story and (not found or story in found):
                found = {story}  # no place in the sentence, or several countries: the one where the story happens
            if len(found) == 1:
                iso3 = found.pop()
        if iso3 and iso3 != a.country:
            b = generic_actor(span, iso3, a.sector, a.kind, head.lemma_.lower(), kb)
            b.text, b.start, b.end = a.text, a.start, a.end
            actors[i] = b
