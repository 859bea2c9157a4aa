"""Briefs, alerts and watches over HTTP (`eventwire.brief`, `eventwire.alerts`).

    GET    /api/brief   ?since until country actor near limit format   (country, actor: comma-separated)
    GET    /api/alerts  ?since watch unread limit offset               -> the envelope, plus "unread"
    POST   /api/alerts/read  {"ids": [..]} (none: all)                 needs the ingest token
    GET    /api/watches                                                needs the ingest token (webhook URLs)
    POST   /api/watches {"name", "country"?, "actor"?, "type"?, "near"?, "min_sources"?, "webhook"?}   token
    DELETE /api/watches/{name}                                         token

Managing watches needs the token of POST /api/ingest (`eventwire serve --token-file`): without one the store is
opened read-only and these answer 403. A watch made over HTTP may deliver to a webhook, never to a command (that
would run a program on the server for whoever holds the token); use `eventwire alert add --command` there.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.params import Query
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from eventwire.api.errors import JSON, ApiError, error_responses
from eventwire.api.routes import MAX_INT, _envelope, _int, _known, _page
from eventwire.api.write import _authorize
from eventwire.errors import ConfigError

router = APIRouter(prefix="/api", default_response_class=JSON, responses=error_responses(400, 404, 405, 500))

BRIEF_PARAMS = ("since", "until", "country", "actor", "near", "limit", "format")
MEDIA = {"json": "application/json", "md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}


def _list(value: str | None) -> list[str]:
    return [x.strip() for x in (value or "").split(",") if x.strip()]


@router.get("/brief", dependencies=[_known(*BRIEF_PARAMS)],
            summary="A situation brief of a window against the previous one, every sentence with its evidence")
def brief(request: Request,
          since: Annotated[str | None, Query(description="First day, YYYY-MM-DD (required).")] = None,
          until: Annotated[str | None, Query(description="Last day, YYYY-MM-DD (required).")] = None,
          country: Annotated[str | None, Query(description="ISO3 codes, comma-separated.")] = None,
          actor: Annotated[str | None, Query(description="Actor ids or parts of names, comma-separated.")] = None,
          near: Annotated[str | None, Query(description="LAT,LON,KM.")] = None,
          limit: Annotated[str | None, Query(description="Main incidents listed, 1..200 (default 12).")] = None,
          format: Annotated[str | None, Query(description="json (default), md or html.")] = None,  # noqa: A002
          ) -> Response:
    from eventwire.brief import make_brief, quotes, render

    fmt = (format or "json").lower()
    if fmt not in MEDIA:
        raise ConfigError(f"format: {format!r} is not json, md or html")
    if not since or not until:  # in the API's words (the brief module's message names the CLI's flags)
        raise ConfigError("a brief needs since and until (YYYY-MM-DD): /api/brief?since=...&until=...")
    store = request.app.state.store
    b = make_brief(store, since=since, until=until, countries=_list(country), actors=_list(actor), near=near,
                   limit=_int("limit", limit, 12, 1, 200))
    if fmt == "json":
        return JSON(b.to_dict())
    text = render(b, fmt, quotes(store, b) if fmt == "html" else None, base_url="/")
    return Response(text, media_type=MEDIA[fmt])


@router.get("/alerts", dependencies=[_known("since", "watch", "unread", "limit", "offset")],
            summary="Alerts raised by the watches, newest first")
def alerts(request: Request,
           since: Annotated[str | None, Query(description="Raised on or after this date (YYYY-MM-DD).")] = None,
           watch: Annotated[str | None, Query(description="Only this watch's alerts.")] = None,
           unread: Annotated[str | None, Query(description="1/true: only the unread ones.")] = None,
           limit: Annotated[str | None, Query()] = None, offset: Annotated[str | None, Query()] = None) -> JSON:
    from eventwire.alerts import list_alerts, unread_count

    lim, off = _page(limit, offset)
    if unread not in (None, "", "0", "1", "true", "false"):
        raise ConfigError(f"unread: {unread!r} is not 1, 0, true or false")
    only = unread in ("1", "true")
    store = request.app.state.store
    rows = store.read(lambda c: list_alerts(c, since=since, watch=watch, unread=only, limit=lim, offset=off))
    return JSON({**_envelope(rows, lim, off), "unread": store.read(unread_count)})


class ReadIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ids: list[Annotated[int, Field(ge=1, le=MAX_INT)]] | None = Field(default=None, max_length=10000)


@router.post("/alerts/read", summary="Mark alerts read (needs the ingest token)",
             responses=error_responses(401, 403, 422))
def alerts_read(request: Request, body: ReadIn) -> JSON:
    from eventwire.alerts import mark_read

    _authorize(request)
    n = request.app.state.store.write(lambda c: mark_read(c, body.ids))
    return JSON({"marked": n})


class WatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=100)
    country: list[str] = Field(default_factory=list, max_length=300)
    actor: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=list, max_length=100)
    type: list[str] = Field(default_factory=list, max_length=20)
    near: str | None = Field(default=None, max_length=100)
    min_sources: int = Field(default=1, ge=1, le=10000)
    webhook: str | None = Field(default=None, max_length=2000)


@router.get("/watches", dependencies=[_known()], summary="The watches (needs the ingest token)",
            responses=error_responses(401, 403))
def watches(request: Request) -> JSON:
    from eventwire.alerts import list_watches

    _authorize(request)
    return JSON({"items": request.app.state.store.read(list_watches)})


@router.post("/watches", summary="Add a watch (needs the ingest token)", status_code=201,
             responses=error_responses(401, 403, 409, 422))
def add(request: Request, body: WatchIn) -> JSON:
    from eventwire.alerts import add_watch, list_watches

    _authorize(request)
    store = request.app.state.store
    if any(w["name"] == body.name for w in store.read(list_watches)):
        raise ApiError(409, f"a watch named {body.name!r} exists")
    got = store.write(lambda c: add_watch(c, body.name, countries=body.country, actors=body.actor, types=body.type,
                                          near=body.near, min_sources=body.min_sources, webhook=body.webhook))
    return JSON(got, status_code=201)


@router.delete("/watches/{name}", summary="Remove a watch and its alerts (needs the ingest token)",
               responses=error_responses(401, 403))
def remove(request: Request, name: str) -> JSON:
    from eventwire.alerts import remove_watch

    _authorize(request)
    if not request.app.state.store.write(lambda c: remove_watch(c, name[:200])):
        raise ApiError(404, f"no watch named {name!r}")
    return JSON({"removed": name})

