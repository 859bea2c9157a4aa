"""Quantities: counted nouns, bounds, deaths and injuries, from the dependency parse."""

from __future__ import annotations

import pytest

from eventwire.stages.parse import load_nlp
from eventwire.stages.quantities import find_quantities, word_number


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _q(nlp, text):
    return [(q.what, q.min, q.max, q.killed, q.wounded) for q in find_quantities(nlp(text))]


@pytest.mark.parametrize("words,value", [(["300"], 300), (["1,200"], 1200), (["two"], 2), (["twenty-five"], 25),
                                         (["three", "hundred"], 300), (["fighters"], None)])
def test_word_number(words, value):
    assert word_number(words) == value


def test_bounds_and_vague_counts(nlp):
    assert ("fighter", 300, None, False, False) in _q(nlp, "At least 300 fighters crossed the border.")
    assert ("fighter", 200, 999, False, False) in _q(nlp, "Hundreds of fighters crossed the border.")
    assert ("people", 1201, None, True, False) in _q(nlp, "More than 1,200 people died.")
    assert ("protester", None, 50, False, False) in _q(nlp, "Up to 50 protesters were detained.")


def test_deaths_and_injuries_follow_their_own_verb(nlp):
    got = _q(nlp, "A bomber blew himself up, killing five officers and wounding 14 others.")
    assert ("officer", 5, 5, True, False) in got
    assert ("other", 14, 14, False, True) in got
    assert ("soldier", 2, 2, False, True) in _q(nlp, "Two soldiers were wounded.")
    assert ("people", 24, 99, True, False) in _q(nlp, "Dozens were killed in the attack.")


def test_one_death_without_a_number(nlp):
    assert ("official", 1, 1, True, False) in _q(nlp, "An Israeli drone struck a car, killing a Hamas official.")


@pytest.mark.parametrize("text,what", [
    ("Gunmen shot and killed a taxi driver in the market.", "driver"),          # the object of "shot and killed"
    ("A man was shot and killed by four armed individuals.", "man"),            # the passive subject of both
    ("Soldiers shot dead the head of the local council.", "head"),              # "shot dead"
    ("A man suspected of theft was stabbed to death by a crowd.", "man"),       # "to death"
    ("He was killed in the attack.", "person"),                                 # a pronoun for one person
    ("The victim died at the scene.", "victim"),                                # the subject of dying
    ("Militants beheaded a villager and abducted his wife.", "villager"),       # only the one beheaded
])
def test_one_death_from_any_verb_that_kills(nlp, text, what):
    got = [q for q in _q(nlp, text) if q[3]]
    assert got == [(what, 1, 1, True, False)]


@pytest.mark.parametrize("text,what,words", [
    # the parser hangs the phrase's "a" on a word before the noun: the phrase still names one person
    ("Gunmen shot and killed a right to food campaigner in the village.", "campaigner", "a right to food campaigner"),
    ("Attackers stabbed to death a Lagos State House of Assembly member.", "member",
     "a Lagos State House of Assembly member"),
    # one person of a people, named by the nationality alone
    ("Soldiers fired live rounds, and a Palestinian was killed.", "person", "a Palestinian"),
])
def test_one_death_when_the_determiner_opens_a_longer_phrase(nlp, text, what, words):
    assert [(q.what, q.min, q.text) for q in find_quantities(nlp(text)) if q.killed] == [(what, 1, words)]


def test_one_death_of_a_people_without_ner(nlp):
    # NER does not run on every sentence (parse.NerSentences): the state's demonyms name one person of a people
    doc = nlp("Police said a Syrian was shot dead at the crossing.", disable=["ner"])
    assert [q.min for q in find_quantities(doc, demonyms=frozenset({"syrian"})) if q.killed] == [1]
    assert [q for q in find_quantities(doc) if q.killed] == []


def test_who_kills_is_not_counted_dead(nlp):
    # the subject of a transitive verb of violence did it; ACLED counts the dead, not the attackers
    assert [q[:4] for q in _q(nlp, "Two soldiers killed three militants near the border.")] == [
        ("soldier", 2, 2, False), ("militant", 3, 3, True)]
    assert [q[0] for q in _q(nlp, "Five gunmen killed a farmer.") if q[3]] == ["farmer"]
    # a count that was shot and killed, or shot dead, is dead
    assert ("member", 1, 1, True, False) in _q(nlp, "1 former police member was shot and killed by gunmen.")
    assert [q[3] for q in _q(nlp, "Two Taliban fighters were shot dead in Jalalabad.")] == [True]


def test_one_death_per_person_named(nlp):
    assert [q[1] for q in _q(nlp, "Gunmen killed a father and his son.") if q[3]] == [1, 1]
    # the son was wounded, not killed; a bill killed is no death
    assert [q[0] for q in _q(nlp, "Three gunmen shot and killed a father and injured his son.") if q[3]] == ["father"]
    assert [q for q in _q(nlp, "The Senate killed the bill on Tuesday.") if q[3]] == []


def test_times_are_not_counts(nlp):
    doc = nlp("Missiles struck Kyiv on December 31, killing one person.")
    skip = {t.i for t in doc if t.text in ("December", "31")}
    assert all(q.what != "december" and q.min != 31 for q in find_quantities(doc, skip))


def test_hyphenated_number_words_the_tokenizer_splits(nlp):
    # "Twenty-one" is three tokens ("Twenty", "-", "one"); read as one number, never as "one people"
    assert ("people", 21, 21, True, False) in _q(nlp, "Twenty-one people were killed when a drone struck a market.")
    assert ("protester", 35, None, False, False) in _q(nlp, "At least thirty-five protesters were arrested.")
    assert ("tank", 25, 25, False, False) in _q(nlp, "Twenty - five tanks moved to the border.")
    assert _q(nlp, "The two-day strike ended.") == []  # a compound adjective is no count


def test_a_coordinated_clause_counts_by_its_own_verb(nlp):
    got = _q(nlp, "The army said 8 militants were killed and two motorbikes and a pickup were destroyed.")
    assert ("militant", 8, 8, True, False) in got and ("motorbike", 2, 2, False, False) in got
    assert ("protester", 3, 3, True, False) in _q(nlp, "Troops opened fire and three protesters died.")
    assert ("people", 12, 12, True, False) in _q(nlp, "Gunmen stormed the village and 12 people were killed.")
    assert ("civilian", 3, 3, True, False) in _q(nlp, "Five soldiers and three civilians were killed.")


@pytest.mark.parametrize("text, what, lo, hi", [
    # a range of figures: its lower figure is the min, which the death toll counts (ACLED codes the lowest)
    ("Raiders killed 12 to 20 herders near the river.", "herder", 12, 20),
    ("Raiders killed between 12 to 20 herders near the river.", "herder", 12, 20),
    ("Raiders killed between 12 and 20 herders near the river.", "herder", 12, 20),
    ("Raiders killed 12-20 herders near the river.", "herder", 12, 20),
    ("In the raids, 6 - 9 herders were killed.", "herder", 6, 9),
    ("Two or three herders were killed when the raiders came.", "herder", 2, 3),
])
def test_a_range_reads_both_figures(nlp, text, what, lo, hi):
    got = _q(nlp, text)
    assert (what, lo, hi, True, False) in got
    assert not any(q[1] == q[2] == hi for q in got)  # the upper figure is not a count of its own


def test_a_change_of_a_figure_is_no_range(nlp):
    got = _q(nlp, "The death toll from the floods rose from 30 to 45 overnight.")
    assert not any(q[1] == 30 for q in got)
    assert not any((q[1], q[2]) == (5, 3) for q in _q(nlp, "The council backed the plan by 5-3 after two died."))


def test_a_later_conjunct_shares_the_first_ones_dead(nlp):
    got = _q(nlp, "Gunmen shot dead four guards and two drivers at the depot.")
    assert ("guard", 4, 4, True, False) in got and ("driver", 2, 2, True, False) in got


def test_a_tally_sums_up_the_named_dead_rather_than_adding_to_them(nlp):
    from eventwire.stages.event_tolls import death_toll

    doc = nlp("Gunmen shot and killed a shopkeeper outside his store on Friday, 1 fatality.")
    killed = [q for q in find_quantities(doc) if q.killed]
    assert death_toll(killed) == 1
    doc = nlp("Two guards and a driver were killed in the ambush, three deaths in all.")
    assert death_toll([q for q in find_quantities(doc) if q.killed]) == 3
    doc = nlp("Two guards were killed and a driver died later: one death in the hospital.")
    assert death_toll([q for q in find_quantities(doc) if q.killed]) == 3  # the named dead outnumber the tally


def test_a_part_of_a_group_and_a_killing_of_are_deaths(nlp):
    got = _q(nlp, "Soldiers killed a rebel commander and 12 of his fighters in the hills.")
    assert ("fighter", 12, 12, True, False) in got
    assert ("guard", 1, 1, True, False) in _q(nlp, "The raid ended in the killing of one guard.")


def test_killed_or_wounded_is_no_count_of_the_dead(nlp):
    assert ("rebel", 9, 9, False, True) in _q(nlp, "Nine rebels were killed or wounded in the fighting.")
    assert ("fighter", 7, 7, False, True) in _q(nlp, "The strikes killed or injured seven fighters.")
    assert ("rebel", 3, 3, True, False) in _q(nlp, "Three rebels were killed and two were wounded in the fighting.")


def test_animals_are_no_dead_and_lost_lives_are(nlp):
    assert ("head", 30, 30, False, False) in _q(nlp, "Bandits killed 30 heads of cattle near the river.")
    got = _q(nlp, "Bandits shot dead 15 sheep and one herder near the river.")
    assert ("sheep", 15, 15, False, False) in got and ("herder", 1, 1, True, False) in got
    assert ("miner", 4, 4, True, False) in _q(nlp, "Four miners lost their lives when the shaft was bombed.")


def test_the_object_of_a_verb_of_its_own_is_no_dead(nlp):
    got = _q(nlp, "Gangs stormed the town, killing at least 12 people and freeing hundreds of inmates.")
    assert ("people", 12, None, True, False) in got
    assert not any(q[0] == "inmate" and q[3] for q in got)


def test_a_count_with_a_wounding_word_of_its_own_is_no_dead(nlp):
    got = _q(nlp, "At least nine were killed in the car bombing and over 20 injured, medics said.")
    assert ("people", 9, None, True, False) in got
    assert not any(q[3] for q in got if q[1] == 21)  # "over 20 injured": wounded, not dead


def test_the_dead_an_act_left_count(nlp):
    assert ("people", 6, 6, True, False) in _q(nlp, "The raid left 6 dead and 11 injured, a medic said.")
    assert ("people", 4, 4, True, False) in _q(nlp, "Fighting between the clans left four dead on Tuesday.")


def test_a_count_inside_the_subject_of_a_killing_is_who_killed(nlp):
    got = _q(nlp, "A group of 20 gunmen killed three villagers near the river.")
    assert ("gunman", 20, 20, False, False) in got and ("villager", 3, 3, True, False) in got
    assert ("commando", 40, 40, False, False) in _q(nlp, "A unit of 40 commandos wounded 3 rebels.")
    # a count inside the subject of another verb keeps its own reading
    assert ("soldier", 12, 12, True, False) in _q(nlp, "The deaths of 12 soldiers shocked the town.")


def test_a_capitalised_title_is_one_person_killed(nlp):
    doc = nlp("Soldiers killed a Lieutenant Colonel of the brigade and 30 of his men near the bridge.")
    got = [(q.min, q.killed) for q in find_quantities(doc)]
    assert (30, True) in got and (1, True) in got
    assert not any(q.killed for q in find_quantities(nlp("Police arrested a Colonel in the capital.")))


def test_a_noun_of_its_own_in_a_conjunct_stops_the_dead_of_the_first(nlp):
    got = _q(nlp, "The floods led to the deaths of 9 and the displacement of hundreds.")
    assert any(q[1] == 9 and q[3] for q in got)
    assert not any(q[3] for q in got if q[1] == 200)  # "hundreds" displaced, not dead


def test_the_hurt_who_later_died_are_dead(nlp):
    # a wounding word on the count, but its own verb is one of dying (the review's case)
    assert ("people", 3, 3, True, False) in _q(nlp, "Three people injured in the bombing died in hospital on Friday.")
    assert ("soldier", 2, 2, True, False) in _q(nlp, "Two soldiers wounded in the ambush died the next day.")


def test_a_count_of_the_hurt_is_no_dead(nlp):
    got = _q(nlp, "The blast left four dead and 15 hurt near the depot.")
    assert any(q[1] == 4 and q[3] for q in got)
    assert not any(q[3] for q in got if q[1] == 15)


def test_a_headlines_count_of_the_dead_or_hurt(nlp):
    assert ("people", 4, 4, True, False) in _q(nlp, "Four dead in clashes over grazing land near Jos")
    assert ("people", 6, 6, False, True) in _q(nlp, "Six injured as police fire tear gas at traders in Accra")
    assert not _q(nlp, "Ten arrested after the riot in Leicester")
