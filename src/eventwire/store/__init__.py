"""The event store: annotated articles in SQLite (SQLAlchemy 2 Core), loaded idempotently, queried with filters.

    import eventwire
    with eventwire.open("events.db", create=True) as store:  # None: $EVENTWIRE_DB, else the user data dir
        eventwire.ingest_sources(store, ["articles/"]) # read, annotate, store (the store runs no extraction)
        store.load(annotated)                          # or store what eventwire.extract made
        store.events(type="ASSAULT", country="SYR", since="2024-12-01")   # lists of dicts
        store.actors(actor="Hezbollah"); store.articles(search="Aleppo offensive")
        store.incidents(country="SYR", min_sources=2)  # happenings reported by two outlets or more

Layout: `db` (where the store lives, engines, read-only opens, write transactions with retry, and what a full
disk or a read-only store becomes: a StoreError), `schema` (tables), `migrations` (numbered steps), `load`
(idempotent loading, and `LoadRun`: a run row around the batches), `queries` (filters).
"""

from __future__ import annotations

import logging
import os
from typing import Any, Callable, Iterable, Sequence, TypeVar

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from eventwire.errors import ConfigError, EventwireError, InputError, StoreError, StoreOpenError
from eventwire.records import AnnotatedArticle
from eventwire.store import db as _db
from eventwire.store import load as _load
from eventwire.store import migrations, queries
from eventwire.store import schema as S
from eventwire.store.db import resolve_url

T = TypeVar("T")
log = logging.getLogger(__name__)

__all__ = ["Store", "open", "resolve_url"]


class Store:
    """One store (a SQLite file or a PostgreSQL database). Safe to use from several processes at once."""

    def __init__(self, db: str | os.PathLike[str] | None = None, *, create: bool = True,
                 readonly: bool = False) -> None:
        """`create=False`: the store must exist. `readonly=True` (what the reading commands use): the store
        must exist and is only read (SQLite `mode=ro`, or `immutable=1` in a folder that cannot be written;
        PostgreSQL READ ONLY transactions); `write` refuses. A schema older than this eventwire's is migrated
        first through a separate writable connection, where the store can be written (else a StoreOpenError)."""
        self.readonly = readonly
        self.immutable = False
        self.migrated: list[int] = []
        self._data_done = False
        if readonly:
            create = False
        self.url = resolve_url(db, create=create)
        self.path = _db.display(self.url)
        self.backend = self.url.get_backend_name()  # sqlite | postgresql
        if not create and self.backend == "sqlite" and not os.path.exists(self.path):
            raise ConfigError(_db.no_store_message(self.path, self.path))
        if readonly and self.backend == "sqlite":
            self.engine, self.immutable = _db.open_readonly_sqlite(self.url)
        else:
            self.engine = _db.make_engine(self.url, readonly=readonly)
        try:
            if not create:
                have = self.read(migrations.current_version)
                if not have:
                    raise ConfigError(_db.no_store_message(self.path, self.path if self.backend == "sqlite"
                                                           else "URL"))
            if readonly and have > migrations.LATEST:
                raise ConfigError(f"this database has schema version {have}, newer than this eventwire knows "
                                  f"({migrations.LATEST}): upgrade eventwire")
            if readonly:
                self.migrated = self._migrate_apart(have) if have < migrations.LATEST else []
            else:
                self.migrated = self._migrate(self.engine)
            with self.engine.connect() as conn:
                # how `search` runs: FTS5 (SQLite), tsvector (PostgreSQL), or "" (LIKE, slower)
                if self.backend == "postgresql":
                    self.fts = "tsvector"
                else:
                    self.fts = "fts5" if inspect(conn).has_table("articles_fts") else ""
        except StoreError as exc:
            self.engine.dispose()
            if isinstance(exc, StoreOpenError):
                raise
            raise StoreOpenError(exc.kind, exc.message, path=exc.path) from exc
        except EventwireError:
            self.engine.dispose()
            raise
        except SQLAlchemyError as exc:
            self.engine.dispose()
            mapped = _db.store_error(exc, self.url, opening=True)
            if mapped is not None:
                raise mapped from exc
            raise ConfigError(f"cannot open the store {self.path}: {getattr(exc, 'orig', None) or exc}") from exc

    def _migrate(self, engine: Any) -> list[int]:
        """Apply the missing schema migrations in one write transaction. The data step some of them call for
        (grouping the stored events into incidents) is not run here: see `upgrade_data`."""
        return _db.write(engine, migrations.apply)

    # migrations after which the stored events are grouped into incidents anew (3: incidents are new; 8: their
    # model changed)
    REGROUP_AFTER = frozenset({3, 8})

    @property
    def data_pending(self) -> bool:
        """True when a schema migration this open applied leaves a data step to run (`upgrade_data`)."""
        return bool(self.REGROUP_AFTER & set(self.migrated)) and not self._data_done

    def upgrade_data(self) -> dict[str, int] | None:
        """Run the data step the schema migrations of this open call for, once: group the stored events into
        incidents after migration 3 or 8. `eventwire.open` and every command run it right after opening;
        `Store(...)` alone only migrates the schema. A read-only store is written through a separate,
        short-lived engine, as its schema migration was. Returns the rebuild's counts, or None (nothing to do)."""
        if not self.data_pending:
            return None
        from eventwire import corroborate

        engine = _db.make_engine(self.url) if self.readonly else self.engine
        try:
            got = _db.write(engine, corroborate.rebuild)
        finally:
            if engine is not self.engine:
                engine.dispose()
        self._data_done = True
        log.info("%s: grouped the stored events into incidents after migrating the schema", self.path)
        return got

    def _migrate_apart(self, have: int) -> list[int]:
        """A read-only open of an older schema: migrate through a separate, short-lived writable engine."""
        writer = _db.make_engine(self.url)
        try:
            done = self._migrate(writer)
        except StoreError as exc:
            why = exc.message
            if exc.kind in ("read_only", "read_only_folder"):
                why = _db.why_read_only(self.path) if self.backend == "sqlite" else "the connection is read-only"
            raise StoreOpenError("schema_outdated", f"the store has schema version {have}, older than this "
                                 f"eventwire reads ({migrations.LATEST}), and it cannot be migrated here ({why}). "
                                 "Migrate it where it can be written (any writing command does, e.g. `eventwire "
                                 "ingest`, or `eventwire events` on a writable copy), or read it with the "
                                 "eventwire that wrote it", path=self.path) from exc
        finally:
            writer.dispose()
        log.info("%s: migrated the schema from version %d to %d before reading it", self.path, have,
                 migrations.LATEST)
        return done

    # ------------------------------------------------------------------ plumbing
    def write(self, fn: Callable[[Connection], T]) -> T:
        """Run `fn(conn)` in one write transaction, retried while the database is locked. A full disk or a
        read-only store raises StoreError (nothing committed before is lost)."""
        if self.readonly:
            raise StoreError("opened_read_only", "the store was opened read-only (as the reading commands open "
                             "it): open it with eventwire.open(PATH) to write", path=self.path)
        return _db.write(self.engine, fn)

    def read(self, fn: Callable[[Connection], T]) -> T:
        with self.engine.connect() as conn:
            with conn.begin():
                return fn(conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    # ------------------------------------------------------------------ writing
    def load(self, anns: Iterable[AnnotatedArticle], *, version: str | None = None) -> dict[str, Any]:
        """Store annotated articles in one transaction (idempotent). `version` overrides the pipeline version
        (by default the pipeline version the annotation carries). Returns the counts."""
        anns = list(anns)
        return self.write(lambda c: _load.load_batch(c, anns, version=version, fts=self.fts)).to_dict()

    def ingest(self, anns: Any) -> dict[str, Any]:
        """Store annotations already made (`eventwire.extract(...)`, one or a list), as `load` does. The store
        runs no extraction: paths (files, folders, JSONL) go through `eventwire.ingest_sources(store, paths)`,
        which reads and annotates them and loads here; anything else is an InputError that says so."""
        items = [anns] if isinstance(anns, (str, os.PathLike, AnnotatedArticle)) else list(anns)
        paths = [a for a in items if isinstance(a, (str, os.PathLike))]
        if paths:
            raise InputError(f"Store.ingest stores annotations only (as store.load does); read and annotate "
                             f"paths ({str(paths[0])!r}) with eventwire.ingest_sources(store, paths), or "
                             "`eventwire ingest PATH` on the command line")
        if any(not isinstance(a, AnnotatedArticle) for a in items):
            raise InputError("Store.ingest takes annotations made by eventwire.extract (AnnotatedArticle), not "
                             f"{type(next(a for a in items if not isinstance(a, AnnotatedArticle))).__name__}: "
                             "store.load([annotation, ...]) stores them, eventwire.ingest_sources(store, paths) "
                             "reads files")
        return self.load(items)

    # ------------------------------------------------------------------ reading
    # Each query returns a list of dicts, or with frame=True a pandas DataFrame (one row per dict).
    def events(self, *, frame: bool = False, **filters: Any) -> Any:
        """Events, newest first. Filters: see eventwire.store.queries (actor, type, country, since, until, status,
        search, near, min_sources, limit, offset)."""
        rows = self.read(lambda c: queries.events(c, self.fts, **filters))
        return _frame(rows, queries.EVENT_COLUMNS) if frame else rows

    def actors(self, *, frame: bool = False, **filters: Any) -> Any:
        rows = self.read(lambda c: queries.actors(c, self.fts, **filters))
        return _frame(rows) if frame else rows

    def articles(self, *, frame: bool = False, **filters: Any) -> Any:
        rows = self.read(lambda c: queries.articles(c, self.fts, **filters))
        return _frame(rows) if frame else rows

    def incidents(self, *, frame: bool = False, **filters: Any) -> Any:
        """Incidents (one happening, every report): filters type, country, since, until, min_sources, near,
        limit, offset."""
        rows = self.read(lambda c: queries.incidents(c, **filters))
        return _frame(rows) if frame else rows

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with its text and whole annotation (key `annotation`), or None."""
        return self.read(lambda c: queries.article(c, article_id))

    def incident(self, incident_id: int) -> dict[str, Any] | None:
        """One incident with every report, or None."""
        rows = self.read(lambda c: queries.incidents(c, id=incident_id))
        return rows[0] if rows else None

    def known_ids(self, ids: Sequence[str], version: str | None = None) -> set[str]:
        """Which of these article ids the store already holds (stored by `version` if given, or rejected)."""
        return self.read(lambda c: queries.known_ids(c, list(ids), version))

    def graph(self, **filters: Any) -> Any:
        """The alliance graph (a networkx.MultiGraph): filters since, until, actor, country. See eventwire.graph."""
        from eventwire.graph import build_graph

        return build_graph(self, **filters)

    def rebuild_incidents(self, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
        """Recompute every incident from the stored events (see eventwire.corroborate), in one transaction;
        `progress(done, total)` hears of the events assigned so far."""
        from eventwire import corroborate

        return self.write(lambda conn: corroborate.rebuild(conn, progress))

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        def run(conn: Connection) -> dict[str, int]:
            return {name: conn.execute(select(func.count()).select_from(S.metadata.tables[name])).scalar_one()
                    for name in S.TABLES}
        return self.read(run)

    def schema_version(self) -> int:
        return self.read(migrations.current_version)

    # ------------------------------------------------------------------ for the HTTP API
    def timeline(self, **filters: Any) -> list[dict[str, Any]]:
        """Events per day and type ({"day", "type", "count"}), counted in SQL; the filters of `events`."""
        return self.read(lambda c: queries.timeline(c, self.fts, **filters))

    def facets(self) -> dict[str, Any]:
        """The countries the stored events happen in, and their first and last day."""
        return self.read(queries.facets)

    def change_token(self) -> tuple[Any, ...]:
        """A cheap value that changes when articles are added or re-annotated (for caches)."""
        return self.read(queries.change_token)


def _frame(rows: list[dict[str, Any]], columns: Sequence[str] | None = None) -> Any:
    """A pandas DataFrame of query rows (lists stay lists; dates stay ISO strings, as stored)."""
    import pandas as pd

    return pd.DataFrame(rows, columns=list(columns) if columns and not rows else None)


def open(db: str | os.PathLike[str] | None = None, *, create: bool = True,  # noqa: A001
         readonly: bool = False) -> Store:
    """Open (and create or migrate) the store: `db` is a SQLAlchemy URL or a file path; None: $EVENTWIRE_DB,
    then `platformdirs.user_data_dir("eventwire")/eventwire.db`. `readonly=True`: an existing store, only read
    (a read-only file, folder or mount works; see Store). Runs the data step of a schema upgrade
    (`Store.upgrade_data`) as its own step after opening."""
    store = Store(db, create=create, readonly=readonly)
    try:
        store.upgrade_data()
    except BaseException:
        store.close()
        raise
    return store
