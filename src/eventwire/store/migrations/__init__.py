"""Versioned schema migrations: plain numbered Python steps, applied in order, each in the caller's transaction.

A step is a module `mNNNN_<name>.py` with `NAME` and `upgrade(conn)`. Applied steps are recorded in
`schema_version`; a released step is never edited, a change is a new step. `apply(conn)` must run inside a
write transaction (the store opens it with BEGIN IMMEDIATE on SQLite, so two processes that open a fresh
database at once migrate it once).
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re
from types import ModuleType

from sqlalchemy import inspect, text

_STEP = re.compile(r"^m(\d{4})_\w+$")


def steps() -> list[tuple[int, ModuleType]]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        m = _STEP.match(info.name)
        if m:
            found.append((int(m.group(1)), importlib.import_module(f"{__name__}.{info.name}")))
    found.sort(key=lambda s: s[0])
    numbers = [n for n, _ in found]
    assert numbers == list(range(1, len(found) + 1)), f"migration numbers must be 1..N without gaps: {numbers}"
    return found


LATEST = len(steps())


def current_version(conn) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    return conn.execute(text("SELECT coalesce(max(version), 0) FROM schema_version")).scalar_one()


def apply(conn) -> list[int]:
    """Apply the missing steps in order; return the numbers applied."""
    have = current_version(conn)
    applied = set()
    if have:
        applied = {v for (v,) in conn.execute(text("SELECT version FROM schema_version"))}
    if have > LATEST:
        from eventwire.errors import ConfigError

        raise ConfigError(f"this database has schema version {have}, newer than this eventwire knows "
                          f"({LATEST}): upgrade eventwire")
    done = []
    for number, mod in steps():
        if number in applied:  # a step is applied once; a missing one (even below the newest) is applied
            continue
        mod.upgrade(conn)
        conn.execute(text("INSERT INTO schema_version (version, name, applied_at) VALUES (:v, :n, :t)"),
                     {"v": number, "n": mod.NAME, "t": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})
        done.append(number)
    return done
