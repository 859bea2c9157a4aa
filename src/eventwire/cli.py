"""The command line: a thin edge over the library. Data to stdout, diagnostics to stderr.

Exit status: 0 success, 1 user error (message on stderr, no traceback), 2 bad usage.
The app and its shared options: cli_common.py; the store commands: cli_store.py; eval: cli_eval.py; brief and
alerts: cli_brief.py. This module: extract, demo, ingest, serve, watch, train.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import List, Optional

import typer

from eventwire.cli_common import (  # noqa: F401 - app and the shared options are also eventwire.cli's
    DB_OPT, MODEL_OPT, OutFormat, _check_date, _check_near, _check_published, _fail, _use_model, app,
    estimate_articles, printable, progress_bar,
)
from eventwire.errors import EventwireError


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


@app.command()
def extract(
    paths: List[str] = typer.Argument(None, help="Files or folders (.txt, .html, .jsonl, .json, .gz); - for stdin."),
    published: Optional[str] = typer.Option(None, "--published", callback=_check_published,
                                            help="Publication date YYYY-MM-DD for inputs that carry none."),
    fmt: Format = typer.Option(Format.json, "--format", "-f", help="json, jsonl or table."),
    explain: bool = typer.Option(False, "--explain", help="Show each event's sentence with the spans behind every field."),
    wide: bool = typer.Option(False, "--wide", help="Table: each cell on one line, nothing wrapped."),
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
        bad_dates: list[str] = []  # records whose `published` is no date: "<record> ('<value>')"
        for ann in results:
            if ann.article.published_raw is not None:
                bad_dates.append(f"{ann.article.source_id or ann.article.url or ann.article.id[:12]} "
                                 f"({ann.article.published_raw!r})")
            if not ann.article.published and any(t.anchor == "unknown" for t in ann.times):
                undated += 1
            if fmt is Format.jsonl:
                typer.echo(json.dumps(ann.to_dict(), ensure_ascii=False))
            elif fmt is Format.json:
                collected.append(ann.to_dict())
            else:
                if not first:
                    typer.echo("")
                typer.echo(printable("\n".join(table_rows(ann, wide))))
            if explain:
                for ev in ann.events:
                    typer.echo(printable(explain_event(ann, ev)), err=fmt is not Format.table)
            first = False
        if fmt is Format.json:
            out = collected[0] if len(collected) == 1 else collected
            typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        if undated:
            typer.echo(f"warning: {undated} text(s) without a publication date: their relative dates (\"on Monday\", "
                       "\"yesterday\") are left unresolved (value null, anchor \"unknown\") and date no event; "
                       "give --published YYYY-MM-DD", err=True)
        if bad_dates:
            shown = ", ".join(bad_dates[:5]) + (f" and {len(bad_dates) - 5} more" if len(bad_dates) > 5 else "")
            typer.echo(printable(f"warning: {len(bad_dates)} record(s) with a publication date that is no date, "
                                 f"read without it (kept as article.published_raw): {shown}"), err=True)
    except EventwireError as exc:
        _fail(exc)


@app.command()
def demo(db: Optional[str] = typer.Option(None, "--db", help="Store to fill (default: $EVENTWIRE_DB, else the "
                                                                "embedded SQLite file in the user data directory).")
         ) -> None:
    """Ingest the bundled sample corpus into the embedded store, then print its incidents (reports of one
    happening joined across outlets) and a summary of the alliance graph."""
    from eventwire import ingest_sources
    from eventwire.graph import edge_rows
    from eventwire.store import open as open_store

    try:
        base = resources.files("eventwire") / "data"
        with resources.as_file(base / "samples") as samples, resources.as_file(base / "demo") as corpus:
            with open_store(db) as store:
                summary = ingest_sources(store, [str(samples), str(corpus)])
                typer.echo(f"ingested {summary['read']} articles ({summary['new']} new, {summary['duplicate']} "
                           f"already stored) into {store.path}: {store.counts().get('events', 0)} events", err=True)
                rows = store.incidents(limit=0)
                graph = store.graph()
    except EventwireError as exc:
        _fail(exc)
        return
    from eventwire.cli_store import _emit

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
    cmd, activate = _how_to_call()
    at = f" --db {db}" if db else ""
    typer.echo(f"\nNext, try any of:\n  {cmd} events{at} --type ASSAULT --format table\n"
               f"  {cmd} graph{at} --format graphml\n  {cmd} extract FILE --explain\n"
               f"  {cmd} serve{at}      # the dashboard and the API at http://127.0.0.1:8000/ over this store",
               err=True)
    if activate:
        typer.echo(f"(`eventwire` alone is not on your PATH: `source {activate}` puts it there)", err=True)


def _how_to_call() -> tuple[str, str | None]:
    """What to type to run eventwire again, and (where `eventwire` alone is not on PATH, as after `make demo`)
    the venv's activate script that puts it there; the hints name the path this run was started by."""
    import os
    import shutil

    if shutil.which("eventwire"):
        return "eventwire", None

    def short(path: str) -> str:
        rel = os.path.relpath(path)
        return os.path.abspath(path) if rel.startswith("..") else rel if os.sep in rel else os.path.join(".", rel)

    argv0 = sys.argv[0] if sys.argv else ""
    script = argv0 if os.path.basename(argv0) == "eventwire" and os.path.isfile(argv0) else ""
    activate = os.path.join(os.path.dirname(script or sys.executable), "activate")
    cmd = short(script) if script else f"{short(sys.executable)} -m eventwire"
    return cmd, short(activate) if os.path.isfile(activate) else None


# ------------------------------------------------------------------------------------------------ the store


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
    stopped resumes where it stopped). On a terminal a progress bar shows the articles read of about how many,
    the rate and the time left."""
    from eventwire import ingest_sources
    from eventwire.ingest.sources import check_paths
    from eventwire.store import open as open_store

    _use_model(model)
    if workers is not None and scheduler is not None:
        raise typer.BadParameter("use --workers N (a local cluster) or --scheduler ADDRESS, not both")
    if out is not None and db is not None:
        raise typer.BadParameter("--out writes Parquet instead of the store: drop --db (or --out)")

    def note(c) -> str:  # noqa: ANN001
        return (f"{c.new} new, {c.duplicate} duplicate, {c.reannotated} re-annotated, "
                f"{sum(c.rejected.values())} rejected, {c.events} events")

    # a progress bar (done/total, rate, ETA) on a terminal; quiet otherwise (the summary line stays)
    with progress_bar("ingest", estimate_articles(sources) if sys.stderr.isatty() else None) as bar:
        def progress(c) -> None:  # noqa: ANN001
            bar.update(c.read, note(c))

        try:
            check_paths(sources)  # a mistyped path: an error before a store or a Parquet folder is made
            if out is not None or workers is not None or scheduler is not None:
                from eventwire.scale.dask_ingest import DEFAULT_BATCH, run

                kw = dict(published=published, kb_files=[str(p) for p in kb],
                          batch_size=batch_size or DEFAULT_BATCH, workers=workers, scheduler=scheduler,
                          progress=progress)
                if out is not None:
                    summary = run(sources, out=out, **kw)
                    summary["db"] = str(out)
                else:
                    with open_store(db) as store:
                        summary = run(sources, store=store, **kw)
                        summary["db"] = store.path
            else:
                with open_store(db) as store:
                    summary = ingest_sources(store, sources, published=published, kb_files=[str(p) for p in kb],
                                           batch_size=batch_size or 32, progress=progress)
                    summary["db"] = store.path
        except EventwireError as exc:
            bar.close()  # the error below the bar, not inside it
            _fail(exc)
            return
    rate = summary["read"] / summary["seconds"] if summary["seconds"] else 0.0
    workers_note = f", {summary['workers']} workers" if summary.get("mode") == "dask" and summary["workers"] else ""
    rejected = ", ".join(f"{k} {v}" for k, v in summary["rejected"].items())
    typer.echo(f"{summary['read']} read, {summary['new']} new, {summary['duplicate']} duplicate, "
               f"{summary['reannotated']} re-annotated, {summary['rejected_total']} rejected"
               f"{' (' + rejected + ')' if rejected else ''}, {summary['events']} events"
               f"{'' if out is not None else ', ' + str(summary['incidents']) + ' new incidents'} "
               f"in {summary['seconds']:.1f} s ({rate:.1f} articles/s"
               f"{workers_note}) -> {summary['db']}", err=True)
    if summary.get("bad_published"):
        typer.echo(f"warning: {summary['bad_published']} article(s) gave a publication date that is no date: stored "
                   "without it (or with the document's own), the value kept as article.published_raw", err=True)
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
    if out is None:
        from eventwire.cli_brief import deliver_after

        deliver_after(db)  # the alerts this ingest raised (eventwire.alerts)


from eventwire import cli_store as _cli_store  # noqa: E402,F401  (registers events ... export)
from eventwire.cli_eval import Dataset  # noqa: E402,F401  (registers eval)


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
    from eventwire.api.app import LOOPBACK_HOSTS, STATIC_DIR
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
    if not (STATIC_DIR / "index.html").is_file():
        typer.echo("note: the dashboard is not built, so / says how to build it: `make dashboard` in the source "
                   "tree (Node 18+ and the npm registry, once); the JSON API works without it", err=True)
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
                       f"{got['retry_later']} to retry"
                       + (f", {got['no_link']} without a link or id (not stored: nothing tells them seen)"
                          if got.get("no_link") else "")
                       + f", {got['events']} events", err=True)
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
