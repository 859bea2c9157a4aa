"""Persons' names in place recognition (`stages/places.py`): the words of the article's persons' full names, which
a lone capitalised word may not be read as a place by, and the mentions that are a person's given name.
"""

from __future__ import annotations

from eventwire.gazetteer import Gazetteer, normalize
from eventwire.stages.place_words import (
    _DIRECTION_WORDS, _FEATURE_WORDS, _LOCATIVE, _PERSON_TITLES, _ROLE_WORDS, _Mention, _in_parens, _spaced_dash,
    _word_before)


def persons_words(doc) -> frozenset[str]:
    """Words (normalised) of persons' names of two words or more: not those of a "person" that is an item of a
    place's parenthesis ("Sfax (Sfax Ville, Sfax)", "Tarutyne (Tarutyne, Bolhrad)"), nor of one that is a place and
    a direction, the name of a constituency ("[Norwich North]PERSON", "Belfast East"), nor of one over ACLED's "City -
    District" ("[Taizz - Usayfarah]PERSON"), which `_ent_arrays` cuts at the dash, nor the words before a role word
    or a title ("[Ocala Mayor Ann Reed]PERSON": Ocala, v14)."""
    return frozenset(normalize(t.text) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1
                     and not _in_parens(doc, e.start, e.end)
                     and not (len(e) == 2 and e[1].lower_ in _DIRECTION_WORDS)
                     and not any(_spaced_dash(doc, k) for k in range(e.start, e.end))
                     for t in e[_after_role(e):] if t.is_alpha and len(t) > 2)


def _after_role(ent) -> int:
    """Where a person's name begins inside a PERSON entity: past a role word or a title ("[Ocala Mayor Ann
    Reed]PERSON": Ocala is the town, v14)."""
    k = 0
    for j, t in enumerate(ent):
        if t.lower_ in _ROLE_WORDS or t.lower_.rstrip(".") in _PERSON_TITLES:
            k = j + 1
    return k


def drop_given_names(gaz: Gazetteer, doc, mentions: list[_Mention]) -> list[_Mention]:
    """The mentions less a single word that opens a person's full name elsewhere in the article and stands here
    with no locative word before it: "Nine-year-old Georgia Stevens ... Georgia began skating", "Amber
    Sinclair-Alexander ... explained Amber", "Paris Hilton ... Paris said". The full name is a PERSON entity of
    two words or more that no place mention starts, which is no gazetteer name itself and holds no feature,
    role or direction word ("Gaza City", "Norwich North"). A word that opens "X, Y" stays ("According to [Buffalo
    Fire Chief]PERSON ... in downtown Buffalo, New York")."""
    starts = {m.start_tok for m in mentions}
    given: set[str] = set()
    for e in doc.ents:
        if e.label_ != "PERSON" or len(e) < 2 or e.start in starts or _in_parens(doc, e.start, e.end):
            continue
        first = e[0]
        if not (first.is_alpha and first.text[:1].isupper() and not first.is_upper):
            continue
        if any(t.lower_ in _FEATURE_WORDS | _ROLE_WORDS | _DIRECTION_WORDS for t in e):
            continue
        if gaz.has_key(normalize(e.text)):
            continue
        given.add(normalize(first.text))
    if not given:
        return mentions
    out = []
    for m in mentions:
        if m.end_tok - m.start_tok == 1 and m.key in given and not m.in_name:
            k = _word_before(doc, m.start_tok)
            e = m.end_tok
            paired = e + 1 < len(doc) and doc[e].text == "," and e + 1 in starts  # "downtown Buffalo, New York"
            if not (paired or (k >= 0 and (doc[k].lower_ in _LOCATIVE or doc[k].text in (",", "(")))):
                continue  # "Georgia began skating": the girl, not the country
        out.append(m)
    return out
