"""Corroboration across articles on real SQLite files: two outlets' reports of one crossing become one incident
with both figures kept; an unrelated event stays single-source; loads are idempotent; re-annotation re-matches;
the rule's parts on their own."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shlex
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from eventwire import corroborate as C
from eventwire import ingest_sources
from eventwire.cli import app
from eventwire.ingest import read_sources
from eventwire.pipeline import default_pipeline
from eventwire.store import Store

SAMPLES = str(resources.files("eventwire") / "data" / "samples")
ARTICLES = [
    {"id": "wire-one", "outlet": "Wire One", "published": "2024-12-03", "title": "Iraqi fighters cross into Syria",
     "text": "At least 300 Iraqi fighters crossed into Syria on December 3 to support the Syrian army, "
             "a security source said."},
    {"id": "daily-two", "outlet": "Daily Two", "published": "2024-12-04",
     "title": "Hundreds of Iraqi militiamen enter Syria",
     "text": "Hundreds of Iraqi fighters crossed into Syria late on Tuesday to back government forces, "
             "a security source said."},
    {"id": "kenya", "outlet": "Daily Two", "published": "2024-06-10", "title": "Protest in Nairobi",
     "text": "Thousands of students protested in Nairobi on Monday against a new finance bill, police said."},
]
runner = CliRunner()


@pytest.fixture(scope="module")
def anns(tmp_path_factory):
    src = tmp_path_factory.mktemp("src") / "three.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    return list(default_pipeline().run(read_sources([str(src)])))


def _dump(store):
    """Every row of every table but runs (one row per ingest call)."""
    with store.engine.connect() as conn:
        return {t: sorted(map(tuple, conn.execute(text(f"SELECT * FROM {t}"))))
                for t in store.counts() if t != "runs"}


def _crossing(store):
    return [i for i in store.incidents(limit=0) if i["country"] == "SYR" and i["type"] in ("AID", "MOBILIZE")]


def test_two_outlets_one_incident_with_both_figures(db_url, anns):
    assert [len(a.events) for a in anns] == [1, 1, 1]
    store = Store(db_url)
    got = store.load(anns)
    assert got["incidents"] == 2 and got["corroborated"] == 1
    (inc,) = _crossing(store)
    assert inc["articles_count"] == inc["sources_count"] == 2 and not inc["single_source"]
    assert inc["outlets"] == ["Wire One", "Daily Two"]
    assert inc["claimants_count"] == 2  # "a security source" in two outlets: two anonymous claimants
    assert {(q["min"], q["max"], q["outlet"]) for q in inc["quantities"]["fighter"]} == {
        (300, None, "Wire One"), (200, 999, "Daily Two")}  # side by side, not averaged
    assert "quantity:fighter" in inc["conflicts"]
    assert inc["day"] == "2024-12-03" and [d["earliest"] for d in inc["dates"]] == ["2024-12-03"] * 2
    assert sorted(r["article_id"] for r in inc["reports"]) == sorted(a.article.id for a in anns[:2])

    (kenya,) = store.incidents(country="KEN")
    assert kenya["sources_count"] == kenya["articles_count"] == 1 and kenya["single_source"]
    assert kenya["reports"][0]["article_id"] == anns[2].article.id
    assert [i["id"] for i in store.incidents(min_sources=2)] == [inc["id"]]
    assert store.incidents(type="PROTEST", since="2024-06-01", until="2024-06-30")[0]["id"] == kenya["id"]

    before = _dump(store)
    again = store.load(anns)
    assert again["duplicate"] == 3 and again["incidents"] == again["corroborated"] == 0
    assert _dump(store) == before  # re-ingesting changes no row
    store.close()


def test_cli_incidents_min_sources(tmp_path, anns):
    db = tmp_path / "cli.db"
    with Store(db) as store:
        store.load(anns)
    res = runner.invoke(app, ["incidents", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0].split()[:3] == ["ID", "DAY", "TYPE"] and len(res.stdout.splitlines()) == 3
    res = runner.invoke(app, ["incidents", "--db", str(db), "--min-sources", "2", "-f", "jsonl"])
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert res.exit_code == 0 and len(rows) == 1 and rows[0]["sources_count"] == 2
    res = runner.invoke(app, ["incidents", "--db", str(db), "--country", "KEN", "--format", "csv"])
    assert res.exit_code == 0 and res.stdout.count("\n") == 2 and "Nairobi" in res.stdout
    res = runner.invoke(app, ["incidents", "--db", str(db), "--min-sources", "0"])
    assert res.exit_code == 2  # bad usage
    res = runner.invoke(app, ["incidents", "--db", str(tmp_path / "missing.db")])
    assert res.exit_code == 1 and "Error:" in res.stderr


def test_reannotation_rematches(db_url, anns):
    store = Store(db_url)
    store.load(anns)
    newer = copy.deepcopy(anns[1:2])
    newer[0].pipeline_version += "-test2"
    got = store.load(newer)
    assert got["reannotated"] == 1 and got["corroborated"] == 1
    (inc,) = _crossing(store)
    assert inc["articles_count"] == 2 and len(store.incidents(limit=0)) == 2
    newer[0].pipeline_version += "-test3"
    newer[0].events = []  # the new version finds nothing: the other report stands alone again
    store.load(newer)
    (inc,) = _crossing(store)
    assert inc["articles_count"] == 1 and inc["single_source"] and inc["outlets"] == ["Wire One"]
    with store.engine.connect() as conn:
        orphans = conn.execute(text("SELECT count(*) FROM incident_reports WHERE event_pk NOT IN "
                                    "(SELECT pk FROM events)")).scalar()
        empty = conn.execute(text("SELECT count(*) FROM incidents WHERE id NOT IN "
                                  "(SELECT incident_id FROM incident_reports)")).scalar()
        unassigned = conn.execute(text("SELECT count(*) FROM events WHERE pk NOT IN "
                                       "(SELECT event_pk FROM incident_reports)")).scalar()
    assert orphans == empty == unassigned == 0
    store.close()


def test_samples_twice_same_incidents_and_migration_backfills(tmp_path):
    path = tmp_path / "s.db"
    store = Store(path)
    first = ingest_sources(store, [SAMPLES])
    assert first["incidents"] > 0
    before = _dump(store)
    assert len(before["incident_reports"]) == store.counts()["events"]  # every event reports one incident
    second = ingest_sources(store, [SAMPLES])
    assert second["duplicate"] == 7 and second["incidents"] == 0
    assert _dump(store) == before
    store.close()
    # a database made before incidents existed: opening it runs migrations 3 and 8; upgrade_data (which
    # eventwire.open and the commands run) groups the stored events
    with Store(path) as old:
        with old.engine.begin() as conn:
            for t in ("incident_reports", "incidents", "incident_boxes", "article_carriers"):
                conn.execute(text(f"DROP TABLE {t}"))
            conn.execute(text("ALTER TABLE articles DROP COLUMN minhash"))
            conn.execute(text("DELETE FROM schema_version WHERE version IN (3, 8)"))
    with Store(path) as store:  # the constructor migrates the schema only: the grouping is an explicit step
        assert store.migrated == [3, 8] and store.data_pending
        assert _dump(store)["incidents"] == []
        assert store.upgrade_data()["incidents"] > 0 and not store.data_pending
        assert store.upgrade_data() is None  # once
        after = _dump(store)
        for dump in (before, after):  # 3 and 8 are applied anew; a MinHash is computed when an incident needs it
            dump.pop("schema_version")
            dump["articles"] = [r[:-1] for r in dump["articles"]]
        assert after == before
    # the README's incidents example runs and finds something
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    (line,) = [x.strip() for x in readme.splitlines() if x.strip().startswith("eventwire incidents ")]
    argv = [str(path) if a == "events.db" else a for a in shlex.split(line.split("#", 1)[0])[1:]]
    res = runner.invoke(app, argv)
    assert res.exit_code == 0, res.output
    assert res.stdout and all(json.loads(x)["country"] == "SYR" for x in res.stdout.splitlines())


def _rep(pk=1, article="a", type_="ASSAULT", mode=None, status="reported", country="SYR", lat=36.2, lon=37.15,
         feature="city", day="2024-12-03", latest=None, sources=(("SYR:REB:hts", "SYR", "REB"),), targets=()):
    lo = dt.date.fromisoformat(day)
    return C.Report(pk=pk, article_id=article, type=type_, mode=mode, status=status, country=country, lat=lat,
                    lon=lon, feature=feature, earliest=lo, latest=dt.date.fromisoformat(latest) if latest else lo,
                    sources=list(sources), actor_ids={s[0] for s in sources} | set(targets))


def test_rule_parts():
    a = _rep()
    assert C.same_happening(a, _rep(article="b"))
    assert not C.same_happening(a, _rep())  # one article's events are the engine's to merge
    # type
    assert C.same_happening(_rep(type_="MOBILIZE", mode="troops"), _rep(article="b", type_="AID", mode="military"))
    assert not C.same_happening(_rep(type_="MOBILIZE"), _rep(article="b", type_="AID", mode="humanitarian"))
    assert not C.same_happening(a, _rep(article="b", type_="PROTEST"))
    # status
    assert C.same_happening(a, _rep(article="b", status="denied"))
    assert not C.same_happening(a, _rep(article="b", status="hypothetical"))
    # actors: same id anywhere, or same country + sector among the sources; two named, different perpetrators
    # weigh against (outlets do name the perpetrator differently): a coarser place or a later day tips it
    assert C.same_happening(a, _rep(article="b", sources=(("SYR:REB:rebels", "SYR", "REB"),)))
    assert C.rule.actor_score(a, _rep(article="b", sources=(("SYR:MIL", "SYR", "MIL"),))) == 0.0
    assert not C.same_happening(a, _rep(article="b", sources=(("SYR:MIL", "SYR", "MIL"),), feature="admin1"))
    assert not C.same_happening(a, _rep(article="b", sources=(("SYR:MIL", "SYR", "MIL"),), day="2024-12-04"))
    assert C.same_happening(a, _rep(article="b", sources=(("SYR:MIL", "SYR", "MIL"),), targets=("SYR:REB:hts",)))
    # a report that names no actor is judged by the rest: the same town on the same day is enough
    assert C.same_happening(a, _rep(article="b", sources=()))
    assert not C.same_happening(a, _rep(article="b", sources=(), lat=35.0, lon=38.5, feature="country"))
    # place: Aleppo to Idlib is about 55 km, to a point 30 km off about 30 km; country-level needs the country
    assert not C.same_happening(a, _rep(article="b", lat=35.93, lon=36.63))
    assert C.same_happening(a, _rep(article="b", lat=36.2, lon=36.82))
    assert C.same_happening(a, _rep(article="b", lat=35.0, lon=38.5, feature="country"))
    assert not C.same_happening(a, _rep(article="b", country="TUR", lat=39.0, lon=35.0, feature="country"))
    assert C.same_happening(a, _rep(article="b", country=None, lat=None, lon=None, feature=None))
    # dates: ranges at most DATE_WINDOW_DAYS apart
    assert C.same_happening(a, _rep(article="b", day="2024-12-05"))
    assert not C.same_happening(a, _rep(article="b", day="2024-12-06"))
    assert C.same_happening(a, _rep(article="b", day="2024-11-26", latest="2024-12-02"))
    assert C.haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.1)


def test_rebuild_in_chunks_reports_progress_and_groups_as_one_pass(tmp_path, monkeypatch):
    store = Store(tmp_path / "r.db")
    ingest_sources(store, [SAMPLES])
    n = store.counts()["events"]

    def groups():
        with store.engine.connect() as conn:
            rows = conn.execute(text("SELECT incident_id, event_pk FROM incident_reports")).all()
            inc = {r[0]: r[1:] for r in conn.execute(text("SELECT * FROM incidents"))}
        by: dict[int, list[int]] = {}
        for iid, pk in rows:
            by.setdefault(iid, []).append(pk)
        return sorted((tuple(sorted(pks)), inc[iid]) for iid, pks in by.items())

    calls: list[tuple[int, int]] = []
    whole = store.rebuild_incidents(progress=lambda d, t: calls.append((d, t)))
    assert calls == [(n, n)] and whole["incidents"] > 0
    one_pass = groups()
    monkeypatch.setattr(C, "REBUILD_CHUNK", 2)
    calls.clear()
    assert store.rebuild_incidents(progress=lambda d, t: calls.append((d, t))) == whole
    assert groups() == one_pass
    assert [d for d, _ in calls] == sorted({min(i + 2, n) for i in range(0, n, 2)}) and {t for _, t in calls} == {n}
    store.close()


def test_cli_reindex_rebuilds_and_says_what_it_did(tmp_path):
    path = tmp_path / "x.db"
    store = Store(path)
    ingest_sources(store, [SAMPLES])
    before = _dump(store)["incident_reports"]
    n = store.counts()["events"]
    store.close()
    res = runner.invoke(app, ["reindex", "--db", str(path)])
    assert res.exit_code == 0, res.output
    assert f"from {n} events" in res.output and C.VERSION in res.output  # no bar off a terminal: one summary line
    with Store(path) as again:
        assert len(_dump(again)["incident_reports"]) == len(before)


def test_a_fight_told_from_each_side_is_crossed_roles_not_two_perpetrators():
    """"The RSF attacked the army" and "the army repelled an attack by the RSF": each report's perpetrator is the
    other's target, one fight told from either side (incident scenario h42)."""
    rsf, army = ("rsf", "SDN", "REB"), ("SDN:MIL", "SDN", "MIL")
    a = _rep(sources=(rsf,), targets=("SDN:MIL",))
    a.targets = {"SDN:MIL"}
    b = _rep(article="b", sources=(army,), targets=("rsf",))
    b.targets = {"rsf"}
    assert C.rule.actor_score(a, b) == C.rule.CROSSED_ROLES
    assert C.same_happening(a, b)
    c = _rep(article="b", sources=(army,), targets=("SDN:CVL",))  # the army hitting civilians: no crossing
    c.targets = {"SDN:CVL"}
    assert C.rule.actor_score(a, c) == 0.0


def test_candidate_lookup_reads_the_boxed_incidents_by_id_not_every_incident_of_a_type(tmp_path, anns):
    """The incidents a report's box meets are read by their ids: no statement of the candidate lookup may walk an
    index of incidents by type (every incident of the type in the store, a cost that grew with it: 60 ms a lookup
    at 100,000 events), whichever plan SQLite would pick for a type test in SQL."""
    from sqlalchemy import event

    from eventwire.corroborate import index
    from eventwire.store import schema as S

    store = Store(tmp_path / "plans.db")
    store.load(anns)
    with store.engine.connect() as conn:
        kenya = next(r for r in C._reports(conn, [pk for (pk,) in conn.execute(text("SELECT pk FROM events"))])
                     .values() if r.type == "PROTEST")

    def crowd(conn):  # MAX_CANDIDATES more protests of that week and place: a lookup's ids are a long list
        for _ in range(C.MAX_CANDIDATES):
            iid = conn.execute(S.incidents.insert().values(
                type="PROTEST", country="KEN", day=kenya.earliest.isoformat(), reports_count=0, articles_count=0,
                sources_count=0, claimants_count=0, single_source=True, unknown_sources=0)).inserted_primary_key[0]
            index.add(conn, iid, index.report_box(kenya))

    store.write(crowd)
    seen: list[tuple[str, object]] = []

    def note(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        seen.append((statement, parameters))

    with store.engine.connect() as conn:
        reports = C._reports(conn, [pk for (pk,) in conn.execute(text("SELECT pk FROM events"))])
        event.listen(conn, "before_cursor_execute", note)
        found = [C._candidates(conn, rep, anywhere=anywhere) for rep in reports.values() for anywhere in (0, 1)]
        event.remove(conn, "before_cursor_execute", note)
        assert any(found)  # each report finds at least its own incident
        plans = [" ".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params))
                 for sql, params in seen]
    reads = [p for p in plans if "incidents " in p + " "]
    assert reads and not [p for p in plans if "ix_incidents_" in p], plans
    store.close()
