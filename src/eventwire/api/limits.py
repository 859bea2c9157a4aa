"""The bounds on what one client can hold of `eventwire serve`, in one place (RELIABILITY.md, "HTTP limits").

    from eventwire.api.limits import LIMITS, Limits
    server_config(app, host, port, limits=LIMITS)      # the HTTP server's (eventwire.api.server)

The server's: uvicorn's keep-alive timeout, its concurrency limit and h11's bound on a request head, plus a
timeout for reading a request head that uvicorn lacks (`eventwire.api.server.HeadTimeoutH11`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    # --- the HTTP server (uvicorn 0.54, h11)
    keep_alive_s: int = 5  # an idle keep-alive connection is closed after this (uvicorn's timeout_keep_alive)
    head_timeout_s: float = 10.0  # a request line and headers must arrive within this, from the connection or the
    #                               end of the previous response (slowloris; uvicorn has no such setting)
    max_connections: int = 100  # uvicorn's limit_concurrency: at this many connections or tasks a request gets 503
    max_head_bytes: int = 16 * 1024  # h11_max_incomplete_event_size: a longer request head is a 400
    graceful_shutdown_s: int = 10  # Ctrl-C waits at most this for open requests

    def __post_init__(self) -> None:
        for name in ("keep_alive_s", "head_timeout_s", "max_connections", "max_head_bytes"):
            if not getattr(self, name) > 0:
                raise ValueError(f"Limits.{name} must be positive")


LIMITS = Limits()
