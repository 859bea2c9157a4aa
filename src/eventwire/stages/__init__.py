"""The stages, in the order they run. Each is a module that exports `STAGE = Stage(name, version, reads, writes,
run)` (stages/stage.py); `eventwire.pipeline.Pipeline` is built from `STAGES` and checks every stage's reads
against the writes of the stages before it. Importing this package loads no model (each stage takes what it needs
from the pipeline's `Resources`).

    parse -> actors -> places -> times -> quantities -> event model -> events -> relations
"""

from __future__ import annotations

from eventwire.stages import actors, event_model, events, parse, places, quantities, relations, times
from eventwire.stages.stage import Stage

STAGES: tuple[Stage, ...] = (
    parse.STAGE,
    actors.STAGE,
    places.STAGE,
    times.STAGE,
    quantities.STAGE,
    event_model.STAGE,
    events.STAGE,
    relations.STAGE,
)

__all__ = ["STAGES", "Stage"]
