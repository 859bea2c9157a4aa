"""The event store on real SQLite files and a real PostgreSQL server (fixtures in conftest.py): schema and
migrations, idempotent loads, re-annotation, rejections, filters, hostile filter values and the full-text search
fallback."""

from __future__ import annotations

import copy
import json
from importlib import resources

import pytest
from sqlalchemy import create_engine, inspect, text

import eventwire
from eventwire import ingest_sources
from eventwire.errors import ConfigError
from eventwire.ingest import read_sources
from eventwire.pipeline import default_pipeline
from eventwire.store import Store, migrations, resolve_url
from eventwire.store import schema as S
from eventwire.store.migrations import m0001_initial
from eventwire.version import pipeline_version

SAMPLES = str(resources.files("eventwire") / "data" / "samples")
EVIL = ["x' OR 1=1 --", "'; DROP TABLE events; --", '" OR ""="', "%", "_", "\\", "*", "NEAR(a b)", "a OR b",
        "title:x", "') UNION SELECT id FROM articles --", "\x00"]


@pytest.fixture(scope="module")
def samples():
    """The bundled samples, annotated once for the module."""
    return list(default_pipeline().run(read_sources([SAMPLES])))


@pytest.fixture(scope="module")
def loaded(module_db_url, samples):
    """One store holding the samples, shared by the read-only tests (once per backend)."""
    store = Store(module_db_url)
    store.load(samples)
    yield store
    store.close()


def _rows(store, table, *cols):
    with store.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(text(f"SELECT {', '.join(cols)} FROM {table}")))


def test_writer_cache_and_checkpoint_policy(tmp_path):
    """A writable SQLite connection keeps the index pages a load touches in memory and checkpoints its WAL less
    often than SQLite's default (every 1,000 pages: each batch, once the store is large); read-only opens keep
    SQLite's defaults."""
    from eventwire.store import db

    path = tmp_path / "w.db"
    store = eventwire.open(path, create=True)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -db.CACHE_KIB
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == db.WAL_AUTOCHECKPOINT_PAGES > 1000
        assert conn.exec_driver_sql("PRAGMA journal_size_limit").scalar() == db.WAL_LIMIT_BYTES
    store.close()
    reader = Store(path, readonly=True)
    with reader.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() != -db.CACHE_KIB
    reader.close()


def test_schema_created_and_migrations_recorded(tmp_path):
    path = tmp_path / "new.db"
    store = eventwire.open(path, create=True)
    steps = list(range(1, migrations.LATEST + 1))
    assert store.migrated == steps and store.schema_version() == migrations.LATEST >= 3
    assert [r[0] for r in _rows(store, "schema_version", "version")] == steps
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
        insp = inspect(conn)
        # the migrated database has exactly the tables and columns that schema.py describes
        for name, table in S.metadata.tables.items():
            assert [c["name"] for c in insp.get_columns(name)] == [c.name for c in table.columns], name
    assert store.fts  # this SQLite has FTS5
    store.close()
    again = Store(f"sqlite:///{path}")
    assert again.migrated == [] and again.schema_version() == migrations.LATEST
    again.close()


def test_migration_from_version_1_indexes_existing_articles(tmp_path, samples):
    path = tmp_path / "v1.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:  # a database made by a release that had only migration 1
        m0001_initial.upgrade(conn)
        conn.execute(text("INSERT INTO schema_version VALUES (1, 'initial schema', '2026-01-01')"))
    engine.dispose()
    store = Store(path)
    store.fts = False  # load as version 1 would have (no full-text index yet)
    store.load(samples[:2])
    store.close()
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM schema_version WHERE version = 2"))
        conn.execute(text("DROP TABLE articles_fts"))
    engine.dispose()
    store = Store(path)
    assert store.migrated == [2] and store.fts
    title = samples[1].article.title.split()[-1]
    assert [a["id"] for a in store.articles(search=title)] == [samples[1].article.id]
    store.close()


def _indexes(engine, table):
    with engine.connect() as conn:
        return {ix["name"]: ix["column_names"] for ix in inspect(conn).get_indexes(table)}


def _made_by_release(path, last: int):
    """A SQLite database as a release that had migrations 1 to `last` made it; its engine."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        for number, mod in migrations.steps()[:last]:
            mod.upgrade(conn)
            conn.execute(text("INSERT INTO schema_version VALUES (:v, :n, '2026-01-01')"), {"v": number, "n": mod.NAME})
    return engine


def test_migration_10_drops_prefix_indexes_and_keeps_the_wider_ones(tmp_path, samples):
    """A store of migration 9 (with the four narrow indexes) is upgraded: each narrow index goes, the wider one
    that starts with its columns stays, and the stored rows read the same through it; schema.py declares the same."""
    path = tmp_path / "v9.db"
    engine = _made_by_release(path, 9)
    narrow = {"mentions": "ix_mentions_ref", "event_actors": "ix_event_actors_actor_id", "events": "ix_events_day",
              "incidents": "ix_incidents_type"}
    for table, name in narrow.items():
        assert name in _indexes(engine, table)
    engine.dispose()
    store = Store(path)
    assert store.migrated == list(range(10, migrations.LATEST + 1))
    store.load(samples[:4])
    wider = {"mentions": ("ix_mentions_ref_article", ["kind", "ref", "article_id"]),
             "event_actors": ("ix_event_actors_actor_event", ["actor_id", "event_pk", "role"]),
             "events": ("ix_events_day_type", ["day", "type"]),
             "incidents": ("ix_incidents_type_dates", ["type", "date_latest"])}
    for table, name in narrow.items():
        have = _indexes(store.engine, table)
        assert name not in have and have[wider[table][0]] == wider[table][1]
        declared = {ix.name: [c.name for c in ix.columns] for ix in S.metadata.tables[table].indexes}
        assert name not in declared and declared[wider[table][0]] == wider[table][1]
    with store.engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT article_id FROM mentions WHERE kind = 'actor' AND ref = 'x'"))
    assert "ix_mentions_ref_article" in plan
    actor = next(a for ann in samples[:4] for e in ann.events for a in e.sources)
    assert store.events(actor=actor.id)
    store.close()



def test_a_deep_page_of_the_event_list_reads_an_index_in_the_list_order(db_url, samples):
    """The event list (day descending, the undated last, then article and key) is paged from an index, not by
    sorting every event: on PostgreSQL ix_events_list_order (migration 12; asked with sorts and sequential scans
    off, as a large table would be read), on SQLite ix_events_day_type walked backwards, only one day's rows sorted
    by article and key. The page is the same rows as the whole list sliced."""
    from sqlalchemy import event

    store = Store(db_url)
    store.load(samples[:6])
    seen = []

    def capture(conn, cursor, statement, params, context, executemany):
        if "ORDER BY events.day DESC" in statement:
            seen.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", capture)
    page = store.events(limit=3, offset=2)
    event.remove(store.engine, "before_cursor_execute", capture)
    assert [e["id"] for e in page] == [e["id"] for e in store.events()][2:5] and len(page) == 3
    statement, params = seen[0]
    with store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            conn.exec_driver_sql("SET LOCAL enable_sort = off")
            plan = " ".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {statement}", params))
            assert "ix_events_list_order" in plan and "Sort Key" not in plan, plan
        else:
            plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params))
            assert "SCAN events USING INDEX ix_events_day_type" in plan and "RIGHT PART OF ORDER BY" in plan, plan
            assert "ix_events_list_order" not in _indexes(store.engine, "events")
    store.close()


def test_migration_11_replaces_the_incident_id_index_by_a_covering_one(tmp_path, samples):
    """A store of migration 10 is upgraded: ix_incident_reports_incident_id (incident_id) gives way to
    (incident_id, event_pk, article_id), which the candidate read of the incident model uses alone (no lookup of
    each report's row); schema.py declares the same, and the incidents read the same through it."""
    path = tmp_path / "v10.db"
    engine = _made_by_release(path, 10)
    assert "ix_incident_reports_incident_id" in _indexes(engine, "incident_reports")
    engine.dispose()
    store = Store(path)
    assert store.migrated == list(range(11, migrations.LATEST + 1))
    store.load(samples[:6])
    covering = ["incident_id", "event_pk", "article_id"]
    have = _indexes(store.engine, "incident_reports")
    assert "ix_incident_reports_incident_id" not in have and have["ix_incident_reports_incident_event"] == covering
    declared = {ix.name: [c.name for c in ix.columns] for ix in S.metadata.tables["incident_reports"].indexes}
    assert "ix_incident_reports_incident_id" not in declared
    assert declared["ix_incident_reports_incident_event"] == covering
    with store.engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT incident_id, event_pk, article_id FROM incident_reports "
            "WHERE incident_id IN (1, 2) ORDER BY incident_id, event_pk DESC"))
    assert "COVERING INDEX ix_incident_reports_incident_event" in plan
    fresh = Store(tmp_path / "fresh.db")
    fresh.load(samples[:6])
    keep = ("id", "type", "reports_count", "articles_count", "sources_count")
    assert [{k: i[k] for k in keep} for i in store.incidents(limit=0)] == \
        [{k: i[k] for k in keep} for i in fresh.incidents(limit=0)]
    store.close()
    fresh.close()

def test_postgres_schema_matches_and_search_uses_tsvector(pg_base):
    import pg_server

    url = pg_server.create_database(pg_base, "ew_schema_check")
    with Store(url) as store:
        assert store.backend == "postgresql" and store.fts == "tsvector"
        assert store.migrated == list(range(1, migrations.LATEST + 1))
        with store.engine.connect() as conn:
            insp = inspect(conn)
            for name, table in S.metadata.tables.items():
                cols = [c["name"] for c in insp.get_columns(name)]
                assert [c for c in cols if c != "tsv"] == [c.name for c in table.columns], name
            assert "tsv" in [c["name"] for c in insp.get_columns("articles")]
    pg_server.drop_database(pg_base, "ew_schema_check")


def test_postgres_urls_resolve_and_hide_passwords():
    from eventwire.store.db import display

    url = resolve_url("postgresql://u:secret@db.example:5433/events")
    assert url.drivername == "postgresql+psycopg" and url.database == "events" and url.port == 5433
    assert "secret" not in display(url) and "db.example" in display(url)
    assert resolve_url("postgres://u@h/x").drivername == "postgresql+psycopg"
    for bad in ("postgresql://u@h", "mysql://u@h/x", "postgresql+asyncpg://u@h/x"):
        with pytest.raises(ConfigError):
            resolve_url(bad)
    with pytest.raises(ConfigError) as err:  # a server that is not there: a clear error, no traceback
        Store("postgresql://u:secret@127.0.0.1:9/x")
    assert "cannot open the store" in str(err.value) and "secret" not in str(err.value)


def test_loading_twice_changes_nothing(db_url):
    store = Store(db_url)
    first = ingest_sources(store, [SAMPLES])
    assert first["read"] == first["new"] == 7 and first["duplicate"] == 0 and first["events"] > 0
    counts = store.counts()
    articles = _rows(store, "articles", "id", "docno", "pipeline_version", "loaded_at", "data")
    events = _rows(store, "events", "pk", "id", "article_id", "type")
    second = ingest_sources(store, [SAMPLES])
    assert second["new"] == 0 and second["duplicate"] == 7 and second["events"] == 0
    after = store.counts()
    assert after.pop("runs") == counts.pop("runs") + 1  # one row per ingest run
    assert after == counts
    assert _rows(store, "articles", "id", "docno", "pipeline_version", "loaded_at", "data") == articles
    assert _rows(store, "events", "pk", "id", "article_id", "type") == events
    empty_here = ("rejections", "feed_items", "article_carriers", "watches", "alerts", "alert_keys")
    assert all(v > 0 for k, v in counts.items() if k not in empty_here), counts
    run = _rows(store, "runs", "id", "status", "counts", "pipeline_version")[-1]
    assert run[1] == "done" and json.loads(run[2])["duplicate"] == 7 and run[3] == pipeline_version()
    # the original annotated JSON is kept whole
    with store.engine.connect() as conn:
        data = json.loads(conn.execute(text("SELECT data FROM articles WHERE n_events > 0 LIMIT 1")).scalar())
    assert set(data) >= {"article", "mentions", "relations", "events", "stages"}
    store.close()


def test_a_different_pipeline_version_reannotates(db_url, samples):
    store = Store(db_url)
    store.load(samples)
    before = store.counts()
    newer = copy.deepcopy(samples)
    for ann in newer:
        ann.pipeline_version += "-test2"
        ann.events = ann.events[:1]  # the new version finds fewer events
    got = store.load(newer)
    assert got["reannotated"] == 7 and got["new"] == got["duplicate"] == 0
    after = store.counts()
    assert after["articles"] == before["articles"] and after["events"] == sum(len(a.events) for a in newer)
    assert after["events"] < before["events"]
    assert {v for (v,) in _rows(store, "articles", "pipeline_version")} == {newer[0].pipeline_version}
    assert {v for (v,) in _rows(store, "events", "pipeline_version")} == {newer[0].pipeline_version}
    with store.engine.connect() as conn:  # nothing of the old annotation is left behind
        orphans = conn.execute(text("SELECT count(*) FROM event_actors WHERE event_pk NOT IN "
                                    "(SELECT pk FROM events)")).scalar()
        orphans += conn.execute(text("SELECT count(*) FROM claimants WHERE event_pk NOT IN "
                                     "(SELECT pk FROM events)")).scalar()
        if store.fts == "fts5":
            fts_rows = conn.execute(text("SELECT count(*) FROM articles_fts")).scalar()
        else:
            fts_rows = conn.execute(text("SELECT count(*) FROM articles WHERE tsv IS NOT NULL")).scalar()
    assert orphans == 0 and fts_rows == 7
    title = newer[1].article.title.split()[-1]
    assert [a["id"] for a in store.articles(search=title)] == [newer[1].article.id]
    assert store.load(newer)["duplicate"] == 7  # and the new version is now idempotent
    assert store.load(samples, version="explicit-v3")["reannotated"] == 7
    store.close()


def test_rejections_recorded_once_with_reasons(tmp_path, db_url, samples):
    src = tmp_path / "mixed.jsonl"
    src.write_text(
        json.dumps({"id": "ok", "text": samples[1].article.text, "published": "2024-06-10"}) + "\n"
        + '{"id": "broken", "text": "no end\n'
        + json.dumps({"id": "fr", "text": "Le gouvernement a annoncé de nouvelles mesures aujourd'hui pour "
                                          "soutenir les agriculteurs touchés par la sécheresse."}) + "\n"
        + json.dumps({"id": "empty", "text": "   "}) + "\n")
    store = Store(db_url)
    first = ingest_sources(store, [str(src)])
    assert first["read"] == 4 and first["new"] == 1 and first["rejected_total"] == 3
    assert "not_english" in first["rejected"]
    second = ingest_sources(store, [str(src)])
    assert second["rejected"] == first["rejected"] and second["duplicate"] == 1
    rows = _rows(store, "rejections", "reason", "detail", "source_id")
    assert len(rows) == 3
    assert {r[0] for r in rows} == set(first["rejected"])
    assert all(r[1] for r in rows)
    assert ("fr" in {r[2] for r in rows}) and ("empty" in {r[2] for r in rows})
    store.close()


def test_event_filters(loaded, samples):
    everything = loaded.events(limit=0)
    assert len(everything) == sum(len(a.events) for a in samples)
    assert len(loaded.events(limit=3)) == 3
    assault = loaded.events(type="ASSAULT", limit=0)
    assert assault and all(e["type"] == "ASSAULT" for e in assault)
    assert loaded.events(type="assault", limit=0) == assault
    syria = loaded.events(country="SYR", limit=0)
    assert syria and all(e["country"] == "SYR" for e in syria)
    hez = loaded.events(actor="hezbollah", limit=0)
    assert hez and all("hezbollah" in " ".join(e["source_ids"] + e["target_ids"]).lower() for e in hez)
    assert loaded.events(actor="Hezbollah", limit=0) == hez
    assert loaded.events(actor="SYR:MIL", limit=0)  # by id
    window = loaded.events(since="2024-05-01", until="2024-06-30", limit=0)
    # an event's date window overlaps the filter's
    assert window and all(e["day"] <= "2024-06-30" and (e["date_latest"] or e["day"]) >= "2024-05-01"
                          for e in window)
    assert {e["id"] for e in window} < {e["id"] for e in everything}
    assert loaded.events(since="2030-01-01") == []
    kharkiv = loaded.events(search="drones kharkiv", limit=0)
    assert kharkiv and {e["title"] for e in kharkiv} == {"Drones strike Kharkiv"}
    claimed = loaded.events(status="claimed", limit=0)
    assert all(e["status"] == "claimed" for e in claimed)
    combo = loaded.events(type="ASSAULT", country="SYR", actor="rebel", limit=0)
    assert all(e["type"] == "ASSAULT" and e["country"] == "SYR" for e in combo)
    assert {e["id"] for e in combo} <= {e["id"] for e in assault} & {e["id"] for e in syria}


def test_actor_and_article_queries(loaded, samples):
    actors = loaded.actors(limit=0)
    assert actors and actors[0]["events"] >= actors[-1]["events"]
    assert all(a["country"] == "SYR" for a in loaded.actors(country="SYR", limit=0))
    assaulters = loaded.actors(type="ASSAULT", limit=0)
    assert assaulters and all(a["events"] > 0 for a in assaulters)
    hez = loaded.actors(actor="hezbollah")
    assert hez and hez[0]["name"] == "Hezbollah" and hez[0]["articles"] >= 1
    arts = loaded.articles(limit=0)
    assert len(arts) == 7 and [a["published"] for a in arts] == sorted((a["published"] for a in arts), reverse=True)
    assert [a["title"] for a in loaded.articles(search="Kharkiv")] == ["Drones strike Kharkiv"]
    assert all(a["published"] >= "2024-06-01" for a in loaded.articles(since="2024-06-01"))
    assert loaded.articles(country="SYR") and loaded.articles(actor="Hezbollah")
    assert all(a["events"] > 0 for a in loaded.articles(type="ASSAULT"))


def test_search_falls_back_to_like_without_fts(loaded):
    fts = [e["id"] for e in loaded.events(search="Kharkiv", limit=0)]
    assert fts
    was, loaded.fts = loaded.fts, ""
    try:
        assert [e["id"] for e in loaded.events(search="Kharkiv", limit=0)] == fts
        assert loaded.articles(search="%") == [] and loaded.articles(search="zzq' OR 1=1 --") == []
    finally:
        loaded.fts = was


@pytest.mark.parametrize("value", EVIL)
def test_hostile_filter_values_match_nothing_and_change_nothing(loaded, value):
    before = loaded.counts()
    for query in (loaded.events, loaded.actors, loaded.articles):
        if not value.strip("\x00 "):  # a name of NULs names nobody: the one filters model refuses it, everywhere
            for bad in ({"actor": value}, {"search": value}):
                with pytest.raises(ConfigError, match="holds no"):
                    query(**bad)
            continue
        assert query(actor=value) == []
        assert query(search=value) == []
    for bad in ({"type": value}, {"country": value}, {"status": value}, {"since": value}, {"limit": value}):
        with pytest.raises(ConfigError):
            loaded.events(**bad)
    assert loaded.counts() == before


def test_where_the_store_lives(tmp_path, monkeypatch):
    monkeypatch.delenv("EVENTWIRE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_url(None).database == str(tmp_path / "xdg" / "eventwire" / "eventwire.db")
    monkeypatch.setenv("EVENTWIRE_DB", str(tmp_path / "env.db"))
    assert resolve_url(None).database == str(tmp_path / "env.db")
    assert resolve_url(tmp_path / "flag.db").database == str(tmp_path / "flag.db")  # the flag wins
    assert resolve_url(f"sqlite:///{tmp_path}/url.db").database == f"{tmp_path}/url.db"
    for bad in ("postgresql://u@localhost", "sqlite://", "sqlite:///:memory:", str(tmp_path / "no" / "x.db"),
                "nonsense://"):
        with pytest.raises(ConfigError):
            resolve_url(bad)
    with pytest.raises(ConfigError):
        Store(tmp_path / "missing.db", create=False)
    (tmp_path / "junk.db").write_bytes(b"this is not a database" * 100)
    with pytest.raises(ConfigError):
        Store(tmp_path / "junk.db")


def test_a_locked_database_is_retried_not_fatal(tmp_path):
    import sqlite3
    import threading
    import time

    from eventwire.store import db as dbmod

    path = tmp_path / "locked.db"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock for a while
    holder.execute("INSERT INTO runs (started_at, command, status) VALUES ('t', 'other', 'running')")
    threading.Timer(0.6, lambda: holder.execute("COMMIT")).start()
    engine = dbmod.make_engine(resolve_url(path), busy_timeout_ms=20)  # gives up waiting quickly: retries
    t0 = time.perf_counter()
    got = dbmod.write(engine, lambda c: c.exec_driver_sql(
        "INSERT INTO runs (started_at, command, status) VALUES ('t', 'mine', 'done') RETURNING id").scalar())
    assert got == 2 and time.perf_counter() - t0 >= 0.5
    engine.dispose()
    holder.close()


def test_paging_near_and_min_sources(loaded):
    everything = loaded.events(limit=0)
    pages = [loaded.events(limit=4, offset=k) for k in range(0, len(everything) + 4, 4)]
    assert [e["id"] for page in pages for e in page] == [e["id"] for e in everything]  # pages tile the list
    placed = [e for e in everything if e["lat"] is not None]
    assert placed
    e0 = placed[0]
    near = loaded.events(near=f"{e0['lat']},{e0['lon']},25", limit=0)
    assert e0["id"] in {e["id"] for e in near}
    from eventwire.gazetteer import haversine_km

    assert all(haversine_km(e0["lat"], e0["lon"], e["lat"], e["lon"]) <= 25.5 for e in near)
    far = [e for e in placed if haversine_km(e0["lat"], e0["lon"], e["lat"], e["lon"]) > 30]
    assert far and not {e["id"] for e in far} & {e["id"] for e in near}
    assert loaded.events(near=(e0["lat"], e0["lon"], 25), limit=0) == near
    for bad in ("1,2", "x,y,z", "95,0,10", "0,0,-1", "0,0,0"):
        with pytest.raises(ConfigError):
            loaded.events(near=bad)
    # min_sources: the samples are single-outlet stories, so 1 keeps every event and 2 none
    assert len(loaded.events(min_sources=1, limit=0)) == len(everything)
    assert loaded.events(min_sources=2, limit=0) == []
    incs = loaded.incidents(limit=0)
    assert loaded.incidents(limit=2, offset=2) == incs[2:4]
    i0 = next(i for i in incs if i["lat"] is not None)
    assert i0["id"] in {i["id"] for i in loaded.incidents(near=f"{i0['lat']},{i0['lon']},10", limit=0)}
    with pytest.raises(ConfigError):
        loaded.actors(near="1,2,3")  # filters a query does not take are refused, not ignored


def test_one_article_one_incident_known_ids_and_frames(loaded, samples):
    ann = next(a for a in samples if a.events)
    art = loaded.article(ann.article.id)
    assert art["text"] == ann.article.text and art["title"] == ann.article.title
    assert art["annotation"]["events"] and art["annotation"]["article"]["id"] == ann.article.id
    assert loaded.article("nope") is None and loaded.article("' OR 1=1 --") is None
    inc = loaded.incidents(limit=1)[0]
    assert loaded.incident(inc["id"]) == inc and loaded.incident(10 ** 9) is None
    with pytest.raises(ConfigError):
        loaded.incident("1 OR 1=1")
    ids = [a.article.id for a in samples]
    assert loaded.known_ids(ids + ["0" * 64]) == set(ids)
    assert loaded.known_ids(ids, version="some-other-version") == set()
    df = loaded.events(frame=True, type="ASSAULT")
    assert list(df.columns[:4]) == ["id", "article_id", "day", "type"] and set(df["type"]) == {"ASSAULT"}
    assert len(df) == len(loaded.events(type="ASSAULT"))
    assert loaded.events(frame=True, since="2090-01-01").shape == (0, len(df.columns))
    assert len(loaded.incidents(frame=True, limit=0)) == len(loaded.incidents(limit=0))
    assert set(loaded.actors(frame=True, limit=3).columns) >= {"id", "name", "country", "events"}
