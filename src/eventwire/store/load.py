"""Idempotent loading of annotated articles, and the run rows around them (`LoadRun`: start, load, finish).

An article's id is the hash of its canonical text. For each annotated article, inside one write transaction:
- rejected: one row in `rejections` by id (the first reason seen is kept), counted by reason code;
- stored by the same pipeline version: nothing changes (a duplicate);
- stored by another pipeline version: its rows are replaced (re-annotated), all in the same transaction;
- otherwise: new rows.
Then the article's events are matched into incidents (`eventwire.corroborate`), in the same transaction; a
re-annotated article first leaves its incidents, whose other reports are matched again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import and_, delete, func, insert, not_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from eventwire.records import Actor, AnnotatedArticle, Article, Place
from eventwire.store import schema as S

log = logging.getLogger(__name__)


def version_of(ann: AnnotatedArticle) -> str:
    """The version of the pipeline that made an annotation (`eventwire.version`); an annotation built by hand
    without one is known by its versioned stage names, in order."""
    return ann.pipeline_version or ",".join(ann.stages)


def reason_code(reason: str) -> str:
    """'stage_error: ...' -> 'stage_error'; 'not_english' -> 'not_english'."""
    return reason.split(":", 1)[0].strip() or "unknown"


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass
class LoadCounts:
    read: int = 0
    new: int = 0
    duplicate: int = 0
    reannotated: int = 0
    rejected: Counter = field(default_factory=Counter)  # reason code -> n
    events: int = 0  # events written by this load (new + re-annotated articles)
    incidents: int = 0  # incidents created by this load (net of those dissolved by re-annotation)
    corroborated: int = 0  # events that joined an incident of another article
    bad_published: int = 0  # stored articles whose input gave a publication date that is no date (published_raw)

    def add(self, other: "LoadCounts") -> None:
        self.read += other.read
        self.new += other.new
        self.duplicate += other.duplicate
        self.reannotated += other.reannotated
        self.rejected.update(other.rejected)
        self.events += other.events
        self.incidents += other.incidents
        self.corroborated += other.corroborated
        self.bad_published += other.bad_published

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "new": self.new, "duplicate": self.duplicate, "reannotated": self.reannotated,
                "rejected": dict(sorted(self.rejected.items())), "rejected_total": sum(self.rejected.values()),
                "events": self.events, "incidents": self.incidents, "corroborated": self.corroborated,
                "bad_published": self.bad_published}


def place_id(p: Place) -> str:
    if p.geonames_id is not None:
        return f"gn:{p.geonames_id}"
    if p.feature == "street" and p.lat is not None and p.lon is not None:
        # a street is placed at its article's town: "Main Street" of one town is not another town's
        return f"x:{p.name}|{p.country or ''}|{p.lat:.3f},{p.lon:.3f}"
    return f"x:{p.name}|{p.country or ''}"


def upsert(conn: Connection, table: Any) -> Any:
    """INSERT ... ON CONFLICT for the connection's database (SQLite and PostgreSQL spell it alike)."""
    return (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)


def load_batch(conn: Connection, anns: Iterable[AnnotatedArticle], *, run_id: int | None = None,
               version: str | None = None, fts: str | bool = "") -> LoadCounts:
    """Write a batch inside the caller's (write) transaction. `version` overrides the pipeline version.
    The new events are matched into incidents (`eventwire.corroborate`) in the same transaction."""
    from eventwire import corroborate

    counts = LoadCounts()
    touched: list[int] = []  # incidents changed by this batch
    stamp = now()
    for ann in anns:
        counts.read += 1
        art = ann.article
        ver = version or version_of(ann)
        if art.rejected:
            _reject(conn, art, art.rejected, ver, run_id, stamp, counts)
            continue
        mark = len(touched)
        part = LoadCounts()
        savepoint = conn.begin_nested()  # one article's rows stand or fall together; the batch goes on
        try:
            _load_one(conn, ann, ver, run_id, stamp, fts, part, touched)
            savepoint.commit()
        except Exception as exc:  # noqa: BLE001 - a value the database refuses must not lose the batch
            if not _article_fault(exc):
                raise  # a locked database (retried by the caller), a full disk, a read-only store: not the article's
            savepoint.rollback()
            corroborate.forget(conn)  # its events' numbers are free again
            del touched[mark:]
            log.warning("article %s refused by the store: %s", art.id, exc)
            reason = f"store_error: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:300]}"
            _reject(conn, art, reason, ver, run_id, stamp, counts)
            continue
        if art.published_raw is not None and (part.new or part.reannotated):  # a duplicate was counted before
            part.bad_published += 1
            log.info("article %s (%s): its publication date %r is no date; stored %s", art.id[:12],
                        art.source_id or art.url or "no id", art.published_raw,
                        f"as {art.published}" if art.published else "without one")
        counts.add(part)  # `part` counted no read: the loop did
    for iid in dict.fromkeys(touched):  # once per incident and batch
        corroborate.refresh(conn, iid)
    from eventwire.store import hooks

    hooks.after_batch(conn, touched, run_id)  # e.g. the alerts of eventwire.alerts, in this transaction
    return counts


def _article_fault(exc: BaseException) -> bool:
    """True when the database refused this article's values (a number out of range, a bad character), false for a
    fault of the store itself: a lock, a full disk, a read-only file, a lost connection."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    from eventwire.store.db import is_locked

    if is_locked(exc) or isinstance(exc, (OperationalError, MemoryError)):
        return False
    if isinstance(exc, DBAPIError):
        return not exc.connection_invalidated
    exc = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps what the driver raised before running
    return isinstance(exc, (OverflowError, ValueError, TypeError, UnicodeError))


def _reject(conn: Connection, art: Article, reason: str, ver: str, run_id: int | None, stamp: str,
            counts: LoadCounts) -> None:
    code = reason_code(reason)
    counts.rejected[code] += 1
    conn.execute(upsert(conn, S.rejections).values(
        article_id=art.id, reason=code, detail=reason, source_id=art.source_id, url=art.url,
        title=art.title, pipeline_version=ver, run_id=run_id, first_seen=stamp,
    ).on_conflict_do_nothing(index_elements=["article_id"]))


def _load_one(conn: Connection, ann: AnnotatedArticle, ver: str, run_id: int | None, stamp: str,
              fts: str | bool, counts: LoadCounts, touched: list[int]) -> None:
    """Write one accepted article (new, re-annotated or a duplicate) and match its events into incidents."""
    from eventwire import corroborate

    art = ann.article
    row = conn.execute(select(S.articles.c.pipeline_version, S.articles.c.docno)
                       .where(S.articles.c.id == art.id)).first()
    if row is not None and row.pipeline_version == ver:
        counts.duplicate += 1  # the same text again; another outlet carrying it is noted (one source, not two)
        touched.extend(corroborate.add_carrier(conn, art.id, art.outlet, art.url, art.source_id, stamp))
        return
    rematch: list[int] = []
    if row is not None:
        before = conn.execute(select(func.count()).select_from(S.incidents)).scalar_one()
        rematch = corroborate.detach(conn, art.id)
        counts.incidents -= before - conn.execute(select(func.count()).select_from(S.incidents)).scalar_one()
        _delete_children(conn, art.id, row.docno, fts)
        docno = row.docno
        counts.reannotated += 1
    else:
        docno = conn.execute(select(func.coalesce(func.max(S.articles.c.docno), 0) + 1)).scalar_one()
        counts.new += 1
    _write_article(conn, ann, ver, docno, run_id, stamp, exists=row is not None)
    if fts == "fts5":  # PostgreSQL's tsvector is a generated column: nothing to write
        conn.exec_driver_sql("INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
                             (docno, art.title or "", art.text))
    # an earlier pipeline version may have refused this very text (a stage error): it is stored now
    conn.execute(delete(S.rejections).where(S.rejections.c.article_id == art.id))
    counts.events += len(ann.events)
    got = corroborate.assign(conn, rematch, touched=touched)
    counts.incidents += got["incidents"]
    got = corroborate.assign_article(conn, art.id, touched=touched)
    counts.incidents += got["incidents"]
    counts.corroborated += got["corroborated"]


def _delete_children(conn: Connection, article_id: str, docno: int, fts: str | bool) -> None:
    ev_pks = select(S.events.c.pk).where(S.events.c.article_id == article_id)
    conn.execute(delete(S.incident_reports).where(S.incident_reports.c.article_id == article_id))
    conn.execute(delete(S.event_actors).where(S.event_actors.c.event_pk.in_(ev_pks)))
    conn.execute(delete(S.claimants).where(S.claimants.c.event_pk.in_(ev_pks)))
    conn.execute(delete(S.events).where(S.events.c.article_id == article_id))
    conn.execute(delete(S.relations).where(S.relations.c.article_id == article_id))
    conn.execute(delete(S.mentions).where(S.mentions.c.article_id == article_id))
    if fts == "fts5":
        conn.exec_driver_sql("DELETE FROM articles_fts WHERE rowid = ?", (docno,))


# An actor id's stored row is the best of every row the articles gave it (`_actor_rank`): a knowledge-base entry's
# ("Syrian Arab Army") before one typed from context ("army (Syria)", which the events stage makes of "the army" in
# a story about Syria), then the first in sort order of name, country, sector, kind, affiliations. The best of a set
# is the same in any order, so the name no longer depends on the order articles were loaded in (it was the last
# written); the test costs one comparison in the upsert, whatever the size of the store. A knowledge base gives its
# id one row, so a knowledge-base row always replaces the stored one: a renamed entry lands on re-annotation.
_RANKED = ("name", "country", "sector", "kind", "affiliations")
_SEP = "\x1f"  # below every printable character: the joined columns sort as the tuple of them does


def _actor_rank(row: dict[str, Any]) -> tuple[bool, str]:
    return (not row["known"], _SEP.join("" if row[c] is None else str(row[c]) for c in _RANKED))


def _upsert_actors(conn: Connection, actors: Iterable[Actor]) -> None:
    rows: dict[str, dict[str, Any]] = {}
    for a in actors:
        row = {"id": a.id, "name": a.name or a.text, "country": a.country, "sector": a.sector,
               "kind": a.kind, "known": bool(a.known), "affiliations": json.dumps(list(a.affiliations))}
        if a.id not in rows or _actor_rank(row) < _actor_rank(rows[a.id]):
            rows[a.id] = row
    if not rows:
        return
    stmt = upsert(conn, S.actors)
    new, old = stmt.excluded, S.actors.c

    def joined(t):
        out = func.coalesce(getattr(t, _RANKED[0]), "")
        for c in _RANKED[1:]:
            out = out.concat(_SEP).concat(func.coalesce(getattr(t, c), ""))
        # byte order on both databases, as Python's str order (PostgreSQL's default collation may differ)
        return out.collate("C") if conn.dialect.name == "postgresql" else out

    old_known, new_known = func.coalesce(old.known, False), func.coalesce(new.known, False)
    # a knowledge-base row replaces any (the newest knowledge base's word on its own id: one name per version); a
    # row typed from context replaces only another such row that sorts after it
    better = or_(new_known, and_(not_(old_known), joined(new) < joined(old)))
    stmt = stmt.on_conflict_do_update(index_elements=["id"], set_={c: new[c] for c in (*_RANKED, "known")},
                                      where=better)
    conn.execute(stmt, list(rows.values()))


def _upsert_places(conn: Connection, places: Iterable[Place]) -> None:
    rows = {}
    for p in places:
        rows[place_id(p)] = {"id": place_id(p), "geonames_id": p.geonames_id, "name": p.name, "country": p.country,
                             "admin1": p.admin1, "lat": p.lat, "lon": p.lon, "feature": p.feature,
                             "population": p.population}
    if rows:
        conn.execute(upsert(conn, S.places).on_conflict_do_nothing(index_elements=["id"]), list(rows.values()))


# The integer columns hold 32-bit values on PostgreSQL (INTEGER) and 64-bit on SQLite: every count read from a
# text must fit the narrower one, whichever store is used.
MAX_STORED_INT = 2**31 - 1


def _bounded_counts(ann: AnnotatedArticle) -> None:
    """Counts read from the text that no integer column can hold ("killed 10000000000000000000000 people") are
    stored as unknown, and the article says so in its warnings; the figure stays in the event's quantities."""
    for ev in ann.events:
        if ev.fatalities is not None and not 0 <= ev.fatalities <= MAX_STORED_INT:
            ann.warnings.append(f"out_of_range: event {ev.id} fatalities {ev.fatalities} stored as unknown")
            ev.fatalities = None
        for c in ev.attribution.claimants:
            if c.count is not None and not 0 <= c.count <= MAX_STORED_INT:
                ann.warnings.append(f"out_of_range: claimant count {c.count} stored as unknown")
                c.count = None


def _write_article(conn: Connection, ann: AnnotatedArticle, ver: str, docno: int, run_id: int | None,
                   stamp: str, *, exists: bool) -> None:
    art = ann.article
    _bounded_counts(ann)
    values = {
        "source_id": art.source_id, "url": art.url, "title": art.title, "outlet": art.outlet,
        "byline": art.byline, "published": (art.published or None) and art.published[:10],
        "language": art.language, "text": art.text, "pipeline_version": ver, "stages": json.dumps(list(ann.stages)),
        "run_id": run_id, "loaded_at": stamp, "n_events": len(ann.events),
        "data": json.dumps(ann.to_dict(), ensure_ascii=False),
    }
    if exists:
        conn.execute(update(S.articles).where(S.articles.c.id == art.id).values(**values))
    else:
        conn.execute(insert(S.articles).values(id=art.id, docno=docno, **values))

    all_actors = list(ann.actors) + [a for e in ann.events for a in (*e.sources, *e.targets)]
    _upsert_actors(conn, all_actors)
    # the mentions last: a place keeps its own point; an event may be drawn elsewhere (a province's seat)
    all_places = [e.location for e in ann.events if e.location is not None] + list(ann.places)
    _upsert_places(conn, all_places)

    mention_rows = [
        *({"kind": "actor", "ref": a.id, "text": a.text, "start": a.start, "end": a.end, "stage": a.stage}
          for a in ann.actors),
        *({"kind": "place", "ref": place_id(p), "text": p.text, "start": p.start, "end": p.end, "stage": p.stage}
          for p in ann.places),
        *({"kind": "time", "ref": t.value, "text": t.text, "start": t.start, "end": t.end, "stage": t.stage}
          for t in ann.times),
    ]
    positions: Counter = Counter()
    for m in mention_rows:
        m["article_id"] = art.id
        m["position"] = positions[m["kind"]]
        positions[m["kind"]] += 1
    if mention_rows:
        conn.execute(insert(S.mentions), mention_rows)

    published = (art.published or None) and art.published[:10]
    for ev in ann.events:
        loc, date = ev.location, ev.date
        pk = conn.execute(insert(S.events).values(
            id=ev.id, article_id=art.id, type=ev.type, mode=ev.mode, context=json.dumps(list(ev.context)),
            cameo=ev.cameo, acled_event_type=(ev.acled or {}).get("event_type"),
            acled_sub_event_type=(ev.acled or {}).get("sub_event_type"),
            place_id=place_id(loc) if loc else None, country=loc.country if loc else None,
            lat=loc.lat if loc else None, lon=loc.lon if loc else None,
            date_value=date.value if date else None, date_precision=date.precision if date else None,
            date_earliest=date.earliest if date else None, date_latest=date.latest if date else None,
            day=((date.earliest or date.latest) if date else None) or published,
            fatalities=ev.fatalities, quantities=json.dumps([q.to_dict() for q in ev.quantities]),
            status=ev.attribution.status, cue=ev.attribution.cue, confidence=round(ev.confidence, 3),
            trigger=ev.trigger, evidence=ev.evidence.sentence, evidence_start=ev.evidence.start,
            evidence_end=ev.evidence.end, stage=ev.stage, pipeline_version=ver,
        ).returning(S.events.c.pk)).scalar_one()
        roles = [{"event_pk": pk, "role": role, "position": i, "actor_id": a.id, "text": a.text, "start": a.start,
                  "end": a.end}
                 for role, group in (("source", ev.sources), ("target", ev.targets)) for i, a in enumerate(group)]
        if roles:
            conn.execute(insert(S.event_actors), roles)
        cl = [{"event_pk": pk, "position": i, "text": c.text, "kind": c.kind, "count": c.count,
               "actor_id": c.actor, "start": c.start, "end": c.end}
              for i, c in enumerate(ev.attribution.claimants)]
        if cl:
            conn.execute(insert(S.claimants), cl)
    rel = [{"article_id": art.id, "kind": r.kind, "a": r.a, "b": r.b, "a_name": r.a_name, "b_name": r.b_name,
            "evidence": r.evidence.sentence, "evidence_start": r.evidence.start, "evidence_end": r.evidence.end,
            "stage": r.stage} for r in ann.relations]
    if rel:
        conn.execute(insert(S.relations), rel)


# ---------------------------------------------------------------------------------------------------- runs


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or a platform that cannot tell: assume it runs
    return True


def close_dead_runs(conn: Connection) -> int:
    """Mark as `interrupted` the runs this host started whose process is gone (killed, or the machine stopped):
    a killed run must not stay `running` for ever. Runs of other hosts are left alone (their processes cannot be
    seen from here). Returns how many were closed."""
    host = socket.gethostname()
    r = S.runs.c
    dead = [rid for rid, pid in conn.execute(select(r.id, r.pid).where(r.status == "running", r.host == host))
            if pid is None or (pid != os.getpid() and not _pid_alive(pid))]
    if dead:
        conn.execute(update(S.runs).where(r.id.in_(dead)).values(status="interrupted"))
    return len(dead)


def start_run(conn: Connection, command: str, sources: Sequence[str]) -> int:
    from eventwire.about import __version__

    close_dead_runs(conn)
    return conn.execute(insert(S.runs).values(
        started_at=now(), command=command, sources=json.dumps(list(sources)), eventwire_version=__version__,
        host=socket.gethostname(), pid=os.getpid(), status="running",
    ).returning(S.runs.c.id)).scalar_one()


def finish_run(conn: Connection, run_id: int, counts: LoadCounts, versions: Counter, status: str) -> None:
    conn.execute(update(S.runs).where(S.runs.c.id == run_id).values(
        finished_at=now(), counts=json.dumps(counts.to_dict()), status=status,
        pipeline_version=versions.most_common(1)[0][0] if versions else None,
    ))


class LoadRun:
    """One run row around the batches it loads: start the run, load each batch in its own write transaction,
    finish the run with its counts (what `ingest`, `watch`, the Dask scale-out and the HTTP API all do).

        with LoadRun(store, "ingest", sources) as run:
            run.load(annotations)                      # a LoadCounts; run.total adds them up
        run.id, run.total, run.versions

    The run ends `done` when the block ends normally and `failed` when it raises; the batches already loaded
    stay. `load(..., also=fn)` runs `fn(conn)` in the batch's transaction (watch marks its feed items)."""

    def __init__(self, store: Any, command: str, sources: Sequence[str]) -> None:
        self.store = store
        self.id: int = store.write(lambda c: start_run(c, command, list(sources)))
        self.total = LoadCounts()
        self.versions: Counter = Counter()  # pipeline version -> accepted articles
        self.status: str | None = None

    def load(self, anns: Iterable[AnnotatedArticle], *,
             also: Callable[[Connection], Any] | None = None) -> LoadCounts:
        anns = list(anns)
        for ann in anns:
            if not ann.rejected:
                self.versions[version_of(ann)] += 1

        def write(conn: Connection) -> LoadCounts:
            got = load_batch(conn, anns, run_id=self.id, fts=self.store.fts)
            if also is not None:
                also(conn)
            return got

        got = self.store.write(write)
        self.total.add(got)
        return got

    def finish(self, status: str = "done", total: LoadCounts | None = None) -> None:
        """Close the run row (once): `total` replaces the counts this run added up (the Dask client counts
        the articles it skipped too)."""
        if self.status is not None:
            return
        self.status = status
        counts = total if total is not None else self.total
        self.store.write(lambda c: finish_run(c, self.id, counts, self.versions, status))

    def __enter__(self) -> "LoadRun":
        return self

    def __exit__(self, exc_type: Any, *exc: object) -> None:
        self.finish("done" if exc_type is None else "failed")


# a failure of the pipeline or the store, not of the input: tried again by another pipeline version
RETRIED_REJECTIONS = ("stage_error", "internal_error", "store_error", "timeout")


def skip_known(store: Any, ids: Sequence[str], version: str) -> set[str]:
    """The ids an ingest run need not annotate: stored by `version`, or refused, except where the refusal was a
    pipeline failure under another version (that article is tried again, as before resuming skipped anything)."""
    if not ids:
        return set()
    known = store.known_ids(list(ids), version=version)
    if not known:
        return known
    rj = S.rejections.c
    retry: set[str] = set()
    cand = sorted(known)

    def run(conn: Connection) -> None:
        for k in range(0, len(cand), 500):
            q = select(rj.article_id).where(rj.article_id.in_(cand[k:k + 500]), rj.reason.in_(RETRIED_REJECTIONS),
                                            rj.pipeline_version != version)
            retry.update(x for (x,) in conn.execute(q))

    store.read(run)
    return known - retry
