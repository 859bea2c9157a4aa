"""stages/codes.py and model_events.recode_acled: ACLED's event and sub-event types from the PLOVER type, the mode
and who acts on whom (the ACLED codebook's lines are cited in the code), on built records."""

from __future__ import annotations

import pytest

from eventwire.records import Actor, Event, Evidence
from eventwire.stages import codes, codes_protests, codes_violence
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
    codes_protests.harmonise_acled([protest, stop])
    assert protest.acled["sub_event_type"] == "Peaceful protest"
    protest = _ev("PROTEST", "demo", 0, [marchers], sentence="supporters protested")
    seize = _ev("COERCE", "seize", 30, [marchers], sentence="supporters seized the mayor's car")
    codes_protests.harmonise_acled([protest, seize])
    assert protest.acled["sub_event_type"] == "Violent demonstration"


def test_force_on_someone_else_is_no_intervention_in_the_march():
    marchers = _a("protesters", "CVL")
    protest = _ev("PROTEST", "demo", 0, [marchers])
    jailed = _ev("COERCE", "arrest", 40, [_a("Israel", "GOV", "state", True)], [_a("the governor", "GOV")])
    codes_protests.harmonise_acled([protest, jailed])
    assert protest.acled["sub_event_type"] == "Peaceful protest"
    detained = _ev("COERCE", "arrest", 40, [_a("police", "COP")], [_a("protesters", "CVL")])
    codes_protests.harmonise_acled([protest, detained])
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
    # (a crowd noun such as "rioters" decides by itself: codes.crowd; "men" does not)
    lone = _ev("ASSAULT", "firearms", 0, [_a("men", "CVL")], [], acled={"event_type": "Riots",
                                                                        "sub_event_type": "Mob violence"})
    recode_acled([lone], {0: _Pred("Armed clash", 0.6)})
    assert lone.acled["sub_event_type"] == "Armed clash"


def test_demonstrators_violence_named_in_the_protest_sentence_makes_it_violent():
    assert codes_protests.violent_acts("Youths staged a demonstration and pelted stones at the police near the highway.")
    assert codes_protests.violent_acts("Around 2,000 people demonstrated; some threw bottles at officers.")
    assert not codes_protests.violent_acts("The demonstration ended without clashes with police.")
    assert not codes_protests.violent_acts("Hundreds marched peacefully to the ministry.")
    marchers = _a("youths", "CVL")
    protest = _ev("PROTEST", "demo", 0, [marchers],
                  sentence="Youths staged a demonstration and pelted stones at the police near the highway.")
    codes_protests.harmonise_acled([protest])
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
    codes_protests.harmonise_acled([taken, fought, seized, weapons])
    assert taken.acled["sub_event_type"] == seized.acled["sub_event_type"] == "Non-violent transfer of territory"
    assert fought.acled["sub_event_type"] == "Government regains territory"
    assert weapons.acled["sub_event_type"] != "Non-violent transfer of territory"


def test_fighters_who_surrender_agree_rather_than_hand_over_a_place():
    ev = _ev("RETREAT", "withdraw", 0, [_a("militiamen", "REB", "armed_group")])
    ev.trigger = "surrendered"
    withdrawal = _ev("RETREAT", "withdraw", 40, [_a("troops", "MIL")])
    withdrawal.trigger = "withdrew"
    codes_protests.harmonise_acled([ev, withdrawal])
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
    codes_protests.harmonise_acled([protest, arrested])
    assert protest.acled["sub_event_type"] == "Protest with intervention"


def _at(ev: Event, actor: Actor, offset: int) -> Actor:
    """The actor placed `offset` characters into the event's sentence (the off-duty rule reads the words before)."""
    return Actor(text=actor.text, start=ev.evidence.start + offset, end=ev.evidence.start + offset + len(actor.text),
                 id=actor.id, name=actor.name, sector=actor.sector, kind=actor.kind, proper=actor.proper)


def test_a_battle_that_takes_a_place_is_the_taking():
    # ACLED: territory regained or overtaken "through armed interaction" is one event, the taking
    pro_gov, rebels = _a("pro-government forces", "MIL"), _a("rebels", "REB", "armed_group")
    for sources, clash_trigger, sub in (([pro_gov], "clashed", "Government regains territory"),
                                        ([rebels], "attacks", "Non-state actor overtakes territory"),
                                        ([], "fighting", "Non-state actor overtakes territory")):
        clash = _ev("ASSAULT", "firearms", 0, sources, [_a("Houthi forces", "REB", "armed_group")])
        clash.trigger = clash_trigger
        taking = _ev("ASSAULT", "occupy", 0, sources or [rebels], [])
        assert clash.acled["sub_event_type"] == "Armed clash"
        codes.taken_in_battle([clash, taking])
        assert clash.acled["sub_event_type"] == sub, clash_trigger
    # another sentence's taking, or another side's, leaves the clash as it is
    clash = _ev("ASSAULT", "firearms", 0, [pro_gov], [rebels])
    codes.taken_in_battle([clash, _ev("ASSAULT", "occupy", 200, [pro_gov], []), _ev("ASSAULT", "occupy", 0, [rebels])])
    assert clash.acled["sub_event_type"] == "Armed clash"


def test_sexual_violence_in_an_attack_codes_the_attack():
    # ACLED: people targeted with sexual violence make the event Sexual violence, also inside a wider attack
    militia = _a("militia", "REB", "armed_group")
    cases = (
        ([_ev("ASSAULT", None, 0, [militia], [_a("villagers", "CVL")]), _ev("ASSAULT", "sexual", 90, [militia])]),
        ([_ev("ASSAULT", "beat", 0, [_a("police officers", "COP")], [_a("refugees", "REF")]),
          _ev("ASSAULT", "sexual", 0, [], [_a("refugees", "REF")])]),
        ([_ev("ASSAULT", "sexual", 0, [_a("separatists", "REB", "armed_group")], [_a("pupils", "EDU")],
              acled={"event_type": "Violence against civilians", "sub_event_type": "Attack"})]),
    )
    for events in cases:
        codes_protests.harmonise_acled(events)
        assert all(e.acled["sub_event_type"] == "Sexual violence" for e in events), events[0].sources
    # other perpetrators' attack, and a fight with an armed side, stay what they are
    other = _ev("ASSAULT", None, 0, [_a("bandits", "CRM")], [_a("traders", "CVL")])
    fight = _ev("ASSAULT", None, 40, [militia], [_a("soldiers", "MIL")])
    codes_protests.harmonise_acled([other, fight, _ev("ASSAULT", "sexual", 90, [militia])])
    assert other.acled["sub_event_type"] == "Attack" and fight.acled["sub_event_type"] == "Armed clash"


def test_forces_off_duty_retired_or_former_are_attacked_as_civilians():
    # ACLED: civilians are unarmed and not engaged in political violence
    for sentence, victim in (("TTP militants fired at an off-duty policeman in Wana.", _a("policeman", "COP")),
                             ("A former Afghan forces member was shot by the Taliban.", _a("Afghan forces", "MIL")),
                             ("Gunmen killed a retired army colonel at his farm.", _a("army colonel", "MIL"))):
        ev = _ev("ASSAULT", "firearms", 100, [_a("militants", "REB", "armed_group")], [], sentence=sentence)
        ev.targets = [_at(ev, victim, sentence.index(victim.text))]
        ev.trigger = "shot"
        ev.acled = codes.acled("ASSAULT", "firearms", ev.sources, ev.targets)
        assert ev.acled["sub_event_type"] == "Armed clash"
        codes_protests.harmonise_acled([ev])
        assert ev.acled["sub_event_type"] == "Attack", sentence
    # on duty, or a clash with former soldiers now in an armed group: still a battle
    for sentence, trigger in (("Militants fired at a policeman on patrol in Wana.", "fired"),
                              ("Taliban fighters clashed with former soldiers of the NRF.", "clashed")):
        victim = _a("policeman" if "policeman" in sentence else "soldiers", "COP")
        ev = _ev("ASSAULT", "firearms", 0, [MILITANTS], [], sentence=sentence)
        ev.targets, ev.trigger = [_at(ev, victim, sentence.index(victim.text))], trigger
        ev.acled = codes.acled("ASSAULT", "firearms", ev.sources, ev.targets)
        codes_protests.harmonise_acled([ev])
        assert ev.acled["sub_event_type"] == "Armed clash", sentence


def test_a_place_handed_over_or_taken_with_no_word_of_fighting_is_a_transfer():
    troops = _a("troops", "MIL")
    text = ("Troops retook the village. No information on whether fighting took place. "
            "Forces took control of the port after the coalition handed over control. "
            "Rebels took over the camp after soldiers left; no reports of fighting.")
    evs = []
    for sentence in text.split(". "):
        start = text.index(sentence)
        if sentence.startswith("No information"):
            continue
        ev = _ev("ASSAULT", "occupy", start, [troops], sentence=sentence)
        ev.evidence = Evidence(sentence=sentence, start=start, end=start + len(sentence) + 1)
        evs.append(ev)
    codes_protests.harmonise_acled(evs, text)
    assert [e.acled["sub_event_type"] for e in evs] == ["Non-violent transfer of territory"] * 3
    # without the article's text the next sentence is unknown: the first stays a battle
    alone = _ev("ASSAULT", "occupy", 0, [troops], sentence="Troops retook the village.")
    codes_protests.harmonise_acled([alone])
    assert alone.acled["sub_event_type"] == "Government regains territory"


def test_people_who_shoot_at_someone_are_no_mob():
    # ACLED: mob violence is a crowd's; people who open fire on a man are armed (an Attack on him)
    victim = _a("man", "CVL")
    for shooters in (_a("two individuals", "CVL"), _a("men", "CVL"), _a("unknown perpetrators", "CVL")):
        assert _sub("ASSAULT", "firearms", [shooters], [victim]) == "Attack", shooters.text
    # a crowd stays a crowd, and so does a beating
    assert _sub("ASSAULT", "firearms", [_a("villagers", "CVL")], [victim]) == "Mob violence"
    assert _sub("ASSAULT", "beat", [_a("men", "CVL")], [victim]) == "Mob violence"


def _fired(sentence: str, sources: list[Actor], targets: list[Actor] = ()) -> Event:
    ev = _ev("ASSAULT", "firearms", 0, sources, targets, sentence=sentence,
             acled={"event_type": "Battles", "sub_event_type": "Armed clash"})
    ev.trigger = sentence.split()[2]
    return ev


def test_gunfire_aimed_at_what_civilians_own_is_an_attack():
    police = _a("police", "COP")
    for sentence in ("Border police fired without warning at a car heading out of the town.",
                     "Navy gunboats opened fire at small fishing boats off the coast.",
                     "Unidentified gunmen fired 5 rounds at the residence of a local councillor."):
        ev = _fired(sentence, [police])
        codes_violence.fire_at_civilian_things([ev])
        assert ev.acled["sub_event_type"] == "Attack", sentence
    for sentence in ("Gunmen opened fire on a military vehicle near the town.",       # an armed side's thing
                     "Rebels fired at a police patrol car and the police fired back.",  # an exchange
                     "The militants opened fire at the checkpoint near the bridge."):   # no civilian thing
        ev = _fired(sentence, [_a("gunmen", "UAF")])
        codes_violence.fire_at_civilian_things([ev])
        assert ev.acled["sub_event_type"] == "Armed clash", sentence


def _clash(sentence: str, sources: list[Actor], fatalities: int | None = None) -> Event:
    ev = _ev("ASSAULT", "firearms", 0, sources, sentence=sentence,
             acled={"event_type": "Riots", "sub_event_type": "Mob violence"})
    ev.trigger, ev.fatalities = "clashed", fatalities
    return ev


def test_a_lethal_clash_between_groups_of_people_is_an_armed_clash():
    for sentence, who, toll in (
            ("Farmers clashed over a land dispute between two villages; four people were killed.", "farmers", None),
            ("Herders and farmers clashed in a village, resulting in the killing of 3 people.", "farmers", None),
            ("Two rival groups clashed in the market of the town.", "groups", 2)):
        ev = _clash(sentence, [_a(who, "CVL")], toll)
        codes_violence.lethal_communal_clash([ev])
        assert ev.acled["sub_event_type"] == "Armed clash", sentence
    for sentence, who in (("Two mobs clashed with each other over fuel; 3 people were injured.", "mobs"),
                          ("Youths clashed with police and a protester was killed.", "youths"),  # a state force
                          ("Two groups of villagers clashed over land; 30 were injured.", "villagers")):
        ev = _clash(sentence, [_a(who, "CVL")])
        codes_violence.lethal_communal_clash([ev])
        assert ev.acled["sub_event_type"] == "Mob violence", sentence


def test_an_arrest_after_violence_ranks_below_it():
    mob, police, man = _a("vigilantes", "CVL"), _a("police", "COP"), _a("man", "CVL")
    beating = _ev("ASSAULT", "beat", 0, [mob], [man], sentence="Vigilantes assaulted a man.")
    arrest = _ev("COERCE", "arrest", 30, [police], [man], sentence="Police rescued and arrested the man.")
    beating.confidence, arrest.confidence = 0.8, 0.95
    codes_violence.arrest_follows_violence([beating, arrest])
    assert arrest.confidence < beating.confidence
    # an arrest told first, or made by the ones who did the violence, keeps its rank
    beat = _ev("ASSAULT", "beat", 40, [police], [man], sentence="Police beat him in custody.")
    first = _ev("COERCE", "arrest", 0, [police], [man], sentence="Police arrested a man.")
    beat.confidence, first.confidence = 0.8, 0.95
    codes_violence.arrest_follows_violence([first, beat])
    assert first.confidence == 0.95
    # an arrest that is the purpose of an operation in which fighting happened ranks below the fighting
    sentence = "Officers and the gang exchanged fire after officers carried out an operation to capture two suspects."
    clash = _ev("ASSAULT", "firearms", 0, [police], sentence=sentence)
    capture = _ev("COERCE", "arrest", 0, [police], [man], sentence=sentence)
    capture.trigger_start = sentence.index("capture")
    clash.confidence, capture.confidence = 0.8, 0.95
    codes_violence.arrest_follows_violence([clash, capture])
    assert capture.confidence < clash.confidence


def test_drugs_seized_or_destroyed_are_property_destruction():
    police = _a("police forces", "COP")
    for sentence, word in (("Police forces seized two tons of marijuana in a warehouse.", "seized"),
                           ("Soldiers destroyed a laboratory making synthetic drugs.", "destroyed"),
                           ("Police forces eradicated 9,500 coca plants over a plantation of five acres.", "eradicated")):
        ev = _ev("COERCE", None, 0, [police], sentence=sentence)
        ev.trigger = word
        ev.trigger_end = sentence.index(ev.trigger) + len(ev.trigger)
        codes_violence.drugs_seized_or_destroyed([ev])
        assert ev.acled["sub_event_type"] == "Looting/property destruction", sentence
    # weapons seized, or drugs named before the seizure's word, are something else
    for sentence in ("Police forces seized rifles and ammunition at a checkpoint.",
                     "Drug traffickers were arrested after police forces seized their weapons."):
        ev = _ev("COERCE", None, 0, [police], sentence=sentence)
        ev.trigger = "seized"
        ev.trigger_end = sentence.index("seized") + 6
        codes_violence.drugs_seized_or_destroyed([ev])
        assert ev.acled["sub_event_type"] == "Other", sentence


def test_an_arrest_with_violence_in_custody_is_an_attack():
    police, resident = _a("police officers", "COP"), _a("resident", "CVL")
    for sentence in ("Police officers detained and beat a young resident of the town while he was in custody.",
                     "Policemen detained a young man at his home and later tortured him to extract a confession.",
                     "Soldiers beat up and later arrested a student activist in the old town."):
        ev = _ev("COERCE", "arrest", 0, [police], [resident], sentence=sentence,
                 acled={"event_type": "Strategic developments", "sub_event_type": "Arrests"})
        codes_violence.violence_in_custody([ev])
        assert ev.acled["sub_event_type"] == "Attack", sentence
    for sentence, who in (
            ("Police arrested three men suspected of the robbery in the market.", police),     # no violence
            ("Residents beat the thief and handed him over to police, who arrested him.", police),  # a crowd's
            ("Police arrested the opposition leader; he was not beaten, his lawyer said.", police),  # negated
            # the violence is the charge, or a weapon's name
            ("Police arrested a man suspected of assaulting a woman in the market.", police),
            ("Police arrested three men for the assault on a journalist.", police),
            ("Police detained a teacher charged with sexually abusing pupils.", police),
            ("Soldiers arrested a militant carrying an assault rifle.", police),
            ("Villagers detained and beat two suspected cattle thieves.", _a("villagers", "CVL"))):  # a crowd acts
        ev = _ev("COERCE", "arrest", 0, [who], [resident], sentence=sentence,
                 acled={"event_type": "Strategic developments", "sub_event_type": "Arrests"})
        codes_violence.violence_in_custody([ev])
        assert ev.acled["sub_event_type"] == "Arrests", sentence


def test_the_model_does_not_make_an_armed_side_hit_by_an_unnamed_doer_an_attack():
    trafficker = _a("drug trafficker", "CRM", "armed_group")
    shot = _ev("ASSAULT", "firearms", 0, [], [trafficker])
    assert shot.acled["sub_event_type"] == "Armed clash"
    recode_acled([shot], {0: _Pred("Attack", 0.8)})
    assert shot.acled["sub_event_type"] == "Armed clash"
    # an unarmed person hit by an unnamed doer: the model still decides
    man = _ev("ASSAULT", "firearms", 0, [], [_a("street vendor", None)],
              acled={"event_type": "Battles", "sub_event_type": "Armed clash"})
    recode_acled([man], {0: _Pred("Attack", 0.8)})
    assert man.acled["sub_event_type"] == "Attack"


def test_a_detention_by_an_armed_group_or_into_the_unknown_is_an_abduction():
    # ACLED's codebook: arrests by non-state groups and extrajudicial detentions are Abduction/forced disappearance
    arrests = {"event_type": "Strategic developments", "sub_event_type": "Arrests"}
    police, man = _a("police", "COP"), _a("man", "CVL")
    for sentence, who in (
            ("Al-Shabaab militants detained two elders in the village for refusing to pay zakat.",
             _a("Al-Shabaab militants", "REB", "armed_group", True)),
            ("Five unidentified armed men in civilian clothes detained a trader on the highway.",
             _a("unidentified armed men", "CVL")),
            ("Police arrested a student leader at his home; his whereabouts remain unknown.", police),
            ("Soldiers detained dozens of young men at the market for conscription into the army.",
             _a("soldiers", "MIL")),
            ("Troops arrested four farmers and used them as human shields during the operation.",
             _a("troops", "MIL")),
            ("Intelligence agents detained a journalist and took him to an unknown location.", _a("agents", "SPY"))):
        ev = _ev("COERCE", "arrest", 50, [who], [man], sentence=sentence, acled=dict(arrests))  # the word after them
        ev.trigger = "detained"
        codes_violence.detention_outside_the_law([ev])
        assert ev.acled["sub_event_type"] == "Abduction/forced disappearance", sentence
    for sentence, who in (
            ("Police arrested three men suspected of the robbery in the market.", police),   # a lawful arrest
            ("Soldiers detained a rebel commander near the border.", _a("soldiers", "MIL")),
            ("Police arrested the mayor and said he was not held incommunicado.", police),  # negated
            ("Police arrested two men who had kidnapped a girl.", police)):   # no one detained is said disappeared
        ev = _ev("COERCE", "arrest", 50, [who], [man], sentence=sentence, acled=dict(arrests))  # the word after them
        ev.trigger = "detained"
        codes_violence.detention_outside_the_law([ev])
        assert ev.acled["sub_event_type"] == "Arrests", sentence
    # "three detained militants": the word before the actor names them detained, not detaining
    held = _a("militants", "REB", "armed_group")
    held.start, held.end = 2, 11
    ev = _ev("COERCE", "arrest", 0, [held], [], sentence="Three detained militants were killed in a shootout.",
             acled=dict(arrests))
    ev.trigger_end = 1
    codes_violence.detention_outside_the_law([ev])
    assert ev.acled["sub_event_type"] == "Arrests"
    # the Taliban, whom the knowledge base keeps as an armed group, are Afghanistan's forces in ACLED's coding
    ev = _ev("COERCE", "arrest", 50, [_a("Taliban", "REB", "armed_group", True)], [man], acled=dict(arrests),
             sentence="The Taliban arrested three journalists in Kandahar for airing music.")
    codes_violence.detention_outside_the_law([ev])
    assert ev.acled["sub_event_type"] == "Arrests"
    # an arrest read from a word of no detention ("militants overpowered the sentries")
    ev = _ev("COERCE", "arrest", 50, [MILITANTS], [], sentence="The militants overpowered the sentries.",
             acled=dict(arrests))
    ev.trigger = "overpowered"
    codes_violence.detention_outside_the_law([ev])
    assert ev.acled["sub_event_type"] == "Arrests"
    # the next sentence tells it
    text = "Police arrested an activist in the capital. His family has not heard from him; his whereabouts are unknown."
    ev = _ev("COERCE", "arrest", 0, [police], [man], sentence=text[:43], acled=dict(arrests))
    ev.evidence.end = 43
    codes_violence.detention_outside_the_law([ev], text)
    assert ev.acled["sub_event_type"] == "Abduction/forced disappearance"


def test_a_fight_of_party_members_traders_or_youths_is_mob_violence():
    # ACLED: a battle is between organised armed groups; crowds fighting each other or the police riot
    clash = {"event_type": "Battles", "sub_event_type": "Armed clash"}
    police = _a("riot police", "COP")
    for sources, targets in (
            ([_a("Awami League", "PTY", "organisation", True), _a("BNP", "PTY", "organisation", True)],
             [_a("people", "CVL")]),
            ([_a("street vendors", "BUS", "organisation")], [police]),
            ([_a("students", "EDU")], [_a("students", "EDU")]),
            ([_a("villagers", "CVL")], [police])):
        ev = _ev("ASSAULT", "firearms", 0, sources, targets, acled=dict(clash))
        ev.trigger = "clashed"
        codes_violence.crowds_clash([ev])
        assert ev.acled["sub_event_type"] == "Mob violence", sources[0].text
    for sources, targets, trigger in (
            ([_a("youths", "CVL")], [MILITANTS], "clashed"),           # an armed group fights
            ([MILITANTS], [police], "clashed"),                        # two armed sides
            ([_a("traders", "BUS")], [police], "shot")):               # no fight by its word
        ev = _ev("ASSAULT", "firearms", 0, sources, targets, acled=dict(clash))
        ev.trigger = trigger
        codes_violence.crowds_clash([ev])
        assert ev.acled["sub_event_type"] == "Armed clash", (sources[0].text, trigger)


def test_armed_men_who_attack_a_village_attack_its_people():
    # ACLED: violence against civilians is an armed group's violence on unarmed people; a battle needs two armed sides
    from eventwire.records import Place
    clash = {"event_type": "Battles", "sub_event_type": "Armed clash"}
    village = _a("Kerawa", "GOV", "state", True)
    village.start, village.end = 40, 46
    places = [Place(text="Kerawa", start=40, end=46, geonames_id=1, name="Kerawa", country="CMR", admin1=None,
                    lat=None, lon=None, feature="city")]

    def coded(trigger: str, sources: list, targets: list, sentence: str = "s", where=places) -> str:
        ev = _ev("ASSAULT", None, 0, sources, targets, sentence=sentence, acled=dict(clash))
        ev.trigger = trigger
        codes_violence.raid_on_a_place([ev], where)
        return ev.acled["sub_event_type"]

    assert coded("attacked", [MILITANTS], [village]) == "Attack"
    assert coded("raided", [_a("soldiers", "MIL")], [village]) == "Attack"
    assert coded("attacked", [MILITANTS], [village, _a("soldiers", "MIL")]) == "Armed clash"  # an armed side hit
    assert coded("attacked", [MILITANTS], [village],
                 sentence="Militants attacked Kerawa and clashed with the army.") == "Armed clash"  # a fight told
    assert coded("attacked", [MILITANTS], [village], where=[]) == "Armed clash"  # no place: who was hit is unsaid
    assert coded("shelled", [MILITANTS], [village]) == "Armed clash"  # not an attack or raid by its word
    assert coded("attacked", [_a("residents", "CVL")], [village]) == "Armed clash"  # no armed doer
    ethiopia = _a("Ethiopia", "GOV", "state", True)   # "attacked Ethiopia forces": a country names the side hit
    assert coded("attacked", [MILITANTS], [ethiopia], where=[Place(
        text="Ethiopia", start=0, end=8, geonames_id=2, name="Ethiopia", country="ETH", admin1=None, lat=None,
        lon=None, feature="country")]) == "Armed clash"


def test_forces_moved_or_security_measures_are_a_change_to_group_activity():
    # ACLED's codebook: "Change to group/activity", the activity of armed groups (movement of forces) and the
    # security measures a state imposes; people of no armed side who arrive are Other (displacement)
    change = {"event_type": "Strategic developments", "sub_event_type": "Change to group/activity"}
    assert codes.acled("COERCE", "curfew", [_a("the governor", "GOV")], []) == change
    moved = [_ev("MOBILIZE", "troops", 0, [_a("the army", "MIL")]),
             _ev("MOBILIZE", "troops", 20, [], [_a("police officers", "COP")]),  # "were stationed"
             _ev("AID", "military", 40, [], [_a("soldiers", "MIL")], sentence="soldiers were sent to reinforce")]
    stay = [_ev("MOBILIZE", "troops", 60, [_a("refugees", "REF")]),  # "refugees arrived"
            _ev("AID", "military", 80, [_a("Washington", "GOV", "state")]),  # arms given
            _ev("MOBILIZE", "troops", 100, [_a("soldiers", "MIL")])]  # "soldiers entered a village and detained"
    raid = _ev("COERCE", "arrest", 100, [_a("soldiers", "MIL")], [_a("passers-by", "CVL")])
    stay[-1].trigger = "entered"
    codes.forces_moved(moved + stay + [raid])
    assert all(e.acled == change for e in moved)
    assert all(e.acled["sub_event_type"] == "Other" for e in stay)
    stay[-1].trigger = "deployed"  # "soldiers deployed in the village arrested three men": the arrest is the event
    codes.forces_moved([stay[-1], raid])
    assert stay[-1].acled["sub_event_type"] == "Other"


@pytest.mark.parametrize("sentence,sub", [
    ("the provincial governor banned all rallies, marches and public gatherings for ten days",
     "Change to group/activity"),
    ("the government banned the newspaper for publishing leaked documents", "Other"),
])
def test_a_ban_on_gatherings_is_a_security_measure(sentence, sub):
    ban = _ev("COERCE", "ban", 0, [_a("the governor", "GOV")], sentence=sentence)
    ban.trigger, ban.trigger_start = "banned", sentence.index("banned")
    ban.trigger_end = ban.trigger_start + len("banned")
    codes.gatherings_banned([ban])
    assert ban.acled["sub_event_type"] == sub


def test_property_destroyed_by_rioters_is_mob_violence():
    # ACLED's codebook: mob violence is violence by rioters, a crowd, not an organised group; property they burn or
    # vandalise is theirs, not Looting/property destruction
    got = codes.acled("ASSAULT", "destroy", [_a("rioters", "CVL")], [])
    assert got == {"event_type": "Riots", "sub_event_type": "Mob violence"}
    assert codes.acled("ASSAULT", "destroy", [_a("gunmen", "UAF")], [])["sub_event_type"] == \
        "Looting/property destruction"


def test_a_movement_that_names_no_forces_or_ends_in_force_is_no_change():
    # the review's cases: weapons sent are no forces moved; forces deployed to arrest or disperse make the act the event
    for sentence in ("the United States sent weapons to the army",):
        ev = _ev("AID", "military", 0, [], [_a("the army", "MIL")], sentence=sentence)
        codes.forces_moved([ev])
        assert ev.acled["sub_event_type"] == "Other"
    for sentence in ("police were deployed to disperse protesters", "soldiers were deployed and arrested 10 men"):
        ev = _ev("MOBILIZE", "troops", 0, [_a("soldiers", "MIL")], sentence=sentence)
        ev.trigger_end = sentence.index("deployed") + len("deployed")
        codes.forces_moved([ev])
        assert ev.acled["sub_event_type"] == "Other"


@pytest.mark.parametrize("text, sub", [
    # the review's cases: a symbol burnt with property is property destroyed; a ban names what it bans first
    ("Protesters burned tyres and an effigy of the mayor in Ibadan.", "Violent demonstration"),
    ("Protesters burned an effigy of the mayor in Ibadan.", "Peaceful protest"),
])
def test_a_symbol_burnt_alone_is_no_property_destroyed(text, sub):
    from eventwire.pipeline import extract

    ann = extract(text, published="2023-07-01")
    assert sub in {(e.acled or {}).get("sub_event_type") for e in ann.events}


def test_a_ban_on_a_newspaper_is_no_ban_on_gatherings():
    from eventwire.pipeline import extract

    ann = extract("The government banned the weekly paper after it reported on protests in Bulawayo.",
                  published="2023-07-01")
    assert "Change to group/activity" not in {(e.acled or {}).get("sub_event_type") for e in ann.events}


@pytest.mark.parametrize("heading, sub", [
    ("Displacement", "Other"), ("Security measures", "Change to group/activity"),
    ("Defusal", "Disrupted weapons use"), ("Property destruction", "Looting/property destruction"),
])
def test_a_notes_own_descriptor_codes_its_events(heading, sub):
    # an ACLED note that opens with the descriptor of its code: every event of the note takes it, whatever its
    # words read as; an event of a later paragraph, and one that did not happen, keep theirs
    text = f"{heading}: On 2 May 2023, gunmen attacked a village and soldiers moved in.\n\nLater, rebels fired at a base."
    attack = _ev("ASSAULT", None, len(heading) + 2, [GUNMEN], [_a("villagers", "CVL")])
    later = _ev("ASSAULT", None, text.index("Later"), [MILITANTS], [_a("soldiers", "MIL")])
    denied = _ev("ASSAULT", None, len(heading) + 40, [MILITANTS])
    denied.attribution.status = "denied"
    before = (dict(later.acled), dict(denied.acled))
    codes.note_heading([attack, later, denied], text)
    assert attack.acled == {"event_type": "Strategic developments", "sub_event_type": sub}
    assert (later.acled, denied.acled) == before


def test_a_heading_that_is_no_descriptor_changes_nothing():
    text = "UPDATE: On 2 May 2023, gunmen attacked a village."
    attack = _ev("ASSAULT", None, 8, [GUNMEN], [_a("villagers", "CVL")])
    want = dict(attack.acled)
    codes.note_heading([attack], text)
    assert attack.acled == want


def test_a_headline_or_a_later_sentence_keeps_its_codes():
    # no date opener after the colon: a headline, not the note's descriptor
    text = "Looting: how gangs emptied the markets. On 3 May 2023, gunmen attacked a market, killing 12 traders."
    attack = _ev("ASSAULT", None, text.index("On 3"), [GUNMEN], [_a("traders", "CVL")])
    want = dict(attack.acled)
    codes.note_heading([attack], text)
    assert attack.acled == want
    # a descriptor with no date after it ("On Tuesday" is no note's opener)
    text = "Security measures: On Tuesday, police fired tear gas at protesters in Nairobi."
    fired = _ev("ASSAULT", None, 31, [_a("police", "COP")], [_a("protesters", "CVL")])
    want = dict(fired.acled)
    codes.note_heading([fired], text)
    assert fired.acled == want


def test_a_note_with_a_crowd_size_is_a_demonstration():
    # ACLED gives a size only to demonstrations: what the crowd said, with no protest read, is the protest; police
    # who detain are the intervention; violence keeps its codes, and a note with a protest already coded is unchanged
    text = "On 2 May 2023, around 200 nurses denounced unpaid wages outside the ministry. [size=around 200]"
    said = _ev("ACCUSE", None, 0, [_a("nurses", "CVL")], [_a("ministry", "GOV")], acled=None)
    held = _ev("COERCE", "arrest", 1, [_a("police", "COP")], [_a("nurses", "CVL")])
    hit = _ev("ASSAULT", None, 2, [_a("police", "COP")], [_a("nurses", "CVL")])
    hit_codes = dict(hit.acled)
    codes.note_size([said, held, hit], text)
    assert said.acled == {"event_type": "Protests", "sub_event_type": "Peaceful protest"}
    assert held.acled == {"event_type": "Protests", "sub_event_type": "Protest with intervention"}
    assert hit.acled == hit_codes
    march = _ev("PROTEST", "demo", 0, [_a("nurses", "CVL")])
    said = _ev("ACCUSE", None, 1, [_a("nurses", "CVL")], acled=None)
    codes.note_size([march, said], text)
    assert said.acled is None
    # no size tag: nothing changes
    said = _ev("ACCUSE", None, 0, [_a("nurses", "CVL")], acled=None)
    codes.note_size([said], "On 2 May 2023, nurses denounced unpaid wages.")
    assert said.acled is None
