"""The stage contract: every stage changes only the fields it declares in `writes` (plus the bookkeeping list
`stages`), on the sample and demo corpora and on every golden case (tests/cases/*.yaml).

Each stage runs on its own: the annotation's fields are snapshotted before and after, and a field that changed
but is not declared fails the test with the stage and the article. The checker is shown to catch a false
declaration (events without "actors": the events stage retypes actors) and a stage that writes behind its
declaration's back.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from eventwire.ingest import article_from_text
from eventwire.records import AnnotatedArticle
from eventwire.stages import STAGES
from eventwire.stages.stage import BOOKKEEPING, Stage

ROOT = Path(__file__).resolve().parents[1]
CORPORA = (ROOT / "src/eventwire/data/samples/samples.jsonl", ROOT / "src/eventwire/data/demo/demo-corpus.jsonl")
CASES = sorted((ROOT / "tests/cases").glob("*.yaml"))
_DOC_ATTRS = ["ORTH", "LEMMA", "TAG", "POS", "DEP", "HEAD", "SENT_START", "ENT_IOB", "ENT_TYPE"]


def _texts() -> list[tuple[str, str, str | None]]:
    """(label, text, published) of every sample and demo article and every golden case."""
    out = []
    for path in CORPORA:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out.append((f"{path.name}:{rec['id']}", rec["text"], rec.get("published")))
    for path in CASES:
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out.append((f"{path.name}:{case['id']}", case["text"], case.get("published")))
    return out


def _fingerprint(value):
    """A comparable copy of one field: the Doc by its token attributes and entities (its `user_data` is a cache
    of what stages computed from it, not an annotation), anything else by its full repr."""
    if value is not None and hasattr(value, "to_array") and hasattr(value, "ents"):
        return (id(value), value.to_array(_DOC_ATTRS).tobytes(), tuple((e.start, e.end, e.label_) for e in value.ents))
    return repr(value)


def snapshot(ann: AnnotatedArticle) -> dict[str, object]:
    """Every field of the annotation; the article's fields one by one ("article.rejected")."""
    out: dict[str, object] = {}
    for f in dataclasses.fields(ann):
        value = getattr(ann, f.name)
        if f.name == "article":
            for g in dataclasses.fields(value):
                out[f"article.{g.name}"] = _fingerprint(getattr(value, g.name))
        else:
            out[f.name] = _fingerprint(value)
    return out


def undeclared(stage: Stage, before: dict[str, object], after: dict[str, object]) -> list[str]:
    """The fields that changed although `stage` does not declare them ("article" declares all its fields)."""
    allowed = set(stage.writes) | set(BOOKKEEPING)
    return [k for k in before if before[k] != after[k] and k not in allowed and k.split(".", 1)[0] not in allowed]


def run_checked(stages, articles, res) -> dict[str, list[tuple[str, list[str]]]]:
    """Run `stages` over the articles, each stage alone; stage name -> [(article label, undeclared fields)]."""
    problems: dict[str, list[tuple[str, list[str]]]] = {}
    anns = [(label, AnnotatedArticle(article=art)) for label, art in articles]
    for stage in stages:
        for label, ann in anns:
            if ann.article.rejected:
                continue
            before = snapshot(ann)
            if stage.run_batch is not None:
                stage.run_batch([ann], res)
            else:
                stage.run(ann, res)
            bad = undeclared(stage, before, snapshot(ann))
            if bad:
                problems.setdefault(stage.name, []).append((label, bad))
    return problems


@pytest.fixture(scope="module")
def res():
    from eventwire.pipeline import Pipeline

    return Pipeline().res


@pytest.fixture(scope="module")
def articles():
    return [(label, article_from_text(text, published=published)) for label, text, published in _texts()]


def test_every_stage_changes_only_what_it_declares(res, articles):
    assert len(articles) > 100, "the sample corpora and golden cases should all be read"
    problems = run_checked(STAGES, articles, res)
    assert not problems, "\n".join(f"{name}: {label} changed {fields}, undeclared"
                                   for name, hits in problems.items() for label, fields in hits[:5])


def test_a_false_declaration_fails(res, articles):
    """The check can fail: events declared without "actors" (it retypes them), and a stage that sorts the places
    while declaring nothing, are both caught."""
    events = next(s for s in STAGES if s.name == "events")
    lying_events = dataclasses.replace(events, writes=tuple(w for w in events.writes if w != "actors"))

    def shuffle_places(ann, res):
        ann.places = ann.places[::-1]
        return ann

    sneaky = Stage("sneaky", "test.sneaky.v1", reads=("places",), writes=(), run=shuffle_places)
    stages = [s if s is not events else lying_events for s in STAGES] + [sneaky]
    problems = run_checked(stages, articles[:40], res)
    assert "actors" in {f for _, fields in problems.get("events", []) for f in fields}
    assert {f for _, fields in problems.get("sneaky", []) for f in fields} == {"places"}
    assert set(problems) == {"events", "sneaky"}
