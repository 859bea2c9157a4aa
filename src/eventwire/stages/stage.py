"""The unit of the pipeline: a named, versioned stage that declares what it reads and writes.

Every stage module exports `STAGE = Stage(name, version, reads, writes, run)`; `eventwire.stages.STAGES` lists them
in the order they run and `eventwire.pipeline.Pipeline` is built from that list. `reads` and `writes` name fields
of `records.AnnotatedArticle` ("article.published" is a field of its article). The pipeline refuses a stage that
reads what no stage before it writes (`check_contract`), and tests/test_stage_contract.py fails a stage that
changes a field it does not declare.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable

from eventwire.records import AnnotatedArticle

# what an annotation holds before the first stage runs: the article (its text, metadata and publication date)
INPUT = ("article",)
# fields every stage may change whatever it declares: the list of the stages that ran (each appends its version)
BOOKKEEPING = ("stages",)


@dataclass(frozen=True)
class Stage:
    """`name`: the short name ("places"); `version`: the versioned name recorded in `AnnotatedArticle.stages` and
    hashed into the pipeline version ("eventwire.places.geonames.v5"); `run(ann, resources)` annotates one
    article; `run_batch(anns, resources)`, where given, annotates a batch at once (the parse)."""

    name: str
    version: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[[AnnotatedArticle, Any], AnnotatedArticle]
    run_batch: Callable[[list[AnnotatedArticle], Any], list[AnnotatedArticle]] | None = None


def written_before(stages: list[Stage] | tuple[Stage, ...]) -> list[set[str]]:
    """For each stage, the fields the input and the stages before it wrote."""
    out, written = [], set(INPUT)
    for st in stages:
        out.append(set(written))
        written.update(st.writes)
    return out


def unmet_reads(stage: Stage, written: set[str]) -> list[str]:
    """The fields `stage` reads that are not in `written` ("article.text" is met by "article")."""
    return [r for r in stage.reads if r not in written and r.split(".", 1)[0] not in written]


def published_date(ann: AnnotatedArticle) -> dt.date | None:
    """The article's publication date; None when it has none or it is not a date (relative dates then stay
    unresolved: never counted from the day the program runs)."""
    if ann.article.published:
        try:
            return dt.date.fromisoformat(ann.article.published[:10])
        except ValueError:
            pass
    return None
