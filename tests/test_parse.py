"""The parse stage: the fast attribute rules give exactly what the model's attribute_ruler gives;
paragraph breaks end sentences; NER runs only where it can add something."""

from __future__ import annotations

import json
from importlib import resources

import pytest
import yaml

from eventwire.stages.fast_rules import CachedLemmas, FastAttributeRules
from eventwire.stages.parse import load_nlp


def _texts() -> list[str]:
    out = []
    folder = resources.files("eventwire") / "data" / "samples"
    for f in folder.iterdir():
        if f.name.endswith(".txt"):
            out.append(f.read_text())
        elif f.name.endswith(".jsonl"):
            out += [json.loads(line)["text"] for line in f.read_text().splitlines() if line.strip()]
    from pathlib import Path

    for f in sorted((Path(__file__).parent / "cases").glob("*.yaml")):
        out += [c["text"] for c in yaml.safe_load(f.read_text())]
    out.append("Y'all gonna see nothin' but trouble. I ain't going. There were ones that could've done it.")
    return out


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def test_fast_rules_match_the_attribute_ruler(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    fast = FastAttributeRules(nlp.vocab, ruler.patterns)
    lem = nlp.get_pipe("lemmatizer")
    with nlp.select_pipes(disable=["ner", "attribute_ruler", "lemmatizer"]):
        docs = list(nlp.pipe(_texts()))
    n = 0
    for d in docs:
        a, b = lem(ruler(d.copy())), lem(fast(d.copy()))
        for x, y in zip(a, b):
            n += 1
            assert (x.pos_, x.tag_, str(x.morph), x.lemma_) == (y.pos_, y.tag_, str(y.morph), y.lemma_), x.text
    assert n > 2000


def test_cached_lemmas_match_the_lemmatizer(nlp):
    """Every token gets the lemma spaCy's lemmatizer gives, on a first reading and on a second one from the memo;
    a lemma already set (by the attribute rules) is kept."""
    ruler, lem = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    cached = CachedLemmas(lem)
    # the memo's misses go to a copy whose word lists are sets; the model's own lemmatizer keeps its lists, so
    # the comparison below holds the copy against spaCy's lemmatizer as shipped
    index = cached.lemmatizer.lookups.get_table("lemma_index")
    assert cached.lemmatizer is not lem and all(isinstance(v, frozenset) for v in index.values())
    assert cached.lemmatizer.lemmatize.__self__ is cached.lemmatizer
    assert all(isinstance(v, list) for v in lem.lookups.get_table("lemma_index").values())
    with nlp.select_pipes(disable=["ner", "attribute_ruler", "lemmatizer"]):
        docs = [ruler(d) for d in nlp.pipe(_texts())]
    assert any(t.lemma != 0 for d in docs for t in d)  # the ruler sets some lemmas: they must survive
    n = 0
    for _ in range(2):
        for d in docs:
            a, b = lem(d.copy()), cached(d.copy())
            for x, y in zip(a, b):
                n += 1
                assert x.lemma_ == y.lemma_, (x.text, x.pos_, str(x.morph))
    assert n > 4000 and len(cached._memo) > 500


def test_cached_lemmas_refuse_an_overwriting_lemmatizer(nlp):
    from types import SimpleNamespace

    with pytest.raises(ValueError):
        CachedLemmas(SimpleNamespace(overwrite=True, mode="rule"))


def test_numpy_blas_parses_as_the_bundled_blis(nlp):
    """load_nlp runs the layers on numpy's BLAS: every tag, dependency, head and entity is what the model gives
    on thinc's default BLIS backend, over every sample text."""
    import numpy as np
    import spacy
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, TAG

    from eventwire.stages.parse import MODEL

    blis = spacy.load(MODEL, exclude=["senter"])
    assert {n.ops.use_blis for n in blis.get_pipe("tok2vec").model.walk()} == {True}
    assert {n.ops.use_blis for n in nlp.get_pipe("tok2vec").model.walk()} == {False}
    attrs = [TAG, DEP, HEAD, ENT_IOB, ENT_TYPE]
    texts = _texts()
    with nlp.select_pipes(disable=["eventwire_paragraphs"]):
        ours = [d.to_array(attrs) for d in nlp.pipe(texts)]
    theirs = [d.to_array(attrs) for d in blis.pipe(texts)]
    assert sum(len(a) for a in ours) > 2000
    for text, a, b in zip(texts, ours, theirs):
        assert np.array_equal(a, b), text[:80]


def test_blank_line_ends_a_sentence(nlp):
    doc = nlp("Rebels seize town\n\nRebels seized the town on Monday.")
    assert [s.text.strip() for s in doc.sents][:2] == ["Rebels seize town", "Rebels seized the town on Monday."]


@pytest.mark.parametrize("text,lead", [
    ("KHARTOUM, Sudan, May 4, 2025 -- Fighters shelled a market.", "Fighters shelled a market."),
    ("BAMAKO, March 9 (Reuters) - Gunmen attacked a post.", "Gunmen attacked a post."),
    ("Kyiv, March 9 (AP) \u2014 Missiles struck a block.", "Missiles struck a block."),
])
def test_a_leading_dateline_is_a_sentence_of_its_own(nlp, text, lead):
    assert [s.text.strip() for s in nlp(text).sents][-1] == lead


def test_a_title_case_opening_without_date_or_outlet_is_no_dateline(nlp):
    doc = nlp("Kyiv - the capital - was struck overnight.")
    assert len(list(doc.sents)) == 1


def test_ner_only_where_a_name_is_unexplained():
    from eventwire.pipeline import Pipeline

    pipe = Pipeline()
    nlp = load_nlp()
    doc = nlp("The weather was fine. Israel attacked Iran on Monday. Kovalenko's militia attacked Ostrivka.")
    sents = list(doc.sents)
    assert not pipe.res.needs_ner(sents[0])  # no event word
    assert not pipe.res.needs_ner(sents[1])  # event word, but every name is a known state
    assert pipe.res.needs_ner(sents[2])      # an unknown name


def test_ner_reads_an_event_words_sentence_only_where_the_model_gives_it_a_chance(monkeypatch):
    # parse.NER_EVENT_P: an event word in a sentence the trained event stage reads as no event at all gets no NER;
    # a sentence the model reads as an event gets NER with or without an event word
    from types import SimpleNamespace

    from eventwire.pipeline import Pipeline
    from eventwire.stages import parse

    pipe = Pipeline()
    if pipe.res.event_model is None:
        pytest.skip("no trained event model is installed")
    nlp = load_nlp()
    doc = nlp("Kovalenko's militia attacked Ostrivka. Kovalenko's cousin opened a bakery in Ostrivka.")
    first, second = list(doc.sents)
    for p_first, p_second, want in ((0.9, 0.1, (True, False)), (parse.NER_EVENT_P - 0.01, 0.9, (False, True)),
                                    (parse.NER_EVENT_P, 0.1, (True, False))):
        preds = {first.start_char: SimpleNamespace(p_event=p_first), second.start_char: SimpleNamespace(p_event=p_second)}
        monkeypatch.setattr("eventwire.stages.event_model.predictions_for", lambda d, m, preds=preds: preds)
        assert (pipe.res.needs_ner(first), pipe.res.needs_ner(second)) == want


def test_sentence_docs_give_ner_what_span_as_doc_gives(nlp):
    """The sentences NER reads are built from their words, norms and sentence starts only: every entity NER finds
    in them, over every sentence of every sample text, is what it finds in `Span.as_doc()`, the full copy."""
    from eventwire.stages.parse import _sentence_docs

    ner = nlp.get_pipe("ner")
    with nlp.select_pipes(disable=["ner"]):
        docs = list(nlp.pipe(_texts()))
    wanted = [(i, s) for i, d in enumerate(docs) for s in d.sents]
    ours = [[(e.start, e.end, e.label_) for e in d.ents] for d in ner.pipe(_sentence_docs(docs, wanted))]
    full = [[(e.start, e.end, e.label_) for e in d.ents] for d in ner.pipe(s.as_doc() for _, s in wanted)]
    assert sum(map(len, full)) > 200
    assert ours == full
    assert [d.text for d in _sentence_docs(docs, wanted)] == [s.as_doc().text for _, s in wanted]


def test_ner_finds_the_same_entities_in_one_batch_as_in_batches_of_32(nlp):
    """NER reads all the sentences of a batch of articles at once (parse.NER_BATCH): every entity it finds in every
    sentence of every sample text is what it finds in batches of 32 sentences (the batch size before) and of one."""
    from eventwire.stages.parse import NER_BATCH, _sentence_docs

    ner = nlp.get_pipe("ner")
    with nlp.select_pipes(disable=["ner"]):
        docs = list(nlp.pipe(_texts()))
    wanted = [(i, s) for i, d in enumerate(docs) for s in d.sents]
    assert len(wanted) > 64

    def ents(batch_size: int) -> list[list[tuple[int, int, str]]]:
        return [[(e.start, e.end, e.label_) for e in d.ents]
                for d in ner.pipe(_sentence_docs(docs, wanted), batch_size=batch_size)]

    one_batch = ents(min(len(wanted), NER_BATCH))
    assert sum(map(len, one_batch)) > 200
    assert one_batch == ents(32) == ents(1)

