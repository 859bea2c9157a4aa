"""The label sets of the model's heads: PLOVER event types and ACLED sub-event types, with "NONE" for a sentence
that reports no event (or none that ACLED codes)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from eventwire.errors import DataError
from eventwire.lexicons import PloverType, load_yaml, validated
from eventwire.records import EVENT_TYPES

NONE = "NONE"
PLOVER_CLASSES = (NONE, *EVENT_TYPES)


@dataclass(frozen=True)
class AcledSubEvent:
    name: str
    event_type: str
    plover: str
    mode: str | None
    named: bool = False  # coded only where the sentence names the weapon (a word of its mode in events.yaml)


class _SubEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event_type: StrictStr = Field(min_length=1)
    plover: PloverType
    mode: Optional[str] = None
    named: bool = False


class _AcledTypesFile(BaseModel):
    """acled_types.yaml: ACLED sub-event type -> its event type and the PLOVER type (and mode) it maps to."""

    model_config = ConfigDict(extra="forbid")
    sub_events: dict[str, _SubEvent]


@functools.lru_cache(maxsize=1)
def acled_sub_events() -> dict[str, AcledSubEvent]:
    path = "lexicons/acled_types.yaml"
    data = validated(_AcledTypesFile, load_yaml(path) or {}, path)
    out = {name: AcledSubEvent(name, v.event_type, v.plover, v.mode, v.named) for name, v in data.sub_events.items()}
    if len(out) != 25:
        raise DataError(f"expected ACLED's 25 sub-event types, found {len(out)}", path="lexicons/acled_types.yaml")
    return out


def acled_classes() -> tuple[str, ...]:
    return (NONE, *acled_sub_events())


def normalise_sub_event(label: str) -> str | None:
    """"Protests|Excessive force against protestors" or "excessive force against protesters" -> the canonical
    name; None if it names no ACLED sub-event."""
    s = label.split("|")[-1].strip().lower().replace("protestors", "protesters")
    for name in acled_sub_events():
        if name.lower() == s:
            return name
    return None
