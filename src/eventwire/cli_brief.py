"""The command line's `brief`, `alert add|list|remove` and `alerts` commands (registered on `eventwire.cli.app`;
kept apart so that cli.py stays one screenful of commands per concern)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from eventwire.cli import DB_OPT, _check_date, _check_near, _fail, app
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
    from eventwire.store import Store

    try:
        with Store(db, readonly=True) as store:
            b = make_brief(store, since=since, until=until, countries=country or [], actors=actor or [],
                           near=near, limit=limit)
            quoted = quotes(store, b) if fmt is BriefFormat.html else None
        text = render(b, fmt.value, quoted, base_url=base_url)
        if output is not None:
            output.write_text(text, encoding="utf-8")
            typer.echo(f"brief: {sum(len(s.items) for s in b.sections)} sentences -> {output}", err=True)
        else:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
    except EventwireError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(EventwireError(f"cannot write {output}: {exc.strerror or exc}"))
