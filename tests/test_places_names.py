"""Names read whole (places v15): a possessive, a lower-case link word or a bracketed qualifier inside a name, and
divisions under the names ACLED's notes give them ("J&K", Benin's "Littoral")."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from eventwire.stages.places import find_places  # noqa: E402


def places_of(nlp, text):
    return {p.text: (p.name, p.country, p.feature) for p in find_places(nlp(text))}


@pytest.mark.parametrize("text, mention, name, iso3", [
    # a possessive closing a name before its units, or inside one
    ("On 3 May 2023, nurses rallied outside a hospital in St. John's (Newfoundland and Labrador) over pay.",
     "St. John's", "St. John's", "CAN"),
    ("On 3 May 2023, nurses rallied outside a hospital in King's Lynn (Norfolk) over pay.",
     "King's Lynn", "King's Lynn", "GBR"),
    ("On 6 May 2023, traders marched in Moi's Bridge town (Likuyani, Kakamega) over a wave of thefts.",
     "Moi's Bridge", "Moi\u2018s Bridge", "KEN"),
    # a German name with "in", or with its river in brackets
    ("On 10 January 2023, farmers drove their tractors through Neustadt in Holstein to protest fuel prices.",
     "Neustadt in Holstein", "Neustadt in Holstein", "DEU"),
    ("On 10 January 2023, about 40 people marched in Homberg (Ohm) against the closure of a clinic.",
     "Homberg (Ohm)", "Homberg", "DEU"),
    ("On 10 January 2023, about 40 people marched in Frankfurt (Oder) against the closure of a clinic.",
     "Frankfurt (Oder)", "Frankfurt (Oder)", "DEU"),
])
def test_a_name_is_read_whole(nlp, text, mention, name, iso3) -> None:
    got = places_of(nlp, text)
    assert got.get(mention, (None, None))[:2] == (name, iso3)


def test_homberg_ohm_is_not_the_larger_homberg() -> None:
    from eventwire.gazetteer import get_gazetteer
    c = get_gazetteer().candidates("Homberg (Ohm)")
    assert c and all(e.lat < 50.9 for e in c)  # Homberg (Ohm) of Giessen, not Homberg (Efze) of Kassel


def test_a_bracketed_division_stays_the_names_unit(nlp) -> None:
    got = places_of(nlp, "On 4 June 2023, residents blocked a road in Victoria (Texas) over flooding.")
    assert "Victoria (Texas)" not in got and got.get("Texas", (None, None))[1] == "USA"


def test_a_possessive_of_speech_is_no_name(nlp) -> None:
    got = places_of(nlp, "Crowds in London watched the Queen's speech on Tuesday.")
    assert set(got) == {"London"}


@pytest.mark.parametrize("text, mention, iso3, feature", [
    ("On 2 June 2023, shopkeepers held a sit-in at Baramulla city (J&K) over power cuts.", "J&K", "IND", "admin1"),
    ("On 2 June 2023, parents rallied outside a school of Surankot town (Poonch district, J&K) to keep it open.",
     "Surankot", "IND", "city"),
    # a bare "North West" is no South African province: Cameroon's region of its Anglophone crisis keeps its towns
    ("Separatists attacked soldiers in Bamenda, North West region, on Monday.", "Bamenda", "CMR", "city"),
    ("On 2 June 2023, dock workers demonstrated in front of the port in Cotonou (Cotonou, Littoral) over wages.",
     "Cotonou", "BEN", "city"),
    ("On 2 June 2023, traders demonstrated in Douala (Douala V, Wouri, Littoral) over taxes.", "Littoral", "CMR",
     "admin1"),
])
def test_divisions_under_acled_names(nlp, text, mention, iso3, feature) -> None:
    got = places_of(nlp, text)
    assert got.get(mention, (None, None, None))[1:] == (iso3, feature)


@pytest.mark.parametrize("text, mention, iso3", [
    # Nepal's districts the index lacks (places.yaml), the district's name taken for a person's
    ("On 12 June 2023, residents blocked the highway while protesting in Jitpur municipality (Bara district) "
     "against a landfill.", "Jitpur", "NPL"),
    ("On 12 June 2023, teachers rallied in Gorkha municipality (Gorkha district) over unpaid salaries.",
     "Gorkha", "NPL"),
    ("On 12 June 2023, shopkeepers protested in Janakpur (Dhanusha district) over a killing.", "Dhanusha", "NPL"),
])
def test_nepal_districts(nlp, text, mention, iso3) -> None:
    assert places_of(nlp, text).get(mention, (None, None))[1] == iso3


def test_bara_of_sudan_and_nigeria_keep_their_units(nlp) -> None:
    assert places_of(nlp, "On 12 June 2023, farmers protested in Bara, North Kordofan, over fuel prices.")[
        "Bara"][1] == "SDN"
    assert places_of(nlp, "On 12 June 2023, students protested in Bara town (Gombe) over fees.")["Bara"][1] == "NGA"


def test_our_district_is_not_read_bare(nlp) -> None:
    got = places_of(nlp, "On 9 January 2023, government artillery hit Bara in Idleb governorate.")
    assert got.get("Bara", (None, None))[1] != "NPL"


def test_al_quds_is_drawn_at_east_jerusalem(nlp) -> None:
    from eventwire.gazetteer import haversine_km
    p = {x.text: x for x in find_places(nlp(
        "On 4 May 2023, Palestinians demonstrated in Al Quds - Silwan (Al Quds governorate) over house demolitions."))}
    assert p["Al Quds"].country == "PSE" and haversine_km(p["Al Quds"].lat, p["Al Quds"].lon, 31.78, 35.23) < 5


@pytest.mark.parametrize("text, mention, name", [
    # a Spanish "y" inside a name, and an official name that holds the town's own name
    ("On 18 March 2023, hundreds of migrants walked from a shelter to an office of the migration institute in "
     "Tapachula de Cordova y Ordonez.", "Tapachula de Cordova y Ordonez", "Tapachula"),
    ("On 9 May 2023, in Heroica Puebla de Zaragoza, Puebla, neighbours of a shot teacher blocked a main avenue.",
     "Heroica Puebla de Zaragoza", "Puebla"),
])
def test_long_official_names(nlp, text, mention, name) -> None:
    assert places_of(nlp, text).get(mention, (None,))[0] == name


def test_a_spanish_list_is_two_names(nlp) -> None:
    got = places_of(nlp, "Troops moved between Sonora y Sinaloa on Monday.")
    assert got.get("Sonora", (None, None))[1] == "MEX" and got.get("Sinaloa", (None, None))[1] == "MEX"


def test_a_division_with_y_closing_the_units(nlp) -> None:
    got = places_of(nlp, "On 29 June 2023, parents gathered at Toreno (Leon, Castilla y Leon) to oppose the closure "
                         "of a nursery class.")
    assert got["Toreno"][1] == "ESP" and got.get("Castilla y Leon", (None, None, None))[1:] == ("ESP", "admin1")


@pytest.mark.parametrize("text, absent", [
    # an Arabic article joins the words around it into one name the gazetteer lacks: neither word is a place
    ("On 21 March 2023, a roadside bomb exploded near Khan al-Sabeel in Idleb.", ("Khan", "Sabeel")),
    ("On 3 May 2023, Houthi forces shelled positions in Wadi al Jufrah (Marib).", ("Wadi", "Jufrah")),
    ("On 4 March 2023, stone-throwers faced troops at Hebron - Bab az Zawiyah (Hebron governorate, West Bank).",
     ("Bab", "Zawiyah")),
])
def test_a_word_of_an_arabic_name_is_no_place(nlp, text, absent) -> None:
    got = places_of(nlp, text)
    assert not set(absent) & set(got)


def test_an_english_word_is_no_article(nlp) -> None:
    assert "Laredo" in places_of(nlp, "On 3 May 2023, police checked trucks at Laredo at KM 26.")


def test_a_unit_the_tagger_cut_is_read_in_the_parenthesis(nlp) -> None:
    got = places_of(nlp, "On 29 January 2023, artillery of the coast guard hit Al Jabaliyah (At Tuhayat, Al Hudaydah), "
                         "wounding a fisherman.")
    assert got.get("At Tuhayat", (None, None, None))[1:] == ("YEM", "admin2")


@pytest.mark.parametrize("text, name", [
    ("Israeli strikes hit the Gaza City al-Ahli hospital on Monday.", "Gaza City"),
    ("Protesters in Cairo al-Tahrir square clashed with police.", "Cairo"),
])
def test_a_known_city_before_an_arabic_article_stays_a_place(nlp, text, name) -> None:
    assert name in places_of(nlp, text)
