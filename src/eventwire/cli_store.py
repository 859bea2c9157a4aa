"""The command line's store commands: events, actors, articles, incidents (queries), reindex, graph, export
(registered on `eventwire.cli_common.app`)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional, Sequence

import typer

from eventwire.cli_common import (
    ACTOR_OPT, COUNTRY_OPT, DB_OPT, FORMAT_OPT, LIMIT_OPT, MIN_SOURCES_OPT, NEAR_OPT, SEARCH_OPT, SINCE_OPT,
    STATUS_OPT, TYPE_OPT, UNTIL_OPT, OutFormat, _check_country, _fail, app, printable, progress_bar,
)
from eventwire.errors import EventwireError

WIDE_OPT = typer.Option(False, "--wide", help="Table: each cell on one line, nothing wrapped or cut.")


# table columns per query (jsonl and csv carry every field)
_TABLE_COLUMNS = {
    "events": ("day", "type", "mode", "sources", "targets", "place", "country", "status", "fatalities", "id"),
    "actors": ("id", "name", "country", "sector", "kind", "events", "as_source", "articles"),
    "articles": ("id", "published", "outlet", "title", "events"),
    "incidents": ("id", "day", "type", "place", "country", "articles_count", "sources_count", "unknown_sources",
                  "claimants_count", "single_source", "fatalities_best", "figures", "conflicts"),
}


def _cell(v: object, width: int | None = None) -> str:
    if v is None:
        s = ""
    elif isinstance(v, (list, tuple)):
        s = "; ".join(str(x) for x in v)
    elif isinstance(v, float):
        s = f"{v:.4g}"
    else:
        s = str(v)
    s = " ".join(s.split())
    if width and len(s) > width:
        s = s[:width - 1] + "…"
    return s


# the widths past which a table cell wraps onto more lines (--wide: one line, nothing cut); ids are cut, since
# jsonl and csv carry them whole
_WRAP = {"id": 16, "figures": 60}
_WRAP_DEFAULT = 40


def _table(heads: Sequence[str], rows: list[list[str]], widths_max: Sequence[int | None]) -> None:
    """Print `rows` (cells already flattened to one line) as aligned columns, each cell wrapped to its column's
    width so that nothing is hidden (a None width: never wrapped)."""
    from eventwire.render import table_lines

    for line in table_lines(heads, rows, widths_max):
        typer.echo(printable(line))


def _emit(kind: str, rows: list[dict], fmt: OutFormat, wide: bool = False) -> None:
    if fmt is OutFormat.jsonl:
        for r in rows:
            typer.echo(json.dumps(r, ensure_ascii=False, default=str))
    elif fmt is OutFormat.csv:
        import csv
        import io

        buf = io.StringIO()
        if rows:
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(list(rows[0]))
            for r in rows:
                w.writerow([_cell(v) for v in r.values()])
        typer.echo(buf.getvalue(), nl=False)
    else:
        cols = _TABLE_COLUMNS[kind]
        cells = [[_cell(r.get(c), 16 if c == "id" and not wide else None) for c in cols] for r in rows]
        heads = [c.removesuffix("_count").upper() for c in cols]
        _table(heads, cells, [None if wide or c == "id" else _WRAP.get(c, _WRAP_DEFAULT) for c in cols])
        typer.echo(f"{len(rows)} {kind}", err=True)


def _query(kind: str, db: Optional[str], fmt: OutFormat, wide: bool = False, **filters: object) -> None:
    from eventwire.store import open as open_store

    try:
        store = open_store(db, readonly=True)
        try:
            if filters.get("search") and not store.fts:
                typer.echo("note: this SQLite has no FTS5; --search falls back to LIKE (slower)", err=True)
            rows = getattr(store, kind)(**filters)
        finally:
            store.close()
    except EventwireError as exc:
        _fail(exc)
        return
    _emit(kind, rows, fmt, wide)


@app.command()
def events(db: Optional[str] = DB_OPT, actor: Optional[str] = ACTOR_OPT, type_: Optional[str] = TYPE_OPT,
           country: Optional[str] = COUNTRY_OPT, since: Optional[str] = SINCE_OPT, until: Optional[str] = UNTIL_OPT,
           status: Optional[str] = STATUS_OPT, search: Optional[str] = SEARCH_OPT,
           near: Optional[str] = NEAR_OPT, min_sources: Optional[int] = MIN_SOURCES_OPT, limit: int = LIMIT_OPT, wide: bool = WIDE_OPT,
           fmt: OutFormat = FORMAT_OPT) -> None:
    """Stored events (newest first); --country is where the event happened."""
    _query("events", db, fmt, wide, actor=actor, type=type_, country=country, since=since, until=until, status=status,
           search=search, near=near, min_sources=min_sources, limit=limit)


@app.command()
def actors(db: Optional[str] = DB_OPT, actor: Optional[str] = ACTOR_OPT, type_: Optional[str] = TYPE_OPT,
           country: Optional[str] = COUNTRY_OPT, since: Optional[str] = SINCE_OPT, until: Optional[str] = UNTIL_OPT,
           status: Optional[str] = STATUS_OPT, search: Optional[str] = SEARCH_OPT, limit: int = LIMIT_OPT, wide: bool = WIDE_OPT,
           fmt: OutFormat = FORMAT_OPT) -> None:
    """Stored actors with event and article counts; --country is the actor's own, event filters keep actors of
    matching events."""
    _query("actors", db, fmt, wide, actor=actor, type=type_, country=country, since=since, until=until, status=status,
           search=search, limit=limit)


@app.command()
def articles(db: Optional[str] = DB_OPT, actor: Optional[str] = ACTOR_OPT, type_: Optional[str] = TYPE_OPT,
             country: Optional[str] = COUNTRY_OPT, since: Optional[str] = SINCE_OPT, until: Optional[str] = UNTIL_OPT,
             status: Optional[str] = STATUS_OPT, search: Optional[str] = SEARCH_OPT, limit: int = LIMIT_OPT, wide: bool = WIDE_OPT,
             fmt: OutFormat = FORMAT_OPT) -> None:
    """Stored articles (newest first); --since/--until is the publication date, --country a place mentioned."""
    _query("articles", db, fmt, wide, actor=actor, type=type_, country=country, since=since, until=until, status=status,
           search=search, limit=limit)


@app.command()
def incidents(db: Optional[str] = DB_OPT, actor: Optional[str] = ACTOR_OPT, type_: Optional[str] = TYPE_OPT,
              country: Optional[str] = COUNTRY_OPT,
              since: Optional[str] = SINCE_OPT, until: Optional[str] = UNTIL_OPT,
              min_sources: Optional[int] = typer.Option(None, "--min-sources", min=1,
                                                        help="Reported by at least N distinct outlets."),
              near: Optional[str] = NEAR_OPT, limit: int = LIMIT_OPT, wide: bool = WIDE_OPT, fmt: OutFormat = FORMAT_OPT) -> None:
    """Incidents: one happening with every report of it across articles (newest first). SOURCES counts distinct
    outlets (SINGLE_SOURCE when 1); differing figures are listed side by side, never averaged."""
    _query("incidents", db, fmt, wide, actor=actor, type=type_, country=country, since=since, until=until,
           min_sources=min_sources, near=near, limit=limit)


@app.command()
def reindex(db: Optional[str] = DB_OPT) -> None:
    """Recompute every incident from the stored events with this eventwire's incident model (run it after an
    upgrade that changed the incident rule; the annotations themselves are redone by the next `ingest`)."""
    import time

    from eventwire.corroborate import VERSION
    from eventwire.store import open as open_store

    try:
        store = open_store(db, create=False)
        try:
            t0 = time.perf_counter()
            # one transaction, its events assigned in chunks: a bar with total, rate and ETA, on a terminal only
            with progress_bar("reindex", store.counts()["events"], unit="events") as bar:
                got = store.rebuild_incidents(progress=lambda done, total: bar.update(done))
            n = store.counts()["incidents"]
        finally:
            store.close()
    except EventwireError as exc:
        _fail(exc)
        return
    typer.echo(f"reindexed with {VERSION}: {got['incidents']} incidents from "
               f"{got['incidents'] + got['corroborated']} events ({n} stored) in {time.perf_counter() - t0:.1f} s",
               err=True)


class GraphFormat(str, Enum):
    table = "table"
    json = "json"
    graphml = "graphml"


@app.command()
def graph(db: Optional[str] = DB_OPT,
          since: Optional[str] = SINCE_OPT, until: Optional[str] = UNTIL_OPT,
          actor: Optional[str] = typer.Option(None, "--actor", help="Keep this actor's ego network (name part or id)."),
          country: Optional[str] = typer.Option(None, "--country", callback=_check_country,
                                                help="Keep the edges that touch an actor of this ISO3 country."),
          fmt: GraphFormat = typer.Option(GraphFormat.table, "--format", "-f", help="table, json or graphml."),
          wide: bool = WIDE_OPT) -> None:
    """The alliance graph: ally and hostile edges between actors, weighted +1 per cooperative event or ally
    statement and -1 per conflictual event or hostile statement, each with the events and statements behind it.
    json is networkx node-link data; graphml carries the evidence lists as JSON strings."""
    from eventwire.graph import edge_rows, to_graphml, to_json
    from eventwire.store import open as open_store

    try:
        store = open_store(db, readonly=True)
        try:
            g = store.graph(since=since, until=until, actor=actor, country=country)
        finally:
            store.close()
    except EventwireError as exc:
        _fail(exc)
        return
    if fmt is GraphFormat.json:
        typer.echo(json.dumps(to_json(g), ensure_ascii=False, indent=1, default=str))
    elif fmt is GraphFormat.graphml:
        typer.echo(to_graphml(g), nl=False)
    else:
        cols = ("a", "b", "relation", "weight", "n_events", "n_statements", "first", "last", "a_name", "b_name")
        heads = ("A", "B", "RELATION", "WEIGHT", "EVENTS", "STATEMENTS", "FIRST", "LAST", "A_NAME", "B_NAME")
        cells = [[_cell(r.get(c)) for c in cols] for r in edge_rows(g)]
        _table(heads, cells, [None if wide else _WRAP_DEFAULT] * len(cols))
    typer.echo(f"{g.number_of_nodes()} actors, {g.number_of_edges()} edges", err=True)


def _check_export_format(value: str) -> str:
    from eventwire.export import FORMATS

    v = (value or "").lower()
    if v not in FORMATS:
        raise typer.BadParameter(f"{value!r} is not an export format (one of {', '.join(FORMATS)})")
    return v


@app.command()
def export(fmt: str = typer.Argument(..., metavar="FORMAT", callback=_check_export_format,
                                     help="acled-csv, gdelt, plover-jsonl, geojson, graphml or parquet."),
           db: Optional[str] = DB_OPT, actor: Optional[str] = ACTOR_OPT, type_: Optional[str] = TYPE_OPT,
           country: Optional[str] = COUNTRY_OPT, since: Optional[str] = SINCE_OPT, until: Optional[str] = UNTIL_OPT,
           status: Optional[str] = STATUS_OPT, search: Optional[str] = SEARCH_OPT,
           per_report: bool = typer.Option(False, "--per-report",
                                           help="acled-csv and gdelt: one row per report (event), not per "
                                                "incident."),
           output: Optional[Path] = typer.Option(None, "--output", "-o",
                                                 help="Write to FILE (atomically: a temp file, then a rename); "
                                                      "default stdout.")) -> None:
    """Export the store: acled-csv (ACLED's columns, one row per incident with an ACLED type; --per-report: per
    event, with its incident_id), gdelt (GDELT 2.0's event table, 61 tab-separated columns, one row per incident;
    --per-report: per event), plover-jsonl (one event per line, POLECAT-like fields, with its incident_id),
    geojson (incidents as points), graphml (the alliance graph; takes --since --until --actor --country only) or
    parquet (the PLOVER records as a typed Parquet table). Every record carries its incident's id."""
    from eventwire.export import GRAPH_FILTERS, PER_REPORT_FORMATS, export as run_export, export_to_file
    from eventwire.store import open as open_store

    filters = {"actor": actor, "type": type_, "country": country, "since": since, "until": until,
               "status": status, "search": search}
    filters = {k: v for k, v in filters.items() if v is not None}
    if per_report and fmt not in PER_REPORT_FORMATS:
        raise typer.BadParameter(f"--per-report is for {' and '.join(PER_REPORT_FORMATS)}, not {fmt}",
                                 param_hint="FORMAT")
    if fmt == "graphml":
        bad = sorted(set(filters) - set(GRAPH_FILTERS))
        if bad:
            raise typer.BadParameter(f"graphml takes --since --until --actor --country, not "
                                     f"{', '.join('--' + b for b in bad)}", param_hint="FORMAT")
    try:
        store = open_store(db, readonly=True)
        try:
            if output is not None:
                counts = export_to_file(store, fmt, output, per_report=per_report, **filters)
            elif fmt == "parquet":
                if sys.stdout.isatty():
                    raise EventwireError("parquet is binary: give -o FILE (or redirect stdout)")
                sys.stdout.flush()
                counts = run_export(store, fmt, sys.stdout.buffer, **filters)
                sys.stdout.buffer.flush()
            else:
                counts = run_export(store, fmt, sys.stdout, per_report=per_report, **filters)
                sys.stdout.flush()
        finally:
            store.close()
    except EventwireError as exc:
        _fail(exc)
        return
    except OSError as exc:
        _fail(EventwireError(f"cannot write {output}: {exc.strerror or exc}"))
        return
    what = {"acled-csv": "incidents", "gdelt": "incidents", "plover-jsonl": "events", "geojson": "incidents",
            "graphml": "edges", "parquet": "events"}[fmt]
    if per_report:
        what = "events"
    msg = f"{fmt}: {counts['records']} {what}"
    if fmt == "graphml":
        msg += f", {counts['nodes']} actors"
    if counts.get("skipped"):
        msg += f"; {counts['skipped']} incidents without coordinates left out"
    typer.echo(msg + (f" -> {output}" if output is not None else ""), err=True)


