"""Exports of the event store: ACLED-style CSV, GDELT 2.0 event table, PLOVER JSONL, GeoJSON of incidents, GraphML
of the alliance graph, Parquet.

    from eventwire.export import export, export_to_file
    with eventwire.open("events.db") as store:
        export(store, "acled-csv", sys.stdout, country="SYR", since="2024-12-01")
        export(store, "gdelt", sys.stdout, per_report=True)
        export_to_file(store, "geojson", "incidents.geojson")      # atomic: a temp file, then a rename

    acled-csv     ACLED's own column names, in the order of an ACLED download (`ACLED_COLUMNS`): one row per
                  incident that carries an ACLED event type, its `event_id_cnty` the incident's id ("SYR12"), its
                  `source` the incident's outlets, its `fatalities` the incident's headline figure (ACLED's rule:
                  the lowest credible report, never a sum). `per_report=True`: one row per event (report), with
                  the incident's id in a last column `incident_id` (eventwire.export_acled).
    gdelt         GDELT 2.0's event table: 61 tab-separated columns, no header (`GDELT_COLUMNS`): one row per
                  incident (NumSources its independent outlets, NumArticles its articles, NumMentions its
                  reports), QuadClass and Goldstein scale from the CAMEO code; `per_report=True`: one per event
                  (eventwire.export_gdelt).
    plover-jsonl  one JSON object per event with POLECAT-like fields (`PLOVER_FIELDS`): who did what to whom,
                  where, when, how many, who says so, the article and sentence it comes from, and `incident_id`,
                  the number of the incident it reports.
    geojson       a FeatureCollection of incidents (Point geometry, [lon, lat]; property `incident_id`, the
                  incident's number, and its headline fatalities); incidents without valid coordinates are left
                  out and counted (`skipped`).
    graphml       the alliance graph (`eventwire.graph.build_graph` / `to_graphml`).
    parquet       the plover-jsonl records as a typed Apache Parquet table (`parquet_schema()`: dates as dates,
                  actor lists as list<string>, claimants and quantities as lists of structs, `incident_id` an
                  integer), for pandas, DuckDB, Spark and the like. Binary: written to a file (`export_to_file`) or
                  a binary stream.

What the exports read and how is in eventwire.export_read. Incident ids are the store's incident numbers
(`eventwire incidents`, `store.incident(id)`); in the ACLED CSV they are written in ACLED's style, the incident's
country code and its number.

Filters: actor, type, country, since, until, status, search (as `eventwire events`). For the incident exports
(geojson, and acled-csv and gdelt without per_report) type, country, since and until are the incident's own;
actor, status and search keep the incidents with at least one matching report. graphml takes since, until, actor
(the actor's ego network) and country; the others raise ConfigError.
"""

from __future__ import annotations

import io
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from eventwire.errors import ConfigError
from eventwire.export_acled import (ACLED_COLUMNS, ACLED_REPORT_COLUMNS, acled_incident_row, acled_report_row,
                                    acled_row, write_acled_csv)
from eventwire.export_gdelt import GDELT_COLUMNS, gdelt_incident_row, gdelt_report_row, write_gdelt_tsv
from eventwire.export_read import (INCIDENT_OWN_FILTERS, REPORT_FILTERS, events_with_details,
                                   headline_fatalities, incidents_with_reports)
from eventwire.store import queries

__all__ = ["ACLED_COLUMNS", "ACLED_REPORT_COLUMNS", "FORMATS", "GDELT_COLUMNS", "PLOVER_FIELDS", "acled_row",
           "acled_rows", "export", "export_to_file", "gdelt_rows", "geojson_collection", "graphml_text",
           "parquet_schema", "parquet_table", "plover_records"]

FORMATS = ("acled-csv", "gdelt", "plover-jsonl", "geojson", "graphml", "parquet")
BINARY_FORMATS = ("parquet",)
PER_REPORT_FORMATS = ("acled-csv", "gdelt")  # the formats with a row per incident, or per report on demand
EVENT_FILTERS = ("actor", "type", "country", "since", "until", "status", "search")
GRAPH_FILTERS = ("actor", "country", "since", "until")

PLOVER_FIELDS = (
    "id", "incident_id", "date", "date_value", "date_precision", "enddate", "event_type", "mode", "context",
    "cameo", "acled_event_type", "acled_sub_event_type",
    "actor", "actor_id", "actor_text", "actor_country", "actor_sector",
    "recipient", "recipient_id", "recipient_text", "recipient_country", "recipient_sector",
    "location", "geonameid", "feature", "admin1", "country", "lat", "lon",
    "fatalities", "quantities", "attribution_status", "claimants", "confidence",
    "article_id", "url", "outlet", "title", "published", "evidence", "evidence_start", "evidence_end",
    "pipeline_version",
)


# ---------------------------------------------------------------------------------------------- reading
def _check(fmt: str, filters: dict[str, Any], per_report: bool = False) -> dict[str, Any]:
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    if per_report and fmt not in PER_REPORT_FORMATS:
        raise ConfigError(f"{fmt} has one record per {'incident' if fmt == 'geojson' else 'event'} already; "
                          f"per-report rows are for {' and '.join(PER_REPORT_FORMATS)}")
    allowed = GRAPH_FILTERS if fmt == "graphml" else EVENT_FILTERS
    given = {k: v for k, v in filters.items() if v is not None and v != ""}
    bad = sorted(set(given) - set(allowed))
    if bad:
        raise ConfigError(f"{fmt} does not take the filter(s) {', '.join(bad)} (it takes {', '.join(allowed)})")
    from eventwire.store.filters import Filters

    return Filters.check(given, known=allowed)  # the one filters model: the values are checked here, up front


# ---------------------------------------------------------------------------------------------- ACLED CSV, GDELT
def acled_rows(store: Any, per_report: bool = False, **filters: Any) -> list[dict[str, str]]:
    """ACLED rows (newest first): one per incident that carries an ACLED event type, or with `per_report` one per
    event that does (with `incident_id`)."""
    f = _check("acled-csv", filters, per_report)
    if per_report:
        return [acled_report_row(ev, d) for ev, d in events_with_details(store, f) if ev.get("acled_event_type")]
    rows = (acled_incident_row(inc, reports) for inc, reports in incidents_with_reports(store, f))
    return [r for r in rows if r is not None]


def gdelt_rows(store: Any, per_report: bool = False, **filters: Any) -> list[list[str]]:
    """GDELT 2.0 event rows (lists of 61 strings, newest first): one per incident, or with `per_report` one per
    event."""
    f = _check("gdelt", filters, per_report)
    if per_report:
        return [gdelt_report_row(ev, d) for ev, d in events_with_details(store, f)]
    return [gdelt_incident_row(inc, reports) for inc, reports in incidents_with_reports(store, f)]


# ---------------------------------------------------------------------------------------------- PLOVER JSONL
def plover_record(ev: dict[str, Any], d: dict[str, Any]) -> dict[str, Any]:
    """One event as a PLOVER/POLECAT-style record (the keys of PLOVER_FIELDS). Actor and recipient fields are
    parallel lists, one item per entity (PLOVER allows several actors and recipients)."""
    rec: dict[str, Any] = {
        "id": ev["id"], "incident_id": d.get("incident_id"), "date": ev.get("day"), "date_value": ev.get("date_value"),
        "date_precision": ev.get("date_precision"),
        "enddate": ev.get("date_latest") if ev.get("date_latest") and ev.get("date_latest") != ev.get("day")
        else None,
        "event_type": ev.get("type"), "mode": ev.get("mode"), "context": d["context"], "cameo": ev.get("cameo"),
        "acled_event_type": ev.get("acled_event_type"), "acled_sub_event_type": ev.get("acled_sub_event_type"),
    }
    for role, key in (("source", "actor"), ("target", "recipient")):
        ents = d[role]
        rec[key] = [a["name"] for a in ents]
        rec[f"{key}_id"] = [a["id"] for a in ents]
        rec[f"{key}_text"] = [a.get("text") for a in ents]
        rec[f"{key}_country"] = [a.get("country") for a in ents]
        rec[f"{key}_sector"] = [a.get("sector") for a in ents]
    rec.update({
        "location": ev.get("place"), "geonameid": d.get("geonameid"), "feature": d.get("feature"),
        "admin1": d.get("admin1"), "country": ev.get("country"), "lat": ev.get("lat"), "lon": ev.get("lon"),
        "fatalities": ev.get("fatalities"), "quantities": d["quantities"],
        "attribution_status": ev.get("status"), "claimants": d["claimants"], "confidence": ev.get("confidence"),
        "article_id": ev.get("article_id"), "url": ev.get("url"), "outlet": ev.get("outlet"),
        "title": ev.get("title"), "published": ev.get("published"),
        "evidence": (ev.get("evidence") or "").strip() or None,
        "evidence_start": d.get("evidence_start"), "evidence_end": d.get("evidence_end"),
        "pipeline_version": ev.get("pipeline_version"),
    })
    return {k: rec.get(k) for k in PLOVER_FIELDS}


def plover_records(store: Any, **filters: Any) -> list[dict[str, Any]]:
    f = _check("plover-jsonl", filters)
    return [plover_record(ev, d) for ev, d in events_with_details(store, f)]


# ---------------------------------------------------------------------------------------------- GeoJSON
_INCIDENT_PROPS = ("id", "day", "date_latest", "type", "mode", "place", "country", "reports_count",
                   "articles_count", "sources_count", "claimants_count", "single_source", "figures", "conflicts",
                   "first_published", "last_published", "source_actors", "target_actors", "outlets", "statuses")


def _valid_point(lat: Any, lon: Any) -> bool:
    try:
        la, lo = float(lat), float(lon)
    except (TypeError, ValueError):
        return False
    return math.isfinite(la) and math.isfinite(lo) and -90 <= la <= 90 and -180 <= lo <= 180


def geojson_collection(store: Any, **filters: Any) -> tuple[dict[str, Any], int]:
    """(a GeoJSON FeatureCollection of the matching incidents, how many were left out for lack of coordinates).
    Each feature's properties carry `incident_id` (the incident's number, also the feature's `id`), every report's
    fatality figure (`fatalities`) and the headline figure (`fatalities_best`, with `fatalities_low` and
    `fatalities_high`: ACLED's rule, never a sum)."""
    f = _check("geojson", filters)
    inc_f = {k: f[k] for k in INCIDENT_OWN_FILTERS if k in f}
    report_f = {k: f[k] for k in REPORT_FILTERS if k in f}

    def run(conn: Connection) -> tuple[list[dict[str, Any]], set[tuple[str, str]] | None]:
        rows = queries.incidents(conn, **inc_f)
        keys = None
        if report_f:  # incidents with at least one report (event) that matches these
            keys = {(e["article_id"], e["id"]) for e in queries.events(conn, store.fts, **inc_f, **report_f)}
        return rows, keys

    rows, keys = store.read(run)
    features, skipped = [], 0
    for r in rows:
        if keys is not None and not any((x["article_id"], x["event_id"]) in keys for x in r["reports"]):
            continue
        if not _valid_point(r.get("lat"), r.get("lon")):
            skipped += 1
            continue
        props = {"incident_id": r["id"], **{k: r.get(k) for k in _INCIDENT_PROPS}}
        props["fatalities"] = [x.get("value") for x in r.get("fatalities") or []]
        headline = headline_fatalities(r) or {}
        for k in ("best", "low", "high"):
            props[f"fatalities_{k}"] = headline.get(k)
        props["reports"] = [{k: x.get(k) for k in ("event_id", "article_id", "type", "status", "outlet",
                                                   "published")} for x in r["reports"]]
        features.append({"type": "Feature", "id": r["id"],
                         "geometry": {"type": "Point", "coordinates": [float(r["lon"]), float(r["lat"])]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}, skipped


# ---------------------------------------------------------------------------------------------- GraphML
def graphml_text(store: Any, **filters: Any) -> tuple[str, int, int]:
    """(GraphML text of the alliance graph, nodes, edges)."""
    from eventwire.graph import build_graph, to_graphml

    f = _check("graphml", filters)
    g = build_graph(store, **f)
    return to_graphml(g), g.number_of_nodes(), g.number_of_edges()


# ---------------------------------------------------------------------------------------------- Parquet
def parquet_schema() -> Any:
    """The Arrow schema of the parquet export: the PLOVER fields, typed (the event columns it shares with the
    scale-out data set from `arrow_types`)."""
    import pyarrow as pa

    from eventwire.arrow_types import SHARED_EVENT_COLUMNS, schema

    strings = pa.list_(pa.string())
    claimant = pa.struct([("text", pa.string()), ("kind", pa.string()), ("count", pa.int64()),
                          ("actor", pa.string())])
    quantity = pa.struct([("what", pa.string()), ("min", pa.int64()), ("max", pa.int64()), ("text", pa.string()),
                          ("start", pa.int64()), ("end", pa.int64()), ("killed", pa.bool_()),
                          ("wounded", pa.bool_())])
    own = {name: pa.string() for name in PLOVER_FIELDS if name not in SHARED_EVENT_COLUMNS}
    own.update({"date": pa.date32(), "enddate": pa.date32(), "published": pa.date32(), "incident_id": pa.int64(),
                "geonameid": pa.int64(), "claimants": pa.list_(claimant), "quantities": pa.list_(quantity)})
    for name in ("actor", "actor_id", "actor_text", "actor_country", "actor_sector", "recipient",
                 "recipient_id", "recipient_text", "recipient_country", "recipient_sector"):
        own[name] = strings
    return schema(PLOVER_FIELDS, own)


def _day(v: Any) -> Any:
    import datetime as dt

    if not v:
        return None
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError:
        return None  # a partial date: the text stays in date_value


def parquet_table(store: Any, **filters: Any) -> Any:
    """The plover records of `store` as a pyarrow Table with `parquet_schema()`."""
    import pyarrow as pa

    schema = parquet_schema()
    recs = plover_records(store, **filters)
    rows = []
    for r in recs:
        row = dict(r)
        for k in ("date", "enddate", "published"):
            row[k] = _day(r.get(k))
        for k in ("claimants", "quantities"):
            row[k] = [x for x in r.get(k) or [] if isinstance(x, dict)]
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=schema)


# ---------------------------------------------------------------------------------------------- writing
def export(store: Any, fmt: str, out: Any, per_report: bool = False, **filters: Any) -> dict[str, Any]:
    """Write the export `fmt` of `store` to the stream `out` (a text stream; for parquet a binary one).
    `per_report`: acled-csv and gdelt write one row per event (report) instead of one per incident.
    Everything is read before the first byte is written. Returns counts: {"format", "records", "skipped"}
    (graphml: records = edges, plus "nodes")."""
    _check(fmt, filters, per_report)
    counts: dict[str, Any] = {"format": fmt, "records": 0, "skipped": 0}
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = parquet_table(store, **filters)
        pq.write_table(table, out, compression="zstd")
        counts["records"] = table.num_rows
        return counts
    if fmt == "acled-csv":
        rows = acled_rows(store, per_report, **filters)
        buf = io.StringIO()
        write_acled_csv(rows, buf, per_report)
        out.write(buf.getvalue())
        counts["records"] = len(rows)
    elif fmt == "gdelt":
        grows = gdelt_rows(store, per_report, **filters)
        buf = io.StringIO()
        write_gdelt_tsv(grows, buf)
        out.write(buf.getvalue())
        counts["records"] = len(grows)
    elif fmt == "plover-jsonl":
        recs = plover_records(store, **filters)
        out.write("".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in recs))
        counts["records"] = len(recs)
    elif fmt == "geojson":
        fc, skipped = geojson_collection(store, **filters)
        out.write(json.dumps(fc, ensure_ascii=False, default=str) + "\n")
        counts.update(records=len(fc["features"]), skipped=skipped)
    else:
        text, nodes, edges = graphml_text(store, **filters)
        out.write(text)
        counts.update(records=edges, nodes=nodes)
    return counts


def export_to_file(store: Any, fmt: str, path: str | os.PathLike[str], per_report: bool = False,
                   **filters: Any) -> dict[str, Any]:
    """`export` into `path` atomically: written to a temporary file in the same folder, then renamed over `path`
    (readers never see a half-written file; on any error the old file, if any, is left as it was)."""
    _check(fmt, filters, per_report)
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ConfigError(f"no such folder: {folder}")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        mode = {"mode": "wb"} if fmt in BINARY_FORMATS else {"mode": "w", "encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, **mode) as fh:
            counts = export(store, fmt, fh, per_report=per_report, **filters)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    counts["path"] = str(target)
    return counts


def _umask() -> int:
    """The process's umask, read without changing it (os.umask(0) and back would let another thread of the
    API create a world-writable file in between): from /proc where Linux gives it, else 0o022."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022
