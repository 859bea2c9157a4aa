"""ACLED's sub-event type told by the label an ACLED note opens with.

ACLED's notes of strategic developments open with a label of the development's kind ("Movement of forces: On 9 June
2022, in Maungdaw town, two military vehicles deployed 100 troops", "Security measures: On 31 May 2022, the government
of Kenya extended a dusk-to-dawn curfew", "Property destruction: ..."); the label is the note's own coding, and the
events of the paragraph it opens take the sub-event type it names (data/lexicons/words/codes.yaml, note_labels). The
words of such notes often read as something else: a patrol that "took place" as a taking, a curfew or a ban as
coercion ("Other"), a deployment as aid. Text without such a label is left alone.
"""

from __future__ import annotations

import re

from eventwire.eventmodel.labels import acled_sub_events
from eventwire.wordlists import words

_LABELS = {str(k): str(v) for k, v in words("codes").map("note_labels").items()}
_LABEL = re.compile(r"\s*([A-Z][A-Za-z /-]{1,40}?)\s*:\s")
_DEAD = ("negated", "hypothetical")


def note_label(text: str) -> tuple[str, int] | None:
    """The sub-event type the label at the start of `text` names, and the end of the paragraph it opens."""
    m = _LABEL.match(text)
    sub = _LABELS.get(m.group(1).lower()) if m else None
    if sub is None:
        return None
    end = text.find("\n\n")
    return sub, len(text) if end < 0 else end


def labelled_note(events: list, text: str) -> None:
    """Every live event of the paragraph a note label opens is coded with the label's ACLED sub-event type."""
    found = note_label(text)
    if found is None:
        return
    sub, end = found
    pair = {"event_type": acled_sub_events()[sub].event_type, "sub_event_type": sub}
    for e in events:
        if e.evidence.start < end and e.attribution.status not in _DEAD:
            e.acled = dict(pair)
