"""The unit that closes "X, Y" (ACLED's "Village, Admin1"): a first-level division, and X is looked for in it."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from eventwire.gazetteer import haversine_km  # noqa: E402
from eventwire.stages.places import IN_NAME, find_places  # noqa: E402


def places_of(nlp, text):
    return {p.text: (p.country, p.feature) for p in find_places(nlp(text))}


@pytest.mark.parametrize("text, town, unit", [
    # a village the tagger calls an organisation or a person, after a locative word or a verb
    ("On 11 March 2022, the Russian army pounded with heavy guns the village of Novoselivka "
     "Druha, Donetsk. No losses were reported.", "Novoselivka Druha", "Donetsk"),
    ("On 14 July 2022, Russian troops pushed an assault in the direction of Staryi Karavan, Donetsk. "
     "No losses were reported.", "Staryi Karavan", "Donetsk"),
    ("On 5 May 2022, Russian forces shelled Chervonyi Yar, Luhansk. Casualties unknown.", "Chervonyi Yar",
     "Luhansk"),
    ("On 2 August 2022, Russian troops fired rockets and mortars at Osokorivka, Kherson. No losses were reported.",
     "Osokorivka", "Kherson"),
])
def test_closing_unit_is_the_oblast_not_the_city_the_actors_favour(nlp, text, town, unit) -> None:
    got = places_of(nlp, text)
    assert got.get(unit) == ("UKR", "admin1")
    assert got.get(town, ("UKR",))[0] == "UKR"


def test_a_division_of_another_country_before_the_unit_is_a_town_of_the_unit(nlp) -> None:
    got = places_of(nlp, "On 13 June 2022, Russian forces fired Uragan missiles at New York, Donetsk. "
                         "Casualties unknown.")
    assert got.get("New York", (None,))[0] == "UKR"  # Niu-York of Donetsk oblast, not the American state


def test_a_country_or_a_list_closing_the_phrase_is_unchanged(nlp) -> None:
    got = places_of(nlp, "On 3 May 2022, people protested in Lyon, France against the war.")
    assert got == {"Lyon": ("FRA", "city"), "France": ("FRA", "country")}
    got = places_of(nlp, "On 1 May 2022, protesters marched in Boston, Massachusetts, and Portland, Oregon, Idaho.")
    assert got.get("Portland") == ("USA", "city") and got.get("Oregon") == ("USA", "admin1")


@pytest.mark.parametrize("text, name, iso3", [
    # a name the tagger calls an organisation, led by a locative word, before a parenthesis of its units
    ("On 8 October 2022, inmates in Kandakadu Treatment & Rehabilitation center in Welikanda (Polonnaruwa, North "
     "Central) broke out of their wards.", "Welikanda", "LKA"),
    ("On 19 September 2022, pupils rioted, setting fire to a store owned by the head teacher in Pabbo, "
     "near Oduu (Amuru, Northern).", "Oduu", "UGA"),
    ("On 22 April 2022, suspected jihadists shot dead two herders and seized their cattle in "
     "the village of Tambongou, near Koare (Fada Ngourma, Gourma).", "Koare", "BFA"),
])
def test_organisation_tagged_name_before_its_units_is_a_place(nlp, text, name, iso3) -> None:
    assert places_of(nlp, text).get(name, (None,))[0] == iso3


@pytest.mark.parametrize("text, name", [
    # ACLED's "(City - District)": the district after the dash lies in the city, it is no larger unit
    ("On 9 August 2022, retired nurses walked in a march near Cheonggye Plaza (Seoul City - "
     "Jung), asking for higher pensions.", "Cheonggye Plaza"),
    ("On 2 March 2022, farmers' unions staged a march from Seoul Plaza (Seoul City - Jung) to "
     "the trade ministry.", "Seoul Plaza"),
    ("On 6 March 2022, some 50 Ukrainian students in Korea stood in front of Seoul St. Nicholas "
     "Cathedral (Seoul City - Mapo) with signs against the war.", "Seoul St. Nicholas Cathedral"),
])
def test_district_after_a_spaced_dash_is_no_unit(nlp, text, name) -> None:
    assert places_of(nlp, text).get(name, ("KOR",))[0] == "KOR"


@pytest.mark.parametrize("text, name, iso3", [
    # first-level divisions under ACLED's names (places.yaml admin1), named last in a parenthesis or after "of"
    ("On 18 April 2022, Al Shabaab fighters fired mortars at army posts near the airport of "
     "Baraawe town (Baraawe, Lower Shabelle).", "Lower Shabelle", "SOM"),
    ("On 5 June 2022, jobless graduates shut the governorate administration building in Thi Qar province.",
     "Thi Qar", "IRQ"),
    ("On 12 July 2022, the Popular Mobilization Forces repelled IS fighters who crept into the Seneia area of "
     "Salah Al Din. Nobody was hurt.", "Salah Al Din", "IRQ"),
])
def test_acled_first_level_division_names(nlp, text, name, iso3) -> None:
    assert places_of(nlp, text).get(name) == (iso3, "admin1")


def test_the_end_of_a_longer_name_before_a_comma_is_no_place(nlp) -> None:
    """California of "the University of California, San Diego" is no unit of San Diego's: a place inside an
    organisation's name (places.IN_NAME, a mention that is never an event's place), San Diego a place of its own."""
    text = ("Scientists at the University of California, San Diego have reported that a gut bacterium may "
            "disturb sleep.")
    got = {p.text: p for p in find_places(nlp(text))}
    assert got["California"].stage == IN_NAME and got["San Diego"].stage != IN_NAME
    assert got["San Diego"].country == "USA"


def test_a_person_said_before_a_possessive_is_no_village(nlp) -> None:
    got = places_of(nlp, "\"He made the final eight,\" said Cory Stevens, Georgia's uncle, after the meet.")
    assert "Cory Stevens" not in got


def test_a_village_before_its_township_is_drawn_at_the_township(nlp) -> None:
    text = ("On 14 May 2022, near Moe Bye town, Pekon township (Taunggyi district, Shan State), fighters of the "
            "Karenni Nationalities Defense Force ambushed a convoy.")
    got = {p.text: (p.lat, p.lon) for p in find_places(nlp(text))}
    # the township, not the district of the parenthesis; or the town itself where the index has Myanmar's towns
    # (MIMU, gazetteer_villages), some 16 km from the township's point
    assert got["Moe Bye"] == got["Pekon"] or haversine_km(*got["Moe Bye"], *got["Pekon"]) < 25


def test_a_village_of_the_district_its_parenthesis_names(nlp) -> None:
    # a village name of several in one region: the one of the district named ("Kanbalu district"), where the index
    # files villages by district (MIMU) and Kanbalu itself reads as the town, not another 50 km off
    from eventwire.gazetteer import get_gazetteer

    if not any((e.admin2 or "") == "Kanbalu District" for e in get_gazetteer().candidates("Hnaw Kone")):
        pytest.skip("the index holds no Myanmar villages (mm-geo-coder's MIMU file absent)")
    text = ("On 2 March 2023, soldiers set fire to a granary in Hnaw Kone village (Kanbalu district, Sagaing "
            "region).")
    (village,) = [p for p in find_places(nlp(text)) if p.text == "Hnaw Kone"]
    assert village.admin1 == "MM.10" and haversine_km(village.lat, village.lon, 23.498, 95.697) < 1


def test_a_town_of_the_district_and_the_province_its_parenthesis_names(nlp) -> None:
    # two Bijapur districts (Karnataka's, Chhattisgarh's): the province decides
    text = "On 4 April 2023, in Bijapur town (Bijapur district, Chhattisgarh), Maoists set fire to a road roller."
    (town,) = [p for p in find_places(nlp(text)) if p.text == "Bijapur" and p.start < 30]
    assert town.admin1 == "IN.37"


@pytest.mark.parametrize("text, town, unit, iso3", [
    # the town and an inner unit of another name agree on a country that the last unit's reading, a namesake
    # division of another country (Morocco's Oriental for Congo's former Orientale, Chad's Mandoul Oriental), leaves
    ("On 9 May 2022, farmers marched in Koumra (Mandoul Oriental, Madoul) to condemn a "
     "herders' raid on their fields.", "Koumra", "Mandoul", "TCD"),
    ("On 3 March 2022, traders protested in Kisangani (Tshopo, Oriental) against new taxes.", "Kisangani", "Tshopo",
     "COD"),
    ("On 3 March 2022, traders protested in Isiro (Haut-Uele, Oriental) against new taxes.", "Isiro", "Haut-Uele",
     "COD"),
    ("On 3 March 2022, traders protested in Bunia (Ituri, Oriental) against new taxes.", "Bunia", "Ituri", "COD"),
])
def test_a_namesake_last_unit_outvoted_by_the_town_and_its_inner_unit(nlp, text, town, unit, iso3) -> None:
    got = places_of(nlp, text)
    assert got[town] == (iso3, "city")
    assert got[unit][0] == iso3
    assert got.get("Oriental", (iso3,))[0] == iso3  # not Morocco's: dropped, or read in the town's country


@pytest.mark.parametrize("text, town, iso3", [
    # the name's own reading in the last unit's country wins ("Brest (Brest, Bretagne)"), and the name said twice
    # is no second name: a Palma the gazetteer lacks is drawn in Cabo Delgado, not at Mallorca's
    ("On 6 March 2022, around 100 persons demonstrated in Brest (Brest, Bretagne) to denounce violence.", "Brest",
     "FRA"),
    ("On 10 June 2022, Mozambican soldiers beat a fisherman who was mending nets near Palma "
     "(Palma, Cabo Delgado), accusing him of spying.", "Palma", "MOZ"),
])
def test_the_last_unit_stands_without_a_second_name_against_it(nlp, text, town, iso3) -> None:
    assert places_of(nlp, text)[town][0] == iso3


@pytest.mark.parametrize("text, city, iso3", [
    # ACLED's "City - District" tagged as one person's name: its words are no person's, the city is found
    ("On 21 May 2022, a Houthi sniper shot a boy in Taizz - Usayfarah (Al Qahirah). The boy "
     "was taken to the hospital.", "Taizz", "YEM"),
    ("On 3 May 2022, a man was shot and killed in Sanaa - Maain (Unknown). Casualties unknown.", "Sanaa", "YEM"),
    ("On 3 May 2022, a man was shot and killed in Ibb - Al Mashannah (Unknown). Casualties unknown.", "Ibb", "YEM"),
    ("On 3 May 2022, a man was shot and killed in Sanaa - Bani Al Harith (Unknown). Casualties unknown.", "Sanaa",
     "YEM"),
])
def test_city_of_a_person_tagged_city_district_pair(nlp, text, city, iso3) -> None:
    got = [p for p in find_places(nlp(text)) if p.text == city]
    assert got and got[0].country == iso3 and got[0].stage != IN_NAME


@pytest.mark.parametrize("text, town, iso3", [
    # "Comoe" closing the parenthesis is Burkina Faso's Comoé province (a second-level division) beside the town of
    # its country, not Côte d'Ivoire's Comoé district, the one first-level division of that name
    ("On 4 April 2022, gunmen abducted two traders near Niangoloko (Niangoloko, Comoe) on the road south.",
     "Niangoloko", "BFA"),
    ("On 9 April 2022, soldiers repelled an attack on a post in Banfora (Banfora, Comoe). Two attackers died.",
     "Banfora", "BFA"),
])
def test_a_second_level_division_of_the_towns_country_closes_the_parenthesis(nlp, text, town, iso3) -> None:
    got = places_of(nlp, text)
    assert got[town][0] == iso3
    assert got["Comoe"][0] == iso3


def test_a_unit_alone_in_the_parenthesis_stays_the_first_level_division(nlp) -> None:
    # "(Santa Fe)" alone: Argentina's province, not a county of New Mexico that a namesake of the town's first word
    # (Pueblo, Colorado) would favour
    got = places_of(nlp, "On 3 July 2022, in Pueblo Esther (Santa Fe), farmers blocked a road against fuel prices.")
    assert got["Santa Fe"][0] == "ARG"


def _relabelled(nlp, text, name, label):
    """`text` parsed, with `name` alone given the entity label `label` (the small model's stray labels)."""
    from spacy.tokens import Span

    doc = nlp(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name))
    doc.ents = [Span(doc, span.start, span.end, label=label)]
    return doc


@pytest.mark.parametrize("text, name, iso3", [
    # a unit word in capitals after the name is the name's unit, not the next word of a longer name
    ("On 2 March 2023, gunmen raided a cattle market in Konduga LGA (Borno) and took away livestock.", "Konduga",
     "NGA"),
    ("Residents of Chikun LGA (Kaduna) said on Friday that kidnappers had freed four farmers.", "Chikun", "NGA"),
    ("Hundreds of farmers blocked the highway in Addanki Mandal (Prakasam district, Andhra Pradesh) on Monday.",
     "Addanki", "IND"),
])
def test_a_capitalised_unit_word_does_not_glue_the_name_to_a_longer_one(nlp, text, name, iso3) -> None:
    assert places_of(nlp, text).get(name, (None,))[0] == iso3


def test_a_unit_word_cut_off_an_organisation_label_leaves_the_whole_name(nlp) -> None:
    doc = _relabelled(nlp, "Gunmen killed three traders in Konduga LGA (Borno) on Sunday.", "Konduga LGA", "ORG")
    assert {p.text: p.country for p in find_places(doc)}.get("Konduga") == "NGA"


def test_city_and_a_following_capitalised_word_stay_names(nlp) -> None:
    got = places_of(nlp, "Police dispersed a march in Mexico City on Sunday.")
    assert "Mexico City" in got
    assert "Konduga" not in places_of(nlp, "Officials of the Konduga Town Planning Authority met on Monday.")


@pytest.mark.parametrize("label", ["DATE", "NORP"])
def test_a_stray_label_yields_to_a_town_word_after_the_name(nlp, label) -> None:
    # the small model's date or people's label on a town before "town", "city", "district"
    doc = _relabelled(nlp, "Two policemen were wounded when gunmen fired at a checkpoint at Panjgur town "
                           "(Balochistan) on Monday.", "Panjgur", label)
    assert {p.text: p.country for p in find_places(doc)}.get("Panjgur") == "PAK"
    doc = _relabelled(nlp, "A convoy of trucks was seen leaving Salamiyah city towards Homs on Monday.",
                      "Salamiyah", label)
    assert {p.text: p.country for p in find_places(doc)}.get("Salamiyah") == "SYR"


def test_a_real_date_before_a_town_word_is_no_place(nlp) -> None:
    doc = _relabelled(nlp, "Since March town officials have cut water to the camp.", "March", "DATE")
    assert "March" not in {p.text for p in find_places(doc)}


@pytest.mark.parametrize("text, town", [
    # "Village, Admin1" with a village the tagger takes for a person, after a word no locative list holds
    ("On 3 April 2023, Russian aircraft dropped glide bombs on Velyka Novosilka, Donetsk. No casualties.",
     "Velyka Novosilka"),
    ("Ukrainian forces retook Huliaipole, Zaporizhia region, according to the general staff.", "Huliaipole"),
])
def test_a_person_tagged_village_before_its_oblast_is_the_village(nlp, text, town) -> None:
    doc = _relabelled(nlp, text, town, "PERSON")
    got = {p.text: (p.country, p.admin1) for p in find_places(doc)}
    assert got.get(town, (None,))[0] == "UKR"


def test_a_person_before_a_division_with_no_namesake_there_is_no_place(nlp) -> None:
    doc = _relabelled(nlp, "The ceremony was led by Marta Kalyna, Donetsk, and two priests.", "Marta Kalyna",
                      "PERSON")
    assert "Marta Kalyna" not in {p.text for p in find_places(doc)}


def test_a_unit_word_vouches_for_an_alternate_name_in_the_story_country(nlp) -> None:
    # GeoNames calls the town Sopur; "Sopore" is an alternate name, which a unit word after it makes a place
    doc = _relabelled(nlp, "Shopkeepers kept their shutters down at Sopore town (Baramulla district) on Friday.",
                      "Sopore", "ORG")
    got = {p.text: (p.country, p.name) for p in find_places(doc)}
    assert got.get("Sopore", (None,))[0] == "IND"


def test_an_alternate_name_without_a_unit_word_is_still_no_town(nlp) -> None:
    # "Hamas" is an alternate name of no place a reader means here
    assert "Hamas" not in places_of(nlp, "Hamas said on Monday that talks in Cairo had stalled.")


def _placed(nlp, text):
    return {p.text: p for p in find_places(nlp(text))}


@pytest.mark.parametrize("text, town, unit", [
    # a name with a dozen namesakes across the country, none of them in the division named after it: the town the
    # gazetteer lacks lies in that division, not in the neighbouring one where a namesake is (places v16)
    ("Artillery fire hit Ivanivka, Kharkiv, on Tuesday morning, residents said.", "Ivanivka", "Kharkiv"),
    ("Shells fell on Troitske, Donetsk, overnight, the regional governor said.", "Troitske", "Donetsk"),
])
def test_one_of_many_namesakes_outside_its_division_is_drawn_in_the_division(nlp, text, town, unit) -> None:
    got = _placed(nlp, text)
    assert got[unit].feature == "admin1"
    assert got[town].admin1 == got[unit].admin1
    assert got[town].name == town  # its own words: not the name of the namesake its unit refused
    assert got[town].precision == 2


@pytest.mark.parametrize("text, name, iso3", [
    # after "in" and a word of where in it, the tagger reads the town as a common noun (places v16)
    ("Nurses rallied in central Heraklion on Friday to demand more staff.", "Heraklion", "GRC"),
    ("Thousands marched in downtown Poznan against the new law.", "Poznan", "POL"),
])
def test_town_after_a_word_of_where_in_it_is_read(nlp, text, name, iso3) -> None:
    got = _placed(nlp, text)
    assert name in got and got[name].country == iso3
