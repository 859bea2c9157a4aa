"""Benchmark: Dask scale-out throughput for 1 and 2 workers, peak memory per worker, and a sizing table for a
GDELT-scale day (250,000 articles), derived from the measured per-worker figures.

    python bench/bench_scale.py [--corpus real|generated|short] [--copies 3] [--workers 1 2] [--no-baseline]

Corpus (every article differs, so ids differ):
- real (the default when ../shared/eval/extraction/html exists): the 80 real news pages of the extraction gold
  set (read from there, never copied), their text extracted once, each in `--copies` versions that differ by one
  closing sentence: 237 articles of about 1,100 words by default;
- generated: `--n` articles of `--words` words drawn from the sentences of the bundled corpus (all event
  sentences: a much heavier load on corroboration than real news);
- short: the bundled samples and demo articles (about 55 words), `--copies` versions each.
Each worker count runs on a fresh LocalCluster (processes, one thread each) into a fresh SQLite store written by
the client, exactly as `eventwire ingest --workers N` does. Throughput counts from the first batch sent to the
last batch stored (cluster start-up, which loads the pipeline once per worker, is shown apart); the client's time
is split into waiting for workers, writing, and reading/sending. With the real pages, the client's other job,
reading a WARC of them (HTML extraction), is timed too. Also measured: the same corpus in one process without
Dask (`eventwire ingest`), for reference. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import tempfile
import time
from importlib import resources
from pathlib import Path

DAY = 250_000


def _records() -> list[dict]:
    base = resources.files("eventwire") / "data"
    recs = [json.loads(x) for x in (base / "demo" / "demo-corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    recs += [json.loads(x) for x in (base / "samples" / "samples.jsonl").read_text(encoding="utf-8").splitlines()]
    seed = (base / "samples" / "00-seed-iraqi-militias-syria.txt").read_text(encoding="utf-8")
    recs.append({"id": "seed", "text": seed, "published": "2024-12-03"})
    return recs


REAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction" / "html"


def real_pages() -> list[tuple[str, bytes]]:
    import gzip

    return [(f.name, gzip.open(f).read()) for f in sorted(REAL.glob("*.html.gz"))]


def warc_read_rate(folder: Path) -> tuple[float, int]:
    """Pages/s of the client reading a WARC of the real pages (HTML extraction included)."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from eventwire.ingest import read_sources

    path = folder / "pages.warc.gz"
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for name, html in real_pages():
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://example.org/{name}", "response",
                                                payload=io.BytesIO(html), http_headers=http))
    list(read_sources([str(path)]))  # warm up
    t0 = time.perf_counter()
    n = sum(1 for _ in read_sources([str(path)]))
    return n / (time.perf_counter() - t0), n


def build_corpus(folder: Path, mode: str, n: int, words: int, copies: int) -> tuple[Path, int, float]:
    import re

    recs = _records()
    if mode == "real":
        from eventwire.ingest import article_from_html

        arts = [article_from_html(html, url=f"https://example.org/{name}") for name, html in real_pages()]
        lines = [{"id": f"{a.url}#{k}", "url": a.url, "title": a.title, "outlet": a.outlet,
                  "published": a.published or "2024-03-01",
                  "text": a.text + f"\n\nThis is bulletin number {k + 1}."}
                 for k in range(copies) for a in arts if not a.rejected]
    elif mode == "short":
        lines = [dict(r, id=f"{r.get('id')}-{k}", text=r["text"] + f"\n\nThis is bulletin number {k + 1}.")
                 for k in range(copies) for r in recs]
    else:
        from bench_extract import corpus as generated  # the same generator, over this corpus's sentences

        bank = [s.strip() for r in recs for p in r["text"].split("\n\n")[1:]
                for s in re.split(r"(?<=[.!?])\s+", p) if len(s.split()) >= 6]
        lines = [{"id": f"gen-{i}", "title": f"Generated report {i}", "published": "2025-03-11",
                  "outlet": f"Outlet {i % 7}", "text": text} for i, text in enumerate(generated(n, words, bank))]
    path = folder / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    mean = sum(len(x["text"].split()) for x in lines) / len(lines)
    return path, len(lines), mean


def measure_dask(corpus: Path, workers: int, folder: Path, batch_size: int) -> dict:
    from eventwire.scale.dask_ingest import DaskRunner, run
    from eventwire.store import Store

    t0 = time.perf_counter()
    runner = DaskRunner(workers=workers)
    startup = time.perf_counter() - t0
    try:
        with Store(folder / f"w{workers}.db") as store:
            s = run([str(corpus)], store=store, runner=runner, batch_size=batch_size)
    finally:
        runner.close()
    rss = [w["max_rss_mb"] for w in s["worker_stats"].values()]
    return {"workers": workers, "articles": s["new"], "startup_s": startup, "work_s": s["work_seconds"],
            "rate": s["new"] / s["work_seconds"], "worker_rss_mb": max(rss) if rss else 0.0,
            "busy": {k: round(v["seconds"], 1) for k, v in s["worker_stats"].items()},
            "client": s["client_seconds"]}


def measure_one_process(corpus: Path, folder: Path) -> dict:
    from eventwire import ingest_sources
    from eventwire.store import Store

    with Store(folder / "one.db") as store:
        t0 = time.perf_counter()
        s = ingest_sources(store, [str(corpus)])
        secs = time.perf_counter() - t0
    return {"articles": s["new"], "seconds": secs, "rate": s["new"] / secs,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def sizing(rate_per_worker: float, rss_mb: float, label: str) -> list[str]:
    rows = []
    for hours in (24, 4):
        need = math.ceil(DAY / (rate_per_worker * hours * 3600))
        rows.append(f"  {label:<34} {hours:>3} h  {need:>4} workers  {need * rss_mb / 1024:>6.1f} GB "
                    f"({need} x {rss_mb:.0f} MB)")
    return rows


def main() -> None:
    import os

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=("real", "generated", "short"),
                    default="real" if REAL.is_dir() else "generated")
    ap.add_argument("--copies", type=int, default=3, help="versions of each article (real, short)")
    ap.add_argument("--n", type=int, default=200, help="articles (generated)")
    ap.add_argument("--words", type=int, default=600, help="words per article (generated)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--no-baseline", action="store_true", help="skip the one-process run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus, n, words = build_corpus(folder, args.corpus, args.n, args.words, args.copies)
        print(f"corpus ({args.corpus}): {n} articles, {words:.0f} words on average; {os.cpu_count()} cores on "
              f"this machine, load average {os.getloadavg()[0]:.1f} before the runs")
        read_rate = None
        if args.corpus == "real":
            read_rate, pages = warc_read_rate(folder)
            print(f"client reading a WARC of the {pages} real pages (HTML extraction): {read_rate:.1f} pages/s")
        if not args.no_baseline:
            one = measure_one_process(corpus, folder)
            print(f"one process, no Dask: {one['rate']:6.2f} articles/s  ({one['articles']} in {one['seconds']:.1f} s, "
                  f"peak {one['rss_mb']:.0f} MB)")
        results = []
        for w in args.workers:
            r = measure_dask(corpus, w, folder, args.batch_size)
            results.append(r)
            c = r["client"]
            print(f"dask, {w} worker{'s' if w > 1 else ' '}:     {r['rate']:6.2f} articles/s  ({r['articles']} in "
                  f"{r['work_s']:.1f} s; start-up {r['startup_s']:.1f} s; peak RSS per worker "
                  f"{r['worker_rss_mb']:.0f} MB; busy s per worker {sorted(r['busy'].values())}; client s: "
                  f"waiting {c['waiting']:.1f}, writing {c['writing']:.1f}, reading/sending "
                  f"{c['reading_and_sending']:.1f})")
        print(f"load average after the runs: {os.getloadavg()[0]:.1f}")
    by = {r["workers"]: r for r in results}
    if 1 in by and 2 in by:
        print(f"scaling 1 -> 2 workers: x{by[2]['rate'] / by[1]['rate']:.2f} (ideal x2.00; {os.cpu_count()} cores "
              f"shared by the client, the workers and whatever else runs here)")
    best = max(results, key=lambda r: r["workers"])
    per_worker = best["rate"] / best["workers"]
    single = by.get(1, best)["rate"]
    rss = max(r["worker_rss_mb"] for r in results)
    print(f"\nsizing for {DAY:,} articles a day (GDELT scale; one worker = one core and its RSS), "
          f"{words:.0f}-word articles:")
    print("\n".join(sizing(single, rss, f"1-worker rate {single:.2f}/s")))
    if best["workers"] > 1:
        print("\n".join(sizing(per_worker, rss, f"{best['workers']}-worker rate / {best['workers']} = "
                                                f"{per_worker:.2f}/s")))
    write_rate = best["articles"] / best["client"]["writing"] if best["client"]["writing"] else float("inf")
    print(f"  plus one client process, which reads, extracts HTML and writes: measured here it writes "
          f"{write_rate:.1f} articles/s to SQLite" + (f" and reads {read_rate:.1f} WARC pages/s" if read_rate else "")
          + f"; a day in 24 h needs {DAY / 86400:.1f}/s, in 4 h {DAY / 14400:.1f}/s")


if __name__ == "__main__":
    main()
