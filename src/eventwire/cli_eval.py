"""The command line's `eval` command (registered on `eventwire.cli_common.app`)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from importlib import import_module
from pathlib import Path

import typer

from eventwire.cli_common import _fail, app
from eventwire.errors import EventwireError


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
        module = dataset.value.replace("-", "_")  # eventwire.evaluation.<module>.evaluate_<module>
        fn = getattr(import_module(f"eventwire.evaluation.{module}"), f"evaluate_{module}")
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


