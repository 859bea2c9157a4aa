"""Exports of the event store: ACLED-style CSV, PLOVER JSONL, GeoJSON of incidents, GraphML of the alliance graph.

    from eventwire.export import export, export_to_file
    with eventwire.open("events.db") as store:
        export(store, "acled-csv", sys.stdout, country="SYR", since="2024-12-01")
        export_to_file(store, "geojson", "incidents.geojson")      # atomic: a temp file, then a rename

    acled-csv     ACLED's own column names, in the order of an ACLED download (`ACLED_COLUMNS`); one row per event
                  that carries an ACLED event type. What eventwire does not know is left empty (region, admin2,
                  admin3, source_scale, tags, timestamp; admin1 unless the place is itself a first-level division).
    plover-jsonl  one JSON object per event with POLECAT-like fields (`PLOVER_FIELDS`): who did what to whom,
                  where, when, how many, who says so, and the article and sentence it comes from.
    geojson       a FeatureCollection of incidents (Point geometry, [lon, lat]); incidents without valid coordinates
                  are left out and counted (`skipped`).
    graphml       the alliance graph (`eventwire.graph.build_graph` / `to_graphml`).
    parquet       the plover-jsonl records as a typed Apache Parquet table (`PARQUET_SCHEMA`: dates as dates,
                  actor lists as list<string>, claimants and quantities as lists of structs), for pandas, DuckDB,
                  Spark and the like. Binary: written to a file (`export_to_file`) or a binary stream.

Every read goes through the store's query functions (`eventwire.store.queries.events` / `incidents`, bound
parameters throughout); the extra per-event details (place feature and GeoNames id, actor countries and sectors,
structured claimants) are looked up by key with SQLAlchemy Core selects in the same read transaction.

Filters: actor, type, country, since, until, status, search (as `eventwire events`). For geojson, type, country,
since and until are the incident's own; actor, status and search keep the incidents with at least one matching
report. graphml takes since, until, actor (the actor's ego network) and country; the others raise ConfigError.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, TextIO

from sqlalchemy import select
from sqlalchemy.engine import Connection

from eventwire.errors import ConfigError
from eventwire.store import queries
from eventwire.store import schema as S

__all__ = ["ACLED_COLUMNS", "FORMATS", "PLOVER_FIELDS", "acled_rows", "export", "export_to_file",
           "geojson_collection", "graphml_text", "parquet_table", "plover_records"]

FORMATS = ("acled-csv", "plover-jsonl", "geojson", "graphml", "parquet")
BINARY_FORMATS = ("parquet",)
EVENT_FILTERS = ("actor", "type", "country", "since", "until", "status", "search")
GRAPH_FILTERS = ("actor", "country", "since", "until")

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)

PLOVER_FIELDS = (
    "id", "date", "date_value", "date_precision", "enddate", "event_type", "mode", "context", "cameo",
    "acled_event_type", "acled_sub_event_type",
    "actor", "actor_id", "actor_text", "actor_country", "actor_sector",
    "recipient", "recipient_id", "recipient_text", "recipient_country", "recipient_sector",
    "location", "geonameid", "feature", "admin1", "country", "lat", "lon",
    "fatalities", "quantities", "attribution_status", "claimants", "confidence",
    "article_id", "url", "outlet", "title", "published", "evidence", "evidence_start", "evidence_end",
    "pipeline_version",
)

# ACLED's date and location precision codes
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3, "range": 3, "duration": 3}
_GEO_PRECISION = {"city": 1, "admin1": 2, "region": 2, "country": 3, "sea": 3}

# ACLED's disorder type of each event type (and of the sub-event types that differ from their type's)
_DISORDER = {"battles": "Political violence", "explosions/remote violence": "Political violence",
             "violence against civilians": "Political violence", "protests": "Demonstrations",
             "riots": "Demonstrations", "strategic developments": "Strategic developments"}
_DISORDER_SUB = {"mob violence": "Political violence",
                 "excessive force against protesters": "Political violence; Demonstrations",
                 "excessive force against protestors": "Political violence; Demonstrations"}
_CIVILIAN_TARGETING_TYPES = frozenset({"violence against civilians", "explosions/remote violence", "riots"})

# ACLED's actor type codes (inter1/inter2) from PLOVER sectors; state forces outside their own country are 8
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
_INTER_BY_SECTOR = {"REB": 2, "INS": 2, "OPP": 3, "PTY": 3, "CVL": 7, "EDU": 7, "MED": 8, "IGO": 8, "NGO": 8,
                    "BUS": 8}
# the non-state initiators of a protest are protesters (6), of a riot rioters (5)
_INTER_BY_ACLED_TYPE = {"protests": 6, "riots": 5}
# ACLED's country names where pycountry's (common) name differs
_ACLED_COUNTRY = {"RUS": "Russia", "TUR": "Turkey", "COD": "Democratic Republic of Congo",
                  "COG": "Republic of Congo", "PSE": "Palestine", "CZE": "Czech Republic", "CIV": "Ivory Coast",
                  "SWZ": "eSwatini", "BRN": "Brunei", "FSM": "Micronesia", "CPV": "Cape Verde",
                  "GBR": "United Kingdom", "USA": "United States", "VAT": "Vatican City",
                  "MKD": "North Macedonia"}


# ---------------------------------------------------------------------------------------------- reading
def _check(fmt: str, filters: dict[str, Any]) -> dict[str, Any]:
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    allowed = GRAPH_FILTERS if fmt == "graphml" else EVENT_FILTERS
    given = {k: v for k, v in filters.items() if v is not None and v != ""}
    bad = sorted(set(given) - set(allowed))
    if bad:
        raise ConfigError(f"{fmt} does not take the filter(s) {', '.join(bad)} (it takes {', '.join(allowed)})")
    return given


def _chunks(items: list, n: int = 500) -> Iterable[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _details(conn: Connection, rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Per (article_id, event id): the event's key, context, quantities, evidence span, place, actors with their
    country and sector and mention text, and structured claimants. Looked up by key, bound parameters only."""
    wanted = {(r["article_id"], r["id"]) for r in rows}
    e, p = S.events.c, S.places.c
    out: dict[tuple[str, str], dict[str, Any]] = {}
    by_pk: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(sorted({a for a, _ in wanted})):
        q = (select(e.pk, e.id, e.article_id, e.context, e.quantities, e.evidence_start, e.evidence_end,
                    p.geonames_id, p.admin1, p.feature)
             .select_from(S.events.outerjoin(S.places, e.place_id == p.id))
             .where(e.article_id.in_(chunk)))
        for r in conn.execute(q):
            if (r.article_id, r.id) not in wanted:
                continue
            d = {"pk": r.pk, "context": _json_list(r.context), "quantities": _json_list(r.quantities),
                 "evidence_start": r.evidence_start, "evidence_end": r.evidence_end,
                 "geonameid": r.geonames_id, "admin1": r.admin1, "feature": r.feature,
                 "source": [], "target": [], "claimants": []}
            out[(r.article_id, r.id)] = d
            by_pk[r.pk] = d
    pks = sorted(by_pk)
    ea, cl = S.event_actors.c, S.claimants.c
    actor_ids: set[str] = set()
    for chunk in _chunks(pks):
        for r in conn.execute(select(ea.event_pk, ea.role, ea.actor_id, ea.text).where(ea.event_pk.in_(chunk))
                              .order_by(ea.event_pk, ea.role, ea.position)):
            if r.role in ("source", "target"):
                by_pk[r.event_pk][r.role].append({"id": r.actor_id, "text": r.text})
                actor_ids.add(r.actor_id)
        for r in conn.execute(select(cl.event_pk, cl.text, cl.kind, cl.count, cl.actor_id)
                              .where(cl.event_pk.in_(chunk)).order_by(cl.event_pk, cl.position)):
            by_pk[r.event_pk]["claimants"].append(
                {"text": r.text, "kind": r.kind, "count": r.count, "actor": r.actor_id})
    ac = S.actors.c
    info: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(sorted(actor_ids)):
        for r in conn.execute(select(ac.id, ac.name, ac.country, ac.sector, ac.kind).where(ac.id.in_(chunk))):
            info[r.id] = {"name": r.name, "country": r.country, "sector": r.sector, "kind": r.kind}
    for d in out.values():
        for role in ("source", "target"):
            for a in d[role]:
                a.update(info.get(a["id"], {"name": a["id"], "country": None, "sector": None, "kind": None}))
    return out


def _json_list(value: str | None) -> list:
    try:
        v = json.loads(value) if value else []
    except ValueError:
        return []
    return v if isinstance(v, list) else []


def _events_with_details(store: Any, f: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    def run(conn: Connection) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        rows = queries.events(conn, store.fts, **f)
        details = _details(conn, rows)
        empty = {"pk": None, "context": [], "quantities": [], "evidence_start": None, "evidence_end": None,
                 "geonameid": None, "admin1": None, "feature": None, "source": [], "target": [], "claimants": []}
        return [(r, details.get((r["article_id"], r["id"]), empty)) for r in rows]
    return store.read(run)


# ---------------------------------------------------------------------------------------------- ACLED CSV
def _country_info(iso3: str | None) -> tuple[str, str]:
    """(numeric ISO code, country name) for an ISO3 code; empty strings when unknown."""
    if not iso3:
        return "", ""
    try:
        import pycountry

        c = pycountry.countries.get(alpha_3=iso3)
    except (ImportError, LookupError, KeyError):
        c = None
    if c is None:
        return "", ""
    return str(int(c.numeric)), _ACLED_COUNTRY.get(iso3) or getattr(c, "common_name", None) or c.name


def _inter(actor: dict[str, Any] | None, event_country: str | None, initiator_type: int | None = None
           ) -> int | None:
    """ACLED's actor type code of an actor, None when it cannot be told. `initiator_type`: the code that the
    event type itself gives its non-state initiator (protesters, rioters)."""
    if not actor:
        return None
    sector = (actor.get("sector") or "").upper()
    if sector in _STATE_SECTORS or actor.get("kind") == "state":
        own = actor.get("country")
        return 1 if not event_country or not own or own == event_country else 8
    if initiator_type:
        return initiator_type
    if sector in _INTER_BY_SECTOR:
        return _INTER_BY_SECTOR[sector]
    if actor.get("kind") == "armed_group":
        return 3
    return None


def _interaction(i1: int | None, i2: int | None) -> str:
    if i1 is None:
        return ""
    if not i2:
        return str(i1 * 10)
    lo, hi = sorted((i1, i2))
    return str(lo * 10 + hi)


def _text(v: Any) -> str:
    return "" if v is None else " ".join(str(v).split())


def _num(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.5f}".rstrip("0").rstrip(".")
    return str(v)


def acled_row(ev: dict[str, Any], d: dict[str, Any]) -> dict[str, str]:
    """One event as an ACLED row (every column of ACLED_COLUMNS, as strings)."""
    etype, sub = ev.get("acled_event_type") or "", ev.get("acled_sub_event_type") or ""
    srcs, tgts = d["source"], d["target"]
    country = ev.get("country")
    i1 = _inter(srcs[0] if srcs else None, country, _INTER_BY_ACLED_TYPE.get(etype.lower()))
    i2 = _inter(tgts[0] if tgts else None, country)
    if tgts and i2 is None:  # a second actor of unknown type: neither inter2 nor the interaction can be given
        i1_code, i2_code, interaction = ("" if i1 is None else str(i1)), "", ""
    else:
        i1_code = "" if i1 is None else str(i1)
        i2_code = "" if i1 is None else str(i2 or 0)  # ACLED writes 0 when there is no second actor
        interaction = _interaction(i1, i2)
    iso, country_name = _country_info(country)
    feature = d.get("feature")
    targets_civilians = any((a.get("sector") or "").upper() == "CVL" for a in tgts)
    day = ev.get("day") or ""
    row = dict.fromkeys(ACLED_COLUMNS, "")
    row.update({
        "event_id_cnty": f"{country or 'XXX'}-{ev['id']}",
        "event_date": day,
        "year": day[:4],
        "time_precision": str(_TIME_PRECISION.get(ev.get("date_precision") or "", 3)),
        "disorder_type": _DISORDER_SUB.get(sub.lower()) or _DISORDER.get(etype.lower(), ""),
        "event_type": etype,
        "sub_event_type": sub,
        "actor1": srcs[0]["name"] if srcs else "",
        "assoc_actor_1": "; ".join(a["name"] for a in srcs[1:]),
        "inter1": i1_code,
        "actor2": tgts[0]["name"] if tgts else "",
        "assoc_actor_2": "; ".join(a["name"] for a in tgts[1:]),
        "inter2": i2_code,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if targets_civilians and etype.lower() in
        _CIVILIAN_TARGETING_TYPES else "",
        "iso": iso,
        "country": country_name,
        "admin1": (ev.get("place") or "") if feature == "admin1" else "",
        "location": _text(ev.get("place")),
        "latitude": _num(ev.get("lat")),
        "longitude": _num(ev.get("lon")),
        "geo_precision": str(_GEO_PRECISION[feature]) if feature in _GEO_PRECISION else "",
        "source": _text(ev.get("outlet")),
        "notes": _text(ev.get("evidence")),
        "fatalities": _num(ev.get("fatalities")),
    })
    return row


def acled_rows(store: Any, **filters: Any) -> list[dict[str, str]]:
    """ACLED rows of the stored events that carry an ACLED event type (newest first)."""
    f = _check("acled-csv", filters)
    return [acled_row(ev, d) for ev, d in _events_with_details(store, f) if ev.get("acled_event_type")]


def write_acled_csv(rows: list[dict[str, str]], out: TextIO) -> None:
    w = csv.DictWriter(out, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)


# ---------------------------------------------------------------------------------------------- PLOVER JSONL
def plover_record(ev: dict[str, Any], d: dict[str, Any]) -> dict[str, Any]:
    """One event as a PLOVER/POLECAT-style record (the keys of PLOVER_FIELDS). Actor and recipient fields are
    parallel lists, one item per entity (PLOVER allows several actors and recipients)."""
    rec: dict[str, Any] = {
        "id": ev["id"], "date": ev.get("day"), "date_value": ev.get("date_value"),
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
    return [plover_record(ev, d) for ev, d in _events_with_details(store, f)]


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
    """(a GeoJSON FeatureCollection of the matching incidents, how many were left out for lack of coordinates)."""
    f = _check("geojson", filters)
    inc_f = {k: f[k] for k in ("type", "country", "since", "until") if k in f}
    report_f = {k: f[k] for k in ("actor", "status", "search") if k in f}

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
        props = {k: r.get(k) for k in _INCIDENT_PROPS}
        props["fatalities"] = [x.get("value") for x in r.get("fatalities") or []]
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
    """The Arrow schema of the parquet export: the PLOVER fields, typed."""
    import pyarrow as pa

    strings = pa.list_(pa.string())
    claimant = pa.struct([("text", pa.string()), ("kind", pa.string()), ("count", pa.int64()),
                          ("actor", pa.string())])
    quantity = pa.struct([("what", pa.string()), ("min", pa.int64()), ("max", pa.int64()), ("text", pa.string()),
                          ("start", pa.int64()), ("end", pa.int64()), ("killed", pa.bool_()),
                          ("wounded", pa.bool_())])
    types = {"date": pa.date32(), "enddate": pa.date32(), "published": pa.date32(),
             "geonameid": pa.int64(), "fatalities": pa.int64(), "evidence_start": pa.int64(),
             "evidence_end": pa.int64(), "lat": pa.float64(), "lon": pa.float64(), "confidence": pa.float64(),
             "claimants": pa.list_(claimant), "quantities": pa.list_(quantity)}
    for name in ("context", "actor", "actor_id", "actor_text", "actor_country", "actor_sector", "recipient",
                 "recipient_id", "recipient_text", "recipient_country", "recipient_sector"):
        types[name] = strings
    return pa.schema([(name, types.get(name, pa.string())) for name in PLOVER_FIELDS])


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
def export(store: Any, fmt: str, out: Any, **filters: Any) -> dict[str, Any]:
    """Write the export `fmt` of `store` to the stream `out` (a text stream; for parquet a binary one).
    Everything is read before the first byte is written. Returns counts: {"format", "records", "skipped"}
    (graphml: records = edges, plus "nodes")."""
    _check(fmt, filters)
    counts: dict[str, Any] = {"format": fmt, "records": 0, "skipped": 0}
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = parquet_table(store, **filters)
        pq.write_table(table, out, compression="zstd")
        counts["records"] = table.num_rows
        return counts
    if fmt == "acled-csv":
        rows = acled_rows(store, **filters)
        buf = io.StringIO()
        write_acled_csv(rows, buf)
        out.write(buf.getvalue())
        counts["records"] = len(rows)
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


def export_to_file(store: Any, fmt: str, path: str | os.PathLike[str], **filters: Any) -> dict[str, Any]:
    """`export` into `path` atomically: written to a temporary file in the same folder, then renamed over `path`
    (readers never see a half-written file; on any error the old file, if any, is left as it was)."""
    _check(fmt, filters)
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ConfigError(f"no such folder: {folder}")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        mode = {"mode": "wb"} if fmt in BINARY_FORMATS else {"mode": "w", "encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, **mode) as fh:
            counts = export(store, fmt, fh, **filters)
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
