"""What runs after a batch is written, in the same write transaction: each hook gets the connection, the ids of
the incidents the batch created or changed (some may have been dissolved), and the run id.

The store imports no module that uses it: hooks are named here as "module:function" and imported when first
called (`eventwire.alerts` raises the alerts of its watches), or registered at run time with `register`.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, Sequence

from sqlalchemy.engine import Connection

Hook = Callable[[Connection, Sequence[int], Any], None]

NAMED = ["eventwire.alerts:on_batch"]
_registered: list[Hook] = []
_loaded: list[Hook] | None = None


def register(fn: Hook) -> None:
    _registered.append(fn)


def unregister(fn: Hook) -> None:
    if fn in _registered:
        _registered.remove(fn)


def _named() -> list[Hook]:
    global _loaded
    if _loaded is None:
        found = []
        for ref in NAMED:
            mod, _, name = ref.partition(":")
            found.append(getattr(importlib.import_module(mod), name))
        _loaded = found
    return _loaded


def after_batch(conn: Connection, incident_ids: Sequence[int], run_id: Any = None) -> None:
    """Run every hook; an exception is the batch's (the caller's transaction rolls back and retries or fails)."""
    ids = list(dict.fromkeys(incident_ids))
    for fn in (*_named(), *_registered):
        fn(conn, ids, run_id)
