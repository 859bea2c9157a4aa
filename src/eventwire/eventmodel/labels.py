"""The label sets of the model's heads: PLOVER event types and ACLED sub-event types, with "NONE" for a sentence
that reports no event (or none that ACLED codes)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from eventwire.errors import DataError
from eventwire.lexicons import load_yaml
from eventwire.records import EVENT_TYPES

NONE = "NONE"
PLOVER_CLASSES = (NONE, *EVENT_TYPES)


@dataclass(frozen=True)
class AcledSubEvent:
    name: str
    event_type: str
    plover: str
    mode: str | None


@functools.lru_cache(maxsize=1)
def acled_sub_events() -> dict[str, AcledSubEvent]:
    data = load_yaml("lexicons/acled_types.yaml") or {}
    out = {}
    for name, v in (data.get("sub_events") or {}).items():
        if not isinstance(v, dict) or v.get("plover") not in EVENT_TYPES or not v.get("event_type"):
            raise DataError(f"sub-event {name!r}: needs event_type and a PLOVER type", path="lexicons/acled_types.yaml")
        out[name] = AcledSubEvent(name, v["event_type"], v["plover"], v.get("mode"))
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
