"""A part of a town and a small town read abroad (`stages/place_namesakes.py`), through `place_choice.refine`."""

from __future__ import annotations

import pytest

from eventwire.records import Place
from eventwire.stages.place_choice import refine
from eventwire.stages.place_namesakes import (lone_abroad, origin_elsewhere, part_town, road_elsewhere,
                                              topic_elsewhere, town_of_unit, town_with_units)


def _places(text: str, spec: list[tuple[str, str, str]], population: int | None = None) -> list[Place]:
    """Places at the first occurrence (after the previous one) of each name: (name, country, feature)."""
    out, at = [], 0
    for name, iso3, feature in spec:
        s = text.index(name, at)
        at = s + len(name)
        out.append(Place(text=name, start=s, end=at, geonames_id=None, name=name, country=iso3, admin1=None,
                         lat=0.0, lon=0.0, feature=feature, population=population))
    return out


@pytest.mark.parametrize("text, spec, first, want", [
    # a neighbourhood, a community, a vereda, a canton: the town the sentence placed its event in before it
    ("In Natalia (Sao Paulo), a man was shot dead in the Boa Esperanca neighborhood by two gunmen.",
     [("Natalia", "BRA", "city"), ("Sao Paulo", "BRA", "admin1"), ("Boa Esperanca", "BRA", "city")], 2, "Natalia"),
    ("In Ponte Alta (Goias), a teenager was stabbed by residents of the Cruzeiro neighbourhood.",
     [("Ponte Alta", "BRA", "city"), ("Goias", "BRA", "admin1"), ("Cruzeiro", "PRY", "admin1")], 2, "Ponte Alta"),
    ("In the rural area of Salgar municipality (Antioquia), dissidents burned a truck near La Loma vereda.",
     [("Salgar", "COL", "admin2"), ("Antioquia", "COL", "admin1"), ("La Loma", "COL", "city")], 2, "Salgar"),
    ("Near Santa Elena, Usulutan, police clashed with gang members in El Jicaro canton.",
     [("Santa Elena", "SLV", "city"), ("Usulutan", "SLV", "admin1"), ("El Jicaro", "USA", "city")], 2, "Santa Elena"),
    ("In Tarija, dozens of people marched to the Los Olivos community to demand water.",
     [("Tarija", "BOL", "city"), ("Los Olivos", "BOL", "city")], 1, "Tarija"),
    # two names of one neighbourhood: the town after it ("neighborhood in Kismayo", `_site_town`)
    ("Gunmen attacked a checkpoint in Hawl-Wadag neighborhood in Kismayo (Lower Juba).",
     [("Hawl", "COL", "city"), ("Wadag", "SOM", "city"), ("Kismayo", "SOM", "city")], 1, "Kismayo"),
    ("In Recife, shots were fired in the neighbourhood of Boa Viagem during the night.",
     [("Recife", "BRA", "city"), ("Boa Viagem", "BRA", "city")], 1, "Recife"),
])
def test_a_part_of_a_town_lies_in_the_town(text, spec, first, want) -> None:
    ps = _places(text, spec)
    assert refine(ps[first], ps, text).text == want


@pytest.mark.parametrize("text, spec", [
    # no town before it: the community is a village of its own ("attacked Oshie community (Ahoada West, Rivers)")
    ("Gunmen attacked Umuola community (Ikwerre, Rivers) and kidnapped four people.",
     [("Umuola", "NGA", "city"), ("Ikwerre", "NGA", "admin2"), ("Rivers", "NGA", "admin1")]),
    # a town named before, but no placing word leads to it: an actor's town
    ("Lagos traders marched to the Idumota community to protest the demolition.",
     [("Lagos", "NGA", "city"), ("Idumota", "NGA", "city")]),
])
def test_a_part_without_a_town_before_it(text, spec) -> None:
    ps = _places(text, spec)
    got = next(p for p in ps if p.text in ("Umuola", "Idumota"))
    assert part_town(got, ps, text) is None
    assert refine(got, ps, text).text == got.text


@pytest.mark.parametrize("text, spec, want", [
    # a small town read abroad, beside two places of one other country, one after a placing word
    ("People staged a sit-in at the protest camp 'Ruwa Kesh' at the esplanade in Kandy (Kandy, Central).",
     [("Kesh", "IRL", "city"), ("Kandy", "LKA", "city"), ("Kandy", "LKA", "city")], "Kandy"),
    ("Militants attacked a patrol in Bera area (local name) in Sidakan region (Soran district) of Erbil.",
     [("Bera", "IND", "city"), ("Sidakan", "IRQ", "city"), ("Soran", "IRQ", "city"), ("Erbil", "IRQ", "city")],
     "Sidakan"),
])
def test_a_small_town_read_abroad(text, spec, want) -> None:
    ps = _places(text, spec)
    assert refine(ps[0], ps, text).text == want


@pytest.mark.parametrize("text, spec, population", [
    # a town of many people is no namesake
    ("Protesters gathered in Kandy esplanade with a banner from Galle Face in Colombo (Western).",
     [("Kandy", "IRL", "city"), ("Colombo", "LKA", "city"), ("Western", "LKA", "admin1")], 200_000),
    # one place of the other country only
    ("Gunmen attacked a camp at Kesh in Kandy.", [("Kesh", "IRL", "city"), ("Kandy", "LKA", "city")], None),
    # the towns of the other country are origins: volunteers from Krakow and of Gdansk brought aid to Irpin
    ("Volunteers brought aid in Irpin, coming from Krakow and from Gdansk.",
     [("Irpin", "UKR", "city"), ("Krakow", "POL", "city"), ("Gdansk", "POL", "city")], None),
    # the sentence names the town's own country: no namesake
    ("Police detained a man in Kesh, Ireland, wanted in Kandy and Colombo.",
     [("Kesh", "IRL", "city"), ("Ireland", "IRL", "country"), ("Kandy", "LKA", "city"), ("Colombo", "LKA", "city")],
     None),
])
def test_no_small_town_read_abroad(text, spec, population) -> None:
    ps = _places(text, spec, population)
    assert lone_abroad(ps[0], ps, text) is None


@pytest.mark.parametrize("text, spec, want", [
    # a town people are from gives way to the town a placing word leads to
    ("Soldiers detained a teacher from Tokmak at a checkpoint in Polohy, Zaporizhia.",
     [("Tokmak", "UKR", "city"), ("Polohy", "UKR", "city"), ("Zaporizhia", "UKR", "admin1")], "Polohy"),
    ("Supporters of a candidate from Balabagan town rallied at the town hall in Malabang (Lanao del Sur).",
     [("Balabagan", "PHL", "city"), ("Malabang", "PHL", "city"), ("Lanao del Sur", "PHL", "admin2")], "Malabang"),
    ("Gunmen shot a displaced man from rural Homs in Azaz city in Aleppo countryside.",
     [("Homs", "SYR", "city"), ("Azaz", "SYR", "city"), ("Aleppo", "SYR", "city")], "Azaz"),
    ("Jets bombed tents of IDPs from Saraqib in Wadi Khalid area.",
     [("Saraqib", "SYR", "city"), ("Wadi Khalid", "LBN", "city")], "Wadi Khalid"),
    ("Refugees from Tell Shaheen arrived in Gaziantep on Monday.",
     [("Tell Shaheen", "SYR", "city"), ("Gaziantep", "TUR", "city")], "Gaziantep"),
    # after a verb, "from" starts a move, which ACLED places where it starts
    ("A convoy of trucks departed from Frederick and drove to a rally in Baltimore.",
     [("Frederick", "USA", "city"), ("Baltimore", "USA", "city")], "Frederick"),
    ("Forty people were evacuated from Kreminna in the Luhansk region.",
     [("Kreminna", "UKR", "city"), ("Luhansk", "UKR", "admin1")], "Kreminna"),
])
def test_a_town_people_are_from(text, spec, want) -> None:
    ps = _places(text, spec)
    assert refine(ps[0], ps, text).text == want


def test_no_other_town_keeps_the_origin() -> None:
    text = "Police arrested a trader from Kisumu on Monday."
    ps = _places(text, [("Kisumu", "KEN", "city")])
    assert origin_elsewhere(ps[0], ps, text) is None


@pytest.mark.parametrize("text, spec, want", [
    # a town a road is named after gives way to the town a placing word leads to
    ("Farmers blocked the Karnal-Kaithal highway in Nissing town (Karnal district, Haryana).",
     [("Kaithal", "IND", "city"), ("Nissing", "IND", "city"), ("Karnal", "IND", "admin2")], "Nissing"),
    ("Gunmen closed the Mukalla - Seiyun road in Al Abr junction (Hadramawt) for a day.",
     [("Mukalla", "YEM", "city"), ("Seiyun", "YEM", "city"), ("Al Abr", "YEM", "city")], "Al Abr"),
    ("Near Saraguro (Loja), farmers blocked the highway to Cuenca to demand lower fuel prices.",
     [("Saraguro", "ECU", "city"), ("Cuenca", "ECU", "city")], "Saraguro"),
    # no other town: the road's town stays, as ACLED codes a road to a town on it
    ("Supporters of the party blocked the Gyumri-Yerevan highway with cars.",
     [("Gyumri", "ARM", "city"), ("Yerevan", "ARM", "city")], "Gyumri"),
])
def test_a_town_a_road_is_named_after(text, spec, want) -> None:
    ps = _places(text, spec)
    got = next(p for p in ps if p.text in ("Kaithal", "Mukalla", "Cuenca", "Gyumri"))
    assert refine(got, ps, text).text == want


def test_a_town_named_with_no_road_is_kept() -> None:
    text = "Traders protested in Isiolo town on Monday."
    ps = _places(text, [("Isiolo", "KEN", "city")])
    assert road_elsewhere(ps[0], ps, text) is None


@pytest.mark.parametrize("text, spec, want", [
    # a town the sentence says lies in the unit chosen: the town, ACLED's most specific place
    ("Regime forces shelled Kafr Nabl town in the countryside of Idleb with rockets.",
     [("Kafr Nabl", "SYR", "city"), ("Idleb", "SYR", "city")], "Kafr Nabl"),
    ("Gunmen killed two soldiers near Jasim town in Daraa countryside.",
     [("Jasim", "SYR", "city"), ("Daraa", "SYR", "city")], "Jasim"),
    ("Rebels clashed in Kafr Halab village in western Aleppo governorate.",
     [("Kafr Halab", "SYR", "city"), ("Aleppo", "SYR", "admin1")], "Kafr Halab"),
    # another link, or another country: none
    ("Forces of Jasim shelled positions near Daraa.", [("Jasim", "SYR", "city"), ("Daraa", "SYR", "city")], None),
    ("Rebels from Jasim town in Irbid were seen.", [("Jasim", "SYR", "city"), ("Irbid", "JOR", "city")], None),
])
def test_a_town_in_its_unit(text, spec, want) -> None:
    ps = _places(text, spec)
    got = town_of_unit(ps[1], ps, text)
    assert (got.text if got is not None else None) == want


def test_a_shelled_town_in_its_unit_through_the_pipeline(nlp) -> None:
    from eventwire.pipeline import extract

    ann = extract("On 3 March 2024, regime forces shelled Kafr Nabl town in the countryside of Idleb with rockets.")
    assert [e.location.text for e in ann.events if e.location is not None][:1] == ["Kafr Nabl"]


@pytest.mark.parametrize("text, spec, want", [
    # a town of what the event is about gives way to the town a placing word leads to before it
    ("A few people gathered on a bridge in Plattsburgh (New York) to protest mandates and express solidarity with "
     "truckers in Montreal.", [("Plattsburgh", "USA", "city"), ("New York", "USA", "admin1"),
                               ("Montreal", "CAN", "city")], "Plattsburgh"),
    ("Activists held pickets in Samara to oppose the prosecution of a student in Kirov.",
     [("Samara", "RUS", "city"), ("Kirov", "RUS", "city")], "Samara"),
    # no placing word before the other town: the topic's town stays
    ("Samara activists held pickets to oppose the prosecution of a student in Kirov.",
     [("Samara", "RUS", "city"), ("Kirov", "RUS", "city")], "Kirov"),
])
def test_a_town_of_what_the_event_is_about(text, spec, want) -> None:
    ps = _places(text, spec)
    assert refine(ps[-1], ps, text).text == want


def test_a_town_of_no_topic_is_kept() -> None:
    text = "Protesters gathered in Lyon and marched in Villeurbanne."
    ps = _places(text, [("Lyon", "FRA", "city"), ("Villeurbanne", "FRA", "city")])
    assert topic_elsewhere(ps[1], ps, text) is None


@pytest.mark.parametrize("text, town", [
    # a distance is no origin: the event is near the town, not in the unit after it
    ("Clashes broke out not far from Bakhmut in Donetsk region.", "Bakhmut"),
    ("Russian shelling hit a village 10 km from Kupiansk in Kharkiv oblast.", "Kupiansk"),
    # a railway station is no road, and a verb before "roads" names none
    ("A bomb exploded at the Quetta railway station, police in Islamabad said.", "Quetta"),
    ("Protesters in Islamabad blocked roads while others marched in Lahore.", "Islamabad"),
    # speakers' towns do not outvote the struck one
    ("German officials in Berlin and Hamburg said a drone struck a school in Irpin.", "Irpin"),
    # what a rally is against ends with its clause
    ("Hundreds rallied in Tbilisi against the foreign agents law on Sunday, and police detained 20 people in Batumi.",
     "Batumi"),
])
def test_review_cases_keep_the_struck_town(text, town):
    from eventwire.pipeline import extract

    out = extract(text)
    assert town in [e.location.text for e in out.events if e.location is not None]


@pytest.mark.parametrize("text, spec, first, want", [
    # the town the note follows with its units is the event's, not a town or a site named without them
    ("On 3 May 2022, in Tandil (Buenos Aires), hundreds of teachers rallied at Moreno square over their wages.",
     [("Tandil", "ARG", "city"), ("Buenos Aires", "ARG", "admin1"), ("Moreno", "ARG", "city")], 2, "Tandil"),
    ("On 3 May 2022, a mob beat a thief in Sapu neighbourhood on the edge of the town of Ganda (Ganda, Benguela).",
     [("Sapu", "AGO", "city"), ("Ganda", "AGO", "city"), ("Ganda", "AGO", "city"), ("Benguela", "AGO", "admin1")],
     0, "Ganda"),
])
def test_the_town_with_its_units_is_the_events(text, spec, first, want) -> None:
    ps = _places(text, spec)
    assert town_with_units(ps[first], ps, text).text == want


@pytest.mark.parametrize("text, spec, first", [
    # a chain of units: the village, not the township with the parenthesis
    ("On 3 May 2022, in Zee Kone village, Kani township (Yinmabin district, Sagaing region), troops burned houses.",
     [("Zee Kone", "MMR", "city"), ("Kani", "MMR", "city"), ("Yinmabin", "MMR", "admin2"),
      ("Sagaing", "MMR", "admin1")], 0),
    # two towns a few words apart ("between X and Y (units)"): the parenthesis may hold for either
    ("On 3 May 2022, drivers blocked the road between Sabie and Graskop (Ehlanzeni, Mpumalanga) for hours.",
     [("Sabie", "ZAF", "city"), ("Graskop", "ZAF", "city"), ("Ehlanzeni", "ZAF", "admin2"),
      ("Mpumalanga", "ZAF", "admin1")], 0),
    # a town after "from" is an origin
    ("On 3 May 2022, in Tambo, a group of youths from Ganda (Ganda, Benguela) looted two shops.",
     [("Tambo", "AGO", "city"), ("Ganda", "AGO", "city"), ("Ganda", "AGO", "city"), ("Benguela", "AGO", "admin1")],
     0),
])
def test_no_town_with_units_where_they_stand_together_or_it_is_an_origin(text, spec, first) -> None:
    ps = _places(text, spec)
    assert town_with_units(ps[first], ps, text) is None


@pytest.mark.parametrize("text, event_word, town", [
    # a town with its units in brackets told past a clause break is another happening's place (places.yaml
    # clause_breaks), not the event's
    ("Police detained 14 marchers in Arusha on Friday, a week after a similar march in Moshi (Kilimanjaro) turned "
     "violent.", "detained", "Arusha"),
    ("Traders rallied in Kumasi; organisers said a second rally was planned for Tamale (Northern Region).", "rallied",
     "Kumasi"),
    ("Heavy fighting broke out in Bunia, while families from Djugu (Ituri) fled towards the lake.", "fighting",
     "Bunia"),
    # the town inside the name of who reports places nothing (places.yaml source_verbs)
    ("Police fired tear gas at marchers in Mombasa on Friday. Nine marchers were detained, the Nairobi Star reported.",
     "detained", "Mombasa"),
])
def test_review_cases_keep_the_events_own_town(text, event_word, town):
    from eventwire.pipeline import extract

    out = extract(text, published="2024-06-12")
    [ev] = [e for e in out.events if e.trigger.lower().startswith(event_word.lower())]
    assert ev.location is not None and ev.location.text == town, (ev.location and ev.location.text)
