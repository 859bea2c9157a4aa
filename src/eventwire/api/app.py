"""The FastAPI app: the JSON API under /api, the dashboard's static files, and the guards around both.

    from eventwire.api import create_app
    app = create_app("events.db", token=None)     # None: $EVENTWIRE_API_TOKEN, else ingestion is disabled

The store is opened once per app (reads share its engine across threads) and must exist: a typo in --db is an
error, not a new empty database. Without an ingestion token it is opened read-only (`Store(readonly=True)`), so
a store on a read-only file, folder or mount is served. OpenAPI lives at /api/openapi.json; the interactive
docs page is off (it loads its scripts from a CDN, and the product must work offline). Every HTML response
carries a strict Content-Security-Policy; every response carries X-Content-Type-Options: nosniff.
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Iterable, Sequence

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import eventwire
from eventwire.api import brief_routes, errors, routes, write
from eventwire.api.cache import StoreCache
from eventwire.api.limits import LIMITS, Limits
from eventwire.errors import ConfigError

STATIC_DIR = Path(__file__).parent / "static"
MAX_BODY_BYTES = LIMITS.max_body  # one article is at most 5,000,000 bytes (eventwire.ingest), plus JSON quoting
MIN_TOKEN_CHARS = 16
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")

NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>eventwire</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em}
code{background:#eee;padding:0 .3em}</style></head>
<body><h1>eventwire</h1>
<p>The dashboard is not built. Run <code>make dashboard</code> in the source tree, then reload this page.</p>
<p>The JSON API works without it: <a href="/api/health">/api/health</a>, <a href="/api/events">/api/events</a>,
<a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body></html>
"""


def resolve_token(token: str | None) -> str | None:
    """The ingestion token: the given one, else $EVENTWIRE_API_TOKEN; None (or empty) disables ingestion."""
    if token is None:
        token = os.environ.get(write.TOKEN_ENV)
    token = (token or "").strip()
    if not token:
        return None
    if len(token) < MIN_TOKEN_CHARS or any(c.isspace() for c in token):
        raise ConfigError(f"the API token must be at least {MIN_TOKEN_CHARS} characters without spaces "
                          "(make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))')")
    return token


def _hostname(host_header: str) -> str:
    h = host_header.strip().lower()
    if h.startswith("["):  # [::1]:8000
        return h[1:h.find("]")] if "]" in h else h
    return h.rsplit(":", 1)[0] if h.count(":") == 1 else h


class Guard:
    """Pure ASGI middleware: refuses unexpected Host headers (DNS rebinding, when bound to loopback) and
    bodies over `max_body`, or over the path's own bound in `path_max_body` (413, from Content-Length or while
    streaming), and adds the security headers."""

    def __init__(self, app: ASGIApp, *, max_body: int, allowed_hosts: Iterable[str] | None,
                 path_max_body: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_body = max_body
        self.path_max_body = dict(path_max_body or {})
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts) if allowed_hosts else None

    async def _refuse(self, scope: Scope, send: Send, status: int, message: str) -> None:
        resp = errors.error_response(status, message)
        resp.headers["x-content-type-options"] = "nosniff"
        await resp(scope, _no_receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if self.allowed_hosts is not None and _hostname(headers.get("host", "")) not in self.allowed_hosts:
            names = ", ".join(sorted(self.allowed_hosts))
            return await self._refuse(scope, send, 400, f"this server answers only to {names} (Host header refused)")
        max_body = self.path_max_body.get(scope.get("path", ""), self.max_body)
        length = headers.get("content-length")
        if length is not None:
            if not length.strip().isdigit():
                return await self._refuse(scope, send, 400, "Content-Length is not a number")
            if int(length) > max_body:
                return await self._refuse(scope, send, 413, f"the body is over {max_body:,} bytes")
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > max_body:
                    raise StarletteHTTPException(413, f"the body is over {max_body:,} bytes")
            return msg

        async def secured(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                hdrs = [(k, v) for k, v in msg.get("headers", [])]
                names = {k.lower() for k, _ in hdrs}
                ctype = next((v for k, v in hdrs if k.lower() == b"content-type"), b"")
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
                if ctype.startswith(b"text/html"):
                    extra += [(b"content-security-policy", CSP.encode()), (b"x-frame-options", b"DENY")]
                msg = {**msg, "headers": hdrs + [(k, v) for k, v in extra if k not in names]}
            await send(msg)

        await self.app(scope, counted, secured)


async def _no_receive() -> Message:  # pragma: no cover - a complete response never reads the request
    return {"type": "http.disconnect"}


class _Static(StaticFiles):
    """StaticFiles that answers 404 (not 500) while the dashboard is not built, and never lists folders."""

    async def check_config(self) -> None:
        if self.directory is not None and os.path.isdir(self.directory):
            await super().check_config()


def create_app(db: Any = None, *, token: str | None = None, create: bool = False,
               max_body: int | None = None, allowed_hosts: Sequence[str] | None = None,
               static_dir: str | os.PathLike[str] | None = None, kb_files: Sequence[str] = (),
               limits: Limits = LIMITS) -> FastAPI:
    """The app over the store `db` (a path, a URL, None for the default, or an open `Store`, which the app then
    does not close). `token`: the bearer token for POST /api/ingest (None: $EVENTWIRE_API_TOKEN; unset or
    empty: ingestion is refused with 403). `allowed_hosts`: the Host names answered (None: any; `eventwire
    serve` passes the loopback names when it binds to loopback). `limits`: body sizes, the wait for the
    pipeline and the size of /api/extract's answer (`max_body`, if given, replaces `limits.max_body`). Bad
    settings raise ConfigError."""
    from eventwire.store import Store, open as open_store

    token = resolve_token(token)
    if isinstance(db, Store):
        store, owned = db, False
    else:  # without a token nothing is written: read-only (a read-only file, folder or mount is served too)
        store, owned = open_store(db, create=create, readonly=token is None and not create), True
    static = Path(static_dir) if static_dir is not None else STATIC_DIR

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            store.close()

    app = FastAPI(title="eventwire", version=eventwire.__version__, lifespan=lifespan,
                  description="Sourced, geolocated event data from raw news: events, incidents, actors, articles "
                              "and the alliance graph of an eventwire store.",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  default_response_class=errors.JSON)
    app.state.store = store
    app.state.token = token
    app.state.cache = StoreCache()
    app.state.limits = limits
    app.state.pipeline = write.PipelineRunner(kb_files)
    errors.install(app)
    app.include_router(routes.router)
    app.include_router(write.router)
    app.include_router(brief_routes.router)  # /api/brief, /api/alerts, /api/watches

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        page = static / "index.html"
        if page.is_file():
            return FileResponse(page, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})
        return HTMLResponse(NOT_BUILT, headers={"Cache-Control": "no-cache"})

    app.mount("/static", _Static(directory=static, check_dir=False), name="static")
    max_body = limits.max_body if max_body is None else max_body
    app.add_middleware(Guard, max_body=max_body, allowed_hosts=allowed_hosts,
                       path_max_body={"/api/extract": min(max_body, limits.extract_max_body)})
    return app
