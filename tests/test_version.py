"""One pipeline version: it moves with every data file, model file and stage name, and a store re-annotates
what an older version made."""

from __future__ import annotations

import shutil
from importlib import resources

import pytest

from eventwire import ingest_sources
from eventwire import version
from eventwire.store import Store

SAMPLES = str(resources.files("eventwire") / "data" / "samples")


@pytest.fixture()
def data_copy(tmp_path, monkeypatch):
    root = tmp_path / "data"
    shutil.copytree(version.data_root(), root, ignore=shutil.ignore_patterns("samples", "demo", "__pycache__"))
    monkeypatch.setattr(version, "data_root", lambda: root)
    version.pipeline_version.cache_clear()
    yield root
    version.pipeline_version.cache_clear()


def test_the_version_is_the_package_and_a_digest():
    v = version.pipeline_version()
    assert v.startswith(version.package_version() + "+p.") and len(v.split("+p.")[1]) == 12
    assert version.pipeline_version() == v  # computed once


def test_any_data_file_or_model_file_changes_the_version(data_copy):
    before = version.pipeline_version()
    lex = data_copy / "lexicons" / "events.yaml"
    lex.write_text(lex.read_text() + "\n# a comment is a change of the file\n")
    version.pipeline_version.cache_clear()
    after_lexicon = version.pipeline_version()
    assert after_lexicon != before
    model = sorted((data_copy / "model").rglob("*.npz"))
    assert model, "the event model ships under data/model"
    model[0].write_bytes(model[0].read_bytes() + b"\0")
    version.pipeline_version.cache_clear()
    assert version.pipeline_version() not in (before, after_lexicon)


def test_a_stage_version_changes_the_version(monkeypatch):
    before = version.pipeline_version()
    monkeypatch.setattr(version, "stage_names", lambda: ["eventwire.parse.spacy_sm.v1", "eventwire.events.v99"])
    version.pipeline_version.cache_clear()
    try:
        assert version.pipeline_version() != before
    finally:
        version.pipeline_version.cache_clear()


def test_a_user_kb_file_changes_the_version(tmp_path):
    kb = tmp_path / "mine.yaml"
    kb.write_text("entries: []\n")
    assert version.pipeline_version((str(kb),)) != version.pipeline_version()


def test_the_next_ingest_reannotates_what_an_older_version_made(tmp_path, monkeypatch):
    store = Store(str(tmp_path / "v.db"))
    first = ingest_sources(store, [SAMPLES])
    assert first["new"] == 7 and first["reannotated"] == 0
    again = ingest_sources(store, [SAMPLES])
    assert again["duplicate"] == 7 and again["reannotated"] == 0
    newer = version.pipeline_version() + "-next"
    monkeypatch.setattr(version, "pipeline_version", lambda kb_files=(): newer)
    third = ingest_sources(store, [SAMPLES])
    assert third["reannotated"] == 7 and third["new"] == 0 and third["duplicate"] == 0
    assert {a["pipeline_version"] for a in store.articles(limit=0)} == {newer}
    store.close()


def test_the_stage_contract_is_checked():
    from eventwire.errors import ConfigError
    from eventwire.pipeline import Stage, check_contract, stage_list

    stages = stage_list()
    check_contract(stages)  # the real order holds
    names = [s.name for s in stages]
    assert names[0] == "parse" and names.index("event model") < names.index("events")
    swapped = [s for s in stages if s.name != "event model"]  # events would read predictions
    with pytest.raises(ConfigError, match="predictions"):
        check_contract(swapped)
    with pytest.raises(ConfigError, match="reads"):
        check_contract([Stage("x", "x.v1", ("events",), (), lambda a, r: a)])
    with pytest.raises(ConfigError, match="doc"):  # the parse must come first
        check_contract([stages[1], stages[0], *stages[2:]])
    with pytest.raises(ConfigError, match="batch"):  # a batch-wise stage after per-article ones
        check_contract([*stages, stages[0]])


def test_store_ingest_takes_annotations_or_says_what_it_takes(tmp_path):
    import eventwire
    from eventwire.errors import InputError

    ann = eventwire.extract("Police arrested six activists in Osh on Monday.", published="2024-03-05")
    store = Store(str(tmp_path / "a.db"))
    got = store.ingest([ann])
    assert got["new"] == 1 and got["events"] == len(ann.events)
    with pytest.raises(InputError, match="paths"):
        store.ingest([ann, 42])
    store.close()


def test_the_package_version_is_the_one_in_pyproject():
    import re
    from pathlib import Path

    import eventwire
    from eventwire.about import __version__

    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    assert re.search(r'^version = "([^"]+)"', pyproject, re.M).group(1) == __version__ == eventwire.__version__
