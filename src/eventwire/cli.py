"""The command line: a thin edge over the library. Data to stdout, diagnostics to stderr.

Exit status: 0 success, 1 user error (message on stderr, no traceback), 2 bad usage.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import List, Optional

import typer

from eventwire.errors import EventwireError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Sourced, geolocated event data from raw news about wars, unrest and diplomacy.")


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


def _version(value: bool) -> None:
    if value:
        from eventwire.version import package_version, pipeline_version

        typer.echo(f"eventwire {package_version()}, pipeline {pipeline_version()}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the package and pipeline versions and exit.")) -> None:
    """Sourced, geolocated event data from raw news about wars, unrest and diplomacy."""


MODEL_OPT = typer.Option(None, "--model", help="An event model directory made by `eventwire train` (default: "
                                               "$EVENTWIRE_MODEL, else the shipped model).")


def _use_model(model: Optional[Path]) -> None:
    """--model DIR: every pipeline this process builds (and its local workers) loads that model."""
    if model is None:
        return
    import os

    from eventwire.eventmodel import load_model

    try:
        load_model(model)  # fail now, with the reason, rather than in a worker
    except EventwireError as exc:
        _fail(exc)
    os.environ["EVENTWIRE_MODEL"] = str(model.resolve())


def _fail(exc: Exception) -> None:
    typer.echo(f"Error: {exc}", err=True)
    raise typer.Exit(1)


def _check_date(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD")


def _check_published(value: Optional[str]) -> Optional[str]:
    """--published: the rule every entry point shares (eventwire.ingest.dates.check_published)."""
    if value is None:
        return None
    from eventwire.ingest.dates import check_published

    try:
        return check_published(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc))


@app.command()
def extract(
    paths: List[str] = typer.Argument(None, help="Files or folders (.txt, .html, .jsonl, .json, .gz); - for stdin."),
    published: Optional[str] = typer.Option(None, "--published", callback=_check_published,
                                            help="Publication date YYYY-MM-DD for inputs that carry none."),
    fmt: Format = typer.Option(Format.json, "--format", "-f", help="json, jsonl or table."),
    explain: bool = typer.Option(False, "--explain", help="Show each event's sentence with the spans behind every field."),
    kb: List[Path] = typer.Option([], "--kb", help="Extra knowledge-base YAML file(s) of your own actors."),
    model: Optional[Path] = MODEL_OPT,
) -> None:
    """Extract events from articles and print them (one object per input article, in input order)."""
    _use_model(model)
    from eventwire.ingest import read_sources
    from eventwire.pipeline import Pipeline
    from eventwire.render import explain_event, table_rows

    try:
        sources = paths or ["-"]
        pipe = Pipeline(kb_files=[str(p) for p in kb])
        articles = read_sources(sources, stdin=sys.stdin.buffer if "-" in sources else None, published=published)
        results = pipe.run(articles)
        first = True
        collected = []
        undated = 0  # texts with no publication date whose relative dates stayed unresolved
        for ann in results:
            if not ann.article.published and any(t.anchor == "unknown" for t in ann.times):
                undated += 1
            if fmt is Format.jsonl:
                typer.echo(json.dumps(ann.to_dict(), ensure_ascii=False))
            elif fmt is Format.json:
                collected.append(ann.to_dict())
            else:
                if not first:
                    typer.echo("")
                typer.echo("\n".join(table_rows(ann)))
            if explain:
                for ev in ann.events:
                    typer.echo(explain_event(ann, ev), err=fmt is not Format.table)
            first = False
        if fmt is Format.json:
            out = collected[0] if len(collected) == 1 else collected
            typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        if undated:
            typer.echo(f"warning: {undated} text(s) without a publication date: their relative dates (\"on Monday\", "
                       "\"yesterday\") are left unresolved (value null, anchor \"unknown\") and date no event; "
                       "give --published YYYY-MM-DD", err=True)
    except EventwireError as exc:
        _fail(exc)


@app.command()
def demo(db: Optional[str] = typer.Option(None, "--db", help="Store to fill (default: $EVENTWIRE_DB, else the "
                                                                "embedded SQLite file in the user data directory).")
         ) -> None:
    """Ingest the bundled sample corpus into the embedded store, then print its incidents (reports of one
    happening joined across outlets) and a summary of the alliance graph."""
    from eventwire.graph import edge_rows
    from eventwire.store import open as open_store

    try:
        base = resources.files("eventwire") / "data"
        with resources.as_file(base / "samples") as samples, resources.as_file(base / "demo") as corpus:
            with open_store(db) as store:
                summary = store.ingest([str(samples), str(corpus)])
                typer.echo(f"ingested {summary['read']} articles ({summary['new']} new, {summary['duplicate']} "
                           f"already stored) into {store.path}: {store.counts().get('events', 0)} events", err=True)
                rows = store.incidents(limit=0)
                graph = store.graph()
    except EventwireError as exc:
        _fail(exc)
        return
    multi = [r for r in rows if (r.get("sources_count") or 0) >= 2]
    typer.echo(f"# Incidents reported by two or more outlets ({len(multi)} of {len(rows)})")
    _emit("incidents", multi, OutFormat.table)
    edges = edge_rows(graph)
    typer.echo(f"\n# Alliance graph: {graph.number_of_nodes()} actors, {len(edges)} edges "
               f"({sum(e['relation'] == 'ally' for e in edges)} ally, "
               f"{sum(e['relation'] == 'hostile' for e in edges)} hostile); the strongest:")
    for e in edges[:15]:
        typer.echo(f"  {e['relation']:<8} {e['weight']:+d}  {e['a_name'] or e['a']}  --  {e['b_name'] or e['b']}"
                   f"  ({e['n_events']} events, {e['n_statements']} statements)")
    typer.echo("\nNext, try any of:\n  eventwire events --type ASSAULT --format table\n"
               "  eventwire graph --format graphml\n  eventwire extract FILE --explain", err=True)


# ------------------------------------------------------------------------------------------------ the store


class OutFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


def _check_choice(choices: tuple[str, ...], what: str, upper: bool):
    def check(value: Optional[str]) -> Optional[str]:
        if value is None:
            return None
        v = value.upper() if upper else value.lower()
        if v not in choices:
            raise typer.BadParameter(f"{value!r} is not a {what} (one of {', '.join(choices)})")
        return v
    return check


def _check_country(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    if len(value) != 3 or not value.isalpha() or not value.isascii():
        raise typer.BadParameter(f"{value!r} is not an ISO 3166-1 alpha-3 country code (e.g. SYR)")
    return value.upper()


def _event_types() -> tuple[str, ...]:
    from eventwire.records import EVENT_TYPES
    return EVENT_TYPES


def _statuses() -> tuple[str, ...]:
    from eventwire.records import STATUSES
    return STATUSES


_DB_HELP = ("A file path, sqlite:///file.db or postgresql://user@host/dbname; default $EVENTWIRE_DB, then "
            "eventwire.db in the user data dir.")
DB_OPT = typer.Option(None, "--db", help=_DB_HELP)
ACTOR_OPT = typer.Option(None, "--actor", help="Actor name (part of it) or id.")
TYPE_OPT = typer.Option(None, "--type", callback=_check_choice(_event_types(), "PLOVER event type", True),
                        help="PLOVER event type (ASSAULT, PROTEST, ...).")
COUNTRY_OPT = typer.Option(None, "--country", callback=_check_country, help="ISO3 country code (SYR).")
SINCE_OPT = typer.Option(None, "--since", callback=_check_date, help="From this date (YYYY-MM-DD).")
UNTIL_OPT = typer.Option(None, "--until", callback=_check_date, help="Up to this date (YYYY-MM-DD).")
STATUS_OPT = typer.Option(None, "--status", callback=_check_choice(_statuses(), "status", False),
                          help="Attribution status (reported, claimed, denied, negated, hypothetical, background).")
SEARCH_OPT = typer.Option(None, "--search", help="Words that must all occur in the article's title or text.")
LIMIT_OPT = typer.Option(100, "--limit", min=0, help="At most N rows (0: all).")
FORMAT_OPT = typer.Option(OutFormat.table, "--format", "-f", help="table, jsonl or csv.")

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


def _emit(kind: str, rows: list[dict], fmt: OutFormat) -> None:
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
        cells = [[_cell(r.get(c), 16 if c == "id" else 60 if c == "figures" else 40) for c in cols] for r in rows]
        heads = [c.removesuffix("_count").upper() for c in cols]
        widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(heads)]
        typer.echo("  ".join(h.ljust(w) for h, w in zip(heads, widths)).rstrip())
        for row in cells:
            typer.echo("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
        typer.echo(f"{len(rows)} {kind}", err=True)


def _query(kind: str, db: Optional[str], fmt: OutFormat, **filters: object) -> None:
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
    _emit(kind, rows, fmt)


def _check_scheduler(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    import re

    if not re.fullmatch(r"(tcp|tls)://[^\s/:]+(:\d{1,5})?/?|(tcp|tls)://\[[0-9A-Fa-f:.]+\](:\d{1,5})?/?", value):
        raise typer.BadParameter(f"{value!r} is not a scheduler address like tcp://HOST:8786")
    return value.rstrip("/")


@app.command()
def ingest(
    sources: List[str] = typer.Argument(..., help="Files or folders (.txt, .html, .jsonl, .json, .gz, .warc, "
                                                  ".warc.gz, .rss, .atom, feed .xml)."),
    db: Optional[str] = DB_OPT,
    published: Optional[str] = typer.Option(None, "--published", callback=_check_published,
                                            help="Publication date YYYY-MM-DD for inputs that carry none."),
    kb: List[Path] = typer.Option([], "--kb", help="Extra knowledge-base YAML file(s) of your own actors."),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", min=1,
                                             help="Articles per transaction (32), or per Dask task (16)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1,
                                          help="Annotate on a local Dask cluster of N worker processes."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", callback=_check_scheduler,
                                            help="Annotate on a running Dask cluster: tcp://HOST:PORT."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write a Parquet data set (partitioned by month) to "
                                                           "this folder instead of the store."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON on stdout."),
    model: Optional[Path] = MODEL_OPT,
) -> None:
    """Read, annotate and store articles (idempotent: the same article twice changes nothing; a run that was
    stopped resumes where it stopped)."""
    import time

    from eventwire.store import open as open_store

    _use_model(model)
    if workers is not None and scheduler is not None:
        raise typer.BadParameter("use --workers N (a local cluster) or --scheduler ADDRESS, not both")
    if out is not None and db is not None:
        raise typer.BadParameter("--out writes Parquet instead of the store: drop --db (or --out)")

    tty = sys.stderr.isatty()
    last = [0.0]

    def progress(c) -> None:  # noqa: ANN001
        t = time.monotonic()
        if tty or t - last[0] >= 5:
            line = (f"ingest: {c.read} read, {c.new} new, {c.duplicate} duplicate, {c.reannotated} re-annotated, "
                    f"{sum(c.rejected.values())} rejected, {c.events} events")
            typer.echo("\r" + line if tty else line, err=True, nl=not tty)
            last[0] = t

    try:
        if out is not None or workers is not None or scheduler is not None:
            from eventwire.scale.dask_ingest import DEFAULT_BATCH, run

            kw = dict(published=published, kb_files=[str(p) for p in kb], batch_size=batch_size or DEFAULT_BATCH,
                      workers=workers, scheduler=scheduler, progress=progress)
            if out is not None:
                summary = run(sources, out=out, **kw)
                summary["db"] = str(out)
            else:
                with open_store(db) as store:
                    summary = run(sources, store=store, **kw)
                    summary["db"] = store.path
        else:
            with open_store(db) as store:
                summary = store.ingest(sources, published=published, kb_files=[str(p) for p in kb],
                                       batch_size=batch_size or 32, progress=progress)
                summary["db"] = store.path
    except EventwireError as exc:
        if tty:
            typer.echo("", err=True)
        _fail(exc)
        return
    if tty:
        typer.echo("", err=True)
    rate = summary["read"] / summary["seconds"] if summary["seconds"] else 0.0
    workers_note = f", {summary['workers']} workers" if summary.get("mode") == "dask" and summary["workers"] else ""
    rejected = ", ".join(f"{k} {v}" for k, v in summary["rejected"].items())
    typer.echo(f"{summary['read']} read, {summary['new']} new, {summary['duplicate']} duplicate, "
               f"{summary['reannotated']} re-annotated, {summary['rejected_total']} rejected"
               f"{' (' + rejected + ')' if rejected else ''}, {summary['events']} events"
               f"{'' if out is not None else ', ' + str(summary['incidents']) + ' new incidents'} "
               f"in {summary['seconds']:.1f} s ({rate:.1f} articles/s"
               f"{workers_note}) -> {summary['db']}", err=True)
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
    if out is None:
        from eventwire.cli_brief import deliver_after

        deliver_after(db)  # the alerts this ingest raised (eventwire.alerts)


def _check_near(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    from eventwire.store.queries import parse_near

    try:
        parse_near(value)
    except EventwireError as exc:
        raise typer.BadParameter(str(exc).replace("near: ", ""))
    return value


NEAR_OPT = typer.Option(None, "--near", callback=_check_near, metavar="LAT,LON,KM",
                        help="Placed within KM kilometres of the point (e.g. 36.2,37.15,50).")
MIN_SOURCES_OPT = typer.Option(None, "--min-sources", min=1,
                               help="Reported by at least N distinct outlets (the event's incident).")


@app.command()
def events(db: Optional[str] = DB_OPT, actor: Optional[str] = ACTOR_OPT, type_: Optional[str] = TYPE_OPT,
           country: Optional[str] = COUNTRY_OPT, since: Optional[str] = SINCE_OPT, until: Optional[str] = UNTIL_OPT,
           status: Optional[str] = STATUS_OPT, search: Optional[str] = SEARCH_OPT,
           near: Optional[str] = NEAR_OPT, min_sources: Optional[int] = MIN_SOURCES_OPT, limit: int = LIMIT_OPT,
           fmt: OutFormat = FORMAT_OPT) -> None:
    """Stored events (newest first); --country is where the event happened."""
    _query("events", db, fmt, actor=actor, type=type_, country=country, since=since, until=until, status=status,
           search=search, near=near, min_sources=min_sources, limit=limit)


@app.command()
def actors(db: Optional[str] = DB_OPT, actor: Optional[str] = ACTOR_OPT, type_: Optional[str] = TYPE_OPT,
           country: Optional[str] = COUNTRY_OPT, since: Optional[str] = SINCE_OPT, until: Optional[str] = UNTIL_OPT,
           status: Optional[str] = STATUS_OPT, search: Optional[str] = SEARCH_OPT, limit: int = LIMIT_OPT,
           fmt: OutFormat = FORMAT_OPT) -> None:
    """Stored actors with event and article counts; --country is the actor's own, event filters keep actors of
    matching events."""
    _query("actors", db, fmt, actor=actor, type=type_, country=country, since=since, until=until, status=status,
           search=search, limit=limit)


@app.command()
def articles(db: Optional[str] = DB_OPT, actor: Optional[str] = ACTOR_OPT, type_: Optional[str] = TYPE_OPT,
             country: Optional[str] = COUNTRY_OPT, since: Optional[str] = SINCE_OPT, until: Optional[str] = UNTIL_OPT,
             status: Optional[str] = STATUS_OPT, search: Optional[str] = SEARCH_OPT, limit: int = LIMIT_OPT,
             fmt: OutFormat = FORMAT_OPT) -> None:
    """Stored articles (newest first); --since/--until is the publication date, --country a place mentioned."""
    _query("articles", db, fmt, actor=actor, type=type_, country=country, since=since, until=until, status=status,
           search=search, limit=limit)


@app.command()
def incidents(db: Optional[str] = DB_OPT, actor: Optional[str] = ACTOR_OPT, type_: Optional[str] = TYPE_OPT,
              country: Optional[str] = COUNTRY_OPT,
              since: Optional[str] = SINCE_OPT, until: Optional[str] = UNTIL_OPT,
              min_sources: Optional[int] = typer.Option(None, "--min-sources", min=1,
                                                        help="Reported by at least N distinct outlets."),
              near: Optional[str] = NEAR_OPT, limit: int = LIMIT_OPT, fmt: OutFormat = FORMAT_OPT) -> None:
    """Incidents: one happening with every report of it across articles (newest first). SOURCES counts distinct
    outlets (SINGLE_SOURCE when 1); differing figures are listed side by side, never averaged."""
    _query("incidents", db, fmt, actor=actor, type=type_, country=country, since=since, until=until,
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
            got = store.rebuild_incidents()
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
          fmt: GraphFormat = typer.Option(GraphFormat.table, "--format", "-f", help="table, json or graphml.")) -> None:
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
        cols = ("a", "b", "relation", "weight", "n_events", "n_statements", "first", "last")
        heads = ("A", "B", "RELATION", "WEIGHT", "EVENTS", "STATEMENTS", "FIRST", "LAST")
        cells = [[_cell(r.get(c), 40) for c in cols] for r in edge_rows(g)]
        widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(heads)]
        typer.echo("  ".join(h.ljust(w) for h, w in zip(heads, widths)).rstrip())
        for row in cells:
            typer.echo("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
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


class Dataset(str, Enum):
    plover = "plover"
    acled = "acled"
    geovirus = "geovirus"
    extraction = "extraction"
    cameo = "cameo"
    india_police = "india-police"
    satp = "satp"
    timeml = "timeml"
    tr_news = "tr-news"
    incidents = "incidents"


@app.command("eval")
def eval_(
    dataset: Dataset = typer.Argument(..., help="plover, acled, geovirus, tr-news, extraction, cameo, india-police, "
                                                    "satp, timeml or incidents."),
    path: Path = typer.Argument(..., help="The gold file or folder (see ../shared/eval/README.md)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    errors: int = typer.Option(0, "--errors", help="Print the N worst cases."),
) -> None:
    """Score the system on a gold set."""
    if not path.exists():
        _fail(EventwireError(f"no such file or folder: {path}"))
    try:
        if dataset is Dataset.plover:
            from eventwire.evaluation.plover import evaluate_plover as fn
        elif dataset is Dataset.acled:
            from eventwire.evaluation.acled import evaluate_acled as fn
        elif dataset is Dataset.geovirus:
            from eventwire.evaluation.geovirus import evaluate_geovirus as fn
        elif dataset is Dataset.cameo:
            from eventwire.evaluation.cameo import evaluate_cameo as fn
        elif dataset is Dataset.india_police:
            from eventwire.evaluation.india_police import evaluate_india_police as fn
        elif dataset is Dataset.satp:
            from eventwire.evaluation.satp import evaluate_satp as fn
        elif dataset is Dataset.timeml:
            from eventwire.evaluation.timeml import evaluate_timeml as fn
        elif dataset is Dataset.tr_news:
            from eventwire.evaluation.tr_news import evaluate_tr_news as fn
        elif dataset is Dataset.incidents:
            from eventwire.evaluation.incidents import evaluate_incidents as fn
        else:
            from eventwire.evaluation.extraction import evaluate_extraction as fn
        reports = dataset in (Dataset.plover, Dataset.acled, Dataset.cameo, Dataset.india_police,
                              Dataset.satp, Dataset.timeml, Dataset.incidents)  # these print their own full report
        if reports:
            result = fn(path, errors=errors, out=None if as_json else sys.stdout)
        else:
            result = fn(path, errors=errors)
    except EventwireError as exc:
        _fail(exc)
        return
    if reports and not as_json:
        return
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    typer.echo(f"{dataset.value}: {path}")
    for k, v in result.get("metrics", {}).items():
        if isinstance(v, float):
            typer.echo(f"  {k:<40} {v:.3f}")
        elif not isinstance(v, (dict, list)):
            typer.echo(f"  {k:<40} {v}")
    for k in ("baseline_trafilatura",):
        if k in result:
            typer.echo(f"  {k}: " + ", ".join(f"{a}={b:.3f}" if isinstance(b, float) else f"{a}={b}"
                                              for a, b in result[k].items() if not isinstance(b, (dict, list))))
    for i, err in enumerate(result.get("errors", [])[:errors]):
        typer.echo(f"\n--- error {i + 1}\n" + json.dumps(err, ensure_ascii=False, indent=1, default=str))


@app.command()
def serve(db: Optional[str] = DB_OPT,
          host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default loopback only; "
                                                                "0.0.0.0 opens it to your network)."),
          port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
          token_file: Optional[Path] = typer.Option(None, "--token-file",
                                                    help="File holding the bearer token that enables POST "
                                                         "/api/ingest (else $EVENTWIRE_API_TOKEN; without "
                                                         "either, ingestion over HTTP is disabled).")) -> None:
    """Serve the HTTP API (/api/...) and the dashboard over a store, until Ctrl-C."""
    from eventwire.api import create_app
    from eventwire.api.app import LOOPBACK_HOSTS
    from eventwire.api.server import serve as run_server

    token = None
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            _fail(EventwireError(f"cannot read the token file {token_file}: {getattr(exc, 'strerror', None) or exc}"))
            return
        if not token:
            _fail(EventwireError(f"the token file {token_file} is empty"))
            return
    loopback = host in LOOPBACK_HOSTS
    try:
        api = create_app(db, token=token, allowed_hosts=LOOPBACK_HOSTS if loopback else None)
    except EventwireError as exc:
        _fail(exc)
        return
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"eventwire: serving {api.state.store.path} at http://{shown}:{port}/ (API under /api, "
               f"OpenAPI at /api/openapi.json; ingestion {'enabled' if api.state.token else 'disabled'})", err=True)
    if not loopback:
        typer.echo(f"warning: bound to {host}: anyone who can reach this machine can read the store", err=True)
    run_server(api, host, port)  # connection limits and timeouts: eventwire.api.limits


@app.command()
def watch(
    feeds: List[str] = typer.Argument(..., metavar="FEED...", help="RSS/Atom feed URLs or local feed files."),
    db: Optional[str] = DB_OPT,
    every: str = typer.Option("10m", "--every", help="Time between polls: 30s, 10m, 1h."),
    once: bool = typer.Option(False, "--once", help="Poll once and exit."),
    fetch: bool = typer.Option(True, "--fetch/--no-fetch",
                               help="Fetch each new item's page (default), or use the item's inline content."),
    kb: List[Path] = typer.Option([], "--kb", help="Extra knowledge-base YAML file(s) of your own actors."),
    as_json: bool = typer.Option(False, "--json", help="Print each poll's summary as a JSON line on stdout."),
) -> None:
    """Poll RSS/Atom feeds and store their new articles (network use: the feeds and, with --fetch, the pages)."""
    from eventwire.store import open as open_store

    try:
        from eventwire.watch import check_sources, parse_interval, watch as run_watch

        interval = parse_interval(every)
        sources = check_sources(feeds)
        from eventwire.pipeline import Pipeline

        pipe = Pipeline(kb_files=[str(p) for p in kb])
        needs_net = fetch or any(s.lower().startswith(("http://", "https://")) for s in sources)
        fetcher = None
        if needs_net:
            from eventwire.ingest.fetch import Fetcher

            fetcher = Fetcher()

        def show(got: dict) -> None:
            typer.echo(f"watch: {got['feeds']} feeds, {got['items']} items: {got['stored']} stored, "
                       f"{got['seen']} seen before, {got['duplicate']} duplicate, {got['rejected']} rejected, "
                       f"{got['retry_later']} to retry, {got['events']} events", err=True)
            if as_json:
                typer.echo(json.dumps(got, ensure_ascii=False))
            from eventwire.cli_brief import deliver_after

            deliver_after(db)  # the alerts this poll raised (eventwire.alerts)

        try:
            with open_store(db) as store:
                results = run_watch(store, sources, every=interval, once=once, fetcher=fetcher, fetch_pages=fetch,
                                    pipeline=pipe, report=lambda m: typer.echo(m, err=True), on_poll=show)
        finally:
            if fetcher is not None:
                fetcher.close()
    except EventwireError as exc:
        _fail(exc)
        return
    if once and results and results[-1]["feed_errors"] and not results[-1]["feeds"]:
        typer.echo("Error: no feed could be read", err=True)
        raise typer.Exit(1)


@app.command()
def train(
    files: List[Path] = typer.Argument(None, help="Your labelled CSV/TSV/JSONL: a text column (text, sentence or "
                                                  "notes) and a label (label, plover, acled or sub_event_type)."),
    out: Path = typer.Option(..., "--out", "-o", help="The model directory to write (card.json, vocab.json, "
                                                      "weights.npz)."),
    shipped: bool = typer.Option(True, "--with-shipped/--only-mine",
                                 help="Also train on the sentences shipped with eventwire (they hold the examples "
                                      "of sentences that report no event)."),
    folds: int = typer.Option(5, "--folds", min=0, help="Cross-validation folds to report (0: none)."),
    c: float = typer.Option(10.0, "--C", min=1e-4, help="Inverse regularisation strength."),
) -> None:
    """Fit the event model on labelled sentences; use it with --model DIR or EVENTWIRE_MODEL=DIR."""
    from eventwire.eventmodel.train import train as fit

    try:
        card = fit(out, files or (), with_shipped=shipped, folds=folds, C=c)
    except EventwireError as exc:
        _fail(exc)
        return
    cv = card.get("cross_validation") or {}
    typer.echo(f"model: {out} ({card['examples']} examples, {card['features']} features, {card['seconds']} s)",
               err=True)
    if cv:
        typer.echo(f"cross-validation ({cv['folds']} folds): event F1 {cv['event_f1']:.3f}, PLOVER macro-F1 "
                   f"{cv['plover']['macro_f1']:.3f}, ACLED sub-event macro-F1 {cv['acled']['macro_f1']:.3f}",
                   err=True)
    typer.echo(f"use it: eventwire extract --model {out} ARTICLE  (or EVENTWIRE_MODEL={out})", err=True)


from eventwire import cli_brief as _cli_brief  # noqa: E402,F401  (registers brief, alert, alerts)


def main() -> None:
    try:
        app()
    except EventwireError as exc:  # pragma: no cover - commands translate their own
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
