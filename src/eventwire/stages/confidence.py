"""The confidence of a lexicon event, with its weights named in one place.

An event starts from its sense's weight in the event lexicon (data/lexicons/events.yaml, `weight`) and gains or
loses for what the text gives it; the result is kept within [FLOOR, CEILING]. Part of the events stage
(`events.NAME`): a change of a weight changes that stage's output and bumps its version.
"""

from __future__ import annotations

WITH_SOURCE = 0.1  # someone acts: the slot filling found a source
WITHOUT_SOURCE = -0.15  # nobody acts (an agentless passive, an event the model found): less sure
SLOT_TARGET = 0.05  # an argument slot names the target (not the recipient fallback)
WITH_PLACE = 0.05  # the event has a place
LEAD_SENTENCE = 0.05  # wire copy states its main fact in the lead sentence
BACKGROUND_PENALTY = 0.3  # an event recoded as background (violence named inside a protest's own words)
FLOOR = 0.05
CEILING = 0.99


def event_confidence(weight: float, *, has_source: bool, slot_target: bool, has_place: bool, lead: bool) -> float:
    """The confidence of an event whose sense weighs `weight` in the lexicon."""
    conf = weight + (WITH_SOURCE if has_source else WITHOUT_SOURCE) + (SLOT_TARGET if slot_target else 0) + (
        WITH_PLACE if has_place else 0)
    if lead:
        conf += LEAD_SENTENCE
    return max(FLOOR, min(conf, CEILING))
