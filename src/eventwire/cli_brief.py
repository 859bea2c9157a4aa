"""The command line's `brief`, `alert add|list|remove` and `alerts` commands (registered on `eventwire.cli.app`;
kept apart so that cli.py stays one screenful of commands per concern)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from eventwire.cli_common import DB_OPT, _check_date, _check_near, _fail, app, printable
from eventwire.errors import EventwireError


class BriefFormat(str, Enum):
    md = "md"
    html = "html"
    json = "json"


def _countries(values: Optional[List[str]]) -> List[str]:
    out = []
    for v in values or []:
        for c in v.split(","):
            c = c.strip().upper()
            if c:
                if len(c) != 3 or not c.isalpha():
                    raise typer.BadParameter(f"{c!r} is not an ISO 3166-1 alpha-3 country code (e.g. SYR)")
                out.append(c)
    return out


@app.command()
def brief(
    db: Optional[str] = DB_OPT,
    country: Optional[List[str]] = typer.Option(None, "--country", callback=_countries,
                                                help="ISO3 country (repeat for several): incidents there."),
    actor: Optional[List[str]] = typer.Option(None, "--actor", help="Actor name (part of it) or id; repeatable."),
    near: Optional[str] = typer.Option(None, "--near", callback=_check_near, metavar="LAT,LON,KM",
                                       help="Incidents placed within KM kilometres of the point."),
    since: str = typer.Option(..., "--since", callback=_check_date, help="First day (YYYY-MM-DD)."),
    until: str = typer.Option(..., "--until", callback=_check_date, help="Last day (YYYY-MM-DD)."),
    fmt: BriefFormat = typer.Option(BriefFormat.md, "--format", "-f", help="md, html or json."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to FILE instead of stdout."),
    limit: int = typer.Option(12, "--limit", min=1, max=200, help="Main incidents to list."),
    base_url: str = typer.Option("", "--base-url", help="HTML: where the dashboard is served, for the links to "
                                                        "each sentence's article (e.g. http://127.0.0.1:8000/)."),
) -> None:
    """A situation brief of a window against the previous window of the same length: headline numbers, main
    incidents, movements, alliance shifts and contested claims; every sentence with its evidence spans."""
    from eventwire.brief import make_brief, quotes, render
    from eventwire.store import open as open_store

    try:
        with open_store(db, readonly=True) as store:
            b = make_brief(store, since=since, until=until, countries=country or [], actors=actor or [],
                           near=near, limit=limit)
            quoted = quotes(store, b) if fmt is BriefFormat.html else None
        text = render(b, fmt.value, quoted, base_url=base_url)
        if output is not None:
            output.write_text(text, encoding="utf-8")
            typer.echo(f"brief: {sum(len(s.items) for s in b.sections)} sentences -> {output}", err=True)
        else:
            text = printable(text) if fmt is BriefFormat.md else text  # html and json carry no raw controls
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
    except EventwireError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(EventwireError(f"cannot write {output}: {exc.strerror or exc}"))


# ------------------------------------------------------------------------------------------------ alerts

alert_app = typer.Typer(no_args_is_help=True, help="Manage watches: named filters that raise alerts on ingest.")
app.add_typer(alert_app, name="alert")


def deliver_after(db: Optional[str], *, allow_loopback: bool = False) -> None:
    """Deliver the pending alerts of the store (after an ingest or a poll); a note on stderr when any."""
    from eventwire.alert_delivery import deliver_pending
    from eventwire.store import open as open_store

    try:
        with open_store(db, create=False) as store:
            got = deliver_pending(store, allow_loopback=allow_loopback)
    except EventwireError as exc:
        typer.echo(f"warning: alerts not delivered: {exc}", err=True)
        return
    if got["delivered"] or got["failed"]:
        typer.echo(f"alerts: {got['delivered']} delivered, {got['failed']} failed "
                   f"(see eventwire alerts; eventwire alert deliver --retry-failed)", err=True)


@alert_app.command("add")
def alert_add(
    name: str = typer.Argument(..., help="The watch's name (letters, digits, '.', '_', '-')."),
    db: Optional[str] = DB_OPT,
    country: Optional[List[str]] = typer.Option(None, "--country", callback=_countries,
                                                help="ISO3 country of the incident; repeatable."),
    actor: Optional[List[str]] = typer.Option(None, "--actor", help="Actor name (part of it) or id; repeatable."),
    type_: Optional[List[str]] = typer.Option(None, "--type", help="PLOVER event type; repeatable."),
    near: Optional[str] = typer.Option(None, "--near", callback=_check_near, metavar="LAT,LON,KM",
                                       help="Incidents placed within KM kilometres of the point."),
    min_sources: int = typer.Option(1, "--min-sources", min=1, help="At least N distinct outlets report it."),
    webhook: Optional[str] = typer.Option(None, "--webhook", help="POST each alert as JSON to this URL."),
    command: Optional[str] = typer.Option(None, "--command", help="Run this command with each alert as JSON on "
                                                                  "its stdin (no shell)."),
) -> None:
    """Add a watch: every incident stored from now on that matches it raises one alert."""
    from eventwire.alerts import add_watch
    from eventwire.store import open as open_store

    try:
        with open_store(db) as store:
            w = store.write(lambda c: add_watch(c, name, countries=country or [], actors=actor or [],
                                                types=type_ or [], near=near, min_sources=min_sources,
                                                webhook=webhook, command=command))
    except EventwireError as exc:
        _fail(exc)
        return
    typer.echo(json.dumps(w, ensure_ascii=False))


@alert_app.command("list")
def alert_list(db: Optional[str] = DB_OPT) -> None:
    """The watches, as JSON lines."""
    from eventwire.alerts import list_watches
    from eventwire.store import open as open_store

    try:
        with open_store(db, readonly=True) as store:
            rows = store.read(list_watches)
    except EventwireError as exc:
        _fail(exc)
        return
    for w in rows:
        typer.echo(json.dumps(w, ensure_ascii=False))
    typer.echo(f"{len(rows)} watches", err=True)


@alert_app.command("remove")
def alert_remove(name: str = typer.Argument(..., help="The watch's name."), db: Optional[str] = DB_OPT) -> None:
    """Remove a watch and its alerts."""
    from eventwire.alerts import remove_watch
    from eventwire.store import open as open_store

    try:
        with open_store(db, create=False) as store:
            gone = store.write(lambda c: remove_watch(c, name))
    except EventwireError as exc:
        _fail(exc)
        return
    if not gone:
        _fail(EventwireError(f"no watch named {name!r} (eventwire alert list)"))
    typer.echo(f"removed watch {name}", err=True)


@alert_app.command("deliver")
def alert_deliver(db: Optional[str] = DB_OPT,
                  retry_failed: bool = typer.Option(False, "--retry-failed", help="Try the failed alerts again."),
                  allow_loopback: bool = typer.Option(False, "--allow-loopback",
                                                      help="Let webhooks reach a loopback address (tests).")) -> None:
    """Deliver the pending alerts to their watches' webhooks or commands."""
    from eventwire.alert_delivery import retry_failed as requeue
    from eventwire.store import open as open_store

    if retry_failed:
        try:
            with open_store(db, create=False) as store:
                store.write(requeue)
        except EventwireError as exc:
            _fail(exc)
            return
    deliver_after(db, allow_loopback=allow_loopback)


class AlertFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


@app.command("alerts")
def alerts_cmd(db: Optional[str] = DB_OPT,
               since: Optional[str] = typer.Option(None, "--since", callback=_check_date,
                                                   help="Raised on or after this date (YYYY-MM-DD)."),
               watch: Optional[str] = typer.Option(None, "--watch", help="Only this watch's alerts."),
               unread: bool = typer.Option(False, "--unread", help="Only the alerts not yet marked read."),
               mark_read: bool = typer.Option(False, "--mark-read", help="Mark the listed alerts read."),
               limit: int = typer.Option(100, "--limit", min=0, help="At most N alerts (0: all)."),
               fmt: AlertFormat = typer.Option(AlertFormat.table, "--format", "-f", help="table or jsonl.")) -> None:
    """Alerts raised by the watches, newest first."""
    from eventwire.alerts import list_alerts, mark_read as mark
    from eventwire.store import open as open_store

    try:
        with open_store(db, readonly=not mark_read, create=False) as store:
            rows = store.read(lambda c: list_alerts(c, since=since, watch=watch, unread=unread, limit=limit or None))
            if mark_read and rows:
                store.write(lambda c: mark(c, [r["id"] for r in rows]))
    except EventwireError as exc:
        _fail(exc)
        return
    if fmt is AlertFormat.jsonl:
        for r in rows:
            typer.echo(json.dumps(r, ensure_ascii=False))
    else:
        for r in rows:
            typer.echo(f"{r['id']:>5}  {r['raised_at']}  {r['watch'][:20]:<20}  incident {r['incident_id']:<6} "
                       f"{'  ' if r['read'] else '* '}{r['delivery']:<9}  {r['text']}")
    typer.echo(f"{len(rows)} alerts", err=True)
