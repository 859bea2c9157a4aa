"""The Arrow types of the event columns that eventwire's two Parquet event tables share, defined once.

The two tables are different tables, not one schema written twice:
- `export.parquet_schema()`: one row per *stored* event, in PLOVER/POLECAT names (`event_type`, `actor`,
  `recipient`, `location`, `geonameid`), with its incident, dates as dates and claimants and quantities as
  structs: what `eventwire export --format parquet` writes from a store;
- `scale.parquet` "events": one row per event of an annotation, written before any store exists (no incident),
  in the annotation's names (`type`, `sources`, `targets`, `place`, `geonames_id`), dates as the text the
  pipeline gave them.
The columns they share (the event's id, codes, place, figures, confidence, evidence and provenance) take their
type from `event_types()` here; each table adds only its own. Two names stand in both with another shape on
purpose: `published` (a date in the export, the text as given in the data set) and `claimants` (structs in the
export, "text (kind)" strings in the data set).
"""

from __future__ import annotations

from typing import Any

# shared columns whose type is not a plain string (every other shared column is a string)
_LIST_OF_STRINGS = ("context",)
_INTEGERS = ("fatalities", "evidence_start", "evidence_end")
_FLOATS = ("lat", "lon", "confidence")

# every event column both tables carry, by the same name and type
SHARED_EVENT_COLUMNS = (
    "id", "article_id", "mode", "context", "cameo", "acled_event_type", "acled_sub_event_type", "country",
    "admin1", "lat", "lon", "date_value", "date_precision", "fatalities", "confidence", "evidence",
    "evidence_start", "evidence_end", "outlet", "url", "pipeline_version",
)


def event_types() -> dict[str, Any]:
    """{column: pyarrow type} for `SHARED_EVENT_COLUMNS` (pyarrow is imported here, on use)."""
    import pyarrow as pa

    types: dict[str, Any] = {name: pa.string() for name in SHARED_EVENT_COLUMNS}
    types.update({name: pa.list_(pa.string()) for name in _LIST_OF_STRINGS})
    types.update({name: pa.int64() for name in _INTEGERS})
    types.update({name: pa.float64() for name in _FLOATS})
    return types


def schema(columns: tuple[str, ...] | list[str], own: dict[str, Any]) -> Any:
    """The schema of `columns` in order: a shared column takes its type from `event_types()`, every other one from
    the table's `own` types. `own` redefining a shared column, or a column typed by neither, is a programming
    error (ValueError, KeyError), not a silent change of type."""
    import pyarrow as pa

    shared = event_types()
    if set(own) & set(shared):
        raise ValueError(f"columns typed twice: {sorted(set(own) & set(shared))} (their type is in arrow_types)")
    types = {**shared, **own}
    return pa.schema([(name, types[name]) for name in columns])
