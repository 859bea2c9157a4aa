"""One JSON error shape for every error the HTTP API returns, and the handlers that produce it.

    {"error": {"status": 404, "code": "not_found", "message": "a human sentence", "details": ...}}

`details` is present only when there is something to add (validation errors, a rejected article). Errors are
translated here, at the edge: ConfigError (a bad filter value) -> 400, Starlette's 404/405 -> not_found /
method_not_allowed, FastAPI's request validation -> 422, anything unexpected -> 500 with a generic message
(the traceback goes to the server log, never to the client). The 500 comes from `Unexpected`, a middleware,
not from an exception handler: Starlette re-raises an exception after its handler has answered, and uvicorn then
drops the keep-alive connection; `Unexpected` answers and keeps the connection usable.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire.errors import ConfigError, EventwireError

log = logging.getLogger("eventwire.api")

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    500: "internal",
    503: "busy",
}


class ApiError(Exception):
    """An error with its HTTP status, message and optional details (raised by the routes)."""

    def __init__(self, status: int, message: str, details: Any = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details
        self.headers = headers


def dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, default=str, separators=(",", ":")).encode("utf-8")


class JSON(JSONResponse):
    """A JSON response that serialises plain data once (no jsonable_encoder walk over big result lists).
    A JSONResponse to FastAPI, so that OpenAPI documents the body as JSON (any value), not as a string."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)


ERROR_SCHEMA = {
    "type": "object", "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["status", "code", "message"], "properties": {
        "status": {"type": "integer"}, "code": {"type": "string"}, "message": {"type": "string"},
        "details": {}}}},
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` documenting the error shape for these statuses."""
    what = {400: "Bad parameter or filter value", 401: "Missing or wrong token", 403: "Ingestion is disabled",
            404: "Not found", 405: "Method not allowed", 413: "Body too large", 415: "Not JSON",
            422: "Invalid body or rejected article", 500: "Internal error (logged; no traceback is returned)",
            503: "Busy: the pipeline stayed taken; retry after the Retry-After header's seconds"}
    return {s: {"description": what.get(s, "Error"), "content": {"application/json": {"schema": ERROR_SCHEMA}}}
            for s in statuses}


def error_body(status: int, message: str, details: Any = None) -> dict[str, Any]:
    err: dict[str, Any] = {"status": status, "code": CODES.get(status, "bad_request" if status < 500 else "internal"),
                           "message": message}
    if details is not None:
        err["details"] = details
    return {"error": err}


def error_response(status: int, message: str, details: Any = None,
                   headers: dict[str, str] | None = None) -> JSON:
    return JSON(error_body(status, message, details), status_code=status, headers=headers)


def _validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """FastAPI/pydantic errors without the echoed input (which may be megabytes of text)."""
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in errors]


def _http_message(exc: StarletteHTTPException, request: Request) -> str:
    if exc.status_code == 404:
        if isinstance(exc.detail, str) and exc.detail not in ("Not Found", ""):
            return exc.detail
        return f"nothing at {request.url.path} (the API is under /api; see /api/openapi.json)"
    if exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow") or (exc.headers or {}).get("allow")
        return f"{request.method} is not allowed on {request.url.path}" + (f" (allowed: {allowed})" if allowed else "")
    if exc.status_code == 400 and exc.detail == _FASTAPI_BODY_ERROR:  # FastAPI's words: say what to send instead
        return BODY_NOT_JSON
    return str(exc.detail)


BODY_NOT_JSON = ("the body cannot be read as JSON: send JSON text in UTF-8 (RFC 8259), nested at most a few hundred "
                 "levels deep")
# what FastAPI answers when json.loads of a body fails other than by a syntax error (bytes that are not UTF-8,
# nesting deeper than Python's recursion limit)
_FASTAPI_BODY_ERROR = "There was an error parsing the body"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the one shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return error_response(exc.status, exc.message, exc.details, exc.headers)

    @app.exception_handler(ConfigError)
    async def _config_error(request: Request, exc: ConfigError) -> Response:
        return error_response(400, str(exc))

    @app.exception_handler(EventwireError)
    async def _eventwire_error(request: Request, exc: EventwireError) -> Response:
        return error_response(400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(exc.status_code, _http_message(exc, request), headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = _validation_details(list(exc.errors()))
        first = details[0] if details else {}
        where = ".".join(str(x) for x in first.get("loc", []) if x != "body")
        message = "the request is not valid" + (f": {where}: {first.get('msg')}" if first else "")
        return error_response(422, message, details)

    app.add_middleware(Unexpected)


class Unexpected:
    """Pure ASGI middleware: an exception that no handler took becomes the JSON 500, logged with its traceback,
    and is not raised further, so the server keeps the connection alive. Once a response has started, the
    exception goes on (half a response cannot be mended; the server closes that connection)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            if started:
                raise
            log.error("internal error on %s %s", scope.get("method"), scope.get("path"), exc_info=exc)
            await error_response(500, "internal error (logged on the server)")(scope, receive, send)
