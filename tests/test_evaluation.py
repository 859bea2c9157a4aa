"""The gold-set scorers, on tiny hand-made gold files and a fake extractor (no pipeline needed)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluation import acled, plover
from eventwire.evaluation.common import (
    country_name_to_iso3, haversine_km, macro_f1, normalise_iso3, within_km,
)

EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


# ---------------------------------------------------------------- helpers

def actor(country=None, sector=None, text="x"):
    return {"text": text, "country": country, "sector": sector}


def event(type_, *, sources=(), targets=(), mode=None, confidence=0.5, status="reported", acled_=None,
          location=None, date=None, fatalities=None):
    return {"type": type_, "mode": mode, "sources": list(sources), "targets": list(targets),
            "confidence": confidence, "attribution": {"status": status, "claimants": []},
            "acled": acled_, "location": location, "date": date, "fatalities": fatalities}


def fake(outputs):
    """An extractor that answers from a {text: output} table (empty output for unknown text)."""
    calls = []

    def run(text, published):
        calls.append((text, published))
        return outputs.get(text, {"events": []})

    run.calls = calls
    return run


# ---------------------------------------------------------------- common

def test_haversine_known_distances():
    assert haversine_km(0, 0, 0, 0) == 0
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.05)  # one degree on the equator
    # Paris -> London, about 344 km
    assert haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.6, abs=1.0)
    assert haversine_km(10, 20, 30, 40) == pytest.approx(haversine_km(30, 40, 10, 20))


def test_within_km_25_rule():
    gold = (-34.6037, -58.3816)  # Buenos Aires
    assert within_km(gold, (-34.70, -58.40), 25)  # ~11 km
    assert not within_km(gold, (-34.92, -57.95), 25)  # La Plata, ~53 km
    assert not within_km(gold, (None, None), 25)
    assert not within_km(None, (-34.6, -58.4), 25)


def test_macro_f1_over_gold_classes():
    gold = ["a", "a", "b", "b"]
    pred = ["a", "b", "b", "c"]
    f1, per = macro_f1(gold, pred)
    # a: P 1, R .5 -> .667 ; b: P .5, R .5 -> .5 ; c is not a gold class, so not averaged
    assert set(per) == {"a", "b"}
    assert per["a"]["f1"] == pytest.approx(2 / 3)
    assert per["b"]["f1"] == pytest.approx(0.5)
    assert f1 == pytest.approx((2 / 3 + 0.5) / 2)
    assert macro_f1(["a"], [None])[0] == 0.0
    assert macro_f1([], [])[0] is None
    with pytest.raises(ValueError):
        macro_f1(["a"], [])


def test_country_codes():
    assert normalise_iso3("syr") == "SYR"
    assert normalise_iso3("JAP") == "JPN"  # old CAMEO code
    assert normalise_iso3("IGO") is None
    assert normalise_iso3("ZZZ") is None
    assert normalise_iso3(None) is None
    assert country_name_to_iso3("Argentina") == "ARG"
    assert country_name_to_iso3("Democratic Republic of Congo") == "COD"
    assert country_name_to_iso3("Russia") == "RUS"
    assert country_name_to_iso3("Palestine") == "PSE"
    assert country_name_to_iso3("Nowhere", numeric="32") == "ARG"


# ---------------------------------------------------------------- PLOVER

def plover_file(tmp_path, records, label_map=True):
    p = tmp_path / "gsr.json"
    p.write_text(json.dumps([{"id": "DOC", "event": "DOCUMENT", "eventText": "doc"}] + records))
    if label_map:
        (tmp_path / "label-map-to-plover-2.json").write_text(json.dumps(
            {"_note": "test", "FIGHT": "ASSAULT", "DEMAND": "REQUEST", "ASSAULT": "ASSAULT",
             "AGREE": "AGREE", "PROTEST": "PROTEST"}))
    return p


GSR = [
    {"id": "R1", "event": "FIGHT", "mode": "heavy-weapons", "text": "Syrian troops shelled rebels.",
     "source": [{"actorText": "Syrian troops", "code": "SYR", "sector": "MIL"}],
     "target": [{"actorText": "rebels", "code": "SYR", "sector": "REB"}]},
    {"id": "R2", "event": "DEMAND", "text": "The U.N. asked Israel and Jordan to talk.",
     "source": [{"actorText": "U.N.", "code": "IGO"}],
     "target": [{"actorText": "Israel", "code": "ISR"}, {"actorText": "Jordan", "code": "JOR"}]},
    {"id": "R3", "event": "AGREE", "text": "Japan agreed to help.", "mode": "",
     "source": [{"actorText": "Japan", "code": "JAP", "sector": "***"}], "target": "diplomatic"},
    {"id": "R4", "event": "PROTEST", "mode": "demo-org", "text": "Students marched in Dhaka.",
     "source": [{"actorText": "Students", "code": "BGD", "sector": "EDU"}]},
]


def test_plover_metrics(tmp_path):
    out = {
        # right type, right countries and sectors, right mode
        "Syrian troops shelled rebels.": {"events": [
            event("COERCE", confidence=0.9, sources=[actor("SYR", "MIL")]),
            event("ASSAULT", confidence=0.4, mode="heavy-weapons",
                  sources=[actor("SYR", "MIL")], targets=[actor("SYR", "REB")]),
        ]},
        # right type; one of two target codes found; IGO is not a country code
        "The U.N. asked Israel and Jordan to talk.": {"events": [
            event("REQUEST", sources=[actor(None, "IGO")], targets=[actor("ISR", "GOV")]),
        ]},
        # wrong type: the highest-confidence event is scored; JAP is read as JPN
        "Japan agreed to help.": {"events": [
            event("SUPPORT", confidence=0.3, sources=[actor("JPN", "GOV")]),
            event("CONSULT", confidence=0.8),
        ]},
        # no event at all
    }
    fx = fake(out)
    res = plover.evaluate_plover(plover_file(tmp_path, GSR), errors=2, extractor=fx, out=None)
    assert res["dataset"] == "plover-gsr" and res["n"] == 4
    assert all(pub == "2000-01-01" for _, pub in fx.calls)
    m = res["metrics"]
    assert m["type_accuracy"] == pytest.approx(2 / 4)
    # source codes: SYR (hit), JPN (miss: best event is CONSULT with no actors), BGD (miss) -> 1/3
    assert m["counts"]["source_country_gold"] == 3
    assert m["source_country_recall"] == pytest.approx(1 / 3)
    # target codes: SYR (hit), ISR (hit), JOR (miss) -> 2/3; "diplomatic" is not an actor list
    assert m["target_country_recall"] == pytest.approx(2 / 3)
    assert m["counts"]["non_state_codes_left_out"] == 1
    # sectors: MIL, REB (hits), EDU (miss); *** left out
    assert m["sector_recall"] == pytest.approx(2 / 3)
    # modes: heavy-weapons (right), demo-org (no event: wrong); "" not counted
    assert m["counts"]["mode_records"] == 2
    assert m["mode_accuracy"] == pytest.approx(0.5)
    assert m["per_type"]["ASSAULT"] == {"n": 1, "correct": 1, "accuracy": 1.0, "confused_with": {}}
    assert m["per_type"]["AGREE"]["confused_with"] == {"CONSULT": 1}
    assert m["per_type"]["PROTEST"]["confused_with"] == {"(no event)": 1}
    # errors: the worst first, with text, gold and what came out
    assert [e["id"] for e in res["errors"]] == ["R3", "R4"]
    e = res["errors"][0]
    assert {"text", "gold", "system"} <= set(e)


def test_plover_best_event_prefers_gold_type_then_actor_match(tmp_path):
    out = {"Syrian troops shelled rebels.": {"events": [
        event("ASSAULT", confidence=0.9, sources=[actor("TUR", "MIL")]),
        event("ASSAULT", confidence=0.2, sources=[actor("SYR", "MIL")], targets=[actor("SYR", "REB")]),
    ]}}
    res = plover.evaluate_plover(plover_file(tmp_path, GSR[:1]), extractor=fake(out), out=None)
    assert res["metrics"]["source_country_recall"] == 1.0
    assert res["metrics"]["target_country_recall"] == 1.0


def test_plover_mode_aliases_and_sectors():
    assert plover.accepted_modes("demo-org") == {"demo-org", "demo"}
    assert plover.accepted_modes("other") is None
    assert plover.accepted_modes(None) is None
    assert plover.normalise_sector("CVLalb") == "CVL"
    assert plover.normalise_sector("CIV") == "CVL"
    assert plover.normalise_sector("***") is None


def test_plover_label_map_fallback(tmp_path):
    p = plover_file(tmp_path, GSR[1:2], label_map=False)
    out = {GSR[1]["text"]: {"events": [event("REQUEST")]}}
    res = plover.evaluate_plover(p, extractor=fake(out), out=None)
    assert res["metrics"]["type_accuracy"] == 1.0


def test_plover_extractor_failure_is_counted(tmp_path):
    def boom(text, published):
        raise RuntimeError("kaput")

    res = plover.evaluate_plover(plover_file(tmp_path, GSR[:1]), errors=1, extractor=boom, out=None)
    assert res["metrics"]["counts"]["extract_failures"] == 1
    assert res["metrics"]["type_accuracy"] == 0.0
    assert "kaput" in res["errors"][0]["extract_error"]


def test_plover_report_prints(tmp_path):
    buf = io.StringIO()
    plover.evaluate_plover(plover_file(tmp_path, GSR), errors=1, extractor=fake({}), out=buf)
    text = buf.getvalue()
    assert "event type accuracy" in text and "Per type" in text and "Worst 1" in text


def test_missing_gold_file_is_a_clear_error(tmp_path):
    with pytest.raises(InputError):
        plover.evaluate_plover(tmp_path / "nope.json", extractor=fake({}), out=None)
    with pytest.raises(InputError):
        acled.evaluate_acled(tmp_path / "nope.csv", extractor=fake({}), out=None)


# ---------------------------------------------------------------- ACLED

ACLED_FIELDS = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "iso", "country",
                "location", "latitude", "longitude", "notes", "fatalities"]
NOTES = [
    ["A1", "2022-06-10", "Protests", "Peaceful protest", "32", "Argentina", "Rosario", "-32.9468",
     "-60.6393", "On 10 June 2022, teachers protested in Rosario.", "0"],
    ["A2", "2022-06-13", "Riots", "Mob violence", "32", "Argentina", "Resistencia", "-27.4606",
     "-58.9839", "On 13 June 2022, residents beat and killed a man in Resistencia.", "1"],
    ["A3", "2022-06-20", "Riots", "Violent demonstration", "180", "Democratic Republic of Congo",
     "Goma", "-1.6792", "29.2228", "On 20 June 2022, protesters stoned a UN base in Goma.", "2"],
    ["A4", "2022-06-21", "Protests", "Peaceful protest", "32", "Argentina", "Salta", "-24.7859",
     "-65.4117", "On 21 June 2022, truckers blocked a road near Salta.", "0"],
]


def acled_file(tmp_path):
    p = tmp_path / "notes.csv"
    with p.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ACLED_FIELDS)
        w.writerows(NOTES)
    return p


def place(name, country, lat, lon, start=0, ambiguity=None):
    return {"name": name, "country": country, "lat": lat, "lon": lon, "start": start, "ambiguity": ambiguity}


def test_acled_metrics(tmp_path):
    protest = {"event_type": "Protests", "sub_event_type": "Peaceful protest"}
    out = {
        # all right; the negated event is ignored even though it is more confident
        NOTES[0][9]: {"events": [
            event("ASSAULT", confidence=0.99, status="negated",
                  acled_={"event_type": "Riots", "sub_event_type": "Mob violence"}),
            event("PROTEST", confidence=0.6, acled_=protest,
                  location=place("Rosario", "ARG", -32.95, -60.66, ambiguity=0.0),
                  date={"value": "2022-06-10", "earliest": "2022-06-10", "latest": "2022-06-10"}),
        ]},
        # right type, wrong sub-type, no fatalities given (None counts as 0: wrong), ~15 km off: within 25
        NOTES[1][9]: {"events": [
            event("ASSAULT", acled_={"event_type": "Riots", "sub_event_type": "Violent demonstration"},
                  location=place("Corrientes", "ARG", -27.4692, -58.8306),  # ~15 km: within 25
                  date={"value": "2022-06", "earliest": "2022-06-13", "latest": "2022-06-13"}),
        ]},
        # no event; the country comes from the first place mention
        NOTES[2][9]: {"events": [], "mentions": {"places": [
            place("Rwanda", "RWA", -1.9, 29.9, start=40), place("Goma", "COD", -1.68, 29.22, start=30)]}},
        # month-precision date is not exact; fatalities 0 == 0; location too far
        NOTES[3][9]: {"events": [
            event("PROTEST", acled_=protest, location=place("Jujuy", "ARG", -24.1858, -65.2995, ambiguity=0.4),
                  date={"value": "2022-06", "earliest": "2022-06-01", "latest": "2022-06-30"},
                  fatalities=None),
        ]},
    }
    fx = fake(out)
    res = acled.evaluate_acled(acled_file(tmp_path), errors=2, extractor=fx, out=None)
    assert res["dataset"] == "acled-notes" and res["n"] == 4
    # published two days after the event date
    assert fx.calls[0][1] == "2022-06-12"
    m = res["metrics"]
    assert m["event_type_accuracy"] == pytest.approx(3 / 4)
    # classes: Peaceful protest (P 1, R 1), Mob violence (0), Violent demonstration (P 0, R 0)
    assert m["sub_event_type_macro_f1"] == pytest.approx(1 / 3)
    assert m["country_accuracy"] == 1.0
    assert m["location_within_25km"] == pytest.approx(2 / 4)
    # by the place's ambiguity: Rosario (0.0) right, Jujuy (0.4) wrong; Corrientes gives none
    assert m["location_within_25km_by_ambiguity"] == {
        "under 0.05": {"n": 1, "accuracy": 1.0}, "0.05 to 0.3": {"n": 0, "accuracy": None},
        "0.3 and over": {"n": 1, "accuracy": 0.0}}
    assert m["date_exact"] == pytest.approx(2 / 4)
    # fatalities: A1 0==0, A2 0!=1, A3 0!=2, A4 0==0
    assert m["fatalities_exact"] == pytest.approx(2 / 4)
    assert m["fatalities_exact_when_killed"] == 0.0
    assert m["counts"]["notes_with_fatalities"] == 2
    assert m["counts"]["no_main_event"] == 1
    assert len(res["errors"]) == 2 and res["errors"][0]["id"] == "A3"


def test_acled_fatalities_when_killed(tmp_path):
    out = {NOTES[1][9]: {"events": [event("ASSAULT", fatalities=1)]},
           NOTES[2][9]: {"events": [event("ASSAULT", fatalities=2)]}}
    m = acled.evaluate_acled(acled_file(tmp_path), extractor=fake(out), out=None)["metrics"]
    assert m["fatalities_exact"] == 1.0
    assert m["fatalities_exact_when_killed"] == 1.0


def test_acled_main_event_and_date_rules():
    evs = [event("PROTEST", confidence=0.5), event("ASSAULT", confidence=0.9, status="negated"),
           event("COERCE", confidence=0.5)]
    assert acled.main_event(evs)["type"] == "PROTEST"  # tie: the earlier one
    assert acled.main_event([event("ASSAULT", status="negated")]) is None
    assert acled.date_matches({"date": {"value": "2022-06-10"}}, "2022-06-10")
    assert acled.date_matches({"date": {"value": "2022-W23", "earliest": "2022-06-10",
                                        "latest": "2022-06-10"}}, "2022-06-10")
    assert not acled.date_matches({"date": {"value": "2022-06", "earliest": "2022-06-01",
                                            "latest": "2022-06-30"}}, "2022-06-10")
    assert not acled.date_matches({"date": None}, "2022-06-10")
    assert acled.published_for("2022-02-27") == "2022-03-01"


def test_acled_report_and_module_cli(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("eventwire.evaluation.common.default_extractor", lambda: fake({}))
    assert acled.main([str(acled_file(tmp_path)), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["n"] == 4 and "metrics" in data
    assert acled.main([str(acled_file(tmp_path)), "--errors", "1"]) == 0
    assert "date exact" in capsys.readouterr().out
    assert acled.main([str(tmp_path / "missing.csv")]) == 1
    assert capsys.readouterr().err.startswith("Error:")


# ---------------------------------------------------------------- the real dev sets (when present)

@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason=f"eval data not found at {EVAL_DIR} (../shared/eval)")
def test_real_gold_files_load_and_score_with_a_null_extractor():
    res = plover.evaluate_plover(EVAL_DIR / "plover-gsr" / "plover-gsr-dev.json",
                                 extractor=fake({}), out=None)
    assert res["n"] > 100 and res["metrics"]["type_accuracy"] == 0.0
    assert len(res["metrics"]["per_type"]) == 16
    res = acled.evaluate_acled(EVAL_DIR / "acled-notes" / "acled-notes-dev.csv",
                               extractor=fake({}), out=None)
    assert res["n"] > 100 and res["metrics"]["counts"]["gold_country_unresolved"] == 0


def test_plover_module_cli(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("eventwire.evaluation.common.default_extractor", lambda: fake({}))
    path = str(plover_file(tmp_path, GSR))
    assert plover.main([path, "--json", "--errors", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dataset"] == "plover-gsr" and data["n"] == 4 and len(data["errors"]) == 2
    assert plover.main([path]) == 0
    assert "Per type" in capsys.readouterr().out
    assert plover.main([str(tmp_path / "missing.json")]) == 1
    assert capsys.readouterr().err.startswith("Error:")
