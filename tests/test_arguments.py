"""Argument and time rules on hand-built parses, so they hold whatever the statistical parser does."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import Doc  # noqa: E402
from spacy.vocab import Vocab  # noqa: E402

from eventwire.stages.arguments import is_modifier_only  # noqa: E402
from eventwire.stages.event_time import describes_noun  # noqa: E402


def parse(words, heads, deps, tags, pos):
    return Doc(Vocab(), words=words, heads=heads, deps=deps, tags=tags, pos=pos)


def test_date_phrase_on_a_participle_is_not_a_modifier():
    # "Around 14 June, in Tandil, parents protested": "June" hangs on "protested" (tagged VBN) as npadvmod, and
    # "Tandil" inside its phrase is the event's place, not a modifier like "Iran" in "Iran-backed"
    doc = parse(["Around", "14", "June", ",", "in", "Tandil", ",", "parents", "protested", "."],
                [2, 2, 8, 8, 2, 4, 8, 8, 8, 8],
                ["advmod", "nummod", "npadvmod", "punct", "prep", "pobj", "punct", "nsubj", "ROOT", "punct"],
                ["RB", "CD", "NNP", ",", "IN", "NNP", ",", "NNS", "VBN", "."],
                ["ADV", "NUM", "PROPN", "PUNCT", "ADP", "PROPN", "PUNCT", "NOUN", "VERB", "PUNCT"])
    assert not is_modifier_only(doc[5])
    backed = parse(["Iran", "-", "backed", "militias", "attacked"], [2, 2, 3, 4, 4],
                   ["npadvmod", "punct", "amod", "nsubj", "ROOT"], ["NNP", "HYPH", "VBN", "NNS", "VBD"],
                   ["PROPN", "PUNCT", "VERB", "NOUN", "VERB"])
    assert is_modifier_only(backed[0])


def test_time_inside_another_noun_phrase():
    # "Teachers protested a 2015 agreement on 12 April": "2015" dates the agreement, "12 April" the protest
    doc = parse(["Teachers", "protested", "a", "2015", "agreement", "on", "12", "April"],
                [1, 1, 4, 4, 1, 1, 7, 5],
                ["nsubj", "ROOT", "det", "nummod", "dobj", "prep", "nummod", "pobj"],
                ["NNS", "VBD", "DT", "CD", "NN", "IN", "CD", "NNP"],
                ["NOUN", "VERB", "DET", "NUM", "NOUN", "ADP", "NUM", "PROPN"])
    assert describes_noun(doc[3:4], doc[1])
    assert not describes_noun(doc[6:8], doc[1])
