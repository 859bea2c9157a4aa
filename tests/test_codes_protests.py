"""Protests and riots (issue 12): how a demonstration's events are coded, on built records and on sentences written
for these tests. ACLED's codebook: an intervention is forces dispersing or suppressing demonstrators; a violent
demonstration is demonstrators who use violence or destroy property, road-blocking with barricades, burning tires or
other material included; a crowd counted in the dozens is people, never a state."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from eventwire.pipeline import extract
from eventwire.records import Actor, Event, Evidence
from eventwire.stages import codes, codes_protests
from eventwire.stages.demands import demands_follow_the_protest
from eventwire.stages.arguments import NAME as EVENTS_STAGE
from eventwire.stages.model_events import arbitrate


def _a(text: str, sector: str | None, kind: str = "generic", proper: bool = False) -> Actor:
    return Actor(text=text, start=0, end=len(text), id=f"X:{text}", name=text, sector=sector, kind=kind,
                 proper=proper)


def _ev(etype: str, mode: str | None, start: int, sources: list[Actor], targets: list[Actor] = (),
        sentence: str = "s", trigger: str = "x", confidence: float = 0.9) -> Event:
    return Event(id=f"e{start}{trigger}", type=etype, mode=mode, trigger=trigger, trigger_start=start,
                 trigger_end=start + 1, evidence=Evidence(sentence=sentence, start=start, end=start + 10),
                 sources=list(sources), targets=list(targets), confidence=confidence,
                 acled=codes.acled(etype, mode, list(sources), list(targets)))


MARCHERS = _a("protesters", "CVL")


@pytest.mark.parametrize("forces", [
    _ev("MOBILIZE", "troops", 80, [_a("Police", "COP")], trigger="intervened"),  # "Police intervened in the event"
    _ev("COERCE", None, 80, [_a("PNC", None, "organisation", True)], trigger="dispersed"),  # a force not in the KB
    _ev("COERCE", None, 80, [], trigger="disbanded"),  # "the sit-in was disbanded": no one named doing it
])
def test_forces_breaking_into_a_demonstration_by_the_word_are_an_intervention(forces):
    protest = _ev("PROTEST", "demo", 0, [MARCHERS], sentence="protesters gathered to oppose the war")
    codes_protests.harmonise_acled([protest, forces])
    assert protest.acled["sub_event_type"] == "Protest with intervention"
    assert forces.acled["sub_event_type"] == "Protest with intervention"


def test_no_intervention_by_the_marchers_themselves_nor_from_the_air():
    protest = _ev("PROTEST", "demo", 0, [MARCHERS])
    own = _ev("COERCE", None, 80, [_a("the protesters", "CVL")], trigger="dispersed")  # "the protesters dispersed"
    codes_protests.harmonise_acled([protest, own])
    assert protest.acled["sub_event_type"] == "Peaceful protest"
    strike = _ev("ASSAULT", "aerial", 80, [_a("jets", "MIL")], trigger="intervened")
    codes_protests.harmonise_acled([protest, strike])
    assert protest.acled["sub_event_type"] == "Peaceful protest"


@pytest.mark.parametrize("sentence", [
    "Around 200 residents marched on the town hall, burning tyres along the way.",
    "Farmers blocked the national highway with rocks and tree branches to demand fair milk prices.",
    "Drivers demonstrating against fuel prices erected barricades on the ring road.",
    "Villagers protested by blocking the bridge with logs and sandbags.",
])
def test_roads_blocked_with_material_or_burning_tyres_make_a_violent_demonstration(sentence):
    assert codes_protests.violent_acts(sentence)
    verb = next(w for w in sentence.split() if w.startswith(("marched", "blocked", "demonstrating", "protested")))
    protest = _ev("PROTEST", "demo", 0, [_a("residents", "CVL")], sentence=sentence, trigger=verb)
    codes_protests.harmonise_acled([protest])
    assert protest.acled["sub_event_type"] == "Violent demonstration"


@pytest.mark.parametrize("sentence", [
    "Farmers blocked the national highway to demand fair milk prices.",  # no material named
    "Teachers marched with banners and whistles to the ministry.",  # "with" but no blocking
    "Residents blocked the road, without burning tyres, and left at noon.",  # negated
])
def test_a_road_blocked_without_material_stays_peaceful(sentence):
    assert not codes_protests.violent_acts(sentence)


@dataclass
class _Pred:
    plover: str
    plover_p: float
    acled_any: str
    p_event: float = 0.95


@pytest.mark.parametrize("voiced,other", [
    # "held a press conference with banners, criticizing the decision to withdraw ...": the withdrawal is content
    (("ACCUSE", "disapprove", "criticizing"), ("RETREAT", "withdraw", "withdraw")),
    # "held a protest at the camp and warned the government"
    (("THREATEN", None, "warned"), None),
    # "took to the streets to demand ... and to allow them to return": a hypothetical concession inside the demand
    (("REQUEST", None, "demand"), ("CONCEDE", None, "allow")),
])
def test_where_the_model_reads_a_protest_the_crowds_words_are_that_protest(voiced, other):
    crowd = [_a("residents", "CVL")]
    said = _ev(voiced[0], voiced[1], 0, crowd, trigger=voiced[2], confidence=0.95)
    evs = [said] + ([_ev(other[0], other[1], 0, [_a("the government", "GOV")], trigger=other[2], confidence=0.8)]
                    if other else [])
    arbitrate(evs, {0: _Pred("PROTEST", 0.7, "Peaceful protest")})
    assert said.type == "PROTEST" and said.acled["sub_event_type"] == "Peaceful protest"
    if other:
        assert evs[1].type == other[0]


def test_the_model_reading_another_happening_still_needs_only_statements():
    crowd = [_a("residents", "CVL")]
    said = _ev("ACCUSE", "disapprove", 0, crowd, trigger="criticizing", confidence=0.95)
    left = _ev("RETREAT", "withdraw", 0, [_a("the government", "GOV")], trigger="withdraw", confidence=0.8)
    arbitrate([said, left], {0: _Pred("ASSAULT", 0.7, "Attack")})
    assert said.type == "ACCUSE"
    # and a protest model reading does not retype a sentence whose most confident event is material
    hit = _ev("ASSAULT", None, 0, [_a("gunmen", "UAF")], [_a("villagers", "CVL")], trigger="attacked", confidence=0.95)
    said = _ev("ACCUSE", "disapprove", 0, crowd, trigger="denounced", confidence=0.8)
    arbitrate([hit, said], {0: _Pred("PROTEST", 0.7, "Peaceful protest")})
    assert hit.type == "ASSAULT" and said.type == "ACCUSE"


@pytest.mark.parametrize("threat", [
    _ev("THREATEN", None, 120, [_a("a demonstrator", "CVL")], trigger="threatened"),  # a later sentence
    _ev("THREATEN", None, 0, [_a("protesters", "CVL")], trigger="warned"),  # the protest's own sentence
    _ev("THREATEN", None, 200, [_a("They", None)], trigger="vowed"),  # "They vowed to return"
])
def test_threats_voiced_at_a_protest_never_outrank_it(threat):
    protest = _ev("PROTEST", "demo", 0, [MARCHERS], trigger="demonstrated", confidence=0.9)
    threat.confidence = 0.99
    demands_follow_the_protest([protest, threat])
    assert threat.confidence < protest.confidence


@pytest.mark.parametrize("text", [
    # written for this test: a counted crowd protests, whatever official-sounding noun names it; the rules read it so
    # themselves (the event model's reading of the sentence may rescue a misread protest, but not always)
    "About 70 Moldovan nationals staged a protest outside the parliament in Bucharest against the gas price rise.",
    "Dozens of judges staged a protest outside the Supreme Court in Manila over unpaid allowances.",
    "Some 300 government employees held a protest in Kandy to demand a salary increase.",
])
def test_a_counted_crowd_protests_and_does_not_lodge_a_state_protest(text):
    events = extract(text, published="2023-06-05").events
    assert any(e.type == "PROTEST" and e.stage == EVENTS_STAGE for e in events), \
        [(e.type, e.trigger, e.stage) for e in events]


def test_a_government_still_lodges_its_protest():
    events = extract("The foreign ministry lodged a protest with the Russian ambassador on Monday.",
                     published="2023-05-02").events
    assert any(e.type == "ACCUSE" for e in events) and not any(e.type == "PROTEST" for e in events)


@pytest.mark.parametrize("struck", [
    _ev("ASSAULT", None, 60, [_a("people", "CVL")], trigger="strike"),  # "in support of the cleaners' strike"
    _ev("ASSAULT", "aerial", 60, [_a("members", "CVL")], trigger="strike"),  # "announced a strike and protested"
    _ev("ASSAULT", None, 60, [_a("workers", "CVL")], trigger="strikes"),  # "the dockers' rolling strikes"
])
def test_a_crowds_strike_is_a_walkout_not_violence_at_the_march(struck):
    protest = _ev("PROTEST", "demo", 0, [_a(struck.sources[0].text, "CVL")], trigger="gathered")
    codes_protests.harmonise_acled([protest, struck])
    assert protest.acled["sub_event_type"] == "Peaceful protest"


class _Reading:
    def __init__(self, acled: str, p: float) -> None:
        self.acled, self.acled_p, self.acled_any, self.acled_any_p = acled, p, acled, p


@pytest.mark.parametrize("crowd", ["locals", "villagers", "a mob"])
def test_a_crowds_beating_stays_mob_violence_whatever_the_model_reads_of_the_victim(crowd):
    from eventwire.stages.model_events import recode_acled

    beaten = _ev("ASSAULT", "beat", 0, [_a(crowd, "CVL")])  # "locals beat and killed a man": the man unparsed
    assert beaten.acled["sub_event_type"] == "Mob violence"
    recode_acled([beaten], {0: _Reading("Attack", 0.8)})
    assert beaten.acled["sub_event_type"] == "Mob violence"


def test_one_named_assailant_is_no_crowd_and_the_model_decides():
    from eventwire.stages.model_events import recode_acled

    stabbed = _ev("ASSAULT", "beat", 0, [_a("man", "CVL")])
    recode_acled([stabbed], {0: _Reading("Attack", 0.8)})
    assert stabbed.acled["sub_event_type"] == "Attack"


@pytest.mark.parametrize("sentence", [
    "Youths clashed with soldiers during a demonstration in the old town against the raid.",
    "Demonstrators fought with police near the party headquarters after the march was banned.",
    "Dock workers clashed with company guards during their protest at the port gate.",
])
def test_a_crowds_violence_at_a_named_demonstration_is_a_violent_demonstration(sentence):
    fight = _ev("ASSAULT", "firearms", 0, [_a("youths", "CVL")], [_a("soldiers", "MIL")], sentence=sentence,
                trigger="clashed")
    fight.acled = {"event_type": "Riots", "sub_event_type": "Mob violence"}
    codes_protests.harmonise_acled([fight])
    assert fight.acled["sub_event_type"] == "Violent demonstration"


def test_the_month_of_march_names_no_demonstration():
    sentence = "On 15 March 2023, villagers beat a suspected thief to death near the market."
    assert not codes_protests.demonstration_named(sentence)
    beaten = _ev("ASSAULT", "beat", 0, [_a("villagers", "CVL")], sentence=sentence)
    codes_protests.harmonise_acled([beaten])
    assert beaten.acled["sub_event_type"] == "Mob violence"


# issue 12: people's statement that the model reads as a peaceful protest, its PLOVER head below ARBITRATE_P
@pytest.mark.parametrize("etype,mode,trigger,speaker,plover", [
    ("ACCUSE", "disapprove", "denounce", _a("local residents", "CVL"), "PROTEST"),  # "took the streets to denounce"
    ("REQUEST", None, "demand", _a("union members", "LAB"), "REQUEST"),  # "dozens of union members ... to demand"
    ("ACCUSE", "disapprove", "criticizing", _a("teachers", "EDU"), "PROTEST"),  # "a press conference with banners"
])
def test_a_crowds_statement_the_model_reads_as_a_peaceful_protest_is_that_protest(etype, mode, trigger, speaker,
                                                                                  plover):
    said = _ev(etype, mode, 0, [speaker], trigger=trigger, confidence=0.9)
    arbitrate([said], {0: _Pred(plover, 0.35, "Peaceful protest")})
    assert said.type == "PROTEST" and said.acled["sub_event_type"] == "Peaceful protest"


@pytest.mark.parametrize("evs,pred", [
    # a body of no known sector ("The International Labor Office reiterated its demand")
    ([_ev("REQUEST", None, 0, [_a("The International Labor Office", None, "organisation", True)], trigger="demand")],
     _Pred("REQUEST", 0.4, "Peaceful protest")),
    ([_ev("ACCUSE", "disapprove", 0, [_a("the government", "GOV")], trigger="denounced")],  # a state speaks
     _Pred("PROTEST", 0.4, "Peaceful protest")),
    ([_ev("REJECT", None, 0, [_a("The ruling party", "PTY")], trigger="dismissed")],  # a party's statement
     _Pred("REJECT", 0.4, "Peaceful protest")),
    ([_ev("ACCUSE", "disapprove", 0, [_a("residents", "CVL")], trigger="denounced")],  # the model reads no protest
     _Pred("ACCUSE", 0.4, "Other")),
    ([_ev("ACCUSE", "disapprove", 0, [_a("residents", "CVL")], trigger="denounced"),  # the lexicon read a happening
      _ev("ASSAULT", None, 0, [_a("gunmen", "UAF")], [_a("villagers", "CVL")], trigger="attacked", confidence=0.5)],
     _Pred("PROTEST", 0.4, "Peaceful protest")),
])
def test_statements_the_crowd_rule_leaves_alone(evs, pred):
    types = [e.type for e in evs]
    arbitrate(evs, {0: pred})
    assert [e.type for e in evs] == types


def _at(etype: str, mode: str | None, sentence: str, start: int, sources: list[Actor], trigger: str) -> Event:
    ev = _ev(etype, mode, start, sources, sentence=sentence, trigger=trigger)
    ev.evidence = Evidence(sentence=sentence, start=start, end=start + len(sentence))
    return ev


@pytest.mark.parametrize("after,violent", [
    ("Demonstrators threw stones at police officers near the station.", True),
    ("The demonstrators barricaded roads leading to the market.", True),
    ("Clashes broke out between marchers and riot police.", True),
    ("No clashes with the police were reported.", False),
    ("The march ended at the town hall.", False),
])
def test_demonstrators_violence_told_after_the_protest(after, violent):
    first = "About 3,000 people demonstrated in Leipzig against the energy law."
    text = f"{first} {after}"
    protest = _at("PROTEST", "demo", first, 0, [_a("people", "CVL")], "demonstrated")
    codes_protests.harmonise_acled([protest], text)
    assert (protest.acled["sub_event_type"] == "Violent demonstration") is violent


def test_violence_told_before_the_protest_is_not_its_violence():
    before = "Demonstrators threw stones at police officers last week."
    second = "On Monday, people demonstrated in Leipzig against the energy law."
    protest = _at("PROTEST", "demo", second, len(before) + 1, [_a("people", "CVL")], "demonstrated")
    codes_protests.harmonise_acled([protest], f"{before} {second}")
    assert protest.acled["sub_event_type"] == "Peaceful protest"


@pytest.mark.parametrize("sentence,mode,stays", [
    ("Workers protested in Epernay on the unions' call.", "demo", False),  # the model's reading alone
    ("Demonstrators protested in Epernay and set up barricades with burning tyres.", "demo", True),  # named
    ("Workers protested in Epernay on the unions' call.", "riot", True),  # a rule made it a riot
])
def test_a_protest_only_the_model_made_violent(sentence, mode, stays):
    protest = _at("PROTEST", mode, sentence, 0, [_a("demonstrators", "CVL")], "protested")
    protest.acled = {"event_type": "Riots", "sub_event_type": "Violent demonstration"}
    codes_protests.harmonise_acled([protest], sentence)
    assert (protest.acled["sub_event_type"] == "Violent demonstration") is stays


@pytest.mark.parametrize("sentence,forces", [
    ("Residents blocked streets with rocks and rubbish near the town hall.",  # "Police officers dispersed the crowd"
     _ev("COERCE", None, 80, [_a("Police officers", "COP")], [_a("the crowd", "CVL")], trigger="dispersed")),
    ("About 200 residents barricaded the road with burning tyres.",  # "Police arrested 5 demonstrators"
     _ev("COERCE", "arrest", 80, [_a("Police", "COP")], [_a("demonstrators", "CVL")], trigger="arrested")),
    ("Protesters staged a demonstration and threw stones at a police officer.",  # "Police fired tear gas"
     _ev("ASSAULT", "crowd-control", 80, [_a("Police", "COP")], trigger="fired")),
])
def test_force_on_a_violent_demonstration_is_that_violent_demonstration(sentence, forces):
    protest = _ev("PROTEST", "demo", 0, [MARCHERS], sentence=sentence, trigger="demonstration")
    codes_protests.harmonise_acled([protest, forces])
    assert protest.acled["sub_event_type"] == "Violent demonstration"
    assert forces.acled["sub_event_type"] == "Violent demonstration"


def test_a_crowds_statement_after_the_protest_stays_its_content():
    """"... staged a demonstration to complain about the exam. They demanded more places": the demand is what the
    protest is about, not a second protest that outranks it."""
    protest = _ev("PROTEST", "demo", 0, [_a("applicants", "CVL")], trigger="staged", confidence=0.5)
    said = _ev("REQUEST", None, 150, [_a("union members", "LAB")], trigger="demanded", confidence=0.7)
    arbitrate([protest, said], {150: _Pred("REQUEST", 0.35, "Peaceful protest")})
    assert said.type == "REQUEST"


@pytest.mark.parametrize("text", [
    "On 4 June 2023, farmers burned tyres and a tractor during a demonstration in Lima against the price of fertiliser.",
    "On 2 March 2023, university students damaged windows and set chairs on fire at the campus in Durban in a "
    "demonstration over fees.",
    "On 8 August 2023, taxi drivers smashed traffic lights during a protest in Nairobi against new fees.",
])
def test_a_crowds_property_destruction_at_its_demonstration_is_a_violent_demonstration(text):
    # ACLED's codebook: demonstrators who engage in destructive acts make a violent demonstration
    events = extract(text, published="2023-08-10").events
    top = max(events, key=lambda e: e.confidence)
    assert top.acled == {"event_type": "Riots", "sub_event_type": "Violent demonstration"}, \
        [(e.trigger, e.acled) for e in events]


def test_destruction_by_armed_men_or_as_the_cause_of_a_demonstration_stays_property_destruction():
    burnt = "Militants burned a school during a demonstration of strength in the village."
    armed = _ev("ASSAULT", "destroy", 0, [_a("militants", "REB", "armed_group")], sentence=burnt, trigger="burned")
    soldiers = _ev("ASSAULT", "destroy", 0, [_a("soldiers", "MIL")], sentence=burnt, trigger="burned")
    cause = "Residents held a protest against the men who burned the market."
    told = _ev("ASSAULT", "destroy", cause.index("burned"), [_a("men", "CVL")], sentence=cause, trigger="burned")
    told.evidence = Evidence(sentence=cause, start=0, end=len(cause))
    for e in (armed, soldiers, told):
        assert e.acled["sub_event_type"] == "Looting/property destruction"
        assert not codes_protests.destruction_at_a_demonstration(e), e.evidence.sentence
    crowd = _ev("ASSAULT", "destroy", 0, [_a("students", "CVL")], sentence="Students burned tyres at a protest.",
                trigger="burned")
    assert codes_protests.destruction_at_a_demonstration(crowd)


def test_an_intervention_only_the_model_read_needs_force_or_a_word_of_breaking_up():
    def modelled(sources):
        e = _ev("PROTEST", "demo", 0, sources, sentence="teachers marched past police officers guarding the square",
                trigger="marched")
        e.acled = {"event_type": "Protests", "sub_event_type": "Protest with intervention"}
        return e

    alone = modelled([_a("teachers", "EDU")])
    codes_protests.harmonise_acled([alone])
    assert alone.acled["sub_event_type"] == "Peaceful protest"
    dispersed = modelled([_a("teachers", "EDU")])
    word = _ev("COERCE", None, 60, [_a("the Guard", None, "organisation", True)], [_a("Ministry", "GOV")],
               trigger="dispersed")
    codes_protests.harmonise_acled([dispersed, word])
    assert dispersed.acled["sub_event_type"] == "Protest with intervention"
    forces = modelled([_a("police", "COP")])  # "police attempted to remove the sit-in": the forces' act
    codes_protests.harmonise_acled([forces])
    assert forces.acled["sub_event_type"] == "Protest with intervention"


@pytest.mark.parametrize("text,expected", [
    ("On 5 March 2025, about 80 teachers marched to the education ministry in Dalen while police officers watched.",
     "Peaceful protest"),
    ("On 5 March 2025, about 80 teachers marched to the education ministry in Dalen. Police dispersed them with "
     "batons.", "Protest with intervention"),
])
def test_watched_or_dispersed_marchers_in_sentences(text, expected):
    events = extract(text, published="2025-03-12").events
    top = max(events, key=lambda e: e.confidence)
    assert top.acled["sub_event_type"] == expected, [(e.trigger, e.acled) for e in events]


@pytest.mark.parametrize("text,expected", [
    ("On 5 November 2022, activists burned a portrait of the president during a rally in Dhaka against fuel price "
     "hikes.", "Peaceful protest"),
    ("On 5 November 2022, protesters set fire to an effigy of the governor during a march in Port Harcourt.",
     "Peaceful protest"),
    ("On 5 November 2022, locals held a protest against the army in Kale, burning the national flag.",
     "Peaceful protest"),
    ("On 5 November 2022, students burned two buses during a protest in Dhaka against fare hikes.",
     "Violent demonstration"),
])
def test_a_symbol_burnt_at_a_protest_is_no_property_destroyed(text, expected):
    # ACLED codes a protest that burns a flag, an effigy or a portrait as peaceful; property burnt makes it violent
    events = extract(text, published="2022-11-07").events
    top = max(events, key=lambda e: e.confidence)
    assert top.acled["sub_event_type"] == expected, [(e.trigger, e.acled) for e in events]


def test_forces_who_clash_with_the_marchers_make_a_violent_demonstration():
    # ACLED's codebook: a violent demonstration is one whose demonstrators engage in violence; a clash has two sides
    protest = _ev("PROTEST", "demo", 0, [MARCHERS], sentence="protesters demonstrated in front of the court")
    clash = _ev("ASSAULT", "firearms", 60, [_a("police forces", "COP")], [_a("protesters", "CVL")], trigger="clashed")
    codes_protests.harmonise_acled([protest, clash])
    assert protest.acled["sub_event_type"] == "Violent demonstration"
    protest = _ev("PROTEST", "demo", 0, [MARCHERS], sentence="protesters demonstrated in front of the court")
    beat = _ev("ASSAULT", "beat", 60, [_a("police forces", "COP")], [_a("protesters", "CVL")], trigger="beat")
    codes_protests.harmonise_acled([protest, beat])
    assert protest.acled["sub_event_type"] == "Protest with intervention"


@pytest.mark.parametrize("text, sub", [
    # force on people named as demonstrators, with no demonstration event read: the codebook's own event types
    ("Riot police killed four demonstrators in Quito on Thursday.", "Excessive force against protesters"),
    ("Soldiers beat two protesters outside the parliament in Dhaka.", "Protest with intervention"),
])
def test_force_on_protesters_with_no_protest_read_is_the_protest_codes(text, sub):
    events = extract(text, published="2024-05-10").events
    assert [(e.acled or {}).get("sub_event_type") for e in events] == [sub]


def test_violence_on_protesters_by_no_force_stays_an_attack():
    events = extract("Gunmen killed three protesters near the market in Lima on Tuesday.",
                     published="2024-05-10").events
    assert [(e.acled or {}).get("sub_event_type") for e in events] == ["Attack"]
