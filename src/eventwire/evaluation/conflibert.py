"""Helpers shared by the scorers of the sets packaged in the ConfliBERT repository (cameo, india_police, satp).

- `load_tsv`: text TAB label TAB label ... (CRLF line ends; a field in double quotes is unquoted the way
  Python's csv module reads it, as the files were written). A row whose labels are not integers, or that
  has the wrong number of columns, is an InputError that names its line.
- `run_batched`: eventwire's own pipeline over the texts in batches (`Pipeline.run` over
  `article_from_input` articles, one placeholder publication date), or, when a test passes an
  `extractor`, that callable text by text (`common.run_extractor`). A rejected input gives an output with
  no events and its reason as the error; the run goes on.
- `binary_prf`: precision, recall and F1 of one 0/1 label.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eventwire.errors import ConfigError, InputError
from eventwire.evaluation.common import Extractor, require_file, run_extractor

PUBLISHED = "2000-01-01"  # placeholder: these sets carry no dates, and no metric reads one
BATCH_SIZE = 64  # short sentences: about 20% faster than the pipeline's default 8 (256 is slower again)


def load_tsv(path: str | Path, n_labels: int, limit: int | None = None) -> list[tuple[str, list[int]]]:
    """[(text, [label, ...])] for each row; `limit` keeps the first N rows."""
    rows: list[tuple[str, list[int]]] = []
    with require_file(path).open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter="\t"), start=1):
            if limit is not None and len(rows) >= limit:
                break
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != n_labels + 1:
                raise InputError(f"line {i}: expected text and {n_labels} labels, got {len(row)} columns",
                                 path=str(path))
            try:
                labels = [int(x.strip()) for x in row[1:]]
            except ValueError as exc:
                raise InputError(f"line {i}: a label is not an integer ({exc})", path=str(path)) from exc
            rows.append((row[0], labels))
    return rows


def run_batched(texts: Sequence[str], extractor: Extractor | None = None, published: str = PUBLISHED,
                batch_size: int = BATCH_SIZE) -> list[tuple[dict[str, Any], str | None]]:
    """One (output dict, error or None) per text, in input order."""
    if extractor is not None:
        return [run_extractor(extractor, t, published) for t in texts]
    try:
        from eventwire.ingest import article_from_input  # noqa: PLC0415 - the pipeline loads lazily
        from eventwire.pipeline import default_pipeline  # noqa: PLC0415
    except ImportError as exc:
        raise ConfigError(f"cannot load the extraction pipeline (eventwire.pipeline): {exc}") from exc
    articles = [article_from_input(t, published=published) for t in texts]
    out: list[tuple[dict[str, Any], str | None]] = []
    for ann in default_pipeline().run(articles, batch_size=batch_size):
        reason = ann.article.rejected
        out.append((ann.to_dict(), f"rejected: {reason}" if reason else None))
    return out


def worst_rows(gold: Sequence[dict[str, int]], pred: Sequence[dict[str, int]], keys: Sequence[str]
               ) -> tuple[list[list[str]], list[int]]:
    """Per row, the labels the system got wrong; and the rows with a mistake, most mistakes first."""
    wrong = [[k for k in keys if g[k] != p[k]] for g, p in zip(gold, pred)]
    order = sorted((i for i in range(len(wrong)) if wrong[i]), key=lambda i: (-len(wrong[i]), i))
    return wrong, order


def finish(dataset: str, path: Path, n: int, metrics: dict[str, Any], errors: list[dict[str, Any]],
           out: Any, report: Any) -> dict[str, Any]:
    """The result every scorer returns, printed with `report` unless `out` is None."""
    result = {"dataset": dataset, "path": str(path), "n": n, "metrics": metrics, "errors": errors}
    if out is not None:
        report(result, out)
    return result


def binary_prf(gold: Sequence[bool | int], pred: Sequence[bool | int]) -> dict[str, float]:
    """{precision, recall, f1, support, predicted} of one 0/1 label (0.0 where a ratio has no denominator)."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    tp = sum(1 for g, p in zip(gold, pred) if g and p)
    fp = sum(1 for g, p in zip(gold, pred) if p and not g)
    fn = sum(1 for g, p in zip(gold, pred) if g and not p)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn, "predicted": tp + fp}
