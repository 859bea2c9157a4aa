"""How many died (stages/event_tolls.py): an event ACLED codes as violence takes its sentence's toll, whatever
type the lexicon read it as. The sentences are written for these tests."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from eventwire.pipeline import extract  # noqa: E402
from eventwire.records import Attribution, Event, Evidence  # noqa: E402
from eventwire.stages.event_tolls import violent  # noqa: E402


def test_a_protest_met_with_lethal_force_counts_its_dead():
    ann = extract("On 3 June 2023, students staged a protest in Kisumu, and police shot dead two of them.",
                  published="2023-07-01")
    forced = [e for e in ann.events if (e.acled or {}).get("sub_event_type") == "Excessive force against protesters"]
    assert forced and all(e.fatalities == 2 for e in forced)


def test_a_peaceful_protest_counts_no_dead_of_its_cause():
    ann = extract("On 3 June 2023, hundreds marched in Kisumu to mourn two students who were killed last week.",
                  published="2023-07-01")
    assert all(not e.fatalities for e in ann.events if e.type == "PROTEST")


def _event(acled):
    return Event(id="x", type="PROTEST", mode=None, trigger="t", trigger_start=0, trigger_end=1,
                 evidence=Evidence(sentence="t", start=0, end=1), cameo=None, acled=acled, sources=[], targets=[],
                 location=None, date=None, quantities=[], fatalities=None, attribution=Attribution(status="reported"),
                 confidence=0.5, stage="test")


def test_which_codes_count_their_dead():
    assert violent(_event({"event_type": "Riots", "sub_event_type": "Mob violence"}))
    assert violent(_event({"event_type": "Protests", "sub_event_type": "Excessive force against protesters"}))
    assert not violent(_event({"event_type": "Protests", "sub_event_type": "Peaceful protest"}))
    assert not violent(_event(None))


@pytest.mark.parametrize("text, toll", [
    # a death noun before "of" is no part of a group: its count is the toll
    ("On 9 May 2023, soldiers raided a market in Bambari, causing the death of 14 traders.", 14),
    ("On 11 May 2023, militants ambushed a convoy near Gao, resulting in the deaths of six soldiers.", 6),
    # a part of a group is inside the count before it
    ("On 11 May 2023, militants ambushed a convoy near Gao and killed eight soldiers, three of them officers.", 8),
    # a verb joined to the one that takes the victims, dying "to death"
    ("On 11 May 2023, three villagers were dragged from their homes and beaten to death by militiamen near Bunia.", 3),
])
def test_the_toll_of_a_sentence(text, toll):
    ann = extract(text, published="2023-07-01")
    assert max(e.fatalities or 0 for e in ann.events) == toll


@pytest.mark.parametrize("text, toll", [
    # the dead of an accident, and the dead a crowd's demand is about, are no toll of the crowd's act
    ("On 4 March 2023, a mob set fire to a truck near the market in Kaduna. Earlier the truck had caused an accident "
     "in which a woman on a bicycle died.", 0),
    ("On 4 March 2023, residents burnt tyres on the highway in Nepalgunj, demanding action over the deaths of three "
     "people in a fire.", 0),
    # a relative clause about some of the hurt: only they died
    ("On 4 March 2023, two clans clashed in a village near Taiz. The clash caused the injury of 3 men, 1 of whom later "
     "died.", 1),
])
def test_no_toll_from_what_is_not_the_act(text, toll):
    ann = extract(text, published="2023-07-01")
    assert max((e.fatalities or 0 for e in ann.events), default=0) == toll


@pytest.mark.parametrize("text, toll", [
    # the review's cases: a cause word above an attack's own toll is no cause of a crowd
    ("Militants launched an attack against a checkpoint in which 4 soldiers were killed.", 4),
    ("Police opened fire at a protest in Nairobi in which three people were killed.", 3),
    # a claim of other dead adds; a claim of responsibility is no claimed figure
    ("Troops killed 12 militants in Borno, and the rebels claimed they killed 5 soldiers.", 17),
    ("Gunmen attacked a village in Zamfara, killing 4 people. Bandits claimed responsibility for the attack on the "
     "village, in which 11 people died, residents said.", 11),
    # a tally of a named group is a count of them; an accident elsewhere in the sentence is no cause of the deaths
    ("The clashes left 12 deaths among the rebels, and 3 soldiers were killed.", 15),
    ("Gunmen killed 5 people near the scene of a road accident in Kano.", 5),
])
def test_tolls_the_review_found(text, toll):
    ann = extract(text, published="2023-07-01")
    assert max((e.fatalities or 0 for e in ann.events), default=0) == toll
