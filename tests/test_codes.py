"""stages/codes.py and model_events.recode_acled: ACLED's event and sub-event types from the PLOVER type, the mode
and who acts on whom (the ACLED codebook's lines are cited in the code), on built records."""

from __future__ import annotations

from eventwire.records import Actor, Event, Evidence
from eventwire.stages import codes
from eventwire.stages.model_events import recode_acled


def _a(text: str, sector: str | None, kind: str = "generic", proper: bool = False) -> Actor:
    return Actor(text=text, start=0, end=len(text), id=f"X:{text}", name=text, sector=sector, kind=kind,
                 proper=proper)


def _sub(etype: str, mode: str | None, sources: list[Actor], targets: list[Actor], **kw) -> str | None:
    out = codes.acled(etype, mode, sources, targets, **kw)
    return out and out["sub_event_type"]


GUNMEN = _a("unidentified gunmen", "UAF")
MILITANTS = _a("militants", "REB", "armed_group")


def test_unarmed_people_of_any_office_are_attacked_not_fought():
    # ACLED: civilians are unarmed and not engaged in political violence, whatever their role
    for victim in (_a("journalist", "MED"), _a("lawyer", "JUD"), _a("activist", "OPP"), _a("teacher", "EDU"),
                   _a("mayor", "GOV"), _a("priest", "REL"), _a("aid worker", "NGO")):
        assert _sub("ASSAULT", "firearms", [GUNMEN], [victim]) == "Attack", victim.text
    # an armed side on both ends stays a clash
    assert _sub("ASSAULT", "firearms", [MILITANTS], [_a("police patrol", "COP")]) == "Armed clash"
    # a state is no person: "forces fired on Azerbaijan" is not an attack on civilians
    assert _sub("ASSAULT", "firearms", [_a("forces", "MIL")], [_a("Azerbaijan", "GOV", "state", True)]) \
        == "Armed clash"


def test_a_killing_with_no_armed_side_named_is_an_attack():
    # "a man was killed and his body was found": nobody named acts, nobody armed is hit
    assert _sub("ASSAULT", None, [], [_a("Celaya", None, "generic", True)]) == "Attack"
    assert _sub("ASSAULT", "firearms", [], []) == "Attack"
    assert _sub("ASSAULT", "firearms", [], [_a("soldiers", "MIL")]) == "Armed clash"


def test_people_the_text_calls_armed_are_an_armed_side():
    armed = _a("armed individuals", "CVL")
    assert _sub("ASSAULT", "firearms", [armed], [_a("people", "CVL")]) == "Attack"
    assert _sub("ASSAULT", "firearms", [_a("villagers", "CVL")], [_a("people", "CVL")]) == "Mob violence"
    assert _sub("ASSAULT", "firearms", [armed], [_a("soldiers", "MIL")]) == "Armed clash"


def test_armed_groups_taking_or_leaving_a_place_without_fighting():
    assert _sub("RETREAT", None, [_a("M23 rebels", "REB", "armed_group")], []) == \
        "Non-violent transfer of territory"
    assert _sub("RETREAT", "withdraw", [_a("troops", "MIL")], []) == "Non-violent transfer of territory"
    # a release of prisoners or a resignation is no transfer of territory; nor is a withdrawal by civilians
    assert _sub("RETREAT", "release", [_a("troops", "MIL")], []) == "Other"
    assert _sub("RETREAT", "withdraw", [_a("the union", "LAB", "organisation")], []) == "Other"


def _ev(etype: str, mode: str | None, start: int, sources: list[Actor], targets: list[Actor] = (),
        sentence: str = "s", acled: dict | None = None) -> Event:
    return Event(id=f"e{start}", type=etype, mode=mode, trigger="x", trigger_start=start, trigger_end=start + 1,
                 evidence=Evidence(sentence=sentence, start=start, end=start + 10), sources=list(sources),
                 targets=list(targets),
                 acled=acled if acled is not None else codes.acled(etype, mode, list(sources), list(targets)))


def test_a_crowd_that_blocks_or_prevents_protests_peacefully():
    # ACLED: violent only when demonstrators "engage in violent or destructive acts"
    marchers = _a("supporters", "CVL")
    protest = _ev("PROTEST", "demo", 0, [marchers], sentence="supporters blocked the highway to demand lower prices")
    stop = _ev("COERCE", "restrict", 0, [marchers], sentence="... and to stop labour insecurity")
    codes.harmonise_acled([protest, stop])
    assert protest.acled["sub_event_type"] == "Peaceful protest"
    protest = _ev("PROTEST", "demo", 0, [marchers], sentence="supporters protested")
    seize = _ev("COERCE", "seize", 30, [marchers], sentence="supporters seized the mayor's car")
    codes.harmonise_acled([protest, seize])
    assert protest.acled["sub_event_type"] == "Violent demonstration"


def test_force_on_someone_else_is_no_intervention_in_the_march():
    marchers = _a("protesters", "CVL")
    protest = _ev("PROTEST", "demo", 0, [marchers])
    jailed = _ev("COERCE", "arrest", 40, [_a("Israel", "GOV", "state", True)], [_a("the governor", "GOV")])
    codes.harmonise_acled([protest, jailed])
    assert protest.acled["sub_event_type"] == "Peaceful protest"
    detained = _ev("COERCE", "arrest", 40, [_a("police", "COP")], [_a("protesters", "CVL")])
    codes.harmonise_acled([protest, detained])
    assert protest.acled["sub_event_type"] == "Protest with intervention"


class _Pred:
    def __init__(self, acled: str, p: float) -> None:
        self.acled, self.acled_p, self.acled_any, self.acled_any_p = acled, p, acled, p


def test_the_model_does_not_override_who_fights_whom_where_both_sides_are_named():
    rioters, soldiers = _a("rioters", "CVL"), _a("soldiers", "MIL", "organisation")
    clash = _ev("ASSAULT", "firearms", 0, [rioters], [soldiers], acled={"event_type": "Riots",
                                                                         "sub_event_type": "Mob violence"})
    recode_acled([clash], {0: _Pred("Armed clash", 0.6)})
    assert clash.acled["sub_event_type"] == "Mob violence"
    # ... but codes the means it reads (a grenade), and decides where a side is missing
    recode_acled([clash], {0: _Pred("Grenade", 0.6)})
    assert clash.acled["sub_event_type"] == "Grenade"
    lone = _ev("ASSAULT", "firearms", 0, [rioters], [], acled={"event_type": "Riots",
                                                               "sub_event_type": "Mob violence"})
    recode_acled([lone], {0: _Pred("Armed clash", 0.6)})
    assert lone.acled["sub_event_type"] == "Armed clash"


def test_demonstrators_violence_named_in_the_protest_sentence_makes_it_violent():
    assert codes.violent_acts("Youths staged a demonstration and pelted stones at the police near the highway.")
    assert codes.violent_acts("Around 2,000 people demonstrated; some threw bottles at officers.")
    assert not codes.violent_acts("The demonstration ended without clashes with police.")
    assert not codes.violent_acts("Hundreds marched peacefully to the ministry.")
    marchers = _a("youths", "CVL")
    protest = _ev("PROTEST", "demo", 0, [marchers],
                  sentence="Youths staged a demonstration and pelted stones at the police near the highway.")
    codes.harmonise_acled([protest])
    assert protest.acled["sub_event_type"] == "Violent demonstration"


def test_the_model_decides_where_the_target_says_nothing_of_who_was_hit():
    # "militants fired at two labourers in J&K": the target the rules found is a place, the default a clash
    ev = _ev("ASSAULT", "firearms", 0, [MILITANTS], [_a("J&K", None, "organisation", True)])
    assert ev.acled["sub_event_type"] == "Armed clash"
    recode_acled([ev], {0: _Pred("Attack", 0.7)})
    assert ev.acled["sub_event_type"] == "Attack"


def test_a_place_taken_without_fighting_is_a_non_violent_transfer():
    troops = _a("troops", "MIL")
    taken = _ev("ASSAULT", "occupy", 0, [troops], sentence="Troops retook the town peacefully after the rebels left.")
    fought = _ev("ASSAULT", "occupy", 50, [troops], sentence="Troops retook the town after heavy fighting.")
    seized = _ev("COERCE", "seize", 90, [troops, _a("allied forces", "MIL")],
                 sentence="Troops seized three villages from rebel control; no clashes were reported.")
    weapons = _ev("COERCE", "seize", 140, [_a("police", "COP")],
                  sentence="Police seized rifles at a checkpoint; no clashes were reported.")
    codes.harmonise_acled([taken, fought, seized, weapons])
    assert taken.acled["sub_event_type"] == seized.acled["sub_event_type"] == "Non-violent transfer of territory"
    assert fought.acled["sub_event_type"] == "Government regains territory"
    assert weapons.acled["sub_event_type"] != "Non-violent transfer of territory"


def test_fighters_who_surrender_agree_rather_than_hand_over_a_place():
    ev = _ev("RETREAT", "withdraw", 0, [_a("militiamen", "REB", "armed_group")])
    ev.trigger = "surrendered"
    withdrawal = _ev("RETREAT", "withdraw", 40, [_a("troops", "MIL")])
    withdrawal.trigger = "withdrew"
    codes.harmonise_acled([ev, withdrawal])
    assert ev.acled["sub_event_type"] == "Agreement"
    assert withdrawal.acled["sub_event_type"] == "Non-violent transfer of territory"


class _Any:
    def __init__(self, acled_any: str, p: float) -> None:
        self.acled, self.acled_p, self.acled_any, self.acled_any_p = None, p, acled_any, p


def test_where_the_rules_only_defaulted_to_a_clash_the_models_reading_of_the_victim_decides():
    ev = _ev("ASSAULT", "firearms", 0, [MILITANTS], [_a("J&K", None, "organisation", True)])
    recode_acled([ev], {0: _Any("Attack", 0.35)})
    assert ev.acled["sub_event_type"] == "Attack"
    fought = _ev("ASSAULT", "firearms", 0, [MILITANTS], [_a("soldiers", "MIL")])
    recode_acled([fought], {0: _Any("Attack", 0.35)})
    assert fought.acled["sub_event_type"] == "Armed clash"


def test_an_arrest_at_a_demonstration_with_no_one_named_is_an_intervention():
    protest = _ev("PROTEST", "demo", 0, [_a("civil servants", "CVL")])
    arrested = _ev("COERCE", "arrest", 60, [], [_a("persons", None)])
    codes.harmonise_acled([protest, arrested])
    assert protest.acled["sub_event_type"] == "Protest with intervention"
