"""stages/triggers.py: which sense of a lexicon word a token carries, on sentences parsed by the bare spaCy model."""

from __future__ import annotations

import pytest

from eventwire.stages.triggers import people_crossing


def _verb(nlp, sentence: str, lemma: str):
    return next(t for t in nlp(sentence) if t.lemma_.lower() == lemma and t.pos_ in ("VERB", "AUX"))


@pytest.mark.parametrize("sentence, lemma", [
    ("Police forces detained 43 migrants that entered the country illegally in the district.", "enter"),
    ("Several hundred refugees crossed the border into the neighbouring province overnight.", "cross"),
    ("The coast guard stopped a boat of migrants who were trying to enter the island.", "enter"),
])
def test_people_crossing_a_border_are_no_deployment(nlp, sentence, lemma):
    assert people_crossing(_verb(nlp, sentence, lemma)), sentence


@pytest.mark.parametrize("sentence, lemma", [
    ("Russian troops entered the town on Monday after heavy shelling.", "enter"),
    ("Rebel fighters crossed the river and attacked an army post.", "cross"),
    ("Two battalions were deployed to the border after the migrants arrived.", "deploy"),  # no crossing verb
])
def test_forces_crossing_are_still_a_deployment(nlp, sentence, lemma):
    assert not people_crossing(_verb(nlp, sentence, lemma)), sentence
