"""Annotated articles -> a Parquet data set partitioned by publication month, written atomically, resumable.

    OUT/articles/published_month=2024-12/part-<run>-<seq>.parquet    one row per stored article (+ full JSON)
    OUT/events/published_month=2024-12/part-<run>-<seq>.parquet      one row per event, flattened
    OUT/rejections/part-<run>-<seq>.parquet                          one row per refused input
    OUT/_manifest.jsonl                                              one line per committed part: its files, ids

Read it with `pyarrow.dataset.dataset("OUT/events", partitioning="hive")` or
`pandas.read_parquet("OUT/events")`; articles without a date are under `published_month=unknown`.

Commit protocol (a run that is killed at any point resumes with nothing lost and nothing twice):
1. every file of a part is written under `OUT/_staging/<part>/` and fsynced;
2. one line naming the part, its files and its article ids is appended to `_manifest.jsonl` and fsynced:
   this is the commit point;
3. the staged files are renamed into their partitions (atomic renames in one file system).
On opening, staged parts that the manifest names are moved into place (roll forward), staged parts it does not
name are deleted (roll back), and a torn last manifest line is dropped. The ids of the manifest are the articles
already written: the driver skips them before annotating.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from eventwire.errors import ConfigError
from eventwire.records import AnnotatedArticle

STAGE = "eventwire.scale.parquet.v1"
MANIFEST = "_manifest.jsonl"
STAGING = "_staging"


# the columns of the events table, in order (one row per event of an annotation: `event_rows`)
EVENT_COLUMNS = (
    "article_id", "id", "type", "mode", "context", "cameo", "acled_event_type", "acled_sub_event_type",
    "source_ids", "sources", "target_ids", "targets", "place", "geonames_id", "country", "admin1", "lat", "lon",
    "date_value", "date_precision", "date_earliest", "date_latest", "day", "fatalities", "status", "claimants",
    "confidence", "trigger", "evidence", "evidence_start", "evidence_end", "published", "outlet", "url",
    "pipeline_version",
)


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    from eventwire.arrow_types import SHARED_EVENT_COLUMNS, schema

    s, i = pa.string(), pa.int64()
    ls = pa.list_(pa.string())
    own = {name: s for name in EVENT_COLUMNS if name not in SHARED_EVENT_COLUMNS}
    own.update({"source_ids": ls, "sources": ls, "target_ids": ls, "targets": ls, "claimants": ls,
                "geonames_id": i})
    return {
        "articles": pa.schema([
            ("id", s), ("source_id", s), ("url", s), ("title", s), ("outlet", s), ("byline", s), ("published", s),
            ("language", s), ("text", s), ("pipeline_version", s), ("n_events", i), ("annotation", s),
        ]),
        "events": schema(EVENT_COLUMNS, own),
        "rejections": pa.schema([
            ("article_id", s), ("reason", s), ("detail", s), ("source_id", s), ("url", s), ("title", s),
        ]),
    }


def month_of(published: str | None) -> str:
    return published[:7] if published and len(published) >= 7 and published[4] == "-" else "unknown"


def article_row(ann: AnnotatedArticle, version: str) -> dict[str, Any]:
    a = ann.article
    return {"id": a.id, "source_id": a.source_id, "url": a.url, "title": a.title, "outlet": a.outlet,
            "byline": a.byline, "published": a.published, "language": a.language, "text": a.text,
            "pipeline_version": version, "n_events": len(ann.events),
            "annotation": json.dumps(ann.to_dict(), ensure_ascii=False)}


def event_rows(ann: AnnotatedArticle, version: str) -> list[dict[str, Any]]:
    a = ann.article
    rows = []
    for ev in ann.events:
        loc, date = ev.location, ev.date
        rows.append({
            "article_id": a.id, "id": ev.id, "type": ev.type, "mode": ev.mode, "context": list(ev.context),
            "cameo": ev.cameo, "acled_event_type": (ev.acled or {}).get("event_type"),
            "acled_sub_event_type": (ev.acled or {}).get("sub_event_type"),
            "source_ids": [x.id for x in ev.sources], "sources": [x.name or x.text for x in ev.sources],
            "target_ids": [x.id for x in ev.targets], "targets": [x.name or x.text for x in ev.targets],
            "place": loc.name if loc else None, "geonames_id": loc.geonames_id if loc else None,
            "country": loc.country if loc else None, "admin1": loc.admin1 if loc else None,
            "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
            "date_value": date.value if date else None, "date_precision": date.precision if date else None,
            "date_earliest": date.earliest if date else None, "date_latest": date.latest if date else None,
            "day": ((date.earliest or date.latest) if date else None) or (a.published or None),
            "fatalities": ev.fatalities, "status": ev.attribution.status,
            "claimants": [f"{c.text} ({c.kind})" for c in ev.attribution.claimants],
            "confidence": round(ev.confidence, 3), "trigger": ev.trigger, "evidence": ev.evidence.sentence,
            "evidence_start": ev.evidence.start, "evidence_end": ev.evidence.end, "published": a.published,
            "outlet": a.outlet, "url": a.url, "pipeline_version": version,
        })
    return rows


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _lock(out: Path) -> Any:
    """One writer per data set: an exclusive lock on OUT/.lock, held while the sink lives."""
    fh = (out / ".lock").open("a+b")
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX: no lock
        return fh
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise ConfigError(f"--out {out}: another eventwire run is writing there") from None
    return fh


class ParquetSink:
    """Writes parts of annotated articles under `out`; `known` holds the ids of every committed part."""

    def __init__(self, out: str | os.PathLike[str]) -> None:
        self.out = Path(out)
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            probe = self.out / f".probe-{uuid.uuid4().hex}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise ConfigError(f"--out {self.out}: cannot write there ({exc.strerror or exc})") from exc
        self._lock = _lock(self.out)
        self.manifest = self.out / MANIFEST
        self.run = uuid.uuid4().hex[:12]
        self.seq = 0
        self.known: set[str] = set()
        self._recover()

    def close(self) -> None:
        if self._lock is not None:
            self._lock.close()  # releases the lock
            self._lock = None

    # ------------------------------------------------------------------------------------------ recovery
    def _entries(self) -> list[dict[str, Any]]:
        if not self.manifest.exists():
            return []
        entries, good_bytes = [], 0
        with self.manifest.open("rb") as fh:
            for line in fh:
                if not line.endswith(b"\n"):
                    break  # torn last line: never committed
                try:
                    entries.append(json.loads(line))
                except ValueError:
                    break
                good_bytes += len(line)
        if good_bytes != self.manifest.stat().st_size:  # drop the torn tail so later appends stay well formed
            with self.manifest.open("r+b") as fh:
                fh.truncate(good_bytes)
                fh.flush()
                os.fsync(fh.fileno())
        return entries

    def _recover(self) -> None:
        entries = self._entries()
        committed = {e["part"]: e for e in entries}
        staging = self.out / STAGING
        if staging.exists():
            for part_dir in sorted(staging.iterdir()):
                entry = committed.get(part_dir.name)
                if entry is None:
                    shutil.rmtree(part_dir, ignore_errors=True)  # never committed: roll back
                else:
                    self._publish(part_dir, entry["files"])  # committed but not moved yet: roll forward
        for e in entries:
            self.known.update(e.get("ids", ()))

    # ------------------------------------------------------------------------------------------ writing
    def _publish(self, part_dir: Path, files: list[str]) -> None:
        for rel in files:
            src = part_dir / rel
            dst = self.out / rel
            if src.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dst)
                _fsync_dir(dst.parent)
        shutil.rmtree(part_dir, ignore_errors=True)

    def write(self, anns: Iterable[AnnotatedArticle], version_of: Any) -> dict[str, int]:
        """Write one part (a batch) and commit it. Articles already in the data set are skipped.
        `version_of(ann)` gives the pipeline version string. Returns counts: new, duplicate, events, and rejected
        (a Counter of reason codes)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        schemas = _schemas()
        tables: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
        ids: list[str] = []
        counts: dict[str, Any] = {"new": 0, "duplicate": 0, "rejected": Counter(), "events": 0}
        for ann in anns:
            a = ann.article
            if a.id in self.known or a.id in ids:
                counts["duplicate"] += 1
                continue
            ids.append(a.id)
            if a.rejected:
                code = a.rejected.split(":", 1)[0].strip() or "unknown"
                counts["rejected"][code] += 1
                tables.setdefault(("rejections", None), []).append(
                    {"article_id": a.id, "reason": code, "detail": a.rejected,
                     "source_id": a.source_id, "url": a.url, "title": a.title})
                continue
            counts["new"] += 1
            version = version_of(ann)
            month = month_of(a.published)
            tables.setdefault(("articles", month), []).append(article_row(ann, version))
            evs = event_rows(ann, version)
            counts["events"] += len(evs)
            if evs:
                tables.setdefault(("events", month), []).extend(evs)
        if not ids:
            return counts
        self.seq += 1
        part = f"part-{self.run}-{self.seq:06d}"
        part_dir = self.out / STAGING / part
        part_dir.mkdir(parents=True, exist_ok=True)
        files = []
        for (name, month), rows in sorted(tables.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
            rel = f"{name}/{part}.parquet" if month is None else f"{name}/published_month={month}/{part}.parquet"
            path = part_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.Table.from_pylist(rows, schema=schemas[name]), path, compression="zstd")
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
            files.append(rel)
        line = json.dumps({"part": part, "files": files, "ids": ids}, separators=(",", ":")) + "\n"
        with self.manifest.open("ab") as fh:  # the commit point
            fh.write(line.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        self.known.update(ids)
        self._publish(part_dir, files)
        return counts
