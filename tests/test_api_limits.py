"""What one client can hold of `eventwire serve` (issue 17): a real uvicorn server with the settings of
`eventwire serve` (eventwire.api.server) on an ephemeral loopback port in a thread, driven over sockets and
http.client; and /api/extract's bounds (body, wait for the pipeline, size of the answer). The bounds are in
eventwire.api.limits; RELIABILITY.md, "HTTP limits", says what each one does."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import warnings
from contextlib import contextmanager
from dataclasses import replace
from typing import Iterator

import httpx
import pytest
import uvicorn

import eventwire
from eventwire.api import create_app
from eventwire.api.limits import LIMITS, Limits
from eventwire.api.server import server_config
from eventwire.api.write import bounded_answer, to_article
from eventwire.records import AnnotatedArticle

with warnings.catch_warnings():  # starlette suggests httpx2; httpx is what this project pins
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "test-token-0123456789abcdef"
ATTACK = ("Russian forces shelled the city of Kharkiv on Tuesday, killing three civilians and wounding twelve, "
          "the regional governor said.")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "limits.db"
    eventwire.open(path, create=True).close()
    return str(path)


@contextmanager
def serving(app, limits: Limits = LIMITS) -> Iterator[int]:
    """`app` under a real uvicorn server configured as `eventwire serve` does, on 127.0.0.1:<free port>."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(server_config(app, "127.0.0.1", 0, limits=limits, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.02)
    assert server.started, "the server did not start"
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


def _closed_within(conn: socket.socket, seconds: float, trickle: bytes = b"") -> float | None:
    """Seconds until the server closes `conn` (None: still open after `seconds`), sending one byte of
    `trickle` every 0.1 s meanwhile."""
    t0 = time.monotonic()
    conn.settimeout(0.1)
    i = 0
    while time.monotonic() - t0 < seconds:
        try:
            if conn.recv(4096) == b"":
                return time.monotonic() - t0
        except socket.timeout:
            pass
        except OSError:  # reset
            return time.monotonic() - t0
        if i < len(trickle):
            try:
                conn.sendall(trickle[i:i + 1])
            except OSError:
                return time.monotonic() - t0
            i += 1
    return None


# ------------------------------------------------------------------------------------------ the server
def test_serve_uses_the_limits():
    cfg = server_config(object(), "127.0.0.1", 8000)
    assert cfg.timeout_keep_alive == LIMITS.keep_alive_s
    assert cfg.limit_concurrency == LIMITS.max_connections
    assert cfg.h11_max_incomplete_event_size == LIMITS.max_head_bytes
    assert cfg.timeout_graceful_shutdown == LIMITS.graceful_shutdown_s
    assert cfg.http.head_timeout_s == LIMITS.head_timeout_s


def test_a_connection_that_sends_nothing_is_closed(db):
    limits = replace(LIMITS, head_timeout_s=0.5)
    with serving(create_app(db, token=""), limits) as port:
        with socket.create_connection(("127.0.0.1", port)) as conn:
            took = _closed_within(conn, 5)
    assert took is not None and 0.4 <= took < 3, took


def test_slowloris_headers_are_cut_off_though_bytes_keep_coming(db):
    limits = replace(LIMITS, head_timeout_s=0.5)
    head = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200
    with serving(create_app(db, token=""), limits) as port:
        with socket.create_connection(("127.0.0.1", port)) as conn:
            took = _closed_within(conn, 5, trickle=head)  # a byte every 0.1 s: the keep-alive timer never fires
    assert took is not None and 0.4 <= took < 3, took


def test_a_prompt_client_keeps_its_connection_across_requests(db):
    limits = replace(LIMITS, head_timeout_s=0.5, keep_alive_s=5)
    with serving(create_app(db, token=""), limits) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in range(3):
            conn.request("GET", "/api/health")
            resp = conn.getresponse()
            assert resp.status == 200 and json.loads(resp.read())["status"] == "ok"
            sock = conn.sock
            time.sleep(0.8)  # longer than the head timeout, idle between requests: kept (keep-alive is 5 s)
        conn.request("GET", "/api/health")
        assert conn.getresponse().status == 200 and conn.sock is sock
        conn.close()


def test_connections_beyond_the_limit_get_503(db):
    limits = replace(LIMITS, max_connections=3)
    with serving(create_app(db, token=""), limits) as port:
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
        try:
            time.sleep(0.2)
            resp = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=10)
            assert resp.status_code == 503
        finally:
            for s in idle:
                s.close()
        time.sleep(0.2)
        assert httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=10).status_code == 200


def test_a_request_head_held_open_past_the_size_bound_is_refused(db):
    """h11 bounds the bytes of a head that is not complete yet (what a slow client makes the server hold)."""
    head = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * (LIMITS.max_head_bytes + 1)
    with serving(create_app(db, token="")) as port:
        with socket.create_connection(("127.0.0.1", port)) as conn:
            conn.sendall(head)  # no blank line: the head is still open
            conn.settimeout(5)
            answer = conn.recv(4096)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]


def test_a_500_leaves_the_keep_alive_connection_usable(db, monkeypatch, caplog):
    app = create_app(db, token="")

    def broken_facets():
        raise RuntimeError("secret detail")
    monkeypatch.setattr(app.state.store, "facets", broken_facets)
    with serving(app) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/api/meta")
        resp = conn.getresponse()
        body = json.loads(resp.read())
        assert resp.status == 500 and body["error"]["code"] == "internal" and "secret" not in json.dumps(body)
        assert resp.getheader("connection", "").lower() != "close"
        sock = conn.sock
        conn.request("GET", "/api/health")  # on the same connection
        resp = conn.getresponse()
        assert resp.status == 200 and json.loads(resp.read())["status"] == "ok"
        assert conn.sock is sock, "the server closed the connection after the 500"
        conn.close()
    assert any("internal error" in r.getMessage() and r.exc_info for r in caplog.records)


# ------------------------------------------------------------------------------------------ /api/extract
def test_extract_body_has_its_own_cap(db):
    with TestClient(create_app(db, token=TOKEN)) as c:
        big = json.dumps({"text": "a" * (LIMITS.extract_max_body + 10)})
        resp = c.post("/api/extract", content=big, headers={"content-type": "application/json"})
        assert resp.status_code == 413 and resp.json()["error"]["code"] == "payload_too_large"
        assert f"{LIMITS.extract_max_body:,}" in resp.json()["error"]["message"]
        # the same size is no 413 for the authenticated ingest (it is read, and refused for being no valid body)
        resp = c.post("/api/ingest", content=big, headers={"content-type": "application/json",
                                                             "authorization": f"Bearer {TOKEN}"})
        assert resp.status_code == 422


def test_extract_waits_for_the_pipeline_a_few_seconds_then_503(db):
    app = create_app(db, token="", limits=replace(LIMITS, slot_wait_s=0.5))
    release = threading.Event()
    entered = threading.Event()

    def slow_annotate(items):  # holds the one pipeline slot until released
        entered.set()
        release.wait(30)
        return [AnnotatedArticle(article=to_article(i)) for i in items]
    app.state.pipeline.annotate = slow_annotate
    with serving(app) as port:
        url = f"http://127.0.0.1:{port}/api/extract"
        first: dict = {}
        t = threading.Thread(target=lambda: first.update(r=httpx.post(url, json={"text": ATTACK}, timeout=30)))
        t.start()
        assert entered.wait(10)
        t0 = time.monotonic()
        resp = httpx.post(url, json={"text": ATTACK}, timeout=30)
        waited = time.monotonic() - t0
        assert resp.status_code == 503 and resp.json()["error"]["code"] == "busy", resp.text
        assert resp.headers["retry-after"] == "1" and 0.4 <= waited < 5, waited
        assert httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=10).status_code == 200  # reads go on
        release.set()
        t.join(30)
        assert first["r"].status_code == 200
        assert httpx.post(url, json={"text": ATTACK}, timeout=30).status_code == 200  # the slot is free again


def test_extract_refuses_an_unreadable_published_date(db):
    with TestClient(create_app(db, token=TOKEN)) as c:
        for value in ("1850-01-01", "2100-01-01", "0001-01-01"):
            resp = c.post("/api/extract", json={"text": ATTACK, "published": value})
            assert resp.status_code == 422, resp.text
            assert "between 1900-01-01 and 2099-12-31" in resp.json()["error"]["message"]
            resp = c.post("/api/ingest", json={"articles": [{"text": ATTACK, "published": value}]},
                          headers={"authorization": f"Bearer {TOKEN}"})
            assert resp.status_code == 422 and "1900-01-01" in resp.json()["error"]["message"]


def test_a_large_answer_is_cut_and_says_so(db):
    text = " ".join([ATTACK] * 40)
    with TestClient(create_app(db, token="")) as c:
        whole = c.post("/api/extract", json={"text": text, "published": "2025-03-04"})
        assert whole.status_code == 200 and "truncated" not in whole.json()
        size = len(whole.content)
    cap = size // 3
    with TestClient(create_app(db, token="", limits=replace(LIMITS, extract_max_response=cap))) as c:
        cut = c.post("/api/extract", json={"text": text, "published": "2025-03-04"})
    assert cut.status_code == 200 and len(cut.content) <= cap
    full, got = whole.json(), cut.json()
    note = got["truncated"]
    assert note["max_bytes"] == cap
    assert got["article"] == full["article"]
    for key, items in (("events", got["events"]), ("mentions.actors", got["mentions"]["actors"])):
        total = len(full["events"] if key == "events" else full["mentions"]["actors"])
        if key in note:
            assert note[key] == {"kept": len(items), "total": total}
        else:
            assert len(items) == total
    assert got["events"] == full["events"][:len(got["events"])] and got["events"]  # a prefix, events kept first


def test_bounded_answer_keeps_what_fits():
    out = {"article": {"text": "x"}, "mentions": {"actors": [{"a": i} for i in range(50)], "places": [], "times": []},
           "quantities": [], "relations": [], "events": [{"e": "y" * 50} for _ in range(20)], "stages": []}
    assert json.loads(bounded_answer(out, 10**6)) == out
    whole = len(json.dumps(out, separators=(",", ":")))
    seen = set()
    for cap in (400, 900, 1500, whole - 1, whole):
        got = bounded_answer(out, cap)
        assert len(got) <= cap
        d = json.loads(got)
        note = d.pop("truncated", None)
        assert (note is None) == (cap == whole)
        assert d["events"] == out["events"][:len(d["events"])]
        assert d["mentions"]["actors"] == out["mentions"]["actors"][:len(d["mentions"]["actors"])]
        if note:
            assert note["max_bytes"] == cap
            for key, items, total in (("events", d["events"], 20), ("mentions.actors", d["mentions"]["actors"], 50)):
                assert note.get(key, {"kept": total, "total": total}) == {"kept": len(items), "total": total}
        if d["mentions"]["actors"]:  # mentions only once every event is in
            assert len(d["events"]) == 20
        seen.add((len(d["events"]), len(d["mentions"]["actors"])))
    assert len(seen) == 5  # each cap kept a different amount
