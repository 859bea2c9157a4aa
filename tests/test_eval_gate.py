"""The evaluation gate: scores on the development sets in ../shared/eval must not fall below the floors
pinned in eval_floors.json. Skips, saying why, where ../shared/eval is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
FLOORS = json.loads((ROOT / "eval_floors.json").read_text())
SETS = {
    "plover": ("plover-gsr/plover-gsr-dev.json", "eventwire.evaluation.plover", "evaluate_plover"),
    "acled": ("acled-notes/acled-notes-dev.csv", "eventwire.evaluation.acled", "evaluate_acled"),
    "acled-world": ("acled-notes/acled-notes-world-dev.csv", "eventwire.evaluation.acled", "evaluate_acled"),
    "cameo": ("conflibert/cameo-penta-train.tsv", "eventwire.evaluation.cameo", "evaluate_cameo"),
    "india-police": ("conflibert/india-police-events-sents-dev.tsv", "eventwire.evaluation.india_police",
                     "evaluate_india_police"),
    "satp": ("conflibert/satp-dev.tsv", "eventwire.evaluation.satp", "evaluate_satp"),
    "geovirus": ("geoparsing/GeoVirus.xml", "eventwire.evaluation.geovirus", "evaluate_geovirus"),
    "extraction": ("extraction", "eventwire.evaluation.extraction", "evaluate_extraction"),
    "timeml": ("timeml", "eventwire.evaluation.timeml", "evaluate_timeml"),
    "tr-news": ("geoparsing/TR-News.xml", "eventwire.evaluation.tr_news", "evaluate_tr_news"),
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_scores_stay_above_their_floors(name):
    rel, module, func = SETS[name]
    path = EVAL / rel
    if not path.exists():
        pytest.skip(f"{path} is absent: the gate needs ../shared/eval beside the repository")
    import importlib

    fn = getattr(importlib.import_module(module), func)
    kwargs = {"out": None} if name not in ("geovirus", "extraction", "timeml", "tr-news") else {}
    metrics = fn(path, **kwargs)["metrics"]
    low = {k: (metrics.get(k), floor) for k, floor in FLOORS[name].items()
           if metrics.get(k) is None or metrics[k] < floor}
    assert not low, f"{name}: below the floor (value, floor): {low}"


def test_incident_scenarios_stay_above_their_floors():
    """The team's own incident scenarios (eval/incidents/, in the repository, so never skipped): pairwise
    "same happening" precision and recall, B-cubed F1, and no headline figure that sums two reports."""
    from eventwire.evaluation.incidents import run

    floors = FLOORS["incidents"]
    got = run(ROOT / "eval" / "incidents" / "scenarios.jsonl")
    m = got["metrics"]["all"]
    values = {"pairwise_precision": m["pairwise"]["precision"], "pairwise_recall": m["pairwise"]["recall"],
              "bcubed_f1": m["bcubed"]["f1"]}
    low = {k: (v, floors[k]) for k, v in values.items() if v < floors[k]}
    assert not low, f"incidents: below the floor (value, floor): {low}"
    summed = got["figures"]["summed_headlines"]  # the happenings whose headline is a sum of two reports
    assert len(summed) <= floors["summed_headlines_max"], summed
