"""stages/codes_violence.py: ACLED's codes of violence read over a whole article, on built records and on sentences
written for these tests (issue 12)."""

from __future__ import annotations

import pytest

from eventwire.pipeline import extract
from eventwire.records import Actor, Event, Evidence
from eventwire.stages import codes, codes_violence


def _a(text: str, sector: str | None, kind: str = "generic") -> Actor:
    return Actor(text=text, start=0, end=len(text), id=f"X:{text}", name=text, sector=sector, kind=kind)


def _ev(etype: str, mode: str | None, start: int, sources: list[Actor], sentence: str, trigger: str,
        confidence: float, acled: dict | None = None) -> Event:
    at = sentence.find(trigger)
    return Event(id=f"e{start}{trigger}", type=etype, mode=mode, trigger=trigger, trigger_start=start + max(at, 0),
                 trigger_end=start + max(at, 0) + len(trigger),
                 evidence=Evidence(sentence=sentence, start=start, end=start + len(sentence)),
                 sources=list(sources), confidence=confidence,
                 acled=acled if acled is not None else codes.acled(etype, mode, list(sources), []))


POLICE = _a("military police officers", "COP")
GANG = _a("a gang member", "REB", "armed_group")
LOOTING = {"event_type": "Strategic developments", "sub_event_type": "Looting/property destruction"}
WEAPONS = {"event_type": "Strategic developments", "sub_event_type": "Disrupted weapons use"}


def _main_event(text: str):
    """The events of `text` (published 2023-08-10) and the most confident of them."""
    events = extract(text, published="2023-08-10").events
    return events, max(events, key=lambda e: e.confidence)


@pytest.mark.parametrize("fight, fought, seizure, took, code", [
    ("A gang member exchanged fire with police officers in the Coque neighbourhood.", "exchanged",
     "The police seized a pistol, ammunition and portions of cocaine.", "seized", LOOTING),
    ("Army troops clashed with ELN guerrillas near the village of Puerto Jordan.", "clashed",
     "Soldiers confiscated rifles and explosives at the camp.", "confiscated", WEAPONS),
    ("Gunmen attacked a police patrol on the highway to Celaya.", "attacked",
     "Police seized two rifles and a vehicle.", "seized", None),
])
def test_a_seizure_told_after_a_fight_ranks_below_it(fight, fought, seizure, took, code):
    clash = _ev("ASSAULT", "firearms", 0, [GANG], fight, fought, 0.8)
    clash.targets = [POLICE]
    clash.acled = codes.acled("ASSAULT", "firearms", [GANG], [POLICE])
    taking = _ev("COERCE", "seize", len(fight) + 1, [POLICE], seizure, took, 0.9, code)
    codes_violence.seizure_follows_violence([clash, taking])
    assert taking.confidence < clash.confidence, seizure


def test_a_seizure_told_first_or_alone_or_a_burning_keeps_its_rank():
    seized = "Police seized 300 kilograms of cocaine at the port."
    fight = "Two traffickers were later shot by unknown gunmen in the town."
    first = _ev("COERCE", "seize", 0, [POLICE], seized, "seized", 0.9, LOOTING)
    later = _ev("ASSAULT", "firearms", len(seized) + 1, [_a("unknown gunmen", "UAF")], fight, "shot", 0.8)
    codes_violence.seizure_follows_violence([first, later])
    assert first.confidence == 0.9  # the seizure is told before the violence
    alone = _ev("COERCE", "seize", 0, [POLICE], seized, "seized", 0.9, LOOTING)
    codes_violence.seizure_follows_violence([alone])
    assert alone.confidence == 0.9
    burnt = "Soldiers burned the coca laboratory."
    clash = _ev("ASSAULT", "firearms", 0, [GANG], "Soldiers clashed with traffickers.", "clashed", 0.8)
    burn = _ev("ASSAULT", "destroy", 40, [_a("soldiers", "MIL")], burnt, "burned", 0.9, LOOTING)
    codes_violence.seizure_follows_violence([clash, burn])
    assert burn.confidence == 0.9  # destroying is no taking away (codes.yaml taking_words)


@pytest.mark.parametrize("text", [
    "On 9 July 2023, in Natal (Rio Grande do Norte), a robbery suspect exchanged fire with military police officers in "
    "the Felipe Camarao neighborhood. The suspect was killed. The police seized a revolver, cash and a stolen "
    "motorcycle.",
    "On 12 April 2023, in Manaus (Amazonas), armed suspects attacked military police officers during a patrol in the "
    "Compensa neighborhood. One suspect was shot and killed. Police seized a rifle and some cocaine.",
])
def test_over_an_article_the_fight_is_the_main_event_not_the_seizure(text):
    events = extract(text, published="2023-07-11").events
    top = max(events, key=lambda e: e.confidence)
    assert top.type == "ASSAULT" and top.acled["sub_event_type"] == "Armed clash", \
        [(e.trigger, e.acled, e.confidence) for e in events]


@pytest.mark.parametrize("text", [
    "On 5 March 2023, ADF militants killed 4 civilians in Mbau village (Beni, Nord-Kivu) and abducted 6 others.",
    "On 2 May 2023, gunmen kidnapped a businessman in Zaria (Kaduna), tortured him and shot him dead.",
    "On 14 June 2023, suspected bandits stormed a mosque in Gusau (Zamfara), abducted the imam and killed two "
    "worshippers.",
])
def test_an_abduction_in_which_people_are_killed_is_an_attack(text):
    # ACLED's codebook: an abduction is a taking of people without reports of further violence
    events, top = _main_event(text)
    assert top.acled == {"event_type": "Violence against civilians", "sub_event_type": "Attack"}, \
        [(e.trigger, e.acled) for e in events]


@pytest.mark.parametrize("text", [
    "On 20 January 2023, Al Shabaab militants abducted four civilians and killed a dozen of their goats near Baidoa.",
    "On 7 February 2023, gunmen abducted two teachers from a school in Kagoro (Kaduna). Their whereabouts remain "
    "unknown.",
    "On 9 March 2023, gunmen abducted a farmer near Kajuru (Kaduna); nobody was killed.",
])
def test_an_abduction_with_no_one_killed_stays_an_abduction(text):
    events, top = _main_event(text)
    assert top.acled["sub_event_type"] == "Abduction/forced disappearance", [(e.trigger, e.acled) for e in events]


@pytest.mark.parametrize("text", [
    "On 12 March 2023, in Goiania (Goias), gunmen of a rival gang shot and wounded three members of a drug "
    "trafficking group.",
    "On 20 February 2023, in Feira de Santana (Bahia), a man shot and injured two members of a criminal group in the "
    "Tomba neighborhood.",
    "On 3 January 2023, in Culiacan, Sinaloa, two alleged gang members were shot dead by unknown assailants in "
    "colonia Centro.",
])
def test_violence_on_members_of_a_criminal_group_is_an_armed_clash(text):
    # ACLED's codebook: a battle is between armed groups; gangs and drug trafficking groups are armed groups
    events, top = _main_event(text)
    assert top.acled == {"event_type": "Battles", "sub_event_type": "Armed clash"}, \
        [(e.trigger, e.acled) for e in events]


@pytest.mark.parametrize("text", [
    "On 12 March 2023, in Soyapango, gang members shot and killed a bus driver near the market.",
    "On 9 April 2023, in Tijuana, unknown gunmen shot and killed a woman, a member of a women's group, at her home.",
])
def test_members_of_a_gang_who_attack_civilians_still_attack(text):
    events, top = _main_event(text)
    assert top.acled["sub_event_type"] == "Attack", [(e.trigger, e.acled) for e in events]


def test_armed_group_victims_on_a_built_record():
    sentence = "Gunmen of a rival cartel shot and injured three members of a drug trafficking group on Sunday."
    ev = _ev("ASSAULT", "firearms", 0, [], sentence, "shot", 0.9,
             {"event_type": "Violence against civilians", "sub_event_type": "Attack"})
    codes_violence.armed_group_victims([ev])
    assert ev.acled["sub_event_type"] == "Armed clash"
    sentence = "Gunmen did not kill any drug trafficker; they shot a shopkeeper."
    ev = _ev("ASSAULT", "firearms", 0, [], sentence, "shot", 0.9,
             {"event_type": "Violence against civilians", "sub_event_type": "Attack"})
    codes_violence.armed_group_victims([ev])
    assert ev.acled["sub_event_type"] == "Attack"


@pytest.mark.parametrize("sentence, word", [
    ("A herder was badly injured in the detonation of an explosive device he picked up near the "
     "well.", "injured"),
    ("One woodcutter died and his son was wounded in the explosion of a landmine buried on a track.", "died"),
    ("A farmer was hit by a cluster bomb while grazing sheep near the settlement and died.", "hit"),
])
def test_people_hurt_by_a_devices_blast_are_remote_violence(sentence, word):
    # ACLED's codebook: Remote explosive/landmine/IED, whoever laid the device and whenever
    for etype, code in (("COERCE", {"event_type": "Strategic developments", "sub_event_type": "Other"}),
                        ("ASSAULT", {"event_type": "Violence against civilians", "sub_event_type": "Attack"})):
        ev = _ev(etype, None, 0, [], sentence, word, 0.9, dict(code))
        codes_violence.device_explosion([ev])
        assert ev.acled["sub_event_type"] == "Remote explosive/landmine/IED", (etype, sentence)


def test_a_device_defused_or_a_blast_denied_is_no_remote_violence():
    other = {"event_type": "Strategic developments", "sub_event_type": "Other"}
    for sentence in ("Police officers found an explosive device near a school and took it away.",
                     "The men were not hit by a landmine, the army said; they were shot."):
        ev = _ev("COERCE", None, 0, [], sentence, "found" if "found" in sentence else "hit", 0.9, dict(other))
        codes_violence.device_explosion([ev])
        assert ev.acled["sub_event_type"] == "Other", sentence


@pytest.mark.parametrize("text", [
    "On 14 March 2023, gunmen abducted two aid workers in Monguno (Borno), days after the killing of a local chief.",
    "On 2 April 2023, bandits kidnapped five farmers near Kajuru (Kaduna) and threatened that they would be killed "
    "if no ransom was paid.",
    "On 6 May 2023, gunmen abducted the relatives of the dead soldiers from their homes in Kagoro (Kaduna).",
])
def test_a_killing_word_that_tells_no_killing_in_the_raid_leaves_the_abduction(text):
    # a noun after a determiner, a cause, a threat: no one was killed in this abduction
    events = extract(text, published="2023-08-10").events
    assert any((e.acled or {}).get("sub_event_type") == "Abduction/forced disappearance" for e in events), \
        [(e.trigger, e.acled) for e in events]
    assert not any((e.acled or {}).get("sub_event_type") == "Attack" and e.mode == "abduct" for e in events)


def test_gang_members_hit_in_another_clause_leave_the_attack():
    # the words "killed two gang members" tell the second event, not the attack on the driver
    sentence = ("Gang members shot dead a bus driver in Soyapango, and police later killed two gang members in a "
                "raid.")
    attack = {"event_type": "Violence against civilians", "sub_event_type": "Attack"}
    ev = _ev("ASSAULT", "firearms", 0, [], sentence, "shot", 0.9, dict(attack))
    codes_violence.armed_group_victims([ev])
    assert ev.acled["sub_event_type"] == "Attack"
    ev = _ev("ASSAULT", "firearms", 0, [], sentence, "killed", 0.9, dict(attack))
    codes_violence.armed_group_victims([ev])
    assert ev.acled["sub_event_type"] == "Armed clash"


def test_a_shooting_beside_a_blast_keeps_its_code():
    # an event with a means of its own (firearms) is not the landmine's blast told in the same sentence
    sentence = "Gunmen shot dead three farmers in Kaduna, and a soldier was killed by a landmine nearby."
    attack = {"event_type": "Violence against civilians", "sub_event_type": "Attack"}
    ev = _ev("ASSAULT", "firearms", 0, [], sentence, "shot", 0.9, dict(attack))
    codes_violence.device_explosion([ev])
    assert ev.acled["sub_event_type"] == "Attack"
    ev = _ev("ASSAULT", None, 0, [], sentence, "killed", 0.9, dict(attack))
    codes_violence.device_explosion([ev])
    assert ev.acled["sub_event_type"] == "Remote explosive/landmine/IED"
