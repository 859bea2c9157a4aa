"""The TimeML and TR-News scorers: reading the gold (body text, offsets, creation time; drifted toponym offsets,
missing coordinates), the value mapping and the arithmetic of the scores on tiny documents written here, the
CLI, then one sanity run per set on the real files in ../shared/eval (skipped, saying why, where absent)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluation import timeml, tr_news
from eventwire.evaluation.common import match_spans
from eventwire.evaluation.toponyms import score_toponyms
from eventwire.records import Place

EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"

# ---------------------------------------------------------------- TimeML

DCT = ('<DCT><TIMEX3 tid="t0" value="1998-08-07" type="DATE" functionInDocument="CREATION_TIME" '
       'temporalFunction="false">19980807</TIMEX3></DCT>')
TML = f"""<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
{DCT}
<TITLE>Blasts on <TIMEX3 tid="t9" type="DATE" value="1998-08-07">Friday</TIMEX3></TITLE>
<TEXT>
NAIROBI, Kenya (AP) _

Bombs <EVENT eid="e1" class="OCCURRENCE">exploded</EVENT> at the R&amp;D office <TIMEX3 tid="t1" value="1998-08-07" \
functionInDocument="NONE" type="DATE" temporalFunction="false">Friday</TIMEX3>. Talks had <EVENT eid="e2" \
class="OCCURRENCE">lasted</EVENT> <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3>. Nobody spoke.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST"/>
</TimeML>
"""
BODY = ("\nNAIROBI, Kenya (AP) _\n\nBombs exploded at the R&D office Friday. Talks had lasted three days. "
        "Nobody spoke.\n")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def grammar(text, published):
    """eventwire's own time grammar on the plain text (no parse): the real tagger, without spaCy."""
    from eventwire.stages.times import find_times

    return {"mentions": {"times": [t.to_dict() for t in find_times(text, date.fromisoformat(published))]}}


def sys_time(text, start, value, precision):
    return {"text": text, "start": start, "end": start + len(text), "value": value, "precision": precision}


def test_timeml_body_text_gold_offsets_and_creation_time(tmp_path):
    doc = timeml.load_tml(write(tmp_path / "TimeBank" / "T1.tml", TML))
    assert doc.text == BODY  # tags gone, entities decoded, every space and newline kept
    assert (doc.name, doc.corpus, doc.published) == ("T1", "TimeBank", "1998-08-07")
    # the creation time (in <DCT>) and the TIMEX3 in <TITLE> are not gold: only the two in <TEXT>
    assert [(g.tid, g.type, g.value, g.text) for g in doc.timexes] == [
        ("t1", "DATE", "1998-08-07", "Friday"), ("t2", "DURATION", "P3D", "three days")]
    friday, days = doc.timexes
    assert (friday.start, friday.end) == (BODY.index("Friday"), BODY.index("Friday") + 6)
    assert (days.start, days.end) == (BODY.index("three days"), BODY.index("three days") + 10)
    assert all(BODY[g.start:g.end] == g.text for g in doc.timexes)


def test_timeml_creation_time_inside_text_is_not_gold(tmp_path):
    tml = TML.replace(DCT, "").replace("<TEXT>\n", f"<TEXT>\n{DCT.replace('<DCT>', '').replace('</DCT>', '')} ")
    doc = timeml.load_tml(write(tmp_path / "a.tml", tml))
    assert doc.published == "1998-08-07"
    assert [g.tid for g in doc.timexes] == ["t1", "t2"]
    assert all(doc.text[g.start:g.end] == g.text for g in doc.timexes)


@pytest.mark.parametrize("broken,message", [
    (TML.replace(DCT, ""), "creation time"),
    (TML.replace("<TEXT>", "<BODY>").replace("</TEXT>", "</BODY>"), "<TEXT>"),
    (TML.replace("</TimeML>", ""), "XML"),
])
def test_timeml_unusable_files_are_input_errors(tmp_path, broken, message):
    with pytest.raises(InputError, match=message):
        timeml.load_tml(write(tmp_path / "bad.tml", broken))


def test_timeml_folder_reading(tmp_path):
    write(tmp_path / "TimeBank" / "b.tml", TML)
    write(tmp_path / "AQUAINT" / "a.tml", TML)
    write(tmp_path / "AQUAINT" / "notes.txt", "not TimeML")
    assert [(d.corpus, d.name) for d in timeml.load_timeml(tmp_path)] == [("AQUAINT", "a"), ("TimeBank", "b")]
    assert [d.corpus for d in timeml.load_timeml(tmp_path / "AQUAINT")] == ["AQUAINT"]
    assert len(timeml.load_timeml(tmp_path, limit=1)) == 1
    with pytest.raises(InputError):
        timeml.load_timeml(tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError):
        timeml.load_timeml(tmp_path / "empty")


@pytest.mark.parametrize("precision,value,expected", [
    ("day", "1998-08-07", "1998-08-07"), ("week", "1998-W32", "1998-W32"), ("week", "1998-W32-WE", "1998-W32-WE"),
    ("month", "1998-08", "1998-08"), ("year", "1998", "1998"), ("duration", "P3D", "P3D"),
    ("duration", "PT24H", "PT24H"), ("duration", "PXD", "PXD"),
    ("range", "1990/1999", "199"), ("range", "1900/1999", "19"), ("range", "1991/1999", None),
    ("range", "2011/2013", None), ("range", "1998-07-31/1998-08-07", None),
    ("offset", "+P2D", "P2D"), ("offset", "-P1W", "P1W"), ("offset", "+PXD", "PXD"), ("other", "x", None),
    ("quarter", "1989-Q3", "1989-Q3"), ("ref", "PRESENT_REF", "PRESENT_REF"), ("day", None, None),
])
def test_timex_value_mapping(precision, value, expected):
    assert timeml.timex_value({"value": value, "precision": precision}) == expected


@pytest.mark.parametrize("value,shape", [
    ("1998-08-07", "day"), ("1998-08-07TNI", "day+time"), ("1998-08", "month"), ("1998", "year"),
    ("1998-Q3", "quarter/half"), ("1998-SU", "season"), ("1998-W32", "week"), ("1998-W32-WE", "weekend"),
    ("199", "decade"), ("19", "century"), ("P3D", "duration"), ("PRESENT_REF", "PRESENT_REF"),
    ("199X", "with unknown part"),
])
def test_value_shape(value, shape):
    assert timeml.value_shape(value) == shape


def test_timeml_with_the_real_grammar_finds_both_with_exact_offsets(tmp_path):
    seen = []

    def tagger(text, published):
        seen.append((text, published))
        return grammar(text, published)

    r = timeml.evaluate_timeml(write(tmp_path / "T1.tml", TML), extractor=tagger, out=None)
    assert seen == [(BODY, "1998-08-07")]  # the body text as it is, and the creation date
    m = r["metrics"]
    assert (m["gold_timex"], m["system_times"], m["system_spans_not_in_text"]) == (2, 2, 0)
    # strict spans would fall if either side's offsets were off by one
    assert m["span_f1"] == m["strict_span_f1"] == m["value_f1"] == 1.0
    assert m["error_kinds"] == {}


def test_timeml_score_arithmetic(tmp_path):
    doc = timeml.load_tml(write(tmp_path / "T1.tml", TML))
    f, d = BODY.index("Friday"), BODY.index("three days")
    times = [sys_time("Friday", f, "1998-08-07", "day"),        # exact span, right value
             sys_time("hree days", d + 1, "P3W", "duration"),    # overlaps (one off): relaxed yes, strict no; wrong
             sys_time("NAIROBI", BODY.index("NAIROBI"), "1998", "year")]  # spurious
    r = timeml.score([doc], [times], errors=1)
    m = r["metrics"]
    assert (m["gold_timex"], m["system_times"]) == (2, 3)
    assert (m["span_precision"], m["span_recall"]) == (2 / 3, 1.0)
    assert m["span_f1"] == pytest.approx(0.8)
    assert (m["strict_span_precision"], m["strict_span_recall"]) == (1 / 3, 1 / 2)
    assert m["strict_span_f1"] == pytest.approx(0.4)
    assert (m["value_precision"], m["value_recall"]) == (1 / 3, 1 / 2)
    assert m["value_f1"] == pytest.approx(0.4)
    assert m["per_type"]["DATE"] == {"gold": 1, "matched": 1, "value": 1, "span_recall": 1.0, "value_recall": 1.0}
    assert m["per_type"]["DURATION"]["value"] == 0 and m["per_type"]["TIME"]["gold"] == 0
    assert m["error_kinds"] == {"spurious: ours year": 1,
                                "value: gold DURATION duration, ours duration (same granularity)": 1}
    worst = r["errors"][0]
    assert worst["wrong_value"][0]["gold_value"] == "P3D" and worst["spurious"][0]["text"] == "NAIROBI"
    # a span shifted one character off the text is caught
    bad = timeml.score([doc], [[{**times[0], "start": f + 1, "end": f + 7}]])
    assert bad["metrics"]["system_spans_not_in_text"] == 1


def test_timeml_misses_and_by_corpus(tmp_path):
    a = timeml.load_tml(write(tmp_path / "AQUAINT" / "a.tml", TML))
    b = timeml.load_tml(write(tmp_path / "TimeBank" / "b.tml", TML))
    f = BODY.index("Friday")
    r = timeml.score([a, b], [[sys_time("Friday", f, "1998-08-07", "day")], []])
    m = r["metrics"]
    assert m["by_corpus"]["AQUAINT"]["value_f1"] == pytest.approx(2 / 3)  # P 1, R 1/2
    assert m["by_corpus"]["TimeBank"]["value_recall"] == 0.0
    assert m["by_corpus"]["TimeBank"]["value_precision"] is None  # nothing found: no precision
    assert m["error_kinds"] == {"missed: DURATION duration": 2, "missed: DATE day": 1}
    with pytest.raises(ValueError):
        timeml.score([a, b], [[]])


def test_timeml_report_prints(tmp_path):
    buf = io.StringIO()
    r = timeml.evaluate_timeml(write(tmp_path / "T1.tml", TML), errors=2, extractor=lambda t, p: {}, out=buf)
    assert r["metrics"]["span_recall"] == 0.0 and "missed" in buf.getvalue() and "value (exact" in buf.getvalue()
    json.dumps(r)


# ---------------------------------------------------------------- TR-News

TEXT = "Police in Edmonton said a man from Calgary, Turkish by birth, was held on Main Street."
TR = f"""<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1010001">
    <title>t</title><url> http://example.org/a </url><domain>example.org</domain><dltime>2016-12-19</dltime>
    <text><![CDATA[{TEXT}]]></text>
    <toponyms>
      <toponym><phrase>Edmonton</phrase><start>10</start><end>18</end>
        <gaztag geonameid="5946768"><country geonameid="6251999">Canada</country><lat>53.55014</lat><lon>-113.46871</lon>
        <name>Edmonton</name><fclass>P</fclass><fcode>PPLA</fcode></gaztag></toponym>
      <toponym><phrase>Calgary</phrase><start>37</start><end>44</end>
        <gaztag geonameid="5913490"><country geonameid="6251999">Canada</country><lat>51.05011</lat><lon>-114.08529</lon>
        <name>Calgary</name><fclass>P</fclass><fcode>PPLA2</fcode></gaztag></toponym>
    </toponyms>
  </article>
</articles>
"""
EXTRA = """      <toponym><phrase>Turkish</phrase><start>44</start><end>51</end>
        <gaztag geonameid="298795"><name>Turkey</name><lat>39</lat><lon>35</lon></gaztag></toponym>
      <toponym><phrase>Main Street</phrase><start>74</start><end>85</end></toponym>
    </toponyms>"""


def place(text, lat, lon, feature="city"):
    s = TEXT.index(text)
    return Place(text=text, start=s, end=s + len(text), geonames_id=None, name=text, country="CAN", admin1=None,
                 lat=lat, lon=lon, feature=feature)


def test_tr_news_reads_exact_and_drifted_offsets(tmp_path):
    (art,) = tr_news.load_tr_news(write(tmp_path / "tr.xml", TR))
    assert art["source"] == "1010001" and art["text"] == TEXT
    ed, cal = art["gold"]
    assert (ed["start"], ed["end"], ed["lat"], ed["lon"]) == (10, 18, 53.55014, -113.46871)  # exact: kept
    assert TEXT[35:42] == "Calgary"  # the file says 37-44: two characters late, moved to the phrase
    assert (cal["start"], cal["end"], cal["name"]) == (35, 42, "Calgary")
    assert (art["gold_realigned"], art["gold_unaligned"], art["gold_unreadable"]) == (1, 0, 0)


def test_tr_news_align():
    assert tr_news.align("in Paris and Paris", "Paris", 3, 8) == (3, 8, "exact")
    assert tr_news.align("in Paris and Paris", "Paris", 12, 17) == (13, 18, "realigned")  # nearest, not first
    assert tr_news.align("in Paris", "Paris", 3, 7) == (3, 8, "realigned")  # end one short
    assert tr_news.align("in Paris", "Lyon", 3, 7) == (3, 7, "unaligned")
    assert tr_news.align("x" * 40 + "Paris", "Paris", 5, 10) == (5, 10, "unaligned")  # beyond the window


def test_tr_news_without_coordinates_and_demonyms(tmp_path):
    (art,) = tr_news.load_tr_news(write(tmp_path / "tr.xml", TR.replace("    </toponyms>", EXTRA)))
    turkish, street = art["gold"][2:]
    assert (turkish["start"], turkish["end"]) == (TEXT.index("Turkish"), TEXT.index("Turkish") + 7)
    assert street["lat"] is None and street["lon"] is None and TEXT[street["start"]:street["end"]] == "Main Street"
    assert tr_news.is_demonym("Turkish", {"turkish"}) and tr_news.is_demonym("Turks", {"turk"})
    assert not tr_news.is_demonym("U.S.", tr_news.state_demonyms())  # a name of a state, also listed as demonym
    assert tr_news.is_demonym("Turkish", tr_news.state_demonyms())


def test_toponym_score_arithmetic(tmp_path):
    (art,) = tr_news.load_tr_news(write(tmp_path / "tr.xml", TR.replace("    </toponyms>", EXTRA)))
    preds = [place("Edmonton", 53.5, -113.5).to_dict(),         # found, within 161 km
             place("Calgary", 43.65, -79.38).to_dict(),         # found, placed at Toronto: wrong
             place("Main Street", 1.0, 1.0).to_dict(),          # found; its gold has no coordinates
             place("Police", 0.0, 0.0).to_dict()]               # spurious
    r = score_toponyms([art], [preds], errors=3)
    m = r["metrics"]
    assert (m["gold_toponyms"], m["predicted"], m["matched"], m["gold_without_coordinates"]) == (4, 4, 3, 1)
    assert (m["recognition_precision"], m["recognition_recall"]) == (3 / 4, 3 / 4)
    assert m["resolution_acc_161km"] == 1 / 2  # Main Street is left out of resolution
    assert m["end_to_end_161km"] == 1 / 3  # of the 3 gold toponyms with coordinates
    assert {e["kind"] for e in r["errors"]} == {"resolution", "missed", "spurious"}
    figs = tr_news.demonym_figures([art], [preds], {"turkish"})
    assert figs == {"gold_demonym_like": 1, "recognition_recall_without_demonyms": 1.0}
    # a gold span one character off would still overlap; the exact offsets are what the loader test checks
    assert match_spans(art["gold"], preds) == [(3, 2), (0, 0), (1, 1)]


def test_evaluate_tr_news_with_a_blank_parser(tmp_path):
    spacy = pytest.importorskip("spacy")
    path = write(tmp_path / "tr.xml", TR)
    r = tr_news.evaluate_tr_news(path, nlp=spacy.blank("en"), find=lambda doc: [place("Edmonton", 53.5, -113.5)],
                                 demonyms=())
    m = r["metrics"]
    assert (m["articles"], m["gold_toponyms"], m["matched"], m["gold_realigned"]) == (1, 2, 1, 1)
    assert (m["recognition_precision"], m["recognition_recall"], m["resolution_acc_161km"]) == (1.0, 0.5, 1.0)
    assert m["end_to_end_161km"] == 0.5 and m["gold_demonym_like"] == 0
    with pytest.raises(InputError):
        tr_news.load_tr_news(tmp_path / "absent.xml")
    with pytest.raises(InputError):
        tr_news.load_tr_news(write(tmp_path / "bad.xml", "<articles><article>"))


# ---------------------------------------------------------------- CLI

def test_cli_eval_timeml_and_tr_news(tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import Dataset, app

    assert {d.value for d in Dataset} >= {"timeml", "tr-news"}
    runner = CliRunner()
    res = runner.invoke(app, ["eval", "timeml", str(write(tmp_path / "T1.tml", TML)), "--json", "--errors", "1"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["n"] == 1 and out["metrics"]["gold_timex"] == 2 and out["metrics"]["system_spans_not_in_text"] == 0
    assert len(out["errors"]) == 1
    res = runner.invoke(app, ["eval", "tr-news", str(write(tmp_path / "tr.xml", TR)), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["metrics"]["gold_toponyms"] == 2
    res = runner.invoke(app, ["eval", "timeml", str(write(tmp_path / "bad.tml", "<TimeML>"))])
    assert res.exit_code == 1 and "Error:" in res.output


# ---------------------------------------------------------------- the real files: sanity only

def test_timeml_real_files_sanity():
    path = EVAL_DIR / "timeml"
    if not path.is_dir():
        pytest.skip(f"{path} is absent: the sanity run needs ../shared/eval beside the repository")
    docs = timeml.load_timeml(path)
    assert sum(d.corpus == "TimeBank" for d in docs) == 183 and sum(d.corpus == "AQUAINT" for d in docs) == 73
    assert sum(len(d.timexes) for d in docs) > 0
    assert all(d.text[g.start:g.end] == g.text and g.text.strip() for d in docs for g in d.timexes)
    r = timeml.evaluate_timeml(path, errors=2, out=None, limit=4)
    m = r["metrics"]
    assert r["n"] == 4 and m["gold_timex"] > 0 and m["system_spans_not_in_text"] == 0
    for k in ("span", "strict_span", "value"):
        for s in ("precision", "recall", "f1"):
            assert 0.0 <= m[f"{k}_{s}"] <= 1.0


def test_tr_news_real_file_sanity():
    path = EVAL_DIR / "geoparsing" / "TR-News.xml"
    if not path.is_file():
        pytest.skip(f"{path} is absent: the sanity run needs ../shared/eval beside the repository")
    arts = tr_news.load_tr_news(path)
    assert len(arts) == 118 and sum(len(a["gold"]) for a in arts) > 0
    assert all(a["text"][g["start"]:g["end"]] == g["name"] for a in arts for g in a["gold"])
    r = tr_news.evaluate_tr_news(path, errors=3, limit=10)
    m = r["metrics"]
    assert m["articles"] == 10 and m["gold_toponyms"] > 0
    for k in ("recognition_precision", "recognition_recall", "recognition_f1", "resolution_acc_161km",
              "end_to_end_161km"):
        assert 0.0 <= m[k] <= 1.0


@pytest.mark.parametrize(("ours", "published", "timex"), [
    ({"value": "1989-08-27/1989-10-27", "precision": "range"}, "1989-10-27", "P2M"),  # the past two months
    ({"value": "1987-10-26/1989-10-26", "precision": "range"}, "1989-10-26", "P2Y"),
    ({"value": "1989-10-12/1989-10-26", "precision": "range"}, "1989-10-26", "P2W"),
    ({"value": "1989-10-25/1989-10-30", "precision": "range"}, "1989-10-30", "P5D"),
    ({"value": "1990/1999-05-07", "precision": "range"}, "1999-05-07", "1990"),  # since 1990
    ({"value": "1999-11/2000-04-17", "precision": "range"}, "2000-04-17", "1999-11"),  # since November
    ({"value": "1982/1992", "precision": "range"}, "1998-10-25", None),  # between 1982 and 1992: no one value
    ({"value": "2000-01-05TNI", "precision": "day"}, "2000-01-07", "2000-01-05TNI"),
    ({"value": "1998-FA", "precision": "season"}, "1999-05-07", "1998-FA"),
    ({"value": "P1D", "precision": "set"}, "1999-05-07", "P1D"),
])
def test_timex_value_reads_our_values_as_timeml(ours: dict, published: str, timex: str | None) -> None:
    from eventwire.evaluation.timeml import timex_value

    assert timex_value(ours, published) == timex


@pytest.mark.parametrize(("a", "b"), [("2000-W7", "2000-W07"), ("199X", "199"), ("19XX", "19"),
                                      ("2000-W02", "2000-W02")])
def test_same_value_spellings(a: str, b: str) -> None:
    from eventwire.evaluation.timeml import same_value

    assert same_value(a) == same_value(b)
    assert same_value("1998-XX") != same_value("1998")


def test_since_is_the_start_not_the_length() -> None:
    from eventwire.evaluation.timeml import timex_value

    since = {"value": "1998-01-13/1998-03-06", "precision": "range", "text": "since Jan. 13"}
    assert timex_value(since, "1998-03-06") == "1998-01-13"
    assert timex_value({**since, "text": "the past 52 days"}, "1998-03-06") == "P52D"


@pytest.mark.parametrize(("text", "value", "ends"), [
    ("from 1991 to 1997", "1991/1997", [("1991", "1991"), ("1997", "1997")]),
    ("between Aug. 26 and Oct. 20", "1989-08-26/1989-10-20", [("Aug. 26", "1989-08-26"), ("Oct. 20", "1989-10-20")]),
    ("from today through Nov. 17", "1989-10-27/1989-11-17", [("today", "1989-10-27"), ("Nov. 17", "1989-11-17")]),
])
def test_a_from_to_range_is_scored_as_its_two_ends(text: str, value: str, ends: list) -> None:
    from eventwire.evaluation.timeml import timex_units, timex_value

    t = {"text": text, "start": 100, "end": 100 + len(text), "value": value, "precision": "range"}
    units = timex_units(t)
    assert [(u["text"], timex_value(u)) for u in units] == ends
    assert all(text[u["start"] - 100:u["end"] - 100] == u["text"] for u in units)
    assert timex_units({**t, "text": "recent weeks"}) == [{**t, "text": "recent weeks"}]
