"""Tests for the times stage (eventwire.times.v7): a broadcast's title is no time (time_context), the cues
that tell a date without its year is still to come (time_tense)."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.stages.times import find_times

P = date(2024, 12, 3)


@pytest.mark.parametrize("text", [
    'Secretary of State Baker, speaking on ABC News\' "This Week," said the request gave the U.S. a legal basis.',
    'The minister said on ABC-TV\'s "This Week With David Brinkley" that the attacks would go on.',
    "``They are abusing him,'' the father said on CBS's ''60 Minutes.''",
])
def test_a_broadcasts_title_is_no_time(text: str) -> None:
    """TIDES temporal annotation manual 2.2.3, proper names are not markable (TimeBank: WSJ900813-0157,
    WSJ910225-0066, APW20000417.0031 leave these titles unmarked)."""
    assert [(t.text, t.value) for t in find_times(text, P)] == []


@pytest.mark.parametrize(("text", "span", "value"), [
    ('"Now we see that edge eroded," he said.', "Now", "PRESENT_REF"),  # speech that starts with a time
    ("Baker said this week on ABC News that the request was legal.", "this week", "2024-W49"),
    ('The network\'s "This week, we will talk to him," the host said.', "This week", "2024-W49"),
])
def test_a_time_in_quoted_speech_is_kept(text: str, span: str, value: str) -> None:
    got = {t.text: t.value for t in find_times(text, P)}
    assert got.get(span) == value, got


@pytest.mark.parametrize(("sentence", "published", "span", "value"), [
    # a participle that fixes a date for what it qualifies, with its own "for": the coming one
    ("The issue is expected to dominate a NATO summit set for Washington in April.", date(1999, 3, 12), "April",
     "1999-04"),
    ("Delegates met before a vote slated for the capital in May.", P, "May", "2025-05"),
    ("The talks are scheduled for Geneva in March.", P, "March", "2025-03"),
    # a date named as the deadline: the coming one when it is near, whatever the verb's tense
    ("The board has set Nov. 10 as the deadline for the filing of rival offers.", date(1989, 11, 2), "Nov. 10",
     "1989-11-10"),
    ("The ministry fixed Dec. 20 as the deadline for the return of the weapons.", P, "Dec. 20", "2024-12-20"),
    ("The court gave Jan. 10 as a deadline for the appeal.", P, "Jan. 10", "2025-01-10"),
])
def test_dates_still_to_come(nlp, sentence: str, published: date, span: str, value: str) -> None:  # type: ignore[no-untyped-def]
    got = {t.text: t.value for t in find_times(nlp(sentence), published)}
    assert got.get(span) == value, got


@pytest.mark.parametrize(("sentence", "span", "value"), [
    ("A record set on Aug. 6 still stands.", "Aug. 6", "2024-08-06"),  # no "for": a past date
    ("The talks had been set for Geneva in March.", "March", "2024-03"),  # a plan told in the past perfect
])
def test_dates_not_read_as_to_come(nlp, sentence: str, span: str, value: str) -> None:  # type: ignore[no-untyped-def]
    got = {t.text: t.value for t in find_times(nlp(sentence), P)}
    assert got.get(span) == value, got


@pytest.mark.parametrize(("text", "span", "value", "precision"), [
    # TimeML's unit Q (TimeBank wsj_0791 "the past two quarters" P2Q, wsj_0575 "several quarters" PXQ, wsj_0568
    # "every quarter" P1Q)
    ("Its margins have narrowed over the past two quarters.", "the past two quarters", "P2Q", "duration"),
    ("It returned to profit after several quarters of losses.", "several quarters", "PXQ", "duration"),
    ("The company pays a dividend every quarter.", "every quarter", "P1Q", "set"),
    ("The charge will be spread over the next three quarters.", "the next three quarters", "P3Q", "duration"),
])
def test_a_length_of_quarters(text: str, span: str, value: str, precision: str) -> None:
    got = {t.text: (t.value, t.precision) for t in find_times(text, P)}
    assert got.get(span) == (value, precision), got


@pytest.mark.parametrize("text", [
    "Critics in some quarters said the plan would fail.",  # circles of opinion
    "Shelling hit several quarters of Aleppo.",  # districts
    "Three quarters of voters backed the plan.",  # a fraction
    "Two quarters of the old city were shelled.",
    "Each quarter of the city has its own council.",
])
def test_quarters_that_are_no_length(text: str) -> None:
    assert [(t.text, t.value) for t in find_times(text, P)] == []


@pytest.mark.parametrize(("text", "span", "value"), [
    # a length as an adjective without a count (TimeBank: NYT20000403.0463 "day-long" P1D, APW20000115.0031
    # "decades-long" PXY)
    ("Workers began a day-long strike.", "a day-long", "P1D"),
    ("The decades-long conflict over the border went on.", "decades-long", "PXY"),
    ("They lifted the months-long siege of the town.", "months-long", "PXM"),
])
def test_a_length_as_an_adjective(text: str, span: str, value: str) -> None:
    got = {t.text: t.value for t in find_times(text, P)}
    assert got.get(span) == value, got


@pytest.mark.parametrize(("text", "span", "value"), [
    ("The union ended a weeks-long strike on Friday.", "weeks-long", "PXW"),
    ("Rebels lifted a months-long siege of the town.", "months-long", "PXM"),
    ("Talks ended a years-long dispute over water.", "years-long", "PXY"),
    ("A two-week-long strike ended.", "two-week-long", "P2W"),  # a count of its own stays
])
def test_an_article_before_a_plural_length_is_no_count(text: str, span: str, value: str) -> None:
    """"a weeks-long strike": the article belongs to the noun, so the length is uncounted (PXW, as TimeBank marks
    "decades-long"), never one week."""
    got = {t.text: t.value for t in find_times(text, P)}
    assert any(span in k and v == value for k, v in got.items()), got


@pytest.mark.parametrize("text", [
    "The talks are slated to resume on Monday.",
    "Officials have slated the vote for Monday.",
    "The hearing, slated to open Monday, was moved.",
])
def test_slated_looks_ahead(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    """spaCy's lemmatiser reads "slated" as "slat": the forward-looking verbs list both, so a weekday after it is
    the coming one, as after "scheduled" (P is a Tuesday: the coming Monday is 2024-12-09)."""
    got = {t.text: t.value for t in find_times(nlp(text), P)}
    assert got.get("Monday") == "2024-12-09", got


# ---------------------------------------------------------------- v7

@pytest.mark.parametrize(("text", "rate"), [
    ("The new bonds would pay interest of $2.40 a year.", "a year"),
    ("The airline will add about 500 seats a week on the route.", "a week"),
    ("Factories have been adding workers at a rate of 12,000 a month.", "a month"),
    ("Cabins will cost between $40 and $70 a night.", "a night"),
    ("Guards stand outside his home 24 hours a day.", "a day"),
    ("Qantas plans to cut the current four flights a week to two.", "a week"),
])
def test_a_rate_is_no_time(text: str, rate: str) -> None:
    """'a' + unit after an amount is the unit of a rate, not a length (TimeBank leaves 8 of its 10 such rates
    unmarked: wsj_0165, wsj_0568, wsj_0811, wsj_0981, APW19980213.1320 twice, NYT19980206.0460, NYT19981025.0188)."""
    assert rate not in [t.text for t in find_times(text, P)]


@pytest.mark.parametrize(("text", "span", "value"), [
    ("It will take a year to rebuild the bridge.", "a year", "P1Y"),  # no amount before it: a length
    ("Output rose to 5 million a year ago.", "a year ago", "2023"),
    ("The siege lasted a month.", "a month", "P1M"),
    ("In 2023, a year of drought, crops failed.", "a year", "P1Y"),  # a year, then a comma: no amount
])
def test_a_length_after_no_amount_is_kept(text: str, span: str, value: str) -> None:
    assert {t.text: t.value for t in find_times(text, P)}.get(span) == value


@pytest.mark.parametrize(("text", "span", "value"), [
    ("The talks will last two weeks.", "two weeks", "P2W"),
    ("Officials said the siege could last three months.", "three months", "P3M"),
    ("The ceasefire is expected to last a year.", "a year", "P1Y"),
    ("The talks last a week.", "a week", "P1W"),
])
def test_the_verb_last_is_followed_by_a_length(text: str, span: str, value: str) -> None:
    got = {t.text: t.value for t in find_times(text, P)}
    assert got.get(span) == value, got
    assert not any(t.text.lower().startswith("last") for t in find_times(text, P))


def test_the_last_n_units_is_still_the_stretch_before_p() -> None:
    got = {t.text: t.value for t in find_times("In the last two weeks five people died.", P)}
    assert got == {"the last two weeks": "2024-11-19/2024-12-03"}


@pytest.mark.parametrize(("text", "span"), [
    ("Kellogg's current share is believed to be slightly under 40%.", "current"),
    ("The company delayed construction because of current market conditions.", "current"),
    ("Castro said Gonzalez would travel with his current wife.", "current"),
])
def test_current_said_of_a_thing_is_the_present(text: str, span: str) -> None:
    """TimeML's PRESENT_REF, as 'now' is (TimeBank: wsj_0610, NYT20000330.0406 and 7 more)."""
    assert {t.text: t.value for t in find_times(text, P)}.get(span) == "PRESENT_REF"


@pytest.mark.parametrize("text", [
    "The country's current account deficit widened.",  # a balance
    "The boat drifted with the current of the river.",
    "The current is strong here.",
])
def test_current_that_is_no_time(text: str) -> None:
    assert [t.text for t in find_times(text, P)] == []


@pytest.mark.parametrize(("text", "span", "value"), [
    ("It expects higher sales in the current fiscal year.", "the current fiscal year", "2024"),
    ("The plant will open next fiscal year.", "next fiscal year", "2025"),
    ("Sales fell 5% last fiscal year.", "last fiscal year", "2023"),
])
def test_a_fiscal_year_named_from_p(text: str, span: str, value: str) -> None:
    """A fiscal year is written as its year, as TimeBank writes 'fiscal 1989' (1989) and 'the current fiscal year'
    (wsj_0135)."""
    assert {t.text: t.value for t in find_times(text, P)}.get(span) == value


@pytest.mark.parametrize(("sentence", "span", "value"), [
    # a weekday of a simple present said of the verb itself: news's present of a timetable (VOA19980501.1800.0355)
    ("He and Arafat meet separately Monday with Albright.", "Monday", "2024-12-09"),
    ("The court hears the case on Thursday.", "Thursday", "2024-12-05"),
    ("The envoy arrives in Cairo on Friday.", "Friday", "2024-12-06"),
    # a past tense, a reporting verb, a state, a date said of a noun, a verb whose present looks like its past
    ("The envoy arrived in Cairo on Friday.", "Friday", "2024-11-29"),
    ("Albright says Monday the talks failed.", "Monday", "2024-12-02"),
    ("The market is closed Monday.", "Monday", "2024-12-02"),
    ("The move follows Thursday's declaration by Ford.", "Thursday", "2024-11-28"),
    ("Weakness in big stocks hurt the index on Friday.", "Friday", "2024-11-29"),
    # a headline's present of what happened: no timetable verb
    ("Israeli troops kill three Palestinians in the West Bank Monday, the army says.", "Monday", "2024-12-02"),
    ("Israel strikes a refugee camp in Gaza on Monday, killing 20.", "Monday", "2024-12-02"),
    ("Nigerian troops rescue 30 kidnapped students on Sunday, army says.", "Sunday", "2024-12-01"),
])
def test_a_simple_present_reads_a_timetable(nlp, sentence: str, span: str,  # type: ignore[no-untyped-def]
                                            value: str) -> None:
    got = {t.text: t.value for t in find_times(nlp(sentence), P)}
    assert got.get(span) == value, got
