"""Where the store lives and how it is opened: URL resolution, engines, write transactions with retry.

    --db URL | plain path   >   EVENTWIRE_DB   >   platformdirs.user_data_dir("eventwire")/eventwire.db

SQLite (the embedded default) is opened in WAL mode with a busy timeout; every write transaction starts with
BEGIN IMMEDIATE (so two writers queue on the lock instead of failing when a reader upgrades), and a transaction
that still meets "database is locked" is retried with exponential backoff.

PostgreSQL (`postgresql://user@host/db`, driven by psycopg 3): every write transaction first takes one
transaction-scoped advisory lock, so writers queue exactly as they do on SQLite (article numbers and incident
matching need a single writer at a time) while readers go on; deadlocks and serialisation failures are retried.
String lengths in the schema are documentation: PostgreSQL gets unbounded VARCHAR, as SQLite ignores them.
"""

from __future__ import annotations

import logging
import os
import random
import time
from pathlib import Path
from typing import Callable, TypeVar

from sqlalchemy import String, create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.ext.compiler import compiles

from eventwire.errors import ConfigError

log = logging.getLogger(__name__)
T = TypeVar("T")

ENV_VAR = "EVENTWIRE_DB"
BUSY_TIMEOUT_MS = 30_000
RETRIES = 8
WRITER_LOCK = 0x65766E74  # the advisory lock key every PostgreSQL writer takes ("evnt")
POSTGRES_SCHEMES = ("postgresql",)


@compiles(String, "postgresql")
def _pg_string(type_, compiler, **kw):  # noqa: ANN001, ANN202 - lengths are documentation, as on SQLite
    return "VARCHAR"


def is_postgres(url: URL) -> bool:
    return url.get_backend_name() == "postgresql"


def display(url: URL) -> str:
    """Where the store is, for messages: the file path, or the URL without its password."""
    return url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=True)


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("eventwire")) / "eventwire.db"


def resolve_url(db: str | os.PathLike[str] | None = None) -> URL:
    """The store's SQLAlchemy URL: `db` (a URL or a plain file path), else $EVENTWIRE_DB, else the default file.

    SQLite (a path or sqlite:///path) and PostgreSQL (postgresql://..., driven by psycopg 3); any other URL is a
    ConfigError.
    """
    default = False
    if db is None or str(db) == "":
        db = os.environ.get(ENV_VAR) or None
    if db is None:
        db, default = default_path(), True
    raw = os.fspath(db)
    if raw.startswith("postgres://"):  # Heroku-style spelling
        raw = "postgresql://" + raw[len("postgres://"):]
    if "://" in raw:
        try:
            url = make_url(raw)
        except ArgumentError as exc:
            raise ConfigError(f"{raw!r} is not a database URL (use sqlite:///path/to/file.db, a file path, or "
                              "postgresql://user@host/dbname)") from exc
        if url.get_backend_name() in POSTGRES_SCHEMES:
            if url.get_driver_name() not in ("psycopg", "", "psycopg2"):
                raise ConfigError(f"use postgresql://... (driven by psycopg 3), not {url.drivername}")
            if not url.database:
                raise ConfigError(f"{url.render_as_string(hide_password=True)!r} names no database "
                                  "(postgresql://user@host:port/dbname)")
            return url.set(drivername="postgresql+psycopg")
        if url.get_backend_name() != "sqlite":
            raise ConfigError(f"{url.get_backend_name()} is not supported: give --db a file path, "
                              "sqlite:///path/to/file.db or postgresql://user@host/dbname")
        if url.get_driver_name() not in ("pysqlite", ""):
            raise ConfigError(f"use the standard sqlite driver (sqlite:///...), not {url.drivername}")
        if not url.database or url.database == ":memory:":
            raise ConfigError("an in-memory database would be lost at exit: give --db a file path")
        path = Path(url.database).expanduser()
    else:
        path = Path(raw).expanduser()
    path = path.absolute()
    if default:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.parent.is_dir():
        raise ConfigError(f"cannot create the database {path}: folder {path.parent} does not exist")
    return URL.create("sqlite", database=str(path))


def make_engine(url: URL, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    if is_postgres(url):
        return _postgres_engine(url)
    engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys = ON")
        for attempt in range(RETRIES):  # switching to WAL needs a moment of exclusive access
            try:
                cur.execute("PRAGMA journal_mode = WAL")
                break
            except Exception as exc:  # noqa: BLE001 - sqlite3.OperationalError, retried when locked
                if not is_locked(exc) or attempt == RETRIES - 1:
                    raise
                time.sleep(_backoff(attempt))
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("eventwire_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _postgres_engine(url: URL) -> Engine:
    engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10,
                                                                  "application_name": "eventwire"})

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("eventwire_write"):
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK})

    return engine


_PG_RETRY = ("40001", "40P01")  # serialization_failure, deadlock_detected


def is_locked(exc: BaseException) -> bool:
    """A transient conflict worth retrying: SQLite's lock, PostgreSQL's deadlock or serialisation failure."""
    orig = getattr(exc, "orig", None) or exc
    if getattr(orig, "sqlstate", None) in _PG_RETRY:
        return True
    msg = str(orig).lower()
    return "database is locked" in msg or "database is busy" in msg or "database table is locked" in msg


def _backoff(attempt: int) -> float:
    return min(5.0, 0.05 * 2 ** attempt) * (0.5 + random.random())


def write(engine: Engine, fn: Callable[[Connection], T], *, retries: int = RETRIES) -> T:
    """Run `fn(conn)` in one write transaction (BEGIN IMMEDIATE); retry the whole of it when SQLite reports
    the database locked. `fn` must only touch the database (it may run more than once)."""
    for attempt in range(retries):
        try:
            with engine.connect().execution_options(eventwire_write=True) as conn:
                with conn.begin():
                    return fn(conn)
        except (OperationalError, DBAPIError) as exc:
            if not is_locked(exc) or attempt == retries - 1:
                raise
            delay = _backoff(attempt)
            log.info("database locked; retrying in %.2f s (attempt %d)", delay, attempt + 1)
            time.sleep(delay)
    raise AssertionError("unreachable")
