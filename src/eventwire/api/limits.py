"""The bounds on what one client can hold of `eventwire serve`, in one place (RELIABILITY.md, "HTTP limits").

    from eventwire.api.limits import LIMITS, Limits
    create_app(db, limits=Limits(slot_wait_s=2))       # the API's bounds
    server_config(app, host, port, limits=LIMITS)      # the HTTP server's (eventwire.api.server)

The server's: uvicorn's keep-alive timeout, its concurrency limit and h11's bound on a request head, plus a
timeout for reading a request head that uvicorn lacks (`eventwire.api.server.HeadTimeoutH11`). The API's: the
body size of every request and of /api/extract, how long /api/extract waits for the one pipeline slot, and
how large its answer may grow.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    # --- the HTTP server (uvicorn 0.54, h11)
    keep_alive_s: int = 5  # an idle keep-alive connection is closed after this (uvicorn's timeout_keep_alive)
    head_timeout_s: float = 10.0  # a request line and headers must arrive within this, from the connection or the
    #                               end of the previous response (slowloris; uvicorn has no such setting)
    max_connections: int = 100  # uvicorn's limit_concurrency: at this many connections or tasks a request gets 503
    max_head_bytes: int = 16 * 1024  # h11_max_incomplete_event_size: a longer request head is a 400
    graceful_shutdown_s: int = 10  # Ctrl-C waits at most this for open requests
    # --- the API
    max_body: int = 5 * MIB  # any request: one article is at most 5,000,000 bytes (eventwire.ingest), plus quoting
    extract_max_body: int = 1 * MIB  # POST /api/extract (unauthenticated): a long article's page fits
    slot_wait_s: float = 5.0  # POST /api/extract waits this long for the pipeline, then answers 503 + Retry-After
    extract_max_response: int = 4 * MIB  # the answer of /api/extract: lists beyond it are cut, and it says so

    def __post_init__(self) -> None:
        for name in ("keep_alive_s", "head_timeout_s", "max_connections", "max_head_bytes", "max_body",
                     "extract_max_body", "slot_wait_s", "extract_max_response"):
            if not getattr(self, name) > 0:
                raise ValueError(f"Limits.{name} must be positive")


LIMITS = Limits()
