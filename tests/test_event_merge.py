"""One happening, one event within an article (issue 15, part 3): an article that retells its fact in the lead, a
quote and a later paragraph yields one event; two happenings told in one article stay two.

The articles are written for these tests. The unit tests below them pin the rules on hand-made events.
"""

from __future__ import annotations

import pytest

from eventwire.pipeline import extract
from eventwire.records import Actor, Attribution, Event, Evidence, Place, Time
from eventwire.stages import event_merge as M

PUB = "2024-06-12"

ONE_HAPPENING = [
    # (article, the type family told several times)
    ("A drone strike hit a crowded market in the town of Gao in northern Mali on Monday, killing 17 people, local "
     "officials said. \"The drone struck the market at noon, when it was full,\" said Moussa Traore, a trader who "
     "survived the attack. The army said the strike had targeted militants and that eight people were killed. "
     "Residents said the drone strike killed at least 21 people.", "ASSAULT"),
    ("Thousands of opposition supporters rallied in Dhaka on Saturday to demand fresh elections. \"We marched "
     "because this government stole the vote,\" said one demonstrator. The protest, organised by the BNP, blocked "
     "traffic in the capital for hours.", "PROTEST"),
    ("Gunmen attacked a police station in Zamfara state on Thursday, killing four officers, police said. The "
     "attackers stormed the station at dawn and set it on fire. A police spokesman said the assault on the "
     "station left four officers dead.", "ASSAULT"),
    ("Israeli jets bombed targets in southern Lebanon on Friday, the Israeli army said. The air strikes hit "
     "Hezbollah positions near Tyre, according to the army. Lebanon's state news agency said the raids killed "
     "two people.", "ASSAULT"),
    ("Al-Shabaab militants attacked an army base in Lower Shabelle on Sunday, killing at least 10 soldiers. The "
     "militants stormed the base after a car bomb exploded at its gate, residents said. The group said its "
     "fighters had killed 30 soldiers in the attack.", "ASSAULT"),
    # a fight told as an attack (reported) and its repelling (claimed by the side that repelled it), one sentence
    ("The Malian army repelled an attack by JNIM fighters on its base in Boulkessi on Tuesday, killing 15 "
     "assailants, the army said.", "ASSAULT"),
    ("Ukrainian forces repulsed a Russian assault on the village of Robotyne on Wednesday, a military spokesman "
     "said.", "ASSAULT"),
    ("Government troops repelled a raid by Boko Haram fighters on the town of Monguno overnight, killing 12 "
     "insurgents, the army said in a statement.", "ASSAULT"),
    # a toll with no one acting, whose dead are of another country than the place or thing hit (event_merge._bare_toll)
    ("On 12 May 2024, the armed forces of Russia launched a missile attack on the Dolynske Airfield, Kirovohrad. Six "
     "Ukrainian pilots were killed.", "ASSAULT"),
    ("On 12 May 2024, the army of Sudan shelled the Zamzam Camp near El Fasher. Nine Chadian traders were killed.",
     "ASSAULT"),
]


@pytest.mark.parametrize("text,family", ONE_HAPPENING, ids=[t[:40] for t, _ in ONE_HAPPENING])
def test_one_happening_told_several_ways_is_one_event(text, family):
    ann = extract(text, published=PUB)
    told = [e for e in ann.events if e.type == family and e.attribution.status in ("reported", "claimed")]
    assert len(told) == 1, [(e.trigger, [s.id for s in e.sources], e.location and e.location.name,
                             e.date and e.date.value) for e in told]


def test_the_merged_event_keeps_every_report_figure():
    ann = extract(ONE_HAPPENING[0][0], published=PUB)
    [strike] = [e for e in ann.events if e.type == "ASSAULT"]
    killed = sorted(q.min for q in strike.quantities if q.killed)
    assert {17, 21} <= set(killed) and 8 in killed  # the officials', the residents' and the army's tolls
    assert strike.location is not None and strike.location.name == "Gao"


TWO_HAPPENINGS = [
    ("A drone strike hit the town of Gao on Monday, killing 12 people. A separate drone strike hit the town of "
     "Kidal, 300 km away, on Monday, killing five.", "ASSAULT", {"Gao", "Kidal"}),
    ("Police fired tear gas at protesters in Nairobi on Tuesday. Police also fired tear gas at demonstrators in "
     "Mombasa, 440 km away, on Tuesday.", "ASSAULT", {"Nairobi", "Mombasa"}),
    ("Militants attacked the village of Kuka in Borno on Monday, killing seven. Another attack on Monday killed "
     "four people in the village of Dala in Yobe state.", "ASSAULT", {"Borno", "Yobe"}),
]

# a toll with no one acting after an attack on people of another country: perhaps the other side's dead of another
# fight, or said to be another happening; it stays an event of its own (event_merge._toll_of_attack)
TOLL_APART = [
    "On 4 May 2024, Azerbaijani forces shelled the village of Sotk in Armenia, officials said. Three Azerbaijani "
    "soldiers were killed.",
    "On 4 May 2024, Azerbaijani forces shelled the village of Sotk in Armenia. Elsewhere, three Azerbaijani "
    "soldiers were killed.",
    "On 4 May 2024, Indian troops killed two Pakistani intruders near the Line of Control. Separately, three Indian "
    "soldiers were killed.",
]


@pytest.mark.parametrize("text", TOLL_APART, ids=[t[40:80] for t in TOLL_APART])
def test_a_toll_of_the_attackers_side_stays_apart(text):
    ann = extract(text, published=PUB)
    told = [e for e in ann.events if e.type == "ASSAULT" and e.attribution.status in ("reported", "claimed")]
    assert len(told) == 2, [(e.trigger, e.fatalities, [t.country for t in e.targets]) for e in told]


@pytest.mark.parametrize("text,family,places", TWO_HAPPENINGS, ids=[t[:40] for t, _, _ in TWO_HAPPENINGS])
def test_two_happenings_in_one_article_stay_two(text, family, places):
    ann = extract(text, published=PUB)
    told = [e for e in ann.events if e.type == family]
    assert len(told) == 2, [(e.trigger, e.location and e.location.name) for e in told]
    assert {e.location.name for e in told if e.location} == places


# ------------------------------------------------------------------------------------------------ unit rules

def _place(name: str, lat: float, lon: float, feature: str = "city", admin1: str | None = "A1",
           country: str = "MLI", gid: int | None = None) -> Place:
    return Place(text=name, start=0, end=len(name), geonames_id=gid, name=name, country=country, admin1=admin1,
                 lat=lat, lon=lon, feature=feature)


def _ev(start: int, *, etype: str = "ASSAULT", mode: str | None = "drone", sources: tuple[str, ...] = ("MLI:MIL",),
        place: Place | None = None, day: str | None = "2024-06-10", status: str = "reported",
        sentence: str = "A drone strike hit the town.") -> Event:
    actors = [Actor(text=s, start=0, end=1, id=s, name=s, country=s.split(":")[0] if ":" in s else None,
                    sector="MIL", proper=":" not in s) for s in sources]
    date = Time(text="on Monday", start=0, end=9, value=day, precision="day", earliest=day, latest=day) if day \
        else None
    trig = sentence.lower().find("strike") if "strike" in sentence.lower() else 0
    return Event(id=str(start), type=etype, mode=mode, trigger="strike", trigger_start=start + trig,
                 trigger_end=start + trig + 6, evidence=Evidence(sentence=sentence, start=start,
                                                                 end=start + len(sentence)),
                 cameo="190", acled=None, sources=actors, targets=[], location=place, date=date, quantities=[],
                 fatalities=None, attribution=Attribution(status=status), confidence=0.7, stage="test")


def test_places_one_inside_the_other_or_close_are_one_scene():
    gao = _place("Gao", 16.27, -0.04, gid=1)
    assert M.places_compatible(gao, _place("Gao", 16.27, -0.04, gid=1))
    assert M.places_compatible(gao, _place("Mali", 17.0, -4.0, feature="country", admin1=None))
    assert M.places_compatible(gao, _place("A1", 16.5, -0.5, feature="admin1", admin1="A1"))
    assert M.places_compatible(gao, _place("Gao outskirts", 16.35, -0.10))  # about 12 km
    assert M.places_compatible(gao, None)


def test_places_apart_or_in_other_provinces_are_two_scenes():
    gao = _place("Gao", 16.27, -0.04, gid=1)
    assert not M.places_compatible(gao, _place("Kidal", 18.44, 1.41, gid=2))  # about 290 km
    assert not M.places_compatible(gao, _place("B1", 14.0, -4.0, feature="admin1", admin1="B1"))
    assert not M.places_compatible(gao, _place("Niamey", 13.5, 2.1, country="NER"))


def test_means_of_attack_that_differ_are_two_attacks():
    drone, shell, gun = _ev(0, mode="drone"), _ev(100, mode="heavy-weapons"), _ev(200, mode="firearms")
    assert not M.modes_compatible(drone, shell)
    assert not M.modes_compatible(drone, gun)
    assert M.modes_compatible(drone, _ev(300, mode="aerial"))
    assert M.modes_compatible(drone, _ev(300, mode=None))
    assert M.modes_compatible(shell, _ev(300, mode="destroy"))  # what the shelling damaged


def test_merge_rules_on_hand_made_mentions():
    gao = _place("Gao", 16.27, -0.04, gid=1)
    lead = _ev(0, place=gao)
    retold = _ev(100, place=None, day=None, sentence="Residents said the drone strike killed 21 people.")
    agentless = _ev(200, sources=(), place=None, day=None, sentence="The strike had targeted militants.")
    claimed = _ev(300, status="claimed", place=gao, sentence="The army said it carried out the strike.")
    merged = M.merge_events([lead, retold, agentless, claimed])
    assert merged == [lead] and lead.attribution.status == "reported"
    # the next day, or with "a separate strike", or a mention without actors that could be either of two
    next_day = _ev(0, place=gao)
    other_day = _ev(100, place=gao, day="2024-06-11")
    assert len(M.merge_events([next_day, other_day])) == 2
    first = _ev(0, place=gao)
    separate = _ev(100, place=None, sentence="A separate strike hit the town.")
    assert len(M.merge_events([first, separate])) == 2
    a, b = _ev(0, sources=("MLI:MIL",)), _ev(100, sources=("FRA:MIL",), sentence="A French strike hit the town.")
    ambiguous = _ev(200, sources=(), sentence="The strike killed five.")
    assert len(M.merge_events([a, b, ambiguous])) == 3


def test_victims_given_the_wrong_country_by_context_do_not_part_a_retelling():
    """"Another 30 people were wounded" retells the strike: its bare "people", lent another country by the
    sentence's neighbour ("Russia's defence ministry"), states no country of its own."""
    text = ("Russian drones struck a market in the Ukrainian city of Sumy on Monday, killing at least 12 people, "
            "the regional governor said.\n\nAnother 30 people were wounded, the governor said. Russia's defence "
            "ministry did not comment.")
    evs = [e for e in extract(text, published="2025-03-11").events if e.type == "ASSAULT"]
    assert len(evs) == 1 and evs[0].location and evs[0].location.name == "Sumy"
    assert {t.country for t in evs[0].targets} == {"UKR"}


@pytest.mark.parametrize("text, toll", [
    # a side's claim and a report of the same dead: the most conservative figure (ACLED's codebook)
    ("Rebels attacked an army post near Menaka on Tuesday. One soldier died there and two were hurt. The "
     "rebels claimed killing four soldiers in the raid.", 1),
    ("A crowd fought with guards at the depot in Kano on Friday; three people were killed, and the guards' union "
     "claims one person was killed.", 1),
    # a later fuller count that is no claim still raises the toll
    ("Gunmen raided a village in Zamfara on Sunday, killing six people. Nine people were killed in all, the police "
     "said.", 9),
])
def test_a_claimed_toll_beside_a_report_keeps_the_lower_figure(text, toll):
    ann = extract(text, published=PUB)
    assert max(e.fatalities or 0 for e in ann.events if e.type == "ASSAULT") == toll


def test_take_figures_keeps_the_lower_toll_against_a_claim():
    report, claim = _ev(0), _ev(200, status="claimed")
    report.fatalities, claim.fatalities, claim.trigger = 2, 7, "killing"  # "the rebels claimed killing seven"
    M.take_figures(report, claim)
    assert report.fatalities == 2
    other = _ev(400)
    other.fatalities = 5
    M.take_figures(report, other)
    assert report.fatalities == 5  # two reports: the larger, never the sum
    responsibility = _ev(600, status="claimed")  # "claimed responsibility for the strike": a claim of the act
    responsibility.fatalities = 9
    M.take_figures(report, responsibility)
    assert report.fatalities == 9
