"""The event's place among a sentence's places (`stages/place_choice.py`), on records and through the pipeline."""

from __future__ import annotations

from dataclasses import replace

import pytest

from eventwire.gazetteer import GeoEntry
from eventwire.records import Actor, Event, Evidence, Place
from eventwire.stages.actors import FOCUS
from eventwire.stages.place_carry import carry_places
from eventwire.stages.place_choice import ACTOR_COUNTRY, coded_to, head_of_unit, place_by_actors, refine
from eventwire.stages.places import DATELINE


def _places(text: str, spec: list[tuple[str, str, str]]) -> list[Place]:
    """Places at the first occurrence (after the previous one) of each name: (name, country, feature)."""
    out, at = [], 0
    for name, iso3, feature in spec:
        s = text.index(name, at)
        at = s + len(name)
        out.append(Place(text=name, start=s, end=at, geonames_id=None, name=name, country=iso3, admin1=None,
                         lat=0.0, lon=0.0, feature=feature))
    return out


def test_coded_as_a_name_read_only_elsewhere_in_the_note() -> None:
    # "(coded as X)" where X was read at its first mention only: that place
    text = "On 3 May, between Tha Yet and Nga Ohn villages (coded as Tha Yet) (Mingin township, Sagaing), troops fired."
    ps = _places(text, [("Tha Yet", "MMR", "city"), ("Mingin", "MMR", "city"), ("Sagaing", "MMR", "admin1")])
    assert coded_to(ps, text) is ps[0]
    assert refine(ps[1], ps, text) is ps[0]
    # a name after "coded as" that no place of the note bears: nothing
    text = "On 3 May, in Tha Yet village (coded as Kyauk Ka) (Mingin township, Sagaing), troops fired."
    ps = _places(text, [("Tha Yet", "MMR", "city"), ("Mingin", "MMR", "city"), ("Sagaing", "MMR", "admin1")])
    assert coded_to(ps, text) is None


def test_coded_to_a_capital_wins() -> None:
    text = ("Gunmen attacked a checkpoint in an unspecified location in Babil province. Coded as provincial capital "
            "Hillah city.")
    ps = _places(text, [("Babil", "IRQ", "admin1"), ("Hillah", "IRQ", "city")])
    assert coded_to(ps, text).text == "Hillah"
    text = "In the municipality of Jerez, Zacatecas (coded to capital Jerez de Garcia Salinas), police found a body."
    ps = _places(text, [("Jerez", "MEX", "admin2"), ("Zacatecas", "MEX", "admin1"),
                        ("Jerez de Garcia Salinas", "MEX", "city")])
    assert refine(ps[0], ps, text).text == "Jerez de Garcia Salinas"
    # a capital not said to be where the note is coded: no coded place
    text = "Protesters marched to the capital Lima."
    assert coded_to(_places(text, [("Lima", "PER", "city")]), text) is None


def test_coded_to_wins() -> None:
    text = "Some 600 displaced families reached the Czech Republic (coded to Prague) and got shelter."
    ps = _places(text, [("Czech Republic", "CZE", "country"), ("Prague", "CZE", "city")])
    assert coded_to(ps, text).text == "Prague"
    assert refine(ps[0], ps, text).text == "Prague"


@pytest.mark.parametrize("text, spec, first, want", [
    ("Enemy aircraft dropped bombs in Piskivka, Kyiv. Five homes were damaged.",
     [("Piskivka", "UKR", "city"), ("Kyiv", "UKR", "city")], 1, "Piskivka"),
    ("Some 80 residents marched in Mount Horeb (Wisconsin) against a zoning plan.",
     [("Mount Horeb", "USA", "city"), ("Wisconsin", "USA", "admin1")], 1, "Mount Horeb"),
    ("Fighters fought a self-defence group near Kibirizi (Bwito, Rutshuru, Nord-Kivu) on Sunday.",
     [("Kibirizi", "COD", "city"), ("Bwito", "COD", "city"), ("Rutshuru", "COD", "city"),
      ("Nord-Kivu", "COD", "admin1")], 3, "Kibirizi"),
    ("Russian forces shelled Zmiivka village, Kherson. No casualties.",
     [("Zmiivka", "UKR", "city"), ("Kherson", "UKR", "admin1")], 1, "Zmiivka"),
])
def test_the_name_a_unit_holds(text, spec, first, want) -> None:
    ps = _places(text, spec)
    assert refine(ps[first], ps, text).text == want


@pytest.mark.parametrize("text, spec, first", [
    # a list is no hierarchy: the unit must close the phrase
    ("People were evacuated from Polohy, Vasylivka, Berdiansk and Tokmak.",
     [("Polohy", "UKR", "city"), ("Vasylivka", "UKR", "city"), ("Berdiansk", "UKR", "city")], 1),
    # a town of another country is not what the parenthesis' unit holds
    ("Refugees crossed from Rafah (Egypt) to the north.", [("Rafah", "PSE", "city"), ("Egypt", "EGY", "country")], 1),
    # a bracket that holds more than names is no hierarchy
    ("Clashes in Aleppo (where 3 died and Idlib burned) went on.",
     [("Aleppo", "SYR", "city"), ("Idlib", "SYR", "admin1")], 1),
])
def test_no_head(text, spec, first) -> None:
    ps = _places(text, spec)
    assert head_of_unit(ps[first], ps, text) is None
    if ps[first].feature != "country":
        assert refine(ps[first], ps, text) is ps[first]


def test_a_town_over_its_country_named_in_passing() -> None:
    text = "Protesters gathered in Tyumen against the war waged by Russia."
    ps = _places(text, [("Tyumen", "RUS", "city"), ("Russia", "RUS", "country")])
    assert refine(ps[1], ps, text).text == "Tyumen"


def test_event_location_through_the_pipeline(nlp) -> None:
    from eventwire.pipeline import extract

    ann = extract("On 8 March 2022, Russian aircraft carried out air strikes in Piskivka, Kyiv. A guard was "
                  "killed.", published="2022-03-10")
    locs = {e.location.text for e in ann.events if e.location is not None}
    assert "Piskivka" in locs and "Kyiv" not in locs


def test_a_country_in_passing_gives_way_to_the_town_of_the_sentence() -> None:
    text = "Students held a vigil in Warsaw, speaking out against the war waged against Ukraine."
    ps = _places(text, [("Warsaw", "POL", "city"), ("Ukraine", "UKR", "country")])
    assert refine(ps[1], ps, text).text == "Warsaw"
    # a country that a locative word leads to is the event's place
    text = "Russian forces crossed into Ukraine, officials in Warsaw said."
    ps = _places(text, [("Ukraine", "UKR", "country"), ("Warsaw", "POL", "city")])
    assert refine(ps[0], ps, text).text == "Ukraine"


@pytest.mark.parametrize("text,spec,want", [
    ("Pupils assembled in Modena to speak in favor of peace amid the war in Ukraine.",
     [("Modena", "ITA", "city"), ("Ukraine", "UKR", "country")], "Modena"),
    ("Some 40 residents met in Itami, voicing opposition to the Russian invasion of Ukraine.",
     [("Itami", "JPN", "city"), ("Ukraine", "UKR", "country")], "Itami"),
    ("A flash mob in Lyon denounced the oil company's involvement in Russia.",
     [("Lyon", "FRA", "city"), ("Russia", "RUS", "country")], "Lyon"),
])
def test_a_country_a_noun_names_in_passing_gives_way_to_the_town(text, spec, want) -> None:
    # places.yaml `passing_nouns`: "the war in Ukraine" names a country in passing; "in Modena" places the event
    ps = _places(text, spec)
    country = next(p for p in ps if p.feature == "country")
    assert refine(country, ps, text).text == want


def test_a_country_after_a_verb_keeps_its_place() -> None:
    # "crossed into Ukraine": a verb leads to the country, which stays the event's place beside "in Warsaw"
    text = "Russian forces crossed into Ukraine, officials in Warsaw said."
    ps = _places(text, [("Ukraine", "UKR", "country"), ("Warsaw", "POL", "city")])
    assert refine(ps[0], ps, text).text == "Ukraine"
    # a passing noun, but no locative word leads to the town: the country stays
    text = "Warsaw officials spoke of the war in Ukraine."
    ps = _places(text, [("Warsaw", "POL", "city"), ("Ukraine", "UKR", "country")])
    assert refine(ps[1], ps, text).text == "Ukraine"


def _event(at: int, place: Place | None, etype: str = "ASSAULT") -> Event:
    return Event(id=f"e{at}", type=etype, mode=None, trigger="x", trigger_start=at, trigger_end=at + 1,
                 evidence=Evidence(sentence="", start=at, end=at + 1), location=place)


def test_an_event_with_no_place_continues_the_one_before() -> None:
    text = "Police arrested three men in Kano. Crowds protested at the arrests. Troops shelled Maiduguri. Two died."
    kano, maid = _places(text, [("Kano", "NGA", "city"), ("Maiduguri", "NGA", "city")])
    evs = carry_places([_event(7, kano, "COERCE"), _event(42, None, "PROTEST"), _event(76, maid),
                        _event(99, None, "PROTEST")], [kano, maid], text)
    assert [e.location.text for e in evs] == ["Kano", "Kano", "Maiduguri", "Maiduguri"]


def test_an_event_of_the_same_type_or_before_any_place_is_not_carried() -> None:
    # two events of one type that merging left apart are two facts: the second may be elsewhere
    text = "Gunmen attacked a convoy in Gao. Another attack killed five soldiers."
    (gao,) = _places(text, [("Gao", "MLI", "city")])
    evs = carry_places([_event(7, gao), _event(41, None)], [gao], text)
    assert evs[1].location is None
    # an event told before the first placed one continues nothing
    text = "Protesters blocked a road on Monday. Police arrested ten in Lima."
    (lima,) = _places(text, [("Lima", "PER", "city")])
    evs = carry_places([_event(11, None, "PROTEST"), _event(44, lima, "COERCE")], [lima], text)
    assert evs[0].location is None


def _side(name: str, at: int) -> Actor:
    return Actor(text=name, start=at, end=at + len(name), id=name.lower(), name=name)


def test_an_act_of_the_same_type_told_again_takes_its_place() -> None:
    # the killing retold by the sentence after it (no word of another act, no other side acting)
    text = "In Tijuana a taxi driver was shot dead. Gunmen on a motorbike had fired at his car."
    (tij,) = _places(text, [("Tijuana", "MEX", "city")])
    second = _event(text.index("fired"), None)
    second.sources = [_side("Gunmen", text.index("Gunmen"))]
    assert carry_places([_event(text.index("shot"), tij), second], [tij], text)[1].location is tij
    # the same sentence after an act whose side is named, by that side: the same act
    first = _event(text.index("shot"), tij)
    first.sources = [_side("Gunmen", 0)]
    second = _event(text.index("fired"), None)
    second.sources = [_side("Gunmen", text.index("Gunmen"))]
    assert carry_places([first, second], [tij], text)[1].location is tij


def test_an_act_of_the_same_type_whose_sentence_names_a_place_is_not_carried() -> None:
    # the sentence says where (a street the event did not take): no place of another sentence in its stead
    text = "A car bomb killed four in Herat. The attacker struck near Park Road at dusk."
    herat, road = _places(text, [("Herat", "AFG", "city"), ("Park Road", "AFG", "street")])
    second = _event(text.index("struck"), None)
    second.evidence = Evidence(sentence=text[33:], start=33, end=len(text))
    assert carry_places([_event(text.index("killed"), herat), second], [herat, road], text)[1].location is None


def test_an_act_of_the_same_type_on_a_day_of_its_own_is_not_carried() -> None:
    from eventwire.records import Time

    text = "Troops raided Jenin on Monday. On Tuesday, troops shot dead a teenager."
    (jenin,) = _places(text, [("Jenin", "PSE", "city")])
    first, second = _event(text.index("raided"), jenin), _event(text.index("shot"), None)
    second.evidence = Evidence(sentence=text[31:], start=31, end=len(text))
    first.date = Time(text="Monday", start=text.index("Monday"), end=text.index("Monday") + 6, value="2024-03-04",
                      precision="day", earliest="2024-03-04", latest="2024-03-04")
    second.date = Time(text="Tuesday", start=text.index("Tuesday"), end=text.index("Tuesday") + 7,
                       value="2024-03-05", precision="day", earliest="2024-03-05", latest="2024-03-05")
    assert carry_places([first, second], [jenin], text)[1].location is None
    # a date carried from the narrative (its words outside the sentence) is no day of its own
    second.location, second.date = None, first.date
    assert carry_places([first, second], [jenin], text)[1].location is jenin


def test_generic_sides_of_one_kind_are_one_side() -> None:
    text = "Gunmen killed two people in Wudil. A gunman had stormed the village at night."
    (wudil,) = _places(text, [("Wudil", "NGA", "city")])
    first, second = _event(text.index("killed"), wudil), _event(text.index("stormed"), None)
    first.sources = [replace(_side("Gunmen", 0), id="NGA:REB:gunmen", known=False, country="NGA", sector="REB")]
    second.sources = [replace(_side("gunman", 36), id="NGA:REB:gunman", known=False, country="NGA", sector="REB")]
    assert carry_places([first, second], [wudil], text)[1].location is wudil


def test_an_act_of_the_same_type_by_another_side_is_not_carried() -> None:
    text = "Russian forces shelled Izium on Monday. Ukrainian forces shelled their positions."
    (izium,) = _places(text, [("Izium", "UKR", "city")])
    first, second = _event(text.index("shelled"), izium), _event(text.rindex("shelled"), None)
    first.sources = [_side("Russian forces", 0)]
    second.sources = [_side("Ukrainian forces", text.index("Ukrainian"))]
    assert carry_places([first, second], [izium], text)[1].location is None


def test_no_place_crosses_a_paragraph() -> None:
    text = "Troops shelled Maiduguri.\n\nA journalist was arrested on Monday."
    (maid,) = _places(text, [("Maiduguri", "NGA", "city")])
    evs = carry_places([_event(7, maid), _event(45, None)], [maid], text)
    assert evs[1].location is None


def test_an_article_with_no_placed_event_takes_its_one_countrys_first_place() -> None:
    # the ride names the place but is no event; the asking is
    text = "About thirty cyclists rode through Baden (Aargau). They asked authorities to act."
    ps = _places(text, [("Baden", "CHE", "city"), ("Aargau", "CHE", "admin1")])
    assert carry_places([_event(text.index("asked"), None)], ps, text)[0].location is ps[0]
    # towns of two countries: no place is the article's
    text = "Exiles rode from Baden to Lyon. They asked authorities to act."
    ps = _places(text, [("Baden", "CHE", "city"), ("Lyon", "FRA", "city")])
    assert carry_places([_event(37, None)], ps, text)[0].location is None
    # a country alone is no place to carry: the event stays unplaced
    text = "Refugees reached Greece. They asked authorities to act."
    ps = _places(text, [("Greece", "GRC", "country")])
    assert carry_places([_event(30, None)], ps, text)[0].location is None
    # a dateline is where the story was filed, never an event's place
    text = "BAMAKO, May 3 (Reuters) - Gunmen killed three people on Monday."
    (bamako,) = _places(text, [("BAMAKO", "MLI", "city")])
    bamako.stage = DATELINE
    assert carry_places([_event(33, None)], [bamako], text)[0].location is None


@pytest.mark.parametrize("text,spec,first,want", [
    ("Police held 22 migrants from Colombia near Los Llanos community, Coahuila.",
     [("Colombia", "COL", "country"), ("Los Llanos", "MEX", "city"), ("Coahuila", "MEX", "admin1")], 0, "Los Llanos"),
    ("About 29,000 refugees entered Poland from Ukraine on Monday.",
     [("Poland", "POL", "country"), ("Ukraine", "UKR", "country")], 1, "Poland"),
    ("Guards in Kayes arrested a trader from Senegal.",
     [("Kayes", "MLI", "city"), ("Senegal", "SEN", "country")], 1, "Kayes"),
])
def test_a_country_after_from_is_an_origin(text, spec, first, want) -> None:
    ps = _places(text, spec)
    assert refine(ps[first], ps, text).text == want


def test_a_country_after_from_alone_stays() -> None:
    text = "Thousands of refugees arrived from Ukraine on Monday."
    ps = _places(text, [("Ukraine", "UKR", "country")])
    assert refine(ps[0], ps, text).text == "Ukraine"


@pytest.mark.parametrize("text,spec,at,placed,want", [
    ("Refugees entered Poland from Ukraine. Most travelled into the Podkarpackie province [coded to Przemysl].",
     [("Poland", "POL", "country"), ("Ukraine", "UKR", "country"), ("Podkarpackie", "POL", "admin1"),
      ("Przemysl", "POL", "city")], 10, 0, "Przemysl"),
    ("Russian forces shelled positions in Kharkiv oblast. Location coded to Chuhuiv.",
     [("Kharkiv", "UKR", "admin1"), ("Chuhuiv", "UKR", "city")], 16, 0, "Chuhuiv"),
    ("Protesters gathered on Monday. The event is coded to Lagos.",
     [("Lagos", "NGA", "city")], 11, None, "Lagos"),
])
def test_coded_to_in_another_sentence_places_the_note(text, spec, at, placed, want) -> None:
    ps = _places(text, spec)
    ev = _event(at, ps[placed] if placed is not None else None, "PROTEST")
    assert carry_places([ev], ps, text)[0].location.text == want


def test_coded_to_leaves_a_town_of_the_sentence() -> None:
    # a town already chosen is not overridden by a coded place elsewhere in another country
    text = "Gunmen attacked Gao. Refugees fled to Niger (coded to Niamey)."
    ps = _places(text, [("Gao", "MLI", "city"), ("Niger", "NER", "country"), ("Niamey", "NER", "city")])
    assert carry_places([_event(7, ps[0])], ps, text)[0].location.text == "Gao"


@pytest.mark.parametrize("text,spec,want", [
    ("Residents picketed in Chrzanow, speaking against the long war of Russia in Ukraine.",
     [("Chrzanow", "POL", "city"), ("Russia", "RUS", "country"), ("Ukraine", "UKR", "country")], "Chrzanow"),
    ("Students held a vigil in Bialystok, speaking against the continuing repression in Belarus.",
     [("Bialystok", "POL", "city"), ("Belarus", "BLR", "country")], "Bialystok"),
    ("Students marched in Tbilisi against the deployment of Russian troops in Belarus.",
     [("Tbilisi", "GEO", "city"), ("Belarus", "BLR", "country")], "Tbilisi"),
])
def test_a_country_a_protest_is_against_gives_way_to_the_town(text, spec, want) -> None:
    ps = _places(text, spec)
    assert refine(ps[-1], ps, text).text == want


def test_a_country_after_against_without_a_town_stays() -> None:
    text = "Activists protested against the ongoing war in Ukraine."
    ps = _places(text, [("Ukraine", "UKR", "country")])
    assert refine(ps[0], ps, text).text == "Ukraine"


def test_a_country_after_from_keeps_its_place_beside_a_country_no_locative_leads_to() -> None:
    text = "Hezbollah withdrew its forces from Syria in mid-October as fighting with Israel intensified."
    ps = _places(text, [("Syria", "SYR", "country"), ("Israel", "ISR", "country")])
    assert refine(ps[0], ps, text).text == "Syria"


@pytest.mark.parametrize("text, spec, want", [
    # a site named after a place lies in the town after it (places.yaml `site_nouns`)
    ("Pensioners met in Santa Croce square in Florence (Firenze, Toscana) to call for a ceasefire.",
     [("Santa Croce", "ITA", "city"), ("Florence", "ITA", "city")], "Florence"),
    ("Students rallied in Liberty Square in Taipei to condemn the attack.",
     [("Liberty Square", "USA", "city"), ("Taipei", "TWN", "city")], "Taipei"),
    ("Residents protested in Washington Park in Albany against police violence.",
     [("Washington Park", "USA", "city"), ("Albany", "USA", "city")], "Albany"),
    ("Gunmen raided a house in the Al Hajana neighborhood of Al-Bukamal city on Friday.",
     [("Al Hajana", "SYR", "city"), ("Al-Bukamal", "SYR", "city")], "Al-Bukamal"),
])
def test_a_site_named_after_a_place_lies_in_the_town_after_it(text, spec, want) -> None:
    ps = _places(text, spec)
    assert refine(ps[0], ps, text).text == want


def test_a_town_before_its_unit_is_no_site() -> None:
    text = "Rebels attacked Tal Tamer town in Al Hasakeh countryside."
    ps = _places(text, [("Tal Tamer", "SYR", "city"), ("Al Hasakeh", "SYR", "city")])
    assert refine(ps[0], ps, text).text == "Tal Tamer"


def test_a_site_in_the_pipeline(nlp) -> None:
    from eventwire.pipeline import extract

    ann = extract("On 20 June 2022, students rallied in Liberty Square in Taipei to condemn the attack.")
    assert [e.location.text for e in ann.events if e.location is not None][:1] == ["Taipei"]


@pytest.mark.parametrize("text, spec, want", [
    # ACLED's "City - Part": the city, not a town elsewhere named like the part
    ("In Quito - Eloy Alfaro (Pichincha), Indigenous citizens blocked a road.",
     [("Quito", "ECU", "city"), ("Eloy Alfaro", "ECU", "city"), ("Pichincha", "ECU", "admin1")], "Quito"),
    ("In Tijuana - La Presa, Baja California, gunmen shot a taxi driver dead.",
     [("Tijuana", "MEX", "city"), ("La Presa", "MEX", "city"), ("Baja California", "MEX", "admin1")], "Tijuana"),
    ("In Ciudad de Mexico - Cuauhtemoc, Mexico, dozens of lawyers protested.",
     [("Ciudad de Mexico", "MEX", "city"), ("Cuauhtemoc", "MEX", "city")], "Ciudad de Mexico"),
    # the unit of the part's bracket, read abroad as a big province
    ("A sniper shot a man in Aden - Al Mansura (Al Qahirah) on Monday.",
     [("Aden", "YEM", "city"), ("Al Qahirah", "EGY", "admin1")], "Aden"),
    # the part read abroad as a small town
    ("Traders marched to Karachi - Gulshan city (Sindh) to protest.",
     [("Karachi", "PAK", "city"), ("Gulshan", "IND", "city"), ("Sindh", "PAK", "admin1")], "Karachi"),
])
def test_the_city_of_a_city_and_part(text, spec, want) -> None:
    ps = _places(text, spec)
    assert refine(ps[1], ps, text).text == want


def _at(p: Place, lat: float, lon: float, gid: int | None = 1, admin1: str = "ZA.06") -> Place:
    """The place read as a gazetteer town at (lat, lon): a point of its own (precision 1), in `admin1`."""
    return replace(p, lat=lat, lon=lon, geonames_id=gid, precision=1 if gid else 2, admin1=admin1)


def test_the_part_of_a_city_and_part_the_gazetteer_knows_near_the_city() -> None:
    text = "On 4 March, residents blocked roads in Johannesburg - Diepsloot (Gauteng) over water cuts."
    city, part, unit = _places(text, [("Johannesburg", "ZAF", "city"), ("Diepsloot", "ZAF", "city"),
                                      ("Gauteng", "ZAF", "admin1")])
    city, part = _at(city, -26.20, 28.04), _at(part, -25.93, 28.01)
    ps = [city, part, unit]
    # the part read as itself, 30 km from the city's point: the part, from either first choice
    assert refine(city, ps, text) is part
    assert refine(part, ps, text) is part
    # the part read as a town 60 km off, or one the index lacks (the unit's point): the city
    far = _at(part, -25.70, 27.80)
    assert refine(city, [city, far, unit], text) is city
    assert refine(far, [city, far, unit], text) is city
    lacked = _at(part, -26.10, 28.10, gid=None)
    assert refine(city, [city, lacked, unit], text) is city
    # a part in another first-level division is no part of this city
    other = _at(part, -25.93, 28.01, admin1="ZA.02")
    assert refine(city, [city, other, unit], text) is city


def test_a_dash_of_prose_links_no_city_and_part() -> None:
    text = "Missiles hit Johannesburg - Diepsloot was also damaged."
    city, part = _places(text, [("Johannesburg", "ZAF", "city"), ("Diepsloot", "ZAF", "city")])
    city, part = _at(city, -26.20, 28.04), _at(part, -25.93, 28.01)
    assert refine(city, [city, part], text) is city


def test_coded_as_another_paragraph_names_no_place_of_this_one() -> None:
    text = "Gunmen attacked a bus in Garko, 20 km from Wudil.\n\nSoldiers killed 3 bandits near Dawakin (coded as Wudil)."
    garko, wudil = _places(text, [("Garko", "NGA", "city"), ("Wudil", "NGA", "city")])
    assert coded_to([garko, wudil], text) is None
    # ... while a note's closing "coded to" names the place of its paragraph
    text = "Police clashed with a gang at Gordem hill in Metema woreda. Location not found, coded to Metema."
    hill, town = _places(text, [("Gordem", "ETH", "city"), ("Metema", "ETH", "city")])
    assert coded_to([hill, town], text) is town


def test_a_list_with_a_spaced_dash_is_read_as_a_city_and_part_only_after_a_city() -> None:
    text = "Troops shelled Kherson province - Beryslav and Nova Kakhovka were hit."
    unit, town = _places(text, [("Kherson", "UKR", "admin1"), ("Beryslav", "UKR", "city")])
    unit, town = replace(unit, lat=46.6, lon=33.4), _at(town, 46.84, 33.42, admin1="UA.08")
    assert refine(unit, [unit, town], text) is unit


def test_a_name_inside_the_part_of_a_city_and_part() -> None:
    # a name read inside the part
    text = "Soldiers fired tear gas at youths in Nablus - Bab as Saha (Nablus, West Bank)."
    ps = _places(text, [("Nablus", "PSE", "city"), ("Bab", "SYR", "city"), ("Saha", "PSE", "city")])
    assert refine(ps[2], ps, text).text == "Nablus"


def test_a_list_is_no_city_and_part() -> None:
    text = "Protests were held in Quito, Guayaquil and Cuenca."
    ps = _places(text, [("Quito", "ECU", "city"), ("Guayaquil", "ECU", "city"), ("Cuenca", "ECU", "city")])
    assert refine(ps[1], ps, text).text == "Guayaquil"



@pytest.mark.parametrize("text, town, second", [
    # an event of the type told before, in a sentence that speaks of no other fact, retells it: its place
    ("Between 200 and 250 people demonstrated in Northeim against the rules. Some 50 others gathered "
     "for a counter-demonstration.", "Northeim", "gathered"),
    ("In Atlixco, Puebla, vendors blocked one of the main roads. Protesters denounced the one-day cut.", "Atlixco",
     "denounced"),
    ("In Los Reyes de Salgado, families marched to seek justice. Marchers demand the return of those "
     "missing.", "Los Reyes de Salgado", "return"),
])
def test_an_event_of_the_same_type_retelling_the_one_before_takes_its_place(text, town, second) -> None:
    (place,) = _places(text, [(town, "XXX", "city")])
    evs = carry_places([_event(place.end + 1, place, "PROTEST"), _event(text.index(second), None, "PROTEST")],
                       [place], text)
    assert evs[1].location is place


@pytest.mark.parametrize("text, spec, want", [
    # a site whose name closes with a school, a centre, a neighbourhood's "Heights" lies in the town after it
    ("Teachers held a walkout at Pomona high school in Arvada (Colorado) over pay.",
     [("Pomona", "USA", "city"), ("Arvada", "USA", "city")], "Arvada"),
    ("Parents held a vigil at the Raymond-Fortin community centre in Laval (Quebec) for road safety.",
     [("Raymond", "CAN", "city"), ("Laval", "CAN", "city")], "Laval"),
    ("Neighbours picketed in University Heights in San Diego (California) over a planned tower.",
     [("University Heights", "USA", "city"), ("San Diego", "USA", "city")], "San Diego"),
])
def test_a_site_of_several_words_lies_in_the_town_after_it(text, spec, want) -> None:
    ps = _places(text, spec)
    assert refine(ps[0], ps, text).text == want


@pytest.mark.parametrize("text, town", [
    # the town is the object of the attack, the province after it says where it lies: ACLED codes the town
    ("On 9 June 2022, Russian forces shelled Kochubeivka, Kherson, wounding two farmers.", "Kochubeivka"),
    ("On 20 July 2022, Russian artillery shelled Barvinkove, Kharkiv, damaging a hospital.", "Barvinkove"),
    ("On 15 August 2022, Russian forces shelled Esman, Sumy, destroying two barns. No one was hurt.", "Esman"),
])
def test_a_town_object_of_the_attack_before_its_province_is_the_place(nlp, text, town) -> None:
    from eventwire.pipeline import extract

    ann = extract(text)
    assert [e.location.text for e in ann.events if e.location is not None][:1] == [town]



@pytest.mark.parametrize("text,spec,want", [
    # a destination: the plant is to move to Poland, the workers gather in Italy
    ("Workers gathered in Mestre to protest the plan to relocate the plant to Poland.",
     [("Mestre", "ITA", "city"), ("Poland", "POL", "country")], "Mestre"),
    ("Forty children were evacuated from a shelter in Kramatorsk to Spain.",
     [("Kramatorsk", "UKR", "city"), ("Spain", "ESP", "country")], "Kramatorsk"),
    # a passing noun further up the clause ("involvement of the firm in Russia")
    ("Activists rallied in Nantes to denounce the involvement of the French bank in Russia.",
     [("Nantes", "FRA", "city"), ("Russia", "RUS", "country")], "Nantes"),
])
def test_a_country_named_as_a_destination_or_under_a_passing_noun_gives_way(text, spec, want) -> None:
    ps = _places(text, spec)
    country = next(p for p in ps if p.feature == "country")
    assert refine(country, ps, text).text == want


@pytest.mark.parametrize("text,spec,second", [
    # the second protest retells the first, placed only in countries named in passing
    ("About 200 people gathered in Rennes. They condemned the invasion of Ukraine by Russia.",
     [("Rennes", "FRA", "city"), ("Ukraine", "UKR", "country"), ("Russia", "RUS", "country")], "Russia"),
    ("Hundreds marched in Bologna. Some protested against sending weapons to Ukraine.",
     [("Bologna", "ITA", "city"), ("Ukraine", "UKR", "country")], "Ukraine"),
    ("Lawyers rallied in Porto. They held signs against Russia's war.",
     [("Porto", "PRT", "city"), ("Russia", "RUS", "country")], "Russia"),
])
def test_a_protest_placed_in_a_country_named_in_passing_continues_the_one_before(text, spec, second) -> None:
    ps = _places(text, spec)
    town = ps[0]
    country = next(p for p in ps if p.text == second)
    evs = carry_places([_event(text.index("gathered") if "gathered" in text else 4, town, "PROTEST"),
                        _event(country.start - 3, country, "PROTEST")], ps, text)
    assert evs[1].location is town


def test_a_country_the_event_lies_in_keeps_its_place() -> None:
    # "into Ukraine": a placing word leads to the country, which stays the event's place
    text = "Troops massed in Belgorod. Russian forces then pushed into Ukraine."
    bel, ukr = _places(text, [("Belgorod", "RUS", "city"), ("Ukraine", "UKR", "country")])
    evs = carry_places([_event(14, bel, "MOVE"), _event(55, ukr, "ASSAULT")], [bel, ukr], text)
    assert evs[1].location is ukr
    # the story has a town in that country: the country is no mere mention
    text = "Crowds rallied in Riga. They backed sending arms to Ukraine, where Kharkiv was shelled."
    riga, ukr, kh = _places(text, [("Riga", "LVA", "city"), ("Ukraine", "UKR", "country"),
                                   ("Kharkiv", "UKR", "city")])
    evs = carry_places([_event(7, riga, "PROTEST"), _event(30, ukr, "PROTEST")], [riga, ukr, kh], text)
    assert evs[1].location is ukr
    # an event of the same type that is another one keeps its own place
    text = "People marched in Graz. Another protest was held against the war of Russia."
    graz, rus = _places(text, [("Graz", "AUT", "city"), ("Russia", "RUS", "country")])
    evs = carry_places([_event(7, graz, "PROTEST"), _event(33, rus, "PROTEST")], [graz, rus], text)
    assert evs[1].location is rus


def _sized(p: Place, population: int) -> Place:
    p.population = population
    return p


@pytest.mark.parametrize("text,spec,first,want", [
    # a small foreign town's name closed by a site noun is the site's: the sentence's town is the place
    ("In Cusco (Cusco), nurses marched in Armas square to demand higher pay.",
     [("Cusco", "PER", "city"), ("Cusco", "PER", "admin1"), ("Armas", "ARM", "city")], 2, "Cusco"),
    ("Residents rallied outside Central stadium in Almaty against a housing plan.",
     [("Central", "USA", "city"), ("Almaty", "KAZ", "city")], 0, "Almaty"),
])
def test_a_foreign_town_read_in_a_sites_name_gives_way(text, spec, first, want) -> None:
    ps = _places(text, spec)
    got = _sized(ps[first], 2_000)
    assert refine(got, ps, text).text == want


def test_a_town_before_a_site_noun_keeps_its_place() -> None:
    # a city of its own size, or no placing word before the other town: the name stays the event's place
    text = "Russian forces struck Kherson market, officials in Moscow said."
    kh, mos = _places(text, [("Kherson", "UKR", "city"), ("Moscow", "RUS", "city")])
    assert refine(_sized(kh, 280_000), [kh, mos], text) is kh
    text = "Farmers gathered at Tulle market as Paris officials watched."
    tulle, paris = _places(text, [("Tulle", "FRA", "city"), ("Paris", "USA", "city")])
    assert refine(_sized(tulle, 15_000), [tulle, paris], text) is tulle


def test_a_destination_before_the_town_or_another_events_country_keeps_its_place() -> None:
    # the town after the country is the speaker's ("the ministry in Berlin said"), not where the aid went
    text = "Germany sent four more air defence systems to Ukraine, the ministry in Berlin said."
    ukr, ber = _places(text, [("Ukraine", "UKR", "country"), ("Berlin", "DEU", "city")])
    assert refine(ukr, [ukr, ber], text) is ukr
    # only a protest's country in passing is its topic: aid sent to a country after a meeting elsewhere stays there
    text = "Ministers met in Oslo. Norway then sent field hospitals to Ukraine."
    oslo, ukr = _places(text, [("Oslo", "NOR", "city"), ("Ukraine", "UKR", "country")])
    evs = carry_places([_event(10, oslo, "MEET"), _event(35, ukr, "AID")], [oslo, ukr], text)
    assert evs[1].location is ukr


class _Countries:
    """A gazetteer of countries only: what `place_by_actors` reads."""

    def country(self, iso3: str) -> GeoEntry | None:
        return GeoEntry(geonames_id=1, name={"NPL": "Nepal", "SOM": "Somalia", "KEN": "Kenya"}.get(iso3, iso3),
                        country=iso3, admin1=None, lat=1.0, lon=2.0, feature="country", population=0)


def _actor(text: str, name: str, iso3: str | None) -> Actor:
    at = text.index(name)
    return Actor(text=name, start=at, end=at + len(name), id=f"{iso3}:{name}", name=name, country=iso3)


def test_an_article_that_names_no_known_place_is_placed_in_its_actors_country() -> None:
    text = "Shabaab fighters ambushed Somali police at Dhoobley-Yare. Kenyan troops came later."
    shabaab, police, kenyans = (_actor(text, n, c) for n, c in (("Shabaab fighters", "SOM"),
                                                                 ("Somali police", "SOM"), ("Kenyan troops", "KEN")))
    ev = _event(26, None)
    ev.sources, ev.targets = [shabaab], [police]
    (got,) = place_by_actors([ev], [], [shabaab, police], _Countries())
    # the one country of the event's and the article's actors; the place is the country, at its first actor's span
    assert (got.location.country, got.location.feature, got.location.text) == ("SOM", "country", "Shabaab fighters")
    assert got.location.stage == ACTOR_COUNTRY and got.location.precision == 3
    # an event with no actor of a known country takes the article's one country
    ev = _event(26, None)
    assert place_by_actors([ev], [], [shabaab, police], _Countries())[0].location.text == "Shabaab fighters"
    # actors of several countries, in the event or the article: an attacker may strike abroad, no place
    ev = _event(26, None)
    ev.sources, ev.targets = [shabaab], [police]
    assert place_by_actors([ev], [], [shabaab, police, kenyans], _Countries())[0].location is None
    ev = _event(26, None)
    ev.sources, ev.targets = [kenyans], [police]
    assert place_by_actors([ev], [], [police], _Countries())[0].location is None


def test_an_article_that_names_a_known_place_keeps_its_unplaced_events_unplaced() -> None:
    text = "Nepali Congress cadres rallied in Biratnagar. Others blocked a road in Tharpu-Kot."
    (cadres,) = (_actor(text, "Nepali Congress cadres", "NPL"),)
    ps = _places(text, [("Biratnagar", "NPL", "city")])
    ev = _event(50, None, "PROTEST")
    ev.sources = [cadres]
    assert place_by_actors([ev], ps, [cadres], _Countries())[0].location is None
    # a place of no known country ("the Baltic Sea") does not stand for one; no actor of a country: no place
    ps = [Place(text="Baltic Sea", start=0, end=10, geonames_id=None, name="Baltic Sea", country=None, admin1=None,
                lat=58.0, lon=20.0, feature="sea")]
    ev = _event(50, None, "PROTEST")
    ev.sources = [_actor(text, "Others", None)]
    assert place_by_actors([ev], ps, [], _Countries())[0].location is None
    ev.sources = [cadres]
    assert place_by_actors([ev], ps, [cadres], _Countries())[0].location.country == "NPL"


def test_an_article_of_a_mission_and_no_known_place_is_placed_where_the_mission_works() -> None:
    text = "The SMM observed 12 explosions near Novo-Krynytsia-2."
    smm = _actor(text, "The SMM", None)
    smm.id = "osce-smm"
    ev = _event(18, None)
    (got,) = place_by_actors([ev], [], [smm], _Countries(), {"osce-smm": "UKR"})
    assert (got.location.country, got.location.text) == ("UKR", "The SMM")
    # an actor of a country outweighs a mission's host
    text = "The SMM said Somali police fired near Bulo-Xaaji-3."
    smm, police = _actor(text, "The SMM", None), _actor(text, "Somali police", "SOM")
    smm.id = "osce-smm"
    ev = _event(30, None)
    assert place_by_actors([ev], [], [smm, police], _Countries(), {"osce-smm": "UKR"})[0].location.country == "SOM"


@pytest.mark.parametrize("text, spec, want", [
    # a town read abroad, said to lie in a unit of another country: the unit
    ("Rebels shelled Tell Shaheen village in rural Manbij overnight.",
     [("Tell Shaheen", "LBN", "city"), ("Manbij", "SYR", "city")], "Manbij"),
    ("Police detained four men at Karama Camp in Idlib countryside.",
     [("Karama", "JOR", "city"), ("Idlib", "SYR", "admin1")], "Idlib"),
    ("A mob lynched a thief in Tudun Wada (Jos South, Plateau).",
     [("Tudun Wada", "GHA", "city"), ("Jos South", "NGA", "admin2"), ("Plateau", "NGA", "admin1")], "Jos South"),
    # a parenthesis's name the index lacks among the units ("Kpa-Ndoro") does not hide those after it
    ("Gunmen raided Mongbwalu (Kpa-Ndoro, Djugu, Ituri) at night.",
     [("Mongbwalu", "TZA", "city"), ("Djugu", "COD", "admin2"), ("Ituri", "COD", "admin1")], "Djugu"),
])
def test_a_town_read_abroad_of_the_unit_it_lies_in_gives_way_to_the_unit(text, spec, want) -> None:
    ps = _places(text, spec)
    assert refine(ps[0], ps, text).text == want


@pytest.mark.parametrize("text, spec", [
    # the town and its unit agree: the town
    ("Rebels shelled Tell Shaheen village in rural Manbij overnight.",
     [("Tell Shaheen", "SYR", "city"), ("Manbij", "SYR", "city")]),
    # units of two countries: nothing to choose by
    ("A mob lynched a thief in Tudun Wada (Jos South, Plateau).",
     [("Tudun Wada", "GHA", "city"), ("Jos South", "NGA", "admin2"), ("Plateau", "USA", "admin1")]),
    # a big town is no misread namesake; the town's own name again says nothing (a town after "from" is an
    # origin: test_place_namesakes)
    ("Militiamen killed three civilians in Bunia (Djugu-Sud, Ituri).",
     [("Bunia", "COD", "city"), ("Djugu-Sud", "IND", "city")]),
    # a unit of the town's own country among those of another: the town ("Djugu-Sud" misread, "Ituri" agrees)
    ("Militiamen killed three civilians in Largu (Djugu-Sud, Ituri).",
     [("Largu", "COD", "city"), ("Djugu-Sud", "IND", "city"), ("Ituri", "COD", "admin1")]),
    ("Workers protested in Saint-Pierre (Saint Pierre, Saint Pierre).",
     [("Saint-Pierre", "REU", "city"), ("Saint Pierre", "FRA", "city"), ("Saint Pierre", "FRA", "city")]),
    # another place of the sentence in the town's country vouches for it: the unit is the misreading
    ("Raiders shot a herder at Kalimoni area in Igembe north (Igembe Central, Meru).",
     [("Kalimoni", "KEN", "city"), ("Igembe", "ROU", "city"), ("Meru", "KEN", "admin1")]),
])
def test_a_town_keeps_its_reading_without_a_unit_of_one_other_country(text, spec) -> None:
    ps = _places(text, spec)
    ps[0].population = 400_000 if ps[0].text == "Bunia" else 5_000
    assert refine(ps[0], ps, text).text == ps[0].text


def test_a_states_forces_striking_say_nothing_of_where_and_context_typed_actors_no_country() -> None:
    """An attack's source among a state's armed forces may strike abroad ("Kenyan troops shelled ..."): only the side
    struck, or a group of no state, places it; an actor typed by the story's country alone counts for none."""
    text = "Kenyan troops shelled Shabaab fighters near Dhoobley-Yare, killing civilians."
    kenyans, shabaab, civilians = (_actor(text, n, c) for n, c in (("Kenyan troops", "KEN"),
                                                                    ("Shabaab fighters", "SOM"), ("civilians", "KEN")))
    kenyans.sector, shabaab.sector, civilians.stage = "MIL", "REB", FOCUS
    ev = _event(14, None)
    ev.sources, ev.targets = [kenyans], [shabaab]
    assert place_by_actors([ev], [], [kenyans, shabaab, civilians], _Countries())[0].location.country == "SOM"
    ev = _event(14, None)
    ev.sources, ev.targets = [kenyans], [civilians]
    assert place_by_actors([ev], [], [kenyans, civilians], _Countries())[0].location is None
    # police act at home: their arrest is placed in their country
    police = _actor(text, "Kenyan troops", "KEN")
    police.sector = "COP"
    ev = _event(14, None, "COERCE")
    ev.sources = [police]
    assert place_by_actors([ev], [], [police], _Countries())[0].location.country == "KEN"


def test_a_sentence_cut_at_a_parenthesis_of_units_reaches_back_for_its_coded_place() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from eventwire.stages.place_choice import place_window_start

    words = ["In", "Kin", "village", "(", "coded", "as", "Kin", ")", "(", "Madaya", "township", ")", ",", "troops",
             "fired", ".", "(", "Two", "died", ")"]
    starts = [True] + [False] * 7 + [True] + [False] * 7 + [True] + [False] * 3
    doc = Doc(Vocab(), words=words, sent_starts=starts)
    first, second, third = list(doc.sents)
    assert place_window_start(first) == first.start_char
    # cut right after a closing parenthesis: the sentence before belongs to it
    assert place_window_start(second) == first.start_char
    # after a full stop: a sentence of its own
    assert place_window_start(third) == third.start_char


def test_a_coded_village_before_the_cut_places_the_event(nlp) -> None:
    from eventwire.pipeline import extract

    ann = extract("On 11 July 2022, in Gway Saung village (coded as Gway Saung) (Tada-U township, Mandalay region), "
                  "local defence forces attacked a police convoy with homemade mines.", published="2022-07-12")
    assert [e.location.text for e in ann.events if e.location is not None][:1] == ["Gway Saung"]


def _in_name(text: str, name: str, iso3: str, feature: str, at: int = 0) -> Place:
    from eventwire.stages.places import IN_NAME

    s = text.index(name, at)
    return Place(text=name, start=s, end=s + len(name), geonames_id=None, name=name, country=iso3, admin1=None,
                 lat=0.0, lon=0.0, feature=feature, stage=IN_NAME)


def test_a_town_inside_a_bodys_name_places_an_event_placed_nowhere_else() -> None:
    from eventwire.stages.place_choice import in_name

    text = "The Erzincan Governorship banned all rallies for ten days."
    town = _in_name(text, "Erzincan", "TUR", "city")
    assert in_name(None, [town], text) is town
    # a country inside a name ("the Ministry of Interior of Georgia") places nothing
    text = "The Ministry of Interior of Georgia banned all rallies for ten days."
    assert in_name(None, [_in_name(text, "Georgia", "GEO", "country")], text) is None
    # the sentence's own town keeps its place
    text = "The Ankara Bar Association marched in Konya."
    konya = _places(text, [("Konya", "TUR", "city")])[0]
    assert in_name(konya, [_in_name(text, "Ankara", "TUR", "city")], text) is None
    # a country named in passing gives way
    text = "Members of the Larissa Medical Association rallied against the war in Ukraine."
    ukraine = _places(text, [("Ukraine", "UKR", "country")])[0]
    town = _in_name(text, "Larissa", "GRC", "city")
    assert in_name(ukraine, [town], text) is town


def test_an_unplaced_event_takes_the_town_inside_a_name_of_its_sentence_not_the_place_before() -> None:
    text = "Farmers protested in Kozani. Later the Florina Prefecture office closed two roads."
    kozani = _places(text, [("Kozani", "GRC", "city")])[0]
    florina = _in_name(text, "Florina", "GRC", "city")
    second = _event(48, None, "COERCE")
    second.evidence = Evidence(sentence="", start=text.index("Later"), end=len(text))
    evs = carry_places([_event(8, kozani, "PROTEST"), second], [kozani, florina], text)
    assert [e.location.text for e in evs] == ["Kozani", "Florina"]
    # a place the note says it coded its events to comes first
    text = "Later the Florina Prefecture office closed two roads [coded to Amyntaio]."
    florina = _in_name(text, "Florina", "GRC", "city")
    amyntaio = _places(text, [("Amyntaio", "GRC", "city")])[0]
    ev = _event(30, None, "COERCE")
    ev.evidence = Evidence(sentence="", start=0, end=len(text))
    assert carry_places([ev], [florina, amyntaio], text)[0].location is amyntaio


def test_a_municipality_of_a_small_country_in_the_parenthesis_names_no_province(nlp) -> None:
    from eventwire.pipeline import extract

    # Malta's Rabat council is no province whose country a town of the sentence must share
    ann = extract("On 9 June 2022, some 300 dockers marched in Rabat (Rabat) to ask for a pay rise.",
                  published="2022-06-10")
    assert [(e.location.text, e.location.country) for e in ann.events if e.location is not None][:1] == [
        ("Rabat", "MAR")]
