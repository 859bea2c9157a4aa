"""Our own lexicons (YAML under eventwire/data/lexicons), loaded once and validated at load time."""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Annotated, Any, Optional, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

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


M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: Any, path: str) -> M:
    """`data` (read from the file `path`) validated by the pydantic `model`; a `DataError` naming the file and the
    field (e.g. "triggers.12.type") otherwise."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"]) or "(top)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise DataError(f"{where}: {err['msg']}{more}", path=path) from None


def _known_plover(v: str) -> str:
    if v not in EVENT_TYPES:
        raise ValueError(f"unknown PLOVER type {v!r}")
    return v


PloverType = Annotated[str, AfterValidator(_known_plover)]  # a data file's PLOVER event type, checked


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _TriggerEntry(_Strict):
    """One entry of events.yaml `triggers`: the senses its lemmas and nouns get."""

    lemmas: list[str] = []
    nouns: list[str] = []
    type: PloverType
    mode: Optional[str] = None
    cameo: str = ""
    # words only: YAML 1.1 reads a bare `on` as true, which matched no preposition (write "on")
    target_preps: list[str] = []
    object_kind: Optional[str] = None
    object_words: list[str] = []
    symmetric: bool = False
    weight: float = Field(0.7, ge=0.0, le=1.0)

    @field_validator("cameo", mode="before")
    @classmethod
    def _code(cls, v: Any) -> str:
        return str(v)


class _EventsFile(_Strict):
    version: Optional[int] = None
    triggers: list[_TriggerEntry] = []
    modes: dict[str, dict[str, list[str]]] = {}
    status: dict[str, list[str]] = {}


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
    data = validated(_EventsFile, load_yaml("lexicons/events.yaml") or {}, "lexicons/events.yaml")
    verbs: dict[str, list[Trigger]] = {}
    nouns: dict[str, list[Trigger]] = {}
    for entry in data.triggers:
        common = dict(type=entry.type, mode=entry.mode, cameo=entry.cameo,
                      target_preps=tuple(entry.target_preps),
                      object_kind=entry.object_kind,
                      object_words=tuple(w.lower() for w in entry.object_words),
                      symmetric=entry.symmetric,
                      weight=entry.weight)
        for lemma in entry.lemmas:
            verbs.setdefault(lemma.lower(), []).append(Trigger(**common))
        for noun in entry.nouns:
            nouns.setdefault(noun.lower(), []).append(Trigger(**common, nominal=True))
    status = {k: frozenset(v) for k, v in data.status.items()}
    modes = {t: {m: tuple(ws) for m, ws in d.items()} for t, d in data.modes.items()}
    return EventLexicon(
        verbs={k: tuple(v) for k, v in verbs.items()},
        nouns={k: tuple(v) for k, v in nouns.items()},
        modes=modes, status=status,
        max_noun_words=max((len(k.split()) for k in nouns), default=1),
    )
