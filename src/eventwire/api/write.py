"""The two POST endpoints: /api/extract (annotate one article, store nothing) and /api/ingest (annotate and
store articles; the only write, behind a bearer token).

The pipeline is loaded once per app on first use and guarded by a lock (spaCy is not thread-safe); it runs in a
worker thread behind a one-slot limiter, so requests that wait for it wait in the event loop, not in the
threadpool that serves the read endpoints.
"""

from __future__ import annotations

import hmac
import threading
from collections import Counter
from typing import Any, Sequence

import anyio
from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from starlette.concurrency import run_in_threadpool

from eventwire.api.errors import JSON, ApiError, error_responses
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
        self._limiter: anyio.CapacityLimiter | None = None

    def annotate(self, items: Sequence[ArticleIn]) -> list[AnnotatedArticle]:
        with self._lock:
            if self._pipe is None:
                from eventwire.pipeline import Pipeline

                self._pipe = Pipeline(kb_files=self.kb_files)
            return list(self._pipe.run([to_article(i) for i in items]))

    async def run(self, items: Sequence[ArticleIn]) -> list[AnnotatedArticle]:
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(1)
        return await anyio.to_thread.run_sync(self.annotate, items, limiter=self._limiter)


@router.post("/extract", summary="Annotate one article (nothing is stored)",
             responses={422: {"description": "Invalid body, or the article was rejected (the rejection object "
                                             "is under error.details)"},
                        413: {"description": "Body too large"}})
async def extract(request: Request, body: ExtractIn) -> JSON:
    """Returns the annotated article (the output contract). Unusable input (empty, binary, not English, too
    large...) is a 422 whose `details` is the rejection object the pipeline yields."""
    ann = (await request.app.state.pipeline.run([body]))[0]
    out = ann.to_dict()
    if ann.rejected:
        raise ApiError(422, f"the article was rejected: {ann.rejected}", details=out)
    return JSON(out)


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
    from eventwire.store import load as L

    versions = Counter(L.version_of(a) for a in anns if not a.rejected)
    run_id = store.write(lambda c: L.start_run(c, "api ingest", [f"POST /api/ingest from {client}"]))
    counts, status = L.LoadCounts(), "failed"
    try:
        counts = store.write(lambda c: L.load_batch(c, anns, run_id=run_id, fts=store.fts))
        status = "done"
    finally:
        store.write(lambda c: L.finish_run(c, run_id, counts, versions, status))
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
    try:
        body = IngestIn.model_validate_json(raw)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors()]) from None
    anns = await request.app.state.pipeline.run(body.articles)
    client = request.client.host if request.client else "unknown"
    summary = await run_in_threadpool(_store, request.app.state.store, anns, client)
    request.app.state.cache.clear()
    return JSON(summary)
