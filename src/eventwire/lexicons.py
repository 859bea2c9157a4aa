"""Our own lexicons (YAML under eventwire/data/lexicons), loaded once and validated at load time."""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from eventwire.errors import DataError
from eventwire.records import EVENT_TYPES

# full month and weekday names, lowercased ("june", "friday"): read by the time grammar, never places or names
CALENDAR_NAMES = frozenset(w.lower() for w in (*calendar.month_name[1:], *calendar.day_name))


def load_yaml(name: str) -> Any:
    """Load a data file shipped in eventwire/data (e.g. "lexicons/events.yaml")."""
    path = resources.files("eventwire") / "data" / name
    try:
        with path.open("r", encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"cannot read data file: {exc}", path=str(path)) from exc


@dataclass(frozen=True, slots=True)
class Trigger:
    """One sense of an event word."""

    type: str
    mode: str | None
    cameo: str
    target_preps: tuple[str, ...] = ()
    object_kind: str | None = None  # "place", "actor", "thing", "none" (no object), "any" or None
    object_words: tuple[str, ...] = ()
    symmetric: bool = False
    weight: float = 0.7
    nominal: bool = False


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, tuple[Trigger, ...]]  # lemma or "verb particle" -> senses
    nouns: dict[str, tuple[Trigger, ...]]  # noun lemma or multiword -> senses
    modes: dict[str, dict[str, tuple[str, ...]]]
    status: dict[str, frozenset[str]]
    max_noun_words: int

    def trigger_words(self) -> frozenset[str]:
        """Every single word that can start a trigger (for cheap sentence filtering)."""
        words = {k.split()[0] for k in self.verbs} | {k.split()[0] for k in self.nouns}
        return frozenset(words)


@functools.lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    data = load_yaml("lexicons/events.yaml")
    verbs: dict[str, list[Trigger]] = {}
    nouns: dict[str, list[Trigger]] = {}
    for i, entry in enumerate(data.get("triggers", [])):
        etype = entry.get("type")
        if etype not in EVENT_TYPES:
            raise DataError(f"trigger entry {i}: unknown PLOVER type {etype!r}", path="lexicons/events.yaml")
        unknown = set(entry) - {"lemmas", "nouns", "type", "mode", "cameo", "target_preps", "object_kind",
                                "object_words", "symmetric", "weight"}
        if unknown:
            raise DataError(f"trigger entry {i}: unknown keys {sorted(unknown)}", path="lexicons/events.yaml")
        common = dict(type=etype, mode=entry.get("mode"), cameo=str(entry.get("cameo", "")),
                      target_preps=tuple(entry.get("target_preps", ())),
                      object_kind=entry.get("object_kind"),
                      object_words=tuple(w.lower() for w in entry.get("object_words", ())),
                      symmetric=bool(entry.get("symmetric", False)),
                      weight=float(entry.get("weight", 0.7)))
        for lemma in entry.get("lemmas", ()):
            verbs.setdefault(lemma.lower(), []).append(Trigger(**common))
        for noun in entry.get("nouns", ()):
            nouns.setdefault(noun.lower(), []).append(Trigger(**common, nominal=True))
    status = {k: frozenset(v) for k, v in data.get("status", {}).items()}
    modes = {t: {m: tuple(ws) for m, ws in d.items()} for t, d in data.get("modes", {}).items()}
    return EventLexicon(
        verbs={k: tuple(v) for k, v in verbs.items()},
        nouns={k: tuple(v) for k, v in nouns.items()},
        modes=modes, status=status,
        max_noun_words=max((len(k.split()) for k in nouns), default=1),
    )
