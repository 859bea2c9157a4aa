"""The guarded fetcher against a local test server (a threaded http.server on 127.0.0.1, bounded requests).

The server is on a loopback address, which the guard refuses by default: most tests lift the guard for that one
address only (`allow_private=["127.0.0.1/32"]`) and give names through an injected resolver, so that
"news.example" plays an allowed public host and redirects from it to private addresses must be refused.
"""

from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpcore
import pytest

from eventwire.ingest.fetch import BlockedAddress, FetchError, Fetcher, address_problem, user_agent

PAGE = (b"<!DOCTYPE html><html><head><title>Clashes in Idlib</title></head><body><article><h1>Clashes in Idlib</h1>"
        b"<p>Government forces shelled the town of Idlib on Monday, killing at least four civilians, local "
        b"officials said.</p></article></body></html>")


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}
    agents: list[str] = []
    flaky_left = 0

    def log_message(self, *a):  # quiet
        pass

    def _send(self, code, body=b"", ctype="text/html; charset=utf-8", headers=()):
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        if not any(k.lower() == "content-length" for k, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        path = self.path.split("?")[0]
        Handler.hits[path] = Handler.hits.get(path, 0) + 1
        Handler.agents.append(self.headers.get("User-Agent", ""))
        port = self.server.server_address[1]
        redirects = {
            "/redir-ok": "/page",
            "/redir-private": "http://10.0.0.1/secret",
            "/redir-mapped": f"http://[::ffff:127.0.0.1]:{port}/secret",
            "/redir-v6-loopback": f"http://[::1]:{port}/secret",
            "/redir-metadata": "http://169.254.169.254/latest/meta-data/",
            "/redir-name": f"http://intranet.example:{port}/secret",
            "/redir-zero": f"http://0.0.0.0:{port}/secret",
            "/redir-file": "file:///etc/passwd",
            "/redir-loop": "/redir-loop",
        }
        if path in redirects:
            return self._send(302, b"", headers=[("Location", redirects[path])])
        if path in ("/page", "/secret"):
            return self._send(200, PAGE)
        if path == "/big":
            return self._send(200, b"<html><body><p>" + b"x" * 200_000 + b"</p></body></html>")
        if path == "/big-chunked":  # no Content-Length: the cap is counted while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"<p>" + b"y" * 10_000 + b"</p>")
            return None
        if path == "/gzip-bomb":  # 20 MB of zeros in about 20 KB
            body = gzip.compress(b"\0" * 20_000_000)
            return self._send(200, body, headers=[("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))])
        if path == "/image":
            return self._send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, ctype="image/png")
        if path == "/flaky":
            if Handler.flaky_left > 0:
                Handler.flaky_left -= 1
                return self._send(503, b"busy", headers=[("Retry-After", "0")])
            return self._send(200, PAGE)
        if path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100")
            self.end_headers()
            try:
                for _ in range(20):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            return None
        return self._send(404, b"not found")


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


@pytest.fixture(autouse=True)
def _reset():
    Handler.hits.clear()
    Handler.agents.clear()


NAMES = {"news.example": ["127.0.0.1"], "intranet.example": ["192.168.1.10"],
         "mixed.example": ["93.184.215.14", "10.0.0.7"]}


def fake_resolver(host, port):
    if host in NAMES:
        return NAMES[host]
    raise OSError(f"unknown host {host}")


def fetcher(**kw):
    kw = {"timeout": 5.0, "connect_timeout": 2.0, "retries": 0, "backoff": 0.01, "min_interval": 0.0,
          "deadline": 10.0, **kw}
    return Fetcher(**kw)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "[::1]"])
def test_loopback_is_refused_by_default(server, host):
    with fetcher() as f:
        with pytest.raises(BlockedAddress) as e:
            f.fetch(f"http://{host}:{server}/page")
    assert e.value.reason == "blocked_address" and not e.value.transient
    assert Handler.hits == {}  # never connected


def test_the_explicit_override_allows_loopback(server):
    with fetcher(allow_private=True) as f:
        got = f.fetch(f"http://127.0.0.1:{server}/page")
    assert got.status == 200 and got.content_type == "text/html" and got.charset == "utf-8"
    assert b"Government forces shelled" in got.body
    assert Handler.agents == [user_agent()] and user_agent().startswith("eventwire/")


def test_an_allowed_public_host_goes_through_the_injected_resolver(server):
    with fetcher(allow_private=["127.0.0.1/32"], resolver=fake_resolver) as f:
        got = f.fetch(f"http://news.example:{server}/redir-ok")  # the system resolver does not know this name
    assert got.url == f"http://news.example:{server}/page" and got.redirects == [got.url]
    assert Handler.hits == {"/redir-ok": 1, "/page": 1}


@pytest.mark.parametrize("path", ["/redir-private", "/redir-mapped", "/redir-v6-loopback", "/redir-metadata",
                                  "/redir-name", "/redir-zero"])
def test_a_redirect_to_a_private_address_is_refused(server, path):
    with fetcher(allow_private=["127.0.0.1/32"], resolver=fake_resolver) as f:
        with pytest.raises(BlockedAddress):
            f.fetch(f"http://news.example:{server}{path}")
    assert Handler.hits == {path: 1}  # the first hop only; /secret never reached


def test_redirect_limits_and_schemes(server):
    with fetcher(allow_private=["127.0.0.1/32"], resolver=fake_resolver) as f:
        with pytest.raises(FetchError) as e:
            f.fetch(f"http://news.example:{server}/redir-loop")
        assert e.value.reason == "too_many_redirects"
        assert Handler.hits["/redir-loop"] == 6  # the request and 5 redirects
        with pytest.raises(FetchError) as e:
            f.fetch(f"http://news.example:{server}/redir-file")
        assert e.value.reason == "bad_url"
        with pytest.raises(FetchError) as e:
            f.fetch("ftp://news.example/x")
        assert e.value.reason == "bad_url"


def test_a_name_with_any_private_address_is_refused():
    with fetcher(resolver=fake_resolver) as f:
        with pytest.raises(BlockedAddress) as e:
            f.fetch("http://mixed.example/page")
    assert "10.0.0.7" in str(e.value)


def test_the_checked_address_is_the_one_connected_to(monkeypatch):
    """DNS rebinding: the name resolves to a public address first and to loopback afterwards. We resolve once
    and connect to the address we checked, so the second answer is never asked for, let alone used."""
    answers = [["93.184.215.14"], ["127.0.0.1"]]
    calls, connected = [], []

    def rebinding(host, port):
        calls.append(host)
        return answers[min(len(calls), 2) - 1]

    def fake_connect(self, host, port, timeout=None, local_address=None, socket_options=None):
        connected.append(host)
        raise httpcore.ConnectError("test: no network")

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", fake_connect)
    with fetcher(resolver=rebinding) as f:
        with pytest.raises(FetchError) as e:
            f.fetch("http://rebind.example/page")
    assert e.value.reason == "connect"
    assert calls == ["rebind.example"] and connected == ["93.184.215.14"]


def test_size_caps(server):
    with fetcher(allow_private=True, max_bytes=50_000) as f:
        for path in ("/big", "/big-chunked", "/gzip-bomb"):
            with pytest.raises(FetchError) as e:
                f.fetch(f"http://127.0.0.1:{server}{path}")
            assert e.value.reason == "too_large", path
        assert f.fetch(f"http://127.0.0.1:{server}/page").status == 200


def test_content_types_and_statuses(server):
    with fetcher(allow_private=True) as f:
        with pytest.raises(FetchError) as e:
            f.fetch(f"http://127.0.0.1:{server}/image")
        assert e.value.reason == "not_html"
        with pytest.raises(FetchError) as e:
            f.fetch(f"http://127.0.0.1:{server}/page", kind="feed")
        assert e.value.reason == "not_a_feed"
        with pytest.raises(FetchError) as e:
            f.fetch(f"http://127.0.0.1:{server}/missing")
        assert e.value.reason == "http_404" and not e.value.transient
        assert Handler.hits["/missing"] == 1  # a 404 is not retried


def test_transient_failures_are_retried_with_backoff(server):
    Handler.flaky_left = 2
    with fetcher(allow_private=True, retries=2) as f:
        got = f.fetch(f"http://127.0.0.1:{server}/flaky")
    assert got.status == 200 and Handler.hits["/flaky"] == 3
    Handler.flaky_left = 5
    with fetcher(allow_private=True, retries=1) as f:
        with pytest.raises(FetchError) as e:
            f.fetch(f"http://127.0.0.1:{server}/flaky")
    assert e.value.reason == "http_503" and e.value.transient


def test_a_trickling_server_hits_the_deadline(server):
    t0 = time.monotonic()
    with fetcher(allow_private=True, deadline=1.0) as f:
        with pytest.raises(FetchError) as e:
            f.fetch(f"http://127.0.0.1:{server}/trickle")
    assert e.value.reason == "timeout" and time.monotonic() - t0 < 4


@pytest.mark.parametrize("address,allowed", [
    ("93.184.215.14", True), ("2606:4700:4700::1111", True), ("8.8.8.8", True),
    ("127.0.0.1", False), ("127.8.9.10", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.0.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("240.0.0.1", False), ("255.255.255.255", False), ("192.0.2.1", False), ("198.18.0.1", False),
    ("::", False), ("::1", False), ("fe80::1", False), ("fe80::1%eth0", False), ("fc00::1", False),
    ("fd12:3456::1", False), ("ff02::1", False), ("ff0e::1", False), ("fec0::1", False), ("2001:db8::1", False),
    ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("::ffff:169.254.169.254", False),
    ("::127.0.0.1", False), ("2002:7f00:1::1", False), ("2002:c0a8:101::1", False), ("64:ff9b::a00:1", False),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),
])
def test_address_guard_table(address, allowed):
    assert (address_problem(address) is None) is allowed, address_problem(address)
