"""Score eventwire on ACLED event notes (one paragraph per coded event).

How a note is scored (eval/README.md, made precise here):
- Each note is one article, dated two days after its event_date: the event's day is read from the text.
  The note is passed verbatim (ACLED's trailing "[size=...]" tag included).
- Main event: the output event with the highest confidence whose attribution status is not "negated"
  (ties: the earlier in output order). No such event: every metric of the note counts as wrong, except
  that the country may still come from a place mention and fatalities read as 0.
- event_type accuracy and sub_event_type macro-F1 (averaged over the sub-event types present in the gold
  notes) read `event["acled"]["event_type"]` and `["sub_event_type"]`.
- Country: the gold country name mapped to ISO3 (pycountry plus an alias table; the gold ISO numeric code
  when the name does not resolve) against the main event location's `country`, or, when the main event
  has no location country, the country of the first place mention in the text (lowest start offset).
- Location: the main event's `location` lat/lon within 25 km (haversine) of the gold point.
- Date: `event.date.value` equals event_date, or `earliest == latest == event_date`.
- Fatalities: `event.fatalities` (None as 0) equals the gold count, over all notes and over the notes
  whose gold count is above zero.

Run: python -m eventwire.evaluation.acled PATH [--errors N] [--json]
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any, TextIO

from eventwire.evaluation.common import (
    Extractor, confidence_of, country_name_to_iso3, event_summary, events_of, fmt_metric,
    haversine_km, load_csv, macro_f1, normalise_iso3, places_of, print_table, ratio,
    resolve_extractor, run_extractor, status_of,
)
from eventwire.export_acled import acled_country

DATASET = "acled-notes"
LOCATION_KM = 25.0
PUBLICATION_LAG_DAYS = 2


def published_for(event_date: str) -> str:
    return (dt.date.fromisoformat(event_date) + dt.timedelta(days=PUBLICATION_LAG_DAYS)).isoformat()


def main_event(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Highest-confidence event that is not negated; ties go to the earlier event."""
    candidates = [(i, e) for i, e in enumerate(events) if status_of(e) != "negated"]
    if not candidates:
        return None
    return max(candidates, key=lambda ie: (confidence_of(ie[1]), -ie[0]))[1]


def date_matches(event: dict[str, Any] | None, gold_date: str) -> bool:
    if not event or not event.get("date"):
        return False
    d = event["date"]
    if d.get("value") == gold_date:
        return True
    return d.get("earliest") == gold_date and d.get("latest") == gold_date


def system_country(event: dict[str, Any] | None, output: dict[str, Any]) -> str | None:
    """The main event location's country, else the first place mention's country, as ACLED files it (the ACLED
    export's `acled_country`: Hong Kong and Macau are China)."""
    loc = (event or {}).get("location") or {}
    c = normalise_iso3(loc.get("country"))
    if c:
        return acled_country(c)
    places = sorted(places_of(output),
                    key=lambda p: p.get("start") if p.get("start") is not None else 1 << 30)
    return acled_country(normalise_iso3(places[0].get("country"))) if places else None


def _float(v: Any) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _int(v: Any) -> int:
    try:
        return int(float(v))
    except (TypeError, ValueError):
        return 0


def gold_notes(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        text = (r.get("notes") or "").strip()
        if not text or not r.get("event_date"):
            continue
        lat, lon = _float(r.get("latitude")), _float(r.get("longitude"))
        out.append({
            "id": r.get("event_id_cnty"), "text": text, "event_date": r["event_date"].strip(),
            "event_type": (r.get("event_type") or "").strip(),
            "sub_event_type": (r.get("sub_event_type") or "").strip(),
            "country": r.get("country"), "iso3": country_name_to_iso3(r.get("country"), r.get("iso")),
            "location": r.get("location"),
            "point": (lat, lon) if lat is not None and lon is not None else None,
            "fatalities": _int(r.get("fatalities")),
        })
    return out


def score_note(gold: dict[str, Any], output: dict[str, Any]) -> dict[str, Any]:
    events = events_of(output)
    ev = main_event(events)
    acled = (ev or {}).get("acled") or {}
    loc = (ev or {}).get("location") or {}
    sys_point = (_float(loc.get("lat")), _float(loc.get("lon")))
    dist = None
    if gold["point"] and None not in sys_point:
        dist = haversine_km(gold["point"][0], gold["point"][1],
                            sys_point[0], sys_point[1])  # type: ignore[arg-type]
    country = system_country(ev, output)
    fat = (ev or {}).get("fatalities")
    fat = 0 if fat is None else _int(fat)
    checks = {
        "event_type": bool(ev) and acled.get("event_type") == gold["event_type"],
        "sub_event_type": bool(ev) and acled.get("sub_event_type") == gold["sub_event_type"],
        "country": gold["iso3"] is not None and country == gold["iso3"],
        "location": dist is not None and dist <= LOCATION_KM,
        "date": date_matches(ev, gold["event_date"]),
        "fatalities": fat == gold["fatalities"],
    }
    return {
        "id": gold["id"], "checks": checks, "predicted_event_type": acled.get("event_type"),
        "predicted_sub_event_type": acled.get("sub_event_type"), "predicted_country": country,
        "distance_km": None if dist is None else round(dist, 1), "predicted_fatalities": fat,
        "location_ambiguity": loc.get("ambiguity"), "main_event": event_summary(ev), "n_events": len(events),
        "score": sum(checks.values()) / len(checks),
    }


# bands of Place.ambiguity for `location_within_25km_by_ambiguity`: (label, from, below)
AMBIGUITY_BANDS = (("under 0.05", 0.0, 0.05), ("0.05 to 0.3", 0.05, 0.3), ("0.3 and over", 0.3, 1.01))


def aggregate(golds: list[dict[str, Any]], results: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(results)

    def acc(key: str, subset: list[int] | None = None) -> float | None:
        idx = range(n) if subset is None else subset
        idx = list(idx)
        return ratio(sum(results[i]["checks"][key] for i in idx), len(idx))

    killed = [i for i, g in enumerate(golds) if g["fatalities"] > 0]
    produced = sorted({r["predicted_sub_event_type"] for r in results if r["predicted_sub_event_type"]})
    confusion: dict[str, dict[str, int]] = {}
    for g, r in zip(golds, results):
        row = confusion.setdefault(g["sub_event_type"], {})
        key = r["predicted_sub_event_type"] or "(none)"
        row[key] = row.get(key, 0) + 1
    f1, per_class = macro_f1([g["sub_event_type"] for g in golds],
                             [r["predicted_sub_event_type"] for r in results])
    return {
        "event_type_accuracy": acc("event_type"),
        "sub_event_type_macro_f1": f1,
        "country_accuracy": acc("country"),
        "location_within_25km": acc("location"),
        "date_exact": acc("date"),
        "fatalities_exact": acc("fatalities"),
        "fatalities_exact_when_killed": acc("fatalities", killed),
        # how often the place was right, by how open the choice of its reading was (Place.ambiguity)
        "location_within_25km_by_ambiguity": {
            band: {"n": len(idx), "accuracy": acc("location", idx)}
            for band, lo, hi in AMBIGUITY_BANDS
            for idx in [[i for i, r in enumerate(results) if r.get("location_ambiguity") is not None
                         and lo <= r["location_ambiguity"] < hi]]},
        "counts": {
            "notes": n, "notes_with_fatalities": len(killed),
            "no_main_event": sum(1 for r in results if r["main_event"] is None),
            "gold_country_unresolved": sum(1 for g in golds if g["iso3"] is None),
            "extract_failures": sum(1 for r in results if r.get("extract_error")),
        },
        "sub_event_type_per_class": per_class,
        "sub_event_types_produced": produced,  # by a main event, on any note (ACLED has 25)
        "sub_event_confusion": {k: dict(sorted(v.items(), key=lambda kv: -kv[1])) for k, v in sorted(confusion.items())},
    }


def print_report(result: dict[str, Any], out: TextIO) -> None:
    m = result["metrics"]
    c = m["counts"]
    print(f"ACLED notes: {result['n']} notes ({result['path']})", file=out)
    rows = [
        ("event_type accuracy", fmt_metric(m["event_type_accuracy"])),
        ("sub_event_type macro-F1 (gold classes)", fmt_metric(m["sub_event_type_macro_f1"])),
        ("country accuracy", fmt_metric(m["country_accuracy"])),
        (f"location within {LOCATION_KM:g} km", fmt_metric(m["location_within_25km"])),
        ("date exact", fmt_metric(m["date_exact"])),
        ("fatalities exact (all notes)", fmt_metric(m["fatalities_exact"])),
        (f"fatalities exact (gold > 0, n={c['notes_with_fatalities']})",
         fmt_metric(m["fatalities_exact_when_killed"])),
    ]
    print_table(rows, ("metric", "value"), out)
    print(f"  ({c['no_main_event']} notes without a main event; {c['extract_failures']} extraction "
          f"failures; {c['gold_country_unresolved']} gold countries not resolved to ISO3)", file=out)
    print(f"  sub-event types produced on some note: {len(m['sub_event_types_produced'])} of ACLED's 25",
          file=out)
    bands = ", ".join(f"{band} {fmt_metric(v['accuracy'])} (n={v['n']})"
                      for band, v in m["location_within_25km_by_ambiguity"].items())
    print(f"  location within {LOCATION_KM:g} km by the place's ambiguity: {bands}", file=out)
    print("\nsub_event_type per class:", file=out)
    print_table([(k, int(v["support"]), fmt_metric(v["precision"]), fmt_metric(v["recall"]),
                  fmt_metric(v["f1"])) for k, v in m["sub_event_type_per_class"].items()],
                ("class", "n", "P", "R", "F1"), out)
    if result["errors"]:
        print(f"\nWorst {len(result['errors'])} notes:", file=out)
        for e in result["errors"]:
            g = e["gold"]
            wrong = [k for k, ok in e["checks"].items() if not ok]
            print(f"- {e['id']} (wrong: {', '.join(wrong) or 'nothing'})", file=out)
            print(f"  text:   {e['text']}", file=out)
            print(f"  gold:   {g['event_type']} / {g['sub_event_type']}, {g['location']} ({g['country']}) "
                  f"{g['point']}, {g['event_date']}, fatalities {g['fatalities']}", file=out)
            print(f"  system: country={e['system']['country']} distance_km={e['system']['distance_km']} "
                  f"main={e['system']['main_event']}", file=out)
            if e.get("extract_error"):
                print(f"  error:  {e['extract_error']}", file=out)


def evaluate_acled(path: str | Path, errors: int = 0, extractor: Extractor | None = None, *,
                   out: TextIO | None = sys.stdout) -> dict[str, Any]:
    """Score the system on an ACLED notes CSV; print a report to `out` (None: silent) and return
    {"dataset", "path", "n", "metrics", "errors"}."""
    path = Path(path)
    golds = gold_notes(load_csv(path))
    extractor = resolve_extractor(extractor)
    results = []
    for g in golds:
        output, err = run_extractor(extractor, g["text"], published_for(g["event_date"]))
        r = score_note(g, output)
        r["extract_error"] = err
        results.append(r)
    order = sorted(range(len(results)), key=lambda i: (results[i]["score"], str(results[i]["id"])))
    error_list = []
    for i in order[:max(0, errors)]:
        g, r = golds[i], results[i]
        error_list.append({
            "id": r["id"], "text": g["text"], "checks": r["checks"],
            "gold": {k: g[k] for k in ("event_type", "sub_event_type", "country", "location", "point",
                                       "event_date", "fatalities")},
            "system": {"country": r["predicted_country"], "distance_km": r["distance_km"],
                       "main_event": r["main_event"], "n_events": r["n_events"]},
            "extract_error": r["extract_error"],
        })
    result = {"dataset": DATASET, "path": str(path), "n": len(results),
              "metrics": aggregate(golds, results), "errors": error_list}
    if out is not None:
        print_report(result, out)
    return result


def main(argv: list[str] | None = None) -> int:
    from eventwire.evaluation.common import module_main

    return module_main("python -m eventwire.evaluation.acled", "Score eventwire on ACLED event notes.",
                       "acled-notes-dev.csv (or another file of the same format)", evaluate_acled, argv)


if __name__ == "__main__":
    raise SystemExit(main())
