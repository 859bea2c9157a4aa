"""Benchmark: articles/s and peak memory of `extract` over 600-word articles, in one process.

    python bench/bench_extract.py [--n 200] [--words 600] [--real]

Articles are built from the sentences of the bundled samples and the golden cases, shuffled with a
fixed seed, so every run measures the same corpus. That corpus is all event sentences, a harder load
than real news. `--real` measures instead the 80 real news pages of ../shared/eval/extraction (read
from there, never copied), as 600-word equivalents. Prints the figures (the gazetteer index's size, load time and
resident memory among them); asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from importlib import resources
from pathlib import Path

import yaml


def sentence_bank() -> list[str]:
    import json
    import re

    texts = []
    samples = resources.files("eventwire") / "data" / "samples"
    for f in samples.iterdir():
        if f.name.endswith(".txt"):
            texts.append(f.read_text())
        elif f.name.endswith(".jsonl"):
            texts += [json.loads(line)["text"] for line in f.read_text().splitlines() if line.strip()]
    for f in sorted((Path(__file__).resolve().parents[1] / "tests" / "cases").glob("*.yaml")):
        texts += [c["text"] for c in yaml.safe_load(f.read_text()) or []]
    sents = []
    for t in texts:
        sents += [s.strip() for s in re.split(r"(?<=[.!?])\s+", t) if len(s.split()) >= 6]
    return sents


def corpus(n: int, words: int, bank: list[str] | None = None) -> list[str]:
    """n articles of about `words` words, sentences drawn (seed 7) from `bank` (default: sentence_bank())."""
    rng = random.Random(7)
    bank = sentence_bank() if bank is None else bank
    out = []
    for _ in range(n):
        paras, count = [], 0
        while count < words:
            s = rng.choice(bank)
            paras.append(s)
            count += len(s.split())
        out.append("\n\n".join(paras))
    return out


def real_pages() -> list[str]:
    import gzip

    from eventwire.ingest import article_from_html

    folder = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction" / "html"
    if not folder.is_dir():
        raise SystemExit(f"--real needs the pages at {folder} (../shared is absent)")
    arts = [article_from_html(gzip.open(f).read()) for f in sorted(folder.glob("*.html.gz"))]
    return [a.text for a in arts if not a.rejected]


def _rss_mb() -> float:
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return float("nan")


def gazetteer_load() -> str:
    """Open the process-wide gazetteer (the pipeline then reuses it) and say what its index costs: the files' size
    on disk, the time to find it in the cache (or build it there, where the cache held none), the time to open
    it, and what opening it added to resident memory."""
    from eventwire import gazetteer as gz

    t0 = time.perf_counter()
    folder = gz.ensure_index()
    ready_s = time.perf_counter() - t0
    rss0, t1 = _rss_mb(), time.perf_counter()
    gz.get_gazetteer()
    open_s, rss = time.perf_counter() - t1, _rss_mb() - rss0
    size = sum(f.stat().st_size for f in Path(folder).iterdir() if f.is_file())
    return (f"gazetteer index:     {size / 1e6:.1f} MB on disk, memory-mapped ({Path(folder).name}); found or built "
            f"in {ready_s:.2f} s, opened in {1000 * open_s:.0f} ms, +{rss:.0f} MB resident")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--real", action="store_true", help="real news pages from ../shared/eval/extraction")
    args = ap.parse_args()
    from eventwire.ingest import article_from_text
    from eventwire.pipeline import Pipeline

    texts = real_pages() if args.real else corpus(args.n, args.words)
    gz_line = gazetteer_load()
    t0 = time.perf_counter()
    pipe = Pipeline()
    list(pipe.run([article_from_text(texts[0], published="2024-12-03")]))  # warm up: model, indexes
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    arts = [article_from_text(t, published="2024-12-03") for t in texts]
    ingest_s = time.perf_counter() - t1
    t2 = time.perf_counter()
    n_events = sum(len(a.events) for a in pipe.run(arts))
    run_s = time.perf_counter() - t2
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total_words = sum(len(t.split()) for t in texts)
    print(f"articles:            {len(texts)} (mean {total_words / len(texts):.0f} words)")
    print(f"load (spaCy, event model, kb): {load_s:.2f} s (the gazetteer apart, below)")
    print(gz_line)
    print(f"ingest (clean, language):    {len(texts) / ingest_s:.1f} articles/s")
    print(f"pipeline:            {len(texts) / run_s:.1f} articles/s  ({n_events} events)")
    print(f"end to end:          {len(texts) / (ingest_s + run_s):.1f} articles/s on one process")
    print(f"in 600-word articles: {total_words / 600 / (ingest_s + run_s):.1f} per second")
    print(f"peak resident memory: {peak_mb:.0f} MB")
    model = getattr(pipe.res, "event_model", None)
    if model is not None:  # the trained event stage's own cost: its reading of every sentence of every article
        import re

        sents = [s for t in texts for s in re.split(r"(?<=[.!?])\s+|\n\n", t) if s.strip()]
        t3 = time.perf_counter()
        model.predict(sents)
        model_s = time.perf_counter() - t3
        print(f"event model alone:   {1000 * model_s / len(texts):.1f} ms per article ({len(sents) / len(texts):.0f} "
              f"sentences), {100 * model_s / run_s:.0f}% of the pipeline's time")


if __name__ == "__main__":
    sys.exit(main())
