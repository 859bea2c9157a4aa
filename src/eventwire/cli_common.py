"""What the command line's modules share: the app, the --version flag, the option declarations (checked by the
one filters model, `eventwire.store.filters`), error reporting and the progress bar of long jobs.

The commands: cli.py (extract, demo, ingest, serve, watch, train), cli_store.py (the queries, reindex, graph,
export), cli_eval.py (eval), cli_brief.py (brief, alert, alerts).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

import typer

from eventwire.errors import EventwireError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Sourced, geolocated event data from raw news about wars, unrest and diplomacy.")


def _version(value: bool) -> None:
    if value:
        import os

        from eventwire.version import package_version, version_for

        # the version extract and ingest stamp here: $EVENTWIRE_KB's files and $EVENTWIRE_MODEL's count
        kb = [f for f in os.environ.get("EVENTWIRE_KB", "").split(os.pathsep) if f]
        try:
            pipeline = version_for(kb)
        except EventwireError as exc:
            _fail(exc)
        except OSError as exc:
            _fail(Exception(f"{exc.filename or 'a file'}: cannot read a file named by EVENTWIRE_KB or "
                            f"EVENTWIRE_MODEL ({exc.strerror or exc})"))
        typer.echo(f"eventwire {package_version()}, pipeline {pipeline}")
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


# C0 controls but tab and newline, DEL and C1 controls: what an article's text may carry (ESC sequences that clear
# the screen or set the window title) and a terminal would obey. Human-readable output (tables, --explain, a
# Markdown brief on stdout) shows each as U+FFFD; JSON escapes them itself, files keep them.
_TERMINAL_CONTROLS = {c: "\ufffd" for c in [*range(0x09), 0x0B, 0x0C, *range(0x0D, 0x20), *range(0x7F, 0xA0)]}


def printable(text: str) -> str:
    """`text` safe to print on a terminal (see _TERMINAL_CONTROLS)."""
    return text.translate(_TERMINAL_CONTROLS)


def _fail(exc: Exception) -> None:
    typer.echo(f"Error: {exc}", err=True)
    raise typer.Exit(1)


def _check_filter(name: str, keep: bool = False) -> Callable[[Optional[str]], Optional[str]]:
    """A typer callback that checks one filter with the filters model every entry point shares
    (`eventwire.store.filters`): one rule, one message. `keep`: pass the value on as given (--near)."""
    def check(value: Optional[str]) -> Optional[str]:
        if value is None:
            return None
        from eventwire.store.filters import check_value

        try:
            got = check_value(name, value)
        except EventwireError as exc:
            raise typer.BadParameter(str(exc)) from None
        return value if keep else got
    return check


_check_date = _check_filter("since")
_check_near = _check_filter("near", keep=True)
_check_country = _check_filter("country")


def _check_published(value: Optional[str]) -> Optional[str]:
    """--published: the rule every entry point shares (eventwire.ingest.dates.check_published)."""
    if value is None:
        return None
    from eventwire.ingest.dates import check_published

    try:
        return check_published(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc))


class OutFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


_DB_HELP = ("A file path, sqlite:///file.db or postgresql://user@host/dbname; default $EVENTWIRE_DB, then "
            "eventwire.db in the user data dir.")
DB_OPT = typer.Option(None, "--db", help=_DB_HELP)
ACTOR_OPT = typer.Option(None, "--actor", help="Actor name (part of it) or id.")
TYPE_OPT = typer.Option(None, "--type", callback=_check_filter("type"),
                        help="PLOVER event type (ASSAULT, PROTEST, ...).")
COUNTRY_OPT = typer.Option(None, "--country", callback=_check_country, help="ISO3 country code (SYR).")
SINCE_OPT = typer.Option(None, "--since", callback=_check_filter("since"), help="From this date (YYYY-MM-DD).")
UNTIL_OPT = typer.Option(None, "--until", callback=_check_filter("until"), help="Up to this date (YYYY-MM-DD).")
STATUS_OPT = typer.Option(None, "--status", callback=_check_filter("status"),
                          help="Attribution status (reported, claimed, denied, negated, hypothetical, background).")
SEARCH_OPT = typer.Option(None, "--search", help="Words that must all occur in the article's title or text.")
LIMIT_OPT = typer.Option(100, "--limit", min=0, help="At most N rows (0: all).")
FORMAT_OPT = typer.Option(OutFormat.table, "--format", "-f", help="table, jsonl or csv.")

NEAR_OPT = typer.Option(None, "--near", callback=_check_near, metavar="LAT,LON,KM",
                        help="Placed within KM kilometres of the point (e.g. 36.2,37.15,50).")
MIN_SOURCES_OPT = typer.Option(None, "--min-sources", min=1,
                               help="Reported by at least N distinct outlets (the event's incident).")




# ------------------------------------------------------------------------------------------------ progress
def estimate_articles(sources: Sequence[str], cap: int = 200_000) -> Optional[int]:
    """About how many articles `sources` hold, for the progress bar's total: a JSONL file's lines, one per other
    file (folders walked); None where that cannot be told cheaply (stdin, WARC archives, feeds) or past `cap`
    files. An estimate: rejected lines and skipped files count too."""
    import gzip
    import os

    n = 0
    files: list[str] = []
    for s in sources:
        if s == "-":
            return None
        if os.path.isdir(s):
            for root, _dirs, names in os.walk(s):
                files.extend(os.path.join(root, x) for x in names if not x.startswith("."))
                if len(files) > cap:
                    return None
        else:
            files.append(s)
    for f in files:
        low = f.lower()
        if low.endswith((".warc", ".warc.gz", ".rss", ".atom", ".xml")):
            return None
        if low.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
            try:
                with (gzip.open(f, "rb") if low.endswith(".gz") else open(f, "rb")) as fh:
                    n += sum(1 for line in fh if line.strip())
            except OSError:
                n += 1
        else:
            n += 1
    return n


class progress_bar:  # noqa: N801 - used like a function: `with progress_bar("ingest", total) as bar:`
    """A rich progress bar on stderr (done/total, rate, ETA), or nothing when stderr is not a terminal.
    `bar.update(done, note)` moves it; without a total it shows the count, the rate and the elapsed time."""

    def __init__(self, label: str, total: Optional[int], unit: str = "articles") -> None:
        self.label, self.total, self.unit = label, total, unit
        self.progress: Any = None
        self.task: Any = None

    def __enter__(self) -> "progress_bar":
        if not sys.stderr.isatty():
            return self
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn,
                                   TextColumn, TimeElapsedColumn, TimeRemainingColumn)
        from rich.text import Text

        unit = self.unit

        class Rate(ProgressColumn):
            def render(self, task: Any) -> Text:
                return Text(f"{task.speed:.1f} {unit}/s" if task.speed else f"- {unit}/s")

        cols: list[Any] = [TextColumn("{task.description}")]
        if self.total:
            cols += [BarColumn(), MofNCompleteColumn(), Rate(), TextColumn("ETA"), TimeRemainingColumn()]
        else:
            cols += [SpinnerColumn(), TextColumn("{task.completed} " + unit), Rate(), TimeElapsedColumn()]
        cols.append(TextColumn("{task.fields[note]}"))
        self.progress = Progress(*cols, console=Console(stderr=True), transient=False)
        self.progress.start()
        self.task = self.progress.add_task(self.label, total=self.total, note="")
        return self

    def update(self, done: int, note: str = "") -> None:
        if self.progress is not None:
            if self.total and done > self.total:  # the total was an estimate
                self.progress.update(self.task, total=done)
            self.progress.update(self.task, completed=done, note=note)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def __exit__(self, *exc: object) -> None:
        self.close()


