"""Labelled sentences for the event model: the repo's own (data/training/sentences/*.jsonl, written by the team,
shipped under the project's licence) and a user's own CSV or JSONL.

Each example has a text, a PLOVER label and an ACLED label (a class name or "NONE"). A user's file needs a text
column (`text`, `sentence` or ACLED's `notes`) and at least one label column:
- `label`: a PLOVER type, an ACLED sub-event type ("Armed clash", or "Battles|Armed clash"), or NONE/none/0;
- or `plover` and/or `acled`, or ACLED's own `sub_event_type` (an ACLED export as it is).
An ACLED label gives the PLOVER type of `data/lexicons/acled_types.yaml` when no PLOVER label is given.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from pydantic import BaseModel, ConfigDict, Field, field_validator

from eventwire.errors import DataError, InputError
from eventwire.eventmodel.labels import NONE, acled_sub_events, normalise_sub_event
from eventwire.records import EVENT_TYPES

REGISTERS = ("wire", "local", "official", "ngo", "note", "headline", "social")
_NONE_WORDS = {"", "none", "null", "0", "no", "no event", "no_event"}


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    plover: str  # a PLOVER type or NONE
    acled: str  # an ACLED sub-event type or NONE
    origin: str  # file:line


class WrittenSentence(BaseModel):
    """One line of data/training/sentences/*.jsonl."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    text: str
    plover: str | None
    acled: str | None
    register_: str = Field(alias="register")
    by: str

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        if not 1 <= len(v.split()) <= 120:
            raise ValueError("a training sentence has 1 to 120 words")
        return v

    @field_validator("plover")
    @classmethod
    def _plover(cls, v: str | None) -> str | None:
        if v is not None and v not in EVENT_TYPES:
            raise ValueError(f"unknown PLOVER type {v!r}")
        return v

    @field_validator("acled")
    @classmethod
    def _acled(cls, v: str | None) -> str | None:
        if v is None:
            return v
        name = normalise_sub_event(v)
        if name is None or v.split("|")[0] != acled_sub_events()[name].event_type:
            raise ValueError(f"unknown ACLED label {v!r} (want 'Event type|Sub-event type')")
        return v

    @field_validator("register_")
    @classmethod
    def _register(cls, v: str) -> str:
        if v not in REGISTERS:
            raise ValueError(f"register must be one of {REGISTERS}")
        return v


def shipped_files() -> list[Path]:
    root = Path(str(resources.files("eventwire") / "data" / "training" / "sentences"))
    return sorted(root.glob("*.jsonl"))


def _example(text: str, plover: str | None, acled: str | None, origin: str) -> Example:
    sub = normalise_sub_event(acled) if acled else None
    if plover is None and sub is not None:
        plover = acled_sub_events()[sub].plover
    return Example(text=text.strip(), plover=plover or NONE, acled=sub or NONE, origin=origin)


def shipped_examples() -> list[Example]:
    out = []
    for path in shipped_files():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                s = WrittenSentence.model_validate_json(line)
            except ValueError as exc:
                raise DataError(f"line {n}: {exc}", path=str(path)) from exc
            out.append(_example(s.text, s.plover, s.acled, f"{path.name}:{n}"))
    return out


def _label(value: str, origin: str) -> tuple[str | None, str | None, bool]:
    """A `label` cell -> (plover, acled, is_none)."""
    v = value.strip()
    if v.lower() in _NONE_WORDS:
        return None, None, True
    if v.upper() in EVENT_TYPES:
        return v.upper(), None, False
    sub = normalise_sub_event(v)
    if sub is not None:
        return None, sub, False
    raise InputError(f"{origin}: label {value!r} is neither a PLOVER type, an ACLED sub-event type nor NONE")


def _rows(path: Path) -> Iterator[tuple[dict, str]]:
    if path.suffix.lower() in (".jsonl", ".json"):
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        row = json.loads(line)
                    except ValueError as exc:
                        raise InputError(f"{path}:{n}: not a JSON object: {exc}") from exc
                    if not isinstance(row, dict):
                        raise InputError(f"{path}:{n}: not a JSON object")
                    yield row, f"{path.name}:{n}"
    elif path.suffix.lower() in (".csv", ".tsv"):
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
            for n, row in enumerate(reader, 2):
                yield row, f"{path.name}:{n}"
    else:
        raise InputError(f"{path}: training data must be .csv, .tsv or .jsonl")


def user_examples(paths: Iterable[str | Path]) -> list[Example]:
    out = []
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise InputError(f"no such file: {path}")
        for row, origin in _rows(path):
            text = next((str(row[k]) for k in ("text", "sentence", "notes") if row.get(k)), "")
            if not text.strip():
                raise InputError(f"{origin}: no text (columns text, sentence or notes)")
            plover, acled, none = None, None, False
            if row.get("label") is not None:
                plover, acled, none = _label(str(row["label"]), origin)
            if row.get("plover"):
                plover, _, _ = _label(str(row["plover"]), origin)
            acled_cell = row.get("acled") or row.get("sub_event_type")
            if acled_cell:
                _, acled, none_a = _label(str(acled_cell), origin)
                none = none and none_a
            if plover is None and acled is None and not none:
                raise InputError(f"{origin}: no label (columns label, plover, acled or sub_event_type)")
            out.append(_example(text, plover, acled, origin))
    if not out:
        raise InputError("the training files hold no labelled rows")
    return out
