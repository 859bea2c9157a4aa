"""The HTTP write routes under hostile bodies, in-process: a body that is not UTF-8 JSON or is nested past Python's
recursion limit gets a message saying what to send (it was FastAPI's "There was an error parsing the body"), and
a batch of good and bad articles on POST /api/ingest stores the good ones and records the others with their
reasons (held when tried; pinned here)."""

from __future__ import annotations

import json
import warnings

import pytest

from eventwire.api.errors import BODY_NOT_JSON

import eventwire
from eventwire.api import create_app

with warnings.catch_warnings():  # starlette suggests httpx2; httpx is what this project pins
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "robust-token-0123456789abcdef"
NEWS = "Rebels attacked an army post near Idlib on Monday, killing three soldiers, a war monitor said."


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "robust.db"
    with eventwire.open(str(path), create=True) as store:
        with TestClient(create_app(store, token=TOKEN)) as c:
            yield c


@pytest.mark.parametrize("body", [
    '{"text": "Caf\xe9 owners said rebels attacked"}'.encode("latin-1"),  # Latin-1, not UTF-8
    b"[" * 100_000 + b"]" * 100_000,                                    # past the recursion limit
], ids=["latin-1", "deep"])
@pytest.mark.parametrize("route", ["/api/extract", "/api/ingest"])
def test_unreadable_bodies_say_what_to_send(client, route, body):
    resp = client.post(route, content=body, headers={"content-type": "application/json",
                                                      "authorization": f"Bearer {TOKEN}"})
    err = resp.json()["error"]
    assert "parsing the body" not in err["message"]
    if route == "/api/extract":  # FastAPI parses it
        assert resp.status_code == 400 and err["code"] == "bad_request" and "UTF-8" in err["message"]
    else:  # the route parses its own body (json.loads): a 400 that says what to send
        assert resp.status_code == 400 and err["message"] == BODY_NOT_JSON


def test_a_mixed_batch_stores_the_good_articles_and_records_the_rest(client):
    arts = [{"text": NEWS, "published": "2024-12-02"}, {"text": ""}, {"html": "<p>x"},
            {"text": "Повстанцы атаковали армейский пост около Идлиба в понедельник, убив трёх солдат."},
            {"text": NEWS.replace("\n", "") + " \ud800 A lone surrogate."},
            {"html": "<div>" * 20_000 + NEWS + "</div>" * 20_000}]
    resp = client.post("/api/ingest", content=json.dumps({"articles": arts}),
                       headers={"content-type": "application/json", "authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 200, resp.text
    got = resp.json()
    assert got["read"] == len(arts) and got["new"] + got["rejected_total"] == len(arts)
    assert got["new"] >= 2 and {"empty", "not_english"} <= set(got["rejected"])
    ids = [a["id"] for a in got["articles"] if not a.get("rejected")]
    assert all(client.get(f"/api/articles/{i}").status_code == 200 for i in ids)


def test_brief_without_its_window_names_the_query_parameters(client):
    # was: "a brief needs --since and --until", the command line's flags, from the HTTP API
    for q in ({}, {"since": "2024-11-20"}):
        resp = client.get("/api/brief", params=q)
        assert resp.status_code == 400
        msg = resp.json()["error"]["message"]
        assert "--since" not in msg and "since=" in msg and "until=" in msg
