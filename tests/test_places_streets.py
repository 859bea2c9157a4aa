"""Streets and roads (`stages/place_streets`, places v14, issue 14): a mention of their own (stage STREET), placed
at the article's town, never an event's place."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from eventwire.stages.places import STREET, find_places  # noqa: E402


def streets(doc) -> dict[str, tuple[str | None, float | None]]:
    return {p.text: (p.country, p.lat) for p in find_places(doc) if p.stage == STREET}


@pytest.mark.parametrize("text,street", [
    ("A car hit a tree on Maple Grove Road in Ocala, Florida, on Sunday.", "Maple Grove Road"),
    ("Police in Ocala, Florida, closed Pine Hollow Drive after the fire.", "Pine Hollow Drive"),
    ("The man, of 12 Thistledown Lane, Ocala, Florida, was charged.", "Thistledown Lane"),
    ("Traffic on Highway 40 near Ocala, Florida, was stopped for hours.", "Highway 40"),
    ("Officers were called to Elm St. in Ocala, Florida, on Friday.", "Elm St."),
])
def test_a_street_placed_at_the_articles_town(nlp, text, street) -> None:
    doc = nlp(text)
    got = streets(doc)
    ocala = next(p for p in find_places(doc) if p.text == "Ocala")
    assert got[street] == (ocala.country, ocala.lat)


@pytest.mark.parametrize("text", [
    "The Wall Street Journal reported the deal in Ocala, Florida.",  # a longer name
    "She was taken to St. Luke's Hospital in Ocala, Florida.",  # a saint, not a street
    "He appeared before the District Court in Ocala, Florida.",  # "Court": a court, not a street
    "The road was closed in Ocala, Florida, on Monday.",  # no name
    "A Red Crescent team reached Ocala, Florida, on Monday.",  # "Crescent": the Red Crescent far more often
])
def test_no_street(nlp, text) -> None:
    assert streets(nlp(text)) == {}


def test_a_province_before_a_road_stays_a_place(nlp) -> None:
    """A division's name before a road's is no part of a street of the town: "Quebec Provincial Highway 20"."""
    doc = nlp("The truck was stopped on Quebec Provincial Highway 20 near Drummondville.")
    assert not any(p.stage == STREET and "Quebec" in p.text for p in find_places(doc))


def test_never_an_events_place() -> None:
    from eventwire.pipeline import extract

    ann = extract("Police arrested two men on Maple Grove Road in Ocala, Florida, on Tuesday after a robbery.",
                  published="2017-04-12")
    assert any(p.stage == STREET for p in ann.places)
    assert ann.events
    for ev in ann.events:
        assert ev.location is None or ev.location.stage != STREET


@pytest.mark.parametrize("text", [
    "Police Chief John Lane said two men were arrested in Ocala, Florida.",  # a role word before the name
    "Actress Glenn Close said she joined the march in Ocala, Florida.",
    "Nathan Lane said the protest in Ocala, Florida, was peaceful.",  # the subject of a verb of speech
])
def test_a_persons_name_is_no_street(nlp, text) -> None:
    assert streets(nlp(text)) == {}


def test_a_street_with_no_town_takes_the_country_of_the_nearest_place(nlp) -> None:
    got = streets(nlp("Hundreds marched down Fifth Avenue in New York on Sunday."))
    assert got == {"Fifth Avenue": ("USA", None)}


def test_a_town_read_inside_a_streets_name_is_part_of_it(nlp) -> None:
    doc = nlp("Protesters clashed with police in Hamilton Road, Ottawa, on Monday.")
    places = find_places(doc)
    assert [p.text for p in places if p.stage == STREET] == ["Hamilton Road"]
    assert not any(p.stage != STREET and p.start < doc.text.index(",") for p in places)


def test_streets_of_one_name_in_two_towns_are_two_rows_of_the_store() -> None:
    from eventwire.records import Place
    from eventwire.store.load import place_id

    def main_street(lat: float, lon: float) -> Place:
        return Place(text="Main Street", start=0, end=11, geonames_id=None, name="Main Street", country="USA",
                     admin1=None, lat=lat, lon=lon, feature="street", stage=STREET)

    assert place_id(main_street(29.19, -82.14)) != place_id(main_street(39.76, -84.19))
