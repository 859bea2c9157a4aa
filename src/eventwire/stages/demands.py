"""What demonstrators say is what their demonstration is about (ACLED codes the demonstration, not its words).

- `protesters_speak`: a demand, an accusation or a refusal whose speakers are named as protesters
  ("protesters demanded access to basic services", "demonstrators denounced the coup") is their protest:
  PROTEST, as ACLED codes such notes (Peaceful protest unless something else in the article makes it more).
  So is a statement told with a press conference held with banners or placards (`press_conference_with_banners`).
- `demands_follow_the_protest`: after a protest, a statement or a threat by the same people ("They criticised the builder",
  "They urged the authorities to ...") is the protest's content: it never outranks the protest itself; nor does
  their statement in the protest's own sentence ("athletes organised a protest and accused the minister"), nor a
  later statement by no state, force, court or official body (the marchers' organisation, misread names).
"""

from __future__ import annotations

import re

from eventwire.records import STATEMENT_TYPES, Event
from eventwire.stages import codes
from eventwire.wordlists import words

_WORDS = words("demands")  # data/lexicons/words/demands.yaml
_PROTESTERS = _WORDS.seq("protesters")
_BACK_REFERENCES = _WORDS.set("back_references")
_MARGIN = 0.05


def _protesters(ev: Event) -> bool:
    return bool(ev.sources) and all(any(w in a.text.lower() for w in _PROTESTERS) for a in ev.sources)


_POWER = {"GOV", "MIL", "COP", "JUD", "IGO", "LEG", "SPY"}


def _no_power(ev: Event) -> bool:
    """A statement by no state, force, court, legislature or official body: after a protest, in a report of it,
    the people who protested or their organisations (whose names the parser often misreads)."""
    return all(a.kind != "state" and a.sector not in _POWER for a in ev.sources)


_PRESS_EVENTS = _WORDS.seq("press_events")
_PROTEST_GEAR = _WORDS.set("protest_gear")


def press_conference_with_banners(sentence: str) -> bool:
    """A press conference held with banners, placards, pickets or signs (demands.yaml `press_events`,
    `protest_gear`): a demonstration, as ACLED codes it."""
    low = sentence.lower()
    return any(w in low for w in _PRESS_EVENTS) and bool(_PROTEST_GEAR & set(re.findall(r"[a-z]+", low)))


def protesters_speak(events: list[Event]) -> None:
    """Also the statement of a sentence that tells a press conference with banners (`press_conference_with_banners`:
    "candidates held a press conference with banners at the city hall, criticizing ..."): their protest, the
    sentence's main event."""
    for ev in events:
        if ev.type not in STATEMENT_TYPES or ev.attribution.status not in ("reported", "claimed"):
            continue
        press = press_conference_with_banners(ev.evidence.sentence)
        if press or _protesters(ev):
            ev.type, ev.mode = "PROTEST", "demo"
            ev.acled = codes.acled("PROTEST", "demo", ev.sources, ev.targets)
        if press:
            ev.confidence = max([ev.confidence] + [e.confidence for e in events if e.evidence.start == ev.evidence.start
                                                   and e.attribution.status not in ("negated", "hypothetical")])


# what follows a protest as its content: statements, and the warnings and threats its people voice ("marched ... and
# warned the government", "a passer-by was verbally threatened by a demonstrator"): ACLED codes the demonstration
_CONTENT_TYPES = STATEMENT_TYPES | {"THREATEN"}


def demands_follow_the_protest(events: list[Event]) -> None:
    """Also an act the protesters ask for, told in the protest's sentence ("gathered ... to call on the police to
    arrest the men", "urged authorities to arrest the chairman"): hypothetical, it never outranks the protest."""
    protests = [e for e in events if e.type == "PROTEST" and e.attribution.status not in ("negated", "hypothetical")]
    for ev in events:
        if ev.attribution.status == "hypothetical" and ev.type != "PROTEST":
            top = max((p.confidence for p in protests if p.evidence.start == ev.evidence.start), default=None)
            if top is not None and ev.confidence >= top:
                ev.confidence = max(0.05, top - _MARGIN)
        if ev.type not in _CONTENT_TYPES:
            continue
        for p in protests:
            if p.evidence.start > ev.evidence.start:
                continue
            same = {a.id for a in p.sources} & {a.id for a in ev.sources} or any(
                a.text.lower() in _BACK_REFERENCES or any(w in a.text.lower() for w in _PROTESTERS)
                for a in ev.sources) or (p.evidence.start < ev.evidence.start and _no_power(ev))
            if same and ev.confidence >= p.confidence:
                ev.confidence = max(0.05, p.confidence - _MARGIN)
