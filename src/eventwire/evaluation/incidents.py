"""Score corroboration ("one happening, one incident") on a scenario set with gold happening labels.

The set (eval/incidents/README.md): JSON Lines, one article a line, {"id", "happening", "type", "outlet",
"published", "title", "text", "copy_of", "fatalities", "split", "note"}. Every line of one happening reports the
same thing; "type" is the PLOVER type eventwire codes the happening as; "copy_of" names the line a syndicated copy
repeats; "fatalities" is the toll the line reports (or null); "split" is "calibrate" or "check".

How the set is run (`run`):
- the lines are written, in file order, to a JSONL file of {"id", "text", "title", "outlet", "published"} and
  ingested into a new SQLite store in a temporary folder with `eventwire.ingest_sources`, as a user would;
- each line's article id is what the reader gives it (a hash of the text: identical texts are one article, and
  the lines that share one are predicted-same by construction);
- a line's predicted incident is the incident of its article's first stored event whose type is the line's type,
  else of its first event of the same family (MOBILIZE/AID), else none: the line (with the lines sharing its
  article) is a cluster of its own.

Metrics (`score_pairs`, pure): pairwise "same happening" precision / recall / F1 over all unordered pairs of
lines, and B-cubed precision / recall / F1 (per line: the share of its predicted cluster that is of its gold
happening, and the share of its gold happening that is in its predicted cluster; averaged over lines). Both on
all lines and on the calibrate and check halves apart (each half scored on its own lines only).

Beside them:
- figures: for each happening whose lines report a death toll, the incident holding most of its lines (its
  predicted incident) and whether that incident's headline (`fatalities_best`, where the store gives one) is the
  lowest reported toll; and, over every incident, whether a headline equals the sum of two different articles'
  figures (a summed headline);
- sources: for each happening, the independent outlets expected (distinct non-null outlets among its lines that
  are not copies) against its predicted incident's `sources_count`;
- errors: pairs split that should be joined, pairs joined that should be apart.

Run: eventwire eval incidents PATH [--json]   (or python -m eventwire.evaluation.incidents PATH [--json])
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any, TextIO

from eventwire.errors import ConfigError
from eventwire.evaluation.common import fmt_metric, ratio, require_file

DATASET = "incidents"
SPLITS = ("calibrate", "check")
FIELDS = ("id", "happening", "type", "outlet", "published", "title", "text", "copy_of", "fatalities", "split",
          "note")
FAMILIES = {"MOBILIZE": ("MOBILIZE", "AID"), "AID": ("AID", "MOBILIZE")}


@dataclass(frozen=True)
class ScenarioLine:
    """One article of the scenario with its gold labels."""

    id: str
    happening: str
    type: str
    outlet: str | None
    published: str
    title: str
    text: str
    copy_of: str | None
    fatalities: int | None
    split: str
    note: str
    lineno: int


# ---------------------------------------------------------------------------------------------- reading the set

def _check_line(obj: Any, lineno: int) -> ScenarioLine:
    from eventwire.records import EVENT_TYPES

    def bad(msg: str) -> ConfigError:
        return ConfigError(f"line {lineno}: {msg}")

    if not isinstance(obj, dict):
        raise bad(f"expected a JSON object, got {type(obj).__name__}")
    missing = [k for k in FIELDS if k not in obj]
    if missing:
        raise bad(f"missing field(s) {', '.join(missing)} (each line needs {', '.join(FIELDS)})")
    extra = sorted(set(obj) - set(FIELDS))
    if extra:
        raise bad(f"unknown field(s) {', '.join(extra)}")
    for k in ("id", "happening", "type", "published", "title", "text", "split", "note"):
        if not isinstance(obj[k], str) or not obj[k].strip():
            raise bad(f"{k!r} must be a non-empty string")
    for k in ("outlet", "copy_of"):
        if obj[k] is not None and (not isinstance(obj[k], str) or not obj[k].strip()):
            raise bad(f"{k!r} must be a non-empty string or null")
    if obj["type"] not in EVENT_TYPES:
        raise bad(f"type {obj['type']!r} is not a PLOVER type ({', '.join(EVENT_TYPES)})")
    if obj["split"] not in SPLITS:
        raise bad(f"split {obj['split']!r} must be one of {', '.join(SPLITS)}")
    try:
        dt.date.fromisoformat(obj["published"])
    except ValueError:
        raise bad(f"published {obj['published']!r} is not a date YYYY-MM-DD") from None
    fat = obj["fatalities"]
    if fat is not None and (isinstance(fat, bool) or not isinstance(fat, int) or fat < 0):
        raise bad(f"fatalities {fat!r} must be a whole number >= 0 or null")
    return ScenarioLine(**{k: obj[k] for k in FIELDS}, lineno=lineno)


def load_scenario(path: str | Path) -> list[ScenarioLine]:
    """Read and check a scenario file; a bad line raises ConfigError naming the file and line."""
    p = require_file(path)
    lines: list[ScenarioLine] = []
    try:
        with p.open(encoding="utf-8") as fh:
            for lineno, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw)
                except ValueError as exc:
                    raise ConfigError(f"line {lineno}: not valid JSON ({exc})", path=str(p)) from None
                try:
                    lines.append(_check_line(obj, lineno))
                except ConfigError as exc:
                    raise ConfigError(exc.message, path=str(p)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text ({exc.reason})", path=str(p)) from None
    if not lines:
        raise ConfigError("no scenario lines", path=str(p))
    by_id: dict[str, ScenarioLine] = {}
    for ln in lines:
        if ln.id in by_id:
            raise ConfigError(f"line {ln.lineno}: id {ln.id!r} is used twice (first on line "
                              f"{by_id[ln.id].lineno})", path=str(p))
        by_id[ln.id] = ln
    for ln in lines:
        if ln.copy_of is None:
            continue
        orig = by_id.get(ln.copy_of)
        if orig is None:
            raise ConfigError(f"line {ln.lineno}: copy_of {ln.copy_of!r} names no line", path=str(p))
        if orig.copy_of is not None or orig.happening != ln.happening:
            raise ConfigError(f"line {ln.lineno}: copy_of must name an original (copy_of null) of the same "
                              f"happening, not {ln.copy_of!r}", path=str(p))
    for h, group in _by_happening(lines).items():
        if len({(ln.type, ln.split) for ln in group}) > 1:
            raise ConfigError(f"happening {h!r}: its lines differ in type or split (line {group[0].lineno})",
                              path=str(p))
    return lines


def _by_happening(lines: list[ScenarioLine]) -> dict[str, list[ScenarioLine]]:
    out: dict[str, list[ScenarioLine]] = defaultdict(list)
    for ln in lines:
        out[ln.happening].append(ln)
    return dict(out)


# ---------------------------------------------------------------------------------------------- metrics (pure)

def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, Any]:
    p, r = ratio(tp, n_pred), ratio(tp, n_gold)
    f1 = None if p is None or r is None else (2 * p * r / (p + r) if p + r else 0.0)
    return {"precision": p, "recall": r, "f1": f1}


def _clusters(labels: dict[str, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for item, lab in labels.items():
        out[lab].add(item)
    return out


def score_pairs(gold: dict[str, str], pred: dict[str, str]) -> dict[str, Any]:
    """Pairwise and B-cubed scores of a predicted clustering against the gold one.

    `gold` and `pred` map each item to its cluster label; an item missing from `pred` is a cluster of its own.
    Pairwise: over unordered pairs of items, precision = pairs together in both / pairs together in `pred`,
    recall = pairs together in both / pairs together in `gold` (None where there is nothing to divide by).
    B-cubed: averages over items of |pred cluster & gold cluster| / |pred cluster| (precision) and / |gold
    cluster| (recall)."""
    items = sorted(gold)
    pred = {i: pred[i] if i in pred else f"\0alone:{i}" for i in items}
    g_cl, p_cl = _clusters(gold), _clusters(pred)
    same_gold = sum(len(c) * (len(c) - 1) // 2 for c in g_cl.values())
    same_pred = sum(len(c) * (len(c) - 1) // 2 for c in p_cl.values())
    both = Counter((gold[i], pred[i]) for i in items)
    tp = sum(n * (n - 1) // 2 for n in both.values())
    pairwise = {**_prf(tp, same_pred, same_gold), "true_pairs": tp, "predicted_pairs": same_pred,
                "gold_pairs": same_gold}
    if items:
        bp = sum(both[(gold[i], pred[i])] / len(p_cl[pred[i]]) for i in items) / len(items)
        br = sum(both[(gold[i], pred[i])] / len(g_cl[gold[i]]) for i in items) / len(items)
        bf = 2 * bp * br / (bp + br) if bp + br else 0.0
        bcubed: dict[str, Any] = {"precision": bp, "recall": br, "f1": bf}
    else:
        bcubed = {"precision": None, "recall": None, "f1": None}
    return {"items": len(items), "gold_clusters": len(g_cl), "predicted_clusters": len(p_cl),
            "pairwise": pairwise, "bcubed": bcubed}


def pair_errors(gold: dict[str, str], pred: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """The pairs split that should be joined (`split`) and joined that should be apart (`joined`), sorted."""
    items = sorted(gold)
    split, joined = [], []
    for a, b in combinations(items, 2):
        g, p = gold[a] == gold[b], a in pred and b in pred and pred[a] == pred[b]
        if g and not p:
            split.append((a, b))
        elif p and not g:
            joined.append((a, b))
    return {"split": split, "joined": joined}


def summed_headline(headline: int | None, figures: list[tuple[str, int]]) -> tuple[int, int] | None:
    """The two figures, from two different articles, whose sum the headline equals (and which no single figure
    equals), or None. `figures` are (article id, figure)."""
    if headline is None or any(v == headline for _, v in figures):
        return None
    for (a1, v1), (a2, v2) in combinations(figures, 2):
        if a1 != a2 and v1 + v2 == headline:
            return (v1, v2)
    return None


# ---------------------------------------------------------------------------------------------- running

def _predict(lines: list[ScenarioLine], article_of: dict[str, str], store: Any
             ) -> tuple[dict[str, str], dict[str, int | None], dict[int, dict[str, Any]]]:
    """Each line's predicted cluster label, its incident id (or None) and the incidents by id."""
    incidents = {inc["id"]: inc for inc in store.incidents(limit=0)}
    incident_of = {(r["article_id"], r["event_id"]): inc_id for inc_id, inc in incidents.items()
                   for r in inc["reports"]}
    events_of: dict[str, list[dict[str, Any]]] = {}
    pred: dict[str, str] = {}
    inc_of_line: dict[str, int | None] = {}
    for ln in lines:
        aid = article_of[ln.id]
        if aid not in events_of:
            got = store.article(aid)
            events_of[aid] = list(((got or {}).get("annotation") or {}).get("events") or [])
        evs = events_of[aid]
        chosen = None
        for types in ((ln.type,), FAMILIES.get(ln.type, ())):
            chosen = next((e for e in evs if e.get("type") in types), None)
            if chosen is not None:
                break
        inc_id = incident_of.get((aid, chosen.get("id"))) if chosen is not None else None
        inc_of_line[ln.id] = inc_id
        pred[ln.id] = f"incident:{inc_id}" if inc_id is not None else f"article:{aid}"
    return pred, inc_of_line, incidents


def _main_incident(group: list[ScenarioLine], inc_of_line: dict[str, int | None]) -> int | None:
    got = Counter(inc_of_line[ln.id] for ln in group if inc_of_line[ln.id] is not None)
    if not got:
        return None
    return min(got, key=lambda i: (-got[i], i))


def _figures(happenings: dict[str, list[ScenarioLine]], inc_of_line: dict[str, int | None],
             incidents: dict[int, dict[str, Any]]) -> dict[str, Any]:
    available = any("fatalities_best" in inc for inc in incidents.values())
    rows = []
    for h, group in happenings.items():
        reported = [ln.fatalities for ln in group if ln.fatalities is not None]
        if not reported:
            continue
        inc_id = _main_incident(group, inc_of_line)
        inc = incidents.get(inc_id) if inc_id is not None else None
        headline = inc.get("fatalities_best") if inc is not None and "fatalities_best" in inc else None
        rows.append({"happening": h, "reported": sorted(reported), "lowest": min(reported), "incident": inc_id,
                     "headline": headline if available else "unavailable",
                     "headline_is_lowest": (headline == min(reported)) if available and inc is not None else None,
                     "incident_figures": [x.get("value") for x in (inc or {}).get("fatalities") or []]})
    sums = []
    if available:
        for inc_id, inc in sorted(incidents.items()):
            figs = [(str(x.get("article_id")), int(x["value"])) for x in inc.get("fatalities") or []
                    if isinstance(x.get("value"), (int, float))]
            hit = summed_headline(inc.get("fatalities_best"), figs)
            if hit is not None:
                sums.append({"incident": inc_id, "headline": inc.get("fatalities_best"), "sum_of": list(hit)})
    return {"available": available, "happenings_with_figures": len(rows),
            "headline_is_lowest": sum(1 for r in rows if r["headline_is_lowest"]) if available else None,
            "summed_headlines": sums if available else None, "per_happening": rows}


def _sources(happenings: dict[str, list[ScenarioLine]], inc_of_line: dict[str, int | None],
             incidents: dict[int, dict[str, Any]]) -> dict[str, Any]:
    rows = []
    for h, group in happenings.items():
        expected = len({ln.outlet for ln in group if ln.copy_of is None and ln.outlet is not None})
        inc_id = _main_incident(group, inc_of_line)
        got = incidents[inc_id]["sources_count"] if inc_id is not None else None
        rows.append({"happening": h, "expected": expected, "incident": inc_id, "sources_count": got,
                     "outlets": incidents[inc_id].get("outlets") if inc_id is not None else None})
    return {"happenings": len(rows), "equal": sum(1 for r in rows if r["sources_count"] == r["expected"]),
            "over": sum(1 for r in rows if r["sources_count"] is not None and r["sources_count"] > r["expected"]),
            "per_happening": rows}


def _error_list(lines: list[ScenarioLine], gold: dict[str, str], pred: dict[str, str],
                inc_of_line: dict[str, int | None]) -> list[dict[str, Any]]:
    by_id = {ln.id: ln for ln in lines}

    def where(i: str) -> str:
        inc = inc_of_line[i]
        return f"incident {inc}" if inc is not None else "no incident"

    errs = pair_errors(gold, pred)
    out = [{"kind": "split", "a": a, "b": b, "happening": gold[a],
            "reason": f"same happening {gold[a]}, but {a} is in {where(a)} and {b} in {where(b)}"}
           for a, b in errs["split"]]
    out += [{"kind": "joined", "a": a, "b": b, "incident": inc_of_line[a],
             "reason": f"{where(a)} joins {gold[a]} ({by_id[a].note}) and {gold[b]} ({by_id[b].note})"}
            for a, b in errs["joined"]]
    return out


def run(path: str | Path, *, db: str | None = None) -> dict[str, Any]:
    """Ingest the scenario into a new store (a temporary SQLite file unless `db` names one) and score it."""
    from eventwire import ingest_sources
    from eventwire.ingest import read_sources
    from eventwire.store import Store

    lines = load_scenario(path)
    with tempfile.TemporaryDirectory(prefix="eventwire-incidents-") as tmp:
        src = Path(tmp) / "scenario.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for ln in lines:
                fh.write(json.dumps({"id": ln.id, "text": ln.text, "title": ln.title, "outlet": ln.outlet,
                                     "published": ln.published}, ensure_ascii=False) + "\n")
        arts = list(read_sources([str(src)]))
        if len(arts) != len(lines):
            raise ConfigError(f"the reader gave {len(arts)} articles for {len(lines)} lines", path=str(path))
        article_of = {ln.id: a.id for ln, a in zip(lines, arts)}
        rejected = [{"id": ln.id, "reason": a.rejected} for ln, a in zip(lines, arts) if a.rejected]
        store = Store(db or str(Path(tmp) / "scenario.db"))
        try:
            summary = ingest_sources(store, [str(src)])
            pred, inc_of_line, incidents = _predict(lines, article_of, store)
        finally:
            store.close()
    gold = {ln.id: ln.happening for ln in lines}
    happenings = _by_happening(lines)
    metrics = {"all": score_pairs(gold, pred)}
    for s in SPLITS:
        ids = {ln.id for ln in lines if ln.split == s}
        metrics[s] = score_pairs({i: gold[i] for i in ids}, {i: pred[i] for i in ids})
    return {
        "dataset": DATASET, "path": str(path), "n": len(lines),
        "counts": {"lines": len(lines), "articles": len(set(article_of.values())), "happenings": len(happenings),
                   "incidents": len(incidents), "lines_without_incident": sum(1 for v in inc_of_line.values()
                                                                              if v is None),
                   "rejected": rejected, "ingest": {k: v for k, v in summary.items() if k != "seconds"}},
        "metrics": metrics,
        "figures": _figures(happenings, inc_of_line, incidents),
        "sources": _sources(happenings, inc_of_line, incidents),
        "predicted": {i: {"article_id": article_of[i], "incident": inc_of_line[i]} for i in gold},
        "errors": _error_list(lines, gold, pred, inc_of_line),
    }


# ---------------------------------------------------------------------------------------------- reporting

def print_report(result: dict[str, Any], out: TextIO, errors: int = 20) -> None:
    c = result["counts"]
    print(f"Incident scenarios: {c['lines']} lines, {c['articles']} articles, {c['happenings']} happenings "
          f"-> {c['incidents']} incidents ({result['path']})", file=out)
    print(f"  lines without an incident of their type: {c['lines_without_incident']}; rejected: "
          f"{len(c['rejected'])}", file=out)
    print("  set        pairwise P / R / F1          B-cubed P / R / F1       pairs gold/pred/true", file=out)
    for name, m in result["metrics"].items():
        pw, bc = m["pairwise"], m["bcubed"]
        print(f"  {name:<10} {fmt_metric(pw['precision'])} / {fmt_metric(pw['recall'])} / {fmt_metric(pw['f1'])}"
              f"    {fmt_metric(bc['precision'])} / {fmt_metric(bc['recall'])} / {fmt_metric(bc['f1'])}"
              f"    {pw['gold_pairs']}/{pw['predicted_pairs']}/{pw['true_pairs']}", file=out)
    f = result["figures"]
    if f["available"]:
        print(f"  figures: headline is the lowest toll for {f['headline_is_lowest']} of "
              f"{f['happenings_with_figures']} happenings; summed headlines: {len(f['summed_headlines'])}", file=out)
    else:
        print(f"  figures: no incident headline (fatalities_best) in this store: unavailable "
              f"({f['happenings_with_figures']} happenings report a toll)", file=out)
    s = result["sources"]
    print(f"  sources: sources_count equals the independent outlets for {s['equal']} of {s['happenings']} "
          f"happenings ({s['over']} over)", file=out)
    errs = result["errors"]
    n_split = sum(1 for e in errs if e["kind"] == "split")
    print(f"  errors: {n_split} pairs split, {len(errs) - n_split} pairs joined wrongly", file=out)
    for e in errs[:max(0, errors)]:
        print(f"    {e['kind']:<6} {e['a']} ~ {e['b']}: {e['reason']}", file=out)


def evaluate_incidents(path: str | Path, errors: int = 20, *, out: TextIO | None = sys.stdout,
                       db: str | None = None) -> dict[str, Any]:
    """`run`, with a printed report on `out` (None: silent) listing at most `errors` error pairs."""
    result = run(path, db=db)
    if out is not None:
        print_report(result, out, errors)
    return result


def main(argv: list[str] | None = None) -> int:
    from eventwire.evaluation.common import module_main

    return module_main("python -m eventwire.evaluation.incidents", "Score corroboration on a scenario set.",
                       "eval/incidents/scenarios.jsonl (or another file of the same format)", evaluate_incidents,
                       argv)


if __name__ == "__main__":
    raise SystemExit(main())
