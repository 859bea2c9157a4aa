"""The scorers of the ConfliBERT-packaged sets (cameo, india-police, satp): their mapping and metric rules on
hand-made events and sentences (a fake extractor, no pipeline), then one smoke run per set on the first 40
rows of the real file in ../shared/eval (skipped, saying why, where it is absent)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluation import cameo, india_police, satp
from eventwire.evaluation.conflibert import binary_prf, load_tsv

EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def event(type_, *, mode=None, cameo_=None, acled=None, sources=(), status="reported", confidence=0.5,
          fatalities=None, quantities=(), trigger=None, sentence=None):
    ev = {"type": type_, "mode": mode, "cameo": cameo_, "acled": acled, "sources": list(sources), "targets": [],
          "confidence": confidence, "attribution": {"status": status, "claimants": []},
          "fatalities": fatalities, "quantities": list(quantities)}
    if trigger is not None:  # the sentence starts at offset 0
        sent = sentence or trigger
        ev["trigger"] = {"text": trigger, "start": sent.index(trigger), "end": sent.index(trigger) + len(trigger)}
        ev["evidence"] = {"sentence": sent, "start": 0, "end": len(sent)}
    return ev


def actor(text, sector=None):
    return {"text": text, "sector": sector, "country": None}


def out(*events):
    return {"events": list(events)}


def fake(table):
    """An extractor answering from {text: output}; unknown text gives no events."""
    return lambda text, published: table.get(text, {"events": []})


def write_tsv(path: Path, rows) -> Path:
    path.write_text("".join("\t".join([text, *map(str, labels)]) + "\r\n" for text, labels in rows),
                    encoding="utf-8")
    return path


# ---------------------------------------------------------------- shared helpers

def test_load_tsv_reads_crlf_quotes_and_limit(tmp_path):
    f = tmp_path / "a.tsv"
    f.write_text('Plain line.\t1\r\n"He said ""no"" twice."\t3\r\nThird.\t0\r\n', encoding="utf-8")
    assert load_tsv(f, 1) == [("Plain line.", [1]), ('He said "no" twice.', [3]), ("Third.", [0])]
    assert len(load_tsv(f, 1, limit=2)) == 2


@pytest.mark.parametrize("content", ["Only text\r\n", "Text\tx\r\n", "Text\t1\t0\r\n"])
def test_load_tsv_rejects_malformed_rows(tmp_path, content):
    f = tmp_path / "bad.tsv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        load_tsv(f, 1)
    with pytest.raises(InputError):
        load_tsv(tmp_path / "none.tsv", 1)


def test_binary_prf():
    s = binary_prf([1, 1, 0, 0, 1], [1, 0, 1, 0, 1])  # tp 2, fp 1, fn 1
    assert (s["precision"], s["recall"], s["f1"], s["support"], s["predicted"]) == (2 / 3, 2 / 3, 2 / 3, 3, 3)
    assert binary_prf([1, 0], [0, 0])["f1"] == 0.0  # nothing predicted: 0, not an error


# ---------------------------------------------------------------- cameo

@pytest.mark.parametrize("etype,expected", [(t, c) for c, types in {
    1: "AGREE CONSULT SUPPORT", 2: "COOPERATE AID CONCEDE RETREAT", 3: "ACCUSE REJECT THREATEN SANCTION",
    4: "PROTEST MOBILIZE COERCE ASSAULT"}.items() for t in types.split()])
def test_cameo_type_to_class_without_a_code(etype, expected):
    assert cameo.event_class(event(etype)) == expected


@pytest.mark.parametrize("code,expected", [
    ("010", 0), ("020", 0), ("0214", 0), ("036", 1), ("042", 1), ("057", 1), ("062", 2), ("073", 2), ("0841", 2),
    ("090", 3), ("100", 3), ("1041", 3), ("112", 3), ("120", 3), ("138", 3), ("163", 3), ("1663", 3), ("162", 3),
    ("141", 4), ("150", 4), ("173", 4), ("1724", 4), ("183", 4), ("193", 4), ("204", 4)])
def test_cameo_root_gives_the_phoenix_quad_class(code, expected):
    # the Phoenix pipeline's quad conversion: 01-02 neutral, 16 (reduce relations) verbal conflict
    assert cameo.event_class(event("SANCTION" if code.startswith("16") else "ASSAULT", cameo_=code)) == expected


def test_cameo_request_is_an_appeal_unless_a_demand():
    assert cameo.event_class(event("REQUEST", cameo_="020")) == 0  # an appeal (CAMEO 02): neutral
    assert cameo.event_class(event("REQUEST", cameo_="100")) == 3  # CAMEO 10x: demand
    assert cameo.event_class(event("REQUEST", cameo_="1041")) == 3
    assert cameo.event_class(event("REQUEST", mode="demand")) == 3  # no code: the mode decides
    assert cameo.event_class(event("REQUEST")) == 0
    assert cameo.event_class(None) == cameo.event_class(event("SOMETHING_ELSE")) == 0


def test_cameo_main_event_is_the_most_confident_not_negated():
    o = out(event("AGREE", confidence=0.6), event("ASSAULT", confidence=0.9, status="negated"),
            event("REJECT", confidence=0.7))
    assert cameo.sentence_class(o)[0] == 3
    assert cameo.sentence_class(out(event("ASSAULT", status="negated")))[0] == 0
    assert cameo.sentence_class(out())[0] == 0


def test_cameo_scores_and_majority_baseline():
    gold = [0, 1, 1, 3, 4, 4]
    pred = [0, 1, 3, 3, 4, 0]
    s = cameo.scores(gold, pred)
    assert s["accuracy"] == pytest.approx(4 / 6)
    assert s["confusion"]["1"]["3"] == 1 and s["confusion"]["4"]["0"] == 1 and s["confusion"]["0"]["0"] == 1
    # class 2 is absent from gold and never predicted: it still counts (F1 0) in the five-class macro
    assert s["per_class"]["2"]["f1"] == 0.0
    f1 = {c: s["per_class"][str(c)]["f1"] for c in range(5)}
    assert f1[0] == pytest.approx(2 / 3) and f1[1] == pytest.approx(2 / 3) and f1[3] == pytest.approx(2 / 3)
    assert s["macro_f1"] == pytest.approx(sum(f1.values()) / 5)
    b = cameo.majority_baseline(gold)
    assert b["class"] == 1 and b["accuracy"] == pytest.approx(2 / 6)  # 1 and 4 tie: the lower class


def test_evaluate_cameo_with_a_fake_extractor(tmp_path):
    f = write_tsv(tmp_path / "c.tsv", [("The envoys met in Oslo.", [1]), ("Troops shelled the port.", [4]),
                                       ("The minister spoke.", [0]), ("The court freed the activist.", [2])])
    ext = fake({"The envoys met in Oslo.": out(event("CONSULT")),
                "Troops shelled the port.": out(event("ASSAULT")),
                "The court freed the activist.": out(event("ACCUSE"))})
    buf = io.StringIO()
    r = cameo.evaluate_cameo(f, errors=5, extractor=ext, out=buf)
    assert r["dataset"] == "cameo-penta" and r["n"] == 4
    assert r["metrics"]["accuracy"] == pytest.approx(3 / 4)
    assert [(e["gold"], e["system"]) for e in r["errors"]] == [(2, 3)]  # the only wrong one
    assert "majority baseline" in buf.getvalue() and "Confusion" in buf.getvalue()
    json.dumps(r)  # the CLI's --json needs it serialisable


# ---------------------------------------------------------------- india-police

POLICE = actor("the police", "COP")


def test_india_police_actor():
    assert all(india_police.is_police(a) for a in (actor("two constables"), actor("the sho of naroda"),
                                                    actor("security men", "COP")))
    assert not india_police.is_police(actor("the mob", "CVL"))
    assert not india_police.is_police(actor("since copters came"))  # words, not substrings


def labels(*events):  # the system's five labels for a sentence with these events
    return india_police.system_labels(out(*events))


def test_india_police_kill_needs_police_and_a_death():
    assert labels(event("ASSAULT", sources=[POLICE], fatalities=2)) == \
        {"kill": 1, "arrest": 0, "force": 1, "any": 1, "fail": 0}
    assert labels(event("ASSAULT", sources=[POLICE], quantities=[{"killed": True}]))["kill"] == 1
    shot = event("ASSAULT", sources=[POLICE], trigger="shot", sentence="police shot dead a man")
    assert labels(shot)["kill"] == 1  # "shot" read with the words after it
    assert labels(event("ASSAULT", sources=[POLICE], trigger="fired", sentence="police fired in the air")) == \
        {"kill": 0, "arrest": 0, "force": 1, "any": 1, "fail": 0}
    assert labels(event("ASSAULT", sources=[actor("the mob", "CVL")], fatalities=3)) == \
        dict.fromkeys(("kill", "arrest", "force", "any", "fail"), 0)


def test_india_police_kill_by_an_attack_people_died_of():
    died = event("ASSAULT", sources=[POLICE], trigger="firing", sentence="more villagers died in police firing")
    assert labels(died)["kill"] == 1
    deaths = event("ASSAULT", sources=[POLICE], trigger="firing", sentence="the deaths due to the police firing")
    assert labels(deaths)["kill"] == 1
    fired = event("ASSAULT", sources=[POLICE], trigger="firing", sentence="they were hurt in police firing")
    assert labels(fired) == {"kill": 0, "arrest": 0, "force": 1, "any": 1, "fail": 0}


def test_india_police_force_by_crowd_control_means_with_no_doer():
    gas = event("ASSAULT", mode="crowd-control", trigger="lobbed", sentence="tear gas shells were lobbed")
    assert labels(gas) == {"kill": 0, "arrest": 0, "force": 1, "any": 1, "fail": 0}
    assert labels(event("ASSAULT", mode="firearms"))["force"] == 0  # gunfire is anyone's
    assert labels(event("ASSAULT", mode="crowd-control", sources=[actor("the mob", "CVL")]))["force"] == 0
    assert labels(event("ASSAULT", mode="crowd-control", status="negated"))["force"] == 0


def test_india_police_arrest_by_police_or_by_nobody_named():
    assert labels(event("COERCE", mode="arrest", sources=[POLICE]))["arrest"] == 1
    assert labels(event("COERCE", mode="arrest"))["arrest"] == 1  # "were arrested"
    assert labels(event("COERCE", trigger="detained"))["arrest"] == 1
    gang = labels(event("COERCE", mode="arrest", sources=[actor("the gang", "CRM")]))
    assert gang["arrest"] == 0 and gang["any"] == 0
    # an arrest is not force; another COERCE by the police is
    assert labels(event("COERCE", mode="arrest", sources=[POLICE]))["force"] == 0
    assert labels(event("COERCE", sources=[POLICE]))["force"] == 1  # "police dispersed the mob"
    assert labels(event("COERCE", mode="curfew", sources=[POLICE])) == \
        {"kill": 0, "arrest": 0, "force": 0, "any": 1, "fail": 0}  # an act, not force
    assert labels(event("COERCE", mode="restrict", sources=[POLICE]))["force"] == 0
    assert labels(event("COERCE", sources=[actor("the collector", "GOV")]))["force"] == 0
    unknown = event("COERCE", sources=[POLICE])
    unknown["stage"] = "eventwire.events.model.v3"  # the model's coercion of no kind it can name: an act, not force
    assert labels(unknown) == {"kill": 0, "arrest": 0, "force": 0, "any": 1, "fail": 0}


def test_india_police_deployed_police_act():
    deployed = event("MOBILIZE", mode="troops")
    deployed["targets"] = [actor("150 armed policemen", "COP")]
    assert labels(deployed) == {"kill": 0, "arrest": 0, "force": 0, "any": 1, "fail": 0}
    others = event("MOBILIZE", mode="troops")
    others["targets"] = [actor("the army", "MIL")]
    assert labels(others)["any"] == 0
    shelled = event("ASSAULT")
    shelled["targets"] = [POLICE]  # police attacked are not police acting
    assert labels(shelled)["any"] == 0


@pytest.mark.parametrize("status", ["negated", "denied", "hypothetical"])
def test_india_police_skips_what_did_not_happen(status):
    assert labels(event("ASSAULT", sources=[POLICE], fatalities=1, status=status))["any"] == 0


def test_india_police_keyword_baseline():
    kw = india_police.keyword_labels
    assert kw("two men were killed in police firing") == {"kill": 1, "arrest": 0, "force": 1, "fail": 0, "any": 1}
    assert kw("two men were killed by the mob")["kill"] == 0  # kill needs a police word
    assert kw("ten people were nabbed")["arrest"] == 1
    assert kw("the police lathi-charged the crowd")["force"] == 1
    assert kw("the police remained mute spectators")["fail"] == 1
    assert kw("the minister visited the camp")["any"] == 0


def test_evaluate_india_police_reads_the_file_column_order(tmp_path):
    # file columns: kill, arrest, ANY, FAIL, FORCE
    f = write_tsv(tmp_path / "i.tsv", [("police lobbed tear gas shells.", [0, 0, 1, 0, 1]),
                                       ("the police stood by.", [0, 0, 0, 1, 0]),
                                       ("the minister spoke.", [0, 0, 0, 0, 0])])
    ext = fake({"police lobbed tear gas shells.": out(event("ASSAULT", sources=[POLICE]))})
    r = india_police.evaluate_india_police(f, errors=3, extractor=ext, out=io.StringIO())
    per = r["metrics"]["per_label"]
    assert per["force"]["support"] == 1 and per["force"]["f1"] == 1.0
    assert per["any"]["support"] == 1 and per["any"]["f1"] == 1.0
    assert per["fail"]["support"] == 1 and per["fail"]["predicted"] == 0 and per["fail"]["f1"] == 0.0
    assert r["metrics"]["macro_f1_system_labels"] == pytest.approx(0.5)  # kill and arrest: no gold, F1 0
    assert r["metrics"]["baseline_keywords"]["per_label"]["force"]["f1"] == 1.0
    assert r["errors"] == []  # fail is not among the labels the system is judged wrong on
    json.dumps(r)


# ---------------------------------------------------------------- satp

def pair(t, s):
    return {"event_type": t, "sub_event_type": s}


@pytest.mark.parametrize("ev,expected", [
    (event("ASSAULT", acled=pair("Battles", "Armed clash")), "armed_assault"),
    (event("ASSAULT", acled=pair("Violence against civilians", "Attack")), "armed_assault"),
    (event("ASSAULT", acled=pair("Explosions/Remote violence", "Remote explosive/landmine/IED")), "bombing"),
    (event("ASSAULT", acled=pair("Explosions/Remote violence", "Grenade")), "bombing"),
    (event("ASSAULT", acled=pair("Explosions/Remote violence", "Suicide bomb")), "bombing"),
    (event("ASSAULT", acled=pair("Violence against civilians", "Abduction/forced disappearance")), "kidnapping"),
    (event("ASSAULT", acled=pair("Strategic developments", "Looting/property destruction")), "other"),
    (event("COERCE", acled=pair("Strategic developments", "Arrests")), "other"),
    (event("PROTEST", acled=pair("Battles", "Armed clash")), "other"),  # armed assault needs an ASSAULT
    (event("CONSULT"), None),  # no ACLED codes: no label
])
def test_satp_event_label(ev, expected):
    assert satp.event_label(ev) == expected


def test_satp_labels_from_every_event_not_negated():
    o = out(event("ASSAULT", acled=pair("Battles", "Armed clash")),
            event("ASSAULT", acled=pair("Explosions/Remote violence", "Grenade"), status="negated"),
            event("ASSAULT", acled=pair("Violence against civilians", "Abduction/forced disappearance")))
    assert satp.system_labels(o) == {"armed_assault": 1, "bombing": 0, "kidnapping": 1, "other": 0}


def test_satp_scores():
    gold = [dict(zip(satp.LABELS, row)) for row in ([1, 0, 0, 0], [0, 1, 0, 1])]
    pred = [dict(zip(satp.LABELS, row)) for row in ([1, 0, 0, 0], [1, 1, 0, 0])]
    s = satp.scores(gold, pred)
    assert s["per_label"]["armed_assault"]["f1"] == pytest.approx(2 / 3)
    assert s["per_label"]["bombing"]["f1"] == 1.0 and s["per_label"]["other"]["f1"] == 0.0
    assert s["macro_f1"] == pytest.approx((2 / 3 + 1 + 0 + 0) / 4)
    assert s["micro_f1"] == pytest.approx(2 * 2 / (3 + 3))
    assert s["exact_match"] == 0.5


def test_evaluate_satp_with_a_fake_extractor(tmp_path):
    # file columns: armed assault, bombing, kidnapping, other
    f = write_tsv(tmp_path / "s.tsv", [("Gunmen fired on a bus.", [1, 0, 0, 0]),
                                       ("A bomb went off at a market.", [0, 1, 0, 0]),
                                       ("Rebels seized a trader.", [0, 0, 1, 0]),
                                       ("Cadres torched two lorries.", [0, 0, 0, 1])])
    ext = fake({"Gunmen fired on a bus.": out(event("ASSAULT", acled=pair("Battles", "Armed clash"))),
                "Rebels seized a trader.": out(event("ASSAULT", acled=pair(
                    "Violence against civilians", "Abduction/forced disappearance"))),
                "Cadres torched two lorries.": out(event("ASSAULT", acled=pair(
                    "Strategic developments", "Looting/property destruction")))})
    buf = io.StringIO()
    r = satp.evaluate_satp(f, errors=2, extractor=ext, out=buf)
    per = r["metrics"]["per_label"]
    assert per["armed_assault"]["f1"] == per["kidnapping"]["f1"] == per["other"]["f1"] == 1.0
    assert per["bombing"]["recall"] == 0.0
    assert [e["line"] for e in r["errors"]] == [2]
    assert "all-labels baseline" in buf.getvalue()
    json.dumps(r)


def test_cli_eval_knows_the_new_sets(tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import Dataset, app

    assert {d.value for d in Dataset} >= {"cameo", "india-police", "satp"}
    f = write_tsv(tmp_path / "c.tsv", [("Rebels shelled the northern town of Idlib on Sunday.", [4])])
    res = CliRunner().invoke(app, ["eval", "cameo", str(f), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["n"] == 1


# ---------------------------------------------------------------- smoke runs on the real files

SMOKE = {
    "cameo": ("conflibert/cameo-penta-train.tsv", cameo.evaluate_cameo),
    "india-police": ("conflibert/india-police-events-sents-dev.tsv", india_police.evaluate_india_police),
    "satp": ("conflibert/satp-dev.tsv", satp.evaluate_satp),
}


@pytest.mark.parametrize("name", sorted(SMOKE))
def test_smoke_on_the_first_40_rows(name):
    rel, fn = SMOKE[name]
    path = EVAL_DIR / rel
    if not path.is_file():
        pytest.skip(f"{path} is absent: the smoke runs need ../shared/eval beside the repository")
    buf = io.StringIO()
    r = fn(path, errors=3, out=buf, limit=40)
    assert r["n"] == 40
    assert 0.0 <= r["metrics"]["macro_f1"] <= 1.0
    assert len(r["errors"]) <= 3
    assert buf.getvalue().strip()
