"""What the words around a name say of it, for `stages/places.py`'s reading of names: a division that closes "X, Y"
after it or that it closes, a one-word qualifier in brackets that is part of it ("Frankfurt (Oder)"), a
neighbourhood's head word before it ("Colonia Los Puertos"), proper nouns glued to it, a hyphenated name it opens
("Mayo-Sava"), a parenthesis of units it opens ("post (Kiruhura, Western)"). Plain functions over the parsed Doc and
the gazetteer."""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.gazetteer import Gazetteer
from eventwire.stages.place_words import (
    _ADMIN2_WORDS, _ADMIN_WORDS, _CALENDAR_WORDS, _DIRECTION_WORDS, _FEATURE_WORDS, _ROLE_WORDS, _Mention, _is_cap,
    _unit_word_after)

__all__ = ["division_after_name", "hyphen_stray", "in_neighbourhood", "inside_name", "name_of_division_after",
           "opens_units", "qualified"]


def qualified(gaz: Gazetteer, doc, end: int) -> bool:
    """Does a one-word qualifier in brackets that is part of the name follow doc[:end]: the river of "Frankfurt
    (Oder)", "Homberg (Ohm)", "Freiburg (Elbe)"? Tried as a longer name; the word must be no division or
    country, which would be the name's unit ("Victoria (Texas)")."""
    if not (end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and _is_cap(doc[end + 1])):
        return False
    return not any(e.feature in ("country", "admin1", "admin2", "region")
                   for e in gaz.candidates(doc[end + 1].text))


def division_after_name(gaz: Gazetteer, doc, i: int, end: int, key: str) -> bool:
    """Is doc[i:end] the "Y" closing "X, Y" after a capitalised name, and Y a first-level division's name?"""
    n = len(doc)
    if not (i >= 2 and doc[i - 1].text == "," and _is_cap(doc[i - 2])):
        return False
    if end < n and doc[end].text not in (",", ".", ";", ")") and not doc[end].is_lower:
        return False
    return any(e.feature == "admin1" for e in gaz.candidates_key(key))

def name_of_division_after(gaz: Gazetteer, doc, end: int, key: str) -> bool:
    """Is the name ending at `end` followed by ", Y" that closes the phrase, Y a first-level division in which
    the name has a reading? ACLED's "Village, Admin1" with a village the tagger took for a person: "shelled
    [Novyi Bykiv]PERSON, Chernihiv", "an airstrike on [Malynivka]PERSON, Zaporizhia" (never a person's name
    and his home: "Cory Stevens, Georgia" holds no Georgian reading of Cory Stevens)."""
    n = len(doc)
    if not (end + 1 < n and doc[end].text == "," and _is_cap(doc[end + 1])):
        return False
    j = end + 1
    while j < n and j - end <= 4 and _is_cap(doc[j]):
        j += 1
    if j < n and doc[j].lower_ in _ADMIN_WORDS:  # "Donetsk region"
        j += 1
    if j < n and doc[j].text not in (".", ",", ";", ")") and not doc[j].is_lower:
        return False
    if j < n and doc[j].tag_ == "POS":
        return False
    units = {e.admin1 for e in gaz.candidates(doc[end + 1:j].text.removesuffix(" region")
                                                   .removesuffix(" oblast").removesuffix(" province"))
             if e.feature == "admin1" and e.admin1}
    return bool(units) and any(e.admin1 in units for e in gaz.candidates_key(key) if e.feature == "city")

def in_neighbourhood(heads: frozenset[str], doc, i: int, end: int) -> bool:
    """A neighbourhood's name: opened by a word of places.yaml `neighbourhood_heads` before a capitalised word
    ("Colonia Los Puertos"), the span being that word or what follows it."""
    if doc[i].lower_ in heads and _is_cap(doc[i]):
        return end - i > 1 or (end < len(doc) and _is_cap(doc[end]))
    k = i - 1
    while k >= 0 and _is_cap(doc[k]) and doc[k].lower_ not in heads and i - k < 4:
        k -= 1
    return k >= 0 and doc[k].lower_ in heads and _is_cap(doc[k])

def inside_name(doc, i: int, end: int, sent_starts) -> bool:
    """Is doc[i:end] glued to capitalised proper nouns that are not feature or direction words?"""
    def name_word(k: int) -> bool:
        t = doc[k]
        return (_is_cap(t) and t.tag_ in ("NNP", "NNPS") and not t.is_stop
                and k not in sent_starts)

    if end < len(doc) and end not in sent_starts and doc[end - 1].whitespace_ and name_word(end):
        if doc[end].lower_ not in _FEATURE_WORDS and doc[end].lower_ not in _ROLE_WORDS and \
                doc[end].lower_ not in _CALENDAR_WORDS and not _unit_word_after(doc, end):  # "in southeastern
            # Serbia Friday"; a unit word in capitals is no longer name: "Damboa LGA", "Chintapalle Mandal"
            return True
    if i > 0 and i not in sent_starts and name_word(i - 1) and doc[i - 1].whitespace_:
        if doc[i - 1].lower_ not in _DIRECTION_WORDS and doc[i - 1].lower_ not in _FEATURE_WORDS:
            return True
    return False


def _glued(doc, k: int) -> bool:
    """Is token `k` a hyphen with no space on either side between two words, the second capitalised?"""
    return 0 < k < len(doc) - 1 and doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_ \
        and doc[k + 1].text[:1].isupper()


def hyphen_stray(doc, m: _Mention, mentions: list[_Mention], countries_hint: Sequence[str]) -> bool:
    """A town or division read from the first part of a hyphenated proper name the gazetteer lacks ("Mayo-Tsanaga",
    "Hile-Alifa", "Nord-Ostsee"), in a country that no other name of the article resolves to while another name
    does: the part's namesake abroad ("Mayo" of Ireland in a story of Cameroon), left unplaced (v15). Two places
    joined ("the Yerevan-Artashat highway", "the Iraq-Iran war") keep their readings: the same country, or
    countries and regions; as does a part its unit vouches for, one in the story's countries, or a last part
    ("Middlesex-London": a town named with its county)."""
    e = m.entry
    if e is None or e.feature not in ("city", "admin1", "admin2") or m.paired or e.country in countries_hint[:3]:
        return False
    if not _glued(doc, m.end_tok):
        return False
    others = {o.entry.country for o in mentions if o.entry is not None and o.group != m.group and o.entry.country}
    return bool(others) and e.country not in others


def opens_units(doc, i: int, end: int, prev_end: int) -> bool:
    """Does doc[i:end] open a parenthesis of units after a word that no name read before it ends: "Kikatsi police
    station (Kiruhura, Western)", "Kamengo-Nsonso Village (Rakai, Central)"? ACLED's notes name a place's district
    and region so; the first names where the place lies, as "in" would (v15). Not after a name read as a place
    ("Kabuyanda (Isingiro, Western)"), whose unit it is."""
    n = len(doc)
    if i < 2 or doc[i - 1].text != "(" or prev_end == i - 1 or end >= n or doc[end].text != "," \
            or not doc[i - 2].is_alpha:
        return False
    for k in range(end + 1, min(n, end + 8)):
        t = doc[k]
        if t.text == ")":
            return k > end + 1
        if not (_is_cap(t) or t.text in (",", "-") or t.lower_ in _ADMIN_WORDS | _ADMIN2_WORDS):
            return False
    return False
