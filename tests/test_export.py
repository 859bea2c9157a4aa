"""`eventwire export` (eventwire.export) over real stores (SQLite and PostgreSQL): the bundled sample articles, and
two articles by two outlets reporting one air strike with different death tolls."""

from __future__ import annotations

import csv
import io
import json
import math
import os
from importlib import resources

import networkx as nx
import pytest
from typer.testing import CliRunner

import eventwire
from eventwire import export as X
from eventwire import ingest_sources
from eventwire.cli import app
from eventwire.errors import ConfigError
from eventwire.graph import build_graph
from eventwire.records import EVENT_TYPES, STATUSES
from eventwire.store import Store

SAMPLES = str(resources.files("eventwire") / "data" / "samples")
runner = CliRunner()

# the header of an ACLED download, verbatim
ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
                "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
                "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
                "tags,timestamp")
ACLED_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
               "Strategic developments"}


@pytest.fixture(scope="module")
def db(module_db_url):
    with Store(module_db_url) as s:  # a SQLite file, then a PostgreSQL database
        counts = ingest_sources(s, [SAMPLES])
        assert counts["new"] == 7 and counts["events"] > 0
    return module_db_url


@pytest.fixture(scope="module")
def store(db):
    s = Store(db, create=False)
    yield s
    s.close()


def _run(*args):
    return runner.invoke(app, ["export", *map(str, args)])


def _ok(*args):
    res = _run(*args)
    assert res.exit_code == 0, res.output
    return res


def _acled(db, *filters):
    """ACLED rows per report (event), each with its incident_id."""
    res = _ok("acled-csv", "--db", db, "--per-report", *filters)
    reader = csv.reader(io.StringIO(res.stdout))
    header = next(reader)
    assert header == ACLED_HEADER.split(",") + ["incident_id"]
    return [dict(zip(header, row)) for row in reader]


def _acled_incidents(db, *filters):
    res = _ok("acled-csv", "--db", db, *filters)
    reader = csv.reader(io.StringIO(res.stdout))
    header = next(reader)
    assert header == ACLED_HEADER.split(",")
    return [dict(zip(header, row)) for row in reader]


def _gdelt(db, *args):
    res = _ok("gdelt", "--db", db, *args)
    lines = res.stdout.split("\n")
    assert lines[-1] == ""  # every row ends with a newline, and there is no header
    return [line.split("\t") for line in lines[:-1]]


def _plover(db, *filters):
    res = _ok("plover-jsonl", "--db", db, *filters)
    return [json.loads(line) for line in res.stdout.splitlines()]


def _geojson(db, *filters):
    res = _ok("geojson", "--db", db, *filters)
    return json.loads(res.stdout), res


# ---------------------------------------------------------------------------------------------- ACLED CSV
def test_acled_csv_per_report_has_acled_columns_and_one_row_per_acled_typed_event(db, store):
    rows = _acled(db)
    assert list(X.ACLED_COLUMNS) == ACLED_HEADER.split(",")
    expected = [e for e in store.events() if e["acled_event_type"]]
    assert rows and len(rows) == len(expected) < len(store.events())  # events without an ACLED type are left out
    assert {r["event_id_cnty"] for r in rows} == {f"{e['country'] or 'XXX'}-{e['id']}" for e in expected}
    # each report names its incident, in the style of the incident rows' event_id_cnty
    incidents = {i["id"]: i for i in store.incidents()}
    of_event = {(x["article_id"], x["event_id"]): i for i in incidents.values() for x in i["reports"]}
    by_key = {f"{e['country'] or 'XXX'}-{e['id']}": e for e in expected}
    for r in rows:
        inc = of_event[(by_key[r["event_id_cnty"]]["article_id"], by_key[r["event_id_cnty"]]["id"])]
        assert r["incident_id"] == f"{inc['country'] or 'XXX'}{inc['id']}"
    for r in rows:
        assert r["event_type"] in ACLED_TYPES and r["sub_event_type"]
        assert r["event_date"][:4] == r["year"] and len(r["event_date"]) == 10
        assert r["time_precision"] in {"1", "2", "3"}
        assert r["geo_precision"] in {"", "1", "2", "3"}
        assert r["notes"] and "\n" not in r["notes"] and r["source"]
        assert r["disorder_type"] in {"Political violence", "Demonstrations", "Strategic developments",
                                      "Political violence; Demonstrations"}
        if r["latitude"]:
            assert -90 <= float(r["latitude"]) <= 90 and -180 <= float(r["longitude"]) <= 180
        if r["interaction"]:  # ACLED's interaction: the two actor type codes, smaller first (10 x code alone)
            codes = sorted(int(x) for x in (r["inter1"], r["inter2"]) if x not in ("", "0"))
            assert int(r["interaction"]) == codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)
        elif r["inter1"]:
            assert r["actor2"] and r["inter2"] == ""  # a second actor of unknown type
        for empty in ("region", "admin2", "admin3", "source_scale", "tags", "timestamp"):
            assert r[empty] == ""


def test_acled_csv_fills_place_date_and_source_from_the_event(db, store):
    rows = {r["event_id_cnty"]: r for r in _acled(db)}
    seed = [e for e in store.events(country="SYR") if e["acled_event_type"] and e["date_precision"] == "day"]
    assert seed
    e = seed[0]
    r = rows[f"SYR-{e['id']}"]
    assert r["country"] == "Syria" and r["iso"] == "760" and r["event_date"] == e["day"]
    assert r["time_precision"] == "1" and r["source"] == e["outlet"] and r["location"] == e["place"]
    assert r["notes"] == " ".join(e["evidence"].split())
    assert r["actor1"] == (e["sources"][0] if e["sources"] else "")
    assert r["geo_precision"] == {"Syria": "3"}.get(e["place"], r["geo_precision"])
    # geo precision follows the place's feature: a city is 1, a first-level division 2, a country 3
    by_feature = {}
    for rec in _plover(db):
        key = f"{rec['country'] or 'XXX'}-{rec['id']}"
        if key in rows and rec["feature"]:
            by_feature.setdefault(rec["feature"], set()).add(rows[key]["geo_precision"])
    assert by_feature.get("country") == {"3"}
    assert by_feature.get("city") in (None, {"1"}) and by_feature.get("admin1") in (None, {"2"})
    assert "city" in by_feature or "admin1" in by_feature


def _actor(name, country, sector, kind):
    return {"id": name.lower(), "name": name, "text": name, "country": country, "sector": sector, "kind": kind}


def _event(**kw):
    ev = {"id": "e1", "article_id": "a" * 64, "day": "2024-03-14", "date_precision": "week", "country": "UKR",
          "place": "Kharkiv", "lat": 49.98, "lon": 36.25, "outlet": "Wire", "fatalities": 3,
          "evidence": "  Russian drones hit\nKharkiv.  ", "acled_event_type": "Explosions/Remote violence",
          "acled_sub_event_type": "Air/drone strike"}
    ev.update(kw)
    return ev


def _details(feature="city", source=(), target=()):
    return {"feature": feature, "source": list(source), "target": list(target)}


def test_acled_coding_rules():
    rus = _actor("Russian Armed Forces", "RUS", "MIL", "organisation")
    ukr = _actor("Armed Forces of Ukraine", "UKR", "MIL", "organisation")
    civ = _actor("people (Ukraine)", "UKR", "CVL", "generic")
    r = X.acled_row(_event(), _details("city", [rus], [civ]))
    assert (r["inter1"], r["inter2"], r["interaction"]) == ("8", "7", "78")  # foreign state forces are 8
    assert r["civilian_targeting"] == "Civilian targeting" and r["disorder_type"] == "Political violence"
    assert (r["time_precision"], r["geo_precision"], r["iso"], r["country"]) == ("2", "1", "804", "Ukraine")
    assert r["notes"] == "Russian drones hit Kharkiv." and r["fatalities"] == "3" and r["event_id_cnty"] == "UKR-e1"
    r = X.acled_row(_event(country="RUS", acled_event_type="Battles", acled_sub_event_type="Armed clash",
                           date_precision="day"), _details("admin1", [ukr], [rus]))
    assert (r["inter1"], r["inter2"], r["interaction"], r["country"]) == ("8", "1", "18", "Russia")
    assert (r["geo_precision"], r["admin1"], r["time_precision"], r["civilian_targeting"]) == ("2", "Kharkiv", "1", "")
    students = _actor("student (Colombia)", "COL", "CVL", "generic")
    r = X.acled_row(_event(country="COL", acled_event_type="Protests", acled_sub_event_type="Peaceful protest",
                           date_precision=None, fatalities=None), _details("country", [students]))
    assert (r["inter1"], r["inter2"], r["interaction"], r["disorder_type"]) == ("6", "0", "60", "Demonstrations")
    assert (r["geo_precision"], r["time_precision"], r["fatalities"]) == ("3", "3", "")
    unknown = {"id": "x", "name": "Laukkai", "text": "Laukkai", "country": None, "sector": None, "kind": None}
    r = X.acled_row(_event(), _details(None, [ukr], [unknown]))
    assert (r["actor2"], r["inter2"], r["interaction"], r["geo_precision"]) == ("Laukkai", "", "", "")


def test_acled_files_hong_kong_and_macau_under_china():
    """ACLED codes Hong Kong's and Macau's events in China, the territory's name as admin1; Hong Kong's own police
    stay state forces of the event's country (inter 1), not foreign ones."""
    police = _actor("Hong Kong Police Force", "HKG", "COP", "organisation")
    crowd = _actor("protesters (Hong Kong)", "HKG", "CVL", "generic")
    r = X.acled_row(_event(country="HKG", place="Mong Kok", acled_event_type="Protests",
                           acled_sub_event_type="Protest with intervention"), _details("city", [crowd], [police]))
    assert (r["country"], r["iso"], r["admin1"], r["location"]) == ("China", "156", "Hong Kong", "Mong Kok")
    assert r["event_id_cnty"] == "CHN-e1" and (r["inter1"], r["inter2"]) == ("6", "1")
    from eventwire.evaluation.acled import system_country
    from eventwire.export_acled import acled_country

    assert acled_country("MAC") == "CHN" and acled_country("UKR") == "UKR" and acled_country(None) is None

    assert system_country({"location": {"country": "HKG"}}, {}) == "CHN"


def test_acled_csv_one_row_per_incident_by_default(db, store):
    rows = _acled_incidents(db)
    incidents = store.incidents()
    typed = {e["id"] for e in store.events() if e["acled_event_type"]}
    expected = [i for i in incidents if any(x["event_id"] in typed for x in i["reports"])]
    assert rows and len(rows) == len(expected) <= len(_acled(db))  # one per happening, not per report
    assert [r["event_id_cnty"] for r in rows] == [f"{i['country'] or 'XXX'}{i['id']}" for i in expected]
    for r, inc in zip(rows, expected):
        assert r["event_date"] == inc["day"] and r["location"] == (inc["place"] or "")
        assert r["source"] == "; ".join(inc["outlets"])
        n = inc["sources_count"]
        assert r["notes"].endswith(f"Reported by {n} outlet{'' if n == 1 else 's'}.")
        assert r["event_type"] in ACLED_TYPES and r["sub_event_type"]
        best = inc.get("fatalities_best")
        assert r["fatalities"] == ("" if best is None else str(best))


def test_acled_filters_narrow_the_rows(db):
    everything = _acled(db)
    syr = _acled(db, "--country", "syr")
    assert syr and len(syr) < len(everything) and {r["country"] for r in syr} == {"Syria"}
    late = _acled(db, "--since", "2024-11-01", "--until", "2024-11-30")
    assert late and len(late) < len(everything)
    assert all("2024-11-01" <= r["event_date"] <= "2024-11-30" for r in late)
    assert _acled(db, "--country", "SYR", "--since", "2030-01-01") == []


# ---------------------------------------------------------------------------------------------- PLOVER JSONL
def test_plover_jsonl_one_record_per_event(db, store):
    recs = _plover(db)
    events = store.events()
    assert len(recs) == len(events) and {r["id"] for r in recs} == {e["id"] for e in events}
    for r in recs:
        assert list(r) == list(X.PLOVER_FIELDS)
        assert r["event_type"] in EVENT_TYPES and r["attribution_status"] in STATUSES
        assert len(r["date"]) == 10 and len(r["article_id"]) == 64 and r["outlet"] and r["evidence"]
        for side in ("actor", "recipient"):
            n = len(r[side])
            assert all(len(r[f"{side}_{k}"]) == n for k in ("id", "text", "country", "sector"))
        assert isinstance(r["context"], list) and isinstance(r["claimants"], list)
        assert all({"text", "kind"} <= set(c) for c in r["claimants"])
        if r["lat"] is not None:
            assert -90 <= r["lat"] <= 90 and -180 <= r["lon"] <= 180
    seed = [r for r in recs if r["country"] == "SYR" and r["event_type"] == "AID"]
    assert seed and "IRQ" in seed[0]["actor_country"] and seed[0]["recipient_country"] == ["SYR"]
    assert seed[0]["geonameid"] and seed[0]["feature"] == "country"


def test_every_event_record_carries_its_incident_id(db, store):
    of_event = {(x["article_id"], x["event_id"]): i["id"] for i in store.incidents() for x in i["reports"]}
    recs = _plover(db)
    assert recs and all(isinstance(r["incident_id"], int) for r in recs)
    assert {(r["article_id"], r["id"]): r["incident_id"] for r in recs} == of_event


def test_plover_filters_narrow_and_bind_values(db):
    everything = _plover(db)
    assault = _plover(db, "--type", "assault")
    assert assault and len(assault) < len(everything) and {r["event_type"] for r in assault} == {"ASSAULT"}
    claimed = _plover(db, "--status", "claimed")
    assert claimed and {r["attribution_status"] for r in claimed} == {"claimed"}
    hez = _plover(db, "--actor", "hezbollah")
    assert hez and len(hez) < len(everything)
    assert all("hezbollah" in r["actor_id"] + r["recipient_id"] for r in hez)
    # values are bound parameters, never SQL
    assert _plover(db, "--actor", "x' OR '1'='1") == []
    assert _plover(db, "--actor", "%") == []


# ---------------------------------------------------------------------------------------------- GeoJSON
def test_geojson_feature_collection_of_incidents(db, store):
    fc, res = _geojson(db)
    incidents = store.incidents()
    assert fc["type"] == "FeatureCollection" and fc["features"]
    located = [i for i in incidents if i["lat"] is not None and i["lon"] is not None]
    assert len(fc["features"]) == len(located) < len(incidents)
    assert f"{len(incidents) - len(located)} incidents without coordinates left out" in res.stderr
    for f in fc["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90
        p = f["properties"]
        assert p["id"] == f["id"] == p["incident_id"] and p["type"] in EVENT_TYPES and p["sources_count"] >= 1
        if p["fatalities"]:  # the headline figure is one report's, never a sum
            assert p["fatalities_best"] in p["fatalities"]
            assert p["fatalities_low"] <= p["fatalities_best"] <= p["fatalities_high"]
            assert p["fatalities_high"] in p["fatalities"]
        assert p["reports"] and all(len(x["article_id"]) == 64 for x in p["reports"])


def test_geojson_filters_narrow(db):
    everything, _ = _geojson(db)
    syr, _ = _geojson(db, "--country", "SYR")
    assert syr["features"] and len(syr["features"]) < len(everything["features"])
    assert {f["properties"]["country"] for f in syr["features"]} == {"SYR"}
    assault, _ = _geojson(db, "--type", "ASSAULT")
    assert assault["features"] and len(assault["features"]) < len(everything["features"])
    claimed, _ = _geojson(db, "--status", "claimed")
    assert len(claimed["features"]) < len(everything["features"])
    assert all("claimed" in f["properties"]["statuses"] for f in claimed["features"])


# ---------------------------------------------------------------------------------------------- one happening
STRIKE = [
    {"id": "strike-a", "published": "2024-11-20", "outlet": "Levant Wire", "url": "https://levant.example/strike",
     "title": "Air strike on Idlib", "text": "Air strike on Idlib\n\nRussian warplanes bombed a market in Idlib, "
     "Syria, on Tuesday, killing 17 people, local officials said."},
    {"id": "strike-b", "published": "2024-11-20", "outlet": "Aleppo Today", "url": "https://aleppo.example/news/1",
     "title": "Idlib market bombed", "text": "Idlib market bombed\n\nRussian warplanes bombed a market in Idlib, "
     "Syria, on Tuesday, killing 21 people, a monitoring group said."},
]


@pytest.fixture
def strike_db(db_url, tmp_path):
    """Two outlets report one air strike, one with 17 killed, the other with 21."""
    src = tmp_path / "strike.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in STRIKE), encoding="utf-8")
    with Store(db_url) as s:
        ingest_sources(s, [str(src)])
        incidents = s.incidents()
        # the premise: the two reports are one incident
        assert len(incidents) == 1 and incidents[0]["sources_count"] == 2, incidents
        assert sorted(f["value"] for f in incidents[0]["fatalities"]) == [17, 21]
        inc = incidents[0]
    return db_url, inc


def test_acled_one_row_for_one_happening_with_the_lowest_toll(strike_db):
    db, inc = strike_db
    rows = _acled_incidents(db)
    assert len(rows) == 1
    r = rows[0]
    assert r["event_id_cnty"] == f"SYR{inc['id']}" and r["country"] == "Syria" and r["location"] == "Idlib"
    assert r["fatalities"] == "17"  # ACLED's rule: the lowest credible report, not 38 and not 21
    assert set(r["source"].split("; ")) == {"Levant Wire", "Aleppo Today"}
    assert r["event_type"] == "Explosions/Remote violence" and r["sub_event_type"] == "Air/drone strike"
    assert r["actor1"] == "Russian Armed Forces" and r["event_date"] == inc["day"] and r["time_precision"] == "1"
    assert r["notes"].startswith("Russian warplanes bombed a market in Idlib") and \
        r["notes"].endswith("Reported by 2 outlets.")
    reports = _acled(db)  # --per-report: each report, its own figure, and the incident's id
    assert sorted((r["source"], r["fatalities"]) for r in reports) == [("Aleppo Today", "21"), ("Levant Wire", "17")]
    assert {r["incident_id"] for r in reports} == {f"SYR{inc['id']}"}


def test_gdelt_rows_have_61_fields_and_count_sources(strike_db):
    db, inc = strike_db
    rows = _gdelt(db)
    assert len(X.GDELT_COLUMNS) == 61 and len(rows) == 1 and len(rows[0]) == 61
    g = dict(zip(X.GDELT_COLUMNS, rows[0]))
    assert g["GLOBALEVENTID"] == str(inc["id"]) and g["SQLDATE"] == inc["day"].replace("-", "")
    assert g["MonthYear"] == g["SQLDATE"][:6] and g["Year"] == g["SQLDATE"][:4]
    month, day = int(g["SQLDATE"][4:6]), int(g["SQLDATE"][6:])
    assert g["FractionDate"] == f"{int(g['Year']) + (month * 30 + day) / 365:.4f}"
    assert (g["NumMentions"], g["NumSources"], g["NumArticles"]) == ("2", "2", "2")
    assert (g["EventCode"], g["EventBaseCode"], g["EventRootCode"]) == ("195", "195", "19")
    assert (g["QuadClass"], g["GoldsteinScale"], g["AvgTone"], g["IsRootEvent"]) == ("4", "-10.0", "", "")
    assert (g["Actor1Code"], g["Actor1CountryCode"], g["Actor1Type1Code"]) == ("RUSMIL", "RUS", "MIL")
    assert g["Actor1Name"] == "Russian Armed Forces"
    assert (g["ActionGeo_Type"], g["ActionGeo_FullName"], g["ActionGeo_CountryCode"]) == ("4", "Idlib, Syria", "SY")
    assert abs(float(g["ActionGeo_Lat"]) - 35.93) < 0.1 and abs(float(g["ActionGeo_Long"]) - 36.63) < 0.1
    assert len(g["DATEADDED"]) == 14 and g["DATEADDED"].isdigit()
    assert g["SOURCEURL"] in {a["url"] for a in STRIKE}
    assert all(g[f"{who}Geo_{c}"] == "" for who in ("Actor1", "Actor2") for c in ("Type", "FullName", "Lat"))
    per_report = _gdelt(db, "--per-report")
    assert len(per_report) == 2 and all(len(r) == 61 for r in per_report)
    assert {r[X.GDELT_COLUMNS.index("SOURCEURL")] for r in per_report} == {a["url"] for a in STRIKE}
    counts = [X.GDELT_COLUMNS.index(c) for c in ("NumMentions", "NumSources", "NumArticles")]
    assert {tuple(r[i] for i in counts) for r in per_report} == {("1", "1", "1")}


def test_gdelt_codes_quad_class_and_goldstein():
    from eventwire.export_gdelt import goldstein, goldstein_table, quad_class

    assert [quad_class(c) for c in ("010", "057", "061", "0874", "094", "10", "1411", "150", "1951", "2042")] == \
        [1, 1, 2, 2, 2, 3, 3, 4, 4, 4]
    assert quad_class(None) is None and quad_class("21") is None and quad_class("abc") is None
    # the CAMEO codebook's weights; a code the table lacks takes its base code's (1951 -> 195)
    assert [goldstein(c) for c in ("042", "0874", "130", "13", "182", "1823", "195", "1951", "072")] == \
        [1.9, 10.0, -4.4, -6.0, -9.5, -10.0, -10.0, -10.0, 8.3]
    assert goldstein(None) is None and goldstein("99") is None
    table = goldstein_table()
    assert len(table) > 300 and all(-10 <= v <= 10 for v in table.values())
    assert all(table[root] is not None for root in (f"{n:02d}" for n in range(1, 21)))


def test_goldstein_table_is_checked_at_load(monkeypatch):
    from eventwire import lexicons
    from eventwire.errors import DataError
    from eventwire.export_gdelt import goldstein_table

    goldstein_table.cache_clear()
    try:
        monkeypatch.setattr(lexicons, "load_yaml", lambda name: {"codes": {"190": -10.0, "99": 1.0}})
        with pytest.raises(DataError, match="not a CAMEO event code"):
            goldstein_table()
        monkeypatch.setattr(lexicons, "load_yaml", lambda name: {"codes": {"190": -12}})
        with pytest.raises(DataError, match="not a Goldstein weight"):
            goldstein_table()
    finally:
        goldstein_table.cache_clear()


def test_delimited_cells_cannot_break_rows_or_run_formulas():
    from eventwire.export_gdelt import write_gdelt_tsv

    hostile = ["=HYPERLINK(\"http://x\",\"y\")", "a\tb", "line\nbreak\r\nx", "+1+2", "@SUM(A1)", "-2+3", "|cmd",
               "-33.5", "-10.0", "12", "\u2028sep"]
    buf = io.StringIO()
    write_gdelt_tsv([hostile + [""] * (61 - len(hostile))], buf)
    lines = buf.getvalue().split("\n")
    assert len(lines) == 2 and lines[1] == ""
    cells = lines[0].split("\t")
    assert len(cells) == 61
    assert cells[:11] == ["'=HYPERLINK(\"http://x\",\"y\")", "a b", "line break x", "'+1+2", "'@SUM(A1)", "'-2+3",
                          "'|cmd", "-33.5", "-10.0", "12", "sep"]
    row = dict.fromkeys(X.ACLED_COLUMNS, "")
    row.update(actor1="=cmd|' /C calc'!A0", notes="two\nlines", latitude="-33.5", source="@outlet")
    buf = io.StringIO()
    X.write_acled_csv([row], buf)
    back = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(back) == 1 and buf.getvalue().count("\n") == 2
    assert (back[0]["actor1"], back[0]["notes"], back[0]["latitude"], back[0]["source"]) == \
        ("'=cmd|' /C calc'!A0", "two lines", "-33.5", "'@outlet")


def test_hostile_outlet_and_url_reach_the_files_neutralised(db_url, tmp_path):
    art = {"id": "h1", "published": "2024-11-20", "outlet": "=HYPERLINK(\"http://evil\")", "title": "t",
           "url": "https://example.org/a\tb", "text": STRIKE[0]["text"]}
    src = tmp_path / "h.jsonl"
    src.write_text(json.dumps(art) + "\n", encoding="utf-8")
    with Store(db_url) as s:
        ingest_sources(s, [str(src)])
    for args in ((), ("--per-report",)):
        rows = list(csv.DictReader(io.StringIO(_ok("acled-csv", "--db", db_url, *args).stdout)))
        assert rows and all(r["source"].startswith("'=") for r in rows)
        for r in _gdelt(db_url, *args):
            assert len(r) == 61 and not r[-1].startswith("=")


# ---------------------------------------------------------------------------------------------- GraphML
def test_graphml_reads_back_with_networkx(db, store):
    res = _ok("graphml", "--db", db)
    g = nx.read_graphml(io.BytesIO(res.stdout.encode("utf-8")))
    full = build_graph(store)
    assert g.number_of_nodes() == full.number_of_nodes() > 0
    assert g.number_of_edges() == full.number_of_edges() > 0
    ego = nx.read_graphml(io.BytesIO(_ok("graphml", "--db", db, "--actor", "hezbollah").stdout.encode("utf-8")))
    assert "hezbollah" in ego and 0 < ego.number_of_nodes() < g.number_of_nodes()


# ---------------------------------------------------------------------------------------------- -o and errors
def test_the_two_parquet_event_tables_type_each_shared_column_once():
    """The export's table (stored events, PLOVER names) and the scale-out data set's events table (annotations,
    before any store) are different tables; every column they both carry has the one type of arrow_types."""
    import pyarrow as pa

    from eventwire.arrow_types import SHARED_EVENT_COLUMNS, event_types, schema
    from eventwire.scale.parquet import EVENT_COLUMNS, _schemas, event_rows

    plover, scale = X.parquet_schema(), _schemas()["events"]
    common = set(plover.names) & set(scale.names)
    assert set(SHARED_EVENT_COLUMNS) <= common
    for name in common - set(SHARED_EVENT_COLUMNS):  # the same name, another shape: said in arrow_types
        assert name in ("published", "claimants") and plover.field(name).type != scale.field(name).type
    for name, typ in event_types().items():
        assert plover.field(name).type == typ == scale.field(name).type, name
    assert scale.names == list(EVENT_COLUMNS)
    ann = eventwire.extract("Rebels attacked an army post in Idlib on Monday, killing 4 soldiers.",
                            published="2024-12-02")
    rows = event_rows(ann, "v")
    assert rows and all(list(r) == list(EVENT_COLUMNS) for r in rows)
    assert pa.Table.from_pylist(rows, schema=scale).num_rows == len(rows)
    with pytest.raises(ValueError, match="typed twice"):
        schema(("lat",), {"lat": pa.string()})


def test_parquet_is_the_plover_records_typed(db, store, tmp_path):
    import datetime as dt

    import pyarrow.parquet as pq

    out = tmp_path / "events.parquet"
    res = _ok("parquet", "--db", db, "-o", out)
    assert res.stdout == "" and "parquet:" in res.stderr
    table = pq.read_table(out)
    assert table.schema.equals(X.parquet_schema()) and table.column_names == list(X.PLOVER_FIELDS)
    recs = _plover(db)
    rows = table.to_pylist()
    assert [r["id"] for r in rows] == [r["id"] for r in recs]
    for row, rec in zip(rows, recs):
        assert row["date"] == dt.date.fromisoformat(rec["date"]) and row["actor_id"] == rec["actor_id"]
        assert [c["text"] for c in row["claimants"]] == [c["text"] for c in rec["claimants"]]
        assert [(q["min"], q["max"], q["killed"]) for q in row["quantities"]] == \
            [(q.get("min"), q.get("max"), q.get("killed")) for q in rec["quantities"]]
        assert row["lat"] == rec["lat"] and row["fatalities"] == rec["fatalities"]
        assert row["incident_id"] == rec["incident_id"] and isinstance(row["incident_id"], int)
    syr = pq.read_table(tmp_path / "syr.parquet") if _ok("parquet", "--db", db, "--country", "SYR", "-o",
                                                             tmp_path / "syr.parquet") else None
    assert 0 < syr.num_rows < table.num_rows and set(syr.column("country").to_pylist()) == {"SYR"}
    empty = tmp_path / "none.parquet"
    _ok("parquet", "--db", db, "--since", "2090-01-01", "-o", empty)
    assert pq.read_table(empty).num_rows == 0 and pq.read_table(empty).schema.equals(X.parquet_schema())
    import pandas as pd

    frame = pd.read_parquet(out)
    assert len(frame) == len(recs) and frame["event_type"].isin(EVENT_TYPES).all()


@pytest.mark.parametrize("fmt", [f for f in X.FORMATS if f not in X.BINARY_FORMATS])
def test_output_file_is_written_whole_and_stdout_stays_empty(db, tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    out.write_text("old contents\n")
    res = _ok(fmt, "--db", db, "-o", out)
    assert res.stdout == "" and str(out) in res.stderr
    assert out.read_text(encoding="utf-8") == _ok(fmt, "--db", db).stdout
    assert sorted(os.listdir(tmp_path)) == [out.name]  # no temporary file left behind


def test_failed_export_leaves_the_old_file_and_no_temp(store, tmp_path, monkeypatch):
    out = tmp_path / "events.csv"
    out.write_text("old contents\n")

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(X, "write_acled_csv", boom)
    with pytest.raises(RuntimeError):
        X.export_to_file(store, "acled-csv", out)
    assert out.read_text() == "old contents\n" and sorted(os.listdir(tmp_path)) == ["events.csv"]


def test_bad_usage_exits_2_and_user_errors_exit_1(db, tmp_path):
    res = _run("shapefile", "--db", db)
    assert res.exit_code == 2 and res.stdout == ""
    res = _run("plover-jsonl", "--db", db, "--per-report")  # per-report rows are for acled-csv and gdelt
    assert res.exit_code == 2 and res.stdout == "" and "--per-report" in res.output
    res = _run("parquet", "--db", db)  # binary, to a pipe: the bytes of a Parquet file
    assert res.exit_code == 0 and res.stdout_bytes[:4] == b"PAR1" and res.stdout_bytes.endswith(b"PAR1")
    assert _run("graphml", "--db", db, "--type", "ASSAULT").exit_code == 2
    assert _run("acled-csv", "--db", db, "--since", "yesterday").exit_code == 2
    res = _run("geojson", "--db", tmp_path / "missing.db")
    assert res.exit_code == 1 and "no store" in res.stderr and "Traceback" not in res.output
    res = _run("geojson", "--db", db, "-o", tmp_path / "no" / "such" / "dir.json")
    assert res.exit_code == 1 and res.stderr.startswith("Error:")


def test_library_rejects_unknown_formats_and_filters(store):
    with pytest.raises(ConfigError, match="unknown export format"):
        X.export(store, "shapefile", io.StringIO())
    with pytest.raises(ConfigError, match="does not take"):
        X.export(store, "graphml", io.StringIO(), type="ASSAULT")
    with pytest.raises(ConfigError):
        X.export(store, "plover-jsonl", io.StringIO(), country="Syria")
    with pytest.raises(ConfigError, match="per-report"):
        X.export(store, "geojson", io.StringIO(), per_report=True)
