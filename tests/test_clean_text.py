"""No poison pills (issue 17): hidden characters never reach a derived name or id, a publication date the engine
cannot read is refused where it is given, and the day or year of a written date is never a count.

The HTTP side of the same issue (the server's timeouts, the 500 that kept the connection, /api/extract's bounds)
is in tests/test_api_limits.py."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest
from typer.testing import CliRunner

import eventwire
from eventwire.cli import app
from eventwire.ingest.dates import check_published
from eventwire.pipeline import Pipeline, extract
from eventwire.records import Actor, Article, clean_name
from eventwire.stages.parse import load_nlp
from eventwire.stages.quantities import calendar_numbers, find_quantities

runner = CliRunner()

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
HIDDEN = BIDI + ZERO_WIDTH

# names with a right-to-left override or an isolate hidden inside them, and a known actor split by one
SPOOF = ("Rebel commander Abu \u202eKha\u202elid\u202c Rahman said on Monday that the Free \u2066Tiger\u2069 "
         "Movement attacked police in Aleppo, killing 5 soldiers. Hez\u202ebollah fighters shelled the town of "
         "Qusayr on Tuesday.")


def _hidden_in(value: object) -> list[str]:
    """Every hidden character anywhere in a JSON-like value."""
    if isinstance(value, str):
        return [c for c in value if c in HIDDEN or unicodedata.category(c) in ("Cf", "Cc")]
    if isinstance(value, dict):
        return [c for v in value.values() for c in _hidden_in(v)]
    if isinstance(value, (list, tuple)):
        return [c for v in value for c in _hidden_in(v)]
    return []


def _derived(out: dict) -> list:
    """The names and ids the pipeline derives, from the output contract (not the text spans)."""
    art = out["article"]
    got: list = [art["title"], art["outlet"], art["byline"]]
    for a in out["mentions"]["actors"]:
        got += [a["id"], a["name"]]
    got += [p["name"] for p in out["mentions"]["places"]]
    got += [q["what"] for q in out["quantities"]]
    for r in out["relations"]:
        got += [r["a"], r["b"], r["a_name"], r["b_name"]]
    for ev in out["events"]:
        for a in ev["sources"] + ev["targets"]:
            got += [a["id"], a["name"]]
        if ev["location"]:
            got.append(ev["location"]["name"])
        got += [c["actor"] for c in ev["attribution"]["claimants"]]
    return got


def _spans_true(out: dict) -> None:
    text = out["article"]["text"]
    for kind in ("actors", "places", "times"):
        for m in out["mentions"][kind]:
            assert text[m["start"]:m["end"]] == m["text"], (kind, m)
    for ev in out["events"]:
        assert text[ev["evidence"]["start"]:ev["evidence"]["end"]] == ev["evidence"]["sentence"]
        assert text[ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"]


# ------------------------------------------------------------------------------------------ a. spoofing
@pytest.mark.parametrize("ch", list(HIDDEN))
def test_clean_name_removes_every_bidi_control_and_zero_width_character(ch):
    assert clean_name(f"Abu{ch} Kha{ch}lid{ch}") == "Abu Khalid"


@pytest.mark.parametrize("raw,clean", [
    ("Abu  Khalid\n Rahman\t", "Abu Khalid Rahman"),  # whitespace runs (a name across a line break) as one space
    ("Jaysh\u00a0al-Islam", "Jaysh al-Islam"),
    ("\x1b[31mred\x1b[0m", "[31mred[0m"),  # a terminal escape loses its ESC
    ("Raqqa\u00ad", "Raqqa"),  # a soft hyphen
    ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645"),  # ZWNJ goes too
])
def test_clean_name_whitespace_controls_and_the_joiner_choice(raw, clean):
    assert clean_name(raw) == clean


@pytest.mark.parametrize("name", ["Hezbollah", "Hay'at Tahrir al-Sham", "Mosul", "Bachar el-Assad",
                                  "\u062d\u0632\u0628 \u0627\u0644\u0644\u0647", "Zelenskyy", "Ouagadougou", ""])
def test_clean_name_leaves_ordinary_names_alone(name):
    assert clean_name(name) == name


def test_records_clean_names_when_made_and_when_set_but_keep_spans():
    a = Actor(text="Abu \u202eKhalid", start=0, end=11, id="person:\u200babu", name="Abu \u202eKhalid")
    assert (a.text, a.id, a.name) == ("Abu \u202eKhalid", "person:abu", "Abu Khalid")
    a.name = "the \u2066Tiger\u2069 Movement"
    assert a.name == "the Tiger Movement"
    art = Article(id="x", text="t\u202ext")
    art.title, art.outlet, art.source_id = "Clash \u202ein Aleppo", "Reu\u202eters", "my\u202eid"
    assert (art.text, art.title, art.outlet, art.source_id) == ("t\u202ext", "Clash in Aleppo", "Reuters", "my\u202eid")


def test_extract_keeps_hidden_characters_in_the_text_only():
    ann = extract(SPOOF, published="2024-12-03", title="Clash \u202ein Aleppo", outlet="Reu\u202eters")
    out = ann.to_dict()
    assert out["article"]["text"] == SPOOF  # the raw text keeps them ...
    assert _hidden_in(_derived(out)) == [], _derived(out)  # ... no derived name or id does
    assert out["article"]["title"] == "Clash in Aleppo" and out["article"]["outlet"] == "Reuters"
    _spans_true(out)  # every offset still points at the raw characters
    by_text = {a["text"]: a for a in out["mentions"]["actors"]}
    abu = by_text["Abu \u202eKha\u202elid\u202c Rahman"]
    assert (abu["name"], abu["id"]) == ("Abu Khalid Rahman", "person:abu-khalid-rahman")  # not "kha-lid"
    tiger = by_text["the Free \u2066Tiger\u2069 Movement"]
    assert tiger["name"] == "the Free Tiger Movement"
    assert by_text["Hez\u202ebollah"]["id"] == "hezbollah"  # the knowledge base still knows it
    assert any(s["name"] == "the Free Tiger Movement" for ev in out["events"] for s in ev["sources"])


def test_zero_width_characters_in_a_text_that_skips_ingestion():
    """Ingestion removes zero-width characters from the text; an Article made by hand keeps them, and the
    pipeline still derives clean names from it."""
    text = ("Rebel commander Abu Kha\u200blid Rahman said the Free Ti\u200dger\u2060 Movement attacked police "
            "in Aleppo on Monday, killing 5 soldiers.\ufeff")
    ann = next(iter(Pipeline().run([Article(id="zw", text=text, published="2024-12-03")])))
    out = ann.to_dict()
    assert out["article"]["text"] == text
    assert _hidden_in(_derived(out)) == []
    _spans_true(out)
    assert any("\u200b" in a["text"] and a["name"] == "Abu Khalid Rahman" for a in out["mentions"]["actors"])


def test_stored_tables_and_acled_csv_show_clean_names(tmp_path):
    from eventwire.export import export

    ann = extract(SPOOF, published="2024-12-03", title="Clash \u202ein Aleppo", outlet="Reu\u202eters")
    with eventwire.open(tmp_path / "s.db", create=True) as store:
        store.ingest([ann])
        buf = io.StringIO()
        export(store, "acled-csv", buf)
        rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
        assert rows and any(r["actor1"] == "the Free Tiger Movement" for r in rows)
        for r in rows:
            assert _hidden_in({k: v for k, v in r.items() if k != "notes"}) == [], r  # notes: the raw sentence
        assert {r["source"] for r in rows} == {"Reuters"}
        assert _hidden_in([(a["id"], a["name"]) for a in store.actors(limit=0)]) == []
        assert _hidden_in([(a["title"], a["outlet"]) for a in store.articles(limit=0)]) == []
        assert _hidden_in([e["sources"] + e["targets"] for e in store.events(limit=0)]) == []


# ------------------------------------------------------------------------------------------ b. --published
@pytest.mark.parametrize("value", ["1850-01-01", "1899-12-31", "2100-01-01", "0001-01-01", "9999-12-31"])
def test_published_outside_the_years_read_is_refused(value):
    with pytest.raises(ValueError, match="between 1900-01-01 and 2099-12-31"):
        check_published(value)


@pytest.mark.parametrize("value,message", [("2024-02-30", "no day of the calendar"), ("20241203", "YYYY-MM-DD"),
                                           ("3 May 2024", "YYYY-MM-DD"), ("", "YYYY-MM-DD")])
def test_published_that_is_no_date_is_refused(value, message):
    with pytest.raises(ValueError, match=message):
        check_published(value)


@pytest.mark.parametrize("value", ["1900-01-01", "2024-12-03", "2099-12-31", " 2024-02-29 "])
def test_published_in_range_is_kept(value):
    assert check_published(value) == value.strip()


@pytest.mark.parametrize("command", ["extract", "ingest"])
@pytest.mark.parametrize("value", ["1850-01-01", "2100-06-01", "0001-01-01"])
def test_cli_refuses_a_published_date_it_would_drop(tmp_path, command, value):
    f = tmp_path / "a.txt"
    f.write_text("Police killed 3 people in Lagos on Monday.")
    args = [command, str(f), "--published", value] + (["--db", str(tmp_path / "s.db")] if command == "ingest" else [])
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output  # a usage error, as typer gives for any bad option
    flat = " ".join(res.output.replace("\u2502", " ").split())  # without the error box's borders and wrapping
    assert "Invalid value for '--published'" in flat and "between 1900-01-01 and 2099-12-31" in flat, flat
    assert "Traceback" not in res.output and isinstance(res.exception, SystemExit)
    assert not (tmp_path / "s.db").exists()


def test_cli_keeps_a_published_date_in_range(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Police killed 3 people in Lagos on Monday.")
    res = runner.invoke(app, ["extract", str(f), "--published", "1999-01-31"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["article"]["published"] == "1999-01-31"
    assert any(t["value"] == "1999-01-25" for t in out["mentions"]["times"])  # dated from it, not from today


# ------------------------------------------------------------------------------------------ c. dates are not counts
@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.mark.parametrize("text,date_numbers", [
    ("On February 30, 2023 police killed 4 protesters.", ["30", "2023"]),
    ("February 30, 2023 police killed 4 protesters.", ["30", "2023"]),
    ("On 30 February 2023 police killed 4 protesters.", ["30", "2023"]),
    ("On Feb. 30, 2023 police killed 4 protesters.", ["30", "2023"]),
    ("On FEB 30 2023 police killed 12 people.", ["30", "2023"]),
    ("On 30 Feb, 2023 police killed 12 people.", ["30", "2023"]),
    ("On the 30th of February 2023 police killed 4 protesters.", ["30th", "2023"]),
    ("On 31 June police killed 4 protesters.", ["31"]),
    ("In March 2023 police killed 4 protesters.", ["2023"]),
    ("Police killed 3 people on February 29, 2023.", ["29", "2023"]),
    ("Police said 2023 protesters were killed in 40 towns.", []),  # no month: a count
    ("Police may 30 times have fired.", []),  # "may" the verb
])
def test_calendar_numbers(nlp, text, date_numbers):
    doc = nlp(text)
    assert [doc[i].text for i in sorted(calendar_numbers(doc))] == date_numbers


@pytest.mark.parametrize("text,count", [
    ("On February 30, 2023 police killed 4 protesters in Lagos.", 4),
    ("February 30, 2023 police killed 4 protesters in Lagos.", 4),
    ("On Feb. 30, 2023 police killed 4 protesters in Lagos.", 4),
    ("On 31 June police killed 4 protesters in Lagos.", 4),
    ("Police killed 3 people in Lagos on February 29, 2023.", 3),
])
def test_invalid_dates_are_not_counts_or_fatalities(nlp, text, count):
    got = [(q.min, q.max) for q in find_quantities(nlp(text))]
    assert got == [(count, count)], got
    ann = extract(text, published="2024-12-03")
    assert [e.fatalities for e in ann.events if e.type == "ASSAULT"] == [count]


def test_counts_beside_dates_still_count(nlp):
    got = [(q.what, q.min) for q in find_quantities(nlp("Police arrested 250 protesters on May 3, 2023 in 12 towns."))]
    assert got == [("protester", 250), ("town", 12)]
    got = [(q.what, q.min) for q in find_quantities(nlp("On March 4 2,000 people marched."))]
    assert got == [("people", 2000)]  # the day does not join the count
    got = [(q.what, q.min) for q in find_quantities(nlp("Security forces killed 12 demonstrators on March 4."))]
    assert got == [("demonstrator", 12)]


def test_the_table_view_shows_spans_without_hidden_characters():
    """`extract --format table` prints actor and claimant spans: no bidi override may reach the terminal."""
    from eventwire.pipeline import extract
    from eventwire.render import table_rows

    ann = extract("Police in Lagos said gunmen from \u202eBoko Haram killed 12 villagers on Monday.",
                  published="2024-03-04")
    rows = "\n".join(table_rows(ann))
    assert "Boko Haram" in rows and "\u202e" not in rows
    undated = extract("Gunmen killed 12 villagers near Kano on Monday, police said.")
    assert all("None" not in r for r in table_rows(undated))  # an unresolved date shows as "-"
