"""Score eventwire on South Asia Terrorism Portal incident summaries (ConfliBERT's SATP multi-label task).

The file: summary TAB four 0/1 labels, with no relevance column. The columns are ConfliBERT's SATP
incident kinds in this order: armed assault, bombing/explosion, kidnapping, other. Checked by reading
more than 20 rows of each column of satp-dev.tsv: the first holds shootings, firing on people and
exchanges of fire; the second IED, bomb, grenade, rocket and mortar attacks; the third abductions and
kidnappings ("abducted and killed" carries the first or fourth as well); the fourth arson (setting
vehicles ablaze), extortion, killings whose means are not given and clashes between parties. Every dev
row has at least one label; a row may have several.

How a summary is scored (eval/README.md, made precise here):
- Each summary is one article, published on a placeholder date (2000-01-01), passed as it is.
- Every output event counts whose attribution status is not "negated"; the summary gets each label that
  one of its events gives:
  armed assault: an ASSAULT whose ACLED codes are Battles / Armed clash or Violence against civilians / Attack;
  bombing: any Explosions/Remote violence sub-event (IED, suicide bomb, grenade, shelling, air/drone strike);
  kidnapping: ACLED sub-event Abduction/forced disappearance;
  other: any other event that has ACLED codes (looting or property destruction, arrests, mob violence, ...).
- Metrics: per label precision / recall / F1, macro-F1 over the four labels, micro-F1 and exact match
  (all four labels right). Beside them the all-labels baseline (every label given to every summary).

Run: python -m eventwire.evaluation.satp PATH [--errors N] [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from eventwire.evaluation.common import (
    Extractor, event_summary, events_of, fmt_metric, print_table, ratio, status_of,
)
from eventwire.evaluation.conflibert import binary_prf, finish, load_tsv, run_batched, worst_rows

DATASET = "satp"
LABELS = ("armed_assault", "bombing", "kidnapping", "other")  # the order of the file's columns
SKIPPED_STATUSES = frozenset({"negated"})
ASSAULT_PAIRS = {("Battles", "Armed clash"), ("Violence against civilians", "Attack")}
BOMBING_TYPE = "Explosions/Remote violence"
KIDNAP_SUB = "Abduction/forced disappearance"


def event_label(event: dict[str, Any]) -> str | None:
    """The SATP label one output event gives, or None (no ACLED codes)."""
    acled = event.get("acled") or {}
    etype, sub = acled.get("event_type"), acled.get("sub_event_type")
    if not etype:
        return None
    if event.get("type") == "ASSAULT" and (etype, sub) in ASSAULT_PAIRS:
        return "armed_assault"
    if etype == BOMBING_TYPE:
        return "bombing"
    if sub == KIDNAP_SUB:
        return "kidnapping"
    return "other"


def system_labels(output: dict[str, Any]) -> dict[str, int]:
    lab = dict.fromkeys(LABELS, 0)
    for ev in events_of(output):
        if status_of(ev) not in SKIPPED_STATUSES and (name := event_label(ev)):
            lab[name] = 1
    return lab


def scores(gold: list[dict[str, int]], pred: list[dict[str, int]]) -> dict[str, Any]:
    per = {k: binary_prf([g[k] for g in gold], [p[k] for p in pred]) for k in LABELS}
    tp = sum(1 for g, p in zip(gold, pred) for k in LABELS if g[k] and p[k])
    n_pred = sum(p[k] for p in pred for k in LABELS)
    n_gold = sum(g[k] for g in gold for k in LABELS)
    micro = 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0
    return {"macro_f1": sum(v["f1"] for v in per.values()) / len(per), "micro_f1": micro,
            "exact_match": ratio(sum(g == p for g, p in zip(gold, pred)), len(gold)), "per_label": per}


def print_report(result: dict[str, Any], out: TextIO) -> None:
    m = result["metrics"]
    b = m["baseline_all_labels"]
    print(f"SATP incident summaries: {result['n']} summaries ({result['path']})", file=out)
    print_table([(name, fmt_metric(m[k]), fmt_metric(b[k])) for name, k in (
        ("macro-F1 (4 labels)", "macro_f1"), ("micro-F1", "micro_f1"), ("exact match", "exact_match"))],
        ("metric", "eventwire", "all-labels baseline"), out)
    c = m["counts"]
    print(f"  ({c['no_label']} summaries given no label; {c['extract_failures']} extraction failures or "
          "rejections)", file=out)
    print("\nPer label:", file=out)
    print_table([(k, int(v["support"]), int(v["predicted"]), fmt_metric(v["precision"]),
                  fmt_metric(v["recall"]), fmt_metric(v["f1"])) for k, v in m["per_label"].items()],
                ("label", "gold", "system", "P", "R", "F1"), out)
    if result["errors"]:
        print(f"\nWorst {len(result['errors'])} summaries:", file=out)
        for e in result["errors"]:
            print(f"- line {e['line']} (wrong: {', '.join(e['wrong'])})", file=out)
            print(f"  text:   {e['text']}", file=out)
            print(f"  gold:   {[k for k, v in e['gold'].items() if v]}", file=out)
            print(f"  system: {[k for k, v in e['system'].items() if v]}", file=out)
            for ev in e["events"]:
                print(f"    {ev}", file=out)
            if e.get("extract_error"):
                print(f"  error:  {e['extract_error']}", file=out)


def evaluate_satp(path: str | Path, errors: int = 0, extractor: Extractor | None = None, *,
                  out: TextIO | None = sys.stdout, limit: int | None = None) -> dict[str, Any]:
    """Score the system on a SATP TSV; print a report to `out` (None: silent) and return
    {"dataset", "path", "n", "metrics", "errors"}. `limit` scores the first N rows only."""
    path = Path(path)
    rows = load_tsv(path, len(LABELS), limit)
    gold = [dict(zip(LABELS, labels)) for _, labels in rows]
    outputs = run_batched([t for t, _ in rows], extractor)
    pred = [system_labels(o) for o, _ in outputs]
    metrics = scores(gold, pred)
    metrics["baseline_all_labels"] = scores(gold, [dict.fromkeys(LABELS, 1) for _ in rows])
    metrics["counts"] = {"summaries": len(rows), "no_label": sum(1 for p in pred if not any(p.values())),
                         "extract_failures": sum(1 for _, err in outputs if err)}
    wrong, order = worst_rows(gold, pred, LABELS)
    error_list = [{"line": i + 1, "text": rows[i][0], "wrong": wrong[i], "gold": gold[i], "system": pred[i],
                   "events": [event_summary(e) for e in events_of(outputs[i][0])],
                   "extract_error": outputs[i][1]} for i in order[:max(0, errors)]]
    return finish(DATASET, path, len(rows), metrics, error_list, out, print_report)


def main(argv: list[str] | None = None) -> int:
    from eventwire.evaluation.common import module_main

    return module_main("python -m eventwire.evaluation.satp", "Score eventwire on SATP incident summaries.",
                       "satp-dev.tsv (or another file of the same format)", evaluate_satp, argv)


if __name__ == "__main__":
    raise SystemExit(main())
