"""`eventwire export` (eventwire.export) over a real SQLite store holding the bundled sample articles."""

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

from eventwire import export as X
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
        counts = s.ingest([SAMPLES])
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
    res = _ok("acled-csv", "--db", db, *filters)
    reader = csv.reader(io.StringIO(res.stdout))
    header = next(reader)
    assert header == ACLED_HEADER.split(",")
    return [dict(zip(header, row)) for row in reader]


def _plover(db, *filters):
    res = _ok("plover-jsonl", "--db", db, *filters)
    return [json.loads(line) for line in res.stdout.splitlines()]


def _geojson(db, *filters):
    res = _ok("geojson", "--db", db, *filters)
    return json.loads(res.stdout), res


# ---------------------------------------------------------------------------------------------- ACLED CSV
def test_acled_csv_has_acled_columns_and_one_row_per_acled_typed_event(db, store):
    rows = _acled(db)
    assert list(X.ACLED_COLUMNS) == ACLED_HEADER.split(",")
    expected = [e for e in store.events() if e["acled_event_type"]]
    assert rows and len(rows) == len(expected) < len(store.events())  # events without an ACLED type are left out
    assert {r["event_id_cnty"] for r in rows} == {f"{e['country'] or 'XXX'}-{e['id']}" for e in expected}
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
        assert p["id"] == f["id"] and p["type"] in EVENT_TYPES and p["sources_count"] >= 1
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
