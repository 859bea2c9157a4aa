"""Property tests of extract on arbitrary input: it never raises anything but our own errors, every span
it reports lies inside the text and matches it, and the output always has the contract's shape."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire import extract

WORDS = ["Israeli", "troops", "killed", "two", "civilians", "in", "Gaza", "on", "Monday", "said", "the",
         "ministry", "rebels", "captured", "Aleppo", "Russia", "attacked", "Ukraine", "not", "could", "at",
         "least", "300", "fighters", "crossed", "into", "Syria", "according", "to", "sources", ",", ".", "\n\n",
         "Hezbollah", "withdrew", "from", "mid-October", "last", "week", "protesters", "rallied", "Kenya"]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=80).map(" ".join),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([None, "2024-12-03", "1999-01-31"]))
def test_extract_never_crashes_and_spans_match(text, published):
    ann = extract(text, published=published)
    out = ann.to_dict()
    json.dumps(out)  # serialisable
    assert set(out) >= {"article", "mentions", "relations", "events"}
    if ann.rejected:
        assert out["events"] == []
        return
    body = ann.article.text
    for kind in ("actors", "places", "times"):
        for m in out["mentions"][kind]:
            assert 0 <= m["start"] <= m["end"] <= len(body)
            assert body[m["start"]:m["end"]] == m["text"]
    for ev in out["events"]:
        s, e = ev["evidence"]["start"], ev["evidence"]["end"]
        assert body[s:e] == ev["evidence"]["sentence"]
        t = ev["trigger"]
        assert body[t["start"]:t["end"]] == t["text"]
        assert 0 <= ev["confidence"] <= 1
        assert ev["attribution"]["status"] in ("reported", "claimed", "denied", "negated", "hypothetical",
                                               "background")
