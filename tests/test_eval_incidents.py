"""The incident scenario scorer (eventwire.evaluation.incidents): its metrics on hand cases, the checks on the
scenario file, and one run through a store on a small scenario. Today's accuracy on eval/incidents is not
asserted: the matching rule is being rewritten (issue 15)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from eventwire.errors import ConfigError
from eventwire.evaluation import incidents as inc

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- metrics on hand cases

def test_score_pairs_hand_case():
    gold = {"a": "X", "b": "X", "c": "Y", "d": "Y"}
    pred = {"a": "1", "b": "1", "c": "1", "d": "2"}
    s = inc.score_pairs(gold, pred)
    pw, bc = s["pairwise"], s["bcubed"]
    # gold pairs ab, cd; predicted pairs ab, ac, bc; both: ab
    assert (pw["gold_pairs"], pw["predicted_pairs"], pw["true_pairs"]) == (2, 3, 1)
    assert pw["precision"] == pytest.approx(1 / 3)
    assert pw["recall"] == pytest.approx(1 / 2)
    assert pw["f1"] == pytest.approx(0.4)
    # per item precision 2/3, 2/3, 1/3, 1 and recall 1, 1, 1/2, 1/2
    assert bc["precision"] == pytest.approx(2 / 3)
    assert bc["recall"] == pytest.approx(3 / 4)
    assert bc["f1"] == pytest.approx(12 / 17)
    assert (s["items"], s["gold_clusters"], s["predicted_clusters"]) == (4, 2, 2)


def test_score_pairs_perfect_and_all_apart():
    gold = {"a": "X", "b": "X", "c": "X", "d": "Y"}
    same = inc.score_pairs(gold, {"a": "p", "b": "p", "c": "p", "d": "q"})
    assert same["pairwise"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "true_pairs": 3,
                                "predicted_pairs": 3, "gold_pairs": 3}
    assert same["bcubed"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    apart = inc.score_pairs(gold, {k: k for k in gold})
    # no predicted pair: precision has nothing to divide by (n/a), recall is 0
    assert apart["pairwise"]["precision"] is None and apart["pairwise"]["recall"] == 0.0
    assert apart["pairwise"]["f1"] is None
    assert apart["bcubed"]["precision"] == 1.0
    assert apart["bcubed"]["recall"] == pytest.approx((1 / 3 * 3 + 1) / 4)


def test_score_pairs_missing_prediction_is_alone_and_labels_are_not_compared_across():
    gold = {"a": "X", "b": "X", "c": "Y"}
    # "a" is missing from pred: it is a cluster of its own, never together with b
    s = inc.score_pairs(gold, {"b": "X", "c": "X"})
    assert s["pairwise"]["true_pairs"] == 0 and s["pairwise"]["predicted_pairs"] == 1
    assert s["pairwise"]["precision"] == 0.0 and s["pairwise"]["f1"] == 0.0
    assert inc.score_pairs({}, {})["bcubed"]["f1"] is None


def test_pair_errors():
    gold = {"a": "X", "b": "X", "c": "Y", "d": "Y"}
    pred = {"a": "1", "b": "1", "c": "1", "d": "2"}
    assert inc.pair_errors(gold, pred) == {"split": [("c", "d")], "joined": [("a", "c"), ("b", "c")]}


def test_summed_headline():
    figs = [("a1", 17), ("a2", 19), ("a3", 21)]
    assert inc.summed_headline(36, figs) == (17, 19)
    assert inc.summed_headline(17, figs) is None  # the lowest report, not a sum
    assert inc.summed_headline(57, figs) is None  # a sum of three is not looked for
    assert inc.summed_headline(None, figs) is None
    assert inc.summed_headline(17, [("a1", 10), ("a1", 7)]) is None  # one article's two figures
    assert inc.summed_headline(5, [("a1", 0), ("a2", 5)]) is None  # equals a report itself


# ---------------------------------------------------------------- the file's checks

def line(**kw):
    base = {"id": "h1-a", "happening": "h1", "type": "ASSAULT", "outlet": "Reuters", "published": "2025-03-04",
            "title": "T", "text": "A drone strike killed 17 people in Tessalit on Monday.", "copy_of": None,
            "fatalities": 17, "split": "calibrate", "note": "n"}
    base.update(kw)
    return base


def write(path: Path, rows) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("bad, expected", [
    ("{not json", "line 2: not valid JSON"),
    (["a list"], "line 2: expected a JSON object"),
    ({k: v for k, v in line(id="x").items() if k != "split"}, "line 2: missing field(s) split"),
    (line(id="x", extra=1), "line 2: unknown field(s) extra"),
    (line(id="x", split="test"), "line 2: split 'test' must be one of calibrate, check"),
    (line(id="x", type="KILL"), "line 2: type 'KILL' is not a PLOVER type"),
    (line(id="x", published="4 March 2025"), "line 2: published '4 March 2025' is not a date"),
    (line(id="x", fatalities=-1), "line 2: fatalities -1 must be a whole number"),
    (line(id="x", fatalities="17"), "line 2: fatalities '17' must be a whole number"),
    (line(id="x", text=""), "line 2: 'text' must be a non-empty string"),
    (line(), "line 2: id 'h1-a' is used twice (first on line 1)"),
    (line(id="x", copy_of="nope"), "line 2: copy_of 'nope' names no line"),
    (line(id="x", happening="h2", copy_of="h1-a"), "line 2: copy_of must name an original"),
    (line(id="x", split="check"), "happening 'h1': its lines differ in type or split"),
])
def test_bad_lines_are_named(tmp_path, bad, expected):
    f = write(tmp_path / "s.jsonl", [line(), bad])
    with pytest.raises(ConfigError) as err:
        inc.load_scenario(f)
    assert expected in str(err.value)
    assert str(f) in str(err.value)


def test_empty_and_missing_files(tmp_path):
    with pytest.raises(ConfigError, match="no scenario lines"):
        inc.load_scenario(write(tmp_path / "e.jsonl", ["", "  "]))
    with pytest.raises(Exception, match="not found"):
        inc.load_scenario(tmp_path / "absent.jsonl")


def test_cli_bad_line_is_an_error_not_a_traceback(tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import app

    f = write(tmp_path / "s.jsonl", [line(), line(id="h1-b", split="nope")])
    res = CliRunner().invoke(app, ["eval", "incidents", str(f)])
    assert res.exit_code == 1
    assert "Error:" in res.stderr and "line 2: split 'nope'" in res.stderr
    assert "Traceback" not in res.output


def test_the_shipped_set_is_well_formed():
    """The scenario set itself: readable, the sizes the issue asks for, both halves with copies and distractors."""
    lines = inc.load_scenario(ROOT / "eval" / "incidents" / "scenarios.jsonl")
    happenings = {ln.happening for ln in lines}
    assert len(happenings) >= 36 and 110 <= len(lines) <= 140
    for half in inc.SPLITS:
        mine = [ln for ln in lines if ln.split == half]
        assert any(ln.copy_of for ln in mine) and any(ln.outlet is None for ln in mine)
        assert len({ln.type for ln in mine}) >= 5


# ---------------------------------------------------------------- one run through a store

SCENARIO = [
    line(id="h1-a", text="A drone strike on the market in Tessalit in northern Mali killed 17 civilians on Monday, "
                         "local officials said."),
    line(id="h1-b", outlet="AFP", published="2025-03-05", fatalities=19,
         text="At least 19 people died when a drone struck the market of Tessalit, Mali, late on March 3, a "
              "councillor said."),
    line(id="h1-c", outlet=None, copy_of="h1-a", text="A drone strike on the market in Tessalit in northern Mali "
                                                       "killed 17 civilians on Monday, local officials said."),
    line(id="h2-a", happening="h2", type="PROTEST", split="check", outlet="Daily Nation", published="2025-06-18",
         fatalities=None, text="Thousands of young protesters marched through Nairobi on Wednesday against the "
                               "finance bill."),
    line(id="h2-b", happening="h2", type="PROTEST", split="check", outlet="AFP", published="2025-06-19",
         fatalities=None, text="Kenyan youths demonstrated in the capital Nairobi yesterday against tax rises, "
                               "witnesses said."),
    line(id="h3-a", happening="h3", type="COERCE", outlet="Dhaka Tribune", published="2025-07-03", fatalities=None,
         text="Police arrested 150 opposition activists in raids across Dhaka on Wednesday, the police said."),
]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    f = write(tmp_path_factory.mktemp("scen") / "s.jsonl", SCENARIO)
    return f, inc.run(f)


def test_run_end_to_end(small):
    _, r = small
    json.dumps(r)
    assert r["dataset"] == "incidents" and r["n"] == 6
    c = r["counts"]
    assert (c["lines"], c["articles"], c["happenings"]) == (6, 5, 3)  # h1-c repeats h1-a's text: one article
    assert set(r["metrics"]) == {"all", "calibrate", "check"}
    assert r["metrics"]["all"]["items"] == 6 and r["metrics"]["calibrate"]["items"] == 4
    assert r["metrics"]["check"]["items"] == 2
    for m in r["metrics"].values():
        for group in ("pairwise", "bcubed"):
            for k in ("precision", "recall", "f1"):
                v = m[group][k]
                assert v is None or 0.0 <= v <= 1.0
    pred = r["predicted"]
    assert pred["h1-a"]["article_id"] == pred["h1-c"]["article_id"]
    assert pred["h1-a"]["incident"] == pred["h1-c"]["incident"]
    # lines sharing an article are predicted together, so that pair is never an error
    assert not any({e["a"], e["b"]} == {"h1-a", "h1-c"} for e in r["errors"])
    srcs = {row["happening"]: row for row in r["sources"]["per_happening"]}
    assert srcs["h1"]["expected"] == 2 and srcs["h2"]["expected"] == 2 and srcs["h3"]["expected"] == 1
    figs = r["figures"]
    assert [row["happening"] for row in figs["per_happening"]] == ["h1"]
    assert figs["per_happening"][0]["lowest"] == 17 and figs["per_happening"][0]["reported"] == [17, 17, 19]
    if not figs["available"]:
        assert figs["per_happening"][0]["headline"] == "unavailable"
    for e in r["errors"]:
        assert e["kind"] in ("split", "joined") and e["reason"]


def test_cli_report(small, tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import app

    f, _ = small
    res = CliRunner().invoke(app, ["eval", "incidents", str(f), "--errors", "5"])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "Incident scenarios: 6 lines, 5 articles, 3 happenings" in out
    assert "calibrate" in out and "check" in out and "B-cubed" in out
    buf = io.StringIO()
    inc.print_report(small[1], buf, errors=5)
    assert buf.getvalue() == out
