"""bench/bench_store.py's `--stream` articles: a store that grows longer, never denser (issue 15)."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from eventwire.records import AnnotatedArticle, Article, Event, Evidence, Time

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_store.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_store", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _template(n: int, published: str, event_day: str) -> AnnotatedArticle:
    ev = Event(id=f"e{n}", type="ASSAULT", mode=None, trigger="shelled", trigger_start=0, trigger_end=7,
               evidence=Evidence(sentence="Shelling hit the town.", start=0, end=22),
               date=Time(text="Monday", start=0, end=6, value=event_day, precision="day", earliest=event_day,
                         latest=event_day))
    return AnnotatedArticle(article=Article(id=f"t{n}", text="Shelling hit the town.", published=published),
                            events=[ev])


def test_stream_publishes_every_template_on_the_same_day(bench):
    # templates dated 22 months apart, as the bundled samples are: their k-th articles fall on one day
    templates = [_template(0, "2024-01-12", "2024-01-10"), _template(1, "2025-11-09", "2025-11-09"),
                 _template(2, "2025-03-01", "2025-02-20")]
    for k in (0, 59, 60, 6000, 45_000):
        got = bench.variant(templates[k % 3], k, stream=True)
        day = bench.STREAM_START + dt.timedelta(days=k // 60)
        assert got.article.published == day.isoformat()
        own = dt.date.fromisoformat(templates[k % 3].article.published)
        lag = own - dt.date.fromisoformat(templates[k % 3].events[0].date.earliest)
        assert dt.date.fromisoformat(got.events[0].date.earliest) == day - lag  # the event keeps its distance


def test_stream_density_stays_flat(bench):
    """The articles already published within three days of each new article's day: as many late as early (moving
    each template's own date instead, the tracks of templates dated months apart met as the load went on)."""
    templates = [_template(i, p, p) for i, p in enumerate(("2024-01-12", "2024-09-30", "2025-06-15", "2025-11-09"))]
    days = [dt.date.fromisoformat(bench.variant(templates[k % 4], k, stream=True).article.published)
            for k in range(12_000)]

    def near(first: int) -> float:
        stored = Counter(days[:first])
        return sum(stored[d + dt.timedelta(days=x)] for d in days[first:first + 60] for x in range(-3, 4)) / 60

    assert near(11_940) == pytest.approx(near(1_200), rel=0.05)
