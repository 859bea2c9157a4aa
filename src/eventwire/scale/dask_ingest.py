"""Batch ingestion on Dask: a LocalCluster (`--workers N`) or an existing cluster (`--scheduler tcp://HOST:PORT`).

    eventwire ingest corpus/ --workers 4 --db events.db        # results stored by the client process
    eventwire ingest cc-news/*.warc.gz --workers 8 --out lake/  # or a Parquet data set (eventwire.scale.parquet)

How it runs (`eventwire.scale.dask.v1`):
- The client process reads the sources (`eventwire.ingest.read_sources`: files, JSONL, HTML, WARC, feeds) in
  order and cuts the stream into batches of `batch_size` articles.
- Before a batch is sent anywhere, the ids that are already written (in the store, by this pipeline version, or
  refused; in the Parquet manifest) or already sent in this run are dropped: a resumed run only annotates what
  is missing, and nothing is written twice.
- Each worker builds the pipeline once (`PipelinePlugin`, a WorkerPlugin) and annotates a batch with
  `Pipeline.run` (spaCy's nlp.pipe inside). One thread per worker: spaCy pipelines are not thread-safe and the
  work holds the GIL, so parallelism comes from worker processes.
- At most `in_flight` batches (2 per worker thread by default) are out at once, so memory stays flat however big
  the corpus; results are written in input order by the client, one transaction (or one Parquet part) per batch:
  the client is the only writer, which keeps SQLite happy and incidents deterministic (the same store as one
  process).
- A batch whose worker dies (KilledWorker, e.g. out of memory) is retried article by article; an article that
  kills a worker on its own is recorded as rejected ("worker_killed"). Any other task failure stops the run with
  an error (the run row says "failed"); running the same command again resumes.
- The local cluster listens on 127.0.0.1 only (scheduler, workers, nannies, and the scheduler's small HTTP server
  on a free port), with no dashboard (the default would serve one on 0.0.0.0:8787).
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin

from eventwire.errors import ConfigError, EventwireError
from eventwire.records import AnnotatedArticle, Article

STAGE = "eventwire.scale.dask.v1"
PLUGIN_NAME = "eventwire-pipeline"
DEFAULT_BATCH = 16
CONNECT_TIMEOUT_S = 10
WORKERS_TIMEOUT_S = 60

log = logging.getLogger(__name__)
SETUPS = 0  # how many times this process built a pipeline through the plugin (tests check: once per worker)


def expected_version(kb_files: Sequence[str] = ()) -> str:
    """The pipeline version a successful annotation carries (`eventwire.version`), without loading any model."""
    from eventwire.version import version_for

    return version_for(kb_files)


def _max_rss_mb() -> float:
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux
    except (ImportError, OSError):  # pragma: no cover
        return 0.0


# ------------------------------------------------------------------------------------------------ the workers
class PipelinePlugin(WorkerPlugin):
    """Builds the eventwire pipeline once per worker process (with the user's knowledge-base files, shipped as
    bytes so that remote workers need no shared file system) and checks the worker runs the same eventwire."""

    name = PLUGIN_NAME

    def __init__(self, kb: dict[str, bytes] | None = None, version: str | None = None,
                 eventwire_version: str | None = None) -> None:
        self.kb = kb or {}
        self.version = version
        self.eventwire_version = eventwire_version
        self.pipeline: Any = None
        self._dir: str | None = None

    def setup(self, worker: Any) -> None:
        import eventwire
        from eventwire.pipeline import Pipeline

        if self.eventwire_version and eventwire.__version__ != self.eventwire_version:
            raise RuntimeError(f"worker {worker.address} runs eventwire {eventwire.__version__}, the client "
                               f"{self.eventwire_version}: install the same version on every worker")
        paths = []
        if self.kb:
            self._dir = tempfile.mkdtemp(prefix="eventwire-kb-")
            for name, data in self.kb.items():
                p = Path(self._dir) / name
                p.write_bytes(data)
                paths.append(str(p))
        self.pipeline = Pipeline(kb_files=paths)
        global SETUPS
        SETUPS += 1
        if self.version and self.pipeline.version != self.version:
            raise RuntimeError(f"worker {worker.address} has pipeline version {self.pipeline.version}, the client "
                               f"{self.version}")

    def teardown(self, worker: Any) -> None:
        if self._dir:
            import shutil

            shutil.rmtree(self._dir, ignore_errors=True)


def annotate_batch(articles: list[Article]) -> tuple[list[AnnotatedArticle], dict[str, Any]]:
    """Runs on a worker: annotate one batch with the worker's pipeline. Returns (annotations in input order,
    stats of this worker)."""
    from distributed import get_worker

    worker = get_worker()
    plugin = worker.plugins.get(PLUGIN_NAME)
    if plugin is None or plugin.pipeline is None:
        raise RuntimeError(f"worker {worker.address} has no eventwire pipeline (plugin not set up)")
    t0 = time.perf_counter()
    anns = list(plugin.pipeline.run(articles))
    return anns, {"worker": worker.address, "pid": os.getpid(), "articles": len(articles),
                  "seconds": time.perf_counter() - t0, "max_rss_mb": _max_rss_mb()}


# ------------------------------------------------------------------------------------------------ runners
class LocalRunner:
    """The same interface in this process (for `--out` without workers, and for comparisons)."""

    workers = 1

    def __init__(self, kb_files: Sequence[str] = ()) -> None:
        from eventwire.pipeline import Pipeline

        self.pipeline = Pipeline(kb_files=list(kb_files))

    def submit(self, articles: list[Article]) -> Any:
        t0 = time.perf_counter()
        anns = list(self.pipeline.run(articles))
        return anns, {"worker": "local", "pid": os.getpid(), "articles": len(articles),
                      "seconds": time.perf_counter() - t0, "max_rss_mb": _max_rss_mb()}

    def result(self, handle: Any) -> tuple[list[AnnotatedArticle], list[dict[str, Any]]]:
        anns, stats = handle
        return anns, [stats]

    def close(self) -> None:
        pass


def _killed(article: Article, exc: BaseException) -> AnnotatedArticle:
    article.rejected = f"worker_killed: {type(exc).__name__}: {str(exc)[:200]}"
    article.text = ""
    return AnnotatedArticle(article=article)


def _probe(address: str) -> None:
    """Fail at once, with a clear message, when nothing listens at the scheduler's address (dask's Client would
    retry for CONNECT_TIMEOUT_S first)."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    host, port = parts.hostname, parts.port or 8786
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S):
            pass
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc.strerror or exc} (start one with "
                          f"`dask scheduler` and `dask worker {address}`, or use --workers N for a local "
                          f"cluster)") from None


class DaskRunner:
    """A dask.distributed client (on a LocalCluster it starts, or on a running scheduler) with the pipeline
    plugin registered on every worker."""

    def __init__(self, *, workers: int | None = None, scheduler: str | None = None, kb_files: Sequence[str] = (),
                 processes: bool = True, memory_limit: str | int = "auto") -> None:
        import eventwire
        from distributed import Client, LocalCluster

        for name in ("distributed", "tornado", "bokeh"):
            logging.getLogger(name).setLevel(logging.ERROR)
        self.cluster = None
        t0 = time.perf_counter()
        if scheduler:
            _probe(scheduler)
            try:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as exc:
                raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc} (start one with `dask "
                                  f"scheduler` and `dask worker {scheduler}`, or use --workers N for a local "
                                  f"cluster)") from None
            try:
                self.client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
            except (TimeoutError, OSError) as exc:
                self.client.close()
                raise ConfigError(f"the Dask scheduler at {scheduler} has no workers ({exc})") from None
        else:
            self.cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=processes,
                                        # CRITICAL: a worker's heartbeat that meets the scheduler already
                                        # closing at the end of a run logged an ERROR with a traceback; a
                                        # task's failure still reaches us through its future (KilledWorker)
                                        host="127.0.0.1", dashboard_address=None, silence_logs=logging.CRITICAL,
                                        memory_limit=memory_limit,
                                        # no dashboard; the scheduler's small HTTP server (health, metrics)
                                        # would otherwise take port 8787: any free port, on 127.0.0.1
                                        scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"})
            self.client = Client(self.cluster, set_as_default=False)
        kb = {f"{i:02d}-{Path(p).name}": Path(p).read_bytes() for i, p in enumerate(kb_files)}
        try:
            self.client.register_plugin(PipelinePlugin(kb, expected_version(kb_files), eventwire.__version__),
                                        name=PLUGIN_NAME)
        except Exception as exc:  # noqa: BLE001 - whatever a worker's setup raised
            self.close()
            raise ConfigError(f"the pipeline could not be set up on the Dask workers: {type(exc).__name__}: "
                              f"{exc}") from None
        self.workers = max(1, sum(self.client.nthreads().values()))
        self.startup_seconds = time.perf_counter() - t0
        self._n = 0

    def submit(self, articles: list[Article]) -> Any:
        self._n += 1
        fut = self.client.submit(annotate_batch, articles, pure=False, key=f"eventwire-annotate-{self._n}")
        return fut, articles

    def result(self, handle: Any) -> tuple[list[AnnotatedArticle], list[dict[str, Any]]]:
        from distributed import KilledWorker

        fut, articles = handle
        try:
            anns, stats = fut.result()
            return anns, [stats]
        except KilledWorker as exc:
            if len(articles) == 1:
                return [_killed(articles[0], exc)], []
            log.warning("a worker died on a batch of %d articles: retrying them one by one", len(articles))
        anns, stats = [], []
        singles = [(a, self.submit([a])[0]) for a in articles]
        for a, f in singles:
            try:
                got, st = f.result()
                anns.extend(got)
                stats.append(st)
            except KilledWorker as exc:
                anns.append(_killed(a, exc))
        return anns, stats

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


# ------------------------------------------------------------------------------------------------ sinks
class StoreSink:
    """Writes each batch to the store in one transaction, inside a run row (`eventwire.store.load.LoadRun`)."""

    def __init__(self, store: Any, sources: Sequence[str], command: str) -> None:
        from eventwire.store.load import LoadRun

        self.store = store
        self.run = LoadRun(store, command, sources)
        self.run_id = self.run.id

    def known(self, ids: list[str], version: str) -> set[str]:
        from eventwire.store.load import skip_known

        return skip_known(self.store, ids, version)

    def write(self, anns: list[AnnotatedArticle], total: Any) -> None:
        total.add(self.run.load(anns))

    def finish(self, total: Any, status: str) -> None:
        self.run.finish(status, total=total)


class ParquetStoreSink:
    def __init__(self, out: str | os.PathLike[str]) -> None:
        from eventwire.scale.parquet import ParquetSink

        self.sink = ParquetSink(out)
        self.run_id = None

    def known(self, ids: list[str], version: str) -> set[str]:
        return {i for i in ids if i in self.sink.known}

    def write(self, anns: list[AnnotatedArticle], total: Any) -> None:
        from eventwire.store.load import version_of

        got = self.sink.write(anns, version_of)
        total.read += len(anns)
        total.new += got["new"]
        total.duplicate += got["duplicate"]
        total.events += got["events"]
        total.rejected.update(got["rejected"])

    def finish(self, total: Any, status: str) -> None:
        self.sink.close()


# ------------------------------------------------------------------------------------------------ the driver
@dataclass
class _Batch:
    items: list[Article]  # every input of the batch, in order
    skip: set[int] = field(default_factory=set)  # positions already written (or sent earlier in this run)
    send: list[Article] = field(default_factory=list)  # what the workers annotate
    handle: Any = None


def _batches(articles: Iterator[Article], size: int, sink: Any, version: str, sent: set[str]) -> Iterator[_Batch]:
    chunk: list[Article] = []

    def cut(chunk: list[Article]) -> _Batch:
        b = _Batch(items=chunk)
        candidates = [a.id for a in chunk if not a.rejected and a.id not in sent]
        known = sink.known(candidates, version) if candidates else set()
        for i, a in enumerate(chunk):
            if a.rejected:
                continue
            if a.id in known or a.id in sent:
                b.skip.add(i)
                continue
            sent.add(a.id)
            b.send.append(a)
        return b

    for a in articles:
        chunk.append(a)
        if len(chunk) >= size:
            yield cut(chunk)
            chunk = []
    if chunk:
        yield cut(chunk)


def _merge(batch: _Batch, anns: list[AnnotatedArticle]) -> tuple[list[AnnotatedArticle], int]:
    """The batch's annotations in input order (rejected inputs as they are), and how many were skipped."""
    it = iter(anns)
    out = []
    for i, a in enumerate(batch.items):
        if i in batch.skip:
            continue
        out.append(AnnotatedArticle(article=a) if a.rejected else next(it))
    return out, len(batch.skip)


def run(sources: Sequence[str], *, store: Any = None, out: str | os.PathLike[str] | None = None,
        workers: int | None = None, scheduler: str | None = None, published: str | None = None,
        kb_files: Sequence[str] = (), batch_size: int = DEFAULT_BATCH, in_flight: int | None = None,
        processes: bool = True, progress: Callable[[Any], None] | None = None,
        runner: Any = None) -> dict[str, Any]:
    """Ingest `sources` on Dask (`workers` local processes, or the cluster at `scheduler`; neither and `out`
    given: in this process) into `store` or, with `out`, a Parquet data set. Resumable; returns the summary."""
    from eventwire.ingest import read_sources
    from eventwire.store.load import LoadCounts

    if (store is None) == (out is None):
        raise ConfigError("give a store or an --out folder (one of them)")
    t0 = time.perf_counter()
    articles = read_sources(sources, published=published)  # checks paths lazily: fail before the cluster starts
    for s in sources:
        if s != "-" and not Path(s).exists() and not Path(s).is_symlink():  # a broken link: a recorded rejection
            from eventwire.errors import InputError

            raise InputError(f"no such file or folder: {s} (check the path)", path=s)
    local = runner is None and workers is None and scheduler is None
    own_runner = runner is None
    if local:
        runner = LocalRunner(kb_files)
    elif scheduler is not None:
        runner = DaskRunner(scheduler=scheduler, kb_files=kb_files)  # fail early when it cannot be reached
    label = "ingest" + (f" --scheduler {scheduler}" if scheduler else "" if local else f" --workers {workers}")
    try:
        sink = ParquetStoreSink(out) if out is not None else StoreSink(store, sources, label)
    except BaseException:
        if own_runner and runner is not None:
            runner.close()
        raise
    holder: dict[str, Any] = {"runner": runner}

    def get_runner() -> Any:  # a local cluster starts only when a batch needs it (a finished run: never)
        if holder["runner"] is None:
            holder["runner"] = DaskRunner(workers=workers, kb_files=kb_files, processes=processes)
        return holder["runner"]

    version = expected_version(kb_files)
    total, status = LoadCounts(), "failed"
    stats: dict[str, dict[str, Any]] = {}
    pending: deque[_Batch] = deque()
    t_work = time.perf_counter()

    def window() -> int:
        r = holder["runner"]
        return in_flight or 2 * (r.workers if r is not None else workers or 1)

    clock = {"wait": 0.0, "write": 0.0}  # where the client's time goes (the rest: reading and sending)

    def drain() -> None:
        b = pending.popleft()
        t = time.perf_counter()
        anns, st = holder["runner"].result(b.handle) if b.handle is not None else ([], [])
        clock["wait"] += time.perf_counter() - t
        for s in st:
            w = stats.setdefault(s["worker"], {"batches": 0, "articles": 0, "seconds": 0.0, "max_rss_mb": 0.0})
            w["batches"] += 1
            w["articles"] += s["articles"]
            w["seconds"] += s["seconds"]
            w["max_rss_mb"] = max(w["max_rss_mb"], s["max_rss_mb"])
        merged, skipped = _merge(b, anns)
        total.read += skipped
        total.duplicate += skipped
        if merged:
            t = time.perf_counter()
            sink.write(merged, total)
            clock["write"] += time.perf_counter() - t
        if progress:
            progress(total)

    try:
        for b in _batches(articles, batch_size, sink, version, set()):
            if b.send:
                b.handle = get_runner().submit(b.send)
            pending.append(b)
            while len(pending) >= window():
                drain()
        while pending:
            drain()
        status = "done"
    except EventwireError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - a task that failed on a worker: stop with a clear message
        raise EventwireError(f"ingest stopped: {type(exc).__name__}: {exc} (run the same command again to "
                             f"resume)") from exc
    finally:
        try:
            sink.finish(total, status)
        finally:
            if own_runner and holder["runner"] is not None:
                holder["runner"].close()
    r = holder["runner"]
    summary = total.to_dict()
    summary.update(run=getattr(sink, "run_id", None), seconds=round(time.perf_counter() - t0, 3),
                   work_seconds=round(time.perf_counter() - t_work, 3), mode="local" if local else "dask",
                   workers=r.workers if r is not None else 0,
                   startup_seconds=round(getattr(r, "startup_seconds", 0.0), 3), worker_stats=stats,
                   client_seconds={"waiting": round(clock["wait"], 3), "writing": round(clock["write"], 3),
                                   "reading_and_sending": round(time.perf_counter() - t_work - clock["wait"]
                                                                - clock["write"], 3)})
    if out is not None:
        summary["out"] = str(out)
    return summary
