"""The stages' English word lists live in data/lexicons/words/*.yaml: each file is validated when loaded, a bad one
names its file and its key, and every file counts in the pipeline version."""

from __future__ import annotations

import shutil
from importlib import resources

import pytest

from eventwire import version, wordlists
from eventwire.errors import DataError

WORDS_DIR = resources.files("eventwire") / "data" / "lexicons" / "words"
MODULES = sorted(p.name.removesuffix(".yaml") for p in WORDS_DIR.iterdir() if p.name.endswith(".yaml"))


def test_every_stage_with_word_lists_has_its_file():
    assert {"quantities", "attribution", "arguments", "relations", "codes", "recipients", "event_merge",
            "demands"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_each_file_loads_and_says_what_each_list_is_for(module):
    lists = wordlists.words(module)
    text = (WORDS_DIR / f"{module}.yaml").read_text(encoding="utf-8").splitlines()
    keys = [i for i, line in enumerate(text) if line and not line.startswith((" ", "#"))]
    assert keys, module
    for i in keys:
        assert text[i - 1].startswith("#"), f"{module}.yaml: {text[i]!r} has no comment above it"
        key = text[i].split(":")[0]
        assert lists._get(key, (list, dict))  # noqa: SLF001  (every key loads as a list or a mapping)


def test_the_stages_read_the_files():
    from eventwire.stages import attribution, quantities

    assert "say" in attribution.REPORTING and "say" in wordlists.words("attribution").set("reporting")
    assert quantities._VAGUE["dozens"] == (24, 99) and quantities._VAGUE["many"] == (10, None)  # noqa: SLF001


@pytest.mark.parametrize("text, key", [
    ("kill: [die, die]\n", "kill"),            # a word listed twice
    ("kill: [die, '']\n", "kill"),             # an empty word
    ("kill: die\n", "kill"),                   # not a list
    ("vague: {dozen: [12, 'x']}\n", "vague"),  # a range of something else than numbers
    ("kill: []\n", "kill"),                    # an empty list
])
def test_a_broken_file_names_the_file_and_the_key(text, key):
    with pytest.raises(DataError) as exc:
        wordlists.parse(text, "lexicons/words/broken.yaml")
    assert exc.value.path == "lexicons/words/broken.yaml" and repr(key) in str(exc.value)


def test_not_yaml_or_not_a_mapping_is_a_clear_error():
    for text in ("kill: [die\n", "- die\n"):
        with pytest.raises(DataError) as exc:
            wordlists.parse(text, "lexicons/words/broken.yaml")
        assert exc.value.path == "lexicons/words/broken.yaml"


def test_a_missing_key_or_a_key_of_the_wrong_kind_names_the_key():
    lists = wordlists.parse("kill: [die]\nunits: {one: 1}\n", "x.yaml")
    assert lists.set("kill") == frozenset({"die"}) and lists.map("units") == {"one": 1}
    with pytest.raises(DataError, match="'wound'"):
        lists.set("wound")
    with pytest.raises(DataError, match="'units'"):
        lists.set("units")
    with pytest.raises(DataError, match="'kill'"):
        lists.map("kill")


def test_yaml_words_that_look_like_booleans_stay_words():
    # "on" is a word of attribution's near_time: YAML 1.1 would read it as true if it were not quoted
    assert "on" in wordlists.words("attribution").set("near_time")


def test_changing_a_word_list_changes_the_pipeline_version(tmp_path, monkeypatch):
    root = tmp_path / "data"
    shutil.copytree(version.data_root(), root, ignore=shutil.ignore_patterns("samples", "demo", "__pycache__"))
    monkeypatch.setattr(version, "data_root", lambda: root)
    version.pipeline_version.cache_clear()
    try:
        before = version.pipeline_version()
        f = root / "lexicons" / "words" / "quantities.yaml"
        f.write_text(f.read_text().replace("kill: [", "kill: [smite, ", 1))
        version.pipeline_version.cache_clear()
        assert version.pipeline_version() != before
    finally:
        version.pipeline_version.cache_clear()
