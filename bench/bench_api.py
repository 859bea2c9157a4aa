"""Benchmark of the HTTP API: p50/p95 latency of the main endpoints on a large store.

    python bench/bench_api.py --build 41000                 # build bench/out/bench_api.db (~100,000 events)
    python bench/bench_api.py --db bench/out/bench_api.db   # reuse it
    python bench/bench_api.py --db PATH --requests 100 --server   # through `eventwire serve` on loopback

`--build N` makes N articles with the generator of bench/bench_store.py (a few dozen annotated templates, loaded
again and again with new ids, dates and places; about 2.4 events per article) into `--db` (default
bench/out/bench_api.db; an existing file is added to). Requests go in-process through FastAPI's TestClient by
default (no network: the app's own cost), or with `--server` over HTTP to a uvicorn subprocess on 127.0.0.1.
Each endpoint gets one first request (its time is shown: actor listings and graphs are cached by the app while
the store is unchanged, so the first one pays the full cost), then `--requests` timed ones. The unfiltered
graph's first build is reported on its own line. The issue's goal: p95 under 150 ms. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

ATTACK = ("Russian forces shelled the city of Kharkiv on Tuesday, killing three civilians and wounding twelve, "
          "the regional governor said. Ukraine's air force said it shot down 20 of 25 drones overnight.")


def build(path: str, n: int, templates: int) -> None:
    import bench_store

    from eventwire.store import Store

    t0 = time.perf_counter()
    anns, _ = bench_store.templates(templates)
    store = Store(path)
    start = store.counts()["articles"]
    batch = []
    for k in range(start, start + n):
        batch.append(bench_store.variant(anns[k % len(anns)], k))
        if len(batch) == 200:
            store.load(batch)
            batch = []
            if (k + 1 - start) % 5000 == 0:
                print(f"  built {k + 1 - start} articles, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    if batch:
        store.load(batch)
    c = store.counts()
    store.close()
    print(f"build: {n} articles in {time.perf_counter() - t0:.0f} s -> {c['articles']} articles, {c['events']} "
          f"events, {c['incidents']} incidents, {os.path.getsize(path) / 1e6:.0f} MB ({path})")


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs) + 0.5) - 1))]


def cases(get) -> list[tuple[str, str, str, dict | None]]:  # noqa: ANN001
    """(name, method, path, json body) for each timed request; ids come from the store itself."""
    arts = get("/api/articles?limit=1&search=Aleppo").json()["items"] or get("/api/articles?limit=1").json()["items"]
    inc = get("/api/incidents?limit=1&min_sources=2").json()["items"] or get("/api/incidents?limit=1").json()["items"]
    return [
        ("health", "GET", "/api/health", None),
        ("meta", "GET", "/api/meta", None),
        ("events (no filter)", "GET", "/api/events", None),
        ("events page 50 (offset 5000)", "GET", "/api/events?offset=5000", None),
        ("events type+country+month", "GET", "/api/events?type=ASSAULT&country=UKR&since=2024-03-01&until=2024-03-31",
         None),
        ("events actor", "GET", "/api/events?actor=hezbollah", None),
        ("events search", "GET", "/api/events?search=drone", None),
        ("events near", "GET", "/api/events?near=50.0,36.25,100", None),
        ("events min_sources=2", "GET", "/api/events?min_sources=2", None),
        ("incidents", "GET", "/api/incidents", None),
        ("incidents min_sources=2", "GET", "/api/incidents?min_sources=2", None),
        ("incident page", "GET", f"/api/incidents/{inc[0]['id']}", None),
        ("actors", "GET", "/api/actors", None),
        ("actors country", "GET", "/api/actors?country=SYR", None),
        ("articles", "GET", "/api/articles", None),
        ("search (articles)", "GET", "/api/search?q=drone+market", None),
        ("article page", "GET", f"/api/articles/{arts[0]['id']}", None),
        ("timeline (all)", "GET", "/api/timeline", None),
        ("timeline type+country", "GET", "/api/timeline?type=ASSAULT&country=UKR", None),
        ("graph", "GET", "/api/graph", None),
        ("graph actor", "GET", "/api/graph?actor=hezbollah", None),
        ("extract", "POST", "/api/extract", {"text": ATTACK, "published": "2025-03-04"}),
    ]


def run(client, n: int) -> None:  # noqa: ANN001
    get = client.get
    t = time.perf_counter()
    r = get("/api/graph")
    print(f"graph, first build (uncached): {(time.perf_counter() - t) * 1000:.0f} ms, {len(r.content) / 1e3:.0f} kB, "
          f"{r.json()['total_edges']} edges")
    t = time.perf_counter()
    client.post("/api/extract", json={"text": ATTACK})
    print(f"extract, first call (loads the pipeline): {(time.perf_counter() - t) * 1000:.0f} ms")
    print(f"{'endpoint':<32} {'first ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'kB':>7} {'rows':>6}")
    worst = 0.0
    for name, method, path, body in cases(get):
        def call():  # noqa: ANN202
            return client.post(path, json=body) if method == "POST" else get(path)
        t = time.perf_counter()
        r = call()
        first = (time.perf_counter() - t) * 1000
        assert r.status_code == 200, (path, r.status_code, r.text[:300])
        times = []
        for _ in range(n):
            t = time.perf_counter()
            r = call()
            times.append((time.perf_counter() - t) * 1000)
        data = r.json()
        rows = len(data.get("items", data.get("days", data.get("edges", [])))) if isinstance(data, dict) else 0
        p95 = _pct(times, 95)
        worst = max(worst, p95)
        print(f"{name:<32} {first:8.1f} {statistics.median(times):8.1f} {p95:8.1f} {max(times):8.1f} "
              f"{len(r.content) / 1e3:7.0f} {rows:6}")
    print(f"worst p95: {worst:.1f} ms (goal: under 150 ms)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default=None, help="The store (default bench/out/bench_api.db).")
    ap.add_argument("--build", type=int, default=0, metavar="N", help="First add N generated articles to --db.")
    ap.add_argument("--templates", type=int, default=60)
    ap.add_argument("--requests", type=int, default=50, help="Timed requests per endpoint.")
    ap.add_argument("--server", action="store_true", help="Over HTTP to `eventwire serve` on loopback.")
    args = ap.parse_args()
    path = args.db or str(HERE / "out" / "bench_api.db")
    if args.build:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        build(path, args.build, args.templates)
    elif not os.path.exists(path):
        sys.exit(f"no store at {path}: give --db PATH, or --build N to make one")

    from eventwire.store import Store

    with Store(path, create=False) as store:
        c = store.counts()
    print(f"store: {c['articles']} articles, {c['events']} events, {c['incidents']} incidents, "
          f"{c['actors']} actors ({path}); {args.requests} requests per endpoint, "
          f"{'HTTP to a uvicorn subprocess' if args.server else 'in-process TestClient'}")
    if not args.server:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from fastapi.testclient import TestClient

        from eventwire.api import create_app

        with TestClient(create_app(path, token="")) as client:
            run(client, args.requests)
        return

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db", path, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "EVENTWIRE_API_TOKEN": ""})
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            for _ in range(300):
                try:
                    client.get("/api/health")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            run(client, args.requests)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
