"""Acceptance test: the canonical seed article against what a careful analyst extracts from it.

Reads ../shared/examples/seed-article.txt and seed-article.expected.json; skips, saying why, when
../shared is absent. Every required event, actor, place, alliance and the must_not are checked.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "examples"
pytestmark = pytest.mark.skipif(not (SHARED / "seed-article.txt").exists(),
                                reason=f"the seed article is not at {SHARED} (../shared is absent)")


@pytest.fixture(scope="module")
def expected():
    return json.loads((SHARED / "seed-article.expected.json").read_text())


@pytest.fixture(scope="module")
def out():
    from eventwire.pipeline import extract

    ann = extract((SHARED / "seed-article.txt").read_text(), published="2024-12-03")
    assert ann.rejected is None
    return ann


def _km(lat1, lon1, lat2, lon2):
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def test_article_metadata(out, expected):
    exp = expected["article"]
    art = out.article
    assert art.title == exp["title"]
    assert art.outlet in exp["outlet_any_of"]
    assert art.byline in exp["byline_any_of"]
    assert art.published == exp["published"]
    assert art.language == exp["language"]
    for junk in exp["boilerplate_not_in_text"]:
        assert junk not in art.text
    assert art.text.count(exp["title"]) <= exp["title_appears_in_text_at_most"]


def test_actors(out, expected):
    for exp in expected["actors"]:
        cands = [a for a in out.actors if a.text in exp["mention_any_of"]
                 or any(a.text.endswith(m) for m in exp["mention_any_of"])]
        assert cands, f"no actor mention among {exp['mention_any_of']}"
        ok = [a for a in cands if a.country == exp["country"] and a.sector in exp["sector_any_of"]
              and (not exp.get("affiliation_any_of") or set(a.affiliations) & set(exp["affiliation_any_of"]))]
        assert ok, f"{exp}: got {[(a.text, a.country, a.sector, a.affiliations) for a in cands]}"


def test_places(out, expected):
    for exp in expected["places"]:
        cands = [p for p in out.places if p.text == exp["mention"]]
        assert cands, f"place {exp['mention']} not found"
        for p in cands:
            assert p.country == exp["country"], (p.text, p.country)
            if "lat" in exp:
                assert _km(p.lat, p.lon, exp["lat"], exp["lon"]) <= exp["within_km"]


def _status(ev):
    return ev.attribution.status


def _match(ev, exp) -> list[str]:
    """The checks of one expected event that `ev` fails (empty: a match)."""
    bad = []
    if ev.type not in exp["type_any_of"]:
        bad.append("type")
    if "mode_any_of" in exp and ev.mode not in exp["mode_any_of"]:
        bad.append("mode")
    if "cameo_root_any_of" in exp and (ev.cameo or "")[:2] not in exp["cameo_root_any_of"]:
        bad.append("cameo")
    if "acled_any_of" in exp and [ev.acled and ev.acled["event_type"], ev.acled and ev.acled["sub_event_type"]] \
            not in exp["acled_any_of"]:
        bad.append("acled")
    src_c = {a.country for a in ev.sources}
    if "source_countries" in exp and not set(exp["source_countries"]) <= src_c:
        bad.append("source_countries")
    if "source_mentions_any_of" in exp and not any(
            a.text in exp["source_mentions_any_of"] or a.name in exp["source_mentions_any_of"] for a in ev.sources):
        bad.append("source_mentions")
    if "source_sector_any_of" in exp and not any(a.sector in exp["source_sector_any_of"] for a in ev.sources):
        bad.append("source_sector")
    tgt_c = {a.country for a in ev.targets}
    if "target_countries" in exp and not set(exp["target_countries"]) <= tgt_c:
        bad.append("target_countries")
    if "target_countries_any_of" in exp and not set(exp["target_countries_any_of"]) & tgt_c:
        bad.append("target_countries_any_of")
    if "location_country" in exp and (ev.location is None or ev.location.country != exp["location_country"]):
        bad.append("location_country")
    if "location" in exp:
        loc = exp["location"]
        if ev.location is None or ev.location.lat is None or _km(ev.location.lat, ev.location.lon, loc["lat"],
                                                                  loc["lon"]) > loc["within_km"]:
            bad.append("location")
    d = ev.date
    if "date" in exp and (d is None or not (d.value == exp["date"] or d.earliest == d.latest == exp["date"])):
        bad.append("date")
    if "date_month" in exp and (d is None or not d.value.startswith(exp["date_month"])):
        bad.append("date_month")
    if "date_before" in exp and (d is None or not (d.latest or d.value) < exp["date_before"]):
        bad.append("date_before")
    if "quantity" in exp:
        q = exp["quantity"]
        if not any(x.what.rstrip("s") in [w.rstrip("s") for w in q["what_any_of"]] and (x.min or 0) >= q["min"]
                   for x in ev.quantities):
            bad.append("quantity")
    att = exp.get("attribution", {})
    if "status" in att and _status(ev) != att["status"]:
        bad.append("status")
    claimants = ev.attribution.claimants
    if "source_count_at_least" in att and max((c.count for c in claimants), default=0) < att["source_count_at_least"]:
        bad.append("source_count")
    if "source_kinds_any_of" in att and not any(c.kind in att["source_kinds_any_of"] for c in claimants):
        bad.append("source_kinds")
    if "claimant_any_of" in att and not any(
            c.text in att["claimant_any_of"] or c.text.removeprefix("The ").removeprefix("the ") in att["claimant_any_of"]
            for c in claimants):
        bad.append("claimant")
    return bad


def _required(expected):
    return [e for e in expected["events"] if e.get("required")]


@pytest.mark.parametrize("i", range(5))
def test_required_event(out, expected, i):
    req = _required(expected)
    if i >= len(req):
        pytest.skip("fewer required events")
    exp = req[i]
    results = [(_match(ev, exp), ev) for ev in out.events]
    ok = [ev for bad, ev in results if not bad]
    closest = min(results, key=lambda r: len(r[0]))[0] if results else ["no events"]
    assert ok, f"{exp['name']}: no event matches; closest fails {closest}"


def test_must_not(out, expected):
    for rule in expected["must_not"]:
        for ev in out.events:
            hit = (any(a.text in rule["source_mentions_any_of"] or a.name in rule["source_mentions_any_of"]
                       for a in ev.sources)
                   and ev.type in rule["type_any_of"]
                   and _status(ev) not in rule["status_not_any_of"]
                   and ev.date is not None and ev.date.value == rule["date"])
            assert not hit, f"{rule['why']}: {ev.to_dict()}"


def _side(out, spec: str) -> set[str]:
    """Actor ids that a name in the expected file stands for ("IRN", "SYR government", "Hezbollah")."""
    ids = set()
    actors = list(out.actors) + [a for e in out.events for a in e.sources + e.targets]
    if spec.endswith(" government"):
        c = spec.split()[0]
        ids |= {a.id for a in actors if a.country == c and a.sector in ("GOV", "MIL")}
    elif spec.endswith(" rebels"):
        c = spec.split()[0]
        ids |= {a.id for a in actors if a.country == c and a.sector in ("REB", "OPP")}
    elif len(spec) == 3 and spec.isupper():
        ids |= {spec} | {a.id for a in actors if a.id.startswith(spec + ":")}
    else:
        ids |= {a.id for a in actors if a.text == spec or a.name == spec}
    return ids


def test_alliances(out, expected):
    from eventwire.stages.relations import alliance_edges

    edges = alliance_edges(out)
    pairs = {(e["relation"], e["a"], e["b"]) for e in edges}
    for exp in expected["alliances"]:
        a_ids = set().union(*[_side(out, s) for s in exp.get("a_any_of", [exp.get("a")]) if s])
        b_ids = set().union(*[_side(out, s) for s in exp.get("b_any_of", [exp.get("b")]) if s])
        found = any((exp["relation"], a, b) in pairs or (exp["relation"], b, a) in pairs
                    for a in a_ids for b in b_ids)
        assert found, f"alliance {exp} not found; edges: {sorted(pairs)}"
