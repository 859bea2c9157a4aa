"""stages/demands.py: what demonstrators say is the content of their demonstration, on built events and end to
end."""

from __future__ import annotations

from eventwire.pipeline import extract
from eventwire.records import Actor, Event, Evidence
from eventwire.stages.demands import demands_follow_the_protest, protesters_speak


def _ev(etype: str, start: int, conf: float, *sources: str) -> Event:
    return Event(id=f"e{start}", type=etype, mode=None, trigger="x", trigger_start=start, trigger_end=start + 1,
                 evidence=Evidence(sentence="s", start=start, end=start + 10), confidence=conf,
                 sources=[Actor(text=s, start=start, end=start + len(s), id=f"a:{s}", name=s) for s in sources])


def test_a_demand_by_protesters_is_their_protest():
    ev = _ev("REQUEST", 0, 0.8, "protesters")
    other = _ev("REQUEST", 20, 0.8, "the ministry")
    protesters_speak([ev, other])
    assert ev.type == "PROTEST" and ev.acled["event_type"] == "Protests"
    assert other.type == "REQUEST"


def test_what_they_say_after_the_protest_never_outranks_it():
    protest = _ev("PROTEST", 0, 0.8, "residents")
    said = _ev("ACCUSE", 50, 0.9, "They")
    unrelated = _ev("ACCUSE", 80, 0.9, "the governor")
    unrelated.sources[0].sector = "GOV"  # as the actors stage types a governor (sectors.yaml)
    demands_follow_the_protest([protest, said, unrelated])
    assert said.confidence < protest.confidence and unrelated.confidence == 0.9


def test_end_to_end_the_protest_is_the_main_event():
    ann = extract("On 2 May 2023, members of a tenants' association held a press conference with banners outside "
                  "the city council in Daegu. They denounced the council's decision to delay the housing plan.",
                  published="2023-05-06")
    main = max(ann.events, key=lambda e: e.confidence)
    assert main.type == "PROTEST" and main.acled["sub_event_type"] == "Peaceful protest"


def test_their_statement_in_the_protest_sentence_never_outranks_it():
    protest = _ev("PROTEST", 0, 0.8, "athletes")
    said = _ev("ACCUSE", 0, 0.99, "athletes")
    other = _ev("ACCUSE", 0, 0.99, "the minister")
    demands_follow_the_protest([protest, said, other])
    assert said.confidence < protest.confidence and other.confidence == 0.99


def test_after_a_protest_a_statement_by_no_official_body_is_its_content():
    # "They criticised ..." read as spoken by an office the parser took for a name: still the marchers' words
    protest = _ev("PROTEST", 0, 0.8, "members")
    said = _ev("ACCUSE", 60, 0.9, "the KFEM Office")
    ministry = _ev("ACCUSE", 90, 0.9, "the ministry")
    ministry.sources[0].sector = "GOV"
    demands_follow_the_protest([protest, said, ministry])
    assert said.confidence < protest.confidence and ministry.confidence == 0.9
