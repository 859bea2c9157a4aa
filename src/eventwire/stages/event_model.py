"""The trained event stage: for every sentence, what the event model says (eventwire.eventmodel).

Reads the parsed sentences; writes `ann.predictions` (sentence start offset -> Prediction). The events stage then
uses them where the trigger lexicon is silent (a sentence the model says reports an event, with no trigger word
that made an event, gets one: `model_events.event_from_model`) and to code ACLED sub-event types
(`model_events.recode_acled`). The predictions are computed once per article (the parse stage may already have
asked for them to decide which sentences need NER) and never serialised: each event the model made or recoded
says so in its `stage`.
"""

from __future__ import annotations

import functools
from typing import Any

from eventwire.eventmodel.labels import acled_sub_events
from eventwire.lexicons import event_lexicon
from eventwire.records import AnnotatedArticle
from eventwire.stages.stage import Stage
from eventwire.stages.triggers import names_any

NAME = "eventwire.events.model.v4"  # v4: a sub-event type defined by its weapon (Chemical weapon) only where the
# sentence names it (acled_types.yaml `named`); v3: retrained with violence, strategic, protest and riot sentences (version 5 of the shipped weights)
_CACHE = "_ew_predictions"


def predictions_for(doc: Any, model: Any) -> dict[int, Any]:
    """Sentence start offset -> Prediction, computed once per Doc."""
    cached = doc.user_data.get(_CACHE)
    if cached is None:
        sents = list(doc.sents)
        texts = [s.text for s in sents]
        cached = dict(zip((s.start_char for s in sents), model.predict(texts, exclude=[unnamed(t) for t in texts])))
        doc.user_data[_CACHE] = cached
    return cached


@functools.lru_cache(maxsize=1)
def _named_weapons() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The ACLED sub-event types given only to a sentence that names their weapon (acled_types.yaml `named`), each
    with the words of its mode (events.yaml `modes`)."""
    modes = event_lexicon().modes
    return tuple((sub.name, tuple(modes.get(sub.plover, {}).get(sub.mode or "", ())))
                 for sub in acled_sub_events().values() if sub.named and modes.get(sub.plover, {}).get(sub.mode or ""))


def unnamed(text: str) -> frozenset[str]:
    """The sub-event types of `_named_weapons` whose weapon the sentence does not name."""
    return frozenset(name for name, words in _named_weapons() if not names_any(text, words))


def run(ann: AnnotatedArticle, res: Any) -> AnnotatedArticle:
    if ann.doc is None or res.event_model is None:
        return ann
    ann.predictions = predictions_for(ann.doc, res.event_model)
    ann.stages.append(NAME)
    return ann


STAGE = Stage("event model", NAME, reads=("doc",), writes=("predictions",), run=run)
