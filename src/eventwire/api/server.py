"""How `eventwire serve` runs uvicorn: every connection setting from `eventwire.api.limits`, in one place.

    serve(app, "127.0.0.1", 8000)                      # what `eventwire serve` does
    uvicorn.Server(server_config(app, host, port))     # the same server, to run in a test or your own loop

uvicorn (0.54, with h11) closes a keep-alive connection that stays idle after a response (`timeout_keep_alive`),
answers 503 beyond `limit_concurrency`, and refuses a request head over `h11_max_incomplete_event_size`. It has
no timeout for reading a request head: a connection that sends nothing, or sends its headers a byte at a time
(slowloris), is held open for ever, and the keep-alive timer is reset by every byte. `HeadTimeoutH11` adds that
timeout: a request line and headers must be complete within `Limits.head_timeout_s` of the connection being
opened (the first request) or of their first byte (a later one; the idle time before it is the keep-alive
timer's), or the connection is closed. A request body is not timed here.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from eventwire.api.limits import LIMITS, Limits


class HeadTimeoutH11(H11Protocol):
    """uvicorn's h11 protocol, plus a deadline for each request head (see the module docstring)."""

    head_timeout_s: float = LIMITS.head_timeout_s

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        self._disarm()
        self._head_deadline = self.loop.call_later(self.head_timeout_s, self._head_timed_out)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_timed_out(self) -> None:
        self._head_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():  # still no complete head
            try:
                self.conn.send(h11.ConnectionClosed())
            except h11.LocalProtocolError:  # pragma: no cover - a response under way: close all the same
                pass
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the head is complete: the request is the app's now
            self._disarm()
        elif self._head_deadline is None and not self.transport.is_closing():
            self._arm()  # the first bytes of a later request's head (they stopped the keep-alive timer)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def server_config(app: Any, host: str, port: int = 0, *, limits: Limits = LIMITS, **kwargs: Any) -> uvicorn.Config:
    """The uvicorn Config of `eventwire serve` for `app` (extra keyword arguments go to uvicorn.Config)."""
    protocol = type("HeadTimeoutH11", (HeadTimeoutH11,), {"head_timeout_s": limits.head_timeout_s})
    return uvicorn.Config(app, host=host, port=port, http=protocol, timeout_keep_alive=limits.keep_alive_s,
                          limit_concurrency=limits.max_connections,
                          h11_max_incomplete_event_size=limits.max_head_bytes,
                          timeout_graceful_shutdown=limits.graceful_shutdown_s, **{"log_level": "info", **kwargs})


def serve(app: Any, host: str, port: int, *, limits: Limits = LIMITS) -> None:
    """Serve `app` until Ctrl-C (what `eventwire serve` runs)."""
    uvicorn.Server(server_config(app, host, port, limits=limits)).run()
