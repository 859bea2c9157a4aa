"""An event whose sentence names no place continues the event before it ("Troops clashed with rebels in Beni. Later
that day the army arrested 12 ..."): `carry_places` gives it the place of the previous event of its paragraph that
has one, where that event is of another type, or of its type and the sentence says of no other one, names no
other side acting, no day and no place of its own ("Protesters denounced ..." after "people protested in Atlixco":
the crowd's demands retold; "the body was left by gunmen who shot at a house" after "in Tijuana a man was killed";
not "Another attack killed five", nor "Ukrainian forces shelled ..." after "Russian forces shelled Izium"); where
no event of the paragraph has a place, the paragraph's first town or unit if all of them lie in one country ("some
thirty cyclists rode through Baden (Aargau). They asked the council ...": the asking, the one event, in Baden). A
protest placed only in a country named in passing takes the place of the event told before it (`_passing_to_town`).
ACLED's "coded to X" names the place of its paragraph's events wherever it stands (`place_choice.coded_to`); an
event still placed nowhere takes a town its sentence names inside a body's or a site's name (`place_choice.in_name`:
"the Kars Governor's Office banned all rallies") before the place of the event told before it.

Plain functions over `Place` and `Event` records and the article's text; `events` calls `carry_places` after
`place_choice.refine` has placed each event in its own sentence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from eventwire.places_lexicon import word_list
from eventwire.records import Actor, Event, Place
from eventwire.stages.place_choice import _SPECIFIC, _passing_country, _same_paragraph, coded_to, in_name
from eventwire.stages.place_namesakes import squash_name as _squash_name
from eventwire.stages.places import IN_NAME, MENTION_ONLY


@functools.lru_cache(maxsize=1)
def _another_re() -> re.Pattern[str]:
    """places.yaml `another_words`: words that make an event told after one of its type another one ("Another rally
    was held", "In a separate attack", "Gunmen also shot dead a woman")."""
    return re.compile(r"\b(?:" + "|".join(sorted(re.escape(w) for w in word_list("another_words"))) + r")\b", re.I)


def _another(text: str, at: int) -> bool:
    """Does the sentence at `at` tell another event than the one before it ("Another protest was held", "In a
    separate rally ...")? Otherwise a protest told after a protest retells it ("Demonstrators denounced violence",
    "Protesters demanded the release of ..."), at its place."""
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
    end = text.find(". ", at)
    return _another_re().search(text[start:end if end >= 0 else len(text)]) is not None


def _article_place(places: Sequence[Place], text: str, at: int) -> Place | None:
    """The place of the paragraph at `at` where it names towns or units of one country only: the first of them."""
    inside = [p for p in places if p.feature != "country" and p.country and _same_paragraph(text, p.start, at)
              and p.stage not in MENTION_ONLY]
    if not inside or len({p.country for p in inside}) != 1:
        return None
    return min(inside, key=lambda p: p.start)


def _carries(before: Event, ev: Event, text: str, places: Sequence[Place] = ()) -> bool:
    """May `ev` take the place of `before`, the event told before it in its paragraph? When it is of another type,
    or of the same type told again: its sentence speaks of no other one ("In Tijuana a man was killed. The body was
    left by gunmen who shot at a house": the killing retold), names no other side acting than the one before
    ("Russian forces shelled Izium. Ukrainian forces shelled their positions" are two acts, perhaps far apart), no
    day of its own other than that one's ("On Tuesday, soldiers shot dead a teenager" after a raid on Monday) and
    no place of its own other than that one's, not even one the event did not take ("The bomber struck on Sariab
    Road", a street: the sentence says where, and no place of another sentence is put in its stead)."""
    if before.type != ev.type:
        return True
    if ev.type != "PROTEST" and (_own_place(before, ev, places) or _own_day(before, ev)):
        return False
    return not _another(text, ev.trigger_start) and not _other_sides(before, ev)


def _own_place(before: Event, ev: Event, places: Sequence[Place]) -> bool:
    """Does `ev`'s sentence name a place other than the one `before` lies in ("The bomber struck on Sariab Road")?"""
    carried = _squash_name(before.location.text) if before.location is not None else None
    return any(ev.evidence.start <= p.start < ev.evidence.end and _squash_name(p.text) != carried for p in places)


def _own_day(before: Event, ev: Event) -> bool:
    """Is `ev` dated by words of its own sentence to another time than `before` ("On Tuesday, Israeli forces shot
    dead a teenager" after a raid on Monday; "Last year, gunmen shot dead two traders")?"""
    date = ev.date
    return date is not None and bool(date.text) and ev.evidence.start <= date.start < ev.evidence.end and (
        before.date is None or date.value != before.date.value)  # a date carried from the narrative is no own day


def _side(a: Actor) -> object:
    """What names one side: a known actor's id; a generic one's country and sector ("gunmen" and "gunman" are one)."""
    return a.id if a.known else (a.country, a.sector)


def _other_sides(a: Event, b: Event) -> bool:
    """Do both events name who acted, and no side of one among the other's?"""
    sides_a, sides_b = {_side(x) for x in a.sources}, {_side(x) for x in b.sources}
    return bool(sides_a) and bool(sides_b) and not sides_a & sides_b


def _passing_to_town(events: list[Event], places: Sequence[Place], text: str) -> None:
    """A protest placed only in a country named in passing, its topic ("They condemned Russia's invasion of
    Ukraine", "protested against ... sending weapons to Ukraine", "gathered to protest the plan to relocate the plant
    to Poland"), a country that holds no other place of the paragraph, takes the place of the event told before it in
    the paragraph where that one lies in a town or unit of another country (as `carry_places` carries a place). Not
    another event: "Ministers met in Berlin. Germany delivered arms to Ukraine" keeps Ukraine."""
    order = sorted(events, key=lambda e: e.trigger_start)
    for k, ev in enumerate(order):
        loc = ev.location
        if ev.type != "PROTEST" or loc is None or not _passing_country(loc, text):
            continue
        if any(p.country == loc.country and p.feature != "country" and p.stage not in MENTION_ONLY
               and _same_paragraph(text, p.start, loc.start) for p in places):
            continue  # the story has a place in that country: no mere mention
        before = [e for e in order[:k] if e.location is not None and e.location.feature != "country"
                  and e.location.country and e.location.country != loc.country
                  and _same_paragraph(text, e.trigger_start, ev.trigger_start)]
        if before and _carries(before[-1], ev, text):
            ev.location = before[-1].location


def carry_places(events: list[Event], places: Sequence[Place], text: str) -> list[Event]:
    """`events` with a place for each event whose sentence names none: the place of the nearest earlier event of the
    same paragraph that has one, unless that event is of the same type and the sentence tells another act of it
    ("Gunmen attacked a convoy in Gao. Another attack killed five soldiers"; "Russian forces shelled Izium. Ukrainian
    forces shelled ...": another side acting), `_carries`; where no event of the paragraph
    has a place, the paragraph's first town or unit when all of them lie in one country (the dateline aside, never
    an event's place). The place keeps its mention's span and precision."""
    coded = coded_to(places, text)
    if coded is not None:
        # "[coded to Przemysl]" (ACLED's notes) names the place of the note's events, wherever it stands: an event
        # of its paragraph placed nowhere or only in the country or division around it takes it
        for ev in events:
            loc = ev.location
            if _same_paragraph(text, coded.start, ev.trigger_start) and (loc is None or (
                    loc.country == coded.country and _SPECIFIC.get(loc.feature, 0) > 1)):
                ev.location = coded
    # placed nowhere: a town named inside a body's or a site's name in its sentence (place_choice.in_name)
    named_in = [p for p in places if p.stage == IN_NAME]
    for ev in events:
        if ev.location is None and named_in:
            ev.location = in_name(None, [p for p in named_in if ev.evidence.start <= p.start < ev.evidence.end],
                                  text)
    _passing_to_town(events, places, text)
    placed = sorted((e for e in events if e.location is not None), key=lambda e: e.trigger_start)
    for ev in events:
        if ev.location is not None:
            continue
        near = [e for e in placed if _same_paragraph(text, e.trigger_start, ev.trigger_start)]
        before = [e for e in near if e.trigger_start < ev.trigger_start]
        if before:
            if _carries(before[-1], ev, text, places):
                ev.location = before[-1].location
        elif not near:
            ev.location = _article_place(places, text, ev.trigger_start)
    return events
