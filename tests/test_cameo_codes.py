"""CAMEO codes the events stage gives (sentences written for these tests, several per rule): an appeal is CAMEO 02,
a demand 10; denying a charge 016; property handed back 0842; refugees taken in 075; a restriction undone 085;
donor aid stopped 162; an event a rule retyped takes its type's root; police acts in lower-case Indian wire copy."""

from __future__ import annotations

import pytest

from eventwire.pipeline import extract
from eventwire.stages import codes


def events(text):
    return [(e.type, e.cameo or "") for e in extract(text, published="2021-03-04").events]


def roots(text):
    return {(t, c[:2]) for t, c in events(text)}


@pytest.mark.parametrize("text", [
    "The foreign minister urged Kenya to reopen the border crossing.",
    "The bishops called on the army to respect the election result.",
    "Norway asked the Security Council to extend the mission in South Sudan.",
])
def test_an_appeal_is_cameo_02(text):
    assert ("REQUEST", "02") in roots(text)


@pytest.mark.parametrize("text", [
    "The opposition demanded the release of the detained journalists.",
    "Ghana's president said Togo must hand over the suspects.",
])
def test_a_demand_is_cameo_10(text):
    assert ("REQUEST", "10") in roots(text)


@pytest.mark.parametrize("text", [
    "The interior ministry denied charges that it tortured detainees in Harare.",
    "The Peruvian general rejected accusations that his troops burned villages.",
    "The ruling party dismissed allegations of vote rigging in Lagos.",
])
def test_denying_a_charge_is_cameo_016_not_a_rejection(text):
    assert ("REJECT", "01") in roots(text)


def test_rejecting_a_proposal_stays_cameo_12():
    assert ("REJECT", "12") in roots("Russia rejected the peace proposal put forward by Turkey.")


@pytest.mark.parametrize("text", [
    "The United States returned a stolen painting to the government of Italy.",
    "France returned 26 royal statues to Benin on Tuesday.",
    "Germany handed back looted bronzes to the Nigerian government.",
])
def test_property_handed_back_is_cameo_0842(text):
    assert ("RETREAT", "0842") in events(text)


@pytest.mark.parametrize("text", [
    "Croatia has opened its borders to refugees from Serbia.",
    "Uganda accepted 2,000 refugees from South Sudan last month.",
    "Canada resettled 300 Afghan refugees in Toronto.",
])
def test_refugees_taken_in_are_aid(text):
    assert ("AID", "07") in roots(text)


@pytest.mark.parametrize("text", [
    "The United States reduced tariffs on Chinese steel.",
    "The European Union lifted the arms embargo on Vietnam.",
    "Japan scrapped duties on rice imports from Thailand.",
])
def test_a_restriction_undone_is_cameo_08(text):
    assert ("CONCEDE", "08") in roots(text)


@pytest.mark.parametrize("text", [
    "Canada suspended its military aid to Honduras last week.",
    "Sweden cut humanitarian aid to the Zimbabwean government.",
    "The World Bank halted funding to Mali after the coup.",
])
def test_donor_aid_stopped_is_sanction_16(text):
    assert ("SANCTION", "16") in roots(text)


def test_a_retyped_event_takes_its_types_root():
    assert codes.cameo("REQUEST", None, "043", "CONSULT") == "100"  # "X must mediate": a demand
    assert codes.cameo("AGREE", None, "0841", "RETREAT") == "030"  # "will release": a promise
    assert codes.cameo("CONSULT", None, "043", "CONSULT") == "043"  # not retyped: the word's code
    assert codes.cameo("ASSAULT", "aerial", "190", "ASSAULT") == "195"  # the mode's code first


@pytest.mark.parametrize("text,mode", [
    ("the police lathi-charged the mob near the station.", "crowd-control"),
    ("police lathicharged the protesters outside the collectorate.", "crowd-control"),
    ("the police resorted to lathi-charge to disperse the crowd.", "crowd-control"),
    ("the police resorted to firing to disperse the mob.", "firearms"),
])
def test_police_force_in_lower_case_copy(text, mode):
    got = [e for e in extract(text, published="2002-03-01").events if e.type == "ASSAULT"]
    assert any(e.mode == mode and any(a.sector == "COP" for a in e.sources) for e in got), got


def main_root(text):
    """The CAMEO root of the sentence's most confident event that is not negated (the CAMEO scorer's main event)."""
    evs = [e for e in extract(text, published="2021-03-04").events if e.attribution.status != "negated"]
    return max(evs, key=lambda e: e.confidence).cameo[:3] if evs else None


@pytest.mark.parametrize("text", [
    "Japan is considering sending aid to the flooded provinces of Peru.",
    "The Dutch government is considering giving money to farmers hit by the drought.",
    "Brazil will consider sending food aid to Haiti, its foreign minister said.",
])
def test_an_act_considered_is_cameo_014(text):
    assert main_root(text) == "014"


@pytest.mark.parametrize("text", [
    "The rebel group claimed responsibility for the ambush near the river crossing.",
    "A militia in Ituri claimed responsibility for the raid on the army camp.",
    "The militia claimed that they had attacked an army convoy on the highway.",
])
def test_an_act_its_actor_claims_is_cameo_015(text):
    assert main_root(text) == "015"


@pytest.mark.parametrize("text", [
    "Police claimed that the rebels had attacked a village near the border.",
    "The army said it killed 20 militants in the northern hills.",
])
def test_a_claim_by_someone_else_or_a_plain_report_keeps_the_acts_code(text):
    assert main_root(text)[:2] == "19"


@pytest.mark.parametrize("text", [
    "Ecuador's president expressed condolences to relatives of the miners killed in the blast.",
    "The king sent a condolence message to the president of Chile after the earthquake killed 30 people.",
    "The prime minister offered his sympathy to the people of Nepal after floods killed 50 villagers.",
])
def test_condolences_are_cameo_018(text):
    assert main_root(text) == "018"


@pytest.mark.parametrize("text", [
    "Rebels violated the ceasefire twice on Sunday near Donetsk.",
    "Government troops breached the truce in the eastern hills on Friday.",
    "Militiamen violated the ceasefire agreement near the airport.",
])
def test_a_ceasefire_violated_is_cameo_196(text):
    assert ("ASSAULT", "196") in events(text)


@pytest.mark.parametrize("text", [
    "Russia launched cyber warfare against Estonia.",
    "Iranian hackers launched cyber attacks on Saudi oil firms.",
])
def test_cyber_warfare_is_cameo_176(text):
    assert ("COERCE", "176") in events(text)


@pytest.mark.parametrize("text", [
    "Chile and Bolivia failed to reach an agreement on the water dispute after two days of talks.",
    "The two delegations failed to reach a deal on fishing quotas.",
    "Bus drivers in Nairobi will not end their strike until the city pays overdue wages, their union said.",
    "The teachers' union said it will not call off the boycott of the exams.",
])
def test_failed_agreements_and_protests_that_will_not_end_are_cameo_12(text):
    assert main_root(text)[:2] == "12"


def test_other_violations_are_no_ceasefire_violated():
    got = events("Students marched against human rights violations by the security forces in Quito.")
    assert ("ASSAULT", "196") not in got


@pytest.mark.parametrize("text", [
    "The Karen rebels declared a unilateral ceasefire on Monday.",
    "The president announced a three-day truce over the holiday.",
    "The army declared a ceasefire in the northern districts after the earthquake.",
])
def test_a_declared_ceasefire_is_cameo_0871(text):
    got = [e for e in extract(text, published="2021-03-04").events if e.type == "CONCEDE"]
    assert got and got[0].cameo == "0871"
    assert got[0].acled == {"event_type": "Strategic developments", "sub_event_type": "Agreement"}


def test_a_ceasefire_agreed_stays_an_agreement():
    assert ("AGREE", "03") in roots("The government and the rebels agreed a ceasefire in Geneva.")


@pytest.mark.parametrize("text", [
    "Vietnam agreed on Tuesday to lift its ban on beef imports from Brazil.",
    "Peru and Chile have agreed to hold joint naval exercises next year.",
    "The rebels agreed to release 40 hostages on Monday.",
])
def test_an_act_agreed_to_is_cameo_03(text):
    assert main_root(text)[:2] == "03"


@pytest.mark.parametrize("text", [
    "A court in Lagos convicted 12 militants of terrorism.",
    "A military tribunal sentenced the former minister to ten years in prison.",
])
def test_a_conviction_is_cameo_116(text):
    assert ("SANCTION", "116") in events(text)


@pytest.mark.parametrize("text", [
    "Norway gave Malawi's health ministry new funds to fight cholera.",
    "Soldiers were deployed to battle the wildfires in the north.",
    "Sweden sent engineers to help Chad fight the drought.",
])
def test_fighting_a_disease_or_disaster_is_no_assault(text):
    assert not any(t == "ASSAULT" for t, _ in events(text))


def test_fighting_an_armed_side_stays_an_assault():
    assert ("ASSAULT", "19") in roots("Rebels fought the army near the town for three hours.")


@pytest.mark.parametrize("text", [
    "Japan dispatched rescue teams to the earthquake zone in Turkey.",
    "Germany has sent doctors and equipment to Guinea.",
    "Cuba sent 200 nurses to Angola during the outbreak.",
])
def test_medical_and_rescue_teams_sent_are_aid_073(text):
    assert ("AID", "073") in events(text)


@pytest.mark.parametrize("text,code", [
    ("The mayor filed a lawsuit against the ministry over the dam.", "115"),
    ("Turkey lodged a formal complaint with the Greek ambassador over the incident.", "114"),
    ("Pakistan summoned the French ambassador to complain about the cartoons.", "114"),
])
def test_lawsuits_and_official_complaints_are_accusations(text, code):
    assert ("ACCUSE", code) in events(text)


@pytest.mark.parametrize("text", [
    "Uganda's army on Friday rejected accusations by Kenya that it shelled a border town.",
    "The ruling party strongly rejected allegations by the opposition that it bought votes.",
])
def test_rejected_accusations_are_a_denial_016(text):
    assert main_root(text) == "016"


@pytest.mark.parametrize("text", [
    "Farmers' leaders in Iowa said they agree with the governor that the new tariffs hurt exports.",
    "The cabinet agreed with the auditors that the pension law needs changes.",
    "Both leaders said they agree with the proposal.",
])
def test_agreeing_with_a_view_is_cameo_019(text):
    assert main_root(text) == "019"


@pytest.mark.parametrize("text", [
    "Peru agreed with Chile to reopen the border crossing.",
    "The government agreed with the rebels on a truce.",
])
def test_agreeing_with_someone_on_an_act_stays_cameo_03(text):
    assert main_root(text)[:2] == "03"


@pytest.mark.parametrize("text", [
    "Slovenia established diplomatic ties with Fiji last week.",
    "Indonesia established diplomatic relations with Nauru in March.",
])
def test_diplomatic_ties_established_are_support_054(text):
    assert ("SUPPORT", "054") in events(text)


@pytest.mark.parametrize("text", [
    "Peru and Chile held naval drills off the coast of Arica.",
    "India staged a war game with French forces in Rajasthan.",
])
def test_an_exercise_of_two_countries_is_cooperation_062(text):
    assert ("COOPERATE", "062") in events(text)


def test_one_countrys_drill_stays_mobilize():
    assert ("MOBILIZE", "15") in roots("China held military drills near Taiwan on Monday.")


@pytest.mark.parametrize("text", [
    "Finland announced the suspension of its aid to Guinea after the coup.",
    "Sweden announced the suspension of its aid programme in Mali.",
])
def test_a_suspension_of_aid_is_sanction_162(text):
    assert ("SANCTION", "162") in events(text)


@pytest.mark.parametrize("text", [
    "Sudan expelled 20 humanitarian workers from Darfur.",
    "The government expelled aid workers from the north.",
])
def test_aid_workers_expelled_are_sanction_1663(text):
    assert ("SANCTION", "1663") in events(text)


def test_a_suspended_season_is_no_sanction():
    assert not any(t == "SANCTION" for t, _ in events("The league announced a suspension of the season."))


@pytest.mark.parametrize("text", [
    "Norway gave $5 million to Malawi for its clinics.",
    "Kuwait sent $20 million to Yemen last year.",
])
def test_money_given_is_aid_07(text):
    assert ("AID", "07") in roots(text)


@pytest.mark.parametrize("text", [
    # what people agree happened stays reported (only an act agreed to is not yet done)
    "Witnesses agreed that soldiers killed five villagers near Menaka.",
    "Most observers agree the drone strike killed 12 people in Marib.",
])
def test_agreeing_that_something_happened_keeps_it_reported(text):
    from eventwire.pipeline import extract

    ann = extract(text, published="2023-07-01")
    assert any(e.type == "ASSAULT" and e.attribution.status == "reported" for e in ann.events)
