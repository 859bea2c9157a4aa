"""Score eventwire on ConfliBERT's CAMEO "penta" class sentences (one news sentence, one of five classes).

The file: sentence TAB class, one per line. Classes (checked by reading 30+ sentences of each class of
cameo-penta-train.tsv: meetings and praise are 1, court releases and handed-over arms 2, rejections and
condemnations 3, bombings and killings 4, phone calls and statements 0):
0 is no event; 1 and 2 are verbal and material cooperation; 3 and 4 are verbal and material conflict.

How a sentence is scored (eval/README.md, made precise here):
- Each sentence is one article, published on a placeholder date (2000-01-01), passed as it is.
- Main event: the output event with the highest confidence whose attribution status is not "negated"
  (ties: the earlier), the rule of the ACLED scorer (`acled.main_event`). No such event: class 0.
- Its CAMEO root code gives the class, by the quad conversion of the Phoenix pipeline (openeventdata/
  phoenix_pipeline, postprocess.process_cameo), whose five values 0-4 these "penta" labels are: 01 02 -> 0
  (statements, appeals); 03-05 -> 1; 06-08 -> 2; 09-13 and 16 (reduce relations: sanctions, aid cut,
  diplomats expelled, visits cancelled) -> 3; 14 15 17-20 -> 4. The file agrees: sentences of imposed
  sanctions, suspended aid and expelled diplomats are class 3, of urging and calling for are class 0.
  An event without a CAMEO root code: its PLOVER type (AGREE CONSULT SUPPORT -> 1; COOPERATE AID CONCEDE
  RETREAT -> 2; ACCUSE REJECT THREATEN SANCTION -> 3; REQUEST -> 3 when its mode is "demand", else 0;
  PROTEST MOBILIZE COERCE ASSAULT -> 4). A type outside these: 0.
- Metrics: macro-F1 over the five classes (every class counts, present or not), accuracy, per-class
  precision / recall / F1, and the confusion matrix (gold rows, system columns). Beside them a
  majority-class baseline: every sentence given the commonest gold class.

Run: python -m eventwire.evaluation.cameo PATH [--errors N] [--json]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from eventwire.evaluation.acled import main_event
from eventwire.evaluation.common import (
    Extractor, event_summary, events_of, fmt_metric, macro_f1, print_table, ratio,
)
from eventwire.evaluation.conflibert import finish, load_tsv, run_batched

DATASET = "cameo-penta"
CLASSES = (0, 1, 2, 3, 4)
CLASS_NAMES = {0: "neutral", 1: "verbal coop", 2: "material coop", 3: "verbal conflict", 4: "material conflict"}
# CAMEO root -> class: the Phoenix pipeline's quad conversion (postprocess.process_cameo)
ROOT_CLASS = {"01": 0, "02": 0, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "08": 2, "09": 3, "10": 3, "11": 3,
              "12": 3, "13": 3, "14": 4, "15": 4, "16": 3, "17": 4, "18": 4, "19": 4, "20": 4}
TYPE_CLASS = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1,
    "COOPERATE": 2, "AID": 2, "CONCEDE": 2, "RETREAT": 2,
    "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}


def event_class(event: dict[str, Any] | None) -> int:
    """The quad class of one output event (0 for none)."""
    if not event:
        return 0
    root = str(event.get("cameo") or "")[:2]
    if root in ROOT_CLASS:
        return ROOT_CLASS[root]
    etype = str(event.get("type") or "").upper()
    if etype == "REQUEST":
        return 3 if str(event.get("mode") or "").lower() == "demand" else 0
    return TYPE_CLASS.get(etype, 0)


def sentence_class(output: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
    """(class, main event) for one extractor output."""
    ev = main_event(events_of(output))
    return event_class(ev), ev


def severity(gold: int, pred: int) -> int:
    """How bad a wrong class is, for ordering the error list: 2 when cooperation and conflict are swapped,
    1 otherwise (verbal for material, or an event for none), 0 when right."""
    if gold == pred:
        return 0
    return 2 if {gold, pred} & {1, 2} and {gold, pred} & {3, 4} else 1


def scores(gold: list[int], pred: list[int]) -> dict[str, Any]:
    """Macro-F1 over the five classes, accuracy, per-class P/R/F1 and the confusion matrix."""
    f1, per = macro_f1([str(g) for g in gold], [str(p) for p in pred], labels=[str(c) for c in CLASSES])
    confusion = {str(g): {str(p): 0 for p in CLASSES} for g in CLASSES}
    for g, p in zip(gold, pred):
        confusion[str(g)][str(p)] += 1
    return {"macro_f1": f1, "accuracy": ratio(sum(g == p for g, p in zip(gold, pred)), len(gold)),
            "per_class": per, "confusion": confusion}


def majority_baseline(gold: list[int]) -> dict[str, Any]:
    """Every sentence given the commonest gold class (ties: the lower class)."""
    if not gold:
        return {"class": None, "macro_f1": None, "accuracy": None}
    cls = min(Counter(gold).items(), key=lambda kv: (-kv[1], kv[0]))[0]
    s = scores(gold, [cls] * len(gold))
    return {"class": cls, "macro_f1": s["macro_f1"], "accuracy": s["accuracy"]}


def print_report(result: dict[str, Any], out: TextIO) -> None:
    m = result["metrics"]
    b = m["baseline_majority"]
    print(f"CAMEO penta classes: {result['n']} sentences ({result['path']})", file=out)
    print_table([
        ("macro-F1 (5 classes)", fmt_metric(m["macro_f1"]), fmt_metric(b["macro_f1"])),
        ("accuracy", fmt_metric(m["accuracy"]), fmt_metric(b["accuracy"])),
    ], ("metric", "eventwire", f"majority baseline (class {b['class']})"), out)
    c = m["counts"]
    print(f"  ({c['no_main_event']} sentences without a main event; {c['extract_failures']} extraction "
          f"failures or rejections)", file=out)
    print("\nPer class:", file=out)
    print_table([(f"{k} {CLASS_NAMES[int(k)]}", int(v["support"]), fmt_metric(v["precision"]),
                  fmt_metric(v["recall"]), fmt_metric(v["f1"])) for k, v in m["per_class"].items()],
                ("class", "n", "P", "R", "F1"), out)
    print("\nConfusion (rows gold, columns system):", file=out)
    print_table([(k, *row.values()) for k, row in m["confusion"].items()],
                ("gold", *(str(c) for c in CLASSES)), out)
    if result["errors"]:
        print(f"\nWorst {len(result['errors'])} sentences:", file=out)
        for e in result["errors"]:
            print(f"- line {e['line']}: gold {e['gold']}, system {e['system']}", file=out)
            print(f"  text:   {e['text']}", file=out)
            print(f"  main:   cameo {e['cameo']} {e['main_event']}", file=out)
            if e.get("extract_error"):
                print(f"  error:  {e['extract_error']}", file=out)


def evaluate_cameo(path: str | Path, errors: int = 0, extractor: Extractor | None = None, *,
                   out: TextIO | None = sys.stdout, limit: int | None = None) -> dict[str, Any]:
    """Score the system on a CAMEO penta-class TSV; print a report to `out` (None: silent) and return
    {"dataset", "path", "n", "metrics", "errors"}. `limit` scores the first N rows only."""
    path = Path(path)
    rows = load_tsv(path, 1, limit)
    gold = [labels[0] for _, labels in rows]
    outputs = run_batched([t for t, _ in rows], extractor)
    pred, mains = [], []
    for output, _ in outputs:
        cls, ev = sentence_class(output)
        pred.append(cls)
        mains.append(ev)
    metrics = scores(gold, pred)
    metrics["baseline_majority"] = majority_baseline(gold)
    metrics["counts"] = {"sentences": len(rows), "no_main_event": sum(ev is None for ev in mains),
                         "extract_failures": sum(1 for _, err in outputs if err)}
    wrong = [i for i in range(len(rows)) if gold[i] != pred[i]]
    order = sorted(wrong, key=lambda i: (-severity(gold[i], pred[i]), i))
    error_list = [{"line": i + 1, "text": rows[i][0], "gold": gold[i], "system": pred[i],
                   "main_event": event_summary(mains[i]), "cameo": (mains[i] or {}).get("cameo"),
                   "all_types": [e.get("type") for e in events_of(outputs[i][0])],
                   "extract_error": outputs[i][1]} for i in order[:max(0, errors)]]
    return finish(DATASET, path, len(rows), metrics, error_list, out, print_report)


def main(argv: list[str] | None = None) -> int:
    from eventwire.evaluation.common import module_main

    return module_main("python -m eventwire.evaluation.cameo", "Score eventwire on CAMEO penta-class sentences.",
                       "cameo-penta-train.tsv (or another file of the same format)", evaluate_cameo, argv)


if __name__ == "__main__":
    raise SystemExit(main())
