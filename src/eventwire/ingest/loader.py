"""Ingest into a store: read sources, run the pipeline, load each batch (the orchestration the store does not do).

    from eventwire.ingest.loader import ingest
    ingest(store, ["articles/"], batch_size=32, progress=None)   # what `eventwire.ingest_sources` and the CLI call

The store only loads what it is given (`eventwire.store.load`); reading and annotating happen here, above it.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Iterable, Sequence

from eventwire.records import AnnotatedArticle
from eventwire.store.load import LoadCounts, LoadRun, skip_known


def ingest(store: Any, sources: Sequence[str], *, published: str | None = None, kb_files: Sequence[str] = (),
           batch_size: int = 32, progress: Callable[[LoadCounts], None] | None = None) -> dict[str, Any]:
    """Read `sources`, run the pipeline, store each batch in its own transaction. Returns the summary.

    Articles the store already holds (by this pipeline version) or has refused are skipped before the pipeline
    runs (counted as duplicates): a run that was killed resumes where it stopped, at the cost of reading."""
    from eventwire.ingest import read_sources
    from eventwire.pipeline import Pipeline

    t0 = time.perf_counter()
    pipe = Pipeline(kb_files=list(kb_files))
    current = pipe.version  # what a new annotation's version will be
    with LoadRun(store, "ingest", sources) as run:
        total = run.total

        def unknown(articles: Iterable[Any]) -> Iterable[Any]:
            chunk: list[Any] = []

            def check() -> Iterable[Any]:
                ids = [a.id for a in chunk if not a.rejected]
                known = skip_known(store, ids, current)
                for a in chunk:
                    if not a.rejected and a.id in known:
                        total.read += 1
                        total.duplicate += 1
                        run.versions[current] += 1  # stored by this very version
                        continue
                    yield a
                chunk.clear()

            for a in articles:
                chunk.append(a)
                if len(chunk) >= batch_size:
                    yield from check()
            yield from check()

        batch: list[AnnotatedArticle] = []

        def flush() -> None:
            run.load(batch)
            batch.clear()
            if progress:
                progress(total)

        for ann in pipe.run(unknown(read_sources(sources, published=published))):
            batch.append(ann)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
    summary = total.to_dict()
    summary["run"] = run.id
    summary["seconds"] = round(time.perf_counter() - t0, 3)
    return summary
