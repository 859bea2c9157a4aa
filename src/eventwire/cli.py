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


@app.command()
def extract(
    paths: List[str] = typer.Argument(None, help="Files or folders (.txt, .html, .jsonl, .json, .gz); - for stdin."),
    published: Optional[str] = typer.Option(None, "--published", callback=_check_date,
                                            help="Publication date YYYY-MM-DD for inputs that carry none."),
    fmt: Format = typer.Option(Format.json, "--format", "-f", help="json, jsonl or table."),
    explain: bool = typer.Option(False, "--explain", help="Show each event's sentence with the spans behind every field."),
    kb: List[Path] = typer.Option([], "--kb", help="Extra knowledge-base YAML file(s) of your own actors."),
) -> None:
    """Extract events from articles and print them (one object per input article, in input order)."""
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
        for ann in results:
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
    except EventwireError as exc:
        _fail(exc)


@app.command()
def demo() -> None:
    """Run the engine over the bundled sample articles and print the events as a table."""
    from eventwire.ingest import read_sources
    from eventwire.pipeline import Pipeline
    from eventwire.render import table_rows

    try:
        folder = resources.files("eventwire") / "data" / "samples"
        with resources.as_file(folder) as path:
            pipe = Pipeline()
            n_art = n_ev = 0
            for ann in pipe.run(read_sources([str(path)])):
                typer.echo("\n".join(table_rows(ann)))
                typer.echo("")
                n_art += 1
                n_ev += len(ann.events)
        typer.echo(f"{n_art} articles, {n_ev} events", err=True)
    except EventwireError as exc:
        _fail(exc)


class Dataset(str, Enum):
    plover = "plover"
    acled = "acled"
    geovirus = "geovirus"
    extraction = "extraction"


@app.command("eval")
def eval_(
    dataset: Dataset = typer.Argument(..., help="plover, acled, geovirus or extraction."),
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
        else:
            from eventwire.evaluation.extraction import evaluate_extraction as fn
        reports = dataset in (Dataset.plover, Dataset.acled)  # these print their own full report
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
