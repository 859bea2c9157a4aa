"""The read-only endpoints under /api: thin wrappers over `eventwire.store.Store` queries.

Filters mean and validate exactly what they do on the command line (`eventwire.store.filters.Filters`):
a bad value is a 400 with the same message. Unknown or repeated query parameters are a 400 too, so that a typo
never silently returns every row. Lists come in one envelope:

    {"items": [...], "limit": L, "offset": O, "next_offset": O + L when a full page came back, else null}
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Callable

from fastapi import APIRouter, Depends, Query, Request

import eventwire
from eventwire.api.errors import JSON, ApiError, error_responses
from eventwire.errors import ConfigError
from eventwire.records import EVENT_TYPES, STATUSES
from eventwire.store.filters import Filters

router = APIRouter(prefix="/api", default_response_class=JSON, responses=error_responses(400, 404, 405, 500))

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_INT = 2**31 - 1  # offsets and counts beyond this are refused (SQLite integers overflow far above it anyway)
DEFAULT_LIMIT_EDGES = 300
MAX_LIMIT_EDGES = 5000
DEFAULT_EVIDENCE = 10

# ------------------------------------------------------------------------------------------------ parameters
Actor = Annotated[str | None, Query(description="Actor id, or part of a name (case-insensitive; % and _ literal).")]
Type = Annotated[str | None, Query(alias="type", description="PLOVER event type: " + ", ".join(EVENT_TYPES))]
Country = Annotated[str | None, Query(description="ISO 3166-1 alpha-3 code, e.g. SYR.")]
Since = Annotated[str | None, Query(description="YYYY-MM-DD: the event's date window ends on or after it.")]
Until = Annotated[str | None, Query(description="YYYY-MM-DD: the event's date window starts on or before it.")]
Status = Annotated[str | None, Query(description="Attribution status: " + ", ".join(STATUSES))]
Search = Annotated[str | None, Query(description="Words that must all occur in the article's title or text.")]
Near = Annotated[str | None, Query(description="LAT,LON,KM: placed within KM kilometres of the point.")]
MinSources = Annotated[str | None, Query(description="At least N distinct outlets report the incident.")]
Limit = Annotated[str | None, Query(description=f"Page size, 1..{MAX_LIMIT} (default {DEFAULT_LIMIT}).")]
Offset = Annotated[str | None, Query(description="Rows to skip (default 0).")]

EVENT_PARAMS = ("actor", "type", "country", "since", "until", "status", "search", "near", "min_sources")
INCIDENT_PARAMS = ("actor", "type", "country", "since", "until", "min_sources", "near")
ACTOR_PARAMS = ("actor", "type", "country", "since", "until", "status", "search")
ARTICLE_PARAMS = ACTOR_PARAMS
GRAPH_PARAMS = ("since", "until", "actor", "country")
PAGE = ("limit", "offset")


def _known(*names: str) -> Any:
    """A dependency that refuses query parameters this endpoint does not know, and repeated ones."""
    allowed = frozenset(names)

    def check(request: Request) -> None:
        keys = list(request.query_params.keys())
        unknown = sorted(set(keys) - allowed)
        if unknown:
            raise ConfigError(f"unknown parameter(s): {', '.join(unknown)} (known here: "
                              f"{', '.join(names) or 'none'})")
        repeated = sorted(k for k in set(keys) if len(request.query_params.getlist(k)) > 1)
        if repeated:
            raise ConfigError(f"give each parameter once (repeated: {', '.join(repeated)})")
    return Depends(check)


def _int(name: str, value: str | None, default: int, lo: int, hi: int) -> int:
    if value is None or value.strip() == "":
        return default
    if not re.fullmatch(r"\s*\+?\d{1,12}\s*", value):
        raise ConfigError(f"{name}: {value!r} is not a whole number from {lo} to {hi}")
    n = int(value)
    if not lo <= n <= hi:
        raise ConfigError(f"{name} must be from {lo} to {hi} (got {n})")
    return n


def _page(limit: str | None, offset: str | None) -> tuple[int, int]:
    return (_int("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT), _int("offset", offset, 0, 0, MAX_INT))


def _filters(**given: Any) -> dict[str, Any]:
    """The filters given, checked by the one filters model (`eventwire.store.filters.Filters`)."""
    return Filters.check({k: v for k, v in given.items() if v is not None})


def _envelope(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "limit": limit, "offset": offset,
            "next_offset": offset + limit if len(items) == limit else None}


CACHED = frozenset({"actors"})  # counting every actor's events and articles: 0.4-1.4 s on 100,000 events


def _listing(request: Request, query: str, limit: str | None, offset: str | None, **filters: Any) -> JSON:
    lim, off = _page(limit, offset)
    store = request.app.state.store
    fn: Callable[..., list[dict[str, Any]]] = getattr(store, query)
    f = _filters(**filters)
    if query in CACHED:
        key = (query, tuple(sorted(f.items())), lim, off)
        rows = request.app.state.cache.get(store, key, lambda: fn(**f, limit=lim, offset=off))
    else:
        rows = fn(**f, limit=lim, offset=off)
    return JSON(_envelope(rows, lim, off))


# ------------------------------------------------------------------------------------------------ endpoints
@router.get("/health", dependencies=[_known()], summary="Liveness, version and row counts")
def health(request: Request) -> JSON:
    store = request.app.state.store
    return JSON({"status": "ok", "version": eventwire.__version__, "schema_version": store.schema_version(),
                 "backend": store.backend, "counts": store.counts()})


@router.get("/meta", dependencies=[_known()], summary="Event types, statuses, countries and dates in the store")
def meta(request: Request) -> JSON:
    facets = request.app.state.store.facets()
    return JSON({"event_types": list(EVENT_TYPES), "statuses": list(STATUSES), **facets})


@router.get("/events", dependencies=[_known(*EVENT_PARAMS, *PAGE)], summary="Events, newest first")
def events(request: Request, actor: Actor = None, type_: Type = None, country: Country = None,
           since: Since = None, until: Until = None, status: Status = None, search: Search = None,
           near: Near = None, min_sources: MinSources = None, limit: Limit = None, offset: Offset = None) -> JSON:
    """`country` is where the event happened; `search` matches the words of its article."""
    return _listing(request, "events", limit, offset, actor=actor, type=type_, country=country, since=since,
                    until=until, status=status, search=search, near=near, min_sources=min_sources)


@router.get("/incidents", dependencies=[_known(*INCIDENT_PARAMS, *PAGE)],
            summary="Incidents (one happening, every report of it), newest first")
def incidents(request: Request, actor: Actor = None, type_: Type = None, country: Country = None,
              since: Since = None, until: Until = None, min_sources: MinSources = None, near: Near = None,
              limit: Limit = None, offset: Offset = None) -> JSON:
    """`type` matches any report's type, `actor` any report's actor; `min_sources` counts distinct outlets."""
    return _listing(request, "incidents", limit, offset, actor=actor, type=type_, country=country, since=since,
                    until=until, min_sources=min_sources, near=near)


@router.get("/incidents/{incident_id}", dependencies=[_known()], summary="One incident with every report")
def incident(request: Request, incident_id: str) -> JSON:
    n = int(incident_id) if re.fullmatch(r"\d{1,12}", incident_id) else None
    row = request.app.state.store.incident(n) if n else None
    if row is None:
        raise ApiError(404, f"no incident {incident_id!r}")
    return JSON(row)


@router.get("/actors", dependencies=[_known(*ACTOR_PARAMS, *PAGE)],
            summary="Actors with event and article counts, most active first")
def actors(request: Request, actor: Actor = None, type_: Type = None, country: Country = None,
           since: Since = None, until: Until = None, status: Status = None, search: Search = None,
           limit: Limit = None, offset: Offset = None) -> JSON:
    """`country` is the actor's own; event filters keep the actors of matching events."""
    return _listing(request, "actors", limit, offset, actor=actor, type=type_, country=country, since=since,
                    until=until, status=status, search=search)


@router.get("/articles", dependencies=[_known(*ARTICLE_PARAMS, *PAGE)], summary="Articles, newest first")
def articles(request: Request, actor: Actor = None, type_: Type = None, country: Country = None,
             since: Since = None, until: Until = None, status: Status = None, search: Search = None,
             limit: Limit = None, offset: Offset = None) -> JSON:
    """`since`/`until` is the publication date; `country` a place the article mentions."""
    return _listing(request, "articles", limit, offset, actor=actor, type=type_, country=country, since=since,
                    until=until, status=status, search=search)


@router.get("/articles/{article_id}", dependencies=[_known()],
            summary="One article: its text and whole annotation (the output contract)")
def article(request: Request, article_id: str) -> JSON:
    row = request.app.state.store.article(article_id) if len(article_id) <= 200 else None
    if row is None:
        raise ApiError(404, f"no article {article_id!r}")
    return JSON(row)


@router.get("/search", dependencies=[_known("q", *PAGE)], summary="Articles holding every word of q")
def search(request: Request,
           q: Annotated[str | None, Query(description="Words that must all occur in the title or text.")] = None,
           limit: Limit = None, offset: Offset = None) -> JSON:
    if q is None or not q.replace("\x00", "").strip():
        raise ConfigError("q: give the words to search for (e.g. /api/search?q=Aleppo+offensive)")
    return _listing(request, "articles", limit, offset, search=q)


@router.get("/timeline", dependencies=[_known(*EVENT_PARAMS)], summary="Events per day and type")
def timeline(request: Request, actor: Actor = None, type_: Type = None, country: Country = None,
             since: Since = None, until: Until = None, status: Status = None, search: Search = None,
             near: Near = None, min_sources: MinSources = None) -> JSON:
    """Counted in SQL; the filters of /api/events. Events with no date at all are counted in `undated`."""
    rows = request.app.state.store.timeline(**_filters(actor=actor, type=type_, country=country, since=since,
                                                       until=until, status=status, search=search, near=near,
                                                       min_sources=min_sources))
    return JSON({"days": [r for r in rows if r["day"] is not None],
                 "undated": sum(r["count"] for r in rows if r["day"] is None)})


@router.get("/graph", dependencies=[_known(*GRAPH_PARAMS, "limit_edges", "evidence")],
            summary="The alliance graph: the strongest edges and the actors they touch")
def graph(request: Request, since: Since = None, until: Until = None,
          actor: Annotated[str | None, Query(description="Keep this actor's ego network (id or part of a name).")]
          = None,
          country: Annotated[str | None, Query(description="Keep the edges that touch an actor of this ISO3 "
                                                           "country.")] = None,
          limit_edges: Annotated[str | None, Query(description=f"The strongest N edges by |weight|, 1.."
                                                               f"{MAX_LIMIT_EDGES} (default "
                                                               f"{DEFAULT_LIMIT_EDGES}).")] = None,
          evidence: Annotated[str | None, Query(description="Evidence items kept per edge and list, newest "
                                                            f"first, 0..1000 (default {DEFAULT_EVIDENCE}); "
                                                            "n_events and n_statements count them all.")]
          = None) -> JSON:
    from eventwire.api.graph_view import graph_payload

    n_edges = _int("limit_edges", limit_edges, DEFAULT_LIMIT_EDGES, 1, MAX_LIMIT_EDGES)
    n_evidence = _int("evidence", evidence, DEFAULT_EVIDENCE, 0, 1000)
    filters = _filters(since=since, until=until, actor=actor, country=country)
    return JSON(graph_payload(request.app.state, filters, n_edges, n_evidence))
