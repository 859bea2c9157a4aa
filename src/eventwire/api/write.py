"""The two POST endpoints: /api/extract (annotate one article, store nothing) and /api/ingest (annotate and
store articles; the only write, behind a bearer token).

The pipeline is loaded once per app on first use and guarded by a lock (spaCy is not thread-safe); it runs in a
worker thread behind a one-slot limiter, so requests that wait for it wait in the event loop, not in the
threadpool that serves the read endpoints.

/api/extract, which needs no token, is bounded (`eventwire.api.limits`): its body (`extract_max_body`, else
413), its wait for the pipeline slot (`slot_wait_s`, else 503 with Retry-After, rather than a queue without
end), and its answer (`extract_max_response`: past it the lists of the output contract are cut, the events
kept first, and the answer says so under "truncated"). /api/ingest, behind its token, waits for the slot as long as it takes.
"""

from __future__ import annotations

import hmac
import json
import math
import threading
from typing import Any, Sequence

import anyio
from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from eventwire.api.errors import BODY_NOT_JSON, JSON, ApiError, dumps, error_responses
from eventwire.ingest.dates import check_published
from eventwire.records import AnnotatedArticle, Article

router = APIRouter(prefix="/api", default_response_class=JSON, responses=error_responses(400, 404, 405, 413, 415, 422, 500))

MAX_ARTICLES = 1000  # per /api/ingest request
TOKEN_ENV = "EVENTWIRE_API_TOKEN"


class ArticleIn(BaseModel):
    """One article: its text or its HTML page, and optional metadata."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="Plain (possibly scraped) text.")
    html: str | None = Field(None, description="An HTML page (main text and metadata are extracted).")
    published: str | None = Field(None, description="Publication date, YYYY-MM-DD.")
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=8000)

    @field_validator("published")
    @classmethod
    def _date(cls, v: str | None) -> str | None:
        if v is None or v == "":
            return None
        return check_published(v)  # its ValueError is a 422 with the message

    @model_validator(mode="after")
    def _one_input(self) -> "ArticleIn":
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of text or html")
        return self


class ExtractIn(ArticleIn):
    pass


class IngestArticle(ArticleIn):
    outlet: str | None = Field(None, max_length=500)
    id: str | None = Field(None, max_length=500, description="Your own id for the article (echoed as source_id).")


class IngestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[IngestArticle] = Field(..., min_length=1, max_length=MAX_ARTICLES)


def _inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with its $defs inlined (for a request body documented by hand)."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def walk(x: Any) -> Any:
        if isinstance(x, dict):
            ref = x.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return walk(defs[ref.removeprefix("#/$defs/")])
            return {k: walk(v) for k, v in x.items()}
        if isinstance(x, list):
            return [walk(v) for v in x]
        return x
    return walk(schema)


def to_article(item: ArticleIn) -> Article:
    from eventwire.ingest import article_from_html, article_from_text

    meta: dict[str, Any] = {"published": item.published, "title": item.title, "url": item.url}
    if isinstance(item, IngestArticle):
        meta.update(outlet=item.outlet, source_id=item.id)
    if item.html is not None:
        return article_from_html(item.html, **meta)
    return article_from_text(item.text or "", **meta)


class PipelineRunner:
    """One pipeline per app, built on first use; one article batch at a time."""

    def __init__(self, kb_files: Sequence[str] = ()) -> None:
        self.kb_files = tuple(kb_files)
        self._pipe: Any = None
        self._lock = threading.Lock()
        self._slot: anyio.Lock | None = None  # made in the event loop, on first use
        self._limiter: anyio.CapacityLimiter | None = None

    def annotate(self, items: Sequence[ArticleIn]) -> list[AnnotatedArticle]:
        with self._lock:
            if self._pipe is None:
                from eventwire.pipeline import Pipeline

                self._pipe = Pipeline(kb_files=self.kb_files)
            return list(self._pipe.run([to_article(i) for i in items]))

    async def run(self, items: Sequence[ArticleIn], *, wait_s: float | None = None) -> list[AnnotatedArticle]:
        """Annotate `items` in the pipeline's thread, first come first served. `wait_s`: how long to wait for
        the slot (None: as long as it takes); past it, ApiError 503 with a Retry-After header."""
        if self._slot is None:
            self._slot, self._limiter = anyio.Lock(), anyio.CapacityLimiter(1)
        got = False
        with anyio.move_on_after(wait_s):
            await self._slot.acquire()
            got = True
        if not got:
            retry = max(1, math.ceil(wait_s or 1))
            raise ApiError(503, f"the pipeline is busy with other articles (waited {wait_s:g} s); retry in "
                                f"{retry} s", headers={"Retry-After": str(retry)})
        try:
            return await anyio.to_thread.run_sync(self.annotate, items, limiter=self._limiter)
        finally:
            self._slot.release()


# the lists of the output contract, in the order they give way when an answer is too large (events last)
_CUT_ORDER = (("mentions", "times"), ("mentions", "places"), ("mentions", "actors"), ("quantities",),
              ("relations",), ("events",))


def bounded_answer(out: dict[str, Any], max_bytes: int) -> bytes:
    """`out` as JSON of at most `max_bytes` bytes: whole when it fits, else with the lists of the output
    contract cut, in this order of precedence: events, relations, quantities, actor, place and time mentions;
    the first list that does not fit keeps a prefix, the ones after it none. `"truncated": {"max_bytes": N,
    "<list>": {"kept": k, "total": n}, ...}` names the lists that were cut. Only the article itself (its text, at
    most the body's size) can keep an answer above `max_bytes`."""
    whole = dumps(out)
    if len(whole) <= max_bytes:
        return whole

    def get(d: dict[str, Any], path: tuple[str, ...]) -> list[Any]:
        for k in path[:-1]:
            d = d[k]
        return d[path[-1]]

    def with_lists(kept: dict[tuple[str, ...], int], note: dict[str, Any]) -> dict[str, Any]:
        d = {**out, "mentions": dict(out["mentions"])}
        for path in _CUT_ORDER:
            target = d["mentions"] if path[0] == "mentions" else d
            target[path[-1]] = get(out, path)[:kept[path]]
        d["truncated"] = note
        return d

    totals = {path: len(get(out, path)) for path in _CUT_ORDER}
    name = {path: ".".join(path) for path in _CUT_ORDER}
    worst_note = {"max_bytes": max_bytes, **{name[p]: {"kept": n, "total": n} for p, n in totals.items()}}
    budget = max_bytes - len(dumps(with_lists(dict.fromkeys(_CUT_ORDER, 0), worst_note)))
    kept: dict[tuple[str, ...], int] = {}
    full = True
    for path in reversed(_CUT_ORDER):  # events first; a list starts only when the one before it is whole
        n = 0
        for item in get(out, path) if full else ():
            size = len(dumps(item)) + 1  # and its comma
            if size > budget:
                break
            budget -= size
            n += 1
        kept[path] = n
        full = full and n == totals[path]
    note = {"max_bytes": max_bytes, **{name[p]: {"kept": kept[p], "total": totals[p]}
                                       for p in reversed(_CUT_ORDER) if kept[p] < totals[p]}}
    return dumps(with_lists(kept, note))


@router.post("/extract", summary="Annotate one article (nothing is stored)",
             responses={422: {"description": "Invalid body, or the article was rejected (the rejection object "
                                             "is under error.details)"},
                        413: {"description": "Body too large"},
                        **error_responses(503)})
async def extract(request: Request, body: ExtractIn) -> Response:
    """Returns the annotated article (the output contract). Unusable input (empty, binary, not English, too
    large...) is a 422 whose `details` is the rejection object the pipeline yields. By default the body is at
    most 1 MiB (413), the wait for the pipeline at most 5 s (503 with Retry-After), and an answer over 4 MiB has
    its lists cut and says so under `truncated` (the bounds: eventwire.api.limits)."""
    limits = request.app.state.limits
    ann = (await request.app.state.pipeline.run([body], wait_s=limits.slot_wait_s))[0]
    out = ann.to_dict()
    if ann.rejected:
        raise ApiError(422, f"the article was rejected: {ann.rejected}", details=out)
    return Response(bounded_answer(out, limits.extract_max_response), media_type=JSON.media_type)


def _authorize(request: Request) -> None:
    token = request.app.state.token
    if not token:
        raise ApiError(403, "ingestion over HTTP is disabled: start the server with `eventwire serve "
                            f"--token-file PATH` (or set {TOKEN_ENV}) and send `Authorization: Bearer TOKEN`")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    given = given.strip()
    if scheme.lower() != "bearer" or not given or not hmac.compare_digest(given.encode("utf-8", "replace"),
                                                                            token.encode("utf-8")):
        raise ApiError(401, "a valid `Authorization: Bearer TOKEN` header is required to ingest",
                       headers={"WWW-Authenticate": "Bearer"})


def _store(store: Any, anns: list[AnnotatedArticle], client: str) -> dict[str, Any]:
    from eventwire.store.load import LoadRun

    with LoadRun(store, "api ingest", [f"POST /api/ingest from {client}"]) as run:
        counts = run.load(anns)
    run_id = run.id
    return {**counts.to_dict(), "run": run_id,
            "articles": [{"id": a.article.id, "source_id": a.article.source_id, "events": len(a.events),
                          "rejected": a.rejected or None} for a in anns]}


@router.post("/ingest", summary="Annotate and store articles (needs the bearer token)",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": _inline_schema(IngestIn)}}}},
             responses={401: {"description": "Missing or wrong token"},
                        403: {"description": "Ingestion over HTTP is disabled (no token configured)"}})
async def ingest(request: Request) -> JSON:
    """Body {"articles": [{"text" | "html", "published"?, "title"?, "url"?, "outlet"?, "id"?}]} (at most
    1000). Idempotent: an article already stored by this pipeline version counts as a duplicate. Returns the load
    summary, with each article's id and rejection reason in input order."""
    _authorize(request)  # before the body is read
    raw = await request.body()
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise ApiError(415, "send the body as JSON (Content-Type: application/json)")
    try:  # parsed as /api/extract's body is (json.loads: an escaped lone surrogate is read, then replaced on
        # ingestion, as the file readers do; pydantic's JSON parser refused the whole batch for it)
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:  # a syntax error: a 422 with its place, as FastAPI gives /api/extract
        raise RequestValidationError([{"loc": ("body", exc.pos), "msg": f"JSON decode error: {exc.msg}",
                                       "type": "json_invalid"}]) from None
    except (ValueError, RecursionError):  # bytes that are not UTF-8/16/32, nesting past the recursion limit
        raise ApiError(400, BODY_NOT_JSON) from None
    try:
        body = IngestIn.model_validate(obj)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors()]) from None
    anns = await request.app.state.pipeline.run(body.articles)
    client = request.client.host if request.client else "unknown"
    summary = await run_in_threadpool(_store, request.app.state.store, anns, client)
    request.app.state.cache.clear()
    return JSON(summary)
