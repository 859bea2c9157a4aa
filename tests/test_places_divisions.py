"""A name lies in the divisions named after it (issue 14): "X (Y, Z)" and "X, Y" draw X inside Y and Z, at the
lowest unit the gazetteer knows when X itself is unknown or its only readings lie elsewhere."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from eventwire.gazetteer import get_gazetteer, haversine_km  # noqa: E402
from eventwire.stages.places import find_places  # noqa: E402


def place(nlp, text: str, name: str):
    return next((p for p in find_places(nlp(text)) if p.text == name), None)


@pytest.mark.parametrize("text, name, admin1", [
    # a village the gazetteer lacks, whose middle unit has namesakes in other divisions: the unit of the division
    # named last ("Bassa" of Kogi, not of Plateau; "Raigarh" of Maharashtra, not of Chhattisgarh)
    ("On 3 June 2022, gunmen raided farms near Odugbo town (Bassa, Kogi).", "Odugbo", "NG.41"),
    ("On 2 May 2022, villagers protested in Kotlehar village (Raigarh, Maharashtra).", "Kotlehar", "IN.16"),
    # a town the divisions after it place elsewhere than its one large namesake
    ("On 20 June 2022, job seekers blocked traffic on the road near Bilaspur village (Manesar, Gurugram district, "
     "Haryana), over the recruitment plan.", "Bilaspur", "IN.10"),
    # a town whose namesake lies in another district some hundred km away
    ("On 17 June 2022, youths pelted stones on the police near Malpura (Agra district, UP).", "Malpura", "IN.36"),
    ("On 9 April 2022, villagers lynched a suspected robber in Kaliganj upazila (Gazipur).", "Kaliganj", "BD.81"),
])
def test_a_name_is_drawn_inside_the_divisions_after_it(nlp, text, name, admin1) -> None:
    p = place(nlp, text, name)
    assert p is not None and p.admin1 == admin1


@pytest.mark.parametrize("name, iso3, code", [
    ("Guerrero", "MEX", "MX.12"), ("Borno", "NGA", "NG.27"), ("Ontario", "CAN", "CA.08"),
])
def test_curated_divisions_carry_their_geonames_code(name, iso3, code) -> None:
    got = [e for e in get_gazetteer().candidates(name) if e.feature == "admin1" and e.country == iso3]
    assert got and all(e.admin1 == code for e in got)


@pytest.mark.parametrize("text, name, code", [
    # "X, Guerrero": a division of places.yaml holds the towns of its GeoNames code only, not every Mexican town
    ("On 8 March 2022, close to Huehuetan, Guerrero, farmers from three villages closed the federal road.",
     "Huehuetan", "MX.12"),
    ("On 3 March 2022, in Ayutla, Guerrero, residents blocked the highway.", "Ayutla", "MX.12"),
    ("On 3 March 2022, in Buenavista, Michoacan, gunmen killed a man.", "Buenavista", "MX.16"),
])
def test_a_town_before_a_curated_division_lies_in_it(nlp, text, name, code) -> None:
    p = place(nlp, text, name)
    assert p is not None and p.admin1 == code


def test_a_town_without_a_code_fits_a_curated_division(nlp) -> None:
    p = place(nlp, "On 21 March 2022, students demonstrated in Toronto - Scarborough (Ontario).", "Scarborough")
    assert p is not None and haversine_km(p.lat, p.lon, 43.77, -79.26) < 10


@pytest.mark.parametrize("text, name, lat, lon", [
    # a small town its unit word marks as a place, in the story's country: kept whatever its size
    ("On 2 June 2022, Turkish jets bombed suspected PKK hideouts in Gire FM and Gire Bihar "
     "(local names) of the Zap area (Al Amadiya district) of Duhok province.", "Al Amadiya", 37.09, 43.49),
    ("On 15 June 2022, Turkish warplanes struck PKK positions in Avasin region (Mergasur district) of Erbil.",
     "Mergasur", 36.84, 44.3),
    ("On 15 June 2022, Turkish drones struck PKK positions in Haji Omaran area (Choman district) of Erbil.",
     "Choman", 36.64, 44.89),
])
def test_a_small_town_marked_by_its_unit_word_is_kept(nlp, text, name, lat, lon) -> None:
    p = place(nlp, text, name)
    assert p is not None and haversine_km(p.lat, p.lon, lat, lon) < 10


_FILLER = (" The sheriff's office asked anyone with information to call its tip line, and said the investigation was"
           " continuing. Deputies spent the week talking to neighbours, checking sale records and reviewing footage"
           " from cameras along the route the thieves are thought to have taken.") * 2


@pytest.mark.parametrize("text, name, admin1", [
    # towns and counties of a name many states share lie in the state the article names, however far back it
    # was named, and the wrong first readings do not vouch for each other (Dallas County, Texas beside Hinton,
    # Oklahoma)
    ("Farm thefts have risen across Iowa this winter." + _FILLER + " A trailer was taken near Hinton, and a welder"
     " went missing in Dallas County.", "Hinton", "US.IA"),
    ("Farm thefts have risen across Iowa this winter." + _FILLER + " A trailer was taken near Hinton, and a welder"
     " went missing in Dallas County.", "Dallas County", "US.IA"),
    # the state named only inside an organisation's name
    ("The Missouri State Highway Patrol said a truck overturned in Monroe County late on Friday.", "Monroe County",
     "US.MO"),
    ("Kansas officials said wheat yields fell this year. Farmers in Marion County reported the worst harvest in a"
     " decade.", "Marion County", "US.KS"),
])
def test_a_town_of_a_shared_name_lies_in_the_division_the_article_names(nlp, text, name, admin1) -> None:
    p = place(nlp, text, name)
    assert p is not None and p.country == "USA" and p.admin1 == admin1


@pytest.mark.parametrize("text, name, iso3, admin1", [
    # not against a city of 100,000, nor for a name that is also a division or a country
    ("Police in Iowa said the fair in Boston drew crowds.", "Boston", "USA", "US.MA"),
    ("Officials from California and Ontario met to discuss trade.", "Ontario", "CAN", "CA.08"),
])
def test_a_named_division_does_not_move_a_city_or_a_division(nlp, text, name, iso3, admin1) -> None:
    p = place(nlp, text, name)
    assert p is not None and p.country == iso3 and p.admin1 == admin1


@pytest.mark.parametrize("text, name, point", [
    # a division of places.yaml with the GeoNames code of its towns (`admin1`): the town of that division, not the
    # namesake record that lies nearer the point we chose for the division
    ("Gunmen shot dead a market guard in Ye, Mon State, on Sunday night.", "Ye", (15.25, 97.86)),
    ("On 2 March 2023, soldiers shelled a monastery near Ye town (Ye township, Mon state).", "Ye",
     (15.25, 97.86)),
])
def test_a_curated_division_holds_its_own_towns(nlp, text, name, point) -> None:
    p = place(nlp, text, name)
    assert p is not None and haversine_km(p.lat, p.lon, *point) < 10
