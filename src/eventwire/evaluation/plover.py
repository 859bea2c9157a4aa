"""Score eventwire on the PLOVER gold standard records (one sentence per record, one coded event).

How a record is scored (eval/README.md, made precise here):
- The sentence is extracted with `published="2000-01-01"` (record dates are placeholders).
- Gold event names of PLOVER 0.5 are mapped to the 16 current types with `label-map-to-plover-2.json`
  (read beside the gold file; a built-in copy of the same table is used when it is missing).
- Best-matching event: among the output events with the gold type, the one whose actors match the most
  gold country codes and sectors (ties: higher confidence, then output order); when no event has the gold
  type, the highest-confidence event. Every event counts, whatever its attribution status.
- Event type accuracy: the record is right when some output event has the gold type (no event = wrong).
- Source / target country recall: the gold ISO3 codes of a side (distinct codes per record and side)
  found among the `country` of that side's actors of the best-matching event, micro-averaged over all gold
  codes of the file. Gold codes that name no state (IGO, NGO, ISM, IMG) are left out and counted; old
  CAMEO codes are mapped (JAP -> JPN, VTN -> VNM, ITL -> ITA).
- Sector recall: the same for gold sectors against the actors' `sector`, using the first three letters of
  the gold code (CVLalb -> CVL), CIV read as CVL, JRN accepted as MED; "***" (unknown) is left out.
- Mode accuracy: over records whose gold mode is set (not empty, not "other"); old mode names are mapped
  to current ones (demo-org -> demo, detain -> arrest, ...). Right when the best-matching event's mode is
  one of the accepted names.

Run: python -m eventwire.evaluation.plover PATH [--errors N] [--json]
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, TextIO

from eventwire.errors import EventwireError
from eventwire.evaluation.common import (
    Extractor, actor_countries, actor_sectors, confidence_of, event_summary, events_of, fmt_metric,
    load_json, normalise_iso3, print_table, ratio, resolve_extractor, run_extractor,
)

DATASET = "plover-gsr"
PUBLISHED = "2000-01-01"

# The table of label-map-to-plover-2.json, used only when that file is not beside the gold file.
DEFAULT_LABEL_MAP = {
    "AGREE": "AGREE", "CONSULT": "CONSULT", "SUPPORT": "SUPPORT", "CONCEDE": "CONCEDE",
    "COOPERATE": "COOPERATE", "AID": "AID", "RETREAT": "RETREAT", "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "REJECT": "REJECT", "THREATEN": "THREATEN",
    "PROTEST": "PROTEST", "SANCTION": "SANCTION", "MOBILIZE": "MOBILIZE", "COERCE": "COERCE",
    "ASSAULT": "ASSAULT", "FIGHT": "ASSAULT",
}

# PLOVER 0.5 mode names in the gold file -> the current mode names that mean the same thing.
MODE_ALIASES: dict[str, set[str]] = {
    "demo-org": {"demo"}, "riot-spon": {"riot"}, "strike-hun": {"hunger"}, "strike-gen": {"strike"},
    "detain": {"arrest"}, "confiscate": {"seize"}, "martial-law": {"curfew"},
    "curfew": {"curfew", "restrict"}, "deport": {"deport", "cleansing"}, "host": {"visit", "host"},
}
IGNORED_MODES = {"", "other"}

SECTOR_ALIASES = {"CIV": "CVL"}  # gold sector -> the code eventwire emits
SECTOR_EQUIVALENTS = {"JRN": {"JRN", "MED"}}  # gold sector -> accepted system sectors


def load_label_map(gold_path: Path) -> dict[str, str]:
    side = gold_path.parent / "label-map-to-plover-2.json"
    if side.is_file():
        raw = json.loads(side.read_text(encoding="utf-8"))
        return {k: v for k, v in raw.items() if not k.startswith("_")}
    return dict(DEFAULT_LABEL_MAP)


def normalise_sector(code: str | None) -> str | None:
    if not code:
        return None
    c = str(code).strip().upper()
    if not c or set(c) == {"*"}:
        return None
    c = c[:3]
    return SECTOR_ALIASES.get(c, c)


def accepted_modes(mode: str | None) -> set[str] | None:
    """The mode names that count as right for a gold mode, or None when the record has no usable mode."""
    m = (mode or "").strip().lower()
    if m in IGNORED_MODES:
        return None
    return {m} | MODE_ALIASES.get(m, set())


def _side(actors: Any) -> list[dict[str, Any]]:
    """Gold actors of one side; anything that is not a list of dicts (a stray string) means none."""
    if not isinstance(actors, list):
        return []
    return [a for a in actors if isinstance(a, dict)]


def gold_records(data: list[dict[str, Any]], label_map: dict[str, str]) -> list[dict[str, Any]]:
    """The scorable gold records: those with text and an event that maps to a current PLOVER type."""
    out = []
    for r in data:
        text = (r.get("text") or "").strip()
        gold_type = label_map.get(str(r.get("event") or "").upper())
        if not text or not gold_type:
            continue  # the DOCUMENT record, or an unknown event name
        out.append({
            "id": r.get("id"), "text": text, "type": gold_type, "event": r.get("event"),
            "mode": r.get("mode") or None, "sources": _side(r.get("source")),
            "targets": _side(r.get("target")),
        })
    return out


def _codes(actors: list[dict[str, Any]]) -> tuple[list[str], int]:
    """Distinct ISO3 codes of the gold actors of one side, and how many non-state codes were left out."""
    codes: list[str] = []
    skipped = 0
    for a in actors:
        iso = normalise_iso3(a.get("code"))
        if iso is None:
            skipped += 1 if a.get("code") else 0
        elif iso not in codes:
            codes.append(iso)
    return codes, skipped


def _sectors(actors: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for a in actors:
        s = normalise_sector(a.get("sector"))
        if s and s not in out:
            out.append(s)
    return out


def _sector_hit(gold: str, system: set[str]) -> bool:
    return bool(SECTOR_EQUIVALENTS.get(gold, {gold}) & system)


def _match(gold: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """How well one output event's actors match the gold record's actors."""
    res: dict[str, Any] = {}
    for side in ("sources", "targets"):
        codes, _ = _codes(gold[side])
        sectors = _sectors(gold[side])
        sys_actors = event.get(side) or []
        sys_c = actor_countries(sys_actors)
        sys_s = actor_sectors(sys_actors)
        res[side] = {
            "countries": codes, "country_hits": [c for c in codes if c in sys_c],
            "sectors": sectors, "sector_hits": [s for s in sectors if _sector_hit(s, sys_s)],
        }
    return res


def best_event(gold: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The output event scored against the gold record (see the module docstring)."""
    if not events:
        return None
    typed = [e for e in events if e.get("type") == gold["type"]]
    if typed:
        def key(ie: tuple[int, dict[str, Any]]) -> tuple[int, float, int]:
            i, e = ie
            m = _match(gold, e)
            hits = sum(len(m[s]["country_hits"]) + len(m[s]["sector_hits"]) for s in m)
            return (hits, confidence_of(e), -i)

        return max(enumerate(typed), key=key)[1]
    return max(enumerate(events), key=lambda ie: (confidence_of(ie[1]), -ie[0]))[1]


def score_record(gold: dict[str, Any], output: dict[str, Any]) -> dict[str, Any]:
    """Score one gold record against one extractor output."""
    events = events_of(output)
    best = best_event(gold, events)
    type_ok = best is not None and best.get("type") == gold["type"]
    empty = {"countries": [], "country_hits": [], "sectors": [], "sector_hits": []}
    m = _match(gold, best) if best is not None else {"sources": dict(empty), "targets": dict(empty)}
    if best is None:
        for side in ("sources", "targets"):
            m[side] = {"countries": _codes(gold[side])[0], "country_hits": [],
                       "sectors": _sectors(gold[side]), "sector_hits": []}
    modes = accepted_modes(gold.get("mode"))
    mode_ok = None if modes is None else bool(best is not None and (best.get("mode") or "") in modes)
    skipped = _codes(gold["sources"])[1] + _codes(gold["targets"])[1]
    parts = [1.0 if type_ok else 0.0]
    for side in ("sources", "targets"):
        if m[side]["countries"]:
            parts.append(len(m[side]["country_hits"]) / len(m[side]["countries"]))
        if m[side]["sectors"]:
            parts.append(len(m[side]["sector_hits"]) / len(m[side]["sectors"]))
    if mode_ok is not None:
        parts.append(1.0 if mode_ok else 0.0)
    return {
        "id": gold["id"], "gold_type": gold["type"], "type_correct": type_ok,
        "predicted_type": best.get("type") if best else None,
        "all_types": [e.get("type") for e in events],
        "match": m, "mode_correct": mode_ok, "non_state_codes": skipped,
        "score": sum(parts) / len(parts), "best_event": event_summary(best),
    }


def aggregate(results: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(results)
    tot: Counter[str] = Counter()
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for r in results:
        tot["type_correct"] += r["type_correct"]
        per_type[r["gold_type"]]["n"] += 1
        per_type[r["gold_type"]]["correct"] += r["type_correct"]
        if not r["type_correct"]:
            confusion[r["gold_type"]][r["predicted_type"] or "(no event)"] += 1
        for side, tag in (("sources", "source"), ("targets", "target")):
            mm = r["match"][side]
            tot[f"{tag}_country_gold"] += len(mm["countries"])
            tot[f"{tag}_country_hits"] += len(mm["country_hits"])
            tot[f"{tag}_sector_gold"] += len(mm["sectors"])
            tot[f"{tag}_sector_hits"] += len(mm["sector_hits"])
        if r["mode_correct"] is not None:
            tot["mode_n"] += 1
            tot["mode_correct"] += r["mode_correct"]
        tot["non_state_codes"] += r["non_state_codes"]
        tot["failures"] += bool(r.get("extract_error"))
    sector_gold = tot["source_sector_gold"] + tot["target_sector_gold"]
    sector_hits = tot["source_sector_hits"] + tot["target_sector_hits"]
    return {
        "type_accuracy": ratio(tot["type_correct"], n),
        "source_country_recall": ratio(tot["source_country_hits"], tot["source_country_gold"]),
        "target_country_recall": ratio(tot["target_country_hits"], tot["target_country_gold"]),
        "sector_recall": ratio(sector_hits, sector_gold),
        "source_sector_recall": ratio(tot["source_sector_hits"], tot["source_sector_gold"]),
        "target_sector_recall": ratio(tot["target_sector_hits"], tot["target_sector_gold"]),
        "mode_accuracy": ratio(tot["mode_correct"], tot["mode_n"]),
        "counts": {
            "records": n, "type_correct": tot["type_correct"],
            "source_country_gold": tot["source_country_gold"],
            "source_country_hits": tot["source_country_hits"],
            "target_country_gold": tot["target_country_gold"],
            "target_country_hits": tot["target_country_hits"],
            "sector_gold": sector_gold, "sector_hits": sector_hits,
            "mode_records": tot["mode_n"], "mode_correct": tot["mode_correct"],
            "non_state_codes_left_out": tot["non_state_codes"], "extract_failures": tot["failures"],
        },
        "per_type": {
            t: {"n": c["n"], "correct": c["correct"], "accuracy": ratio(c["correct"], c["n"]),
                "confused_with": dict(confusion[t].most_common())}
            for t, c in sorted(per_type.items())
        },
    }


def print_report(result: dict[str, Any], out: TextIO) -> None:
    m = result["metrics"]
    c = m["counts"]
    print(f"PLOVER GSR: {result['n']} records ({result['path']})", file=out)
    rows = [
        ("event type accuracy", fmt_metric(m["type_accuracy"]), f"{c['type_correct']}/{c['records']}"),
        ("source country recall (micro)", fmt_metric(m["source_country_recall"]),
         f"{c['source_country_hits']}/{c['source_country_gold']}"),
        ("target country recall (micro)", fmt_metric(m["target_country_recall"]),
         f"{c['target_country_hits']}/{c['target_country_gold']}"),
        ("sector recall (micro, both sides)", fmt_metric(m["sector_recall"]),
         f"{c['sector_hits']}/{c['sector_gold']}"),
        ("mode accuracy (gold mode set)", fmt_metric(m["mode_accuracy"]),
         f"{c['mode_correct']}/{c['mode_records']}"),
    ]
    print_table(rows, ("metric", "value", "count"), out)
    print(f"  ({c['non_state_codes_left_out']} gold non-state codes such as IGO left out of country "
          f"recall; {c['extract_failures']} extraction failures)", file=out)
    print("\nPer type:", file=out)
    prow = []
    for t, v in m["per_type"].items():
        conf = ", ".join(f"{k} {n}" for k, n in list(v["confused_with"].items())[:3])
        prow.append((t, v["n"], v["correct"], fmt_metric(v["accuracy"]), conf))
    print_table(prow, ("type", "n", "right", "acc", "most often instead"), out)
    if result["errors"]:
        print(f"\nWorst {len(result['errors'])} records:", file=out)
        for e in result["errors"]:
            g = e["gold"]
            print(f"- {e['id']} (score {e['score']:.2f})", file=out)
            print(f"  text:   {e['text']}", file=out)
            print(f"  gold:   {g['type']} ({g['event']}) mode={g['mode']} "
                  f"src={g['sources']} tgt={g['targets']}", file=out)
            print(f"  system: types={e['system']['all_types']} best={e['system']['best_event']}", file=out)
            if e.get("extract_error"):
                print(f"  error:  {e['extract_error']}", file=out)


def _gold_actors(actors: list[dict[str, Any]]) -> list[tuple[Any, Any, Any]]:
    return [(a.get("actorText"), a.get("code"), a.get("sector")) for a in actors]


def evaluate_plover(path: str | Path, errors: int = 0, extractor: Extractor | None = None, *,
                    out: TextIO | None = sys.stdout) -> dict[str, Any]:
    """Score the system on a PLOVER GSR file; print a report to `out` (None: silent) and return
    {"dataset", "path", "n", "metrics", "errors"}."""
    path = Path(path)
    data = load_json(path)
    if not isinstance(data, list):
        raise EventwireError(f"expected a JSON list of records in {path}", path=str(path))
    golds = gold_records(data, load_label_map(path))
    extractor = resolve_extractor(extractor)
    results = []
    for g in golds:
        output, err = run_extractor(extractor, g["text"], PUBLISHED)
        r = score_record(g, output)
        r["extract_error"] = err
        r["_gold"] = g
        results.append(r)
    worst = sorted(results, key=lambda r: (r["type_correct"], r["score"], str(r["id"])))[:max(0, errors)]
    error_list = [{
        "id": r["id"], "score": round(r["score"], 3), "text": r["_gold"]["text"],
        "gold": {"type": r["gold_type"], "event": r["_gold"]["event"], "mode": r["_gold"]["mode"],
                 "sources": _gold_actors(r["_gold"]["sources"]),
                 "targets": _gold_actors(r["_gold"]["targets"])},
        "system": {"all_types": r["all_types"], "best_event": r["best_event"]},
        "match": r["match"], "extract_error": r["extract_error"],
    } for r in worst]
    result = {"dataset": DATASET, "path": str(path), "n": len(results), "metrics": aggregate(results),
              "errors": error_list}
    if out is not None:
        print_report(result, out)
    return result


def main(argv: list[str] | None = None) -> int:
    from eventwire.evaluation.common import module_main

    return module_main("python -m eventwire.evaluation.plover", "Score eventwire on PLOVER gold standard records.",
                       "plover-gsr-dev.json (or another file of the same format)", evaluate_plover, argv)


if __name__ == "__main__":
    raise SystemExit(main())
