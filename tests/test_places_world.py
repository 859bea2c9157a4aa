"""Place patterns of news from anywhere (the shapes of ACLED's notes) and names the tagger takes for actors."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

import eventwire  # noqa: E402
from eventwire.stages.places import find_places  # noqa: E402


def countries_of(nlp, text, **kw):
    doc = nlp(text)
    return {p.text: p.country for p in find_places(doc, **kw)}


@pytest.mark.parametrize("text, name, iso3", [
    # "Y" of "X, Y" after a place or a unit word, though the tagger calls it a person or an organisation
    ("On 3 July 2022, Russian troops shelled Mala Shestirnya, Kherson. A barn was set on fire.",
     "Mala Shestirnya", "UKR"),
    ("On 12 March 2022, families of the missing held a demonstration in Haliliye town, Sanliurfa to call for "
     "justice.", "Sanliurfa", "TUR"),
    # an entity run across a bracket or a spaced dash is cut, and its pieces read as places
    ("On 7 March 2022, hospital cleaners held a sit-in in Rimini (Rimini, Emilia-Romagna) over unpaid wages.",
     "Rimini", "ITA"),
    ("On 19 March 2022, suspected JNIM fighters raided herders in the village of Mondoro (Douentza, "
     "Mopti). Two people were hurt.", "Mopti", "MLI"),
    ("On 24 May 2022, police arrested former president Igor Dodon in Chisinau - Buiucani on four charges.",
     "Chisinau", "MDA"),
    # any item of a parenthesis after a unit word
    ("On 6 June 2022, Al Shabaab gunmen abducted a village elder near Cali Fool Dheere village (Jowhar, "
     "Middle Shabelle).", "Jowhar", "SOM"),
])
def test_acled_place_patterns(nlp, text, name, iso3) -> None:
    assert countries_of(nlp, text).get(name) == iso3


def test_part_of_a_longer_name_is_no_place(nlp) -> None:
    got = countries_of(nlp, "On 2 September 2022, in Mineral del Chico, Hidalgo, villagers locked up two officials.")
    assert "Chico" not in got  # not Chico, California
    assert got.get("Mineral del Chico") == "MEX"  # drawn at the unit named after it
    got = countries_of(nlp, "A drone hit a militia post in Al-Hussainiyah village in Deir ez Zor.")
    assert "Al" not in got  # the article alone is no place (GeoNames has Ål, Norway)


def test_names_of_a_parenthesis_constrain_the_country(nlp) -> None:
    got = countries_of(nlp, "Houthi forces opened fire at military targets in Barh axis (Maqbanah, Taizz). There "
                            "were no casualties.")
    assert got.get("Barh") in (None, "YEM")  # not Barh, India
    assert got.get("Taizz") == "YEM"
    # one name only: the parenthesis decides by its division readings alone ("Niger" is a state of Nigeria too)
    got = countries_of(nlp, "ISWAP claimed to have ambushed policemen in Suleja (Suleja, Niger).")
    assert got.get("Suleja") == "NGA"


def test_region_of_no_one_country_holds_its_town(nlp) -> None:
    got = countries_of(nlp, "Nurses gathered outside the Health Department building in Sanandaj city "
                            "(Kurdistan).")
    assert got.get("Sanandaj") == "IRN"


def _actor_ids(text: str) -> dict[str, str]:
    ann = eventwire.extract(text, "2022-05-07")
    return {a.text: a.id for a in ann.actors}


@pytest.mark.parametrize("text, name", [
    ("On 3 May 2022, JNIM militants carried out an attack on the village of Djiguibombo in Bandiagara, Mopti "
     "region of Mali. Three civilians were killed.", "Djiguibombo"),
    ("On 5 May 2022, JNIM militants attacked the detachment of Djibo in Soum province, Burkina Faso. Two "
     "soldiers were killed.", "Djibo"),
    ("On 19 March 2022, suspected JNIM fighters raided herders in the village of Mondoro (Douentza, "
     "Mopti). Two people were hurt.", "Mondoro"),
    ("On 17 April 2022, in Yinmarbin township (Yinmarbin district, Sagaing region), villagers marched "
     "against military rule.", "Yinmarbin"),
])
def test_town_named_as_a_place_is_no_actor(text, name) -> None:
    ids = _actor_ids(text)
    assert not any(t.startswith(name) for t in ids), ids


def test_person_before_a_parenthesis_stays_a_person() -> None:
    ids = _actor_ids("On 24 May 2022, police arrested former president Igor Dodon (PSRM) in Chisinau on four "
                     "charges.")
    assert ids.get("Igor Dodon", "").startswith("person:")


def test_known_name_before_its_unit_is_read_in_it(nlp) -> None:
    doc = nlp("Ukrainian troops fired mortars at militia trenches near Chervonyi Yar, Luhansk. "
              "Nobody was hurt.")
    got = {p.text: p for p in find_places(doc)}
    luhansk = got["Luhansk"]
    # the Chervonyi Yar of the gazetteer lies in Odesa oblast, 800 km away: drawn at the unit instead
    assert abs(got["Chervonyi Yar"].lat - luhansk.lat) < 0.5 and abs(got["Chervonyi Yar"].lon - luhansk.lon) < 0.5
    # a comma also separates list items: each keeps its own reading
    got = countries_of(nlp, "Leaders met in London, Paris and Berlin on Monday.")
    assert got == {"London": "GBR", "Paris": "FRA", "Berlin": "DEU"}


def test_village_before_its_province_is_in_the_province_country(nlp) -> None:
    # the story's actors (Russian forces) favour the Russian town Donetsk; a name of a province is the large one
    got = countries_of(nlp, "On 23 July 2022, Russian aircraft bombed Klynove, Donetsk. Damage was not "
                            "reported.", countries_hint=["RUS"])
    assert got.get("Klynove") == "UKR" and got.get("Donetsk") == "UKR"


def test_city_hall_is_no_town(nlp) -> None:
    got = countries_of(nlp, "Tenants rallied outside of City Hall in Philadelphia (Pennsylvania) to demand "
                            "rent control.")
    assert "Hall" not in got and got.get("Philadelphia") == "USA"


@pytest.mark.parametrize("text, name, iso3", [
    # a "person" of the tagger inside a place's parenthesis lends its words to no person's name
    ("On 4 April 2022, dock workers demonstrated in Sfax (Sfax Ville, Sfax) over late wages.", "Sfax", "TUN"),
    # the article's only place, labelled a place by the tagger, though its actors are of another country
    ("Looting: On 2 April 2022, Russian soldiers came to Vasylivka, Zaporizhia and took tools from a school.",
     "Vasylivka", "UKR"),
    # a town after "in" where the article names no country
    ("On 8 June 2022, some 25 warehouse staff demonstrated in Vallet against the closure of their "
     "depot.", "Vallet", "FRA"),
    # an Arabic name without its article: Ar Raqqah
    ("On 28 January 2022, an IED targeted a QSD vehicle on a highway in the countryside of Raqqa.", "Raqqa", "SYR"),
])
def test_lone_and_respelt_towns(nlp, text, name, iso3) -> None:
    assert countries_of(nlp, text).get(name) == iso3


def test_a_town_read_by_population_alone_still_needs_its_country(nlp) -> None:
    # no place label, no placing word: "Hall" (Schwaebisch Hall) is not kept on its own
    got = countries_of(nlp, "Hall said the plan would be ready next year.")
    assert "Hall" not in got


@pytest.mark.parametrize("text, name, iso3", [
    # French link words inside a hyphenated name
    ("On 5 May 2022, in Port-au-Prince, Ouest, street vendors marched against fuel prices.",
     "Port-au-Prince", "HTI"),
    ("On 24 March 2022, some 20 parents gathered at the school in Villeneuve-sur-Yonne over a class "
     "closure.", "Villeneuve-sur-Yonne", "FRA"),
    # a second-level division named by a generic word ("East", in Delhi) is no unit of a Libyan town
    ("On 27 January 2022, a brigade kidnapped a civilian from a care home in Benghazi (Benghazi, East).",
     "Benghazi", "LBY"),
])
def test_link_words_and_generic_units(nlp, text, name, iso3) -> None:
    assert countries_of(nlp, text).get(name) == iso3


def test_a_bare_name_is_the_town_not_the_district_around_it(nlp) -> None:
    doc = nlp("The Rapid Support Forces attacked Bara in North Kordofan, Sudan, on Tuesday.")
    got = {p.text: p for p in find_places(doc)}
    assert got["Bara"].country == "SDN" and got["Bara"].feature == "city"


def test_a_known_name_after_a_locative_word_is_a_place_whatever_its_tag() -> None:
    # "Sagaing" is read as a verb in -ing; the gazetteer knows the name (a division of a million people), so the
    # pipeline skips NER on the sentence and no entity label says it is a place: the locative word does
    for text in ("The shadow administration condemned the junta's airstrike in Sagaing on Monday.",
                 "Troops burned houses in Sagaing on Monday."):
        ann = eventwire.extract(text, "2024-05-01")
        assert {p.text: p.country for p in ann.places}.get("Sagaing") == "MMR", text
    assert eventwire.extract("Protesters gathered in However on Monday.", "2024-05-01").places == []


@pytest.mark.parametrize("text, absent, want", [
    # a Mexican neighbourhood is no place, nor any part of its name (places.yaml `neighbourhood_heads`)
    ("In Benito Juarez, Nuevo Leon, gunmen shot and wounded a mechanic in Colonia Los Puertos.", "Colonia",
     "Benito Juarez"),
    ("In Cadereyta Jimenez, Nuevo Leon, gunmen opened fire on a vendor in Colonia Bella Vista.", "Bella Vista",
     "Cadereyta Jimenez"),
    # the part of a Brazilian city (places.yaml `not_places`)
    ("In Manaus - North Zone (Amazonas), two armed men exchanged fire with military police.", "Zone", "Manaus"),
])
def test_neighbourhoods_and_city_zones_are_no_places(nlp, text, absent, want) -> None:
    found = find_places(nlp(text))
    assert not any(absent in p.text for p in found)
    assert any(p.text == want for p in found)


def test_colonia_uruguay_stays(nlp) -> None:
    found = find_places(nlp("Hundreds of farmers marched in Colonia, Uruguay on Monday."))
    assert any(p.text == "Colonia" and p.country == "URY" for p in found)


@pytest.mark.parametrize("text, name, iso3", [
    # a city of 100,000 bearing the name as its own outranks a small town that has it only as an alternate name,
    # though the story names that town's country
    ("Residents demonstrated in Nancy on Saturday against a US trade deal.", "Nancy", "FRA"),
    ("Farmers gathered in Nancy to protest against US tariffs.", "Nancy", "FRA"),
    ("Police in Nancy arrested two men after a shooting, US media reported.", "Nancy", "FRA"),
])
def test_own_name_of_a_city_before_an_alternate_name(nlp, text, name, iso3) -> None:
    assert countries_of(nlp, text).get(name) == iso3


def test_a_large_city_keeps_its_short_name(nlp) -> None:
    # "Newcastle" is GeoNames' alternate name of Newcastle upon Tyne, and the own name of larger cities abroad: in a
    # British story it stays the English city
    doc = nlp("Fans marched through Newcastle after the match, police in England said.")
    got = {p.text: p for p in find_places(doc)}
    assert got["Newcastle"].country == "GBR" and got["Newcastle"].lat > 54.5  # Tyneside, not County Down


@pytest.mark.parametrize("text, name, iso3", [
    # a first-level division of a country whose divisions are municipalities (places.yaml municipal_divisions)
    # weighs as the town it is: the French town, not Monaco's quarter; Morocco's capital, not Malta's council
    ("On 9 June 2022, about sixty nurses rallied in Moulins over staff shortages at the hospital.", "Moulins", "FRA"),
    ("On 9 June 2022, some 300 dockers marched in Rabat (Rabat) to ask for a pay rise.", "Rabat", "MAR"),
])
def test_a_municipality_of_a_small_country_weighs_as_a_town(nlp, text, name, iso3) -> None:
    first = next(p for p in find_places(nlp(text)) if p.text == name)
    assert first.country == iso3


def test_a_municipality_of_a_small_country_is_gated_as_a_town(nlp) -> None:
    # without a place label or a locative word, Slovenia's Grad (686 people) is no place, as a town of that size is not
    got = countries_of(nlp, "On 2 August 2022, the army fired 'Grad' rockets that struck a school on the edge of Sumy.")
    assert "Grad" not in got and got.get("Sumy") == "UKR"
