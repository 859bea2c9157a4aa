"""Scale-out: batch ingestion on Dask (a LocalCluster, or a running cluster by address) into the store or a
partitioned Parquet data set, resumable after a crash.

    from eventwire.scale import run
    run(["corpus/"], store=eventwire.open("events.db", create=True), workers=4)  # eventwire ingest corpus/ --workers 4
    run(["cc-news.warc.gz"], out="lake/", scheduler="tcp://10.0.0.5:8786")

Modules: `dask_ingest` (cluster, worker plugin, batching, bounded submission, the driver), `parquet` (the
Parquet sink with its manifest). Nothing here is imported until used: dask is heavy to import.
"""

from __future__ import annotations

from typing import Any

__all__ = ["run"]


def run(sources: Any, **kw: Any) -> dict[str, Any]:
    """See `eventwire.scale.dask_ingest.run`."""
    from eventwire.scale.dask_ingest import run as _run

    return _run(sources, **kw)
