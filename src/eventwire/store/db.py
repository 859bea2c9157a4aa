"""Where the store lives and how it is opened: URL resolution, engines, write transactions with retry.

    --db URL | plain path   >   EVENTWIRE_DB   >   platformdirs.user_data_dir("eventwire")/eventwire.db

SQLite (the embedded default) is opened in WAL mode with a busy timeout; every write transaction starts with
BEGIN IMMEDIATE (so two writers queue on the lock instead of failing when a reader upgrades), and a transaction
that still meets "database is locked" is retried with exponential backoff.

PostgreSQL (`postgresql://user@host/db`, driven by psycopg 3): every write transaction first takes one
transaction-scoped advisory lock, so writers queue exactly as they do on SQLite (article numbers and incident
matching need a single writer at a time) while readers go on; deadlocks and serialisation failures are retried.
String lengths in the schema are documentation: PostgreSQL gets unbounded VARCHAR, as SQLite ignores them.

Read-only opens (`make_engine(url, readonly=True)`, what the reading commands use): SQLite through a URI with
`mode=ro` (no WAL switch, `query_only`; the file is never created); where its folder cannot be written (a
read-only folder or mount, where SQLite cannot create the -wal and -shm files) `immutable=1`, which reads the
file as it is and does not see later changes by other writers. PostgreSQL: every transaction is READ ONLY.

What the database reports when it cannot write (a full disk, a read-only file, folder or mount, a file that is
not a database) becomes a StoreError with a message that says what to do (`store_error`), never a traceback.
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

from eventwire.errors import ConfigError, StoreError, StoreOpenError

log = logging.getLogger(__name__)
T = TypeVar("T")

ENV_VAR = "EVENTWIRE_DB"
BUSY_TIMEOUT_MS = 30_000
RETRIES = 8
# A writable SQLite connection's page cache: the pages of the random-key indexes one article's rows touch (its id in
# articles, mentions, events, incident_reports, relations) are read again batch after batch; with SQLite's default
# 2 MiB cache they are re-read from the file (a system call each) more often as the store grows. (No memory map:
# in WAL mode SQLite then looks every page up in the WAL before its cache, a cost that grows with the WAL.)
CACHE_KIB = 64 * 1024
# Pages written to the WAL before SQLite copies them into the database file (and syncs it): one batch of 200
# articles writes more than SQLite's default of 1,000 pages as the store grows, so every commit checkpointed; a
# larger WAL writes a page changed by several batches (index and FTS pages near the end, incidents refreshed again)
# into the file once. The WAL file is cut back to WAL_LIMIT_BYTES after a checkpoint.
WAL_AUTOCHECKPOINT_PAGES = 16_384
WAL_LIMIT_BYTES = 64 * 1024 * 1024
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


def resolve_url(db: str | os.PathLike[str] | None = None, *, create: bool = True) -> URL:
    """The store's SQLAlchemy URL: `db` (a URL or a plain file path), else $EVENTWIRE_DB, else the default file.

    SQLite (a path or sqlite:///path) and PostgreSQL (postgresql://..., driven by psycopg 3); any other URL is a
    ConfigError. `create=False` (a store to read): no folder is made, and a missing folder means no store.
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
    if not create and not path.parent.is_dir():
        raise ConfigError(no_store_message(str(path), str(path)))
    if default:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.parent.is_dir():
        raise ConfigError(f"cannot create the database {path}: folder {path.parent} does not exist")
    return URL.create("sqlite", database=str(path))


def no_store_message(where: str, db: str) -> str:
    """What to do about a store that is not there; where the store used without --db exists (the one
    `eventwire demo` fills), it says so: a newcomer after the demo holds that one, not the README's events.db."""
    msg = f"no store at {where}: run `eventwire ingest SOURCE --db {db}` first"
    if not os.environ.get("EVENTWIRE_DB"):
        fallback = default_path()
        if fallback.is_file() and str(fallback) != str(where):
            msg += f", or leave out --db to use the store at {fallback} (the one `eventwire demo` fills)"
    return msg


def sqlite_uri(path: str, *, immutable: bool = False) -> str:
    """The URI that opens the SQLite file `path` read-only (never creating it), or as immutable."""
    return Path(path).as_uri() + ("?immutable=1" if immutable else "?mode=ro")


def folder_writable(path: str) -> bool:
    """Whether SQLite can create files (-wal, -shm) beside `path` (False on a read-only folder or mount)."""
    return os.access(os.path.dirname(path) or ".", os.W_OK)


def make_engine(url: URL, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, readonly: bool = False,
                immutable: bool = False) -> Engine:
    """An engine for the store. `readonly`: every connection only reads (see the module docstring);
    `immutable` (SQLite, with readonly): open the file as immutable, for a folder that cannot be written."""
    if is_postgres(url):
        return _postgres_engine(url, readonly=readonly)
    timeout = busy_timeout_ms / 1000
    if readonly:
        import sqlite3

        uri = sqlite_uri(url.database, immutable=immutable)
        engine = create_engine(url, creator=lambda: sqlite3.connect(uri, uri=True, timeout=timeout,
                                                                     check_same_thread=False))
    else:
        engine = create_engine(url, connect_args={"timeout": timeout})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys = ON")
        if readonly:  # no journal-mode switch: a reader takes the mode the file has (WAL, as a writer left it)
            cur.execute("PRAGMA query_only = ON")
            cur.close()
            return
        for attempt in range(RETRIES):  # switching to WAL needs a moment of exclusive access
            try:
                cur.execute("PRAGMA journal_mode = WAL")
                break
            except Exception as exc:  # noqa: BLE001 - sqlite3.OperationalError, retried when locked
                if not is_locked(exc) or attempt == RETRIES - 1:
                    raise
                time.sleep(_backoff(attempt))
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute(f"PRAGMA cache_size = {-int(CACHE_KIB)}")
        cur.execute(f"PRAGMA wal_autocheckpoint = {int(WAL_AUTOCHECKPOINT_PAGES)}")
        cur.execute(f"PRAGMA journal_size_limit = {int(WAL_LIMIT_BYTES)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("eventwire_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _postgres_engine(url: URL, *, readonly: bool = False) -> Engine:
    args: dict[str, object] = {"connect_timeout": 10, "application_name": "eventwire"}
    if readonly:  # every transaction READ ONLY (the server refuses writes with SQLSTATE 25006)
        given = url.query.get("options")
        given = " ".join(given) if isinstance(given, tuple) else (given or "")
        args["options"] = (given + " -c default_transaction_read_only=on").strip()
    engine = create_engine(url, pool_pre_ping=True, connect_args=args)

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
    the database locked. `fn` must only touch the database (it may run more than once). A full disk, a read-only
    store or a file that is not a database raises a StoreError (the transaction is rolled back; what earlier
    transactions committed is kept)."""
    for attempt in range(retries):
        try:
            with engine.connect().execution_options(eventwire_write=True) as conn:
                with conn.begin():
                    return fn(conn)
        except (OperationalError, DBAPIError) as exc:
            if not is_locked(exc) or attempt == retries - 1:
                mapped = store_error(exc, engine.url)
                if mapped is not None:
                    raise mapped from exc
                raise
            delay = _backoff(attempt)
            log.info("database locked; retrying in %.2f s (attempt %d)", delay, attempt + 1)
            time.sleep(delay)
    raise AssertionError("unreachable")


# ---------------------------------------------------------------------------------------------------- errors
_PG_KINDS = {"53100": "disk_full", "25006": "read_only"}  # disk_full, read_only_sql_transaction


def error_kind(exc: BaseException) -> str | None:
    """What a database error means for the store: disk_full, read_only, cannot_open, not_a_database, io_error,
    damaged, or None (anything else: not ours to translate)."""
    orig = getattr(exc, "orig", None) or exc
    state = getattr(orig, "sqlstate", None)
    if state in _PG_KINDS:
        return _PG_KINDS[state]
    name = getattr(orig, "sqlite_errorname", "") or ""
    msg = str(orig).lower()
    if name.startswith("SQLITE_FULL") or "database or disk is full" in msg or "could not extend file" in msg \
            or "no space left on device" in msg:
        return "disk_full"
    if name.startswith("SQLITE_READONLY") or "attempt to write a readonly database" in msg \
            or "read-only transaction" in msg:
        return "read_only"
    if name.startswith("SQLITE_NOTADB") or "file is not a database" in msg:
        return "not_a_database"
    if name.startswith("SQLITE_CANTOPEN") or "unable to open database file" in msg:
        return "cannot_open"
    if name.startswith("SQLITE_CORRUPT") or "database disk image is malformed" in msg:
        return "damaged"
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in msg:
        return "io_error"
    return None


READERS = "the commands that only read it (events, incidents, actors, articles, graph, export, serve) open it " \
          "read-only and work as it is"


def why_read_only(path: str) -> str:
    """Why SQLite cannot write the store at `path`, as far as this process can tell."""
    folder = os.path.dirname(path) or "."
    if os.path.exists(path) and not os.access(path, os.W_OK):
        return "the file is read-only"
    if not folder_writable(path):
        return (f"its folder {folder} cannot be written (a read-only folder or mount; SQLite needs to create "
                f"{os.path.basename(path)}-wal and -shm beside the file)")
    return "the file system refuses writes to it"


def store_error(exc: BaseException, url: URL, *, opening: bool = False) -> StoreError | None:
    """The StoreError (StoreOpenError when `opening`) that says what `exc` means and what to do, or None when
    `exc` is not a store condition we know."""
    kind = error_kind(exc)
    if kind is None:
        return None
    orig = getattr(exc, "orig", None) or exc
    where = display(url)
    sqlite = not is_postgres(url)
    if kind == "disk_full":
        disk = f"the disk that holds {os.path.dirname(where) or '.'}" if sqlite else "the PostgreSQL server's disk"
        msg = (f"the disk is full, so the store could not be written ({orig}). Free space on {disk} and run the "
               "command again: what was committed before is kept, and an ingest resumes where it stopped")
    elif kind == "read_only" or (kind == "cannot_open" and sqlite and os.path.exists(where)
                                 and not folder_writable(where)):
        if not sqlite:
            why = "the PostgreSQL connection is read-only (a read-only transaction, standby or role)"
            todo = "use a writable server or role to ingest"
        else:
            why = why_read_only(where)
            todo = ("make it writable to ingest (check the permissions of the file and its folder, or copy the "
                    "store to a writable disk)")
            if kind == "cannot_open":
                kind = "read_only_folder"
        msg = f"the store cannot be written: {why}. {todo[0].upper() + todo[1:]}; {READERS}"
    elif kind == "not_a_database":
        msg = ("this file is not an eventwire store: it is not a SQLite database (or it is encrypted or damaged). "
               "Give --db the store eventwire made, or the path of a new store")
    elif kind == "cannot_open":
        msg = (f"cannot open the store ({orig}): check that the file and its folder exist and can be read (and "
               "written, to ingest)")
    elif kind == "damaged":
        msg = (f"the store is damaged ({orig}): restore a copy, or build it again with `eventwire ingest`; "
               f"`sqlite3 {where} 'PRAGMA integrity_check'` says where")
    else:  # io_error
        msg = (f"a disk I/O error on the store ({orig}): check the disk (free space, the system log) and run the "
               "command again; what was committed before is kept")
    cls = StoreOpenError if opening else StoreError
    return cls(kind, msg, path=where)


def open_readonly_sqlite(url: URL, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> tuple[Engine, bool]:
    """A read-only engine over an existing SQLite store and whether it is immutable: `mode=ro` where that opens
    (a writable folder, or a read-only one that still holds the -wal and -shm files), else `immutable=1` when
    the folder cannot be written. Opening problems raise StoreOpenError."""
    path = url.database
    engine = make_engine(url, busy_timeout_ms=busy_timeout_ms, readonly=True)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
        return engine, False
    except DBAPIError as exc:
        engine.dispose()
        if folder_writable(path) or error_kind(exc) not in ("cannot_open", "read_only", "io_error"):
            raise store_error(exc, url, opening=True) or StoreOpenError(
                "cannot_open", f"cannot open the store: {getattr(exc, 'orig', None) or exc}", path=path) from exc
    engine = make_engine(url, busy_timeout_ms=busy_timeout_ms, readonly=True, immutable=True)
    log.warning("%s: its folder cannot be written (a read-only folder or mount), so the store is read as an "
                "immutable file: changes other writers make to it will not be seen", path)
    wal = path + "-wal"
    if os.path.exists(wal) and os.path.getsize(wal) > 0:
        log.warning("%s: %s holds %d bytes of changes not yet checkpointed into the file; they are not read "
                    "(open the store once on a writable disk to fold them in)", path, wal, os.path.getsize(wal))
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
    except DBAPIError as exc:
        engine.dispose()
        raise store_error(exc, url, opening=True) or StoreOpenError(
            "cannot_open", f"cannot open the store: {getattr(exc, 'orig', None) or exc}", path=path) from exc
    return engine, True
