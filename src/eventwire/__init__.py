"""eventwire: sourced, geolocated event data from raw news.

    import eventwire
    ann = eventwire.extract(text_or_html, published="2024-12-03")   # an AnnotatedArticle
    ann.events, ann.actors, ann.places, ann.to_dict()
    with eventwire.open("events.db", create=True) as store:            # a store (SQLite file or PostgreSQL URL)
        eventwire.ingest_sources(store, ["articles/"])                 # read, annotate, store files and folders

`extract` loads the pipeline on first use (spaCy, the knowledge base, the gazetteer), not at import.
"""

from typing import Any

from eventwire.errors import ConfigError, DataError, EventwireError, InputError, RejectedInput
from eventwire.records import (
    Actor, AnnotatedArticle, Article, Attribution, Claimant, Event, Evidence, Place, Quantity,
    Relation, Time,
)

from eventwire.about import __version__  # noqa: E402


def open(db=None, *, create=None, readonly=False):  # noqa: A001 - eventwire.open(), like sqlite3.connect
    """Open the event store (a SQLAlchemy URL or a file path; None: $EVENTWIRE_DB, then the user data dir).
    Returns an `eventwire.store.Store`: `.events(**filters)`, `.actors(...)`, `.articles(...)`,
    `.load(annotations)`; files and folders are read into it by `ingest_sources(store, paths)`.
    A store file you name must exist, as on the command line (a typo must not become an empty store), unless
    `create=True`; the default store (no `db`) and a database server's URL are created when missing.
    `readonly=True`: an existing store, only read (a read-only file, folder or mount works)."""
    import os as _os

    from eventwire.errors import ConfigError
    from eventwire.store import open as open_store

    text = _os.fspath(db) if db is not None else ""
    if create is None:
        create = db is None or ("://" in text and not text.startswith("sqlite"))
    if not create and not readonly and db is not None and "://" not in text and not _os.path.exists(text):
        raise ConfigError(f"no store at {text}: eventwire.open({text!r}, create=True) makes a new one")
    return open_store(db, create=create, readonly=readonly)


def ingest_sources(store, sources, **kw):
    """Read, annotate and store `sources` (a path, or a list of files, folders, JSONL) in `store`, a transaction
    per batch, and return the summary (read, new, duplicate, re-annotated, rejected, events, incidents). This is
    how paths reach a store: the store runs no extraction (`store.load`/`store.ingest` take annotations).
    Keywords: published, kb_files, batch_size, progress (see eventwire.ingest.loader.ingest)."""
    import os as _os

    from eventwire.ingest.loader import ingest

    if isinstance(sources, (str, _os.PathLike)):
        sources = [sources]
    return ingest(store, [_os.fspath(s) for s in sources], **kw)


def extract(text_or_html: str | bytes, published: str | None = None, **meta: Any) -> AnnotatedArticle:
    """Extract events from one article (plain text or HTML). Rejected input comes back with `.rejected`
    set and no events, never as an exception. `meta`: source_id, url, title, outlet."""
    from eventwire.pipeline import extract as _extract

    return _extract(text_or_html, published=published, **meta)


__all__ = sorted([
    "Actor", "AnnotatedArticle", "Article", "Attribution", "Claimant", "ConfigError", "DataError",
    "Event", "EventwireError", "Evidence", "InputError", "Place", "Quantity", "RejectedInput",
    "Relation", "Time", "__version__", "extract", "ingest_sources", "open",
])
