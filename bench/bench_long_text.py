"""Benchmark: how the time of one article grows with its length, for texts that defeat sentence splitting.

    python bench/bench_long_text.py [--sizes 10000,20000,40000,80000,160000] [--shapes prose,names,news]

Three shapes, each doubled in length step by step: prose without any punctuation (one "sentence" of the whole
text unless the parser's cut applies), a list of names and places separated by spaces, and ordinary punctuated
news sentences. For each size it prints the seconds, the seconds per 10,000 characters (flat when the work is
linear), the events and the rejection if any. Before issue 17's cut, prose without punctuation took 5 s at 10k
characters, 25 s at 20k and over 170 s at 40k. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

PROSE = ("police arrested protesters in Lagos and soldiers killed villagers near Kano while militants of Boko Haram "
         "attacked the army base at Maiduguri as Taliban fighters clashed with Afghan troops in Kabul and Hezbollah "
         "shelled Haifa and Russian forces bombed Kharkiv and Ukrainian troops struck Donetsk").split()
NAMES = ("Kano Lagos Abuja Kaduna Jos Maiduguri Kabul Kandahar Herat Haifa Gaza Kharkiv Donetsk Bakhmut Mosul Aleppo "
         "Idlib Hezbollah Hamas Taliban Wagner Reuters Ukraine Russia Iran Iraq Syria Nigeria").split()
NEWS = ("Gunmen killed {n} villagers in Kaduna state on Monday, police said. Protesters blocked a road in Lagos. "
        "Troops clashed with militants near Maiduguri, the army said. ")


def text_of(shape: str, size: int, rng: random.Random) -> str:
    if shape == "prose":
        words = [PROSE[i % len(PROSE)] for i in range(size // 5)]
    elif shape == "names":
        words = [rng.choice(NAMES) for _ in range(size // 5)]
    else:
        words = []
        while sum(len(w) + 1 for w in words) < size:
            words.extend(NEWS.format(n=rng.randint(2, 40)).split())
    return " ".join(words)[:size]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,20000,40000,80000,160000")
    ap.add_argument("--shapes", default="prose,names,news", help="which of prose, names, news")
    args = ap.parse_args()
    from eventwire.ingest import article_from_input
    from eventwire.pipeline import Pipeline

    try:
        pipe = Pipeline(seconds=3600)  # measure the work itself, not the budget
    except TypeError:  # a version before the time budget (to compare with)
        pipe = Pipeline()
    next(pipe.run([article_from_input("Police arrested three protesters in Lagos on Monday.")]))  # load models
    rng = random.Random(0)
    print(f"{'shape':6s} {'chars':>8s} {'seconds':>8s} {'s/10k':>6s} {'events':>6s}  rejected")
    for shape in args.shapes.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            art = article_from_input(text_of(shape, size, rng), published="2024-03-05")
            t = time.perf_counter()
            ann = next(pipe.run([art]))
            sec = time.perf_counter() - t
            print(f"{shape:6s} {size:8,d} {sec:8.2f} {sec / size * 10_000:6.2f} {len(ann.events):6d}  "
                  f"{ann.rejected or ''}", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
