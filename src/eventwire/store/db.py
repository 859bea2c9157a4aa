"""Where the store lives and how it is opened: URL resolution, the SQLite engine, write transactions with retry.

    --db URL | plain path   >   EVENTWIRE_DB   >   platformdirs.user_data_dir("eventwire")/eventwire.db

SQLite is opened in WAL mode with a busy timeout; every write transaction starts with BEGIN IMMEDIATE (so two
writers queue on the lock instead of failing when a reader upgrades), and a transaction that still meets
"database is locked" is retried with exponential backoff.
"""

from __future__ import annotations

import logging
import os
import random
import time
from pathlib import Path
from typing import Callable, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from eventwire.errors import ConfigError

log = logging.getLogger(__name__)
T = TypeVar("T")

ENV_VAR = "EVENTWIRE_DB"
BUSY_TIMEOUT_MS = 30_000
RETRIES = 8


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("eventwire")) / "eventwire.db"


def resolve_url(db: str | os.PathLike[str] | None = None) -> URL:
    """The store's SQLAlchemy URL: `db` (a URL or a plain file path), else $EVENTWIRE_DB, else the default file.

    Only SQLite is supported in this version (PostgreSQL comes later): any other URL is a ConfigError.
    """
    default = False
    if db is None or str(db) == "":
        db = os.environ.get(ENV_VAR) or None
    if db is None:
        db, default = default_path(), True
    raw = os.fspath(db)
    if "://" in raw:
        try:
            url = make_url(raw)
        except ArgumentError as exc:
            raise ConfigError(f"{raw!r} is not a database URL (use sqlite:///path/to/file.db or a file path)") from exc
        if url.get_backend_name() != "sqlite":
            raise ConfigError(f"{url.get_backend_name()} is not supported yet: this version stores to SQLite only "
                              "(give --db a file path or sqlite:///path/to/file.db)")
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


def is_locked(exc: BaseException) -> bool:
    msg = str(getattr(exc, "orig", None) or exc).lower()
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
        except OperationalError as exc:
            if not is_locked(exc) or attempt == retries - 1:
                raise
            delay = _backoff(attempt)
            log.info("database locked; retrying in %.2f s (attempt %d)", delay, attempt + 1)
            time.sleep(delay)
    raise AssertionError("unreachable")
