"""The trained event stage: for every sentence, what the event model says (eventwire.eventmodel).

Reads the parsed sentences; writes `ann.predictions` (sentence start offset -> Prediction). The events stage then
uses them where the trigger lexicon is silent (a sentence the model says reports an event, with no trigger word
that made an event, gets one: `model_events.event_from_model`) and to code ACLED sub-event types
(`model_events.recode_acled`). The predictions are computed once per article (the parse stage may already have
asked for them to decide which sentences need NER) and never serialised: each event the model made or recoded
says so in its `stage`.
"""

from __future__ import annotations

from typing import Any

from eventwire.records import AnnotatedArticle
from eventwire.stages.stage import Stage

NAME = "eventwire.events.model.v3"  # v3: retrained with violence, strategic, protest and riot sentences (version 5 of the shipped weights)
_CACHE = "_ew_predictions"


def predictions_for(doc: Any, model: Any) -> dict[int, Any]:
    """Sentence start offset -> Prediction, computed once per Doc."""
    cached = doc.user_data.get(_CACHE)
    if cached is None:
        sents = list(doc.sents)
        cached = dict(zip((s.start_char for s in sents), model.predict([s.text for s in sents])))
        doc.user_data[_CACHE] = cached
    return cached


def run(ann: AnnotatedArticle, res: Any) -> AnnotatedArticle:
    if ann.doc is None or res.event_model is None:
        return ann
    ann.predictions = predictions_for(ann.doc, res.event_model)
    ann.stages.append(NAME)
    return ann


STAGE = Stage("event model", NAME, reads=("doc",), writes=("predictions",), run=run)
