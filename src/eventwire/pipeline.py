"""The pipeline: built once per process, run over batches of articles.

    Article -> parse -> actors -> places -> times -> quantities -> event model -> events -> relations

The pipeline is built from `eventwire.stages.STAGES`: each stage is a module exporting `STAGE = Stage(name,
version, reads, writes, run)` with `run(AnnotatedArticle, Resources) -> AnnotatedArticle` (the parse also runs
batch-wise). `check_contract` refuses a stage that reads what no stage before it writes.
A stage that fails on one article records the failure as that article's rejection; the batch goes on.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Sequence

from eventwire import budget
from eventwire.errors import EventwireError
from eventwire.records import AnnotatedArticle, Article
from eventwire.stages.stage import Stage, unmet_reads, written_before

log = logging.getLogger(__name__)

__all__ = ["Pipeline", "Resources", "Stage", "check_contract", "default_pipeline", "extract", "extract_many",
           "load_resources", "stage_list"]


@dataclass
class Resources:
    """Heavy shared objects, loaded once per process."""

    kb: Any
    gazetteer: Any
    lexicon: Any
    trigger_words: frozenset[str]
    demonyms: frozenset[str]  # lowercased demonyms of every state: never places
    event_model: Any = None  # eventwire.eventmodel.LinearEventModel
    needs_ner: Callable[[Any], bool] = lambda sent: True  # which sentences NER runs on (parse.NerSentences)


@functools.lru_cache(maxsize=4)
def load_resources(kb_files: tuple[str, ...] = (), model_dir: str | None = None) -> Resources:
    from eventwire.eventmodel import load_model
    from eventwire.gazetteer import get_gazetteer
    from eventwire.kb_load import load_kb
    from eventwire.lexicons import event_lexicon
    from eventwire.stages.parse import NerSentences

    lex = event_lexicon()
    kb = load_kb(kb_files)
    demonyms = frozenset(d.lower() for e in kb.by_kind("state") for d in e.demonyms)
    gazetteer, words, model = get_gazetteer(), lex.trigger_words(), load_model(model_dir)
    return Resources(kb=kb, gazetteer=gazetteer, lexicon=lex, trigger_words=words, demonyms=demonyms,
                     event_model=model, needs_ner=NerSentences(kb, gazetteer, demonyms, words, model))


def stage_list() -> list[Stage]:
    """The stages in order, parse first (`eventwire.stages.STAGES`; importing them loads no model)."""
    from eventwire.stages import STAGES

    return list(STAGES)


def check_contract(stages: Sequence[Stage]) -> None:
    """Every stage reads only what the input or an earlier stage wrote, and only a leading run of stages works
    batch-wise (raises ConfigError otherwise)."""
    from eventwire.errors import ConfigError

    for st, written in zip(stages, written_before(stages)):
        missing = unmet_reads(st, written)
        if missing:
            raise ConfigError(f"stage {st.version} reads {missing}, which no stage before it writes")
    batched = [st.run_batch is not None for st in stages]
    if any(b and not a for a, b in zip(batched, batched[1:])):
        raise ConfigError("only the first stages of a pipeline may run batch-wise (run_batch)")


# The most events, relations and mentions of each kind one article keeps. A long report may hold a few hundred
# events; more is a list or a hostile text, and the rest would only bloat the store and the API's answers.
MAX_PER_ARTICLE = 1_000


def cap_output(ann: AnnotatedArticle) -> AnnotatedArticle:
    """Keep at most MAX_PER_ARTICLE of each list (the first in the text), saying so in `ann.warnings`."""
    for name in ("events", "relations", "actors", "places", "times", "quantities"):
        items = getattr(ann, name)
        if len(items) > MAX_PER_ARTICLE:
            ann.warnings.append(f"truncated: {len(items):,} {name}, the first {MAX_PER_ARTICLE:,} kept")
            setattr(ann, name, items[:MAX_PER_ARTICLE])
    return ann


class Pipeline:
    """Build once, call many times. Not thread-safe (spaCy docs); use one per worker process."""

    def __init__(self, kb_files: Sequence[str] = (), model: str | None = None,
                 seconds: float | None = None) -> None:
        """`kb_files`: the user's own actors; `model`: an event model directory (default: $EVENTWIRE_MODEL,
        else the shipped model); `seconds`: the time budget of one article (default: `budget.seconds()`)."""
        self.seconds = seconds if seconds is not None else budget.seconds()
        from eventwire.eventmodel.linear import model_dir
        from eventwire.version import version_for

        self.res = load_resources(tuple(str(p) for p in kb_files), str(model_dir(model).resolve()))
        self.stages = stage_list()
        check_contract(self.stages)
        self.version = version_for(kb_files, model)

    def run(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[AnnotatedArticle]:
        """Annotate articles in input order. On the benchmark's 80 real pages, batches of 16 take 5-10% less
        processor time than batches of 8: the parser and NER move more documents a step at once. The embedding
        layer reads 8 at a time whatever the batch (parse.TOK2VEC_BATCH), which keeps the peak at about 675 MB
        (1,085 MB when it read 32 real pages at once)."""
        batch: list[AnnotatedArticle] = []
        for art in articles:
            batch.append(AnnotatedArticle(article=art, pipeline_version=self.version))
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[AnnotatedArticle]) -> Iterator[AnnotatedArticle]:
        batched = [st for st in self.stages if st.run_batch is not None]  # the parse
        for st in batched:
            st.run_batch(batch, self.res)
        for ann in batch:
            if ann.article.rejected:
                yield ann
                continue
            stage = None
            try:
                with budget.deadline(self.seconds):
                    for stage in self.stages[len(batched):]:
                        ann = stage.run(ann, self.res)
                        budget.check()
                ann = cap_output(ann)
            except budget.ArticleTimeout:
                ann.article.rejected = (f"timeout: stopped in {stage.version if stage else 'the stages'} after "
                                        f"{self.seconds:g} s (the time budget of one article)")
                ann.events, ann.relations = [], []
            except EventwireError as exc:
                ann.article.rejected = f"stage_error: {exc}"
                ann.events, ann.relations = [], []
            except Exception as exc:  # noqa: BLE001 - one bad article must not stop the batch
                log.exception("stage failed on article %s", ann.article.id)
                ann.article.rejected = f"internal_error: {type(exc).__name__}: {exc}"
                ann.events, ann.relations = [], []
            ann.doc = None
            yield ann


@functools.lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    return Pipeline()


def extract(text_or_html: str | bytes, published: str | None = None, **meta: Any) -> AnnotatedArticle:
    """Extract events from one article (plain text or HTML). Rejected input comes back with
    `.rejected` set and no events, never as an exception."""
    from eventwire.ingest import article_from_input

    art = article_from_input(text_or_html, published=published, **meta)
    return next(default_pipeline().run([art]))


def extract_many(articles: Iterable[Article]) -> Iterator[AnnotatedArticle]:
    return default_pipeline().run(articles)
