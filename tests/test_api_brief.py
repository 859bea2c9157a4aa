"""GET /api/brief and /api/alerts, and watch management over HTTP behind the ingest token: a watch made over
HTTP, an article posted to /api/ingest that matches it, the same article again, and exactly one alert."""

from __future__ import annotations

import warnings

import pytest

from eventwire.api import create_app
from eventwire.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
STORIES = [
    {"id": "wire-a", "outlet": "Wire A", "published": "2024-12-05", "title": "Airstrike kills 14 in Idlib",
     "text": "An airstrike by the Syrian army killed 14 civilians in Idlib on December 4, local medics said."},
    {"id": "paper-b", "outlet": "Paper B", "published": "2024-12-05", "title": "19 dead in Idlib strike",
     "text": "Syrian army jets killed 19 civilians in Idlib on Wednesday, a rescue group said."},
]


@pytest.fixture
def client(tmp_path):
    store = Store(str(tmp_path / "api.db"))
    with TestClient(create_app(store, token=TOKEN)) as c:
        yield c
    store.close()


def test_watches_need_the_token_and_alerts_are_raised_once(client):
    watch = {"name": "idlib", "country": ["SYR"], "type": ["ASSAULT"], "min_sources": 2}
    assert client.post("/api/watches", json=watch).status_code == 401
    assert client.get("/api/watches").status_code == 401
    assert client.post("/api/watches", json=watch, headers={"Authorization": "Bearer wrong-token-xxxxxxxx"}
                       ).status_code == 401
    got = client.post("/api/watches", json=watch, headers=AUTH)
    assert got.status_code == 201, got.text
    assert got.json()["min_sources"] == 2
    assert client.post("/api/watches", json=watch, headers=AUTH).status_code == 409
    bad = client.post("/api/watches", json={"name": "x", "command": "rm -rf /"}, headers=AUTH)
    assert bad.status_code == 422  # no command delivery over HTTP
    assert client.post("/api/watches", json={"name": "y", "type": ["BOMB"]}, headers=AUTH).status_code == 400
    assert [w["name"] for w in client.get("/api/watches", headers=AUTH).json()["items"]] == ["idlib"]

    for _ in range(2):  # the same articles twice: one alert
        r = client.post("/api/ingest", json={"articles": STORIES}, headers=AUTH)
        assert r.status_code == 200, r.text
    alerts = client.get("/api/alerts").json()
    assert alerts["unread"] == 1 and len(alerts["items"]) == 1
    (a,) = alerts["items"]
    assert a["watch"] == "idlib" and "14 to 19 killed" in a["text"] and len(a["evidence"]) == 2
    assert client.get("/api/alerts", params={"unread": "maybe"}).status_code == 400
    assert client.post("/api/alerts/read", json={}).status_code == 401
    assert client.post("/api/alerts/read", json={}, headers=AUTH).json() == {"marked": 1}
    assert client.get("/api/alerts", params={"unread": "1"}).json()["items"] == []
    assert client.delete("/api/watches/idlib").status_code == 401
    assert client.delete("/api/watches/idlib", headers=AUTH).status_code == 200
    assert client.delete("/api/watches/idlib", headers=AUTH).status_code == 404
    assert client.get("/api/alerts").json()["items"] == []


def test_brief_endpoint(client):
    assert client.post("/api/ingest", json={"articles": STORIES}, headers=AUTH).status_code == 200
    r = client.get("/api/brief", params={"since": "2024-12-01", "until": "2024-12-07", "country": "SYR,IRQ"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["filters"]["country"] == ["SYR", "IRQ"]
    main = next(s for s in body["sections"] if s["title"] == "Main incidents")
    (item,) = main["items"]
    assert "14 to 19 killed" in item["text"] and item["incident_id"] and len(item["evidence"]) == 2
    md = client.get("/api/brief", params={"since": "2024-12-01", "until": "2024-12-07", "format": "md"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    page = client.get("/api/brief", params={"since": "2024-12-01", "until": "2024-12-07", "format": "html"})
    assert page.status_code == 200 and "<svg" in page.text and 'href="/#/article/' in page.text
    for params in ({"since": "2024-12-01"}, {"since": "2024-12-07", "until": "2024-12-01"},
                   {"since": "2024-12-01", "until": "2024-12-07", "format": "pdf"},
                   {"since": "2024-12-01", "until": "2024-12-07", "country": "Syria"},
                   {"since": "2024-12-01", "until": "2024-12-07", "bogus": "1"}):
        bad = client.get("/api/brief", params=params)
        assert bad.status_code == 400, (params, bad.text)
        assert bad.json()["error"]["code"] == "bad_request"


def test_without_a_token_watches_are_refused(tmp_path):
    with Store(str(tmp_path / "ro.db")):
        pass
    with TestClient(create_app(str(tmp_path / "ro.db"), token="")) as c:
        assert c.post("/api/watches", json={"name": "a"}).status_code == 403
        assert c.get("/api/alerts").json() == {"items": [], "limit": 100, "offset": 0, "next_offset": None,
                                               "unread": 0}
