"""The YAML data files are validated by pydantic models: a broken file raises DataError naming the file and the
field, never a traceback from deep inside a stage."""

from __future__ import annotations

import pytest

from eventwire import lexicons
from eventwire.errors import DataError
from eventwire.ingest import lexicon as boilerplate
from eventwire.kb_load import _load_nouns


def _events(monkeypatch, text):
    import yaml

    monkeypatch.setattr(lexicons, "load_yaml", lambda name: yaml.safe_load(text))
    lexicons.event_lexicon.cache_clear()
    try:
        return lexicons.event_lexicon()
    finally:
        monkeypatch.undo()
        lexicons.event_lexicon.cache_clear()


@pytest.mark.parametrize("text, field", [
    ("triggers:\n  - {lemmas: [raid], type: ASSAULTT, cameo: '190'}\n", "triggers.0.type"),
    ("triggers:\n  - {lemmas: [raid], type: ASSAULT, cameo: '190', colour: red}\n", "triggers.0.colour"),
    ("triggers:\n  - {lemmas: [raid], type: ASSAULT, weight: lots}\n", "triggers.0.weight"),
    ("triggers:\n  - {lemmas: [raid], type: ASSAULT, weight: 1.5}\n", "triggers.0.weight"),
    ("status: {negation: not-a-list}\n", "status.negation"),
])
def test_a_broken_event_lexicon_names_the_file_and_the_field(monkeypatch, text, field):
    with pytest.raises(DataError) as exc:
        _events(monkeypatch, text)
    assert exc.value.path == "lexicons/events.yaml" and str(exc.value).split(": ", 1)[1].startswith(field)


def test_the_shipped_event_lexicon_loads():
    lex = lexicons.event_lexicon()
    assert "attack" in lex.verbs and lex.verbs["attack"][0].type == "ASSAULT"


@pytest.mark.parametrize("text, field", [
    ("ui_lines: [Share this, {Read more: x}]\n", "ui_lines.1"),
    ("outlets:\n  - {aliases: [AP]}\n", "outlets.0.name"),
    ("max_ui_line_chars: many\n", "max_ui_line_chars"),
    ("ui_line: [Share this]\n", "ui_line"),
])
def test_a_broken_boilerplate_lexicon_names_the_file_and_the_field(tmp_path, monkeypatch, text, field):
    data = tmp_path / "eventwire" / "data" / "lexicons"
    data.mkdir(parents=True)
    (data / "boilerplate.yaml").write_text(text)
    monkeypatch.setattr(boilerplate.resources, "files", lambda pkg: tmp_path / "eventwire")
    boilerplate.load_lexicon.cache_clear()
    try:
        with pytest.raises(DataError) as exc:
            boilerplate.load_lexicon()
    finally:
        monkeypatch.undo()
        boilerplate.load_lexicon.cache_clear()
    assert exc.value.path.endswith("boilerplate.yaml") and field in str(exc.value)


@pytest.mark.parametrize("text, needle", [
    ("MIL: {generic: [army, 3]}\n", "MIL.generic.1"),
    ("MIL: {genric: [army]}\n", "bad kind 'genric'"),
    ("MIL: [army]\n", "MIL"),
    ("- army\n", "valid dictionary"),
])
def test_a_broken_sectors_lexicon_names_the_file_and_the_field(text, needle):
    with pytest.raises(DataError) as exc:
        _load_nouns(text, "s.yaml")
    assert exc.value.path == "s.yaml" and needle in str(exc.value)


@pytest.mark.parametrize("text, field", [
    ("regions:\n  - {name: Gaza Strip, lat: 31.4}\n", "regions.0.lon"),
    ("regions:\n  - {name: Gaza Strip, lat: 131.4, lon: 34.4}\n", "regions.0.lat"),
    ("admin1:\n  - {name: X, lat: 1, lon: 2, feature: town}\n", "admin1.0.feature"),
    ("not_places: [Turkey, No]\n", "not_places.1"),
    ("country_aliases: {SYR: Syria}\n", "country_aliases.SYR"),
])
def test_a_broken_places_lexicon_names_the_file_and_the_field(tmp_path, text, field):
    from eventwire.places_lexicon import load_places_lexicon as _load_lexicon

    path = tmp_path / "places.yaml"
    path.write_text(text)
    with pytest.raises(DataError) as exc:
        _load_lexicon(path)
    assert exc.value.path == str(path) and str(exc.value).split(": ", 1)[1].startswith(field)


def test_a_broken_acled_types_file_names_the_file_and_the_field(monkeypatch):
    import yaml

    from eventwire.eventmodel import labels

    good = lexicons.load_yaml("lexicons/acled_types.yaml")
    bad = {"sub_events": {**good["sub_events"], "Armed clash": {"event_type": "Battles", "plover": "ASSAULTS"}}}
    monkeypatch.setattr(labels, "load_yaml", lambda name: yaml.safe_load(yaml.safe_dump(bad)))
    labels.acled_sub_events.cache_clear()
    try:
        with pytest.raises(DataError) as exc:
            labels.acled_sub_events()
    finally:
        monkeypatch.undo()
        labels.acled_sub_events.cache_clear()
    assert exc.value.path == "lexicons/acled_types.yaml" and "sub_events.Armed clash.plover" in str(exc.value)


def test_a_bare_on_among_target_prepositions_is_refused(tmp_path):
    # YAML 1.1 reads a bare `on` as true, which matches no preposition: the model takes words only
    import pytest as _pytest

    from eventwire.errors import DataError
    from eventwire.lexicons import _TriggerEntry, validated

    with _pytest.raises(DataError, match="target_preps"):
        validated(_TriggerEntry, {"lemmas": ["attack"], "type": "ASSAULT", "target_preps": [True, "against"]},
                  tmp_path / "events.yaml")
