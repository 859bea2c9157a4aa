"""One small error tree. The CLI prints `Error: message` and exits 1; nothing else is shown to users.

    EventwireError
     +-- InputError          a source cannot be read at all (missing file, unreadable folder)
     +-- RejectedInput       one article refused, with a machine-readable reason (recorded, not fatal)
     +-- DataError           a knowledge-base or lexicon file is invalid (path and entry in the message)
     +-- ConfigError         bad settings or arguments
     +-- StoreError          the store cannot be written: disk full, read-only file, folder or mount, not a
          |                  database, damaged (`kind` says which; the message says what to do; nothing
          |                  committed before is lost)
          +-- StoreOpenError the same, met while opening the store (also a ConfigError, as every failure to
                             open a store is)
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""

    def __init__(self, message: str, *, path: str | None = None, article_id: str | None = None,
                 stage: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.article_id = article_id
        self.stage = stage

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.message}"


class InputError(EventwireError):
    """A source cannot be read (missing file, permission, not a known format)."""


class RejectedInput(EventwireError):
    """One article is refused. `reason` is a short code (empty, binary, too_large, not_english, ...)."""

    def __init__(self, reason: str, message: str, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.reason = reason


class DataError(EventwireError):
    """A data file (knowledge base, lexicon, user extension) is invalid."""


class ConfigError(EventwireError):
    """Bad settings or arguments."""


class StoreError(EventwireError):
    """The store cannot be written (or opened): `kind` is a short code (disk_full, read_only, read_only_folder,
    not_a_database, cannot_open, io_error, damaged, schema_outdated, opened_read_only). Nothing committed before
    is lost; the message says what to do."""

    def __init__(self, kind: str, message: str, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.kind = kind


class StoreOpenError(StoreError, ConfigError):
    """A StoreError met while opening the store (a ConfigError too, as every failure to open a store is)."""
