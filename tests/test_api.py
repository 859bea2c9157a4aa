"""The HTTP API in-process (FastAPI's TestClient over httpx) against the demo corpus, on SQLite and PostgreSQL:
every endpoint on real data, pagination, filters with the CLI's meaning, the one error shape, hostile filter
values, the token rules of /api/ingest, /api/extract, the dashboard's static files, and `eventwire serve`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import warnings
from importlib import resources

import httpx
import pytest

import eventwire
from eventwire import ingest_sources
from eventwire.api import create_app
from eventwire.api.app import LOOPBACK_HOSTS, MAX_BODY_BYTES
from eventwire.errors import ConfigError
from eventwire.records import EVENT_TYPES, STATUSES
from eventwire.store import Store

with warnings.catch_warnings():  # starlette suggests httpx2; httpx is what this project pins
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "test-token-0123456789abcdef"
ATTACK = ("Russian forces shelled the city of Kharkiv on Tuesday, killing three civilians and wounding twelve, "
          "the regional governor said.")
EVIL = ["' OR 1=1 --", "%", "_", "\x00", "'; DROP TABLE events; --", "%' OR '1'='1", "\\", "a\x00b"]


@pytest.fixture(scope="module")
def db(module_db_url):
    """The bundled samples and demo corpus, ingested once per backend."""
    base = resources.files("eventwire") / "data"
    with resources.as_file(base / "samples") as samples, resources.as_file(base / "demo") as demo:
        with eventwire.open(module_db_url, create=True) as store:
            ingest_sources(store, [str(samples), str(demo)])
    return module_db_url


@pytest.fixture(scope="module")
def store(db):
    s = Store(db, create=False)
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(db, store):
    with TestClient(create_app(store, token="")) as c:
        yield c


def _ok(resp: httpx.Response) -> dict:
    assert resp.status_code == 200, resp.text
    return resp.json()


def _error(resp: httpx.Response, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert err["status"] == status and err["code"] == code and isinstance(err["message"], str) and err["message"]
    assert "Traceback" not in resp.text
    return err


def _ids(rows: list[dict]) -> list:
    return [r["id"] for r in rows]


# ---------------------------------------------------------------------------------------------- endpoints
def test_health(client, store):
    body = _ok(client.get("/api/health"))
    assert body["status"] == "ok" and body["version"] == eventwire.__version__
    assert isinstance(body["schema_version"], int) and body["schema_version"] == store.schema_version()
    assert body["counts"] == store.counts() and body["counts"]["events"] > 50


def test_meta(client, store):
    body = _ok(client.get("/api/meta"))
    assert body["event_types"] == list(EVENT_TYPES) and body["statuses"] == list(STATUSES)
    countries = {e["country"] for e in store.events(limit=0) if e["country"]}
    assert body["countries"] == sorted(countries) and "SYR" in body["countries"]
    days = sorted(e["day"] for e in store.events(limit=0) if e["day"])
    assert body["date_range"] == {"min": days[0], "max": days[-1]}


def test_events_of_the_seed_article(client):
    body = _ok(client.get("/api/events", params={"type": "assault", "country": "syr"}))
    items = body["items"]
    assert items and all(e["type"] == "ASSAULT" and e["country"] == "SYR" for e in items)
    aleppo = [e for e in items if e["place"] == "Aleppo"]
    assert aleppo and aleppo[0]["title"].startswith("Iraqi militias send hundreds of fighters")
    assert body["limit"] == 100 and body["offset"] == 0 and body["next_offset"] is None
    seed = _ok(client.get("/api/events", params={"search": "Iraqi militias Assad", "type": "AID"}))["items"]
    assert any("Syrian Arab Army" in e["targets"] and "Badr Organisation" in e["sources"] for e in seed)


EVENT_FILTERS = [
    {"actor": "hezbollah"}, {"actor": "Syrian Arab"}, {"type": "ASSAULT"}, {"country": "UKR"},
    {"since": "2025-03-01"}, {"until": "2024-12-31"}, {"since": "2025-03-01", "until": "2025-03-31"},
    {"status": "claimed"}, {"search": "Kharkiv"}, {"min_sources": "2"}, {"near": "36.2,37.15,50"},
    {"type": "ASSAULT", "country": "SYR", "status": "reported"},
]


@pytest.mark.parametrize("filters", EVENT_FILTERS, ids=lambda f: ",".join(f))
def test_event_filters_mean_what_the_library_means(client, store, filters):
    got = _ok(client.get("/api/events", params={**filters, "limit": 1000}))["items"]
    want = store.events(**filters, limit=1000)
    assert got and _ids(got) == _ids(want) and len(got) < len(store.events(limit=0))
    assert json.loads(json.dumps(want, default=str)) == got


@pytest.mark.parametrize("kind,filters", [
    ("actors", {"actor": "hezbollah"}), ("actors", {"country": "SYR"}), ("actors", {"type": "ASSAULT"}),
    ("actors", {"since": "2024-12-01", "status": "reported"}), ("actors", {"search": "Aleppo"}),
    ("articles", {"actor": "Hezbollah"}), ("articles", {"country": "SYR"}), ("articles", {"type": "PROTEST"}),
    ("articles", {"since": "2025-06-01", "until": "2025-07-31"}), ("articles", {"status": "denied"}),
    ("articles", {"search": "drone"}),
    ("incidents", {"type": "ASSAULT"}), ("incidents", {"country": "UKR"}), ("incidents", {"min_sources": "2"}),
    ("incidents", {"since": "2025-01-01", "until": "2025-06-30"}), ("incidents", {"near": "50.0,36.25,100"}),
])
def test_other_filters(client, store, kind, filters):
    got = _ok(client.get(f"/api/{kind}", params={**filters, "limit": 1000}))["items"]
    want = getattr(store, kind)(**filters, limit=1000)
    assert got and _ids(got) == _ids(want) and len(got) < len(getattr(store, kind)(limit=0))


@pytest.mark.parametrize("kind", ["events", "incidents", "actors", "articles"])
@pytest.mark.parametrize("size", [7, 10])
def test_pagination_walks_the_unpaged_result(client, store, kind, size):
    full = _ids(getattr(store, kind)(limit=0))
    assert 20 < len(full) < 1000
    assert _ids(_ok(client.get(f"/api/{kind}", params={"limit": 1000}))["items"]) == full
    seen, offset, pages = [], 0, 0
    while offset is not None:
        page = _ok(client.get(f"/api/{kind}", params={"limit": size, "offset": offset}))
        assert page["limit"] == size and page["offset"] == offset and len(page["items"]) <= size
        assert page["next_offset"] == (offset + size if len(page["items"]) == size else None)
        seen += _ids(page["items"])
        offset, pages = page["next_offset"], pages + 1
    assert seen == full and pages == len(full) // size + 1


def test_pagination_of_search(client):
    full = _ids(_ok(client.get("/api/search", params={"q": "the", "limit": 1000}))["items"])
    assert len(full) > 4
    first = _ok(client.get("/api/search", params={"q": "the", "limit": 3}))
    second = _ok(client.get("/api/search", params={"q": "the", "limit": 3, "offset": first["next_offset"]}))
    assert _ids(first["items"] + second["items"]) == full[:6]


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "1001"}, {"limit": "abc"}, {"limit": "-1"},
                                    {"offset": "-1"}, {"offset": "1.5"}, {"offset": "99999999999999999999"},
                                    {"min_sources": "99999999999999999999"}, {"limit": "10", "bogus": "1"},
                                    {"type": "ASSAULT&type=PROTEST"}])
def test_bad_paging_and_unknown_parameters_are_400(client, params):
    _error(client.get("/api/events", params=params), 400, "bad_request")


def test_repeated_parameter_is_400(client):
    err = _error(client.get("/api/events?type=ASSAULT&type=PROTEST"), 400, "bad_request")
    assert "type" in err["message"]


def test_incidents_and_one_incident(client, store):
    multi = _ok(client.get("/api/incidents", params={"min_sources": 2}))["items"]
    assert multi and all(i["sources_count"] >= 2 and not i["single_source"] for i in multi)
    one = _ok(client.get(f"/api/incidents/{multi[0]['id']}"))
    assert one == json.loads(json.dumps(store.incident(multi[0]["id"]), default=str))
    assert len({r["outlet"] for r in one["reports"]}) >= 2
    for bad in ("999999", "abc", "99999999999999999999", "0", "-1"):
        _error(client.get(f"/api/incidents/{bad}"), 404, "not_found")


def test_incidents_by_actor(client, store):
    items = _ok(client.get("/api/incidents", params={"actor": "hezbollah", "limit": 1000}))["items"]
    assert items and len(items) < len(store.incidents(limit=0))
    events = store.events(actor="hezbollah", limit=0)
    keys = {(e["article_id"], e["id"]) for e in events}
    for inc in items:  # every incident has a report naming the actor, and every such report's incident is listed
        assert any((r["article_id"], r["event_id"]) in keys for r in inc["reports"])
    listed = {(r["article_id"], r["event_id"]) for inc in items for r in inc["reports"]}
    assert keys <= listed
    assert _ok(client.get("/api/incidents", params={"actor": "' OR 1=1 --"}))["items"] == []


def test_actors(client):
    items = _ok(client.get("/api/actors", params={"actor": "militia"}))["items"]
    assert items and all("militia" in a["name"].lower() or "militia" in a["id"].lower() for a in items)
    top = _ok(client.get("/api/actors", params={"limit": 5}))["items"]
    assert [a["events"] for a in top] == sorted((a["events"] for a in top), reverse=True)


def test_articles_and_one_article(client, store):
    seed = _ok(client.get("/api/search", params={"q": "Iraqi militias Assad"}))["items"]
    assert seed and seed[0]["title"] == "Iraqi militias send hundreds of fighters to support Assad in Syria"
    art = _ok(client.get(f"/api/articles/{seed[0]['id']}"))
    ann = art["annotation"]
    assert art["id"] == seed[0]["id"] == ann["article"]["id"] and art["text"] == ann["article"]["text"]
    assert ann["events"] and {"mentions", "relations", "events"} <= set(ann)
    for m in ann["mentions"]["actors"] + ann["mentions"]["places"]:
        assert art["text"][m["start"]:m["end"]] == m["text"]
    assert _ids(_ok(client.get("/api/articles", params={"search": "Aleppo"}))["items"]) == \
        _ids(_ok(client.get("/api/search", params={"q": "Aleppo"}))["items"])
    _error(client.get("/api/articles/" + "0" * 64), 404, "not_found")
    _error(client.get("/api/articles/" + "x" * 5000), 404, "not_found")


def test_search_needs_words(client):
    _error(client.get("/api/search"), 400, "bad_request")
    _error(client.get("/api/search", params={"q": "  "}), 400, "bad_request")


def test_graph(client, store):
    body = _ok(client.get("/api/graph"))
    nodes = {n["id"]: n for n in body["nodes"]}
    assert body["total_edges"] == store.graph().number_of_edges() == len(body["edges"])
    iran_militia = [e for e in body["edges"] if e["relation"] == "ally" and "IRN" in (e["source"], e["target"])
                    and nodes[e["target"] if e["source"] == "IRN" else e["source"]]["kind"] == "armed_group"]
    assert iran_militia and any(e["weight"] > 0 and e["statements"] for e in iran_militia)
    for e in body["edges"]:
        assert {"source", "target", "relation", "weight", "n_events", "n_statements", "first", "last", "events",
                "statements"} <= set(e) and e["source"] in nodes and e["target"] in nodes
        assert (e["weight"] > 0) == (e["relation"] == "ally")
    assert {"id", "name", "country", "sector", "kind"} <= set(nodes["IRN"]) and nodes["IRN"]["name"] == "Iran"

    top = _ok(client.get("/api/graph", params={"limit_edges": 3, "evidence": 0}))
    assert len(top["edges"]) == 3 and top["total_edges"] == body["total_edges"]
    assert [abs(e["weight"]) for e in top["edges"]] == sorted((abs(e["weight"]) for e in body["edges"]),
                                                              reverse=True)[:3]
    assert {n["id"] for n in top["nodes"]} == {x for e in top["edges"] for x in (e["source"], e["target"])}
    assert all(e["events"] == [] and e["statements"] == [] and e["n_events"] + e["n_statements"] > 0
               for e in top["edges"])

    syr = _ok(client.get("/api/graph", params={"country": "syr"}))
    syr_nodes = {n["id"]: n["country"] for n in syr["nodes"]}
    assert syr["edges"] and all("SYR" in (syr_nodes[e["source"]], syr_nodes[e["target"]]) for e in syr["edges"])
    ego = _ok(client.get("/api/graph", params={"actor": "hezbollah", "since": "2024-01-01"}))
    assert "hezbollah" in {n["id"] for n in ego["nodes"]} and len(ego["edges"]) < body["total_edges"]
    for bad in ({"limit_edges": "0"}, {"evidence": "x"}, {"country": "Syria"}, {"since": "yesterday"}):
        _error(client.get("/api/graph", params=bad), 400, "bad_request")


@pytest.mark.parametrize("filters", [{}, {"type": "ASSAULT"}, {"country": "UKR", "since": "2025-01-01"},
                                     {"actor": "hezbollah"}, {"search": "drone"}])
def test_timeline_counts_match_the_events(client, store, filters):
    body = _ok(client.get("/api/timeline", params=filters))
    days = body["days"]
    assert days and [(d["day"], d["type"]) for d in days] == sorted((d["day"], d["type"]) for d in days)
    rows = store.events(**filters, limit=0)
    assert sum(d["count"] for d in days) + body["undated"] == len(rows)
    for d in days[:5]:
        assert d["count"] == sum(1 for r in rows if r["day"] == d["day"] and r["type"] == d["type"])
    _error(client.get("/api/timeline", params={"limit": 10}), 400, "bad_request")


def test_openapi_is_served_and_the_cdn_docs_page_is_not(client):
    spec = _ok(client.get("/api/openapi.json"))
    assert {"/api/events", "/api/graph", "/api/timeline", "/api/extract", "/api/ingest"} <= set(spec["paths"])
    _error(client.get("/api/docs"), 404, "not_found")


# ---------------------------------------------------------------------------------------------- errors
def test_error_shape_for_404_405_422_413(client):
    _error(client.get("/api/nothing-here"), 404, "not_found")
    _error(client.get("/nothing-here"), 404, "not_found")
    err = _error(client.post("/api/events"), 405, "method_not_allowed")
    assert "GET" in err["message"]
    err = _error(client.post("/api/extract", json={"txt": "x"}), 422, "unprocessable")
    assert err["details"] and all({"loc", "msg", "type"} == set(d) for d in err["details"])
    _error(client.post("/api/extract", json={"text": "a", "html": "<p>a</p>"}), 422, "unprocessable")
    _error(client.post("/api/extract", json={"text": "a", "published": "3 May"}), 422, "unprocessable")
    _error(client.post("/api/extract", content=b"{not json", headers={"content-type": "application/json"}),
           422, "unprocessable")
    _error(client.post("/api/extract", content=b"x" * (MAX_BODY_BYTES + 1),
                       headers={"content-type": "application/json"}), 413, "payload_too_large")

    def chunks():  # no Content-Length: counted while streaming
        for _ in range(6):
            yield b" " * (1024 * 1024)
    _error(client.post("/api/extract", content=chunks(), headers={"content-type": "application/json"}),
           413, "payload_too_large")


def test_internal_errors_are_500_without_a_traceback(store, caplog):
    app = create_app(store, token="")

    class Broken:
        def __getattr__(self, name):
            raise RuntimeError("secret detail")
    app.state.store = Broken()
    with TestClient(app, raise_server_exceptions=False) as c:
        err = _error(c.get("/api/events"), 500, "internal")
    assert "secret" not in err["message"]
    assert any("internal error" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("path", ["/api/events", "/api/actors", "/api/articles", "/api/timeline"])
@pytest.mark.parametrize("param", ["actor", "search", "country", "type", "status", "since"])
def test_hostile_filter_values_are_400_or_narrow(client, store, path, param):
    total = {"/api/events": len(store.events(limit=0)), "/api/actors": len(store.actors(limit=0)),
             "/api/articles": len(store.articles(limit=0)), "/api/timeline": len(store.events(limit=0))}[path]
    for value in EVIL:
        resp = client.get(path, params={param: value, **({} if path == "/api/timeline" else {"limit": 1000})})
        assert resp.status_code in (200, 400), (param, value, resp.text)
        if resp.status_code == 400:
            _error(resp, 400, "bad_request")
            continue
        body = resp.json()
        n = sum(d["count"] for d in body["days"]) if path == "/api/timeline" else len(body["items"])
        assert n < total, (param, value)
        if param in ("actor", "search") and value == "a\x00b":  # the NUL is dropped, nothing else happens
            plain = client.get(path, params={param: "ab", **({} if path == "/api/timeline" else {"limit": 1000})})
            assert body == plain.json()
        elif param in ("actor", "search"):
            assert n == 0, (param, value)
    assert store.counts()["events"] == total or path != "/api/events"


@pytest.mark.parametrize("value", EVIL + ["1e9,1,1", "nan,0,1", "0,0,inf"])
def test_hostile_near_and_incident_values(client, value):
    for path, param in (("/api/events", "near"), ("/api/incidents", "near"), ("/api/incidents", "min_sources"),
                        ("/api/graph", "actor")):
        resp = client.get(path, params={param: value})
        assert resp.status_code in (200, 400), (path, param, value, resp.text)
        if resp.status_code == 200 and path != "/api/graph":
            assert resp.json()["items"] == [] or param == "min_sources"
        if resp.status_code == 200 and path == "/api/graph":
            body = resp.json()
            everything = client.get("/api/graph").json()["total_edges"]
            assert body["edges"] == [] or (value == "a\x00b" and len(body["edges"]) < everything)


# ---------------------------------------------------------------------------------------------- writes
def test_extract_an_attack_and_an_empty_text(client):
    ann = _ok(client.post("/api/extract", json={"text": ATTACK, "published": "2025-03-04", "title": "Shelling"}))
    assert ann["article"]["published"] == "2025-03-04" and ann["article"]["title"] == "Shelling"
    assert any(e["type"] == "ASSAULT" for e in ann["events"])
    text = ann["article"]["text"]
    assert all(text[p["start"]:p["end"]] == p["text"] for p in ann["mentions"]["places"])
    assert any(p["name"] == "Kharkiv" for p in ann["mentions"]["places"])
    err = _error(client.post("/api/extract", json={"text": ""}), 422, "unprocessable")
    assert err["details"]["rejected"] == "empty" and err["details"]["events"] == []
    html = f"<html><head><title>Shelling</title></head><body><article><p>{ATTACK}</p></article></body></html>"
    ann = _ok(client.post("/api/extract", json={"html": html, "published": "2025-03-04"}))
    assert any(e["type"] == "ASSAULT" for e in ann["events"])
    _error(client.post("/api/extract", content=json.dumps({"text": ATTACK}), headers={"content-type": "text/plain"}),
           422, "unprocessable")


@pytest.fixture
def empty_store(tmp_path):
    s = eventwire.open(tmp_path / "ingest.db", create=True)
    yield s
    s.close()


def test_ingest_is_disabled_without_a_token(empty_store, monkeypatch):
    monkeypatch.delenv("EVENTWIRE_API_TOKEN", raising=False)
    with TestClient(create_app(empty_store)) as c:
        err = _error(c.post("/api/ingest", json={"articles": [{"text": ATTACK}]},
                            headers={"Authorization": f"Bearer {TOKEN}"}), 403, "forbidden")
    assert "--token-file" in err["message"] and "EVENTWIRE_API_TOKEN" in err["message"]
    assert empty_store.counts()["articles"] == 0


def test_ingest_needs_the_right_token_and_is_idempotent(empty_store, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_API_TOKEN", TOKEN)
    body = {"articles": [{"text": ATTACK, "published": "2025-03-04", "title": "Shelling", "outlet": "Test Wire",
                          "id": "t-1"}, {"text": ""}]}
    with TestClient(create_app(empty_store)) as c:
        for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"}, {"Authorization": TOKEN},
                        {"Authorization": f"Basic {TOKEN}"}, {"Authorization": f"Bearer {TOKEN}x"}):
            resp = c.post("/api/ingest", json=body, headers=headers)
            _error(resp, 401, "unauthorized")
            assert resp.headers["www-authenticate"] == "Bearer"
        assert empty_store.counts()["articles"] == 0
        auth = {"Authorization": f"Bearer {TOKEN}"}
        first = _ok(c.post("/api/ingest", json=body, headers=auth))
        assert first["read"] == 2 and first["new"] == 1 and first["rejected"] == {"empty": 1} and first["events"] > 0
        assert [a["source_id"] for a in first["articles"]] == ["t-1", None]
        assert first["articles"][1]["rejected"] == "empty"
        counts = empty_store.counts()
        second = _ok(c.post("/api/ingest", json=body, headers=auth))
        assert second["new"] == 0 and second["duplicate"] == 1 and second["events"] == 0
        assert empty_store.counts() == {**counts, "runs": counts["runs"] + 1}
        stored = _ok(c.get("/api/events"))["items"]
        assert stored and all(e["outlet"] == "Test Wire" for e in stored)
        assert any(e["type"] == "ASSAULT" for e in stored)
        # cached results (actors, graph) follow a load made outside the API
        actors = _ok(c.get("/api/actors"))["items"]
        graph = _ok(c.get("/api/graph"))
        other = eventwire.extract("Israeli jets struck Hezbollah positions in southern Lebanon on Monday, killing "
                                  "two fighters, the army said.", published="2025-05-05", outlet="Other Wire")
        empty_store.load([other])
        assert len(_ok(c.get("/api/actors"))["items"]) > len(actors)
        assert _ok(c.get("/api/graph"))["total_edges"] > graph["total_edges"]
        _error(c.post("/api/ingest", json={"articles": []}, headers=auth), 422, "unprocessable")
        _error(c.post("/api/ingest", json={"articles": [{"text": "x", "colour": 1}]}, headers=auth),
               422, "unprocessable")
        _error(c.post("/api/ingest", content=json.dumps(body), headers={**auth, "content-type": "text/plain"}),
               415, "unsupported_media_type")


def test_token_settings(empty_store, monkeypatch):
    monkeypatch.delenv("EVENTWIRE_API_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="at least 16"):
        create_app(empty_store, token="short")
    app = create_app(empty_store, token=TOKEN)
    assert app.state.token == TOKEN
    monkeypatch.setenv("EVENTWIRE_API_TOKEN", "  ")
    assert create_app(empty_store).state.token is None


# ---------------------------------------------------------------------------------------------- the dashboard
def test_root_serves_the_dashboard_or_a_not_built_page(store, tmp_path):
    with TestClient(create_app(store, token="", static_dir=tmp_path / "missing")) as c:
        resp = c.get("/")
        assert resp.status_code == 200 and "not built" in resp.text and "make dashboard" in resp.text
        assert "default-src 'self'" in resp.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in resp.headers["content-security-policy"]
        assert resp.headers["x-content-type-options"] == "nosniff"
        _error(c.get("/static/app.js"), 404, "not_found")
    static = tmp_path / "static"
    (static / "sub").mkdir(parents=True)
    (static / "index.html").write_text("<!doctype html><title>dash</title><script src='/static/app.js'></script>")
    (static / "app.js").write_text("console.log(1)")
    (static / "sub" / "x.css").write_text("body{}")
    (tmp_path / "secret.txt").write_text("TOPSECRET-CONTENT")
    with TestClient(create_app(store, token="", static_dir=static)) as c:
        resp = c.get("/")
        assert resp.status_code == 200 and "<title>dash</title>" in resp.text
        assert "content-security-policy" in resp.headers
        js = c.get("/static/app.js")
        assert js.status_code == 200 and js.text == "console.log(1)" and "javascript" in js.headers["content-type"]
        assert c.get("/static/sub/x.css").status_code == 200
        for path in ("/static/", "/static/sub/", "/static/sub", "/static/../secret.txt", "/static/%2e%2e/secret.txt"):
            resp = c.get(path)
            assert resp.status_code == 404 and "TOPSECRET" not in resp.text, path
    with TestClient(create_app(store, token="")) as c:  # the real package folder: built or not
        resp = c.get("/")
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")


def test_host_header_guard(store):
    with TestClient(create_app(store, token="", allowed_hosts=LOOPBACK_HOSTS), base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/health").status_code == 200
        assert c.get("/api/health", headers={"host": "localhost:8000"}).status_code == 200
        assert c.get("/api/health", headers={"host": "[::1]:8000"}).status_code == 200
        _error(c.get("/api/health", headers={"host": "evil.example:8000"}), 400, "bad_request")


# ---------------------------------------------------------------------------------------------- eventwire serve
def test_serve_binds_loopback_by_default(tmp_path):
    import typer.main

    from eventwire.cli import app

    cmd = typer.main.get_command(app).commands["serve"]
    assert {p.name: p.default for p in cmd.params}["host"] == "127.0.0.1"

    db = tmp_path / "serve.db"
    eventwire.open(db, create=True).close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "EVENTWIRE_API_TOKEN": ""}
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        deadline, body = time.monotonic() + 60, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                body = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).json()
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert body is not None and body["status"] == "ok", proc.poll()
    finally:
        proc.terminate()
        try:
            _, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    assert f"http://127.0.0.1:{port}/" in err.decode()


def test_serve_refuses_a_missing_store(tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import app

    res = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "nope.db")])
    assert res.exit_code == 1 and "no store at" in res.stderr and "Traceback" not in res.output
    token = tmp_path / "token"
    token.write_text("")
    eventwire.open(tmp_path / "yes.db", create=True).close()
    res = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "yes.db"), "--token-file", str(token)])
    assert res.exit_code == 1 and "empty" in res.stderr
    res = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "yes.db"), "--token-file", str(tmp_path / "x")])
    assert res.exit_code == 1 and "cannot read the token file" in res.stderr
