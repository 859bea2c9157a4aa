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
