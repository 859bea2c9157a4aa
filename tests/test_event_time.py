"""Which date an event takes (eventwire.stages.event_time), through the whole pipeline: the readings of
"a day after ...", a reporting verb's own day, "overnight" beside a calendar day and the narrative date carried to
the next sentence."""

from __future__ import annotations

import pytest

from eventwire.ingest.article import content_id
from eventwire.records import Article

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def dates():
    from eventwire.pipeline import default_pipeline

    try:
        pipe = default_pipeline()
    except Exception as exc:  # noqa: BLE001 - the spaCy model is missing
        pytest.skip(f"pipeline not available: {exc}")

    def run(text: str, published: str) -> dict[str, tuple[str | None, str | None, str | None]]:
        art = Article(id=content_id(text), text=text, source_id="t", published=published, language="en")
        ann = next(iter(pipe.run([art])))
        return {e.trigger.text if hasattr(e.trigger, "text") else str(e.trigger):
                (e.date.value, e.date.earliest, e.date.latest) if e.date else (None, None, None)
                for e in ann.events}
    return run


def test_event_inside_a_day_after_counts_back_from_the_sentence_date(dates) -> None:
    # the incident scenarios' h01-c: the bombing is the Monday before the Tuesday burial, not the day after P
    got = dates("Residents of Tessalit buried 21 people on Tuesday, a day after an armed drone bombed the town's "
                "market, witnesses said.", "2025-03-05")
    assert got["bombed"][0] == "2025-03-03"


def test_event_inside_two_days_before_counts_forward(dates) -> None:
    got = dates("Thousands marched in the capital on Friday, two days before gunmen attacked a polling station in "
                "the north.", "2025-06-09")
    assert got["attacked"][0] == "2025-06-08"


def test_possessive_day_beats_the_day_of_the_report(dates) -> None:
    # the incident scenarios' h05-c: "Thursday's car bomb" in a statement made on Friday
    got = dates("The death toll from Thursday's car bomb attack in Mogadishu has risen to 11, a hospital director "
                "said on Friday.", "2025-04-11")
    assert [v for v, _, _ in got.values()][0] == "2025-04-10"


@pytest.mark.parametrize("text", [
    "On 19 January 2022, overnight, armed men killed a police officer in Croix-des-Bouquets.",
    "On 27 February 2022, overnight, Al Shabaab fighters raided an army base in Makuudo village.",
    "On 14 March 2022, in Tegucigalpa, employees of the ministry protested today in front of its offices.",
])
def test_deictic_day_beside_a_calendar_day_is_that_day(dates, text: str) -> None:
    published = {"19": "2022-01-21", "27": "2022-03-01", "14": "2022-03-16"}[text.split()[1]]
    got = dates(text, published)
    day = {"19": "2022-01-19", "27": "2022-02-27", "14": "2022-03-14"}[text.split()[1]]
    assert any(v == day or (e == l == day) for v, e, l in got.values()), got


@pytest.mark.parametrize(("text", "trigger", "day"), [
    ("On 8 April 2022, riders tried to grab a thief from Kikatsi police station. Police shot dead one person.",
     "shot", "2022-04-08"),
    ("On 24 May 2022, separatists stole a truck in Bessi-Awum. After taking the truck, the separatists ran over "
     "two children, killing both.", "killing", "2022-05-24"),
    ("On 6 June 2022, residents blocked the Pan-American highway in Paso Canoas. Police arrested 12 protesters.",
     "arrested", "2022-06-06"),
])
def test_past_event_without_a_time_takes_the_last_date(dates, text: str, trigger: str, day: str) -> None:
    got = dates(text, "2022-06-30")
    assert trigger in got, got
    assert got[trigger][0] == day


def test_future_event_without_a_time_is_not_carried(dates) -> None:
    got = dates("On 8 April 2022, rebels attacked an army post near Goma. The army will launch a counter-offensive.",
                "2022-04-10")
    assert all(v != "2022-04-08" for k, (v, _, _) in got.items() if k != "attacked")


def test_event_inside_a_day_after_without_a_sentence_date_counts_back_from_publication(dates) -> None:
    got = dates("Residents of Tessalit buried 21 people, a day after an armed drone bombed the town's market.",
                "2025-03-05")
    assert got["bombed"][0] == "2025-03-04"


@pytest.mark.parametrize(("text", "trigger", "day"), [
    ("Around 11 June 2022 (between 9 - 14 June), Malian soldiers killed 12 fighters near Nara.",
     "killed", "2022-06-11"),
    ("Around 16 May 2022 (between 14 - 18 May), foreign fighters and Malian troops killed four herders in Tansamba.",
     "killed", "2022-05-16"),
    ("Around 2 March 2022 (between 27 February - 6 March), soldiers killed five rebels near Niono.",
     "killed", "2022-03-02"),
])
def test_a_bracketed_range_elaborates_the_date_before_it(dates, text: str, trigger: str, day: str) -> None:
    assert dates(text, "2022-06-30")[trigger][0] == day


def test_a_later_sentence_takes_the_last_calendar_day_written(dates) -> None:
    got = dates("On 15 April 2022, two mines exploded in Paen. Attackers killed a farmer.", "2022-04-20")
    assert got["killed"][0] == "2022-04-15"


def test_a_later_statement_is_not_dated_by_the_incident(dates) -> None:
    got = dates("Gunmen killed four villagers near Tillaberi on Monday. The government condemned the attack.",
                "2025-03-14")
    assert got["killed"][0] == "2025-03-10"
    assert got["condemned"][0] != "2025-03-10"


def test_the_same_day_counts_from_its_sentence_date(dates) -> None:
    got = dates("On 8 February 2022, in Pay Pin Kone village, troops detained a farmer after a phone mast was "
                "bombed on the same day.", "2022-02-10")
    assert all(v == "2022-02-08" for v, _, _ in got.values()), got



def test_a_participle_split_off_at_a_bracket_takes_the_narrative_date(dates) -> None:
    # the parser ends the sentence at the brackets and makes "destroying" the root of a fragment (or hangs it on a
    # name of the bracket): a participle has no tense of its own, so what the strikes did is of their day
    got = dates("On 12 May 2023, the air force carried out 3 strikes on Wadi area (coded to Wadi Dhahr) (Hamdan, "
                "Sanaa) destroying a truck and killing 2 civilians.", "2023-07-01")
    assert got and all(v == "2023-05-12" for v, _, _ in got.values()), got


def test_an_act_a_statement_says_of_is_not_dated_by_walking_up_to_it(dates) -> None:
    got = dates("On 9 April 2023, rebels shelled a camp near Goma. The army accused the rebels of targeting "
                "civilians.", "2023-04-12")
    assert got["shelled"][0] == "2023-04-09"
    assert got.get("targeting", (None,))[0] != "2023-04-09"
