"""The team's golden cases: short passages written by us, coded as a careful human coder would.

Each file in tests/cases/*.yaml is a list of cases:

    - id: unique-id
      comment: why the case matters
      published: "YYYY-MM-DD"
      text: "..."
      xfail: "reason"               # optional: a known failure (strict, so a fix is noticed)
      expect:
        events: [matcher, ...]      # each must be matched by some output event
        must_not: [matcher, ...]    # no output event may match all the conditions of one of these
        places: [{name, country, feature}]                 # place mentions that must be found
        actors: [{text, country, sector_any_of, kind_any_of}]  # actor mentions that must be found

An event matcher holds any of these conditions (all must hold):
    type, type_any_of, mode, mode_any_of, status, status_any_of, status_not_any_of,
    source_countries / target_countries      every listed ISO3 among that side's actors' `country`
    source_sectors_any_of / target_sectors_any_of   some actor of that side has one of the sectors
    source_text_any_of / target_text_any_of  some actor of that side has one of the strings in its text
                                             or name (case-insensitive)
    location: {name, country}, location_country
    date                                     date value equals it, or earliest == latest == it
    date_within: [first, last]               earliest and latest both known and inside the range
    fatalities, fatalities_at_least
    quantities: [{what_any_of, min, max, min_at_least, killed, wounded}]  each matched by some quantity
    claimant_kinds_any_of, claimant_text_any_of
    acled_event_type, acled_sub_event_type
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

CASES_DIR = Path(__file__).parent / "cases"

EVENT_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
STATUSES = {"reported", "claimed", "denied", "negated", "hypothetical", "background"}
CASE_KEYS = {"id", "comment", "published", "text", "expect", "xfail", "features"}
EXPECT_KEYS = {"events", "must_not", "places", "actors"}
MATCHER_KEYS = {
    "type", "type_any_of", "mode", "mode_any_of", "status", "status_any_of", "status_not_any_of",
    "source_countries", "target_countries", "source_sectors_any_of", "target_sectors_any_of",
    "source_text_any_of", "target_text_any_of", "location", "location_country", "date", "date_within",
    "fatalities", "fatalities_at_least", "quantities", "claimant_kinds_any_of", "claimant_text_any_of",
    "acled_event_type", "acled_sub_event_type",
}
PLACE_KEYS = {"name", "country", "feature"}
ACTOR_KEYS = {"text", "country", "sector_any_of", "kind_any_of"}
QUANTITY_KEYS = {"what_any_of", "min", "max", "min_at_least", "killed", "wounded"}


def load_cases() -> list[dict[str, Any]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            case["_file"] = path.name
            cases.append(case)
    return cases


CASES = load_cases()


# ---------------------------------------------------------------- matching

def fold(s: Any) -> str:
    s = unicodedata.normalize("NFKD", str(s or ""))
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).lower().replace("’", "'").split())


def _names_match(want: str, *have: Any) -> bool:
    w = fold(want)
    for h in have:
        h = fold(h)
        if h and (w == h or w in h or (len(h) >= 4 and h in w)):
            return True
    return False


def _text_hit(actors: list[dict[str, Any]], wanted: list[str]) -> bool:
    return any(fold(w) in fold(a.get("text")) or fold(w) in fold(a.get("name"))
               for a in actors for w in wanted)


def _date_ok(d: dict[str, Any] | None, want: str) -> bool:
    if not d:
        return False
    return d.get("value") == want or (d.get("earliest") == want and d.get("latest") == want)


def _date_within(d: dict[str, Any] | None, first: str, last: str) -> bool:
    if not d or not d.get("earliest") or not d.get("latest"):
        return False
    return first <= d["earliest"] <= last and first <= d["latest"] <= last


def _place_ok(p: dict[str, Any] | None, want: dict[str, Any]) -> bool:
    if not p:
        return False
    if "name" in want and not _names_match(want["name"], p.get("name"), p.get("text")):
        return False
    if "country" in want and p.get("country") != want["country"]:
        return False
    return "feature" not in want or p.get("feature") == want["feature"]


def _quantity_ok(q: dict[str, Any], want: dict[str, Any]) -> bool:
    if "what_any_of" in want and not any(fold(w) in fold(q.get("what")) for w in want["what_any_of"]):
        return False
    for key in ("min", "max"):
        if key in want and q.get(key) != want[key]:
            return False
    if "min_at_least" in want and (q.get("min") is None or q["min"] < want["min_at_least"]):
        return False
    return all(bool(q.get(k)) == want[k] for k in ("killed", "wounded") if k in want)


def failed_conditions(event: dict[str, Any], m: dict[str, Any]) -> list[str]:
    """The conditions of matcher `m` that `event` does not meet (empty: it matches)."""
    bad = []
    status = (event.get("attribution") or {}).get("status") or "reported"
    claimants = (event.get("attribution") or {}).get("claimants") or []
    sources, targets = event.get("sources") or [], event.get("targets") or []
    acled = event.get("acled") or {}
    fat = event.get("fatalities")
    checks = {
        "type": lambda v: event.get("type") == v,
        "type_any_of": lambda v: event.get("type") in v,
        "mode": lambda v: event.get("mode") == v,
        "mode_any_of": lambda v: event.get("mode") in v,
        "status": lambda v: status == v,
        "status_any_of": lambda v: status in v,
        "status_not_any_of": lambda v: status not in v,
        "source_countries": lambda v: set(v) <= {a.get("country") for a in sources},
        "target_countries": lambda v: set(v) <= {a.get("country") for a in targets},
        "source_sectors_any_of": lambda v: any(a.get("sector") in v for a in sources),
        "target_sectors_any_of": lambda v: any(a.get("sector") in v for a in targets),
        "source_text_any_of": lambda v: _text_hit(sources, v),
        "target_text_any_of": lambda v: _text_hit(targets, v),
        "location": lambda v: _place_ok(event.get("location"), v),
        "location_country": lambda v: (event.get("location") or {}).get("country") == v,
        "date": lambda v: _date_ok(event.get("date"), str(v)),
        "date_within": lambda v: _date_within(event.get("date"), str(v[0]), str(v[1])),
        "fatalities": lambda v: fat == v,
        "fatalities_at_least": lambda v: fat is not None and fat >= v,
        "quantities": lambda v: all(any(_quantity_ok(q, w) for q in event.get("quantities") or [])
                                    for w in v),
        "claimant_kinds_any_of": lambda v: any(c.get("kind") in v for c in claimants),
        "claimant_text_any_of": lambda v: any(fold(w) in fold(c.get("text"))
                                              for c in claimants for w in v),
        "acled_event_type": lambda v: acled.get("event_type") == v,
        "acled_sub_event_type": lambda v: acled.get("sub_event_type") == v,
    }
    for key, want in m.items():
        if not checks[key](want):
            bad.append(key)
    return bad


def check_case(case: dict[str, Any], out: dict[str, Any]) -> list[str]:
    """Every way the output misses the case's expectations (empty: the case passes)."""
    exp = case.get("expect") or {}
    events = out.get("events") or []
    mentions = out.get("mentions") or {}
    problems = []
    for i, m in enumerate(exp.get("events") or []):
        if not any(not failed_conditions(e, m) for e in events):
            near = min((failed_conditions(e, m) for e in events), key=len, default=["(no events)"])
            problems.append(f"expected event #{i} {m} not found (closest event fails: {near})")
    for m in exp.get("must_not") or []:
        for e in events:
            if not failed_conditions(e, m):
                problems.append(f"forbidden event found: {m} matched {summarise(e)}")
    for p in exp.get("places") or []:
        if not any(_place_ok(q, p) for q in mentions.get("places") or []):
            problems.append(f"expected place {p} not found")
    for a in exp.get("actors") or []:
        if not any(actor_ok(x, a) for x in mentions.get("actors") or []):
            problems.append(f"expected actor {a} not found")
    return problems


def actor_ok(actor: dict[str, Any], want: dict[str, Any]) -> bool:
    if "text" in want and not (fold(want["text"]) in fold(actor.get("text"))
                               or fold(want["text"]) in fold(actor.get("name"))):
        return False
    if "country" in want and actor.get("country") != want["country"]:
        return False
    if "sector_any_of" in want and actor.get("sector") not in want["sector_any_of"]:
        return False
    return "kind_any_of" not in want or actor.get("kind") in want["kind_any_of"]


def summarise(e: dict[str, Any]) -> dict[str, Any]:
    att = e.get("attribution") or {}
    loc = e.get("location") or {}
    return {
        "type": e.get("type"), "mode": e.get("mode"), "status": att.get("status"),
        "trigger": (e.get("trigger") or {}).get("text"),
        "sources": [(a.get("text"), a.get("country"), a.get("sector")) for a in e.get("sources") or []],
        "targets": [(a.get("text"), a.get("country"), a.get("sector")) for a in e.get("targets") or []],
        "location": (loc.get("name"), loc.get("country")) if loc else None,
        "date": ({k: e["date"].get(k) for k in ("value", "earliest", "latest")}
                 if e.get("date") else None),
        "fatalities": e.get("fatalities"),
        "quantities": [(q.get("what"), q.get("min"), q.get("max"), q.get("killed"), q.get("wounded"))
                       for q in e.get("quantities") or []],
        "claimants": [(c.get("text"), c.get("kind")) for c in att.get("claimants") or []],
        "acled": e.get("acled"),
    }


def describe(out: dict[str, Any]) -> str:
    """What came out, one line per item, for failure messages."""
    mentions = out.get("mentions") or {}

    def line(x: Any) -> str:
        return json.dumps(x, ensure_ascii=False, default=str)

    lines = ["events:"] + [f"  {line(summarise(e))}" for e in out.get("events") or []]
    lines += ["places: " + line([(p.get("text"), p.get("name"), p.get("country"))
                                 for p in mentions.get("places") or []])]
    lines += ["actors: " + line([(a.get("text"), a.get("country"), a.get("sector"), a.get("kind"))
                                 for a in mentions.get("actors") or []])]
    lines += ["times: " + line([(t.get("text"), t.get("value")) for t in mentions.get("times") or []])]
    if out.get("rejected"):
        lines.append(f"rejected: {out['rejected']}")
    return "\n".join(lines)


# ---------------------------------------------------------------- the files themselves (always run)

def test_case_files_are_well_formed():
    assert CASES, f"no cases found under {CASES_DIR}"
    ids = [c.get("id") for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    for c in CASES:
        where = f"{c['_file']}:{c.get('id')}"
        assert set(c) - {"_file"} <= CASE_KEYS, f"{where}: unknown keys {set(c) - CASE_KEYS - {'_file'}}"
        assert c.get("text") and c.get("published") and c.get("comment"), f"{where}: text/published/comment"
        exp = c.get("expect") or {}
        assert exp and set(exp) <= EXPECT_KEYS, f"{where}: expect keys {set(exp)}"
        for m in (exp.get("events") or []) + (exp.get("must_not") or []):
            assert set(m) <= MATCHER_KEYS, f"{where}: unknown matcher keys {set(m) - MATCHER_KEYS}"
            types = [m["type"]] if "type" in m else m.get("type_any_of", [])
            assert set(types) <= EVENT_TYPES, f"{where}: bad type {types}"
            stats = ([m["status"]] if "status" in m else []) + m.get("status_any_of", []) \
                + m.get("status_not_any_of", [])
            assert set(stats) <= STATUSES, f"{where}: bad status {stats}"
            for q in m.get("quantities", []):
                assert set(q) <= QUANTITY_KEYS, f"{where}: bad quantity keys {set(q)}"
        for p in exp.get("places") or []:
            assert set(p) <= PLACE_KEYS, f"{where}: bad place keys"
        for a in exp.get("actors") or []:
            assert set(a) <= ACTOR_KEYS, f"{where}: bad actor keys"


def test_matcher_on_a_hand_made_output():
    case = {"expect": {
        "events": [{"type": "ASSAULT", "source_countries": ["RUS"],
                    "location": {"name": "Idlib", "country": "SYR"},
                    "date": "2024-05-12", "fatalities": 12, "claimant_kinds_any_of": ["named"],
                    "quantities": [{"what_any_of": ["civilian"], "min_at_least": 12, "killed": True}]}],
        "must_not": [{"type": "ASSAULT", "status_not_any_of": ["negated"], "source_countries": ["TUR"]}],
        "places": [{"name": "Idlib", "country": "SYR"}],
        "actors": [{"text": "Syrian Observatory", "sector_any_of": ["NGO"]}],
    }}
    out = {"events": [{
        "type": "ASSAULT", "sources": [{"text": "Russian warplanes", "country": "RUS", "sector": "MIL"}],
        "targets": [], "location": {"name": "Idlib", "text": "Idlib", "country": "SYR"},
        "date": {"value": "2024-05-12", "earliest": "2024-05-12", "latest": "2024-05-12"}, "fatalities": 12,
        "quantities": [{"what": "civilian", "min": 12, "max": None, "killed": True}],
        "attribution": {"status": "reported",
                        "claimants": [{"text": "the Syrian Observatory", "kind": "named"}]},
    }], "mentions": {"places": [{"name": "Idlib", "text": "Idlib", "country": "SYR"}],
                     "actors": [{"text": "Syrian Observatory for Human Rights", "sector": "NGO"}]}}
    assert check_case(case, out) == []
    out["events"][0]["sources"][0]["country"] = "TUR"
    problems = check_case(case, out)
    assert len(problems) == 2 and "forbidden" in problems[1]
    assert check_case({"expect": {"events": [{"type": "AGREE"}]}}, {"events": []})


# ---------------------------------------------------------------- the cases against the pipeline

@pytest.fixture(scope="module")
def extract():
    if importlib.util.find_spec("eventwire.pipeline") is None:
        pytest.skip("eventwire.pipeline does not exist yet")
    return importlib.import_module("eventwire.pipeline").extract


def _params():
    for c in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=str(c["xfail"]))] if c.get("xfail") else []
        yield pytest.param(c, id=c["id"], marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_case(case, extract):
    ann = extract(case["text"], published=case["published"])
    out = ann.to_dict() if hasattr(ann, "to_dict") else ann
    problems = check_case(case, out)
    assert not problems, (
        f"\n{case['id']} ({case['_file']}): {case['comment']}\ntext: {case['text']}\n"
        + "\n".join(f"- {p}" for p in problems) + f"\nwhat came out:\n{describe(out)}"
    )
