"""The recoding rules of the events stage (stages/recode.py): named, documented, in one ordered list, and each
applies on the golden cases its docstring cites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from eventwire.stages import recode as R

CASES = {c["id"]: c for p in sorted((Path(__file__).parent / "cases").glob("*.yaml"))
         for c in yaml.safe_load(p.read_text(encoding="utf-8")) or []}


def _rules() -> list:
    """Every rule, the members of a one_of group included."""
    out = []
    for rule in R.RULES:
        out.extend(getattr(rule, "members", (rule,)))
    return out


def _cited(rule) -> list[str]:
    m = re.search(r"Golden cases: ([^.]+)\.", rule.__doc__ or "")
    return [c.split(" (")[0].strip() for c in m.group(1).split(",")] if m else []


def test_every_rule_is_named_and_cites_its_ground():
    names = [r.__name__ for r in _rules()]
    assert len(names) == len(set(names)) >= 15
    for rule in _rules():
        doc = rule.__doc__ or ""
        assert re.search(r"PLOVER|CAMEO|ACLED|Golden cases", doc), f"{rule.__name__} cites no codebook or case"
        for case in _cited(rule):
            assert case in CASES, f"{rule.__name__} cites {case}, which is not a golden case"


def test_one_of_applies_the_first_rule_only():
    seen = []

    def a(d):
        seen.append("a")
        return True

    def b(d):
        seen.append("b")
        return True

    group = R.one_of(a, b)
    assert group(None) and seen == ["a"] and group.members == (a, b)
    assert "a" in group.__name__ and "b" in group.__name__


@pytest.fixture(scope="module")
def fired():
    """Rule name -> the golden case ids it applied on (only the cited cases are run)."""
    import eventwire.stages.events as events
    from eventwire.pipeline import extract

    got: dict[str, set[str]] = {}
    current = {"id": ""}

    def watched(rule):
        def run(d):
            ok = rule(d)
            if ok:
                got.setdefault(rule.__name__, set()).add(current["id"])
            return ok
        run.__name__ = rule.__name__
        return run

    rules = tuple(R.one_of(*map(watched, r.members)) if hasattr(r, "members") else watched(r) for r in R.RULES)
    real = events.recode
    events.recode = lambda d: real(d, rules)
    try:
        for case in sorted({c for rule in _rules() for c in _cited(rule)}):
            current["id"] = case
            extract(CASES[case]["text"], published=CASES[case]["published"])
    finally:
        events.recode = real
    return got


@pytest.mark.parametrize("rule", [r for r in _rules() if _cited(r)], ids=lambda r: r.__name__)
def test_each_rule_applies_on_the_cases_it_cites(rule, fired):
    missing = set(_cited(rule)) - fired.get(rule.__name__, set())
    assert not missing, f"{rule.__name__} did not apply on {sorted(missing)}"
