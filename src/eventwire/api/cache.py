"""A small cache of expensive read results (the alliance graph, actor listings), valid while the store is
unchanged.

Each entry is keyed by the endpoint and its normalised parameters and stamped with `Store.change_token()` (the
newest article, event, relation and incident keys and the article and event counts: index lookups, about 2 ms
on 100,000 events); a load from any process changes the token, and the entry is computed again. Entries also
expire after `ttl` seconds, a bound on staleness should a change ever leave the token as it was (a
re-annotation that yields as many events under the same numbers). One computation per key at a time; other
keys are not held up.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any, Callable, Hashable

CACHE_SIZE = 64
CACHE_TTL_S = 600.0


class StoreCache:
    def __init__(self, size: int = CACHE_SIZE, ttl: float = CACHE_TTL_S) -> None:
        self.size, self.ttl = size, ttl
        self._items: OrderedDict[Hashable, tuple[float, Any, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def _hit(self, key: Hashable, token: Any) -> tuple[bool, Any]:
        hit = self._items.get(key)
        if hit is not None and hit[1] == token and time.monotonic() - hit[0] < self.ttl:
            self._items.move_to_end(key)
            return True, hit[2]
        return False, None

    def get(self, store: Any, key: Hashable, compute: Callable[[], Any]) -> Any:
        token = store.change_token()
        with self._lock:
            found, value = self._hit(key, token)
            if found:
                return value
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:  # a second request for the same key waits for the first one's result
            with self._lock:
                found, value = self._hit(key, token)
            if found:
                return value
            value = compute()
            with self._lock:
                self._items[key] = (time.monotonic(), token, value)
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    old, _ = self._items.popitem(last=False)
                    lock = self._computing.get(old)
                    if lock is not None and not lock.locked():
                        del self._computing[old]
            return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
