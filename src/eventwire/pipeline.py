"""The pipeline: built once per process, run over batches of articles.

    Article -> parse -> actors -> places -> times -> quantities -> events (with attribution) -> relations

Each stage is a named, versioned function `(AnnotatedArticle, Resources) -> AnnotatedArticle`.
A stage that fails on one article records the failure as that article's rejection; the batch goes on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import logging
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from eventwire import budget
from eventwire.errors import EventwireError
from eventwire.lexicons import CALENDAR_NAMES
from eventwire.records import AnnotatedArticle, Article

log = logging.getLogger(__name__)
# month and day names are read by the time grammar, not by NER
_CALENDAR = CALENDAR_NAMES | frozenset(w.lower() for w in (*calendar.month_abbr[1:], *calendar.day_abbr))


@dataclass(frozen=True)
class Stage:
    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    fn: Callable[[AnnotatedArticle, "Resources"], AnnotatedArticle]


@dataclass
class Resources:
    """Heavy shared objects, loaded once per process."""

    kb: Any
    gazetteer: Any
    lexicon: Any
    trigger_words: frozenset[str]
    demonyms: frozenset[str]  # lowercased demonyms of every state: never places
    event_model: Any = None  # eventwire.eventmodel.LinearEventModel


@functools.lru_cache(maxsize=4)
def load_resources(kb_files: tuple[str, ...] = (), model_dir: str | None = None) -> Resources:
    from eventwire.eventmodel import load_model
    from eventwire.gazetteer import get_gazetteer
    from eventwire.kb_load import load_kb
    from eventwire.lexicons import event_lexicon

    lex = event_lexicon()
    kb = load_kb(kb_files)
    demonyms = frozenset(d.lower() for e in kb.by_kind("state") for d in e.demonyms)
    return Resources(kb=kb, gazetteer=get_gazetteer(), lexicon=lex, trigger_words=lex.trigger_words(),
                     demonyms=demonyms, event_model=load_model(model_dir))


def stage_list() -> list[Stage]:
    """The stages after parse, in order (importing them loads no model)."""
    from eventwire.stages import actors, event_model, events, places, quantities, relations, times

    return [
        Stage(actors.NAME, ("doc",), ("actors",), actors.run),
        Stage(places.STAGE, ("doc", "actors"), ("places",), _places_run),
        Stage(times.STAGE, ("doc", "article.published"), ("times",), _times_run),
        Stage(quantities.NAME, ("doc", "times"), ("quantities",), quantities.run),
        Stage(event_model.NAME, ("doc",), ("predictions",), event_model.run),
        # events also retypes actors by the places around them and gives generic ones the story's country
        Stage(events.NAME, ("doc", "actors", "places", "times", "quantities", "predictions"), ("events", "actors"),
              events.run),
        Stage(relations.NAME, ("doc", "actors", "events"), ("relations",), relations.run),
    ]


def _published(ann: AnnotatedArticle) -> dt.date | None:
    """The article's publication date; None when it has none (relative dates then stay unresolved: never
    counted from the day the program runs)."""
    if ann.article.published:
        try:
            return dt.date.fromisoformat(ann.article.published[:10])
        except ValueError:
            pass
    return None


def _places_run(ann: AnnotatedArticle, res: Resources) -> AnnotatedArticle:
    from eventwire.stages.actors import focus_countries
    from eventwire.stages.places import STAGE, find_places

    hint = focus_countries(ann.doc, res.kb, ann.actors)
    ann.places = find_places(ann.doc, countries_hint=hint, demonyms=res.demonyms)
    ann.stages.append(STAGE)
    return ann


def _times_run(ann: AnnotatedArticle, res: Resources) -> AnnotatedArticle:
    from eventwire.stages.times import STAGE, find_times

    ann.times = find_times(ann.doc, _published(ann))
    ann.stages.append(STAGE)
    return ann


# what an annotation holds before the first stage after parse runs
PARSED = ("doc", "article.published", "article.text")


def check_contract(stages: Sequence[Stage]) -> None:
    """Every stage reads only what the parse or an earlier stage wrote (raises ConfigError otherwise)."""
    from eventwire.errors import ConfigError

    written = set(PARSED)
    for st in stages:
        missing = [r for r in st.reads if r not in written]
        if missing:
            raise ConfigError(f"stage {st.name} reads {missing}, which no stage before it writes")
        written.update(st.writes)


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
        self._alias_starts = frozenset(k[0] for k in self.res.kb.alias_token_index())
        self._known_words: dict[str, bool] = {}

    def _needs_ner(self, sent) -> bool:
        """NER runs only on sentences that hold an event word (hash lookups: no Python strings per token)."""
        doc = sent.doc
        cached = doc.user_data.get("_ew_trigger")
        if cached is None:
            hashes = np.fromiter(self._trigger_hashes(doc.vocab), dtype=np.uint64)
            arr = doc.to_array(["LEMMA", "LOWER"])
            cached = np.isin(arr[:, 0], hashes) | np.isin(arr[:, 1], hashes)
            doc.user_data["_ew_trigger"] = cached
        if not cached[sent.start:sent.end].any() and not self._model_says_event(sent):
            return False
        # NER only adds names that the knowledge base and the gazetteer do not already explain
        return any(self._unexplained(doc[i]) for i in range(sent.start + 1, sent.end))

    def _model_says_event(self, sent) -> bool:
        from eventwire.stages.event_model import predictions_for
        from eventwire.stages.model_events import NEW_EVENT_P

        if self.res.event_model is None:
            return False
        pred = predictions_for(sent.doc, self.res.event_model).get(sent.start_char)
        return pred is not None and pred.p_event >= NEW_EVENT_P

    def _unexplained(self, tok) -> bool:
        if not (tok.is_title or tok.is_upper) or not tok.is_alpha or tok.is_stop:
            return False
        low = tok.lower_
        known = self._known_words.get(low)
        if known is None:
            known = low in _CALENDAR or low in self._alias_starts or low in self.res.demonyms or any(
                e.feature in ("country", "region") or e.population >= 100_000
                for e in self.res.gazetteer.candidates(tok.text)[:3])
            self._known_words[low] = known
        return not known

    def _trigger_hashes(self, vocab) -> frozenset[int]:
        if getattr(self, "_hashes", None) is None:
            words = self.res.trigger_words
            self._hashes = frozenset(vocab.strings.add(w) for w in words) | frozenset(
                vocab.strings.add(w.capitalize()) for w in words)
        return self._hashes

    def run(self, articles: Iterable[Article], batch_size: int = 8) -> Iterator[AnnotatedArticle]:
        """Annotate articles in input order. Batches of 8 are as fast as 32 here and keep long real pages
        well under 1 GB (bench/bench_extract.py --real: 597 MB peak at 8, 1,085 MB at 32)."""
        batch: list[AnnotatedArticle] = []
        for art in articles:
            batch.append(AnnotatedArticle(article=art, pipeline_version=self.version))
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[AnnotatedArticle]) -> Iterator[AnnotatedArticle]:
        from eventwire.stages import parse

        parse.run_batch(batch, self._needs_ner)
        for ann in batch:
            if ann.article.rejected:
                yield ann
                continue
            stage = None
            try:
                with budget.deadline(self.seconds):
                    for stage in self.stages:
                        ann = stage.fn(ann, self.res)
                        budget.check()
                ann = cap_output(ann)
            except budget.ArticleTimeout:
                ann.article.rejected = (f"timeout: stopped in {stage.name if stage else 'the stages'} after "
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
