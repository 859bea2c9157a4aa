"""The command line: output formats, --explain, exit codes, and one object per input even when rejected."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from eventwire.cli import app

runner = CliRunner()
TEXT = ("Rebels seize a town in Syria\n\nSyrian rebels captured the town of Saraqib on Sunday, "
        "two opposition sources said.\n\nRussian jets bombed the town later, killing at least 12 civilians.")


def test_extract_json_contract(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT)
    res = runner.invoke(app, ["extract", str(f), "--published", "2024-12-03"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert set(out) >= {"article", "mentions", "relations", "events"}
    assert set(out["mentions"]) == {"actors", "places", "times"}
    ev = out["events"][0]
    for key in ("id", "type", "mode", "context", "cameo", "acled", "sources", "targets", "location", "date",
                "quantities", "fatalities", "attribution", "evidence", "confidence"):
        assert key in ev
    text = out["article"]["text"]
    for a in out["mentions"]["actors"]:  # every value traceable to the text
        assert text[a["start"]:a["end"]] == a["text"]
    for e in out["events"]:
        assert text[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["sentence"]


def test_extract_jsonl_keeps_input_order_and_rejections(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text(json.dumps({"id": "a", "text": TEXT, "published": "2024-12-03"}) + "\n"
                 + '{"id": "b", "text": "truncated\n'
                 + json.dumps({"id": "c", "text": "Le gouvernement a annoncé de nouvelles mesures aujourd'hui "
                               "pour soutenir les agriculteurs touchés par la sécheresse."}) + "\n")
    res = runner.invoke(app, ["extract", str(f), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) == 3
    assert rows[0]["article"]["source_id"] == "a" and rows[0]["events"]
    assert "rejected" in rows[1] and rows[1]["events"] == []
    assert rows[2]["rejected"].startswith("not_english")


def test_table_and_explain(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT)
    res = runner.invoke(app, ["extract", str(f), "--published", "2024-12-03", "--format", "table", "--explain"])
    assert res.exit_code == 0, res.output
    assert "ASSAULT" in res.stdout
    assert "{trigger}" in res.stdout and "{source}" in res.stdout
    assert "claimant" in res.stdout


def test_extract_table_wraps_long_cells_and_wide_keeps_one_line(tmp_path):
    # issue 13: tables never hide what differs: a long cell wraps onto more lines; --wide keeps each on one line
    f = tmp_path / "a.txt"
    f.write_text("Fighters of the Rapid Support Forces, the Sudan Liberation Movement and the Sudanese Alliance "
                 "Forces shelled a market in Omdurman on Saturday, killing 12 people, local activists said.")
    res = runner.invoke(app, ["extract", str(f), "--published", "2024-12-03", "--format", "table"])
    assert res.exit_code == 0, res.output
    assert "\u2026" not in res.stdout and "Alliance Forces" in res.stdout
    assert len([line for line in res.stdout.splitlines() if line.strip()]) > 4  # the row wrapped
    wide = runner.invoke(app, ["extract", str(f), "--published", "2024-12-03", "--format", "table", "--wide"])
    row = next(line for line in wide.stdout.splitlines() if "ASSAULT" in line)
    assert "Rapid Support Forces" in row and "Sudanese Alliance Forces" in row


def test_user_errors_exit_1_without_traceback(tmp_path):
    res = runner.invoke(app, ["extract", str(tmp_path / "missing.txt")])
    assert res.exit_code == 1
    assert "Error:" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["eval", "plover", str(tmp_path / "missing.json")])
    assert res.exit_code == 1


def test_bad_usage_exits_2():
    assert runner.invoke(app, ["extract", "--published", "2024-13-45", "x"]).exit_code == 2
    assert runner.invoke(app, ["extract", "--format", "xml", "x"]).exit_code == 2


def test_demo_fills_the_store_and_shows_corroborated_incidents_and_the_graph(tmp_path):
    db = str(tmp_path / "demo.db")
    res = runner.invoke(app, ["demo", "--db", db])
    assert res.exit_code == 0, res.output
    out = res.stdout
    head = next(line for line in out.splitlines() if line.startswith("# Incidents reported by two or more outlets"))
    multi = int(head.split("(")[1].split()[0])
    assert multi >= 3  # the demo corpus reports several happenings through two or three outlets
    assert "# Alliance graph:" in out and "ally" in out and "hostile" in out
    from sqlalchemy import text

    from eventwire.store import Store

    def dump() -> dict:
        with Store(db, create=False) as store, store.engine.connect() as conn:
            return {t: sorted(map(tuple, conn.execute(text(f"SELECT * FROM {t}")))) for t in store.counts()
                    if t != "runs"}

    before = dump()
    again = runner.invoke(app, ["demo", "--db", db])
    assert again.exit_code == 0 and "(0 new," in again.stderr  # a second run changes nothing:
    assert dump() == before  # every table (but the log of runs) holds exactly the same rows


def test_readme_names_the_two_commands_and_ci_calls_the_test_one():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (root / ".ci" / "run").read_text()


def test_demo_hints_name_a_command_that_works_where_eventwire_is_not_on_path(tmp_path, monkeypatch):
    """After `make demo`, eventwire is in .venv/bin only: the "Next" hints name that path and the activate script."""
    import sys

    from eventwire.cli import _how_to_call

    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "eventwire").write_text("#!/bin/sh\n")
    (bin_ / "activate").write_text("")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "argv", [".venv/bin/eventwire", "demo"])
    assert _how_to_call() == (".venv/bin/eventwire", ".venv/bin/activate")
    (bin_ / "eventwire").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_))
    assert _how_to_call() == ("eventwire", None)


def test_every_eval_dataset_names_its_scorer():
    """`eventwire eval NAME` runs eventwire.evaluation.<name>.evaluate_<name> ('-' read as '_')."""
    from importlib import import_module

    from eventwire.cli_eval import Dataset

    for d in Dataset:
        module = d.value.replace("-", "_")
        assert callable(getattr(import_module(f"eventwire.evaluation.{module}"), f"evaluate_{module}")), d
