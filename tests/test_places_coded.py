"""The place an ACLED note says it coded its event to ("(coded as X)", "[coded to X]"), and a unit whose name is
read at the wrong level ("X city in Aleppo countryside"). Sentences written for these tests."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from eventwire.gazetteer import haversine_km  # noqa: E402
from eventwire.pipeline import extract  # noqa: E402


def _place(text: str, date: str):
    events = [e for e in extract(text, published=date).events if e.location is not None]
    assert events, "no event with a place"
    return events[0].location


@pytest.mark.parametrize("text, town, country", [
    # the tagger reads the coded town as a person's name: it was no place at all, and the event went to the province
    ("On 2 June 2023, two rival clans traded fire with rifles in Gwarjak area (coded as Turbat) (Kech, Balochistan), "
     "leaving one man hurt.", "Turbat", "PAK"),
    # ... and a town its province vouches for
    ("On 8 May 2023, tribesmen exchanged fire over a water dispute near Dasht area (coded as Nushki) (Balochistan), "
     "wounding two men.", "Nushki", "PAK"),
])
def test_the_coded_town_places_the_event(text, town, country) -> None:
    loc = _place(text, "2023-06-10")
    assert (loc.name, loc.country) == (town, country)


def test_a_coded_name_read_only_abroad_does_not_outvote_the_notes_places() -> None:
    # the gazetteer lacks the Nigerian village; its namesake in the Central African Republic is not the place
    loc = _place("On 19 March 2023, gunmen on motorbikes attacked members of a vigilance group in Okigwe LGA (Imo), "
                 "coded as Abba. Nobody was hurt.", "2023-03-20")
    assert loc.country == "NGA"
    # a person's name after "coded as", a small town abroad, where the story's places lie in one country
    got = extract("On 3 May 2024, police in Nakuru arrested an informant (coded as Joseph) for leaking the plans of "
                  "the raid.", published="2024-05-05")
    assert [p.name for p in got.places] == ["Nakuru"]


def test_a_coded_name_needs_to_close_its_phrase() -> None:
    # "coded as" before an actor's name: no place is read from its first word
    got = extract("On 4 April 2023, gunmen (coded as Kashmir Rebels) opened fire on an army post in Poonch district. "
                  "No one was hurt.", published="2023-04-05")
    assert all(p.stage.endswith(":in-name") for p in got.places if p.text == "Kashmir")
    assert all(e.location is None or e.location.name != "Kashmir" for e in got.events)


def test_a_town_lies_in_the_division_of_its_units_name_when_the_city_of_that_name_is_too_far() -> None:
    # "Aleppo" read as the city: Jarablus lies 100 km away, but in the governorate of that name, so it keeps its
    # own point rather than being drawn at the city's
    loc = _place("On 21 March 2023, a roadside bomb went off beside a police vehicle in Jarablus city in Aleppo "
                 "countryside, wounding two officers.", "2023-03-22")
    assert loc.country == "SYR"
    assert haversine_km(loc.lat, loc.lon, 36.82, 38.01) < 10
