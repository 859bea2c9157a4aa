"""The event store: annotated articles in SQLite (SQLAlchemy 2 Core), loaded idempotently, queried with filters.

    import eventwire
    with eventwire.open("events.db") as store:        # None: $EVENTWIRE_DB, else the user data dir
        store.ingest(["articles/"])                    # read, annotate, store (or store.load(annotated))
        store.events(type="ASSAULT", country="SYR", since="2024-12-01")   # lists of dicts
        store.actors(actor="Hezbollah"); store.articles(search="Aleppo offensive")
        store.incidents(country="SYR", min_sources=2)  # happenings reported by two outlets or more

Layout: `db` (where the store lives, engine, write transactions with retry), `schema` (tables),
`migrations` (numbered steps), `load` (idempotent loading, the ingest loop), `queries` (filters).
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterable, Sequence, TypeVar

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from eventwire.errors import ConfigError
from eventwire.records import AnnotatedArticle
from eventwire.store import db as _db
from eventwire.store import load as _load
from eventwire.store import migrations, queries
from eventwire.store import schema as S
from eventwire.store.db import resolve_url

T = TypeVar("T")

__all__ = ["Store", "open", "resolve_url"]


class Store:
    """One store (a SQLite file or a PostgreSQL database). Safe to use from several processes at once."""

    def __init__(self, db: str | os.PathLike[str] | None = None, *, create: bool = True) -> None:
        self.url = resolve_url(db)
        self.path = _db.display(self.url)
        self.backend = self.url.get_backend_name()  # sqlite | postgresql
        if not create and self.backend == "sqlite" and not os.path.exists(self.path):
            raise ConfigError(f"no store at {self.path} (run `eventwire ingest SOURCE --db {self.path}` first)")
        self.engine = _db.make_engine(self.url)
        try:
            if not create and self.backend != "sqlite" and not self.read(migrations.current_version):
                raise ConfigError(f"no store at {self.path} (run `eventwire ingest SOURCE --db URL` first)")
            self.migrated = self.write(migrations.apply)
            if 3 in self.migrated:  # incidents are new in this database: group the events it already holds
                from eventwire import corroborate

                self.write(corroborate.rebuild)
            with self.engine.connect() as conn:
                # how `search` runs: FTS5 (SQLite), tsvector (PostgreSQL), or "" (LIKE, slower)
                if self.backend == "postgresql":
                    self.fts = "tsvector"
                else:
                    self.fts = "fts5" if inspect(conn).has_table("articles_fts") else ""
        except OperationalError as exc:
            self.engine.dispose()
            raise ConfigError(f"cannot open the store {self.path}: {exc.orig}") from exc
        except ConfigError:
            self.engine.dispose()
            raise
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise ConfigError(f"cannot open the store {self.path}: {getattr(exc, 'orig', None) or exc}") from exc

    # ------------------------------------------------------------------ plumbing
    def write(self, fn: Callable[[Connection], T]) -> T:
        """Run `fn(conn)` in one write transaction, retried while the database is locked."""
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

    def ingest(self, sources: Sequence[str], **kw: Any) -> dict[str, Any]:
        """Read, annotate and store `sources` (files, folders, JSONL), a transaction per batch. See load.ingest.
        Annotations already made (`eventwire.extract(...)`) are stored as they are, as by `load`."""
        if isinstance(sources, (str, os.PathLike)):
            sources = [sources]
        items = list(sources)
        if items and all(isinstance(a, AnnotatedArticle) for a in items):
            return self.load(items)
        if any(not isinstance(a, (str, os.PathLike)) for a in items):
            from eventwire.errors import InputError

            raise InputError("Store.ingest takes paths (files, folders, JSONL) or annotations made by "
                             "eventwire.extract, not a mix or other objects")
        return _load.ingest(self, [str(a) for a in items], **kw)

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

    def rebuild_incidents(self) -> dict[str, int]:
        """Recompute every incident from the stored events (see eventwire.corroborate)."""
        from eventwire import corroborate

        return self.write(corroborate.rebuild)

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


def open(db: str | os.PathLike[str] | None = None, *, create: bool = True) -> Store:  # noqa: A001
    """Open (and create or migrate) the store: `db` is a SQLAlchemy URL or a file path; None: $EVENTWIRE_DB,
    then `platformdirs.user_data_dir("eventwire")/eventwire.db`."""
    return Store(db, create=create)
