"""The README's own commands, as a new user runs them, where one did not do what the README says: `eventwire train
FILE --out DIR` on a small file of one kind of label, and `eventwire --version` under $EVENTWIRE_MODEL. Each test
failed before the change it covers."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from eventwire.cli import app

runner = CliRunner()
PLACES = ("Idlib", "Aleppo", "Kharkiv", "Goma", "Khartoum", "Mosul")


def _labels(path, n: int = 12) -> None:
    """A small labelled CSV of PLOVER labels only (every ACLED label is then NONE)."""
    rows = []
    for i in range(n):
        p = PLACES[i % len(PLACES)]
        rows += [(f"Hundreds of people protested in {p} against rising prices, number {i}.", "PROTEST"),
                 (f"Rebels attacked an army post near {p}, killing {i % 7 + 2} soldiers.", "ASSAULT"),
                 (f"The weather in {p} was sunny on day {i}.", "NONE")]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        w.writerows(rows)


def test_train_on_a_file_of_plover_labels_only_and_use_the_model(tmp_path, monkeypatch):
    # was: a scikit-learn traceback ("needs samples of at least 2 classes"): the ACLED head saw only NONE
    _labels(tmp_path / "my-labels.csv")
    out = tmp_path / "my-model"
    res = runner.invoke(app, ["train", str(tmp_path / "my-labels.csv"), "--out", str(out), "--only-mine",
                              "--folds", "2"])
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output and "cross-validation (2 folds)" in res.stderr
    card = json.loads((out / "card.json").read_text())
    assert card["labels"]["acled"] == {"NONE": 36}
    art = tmp_path / "a.txt"
    art.write_text("Hundreds of people protested in Goma against rising prices on Monday.")
    shipped = json.loads(runner.invoke(app, ["extract", str(art)]).stdout)["pipeline_version"]
    # --model sets $EVENTWIRE_MODEL for the rest of the process (its workers read it): undone at the test's end
    # (setenv first: delenv of an absent variable records nothing to undo, and the model leaked into later tests)
    monkeypatch.setenv("EVENTWIRE_MODEL", "")
    monkeypatch.delenv("EVENTWIRE_MODEL")
    res = runner.invoke(app, ["extract", str(art), "--model", str(out), "--published", "2024-12-03"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["pipeline_version"] != shipped  # the model counts
    # the one-class head answers its one label
    from eventwire.eventmodel import load_model

    probs = load_model(out).proba(["Rebels attacked an army post near Goma."])
    assert probs["acled"][0].argmax() == 0  # NONE


def test_train_with_fewer_examples_than_folds_says_so(tmp_path):
    _labels(tmp_path / "tiny.csv", n=1)
    res = runner.invoke(app, ["train", str(tmp_path / "tiny.csv"), "--out", str(tmp_path / "m"), "--only-mine"])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "3 examples cannot be split into 5 cross-validation folds" in res.stderr
    assert not (tmp_path / "m").exists()


def test_version_counts_the_model_and_kb_of_the_environment(tmp_path):
    _labels(tmp_path / "l.csv")
    out = tmp_path / "m"
    assert runner.invoke(app, ["train", str(tmp_path / "l.csv"), "--out", str(out), "--only-mine",
                               "--folds", "0"]).exit_code == 0
    art = tmp_path / "a.txt"
    art.write_text("Rebels attacked an army post near Goma.")
    plain = runner.invoke(app, ["--version"]).stdout
    env = {"EVENTWIRE_MODEL": str(out)}
    mine = runner.invoke(app, ["--version"], env=env).stdout
    stamped = json.loads(runner.invoke(app, ["extract", str(art)], env=env).stdout)["pipeline_version"]
    # was: the shipped model's version whatever $EVENTWIRE_MODEL said, so --version never matched the stamp
    assert plain != mine and mine.strip().endswith(stamped)
    res = runner.invoke(app, ["--version"], env={"EVENTWIRE_KB": str(tmp_path / "absent.yaml")})
    assert res.exit_code == 1 and "Traceback" not in res.output and "absent.yaml" in res.stderr
