"""The query filters, one model for every entry point: the CLI options, the HTTP API's parameters, the store's
queries and the exports all validate through `Filters`, so a bad value gets one error message wherever it is given.

    Filters.check({"type": "assault", "since": "2024-12-01"})   # -> {"type": "ASSAULT", "since": "2024-12-01"}
    check_value("country", "syria")                              # ConfigError: 'syria' is not an ISO 3166-1 ...

Empty values (None, "") mean "no filter"; `limit`, `offset` and `min_sources` of 0 too. See eventwire.store.queries
for what each filter means.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from eventwire.errors import ConfigError
from eventwire.records import EVENT_TYPES, STATUSES

MAX_COUNT = 2**31 - 1  # what an INTEGER column holds on PostgreSQL; SQLite's overflow far above it

FILTERS = ("actor", "type", "country", "since", "until", "status", "search", "limit", "offset", "near",
           "min_sources")


def parse_near(value: Any) -> tuple[float, float, float]:
    """'LAT,LON,KM' (or a 3-sequence) -> floats, checked."""
    parts = value.split(",") if isinstance(value, str) else list(value)
    try:
        lat, lon, km = (float(x) for x in parts)
    except (TypeError, ValueError):
        raise ValueError(f"near: {value!r} is not LAT,LON,KM (e.g. 36.2,37.15,50)") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < km <= 20_000):
        raise ValueError(f"near: {value!r} is out of range (latitude -90..90, longitude -180..180, "
                         "0 < km <= 20000)")
    return lat, lon, km


class Filters(BaseModel):
    """The filters, validated and normalised (type upper case, status lower case, country ISO3 upper case, dates
    ISO, counts whole numbers of 0 or more, near a (lat, lon, km) triple). Unknown names are refused."""

    model_config = ConfigDict(extra="forbid")

    actor: Optional[str] = None
    type: Optional[str] = None
    country: Optional[str] = None
    since: Optional[str] = None
    until: Optional[str] = None
    status: Optional[str] = None
    search: Optional[str] = None
    limit: Optional[int] = None
    offset: Optional[int] = None
    near: Optional[tuple[float, float, float]] = None
    min_sources: Optional[int] = None

    @field_validator("actor", "search", mode="before")
    @classmethod
    def _text(cls, v: Any, info: Any) -> str:  # SQLite would cut a bound string at a NUL ("%\0%" -> "%")
        text = str(v).replace("\x00", "").strip()
        if not text:  # "\x00" or blanks would become "", which reads as "no filter"
            raise ValueError(f"{info.field_name}: {v!r} holds no {'name' if info.field_name == 'actor' else 'words'}")
        return text

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, v: Any) -> str:
        if str(v).upper() not in EVENT_TYPES:
            raise ValueError(f"type: {v!r} is not a PLOVER event type (one of {', '.join(EVENT_TYPES)})")
        return str(v).upper()

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, v: Any) -> str:
        if str(v).lower() not in STATUSES:
            raise ValueError(f"status: {v!r} is not an attribution status (one of {', '.join(STATUSES)})")
        return str(v).lower()

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, v: Any) -> str:
        if not re.fullmatch(r"[A-Za-z]{3}", str(v)):
            raise ValueError(f"country: {v!r} is not an ISO 3166-1 alpha-3 code (e.g. SYR)")
        return str(v).upper()

    @field_validator("since", "until", mode="before")
    @classmethod
    def _date(cls, v: Any, info: Any) -> str:
        try:
            return dt.date.fromisoformat(str(v)).isoformat()
        except ValueError:
            raise ValueError(f"{info.field_name}: {v!r} is not a date in the form YYYY-MM-DD") from None

    @field_validator("limit", "offset", "min_sources", mode="before")
    @classmethod
    def _count(cls, v: Any, info: Any) -> int:
        k = info.field_name
        try:
            n = int(v)
        except (TypeError, ValueError):
            raise ValueError(f"{k}: {v!r} is not a number") from None
        if n < 0:
            raise ValueError(f"{k} must be 0 or more" + (" (0: no limit)" if k == "limit" else ""))
        if n > MAX_COUNT:
            raise ValueError(f"{k} must be at most {MAX_COUNT} (got {v!r})")
        return n

    @field_validator("near", mode="before")
    @classmethod
    def _near(cls, v: Any) -> tuple[float, float, float]:
        return parse_near(v)

    @classmethod
    def check(cls, filters: dict[str, Any], known: tuple[str, ...] = FILTERS) -> dict[str, Any]:
        """Validate and normalise `filters` (the names in `known` only); ConfigError with one message otherwise.
        Returns the filters given, without the empty ones."""
        unknown = set(filters) - set(known)
        if unknown:
            raise ConfigError(f"unknown filter(s): {', '.join(sorted(unknown))} (known: {', '.join(known)})")
        given = {k: v for k, v in filters.items() if v is not None and v != ""}
        try:
            model = cls.model_validate(given)
        except ValidationError as exc:
            raise ConfigError(_message(exc)) from None
        out = model.model_dump(exclude_unset=True)
        return {k: v for k, v in out.items() if not (k in ("limit", "offset", "min_sources") and v == 0)}


def _message(exc: ValidationError) -> str:
    """The message our validators wrote ("since: 'x' is not a date ..."), without pydantic's decoration."""
    err = exc.errors()[0]
    ctx = err.get("ctx") or {}
    if isinstance(ctx.get("error"), ValueError):
        return str(ctx["error"])
    where = ".".join(str(x) for x in err.get("loc", ()))
    return f"{where}: {err.get('msg', 'invalid value')}"


def check_value(name: str, value: Any) -> Any:
    """One filter's value, validated and normalised as `Filters.check` does (None when empty)."""
    return Filters.check({name: value}).get(name)
